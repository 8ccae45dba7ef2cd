/*
 * store_spill.c - text a load cannot hold in memory.  A load of 10M
 * quads held 2 GB of canonical text until the store took it; now a batch
 * holds at most max_held bytes (PK_STORE_BATCH_MEMORY unless set), and
 * past that every document's text so far is appended to one temporary
 * file, each run of lines remembered as a piece of its document, and
 * read back when the store takes the document.
 *
 * One file, not one per document: a file per document cost an open and
 * a close per document per spill, 8% of a load.  The file is made by
 * mkstemp in $TMPDIR (or /tmp) and unlinked at once, so it is ours alone
 * and gone when the process ends, however it ends; pieces read back are
 * punched out of it, so it never holds much more than what waits.
 */
#define _GNU_SOURCE /* fallocate */
#include "store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void pk_store_batch_set_memory(pk_store_batch *b, size_t bytes)
{
	b->max_held = bytes;
}

/* Let go of d's pieces, and of the disk space they took. */
void pk_store_spill_drop(pk_store_batch *b, pk_store_doc *d)
{
#ifdef FALLOC_FL_PUNCH_HOLE
	size_t i;

	/* best effort: where holes cannot be punched, the file just stays
	 * as large until the load ends */
	for (i = 0; i < d->npieces && b->spill_fd >= 0; i++)
		(void)fallocate(b->spill_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			(off_t)d->pieces[i].off, (off_t)d->pieces[i].len);
#else
	PK_UNUSED(b);
#endif
	free(d->pieces);
	d->pieces = NULL;
	d->npieces = d->piece_cap = 0;
}

void pk_store_spill_close(pk_store_batch *b)
{
	size_t i;

	for (i = 0; i < b->ndocs; i++) {
		free(b->docs[i]->pieces);
		b->docs[i]->pieces = NULL;
		b->docs[i]->npieces = b->docs[i]->piece_cap = 0;
	}
	if (b->spill_fd >= 0)
		close(b->spill_fd);
	b->spill_fd = -1;
}

static int pk_store_spill_open(pk_store_batch *b)
{
	const char *tmp = getenv("TMPDIR");
	pk_buf path = PK_BUF_INIT;
	int rc = 0;

	if (pk_buf_printf(&path, "%s/policykg-load-XXXXXX",
		tmp && *tmp ? tmp : "/tmp") < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	if ((b->spill_fd = mkstemp(path.ptr)) < 0) {
		pk_diag_emit(&b->log.diag, PK_SEV_ERROR, "%s: %s", path.ptr,
			strerror(errno));
		rc = PK_EIO;
		goto out;
	}
	unlink(path.ptr);
	b->spill_end = 0;
out:
	pk_buf_free(&path);
	return rc;
}

/* Append d's text in memory to the spill file as a new piece. */
static int pk_store_spill_write(pk_store_batch *b, pk_store_doc *d)
{
	pk_store_piece *pieces;
	size_t off = 0, cap;
	ssize_t w;

	if (d->npieces == d->piece_cap) {
		cap = d->piece_cap ? d->piece_cap * 2 : 4;
		if (!(pieces = realloc(d->pieces, cap * sizeof *pieces)))
			return PK_ENOMEM;
		d->pieces = pieces;
		d->piece_cap = cap;
	}
	while (off < d->text.len) {
		if ((w = write(b->spill_fd, d->text.ptr + off, d->text.len - off)) < 0) {
			if (errno == EINTR)
				continue;
			pk_diag_emit(&b->log.diag, PK_SEV_ERROR,
				"the load's temporary file (under $TMPDIR or /tmp): %s",
				strerror(errno));
			return PK_EIO;
		}
		off += (size_t)w;
	}
	d->pieces[d->npieces].off = b->spill_end;
	d->pieces[d->npieces].len = d->text.len;
	d->npieces++;
	b->spill_end += d->text.len;
	return 0;
}

/* Every document's text in memory to the spill file, and let go of it.
 * Pieces keep their order; pk_store_doc_ready sorts the lines. */
static int pk_store_batch_spill(pk_store_batch *b)
{
	pk_store_doc *d;
	size_t i;
	int rc;

	if (b->spill_fd < 0 && (rc = pk_store_spill_open(b)) < 0)
		return rc;
	for (i = 0; i < b->ndocs; i++) {
		d = b->docs[i];
		if (d->forget || !d->text.len)
			continue;
		if ((rc = pk_store_spill_write(b, d)) < 0)
			return rc;
		pk_buf_free(&d->text);
	}
	b->held = 0;
	return 0;
}

int pk_store_batch_held(pk_store_batch *b, size_t n)
{
	b->held += n;
	if (!b->max_held || b->held <= b->max_held)
		return 0;
	return pk_store_batch_spill(b);
}

/* d's spilled lines read back, before those still in memory. */
int pk_store_spill_load(pk_store_batch *b, pk_store_doc *d)
{
	pk_buf all = PK_BUF_INIT;
	size_t i, total = d->text.len, got;
	const pk_store_piece *pc;
	ssize_t r;
	int rc = 0;

	if (!d->npieces || d->forget)
		goto out;
	for (i = 0; i < d->npieces; i++)
		total += d->pieces[i].len;
	if (pk_buf_grow(&all, total) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < d->npieces; i++) {
		pc = &d->pieces[i];
		for (got = 0; got < pc->len; got += (size_t)r) {
			r = pread(b->spill_fd, all.ptr + all.len + got, pc->len - got,
				(off_t)(pc->off + got));
			if (r < 0 && errno == EINTR) {
				r = 0;
				continue;
			}
			if (r <= 0) {
				pk_diag_emit(&b->log.diag, PK_SEV_ERROR,
					"the load's temporary file: %s",
					r < 0 ? strerror(errno) : "cut short");
				rc = PK_EIO;
				goto out;
			}
		}
		all.len += pc->len;
	}
	memcpy(all.ptr + all.len, d->text.ptr ? d->text.ptr : "", d->text.len);
	all.len += d->text.len;
	all.ptr[all.len] = '\0';
	pk_buf_free(&d->text);
	d->text = all;
	all = (pk_buf)PK_BUF_INIT;
	pk_store_spill_drop(b, d);
out:
	pk_buf_free(&all);
	return rc;
}
