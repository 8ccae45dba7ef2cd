/*
 * test_util.c - the small base helpers that every stage leans on: the
 * growing buffer (its inline appends and one-pass printf) and the code
 * point count.
 */
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

/* Appends that land exactly on the room's edge, and past it, keep the
 * text and its NUL. */
static void test_util__buf_put_at_the_edge(void)
{
	pk_buf b = PK_BUF_INIT;
	char want[300];
	size_t i;

	for (i = 0; i < 299; i++) {
		want[i] = (char)('a' + i % 26);
		if (i % 3 == 0)
			CHECK_INT(0, pk_buf_putc(&b, want[i]));
		else
			CHECK_INT(0, pk_buf_put(&b, want + i, 1));
		CHECK_INT(i + 1, b.len);
		CHECK(b.cap > b.len);
		CHECK_INT('\0', b.ptr[b.len]);
	}
	want[299] = '\0';
	CHECK_STR(want, b.ptr);
	CHECK_INT(0, pk_buf_put(&b, NULL, 0));
	CHECK_INT(299, b.len);
	pk_buf_free(&b);
}

/* pk_buf_printf formats in place when the text fits and again after
 * growing when it does not: every length around the room gives the
 * same text. */
static void test_util__buf_printf_fits_or_grows(void)
{
	char word[200];
	size_t n;

	memset(word, 'x', sizeof word - 1);
	word[sizeof word - 1] = '\0';
	for (n = 0; n < 150; n++) {
		pk_buf b = PK_BUF_INIT;
		char want[300];

		CHECK_INT(0, pk_buf_puts(&b, "head:"));
		CHECK_INT(0, pk_buf_printf(&b, "%.*s/%zu", (int)n, word, n));
		snprintf(want, sizeof want, "head:%.*s/%zu", (int)n, word, n);
		CHECK_STR(want, b.ptr);
		CHECK_INT(strlen(want), b.len);
		pk_buf_free(&b);
	}
}

/* pk_utf8_count counts eight bytes at a time: compare it with a byte loop
 * at every length and alignment, over 1- to 4-byte code points and stray
 * continuation bytes. */
static void test_util__utf8_count_matches_byte_loop(void)
{
	const char *s = "a\u00E9\uAC00\U0001F600b\x80\xBF \uD7A3xyz\u0301\u4E2D\U00010348q";
	size_t len = strlen(s), i, j, k, naive;

	for (i = 0; i < len; i++)
		for (j = i; j <= len; j++) {
			for (k = i, naive = 0; k < j; k++)
				naive += ((unsigned char)s[k] & 0xC0) != 0x80;
			CHECK_INT(naive, pk_utf8_count(s + i, j - i));
		}
}

static const pk_test tests[] = {
	PK_TEST(test_util__buf_put_at_the_edge),
	PK_TEST(test_util__buf_printf_fits_or_grows),
	PK_TEST(test_util__utf8_count_matches_byte_loop),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
