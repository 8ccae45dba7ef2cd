/*
 * review.h - what the review site (review.c, review_html.c) is made of,
 * and the hook by which the extractor hands it what it matched.
 *
 * A review document is an article's text with spans on it: every match
 * the extraction made (gazetteer names with their particles, persons,
 * titles, dates with their resolved values, agreements, events, places),
 * each with the resource it stands for, its class, its value and the rule
 * that fired, plus the warnings the article raised.  With a store there is
 * no extraction to watch: the text is the evidence sentences the graph
 * keeps, and the spans are found from the graph (review.c).
 *
 * Offsets here are bytes of the document's text; sentences also carry
 * their code-point start, which is what pkg:Mention's pkg:start says and
 * what the page's anchors are named by.  Everything is owned by the
 * recorder / document that holds it.
 */
#ifndef PK_REVIEW_H
#define PK_REVIEW_H

#include <stddef.h>

#include "pipeline/graph.h"
#include "pipeline/resolve.h"
#include "rdf/triples.h"
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

/* ---- the graph, as the pages read it (review.c) ---------------------------------- */

int pk_review_has_type(pk_graph *g, const char *s, const char *cls);
/* The most specific pkg: class of s (pkg:MOU before pkg:Agreement), else
 * its first type, else NULL. */
const char *pk_review_class(pk_graph *g, const char *s);
/* rdfs:label @ko, else @en, else any; NULL when none. */
const char *pk_review_label(pk_graph *g, const char *s);

/* ---- the site (review_html.c) ----------------------------------------- */

/* Write the page of d (whose graph is g) to out. */
int pk_review_html_page(FILE *out, pk_graph *g, const pk_review_doc *d,
	const char *index_href);
/* Write the index of docs (file names pages[i]) to out, with the timeline. */
int pk_review_html_index(FILE *out, pk_graph *g, const pk_review_doc *docs,
	size_t ndocs, const char *const *pages, char *const *orphans, size_t norphans);

#endif
