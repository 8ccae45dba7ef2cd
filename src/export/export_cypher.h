/*
 * export_cypher.h - what the two files of the Cypher writers share:
 * export_cypher.c writes the script (the protocol is stated there),
 * export_cypher_update.c the statements that take documents out and
 * compute the properties of the nodes they touched.
 *
 * Every function appends to b; PK_ENOMEM is the only failure.
 */
#ifndef PK_EXPORT_CYPHER_H
#define PK_EXPORT_CYPHER_H

#include "export/export.h"

/* The IRIs of docs as a list literal: ['d1', 'd2']. */
int pk_cypher_docs(pk_buf *b, const pk_pg *pg, const pk_pg_docs *docs, pk_cypher_dialect dialect);
/* Kùzu's schema: the node table Resource(uri, labels, docs, facts,
 * stale), a column per property in pg's order, a rel table per type. */
int pk_cypher_kuzu_schema(pk_buf *b, const pk_pg *pg);
/* Step 1: every document of pg taken out of docs and facts lists; the
 * relationships no document states any more deleted. */
int pk_cypher_forget(pk_buf *b, const pk_pg *pg, pk_cypher_dialect dialect);
/* Step 4: stale nodes no document states deleted, the others' properties
 * and labels computed from their facts. */
int pk_cypher_recompute(pk_buf *b, const pk_pg *pg, pk_cypher_dialect dialect);

#endif
