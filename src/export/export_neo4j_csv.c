/*
 * export_neo4j_csv.c - the property graph (export.h) as the CSV files
 * `neo4j-admin database import full` reads, in a directory:
 *
 *   nodes.csv          uri:ID,:LABEL,label_en,label_ko,...,start:long,...
 *                      one row per node, labels "Resource;MOU;Agreement",
 *                      a column per property (lists as TYPE[]; dates as
 *                      :date, date-times :datetime, durations :duration,
 *                      in their ISO 8601 form);
 *   relationships.csv  :START_ID,:END_ID,:TYPE
 *
 * Every text field is quoted, a quote doubled (RFC 4180, neo4j-admin's
 * default); a missing property is an empty unquoted field.  Lists and
 * labels are joined with ';', neo4j-admin's default array delimiter, which
 * a list value must therefore not hold (an error names it).  A string with
 * a line break needs --multiline-fields=true.
 */
#include "export/export.h"

#include <string.h>

static const char *const pk_neo4j_csv_files[] = { "nodes.csv", "relationships.csv", NULL };

static int pk_neo4j_csv_field(pk_buf *b, const char *s)
{
	const char *c;

	if (pk_buf_putc(b, '"') < 0)
		return PK_ENOMEM;
	for (c = s; *c; c++)
		if ((*c == '"' && pk_buf_putc(b, '"') < 0) || pk_buf_putc(b, *c) < 0)
			return PK_ENOMEM;
	return pk_buf_putc(b, '"');
}

/* A list element or label holding the array delimiter cannot be written. */
static int pk_neo4j_csv_check(const char *value, const char *uri, const char *what,
	const pk_diag *diag)
{
	if (!strchr(value, ';'))
		return 0;
	pk_diag_emit(diag, PK_SEV_ERROR,
		"<%s> %s: '%s' holds ';', neo4j-admin's array delimiter; it cannot be imported as a list",
		uri, what, value);
	return PK_EINPUT;
}

static int pk_neo4j_csv_header(pk_buf *b, const pk_pg *pg)
{
	size_t i;

	if (pk_buf_puts(b, "uri:ID,:LABEL") < 0)
		return PK_ENOMEM;
	static const char *const types[] = { /* by pk_pg_type, as neo4j-admin names them */
		[PK_PG_STRING] = "string", [PK_PG_INT] = "long", [PK_PG_DATE] = "date",
		[PK_PG_DATETIME] = "datetime", [PK_PG_DURATION] = "duration",
	};

	for (i = 0; i < pg->nprops; i++) {
		const pk_pg_prop *p = &pg->props[i];

		if (pk_buf_printf(b, ",%s", p->name) < 0 ||
		    ((p->type != PK_PG_STRING || p->list) &&
		     pk_buf_printf(b, ":%s%s", types[p->type], p->list ? "[]" : "") < 0))
			return PK_ENOMEM;
	}
	return pk_buf_puts(b, "\r\n");
}

static int pk_neo4j_csv_node(pk_buf *b, const pk_pg *pg, const pk_pg_node *node,
	const pk_diag *diag)
{
	pk_buf cell = PK_BUF_INIT;
	size_t i, v = 0;
	int rc = PK_ENOMEM;

	if (pk_neo4j_csv_field(b, node->uri) < 0 || pk_buf_puts(&cell, "Resource") < 0)
		goto out;
	for (i = 0; i < node->nlabels; i++)
		if (pk_buf_printf(&cell, ";%s", node->labels[i]) < 0)
			goto out;
	if (pk_buf_putc(b, ',') < 0 || pk_neo4j_csv_field(b, cell.ptr) < 0)
		goto out;
	for (i = 0; i < pg->nprops; i++) {
		size_t first = v;

		pk_buf_clear(&cell);
		for (; v < node->nvalues && node->values[v].prop == i; v++) {
			if (pg->props[i].list &&
			    (rc = pk_neo4j_csv_check(node->values[v].lexical, node->uri, pg->props[i].name, diag)) < 0)
				goto out;
			rc = PK_ENOMEM;
			if ((v > first && pk_buf_putc(&cell, ';') < 0) ||
			    (pg->props[i].type == PK_PG_INT
				? pk_buf_printf(&cell, "%lld", pk_pg_int(&node->values[v]))
				: pk_buf_puts(&cell, node->values[v].lexical)) < 0)
				goto out;
		}
		if (pk_buf_putc(b, ',') < 0)
			goto out;
		if (v == first)
			continue; /* no such property: an empty, unquoted field */
		if ((pg->props[i].type == PK_PG_INT ? pk_buf_puts(b, cell.ptr)
			: pk_neo4j_csv_field(b, cell.ptr)) < 0)
			goto out;
	}
	rc = pk_buf_puts(b, "\r\n") < 0 ? PK_ENOMEM : 0;
out:
	pk_buf_free(&cell);
	return rc;
}

static int pk_neo4j_csv_nodes(FILE *out, const pk_pg *pg, const pk_diag *diag)
{
	pk_buf b = PK_BUF_INIT;
	size_t i;
	int rc = pk_neo4j_csv_header(&b, pg);

	if (rc == 0)
		fputs(b.ptr, out);
	for (i = 0; i < pg->nnodes && rc == 0; i++) {
		pk_buf_clear(&b);
		if ((rc = pk_neo4j_csv_node(&b, pg, &pg->nodes[i], diag)) == 0)
			fputs(b.ptr, out);
	}
	pk_buf_free(&b);
	return rc;
}

static int pk_neo4j_csv_rels(FILE *out, const pk_pg *pg)
{
	pk_buf b = PK_BUF_INIT;
	size_t i;
	int rc = 0;

	fputs(":START_ID,:END_ID,:TYPE\r\n", out);
	for (i = 0; i < pg->nrels && rc == 0; i++) {
		const pk_pg_rel *r = &pg->rels[i];

		pk_buf_clear(&b);
		if (pk_neo4j_csv_field(&b, pg->nodes[r->start].uri) < 0 || pk_buf_putc(&b, ',') < 0 ||
		    pk_neo4j_csv_field(&b, pg->nodes[r->end].uri) < 0 || pk_buf_putc(&b, ',') < 0 ||
		    pk_neo4j_csv_field(&b, pg->types[r->type]) < 0 || pk_buf_puts(&b, "\r\n") < 0)
			rc = PK_ENOMEM;
		else
			fputs(b.ptr, out);
	}
	pk_buf_free(&b);
	return rc;
}

static int pk_neo4j_csv_write(pk_export_sink *sink, const pk_pg *pg, const pk_diag *diag)
{
	pk_outfile of;
	int rc, rc2;

	if ((rc = pk_outdir_file(&of, sink->dir, "nodes.csv", diag)) < 0)
		return rc;
	rc = pk_neo4j_csv_nodes(of.fh, pg, diag);
	rc2 = pk_outfile_close(&of, rc == 0, diag);
	if (rc < 0 || rc2 < 0)
		return rc < 0 ? rc : rc2;
	if ((rc = pk_outdir_file(&of, sink->dir, "relationships.csv", diag)) < 0)
		return rc;
	rc = pk_neo4j_csv_rels(of.fh, pg);
	rc2 = pk_outfile_close(&of, rc == 0, diag);
	return rc < 0 ? rc : rc2;
}

const pk_exporter pk_exporter_neo4j_csv = {
	"neo4j-csv", "nodes.csv and relationships.csv for neo4j-admin database import (-o DIR)",
	pk_neo4j_csv_files, pk_neo4j_csv_write,
};
