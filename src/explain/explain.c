/*
 * explain.c - why a resource is in the graph.
 *
 * The graph comes either from a Turtle or N-Triples file, parsed into a
 * pk_graph by parse.c, or from a store, from which only the resource's
 * neighbourhood is fetched by SPARQL into a pk_graph.  One writer then
 * explains it: its types and labels; its evidence, each pkg:Mention as the
 * sentence with the matched span marked ⟦ ⟧ (the Mention's code-point
 * offsets) and the rule that fired, sorted by document and offset; when
 * it has no evidence (a gazetteer actor), the documents it is mentioned
 * in; and the resources that point at it.
 */
#include "policykg.h"

#include <stdlib.h>
#include <string.h>

#include "rdf/onto.h"
#include "rdf/parse.h"
#include "rdf/triples.h"
#include "base/util.h"
#include "rdf/vocab.h"

/* ---- the IRI ----------------------------------------------------------------- */

/* The IRI as given (<full>, full, or prefix:local) made full.  PK_EUSAGE,
 * with a message, for what cannot be an IRI (nor be put in a query). */
static int pk_explain_iri(char **out, const char *arg, const pk_diag *diag)
{
	size_t n = strlen(arg);
	const unsigned char *p;
	char *iri;
	int rc;

	*out = NULL;
	if (n >= 2 && arg[0] == '<' && arg[n - 1] == '>')
		iri = pk_strndup(arg + 1, n - 2);
	else if ((rc = pk_vocab_expand(&iri, arg)) < 0)
		return rc;
	if (!iri)
		return PK_ENOMEM;
	for (p = (const unsigned char *)iri; *p; p++)
		if (*p <= 0x20 || strchr("<>\"{}|^`\\", *p))
			break;
	if (*p || !strchr(iri, ':')) {
		pk_diag_emit(diag, PK_SEV_ERROR, "'%s' is not an IRI (give <IRI>, IRI or pkgid:NAME)", arg);
		free(iri);
		return PK_EUSAGE;
	}
	*out = iri;
	return 0;
}

/* ---- a store ----------------------------------------------------------------------- */

/* What the store holds on the resource: its triples, those of its
 * evidence, those pointing at it, and the names of the resources on the
 * other ends.  Each query is the text around the IRI; a column s, p or o
 * that a query does not select is the resource itself. */
static const struct pk_explain_query {
	const char *before, *after;
} pk_explain_queries[] = {
	{ "SELECT ?p ?o WHERE { <", "> ?p ?o }" },
	{ "SELECT ?s ?p ?o WHERE { <", "> pkg:evidence ?s . ?s ?p ?o }" },
	{ "SELECT ?s ?p WHERE { ?s ?p <", "> }" },
	{ "SELECT ?s ?p ?o WHERE { ?s ?q <", "> . ?s ?p ?o . "
		"FILTER(?p = rdfs:label || ?p = pkg:title) }" },
	{ "SELECT ?s ?p ?o WHERE { <", "> ?q ?s . ?s ?p ?o . "
		"FILTER(?p = rdfs:label || ?p = pkg:title) }" },
};

static int pk_explain_load_store(pk_graph *g, pk_store *st, const char *iri)
{
	pk_buf q = PK_BUF_INIT;
	pk_table *t = NULL;
	size_t i, r;
	int rc = 0;

	for (i = 0; i < PK_ARRAY_LEN(pk_explain_queries) && rc == 0; i++) {
		pk_buf_clear(&q);
		if (pk_buf_printf(&q, "%s%s%s", pk_explain_queries[i].before, iri,
			pk_explain_queries[i].after) < 0) {
			rc = PK_ENOMEM;
			break;
		}
		if ((rc = pk_store_query(&t, st, q.ptr)) < 0)
			break;
		for (r = 0; r < t->nrows && rc == 0; r++)
			rc = pk_onto_add_row(g, t, r, iri);
		pk_table_free(t);
		t = NULL;
	}
	pk_buf_free(&q);
	return rc;
}

/* ---- writing -------------------------------------------------------------------------- */

typedef struct pk_explain_mention {
	const char *doc;
	const char *sentence;
	const char *rule;
	long start, mstart, mend; /* code points; mstart < 0: no match offsets */
} pk_explain_mention;

static void pk_explain_put_iri(FILE *out, const char *iri)
{
	const pk_prefix *p;
	const char *local;

	if ((p = pk_vocab_shorten(iri, &local)) != NULL)
		fprintf(out, "%s:%s", p->prefix, local);
	else if (strncmp(iri, "_:", 2) == 0)
		fputs(iri, out);
	else
		fprintf(out, "<%s>", iri);
}

static int pk_explain_mention_cmp(const void *x, const void *y)
{
	const pk_explain_mention *a = x, *b = y;
	int c = strcmp(a->doc, b->doc);

	if (c)
		return c;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->mstart < b->mstart ? -1 : a->mstart > b->mstart;
}

/* The evidence of iri, sorted by document and offset. */
static int pk_explain_mentions(pk_explain_mention **out, size_t *n, pk_graph *g, const char *iri)
{
	const pk_triple *t;
	pk_explain_mention *v;
	size_t i;

	*n = pk_graph_about(&t, g, iri, PKG("evidence"));
	*out = NULL;
	if (!*n)
		return 0;
	if (!(v = calloc(*n, sizeof *v)))
		return PK_ENOMEM;
	for (i = 0; i < *n; i++) {
		const char *doc = pk_graph_value(g, t[i].o, PKG("document"), NULL);
		const char *sentence = pk_graph_value(g, t[i].o, PKG("sentence"), NULL);
		const char *rule = pk_graph_value(g, t[i].o, PKG("rule"), NULL);

		v[i].doc = doc ? doc : "";
		v[i].sentence = sentence ? sentence : "";
		v[i].rule = rule ? rule : "?";
		v[i].start = pk_onto_long(g, t[i].o, PKG("start"));
		v[i].mstart = pk_onto_long(g, t[i].o, PKG("matchStart"));
		v[i].mend = pk_onto_long(g, t[i].o, PKG("matchEnd"));
	}
	qsort(v, *n, sizeof *v, pk_explain_mention_cmp);
	*out = v;
	return 0;
}

/* The sentence with code points [from, to) between ⟦ and ⟧. */
static int pk_explain_mark(pk_buf *out, const char *s, size_t from, size_t to, int color)
{
	const char *open = color ? "⟦\033[1;4m" : "⟦", *close = color ? "\033[0m⟧" : "⟧";
	size_t len = strlen(s), i = 0, cp = 0, k;
	uint32_t c;

	for (;; cp++) {
		if (cp == from && pk_buf_puts(out, open) < 0)
			return PK_ENOMEM;
		if (cp == to && pk_buf_puts(out, close) < 0)
			return PK_ENOMEM;
		if (i >= len)
			return 0;
		k = pk_utf8_decode((const unsigned char *)s + i, len - i, &c);
		k = k ? k : 1;
		if (pk_buf_put(out, s + i, k) < 0)
			return PK_ENOMEM;
		i += k;
	}
}

/* The match in code points of the sentence (n of them), clamped to it;
 * both past the end when the Mention has no match offsets. */
static void pk_explain_span(size_t *from, size_t *to, const pk_explain_mention *m, size_t n)
{
	if (m->start < 0 || m->mstart < 0 || m->mend < m->mstart) {
		*from = *to = n + 1;
		return;
	}
	*from = m->mstart > m->start ? (size_t)(m->mstart - m->start) : 0;
	*to = m->mend > m->start ? (size_t)(m->mend - m->start) : 0;
	*from = *from > n ? n : *from;
	*to = *to > n ? n : *to;
}

static int pk_explain_write_mention(FILE *out, const pk_explain_mention *m, int color)
{
	pk_buf line = PK_BUF_INIT;
	size_t from, to;
	int rc;

	fputs("  ", out);
	pk_explain_put_iri(out, m->doc);
	if (m->mstart >= 0 && m->mend >= m->mstart)
		fprintf(out, ", characters %ld-%ld", m->mstart, m->mend);
	fputs("\n    ", out);
	pk_explain_span(&from, &to, m, pk_utf8_count(m->sentence, strlen(m->sentence)));
	rc = pk_explain_mark(&line, m->sentence, from, to, color);
	if (rc == 0)
		fprintf(out, "%s\n    rule: %s\n", line.ptr ? line.ptr : "", m->rule);
	pk_buf_free(&line);
	return rc;
}

static int pk_explain_evidence(FILE *out, pk_graph *g, const char *iri, int color)
{
	pk_explain_mention *v = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = pk_explain_mentions(&v, &n, g, iri)) < 0)
		return rc;
	fprintf(out, "evidence (%zu):\n", n);
	for (i = 0; i < n && rc == 0; i++)
		rc = pk_explain_write_mention(out, &v[i], color);
	free(v);
	return rc;
}

/* What a resource is called, for a list: a label (Korean first) or a
 * title; NULL when it has none. */
static const char *pk_explain_name(pk_graph *g, const char *s)
{
	const char *v;

	if ((v = pk_graph_value(g, s, PK_NS_RDFS "label", "ko")) ||
	    (v = pk_graph_value(g, s, PK_NS_RDFS "label", NULL)) ||
	    (v = pk_graph_value(g, s, PKG("title"), "ko")))
		return v;
	return pk_graph_value(g, s, PKG("title"), NULL);
}

/* A value as a line shows it: a resource shortened, with its name; a
 * literal with its language or datatype. */
static void pk_explain_put_value(FILE *out, pk_graph *g, const pk_triple *t)
{
	const char *name;

	if (t->o_is_iri) {
		pk_explain_put_iri(out, t->o);
		if ((name = pk_explain_name(g, t->o)) != NULL)
			fprintf(out, " (%s)", name);
		return;
	}
	fputs(t->o, out);
	if (t->lang) {
		fprintf(out, " (%s)", t->lang);
	} else if (t->dt) {
		fputs(" (", out);
		pk_explain_put_iri(out, t->dt);
		fputc(')', out);
	}
}

/* Types, then labels, aliases and titles, then the other properties,
 * but for evidence and documents, which have sections of their own. */
static void pk_explain_header(FILE *out, pk_graph *g, const char *iri)
{
	static const struct { const char *p, *name; } names[] = {
		{ PK_NS_RDFS "label", "label" }, { PK_NS_SKOS "altLabel", "alias" }, { PKG("title"), "title" },
		{ NULL, NULL }, /* the rest */
	};
	const pk_triple *t;
	size_t n = pk_graph_about(&t, g, iri, PK_NS_RDF "type"), i, j;

	pk_explain_put_iri(out, iri);
	fputs("\n  type:", out);
	for (i = 0; i < n; i++) {
		fputs(i ? ", " : " ", out);
		pk_explain_put_iri(out, t[i].o);
	}
	fputs(n ? "\n" : " (none given)\n", out);
	for (j = 0; names[j].p; j++) {
		n = pk_graph_about(&t, g, iri, names[j].p);
		for (i = 0; i < n; i++) {
			fprintf(out, "  %s: ", names[j].name);
			pk_explain_put_value(out, g, &t[i]);
			fputc('\n', out);
		}
	}
	n = pk_graph_about(&t, g, iri, NULL);
	for (i = 0; i < n; i++) {
		for (j = 0; names[j].p && strcmp(names[j].p, t[i].p) != 0; j++)
			;
		if (names[j].p || strcmp(t[i].p, PK_NS_RDF "type") == 0 ||
		    strcmp(t[i].p, PKG("evidence")) == 0 || strcmp(t[i].p, PKG("mentionedIn")) == 0)
			continue;
		fputs("  ", out);
		pk_explain_put_iri(out, t[i].p);
		fputs(": ", out);
		pk_explain_put_value(out, g, &t[i]);
		fputc('\n', out);
	}
}

static void pk_explain_mentioned(FILE *out, pk_graph *g, const char *iri)
{
	const pk_triple *t;
	size_t n = pk_graph_about(&t, g, iri, PKG("mentionedIn")), i;

	fprintf(out, "no evidence; mentioned in %zu document%s:\n", n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		fputs("  ", out);
		pk_explain_put_iri(out, t[i].o);
		fputc('\n', out);
	}
}

/* Every triple pointing at iri: subject, property and the subject's name. */
static void pk_explain_referrers(FILE *out, pk_graph *g, const char *iri)
{
	const pk_triple *t;
	size_t n, i, count = 0;

	pk_graph_sorted(&t, &n, g);
	for (i = 0; i < n; i++)
		count += t[i].o_is_iri && strcmp(t[i].o, iri) == 0;
	fprintf(out, "referenced by (%zu):\n", count);
	for (i = 0; i < n; i++) {
		const char *name;

		if (!t[i].o_is_iri || strcmp(t[i].o, iri) != 0)
			continue;
		fputs("  ", out);
		pk_explain_put_iri(out, t[i].s);
		fputs("  ", out);
		pk_explain_put_iri(out, t[i].p);
		if ((name = pk_explain_name(g, t[i].s)) != NULL)
			fprintf(out, "  (%s)", name);
		fputc('\n', out);
	}
}

static int pk_explain_known(pk_graph *g, const char *iri)
{
	const pk_triple *t;
	size_t n, i;

	if (pk_graph_about(&t, g, iri, NULL))
		return 1;
	pk_graph_sorted(&t, &n, g);
	for (i = 0; i < n; i++)
		if (t[i].o_is_iri && strcmp(t[i].o, iri) == 0)
			return 1;
	return 0;
}

static int pk_explain_graph(FILE *out, pk_graph *g, const char *iri, int color)
{
	const pk_triple *t;
	int rc = 0;

	pk_explain_header(out, g, iri);
	if (pk_graph_about(&t, g, iri, PKG("evidence")))
		rc = pk_explain_evidence(out, g, iri, color);
	else
		pk_explain_mentioned(out, g, iri);
	if (rc == 0)
		pk_explain_referrers(out, g, iri);
	if (rc == 0 && (fflush(out) != 0 || ferror(out)))
		rc = PK_EIO;
	return rc;
}

int pk_explain_write(int *found, const char *iri,
	const pk_explain_options *opts, FILE *out, const pk_diag *diag)
{
	pk_graph *g = NULL;
	char *full = NULL;
	int rc;

	*found = 0;
	if (!opts || (opts->graph != NULL) == (opts->store != NULL))
		return PK_EUSAGE;
	if ((rc = pk_explain_iri(&full, iri, diag)) < 0)
		return rc;
	if ((rc = pk_graph_new(&g)) < 0)
		goto out;
	if (opts->graph)
		rc = pk_parse_file(g, opts->graph, NULL, diag);
	else
		rc = pk_explain_load_store(g, opts->store, full);
	if (rc < 0 || !pk_explain_known(g, full))
		goto out;
	*found = 1;
	rc = pk_explain_graph(out, g, full, opts->color);
out:
	pk_graph_free(g);
	free(full);
	return rc;
}
