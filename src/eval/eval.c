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
 */
#include "eval/eval.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/extract.h"
#include "pipeline/normalize.h"
#include "base/outfile.h"
#include "pipeline/reader.h"
#include "pipeline/ruleset.h"
#include "rdf/vocab.h"


/* How a gold file writes a key. */
#define PK_EVAL_F_POSITIONAL 0x1 /* the first field, without "key=" */
#define PK_EVAL_F_LIST 0x2       /* comma-separated values */
#define PK_EVAL_F_DATE 0x4       /* a date in the contract's lexical forms */
#define PK_EVAL_F_INTERNAL 0x8   /* derived, never written */
#define PK_EVAL_F_REF 0x10       /* names actors: a gazetteer id, or an id the
                                  * gold file gives a name for (actor ID |
                                  * name=...), matched by that name */

typedef enum pk_eval_match_mode {
	PK_EVAL_M_NONE = 0, /* written in the gold for people, not compared */
	PK_EVAL_M_EQ,       /* the gold's value is among the extracted ones */
	PK_EVAL_M_SET,      /* the same set of values */
	PK_EVAL_M_NAME      /* the names overlap; checked only when the gold
	                     * gives no start date */
} pk_eval_match_mode;

typedef struct pk_eval_key {
	const char *name;
	unsigned flags;
	pk_eval_match_mode match;
	const char *const *allowed; /* the values a gold file may give, or NULL */
} pk_eval_key;

/* Most specific first: a graph resource takes the first class it has. */
static const char *const pk_eval_kinds[] = {
	"MOU", "Declaration", "Partnership", "Accord", "Agreement", NULL
};
static const char *const pk_eval_classes[] = {
	"Meeting", "Summit", "Forum", "Workshop", "Ceremony", "Visit", "Event", NULL
};
static const char *const pk_eval_statuses[] = { "Concluded", "Planned", NULL };

static const char *const pk_eval_type_names[PK_EVAL__TYPES] = {
	"document", "actor", "person", "position", "agreement", "event", "date"
};

static const pk_eval_key pk_eval_keys[PK_EVAL__TYPES][PK_EVAL_MAX_KEYS] = {
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
static int pk_eval_key_index(pk_eval_type type, const char *name)
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

static int pk_eval_value_add(pk_eval_value *v, const char *s, size_t len)
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
static int pk_eval_value_set(pk_eval_value *v, const char *s)
{
	return s ? pk_eval_value_add(v, s, strlen(s)) : 0;
}

static int pk_eval_value_has(const pk_eval_value *v, const char *s)
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
static pk_eval_fact *pk_eval_facts_push(pk_eval_facts *fs, pk_eval_type type)
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

static void pk_eval_facts_pop(pk_eval_facts *fs)
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

static char *pk_eval_trim(char *s)
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

/* ---- facts of a graph ------------------------------------------------------------ */

static int pk_eval_is_a(pk_graph *g, const char *s, const char *local)
{
	const pk_triple *t;
	size_t n = pk_graph_about(&t, g, s, PK_NS_RDF "type"), i;
	size_t ns = strlen(PK_NS_PKG);

	for (i = 0; i < n; i++)
		if (strncmp(t[i].o, PK_NS_PKG, ns) == 0 && strcmp(t[i].o + ns, local) == 0)
			return 1;
	return 0;
}

/* The gazetteer id of iri (right under pkgid:, no '/' after), or NULL. */
static const char *pk_eval_gazetteer_id(const char *iri)
{
	size_t n = strlen(PK_NS_ID);

	if (strncmp(iri, PK_NS_ID, n) != 0 || !iri[n] || strchr(iri + n, '/'))
		return NULL;
	return iri + n;
}

/* How facts name a resource: its gazetteer id, else its Korean label,
 * else any label, else the IRI. */
static const char *pk_eval_ref(pk_graph *g, const char *iri)
{
	const char *s;

	if ((s = pk_eval_gazetteer_id(iri)) || (s = pk_graph_value(g, iri, PK_NS_RDFS "label", "ko")) ||
	    (s = pk_graph_value(g, iri, PK_NS_RDFS "label", NULL)))
		return s;
	return iri;
}

/* The part of an IRI after '#' (pkg:Concluded -> Concluded). */
static const char *pk_eval_local(const char *iri)
{
	const char *h = strrchr(iri, '#');

	return h ? h + 1 : iri;
}

/* Every value of s p (with language lang when given) into v: literals as
 * they are, resources as pk_eval_ref names them. */
static int pk_eval_values(pk_eval_value *v, pk_graph *g, const char *s, const char *p,
	const char *lang)
{
	const pk_triple *t;
	size_t n = pk_graph_about(&t, g, s, p), i;
	int rc;

	for (i = 0; i < n; i++) {
		const char *x;

		if (lang && (!t[i].lang || strcmp(t[i].lang, lang) != 0))
			continue;
		x = t[i].o_is_iri ? pk_eval_ref(g, t[i].o) : t[i].o;
		if (!pk_eval_value_has(v, x) && (rc = pk_eval_value_add(v, x, strlen(x))) < 0)
			return rc;
	}
	/* an English release names things in English only */
	if (lang && v->n == 0 && n > 0)
		return pk_eval_values(v, g, s, p, NULL);
	return 0;
}

/* The rule behind resource s: that of its evidence, else (a person) that
 * of a post it holds, else the gazetteer for a gazetteer entity; a
 * resource read from text without evidence says so. */
static const char *pk_eval_rule(pk_graph *g, const char *s)
{
	const char *m, *r, *pos;

	if ((m = pk_graph_value(g, s, PKG("evidence"), NULL)) && (r = pk_graph_value(g, m, PKG("rule"), NULL)))
		return r;
	if ((pos = pk_graph_value(g, s, PKG("position"), NULL)) &&
	    (m = pk_graph_value(g, pos, PKG("evidence"), NULL)) && (r = pk_graph_value(g, m, PKG("rule"), NULL)))
		return r;
	return pk_eval_gazetteer_id(s) ? "gazetteer" : "no evidence";
}

/* A new fact for resource s, its rule set. */
static pk_eval_fact *pk_eval_graph_fact(pk_eval_facts *out, pk_eval_type type,
	const char *rule)
{
	pk_eval_fact *f = pk_eval_facts_push(out, type);

	if (f && !(f->rule = pk_strdup(rule))) {
		pk_eval_facts_pop(out);
		return NULL;
	}
	return f;
}

static int pk_eval_graph_document(pk_eval_facts *out, pk_graph *g, const char *d)
{
	static const char *const props[] = {
		PK_NS_DCTERMS "issued", PK_NS_DCTERMS "publisher", PK_NS_DCTERMS "title", PK_NS_DCTERMS "source"
	};
	pk_eval_fact *f = pk_eval_graph_fact(out, PK_EVAL_DOCUMENT, "header");
	size_t i;
	int rc;

	if (!f)
		return PK_ENOMEM;
	for (i = 0; i < PK_ARRAY_LEN(props); i++)
		if ((rc = pk_eval_value_set(&f->key[i], pk_graph_value(g, d, props[i], NULL))) < 0)
			return rc;
	return 0;
}

static int pk_eval_graph_person(pk_eval_facts *out, pk_graph *g, const char *s)
{
	pk_eval_fact *f = pk_eval_graph_fact(out, PK_EVAL_PERSON, pk_eval_rule(g, s));

	return f ? pk_eval_values(&f->key[0], g, s, PK_NS_RDFS "label", NULL) : PK_ENOMEM;
}

static int pk_eval_graph_position(pk_eval_facts *out, pk_graph *g, const char *s)
{
	pk_eval_fact *f = pk_eval_graph_fact(out, PK_EVAL_POSITION, pk_eval_rule(g, s));
	const pk_triple *t;
	size_t n, i;
	int rc;

	if (!f)
		return PK_ENOMEM;
	/* the holders: whoever has pkg:position s */
	pk_graph_sorted(&t, &n, g);
	for (i = 0; i < n; i++)
		if (strcmp(t[i].p, PKG("position")) == 0 && strcmp(t[i].o, s) == 0 &&
		    (rc = pk_eval_values(&f->key[0], g, t[i].s, PK_NS_RDFS "label", NULL)) < 0)
			return rc;
	if ((rc = pk_eval_values(&f->key[1], g, s, PKG("title"), "ko")) < 0)
		return rc;
	return pk_eval_values(&f->key[2], g, s, PKG("organization"), NULL);
}

static const char *pk_eval_class(pk_graph *g, const char *s, const char *const *classes)
{
	size_t i;

	for (i = 0; classes[i]; i++)
		if (pk_eval_is_a(g, s, classes[i]))
			return classes[i];
	return NULL;
}

static int pk_eval_graph_agreement(pk_eval_facts *out, pk_graph *g, const char *s)
{
	pk_eval_fact *f = pk_eval_graph_fact(out, PK_EVAL_AGREEMENT, pk_eval_rule(g, s));
	const char *status = pk_graph_value(g, s, PKG("status"), NULL);
	int rc;

	if (!f)
		return PK_ENOMEM;
	if ((rc = pk_eval_value_set(&f->key[0], pk_eval_class(g, s, pk_eval_kinds))) < 0 ||
	    (rc = pk_eval_value_set(&f->key[1], status ? pk_eval_local(status) : NULL)) < 0 ||
	    (rc = pk_eval_values(&f->key[2], g, s, PKG("party"), NULL)) < 0 ||
	    (rc = pk_eval_values(&f->key[3], g, s, PKG("signedOn"), NULL)) < 0 ||
	    (rc = pk_eval_values(&f->key[4], g, s, PK_NS_RDFS "label", "ko")) < 0)
		return rc;
	return pk_eval_values(&f->key[5], g, s, PKG("validFor"), NULL);
}

static int pk_eval_graph_event(pk_eval_facts *out, pk_graph *g, const char *s)
{
	static const char *const props[PK_EVAL_MAX_KEYS] = {
		NULL, PK_NS_RDFS "label", PKG("startDate"), PKG("endDate"), PKG("location"),
		PKG("organizer"), PKG("participant"), PKG("chair")
	};
	pk_eval_fact *f = pk_eval_graph_fact(out, PK_EVAL_EVENT, pk_eval_rule(g, s));
	size_t k;
	int rc;

	if (!f)
		return PK_ENOMEM;
	if ((rc = pk_eval_value_set(&f->key[0], pk_eval_class(g, s, pk_eval_classes))) < 0)
		return rc;
	for (k = 1; k < PK_EVAL_MAX_KEYS; k++)
		if ((rc = pk_eval_values(&f->key[k], g, s, props[k], k == 1 ? "ko" : NULL)) < 0)
			return rc;
	return 0;
}

static int pk_eval_graph_date(pk_eval_facts *out, pk_graph *g, const pk_triple *t)
{
	const char *dt = t->dt ? pk_eval_local(t->dt) : "string";
	pk_eval_fact *f;
	size_t i;
	int rc;

	for (i = 0; i < out->n; i++)
		if (out->v[i].type == PK_EVAL_DATE && strcmp(out->v[i].key[0].v[0], t->o) == 0 &&
		    strcmp(out->v[i].key[1].v[0], dt) == 0)
			return 0;
	if (!(f = pk_eval_graph_fact(out, PK_EVAL_DATE, pk_eval_rule(g, t->s))))
		return PK_ENOMEM;
	if ((rc = pk_eval_value_set(&f->key[0], t->o)) < 0)
		return rc;
	return pk_eval_value_set(&f->key[1], dt);
}

static int pk_eval_is_date_prop(const char *p)
{
	return strcmp(p, PKG("signedOn")) == 0 || strcmp(p, PKG("startDate")) == 0 ||
		strcmp(p, PKG("endDate")) == 0;
}

/* s is pkg:mentionedIn a document. */
static int pk_eval_mentioned(pk_graph *g, const char *s)
{
	const pk_triple *t;
	size_t n = pk_graph_about(&t, g, s, PKG("mentionedIn")), i;

	for (i = 0; i < n; i++)
		if (pk_eval_is_a(g, t[i].o, "Document"))
			return 1;
	return 0;
}

/* An actor: a gazetteer entity by its id, an organization the gazetteer
 * does not know by its name. */
static int pk_eval_graph_actor(pk_eval_facts *out, pk_graph *g, const char *s)
{
	const char *id = pk_eval_gazetteer_id(s);
	pk_eval_fact *f = pk_eval_graph_fact(out, PK_EVAL_ACTOR, id ? "gazetteer" : pk_eval_rule(g, s));

	return f ? pk_eval_value_set(&f->key[0], id ? id : pk_eval_ref(g, s)) : PK_ENOMEM;
}

/* The fact resource s stands for, if any: its types say which. */
static int pk_eval_graph_resource(pk_eval_facts *out, pk_graph *g, const char *s)
{
	if ((pk_eval_gazetteer_id(s) ? pk_eval_is_a(g, s, "Actor") : pk_eval_is_a(g, s, "Organization")) &&
	    pk_eval_mentioned(g, s))
		return pk_eval_graph_actor(out, g, s);
	if (pk_eval_is_a(g, s, "Document"))
		return pk_eval_graph_document(out, g, s);
	if (pk_eval_is_a(g, s, "Person"))
		return pk_eval_graph_person(out, g, s);
	if (pk_eval_is_a(g, s, "Position"))
		return pk_eval_graph_position(out, g, s);
	if (pk_eval_class(g, s, pk_eval_kinds))
		return pk_eval_graph_agreement(out, g, s);
	if (pk_eval_class(g, s, pk_eval_classes))
		return pk_eval_graph_event(out, g, s);
	return 0;
}

int pk_eval_graph_facts(pk_eval_facts *out, pk_graph *g)
{
	const pk_triple *t;
	size_t n, i;
	int rc;

	pk_graph_sorted(&t, &n, g);
	for (i = 0; i < n; i++) {
		/* sorted: each subject's triples come together */
		if ((i == 0 || strcmp(t[i].s, t[i - 1].s) != 0) &&
		    (rc = pk_eval_graph_resource(out, g, t[i].s)) < 0)
			return rc;
		if (pk_eval_is_date_prop(t[i].p) && (rc = pk_eval_graph_date(out, g, &t[i])) < 0)
			return rc;
	}
	return 0;
}

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
