/*
 * test_nquads.c - the N-Triples / N-Quads writer (rdf/nquads.c) that
 * extraction and the store share: UTF-8 kept as it is, only what the
 * grammar needs escaped, the store's bytes (a tab as \t, hex in upper
 * case), refusals that leave the buffer as it was, and a line with and
 * without its graph.
 */
#include "check.h"
#include "rdf/nquads.h"

#include <string.h>

typedef struct test_nquads__row {
	const char *name;
	const char *lex;     /* NULL: an IRI */
	const char *lang;
	const char *dt;
	const char *expected;
} test_nquads__row;

static const test_nquads__row test_nquads__terms[] = {
	{ "hangul_kept", "행정안전부", "ko", NULL, "\"행정안전부\"@ko" },
	{ "astral_kept", "a\xF0\x9F\x98\x80", NULL, NULL, "\"a\xF0\x9F\x98\x80\"" },
	{ "literal_echars", "q\"b\\n\nr\rt\t", NULL, NULL, "\"q\\\"b\\\\n\\nr\\rt\\t\"" },
	{ "literal_controls", "\x01\x1f\x7f", NULL, NULL, "\"\\u0001\\u001F\\u007F\"" },
	{ "literal_datatype", "2024-05-01", NULL, "http://www.w3.org/2001/XMLSchema#date",
	  "\"2024-05-01\"^^<http://www.w3.org/2001/XMLSchema#date>" },
	{ "lang_wins_over_datatype", "x", "en-GB", "http://e/dt", "\"x\"@en-GB" },
	{ "iri_utf8_kept", NULL, NULL, NULL, "<https://w3id.org/policykg/id/행안부>" },
	{ "iri_forbidden_escaped", NULL, NULL, NULL,
	  "<http://e/a\\u0020b\\u003Cc\\u003E\\u0022\\u007B\\u007D\\u007C\\u005E\\u0060\\u005C\x7f>" },
};

/* the IRIs of the rows above, unescaped */
static const char *test_nquads__iri(const char *name)
{
	if (strcmp(name, "iri_utf8_kept") == 0)
		return "https://w3id.org/policykg/id/행안부";
	return "http://e/a b<c>\"{}|^`\\\x7f";
}

static void test_nquads__term(const void *row)
{
	const test_nquads__row *r = row;
	pk_buf b = PK_BUF_INIT;

	if (r->lex) {
		CHECK_INT(0, pk_nq_put_literal(&b, r->lex, strlen(r->lex), r->lang, r->dt));
	} else {
		const char *iri = test_nquads__iri(r->name);

		CHECK_INT(0, pk_nq_put_iri(&b, iri, strlen(iri)));
	}
	CHECK_STR(r->expected, b.ptr);
	pk_buf_free(&b);
}

static void test_nquads__refused_leaves_buffer(void)
{
	pk_buf b = PK_BUF_INIT;

	pk_buf_puts(&b, "before ");
	CHECK_INT(PK_EINPUT, pk_nq_put_literal(&b, "ok\xC0\xAF", 4, NULL, NULL));
	CHECK_INT(PK_EINPUT, pk_nq_put_literal(&b, "ok\xED\xA0\x80", 5, NULL, NULL));
	CHECK_INT(PK_EINPUT, pk_nq_put_literal(&b, "a\0b", 3, NULL, NULL));
	CHECK_INT(PK_EINPUT, pk_nq_put_literal(&b, "ok", 2, "1x", NULL));
	CHECK_INT(PK_EINPUT, pk_nq_put_literal(&b, "ok", 2, NULL, "http://e/\xFF"));
	CHECK_INT(PK_EINPUT, pk_nq_put_iri(&b, "http://e/\xE3\x81", 11));
	CHECK_STR("before ", b.ptr);
	CHECK_INT(7, b.len);
	pk_buf_free(&b);
}

static void test_nquads__lines(void)
{
	pk_buf b = PK_BUF_INIT;
	pk_triple t = { "http://e/s", "http://e/p", "과기정통부", "ko", NULL, 0, 0 };
	pk_triple u = { "http://e/s", "http://e/p", "http://e/o", NULL, NULL, 1, 0 };

	CHECK_INT(0, pk_nq_put_quad(&b, &t, "http://e/g"));
	CHECK_INT(0, pk_nq_put_quad(&b, &u, NULL));
	CHECK_STR("<http://e/s> <http://e/p> \"과기정통부\"@ko <http://e/g> .\n"
		"<http://e/s> <http://e/p> <http://e/o> .\n", b.ptr);
	/* a line that cannot be written is not half written */
	t.o = "bad\xFF";
	CHECK_INT(PK_EINPUT, pk_nq_put_quad(&b, &t, "http://e/g"));
	CHECK_INT(strlen("<http://e/s> <http://e/p> \"과기정통부\"@ko <http://e/g> .\n"
		"<http://e/s> <http://e/p> <http://e/o> .\n"), b.len);
	pk_buf_free(&b);
}

/* the memo writes the bytes pk_nq_put_quad writes, for IRIs met again
 * (a hit), escaped ones, and a line refused after a hit */
static void test_nquads__memo_writes_the_same_lines(void)
{
	pk_buf b = PK_BUF_INIT, m = PK_BUF_INIT;
	pk_nq_memo memo = PK_NQ_MEMO_INIT;
	pk_triple t[3] = {
		{ "http://e/s", "http://e/p", "http://e/o o", NULL, NULL, 1, 0 },
		{ "http://e/s", "http://e/p", "과기정통부", "ko", NULL, 0, 0 },
		{ "http://e/s", "http://e/p", "bad\xFF", NULL, NULL, 0, 0 },
	};
	int i, round;

	for (round = 0; round < 2; round++) {
		for (i = 0; i < 2; i++) {
			CHECK_INT(0, pk_nq_put_quad(&b, &t[i], "http://e/g{}"));
			CHECK_INT(0, pk_nq_put_quad_memo(&m, &t[i], "http://e/g{}", &memo));
		}
	}
	CHECK_INT(PK_EINPUT, pk_nq_put_quad_memo(&m, &t[2], "http://e/g{}", &memo));
	CHECK_STR(b.ptr, m.ptr);
	CHECK_INT(b.len, m.len);
	pk_nq_memo_free(&memo);
	pk_buf_free(&b);
	pk_buf_free(&m);
}

/* pk_nq_valid_utf8 skips ASCII eight bytes at a time: a NUL, a stray
 * continuation byte, a cut sequence or a good Hangul syllable at every
 * place of strings around that width. */
static void test_nquads__valid_utf8_at_every_place(void)
{
	char s[40];
	size_t len, at;
	int bad = 0;

	for (len = 1; len <= 30; len++) {
		for (at = 0; at < len; at++) {
			memset(s, 'a', len);
			s[at] = '\0';
			bad += pk_nq_valid_utf8(s, len) != 0;
			s[at] = (char)0x80;
			bad += pk_nq_valid_utf8(s, len) != 0;
			s[at] = (char)0x7F;
			bad += pk_nq_valid_utf8(s, len) != 1;
			if (at + 3 <= len) {
				memcpy(s + at, "\xEA\xB0\x80", 3);
				bad += pk_nq_valid_utf8(s, len) != 1;
				memcpy(s + at, "\xED\xA0\x80", 3);   /* a surrogate */
				bad += pk_nq_valid_utf8(s, len) != 0;
			} else {
				memcpy(s + at, "\xEA\xB0\x80", len - at);
				bad += pk_nq_valid_utf8(s, len) != 0;
			}
		}
	}
	CHECK_INT(0, bad);
}

static void test_nquads__read_back(void)
{
	pk_buf b = PK_BUF_INIT, out = PK_BUF_INIT;
	const char *iri = "http://e/a b>\\행";
	const char *p;

	CHECK_INT(0, pk_nq_put_iri(&b, iri, strlen(iri)));
	p = b.ptr;
	CHECK_INT(0, pk_nq_read_iri(&out, &p, b.ptr + b.len));
	CHECK_STR(iri, out.ptr);
	CHECK(p == b.ptr + b.len);
	pk_buf_free(&b);
	pk_buf_free(&out);
}

static const pk_test tests[] = {
	PK_TEST_TABLE(test_nquads__term, test_nquads__terms),
	PK_TEST(test_nquads__refused_leaves_buffer),
	PK_TEST(test_nquads__lines),
	PK_TEST(test_nquads__memo_writes_the_same_lines),
	PK_TEST(test_nquads__valid_utf8_at_every_place),
	PK_TEST(test_nquads__read_back),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
