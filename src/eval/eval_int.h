/*
 * eval_int.h - what the files of eval share: the table of what a fact
 * has and how each key is compared (pk_eval_keys, defined in eval.c), and
 * the helpers that build facts.  eval.c holds the table, the facts and the
 * run; eval_gold.c reads gold files; eval_graph.c reads facts back from a
 * graph; eval_match.c matches found with gold facts and compares known
 * misses.  Not part of any other module.
 */
#ifndef PK_EVAL_INT_H
#define PK_EVAL_INT_H

#include "eval/eval.h"

/* How a gold file writes a key. */
#define PK_EVAL_F_POSITIONAL 0x1 /* the first field, without "key=" */
#define PK_EVAL_F_LIST 0x2       /* comma-separated values */
#define PK_EVAL_F_DATE 0x4       /* a date in the contract's lexical forms */
#define PK_EVAL_F_INTERNAL 0x8   /* derived, never written */
#define PK_EVAL_F_REF 0x10       /* names actors: a gazetteer id, or an id the
                                  * gold file gives a name for (actor ID |
                                  * name=...), matched by that name */

typedef enum pk_eval_match_mode {
	PK_EVAL_M_NONE = 0, /* written in the gold for people, not compared */
	PK_EVAL_M_EQ,       /* the gold's value is among the extracted ones */
	PK_EVAL_M_SET,      /* the same set of values */
	PK_EVAL_M_NAME      /* the names overlap; checked only when the gold
	                     * gives no start date */
} pk_eval_match_mode;

typedef struct pk_eval_key {
	const char *name;
	unsigned flags;
	pk_eval_match_mode match;
	const char *const *allowed; /* the values a gold file may give, or NULL */
} pk_eval_key;

extern const char *const pk_eval_kinds[];
extern const char *const pk_eval_classes[];
extern const char *const pk_eval_type_names[PK_EVAL__TYPES];
extern const pk_eval_key pk_eval_keys[PK_EVAL__TYPES][PK_EVAL_MAX_KEYS];

/* eval.c */
int pk_eval_key_index(pk_eval_type type, const char *name);
int pk_eval_value_add(pk_eval_value *v, const char *s, size_t len);
int pk_eval_value_set(pk_eval_value *v, const char *s);
int pk_eval_value_has(const pk_eval_value *v, const char *s);
pk_eval_fact *pk_eval_facts_push(pk_eval_facts *fs, pk_eval_type type);
void pk_eval_facts_pop(pk_eval_facts *fs);

/* eval_gold.c */
char *pk_eval_trim(char *s);

#endif
