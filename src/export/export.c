/*
 * export.c - the export stage: a graph file (Turtle, N-Triples) parsed
 * back into a pk_graph (parse.c), seen as a property graph (pk_pg: nodes
 * with labels and properties, typed relationships; the mapping is stated
 * in export.h), and handed to the writer of the format asked for, from the
 * table below, with its output going atomically to a file, a directory or
 * stdout (outfile.c).
 */
#include "export/export.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rdf/parse.h"
#include "rdf/vocab.h"

/* The formats; adding one is adding its file and its row. */
static const pk_exporter *const pk_exporters[] = {
	&pk_exporter_cypher,
	&pk_exporter_kuzu,
	&pk_exporter_neo4j_csv,
	&pk_exporter_kuzu_csv,
};

const pk_exporter *pk_export_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < PK_ARRAY_LEN(pk_exporters); i++)
		if (strcmp(pk_exporters[i]->name, name) == 0)
			return pk_exporters[i];
	return NULL;
}

long long pk_pg_int(const pk_pg_value *v)
{
	return strtoll(v->lexical, NULL, 10);
}

/* ---- building ---------------------------------------------------------------------- */

typedef struct pk_pg_item {
	size_t node;       /* the subject */
	char *name;        /* property, label or relationship type */
	pk_pg_source src;  /* what name is made from */
	const char *text;  /* literal: lexical form */
	size_t end;        /* relationship: the object */
	size_t doc;        /* the document stating it (index into pk_pg.docs) */
	pk_pg_docs docs;   /* after pk_pg_items_sort: every document stating it */
	pk_pg_type type;   /* literal: the type of its value */
} pk_pg_item;

typedef struct pk_pg_items {
	pk_pg_item *v;
	size_t n, cap;
} pk_pg_items;

static int pk_pg_items_add(pk_pg_items *a, size_t node, const pk_buf *name,
	pk_pg_source src, const char *text, size_t end, size_t doc, pk_pg_type type)
{
	pk_pg_item *it;

	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		pk_pg_item *v = realloc(a->v, cap * sizeof *v);

		if (!v)
			return PK_ENOMEM;
		a->v = v;
		a->cap = cap;
	}
	it = &a->v[a->n];
	if (!(it->name = pk_strdup(name->ptr)))
		return PK_ENOMEM;
	it->node = node;
	it->src = src;
	it->text = text;
	it->end = end;
	it->doc = doc;
	it->type = type;
	a->n++;
	return 0;
}

static void pk_pg_items_free(pk_pg_items *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->v[i].name);
	free(a->v);
}

/* By node, name, then text (literals) or object node (relationships). */
static int pk_pg_item_key_cmp(const pk_pg_item *a, const pk_pg_item *b)
{
	int c;

	if (a->node != b->node)
		return a->node < b->node ? -1 : 1;
	if ((c = strcmp(a->name, b->name)) != 0)
		return c;
	if (a->text && b->text && (c = strcmp(a->text, b->text)) != 0)
		return c;
	return a->end < b->end ? -1 : a->end > b->end;
}

/* The key, then the document. */
static int pk_pg_item_cmp(const void *x, const void *y)
{
	const pk_pg_item *a = x, *b = y;
	int c = pk_pg_item_key_cmp(a, b);

	if (c)
		return c;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

/* Names unique to their sources (export_names.c): two predicates with
 * one local name are two properties, never merged. */
static int pk_pg_items_resolve(pk_pg_items *a, const char *kind, const pk_diag *diag)
{
	pk_pg_naming *v;
	size_t i;
	int rc;

	if (!a->n)
		return 0;
	if (!(v = malloc(a->n * sizeof *v)))
		return PK_ENOMEM;
	for (i = 0; i < a->n; i++) {
		v[i].src = a->v[i].src;
		v[i].name = a->v[i].name;
		v[i].item = i;
	}
	rc = pk_pg_names_resolve(v, a->n, kind, diag);
	for (i = 0; i < a->n; i++)
		a->v[v[i].item].name = v[i].name;
	free(v);
	return rc;
}

/* Sort items and merge repeats (the same literal in two languages under
 * altLabel; one fact in two documents): each item kept lists the
 * documents of its repeats, in *store (allocated here, the caller's). */
static int pk_pg_items_sort(pk_pg_items *a, size_t **store)
{
	size_t i, k = 0, m = 0;
	size_t *docs;

	*store = NULL;
	if (!a->n)
		return 0;
	if (!(docs = malloc(a->n * sizeof *docs)))
		return PK_ENOMEM;
	qsort(a->v, a->n, sizeof *a->v, pk_pg_item_cmp);
	for (i = 0; i < a->n; i++) {
		if (k > 0 && pk_pg_item_key_cmp(&a->v[k - 1], &a->v[i]) == 0) {
			pk_pg_item *kept = &a->v[k - 1];

			if (kept->type != a->v[i].type)
				kept->type = PK_PG_STRING;
			if (docs[m - 1] != a->v[i].doc) {
				docs[m++] = a->v[i].doc;
				kept->docs.n++;
			}
			free(a->v[i].name);
			continue;
		}
		a->v[k] = a->v[i];
		a->v[k].docs.v = &docs[m];
		a->v[k].docs.n = 1;
		docs[m++] = a->v[i].doc;
		k++;
	}
	a->n = k;
	*store = docs;
	return 0;
}

/* The distinct names of items, sorted, copied into *out. */
static int pk_pg_names(char ***out, size_t *n, const pk_pg_items *a)
{
	char **v;
	size_t i, k = 0;

	*out = NULL;
	*n = 0;
	if (!a->n)
		return 0;
	if (!(v = calloc(a->n, sizeof *v)))
		return PK_ENOMEM;
	for (i = 0; i < a->n; i++)
		v[i] = a->v[i].name;
	qsort(v, a->n, sizeof *v, pk_strcmp_ptr);
	for (i = 0; i < a->n; i++)
		if (k == 0 || strcmp(v[k - 1], v[i]) != 0)
			v[k++] = v[i];
	for (i = 0; i < k; i++)
		if (!(v[i] = pk_strdup(v[i]))) {
			while (i > 0)
				free(v[--i]);
			free(v);
			return PK_ENOMEM;
		}
	*out = v;
	*n = k;
	return 0;
}

static void pk_pg_free_names(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The index of name in the sorted array names of n strings; it is there. */
static size_t pk_pg_index(const char *const *names, size_t n, const char *name)
{
	const char *key = name;
	const char *const *hit = bsearch(&key, names, n, sizeof *names, pk_strcmp_ptr);

	assert(hit && "a name, node or document of the graph is missing");
	return (size_t)(hit - names);
}

static int pk_pg_node_cmp(const void *key, const void *node)
{
	return strcmp(*(const char *const *)key, ((const pk_pg_node *)node)->uri);
}

/* The index of the node uri in pg->nodes (sorted by uri); it is there. */
static size_t pk_pg_node_index(const pk_pg *pg, const char *uri)
{
	const pk_pg_node *hit = bsearch(&uri, pg->nodes, pg->nnodes, sizeof *pg->nodes,
		pk_pg_node_cmp);

	assert(hit && "a node of the graph is missing");
	return (size_t)(hit - pg->nodes);
}

/* The distinct strings of v (n of them, sorted in place), into v. */
static size_t pk_pg_unique(const char **v, size_t n)
{
	size_t i, k = 0;

	if (n)
		qsort(v, n, sizeof *v, pk_strcmp_ptr);
	for (i = 0; i < n; i++)
		if (k == 0 || strcmp(v[k - 1], v[i]) != 0)
			v[k++] = v[i];
	return k;
}

/* Every subject, and every object of a property other than rdf:type; and
 * every document. */
static int pk_pg_build_nodes(pk_pg *pg, const pk_quad *q, size_t n,
	const char *const *extra, size_t nextra)
{
	const char **uris;
	size_t i, m = 0;

	if (!(uris = malloc((2 * n + 1) * sizeof *uris)))
		return PK_ENOMEM;
	for (i = 0; i < n; i++) {
		uris[m++] = q[i].t.s;
		if (q[i].t.o_is_iri && strcmp(q[i].t.p, PK_NS_RDF "type") != 0)
			uris[m++] = q[i].t.o;
	}
	m = pk_pg_unique(uris, m);
	if (m && !(pg->nodes = calloc(m, sizeof *pg->nodes))) {
		free(uris);
		return PK_ENOMEM;
	}
	for (i = 0; i < m; i++)
		pg->nodes[i].uri = uris[i];
	pg->nnodes = m;
	free(uris);
	if (!(pg->docs = malloc((n + nextra + 1) * sizeof *pg->docs)))
		return PK_ENOMEM;
	for (i = 0; i < n; i++)
		pg->docs[i] = q[i].g;
	for (i = 0; i < nextra; i++)
		pg->docs[n + i] = extra[i];
	pg->ndocs = pk_pg_unique(pg->docs, n + nextra);
	return 0;
}

/* Literals into the properties of their nodes. */
static int pk_pg_build_props(pk_pg *pg, pk_pg_items *lits)
{
	char **names;
	size_t i, j;

	if (pk_pg_items_sort(lits, &pg->doc_store[0]) < 0 || pk_pg_names(&names, &pg->nprops, lits) < 0)
		return PK_ENOMEM;
	if (pg->nprops && !(pg->props = calloc(pg->nprops, sizeof *pg->props))) {
		pk_pg_free_names(names, pg->nprops);
		pg->nprops = 0;
		return PK_ENOMEM;
	}
	for (i = 0; i < pg->nprops; i++) {
		pg->props[i].name = names[i]; /* now the property's */
		pg->props[i].type = (pk_pg_type)-1; /* its first value's */
		pg->props[i].list = strcmp(names[i], "altLabel") == 0;
	}
	free(names);
	if (lits->n && !(pg->value_store = calloc(lits->n, sizeof *pg->value_store)))
		return PK_ENOMEM;
	for (i = 0; i < lits->n; i++) {
		const pk_pg_item *it = &lits->v[i];
		pk_pg_node *node = &pg->nodes[it->node];
		pk_pg_value *v;

		size_t lo = 0, hi = pg->nprops;

		while (lo < hi) { /* the property, by name */
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(pg->props[mid].name, it->name);

			if (c == 0)
				lo = hi = mid;
			else if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		j = lo;
		if (pg->props[j].type == (pk_pg_type)-1)
			pg->props[j].type = it->type;
		else if (pg->props[j].type != it->type)
			pg->props[j].type = PK_PG_STRING;
		if (i > 0 && lits->v[i - 1].node == it->node && strcmp(lits->v[i - 1].name, it->name) == 0)
			pg->props[j].list = 1;
		if (!node->values)
			node->values = &pg->value_store[i];
		v = &node->values[node->nvalues++];
		v->prop = j;
		v->lexical = it->text;
		v->docs = it->docs;
	}
	return 0;
}

static int pk_pg_build_labels(pk_pg *pg, pk_pg_items *types)
{
	size_t i;

	if (pk_pg_items_sort(types, &pg->doc_store[1]) < 0 ||
	    pk_pg_names(&pg->labels, &pg->nlabels, types) < 0)
		return PK_ENOMEM;
	if (types->n && (!(pg->label_refs = calloc(types->n, sizeof *pg->label_refs)) ||
	    !(pg->label_doc_refs = calloc(types->n, sizeof *pg->label_doc_refs))))
		return PK_ENOMEM;
	for (i = 0; i < types->n; i++) {
		pk_pg_node *node = &pg->nodes[types->v[i].node];

		if (!node->labels) {
			node->labels = &pg->label_refs[i];
			node->label_docs = &pg->label_doc_refs[i];
		}
		node->label_docs[node->nlabels] = types->v[i].docs;
		node->labels[node->nlabels++] = pg->labels[pk_pg_index((const char *const *)pg->labels, pg->nlabels, types->v[i].name)];
	}
	return 0;
}

static int pk_pg_build_rels(pk_pg *pg, pk_pg_items *rels)
{
	size_t i;

	if (pk_pg_items_sort(rels, &pg->doc_store[2]) < 0 || pk_pg_names(&pg->types, &pg->ntypes, rels) < 0)
		return PK_ENOMEM;
	if (rels->n && !(pg->rels = calloc(rels->n, sizeof *pg->rels)))
		return PK_ENOMEM;
	for (i = 0; i < rels->n; i++) {
		pg->rels[i].start = rels->v[i].node;
		pg->rels[i].end = rels->v[i].end;
		pg->rels[i].type = pk_pg_index((const char *const *)pg->types, pg->ntypes, rels->v[i].name);
		pg->rels[i].docs = rels->v[i].docs;
	}
	pg->nrels = rels->n;
	return 0;
}

typedef struct pk_pg_pair {
	size_t node, doc;
} pk_pg_pair;

static int pk_pg_pair_cmp(const void *x, const void *y)
{
	const pk_pg_pair *a = x, *b = y;

	if (a->node != b->node)
		return a->node < b->node ? -1 : 1;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

/* The documents of each node: those of its values, labels and the
 * relationships from and to it. */
static int pk_pg_build_node_docs(pk_pg *pg, const pk_pg_items *rels)
{
	pk_pg_pair *p;
	size_t i, j, n = 0, m = 0, cap = 0;

	for (i = 0; i < pg->nnodes; i++) {
		for (j = 0; j < pg->nodes[i].nvalues; j++)
			cap += pg->nodes[i].values[j].docs.n;
		for (j = 0; j < pg->nodes[i].nlabels; j++)
			cap += pg->nodes[i].label_docs[j].n;
	}
	for (i = 0; i < rels->n; i++)
		cap += 2 * rels->v[i].docs.n;
	if (!cap)
		return 0;
	if (!(p = malloc(cap * sizeof *p)) || !(pg->doc_store[3] = malloc(cap * sizeof *pg->doc_store[3]))) {
		free(p);
		return PK_ENOMEM;
	}
	for (i = 0; i < pg->nnodes; i++) {
		const pk_pg_node *node = &pg->nodes[i];

		for (j = 0; j < node->nvalues; j++)
			for (size_t d = 0; d < node->values[j].docs.n; d++)
				p[n++] = (pk_pg_pair){ i, node->values[j].docs.v[d] };
		for (j = 0; j < node->nlabels; j++)
			for (size_t d = 0; d < node->label_docs[j].n; d++)
				p[n++] = (pk_pg_pair){ i, node->label_docs[j].v[d] };
	}
	for (i = 0; i < rels->n; i++)
		for (j = 0; j < rels->v[i].docs.n; j++) {
			p[n++] = (pk_pg_pair){ rels->v[i].node, rels->v[i].docs.v[j] };
			p[n++] = (pk_pg_pair){ rels->v[i].end, rels->v[i].docs.v[j] };
		}
	if (n > 1)
		qsort(p, n, sizeof *p, pk_pg_pair_cmp);
	for (i = 0; i < n; i++) {
		pk_pg_node *node = &pg->nodes[p[i].node];

		if (i > 0 && pk_pg_pair_cmp(&p[i - 1], &p[i]) == 0)
			continue;
		if (!node->docs.n)
			node->docs.v = &pg->doc_store[3][m];
		pg->doc_store[3][m++] = p[i].doc;
		node->docs.n++;
	}
	free(p);
	return 0;
}

/* A string the graph does not hold, kept by pg. */
static const char *pk_pg_keep(pk_pg *pg, const char *s, size_t n)
{
	char **v = realloc(pg->strings, (pg->nstrings + 1) * sizeof *v);
	char *c;

	if (!v)
		return NULL;
	pg->strings = v;
	if (!(c = malloc(n + 1)))
		return NULL;
	memcpy(c, s, n);
	c[n] = '\0';
	return pg->strings[pg->nstrings++] = c;
}

/* The properties one literal of the subject node s becomes. */
static int pk_pg_build_literal(pk_pg *pg, pk_pg_items *lits, pk_buf *name, size_t s, size_t doc,
	const pk_triple *t)
{
	pk_pg_typed typed[4];
	const char *date = NULL;
	size_t i, n = pk_pg_literal(typed, t->o, t->dt, &date);

	for (i = 0; i < n; i++) {
		const char *text = typed[i].lexical;

		if (!text && !(text = pk_pg_keep(pg, date, 10)))
			return PK_ENOMEM;
		pk_pg_source src = { t->p, pk_pg_prop_lang(t->p, t->lang), typed[i].suffix };

		pk_buf_clear(name);
		if (pk_pg_prop_name(name, t->p, t->lang, typed[i].suffix) < 0 ||
		    pk_pg_items_add(lits, s, name, src, text, 0, doc, typed[i].type) < 0)
			return PK_ENOMEM;
	}
	return 0;
}

int pk_pg_build(pk_pg **out, pk_graph *g, const char *const *extra, size_t nextra,
	const pk_diag *diag)
{
	pk_pg_items lits = { NULL, 0, 0 }, types = { NULL, 0, 0 }, rels = { NULL, 0, 0 };
	pk_buf name = PK_BUF_INIT;
	const pk_quad *q;
	pk_pg *pg;
	size_t n, i;
	int rc = PK_ENOMEM;

	*out = NULL;
	if (!(pg = calloc(1, sizeof *pg)))
		return PK_ENOMEM;
	pk_graph_quads_sorted(&q, &n, g);
	if (pk_pg_build_nodes(pg, q, n, extra, nextra) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		const pk_triple *t = &q[i].t;
		size_t s = pk_pg_node_index(pg, t->s), doc = pk_pg_index(pg->docs, pg->ndocs, q[i].g);
		int is_type = strcmp(t->p, PK_NS_RDF "type") == 0;

		pk_buf_clear(&name);
		if (!t->o_is_iri) {
			if (pk_pg_build_literal(pg, &lits, &name, s, doc, t) < 0)
				goto out;
		} else if (is_type) {
			pk_pg_source src = { t->o, NULL, NULL };

			if (pk_pg_local(&name, t->o) < 0 ||
			    pk_pg_items_add(&types, s, &name, src, NULL, 0, doc, 0) < 0)
				goto out;
		} else {
			pk_pg_source src = { t->p, NULL, NULL };

			if (pk_pg_local(&name, t->p) < 0 ||
			    pk_pg_items_add(&rels, s, &name, src, NULL, pk_pg_node_index(pg, t->o), doc, 0) < 0)
				goto out;
		}
	}
	if (pk_pg_items_resolve(&lits, "property", diag) < 0 ||
	    pk_pg_items_resolve(&types, "label", diag) < 0 ||
	    pk_pg_items_resolve(&rels, "relationship type", diag) < 0)
		goto out;
	if (pk_pg_build_props(pg, &lits) < 0 || pk_pg_build_labels(pg, &types) < 0 ||
	    pk_pg_build_rels(pg, &rels) < 0 || pk_pg_build_node_docs(pg, &rels) < 0)
		goto out;
	rc = 0;
	*out = pg;
	pg = NULL;
out:
	pk_pg_items_free(&lits);
	pk_pg_items_free(&types);
	pk_pg_items_free(&rels);
	pk_buf_free(&name);
	pk_pg_free(pg);
	return rc;
}

void pk_pg_free(pk_pg *pg)
{
	size_t i;

	if (!pg)
		return;
	for (i = 0; i < pg->nprops; i++)
		free(pg->props[i].name);
	free(pg->props);
	pk_pg_free_names(pg->types, pg->ntypes);
	pk_pg_free_names(pg->labels, pg->nlabels);
	free(pg->nodes);
	free(pg->rels);
	free(pg->docs);
	free(pg->label_refs);
	free(pg->label_doc_refs);
	free(pg->value_store);
	for (i = 0; i < PK_ARRAY_LEN(pg->doc_store); i++)
		free(pg->doc_store[i]);
	for (i = 0; i < pg->nstrings; i++)
		free(pg->strings[i]);
	free(pg->strings);
	free(pg);
}

/* ---- the public interface ------------------------------------------------------------ */

const char *pk_export_format(size_t i, const char **summary, int *writes_dir)
{
	if (i >= PK_ARRAY_LEN(pk_exporters))
		return NULL;
	if (summary)
		*summary = pk_exporters[i]->summary;
	if (writes_dir)
		*writes_dir = pk_exporters[i]->files != NULL;
	return pk_exporters[i]->name;
}

static int pk_export_names(pk_buf *b)
{
	size_t i;

	for (i = 0; i < PK_ARRAY_LEN(pk_exporters); i++)
		if (pk_buf_printf(b, "%s%s", i ? ", " : "", pk_exporters[i]->name) < 0)
			return PK_ENOMEM;
	return 0;
}

static int pk_export_write(const pk_exporter *ex, const pk_pg *pg, const char *out_path,
	const pk_diag *diag)
{
	pk_export_sink sink = { NULL, NULL };
	pk_outfile of;
	pk_outdir od;
	int rc, rc2;

	if (ex->files) {
		if ((rc = pk_outdir_open(&od, out_path, ex->files, diag)) < 0)
			return rc;
		sink.dir = &od;
		rc = ex->write(&sink, pg, diag);
		rc2 = pk_outdir_close(&od, rc == 0, diag);
	} else {
		if ((rc = pk_outfile_open(&of, out_path, diag)) < 0)
			return rc;
		sink.stream = of.fh;
		rc = ex->write(&sink, pg, diag);
		rc2 = pk_outfile_close(&of, rc == 0, diag);
	}
	return rc < 0 ? rc : rc2;
}

/* A document IRI holds no space: the facts strings are split at spaces. */
static int pk_export_check_docs(const pk_pg *pg, const pk_diag *diag)
{
	size_t i;

	for (i = 0; i < pg->ndocs; i++)
		if (strpbrk(pg->docs[i], " \t\n\r")) {
			pk_diag_emit(diag, PK_SEV_ERROR, "document <%s>: an IRI with white space cannot be exported",
				pg->docs[i]);
			return PK_EINPUT;
		}
	return 0;
}

int pk_export_file(const char *graph_path, const pk_export_options *opts, const pk_diag *diag)
{
	const pk_exporter *ex = pk_export_find(opts->format);
	pk_parse_opts popts = PK_PARSE_OPTS_INIT;
	pk_buf names = PK_BUF_INIT;
	pk_graph *g = NULL;
	pk_pg *pg = NULL;
	int rc;

	if (!ex) {
		rc = pk_export_names(&names);
		if (rc == 0)
			pk_diag_emit(diag, PK_SEV_ERROR, "unknown export format '%s' (%s)",
				opts->format ? opts->format : "(none)", names.ptr);
		pk_buf_free(&names);
		return rc < 0 ? rc : PK_EUSAGE;
	}
	if (ex->files && (!opts->output || strcmp(opts->output, "-") == 0)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s writes a directory of files: give one (-o DIR)", ex->name);
		return PK_EUSAGE;
	}
	if ((rc = pk_graph_new(&g)) < 0)
		return rc;
	popts.file_document = 1;
	popts.scope_blank = 1;
	if (graph_path && (rc = pk_parse_file_opts(g, graph_path, &popts, diag)) < 0)
		goto out;
	if ((rc = pk_pg_build(&pg, g, opts->forget, opts->nforget, diag)) < 0 ||
	    (rc = pk_export_check_docs(pg, diag)) < 0)
		goto out;
	rc = pk_export_write(ex, pg, opts->output, diag);
out:
	pk_pg_free(pg);
	pk_graph_free(g);
	return rc;
}
