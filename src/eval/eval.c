/*
 * eval.c - scoring the extraction against gold annotations
 * (tests/corpus/README.md).
 *
 * Each input is extracted alone, with a fresh pk_extractor, so its graph
 * holds one document's facts.  The graph is read back into facts of the
 * gold's seven types, and these are matched one-to-one with the facts of
 * the input's gold file by meaning, never by IRI: each gold fact, in file
 * order, takes the first extracted fact that fits it.  True and false
 * positives and false negatives are counted per type and overall (micro)
 * and written as a pk_table, followed by the facts that were wrong: each
 * false positive with the rule that produced it, each false negative with
 * its gold line.
 *
 * What a fact has and how it is compared is one table, pk_eval_keys: per
 * type, its keys, how a gold file writes each and how it is matched.
 *
 * Here: that table, the facts, the run and the report.  eval_gold.c reads
 * gold files, eval_graph.c reads facts back from a graph, eval_match.c
 * matches them and compares known misses; they share eval_int.h.
 */
#include "eval/eval_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/extract.h"
#include "base/outfile.h"
#include "pipeline/reader.h"
#include "pipeline/ruleset.h"

/* Most specific first: a graph resource takes the first class it has. */
const char *const pk_eval_kinds[] = {
	"MOU", "Declaration", "Partnership", "Accord", "Agreement", NULL
};
const char *const pk_eval_classes[] = {
	"Meeting", "Summit", "Forum", "Workshop", "Ceremony", "Visit", "Event", NULL
};
static const char *const pk_eval_statuses[] = { "Concluded", "Planned", NULL };

const char *const pk_eval_type_names[PK_EVAL__TYPES] = {
	"document", "actor", "person", "position", "agreement", "event", "date"
};

const pk_eval_key pk_eval_keys[PK_EVAL__TYPES][PK_EVAL_MAX_KEYS] = {
	[PK_EVAL_DOCUMENT] = {
		{ "issued", 0, PK_EVAL_M_EQ, NULL },
		{ "publisher", 0, PK_EVAL_M_EQ, NULL },
		{ "title", 0, PK_EVAL_M_EQ, NULL },
		{ "source", 0, PK_EVAL_M_EQ, NULL },
	},
	[PK_EVAL_ACTOR] = {
		{ "id", PK_EVAL_F_POSITIONAL | PK_EVAL_F_REF, PK_EVAL_M_EQ, NULL },
		{ "name", 0, PK_EVAL_M_NONE, NULL },
	},
	[PK_EVAL_PERSON] = { { "name", PK_EVAL_F_POSITIONAL, PK_EVAL_M_EQ, NULL } },
	[PK_EVAL_POSITION] = {
		{ "person", 0, PK_EVAL_M_EQ, NULL },
		{ "title", 0, PK_EVAL_M_EQ, NULL },
		{ "org", PK_EVAL_F_REF, PK_EVAL_M_EQ, NULL },
	},
	[PK_EVAL_AGREEMENT] = {
		{ "kind", 0, PK_EVAL_M_EQ, pk_eval_kinds },
		{ "status", 0, PK_EVAL_M_EQ, pk_eval_statuses },
		{ "parties", PK_EVAL_F_LIST | PK_EVAL_F_REF, PK_EVAL_M_SET, NULL },
		{ "signed", PK_EVAL_F_DATE, PK_EVAL_M_EQ, NULL },
		{ "name", 0, PK_EVAL_M_NONE, NULL },
		{ "validFor", 0, PK_EVAL_M_NONE, NULL },
	},
	[PK_EVAL_EVENT] = {
		{ "class", 0, PK_EVAL_M_EQ, pk_eval_classes },
		{ "name", 0, PK_EVAL_M_NAME, NULL },
		{ "start", PK_EVAL_F_DATE, PK_EVAL_M_EQ, NULL },
		{ "end", PK_EVAL_F_DATE, PK_EVAL_M_NONE, NULL },
		{ "location", 0, PK_EVAL_M_NONE, NULL },
		{ "organizer", PK_EVAL_F_LIST | PK_EVAL_F_REF, PK_EVAL_M_NONE, NULL },
		{ "participant", PK_EVAL_F_LIST | PK_EVAL_F_REF, PK_EVAL_M_NONE, NULL },
		{ "chair", PK_EVAL_F_LIST | PK_EVAL_F_REF, PK_EVAL_M_NONE, NULL },
	},
	[PK_EVAL_DATE] = {
		{ "value", PK_EVAL_F_POSITIONAL | PK_EVAL_F_DATE, PK_EVAL_M_EQ, NULL },
		{ "datatype", PK_EVAL_F_INTERNAL, PK_EVAL_M_EQ, NULL },
	},
};

/* Where the key name of type is in its table, or -1. */
int pk_eval_key_index(pk_eval_type type, const char *name)
{
	int k;

	for (k = 0; k < PK_EVAL_MAX_KEYS && pk_eval_keys[type][k].name; k++)
		if (strcmp(pk_eval_keys[type][k].name, name) == 0)
			return k;
	return -1;
}

const char *pk_eval_type_name(pk_eval_type type)
{
	return type < PK_EVAL__TYPES ? pk_eval_type_names[type] : "?";
}

void pk_eval_scores(double *precision, double *recall, double *f1,
	const pk_eval_counts *c)
{
	double p = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0.0;
	double r = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0.0;

	*precision = p;
	*recall = r;
	*f1 = p + r > 0.0 ? 2.0 * p * r / (p + r) : 0.0;
}

/* ---- facts ---------------------------------------------------------------- */

int pk_eval_value_add(pk_eval_value *v, const char *s, size_t len)
{
	char **p = realloc(v->v, (v->n + 1) * sizeof *p);

	if (!p)
		return PK_ENOMEM;
	v->v = p;
	if (!(v->v[v->n] = pk_strndup(s, len)))
		return PK_ENOMEM;
	v->n++;
	return 0;
}

/* Add s when it is not NULL. */
int pk_eval_value_set(pk_eval_value *v, const char *s)
{
	return s ? pk_eval_value_add(v, s, strlen(s)) : 0;
}

int pk_eval_value_has(const pk_eval_value *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->v[i], s) == 0)
			return 1;
	return 0;
}

static void pk_eval_fact_free(pk_eval_fact *f)
{
	size_t k, i;

	for (k = 0; k < PK_EVAL_MAX_KEYS; k++) {
		for (i = 0; i < f->key[k].n; i++)
			free(f->key[k].v[i]);
		free(f->key[k].v);
	}
	free(f->where);
	free(f->line);
	free(f->evidence);
	free(f->rule);
	memset(f, 0, sizeof *f);
}

void pk_eval_facts_clear(pk_eval_facts *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		pk_eval_fact_free(&fs->v[i]);
	free(fs->v);
	for (i = 0; i < fs->alias_id.n; i++)
		free(fs->alias_id.v[i]);
	for (i = 0; i < fs->alias_name.n; i++)
		free(fs->alias_name.v[i]);
	free(fs->alias_id.v);
	free(fs->alias_name.v);
	memset(fs, 0, sizeof *fs);
}

/* A new empty fact at the end of fs, or NULL. */
pk_eval_fact *pk_eval_facts_push(pk_eval_facts *fs, pk_eval_type type)
{
	if (fs->n == fs->cap) {
		size_t cap = fs->cap ? fs->cap * 2 : 16;
		pk_eval_fact *v = realloc(fs->v, cap * sizeof *v);

		if (!v)
			return NULL;
		fs->v = v;
		fs->cap = cap;
	}
	memset(&fs->v[fs->n], 0, sizeof fs->v[fs->n]);
	fs->v[fs->n].type = type;
	return &fs->v[fs->n++];
}

void pk_eval_facts_pop(pk_eval_facts *fs)
{
	pk_eval_fact_free(&fs->v[--fs->n]);
}

int pk_eval_fact_format(pk_buf *out, const pk_eval_fact *f)
{
	const pk_eval_key *keys = pk_eval_keys[f->type];
	const char *sep = " ";
	size_t k, i;

	if (pk_buf_puts(out, pk_eval_type_name(f->type)) < 0)
		return PK_ENOMEM;
	for (k = 0; k < PK_EVAL_MAX_KEYS && keys[k].name; k++) {
		if (!f->key[k].n || (keys[k].flags & PK_EVAL_F_INTERNAL))
			continue;
		if (pk_buf_puts(out, sep) < 0 ||
		    (!(keys[k].flags & PK_EVAL_F_POSITIONAL) && pk_buf_printf(out, "%s=", keys[k].name) < 0))
			return PK_ENOMEM;
		for (i = 0; i < f->key[k].n; i++)
			if (pk_buf_printf(out, "%s%s", i ? ", " : "", f->key[k].v[i]) < 0)
				return PK_ENOMEM;
		sep = " | ";
	}
	return 0;
}

/* ---- the run ------------------------------------------------------------------------ */

typedef struct pk_eval_state {
	pk_eval_totals *tot;
	const pk_ruleset *rs;
	const pk_eval_options *opts;
	const pk_diag *diag;
	pk_buf fps;  /* the false positives' lines */
	pk_buf fns;  /* the false negatives' lines */
	pk_buf drift; /* the differences from the known files */
	int failed;  /* a gold file or an input could not be used */
} pk_eval_state;

static int pk_eval_is_gold(const char *path)
{
	size_t n = strlen(path);

	return n >= 5 && strcmp(path + n - 5, ".gold") == 0;
}

/* dir/<input's base name without extension><ext> */
static int pk_eval_side_path(pk_buf *out, const char *dir, const char *input, const char *ext)
{
	const char *base = strrchr(input, '/');
	const char *dot;
	pk_buf name = PK_BUF_INIT;
	int rc;

	base = base ? base + 1 : input;
	dot = strrchr(base, '.');
	if (pk_buf_put(&name, base, dot && dot > base ? (size_t)(dot - base) : strlen(base)) < 0 ||
	    pk_buf_puts(&name, ext) < 0) {
		pk_buf_free(&name);
		return PK_ENOMEM;
	}
	rc = pk_path_join(out, dir, name.ptr);
	pk_buf_free(&name);
	return rc;
}

/* Rewrite the known file path to hold lines (none: remove it). */
static int pk_eval_known_write(const char *path, const char *lines, const char *input,
	const pk_diag *diag)
{
	pk_outfile of;
	int rc;

	if (!*lines) {
		if (unlink(path) != 0 && errno != ENOENT) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot remove: %s", path, strerror(errno));
			return PK_EIO;
		}
		return 0;
	}
	if ((rc = pk_outfile_open(&of, path, diag)) < 0)
		return rc;
	fprintf(of.fh,
		"# What policykg is known to get wrong in %s: each gold line it misses\n"
		"# (miss) and each fact it finds that the gold does not have (false).\n"
		"# `policykg eval --known DIR` fails on any difference from this list;\n"
		"# --write-known rewrites it.\n", input);
	fputs(lines, of.fh);
	return pk_outfile_close(&of, !ferror(of.fh), diag);
}

/* Check (or with write_known, record) what input got wrong against its
 * known file. */
static int pk_eval_known(pk_eval_state *st, const pk_eval_facts *found,
	const pk_eval_facts *gold, const char *input)
{
	pk_buf now = PK_BUF_INIT, path = PK_BUF_INIT;
	const char *base = strrchr(input, '/');
	char *known = NULL;
	size_t len = 0, n = 0;
	struct stat sb;
	int rc;

	base = base ? base + 1 : input;
	if ((rc = pk_eval_known_lines(&now, found, gold)) < 0 ||
	    (rc = pk_eval_side_path(&path, st->opts->known_dir, input, ".known")) < 0)
		goto out;
	if (st->opts->write_known) {
		rc = pk_eval_known_write(path.ptr, now.ptr ? now.ptr : "", base, st->diag);
		goto out;
	}
	if (stat(path.ptr, &sb) == 0 && (rc = pk_file_read(&known, &len, path.ptr, st->diag)) < 0)
		goto out;
	if ((rc = pk_eval_known_diff(&st->drift, &n, now.ptr ? now.ptr : "", known, input)) < 0)
		goto out;
	st->tot->drift += n;
out:
	free(known);
	pk_buf_free(&now);
	pk_buf_free(&path);
	return rc;
}

/* Extract input alone; its facts go to found.  PK_EINPUT: nothing read. */
static int pk_eval_extract(pk_eval_facts *found, pk_eval_state *st, const char *input)
{
	pk_extractor *ex = NULL;
	int rc;

	if ((rc = pk_extractor_new(&ex, st->rs, &st->opts->extract, st->diag)) < 0)
		return rc;
	rc = pk_extractor_add_path(ex, input);
	if (rc == 0 && pk_extractor_document_count(ex) == 0)
		rc = PK_EINPUT;
	if (rc == 0)
		rc = pk_eval_graph_facts(found, pk_extractor_graph(ex));
	pk_extractor_free(ex);
	return rc;
}

/* Compare one input with its gold file. */
static int pk_eval_input(pk_eval_state *st, const char *input)
{
	pk_eval_facts gold = PK_EVAL_FACTS_INIT, found = PK_EVAL_FACTS_INIT;
	pk_buf gpath = PK_BUF_INIT;
	struct stat sb;
	int rc;

	if (pk_eval_is_gold(input))
		return 0;
	if ((rc = pk_eval_side_path(&gpath, st->opts->gold_dir, input, ".gold")) < 0)
		goto out;
	if (stat(gpath.ptr, &sb) != 0) {
		pk_diag_emit(st->diag, PK_SEV_WARNING, "%s: no gold file %s (%s); skipped",
			input, gpath.ptr, strerror(errno));
		st->tot->skipped++;
		goto out;
	}
	rc = pk_eval_gold_read(&gold, gpath.ptr, st->diag);
	if (rc == 0)
		rc = pk_eval_extract(&found, st, input);
	if (rc == 0)
		rc = pk_eval_match(st->tot, &found, &gold, &st->fps, &st->fns, input);
	if (rc == 0 && st->opts->known_dir)
		rc = pk_eval_known(st, &found, &gold, input);
	if (rc == 0) {
		st->tot->documents++;
	} else if (rc != PK_ENOMEM) {
		st->tot->skipped++;
		st->failed = 1;
		rc = 0;
	}
out:
	pk_eval_facts_clear(&gold);
	pk_eval_facts_clear(&found);
	pk_buf_free(&gpath);
	return rc;
}

static int pk_eval_path(pk_eval_state *st, const char *path)
{
	char **files = NULL, **ids = NULL;
	size_t n = 0, i;
	int rc;

	rc = pk_reader_list(&files, &ids, &n, path, st->diag);
	if (rc == PK_EINPUT) {
		st->failed = 1;
		rc = 0;
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = pk_eval_input(st, files[i]);
	for (i = 0; i < n; i++) {
		free(files[i]);
		free(ids[i]);
	}
	free(files);
	free(ids);
	return rc;
}

/* ---- the report ----------------------------------------------------------------------- */

static int pk_eval_cell(pk_term *cell, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A plain literal cell, printf-formatted. */
static int pk_eval_cell(pk_term *cell, const char *fmt, ...)
{
	pk_buf b = PK_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = pk_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cell->kind = PK_TERM_LITERAL;
	cell->value = rc < 0 ? NULL : pk_buf_detach(&b);
	return cell->value ? 0 : PK_ENOMEM;
}

/* A score to three places, "-" when there was nothing to count. */
static int pk_eval_cell_score(pk_term *cell, double v, int defined)
{
	return defined ? pk_eval_cell(cell, "%.3f", v) : pk_eval_cell(cell, "-");
}

/* One row: name, gold, found, tp, fp, fn, precision, recall, f1. */
static int pk_eval_row(pk_term *row, const char *name, const pk_eval_counts *c)
{
	double p, r, f;
	int rc;

	pk_eval_scores(&p, &r, &f, c);
	if ((rc = pk_eval_cell(&row[0], "%s", name)) < 0 ||
	    (rc = pk_eval_cell(&row[1], "%zu", c->tp + c->fn)) < 0 ||
	    (rc = pk_eval_cell(&row[2], "%zu", c->tp + c->fp)) < 0 ||
	    (rc = pk_eval_cell(&row[3], "%zu", c->tp)) < 0 ||
	    (rc = pk_eval_cell(&row[4], "%zu", c->fp)) < 0 ||
	    (rc = pk_eval_cell(&row[5], "%zu", c->fn)) < 0 ||
	    (rc = pk_eval_cell_score(&row[6], p, c->tp + c->fp > 0)) < 0 ||
	    (rc = pk_eval_cell_score(&row[7], r, c->tp + c->fn > 0)) < 0)
		return rc;
	return pk_eval_cell_score(&row[8], f, c->tp + c->fp + c->fn > 0);
}

/* The score table: one row per type, then "all". */
static int pk_eval_table(pk_table **out, const pk_eval_totals *tot)
{
	static const char *const cols[] = {
		"type", "gold", "found", "tp", "fp", "fn", "precision", "recall", "f1"
	};
	pk_table *t = calloc(1, sizeof *t);
	size_t i;
	int rc = PK_ENOMEM;

	*out = NULL;
	if (!t)
		return PK_ENOMEM;
	t->ncols = PK_ARRAY_LEN(cols);
	t->nrows = PK_EVAL__TYPES + 1;
	t->names = calloc(t->ncols, sizeof *t->names);
	t->cells = calloc(t->ncols * t->nrows, sizeof *t->cells);
	if (!t->names || !t->cells)
		goto out;
	for (i = 0; i < t->ncols; i++)
		if (!(t->names[i] = pk_strdup(cols[i])))
			goto out;
	for (i = 0; i < PK_EVAL__TYPES; i++)
		if ((rc = pk_eval_row(&t->cells[i * t->ncols], pk_eval_type_names[i], &tot->type[i])) < 0)
			goto out;
	if ((rc = pk_eval_row(&t->cells[i * t->ncols], "all", &tot->all)) < 0)
		goto out;
	*out = t;
	t = NULL;
out:
	pk_table_free(t);
	return rc;
}

static int pk_eval_report(pk_eval_state *st, FILE *report)
{
	const pk_eval_totals *tot = st->tot;
	pk_table *t = NULL;
	int rc;

	if ((rc = pk_eval_table(&t, tot)) < 0)
		return rc;
	rc = pk_table_write(t, report, st->opts->format);
	pk_table_free(t);
	if (rc < 0)
		return rc;
	if (!st->opts->quiet) {
		fprintf(report, "%zu documents compared, %zu skipped\n", tot->documents, tot->skipped);
		fprintf(report, "\nfalse positives (%zu):\n%s", tot->all.fp, st->fps.ptr ? st->fps.ptr : "");
		fprintf(report, "\nfalse negatives (%zu):\n%s", tot->all.fn, st->fns.ptr ? st->fns.ptr : "");
	}
	/* the drift is what a failing oracle run is about: shown even when quiet */
	if (st->opts->known_dir && !st->opts->write_known && (tot->drift || !st->opts->quiet))
		fprintf(report, "\ndifferences from the known files (%zu):\n%s", tot->drift,
			st->drift.ptr ? st->drift.ptr : "");
	return fflush(report) != 0 || ferror(report) ? PK_EIO : 0;
}

int pk_eval_run(pk_eval_totals *out, const pk_ruleset *rs,
	const char *const *paths, size_t npaths, const pk_eval_options *opts,
	FILE *report, const pk_diag *diag)
{
	pk_eval_state st;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof *out);
	memset(&st, 0, sizeof st);
	st.tot = out;
	st.rs = rs;
	st.opts = opts;
	st.diag = diag;
	for (i = 0; i < npaths && rc == 0; i++)
		rc = pk_eval_path(&st, paths[i]);
	if (rc == 0)
		rc = pk_eval_report(&st, report);
	pk_buf_free(&st.fps);
	pk_buf_free(&st.fns);
	pk_buf_free(&st.drift);
	if (rc == PK_ENOMEM)
		pk_diag_emit(diag, PK_SEV_ERROR, "eval: out of memory");
	return rc < 0 ? rc : st.failed ? PK_EINPUT : 0;
}
