/*
 * test_gazetteer.c - particle-aware, longest-match gazetteer matching,
 * on a small rules directory written by the test.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "pipeline/gazetteer.h"
#include "pipeline/ruleset.h"

static pk_ruleset *rs;

static const char *const rules_text =
	"[entity mofa]\nclass = GovernmentBody\nko = 외교부\n"
	"[entity msit]\nclass = GovernmentBody\nko = 과학기술정보통신부\nalias = 과기정통부 | MSIT\n"
	"[entity uk-cabinet-office]\nclass = GovernmentBody\nko = 영국 내각부\ncountry = country-gb\n"
	"[entity apec]\nclass = InternationalOrganization\nko = 아시아태평양경제협력체\nalias = APEC\n"
	"[entity country-kr]\nclass = Country\nko = 대한민국\nalias = 한국\nabbr = 한 | 韓\nglue = 영 | 중\n"
	"[entity country-gb]\nclass = Country\nko = 영국\nabbr = 영 | 英\n"
	"[entity country-cn]\nclass = Country\nko = 중국\nabbr = 중\nglue = 일\n"
	"[entity country-jp]\nclass = Country\nko = 일본\nabbr = 일\n"
	"[entity country-in]\nclass = Country\nko = 인도\nabbr = 인\n"
	"[title minister]\nko = 장관\n"
	"[particles]\ntopic = 은 | 는 | 이 | 가\nwith = 와 | 과 | 와의\ngenitive = 의\n";

/* Matches of s as "id/particle-group/glued" joined by spaces. */
static char *find(const char *s)
{
	static char out[512];
	pk_gaz_match *m = NULL;
	size_t n = 0, i;

	out[0] = '\0';
	if (pk_gazetteer_find(&m, &n, rs->gaz, s, strlen(s)) < 0)
		return strcpy(out, "ERROR");
	for (i = 0; i < n; i++) {
		size_t len = strlen(out);

		snprintf(out + len, sizeof out - len, "%s%s/%s%s", i ? " " : "", m[i].ent->id,
			m[i].particle >= 0 ? rs->particles[m[i].particle].name : "-",
			m[i].glued_title ? "/title" : "");
	}
	free(m);
	return out;
}

static void test_gazetteer__topic_particle_is_kept(void)
{
	pk_gaz_match *m = NULL;
	size_t n = 0;
	const char *s = "외교부는 밝혔다";

	CHECK_STR("mofa/topic", find(s));
	CHECK_INT(0, pk_gazetteer_find(&m, &n, rs->gaz, s, strlen(s)));
	CHECK_INT(1, n);
	if (n == 1) {
		CHECK_INT(0, m[0].start);
		CHECK_INT(strlen("외교부"), m[0].end);
		CHECK_INT(strlen("외교부는"), m[0].pend);
	}
	free(m);
}

static void test_gazetteer__partner_particle_on_alias(void)
{
	CHECK_STR("msit/with", find("과기정통부와 협력했다"));
}

static void test_gazetteer__multiword_name_wins_over_its_prefix(void)
{
	CHECK_STR("uk-cabinet-office/with", find("영국 내각부와 체결"));
	CHECK_STR("country-gb/-", find("영국 런던"));
}

static void test_gazetteer__latin_name_with_genitive(void)
{
	CHECK_STR("apec/genitive", find("APEC의 공동 비전"));
}

static void test_gazetteer__glued_hangul_is_not_a_match(void)
{
	CHECK_STR("", find("한국어 교육"));
	CHECK_STR("", find("외교부처 간"));
	CHECK_STR("", find("주영국 대사관"));
}

static void test_gazetteer__glued_latin_is_not_a_match(void)
{
	CHECK_STR("", find("APECs and MSITx"));
}

static void test_gazetteer__glued_title_matches(void)
{
	CHECK_STR("msit/-/title", find("과학기술정보통신부장관"));
}

static void test_gazetteer__abbreviations_only_in_pairs(void)
{
	CHECK_STR("country-kr/- country-gb/-", find("한-영 디지털 파트너십"));
	CHECK_STR("country-kr/- country-gb/-", find("韓-英 협력"));
	CHECK_STR("country-kr/- country-gb/-", find("한·영 관계"));
	CHECK_STR("", find("영 협력"));
	CHECK_STR("", find("한 사람"));
}

/* issue 13: 한영 and 한중일 with no joiner, but only the pairs glue lists */
static void test_gazetteer__glued_abbreviations_pair_as_listed(void)
{
	CHECK_STR("country-kr/- country-gb/-", find("한영 디지털 파트너십"));
	CHECK_STR("country-kr/- country-gb/topic", find("한영은 협력한다"));
	CHECK_STR("country-kr/- country-cn/- country-jp/-", find("한중일 정상회의"));
	/* 중인: 중 does not glue 인; 한국인: a name glued to Hangul */
	CHECK_STR("", find("마련 중인 신고 제도"));
	CHECK_STR("", find("한영외고"));
	CHECK_STR("", find("한인 사회"));
}

static void test_gazetteer__every_match_is_reported_in_text_order(void)
{
	CHECK_STR("mofa/with msit/topic", find("외교부와 과기정통부는"));
}

static void test_gazetteer__article_alias_matches_like_a_name(void)
{
	pk_gaz_alias al = { (char *)"외교", NULL };
	pk_gaz_match *m = NULL;
	size_t n = 0;
	const char *s = "외교는 밝혔다. 외교관";

	al.ent = &rs->entities[0];
	CHECK_INT(0, pk_gazetteer_find_with(&m, &n, rs->gaz, &al, 1, s, strlen(s)));
	CHECK_INT(1, n); /* 외교는 (topic particle), not 외교관 (glued) */
	if (n == 1) {
		CHECK_STR("mofa", m[0].ent->id);
		CHECK_INT(0, m[0].start);
	}
	free(m);
}

static const pk_test tests[] = {
	PK_TEST(test_gazetteer__topic_particle_is_kept),
	PK_TEST(test_gazetteer__partner_particle_on_alias),
	PK_TEST(test_gazetteer__multiword_name_wins_over_its_prefix),
	PK_TEST(test_gazetteer__latin_name_with_genitive),
	PK_TEST(test_gazetteer__glued_hangul_is_not_a_match),
	PK_TEST(test_gazetteer__glued_latin_is_not_a_match),
	PK_TEST(test_gazetteer__glued_title_matches),
	PK_TEST(test_gazetteer__abbreviations_only_in_pairs),
	PK_TEST(test_gazetteer__glued_abbreviations_pair_as_listed),
	PK_TEST(test_gazetteer__every_match_is_reported_in_text_order),
	PK_TEST(test_gazetteer__article_alias_matches_like_a_name),
};

/* The rules above, written to a file of a fresh directory and loaded. */
static char test_gazetteer__dir[] = "/tmp/pk-gaz-XXXXXX";
static char test_gazetteer__path[64];

static int test_gazetteer__setup(void)
{
	FILE *f;

	if (!mkdtemp(test_gazetteer__dir))
		return -1;
	snprintf(test_gazetteer__path, sizeof test_gazetteer__path, "%s/test.rules",
		test_gazetteer__dir);
	f = fopen(test_gazetteer__path, "w");
	if (!f)
		return -1;
	fputs(rules_text, f);
	fclose(f);
	if (pk_ruleset_load(&rs, test_gazetteer__dir, NULL) < 0) {
		fprintf(stderr, "could not load test rules\n");
		return -1;
	}
	return 0;
}

static void test_gazetteer__teardown(void)
{
	pk_ruleset_free(rs);
	unlink(test_gazetteer__path);
	rmdir(test_gazetteer__dir);
}

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, test_gazetteer__setup, test_gazetteer__teardown);
}
