/*
 * test_review_view.c - the review site's view of the graph
 * (review_view.c): what the pages are given instead of the graph.  Each
 * case builds a small graph by hand and checks one thing the HTML writer
 * relies on: the facts' order and labels, evidence kept to the page,
 * retracted values left out, and an item placed on the first document of
 * the view that mentions it.
 */
#include "check.h"
#include "rdf/triples.h"
#include "rdf/vocab.h"
#include "review/review_view.h"

#define DOC1 PK_NS_ID "document/d1"
#define DOC2 PK_NS_ID "document/d2"
#define OTHER PK_NS_ID "document/a-elsewhere"   /* sorts before d1, d2 */

static void test_review_view__label(pk_graph *g, const char *s, const char *label)
{
	CHECK_INT(0, pk_graph_add_literal(g, s, PK_NS_RDFS "label", label, "ko", NULL));
}

static void test_review_view__fact(pk_graph *g, const char *s, const char *cls, const char *doc)
{
	CHECK_INT(0, pk_graph_add_iri(g, s, PK_NS_RDF "type", cls));
	CHECK_INT(0, pk_graph_add_iri(g, s, PKG("mentionedIn"), doc));
}

/* A pkg:Mention m of s in doc, its sentence starting at code point cp. */
static void test_review_view__mention(pk_graph *g, const char *s, const char *m, const char *doc,
	const char *cp, const char *rule)
{
	CHECK_INT(0, pk_graph_add_iri(g, s, PKG("evidence"), m));
	CHECK_INT(0, pk_graph_add_iri(g, m, PK_NS_RDF "type", PKG("Mention")));
	CHECK_INT(0, pk_graph_add_iri(g, m, PKG("document"), doc));
	CHECK_INT(0, pk_graph_add_literal(g, m, PKG("start"), cp, NULL, XSD("integer")));
	CHECK_INT(0, pk_graph_add_literal(g, m, PKG("rule"), rule, NULL, NULL));
}

/* A review document with the iri and one sentence at code point cp. */
static pk_review_doc test_review_view__doc(const char *iri, pk_review_sent *sent, size_t cp)
{
	pk_review_doc d;

	memset(&d, 0, sizeof d);
	d.iri = (char *)iri;
	d.name = (char *)iri;
	sent->start = 0;
	sent->end = 1;
	sent->cp = cp;
	d.sents = sent;
	d.nsents = 1;
	return d;
}

static void test_review_view__facts_by_group_then_label(void)
{
	pk_graph *g = NULL;
	pk_review_view *v = NULL;
	pk_review_sent sent;
	pk_review_doc d = test_review_view__doc(DOC1, &sent, 0);

	CHECK_INT(0, pk_graph_new(&g));
	test_review_view__fact(g, PK_NS_ID "event/a", PKG("Event"), DOC1);
	test_review_view__label(g, PK_NS_ID "event/a", "가 회의");
	test_review_view__fact(g, PK_NS_ID "agreement/z", PKG("Agreement"), DOC1);
	test_review_view__label(g, PK_NS_ID "agreement/z", "하 협약");
	test_review_view__fact(g, PK_NS_ID "agreement/y", PKG("Agreement"), DOC1);
	test_review_view__label(g, PK_NS_ID "agreement/y", "나 협약");
	/* a post reads as its holder */
	test_review_view__fact(g, PK_NS_ID "position/p", PKG("Position"), DOC1);
	CHECK_INT(0, pk_graph_add_iri(g, PK_NS_ID "person/kim", PKG("position"), PK_NS_ID "position/p"));
	test_review_view__label(g, PK_NS_ID "person/kim", "김철수");
	/* mentioned elsewhere only: not this page's */
	test_review_view__fact(g, PK_NS_ID "agreement/x", PKG("Agreement"), OTHER);
	CHECK_INT(0, pk_review_view_new(&v, g, &d, 1));
	if (v) {
		CHECK_INT(1, v->ndocs);
		CHECK_INT(4, v->docs[0].nfacts);
		if (v->docs[0].nfacts == 4) {
			CHECK_STR("나 협약", v->docs[0].facts[0].label);
			CHECK_STR("하 협약", v->docs[0].facts[1].label);
			CHECK_INT(PK_REVIEW_GROUP_EVENT, v->docs[0].facts[2].group);
			CHECK_STR("김철수", v->docs[0].facts[3].label);
			CHECK_STR(PKG("Position"), v->docs[0].facts[3].cls);
		}
		CHECK_INT(2, v->docs[0].count[PK_REVIEW_GROUP_AGREEMENT]);
		CHECK_INT(1, v->docs[0].count[PK_REVIEW_GROUP_EVENT]);
		CHECK_INT(1, v->docs[0].count[PK_REVIEW_GROUP_POSITION]);
	}
	pk_review_view_free(v);
	pk_graph_free(g);
}

static void test_review_view__evidence_only_on_the_page(void)
{
	pk_graph *g = NULL;
	pk_review_view *v = NULL;
	pk_review_sent sent;
	pk_review_doc d = test_review_view__doc(DOC1, &sent, 12);
	const char *a = PK_NS_ID "agreement/a";

	CHECK_INT(0, pk_graph_new(&g));
	test_review_view__fact(g, a, PKG("MOU"), DOC1);
	CHECK_INT(0, pk_graph_add_iri(g, a, PK_NS_RDF "type", PKG("Agreement")));
	test_review_view__mention(g, a, PK_NS_ID "mention/1", DOC1, "12", "mou.b");
	test_review_view__mention(g, a, PK_NS_ID "mention/2", DOC1, "12", "mou.a");
	test_review_view__mention(g, a, PK_NS_ID "mention/3", DOC1, "40", "mou.c");   /* no such sentence */
	test_review_view__mention(g, a, PK_NS_ID "mention/4", OTHER, "12", "mou.d");  /* another document */
	CHECK_INT(0, pk_review_view_new(&v, g, &d, 1));
	if (v && v->docs[0].nfacts == 1) {
		const pk_review_fact *f = &v->docs[0].facts[0];

		CHECK_STR(PKG("MOU"), f->cls);
		CHECK_INT(2, f->nevidence);
		if (f->nevidence == 2) {
			CHECK_INT(12, f->evidence[0].cp);
			CHECK_STR("mou.a", f->evidence[0].rule);
			CHECK_STR("mou.b", f->evidence[1].rule);
		}
	} else {
		CHECK(!"one fact");
	}
	pk_review_view_free(v);
	pk_graph_free(g);
}

static void test_review_view__retracted_value_left_out(void)
{
	pk_graph *g = NULL;
	pk_review_view *v = NULL;
	pk_review_sent sent;
	pk_review_doc d = test_review_view__doc(DOC1, &sent, 0);
	const char *a = PK_NS_ID "agreement/a";

	CHECK_INT(0, pk_graph_new(&g));
	test_review_view__fact(g, a, PKG("Agreement"), DOC1);
	CHECK_INT(0, pk_graph_add_iri(g, a, PKG("party"), PK_NS_ID "msit"));
	CHECK_INT(0, pk_graph_add_iri(g, a, PKG("party"), PK_NS_ID "mofa"));
	CHECK_INT(0, pk_graph_add_literal(g, a, PKG("signedOn"), "2026-11-20", NULL, XSD("date")));
	test_review_view__label(g, PK_NS_ID "msit", "과학기술정보통신부");
	pk_graph_retract_iri(g, a, PKG("party"), PK_NS_ID "mofa");
	CHECK_INT(0, pk_review_view_new(&v, g, &d, 1));
	if (v && v->docs[0].nfacts == 1) {
		const pk_review_fact *f = &v->docs[0].facts[0];

		CHECK_INT(2, f->nvalues);
		if (f->nvalues == 2) {
			CHECK_INT(PK_REVIEW_ROLE_PARTY, f->values[0].role);
			CHECK_STR(PK_NS_ID "msit", f->values[0].term);
			CHECK_STR("과학기술정보통신부", f->values[0].label);
			CHECK_INT(PK_REVIEW_ROLE_SIGNED_ON, f->values[1].role);
			CHECK_INT(0, f->values[1].is_iri);
			CHECK_STR(XSD("date"), f->values[1].dt);
		}
	} else {
		CHECK(!"one fact");
	}
	pk_review_view_free(v);
	pk_graph_free(g);
}

static void test_review_view__item_on_first_document_of_the_view(void)
{
	pk_graph *g = NULL;
	pk_review_view *v = NULL;
	pk_review_sent s1, s2;
	pk_review_doc d[2];
	const char *e = PK_NS_ID "event/e";

	/* the view's documents in another order than the graph's */
	d[0] = test_review_view__doc(DOC2, &s2, 0);
	d[1] = test_review_view__doc(DOC1, &s1, 0);
	CHECK_INT(0, pk_graph_new(&g));
	/* e's documents in the graph's order: OTHER (no page), DOC1, DOC2 */
	test_review_view__fact(g, e, PKG("Event"), OTHER);
	CHECK_INT(0, pk_graph_add_iri(g, e, PKG("mentionedIn"), DOC2));
	CHECK_INT(0, pk_graph_add_iri(g, e, PKG("mentionedIn"), DOC1));
	CHECK_INT(0, pk_graph_add_literal(g, e, PKG("startDate"), "2026-11-20", NULL, XSD("date")));
	CHECK_INT(0, pk_graph_add_iri(g, e, PKG("organizer"), PK_NS_ID "msit"));
	CHECK_INT(0, pk_graph_add_iri(g, e, PKG("participant"), PK_NS_ID "oecd"));
	/* no page mentions it: no item */
	test_review_view__fact(g, PK_NS_ID "agreement/x", PKG("Agreement"), OTHER);
	CHECK_INT(0, pk_graph_add_iri(g, PK_NS_ID "agreement/x", PKG("party"), PK_NS_ID "mofa"));
	CHECK_INT(0, pk_review_view_new(&v, g, d, 2));
	if (v) {
		CHECK_INT(1, v->nitems);
		if (v->nitems == 1) {
			CHECK_STR(e, v->items[0].iri);
			CHECK_STR(e, v->items[0].label);   /* no label: the IRI */
			CHECK_INT(0, v->items[0].agreement);
			CHECK_INT(1, v->items[0].doc);    /* DOC1: first in the graph's order */
			CHECK_STR("2026-11-20", v->items[0].start);
			CHECK_INT(2, v->items[0].nactors);
			if (v->items[0].nactors == 2) {
				CHECK_STR(PK_NS_ID "msit", v->items[0].actors[0]);
				CHECK_STR(PK_NS_ID "oecd", v->items[0].actors[1]);
			}
		}
		/* the filter lists every actor of anything, itemised or not */
		CHECK_INT(3, v->nactors);
	}
	pk_review_view_free(v);
	pk_graph_free(g);
}

static void test_review_view__iri_split(void)
{
	const char *prefix = NULL, *local = NULL;

	CHECK_INT(1, pk_review_iri_split(&prefix, &local, PKG("MOU")));
	CHECK_STR("pkg", prefix);
	CHECK_STR("MOU", local);
	CHECK_INT(0, pk_review_iri_split(&prefix, &local, "urn:x:y"));
	CHECK_INT(0, pk_review_iri_split(&prefix, &local, NULL));
}

static const pk_test tests[] = {
	PK_TEST(test_review_view__facts_by_group_then_label),
	PK_TEST(test_review_view__evidence_only_on_the_page),
	PK_TEST(test_review_view__retracted_value_left_out),
	PK_TEST(test_review_view__item_on_first_document_of_the_view),
	PK_TEST(test_review_view__iri_split),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
