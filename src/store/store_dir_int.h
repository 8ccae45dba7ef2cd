/*
 * store_dir_int.h - what the files of the directory backend share:
 * store_dir.c (the backend: open, repair), store_dir_apply.c (a change:
 * stage, apply, read back), store_dir_files.c
 * (file operations), store_dir_index.c (the index files, their
 * signature, read-back and rebuild) and store_dir_check.c (check).  See store_dir.c for
 * the layout of a store and the protocol of a change.
 */
#ifndef PK_STORE_DIR_INT_H
#define PK_STORE_DIR_INT_H

#include "store/store_int.h"

#define PK_DIR_MARKER "POLICYKG_STORE"
#define PK_DIR_MAGIC "policykg-store "
#define PK_DIR_FORMAT 2

typedef struct pk_dir {
	char *dir;      /* the store's path without trailing slashes */
	int lock_fd;
	int dir_fd;     /* the directory as opened, for pk_dir_wanted */
	double wait;    /* seconds to wait for the lock */
	long documents; /* in docs/ when last counted (pk_dir_index_sign) */
	int staging;    /* pending/ holds staged changes not yet applied */
} pk_dir;

/* store_dir.c */
const pk_diag *pk_dir_diag(pk_store *st);
long pk_dir_documents(pk_store *st);
int pk_dir_open_graphs(pk_store *st);

/* store_dir_apply.c: the backend's stage and apply */
int pk_dir_stage(pk_store *st, pk_store_change *ch);
int pk_dir_apply(pk_store *st, pk_store_change *ch, size_t n);

/* store_dir_check.c: pk_store_check */
int pk_dir_check(pk_store_check_result *out, pk_store *st, int repair);

/* store_dir_files.c */
char *pk_dir_join(const char *dir, const char *name);
char *pk_dir_join3(const char *dir, const char *sub, const char *name,
	const char *ext);
double pk_dir_now(void);
int pk_dir_exists(const char *path);
int pk_dir_remove_tree(const char *dir);
int pk_dir_fsync_path(const char *path, const pk_diag *diag);
int pk_dir_sync_fs(const char *dir, const pk_diag *diag);
int pk_dir_fsync_files(const char *dir, const pk_diag *diag);
int pk_dir_write_file(const char *path, const char *data, size_t len,
	int sync, const pk_diag *diag);
int pk_dir_write_atomic(const char *dir, const char *path,
	const char *data, size_t len, const pk_diag *diag);
int pk_dir_read_file(char **data, size_t *len, const char *path,
	const pk_diag *diag);
/* The names in d/sub ending in ext, sorted; with out NULL, only n. */
int pk_dir_list(char ***out, size_t *n, pk_dir *d, pk_store *st,
	const char *sub, const char *ext, int missing_ok);
void pk_dir_free_names(char **names, size_t n);

/* store_dir_index.c */
int pk_dir_index_sign(pk_buf *out, pk_dir *d, pk_store *st,
	pk_buf *why);
int pk_dir_index_files_check(pk_dir *d, pk_store *st, pk_buf *why);
int pk_dir_write_state(pk_dir *d, pk_store *st, unsigned long gen,
	int dirty);
int pk_dir_index_whole(pk_dir *d, pk_store *st, const char *state,
	pk_buf *why);
int pk_dir_open_index(pk_store *st, pk_dir *d, int graphs, int is_new,
	int writable);
int pk_dir_sync_index(pk_store *st, pk_dir *d);
int pk_dir_index_verify(pk_store *st, pk_dir *d, pk_store_tally *tally);
/* The same for an index built into empty files from documents whose
 * digest (with gsum) is want, read by term ids (store_lmdb_verify.c);
 * the index is left open for writing, as pk_dir_apply leaves it. */
int pk_dir_index_verify_fresh(pk_store *st, pk_dir *d,
	const pk_store_digest *want);
int pk_dir_rebuild(pk_store *st, pk_dir *d);

#endif
