/*
 * schema.h - what a rule may output, in one table: the yields a rule may
 * have, per yield the named groups ("roles") its pattern may use (which
 * are required, which are the words a fact claims, which lexicon a
 * group's text is a form of), and per lexicon that the later stages
 * interpret, the values it may map forms to.
 *
 * Everything that reads rules reads this table: the loader and `policykg
 * rules check` (ruleset_build.c) reject a group a yield has no meaning
 * for, a missing required group and a lexicon value no stage knows, with
 * FILE:LINE; the rules stage (rules.c) gives each slot its role and
 * settles overlaps on the anchor groups; the graph stage asks a fact for
 * its slots by pk_role and reads lexicons by pk_lex, so a misspelt role is
 * a compile error, not a fact that silently says nothing; and the tables
 * of rules/README.md are written from it (pk_schema_markdown, `policykg
 * rules schema`; unit.test_schema fails when the README differs).
 *
 * Pure data and lookups; the text functions append to a caller's pk_buf
 * (PK_ENOMEM when it cannot grow).
 */
#ifndef PK_SCHEMA_H
#define PK_SCHEMA_H

#include "pipeline/resolve.h"
#include "base/util.h"

typedef enum pk_yield {
	PK_YIELD_POSITION = 0, /* a person holding a title */
	PK_YIELD_AGREEMENT,    /* an MOU, declaration, partnership, accord */
	PK_YIELD_EVENT,        /* a meeting, summit, forum, ceremony, visit */
	PK_YIELD_DATE,         /* a date expression */
	PK_YIELD_ALIAS,        /* a name the article gives an actor (이하 '과기정통부') */
	PK_YIELD_ORG,          /* an organization the gazetteer does not know, by
	                        * the shape of its name (슬로베니아 디지털혁신부) */
	PK_YIELD__COUNT
} pk_yield;

/* "position" ...; "?" for no yield. */
const char *pk_yield_name(pk_yield y);
/* The yield named name, or PK_YIELD__COUNT. */
pk_yield pk_yield_by_name(const char *name);
/* Append "position, agreement, ... or organization", for messages. */
int pk_schema_yields_text(pk_buf *b);

/* A named group's meaning.  The order is that of rules/README.md and of
 * the messages that list a yield's groups. */
typedef enum pk_role {
	PK_ROLE_KIND = 0,
	PK_ROLE_CLASS,
	PK_ROLE_NAME,
	PK_ROLE_NAME_EN,
	PK_ROLE_TITLE,
	PK_ROLE_TITLE2,
	PK_ROLE_TITLE_EN,
	PK_ROLE_ORG,
	PK_ROLE_STATUS,
	PK_ROLE_PARTY,
	PK_ROLE_PARTNER,
	PK_ROLE_PAIR,
	PK_ROLE_COREF,
	PK_ROLE_PARTOF,
	PK_ROLE_VALID,
	PK_ROLE_LOCATION,
	PK_ROLE_ORGANIZER,
	PK_ROLE_PARTICIPANT,
	PK_ROLE_CHAIR,
	PK_ROLE_Y,
	PK_ROLE_M,
	PK_ROLE_D,
	PK_ROLE_MNAME,
	PK_ROLE_Y2,
	PK_ROLE_M2,
	PK_ROLE_D2,
	PK_ROLE_REL,
	PK_ROLE_WD,
	PK_ROLE_WD2,
	PK_ROLE_OF,
	PK_ROLE_ALIAS,
	PK_ROLE_COUNTRY,
	PK_ROLE__COUNT
} pk_role;

/* The group name of role ("organizer"); "?" for none. */
const char *pk_role_name(pk_role r);
/* The role a group name stands for: its name, or for a role that may be
 * numbered its name and digits (organizer2 is an organizer).  Returns 0
 * and sets *out when name is one, -1 when it is none. */
int pk_role_by_name(pk_role *out, const char *name);

/* The lexicons a later stage reads by name; a [lexicon] of another name
 * (outlet) is read only where the rules name it. */
typedef enum pk_lex {
	PK_LEX_NONE = 0,
	PK_LEX_AGREEMENT_KIND,
	PK_LEX_AGREEMENT_STATUS,
	PK_LEX_EVENT_CLASS,
	PK_LEX_EVENT_PART_OF,
	PK_LEX_COREFERENCE,
	PK_LEX_DEMONSTRATIVE,
	PK_LEX_DATE_RELATIVE,
	PK_LEX_WEEKDAY,
	PK_LEX_MONTH,
	PK_LEX_UNIT_HEAD,
	PK_LEX_ANNOUNCEMENT,
	PK_LEX__COUNT
} pk_lex;

/* "agreement-kind" ...; NULL for PK_LEX_NONE. */
const char *pk_lex_name(pk_lex l);
/* The lexicon named name, or PK_LEX_NONE. */
pk_lex pk_lex_by_name(const char *name);

/* What role r is to yield y. */
typedef struct pk_schema_group {
	const char *meaning; /* NULL: y has no group r */
	int required;        /* a rule of y must have it */
	int anchor;          /* 1: the words a fact claims when two facts of y
	                      * overlap; 2: those when the fact has no group of
	                      * anchor 1; 0: neither */
	pk_lex lexicon;      /* its text is a form of this lexicon, or NONE */
} pk_schema_group;

/* What role r is to yield y, or NULL when y has no such group. */
const pk_schema_group *pk_schema_group_of(pk_yield y, pk_role r);
/* Append the group names of yield y, comma-separated, for messages. */
int pk_schema_groups_text(pk_buf *b, pk_yield y);

/* Whether value is one that lexicon lx may map a form to: 1 or 0; 1 for a
 * lexicon whose values no stage interprets (PK_LEX_NONE, unit-head). */
int pk_schema_value_ok(pk_lex lx, const char *value);
/* Append what lx's values may be ("Concluded or Planned"), for messages. */
int pk_schema_values_text(pk_buf *b, pk_lex lx);
/* Whether value is an event class (a value of lexicon event-class, and
 * what an event rule's 'class' key may say). */
int pk_schema_event_class_ok(const char *value);

/* A value of lexicon date-relative as the date stage reads it. */
typedef struct pk_schema_rel {
	pk_rel_unit unit; /* year, month, week, day with offset; NONE for the rest */
	int offset;
	int direction;    /* "past" -1, "future" +1 (지난 22일, 오는 15일) */
	int same_day;     /* "same-day": 이날, the story's last full day */
} pk_schema_rel;

/* Read value into *out: 1, or 0 when it is no value of date-relative. */
int pk_schema_relative(pk_schema_rel *out, const char *value);

/* Append the tables rules/README.md shows between its "schema" markers:
 * the groups of each yield and the values of each lexicon. */
int pk_schema_markdown(pk_buf *b);

#endif
