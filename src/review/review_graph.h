/*
 * review_graph.h - review documents read from the graph (review_graph.c):
 * the resources of a recorded document's spans, or a whole document from
 * a store's graph.
 */
#ifndef PK_REVIEW_GRAPH_H
#define PK_REVIEW_GRAPH_H

#include "policykg.h"
#include "rdf/triples.h"
#include "review/review_doc.h"

/* Who has evidence M: (mention, resource) pairs, sorted, to look spans'
 * resources up by mention.  *out is malloc'd (free()). */
typedef struct pk_review_ev pk_review_ev;
int pk_review_ev_index(pk_review_ev **out, size_t *n, pk_graph *g);

/* Fill in the resource, class and value of each span of d, a recorded
 * document, through the mention it names. */
int pk_review_resolve(pk_review_doc *d, pk_graph *g, const pk_review_ev *ev, size_t nev);
/* d made from the graph alone: document doc's evidence sentences and
 * the spans on them. */
int pk_review_from_graph(pk_review_doc *d, pk_graph *g, const char *doc,
	const pk_review_ev *ev, size_t nev);
/* Who holds post (the subject of pkg:position post, first in the graph's
 * order, retracted or not); NULL when no one. */
const char *pk_review_holder(pk_graph *g, const char *post);
/* Every triple of st into g. */
int pk_review_load_store(pk_graph *g, pk_store *st);

#endif
