/*
 * build_events_index.c - the indexes an event or agreement finds those it
 * may join through (build_events_int.h says what a key is), and the
 * search over the lists of ids they give.  A long page holds thousands of
 * events and agreements: comparing a new one with each would cost the
 * square of them, the lists cost what they hold.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/build_events_int.h"

static size_t pk_ev_index_slot(const pk_ev_index *x, char kind, const char *s, size_t n)
{
	size_t i = (size_t)(pk_hash_fast(s, n) ^ ((uint64_t)(unsigned char)kind * 0x9E3779B97F4A7C15ULL)) &
		(x->cap - 1);

	while (x->v[i].kind && !(x->v[i].kind == kind && x->v[i].len == n &&
	       memcmp(x->v[i].key, s, n) == 0))
		i = (i + 1) & (x->cap - 1);
	return i;
}

const pk_ev_entry *pk_ev_index_get(const pk_ev_index *x, char kind, const char *s, size_t n)
{
	size_t i;

	if (!x->cap)
		return NULL;
	i = pk_ev_index_slot(x, kind, s, n);
	return x->v[i].kind ? &x->v[i] : NULL;
}

static int pk_ev_index_grow(pk_ev_index *x)
{
	pk_ev_index y;
	size_t i;

	y.cap = x->cap ? x->cap * 2 : 256;
	y.used = x->used;
	if (!(y.v = calloc(y.cap, sizeof *y.v)))
		return PK_ENOMEM;
	for (i = 0; i < x->cap; i++)
		if (x->v[i].kind)
			y.v[pk_ev_index_slot(&y, x->v[i].kind, x->v[i].key, x->v[i].len)] = x->v[i];
	free(x->v);
	*x = y;
	return 0;
}

/* File id under kind and s[0..n), once; each key's ids stay sorted. */
int pk_ev_index_put(pk_ev_index *x, char kind, const char *s, size_t n, long id)
{
	pk_ev_entry *e;
	size_t i, k;

	if ((x->used + 1) * 2 > x->cap && pk_ev_index_grow(x) < 0)
		return PK_ENOMEM;
	i = pk_ev_index_slot(x, kind, s, n);
	e = &x->v[i];
	if (!e->kind) {
		if (!(e->key = malloc(n + 1)))
			return PK_ENOMEM;
		memcpy(e->key, s, n);
		e->key[n] = '\0';
		e->len = n;
		e->kind = kind;
		x->used++;
	}
	/* ids come in increasing order but when filed again, mostly under
	 * keys they have already */
	if (!e->n || e->ids[e->n - 1] < id) {
		k = e->n;
	} else {
		size_t lo = 0, hi = e->n;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (e->ids[mid] < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < e->n && e->ids[lo] == id)
			return 0;
		k = lo;
	}
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 4;
		long *ids = realloc(e->ids, cap * sizeof *ids);

		if (!ids)
			return PK_ENOMEM;
		e->ids = ids;
		e->cap = cap;
	}
	memmove(e->ids + k + 1, e->ids + k, (e->n - k) * sizeof *e->ids);
	e->ids[k] = id;
	e->n++;
	return 0;
}

void pk_ev_index_free(pk_ev_index *x)
{
	size_t i;

	for (i = 0; i < x->cap; i++) {
		free(x->v[i].key);
		free(x->v[i].ids);
	}
	free(x->v);
	memset(x, 0, sizeof *x);
}

/* Add the ids filed under e (NULL: none) to those to search. */
int pk_ev_lists_add(pk_ev_state *st, const pk_ev_entry *e)
{
	const pk_ev_entry **p;

	if (!e || !e->n)
		return 0;
	if (st->nlists == st->lists_cap) {
		size_t cap = st->lists_cap ? st->lists_cap * 2 : 16;

		if (!(p = realloc(st->lists, cap * sizeof *p)))
			return PK_ENOMEM;
		st->lists = p;
		st->lists_cap = cap;
	}
	st->lists[st->nlists++] = e;
	return 0;
}



/* The least id (greatest, with last) of those to search that passes
 * test, or -1.  Each list is read from its end that counts and only while
 * it could still do better than what is found. */
long pk_ev_lists_search(const pk_ev_state *st, int last, pk_ev_test test, const void *arg)
{
	long best = -1;
	size_t i, k;

	for (i = 0; i < st->nlists; i++) {
		const pk_ev_entry *e = st->lists[i];

		for (k = 0; k < e->n; k++) {
			long id = e->ids[last ? e->n - 1 - k : k];

			if (best >= 0 && (last ? id <= best : id >= best))
				break;
			if (test(st, id, arg)) {
				best = id;
				break;
			}
		}
	}
	return best;
}
