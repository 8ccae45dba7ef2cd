/*
 * trie.c - the trie of trie.h: insertion (growing the edge table at half
 * load), the frozen layout, and longest-prefix lookup.
 */
#include "base/trie.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static int pk_trie_add_node(pk_trie *t, uint32_t *id)
{
	if (t->nnodes == t->node_cap) {
		size_t cap = t->node_cap ? t->node_cap * 2 : 256;
		int32_t *h = realloc(t->head, cap * sizeof *h);

		if (!h)
			return PK_ENOMEM;
		t->head = h;
		t->node_cap = cap;
	}
	t->head[t->nnodes] = -1;
	*id = (uint32_t)t->nnodes++;
	return 0;
}

int pk_trie_init(pk_trie *t)
{
	uint32_t root;

	memset(t, 0, sizeof *t);
	t->cap = 1024;
	t->keys = calloc(t->cap, sizeof *t->keys);
	t->child = calloc(t->cap, sizeof *t->child);
	t->first = calloc(65536 / 64, sizeof *t->first);
	if (!t->keys || !t->child || !t->first)
		return PK_ENOMEM;
	return pk_trie_add_node(t, &root);
}

static void pk_trie_thaw(pk_trie *t)
{
	free(t->edges);
	free(t->estart);
	free(t->rank);
	t->edges = NULL;
	t->estart = NULL;
	t->rank = NULL;
}

void pk_trie_free(pk_trie *t)
{
	pk_trie_thaw(t);
	free(t->keys);
	free(t->child);
	free(t->head);
	free(t->vals);
	free(t->first);
	memset(t, 0, sizeof *t);
}

static int pk_trie_rehash(pk_trie *t)
{
	size_t cap = t->cap * 2, i, j;
	uint64_t *keys = calloc(cap, sizeof *keys);
	uint32_t *child = calloc(cap, sizeof *child);

	if (!keys || !child) {
		free(keys);
		free(child);
		return PK_ENOMEM;
	}
	for (i = 0; i < t->cap; i++) {
		if (!t->keys[i])
			continue;
		j = (size_t)pk_trie_hash(t->keys[i]) & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = t->keys[i];
		child[j] = t->child[i];
	}
	free(t->keys);
	free(t->child);
	t->keys = keys;
	t->child = child;
	t->cap = cap;
	return 0;
}

int pk_trie_init_cp(pk_trie *t)
{
	int rc = pk_trie_init(t);

	t->by_cp = 1;
	return rc;
}

static int pk_trie_edge_cmp(const void *a, const void *b)
{
	uint32_t x = ((const pk_trie_edge *)a)->sym, y = ((const pk_trie_edge *)b)->sym;

	return (x > y) - (x < y);
}

int pk_trie_freeze(pk_trie *t)
{
	uint32_t *fill = NULL;
	size_t i, n;
	int rc = 0;

	pk_trie_thaw(t);
	t->edges = malloc((t->used ? t->used : 1) * sizeof *t->edges);
	t->estart = calloc(t->nnodes + 1, sizeof *t->estart);
	t->rank = malloc(65536 / 64 * sizeof *t->rank);
	fill = malloc((t->nnodes + 1) * sizeof *fill);
	if (!t->edges || !t->estart || !t->rank || !fill) {
		rc = PK_ENOMEM;
		goto out;
	}
	/* a count per node, then where each node's run starts */
	for (i = 0; i < t->cap; i++)
		if (t->keys[i])
			t->estart[((t->keys[i] - 1) >> 21) + 1]++;
	for (i = 0; i < t->nnodes; i++)
		t->estart[i + 1] += t->estart[i];
	memcpy(fill, t->estart, (t->nnodes + 1) * sizeof *fill);
	for (i = 0; i < t->cap; i++) {
		if (!t->keys[i])
			continue;
		n = (size_t)((t->keys[i] - 1) >> 21);
		t->edges[fill[n]].sym = (uint32_t)((t->keys[i] - 1) & ((1u << 21) - 1));
		t->edges[fill[n]++].child = t->child[i];
	}
	for (i = 0; i < t->nnodes; i++)
		if (t->estart[i + 1] - t->estart[i] > 1)
			qsort(t->edges + t->estart[i], t->estart[i + 1] - t->estart[i],
				sizeof *t->edges, pk_trie_edge_cmp);
	/* the root's BMP edges come first, in the order of first's bits */
	for (i = 0, n = 0; i < 65536 / 64; i++) {
		t->rank[i] = (uint32_t)n;
		n += (size_t)__builtin_popcountll(t->first[i]);
	}
out:
	free(fill);
	if (rc < 0)
		pk_trie_thaw(t);
	return rc;
}

int pk_trie_insert(pk_trie *t, const char *s, uint32_t value, uint32_t kind)
{
	uint32_t node = 0, next;
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), step;
	pk_trie_value *v;
	int32_t *link, tail, cur;

	pk_trie_thaw(t);

	for (; *p; p += step) {
		uint32_t sym = *p;
		uint64_t key;
		size_t i;

		step = 1;
		if (t->by_cp && !(step = pk_utf8_decode(p, len - (size_t)(p - (const unsigned char *)s), &sym)))
			return PK_EUSAGE; /* not UTF-8: the rule files are checked first */
		if (node == 0) {
			if (sym < 65536)
				t->first[sym >> 6] |= (uint64_t)1 << (sym & 63);
			else
				t->first_astral = 1;
		}
		if (pk_trie_step(t, node, sym, &next)) {
			node = next;
			continue;
		}
		if ((t->used + 1) * 2 > t->cap && pk_trie_rehash(t) < 0)
			return PK_ENOMEM;
		if (pk_trie_add_node(t, &next) < 0)
			return PK_ENOMEM;
		key = (((uint64_t)node << 21) | sym) + 1;
		i = (size_t)pk_trie_hash(key) & (t->cap - 1);
		while (t->keys[i])
			i = (i + 1) & (t->cap - 1);
		t->keys[i] = key;
		t->child[i] = next;
		t->used++;
		node = next;
	}
	/* keep values in insertion order, skipping exact duplicates; the tail
	 * is kept as an index: the realloc below may move t->vals */
	for (tail = -1, cur = t->head[node]; cur >= 0; tail = cur, cur = t->vals[cur].next) {
		if (t->vals[cur].value == value && t->vals[cur].kind == kind)
			return 0;
	}
	if (t->nvals == t->val_cap) {
		size_t cap = t->val_cap ? t->val_cap * 2 : 256;
		pk_trie_value *nv = realloc(t->vals, cap * sizeof *nv);

		if (!nv)
			return PK_ENOMEM;
		t->vals = nv;
		t->val_cap = cap;
	}
	v = &t->vals[t->nvals];
	v->value = value;
	v->kind = kind;
	v->next = -1;
	link = tail < 0 ? &t->head[node] : &t->vals[tail].next;
	*link = (int32_t)t->nvals++;
	return 0;
}

size_t pk_trie_longest(const pk_trie *t, const char *s, size_t len, uint32_t *value)
{
	uint32_t node = 0;
	size_t i, best = 0;

	for (i = 0; i < len; i++) {
		if (!pk_trie_step(t, node, (unsigned char)s[i], &node))
			break;
		if (t->head[node] >= 0) {
			best = i + 1;
			if (value)
				*value = t->vals[t->head[node]].value;
		}
	}
	return best;
}
