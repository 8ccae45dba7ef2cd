/*
 * export_types.c - literals by datatype: which properties of a node one
 * literal becomes (export.h states the mapping), checking the lexical
 * forms a database will parse, so that bad input is exported as text
 * instead of making the import fail:
 *
 *   xsd integer types   p                64-bit integer
 *   xsd:date            p                a date; p_text, p_precision "date"
 *   xsd:dateTime        p                its date (in its own offset);
 *                       p_datetime       the instant, offset kept where
 *                                        the target keeps one; p_text,
 *                                        p_precision "dateTime"
 *   xsd:gYearMonth, gYear, gMonthDay, gDay
 *                       p_text           the lexical form ("---22");
 *                       p_precision      the datatype's name ("gDay")
 *   xsd:duration        p                a duration; p_text
 *   anything else       p                the lexical form
 *
 * A temporal value whose lexical form is not valid (2024-02-30) keeps only
 * p_text and p_precision.  Derived names are those of p with the suffix.
 */
#include "export/export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rdf/vocab.h"

/* dt's local name when dt is an XML Schema datatype, else NULL. */
static const char *pk_pg_xsd(const char *dt)
{
	size_t n = strlen(PK_NS_XSD);

	return dt && strncmp(dt, PK_NS_XSD, n) == 0 ? dt + n : NULL;
}

/* Is a literal with this lexical form and xsd local name x a 64-bit integer? */
static int pk_pg_is_int(const char *lexical, const char *x)
{
	static const char *const types[] = {
		"integer", "int", "long", "short", "byte", "nonNegativeInteger",
		"positiveInteger", "nonPositiveInteger", "negativeInteger",
		"unsignedInt", "unsignedShort", "unsignedByte",
	};
	const char *c = lexical;
	char *end;
	size_t i;

	for (i = 0; i < PK_ARRAY_LEN(types) && strcmp(x, types[i]) != 0; i++)
		;
	if (i == PK_ARRAY_LEN(types))
		return 0;
	if (*c == '+' || *c == '-')
		c++;
	if (!*c || strspn(c, "0123456789") != strlen(c))
		return 0;
	errno = 0;
	(void)strtoll(lexical, &end, 10);
	return errno == 0 && *end == '\0';
}

/* n digits at s, their value in *v. */
static int pk_pg_digits(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

/* YYYY-MM-DD at s, a real day of a year 0001-9999: what every target parses. */
static int pk_pg_valid_ymd(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (!pk_pg_digits(s, 4, &y) || s[4] != '-' || !pk_pg_digits(s + 5, 2, &m) || s[7] != '-' ||
	    !pk_pg_digits(s + 8, 2, &d) || y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return !(m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)));
}

/* YYYY-MM-DD and nothing else (no time zone: a Cypher date has none). */
static int pk_pg_valid_date(const char *s)
{
	return pk_pg_valid_ymd(s) && s[10] == '\0';
}

/* YYYY-MM-DDThh:mm:ss[.s+][Z|(+|-)hh:mm] */
static int pk_pg_valid_datetime(const char *s)
{
	int h, mi, sec, oh, om;
	const char *c = s + 19;

	if (!pk_pg_valid_ymd(s) || s[10] != 'T' || !pk_pg_digits(s + 11, 2, &h) || s[13] != ':' ||
	    !pk_pg_digits(s + 14, 2, &mi) || s[16] != ':' || !pk_pg_digits(s + 17, 2, &sec) ||
	    h > 23 || mi > 59 || sec > 59)
		return 0;
	if (*c == '.') {
		if (c[1] < '0' || c[1] > '9')
			return 0;
		for (c++; *c >= '0' && *c <= '9'; c++)
			;
	}
	if (*c == 'Z')
		return c[1] == '\0';
	if (*c == '+' || *c == '-')
		return pk_pg_digits(c + 1, 2, &oh) && c[3] == ':' && pk_pg_digits(c + 4, 2, &om) &&
			c[6] == '\0' && oh <= 14 && om <= 59;
	return *c == '\0';
}

/* The parts of an ISO 8601 duration PnYnMnWnDTnHnMnS (no sign; seconds
 * may have a fraction), each as its number's text; 0 if it is not one. */
typedef struct pk_pg_dur {
	const char *at[7];   /* Y M W D H M S */
	size_t len[7];
} pk_pg_dur;

static int pk_pg_parse_duration(pk_pg_dur *d, const char *s)
{
	static const char units[] = "YMWDHMS";
	const char *c = s + 1;
	size_t u = 0, any = 0;
	int in_time = 0;

	memset(d, 0, sizeof *d);
	if (*s != 'P' || !*c)
		return 0;
	while (*c) {
		const char *num = c;
		int frac = 0;

		if (*c == 'T' && !in_time) {
			in_time = 1;
			u = 4;
			if (!*++c)
				return 0;
			continue;
		}
		while ((*c >= '0' && *c <= '9') || (*c == '.' && !frac && (frac = 1)))
			c++;
		if (c == num || c[-1] == '.' || !*c)
			return 0;
		while (u < 7 && units[u] != *c)
			u++;
		if (u == 7 || (u >= 4) != in_time || (frac && u != 6))
			return 0;
		d->at[u] = num;
		d->len[u] = (size_t)(c - num);
		any++;
		u++;
		c++;
	}
	return any > 0;
}

int pk_pg_duration_kuzu(pk_buf *out, const char *iso)
{
	static const char *const names[] = { "years", "months", "weeks", "days", "hours", "minutes", "seconds" };
	pk_pg_dur d;
	size_t i, k = 0;

	if (!pk_pg_parse_duration(&d, iso))
		return pk_buf_puts(out, iso);
	for (i = 0; i < 7; i++)
		if (d.at[i] && pk_buf_printf(out, "%s%.*s %s", k++ ? " " : "", (int)d.len[i], d.at[i], names[i]) < 0)
			return PK_ENOMEM;
	return 0;
}

size_t pk_pg_literal(pk_pg_typed out[4], const char *lexical, const char *dt, const char **date)
{
	static const char *const partial[] = { "gYearMonth", "gYear", "gMonthDay", "gDay" };
	const char *x = pk_pg_xsd(dt);
	pk_pg_dur dur;
	size_t i, n = 0;

	*date = NULL;
	if (!x) {
		out[n++] = (pk_pg_typed){ "", PK_PG_STRING, lexical };
		return n;
	}
	if (pk_pg_is_int(lexical, x)) {
		out[n++] = (pk_pg_typed){ "", PK_PG_INT, lexical };
		return n;
	}
	if (strcmp(x, "duration") == 0) {
		if (pk_pg_parse_duration(&dur, lexical))
			out[n++] = (pk_pg_typed){ "", PK_PG_DURATION, lexical };
		out[n++] = (pk_pg_typed){ "_text", PK_PG_STRING, lexical };
		return n;
	}
	for (i = 0; i < PK_ARRAY_LEN(partial) && strcmp(x, partial[i]) != 0; i++)
		;
	if (i == PK_ARRAY_LEN(partial) && strcmp(x, "date") != 0 && strcmp(x, "dateTime") != 0) {
		out[n++] = (pk_pg_typed){ "", PK_PG_STRING, lexical };
		return n;
	}
	if (strcmp(x, "date") == 0 && pk_pg_valid_date(lexical)) {
		out[n++] = (pk_pg_typed){ "", PK_PG_DATE, lexical };
	} else if (strcmp(x, "dateTime") == 0 && pk_pg_valid_datetime(lexical)) {
		*date = lexical; /* its first 10 bytes: the caller copies them */
		out[n++] = (pk_pg_typed){ "", PK_PG_DATE, NULL };
		out[n++] = (pk_pg_typed){ "_datetime", PK_PG_DATETIME, lexical };
	}
	out[n++] = (pk_pg_typed){ "_text", PK_PG_STRING, lexical };
	out[n++] = (pk_pg_typed){ "_precision", PK_PG_STRING, x };
	return n;
}
