/*
 * store_dir_files.c - the file operations of the directory store
 * (store_dir.c): paths, listing, reading, writing synced or atomically
 * (temporary name, fsync, rename, fsync of the directory), removing a
 * tree.  Every failure is reported through the store's diagnostics with
 * the path it concerns.
 */
#define _GNU_SOURCE /* syncfs, SEEK_HOLE */
#define _XOPEN_SOURCE 700
#include "store/store_dir_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *pk_dir_join(const char *dir, const char *name)
{
	pk_buf b = PK_BUF_INIT;

	if (pk_buf_printf(&b, "%s/%s", dir, name) < 0) {
		pk_buf_free(&b);
		return NULL;
	}
	return pk_buf_detach(&b);
}

char *pk_dir_join3(const char *dir, const char *sub, const char *name,
	const char *ext)
{
	pk_buf b = PK_BUF_INIT;

	if (pk_buf_printf(&b, "%s/%s/%s%s", dir, sub, name, ext) < 0) {
		pk_buf_free(&b);
		return NULL;
	}
	return pk_buf_detach(&b);
}

double pk_dir_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int pk_dir_exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

/* Remove dir and everything under it.  Returns 0 or -1 (errno set). */
int pk_dir_remove_tree(const char *dir)
{
	DIR *d;
	struct dirent *e;
	struct stat sb;
	char *p;
	int rc = 0;

	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = pk_dir_join(dir, e->d_name);
		if (!p) {
			errno = ENOMEM;
			rc = -1;
			break;
		}
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			if (pk_dir_remove_tree(p) < 0)
				rc = -1;
		} else if (unlink(p) < 0) {
			rc = -1;
		}
		free(p);
	}
	closedir(d);
	if (rmdir(dir) < 0)
		rc = -1;
	return rc;
}

int pk_dir_fsync_path(const char *path, const pk_diag *diag)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fsync(fd) < 0) {
		/* some file systems cannot sync a directory: not an error */
		if (fd >= 0 && (errno == EINVAL || errno == EBADF)) {
			close(fd);
			return 0;
		}
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return PK_ESTORE;
	}
	close(fd);
	return 0;
}

/* Write back everything of the file system dir is on, at once.  With
 * delayed allocation, an fsync per file wrote each file's blocks and
 * committed the journal for it alone (0.8 ms a document); after this the
 * fsyncs that follow find their data on the disk. */
int pk_dir_sync_fs(const char *dir, const pk_diag *diag)
{
	int fd = open(dir, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0 || syncfs(fd) < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", dir, strerror(errno));
		rc = PK_ESTORE;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

/* fsync every regular file of dir, then dir itself. */
int pk_dir_fsync_files(const char *dir, const pk_diag *diag)
{
	DIR *d;
	struct dirent *e;
	struct stat sb;
	char *p;
	int rc = 0;

	d = opendir(dir);
	if (!d) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", dir, strerror(errno));
		return PK_ESTORE;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		p = pk_dir_join(dir, e->d_name);
		if (!p) {
			rc = PK_ENOMEM;
			break;
		}
		if (lstat(p, &sb) == 0 && S_ISREG(sb.st_mode))
			rc = pk_dir_fsync_path(p, diag);
		free(p);
	}
	closedir(d);
	return rc ? rc : pk_dir_fsync_path(dir, diag);
}

/* Write a file; with sync, also put it on the disk before returning. */
int pk_dir_write_file(const char *path, const char *data, size_t len,
	int sync, const pk_diag *diag)
{
	ssize_t w;
	size_t done = 0;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		goto fail;
	while (done < len) {
		w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail;
		done += (size_t)w;
	}
	if (sync && fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return PK_ESTORE;
}

/* Replace path atomically: PATH.tmp written, synced, renamed over it,
 * the directory synced. */
int pk_dir_write_atomic(const char *dir, const char *path,
	const char *data, size_t len, const pk_diag *diag)
{
	pk_buf tmp = PK_BUF_INIT;
	int rc;

	if (pk_buf_printf(&tmp, "%s.tmp", path) < 0) {
		pk_buf_free(&tmp);
		return PK_ENOMEM;
	}
	rc = pk_dir_write_file(tmp.ptr, data, len, 1, diag);
	if (rc == 0 && rename(tmp.ptr, path) < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		rc = PK_ESTORE;
	}
	if (rc == 0)
		rc = pk_dir_fsync_path(dir, diag);
	if (rc < 0)
		unlink(tmp.ptr);
	pk_buf_free(&tmp);
	return rc;
}

/* The whole of path; *data NULL (and 0 returned) when it does not exist. */
int pk_dir_read_file(char **data, size_t *len, const char *path,
	const pk_diag *diag)
{
	pk_buf b = PK_BUF_INIT;
	char chunk[65536];
	ssize_t n;
	int fd;

	*data = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		return PK_ESTORE;
	}
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
			close(fd);
			pk_buf_free(&b);
			return PK_ESTORE;
		}
		if (n == 0)
			break;
		if (pk_buf_put(&b, chunk, (size_t)n) < 0) {
			close(fd);
			pk_buf_free(&b);
			return PK_ENOMEM;
		}
	}
	close(fd);
	if (!b.ptr && pk_buf_put(&b, "", 0) < 0)
		return PK_ENOMEM;
	*len = b.len;
	*data = pk_buf_detach(&b);
	return 0;
}

/* The names of the files SUB/NAME.EXT (".nq" in docs/, ".db" in index/),
 * sorted; none when SUB is missing and that is missing_ok. */
int pk_dir_list(char ***out, size_t *n, pk_dir *d, pk_store *st,
	const char *sub, const char *ext, int missing_ok)
{
	char *docs = pk_dir_join(d->dir, sub);
	char **names = NULL, **grown;
	size_t cap = 0, len;
	struct dirent *e;
	DIR *dh;
	int rc = 0;

	if (out)
		*out = NULL;
	*n = 0;
	if (!docs)
		return PK_ENOMEM;
	dh = opendir(docs);
	if (!dh && errno == ENOENT && missing_ok) {
		free(docs);
		return 0;
	}
	if (!dh) {
		pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s: %s", docs,
			strerror(errno));
		free(docs);
		return PK_ESTORE;
	}
	while ((e = readdir(dh)) != NULL) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= strlen(ext) ||
		    strcmp(e->d_name + len - strlen(ext), ext) != 0)
			continue;
		if (!out) {
			(*n)++;
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			grown = realloc(names, cap * sizeof *names);
			if (!grown) {
				rc = PK_ENOMEM;
				break;
			}
			names = grown;
		}
		if (!(names[*n] = pk_strdup(e->d_name))) {
			rc = PK_ENOMEM;
			break;
		}
		(*n)++;
	}
	closedir(dh);
	free(docs);
	if (rc == 0 && *n && out)
		qsort(names, *n, sizeof *names, pk_strcmp_ptr);
	if (out)
		*out = names;
	return rc;
}

void pk_dir_free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
