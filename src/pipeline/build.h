/*
 * build.h - the graph stage: turns one document's gazetteer matches and
 * rule facts into triples of the ontology contract
 * (../shared/spec/ontology-contract.md) in a pk_graph.
 */
#ifndef PK_BUILD_H
#define PK_BUILD_H

#include "pipeline/normalize.h"
#include "pipeline/reader.h"
#include "pipeline/resolve.h"
#include "pipeline/rules.h"
#include "rdf/triples.h"

typedef struct pk_builder pk_builder;

/* What the graph stage needs to know about one document.  The graph stage
 * relies on the order: work per fact looks only at its own sentence's
 * neighbours, so a long document costs in proportion to its length. */
typedef struct pk_docview {
	const pk_doc *doc;
	const pk_ntext *nt;             /* normalized text */
	const pk_span *sents;           /* in text order, with their code points */
	size_t nsents;
	const pk_entity *const *mentioned; /* gazetteer entities seen, any order */
	size_t nmentioned;
	const pk_factlist *facts;       /* in sentence order */
	const pk_gaz_match *matches;    /* every gazetteer match, in text order */
	size_t nmatches;
} pk_docview;

/* The code point offset of byte off of the text, counted from the start
 * of sentence (off is in it): what pkg:Mention offsets are written in. */
size_t pk_build_cp(const pk_docview *dv, size_t sentence, size_t off);

/* The builder adds to g (borrowed; it must outlive the builder). */
int pk_builder_new(pk_builder **out, pk_graph *g, const pk_ruleset *rs,
	const pk_diag *diag);
void pk_builder_free(pk_builder *b);
/* Build into g from now on (one graph per document, on a worker thread). */
void pk_builder_set_graph(pk_builder *b, pk_graph *g);

int pk_build_document(pk_builder *b, const pk_docview *dv);

/* Once every document is in: what articles said that later ones settle
 * (an agreement planned in one, signed in another, is Concluded). */
int pk_builder_finish(pk_builder *b);

/* At most n pkg:Mention evidence per resource and document (0: the
 * default, PK_DEFAULT_MAX_MENTIONS). */
void pk_builder_set_max_mentions(pk_builder *b, size_t n);

/* Today's date ("YYYY-MM-DD"), which bounds the year a weekday picks for
 * an undated article; NULL or invalid: the system clock's. */
void pk_builder_set_reference(pk_builder *b, const char *date);

/* Told each date the graph stage resolves: the date fact, what it
 * resolved to, and a pk_resolve_status (review.c shows them). */
typedef void (*pk_date_observer)(void *ud, const pk_fact *f, const pk_date *start,
	const pk_date *end, int status);
void pk_builder_observe_dates(pk_builder *b, pk_date_observer fn, void *ud);

/* "pkgid:" + kind + "/" + slug of name, e.g. person/baegyeonghun (Hangul
 * romanized with ICU). *out is malloc'd. */
int pk_build_iri(char **out, pk_builder *b, const char *kind, const char *name, size_t n);

#endif
