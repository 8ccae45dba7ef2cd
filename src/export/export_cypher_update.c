/*
 * export_cypher_update.c - steps 1 and 4 of the Cypher script (the
 * protocol is in export_cypher.c): the documents of the export taken out
 * of what the database holds, and the properties and labels of every node
 * they touched computed again from the facts of the documents left.
 *
 * The dialects differ here: Kùzu has list_filter / list_transform with
 * lambdas, regexp_replace and 1-based list indexes; Neo4j has list
 * comprehensions, CALL subqueries and 0-based indexes.  A fact is
 * "NAME DOC VALUE"; its value is what follows the second space.
 *
 * Kùzu 0.11 (npm kuzu 0.11.3) computes a SET of list_filter wrongly, on
 * some rows, when the lambda calls split_part (the same expression under
 * RETURN is right): its facts are filtered with regexp_matches, which
 * interop.kuzu_update finds right.
 */
#include "export/export_cypher.h"

#include <string.h>

/* The list of every document of the export, written once per use. */
static int pk_cypher_all_docs(pk_buf *b, const pk_pg *pg, pk_cypher_dialect dialect)
{
	size_t i;

	if (pk_buf_putc(b, '[') < 0)
		return PK_ENOMEM;
	for (i = 0; i < pg->ndocs; i++)
		if ((i && pk_buf_puts(b, ", ") < 0) || pk_cypher_quote(b, pg->docs[i], dialect) < 0)
			return PK_ENOMEM;
	return pk_buf_putc(b, ']');
}

/* A regular expression (RE2) matching a fact of one of the export's
 * documents, "^[^ ]* (D1|D2) ", quoted. */
static int pk_cypher_docs_regex(pk_buf *b, const pk_pg *pg, pk_cypher_dialect dialect)
{
	pk_buf re = PK_BUF_INIT;
	const char *c;
	size_t i;
	int rc = PK_ENOMEM;

	if (pk_buf_puts(&re, "^[^ ]* (") < 0)
		goto out;
	for (i = 0; i < pg->ndocs; i++) {
		if (i && pk_buf_putc(&re, '|') < 0)
			goto out;
		for (c = pg->docs[i]; *c; c++)
			if ((strchr("\\.+*?()|[]{}^$", *c) && pk_buf_putc(&re, '\\') < 0) || pk_buf_putc(&re, *c) < 0)
				goto out;
	}
	if (pk_buf_puts(&re, ") ") < 0)
		goto out;
	rc = pk_cypher_quote(b, re.ptr, dialect);
out:
	pk_buf_free(&re);
	return rc;
}

/* fmt with each '%' replaced by the list of the export's documents, each
 * '~' by the regular expression of their facts. */
static int pk_cypher_with_docs(pk_buf *b, const char *fmt, const pk_pg *pg, pk_cypher_dialect dialect)
{
	const char *c;

	for (c = fmt; *c; c++)
		if ((*c == '%' ? pk_cypher_all_docs(b, pg, dialect)
		    : *c == '~' ? pk_cypher_docs_regex(b, pg, dialect) : pk_buf_putc(b, *c)) < 0)
			return PK_ENOMEM;
	return 0;
}

int pk_cypher_forget(pk_buf *b, const pk_pg *pg, pk_cypher_dialect dialect)
{
	static const char *const kuzu[] = {
		"MATCH (n:Resource) WHERE size(list_filter(n.docs, x -> list_contains(%, x))) > 0 "
		"SET n.docs = list_filter(n.docs, x -> NOT list_contains(%, x)), "
		"n.facts = list_filter(n.facts, x -> NOT regexp_matches(x, ~)), n.stale = true;\n",
		"MATCH ()-[r]->() WHERE size(list_filter(r.docs, x -> list_contains(%, x))) > 0 "
		"SET r.docs = list_filter(r.docs, x -> NOT list_contains(%, x));\n",
		"MATCH ()-[r]->() WHERE size(r.docs) = 0 DELETE r;\n",
	};
	static const char *const neo4j[] = {
		"MATCH (n:Resource) WHERE any(x IN n.docs WHERE x IN %) "
		"SET n.docs = [x IN n.docs WHERE NOT x IN %], "
		"n.facts = [x IN n.facts WHERE NOT split(x, ' ')[1] IN %], n.stale = true;\n",
		"MATCH ()-[r]->() WHERE any(x IN r.docs WHERE x IN %) "
		"SET r.docs = [x IN r.docs WHERE NOT x IN %];\n",
		"MATCH ()-[r]->() WHERE size(r.docs) = 0 DELETE r;\n",
	};
	const char *const *s = dialect == PK_CYPHER_KUZU ? kuzu : neo4j;
	size_t i;

	if (!pg->ndocs)
		return 0;
	for (i = 0; i < PK_ARRAY_LEN(kuzu); i++)
		if (pk_cypher_with_docs(b, s[i], pg, dialect) < 0)
			return PK_ENOMEM;
	return 0;
}

/* The distinct values of the facts named name, sorted, as the variable
 * v<k>: a WITH item in Kùzu, a CALL subquery in Neo4j. */
static int pk_cypher_values(pk_buf *b, const char *name, size_t k, pk_cypher_dialect dialect)
{
	pk_buf prefix = PK_BUF_INIT;
	int rc = PK_ENOMEM;

	if (pk_buf_printf(&prefix, "%s ", name) < 0)
		goto out;
	if (dialect == PK_CYPHER_KUZU) {
		if (pk_buf_puts(b, ", list_sort(list_distinct(list_transform(list_filter(n.facts, x -> starts_with(x, ") < 0 ||
		    pk_cypher_quote(b, prefix.ptr, dialect) < 0 ||
		    pk_buf_printf(b, ")), x -> regexp_replace(x, '^[^ ]* [^ ]* ', '')))) AS v%zu", k) < 0)
			goto out;
	} else {
		if (pk_buf_puts(b, " CALL { WITH n UNWIND [x IN n.facts WHERE x STARTS WITH ") < 0 ||
		    pk_cypher_quote(b, prefix.ptr, dialect) < 0 ||
		    pk_buf_printf(b, " | substring(x, size(split(x, ' ')[0]) + size(split(x, ' ')[1]) + 2)] AS v "
			"WITH DISTINCT v ORDER BY v RETURN collect(v) AS v%zu }", k) < 0)
			goto out;
	}
	rc = 0;
out:
	pk_buf_free(&prefix);
	return rc;
}

/* The function that makes a value of type t from its fact's text, or
 * NULL for a string. */
static const char *pk_cypher_convert(pk_pg_type t, pk_cypher_dialect dialect)
{
	int kuzu = dialect == PK_CYPHER_KUZU;

	switch (t) {
	case PK_PG_INT: return kuzu ? "to_int64" : "toInteger";
	case PK_PG_DATE: return "date";
	case PK_PG_DATETIME: return kuzu ? "timestamp" : "datetime";
	case PK_PG_DURATION: return kuzu ? "interval" : "duration";
	case PK_PG_STRING: break;
	}
	return NULL;
}

/* n.`name` = the values v<k> as the property is declared. */
static int pk_cypher_assign(pk_buf *b, const pk_pg_prop *p, size_t k, pk_cypher_dialect dialect)
{
	const char *fn = pk_cypher_convert(p->type, dialect);
	int kuzu = dialect == PK_CYPHER_KUZU;

	if (pk_buf_puts(b, ", n.") < 0 || pk_cypher_name(b, p->name) < 0 ||
	    pk_buf_printf(b, " = CASE WHEN size(v%zu) = 0 THEN NULL ELSE ", k) < 0)
		return PK_ENOMEM;
	if (p->list && fn)
		return pk_buf_printf(b, kuzu ? "list_transform(v%zu, x -> %s(x)) END"
			: "[x IN v%zu | %s(x)] END", k, fn) < 0 ? PK_ENOMEM : 0;
	if (p->list)
		return pk_buf_printf(b, "v%zu END", k) < 0 ? PK_ENOMEM : 0;
	if (fn)
		return pk_buf_printf(b, kuzu ? "%s(v%zu[1]) END" : "%s(v%zu[0]) END", fn, k) < 0
			? PK_ENOMEM : 0;
	return pk_buf_printf(b, kuzu ? "v%zu[1] END" : "v%zu[0] END", k) < 0 ? PK_ENOMEM : 0;
}

/* Neo4j: each label of the export set when a fact states it, else removed. */
static int pk_cypher_neo4j_labels(pk_buf *b, const pk_pg *pg)
{
	size_t i;

	for (i = 0; i < pg->nlabels; i++) {
		pk_buf q = PK_BUF_INIT;
		int rc = 0;

		if (pk_cypher_quote(&q, pg->labels[i], PK_CYPHER_NEO4J) < 0 ||
		    pk_buf_printf(b, " FOREACH (_ IN CASE WHEN %s IN v0 THEN [1] ELSE [] END | SET n:", q.ptr) < 0 ||
		    pk_cypher_name(b, pg->labels[i]) < 0 ||
		    pk_buf_printf(b, ") FOREACH (_ IN CASE WHEN %s IN v0 THEN [] ELSE [1] END | REMOVE n:", q.ptr) < 0 ||
		    pk_cypher_name(b, pg->labels[i]) < 0 || pk_buf_putc(b, ')') < 0)
			rc = PK_ENOMEM;
		pk_buf_free(&q);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Kùzu: the properties cleared, then each computed by its own statement
 * from the facts unwound, without lambdas: list_transform / list_filter
 * over the facts of a few thousand stale nodes crash Kùzu 0.11 (free():
 * invalid size), one statement for all properties or one for each. */
static int pk_cypher_recompute_kuzu(pk_buf *b, const pk_pg *pg)
{
	pk_buf prefix = PK_BUF_INIT;
	size_t i;
	int rc = PK_ENOMEM;

	if (pk_buf_puts(b, "MATCH (n:Resource) WHERE n.stale SET n.labels = NULL") < 0)
		goto out;
	for (i = 0; i < pg->nprops; i++)
		if (pk_buf_puts(b, ", n.") < 0 || pk_cypher_name(b, pg->props[i].name) < 0 || pk_buf_puts(b, " = NULL") < 0)
			goto out;
	if (pk_buf_puts(b, ";\n") < 0)
		goto out;
	for (i = 0; i <= pg->nprops; i++) {
		pk_buf_clear(&prefix);
		if (pk_buf_printf(&prefix, "%s ", i ? pg->props[i - 1].name : ":") < 0 ||
		    pk_buf_puts(b, "MATCH (n:Resource) WHERE n.stale UNWIND n.facts AS x WITH n, x WHERE starts_with(x, ") < 0 ||
		    pk_cypher_quote(b, prefix.ptr, PK_CYPHER_KUZU) < 0 ||
		    pk_buf_printf(b, ") WITH n, list_sort(collect(DISTINCT regexp_replace(x, '^[^ ]* [^ ]* ', ''))) AS v%zu "
			"SET n.stale = true", i) < 0)
			goto out;
		if ((i ? pk_cypher_assign(b, &pg->props[i - 1], i, PK_CYPHER_KUZU)
		    : pk_buf_puts(b, ", n.labels = v0")) < 0 || pk_buf_puts(b, ";\n") < 0)
			goto out;
	}
	rc = pk_buf_puts(b, "MATCH (n:Resource) WHERE n.stale SET n.stale = false;\n") < 0 ? PK_ENOMEM : 0;
out:
	pk_buf_free(&prefix);
	return rc;
}

int pk_cypher_recompute(pk_buf *b, const pk_pg *pg, pk_cypher_dialect dialect)
{
	size_t i;

	if (pk_buf_puts(b, "MATCH (n:Resource) WHERE n.stale AND size(n.docs) = 0 DETACH DELETE n;\n") < 0)
		return PK_ENOMEM;
	if (dialect == PK_CYPHER_KUZU)
		return pk_cypher_recompute_kuzu(b, pg);
	if (pk_buf_puts(b, "MATCH (n:Resource) WHERE n.stale") < 0 || pk_cypher_values(b, ":", 0, dialect) < 0)
		return PK_ENOMEM;
	for (i = 0; i < pg->nprops; i++)
		if (pk_cypher_values(b, pg->props[i].name, i + 1, dialect) < 0)
			return PK_ENOMEM;
	if (pk_buf_puts(b, " SET n.stale = false") < 0)
		return PK_ENOMEM;
	for (i = 0; i < pg->nprops; i++)
		if (pk_cypher_assign(b, &pg->props[i], i + 1, dialect) < 0)
			return PK_ENOMEM;
	if (pk_cypher_neo4j_labels(b, pg) < 0)
		return PK_ENOMEM;
	return pk_buf_puts(b, ";\n") < 0 ? PK_ENOMEM : 0;
}
