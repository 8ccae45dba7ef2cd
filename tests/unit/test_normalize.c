/*
 * test_normalize.c - the normalization stage: NFKC, the folds, the white
 * space rules and the map back to the input, on small cases and on every
 * seed article.
 */
#include "pipeline/normalize.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#ifndef PK_SOURCE_DIR
#define PK_SOURCE_DIR "/work/main"
#endif

static pk_normalizer *norm;
static char *last_result;

/* Normalize s; the result is valid until the next call. */
static const char *normalized(const char *s)
{
	free(last_result);
	last_result = NULL;
	if (pk_normalize_str(&last_result, norm, s) < 0)
		return NULL;
	return last_result;
}

static int map_is_sane(const pk_ntext *t, size_t inlen)
{
	size_t i;

	if (!t->orig || t->orig[t->len] != inlen)
		return 0;
	for (i = 0; i < t->len; i++)
		if (t->orig[i] > t->orig[i + 1] || t->orig[i] > inlen)
			return 0;
	return 1;
}

static int utf8_is_valid(const char *s, size_t len)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < len) {
		k = pk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

static int contains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

static void test_normalize__interpuncts_fold_to_middle_dot(void)
{
	CHECK_STR("A\xC2\xB7" "B\xC2\xB7" "C\xC2\xB7" "D\xC2\xB7" "E\xC2\xB7"
		"F\xC2\xB7" "G\xC2\xB7" "H\xC2\xB7" "I",
		normalized("A\u30FB" "B\uFF65" "C\u22C5" "D\u2027" "E\u2219"
			"F\u318D" "G\u16EB" "H\u00B7" "I"));
	CHECK_STR("디지털\xC2\xB7" "AI", normalized("디지털・AI"));
}

static void test_normalize__quotes_fold_to_straight(void)
{
	CHECK_STR("'a' 'b' ' '", normalized("\u2018a\u2019 \u201Ab\u201B \u2032 \uFF07"));
	CHECK_STR("\"c\" \"d\" \" \"",
		normalized("\u201C" "c\u201D \u201E" "d\u201F \u2033 \uFF02"));
}

static void test_normalize__dashes_fold_to_hyphen(void)
{
	CHECK_STR("a-b-c-d-e-f-g-h-i-j-k",
		normalized("a\u2010" "b\u2011" "c\u2012" "d\u2013" "e\u2014"
			"f\u2015" "g\u2212" "h\uFE58" "i\uFE63" "j\uFF0D" "k"));
}

/* issue 13: 4∼5일 (U+223C), 4〜5일 (U+301C), 4～5일 (U+FF5E) are ranges */
static void test_normalize__tildes_fold_to_tilde(void)
{
	CHECK_STR("4~5일 4~5일 4~5일 a~b a~b",
		normalized("4∼" "5일 4〜" "5일 4～" "5일 a⁓" "b a˜" "b"));
}

static void test_normalize__cjk_brackets_kept(void)
{
	CHECK_STR("「a」『b』《c》〈d〉", normalized("「a」『b』《c》〈d〉"));
}

static void test_normalize__nfkc_applies(void)
{
	CHECK_STR("AB12", normalized("ＡＢ１２"));
	CHECK_STR("(주)", normalized("\u321C"));
	CHECK_STR("km2", normalized("\u33A2"));
	CHECK_STR("가", normalized("\u1100\u1161"));
}

static void test_normalize__decomposed_hangul_composes(void)
{
	pk_ntext t = PK_NTEXT_INIT;
	const char *in = "\u1100\u1161 \u1112\u1161\u11AB";

	CHECK_INT(0, pk_normalize(&t, norm, in, strlen(in)));
	CHECK_STR("\uAC00 \uD55C", t.text);
	CHECK_INT(7, t.len);
	if (t.len == 7) {
		CHECK_INT(0, t.orig[0]);
		CHECK_INT(0, t.orig[2]);
		CHECK_INT(6, t.orig[3]);
		CHECK_INT(7, t.orig[4]);
		CHECK_INT(7, t.orig[6]);
		CHECK_INT(strlen(in), t.orig[7]);
	}
	pk_ntext_free(&t);
}

/* Printable ASCII and Hangul syllables skip ICU's boundary test; what
 * follows them must still compose with them. */
static void test_normalize__plain_then_combining_composes(void)
{
	CHECK_STR("caf\u00E9 \uAC01", normalized("cafe\u0301 \uAC00\u11A8"));
	CHECK_STR("\u1E0A\uAC00", normalized("D\u0307\uAC00"));
}

static void test_normalize__offsets_point_back_to_source(void)
{
	pk_ntext t = PK_NTEXT_INIT;
	const char *in = "\uFF21\uFF22";
	const char *in2 = "  가\u00A0\u00A0나\r\n다";

	CHECK_INT(0, pk_normalize(&t, norm, in, strlen(in)));
	CHECK_STR("AB", t.text);
	CHECK_INT(2, t.len);
	if (t.len == 2) {
		CHECK_INT(0, t.orig[0]);
		CHECK_INT(3, t.orig[1]);
		CHECK_INT(6, t.orig[2]);
	}
	pk_ntext_free(&t);

	/* "가 나\n다": 가 at 2, the first NBSP at 5, 나 at 9, CR at 12, 다 at 14 */
	CHECK_INT(0, pk_normalize(&t, norm, in2, strlen(in2)));
	CHECK_STR("가 나\n다", t.text);
	CHECK_INT(11, t.len);
	if (t.len == 11) {
		CHECK_INT(2, t.orig[0]);
		CHECK_INT(2, t.orig[2]);
		CHECK_INT(5, t.orig[3]);
		CHECK_INT(9, t.orig[4]);
		CHECK_INT(12, t.orig[7]);
		CHECK_INT(14, t.orig[8]);
		CHECK_INT(strlen(in2), t.orig[11]);
	}
	CHECK(map_is_sane(&t, strlen(in2)));
	pk_ntext_free(&t);
}

/* A run of ASCII and Hangul syllables (and single spaces) is copied
 * whole (normalize.c): its last character is still held back for what may
 * combine with it, and every byte maps to the first byte of its own
 * character. */
static void test_normalize__plain_run_maps_each_character(void)
{
	pk_ntext t = PK_NTEXT_INIT;
	const char *in = "ab\uAC00\uB098\uB2E4e\u0301 \uAC00\uB098\u11A8.";
	static const size_t want[] = { 0, 1, 2, 2, 2, 5, 5, 5, 8, 8, 8, 11, 11,
		14, 15, 15, 15, 18, 18, 18, 24 };
	size_t i;

	CHECK_INT(0, pk_normalize(&t, norm, in, strlen(in)));
	CHECK_STR("ab\uAC00\uB098\uB2E4\u00E9 \uAC00\uB099.", t.text);
	CHECK_INT(sizeof want / sizeof want[0], t.len);
	for (i = 0; i < t.len && i < sizeof want / sizeof want[0]; i++)
		CHECK_INT(want[i], t.orig[i]);
	CHECK(map_is_sane(&t, strlen(in)));
	pk_ntext_free(&t);

	/* one space inside the run is copied too; two are one, the second
	 * dropped; a space before a line break is trimmed */
	CHECK_INT(0, pk_normalize(&t, norm, "a b  c \nd", 9));
	CHECK_STR("a b c\nd", t.text);
	CHECK_INT(7, t.len);
	if (t.len == 7) {
		static const size_t want2[] = { 0, 1, 2, 3, 5, 7, 8, 9 };

		for (i = 0; i <= t.len; i++)
			CHECK_INT(want2[i], t.orig[i]);
	}
	pk_ntext_free(&t);
}

static void test_normalize__crlf_and_lone_cr_become_lf(void)
{
	CHECK_STR("a\nb\nc\nd", normalized("a\r\nb\rc\nd"));
	CHECK_STR("a\n\nb", normalized("a\r\r\nb"));
	CHECK_STR("a\n\nb", normalized("a\r\n\r\nb\r\n"));
}

static void test_normalize__line_separators_become_lf(void)
{
	CHECK_STR("a\nb\nc", normalized("a\u2028" "b\u2029" "c"));
}

static void test_normalize__spaces_collapse_and_lines_trim(void)
{
	CHECK_STR("a b c d e f", normalized(
		" \ta \t b\u3000c\u00A0d\u2003e\u2009\u200A f \t"));
	CHECK_STR("첫 줄\n둘째 줄", normalized("  첫   줄  \n \t 둘째\t줄  "));
}

static void test_normalize__blank_lines_collapse(void)
{
	CHECK_STR("a\n\nb\nc", normalized("\n \n\t\na\n\n \n\n\u3000\nb\nc\n\n \n"));
	CHECK_STR("a\n\nb", normalized("a\n\n\n\nb"));
	CHECK_STR("", normalized(" \n\n \t\n"));
}

static void test_normalize__zero_width_removed(void)
{
	CHECK_STR("abcdef", normalized(
		"a\u200B" "b\u200C" "c\u200D" "d\u2060" "e\uFEFF" "f"));
	CHECK_STR("a b", normalized("\uFEFF" "a\u200B \u200B" "b"));
}

static void test_normalize__controls_become_spaces(void)
{
	CHECK_STR("a b c d e", normalized("a\x01" "b\x7F" "c\xC2\x85" "d\x1B" "e"));
	CHECK_STR("a\uFFFD" "b", normalized("a\uFFFD" "b"));
}

static void test_normalize__empty_input(void)
{
	pk_ntext t = PK_NTEXT_INIT;

	CHECK_INT(0, pk_normalize(&t, norm, "", 0));
	CHECK_STR("", t.text);
	CHECK_INT(0, t.len);
	CHECK(t.orig != NULL && t.orig[0] == 0);
	pk_ntext_free(&t);
}

static void test_normalize__str_matches_full(void)
{
	const char *in = " 과기정통부\u30FB외교부 \u201C협력\u201D\r\n\r\n\r\n다음 \u2014 끝 ";
	pk_ntext t = PK_NTEXT_INIT;
	char *s = NULL;

	CHECK_INT(0, pk_normalize(&t, norm, in, strlen(in)));
	CHECK_INT(0, pk_normalize_str(&s, norm, in));
	CHECK_STR("과기정통부\xC2\xB7외교부 \"협력\"\n\n다음 - 끝", s);
	CHECK_STR(s, t.text);
	free(s);
	pk_ntext_free(&t);
}

static void check_seed(const char *path)
{
	pk_ntext t = PK_NTEXT_INIT;
	char *in = NULL;
	size_t len = 0;

	CHECK_INT(0, pk_file_read(&in, &len, path, NULL));
	if (!in)
		return;
	CHECK_INT(0, pk_normalize(&t, norm, in, len));
	if (t.text) {
		CHECK(t.len > 0);
		CHECK_INT(t.len, strlen(t.text));
		CHECK(map_is_sane(&t, len));
		CHECK(utf8_is_valid(t.text, t.len));
		CHECK(!contains(t.text, t.len, "\r"));
		CHECK(!contains(t.text, t.len, "\u30FB"));
		CHECK(!contains(t.text, t.len, "\u2018"));
		CHECK(!contains(t.text, t.len, "\u2019"));
		CHECK(!contains(t.text, t.len, "\n\n\n"));
		CHECK(!contains(t.text, t.len, "  "));
		CHECK(!contains(t.text, t.len, " \n"));
		CHECK(!contains(t.text, t.len, "\n "));
	}
	pk_ntext_free(&t);
	free(in);
}

static void test_normalize__seeds_map_monotonic_and_clean(void)
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

/* A few MB of mixed text: linear time, the same result as line by line. */
static void test_normalize__large_input_stays_linear(void)
{
	const char *unit = "과기정통부\u30FB외교부\u00A0\u00A0\u201C회의\u201D\u1100\u1161 "
		"ＡＢ\r\n\r\n\r\n";
	pk_buf in = PK_BUF_INIT;
	pk_ntext t = PK_NTEXT_INIT;
	size_t i;

	for (i = 0; i < 40000; i++)
		CHECK_INT(0, pk_buf_puts(&in, unit));
	CHECK_INT(0, pk_normalize(&t, norm, in.ptr, in.len));
	CHECK(map_is_sane(&t, in.len));
	CHECK(t.text && strncmp(t.text,
		"과기정통부\xC2\xB7외교부 \"회의\"가 AB\n\n과기", 40) == 0);
	pk_ntext_free(&t);
	pk_buf_free(&in);
}

static const pk_test tests[] = {
	PK_TEST(test_normalize__interpuncts_fold_to_middle_dot),
	PK_TEST(test_normalize__quotes_fold_to_straight),
	PK_TEST(test_normalize__dashes_fold_to_hyphen),
	PK_TEST(test_normalize__tildes_fold_to_tilde),
	PK_TEST(test_normalize__cjk_brackets_kept),
	PK_TEST(test_normalize__nfkc_applies),
	PK_TEST(test_normalize__decomposed_hangul_composes),
	PK_TEST(test_normalize__plain_then_combining_composes),
	PK_TEST(test_normalize__offsets_point_back_to_source),
	PK_TEST(test_normalize__plain_run_maps_each_character),
	PK_TEST(test_normalize__crlf_and_lone_cr_become_lf),
	PK_TEST(test_normalize__line_separators_become_lf),
	PK_TEST(test_normalize__spaces_collapse_and_lines_trim),
	PK_TEST(test_normalize__blank_lines_collapse),
	PK_TEST(test_normalize__zero_width_removed),
	PK_TEST(test_normalize__controls_become_spaces),
	PK_TEST(test_normalize__empty_input),
	PK_TEST(test_normalize__str_matches_full),
	PK_TEST(test_normalize__seeds_map_monotonic_and_clean),
	PK_TEST(test_normalize__large_input_stays_linear),
};

static int test_normalize__setup(void)
{
	return pk_normalizer_new(&norm, NULL);
}

static void test_normalize__teardown(void)
{
	free(last_result);
	pk_normalizer_free(norm);
}

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, test_normalize__setup, test_normalize__teardown);
}
