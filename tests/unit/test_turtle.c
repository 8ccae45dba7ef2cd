/*
 * test_turtle.c - the Turtle writer (rdf/turtle.c) against Raptor's own
 * serializer: the same graph, the same prefixes, the same bytes, over the
 * corners of its rules (prefixed names that XML or Turtle refuse, escapes
 * in IRIs and literals, long literals, bare integers, the xml namespace);
 * and what the rules extract from seeds/, tests/corpus/ and tests/real/dev/
 * (the same with pk_extractor_merged_only);
 * what it leaves to Raptor; a refusal that leaves the buffer as it was.
 */
#include "check.h"
#include "pipeline/extract.h"
#include "rdf/turtle.h"

#include <raptor2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ID "https://w3id.org/policykg/id/"
#define ONT "https://w3id.org/policykg/ontology#"
#define XSDNS "http://www.w3.org/2001/XMLSchema#"
#define RDFNS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

typedef struct test_turtle__stmt {
	const char *s, *p, *o;
	const char *lang, *dt;
	int iri;
} test_turtle__stmt;

static const test_turtle__stmt test_turtle__graph[] = {
	{ ID "acrc", RDFNS "type", ONT "Organization", NULL, NULL, 1 },
	{ ID "acrc", RDFNS "type", ONT "Actor", NULL, NULL, 1 },
	{ ID "acrc", "http://www.w3.org/2000/01/rdf-schema#label", "국민권익위원회", "ko", NULL, 0 },
	{ ID "acrc", "http://www.w3.org/2000/01/rdf-schema#label", "ACRC", "en", NULL, 0 },
	{ ID "acrc", ONT "mentionedIn", ID "document/000-g1", NULL, NULL, 1 },
	{ ID "acrc", ONT "mentionedIn", ID "document/000-g2", NULL, NULL, 1 },
	{ ID "acrc", ONT "note", "quote \" and \\ back", NULL, NULL, 0 },
	{ ID "acrc", ONT "note", "two\nlines \"\"\" here", NULL, NULL, 0 },
	{ ID "acrc", ONT "note", "tab\there\x7f and \x01", NULL, NULL, 0 },
	{ ID "acrc", ONT "count", "42", NULL, XSDNS "integer", 0 },
	{ ID "acrc", ONT "count", "-7", NULL, XSDNS "integer", 0 },
	{ ID "acrc", ONT "count", " +5", NULL, XSDNS "integer", 0 },
	{ ID "acrc", ONT "day", "2024-05-01", NULL, XSDNS "date", 0 },
	{ ID "acrc", ONT "odd", "x", NULL, "http://e/dt", 0 },
	{ ID "acrc", ONT "odd", "y", NULL, ONT "a.b", 0 },
	{ ID "acrc", ONT "odd", "z", NULL, ID "6g", 0 },
	{ ID "acrc", ONT "a.b", ID "a.b", NULL, NULL, 1 },
	{ ID "acrc", ONT "a.b", ID "_x", NULL, NULL, 1 },
	{ ID "acrc", ONT "a.b", ID "6g", NULL, NULL, 1 },
	{ ID "acrc", ONT "a.b", ID "a:b", NULL, NULL, 1 },
	{ ID "acrc", ONT "a.b", ID "행정안전부", NULL, NULL, 1 },
	{ ID "acrc", ONT "a.b", ID, NULL, NULL, 1 },
	{ ID "acrc", ONT "a.b", "http://www.w3.org/XML/1998/namespacelang", NULL, NULL, 1 },
	{ ID "acrc", ONT "a.b", "http://e/a b<c>\"{}|^`\\\x7f행", NULL, NULL, 1 },
	{ ID "agreement/x-y", ONT "title", "", "ko", NULL, 0 },
	{ ID "agreement/x-y", ONT "title", "", NULL, NULL, 0 },
	{ ID "agreement/x-y", ONT "title", "a", NULL, NULL, 0 },
	{ ID "agreement/x-y", ONT "title", "a", "en", NULL, 0 },
	{ ID "agreement/x-y", ONT "title", "a", NULL, XSDNS "string", 0 },
	{ ID "agreement/x-y", ONT "title", ID "a", NULL, NULL, 1 },
	{ "http://e/only", "http://e/p#1", "http://e/o", NULL, NULL, 1 },
	{ "http://www.w3.org/XML/1998/namespace", ONT "x", "v", NULL, NULL, 0 },
};

static void test_turtle__graph_of(pk_graph **g, const test_turtle__stmt *st, size_t n)
{
	size_t i;

	CHECK_INT(0, pk_graph_new(g));
	for (i = 0; i < n; i++) {
		if (st[i].iri)
			CHECK_INT(0, pk_graph_add_iri(*g, st[i].s, st[i].p, st[i].o));
		else
			CHECK_INT(0, pk_graph_add_literal(*g, st[i].s, st[i].p, st[i].o,
				st[i].lang, st[i].dt));
	}
}

/* What Raptor's "turtle" serializer writes, set up as serialize.c sets it. */
static char *test_turtle__raptor(const pk_triple *t, size_t n)
{
	raptor_world *w = raptor_new_world();
	raptor_serializer *ser;
	void *out = NULL;
	size_t len = 0, i;
	char *copy;

	CHECK(w && raptor_world_open(w) == 0);
	ser = raptor_new_serializer(w, "turtle");
	CHECK(ser != NULL);
	for (i = 0; i < pk_prefixes_len; i++) {
		raptor_uri *u = raptor_new_uri(w, (const unsigned char *)pk_prefixes[i].iri);

		raptor_serializer_set_namespace(ser, u, (const unsigned char *)pk_prefixes[i].prefix);
		raptor_free_uri(u);
	}
	CHECK_INT(0, raptor_serializer_start_to_string(ser, NULL, &out, &len));
	for (i = 0; i < n; i++) {
		raptor_statement st;
		raptor_uri *dt = t[i].dt ? raptor_new_uri(w, (const unsigned char *)t[i].dt) : NULL;

		raptor_statement_init(&st, w);
		st.subject = raptor_new_term_from_uri_string(w, (const unsigned char *)t[i].s);
		st.predicate = raptor_new_term_from_uri_string(w, (const unsigned char *)t[i].p);
		st.object = t[i].o_is_iri ?
			raptor_new_term_from_uri_string(w, (const unsigned char *)t[i].o) :
			raptor_new_term_from_literal(w, (const unsigned char *)t[i].o, dt,
				(const unsigned char *)t[i].lang);
		CHECK_INT(0, raptor_serializer_serialize_statement(ser, &st));
		raptor_statement_clear(&st);
		if (dt)
			raptor_free_uri(dt);
	}
	CHECK_INT(0, raptor_serializer_serialize_end(ser));
	raptor_free_serializer(ser);
	copy = strdup(out ? (const char *)out : "");
	raptor_free_memory(out);
	raptor_free_world(w);
	return copy;
}

static void test_turtle__write(pk_buf *b, const pk_triple *t, size_t n)
{
	pk_ttl *w = NULL;
	size_t i;

	CHECK_INT(0, pk_ttl_new(&w, pk_prefixes, pk_prefixes_len));
	CHECK_INT(0, pk_ttl_put_header(w, b));
	for (i = 0; i < n; i++) {
		CHECK(pk_ttl_fits(w, &t[i]));
		CHECK_INT(0, pk_ttl_put(w, b, &t[i]));
	}
	CHECK_INT(0, pk_ttl_put_end(w, b));
	pk_ttl_free(w);
}

static void test_turtle__same_bytes_as_raptor(void)
{
	pk_graph *g = NULL;
	const pk_triple *t;
	pk_buf b = PK_BUF_INIT;
	size_t n;
	char *expected;

	test_turtle__graph_of(&g, test_turtle__graph, PK_ARRAY_LEN(test_turtle__graph));
	CHECK_INT(0, pk_graph_sorted(&t, &n, g));
	CHECK_INT(PK_ARRAY_LEN(test_turtle__graph), n);
	expected = test_turtle__raptor(t, n);
	test_turtle__write(&b, t, n);
	CHECK_STR(expected, b.ptr);
	/* the corners above are there */
	CHECK_CONTAINS("pkgid:_x, <https://w3id.org/policykg/id/a.b>", b.ptr);
	CHECK_CONTAINS("<https://w3id.org/policykg/id/행정안전부>", b.ptr);
	CHECK_CONTAINS("\"y\"^^pkg:a.b, \"z\"^^<https://w3id.org/policykg/id/6g>", b.ptr);
	CHECK_CONTAINS("xml:lang", b.ptr);
	CHECK_CONTAINS("\"\"\"two\nlines \\\"\\\"\\\" here\"\"\"", b.ptr);
	CHECK_CONTAINS(", -7", b.ptr);
	free(expected);
	pk_buf_free(&b);
	pk_graph_free(g);
}

static void test_turtle__diag_fn(void *ud, pk_severity sev, const char *msg)
{
	PK_UNUSED(ud);
	PK_UNUSED(sev);
	PK_UNUSED(msg);
}

static const pk_diag test_turtle__diag = { test_turtle__diag_fn, NULL, NULL };

/* The merged graph `extract -f turtle` writes, by both writers. */
static void test_turtle__extracted_as_raptor(void)
{
	static const char *const dirs[] = {
		PK_SOURCE_DIR "/seeds", PK_SOURCE_DIR "/tests/corpus", PK_SOURCE_DIR "/tests/real/dev",
	};
	pk_extract_options opts = PK_EXTRACT_OPTIONS_INIT;
	pk_ruleset *rs = NULL;
	pk_extractor *ex = NULL;
	pk_buf b = PK_BUF_INIT;
	pk_triple *kept = NULL;
	const pk_triple *t;
	size_t n, i, k = 0, d;
	char *expected;

	opts.reference_date = "2026-11-23";
	CHECK_INT(0, pk_ruleset_load(&rs, PK_SOURCE_DIR "/rules", &test_turtle__diag));
	CHECK_INT(0, pk_extractor_new(&ex, rs, &opts, &test_turtle__diag));
	for (d = 0; d < PK_ARRAY_LEN(dirs); d++)
		CHECK_INT(0, pk_extractor_add_path(ex, dirs[d]));
	CHECK_INT(0, pk_extractor_finish(ex));
	CHECK_INT(0, pk_graph_sorted(&t, &n, pk_extractor_graph(ex)));
	CHECK(n > 5000);
	CHECK((kept = calloc(n, sizeof *kept)) != NULL);
	for (i = 0; i < n; i++)
		if (!t[i].retracted)
			kept[k++] = t[i];
	expected = test_turtle__raptor(kept, k);
	test_turtle__write(&b, kept, k);
	CHECK_STR(expected, b.ptr);
	free(expected);
	free(kept);
	pk_buf_free(&b);
	pk_extractor_free(ex);
	pk_ruleset_free(rs);
}

static char *test_turtle__slurp(const char *path)
{
	pk_buf b = PK_BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	CHECK(f != NULL);
	while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		CHECK_INT(0, pk_buf_put(&b, chunk, n));
	if (f)
		fclose(f);
	return b.ptr ? pk_buf_detach(&b) : strdup("");
}

/* Turtle of seeds/ written with and without the documents of each triple
 * kept: the same bytes; N-Quads refused without them. */
static void test_turtle__merged_only_same_bytes(void)
{
	char dir[] = "/tmp/pk-test-turtle.XXXXXX";
	pk_extract_options opts = PK_EXTRACT_OPTIONS_INIT;
	pk_ruleset *rs = NULL;
	char path[2][64], *text[2];
	int round;

	CHECK(mkdtemp(dir) != NULL);
	opts.reference_date = "2026-11-23";
	CHECK_INT(0, pk_ruleset_load(&rs, PK_SOURCE_DIR "/rules", &test_turtle__diag));
	for (round = 0; round < 2; round++) {
		pk_extractor *ex = NULL;

		snprintf(path[round], sizeof path[round], "%s/g%d.ttl", dir, round);
		CHECK_INT(0, pk_extractor_new(&ex, rs, &opts, &test_turtle__diag));
		if (round)
			CHECK_INT(0, pk_extractor_merged_only(ex));
		CHECK_INT(0, pk_extractor_add_path(ex, PK_SOURCE_DIR "/seeds"));
		if (round) {
			CHECK_INT(PK_EUSAGE, pk_extractor_merged_only(ex));
			CHECK_INT(PK_EUSAGE, pk_extractor_write(ex, "-", "nquads"));
		}
		CHECK_INT(0, pk_extractor_write(ex, path[round], "turtle"));
		pk_extractor_free(ex);
		text[round] = test_turtle__slurp(path[round]);
		unlink(path[round]);
	}
	rmdir(dir);
	CHECK(strlen(text[0]) > 1000);
	CHECK_STR(text[0], text[1]);
	free(text[0]);
	free(text[1]);
	pk_ruleset_free(rs);
}

static void test_turtle__empty_graph(void)
{
	pk_buf b = PK_BUF_INIT;
	char *expected = test_turtle__raptor(NULL, 0);

	test_turtle__write(&b, NULL, 0);
	CHECK_STR(expected, b.ptr);
	free(expected);
	pk_buf_free(&b);
}

static void test_turtle__left_to_raptor(void)
{
	static const pk_triple refused[] = {
		{ ID "a", ONT "p", RDFNS "nil", NULL, NULL, 1, 0 },
		{ ID "a", ONT "p", "1.5", NULL, XSDNS "decimal", 0, 0 },
		{ ID "a", ONT "p", "1e3", NULL, XSDNS "double", 0, 0 },
		{ ID "a", ONT "p", "true", NULL, XSDNS "boolean", 0, 0 },
		{ ID "a", ONT "p", "12x", NULL, XSDNS "integer", 0, 0 },
		{ ID "a", ONT "p", "", NULL, XSDNS "integer", 0, 0 },
		{ ID "a", ONT "p", "x", "en", XSDNS "string", 0, 0 },
		{ ID "a", ONT "p", "x", "", NULL, 0, 0 },
	};
	pk_ttl *w = NULL;
	size_t i;

	CHECK_INT(0, pk_ttl_new(&w, pk_prefixes, pk_prefixes_len));
	for (i = 0; i < PK_ARRAY_LEN(refused); i++)
		CHECK(!pk_ttl_fits(w, &refused[i]));
	pk_ttl_free(w);
}

static void test_turtle__not_utf8_leaves_buffer(void)
{
	static const pk_triple t[] = {
		{ ID "a", ONT "p", "ok", NULL, NULL, 0, 0 },
		{ ID "b", ONT "p", "bad\xFF", NULL, NULL, 0, 0 },
		{ ID "c\xFF", ONT "p", "x", NULL, NULL, 0, 0 },
	};
	pk_buf b = PK_BUF_INIT;
	pk_ttl *w = NULL;
	size_t len;

	CHECK_INT(0, pk_ttl_new(&w, pk_prefixes, pk_prefixes_len));
	CHECK_INT(0, pk_ttl_put(w, &b, &t[0]));
	len = b.len;
	CHECK_INT(PK_EINPUT, pk_ttl_put(w, &b, &t[1]));
	CHECK_INT(len, b.len);
	CHECK_INT(PK_EINPUT, pk_ttl_put(w, &b, &t[2]));
	CHECK_INT(len, b.len);
	CHECK_INT(0, pk_ttl_put_end(w, &b));
	CHECK_STR("pkgid:a\n    pkg:p \"ok\" .\n\n", b.ptr);
	pk_ttl_free(w);
	pk_buf_free(&b);
}

/* Prefixes whose namespaces start one another: Raptor's choice among
 * them hangs on its hash table, so the writer declines. */
static void test_turtle__nested_prefixes_declined(void)
{
	static const pk_prefix nested[] = {
		{ "e", "http://e/" },
		{ "ea", "http://e/a/" },
	};
	pk_ttl *w = NULL;

	CHECK_INT(PK_EUSAGE, pk_ttl_new(&w, nested, PK_ARRAY_LEN(nested)));
	CHECK(w == NULL);
}

static const pk_test tests[] = {
	PK_TEST(test_turtle__same_bytes_as_raptor),
	PK_TEST(test_turtle__extracted_as_raptor),
	PK_TEST(test_turtle__merged_only_same_bytes),
	PK_TEST(test_turtle__empty_graph),
	PK_TEST(test_turtle__left_to_raptor),
	PK_TEST(test_turtle__not_utf8_leaves_buffer),
	PK_TEST(test_turtle__nested_prefixes_declined),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
