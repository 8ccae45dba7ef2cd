/*
 * test_schema.c - the one table of what rules may output (src/pipeline/schema.c):
 * names of roles and yields, the values a lexicon may have, how the date
 * stage reads date-relative, and that rules/README.md shows the tables the
 * schema writes, so the two cannot drift apart.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pipeline/schema.h"

static void test_schema__role_names_round_trip(void)
{
	int r;

	for (r = 0; r < PK_ROLE__COUNT; r++) {
		pk_role back = PK_ROLE__COUNT;

		CHECK_INT(0, pk_role_by_name(&back, pk_role_name((pk_role)r)));
		CHECK_INT(r, back);
	}
}

static void test_schema__numbered_role_takes_digits(void)
{
	pk_role r = PK_ROLE__COUNT;

	CHECK_INT(0, pk_role_by_name(&r, "organizer2"));
	CHECK_INT(PK_ROLE_ORGANIZER, r);
	CHECK_INT(0, pk_role_by_name(&r, "participant13"));
	CHECK_INT(PK_ROLE_PARTICIPANT, r);
	/* a name with digits of its own is its own role, not title + 2 */
	CHECK_INT(0, pk_role_by_name(&r, "title2"));
	CHECK_INT(PK_ROLE_TITLE2, r);
	CHECK_INT(0, pk_role_by_name(&r, "d2"));
	CHECK_INT(PK_ROLE_D2, r);
}

static void test_schema__unnumbered_role_refuses_digits(void)
{
	pk_role r;

	/* the graph stage reads one chair: a second would be dropped unread */
	CHECK_INT(-1, pk_role_by_name(&r, "chair2"));
	CHECK_INT(-1, pk_role_by_name(&r, "name2"));
	CHECK_INT(-1, pk_role_by_name(&r, "organiser"));
	CHECK_INT(-1, pk_role_by_name(&r, ""));
}

static void test_schema__every_role_belongs_to_a_yield(void)
{
	int r, y, found;

	for (r = 0; r < PK_ROLE__COUNT; r++) {
		for (y = 0, found = 0; y < PK_YIELD__COUNT; y++)
			found |= pk_schema_group_of((pk_yield)y, (pk_role)r) != NULL;
		if (!found)
			fprintf(stderr, "role %s is in no yield\n", pk_role_name((pk_role)r));
		CHECK(found);
	}
}

static void test_schema__one_anchor_of_each_rank_per_yield(void)
{
	int r, y;

	for (y = 0; y < PK_YIELD__COUNT; y++) {
		int rank[3] = { 0, 0, 0 };

		for (r = 0; r < PK_ROLE__COUNT; r++) {
			const pk_schema_group *g = pk_schema_group_of((pk_yield)y, (pk_role)r);

			if (g && g->anchor >= 1 && g->anchor <= 2)
				rank[g->anchor]++;
		}
		CHECK(rank[1] <= 1);
		CHECK(rank[2] <= rank[1]);
	}
}

static void test_schema__groups_of_a_yield(void)
{
	pk_buf b = PK_BUF_INIT;

	CHECK_INT(0, pk_schema_groups_text(&b, PK_YIELD_EVENT));
	CHECK_STR("class, name, location, organizer, participant, chair", b.ptr);
	CHECK(pk_schema_group_of(PK_YIELD_POSITION, PK_ROLE_NAME)->required);
	CHECK(pk_schema_group_of(PK_YIELD_EVENT, PK_ROLE_ORGANIZER) != NULL);
	CHECK(pk_schema_group_of(PK_YIELD_DATE, PK_ROLE_ORGANIZER) == NULL);
	pk_buf_free(&b);
}

static void test_schema__yield_and_lexicon_names(void)
{
	CHECK_STR("organization", pk_yield_name(PK_YIELD_ORG));
	CHECK_INT(PK_YIELD_ORG, pk_yield_by_name("organization"));
	CHECK_INT(PK_YIELD__COUNT, pk_yield_by_name("meeting"));
	CHECK_STR("date-relative", pk_lex_name(PK_LEX_DATE_RELATIVE));
	CHECK_INT(PK_LEX_EVENT_PART_OF, pk_lex_by_name("event-part-of"));
	CHECK_INT(PK_LEX_NONE, pk_lex_by_name("outlet"));
}

/* The reported bug: 어제 = day-1 passed rules check and was read as a
 * week.  A unit the date stage knows is read as that unit; any other is
 * no value. */
static void test_schema__relative_day_is_a_day(void)
{
	pk_schema_rel r;

	CHECK_INT(1, pk_schema_relative(&r, "day-1"));
	CHECK_INT(PK_REL_DAY, r.unit);
	CHECK_INT(-1, r.offset);
	CHECK_INT(1, pk_schema_relative(&r, "week+1"));
	CHECK_INT(PK_REL_WEEK, r.unit);
	CHECK_INT(1, r.offset);
	CHECK_INT(1, pk_schema_relative(&r, "year+0"));
	CHECK_INT(PK_REL_YEAR, r.unit);
	CHECK_INT(0, r.offset);
}

static void test_schema__relative_directions_and_same_day(void)
{
	pk_schema_rel r;

	CHECK_INT(1, pk_schema_relative(&r, "past"));
	CHECK_INT(-1, r.direction);
	CHECK_INT(PK_REL_NONE, r.unit);
	CHECK_INT(1, pk_schema_relative(&r, "future"));
	CHECK_INT(1, r.direction);
	CHECK_INT(1, pk_schema_relative(&r, "same-day"));
	CHECK_INT(1, r.same_day);
}

static void test_schema__relative_unknown_values_are_refused(void)
{
	pk_schema_rel r;

	CHECK_INT(0, pk_schema_relative(&r, "fortnight-1"));
	CHECK_INT(0, pk_schema_relative(&r, "day-x"));
	CHECK_INT(0, pk_schema_relative(&r, "day-"));
	CHECK_INT(0, pk_schema_relative(&r, "day1"));
	CHECK_INT(0, pk_schema_relative(&r, "day-101"));
	CHECK_INT(0, pk_schema_value_ok(PK_LEX_DATE_RELATIVE, "days-1"));
	CHECK_INT(1, pk_schema_value_ok(PK_LEX_DATE_RELATIVE, "day+100"));
}

static void test_schema__lexicon_values(void)
{
	pk_buf b = PK_BUF_INIT;

	CHECK_INT(1, pk_schema_value_ok(PK_LEX_AGREEMENT_STATUS, "Planned"));
	CHECK_INT(0, pk_schema_value_ok(PK_LEX_AGREEMENT_STATUS, "planned"));
	CHECK_INT(1, pk_schema_value_ok(PK_LEX_WEEKDAY, "7"));
	CHECK_INT(0, pk_schema_value_ok(PK_LEX_WEEKDAY, "8"));
	CHECK_INT(1, pk_schema_value_ok(PK_LEX_MONTH, "12"));
	CHECK_INT(0, pk_schema_value_ok(PK_LEX_MONTH, "13"));
	CHECK_INT(1, pk_schema_event_class_ok("Ceremony"));
	CHECK_INT(0, pk_schema_event_class_ok("Meting"));
	/* values nobody interprets: anything goes */
	CHECK_INT(1, pk_schema_value_ok(PK_LEX_UNIT_HEAD, "whatever"));
	CHECK_INT(1, pk_schema_value_ok(PK_LEX_NONE, "whatever"));
	CHECK_INT(0, pk_schema_values_text(&b, PK_LEX_AGREEMENT_STATUS));
	CHECK_STR("Concluded or Planned", b.ptr);
	pk_buf_free(&b);
}

/* rules/README.md shows, between its schema markers, exactly what
 * `policykg rules schema` writes. */
static void test_schema__readme_shows_the_schema(void)
{
	static const char begin[] = "<!-- schema: begin (policykg rules schema) -->\n";
	static const char end[] = "<!-- schema: end -->";
	pk_buf want = PK_BUF_INIT;
	char *readme = NULL, *a, *b;
	size_t len = 0;

	CHECK_INT(0, pk_file_read(&readme, &len, PK_SOURCE_DIR "/rules/README.md", NULL));
	CHECK_INT(0, pk_schema_markdown(&want));
	a = readme ? strstr(readme, begin) : NULL;
	b = a ? strstr(a, end) : NULL;
	CHECK(a != NULL && b != NULL);
	if (a && b) {
		a += strlen(begin);
		*b = '\0';
		if (strcmp(want.ptr, a) != 0)
			fprintf(stderr, "rules/README.md differs from the schema: put the output of "
				"`policykg rules schema` between its schema markers\n");
		CHECK_STR(want.ptr, a);
	}
	free(readme);
	pk_buf_free(&want);
}

static const pk_test tests[] = {
	PK_TEST(test_schema__role_names_round_trip),
	PK_TEST(test_schema__numbered_role_takes_digits),
	PK_TEST(test_schema__unnumbered_role_refuses_digits),
	PK_TEST(test_schema__every_role_belongs_to_a_yield),
	PK_TEST(test_schema__one_anchor_of_each_rank_per_yield),
	PK_TEST(test_schema__groups_of_a_yield),
	PK_TEST(test_schema__yield_and_lexicon_names),
	PK_TEST(test_schema__relative_day_is_a_day),
	PK_TEST(test_schema__relative_directions_and_same_day),
	PK_TEST(test_schema__relative_unknown_values_are_refused),
	PK_TEST(test_schema__lexicon_values),
	PK_TEST(test_schema__readme_shows_the_schema),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
