/*
 * export_cypher.c - the property graph (export.h) as a script of Cypher
 * statements, one a line, that can be run again and again with the same
 * result: every node is MERGEd on its uri and its properties SET, every
 * relationship MERGEd between two matched nodes.
 *
 *   cypher  Neo4j 5 (cypher-shell -f FILE): the n10s uniqueness constraint
 *           on Resource.uri, then each node with the label Resource and
 *           one label per type (SET n:`MOU`:`Agreement`).
 *   kuzu    Kùzu, which is strongly typed and has one label per node: the
 *           schema first (CREATE NODE TABLE IF NOT EXISTS Resource(uri
 *           STRING, labels STRING[] ...), ALTER TABLE ... ADD IF NOT EXISTS
 *           per property, CREATE REL TABLE IF NOT EXISTS per relationship
 *           type FROM Resource TO Resource), the types as the list
 *           property labels.
 *
 * The MERGE and relationship statements are the same text in both
 * dialects as long as no string holds a control character (Kùzu reads
 * "\n" as "n", so its dialect writes such characters as they are): only
 * the constraint / schema and the statements setting labels differ.
 */
#include "export/export.h"

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

/* One value of a property: an integer as it is, a string quoted. */
static int pk_cypher_value(pk_buf *b, const pk_pg *pg, const pk_pg_value *v,
	pk_cypher_dialect dialect)
{
	if (pg->props[v->prop].type == PK_PG_INT)
		return pk_buf_printf(b, "%lld", pk_pg_int(v));
	return pk_cypher_quote(b, v->lexical, dialect);
}

/* (n:Resource {uri: '...'}) */
static int pk_cypher_node_pattern(pk_buf *b, const char *var, const char *uri,
	pk_cypher_dialect dialect)
{
	if (pk_buf_printf(b, "(%s:Resource {uri: ", var) < 0 || pk_cypher_quote(b, uri, dialect) < 0)
		return PK_ENOMEM;
	return pk_buf_puts(b, "})");
}

/* MERGE (n:Resource {uri: '...'}) SET n.`p` = v, n.`list` = [v, w]; */
static int pk_cypher_node(pk_buf *b, const pk_pg *pg, const pk_pg_node *node,
	pk_cypher_dialect dialect)
{
	size_t i, j;

	if (pk_buf_puts(b, "MERGE ") < 0 || pk_cypher_node_pattern(b, "n", node->uri, dialect) < 0)
		return PK_ENOMEM;
	for (i = 0; i < node->nvalues; i = j) {
		const pk_pg_prop *prop = &pg->props[node->values[i].prop];

		if (pk_buf_puts(b, i ? ", n." : " SET n.") < 0 || pk_cypher_name(b, prop->name) < 0 ||
		    pk_buf_puts(b, prop->list ? " = [" : " = ") < 0)
			return PK_ENOMEM;
		for (j = i; j < node->nvalues && node->values[j].prop == node->values[i].prop; j++)
			if ((j > i && pk_buf_puts(b, ", ") < 0) ||
			    pk_cypher_value(b, pg, &node->values[j], dialect) < 0)
				return PK_ENOMEM;
		if (prop->list && pk_buf_putc(b, ']') < 0)
			return PK_ENOMEM;
	}
	return pk_buf_putc(b, ';');
}

/* Neo4j: MATCH (n ...) SET n:`A`:`B`;  Kùzu: MATCH (n ...) SET n.labels = ['A', 'B']; */
static int pk_cypher_labels(pk_buf *b, const pk_pg_node *node, pk_cypher_dialect dialect)
{
	size_t i;

	if (pk_buf_puts(b, "MATCH ") < 0 || pk_cypher_node_pattern(b, "n", node->uri, dialect) < 0 ||
	    pk_buf_puts(b, dialect == PK_CYPHER_KUZU ? " SET n.labels = [" : " SET n") < 0)
		return PK_ENOMEM;
	for (i = 0; i < node->nlabels; i++) {
		int rc;

		if (dialect == PK_CYPHER_KUZU)
			rc = (i && pk_buf_puts(b, ", ") < 0) ? PK_ENOMEM : pk_cypher_quote(b, node->labels[i], dialect);
		else
			rc = pk_buf_putc(b, ':') < 0 ? PK_ENOMEM : pk_cypher_name(b, node->labels[i]);
		if (rc < 0)
			return rc;
	}
	return pk_buf_puts(b, dialect == PK_CYPHER_KUZU ? "];" : ";");
}

/* MATCH (a ...), (b ...) MERGE (a)-[:`type`]->(b); */
static int pk_cypher_rel(pk_buf *b, const pk_pg *pg, const pk_pg_rel *r, pk_cypher_dialect dialect)
{
	if (pk_buf_puts(b, "MATCH ") < 0 ||
	    pk_cypher_node_pattern(b, "a", pg->nodes[r->start].uri, dialect) < 0 ||
	    pk_buf_puts(b, ", ") < 0 ||
	    pk_cypher_node_pattern(b, "b", pg->nodes[r->end].uri, dialect) < 0 ||
	    pk_buf_puts(b, " MERGE (a)-[:") < 0 || pk_cypher_name(b, pg->types[r->type]) < 0)
		return PK_ENOMEM;
	return pk_buf_puts(b, "]->(b);");
}

/* Kùzu's schema: the node table, its columns, a rel table per type. */
static int pk_cypher_kuzu_schema(FILE *out, const pk_pg *pg)
{
	pk_buf b = PK_BUF_INIT;
	size_t i;
	int rc = 0;

	fputs("CREATE NODE TABLE IF NOT EXISTS Resource(uri STRING, labels STRING[], PRIMARY KEY (uri));\n", out);
	for (i = 0; i < pg->nprops && rc == 0; i++) {
		pk_buf_clear(&b);
		if (pk_buf_puts(&b, "ALTER TABLE Resource ADD IF NOT EXISTS ") < 0 ||
		    pk_cypher_name(&b, pg->props[i].name) < 0 ||
		    pk_buf_printf(&b, " %s%s;\n", pg->props[i].type == PK_PG_INT ? "INT64" : "STRING",
			pg->props[i].list ? "[]" : "") < 0)
			rc = PK_ENOMEM;
		else
			fputs(b.ptr, out);
	}
	for (i = 0; i < pg->ntypes && rc == 0; i++) {
		pk_buf_clear(&b);
		if (pk_buf_puts(&b, "CREATE REL TABLE IF NOT EXISTS ") < 0 ||
		    pk_cypher_name(&b, pg->types[i]) < 0 ||
		    pk_buf_puts(&b, "(FROM Resource TO Resource);\n") < 0)
			rc = PK_ENOMEM;
		else
			fputs(b.ptr, out);
	}
	pk_buf_free(&b);
	return rc;
}

static int pk_cypher_write(FILE *out, const pk_pg *pg, pk_cypher_dialect dialect)
{
	pk_buf b = PK_BUF_INIT;
	size_t i;
	int rc = 0;

	if (dialect == PK_CYPHER_KUZU) {
		fprintf(out,
			"// policykg export --format kuzu: %zu nodes, %zu relationships, for Kuzu.\n"
			"// One node table Resource (uri, the types as the list labels, a column per\n"
			"// property) and a rel table per relationship type, then the data, merged on\n"
			"// uri: every statement can run again with the same result.\n",
			pg->nnodes, pg->nrels);
		rc = pk_cypher_kuzu_schema(out, pg);
	} else {
		fprintf(out,
			"// policykg export --format cypher: %zu nodes, %zu relationships, for Neo4j 5.\n"
			"// Nodes are merged on Resource.uri (the n10s constraint), relationships\n"
			"// merged: `cypher-shell -f FILE` can run it again with the same result.\n"
			"CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) REQUIRE r.uri IS UNIQUE;\n",
			pg->nnodes, pg->nrels);
	}
	for (i = 0; i < pg->nnodes && rc == 0; i++) {
		pk_buf_clear(&b);
		rc = pk_cypher_node(&b, pg, &pg->nodes[i], dialect);
		if (rc == 0 && pg->nodes[i].nlabels)
			rc = pk_buf_putc(&b, '\n') < 0 ? PK_ENOMEM : pk_cypher_labels(&b, &pg->nodes[i], dialect);
		if (rc == 0)
			fprintf(out, "%s\n", b.ptr);
	}
	for (i = 0; i < pg->nrels && rc == 0; i++) {
		pk_buf_clear(&b);
		if ((rc = pk_cypher_rel(&b, pg, &pg->rels[i], dialect)) == 0)
			fprintf(out, "%s\n", b.ptr);
	}
	pk_buf_free(&b);
	return rc;
}

static int pk_cypher_write_neo4j(pk_export_sink *sink, const pk_pg *pg, const pk_diag *diag)
{
	return pk_cypher_write(sink->stream, pg, PK_CYPHER_NEO4J);
}

static int pk_cypher_write_kuzu(pk_export_sink *sink, const pk_pg *pg, const pk_diag *diag)
{
	return pk_cypher_write(sink->stream, pg, PK_CYPHER_KUZU);
}

const pk_exporter pk_exporter_cypher = {
	"cypher", "Cypher MERGE statements for Neo4j 5 (cypher-shell -f)", NULL,
	pk_cypher_write_neo4j,
};

const pk_exporter pk_exporter_kuzu = {
	"kuzu", "the same for Kuzu, after its schema (node and rel tables)", NULL,
	pk_cypher_write_kuzu,
};
