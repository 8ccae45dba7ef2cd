/*
 * export_kuzu_csv.c - the property graph (export.h) as a new Kùzu
 * database's bulk load, in a directory:
 *
 *   schema.cypher      the node and rel tables, as the kuzu script's
 *   nodes.csv          uri,labels,docs,facts,PROPERTY... one row per node
 *   relationships.csv  start,end,type,docs
 *   load.cypher        COPY Resource FROM (LOAD WITH HEADERS ... FROM
 *                      'nodes.csv' ...), then a COPY per rel table
 *
 * Run schema.cypher, then load.cypher, from inside the directory (the
 * file names are relative), on a new database: COPY refuses a table that
 * holds rows.  The database then holds what the kuzu script would have
 * made, docs and facts included, so later kuzu scripts keep it in step.
 *
 * Every field is quoted, a quote doubled (Kùzu's defaults); a missing
 * value is an empty unquoted field (NULL).  Lists are joined with U+001F,
 * which no value may hold (an error names it); the COPY statements split
 * them and make each column's type from its text (date(), timestamp(),
 * interval()), reading every column as STRING, never as Kùzu guesses it.
 */
#include "export/export_cypher.h"

#include <string.h>

static const char *const pk_kuzu_csv_files[] = {
	"schema.cypher", "nodes.csv", "relationships.csv", "load.cypher", NULL
};

#define PK_KUZU_SEP "\x1f"

/* Append s to a list cell, refusing the separator. */
static int pk_kuzu_csv_item(pk_buf *cell, const char *s, const char *uri, const pk_diag *diag)
{
	if (strchr(s, '\x1f')) {
		pk_diag_emit(diag, PK_SEV_ERROR, "<%s>: a value holds U+001F, the list separator of kuzu-csv", uri);
		return PK_EINPUT;
	}
	if ((cell->len && pk_buf_puts(cell, PK_KUZU_SEP) < 0) || pk_buf_puts(cell, s) < 0)
		return PK_ENOMEM;
	return 0;
}

/* ,"cell" or , (empty: NULL) */
static int pk_kuzu_csv_field(pk_buf *b, const pk_buf *cell, int first)
{
	const char *c;

	if (!first && pk_buf_putc(b, ',') < 0)
		return PK_ENOMEM;
	if (!cell->len)
		return 0;
	if (pk_buf_putc(b, '"') < 0)
		return PK_ENOMEM;
	for (c = cell->ptr; *c; c++)
		if ((*c == '"' && pk_buf_putc(b, '"') < 0) || pk_buf_putc(b, *c) < 0)
			return PK_ENOMEM;
	return pk_buf_putc(b, '"');
}

static int pk_kuzu_csv_docs(pk_buf *cell, const pk_pg *pg, const pk_pg_docs *d, const char *uri,
	const pk_diag *diag)
{
	size_t i;
	int rc;

	pk_buf_clear(cell);
	for (i = 0; i < d->n; i++)
		if ((rc = pk_kuzu_csv_item(cell, pg->docs[d->v[i]], uri, diag)) < 0)
			return rc;
	return 0;
}

/* A value's text as Kùzu reads it: durations in its words. */
static int pk_kuzu_csv_text(pk_buf *t, const pk_pg *pg, const pk_pg_value *v)
{
	pk_buf_clear(t);
	if (pg->props[v->prop].type == PK_PG_DURATION)
		return pk_pg_duration_kuzu(t, v->lexical);
	if (pg->props[v->prop].type == PK_PG_INT)
		return pk_buf_printf(t, "%lld", pk_pg_int(v)) < 0 ? PK_ENOMEM : 0;
	return pk_buf_puts(t, v->lexical);
}

static int pk_kuzu_csv_node(pk_buf *b, const pk_pg *pg, const pk_pg_node *node, const pk_diag *diag)
{
	pk_buf cell = PK_BUF_INIT, t = PK_BUF_INIT, f = PK_BUF_INIT;
	size_t i, d, v = 0;
	int rc = PK_ENOMEM;

	if (pk_buf_puts(&cell, node->uri) < 0 || pk_kuzu_csv_field(b, &cell, 1) < 0)
		goto out;
	pk_buf_clear(&cell);
	for (i = 0; i < node->nlabels; i++)
		if ((rc = pk_kuzu_csv_item(&cell, node->labels[i], node->uri, diag)) < 0)
			goto out;
	if ((rc = pk_kuzu_csv_field(b, &cell, 0)) < 0 ||
	    (rc = pk_kuzu_csv_docs(&cell, pg, &node->docs, node->uri, diag)) < 0 ||
	    (rc = pk_kuzu_csv_field(b, &cell, 0)) < 0)
		goto out;
	pk_buf_clear(&cell);
	for (i = 0; i < node->nlabels; i++) /* facts, as the script writes them */
		for (d = 0; d < node->label_docs[i].n; d++) {
			pk_buf_clear(&f);
			if (pk_buf_printf(&f, ": %s %s", pg->docs[node->label_docs[i].v[d]], node->labels[i]) < 0 ||
			    (rc = pk_kuzu_csv_item(&cell, f.ptr, node->uri, diag)) < 0)
				goto out;
		}
	for (i = 0; i < node->nvalues; i++) {
		if ((rc = pk_kuzu_csv_text(&t, pg, &node->values[i])) < 0)
			goto out;
		for (d = 0; d < node->values[i].docs.n; d++) {
			pk_buf_clear(&f);
			if (pk_buf_printf(&f, "%s %s %s", pg->props[node->values[i].prop].name,
			    pg->docs[node->values[i].docs.v[d]], t.ptr) < 0 ||
			    (rc = pk_kuzu_csv_item(&cell, f.ptr, node->uri, diag)) < 0)
				goto out;
		}
	}
	if ((rc = pk_kuzu_csv_field(b, &cell, 0)) < 0)
		goto out;
	for (i = 0; i < pg->nprops; i++) {
		pk_buf_clear(&cell);
		for (; v < node->nvalues && node->values[v].prop == i; v++)
			if ((rc = pk_kuzu_csv_text(&t, pg, &node->values[v])) < 0 ||
			    (rc = pk_kuzu_csv_item(&cell, t.ptr, node->uri, diag)) < 0)
				goto out;
		if ((rc = pk_kuzu_csv_field(b, &cell, 0)) < 0)
			goto out;
	}
	rc = pk_buf_putc(b, '\n') < 0 ? PK_ENOMEM : 0;
out:
	pk_buf_free(&cell);
	pk_buf_free(&t);
	pk_buf_free(&f);
	return rc;
}

/* The column of property p made from its text c: a list split, each
 * value (or the one) converted. */
static int pk_kuzu_csv_column(pk_buf *b, const pk_pg_prop *p, const char *c)
{
	static const char *const fn[] = {
		[PK_PG_STRING] = "", [PK_PG_INT] = "to_int64", [PK_PG_DATE] = "date",
		[PK_PG_DATETIME] = "timestamp", [PK_PG_DURATION] = "interval",
	};

	if (p->list && p->type == PK_PG_STRING)
		return pk_buf_printf(b, ", string_split(%s, '" PK_KUZU_SEP "')", c) < 0 ? PK_ENOMEM : 0;
	if (p->list)
		return pk_buf_printf(b, ", list_transform(string_split(%s, '" PK_KUZU_SEP "'), x -> %s(x))",
			c, fn[p->type]) < 0 ? PK_ENOMEM : 0;
	if (p->type == PK_PG_STRING)
		return pk_buf_printf(b, ", %s", c) < 0 ? PK_ENOMEM : 0;
	return pk_buf_printf(b, ", %s(%s)", fn[p->type], c) < 0 ? PK_ENOMEM : 0;
}

static int pk_kuzu_csv_load(pk_buf *b, const pk_pg *pg)
{
	size_t i;

	if (pk_buf_puts(b, "COPY Resource FROM (LOAD WITH HEADERS (uri STRING, labels STRING, docs STRING, "
	    "facts STRING") < 0)
		return PK_ENOMEM;
	for (i = 0; i < pg->nprops; i++)
		if (pk_buf_printf(b, ", c%zu STRING", i) < 0)
			return PK_ENOMEM;
	if (pk_buf_puts(b, ") FROM 'nodes.csv' (header=true, parallel=false) RETURN uri, "
	    "string_split(labels, '" PK_KUZU_SEP "'), string_split(docs, '" PK_KUZU_SEP "'), "
	    "string_split(facts, '" PK_KUZU_SEP "'), false") < 0)
		return PK_ENOMEM;
	for (i = 0; i < pg->nprops; i++) {
		char c[32];

		snprintf(c, sizeof c, "c%zu", i);
		if (pk_kuzu_csv_column(b, &pg->props[i], c) < 0)
			return PK_ENOMEM;
	}
	if (pk_buf_puts(b, ");\n") < 0)
		return PK_ENOMEM;
	for (i = 0; i < pg->ntypes; i++) {
		pk_buf q = PK_BUF_INIT;
		int rc = pk_cypher_quote(&q, pg->types[i], PK_CYPHER_KUZU);

		if (rc == 0 && (pk_buf_puts(b, "COPY ") < 0 || pk_cypher_name(b, pg->types[i]) < 0 ||
		    pk_buf_printf(b, " FROM (LOAD WITH HEADERS (start STRING, end_ STRING, type STRING, docs STRING) "
			"FROM 'relationships.csv' (header=true, parallel=false) WHERE type = %s "
			"RETURN start, end_, string_split(docs, '" PK_KUZU_SEP "'));\n", q.ptr) < 0))
			rc = PK_ENOMEM;
		pk_buf_free(&q);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Write b to the file name of the directory. */
static int pk_kuzu_csv_file(pk_export_sink *sink, const char *name, const pk_buf *b, const pk_diag *diag)
{
	pk_outfile of;
	int rc;

	if ((rc = pk_outdir_file(&of, sink->dir, name, diag)) < 0)
		return rc;
	if (b->len) /* a failed write is reported when the file is closed */
		(void)fwrite(b->ptr, 1, b->len, of.fh);
	return pk_outfile_close(&of, 1, diag);
}

static int pk_kuzu_csv_write(pk_export_sink *sink, const pk_pg *pg, const pk_diag *diag)
{
	pk_buf b = PK_BUF_INIT, cell = PK_BUF_INIT;
	pk_outfile of;
	size_t i;
	int rc = PK_ENOMEM, rc2;

	if (pk_cypher_kuzu_schema(&b, pg) < 0 || (rc = pk_kuzu_csv_file(sink, "schema.cypher", &b, diag)) < 0)
		goto out;
	pk_buf_clear(&b);
	if ((rc = pk_outdir_file(&of, sink->dir, "nodes.csv", diag)) < 0)
		goto out;
	rc = pk_buf_puts(&b, "uri,labels,docs,facts") < 0 ? PK_ENOMEM : 0;
	for (i = 0; rc == 0 && i < pg->nprops; i++)
		rc = pk_buf_printf(&b, ",%s", pg->props[i].name) < 0 ? PK_ENOMEM : 0;
	if (rc == 0)
		rc = pk_buf_putc(&b, '\n') < 0 ? PK_ENOMEM : 0;
	for (i = 0; rc == 0 && i < pg->nnodes; i++) {
		if ((rc = pk_kuzu_csv_node(&b, pg, &pg->nodes[i], diag)) == 0 && b.len > (1 << 20)) {
			(void)fwrite(b.ptr, 1, b.len, of.fh); /* checked by pk_outfile_close */
			pk_buf_clear(&b);
		}
	}
	if (rc == 0 && b.len)
		(void)fwrite(b.ptr, 1, b.len, of.fh);
	rc2 = pk_outfile_close(&of, rc == 0, diag);
	if (rc < 0 || (rc = rc2) < 0)
		goto out;
	pk_buf_clear(&b);
	rc = pk_buf_puts(&b, "start,end_,type,docs\n") < 0 ? PK_ENOMEM : 0;
	for (i = 0; rc == 0 && i < pg->nrels; i++) {
		const pk_pg_rel *r = &pg->rels[i];
		const char *ends[] = { pg->nodes[r->start].uri, pg->nodes[r->end].uri, pg->types[r->type] };
		size_t k;

		for (k = 0; rc == 0 && k < PK_ARRAY_LEN(ends); k++) {
			pk_buf_clear(&cell);
			rc = pk_buf_puts(&cell, ends[k]) < 0 ? PK_ENOMEM : pk_kuzu_csv_field(&b, &cell, k == 0);
		}
		if (rc < 0 ||
		    (rc = pk_kuzu_csv_docs(&cell, pg, &r->docs, pg->nodes[r->start].uri, diag)) < 0 ||
		    (rc = pk_kuzu_csv_field(&b, &cell, 0)) < 0)
			break;
		rc = pk_buf_putc(&b, '\n') < 0 ? PK_ENOMEM : 0;
	}
	if (rc < 0 || (rc = pk_kuzu_csv_file(sink, "relationships.csv", &b, diag)) < 0)
		goto out;
	pk_buf_clear(&b);
	if ((rc = pk_kuzu_csv_load(&b, pg)) < 0)
		goto out;
	rc = pk_kuzu_csv_file(sink, "load.cypher", &b, diag);
out:
	pk_buf_free(&b);
	pk_buf_free(&cell);
	return rc;
}

const pk_exporter pk_exporter_kuzu_csv = {
	"kuzu-csv", "a new Kuzu database's bulk load: schema, CSV files, COPY FROM (-o DIR)",
	pk_kuzu_csv_files, pk_kuzu_csv_write,
};
