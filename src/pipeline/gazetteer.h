/*
 * gazetteer.h - the gazetteer stage: finds the names of rules/gazetteer/
 * in a sentence, longest match first, and says which particle follows each.
 *
 * It hands the rules stage a list of non-overlapping matches in text order.
 */
#ifndef PK_GAZETTEER_H
#define PK_GAZETTEER_H

#include "pipeline/normalize.h"
#include "pipeline/names.h"
#include "base/util.h"

typedef struct pk_gaz_match {
	size_t start;        /* the name: bytes [start, end) of the text */
	size_t end;
	size_t pend;         /* end of the particle after the name (== end if none) */
	const pk_entity *ent;
	int particle;        /* index into names->particles, or -1 */
	int glued_title;     /* a title follows with no space (과학기술정보통신부장관) */
} pk_gaz_match;

typedef struct pk_gazetteer pk_gazetteer;

/* Build the index over names (entities, titles, particle groups), which
 * must outlive it; names are normalized with norm so they compare with
 * normalized text. */
int pk_gazetteer_new(pk_gazetteer **out, const pk_names *names,
	pk_normalizer *norm, const pk_diag *diag);
void pk_gazetteer_free(pk_gazetteer *gz);

/* Matches in text[0..len) (normalized UTF-8).  *out is malloc'd, sorted by
 * start; the caller frees it. */
int pk_gazetteer_find(pk_gaz_match **out, size_t *n, const pk_gazetteer *gz,
	const char *text, size_t len);

/* Names an article gives its actors (이하 '안전연구소'), matched like the
 * gazetteer's own for the rest of that article. */
typedef struct pk_gaz_alias {
	char *name;
	const pk_entity *ent;
} pk_gaz_alias;

/* pk_gazetteer_find, with the article's aliases too. */
int pk_gazetteer_find_with(pk_gaz_match **out, size_t *n, const pk_gazetteer *gz,
	const pk_gaz_alias *aliases, size_t naliases, const char *text, size_t len);

/* The title spelled exactly s[0..n), or NULL. */
const pk_title *pk_gazetteer_title(const pk_gazetteer *gz, const char *s, size_t n);

#endif
