/*
 * test_query.c - the limits on a query from outside (pk_store_query_with,
 * issue 14): SERVICE is refused unless allowed, decided on Rasqal's parse
 * and not on the text; a query past its time limit stops, even one that
 * reads for ever before its first row; rows past max_rows are cut and
 * said to be; aggregates over nothing are one row.  One store of 60 triples in a mkdtemp directory.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "check.h"
#include "store/store_int.h"
#include "base/util.h"

#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pk_buf test_query__msgs;

static void test_query__diag_fn(void *ud, pk_severity sev, const char *msg)
{
	PK_UNUSED(ud);
	pk_buf_printf(&test_query__msgs, "%d %s\n", (int)sev, msg);
}

static const pk_diag test_query__diag = { test_query__diag_fn, NULL, NULL };

static char test_query__dir[] = "/tmp/pk-test-query-XXXXXX";
static pk_store *test_query__st;

/* 60 triples: enough for a cross product of three patterns (216,000
 * rows) and one of six (47 billion, which never ends). */
static int test_query__setup(void)
{
	pk_buf ttl = PK_BUF_INIT, path = PK_BUF_INIT, db = PK_BUF_INIT;
	const char *files[1];
	FILE *f;
	int i, rc = -1;

	if (!mkdtemp(test_query__dir))
		return -1;
	pk_buf_printf(&path, "%s/g.ttl", test_query__dir);
	pk_buf_printf(&db, "%s/db", test_query__dir);
	for (i = 0; i < 60; i++)
		pk_buf_printf(&ttl, "<http://x/s%d> <http://x/p> \"v%d\" .\n", i, i);
	f = fopen(path.ptr, "w");
	if (!f)
		goto out;
	fputs(ttl.ptr, f);
	fclose(f);
	files[0] = path.ptr;
	if (pk_store_load_files(db.ptr, files, 1, NULL, &test_query__diag) < 0 ||
	    pk_store_open(&test_query__st, db.ptr, PK_STORE_READONLY, &test_query__diag) < 0)
		goto out;
	rc = 0;
out:
	pk_buf_free(&ttl);
	pk_buf_free(&path);
	pk_buf_free(&db);
	return rc;
}

static int test_query__remove(const char *path, const struct stat *sb, int flag,
	struct FTW *ftw)
{
	PK_UNUSED(sb);
	PK_UNUSED(ftw);
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void test_query__teardown(void)
{
	pk_store_free(test_query__st);
	CHECK_INT(0, nftw(test_query__dir, test_query__remove, 16, FTW_DEPTH | FTW_PHYS));
}

static double test_query__now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_query__service_refused_by_default(void)
{
	pk_query_options o = PK_QUERY_OPTIONS_INIT;
	pk_table *t = NULL;

	pk_buf_clear(&test_query__msgs);
	o.name = "q.rq";
	/* 127.0.0.1:9 (discard) is closed: nothing would answer anyway */
	CHECK_INT(PK_EQUERY, pk_store_query_with(&t, test_query__st,
		"# a query that calls out\n"
		"SELECT * WHERE {\n"
		"  ?s ?p ?o .\n"
		"  OPTIONAL { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?x } }\n"
		"}\n", &o));
	CHECK(t == NULL);
	CHECK(strstr(test_query__msgs.ptr, "q.rq:4: SERVICE <http://127.0.0.1:9/sparql>: "
		"a query that calls another server is refused") != NULL);
	/* nothing was tried: no message from the HTTP client */
	CHECK(strstr(test_query__msgs.ptr, "Resolving URI") == NULL);
}

static void test_query__service_in_subquery_refused(void)
{
	pk_table *t = NULL;

	pk_buf_clear(&test_query__msgs);
	CHECK_INT(PK_EQUERY, pk_store_query_with(&t, test_query__st,
		"SELECT ?s WHERE {\n { SELECT ?s WHERE {\n"
		"  SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }", NULL));
	CHECK(strstr(test_query__msgs.ptr, "query:3: SERVICE <http://127.0.0.1:9/>: ") != NULL);
	pk_table_free(t);
}

static void test_query__service_in_text_only_runs(void)
{
	pk_table *t = NULL;

	pk_buf_clear(&test_query__msgs);
	CHECK_INT(0, pk_store_query_with(&t, test_query__st,
		"PREFIX ex: <http://x/>\n"
		"# SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n"
		"SELECT ?s WHERE { ?s ex:p \"SERVICE <http://127.0.0.1:9/>\" }\n",
		NULL));
	CHECK(t != NULL && t->nrows == 0);
	CHECK(strstr(test_query__msgs.ptr ? test_query__msgs.ptr : "", "refused") == NULL);
	pk_table_free(t);
}

static void test_query__service_allowed_is_tried(void)
{
	pk_query_options o = PK_QUERY_OPTIONS_INIT;
	pk_table *t = NULL;

	pk_buf_clear(&test_query__msgs);
	o.allow_service = 1;
	/* let through, it fails on the closed port, not on our refusal */
	CHECK_INT(PK_EQUERY, pk_store_query_with(&t, test_query__st,
		"SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", &o));
	CHECK(strstr(test_query__msgs.ptr, "refused") == NULL);
	CHECK(strstr(test_query__msgs.ptr, "SPARQL query failed") != NULL);
	pk_table_free(t);
}

/* COUNT over a cross product never gives a row before it is done: the
 * time limit must hold inside Rasqal's work, not only between rows. */
static void test_query__timeout_before_first_row(void)
{
	pk_query_options o = PK_QUERY_OPTIONS_INIT;
	pk_table *t = NULL;
	double start, took;

	pk_buf_clear(&test_query__msgs);
	o.timeout = 0.5;
	start = test_query__now();
	CHECK_INT(PK_EQUERY, pk_store_query_with(&t, test_query__st,
		"SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i ."
		" ?j ?k ?l . ?m ?n2 ?o . ?q ?r ?s }", &o));
	took = test_query__now() - start;
	CHECK(t == NULL);
	CHECK(took < 5.0);
	CHECK(strstr(test_query__msgs.ptr, "query: no answer within 0.5 seconds") != NULL);
}

static void test_query__timeout_while_sorting(void)
{
	pk_query_options o = PK_QUERY_OPTIONS_INIT;
	pk_table *t = NULL;
	double start;

	pk_buf_clear(&test_query__msgs);
	o.timeout = 0.5;
	start = test_query__now();
	CHECK_INT(PK_EQUERY, pk_store_query_with(&t, test_query__st,
		"SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } "
		"ORDER BY ?a LIMIT 1", &o));
	CHECK(test_query__now() - start < 5.0);
	CHECK(t == NULL);
}

static void test_query__no_timeout_when_done_in_time(void)
{
	pk_query_options o = PK_QUERY_OPTIONS_INIT;
	pk_table *t = NULL;

	o.timeout = 30;
	CHECK_INT(0, pk_store_query_with(&t, test_query__st,
		"SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }", &o));
	CHECK(t != NULL && t->nrows == 1 && t->cells[0].value &&
		strcmp(t->cells[0].value, "3600") == 0);
	pk_table_free(t);
}

static void test_query__max_rows_cuts_and_says_so(void)
{
	pk_query_options o = PK_QUERY_OPTIONS_INIT;
	pk_table *t = NULL;

	o.max_rows = 7;
	CHECK_INT(0, pk_store_query_with(&t, test_query__st,
		"SELECT ?s WHERE { ?s ?p ?o }", &o));
	CHECK(t != NULL && t->nrows == 7 && t->truncated);
	pk_table_free(t);
	t = NULL;
	/* exactly max_rows rows is the whole answer */
	o.max_rows = 60;
	CHECK_INT(0, pk_store_query_with(&t, test_query__st,
		"SELECT ?s WHERE { ?s ?p ?o }", &o));
	CHECK(t != NULL && t->nrows == 60 && !t->truncated);
	pk_table_free(t);
	t = NULL;
	o.max_rows = 5;
	CHECK_INT(0, pk_store_query_with(&t, test_query__st,
		"CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", &o));
	CHECK(t != NULL && t->nrows == 5 && t->truncated);
	pk_table_free(t);
	t = NULL;
	/* the default cap is far above this; the library's own queries
	 * have none */
	CHECK_INT(0, pk_store_query_with(&t, test_query__st,
		"SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f }", NULL));
	CHECK(t != NULL && t->nrows == 3600 && !t->truncated);
	pk_table_free(t);
}

/* The single cell (row, col) of t as "value^^datatype", "value" or "-"
 * when unbound. */
static const char *test_query__cell(const pk_table *t, size_t row, size_t col)
{
	static char buf[256];
	const pk_term *c;

	if (!t || row >= t->nrows || col >= t->ncols)
		return "(none)";
	c = &t->cells[row * t->ncols + col];
	if (c->kind == PK_TERM_UNBOUND)
		return "-";
	snprintf(buf, sizeof buf, "%s%s%s", c->value, c->datatype ? "^^" : "",
		c->datatype ? c->datatype : "");
	return buf;
}

/* SPARQL: aggregates over no solutions are one group, so one row;
 * Rasqal 0.9.33 gave none. */
static void test_query__aggregates_over_nothing(void)
{
	pk_table *t = NULL;

	CHECK_INT(0, pk_store_query_with(&t, test_query__st,
		"SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:nothing> ?o }", NULL));
	CHECK_INT(1, t ? t->nrows : 0);
	CHECK_STR("0^^http://www.w3.org/2001/XMLSchema#integer", test_query__cell(t, 0, 0));
	pk_table_free(t);
	t = NULL;
	CHECK_INT(0, pk_store_query_with(&t, test_query__st,
		"SELECT (SUM(?o) AS ?s) (AVG(?o) AS ?a) (MIN(?o) AS ?lo) (MAX(?o) AS ?hi)"
		" (SAMPLE(?o) AS ?x) (GROUP_CONCAT(?o) AS ?g) (COUNT(DISTINCT ?o) AS ?n)"
		" WHERE { ?s <urn:nothing> ?o }", NULL));
	CHECK_INT(1, t ? t->nrows : 0);
	CHECK_STR("0^^http://www.w3.org/2001/XMLSchema#integer", test_query__cell(t, 0, 0));
	CHECK_STR("0^^http://www.w3.org/2001/XMLSchema#integer", test_query__cell(t, 0, 1));
	CHECK_STR("-", test_query__cell(t, 0, 2));
	CHECK_STR("-", test_query__cell(t, 0, 3));
	CHECK_STR("-", test_query__cell(t, 0, 4));
	CHECK_STR("", test_query__cell(t, 0, 5));
	CHECK_STR("0^^http://www.w3.org/2001/XMLSchema#integer", test_query__cell(t, 0, 6));
	pk_table_free(t);
	t = NULL;
	/* the one row exists, and OFFSET 1 skips it */
	CHECK_INT(0, pk_store_query_with(&t, test_query__st,
		"SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:nothing> ?o } OFFSET 1", NULL));
	CHECK_INT(0, t ? t->nrows : 1);
	pk_table_free(t);
	t = NULL;
	/* over something, Rasqal's own answer */
	CHECK_INT(0, pk_store_query_with(&t, test_query__st,
		"SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", NULL));
	CHECK_STR("60^^http://www.w3.org/2001/XMLSchema#integer", test_query__cell(t, 0, 0));
	pk_table_free(t);
	t = NULL;
	/* Not fixed, pinned: with GROUP BY, no solutions are no groups and
	 * so no row, but Rasqal 0.9.33 makes one empty row up (and COUNT(*)
	 * counts it).  Its output cannot be told from a real group whose
	 * keys are unbound.  docs/testing.md, "Limits", says so; if this changes,
	 * Rasqal changed. */
	CHECK_INT(0, pk_store_query_with(&t, test_query__st,
		"SELECT ?s (COUNT(*) AS ?n) WHERE { ?s <urn:nothing> ?o } GROUP BY ?s", NULL));
	CHECK_INT(1, t ? t->nrows : 0);
	CHECK_STR("-", test_query__cell(t, 0, 0));
	CHECK_STR("1^^http://www.w3.org/2001/XMLSchema#integer", test_query__cell(t, 0, 1));
	pk_table_free(t);
}

static const pk_test tests[] = {
	PK_TEST(test_query__service_refused_by_default),
	PK_TEST(test_query__service_in_subquery_refused),
	PK_TEST(test_query__service_in_text_only_runs),
	PK_TEST(test_query__service_allowed_is_tried),
	PK_TEST(test_query__timeout_before_first_row),
	PK_TEST(test_query__timeout_while_sorting),
	PK_TEST(test_query__no_timeout_when_done_in_time),
	PK_TEST(test_query__max_rows_cuts_and_says_so),
	PK_TEST(test_query__aggregates_over_nothing),
};

static int test_query__start(void)
{
	if (test_query__setup() < 0) {
		fprintf(stderr, "cannot make the test store: %s\n",
			test_query__msgs.ptr ? test_query__msgs.ptr : "");
		return -1;
	}
	return 0;
}

static void test_query__end(void)
{
	test_query__teardown();
	pk_buf_free(&test_query__msgs);
}

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, test_query__start, test_query__end);
}
