/*
 * ruleset_parse.c - the first job of loading rules/: walk the directory
 * for *.rules and *.gaz files, read each (UTF-8, no NUL) into sections of
 * "key = value" lines with their file and line, and the helpers the
 * builders read keys with.  Nothing here knows what a section means; the
 * sections go to ruleset_build.c.
 */
#include "pipeline/ruleset_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void pk_ruleset_error(pk_loader *ld, const char *file, int line,
	const char *fmt, ...)
{
	pk_buf b = PK_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	pk_buf_printf(&b, "%s:%d: ", file, line);
	pk_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	pk_diag_emit(ld->diag, PK_SEV_ERROR, "%s", b.ptr ? b.ptr : "out of memory");
	pk_buf_free(&b);
	ld->errors++;
}

static char *pk_ruleset_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	/* "\ " at the end is an escaped space, kept (a trigger's "@{L_MONTH}\ ") */
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r') &&
	       !(e - 1 > s && e[-2] == '\\' && e[-1] != '\r'))
		*--e = '\0';
	return s;
}

void pk_section_clear(pk_section *s)
{
	size_t i;

	for (i = 0; i < s->nkv; i++) {
		free(s->kv[i].key);
		free(s->kv[i].value);
	}
	free(s->kv);
	free(s->kind);
	free(s->id);
}

static int pk_ruleset_parse_file(pk_loader *ld, const char *path)
{
	char *data = NULL, *line, *next;
	size_t len, i;
	int lineno = 0, rc = 0;
	pk_section *cur = NULL;

	if ((rc = pk_file_read(&data, &len, path, ld->diag)) < 0) {
		ld->errors++;
		return rc;
	}
	for (i = 0; i < len; i++) {
		if (data[i] == '\0') {
			pk_ruleset_error(ld, path, 1, "binary file (NUL byte at offset %zu)", i);
			goto out;
		}
	}
	for (line = data; line && *line; line = next) {
		char *s, *eq;
		uint32_t cp;
		size_t k, n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		n = strlen(line);
		for (k = 0; k < n; ) {
			size_t step = pk_utf8_decode((unsigned char *)line + k, n - k, &cp);

			if (!step) {
				pk_ruleset_error(ld, path, lineno, "invalid UTF-8 at byte %zu of the line", k);
				break;
			}
			k += step;
		}
		if (k < n)
			continue;
		s = pk_ruleset_trim(line);
		if (lineno == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
		    (unsigned char)s[2] == 0xBF)
			s += 3;
		if (*s == '\0' || *s == '#')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']'), *sp;

			if (!close || pk_ruleset_trim(close + 1)[0] != '\0') {
				pk_ruleset_error(ld, path, lineno, "section header must be '[kind id]'");
				cur = NULL;
				continue;
			}
			*close = '\0';
			s = pk_ruleset_trim(s + 1);
			if (ld->nsec == ld->cap) {
				size_t cap = ld->cap ? ld->cap * 2 : 64;
				pk_section *p = realloc(ld->sec, cap * sizeof *p);

				if (!p) {
					rc = PK_ENOMEM;
					goto out;
				}
				ld->sec = p;
				ld->cap = cap;
			}
			cur = &ld->sec[ld->nsec++];
			memset(cur, 0, sizeof *cur);
			cur->file = path;
			cur->line = lineno;
			sp = strpbrk(s, " \t");
			if (sp) {
				*sp = '\0';
				cur->id = pk_strdup(pk_ruleset_trim(sp + 1));
			}
			cur->kind = pk_strdup(s);
			if (!cur->kind || (sp && !cur->id)) {
				rc = PK_ENOMEM;
				goto out;
			}
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			pk_ruleset_error(ld, path, lineno, "expected 'key = value' or '[kind id]'");
			continue;
		}
		if (!cur) {
			pk_ruleset_error(ld, path, lineno, "'key = value' before any section");
			continue;
		}
		*eq = '\0';
		{
			pk_kv *kv = realloc(cur->kv, (cur->nkv + 1) * sizeof *kv);

			if (!kv) {
				rc = PK_ENOMEM;
				goto out;
			}
			cur->kv = kv;
			kv = &cur->kv[cur->nkv++];
			kv->key = pk_strdup(pk_ruleset_trim(s));
			kv->value = pk_strdup(pk_ruleset_trim(eq + 1));
			kv->line = lineno;
			kv->used = 0;
			if (!kv->key || !kv->value) {
				rc = PK_ENOMEM;
				goto out;
			}
		}
	}
out:
	free(data);
	return rc;
}

static int pk_ruleset_path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int pk_ruleset_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Collect rule files under dir, recursively. */
static int pk_ruleset_collect(pk_loader *ld, const char *dir, int depth)
{
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (depth > 16)
		return 0;
	d = opendir(dir);
	/* opendir allocates its buffer: no memory is no fault of the rules
	 * (pk_ruleset_load says so once) */
	if (!d && errno == ENOMEM)
		return PK_ENOMEM;
	if (!d) {
		pk_diag_emit(ld->diag, PK_SEV_ERROR, "%s: %s", dir, strerror(errno));
		ld->errors++;
		return PK_EIO;
	}
	while ((de = readdir(d)) != NULL) {
		pk_buf p = PK_BUF_INIT;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (pk_path_join(&p, dir, de->d_name) < 0) {
			rc = PK_ENOMEM;
			break;
		}
		if (stat(p.ptr, &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = pk_ruleset_collect(ld, p.ptr, depth + 1);
			pk_buf_free(&p);
			if (rc == PK_ENOMEM)
				break;
			continue;
		}
		if (!pk_ruleset_has_suffix(de->d_name, ".rules") &&
		    !pk_ruleset_has_suffix(de->d_name, ".gaz")) {
			pk_buf_free(&p);
			continue;
		}
		{
			char **f = realloc(ld->files, (ld->nfiles + 1) * sizeof *f);

			if (!f) {
				pk_buf_free(&p);
				rc = PK_ENOMEM;
				break;
			}
			ld->files = f;
			ld->files[ld->nfiles++] = pk_buf_detach(&p);
		}
	}
	closedir(d);
	return rc;
}

int pk_ruleset_read(pk_loader *ld, const char *dir)
{
	struct stat st;
	size_t i;
	int rc = 0;

	if (stat(dir, &st) != 0) {
		pk_diag_emit(ld->diag, PK_SEV_ERROR, "%s: %s", dir, strerror(errno));
		return PK_ERULES;
	}
	if (S_ISDIR(st.st_mode)) {
		if ((rc = pk_ruleset_collect(ld, dir, 0)) == PK_ENOMEM)
			return rc;
	} else {
		ld->files = malloc(sizeof *ld->files);
		if (!ld->files || !(ld->files[0] = pk_strdup(dir)))
			return PK_ENOMEM;
		ld->nfiles = 1;
	}
	qsort(ld->files, ld->nfiles, sizeof *ld->files, pk_ruleset_path_cmp);
	for (i = 0; i < ld->nfiles; i++)
		if (pk_ruleset_parse_file(ld, ld->files[i]) == PK_ENOMEM)
			return PK_ENOMEM;
	return rc;
}

pk_kv *pk_section_get(pk_section *s, const char *key)
{
	size_t i;
	pk_kv *found = NULL;

	for (i = 0; i < s->nkv; i++) {
		if (strcmp(s->kv[i].key, key) == 0) {
			s->kv[i].used = 1;
			found = &s->kv[i];
		}
	}
	return found;
}

const char *pk_section_str(pk_section *s, const char *key)
{
	pk_kv *kv = pk_section_get(s, key);

	return kv ? kv->value : NULL;
}

/* Complain about repeated and unknown keys once the section is built. */
void pk_section_check_keys(pk_loader *ld, pk_section *s)
{
	size_t i, j;

	for (i = 0; i < s->nkv; i++) {
		if (!s->kv[i].used)
			pk_ruleset_error(ld, s->file, s->kv[i].line,
				"unknown key '%s' in [%s]", s->kv[i].key, s->kind);
		for (j = 0; j < i; j++)
			if (strcmp(s->kv[i].key, s->kv[j].key) == 0) {
				pk_ruleset_error(ld, s->file, s->kv[i].line,
					"key '%s' given twice in [%s%s%s]", s->kv[i].key,
					s->kind, s->id ? " " : "", s->id ? s->id : "");
				break;
			}
	}
}

int pk_section_int(pk_loader *ld, pk_section *s, const char *key, int def, int *out)
{
	pk_kv *kv = pk_section_get(s, key);
	char *end;
	long v;

	*out = def;
	if (!kv)
		return 0;
	errno = 0;
	v = strtol(kv->value, &end, 10);
	if (errno || *end || end == kv->value || v < -1000000 || v > 1000000) {
		pk_ruleset_error(ld, s->file, kv->line, "'%s' must be an integer", key);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* Split "a | b | c" into a malloc'd array of trimmed strings. */
int pk_ruleset_split(char ***out, size_t *n, const char *value)
{
	char *copy = pk_strdup(value), *p, *bar;
	char **arr = NULL;
	size_t cnt = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!copy)
		return PK_ENOMEM;
	for (p = copy; p; p = bar) {
		char *item, **na;

		bar = strchr(p, '|');
		if (bar)
			*bar++ = '\0';
		item = pk_ruleset_trim(p);
		if (!*item)
			continue;
		na = realloc(arr, (cnt + 1) * sizeof *na);
		if (!na) {
			rc = PK_ENOMEM;
			break;
		}
		arr = na;
		if (!(arr[cnt] = pk_strdup(item))) {
			rc = PK_ENOMEM;
			break;
		}
		cnt++;
	}
	free(copy);
	if (rc < 0) {
		while (cnt)
			free(arr[--cnt]);
		free(arr);
		return rc;
	}
	*out = arr;
	*n = cnt;
	return 0;
}

void pk_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
