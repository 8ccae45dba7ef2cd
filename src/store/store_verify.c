/*
 * store_verify.c - telling whether an index holds what docs/ says.
 *
 * A store does not take an index's word for what it holds: what was
 * written is read back and compared.  The comparison is by digests: a
 * count and an order-independent sum of 64-bit hashes of statements,
 * computed from the canonical texts and read back from the index.  Equal
 * digests mean the same multiset of statements but for a 2^-64 accident.
 * (The cheap check of each index file at open is pk_store_lmdb_file_check.)
 */
#include "store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* ---- digests ------------------------------------------------------------- */

/* A statement's hash is made of its terms' hashes, so that whoever reads
 * statements as term ids (pk_store_lmdb_verify_fresh) hashes each term
 * once, not once per statement that names it.  Both halves are
 * pk_hash_fast (eight bytes a step) where this was FNV-1a over every
 * byte of every term of every statement: 7% of a fresh load, counted
 * twice (the text and the read-back).  The hash is in memory only, never
 * written: a digest is made and compared within one process. */

static uint64_t pk_verify_mix(uint64_t h, uint64_t x)
{
	h = (h ^ x) * 0xff51afd7ed558ccdull;
	return h ^ (h >> 32);
}

uint64_t pk_store_term_hash(librdf_node *n)
{
	const unsigned char *s;
	size_t len = 0;
	librdf_uri *dt;
	const char *lang;
	uint64_t h;

	if (!n)
		return 0x2d;
	switch (librdf_node_get_type(n)) {
	case LIBRDF_NODE_TYPE_RESOURCE:
		s = librdf_uri_as_counted_string(librdf_node_get_uri(n), &len);
		return pk_verify_mix('U', pk_hash_fast(s, len));
	case LIBRDF_NODE_TYPE_BLANK:
		s = librdf_node_get_counted_blank_identifier(n, &len);
		return pk_verify_mix('B', pk_hash_fast(s, len));
	case LIBRDF_NODE_TYPE_LITERAL:
		s = librdf_node_get_literal_value_as_counted_string(n, &len);
		h = pk_verify_mix('L', pk_hash_fast(s, len));
		lang = librdf_node_get_literal_value_language(n);
		h = pk_verify_mix(h, lang ? pk_hash_fast(lang, strlen(lang)) : 0);
		dt = librdf_node_get_literal_value_datatype_uri(n);
		s = dt ? librdf_uri_as_counted_string(dt, &len) : NULL;
		return pk_verify_mix(h, s ? pk_hash_fast(s, len) : 0);
	default:
		return 0x3f;
	}
}

uint64_t pk_store_triple_hash(uint64_t s, uint64_t p, uint64_t o)
{
	uint64_t h = pk_verify_mix(pk_verify_mix(pk_verify_mix(
		0xcbf29ce484222325ull, s), p), o);

	/* splitmix64's finaliser: the digest is a plain sum */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	return h;
}

uint64_t pk_store_statement_hash(librdf_statement *s)
{
	return pk_store_triple_hash(
		pk_store_term_hash(librdf_statement_get_subject(s)),
		pk_store_term_hash(librdf_statement_get_predicate(s)),
		pk_store_term_hash(librdf_statement_get_object(s)));
}

void pk_store_digest_add(pk_store_digest *d, uint64_t h)
{
	d->n++;
	d->sum += h;
}

void pk_store_digest_add_in(pk_store_digest *d, uint64_t h, uint64_t graph)
{
	pk_store_digest_add(d, h);
	d->gsum += pk_store_triple_hash(h, graph, 0x67);
}

int pk_store_digest_equal(const pk_store_digest *a, const pk_store_digest *b)
{
	return a->n == b->n && a->sum == b->sum;
}

int pk_store_digest_stream(pk_store_digest *d, librdf_stream *s)
{
	librdf_statement *x;

	memset(d, 0, sizeof *d);
	if (!s)
		return PK_ESTORE;
	for (; !librdf_stream_end(s); librdf_stream_next(s)) {
		x = librdf_stream_get_object(s);
		if (!x) {
			librdf_free_stream(s);
			return PK_ESTORE;
		}
		pk_store_digest_add(d, pk_store_statement_hash(x));
	}
	librdf_free_stream(s);
	return 0;
}

int pk_store_tally_push(pk_store_tally *t, uint64_t h)
{
	pk_store_digest_add(&t->quads, h);
	return pk_buf_put(&t->hashes, (const char *)&h, sizeof h);
}

static int pk_verify_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

void pk_store_tally_union(pk_store_digest *out, pk_store_tally *t)
{
	uint64_t *h = (uint64_t *)(void *)t->hashes.ptr;
	size_t n = t->hashes.len / sizeof *h, i;

	memset(out, 0, sizeof *out);
	if (n)
		qsort(h, n, sizeof *h, pk_verify_u64_cmp);
	for (i = 0; i < n; i++)
		if (i == 0 || h[i] != h[i - 1])
			pk_store_digest_add(out, h[i]);
}

void pk_store_tally_free(pk_store_tally *t)
{
	pk_buf_free(&t->hashes);
	memset(t, 0, sizeof *t);
}

int pk_store_digest_text(pk_store_digest *d, pk_store_tally *tally,
	librdf_world *world, const char *text, size_t len, const pk_diag *diag,
	const char *where)
{
	uint64_t h;
	const char *p = text, *end = text + len, *nl;
	librdf_statement *stmt;
	librdf_node *ctx;
	char prefix[20];
	size_t llen;
	int rc;

	memset(d, 0, sizeof *d);
	if ((rc = pk_store_doc_prefix(prefix, text, len, diag, where)) < 0)
		return rc;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		llen = (size_t)((nl ? nl : end) - p);
		if (llen && *p != '#') {
			rc = pk_store_nq_parse_line(&stmt, &ctx, world, p, llen, prefix);
			if (rc == PK_EINPUT) {
				pk_diag_emit(diag, PK_SEV_ERROR, "%s: not a stored quad: %.*s",
					where, (int)(llen > 80 ? 80 : llen), p);
				return PK_ESTORE;
			}
			if (rc < 0)
				return rc;
			h = pk_store_statement_hash(stmt);
			librdf_free_statement(stmt);
			librdf_free_node(ctx);
			pk_store_digest_add(d, h);
			if (tally && (rc = pk_store_tally_push(tally, h)) < 0)
				return rc;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}
