/*
 * parse.h - RDF files read back into a pk_graph, through Raptor: the way
 * in for the stages that work on a graph policykg (or anyone) wrote
 * rather than on articles (explain, export).
 *
 * Ownership: the graph is the caller's; every string is copied into it.
 */
#ifndef PK_PARSE_H
#define PK_PARSE_H

#include "policykg.h"
#include "rdf/triples.h"

/* The Raptor parser for path by its extension: ntriples for .nt, nquads
 * for .nq, turtle for anything else (.ttl). */
const char *pk_parse_guess(const char *path);

/* Parse the file at path into g.  syntax: "turtle", "ntriples", "nquads",
 * or NULL to guess it from the name (pk_parse_guess).  Blank nodes become
 * "_:id" nodes; an N-Quads statement keeps its graph as g's context.
 * Every parse error is reported as "PATH:LINE: message".  PK_EIO when the
 * file cannot be opened, PK_EINPUT when it does not parse (g may then hold
 * the triples before the error), PK_EUSAGE for an unknown syntax. */
int pk_parse_file(pk_graph *g, const char *path, const char *syntax,
	const pk_diag *diag);

/* How pk_parse_file_opts reads a file. */
typedef struct pk_parse_opts {
	const char *syntax;  /* as for pk_parse_file; NULL: by the name */
	int file_document;   /* a triple outside a named graph (every triple of
	                      * Turtle and N-Triples) is read from the document
	                      * named after the file, file:///ABSOLUTE/PATH, as
	                      * the store names it: every triple has a document */
	int scope_blank;     /* a blank node _:b is _:HHHHHHHHHHHHHHHH_b, H the
	                      * FNV-1a hash of file:///ABSOLUTE/PATH: two files'
	                      * _:b are two nodes, one file's the same every time */
} pk_parse_opts;
#define PK_PARSE_OPTS_INIT { NULL, 0, 0 }

/* pk_parse_file with options; the same errors. */
int pk_parse_file_opts(pk_graph *g, const char *path, const pk_parse_opts *opts,
	const pk_diag *diag);

#endif
