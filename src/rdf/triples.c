/*
 * triples.c - the triple set (see triples.h).  Strings are interned in an
 * open-addressing table so a triple is five pointers and equality is
 * pointer equality; a second table keeps each triple once.
 */
#include "rdf/triples.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* A graph's strings live in an arena of blocks this size: a malloc and
 * a free for each was a tenth of extraction, most of it the graph of each
 * document, cleared and filled again per document. */
#define PK_GRAPH_ARENA_BLOCK ((size_t)64 << 10)

struct pk_graph {
	pk_arena *arena;    /* the strings of strs */
	char **strs;        /* interned strings, hash table */
	size_t scap;
	size_t sused;
	pk_triple *t;
	size_t n;
	size_t cap;
	size_t *tset;       /* index + 1 into t, hash table; 0 empty */
	size_t tcap;
	int sorted;         /* t is in pk_graph_cmp order */
	int tstale;         /* t was reordered: tset must be rebuilt */
	size_t nretracted;
	const char *ctx;    /* the document being read, interned */
	pk_quad *q;         /* every (triple, document) pair once */
	size_t nq;
	size_t qcap;
	size_t *qset;       /* index + 1 into q, hash table; 0 empty */
	size_t qsetcap;
	int qsorted;
	int qstale;         /* q was reordered: qset must be rebuilt */
};

int pk_graph_new(pk_graph **out)
{
	pk_graph *g = calloc(1, sizeof *g);

	*out = NULL;
	if (!g)
		return PK_ENOMEM;
	g->scap = 1024;
	g->tcap = 1024;
	g->strs = calloc(g->scap, sizeof *g->strs);
	g->tset = calloc(g->tcap, sizeof *g->tset);
	g->arena = pk_arena_new_blocks(PK_GRAPH_ARENA_BLOCK);
	if (!g->strs || !g->tset || !g->arena) {
		pk_graph_free(g);
		return PK_ENOMEM;
	}
	*out = g;
	return 0;
}

void pk_graph_free(pk_graph *g)
{
	if (!g)
		return;
	pk_arena_free(g->arena);
	free(g->strs);
	free(g->t);
	free(g->tset);
	free(g->q);
	free(g->qset);
	free(g);
}

static int pk_graph_rehash_strs(pk_graph *g)
{
	size_t cap = g->scap * 2, i;
	char **s = calloc(cap, sizeof *s);

	if (!s)
		return PK_ENOMEM;
	for (i = 0; i < g->scap; i++) {
		size_t j;

		if (!g->strs[i])
			continue;
		j = (size_t)pk_hash_fast(g->strs[i], strlen(g->strs[i])) & (cap - 1);
		while (s[j])
			j = (j + 1) & (cap - 1);
		s[j] = g->strs[i];
	}
	free(g->strs);
	g->strs = s;
	g->scap = cap;
	return 0;
}

/* The interned copy of str, or NULL when the graph has none. */
static const char *pk_graph_lookup(const pk_graph *g, const char *str)
{
	size_t i = (size_t)pk_hash_fast(str, strlen(str)) & (g->scap - 1);

	while (g->strs[i]) {
		if (strcmp(g->strs[i], str) == 0)
			return g->strs[i];
		i = (i + 1) & (g->scap - 1);
	}
	return NULL;
}

/* Raptor's Turtle writer cannot write the noncharacters U+FFFE and U+FFFF:
 * it silently drops the rest of the subject's triples (raptor 2.0.15).
 * Every term comes through here, so they become U+FFFD here, in a copy. */
static int pk_graph_nonchar_fix(char **out, const char *str, size_t len)
{
	size_t i;

	*out = NULL;
	for (i = 0; i + 2 < len; i++) {
		if ((unsigned char)str[i] != 0xEF || (unsigned char)str[i + 1] != 0xBF ||
		    ((unsigned char)str[i + 2] != 0xBE && (unsigned char)str[i + 2] != 0xBF))
			continue;
		if (!*out && !(*out = pk_strndup(str, len)))
			return PK_ENOMEM;
		(*out)[i + 2] = (char)0xBD;
	}
	return 0;
}

static const char *pk_graph_intern(pk_graph *g, const char *str)
{
	const char *r;
	char *fixed;
	size_t len, i;

	if (!str)
		return NULL;
	len = strlen(str);
	if (memchr(str, 0xEF, len)) {
		if (pk_graph_nonchar_fix(&fixed, str, len) < 0)
			return NULL;
		if (fixed) {
			r = pk_graph_intern(g, fixed);
			free(fixed);
			return r;
		}
	}
	if ((g->sused + 1) * 2 > g->scap && pk_graph_rehash_strs(g) < 0)
		return NULL;
	i = (size_t)pk_hash_fast(str, len) & (g->scap - 1);
	while (g->strs[i]) {
		if (strcmp(g->strs[i], str) == 0)
			return g->strs[i];
		i = (i + 1) & (g->scap - 1);
	}
	if (!(g->strs[i] = pk_arena_strndup(g->arena, str, len)))
		return NULL;
	g->sused++;
	return g->strs[i];
}

static int pk_graph_add_triple(pk_graph *g, pk_triple *t);
static int pk_graph_add_triple_h(pk_graph *g, pk_triple *t, size_t h);

static size_t pk_graph_thash(const pk_triple *t)
{
	uintptr_t v[5] = { (uintptr_t)t->s, (uintptr_t)t->p, (uintptr_t)t->o,
		(uintptr_t)t->lang, (uintptr_t)t->dt };

	return (size_t)pk_hash_fast(v, sizeof v) ^ (size_t)t->o_is_iri;
}

static int pk_graph_teq(const pk_triple *a, const pk_triple *b)
{
	return a->s == b->s && a->p == b->p && a->o == b->o && a->lang == b->lang &&
		a->dt == b->dt && a->o_is_iri == b->o_is_iri;
}

static int pk_graph_rehash_triples(pk_graph *g, size_t cap)
{
	size_t i;
	size_t *s = calloc(cap, sizeof *s);

	if (!s)
		return PK_ENOMEM;
	for (i = 0; i < g->n; i++) {
		size_t j = pk_graph_thash(&g->t[i]) & (cap - 1);

		while (s[j])
			j = (j + 1) & (cap - 1);
		s[j] = i + 1;
	}
	free(g->tset);
	g->tset = s;
	g->tstale = 0;
	g->tcap = cap;
	return 0;
}

static size_t pk_graph_qhash(const pk_quad *q)
{
	return pk_graph_thash(&q->t) * 31u + (size_t)pk_hash_fast(&q->g, sizeof q->g);
}

static int pk_graph_rehash_quads(pk_graph *g, size_t cap)
{
	size_t i, *s = calloc(cap, sizeof *s);

	if (!s)
		return PK_ENOMEM;
	for (i = 0; i < g->nq; i++) {
		size_t j = pk_graph_qhash(&g->q[i]) & (cap - 1);

		while (s[j])
			j = (j + 1) & (cap - 1);
		s[j] = i + 1;
	}
	free(g->qset);
	g->qset = s;
	g->qstale = 0;
	g->qsetcap = cap;
	return 0;
}

/* Record that t was read from the current document. */
static int pk_graph_add_quad(pk_graph *g, const pk_triple *t)
{
	pk_quad q;
	size_t i;

	if (!g->ctx)
		return 0;
	q.t = *t;
	q.g = g->ctx;
	if ((g->nq + 1) * 2 > g->qsetcap &&
	    pk_graph_rehash_quads(g, g->qsetcap ? g->qsetcap * 2 : 1024) < 0)
		return PK_ENOMEM;
	if (g->qstale && pk_graph_rehash_quads(g, g->qsetcap) < 0)
		return PK_ENOMEM;
	g->qsorted = 0;
	i = pk_graph_qhash(&q) & (g->qsetcap - 1);
	while (g->qset[i]) {
		const pk_quad *o = &g->q[g->qset[i] - 1];

		if (o->g == q.g && pk_graph_teq(&o->t, &q.t))
			return 0;
		i = (i + 1) & (g->qsetcap - 1);
	}
	if (g->nq == g->qcap) {
		size_t cap = g->qcap ? g->qcap * 2 : 1024;
		pk_quad *p = realloc(g->q, cap * sizeof *p);

		if (!p)
			return PK_ENOMEM;
		g->q = p;
		g->qcap = cap;
	}
	g->q[g->nq] = q;
	g->qset[i] = ++g->nq;
	return 0;
}

int pk_graph_set_context(pk_graph *g, const char *graph)
{
	if (!graph) {
		g->ctx = NULL;
		return 0;
	}
	g->ctx = pk_graph_intern(g, graph);
	return g->ctx ? 0 : PK_ENOMEM;
}

static int pk_graph_add(pk_graph *g, pk_triple *t)
{
	int rc;

	if ((rc = pk_graph_add_quad(g, t)) < 0)
		return rc;
	return pk_graph_add_triple(g, t);
}

static int pk_graph_add_triple(pk_graph *g, pk_triple *t)
{
	return pk_graph_add_triple_h(g, t, pk_graph_thash(t));
}

/* pk_graph_add_triple of t, whose pk_graph_thash is h. */
static int pk_graph_add_triple_h(pk_graph *g, pk_triple *t, size_t h)
{
	size_t i;

	if ((g->n + 1) * 2 > g->tcap && pk_graph_rehash_triples(g, g->tcap * 2) < 0)
		return PK_ENOMEM;
	/* set membership is by position in t, which sorting reorders */
	if (g->tstale && pk_graph_rehash_triples(g, g->tcap) < 0)
		return PK_ENOMEM;
	g->sorted = 0;
	i = h & (g->tcap - 1);
	while (g->tset[i]) {
		if (pk_graph_teq(&g->t[g->tset[i] - 1], t))
			return 0;
		i = (i + 1) & (g->tcap - 1);
	}
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 1024;
		pk_triple *p = realloc(g->t, cap * sizeof *p);

		if (!p)
			return PK_ENOMEM;
		g->t = p;
		g->cap = cap;
	}
	g->t[g->n] = *t;
	g->tset[i] = ++g->n;
	return 0;
}

int pk_graph_add_iri(pk_graph *g, const char *s, const char *p, const char *o)
{
	pk_triple t;

	memset(&t, 0, sizeof t);
	t.s = pk_graph_intern(g, s);
	t.p = pk_graph_intern(g, p);
	t.o = pk_graph_intern(g, o);
	t.o_is_iri = 1;
	if (!t.s || !t.p || !t.o)
		return PK_ENOMEM;
	return pk_graph_add(g, &t);
}

int pk_graph_add_literal(pk_graph *g, const char *s, const char *p,
	const char *lexical, const char *lang, const char *datatype)
{
	pk_triple t;

	memset(&t, 0, sizeof t);
	t.s = pk_graph_intern(g, s);
	t.p = pk_graph_intern(g, p);
	t.o = pk_graph_intern(g, lexical);
	t.lang = lang ? pk_graph_intern(g, lang) : NULL;
	t.dt = datatype ? pk_graph_intern(g, datatype) : NULL;
	if (!t.s || !t.p || !t.o || (lang && !t.lang) || (datatype && !t.dt))
		return PK_ENOMEM;
	return pk_graph_add(g, &t);
}

void pk_graph_memo_reset(pk_graph_memo *m)
{
	memset(m->from, 0, sizeof m->from);
}

/* str interned in g, through m when it holds str's address. */
static const char *pk_graph_intern_memo(pk_graph *g, const char *str, pk_graph_memo *m)
{
	size_t slot;
	const char *r;

	if (!m || !str)
		return pk_graph_intern(g, str);
	slot = (size_t)((((uintptr_t)str >> 3) * 0x9E3779B97F4A7C15ULL) >> 56) & (PK_GRAPH_MEMO - 1);
	if (m->from[slot] == str)
		return m->to[slot];
	if ((r = pk_graph_intern(g, str)) != NULL) {
		m->from[slot] = str;
		m->to[slot] = r;
	}
	return r;
}

int pk_graph_add_copy(pk_graph *g, const pk_triple *t, int *added)
{
	return pk_graph_add_copy_memo(g, t, added, NULL);
}

/* t with its strings interned in g (through m) into *c. */
static int pk_graph_copy_strings(pk_graph *g, const pk_triple *t, pk_triple *c,
	pk_graph_memo *m)
{
	memset(c, 0, sizeof *c);
	c->s = pk_graph_intern_memo(g, t->s, m);
	c->p = pk_graph_intern_memo(g, t->p, m);
	c->o = pk_graph_intern_memo(g, t->o, m);
	c->lang = t->lang ? pk_graph_intern_memo(g, t->lang, m) : NULL;
	c->dt = t->dt ? pk_graph_intern_memo(g, t->dt, m) : NULL;
	c->o_is_iri = t->o_is_iri;
	if (!c->s || !c->p || !c->o || (t->lang && !c->lang) || (t->dt && !c->dt))
		return PK_ENOMEM;
	return 0;
}

int pk_graph_add_copy_memo(pk_graph *g, const pk_triple *t, int *added,
	pk_graph_memo *m)
{
	pk_triple c;
	size_t before = g->n;
	int rc;

	if ((rc = pk_graph_copy_strings(g, t, &c, m)) < 0)
		return rc;
	rc = pk_graph_add(g, &c);
	if (added)
		*added = rc == 0 && g->n > before;
	return rc;
}

/* How far ahead pk_graph_add_copies asks for the set's slots. */
#define PK_GRAPH_AHEAD 8

int pk_graph_add_copies(pk_graph *g, const pk_quad *q, size_t n, pk_graph_memo *m)
{
	pk_triple *c = NULL;
	size_t *h = NULL, i, cap;
	int rc = 0;

	/* with a document to record, each triple is a quad too */
	if (g->ctx || n == 0) {
		for (i = 0; i < n && rc == 0; i++)
			rc = pk_graph_add_copy_memo(g, &q[i].t, NULL, m);
		return rc;
	}
	c = malloc(n * sizeof *c);
	h = malloc(n * sizeof *h);
	if (!c || !h) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < n && rc == 0; i++)
		if ((rc = pk_graph_copy_strings(g, &q[i].t, &c[i], m)) == 0)
			h[i] = pk_graph_thash(&c[i]);
	if (rc < 0)
		goto out;
	/* room for all n now: no rehash moves the slots asked for */
	for (cap = g->tcap; (g->n + n + 1) * 2 > cap; cap *= 2)
		;
	if ((cap != g->tcap || g->tstale) && (rc = pk_graph_rehash_triples(g, cap)) < 0)
		goto out;
	for (i = 0; i < n && rc == 0; i++) {
		if (i + PK_GRAPH_AHEAD < n)
			__builtin_prefetch(&g->tset[h[i + PK_GRAPH_AHEAD] & (g->tcap - 1)]);
		rc = pk_graph_add_triple_h(g, &c[i], h[i]);
	}
out:
	free(c);
	free(h);
	return rc;
}

void pk_graph_clear(pk_graph *g)
{
	memset(g->strs, 0, g->scap * sizeof *g->strs);
	pk_arena_reset(g->arena);
	g->sused = 0;
	g->n = 0;
	g->nretracted = 0;
	g->sorted = 0;
	g->tstale = 0;
	memset(g->tset, 0, g->tcap * sizeof *g->tset);
	g->ctx = NULL;
	g->nq = 0;
	g->qsorted = 0;
	g->qstale = 0;
	if (g->qset)
		memset(g->qset, 0, g->qsetcap * sizeof *g->qset);
}

size_t pk_graph_size(const pk_graph *g)
{
	return g->n - g->nretracted;
}

static int pk_graph_strcmp0(const char *a, const char *b)
{
	if (a == b)
		return 0;
	if (!a)
		return -1;
	if (!b)
		return 1;
	return strcmp(a, b);
}

/* Terms are interned: the same text is mostly the same pointer, and the
 * sorts compare long IRIs with long common prefixes. */
static int pk_graph_scmp(const char *a, const char *b)
{
	return a == b ? 0 : strcmp(a, b);
}

static int pk_graph_cmp(const void *x, const void *y)
{
	const pk_triple *a = x, *b = y;
	int c;

	if ((c = pk_graph_scmp(a->s, b->s)) != 0)
		return c;
	if ((c = pk_graph_scmp(a->p, b->p)) != 0)
		return c;
	if (a->o_is_iri != b->o_is_iri)
		return a->o_is_iri ? -1 : 1;
	if ((c = pk_graph_scmp(a->o, b->o)) != 0)
		return c;
	if ((c = pk_graph_strcmp0(a->lang, b->lang)) != 0)
		return c;
	return pk_graph_strcmp0(a->dt, b->dt);
}

/* The index of (s, p, IRI o) in g->t, or -1. */
static long pk_graph_find_iri(pk_graph *g, const char *s, const char *p, const char *o)
{
	pk_triple t;
	size_t i;

	memset(&t, 0, sizeof t);
	t.s = pk_graph_lookup(g, s);
	t.p = pk_graph_lookup(g, p);
	t.o = pk_graph_lookup(g, o);
	t.o_is_iri = 1;
	if (!t.s || !t.p || !t.o)
		return -1;
	if (g->tstale && pk_graph_rehash_triples(g, g->tcap) < 0)
		return -1;
	i = pk_graph_thash(&t) & (g->tcap - 1);
	while (g->tset[i]) {
		if (pk_graph_teq(&g->t[g->tset[i] - 1], &t))
			return (long)(g->tset[i] - 1);
		i = (i + 1) & (g->tcap - 1);
	}
	return -1;
}

int pk_graph_has_iri(pk_graph *g, const char *s, const char *p, const char *o)
{
	long i = pk_graph_find_iri(g, s, p, o);

	return i >= 0 && !g->t[i].retracted;
}

void pk_graph_retract_iri(pk_graph *g, const char *s, const char *p, const char *o)
{
	long i = pk_graph_find_iri(g, s, p, o);

	if (i >= 0 && !g->t[i].retracted) {
		g->t[i].retracted = 1;
		g->nretracted++;
	}
}

static int pk_graph_qcmp(const void *x, const void *y)
{
	const pk_quad *a = x, *b = y;
	int c = pk_graph_scmp(a->g, b->g);

	return c ? c : pk_graph_cmp(&a->t, &b->t);
}

int pk_graph_quads_sorted(const pk_quad **out, size_t *n, pk_graph *g)
{
	/* an empty graph has no array: qsort(NULL, 0) is undefined */
	if (!g->qsorted && g->nq > 1) {
		qsort(g->q, g->nq, sizeof *g->q, pk_graph_qcmp);
		g->qsorted = 1;
		g->qstale = 1;
	}
	*out = g->q;
	*n = g->nq;
	return 0;
}

int pk_graph_sorted(const pk_triple **out, size_t *n, pk_graph *g)
{
	if (!g->sorted && g->n > 1) {
		qsort(g->t, g->n, sizeof *g->t, pk_graph_cmp);
		g->sorted = 1;
		g->tstale = 1;
	}
	*out = g->t;
	*n = g->n;
	return 0;
}

/* First index in the sorted triples whose subject (then predicate, when p
 * is given) is not below s (p). */
static size_t pk_graph_lower(const pk_triple *t, size_t n, const char *s, const char *p)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t[mid].s, s);

		if (c == 0 && p)
			c = strcmp(t[mid].p, p);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t pk_graph_about(const pk_triple **out, pk_graph *g, const char *s, const char *p)
{
	const pk_triple *t;
	size_t n, i, j;

	pk_graph_sorted(&t, &n, g);
	i = pk_graph_lower(t, n, s, p);
	for (j = i; j < n && strcmp(t[j].s, s) == 0 && (!p || strcmp(t[j].p, p) == 0); j++)
		;
	*out = t + i;
	return j - i;
}

const char *pk_graph_value(pk_graph *g, const char *s, const char *p, const char *lang)
{
	const pk_triple *t;
	size_t n = pk_graph_about(&t, g, s, p), i;

	for (i = 0; i < n; i++)
		if (!lang || (t[i].lang && strcmp(t[i].lang, lang) == 0))
			return t[i].o;
	return NULL;
}
