/*
 * extract_manifest.c - --manifest read for pk_extractor: what is known of
 * each input (date, source URL, publisher) when its text does not say,
 * found again by path or by file name when a document is read.
 */
#include <stdlib.h>
#include <string.h>

#include "pipeline/extract_int.h"
#include "pipeline/resolve.h"

/* Read --manifest: one line per article, tab-separated: path, date
 * (YYYY-MM-DD), source URL, publisher; '-' or nothing for unknown. */
int pk_extractor_manifest(pk_extractor *ex, const char *path)
{
	char *data = NULL, *line, *next;
	size_t len;
	int lineno = 0, rc;

	if ((rc = pk_file_read(&data, &len, path, &ex->diag)) < 0)
		return rc;
	for (line = data; line && *line; line = next) {
		pk_manifest_line *m, *arr;
		char *f[4] = { NULL, NULL, NULL, NULL }, *p = line;
		int k;
		pk_ymd ymd;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (line[0] == '#' || line[strspn(line, " \t\r")] == '\0')
			continue;
		for (k = 0; k < 4 && p; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		for (k = 0; k < 4; k++)
			if (f[k])
				f[k][strcspn(f[k], "\r")] = '\0';
		if (f[1] && *f[1] && strcmp(f[1], "-") != 0 && pk_ymd_parse(&ymd, f[1]) < 0) {
			pk_diag_emit(&ex->diag, PK_SEV_ERROR, "%s:%d: '%s' is not a date (YYYY-MM-DD)",
				path, lineno, f[1]);
			rc = PK_EUSAGE;
			goto out;
		}
		arr = realloc(ex->manifest, (ex->nmanifest + 1) * sizeof *arr);
		if (!arr) {
			rc = PK_ENOMEM;
			goto out;
		}
		ex->manifest = arr;
		m = &arr[ex->nmanifest++];
		memset(m, 0, sizeof *m);
		if (!(m->path = pk_strdup(f[0]))) {
			rc = PK_ENOMEM;
			goto out;
		}
		for (k = 0; k < 3; k++) {
			if (!f[k + 1] || !*f[k + 1] || strcmp(f[k + 1], "-") == 0)
				continue;
			if (!(m->field[k] = pk_strdup(f[k + 1]))) {
				rc = PK_ENOMEM;
				goto out;
			}
		}
	}
out:
	free(data);
	return rc;
}

/* The manifest's line for an input: the same path, else the same name. */
const pk_manifest_line *pk_extractor_manifest_for(const pk_extractor *ex, const char *name)
{
	const char *base = strrchr(name, '/');
	size_t i;

	base = base ? base + 1 : name;
	for (i = 0; i < ex->nmanifest; i++)
		if (strcmp(ex->manifest[i].path, name) == 0)
			return &ex->manifest[i];
	for (i = 0; i < ex->nmanifest; i++) {
		const char *mb = strrchr(ex->manifest[i].path, '/');

		if (strcmp(mb ? mb + 1 : ex->manifest[i].path, base) == 0)
			return &ex->manifest[i];
	}
	return NULL;
}
