/*
 * review_html_int.h - what the files of the review site's HTML share: the
 * scripts (defined in review_html.c with the CSS), escaping and the page
 * head.  review_html.c holds these; review_html_page.c writes a
 * document's page, review_html_index.c the index and its timeline.  Not
 * part of any other module.
 */
#ifndef PK_REVIEW_HTML_INT_H
#define PK_REVIEW_HTML_INT_H

#include <stdio.h>

#include "review/review_html.h"

extern const char pk_review_page_js[];
extern const char pk_review_index_js[];

void pk_review_escn(FILE *out, const char *s, size_t n);
void pk_review_esc(FILE *out, const char *s);
void pk_review_short(FILE *out, const char *iri);
const char *pk_review_lang(const char *s);
void pk_review_head(FILE *out, const char *title, const char *title_lang);

#endif
