/*
 * extract.h - what the library's other modules (eval.c, review.c) may see of a
 * pk_extractor beyond the public API: settling the graph early, and
 * watching each document as it is built.
 */
#ifndef PK_EXTRACT_H
#define PK_EXTRACT_H

#include "policykg.h"
#include "pipeline/build.h"
#include "rdf/triples.h"


/* Settle what articles say about each other (pk_builder_finish): before
 * reading the graph whole; pk_extractor_write does it too. */
int pk_extractor_finish(pk_extractor *ex);

/* Who watches an extraction (the review site does): the pipeline offers
 * what it built and knows nothing of who listens, so no stage depends on
 * a consumer.  document is told each document, in input order, once its
 * triples are in the extractor's graph (a negative return stops the run
 * with that code); date is told each date the graph stage resolves
 * (see pk_builder_observe_dates), before the document it is in.  While
 * anyone watches, documents are built one at a time on the calling
 * thread.  Either may be NULL. */
typedef struct pk_extract_observer {
	int (*document)(void *ud, const pk_docview *dv);
	pk_date_observer date;
	void *ud;
} pk_extract_observer;

#define PK_EXTRACT_OBSERVER_INIT { .document = NULL, .date = NULL, .ud = NULL }

/* Watch with obs (copied) from now on; NULL: nobody watches. */
void pk_extractor_observe(pk_extractor *ex, const pk_extract_observer *obs);

#endif
