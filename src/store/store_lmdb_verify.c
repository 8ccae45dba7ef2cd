/*
 * store_lmdb_verify.c - an index file read back whole by term ids, for
 * the check of an index built fresh (store_dir_index.c).
 *
 * The read-back through librdf made a node for every term of every
 * statement and looked each triple up in the union: a fifth of a fresh
 * load.  Here each term is decoded once, from the ids table, into the
 * node a query would get, and hashed as the text's term was
 * (pk_store_term_hash); the statements are then read as ids, a page of
 * values at a time, and their hashes made from the terms' hashes.  What
 * is read, and what it shows:
 *
 *   ids     every term decodes; its hash is the one its statements use
 *   terms   holds exactly (hash64 of the bytes, id) for every id, the
 *           lookup every bound query and every write goes through
 *   cspo    (graphs) or spo (union): the statements by their terms'
 *           text, the digest the caller compares with the documents'
 *   spo pos osp (and cspo): as many entries, and the same sum of the
 *           hashes of their (s, p, o, c) ids, as the first order read:
 *           each order holds the same statements, so a pattern finds
 *           the same answer whichever order serves it
 *
 * and, from spo, the digest of each distinct triple once, which the
 * union must hold.  Equal counts and 64-bit sums mean equal multisets
 * but for a 2^-64 accident, as for store_verify.c's digests.
 */
#define _GNU_SOURCE /* madvise */
#include "store/store_lmdb_int.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

/* Entries read between two pk_lmdb_let_go: tens of MB of pages */
#define PK_LMDB_LET_GO 262144

/* The terms: hash[id] as pk_store_term_hash gives it, have[id] when the
 * ids table holds id. */
typedef struct pk_lmdb_terms {
	uint64_t *hash;
	unsigned char *have;
	uint64_t n;          /* ids below n */
} pk_lmdb_terms;

static uint64_t pk_lmdb_mix(uint64_t h, uint64_t x)
{
	h = (h ^ x) * 0xff51afd7ed558ccdull;
	return h ^ (h >> 32);
}

/* A tuple of ids, hashed: orders are compared by these alone. */
static uint64_t pk_lmdb_tuple_hash(const uint64_t t[4])
{
	uint64_t h = pk_lmdb_mix(pk_lmdb_mix(pk_lmdb_mix(pk_lmdb_mix(
		0x9e3779b97f4a7c15ull, t[0]), t[1]), t[2]), t[3]);

	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 32);
}

/* The pages of the map this read-only storage has read: they stay in
 * the page cache, but resident in the process they counted as its
 * memory, the whole of both files by the end (3.4 GB at 10M quads,
 * where the load's own peak is 1.5).  Letting go is safe at any moment,
 * open cursors and all: the map is a shared, read-only mapping of the
 * file, so a page let go is read again from the page cache, the same
 * bytes.  LMDB does not say where its map is (mdb_env_info only with
 * MDB_FIXEDMAP), so it is found in /proc/self/maps by the file's inode;
 * where it is not found, nothing is let go. */
typedef struct pk_lmdb_map {
	void *addr;
	size_t len;
} pk_lmdb_map;

static void pk_lmdb_map_find(pk_lmdb_map *m, pk_lmdb *db)
{
	unsigned long lo, hi, ino;
	unsigned maj, mnr;
	char line[512];
	struct stat sb;
	MDB_envinfo ei;
	MDB_stat ms;
	FILE *f;

	m->addr = NULL;
	m->len = 0;
	if (db->writable || stat(db->path, &sb) < 0 ||
	    mdb_env_info(db->env, &ei) || mdb_env_stat(db->env, &ms) ||
	    !(f = fopen("/proc/self/maps", "r")))
		return;
	/* "lo-hi perms offset major:minor inode path"; a longer line comes
	 * in pieces that do not parse */
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "%lx-%lx %*s %*s %x:%x %lu", &lo, &hi, &maj, &mnr,
			&ino) == 5 && ino == (unsigned long)sb.st_ino &&
		    makedev(maj, mnr) == sb.st_dev && hi > lo) {
			m->addr = (void *)lo;
			m->len = (ei.me_last_pgno + 1) * (size_t)ms.ms_psize;
			if (m->len > hi - lo)
				m->len = hi - lo;
			break;
		}
	fclose(f);
}

static void pk_lmdb_let_go(const pk_lmdb_map *m)
{
	if (m->addr)
		(void)madvise(m->addr, m->len, MADV_DONTNEED);
}

static int pk_lmdb_bad(pk_buf *why, const char *what)
{
	return pk_buf_printf(why, "%s", what) < 0 ? -1 : 1;
}

/* Every term of the ids table decoded and hashed; the terms table
 * compared with it. */
static int pk_lmdb_terms_read(pk_lmdb_terms *tm, pk_lmdb *db,
	const pk_lmdb_map *map, pk_buf *why)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	uint64_t id, want = 0, got = 0, nwant = 0, ngot = 0;
	librdf_node *node;
	int rc, out = 0;

	tm->n = db->next_id;
	tm->hash = calloc(tm->n ? tm->n : 1, sizeof *tm->hash);
	tm->have = calloc(tm->n ? tm->n : 1, 1);
	if (!tm->hash || !tm->have)
		return pk_lmdb_fail(db, "cannot read the terms", ENOMEM);
	if ((rc = mdb_cursor_open(db->txn, db->ids, &cur)))
		return pk_lmdb_fail(db, "cannot read the terms", rc);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		id = k.mv_size == 8 ? pk_lmdb_get64(k.mv_data) : 0;
		if (!id || id >= tm->n) {
			out = pk_lmdb_bad(why, "the terms hold an id out of range");
			goto out;
		}
		if (!(node = pk_lmdb_decode(db, v.mv_data, v.mv_size))) {
			out = pk_buf_printf(why, "term %llu cannot be read",
				(unsigned long long)id) < 0 ? -1 : 1;
			goto out;
		}
		tm->hash[id] = pk_store_term_hash(node);
		librdf_free_node(node);
		tm->have[id] = 1;
		want += pk_lmdb_mix(pk_hash64(v.mv_data, v.mv_size), id);
		if (++nwant % PK_LMDB_LET_GO == 0)
			pk_lmdb_let_go(map);
	}
	if (rc != MDB_NOTFOUND) {
		out = pk_lmdb_fail(db, "cannot read the terms", rc);
		goto out;
	}
	mdb_cursor_close(cur);
	cur = NULL;
	/* the lookup table: each term under the hash of its bytes */
	if ((rc = mdb_cursor_open(db->txn, db->terms, &cur)))
		return pk_lmdb_fail(db, "cannot read the terms", rc);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 8 || v.mv_size != 8) {
			out = pk_lmdb_bad(why, "the term table is damaged");
			goto out;
		}
		got += pk_lmdb_mix(pk_lmdb_get64(k.mv_data), pk_lmdb_get64(v.mv_data));
		ngot++;
	}
	if (rc != MDB_NOTFOUND) {
		out = pk_lmdb_fail(db, "cannot read the terms", rc);
		goto out;
	}
	if (ngot != nwant || got != want)
		out = pk_lmdb_bad(why, "the term table does not match the terms");
out:
	if (cur)
		mdb_cursor_close(cur);
	return out;
}

/* One order read whole: its count and sum of tuple hashes in *n and
 * *ids; with text, the statements' digest; with distinct (spo only),
 * each triple's once. */
static int pk_lmdb_order_read(uint64_t *n, uint64_t *ids, pk_lmdb *db,
	const pk_lmdb_map *map, const pk_lmdb_terms *tm, int order,
	pk_store_digest *text, pk_store_digest *distinct, pk_buf *why)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	MDB_stat ms;
	uint64_t t[4], last[3] = { 0, 0, 0 }, h;
	const unsigned char *val;
	size_t i, nv;
	int rc, mrc, j, out = 0;

	*n = *ids = 0;
	if ((rc = mdb_cursor_open(db->txn, db->order[order], &cur)))
		return pk_lmdb_fail(db, "cannot read", rc);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_NODUP)) {
		if (k.mv_size != 8) {
			out = pk_lmdb_bad(why, "a statement's key is damaged");
			goto out;
		}
		/* a key with one value leaves v as MDB_FIRST or NEXT_NODUP set it */
		for (mrc = mdb_cursor_get(cur, &k, &v, MDB_GET_MULTIPLE); mrc == 0;
		     mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_MULTIPLE)) {
			if (!v.mv_size || v.mv_size % 24) {
				out = pk_lmdb_bad(why, "a statement is damaged");
				goto out;
			}
			nv = v.mv_size / 24;
			for (i = 0; i < nv; i++) {
				val = (const unsigned char *)v.mv_data + 24 * i;
				pk_lmdb_unarrange(t, order, k.mv_data, val);
				for (j = 0; j < 4; j++)
					if (t[j] >= tm->n || (!tm->have[t[j]] && (j < 3 || t[j]))) {
						out = pk_lmdb_bad(why, "a statement names a term "
							"the index does not have");
						goto out;
					}
				if (++*n % PK_LMDB_LET_GO == 0)
					pk_lmdb_let_go(map);
				*ids += pk_lmdb_tuple_hash(t);
				if (!text && !distinct)
					continue;
				h = pk_store_triple_hash(tm->hash[t[0]], tm->hash[t[1]],
					tm->hash[t[2]]);
				if (text && t[3])
					pk_store_digest_add_in(text, h, tm->hash[t[3]]);
				else if (text)
					pk_store_digest_add(text, h);
				/* spo: the documents of a triple are next to each other */
				if (distinct && memcmp(last, t, sizeof last) != 0) {
					pk_store_digest_add(distinct, h);
					memcpy(last, t, sizeof last);
				}
			}
		}
		if (mrc != MDB_NOTFOUND) {
			out = pk_lmdb_fail(db, "cannot read", mrc);
			goto out;
		}
	}
	if (rc != MDB_NOTFOUND) {
		out = pk_lmdb_fail(db, "cannot read", rc);
		goto out;
	}
	/* and every entry was seen: the reading itself is checked */
	if ((rc = mdb_stat(db->txn, db->order[order], &ms))) {
		out = pk_lmdb_fail(db, "cannot read", rc);
		goto out;
	}
	if (ms.ms_entries != *n)
		out = pk_lmdb_bad(why, "an order does not hold the entries it counts");
out:
	if (cur)
		mdb_cursor_close(cur);
	return out;
}

int pk_store_lmdb_sums_read(pk_store_lmdb_sums *out, librdf_storage *storage,
	pk_buf *why)
{
	static const char *const names[PK_LMDB_ORDERS] = {
		"spo", "pos", "osp", "cspo"
	};
	pk_lmdb *db = librdf_storage_get_instance(storage);
	pk_lmdb_terms tm = { NULL, NULL, 0 };
	pk_lmdb_map map;
	uint64_t n0, ids0, n, ids;
	int first, o, rc;

	memset(out, 0, sizeof *out);
	if (!db || pk_lmdb_begin_read(db) < 0)
		return -1;
	pk_lmdb_map_find(&map, db);
	rc = pk_lmdb_terms_read(&tm, db, &map, why);
	pk_lmdb_let_go(&map);
	if (rc != 0)
		goto out;
	/* the statements by their text from one order, the distinct triples
	 * from spo, and the others compared with the first by ids */
	first = db->contexts ? PK_LMDB_CSPO : PK_LMDB_SPO;
	rc = pk_lmdb_order_read(&n0, &ids0, db, &map, &tm, first, &out->stmts,
		first == PK_LMDB_SPO ? &out->triples : NULL, why);
	pk_lmdb_let_go(&map);
	if (rc != 0)
		goto out;
	for (o = 0; o < PK_LMDB_ORDERS; o++) {
		if (o == first || (o == PK_LMDB_CSPO && !db->contexts))
			continue;
		rc = pk_lmdb_order_read(&n, &ids, db, &map, &tm, o, NULL,
			o == PK_LMDB_SPO ? &out->triples : NULL, why);
		pk_lmdb_let_go(&map);
		if (rc != 0)
			goto out;
		if (n != n0 || ids != ids0) {
			rc = pk_buf_printf(why, "the %s order holds %llu statements where "
				"%s holds %llu%s", names[o], (unsigned long long)n,
				names[first], (unsigned long long)n0, n == n0 ?
				", not the same ones" : "") < 0 ? -1 : 1;
			goto out;
		}
	}
out:
	free(tm.hash);
	free(tm.have);
	return rc;
}
