/*
 * review_record.h - the recorder: the review site's subscriber to an
 * extraction (pk_extract_observer), which keeps each document's text and a
 * span for every match as a pk_review_doc.
 */
#ifndef PK_REVIEW_RECORD_H
#define PK_REVIEW_RECORD_H

#include "pipeline/build.h"
#include "pipeline/resolve.h"
#include "review/review_doc.h"

/* ---- watching an extraction --------------------------------------------- */

typedef struct pk_review_recorder pk_review_recorder;

/* diag: where messages go after the recorder has noted them; the
 * recorder's own diag (pk_review_recorder_diag) is the one to give the
 * extractor, so warnings land on their article's page. */
int pk_review_recorder_new(pk_review_recorder **out, const pk_diag *diag);
void pk_review_recorder_free(pk_review_recorder *r);
const pk_diag *pk_review_recorder_diag(pk_review_recorder *r);

/* Called by the graph stage for each date it resolves (a pk_date_observer). */
void pk_review_date_seen(void *ud, const pk_fact *f, const pk_date *start,
	const pk_date *end, int status);
/* Called by the extractor once a document's graph is built. */
int pk_review_record(pk_review_recorder *r, const pk_docview *dv);

/* The documents recorded, in the order they were read; messages that
 * belong to no recorded document (an unreadable input). */
pk_review_doc *pk_review_recorder_docs(pk_review_recorder *r, size_t *n);
char **pk_review_recorder_orphans(pk_review_recorder *r, size_t *n);

#endif
