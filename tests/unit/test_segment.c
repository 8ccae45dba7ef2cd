/*
 * test_segment.c - the segmentation stage: ICU's sentence breaks and the
 * repairs for news prose (line breaks, brackets, quotes, ellipses, dates),
 * on small cases and on every seed article after normalization.
 */
#include "pipeline/segment.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pipeline/normalize.h"

#ifndef PK_SOURCE_DIR
#define PK_SOURCE_DIR "/work/main"
#endif

static pk_segmenter *seg;
static pk_normalizer *norm;

/* The result of the last split(): the normalized text and its sentences. */
static char *text;
static pk_span *spans;
static size_t nspans;
static char *sentence_buf;

/* Normalize s and split it; returns the number of sentences, -1 on error. */
static long split(const char *s)
{
	free(text);
	free(spans);
	text = NULL;
	spans = NULL;
	nspans = 0;
	if (pk_normalize_str(&text, norm, s) < 0)
		return -1;
	if (pk_segment(&spans, &nspans, seg, text, strlen(text)) < 0)
		return -1;
	return (long)nspans;
}

/* Sentence i of the last split(), as a string. */
static const char *sentence(size_t i)
{
	free(sentence_buf);
	sentence_buf = NULL;
	if (i >= nspans)
		return NULL;
	sentence_buf = pk_strndup(text + spans[i].start,
		spans[i].end - spans[i].start);
	return sentence_buf;
}

static int is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Spans in order, non-overlapping, in range, trimmed and non-empty. */
static int spans_are_sane(const pk_span *v, size_t n, const char *t,
	size_t len)
{
	size_t i, prev = 0;

	for (i = 0; i < n; i++) {
		if (v[i].start < prev || v[i].end <= v[i].start || v[i].end > len)
			return 0;
		if (is_space(t[v[i].start]) || is_space(t[v[i].end - 1]))
			return 0;
		if (((unsigned char)t[v[i].start] & 0xC0) == 0x80 ||
		    (v[i].end < len && ((unsigned char)t[v[i].end] & 0xC0) == 0x80))
			return 0;
		prev = v[i].end;
	}
	return 1;
}

static void test_segment__korean_da_ends_sentence(void)
{
	CHECK_INT(2, split("과기정통부는 4일 인천에서 회의를 개최하였다고 밝혔다. "
		"이번 회의는 배경훈 장관이 의장을 맡아 주재하였다."));
	CHECK_STR("과기정통부는 4일 인천에서 회의를 개최하였다고 밝혔다.", sentence(0));
	CHECK_STR("이번 회의는 배경훈 장관이 의장을 맡아 주재하였다.", sentence(1));
}

static void test_segment__question_and_exclamation_end_sentences(void)
{
	CHECK_INT(3, split("정말 가능할까? 가능하다! 그렇게 믿는다."));
	CHECK_STR("가능하다!", sentence(1));
}

static void test_segment__quotes_do_not_split(void)
{
	CHECK_INT(1, split("배경훈 부총리는 \u201C국민이 체감하는 AI 시대의 첫 걸음. "
		"모두가 함께 누리는 성과다.\u201D이라며, \u201C인공 지능 기본사회를 "
		"열어 갈 계획이다. 지원을 아끼지 않겠다.\u201D라고 밝혔다."));
	CHECK_INT(2, split("장관은 \u201C협력을 강화하겠다. 지원도 늘린다.\u201D고 말했다. "
		"회의는 오후에 끝났다."));
	CHECK_STR("회의는 오후에 끝났다.", sentence(1));
}

static void test_segment__single_quotes_do_not_split(void)
{
	CHECK_INT(2, split("장관은 \u2018안전이 먼저다. 속도는 그 다음이다\u2019라고 "
		"강조했다. 회의는 끝났다."));
	CHECK_STR("회의는 끝났다.", sentence(1));
}

static void test_segment__brackets_do_not_split(void)
{
	CHECK_INT(2, split("협정(제1조. 목적, 제2조. 정의)을 체결했다. 다음 회의는 "
		"내년이다."));
	CHECK_INT(2, split("「AI 기본법. 시행령」에 따라 추진한다. 예산은 늘었다."));
}

static void test_segment__stray_quote_does_not_glue_sentences(void)
{
	CHECK_INT(3, split("그는 \"말했다. 이번 회의는 끝났다. 다음 회의는 내년이다."));
	CHECK_INT(2, split("예산(안은 늘었다. 이번 회의는 끝났다."));
}

static void test_segment__newline_always_splits(void)
{
	CHECK_INT(2, split("과기정통부, APEC 장관들과 디지털\u00B7AI 전환 논의\n"
		"과기정통부는 4일 회의를 개최하였다고 밝혔다."));
	CHECK_STR("과기정통부, APEC 장관들과 디지털\u00B7AI 전환 논의", sentence(0));
	/* a line break wins over an open quote or bracket */
	CHECK_INT(4, split("그는 \u201C첫 줄\n둘째 줄\u201D이라고 했다. (괄호\n안)"));
	CHECK_STR("둘째 줄\"이라고 했다.", sentence(1));
}

static void test_segment__headline_ellipsis_stays_whole(void)
{
	CHECK_INT(1, split("美 상무부, 韓 대사와 회담... 협력 논의"));
	CHECK_INT(1, split("디지털\u00B7AI 전환 논의...장관회의 최초 개최"));
	CHECK_INT(1, split("韓-英 디지털 파트너십 강화\u2026 AI\u00B76G 협력"));
	CHECK_INT(2, split("회의는 끝났다... 다음 회의는 내년이다."));
}

static void test_segment__dates_initials_and_urls_do_not_split(void)
{
	CHECK_INT(1, split("2025. 8. 4. 과기정통부가 발표했다."));
	CHECK_INT(2, split("U.S. 상무부가 발표했다. 한국도 참여했다."));
	CHECK_INT(1, split("원문: https://www.mofa.go.kr/www/view.do?seq=374981"));
}

/* issue 13: English titles after an abbreviation stay with their name */
static void test_segment__english_abbreviations_do_not_split(void)
{
	CHECK_INT(1, split("He met U.S. President Donald Trump on Monday."));
	CHECK_INT(1, split("Mr. Lee met officials in Sept. 2024 in Seoul."));
	CHECK_INT(2, split("The talks ended. Officials left."));
}

static void test_segment__spans_trimmed_and_in_order(void)
{
	const char *t = "  가다.   나다. \n\n 다 \n";
	pk_span *v = NULL;
	size_t n = 0;

	CHECK_INT(0, pk_segment(&v, &n, seg, t, strlen(t)));
	CHECK_INT(3, n);
	if (n == 3) {
		CHECK_INT(2, v[0].start);
		CHECK_INT(9, v[0].end);
		CHECK_INT(12, v[1].start);
		CHECK_INT(19, v[1].end);
		CHECK_INT(23, v[2].start);
		CHECK_INT(26, v[2].end);
	}
	CHECK(spans_are_sane(v, n, t, strlen(t)));
	free(v);
}

static void test_segment__empty_text_has_no_sentences(void)
{
	pk_span *v = NULL;
	size_t n = 7;

	CHECK_INT(0, pk_segment(&v, &n, seg, "", 0));
	CHECK_INT(0, n);
	free(v);
	CHECK_INT(0, pk_segment(&v, &n, seg, " \n\n ", 4));
	CHECK_INT(0, n);
	free(v);
}

static void check_seed(const char *path)
{
	pk_ntext t = PK_NTEXT_INIT;
	pk_span *v = NULL;
	size_t n = 0, i;
	char *in = NULL;
	size_t len = 0;

	CHECK_INT(0, pk_file_read(&in, &len, path, NULL));
	if (!in)
		return;
	CHECK_INT(0, pk_normalize(&t, norm, in, len));
	if (t.text) {
		CHECK_INT(0, pk_segment(&v, &n, seg, t.text, t.len));
		CHECK(n > 1);
		CHECK(spans_are_sane(v, n, t.text, t.len));
		for (i = 0; i < n; i++)
			CHECK(memchr(t.text + v[i].start, '\n',
				v[i].end - v[i].start) == NULL);
	}
	free(v);
	pk_ntext_free(&t);
	free(in);
}

static void test_segment__seeds_split_sanely(void)
{
	const char *dir = PK_SOURCE_DIR "/seeds";
	struct dirent *de;
	DIR *d = opendir(dir);
	pk_buf path = PK_BUF_INIT;
	int seen = 0;

	CHECK(d != NULL);
	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0)
			continue;
		pk_buf_clear(&path);
		CHECK_INT(0, pk_buf_printf(&path, "%s/%s", dir, de->d_name));
		check_seed(path.ptr);
		seen++;
	}
	closedir(d);
	pk_buf_free(&path);
	CHECK(seen > 0);
}

static const pk_test tests[] = {
	PK_TEST(test_segment__korean_da_ends_sentence),
	PK_TEST(test_segment__question_and_exclamation_end_sentences),
	PK_TEST(test_segment__quotes_do_not_split),
	PK_TEST(test_segment__single_quotes_do_not_split),
	PK_TEST(test_segment__brackets_do_not_split),
	PK_TEST(test_segment__stray_quote_does_not_glue_sentences),
	PK_TEST(test_segment__newline_always_splits),
	PK_TEST(test_segment__headline_ellipsis_stays_whole),
	PK_TEST(test_segment__dates_initials_and_urls_do_not_split),
	PK_TEST(test_segment__english_abbreviations_do_not_split),
	PK_TEST(test_segment__spans_trimmed_and_in_order),
	PK_TEST(test_segment__empty_text_has_no_sentences),
	PK_TEST(test_segment__seeds_split_sanely),
};

static int test_segment__setup(void)
{
	if (pk_segmenter_new(&seg, NULL) < 0 || pk_normalizer_new(&norm, NULL) < 0)
		return -1;
	return 0;
}

static void test_segment__teardown(void)
{
	free(text);
	free(spans);
	free(sentence_buf);
	pk_normalizer_free(norm);
	pk_segmenter_free(seg);
}

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, test_segment__setup, test_segment__teardown);
}
