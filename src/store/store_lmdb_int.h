/*
 * store_lmdb_int.h - what the two halves of the LMDB storage module share:
 * store_lmdb.c (environment, transactions, terms, writes, the factory)
 * and store_lmdb_read.c (streams of statements and of contexts).  No other
 * file includes it; the rest of the store sees only PK_STORE_LMDB.
 */
#ifndef PK_STORE_LMDB_INT_H
#define PK_STORE_LMDB_INT_H

#include <lmdb.h>
#include <stdint.h>
#include <string.h>

#include "store/store_int.h"

/* Address space reserved for the map, not disk: the file grows as it is
 * written.  10M quads take about 2 GB. */
#define PK_LMDB_MAPSIZE ((size_t)64 << 30)
#define PK_LMDB_MAPSIZE_MIN ((size_t)256 << 20)
/* id -> node cache slots (a power of two) */
#define PK_LMDB_CACHE 8192

enum { PK_LMDB_SPO, PK_LMDB_POS, PK_LMDB_OSP, PK_LMDB_CSPO, PK_LMDB_ORDERS };

typedef struct pk_lmdb_cached {
	uint64_t id;
	librdf_node *node;   /* one reference of our own */
} pk_lmdb_cached;

/* term -> id cache slots (a power of two): a load names the same
 * predicates, classes and documents over and over, and each lookup in
 * LMDB is two B+tree searches */
#define PK_LMDB_IDS 65536
#define PK_LMDB_TOUCHED 256

typedef struct pk_lmdb_known {
	uint64_t hash;       /* of the term's bytes */
	uint64_t id;         /* 0: empty */
	size_t len;
	char *bytes;
} pk_lmdb_known;

typedef struct pk_lmdb {
	librdf_world *world;
	char *path;
	int contexts;
	int writable;
	MDB_env *env;
	MDB_txn *txn;
	unsigned long txn_gen;   /* bumped whenever txn ends */
	int txn_failed;          /* a write failed: the commit is refused */
	int dbs_open;
	MDB_dbi terms, ids, meta, order[PK_LMDB_ORDERS];
	MDB_dbi dates;           /* store_lmdb_dates.c */
	int dates_ok;            /* it holds every term below next_id */
	uint64_t next_id;
	pk_lmdb_cached *cache;
	pk_lmdb_known *known;
	size_t ncache, nknown;   /* entries ever filled since the last clear */
	/* the slots of the first PK_LMDB_TOUCHED of them: a query fills a
	 * few, and walking 2 MB at close was 8% of a bound query's process */
	uint32_t cache_touched[PK_LMDB_TOUCHED], known_touched[PK_LMDB_TOUCHED];
	/* Statements added to an empty index are held here (s p o c ids)
	 * and written sorted, by appending, when the transaction is next
	 * read or committed: a fresh load's puts land in order instead of
	 * searching the trees.  bulk: 0 undecided in this transaction, 1
	 * holding, -1 writing through. */
	int bulk;
	uint64_t *held;
	size_t nheld, capheld;
} pk_lmdb;

/* ---- bytes -------------------------------------------------------------------------- */

/* Ids are stored big-endian, so that the B+trees' byte order is their
 * numeric order: one load and a byte swap each way. */
static inline uint64_t pk_lmdb_be64(uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap64(v);
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return v;
#else
	unsigned char b[8];
	uint64_t r;
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)(v & 0xff);
	memcpy(&r, b, 8);
	return r;
#endif
}

static inline void pk_lmdb_put64(unsigned char *p, uint64_t v)
{
	v = pk_lmdb_be64(v);
	memcpy(p, &v, 8);
}

static inline uint64_t pk_lmdb_get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return pk_lmdb_be64(v);
}

static inline void pk_lmdb_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static inline uint32_t pk_lmdb_get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		(uint32_t)p[2] << 8 | p[3];
}

/* ---- shared between the two files ----------------------------------------------- */

/* Log what failed (LMDB's reason); a write transaction is then refused
 * at commit.  Returns -1. */
int pk_lmdb_fail(pk_lmdb *db, const char *what, int rc);
/* The storage's transaction, begun when there is none. */
int pk_lmdb_begin(pk_lmdb *db);
/* pk_lmdb_begin, with the statements held for a bulk build written
 * first, for whatever reads the index. */
int pk_lmdb_begin_read(pk_lmdb *db);
/* The bulk build (store_lmdb_bulk.c): is the index empty in this
 * transaction; hold the statement t (s p o c ids); write what is held. */
int pk_lmdb_empty(pk_lmdb *db);
int pk_lmdb_hold(pk_lmdb *db, const uint64_t t[4]);
int pk_lmdb_flush(pk_lmdb *db);
/* Where each order takes its key and values from s p o c (0-3). */
extern const int pk_lmdb_perm[PK_LMDB_ORDERS][4];
/* The id of term n (0 when it has none and create is 0); enc is scratch. */
int pk_lmdb_term_id(uint64_t *id, pk_lmdb *db, librdf_node *n, int create,
	pk_buf *enc);
/* The node of id, a new reference the caller frees. */
librdf_node *pk_lmdb_node(pk_lmdb *db, uint64_t id);
/* The node of a term's bytes (pk_lmdb_encode's), new; NULL when they
 * are not a term. */
librdf_node *pk_lmdb_decode(pk_lmdb *db, const unsigned char *p, size_t n);
/* The terms s p o c of an order's key and value. */
void pk_lmdb_unarrange(uint64_t t[4], int order, const unsigned char *key,
	const unsigned char *val);

/* store_lmdb_dates.c: the date index, opened (and, in a writer,
 * brought up to date) once next_id is read; a new term entered when it
 * is an xsd:date; its mark written before a commit. */
int pk_lmdb_dates_open(pk_lmdb *db);
int pk_lmdb_dates_note(pk_lmdb *db, uint64_t id, const void *term, size_t len);
int pk_lmdb_dates_commit(pk_lmdb *db);

/* store_lmdb_read.c: the statements matching s (NULL parts match
 * anything), in context ctx when it is not NULL; the contexts. */
librdf_stream *pk_lmdb_find(librdf_storage *storage, librdf_statement *s,
	librdf_node *ctx);
librdf_iterator *pk_lmdb_get_contexts(librdf_storage *storage);

#endif
