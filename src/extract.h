/*
 * extract.h - what the library's other modules (eval.c) may see of a
 * pk_extractor beyond the public API: the triples it has built so far.
 */
#ifndef PK_EXTRACT_H
#define PK_EXTRACT_H

#include "policykg.h"
#include "triples.h"

/* The extractor's graph; it belongs to the extractor and grows with each
 * document added. */
pk_graph *pk_extractor_graph(pk_extractor *ex);

#endif
