/*
 * nquads.c - N-Triples / N-Quads terms and lines (nquads.h): the writer
 * that `extract -f ntriples|nquads` streams through and that the store
 * keeps its documents in, and the reading of an IRI or an escape back.
 *
 * Why not Raptor's serializer: it escapes byte by byte through an
 * iostream call (a quarter of an extraction's CPU) and writes every
 * non-ASCII character as \uXXXX, so `grep 행정안전부 graph.nq` found
 * nothing.  Here a term is scanned once against a table of the bytes that
 * need attention and copied in runs: a run of plain ASCII or of valid
 * UTF-8 (checked inline, as it is copied) is one memcpy.
 */
#include "rdf/nquads.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

/* What a byte needs, by table: copied as it is, an escape of its own,
 * the lead byte of a UTF-8 sequence to check, or never valid. */
enum {
	PK_NQ_COPY = 0,
	PK_NQ_ESC,
	PK_NQ_UTF8,
	PK_NQ_BAD
};

typedef struct pk_nq_classes {
	unsigned char iri[256];
	unsigned char lit[256];
} pk_nq_classes;

static pk_nq_classes pk_nq_classes_built;
static pthread_once_t pk_nq_classes_once = PTHREAD_ONCE_INIT;

/* Built once from the rules in nquads.h; a constant after that, so the
 * threads that write lines at the same time only read it. */
static void pk_nq_classes_init(void)
{
	pk_nq_classes *c = &pk_nq_classes_built;
	unsigned i;

	for (i = 0; i < 256; i++) {
		unsigned char k = i >= 0x80 ? PK_NQ_UTF8 : PK_NQ_COPY;

		c->iri[i] = c->lit[i] = k;
	}
	for (i = 1; i <= 0x20; i++)
		c->iri[i] = PK_NQ_ESC;
	for (i = 0; i < 9; i++)
		c->iri[(unsigned char)"<>\"{}|^`\\"[i]] = PK_NQ_ESC;
	for (i = 1; i < 0x20; i++)
		c->lit[i] = PK_NQ_ESC;
	c->lit[0x7f] = c->lit['"'] = c->lit['\\'] = PK_NQ_ESC;
	c->iri[0] = c->lit[0] = PK_NQ_BAD;
}

static const pk_nq_classes *pk_nq_table(void)
{
	pthread_once(&pk_nq_classes_once, pk_nq_classes_init);
	return &pk_nq_classes_built;
}

/* The length of the valid UTF-8 sequence at s[0..len) that starts with a
 * byte >= 0x80, or 0: the same verdict as pk_utf8_decode (no overlong
 * forms, surrogates or code points past U+10FFFF), without the call. */
static inline size_t pk_nq_utf8_len(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];

	if (c >= 0xC2 && c <= 0xDF)
		return len >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))
			return 0; /* overlong; a surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (len < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
			return 0; /* overlong; past U+10FFFF */
		return 4;
	}
	return 0;
}

int pk_nq_valid_utf8(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < len) {
		if (u[i] < 0x80) {
			if (u[i] == '\0')
				return 0;
			i++;
			/* then eight bytes at a time while they are ASCII and
			 * none is NUL (IRIs are ASCII, mostly) */
			while (i + 8 <= len) {
				uint64_t w;

				memcpy(&w, u + i, 8);
				if ((w & 0x8080808080808080ULL) ||
				    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
					break;
				i += 8;
			}
			continue;
		}
		if (!(k = pk_nq_utf8_len(u + i, len - i)))
			return 0;
		i += k;
	}
	return 1;
}

/* The escape of byte c (one that its table marks PK_NQ_ESC) into e;
 * returns its length. */
static size_t pk_nq_escape(char e[6], unsigned char c, int literal)
{
	static const char hex[] = "0123456789ABCDEF";

	if (literal) {
		const char *two = NULL;

		switch (c) {
		case '"': two = "\\\""; break;
		case '\\': two = "\\\\"; break;
		case '\n': two = "\\n"; break;
		case '\r': two = "\\r"; break;
		case '\t': two = "\\t"; break;
		}
		if (two) {
			e[0] = two[0];
			e[1] = two[1];
			return 2;
		}
	}
	e[0] = '\\';
	e[1] = 'u';
	e[2] = '0';
	e[3] = '0';
	e[4] = hex[c >> 4];
	e[5] = hex[c & 0xf];
	return 6;
}

/* s[0..len) escaped by the table cls into b: runs that need nothing are
 * copied whole.  PK_EINPUT at invalid UTF-8 or a NUL (b then holds part
 * of the term: the callers cut it back). */
static int pk_nq_put_escaped(pk_buf *b, const char *s, size_t len,
	const unsigned char *cls, int literal)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, start, k;
	char e[6];

	for (;;) {
		start = i;
		while (i < len) {
			unsigned char what = cls[u[i]];

			if (what == PK_NQ_COPY) {
				i++;
			} else if (what == PK_NQ_UTF8) {
				if (!(k = pk_nq_utf8_len(u + i, len - i)))
					return PK_EINPUT;
				i += k;
			} else {
				break;
			}
		}
		if (i > start && pk_buf_put(b, s + start, i - start) < 0)
			return PK_ENOMEM;
		if (i == len)
			return 0;
		if (cls[u[i]] == PK_NQ_BAD)
			return PK_EINPUT;
		k = pk_nq_escape(e, u[i], literal);
		if (pk_buf_put(b, e, k) < 0)
			return PK_ENOMEM;
		i++;
	}
}

/* Cut b back to len after a failed write: the caller sees no half term. */
static int pk_nq_undo(pk_buf *b, size_t len, int rc)
{
	if (b->ptr) {
		b->len = len;
		b->ptr[len] = '\0';
	}
	return rc;
}

static int pk_nq_iri(pk_buf *b, const char *iri, size_t len)
{
	int rc;

	if (pk_buf_putc(b, '<') < 0)
		return PK_ENOMEM;
	if ((rc = pk_nq_put_escaped(b, iri, len, pk_nq_table()->iri, 0)) < 0)
		return rc;
	return pk_buf_putc(b, '>') < 0 ? PK_ENOMEM : 0;
}

int pk_nq_put_iri(pk_buf *b, const char *iri, size_t len)
{
	size_t at = b->len;
	int rc = pk_nq_iri(b, iri, len);

	return rc < 0 ? pk_nq_undo(b, at, rc) : 0;
}

static int pk_nq_valid_lang(const char *lang)
{
	size_t i;

	if (!lang[0] || !((lang[0] >= 'a' && lang[0] <= 'z') ||
	    (lang[0] >= 'A' && lang[0] <= 'Z')))
		return 0;
	for (i = 0; lang[i]; i++)
		if (!((lang[i] >= 'a' && lang[i] <= 'z') ||
		    (lang[i] >= 'A' && lang[i] <= 'Z') ||
		    (lang[i] >= '0' && lang[i] <= '9') || lang[i] == '-'))
			return 0;
	return i <= 64;
}

static int pk_nq_literal(pk_buf *b, const char *lex, size_t len,
	const char *lang, const char *datatype)
{
	int rc;

	if (lang && !pk_nq_valid_lang(lang))
		return PK_EINPUT;
	if (pk_buf_putc(b, '"') < 0)
		return PK_ENOMEM;
	if ((rc = pk_nq_put_escaped(b, lex, len, pk_nq_table()->lit, 1)) < 0)
		return rc;
	if (pk_buf_putc(b, '"') < 0)
		return PK_ENOMEM;
	if (lang)
		return pk_buf_putc(b, '@') < 0 || pk_buf_puts(b, lang) < 0 ? PK_ENOMEM : 0;
	if (datatype) {
		if (pk_buf_put(b, "^^", 2) < 0)
			return PK_ENOMEM;
		return pk_nq_iri(b, datatype, strlen(datatype));
	}
	return 0;
}

int pk_nq_put_literal(pk_buf *b, const char *lex, size_t len,
	const char *lang, const char *datatype)
{
	size_t at = b->len;
	int rc = pk_nq_literal(b, lex, len, lang, datatype);

	return rc < 0 ? pk_nq_undo(b, at, rc) : 0;
}

void pk_nq_memo_free(pk_nq_memo *m)
{
	size_t i;

	for (i = 0; i < PK_NQ_MEMO; i++) {
		pk_buf_free(&m->val[i]);
		m->key[i] = NULL;
	}
}

/* <iri> from m when it holds iri's address, else escaped and kept there. */
static int pk_nq_iri_memo(pk_buf *b, const char *iri, pk_nq_memo *m)
{
	size_t slot = (size_t)((((uintptr_t)iri >> 3) * 0x9E3779B97F4A7C15ULL) >> 58);
	size_t at = b->len;
	int rc;

	if (m->key[slot] == iri)
		return pk_buf_put(b, m->val[slot].ptr, m->val[slot].len) < 0 ? PK_ENOMEM : 0;
	if ((rc = pk_nq_iri(b, iri, strlen(iri))) < 0)
		return rc;
	m->key[slot] = NULL;
	pk_buf_clear(&m->val[slot]);
	if (pk_buf_put(&m->val[slot], b->ptr + at, b->len - at) < 0)
		return PK_ENOMEM;
	m->key[slot] = iri;
	return 0;
}

int pk_nq_put_quad_memo(pk_buf *b, const pk_triple *t, const char *graph, pk_nq_memo *m)
{
	size_t at = b->len;
	int rc;

	if (!m)
		return pk_nq_put_quad(b, t, graph);
	if ((rc = pk_nq_iri_memo(b, t->s, m)) < 0 ||
	    (rc = pk_buf_putc(b, ' ')) < 0 ||
	    (rc = pk_nq_iri_memo(b, t->p, m)) < 0 ||
	    (rc = pk_buf_putc(b, ' ')) < 0 ||
	    (rc = t->o_is_iri ? pk_nq_iri_memo(b, t->o, m) :
		pk_nq_literal(b, t->o, strlen(t->o), t->lang, t->dt)) < 0)
		goto out;
	if (graph && ((rc = pk_buf_putc(b, ' ')) < 0 ||
	    (rc = pk_nq_iri_memo(b, graph, m)) < 0))
		goto out;
	rc = pk_buf_put(b, " .\n", 3);
out:
	return rc < 0 ? pk_nq_undo(b, at, rc) : 0;
}

int pk_nq_put_quad(pk_buf *b, const pk_triple *t, const char *graph)
{
	size_t at = b->len, ls = strlen(t->s), lp = strlen(t->p), lo = strlen(t->o);
	size_t lg = graph ? strlen(graph) : 0;
	int rc;

	/* room for the common case (nothing escaped) at once */
	if (pk_buf_grow(b, ls + lp + lo + lg + 16) < 0)
		return PK_ENOMEM;
	if ((rc = pk_nq_iri(b, t->s, ls)) < 0 ||
	    (rc = pk_buf_putc(b, ' ')) < 0 ||
	    (rc = pk_nq_iri(b, t->p, lp)) < 0 ||
	    (rc = pk_buf_putc(b, ' ')) < 0 ||
	    (rc = t->o_is_iri ? pk_nq_iri(b, t->o, lo) :
		pk_nq_literal(b, t->o, lo, t->lang, t->dt)) < 0)
		goto out;
	if (graph && ((rc = pk_buf_putc(b, ' ')) < 0 ||
	    (rc = pk_nq_iri(b, graph, lg)) < 0))
		goto out;
	rc = pk_buf_put(b, " .\n", 3);
out:
	return rc < 0 ? pk_nq_undo(b, at, rc) : 0;
}

/* ---- reading back --------------------------------------------------------------- */

static int pk_nq_hex(uint32_t *cp, const char *p, const char *end, int n)
{
	uint32_t v = 0;
	int i;

	if (end - p < n)
		return -1;
	for (i = 0; i < n; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else
			return -1;
	}
	*cp = v;
	return 0;
}

int pk_nq_read_escape(pk_buf *out, const char **p, const char *end, int echar)
{
	uint32_t cp;
	char c;

	if (*p >= end)
		return PK_EINPUT;
	c = *(*p)++;
	if (c == 'u' || c == 'U') {
		int n = c == 'u' ? 4 : 8;

		if (pk_nq_hex(&cp, *p, end, n) < 0 || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return PK_EINPUT;
		*p += n;
		return pk_buf_put_cp(out, cp) < 0 ? PK_ENOMEM : 0;
	}
	if (!echar)
		return PK_EINPUT;
	switch (c) {
	case 't': c = '\t'; break;
	case 'b': c = '\b'; break;
	case 'n': c = '\n'; break;
	case 'r': c = '\r'; break;
	case 'f': c = '\f'; break;
	case '"': case '\'': case '\\': break;
	default: return PK_EINPUT;
	}
	return pk_buf_putc(out, c) < 0 ? PK_ENOMEM : 0;
}

int pk_nq_read_iri(pk_buf *out, const char **p, const char *end)
{
	int rc;

	pk_buf_clear(out);
	if (*p >= end || **p != '<')
		return PK_EINPUT;
	(*p)++;
	while (*p < end && **p != '>') {
		if (**p == '\\') {
			(*p)++;
			if ((rc = pk_nq_read_escape(out, p, end, 0)) < 0)
				return rc;
		} else {
			if (pk_buf_putc(out, **p) < 0)
				return PK_ENOMEM;
			(*p)++;
		}
	}
	if (*p >= end)
		return PK_EINPUT;
	(*p)++;
	if (!out->ptr && pk_buf_put(out, "", 0) < 0)
		return PK_ENOMEM;
	return 0;
}
