/*
 * test_store_eval.c - queries answered on term ids (store_eval.c) give
 * the bytes Rasqal's engine gives (pk_query_options.rasqal_only): every
 * stored query, unbound and with each parameter, and written queries of
 * every part of the shape (OPTIONAL with a FILTER on both sides, UNION
 * with BIND, BIND, VALUES of UNDEF, constants the store lacks, language
 * tags in capitals, typed values, blank nodes, DISTINCT without ORDER
 * BY), over a small graph shaped like policykg's with a triple stated
 * in two documents.  Each query also says whether store_eval.c is to
 * answer it, and shapes it leaves to Rasqal (?x ?p ?x, a FILTER's
 * effective boolean value, VALUES with a value, GRAPH) are checked to
 * go there.  The store lives in its own mkdtemp directory under /tmp.
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

#define D "<https://w3id.org/policykg/id/document/"
#define P "<https://w3id.org/policykg/ontology#"
#define I "<https://w3id.org/policykg/id/"
#define A "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#define L "<http://www.w3.org/2000/01/rdf-schema#label>"
#define X "^^<http://www.w3.org/2001/XMLSchema#"
#define T "<http://purl.org/dc/terms/"

static const char test_eval__data[] =
	/* document a */
	D "a> " A " " P "Document> " D "a> .\n"
	D "a> " T "title> \"제목 a\"@ko " D "a> .\n"
	D "a> " T "issued> \"2024-05-01\"" X "date> " D "a> .\n"
	I "msit> " A " " P "Organization> " D "a> .\n"
	I "msit> " L " \"과학기술정보통신부\"@ko " D "a> .\n"
	I "msit> " L " \"MSIT\"@en " D "a> .\n"
	I "msit> " P "mentionedIn> " D "a> " D "a> .\n"
	I "msit> " P "country> " I "country-kr> " D "a> .\n"
	I "country-kr> " L " \"대한민국\"@ko " D "a> .\n"
	I "mofa> " A " " P "Organization> " D "a> .\n"
	I "mofa> " L " \"외교부\"@ko " D "a> .\n"
	I "mofa> " P "mentionedIn> " D "a> " D "a> .\n"
	I "ag1> " A " " P "Agreement> " D "a> .\n"
	I "ag1> " A " " P "MOU> " D "a> .\n"
	I "ag1> " L " \"양해각서\"@ko " D "a> .\n"
	I "ag1> " P "party> " I "msit> " D "a> .\n"
	I "ag1> " P "party> " I "mofa> " D "a> .\n"
	I "ag1> " P "signedOn> \"2024-05-01\"" X "date> " D "a> .\n"
	I "ag1> " P "status> \"signed\" " D "a> .\n"
	I "ag1> " P "evidence> _:m1 " D "a> .\n"
	"_:m1 " P "document> " D "a> " D "a> .\n"
	"_:m1 " P "rule> \"agreement.mou\" " D "a> .\n"
	"_:m1 " P "sentence> \"양해각서를 \\\"체결\\\"했다.\\n\\t끝\"@ko " D "a> .\n"
	"_:m1 " P "matchStart> \"3\"" X "integer> " D "a> .\n"
	"_:m1 " P "matchEnd> \"007\"" X "integer> " D "a> .\n"
	I "p1> " A " " P "Person> " D "a> .\n"
	I "p1> " L " \"홍길동\"@ko " D "a> .\n"
	I "p1> " P "position> " I "pos1> " D "a> .\n"
	I "pos1> " P "organization> " I "msit> " D "a> .\n"
	I "pos1> " P "title> \"장관\"@ko " D "a> .\n"
	I "pos1> " P "evidence> _:m2 " D "a> .\n"
	"_:m2 " P "document> " D "a> " D "a> .\n"
	"_:m2 " P "rule> \"post.title\" " D "a> .\n"
	"_:m2 " P "sentence> \"Minister Hong\"@EN-GB " D "a> .\n"
	I "ev1> " A " " P "Event> " D "a> .\n"
	I "ev1> " A " " P "Meeting> " D "a> .\n"
	I "ev1> " L " \"회의\"@ko " D "a> .\n"
	I "ev1> " L " \"Meeting\"@EN " D "a> .\n"
	I "ev1> " P "startDate> \"2024-05-02\"" X "date> " D "a> .\n"
	I "ev1> " P "organizer> " I "mofa> " D "a> .\n"
	I "ev1> " P "location> " I "seoul> " D "a> .\n"
	I "seoul> " L " \"서울\"@ko " D "a> .\n"
	/* document b: ag1's party msit again, an event in English only */
	D "b> " A " " P "Document> " D "b> .\n"
	D "b> " T "issued> \"2024-06-01T10:00:00\"" X "dateTime> " D "b> .\n"
	I "ag1> " P "party> " I "msit> " D "b> .\n"
	I "msit> " P "mentionedIn> " D "b> " D "b> .\n"
	I "ev2> " A " " P "Event> " D "b> .\n"
	I "ev2> " A " " P "Forum> " D "b> .\n"
	I "ev2> " L " \"AI forum\"@en " D "b> .\n"
	I "ev2> " P "startDate> \"2024\"" X "gYear> " D "b> .\n"
	I "ev2> " P "participant> " I "msit> " D "b> .\n"
	I "ev2> " P "chair> " I "p1> " D "b> .\n"
	I "ev2> " P "evidence> _:m3 " D "b> .\n"
	"_:m3 " P "document> " D "b> " D "b> .\n"
	"_:m3 " P "rule> \"event.forum\" " D "b> .\n"
	"_:m3 " P "sentence> \"An AI forum.\"@ko " D "b> .\n"
	"_:m3 " P "matchStart> \"10\"" X "integer> " D "b> .\n"
	I "ev2> " P "endDate> \"plain end\" " D "b> .\n";

/* Written queries and whether store_eval.c answers them. */
static const struct {
	const char *sparql;
	int evaluated;
} test_eval__queries[] = {
	{ "SELECT ?s ?o WHERE { ?s rdfs:label ?o } ORDER BY ?s ?o", 1 },
	{ "SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY ?s", 1 },
	{ "SELECT DISTINCT ?p WHERE { ?s ?p ?o }", 1 },
	{ "SELECT * WHERE { ?s pkg:party ?o } ORDER BY ?s ?o", 1 },
	{ "SELECT ?x ?l WHERE { ?x a pkg:Event . OPTIONAL { ?x rdfs:label ?l "
	  "FILTER(LANG(?l) = \"en\") } } ORDER BY ?x ?l", 1 },
	{ "SELECT ?x ?l WHERE { ?x rdfs:label ?l FILTER(LANG(?l) = \"en-gb\" || "
	  "LANG(?l) = \"EN\" || LANG(?l) = \"en\") } ORDER BY ?x ?l", 1 },
	{ "SELECT ?m ?s WHERE { ?m pkg:sentence ?s FILTER(LANG(?s) = \"en-gb\") } "
	  "ORDER BY ?m", 1 },
	{ "SELECT ?x ?k WHERE { ?x a ?k FILTER(?k != pkg:Event && ?k != pkg:Nothing) } "
	  "ORDER BY ?x ?k", 1 },
	{ "SELECT ?x ?v WHERE { ?x pkg:endDate ?v FILTER(?v != pkg:Event) } "
	  "ORDER BY ?x", 1 },
	{ "SELECT ?s (STR(?o) AS ?t) (LANG(?o) AS ?g) WHERE { ?s rdfs:label ?o } "
	  "ORDER BY ?t", 1 },
	{ "SELECT ?s ?b WHERE { ?s rdfs:label ?l . BIND(CONCAT(?l, \"!\") AS ?b) } "
	  "ORDER BY ?b", 1 },
	{ "SELECT ?t ?a ?r WHERE { { ?t pkg:party ?a BIND(\"party\" AS ?r) } UNION "
	  "{ ?t pkg:organizer ?a BIND(\"organizer\" AS ?r) } UNION { ?t pkg:chair ?a } } "
	  "ORDER BY ?r", 1 },
	{ "SELECT ?s ?o WHERE { ?s <http://nothing/at/all> ?o } ORDER BY ?s", 1 },
	{ "SELECT ?s WHERE { ?s pkg:party pkgid:nobody } ORDER BY ?s", 1 },
	{ "SELECT ?a ?p ?l WHERE { ?a pkg:party ?p . OPTIONAL { ?a rdfs:label ?l "
	  "FILTER(?p != pkgid:msit) } } ORDER BY ?a ?p", 1 },
	{ "SELECT ?x ?d WHERE { ?x a pkg:Event . OPTIONAL { ?x pkg:signedOn ?d } "
	  "OPTIONAL { ?x pkg:startDate ?d } } ORDER BY STR(?d) ?x", 1 },
	{ "SELECT ?x WHERE { ?x a pkg:Event . OPTIONAL { ?x pkg:endDate ?e } "
	  "FILTER(!BOUND(?e)) } ORDER BY ?x", 1 },
	{ "SELECT ?m ?n ?s WHERE { ?f pkg:evidence ?m . ?m pkg:matchStart ?n ; "
	  "pkg:sentence ?s } ORDER BY DESC(?n)", 1 },
	{ "SELECT ?d ?i WHERE { ?d dcterms:issued ?i FILTER(DATATYPE(?i) = xsd:date) } "
	  "ORDER BY ?d", 1 },
	{ "SELECT ?x WHERE { VALUES ?y { UNDEF } ?x a pkg:Agreement } ORDER BY ?x", 1 },
	{ "SELECT ?x ?p WHERE { BIND(pkgid:ag1 AS ?x) ?x pkg:party ?p } ORDER BY ?p", 1 },
	{ "SELECT ?x ?p WHERE { BIND(\"not a node\" AS ?x) ?x pkg:party ?p } ORDER BY ?p", 1 },
	{ "SELECT ?s (COALESCE(?u, ?b, \"none\") AS ?c) (COALESCE(?u, STR(?s)) AS ?d) "
	  "(COALESCE(?u) AS ?e) WHERE { ?s a pkg:Event BIND(\"b\" AS ?b) } ORDER BY ?s", 1 },
	{ "SELECT ?s (COALESCE(?l, 1 + \"x\", ?s) AS ?c) WHERE { ?s a pkg:Event "
	  "OPTIONAL { ?s rdfs:label ?l FILTER(LANG(?l) = \"ko\") } } ORDER BY ?s", 1 },
	/* left to Rasqal */
	{ "SELECT ?x WHERE { ?x ?p ?x } ORDER BY ?x", 0 },
	{ "SELECT ?x ?l WHERE { ?x rdfs:label ?l FILTER(?l) } ORDER BY ?x", 0 },
	{ "SELECT ?x WHERE { VALUES ?x { pkgid:ag1 } ?x a pkg:Agreement } ORDER BY ?x", 0 },
	{ "SELECT ?g ?x WHERE { GRAPH ?g { ?x a pkg:Event } } ORDER BY ?g ?x", 0 },
	{ "SELECT ?x WHERE { ?x a pkg:Event } LIMIT 1", 0 },
	{ "SELECT ?x WHERE { ?x a pkg:Event }", 0 },
};

/* Stored queries and the parameters each is also run with. */
static const struct {
	const char *name;
	pk_param params[2];
	size_t n;
} test_eval__stored[] = {
	{ "agreements", { { NULL, NULL } }, 0 },
	{ "agreements", { { "party", "pkgid:msit" } }, 1 },
	{ "countries", { { NULL, NULL } }, 0 },
	{ "documents", { { NULL, NULL } }, 0 },
	{ "events", { { NULL, NULL } }, 0 },
	{ "events", { { "from", "2024-05-01" }, { "to", "2024-05-31" } }, 2 },
	{ "evidence", { { NULL, NULL } }, 0 },
	{ "evidence", { { "fact", "pkgid:ag1" } }, 1 },
	{ "evidence", { { "fact", "pkgid:pos1" } }, 1 },
	{ "organizations", { { NULL, NULL } }, 0 },
	{ "persons", { { NULL, NULL } }, 0 },
	{ "persons", { { "org", "pkgid:msit" } }, 1 },
	{ "persons", { { "person", "pkgid:p1" } }, 1 },
	{ "timeline", { { NULL, NULL } }, 0 },
	{ "timeline", { { "actor", "pkgid:msit" } }, 1 },
	{ "together", { { "a", "pkgid:msit" }, { "b", "pkgid:mofa" } }, 2 },
};

static void test_eval__diag_fn(void *ud, pk_severity sev, const char *msg)
{
	PK_UNUSED(ud);
	if (sev >= PK_SEV_WARNING)
		fprintf(stderr, "  (%s)\n", msg);
}

static const pk_diag test_eval__diag = { test_eval__diag_fn, NULL, NULL };

static int test_eval__remove(const char *path, const struct stat *sb, int flag,
	struct FTW *ftw)
{
	PK_UNUSED(sb);
	PK_UNUSED(ftw);
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* A store of test_eval__data in a new directory *tmp, opened to read. */
static pk_store *test_eval__store(char **tmp)
{
	char tmpl[] = "/tmp/pk-test-eval-XXXXXX";
	pk_buf file = PK_BUF_INIT, db = PK_BUF_INIT;
	pk_store_batch *b = NULL;
	pk_store *st = NULL;
	FILE *f;

	*tmp = mkdtemp(tmpl) ? pk_strdup(tmpl) : NULL;
	CHECK(*tmp != NULL);
	if (!*tmp)
		return NULL;
	pk_buf_printf(&file, "%s/in.nq", *tmp);
	pk_buf_printf(&db, "%s/graph.db", *tmp);
	f = fopen(file.ptr, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(test_eval__data, f);
		fclose(f);
	}
	CHECK_INT(0, pk_store_batch_new(&b, &test_eval__diag));
	CHECK_INT(0, pk_store_batch_add_file(b, file.ptr, NULL));
	CHECK_INT(0, pk_store_open(&st, db.ptr, PK_STORE_CREATE, &test_eval__diag));
	if (st)
		CHECK_INT(0, pk_store_apply(st, b, NULL));
	pk_store_free(st);
	st = NULL;
	CHECK_INT(0, pk_store_open(&st, db.ptr, PK_STORE_READONLY, &test_eval__diag));
	pk_store_batch_free(b);
	pk_buf_free(&file);
	pk_buf_free(&db);
	return st;
}

static void test_eval__done(pk_store *st, char *tmp)
{
	pk_store_free(st);
	if (tmp)
		CHECK_INT(0, nftw(tmp, test_eval__remove, 16, FTW_DEPTH | FTW_PHYS));
	free(tmp);
}

/* sparql's answer as TSV, through Rasqal only or not; *evaluated whether
 * store_eval.c answered it.  NULL when the query failed. */
static char *test_eval__answer(pk_store *st, const char *sparql, int rasqal_only,
	int *evaluated)
{
	pk_query_options o = PK_QUERY_OPTIONS_INIT;
	unsigned long before = st->match.evaluated;
	pk_table *t = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	o.rasqal_only = rasqal_only;
	CHECK_INT(0, pk_store_query_with(&t, st, sparql, &o));
	*evaluated = st->match.evaluated != before;
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

/* sparql answered both ways: the same bytes, and evaluated as expected
 * (-1: either way); the rows of the answer, or -1. */
static long test_eval__same(pk_store *st, const char *sparql, int expected)
{
	int ev = 0, ev_rasqal = 0;
	char *a = test_eval__answer(st, sparql, 0, &ev);
	char *b = test_eval__answer(st, sparql, 1, &ev_rasqal);
	long rows = -1;
	const char *c;

	CHECK(a != NULL && b != NULL);
	if (a && b && strcmp(a, b) != 0) {
		fprintf(stderr, "%s\non ids:\n%s\nby Rasqal:\n%s\n", sparql, a, b);
		CHECK(0);
	}
	if (expected >= 0 && ev != expected) {
		fprintf(stderr, "%s: store_eval.c %s it\n", sparql,
			ev ? "answered" : "did not answer");
		CHECK(0);
	}
	CHECK_INT(0, ev_rasqal);
	for (c = a; c && *c; c++)
		rows += *c == '\n';
	free(a);
	free(b);
	return rows;
}

static void test_eval__written_queries_equal_rasqal(void)
{
	char *tmp = NULL;
	pk_store *st = test_eval__store(&tmp);
	size_t i;

	for (i = 0; st && i < PK_ARRAY_LEN(test_eval__queries); i++)
		test_eval__same(st, test_eval__queries[i].sparql,
			test_eval__queries[i].evaluated);
	test_eval__done(st, tmp);
}

static void test_eval__stored_queries_equal_rasqal(void)
{
	char *tmp = NULL, *text = NULL, *bound = NULL;
	pk_store *st = test_eval__store(&tmp);
	pk_buf path = PK_BUF_INIT;
	long rows, total = 0;
	size_t i, len;

	for (i = 0; st && i < PK_ARRAY_LEN(test_eval__stored); i++) {
		pk_buf_clear(&path);
		pk_buf_printf(&path, "%s/queries/%s.rq", PK_SOURCE_DIR,
			test_eval__stored[i].name);
		CHECK_INT(0, pk_file_read(&text, &len, path.ptr, NULL));
		if (text)
			CHECK_INT(0, pk_sparql_bind(&bound, text, test_eval__stored[i].params,
				test_eval__stored[i].n, &test_eval__diag));
		if (bound) {
			/* GROUP BY: Rasqal's; every other stored query on ids */
			rows = test_eval__same(st, bound,
				strcmp(test_eval__stored[i].name, "organizations") != 0);
			if (rows <= 0)
				fprintf(stderr, "%s: no rows\n", test_eval__stored[i].name);
			total += rows > 0;
		}
		free(text);
		free(bound);
		text = bound = NULL;
	}
	/* the graph gives every query rows to compare */
	CHECK_INT((long)PK_ARRAY_LEN(test_eval__stored), total);
	pk_buf_free(&path);
	test_eval__done(st, tmp);
}

static const pk_test tests[] = {
	PK_TEST(test_eval__written_queries_equal_rasqal),
	PK_TEST(test_eval__stored_queries_equal_rasqal),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
