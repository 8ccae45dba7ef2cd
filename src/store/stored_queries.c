/*
 * stored_queries.c - the questions kept in queries/: each NAME.rq found
 * by its name, with the summary and parameters its opening comment gives.
 * `policykg query NAME` and `query --list` read them here, and so does
 * the endpoint's /queries/NAME (src/serve/), where the name comes from
 * the network: that is why a name is a plain word and never a path.
 */
#define _XOPEN_SOURCE 700
#include "policykg.h"
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Letters, digits, '_' and '-': a file of dir, never a path out of it. */
static int pk_stored_query_name_ok(const char *name, size_t len)
{
	size_t i;

	if (len == 0 || len > 200)
		return 0;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

static int pk_stored_query_cmp(const void *a, const void *b)
{
	return strcmp(((const pk_stored_query *)a)->name,
		((const pk_stored_query *)b)->name);
}

/* The summary and "# param" lines of the comment that opens f. */
static int pk_stored_query_header(pk_stored_query *q, FILE *f)
{
	pk_buf summary = PK_BUF_INIT, params = PK_BUF_INIT;
	size_t nlen = strlen(q->name);
	char line[1024];
	int in_summary = 0, rc = 0;
	const char *s;

	while (f && fgets(line, sizeof line, f) && line[0] == '#') {
		s = line + 1;
		while (*s == ' ')
			s++;
		if (*s == '\n' || *s == '\0') {
			in_summary = 0;
		} else if (strncmp(s, q->name, nlen) == 0 &&
		    strncmp(s + nlen, ".rq - ", 6) == 0) {
			rc = pk_buf_puts(&summary, s + nlen + 6);
			in_summary = 1;
		} else if (in_summary) {
			rc = pk_buf_puts(&summary, s);
		} else if (strncmp(s, "param ", 6) == 0) {
			rc = pk_buf_puts(&params, s + 6);
		}
		if (rc < 0)
			goto out;
	}
	/* the summary's last newline is the caller's to write */
	if (summary.len && summary.ptr[summary.len - 1] == '\n')
		summary.ptr[--summary.len] = '\0';
	/* an empty buffer has no bytes at all: detach gives "" for it */
	q->summary = pk_buf_detach(&summary);
	q->params = pk_buf_detach(&params);
	if (!q->summary || !q->params)
		rc = PK_ENOMEM;
out:
	pk_buf_free(&summary);
	pk_buf_free(&params);
	return rc;
}

int pk_stored_queries_list(pk_stored_query **out, size_t *n, const char *dir,
	const pk_diag *diag)
{
	pk_stored_query *qs = NULL, *grown;
	size_t count = 0, cap = 0, len;
	pk_buf path = PK_BUF_INIT;
	struct dirent *e;
	FILE *f;
	DIR *d;
	int rc = 0;

	*out = NULL;
	*n = 0;
	d = opendir(dir);
	if (!d) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot list the queries: %s",
			dir, strerror(errno));
		return PK_EIO;
	}
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 4 || strcmp(e->d_name + len - 3, ".rq") != 0 ||
		    !pk_stored_query_name_ok(e->d_name, len - 3))
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(grown = realloc(qs, cap * sizeof *qs))) {
				rc = PK_ENOMEM;
				goto out;
			}
			qs = grown;
		}
		memset(&qs[count], 0, sizeof qs[count]);
		if (!(qs[count].name = pk_strndup(e->d_name, len - 3))) {
			rc = PK_ENOMEM;
			goto out;
		}
		count++;
		pk_buf_clear(&path);
		if ((rc = pk_path_join(&path, dir, e->d_name)) < 0)
			goto out;
		f = fopen(path.ptr, "r");
		rc = pk_stored_query_header(&qs[count - 1], f);
		if (f)
			fclose(f);
		if (rc < 0)
			goto out;
	}
	if (count)
		qsort(qs, count, sizeof *qs, pk_stored_query_cmp);
	*out = qs;
	*n = count;
	qs = NULL;
	count = 0;
out:
	closedir(d);
	pk_buf_free(&path);
	pk_stored_queries_free(qs, count);
	return rc;
}

void pk_stored_queries_free(pk_stored_query *q, size_t n)
{
	size_t i;

	if (!q)
		return;
	for (i = 0; i < n; i++) {
		free(q[i].name);
		free(q[i].summary);
		free(q[i].params);
	}
	free(q);
}

int pk_stored_query_read(char **text, char **path, const char *dir,
	const char *name, const pk_diag *diag)
{
	size_t len = strlen(name), got;
	pk_buf p = PK_BUF_INIT, body = PK_BUF_INIT;
	char chunk[4096];
	FILE *f = NULL;
	int rc = 0;

	*text = NULL;
	if (path)
		*path = NULL;
	if (len > 3 && strcmp(name + len - 3, ".rq") == 0)
		len -= 3;
	if (!pk_stored_query_name_ok(name, len)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "'%s' is not the name of a stored "
			"query (letters, digits, '_' and '-')", name);
		return PK_EUSAGE;
	}
	if ((rc = pk_buf_puts(&p, dir)) < 0 || (rc = pk_buf_putc(&p, '/')) < 0 ||
	    (rc = pk_buf_put(&p, name, len)) < 0 || (rc = pk_buf_puts(&p, ".rq")) < 0)
		goto out;
	f = fopen(p.ptr, "rb");
	if (!f) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: no such query file", p.ptr);
		rc = PK_EIO;
		goto out;
	}
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		if ((rc = pk_buf_put(&body, chunk, got)) < 0)
			goto out;
	if (ferror(f)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot read", p.ptr);
		rc = PK_EIO;
		goto out;
	}
	if (!(*text = pk_buf_detach(&body))) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (path)
		*path = pk_buf_detach(&p);
out:
	if (f)
		fclose(f);
	pk_buf_free(&p);
	pk_buf_free(&body);
	return rc;
}
