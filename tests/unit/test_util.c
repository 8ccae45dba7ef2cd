/*
 * test_util.c - the small base helpers that every stage leans on: the
 * growing buffer (its inline appends and one-pass printf) and the code
 * point count.
 */
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* RFC 3629 as written: the sequence's length and code point, or 0. */
static size_t ref_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n, i;
	uint32_t c;

	if (len == 0)
		return 0;
	n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 :
		(s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (n == 0 || len < n)
		return 0;
	c = n == 1 ? s[0] : s[0] & (0x7F >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* pk_utf8_decode decodes three bytes on a path of its own: every one,
 * two and three byte sequence, and four byte ones at the edges of each
 * byte's range, against the RFC's rules; and every length short of the
 * sequence. */
static void test_util__utf8_decode_matches_rfc3629(void)
{
	static const unsigned char edge[] = { 0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
		0xA0, 0xBF, 0xC0, 0xFF };
	unsigned char s[4];
	uint32_t a, b, bad = 0;
	size_t len, x, y, z, w, na, nb;

	for (x = 0; x < 256; x++)
		for (y = 0; y < 256; y++)
			for (z = 0; z < 256; z++) {
				s[0] = (unsigned char)x;
				s[1] = (unsigned char)y;
				s[2] = (unsigned char)z;
				for (len = 0; len <= 3; len++) {
					a = b = 0xFFFFFFFF;
					na = pk_utf8_decode(s, len, &a);
					nb = ref_utf8_decode(s, len, &b);
					bad += na != nb || (na && a != b);
				}
			}
	for (x = 0xF0; x < 0x100; x++)
		for (y = 0; y < sizeof edge; y++)
			for (z = 0; z < sizeof edge; z++)
				for (w = 0; w < sizeof edge; w++) {
					s[0] = (unsigned char)x;
					s[1] = edge[y];
					s[2] = edge[z];
					s[3] = edge[w];
					for (len = 0; len <= 4; len++) {
						a = b = 0xFFFFFFFF;
						na = pk_utf8_decode(s, len, &a);
						nb = ref_utf8_decode(s, len, &b);
						bad += na != nb || (na && a != b);
					}
				}
	CHECK_INT(0, bad);
	CHECK_INT(3, pk_utf8_decode((const unsigned char *)"\xED\x9E\xA3", 3, &a));
	CHECK_INT(0xD7A3, a);
	CHECK_INT(0, pk_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &a));
	CHECK_INT(0, pk_utf8_decode((const unsigned char *)"\xE0\x9F\xBF", 3, &a));
}

/* An arena of small blocks, big strings among them, reset and filled
 * again: every string reads back as written (ASan and valgrind see the
 * blocks a reset drops). */
static void test_util__arena_reset_keeps_working(void)
{
	pk_arena *a = pk_arena_new_blocks(256);
	char *v[200], want[600];
	int round, i, bad = 0;

	CHECK(a != NULL);
	for (round = 0; round < 3 && a; round++) {
		for (i = 0; i < 200; i++) {
			size_t n = (size_t)(i * 37 + round) % (i % 50 == 0 ? 500 : 60);

			memset(want, 'a' + (i + round) % 26, n);
			want[n] = '\0';
			v[i] = pk_arena_strndup(a, want, n);
			bad += !v[i];
		}
		for (i = 0; i < 200; i++) {
			size_t n = (size_t)(i * 37 + round) % (i % 50 == 0 ? 500 : 60), k;

			for (k = 0; v[i] && k < n; k++)
				bad += v[i][k] != 'a' + (i + round) % 26;
			bad += v[i] && v[i][n] != '\0';
		}
		pk_arena_reset(a);
	}
	CHECK_INT(0, bad);
	pk_arena_free(a);
}

/* A mapping of a size that is no multiple of a huge page comes zeroed,
 * keeps what was written when grown (moved, not copied, by the kernel)
 * and is zero past it; arena strings in its 4 MB mapped blocks read back
 * across several blocks. */
static void test_util__mem_map_grows_and_keeps(void)
{
	size_t n = ((size_t)3 << 20) + 17, m = ((size_t)9 << 20) + 5, i, bad = 0;
	unsigned char *p = pk_mem_map(n, 1), *q;
	pk_arena *a = pk_arena_new();
	char *v[3000], want[4000];
	int k;

	CHECK(p != NULL);
	if (!p)
		return;
	for (i = 0; i < n; i++)
		bad += p[i] != 0;
	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 131 + 7);
	q = pk_mem_remap(p, n, m);
	CHECK(q != NULL);
	for (i = 0; q && i < n; i++)
		bad += q[i] != (unsigned char)(i * 131 + 7);
	for (i = n; q && i < m; i++)
		bad += q[i] != 0;
	pk_mem_unmap(q ? q : p, q ? m : n);
	CHECK(a != NULL);
	for (k = 0; a && k < 3000; k++) {
		memset(want, 'a' + k % 26, (size_t)(k % 7) * 500);
		v[k] = pk_arena_strndup(a, want, (size_t)(k % 7) * 500);
		bad += !v[k];
	}
	for (k = 0; a && k < 3000; k++)
		for (i = 0; v[k] && i <= (size_t)(k % 7) * 500; i++)
			bad += v[k][i] != (i == (size_t)(k % 7) * 500 ? '\0' : 'a' + k % 26);
	CHECK_INT(0, bad);
	pk_arena_free(a);
}

/* A regular file is read whole, at its size or past it, and refused
 * when larger than max (exactly max is read); a /proc file, whose size
 * says 0, is read to its end. */
static void test_util__file_read_sizes(void)
{
	char path[] = "/tmp/pk-test-util-XXXXXX", *text = NULL;
	size_t len = 0, i, n = 200000, bad = 0;
	FILE *f;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	f = fdopen(fd, "wb");
	for (i = 0; f && i < n; i++)
		fputc('a' + (int)(i % 26), f);
	if (f)
		fclose(f);
	CHECK_INT(0, pk_file_read_max(&text, &len, path, n, NULL, NULL));
	CHECK_INT(n, len);
	for (i = 0; text && i < len; i++)
		bad += text[i] != 'a' + (int)(i % 26);
	CHECK_INT(0, bad);
	CHECK(text && text[len] == '\0');
	free(text);
	text = NULL;
	CHECK_INT(PK_EINPUT, pk_file_read_max(&text, &len, path, n - 1, NULL, NULL));
	CHECK(text == NULL);
	unlink(path);
	CHECK_INT(0, pk_file_read(&text, &len, "/proc/self/status", NULL));
	CHECK(len > 0 && text && strstr(text, "Name:") == text && strlen(text) == len);
	free(text);
}

static const pk_test tests[] = {
	PK_TEST(test_util__buf_put_at_the_edge),
	PK_TEST(test_util__buf_printf_fits_or_grows),
	PK_TEST(test_util__utf8_count_matches_byte_loop),
	PK_TEST(test_util__utf8_decode_matches_rfc3629),
	PK_TEST(test_util__arena_reset_keeps_working),
	PK_TEST(test_util__mem_map_grows_and_keeps),
	PK_TEST(test_util__file_read_sizes),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
