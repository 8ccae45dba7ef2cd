/*
 * store_dir_apply.c - a change to a directory store: staging each
 * document's texts in pending/ as the load reaches it, then the protocol
 * of store_dir.c's comment (write, decide, rename over docs/, update the
 * index, read it back).  Only one document's texts are in memory at a
 * time, so a load of any size holds what one document weighs.
 */
#define _GNU_SOURCE
#define _XOPEN_SOURCE 700
#include "store/store_dir_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- changing ---------------------------------------------------------------------- */

/* A change's new text (old 0) or the store's old one (old 1): in memory,
 * or, once staged, read back from docs/KEY.nq or pending/KEY.old into
 * *owned.  *text NULL when there is none. */
static int pk_dir_change_text(pk_store *st, pk_dir *d, const pk_store_change *ch,
	int old, char **owned, const char **text, size_t *len)
{
	char *p;
	int rc;

	*owned = NULL;
	*text = NULL;
	*len = 0;
	if (old ? !ch->has_old : ch->doc->forget)
		return 0;
	if (!ch->staged) {
		*text = old ? ch->old : ch->doc->text.ptr;
		*len = old ? ch->old_len : ch->doc->text.len;
		return 0;
	}
	p = old ? pk_dir_join3(d->dir, "pending", ch->doc->key, ".old") :
		pk_dir_join3(d->dir, "docs", ch->doc->key, ".nq");
	if (!p)
		return PK_ENOMEM;
	rc = pk_dir_read_file(owned, len, p, pk_dir_diag(st));
	if (rc == 0 && !*owned) {
		pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s: gone", p);
		rc = PK_ESTORE;
	}
	free(p);
	*text = *owned;
	return rc;
}

/* pending/, empty, for the change about to be made. */
static int pk_dir_pending_begin(pk_store *st, pk_dir *d)
{
	char *pdir;
	int rc = 0;

	if (d->staging)
		return 0;
	if (!(pdir = pk_dir_join(d->dir, "pending")))
		return PK_ENOMEM;
	pk_dir_remove_tree(pdir);
	if (mkdir(pdir, 0777) < 0) {
		pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s: %s", pdir,
			strerror(errno));
		rc = PK_ESTORE;
	} else {
		d->staging = 1;
	}
	free(pdir);
	return rc;
}

/* Stage a change: its new text to pending/KEY.nq (synced with the others
 * in apply), the old one kept as pending/KEY.old (a hard link to
 * docs/KEY.nq, which the change replaces) for the index to diff. */
int pk_dir_stage(pk_store *st, pk_store_change *ch)
{
	pk_dir *d = st->impl;
	const pk_diag *diag = pk_dir_diag(st);
	char *p = NULL, *q = NULL;
	int rc;

	if ((rc = pk_dir_pending_begin(st, d)) < 0)
		goto out;
	if (!ch->doc->forget) {
		if (!(p = pk_dir_join3(d->dir, "pending", ch->doc->key, ".nq"))) {
			rc = PK_ENOMEM;
			goto out;
		}
		if ((rc = pk_dir_write_file(p, ch->doc->text.ptr, ch->doc->text.len,
			0, diag)) < 0)
			goto out;
		pk_store_crash_point("pending");
	}
	if (ch->has_old) {
		free(p);
		p = pk_dir_join3(d->dir, "docs", ch->doc->key, ".nq");
		q = pk_dir_join3(d->dir, "pending", ch->doc->key, ".old");
		if (!p || !q) {
			rc = PK_ENOMEM;
			goto out;
		}
		/* no hard links here: a copy of the text in hand */
		if (link(p, q) < 0 &&
		    (rc = pk_dir_write_file(q, ch->old, ch->old_len, 0, diag)) < 0)
			goto out;
	}
out:
	free(p);
	free(q);
	return rc;
}

/* Read back what a change wrote, from the files: each changed document's
 * statements in the graphs index, and each of its triples in the union.
 * The cost is that of the change, not of the store.  wants[i] is the
 * digest of a new document's text, taken while it was indexed; a
 * replaced one's text is read again here. */
static int pk_dir_apply_verify(pk_store *st, pk_dir *d, pk_store_change *ch,
	const pk_store_digest *wants, size_t n)
{
	pk_buf why = PK_BUF_INIT;
	pk_store_digest want, got;
	librdf_statement *stmt = NULL, *x;
	librdf_stream *stream = NULL;
	librdf_node *ctx = NULL, *lctx = NULL;
	const char *t, *end, *nl;
	char prefix[20], *owned = NULL;
	size_t i, llen, tlen;
	int rc;

	pk_store_index_close(&st->ix);
	if ((rc = pk_dir_index_files_check(d, st, &why)) != 0)
		goto out;
	if ((rc = pk_dir_open_index(st, d, 1, 0, 1)) < 0 ||
	    (rc = pk_dir_open_index(st, d, 0, 0, 1)) < 0)
		goto out;
	for (i = 0; i < n && rc == 0; i++) {
		want = wants[i];
		free(owned);
		owned = NULL;
		t = NULL;
		tlen = 0;
		/* a new document's digest was taken as it was indexed */
		if (ch[i].has_old &&
		    (rc = pk_dir_change_text(st, d, &ch[i], 0, &owned, &t, &tlen)) < 0)
			goto out;
		pk_store_bnode_prefix(prefix, ch[i].doc->iri);
		for (end = t ? t + tlen : NULL; t && t < end;
		     t = nl ? nl + 1 : end) {
			nl = memchr(t, '\n', (size_t)(end - t));
			llen = (size_t)((nl ? nl : end) - t);
			if (!llen || *t == '#')
				continue;
			if ((rc = pk_store_nq_parse_line(&stmt, &lctx, st->world, t, llen,
				prefix)) < 0)
				goto out;
			pk_store_digest_add(&want, pk_store_statement_hash(stmt));
			librdf_free_statement(stmt);
			librdf_free_node(lctx);
			stmt = NULL;
			lctx = NULL;
		}
		if (ctx)
			librdf_free_node(ctx);
		ctx = librdf_new_node_from_uri_string(st->world,
			(const unsigned char *)ch[i].doc->iri);
		if (!ctx) {
			rc = PK_ENOMEM;
			goto out;
		}
		/* what the graphs index holds of it; once that is the text's
		 * statements, each of them must be in the union too */
		memset(&got, 0, sizeof got);
		stream = librdf_model_context_as_stream(st->ix.graphs, ctx);
		if (!stream) {
			rc = PK_ESTORE;
			goto out;
		}
		for (; !librdf_stream_end(stream) && rc == 0; librdf_stream_next(stream)) {
			if (!(x = librdf_stream_get_object(stream))) {
				rc = PK_ESTORE;
				goto out;
			}
			pk_store_digest_add(&got, pk_store_statement_hash(x));
			if (!librdf_model_contains_statement(st->ix.uni, x))
				rc = pk_buf_printf(&why, "the union index lacks a triple of "
					"<%s>", ch[i].doc->iri) < 0 ? PK_ENOMEM : 1;
		}
		librdf_free_stream(stream);
		stream = NULL;
		if (rc == 0 && !pk_store_digest_equal(&got, &want)) {
			rc = pk_buf_printf(&why, "the graphs index holds %llu statements "
				"of <%s> where it should hold %llu", (unsigned long long)got.n,
				ch[i].doc->iri, (unsigned long long)want.n) < 0 ? PK_ENOMEM : 1;
			goto out;
		}
	}
out:
	if (stream)
		librdf_free_stream(stream);
	if (stmt)
		librdf_free_statement(stmt);
	if (lctx)
		librdf_free_node(lctx);
	if (ctx)
		librdf_free_node(ctx);
	free(owned);
	if (rc == 1) {
		pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR,
			"%s: the index as written is not whole: %s (is the disk full?)",
			st->path, why.ptr);
		rc = PK_ESTORE;
	}
	pk_buf_free(&why);
	return rc;
}

/* Is this change a build into empty index files: every document new,
 * and the index empty before it (a load into a new store)?  Then the
 * whole index is what the change wrote, and it is read back whole by
 * term ids (pk_dir_index_verify_fresh) instead of document by
 * document through librdf: a fifth of a fresh load. */
static int pk_dir_apply_fresh(pk_store *st, const pk_store_change *ch,
	size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ch[i].has_old || ch[i].doc->forget)
			return 0;
	return librdf_model_size(st->ix.graphs) == 0 &&
		librdf_model_size(st->ix.uni) == 0;
}

int pk_dir_apply(pk_store *st, pk_store_change *ch, size_t n)
{
	pk_dir *d = st->impl;
	const pk_diag *diag = pk_dir_diag(st);
	pk_buf commit = PK_BUF_INIT;
	pk_store_pending pending = { NULL, 0, 0 };
	pk_store_digest *wants = NULL, total;
	unsigned long gen = st->generation + 1;
	char *pdir = NULL, *p = NULL, *q = NULL, *docs = NULL;
	char *new_owned = NULL, *old_owned = NULL;
	const char *new_text, *old_text;
	size_t new_len, old_len;
	int rc = 0, committed = 0, fresh;
	size_t i;

	pdir = pk_dir_join(d->dir, "pending");
	docs = pk_dir_join(d->dir, "docs");
	wants = calloc(n ? n : 1, sizeof *wants);
	if (!pdir || !docs || !wants ||
	    pk_buf_printf(&commit, "generation %lu\n", gen) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	if ((rc = pk_dir_pending_begin(st, d)) < 0)
		goto out;
	/* from here this function throws pending/ away if it fails */
	d->staging = 0;
	/* 1. the new texts (the staged ones are there already) */
	for (i = 0; i < n; i++) {
		if (pk_buf_printf(&commit, "%s %s\n", ch[i].doc->forget ? "del" : "put",
			ch[i].doc->key) < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		if (ch[i].doc->forget || ch[i].staged)
			continue;
		free(p);
		if (!(p = pk_dir_join3(d->dir, "pending", ch[i].doc->key, ".nq"))) {
			rc = PK_ENOMEM;
			goto out;
		}
		/* synced all together below: one journal commit carries them,
		 * where a sync each cost a disk round trip per document */
		if ((rc = pk_dir_write_file(p, ch[i].doc->text.ptr,
			ch[i].doc->text.len, 0, diag)) < 0)
			goto out;
		pk_store_crash_point("pending");
	}
	if ((rc = pk_dir_sync_fs(pdir, diag)) < 0 ||
	    (rc = pk_dir_fsync_files(pdir, diag)) < 0)
		goto out;
	/* 2. the decision */
	free(p);
	if (!(p = pk_dir_join(pdir, "COMMIT"))) {
		rc = PK_ENOMEM;
		goto out;
	}
	if ((rc = pk_dir_write_atomic(pdir, p, commit.ptr, commit.len, diag)) < 0)
		goto out;
	committed = 1;
	pk_store_crash_point("commit");
	/* 3. the index may not match docs/ from here on */
	if ((rc = pk_dir_write_state(d, st, gen, 1)) < 0)
		goto out;
	pk_store_crash_point("dirty");
	/* 4. docs/ */
	for (i = 0; i < n; i++) {
		free(p);
		free(q);
		p = pk_dir_join3(d->dir, "pending", ch[i].doc->key, ".nq");
		q = pk_dir_join3(d->dir, "docs", ch[i].doc->key, ".nq");
		if (!p || !q) {
			rc = PK_ENOMEM;
			goto out;
		}
		if (ch[i].doc->forget ? unlink(q) < 0 && errno != ENOENT :
		    rename(p, q) < 0) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", q, strerror(errno));
			rc = PK_ESTORE;
			goto out;
		}
		pk_store_crash_point("rename");
	}
	if ((rc = pk_dir_fsync_path(docs, diag)) < 0)
		goto out;
	pk_store_crash_point("applied");
	/* 5. the index, a document's texts in memory at a time */
	fresh = pk_dir_apply_fresh(st, ch, n);
	for (i = 0; i < n; i++) {
		free(q);
		free(new_owned);
		free(old_owned);
		new_owned = old_owned = NULL;
		if (!(q = pk_dir_join3(d->dir, "docs", ch[i].doc->key, ".nq"))) {
			rc = PK_ENOMEM;
			goto out;
		}
		if ((rc = pk_dir_change_text(st, d, &ch[i], 0, &new_owned, &new_text,
			&new_len)) < 0 ||
		    (rc = pk_dir_change_text(st, d, &ch[i], 1, &old_owned, &old_text,
			&old_len)) < 0)
			goto out;
		rc = pk_store_index_update(&st->ix, st->world, ch[i].doc->iri,
			old_text, old_len, new_text, new_len, &pending, &wants[i], diag, q);
		if (rc < 0)
			goto out;
	}
	free(new_owned);
	free(old_owned);
	new_owned = old_owned = NULL;
	if ((rc = pk_store_index_settle(&st->ix, &pending)) < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s/index: cannot update the index",
			d->dir);
		goto out;
	}
	memset(&total, 0, sizeof total);
	for (i = 0; fresh && i < n; i++) {
		total.n += wants[i].n;
		total.sum += wants[i].sum;
		total.gsum += wants[i].gsum;
	}
	if ((rc = pk_dir_sync_index(st, d)) < 0 ||
	    (rc = fresh ? pk_dir_index_verify_fresh(st, d, &total) :
		pk_dir_apply_verify(st, d, ch, wants, n)) < 0)
		goto out;
	pk_store_crash_point("synced");
	/* 6. done */
	if (pk_dir_remove_tree(pdir) < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", pdir, strerror(errno));
		rc = PK_ESTORE;
		goto out;
	}
	if ((rc = pk_dir_write_state(d, st, gen, 0)) < 0)
		goto out;
	st->generation = gen;
out:
	if (rc < 0 && !committed)
		pk_dir_remove_tree(pdir);
	if (rc < 0 && committed)
		pk_diag_emit(diag, PK_SEV_NOTE,
			"%s: the change is recorded; the index is rebuilt when the "
			"store is next opened", st->path);
	pk_store_pending_free(&pending);
	pk_buf_free(&commit);
	free(new_owned);
	free(old_owned);
	free(wants);
	free(pdir);
	free(docs);
	free(p);
	free(q);
	return rc;
}
