/*
 * eval_gold.c - gold files read into facts (tests/corpus/README.md): a
 * line per fact, its type, then its keys as pk_eval_keys says each is
 * written; values normalized like the text they were read from, and an
 * error that points at the file and line.
 */
#include "eval/eval_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/normalize.h"
#include "pipeline/reader.h"

/* ---- gold files ------------------------------------------------------------- */

typedef struct pk_eval_gold {
	pk_normalizer *norm;
	const char *name;
	size_t line;
	const pk_diag *diag;
} pk_eval_gold;

/* The xsd datatype (local name) of a date in the contract's lexical
 * forms, or NULL when s is none of them. */
static const char *pk_eval_date_type(const char *s)
{
	static const struct { const char *shape, *type; } forms[] = {
		{ "dddd-dd-dd", "date" }, { "dddd-dd", "gYearMonth" }, { "dddd", "gYear" },
		{ "--dd-dd", "gMonthDay" }, { "---dd", "gDay" },
	};
	size_t i;

	for (i = 0; i < PK_ARRAY_LEN(forms); i++) {
		const char *p = s, *q = forms[i].shape;

		while (*q && (*q == 'd' ? (*p >= '0' && *p <= '9') : *p == *q)) {
			p++;
			q++;
		}
		if (!*q && !*p)
			return forms[i].type;
	}
	return NULL;
}

char *pk_eval_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int pk_eval_gold_error(const pk_eval_gold *gd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Report a bad line as FILE:LINE: message; PK_EINPUT. */
static int pk_eval_gold_error(const pk_eval_gold *gd, const char *fmt, ...)
{
	pk_buf msg = PK_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = pk_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (rc < 0) {
		pk_buf_free(&msg);
		return PK_ENOMEM;
	}
	pk_diag_emit(gd->diag, PK_SEV_ERROR, "%s:%zu: %s", gd->name, gd->line, msg.ptr);
	pk_buf_free(&msg);
	return PK_EINPUT;
}

/* One value of key k, normalized like article text and checked. */
static int pk_eval_gold_value(pk_eval_gold *gd, pk_eval_fact *f, int k, const char *raw)
{
	const pk_eval_key *key = &pk_eval_keys[f->type][k];
	char *v = NULL;
	size_t i;
	int rc;

	if (!*raw)
		return pk_eval_gold_error(gd, "%s: empty value for '%s'", pk_eval_type_name(f->type), key->name);
	if ((rc = pk_normalize_str(&v, gd->norm, raw)) < 0)
		return rc;
	for (i = 0; key->allowed && key->allowed[i] && strcmp(key->allowed[i], v) != 0; i++)
		;
	if (key->allowed && !key->allowed[i])
		rc = pk_eval_gold_error(gd, "unknown %s '%s'", key->name, raw);
	else if ((key->flags & PK_EVAL_F_DATE) && !pk_eval_date_type(v))
		rc = pk_eval_gold_error(gd, "%s '%s' is not a date (2024-05-10, 2023-11, 2014, --10-23, ---22)",
			key->name, raw);
	else
		rc = pk_eval_value_add(&f->key[k], v, strlen(v));
	free(v);
	return rc;
}

/* One "key=value" field (or the positional first one) of fact f. */
static int pk_eval_gold_field(pk_eval_gold *gd, pk_eval_fact *f, char *field, int first)
{
	const pk_eval_key *keys = pk_eval_keys[f->type];
	char *eq = strchr(field, '='), *value, *comma;
	int k, rc;

	if (first && (keys[0].flags & PK_EVAL_F_POSITIONAL)) {
		k = 0;
		value = field;
	} else {
		if (!eq)
			return pk_eval_gold_error(gd, "'%s': expected key=value", field);
		*eq = '\0';
		k = pk_eval_key_index(f->type, pk_eval_trim(field));
		if (k < 0 || (keys[k].flags & (PK_EVAL_F_POSITIONAL | PK_EVAL_F_INTERNAL)))
			return pk_eval_gold_error(gd, "unknown key '%s' for %s", pk_eval_trim(field),
				pk_eval_type_name(f->type));
		value = pk_eval_trim(eq + 1);
	}
	if (f->key[k].n)
		return pk_eval_gold_error(gd, "%s: '%s' given twice", pk_eval_type_name(f->type), keys[k].name);
	if (!(keys[k].flags & PK_EVAL_F_LIST))
		return pk_eval_gold_value(gd, f, k, value);
	for (; value; value = comma ? comma + 1 : NULL) {
		if ((comma = strchr(value, ',')) != NULL)
			*comma = '\0';
		if ((rc = pk_eval_gold_value(gd, f, k, pk_eval_trim(value))) < 0)
			return rc;
	}
	return 0;
}

/* The fields after the type word: split at '|'; "evidence=" takes the
 * rest of the line, '|' and all. */
static int pk_eval_gold_fields(pk_eval_gold *gd, pk_eval_fact *f, char *rest)
{
	const pk_eval_key *keys = pk_eval_keys[f->type];
	int first = 1, rc;

	while (*rest) {
		char *bar;

		rest = pk_eval_trim(rest);
		if (strncmp(rest, "evidence=", 9) == 0) {
			if (!(f->evidence = pk_strdup(pk_eval_trim(rest + 9))))
				return PK_ENOMEM;
			break;
		}
		if ((bar = strchr(rest, '|')) != NULL)
			*bar = '\0';
		rest = pk_eval_trim(rest);
		if (*rest && (rc = pk_eval_gold_field(gd, f, rest, first)) < 0)
			return rc;
		first = 0;
		rest = bar ? bar + 1 : rest + strlen(rest);
	}
	if ((keys[0].flags & PK_EVAL_F_POSITIONAL) && !f->key[0].n)
		return pk_eval_gold_error(gd, "%s needs its %s", pk_eval_type_name(f->type), keys[0].name);
	/* a gold date's datatype is that of its lexical form */
	if (f->type == PK_EVAL_DATE)
		return pk_eval_value_set(&f->key[1], pk_eval_date_type(f->key[0].v[0]));
	return 0;
}

/* One line (NUL-terminated, trimmed, not blank or a comment). */
static int pk_eval_gold_line(pk_eval_facts *out, pk_eval_gold *gd, char *line)
{
	size_t wlen = strcspn(line, " \t");
	pk_eval_fact *f;
	pk_buf where = PK_BUF_INIT;
	int t, rc;

	for (t = 0; t < PK_EVAL__TYPES; t++)
		if (strlen(pk_eval_type_names[t]) == wlen && strncmp(line, pk_eval_type_names[t], wlen) == 0)
			break;
	if (t == PK_EVAL__TYPES) {
		line[wlen] = '\0';
		return pk_eval_gold_error(gd, "unknown fact type '%s' (%s)", line,
			"document, actor, person, position, agreement, event, date");
	}
	if (!(f = pk_eval_facts_push(out, (pk_eval_type)t)))
		return PK_ENOMEM;
	if (!(f->line = pk_strdup(line)) || pk_buf_printf(&where, "%s:%zu", gd->name, gd->line) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	f->where = pk_buf_detach(&where);
	rc = pk_eval_gold_fields(gd, f, line + wlen);
out:
	if (rc < 0)
		pk_eval_facts_pop(out);
	pk_buf_free(&where);
	return rc;
}

int pk_eval_gold_parse(pk_eval_facts *out, const char *name, const char *text,
	size_t len, const pk_diag *diag)
{
	pk_eval_gold gd = { NULL, name, 0, diag };
	const char *p = text, *end = text + len;
	size_t first = out->n, i;
	int rc, bad = 0;

	if ((rc = pk_normalizer_new(&gd.norm, diag)) < 0)
		return rc;
	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *copy = pk_strndup(p, n), *line;

		gd.line++;
		p += n + (nl ? 1 : 0);
		if (!copy) {
			rc = PK_ENOMEM;
			break;
		}
		line = pk_eval_trim(copy);
		if (*line && *line != '#')
			rc = pk_eval_gold_line(out, &gd, line);
		free(copy);
		if (rc == PK_EINPUT) {
			bad = 1;
			rc = 0;
		}
	}
	for (i = first; i < out->n && rc == 0; i++) {
		const pk_eval_fact *f = &out->v[i];

		if (f->type == PK_EVAL_ACTOR && f->key[1].n &&
		    ((rc = pk_eval_value_set(&out->alias_id, f->key[0].v[0])) < 0 ||
		     (rc = pk_eval_value_set(&out->alias_name, f->key[1].v[0])) < 0))
			break;
	}
	pk_normalizer_free(gd.norm);
	return rc < 0 ? rc : bad ? PK_EINPUT : 0;
}

int pk_eval_gold_read(pk_eval_facts *out, const char *path, const pk_diag *diag)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	if ((rc = pk_file_read(&text, &len, path, diag)) < 0)
		return rc;
	rc = pk_eval_gold_parse(out, path, text, len, diag);
	free(text);
	return rc;
}
