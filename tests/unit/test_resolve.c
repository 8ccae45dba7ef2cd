/*
 * test_resolve.c - the date resolution stage: each Korean news convention
 * (bare and directed days, month/day without a year, relative years, months
 * and weeks, bracketed weekdays, ranges) resolved against a document date,
 * the impossible dates, and the lexical forms.
 */
#include "resolve.h"

#include <limits.h>
#include <string.h>

#include "check.h"

/* The result of the last resolve(): status, lexical forms, datatypes. */
static int status;
static char start_lex[32], end_lex[32];
static const char *start_type, *end_type;

/* "Today" for weekday inference, fixed so the tests do not age. */
static const pk_ymd today = { 2026, 11, 23 };

/* Resolve p in an article dated dy-dm-dd (dy == 0: no date). */
static int resolve(const pk_date_parts *p, int dy, int dm, int dd)
{
	pk_ymd doc = { dy, dm, dd };
	pk_date s, e;

	status = pk_resolve_date(&s, &e, p, &doc, &today);
	start_type = pk_date_format(&s, start_lex, sizeof start_lex);
	end_type = pk_date_format(&e, end_lex, sizeof end_lex);
	return status;
}

/* Only a day: "10일", "지난 22일" (-1), "오는 15일" (+1). */
static int resolve_day(int d, int direction, int dy, int dm, int dd)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.d = d;
	p.direction = direction;
	return resolve(&p, dy, dm, dd);
}

static int resolve_month_day(int m, int d, int dy, int dm, int dd)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.m = m;
	p.d = d;
	return resolve(&p, dy, dm, dd);
}

static int resolve_rel(pk_rel_unit unit, int rel, int m, int d,
	int dy, int dm, int dd)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.rel_unit = unit;
	p.rel = rel;
	p.m = m;
	p.d = d;
	return resolve(&p, dy, dm, dd);
}

#define CHECK_START(type, lex) do { \
	CHECK_STR(type, start_type); \
	CHECK_STR(lex, start_lex); \
	} while (0)

#define CHECK_END(type, lex) do { \
	CHECK_STR(type, end_type); \
	CHECK_STR(lex, end_lex); \
	} while (0)

#define CHECK_NO_DATE() do { \
	CHECK(start_type == NULL); \
	CHECK(end_type == NULL); \
	CHECK_STR("", start_lex); \
	CHECK_STR("", end_lex); \
	} while (0)

static void test_resolve__full_date(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.y = 2024;
	p.m = 5;
	p.d = 10;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2025, 1, 1));
	CHECK_START("date", "2024-05-10");
	CHECK(end_type == NULL);
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK_START("date", "2024-05-10");
}

/* issue 13: 어제, 오늘, 내일 (day-1, day+0, day+1 in date-relative) */
static void test_resolve__relative_day_crosses_year(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_DAY, -1, 0, 0, 2025, 1, 1));
	CHECK_START("date", "2024-12-31");
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_DAY, 0, 0, 0, 2024, 2, 29));
	CHECK_START("date", "2024-02-29");
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_DAY, 1, 0, 0, 2024, 2, 29));
	CHECK_START("date", "2024-03-01");
	/* without the document's date, nothing */
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_DAY, -1, 0, 0, 0, 0, 0));
	CHECK_NO_DATE();
}

static void test_resolve__past_day_crosses_month(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_day(30, -1, 2024, 5, 10));
	CHECK_START("date", "2024-04-30");
}

static void test_resolve__past_day_same_month(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_day(3, -1, 2024, 5, 10));
	CHECK_START("date", "2024-05-03");
	CHECK_INT(PK_RESOLVE_OK, resolve_day(10, -1, 2024, 5, 10));
	CHECK_START("date", "2024-05-10");
}

static void test_resolve__past_day_crosses_year(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_day(30, -1, 2025, 1, 5));
	CHECK_START("date", "2024-12-30");
}

static void test_resolve__past_day_missing_in_previous_month(void)
{
	/* 지난 31일 in early May: April has no 31st; no further guessing */
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE, resolve_day(31, -1, 2024, 5, 2));
	CHECK_NO_DATE();
}

static void test_resolve__bare_day_same_month(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_day(4, 0, 2025, 8, 4));
	CHECK_START("date", "2025-08-04");
}

static void test_resolve__local_time_day(void)
{
	/* "10일(현지시각)": the rule captures only the day */
	CHECK_INT(PK_RESOLVE_OK, resolve_day(10, 0, 2025, 8, 11));
	CHECK_START("date", "2025-08-10");
}

static void test_resolve__bare_day_allows_a_week_ahead(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_day(17, 0, 2024, 5, 10));
	CHECK_START("date", "2024-05-17");
	CHECK_INT(PK_RESOLVE_OK, resolve_day(18, 0, 2024, 5, 10));
	CHECK_START("date", "2024-04-18");
}

static void test_resolve__bare_day_previous_month_across_year(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_day(28, 0, 2025, 1, 3));
	CHECK_START("date", "2024-12-28");
}

static void test_resolve__future_day_next_month(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_day(3, 1, 2024, 5, 20));
	CHECK_START("date", "2024-06-03");
}

static void test_resolve__future_day_same_month(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_day(25, 1, 2024, 5, 20));
	CHECK_START("date", "2024-05-25");
	CHECK_INT(PK_RESOLVE_OK, resolve_day(20, 1, 2024, 5, 20));
	CHECK_START("date", "2024-05-20");
}

static void test_resolve__future_day_crosses_year(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_day(3, 1, 2024, 12, 20));
	CHECK_START("date", "2025-01-03");
}

static void test_resolve__month_day_uses_doc_year(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_month_day(5, 10, 2024, 5, 12));
	CHECK_START("date", "2024-05-10");
	/* a few months ahead is still this year: an announcement */
	CHECK_INT(PK_RESOLVE_OK, resolve_month_day(9, 1, 2024, 5, 12));
	CHECK_START("date", "2024-09-01");
}

static void test_resolve__month_day_previous_year_in_january(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_month_day(12, 28, 2025, 1, 3));
	CHECK_START("date", "2024-12-28");
}

static void test_resolve__month_day_six_months_ahead_is_the_limit(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_month_day(7, 3, 2025, 1, 3));
	CHECK_START("date", "2025-07-03");
	CHECK_INT(PK_RESOLVE_OK, resolve_month_day(7, 4, 2025, 1, 3));
	CHECK_START("date", "2024-07-04");
}

static void test_resolve__future_month_day_next_year(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	/* 오는 2월 3일 in November */
	p.m = 2;
	p.d = 3;
	p.direction = 1;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2024, 11, 20));
	CHECK_START("date", "2025-02-03");
	/* 오는 12월 28일 in January stays in the year, however far */
	p.m = 12;
	p.d = 28;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2025, 1, 3));
	CHECK_START("date", "2025-12-28");
}

static void test_resolve__past_month_day_previous_year(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.m = 6;
	p.d = 1;
	p.direction = -1;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2024, 5, 10));
	CHECK_START("date", "2023-06-01");
}

static void test_resolve__month_only_uses_doc_year(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.m = 5;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2024, 5, 12));
	CHECK_START("gYearMonth", "2024-05");
	p.m = 11;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2025, 1, 3));
	CHECK_START("gYearMonth", "2024-11");
}

static void test_resolve__month_only_without_doc_date(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.m = 5;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK_NO_DATE();
}

static void test_resolve__weekday_picks_year_without_doc_date(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.m = 10;
	p.d = 23;
	p.weekday = 4;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK_START("date", "2025-10-23");
}

static void test_resolve__weekday_year_not_after_reference(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	/* 2026-11-26 is a Thursday, but after today (2026-11-23) */
	p.m = 11;
	p.d = 26;
	p.weekday = 4;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK_START("date", "2020-11-26");
	/* today itself counts */
	p.d = 23;
	p.weekday = 1;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK_START("date", "2026-11-23");
}

/* "on Tuesday" alone: the nearest Tuesday up to the article's day (the
 * day itself included); "next Tuesday" the first after it; nothing in an
 * undated article. */
static void test_resolve__weekday_alone(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	/* 2025-10-15 is a Wednesday */
	p.weekday = 3;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2025, 10, 15));
	CHECK_START("date", "2025-10-15");
	p.weekday = 2;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2025, 10, 15));
	CHECK_START("date", "2025-10-14");
	p.weekday = 4;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2025, 10, 15));
	CHECK_START("date", "2025-10-09");
	p.direction = 1;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2025, 10, 15));
	CHECK_START("date", "2025-10-16");
	p.weekday = 3;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2025, 10, 15));
	CHECK_START("date", "2025-10-22");
	/* across a year */
	p.direction = 0;
	p.weekday = 7;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2025, 1, 2));
	CHECK_START("date", "2024-12-29");
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK(start_type == NULL);
}

static void test_resolve__weekday_leap_day_without_doc_date(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;
	pk_ymd ref = { 1010, 1, 1 };
	pk_date s, e;

	/* only 1008-02-29 (Mon) and 1004-02-29 (Wed) are in range */
	p.m = 2;
	p.d = 29;
	p.weekday = 3;
	CHECK_INT(PK_RESOLVE_OK, pk_resolve_date(&s, &e, &p, NULL, &ref));
	CHECK_INT(PK_DATE_FULL, s.kind);
	CHECK_INT(1004, s.v.y);
	p.weekday = 7;
	CHECK_INT(PK_RESOLVE_WEEKDAY, pk_resolve_date(&s, &e, &p, NULL, &ref));
	CHECK_INT(PK_DATE_NONE, s.kind);
	CHECK_INT(PK_DATE_NONE, e.kind);
}

static void test_resolve__weekday_without_reference_keeps_month_day(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;
	pk_date s, e;

	p.m = 10;
	p.d = 23;
	p.weekday = 4;
	CHECK_INT(PK_RESOLVE_OK, pk_resolve_date(&s, &e, &p, NULL, NULL));
	CHECK_INT(PK_DATE_MONTH_DAY, s.kind);
}

static void test_resolve__weekday_mismatch_is_reported(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	/* 2024-05-10 was a Friday */
	p.y = 2024;
	p.m = 5;
	p.d = 10;
	p.weekday = 4;
	CHECK_INT(PK_RESOLVE_WEEKDAY, resolve(&p, 2024, 5, 12));
	CHECK_NO_DATE();
	p.weekday = 5;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2024, 5, 12));
	CHECK_START("date", "2024-05-10");
}

static void test_resolve__weekday_checks_inferred_date(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	/* "10일(금)" and "10일(목)" in an article of 2024-05-12 */
	p.d = 10;
	p.weekday = 5;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2024, 5, 12));
	CHECK_START("date", "2024-05-10");
	p.weekday = 4;
	CHECK_INT(PK_RESOLVE_WEEKDAY, resolve(&p, 2024, 5, 12));
	CHECK_NO_DATE();
}

static void test_resolve__weekday_ignored_for_day_without_doc_date(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.d = 22;
	p.weekday = 3;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK_START("gDay", "---22");
}

static void test_resolve__impossible_date_february_30(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.y = 2024;
	p.m = 2;
	p.d = 30;
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE, resolve(&p, 2024, 5, 12));
	CHECK_NO_DATE();
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE, resolve_month_day(2, 30, 0, 0, 0));
	CHECK_NO_DATE();
}

static void test_resolve__impossible_month_and_day_numbers(void)
{
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE, resolve_month_day(13, 1, 2024, 5, 12));
	CHECK_NO_DATE();
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE, resolve_day(32, 0, 2024, 5, 12));
	CHECK_NO_DATE();
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE, resolve_day(32, 0, 0, 0, 0));
	CHECK_NO_DATE();
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE, resolve_day(-1, 0, 2024, 5, 12));
	CHECK_NO_DATE();
}

static void test_resolve__impossible_leap_day_in_common_year(void)
{
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE, resolve_month_day(2, 29, 2025, 3, 1));
	CHECK_NO_DATE();
}

static void test_resolve__leap_day(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.y = 2024;
	p.m = 2;
	p.d = 29;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK_START("date", "2024-02-29");
	p.y = 1900;
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE, resolve(&p, 0, 0, 0));
	p.y = 2000;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK_START("date", "2000-02-29");
	/* with no year known, 29 February may exist */
	CHECK_INT(PK_RESOLVE_OK, resolve_month_day(2, 29, 0, 0, 0));
	CHECK_START("gMonthDay", "--02-29");
}

static void test_resolve__year_out_of_range_is_impossible(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.y = 999;
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE, resolve(&p, 2024, 5, 12));
	p.y = 10000;
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE, resolve(&p, 2024, 5, 12));
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE,
		resolve_rel(PK_REL_YEAR, INT_MAX, 0, 0, 2024, 5, 12));
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE,
		resolve_rel(PK_REL_MONTH, INT_MIN, 0, 0, 2024, 5, 12));
	CHECK_NO_DATE();
}

static void test_resolve__range_inherits_month(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.d = 13;
	p.d2 = 14;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2023, 11, 23));
	CHECK_START("date", "2023-11-13");
	CHECK_END("date", "2023-11-14");
}

static void test_resolve__range_across_months(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.m = 7;
	p.d = 28;
	p.m2 = 8;
	p.d2 = 6;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2025, 8, 4));
	CHECK_START("date", "2025-07-28");
	CHECK_END("date", "2025-08-06");
}

static void test_resolve__range_across_years(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.m = 12;
	p.d = 28;
	p.m2 = 1;
	p.d2 = 3;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2025, 1, 5));
	CHECK_START("date", "2024-12-28");
	CHECK_END("date", "2025-01-03");
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2024, 12, 20));
	CHECK_START("date", "2024-12-28");
	CHECK_END("date", "2025-01-03");
}

static void test_resolve__range_days_across_month(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	/* "지난 30일부터 2일까지" in an article of 2024-05-10 */
	p.d = 30;
	p.direction = -1;
	p.d2 = 2;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2024, 5, 10));
	CHECK_START("date", "2024-04-30");
	CHECK_END("date", "2024-05-02");
}

static void test_resolve__range_pair_of_days(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	/* "5월 21일(화)과 22일(수)" */
	p.m = 5;
	p.d = 21;
	p.d2 = 22;
	p.weekday = 2;
	p.weekday2 = 3;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2024, 5, 25));
	CHECK_START("date", "2024-05-21");
	CHECK_END("date", "2024-05-22");
}

static void test_resolve__range_end_weekday_mismatch_is_reported(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.m = 5;
	p.d = 21;
	p.d2 = 22;
	p.weekday2 = 4;
	CHECK_INT(PK_RESOLVE_WEEKDAY, resolve(&p, 2024, 5, 25));
	CHECK_NO_DATE();
}

static void test_resolve__range_end_before_start_is_impossible(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.y = 2024;
	p.m = 5;
	p.d = 10;
	p.y2 = 2023;
	p.m2 = 6;
	p.d2 = 1;
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE, resolve(&p, 2024, 5, 12));
	CHECK_NO_DATE();
}

static void test_resolve__range_end_impossible(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.m = 2;
	p.d = 27;
	p.d2 = 30;
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE, resolve(&p, 2024, 3, 2));
	CHECK_NO_DATE();
}

static void test_resolve__range_year_months(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	/* "2024년 11월부터 2월까지" */
	p.y = 2024;
	p.m = 11;
	p.m2 = 2;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK_START("gYearMonth", "2024-11");
	CHECK_END("gYearMonth", "2025-02");
}

static void test_resolve__range_without_doc_date(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.m = 5;
	p.d = 21;
	p.d2 = 22;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK_START("gMonthDay", "--05-21");
	CHECK_END("gMonthDay", "--05-22");
	p.m = 0;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK_START("gDay", "---21");
	CHECK_END("gDay", "---22");
}

static void test_resolve__range_with_weekday_year_without_doc_date(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	/* "10월 23일(목)~24일(금)" with no document date */
	p.m = 10;
	p.d = 23;
	p.weekday = 4;
	p.d2 = 24;
	p.weekday2 = 5;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK_START("date", "2025-10-23");
	CHECK_END("date", "2025-10-24");
}

static void test_resolve__year_month(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.y = 2023;
	p.m = 11;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2024, 5, 12));
	CHECK_START("gYearMonth", "2023-11");
}

static void test_resolve__year_only(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.y = 2014;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2024, 5, 12));
	CHECK_START("gYear", "2014");
}

static void test_resolve__last_year(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_YEAR, -1, 0, 0, 2023, 11, 8));
	CHECK_START("gYear", "2022");
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_YEAR, 0, 0, 0, 2023, 11, 8));
	CHECK_START("gYear", "2023");
}

static void test_resolve__last_year_month(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_YEAR, -1, 11, 0, 2023, 11, 8));
	CHECK_START("gYearMonth", "2022-11");
}

static void test_resolve__next_year_month_day(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_YEAR, 1, 3, 5, 2024, 5, 10));
	CHECK_START("date", "2025-03-05");
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE,
		resolve_rel(PK_REL_YEAR, 1, 2, 29, 2024, 5, 10));
}

static void test_resolve__relative_year_without_doc_date(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_YEAR, -1, 0, 0, 0, 0, 0));
	CHECK_NO_DATE();
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_YEAR, -1, 11, 0, 0, 0, 0));
	CHECK_NO_DATE();
	/* the month and the day are still known */
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_YEAR, 1, 3, 5, 0, 0, 0));
	CHECK_START("gMonthDay", "--03-05");
}

static void test_resolve__last_month_day(void)
{
	CHECK_INT(PK_RESOLVE_IMPOSSIBLE,
		resolve_rel(PK_REL_MONTH, -1, 0, 30, 2024, 3, 5));
	CHECK_NO_DATE();
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_MONTH, -1, 0, 30, 2024, 5, 5));
	CHECK_START("date", "2024-04-30");
}

static void test_resolve__next_month_day(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_MONTH, 1, 0, 3, 2024, 12, 20));
	CHECK_START("date", "2025-01-03");
}

static void test_resolve__this_month(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_MONTH, 0, 0, 0, 2024, 5, 10));
	CHECK_START("gYearMonth", "2024-05");
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_MONTH, -1, 0, 0, 2024, 1, 10));
	CHECK_START("gYearMonth", "2023-12");
}

static void test_resolve__relative_month_without_doc_date(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_MONTH, -1, 0, 30, 0, 0, 0));
	CHECK_START("gDay", "---30");
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_MONTH, -1, 0, 0, 0, 0, 0));
	CHECK_NO_DATE();
}

static void test_resolve__last_week_month(void)
{
	/* 2023-10-30 .. 2023-11-05 spans two months */
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_WEEK, -1, 0, 0, 2023, 11, 8));
	CHECK_START("gYear", "2023");
}

static void test_resolve__last_week_within_month(void)
{
	/* 2023-11-13 .. 2023-11-19 */
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_WEEK, -1, 0, 0, 2023, 11, 22));
	CHECK_START("gYearMonth", "2023-11");
	/* 이번 주 on a Sunday is the week that ends that day */
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_WEEK, 0, 0, 0, 2023, 11, 19));
	CHECK_START("gYearMonth", "2023-11");
}

static void test_resolve__week_across_years_says_nothing(void)
{
	/* 2024-12-30 .. 2025-01-05 */
	CHECK_INT(PK_RESOLVE_OK, resolve_rel(PK_REL_WEEK, 1, 0, 0, 2024, 12, 25));
	CHECK_NO_DATE();
}

static void test_resolve__last_week_weekday(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	/* "지난주 화요일" in an article of Wednesday 2023-11-08 */
	p.rel_unit = PK_REL_WEEK;
	p.rel = -1;
	p.weekday = 2;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2023, 11, 8));
	CHECK_START("date", "2023-10-31");
	/* "다음 주 일요일" */
	p.rel = 1;
	p.weekday = 7;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2023, 11, 8));
	CHECK_START("date", "2023-11-19");
}

static void test_resolve__relative_week_without_doc_date(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.rel_unit = PK_REL_WEEK;
	p.rel = -1;
	p.weekday = 2;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 0, 0, 0));
	CHECK_NO_DATE();
}

static void test_resolve__day_only_without_doc_date(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_day(22, -1, 0, 0, 0));
	CHECK_START("gDay", "---22");
}

static void test_resolve__month_day_without_doc_date_or_weekday(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_month_day(5, 10, 0, 0, 0));
	CHECK_START("gMonthDay", "--05-10");
}

static void test_resolve__invalid_doc_date_counts_as_none(void)
{
	CHECK_INT(PK_RESOLVE_OK, resolve_day(10, 0, 2024, 13, 1));
	CHECK_START("gDay", "---10");
	CHECK_INT(PK_RESOLVE_OK, resolve_day(10, 0, 2024, 5, 0));
	CHECK_START("gDay", "---10");
}

static void test_resolve__nothing_captured(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2024, 5, 10));
	CHECK_NO_DATE();
}

static void test_resolve__format_all_kinds(void)
{
	pk_date d;
	char buf[32];

	d.kind = PK_DATE_FULL;
	d.v.y = 2024;
	d.v.m = 5;
	d.v.d = 1;
	CHECK_STR("date", pk_date_format(&d, buf, sizeof buf));
	CHECK_STR("2024-05-01", buf);
	d.kind = PK_DATE_YEAR_MONTH;
	d.v.y = 2023;
	d.v.m = 1;
	CHECK_STR("gYearMonth", pk_date_format(&d, buf, sizeof buf));
	CHECK_STR("2023-01", buf);
	d.kind = PK_DATE_YEAR;
	d.v.y = 1014;
	CHECK_STR("gYear", pk_date_format(&d, buf, sizeof buf));
	CHECK_STR("1014", buf);
	d.kind = PK_DATE_MONTH_DAY;
	d.v.m = 10;
	d.v.d = 3;
	CHECK_STR("gMonthDay", pk_date_format(&d, buf, sizeof buf));
	CHECK_STR("--10-03", buf);
	d.kind = PK_DATE_DAY;
	d.v.d = 2;
	CHECK_STR("gDay", pk_date_format(&d, buf, sizeof buf));
	CHECK_STR("---02", buf);
	d.kind = PK_DATE_NONE;
	CHECK(pk_date_format(&d, buf, sizeof buf) == NULL);
	CHECK_STR("", buf);
}

static void test_resolve__format_too_small_buffer(void)
{
	pk_date d;
	char buf[10];

	d.kind = PK_DATE_FULL;
	d.v.y = 2024;
	d.v.m = 5;
	d.v.d = 10;
	CHECK(pk_date_format(&d, buf, sizeof buf) == NULL);
	CHECK(pk_date_format(&d, NULL, 0) == NULL);
}

static void test_resolve__weekday_known_dates(void)
{
	CHECK_INT(2, pk_ymd_weekday(2025, 8, 5));
	CHECK_INT(5, pk_ymd_weekday(2024, 5, 10));
	CHECK_INT(6, pk_ymd_weekday(2000, 1, 1));
	CHECK_INT(4, pk_ymd_weekday(1970, 1, 1));
	CHECK_INT(3, pk_ymd_weekday(1969, 12, 31));
	CHECK_INT(3, pk_ymd_weekday(1600, 3, 1));
	CHECK_INT(1, pk_ymd_weekday(2026, 11, 23));
	CHECK_INT(0, pk_ymd_weekday(2025, 2, 29));
	CHECK_INT(0, pk_ymd_weekday(0, 1, 1));
}

static void test_resolve__ymd_valid(void)
{
	CHECK(pk_ymd_valid(2024, 2, 29));
	CHECK(!pk_ymd_valid(2023, 2, 29));
	CHECK(pk_ymd_valid(0, 2, 29));
	CHECK(!pk_ymd_valid(0, 2, 30));
	CHECK(!pk_ymd_valid(2024, 4, 31));
	CHECK(!pk_ymd_valid(2024, 13, 1));
	CHECK(!pk_ymd_valid(2024, 0, 1));
	CHECK(!pk_ymd_valid(2024, 1, 0));
	CHECK(!pk_ymd_valid(-1, 1, 1));
}

static void test_resolve__ymd_parse(void)
{
	pk_ymd d;

	CHECK_INT(0, pk_ymd_parse(&d, "2024-05-10"));
	CHECK_INT(2024, d.y);
	CHECK_INT(5, d.m);
	CHECK_INT(10, d.d);
	CHECK_INT(0, pk_ymd_parse(&d, "2023-11-08T09:30:00+09:00"));
	CHECK_INT(2023, d.y);
	CHECK_INT(11, d.m);
	CHECK_INT(8, d.d);
}

static void test_resolve__ymd_parse_rejects_bad_input(void)
{
	pk_ymd d;

	CHECK_INT(-1, pk_ymd_parse(&d, ""));
	CHECK_INT(0, d.y);
	CHECK_INT(-1, pk_ymd_parse(&d, "2024-5-10"));
	CHECK_INT(-1, pk_ymd_parse(&d, "2024-05-1"));
	CHECK_INT(-1, pk_ymd_parse(&d, "2024-05-10x"));
	CHECK_INT(-1, pk_ymd_parse(&d, "2024/05/10"));
	CHECK_INT(-1, pk_ymd_parse(&d, "2024-02-30"));
	CHECK_INT(-1, pk_ymd_parse(&d, "2024-13-01"));
	CHECK_INT(-1, pk_ymd_parse(&d, "0000-01-01"));
	CHECK_INT(-1, pk_ymd_parse(&d, "+024-01-01"));
	CHECK_INT(-1, pk_ymd_parse(&d, NULL));
	CHECK_INT(0, d.y);
}

/* Found by fuzz/fuzz_dates.c (fuzz/regress/dates/end-year-without-start):
 * an end year with no start gave a range that ended without beginning. */
static void test_resolve__end_year_without_start_is_no_range(void)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;

	p.y2 = 2002;
	CHECK_INT(PK_RESOLVE_OK, resolve(&p, 2025, 8, 4));
	CHECK_NO_DATE();
}

static const pk_test tests[] = {
	PK_TEST(test_resolve__full_date),
	PK_TEST(test_resolve__relative_day_crosses_year),
	PK_TEST(test_resolve__end_year_without_start_is_no_range),
	PK_TEST(test_resolve__past_day_crosses_month),
	PK_TEST(test_resolve__past_day_same_month),
	PK_TEST(test_resolve__past_day_crosses_year),
	PK_TEST(test_resolve__past_day_missing_in_previous_month),
	PK_TEST(test_resolve__bare_day_same_month),
	PK_TEST(test_resolve__local_time_day),
	PK_TEST(test_resolve__bare_day_allows_a_week_ahead),
	PK_TEST(test_resolve__bare_day_previous_month_across_year),
	PK_TEST(test_resolve__future_day_next_month),
	PK_TEST(test_resolve__future_day_same_month),
	PK_TEST(test_resolve__future_day_crosses_year),
	PK_TEST(test_resolve__month_day_uses_doc_year),
	PK_TEST(test_resolve__month_day_previous_year_in_january),
	PK_TEST(test_resolve__month_day_six_months_ahead_is_the_limit),
	PK_TEST(test_resolve__future_month_day_next_year),
	PK_TEST(test_resolve__past_month_day_previous_year),
	PK_TEST(test_resolve__month_only_uses_doc_year),
	PK_TEST(test_resolve__month_only_without_doc_date),
	PK_TEST(test_resolve__weekday_picks_year_without_doc_date),
	PK_TEST(test_resolve__weekday_year_not_after_reference),
	PK_TEST(test_resolve__weekday_alone),
	PK_TEST(test_resolve__weekday_leap_day_without_doc_date),
	PK_TEST(test_resolve__weekday_without_reference_keeps_month_day),
	PK_TEST(test_resolve__weekday_mismatch_is_reported),
	PK_TEST(test_resolve__weekday_checks_inferred_date),
	PK_TEST(test_resolve__weekday_ignored_for_day_without_doc_date),
	PK_TEST(test_resolve__impossible_date_february_30),
	PK_TEST(test_resolve__impossible_month_and_day_numbers),
	PK_TEST(test_resolve__impossible_leap_day_in_common_year),
	PK_TEST(test_resolve__leap_day),
	PK_TEST(test_resolve__year_out_of_range_is_impossible),
	PK_TEST(test_resolve__range_inherits_month),
	PK_TEST(test_resolve__range_across_months),
	PK_TEST(test_resolve__range_across_years),
	PK_TEST(test_resolve__range_days_across_month),
	PK_TEST(test_resolve__range_pair_of_days),
	PK_TEST(test_resolve__range_end_weekday_mismatch_is_reported),
	PK_TEST(test_resolve__range_end_before_start_is_impossible),
	PK_TEST(test_resolve__range_end_impossible),
	PK_TEST(test_resolve__range_year_months),
	PK_TEST(test_resolve__range_without_doc_date),
	PK_TEST(test_resolve__range_with_weekday_year_without_doc_date),
	PK_TEST(test_resolve__year_month),
	PK_TEST(test_resolve__year_only),
	PK_TEST(test_resolve__last_year),
	PK_TEST(test_resolve__last_year_month),
	PK_TEST(test_resolve__next_year_month_day),
	PK_TEST(test_resolve__relative_year_without_doc_date),
	PK_TEST(test_resolve__last_month_day),
	PK_TEST(test_resolve__next_month_day),
	PK_TEST(test_resolve__this_month),
	PK_TEST(test_resolve__relative_month_without_doc_date),
	PK_TEST(test_resolve__last_week_month),
	PK_TEST(test_resolve__last_week_within_month),
	PK_TEST(test_resolve__week_across_years_says_nothing),
	PK_TEST(test_resolve__last_week_weekday),
	PK_TEST(test_resolve__relative_week_without_doc_date),
	PK_TEST(test_resolve__day_only_without_doc_date),
	PK_TEST(test_resolve__month_day_without_doc_date_or_weekday),
	PK_TEST(test_resolve__invalid_doc_date_counts_as_none),
	PK_TEST(test_resolve__nothing_captured),
	PK_TEST(test_resolve__format_all_kinds),
	PK_TEST(test_resolve__format_too_small_buffer),
	PK_TEST(test_resolve__weekday_known_dates),
	PK_TEST(test_resolve__ymd_valid),
	PK_TEST(test_resolve__ymd_parse),
	PK_TEST(test_resolve__ymd_parse_rejects_bad_input),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
