/*
 * extract.h - what the library's other modules (eval.c, review.c) may see of a
 * pk_extractor beyond the public API: the triples it has built so far.
 */
#ifndef PK_EXTRACT_H
#define PK_EXTRACT_H

#include "policykg.h"
#include "rdf/triples.h"

/* The extractor's graph; it belongs to the extractor and grows with each
 * document added. */
pk_graph *pk_extractor_graph(pk_extractor *ex);

/* Settle what articles say about each other (pk_builder_finish): before
 * reading the graph whole; pk_extractor_write does it too. */
int pk_extractor_finish(pk_extractor *ex);

/* Hand each document, once its graph is built, to rec (review.c), and
 * tell it every date resolved; NULL: nobody watches. */
struct pk_review_recorder;
void pk_extractor_set_recorder(pk_extractor *ex, struct pk_review_recorder *rec);

#endif
