/*
 * ruleset.h - rules/ as loaded and compiled: gazetteer entities, titles,
 * particles, PCRE2 extraction rules, boilerplate and document-header rules.
 * The file format is documented in rules/README.md.
 *
 * A pk_ruleset owns everything in it and is read-only once loaded, so one
 * ruleset can serve several extractors.
 */
#ifndef PK_RULESET_H
#define PK_RULESET_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>

#include "pipeline/names.h"
#include "pipeline/gazetteer.h"
#include "pipeline/schema.h"
#include "base/util.h"


/* pk_yield, the roles of named groups and the lexicons the stages read
 * are in schema.h. */

/* A [lexicon NAME]: canonical values, each with the forms text uses.
 * Rules match the forms with @{L_NAME}; the graph maps a form back. */
struct pk_trie;

typedef struct pk_lexicon_entry {
	char *value;   /* canonical: "MOU", "Concluded", "year-1" ... */
	char **forms;
	size_t nforms;
} pk_lexicon_entry;

typedef struct pk_lexicon {
	char *name;
	pk_lexicon_entry *entries;
	size_t nentries;
	struct pk_trie *index; /* forms without spaces -> entry (built at load) */
} pk_lexicon;

typedef struct pk_rule {
	char *id;
	pk_yield yield;
	char *fixed_class; /* 'class' key: an event class when no group gives
	                    * one; for organization rules, the entity class */
	pcre2_code *re;
	int priority;
	size_t order;
	char *file;
	int line;
	/* 'trigger': the clauses of rs->triggers, tclauses[0 .. tcount), that
	 * must all be present in a sentence for the rule to run; tcount 0 =
	 * always.  Rules naming the same words share a clause. */
	uint32_t *tclauses;
	uint32_t tcount;
	/* 'reach': a match starts at most reach white-space characters
	 * before a word of clause tclauses[0] (or at it), so the rule is searched
	 * only in those windows (its pattern compiled for an offset limit);
	 * -1: searched from every position */
	int reach;
	/* named groups: group number -> the role its name stands for
	 * (schema.h); PK_ROLE__COUNT for a group without a name */
	uint32_t ngroups;
	pk_role *group_roles;
	/* re's JIT code is made (or is not to be): see pk_ruleset_rule_jit */
	atomic_int jitted;
} pk_rule;

typedef enum pk_boiler_action {
	PK_BOILER_DROP_LINE = 0,
	PK_BOILER_CUT_FROM
} pk_boiler_action;

typedef struct pk_boiler {
	char *id;
	pk_boiler_action action;
	pcre2_code *re;
} pk_boiler;

typedef enum pk_meta_field {
	PK_META_ISSUED = 0,
	PK_META_PUBLISHER,
	PK_META_SOURCE,
	PK_META_TITLE,
	PK_META__COUNT
} pk_meta_field;

typedef struct pk_meta_rule {
	char *id;
	pk_meta_field field;
	pcre2_code *re;
	char *value; /* fixed value, or NULL to take group "value" */
	char *tz;    /* "+09:00": the zone of a clock time in the header */
	char *lexicon; /* the group "value" names a form of this lexicon, and
	                * the field gets the form's canonical value */
	int lines;   /* search only the first N lines; 0 = all */
} pk_meta_rule;


struct pk_ruleset {
	pk_entity *entities;
	size_t nentities;
	const pk_entity **by_id; /* the entities sorted by id, for lookups */
	pk_title *titles;
	size_t ntitles;
	pk_particle_group *particles;
	size_t nparticles;
	pk_lexicon *lexicons;
	size_t nlexicons;
	size_t lex_at[PK_LEX__COUNT]; /* 1 + the index in lexicons of each
	                               * lexicon of schema.h; 0: not loaded */
	pk_rule *rules;
	size_t nrules;
	pk_boiler *boiler;
	size_t nboiler;
	pk_meta_rule *meta;
	size_t nmeta;
	pk_gazetteer *gaz; /* index over entities, titles and particles */
	/* every rule's trigger words (NULL when no rule has one); a word's
	 * values are the numbers of the clauses it satisfies */
	struct pk_trie *triggers;
	size_t ntclauses;
	pcre2_match_context *mctx; /* match and depth limits */
	uint32_t match_limit;
	uint32_t depth_limit;
	int no_jit;                /* PK_NO_JIT=1: the interpreter only */
	/* the one lock of a loaded ruleset: a rule's JIT code is made on
	 * its first use, by one thread, while the others wait */
	pthread_mutex_t jit_mu;
	int jit_mu_made;
};

const pk_entity *pk_ruleset_entity(const pk_ruleset *rs, const char *id);
/* The title whose canonical form or alias is exactly s[0..n), or NULL. */
const pk_title *pk_ruleset_title(const pk_ruleset *rs, const char *s, size_t n);
/* The title with that id, or NULL. */
const pk_title *pk_ruleset_title_by_id(const pk_ruleset *rs, const char *id);
/* The canonical value of lexicon name whose form is s[0..n), or NULL.
 * Spaces in s are ignored, so "다음 달" and "다음달" are one form.  For
 * a name the rules give (a [meta]'s lexicon); the stages use pk_ruleset_lex. */
const char *pk_ruleset_lexicon(const pk_ruleset *rs, const char *name,
	const char *s, size_t n);
/* The same for a lexicon of the schema. */
const char *pk_ruleset_lex(const pk_ruleset *rs, pk_lex lx, const char *s, size_t n);
/* The lexicon lx as loaded, or NULL when the rules have none. */
const pk_lexicon *pk_ruleset_lexicon_of(const pk_ruleset *rs, pk_lex lx);

/* Make rule r's JIT code, once, before its first match: a rule's is made
 * only when a sentence needs it (a single article runs some 40 of the
 * 108 rules, and compiling the rest took 0.1 s of its 0.25).  Safe from
 * several threads: no thread matches with r->re until its code is made.
 * A JIT that fails leaves the interpreter, as at load. */
void pk_ruleset_rule_jit(const pk_ruleset *rs, const pk_rule *r);

/* pcre2_match of one of the ruleset's patterns over s[0..n) from start,
 * s known to be valid UTF-8 (valid_utf8 nonzero) or not.  A JIT-compiled
 * pattern over valid text goes straight to pcre2_jit_match: pcre2_match's
 * checks before it cost a few hundred instructions, and every sentence and
 * header line makes dozens of calls. */
static inline int pk_ruleset_match(const pcre2_code *re, const char *s, size_t n,
	size_t start, int valid_utf8, pcre2_match_data *md, pcre2_match_context *mctx)
{
	size_t jit = 0;

	if (valid_utf8 && pcre2_pattern_info(re, PCRE2_INFO_JITSIZE, &jit) == 0 && jit > 0)
		return pcre2_jit_match(re, (PCRE2_SPTR)s, n, start, 0, md, mctx);
	return pcre2_match(re, (PCRE2_SPTR)s, n, start, valid_utf8 ? PCRE2_NO_UTF_CHECK : 0,
		md, mctx);
}

#endif
