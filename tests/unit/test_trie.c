/*
 * test_trie.c - the trie of base/trie.h: a frozen trie takes every step
 * its hash table takes and no other (the root's ranked array, a node's
 * short run, a wide node's binary search, a root symbol past the BMP),
 * in code point tries and byte tries, and an insert after freezing is
 * seen.
 */
#include "base/trie.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define TEST_TRIE_WORDS 700

/* Word i: a root symbol from a spread of the BMP (ASCII, Hangul, CJK,
 * its last code point) or past it, then two or three more, so that the
 * root and the node of "가" are wide (more than 8 edges) and most nodes
 * narrow. */
static void test_trie__word(char *out, size_t cap, int i)
{
	static const char *const roots[] = {
		"a", "z", "가", "힣", "中", "\xEF\xBF\xBF", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
	};
	static const char *const below[] = {
		"b", "가", "나", "다", "라", "마", "바", "사", "아", "자", "차", "카", "타", "~",
	};

	snprintf(out, cap, "%s%s%s%s", i % 3 ? "가" : roots[(i / 3) % 8], below[i % 14],
		below[(i / 14) % 14], i % 5 ? below[(i / 7) % 14] : "");
}

/* Probe i: a word, a word with one more symbol, a prefix of one, or a
 * word whose second symbol no word has. */
static void test_trie__probe(char *out, size_t cap, int i)
{
	size_t n;

	test_trie__word(out, cap, i / 4);
	n = strlen(out);
	switch (i % 4) {
	case 1:
		snprintf(out + n, cap - n, "%s", i % 8 == 1 ? "하" : "\xF0\x9F\x98\x81");
		break;
	case 2:
		out[n > 3 ? n - 3 : 0] = '\0';
		break;
	case 3:
		snprintf(out, cap, "%s", i % 8 == 3 ? "가\xEF\xBF\xBE" : "zz");
		break;
	}
}

/* The nodes a walk of s reaches, one per symbol (0 once it stopped). */
static size_t test_trie__walk(const pk_trie *t, const char *s, uint32_t *path, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, len = strlen(s), step;
	uint32_t node = 0, sym;
	int on = 1;

	while (*p && n < cap) {
		sym = *p;
		step = 1;
		if (t->by_cp && !(step = pk_utf8_decode(p, len - (size_t)(p - (const unsigned char *)s), &sym)))
			break;
		on = on && pk_trie_step(t, node, sym, &node);
		path[n++] = on ? node : 0;
		p += step;
	}
	return n;
}

/* Two tries of the same words, one frozen: the same node after every
 * symbol of every probe. */
static void test_trie__same_walks(int by_cp)
{
	pk_trie a, b;
	char w[64];
	uint32_t pa[32], pb[32];
	size_t na, nb, k;
	int i, bad = 0, ends = 0;

	CHECK_INT(0, by_cp ? pk_trie_init_cp(&a) : pk_trie_init(&a));
	CHECK_INT(0, by_cp ? pk_trie_init_cp(&b) : pk_trie_init(&b));
	for (i = 0; i < TEST_TRIE_WORDS; i++) {
		test_trie__word(w, sizeof w, i);
		CHECK_INT(0, pk_trie_insert(&a, w, (uint32_t)i, 0));
		CHECK_INT(0, pk_trie_insert(&b, w, (uint32_t)i, 0));
	}
	CHECK_INT(0, pk_trie_freeze(&b));
	CHECK(b.edges != NULL && a.edges == NULL);
	for (i = 0; i < 4 * TEST_TRIE_WORDS; i++) {
		test_trie__probe(w, sizeof w, i);
		na = test_trie__walk(&a, w, pa, 32);
		nb = test_trie__walk(&b, w, pb, 32);
		bad += na != nb;
		for (k = 0; k < na && k < nb; k++)
			bad += pa[k] != pb[k];
		/* a whole word ends on a node holding a value */
		if (i % 4 == 0)
			ends += nb && pb[nb - 1] && b.head[pb[nb - 1]] >= 0;
		bad += pk_trie_longest(&a, w, strlen(w), NULL) != pk_trie_longest(&b, w, strlen(w), NULL);
	}
	CHECK_INT(0, bad);
	CHECK_INT(TEST_TRIE_WORDS, ends);
	pk_trie_free(&a);
	pk_trie_free(&b);
}

static void test_trie__frozen_walks_as_the_table(void)
{
	test_trie__same_walks(1);
}

static void test_trie__frozen_byte_trie_walks_as_the_table(void)
{
	test_trie__same_walks(0);
}

/* A word added to a frozen trie is found, frozen again or not. */
static void test_trie__insert_after_freeze_is_seen(void)
{
	pk_trie t;
	uint32_t value = 0;

	CHECK_INT(0, pk_trie_init(&t));
	CHECK_INT(0, pk_trie_insert(&t, "minister", 1, 0));
	CHECK_INT(0, pk_trie_freeze(&t));
	CHECK_INT(8, (long)pk_trie_longest(&t, "minister of", 11, &value));
	CHECK_INT(0, (long)pk_trie_longest(&t, "vice minister", 13, NULL));
	CHECK_INT(0, pk_trie_insert(&t, "vice minister", 2, 0));
	CHECK_INT(13, (long)pk_trie_longest(&t, "vice minister", 13, &value));
	CHECK_INT(2, value);
	CHECK_INT(0, pk_trie_freeze(&t));
	CHECK_INT(13, (long)pk_trie_longest(&t, "vice minister", 13, &value));
	CHECK_INT(8, (long)pk_trie_longest(&t, "minister", 8, &value));
	CHECK_INT(1, value);
	pk_trie_free(&t);
}

static const pk_test tests[] = {
	PK_TEST(test_trie__frozen_walks_as_the_table),
	PK_TEST(test_trie__frozen_byte_trie_walks_as_the_table),
	PK_TEST(test_trie__insert_after_freeze_is_seen),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
