/*
 * triples.h - pk_graph, the set of triples the graph stage builds and the
 * serializer writes: strings interned once, each triple kept once,
 * iterated in a fixed sorted order so output is byte-identical run to run.
 */
#ifndef PK_TRIPLES_H
#define PK_TRIPLES_H

#include <stddef.h>

typedef struct pk_triple {
	const char *s;     /* subject IRI */
	const char *p;     /* predicate IRI */
	const char *o;     /* object IRI or lexical form */
	const char *lang;  /* literal language, or NULL */
	const char *dt;    /* literal datatype IRI, or NULL */
	int o_is_iri;
	int retracted;     /* left out of the merged graph (pk_graph_retract_iri) */
} pk_triple;

/* A triple and the document (named graph) it was read from. */
typedef struct pk_quad {
	pk_triple t;
	const char *g;     /* graph IRI */
} pk_quad;

typedef struct pk_graph pk_graph;

int pk_graph_new(pk_graph **out);
void pk_graph_free(pk_graph *g);

int pk_graph_add_iri(pk_graph *g, const char *s, const char *p, const char *o);
int pk_graph_add_literal(pk_graph *g, const char *s, const char *p,
	const char *lexical, const char *lang, const char *datatype);
size_t pk_graph_size(const pk_graph *g);
/* Add a triple of another graph (its strings interned here, in the current
 * context); *added, when not NULL, is set nonzero if it was not there. */
int pk_graph_add_copy(pk_graph *g, const pk_triple *t, int *added);

/* The strings of one other graph already interned in g, by their address
 * there: pk_graph_add_copy_memo skips the hash and probe of a string the
 * copies of that graph's triples repeat (its predicates, datatypes,
 * subjects).  Valid while that graph is unchanged: clear it with
 * pk_graph_memo_reset before the triples of another graph. */
#define PK_GRAPH_MEMO 256
typedef struct pk_graph_memo {
	const char *from[PK_GRAPH_MEMO];
	const char *to[PK_GRAPH_MEMO];
} pk_graph_memo;

void pk_graph_memo_reset(pk_graph_memo *m);
/* pk_graph_add_copy through m (NULL: none). */
int pk_graph_add_copy_memo(pk_graph *g, const pk_triple *t, int *added,
	pk_graph_memo *m);
/* The triples of q[0..n) added as pk_graph_add_copy_memo adds each, in
 * order; without a context, with the set's slots asked of memory a few
 * triples ahead (a merged graph's set is larger than the caches: its
 * first probe for each triple was a miss, a tenth of a 100 MB Turtle
 * run). */
int pk_graph_add_copies(pk_graph *g, const pk_quad *q, size_t n, pk_graph_memo *m);
/* Empty the graph, keeping its tables' memory for the next document. */
void pk_graph_clear(pk_graph *g);

/* Triples added from now on were read from the document graph (an IRI);
 * NULL: from no document.  Each triple keeps every document it came from. */
int pk_graph_set_context(pk_graph *g, const char *graph);

/* The (triple, document) pairs sorted by document, then subject,
 * predicate, object; owned by the graph, valid until the next add. */
int pk_graph_quads_sorted(const pk_quad **out, size_t *n, pk_graph *g);

/* Whether the triple (s, p, IRI o) is in the graph. */
int pk_graph_has_iri(pk_graph *g, const char *s, const char *p, const char *o);
/* Take (s, p, IRI o) out of the merged triples; the document graphs keep
 * it (what each article said stays as it said it). */
void pk_graph_retract_iri(pk_graph *g, const char *s, const char *p, const char *o);

/* The triples sorted by subject, predicate, object.  The array is owned
 * by the graph and valid until the next add. */
int pk_graph_sorted(const pk_triple **out, size_t *n, pk_graph *g);

/* The triples with subject s and, when p is not NULL, predicate p: *out
 * points at the first of them in the sorted array (same lifetime), the
 * number of them is returned. */
size_t pk_graph_about(const pk_triple **out, pk_graph *g, const char *s, const char *p);
/* The first value (in sorted order) of s p, with language lang when lang
 * is not NULL; NULL when there is none. */
const char *pk_graph_value(pk_graph *g, const char *s, const char *p, const char *lang);

#endif
