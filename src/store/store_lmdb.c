/*
 * store_lmdb.c - "pk-lmdb", a librdf storage module over LMDB: the index
 * of a directory store (store_dir.c), under librdf's model and Rasqal.
 *
 * Why not librdf's "hashes" over Berkeley DB, which it replaces: their
 * duplicates are unsorted, so removing one statement walked every
 * statement that shares its predicate (forgetting one document of a
 * 1M-quad store took 4-50 s); their writes report success whatever the
 * disk did; and they have no transactions.  Here every index is an LMDB
 * B+tree with sorted, fixed-size duplicates: a removal is a lookup, a
 * write error comes back from the commit, and what one transaction wrote
 * is on disk whole or not at all.
 *
 * One environment is one file (MDB_NOSUBDIR).  The store's flock keeps a
 * writer alone with its files, so LMDB's own lock file is not used
 * (MDB_NOLOCK).  Its databases:
 *
 *   terms   hash64(term) -> id     sorted duplicates: ids of colliding terms
 *   ids     id -> term             the term's bytes (see pk_lmdb_encode)
 *   meta    "next" -> next id
 *   spo     s -> (p, o, c)         sorted duplicates of 24 bytes each, ids
 *   pos     p -> (o, s, c)         big-endian so that byte order is number
 *   osp     o -> (s, p, c)         order and a bound prefix is a range
 *   cspo    c -> (s, p, o)         only in a storage with contexts
 *   dates   xsd:date terms by lexical form (store_lmdb_dates.c)
 *
 * c is 0 in a storage without contexts, which then holds each triple once.
 *
 * Each storage has one transaction at a time.  A read-only storage reads
 * one snapshot for its whole life.  A writable one begins a write
 * transaction at its first use, reads through it (so it sees what it
 * wrote) and commits at sync; closing without a sync throws the
 * transaction away.  A stream or iterator of a transaction that has
 * ended reports its end.  Terms are never removed: a rebuild of the index
 * drops those no statement uses any more.
 */
#include "store/store_lmdb_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rdf_storage_module.h>

/* ---- errors ------------------------------------------------------------------------- */

int pk_lmdb_fail(pk_lmdb *db, const char *what, int rc)
{
	/* LMDB reports a full disk as the EIO of a failed page write */
	librdf_log(db->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
		"%s: %s: %s%s", db->path, what, mdb_strerror(rc),
		rc == EIO || rc == ENOSPC ? " (is the disk full?)" : "");
	if (db->txn && db->writable)
		db->txn_failed = 1;
	return -1;
}

/* ---- transactions ------------------------------------------------------------------- */

static void pk_lmdb_cache_clear(pk_lmdb *db)
{
	size_t i, n, k;

	/* the tables are 2 MB of calloc'd pages: walking ones never used
	 * faulted every page in, 10% of a query's process on a small store;
	 * when few were filled, only those are visited */
	n = db->ncache <= PK_LMDB_TOUCHED ? db->ncache : PK_LMDB_CACHE;
	for (k = 0; db->cache && k < n; k++) {
		i = db->ncache <= PK_LMDB_TOUCHED ? db->cache_touched[k] : k;
		if (db->cache[i].node)
			librdf_free_node(db->cache[i].node);
		db->cache[i].node = NULL;
		db->cache[i].id = 0;
	}
	n = db->nknown <= PK_LMDB_TOUCHED ? db->nknown : PK_LMDB_IDS;
	for (k = 0; db->known && k < n; k++) {
		i = db->nknown <= PK_LMDB_TOUCHED ? db->known_touched[k] : k;
		free(db->known[i].bytes);
		memset(&db->known[i], 0, sizeof db->known[i]);
	}
	db->ncache = db->nknown = 0;
}

static int pk_lmdb_open_dbs(pk_lmdb *db)
{
	static const char *const names[PK_LMDB_ORDERS] = {
		"spo", "pos", "osp", "cspo"
	};
	unsigned create = db->writable ? MDB_CREATE : 0;
	MDB_val k, v;
	int i, rc;

	if ((rc = mdb_dbi_open(db->txn, "terms", create | MDB_DUPSORT, &db->terms)) ||
	    (rc = mdb_dbi_open(db->txn, "ids", create, &db->ids)) ||
	    (rc = mdb_dbi_open(db->txn, "meta", create, &db->meta)))
		return pk_lmdb_fail(db, "cannot open its databases", rc);
	for (i = 0; i < PK_LMDB_ORDERS; i++) {
		if (i == PK_LMDB_CSPO && !db->contexts)
			break;
		rc = mdb_dbi_open(db->txn, names[i],
			create | MDB_DUPSORT | MDB_DUPFIXED, &db->order[i]);
		if (rc)
			return pk_lmdb_fail(db, "cannot open its databases", rc);
	}
	db->dbs_open = 1;
	db->next_id = 1;
	k.mv_data = "next";
	k.mv_size = 4;
	rc = mdb_get(db->txn, db->meta, &k, &v);
	if (rc == 0 && v.mv_size == 8)
		db->next_id = pk_lmdb_get64(v.mv_data);
	else if (rc != MDB_NOTFOUND)
		return pk_lmdb_fail(db, "cannot read its next term id",
			rc ? rc : MDB_CORRUPTED);
	return pk_lmdb_dates_open(db);
}

/* The storage's transaction, begun when there is none. */
int pk_lmdb_begin(pk_lmdb *db)
{
	int rc;

	if (db->txn)
		return 0;
	rc = mdb_txn_begin(db->env, NULL, db->writable ? 0 : MDB_RDONLY, &db->txn);
	if (rc) {
		db->txn = NULL;
		return pk_lmdb_fail(db, "cannot begin a transaction", rc);
	}
	db->txn_failed = 0;
	/* handles opened in a transaction live on once it commits; the
	 * next id is read again, an aborted transaction may have used some */
	if (!db->dbs_open || db->writable) {
		if (pk_lmdb_open_dbs(db) < 0) {
			mdb_txn_abort(db->txn);
			db->txn = NULL;
			db->txn_gen++;
			db->dbs_open = 0;
			return -1;
		}
	}
	return 0;
}

static void pk_lmdb_abort(pk_lmdb *db)
{
	if (!db->txn)
		return;
	mdb_txn_abort(db->txn);
	db->txn = NULL;
	db->txn_gen++;
	db->bulk = 0;
	db->nheld = 0;
	if (db->writable) {
		/* ids handed out in the aborted transaction may come back */
		pk_lmdb_cache_clear(db);
		db->dbs_open = 0;
	}
}

/* Commit what was written and put it on the disk. */
static int pk_lmdb_commit(pk_lmdb *db)
{
	unsigned char buf[8];
	MDB_val k, v;
	int rc;

	if (!db->txn || !db->writable)
		return 0;
	if (pk_lmdb_flush(db) < 0 || db->txn_failed) {
		pk_lmdb_abort(db);
		return -1;
	}
	db->bulk = 0;
	if (pk_lmdb_dates_commit(db) < 0) {
		pk_lmdb_abort(db);
		return -1;
	}
	pk_lmdb_put64(buf, db->next_id);
	k.mv_data = "next";
	k.mv_size = 4;
	v.mv_data = buf;
	v.mv_size = 8;
	if ((rc = mdb_put(db->txn, db->meta, &k, &v, 0))) {
		pk_lmdb_fail(db, "cannot write", rc);
		pk_lmdb_abort(db);
		return -1;
	}
	rc = mdb_txn_commit(db->txn);
	db->txn = NULL;
	db->txn_gen++;
	if (rc) {
		pk_lmdb_cache_clear(db);
		db->dbs_open = 0;
		return pk_lmdb_fail(db, "cannot commit", rc);
	}
	if ((rc = mdb_env_sync(db->env, 1)))
		return pk_lmdb_fail(db, "cannot sync", rc);
	return 0;
}

/* ---- terms -------------------------------------------------------------------------- */

/* A term's bytes: 'U' and the IRI, 'B' and the blank node id, or 'L',
 * the lexical form and the language each after a 4-byte length, then the
 * datatype IRI. */
static int pk_lmdb_encode(pk_buf *b, librdf_node *n)
{
	const unsigned char *s;
	unsigned char len[4];
	size_t slen = 0;
	char *lang;
	librdf_uri *dt;

	pk_buf_clear(b);
	switch (librdf_node_get_type(n)) {
	case LIBRDF_NODE_TYPE_RESOURCE:
		s = librdf_uri_as_counted_string(librdf_node_get_uri(n), &slen);
		return pk_buf_put(b, "U", 1) < 0 ||
			pk_buf_put(b, (const char *)s, slen) < 0 ? -1 : 0;
	case LIBRDF_NODE_TYPE_BLANK:
		s = librdf_node_get_counted_blank_identifier(n, &slen);
		return pk_buf_put(b, "B", 1) < 0 ||
			pk_buf_put(b, (const char *)s, slen) < 0 ? -1 : 0;
	case LIBRDF_NODE_TYPE_LITERAL:
		s = librdf_node_get_literal_value_as_counted_string(n, &slen);
		lang = librdf_node_get_literal_value_language(n);
		dt = librdf_node_get_literal_value_datatype_uri(n);
		if (pk_buf_put(b, "L", 1) < 0)
			return -1;
		pk_lmdb_put32(len, (uint32_t)slen);
		if (pk_buf_put(b, (const char *)len, 4) < 0 ||
		    pk_buf_put(b, (const char *)s, slen) < 0)
			return -1;
		slen = lang ? strlen(lang) : 0;
		pk_lmdb_put32(len, (uint32_t)slen);
		if (pk_buf_put(b, (const char *)len, 4) < 0 ||
		    (slen && pk_buf_put(b, lang, slen) < 0))
			return -1;
		if (dt) {
			s = librdf_uri_as_counted_string(dt, &slen);
			if (pk_buf_put(b, (const char *)s, slen) < 0)
				return -1;
		}
		return 0;
	default:
		return -1;
	}
}

librdf_node *pk_lmdb_decode(pk_lmdb *db, const unsigned char *p, size_t n)
{
	uint32_t lexlen, langlen;
	librdf_uri *dt = NULL;
	librdf_node *node;
	char *lang = NULL;

	if (n < 1)
		return NULL;
	switch (p[0]) {
	case 'U':
		return librdf_new_node_from_counted_uri_string(db->world, p + 1, n - 1);
	case 'B':
		return librdf_new_node_from_counted_blank_identifier(db->world, p + 1,
			n - 1);
	case 'L':
		if (n < 9)
			return NULL;
		lexlen = pk_lmdb_get32(p + 1);
		if (lexlen > n - 9)
			return NULL;
		langlen = pk_lmdb_get32(p + 5 + lexlen);
		if (langlen > n - 9 - lexlen)
			return NULL;
		if (langlen && !(lang = pk_strndup((const char *)p + 9 + lexlen,
			langlen)))
			return NULL;
		if (n > 9 + lexlen + langlen &&
		    !(dt = librdf_new_uri2(db->world, p + 9 + lexlen + langlen,
			n - 9 - lexlen - langlen))) {
			free(lang);
			return NULL;
		}
		node = librdf_new_node_from_typed_counted_literal(db->world, p + 5,
			lexlen, lang, langlen, dt);
		free(lang);
		if (dt)
			librdf_free_uri(dt);
		return node;
	default:
		return NULL;
	}
}

/* The id of term n (0 when it has none and create is 0). */
int pk_lmdb_term_id(uint64_t *id, pk_lmdb *db, librdf_node *n,
	int create, pk_buf *enc)
{
	unsigned char hk[8], ik[8];
	MDB_val k, v, iv;
	MDB_cursor *cur = NULL;
	pk_lmdb_known *kn;
	uint64_t h, fh;
	char *copy;
	int rc;

	*id = 0;
	if (pk_lmdb_encode(enc, n) < 0)
		return -1;
	/* the cache is in memory only, so its hash need not be the stored
	 * one: pk_hash_fast takes 8 bytes a step, FNV-1a (the terms
	 * table's key on disk) one, and most lookups end here */
	fh = pk_hash_fast(enc->ptr, enc->len);
	kn = &db->known[fh & (PK_LMDB_IDS - 1)];
	if (kn->id && kn->hash == fh && kn->len == enc->len &&
	    memcmp(kn->bytes, enc->ptr, enc->len) == 0) {
		*id = kn->id;
		return 0;
	}
	h = pk_hash64(enc->ptr, enc->len);
	pk_lmdb_put64(hk, h);
	k.mv_data = hk;
	k.mv_size = 8;
	if ((rc = mdb_cursor_open(db->txn, db->terms, &cur)))
		return pk_lmdb_fail(db, "cannot read", rc);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
		if (v.mv_size != 8) {
			rc = MDB_CORRUPTED;
			break;
		}
		memcpy(ik, v.mv_data, 8);
		k.mv_data = ik;
		k.mv_size = 8;
		if ((rc = mdb_get(db->txn, db->ids, &k, &iv)))
			break;
		if (iv.mv_size == enc->len && memcmp(iv.mv_data, enc->ptr, enc->len) == 0) {
			*id = pk_lmdb_get64(ik);
			break;
		}
	}
	mdb_cursor_close(cur);
	if (rc && rc != MDB_NOTFOUND)
		return pk_lmdb_fail(db, "cannot read a term", rc);
	if (!*id && !create)
		return 0;
	if (!*id) {
		/* a new term */
		pk_lmdb_put64(ik, db->next_id);
		k.mv_data = ik;
		k.mv_size = 8;
		iv.mv_data = enc->ptr;
		iv.mv_size = enc->len;
		if ((rc = mdb_put(db->txn, db->ids, &k, &iv, MDB_APPEND)))
			return pk_lmdb_fail(db, "cannot write", rc);
		k.mv_data = hk;
		v.mv_data = ik;
		v.mv_size = 8;
		if ((rc = mdb_put(db->txn, db->terms, &k, &v, 0)))
			return pk_lmdb_fail(db, "cannot write", rc);
		if (pk_lmdb_dates_note(db, db->next_id, enc->ptr, enc->len) < 0)
			return -1;
		*id = db->next_id++;
	}
	/* remembered; a term too long to be worth it is looked up each time */
	if (enc->len <= 512 && (copy = malloc(enc->len ? enc->len : 1))) {
		memcpy(copy, enc->ptr, enc->len);
		free(kn->bytes);
		kn->bytes = copy;
		kn->hash = fh;
		if (db->nknown < PK_LMDB_TOUCHED)
			db->known_touched[db->nknown] = (uint32_t)(kn - db->known);
		db->nknown++;
		kn->id = *id;
		kn->len = enc->len;
	}
	return 0;
}

/* The node of id, a new reference the caller frees. */
librdf_node *pk_lmdb_node(pk_lmdb *db, uint64_t id)
{
	pk_lmdb_cached *c = &db->cache[(id * 0x9e3779b97f4a7c15ULL) >> 51 &
		(PK_LMDB_CACHE - 1)];
	unsigned char ik[8];
	MDB_val k, v;
	librdf_node *n;
	int rc;

	if (c->node && c->id == id)
		return librdf_new_node_from_node(c->node);
	pk_lmdb_put64(ik, id);
	k.mv_data = ik;
	k.mv_size = 8;
	if ((rc = mdb_get(db->txn, db->ids, &k, &v))) {
		pk_lmdb_fail(db, "cannot read a term", rc == MDB_NOTFOUND ?
			MDB_CORRUPTED : rc);
		return NULL;
	}
	n = pk_lmdb_decode(db, v.mv_data, v.mv_size);
	if (!n)
		return NULL;
	if (c->node)
		librdf_free_node(c->node);
	c->id = id;
	c->node = n;
	if (db->ncache < PK_LMDB_TOUCHED)
		db->cache_touched[db->ncache] = (uint32_t)(c - db->cache);
	db->ncache++;
	return librdf_new_node_from_node(n);
}

/* ---- statements --------------------------------------------------------------------- */

/* The ids of a statement's terms (and context), created when create is
 * set.  1 when one of them has no id (so no statement holds it). */
static int pk_lmdb_ids(uint64_t t[4], pk_lmdb *db, librdf_statement *s,
	librdf_node *ctx, int create)
{
	librdf_node *n[3];
	pk_buf enc = PK_BUF_INIT;
	int i, rc = 0;

	n[0] = librdf_statement_get_subject(s);
	n[1] = librdf_statement_get_predicate(s);
	n[2] = librdf_statement_get_object(s);
	t[3] = 0;
	for (i = 0; i < 3; i++) {
		if (!n[i] || (rc = pk_lmdb_term_id(&t[i], db, n[i], create, &enc)) < 0) {
			rc = -1;
			goto out;
		}
		if (!t[i]) {
			rc = 1;
			goto out;
		}
	}
	if (ctx && db->contexts) {
		if ((rc = pk_lmdb_term_id(&t[3], db, ctx, create, &enc)) < 0)
			goto out;
		rc = t[3] ? 0 : 1;
	}
out:
	pk_buf_free(&enc);
	return rc;
}

/* Where each order takes its key and values from s p o c (0-3). */
const int pk_lmdb_perm[PK_LMDB_ORDERS][4] = {
	{ 0, 1, 2, 3 }, { 1, 2, 0, 3 }, { 2, 0, 1, 3 }, { 3, 0, 1, 2 }
};

/* (key, a, b, c) in the order's terms: s p o c for spo, and so on; k and
 * v point at them. */
static void pk_lmdb_arrange(MDB_val *k, MDB_val *v, unsigned char key[8],
	unsigned char val[24], int order, const uint64_t t[4])
{
	pk_lmdb_put64(key, t[pk_lmdb_perm[order][0]]);
	pk_lmdb_put64(val, t[pk_lmdb_perm[order][1]]);
	pk_lmdb_put64(val + 8, t[pk_lmdb_perm[order][2]]);
	pk_lmdb_put64(val + 16, t[pk_lmdb_perm[order][3]]);
	k->mv_data = key;
	k->mv_size = 8;
	v->mv_data = val;
	v->mv_size = 24;
}

/* And back: the terms s p o c of an order's key and value. */
void pk_lmdb_unarrange(uint64_t t[4], int order,
	const unsigned char *key, const unsigned char *val)
{
	t[pk_lmdb_perm[order][0]] = pk_lmdb_get64(key);
	t[pk_lmdb_perm[order][1]] = pk_lmdb_get64(val);
	t[pk_lmdb_perm[order][2]] = pk_lmdb_get64(val + 8);
	t[pk_lmdb_perm[order][3]] = pk_lmdb_get64(val + 16);
}

static int pk_lmdb_orders(const pk_lmdb *db, const uint64_t t[4])
{
	return db->contexts && t[3] ? PK_LMDB_ORDERS : PK_LMDB_CSPO;
}

/* ---- writes ------------------------------------------------------------------------- */

static int pk_lmdb_add(pk_lmdb *db, librdf_statement *s, librdf_node *ctx)
{
	unsigned char key[8], val[24];
	uint64_t t[4];
	MDB_val k, v;
	int i, n, rc;

	if (pk_lmdb_begin(db) < 0 || pk_lmdb_ids(t, db, s, ctx, 1) != 0)
		return -1;
	if (!db->bulk)
		db->bulk = db->writable && pk_lmdb_empty(db) ? 1 : -1;
	if (db->bulk == 1)
		return pk_lmdb_hold(db, t);
	n = pk_lmdb_orders(db, t);
	for (i = 0; i < n; i++) {
		pk_lmdb_arrange(&k, &v, key, val, i, t);
		rc = mdb_put(db->txn, db->order[i], &k, &v, MDB_NODUPDATA);
		/* held already: the other orders hold it too */
		if (rc == MDB_KEYEXIST && i == 0)
			return 0;
		if (rc)
			return pk_lmdb_fail(db, "cannot write", rc);
	}
	return 0;
}

static int pk_lmdb_remove(pk_lmdb *db, librdf_statement *s, librdf_node *ctx)
{
	unsigned char key[8], val[24];
	uint64_t t[4];
	MDB_val k, v;
	int i, n, rc;

	if (pk_lmdb_begin_read(db) < 0 || (rc = pk_lmdb_ids(t, db, s, ctx, 0)) < 0)
		return -1;
	if (rc == 1)
		return 1;   /* not held: librdf's hashes say so too */
	n = pk_lmdb_orders(db, t);
	for (i = 0; i < n; i++) {
		pk_lmdb_arrange(&k, &v, key, val, i, t);
		rc = mdb_del(db->txn, db->order[i], &k, &v);
		if (rc == MDB_NOTFOUND && i == 0)
			return 1;
		if (rc)
			return pk_lmdb_fail(db, "cannot remove", rc);
	}
	return 0;
}

/* ---- the factory -------------------------------------------------------------------- */

static void pk_lmdb_terminate(librdf_storage *storage)
{
	pk_lmdb *db = librdf_storage_get_instance(storage);

	if (!db)
		return;
	/* what was not synced is not kept */
	pk_lmdb_abort(db);
	pk_lmdb_cache_clear(db);
	if (db->env)
		mdb_env_close(db->env);
	free(db->cache);
	free(db->known);
	free(db->held);
	free(db->path);
	free(db);
	librdf_storage_set_instance(storage, NULL);
}

/* Open the environment with the largest map the address space allows:
 * valgrind, say, refuses 64 GiB. */
static int pk_lmdb_env_open(pk_lmdb *db, const char *name, unsigned flags)
{
	size_t map = PK_LMDB_MAPSIZE;
	int rc;

	for (;;) {
		if ((rc = mdb_env_create(&db->env))) {
			db->env = NULL;
			return pk_lmdb_fail(db, "cannot start LMDB", rc);
		}
		if (!(rc = mdb_env_set_maxdbs(db->env, 10)) &&
		    !(rc = mdb_env_set_mapsize(db->env, map)) &&
		    !(rc = mdb_env_open(db->env, name, flags, 0666)))
			return 0;
		mdb_env_close(db->env);
		db->env = NULL;
		if ((rc != EINVAL && rc != ENOMEM) || map <= PK_LMDB_MAPSIZE_MIN)
			return pk_lmdb_fail(db, "cannot open", rc);
		map /= 2;
	}
}

/* Options: "new" (start empty), "write", "contexts"; name is the file. */
static int pk_lmdb_init(librdf_storage *storage, const char *name,
	librdf_hash *options)
{
	pk_lmdb *db = NULL;
	unsigned flags = MDB_NOSUBDIR | MDB_NOLOCK | MDB_NOTLS;
	int rc, is_new;

	if (!name || !options)
		goto fail;
	db = calloc(1, sizeof *db);
	if (!db)
		goto fail;
	librdf_storage_set_instance(storage, db);
	db->world = librdf_storage_get_world(storage);
	db->contexts = librdf_hash_get_as_boolean(options, "contexts") > 0;
	db->writable = librdf_hash_get_as_boolean(options, "write") != 0;
	is_new = librdf_hash_get_as_boolean(options, "new") > 0;
	if (!(db->path = pk_strdup(name)) ||
	    !(db->cache = calloc(PK_LMDB_CACHE, sizeof *db->cache)) ||
	    !(db->known = calloc(PK_LMDB_IDS, sizeof *db->known)))
		goto fail;
	if (is_new) {
		if (!db->writable)
			goto fail;
		if ((unlink(name) < 0 && errno != ENOENT)) {
			librdf_log(db->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE,
				NULL, "%s: %s", name, strerror(errno));
			goto fail;
		}
	} else if (access(name, F_OK) < 0) {
		/* never create one by opening it: a missing file is a missing index */
		librdf_log(db->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
			"%s: %s", name, strerror(errno));
		goto fail;
	}
	if (!db->writable)
		flags |= MDB_RDONLY;
	else
		flags |= MDB_NOSYNC;   /* pk_lmdb_commit syncs */
	if ((rc = pk_lmdb_env_open(db, name, flags)))
		goto fail;
	/* a read-only storage reads one snapshot from now on; a new one
	 * gets its databases at once, so that it opens even when empty */
	if ((!db->writable || is_new) && pk_lmdb_begin(db) < 0)
		goto fail;
	if (is_new && pk_lmdb_commit(db) < 0)
		goto fail;
	librdf_free_hash(options);
	return 0;
fail:
	if (options)
		librdf_free_hash(options);
	return 1;
}

static int pk_lmdb_open(librdf_storage *storage, librdf_model *model)
{
	return 0;
}

static int pk_lmdb_close(librdf_storage *storage)
{
	return 0;
}

static int pk_lmdb_size(librdf_storage *storage)
{
	pk_lmdb *db = librdf_storage_get_instance(storage);
	MDB_stat ms;
	int rc;

	if (pk_lmdb_begin_read(db) < 0)
		return -1;
	if ((rc = mdb_stat(db->txn, db->order[PK_LMDB_SPO], &ms)))
		return pk_lmdb_fail(db, "cannot read", rc);
	return ms.ms_entries > (size_t)0x7fffffff ? -1 : (int)ms.ms_entries;
}

static int pk_lmdb_add_statement(librdf_storage *storage,
	librdf_statement *s)
{
	return pk_lmdb_add(librdf_storage_get_instance(storage), s, NULL) ? 1 : 0;
}

static int pk_lmdb_remove_statement(librdf_storage *storage,
	librdf_statement *s)
{
	return pk_lmdb_remove(librdf_storage_get_instance(storage), s, NULL) ? 1 : 0;
}

/* One lookup in spo, not a stream: a load checks every triple it wrote
 * against the union index (store_dir.c), and a stream per triple cost
 * a fifth of the load.  In a store with contexts the value ends in the
 * context, so the first value at or after (p, o, 0) says. */
static int pk_lmdb_contains_statement(librdf_storage *storage,
	librdf_statement *s)
{
	pk_lmdb *db = librdf_storage_get_instance(storage);
	unsigned char key[8], val[24];
	uint64_t t[4];
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int rc, found = 0;

	if (pk_lmdb_begin_read(db) < 0 || pk_lmdb_ids(t, db, s, NULL, 0) != 0)
		return 0;
	pk_lmdb_arrange(&k, &v, key, val, PK_LMDB_SPO, t);
	if ((rc = mdb_cursor_open(db->txn, db->order[PK_LMDB_SPO], &cur))) {
		pk_lmdb_fail(db, "cannot read", rc);
		return 0;
	}
	rc = mdb_cursor_get(cur, &k, &v, MDB_GET_BOTH_RANGE);
	if (rc == 0)
		found = v.mv_size == 24 && memcmp(v.mv_data, val, 16) == 0;
	else if (rc != MDB_NOTFOUND)
		pk_lmdb_fail(db, "cannot read", rc);
	mdb_cursor_close(cur);
	return found;
}

static librdf_stream *pk_lmdb_serialise(librdf_storage *storage)
{
	return pk_lmdb_find(storage, NULL, NULL);
}

static librdf_stream *pk_lmdb_find_statements(librdf_storage *storage,
	librdf_statement *s)
{
	return pk_lmdb_find(storage, s, NULL);
}

static librdf_stream *pk_lmdb_find_in_context(librdf_storage *storage,
	librdf_statement *s, librdf_node *ctx)
{
	return pk_lmdb_find(storage, s, ctx);
}

static int pk_lmdb_context_add_statement(librdf_storage *storage,
	librdf_node *ctx, librdf_statement *s)
{
	return pk_lmdb_add(librdf_storage_get_instance(storage), s, ctx) ? 1 : 0;
}

static int pk_lmdb_context_remove_statement(librdf_storage *storage,
	librdf_node *ctx, librdf_statement *s)
{
	return pk_lmdb_remove(librdf_storage_get_instance(storage), s, ctx) ? 1 : 0;
}

static librdf_stream *pk_lmdb_context_serialise(librdf_storage *storage,
	librdf_node *ctx)
{
	pk_lmdb *db = librdf_storage_get_instance(storage);

	if (!ctx || !db->contexts)
		return NULL;
	return pk_lmdb_find(storage, NULL, ctx);
}

static int pk_lmdb_sync(librdf_storage *storage)
{
	return pk_lmdb_commit(librdf_storage_get_instance(storage)) ? 1 : 0;
}

static librdf_node *pk_lmdb_get_feature(librdf_storage *storage,
	librdf_uri *feature)
{
	pk_lmdb *db = librdf_storage_get_instance(storage);
	const unsigned char *u;

	if (!feature || !(u = librdf_uri_as_string(feature)) ||
	    strcmp((const char *)u, LIBRDF_MODEL_FEATURE_CONTEXTS) != 0)
		return NULL;
	return librdf_new_node_from_typed_literal(db->world,
		(const unsigned char *)(db->contexts ? "1" : "0"), NULL, NULL);
}

static void pk_lmdb_register(librdf_storage_factory *f)
{
	f->version = LIBRDF_STORAGE_INTERFACE_VERSION;
	f->init = pk_lmdb_init;
	f->terminate = pk_lmdb_terminate;
	f->open = pk_lmdb_open;
	f->close = pk_lmdb_close;
	f->size = pk_lmdb_size;
	f->add_statement = pk_lmdb_add_statement;
	f->remove_statement = pk_lmdb_remove_statement;
	f->contains_statement = pk_lmdb_contains_statement;
	f->serialise = pk_lmdb_serialise;
	f->find_statements = pk_lmdb_find_statements;
	f->find_statements_in_context = pk_lmdb_find_in_context;
	f->context_add_statement = pk_lmdb_context_add_statement;
	f->context_remove_statement = pk_lmdb_context_remove_statement;
	f->context_serialise = pk_lmdb_context_serialise;
	f->get_contexts = pk_lmdb_get_contexts;
	f->sync = pk_lmdb_sync;
	f->get_feature = pk_lmdb_get_feature;
}

int pk_store_lmdb_register(librdf_world *world)
{
	librdf_storage_register_factory(world, PK_STORE_LMDB,
		"policykg's LMDB index", pk_lmdb_register);
	return 0;
}

/* ---- checking a file ---------------------------------------------------------------- */

int pk_store_lmdb_file_check(const char *path, char *why, size_t whylen)
{
	MDB_env *env = NULL;
	MDB_stat ms;
	struct stat sb;
	int rc, out = -1;

	if ((rc = mdb_env_create(&env))) {
		snprintf(why, whylen, "%s", mdb_strerror(rc));
		return -1;
	}
	/* The meta pages are read with read(2), not through the map, so a
	 * damaged header is seen here, never touched.  The file's length
	 * says little: pages allocated and freed in one transaction are
	 * never written, so the file may end before the last page number,
	 * and may hold holes; a truncated file is caught by the size the
	 * state file records, a failed write by the commit. */
	/* the smallest map: LMDB raises it to the pages in use */
	rc = mdb_env_set_mapsize(env, 4096);
	if (!rc)
		rc = mdb_env_open(env, path, MDB_NOSUBDIR | MDB_NOLOCK | MDB_RDONLY |
			MDB_NOTLS, 0);
	if (rc) {
		snprintf(why, whylen, "no LMDB header (%s)", mdb_strerror(rc));
		goto out;
	}
	if ((rc = mdb_env_stat(env, &ms))) {
		snprintf(why, whylen, "%s", mdb_strerror(rc));
		goto out;
	}
	if (stat(path, &sb) < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		goto out;
	}
	if (sb.st_size < 2 * (off_t)ms.ms_psize || sb.st_size % ms.ms_psize) {
		snprintf(why, whylen, "%lld bytes, not whole pages of %u",
			(long long)sb.st_size, ms.ms_psize);
		goto out;
	}
	out = 0;
out:
	mdb_env_close(env);
	return out;
}
