/*
 * review_html.h - the review site's pages, written from review documents
 * (review_doc.h) and what the graph says about them, read out beforehand
 * (review_view.h): the writer never sees the graph.
 */
#ifndef PK_REVIEW_HTML_H
#define PK_REVIEW_HTML_H

#include <stdio.h>

#include "review/review_doc.h"
#include "review/review_view.h"

/* Write the page of d (info: its header and facts) to out. */
int pk_review_html_page(FILE *out, const pk_review_docinfo *info, const pk_review_doc *d,
	const char *index_href);
/* Write the index of docs (v: their view, whose docs are theirs in the
 * same order; file names pages[i]) to out, with the timeline. */
int pk_review_html_index(FILE *out, const pk_review_view *v, const pk_review_doc *docs,
	size_t ndocs, const char *const *pages, char *const *orphans, size_t norphans);

#endif
