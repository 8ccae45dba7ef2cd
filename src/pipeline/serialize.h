/*
 * serialize.h - the serialization stage: a pk_graph written in one of the
 * syntaxes of a table (turtle by rdf/turtle.h, rdfxml, dot through Raptor,
 * with the contract's prefixes; ntriples, nquads as UTF-8 lines of
 * rdf/nquads.h), to stdout or atomically to a file; whole (sorted,
 * pk_serialize_write) or a statement at a time (pk_serializer).
 */
#ifndef PK_SERIALIZE_H
#define PK_SERIALIZE_H

#include "rdf/triples.h"
#include "base/util.h"

/* Nonzero if name is a syntax the serializer writes. */
int pk_serialize_known(const char *name);
/* "turtle, ntriples" for messages. */
const char *pk_serialize_names(void);

/* path NULL or "-": stdout.  Otherwise the graph goes to a temporary file
 * in the same directory, is flushed to disk, and renamed over path: a
 * failed write leaves path as it was. */
int pk_serialize_write(pk_graph *g, const char *path, const char *syntax,
	const pk_diag *diag);

/* A serializer writing statements as they come (N-Triples and N-Quads need
 * nothing more; Turtle would lose its grouping), to stdout or atomically to
 * a file: pk_serializer_close(s, 1) renames it into place, (s, 0) removes
 * it and leaves path as it was.  close frees s in both cases. */
typedef struct pk_serializer pk_serializer;

int pk_serializer_open(pk_serializer **out, const char *path, const char *syntax,
	const pk_diag *diag);
/* graph is the triple's document; ignored unless the syntax has quads. */
int pk_serializer_put(pk_serializer *s, const pk_triple *t, const char *graph);
/* Nonzero when the syntax writes each triple in its document's graph. */
int pk_serializer_quads(const pk_serializer *s);
size_t pk_serializer_count(const pk_serializer *s);
int pk_serializer_close(pk_serializer *s, int ok);

/* Statements to text in a line-based syntax (ntriples, nquads), one line
 * each in the order given: what a worker thread prepares for a stream.
 * One per thread (it holds the diagnostics of its thread).  PK_EIO, with a
 * message, for a term that is not UTF-8. */
typedef struct pk_line_writer pk_line_writer;

int pk_line_writer_new(pk_line_writer **out, const char *syntax, const pk_diag *diag);
void pk_line_writer_free(pk_line_writer *lw);
/* q[0..n) as text (graphs written only for nquads); *out is malloc'd. */
int pk_line_writer_write(pk_line_writer *lw, const pk_quad *q, size_t n,
	char **out, size_t *len);
/* The same, appended to out (a buffer used again and again is not
 * allocated again). */
int pk_line_writer_put(pk_line_writer *lw, const pk_quad *q, size_t n, pk_buf *out);

#endif
