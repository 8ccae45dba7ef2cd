/*
 * normalize.c - the normalization stage.  Takes the reader's UTF-8 text
 * and hands the segmenter one canonical form of it: ICU NFKC, interpuncts
 * folded to U+00B7, curly quotes to ' and ", dashes to '-', tildes and
 * wave dashes (4∼5일, 4〜5일, 4～5일) to '~', zero-width
 * characters dropped, control characters turned into spaces, CR/CRLF into
 * LF, every other white space into one space, lines trimmed, and at most
 * one empty line in a row.  Alongside the text goes a map from each
 * normalized byte back to the input byte it came from, so evidence quoted
 * from the normalized text can point into the source.
 *
 * The input is walked once.  Code points are folded, gathered into
 * normalization segments (cut wherever unorm2_hasBoundaryBefore says a
 * code point cannot combine with what precedes it), and each segment is
 * normalized on its own; every byte it produces maps to the segment's
 * first input byte.  Normalizing at boundaries gives the same text as
 * normalizing the whole, and keeps the map monotonic.  The folds run both
 * before NFKC (U+2033 would otherwise become two primes, U+318D a
 * conjoining jamo) and after it (NFKC turns U+FF65 into U+30FB, U+FE58
 * into U+2014).  The white-space rules are applied last, by a small state
 * machine that holds back spaces and line breaks until the next visible
 * character shows whether they survive.
 */
#include "pipeline/normalize.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utypes.h>

#define PK_NORMALIZE_DROP 0xFFFFFFFFu

struct pk_normalizer {
	const UNormalizer2 *nfkc; /* owned by ICU, never closed */
	pk_diag diag;
	int has_diag;
	UChar *seg;               /* the segment being gathered (folded input) */
	int32_t seg_len;
	int32_t seg_cap;
	size_t seg_orig;          /* input byte offset of its first code point */
	UChar *norm;              /* the segment after NFKC */
	int32_t norm_cap;
	int plain_starts;         /* ICU says every "plain" code point starts a segment */
};

/* Printable ASCII and precomposed Hangul syllables: most of an article.
 * Folding leaves them as they are, and (checked against ICU once, in
 * pk_normalizer_new) each has a normalization boundary before it, so the
 * run asks ICU nothing about them. */
static int pk_normalize_plain(uint32_t c)
{
	return (c > 0x20 && c < 0x7F) || (c >= 0xAC00 && c <= 0xD7A3);
}

/* Output of one run: the text, the map (when wanted) and the pending
 * white space that the next visible character decides about. */
typedef struct pk_normalize_out {
	pk_buf text;
	size_t *orig;     /* NULL when no map is wanted */
	size_t orig_cap;
	int want_map;
	int pend_space;   /* a space waits to be written */
	size_t space_orig;
	int pend_nl;      /* 0..2 line breaks wait to be written */
	size_t nl_orig[2];
} pk_normalize_out;

int pk_normalizer_new(pk_normalizer **out, const pk_diag *diag)
{
	pk_normalizer *n;
	UErrorCode err = U_ZERO_ERROR;
	uint32_t c;
	int rc = 0;

	*out = NULL;
	n = calloc(1, sizeof *n);
	if (!n)
		return PK_ENOMEM;
	if (diag) {
		n->diag = *diag;
		n->has_diag = 1;
	}
	n->nfkc = unorm2_getNFKCInstance(&err);
	if (U_FAILURE(err) || !n->nfkc) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"ICU: cannot load the NFKC normalizer: %s", u_errorName(err));
		rc = PK_EINPUT;
		goto out;
	}
	n->plain_starts = 1;
	for (c = 0; c < 0xD7A4 && n->plain_starts; c++)
		if (pk_normalize_plain(c) && !unorm2_hasBoundaryBefore(n->nfkc, (UChar32)c))
			n->plain_starts = 0;
	*out = n;
	n = NULL;
out:
	pk_normalizer_free(n);
	return rc;
}

void pk_normalizer_free(pk_normalizer *n)
{
	if (!n)
		return;
	free(n->seg);
	free(n->norm);
	free(n);
}

void pk_ntext_free(pk_ntext *t)
{
	if (!t)
		return;
	free(t->text);
	free(t->orig);
	t->text = NULL;
	t->orig = NULL;
	t->len = 0;
}

/* The variants this domain folds.  Returns the replacement, '\n' for the
 * Unicode line and paragraph separators, ' ' for white space and control
 * characters, PK_NORMALIZE_DROP for zero-width characters, or c itself. */
static uint32_t pk_normalize_fold(uint32_t c)
{
	switch (c) {
	case 0x30FB: case 0xFF65: case 0x22C5: case 0x2027: case 0x2219:
	case 0x318D: case 0x16EB:
		return 0x00B7;
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
	case 0xFF07:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
	case 0xFF02:
		return '"';
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
		return '-';
	case 0x223C: case 0x301C: case 0xFF5E: case 0x2053: case 0x02DC:
		return '~';
	case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
		return PK_NORMALIZE_DROP;
	case 0x2028: case 0x2029:
		return '\n';
	case '\n': case '\r':
		return c;
	default:
		break;
	}
	if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
		return ' ';
	if (c > 0x7F && u_isUWhiteSpace((UChar32)c))
		return ' ';
	return c;
}

static int pk_normalize_put(pk_normalize_out *o, const char *bytes, size_t n,
	size_t orig)
{
	size_t i, need;
	size_t *p;

	if (pk_buf_put(&o->text, bytes, n) < 0)
		return PK_ENOMEM;
	if (!o->want_map)
		return 0;
	need = o->text.len + 1;
	if (need > o->orig_cap) {
		size_t cap = o->orig_cap ? o->orig_cap : 256;

		while (cap < need) {
			if (cap > SIZE_MAX / 2 / sizeof *p)
				return PK_ENOMEM;
			cap *= 2;
		}
		p = realloc(o->orig, cap * sizeof *p);
		if (!p)
			return PK_ENOMEM;
		o->orig = p;
		o->orig_cap = cap;
	}
	for (i = o->text.len - n; i < o->text.len; i++)
		o->orig[i] = orig;
	return 0;
}

/* The bytes of the plain character (pk_normalize_plain) that s[0..rem)
 * starts with, or 0: printable ASCII, or U+AC00..U+D7A3 (EA B0 80 to
 * ED 9E A3, whose lead byte rules out an overlong form). */
static size_t pk_normalize_plain_at(const unsigned char *s, size_t rem)
{
	uint32_t c;

	if (s[0] > 0x20 && s[0] < 0x7F)
		return 1;
	if (rem < 3 || s[0] < 0xEA || s[0] > 0xED || (s[1] & 0xC0) != 0x80 ||
	    (s[2] & 0xC0) != 0x80)
		return 0;
	c = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	return c >= 0xAC00 && c <= 0xD7A3 ? 3 : 0;
}

/* Write in[at..end), plain characters and single spaces only, as they
 * are: each byte maps to the first byte of its character. */
static int pk_normalize_put_plain(pk_normalize_out *o, const char *in, size_t at,
	size_t end)
{
	size_t from = o->text.len, i, j;

	if (pk_normalize_put(o, in + at, end - at, at) < 0)
		return PK_ENOMEM;
	if (!o->want_map)
		return 0;
	for (i = at, j = from; i < end; ) {
		o->orig[j++] = i;
		if ((unsigned char)in[i] < 0x80) {
			i++;
			continue;
		}
		o->orig[j++] = i;
		o->orig[j++] = i;
		i += 3;
	}
	return 0;
}

/* Feed one folded code point to the white-space state machine. */
static int pk_normalize_emit(pk_normalize_out *o, uint32_t c, size_t orig)
{
	char u[4];
	size_t n;
	int i;

	if (c == ' ') {
		if (o->text.len > 0 && !o->pend_nl && !o->pend_space) {
			o->pend_space = 1;
			o->space_orig = orig;
		}
		return 0;
	}
	if (c == '\n') {
		o->pend_space = 0; /* a line's trailing space */
		if (o->text.len > 0 && o->pend_nl < 2)
			o->nl_orig[o->pend_nl++] = orig;
		return 0;
	}
	if (o->pend_nl) {
		for (i = 0; i < o->pend_nl; i++)
			if (pk_normalize_put(o, "\n", 1, o->nl_orig[i]) < 0)
				return PK_ENOMEM;
	} else if (o->pend_space) {
		if (pk_normalize_put(o, " ", 1, o->space_orig) < 0)
			return PK_ENOMEM;
	}
	o->pend_nl = 0;
	o->pend_space = 0;
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	return pk_normalize_put(o, u, n, orig);
}

/* Normalize the gathered segment and emit what it becomes. */
static int pk_normalize_flush(pk_normalizer *n, pk_normalize_out *o)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t len, i;
	UChar32 c;
	uint32_t f;

	if (n->seg_len == 0)
		return 0;
	/* ASCII and precomposed Hangul standing alone are already NFKC */
	if (n->seg_len == 1 && (n->seg[0] < 0x80 ||
	    (n->seg[0] >= 0xAC00 && n->seg[0] <= 0xD7A3))) {
		n->seg_len = 0;
		return pk_normalize_emit(o, n->seg[0], n->seg_orig);
	}
	len = unorm2_normalize(n->nfkc, n->seg, n->seg_len, n->norm,
		n->norm_cap, &err);
	if (err == U_BUFFER_OVERFLOW_ERROR) {
		UChar *p = realloc(n->norm, ((size_t)len + 16) * sizeof *p);

		if (!p)
			return PK_ENOMEM;
		n->norm = p;
		n->norm_cap = len + 16;
		err = U_ZERO_ERROR;
		len = unorm2_normalize(n->nfkc, n->seg, n->seg_len, n->norm,
			n->norm_cap, &err);
	}
	if (U_FAILURE(err)) {
		pk_diag_emit(n->has_diag ? &n->diag : NULL, PK_SEV_ERROR,
			"byte %zu: ICU normalization failed: %s", n->seg_orig,
			u_errorName(err));
		return PK_EINPUT;
	}
	n->seg_len = 0;
	for (i = 0; i < len; ) {
		U16_NEXT(n->norm, i, len, c);
		f = pk_normalize_fold((uint32_t)c);
		if (f == PK_NORMALIZE_DROP)
			continue;
		if (pk_normalize_emit(o, f, n->seg_orig) < 0)
			return PK_ENOMEM;
	}
	return 0;
}

static int pk_normalize_gather(pk_normalizer *n, uint32_t c, size_t orig)
{
	if (n->seg_len + 2 > n->seg_cap) {
		int32_t cap = n->seg_cap ? n->seg_cap * 2 : 64;
		UChar *p;

		if (n->seg_cap > INT32_MAX / 4)
			return PK_ENOMEM;
		p = realloc(n->seg, (size_t)cap * sizeof *p);
		if (!p)
			return PK_ENOMEM;
		n->seg = p;
		n->seg_cap = cap;
	}
	if (n->seg_len == 0)
		n->seg_orig = orig;
	U16_APPEND_UNSAFE(n->seg, n->seg_len, c);
	return 0;
}

/* The whole stage: in[0..len) into o. */
static int pk_normalize_run(pk_normalizer *n, pk_normalize_out *o,
	const char *in, size_t len)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, k, j, m, last;
	uint32_t cp, c;
	int after_cr = 0, plain;
	int rc;

	n->seg_len = 0;
	while (i < len) {
		k = pk_utf8_decode(s + i, len - i, &cp);
		if (k == 0) {
			cp = 0xFFFD;
			k = 1;
		}
		if (cp == '\n' && after_cr) {
			after_cr = 0;
			i += k;
			continue;
		}
		after_cr = cp == '\r';
		plain = n->plain_starts && pk_normalize_plain(cp);
		c = after_cr ? '\n' : plain ? cp : pk_normalize_fold(cp);
		if (plain && n->seg_len == 1 && pk_normalize_plain(n->seg[0]) &&
		    !o->pend_nl && !o->pend_space) {
			/* a plain character held back (perhaps a fold's result),
			 * and cp cannot combine with it: it is written as it is */
			UChar h = n->seg[0];
			char u[3] = { (char)h, 0, 0 };

			if (h >= 0x80) {
				u[0] = (char)(0xE0 | (h >> 12));
				u[1] = (char)(0x80 | ((h >> 6) & 0x3F));
				u[2] = (char)(0x80 | (h & 0x3F));
			}
			if ((rc = pk_normalize_put(o, u, h < 0x80 ? 1 : 3, n->seg_orig)) < 0)
				return rc;
			/* so is every plain character after cp but the last of
			 * the run, which is held back in turn, and a single space
			 * between two of them, which the white-space rules write
			 * as it is: what this branch and the general one would do
			 * a character at a time, in one copy */
			for (j = i + k, last = i; j < len; j += m) {
				size_t at = j + (s[j] == ' ');

				if (at == len || !(m = pk_normalize_plain_at(s + at, len - at)))
					break;
				last = at;
				j = at;
			}
			if (last > i && (rc = pk_normalize_put_plain(o, in, i, last)) < 0)
				return rc;
			if (last > i)
				(void)pk_utf8_decode(s + last, len - last, &cp);
			n->seg[0] = (UChar)cp;
			n->seg_orig = last;
			i = j;
			continue;
		}
		if (c != PK_NORMALIZE_DROP) {
			if (n->seg_len > 0 &&
			    (plain || unorm2_hasBoundaryBefore(n->nfkc, (UChar32)c))) {
				rc = pk_normalize_flush(n, o);
				if (rc < 0)
					return rc;
			}
			if (pk_normalize_gather(n, c, i) < 0)
				return PK_ENOMEM;
		}
		i += k;
	}
	rc = pk_normalize_flush(n, o);
	if (rc < 0)
		return rc;
	/* trailing spaces and blank lines are simply never written */
	if (!o->text.ptr && pk_buf_put(&o->text, "", 0) < 0)
		return PK_ENOMEM;
	if (o->want_map && pk_normalize_put(o, "", 0, 0) < 0)
		return PK_ENOMEM;
	if (o->want_map)
		o->orig[o->text.len] = len;
	return 0;
}

static int pk_normalize_to(pk_ntext *out, pk_normalizer *n, const char *in, size_t len,
	int want_map)
{
	pk_normalize_out o;
	int rc;

	out->text = NULL;
	out->orig = NULL;
	out->len = 0;
	memset(&o, 0, sizeof o);
	o.want_map = want_map;
	rc = pk_normalize_run(n, &o, in, len);
	if (rc < 0)
		goto out;
	out->len = o.text.len;
	out->text = pk_buf_detach(&o.text);
	out->orig = o.orig;
	o.orig = NULL;
out:
	pk_buf_free(&o.text);
	free(o.orig);
	return rc;
}

int pk_normalize(pk_ntext *out, pk_normalizer *n, const char *in, size_t len)
{
	return pk_normalize_to(out, n, in, len, 1);
}

int pk_normalize_text(pk_ntext *out, pk_normalizer *n, const char *in, size_t len)
{
	return pk_normalize_to(out, n, in, len, 0);
}

int pk_normalize_str(char **out, pk_normalizer *n, const char *in)
{
	pk_normalize_out o;
	int rc;

	*out = NULL;
	memset(&o, 0, sizeof o);
	rc = pk_normalize_run(n, &o, in, strlen(in));
	if (rc < 0)
		goto out;
	*out = pk_buf_detach(&o.text);
out:
	pk_buf_free(&o.text);
	return rc;
}
