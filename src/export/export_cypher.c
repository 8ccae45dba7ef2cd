/*
 * export_cypher.c - the property graph (export.h) as a script of Cypher
 * statements, one a line, that replaces in a database the documents it
 * was read from: run on an empty database it loads them; run again, or
 * after a changed version of an article was exported, it leaves exactly
 * what loading every current document afresh would.
 *
 *   cypher  Neo4j 5 (cypher-shell -f FILE): the n10s uniqueness constraint
 *           on Resource.uri; each type a label (SET n:`MOU`).
 *   kuzu    Kùzu, which is strongly typed and has one label per node: the
 *           schema first (CREATE NODE TABLE IF NOT EXISTS Resource(uri
 *           STRING, labels STRING[] ...), ALTER TABLE ... ADD IF NOT EXISTS
 *           per property, CREATE REL TABLE IF NOT EXISTS per relationship
 *           type FROM Resource TO Resource), the types as the list
 *           property labels.
 *
 * What the database keeps, so that a document can be taken out again:
 *   - every relationship has docs, the IRIs of the documents stating it;
 *   - every node has docs, the documents stating anything of it (a value,
 *     a type, a relationship from or to it), and facts, one string per
 *     value or type and document: "NAME DOC VALUE" (NAME the property, or
 *     ":" for a type; DOC an IRI, which holds no space).  Its properties and
 *     labels are computed from facts, never set on their own.
 *
 * The script, in four steps (export_cypher_update.c writes 1 and 4):
 *   1. forget: every document of the export (and each --forget) is taken
 *      out of every docs and facts list; a node that lost one is marked
 *      stale; relationships no document states any more are deleted;
 *   2. nodes: each node is MERGEd on uri, its documents and facts appended,
 *      and marked stale, in UNWIND batches of rows;
 *   3. relationships: each is MERGEd between its two nodes, each found by
 *      its uri, its documents appended, in UNWIND batches per type;
 *   4. stale nodes no document states any more are deleted; the others get
 *      their properties and labels from their facts: a property's values
 *      distinct and sorted as the export sorts them, a list or the one
 *      value as the property is declared, NULL when none is left.
 * Step 4 computes the properties and labels this export declares; one
 * that only an earlier export declared and a replaced document alone
 * stated keeps its old value (facts are right; the property is computed
 * again by the next export that declares it).
 *
 * The statements of steps 2 and 3 are the same text in both dialects as
 * long as no string holds a control character (Kùzu reads "\n" as "n", so
 * its dialect writes such characters as they are); steps 1 and 4 differ
 * (list functions and lambdas in Kùzu, comprehensions in Neo4j).
 */
#include "export/export_cypher.h"

#include <string.h>

int pk_cypher_quote(pk_buf *out, const char *s, pk_cypher_dialect dialect)
{
	static const char named[] = { '\b', 'b', '\t', 't', '\n', 'n', '\f', 'f', '\r', 'r' };
	const unsigned char *c;
	size_t i;

	if (pk_buf_putc(out, '\'') < 0)
		return PK_ENOMEM;
	for (c = (const unsigned char *)s; *c; c++) {
		int rc;

		if (*c == '\\' || *c == '\'') {
			rc = pk_buf_printf(out, "\\%c", *c);
		} else if (dialect == PK_CYPHER_NEO4J && (*c < 0x20 || *c == 0x7f)) {
			for (i = 0; i < sizeof named && named[i] != (char)*c; i += 2)
				;
			rc = i < sizeof named ? pk_buf_printf(out, "\\%c", named[i + 1])
				: pk_buf_printf(out, "\\u%04X", (unsigned)*c);
		} else {
			rc = pk_buf_putc(out, (char)*c);
		}
		if (rc < 0)
			return PK_ENOMEM;
	}
	return pk_buf_putc(out, '\'');
}

int pk_cypher_name(pk_buf *out, const char *name)
{
	const char *c;

	if (pk_buf_putc(out, '`') < 0)
		return PK_ENOMEM;
	for (c = name; *c; c++)
		if ((*c == '`' && pk_buf_putc(out, '`') < 0) || pk_buf_putc(out, *c) < 0)
			return PK_ENOMEM;
	return pk_buf_putc(out, '`');
}

int pk_cypher_docs(pk_buf *b, const pk_pg *pg, const pk_pg_docs *docs, pk_cypher_dialect dialect)
{
	size_t i;

	if (pk_buf_putc(b, '[') < 0)
		return PK_ENOMEM;
	for (i = 0; i < docs->n; i++)
		if ((i && pk_buf_puts(b, ", ") < 0) || pk_cypher_quote(b, pg->docs[docs->v[i]], dialect) < 0)
			return PK_ENOMEM;
	return pk_buf_putc(b, ']');
}

/* One fact string, "NAME DOC VALUE", quoted. */
static int pk_cypher_fact(pk_buf *b, pk_buf *tmp, const char *name, const char *doc,
	const char *value, pk_cypher_dialect dialect)
{
	pk_buf_clear(tmp);
	if (pk_buf_printf(tmp, "%s %s %s", name, doc, value) < 0)
		return PK_ENOMEM;
	return pk_cypher_quote(b, tmp->ptr, dialect);
}

/* Write b and empty it.  A failed write is found and reported, with the
 * file's name and the reason, when the output is closed (outfile.c). */
static int pk_cypher_flush(FILE *out, pk_buf *b)
{
	if (b->len)
		(void)fwrite(b->ptr, 1, b->len, out);
	pk_buf_clear(b);
	return 0;
}

/* The facts of a node as a list literal (possibly []); *n their number. */
static int pk_cypher_facts(pk_buf *b, size_t *n, pk_buf *tmp, pk_buf *tmp2, const pk_pg *pg,
	const pk_pg_node *node, pk_cypher_dialect dialect)
{
	size_t i, d, k = 0;

	if (pk_buf_putc(b, '[') < 0)
		return PK_ENOMEM;
	for (i = 0; i < node->nlabels; i++)
		for (d = 0; d < node->label_docs[i].n; d++)
			if ((k++ && pk_buf_puts(b, ", ") < 0) ||
			    pk_cypher_fact(b, tmp, ":", pg->docs[node->label_docs[i].v[d]], node->labels[i], dialect) < 0)
				return PK_ENOMEM;
	for (i = 0; i < node->nvalues; i++) {
		const pk_pg_value *v = &node->values[i];
		const char *text = v->lexical;

		/* Kùzu reads no ISO 8601 duration: its own words ("5 years") */
		pk_buf_clear(tmp2);
		if (dialect == PK_CYPHER_KUZU && pg->props[v->prop].type == PK_PG_DURATION) {
			if (pk_pg_duration_kuzu(tmp2, v->lexical) < 0)
				return PK_ENOMEM;
			text = tmp2->ptr;
		}
		for (d = 0; d < v->docs.n; d++)
			if ((k++ && pk_buf_puts(b, ", ") < 0) ||
			    pk_cypher_fact(b, tmp, pg->props[v->prop].name, pg->docs[v->docs.v[d]], text, dialect) < 0)
				return PK_ENOMEM;
	}
	*n = k;
	return pk_buf_putc(b, ']');
}

/* Rows per UNWIND statement: large enough that a statement's fixed cost
 * (parsing, planning, a transaction) is spread thin, small enough to
 * keep one statement's text and transaction modest. */
#define PK_CYPHER_BATCH 1000

/* Step 2, the nodes with facts (with_facts) or without, a batch at a time:
 *   UNWIND [{uri: 'u', docs: [...], facts: [...]}, ...] AS row
 *   MERGE (n:Resource {uri: row.uri}) SET n.docs = coalesce(n.docs, []) +
 *   row.docs, n.facts = coalesce(n.facts, []) + row.facts, n.stale = true;
 * (Kùzu types an empty list literal as INT64[], so a node without facts
 * goes in a statement without them.) */
static int pk_cypher_nodes(FILE *out, const pk_pg *pg, int with_facts, pk_cypher_dialect dialect)
{
	pk_buf b = PK_BUF_INIT, row = PK_BUF_INIT, tmp = PK_BUF_INIT, tmp2 = PK_BUF_INIT;
	size_t i, n, rows = 0;
	int rc = PK_ENOMEM;

	for (i = 0; i <= pg->nnodes; i++) {
		if (i == pg->nnodes || rows == PK_CYPHER_BATCH) {
			if (rows && (pk_buf_puts(&b, with_facts
			    ? "] AS row MERGE (n:Resource {uri: row.uri}) SET n.docs = coalesce(n.docs, []) + row.docs, "
			      "n.facts = coalesce(n.facts, []) + row.facts, n.stale = true;\n"
			    : "] AS row MERGE (n:Resource {uri: row.uri}) SET n.docs = coalesce(n.docs, []) + row.docs, "
			      "n.stale = true;\n") < 0 || (rc = pk_cypher_flush(out, &b)) < 0))
				goto out;
			rows = 0;
		}
		if (i == pg->nnodes)
			break;
		pk_buf_clear(&row);
		if (pk_buf_puts(&row, ", facts: ") < 0 ||
		    pk_cypher_facts(&row, &n, &tmp, &tmp2, pg, &pg->nodes[i], dialect) < 0)
			goto out;
		if ((n > 0) != with_facts)
			continue;
		if (pk_buf_puts(&b, rows++ ? ", {uri: " : "UNWIND [{uri: ") < 0 ||
		    pk_cypher_quote(&b, pg->nodes[i].uri, dialect) < 0 || pk_buf_puts(&b, ", docs: ") < 0 ||
		    pk_cypher_docs(&b, pg, &pg->nodes[i].docs, dialect) < 0 ||
		    (with_facts && pk_buf_puts(&b, row.ptr) < 0) || pk_buf_putc(&b, '}') < 0)
			goto out;
	}
	rc = 0;
out:
	pk_buf_free(&b);
	pk_buf_free(&row);
	pk_buf_free(&tmp);
	pk_buf_free(&tmp2);
	return rc;
}

/* Step 3, the relationships of one type t, a batch at a time:
 *   UNWIND [{a: 'u', b: 'v', docs: [...]}, ...] AS row
 *   MATCH (a:Resource {uri: row.a}) MATCH (b:Resource {uri: row.b})
 *   MERGE (a)-[r:`t`]->(b) SET r.docs = coalesce(r.docs, []) + row.docs;
 * each end found by its key, no product of two patterns. */
static int pk_cypher_rels(FILE *out, const pk_pg *pg, size_t t, pk_cypher_dialect dialect)
{
	pk_buf b = PK_BUF_INIT;
	size_t i, rows = 0;
	int rc = PK_ENOMEM;

	for (i = 0; i <= pg->nrels; i++) {
		const pk_pg_rel *r = &pg->rels[i < pg->nrels ? i : 0];

		if (i == pg->nrels || rows == PK_CYPHER_BATCH) {
			if (rows && (pk_buf_puts(&b, "] AS row MATCH (a:Resource {uri: row.a}) "
			    "MATCH (b:Resource {uri: row.b}) MERGE (a)-[r:") < 0 ||
			    pk_cypher_name(&b, pg->types[t]) < 0 ||
			    pk_buf_puts(&b, "]->(b) SET r.docs = coalesce(r.docs, []) + row.docs;\n") < 0 ||
			    (rc = pk_cypher_flush(out, &b)) < 0))
				goto out;
			rows = 0;
		}
		if (i == pg->nrels)
			break;
		if (r->type != t)
			continue;
		if (pk_buf_puts(&b, rows++ ? ", {a: " : "UNWIND [{a: ") < 0 ||
		    pk_cypher_quote(&b, pg->nodes[r->start].uri, dialect) < 0 || pk_buf_puts(&b, ", b: ") < 0 ||
		    pk_cypher_quote(&b, pg->nodes[r->end].uri, dialect) < 0 || pk_buf_puts(&b, ", docs: ") < 0 ||
		    pk_cypher_docs(&b, pg, &r->docs, dialect) < 0 || pk_buf_putc(&b, '}') < 0)
			goto out;
	}
	rc = 0;
out:
	pk_buf_free(&b);
	return rc;
}

int pk_cypher_kuzu_schema(pk_buf *b, const pk_pg *pg)
{
	static const char *const own[] = { "docs STRING[]", "facts STRING[]", "stale BOOLEAN" };
	static const char *const types[] = { /* by pk_pg_type */
		[PK_PG_STRING] = "STRING", [PK_PG_INT] = "INT64", [PK_PG_DATE] = "DATE",
		[PK_PG_DATETIME] = "TIMESTAMP", [PK_PG_DURATION] = "INTERVAL",
	};
	size_t i;

	if (pk_buf_puts(b, "CREATE NODE TABLE IF NOT EXISTS Resource(uri STRING, labels STRING[], "
	    "docs STRING[], facts STRING[], stale BOOLEAN, PRIMARY KEY (uri));\n") < 0)
		return PK_ENOMEM;
	for (i = 0; i < PK_ARRAY_LEN(own); i++) /* a database an older export made */
		if (pk_buf_printf(b, "ALTER TABLE Resource ADD IF NOT EXISTS %s;\n", own[i]) < 0)
			return PK_ENOMEM;
	for (i = 0; i < pg->nprops; i++)
		if (pk_buf_puts(b, "ALTER TABLE Resource ADD IF NOT EXISTS ") < 0 ||
		    pk_cypher_name(b, pg->props[i].name) < 0 ||
		    pk_buf_printf(b, " %s%s;\n", types[pg->props[i].type], pg->props[i].list ? "[]" : "") < 0)
			return PK_ENOMEM;
	for (i = 0; i < pg->ntypes; i++)
		if (pk_buf_puts(b, "CREATE REL TABLE IF NOT EXISTS ") < 0 ||
		    pk_cypher_name(b, pg->types[i]) < 0 ||
		    pk_buf_puts(b, "(FROM Resource TO Resource, docs STRING[]);\n") < 0)
			return PK_ENOMEM;
	return 0;
}

static int pk_cypher_write(FILE *out, const pk_pg *pg, pk_cypher_dialect dialect)
{
	pk_buf b = PK_BUF_INIT;
	size_t i;
	int rc = PK_ENOMEM;

	if (pk_buf_printf(&b,
	    "// policykg export --format %s: %zu documents, %zu nodes, %zu relationships, for %s.\n"
	    "// It replaces its documents: what they stated before is taken out, what they\n"
	    "// state now merged on uri, each property computed from the facts of the\n"
	    "// documents still stating it. It can run again with the same result.\n",
	    dialect == PK_CYPHER_KUZU ? "kuzu" : "cypher", pg->ndocs, pg->nnodes, pg->nrels,
	    dialect == PK_CYPHER_KUZU ? "Kuzu" : "Neo4j 5") < 0)
		goto out;
	if (dialect == PK_CYPHER_KUZU ? pk_cypher_kuzu_schema(&b, pg) < 0
	    : pk_buf_puts(&b, "CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) "
		"REQUIRE r.uri IS UNIQUE;\n") < 0)
		goto out;
	if ((rc = pk_cypher_forget(&b, pg, dialect)) < 0 || (rc = pk_cypher_flush(out, &b)) < 0)
		goto out;
	if ((rc = pk_cypher_nodes(out, pg, 1, dialect)) < 0 || (rc = pk_cypher_nodes(out, pg, 0, dialect)) < 0)
		goto out;
	for (i = 0; i < pg->ntypes; i++)
		if ((rc = pk_cypher_rels(out, pg, i, dialect)) < 0)
			goto out;
	if ((rc = pk_cypher_recompute(&b, pg, dialect)) < 0)
		goto out;
	rc = pk_cypher_flush(out, &b);
out:
	pk_buf_free(&b);
	return rc;
}

static int pk_cypher_write_neo4j(pk_export_sink *sink, const pk_pg *pg, const pk_diag *diag)
{
	(void)diag;
	return pk_cypher_write(sink->stream, pg, PK_CYPHER_NEO4J);
}

static int pk_cypher_write_kuzu(pk_export_sink *sink, const pk_pg *pg, const pk_diag *diag)
{
	(void)diag;
	return pk_cypher_write(sink->stream, pg, PK_CYPHER_KUZU);
}

const pk_exporter pk_exporter_cypher = {
	"cypher", "Cypher for Neo4j 5 (cypher-shell -f) replacing its documents", NULL,
	pk_cypher_write_neo4j,
};

const pk_exporter pk_exporter_kuzu = {
	"kuzu", "the same for Kuzu, after its schema (node and rel tables)", NULL,
	pk_cypher_write_kuzu,
};
