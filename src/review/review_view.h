/*
 * review_view.h - what the review site's pages show besides the text,
 * read out of the graph once (review_view.c) as plain data, so that the
 * HTML writer (review_html*.c) never looks at the graph: for each
 * document its header (title, date, publisher, source) and the
 * agreements, events and positions it mentions, each with its values and
 * its evidence on the page; for the index, every agreement and event with
 * its dates, actors and the document it is first read in, and the actors
 * the timeline can be filtered by.
 *
 * Ownership: pk_review_view_new() makes a view and pk_review_view_free()
 * frees it (NULL does nothing).  The view owns its arrays; every string
 * in it is borrowed from the graph it was read from, which must outlive
 * it unchanged.
 */
#ifndef PK_REVIEW_VIEW_H
#define PK_REVIEW_VIEW_H

#include <stddef.h>

#include "review/review_doc.h"

struct pk_graph;

/* The kinds of fact a page lists, in the order it lists them. */
typedef enum pk_review_group {
	PK_REVIEW_GROUP_AGREEMENT = 0,  /* pkg:Agreement */
	PK_REVIEW_GROUP_EVENT,          /* pkg:Event */
	PK_REVIEW_GROUP_POSITION,       /* pkg:Position */
	PK_REVIEW__GROUPS
} pk_review_group;

/* The properties of a fact a page can show, each one predicate. */
typedef enum pk_review_role {
	PK_REVIEW_ROLE_PARTY = 0,       /* pkg:party */
	PK_REVIEW_ROLE_STATUS,          /* pkg:status */
	PK_REVIEW_ROLE_SIGNED_ON,       /* pkg:signedOn */
	PK_REVIEW_ROLE_VALID_FOR,       /* pkg:validFor */
	PK_REVIEW_ROLE_CONCLUDED_AT,    /* pkg:concludedAt */
	PK_REVIEW_ROLE_PART_OF,         /* pkg:partOf */
	PK_REVIEW_ROLE_START_DATE,      /* pkg:startDate */
	PK_REVIEW_ROLE_END_DATE,        /* pkg:endDate */
	PK_REVIEW_ROLE_LOCATION,        /* pkg:location */
	PK_REVIEW_ROLE_ORGANIZER,       /* pkg:organizer */
	PK_REVIEW_ROLE_PARTICIPANT,     /* pkg:participant */
	PK_REVIEW_ROLE_CHAIR,           /* pkg:chair */
	PK_REVIEW_ROLE_TITLE,           /* pkg:title */
	PK_REVIEW_ROLE_ORGANIZATION,    /* pkg:organization */
	PK_REVIEW__ROLES
} pk_review_role;

/* One value of a fact. */
typedef struct pk_review_value {
	pk_review_role role;
	const char *term;     /* the object: an IRI, or a literal's lexical form */
	int is_iri;
	const char *label;    /* an IRI's label; NULL when it has none, and for literals */
	const char *dt;       /* a literal's datatype IRI, or NULL */
} pk_review_value;

/* A sentence of the page a fact was read from, and the rule that fired. */
typedef struct pk_review_evidence {
	size_t cp;            /* its code-point start: the page's anchor s-CP */
	const char *rule;     /* "?" when the mention names none */
} pk_review_evidence;

/* An agreement, event or position a document mentions. */
typedef struct pk_review_fact {
	const char *iri;
	pk_review_group group;
	const char *label;    /* its label (a post's: its holder's); NULL when none */
	const char *cls;      /* its most specific class; NULL when none */
	pk_review_value *values;   /* by role, then in the graph's order */
	size_t nvalues;
	pk_review_evidence *evidence;  /* in this document, on its page; by sentence, then rule */
	size_t nevidence;
} pk_review_fact;

/* What a document's page shows besides its text. */
typedef struct pk_review_docinfo {
	const char *title, *issued, *publisher, *source;  /* dcterms:, NULL when none */
	pk_review_fact *facts;     /* by group, then label, then IRI */
	size_t nfacts;
	size_t count[PK_REVIEW__GROUPS];  /* facts of each group */
} pk_review_docinfo;

/* An agreement or event for the index's timeline. */
typedef struct pk_review_item {
	const char *iri;
	const char *label;    /* the IRI when it has no label */
	int agreement;        /* else an event */
	const char *start;    /* pkg:signedOn (agreement), pkg:startDate (event); NULL: none */
	const char *end;      /* pkg:endDate of an event; NULL: none */
	size_t doc;           /* the first of the view's documents it is mentioned in */
	const char **actors;  /* its parties, organizers, participants, chairs (IRIs) */
	size_t nactors;
} pk_review_item;

/* An actor the timeline can be filtered by. */
typedef struct pk_review_actor {
	const char *iri;
	const char *label;    /* NULL when it has none */
} pk_review_actor;

typedef struct pk_review_view {
	pk_review_docinfo *docs;   /* one per review document, in their order */
	size_t ndocs;
	pk_review_item *items;     /* those mentioned in a document of the view, by IRI */
	size_t nitems;
	pk_review_actor *actors;   /* every party, organizer, participant or chair of
	                            * anything, in the order the graph first names them */
	size_t nactors;
} pk_review_view;

/* *out the view of docs[0..ndocs) and the graph g they were read with. */
int pk_review_view_new(pk_review_view **out, struct pk_graph *g, const pk_review_doc *docs,
	size_t ndocs);
void pk_review_view_free(pk_review_view *v);

/* iri as people read it: 1 with *prefix and *local set when a prefix of
 * the vocabulary covers it (pkg:MOU, pkgid:msit), else 0. */
int pk_review_iri_split(const char **prefix, const char **local, const char *iri);

#endif
