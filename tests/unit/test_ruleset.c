/*
 * test_ruleset.c - the rules loader (ruleset*.c) on small rule files the
 * test writes: what a good file loads into, and for each kind of broken
 * file the one problem it reports, as FILE:LINE: message with the file's
 * path and the line of the fault, and that nothing is loaded.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "pipeline/ruleset.h"

static char dir[] = "/tmp/pk-ruleset-XXXXXX";
static char path[64];
static pk_buf messages = PK_BUF_INIT; /* every message of the last load */
static int nerrors;

static void collect(void *ud, pk_severity sev, const char *msg)
{
	(void)ud;
	if (sev == PK_SEV_ERROR)
		nerrors++;
	pk_buf_puts(&messages, msg);
	pk_buf_putc(&messages, '\n');
}

/* Load text as the one file of a rules directory: its return code, the
 * ruleset in *out when out is not NULL (else it is freed). */
static int load(const char *text, pk_ruleset **out)
{
	pk_diag diag = { collect, NULL, NULL };
	pk_ruleset *rs = NULL;
	FILE *f = fopen(path, "w");
	int rc;

	pk_buf_clear(&messages);
	nerrors = 0;
	if (!f)
		return -100;
	fputs(text, f);
	fclose(f);
	rc = pk_ruleset_load(&rs, dir, &diag);
	if (out)
		*out = rs;
	else
		pk_ruleset_free(rs);
	return rc;
}

/* "DIR/test.rules:LINE: " */
static const char *at(int line)
{
	static char s[128];

	snprintf(s, sizeof s, "%s:%d: ", path, line);
	return s;
}

/* The last load failed with exactly one problem, at line, saying what. */
#define CHECK_ONE_PROBLEM(line, what) do { \
	CHECK_INT(1, nerrors); \
	CHECK_CONTAINS(at(line), messages.ptr); \
	CHECK_CONTAINS(what, messages.ptr); \
	} while (0)

static const char good[] =
	"[entity msit]\nclass = GovernmentBody\nko = 과학기술정보통신부\nalias = 과기정통부\n"
	"[entity country-kr]\nclass = Country\nko = 한국\n"
	"[title minister]\nko = 장관\nimplicit-org = msit\n"
	"[particles]\nsubject = 이 | 가\n"
	"[lexicon event-class]\nMeeting = 회의 | 장관 회의\n"
	"[lexicon date-relative]\nday-1 = 어제\nweek-1 = 지난주\n"
	"[define HOLD]\npattern = 개최 | 열었다\n"
	"[rule event.held]\nyield = event\ntrigger = @{HOLD}\n"
	"pattern = (?<organizer>@{GOV})@{P_SUBJECT} (?<name>\\S+ @{L_EVENT_CLASS})를? @{HOLD}\n"
	"[rule date.rel]\nyield = date\npattern = (?<rel>@{L_DATE_RELATIVE})\n";

static void test_ruleset__good_rules_load(void)
{
	pk_ruleset *rs = NULL;
	size_t ne = 0, nr = 0, nt = 0;

	CHECK_INT(0, load(good, &rs));
	CHECK_INT(0, nerrors);
	if (!rs)
		return;
	pk_ruleset_counts(rs, &ne, &nr, &nt);
	CHECK_INT(2, ne);
	CHECK_INT(2, nr);
	CHECK_INT(1, nt);
	CHECK_STR("msit", pk_ruleset_entity(rs, "msit")->id);
	CHECK(pk_ruleset_entity(rs, "mofa") == NULL);
	CHECK_STR("event.held", rs->rules[0].id);
	CHECK_INT(PK_YIELD_EVENT, rs->rules[0].yield);
	/* a rule's trigger is one clause (the words of HOLD) */
	CHECK_INT(1, rs->rules[0].tcount);
	CHECK_INT(0, rs->rules[1].tcount);
	pk_ruleset_free(rs);
}

static void test_ruleset__groups_get_their_roles(void)
{
	pk_ruleset *rs = NULL;
	const pk_rule *r;
	uint32_t g;
	int organizer = 0, name = 0, unnamed = 0;

	CHECK_INT(0, load(good, &rs));
	if (!rs)
		return;
	r = &rs->rules[0];
	for (g = 1; g <= r->ngroups; g++) {
		organizer += r->group_roles[g] == PK_ROLE_ORGANIZER;
		name += r->group_roles[g] == PK_ROLE_NAME;
		unnamed += r->group_roles[g] == PK_ROLE__COUNT;
	}
	CHECK_INT(1, organizer);
	CHECK_INT(1, name);
	/* the macros' own groups are (?:...), never capturing */
	CHECK_INT(0, unnamed);
	pk_ruleset_free(rs);
}

static void test_ruleset__lexicons_by_enum_ignore_spaces(void)
{
	pk_ruleset *rs = NULL;

	CHECK_INT(0, load(good, &rs));
	if (!rs)
		return;
	CHECK_STR("Meeting", pk_ruleset_lex(rs, PK_LEX_EVENT_CLASS, "장관회의", strlen("장관회의")));
	CHECK_STR("day-1", pk_ruleset_lex(rs, PK_LEX_DATE_RELATIVE, "어제", strlen("어제")));
	CHECK_STR("week-1", pk_ruleset_lexicon(rs, "date-relative", "지난 주", strlen("지난 주")));
	CHECK(pk_ruleset_lex(rs, PK_LEX_WEEKDAY, "월", strlen("월")) == NULL);
	CHECK(pk_ruleset_lexicon_of(rs, PK_LEX_EVENT_CLASS) != NULL);
	CHECK(pk_ruleset_lexicon_of(rs, PK_LEX_COREFERENCE) == NULL);
	pk_ruleset_free(rs);
}

static void test_ruleset__bad_pattern_names_its_line(void)
{
	CHECK_INT(PK_ERULES, load("[rule r1]\nyield = date\npattern = (?<d>\\d+\n", NULL));
	CHECK_ONE_PROBLEM(3, "bad pattern: missing closing parenthesis");
}

static void test_ruleset__misspelt_group_is_refused(void)
{
	CHECK_INT(PK_ERULES, load("# a comment\n[rule r1]\nyield = event\n"
		"pattern = (?<organiser>\\S+) 개최\n", NULL));
	CHECK_ONE_PROBLEM(2, "group (?<organiser>...) means nothing to yield event "
		"(its groups: class, name, location, organizer, participant, chair)");
}

/* the graph stage reads one chair; a second was dropped unread */
static void test_ruleset__second_chair_is_refused(void)
{
	CHECK_INT(PK_ERULES, load("[rule r1]\nyield = event\n"
		"pattern = (?<chair>\\S+) (?<chair2>\\S+) 주재\n", NULL));
	CHECK_ONE_PROBLEM(1, "(?<chair2>...)");
}

static void test_ruleset__numbered_groups_are_one_role(void)
{
	pk_ruleset *rs = NULL;

	CHECK_INT(0, load("[rule r1]\nyield = event\n"
		"pattern = (?<organizer>\\S+) (?<organizer2>\\S+) (?<participant3>\\S+) 개최\n", &rs));
	if (!rs)
		return;
	CHECK_INT(PK_ROLE_ORGANIZER, rs->rules[0].group_roles[1]);
	CHECK_INT(PK_ROLE_ORGANIZER, rs->rules[0].group_roles[2]);
	CHECK_INT(PK_ROLE_PARTICIPANT, rs->rules[0].group_roles[3]);
	pk_ruleset_free(rs);
}

static void test_ruleset__required_group_is_missing(void)
{
	CHECK_INT(PK_ERULES, load("[rule r1]\nyield = position\npattern = (?<name>\\S+) 장관\n", NULL));
	CHECK_ONE_PROBLEM(1, "yield position needs a group (?<title>...)");
}

static void test_ruleset__unknown_yield_is_one_problem(void)
{
	CHECK_INT(PK_ERULES, load("[rule r1]\nyield = meeting\npattern = (?<name>x)\n", NULL));
	CHECK_ONE_PROBLEM(2, "unknown yield 'meeting'");
}

/* The reported bug: a date-relative value the date stage has no unit for
 * passed and was read as some other unit. */
static void test_ruleset__relative_value_no_stage_knows(void)
{
	CHECK_INT(PK_ERULES, load("[lexicon date-relative]\nday-1 = 어제\nfortnight-1 = 보름 전\n", NULL));
	CHECK_ONE_PROBLEM(3, "lexicon date-relative: 'fortnight-1' is no value the extractor "
		"knows (year±N, month±N, week±N, day±N, same-day, past or future)");
	CHECK_INT(PK_ERULES, load("[lexicon date-relative]\nday-x = 어제\n", NULL));
	CHECK_ONE_PROBLEM(2, "'day-x' is no value");
}

static void test_ruleset__lexicon_value_of_a_class(void)
{
	CHECK_INT(PK_ERULES, load("[lexicon agreement-status]\nConcluded = 체결했다\nSigned = 서명했다\n", NULL));
	CHECK_ONE_PROBLEM(3, "(Concluded or Planned)");
	/* a lexicon no stage reads by name takes any value */
	CHECK_INT(0, load("[lexicon outlet]\n연합뉴스 = yna.co.kr\n", NULL));
}

static void test_ruleset__event_class_must_be_known(void)
{
	CHECK_INT(PK_ERULES, load("[rule r1]\nyield = event\nclass = Meting\npattern = (?<name>회의)\n", NULL));
	CHECK_ONE_PROBLEM(3, "class 'Meting' is no event class");
	CHECK_INT(PK_ERULES, load("[rule r1]\nyield = date\nclass = Meeting\npattern = (?<d>\\d+)일\n", NULL));
	CHECK_ONE_PROBLEM(3, "'class' is for event and organization rules");
}

static void test_ruleset__duplicate_id_names_the_first(void)
{
	char first[128];

	CHECK_INT(PK_ERULES, load("[rule r1]\nyield = date\npattern = (?<d>\\d+)일\n\n"
		"[rule r1]\nyield = date\npattern = (?<d>\\d+)일\n", NULL));
	snprintf(first, sizeof first, "(first at %s:1)", path);
	CHECK_ONE_PROBLEM(5, "duplicate rule id 'r1'");
	CHECK_CONTAINS(first, messages.ptr);
}

static void test_ruleset__unknown_key_names_its_line(void)
{
	CHECK_INT(PK_ERULES, load("[entity x]\nclass = Company\nko = 엑스\ncolour = blue\n", NULL));
	CHECK_ONE_PROBLEM(4, "unknown key 'colour' in [entity]");
}

static void test_ruleset__lines_outside_sections(void)
{
	CHECK_INT(PK_ERULES, load("ko = 엑스\n", NULL));
	CHECK_ONE_PROBLEM(1, "'key = value' before any section");
	CHECK_INT(PK_ERULES, load("[lexicon x]\nnot a pair\n", NULL));
	CHECK_ONE_PROBLEM(2, "expected 'key = value' or '[kind id]'");
	CHECK_INT(PK_ERULES, load("[lexicon x\n", NULL));
	CHECK_ONE_PROBLEM(1, "section header must be '[kind id]'");
	CHECK_INT(PK_ERULES, load("[spaceship x]\n", NULL));
	CHECK_ONE_PROBLEM(1, "unknown section kind 'spaceship'");
}

static void test_ruleset__invalid_utf8_names_line_and_byte(void)
{
	CHECK_INT(PK_ERULES, load("[entity x]\nclass = Company\nko = 엑스\nen = Ex\xff\n", NULL));
	CHECK_ONE_PROBLEM(4, "invalid UTF-8 at byte 7 of the line");
}

static void test_ruleset__unknown_macro_in_pattern_and_trigger(void)
{
	CHECK_INT(PK_ERULES, load("[rule r1]\nyield = date\npattern = @{NOPE}(?<d>\\d+)\n", NULL));
	CHECK_ONE_PROBLEM(3, "unknown macro '@{NOPE}'");
	CHECK_INT(PK_ERULES, load("[rule r1]\nyield = date\ntrigger = 일 & @{NOPE}\n"
		"pattern = (?<d>\\d+)일\n", NULL));
	CHECK_ONE_PROBLEM(3, "trigger: unknown macro '@{NOPE}'");
	CHECK_INT(PK_ERULES, load("[rule r1]\nyield = date\ntrigger = 일 | \npattern = (?<d>\\d+)일\n", NULL));
	CHECK_ONE_PROBLEM(3, "empty item in trigger");
}

/* A macro's expansion is made once and kept (ruleset_macro.c), but only
 * a whole one: a define that fails is reported at each rule that uses it,
 * and a define that works expands the same in every rule. */
static void test_ruleset__macro_kept_only_when_whole(void)
{
	CHECK_INT(PK_ERULES, load("[define BAD]\npattern = 가@{NOPE}\n"
		"[rule r1]\nyield = date\npattern = @{BAD}(?<d>\\d+)\n"
		"[rule r2]\nyield = date\npattern = (?<d>\\d+)@{BAD}\n", NULL));
	CHECK_INT(2, nerrors);
	/* both the define's problem, not a pattern cut short by it */
	CHECK(messages.ptr && strstr(messages.ptr, "unknown macro '@{NOPE}'") &&
		strstr(strstr(messages.ptr, "unknown macro '@{NOPE}'") + 1, "unknown macro '@{NOPE}'"));
	CHECK(messages.ptr && !strstr(messages.ptr, "bad pattern"));
	CHECK_INT(0, load("[define TWO]\npattern = (?:나|다)라\n"
		"[rule r1]\nyield = date\npattern = @{TWO}(?<d>\\d+)\n"
		"[rule r2]\nyield = date\npattern = (?<d>\\d+)@{TWO} @{TWO}\n", NULL));
	CHECK_INT(0, nerrors);
}

static void test_ruleset__trigger_define_must_be_words(void)
{
	CHECK_INT(PK_ERULES, load("[define NUM]\npattern = \\d+\n"
		"[rule r1]\nyield = date\ntrigger = @{NUM}\npattern = (?<d>@{NUM})일\n", NULL));
	CHECK_ONE_PROBLEM(5, "define 'NUM' is not a list of words");
}

static void test_ruleset__references_name_their_entry(void)
{
	CHECK_INT(PK_ERULES, load("[entity x]\nclass = Company\nko = 엑스\nparent = nowhere\n", NULL));
	CHECK_ONE_PROBLEM(1, "entity x: unknown parent 'nowhere'");
	CHECK_INT(PK_ERULES, load("\n[title t1]\nko = 장관\nimplicit-org = nowhere\n", NULL));
	CHECK_ONE_PROBLEM(2, "title t1: unknown implicit-org 'nowhere'");
}

static void test_ruleset__every_problem_is_reported(void)
{
	CHECK_INT(PK_ERULES, load("[entity x]\nclass = Spaceship\nko = 엑스\ncolour = blue\n"
		"[rule r1]\nyield = event\npattern = (?<organiser>x)\n", NULL));
	CHECK_INT(3, nerrors);
	CHECK_CONTAINS(at(2), messages.ptr);
	CHECK_CONTAINS(at(4), messages.ptr);
	CHECK_CONTAINS(at(5), messages.ptr);
}

static void test_ruleset__missing_directory(void)
{
	pk_diag diag = { collect, NULL, NULL };
	pk_ruleset *rs = NULL;

	pk_buf_clear(&messages);
	nerrors = 0;
	CHECK_INT(PK_ERULES, pk_ruleset_load(&rs, "/nonexistent/pk-rules", &diag));
	CHECK(rs == NULL);
	CHECK_CONTAINS("/nonexistent/pk-rules: ", messages.ptr);
}

static const pk_test tests[] = {
	PK_TEST(test_ruleset__good_rules_load),
	PK_TEST(test_ruleset__groups_get_their_roles),
	PK_TEST(test_ruleset__lexicons_by_enum_ignore_spaces),
	PK_TEST(test_ruleset__bad_pattern_names_its_line),
	PK_TEST(test_ruleset__misspelt_group_is_refused),
	PK_TEST(test_ruleset__second_chair_is_refused),
	PK_TEST(test_ruleset__numbered_groups_are_one_role),
	PK_TEST(test_ruleset__required_group_is_missing),
	PK_TEST(test_ruleset__unknown_yield_is_one_problem),
	PK_TEST(test_ruleset__relative_value_no_stage_knows),
	PK_TEST(test_ruleset__lexicon_value_of_a_class),
	PK_TEST(test_ruleset__event_class_must_be_known),
	PK_TEST(test_ruleset__duplicate_id_names_the_first),
	PK_TEST(test_ruleset__unknown_key_names_its_line),
	PK_TEST(test_ruleset__lines_outside_sections),
	PK_TEST(test_ruleset__invalid_utf8_names_line_and_byte),
	PK_TEST(test_ruleset__unknown_macro_in_pattern_and_trigger),
	PK_TEST(test_ruleset__macro_kept_only_when_whole),
	PK_TEST(test_ruleset__trigger_define_must_be_words),
	PK_TEST(test_ruleset__references_name_their_entry),
	PK_TEST(test_ruleset__every_problem_is_reported),
	PK_TEST(test_ruleset__missing_directory),
};

static int test_ruleset__setup(void)
{
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/test.rules", dir);
	return 0;
}

static void test_ruleset__teardown(void)
{
	unlink(path);
	rmdir(dir);
	pk_buf_free(&messages);
}

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, test_ruleset__setup, test_ruleset__teardown);
}
