/*
 * test_resolve.c - the date resolution stage: each Korean news convention
 * (bare and directed days, month/day without a year, relative years, months
 * and weeks, bracketed weekdays, ranges) resolved against a document date,
 * the impossible dates, and the lexical forms.
 *
 * The cases are tables: one row per call, its inputs and what must come
 * out; rows that share a name are one case (check.h says how to run one).
 */
#include "pipeline/resolve.h"

#include <limits.h>
#include <string.h>

#include "check.h"

enum {
	OK = PK_RESOLVE_OK,
	IMPOSSIBLE = PK_RESOLVE_IMPOSSIBLE,
	WEEKDAY = PK_RESOLVE_WEEKDAY
};

/* "Today" for weekday inference, fixed so the tests do not age. */
static const pk_ymd today = { 2026, 11, 23 };

/* ---- pk_resolve_date ---------------------------------------------------- */

/* One call of pk_resolve_date.  parts are what the rule captured (unset
 * fields 0; direction -1 is "지난 22일", +1 "오는 15일"), doc the article's
 * date ({ 0 }: undated).  start and end are the expected results as "TYPE
 * LEXICAL" ("date 2024-05-10", "gDay ---22"), NULL for no date. */
typedef struct resolve_row {
	const char *name;
	pk_date_parts parts;
	pk_ymd doc;
	int status;
	const char *start;
	const char *end;
} resolve_row;

static const resolve_row resolve_rows[] = {
	/* name, parts, doc, status, start, end */
	{ "full_date", { .y = 2024, .m = 5, .d = 10 }, { 2025, 1, 1 }, OK, "date 2024-05-10", NULL },
	{ "full_date", { .y = 2024, .m = 5, .d = 10 }, { 0 }, OK, "date 2024-05-10", NULL },

	/* issue 13: 어제, 오늘, 내일 (day-1, day+0, day+1 in date-relative);
	 * without the document's date, nothing */
	{ "relative_day_crosses_year", { .rel_unit = PK_REL_DAY, .rel = -1 }, { 2025, 1, 1 },
		OK, "date 2024-12-31", NULL },
	{ "relative_day_crosses_year", { .rel_unit = PK_REL_DAY, .rel = 0 }, { 2024, 2, 29 },
		OK, "date 2024-02-29", NULL },
	{ "relative_day_crosses_year", { .rel_unit = PK_REL_DAY, .rel = 1 }, { 2024, 2, 29 },
		OK, "date 2024-03-01", NULL },
	{ "relative_day_crosses_year", { .rel_unit = PK_REL_DAY, .rel = -1 }, { 0 },
		OK, NULL, NULL },

	/* Found by fuzz/fuzz_dates.c (fuzz/regress/dates/end-year-without-start):
	 * an end year with no start gave a range that ended without beginning. */
	{ "end_year_without_start_is_no_range", { .y2 = 2002 }, { 2025, 8, 4 }, OK, NULL, NULL },

	/* a day alone: "10일", "지난 22일", "오는 15일" */
	{ "past_day_crosses_month", { .d = 30, .direction = -1 }, { 2024, 5, 10 },
		OK, "date 2024-04-30", NULL },
	{ "past_day_same_month", { .d = 3, .direction = -1 }, { 2024, 5, 10 },
		OK, "date 2024-05-03", NULL },
	{ "past_day_same_month", { .d = 10, .direction = -1 }, { 2024, 5, 10 },
		OK, "date 2024-05-10", NULL },
	{ "past_day_crosses_year", { .d = 30, .direction = -1 }, { 2025, 1, 5 },
		OK, "date 2024-12-30", NULL },
	/* 지난 31일 in early May: April has no 31st; no further guessing */
	{ "past_day_missing_in_previous_month", { .d = 31, .direction = -1 }, { 2024, 5, 2 },
		IMPOSSIBLE, NULL, NULL },
	{ "bare_day_same_month", { .d = 4 }, { 2025, 8, 4 }, OK, "date 2025-08-04", NULL },
	/* "10일(현지시각)": the rule captures only the day */
	{ "local_time_day", { .d = 10 }, { 2025, 8, 11 }, OK, "date 2025-08-10", NULL },
	{ "bare_day_allows_a_week_ahead", { .d = 17 }, { 2024, 5, 10 }, OK, "date 2024-05-17", NULL },
	{ "bare_day_allows_a_week_ahead", { .d = 18 }, { 2024, 5, 10 }, OK, "date 2024-04-18", NULL },
	{ "bare_day_previous_month_across_year", { .d = 28 }, { 2025, 1, 3 },
		OK, "date 2024-12-28", NULL },
	{ "future_day_next_month", { .d = 3, .direction = 1 }, { 2024, 5, 20 },
		OK, "date 2024-06-03", NULL },
	{ "future_day_same_month", { .d = 25, .direction = 1 }, { 2024, 5, 20 },
		OK, "date 2024-05-25", NULL },
	{ "future_day_same_month", { .d = 20, .direction = 1 }, { 2024, 5, 20 },
		OK, "date 2024-05-20", NULL },
	{ "future_day_crosses_year", { .d = 3, .direction = 1 }, { 2024, 12, 20 },
		OK, "date 2025-01-03", NULL },

	/* month and day without a year; a few months ahead is still this
	 * year (an announcement), six months is the limit */
	{ "month_day_uses_doc_year", { .m = 5, .d = 10 }, { 2024, 5, 12 }, OK, "date 2024-05-10", NULL },
	{ "month_day_uses_doc_year", { .m = 9, .d = 1 }, { 2024, 5, 12 }, OK, "date 2024-09-01", NULL },
	{ "month_day_previous_year_in_january", { .m = 12, .d = 28 }, { 2025, 1, 3 },
		OK, "date 2024-12-28", NULL },
	{ "month_day_six_months_ahead_is_the_limit", { .m = 7, .d = 3 }, { 2025, 1, 3 },
		OK, "date 2025-07-03", NULL },
	{ "month_day_six_months_ahead_is_the_limit", { .m = 7, .d = 4 }, { 2025, 1, 3 },
		OK, "date 2024-07-04", NULL },
	/* 오는 2월 3일 in November; 오는 12월 28일 in January stays in the
	 * year, however far */
	{ "future_month_day_next_year", { .m = 2, .d = 3, .direction = 1 }, { 2024, 11, 20 },
		OK, "date 2025-02-03", NULL },
	{ "future_month_day_next_year", { .m = 12, .d = 28, .direction = 1 }, { 2025, 1, 3 },
		OK, "date 2025-12-28", NULL },
	{ "past_month_day_previous_year", { .m = 6, .d = 1, .direction = -1 }, { 2024, 5, 10 },
		OK, "date 2023-06-01", NULL },
	{ "month_only_uses_doc_year", { .m = 5 }, { 2024, 5, 12 }, OK, "gYearMonth 2024-05", NULL },
	{ "month_only_uses_doc_year", { .m = 11 }, { 2025, 1, 3 }, OK, "gYearMonth 2024-11", NULL },
	{ "month_only_without_doc_date", { .m = 5 }, { 0 }, OK, NULL, NULL },

	/* weekdays: 1 Monday ... 7 Sunday */
	{ "weekday_picks_year_without_doc_date", { .m = 10, .d = 23, .weekday = 4 }, { 0 },
		OK, "date 2025-10-23", NULL },
	/* 2026-11-26 is a Thursday, but after today (2026-11-23); today
	 * itself counts */
	{ "weekday_year_not_after_reference", { .m = 11, .d = 26, .weekday = 4 }, { 0 },
		OK, "date 2020-11-26", NULL },
	{ "weekday_year_not_after_reference", { .m = 11, .d = 23, .weekday = 1 }, { 0 },
		OK, "date 2026-11-23", NULL },
	/* "on Tuesday" alone: the nearest Tuesday up to the article's day (the
	 * day itself included); "next Tuesday" the first after it; nothing in
	 * an undated article.  2025-10-15 is a Wednesday. */
	{ "weekday_alone", { .weekday = 3 }, { 2025, 10, 15 }, OK, "date 2025-10-15", NULL },
	{ "weekday_alone", { .weekday = 2 }, { 2025, 10, 15 }, OK, "date 2025-10-14", NULL },
	{ "weekday_alone", { .weekday = 4 }, { 2025, 10, 15 }, OK, "date 2025-10-09", NULL },
	{ "weekday_alone", { .weekday = 4, .direction = 1 }, { 2025, 10, 15 },
		OK, "date 2025-10-16", NULL },
	{ "weekday_alone", { .weekday = 3, .direction = 1 }, { 2025, 10, 15 },
		OK, "date 2025-10-22", NULL },
	{ "weekday_alone", { .weekday = 7 }, { 2025, 1, 2 }, OK, "date 2024-12-29", NULL },
	{ "weekday_alone", { .weekday = 7 }, { 0 }, OK, NULL, NULL },
	/* 2024-05-10 was a Friday */
	{ "weekday_mismatch_is_reported", { .y = 2024, .m = 5, .d = 10, .weekday = 4 }, { 2024, 5, 12 },
		WEEKDAY, NULL, NULL },
	{ "weekday_mismatch_is_reported", { .y = 2024, .m = 5, .d = 10, .weekday = 5 }, { 2024, 5, 12 },
		OK, "date 2024-05-10", NULL },
	/* "10일(금)" and "10일(목)" in an article of 2024-05-12 */
	{ "weekday_checks_inferred_date", { .d = 10, .weekday = 5 }, { 2024, 5, 12 },
		OK, "date 2024-05-10", NULL },
	{ "weekday_checks_inferred_date", { .d = 10, .weekday = 4 }, { 2024, 5, 12 },
		WEEKDAY, NULL, NULL },
	{ "weekday_ignored_for_day_without_doc_date", { .d = 22, .weekday = 3 }, { 0 },
		OK, "gDay ---22", NULL },

	/* impossible dates: no date is emitted */
	{ "impossible_date_february_30", { .y = 2024, .m = 2, .d = 30 }, { 2024, 5, 12 },
		IMPOSSIBLE, NULL, NULL },
	{ "impossible_date_february_30", { .m = 2, .d = 30 }, { 0 }, IMPOSSIBLE, NULL, NULL },
	{ "impossible_month_and_day_numbers", { .m = 13, .d = 1 }, { 2024, 5, 12 },
		IMPOSSIBLE, NULL, NULL },
	{ "impossible_month_and_day_numbers", { .d = 32 }, { 2024, 5, 12 }, IMPOSSIBLE, NULL, NULL },
	{ "impossible_month_and_day_numbers", { .d = 32 }, { 0 }, IMPOSSIBLE, NULL, NULL },
	{ "impossible_month_and_day_numbers", { .d = -1 }, { 2024, 5, 12 }, IMPOSSIBLE, NULL, NULL },
	{ "impossible_leap_day_in_common_year", { .m = 2, .d = 29 }, { 2025, 3, 1 },
		IMPOSSIBLE, NULL, NULL },
	/* with no year known, 29 February may exist */
	{ "leap_day", { .y = 2024, .m = 2, .d = 29 }, { 0 }, OK, "date 2024-02-29", NULL },
	{ "leap_day", { .y = 1900, .m = 2, .d = 29 }, { 0 }, IMPOSSIBLE, NULL, NULL },
	{ "leap_day", { .y = 2000, .m = 2, .d = 29 }, { 0 }, OK, "date 2000-02-29", NULL },
	{ "leap_day", { .m = 2, .d = 29 }, { 0 }, OK, "gMonthDay --02-29", NULL },
	{ "year_out_of_range_is_impossible", { .y = 999 }, { 2024, 5, 12 }, IMPOSSIBLE, NULL, NULL },
	{ "year_out_of_range_is_impossible", { .y = 10000 }, { 2024, 5, 12 }, IMPOSSIBLE, NULL, NULL },
	{ "year_out_of_range_is_impossible", { .rel_unit = PK_REL_YEAR, .rel = INT_MAX },
		{ 2024, 5, 12 }, IMPOSSIBLE, NULL, NULL },
	{ "year_out_of_range_is_impossible", { .rel_unit = PK_REL_MONTH, .rel = INT_MIN },
		{ 2024, 5, 12 }, IMPOSSIBLE, NULL, NULL },

	/* ranges */
	{ "range_inherits_month", { .d = 13, .d2 = 14 }, { 2023, 11, 23 },
		OK, "date 2023-11-13", "date 2023-11-14" },
	{ "range_across_months", { .m = 7, .d = 28, .m2 = 8, .d2 = 6 }, { 2025, 8, 4 },
		OK, "date 2025-07-28", "date 2025-08-06" },
	{ "range_across_years", { .m = 12, .d = 28, .m2 = 1, .d2 = 3 }, { 2025, 1, 5 },
		OK, "date 2024-12-28", "date 2025-01-03" },
	{ "range_across_years", { .m = 12, .d = 28, .m2 = 1, .d2 = 3 }, { 2024, 12, 20 },
		OK, "date 2024-12-28", "date 2025-01-03" },
	/* "지난 30일부터 2일까지" in an article of 2024-05-10 */
	{ "range_days_across_month", { .d = 30, .direction = -1, .d2 = 2 }, { 2024, 5, 10 },
		OK, "date 2024-04-30", "date 2024-05-02" },
	/* "5월 21일(화)과 22일(수)" */
	{ "range_pair_of_days", { .m = 5, .d = 21, .d2 = 22, .weekday = 2, .weekday2 = 3 },
		{ 2024, 5, 25 }, OK, "date 2024-05-21", "date 2024-05-22" },
	{ "range_end_weekday_mismatch_is_reported", { .m = 5, .d = 21, .d2 = 22, .weekday2 = 4 },
		{ 2024, 5, 25 }, WEEKDAY, NULL, NULL },
	{ "range_end_before_start_is_impossible",
		{ .y = 2024, .m = 5, .d = 10, .y2 = 2023, .m2 = 6, .d2 = 1 }, { 2024, 5, 12 },
		IMPOSSIBLE, NULL, NULL },
	{ "range_end_impossible", { .m = 2, .d = 27, .d2 = 30 }, { 2024, 3, 2 },
		IMPOSSIBLE, NULL, NULL },
	/* "2024년 11월부터 2월까지" */
	{ "range_year_months", { .y = 2024, .m = 11, .m2 = 2 }, { 0 },
		OK, "gYearMonth 2024-11", "gYearMonth 2025-02" },
	{ "range_without_doc_date", { .m = 5, .d = 21, .d2 = 22 }, { 0 },
		OK, "gMonthDay --05-21", "gMonthDay --05-22" },
	{ "range_without_doc_date", { .d = 21, .d2 = 22 }, { 0 }, OK, "gDay ---21", "gDay ---22" },
	/* "10월 23일(목)~24일(금)" with no document date */
	{ "range_with_weekday_year_without_doc_date",
		{ .m = 10, .d = 23, .weekday = 4, .d2 = 24, .weekday2 = 5 }, { 0 },
		OK, "date 2025-10-23", "date 2025-10-24" },

	/* what is known, and only that */
	{ "year_month", { .y = 2023, .m = 11 }, { 2024, 5, 12 }, OK, "gYearMonth 2023-11", NULL },
	{ "year_only", { .y = 2014 }, { 2024, 5, 12 }, OK, "gYear 2014", NULL },

	/* relative years: 지난해 -1, 올해 0, 내년 +1 */
	{ "last_year", { .rel_unit = PK_REL_YEAR, .rel = -1 }, { 2023, 11, 8 }, OK, "gYear 2022", NULL },
	{ "last_year", { .rel_unit = PK_REL_YEAR, .rel = 0 }, { 2023, 11, 8 }, OK, "gYear 2023", NULL },
	{ "last_year_month", { .rel_unit = PK_REL_YEAR, .rel = -1, .m = 11 }, { 2023, 11, 8 },
		OK, "gYearMonth 2022-11", NULL },
	{ "next_year_month_day", { .rel_unit = PK_REL_YEAR, .rel = 1, .m = 3, .d = 5 }, { 2024, 5, 10 },
		OK, "date 2025-03-05", NULL },
	{ "next_year_month_day", { .rel_unit = PK_REL_YEAR, .rel = 1, .m = 2, .d = 29 }, { 2024, 5, 10 },
		IMPOSSIBLE, NULL, NULL },
	/* without the document's date the month and the day are still known */
	{ "relative_year_without_doc_date", { .rel_unit = PK_REL_YEAR, .rel = -1 }, { 0 },
		OK, NULL, NULL },
	{ "relative_year_without_doc_date", { .rel_unit = PK_REL_YEAR, .rel = -1, .m = 11 }, { 0 },
		OK, NULL, NULL },
	{ "relative_year_without_doc_date", { .rel_unit = PK_REL_YEAR, .rel = 1, .m = 3, .d = 5 },
		{ 0 }, OK, "gMonthDay --03-05", NULL },

	/* relative months: 지난달 -1, 이번 달 0, 다음 달 +1 */
	{ "last_month_day", { .rel_unit = PK_REL_MONTH, .rel = -1, .d = 30 }, { 2024, 3, 5 },
		IMPOSSIBLE, NULL, NULL },
	{ "last_month_day", { .rel_unit = PK_REL_MONTH, .rel = -1, .d = 30 }, { 2024, 5, 5 },
		OK, "date 2024-04-30", NULL },
	{ "next_month_day", { .rel_unit = PK_REL_MONTH, .rel = 1, .d = 3 }, { 2024, 12, 20 },
		OK, "date 2025-01-03", NULL },
	{ "this_month", { .rel_unit = PK_REL_MONTH, .rel = 0 }, { 2024, 5, 10 },
		OK, "gYearMonth 2024-05", NULL },
	{ "this_month", { .rel_unit = PK_REL_MONTH, .rel = -1 }, { 2024, 1, 10 },
		OK, "gYearMonth 2023-12", NULL },
	{ "relative_month_without_doc_date", { .rel_unit = PK_REL_MONTH, .rel = -1, .d = 30 }, { 0 },
		OK, "gDay ---30", NULL },
	{ "relative_month_without_doc_date", { .rel_unit = PK_REL_MONTH, .rel = -1 }, { 0 },
		OK, NULL, NULL },

	/* relative weeks: 지난주 -1, 이번 주 0, 다음 주 +1; a week says only
	 * the month or the year it lies in */
	/* 2023-10-30 .. 2023-11-05 spans two months */
	{ "last_week_month", { .rel_unit = PK_REL_WEEK, .rel = -1 }, { 2023, 11, 8 },
		OK, "gYear 2023", NULL },
	/* 2023-11-13 .. 2023-11-19; 이번 주 on a Sunday is the week that ends
	 * that day */
	{ "last_week_within_month", { .rel_unit = PK_REL_WEEK, .rel = -1 }, { 2023, 11, 22 },
		OK, "gYearMonth 2023-11", NULL },
	{ "last_week_within_month", { .rel_unit = PK_REL_WEEK, .rel = 0 }, { 2023, 11, 19 },
		OK, "gYearMonth 2023-11", NULL },
	/* 2024-12-30 .. 2025-01-05 */
	{ "week_across_years_says_nothing", { .rel_unit = PK_REL_WEEK, .rel = 1 }, { 2024, 12, 25 },
		OK, NULL, NULL },
	/* "지난주 화요일" and "다음 주 일요일" in an article of Wednesday
	 * 2023-11-08 */
	{ "last_week_weekday", { .rel_unit = PK_REL_WEEK, .rel = -1, .weekday = 2 }, { 2023, 11, 8 },
		OK, "date 2023-10-31", NULL },
	{ "last_week_weekday", { .rel_unit = PK_REL_WEEK, .rel = 1, .weekday = 7 }, { 2023, 11, 8 },
		OK, "date 2023-11-19", NULL },
	{ "relative_week_without_doc_date", { .rel_unit = PK_REL_WEEK, .rel = -1, .weekday = 2 },
		{ 0 }, OK, NULL, NULL },

	/* no date on the article, or none that can be used */
	{ "day_only_without_doc_date", { .d = 22, .direction = -1 }, { 0 }, OK, "gDay ---22", NULL },
	{ "month_day_without_doc_date_or_weekday", { .m = 5, .d = 10 }, { 0 },
		OK, "gMonthDay --05-10", NULL },
	{ "invalid_doc_date_counts_as_none", { .d = 10 }, { 2024, 13, 1 }, OK, "gDay ---10", NULL },
	{ "invalid_doc_date_counts_as_none", { .d = 10 }, { 2024, 5, 0 }, OK, "gDay ---10", NULL },
	{ "nothing_captured", { 0 }, { 2024, 5, 10 }, OK, NULL, NULL },
};

/* d as "TYPE LEXICAL", or NULL for no date. */
static const char *resolve_show(char *out, size_t len, const pk_date *d)
{
	char lex[32];
	const char *type = pk_date_format(d, lex, sizeof lex);

	if (!type) {
		CHECK_STR("", lex);  /* no date leaves no lexical form behind */
		return NULL;
	}
	snprintf(out, len, "%s %s", type, lex);
	return out;
}

/* Resolve parts against doc and ref, and compare with what is expected. */
static void resolve_compare(const pk_date_parts *parts, const pk_ymd *doc, const pk_ymd *ref,
	int status, const char *start, const char *end)
{
	pk_date s, e;
	char buf_s[64], buf_e[64];
	const char *got_s, *got_e;

	CHECK_INT(status, pk_resolve_date(&s, &e, parts, doc, ref));
	got_s = resolve_show(buf_s, sizeof buf_s, &s);
	got_e = resolve_show(buf_e, sizeof buf_e, &e);
	CHECK_STR(start ? start : "(no date)", got_s ? got_s : "(no date)");
	CHECK_STR(end ? end : "(no date)", got_e ? got_e : "(no date)");
}

static void resolve_check(const resolve_row *r)
{
	resolve_compare(&r->parts, &r->doc, &today, r->status, r->start, r->end);
}

/* The same with no document date at all (NULL, not { 0 }) and "today"
 * given by the row (NULL: none either). */
typedef struct resolve_ref_row {
	const char *name;
	pk_date_parts parts;
	const pk_ymd *ref;
	int status;
	const char *start;
} resolve_ref_row;

static const pk_ymd year_1010 = { 1010, 1, 1 };

static const resolve_ref_row resolve_ref_rows[] = {
	/* name, parts, today, status, start */
	/* only 1008-02-29 (Mon) and 1004-02-29 (Wed) are in range */
	{ "weekday_leap_day_without_doc_date", { .m = 2, .d = 29, .weekday = 3 }, &year_1010,
		OK, "date 1004-02-29" },
	{ "weekday_leap_day_without_doc_date", { .m = 2, .d = 29, .weekday = 7 }, &year_1010,
		WEEKDAY, NULL },
	{ "weekday_without_reference_keeps_month_day", { .m = 10, .d = 23, .weekday = 4 }, NULL,
		OK, "gMonthDay --10-23" },
};

static void resolve_ref_check(const resolve_ref_row *r)
{
	resolve_compare(&r->parts, NULL, r->ref, r->status, r->start, NULL);
}

/* ---- pk_date_format --------------------------------------------------- */

/* Formatting d into a buffer of len bytes (0: a NULL buffer) gives the
 * type (NULL: none) and the text lex (NULL: not looked at).  The fields a
 * kind does not show are left set, as a caller's may be. */
typedef struct format_row {
	const char *name;
	pk_date d;
	size_t len;
	const char *type;
	const char *lex;
} format_row;

static const format_row format_rows[] = {
	/* name, date, buffer size, type, lexical form */
	{ "format_all_kinds", { PK_DATE_FULL, { 2024, 5, 1 } }, 32, "date", "2024-05-01" },
	{ "format_all_kinds", { PK_DATE_YEAR_MONTH, { 2023, 1, 1 } }, 32, "gYearMonth", "2023-01" },
	{ "format_all_kinds", { PK_DATE_YEAR, { 1014, 1, 1 } }, 32, "gYear", "1014" },
	{ "format_all_kinds", { PK_DATE_MONTH_DAY, { 1014, 10, 3 } }, 32, "gMonthDay", "--10-03" },
	{ "format_all_kinds", { PK_DATE_DAY, { 1014, 10, 2 } }, 32, "gDay", "---02" },
	{ "format_all_kinds", { PK_DATE_NONE, { 1014, 10, 2 } }, 32, NULL, "" },
	/* a truncated literal would be a wrong date, not a shorter one */
	{ "format_too_small_buffer", { PK_DATE_FULL, { 2024, 5, 10 } }, 10, NULL, NULL },
	{ "format_too_small_buffer", { PK_DATE_FULL, { 2024, 5, 10 } }, 0, NULL, NULL },
};

static void format_check(const format_row *r)
{
	char buf[32];
	const char *type;

	memset(buf, 'x', sizeof buf);
	type = pk_date_format(&r->d, r->len ? buf : NULL, r->len);
	if (r->type)
		CHECK_STR(r->type, type);
	else
		CHECK(type == NULL);
	if (r->lex)
		CHECK_STR(r->lex, buf);
}

/* ---- pk_ymd_weekday, pk_ymd_valid, pk_ymd_parse ----------------------- */

/* The weekday of y-m-d (1 Monday ... 7 Sunday, 0 no such day). */
typedef struct weekday_row {
	const char *name;
	int y, m, d;
	int weekday;
} weekday_row;

static const weekday_row weekday_rows[] = {
	{ "weekday_known_dates", 2025, 8, 5, 2 },
	{ "weekday_known_dates", 2024, 5, 10, 5 },
	{ "weekday_known_dates", 2000, 1, 1, 6 },
	{ "weekday_known_dates", 1970, 1, 1, 4 },
	{ "weekday_known_dates", 1969, 12, 31, 3 },
	{ "weekday_known_dates", 1600, 3, 1, 3 },
	{ "weekday_known_dates", 2026, 11, 23, 1 },
	{ "weekday_known_dates", 2025, 2, 29, 0 },
	{ "weekday_known_dates", 0, 1, 1, 0 },
};

static void weekday_check(const weekday_row *r)
{
	CHECK_INT(r->weekday, pk_ymd_weekday(r->y, r->m, r->d));
}

/* Whether y-m-d is a day of the calendar (y == 0: any leap year). */
typedef struct valid_row {
	const char *name;
	int y, m, d;
	int valid;
} valid_row;

static const valid_row valid_rows[] = {
	{ "ymd_valid", 2024, 2, 29, 1 },
	{ "ymd_valid", 2023, 2, 29, 0 },
	{ "ymd_valid", 0, 2, 29, 1 },
	{ "ymd_valid", 0, 2, 30, 0 },
	{ "ymd_valid", 2024, 4, 31, 0 },
	{ "ymd_valid", 2024, 13, 1, 0 },
	{ "ymd_valid", 2024, 0, 1, 0 },
	{ "ymd_valid", 2024, 1, 0, 0 },
	{ "ymd_valid", -1, 1, 1, 0 },
};

static void valid_check(const valid_row *r)
{
	CHECK_INT(r->valid, pk_ymd_valid(r->y, r->m, r->d) != 0);
}

/* Parsing text gives rc and the date (all 0 when it fails). */
typedef struct parse_row {
	const char *name;
	const char *text;
	int rc;
	pk_ymd date;
} parse_row;

static const parse_row parse_rows[] = {
	{ "ymd_parse", "2024-05-10", 0, { 2024, 5, 10 } },
	{ "ymd_parse", "2023-11-08T09:30:00+09:00", 0, { 2023, 11, 8 } },
	{ "ymd_parse_rejects_bad_input", "", -1, { 0 } },
	{ "ymd_parse_rejects_bad_input", "2024-5-10", -1, { 0 } },
	{ "ymd_parse_rejects_bad_input", "2024-05-1", -1, { 0 } },
	{ "ymd_parse_rejects_bad_input", "2024-05-10x", -1, { 0 } },
	{ "ymd_parse_rejects_bad_input", "2024/05/10", -1, { 0 } },
	{ "ymd_parse_rejects_bad_input", "2024-02-30", -1, { 0 } },
	{ "ymd_parse_rejects_bad_input", "2024-13-01", -1, { 0 } },
	{ "ymd_parse_rejects_bad_input", "0000-01-01", -1, { 0 } },
	{ "ymd_parse_rejects_bad_input", "+024-01-01", -1, { 0 } },
	{ "ymd_parse_rejects_bad_input", NULL, -1, { 0 } },
};

static void parse_check(const parse_row *r)
{
	pk_ymd d = { 9, 9, 9 };

	CHECK_INT(r->rc, pk_ymd_parse(&d, r->text));
	CHECK_INT(r->date.y, d.y);
	CHECK_INT(r->date.m, d.m);
	CHECK_INT(r->date.d, d.d);
}

/* The row functions, for check.h's untyped rows. */
static void resolve_run(const void *r) { resolve_check(r); }
static void resolve_ref_run(const void *r) { resolve_ref_check(r); }
static void format_run(const void *r) { format_check(r); }
static void weekday_run(const void *r) { weekday_check(r); }
static void valid_run(const void *r) { valid_check(r); }
static void parse_run(const void *r) { parse_check(r); }

static const pk_test tests[] = {
	PK_TEST_TABLE(resolve_run, resolve_rows),
	PK_TEST_TABLE(resolve_ref_run, resolve_ref_rows),
	PK_TEST_TABLE(format_run, format_rows),
	PK_TEST_TABLE(weekday_run, weekday_rows),
	PK_TEST_TABLE(valid_run, valid_rows),
	PK_TEST_TABLE(parse_run, parse_rows),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
