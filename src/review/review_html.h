/*
 * review_html.h - the review site's pages, written from review documents
 * and the graph they were read with.
 */
#ifndef PK_REVIEW_HTML_H
#define PK_REVIEW_HTML_H

#include <stdio.h>

#include "rdf/triples.h"
#include "review/review_doc.h"

/* Write the page of d (whose graph is g) to out. */
int pk_review_html_page(FILE *out, pk_graph *g, const pk_review_doc *d,
	const char *index_href);
/* Write the index of docs (file names pages[i]) to out, with the timeline. */
int pk_review_html_index(FILE *out, pk_graph *g, const pk_review_doc *docs,
	size_t ndocs, const char *const *pages, char *const *orphans, size_t norphans);

#endif
