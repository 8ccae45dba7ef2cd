/*
 * outfile.c - atomic output for the export stage (see outfile.h): a file
 * is written to NAME.tmp-XXXXXX beside its target, synced and renamed over
 * it; a directory is built as DIR.tmp-XXXXXX and swapped in with two
 * renames, so a reader sees the old directory or the new one, and a failed
 * run leaves the old one as it was.
 *
 * Each temporary path is announced through the pk_diag (pk_diag_temp)
 * once it exists and again once it is gone or renamed, so that a program
 * killed by a signal can remove what is left (the CLI's handler does).
 * A temporary directory is let go of before it is swapped in: a kill
 * between the two renames must not remove the only new copy.
 */
#define _XOPEN_SOURCE 700 /* realpath, mkdtemp */
#include "base/outfile.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

/* The permissions of an ordinary new file or directory under the umask. */
static void pk_outfile_chmod(const char *path, mode_t mode)
{
	mode_t mask = umask(0);

	umask(mask);
	chmod(path, mode & ~mask);
}

int pk_outfile_open(pk_outfile *of, const char *path, const pk_diag *diag)
{
	pk_buf tmp = PK_BUF_INIT;
	struct stat sb;
	char *real = NULL;
	int fd;

	memset(of, 0, sizeof *of);
	if (!path || strcmp(path, "-") == 0) {
		of->fh = stdout;
		of->is_stdout = 1;
		return 0;
	}
	/* A symbolic link is followed: the file it names is replaced. */
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) && (real = realpath(path, NULL)) != NULL)
		path = real;
	of->path = pk_strdup(path);
	free(real);
	if (!of->path)
		return PK_ENOMEM;
	path = of->path;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: is a directory", path);
		goto fail;
	}
	/* A FIFO or a device is written into: renaming over it would
	 * replace it. */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if (!(of->fh = fopen(path, "wb"))) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
			goto fail;
		}
		return 0;
	}
	if (pk_buf_printf(&tmp, "%s.tmp-XXXXXX", path) < 0) {
		free(of->path);
		of->path = NULL;
		return PK_ENOMEM;
	}
	if ((fd = mkstemp(tmp.ptr)) < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot create a temporary file beside it: %s",
			path, strerror(errno));
		pk_buf_free(&tmp);
		goto fail;
	}
	of->tmp = pk_buf_detach(&tmp);
	pk_diag_temp(diag, of->tmp, 1);
	of->sync = 1;
	if (!(of->fh = fdopen(fd, "wb"))) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", of->tmp, strerror(errno));
		close(fd);
		unlink(of->tmp);
		pk_diag_temp(diag, of->tmp, 0);
		free(of->tmp);
		of->tmp = NULL;
		goto fail;
	}
	return 0;
fail:
	free(of->path);
	of->path = NULL;
	return PK_EIO;
}

int pk_outfile_close(pk_outfile *of, int ok, const pk_diag *diag)
{
	const char *name = of->is_stdout ? "stdout" : of->path;
	int rc = 0;

	if (!of->fh)
		return 0;
	if (ok && (fflush(of->fh) != 0 || ferror(of->fh) ||
	    (of->sync && fsync(fileno(of->fh)) != 0))) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", name, strerror(errno));
		rc = PK_EIO;
	}
	if (!of->is_stdout && fclose(of->fh) != 0 && ok && rc == 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", name, strerror(errno));
		rc = PK_EIO;
	}
	of->fh = NULL;
	if (of->tmp) {
		if (ok && rc == 0) {
			/* mkstemp makes 0600; an output file is an ordinary file */
			pk_outfile_chmod(of->tmp, 0666);
			if (rename(of->tmp, of->path) != 0) {
				pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", of->path, strerror(errno));
				rc = PK_EIO;
			}
		}
		if (!ok || rc < 0)
			unlink(of->tmp);
		pk_diag_temp(diag, of->tmp, 0);
		if (ok && rc < 0)
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: write failed; the old file is untouched", of->path);
	}
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
	return rc;
}

/* ---- directories ------------------------------------------------------------ */

static int pk_outdir_known(const pk_outdir *od, const char *name)
{
	size_t i;

	for (i = 0; od->files[i]; i++)
		if (strcmp(od->files[i], name) == 0)
			return 1;
	return 0;
}

/* Tell diag that the temporary directory od->tmp and its files are no
 * longer ours to remove. */
static void pk_outdir_let_go(const pk_outdir *od, const pk_diag *diag)
{
	pk_buf p = PK_BUF_INIT;
	size_t i;

	for (i = 0; od->files[i]; i++) {
		pk_buf_clear(&p);
		if (pk_path_join(&p, od->tmp, od->files[i]) == 0)
			pk_diag_temp(diag, p.ptr, 0);
	}
	pk_buf_free(&p);
	pk_diag_temp(diag, od->tmp, 0);
}

/* Remove the files of dir that are named in files, then dir itself (it
 * is left when something else is in it). */
static void pk_outdir_remove(const char *dir, const char *const *files)
{
	pk_buf p = PK_BUF_INIT;
	size_t i;

	for (i = 0; files[i]; i++) {
		pk_buf_clear(&p);
		if (pk_path_join(&p, dir, files[i]) == 0)
			unlink(p.ptr);
	}
	pk_buf_free(&p);
	rmdir(dir);
}

/* Does the existing directory path hold only files of od->files?  The
 * first foreign entry is reported. */
static int pk_outdir_check(const pk_outdir *od, const char *path, const pk_diag *diag)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int rc = 0;

	if (!d) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		return PK_EIO;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    pk_outdir_known(od, e->d_name))
			continue;
		pk_diag_emit(diag, PK_SEV_ERROR,
			"%s: holds '%s', which this export does not write; give a new or empty directory",
			path, e->d_name);
		rc = PK_EIO;
	}
	closedir(d);
	return rc;
}

int pk_outdir_open(pk_outdir *od, const char *path, const char *const *files,
	const pk_diag *diag)
{
	pk_buf tmp = PK_BUF_INIT;
	struct stat sb;
	char *real = NULL;
	size_t n;
	int rc;

	memset(od, 0, sizeof *od);
	od->files = files;
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) && (real = realpath(path, NULL)) != NULL)
		path = real;
	/* "out/" and "out" are the same directory, and the temporary one must
	 * be its sibling, not its child. */
	n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	od->path = pk_strndup(path, n);
	free(real);
	if (!od->path)
		return PK_ENOMEM;
	if (stat(od->path, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode)) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: exists and is not a directory", od->path);
			rc = PK_EIO;
			goto fail;
		}
		if ((rc = pk_outdir_check(od, od->path, diag)) < 0)
			goto fail;
	}
	if (pk_buf_printf(&tmp, "%s.tmp-XXXXXX", od->path) < 0) {
		rc = PK_ENOMEM;
		goto fail;
	}
	if (!mkdtemp(tmp.ptr)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot create a temporary directory beside it: %s",
			od->path, strerror(errno));
		pk_buf_free(&tmp);
		rc = PK_EIO;
		goto fail;
	}
	pk_outfile_chmod(tmp.ptr, 0777);
	od->tmp = pk_buf_detach(&tmp);
	pk_diag_temp(diag, od->tmp, 1);
	return 0;
fail:
	free(od->path);
	od->path = NULL;
	return rc;
}

int pk_outdir_file(pk_outfile *of, pk_outdir *od, const char *name, const pk_diag *diag)
{
	pk_buf p = PK_BUF_INIT;

	memset(of, 0, sizeof *of);
	assert(pk_outdir_known(od, name));
	if (pk_path_join(&p, od->tmp, name) < 0) {
		pk_buf_free(&p);
		return PK_ENOMEM;
	}
	if (!(of->fh = fopen(p.ptr, "wb"))) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", p.ptr, strerror(errno));
		pk_buf_free(&p);
		return PK_EIO;
	}
	/* let go of with the directory (pk_outdir_close) */
	pk_diag_temp(diag, p.ptr, 1);
	of->path = pk_buf_detach(&p);
	of->sync = 1;
	return 0;
}

int pk_outdir_close(pk_outdir *od, int ok, const pk_diag *diag)
{
	pk_buf old = PK_BUF_INIT;
	struct stat sb;
	int rc = 0, had_old = 0;

	if (!od->tmp)
		return 0;
	pk_outdir_let_go(od, diag);
	if (!ok)
		goto out;
	/* The old directory (checked to hold only our files) is moved
	 * aside to DIR.old-XXXXXX: rename(2) replaces an empty directory. */
	if (stat(od->path, &sb) == 0) {
		if (pk_buf_printf(&old, "%s.old-XXXXXX", od->path) < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		if (!mkdtemp(old.ptr) || rename(od->path, old.ptr) != 0) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot move the old directory aside: %s",
				od->path, strerror(errno));
			if (old.ptr)
				rmdir(old.ptr);
			rc = PK_EIO;
			goto out;
		}
		had_old = 1;
	}
	if (rename(od->tmp, od->path) != 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", od->path, strerror(errno));
		if (had_old)
			rename(old.ptr, od->path);
		rc = PK_EIO;
		goto out;
	}
	if (had_old)
		pk_outdir_remove(old.ptr, od->files);
out:
	if (!ok || rc < 0) {
		pk_outdir_remove(od->tmp, od->files);
		if (ok)
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: write failed; the old directory is untouched", od->path);
	}
	pk_buf_free(&old);
	free(od->tmp);
	free(od->path);
	od->tmp = od->path = NULL;
	return rc;
}
