/*
 * test_graph.c - the graph stage (build*.c): what it makes
 * of one short article read with the project's rules: the document's
 * header, the actors mentioned and their classes, a person's post, an
 * agreement and its status, the pkg:Mention evidence, and the IRIs it
 * mints.  Each case is rows of triples that must be in the article's graph
 * (or must not), looked up in the graph the extractor built.  And the
 * merge's copy through a memo of interned strings (rdf/triples.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pipeline/extract.h"
#include "pipeline/build.h"
#include "policykg.h"
#include "rdf/triples.h"
#include "rdf/vocab.h"

#define ID(x) PK_NS_ID x
#define PKG(x) PK_NS_PKG x
#define RDF_TYPE PK_NS_RDF "type"
#define XSD(x) PK_NS_XSD x

static pk_ruleset *rs;

/* A signing, told in the past tense, with the minister who announced it. */
static const char article_signed[] =
	"과기정통부, 영국과 AI 협력 양해각서 체결\n"
	"2024-05-10\n"
	"\n"
	"배경훈 과학기술정보통신부 장관은 10일 서울에서 영국 과학혁신기술부와 "
	"인공지능 협력 양해각서(MOU)를 체결했다고 밝혔다.\n";

/* The same agreement, announced before it is signed. */
static const char article_planned[] =
	"과기정통부, 영국과 AI 협력 MOU 체결 예정\n"
	"2024-05-01\n"
	"\n"
	"과학기술정보통신부는 영국 과학혁신기술부와 오는 10일 인공지능 협력 "
	"양해각서(MOU)를 체결할 예정이라고 밝혔다.\n";

/* One triple of the graph of article (read as document doc): s p o, o an
 * IRI or, when lang or dt is given, a literal with that language ("": a
 * plain literal) or datatype.  present 0: the graph must not hold it. */
typedef struct graph_row {
	const char *name;
	const char *article;
	const char *doc;
	const char *s, *p, *o;
	const char *lang;
	const char *dt;
	int present;
} graph_row;

#define SIGNED article_signed, "a"
#define PLANNED article_planned, "b"
#define AGREEMENT_A ID("agreement/yanghaegagseo-mou-msit-uk-dsit")
#define AGREEMENT_B ID("agreement/mou-mou-msit-uk-dsit")
#define POSITION ID("position/baegyeonghun-minister-msit")
#define PERSON ID("person/baegyeonghun")
#define MENTION_A ID("mention/a/41-98/agreement.subject-partner")

static const graph_row graph_rows[] = {
	/* name, article, document, subject, predicate, object, lang, datatype, present */
	{ "document_from_header", SIGNED, ID("document/a"), RDF_TYPE, PKG("Document"), NULL, NULL, 1 },
	{ "document_from_header", SIGNED, ID("document/a"), RDF_TYPE, PK_NS_PROV "Entity", NULL, NULL, 1 },
	{ "document_from_header", SIGNED, ID("document/a"), PK_NS_DCTERMS "issued", "2024-05-10",
		NULL, XSD("date"), 1 },
	{ "document_from_header", SIGNED, ID("document/a"), PK_NS_DCTERMS "title",
		"과기정통부, 영국과 AI 협력 양해각서 체결", "ko", NULL, 1 },

	/* a body named by its alias is the gazetteer's entity, with the
	 * classes above its own; a country only implied by a body's is not
	 * mentioned */
	{ "actor_mentioned_with_its_classes", SIGNED, ID("msit"), RDF_TYPE, PKG("GovernmentBody"),
		NULL, NULL, 1 },
	{ "actor_mentioned_with_its_classes", SIGNED, ID("msit"), RDF_TYPE, PKG("Organization"),
		NULL, NULL, 1 },
	{ "actor_mentioned_with_its_classes", SIGNED, ID("msit"), RDF_TYPE, PKG("Actor"), NULL, NULL, 1 },
	{ "actor_mentioned_with_its_classes", SIGNED, ID("msit"), PKG("mentionedIn"), ID("document/a"),
		NULL, NULL, 1 },
	{ "actor_mentioned_with_its_classes", SIGNED, ID("msit"), PK_NS_RDFS "label",
		"과학기술정보통신부", "ko", NULL, 1 },
	{ "actor_mentioned_with_its_classes", SIGNED, ID("msit"), PKG("country"), ID("country-kr"),
		NULL, NULL, 1 },
	{ "actor_mentioned_with_its_classes", SIGNED, ID("country-gb"), PKG("mentionedIn"),
		ID("document/a"), NULL, NULL, 1 },
	{ "actor_mentioned_with_its_classes", SIGNED, ID("country-kr"), PKG("mentionedIn"),
		ID("document/a"), NULL, NULL, 0 },

	/* "배경훈 과학기술정보통신부 장관": a person, a post, the body */
	{ "position_links_person_title_and_body", SIGNED, PERSON, RDF_TYPE, PKG("Person"), NULL, NULL, 1 },
	{ "position_links_person_title_and_body", SIGNED, PERSON, PK_NS_RDFS "label", "배경훈", "ko",
		NULL, 1 },
	{ "position_links_person_title_and_body", SIGNED, PERSON, PKG("position"), POSITION,
		NULL, NULL, 1 },
	{ "position_links_person_title_and_body", SIGNED, PERSON, PKG("memberOf"), ID("msit"),
		NULL, NULL, 1 },
	{ "position_links_person_title_and_body", SIGNED, POSITION, RDF_TYPE, PKG("Position"),
		NULL, NULL, 1 },
	{ "position_links_person_title_and_body", SIGNED, POSITION, PKG("organization"), ID("msit"),
		NULL, NULL, 1 },
	{ "position_links_person_title_and_body", SIGNED, POSITION, PKG("title"), "장관", "ko", NULL, 1 },
	{ "position_links_person_title_and_body", SIGNED, POSITION, PKG("title"), "Minister", "en",
		NULL, 1 },
	{ "position_links_person_title_and_body", SIGNED, POSITION, PKG("organization"), ID("uk-dsit"),
		NULL, NULL, 0 },

	/* "…와 … 양해각서(MOU)를 체결했다" on the 10th of an article of the 10th */
	{ "signed_agreement_is_concluded", SIGNED, AGREEMENT_A, RDF_TYPE, PKG("Agreement"),
		NULL, NULL, 1 },
	{ "signed_agreement_is_concluded", SIGNED, AGREEMENT_A, RDF_TYPE, PKG("MOU"), NULL, NULL, 1 },
	{ "signed_agreement_is_concluded", SIGNED, AGREEMENT_A, PKG("party"), ID("msit"), NULL, NULL, 1 },
	{ "signed_agreement_is_concluded", SIGNED, AGREEMENT_A, PKG("party"), ID("uk-dsit"),
		NULL, NULL, 1 },
	{ "signed_agreement_is_concluded", SIGNED, AGREEMENT_A, PKG("party"), ID("country-gb"),
		NULL, NULL, 0 },
	{ "signed_agreement_is_concluded", SIGNED, AGREEMENT_A, PKG("status"), PKG("Concluded"),
		NULL, NULL, 1 },
	{ "signed_agreement_is_concluded", SIGNED, AGREEMENT_A, PKG("signedOn"), "2024-05-10",
		NULL, XSD("date"), 1 },
	{ "signed_agreement_is_concluded", SIGNED, AGREEMENT_A, PK_NS_RDFS "label", "양해각서", "ko",
		NULL, 1 },

	/* "…를 체결할 예정이라고": planned, and no signing date yet */
	{ "planned_agreement_has_no_signing_date", PLANNED, AGREEMENT_B, PKG("status"), PKG("Planned"),
		NULL, NULL, 1 },
	{ "planned_agreement_has_no_signing_date", PLANNED, AGREEMENT_B, PKG("status"),
		PKG("Concluded"), NULL, NULL, 0 },
	{ "planned_agreement_has_no_signing_date", PLANNED, AGREEMENT_B, PKG("signedOn"), "2024-05-10",
		NULL, XSD("date"), 0 },
	{ "planned_agreement_has_no_signing_date", PLANNED, AGREEMENT_B, PKG("party"), ID("uk-dsit"),
		NULL, NULL, 1 },

	/* evidence: the match's sentence, rule and offsets in code points */
	{ "evidence_is_a_mention_of_the_match", SIGNED, AGREEMENT_A, PKG("evidence"), MENTION_A,
		NULL, NULL, 1 },
	{ "evidence_is_a_mention_of_the_match", SIGNED, MENTION_A, RDF_TYPE, PKG("Mention"),
		NULL, NULL, 1 },
	{ "evidence_is_a_mention_of_the_match", SIGNED, MENTION_A, PKG("document"), ID("document/a"),
		NULL, NULL, 1 },
	{ "evidence_is_a_mention_of_the_match", SIGNED, MENTION_A, PKG("rule"),
		"agreement.subject-partner", "", NULL, 1 },
	{ "evidence_is_a_mention_of_the_match", SIGNED, MENTION_A, PKG("matchStart"), "41",
		NULL, XSD("integer"), 1 },
	{ "evidence_is_a_mention_of_the_match", SIGNED, MENTION_A, PKG("matchEnd"), "98",
		NULL, XSD("integer"), 1 },
	{ "evidence_is_a_mention_of_the_match", SIGNED, MENTION_A, PKG("start"), "37",
		NULL, XSD("integer"), 1 },
	{ "evidence_is_a_mention_of_the_match", SIGNED, MENTION_A, PKG("end"), "105",
		NULL, XSD("integer"), 1 },
};

/* Does g hold s p o, as the row says o is (IRI, or literal with its
 * language or datatype)? */
static int graph_holds(pk_graph *g, const graph_row *r)
{
	const pk_triple *t;
	size_t i, n = pk_graph_about(&t, g, r->s, r->p);
	int literal = r->lang || r->dt;

	for (i = 0; i < n; i++) {
		if (strcmp(t[i].o, r->o) != 0 || t[i].o_is_iri == literal || t[i].retracted)
			continue;
		if (r->lang && strcmp(t[i].lang ? t[i].lang : "", r->lang) != 0)
			continue;
		if (r->dt && (!t[i].dt || strcmp(t[i].dt, r->dt) != 0))
			continue;
		return 1;
	}
	return 0;
}

static void graph_check(const graph_row *r)
{
	pk_extract_options opts = PK_EXTRACT_OPTIONS_INIT;
	pk_extractor *ex = NULL;
	int held;

	opts.reference_date = "2026-11-23";
	CHECK_INT(0, pk_extractor_new(&ex, rs, &opts, NULL));
	if (!ex)
		return;
	CHECK_INT(0, pk_extractor_add_text(ex, r->doc, r->article, strlen(r->article)));
	CHECK_INT(0, pk_extractor_finish(ex));
	held = graph_holds(pk_extractor_graph(ex), r);
	if (held != r->present)
		fprintf(stderr, "    %s <%s> <%s> \"%s\"%s%s%s%s\n",
			r->present ? "missing:" : "not wanted:", r->s, r->p, r->o,
			r->lang ? "@" : "", r->lang ? r->lang : "",
			r->dt ? "^^" : "", r->dt ? r->dt : "");
	CHECK_INT(r->present, held);
	pk_extractor_free(ex);
}

static void graph_run(const void *r) { graph_check(r); }

/* IRIs are minted from names: Hangul romanized, words joined by '-'. */
typedef struct iri_row {
	const char *name;
	const char *kind;
	const char *text;
	const char *iri;
} iri_row;

static const iri_row iri_rows[] = {
	{ "iri_romanizes_hangul", "person", "배경훈", ID("person/baegyeonghun") },
	{ "iri_romanizes_hangul", "agreement", "양해각서", ID("agreement/yanghaegagseo") },
	{ "iri_keeps_latin_lowercased", "agreement", "MOU", ID("agreement/mou") },
};

static void iri_check(const iri_row *r)
{
	pk_graph *g = NULL;
	pk_builder *b = NULL;
	char *iri = NULL;

	CHECK_INT(0, pk_graph_new(&g));
	CHECK_INT(0, pk_builder_new(&b, g, rs, NULL));
	if (b) {
		CHECK_INT(0, pk_build_iri(&iri, b, r->kind, r->text, strlen(r->text)));
		CHECK_STR(r->iri, iri);
	}
	free(iri);
	pk_builder_free(b);
	pk_graph_free(g);
}

static void iri_run(const void *r) { iri_check(r); }

/* Copies through a pk_graph_memo, reset between source graphs whose
 * strings may reuse the freed ones' addresses, one by one or as a batch
 * (pk_graph_add_copies, its triples twice), give the graph plain copies
 * give (the extractor merges each document so). */
static void test_graph__add_copy_memo_is_add_copy(void)
{
	pk_graph *into = NULL, *plain = NULL, *a = NULL;
	const pk_triple *ti, *tp, *ta;
	size_t ni = 0, np = 0, na = 0, i;
	pk_graph_memo memo;
	char s[64], p[64], o[64];
	int round, k, same = 1;

	CHECK_INT(0, pk_graph_new(&into));
	CHECK_INT(0, pk_graph_new(&plain));
	for (round = 0; round < 4 && into && plain; round++) {
		pk_graph_memo_reset(&memo);
		CHECK_INT(0, pk_graph_new(&a));
		for (k = 0; k < 40 && a; k++) {
			snprintf(s, sizeof s, "http://e/s%d", (k * 7 + round) % 13);
			snprintf(p, sizeof p, "http://e/p%d", k % (round + 2));
			snprintf(o, sizeof o, "o%d-%d", round, k % 5);
			CHECK_INT(0, k % 3 ? pk_graph_add_literal(a, s, p, o, k % 2 ? "ko" : NULL, NULL) :
				pk_graph_add_iri(a, s, p, s));
		}
		if (a && pk_graph_sorted(&ta, &na, a) == 0) {
			/* odd rounds as one batch, each triple twice in it */
			pk_quad *q = calloc(2 * na + 1, sizeof *q);

			for (i = 0; i < na; i++) {
				if (round % 2 == 0)
					CHECK_INT(0, pk_graph_add_copy_memo(into, &ta[i], NULL, &memo));
				CHECK_INT(0, pk_graph_add_copy(plain, &ta[i], NULL));
				if (q)
					q[i].t = q[na + i].t = ta[i];
			}
			if (round % 2 == 1 && q)
				CHECK_INT(0, pk_graph_add_copies(into, q, 2 * na, &memo));
			free(q);
		}
		pk_graph_free(a);
		a = NULL;
	}
	CHECK_INT(0, pk_graph_sorted(&ti, &ni, into));
	CHECK_INT(0, pk_graph_sorted(&tp, &np, plain));
	CHECK_INT(np, ni);
	for (i = 0; i < ni && i < np; i++)
		same &= strcmp(ti[i].s, tp[i].s) == 0 && strcmp(ti[i].p, tp[i].p) == 0 &&
			strcmp(ti[i].o, tp[i].o) == 0 && !ti[i].lang == !tp[i].lang &&
			(!ti[i].lang || strcmp(ti[i].lang, tp[i].lang) == 0);
	CHECK(same);
	pk_graph_free(into);
	pk_graph_free(plain);
}

static const pk_test tests[] = {
	PK_TEST_TABLE(graph_run, graph_rows),
	PK_TEST_TABLE(iri_run, iri_rows),
	PK_TEST(test_graph__add_copy_memo_is_add_copy),
};

static int test_graph__setup(void)
{
	if (pk_ruleset_load(&rs, PK_SOURCE_DIR "/rules", NULL) < 0) {
		fprintf(stderr, "cannot load %s/rules\n", PK_SOURCE_DIR);
		return -1;
	}
	return 0;
}

static void test_graph__teardown(void)
{
	pk_ruleset_free(rs);
}

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, test_graph__setup, test_graph__teardown);
}
