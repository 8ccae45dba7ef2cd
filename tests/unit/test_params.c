/*
 * test_params.c - binding --param values into a query (params.c): each
 * value becomes one RDF term written by our serializer, in a VALUES block
 * just inside the outer WHERE group; what cannot be a term is refused;
 * comments, strings and IRIs that look like WHERE or like variables do
 * not count; declared parameters not given are UNDEF.
 */
#include "check.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

static pk_buf test_params__msgs;

static void test_params__diag_fn(void *ud, pk_severity sev, const char *msg)
{
	PK_UNUSED(ud);
	pk_buf_printf(&test_params__msgs, "%d %s\n", (int)sev, msg);
}

static const pk_diag test_params__diag = { test_params__diag_fn, NULL, NULL };

/* query bound with one parameter name=value; NULL on error. */
static char *test_params__bind1(const char *query, const char *name,
	const char *value, int *rc)
{
	pk_param p;
	char *out = NULL;

	p.name = name;
	p.value = value;
	pk_buf_clear(&test_params__msgs);
	*rc = pk_sparql_bind(&out, query, &p, 1, &test_params__diag);
	return out;
}

#define Q "SELECT ?x WHERE { ?x <http://e/p> ?o }"

static void test_params__bind_after_where_brace(void)
{
	int rc;
	char *out = test_params__bind1(Q, "o", "pkgid:msit", &rc);

	CHECK_INT(0, rc);
	CHECK_STR("SELECT ?x WHERE { BIND(<https://w3id.org/policykg/id/msit> AS ?o) "
		" ?x <http://e/p> ?o }", out);
	free(out);
}

static void test_params__terms(void)
{
	static const struct { const char *value, *term; } cases[] = {
		{ "<http://example.org/a#b>", "<http://example.org/a#b>" },
		{ "https://example.org/x", "<https://example.org/x>" },
		{ "pkgid:person/baegyeonghun", "<https://w3id.org/policykg/id/person/baegyeonghun>" },
		{ "2024-05-01", "\"2024-05-01\"^^<http://www.w3.org/2001/XMLSchema#date>" },
		{ "-42", "\"-42\"^^<http://www.w3.org/2001/XMLSchema#integer>" },
		{ "true", "\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>" },
		{ "과기정통부", "\"과기정통부\"" },
		{ "\"과기정통부\"@ko", "\"과기정통부\"@ko" },
		{ "\"x\"@en-GB", "\"x\"@en-GB" },
		{ "\"x\"@zh-Hant-TW", "\"x\"@zh-Hant-TW" },
		{ "2024-02-29", "\"2024-02-29\"^^<http://www.w3.org/2001/XMLSchema#date>" },
		{ "\"2024\"^^xsd:gYear", "\"2024\"^^<http://www.w3.org/2001/XMLSchema#gYear>" },
		{ "\"a\\\"b\\\\c\\nd\"", "\"a\\\"b\\\\c\\nd\"" },
		/* bare text is one literal, whatever it holds */
		{ "x\" } UNION { ?s ?p ?o } #", "\"x\\\" } UNION { ?s ?p ?o } #\"" },
		{ "\\u0022", "\"\\\\u0022\"" },
		{ "a\tb", "\"a\\tb\"" },
		{ "zz:unknown", "\"zz:unknown\"" },
	};
	size_t i;
	char *out, *want;
	pk_buf b = PK_BUF_INIT;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		out = test_params__bind1(Q, "o", cases[i].value, &rc);
		pk_buf_clear(&b);
		pk_buf_printf(&b, "SELECT ?x WHERE { BIND(%s AS ?o)  ?x <http://e/p> ?o }",
			cases[i].term);
		want = b.ptr;
		CHECK_INT(0, rc);
		CHECK_STR(want, out);
		free(out);
	}
	pk_buf_free(&b);
}

static void test_params__refused(void)
{
	static const char *const bad[] = {
		"\"x\" } UNION { ?s ?p ?o",  /* text after the literal */
		"<http://x> } UNION { ?s ?p ?o }", /* not one IRI */
		"<http://x/a b>",           /* a space in an IRI */
		"pkgid:msit> . ?s ?p ?o",   /* expands to no IRI */
		"\"x\"@ko } #",             /* a malformed language tag */
		"\"x\"^^<http://x> }",      /* text after the datatype */
		"\"x\"^^zz:t",              /* an unknown datatype prefix */
		"\"unterminated",
		"\"bad escape \\q\"",
		"\xff\xfe",                 /* not UTF-8 */
		"\"x\"@ko-",               /* a language tag ending in a dash */
		"\"x\"@1ko",               /* ... starting with a digit */
		"\"x\"@toolongtag",        /* ... with a part over 8 letters */
		"2025-02-30",               /* a date's shape, no calendar date */
		"2023-02-29",
	};
	size_t i;
	char *out;
	int rc;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		out = test_params__bind1(Q, "o", bad[i], &rc);
		CHECK_INT(PK_EUSAGE, rc);
		CHECK(out == NULL);
		CHECK(test_params__msgs.ptr && strstr(test_params__msgs.ptr, "--param o="));
		free(out);
	}
	out = test_params__bind1(Q, "nosuch", "1", &rc);
	CHECK_INT(PK_EUSAGE, rc);
	CHECK(strstr(test_params__msgs.ptr, "the query has no variable ?nosuch"));
	out = test_params__bind1(Q, "a b", "1", &rc);
	CHECK_INT(PK_EUSAGE, rc);
	out = test_params__bind1("ASK { <http://e/a> ?p ?o } # no", "o", "1", &rc);
	CHECK_INT(0, rc); /* ASK without WHERE: the first group */
	CHECK_STR("ASK { BIND(\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?o)  "
		"<http://e/a> ?p ?o } # no", out);
	free(out);
	out = test_params__bind1("DESCRIBE ?o", "o", "1", &rc);
	CHECK_INT(PK_EUSAGE, rc);
}

static void test_params__lexer_skips_comments_strings_iris(void)
{
	const char *q =
		"# WHERE { ?o in a comment\n"
		"PREFIX e: <http://e/WHERE?o=1>\n"
		"CONSTRUCT { ?x e:p \"WHERE { ?o\" } WHERE { ?x e:p ?y .\n"
		"  { SELECT ?y WHERE { ?y e:q ?o } } FILTER(?y < 3 && ?y > 1) }";
	char *out;
	int rc;

	out = test_params__bind1(q, "o", "1", &rc);
	CHECK_INT(0, rc);
	CHECK(out && strstr(out, "} WHERE { BIND(\"1\"^^"
		"<http://www.w3.org/2001/XMLSchema#integer> AS ?o)  ?x e:p ?y .") != NULL);
	free(out);
	/* ?o only in a comment, a string and an IRI: not a variable */
	out = test_params__bind1("# ?o\nSELECT ?x WHERE { ?x <http://e/?o> \"?o\" }",
		"o", "1", &rc);
	CHECK_INT(PK_EUSAGE, rc);
	free(out);
}

static void test_params__declared_parameters(void)
{
	const char *q =
		"# q.rq - a stored query\n"
		"#\n"
		"# param from=DATE  the first day\n"
		"# param who=IRI    an actor (required)\n"
		"SELECT ?e WHERE { ?e <http://e/who> ?who ; <http://e/d> ?d .\n"
		"  FILTER(!BOUND(?from) || ?d >= ?from) }";
	pk_param p[2];
	char *out = NULL;

	p[0].name = "who";
	p[0].value = "<http://e/a>";
	pk_buf_clear(&test_params__msgs);
	CHECK_INT(0, pk_sparql_bind(&out, q, p, 1, &test_params__diag));
	CHECK(out && strstr(out, "WHERE { BIND(<http://e/a> AS ?who) VALUES (?from) { (UNDEF) } "));
	free(out);
	out = NULL;
	CHECK_INT(PK_EUSAGE, pk_sparql_bind(&out, q, NULL, 0, &test_params__diag));
	CHECK(strstr(test_params__msgs.ptr, "--param who is required"));
	p[1].name = "other";
	p[1].value = "1";
	pk_buf_clear(&test_params__msgs);
	CHECK_INT(PK_EUSAGE, pk_sparql_bind(&out, q, p, 2, &test_params__diag));
	CHECK(strstr(test_params__msgs.ptr, "(it has: from, who)"));
	p[1].name = "who";
	CHECK_INT(PK_EUSAGE, pk_sparql_bind(&out, q, p, 2, &test_params__diag));
	CHECK(strstr(test_params__msgs.ptr, "given twice"));
	/* no parameters, none declared: the query as it is */
	CHECK_INT(0, pk_sparql_bind(&out, Q, NULL, 0, &test_params__diag));
	CHECK_STR(Q, out);
	free(out);
}

static const pk_test tests[] = {
	PK_TEST(test_params__bind_after_where_brace),
	PK_TEST(test_params__terms),
	PK_TEST(test_params__refused),
	PK_TEST(test_params__lexer_skips_comments_strings_iris),
	PK_TEST(test_params__declared_parameters),
};

static void test_params__teardown(void)
{
	pk_buf_free(&test_params__msgs);
}

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, test_params__teardown);
}
