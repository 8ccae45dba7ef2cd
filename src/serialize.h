/*
 * serialize.h - the serialization stage: a pk_graph written through
 * Raptor in one of the syntaxes of a table (turtle, ntriples), with the
 * contract's prefixes, to stdout or atomically to a file.
 */
#ifndef PK_SERIALIZE_H
#define PK_SERIALIZE_H

#include "triples.h"
#include "util.h"

/* Nonzero if name is a syntax the serializer writes. */
int pk_serialize_known(const char *name);
/* "turtle, ntriples" for messages. */
const char *pk_serialize_names(void);

/* path NULL or "-": stdout.  Otherwise the graph goes to a temporary file
 * in the same directory, is flushed to disk, and renamed over path: a
 * failed write leaves path as it was. */
int pk_serialize_write(pk_graph *g, const char *path, const char *syntax,
	const pk_diag *diag);

#endif
