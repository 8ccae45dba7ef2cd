/*
 * rules.h - the rules stage: runs the PCRE2 [rule]s of rules/ over each
 * sentence and hands the graph stage a list of facts, each a rule match
 * with its named groups ("slots") mapped back to the normalized text.
 */
#ifndef PK_RULES_H
#define PK_RULES_H

#include "pipeline/gazetteer.h"
#include "pipeline/ruleset.h"
#include "pipeline/segment.h"

#define PK_SLOT_MAX_ENTS 8

typedef struct pk_slot {
	pk_role role;          /* what the group's name stands for (schema.h) */
	size_t start;          /* bytes [start, end) of the normalized text */
	size_t end;
	const pk_entity *ent;  /* the first gazetteer match inside, or NULL */
	const pk_entity *ents[PK_SLOT_MAX_ENTS]; /* every match inside (한-영: two) */
	size_t nents;
} pk_slot;

typedef struct pk_fact {
	const pk_rule *rule;
	size_t sentence;       /* index into the document's sentences */
	size_t start;          /* the whole match, bytes of the normalized text */
	size_t end;
	pk_slot *slots;
	size_t nslots;
} pk_fact;

typedef struct pk_factlist {
	pk_fact *v;
	size_t n;
	size_t cap;
} pk_factlist;

#define PK_FACTLIST_INIT { .v = NULL, .n = 0, .cap = 0 }

void pk_factlist_clear(pk_factlist *l);
/* Drop the facts after the first n. */
void pk_factlist_truncate(pk_factlist *l, size_t n);
/* The first slot of f with that role (for a numbered role, organizer or
 * organizer2 alike), or NULL. */
const pk_slot *pk_fact_slot(const pk_fact *f, pk_role role);

/* Per-extractor matching state (match data, JIT stack, the view buffer). */
typedef struct pk_matcher pk_matcher;

/* opts (may be NULL) says how triggers are used (opts->triggers). */
int pk_matcher_new(pk_matcher **out, const pk_ruleset *rs,
	const pk_extract_options *opts, const pk_diag *diag);
void pk_matcher_free(pk_matcher *m);
/* PCRE2's match and depth limits for the rules (0: the ruleset's); the
 * JIT stack, which JIT-compiled patterns use instead of the depth limit,
 * gets depth * PK_MATCHER_JIT_BYTES_PER_DEPTH bytes. */
#define PK_MATCHER_JIT_BYTES_PER_DEPTH 128
int pk_matcher_set_limits(pk_matcher *m, unsigned long match, unsigned long depth);
/* A new document begins: limit warnings are given again. */
void pk_matcher_begin(pk_matcher *m);

/* Run every rule over sentence sent of text (doc_name for warnings) with
 * the gazetteer matches gm (sorted, inside the sentence); append the
 * facts that survive overlap resolution to facts.  A rule that hits a
 * limit is warned about once per document. */
int pk_rules_run(pk_matcher *m, pk_factlist *facts, const char *doc_name,
	const char *text, pk_span sent, size_t sentence_index,
	const pk_gaz_match *gm, size_t ngm);

#endif
