/*
 * test_eval.c - the evaluation (eval.c): facts read off an extracted
 * graph and from gold files, matched by meaning one-to-one, counted per
 * type; gold files with errors name FILE:LINE; a whole run over seeds/.
 * Articles are extracted from memory; gold files are written to a
 * mkdtemp directory under /tmp, or parsed from memory where only the
 * matching is under test.
 */
#include "check.h"
#include "eval/eval.h"
#include "pipeline/extract.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One sentence, one post: 배경훈, 장관 of msit. */
static const char test_eval__article[] =
	"과학기술정보통신부(장관 배경훈)는 인공지능 기본계획을 발표했다.\n";

/* The same post, and 이종호 quoted without a post. */
static const char test_eval__two_persons[] =
	"과학기술정보통신부(장관 배경훈)는 인공지능 기본계획을 발표했다.\n"
	"외교부(장관 조태열)도 함께 참석했다.\n";

static pk_buf test_eval__msgs;

static void test_eval__diag_fn(void *ud, pk_severity sev, const char *msg)
{
	PK_UNUSED(ud);
	pk_buf_printf(&test_eval__msgs, "%d %s\n", (int)sev, msg);
}

static const pk_diag test_eval__diag = { test_eval__diag_fn, NULL, NULL };

/* The facts extracted from text.  A ruleset of its own per extractor:
 * see pk_eval_detach_jit in eval.c. */
static void test_eval__extract(pk_eval_facts *found, const char *text)
{
	pk_extract_options opts = PK_EXTRACT_OPTIONS_INIT;
	pk_ruleset *rs = NULL;
	pk_extractor *ex = NULL;

	opts.reference_date = "2026-11-23";
	CHECK_INT(0, pk_ruleset_load(&rs, PK_SOURCE_DIR "/rules", &test_eval__diag));
	if (rs && pk_extractor_new(&ex, rs, &opts, &test_eval__diag) == 0) {
		CHECK_INT(0, pk_extractor_add_text(ex, "article.txt", text, strlen(text)));
		CHECK_INT(0, pk_eval_graph_facts(found, pk_extractor_graph(ex)));
	}
	pk_extractor_free(ex);
	pk_ruleset_free(rs);
}

/* Write text as DIR/article.gold in a fresh directory and read it. */
static int test_eval__gold_file(pk_eval_facts *gold, const char *text)
{
	char dir[] = "/tmp/pk-test-eval.XXXXXX";
	pk_buf path = PK_BUF_INIT;
	FILE *f;
	int rc = PK_EIO;

	if (!mkdtemp(dir))
		return PK_EIO;
	pk_buf_printf(&path, "%s/article.gold", dir);
	if ((f = fopen(path.ptr, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
		rc = pk_eval_gold_read(gold, path.ptr, &test_eval__diag);
		unlink(path.ptr);
	}
	rmdir(dir);
	pk_buf_free(&path);
	return rc;
}

static void test_eval__parse(pk_eval_facts *facts, const char *text)
{
	CHECK_INT(0, pk_eval_gold_parse(facts, "mem.gold", text, strlen(text), &test_eval__diag));
}

static void test_eval__right_and_wrong_position(void)
{
	pk_eval_facts found = PK_EVAL_FACTS_INIT, gold = PK_EVAL_FACTS_INIT;
	pk_eval_totals tot;

	memset(&tot, 0, sizeof tot);
	test_eval__extract(&found, test_eval__article);
	CHECK_INT(0, test_eval__gold_file(&gold,
		"# one post right, one the article does not have\n"
		"position   person=배경훈 | title=장관 | org=msit | evidence=과학기술정보통신부(장관 배경훈)는\n"
		"position   person=배경훈 | title=제2차관 | org=msit\n"));
	CHECK_INT(0, pk_eval_match(&tot, &found, &gold, NULL, NULL, "article.txt"));
	CHECK_INT(1, tot.type[PK_EVAL_POSITION].tp);
	CHECK_INT(1, tot.type[PK_EVAL_POSITION].fn);
	CHECK_INT(0, tot.type[PK_EVAL_POSITION].fp);
	pk_eval_facts_clear(&found);
	pk_eval_facts_clear(&gold);
}

static void test_eval__extra_person_is_false_positive(void)
{
	pk_eval_facts found = PK_EVAL_FACTS_INIT, gold = PK_EVAL_FACTS_INIT;
	pk_buf fps = PK_BUF_INIT, fns = PK_BUF_INIT;
	pk_eval_totals tot;

	memset(&tot, 0, sizeof tot);
	test_eval__extract(&found, test_eval__two_persons);
	CHECK_INT(0, test_eval__gold_file(&gold, "person 배경훈\n"));
	CHECK_INT(0, pk_eval_match(&tot, &found, &gold, &fps, &fns, "article.txt"));
	CHECK_INT(1, tot.type[PK_EVAL_PERSON].tp);
	CHECK_INT(1, tot.type[PK_EVAL_PERSON].fp);
	CHECK_INT(0, tot.type[PK_EVAL_PERSON].fn);
	/* the false positive is listed with its input and the rule behind it */
	CHECK(fps.ptr && strstr(fps.ptr, "article.txt: person 조태열  (rule: position.") != NULL);
	CHECK(fns.ptr == NULL);
	pk_buf_free(&fps);
	pk_buf_free(&fns);
	pk_eval_facts_clear(&found);
	pk_eval_facts_clear(&gold);
}

static void test_eval__actors_and_totals(void)
{
	pk_eval_facts found = PK_EVAL_FACTS_INIT, gold = PK_EVAL_FACTS_INIT;
	pk_eval_totals tot;

	memset(&tot, 0, sizeof tot);
	test_eval__extract(&found, test_eval__article);
	CHECK_INT(0, test_eval__gold_file(&gold, "actor msit\nactor mofa\nperson 배경훈\n"));
	CHECK_INT(0, pk_eval_match(&tot, &found, &gold, NULL, NULL, "article.txt"));
	CHECK_INT(1, tot.type[PK_EVAL_ACTOR].tp);
	CHECK_INT(1, tot.type[PK_EVAL_ACTOR].fn);
	/* the overall counts are the sums over the types */
	CHECK_INT(tot.type[PK_EVAL_ACTOR].tp + tot.type[PK_EVAL_PERSON].tp +
		tot.type[PK_EVAL_POSITION].tp + tot.type[PK_EVAL_DOCUMENT].tp, tot.all.tp);
	CHECK_INT(1, tot.all.fn);
	pk_eval_facts_clear(&found);
	pk_eval_facts_clear(&gold);
}

static void test_eval__each_fact_matches_once(void)
{
	pk_eval_facts found = PK_EVAL_FACTS_INIT, gold = PK_EVAL_FACTS_INIT;
	pk_eval_totals tot;

	memset(&tot, 0, sizeof tot);
	test_eval__parse(&found, "person 배경훈\n");
	test_eval__parse(&gold, "person 배경훈\nperson 배경훈\n");
	CHECK_INT(0, pk_eval_match(&tot, &found, &gold, NULL, NULL, "x"));
	CHECK_INT(1, tot.all.tp);
	CHECK_INT(1, tot.all.fn);
	CHECK_INT(0, tot.all.fp);
	pk_eval_facts_clear(&found);
	pk_eval_facts_clear(&gold);
}

static void test_eval__agreement_parties_are_a_set(void)
{
	pk_eval_facts found = PK_EVAL_FACTS_INIT, gold = PK_EVAL_FACTS_INIT;
	pk_eval_totals tot;

	memset(&tot, 0, sizeof tot);
	test_eval__parse(&found,
		"agreement kind=MOU | status=Concluded | parties=msit, mofa | name=양해각서\n"
		"agreement kind=MOU | status=Planned | parties=msit, mofa\n"
		"agreement kind=Accord | parties=country-kr, country-gb, country-us\n");
	test_eval__parse(&gold,
		/* any order; the name is not compared */
		"agreement kind=MOU | status=Concluded | parties=mofa, msit | name=협약\n"
		/* the same kind and parties, but the status differs from the rest */
		"agreement kind=MOU | status=Concluded | parties=mofa, msit\n"
		/* a subset of the parties is not the set */
		"agreement kind=Accord | parties=country-kr, country-gb\n");
	CHECK_INT(0, pk_eval_match(&tot, &found, &gold, NULL, NULL, "x"));
	CHECK_INT(1, tot.type[PK_EVAL_AGREEMENT].tp);
	CHECK_INT(2, tot.type[PK_EVAL_AGREEMENT].fn);
	CHECK_INT(2, tot.type[PK_EVAL_AGREEMENT].fp);
	pk_eval_facts_clear(&found);
	pk_eval_facts_clear(&gold);
}

static void test_eval__unlinked_actor_matches_by_name(void)
{
	pk_eval_facts found = PK_EVAL_FACTS_INIT, gold = PK_EVAL_FACTS_INIT;
	pk_eval_totals tot;

	memset(&tot, 0, sizeof tot);
	/* what the graph gives an organization the gazetteer does not know:
	 * its name where an id would be */
	test_eval__parse(&found,
		"actor 아랍에미리트 인공지능청\n"
		"position person=오마르 | title=장관 | org=아랍에미리트 인공지능청\n"
		"agreement kind=MOU | parties=msit, 아랍에미리트 인공지능청\n"
		"actor 몰디브 정보통신부\n");
	test_eval__parse(&gold,
		"actor ae-ai-office | name=인공지능청\n"
		"position person=오마르 | title=장관 | org=ae-ai-office\n"
		"agreement kind=MOU | parties=ae-ai-office, msit\n"
		/* an id without a name is matched by the id alone */
		"actor mv-mict\n");
	CHECK_INT(0, pk_eval_match(&tot, &found, &gold, NULL, NULL, "x"));
	CHECK_INT(1, tot.type[PK_EVAL_ACTOR].tp);
	CHECK_INT(1, tot.type[PK_EVAL_POSITION].tp);
	CHECK_INT(1, tot.type[PK_EVAL_AGREEMENT].tp);
	CHECK_INT(1, tot.type[PK_EVAL_ACTOR].fn);
	CHECK_INT(1, tot.type[PK_EVAL_ACTOR].fp);
	pk_eval_facts_clear(&found);
	pk_eval_facts_clear(&gold);
}

static void test_eval__known_lines_and_drift(void)
{
	pk_eval_facts found = PK_EVAL_FACTS_INIT, gold = PK_EVAL_FACTS_INIT;
	pk_eval_totals tot;
	pk_buf now = PK_BUF_INIT, drift = PK_BUF_INIT;
	size_t n = 99;

	memset(&tot, 0, sizeof tot);
	test_eval__parse(&found, "person 배경훈\nperson 서울\n");
	test_eval__parse(&gold, "person 배경훈\nperson  조태열 | evidence=조태열 장관\n");
	CHECK_INT(0, pk_eval_match(&tot, &found, &gold, NULL, NULL, "x"));
	CHECK_INT(0, pk_eval_known_lines(&now, &found, &gold));
	CHECK_STR("miss  person  조태열 | evidence=조태열 장관\nfalse person 서울\n", now.ptr);
	/* the same lines in another order, comments and blanks: no drift */
	CHECK_INT(0, pk_eval_known_diff(&drift, &n, now.ptr,
		"# known\n\nfalse person 서울\nmiss  person  조태열 | evidence=조태열 장관\n", "x"));
	CHECK_INT(0, n);
	/* a lost fact with a gained one still drifts, both ways */
	CHECK_INT(0, pk_eval_known_diff(&drift, &n, now.ptr,
		"miss  person  조태열 | evidence=조태열 장관\nfalse person 서울\nfalse person 위해\n", "x"));
	CHECK_INT(1, n);
	CHECK_STR("  x: no longer false person 위해\n", drift.ptr);
	pk_buf_clear(&drift);
	CHECK_INT(0, pk_eval_known_diff(&drift, &n, now.ptr, NULL, "x"));
	CHECK_INT(2, n);
	/* a multiset: the same line twice is two entries */
	CHECK_INT(0, pk_eval_known_diff(&drift, &n, "false person 서울\nfalse person 서울\n",
		"false person 서울\n", "x"));
	CHECK_INT(1, n);
	pk_buf_free(&now);
	pk_buf_free(&drift);
	pk_eval_facts_clear(&found);
	pk_eval_facts_clear(&gold);
}

static void test_eval__event_by_start_else_name(void)
{
	pk_eval_facts found = PK_EVAL_FACTS_INIT, gold = PK_EVAL_FACTS_INIT;
	pk_eval_totals tot;

	memset(&tot, 0, sizeof tot);
	test_eval__parse(&found,
		"event class=Summit | name=「AI 서울 정상회의」 | start=2024-05-21\n"
		"event class=Forum | name=AI 글로벌 포럼\n"
		"event class=Meeting | name=장관 세션 | start=2024-04-22\n");
	test_eval__parse(&gold,
		/* a start date decides; the names need not agree */
		"event class=Summit | name=정상회의 본회의 | start=2024-05-21\n"
		/* no start: names overlap once spaces and brackets are gone */
		"event class=Forum | name=『AI글로벌 포럼』 2024\n"
		"event class=Meeting | name=장관 세션 | start=2024-05-22\n");
	CHECK_INT(0, pk_eval_match(&tot, &found, &gold, NULL, NULL, "x"));
	/* "AI글로벌포럼2024" contains "AI글로벌포럼" */
	CHECK_INT(2, tot.type[PK_EVAL_EVENT].tp);
	CHECK_INT(1, tot.type[PK_EVAL_EVENT].fn);
	CHECK_INT(1, tot.type[PK_EVAL_EVENT].fp);
	pk_eval_facts_clear(&found);
	pk_eval_facts_clear(&gold);
}

static void test_eval__gold_is_normalized_like_text(void)
{
	pk_eval_facts found = PK_EVAL_FACTS_INIT, gold = PK_EVAL_FACTS_INIT;
	pk_eval_totals tot;

	memset(&tot, 0, sizeof tot);
	/* the text's interpunct is U+00B7; the gold writes U+30FB */
	test_eval__parse(&found, "event class=Ceremony | name=AI·디지털 협의회 착수식\n");
	test_eval__parse(&gold, "event class=Ceremony | name=AI\xE3\x83\xBB디지털 협의회\n");
	CHECK_INT(0, pk_eval_match(&tot, &found, &gold, NULL, NULL, "x"));
	CHECK_INT(1, tot.all.tp);
	pk_eval_facts_clear(&found);
	pk_eval_facts_clear(&gold);
}

static void test_eval__gold_errors_name_file_and_line(void)
{
	pk_eval_facts gold = PK_EVAL_FACTS_INIT;
	static const char text[] =
		"# comment\n"
		"actor msit\n"
		"organisation msit\n"
		"position person=배경훈 | rank=장관\n"
		"date 2024-5-1\n"
		"agreement kind=Treaty\n"
		"actor | evidence=no id\n"
		"\n"
		"person 배경훈 | evidence=a | b\n";

	pk_buf_clear(&test_eval__msgs);
	CHECK_INT(PK_EINPUT, pk_eval_gold_parse(&gold, "x.gold", text, strlen(text), &test_eval__diag));
	CHECK(strstr(test_eval__msgs.ptr, "x.gold:3: unknown fact type 'organisation'") != NULL);
	CHECK(strstr(test_eval__msgs.ptr, "x.gold:4: unknown key 'rank' for position") != NULL);
	CHECK(strstr(test_eval__msgs.ptr, "x.gold:5: value '2024-5-1' is not a date") != NULL);
	CHECK(strstr(test_eval__msgs.ptr, "x.gold:6: unknown kind 'Treaty'") != NULL);
	CHECK(strstr(test_eval__msgs.ptr, "x.gold:7: actor needs its id") != NULL);
	/* the good lines are kept; evidence takes the rest of the line */
	CHECK_INT(2, gold.n);
	CHECK_STR("x.gold:9", gold.n == 2 ? gold.v[1].where : NULL);
	CHECK_STR("a | b", gold.n == 2 ? gold.v[1].evidence : NULL);
	pk_eval_facts_clear(&gold);
}

/* The whole run over seeds/.  One ruleset serves an extractor per
 * article: this crashed before pk_eval_detach_jit. */
static void test_eval__run_over_seeds(void)
{
	const char *paths[] = { PK_SOURCE_DIR "/seeds" };
	pk_eval_options opts = PK_EVAL_OPTIONS_INIT;
	pk_eval_totals tot;
	pk_ruleset *rs = NULL;
	FILE *report = tmpfile();

	opts.gold_dir = PK_SOURCE_DIR "/tests/seeds";
	opts.extract.reference_date = "2026-11-23";
	CHECK(report != NULL);
	CHECK_INT(0, pk_ruleset_load(&rs, PK_SOURCE_DIR "/rules", &test_eval__diag));
	if (rs && report) {
		CHECK_INT(0, pk_eval_run(&tot, rs, paths, 1, &opts, report, &test_eval__diag));
		CHECK_INT(5, tot.documents);
		CHECK_INT(0, tot.skipped);
		CHECK(tot.all.tp > 0);
	}
	if (report)
		fclose(report);
	pk_ruleset_free(rs);
}

static const pk_test tests[] = {
	PK_TEST(test_eval__right_and_wrong_position),
	PK_TEST(test_eval__extra_person_is_false_positive),
	PK_TEST(test_eval__actors_and_totals),
	PK_TEST(test_eval__each_fact_matches_once),
	PK_TEST(test_eval__agreement_parties_are_a_set),
	PK_TEST(test_eval__unlinked_actor_matches_by_name),
	PK_TEST(test_eval__known_lines_and_drift),
	PK_TEST(test_eval__event_by_start_else_name),
	PK_TEST(test_eval__gold_is_normalized_like_text),
	PK_TEST(test_eval__gold_errors_name_file_and_line),
	PK_TEST(test_eval__run_over_seeds),
};

static void test_eval__teardown(void)
{
	pk_buf_free(&test_eval__msgs);
}

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, test_eval__teardown);
}
