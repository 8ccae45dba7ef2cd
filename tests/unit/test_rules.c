/*
 * test_rules.c - the rules stage (rules.c) on a small rules directory the
 * test writes: gazetteer names masked by class, named groups turned into
 * slots with their pk_role, text offsets and entities, the overlap rule
 * (priority, then length, then rule order, over the anchor group the
 * schema names), triggers, the match limit, and a rule's JIT code made
 * on its first use, once, by threads at once.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "pipeline/gazetteer.h"
#include "pipeline/rules.h"
#include "pipeline/ruleset.h"

static pk_ruleset *rs;
static pk_buf warnings = PK_BUF_INIT;
static char test_rules__dir[] = "/tmp/pk-rules-XXXXXX";
static char test_rules__path[64];

static const char *const rules_text =
	"[entity msit]\nclass = GovernmentBody\nko = 과학기술정보통신부\nalias = 과기정통부\n"
	"[entity mofa]\nclass = GovernmentBody\nko = 외교부\n"
	"[entity country-kr]\nclass = Country\nko = 한국\n"
	"[entity country-gb]\nclass = Country\nko = 영국\n"
	"[title minister]\nko = 장관\n"
	"[particles]\nsubject = 이 | 가\nwith = 와 | 과\n"
	"[lexicon agreement-kind]\nMOU = 양해각서 | MOU\n"
	"[lexicon weekday]\n1 = 월\n2 = 화\n"
	"[rule event.held]\nyield = event\nclass = Meeting\ntrigger = 개최\n"
	"pattern = (?<organizer>@{GOV})@{P_SUBJECT} (?<name>.+ 회의)를 개최\n"
	"[rule event.attended]\nyield = event\nclass = Meeting\ntrigger = 참석\n"
	"pattern = (?<participant>@{GOV})@{P_WITH} (?<participant2>@{GOV})@{P_SUBJECT} (?<name>\\S+ 포럼)에 참석\n"
	"[rule position.org-title]\nyield = position\ntrigger = @{TITLE}\n"
	"pattern = (?<org>@{GOV}) (?<title>@{TITLE}) (?<name>[가-힣]{3})\n"
	"[rule date.month-day]\nyield = date\ntrigger = 월\n"
	"pattern = (?<m>\\d{1,2})월 (?<d>\\d{1,2})일(?:\\((?<wd>@{L_WEEKDAY})\\))?\n"
	"[rule agreement.pair]\nyield = agreement\n"
	"pattern = (?<pair>@{COUNTRY}-@{COUNTRY}) (?<kind>@{L_AGREEMENT_KIND})\n"
	"[rule agreement.kind-signed]\nyield = agreement\npriority = 5\n"
	"pattern = (?<kind>@{L_AGREEMENT_KIND})를 체결\n"
	"[rule agreement.with-kind]\nyield = agreement\n"
	"pattern = (?<partner>@{ACTOR})@{P_WITH} (?<kind>@{L_AGREEMENT_KIND})\n"
	"[rule agreement.with-kind-long]\nyield = agreement\n"
	"pattern = (?<partner>@{ACTOR})@{P_WITH} (?<kind>@{L_AGREEMENT_KIND}) 초안\n"
	/* its trigger is not implied by its pattern, on purpose */
	"[rule alias.short]\nyield = alias\ntrigger = 별칭\n"
	"pattern = (?<of>@{GOV}) 약칭 (?<alias>\\S+)\n"
	"[rule date.slow]\nyield = date\ntrigger = 느린\n"
	"pattern = 느린 (?<d>(?:a|aa)+b)\n"
	/* a word list with a short word before a longer one it begins,
	 * written as one trie-shaped group (ruleset_macro.c), the same list
	 * kept as it is by a comment, and one of words with case */
	"[define ORD]\npattern = 전문|전|전북|현|이번|이|전남\n"
	"[define ORDP]\npattern = 전문|전|전북|현|이번|이|전남(?#kept)\n"
	"[define LAT]\npattern = a|ab|b\n"
	"[define BAR]\npattern = 전문가|전|전문\n"
	"[rule date.ordered]\nyield = date\ntrigger = 순서\n"
	"pattern = (?<d>@{ORD})(?<m>\\S*) 순서\n"
	"[rule date.ordered-kept]\nyield = date\ntrigger = 차례\n"
	"pattern = (?<d>@{ORDP})(?<m>\\S*) 차례\n"
	"[rule date.barrier]\nyield = date\ntrigger = 무엇\n"
	"pattern = (?<d>@{BAR})(?<m>\\S*) 무엇\n"
	"[rule date.cased]\nyield = date\ntrigger = 번째\n"
	"pattern = (?i:(?<d>@{LAT})(?<m>\\S*)) 번째\n"
	/* its reach is one space short of its pattern's, on purpose */
	"[rule date.reach]\nyield = date\ntrigger = 닷새\nreach = 1\n"
	"pattern = (?<d>\\d\\d) (?:번째 )?닷새\n";

static void collect(void *ud, pk_severity sev, const char *msg)
{
	(void)ud;
	(void)sev;
	pk_buf_puts(&warnings, msg);
	pk_buf_putc(&warnings, '\n');
}

/* The facts of text as one line: "rule role=text<entity>... ; ...". */
static const char *facts_with(const char *text, pk_trigger_mode mode,
	unsigned long match_limit)
{
	static pk_buf out = PK_BUF_INIT;
	pk_extract_options opts = PK_EXTRACT_OPTIONS_INIT;
	pk_diag diag = { collect, NULL, NULL };
	pk_factlist facts = PK_FACTLIST_INIT;
	pk_matcher *m = NULL;
	pk_gaz_match *gm = NULL;
	size_t ngm = 0, i, j, k;
	pk_span sent;

	pk_buf_clear(&out);
	pk_buf_clear(&warnings);
	opts.triggers = mode;
	memset(&sent, 0, sizeof sent);
	sent.end = strlen(text);
	if (pk_gazetteer_find(&gm, &ngm, rs->gaz, text, strlen(text)) < 0 ||
	    pk_matcher_new(&m, rs, &opts, &diag) < 0 ||
	    (match_limit && pk_matcher_set_limits(m, match_limit, 0) < 0) ||
	    pk_rules_run(m, &facts, "doc", text, sent, 0, gm, ngm) < 0) {
		pk_buf_puts(&out, "ERROR");
		goto out;
	}
	for (i = 0; i < facts.n; i++) {
		const pk_fact *f = &facts.v[i];

		pk_buf_printf(&out, "%s%s", i ? " ; " : "", f->rule->id);
		for (j = 0; j < f->nslots; j++) {
			const pk_slot *s = &f->slots[j];

			pk_buf_printf(&out, " %s=%.*s", pk_role_name(s->role),
				(int)(s->end - s->start), text + s->start);
			for (k = 0; k < s->nents; k++)
				pk_buf_printf(&out, "<%s>", s->ents[k]->id);
		}
	}
out:
	pk_factlist_clear(&facts);
	pk_matcher_free(m);
	free(gm);
	return out.ptr ? out.ptr : "";
}

static const char *facts_of(const char *text)
{
	return facts_with(text, PK_TRIGGERS_ON, 0);
}

static void test_rules__slots_carry_role_text_and_entity(void)
{
	/* the organizer is the name, not its particle; offsets are the text's */
	CHECK_STR("event.held organizer=과기정통부<msit> name=정책 회의",
		facts_of("과기정통부가 정책 회의를 개최했다"));
	CHECK_STR("position.org-title org=외교부<mofa> title=장관 name=조태열",
		facts_of("외교부 장관 조태열은 말했다"));
}

static void test_rules__numbered_role_is_its_role(void)
{
	pk_factlist facts = PK_FACTLIST_INIT;
	const char *text = "외교부와 과기정통부가 디지털 포럼에 참석했다";
	pk_gaz_match *gm = NULL;
	pk_matcher *m = NULL;
	size_t ngm = 0;
	pk_span sent;

	memset(&sent, 0, sizeof sent);
	sent.end = strlen(text);
	CHECK_STR("event.attended participant=외교부<mofa> participant=과기정통부<msit> name=디지털 포럼",
		facts_of(text));
	CHECK_INT(0, pk_gazetteer_find(&gm, &ngm, rs->gaz, text, strlen(text)));
	CHECK_INT(0, pk_matcher_new(&m, rs, NULL, NULL));
	CHECK_INT(0, pk_rules_run(m, &facts, "doc", text, sent, 0, gm, ngm));
	CHECK_INT(1, facts.n);
	if (facts.n == 1) {
		const pk_slot *p = pk_fact_slot(&facts.v[0], PK_ROLE_PARTICIPANT);

		/* the first of them, as written */
		CHECK(p != NULL && p->ent && strcmp(p->ent->id, "mofa") == 0);
		CHECK(pk_fact_slot(&facts.v[0], PK_ROLE_ORGANIZER) == NULL);
	}
	pk_factlist_clear(&facts);
	pk_matcher_free(m);
	free(gm);
}

static void test_rules__unset_group_is_no_slot(void)
{
	CHECK_STR("date.month-day m=5 d=10", facts_of("5월 10일 서울에서"));
	CHECK_STR("date.month-day m=5 d=10 wd=화", facts_of("5월 10일(화) 서울에서"));
}

static void test_rules__slot_holds_every_entity_inside(void)
{
	CHECK_STR("agreement.pair pair=한국-영국<country-kr><country-gb> kind=양해각서",
		facts_of("한국-영국 양해각서"));
}

/* both claim the kind word (the schema's anchor for agreements) */
static void test_rules__higher_priority_wins_the_same_words(void)
{
	CHECK_STR("agreement.kind-signed kind=MOU", facts_of("외교부와 MOU를 체결했다"));
}

static void test_rules__longer_match_wins_at_equal_priority(void)
{
	CHECK_STR("agreement.with-kind-long partner=외교부<mofa> kind=MOU",
		facts_of("외교부와 MOU 초안"));
}

static void test_rules__other_yields_do_not_compete(void)
{
	/* both anchors hold 조태열; a post and an event are not rivals */
	CHECK_STR("event.held organizer=과기정통부<msit> name=외교부 장관 조태열 회의<mofa> ; "
		"position.org-title org=외교부<mofa> title=장관 name=조태열",
		facts_of("과기정통부가 외교부 장관 조태열 회의를 개최"));
}

static void test_rules__trigger_skips_a_rule_unless_off(void)
{
	const char *text = "과기정통부 약칭 MSIT";

	CHECK_STR("", facts_with(text, PK_TRIGGERS_ON, 0));
	CHECK_STR("alias.short of=과기정통부<msit> alias=MSIT", facts_with(text, PK_TRIGGERS_OFF, 0));
	CHECK_STR("", warnings.ptr ? warnings.ptr : "");
	/* check: every rule runs, and one that matched without its trigger is named */
	CHECK_STR("alias.short of=과기정통부<msit> alias=MSIT", facts_with(text, PK_TRIGGERS_CHECK, 0));
	CHECK_CONTAINS("rule alias.short (", warnings.ptr);
	CHECK_CONTAINS("matched a sentence without its trigger", warnings.ptr);
	CHECK_STR("alias.short of=과기정통부<msit> alias=MSIT", facts_of("과기정통부 약칭 MSIT 별칭"));
}

static void test_rules__reach_searches_only_before_the_trigger(void)
{
	CHECK_STR("date.reach d=12 ; date.reach d=34", facts_of("12 닷새 그리고 34 닷새"));
	CHECK_STR("date.reach d=34", facts_of("12 번째 닷새 그리고 34 닷새"));
	CHECK_STR("date.reach d=12 ; date.reach d=34",
		facts_with("12 번째 닷새 그리고 34 닷새", PK_TRIGGERS_OFF, 0));
	CHECK_STR("", warnings.ptr ? warnings.ptr : "");
	/* check: searched everywhere, and the match beyond the reach is named */
	CHECK_STR("date.reach d=12 ; date.reach d=34",
		facts_with("12 번째 닷새 그리고 34 닷새", PK_TRIGGERS_CHECK, 0));
	CHECK_CONTAINS("rule date.reach (", warnings.ptr);
	CHECK_CONTAINS("matched more than its reach (1) before its trigger: \"12 번째 닷새\"", warnings.ptr);
}

/* A define that is a list of words matches as the list does, in its
 * order: the first word that lets the rest match wins, not the longest. */
static void test_rules__word_list_keeps_its_order(void)
{
	CHECK_STR("date.ordered d=전 m=북", facts_of("전북 순서"));
	CHECK_STR("date.ordered-kept d=전 m=북", facts_of("전북 차례"));
	CHECK_STR("date.ordered d=전문 m=가", facts_of("전문가 순서"));
	CHECK_STR("date.ordered-kept d=전문 m=가", facts_of("전문가 차례"));
	CHECK_STR("date.ordered d=이번 m=주", facts_of("이번주 순서"));
	CHECK_STR("date.ordered-kept d=이번 m=주", facts_of("이번주 차례"));
	CHECK_STR("date.ordered d=현", facts_of("현 순서"));
	/* 전문 may not join 전문가's branch: 전, between them, comes first */
	CHECK_STR("date.barrier d=전 m=문", facts_of("전문 무엇"));
	CHECK_STR("date.barrier d=전문가", facts_of("전문가 무엇"));
	CHECK_STR("date.cased d=A m=Bx", facts_of("ABx 번째"));
}

static void test_rules__limit_skips_the_rule_with_a_warning(void)
{
	/* (a|aa)+ tries every split of the a's before it finds no b after them */
	CHECK_STR("", facts_with("느린 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac b", PK_TRIGGERS_ON, 1000));
	CHECK_CONTAINS("doc: sentence 1: rule date.slow (", warnings.ptr);
	CHECK_CONTAINS("skipped: ", warnings.ptr);
	CHECK_STR("date.slow d=aab", facts_with("느린 aab", PK_TRIGGERS_ON, 1000));
}

static const pk_rule *test_rules__rule(const char *id)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return &rs->rules[i];
	return NULL;
}

static int test_rules__can_jit(void)
{
	uint32_t jit = 0;

	pcre2_config(PCRE2_CONFIG_JIT, &jit);
	return jit != 0;
}

/* Has rule r JIT code?  Made or not, as the ruleset says. */
static int test_rules__jitted(const pk_rule *r)
{
	size_t size = 0;

	pcre2_pattern_info(r->re, PCRE2_INFO_JITSIZE, &size);
	return atomic_load(&r->jitted) && (size > 0 || rs->no_jit || !test_rules__can_jit());
}

/* A rule's JIT code is made when a sentence first needs the rule, not at
 * load: a rule no sentence ran has none. */
static void test_rules__jit_code_made_on_first_use(void)
{
	pk_ruleset *loaded = rs;
	const pk_rule *day, *slow;
	size_t size = 1;

	/* a ruleset of its own: the other cases ran rules */
	CHECK_INT(0, pk_ruleset_load(&rs, test_rules__dir, NULL));
	day = test_rules__rule("date.month-day");
	slow = test_rules__rule("date.slow");
	CHECK(day != NULL && slow != NULL);
	if (!day || !slow)
		goto out;
	CHECK_INT(0, atomic_load(&day->jitted));
	pcre2_pattern_info(day->re, PCRE2_INFO_JITSIZE, &size);
	CHECK_INT(0, (long)size);
	CHECK_STR("date.month-day m=5 d=3", facts_of("5월 3일"));
	CHECK(test_rules__jitted(day));
	CHECK_INT(0, atomic_load(&slow->jitted));
	/* the same facts with its code made */
	CHECK_STR("date.month-day m=5 d=3", facts_of("5월 3일"));
out:
	pk_ruleset_free(rs);
	rs = loaded;
}

static void *test_rules__jit_all(void *arg)
{
	size_t i, n = rs->nrules, k = (size_t)(uintptr_t)arg;
	pcre2_match_data *md = pcre2_match_data_create(64, NULL);
	long *found = malloc(sizeof *found);

	*found = 0;
	/* each thread in its own order, matching as soon as it may */
	for (i = 0; md && i < n; i++) {
		size_t at = (i + k * n / 4) % n;
		const pk_rule *r = &rs->rules[k % 2 ? n - 1 - at : at];

		pk_ruleset_rule_jit(rs, r);
		*found += pk_ruleset_match(r->re, "5월 3일을 양해각서를 체결", strlen("5월 3일을 양해각서를 체결"),
			0, 1, md, rs->mctx) > 0;
	}
	pcre2_match_data_free(md);
	return found;
}

/* Four threads that need every rule at once: each rule's code made once,
 * and every thread finds the same matches (ASan, and TSan when built
 * with it, watch the lock). */
static void test_rules__jit_code_made_once_by_threads(void)
{
	pk_ruleset *loaded = rs;
	pthread_t th[4];
	void *found[4];
	size_t i;
	int made = 0;

	CHECK_INT(0, pk_ruleset_load(&rs, test_rules__dir, NULL));

	for (i = 0; i < 4; i++)
		CHECK_INT(0, pthread_create(&th[i], NULL, test_rules__jit_all, (void *)(uintptr_t)i));
	for (i = 0; i < 4; i++) {
		found[i] = NULL;
		CHECK_INT(0, pthread_join(th[i], &found[i]));
	}
	for (i = 0; i < 4; i++) {
		CHECK(found[i] != NULL && *(long *)found[i] >= 2);
		if (found[i] && found[0])
			CHECK_INT(*(long *)found[0], *(long *)found[i]);
	}
	for (i = 0; i < 4; i++)
		free(found[i]);
	for (i = 0; i < rs->nrules; i++)
		made += test_rules__jitted(&rs->rules[i]);
	CHECK_INT((long)rs->nrules, made);
	pk_ruleset_free(rs);
	rs = loaded;
}


static const pk_test tests[] = {
	PK_TEST(test_rules__slots_carry_role_text_and_entity),
	PK_TEST(test_rules__numbered_role_is_its_role),
	PK_TEST(test_rules__unset_group_is_no_slot),
	PK_TEST(test_rules__slot_holds_every_entity_inside),
	PK_TEST(test_rules__higher_priority_wins_the_same_words),
	PK_TEST(test_rules__longer_match_wins_at_equal_priority),
	PK_TEST(test_rules__other_yields_do_not_compete),
	PK_TEST(test_rules__trigger_skips_a_rule_unless_off),
	PK_TEST(test_rules__reach_searches_only_before_the_trigger),
	PK_TEST(test_rules__word_list_keeps_its_order),
	PK_TEST(test_rules__limit_skips_the_rule_with_a_warning),
	PK_TEST(test_rules__jit_code_made_on_first_use),
	PK_TEST(test_rules__jit_code_made_once_by_threads),
};

static int test_rules__setup(void)
{
	FILE *f;

	if (!mkdtemp(test_rules__dir))
		return -1;
	snprintf(test_rules__path, sizeof test_rules__path, "%s/test.rules",
		test_rules__dir);
	if (!(f = fopen(test_rules__path, "w")))
		return -1;
	fputs(rules_text, f);
	fclose(f);
	if (pk_ruleset_load(&rs, test_rules__dir, NULL) < 0) {
		fprintf(stderr, "could not load test rules\n");
		return -1;
	}
	return 0;
}

static void test_rules__teardown(void)
{
	pk_ruleset_free(rs);
	pk_buf_free(&warnings);
	unlink(test_rules__path);
	rmdir(test_rules__dir);
}

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, test_rules__setup, test_rules__teardown);
}
