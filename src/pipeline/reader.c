/*
 * reader.c - the reading stage.
 *
 * Lists input files (directories recursively, sorted, symlink loops cut),
 * decodes each to valid UTF-8, turns HTML into text, reads the header with
 * the [meta] rules and cuts page furniture with the [boilerplate] rules.
 *
 * Decoding: a UTF-8 byte order mark is dropped; UTF-16 (LE or BE, by its
 * mark) is converted.  A file that is valid UTF-8 is taken as it is, with
 * no more questions (and ISO-2022-KR, which is 7-bit, when it has its
 * escape sequence).  Otherwise it is read in the charset an HTML page
 * declares in a <meta> of its first 4 KB, else in the one ICU's detector
 * is confident of (older Korean sites write EUC-KR); a conversion is a
 * warning that names the charset.  What is left, invalid UTF-8 in no known
 * charset, is read as UTF-8 with every bad sequence U+FFFD and a warning
 * naming the byte offset.  A file with NUL bytes and no UTF-16 mark is
 * binary and skipped.
 *
 * Hands a pk_doc (text + metadata) to the normalization stage.
 */
#include "pipeline/reader.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "pipeline/html.h"

#define PK_READER_MAX_UTF8_WARNINGS 5
#define PK_READER_MAX_DEPTH 64
/* ICU's detector gives a Korean article in EUC-KR a confidence of 100,
 * UTF-8 with a bad byte in it 25, a few bytes of junk 10: a guess is
 * taken from here up. */
#define PK_READER_DETECT_MIN 50
/* how far into a file a <meta> naming its charset is looked for */
#define PK_READER_META_BYTES 4096

/* ---- listing inputs -------------------------------------------------- */

typedef struct pk_reader_list_state {
	char **paths;
	char **ids;
	size_t n;
	size_t cap;
	dev_t *devs;      /* directories on the current walk, for loops */
	ino_t *inos;
	size_t ndirs;
	const pk_diag *diag;
	int failed;
} pk_reader_list_state;

char *pk_reader_slug(const char *s, size_t n)
{
	pk_buf b = PK_BUF_INIT;
	size_t i;
	int dropped = 0, dash = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
		    (c >= 'A' && c <= 'Z')) {
			if (dash && b.len && pk_buf_putc(&b, '-') < 0)
				goto nomem;
			dash = 0;
			if (pk_buf_putc(&b, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c)) < 0)
				goto nomem;
		} else {
			if (c >= 0x80)
				dropped = 1;
			dash = 1;
		}
	}
	if (dropped || b.len == 0) {
		if (pk_buf_printf(&b, "%s%016llx", b.len ? "-" : "",
			(unsigned long long)pk_hash64(s, n)) < 0)
			goto nomem;
	}
	return pk_buf_detach(&b);
nomem:
	pk_buf_free(&b);
	return NULL;
}

static int pk_reader_push(pk_reader_list_state *st, const char *path, const char *rel)
{
	const char *dot, *slash;
	size_t n;

	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 16;
		char **p = realloc(st->paths, cap * sizeof *p);

		if (!p)
			return PK_ENOMEM;
		st->paths = p;
		p = realloc(st->ids, cap * sizeof *p);
		if (!p)
			return PK_ENOMEM;
		st->ids = p;
		st->cap = cap;
	}
	/* the id drops the extension: seeds/000_x.txt -> 000_x */
	dot = strrchr(rel, '.');
	slash = strrchr(rel, '/');
	n = (dot && dot > rel && (!slash || dot > slash + 1)) ? (size_t)(dot - rel) : strlen(rel);
	st->paths[st->n] = pk_strdup(path);
	st->ids[st->n] = pk_reader_slug(rel, n);
	if (!st->paths[st->n] || !st->ids[st->n]) {
		free(st->paths[st->n]);
		free(st->ids[st->n]);
		return PK_ENOMEM;
	}
	st->n++;
	return 0;
}

/* In a directory, articles are the text and HTML files (and files with
 * no extension): gold files, notes and images beside them are not.
 * A file named on the command line is always read. */
static int pk_reader_is_article(const char *name)
{
	static const char *const exts[] = { "txt", "text", "html", "htm", "xhtml" };
	const char *dot = strrchr(name, '.');
	size_t i;

	if (!dot || dot == name)
		return 1;
	for (i = 0; i < PK_ARRAY_LEN(exts); i++)
		if (strcasecmp(dot + 1, exts[i]) == 0)
			return 1;
	return 0;
}

static int pk_reader_walk(pk_reader_list_state *st, const char *dir, const char *rel, int depth)
{
	DIR *d = NULL;
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, i;
	int rc = 0;

	if (depth > PK_READER_MAX_DEPTH) {
		pk_diag_emit(st->diag, PK_SEV_WARNING, "%s: directories nest too deep; skipped", dir);
		st->failed = 1;
		return 0;
	}
	d = opendir(dir);
	if (!d) {
		pk_diag_emit(st->diag, PK_SEV_WARNING, "%s: %s; skipped", dir, strerror(errno));
		st->failed = 1;
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		char **p;

		if (de->d_name[0] == '.')
			continue;
		p = realloc(names, (nn + 1) * sizeof *p);
		if (!p) {
			rc = PK_ENOMEM;
			goto out;
		}
		names = p;
		if (!(names[nn] = pk_strdup(de->d_name))) {
			rc = PK_ENOMEM;
			goto out;
		}
		nn++;
	}
	qsort(names, nn, sizeof *names, pk_strcmp_ptr);
	for (i = 0; i < nn && rc == 0; i++) {
		pk_buf path = PK_BUF_INIT, r = PK_BUF_INIT;
		struct stat sb;

		if (pk_path_join(&path, dir, names[i]) < 0 ||
		    pk_buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", names[i]) < 0) {
			rc = PK_ENOMEM;
		} else if (stat(path.ptr, &sb) != 0) {
			pk_diag_emit(st->diag, PK_SEV_WARNING, "%s: %s; skipped", path.ptr, strerror(errno));
			st->failed = 1;
		} else if (S_ISDIR(sb.st_mode)) {
			size_t k;

			for (k = 0; k < st->ndirs; k++)
				if (st->devs[k] == sb.st_dev && st->inos[k] == sb.st_ino)
					break;
			if (k < st->ndirs) {
				pk_diag_emit(st->diag, PK_SEV_WARNING,
					"%s: directory loop (symbolic link back to a parent); skipped", path.ptr);
			} else {
				dev_t *dv = realloc(st->devs, (st->ndirs + 1) * sizeof *dv);
				ino_t *iv;

				if (dv)
					st->devs = dv;
				iv = dv ? realloc(st->inos, (st->ndirs + 1) * sizeof *iv) : NULL;
				if (!iv) {
					rc = PK_ENOMEM;
				} else {
					st->inos = iv;
					st->devs[st->ndirs] = sb.st_dev;
					st->inos[st->ndirs] = sb.st_ino;
					st->ndirs++;
					rc = pk_reader_walk(st, path.ptr, r.ptr, depth + 1);
					st->ndirs--;
				}
			}
		} else if (S_ISREG(sb.st_mode) && pk_reader_is_article(names[i])) {
			rc = pk_reader_push(st, path.ptr, r.ptr);
		}
		pk_buf_free(&path);
		pk_buf_free(&r);
	}
out:
	for (i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	if (d)
		closedir(d);
	return rc;
}

int pk_reader_list(char ***paths, char ***ids, size_t *n, const char *path,
	const pk_diag *diag)
{
	pk_reader_list_state st;
	struct stat sb;
	int rc = 0;

	memset(&st, 0, sizeof st);
	st.diag = diag;
	*paths = *ids = NULL;
	*n = 0;
	if (strcmp(path, "-") == 0) {
		rc = pk_reader_push(&st, "-", "stdin");
	} else if (stat(path, &sb) != 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		st.failed = 1;
	} else if (S_ISDIR(sb.st_mode)) {
		st.devs = malloc(sizeof *st.devs);
		st.inos = malloc(sizeof *st.inos);
		if (!st.devs || !st.inos) {
			rc = PK_ENOMEM;
			goto out;
		}
		st.devs[0] = sb.st_dev;
		st.inos[0] = sb.st_ino;
		st.ndirs = 1;
		rc = pk_reader_walk(&st, path, "", 0);
	} else {
		const char *base = strrchr(path, '/');

		rc = pk_reader_push(&st, path, base ? base + 1 : path);
	}
out:
	free(st.devs);
	free(st.inos);
	if (rc < 0) {
		size_t i;

		for (i = 0; i < st.n; i++) {
			free(st.paths[i]);
			free(st.ids[i]);
		}
		free(st.paths);
		free(st.ids);
		return rc;
	}
	*paths = st.paths;
	*ids = st.ids;
	*n = st.n;
	return st.failed ? PK_EINPUT : 0;
}

/* ---- decoding -------------------------------------------------------- */

static int pk_reader_utf16(pk_buf *out, pk_doc *doc, const unsigned char *s, size_t len,
	int big, const pk_diag *diag)
{
	size_t i;

	for (i = 0; i < len; i += 2) {
		uint32_t u;
		int bad = 0;

		if (i + 1 >= len) {
			u = 0xFFFD;
			bad = 1;
		} else {
			u = big ? ((uint32_t)s[i] << 8 | s[i + 1]) : ((uint32_t)s[i + 1] << 8 | s[i]);
		}
		if (!bad && u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
			uint32_t lo = big ? ((uint32_t)s[i + 2] << 8 | s[i + 3]) :
				((uint32_t)s[i + 3] << 8 | s[i + 2]);

			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			} else {
				bad = 1;
			}
		} else if (!bad && u >= 0xD800 && u <= 0xDFFF) {
			bad = 1;
		}
		if (bad) {
			u = 0xFFFD;
			/* offsets count the byte order mark, as a hex dump would */
			if (doc->invalid_utf8 < PK_READER_MAX_UTF8_WARNINGS)
				pk_diag_emit(diag, PK_SEV_WARNING,
					"%s: byte %zu: invalid UTF-16, replaced by U+FFFD", doc->name, i + 2);
			doc->invalid_utf8++;
		}
		if (pk_buf_put_cp(out, u) < 0)
			return PK_ENOMEM;
	}
	return 0;
}

/* How a charset label is read: what to call it in messages and which ICU
 * converter reads it.  EUC-KR is read as windows-949 (Unified Hangul
 * Code: EUC-KR and the 8,822 syllables it lacks, which older Korean sites
 * write under the EUC-KR label), and ISO-8859-1 as windows-1252, as the
 * WHATWG Encoding Standard has browsers do; UTF-8 is no conversion.
 * Other labels go to ICU as they are. */
static const struct pk_reader_charset {
	const char *label;
	const char *name;
	const char *converter;
} pk_reader_charsets[] = {
	{ "utf-8", "UTF-8", NULL }, { "utf8", "UTF-8", NULL },
	{ "euc-kr", "EUC-KR", "windows-949" }, { "cp949", "CP949", "windows-949" },
	{ "windows-949", "windows-949", "windows-949" }, { "x-windows-949", "windows-949", "windows-949" },
	{ "uhc", "windows-949", "windows-949" }, { "ks_c_5601-1987", "EUC-KR", "windows-949" },
	{ "ks_c_5601-1989", "EUC-KR", "windows-949" }, { "ksc5601", "EUC-KR", "windows-949" },
	{ "ksc_5601", "EUC-KR", "windows-949" }, { "korean", "EUC-KR", "windows-949" },
	{ "csksc56011987", "EUC-KR", "windows-949" }, { "iso-ir-149", "EUC-KR", "windows-949" },
	{ "iso-8859-1", "ISO-8859-1", "windows-1252" }, { "latin1", "ISO-8859-1", "windows-1252" },
	{ "us-ascii", "US-ASCII", "windows-1252" },
};

static int pk_reader_charset_of(struct pk_reader_charset *out, const char *label)
{
	size_t i;

	for (i = 0; i < PK_ARRAY_LEN(pk_reader_charsets); i++)
		if (strcasecmp(pk_reader_charsets[i].label, label) == 0) {
			*out = pk_reader_charsets[i];
			return out->converter != NULL;
		}
	out->label = out->name = out->converter = label;
	return 1;
}

static int pk_reader_is_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (!(n = pk_utf8_decode(s + i, len - i, &cp)))
			return 0;
		i += n;
	}
	return 1;
}

/* The charset an HTML page declares in its first PK_READER_META_BYTES:
 * <meta charset="X">, or <meta http-equiv="Content-Type" content="text/html;
 * charset=X">.  Into label (cap bytes); 0 when there is none. */
static int pk_reader_declared(char *label, size_t cap, const unsigned char *s, size_t len)
{
	const char *p = (const char *)s;
	const char *end = p + (len < PK_READER_META_BYTES ? len : PK_READER_META_BYTES);

	for (; p + 5 < end; p++) {
		const char *tag, *q;

		if (*p != '<' || strncasecmp(p + 1, "meta", 4) != 0)
			continue;
		tag = p + 5;
		q = memchr(tag, '>', (size_t)(end - tag));
		if (!q)
			q = end;
		for (; tag + 7 < q; tag++) {
			size_t n = 0;

			if (strncasecmp(tag, "charset", 7) != 0)
				continue;
			tag += 7;
			while (tag < q && (*tag == ' ' || *tag == '\t'))
				tag++;
			if (tag >= q || *tag != '=')
				break;
			tag++;
			while (tag < q && (*tag == ' ' || *tag == '\t' || *tag == '"' || *tag == '\''))
				tag++;
			while (tag + n < q && n + 1 < cap && ((tag[n] >= 'a' && tag[n] <= 'z') ||
			       (tag[n] >= 'A' && tag[n] <= 'Z') || (tag[n] >= '0' && tag[n] <= '9') ||
			       (tag[n] && strchr("-_.:", tag[n]))))
				n++;
			if (!n)
				break;
			memcpy(label, tag, n);
			label[n] = '\0';
			return 1;
		}
		p = q - 1;
	}
	return 0;
}

/* ICU's guess at the charset of s[0..len), into label (cap bytes), when it
 * is at least PK_READER_DETECT_MIN sure; 0 when not. */
static int pk_reader_detect(char *label, size_t cap, const unsigned char *s, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	UCharsetDetector *d = NULL;
	const UCharsetMatch *m;
	const char *name;
	int found = 0;

	if (len > INT32_MAX)
		return 0;
	d = ucsdet_open(&st);
	ucsdet_setText(d, (const char *)s, (int32_t)len, &st);
	m = ucsdet_detect(d, &st);
	if (U_SUCCESS(st) && m && ucsdet_getConfidence(m, &st) >= PK_READER_DETECT_MIN &&
	    (name = ucsdet_getName(m, &st)) != NULL && U_SUCCESS(st) && strlen(name) < cap) {
		memcpy(label, name, strlen(name) + 1);
		found = 1;
	}
	ucsdet_close(d);
	return found;
}

/* s[0..len) from ICU converter from to UTF-8, into out (empty).
 * PK_EINPUT when ICU has no such converter or cannot convert. */
static int pk_reader_convert(pk_buf *out, const char *from, const unsigned char *s, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	UConverter *cv;
	size_t guess;
	int32_t n;

	cv = ucnv_open(from, &st);
	if (U_FAILURE(st))
		return PK_EINPUT;
	ucnv_close(cv);
	if (len > INT32_MAX / 4)
		return PK_EINPUT;
	/* a byte is at most one UTF-16 unit, three bytes of UTF-8 */
	guess = 3 * len;
	if (pk_buf_grow(out, guess) < 0)
		return PK_ENOMEM;
	n = ucnv_convert("UTF-8", from, out->ptr, (int32_t)guess, (const char *)s, (int32_t)len, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR && n > 0) {
		st = U_ZERO_ERROR;
		if (pk_buf_grow(out, (size_t)n) < 0)
			return PK_ENOMEM;
		n = ucnv_convert("UTF-8", from, out->ptr, n, (const char *)s, (int32_t)len, &st);
	}
	if (U_FAILURE(st))
		return PK_EINPUT;
	out->len = (size_t)n;
	out->ptr[out->len] = '\0';
	return 0;
}

/* Read s[0..len), which is not UTF-8 (or is 7-bit ISO-2022-KR), in the
 * charset it declares or ICU detects, with a warning that names it.
 * 1 when read, 0 when no charset fits (the caller reads it as UTF-8). */
static int pk_reader_legacy(pk_buf *out, const pk_doc *doc, const unsigned char *s, size_t len,
	const pk_diag *diag)
{
	static const struct pk_reader_charset iso2022kr = { "iso-2022-kr", "ISO-2022-KR", "ISO-2022-KR" };
	struct pk_reader_charset cs;
	char label[64];
	const char *how;
	int rc = PK_EINPUT;

	/* RFC 1557: ESC $ ) C opens a line before any shifted text */
	if (memchr(s, 0x1B, len) && pk_mem_find((const char *)s, len, "\x1b$)C", 4)) {
		cs = iso2022kr;
		how = "its escape sequence";
		rc = pk_reader_convert(out, cs.converter, s, len);
	} else if (pk_reader_is_utf8(s, len)) {
		return 0;
	} else {
		how = "declared in <meta>";
		if (pk_reader_declared(label, sizeof label, s, len) && pk_reader_charset_of(&cs, label))
			rc = pk_reader_convert(out, cs.converter, s, len);
		/* no charset declared, UTF-8, or one ICU does not know: its guess */
		if (rc == PK_EINPUT && pk_reader_detect(label, sizeof label, s, len) &&
		    pk_reader_charset_of(&cs, label)) {
			how = "detected";
			rc = pk_reader_convert(out, cs.converter, s, len);
		}
	}
	if (rc == PK_EINPUT) {
		pk_buf_clear(out);
		return 0;
	}
	if (rc < 0)
		return rc;
	pk_diag_emit(diag, PK_SEV_WARNING, "%s: read as %s (%s), converted to UTF-8",
		doc->name, cs.name, how);
	return 1;
}

/* Copy s to out as valid UTF-8, U+FFFD for each bad sequence. */
static int pk_reader_utf8(pk_buf *out, pk_doc *doc, const unsigned char *s, size_t len,
	size_t base, const pk_diag *diag)
{
	size_t i = 0, run = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = pk_utf8_decode(s + i, len - i, &cp);

		if (n) {
			i += n;
			run += n;
			continue;
		}
		if (pk_buf_put(out, (const char *)s + i - run, run) < 0 ||
		    pk_buf_put_cp(out, 0xFFFD) < 0)
			return PK_ENOMEM;
		run = 0;
		if (doc->invalid_utf8 < PK_READER_MAX_UTF8_WARNINGS)
			pk_diag_emit(diag, PK_SEV_WARNING,
				"%s: byte %zu: invalid UTF-8, replaced by U+FFFD", doc->name, base + i);
		doc->invalid_utf8++;
		i++;
	}
	if (pk_buf_put(out, (const char *)s + i - run, run) < 0)
		return PK_ENOMEM;
	if (doc->invalid_utf8 > PK_READER_MAX_UTF8_WARNINGS)
		pk_diag_emit(diag, PK_SEV_WARNING, "%s: %zu invalid UTF-8 sequences in all",
			doc->name, doc->invalid_utf8);
	return 0;
}

/* ---- header and furniture -------------------------------------------- */

static int pk_reader_valid_ymd(int y, int m, int d)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

static int pk_reader_group_int(pcre2_match_data *md, const pcre2_code *re,
	const char *line, const char *name, int *out)
{
	int g = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	long v = 0;
	size_t i;

	if (g < 0 || ov[2 * g] == PCRE2_UNSET)
		return 0;
	for (i = ov[2 * g]; i < ov[2 * g + 1]; i++) {
		if (line[i] < '0' || line[i] > '9' || v > 100000)
			return 0;
		v = v * 10 + (line[i] - '0');
	}
	*out = (int)v;
	return 1;
}

/* The span of group name, when it matched. */
static int pk_reader_group_span(pcre2_match_data *md, const pcre2_code *re, const char *name,
	size_t *s, size_t *e)
{
	int g = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

	if (g < 0 || ov[2 * g] == PCRE2_UNSET)
		return 0;
	*s = ov[2 * g];
	*e = ov[2 * g + 1];
	return 1;
}

/* Apply one [meta] rule to one line; returns 1 when it set the field. */
static int pk_reader_meta_line(pk_doc *doc, const pk_meta_rule *m, const pk_ruleset *rs,
	pcre2_match_data *md, const char *line, size_t n, uint32_t utf_checked)
{
	int rc = pk_ruleset_match(m->re, line, n, 0, utf_checked != 0, md, rs->mctx);
	pk_buf v = PK_BUF_INIT;

	if (rc < 0)
		return 0;
	if (m->field == PK_META_ISSUED) {
		int y = 0, mo = 0, d = 0, hh = -1, mm = -1, has_y;
		const char *mv;
		size_t s, e;

		/* an English dateline names the month: "SEOUL, June 19 (Yonhap)" */
		if (!pk_reader_group_int(md, m->re, line, "m", &mo) &&
		    pk_reader_group_span(md, m->re, "mname", &s, &e) &&
		    (mv = pk_ruleset_lex(rs, PK_LEX_MONTH, line + s, e - s)) != NULL)
			mo = atoi(mv);
		has_y = pk_reader_group_int(md, m->re, line, "y", &y);
		if (!pk_reader_group_int(md, m->re, line, "d", &d) ||
		    !pk_reader_valid_ymd(has_y ? y : 2000, mo, d))
			return 0;
		if (!has_y) {
			/* no year: only what the line says (xsd:gMonthDay) */
			if (pk_buf_printf(&v, "--%02d-%02d", mo, d) < 0)
				goto nomem;
		} else if (pk_reader_group_int(md, m->re, line, "H", &hh) &&
		    pk_reader_group_int(md, m->re, line, "M", &mm) && hh < 24 && mm < 60) {
			int ss = 0;

			if (!pk_reader_group_int(md, m->re, line, "S", &ss) || ss > 59)
				ss = 0;
			if (pk_buf_printf(&v, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, mo, d, hh, mm, ss,
				m->tz ? m->tz : "") < 0)
				goto nomem;
			doc->issued_has_time = 1;
		} else if (pk_buf_printf(&v, "%04d-%02d-%02d", y, mo, d) < 0) {
			goto nomem;
		}
	} else if (m->value) {
		if (pk_buf_puts(&v, m->value) < 0)
			goto nomem;
	} else {
		const char *canon;
		size_t s, e;

		if (!pk_reader_group_span(md, m->re, "value", &s, &e))
			return 0;
		while (s < e && (line[s] == ' ' || line[s] == '\t'))
			s++;
		while (e > s && (line[e - 1] == ' ' || line[e - 1] == '\t' || line[e - 1] == '\r'))
			e--;
		if (s == e)
			return 0;
		if (m->lexicon) {
			/* an outlet known by its domain: the lexicon's name for it */
			if (!(canon = pk_ruleset_lexicon(rs, m->lexicon, line + s, e - s)))
				return 0;
			if (pk_buf_puts(&v, canon) < 0)
				goto nomem;
		} else if (pk_buf_put(&v, line + s, e - s) < 0) {
			goto nomem;
		}
	}
	doc->meta[m->field] = pk_buf_detach(&v);
	return 1;
nomem:
	pk_buf_free(&v);
	return 0;
}

static int pk_reader_line_drops(const pk_ruleset *rs, pcre2_match_data *md,
	const char *line, size_t n, pk_boiler_action action, uint32_t utf_checked)
{
	size_t i;

	for (i = 0; i < rs->nboiler; i++) {
		const pk_boiler *b = &rs->boiler[i];

		if (b->action == action && b->re &&
		    pk_ruleset_match(b->re, line, n, 0, utf_checked != 0, md, rs->mctx) >= 0)
			return 1;
	}
	return 0;
}

static int pk_reader_is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Read the header from every line, then keep the lines that are not
 * furniture.  doc->text is replaced. */
static int pk_reader_lines(pk_doc *doc, const pk_ruleset *rs, pcre2_match_data *md)
{
	pk_buf keep = PK_BUF_INIT;
	const char *p = doc->text, *end = doc->text + doc->len;
	int lineno = 0, cut = 0, rc = 0;
	/* Every line meets some 30 patterns, and PCRE2 would check it is
	 * UTF-8 before each (3% of extraction's time on real articles):
	 * the text is checked once here, lines end at '\n', so each line of
	 * valid text is valid.  Text that is not (none the reader makes
	 * today) keeps PCRE2's check, whose error reads as no match. */
	uint32_t utf_checked = pk_reader_is_utf8((const unsigned char *)doc->text, doc->len) ?
		PCRE2_NO_UTF_CHECK : 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int used = 0;
		size_t i;

		lineno++;
		for (i = 0; i < rs->nmeta; i++) {
			const pk_meta_rule *m = &rs->meta[i];

			if (!m->re || doc->meta[m->field] || (m->lines && lineno > m->lines))
				continue;
			/* a date or URL line is header, not the title */
			if (pk_reader_meta_line(doc, m, rs, md, p, n, utf_checked) && m->field != PK_META_PUBLISHER)
				used = 1;
		}
		if (!cut && pk_reader_line_drops(rs, md, p, n, PK_BOILER_CUT_FROM, utf_checked))
			cut = 1;
		if (!cut && !pk_reader_line_drops(rs, md, p, n, PK_BOILER_DROP_LINE, utf_checked)) {
			if (!used && !doc->meta[PK_META_TITLE] && !pk_reader_is_blank(p, n)) {
				doc->meta[PK_META_TITLE] = pk_strndup(p, n);
				if (!doc->meta[PK_META_TITLE]) {
					rc = PK_ENOMEM;
					goto out;
				}
			}
			if (pk_buf_put(&keep, p, n) < 0 || pk_buf_putc(&keep, '\n') < 0) {
				rc = PK_ENOMEM;
				goto out;
			}
		}
		p = nl ? nl + 1 : end;
	}
	free(doc->text);
	doc->len = keep.len;
	doc->text = pk_buf_detach(&keep);
out:
	pk_buf_free(&keep);
	return rc;
}

int pk_reader_read(pk_doc *doc, const pk_ruleset *rs, const char *name,
	const char *id, const char *bytes, size_t len, const pk_diag *diag)
{
	const unsigned char *s = (const unsigned char *)bytes;
	pk_buf text = PK_BUF_INIT, html = PK_BUF_INIT;
	pcre2_match_data *md = NULL;
	size_t skip = 0;
	int rc = 0;

	memset(doc, 0, sizeof *doc);
	doc->name = pk_strdup(name);
	doc->id = pk_strdup(id);
	if (!doc->name || !doc->id) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		pk_diag_emit(diag, PK_SEV_WARNING, "%s: read as UTF-16%s (byte order mark), "
			"converted to UTF-8", name, s[0] == 0xFE ? "BE" : "LE");
		if ((rc = pk_reader_utf16(&text, doc, s + 2, len - 2, s[0] == 0xFE, diag)) < 0)
			goto out;
	} else {
		if (memchr(bytes, '\0', len)) {
			pk_diag_emit(diag, PK_SEV_WARNING, "%s: binary file (NUL bytes); skipped", name);
			rc = PK_EINPUT;
			goto out;
		}
		/* a UTF-8 mark says UTF-8, bad bytes and all */
		if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
			skip = 3;
		if (!skip && (rc = pk_reader_legacy(&text, doc, s, len, diag)) < 0)
			goto out;
		if (rc == 0 && (rc = pk_reader_utf8(&text, doc, s + skip, len - skip, skip, diag)) < 0)
			goto out;
		rc = 0;
	}
	if (text.len && pk_html_detect(text.ptr, text.len)) {
		doc->was_html = 1;
		if ((rc = pk_html_to_text(&html, text.ptr, text.len)) < 0)
			goto out;
		pk_buf_free(&text);
		text = html;
		memset(&html, 0, sizeof html);
	}
	doc->len = text.len;
	doc->text = pk_buf_detach(&text);
	if (!doc->text) {
		rc = PK_ENOMEM;
		goto out;
	}
	md = pcre2_match_data_create(64, NULL);
	if (!md) {
		rc = PK_ENOMEM;
		goto out;
	}
	rc = pk_reader_lines(doc, rs, md);
out:
	if (rc == PK_ENOMEM)
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: out of memory", name);
	pcre2_match_data_free(md);
	pk_buf_free(&text);
	pk_buf_free(&html);
	return rc;
}

void pk_doc_clear(pk_doc *doc)
{
	size_t i;

	if (!doc)
		return;
	free(doc->name);
	free(doc->id);
	free(doc->text);
	for (i = 0; i < PK_META__COUNT; i++)
		free(doc->meta[i]);
	memset(doc, 0, sizeof *doc);
}
