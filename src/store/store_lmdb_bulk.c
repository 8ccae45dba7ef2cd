/*
 * store_lmdb_bulk.c - the bulk build of an empty LMDB index: statements
 * added to it are held in memory and, when the transaction is next read
 * or committed, written order by order, sorted, each appended after the
 * last.  A fresh load's puts then land in order instead of searching the
 * trees (issue 16: a fresh 1M-quad load spent a third of its time in
 * mdb_put).  The rest of the module is store_lmdb.c.
 */
#include "store/store_lmdb_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int pk_lmdb_u64x4_cmp(const uint64_t *x, const uint64_t *y)
{
	int i;

	for (i = 0; i < 4; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

/* The digits of a radix sort of tuples: byte `shift` of column `col`,
 * most significant first, only the bytes some tuple uses (ids count up
 * from 1, so a few bytes each). */
typedef struct pk_lmdb_digits {
	unsigned char col[32], shift[32];
	int n;
} pk_lmdb_digits;

static void pk_lmdb_swap4(uint64_t *a, uint64_t *b)
{
	uint64_t t[4];

	memcpy(t, a, sizeof t);
	memcpy(a, b, sizeof t);
	memcpy(b, t, sizeof t);
}

/* Sort the n tuples at x from digit d on: an in-place MSD radix sort
 * (American flag), insertion sort for small runs.  qsort took 11% of a
 * fresh 1M load in its comparisons, and glibc's merge sort mallocs a
 * second array of the tuples (320 MB at 10M quads). */
static void pk_lmdb_radix(uint64_t *x, size_t n, const pk_lmdb_digits *dg, int d)
{
	size_t count[256], next[256], end[256], i, j, at;
	unsigned b, k;
	int col, sh;

	while (n > 1 && d < dg->n) {
		if (n < 24) {
			for (i = 1; i < n; i++)
				for (j = i; j > 0 &&
				     pk_lmdb_u64x4_cmp(x + 4 * (j - 1), x + 4 * j) > 0; j--)
					pk_lmdb_swap4(x + 4 * (j - 1), x + 4 * j);
			return;
		}
		col = dg->col[d];
		sh = dg->shift[d];
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[(x[4 * i + col] >> sh) & 0xff]++;
		for (b = 0, at = 0; b < 256; b++) {
			next[b] = at;
			at += count[b];
			end[b] = at;
		}
		for (b = 0; b < 256; b++)
			while (next[b] < end[b]) {
				k = (unsigned)(x[4 * next[b] + col] >> sh) & 0xff;
				if (k == b)
					next[b]++;
				else
					pk_lmdb_swap4(x + 4 * next[b], x + 4 * next[k]++);
			}
		/* recurse into every bucket but the largest, loop on that one,
		 * so the stack stays shallow */
		for (b = 0, k = 0; b < 256; b++)
			if (count[b] > count[k])
				k = b;
		for (b = 0; b < 256; b++)
			if (b != k && count[b] > 1)
				pk_lmdb_radix(x + 4 * (end[b] - count[b]), count[b], dg, d + 1);
		x += 4 * (end[k] - count[k]);
		n = count[k];
		d++;
	}
}

static void pk_lmdb_held_sort(pk_lmdb *db)
{
	uint64_t max[4] = { 0, 0, 0, 0 };
	pk_lmdb_digits dg;
	size_t i;
	int c, bytes;

	for (i = 0; i < 4 * db->nheld; i++)
		max[i & 3] |= db->held[i];
	dg.n = 0;
	for (c = 0; c < 4; c++) {
		for (bytes = 0; bytes < 8 && (max[c] >> (8 * bytes)); bytes++)
			;
		while (bytes-- > 0) {
			dg.col[dg.n] = (unsigned char)c;
			dg.shift[dg.n++] = (unsigned char)(8 * bytes);
		}
	}
	pk_lmdb_radix(db->held, db->nheld, &dg, 0);
}

/* Does this transaction see an index with no statement yet? */
int pk_lmdb_empty(pk_lmdb *db)
{
	MDB_stat ms;

	return mdb_stat(db->txn, db->order[PK_LMDB_SPO], &ms) == 0 &&
		ms.ms_entries == 0;
}

int pk_lmdb_hold(pk_lmdb *db, const uint64_t t[4])
{
	uint64_t *h;
	size_t cap;

	if (db->nheld == db->capheld) {
		cap = db->capheld ? db->capheld * 2 : 4096;
		if (!(h = realloc(db->held, cap * 4 * sizeof *h)))
			return pk_lmdb_fail(db, "cannot hold a statement", ENOMEM);
		db->held = h;
		db->capheld = cap;
	}
	memcpy(db->held + 4 * db->nheld++, t, 4 * sizeof *t);
	return 0;
}

/* Lay the held tuples out in order to's permutation, from order from's
 * (-1: as held, s p o c).  In place: a second array of them was the
 * largest thing a 10M-quad load held. */
static void pk_lmdb_held_permute(pk_lmdb *db, int from, int to)
{
	uint64_t t[4], *x;
	size_t i;
	int j;

	for (i = 0; i < db->nheld; i++) {
		x = db->held + 4 * i;
		for (j = 0; j < 4; j++)
			t[from < 0 ? j : pk_lmdb_perm[from][j]] = x[j];
		for (j = 0; j < 4; j++)
			x[j] = t[pk_lmdb_perm[to][j]];
	}
}

/* Values of one key given to LMDB in one call (MDB_MULTIPLE), 24 KB */
#define PK_LMDB_RUN 1024

/* Put n values of key at once, after what the order holds: a new key
 * (MDB_APPEND) or, with more, the key put last (MDB_APPENDDUP). */
static int pk_lmdb_put_run(pk_lmdb *db, MDB_cursor *cur, uint64_t key,
	unsigned char *vals, size_t n, int more)
{
	unsigned char kb[8];
	MDB_val k, v[2];
	int rc;

	pk_lmdb_put64(kb, key);
	k.mv_data = kb;
	k.mv_size = 8;
	v[0].mv_data = vals;
	v[0].mv_size = 24;
	v[1].mv_data = NULL;
	v[1].mv_size = n;
	rc = mdb_cursor_put(cur, &k, v, MDB_MULTIPLE |
		(more ? MDB_APPENDDUP : MDB_APPEND));
	if (!rc && v[1].mv_size != n)
		rc = MDB_CORRUPTED;   /* fewer stored than given */
	return rc ? pk_lmdb_fail(db, "cannot write", rc) : 0;
}

/* Write the held statements: for each order, its tuples sorted, each
 * appended after the last (the same statement twice is written once),
 * a key's values up to PK_LMDB_RUN at a time: one put a value searched
 * for its key each time (MDB_APPENDDUP is not an append of the key),
 * 16% of a fresh load, most of it in pos, whose few keys (predicates)
 * have a million values each. */
int pk_lmdb_flush(pk_lmdb *db)
{
	unsigned char run[PK_LMDB_RUN * 24];
	const uint64_t *x;
	MDB_cursor *cur = NULL;
	uint64_t key = 0;
	size_t i, n;
	int o, rc = 0, mrc, more;

	if (db->bulk != 1)
		return 0;
	db->bulk = -1;
	for (o = 0; o < PK_LMDB_ORDERS && db->nheld; o++) {
		if (o == PK_LMDB_CSPO && !db->contexts)
			break;
		pk_lmdb_held_permute(db, o - 1, o);
		pk_lmdb_held_sort(db);
		if ((mrc = mdb_cursor_open(db->txn, db->order[o], &cur))) {
			rc = pk_lmdb_fail(db, "cannot write", mrc);
			goto out;
		}
		for (i = 0, n = 0, more = 0; i < db->nheld; i++) {
			x = db->held + 4 * i;
			/* cspo: the statements without a context sort first */
			if ((i && memcmp(x, x - 4, 4 * sizeof *x) == 0) ||
			    (o == PK_LMDB_CSPO && !x[0]))
				continue;
			if (n && (x[0] != key || n == PK_LMDB_RUN)) {
				if ((rc = pk_lmdb_put_run(db, cur, key, run, n, more)) < 0)
					goto out;
				more = x[0] == key;
				n = 0;
			}
			key = x[0];
			pk_lmdb_put64(run + 24 * n, x[1]);
			pk_lmdb_put64(run + 24 * n + 8, x[2]);
			pk_lmdb_put64(run + 24 * n + 16, x[3]);
			n++;
		}
		if (n && (rc = pk_lmdb_put_run(db, cur, key, run, n, more)) < 0)
			goto out;
		mdb_cursor_close(cur);
		cur = NULL;
	}
out:
	if (cur)
		mdb_cursor_close(cur);
	free(db->held);
	db->held = NULL;
	db->nheld = db->capheld = 0;
	return rc;
}

int pk_lmdb_begin_read(pk_lmdb *db)
{
	return pk_lmdb_begin(db) < 0 || pk_lmdb_flush(db) < 0 ? -1 : 0;
}
