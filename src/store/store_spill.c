/*
 * store_spill.c - text a load cannot hold in memory.  A load of 10M
 * quads held 2 GB of canonical text until the store took it; now a batch
 * holds at most max_held bytes (PK_STORE_BATCH_MEMORY unless set), and
 * past that every document's text so far is appended to its own file in
 * a private temporary directory ($TMPDIR or /tmp), read back when the
 * store takes the document and unlinked then.  The files are ours alone
 * (mkdtemp, mode 0600) and gone when the batch is freed, whatever
 * happened.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp */
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

/* A document's spill file, malloc'd. */
static char *pk_store_spill_path(const pk_store_batch *b, const pk_store_doc *d)
{
	pk_buf p = PK_BUF_INIT;

	if (pk_buf_printf(&p, "%s/%zu.nq", b->spill_dir, d->index) < 0) {
		pk_buf_free(&p);
		return NULL;
	}
	return pk_buf_detach(&p);
}

void pk_store_spill_drop(pk_store_batch *b, pk_store_doc *d)
{
	char *path;

	if (!d->spilled)
		return;
	if ((path = pk_store_spill_path(b, d)))
		unlink(path);
	free(path);
	d->spilled = 0;
}

void pk_store_spill_close(pk_store_batch *b)
{
	size_t i;

	for (i = 0; i < b->ndocs; i++)
		pk_store_spill_drop(b, b->docs[i]);
	if (b->spill_dir)
		rmdir(b->spill_dir);
	free(b->spill_dir);
	b->spill_dir = NULL;
}

static int pk_store_spill_write(const char *path, const pk_buf *text,
	const pk_diag *diag)
{
	size_t off = 0;
	ssize_t w;
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) < 0)
		goto fail;
	while (off < text->len) {
		if ((w = write(fd, text->ptr + off, text->len - off)) < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return PK_EIO;
}

/* Append every document's text in memory to its spill file and let go
 * of it.  Lines are appended as they came; pk_store_doc_ready sorts
 * them. */
static int pk_store_batch_spill(pk_store_batch *b)
{
	const pk_diag *diag = &b->log.diag;
	const char *tmp = getenv("TMPDIR");
	pk_buf dir = PK_BUF_INIT;
	pk_store_doc *d;
	char *path = NULL;
	size_t i;
	int rc = 0;

	if (!b->spill_dir) {
		if (pk_buf_printf(&dir, "%s/policykg-load-XXXXXX",
			tmp && *tmp ? tmp : "/tmp") < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		if (!mkdtemp(dir.ptr)) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", dir.ptr, strerror(errno));
			rc = PK_EIO;
			goto out;
		}
		b->spill_dir = pk_buf_detach(&dir);
	}
	for (i = 0; i < b->ndocs; i++) {
		d = b->docs[i];
		if (d->forget || !d->text.len)
			continue;
		free(path);
		if (!(path = pk_store_spill_path(b, d))) {
			rc = PK_ENOMEM;
			goto out;
		}
		if ((rc = pk_store_spill_write(path, &d->text, diag)) < 0)
			goto out;
		d->spilled = 1;
		pk_buf_free(&d->text);
	}
	b->held = 0;
out:
	pk_buf_free(&dir);
	free(path);
	return rc;
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
	char *path = NULL, *data = NULL;
	size_t len = 0;
	int rc = 0;

	if (!d->spilled || d->forget)
		goto out;
	if (!(path = pk_store_spill_path(b, d))) {
		rc = PK_ENOMEM;
		goto out;
	}
	if ((rc = pk_file_read(&data, &len, path, &b->log.diag)) < 0) {
		rc = rc == PK_ENOMEM ? rc : PK_EIO;
		goto out;
	}
	all.ptr = data;
	all.len = len;
	all.cap = data ? len + 1 : 0;
	data = NULL;
	if (d->text.len && pk_buf_put(&all, d->text.ptr, d->text.len) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	pk_buf_free(&d->text);
	d->text = all;
	all = (pk_buf)PK_BUF_INIT;
	pk_store_spill_drop(b, d);
out:
	pk_buf_free(&all);
	free(data);
	free(path);
	return rc;
}
