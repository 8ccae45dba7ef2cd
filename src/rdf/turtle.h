/*
 * turtle.h - Turtle text of a sorted graph, the same bytes Raptor 2.0.15's
 * "turtle" serializer writes for it, without Raptor's tree of every
 * statement and its call per byte (bench/RESULTS.md, "Issue 16: a Turtle
 * writer of our own").
 *
 * The layout is Raptor's: the prefixes (rdf first), a blank line, then a
 * block per subject: the subject, each predicate on a line of its own
 * indented by four ("a" for rdf:type), objects of one predicate joined by
 * ", ", " ;" between predicates, " ." and a blank line after the block.
 * An IRI is written prefix:local when a prefix's namespace starts it and
 * the rest is an XML name (raptor_xml_name_check, Raptor's own test), and
 * for a subject or an object also a Turtle name; else <IRI>.  Literals:
 * `"` and `\` escaped, UTF-8 as it is, """long""" when there is a line
 * break, xsd:integer bare when strtol takes all of it.
 *
 * What it does not write as Raptor would (blank nodes are not in
 * pk_triple; rdf:nil objects, xsd:decimal, xsd:double and xsd:boolean
 * literals, a literal with both a language and a datatype, a bad
 * xsd:integer) pk_ttl_fits refuses, and the caller uses Raptor.  Where
 * Raptor would stop in the middle of a term (U+FFFE, U+FFFF: the pipeline
 * never writes them, docs/testing.md) this writes the term whole.
 *
 * Ownership: pk_ttl_new makes a writer the caller frees with pk_ttl_free;
 * the writers append to a pk_buf the caller owns.
 */
#ifndef PK_TURTLE_H
#define PK_TURTLE_H

#include <stddef.h>

#include "base/util.h"
#include "rdf/triples.h"
#include "rdf/vocab.h"

typedef struct pk_ttl pk_ttl;

/* A writer declaring prefixes[0..n) (after rdf, as Raptor declares it). */
int pk_ttl_new(pk_ttl **out, const pk_prefix *prefixes, size_t n);
void pk_ttl_free(pk_ttl *w);

/* Nonzero when t is written here as Raptor would write it. */
int pk_ttl_fits(const pk_ttl *w, const pk_triple *t);

/* The @prefix lines and the blank line after them. */
int pk_ttl_put_header(pk_ttl *w, pk_buf *b);
/* One statement; statements come in pk_graph_sorted order (Raptor's own:
 * subject, predicate, IRIs before literals, lexical form, language,
 * datatype).  PK_EINPUT, b as it was, when a term is not UTF-8. */
int pk_ttl_put(pk_ttl *w, pk_buf *b, const pk_triple *t);
/* The end of the last block. */
int pk_ttl_put_end(pk_ttl *w, pk_buf *b);

#endif
