/*
 * resolve.c - the date resolution stage.  A date rule hands over the parts
 * it captured (explicit year/month/day, a relative word such as 지난해 or
 * 지난달, a direction such as 지난/오는, a bracketed weekday, the end of a
 * range); this stage anchors them on the document's publication date, or,
 * when the document has none, on the weekday and the reference date, and
 * hands the graph stage (build_events_date.c) a pk_date whose kind says how much is known: xsd:date,
 * gYearMonth, gYear, gMonthDay or gDay.  Nothing is guessed beyond the
 * Korean news conventions written out below; an impossible date or a
 * weekday that disagrees yields no date at all.
 *
 * Dates are counted as days from 1970-01-01 in the proleptic Gregorian
 * calendar (H. Hinnant's days_from_civil), so no time zone and no
 * localtime/gmtime is involved.
 */
#include "pipeline/resolve.h"

#include <stdio.h>
#include <string.h>

#include "policykg.h"

/* Years outside four digits are out of scope: xsd lexical forms would need
 * a sign or a fifth digit, and no news article talks about them. */
#define PK_RESOLVE_YEAR_MIN 1000
#define PK_RESOLVE_YEAR_MAX 9999

/* How far back a bracketed weekday may move the year of a date that has
 * no document date: a (month, day, weekday) triple recurs within 28 years
 * except for 29 February, so 40 covers every case that can match. */
#define PK_RESOLVE_WEEKDAY_YEARS 40

/* A bare day ("10일") may lie this many days after the document date:
 * articles announce the coming week, but otherwise report the past. */
#define PK_RESOLVE_DAY_AHEAD 7

/* A month/day without a year more than this many months after the
 * document date is read as last year ("12월 28일" in early January). */
#define PK_RESOLVE_MONTHS_AHEAD 6

static int pk_resolve_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* y == 0 stands for an unknown year, which may be a leap year. */
static int pk_resolve_month_days(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && (y == 0 || pk_resolve_leap(y)))
		return 29;
	return days[m - 1];
}

static int pk_resolve_year_ok(long long y)
{
	return y >= PK_RESOLVE_YEAR_MIN && y <= PK_RESOLVE_YEAR_MAX;
}

/* Days since 1970-01-01 (negative before it). */
static long long pk_resolve_days(int year, int m, int d)
{
	long long y = (long long)year - (m <= 2);
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The inverse of pk_resolve_days. */
static void pk_resolve_civil(pk_ymd *out, long long z)
{
	long long era, doe, yoe, doy, mp, y;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	out->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	out->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	/* callers range-check the year; clamp so the int cannot overflow */
	y += out->m <= 2;
	out->y = y > 99999 ? 99999 : y < -99999 ? -99999 : (int)y;
}

int pk_ymd_valid(int y, int m, int d)
{
	if (y < 0 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= pk_resolve_month_days(y, m);
}

int pk_ymd_weekday(int y, int m, int d)
{
	long long z, r;

	if (y == 0 || !pk_ymd_valid(y, m, d))
		return 0;
	z = pk_resolve_days(y, m, d);
	/* 1970-01-01 was a Thursday (4); % may be negative before it */
	r = (z + 3) % 7;
	if (r < 0)
		r += 7;
	return (int)r + 1;
}

static int pk_resolve_digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		/* not isdigit(): it depends on the locale */
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int pk_ymd_parse(pk_ymd *out, const char *s)
{
	int y, m, d;

	out->y = out->m = out->d = 0;
	if (!s)
		return -1;
	if (pk_resolve_digits(s, 4, &y) < 0 || s[4] != '-' ||
	    pk_resolve_digits(s + 5, 2, &m) < 0 || s[7] != '-' ||
	    pk_resolve_digits(s + 8, 2, &d) < 0)
		return -1;
	if (s[10] != '\0' && s[10] != 'T')
		return -1;
	/* year 0000 would read as "unknown year" to pk_ymd_valid */
	if (y == 0 || !pk_ymd_valid(y, m, d))
		return -1;
	out->y = y;
	out->m = m;
	out->d = d;
	return 0;
}

int pk_date_valid(const char *s)
{
	pk_ymd v;

	return s && strlen(s) == 10 && pk_ymd_parse(&v, s) == 0;
}

const char *pk_date_format(const pk_date *d, char *buf, size_t len)
{
	const char *type;
	int n;

	switch (d->kind) {
	case PK_DATE_FULL:
		n = snprintf(buf, len, "%04d-%02d-%02d", d->v.y, d->v.m, d->v.d);
		type = "date";
		break;
	case PK_DATE_YEAR_MONTH:
		n = snprintf(buf, len, "%04d-%02d", d->v.y, d->v.m);
		type = "gYearMonth";
		break;
	case PK_DATE_YEAR:
		n = snprintf(buf, len, "%04d", d->v.y);
		type = "gYear";
		break;
	case PK_DATE_MONTH_DAY:
		n = snprintf(buf, len, "--%02d-%02d", d->v.m, d->v.d);
		type = "gMonthDay";
		break;
	case PK_DATE_DAY:
		n = snprintf(buf, len, "---%02d", d->v.d);
		type = "gDay";
		break;
	default:
		if (buf && len)
			buf[0] = '\0';
		return NULL;
	}
	/* a truncated literal would be a wrong date, not a shorter one */
	if (n < 0 || (size_t)n >= len)
		return NULL;
	return type;
}

static void pk_resolve_clear(pk_date *out)
{
	out->kind = PK_DATE_NONE;
	out->v.y = out->v.m = out->v.d = 0;
}

/* Fill out with kind and the fields that kind carries, after checking them:
 * this is the one place where an impossible date is caught. */
static int pk_resolve_set(pk_date *out, pk_date_kind kind, long long y,
	int m, int d)
{
	int ok;

	switch (kind) {
	case PK_DATE_FULL:
		ok = pk_resolve_year_ok(y) && pk_ymd_valid((int)y, m, d);
		break;
	case PK_DATE_YEAR_MONTH:
		ok = pk_resolve_year_ok(y) && m >= 1 && m <= 12;
		d = 0;
		break;
	case PK_DATE_YEAR:
		ok = pk_resolve_year_ok(y);
		m = d = 0;
		break;
	case PK_DATE_MONTH_DAY:
		ok = pk_ymd_valid(0, m, d);
		y = 0;
		break;
	case PK_DATE_DAY:
		ok = d >= 1 && d <= 31;
		y = m = 0;
		break;
	default:
		pk_resolve_clear(out);
		return PK_RESOLVE_OK;
	}
	if (!ok) {
		pk_resolve_clear(out);
		return PK_RESOLVE_IMPOSSIBLE;
	}
	out->kind = kind;
	out->v.y = (int)y;
	out->v.m = m;
	out->v.d = d;
	return PK_RESOLVE_OK;
}

/* Move (*y, *m) by n months; the year may leave the valid range, which
 * pk_resolve_set then reports. */
static void pk_resolve_add_months(long long *y, int *m, long long n)
{
	long long idx = *y * 12 + (*m - 1) + n;
	long long q = idx / 12, r = idx % 12;

	if (r < 0) {
		r += 12;
		q--;
	}
	*y = q;
	*m = (int)r + 1;
}

/* The year of "m월 d일" (d == 0: "m월") written in an article of doc. */
static long long pk_resolve_infer_year(const pk_ymd *doc, int m, int d,
	int direction)
{
	/* compare at the precision the text gives: a month alone against the
	 * document's month, not its day */
	int here = m * 32 + d;
	int now = doc->m * 32 + (d ? doc->d : 0);
	int limit_m = doc->m + PK_RESOLVE_MONTHS_AHEAD;

	if (direction > 0)
		return here < now ? doc->y + 1LL : doc->y;
	if (direction < 0)
		return here > now ? doc->y - 1LL : doc->y;
	/* when the limit falls in next year, every day of this year is
	 * within it */
	if (limit_m <= 12 && here > limit_m * 32 + (d ? doc->d : 0))
		return doc->y - 1LL;
	return doc->y;
}

/* "10월 23일(목)" with no document date: the latest year not after ref in
 * which that day is that weekday. */
static int pk_resolve_by_weekday(pk_date *out, int m, int d, int weekday,
	const pk_ymd *ref)
{
	int y;

	if (!pk_ymd_valid(0, m, d)) {
		pk_resolve_clear(out);
		return PK_RESOLVE_IMPOSSIBLE;
	}
	for (y = ref->y; y >= ref->y - PK_RESOLVE_WEEKDAY_YEARS &&
	    y >= PK_RESOLVE_YEAR_MIN; y--) {
		if (!pk_ymd_valid(y, m, d))
			continue;
		if (y == ref->y && (m > ref->m || (m == ref->m && d > ref->d)))
			continue;
		if (pk_ymd_weekday(y, m, d) == weekday)
			return pk_resolve_set(out, PK_DATE_FULL, y, m, d);
	}
	pk_resolve_clear(out);
	return PK_RESOLVE_WEEKDAY;
}

/* "10일", "지난 22일", "오는 15일": the month is the document's, or the one
 * before or after it, depending on the direction. */
static int pk_resolve_bare_day(pk_date *out, int d, int direction,
	const pk_ymd *doc)
{
	long long y = doc->y;
	int m = doc->m;

	if (direction < 0) {
		if (d > doc->d)
			pk_resolve_add_months(&y, &m, -1);
	} else if (direction > 0) {
		if (d < doc->d)
			pk_resolve_add_months(&y, &m, 1);
	} else if (d > doc->d + PK_RESOLVE_DAY_AHEAD) {
		pk_resolve_add_months(&y, &m, -1);
	}
	return pk_resolve_set(out, PK_DATE_FULL, y, m, d);
}

/* Explicit fields, with no relative word. */
static int pk_resolve_absolute(pk_date *out, const pk_date_parts *p,
	const pk_ymd *doc, const pk_ymd *ref)
{
	if (p->y) {
		/* a day without its month ("2024년 10일") tells nothing more */
		if (p->m && p->d)
			return pk_resolve_set(out, PK_DATE_FULL, p->y, p->m, p->d);
		if (p->m)
			return pk_resolve_set(out, PK_DATE_YEAR_MONTH, p->y, p->m, 0);
		return pk_resolve_set(out, PK_DATE_YEAR, p->y, 0, 0);
	}
	if (p->m) {
		if (doc)
			return pk_resolve_set(out,
				p->d ? PK_DATE_FULL : PK_DATE_YEAR_MONTH,
				pk_resolve_infer_year(doc, p->m, p->d, p->direction),
				p->m, p->d);
		/* a month alone has no datatype in the contract */
		if (!p->d)
			return pk_resolve_set(out, PK_DATE_NONE, 0, 0, 0);
		if (p->weekday && ref)
			return pk_resolve_by_weekday(out, p->m, p->d, p->weekday, ref);
		return pk_resolve_set(out, PK_DATE_MONTH_DAY, 0, p->m, p->d);
	}
	if (p->d) {
		if (doc)
			return pk_resolve_bare_day(out, p->d, p->direction, doc);
		/* the weekday alone cannot pick a month: keep the day */
		return pk_resolve_set(out, PK_DATE_DAY, 0, 0, p->d);
	}
	return pk_resolve_set(out, PK_DATE_NONE, 0, 0, 0);
}

/* 지난해, 올해, 내년, with the month and day the text adds. */
static int pk_resolve_rel_year(pk_date *out, const pk_date_parts *p,
	const pk_ymd *doc)
{
	long long y;

	if (!doc) {
		/* "내년 3월 5일" still says the month and the day */
		if (p->m && p->d)
			return pk_resolve_set(out, PK_DATE_MONTH_DAY, 0, p->m, p->d);
		return pk_resolve_set(out, PK_DATE_NONE, 0, 0, 0);
	}
	y = (long long)doc->y + p->rel;
	if (p->m && p->d)
		return pk_resolve_set(out, PK_DATE_FULL, y, p->m, p->d);
	if (p->m)
		return pk_resolve_set(out, PK_DATE_YEAR_MONTH, y, p->m, 0);
	return pk_resolve_set(out, PK_DATE_YEAR, y, 0, 0);
}

/* 지난달, 이번 달, 다음 달, with the day the text adds. */
static int pk_resolve_rel_month(pk_date *out, const pk_date_parts *p,
	const pk_ymd *doc)
{
	long long y;
	int m;

	if (!doc)
		return pk_resolve_set(out, p->d ? PK_DATE_DAY : PK_DATE_NONE,
			0, 0, p->d);
	y = doc->y;
	m = doc->m;
	pk_resolve_add_months(&y, &m, p->rel);
	if (p->d)
		return pk_resolve_set(out, PK_DATE_FULL, y, m, p->d);
	return pk_resolve_set(out, PK_DATE_YEAR_MONTH, y, m, 0);
}

/* 지난주, 이번 주, 다음 주: a weekday names the day; otherwise the week says
 * its month or its year only when the whole Monday-Sunday week lies in
 * it. */
static int pk_resolve_rel_week(pk_date *out, const pk_date_parts *p,
	const pk_ymd *doc)
{
	long long monday;
	pk_ymd first, last;

	if (!doc)
		return pk_resolve_set(out, PK_DATE_NONE, 0, 0, 0);
	monday = pk_resolve_days(doc->y, doc->m, doc->d) -
		(pk_ymd_weekday(doc->y, doc->m, doc->d) - 1) + 7LL * p->rel;
	if (p->weekday) {
		pk_resolve_civil(&first, monday + p->weekday - 1);
		return pk_resolve_set(out, PK_DATE_FULL, first.y, first.m, first.d);
	}
	pk_resolve_civil(&first, monday);
	pk_resolve_civil(&last, monday + 6);
	if (first.y != last.y)
		return pk_resolve_set(out, PK_DATE_NONE, 0, 0, 0);
	if (first.m != last.m)
		return pk_resolve_set(out, PK_DATE_YEAR, first.y, 0, 0);
	return pk_resolve_set(out, PK_DATE_YEAR_MONTH, first.y, first.m, 0);
}

/* 어제, 오늘, 내일, today: the document's day moved on; nothing without one. */
static int pk_resolve_rel_day(pk_date *out, const pk_date_parts *p, const pk_ymd *doc)
{
	pk_ymd d;

	if (!doc)
		return pk_resolve_set(out, PK_DATE_NONE, 0, 0, 0);
	pk_resolve_civil(&d, pk_resolve_days(doc->y, doc->m, doc->d) + p->rel);
	return pk_resolve_set(out, PK_DATE_FULL, d.y, d.m, d.d);
}

/* The end of a range.  The end names only its finest fields ("13~14일",
 * "8월 6일까지"); the coarser ones come from the resolved start, moved on
 * by one month or one year when the end would otherwise come first
 * ("28일~3일", "12월 28일부터 1월 3일까지"). */
static int pk_resolve_end(pk_date *out, const pk_date *start,
	const pk_date_parts *p)
{
	const pk_ymd *s = &start->v;
	long long y;
	int m;

	if (p->y2) {
		if (p->m2 && p->d2)
			return pk_resolve_set(out, PK_DATE_FULL, p->y2, p->m2, p->d2);
		if (p->m2)
			return pk_resolve_set(out, PK_DATE_YEAR_MONTH, p->y2, p->m2, 0);
		return pk_resolve_set(out, PK_DATE_YEAR, p->y2, 0, 0);
	}
	if (p->m2) {
		switch (start->kind) {
		case PK_DATE_FULL:
		case PK_DATE_YEAR_MONTH:
		case PK_DATE_YEAR:
			y = s->y;
			if (p->m2 < s->m || (p->m2 == s->m && p->d2 && p->d2 < s->d))
				y++;
			return pk_resolve_set(out,
				p->d2 ? PK_DATE_FULL : PK_DATE_YEAR_MONTH, y, p->m2, p->d2);
		case PK_DATE_MONTH_DAY:
		case PK_DATE_DAY:
			return pk_resolve_set(out,
				p->d2 ? PK_DATE_MONTH_DAY : PK_DATE_NONE, 0, p->m2, p->d2);
		default:
			return pk_resolve_set(out, PK_DATE_NONE, 0, 0, 0);
		}
	}
	if (p->d2) {
		switch (start->kind) {
		case PK_DATE_FULL:
		case PK_DATE_YEAR_MONTH:
		case PK_DATE_MONTH_DAY:
			y = s->y;
			m = s->m;
			if (p->d2 < s->d) {
				pk_resolve_add_months(&y, &m, 1);
				/* a gMonthDay has no year to carry into */
				if (start->kind == PK_DATE_MONTH_DAY)
					y = 0;
			}
			return pk_resolve_set(out,
				start->kind == PK_DATE_MONTH_DAY ? PK_DATE_MONTH_DAY :
				PK_DATE_FULL, y, m, p->d2);
		case PK_DATE_DAY:
			return pk_resolve_set(out, PK_DATE_DAY, 0, 0, p->d2);
		default:
			return pk_resolve_set(out, PK_DATE_NONE, 0, 0, 0);
		}
	}
	return pk_resolve_set(out, PK_DATE_NONE, 0, 0, 0);
}

/* Only an explicit end year can put the end before the start; the fields
 * the two dates share are compared. */
static int pk_resolve_before(const pk_date *end, const pk_date *start)
{
	const pk_ymd *e = &end->v, *s = &start->v;
	int has_y = start->kind == PK_DATE_FULL ||
		start->kind == PK_DATE_YEAR_MONTH || start->kind == PK_DATE_YEAR;
	int end_y = end->kind == PK_DATE_FULL ||
		end->kind == PK_DATE_YEAR_MONTH || end->kind == PK_DATE_YEAR;

	if (!has_y || !end_y)
		return 0;
	if (e->y != s->y)
		return e->y < s->y;
	if (!e->m || !s->m || e->m != s->m)
		return e->m && s->m && e->m < s->m;
	return e->d && s->d && e->d < s->d;
}

static int pk_resolve_weekday_ok(const pk_date *dt, int weekday)
{
	/* a partial date cannot be checked, so it is not contradicted */
	if (!weekday || dt->kind != PK_DATE_FULL)
		return 1;
	return pk_ymd_weekday(dt->v.y, dt->v.m, dt->v.d) == weekday;
}

/* Numbers a rule could never have read from a real date: caught before any
 * of them is silently ignored by a branch that does not use it. */
static int pk_resolve_parts_ok(const pk_date_parts *p)
{
	if ((p->y && !pk_resolve_year_ok(p->y)) ||
	    (p->y2 && !pk_resolve_year_ok(p->y2)))
		return 0;
	if (p->m < 0 || p->m > 12 || p->m2 < 0 || p->m2 > 12)
		return 0;
	if (p->d < 0 || p->d > 31 || p->d2 < 0 || p->d2 > 31)
		return 0;
	return p->weekday >= 0 && p->weekday <= 7 &&
		p->weekday2 >= 0 && p->weekday2 <= 7;
}

/* A weekday alone ("on Tuesday", 화요일에): the nearest such day up to the
 * document's, as news tells of what was done; with "next"/오는, the first
 * one after it.  Nothing without a full document date. */
static int pk_resolve_weekday_only(pk_date *out, const pk_date_parts *p, const pk_ymd *doc)
{
	long long z;
	int back;
	pk_ymd v;

	if (!doc)
		return PK_RESOLVE_OK;
	z = pk_resolve_days(doc->y, doc->m, doc->d);
	back = (pk_ymd_weekday(doc->y, doc->m, doc->d) - p->weekday + 7) % 7;
	if (p->direction > 0)
		z += back ? 7 - back : 7;
	else
		z -= back;
	pk_resolve_civil(&v, z);
	return pk_resolve_set(out, PK_DATE_FULL, v.y, v.m, v.d);
}

int pk_resolve_date(pk_date *start, pk_date *end, const pk_date_parts *parts,
	const pk_ymd *doc, const pk_ymd *ref)
{
	int rc;

	pk_resolve_clear(start);
	pk_resolve_clear(end);
	if (!pk_resolve_parts_ok(parts))
		return PK_RESOLVE_IMPOSSIBLE;
	/* a document date or reference date that is not a whole valid date
	 * in range anchors nothing */
	if (doc && (!pk_resolve_year_ok(doc->y) ||
	    !pk_ymd_valid(doc->y, doc->m, doc->d)))
		doc = NULL;
	if (ref && (!pk_resolve_year_ok(ref->y) ||
	    !pk_ymd_valid(ref->y, ref->m, ref->d)))
		ref = NULL;

	switch (parts->rel_unit) {
	case PK_REL_YEAR:
		rc = pk_resolve_rel_year(start, parts, doc);
		break;
	case PK_REL_MONTH:
		rc = pk_resolve_rel_month(start, parts, doc);
		break;
	case PK_REL_WEEK:
		rc = pk_resolve_rel_week(start, parts, doc);
		break;
	case PK_REL_DAY:
		rc = pk_resolve_rel_day(start, parts, doc);
		break;
	default:
		if (parts->weekday && !parts->y && !parts->m && !parts->d)
			rc = pk_resolve_weekday_only(start, parts, doc);
		else
			rc = pk_resolve_absolute(start, parts, doc, ref);
		break;
	}
	if (rc == PK_RESOLVE_OK && !pk_resolve_weekday_ok(start, parts->weekday))
		rc = PK_RESOLVE_WEEKDAY;
	/* no start, no range: an end year alone ("~2002년") ends nothing
	 * (found by fuzz/fuzz_dates.c) */
	if (rc == PK_RESOLVE_OK && start->kind != PK_DATE_NONE &&
	    (parts->y2 || parts->m2 || parts->d2)) {
		rc = pk_resolve_end(end, start, parts);
		if (rc == PK_RESOLVE_OK && pk_resolve_before(end, start))
			rc = PK_RESOLVE_IMPOSSIBLE;
		if (rc == PK_RESOLVE_OK &&
		    !pk_resolve_weekday_ok(end, parts->weekday2))
			rc = PK_RESOLVE_WEEKDAY;
	}
	if (rc != PK_RESOLVE_OK) {
		pk_resolve_clear(start);
		pk_resolve_clear(end);
	}
	return rc;
}
