/*
 * review_doc.h - what the review site is made of, as plain data: the
 * recorder (review_record.c) and the graph reader (review_graph.c) fill
 * it, the HTML writer (review_html.c) reads it.
 *
 * A review document is an article's text with spans on it: every match
 * the extraction made (gazetteer names with their particles, persons,
 * titles, dates with their resolved values, agreements, events, places),
 * each with the resource it stands for, its class, its value and the rule
 * that fired, plus the warnings the article raised.  With a store there is
 * no extraction to watch: the text is the evidence sentences the graph
 * keeps, and the spans are found from the graph (review_graph.c).
 *
 * Offsets here are bytes of the document's text; sentences also carry
 * their code-point start, which is what pkg:Mention's pkg:start says and
 * what the page's anchors are named by.  Everything is owned by the
 * recorder / document that holds it.
 */
#ifndef PK_REVIEW_DOC_H
#define PK_REVIEW_DOC_H

#include <stddef.h>

#include "base/util.h"

typedef enum pk_review_kind {
	PK_REVIEW_ORG = 0,
	PK_REVIEW_COUNTRY,
	PK_REVIEW_PERSON,
	PK_REVIEW_TITLE,
	PK_REVIEW_DATE,
	PK_REVIEW_AGREEMENT,
	PK_REVIEW_EVENT,
	PK_REVIEW_PLACE,
	PK_REVIEW__KINDS
} pk_review_kind;

/* "organization", "country" ... for the page's classes and legend. */
const char *pk_review_kind_name(pk_review_kind k);

typedef struct pk_review_span {
	size_t start, end;  /* bytes of the document's text */
	size_t pend;        /* end of the particle after it (== end: none) */
	pk_review_kind kind;
	char *iri;          /* the resource, when known */
	char *mention;      /* the pkg:Mention of the fact it came from (iri found through it) */
	char *cls;          /* class or datatype IRI */
	char *value;        /* resolved value: canonical name, ISO date, title */
	char *rule;         /* rule id, or "gazetteer" */
} pk_review_span;

typedef struct pk_review_sent {
	size_t start, end;  /* bytes of the document's text */
	size_t cp;          /* code-point start in the normalized article (pkg:start) */
} pk_review_sent;

typedef struct pk_review_doc {
	char *iri;          /* pkgid:document/ID */
	char *name;         /* the input it came from */
	char *text;         /* normalized text, or the evidence sentences (store) */
	size_t len;
	int excerpt;        /* text is only the evidence sentences */
	pk_review_sent *sents;
	size_t nsents;
	pk_review_span *spans;
	size_t nspans, cap;
	char **warnings;
	size_t nwarnings;
} pk_review_doc;

void pk_review_doc_clear(pk_review_doc *d);
/* Append a span; strings are copied (NULL allowed). */
int pk_review_doc_span(pk_review_doc *d, size_t start, size_t end, size_t pend,
	pk_review_kind kind, const char *iri, const char *mention, const char *cls,
	const char *value, const char *rule);

/* *out a copy of s; NULL for NULL. */
int pk_review_doc_dup(char **out, const char *s);
/* Append s (owned from now on; NULL: out of memory) to the vector v. */
int pk_review_doc_strv_add(char ***v, size_t *n, char *s);

#endif
