/*
 * build_events_int.h - what the files of the events and agreements part of
 * the graph stage share: the state of one article's events and
 * agreements, and the functions one file calls in another.  build_events.c
 * runs the part (dates, events, agreements, links, writing); the others
 * each do one job of it.  Not part of any other part of the stage.  Each
 * function is described where it is defined.
 *
 * Ownership: a pk_ev_state owns its arrays, indexes and buffers, and
 * pk_build_events frees them; each pk_event and pk_agreement owns its
 * strings, IRI and evidence array (…_event_clear, …_agreement_clear).
 * Facts, entities and the document view are the caller's: only pointed at.
 */
#ifndef PK_BUILD_EVENTS_INT_H
#define PK_BUILD_EVENTS_INT_H

#include <stddef.h>

#include "pipeline/build_int.h"

#define PK_EV_MAX 16     /* actors or persons per role */

typedef struct pk_actorset {
	const pk_entity *e[PK_EV_MAX];
	size_t n;
} pk_actorset;

typedef struct pk_dated {
	const pk_fact *f;
	pk_date start;
	pk_date end;
	int same_day;   /* 이날: it dates only what follows it closely */
} pk_dated;

typedef struct pk_event {
	const char *cls;        /* lexicon value, NULL: pkg:Event only */
	char *label;
	char *label_en;
	char *label_abbr;       /* 인공지능(AI) 서울 정상회의 as AI 서울 정상회의, or NULL */
	int named;              /* the text gave a name */
	pk_date start;
	pk_date end;
	char *location;
	pk_actorset organizers;
	pk_actorset participants;
	char *persons[PK_EV_MAX];
	size_t npersons;
	char *chair;
	const pk_fact **facts;  /* the evidence, all of it: max_mentions applies on writing */
	size_t nfacts;
	size_t facts_cap;
	long partof;
	long prev_of_class;     /* the event of its class before it, or -1 */
	char *iri;
} pk_event;

typedef struct pk_agreement {
	const char *kind;
	char *label;
	char *label_en;
	int named;
	int refers;             /* "이번 양해각서": the article's agreement of that kind */
	const pk_entity *partner; /* named alone, the signer implied (…와는 맺었다) */
	pk_actorset parties;
	const char *status;
	pk_date signed_on;
	int valid_years;
	char *partof_name;
	const pk_fact **facts;  /* the evidence, all of it: max_mentions applies on writing */
	size_t nfacts;
	size_t facts_cap;
	long event;
	long partof;
	char *iri;
} pk_agreement;

/* Keys to the ids (of events, of agreements) filed under them, sorted.
 * A key is a kind byte (what the bytes are: a name, a word of it, ...)
 * and bytes.  Open addressing, cap a power of 2, at most half full.
 * Nothing is ever taken out: a key that no longer fits its id only gives
 * one candidate too many, which the caller's own test turns down. */
typedef struct pk_ev_entry {
	char kind;              /* 0: an empty slot */
	char *key;
	size_t len;
	long *ids;
	size_t n;
	size_t cap;
} pk_ev_entry;

typedef struct pk_ev_index {
	pk_ev_entry *v;
	size_t cap;
	size_t used;
} pk_ev_index;

typedef struct pk_ev_text {
	const char *s;
	size_t n;
} pk_ev_text;

typedef struct pk_ev_class {
	const char *cls;
	long last;
} pk_ev_class;

typedef struct pk_ev_state {
	pk_builder *b;
	const pk_docview *dv;
	const char *d;
	pk_ymd doc;
	pk_date ctx;            /* the last full date that named its month */
	pk_dated *dates;        /* in fact order, so in sentence order */
	size_t ndates;
	size_t *date_at;        /* per sentence + 1: its dates are dates[date_at[s]..date_at[s+1]) */
	const pk_dated **day_before; /* per sentence: the last day named before it (…_same_day) */
	size_t sent_first;      /* while resolving: the first date of the sentence */
	const pk_dated *full_before; /* ... the last full date before that sentence */
	const pk_dated *last_full;   /* ... the last full date so far */
	pk_event *ev;
	size_t nev;
	size_t ev_cap;
	pk_ev_class *classes;   /* each class's latest event (a handful of classes) */
	size_t nclasses;
	pk_agreement *ag;
	size_t nag;
	size_t ag_cap;
	pk_ev_index names;      /* the events' names (…_event_file) */
	pk_ev_index pacts;      /* the agreements' keys (…_pact_file) */
	pk_buf key;
	const pk_ev_entry **lists; /* what to search (…_lists_*) */
	size_t nlists;
	size_t lists_cap;
	pk_buf scratch;
	pk_ev_text *pnames;     /* …_person_names */
	size_t npnames;
	size_t pnames_cap;
	long *ev_of_sentence;   /* per sentence: the first event read in it, or -1 (…_link) */
	const char **kinds_with_parties; /* …_agreement_kept */
	size_t nkinds_with_parties;
} pk_ev_state;

typedef int (*pk_ev_test)(const pk_ev_state *st, long id, const void *arg);

/* build_events_text.c: text, names, lexicon values */
void pk_ev_actor_add(pk_actorset *s, const pk_entity *e);
const char *pk_ev_lex(const pk_ev_state *st, pk_lex lexicon, const pk_slot *s);
int pk_ev_int(const pk_ev_state *st, const pk_slot *s);
int pk_ev_abbr_label(char **out, const char *s, size_t n);
int pk_ev_clean(char **ko, char **en, const char *s, size_t n);
const char *pk_ev_find(const pk_ev_state *st, const pk_span *sp, size_t from,
	const char *w);
char *pk_ev_slot_text(const pk_ev_state *st, const pk_slot *s);
const char *pk_ev_class_of_name(const pk_ev_state *st, const char *name);
int pk_ev_squash(pk_ev_state *st, const char *s);
size_t pk_ev_next_word(const char **p);

/* build_events_date.c: dates */
int pk_ev_resolve(pk_ev_state *st, const pk_fact *f, pk_dated *out);
int pk_ev_sentence_korean(const pk_ev_state *st, size_t sentence);
const pk_dated *pk_ev_date_for(const pk_ev_state *st, const pk_fact *f);
int pk_ev_is_day(const pk_dated *d);
const pk_dated *pk_ev_date_same_day(const pk_ev_state *st, const pk_fact *f,
	const char *cls);
int pk_ev_date_literal(pk_graph *g, const char *s, const char *p, const pk_date *d);

/* build_events_index.c: the indexes and the lists to search */
const pk_ev_entry *pk_ev_index_get(const pk_ev_index *x, char kind, const char *s, size_t n);
int pk_ev_index_put(pk_ev_index *x, char kind, const char *s, size_t n, long id);
void pk_ev_index_free(pk_ev_index *x);
int pk_ev_lists_add(pk_ev_state *st, const pk_ev_entry *e);
long pk_ev_lists_search(const pk_ev_state *st, int last, pk_ev_test test, const void *arg);

/* build_events_event.c: events */
int pk_ev_facts_add(const pk_fact ***v, size_t *n, size_t *cap,
	const pk_fact *const *add, size_t nadd);
void pk_ev_event_clear(pk_event *e);
int pk_ev_person_names(pk_ev_state *st);
long pk_ev_latest_event(const pk_ev_state *st, const char *cls, long not);
int pk_ev_squashed_prefix(const char *s, const char *pre);
int pk_ev_add_event(pk_ev_state *st, const pk_fact *f);

/* build_events_party.c: the parties and status of an agreement */
void pk_ev_coref(const pk_ev_state *st, const char *want, size_t pos, pk_actorset *out);
int pk_ev_only_partner(const pk_fact *f);
void pk_ev_topic_actor(const pk_ev_state *st, size_t sentence, size_t pos,
	pk_actorset *out);
int pk_ev_sentence_subject(const pk_ev_state *st, const pk_fact *f, pk_actorset *out);
const pk_dated *pk_ev_last_date_of(const pk_ev_state *st, size_t s);
const char *pk_ev_status(const pk_ev_state *st, const pk_fact *f);

/* build_events_agreement.c: agreements */
void pk_ev_agreement_clear(pk_agreement *a);
void pk_ev_ids_sort(const char **ids, const pk_actorset *s);
int pk_ev_add_agreement(pk_ev_state *st, const pk_fact *f);
int pk_ev_agreement_kept(const pk_ev_state *st, const pk_agreement *a);
int pk_ev_kinds_with_parties(pk_ev_state *st);
long pk_ev_concluded_at(const pk_ev_state *st, const pk_fact *f);

#endif
