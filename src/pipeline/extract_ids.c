/*
 * extract_ids.c - the document ids pk_extractor has taken, a hash set:
 * two inputs with one id become one document, and the second is told so
 * (with the first one's name) when it is taken.  The set points into the
 * input listings, which the extractor keeps to the end, rather than
 * copying each id and path: at 540,000 files the copies were half of
 * what a streamed run held.
 */
#include <stdlib.h>
#include <string.h>

#include "pipeline/extract_int.h"

/* Two inputs with one id become one document: say so, once. */
/* The slot of id in the id set: its entry, or the empty slot for it. */
static size_t pk_extractor_id_slot(const pk_extractor *ex, const char *id)
{
	size_t i = (size_t)pk_hash_fast(id, strlen(id)) & (ex->idcap - 1);

	while (ex->idset[i] && strcmp(ex->ids[ex->idset[i] - 1], id) != 0)
		i = (i + 1) & (ex->idcap - 1);
	return i;
}

/* Grow the arrays for one more id; the set stays at most half full. */
static int pk_extractor_ids_grow(pk_extractor *ex)
{
	size_t cap, i, *set;
	const char **p;

	if (ex->nids == ex->idarr) {
		cap = ex->idarr ? ex->idarr * 2 : 64;
		if (!(p = realloc(ex->ids, cap * sizeof *p)))
			return PK_ENOMEM;
		ex->ids = p;
		if (!(p = realloc(ex->names, cap * sizeof *p)))
			return PK_ENOMEM;
		ex->names = p;
		ex->idarr = cap;
	}
	if ((ex->nids + 1) * 2 <= ex->idcap)
		return 0;
	cap = ex->idcap ? ex->idcap * 2 : 128;
	if (!(set = calloc(cap, sizeof *set)))
		return PK_ENOMEM;
	free(ex->idset);
	ex->idset = set;
	ex->idcap = cap;
	for (i = 0; i < ex->nids; i++)
		ex->idset[pk_extractor_id_slot(ex, ex->ids[i])] = i + 1;
	return 0;
}

/* Room for one more listing in ex->listings. */
int pk_extractor_listing_room(pk_extractor *ex)
{
	pk_listing *p = realloc(ex->listings, (ex->nlistings + 1) * sizeof *p);

	if (!p)
		return PK_ENOMEM;
	ex->listings = p;
	return 0;
}

void pk_extractor_listing_free(pk_listing *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->paths[i]);
		free(l->ids[i]);
	}
	free(l->paths);
	free(l->ids);
	memset(l, 0, sizeof *l);
}

/* A listing of one input of its own: a's name and id copied (a text
 * given by the caller, not read from a listing). */
static int pk_extractor_listing_copy(pk_extractor *ex, const pk_doc *doc)
{
	pk_listing *l;

	if (pk_extractor_listing_room(ex) < 0)
		return PK_ENOMEM;
	l = &ex->listings[ex->nlistings];
	memset(l, 0, sizeof *l);
	l->paths = calloc(1, sizeof *l->paths);
	l->ids = calloc(1, sizeof *l->ids);
	if (l->paths && l->ids) {
		l->n = 1; /* pk_extractor_listing_free frees the strings too now */
		l->paths[0] = pk_strdup(doc->name);
		l->ids[0] = pk_strdup(doc->id);
	}
	if (!l->n || !l->paths[0] || !l->ids[0]) {
		pk_extractor_listing_free(l);
		return PK_ENOMEM;
	}
	ex->nlistings++;
	return 0;
}

/* Two inputs with one document id merge their facts: say so.  The ids
 * are a hash set: a linear scan was quadratic in the corpus. */
int pk_extractor_note_id(pk_extractor *ex, const pk_analysis *a)
{
	const pk_doc *doc = &a->doc;
	size_t slot;

	if (pk_extractor_ids_grow(ex) < 0)
		return PK_ENOMEM;
	slot = pk_extractor_id_slot(ex, doc->id);
	if (ex->idset[slot]) {
		pk_diag_emit(&ex->diag, PK_SEV_WARNING,
			"%s: same document id as %s (document/%s): their facts are merged",
			doc->name, ex->names[ex->idset[slot] - 1], doc->id);
		return 0;
	}
	if (a->src_id && a->src_path && strcmp(a->src_id, doc->id) == 0 &&
	    strcmp(a->src_path, doc->name) == 0) {
		ex->ids[ex->nids] = a->src_id;
		ex->names[ex->nids] = a->src_path;
	} else {
		const pk_listing *l;

		if (pk_extractor_listing_copy(ex, doc) < 0)
			return PK_ENOMEM;
		l = &ex->listings[ex->nlistings - 1];
		ex->ids[ex->nids] = l->ids[0];
		ex->names[ex->nids] = l->paths[0];
	}
	ex->idset[slot] = ++ex->nids;
	return 0;
}
