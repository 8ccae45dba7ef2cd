/*
 * store_lmdb_dates.c - the date index of an LMDB index: every xsd:date
 * term under its lexical form, so that the dates of a range are a range
 * of keys (issue 16: `events from/to` read the start of every event in
 * the store to filter it).  Its databases:
 *
 *   dates   "YYYY-MM-DD" -> id   a calendar date, year 0001-9999, no zone
 *           0xff id      -> id   any other xsd:date form ("2024-5-1",
 *                                "2024-05-10+09:00"): in every range,
 *                                for the query's own FILTER to judge
 *   meta    "dates" -> id        every term below this id is in dates
 *
 * It indexes terms, not statements.  A term enters when it is created
 * (pk_lmdb_term_id), in the transaction that creates it, and terms are
 * never removed, so a load, a replacement or a forget needs nothing
 * more, a killed write loses the entries with the terms, and a bulk
 * build of a new store fills it as it goes.  A date no statement uses
 * any more stays and matches nothing.  For the YYYY-MM-DD keys, byte
 * order is date order: Rasqal's for xsd:date values without a zone.
 *
 * An index written before this file, or by a build without it, has no
 * dates database or a marker behind its next id.  A reader does not use
 * it then (store_range.c lets the query read every date, as before): it
 * cannot write (MDB_RDONLY, and other readers may be running).  The
 * first write transaction, which holds the store's lock, brings it up
 * to date from the marker on (every term, once, for a store made before
 * it), and commits it with its own change or not at all.
 */
#include "store/store_lmdb_int.h"

#include <stdlib.h>
#include <string.h>

#include <rdf_storage_module.h>

#define PK_LMDB_XSD_DATE "http://www.w3.org/2001/XMLSchema#date"
#define PK_LMDB_DATE_LEN 10

static const char pk_lmdb_dates_mark[] = "dates";

/* Is the term (its bytes, pk_lmdb_encode's form) an xsd:date literal?
 * *lex and *lexlen get its lexical form. */
static int pk_lmdb_dates_lexical(const unsigned char *p, size_t n,
	const unsigned char **lex, size_t *lexlen)
{
	static const size_t dtlen = sizeof PK_LMDB_XSD_DATE - 1;
	uint32_t ll;

	if (n < 9 || p[0] != 'L')
		return 0;
	ll = pk_lmdb_get32(p + 1);
	if (ll > n - 9 || pk_lmdb_get32(p + 5 + ll) != 0 ||
	    n - 9 - ll != dtlen || memcmp(p + 9 + ll, PK_LMDB_XSD_DATE, dtlen) != 0)
		return 0;
	*lex = p + 5;
	*lexlen = ll;
	return 1;
}

/* Is lex a calendar date YYYY-MM-DD that sorts as its value does? */
static int pk_lmdb_dates_plain(const unsigned char *lex, size_t len)
{
	char s[PK_LMDB_DATE_LEN + 1];

	if (len != PK_LMDB_DATE_LEN)
		return 0;
	memcpy(s, lex, len);
	s[len] = '\0';
	return pk_date_valid(s);
}

/* The key of term id with lexical form lex in dates: buf holds it. */
static void pk_lmdb_dates_key(MDB_val *k, unsigned char buf[9], uint64_t id,
	const unsigned char *lex, size_t len)
{
	if (pk_lmdb_dates_plain(lex, len)) {
		k->mv_data = (void *)lex;
		k->mv_size = len;
		return;
	}
	buf[0] = 0xff;
	pk_lmdb_put64(buf + 1, id);
	k->mv_data = buf;
	k->mv_size = 9;
}

/* Term id, whose bytes are p (n), entered when it is an xsd:date. */
int pk_lmdb_dates_note(pk_lmdb *db, uint64_t id, const void *p, size_t n)
{
	const unsigned char *lex;
	unsigned char kb[9], vb[8];
	size_t len;
	MDB_val k, v;
	int rc;

	if (!db->dates_ok || !pk_lmdb_dates_lexical(p, n, &lex, &len))
		return 0;
	pk_lmdb_dates_key(&k, kb, id, lex, len);
	pk_lmdb_put64(vb, id);
	v.mv_data = vb;
	v.mv_size = 8;
	if ((rc = mdb_put(db->txn, db->dates, &k, &v, 0)))
		return pk_lmdb_fail(db, "cannot write the date index", rc);
	return 0;
}

/* Enter the terms from id `from` on (an index written without them). */
static int pk_lmdb_dates_catch_up(pk_lmdb *db, uint64_t from)
{
	unsigned char kb[8];
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int rc;

	pk_lmdb_put64(kb, from);
	k.mv_data = kb;
	k.mv_size = 8;
	if ((rc = mdb_cursor_open(db->txn, db->ids, &cur)))
		return pk_lmdb_fail(db, "cannot read", rc);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 8) {
			rc = MDB_CORRUPTED;
			break;
		}
		if (pk_lmdb_dates_note(db, pk_lmdb_get64(k.mv_data), v.mv_data,
			v.mv_size) < 0) {
			mdb_cursor_close(cur);
			return -1;
		}
	}
	mdb_cursor_close(cur);
	if (rc != MDB_NOTFOUND)
		return pk_lmdb_fail(db, "cannot read the terms", rc);
	return 0;
}

/* The marker: the id below which every term is in dates; 0 when none
 * is written. */
static int pk_lmdb_dates_marker(pk_lmdb *db, uint64_t *mark)
{
	MDB_val k, v;
	int rc;

	*mark = 0;
	k.mv_data = (void *)pk_lmdb_dates_mark;
	k.mv_size = sizeof pk_lmdb_dates_mark - 1;
	rc = mdb_get(db->txn, db->meta, &k, &v);
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc || v.mv_size != 8)
		return pk_lmdb_fail(db, "cannot read the date index's mark",
			rc ? rc : MDB_CORRUPTED);
	*mark = pk_lmdb_get64(v.mv_data);
	return 0;
}

/* At the start of a transaction, once next_id is read: is the date
 * index there and whole (db->dates_ok)?  A writer makes it so. */
int pk_lmdb_dates_open(pk_lmdb *db)
{
	uint64_t mark;
	int rc;

	db->dates_ok = 0;
	/* test hook: written as by a build that predates the date index */
	if (getenv("POLICYKG_TEST_NO_DATE_INDEX"))
		return 0;
	rc = mdb_dbi_open(db->txn, "dates", db->writable ? MDB_CREATE : 0,
		&db->dates);
	if (rc == MDB_NOTFOUND && !db->writable)
		return 0;   /* an index older than it: read without it */
	if (rc)
		return pk_lmdb_fail(db, "cannot open the date index", rc);
	if (pk_lmdb_dates_marker(db, &mark) < 0)
		return -1;
	if (mark == db->next_id) {
		db->dates_ok = 1;
		return 0;
	}
	if (!db->writable)
		return 0;
	/* a mark past the terms is no mark: enter them all again */
	if (mark > db->next_id || mark == 0) {
		if ((rc = mdb_drop(db->txn, db->dates, 0)))
			return pk_lmdb_fail(db, "cannot clear the date index", rc);
		mark = 1;
	}
	db->dates_ok = 1;
	if (pk_lmdb_dates_catch_up(db, mark) < 0) {
		db->dates_ok = 0;
		return -1;
	}
	return 0;
}

/* Before a commit: every term so far is in dates. */
int pk_lmdb_dates_commit(pk_lmdb *db)
{
	unsigned char buf[8];
	MDB_val k, v;
	int rc;

	if (!db->dates_ok)
		return 0;
	pk_lmdb_put64(buf, db->next_id);
	k.mv_data = (void *)pk_lmdb_dates_mark;
	k.mv_size = sizeof pk_lmdb_dates_mark - 1;
	v.mv_data = buf;
	v.mv_size = 8;
	if ((rc = mdb_put(db->txn, db->meta, &k, &v, 0)))
		return pk_lmdb_fail(db, "cannot write", rc);
	return 0;
}

/* ---- reading ------------------------------------------------------------------------ */

static int pk_lmdb_dates_idcmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int pk_lmdb_dates_push(uint64_t **ids, size_t *n, size_t *cap,
	const MDB_val *v)
{
	uint64_t *grown;

	if (v->mv_size != 8)
		return -1;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		if (!(grown = realloc(*ids, *cap * sizeof *grown)))
			return -1;
		*ids = grown;
	}
	(*ids)[(*n)++] = pk_lmdb_get64(v->mv_data);
	return 0;
}

/* The ids of the dates from..to (either NULL: open), with every date of
 * another form, in id order: *ids malloc'd. */
static int pk_lmdb_dates_ids(pk_lmdb *db, const char *from, const char *to,
	uint64_t **ids, size_t *n)
{
	static const unsigned char odd = 0xff;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	size_t cap = 0;
	int rc, out = -1;

	*ids = NULL;
	*n = 0;
	if ((rc = mdb_cursor_open(db->txn, db->dates, &cur)))
		return pk_lmdb_fail(db, "cannot read the date index", rc);
	k.mv_data = (void *)from;
	k.mv_size = from ? PK_LMDB_DATE_LEN : 0;
	for (rc = mdb_cursor_get(cur, &k, &v, from ? MDB_SET_RANGE : MDB_FIRST);
	     rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != PK_LMDB_DATE_LEN ||
		    (to && memcmp(k.mv_data, to, PK_LMDB_DATE_LEN) > 0))
			break;
		if (pk_lmdb_dates_push(ids, n, &cap, &v) < 0)
			goto out;
	}
	if (rc && rc != MDB_NOTFOUND) {
		pk_lmdb_fail(db, "cannot read the date index", rc);
		goto out;
	}
	/* then every date of another form */
	k.mv_data = (void *)&odd;
	k.mv_size = 1;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT))
		if (pk_lmdb_dates_push(ids, n, &cap, &v) < 0)
			goto out;
	if (rc != MDB_NOTFOUND) {
		pk_lmdb_fail(db, "cannot read the date index", rc);
		goto out;
	}
	if (*n > 1)
		qsort(*ids, *n, sizeof **ids, pk_lmdb_dates_idcmp);
	out = 0;
out:
	mdb_cursor_close(cur);
	if (out < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return out;
}

int pk_store_lmdb_dates(librdf_node ***out, size_t *n, librdf_storage *storage,
	const char *from, const char *to)
{
	pk_lmdb *db = librdf_storage_get_instance(storage);
	librdf_node **nodes = NULL;
	uint64_t *ids = NULL;
	size_t nids = 0, i = 0;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (!db || pk_lmdb_begin_read(db) < 0)
		return -1;
	if (!db->dates_ok)
		return 1;
	if (pk_lmdb_dates_ids(db, from, to, &ids, &nids) < 0)
		goto out;
	if (nids && !(nodes = calloc(nids, sizeof *nodes)))
		goto out;
	for (i = 0; i < nids; i++)
		if (!(nodes[i] = pk_lmdb_node(db, ids[i])))
			goto out;
	*out = nodes;
	*n = nids;
	nodes = NULL;
	rc = 0;
out:
	pk_store_lmdb_dates_free(nodes, i);
	free(ids);
	return rc;
}

void pk_store_lmdb_dates_free(librdf_node **nodes, size_t n)
{
	size_t i;

	for (i = 0; nodes && i < n; i++)
		if (nodes[i])
			librdf_free_node(nodes[i]);
	free(nodes);
}

/* ---- checking ----------------------------------------------------------------------- */

int pk_store_lmdb_dates_check(librdf_storage *storage, pk_buf *why)
{
	pk_lmdb *db = librdf_storage_get_instance(storage);
	const unsigned char *lex;
	unsigned char kb[9];
	uint64_t want = 0, id;
	MDB_cursor *cur = NULL;
	MDB_val k, v, dk, dv;
	MDB_stat ms;
	size_t len;
	int rc;

	if (!db || pk_lmdb_begin_read(db) < 0)
		return -1;
	if (!db->dates_ok)
		return 1;
	if ((rc = mdb_cursor_open(db->txn, db->ids, &cur)))
		return pk_lmdb_fail(db, "cannot read", rc);
	/* every xsd:date term under its key ... */
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 8 ||
		    !pk_lmdb_dates_lexical(v.mv_data, v.mv_size, &lex, &len))
			continue;
		id = pk_lmdb_get64(k.mv_data);
		want++;
		pk_lmdb_dates_key(&dk, kb, id, lex, len);
		rc = mdb_get(db->txn, db->dates, &dk, &dv);
		if (rc == MDB_NOTFOUND || (rc == 0 && (dv.mv_size != 8 ||
		    pk_lmdb_get64(dv.mv_data) != id))) {
			mdb_cursor_close(cur);
			return pk_buf_printf(why, "the date index lacks \"%.*s\" (term %llu)",
				(int)len, (const char *)lex, (unsigned long long)id) < 0 ? -1 : 2;
		}
		if (rc)
			break;
	}
	mdb_cursor_close(cur);
	if (rc != MDB_NOTFOUND)
		return pk_lmdb_fail(db, "cannot read the terms", rc);
	/* ... and nothing else */
	if ((rc = mdb_stat(db->txn, db->dates, &ms)))
		return pk_lmdb_fail(db, "cannot read the date index", rc);
	if (ms.ms_entries != want)
		return pk_buf_printf(why, "the date index holds %llu dates where the "
			"terms have %llu", (unsigned long long)ms.ms_entries,
			(unsigned long long)want) < 0 ? -1 : 2;
	return 0;
}
