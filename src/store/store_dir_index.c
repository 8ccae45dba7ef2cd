/*
 * store_dir_index.c - the directory store's index files (index/graphs.db,
 * index/union.db, LMDB through store_lmdb.c): opening them, their
 * signature in the state file (documents, each file's size and mtime)
 * and the cheap check at open, the read-back of a build (store_verify.c's
 * digests), and the rebuild from docs/ under the dirty flag.
 */
#define _GNU_SOURCE /* syncfs, SEEK_HOLE */
#define _XOPEN_SOURCE 700
#include "store/store_dir_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* What a verified index looks like, for the state file: the number of
 * documents, and each index file's size and modification time.  Opening
 * the store compares (pk_dir_index_whole): anything else touched the
 * index since, or a write of ours never reached the disk.  With why, each
 * file is also checked for looking whole (pk_store_lmdb_file_check) in
 * the same pass, and why says what the first one lacks. */
int pk_dir_index_sign(pk_buf *out, pk_dir *d, pk_store *st,
	pk_buf *why)
{
	char **names = NULL, *f = NULL, msg[160];
	size_t n = 0, i;
	struct stat sb;
	long docs;
	int rc;

	if ((docs = pk_dir_documents(st)) < 0)
		return PK_ESTORE;
	d->documents = docs;
	if (pk_buf_printf(out, "documents %ld\n", docs) < 0)
		return PK_ENOMEM;
	if ((rc = pk_dir_list(&names, &n, d, st, "index", ".db", 1)) < 0)
		goto out;
	if (why && n == 0 && pk_buf_printf(why, "index/ holds no files") < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		free(f);
		if (!(f = pk_dir_join3(d->dir, "index", names[i], ""))) {
			rc = PK_ENOMEM;
			goto out;
		}
		if (stat(f, &sb) < 0) {
			pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s: %s", f,
				strerror(errno));
			rc = PK_ESTORE;
			goto out;
		}
		if (pk_buf_printf(out, "file %s %lld %lld.%09ld\n", names[i],
			(long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
			sb.st_mtim.tv_nsec) < 0 ||
		    (why && !why->len && pk_store_lmdb_file_check(f, msg, sizeof msg) < 0 &&
		     pk_buf_printf(why, "index/%s: %s", names[i], msg) < 0)) {
			rc = PK_ENOMEM;
			goto out;
		}
	}
out:
	pk_dir_free_names(names, n);
	free(f);
	return rc;
}

/* Does each index file look whole?  0 when they do; 1 with why set when
 * one does not. */
int pk_dir_index_files_check(pk_dir *d, pk_store *st, pk_buf *why)
{
	pk_buf sig = PK_BUF_INIT;
	int rc = pk_dir_index_sign(&sig, d, st, why);

	pk_buf_free(&sig);
	return rc < 0 ? rc : why->len ? 1 : 0;
}

/* The state file; a clean index is recorded with its signature, so the
 * index files must be closed (nothing more to write) when clean. */
int pk_dir_write_state(pk_dir *d, pk_store *st, unsigned long gen,
	int dirty)
{
	pk_buf text = PK_BUF_INIT;
	char *p;
	int rc;

	p = pk_dir_join(d->dir, "state");
	if (!p || pk_buf_printf(&text, "generation %lu\nindex %s\n", gen,
		dirty ? "dirty" : "clean") < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (!dirty && (rc = pk_dir_index_sign(&text, d, st, NULL)) < 0)
		goto out;
	rc = pk_dir_write_atomic(d->dir, p, text.ptr, text.len, pk_dir_diag(st));
out:
	free(p);
	pk_buf_free(&text);
	return rc;
}

/* Is the index as the state file recorded it after its last verified
 * write, and does each file look whole?  Cheap: a stat, a 64-byte read
 * and a seek per file, and a listing of docs/.  0 when it is; 1 with
 * why set when it is not. */
int pk_dir_index_whole(pk_dir *d, pk_store *st, const char *state,
	pk_buf *why)
{
	pk_buf now = PK_BUF_INIT, files = PK_BUF_INIT;
	const char *rec, *cur, *a, *b;
	char name[256];
	size_t alen, blen;
	int rc;

	if ((rc = pk_dir_index_sign(&now, d, st, &files)) < 0)
		goto out;
	rec = strstr(state, "\ndocuments ");
	if (!rec) {
		rc = pk_buf_printf(why, "the state file records no verified index") < 0 ?
			PK_ENOMEM : 1;
		goto out;
	}
	rec++;
	/* line by line: the first difference names the file */
	for (a = rec, cur = now.ptr; *a || *cur; a += alen + (a[alen] != 0),
	     cur += blen + (cur[blen] != 0)) {
		alen = strcspn(a, "\n");
		blen = strcspn(cur, "\n");
		if (alen == blen && memcmp(a, cur, alen) == 0)
			continue;
		b = alen ? a : cur;
		if (strncmp(b, "documents ", 10) == 0)
			rc = pk_buf_printf(why, "docs/ holds %.*s documents where the "
				"index was built from %.*s", (int)blen - 10, cur + 10,
				(int)alen - 10, a + 10);
		else if (sscanf(b, "file %255s", name) == 1)
			rc = pk_buf_printf(why, "index/%s %s", name, blen == 0 ?
				"is missing" : "is not as it was when the index was last "
				"verified");
		else
			rc = pk_buf_printf(why, "the state file is not as written");
		rc = rc < 0 ? PK_ENOMEM : 1;
		goto out;
	}
	/* the signature matches; are the files whole? */
	rc = 0;
	if (files.len)
		rc = pk_buf_put(why, files.ptr, files.len) < 0 ? PK_ENOMEM : 1;
out:
	pk_buf_free(&files);
	pk_buf_free(&now);
	return rc;
}

int pk_dir_open_index(pk_store *st, pk_dir *d, int graphs, int is_new,
	int writable)
{
	char *file = pk_dir_join(d->dir, graphs ? "index/graphs.db" :
		"index/union.db");
	const char *opts[] = {
		"new", is_new ? "yes" : "no",
		"write", writable ? "yes" : "no",
		"contexts", graphs ? "yes" : "no",
		NULL
	};
	int rc;

	if (!file)
		return PK_ENOMEM;
	if (graphs)
		rc = pk_store_open_storage(&st->ix.gstorage, &st->ix.graphs, st,
			PK_STORE_LMDB, file, opts);
	else
		rc = pk_store_open_storage(&st->ix.ustorage, &st->ix.uni, st,
			PK_STORE_LMDB, file, opts);
	if (rc == PK_ESTORE)
		pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR,
			"%s: cannot open the %s index", file, graphs ? "graphs" : "union");
	free(file);
	return rc;
}

int pk_dir_sync_index(pk_store *st, pk_dir *d)
{
	char *ixdir;
	int rc;

	if ((st->ix.graphs && librdf_model_sync(st->ix.graphs)) ||
	    (st->ix.uni && librdf_model_sync(st->ix.uni))) {
		pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR,
			"%s/index: cannot write the index", d->dir);
		return PK_ESTORE;
	}
	ixdir = pk_dir_join(d->dir, "index");
	if (!ixdir)
		return PK_ENOMEM;
	rc = pk_dir_fsync_files(ixdir, pk_dir_diag(st));
	free(ixdir);
	return rc;
}

/* A read-back's end: rc 1 (not whole, why says how) or PK_ESTORE
 * reported and returned as PK_ESTORE; why freed. */
static int pk_dir_index_verify_said(pk_store *st, int rc, pk_buf *why)
{
	if (rc == 1) {
		pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR,
			"%s: the index as written is not whole: %s (is the disk full?)",
			st->path, why->ptr);
		rc = PK_ESTORE;
	} else if (rc == PK_ESTORE) {
		pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR,
			"%s: cannot read the index back", st->path);
	}
	pk_buf_free(why);
	return rc;
}

/* Read the index back, closed and opened again so that what is read
 * comes from the files: it is whole when every file looks whole and
 * both indexes hold what the tally of docs/ says. */
int pk_dir_index_verify(pk_store *st, pk_dir *d, pk_store_tally *tally)
{
	pk_buf why = PK_BUF_INIT;
	pk_store_digest want, got;
	int rc;

	pk_store_index_close(&st->ix);
	if ((rc = pk_dir_index_files_check(d, st, &why)) != 0)
		goto out;
	if ((rc = pk_dir_open_index(st, d, 1, 0, 0)) < 0 ||
	    (rc = pk_dir_open_index(st, d, 0, 0, 0)) < 0 ||
	    (rc = pk_store_digest_stream(&got,
		librdf_model_as_stream(st->ix.graphs))) < 0)
		goto out;
	if (!pk_store_digest_equal(&got, &tally->quads)) {
		rc = pk_buf_printf(&why, "the graphs index holds %llu statements "
			"where docs/ has %llu%s", (unsigned long long)got.n,
			(unsigned long long)tally->quads.n, got.n == tally->quads.n ?
			", not the same ones" : "") < 0 ? PK_ENOMEM : 1;
		goto out;
	}
	pk_store_tally_union(&want, tally);
	if ((rc = pk_store_digest_stream(&got,
		librdf_model_as_stream(st->ix.uni))) < 0)
		goto out;
	if (!pk_store_digest_equal(&got, &want)) {
		rc = pk_buf_printf(&why, "the union index holds %llu triples where "
			"docs/ has %llu%s", (unsigned long long)got.n,
			(unsigned long long)want.n, got.n == want.n ?
			", not the same ones" : "") < 0 ? PK_ENOMEM : 1;
		goto out;
	}
	/* and a new index has its date index, whole */
	if ((rc = pk_store_lmdb_dates_check(st->ix.ustorage, &why)) == 0 &&
	    (rc = pk_store_lmdb_dates_check(st->ix.gstorage, &why)) == 0)
		goto out;
	if (rc < 0)
		rc = PK_ESTORE;
	else if (rc == 1 && pk_buf_printf(&why, "no date index") < 0)
		rc = PK_ENOMEM;
	else
		rc = 1;
out:
	pk_store_index_close(&st->ix);
	return pk_dir_index_verify_said(st, rc, &why);
}

/* Why a fresh build is read back by ids and what that shows is at the
 * top of store_lmdb_verify.c.  Here the two files are tied to docs/:
 * graphs, read by its terms' text in document order (cspo), holds
 * every statement of every document in that document (want, with
 * gsum: each statement's hash mixed with its document's), and union
 * holds each distinct triple of graphs once.  Both are read from the
 * files, closed and opened again read-only. */
int pk_dir_index_verify_fresh(pk_store *st, pk_dir *d,
	const pk_store_digest *want)
{
	pk_buf why = PK_BUF_INIT;
	pk_store_lmdb_sums g, u;
	int rc;

	pk_store_index_close(&st->ix);
#ifdef __GLIBC__
	/* the writers' page buffers, kept by LMDB until the close (up to
	 * 512 MB a file), are free now: give them back before reading */
	malloc_trim(0);
#endif
	if ((rc = pk_dir_index_files_check(d, st, &why)) != 0)
		goto out;
	if ((rc = pk_dir_open_index(st, d, 1, 0, 0)) < 0 ||
	    (rc = pk_dir_open_index(st, d, 0, 0, 0)) < 0)
		goto out;
	/* -1 from there is LMDB's failure, logged, not PK_ENOMEM */
	if ((rc = pk_store_lmdb_sums_read(&g, st->ix.gstorage, &why)) != 0) {
		rc = rc < 0 ? PK_ESTORE : rc;
		goto out;
	}
	if (g.stmts.n != want->n || g.stmts.sum != want->sum ||
	    g.stmts.gsum != want->gsum) {
		rc = pk_buf_printf(&why, "the graphs index holds %llu statements "
			"where docs/ has %llu%s", (unsigned long long)g.stmts.n,
			(unsigned long long)want->n, g.stmts.n == want->n ?
			", not the same ones" : "") < 0 ? PK_ENOMEM : 1;
		goto out;
	}
	if ((rc = pk_store_lmdb_sums_read(&u, st->ix.ustorage, &why)) != 0) {
		rc = rc < 0 ? PK_ESTORE : rc;
		goto out;
	}
	if (!pk_store_digest_equal(&u.stmts, &g.triples)) {
		rc = pk_buf_printf(&why, "the union index holds %llu triples where "
			"docs/ has %llu%s", (unsigned long long)u.stmts.n,
			(unsigned long long)g.triples.n, u.stmts.n == g.triples.n ?
			", not the same ones" : "") < 0 ? PK_ENOMEM : 1;
		goto out;
	}
	pk_store_index_close(&st->ix);
	if ((rc = pk_dir_open_index(st, d, 1, 0, 1)) < 0 ||
	    (rc = pk_dir_open_index(st, d, 0, 0, 1)) < 0)
		goto out;
out:
	if (rc != 0)
		pk_store_index_close(&st->ix);
	return pk_dir_index_verify_said(st, rc, &why);
}

/* Build index/ anew from docs/ (the state file says dirty meanwhile) and
 * read it back. */
int pk_dir_rebuild(pk_store *st, pk_dir *d)
{
	char *ixdir = NULL, *p = NULL, *data = NULL, **names = NULL;
	pk_store_tally tally;
	size_t n = 0, i, len;
	double t0 = pk_dir_now();
	int rc;

	memset(&tally, 0, sizeof tally);
	pk_store_index_close(&st->ix);
	ixdir = pk_dir_join(d->dir, "index");
	if (!ixdir)
		return PK_ENOMEM;
	if (pk_dir_remove_tree(ixdir) < 0 || mkdir(ixdir, 0777) < 0) {
		pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s: %s", ixdir,
			strerror(errno));
		rc = PK_ESTORE;
		goto out;
	}
	if ((rc = pk_dir_open_index(st, d, 1, 1, 1)) < 0 ||
	    (rc = pk_dir_open_index(st, d, 0, 1, 1)) < 0 ||
	    (rc = pk_dir_list(&names, &n, d, st, "docs", ".nq", 0)) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		pk_store_crash_point("rebuild");
		free(p);
		if (!(p = pk_dir_join3(d->dir, "docs", names[i], ""))) {
			rc = PK_ENOMEM;
			goto out;
		}
		free(data);
		if ((rc = pk_dir_read_file(&data, &len, p, pk_dir_diag(st))) < 0)
			goto out;
		if (data && (rc = pk_store_index_add_text(&st->ix, st->world, data,
			len, &tally, p, pk_dir_diag(st))) < 0) {
			if (rc == PK_ESTORE)
				pk_diag_emit(pk_dir_diag(st), PK_SEV_NOTE,
					"%s: the index is built again at every open until this "
					"is fixed; a damaged file can be moved out of docs/ and "
					"its document loaded again", st->path);
			goto out;
		}
	}
	if ((rc = pk_dir_sync_index(st, d)) < 0 ||
	    (rc = pk_dir_index_verify(st, d, &tally)) < 0)
		goto out;
	pk_diag_emit(pk_dir_diag(st), PK_SEV_NOTE,
		"%s: index rebuilt from %zu document%s in %.2f s", st->path, n,
		n == 1 ? "" : "s", pk_dir_now() - t0);
out:
	if (rc < 0)
		pk_store_index_close(&st->ix);
	pk_store_tally_free(&tally);
	pk_dir_free_names(names, n);
	free(data);
	free(p);
	free(ixdir);
	return rc;
}
