/*
 * test_store_dates.c - a range of dates answered from the date index
 * (store_range.c, store_lmdb_dates.c): queries/events.rq with from/to
 * gives the same bytes as the same query with its filters put out of the
 * planner's reach (so every start date is read and filtered, as before
 * the index), for ranges that catch dates of every form, after a
 * document whose event moved is replaced, after one is forgotten, and in
 * a store written without the date index (the test hook of an older
 * build), before and after a write completes it; and so do filters
 * written out in a query, narrowed only where they say enough.  Every
 * test works in its own mkdtemp directory under /tmp.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "check.h"
#include "store/store_int.h"
#include "base/util.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEST_DATES_DOC "https://w3id.org/policykg/id/document/"
#define TEST_DATES_PKG "https://w3id.org/policykg/ontology#"
#define TEST_DATES_XSD "http://www.w3.org/2001/XMLSchema#"

/* An event: a start (typed when dt is not NULL), a class and a label. */
#define TEST_DATES_EVENT(id, start, dt, cls, doc) \
	"<http://x/" id "> <" TEST_DATES_PKG "startDate> \"" start "\"" dt \
	" <" TEST_DATES_DOC doc "> .\n" \
	"<http://x/" id "> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <" \
	TEST_DATES_PKG "Event> <" TEST_DATES_DOC doc "> .\n" \
	"<http://x/" id "> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <" \
	TEST_DATES_PKG cls "> <" TEST_DATES_DOC doc "> .\n" \
	"<http://x/" id "> <http://www.w3.org/2000/01/rdf-schema#label> \"" id \
	"\"@ko <" TEST_DATES_DOC doc "> .\n"
#define TEST_DATES_D "^^<" TEST_DATES_XSD "date>"

/* Document a: dates of every form, one event with two starts, one
 * shared with b. */
static const char test_dates__a[] =
	TEST_DATES_EVENT("e01", "2024-03-01", TEST_DATES_D, "Meeting", "a")
	TEST_DATES_EVENT("e02", "2024-12-31", TEST_DATES_D, "Summit", "a")
	TEST_DATES_EVENT("e03", "2023-12-31", TEST_DATES_D, "Forum", "a")
	TEST_DATES_EVENT("e04", "2024", "^^<" TEST_DATES_XSD "gYear>", "Visit", "a")
	TEST_DATES_EVENT("e05", "2024-6-1", TEST_DATES_D, "Meeting", "a")
	TEST_DATES_EVENT("e06", "2024-05-10+09:00", TEST_DATES_D, "Meeting", "a")
	TEST_DATES_EVENT("e07", "2022-01-01", TEST_DATES_D, "Workshop", "a")
	"<http://x/e07> <" TEST_DATES_PKG "startDate> \"2024-07-07\"" TEST_DATES_D
	" <" TEST_DATES_DOC "a> .\n"
	TEST_DATES_EVENT("e08", "2024-02-29", "", "Meeting", "a")
	TEST_DATES_EVENT("e09", "2024-02-30", TEST_DATES_D, "Ceremony", "a")
	TEST_DATES_EVENT("e10", "2024-01-01Z", TEST_DATES_D, "Meeting", "a")
	TEST_DATES_EVENT("e11", "2024-03-01", TEST_DATES_D, "Summit", "a")
	TEST_DATES_EVENT("e12", "2025-03-01", TEST_DATES_D, "Meeting", "a")
	"<http://x/e13> <" TEST_DATES_PKG "startDate> \"2024-04-04\"" TEST_DATES_D
	" <" TEST_DATES_DOC "a> .\n";
static const char test_dates__b[] =
	TEST_DATES_EVENT("e12", "2025-03-01", TEST_DATES_D, "Meeting", "b")
	TEST_DATES_EVENT("e20", "2024-08-15", TEST_DATES_D, "Forum", "b");
/* a again: e01 moved to 2025 (a date no store term had), e02 gone */
static const char test_dates__a2[] =
	TEST_DATES_EVENT("e01", "2025-01-15", TEST_DATES_D, "Meeting", "a")
	TEST_DATES_EVENT("e03", "2023-12-31", TEST_DATES_D, "Forum", "a")
	TEST_DATES_EVENT("e11", "2024-03-01", TEST_DATES_D, "Summit", "a")
	TEST_DATES_EVENT("e12", "2025-03-01", TEST_DATES_D, "Meeting", "a");

/* from, to (NULL: not given) and whether any event is in the range. */
static const struct {
	const char *from, *to;
} test_dates__ranges[] = {
	{ "2024-01-01", "2024-12-31" },
	{ "2024-03-01", "2024-03-01" },
	{ "2024-06-01", NULL },
	{ NULL, "2023-12-31" },
	{ "2030-01-01", "2030-12-31" },
	{ "2024-12-31", "2024-01-01" },
	{ "0001-01-01", "9999-12-31" },
	{ "2025-01-01", "2025-12-31" },
};

static void test_dates__diag_fn(void *ud, pk_severity sev, const char *msg)
{
	PK_UNUSED(ud);
	if (sev >= PK_SEV_WARNING)
		fprintf(stderr, "  (%s)\n", msg);
}

static const pk_diag test_dates__diag = { test_dates__diag_fn, NULL, NULL };

static char *test_dates__path(const char *dir, const char *name)
{
	pk_buf b = PK_BUF_INIT;

	pk_buf_printf(&b, "%s/%s", dir, name);
	return pk_buf_detach(&b);
}

static int test_dates__remove(const char *path, const struct stat *sb, int flag,
	struct FTW *ftw)
{
	PK_UNUSED(sb);
	PK_UNUSED(ftw);
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* A new directory for a store: *db the store's path in it. */
static char *test_dates__tmpdir(char **db)
{
	char tmpl[] = "/tmp/pk-test-dates-XXXXXX";
	char *tmp = mkdtemp(tmpl) ? pk_strdup(tmpl) : NULL;

	CHECK(tmp != NULL);
	*db = tmp ? test_dates__path(tmp, "graph.db") : NULL;
	return tmp;
}

static void test_dates__done(char *tmp, char *db)
{
	if (tmp)
		CHECK_INT(0, nftw(tmp, test_dates__remove, 16, FTW_DEPTH | FTW_PHYS));
	free(tmp);
	free(db);
}

/* Load text as an N-Quads file (forget: a document to take out) into db. */
static int test_dates__change(const char *tmp, const char *db, const char *text,
	const char *forget)
{
	char *file = test_dates__path(tmp, "in.nq");
	pk_store_batch *b = NULL;
	pk_store *st = NULL;
	FILE *f;
	int rc;

	if (text) {
		f = fopen(file, "w");
		CHECK(f != NULL);
		if (f) {
			fputs(text, f);
			fclose(f);
		}
	}
	if ((rc = pk_store_batch_new(&b, &test_dates__diag)) == 0) {
		rc = text ? pk_store_batch_add_file(b, file, NULL) :
			pk_store_batch_forget(b, forget);
		if (rc == 0)
			rc = pk_store_open(&st, db, PK_STORE_CREATE, &test_dates__diag);
		if (rc == 0)
			rc = pk_store_apply(st, b, NULL);
	}
	pk_store_free(st);
	pk_store_batch_free(b);
	free(file);
	return rc;
}

/* The answer of sparql over st as TSV; *narrowed the patterns the date
 * index narrowed.  NULL when the query failed. */
static char *test_dates__answer(pk_store *st, const char *sparql,
	unsigned long *narrowed)
{
	pk_table *t = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	CHECK_INT(0, pk_store_query(&t, st, sparql));
	*narrowed = st->match.narrowed;
	if (!t)
		return NULL;
	f = open_memstream(&text, &len);
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(0, pk_table_write(t, f, PK_TABLE_TSV));
		fclose(f);
	}
	pk_table_free(t);
	return text;
}

/* q with each FILTER( made FILTER(false || : the same to Rasqal, out of
 * the planner's reach.  Malloc'd. */
static char *test_dates__scan_text(const char *q)
{
	pk_buf out = PK_BUF_INIT;
	const char *f;

	for (; (f = strstr(q, "FILTER(")) != NULL; q = f + 7) {
		pk_buf_put(&out, q, (size_t)(f - q));
		pk_buf_puts(&out, "FILTER(false || ");
	}
	pk_buf_puts(&out, q);
	return pk_buf_detach(&out);
}

/* events.rq with from and to bound (NULL: not given); scan: its filters
 * as "false || ...", which Rasqal reads as before and the planner not. */
static char *test_dates__query(const char *from, const char *to, int scan)
{
	const char *src = PK_SOURCE_DIR "/queries/events.rq";
	pk_param p[2];
	char *text = NULL, *bound = NULL, *scanned;
	size_t len, n = 0;

	CHECK_INT(0, pk_file_read(&text, &len, src, NULL));
	if (!text)
		return NULL;
	if (from) {
		p[n].name = "from";
		p[n++].value = from;
	}
	if (to) {
		p[n].name = "to";
		p[n++].value = to;
	}
	CHECK_INT(0, pk_sparql_bind(&bound, text, p, n, &test_dates__diag));
	free(text);
	if (!bound || !scan)
		return bound;
	scanned = test_dates__scan_text(bound);
	free(bound);
	return scanned;
}

/* Every range of test_dates__ranges answered over db from the index
 * (when indexed) or not, and by the scan: the same bytes.  rows gets the
 * data rows of the first range. */
static void test_dates__same_as_scan(const char *db, int indexed, long *rows)
{
	pk_store *st = NULL;
	unsigned long narrowed = 0, scanned = 0;
	char *q, *qs, *a, *b;
	const char *c;
	size_t i;

	CHECK_INT(0, pk_store_open(&st, db, PK_STORE_READONLY, &test_dates__diag));
	if (!st)
		return;
	for (i = 0; i < PK_ARRAY_LEN(test_dates__ranges); i++) {
		q = test_dates__query(test_dates__ranges[i].from,
			test_dates__ranges[i].to, 0);
		qs = test_dates__query(test_dates__ranges[i].from,
			test_dates__ranges[i].to, 1);
		a = q ? test_dates__answer(st, q, &narrowed) : NULL;
		b = qs ? test_dates__answer(st, qs, &scanned) : NULL;
		CHECK(a != NULL && b != NULL);
		if (a && b && strcmp(a, b) != 0) {
			fprintf(stderr, "range %s..%s: from the index:\n%s\nscanned:\n%s\n",
				test_dates__ranges[i].from ? test_dates__ranges[i].from : "",
				test_dates__ranges[i].to ? test_dates__ranges[i].to : "", a, b);
			CHECK(0);
		}
		CHECK_INT(indexed ? 1 : 0, narrowed);
		CHECK_INT(0, scanned);
		if (i == 0 && a)
			for (*rows = -1, c = a; *c; c++)
				*rows += *c == '\n';
		free(a);
		free(b);
		free(q);
		free(qs);
	}
	/* not bound: nothing to narrow */
	q = test_dates__query(NULL, NULL, 0);
	a = q ? test_dates__answer(st, q, &narrowed) : NULL;
	CHECK(a != NULL);
	CHECK_INT(0, narrowed);
	free(a);
	free(q);
	pk_store_free(st);
}

/* The differences check finds in db. */
static long test_dates__check(const char *db)
{
	pk_store_check_result r;
	pk_store *st = NULL;
	long n = -1;

	memset(&r, 0, sizeof r);
	if (pk_store_open(&st, db, PK_STORE_READONLY, &test_dates__diag) == 0 &&
	    pk_store_check(&r, st, PK_STORE_CHECK_READ) == 0)
		n = r.differences;
	pk_store_free(st);
	return n;
}

static void test_dates__range_answers_equal_the_scan(void)
{
	char *db, *tmp = test_dates__tmpdir(&db);
	long rows = 0;

	if (!tmp)
		return;
	CHECK_INT(0, test_dates__change(tmp, db, test_dates__a, NULL));
	CHECK_INT(0, test_dates__change(tmp, db, test_dates__b, NULL));
	test_dates__same_as_scan(db, 1, &rows);
	/* 2024: e01 e02 e06 e07 e11 e13 e20 (e13 is no Event) */
	CHECK_INT(6, rows);
	CHECK_INT(0, test_dates__check(db));

	/* e01 moved to 2025 and e02 gone */
	CHECK_INT(0, test_dates__change(tmp, db, test_dates__a2, NULL));
	test_dates__same_as_scan(db, 1, &rows);
	CHECK_INT(2, rows);   /* e11 e20 */
	CHECK_INT(0, test_dates__check(db));

	/* b forgotten: e20 with it; e12 stays, a states it too */
	CHECK_INT(0, test_dates__change(tmp, db, NULL, "b"));
	test_dates__same_as_scan(db, 1, &rows);
	CHECK_INT(1, rows);
	CHECK_INT(0, test_dates__check(db));

	test_dates__done(tmp, db);
}

/* A store written without the date index (as an older build wrote it)
 * answers by reading every date, its check finds no fault, and the next
 * write completes the index. */
static void test_dates__store_without_the_index_answers(void)
{
	char *db, *tmp = test_dates__tmpdir(&db);
	long rows = 0;

	if (!tmp)
		return;
	setenv("POLICYKG_TEST_NO_DATE_INDEX", "1", 1);
	CHECK_INT(0, test_dates__change(tmp, db, test_dates__a, NULL));
	unsetenv("POLICYKG_TEST_NO_DATE_INDEX");
	test_dates__same_as_scan(db, 0, &rows);
	CHECK_INT(5, rows);
	CHECK_INT(0, test_dates__check(db));

	/* a write completes it, in the union and the graphs index alike */
	CHECK_INT(0, test_dates__change(tmp, db, test_dates__b, NULL));
	test_dates__same_as_scan(db, 1, &rows);
	CHECK_INT(6, rows);
	CHECK_INT(0, test_dates__check(db));

	test_dates__done(tmp, db);
}

/* Filters written out, not through --param: each answer the same as
 * the scan's, and narrowed only where the filters say enough. */
static const struct {
	const char *sparql;
	unsigned long narrowed;
} test_dates__written[] = {
	{ "SELECT ?e ?d WHERE { ?e pkg:startDate ?d FILTER(DATATYPE(?d) = xsd:date "
	  "&& ?d = \"2024-03-01\"^^xsd:date) }", 1 },
	{ "SELECT ?e ?d WHERE { ?e pkg:startDate ?d FILTER(DATATYPE(?d) = xsd:date "
	  "&& ?d > \"2024-03-01\"^^xsd:date && ?d < \"2024-12-31\"^^xsd:date) }", 1 },
	{ "SELECT ?e ?d ?x WHERE { BIND(\"2024-06-01\"^^xsd:date AS ?x) "
	  "?e pkg:startDate ?d FILTER(DATATYPE(?d) = xsd:date) FILTER(?x >= ?d) } "
	  "LIMIT 4", 1 },
	/* no DATATYPE: a date-time could compare too */
	{ "SELECT ?e ?d WHERE { ?e pkg:startDate ?d "
	  "FILTER(?d >= \"2024-03-01\"^^xsd:date) }", 0 },
	/* ?d bound by two patterns */
	{ "SELECT ?e ?f WHERE { ?e pkg:startDate ?d . ?f pkg:startDate ?d "
	  "FILTER(DATATYPE(?d) = xsd:date && ?d >= \"2024-03-01\"^^xsd:date) }", 0 },
	/* two ranges: no one bound */
	{ "SELECT (COUNT(*) AS ?n) WHERE { ?e pkg:startDate ?d FILTER(DATATYPE(?d) = "
	  "xsd:date && (?d >= \"2024-06-01\"^^xsd:date || ?d <= \"2023-01-01\"^^xsd:date)) }",
	  0 },
};

static void test_dates__written_filters_equal_the_scan(void)
{
	char *db, *tmp = test_dates__tmpdir(&db);
	unsigned long narrowed = 0, scanned = 0;
	pk_store *st = NULL;
	char *a, *b, *scan;
	size_t i;

	if (!tmp)
		return;
	CHECK_INT(0, test_dates__change(tmp, db, test_dates__a, NULL));
	CHECK_INT(0, pk_store_open(&st, db, PK_STORE_READONLY, &test_dates__diag));
	for (i = 0; st && i < PK_ARRAY_LEN(test_dates__written); i++) {
		scan = test_dates__scan_text(test_dates__written[i].sparql);
		a = test_dates__answer(st, test_dates__written[i].sparql, &narrowed);
		b = scan ? test_dates__answer(st, scan, &scanned) : NULL;
		CHECK(a && b && strcmp(a, b) == 0);
		CHECK_INT(test_dates__written[i].narrowed, narrowed);
		CHECK_INT(0, scanned);
		free(a);
		free(b);
		free(scan);
	}
	pk_store_free(st);
	test_dates__done(tmp, db);
}

static const pk_test tests[] = {
	PK_TEST(test_dates__range_answers_equal_the_scan),
	PK_TEST(test_dates__store_without_the_index_answers),
	PK_TEST(test_dates__written_filters_equal_the_scan),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
