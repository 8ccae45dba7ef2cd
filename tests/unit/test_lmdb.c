/*
 * test_lmdb.c - "pk-lmdb", the librdf storage module over LMDB
 * (store_lmdb.c), through librdf's own API: every triple pattern finds
 * what it should, contexts are kept apart, terms come back byte for byte,
 * only what was synced survives, and the cheap file check tells a good
 * file from a damaged one.  Each case works in its own mkdtemp directory.
 */
#include "check.h"
#include "store/store_int.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmdb.h>

#define NS "http://example.org/"

typedef struct test_lmdb__env {
	pk_store_log log;
	librdf_world *world;
	char dir[64];
	char file[96];
} test_lmdb__env;

static int test_lmdb__start(test_lmdb__env *e)
{
	memset(e, 0, sizeof *e);
	e->log.where = "test";
	snprintf(e->dir, sizeof e->dir, "/tmp/pk-lmdb-XXXXXX");
	if (!mkdtemp(e->dir))
		return -1;
	snprintf(e->file, sizeof e->file, "%s/index.db", e->dir);
	e->world = pk_store_world_new(&e->log);
	return e->world ? 0 : -1;
}

static void test_lmdb__stop(test_lmdb__env *e)
{
	if (e->world)
		librdf_free_world(e->world);
	unlink(e->file);
	rmdir(e->dir);
}

static librdf_model *test_lmdb__open(test_lmdb__env *e, librdf_storage **st,
	int is_new, int write, int contexts)
{
	const char *opts[] = {
		"new", is_new ? "yes" : "no",
		"write", write ? "yes" : "no",
		"contexts", contexts ? "yes" : "no",
		NULL
	};
	librdf_hash *h = librdf_new_hash_from_array_of_strings(e->world, NULL, opts);
	librdf_model *m = NULL;

	*st = librdf_new_storage_with_options(e->world, PK_STORE_LMDB, e->file, h);
	librdf_free_hash(h);
	if (*st)
		m = librdf_new_model(e->world, *st, NULL);
	return m;
}

static void test_lmdb__close(librdf_model *m, librdf_storage *st)
{
	if (m)
		librdf_free_model(m);
	if (st)
		librdf_free_storage(st);
}

static librdf_node *test_lmdb__iri(test_lmdb__env *e, const char *local)
{
	char buf[256];

	snprintf(buf, sizeof buf, NS "%s", local);
	return librdf_new_node_from_uri_string(e->world, (const unsigned char *)buf);
}

/* Add (s p o) in graph g (g NULL: no context). */
static int test_lmdb__add(test_lmdb__env *e, librdf_model *m, const char *s,
	const char *p, const char *o, const char *g)
{
	librdf_statement *st = librdf_new_statement_from_nodes(e->world,
		test_lmdb__iri(e, s), test_lmdb__iri(e, p), test_lmdb__iri(e, o));
	librdf_node *ctx = g ? test_lmdb__iri(e, g) : NULL;
	int rc;

	rc = ctx ? librdf_model_context_add_statement(m, ctx, st) :
		librdf_model_add_statement(m, st);
	librdf_free_statement(st);
	if (ctx)
		librdf_free_node(ctx);
	return rc;
}

static long test_lmdb__count(librdf_stream *s)
{
	long n = 0;

	if (!s)
		return -1;
	for (; !librdf_stream_end(s); librdf_stream_next(s))
		n++;
	librdf_free_stream(s);
	return n;
}

/* Statements matching (s p o), each NULL or a local name. */
static long test_lmdb__find(test_lmdb__env *e, librdf_model *m, const char *s,
	const char *p, const char *o, const char *g)
{
	librdf_statement *pat = librdf_new_statement_from_nodes(e->world,
		s ? test_lmdb__iri(e, s) : NULL, p ? test_lmdb__iri(e, p) : NULL,
		o ? test_lmdb__iri(e, o) : NULL);
	librdf_node *ctx = g ? test_lmdb__iri(e, g) : NULL;
	long n;

	n = test_lmdb__count(ctx ? librdf_model_find_statements_in_context(m, pat, ctx) :
		librdf_model_find_statements(m, pat));
	librdf_free_statement(pat);
	if (ctx)
		librdf_free_node(ctx);
	return n;
}

static void test_lmdb__every_pattern_finds_its_statements(void)
{
	test_lmdb__env e;
	librdf_storage *st = NULL;
	librdf_model *m = NULL;

	if (test_lmdb__start(&e) < 0) {
		CHECK(0);
		return;
	}
	m = test_lmdb__open(&e, &st, 1, 1, 1);
	CHECK(m != NULL);
	if (!m)
		goto out;
	/* a knows b and c; b knows c; a likes c; the a-knows-b triple in two graphs */
	CHECK_INT(0, test_lmdb__add(&e, m, "a", "knows", "b", "g1"));
	CHECK_INT(0, test_lmdb__add(&e, m, "a", "knows", "b", "g2"));
	CHECK_INT(0, test_lmdb__add(&e, m, "a", "knows", "c", "g1"));
	CHECK_INT(0, test_lmdb__add(&e, m, "b", "knows", "c", "g2"));
	CHECK_INT(0, test_lmdb__add(&e, m, "a", "likes", "c", "g2"));
	/* the same quad again changes nothing */
	CHECK_INT(0, test_lmdb__add(&e, m, "a", "likes", "c", "g2"));
	CHECK_INT(5, librdf_model_size(m));
	CHECK_INT(5, test_lmdb__find(&e, m, NULL, NULL, NULL, NULL));
	CHECK_INT(4, test_lmdb__find(&e, m, "a", NULL, NULL, NULL));
	CHECK_INT(3, test_lmdb__find(&e, m, "a", "knows", NULL, NULL));
	CHECK_INT(2, test_lmdb__find(&e, m, "a", "knows", "b", NULL));
	CHECK_INT(2, test_lmdb__find(&e, m, "a", NULL, "c", NULL));
	CHECK_INT(4, test_lmdb__find(&e, m, NULL, "knows", NULL, NULL));
	CHECK_INT(2, test_lmdb__find(&e, m, NULL, "knows", "c", NULL));
	CHECK_INT(3, test_lmdb__find(&e, m, NULL, NULL, "c", NULL));
	CHECK_INT(0, test_lmdb__find(&e, m, "c", NULL, NULL, NULL));
	CHECK_INT(0, test_lmdb__find(&e, m, "nobody", NULL, NULL, NULL));
	/* in one graph */
	CHECK_INT(2, test_lmdb__find(&e, m, NULL, NULL, NULL, "g1"));
	CHECK_INT(3, test_lmdb__find(&e, m, NULL, NULL, NULL, "g2"));
	CHECK_INT(1, test_lmdb__find(&e, m, "a", "knows", NULL, "g2"));
	CHECK_INT(1, test_lmdb__find(&e, m, NULL, NULL, "c", "g1"));
	CHECK_INT(0, test_lmdb__find(&e, m, NULL, NULL, NULL, "g3"));
	CHECK_INT(0, librdf_model_sync(m));
out:
	test_lmdb__close(m, st);
	test_lmdb__stop(&e);
}

static void test_lmdb__contexts_are_listed_and_removed_apart(void)
{
	test_lmdb__env e;
	librdf_storage *st = NULL;
	librdf_model *m = NULL;
	librdf_iterator *it;
	librdf_statement *s;
	librdf_node *g1;
	long n = 0;

	if (test_lmdb__start(&e) < 0) {
		CHECK(0);
		return;
	}
	m = test_lmdb__open(&e, &st, 1, 1, 1);
	if (!m) {
		CHECK(0);
		goto out;
	}
	CHECK(librdf_model_supports_contexts(m));
	test_lmdb__add(&e, m, "a", "knows", "b", "g1");
	test_lmdb__add(&e, m, "a", "knows", "b", "g2");
	test_lmdb__add(&e, m, "x", "knows", "y", "g2");
	it = librdf_model_get_contexts(m);
	CHECK(it != NULL);
	for (; it && !librdf_iterator_end(it); librdf_iterator_next(it))
		n++;
	if (it)
		librdf_free_iterator(it);
	CHECK_INT(2, n);
	/* out of g1 only: g2 still states it */
	s = librdf_new_statement_from_nodes(e.world, test_lmdb__iri(&e, "a"),
		test_lmdb__iri(&e, "knows"), test_lmdb__iri(&e, "b"));
	g1 = test_lmdb__iri(&e, "g1");
	CHECK_INT(0, librdf_model_context_remove_statement(m, g1, s));
	CHECK(librdf_model_context_remove_statement(m, g1, s) != 0);
	CHECK_INT(0, test_lmdb__find(&e, m, NULL, NULL, NULL, "g1"));
	CHECK_INT(1, test_lmdb__find(&e, m, "a", "knows", "b", NULL));
	CHECK(librdf_model_contains_statement(m, s));
	CHECK_INT(2, librdf_model_size(m));
	librdf_free_node(g1);
	librdf_free_statement(s);
	/* g1 has no statement left: it is no context any more */
	n = 0;
	it = librdf_model_get_contexts(m);
	for (; it && !librdf_iterator_end(it); librdf_iterator_next(it))
		n++;
	if (it)
		librdf_free_iterator(it);
	CHECK_INT(1, n);
out:
	test_lmdb__close(m, st);
	test_lmdb__stop(&e);
}

/* contains answers from one lookup: the same triple in any graph, and
 * nothing for a triple whose terms are all known but not together. */
static void test_lmdb__contains_finds_exactly_the_triples(void)
{
	static const char *const ask[][4] = {
		/* s, p, o, held? ("1") */
		{ "a", "knows", "b", "1" }, { "x", "knows", "y", "1" },
		{ "a", "knows", "y", "" }, { "b", "knows", "a", "" },
		{ "a", "likes", "b", "" }, { "a", "knows", "nobody", "" },
	};
	test_lmdb__env e;
	librdf_storage *st = NULL;
	librdf_model *m = NULL;
	librdf_statement *s;
	size_t i;
	int contexts;

	for (contexts = 0; contexts < 2; contexts++) {
		if (test_lmdb__start(&e) < 0) {
			CHECK(0);
			return;
		}
		m = test_lmdb__open(&e, &st, 1, 1, contexts);
		if (!m) {
			CHECK(0);
			goto out;
		}
		test_lmdb__add(&e, m, "a", "knows", "b", contexts ? "g2" : NULL);
		test_lmdb__add(&e, m, "x", "knows", "y", contexts ? "g1" : NULL);
		test_lmdb__add(&e, m, "y", "likes", "a", contexts ? "g1" : NULL);
		for (i = 0; i < sizeof ask / sizeof ask[0]; i++) {
			s = librdf_new_statement_from_nodes(e.world, test_lmdb__iri(&e, ask[i][0]),
				test_lmdb__iri(&e, ask[i][1]), test_lmdb__iri(&e, ask[i][2]));
			CHECK_INT(ask[i][3][0] == '1', librdf_model_contains_statement(m, s) != 0);
			librdf_free_statement(s);
		}
out:
		test_lmdb__close(m, st);
		m = NULL;
		st = NULL;
		test_lmdb__stop(&e);
	}
}

/* What test_lmdb__bulk_fill reads back from one store. */
typedef struct test_lmdb__seen {
	long size, by_s, by_p, by_o, by_sp, in_g, in_g_by_o;
} test_lmdb__seen;

/* 400 statements, and 40 of them again, in no order, into a new store:
 * held and appended when the store was empty at the start of the
 * transaction (first), written through when it was not. */
static int test_lmdb__bulk_fill(test_lmdb__seen *seen, int first)
{
	test_lmdb__env e;
	librdf_storage *st = NULL;
	librdf_model *m = NULL;
	char s[16], p[16], o[16], g[16];
	int i, k, rc = -1;

	if (test_lmdb__start(&e) < 0)
		return -1;
	if (!(m = test_lmdb__open(&e, &st, 1, 1, 1)))
		goto out;
	if (!first && (test_lmdb__add(&e, m, "seed", "seed", "seed", "seed") ||
	    librdf_model_sync(m)))
		goto out;
	for (i = 0; i < 440; i++) {
		k = i < 400 ? i : (i - 400) * 10;
		snprintf(s, sizeof s, "s%d", (k * 7) % 50);
		snprintf(p, sizeof p, "p%d", k % 3);
		snprintf(o, sizeof o, "o%d", (k * 13) % 40);
		snprintf(g, sizeof g, "g%d", k % 4);
		if (test_lmdb__add(&e, m, s, p, o, g))
			goto out;
	}
	if (librdf_model_sync(m))
		goto out;
	test_lmdb__close(m, st);
	if (!(m = test_lmdb__open(&e, &st, 0, 0, 1)))
		goto out;
	seen->size = librdf_model_size(m) - !first;
	seen->by_s = test_lmdb__find(&e, m, "s7", NULL, NULL, NULL);
	seen->by_p = test_lmdb__find(&e, m, NULL, "p1", NULL, NULL);
	seen->by_o = test_lmdb__find(&e, m, NULL, NULL, "o13", NULL);
	seen->by_sp = test_lmdb__find(&e, m, "s14", "p2", NULL, NULL);
	seen->in_g = test_lmdb__find(&e, m, NULL, NULL, NULL, "g2");
	seen->in_g_by_o = test_lmdb__find(&e, m, NULL, NULL, "o26", "g2");
	rc = 0;
out:
	test_lmdb__close(m, st);
	test_lmdb__stop(&e);
	return rc;
}

static void test_lmdb__bulk_build_reads_like_writing_through(void)
{
	test_lmdb__seen bulk, through;

	memset(&bulk, 0, sizeof bulk);
	memset(&through, 0, sizeof through);
	CHECK_INT(0, test_lmdb__bulk_fill(&bulk, 1));
	CHECK_INT(0, test_lmdb__bulk_fill(&through, 0));
	/* the 40 repeats are held once */
	CHECK_INT(400, bulk.size);
	CHECK_INT(through.size, bulk.size);
	CHECK(bulk.by_s > 0);
	CHECK_INT(through.by_s, bulk.by_s);
	CHECK_INT(through.by_p, bulk.by_p);
	CHECK_INT(through.by_o, bulk.by_o);
	CHECK_INT(through.by_sp, bulk.by_sp);
	CHECK_INT(100, bulk.in_g);
	CHECK_INT(through.in_g, bulk.in_g);
	CHECK_INT(through.in_g_by_o, bulk.in_g_by_o);
}

/* A literal's text, language and datatype, and blank nodes, come back
 * byte for byte, a NUL inside and a text past the term cache too. */
static void test_lmdb__terms_round_trip(void)
{
	static const unsigned char nul_text[] = { 'a', 0, 'b' };
	test_lmdb__env e;
	librdf_storage *st = NULL;
	librdf_model *m = NULL;
	librdf_node *objs[5];
	librdf_uri *date;
	librdf_stream *str;
	char big[2000];
	int i, found;

	if (test_lmdb__start(&e) < 0) {
		CHECK(0);
		return;
	}
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	date = librdf_new_uri(e.world,
		(const unsigned char *)"http://www.w3.org/2001/XMLSchema#date");
	objs[0] = librdf_new_node_from_literal(e.world,
		(const unsigned char *)"과학기술정보통신부", "ko", 0);
	objs[1] = librdf_new_node_from_typed_literal(e.world,
		(const unsigned char *)"2024-05-01", NULL, date);
	objs[2] = librdf_new_node_from_typed_counted_literal(e.world, nul_text,
		sizeof nul_text, NULL, 0, NULL);
	objs[3] = librdf_new_node_from_literal(e.world, (const unsigned char *)big,
		NULL, 0);
	objs[4] = librdf_new_node_from_blank_identifier(e.world,
		(const unsigned char *)"k0123_b7");
	m = test_lmdb__open(&e, &st, 1, 1, 0);
	CHECK(m != NULL);
	for (i = 0; m && i < 5; i++) {
		librdf_statement *s = librdf_new_statement_from_nodes(e.world,
			test_lmdb__iri(&e, "s"), test_lmdb__iri(&e, "p"),
			librdf_new_node_from_node(objs[i]));

		CHECK_INT(0, librdf_model_add_statement(m, s));
		librdf_free_statement(s);
	}
	CHECK_INT(0, m ? librdf_model_sync(m) : -1);
	test_lmdb__close(m, st);
	/* read back from the file, read-only */
	m = test_lmdb__open(&e, &st, 0, 0, 0);
	CHECK(m != NULL);
	for (i = 0; m && i < 5; i++) {
		librdf_statement *pat = librdf_new_statement_from_nodes(e.world,
			NULL, NULL, librdf_new_node_from_node(objs[i]));

		str = librdf_model_find_statements(m, pat);
		found = 0;
		for (; str && !librdf_stream_end(str); librdf_stream_next(str)) {
			librdf_statement *x = librdf_stream_get_object(str);

			found += librdf_node_equals(librdf_statement_get_object(x), objs[i]);
		}
		if (str)
			librdf_free_stream(str);
		CHECK_INT(1, found);
		librdf_free_statement(pat);
	}
	CHECK_INT(5, m ? librdf_model_size(m) : -1);
	test_lmdb__close(m, st);
	for (i = 0; i < 5; i++)
		librdf_free_node(objs[i]);
	librdf_free_uri(date);
	test_lmdb__stop(&e);
}

/* Only what was synced is kept: a storage freed without a sync leaves the
 * file as the last sync did. */
static void test_lmdb__only_synced_writes_survive(void)
{
	test_lmdb__env e;
	librdf_storage *st = NULL;
	librdf_model *m;

	if (test_lmdb__start(&e) < 0) {
		CHECK(0);
		return;
	}
	m = test_lmdb__open(&e, &st, 1, 1, 0);
	CHECK(m != NULL);
	if (m) {
		test_lmdb__add(&e, m, "a", "p", "b", NULL);
		CHECK_INT(0, librdf_model_sync(m));
		test_lmdb__add(&e, m, "c", "p", "d", NULL);
		CHECK_INT(2, librdf_model_size(m));
	}
	test_lmdb__close(m, st);
	m = test_lmdb__open(&e, &st, 0, 1, 0);
	CHECK(m != NULL);
	CHECK_INT(1, m ? librdf_model_size(m) : -1);
	CHECK_INT(0, m ? test_lmdb__find(&e, m, "c", NULL, NULL, NULL) : -1);
	test_lmdb__close(m, st);
	test_lmdb__stop(&e);
}

/* A missing file is a missing index, never created by opening it; the
 * file check passes a good file and names a damaged header. */
static void test_lmdb__missing_and_damaged_files(void)
{
	test_lmdb__env e;
	librdf_storage *st = NULL;
	librdf_model *m;
	char why[160], zero[4096];
	FILE *f;

	if (test_lmdb__start(&e) < 0) {
		CHECK(0);
		return;
	}
	e.log.quiet = 1;
	m = test_lmdb__open(&e, &st, 0, 1, 0);
	CHECK(m == NULL);
	CHECK(access(e.file, F_OK) != 0);
	test_lmdb__close(m, st);
	e.log.quiet = 0;
	m = test_lmdb__open(&e, &st, 1, 1, 0);
	if (m) {
		test_lmdb__add(&e, m, "a", "p", "b", NULL);
		librdf_model_sync(m);
	}
	test_lmdb__close(m, st);
	CHECK_INT(0, pk_store_lmdb_file_check(e.file, why, sizeof why));
	memset(zero, 0, sizeof zero);
	f = fopen(e.file, "r+b");
	CHECK(f != NULL);
	if (f) {
		fwrite(zero, 1, sizeof zero, f);
		fclose(f);
	}
	CHECK_INT(-1, pk_store_lmdb_file_check(e.file, why, sizeof why));
	CHECK(strstr(why, "no LMDB header") != NULL);
	test_lmdb__stop(&e);
}

/* ---- the date index (store_lmdb_dates.c) ---------------------------------- */

#define TEST_LMDB_DATE "http://www.w3.org/2001/XMLSchema#date"
#define TEST_LMDB_GYEAR "http://www.w3.org/2001/XMLSchema#gYear"

/* Add (s p "lex"^^dt), dt NULL: a plain literal. */
static int test_lmdb__add_lit(test_lmdb__env *e, librdf_model *m, const char *s,
	const char *p, const char *lex, const char *dt)
{
	librdf_uri *u = dt ? librdf_new_uri(e->world, (const unsigned char *)dt) : NULL;
	librdf_statement *st = librdf_new_statement_from_nodes(e->world,
		test_lmdb__iri(e, s), test_lmdb__iri(e, p),
		librdf_new_node_from_typed_literal(e->world, (const unsigned char *)lex,
			NULL, u));
	int rc = librdf_model_add_statement(m, st);

	librdf_free_statement(st);
	if (u)
		librdf_free_uri(u);
	return rc;
}

/* (s p "lex"^^dt) added to the file in a transaction of its own, as
 * an older build (the test hook) writes when old is set. */
static void test_lmdb__write_lit(test_lmdb__env *e, int is_new, int old,
	const char *s, const char *p, const char *lex, const char *dt)
{
	librdf_storage *st = NULL;
	librdf_model *m;

	if (old)
		setenv("POLICYKG_TEST_NO_DATE_INDEX", "1", 1);
	m = test_lmdb__open(e, &st, is_new, 1, 0);
	CHECK(m != NULL);
	if (m) {
		CHECK_INT(0, test_lmdb__add_lit(e, m, s, p, lex, dt));
		CHECK_INT(0, librdf_model_sync(m));
	}
	test_lmdb__close(m, st);
	unsetenv("POLICYKG_TEST_NO_DATE_INDEX");
}

/* The lexical forms the date index gives for from..to, space-separated,
 * in its order; "none" when there is no whole date index. */
static char *test_lmdb__dates(test_lmdb__env *e, const char *from, const char *to)
{
	librdf_storage *st = NULL;
	librdf_model *m = test_lmdb__open(e, &st, 0, 0, 0);
	librdf_node **nodes = NULL;
	pk_buf b = PK_BUF_INIT;
	size_t n = 0, i;
	int rc;

	rc = m ? pk_store_lmdb_dates(&nodes, &n, st, from, to) : -1;
	if (rc == 1)
		pk_buf_puts(&b, "none");
	for (i = 0; rc == 0 && i < n; i++)
		pk_buf_printf(&b, "%s%s", i ? " " : "",
			(const char *)librdf_node_get_literal_value(nodes[i]));
	pk_store_lmdb_dates_free(nodes, n);
	test_lmdb__close(m, st);
	if (rc < 0)
		pk_buf_puts(&b, "error");
	return pk_buf_detach(&b);
}

/* What pk_store_lmdb_dates_check says of the file; why into *why. */
static int test_lmdb__dates_check(test_lmdb__env *e, pk_buf *why)
{
	librdf_storage *st = NULL;
	librdf_model *m = test_lmdb__open(e, &st, 0, 0, 0);
	int rc = m ? pk_store_lmdb_dates_check(st, why) : -1;

	test_lmdb__close(m, st);
	return rc;
}

#define TEST_LMDB_CHECK_DATES(expected, e, from, to) do { \
	char *got_ = test_lmdb__dates(e, from, to); \
	CHECK_STR(expected, got_); \
	free(got_); \
	} while (0)

/* Only xsd:date terms, each once, in the order of their ids: a range
 * holds its YYYY-MM-DD dates and every date of another form. */
static void test_lmdb__date_index_lists_a_range_in_id_order(void)
{
	test_lmdb__env e;
	librdf_storage *st = NULL;
	librdf_model *m;
	pk_buf why = PK_BUF_INIT;

	if (test_lmdb__start(&e) < 0) {
		CHECK(0);
		return;
	}
	m = test_lmdb__open(&e, &st, 1, 1, 0);
	CHECK(m != NULL);
	if (m) {
		test_lmdb__add_lit(&e, m, "e1", "start", "2024-05-01", TEST_LMDB_DATE);
		test_lmdb__add_lit(&e, m, "e2", "start", "2023-01-01", TEST_LMDB_DATE);
		test_lmdb__add_lit(&e, m, "e3", "start", "2024-6-1", TEST_LMDB_DATE);
		test_lmdb__add_lit(&e, m, "e4", "start", "2024", TEST_LMDB_GYEAR);
		test_lmdb__add_lit(&e, m, "e5", "start", "2024-05-02", NULL);
		test_lmdb__add_lit(&e, m, "e6", "start", "2024-12-31", TEST_LMDB_DATE);
		test_lmdb__add_lit(&e, m, "e7", "end", "2024-01-01", TEST_LMDB_DATE);
		test_lmdb__add_lit(&e, m, "e8", "end", "2024-02-30", TEST_LMDB_DATE);
		test_lmdb__add_lit(&e, m, "e9", "start", "2024-05-01", TEST_LMDB_DATE);
		CHECK_INT(0, librdf_model_sync(m));
	}
	test_lmdb__close(m, st);
	TEST_LMDB_CHECK_DATES("2024-05-01 2024-6-1 2024-12-31 2024-01-01 2024-02-30",
		&e, "2024-01-01", "2024-12-31");
	TEST_LMDB_CHECK_DATES("2023-01-01 2024-6-1 2024-02-30", &e, NULL, "2023-12-31");
	TEST_LMDB_CHECK_DATES("2024-6-1 2024-12-31 2024-02-30", &e, "2024-12-31", NULL);
	TEST_LMDB_CHECK_DATES("2024-6-1 2024-02-30", &e, "2024-12-31", "2024-01-01");
	TEST_LMDB_CHECK_DATES("2024-05-01 2023-01-01 2024-6-1 2024-12-31 2024-01-01 "
		"2024-02-30", &e, NULL, NULL);
	CHECK_INT(0, test_lmdb__dates_check(&e, &why));
	pk_buf_free(&why);
	test_lmdb__stop(&e);
}

/* An index written without the date index (by an older build: the test
 * hook) is not read for dates; the next write transaction completes it,
 * also after an older build wrote to an index that had one. */
static void test_lmdb__date_index_made_whole_by_the_next_writer(void)
{
	test_lmdb__env e;
	pk_buf why = PK_BUF_INIT;

	if (test_lmdb__start(&e) < 0) {
		CHECK(0);
		return;
	}
	test_lmdb__write_lit(&e, 1, 1, "e1", "start", "2024-05-01", TEST_LMDB_DATE);
	test_lmdb__write_lit(&e, 0, 1, "e2", "start", "2023-01-01", TEST_LMDB_DATE);
	TEST_LMDB_CHECK_DATES("none", &e, "2024-01-01", "2024-12-31");
	CHECK_INT(1, test_lmdb__dates_check(&e, &why));

	/* a writer completes it */
	test_lmdb__write_lit(&e, 0, 0, "e3", "start", "2025-01-01", TEST_LMDB_DATE);
	TEST_LMDB_CHECK_DATES("2024-05-01 2023-01-01 2025-01-01", &e, NULL, NULL);
	CHECK_INT(0, test_lmdb__dates_check(&e, &why));

	/* an older build adds a date: the index is behind, then caught up */
	test_lmdb__write_lit(&e, 0, 1, "e4", "start", "2026-01-01", TEST_LMDB_DATE);
	TEST_LMDB_CHECK_DATES("none", &e, "2026-01-01", NULL);
	test_lmdb__write_lit(&e, 0, 0, "e5", "label", "e5", NULL);
	TEST_LMDB_CHECK_DATES("2026-01-01", &e, "2026-01-01", NULL);
	CHECK_INT(0, test_lmdb__dates_check(&e, &why));
	pk_buf_free(&why);
	test_lmdb__stop(&e);
}

/* check names a date the index lacks, and counts one it should not
 * hold (each written into a new file behind the module's back). */
static void test_lmdb__date_index_check_names_what_differs(void)
{
	test_lmdb__env e;
	pk_buf why = PK_BUF_INIT;
	MDB_env *env = NULL;
	MDB_txn *txn = NULL;
	MDB_dbi dbi;
	MDB_val k, v;
	unsigned char id[8] = { 0, 0, 0, 0, 0, 0, 0, 99 };
	int step, rc;

	for (step = 0; step < 2; step++) {
		if (test_lmdb__start(&e) < 0) {
			CHECK(0);
			return;
		}
		test_lmdb__write_lit(&e, 1, 0, "e1", "start", "2024-05-01", TEST_LMDB_DATE);
		test_lmdb__write_lit(&e, 0, 0, "e2", "start", "2023-01-01", TEST_LMDB_DATE);
		pk_buf_clear(&why);
		CHECK_INT(0, test_lmdb__dates_check(&e, &why));
		/* a map of our own: the 64 GiB the file records is refused
		 * under valgrind */
		k.mv_data = step ? "2030-01-01" : "2024-05-01";
		k.mv_size = 10;
		v.mv_data = id;
		v.mv_size = 8;
		rc = mdb_env_create(&env);
		if (!rc && !(rc = mdb_env_set_maxdbs(env, 10)) &&
		    !(rc = mdb_env_set_mapsize(env, (size_t)64 << 20)) &&
		    !(rc = mdb_env_open(env, e.file, MDB_NOSUBDIR | MDB_NOLOCK, 0644)) &&
		    !(rc = mdb_txn_begin(env, NULL, 0, &txn))) {
			if (!(rc = mdb_dbi_open(txn, "dates", 0, &dbi)))
				rc = step ? mdb_put(txn, dbi, &k, &v, 0) : mdb_del(txn, dbi, &k, NULL);
			rc = rc ? (mdb_txn_abort(txn), rc) : mdb_txn_commit(txn);
		}
		if (env)
			mdb_env_close(env);
		env = NULL;
		CHECK_INT(0, rc);
		CHECK_INT(2, test_lmdb__dates_check(&e, &why));
		CHECK(why.ptr && strstr(why.ptr, step ? "holds 3 dates where the terms have 2" :
			"lacks \"2024-05-01\"") != NULL);
		/* and what a range reads is what the index says */
		TEST_LMDB_CHECK_DATES(step ? "2024-05-01 2023-01-01" : "2023-01-01", &e,
			NULL, "2029-12-31");
		test_lmdb__stop(&e);
	}
	pk_buf_free(&why);
}

static const pk_test tests[] = {
	PK_TEST(test_lmdb__every_pattern_finds_its_statements),
	PK_TEST(test_lmdb__contexts_are_listed_and_removed_apart),
	PK_TEST(test_lmdb__contains_finds_exactly_the_triples),
	PK_TEST(test_lmdb__bulk_build_reads_like_writing_through),
	PK_TEST(test_lmdb__terms_round_trip),
	PK_TEST(test_lmdb__only_synced_writes_survive),
	PK_TEST(test_lmdb__missing_and_damaged_files),
	PK_TEST(test_lmdb__date_index_lists_a_range_in_id_order),
	PK_TEST(test_lmdb__date_index_made_whole_by_the_next_writer),
	PK_TEST(test_lmdb__date_index_check_names_what_differs),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
