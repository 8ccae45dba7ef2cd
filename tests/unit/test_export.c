/*
 * test_export.c - the export stage (export.c, export_cypher.c): Cypher
 * string and name quoting in both dialects, and the property graph a
 * small hand-built graph becomes (nodes, labels, properties and their
 * types, relationships).
 */
#include "check.h"
#include "export/export.h"
#include "rdf/vocab.h"

#include <stdlib.h>
#include <string.h>

#define EX "http://example.org/"

static char *test_export__quote(const char *s, pk_cypher_dialect d)
{
	pk_buf b = PK_BUF_INIT;

	CHECK_INT(0, pk_cypher_quote(&b, s, d));
	return pk_buf_detach(&b);
}

#define CHECK_QUOTE(expected, input, dialect) do { \
	char *q_ = test_export__quote(input, dialect); \
	CHECK_STR(expected, q_); \
	free(q_); \
	} while (0)

static void test_export__neo4j_quote_escapes_backslash_and_quote(void)
{
	CHECK_QUOTE("'plain'", "plain", PK_CYPHER_NEO4J);
	CHECK_QUOTE("''", "", PK_CYPHER_NEO4J);
	CHECK_QUOTE("'it\\'s'", "it's", PK_CYPHER_NEO4J);
	CHECK_QUOTE("'a\\\\b'", "a\\b", PK_CYPHER_NEO4J);
	CHECK_QUOTE("'\\\\\\''", "\\'", PK_CYPHER_NEO4J);
	CHECK_QUOTE("'say \"hi\"'", "say \"hi\"", PK_CYPHER_NEO4J);
	CHECK_QUOTE("'ends in \\\\'", "ends in \\", PK_CYPHER_NEO4J);
}

static void test_export__neo4j_quote_escapes_control_characters(void)
{
	CHECK_QUOTE("'a\\nb\\r\\nc'", "a\nb\r\nc", PK_CYPHER_NEO4J);
	CHECK_QUOTE("'\\t\\b\\f'", "\t\b\f", PK_CYPHER_NEO4J);
	CHECK_QUOTE("'\\u0001\\u001F\\u007F'", "\x01\x1f\x7f", PK_CYPHER_NEO4J);
	/* not a control character: kept as UTF-8 */
	CHECK_QUOTE("'한국 — 😀'", "한국 — 😀", PK_CYPHER_NEO4J);
	CHECK_QUOTE("'; // */'", "; // */", PK_CYPHER_NEO4J);
}

/* Kùzu reads "\n" as "n": only \\ and \' are escapes it understands. */
static void test_export__kuzu_quote_keeps_control_characters(void)
{
	CHECK_QUOTE("'it\\'s a\\\\b'", "it's a\\b", PK_CYPHER_KUZU);
	CHECK_QUOTE("'a\nb\tc\x01'", "a\nb\tc\x01", PK_CYPHER_KUZU);
	CHECK_QUOTE("'한국'", "한국", PK_CYPHER_KUZU);
}

static void test_export__name_is_backtick_quoted(void)
{
	pk_buf b = PK_BUF_INIT;

	CHECK_INT(0, pk_cypher_name(&b, "end"));
	CHECK_STR("`end`", b.ptr);
	pk_buf_clear(&b);
	CHECK_INT(0, pk_cypher_name(&b, "a`b"));
	CHECK_STR("`a``b`", b.ptr);
	pk_buf_free(&b);
}

/* The graph of one MOU, its two parties and a mention. */
static pk_graph *test_export__graph(void)
{
	pk_graph *g = NULL;

	CHECK_INT(0, pk_graph_new(&g));
	CHECK_INT(0, pk_graph_set_context(g, "file:///g.ttl"));
	pk_graph_add_iri(g, PK_NS_ID "mou", PK_NS_RDF "type", PK_NS_PKG "MOU");
	pk_graph_add_iri(g, PK_NS_ID "mou", PK_NS_RDF "type", PK_NS_PKG "Agreement");
	pk_graph_add_literal(g, PK_NS_ID "mou", PK_NS_RDFS "label", "양해각서", "ko", NULL);
	pk_graph_add_literal(g, PK_NS_ID "mou", PK_NS_RDFS "label", "MOU", "en", NULL);
	pk_graph_add_literal(g, PK_NS_ID "mou", PK_NS_PKG "signedOn", "2024-05-10", NULL, PK_NS_XSD "date");
	pk_graph_add_iri(g, PK_NS_ID "mou", PK_NS_PKG "party", PK_NS_ID "msit");
	pk_graph_add_iri(g, PK_NS_ID "mou", PK_NS_PKG "party", PK_NS_ID "mofa");
	pk_graph_add_iri(g, PK_NS_ID "mou", PK_NS_PKG "status", PK_NS_PKG "Concluded");
	pk_graph_add_iri(g, PK_NS_ID "msit", PK_NS_RDF "type", PK_NS_PKG "GovernmentBody");
	pk_graph_add_literal(g, PK_NS_ID "msit", PK_NS_SKOS "altLabel", "과기정통부", "ko", NULL);
	pk_graph_add_literal(g, PK_NS_ID "msit", PK_NS_SKOS "altLabel", "MSIT", "en", NULL);
	pk_graph_add_literal(g, PK_NS_ID "msit", PK_NS_SKOS "altLabel", "MSIT", "ko", NULL);
	pk_graph_add_literal(g, PK_NS_ID "m1", PK_NS_PKG "start", "+042", NULL, PK_NS_XSD "integer");
	pk_graph_add_literal(g, PK_NS_ID "m2", PK_NS_PKG "start", "7", NULL, PK_NS_XSD "integer");
	pk_graph_add_literal(g, PK_NS_ID "m1", PK_NS_PKG "end", "99999999999999999999", NULL, PK_NS_XSD "integer");
	pk_graph_add_literal(g, PK_NS_ID "m1", PK_NS_PKG "rule", "a", NULL, NULL);
	pk_graph_add_literal(g, PK_NS_ID "m2", PK_NS_PKG "rule", "b", NULL, NULL);
	pk_graph_add_literal(g, PK_NS_ID "m2", PK_NS_PKG "rule", "c", NULL, NULL);
	pk_graph_add_literal(g, EX "x", EX "uri", "not the key", NULL, NULL);
	pk_graph_add_literal(g, EX "x", EX "has-part", "y", "zh-Hans", NULL);
	return g;
}

static const pk_pg_node *test_export__node(const pk_pg *pg, const char *uri)
{
	size_t i;

	for (i = 0; i < pg->nnodes; i++)
		if (strcmp(pg->nodes[i].uri, uri) == 0)
			return &pg->nodes[i];
	return NULL;
}

static const pk_pg_prop *test_export__prop(const pk_pg *pg, const char *name)
{
	size_t i;

	for (i = 0; i < pg->nprops; i++)
		if (strcmp(pg->props[i].name, name) == 0)
			return &pg->props[i];
	return NULL;
}

static void test_export__nodes_are_subjects_and_objects_not_types(void)
{
	pk_graph *g = test_export__graph();
	pk_pg *pg = NULL;
	size_t i;

	CHECK_INT(0, pk_pg_build(&pg, g, NULL, 0, NULL));
	/* mou msit mofa Concluded m1 m2 x; pkg:MOU, pkg:Agreement are labels */
	CHECK_INT(7, pg->nnodes);
	CHECK(test_export__node(pg, PK_NS_ID "mofa") != NULL);
	CHECK(test_export__node(pg, PK_NS_PKG "Concluded") != NULL);
	CHECK(test_export__node(pg, PK_NS_PKG "MOU") == NULL);
	for (i = 1; i < pg->nnodes; i++)
		CHECK(strcmp(pg->nodes[i - 1].uri, pg->nodes[i].uri) < 0);
	pk_pg_free(pg);
	pk_graph_free(g);
}

static void test_export__types_become_sorted_labels(void)
{
	pk_graph *g = test_export__graph();
	const pk_pg_node *n;
	pk_pg *pg = NULL;

	CHECK_INT(0, pk_pg_build(&pg, g, NULL, 0, NULL));
	CHECK(n = test_export__node(pg, PK_NS_ID "mou"));
	if (n) {
		CHECK_INT(2, n->nlabels);
		CHECK_STR("Agreement", n->labels[0]);
		CHECK_STR("MOU", n->labels[1]);
	}
	CHECK_INT(3, pg->nlabels); /* Agreement GovernmentBody MOU */
	pk_pg_free(pg);
	pk_graph_free(g);
}

static void test_export__literals_become_typed_properties(void)
{
	pk_graph *g = test_export__graph();
	const pk_pg_prop *p;
	const pk_pg_node *n;
	pk_pg *pg = NULL;

	CHECK_INT(0, pk_pg_build(&pg, g, NULL, 0, NULL));
	CHECK((p = test_export__prop(pg, "label_ko")) && p->type == PK_PG_STRING && !p->list);
	CHECK((p = test_export__prop(pg, "label_en")) && p->type == PK_PG_STRING && !p->list);
	/* a date: a date, with its text and precision */
	CHECK((p = test_export__prop(pg, "signedOn")) && p->type == PK_PG_DATE);
	CHECK((p = test_export__prop(pg, "signedOn_text")) && p->type == PK_PG_STRING);
	CHECK((p = test_export__prop(pg, "signedOn_precision")) && p->type == PK_PG_STRING);
	/* every value an integer: an integer; one too big: a string */
	CHECK((p = test_export__prop(pg, "start")) && p->type == PK_PG_INT && !p->list);
	CHECK((p = test_export__prop(pg, "end")) && p->type == PK_PG_STRING);
	/* two values on one node: a list everywhere */
	CHECK((p = test_export__prop(pg, "rule")) && p->list);
	/* aliases are a list whatever their language; MSIT once */
	CHECK((p = test_export__prop(pg, "altLabel")) && p->list);
	CHECK(n = test_export__node(pg, PK_NS_ID "msit"));
	if (n) {
		CHECK_INT(2, n->nvalues);
		CHECK_STR("MSIT", n->values[0].lexical);
		CHECK_STR("과기정통부", n->values[1].lexical);
	}
	/* uri is the key: a predicate of that name is renamed */
	CHECK(test_export__prop(pg, "uri") == NULL);
	CHECK(test_export__prop(pg, "x_uri") != NULL);
	CHECK(test_export__prop(pg, "has_part_zh_hans") != NULL);
	CHECK(n = test_export__node(pg, PK_NS_ID "m1"));
	if (n) {
		CHECK_INT(3, n->nvalues);
		CHECK_STR("start", pg->props[n->values[2].prop].name);
		CHECK_INT(42, pk_pg_int(&n->values[2]));
	}
	pk_pg_free(pg);
	pk_graph_free(g);
}

/* What one literal becomes, by its datatype; expected name suffixes,
 * types and values in order. */
static int test_export__same(const char *expected, const char *actual)
{
	return expected == NULL ? actual == NULL : actual && strcmp(expected, actual) == 0;
}

#define CHECK_TYPED(i, suffix_, type_, lexical_) do { \
	CHECK_STR(suffix_, t[i].suffix); \
	CHECK_INT(type_, t[i].type); \
	CHECK(test_export__same(lexical_, t[i].lexical)); \
	} while (0)

static void test_export__dates_are_dates_partial_dates_text_and_precision(void)
{
	pk_pg_typed t[4];
	const char *date = NULL;

	CHECK_INT(3, pk_pg_literal(t, "2024-05-10", PK_NS_XSD "date", &date));
	CHECK_TYPED(0, "", PK_PG_DATE, "2024-05-10");
	CHECK_TYPED(1, "_text", PK_PG_STRING, "2024-05-10");
	CHECK_TYPED(2, "_precision", PK_PG_STRING, "date");
	/* a date-time: its date, the instant with its offset, text, precision */
	CHECK_INT(4, pk_pg_literal(t, "2025-08-04T11:10:00+09:00", PK_NS_XSD "dateTime", &date));
	CHECK_TYPED(0, "", PK_PG_DATE, NULL);
	CHECK_STR("2025-08-04T11:10:00+09:00", date); /* its first 10 bytes */
	CHECK_TYPED(1, "_datetime", PK_PG_DATETIME, "2025-08-04T11:10:00+09:00");
	CHECK_TYPED(3, "_precision", PK_PG_STRING, "dateTime");
	CHECK_INT(2, pk_pg_literal(t, "---22", PK_NS_XSD "gDay", &date));
	CHECK_TYPED(0, "_text", PK_PG_STRING, "---22");
	CHECK_TYPED(1, "_precision", PK_PG_STRING, "gDay");
	CHECK_INT(2, pk_pg_literal(t, "--10-23", PK_NS_XSD "gMonthDay", &date));
	CHECK_TYPED(1, "_precision", PK_PG_STRING, "gMonthDay");
	CHECK_INT(2, pk_pg_literal(t, "2023-11", PK_NS_XSD "gYearMonth", &date));
	CHECK_TYPED(0, "_text", PK_PG_STRING, "2023-11");
}

/* What a database would refuse to parse is exported as text. */
static void test_export__invalid_dates_are_only_text(void)
{
	static const char *const bad_dates[] = { "2024-02-30", "2023-02-29", "2024-13-01", "24-05-10", "2024-05-10Z", "" };
	static const char *const bad_times[] = { "2025-08-04T24:00:00", "2025-08-04T11:10", "2025-08-04T11:10:00+9:00",
		"2025-08-04 11:10:00", "2025-08-04T11:10:00.", "2025-08-04T11:10:00+09:00x" };
	pk_pg_typed t[4];
	const char *date;
	size_t i;

	for (i = 0; i < PK_ARRAY_LEN(bad_dates); i++) {
		CHECK_INT(2, pk_pg_literal(t, bad_dates[i], PK_NS_XSD "date", &date));
		CHECK_TYPED(0, "_text", PK_PG_STRING, bad_dates[i]);
	}
	for (i = 0; i < PK_ARRAY_LEN(bad_times); i++)
		CHECK_INT(2, pk_pg_literal(t, bad_times[i], PK_NS_XSD "dateTime", &date));
	CHECK_INT(3, pk_pg_literal(t, "2024-02-29", PK_NS_XSD "date", &date));
	CHECK_INT(4, pk_pg_literal(t, "2025-08-04T11:10:00.25Z", PK_NS_XSD "dateTime", &date));
	CHECK_INT(4, pk_pg_literal(t, "2025-08-04T11:10:00", PK_NS_XSD "dateTime", &date));
}

static void test_export__durations_are_durations(void)
{
	static const char *const bad[] = { "P", "PT", "-P1Y", "P1.5Y", "P1YT", "P1H", "PT1D", "P1M1Y", "5 years" };
	pk_buf b = PK_BUF_INIT;
	pk_pg_typed t[4];
	const char *date;
	size_t i;

	CHECK_INT(2, pk_pg_literal(t, "P5Y", PK_NS_XSD "duration", &date));
	CHECK_TYPED(0, "", PK_PG_DURATION, "P5Y");
	CHECK_TYPED(1, "_text", PK_PG_STRING, "P5Y");
	for (i = 0; i < PK_ARRAY_LEN(bad); i++)
		CHECK_INT(1, pk_pg_literal(t, bad[i], PK_NS_XSD "duration", &date));
	CHECK_INT(0, pk_pg_duration_kuzu(&b, "P1Y2M3W4DT5H6M7.5S"));
	CHECK_STR("1 years 2 months 3 weeks 4 days 5 hours 6 minutes 7.5 seconds", b.ptr);
	pk_buf_clear(&b);
	CHECK_INT(0, pk_pg_duration_kuzu(&b, "PT30M"));
	CHECK_STR("30 minutes", b.ptr);
	pk_buf_free(&b);
}

static void test_export__iri_objects_become_relationships(void)
{
	pk_graph *g = test_export__graph();
	pk_pg *pg = NULL;

	CHECK_INT(0, pk_pg_build(&pg, g, NULL, 0, NULL));
	CHECK_INT(3, pg->nrels);
	CHECK_INT(2, pg->ntypes);
	if (pg->nrels == 3 && pg->ntypes == 2) {
		CHECK_STR("party", pg->types[0]);
		CHECK_STR("status", pg->types[1]);
		/* sorted by start, type, end: mofa before msit */
		CHECK_STR(PK_NS_ID "mofa", pg->nodes[pg->rels[0].end].uri);
		CHECK_STR(PK_NS_ID "msit", pg->nodes[pg->rels[1].end].uri);
		CHECK_STR("status", pg->types[pg->rels[2].type]);
	}
	pk_pg_free(pg);
	pk_graph_free(g);
}

/* Each value, label, relationship and node knows the documents stating
 * it; a document only forgotten is among the documents, stating nothing. */
static void test_export__facts_keep_their_documents(void)
{
	static const char *const forget[] = { "http://example.org/doc/gone" };
	pk_graph *g = NULL;
	pk_pg *pg = NULL;
	const pk_pg_node *msit, *mou;

	CHECK_INT(0, pk_graph_new(&g));
	CHECK_INT(0, pk_graph_set_context(g, EX "doc/a"));
	pk_graph_add_iri(g, PK_NS_ID "mou", PK_NS_PKG "party", PK_NS_ID "msit");
	pk_graph_add_literal(g, PK_NS_ID "msit", PK_NS_SKOS "altLabel", "MSIT", "en", NULL);
	CHECK_INT(0, pk_graph_set_context(g, EX "doc/b"));
	pk_graph_add_iri(g, PK_NS_ID "mou", PK_NS_PKG "party", PK_NS_ID "msit");
	pk_graph_add_literal(g, PK_NS_ID "msit", PK_NS_SKOS "altLabel", "MSIT", "en", NULL);
	pk_graph_add_literal(g, PK_NS_ID "msit", PK_NS_SKOS "altLabel", "과기정통부", "ko", NULL);
	pk_graph_add_iri(g, PK_NS_ID "msit", PK_NS_RDF "type", PK_NS_PKG "GovernmentBody");
	CHECK_INT(0, pk_pg_build(&pg, g, forget, 1, NULL));
	CHECK_INT(3, pg->ndocs);
	CHECK_STR(EX "doc/a", pg->docs[0]);
	CHECK_STR(EX "doc/b", pg->docs[1]);
	CHECK_STR(EX "doc/gone", pg->docs[2]);
	CHECK_INT(1, pg->nrels);
	if (pg->nrels == 1) {
		CHECK_INT(2, pg->rels[0].docs.n);
		CHECK_INT(0, pg->rels[0].docs.v[0]);
		CHECK_INT(1, pg->rels[0].docs.v[1]);
	}
	msit = test_export__node(pg, PK_NS_ID "msit");
	mou = test_export__node(pg, PK_NS_ID "mou");
	CHECK(msit && mou);
	if (msit && mou) {
		CHECK_INT(2, msit->nvalues);
		if (msit->nvalues == 2) {
			CHECK_STR("MSIT", msit->values[0].lexical);
			CHECK_INT(2, msit->values[0].docs.n);
			CHECK_STR("과기정통부", msit->values[1].lexical);
			CHECK_INT(1, msit->values[1].docs.n);
			CHECK_INT(1, msit->values[1].docs.v[0]);
		}
		CHECK_INT(1, msit->nlabels);
		if (msit->nlabels == 1)
			CHECK_INT(1, msit->label_docs[0].n);
		CHECK_INT(2, msit->docs.n);
		CHECK_INT(2, mou->docs.n); /* a relationship from it is a fact of it too */
	}
	pk_pg_free(pg);
	pk_graph_free(g);
}

/* The warnings ("W: ") and notes ("N: ") of a build, one line each. */
static void test_export__collect(void *ud, pk_severity sev, const char *msg)
{
	pk_buf *b = ud;

	if (sev == PK_SEV_WARNING || sev == PK_SEV_NOTE)
		pk_buf_printf(b, "%s: %s\n", sev == PK_SEV_WARNING ? "W" : "N", msg);
}

/* The values of property name on node n, '|' between them. */
static void test_export__values(pk_buf *out, const pk_pg *pg, const pk_pg_node *n,
	const char *name)
{
	size_t i;

	pk_buf_clear(out);
	pk_buf_puts(out, "");
	for (i = 0; n && i < n->nvalues; i++)
		if (strcmp(pg->props[n->values[i].prop].name, name) == 0)
			pk_buf_printf(out, "%s%s", out->len ? "|" : "", n->values[i].lexical);
}

/* Sources sharing a name: the one of the contract's vocabulary keeps it,
 * the other is renamed PREFIX_NAME (a known namespace) or NAME_HASH, with
 * a warning naming both (a note when both namespaces are the contract's);
 * skos:altLabel in two languages is one list, not
 * a collision; the names do not depend on the order of the triples. */
static void test_export__colliding_names_are_renamed_never_merged(void)
{
	const char *renamed = NULL;
	pk_buf warn = PK_BUF_INIT, vals = PK_BUF_INIT, first = PK_BUF_INIT;
	pk_diag diag = { test_export__collect, &warn, NULL };
	const pk_pg_node *a;
	pk_graph *g = NULL;
	pk_pg *pg = NULL;
	size_t i, k;
	int run;

	for (run = 0; run < 2; run++) {
		pk_buf_clear(&warn);
		pk_buf_puts(&warn, "");
		CHECK_INT(0, pk_graph_new(&g));
		CHECK_INT(0, pk_graph_set_context(g, "file:///c.ttl"));
		for (k = 0; k < 8; k++) {
			switch (run ? 7 - k : k) {
			case 0: pk_graph_add_literal(g, EX "a", PK_NS_RDFS "label", "가", "ko", NULL); break;
			case 1: pk_graph_add_literal(g, EX "a", EX "label_ko", "not a label", NULL, NULL); break;
			case 2: pk_graph_add_iri(g, EX "a", PK_NS_RDF "type", PK_NS_PKG "Organization"); break;
			case 3: pk_graph_add_iri(g, EX "a", PK_NS_RDF "type", PK_NS_ORG "Organization"); break;
			case 4: pk_graph_add_iri(g, EX "a", PK_NS_PKG "organization", EX "b"); break;
			case 5: pk_graph_add_iri(g, EX "a", PK_NS_ORG "organization", EX "c"); break;
			case 6: pk_graph_add_literal(g, EX "a", PK_NS_SKOS "altLabel", "A", "en", NULL); break;
			default: pk_graph_add_literal(g, EX "a", PK_NS_SKOS "altLabel", "에이", "ko", NULL); break;
			}
		}
		CHECK_INT(0, pk_pg_build(&pg, g, NULL, 0, &diag));
		CHECK(a = test_export__node(pg, EX "a"));
		test_export__values(&vals, pg, a, "label_ko");
		CHECK_STR("가", vals.ptr);
		for (renamed = NULL, i = 0; i < pg->nprops; i++)
			if (strncmp(pg->props[i].name, "label_ko_", 9) == 0)
				renamed = pg->props[i].name;
		CHECK(renamed != NULL);
		if (renamed) {
			test_export__values(&vals, pg, a, renamed);
			CHECK_STR("not a label", vals.ptr);
		}
		test_export__values(&vals, pg, a, "altLabel");
		CHECK_STR("A|에이", vals.ptr);
		if (a && a->nlabels == 2) {
			CHECK_STR("Organization", a->labels[0]);
			CHECK_STR("org_Organization", a->labels[1]);
		} else {
			CHECK(!"two labels on ex:a");
		}
		CHECK_INT(2, pg->ntypes);
		if (pg->ntypes == 2) {
			CHECK_STR("org_organization", pg->types[0]);
			CHECK_STR("organization", pg->types[1]);
		}
		/* an unknown namespace: a warning; two of the contract's: a note */
		CHECK(strstr(warn.ptr, "W: export: <" PK_NS_RDFS "label>@ko and <" EX "label_ko> are both "
			"the property label_ko") != NULL);
		CHECK(strstr(warn.ptr, "N: export: <" PK_NS_PKG "Organization> and <" PK_NS_ORG
			"Organization> are both the label Organization: the second is written as "
			"org_Organization") != NULL);
		CHECK(strstr(warn.ptr, "N: export: <" PK_NS_PKG "organization> and <" PK_NS_ORG
			"organization> are both the relationship type organization") != NULL);
		CHECK(strstr(warn.ptr, "altLabel") == NULL);
		if (run == 0) {
			pk_buf_puts(&first, "");
			pk_buf_printf(&first, "%s %s", renamed ? renamed : "", warn.ptr);
		} else {
			pk_buf_clear(&vals);
			pk_buf_printf(&vals, "%s %s", renamed ? renamed : "", warn.ptr);
			/* the triples added backward: the same names, warnings */
			CHECK_STR(first.ptr, vals.ptr);
		}
		pk_pg_free(pg);
		pg = NULL;
		pk_graph_free(g);
		g = NULL;
	}
	pk_buf_free(&warn);
	pk_buf_free(&vals);
	pk_buf_free(&first);
}

static void test_export__formats_are_listed(void)
{
	const char *summary = NULL;
	int dir = -1;

	CHECK_STR("cypher", pk_export_format(0, &summary, &dir));
	CHECK(summary && *summary);
	CHECK_INT(0, dir);
	CHECK_STR("kuzu", pk_export_format(1, NULL, &dir));
	CHECK_STR("neo4j-csv", pk_export_format(2, NULL, &dir));
	CHECK_INT(1, dir);
	CHECK_STR("kuzu-csv", pk_export_format(3, NULL, &dir));
	CHECK_INT(1, dir);
	CHECK(pk_export_format(4, NULL, NULL) == NULL);
	CHECK(pk_export_find("graphml") == NULL);
}

static const pk_test tests[] = {
	PK_TEST(test_export__neo4j_quote_escapes_backslash_and_quote),
	PK_TEST(test_export__neo4j_quote_escapes_control_characters),
	PK_TEST(test_export__kuzu_quote_keeps_control_characters),
	PK_TEST(test_export__name_is_backtick_quoted),
	PK_TEST(test_export__nodes_are_subjects_and_objects_not_types),
	PK_TEST(test_export__types_become_sorted_labels),
	PK_TEST(test_export__literals_become_typed_properties),
	PK_TEST(test_export__dates_are_dates_partial_dates_text_and_precision),
	PK_TEST(test_export__invalid_dates_are_only_text),
	PK_TEST(test_export__durations_are_durations),
	PK_TEST(test_export__iri_objects_become_relationships),
	PK_TEST(test_export__facts_keep_their_documents),
	PK_TEST(test_export__colliding_names_are_renamed_never_merged),
	PK_TEST(test_export__formats_are_listed),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
