/*
 * store_lmdb_read.c - reading the LMDB index through librdf: a stream of
 * the statements matching a pattern (the order and the bound prefix that
 * answer it: spo, pos, osp, or cspo for one document), and the iterator
 * over the documents (contexts).  A stream belongs to the transaction it
 * was opened in; once that ends, it reports its end.
 */
#include "store/store_lmdb_int.h"

#include <stdlib.h>
#include <string.h>

#include <rdf_storage_module.h>

/* A cursor of the transaction numbered gen: usable while that
 * transaction lasts. */
static int pk_lmdb_cursor_live(const pk_lmdb *db, MDB_cursor *cur,
	unsigned long gen)
{
	return cur && db->txn && gen == db->txn_gen;
}

/* Close a cursor, unless its transaction has ended: a write
 * transaction's cursors went with it. */
static void pk_lmdb_cursor_close(pk_lmdb *db, MDB_cursor *cur,
	unsigned long gen)
{
	if (pk_lmdb_cursor_live(db, cur, gen))
		mdb_cursor_close(cur);
}

/* ---- streams ------------------------------------------------------------------------ */

typedef struct pk_lmdb_stream {
	librdf_storage *storage;
	pk_lmdb *db;
	unsigned long gen;       /* of the transaction the cursor belongs to */
	MDB_cursor *cur;
	int order;
	int whole;               /* every key, not one */
	unsigned char prefix[24];
	size_t plen;             /* bytes of each value that must equal prefix */
	uint64_t want[4];        /* s p o c the statements must have; 0: any */
	int end;
	librdf_statement *stmt;
	librdf_node *ctx;
} pk_lmdb_stream;

static int pk_lmdb_stream_live(pk_lmdb_stream *st)
{
	return pk_lmdb_cursor_live(st->db, st->cur, st->gen);
}

/* Make the statement of the cursor's entry; 1 when it does not match. */
static int pk_lmdb_stream_take(pk_lmdb_stream *st, MDB_val *k, MDB_val *v)
{
	uint64_t t[4];
	librdf_node *n[3] = { NULL, NULL, NULL };
	int i;

	if (k->mv_size != 8 || v->mv_size != 24)
		return pk_lmdb_fail(st->db, "cannot read", MDB_CORRUPTED);
	pk_lmdb_unarrange(t, st->order, k->mv_data, v->mv_data);
	for (i = 0; i < 4; i++)
		if (st->want[i] && st->want[i] != t[i])
			return 1;
	if (st->stmt)
		librdf_free_statement(st->stmt);
	st->stmt = NULL;
	if (st->ctx)
		librdf_free_node(st->ctx);
	st->ctx = NULL;
	for (i = 0; i < 3; i++)
		if (!(n[i] = pk_lmdb_node(st->db, t[i])))
			goto fail;
	st->stmt = librdf_new_statement_from_nodes(st->db->world, n[0], n[1], n[2]);
	if (!st->stmt)
		return -1;   /* the nodes went with it */
	if (t[3] && !(st->ctx = pk_lmdb_node(st->db, t[3])))
		return -1;
	return 0;
fail:
	for (i = 0; i < 3; i++)
		if (n[i])
			librdf_free_node(n[i]);
	return -1;
}

/* Move to the next matching entry from op; sets end when there is none. */
static void pk_lmdb_stream_seek(pk_lmdb_stream *st, MDB_cursor_op op)
{
	MDB_val k, v;
	int rc;

	for (;;) {
		if (!pk_lmdb_stream_live(st)) {
			st->end = 1;
			return;
		}
		rc = mdb_cursor_get(st->cur, &k, &v, op);
		if (rc) {
			if (rc != MDB_NOTFOUND)
				pk_lmdb_fail(st->db, "cannot read", rc);
			st->end = 1;
			return;
		}
		if (st->plen && (v.mv_size < st->plen ||
		    memcmp(v.mv_data, st->prefix, st->plen) != 0)) {
			st->end = 1;
			return;
		}
		rc = pk_lmdb_stream_take(st, &k, &v);
		if (rc <= 0) {
			st->end = rc < 0;
			return;
		}
		op = st->whole ? MDB_NEXT : MDB_NEXT_DUP;
	}
}

static int pk_lmdb_stream_end(void *ctx)
{
	return ((pk_lmdb_stream *)ctx)->end;
}

static int pk_lmdb_stream_next(void *ctx)
{
	pk_lmdb_stream *st = ctx;

	if (!st->end)
		pk_lmdb_stream_seek(st, st->whole ? MDB_NEXT : MDB_NEXT_DUP);
	return st->end;
}

static void *pk_lmdb_stream_get(void *ctx, int flags)
{
	pk_lmdb_stream *st = ctx;

	if (st->end)
		return NULL;
	switch (flags) {
	case LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT:
		return st->stmt;
	case LIBRDF_ITERATOR_GET_METHOD_GET_CONTEXT:
		return st->ctx;
	default:
		return NULL;
	}
}

static void pk_lmdb_stream_finished(void *ctx)
{
	pk_lmdb_stream *st = ctx;

	pk_lmdb_cursor_close(st->db, st->cur, st->gen);
	if (st->stmt)
		librdf_free_statement(st->stmt);
	if (st->ctx)
		librdf_free_node(st->ctx);
	librdf_storage_remove_reference(st->storage);
	free(st);
}

/* A stream over order: all of it (key 0), or key's entries whose values
 * start with the plen bytes of prefix; each statement also has the
 * terms of want. */
static librdf_stream *pk_lmdb_stream_new(librdf_storage *storage, int order,
	uint64_t key, const uint64_t pre[3], int npre, const uint64_t want[4])
{
	pk_lmdb *db = librdf_storage_get_instance(storage);
	pk_lmdb_stream *st;
	librdf_stream *stream;
	unsigned char kb[8], vb[24];
	MDB_val k, v;
	int i, rc;

	if (pk_lmdb_begin_read(db) < 0)
		return NULL;
	st = calloc(1, sizeof *st);
	if (!st)
		return NULL;
	st->storage = storage;
	librdf_storage_add_reference(storage);
	st->db = db;
	st->gen = db->txn_gen;
	st->order = order;
	st->whole = key == 0;
	memcpy(st->want, want, sizeof st->want);
	if ((rc = mdb_cursor_open(db->txn, db->order[order], &st->cur))) {
		st->cur = NULL;
		pk_lmdb_fail(db, "cannot read", rc);
		st->end = 1;
	} else if (st->whole) {
		pk_lmdb_stream_seek(st, MDB_FIRST);
	} else {
		for (i = 0; i < npre; i++)
			pk_lmdb_put64(st->prefix + 8 * i, pre[i]);
		st->plen = 8 * (size_t)npre;
		pk_lmdb_put64(kb, key);
		memset(vb, 0, sizeof vb);
		memcpy(vb, st->prefix, st->plen);
		k.mv_data = kb;
		k.mv_size = 8;
		v.mv_data = vb;
		v.mv_size = 24;
		rc = mdb_cursor_get(st->cur, &k, &v, MDB_GET_BOTH_RANGE);
		if (rc) {
			if (rc != MDB_NOTFOUND)
				pk_lmdb_fail(db, "cannot read", rc);
			st->end = 1;
		} else if (st->plen && memcmp(v.mv_data, st->prefix, st->plen) != 0) {
			st->end = 1;
		} else if ((rc = pk_lmdb_stream_take(st, &k, &v)) < 0) {
			st->end = 1;
		} else if (rc == 1) {
			pk_lmdb_stream_seek(st, MDB_NEXT_DUP);
		}
	}
	stream = librdf_new_stream(db->world, st, pk_lmdb_stream_end,
		pk_lmdb_stream_next, pk_lmdb_stream_get, pk_lmdb_stream_finished);
	if (!stream)
		pk_lmdb_stream_finished(st);
	return stream;
}

/* The statements matching s (NULL parts match anything), in context ctx
 * when it is not NULL. */
librdf_stream *pk_lmdb_find(librdf_storage *storage,
	librdf_statement *s, librdf_node *ctx)
{
	pk_lmdb *db = librdf_storage_get_instance(storage);
	librdf_node *n[4];
	uint64_t t[4] = { 0, 0, 0, 0 }, pre[3] = { 0, 0, 0 };
	pk_buf enc = PK_BUF_INIT;
	int i, rc = 0;
	librdf_stream *out = NULL;

	if (pk_lmdb_begin_read(db) < 0)
		return NULL;
	n[0] = s ? librdf_statement_get_subject(s) : NULL;
	n[1] = s ? librdf_statement_get_predicate(s) : NULL;
	n[2] = s ? librdf_statement_get_object(s) : NULL;
	n[3] = db->contexts ? ctx : NULL;
	for (i = 0; i < 4; i++) {
		if (!n[i])
			continue;
		if ((rc = pk_lmdb_term_id(&t[i], db, n[i], 0, &enc)) < 0)
			goto out;
		if (!t[i]) {
			/* a term no statement has */
			out = librdf_new_empty_stream(db->world);
			goto out;
		}
	}
	if (t[3]) {
		/* a document's statements: its subjects in order */
		i = 0;
		if (t[0]) {
			pre[i++] = t[0];
			if (t[1]) {
				pre[i++] = t[1];
				if (t[2])
					pre[i++] = t[2];
			}
		}
		out = pk_lmdb_stream_new(storage, PK_LMDB_CSPO, t[3], pre, i, t);
	} else if (t[0] && (t[1] || !t[2])) {
		i = 0;
		if (t[1]) {
			pre[i++] = t[1];
			if (t[2])
				pre[i++] = t[2];
		}
		out = pk_lmdb_stream_new(storage, PK_LMDB_SPO, t[0], pre, i, t);
	} else if (t[0]) {
		pre[0] = t[0];
		out = pk_lmdb_stream_new(storage, PK_LMDB_OSP, t[2], pre, 1, t);
	} else if (t[1]) {
		pre[0] = t[2];
		out = pk_lmdb_stream_new(storage, PK_LMDB_POS, t[1], pre,
			t[2] ? 1 : 0, t);
	} else if (t[2]) {
		out = pk_lmdb_stream_new(storage, PK_LMDB_OSP, t[2], pre, 0, t);
	} else {
		out = pk_lmdb_stream_new(storage, PK_LMDB_SPO, 0, pre, 0, t);
	}
out:
	pk_buf_free(&enc);
	return out;
}

/* ---- contexts ----------------------------------------------------------------------- */

typedef struct pk_lmdb_ctxs {
	librdf_storage *storage;
	pk_lmdb *db;
	unsigned long gen;
	MDB_cursor *cur;
	int end;
	librdf_node *node;
} pk_lmdb_ctxs;

static void pk_lmdb_ctxs_seek(pk_lmdb_ctxs *it, MDB_cursor_op op)
{
	MDB_val k, v;
	int rc;

	if (it->node)
		librdf_free_node(it->node);
	it->node = NULL;
	if (!pk_lmdb_cursor_live(it->db, it->cur, it->gen)) {
		it->end = 1;
		return;
	}
	rc = mdb_cursor_get(it->cur, &k, &v, op);
	if (rc == 0 && k.mv_size == 8)
		it->node = pk_lmdb_node(it->db, pk_lmdb_get64(k.mv_data));
	else if (rc && rc != MDB_NOTFOUND)
		pk_lmdb_fail(it->db, "cannot read", rc);
	it->end = it->node == NULL;
}

static int pk_lmdb_ctxs_end(void *ctx)
{
	return ((pk_lmdb_ctxs *)ctx)->end;
}

static int pk_lmdb_ctxs_next(void *ctx)
{
	pk_lmdb_ctxs *it = ctx;

	if (!it->end)
		pk_lmdb_ctxs_seek(it, MDB_NEXT_NODUP);
	return it->end;
}

static void *pk_lmdb_ctxs_get(void *ctx, int flags)
{
	pk_lmdb_ctxs *it = ctx;

	return flags == LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT ? it->node : NULL;
}

static void pk_lmdb_ctxs_finished(void *ctx)
{
	pk_lmdb_ctxs *it = ctx;

	pk_lmdb_cursor_close(it->db, it->cur, it->gen);
	if (it->node)
		librdf_free_node(it->node);
	librdf_storage_remove_reference(it->storage);
	free(it);
}

librdf_iterator *pk_lmdb_get_contexts(librdf_storage *storage)
{
	pk_lmdb *db = librdf_storage_get_instance(storage);
	librdf_iterator *iter;
	pk_lmdb_ctxs *it;
	int rc;

	if (!db->contexts || pk_lmdb_begin_read(db) < 0)
		return NULL;
	if (!(it = calloc(1, sizeof *it)))
		return NULL;
	it->storage = storage;
	librdf_storage_add_reference(storage);
	it->db = db;
	it->gen = db->txn_gen;
	if ((rc = mdb_cursor_open(db->txn, db->order[PK_LMDB_CSPO], &it->cur))) {
		it->cur = NULL;
		pk_lmdb_fail(db, "cannot read", rc);
	}
	pk_lmdb_ctxs_seek(it, MDB_FIRST);
	iter = librdf_new_iterator(db->world, it, pk_lmdb_ctxs_end,
		pk_lmdb_ctxs_next, pk_lmdb_ctxs_get, pk_lmdb_ctxs_finished);
	if (!iter)
		pk_lmdb_ctxs_finished(it);
	return iter;
}
