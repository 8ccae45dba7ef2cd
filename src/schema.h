/*
 * schema.h - what a rule may output, in one table: per yield, the named
 * groups a rule's pattern may use (and which lexicon a group's text must
 * be a form of), and per lexicon that the later stages interpret, the
 * values it may map forms to.  `policykg rules check` (ruleset.c) checks
 * every rule and lexicon against it, and the graph stage reads lexicon
 * values through it (pk_schema_relative), so a group or a value the
 * stages have no meaning for is a FILE:LINE error, never a silently
 * different fact.
 *
 * Pure data and lookups: no allocation, nothing to free.
 */
#ifndef PK_SCHEMA_H
#define PK_SCHEMA_H

#include "ruleset.h"

/* A named group a rule may have. */
typedef struct pk_schema_group {
	const char *name;     /* "organizer" */
	unsigned yields;      /* bit (1u << pk_yield) for each yield that reads it */
	int numbered;         /* may carry a digit suffix for more of one role (organizer2) */
	const char *lexicon;  /* its text is a form of this lexicon, or NULL */
	const char *meaning;  /* what the graph stage makes of it, for messages */
} pk_schema_group;

/* The group name may stand in a rule of yield y: 1, or 0 (then *why
 * points at a message fragment naming the groups y may have). */
int pk_schema_group_ok(pk_yield y, const char *name, const pk_schema_group **out);

/* The groups yield y may have, comma-separated, for messages. */
const char *pk_schema_groups_of(pk_yield y);

/* Whether value is one lexicon name may map a form to; 1 when the later
 * stages do not interpret that lexicon's values.  *expected gets a
 * description of the values they know. */
int pk_schema_value_ok(const char *lexicon, const char *value, const char **expected);

/* A value of lexicon date-relative: unit ("year", "month", "week", "day") and
 * offset, or a direction ("past" -1, "future" +1, unit NULL).  Returns 0
 * when value is none of these. */
int pk_schema_relative(const char *value, const char **unit, int *offset, int *direction);

#endif
