/*
 * eval_match.c - found facts matched one-to-one with gold facts by
 * meaning: each gold fact, in file order, takes the first found fact that
 * fits it, key by key as pk_eval_keys says; what is left over is listed
 * as false positives and negatives.  Then the known misses and false
 * positives: the lines of a run compared with a file of them.
 */
#include "eval/eval_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- matching ---------------------------------------------------------------------- */

/* s without spaces, interpuncts, the brackets and quotes names come
 * wrapped in, and bracketed asides (아시아태평양경제협력체(APEC) 디지털·AI
 * 장관회의 is 아시아태평양경제협력체 디지털 AI 장관회의). */
static int pk_eval_squash(pk_buf *out, const char *s)
{
	static const char *const drop[] = { " ", "「", "」", "『", "』", "'", "\"", "\xC2\xB7" };
	size_t i;

	pk_buf_clear(out);
	if (pk_buf_grow(out, 0) < 0)
		return PK_ENOMEM;
	while (*s) {
		if (*s == '(' && strchr(s, ')')) {
			s = strchr(s, ')') + 1;
			continue;
		}
		for (i = 0; i < PK_ARRAY_LEN(drop); i++)
			if (strncmp(s, drop[i], strlen(drop[i])) == 0)
				break;
		if (i < PK_ARRAY_LEN(drop)) {
			s += strlen(drop[i]);
			continue;
		}
		if (pk_buf_putc(out, *s++) < 0)
			return PK_ENOMEM;
	}
	return 0;
}

/* Two strings overlap when, squashed, one contains the other. */
static int pk_eval_str_overlap(const char *a, const char *b)
{
	pk_buf x = PK_BUF_INIT, y = PK_BUF_INIT;
	int hit = 0;

	if (pk_eval_squash(&x, a) == 0 && pk_eval_squash(&y, b) == 0)
		hit = x.len && y.len && (strstr(x.ptr, y.ptr) || strstr(y.ptr, x.ptr));
	pk_buf_free(&x);
	pk_buf_free(&y);
	return hit;
}

/* Two names overlap when one of a's and one of b's do. */
static int pk_eval_names_overlap(const pk_eval_value *a, const pk_eval_value *b)
{
	size_t i, j;

	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (pk_eval_str_overlap(a->v[i], b->v[j]))
				return 1;
	return 0;
}

/* The name the gold gives id, or NULL. */
static const char *pk_eval_alias(const pk_eval_facts *gold, const char *id)
{
	size_t i;

	for (i = 0; gold && i < gold->alias_id.n; i++)
		if (strcmp(gold->alias_id.v[i], id) == 0)
			return gold->alias_name.v[i];
	return NULL;
}

/* x and y name the same actor: equal, or one is an id the gold names and
 * the other overlaps that name. */
static int pk_eval_same_ref(const char *x, const char *y, const pk_eval_facts *gold)
{
	const char *n;

	if (strcmp(x, y) == 0)
		return 1;
	return ((n = pk_eval_alias(gold, x)) && pk_eval_str_overlap(n, y)) ||
		((n = pk_eval_alias(gold, y)) && pk_eval_str_overlap(n, x));
}

/* Every value of a is one of b's; refs (gold not NULL) as
 * pk_eval_same_ref compares them. */
static int pk_eval_subset(const pk_eval_value *a, const pk_eval_value *b,
	const pk_eval_facts *refs)
{
	size_t i, j;

	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n; j++)
			if (refs ? pk_eval_same_ref(a->v[i], b->v[j], refs) : strcmp(a->v[i], b->v[j]) == 0)
				break;
		if (j == b->n)
			return 0;
	}
	return 1;
}

static int pk_eval_key_fits(pk_eval_match_mode mode, const pk_eval_value *found,
	const pk_eval_value *gold, const pk_eval_facts *refs)
{
	switch (mode) {
	case PK_EVAL_M_NONE:
		return 1;
	case PK_EVAL_M_NAME:
		return pk_eval_names_overlap(found, gold);
	case PK_EVAL_M_SET:
		return pk_eval_subset(gold, found, refs) && pk_eval_subset(found, gold, refs);
	case PK_EVAL_M_EQ:
	default:
		return pk_eval_subset(gold, found, refs);
	}
}

/* f fits gold fact g (of the gold facts all): every key g gives matches
 * (see pk_eval_keys). */
static int pk_eval_fits(const pk_eval_fact *f, const pk_eval_fact *g, const pk_eval_facts *all)
{
	const pk_eval_key *keys = pk_eval_keys[g->type];
	int start = pk_eval_key_index(g->type, "start");
	size_t k;

	if (f->type != g->type)
		return 0;
	for (k = 0; k < PK_EVAL_MAX_KEYS && keys[k].name; k++) {
		if (!g->key[k].n)
			continue;
		if (keys[k].match == PK_EVAL_M_NAME && start >= 0 && g->key[start].n)
			continue;
		if (!pk_eval_key_fits(keys[k].match, &f->key[k], &g->key[k],
			(keys[k].flags & PK_EVAL_F_REF) ? all : NULL))
			return 0;
	}
	return 1;
}

static int pk_eval_list_fp(pk_buf *out, const pk_eval_fact *f, const char *input)
{
	if (pk_buf_printf(out, "  %s: ", input) < 0 || pk_eval_fact_format(out, f) < 0 ||
	    pk_buf_printf(out, "  (rule: %s)\n", f->rule ? f->rule : "?") < 0)
		return PK_ENOMEM;
	return 0;
}

static int pk_eval_list_fn(pk_buf *out, const pk_eval_fact *g)
{
	if (g->evidence)
		return pk_buf_printf(out, "  %s: %s: %s\n", g->where, pk_eval_type_name(g->type), g->evidence);
	return pk_buf_printf(out, "  %s: %s\n", g->where, g->line);
}

int pk_eval_match(pk_eval_totals *tot, pk_eval_facts *found, pk_eval_facts *gold,
	pk_buf *fps, pk_buf *fns, const char *input)
{
	size_t i, j;

	for (i = 0; i < gold->n; i++) {
		pk_eval_fact *g = &gold->v[i];

		for (j = 0; j < found->n && !g->matched; j++) {
			if (!found->v[j].matched && pk_eval_fits(&found->v[j], g, gold)) {
				found->v[j].matched = g->matched = 1;
				tot->type[g->type].tp++;
				tot->all.tp++;
			}
		}
		if (!g->matched) {
			tot->type[g->type].fn++;
			tot->all.fn++;
			if (fns && pk_eval_list_fn(fns, g) < 0)
				return PK_ENOMEM;
		}
	}
	for (j = 0; j < found->n; j++) {
		if (found->v[j].matched)
			continue;
		tot->type[found->v[j].type].fp++;
		tot->all.fp++;
		if (fps && pk_eval_list_fp(fps, &found->v[j], input) < 0)
			return PK_ENOMEM;
	}
	return 0;
}

/* ---- known misses and false positives ------------------------------------------------ */

int pk_eval_known_lines(pk_buf *out, const pk_eval_facts *found, const pk_eval_facts *gold)
{
	size_t i;

	for (i = 0; i < gold->n; i++)
		if (!gold->v[i].matched && pk_buf_printf(out, "miss  %s\n", gold->v[i].line) < 0)
			return PK_ENOMEM;
	for (i = 0; i < found->n; i++) {
		if (found->v[i].matched)
			continue;
		if (pk_buf_puts(out, "false ") < 0 || pk_eval_fact_format(out, &found->v[i]) < 0 ||
		    pk_buf_putc(out, '\n') < 0)
			return PK_ENOMEM;
	}
	return 0;
}

/* The entry lines of text (not blank, not '#'), trimmed, sorted; the
 * strings point into text, which is modified. */
static int pk_eval_known_split(char ***out, size_t *n, char *text)
{
	char **v = NULL, *line, *next;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	for (line = text; line && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line = pk_eval_trim(line);
		if (!*line || *line == '#')
			continue;
		if (*n == cap) {
			char **w = realloc(v, (cap = cap ? cap * 2 : 16) * sizeof *w);

			if (!w) {
				free(v);
				return PK_ENOMEM;
			}
			v = w;
		}
		v[(*n)++] = line;
	}
	if (*n)
		qsort(v, *n, sizeof *v, pk_strcmp_ptr);
	*out = v;
	return 0;
}

int pk_eval_known_diff(pk_buf *drift, size_t *ndrift, const char *now, const char *known,
	const char *input)
{
	char *a = pk_strdup(now), *b = pk_strdup(known ? known : "");
	char **x = NULL, **y = NULL;
	size_t nx = 0, ny = 0, i = 0, j = 0;
	int rc = PK_ENOMEM;

	*ndrift = 0;
	if (!a || !b || pk_eval_known_split(&x, &nx, a) < 0 || pk_eval_known_split(&y, &ny, b) < 0)
		goto out;
	/* a merge of two sorted lists: what only one side has is drift */
	while (i < nx || j < ny) {
		int c = i == nx ? 1 : j == ny ? -1 : strcmp(x[i], y[j]);

		if (c == 0) {
			i++;
			j++;
			continue;
		}
		if (pk_buf_printf(drift, "  %s: %s %s\n", input, c < 0 ? "new" : "no longer",
			c < 0 ? x[i++] : y[j++]) < 0)
			goto out;
		(*ndrift)++;
	}
	rc = 0;
out:
	free(x);
	free(y);
	free(a);
	free(b);
	return rc;
}
