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

/* The order, key and value prefix that answer the pattern t (s p o c
 * ids, 0: any): a document's statements by its subjects; else the
 * order whose key and prefix take the most of what is given. */
static int pk_lmdb_plan(const uint64_t t[4], uint64_t *key, uint64_t pre[3],
	int *npre)
{
	int i = 0;

	if (t[3]) {
		if (t[0]) {
			pre[i++] = t[0];
			if (t[1]) {
				pre[i++] = t[1];
				if (t[2])
					pre[i++] = t[2];
			}
		}
		*key = t[3];
		*npre = i;
		return PK_LMDB_CSPO;
	}
	if (t[0] && (t[1] || !t[2])) {
		if (t[1]) {
			pre[i++] = t[1];
			if (t[2])
				pre[i++] = t[2];
		}
		*key = t[0];
		*npre = i;
		return PK_LMDB_SPO;
	}
	if (t[0]) {
		pre[0] = t[0];
		*key = t[2];
		*npre = 1;
		return PK_LMDB_OSP;
	}
	if (t[1]) {
		pre[0] = t[2];
		*key = t[1];
		*npre = t[2] ? 1 : 0;
		return PK_LMDB_POS;
	}
	*key = t[2];
	*npre = 0;
	return t[2] ? PK_LMDB_OSP : PK_LMDB_SPO;
}

/* The statements matching s (NULL parts match anything), in context ctx
 * when it is not NULL. */
librdf_stream *pk_lmdb_find(librdf_storage *storage,
	librdf_statement *s, librdf_node *ctx)
{
	pk_lmdb *db = librdf_storage_get_instance(storage);
	librdf_node *n[4];
	uint64_t t[4] = { 0, 0, 0, 0 }, pre[3] = { 0, 0, 0 }, key;
	pk_buf enc = PK_BUF_INIT;
	int i, npre, order, rc = 0;
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
	order = pk_lmdb_plan(t, &key, pre, &npre);
	out = pk_lmdb_stream_new(storage, order, key, pre, npre, t);
out:
	pk_buf_free(&enc);
	return out;
}

/* ---- by term ids (store_eval.c) ------------------------------------------------- */

struct pk_lmdb_reader {
	pk_lmdb *db;
	unsigned long gen;       /* of the transaction cur belongs to */
	MDB_cursor *cur;         /* of order; NULL until first needed */
	int order;
	int whole;
	unsigned char prefix[24];
	size_t plen;
	uint64_t want[4];
	pk_buf enc;
};

int pk_lmdb_reader_new(pk_lmdb_reader **out, librdf_storage *storage)
{
	pk_lmdb *db = librdf_storage_get_instance(storage);
	pk_lmdb_reader *c;

	*out = NULL;
	/* the union index only: each triple once, no documents */
	if (!db || db->contexts)
		return 1;
	if (pk_lmdb_begin_read(db) < 0)
		return PK_ESTORE;
	if (!(c = calloc(1, sizeof *c)))
		return PK_ENOMEM;
	c->db = db;
	c->order = -1;
	*out = c;
	return 0;
}

void pk_lmdb_reader_free(pk_lmdb_reader *c)
{
	if (!c)
		return;
	pk_lmdb_cursor_close(c->db, c->cur, c->gen);
	pk_buf_free(&c->enc);
	free(c);
}

int pk_lmdb_reader_term(pk_lmdb_reader *c, uint64_t *id, librdf_node *n)
{
	return pk_lmdb_term_id(id, c->db, n, 0, &c->enc) < 0 ? PK_ESTORE : 0;
}

librdf_node *pk_lmdb_reader_node(pk_lmdb_reader *c, uint64_t id)
{
	return pk_lmdb_node(c->db, id);
}

int pk_lmdb_reader_view(pk_lmdb_reader *c, uint64_t id, pk_lmdb_view *out)
{
	const unsigned char *p;
	unsigned char ik[8];
	uint32_t lexlen, langlen;
	MDB_val k, v;
	int rc;

	memset(out, 0, sizeof *out);
	if (!c->db->txn && pk_lmdb_begin_read(c->db) < 0)
		return PK_ESTORE;
	pk_lmdb_put64(ik, id);
	k.mv_data = ik;
	k.mv_size = 8;
	if ((rc = mdb_get(c->db->txn, c->db->ids, &k, &v)))
		return pk_lmdb_fail(c->db, "cannot read a term", rc == MDB_NOTFOUND ?
			MDB_CORRUPTED : rc), PK_ESTORE;
	/* pk_lmdb_encode's layout: U iri | B label | L len lex len lang dt */
	p = v.mv_data;
	if (v.mv_size < 1)
		goto bad;
	out->kind = p[0];
	out->lex = (const char *)p + 1;
	out->lexlen = v.mv_size - 1;
	if (p[0] == 'U' || p[0] == 'B')
		return 0;
	if (p[0] != 'L' || v.mv_size < 9)
		goto bad;
	lexlen = pk_lmdb_get32(p + 1);
	if (lexlen > v.mv_size - 9)
		goto bad;
	langlen = pk_lmdb_get32(p + 5 + lexlen);
	if (langlen > v.mv_size - 9 - lexlen)
		goto bad;
	out->lex = (const char *)p + 5;
	out->lexlen = lexlen;
	out->lang = (const char *)p + 9 + lexlen;
	out->langlen = langlen;
	out->dt = out->lang + langlen;
	out->dtlen = v.mv_size - 9 - lexlen - langlen;
	return 0;
bad:
	return pk_lmdb_fail(c->db, "cannot read a term", MDB_CORRUPTED), PK_ESTORE;
}

/* The entry at the cursor as s p o into t: 1 when it is one of the
 * pattern's, 0 at the end, PK_ESTORE. */
static int pk_lmdb_reader_take(pk_lmdb_reader *c, int rc, MDB_val *k, MDB_val *v,
	uint64_t t[3])
{
	uint64_t all[4];
	int i;

	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc)
		return pk_lmdb_fail(c->db, "cannot read", rc), PK_ESTORE;
	if (k->mv_size != 8 || v->mv_size != 24)
		return pk_lmdb_fail(c->db, "cannot read", MDB_CORRUPTED), PK_ESTORE;
	if (c->plen && memcmp(v->mv_data, c->prefix, c->plen) != 0)
		return 0;
	pk_lmdb_unarrange(all, c->order, k->mv_data, v->mv_data);
	for (i = 0; i < 3; i++) {
		if (c->want[i] && c->want[i] != all[i])
			return 2;
		t[i] = all[i];
	}
	return 1;
}

/* Past entries the prefix and key let through but want does not (a
 * pattern ?x <p> ?x's like, or s and o given over osp): the next that
 * matches. */
static int pk_lmdb_reader_skip(pk_lmdb_reader *c, int r, uint64_t t[3])
{
	MDB_val k, v;
	int rc;

	while (r == 2) {
		rc = mdb_cursor_get(c->cur, &k, &v, c->whole ? MDB_NEXT : MDB_NEXT_DUP);
		r = pk_lmdb_reader_take(c, rc, &k, &v, t);
	}
	return r;
}

int pk_lmdb_reader_first(pk_lmdb_reader *c, const uint64_t want[3], uint64_t t[3])
{
	uint64_t w[4] = { want[0], want[1], want[2], 0 }, pre[3] = { 0, 0, 0 }, key;
	unsigned char kb[8], vb[24];
	MDB_val k, v;
	int i, npre, order, rc;

	if (!c->db->txn || c->gen != c->db->txn_gen) {
		/* a cursor of an ended transaction went with it */
		c->cur = NULL;
		if (pk_lmdb_begin_read(c->db) < 0)
			return PK_ESTORE;
	}
	order = pk_lmdb_plan(w, &key, pre, &npre);
	if (c->cur && order != c->order) {
		mdb_cursor_close(c->cur);
		c->cur = NULL;
	}
	if (!c->cur) {
		if ((rc = mdb_cursor_open(c->db->txn, c->db->order[order], &c->cur))) {
			c->cur = NULL;
			return pk_lmdb_fail(c->db, "cannot read", rc), PK_ESTORE;
		}
		c->gen = c->db->txn_gen;
	}
	c->order = order;
	c->whole = key == 0;
	memcpy(c->want, w, sizeof c->want);
	for (i = 0; i < npre; i++)
		pk_lmdb_put64(c->prefix + 8 * i, pre[i]);
	c->plen = 8 * (size_t)npre;
	if (c->whole) {
		rc = mdb_cursor_get(c->cur, &k, &v, MDB_FIRST);
	} else {
		pk_lmdb_put64(kb, key);
		memset(vb, 0, sizeof vb);
		memcpy(vb, c->prefix, c->plen);
		k.mv_data = kb;
		k.mv_size = 8;
		v.mv_data = vb;
		v.mv_size = 24;
		rc = mdb_cursor_get(c->cur, &k, &v, MDB_GET_BOTH_RANGE);
	}
	return pk_lmdb_reader_skip(c, pk_lmdb_reader_take(c, rc, &k, &v, t), t);
}

int pk_lmdb_reader_count(pk_lmdb_reader *c, size_t *n)
{
	size_t count = 0;
	int rc;

	*n = 0;
	if (!c->cur || !c->db->txn || c->gen != c->db->txn_gen || c->whole)
		return PK_EUSAGE;
	if ((rc = mdb_cursor_count(c->cur, &count)))
		return pk_lmdb_fail(c->db, "cannot read", rc), PK_ESTORE;
	*n = count;
	return 0;
}

int pk_lmdb_reader_next(pk_lmdb_reader *c, uint64_t t[3])
{
	MDB_val k, v;
	int rc;

	if (!c->cur || !c->db->txn || c->gen != c->db->txn_gen)
		return 0;
	rc = mdb_cursor_get(c->cur, &k, &v, c->whole ? MDB_NEXT : MDB_NEXT_DUP);
	return pk_lmdb_reader_skip(c, pk_lmdb_reader_take(c, rc, &k, &v, t), t);
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
