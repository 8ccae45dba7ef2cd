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
};

const pk_exporter *pk_export_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < PK_ARRAY_LEN(pk_exporters); i++)
		if (strcmp(pk_exporters[i]->name, name) == 0)
			return pk_exporters[i];
	return NULL;
}

/* ---- names -------------------------------------------------------------------- */

/* The local name of iri: what follows its last '#', '/' or ':' (or, when
 * that is empty, the segment before), made of [A-Za-z0-9_], appended. */
static int pk_pg_local(pk_buf *out, const char *iri)
{
	const char *end = iri + strlen(iri), *from;
	size_t start = out->len;

	while (end > iri && strchr("#/:", end[-1]))
		end--;
	for (from = end; from > iri && !strchr("#/:", from[-1]); from--)
		;
	while (from < end) {
		unsigned char c = (unsigned char)*from;
		uint32_t cp;
		size_t k = 1;

		if (c >= 0x80 && (k = pk_utf8_decode((const unsigned char *)from, (size_t)(end - from), &cp)) == 0)
			k = 1;
		if (pk_buf_putc(out, (c < 0x80 && (c == '_' || (c >= '0' && c <= '9') ||
		    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) ? (char)c : '_') < 0)
			return PK_ENOMEM;
		from += k;
	}
	if (out->len == start && pk_buf_putc(out, '_') < 0)
		return PK_ENOMEM;
	return 0;
}

/* The property a literal of p in language lang (or NULL) becomes. */
static int pk_pg_prop_name(pk_buf *out, const char *p, const char *lang)
{
	const pk_prefix *pre;
	const char *local, *c;
	size_t start;

	pk_buf_clear(out);
	if (strcmp(p, PK_NS_SKOS "altLabel") == 0)
		return pk_buf_puts(out, "altLabel");
	if (pk_pg_local(out, p) < 0)
		return PK_ENOMEM;
	if (strcmp(out->ptr, "uri") == 0 || strcmp(out->ptr, "labels") == 0) {
		pk_buf_clear(out);
		pre = pk_vocab_shorten(p, &local);
		if (pk_buf_printf(out, "%s_", pre ? pre->prefix : "x") < 0 || pk_pg_local(out, p) < 0)
			return PK_ENOMEM;
	}
	if (!lang || !*lang)
		return 0;
	if (pk_buf_putc(out, '_') < 0)
		return PK_ENOMEM;
	start = out->len;
	for (c = lang; *c; c++) {
		char l = *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : *c;

		if (!((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')))
			l = '_';
		if (pk_buf_putc(out, l) < 0)
			return PK_ENOMEM;
	}
	return out->len > start ? 0 : PK_ENOMEM;
}

/* Is a literal of datatype dt with this lexical form a 64-bit integer? */
static int pk_pg_is_int(const char *lexical, const char *dt)
{
	static const char *const types[] = {
		"integer", "int", "long", "short", "byte", "nonNegativeInteger",
		"positiveInteger", "nonPositiveInteger", "negativeInteger",
		"unsignedInt", "unsignedShort", "unsignedByte",
	};
	const char *c = lexical;
	char *end;
	size_t i, n = strlen(PK_NS_XSD);

	if (!dt || strncmp(dt, PK_NS_XSD, n) != 0)
		return 0;
	for (i = 0; i < PK_ARRAY_LEN(types) && strcmp(dt + n, types[i]) != 0; i++)
		;
	if (i == PK_ARRAY_LEN(types))
		return 0;
	if (*c == '+' || *c == '-')
		c++;
	if (!*c || strspn(c, "0123456789") != strlen(c))
		return 0;
	errno = 0;
	(void)strtoll(lexical, &end, 10);
	return errno == 0 && *end == '\0';
}

long long pk_pg_int(const pk_pg_value *v)
{
	return strtoll(v->lexical, NULL, 10);
}

/* ---- building ---------------------------------------------------------------------- */

typedef struct pk_pg_item {
	size_t node;       /* the subject */
	char *name;        /* property, label or relationship type */
	const char *text;  /* literal: lexical form */
	size_t end;        /* relationship: the object */
	int is_int;
} pk_pg_item;

typedef struct pk_pg_items {
	pk_pg_item *v;
	size_t n, cap;
} pk_pg_items;

static int pk_pg_items_add(pk_pg_items *a, size_t node, const pk_buf *name,
	const char *text, size_t end, int is_int)
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
	it->text = text;
	it->end = end;
	it->is_int = is_int;
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
static int pk_pg_item_cmp(const void *x, const void *y)
{
	const pk_pg_item *a = x, *b = y;
	int c;

	if (a->node != b->node)
		return a->node < b->node ? -1 : 1;
	if ((c = strcmp(a->name, b->name)) != 0)
		return c;
	if (a->text && b->text && (c = strcmp(a->text, b->text)) != 0)
		return c;
	return a->end < b->end ? -1 : a->end > b->end;
}

/* Sort items and drop repeats (the same literal in two languages under
 * altLabel; two predicates with one local name). */
static void pk_pg_items_sort(pk_pg_items *a)
{
	size_t i, k = 0;

	if (!a->n)
		return;
	qsort(a->v, a->n, sizeof *a->v, pk_pg_item_cmp);
	for (i = 0; i < a->n; i++) {
		if (k > 0 && pk_pg_item_cmp(&a->v[k - 1], &a->v[i]) == 0) {
			a->v[k - 1].is_int &= a->v[i].is_int;
			free(a->v[i].name);
			continue;
		}
		a->v[k++] = a->v[i];
	}
	a->n = k;
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

static size_t pk_pg_index(char *const *names, size_t n, const char *name)
{
	const char *key = name;
	char *const *hit = bsearch(&key, names, n, sizeof *names, pk_strcmp_ptr);

	assert(hit);
	return (size_t)(hit - names);
}

static size_t pk_pg_node_index(const pk_pg *pg, const char *uri)
{
	size_t lo = 0, hi = pg->nnodes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(pg->nodes[mid].uri, uri);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	assert(!"a node of the graph is missing");
	return 0;
}

/* Every subject, and every object of a property other than rdf:type. */
static int pk_pg_build_nodes(pk_pg *pg, const pk_triple *t, size_t n)
{
	const char **uris;
	size_t i, k = 0, m = 0;

	if (!(uris = malloc((2 * n + 1) * sizeof *uris)))
		return PK_ENOMEM;
	for (i = 0; i < n; i++) {
		uris[m++] = t[i].s;
		if (t[i].o_is_iri && strcmp(t[i].p, PK_NS_RDF "type") != 0)
			uris[m++] = t[i].o;
	}
	qsort(uris, m, sizeof *uris, pk_strcmp_ptr);
	if (m && !(pg->nodes = calloc(m, sizeof *pg->nodes))) {
		free(uris);
		return PK_ENOMEM;
	}
	for (i = 0; i < m; i++)
		if (k == 0 || strcmp(pg->nodes[k - 1].uri, uris[i]) != 0)
			pg->nodes[k++].uri = uris[i];
	pg->nnodes = k;
	free(uris);
	return 0;
}

/* Literals into the properties of their nodes. */
static int pk_pg_build_props(pk_pg *pg, pk_pg_items *lits)
{
	char **names;
	size_t i, j;

	pk_pg_items_sort(lits);
	if (pk_pg_names(&names, &pg->nprops, lits) < 0)
		return PK_ENOMEM;
	if (pg->nprops && !(pg->props = calloc(pg->nprops, sizeof *pg->props))) {
		pk_pg_free_names(names, pg->nprops);
		pg->nprops = 0;
		return PK_ENOMEM;
	}
	for (i = 0; i < pg->nprops; i++) {
		pg->props[i].name = names[i]; /* now the property's */
		pg->props[i].type = PK_PG_INT;
		pg->props[i].list = strcmp(names[i], "altLabel") == 0;
	}
	free(names);
	if (lits->n && !(pg->value_store = calloc(lits->n, sizeof *pg->value_store)))
		return PK_ENOMEM;
	for (i = 0; i < lits->n; i++) {
		const pk_pg_item *it = &lits->v[i];
		pk_pg_node *node = &pg->nodes[it->node];
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
		if (!it->is_int)
			pg->props[j].type = PK_PG_STRING;
		if (i > 0 && lits->v[i - 1].node == it->node && strcmp(lits->v[i - 1].name, it->name) == 0)
			pg->props[j].list = 1;
		if (!node->values)
			node->values = &pg->value_store[i];
		node->values[node->nvalues].prop = j;
		node->values[node->nvalues].lexical = it->text;
		node->nvalues++;
	}
	return 0;
}

static int pk_pg_build_labels(pk_pg *pg, pk_pg_items *types)
{
	size_t i;

	pk_pg_items_sort(types);
	if (pk_pg_names(&pg->labels, &pg->nlabels, types) < 0)
		return PK_ENOMEM;
	if (types->n && !(pg->label_refs = calloc(types->n, sizeof *pg->label_refs)))
		return PK_ENOMEM;
	for (i = 0; i < types->n; i++) {
		pk_pg_node *node = &pg->nodes[types->v[i].node];

		if (!node->labels)
			node->labels = &pg->label_refs[i];
		node->labels[node->nlabels++] = pg->labels[pk_pg_index(pg->labels, pg->nlabels, types->v[i].name)];
	}
	return 0;
}

static int pk_pg_build_rels(pk_pg *pg, pk_pg_items *rels)
{
	size_t i;

	pk_pg_items_sort(rels);
	if (pk_pg_names(&pg->types, &pg->ntypes, rels) < 0)
		return PK_ENOMEM;
	if (rels->n && !(pg->rels = calloc(rels->n, sizeof *pg->rels)))
		return PK_ENOMEM;
	for (i = 0; i < rels->n; i++) {
		pg->rels[i].start = rels->v[i].node;
		pg->rels[i].end = rels->v[i].end;
		pg->rels[i].type = pk_pg_index(pg->types, pg->ntypes, rels->v[i].name);
	}
	pg->nrels = rels->n;
	return 0;
}

int pk_pg_build(pk_pg **out, pk_graph *g)
{
	pk_pg_items lits = { NULL, 0, 0 }, types = { NULL, 0, 0 }, rels = { NULL, 0, 0 };
	pk_buf name = PK_BUF_INIT;
	const pk_triple *t;
	pk_pg *pg;
	size_t n, i;
	int rc = PK_ENOMEM;

	*out = NULL;
	if (!(pg = calloc(1, sizeof *pg)))
		return PK_ENOMEM;
	pk_graph_sorted(&t, &n, g);
	if (pk_pg_build_nodes(pg, t, n) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		size_t s = pk_pg_node_index(pg, t[i].s);
		int is_type = strcmp(t[i].p, PK_NS_RDF "type") == 0;

		pk_buf_clear(&name);
		if (!t[i].o_is_iri) {
			if (pk_pg_prop_name(&name, t[i].p, t[i].lang) < 0 ||
			    pk_pg_items_add(&lits, s, &name, t[i].o, 0, pk_pg_is_int(t[i].o, t[i].dt)) < 0)
				goto out;
		} else if (is_type) {
			if (pk_pg_local(&name, t[i].o) < 0 || pk_pg_items_add(&types, s, &name, NULL, 0, 0) < 0)
				goto out;
		} else {
			if (pk_pg_local(&name, t[i].p) < 0 ||
			    pk_pg_items_add(&rels, s, &name, NULL, pk_pg_node_index(pg, t[i].o), 0) < 0)
				goto out;
		}
	}
	if (pk_pg_build_props(pg, &lits) < 0 || pk_pg_build_labels(pg, &types) < 0 ||
	    pk_pg_build_rels(pg, &rels) < 0)
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
	free(pg->label_refs);
	free(pg->value_store);
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

int pk_export_file(const char *graph_path, const char *format, const char *out_path,
	const pk_diag *diag)
{
	const pk_exporter *ex = pk_export_find(format);
	pk_buf names = PK_BUF_INIT;
	pk_graph *g = NULL;
	pk_pg *pg = NULL;
	int rc;

	if (!ex) {
		rc = pk_export_names(&names);
		if (rc == 0)
			pk_diag_emit(diag, PK_SEV_ERROR, "unknown export format '%s' (%s)",
				format ? format : "(none)", names.ptr);
		pk_buf_free(&names);
		return rc < 0 ? rc : PK_EUSAGE;
	}
	if (ex->files && (!out_path || strcmp(out_path, "-") == 0)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s writes a directory of files: give one (-o DIR)", ex->name);
		return PK_EUSAGE;
	}
	if ((rc = pk_graph_new(&g)) < 0)
		return rc;
	if ((rc = pk_parse_file(g, graph_path, NULL, diag)) < 0 || (rc = pk_pg_build(&pg, g)) < 0)
		goto out;
	rc = pk_export_write(ex, pg, out_path, diag);
out:
	pk_pg_free(pg);
	pk_graph_free(g);
	return rc;
}
