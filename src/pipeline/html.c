/*
 * html.c - the first stage for articles saved as HTML: markup in, plain
 * text out, handed to normalize.c like any plain-text article.
 *
 * pk_html_to_text() walks the bytes once with a small state machine (text,
 * tag name, attributes, quoted values, comments, CDATA, the raw content of
 * <script> and <style>) and never steps back, so it is O(n), needs no stack
 * however deep the nesting, and input that ends anywhere simply stops.
 * Tags vanish; block tags leave a line break and table cells a space, so
 * the words of neighbouring blocks do not run together.  Entities are
 * decoded in text only.  Text between tags is copied byte for byte (only
 * invalid UTF-8 is replaced), whitespace included: tidying it is
 * normalize.c's job, and plain text pasted after an HTML fragment must
 * come through unchanged.
 */
#include "pipeline/html.h"

#include <string.h>

enum pk_html_state {
	PK_HTML_TEXT,
	PK_HTML_TAG_NAME,   /* after "<" or "</" and a letter */
	PK_HTML_TAG,        /* between attributes */
	PK_HTML_VALUE,      /* after "=", before the value */
	PK_HTML_VALUE_DQ,
	PK_HTML_VALUE_SQ,
	PK_HTML_VALUE_BARE,
	PK_HTML_COMMENT,    /* <!-- ... --> */
	PK_HTML_BOGUS,      /* <!DOCTYPE ...>, <?xml ...?>: up to ">" */
	PK_HTML_CDATA,      /* <![CDATA[ ... ]]>: the content is text */
	PK_HTML_RAW         /* the content of <script> or <style> */
};

enum pk_html_kind {
	PK_HTML_INLINE,     /* dropped without a trace */
	PK_HTML_BLOCK,      /* becomes "\n" */
	PK_HTML_CELL,       /* becomes " " */
	PK_HTML_RAWTEXT     /* content dropped up to the close tag */
};

/* Longer names are no tag we know; 15 bytes hold "figcaption". */
#define PK_HTML_NAME_MAX 15
/* The longest HTML4 entity name, "thetasym", has 8 letters. */
#define PK_HTML_ENTITY_MAX 8

static const char *const pk_html_blocks[] = {
	"address", "article", "aside", "blockquote", "br", "center", "dd",
	"div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1",
	"h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
	"ol", "p", "pre", "section", "table", "tbody", "thead", "title",
	"tr", "ul"
};

struct pk_html_entity {
	const char *name;
	uint32_t cp;
};

/* The HTML4 set (HTMLlat1, HTMLspecial, HTMLsymbol) plus XML's apos,
 * sorted by bytes for the binary search in pk_html_entity_find(). */
static const struct pk_html_entity pk_html_entities[] = {
	{ "AElig", 0x00C6 }, { "Aacute", 0x00C1 }, { "Acirc", 0x00C2 },
	{ "Agrave", 0x00C0 }, { "Alpha", 0x0391 }, { "Aring", 0x00C5 },
	{ "Atilde", 0x00C3 }, { "Auml", 0x00C4 }, { "Beta", 0x0392 },
	{ "Ccedil", 0x00C7 }, { "Chi", 0x03A7 }, { "Dagger", 0x2021 },
	{ "Delta", 0x0394 }, { "ETH", 0x00D0 }, { "Eacute", 0x00C9 },
	{ "Ecirc", 0x00CA }, { "Egrave", 0x00C8 }, { "Epsilon", 0x0395 },
	{ "Eta", 0x0397 }, { "Euml", 0x00CB }, { "Gamma", 0x0393 },
	{ "Iacute", 0x00CD }, { "Icirc", 0x00CE }, { "Igrave", 0x00CC },
	{ "Iota", 0x0399 }, { "Iuml", 0x00CF }, { "Kappa", 0x039A },
	{ "Lambda", 0x039B }, { "Mu", 0x039C }, { "Ntilde", 0x00D1 },
	{ "Nu", 0x039D }, { "OElig", 0x0152 }, { "Oacute", 0x00D3 },
	{ "Ocirc", 0x00D4 }, { "Ograve", 0x00D2 }, { "Omega", 0x03A9 },
	{ "Omicron", 0x039F }, { "Oslash", 0x00D8 }, { "Otilde", 0x00D5 },
	{ "Ouml", 0x00D6 }, { "Phi", 0x03A6 }, { "Pi", 0x03A0 },
	{ "Prime", 0x2033 }, { "Psi", 0x03A8 }, { "Rho", 0x03A1 },
	{ "Scaron", 0x0160 }, { "Sigma", 0x03A3 }, { "THORN", 0x00DE },
	{ "Tau", 0x03A4 }, { "Theta", 0x0398 }, { "Uacute", 0x00DA },
	{ "Ucirc", 0x00DB }, { "Ugrave", 0x00D9 }, { "Upsilon", 0x03A5 },
	{ "Uuml", 0x00DC }, { "Xi", 0x039E }, { "Yacute", 0x00DD },
	{ "Yuml", 0x0178 }, { "Zeta", 0x0396 }, { "aacute", 0x00E1 },
	{ "acirc", 0x00E2 }, { "acute", 0x00B4 }, { "aelig", 0x00E6 },
	{ "agrave", 0x00E0 }, { "alefsym", 0x2135 }, { "alpha", 0x03B1 },
	{ "amp", 0x0026 }, { "and", 0x2227 }, { "ang", 0x2220 },
	{ "apos", 0x0027 }, { "aring", 0x00E5 }, { "asymp", 0x2248 },
	{ "atilde", 0x00E3 }, { "auml", 0x00E4 }, { "bdquo", 0x201E },
	{ "beta", 0x03B2 }, { "brvbar", 0x00A6 }, { "bull", 0x2022 },
	{ "cap", 0x2229 }, { "ccedil", 0x00E7 }, { "cedil", 0x00B8 },
	{ "cent", 0x00A2 }, { "chi", 0x03C7 }, { "circ", 0x02C6 },
	{ "clubs", 0x2663 }, { "cong", 0x2245 }, { "copy", 0x00A9 },
	{ "crarr", 0x21B5 }, { "cup", 0x222A }, { "curren", 0x00A4 },
	{ "dArr", 0x21D3 }, { "dagger", 0x2020 }, { "darr", 0x2193 },
	{ "deg", 0x00B0 }, { "delta", 0x03B4 }, { "diams", 0x2666 },
	{ "divide", 0x00F7 }, { "eacute", 0x00E9 }, { "ecirc", 0x00EA },
	{ "egrave", 0x00E8 }, { "empty", 0x2205 }, { "emsp", 0x2003 },
	{ "ensp", 0x2002 }, { "epsilon", 0x03B5 }, { "equiv", 0x2261 },
	{ "eta", 0x03B7 }, { "eth", 0x00F0 }, { "euml", 0x00EB },
	{ "euro", 0x20AC }, { "exist", 0x2203 }, { "fnof", 0x0192 },
	{ "forall", 0x2200 }, { "frac12", 0x00BD }, { "frac14", 0x00BC },
	{ "frac34", 0x00BE }, { "frasl", 0x2044 }, { "gamma", 0x03B3 },
	{ "ge", 0x2265 }, { "gt", 0x003E }, { "hArr", 0x21D4 },
	{ "harr", 0x2194 }, { "hearts", 0x2665 }, { "hellip", 0x2026 },
	{ "iacute", 0x00ED }, { "icirc", 0x00EE }, { "iexcl", 0x00A1 },
	{ "igrave", 0x00EC }, { "image", 0x2111 }, { "infin", 0x221E },
	{ "int", 0x222B }, { "iota", 0x03B9 }, { "iquest", 0x00BF },
	{ "isin", 0x2208 }, { "iuml", 0x00EF }, { "kappa", 0x03BA },
	{ "lArr", 0x21D0 }, { "lambda", 0x03BB }, { "lang", 0x2329 },
	{ "laquo", 0x00AB }, { "larr", 0x2190 }, { "lceil", 0x2308 },
	{ "ldquo", 0x201C }, { "le", 0x2264 }, { "lfloor", 0x230A },
	{ "lowast", 0x2217 }, { "loz", 0x25CA }, { "lrm", 0x200E },
	{ "lsaquo", 0x2039 }, { "lsquo", 0x2018 }, { "lt", 0x003C },
	{ "macr", 0x00AF }, { "mdash", 0x2014 }, { "micro", 0x00B5 },
	{ "middot", 0x00B7 }, { "minus", 0x2212 }, { "mu", 0x03BC },
	{ "nabla", 0x2207 }, { "nbsp", 0x00A0 }, { "ndash", 0x2013 },
	{ "ne", 0x2260 }, { "ni", 0x220B }, { "not", 0x00AC },
	{ "notin", 0x2209 }, { "nsub", 0x2284 }, { "ntilde", 0x00F1 },
	{ "nu", 0x03BD }, { "oacute", 0x00F3 }, { "ocirc", 0x00F4 },
	{ "oelig", 0x0153 }, { "ograve", 0x00F2 }, { "oline", 0x203E },
	{ "omega", 0x03C9 }, { "omicron", 0x03BF }, { "oplus", 0x2295 },
	{ "or", 0x2228 }, { "ordf", 0x00AA }, { "ordm", 0x00BA },
	{ "oslash", 0x00F8 }, { "otilde", 0x00F5 }, { "otimes", 0x2297 },
	{ "ouml", 0x00F6 }, { "para", 0x00B6 }, { "part", 0x2202 },
	{ "permil", 0x2030 }, { "perp", 0x22A5 }, { "phi", 0x03C6 },
	{ "pi", 0x03C0 }, { "piv", 0x03D6 }, { "plusmn", 0x00B1 },
	{ "pound", 0x00A3 }, { "prime", 0x2032 }, { "prod", 0x220F },
	{ "prop", 0x221D }, { "psi", 0x03C8 }, { "quot", 0x0022 },
	{ "rArr", 0x21D2 }, { "radic", 0x221A }, { "rang", 0x232A },
	{ "raquo", 0x00BB }, { "rarr", 0x2192 }, { "rceil", 0x2309 },
	{ "rdquo", 0x201D }, { "real", 0x211C }, { "reg", 0x00AE },
	{ "rfloor", 0x230B }, { "rho", 0x03C1 }, { "rlm", 0x200F },
	{ "rsaquo", 0x203A }, { "rsquo", 0x2019 }, { "sbquo", 0x201A },
	{ "scaron", 0x0161 }, { "sdot", 0x22C5 }, { "sect", 0x00A7 },
	{ "shy", 0x00AD }, { "sigma", 0x03C3 }, { "sigmaf", 0x03C2 },
	{ "sim", 0x223C }, { "spades", 0x2660 }, { "sub", 0x2282 },
	{ "sube", 0x2286 }, { "sum", 0x2211 }, { "sup", 0x2283 },
	{ "sup1", 0x00B9 }, { "sup2", 0x00B2 }, { "sup3", 0x00B3 },
	{ "supe", 0x2287 }, { "szlig", 0x00DF }, { "tau", 0x03C4 },
	{ "there4", 0x2234 }, { "theta", 0x03B8 }, { "thetasym", 0x03D1 },
	{ "thinsp", 0x2009 }, { "thorn", 0x00FE }, { "tilde", 0x02DC },
	{ "times", 0x00D7 }, { "trade", 0x2122 }, { "uArr", 0x21D1 },
	{ "uacute", 0x00FA }, { "uarr", 0x2191 }, { "ucirc", 0x00FB },
	{ "ugrave", 0x00F9 }, { "uml", 0x00A8 }, { "upsih", 0x03D2 },
	{ "upsilon", 0x03C5 }, { "uuml", 0x00FC }, { "weierp", 0x2118 },
	{ "xi", 0x03BE }, { "yacute", 0x00FD }, { "yen", 0x00A5 },
	{ "yuml", 0x00FF }, { "zeta", 0x03B6 }, { "zwj", 0x200D },
	{ "zwnj", 0x200C },
};

static int pk_html_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int pk_html_is_alnum(unsigned char c)
{
	return pk_html_is_alpha(c) || (c >= '0' && c <= '9');
}

static int pk_html_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static char pk_html_lower(unsigned char c)
{
	return (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

/* Does u[0..n) start with lit?  ci: ignore ASCII case (lit is lower). */
static int pk_html_starts(const unsigned char *u, size_t n, const char *lit,
	int ci)
{
	size_t i, m = strlen(lit);

	if (n < m)
		return 0;
	for (i = 0; i < m; i++)
		if ((ci ? pk_html_lower(u[i]) : (char)u[i]) != lit[i])
			return 0;
	return 1;
}

static enum pk_html_kind pk_html_kind_of(const char *name, size_t nlen)
{
	size_t i;

	if (nlen > PK_HTML_NAME_MAX)
		return PK_HTML_INLINE;
	if ((nlen == 6 && memcmp(name, "script", 6) == 0) ||
	    (nlen == 5 && memcmp(name, "style", 5) == 0))
		return PK_HTML_RAWTEXT;
	if (nlen == 2 && (memcmp(name, "td", 2) == 0 ||
			  memcmp(name, "th", 2) == 0))
		return PK_HTML_CELL;
	for (i = 0; i < PK_ARRAY_LEN(pk_html_blocks); i++)
		if (strlen(pk_html_blocks[i]) == nlen &&
		    memcmp(pk_html_blocks[i], name, nlen) == 0)
			return PK_HTML_BLOCK;
	return PK_HTML_INLINE;
}

static const struct pk_html_entity *pk_html_entity_find(
	const unsigned char *k, size_t klen)
{
	size_t lo = 0, hi = PK_ARRAY_LEN(pk_html_entities);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *name = pk_html_entities[mid].name;
		size_t nl = strlen(name);
		int r = memcmp(k, name, klen < nl ? klen : nl);

		if (r == 0)
			r = klen < nl ? -1 : klen > nl;
		if (r == 0)
			return &pk_html_entities[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int pk_html_digit(unsigned char c, int hex)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (hex && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (hex && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The character reference at u[0] == '&': returns its length and stores
 * the code point, or returns 0 when it is none (the '&' is then text, as
 * in "R&D").  Named references need their ';' -- without it "&copy2024"
 * or a URL's "&amp=1" would be guesses -- and are case-sensitive as in
 * HTML.  Numeric ones may omit it, as browsers allow; their value
 * saturates above U+10FFFF so any number of digits is safe.
 */
static size_t pk_html_ref(const unsigned char *u, size_t n, uint32_t *cp)
{
	const struct pk_html_entity *e;
	size_t i, start;
	uint32_t v = 0;
	int hex = 0, d;

	if (n >= 2 && u[1] == '#') {
		i = 2;
		if (i < n && (u[i] == 'x' || u[i] == 'X')) {
			hex = 1;
			i++;
		}
		start = i;
		for (; i < n && (d = pk_html_digit(u[i], hex)) >= 0; i++)
			if (v <= 0x10FFFF)
				v = v * (hex ? 16 : 10) + (uint32_t)d;
		if (i == start)
			return 0;
		if (i < n && u[i] == ';')
			i++;
		*cp = v;
		return i;
	}
	for (i = 1; i < n && i <= PK_HTML_ENTITY_MAX &&
	     pk_html_is_alnum(u[i]); i++)
		;
	if (i == 1 || i >= n || u[i] != ';')
		return 0;
	e = pk_html_entity_find(u + 1, i - 1);
	if (!e)
		return 0;
	*cp = e->cp;
	return i + 1;
}

/* A decoded reference: what cannot be a character becomes U+FFFD, and
 * control characters a space, so "&#1;" or a cp1252-minded "&#150;"
 * cannot smuggle controls into the graph's literals. */
static int pk_html_put_ref(pk_buf *out, uint32_t cp)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	else if ((cp < 0x20 && cp != '\t' && cp != '\n') ||
		 (cp >= 0x7F && cp <= 0x9F))
		cp = ' ';
	return pk_buf_put_cp(out, cp);
}

/* Copy text as it is, except that a byte that does not start valid UTF-8
 * becomes U+FFFD: the input should be valid, the output must be. */
static int pk_html_put_text(pk_buf *out, const unsigned char *u, size_t n)
{
	size_t i = 0, start = 0, k;
	uint32_t cp;

	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		k = pk_utf8_decode(u + i, n - i, &cp);
		if (k) {
			i += k;
			continue;
		}
		if (pk_buf_put(out, (const char *)u + start, i - start) < 0 ||
		    pk_buf_put_cp(out, 0xFFFD) < 0)
			return PK_ENOMEM;
		start = ++i;
	}
	return pk_buf_put(out, (const char *)u + start, i - start);
}

/*
 * What a '<' at u[0] opens.  Returns how many bytes the opening takes and
 * sets *st (PK_HTML_TEXT: a complete empty construct such as "<!---->"),
 * or 0 when the '<' is plain text.  Only an ASCII letter starts a tag
 * name: Korean news writes "<저작권자: ...>" and "a < b" in running text.
 * For the same reason "</" needs a letter (or ">") after it.
 */
static size_t pk_html_open(const unsigned char *u, size_t n,
	enum pk_html_state *st, int *closing)
{
	*closing = 0;
	if (n < 2)
		return 0;
	if (pk_html_is_alpha(u[1])) {
		*st = PK_HTML_TAG_NAME;
		return 1;
	}
	if (u[1] == '/') {
		if (n >= 3 && pk_html_is_alpha(u[2])) {
			*st = PK_HTML_TAG_NAME;
			*closing = 1;
			return 2;
		}
		if (n >= 3 && u[2] == '>') {
			*st = PK_HTML_TEXT;
			return 3;
		}
		return 0;
	}
	if (pk_html_starts(u, n, "<!--", 0)) {
		/* "<!-->" and "<!--->" are complete (empty) comments */
		*st = PK_HTML_TEXT;
		if (pk_html_starts(u + 4, n - 4, ">", 0))
			return 5;
		if (pk_html_starts(u + 4, n - 4, "->", 0))
			return 6;
		*st = PK_HTML_COMMENT;
		return 4;
	}
	if (pk_html_starts(u, n, "<![CDATA[", 0)) {
		*st = PK_HTML_CDATA;
		return 9;
	}
	if (u[1] == '!' || u[1] == '?') {
		*st = PK_HTML_BOGUS;
		return 2;
	}
	return 0;
}

/* A tag is complete: emit what it stands for and say where we go next.
 * Opening <script> or <style> sets *raw to its name. */
static int pk_html_tag_done(pk_buf *out, const char *name, size_t nlen,
	int closing, const char **raw)
{
	switch (pk_html_kind_of(name, nlen)) {
	case PK_HTML_BLOCK:
		return pk_buf_putc(out, '\n');
	case PK_HTML_CELL:
		return pk_buf_putc(out, ' ');
	case PK_HTML_RAWTEXT:
		if (!closing)
			*raw = name[1] == 'c' ? "script" : "style";
		return 0;
	case PK_HTML_INLINE:
		break;
	}
	return 0;
}

/* In <script>/<style> content: does u[0..n) start the close tag "</raw"
 * followed by a space, "/" or ">" (or the end)? */
static int pk_html_raw_end(const unsigned char *u, size_t n, const char *raw)
{
	size_t m = strlen(raw);

	if (n < 2 || u[0] != '<' || u[1] != '/' ||
	    !pk_html_starts(u + 2, n - 2, raw, 1))
		return 0;
	return n == m + 2 || pk_html_is_space(u[m + 2]) || u[m + 2] == '/' ||
		u[m + 2] == '>';
}

/* Skip to the next c at or after u[i], or to n: the states that only wait
 * for one byte do not need to look at every other one. */
static size_t pk_html_skip_to(const unsigned char *u, size_t n, size_t i,
	unsigned char c)
{
	const unsigned char *p = memchr(u + i, c, n - i);

	return p ? (size_t)(p - u) : n;
}

int pk_html_detect(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, j, n, rest;
	char name[PK_HTML_NAME_MAX + 1];
	enum pk_html_kind k;
	int tags = 0;

	if (!s)
		return 0;
	while ((i = pk_html_skip_to(u, len, i, '<')) < len) {
		i++;
		rest = len - i;
		if (pk_html_starts(u + i, rest, "!doctype", 1))
			return 1;
		j = i;
		if (j < len && u[j] == '/')
			j++;
		if (j >= len || !pk_html_is_alpha(u[j]))
			continue;
		for (n = 0; j + n < len && n < PK_HTML_NAME_MAX &&
		     pk_html_is_alnum(u[j + n]); n++)
			name[n] = pk_html_lower(u[j + n]);
		/* "<brand", "<b" + end of input, "<p1": no tag of the list */
		if (j + n >= len || !(pk_html_is_space(u[j + n]) ||
				      u[j + n] == '>' || u[j + n] == '/'))
			continue;
		if ((n == 4 && (memcmp(name, "html", 4) == 0 ||
				memcmp(name, "head", 4) == 0 ||
				memcmp(name, "body", 4) == 0)))
			return 1;
		k = pk_html_kind_of(name, n);
		/* one "<p>" may be a typo in plain text; two make a page */
		if ((k == PK_HTML_BLOCK || k == PK_HTML_CELL) && ++tags >= 2)
			return 1;
	}
	return 0;
}

int pk_html_to_text(pk_buf *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	enum pk_html_state st = PK_HTML_TEXT;
	const char *raw = NULL; /* "script" or "style" in PK_HTML_RAW */
	char name[PK_HTML_NAME_MAX + 1];
	size_t had = out->len, i = 0, run = 0, nlen = 0, used;
	int closing = 0, ended, rc;
	uint32_t cp;

	/* out->ptr is a string afterwards, even when nothing was appended */
	rc = pk_buf_put(out, "", 0);
	if (rc < 0 || !s)
		goto out;

	/* Every pass of the loop moves i forward, so it ends. */
	while (i < len) {
		unsigned char c = u[i];

		ended = 0; /* set when a tag's ">" was just passed */
		switch (st) {
		case PK_HTML_TEXT:
			/* run..i is text not yet copied */
			if (c == '&') {
				used = pk_html_ref(u + i, len - i, &cp);
				if (!used) {
					i++;
					break;
				}
				rc = pk_html_put_text(out, u + run, i - run);
				if (rc < 0 || (rc = pk_html_put_ref(out, cp)) < 0)
					goto out;
				i += used;
				run = i;
				break;
			}
			used = c == '<' ?
				pk_html_open(u + i, len - i, &st, &closing) : 0;
			if (!used) {
				i++;
				break;
			}
			rc = pk_html_put_text(out, u + run, i - run);
			if (rc < 0)
				goto out;
			i += used;
			run = i;
			nlen = 0;
			break;
		case PK_HTML_TAG_NAME:
			i++;
			if (c == '>')
				ended = 1;
			else if (pk_html_is_space(c) || c == '/')
				st = PK_HTML_TAG;
			else if (nlen++ < PK_HTML_NAME_MAX)
				name[nlen - 1] = pk_html_lower(c);
			break;
		case PK_HTML_TAG:
			i++;
			if (c == '>')
				ended = 1;
			/* quotes only count after "=", as in HTML */
			else if (c == '=')
				st = PK_HTML_VALUE;
			break;
		case PK_HTML_VALUE:
			i++;
			if (c == '>')
				ended = 1;
			else if (c == '"')
				st = PK_HTML_VALUE_DQ;
			else if (c == '\'')
				st = PK_HTML_VALUE_SQ;
			else if (!pk_html_is_space(c))
				st = PK_HTML_VALUE_BARE;
			break;
		case PK_HTML_VALUE_DQ:
		case PK_HTML_VALUE_SQ:
			/* a '>' in a quoted value does not end the tag */
			i = pk_html_skip_to(u, len, i,
				st == PK_HTML_VALUE_DQ ? '"' : '\'');
			if (i < len) {
				i++;
				st = PK_HTML_TAG;
			}
			break;
		case PK_HTML_VALUE_BARE:
			i++;
			if (c == '>')
				ended = 1;
			else if (pk_html_is_space(c))
				st = PK_HTML_TAG;
			break;
		case PK_HTML_COMMENT:
			if (pk_html_starts(u + i, len - i, "-->", 0) ||
			    pk_html_starts(u + i, len - i, "--!>", 0)) {
				i += u[i + 2] == '>' ? 3 : 4;
				st = PK_HTML_TEXT;
				run = i;
			} else {
				i = pk_html_skip_to(u, len, i + 1, '-');
			}
			break;
		case PK_HTML_BOGUS:
			i = pk_html_skip_to(u, len, i, '>');
			if (i < len) {
				i++;
				st = PK_HTML_TEXT;
				run = i;
			}
			break;
		case PK_HTML_CDATA:
			if (pk_html_starts(u + i, len - i, "]]>", 0)) {
				rc = pk_html_put_text(out, u + run, i - run);
				if (rc < 0)
					goto out;
				i += 3;
				st = PK_HTML_TEXT;
				run = i;
			} else {
				i = pk_html_skip_to(u, len, i + 1, ']');
			}
			break;
		case PK_HTML_RAW:
			if (pk_html_raw_end(u + i, len - i, raw)) {
				i += 2;
				st = PK_HTML_TAG_NAME;
				closing = 1;
				nlen = 0;
			} else {
				i = pk_html_skip_to(u, len, i + 1, '<');
			}
			break;
		}
		if (!ended)
			continue;
		raw = NULL;
		rc = pk_html_tag_done(out, name, nlen, closing, &raw);
		if (rc < 0)
			goto out;
		st = raw ? PK_HTML_RAW : PK_HTML_TEXT;
		run = i;
	}
	/* Text and CDATA run to the end; an unfinished tag, comment or
	 * script is dropped. */
	if (st == PK_HTML_TEXT || st == PK_HTML_CDATA)
		rc = pk_html_put_text(out, u + run, len - run);
out:
	if (rc < 0) {
		/* leave out as it was, not half-converted */
		out->len = had;
		if (out->ptr)
			out->ptr[had] = '\0';
	}
	return rc;
}
