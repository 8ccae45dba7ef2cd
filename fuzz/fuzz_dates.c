/*
 * fuzz_dates.c - libFuzzer harness for the date resolver (src/pipeline/resolve.c).
 * The input is text, so the seed corpus reads as what a date rule
 * captures:
 *
 *   DOC REF Y M D Y2 M2 D2 UNIT REL DIRECTION WEEKDAY WEEKDAY2
 *
 * DOC and REF go through pk_ymd_parse (any bytes: a bad one anchors
 * nothing), the rest are integers (missing ones are 0).  Besides the
 * sanitizers it checks what the resolver promises: a failed resolution
 * leaves both dates empty; every date it gives is a real calendar date
 * that pk_date_format writes in 12 bytes in its XSD lexical form, a full
 * date reads back the same through pk_ymd_parse, and a range does not end
 * before it starts.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>

#include "fuzz_common.h"
#include "pipeline/resolve.h"

#define PK_FUZZ_CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "fuzz_dates: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)

/* The next whitespace-separated token of *s as a NUL-terminated copy in
 * tok (cut to its size). */
static void pk_fuzz_token(char *tok, size_t size, const char **s, const char *end)
{
	size_t n = 0;

	while (*s < end && isspace((unsigned char)**s))
		(*s)++;
	while (*s < end && !isspace((unsigned char)**s)) {
		if (n + 1 < size)
			tok[n++] = **s;
		(*s)++;
	}
	tok[n] = '\0';
}

static int pk_fuzz_int(const char **s, const char *end)
{
	char tok[32], *e;
	long long v;

	pk_fuzz_token(tok, sizeof tok, s, end);
	errno = 0;
	v = strtoll(tok, &e, 10);
	if (v > INT_MAX)
		v = INT_MAX;
	if (v < INT_MIN)
		v = INT_MIN;
	return (int)v;
}

static void pk_fuzz_check_ymd_parse(const char *s)
{
	pk_ymd v;

	if (pk_ymd_parse(&v, s) == 0) {
		PK_FUZZ_CHECK(v.y > 0 && pk_ymd_valid(v.y, v.m, v.d));
		PK_FUZZ_CHECK(pk_ymd_weekday(v.y, v.m, v.d) >= 1 &&
			pk_ymd_weekday(v.y, v.m, v.d) <= 7);
	} else {
		PK_FUZZ_CHECK(v.y == 0 && v.m == 0 && v.d == 0);
	}
}

/* A date the resolver gave: real, formatted in its lexical form. */
static void pk_fuzz_check_date(const pk_date *d)
{
	char buf[12], small[4];
	const char *type = pk_date_format(d, buf, sizeof buf);
	pk_ymd back;

	if (d->kind == PK_DATE_NONE) {
		PK_FUZZ_CHECK(type == NULL);
		return;
	}
	PK_FUZZ_CHECK(type != NULL);
	PK_FUZZ_CHECK(pk_date_format(d, small, sizeof small) == NULL ||
		strlen(small) < sizeof small);
	switch (d->kind) {
	case PK_DATE_FULL:
		PK_FUZZ_CHECK(strcmp(type, "date") == 0);
		PK_FUZZ_CHECK(pk_ymd_parse(&back, buf) == 0);
		PK_FUZZ_CHECK(back.y == d->v.y && back.m == d->v.m && back.d == d->v.d);
		break;
	case PK_DATE_YEAR_MONTH:
		PK_FUZZ_CHECK(strcmp(type, "gYearMonth") == 0);
		PK_FUZZ_CHECK(d->v.y > 0 && d->v.m >= 1 && d->v.m <= 12);
		PK_FUZZ_CHECK(strlen(buf) == 7 && buf[4] == '-');
		break;
	case PK_DATE_YEAR:
		PK_FUZZ_CHECK(strcmp(type, "gYear") == 0);
		PK_FUZZ_CHECK(d->v.y > 0 && strlen(buf) == 4);
		break;
	case PK_DATE_MONTH_DAY:
		PK_FUZZ_CHECK(strcmp(type, "gMonthDay") == 0);
		PK_FUZZ_CHECK(pk_ymd_valid(0, d->v.m, d->v.d));
		PK_FUZZ_CHECK(strlen(buf) == 7 && buf[0] == '-' && buf[1] == '-');
		break;
	case PK_DATE_DAY:
		PK_FUZZ_CHECK(strcmp(type, "gDay") == 0);
		PK_FUZZ_CHECK(d->v.d >= 1 && d->v.d <= 31 && strlen(buf) == 5);
		break;
	default:
		PK_FUZZ_CHECK(!"a date kind the resolver does not have");
	}
}

/* end is not before start, where both say enough to compare. */
static void pk_fuzz_check_order(const pk_date *start, const pk_date *end)
{
	if (start->kind != PK_DATE_FULL || end->kind != PK_DATE_FULL)
		return;
	PK_FUZZ_CHECK(end->v.y > start->v.y ||
		(end->v.y == start->v.y && (end->v.m > start->v.m ||
		 (end->v.m == start->v.m && end->v.d >= start->v.d))));
}

/* Resolve p against doc and ref and check what comes out. */
static void pk_fuzz_resolve(const pk_date_parts *p, const pk_ymd *doc, const pk_ymd *ref)
{
	pk_date start, stop;
	int rc = pk_resolve_date(&start, &stop, p, doc, ref);

	PK_FUZZ_CHECK(rc == PK_RESOLVE_OK || rc == PK_RESOLVE_IMPOSSIBLE ||
		rc == PK_RESOLVE_WEEKDAY);
	if (rc != PK_RESOLVE_OK) {
		PK_FUZZ_CHECK(start.kind == PK_DATE_NONE && stop.kind == PK_DATE_NONE);
		return;
	}
	pk_fuzz_check_date(&start);
	pk_fuzz_check_date(&stop);
	pk_fuzz_check_order(&start, &stop);
	if (stop.kind != PK_DATE_NONE)
		PK_FUZZ_CHECK(start.kind != PK_DATE_NONE);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	char doc_s[40], ref_s[40];
	pk_date_parts p = PK_DATE_PARTS_INIT;
	pk_ymd doc, ref;
	int unit;

	pk_fuzz_token(doc_s, sizeof doc_s, &s, end);
	pk_fuzz_token(ref_s, sizeof ref_s, &s, end);
	pk_fuzz_check_ymd_parse(doc_s);
	pk_fuzz_check_ymd_parse(ref_s);
	pk_ymd_parse(&doc, doc_s);
	pk_ymd_parse(&ref, ref_s);
	p.y = pk_fuzz_int(&s, end);
	p.m = pk_fuzz_int(&s, end);
	p.d = pk_fuzz_int(&s, end);
	p.y2 = pk_fuzz_int(&s, end);
	p.m2 = pk_fuzz_int(&s, end);
	p.d2 = pk_fuzz_int(&s, end);
	unit = pk_fuzz_int(&s, end);
	p.rel_unit = unit >= PK_REL_NONE && unit <= PK_REL_WEEK ? (pk_rel_unit)unit : PK_REL_NONE;
	p.rel = pk_fuzz_int(&s, end);
	p.direction = pk_fuzz_int(&s, end);
	p.weekday = pk_fuzz_int(&s, end);
	p.weekday2 = pk_fuzz_int(&s, end);

	/* a document without a date (y == 0) is as the pipeline passes it */
	pk_fuzz_resolve(&p, &doc, &ref);
	pk_fuzz_resolve(&p, NULL, NULL);
	/* anchors that are no date at all must anchor nothing, not crash */
	if (size >= 3) {
		pk_ymd raw = { (int)data[0] * 40 - 5000, (signed char)data[1], (signed char)data[2] };

		pk_fuzz_resolve(&p, &raw, &raw);
		pk_fuzz_resolve(&p, &doc, &raw);
	}
	return 0;
}
