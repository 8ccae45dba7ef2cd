/*
 * rules.c - the rules stage.
 *
 * For each sentence it builds a "view": the sentence with every gazetteer
 * match replaced by one placeholder code point of its class (PK_MASK_CP),
 * so that a rule says @{ORG} instead of listing every ministry, with a map
 * from view bytes back to text bytes.  One pass over the view with the
 * trie of every rule's trigger words marks the clauses present; a rule
 * whose trigger is not all there is skipped, the others run over the view
 * (PCRE2, JIT, with the ruleset's match and depth limits: a rule that hits
 * them is reported once and skipped for that sentence).  A rule with a
 * 'reach' is searched only in the windows its trigger's first clause
 * allows: from `reach` white-space characters before each place the scan
 * found one of the clause's words, up to that place (PCRE2's offset
 * limit); it finds the same matches as a search from every position,
 * because every match starts in such a window (--triggers check warns
 * about a match that does not, --triggers off searches everywhere).  Named groups
 * become slots in the text's own offsets, with the gazetteer entity they
 * cover.  When two matches of the same yield claim the same words, the
 * higher priority (then the longer match, then the earlier rule) wins.
 *
 * A sentence looks at the rules whose first trigger clause the scan found
 * (and those without a trigger) only, from a set per clause made once.
 *
 * Hands pk_fact lists to the graph stage.
 *
 * Built with -DPK_RULES_PROFILE (a separate build directory), every
 * matcher prints at the end, per rule, the CPU seconds spent in
 * pcre2_match, the sentences it ran on and the calls, and the time of the
 * trigger scan: "PROF seconds runs calls rule-id".
 */
#include "pipeline/rules.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/trie.h"

#ifdef PK_RULES_PROFILE
#include <time.h>
#endif

/* per rule, in pk_matcher.warned */
enum { PK_WARNED_LIMIT = 1, PK_WARNED_TRIGGER = 2, PK_WARNED_REACH = 4 };

/* Where the words of one trigger clause that a rule's reach counts from
 * start in the view, ascending. */
typedef struct pk_rules_where {
	size_t *v;
	size_t n;
	size_t cap;
} pk_rules_where;

struct pk_matcher {
	const pk_ruleset *rs;
	const pk_diag *diag;
	pcre2_match_data *md;
	pcre2_match_context *mctx; /* the ruleset's limits, with our JIT stack */
	pcre2_jit_stack *jit;
	pk_buf view;
	size_t *map;       /* view byte -> text byte */
	int *mask;         /* view byte -> gazetteer match index, -1 */
	size_t map_cap;
	unsigned char *warned; /* per rule: PK_WARNED_ flags */
	pk_trigger_mode tmode;
	uint64_t *tseen;       /* per trigger clause: present in this sentence */
	size_t tseen_words;
	size_t rwords;         /* words of a set of rules */
	uint64_t *by_clause;   /* per trigger clause: the rules it comes first in */
	uint64_t *always;      /* the rules without a trigger */
	uint64_t *cand;        /* this sentence's: rules whose first clause is
	                          there, and those without a trigger */
	pcre2_match_context *wctx; /* mctx with an offset limit: reach windows */
	int32_t *where_of;     /* per trigger clause: its index in where, -1 */
	pk_rules_where *where; /* per clause a rule's reach counts from */
	size_t nwhere;
#ifdef PK_RULES_PROFILE
	double *prof_sec;      /* per rule: time in pcre2_match, calls, runs */
	size_t *prof_calls;
	size_t *prof_runs;
	double prof_scan;      /* time in the trigger scan, sentences */
	size_t prof_sentences;
#endif
};

void pk_factlist_truncate(pk_factlist *l, size_t n)
{
	while (l->n > n)
		free(l->v[--l->n].slots);
}

void pk_factlist_clear(pk_factlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].slots);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

const pk_slot *pk_fact_slot(const pk_fact *f, pk_role role)
{
	size_t i;

	for (i = 0; i < f->nslots; i++)
		if (f->slots[i].role == role)
			return &f->slots[i];
	return NULL;
}

int pk_matcher_new(pk_matcher **out, const pk_ruleset *rs,
	const pk_extract_options *opts, const pk_diag *diag)
{
	pk_matcher *m;

	*out = NULL;
	m = calloc(1, sizeof *m);
	if (!m)
		return PK_ENOMEM;
	m->rs = rs;
	m->diag = diag;
	m->md = pcre2_match_data_create(128, NULL);
	/* the ruleset is shared and read-only: our limits go on a copy */
	m->mctx = pcre2_match_context_copy(rs->mctx);
	m->warned = calloc(rs->nrules + 1, 1);
	m->tmode = opts ? (pk_trigger_mode)opts->triggers : PK_TRIGGERS_ON;
	if (!rs->triggers)
		m->tmode = PK_TRIGGERS_OFF;
	m->tseen_words = (rs->ntclauses + 63) / 64 + 1;
	m->tseen = calloc(m->tseen_words, sizeof *m->tseen);
	m->rwords = (rs->nrules + 63) / 64 + 1;
	m->by_clause = calloc((rs->ntclauses + 1) * m->rwords, sizeof *m->by_clause);
	m->cand = calloc(m->rwords, sizeof *m->cand);
	m->always = calloc(m->rwords, sizeof *m->always);
	if (m->by_clause && m->always) {
		size_t r;

		for (r = 0; r < rs->nrules; r++) {
			if (rs->rules[r].tcount > 0)
				m->by_clause[rs->rules[r].tclauses[0] * m->rwords + r / 64] |=
					(uint64_t)1 << (r % 64);
			else
				m->always[r / 64] |= (uint64_t)1 << (r % 64);
		}
	}
	m->wctx = pcre2_match_context_copy(rs->mctx);
	m->where_of = malloc((rs->ntclauses + 1) * sizeof *m->where_of);
	m->where = calloc(rs->nrules + 1, sizeof *m->where);
	if (m->where_of) {
		size_t c, r;

		for (c = 0; c < rs->ntclauses; c++)
			m->where_of[c] = -1;
		for (r = 0; r < rs->nrules; r++) {
			const pk_rule *rule = &rs->rules[r];

			if (rule->reach >= 0 && rule->tcount > 0 && m->where_of[rule->tclauses[0]] < 0)
				m->where_of[rule->tclauses[0]] = (int32_t)m->nwhere++;
		}
	}
#ifdef PK_RULES_PROFILE
	m->prof_sec = calloc(rs->nrules + 1, sizeof *m->prof_sec);
	m->prof_calls = calloc(rs->nrules + 1, sizeof *m->prof_calls);
	m->prof_runs = calloc(rs->nrules + 1, sizeof *m->prof_runs);
	if (!m->prof_sec || !m->prof_calls || !m->prof_runs) {
		pk_matcher_free(m);
		return PK_ENOMEM;
	}
#endif
	if (!m->md || !m->mctx || !m->warned || !m->tseen || !m->wctx || !m->where_of ||
	    !m->by_clause || !m->cand || !m->always ||
	    !m->where || pk_matcher_set_limits(m, rs->match_limit, rs->depth_limit) < 0) {
		pk_matcher_free(m);
		return PK_ENOMEM;
	}
	*out = m;
	return 0;
}

int pk_matcher_set_limits(pk_matcher *m, unsigned long match, unsigned long depth)
{
	pcre2_jit_stack *jit;
	size_t max;

	if (!match)
		match = m->rs->match_limit;
	if (!depth)
		depth = m->rs->depth_limit;
	if (match > UINT32_MAX)
		match = UINT32_MAX;
	if (depth > UINT32_MAX / PK_MATCHER_JIT_BYTES_PER_DEPTH)
		depth = UINT32_MAX / PK_MATCHER_JIT_BYTES_PER_DEPTH;
	/* the JIT ignores the depth limit: its stack is what bounds it there */
	max = (size_t)depth * PK_MATCHER_JIT_BYTES_PER_DEPTH;
	jit = pcre2_jit_stack_create(max < 32 * 1024 ? max : 32 * 1024, max, NULL);
	if (!jit)
		return PK_ENOMEM;
	pcre2_set_match_limit(m->mctx, (uint32_t)match);
	pcre2_set_depth_limit(m->mctx, (uint32_t)depth);
	pcre2_jit_stack_assign(m->mctx, NULL, jit);
	pcre2_set_match_limit(m->wctx, (uint32_t)match);
	pcre2_set_depth_limit(m->wctx, (uint32_t)depth);
	pcre2_jit_stack_assign(m->wctx, NULL, jit);
	pcre2_jit_stack_free(m->jit);
	m->jit = jit;
	return 0;
}

void pk_matcher_free(pk_matcher *m)
{
	if (!m)
		return;
#ifdef PK_RULES_PROFILE
	/* a build with -DPK_RULES_PROFILE prints where the rules stage goes */
	if (m->prof_sec) {
		size_t r;

		for (r = 0; r < m->rs->nrules; r++)
			fprintf(stderr, "PROF %8.3f %8zu %8zu %s\n", m->prof_sec[r],
				m->prof_runs[r], m->prof_calls[r], m->rs->rules[r].id);
		fprintf(stderr, "PROF %8.3f %8zu %8zu (trigger scan)\n", m->prof_scan,
			m->prof_sentences, m->prof_sentences);
	}
	free(m->prof_sec);
	free(m->prof_calls);
	free(m->prof_runs);
#endif
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jit);
	pk_buf_free(&m->view);
	free(m->map);
	free(m->mask);
	free(m->warned);
	free(m->tseen);
	free(m->by_clause);
	free(m->cand);
	free(m->always);
	pcre2_match_context_free(m->wctx);
	free(m->where_of);
	if (m->where) {
		size_t i;

		for (i = 0; i < m->nwhere; i++)
			free(m->where[i].v);
	}
	free(m->where);
	free(m);
}

void pk_matcher_begin(pk_matcher *m)
{
	memset(m->warned, 0, m->rs->nrules + 1);
}

static int pk_rules_reserve(pk_matcher *m, size_t n)
{
	size_t *map;
	int *mask;

	if (n <= m->map_cap)
		return 0;
	map = realloc(m->map, n * sizeof *map);
	if (!map)
		return PK_ENOMEM;
	m->map = map;
	mask = realloc(m->mask, n * sizeof *mask);
	if (!mask)
		return PK_ENOMEM;
	m->mask = mask;
	m->map_cap = n;
	return 0;
}

/* Build the view of text[sent) with gazetteer matches masked. */
static int pk_rules_view(pk_matcher *m, const char *text, pk_span sent,
	const pk_gaz_match *gm, size_t ngm)
{
	size_t i = sent.start, k = 0, need = (sent.end - sent.start) + 4 * ngm + 1;

	pk_buf_clear(&m->view);
	if (pk_rules_reserve(m, need) < 0 || pk_buf_grow(&m->view, need) < 0)
		return PK_ENOMEM;
	while (i < sent.end) {
		size_t v = m->view.len;

		while (k < ngm && gm[k].start < i)
			k++;
		if (k < ngm && gm[k].start == i && gm[k].end <= sent.end) {
			size_t j;

			if (pk_buf_put_cp(&m->view, PK_MASK_CP(gm[k].ent->cls)) < 0)
				return PK_ENOMEM;
			for (j = v; j < m->view.len; j++) {
				m->map[j] = i;
				m->mask[j] = j == v ? (int)k : -1;
			}
			i = gm[k].end;
			k++;
			continue;
		}
		{
			/* plain text up to the next gazetteer match, in one copy */
			size_t next = k < ngm && gm[k].start < sent.end ? gm[k].start : sent.end, j;

			if (next <= i)
				next = i + 1;
			if (pk_buf_put(&m->view, text + i, next - i) < 0)
				return PK_ENOMEM;
			for (j = 0; j < next - i; j++) {
				m->map[v + j] = i + j;
				m->mask[v + j] = -1;
			}
			i = next;
		}
	}
	m->map[m->view.len] = sent.end;
	m->mask[m->view.len] = -1;
	return 0;
}

static int pk_rules_better(const pk_fact *a, const pk_fact *b)
{
	if (a->rule->priority != b->rule->priority)
		return a->rule->priority > b->rule->priority;
	if (a->end - a->start != b->end - b->start)
		return a->end - a->start > b->end - b->start;
	return a->rule->order < b->rule->order;
}

/* The words a fact claims: its slot of anchor 1 in the schema (the
 * person's name for a post, the kind word of an agreement, the name of
 * an event), else of anchor 2 (an event's class word), else the whole
 * match (a date's). */
static void pk_rules_anchor(const pk_fact *f, size_t *start, size_t *end)
{
	int rank;
	size_t i;

	for (rank = 1; rank <= 2; rank++) {
		for (i = 0; i < f->nslots; i++) {
			const pk_schema_group *g = pk_schema_group_of(f->rule->yield, f->slots[i].role);

			if (g && g->anchor == rank) {
				*start = f->slots[i].start;
				*end = f->slots[i].end;
				return;
			}
		}
	}
	*start = f->start;
	*end = f->end;
}

static int pk_rules_overlap(const pk_fact *a, const pk_fact *b)
{
	size_t as, ae, bs, be;

	if (a->rule->yield != b->rule->yield)
		return 0;
	pk_rules_anchor(a, &as, &ae);
	pk_rules_anchor(b, &bs, &be);
	return as < be && bs < ae;
}

static int pk_rules_add(pk_matcher *m, pk_factlist *out, const pk_rule *r,
	size_t sentence, const pk_gaz_match *gm)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
	pk_fact f;
	uint32_t g, n = 0;

	memset(&f, 0, sizeof f);
	f.rule = r;
	f.sentence = sentence;
	f.start = m->map[ov[0]];
	f.end = m->map[ov[1]];
	/* room for the groups that are set only: most are not, and a long
	 * page keeps every fact until its graph is built */
	for (g = 1; g <= r->ngroups; g++)
		if (r->group_roles[g] != PK_ROLE__COUNT && ov[2 * g] != PCRE2_UNSET && ov[2 * g] != ov[2 * g + 1])
			n++;
	f.slots = calloc(n + 1, sizeof *f.slots);
	if (!f.slots)
		return PK_ENOMEM;
	for (g = 1; g <= r->ngroups; g++) {
		pk_slot *s;
		size_t v;

		if (r->group_roles[g] == PK_ROLE__COUNT || ov[2 * g] == PCRE2_UNSET || ov[2 * g] == ov[2 * g + 1])
			continue;
		s = &f.slots[f.nslots++];
		s->role = r->group_roles[g];
		s->start = m->map[ov[2 * g]];
		s->end = m->map[ov[2 * g + 1]];
		for (v = ov[2 * g]; v < ov[2 * g + 1]; v++)
			if (m->mask[v] >= 0 && s->nents < PK_SLOT_MAX_ENTS)
				s->ents[s->nents++] = gm[m->mask[v]].ent;
		s->ent = s->nents ? s->ents[0] : NULL;
	}
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 32;
		pk_fact *p = realloc(out->v, cap * sizeof *p);

		if (!p) {
			free(f.slots);
			return PK_ENOMEM;
		}
		out->v = p;
		out->cap = cap;
	}
	out->v[out->n++] = f;
	return 0;
}

/* The code point at v[i] of valid UTF-8, and its length. */
static inline uint32_t pk_rules_cp(const unsigned char *v, size_t i, size_t *len)
{
	if (v[i] < 0x80) {
		*len = 1;
		return v[i];
	}
	if (v[i] < 0xE0) {
		*len = 2;
		return ((uint32_t)(v[i] & 0x1F) << 6) | (v[i + 1] & 0x3F);
	}
	if (v[i] < 0xF0) {
		*len = 3;
		return ((uint32_t)(v[i] & 0x0F) << 12) | ((uint32_t)(v[i + 1] & 0x3F) << 6) |
			(v[i + 2] & 0x3F);
	}
	*len = 4;
	return ((uint32_t)(v[i] & 0x07) << 18) | ((uint32_t)(v[i + 1] & 0x3F) << 12) |
		((uint32_t)(v[i + 2] & 0x3F) << 6) | (v[i + 3] & 0x3F);
}

/* Note that a word of the clause where w counts from starts at view
 * byte i (the scan goes left to right, so each list stays sorted). */
static int pk_rules_where_add(pk_rules_where *w, size_t i)
{
	if (w->n && w->v[w->n - 1] == i)
		return 0;
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 16;
		size_t *v = realloc(w->v, cap * sizeof *v);

		if (!v)
			return PK_ENOMEM;
		w->v = v;
		w->cap = cap;
	}
	w->v[w->n++] = i;
	return 0;
}

/* Mark the trigger clauses whose words occur in the view: from every
 * code point that starts a word, walk the trie (its edges are code
 * points) as far as the view follows it; for the clauses a reach counts
 * from, note where.  The view is valid UTF-8 (normalized text and
 * placeholders). */
static int pk_rules_scan_triggers(pk_matcher *m)
{
	const pk_ruleset *rs = m->rs;
	const pk_trie *t = rs->triggers;
	const unsigned char *v = (const unsigned char *)m->view.ptr;
	size_t len = m->view.len, i, j, n, cn;

	memset(m->tseen, 0, m->tseen_words * sizeof *m->tseen);
	for (i = 0; i < m->nwhere; i++)
		m->where[i].n = 0;
	for (i = 0; i < len; i += n) {
		uint32_t node = 0, cp = pk_rules_cp(v, i, &n);

		if (!pk_trie_may_start(t, cp))
			continue;
		for (j = i, cn = n; pk_trie_step(t, node, cp, &node); ) {
			int32_t k;

			for (k = t->head[node]; k >= 0; k = t->vals[k].next) {
				uint32_t c = t->vals[k].value;

				m->tseen[c >> 6] |= (uint64_t)1 << (c & 63);
				if (m->where_of[c] >= 0 && pk_rules_where_add(&m->where[m->where_of[c]], i) < 0)
					return PK_ENOMEM;
			}
			if ((j += cn) >= len)
				break;
			cp = pk_rules_cp(v, j, &cn);
		}
	}
	return 0;
}

/* The first view byte of the window that ends at t for reach: just after
 * the (reach + 1)th white-space character before t, or the start.  The
 * later t, the later the window starts. */
static size_t pk_rules_window_start(const pk_matcher *m, size_t t, int reach)
{
	const char *v = m->view.ptr;
	int seen = 0;

	while (t > 0) {
		char c = v[t - 1];

		if ((c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') &&
		    ++seen > reach)
			return t;
		t--;
	}
	return 0;
}

/* Whether a match of r starting at view byte p is in one of its windows
 * (for --triggers check). */
static int pk_rules_in_reach(const pk_matcher *m, const pk_rule *r, size_t p)
{
	const pk_rules_where *w = &m->where[m->where_of[r->tclauses[0]]];
	size_t k;

	for (k = 0; k < w->n; k++)
		if (w->v[k] >= p)
			return pk_rules_window_start(m, w->v[k], r->reach) <= p;
	return 0;
}

/* The rules worth a look in this sentence (m->cand): those without a
 * trigger and those whose first clause the scan found, so that a
 * sentence costs its clauses, not a test of each of the hundreds of
 * rules. */
static void pk_rules_candidates(pk_matcher *m)
{
	size_t w, c, i;

	memcpy(m->cand, m->always, m->rwords * sizeof *m->cand);
	for (w = 0; w < m->tseen_words; w++) {
		uint64_t bits = m->tseen[w];

		while (bits) {
			c = w * 64 + (size_t)__builtin_ctzll(bits);
			bits &= bits - 1;
			for (i = 0; i < m->rwords; i++)
				m->cand[i] |= m->by_clause[c * m->rwords + i];
		}
	}
}

/* Whether every clause of r's trigger is in the sentence (or r has none). */
static int pk_rules_triggered(const pk_matcher *m, const pk_rule *r)
{
	uint32_t i;

	for (i = 0; i < r->tcount; i++) {
		uint32_t c = r->tclauses[i];

		if (!((m->tseen[c >> 6] >> (c & 63)) & 1))
			return 0;
	}
	return 1;
}

int pk_rules_run(pk_matcher *m, pk_factlist *facts, const char *doc_name,
	const char *text, pk_span sent, size_t sentence_index,
	const pk_gaz_match *gm, size_t ngm)
{
	const pk_ruleset *rs = m->rs;
	size_t first = facts->n, i, j, r;
	int rc;

	uint32_t utf_checked = 0;

	if ((rc = pk_rules_view(m, text, sent, gm, ngm)) < 0)
		return rc;
	if (m->tmode != PK_TRIGGERS_OFF) {
#ifdef PK_RULES_PROFILE
		struct timespec t0, t1;

		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
		rc = pk_rules_scan_triggers(m);
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
		m->prof_scan += (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		m->prof_sentences++;
#else
		rc = pk_rules_scan_triggers(m);
#endif
		if (rc < 0)
			return rc;
	}
	if (m->tmode == PK_TRIGGERS_ON)
		pk_rules_candidates(m);
	for (r = 0; r < rs->nrules; r++) {
		const pk_rule *rule;
		size_t off = 0, before = facts->n, k = 0, last = 0;
		int skip;

		/* on: only the rules whose first clause the scan found, and
		 * those without a trigger, a word of the set at a time */
		if (m->tmode == PK_TRIGGERS_ON) {
			uint64_t rest = m->cand[r / 64] >> (r % 64);

			if (!rest) {
				r = (r / 64 + 1) * 64 - 1;
				continue;
			}
			r += (size_t)__builtin_ctzll(rest);
			if (r >= rs->nrules)
				break;
		}
		rule = &rs->rules[r];
		skip = m->tmode != PK_TRIGGERS_OFF && !pk_rules_triggered(m, rule);
		int reach = rule->reach >= 0 && rule->tcount > 0 && m->tmode != PK_TRIGGERS_OFF;
		const pk_rules_where *w = NULL;

		if (skip && m->tmode == PK_TRIGGERS_ON)
			continue;
		/* check mode searches everywhere, and tells a match outside */
		if (reach && m->tmode == PK_TRIGGERS_ON)
			w = &m->where[m->where_of[rule->tclauses[0]]];
#ifdef PK_RULES_PROFILE
		m->prof_runs[r]++;
#endif
		pk_ruleset_rule_jit(rs, rule);
		while (off <= m->view.len) {
			pcre2_match_context *ctx = m->mctx;
			size_t start = off;
			PCRE2_SIZE *ov;
			int mr;

			if (w) {
				/* the next window, merged with those it overlaps */
				size_t limit;

				while (k < w->n && w->v[k] < off)
					k++;
				if (k == w->n)
					break;
				start = pk_rules_window_start(m, w->v[k], rule->reach);
				if (start < off)
					start = off;
				for (last = k; last + 1 < w->n &&
				     pk_rules_window_start(m, w->v[last + 1], rule->reach) <= w->v[last]; )
					last++;
				limit = w->v[last];
				pcre2_set_offset_limit(m->wctx, limit);
				ctx = m->wctx;
			}
#ifdef PK_RULES_PROFILE
			{
				struct timespec t0, t1;

				clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
				mr = pk_ruleset_match(rule->re, m->view.ptr, m->view.len, start, utf_checked != 0,
					m->md, ctx);
				clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
				m->prof_sec[r] += (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
				m->prof_calls[r]++;
			}
#else
			mr = pk_ruleset_match(rule->re, m->view.ptr, m->view.len, start, utf_checked != 0,
				m->md, ctx);
#endif
			/* the first call checked the view is UTF-8; later ones need not */
			if (mr >= 0 || mr == PCRE2_ERROR_NOMATCH)
				utf_checked = PCRE2_NO_UTF_CHECK;
			if (mr == PCRE2_ERROR_NOMATCH && w) {
				/* none in this window: past its end (the next
				 * window starts later still) */
				off = w->v[last] + 1;
				continue;
			}
			if (mr == PCRE2_ERROR_NOMATCH)
				break;
			if (mr < 0) {
				if (!(m->warned[r] & PK_WARNED_LIMIT)) {
					PCRE2_UCHAR msg[128];

					pcre2_get_error_message(mr, msg, sizeof msg);
					pk_diag_emit(m->diag, PK_SEV_WARNING,
						"%s: sentence %zu: rule %s (%s:%d) skipped: %s",
						doc_name, sentence_index + 1, rule->id, rule->file, rule->line,
						(char *)msg);
					m->warned[r] |= PK_WARNED_LIMIT;
				}
				break;
			}
			ov = pcre2_get_ovector_pointer(m->md);
			if ((rc = pk_rules_add(m, facts, rule, sentence_index, gm)) < 0)
				return rc;
			if (reach && !skip && m->tmode == PK_TRIGGERS_CHECK &&
			    !(m->warned[r] & PK_WARNED_REACH) && !pk_rules_in_reach(m, rule, ov[0])) {
				const pk_fact *f = &facts->v[facts->n - 1];

				pk_diag_emit(m->diag, PK_SEV_WARNING,
					"%s: rule %s (%s:%d) matched more than its reach (%d) before its trigger: \"%.*s\"",
					doc_name, rule->id, rule->file, rule->line, rule->reach,
					(int)(f->end - f->start), text + f->start);
				m->warned[r] |= PK_WARNED_REACH;
			}
			if (ov[1] > ov[0]) {
				off = ov[1];
			} else {
				/* empty match: step one code point */
				off = ov[1] + 1;
				while (off < m->view.len && ((unsigned char)m->view.ptr[off] & 0xC0) == 0x80)
					off++;
			}
		}
		if (skip && facts->n > before && !(m->warned[r] & PK_WARNED_TRIGGER)) {
			const pk_fact *f = &facts->v[before];

			pk_diag_emit(m->diag, PK_SEV_WARNING,
				"%s: rule %s (%s:%d) matched a sentence without its trigger: \"%.*s\"",
				doc_name, rule->id, rule->file, rule->line,
				(int)(f->end - f->start), text + f->start);
			m->warned[r] |= PK_WARNED_TRIGGER;
		}
	}
	/* keep the best of the facts that claim the same words */
	if (facts->n - first > 1) {
		unsigned char *drop = calloc(facts->n - first, 1);

		if (!drop)
			return PK_ENOMEM;
		for (i = first; i < facts->n; i++)
			for (j = first; j < facts->n && !drop[i - first]; j++)
				if (j != i && pk_rules_overlap(&facts->v[i], &facts->v[j]) &&
				    pk_rules_better(&facts->v[j], &facts->v[i]))
					drop[i - first] = 1;
		for (i = first, j = first; i < facts->n; i++) {
			if (drop[i - first]) {
				free(facts->v[i].slots);
				continue;
			}
			facts->v[j++] = facts->v[i];
		}
		free(drop);
	} else {
		j = facts->n;
	}
	facts->n = j;
	return 0;
}
