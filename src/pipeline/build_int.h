/*
 * build_int.h - what the files of the graph stage share: the builder and
 * the helpers that write the common parts of resources (entity
 * descriptions, evidence mentions).  Not part of any other stage.
 */
#ifndef PK_BUILD_INT_H
#define PK_BUILD_INT_H

#include <unicode/utrans.h>

#include "pipeline/build.h"
#include "pipeline/resolve.h"

/* Backward walks over a document's gazetteer matches ("the two countries
 * the article named last before here") follow chains built once per
 * document, so each costs what it finds, not the matches back to the
 * text's start.  Per kind of match, per match i: last[i], the last match
 * of the kind at or before i; other[i], for a match of the kind, the last
 * one before it that names another entity; -1 for none. */
typedef enum pk_build_chain_kind {
	PK_CHAIN_GOV,        /* a government body */
	PK_CHAIN_COUNTRY,
	PK_CHAIN_ACTOR,      /* anything but a place */
	PK_CHAIN_TOPIC,      /* an actor written with a topic particle (…는) */
	PK_CHAIN_TOPIC_GOV,  /* a government body so written */
	PK_CHAIN__COUNT
} pk_build_chain_kind;

typedef struct pk_build_chain {
	long *last;
	long *other;
} pk_build_chain;

struct pk_builder {
	pk_graph *g;
	const pk_ruleset *rs;
	const pk_diag *diag;
	UTransliterator *romanize;
	unsigned char *described; /* per entity index */
	pk_ymd ref;               /* today, for undated articles */
	pk_date_observer on_date; /* NULL, or told every date resolved */
	void *on_date_ud;
	size_t max_mentions;      /* evidence kept per resource and document */
	char **ev_keys;           /* this document's resources with evidence: */
	size_t *ev_counts;        /* an open-addressing table, ev_cap a power of 2 */
	size_t ev_cap;
	size_t ev_used;
	char **slug_keys;         /* name -> romanized slug, so each name goes */
	char **slug_vals;         /* through ICU once: open addressing, */
	size_t slug_cap;          /* slug_cap a power of 2, emptied when full */
	size_t slug_used;
	pk_build_chain chains[PK_CHAIN__COUNT]; /* this document's, chains_cap long */
	size_t chains_cap;
	const pk_entity *first_gov; /* the document's first government body */
};

int pk_build_describe(pk_builder *b, const pk_entity *e, int depth);
int pk_build_types(pk_graph *g, const char *s, pk_class cls);
/* 1 when resource s may get one more pkg:Mention in this document (at
 * most max_mentions; the first refused is warned about), else 0. */
int pk_build_evidence_room(pk_builder *b, const pk_docview *dv, const char *s);
/* A pkg:Mention for fact f as evidence; *out gets its IRI. */
int pk_build_mention(char **out, pk_builder *b, const pk_docview *dv,
	const char *d, const pk_fact *f);

/* How many of the document's matches start before byte pos. */
size_t pk_build_matches_before(const pk_docview *dv, size_t pos);
/* The last match of kind k that starts before byte pos, or -1. */
long pk_build_chain_last(const pk_builder *b, const pk_docview *dv, pk_build_chain_kind k,
	size_t pos);

/* "ko" for Hangul, "en" for Latin letters, NULL otherwise. */
const char *pk_build_lang(const char *s);
/* Empty the per-document evidence counts, and build the chains of dv's
 * matches (the document's first government body too). */
void pk_build_evidence_reset(pk_builder *b);
int pk_build_chains_build(pk_builder *b, const pk_docview *dv);
/* The pkg:Document d of dv with what its header says. */
int pk_build_document_node(pk_builder *b, const pk_docview *dv, const char *d);

#endif
