/*
 * store_dir.c - the directory backend: a store on the local disk that
 * survives being killed at any moment.
 *
 *   graph.db/POLICYKG_STORE   "policykg-store 2\n": the format
 *   graph.db/lock             flock(2): readers share it, a writer holds it alone
 *   graph.db/state            "generation N\nindex clean|dirty\n", replaced atomically;
 *                             a clean index also has its signature (documents,
 *                             each index file's size and mtime) as verified
 *   graph.db/docs/KEY.nq      one document's canonical N-Quads (store_docs.c):
 *                             the source of truth
 *   graph.db/index/           the indexes built from docs/, LMDB files read through
 *                             librdf (store_lmdb.c): graphs.db (a context per
 *                             document) and union.db (each triple once)
 *   graph.db/pending/         only while a change is made (see below)
 *
 * The index is never the only copy of anything: a change is made durable
 * in docs/ first, with a redo log, and the index is rebuilt from docs/
 * whenever it may not match.  (The two index files commit separately,
 * so LMDB's transactions alone could not keep them in step with docs/.)
 *
 *   1. the new texts are written to pending/KEY.nq and synced;
 *   2. pending/COMMIT ("generation N", then "put KEY" / "del KEY" lines) is
 *      written to a temporary name, synced and renamed: the change is now
 *      decided;
 *   3. state says "dirty";
 *   4. the pending files are renamed over docs/, forgotten ones unlinked;
 *   5. the index is brought up to date line by line, committed and read
 *      back (store_verify.c);
 *   6. pending/ is removed and state says "clean" with the new generation.
 *
 * Opening a store first repairs it, holding the lock alone: with a COMMIT,
 * steps 4 and 6 are redone and the index rebuilt; without, pending/ is
 * thrown away (nothing had changed); a dirty index, or one that is not
 * as its signature says or fails the file checks, is rebuilt (marked
 * dirty first, so a killed rebuild is never served).  So a
 * store killed at any point opens with every document of the change old,
 * or every one new.  Readers hold the lock shared for as long as the
 * store is open, so they never see a change half made; whoever cannot get
 * the lock within the wait is told that the store is busy.
 */
#define _GNU_SOURCE /* flock, syncfs */
#define _XOPEN_SOURCE 700
#include "store/store_dir_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const pk_diag *pk_dir_diag(pk_store *st)
{
	return &st->log.diag;
}

/* ---- files ------------------------------------------------------------------ */

/* ---- marker and state -------------------------------------------------------------- */

/* Is dir a policykg store of our format?  *exists is 0 when nothing is at
 * dir (not an error); anything else that is not a store of our format is
 * PK_ESTORE.  Only reads.  name is the path as the user gave it. */
static int pk_dir_probe(int *exists, const char *dir, const char *name,
	const pk_diag *diag)
{
	struct stat sb;
	char line[64];
	char *marker = NULL, *end;
	FILE *f = NULL;
	long version;
	int rc = 0;

	*exists = 0;
	if (stat(dir, &sb) < 0) {
		if (errno == ENOENT)
			return 0;
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", name, strerror(errno));
		return PK_ESTORE;
	}
	*exists = 1;
	if (!S_ISDIR(sb.st_mode)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: not a policykg store", name);
		return PK_ESTORE;
	}
	marker = pk_dir_join(dir, PK_DIR_MARKER);
	if (!marker)
		return PK_ENOMEM;
	f = fopen(marker, "r");
	if (!f) {
		if (errno == ENOENT)
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: not a policykg store",
				name);
		else
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", marker,
				strerror(errno));
		rc = PK_ESTORE;
		goto out;
	}
	if (!fgets(line, sizeof line, f) ||
	    strncmp(line, PK_DIR_MAGIC, strlen(PK_DIR_MAGIC)) != 0) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"%s: not a policykg store (unrecognised %s)", name,
			PK_DIR_MARKER);
		rc = PK_ESTORE;
		goto out;
	}
	errno = 0;
	version = strtol(line + strlen(PK_DIR_MAGIC), &end, 10);
	if (errno || end == line + strlen(PK_DIR_MAGIC) ||
	    (*end != '\n' && *end != '\0')) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"%s: not a policykg store (unrecognised %s)", name,
			PK_DIR_MARKER);
		rc = PK_ESTORE;
		goto out;
	}
	if (version != PK_DIR_FORMAT) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"%s: store format %ld is not supported (this policykg "
			"reads format %d)%s", name, version, PK_DIR_FORMAT,
			version < PK_DIR_FORMAT ? "; it was made by an older policykg: "
			"load the graph again into a new store" : "");
		rc = PK_ESTORE;
		goto out;
	}
out:
	if (f)
		fclose(f);
	free(marker);
	return rc;
}

static int pk_dir_read_state(unsigned long *gen, int *dirty, char **text,
	pk_dir *d, pk_store *st)
{
	char *p = NULL, *data = NULL;
	unsigned long g;
	char word[16];
	size_t len;
	int rc;

	p = pk_dir_join(d->dir, "state");
	if (!p)
		return PK_ENOMEM;
	if ((rc = pk_dir_read_file(&data, &len, p, pk_dir_diag(st))) < 0)
		goto out;
	if (!data || sscanf(data, "generation %lu\nindex %15s", &g, word) != 2 ||
	    (strcmp(word, "clean") != 0 && strcmp(word, "dirty") != 0)) {
		pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR,
			"%s: %s; not a complete policykg store", p,
			data ? "unrecognised" : "missing");
		rc = PK_ESTORE;
		goto out;
	}
	*gen = g;
	*dirty = strcmp(word, "dirty") == 0;
	if (text) {
		*text = data;
		data = NULL;
	}
out:
	free(data);
	free(p);
	return rc;
}

/* ---- the lock ------------------------------------------------------------------------ */

/* A writer waiting for the lock says so by holding the store directory
 * itself locked (flock, so it ends with the process): a reader that
 * keeps the store open while idle (`serve`) asks pk_dir_wanted and lets
 * go.  Such a reader answers within its tick, so a writer gives it
 * PK_DIR_ASKED even under a shorter --wait. */
#define PK_DIR_ASKED 0.1 /* seconds */

static int pk_dir_lock(pk_dir *d, pk_store *st, int op)
{
	double deadline = pk_dir_now() + d->wait, left;
	struct timespec ts;
	int asked = -1, told = 0, rc;

	for (;;) {
		if (flock(d->lock_fd, op | LOCK_NB) == 0) {
			rc = 0;
			break;
		}
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s/lock: %s",
				d->dir, strerror(errno));
			rc = PK_ESTORE;
			break;
		}
		if (op == LOCK_EX && asked < 0 && (asked = open(d->dir,
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0 &&
		    deadline < pk_dir_now() + PK_DIR_ASKED)
			deadline = pk_dir_now() + PK_DIR_ASKED;
		/* asked again at each try until it holds: another writer
		 * asking now may get in and stop asking before this one does */
		if (asked >= 0 && !told)
			told = flock(asked, LOCK_EX | LOCK_NB) == 0;
		left = deadline - pk_dir_now();
		if (left <= 0) {
			pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR,
				"%s: store is busy (%s by another policykg process); "
				"try again later, or wait longer with --wait SECONDS",
				st->path, op == LOCK_SH ? "being changed" : "in use");
			rc = PK_EBUSY;
			break;
		}
		if (left > 0.02)
			left = 0.02;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(left * 1e9);
		nanosleep(&ts, NULL);
	}
	if (asked >= 0)
		close(asked);
	return rc;
}

/* Should a reader holding the store open close it: does a writer wait
 * for the lock (pk_dir_lock), or does the path now name another store
 * (removed and made again)?  1 or 0; -1 when it cannot tell. */
static int pk_dir_wanted(pk_store *st)
{
	pk_dir *d = st->impl;
	struct stat now, was;

	if (!d || d->dir_fd < 0)
		return -1;
	if (flock(d->dir_fd, LOCK_SH | LOCK_NB) != 0)
		return errno == EWOULDBLOCK ? 1 : -1;
	(void)flock(d->dir_fd, LOCK_UN);
	if (fstat(d->dir_fd, &was) != 0)
		return -1;
	return stat(d->dir, &now) != 0 || now.st_ino != was.st_ino ||
		now.st_dev != was.st_dev;
}

/* ---- the index ------------------------------------------------------------------------- */

/* ---- repair --------------------------------------------------------------------------- */

/* Finish the change pending/COMMIT records (the lock is held alone). */
static int pk_dir_redo(unsigned long *gen, pk_store *st, pk_dir *d,
	const char *commit)
{
	char *data = NULL, *src = NULL, *dst = NULL, *line, *nl, *docs = NULL;
	char key[256];
	size_t len;
	unsigned long g;
	int rc;

	if ((rc = pk_dir_read_file(&data, &len, commit, pk_dir_diag(st))) < 0)
		goto out;
	if (!data || sscanf(data, "generation %lu", &g) != 1) {
		pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s: unrecognised",
			commit);
		rc = PK_ESTORE;
		goto out;
	}
	for (line = strchr(data, '\n'); line && line[1]; line = nl) {
		line++;
		nl = strchr(line, '\n');
		if (!nl || nl - line < 5 || (size_t)(nl - line - 4) >= sizeof key) {
			pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s: unrecognised",
				commit);
			rc = PK_ESTORE;
			goto out;
		}
		memcpy(key, line + 4, (size_t)(nl - line - 4));
		key[nl - line - 4] = '\0';
		free(src);
		free(dst);
		src = pk_dir_join3(d->dir, "pending", key, ".nq");
		dst = pk_dir_join3(d->dir, "docs", key, ".nq");
		if (!src || !dst) {
			rc = PK_ENOMEM;
			goto out;
		}
		if (strncmp(line, "put ", 4) == 0) {
			/* renamed already when it is gone from pending/ */
			if (pk_dir_exists(src) && rename(src, dst) < 0) {
				pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s: %s", dst,
					strerror(errno));
				rc = PK_ESTORE;
				goto out;
			}
		} else if (strncmp(line, "del ", 4) == 0) {
			if (unlink(dst) < 0 && errno != ENOENT) {
				pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s: %s", dst,
					strerror(errno));
				rc = PK_ESTORE;
				goto out;
			}
		} else {
			pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s: unrecognised",
				commit);
			rc = PK_ESTORE;
			goto out;
		}
	}
	docs = pk_dir_join(d->dir, "docs");
	if (!docs) {
		rc = PK_ENOMEM;
		goto out;
	}
	if ((rc = pk_dir_fsync_path(docs, pk_dir_diag(st))) < 0)
		goto out;
	*gen = g;
out:
	free(docs);
	free(src);
	free(dst);
	free(data);
	return rc;
}

/* Bring the store to a consistent state: an interrupted change finished
 * or thrown away, the index rebuilt if it may not match docs/ (dirty:
 * the state file says so; damaged: the caller found it so).  Every
 * rebuild runs with the state file saying dirty, so a rebuild killed
 * half way is started again, never served. */
static int pk_dir_repair(pk_store *st, pk_dir *d, unsigned long gen, int dirty,
	int damaged)
{
	char *pending = NULL, *commit = NULL, *ix = NULL;
	int rc = 0;

	pending = pk_dir_join(d->dir, "pending");
	commit = pk_dir_join(d->dir, "pending/COMMIT");
	ix = pk_dir_join(d->dir, "index/union.db");
	if (!pending || !commit || !ix) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (pk_dir_exists(commit)) {
		if ((rc = pk_dir_redo(&gen, st, d, commit)) < 0 ||
		    (rc = pk_dir_write_state(d, st, gen, 1)) < 0)
			goto out;
		dirty = 1;
		pk_diag_emit(pk_dir_diag(st), PK_SEV_NOTE,
			"%s: finished an interrupted change (generation %lu)",
			st->path, gen);
	} else if (pk_dir_exists(pending)) {
		pk_diag_emit(pk_dir_diag(st), PK_SEV_NOTE,
			"%s: rolled back an interrupted change", st->path);
	}
	if (pk_dir_exists(pending)) {
		if (pk_dir_remove_tree(pending) < 0) {
			pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s: %s", pending,
				strerror(errno));
			rc = PK_ESTORE;
			goto out;
		}
		if ((rc = pk_dir_fsync_path(d->dir, pk_dir_diag(st))) < 0)
			goto out;
	}
	if (dirty || damaged || !pk_dir_exists(ix)) {
		if (!dirty && (rc = pk_dir_write_state(d, st, gen, 1)) < 0)
			goto out;
		if ((rc = pk_dir_rebuild(st, d)) < 0 ||
		    (rc = pk_dir_write_state(d, st, gen, 0)) < 0)
			goto out;
	}
out:
	free(ix);
	free(commit);
	free(pending);
	return rc;
}

/* ---- creating and opening --------------------------------------------------------------- */

static int pk_dir_mkdir_in(const char *dir, const char *name,
	const pk_diag *diag)
{
	char *p = pk_dir_join(dir, name);
	int rc = 0;

	if (!p)
		return PK_ENOMEM;
	if (mkdir(p, 0777) < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", p, strerror(errno));
		rc = PK_ESTORE;
	}
	free(p);
	return rc;
}

/* Make a new empty store at d->dir: built beside it and renamed into
 * place, so nobody sees half a store.  Losing a race to another creator
 * is fine: its store is used. */
static int pk_dir_create(pk_store *st, pk_dir *d)
{
	pk_buf tmp = PK_BUF_INIT, p = PK_BUF_INIT;
	const pk_diag *diag = pk_dir_diag(st);
	char *saved = d->dir;
	int rc = 0, have_tmp = 0;

	if (pk_buf_printf(&tmp, "%s.tmp-%ld", d->dir, (long)getpid()) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	pk_dir_remove_tree(tmp.ptr); /* a leftover of a killed process */
	if (mkdir(tmp.ptr, 0777) < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", st->path, strerror(errno));
		rc = PK_ESTORE;
		goto out;
	}
	have_tmp = 1;
	d->dir = tmp.ptr;
	if ((rc = pk_dir_mkdir_in(tmp.ptr, "docs", diag)) < 0 ||
	    (rc = pk_dir_mkdir_in(tmp.ptr, "index", diag)) < 0)
		goto out;
	if (pk_buf_printf(&p, "%s/lock", tmp.ptr) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	if ((rc = pk_dir_write_file(p.ptr, "", 0, 1, diag)) < 0 ||
	    (rc = pk_dir_open_index(st, d, 1, 1, 1)) < 0 ||
	    (rc = pk_dir_open_index(st, d, 0, 1, 1)) < 0 ||
	    (rc = pk_dir_sync_index(st, d)) < 0)
		goto out;
	pk_store_index_close(&st->ix);
	if ((rc = pk_dir_write_state(d, st, 0, 0)) < 0)
		goto out;
	pk_buf_clear(&p);
	if (pk_buf_printf(&p, "%s/%s", tmp.ptr, PK_DIR_MARKER) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	{
		char marker[32];
		int n = snprintf(marker, sizeof marker, PK_DIR_MAGIC "%d\n",
			PK_DIR_FORMAT);

		if ((rc = pk_dir_write_file(p.ptr, marker, (size_t)n, 1, diag)) < 0)
			goto out;
	}
	if ((rc = pk_dir_fsync_path(tmp.ptr, diag)) < 0)
		goto out;
	if (rename(tmp.ptr, saved) < 0) {
		if (errno != EEXIST && errno != ENOTEMPTY) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", st->path,
				strerror(errno));
			rc = PK_ESTORE;
		}
		goto out;
	}
	have_tmp = 0;
out:
	pk_store_index_close(&st->ix);
	d->dir = saved;
	if (have_tmp)
		pk_dir_remove_tree(tmp.ptr);
	pk_buf_free(&tmp);
	pk_buf_free(&p);
	return rc;
}

static void pk_dir_close(pk_store *st)
{
	pk_dir *d = st->impl;
	char *p;

	/* the index is closed while the lock is still held */
	pk_store_index_close(&st->ix);
	if (!d)
		return;
	/* staged but never applied: nothing was decided */
	if (d->staging && (p = pk_dir_join(d->dir, "pending"))) {
		pk_dir_remove_tree(p);
		free(p);
	}
	if (d->lock_fd >= 0)
		close(d->lock_fd);
	if (d->dir_fd >= 0)
		close(d->dir_fd);
	free(d->dir);
	free(d);
	st->impl = NULL;
}

static int pk_dir_open(pk_store *st, const char *path, int flags, double wait)
{
	int readonly = (flags & PK_STORE_READONLY) != 0;
	unsigned long gen = 0;
	size_t n;
	int exists, dirty = 0, damaged, tries, rc = 0;
	pk_buf why = PK_BUF_INIT;
	pk_dir *d;
	char *lock = NULL, *ix = NULL, *pending = NULL, *state = NULL;

	d = calloc(1, sizeof *d);
	if (!d)
		return PK_ENOMEM;
	d->lock_fd = -1;
	d->dir_fd = -1;
	d->wait = wait;
	st->impl = d;
	n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	if (!(d->dir = pk_strndup(path, n)))
		return PK_ENOMEM;
	if ((rc = pk_dir_probe(&exists, d->dir, path, pk_dir_diag(st))) < 0)
		return rc;
	if (!exists) {
		if (!(flags & PK_STORE_CREATE)) {
			pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR,
				"%s: no such store (run 'policykg load' first)", path);
			return PK_ESTORE;
		}
		if ((rc = pk_dir_create(st, d)) < 0 ||
		    (rc = pk_dir_probe(&exists, d->dir, path, pk_dir_diag(st))) < 0)
			return rc;
	}
	lock = pk_dir_join(d->dir, "lock");
	if (!lock)
		return PK_ENOMEM;
	d->lock_fd = open(lock, (readonly ? O_RDONLY : O_RDWR | O_CREAT) | O_CLOEXEC,
		0666);
	if (d->lock_fd < 0) {
		pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s: %s%s", lock,
			strerror(errno), errno == ENOENT ?
			"; not a complete policykg store" : "");
		rc = PK_ESTORE;
		goto out;
	}
	if ((rc = pk_dir_lock(d, st, readonly ? LOCK_SH : LOCK_EX)) < 0)
		goto out;
	/* the directory as opened, for pk_dir_wanted (-1: it cannot tell) */
	d->dir_fd = open(d->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* an index of an older policykg (Berkeley DB files) lacks this
	 * file: its absence means the index must be built again */
	ix = pk_dir_join(d->dir, "index/union.db");
	pending = pk_dir_join(d->dir, "pending");
	if (!ix || !pending) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (tries = 0;; tries++) {
		free(state);
		state = NULL;
		pk_buf_clear(&why);
		if ((rc = pk_dir_read_state(&gen, &dirty, &state, d, st)) < 0)
			goto out;
		damaged = 0;
		if (!dirty && !pk_dir_exists(pending)) {
			if ((rc = pk_dir_index_whole(d, st, state, &why)) < 0)
				goto out;
			if (rc == 0 && (rc = pk_dir_open_index(st, d, 0, 0, !readonly)) == 0 &&
			    (readonly || (rc = pk_dir_open_index(st, d, 1, 0, 1)) == 0))
				break;
			if (rc == PK_ENOMEM)
				goto out;
			if (rc == PK_ESTORE && !why.len &&
			    pk_buf_printf(&why, "librdf cannot open it") < 0) {
				rc = PK_ENOMEM;
				goto out;
			}
			pk_store_index_close(&st->ix);
			damaged = 1;
		}
		if (tries == 2) {
			pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR,
				"%s: the index is not whole even after a rebuild: %s",
				st->path, why.len ? why.ptr : "it is still marked dirty");
			rc = PK_ESTORE;
			goto out;
		}
		if (damaged)
			pk_diag_emit(pk_dir_diag(st), PK_SEV_WARNING,
				"%s: %s; rebuilding the index from docs/", st->path, why.ptr);
		/* repair, holding the lock alone */
		if (readonly && (rc = pk_dir_lock(d, st, LOCK_EX)) < 0)
			goto out;
		if ((rc = pk_dir_repair(st, d, gen, dirty, damaged)) < 0)
			goto out;
		if (readonly && (rc = pk_dir_lock(d, st, LOCK_SH)) < 0)
			goto out;
	}
	st->generation = gen;
	rc = 0;
out:
	pk_buf_free(&why);
	free(state);
	free(ix);
	free(pending);
	free(lock);
	return rc;
}

int pk_dir_open_graphs(pk_store *st)
{
	return pk_dir_open_index(st, st->impl, 1, 0, !st->readonly);
}

static int pk_dir_claims(const char *path)
{
	PK_UNUSED(path);
	return 1;
}

static int pk_dir_read_doc(pk_store *st, const pk_store_doc *doc, char **text,
	size_t *len)
{
	pk_dir *d = st->impl;
	char *p, *iri;
	int rc;

	*text = NULL;
	*len = 0;
	p = pk_dir_join3(d->dir, "docs", doc->key, ".nq");
	if (!p)
		return PK_ENOMEM;
	rc = pk_dir_read_file(text, len, p, pk_dir_diag(st));
	if (rc == 0 && *text) {
		iri = pk_store_doc_header_iri(*text, *len);
		if (!iri || strcmp(iri, doc->iri) != 0) {
			pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR,
				"%s: holds %s%s%s, not <%s>", p, iri ? "<" : "",
				iri ? iri : "no document header", iri ? ">" : "", doc->iri);
			free(*text);
			*text = NULL;
			rc = PK_ESTORE;
		}
		free(iri);
	}
	free(p);
	return rc;
}

long pk_dir_documents(pk_store *st)
{
	size_t n = 0;

	/* counted, not listed: every open signs the index with it, and
	 * names copied and sorted cost 15 ms at 38,000 documents */
	if (pk_dir_list(NULL, &n, st->impl, st, "docs", ".nq", 0) < 0)
		return -1;
	return (long)n;
}

const pk_store_backend pk_store_backend_dir = {
	"directory",
	pk_dir_claims,
	pk_dir_open,
	pk_dir_close,
	pk_dir_read_doc,
	pk_dir_apply,
	pk_dir_documents,
	pk_dir_open_graphs,
	pk_dir_check,
	pk_dir_stage,
	pk_dir_wanted,
};
