/*
 * segment.c - the segmentation stage.  Takes the normalized text and hands
 * the gazetteer and the rules a list of sentences, as byte spans into that
 * text, in order, trimmed and never empty.
 *
 * ICU's sentence break iterator ("ko") finds the candidates; news prose
 * then needs repairs:
 *   - a line break always ends a sentence (titles, captions, list items
 *     and bylines stand alone), and resets everything below;
 *   - a break inside a pair of brackets or quotes ( ) [ ] { } 「 」 『 』
 *     《 》 〈 〉 【 】 〔 〕 " ' is taken back.  An opener only counts when
 *     its closer follows on the same line, so one stray quote cannot glue
 *     a paragraph together; " toggles, ' opens only after a space, a line
 *     start or an opener and closes only after a visible character;
 *   - a break right after a closing quote or bracket with no space before
 *     the next character is taken back: in Korean that character is a
 *     particle ("...이다."라고 밝혔다);
 *   - a break after an ellipsis is taken back unless a Korean sentence
 *     ending (다, 요, 까, 죠) precedes it: headlines join clauses with it;
 *   - a break after "2025." before "8." (Korean dates), after an
 *     initial ("U.S.", "J.") before a non-Latin word, or between two
 *     Latin letters or digits ("view.do?seq=1") is taken back.
 * Positions are UTF-16 indexes while we work; a table maps each back to
 * its UTF-8 byte offset.
 */
#include "pipeline/segment.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utypes.h>

#define PK_SEGMENT_NPAIRS 10
#define PK_SEGMENT_LOOKBACK 32

struct pk_segmenter {
	UBreakIterator *bi;  /* closed with ubrk_close */
	pk_diag diag;
	int has_diag;
	UChar *u16;          /* scratch: the text in UTF-16 */
	uint32_t *off;       /* scratch: UTF-8 byte offset of each UTF-16 unit (texts
	                      * are under 2 GB: ICU counts in int32_t) */
	size_t cap;          /* units both can hold */
};

/* The bracket pairs that hold a sentence together. */
static const UChar pk_segment_open[PK_SEGMENT_NPAIRS] = {
	'(', '[', '{', 0x300C, 0x300E, 0x300A, 0x3008, 0x3010, 0x3014, 0xFF08
};
static const UChar pk_segment_close[PK_SEGMENT_NPAIRS] = {
	')', ']', '}', 0x300D, 0x300F, 0x300B, 0x3009, 0x3011, 0x3015, 0xFF09
};

/* State of the bracket and quote tracking within one line. */
typedef struct pk_segment_line {
	size_t rem[PK_SEGMENT_NPAIRS]; /* closers still ahead on the line */
	size_t open[PK_SEGMENT_NPAIRS];
	size_t depth;                  /* sum of open[] */
	size_t rem_dq;                 /* " still ahead */
	size_t rem_sq;                 /* closing ' still ahead */
	int in_dq;
	int in_sq;
} pk_segment_line;

/* Output spans being collected. */
typedef struct pk_segment_spans {
	pk_span *v;
	size_t n;
	size_t cap;
} pk_segment_spans;

int pk_segmenter_new(pk_segmenter **out, const pk_diag *diag)
{
	pk_segmenter *sg;
	UErrorCode err = U_ZERO_ERROR;
	int rc = 0;

	*out = NULL;
	sg = calloc(1, sizeof *sg);
	if (!sg)
		return PK_ENOMEM;
	if (diag) {
		sg->diag = *diag;
		sg->has_diag = 1;
	}
	/* ICU's sentence rules are the same for Korean and English; the
	 * English locale adds CLDR's abbreviation suppressions (ss=standard),
	 * so "U.S. President", "Mr. Lee" and "Sept. 24" are not cut. */
	sg->bi = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, &err);
	if (U_FAILURE(err) || !sg->bi) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"ICU: cannot open the sentence break iterator: %s",
			u_errorName(err));
		rc = PK_EINPUT;
		goto out;
	}
	*out = sg;
	sg = NULL;
out:
	pk_segmenter_free(sg);
	return rc;
}

void pk_segmenter_free(pk_segmenter *sg)
{
	if (!sg)
		return;
	if (sg->bi)
		ubrk_close(sg->bi);
	free(sg->u16);
	free(sg->off);
	free(sg);
}

/* Whether c is none of the quotes and brackets the line tracking looks
 * at: most text (Hangul, letters, digits), which then costs one test
 * instead of a walk of both bracket tables. */
static inline int pk_segment_plain(UChar c)
{
	if (c < 0x80)
		return !(c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' ||
			c == ']' || c == '{' || c == '}');
	return !((c >= 0x3008 && c <= 0x3015) || c == 0xFF08 || c == 0xFF09);
}

static int pk_segment_pair(UChar c, const UChar *table)
{
	int i;

	for (i = 0; i < PK_SEGMENT_NPAIRS; i++)
		if (table[i] == c)
			return i;
	return -1;
}

static int pk_segment_is_space(UChar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		u_isUWhiteSpace(c);
}

static int pk_segment_is_newline(UChar c)
{
	return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

/* Does a ' at i open a quotation?  (After a line start, a space, an
 * opening bracket or ", and before something visible.)  Otherwise it is
 * a closer candidate. */
static int pk_segment_sq_opens(const UChar *u, size_t ls, size_t i, size_t le)
{
	UChar p;

	if (i + 1 >= le || pk_segment_is_space(u[i + 1]))
		return 0;
	if (i == ls)
		return 1;
	p = u[i - 1];
	return pk_segment_is_space(p) || p == '"' ||
		pk_segment_pair(p, pk_segment_open) >= 0;
}

static int pk_segment_sq_closes(const UChar *u, size_t ls, size_t i, size_t le)
{
	return i > ls && !pk_segment_is_space(u[i - 1]) &&
		!pk_segment_sq_opens(u, ls, i, le);
}

/* Count the closers of line [ls, le) before walking it. */
static void pk_segment_line_start(pk_segment_line *ln, const UChar *u,
	size_t ls, size_t le)
{
	size_t i;
	int t;

	memset(ln, 0, sizeof *ln);
	for (i = ls; i < le; i++) {
		if (pk_segment_plain(u[i]))
			continue;
		if (u[i] == '"')
			ln->rem_dq++;
		else if (u[i] == '\'' && pk_segment_sq_closes(u, ls, i, le))
			ln->rem_sq++;
		else if ((t = pk_segment_pair(u[i], pk_segment_close)) >= 0)
			ln->rem[t]++;
	}
}

/* Account for the character at i, which lies inside line [ls, le). */
static void pk_segment_line_step(pk_segment_line *ln, const UChar *u,
	size_t ls, size_t i, size_t le)
{
	int t;

	if (pk_segment_plain(u[i]))
		return;
	if (u[i] == '"') {
		ln->rem_dq--;
		if (ln->in_dq)
			ln->in_dq = 0;
		else if (ln->rem_dq > 0)
			ln->in_dq = 1;
	} else if (u[i] == '\'') {
		if (pk_segment_sq_closes(u, ls, i, le)) {
			ln->rem_sq--;
			ln->in_sq = 0;
		} else if (!ln->in_sq && ln->rem_sq > 0 &&
		    pk_segment_sq_opens(u, ls, i, le)) {
			ln->in_sq = 1;
		}
	} else if ((t = pk_segment_pair(u[i], pk_segment_open)) >= 0) {
		if (ln->rem[t] > ln->open[t]) {
			ln->open[t]++;
			ln->depth++;
		}
	} else if ((t = pk_segment_pair(u[i], pk_segment_close)) >= 0) {
		ln->rem[t]--;
		if (ln->open[t] > 0) {
			ln->open[t]--;
			ln->depth--;
		}
	}
}

static int pk_segment_is_closer(UChar c)
{
	return c == '"' || c == '\'' || pk_segment_pair(c, pk_segment_close) >= 0;
}

static int pk_segment_is_dot(UChar c)
{
	return c == '.' || c == 0x2026;
}

static int pk_segment_is_digit(UChar c)
{
	return c >= '0' && c <= '9';
}

static int pk_segment_is_alnum(UChar c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		(c >= 'a' && c <= 'z');
}

static int pk_segment_is_upper(UChar c)
{
	return c >= 'A' && c <= 'Z';
}

/* Should ICU's break at p (ls < p, p before the line's end) be taken back for what surrounds
 * it, regardless of brackets? */
static int pk_segment_false_break(const UChar *u, size_t ls, size_t p)
{
	size_t t = p, stop;
	UChar before;

	/* "...이다."라고: a closer glued to the next word */
	if (pk_segment_is_closer(u[p - 1]) && !pk_segment_is_space(u[p]))
		return 1;
	/* "view.do?seq=1": a terminator inside a URL or a name */
	if (p - 1 > ls && (u[p - 1] == '?' || u[p - 1] == '!' || u[p - 1] == '.') &&
	    pk_segment_is_alnum(u[p - 2]) && pk_segment_is_alnum(u[p]))
		return 1;
	/* back over spaces and closers to the terminator */
	stop = p - ls > PK_SEGMENT_LOOKBACK ? p - PK_SEGMENT_LOOKBACK : ls;
	while (t > stop && pk_segment_is_space(u[t - 1]))
		t--;
	while (t > stop && pk_segment_is_closer(u[t - 1]))
		t--;
	if (t == stop || !pk_segment_is_dot(u[t - 1]))
		return 0;
	/* an ellipsis: "회담... 협력 논의" */
	if (u[t - 1] == 0x2026 || (t - 1 > ls && u[t - 2] == '.')) {
		while (t > stop && pk_segment_is_dot(u[t - 1]))
			t--;
		if (t == ls)
			return 1;
		before = u[t - 1];
		return !(before == 0xB2E4 || before == 0xC694 ||
			before == 0xAE4C || before == 0xC8E0);
	}
	if (t - 1 == ls)
		return 0;
	before = u[t - 2];
	/* "2025. 8. 4.": a number before a number, or the last of a date */
	if (pk_segment_is_digit(before)) {
		if (pk_segment_is_digit(u[p]))
			return 1;
		t -= 2; /* the digit; t - 1 > ls was checked above */
		while (t > ls && pk_segment_is_digit(u[t - 1]))
			t--;
		return t >= ls + 3 && u[t - 1] == ' ' && u[t - 2] == '.' &&
			pk_segment_is_digit(u[t - 3]);
	}
	/* "U.S. 상무부", "J. 스미스" */
	if (pk_segment_is_upper(before) &&
	    (t - 2 == ls || u[t - 3] == '.' || pk_segment_is_space(u[t - 3])) &&
	    !pk_segment_is_upper(u[p]) && !(u[p] >= 'a' && u[p] <= 'z'))
		return 1;
	/* "U.S. President", "U.K. Secretary": a dotted abbreviation of two or
	 * more letters reads on into a capitalized word far more often in this
	 * news than it ends a sentence (ICU's own suppressions miss these) */
	if (pk_segment_is_upper(before) && t >= ls + 4 && u[t - 3] == '.' &&
	    pk_segment_is_upper(u[t - 4]) && (t == ls + 4 || !pk_segment_is_alnum(u[t - 5])) &&
	    pk_segment_is_upper(u[p]))
		return 1;
	return 0;
}

/* Add [s, e) (UTF-16 indexes), trimmed, unless it is empty. */
static int pk_segment_add(pk_segment_spans *sp, const pk_segmenter *sg,
	size_t s, size_t e)
{
	const UChar *u = sg->u16;

	while (s < e && pk_segment_is_space(u[s]))
		s++;
	while (e > s && pk_segment_is_space(u[e - 1]))
		e--;
	if (s == e)
		return 0;
	if (sp->n == sp->cap) {
		size_t cap = sp->cap ? sp->cap * 2 : 16;
		pk_span *v;

		if (cap > SIZE_MAX / sizeof *v)
			return PK_ENOMEM;
		v = realloc(sp->v, cap * sizeof *v);
		if (!v)
			return PK_ENOMEM;
		sp->v = v;
		sp->cap = cap;
	}
	sp->v[sp->n].start = sg->off[s];
	sp->v[sp->n].end = sg->off[e];
	sp->n++;
	return 0;
}

/* text into sg->u16 and sg->off; *n16 units. */
static int pk_segment_convert(pk_segmenter *sg, size_t *n16,
	const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, j = 0, k;
	uint32_t cp;

	if (len + 1 > sg->cap) {
		UChar *u;
		uint32_t *off;

		if (len + 1 > SIZE_MAX / sizeof *off)
			return PK_ENOMEM;
		u = realloc(sg->u16, (len + 1) * sizeof *u);
		if (!u)
			return PK_ENOMEM;
		sg->u16 = u;
		off = realloc(sg->off, (len + 1) * sizeof *off);
		if (!off)
			return PK_ENOMEM;
		sg->off = off;
		sg->cap = len + 1;
	}
	while (i < len) {
		k = pk_utf8_decode(s + i, len - i, &cp);
		if (k == 0) {
			cp = 0xFFFD;
			k = 1;
		}
		sg->off[j] = (uint32_t)i;
		if (cp > 0xFFFF)
			sg->off[j + 1] = (uint32_t)i;
		/* k >= U16_LENGTH(cp), so j never passes len */
		U16_APPEND_UNSAFE(sg->u16, j, cp);
		i += k;
	}
	sg->off[j] = (uint32_t)len;
	sg->u16[j] = 0;
	*n16 = j;
	return 0;
}

/* Each span's code point offset, in one pass over the text: the graph
 * stage gives mentions in code points, and counting from the text's start
 * for each of them made a long document quadratic. */
static void pk_segment_count_cps(pk_span *v, size_t n, const char *text)
{
	size_t i, at = 0, cp = 0;

	for (i = 0; i < n; i++) {
		cp += pk_utf8_count(text + at, v[i].start - at);
		at = v[i].start;
		v[i].cp = cp;
	}
}

int pk_segment(pk_span **out, size_t *n, pk_segmenter *sg,
	const char *text, size_t len)
{
	pk_segment_spans sp = { NULL, 0, 0 };
	pk_segment_line ln;
	UErrorCode err = U_ZERO_ERROR;
	const UChar *u;
	size_t n16, p, ls, le, start;
	int32_t b;
	int rc;

	*out = NULL;
	*n = 0;
	if (len > INT32_MAX) {
		pk_diag_emit(sg->has_diag ? &sg->diag : NULL, PK_SEV_ERROR,
			"text of %zu bytes is too long to segment", len);
		return PK_EINPUT;
	}
	rc = pk_segment_convert(sg, &n16, text, len);
	if (rc < 0)
		goto out;
	u = sg->u16;
	ubrk_setText(sg->bi, u, (int32_t)n16, &err);
	if (U_FAILURE(err)) {
		pk_diag_emit(sg->has_diag ? &sg->diag : NULL, PK_SEV_ERROR,
			"ICU: sentence break iterator failed: %s", u_errorName(err));
		rc = PK_EINPUT;
		goto out;
	}
	b = ubrk_first(sg->bi);
	for (ls = 0; ls <= n16; ls = le + 1) {
		for (le = ls; le < n16 && !pk_segment_is_newline(u[le]); le++)
			;
		pk_segment_line_start(&ln, u, ls, le);
		start = ls;
		for (p = ls; p < le; p++) {
			while (b != UBRK_DONE && (size_t)b < p)
				b = ubrk_next(sg->bi);
			if (b != UBRK_DONE && (size_t)b == p && p > start &&
			    ln.depth == 0 && !ln.in_dq && !ln.in_sq &&
			    !pk_segment_false_break(u, ls, p)) {
				rc = pk_segment_add(&sp, sg, start, p);
				if (rc < 0)
					goto out;
				start = p;
			}
			pk_segment_line_step(&ln, u, ls, p, le);
		}
		rc = pk_segment_add(&sp, sg, start, le);
		if (rc < 0)
			goto out;
	}
	pk_segment_count_cps(sp.v, sp.n, text);
	*out = sp.v;
	*n = sp.n;
	sp.v = NULL;
out:
	free(sp.v);
	return rc;
}
