/*
 * ruleset_check.c - what can only be checked once every section is built:
 * ids unique within a kind, and references between entries (an entity's
 * parent and country, its glue, a title's implicit organization and its
 * forms in other bodies) resolve.  The entities are indexed by id here,
 * for these checks and for pk_ruleset_entity.
 */
#include "pipeline/ruleset_int.h"

#include <stdlib.h>
#include <string.h>

/* Some entity lists form among its abbrs. */
static int pk_ruleset_is_abbr(const pk_ruleset *rs, const char *form)
{
	size_t i, j;

	for (i = 0; i < rs->nentities; i++)
		for (j = 0; j < rs->entities[i].nabbrs; j++)
			if (strcmp(rs->entities[i].abbrs[j], form) == 0)
				return 1;
	return 0;
}

static int pk_section_ptr_cmp(const void *a, const void *b)
{
	const pk_section *x = *(const pk_section *const *)a, *y = *(const pk_section *const *)b;
	int c = strcmp(x->kind, y->kind);

	if (!c)
		c = strcmp(x->id, y->id);
	return c ? c : (x < y ? -1 : x > y);
}

static int pk_entity_ptr_cmp(const void *a, const void *b)
{
	return strcmp((*(const pk_entity *const *)a)->id, (*(const pk_entity *const *)b)->id);
}

/* Index the entities by id (sorted, so that a gazetteer of 100,000
 * entries loads in O(n log n), not O(n^2)). */
int pk_ruleset_index_entities(pk_ruleset *rs)
{
	size_t i;

	free(rs->by_id);
	rs->by_id = malloc((rs->nentities + 1) * sizeof *rs->by_id);
	if (!rs->by_id)
		return PK_ENOMEM;
	for (i = 0; i < rs->nentities; i++)
		rs->by_id[i] = &rs->entities[i];
	qsort(rs->by_id, rs->nentities, sizeof *rs->by_id, pk_entity_ptr_cmp);
	return 0;
}

/* Ids must be unique within a kind; references must resolve.  Sections
 * are sorted by kind and id to find duplicates; they are reported in file
 * order, each against the first of its id. */
int pk_ruleset_check_refs(pk_loader *ld)
{
	pk_ruleset *rs = ld->rs;
	pk_section **sorted = NULL;
	const pk_section **first = NULL;
	size_t i, j, n = 0;

	sorted = malloc((ld->nsec + 1) * sizeof *sorted);
	first = calloc(ld->nsec + 1, sizeof *first);
	if (!sorted || !first) {
		free(sorted);
		free(first);
		return PK_ENOMEM;
	}
	for (i = 0; i < ld->nsec; i++)
		if (ld->sec[i].id)
			sorted[n++] = &ld->sec[i];
	qsort(sorted, n, sizeof *sorted, pk_section_ptr_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(sorted[j]->kind, sorted[i]->kind) == 0 &&
		     strcmp(sorted[j]->id, sorted[i]->id) == 0; j++)
			first[sorted[j] - ld->sec] = sorted[i];
	}
	for (i = 0; i < ld->nsec; i++)
		if (first[i])
			pk_ruleset_error(ld, ld->sec[i].file, ld->sec[i].line,
				"duplicate %s id '%s' (first at %s:%d)", ld->sec[i].kind,
				ld->sec[i].id, first[i]->file, first[i]->line);
	free(sorted);
	free(first);
	for (i = 0; i < rs->nentities; i++) {
		const pk_entity *e = &rs->entities[i];

		if (e->parent && !pk_ruleset_entity(rs, e->parent))
			pk_ruleset_error(ld, e->file, e->line, "entity %s: unknown parent '%s'", e->id, e->parent);
		if (e->nglue && !e->nabbrs)
			pk_ruleset_error(ld, e->file, e->line, "entity %s: 'glue' without an 'abbr' to glue to", e->id);
		for (j = 0; j < e->nglue; j++)
			if (!pk_ruleset_is_abbr(rs, e->glue[j]))
				pk_ruleset_error(ld, e->file, e->line,
					"entity %s: glue '%s' is no entity's abbr", e->id, e->glue[j]);
		if (e->country) {
			const pk_entity *c = pk_ruleset_entity(rs, e->country);

			if (!c)
				pk_ruleset_error(ld, e->file, e->line, "entity %s: unknown country '%s'", e->id, e->country);
			else if (c->cls != PK_CLASS_COUNTRY)
				pk_ruleset_error(ld, e->file, e->line, "entity %s: '%s' is not a Country", e->id, e->country);
		}
	}
	for (i = 0; i < rs->ntitles; i++) {
		const pk_title *t = &rs->titles[i];

		if (t->implicit_org && !pk_ruleset_entity(rs, t->implicit_org))
			pk_ruleset_error(ld, t->file, t->line, "title %s: unknown implicit-org '%s'",
				t->id, t->implicit_org);
		if (t->in_intl && !pk_ruleset_title_by_id(rs, t->in_intl))
			pk_ruleset_error(ld, t->file, t->line,
				"title %s: unknown in-international-organization '%s'", t->id, t->in_intl);
		if (t->in_company && !pk_ruleset_title_by_id(rs, t->in_company))
			pk_ruleset_error(ld, t->file, t->line, "title %s: unknown in-company '%s'",
				t->id, t->in_company);
	}
	return 0;
}
