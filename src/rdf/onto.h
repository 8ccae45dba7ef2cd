/*
 * onto.h - the ontology read back: what eval, explain and review ask of a
 * pk_graph that the graph stage wrote (its classes, labels, mention IRIs
 * and integer values), and a SPARQL result row put back as a triple.
 * Written once here so that the readers and the writer cannot drift:
 * the graph stage takes its mention IRIs from here too.
 *
 * Strings returned are the graph's (interned: valid while it lives).
 */
#ifndef PK_ONTO_H
#define PK_ONTO_H

#include <stddef.h>

#include "policykg.h"
#include "base/util.h"
#include "rdf/triples.h"

/* Nonzero when s has rdf:type cls. */
int pk_onto_has_type(pk_graph *g, const char *s, const char *cls);
/* The most specific pkg: class of s (pkg:MOU before pkg:Agreement), else
 * its first type, else NULL. */
const char *pk_onto_class(pk_graph *g, const char *s);
/* rdfs:label @ko, else @en, else any; NULL when none. */
const char *pk_onto_label(pk_graph *g, const char *s);
/* The integer value of s p (pkg:start, pkg:matchStart ...); -1 when none. */
long pk_onto_long(pk_graph *g, const char *s, const char *p);

/* The IRI of the gazetteer entity id (pkgid:ID), malloc'd; NULL: out of
 * memory. */
char *pk_onto_entity_iri(const char *id);

/* The IRI of the pkg:Mention of a match of rule in document doc_id,
 * code points ms to me of the article: pkgid:mention/DOC/MS-ME/RULE.
 * b is cleared first. */
int pk_onto_mention_iri(pk_buf *b, const char *doc_id, size_t ms, size_t me,
	const char *rule);
/* What every mention IRI of document doc_id starts with. */
int pk_onto_mention_prefix(pk_buf *b, const char *doc_id);

/* Row row of t as a triple in g: its columns s, p and o (a column t does
 * not have stands for self, the resource the query was about); blank
 * nodes as _:ID.  A row with a column unbound adds nothing. */
int pk_onto_add_row(pk_graph *g, const pk_table *t, size_t row, const char *self);

#endif
