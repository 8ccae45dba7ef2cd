/*
 * names.h - what the gazetteer matches: the classes of actors, the
 * entities and titles rules/gazetteer/ names, and the particle groups.
 *
 * These are plain data below both the rules loader (which fills them) and
 * the gazetteer (which indexes them), so neither includes the other's
 * header for them.
 */
#ifndef PK_NAMES_H
#define PK_NAMES_H

#include <stddef.h>
#include <stdint.h>

typedef enum pk_class {
	PK_CLASS_GOV = 0,  /* GovernmentBody */
	PK_CLASS_INTL,     /* InternationalOrganization */
	PK_CLASS_COMPANY,  /* Company */
	PK_CLASS_ORG,      /* Organization */
	PK_CLASS_COUNTRY,  /* Country */
	PK_CLASS_PLACE,    /* Place */
	PK_CLASS__COUNT
} pk_class;

/* The placeholder code point that stands for a gazetteer match of a class
 * in the text rules see (Private Use Area, never in normalized text). */
#define PK_MASK_BASE 0xE001u
#define PK_MASK_CP(cls) (PK_MASK_BASE + (uint32_t)(cls))

const char *pk_class_name(pk_class c); /* "GovernmentBody" ... */
/* The class named name ("Company"), or PK_CLASS__COUNT. */
pk_class pk_class_by_name(const char *name);

typedef struct pk_entity {
	char *id;
	pk_class cls;
	char *ko;
	char *en;
	char **aliases; /* normalized */
	size_t naliases;
	char **abbrs;   /* one-syllable forms, matched only in pairs */
	size_t nabbrs;
	char **glue;    /* abbreviations of others that may follow one of abbrs
	                 * with no joiner (한 + 미: 한미) */
	size_t nglue;
	char *parent;   /* entity id or NULL */
	char *country;  /* entity id or NULL */
	int minted;     /* read from one article's text (yield organization),
	                 * not in rs->entities; owned by the extraction */
	int priority;
	size_t order;   /* position in load order, for ties */
	char *file;
	int line;
} pk_entity;

typedef struct pk_title {
	char *id;
	char *ko;
	char *en;
	char **aliases;
	size_t naliases;
	char *implicit_org; /* entity id or NULL */
	char *in_intl;      /* the title (id) this one is when held in an
	                     * international organization (President -> 총재), or NULL */
	char *in_company;   /* ... in a company (President -> 사장), or NULL */
	char *file;         /* where it is defined, for messages */
	int line;
} pk_title;

typedef struct pk_particle_group {
	char *name;   /* "topic" */
	char **forms;
	size_t nforms;
} pk_particle_group;

/* The names a gazetteer is built over.  It points into the ruleset that
 * loaded them, which outlives the gazetteer. */
typedef struct pk_names {
	const pk_entity *entities;
	size_t nentities;
	const pk_title *titles;
	size_t ntitles;
	const pk_particle_group *particles;
	size_t nparticles;
} pk_names;

#endif
