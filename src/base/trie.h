/*
 * trie.h - a trie over UTF-8 strings, for the gazetteer's names, titles
 * and particles (edges are bytes) and for the rules' trigger words (edges
 * are code points: a Hangul syllable is one step, not three).
 *
 * Edges live in one open-addressing hash table keyed by (node, symbol), so
 * 100,000 names cost a few MB and a step costs one probe.  Each node that
 * ends a string holds a list of values (what the string stands for), in
 * insertion order, without exact duplicates.  A bitmap of the symbols
 * below 65,536 that leave the root lets a scan skip, without a probe, the
 * many places where no string starts (the edge table is too big to stay in
 * cache).  Once built, pk_trie_freeze lays the edges out again as each
 * node's sorted run of (symbol, child), and the root's as an array ranked
 * by that bitmap: a step is then a read of a few nearby words, where a
 * probe of the table was a cache miss (the rules' trigger scan takes
 * about nine million steps per 10 MB of text).  A pk_trie is embedded by
 * its owner (pk_trie_init / pk_trie_free) and read-only once built, so
 * several threads may walk it at once.
 */
#ifndef PK_TRIE_H
#define PK_TRIE_H

#include <stddef.h>
#include <stdint.h>

/* What a trie node's terminal says about the string that ends there. */
typedef struct pk_trie_value {
	uint32_t value;   /* the owner's index: an entity, a title, a trigger clause */
	uint32_t kind;    /* the owner's tag (the gazetteer: name or abbreviation) */
	int32_t next;     /* next value on the same node, -1 ends */
} pk_trie_value;

/* An edge of a frozen trie. */
typedef struct pk_trie_edge {
	uint32_t sym;
	uint32_t child;
} pk_trie_edge;

typedef struct pk_trie {
	uint64_t *keys;    /* ((node << 21) | symbol) + 1; 0 = empty slot */
	uint32_t *child;
	size_t cap;        /* power of two */
	size_t used;
	int32_t *head;     /* per node: first pk_trie_value, -1 if none */
	size_t nnodes;
	size_t node_cap;
	pk_trie_value *vals;
	size_t nvals;
	size_t val_cap;
	int by_cp;         /* edges are code points, not bytes */
	uint64_t *first;   /* 65,536 bits: the symbols that leave the root */
	int first_astral;  /* some string starts with a symbol past the BMP */
	/* frozen (pk_trie_freeze), else NULL: node n's edges are
	 * edges[estart[n] .. estart[n + 1]), by symbol; the root's edge of
	 * a BMP symbol c is edges[rank[c / 64] + the bits of first below c] */
	pk_trie_edge *edges;
	uint32_t *estart;
	uint32_t *rank;
} pk_trie;

int pk_trie_init(pk_trie *t);     /* edges are bytes */
int pk_trie_init_cp(pk_trie *t);  /* edges are code points */
void pk_trie_free(pk_trie *t);
/* Lay the edges out for reading (above); an insert afterwards undoes it.
 * 0 or PK_ENOMEM (the trie then still works, unfrozen). */
int pk_trie_freeze(pk_trie *t);
/* Add s (NUL-terminated, non-empty, valid UTF-8) with value and kind. */
int pk_trie_insert(pk_trie *t, const char *s, uint32_t value, uint32_t kind);
/* Length of the longest string of byte trie t that starts at s[0..len),
 * 0 if none; *value (if not NULL) gets its first value. */
size_t pk_trie_longest(const pk_trie *t, const char *s, size_t len, uint32_t *value);

static inline uint64_t pk_trie_hash(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

/* Whether some string of t may start with symbol c: 0 means none does. */
static inline int pk_trie_may_start(const pk_trie *t, uint32_t c)
{
	return c < 65536 ? (int)((t->first[c >> 6] >> (c & 63)) & 1) : t->first_astral;
}

/* Follow the edge of symbol c (a byte, or a code point) from node; 0 if
 * there is none.  Inline: the gazetteer and the trigger scan take one step
 * per symbol of every sentence. */
static inline int pk_trie_step(const pk_trie *t, uint32_t node, uint32_t c, uint32_t *out)
{
	uint64_t key, w, bit;
	size_t i;

	if (t->edges) {
		const pk_trie_edge *e, *end;

		if (node == 0 && c < 65536) {
			w = t->first[c >> 6];
			bit = (uint64_t)1 << (c & 63);
			if (!(w & bit))
				return 0;
			*out = t->edges[t->rank[c >> 6] + (uint32_t)__builtin_popcountll(w & (bit - 1))].child;
			return 1;
		}
		e = t->edges + t->estart[node];
		end = t->edges + t->estart[node + 1];
		while (end - e > 8) {   /* the root's, and a few wide nodes */
			const pk_trie_edge *mid = e + (end - e) / 2;

			if (mid->sym < c)
				e = mid + 1;
			else
				end = mid + 1;
		}
		for (; e < end && e->sym <= c; e++)
			if (e->sym == c) {
				*out = e->child;
				return 1;
			}
		return 0;
	}
	key = (((uint64_t)node << 21) | c) + 1;
	i = (size_t)pk_trie_hash(key) & (t->cap - 1);
	while (t->keys[i]) {
		if (t->keys[i] == key) {
			*out = t->child[i];
			return 1;
		}
		i = (i + 1) & (t->cap - 1);
	}
	return 0;
}

#endif
