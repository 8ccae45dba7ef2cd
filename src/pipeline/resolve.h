/*
 * resolve.h - the date resolution stage: turns the parts of a date
 * expression that a date rule captured (year, month, day, a relative word,
 * a weekday, a range end) into a date literal, resolved against the
 * document's publication date as ../shared/spec/ontology-contract.md says,
 * carrying only what is known: xsd:date, xsd:gYearMonth, xsd:gYear,
 * xsd:gMonthDay or xsd:gDay.
 *
 * Pure computation: no library objects, no allocation.
 */
#ifndef PK_RESOLVE_H
#define PK_RESOLVE_H

#include <stddef.h>

/* A calendar date; 0 in a field means "not known". */
typedef struct pk_ymd {
	int y;
	int m;
	int d;
} pk_ymd;

typedef enum pk_rel_unit {
	PK_REL_NONE = 0,
	PK_REL_YEAR,   /* 지난해 -1, 올해 0, 내년 +1 */
	PK_REL_MONTH,  /* 지난달 -1, 이번 달 0, 다음 달 +1 */
	PK_REL_WEEK,   /* 지난주 -1, 이번 주 0, 다음 주 +1 */
	PK_REL_DAY     /* 어제 -1, 오늘 0, 내일 +1 (today, yesterday) */
} pk_rel_unit;

/* What a date rule captured.  Unset numbers are 0. */
typedef struct pk_date_parts {
	int y, m, d;          /* explicit fields ("2024년 5월 10일") */
	int y2, m2, d2;       /* end of a range (7월 28일부터 8월 6일까지, 13~14일) */
	pk_rel_unit rel_unit; /* a relative word, with its offset */
	int rel;
	int direction;        /* -1 "지난 22일", +1 "오는 15일", 0 none */
	int weekday;          /* 0 = none, 1 = Monday ... 7 = Sunday */
	int weekday2;         /* the weekday given for the range end */
} pk_date_parts;

#define PK_DATE_PARTS_INIT { 0, 0, 0, 0, 0, 0, PK_REL_NONE, 0, 0, 0, 0 }

typedef enum pk_date_kind {
	PK_DATE_NONE = 0,     /* nothing could be said (e.g. 지난주 alone) */
	PK_DATE_FULL,         /* xsd:date */
	PK_DATE_YEAR_MONTH,   /* xsd:gYearMonth */
	PK_DATE_YEAR,         /* xsd:gYear */
	PK_DATE_MONTH_DAY,    /* xsd:gMonthDay */
	PK_DATE_DAY           /* xsd:gDay */
} pk_date_kind;

typedef struct pk_date {
	pk_date_kind kind;
	pk_ymd v;
} pk_date;

typedef enum pk_resolve_status {
	PK_RESOLVE_OK = 0,
	PK_RESOLVE_IMPOSSIBLE = 1,  /* 2월 30일, 13월: no date is emitted */
	PK_RESOLVE_WEEKDAY = 2      /* the weekday disagrees with the date */
} pk_resolve_status;

/* Resolve parts against doc (the document's date; y == 0 when it has
 * none) and ref (today, bounding weekday-year inference).  start and end
 * get the result (end.kind == PK_DATE_NONE unless a range).  Returns a
 * pk_resolve_status. */
int pk_resolve_date(pk_date *start, pk_date *end, const pk_date_parts *parts,
	const pk_ymd *doc, const pk_ymd *ref);

/* The lexical form ("2024-05-10", "2023-11", "2014", "--10-23", "---22")
 * into buf; returns the XSD datatype local name ("date", "gYearMonth",
 * "gYear", "gMonthDay", "gDay"), or NULL for PK_DATE_NONE or when buf is
 * too small (12 bytes always suffice). */
const char *pk_date_format(const pk_date *d, char *buf, size_t len);

int pk_ymd_valid(int y, int m, int d);  /* y == 0: any leap year allowed */
int pk_ymd_weekday(int y, int m, int d); /* 1 = Monday ... 7 = Sunday */
/* Parse "YYYY-MM-DD" (or a longer dateTime, whose date part is used). */
int pk_ymd_parse(pk_ymd *out, const char *s);

#endif
