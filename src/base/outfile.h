/*
 * outfile.h - output that appears whole or not at all: a file written to
 * a temporary name beside its target, flushed to disk and renamed into
 * place; a directory of files built beside its target and swapped in.
 *
 * Ownership: a pk_outfile / pk_outdir owns its temporary file or directory
 * until pk_*_close, which always releases it (commits or removes it).
 */
#ifndef PK_OUTFILE_H
#define PK_OUTFILE_H

#include <stdio.h>

#include "policykg.h"

typedef struct pk_outfile {
	FILE *fh;     /* write here */
	char *path;   /* the target (symbolic links resolved) */
	char *tmp;    /* the temporary file, or NULL when writing directly */
	int is_stdout;
	int sync;     /* fsync before closing */
} pk_outfile;

/* path NULL or "-": stdout.  A FIFO or device is written directly; a
 * directory is an error (PK_EIO). */
int pk_outfile_open(pk_outfile *of, const char *path, const pk_diag *diag);
/* ok nonzero: flush, sync and rename into place; else remove the temporary
 * file, leaving the target as it was.  Returns PK_EIO when ok but a step
 * failed (reported), otherwise 0. */
int pk_outfile_close(pk_outfile *of, int ok, const pk_diag *diag);

typedef struct pk_outdir {
	char *path;   /* the target directory */
	char *tmp;    /* DIR.tmp-XXXXXX, where the files are written */
	const char *const *files; /* the names it may hold (NULL-terminated) */
} pk_outdir;

/* Start writing the directory path, which must not exist, or be empty, or
 * hold only files named in files (a previous output: it is replaced).
 * Anything else in it is an error, PK_EIO, and nothing is touched. */
int pk_outdir_open(pk_outdir *od, const char *path, const char *const *files,
	const pk_diag *diag);
/* Open a file of the directory for writing (name must be one of files);
 * close it with pk_outfile_close(.., ok, ..) (written in place: the whole
 * directory is what is swapped in). */
int pk_outdir_file(pk_outfile *of, pk_outdir *od, const char *name,
	const pk_diag *diag);
/* ok nonzero: swap the new directory in (the old one, if any, is removed);
 * else remove the new one. */
int pk_outdir_close(pk_outdir *od, int ok, const pk_diag *diag);

#endif
