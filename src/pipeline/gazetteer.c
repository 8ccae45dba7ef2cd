/*
 * gazetteer.c - the gazetteer stage.
 *
 * Every name, alias and abbreviation of rules/gazetteer/ goes into a byte
 * trie (trie.h: edges in one open-addressing hash table, so 100,000 names
 * cost a few MB and a lookup costs one probe per byte).  Titles and
 * particles get tries of their own: they decide where a name may end.
 *
 * A name matches when nothing alphanumeric is glued to its left, and on its
 * right comes nothing alphanumeric, or a particle (외교부는, APEC의) followed
 * by nothing alphanumeric, or a title (과학기술정보통신부장관).  Candidates
 * are chosen greedily in a fixed order: priority, then length, then
 * leftmost, then file order.  Abbreviations (한, 英) only count in pairs
 * joined by '-' or '·' (한-영, 韓-英).
 *
 * Input: one sentence of normalized text.  Output: pk_gaz_match list for
 * the rules stage.
 */
#include "pipeline/gazetteer.h"
#include "base/trie.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

/* ABBR_GLUED: an abbreviation in a run of two or three glued ones
 * (한미, 한중일), which pairs it without a joiner. */
enum { PK_GAZ_NAME = 0, PK_GAZ_ABBR = 1, PK_GAZ_ABBR_GLUED = 2 };

struct pk_gazetteer {
	pk_names data; /* what is indexed: a copy of the view, the data is the ruleset's */
	pk_trie names;
	pk_trie titles;
	pk_trie particles;
	const pk_particle_group *before; /* may be glued before a name, or NULL */
};

static int pk_gaz_insert_name(pk_trie *t, pk_normalizer *norm, const char *name,
	uint32_t value, uint32_t kind)
{
	char *n = NULL;
	int rc;

	if ((rc = pk_normalize_str(&n, norm, name)) < 0)
		return rc;
	rc = n[0] ? pk_trie_insert(t, n, value, kind) : 0;
	free(n);
	return rc;
}

int pk_gazetteer_new(pk_gazetteer **out, const pk_names *data,
	pk_normalizer *norm, const pk_diag *diag)
{
	pk_gazetteer *gz;
	size_t i, j;
	int rc = 0;

	*out = NULL;
	gz = calloc(1, sizeof *gz);
	if (!gz)
		return PK_ENOMEM;
	gz->data = *data;
	/* names by code point: a Hangul syllable is one edge, not three */
	if (pk_trie_init_cp(&gz->names) < 0 || pk_trie_init(&gz->titles) < 0 ||
	    pk_trie_init(&gz->particles) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < data->nentities; i++) {
		const pk_entity *e = &data->entities[i];

		if ((rc = pk_gaz_insert_name(&gz->names, norm, e->ko, (uint32_t)i, PK_GAZ_NAME)) < 0)
			goto out;
		if (e->en && (rc = pk_gaz_insert_name(&gz->names, norm, e->en, (uint32_t)i, PK_GAZ_NAME)) < 0)
			goto out;
		for (j = 0; j < e->naliases; j++)
			if ((rc = pk_gaz_insert_name(&gz->names, norm, e->aliases[j], (uint32_t)i, PK_GAZ_NAME)) < 0)
				goto out;
		for (j = 0; j < e->nabbrs; j++)
			if ((rc = pk_gaz_insert_name(&gz->names, norm, e->abbrs[j], (uint32_t)i, PK_GAZ_ABBR)) < 0)
				goto out;
	}
	for (i = 0; i < data->ntitles; i++) {
		const pk_title *t = &data->titles[i];

		if ((rc = pk_gaz_insert_name(&gz->titles, norm, t->ko, (uint32_t)i, PK_GAZ_NAME)) < 0)
			goto out;
		if (t->en && (rc = pk_gaz_insert_name(&gz->titles, norm, t->en, (uint32_t)i, PK_GAZ_NAME)) < 0)
			goto out;
		for (j = 0; j < t->naliases; j++)
			if ((rc = pk_gaz_insert_name(&gz->titles, norm, t->aliases[j], (uint32_t)i, PK_GAZ_NAME)) < 0)
				goto out;
	}
	for (i = 0; i < data->nparticles; i++) {
		/* the group "before" is glued on the left (주한미국대사관), not the right */
		if (strcmp(data->particles[i].name, "before") == 0) {
			gz->before = &data->particles[i];
			continue;
		}
		for (j = 0; j < data->particles[i].nforms; j++)
			if ((rc = pk_gaz_insert_name(&gz->particles, norm, data->particles[i].forms[j], (uint32_t)i, PK_GAZ_NAME)) < 0)
				goto out;
	}
	if ((rc = pk_trie_freeze(&gz->names)) < 0 || (rc = pk_trie_freeze(&gz->titles)) < 0 ||
	    (rc = pk_trie_freeze(&gz->particles)) < 0)
		goto out;
	*out = gz;
	gz = NULL;
out:
	if (rc == PK_ENOMEM)
		pk_diag_emit(diag, PK_SEV_ERROR, "out of memory building the gazetteer");
	pk_gazetteer_free(gz);
	return rc;
}

void pk_gazetteer_free(pk_gazetteer *gz)
{
	if (!gz)
		return;
	pk_trie_free(&gz->names);
	pk_trie_free(&gz->titles);
	pk_trie_free(&gz->particles);
	free(gz);
}

const pk_title *pk_gazetteer_title(const pk_gazetteer *gz, const char *s, size_t n)
{
	uint32_t node = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (!pk_trie_step(&gz->titles, node, (unsigned char)s[i], &node))
			return NULL;
	if (gz->titles.head[node] < 0)
		return NULL;
	return &gz->data.titles[gz->titles.vals[gz->titles.head[node]].value];
}

/* The code point at s[i] (0 at the end) and the one before i. */
static uint32_t pk_gaz_cp_at(const char *s, size_t len, size_t i)
{
	uint32_t cp = 0;

	if (i >= len || !pk_utf8_decode((const unsigned char *)s + i, len - i, &cp))
		return 0;
	return cp;
}

static uint32_t pk_gaz_cp_before(const char *s, size_t i)
{
	size_t j = i;
	uint32_t cp = 0;

	if (i == 0)
		return 0;
	do
		j--;
	while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80);
	pk_utf8_decode((const unsigned char *)s + j, i - j, &cp);
	return cp;
}

static int pk_gaz_is_word(uint32_t cp)
{
	return cp && u_isalnum((UChar32)cp);
}

static int pk_gaz_is_joiner(uint32_t cp)
{
	return cp == '-' || cp == 0x00B7;
}

typedef struct pk_gaz_cand {
	pk_gaz_match m;
	uint32_t kind;
	int priority;
} pk_gaz_cand;

/* Decide whether a name may end at text[end]; fills particle fields. */
static int pk_gaz_right_ok(const pk_gazetteer *gz, const char *text, size_t len,
	size_t end, pk_gaz_match *m)
{
	uint32_t cp = pk_gaz_cp_at(text, len, end), value = 0;
	size_t plen;

	m->pend = end;
	m->particle = -1;
	m->glued_title = 0;
	/* US$11.7 billion: a currency, not the country */
	if (cp == '$')
		return 0;
	/* 과학기술정보통신부(장관 배경훈)는, 아랍에미리트(UAE)는: the particle after
	 * the bracket is the name's (its span stays the name's own) */
	if (cp == '(') {
		const char *close = memchr(text + end, ')', len - end < 80 ? len - end : 80);

		if (close && !memchr(text + end + 1, '(', (size_t)(close - (text + end + 1)))) {
			size_t after = (size_t)(close - text) + 1;

			plen = pk_trie_longest(&gz->particles, text + after, len - after, &value);
			if (plen && !pk_gaz_is_word(pk_gaz_cp_at(text, len, after + plen)))
				m->particle = (int)value;
		}
		return 1;
	}
	if (!pk_gaz_is_word(cp))
		return 1;
	if (!pk_is_hangul(cp))
		return 0;
	plen = pk_trie_longest(&gz->particles, text + end, len - end, &value);
	if (plen && !pk_gaz_is_word(pk_gaz_cp_at(text, len, end + plen))) {
		m->pend = end + plen;
		m->particle = (int)value;
		return 1;
	}
	if (pk_trie_longest(&gz->titles, text + end, len - end, NULL)) {
		m->glued_title = 1;
		return 1;
	}
	return 0;
}

static int pk_gaz_cand_cmp(const void *a, const void *b)
{
	const pk_gaz_cand *x = a, *y = b;
	size_t lx = x->m.end - x->m.start, ly = y->m.end - y->m.start;

	if (x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	if (lx != ly)
		return lx > ly ? -1 : 1;
	if (x->m.start != y->m.start)
		return x->m.start < y->m.start ? -1 : 1;
	if (x->m.ent->order != y->m.ent->order)
		return x->m.ent->order < y->m.ent->order ? -1 : 1;
	return 0;
}

static int pk_gaz_match_cmp(const void *a, const void *b)
{
	const pk_gaz_match *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* An abbreviation stands only next to another name across a joiner: 한-영,
 * and 한-EU, 한-아세안 with a full name on the other side. */
static int pk_gaz_abbr_paired(const pk_gaz_cand *c, size_t nc, size_t k,
	const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < nc; i++) {
		const pk_gaz_cand *o = &c[i];
		size_t jl;

		if (i == k || o->kind == PK_GAZ_ABBR_GLUED)
			continue;
		jl = 0;
		if (o->m.start > c[k].m.end &&
		    pk_gaz_is_joiner(pk_gaz_cp_at(text, len, c[k].m.end))) {
			jl = o->m.start - c[k].m.end;
			if (jl <= 2)
				return 1;
		}
		if (c[k].m.start > o->m.end &&
		    pk_gaz_is_joiner(pk_gaz_cp_at(text, len, o->m.end)) &&
		    c[k].m.start - o->m.end <= 2)
			return 1;
	}
	return 0;
}

static int pk_gaz_cand_push(pk_gaz_cand **cand, size_t *nc, size_t *cc,
	const pk_gaz_match *m, const pk_entity *e, uint32_t kind)
{
	if (*nc == *cc) {
		size_t ncap = *cc ? *cc * 2 : 16;
		pk_gaz_cand *p = realloc(*cand, ncap * sizeof *p);

		if (!p)
			return PK_ENOMEM;
		*cand = p;
		*cc = ncap;
	}
	(*cand)[*nc].m = *m;
	(*cand)[*nc].m.ent = e;
	(*cand)[*nc].kind = kind;
	(*cand)[*nc].priority = e->priority;
	(*nc)++;
	return 0;
}

/* The longest abbreviation at text[i], its end in *end and its entity's
 * index in *ent; 0 when none starts there. */
static int pk_gaz_abbr_at(const pk_gazetteer *gz, const char *text, size_t len, size_t i,
	size_t *end, uint32_t *ent)
{
	uint32_t node = 0, cp;
	size_t j, step;
	int found = 0;

	for (j = i; j < len; j += step) {
		int32_t v;

		if (!(step = pk_utf8_decode((const unsigned char *)text + j, len - j, &cp)) ||
		    !pk_trie_step(&gz->names, node, cp, &node))
			break;
		for (v = gz->names.head[node]; v >= 0; v = gz->names.vals[v].next)
			if (gz->names.vals[v].kind == PK_GAZ_ABBR) {
				*end = j + step;
				*ent = gz->names.vals[v].value;
				found = 1;
				break;
			}
	}
	return found;
}

/* e lets the abbreviation b[0..bn) follow its own glued. */
static int pk_gaz_glues(const pk_entity *e, const char *b, size_t bn)
{
	size_t i;

	for (i = 0; i < e->nglue; i++)
		if (strlen(e->glue[i]) == bn && memcmp(e->glue[i], b, bn) == 0)
			return 1;
	return 0;
}

/* 한미 정상회담, 한중일 협력: two or three abbreviations glued together at
 * text[i], ending where a name may end.  Each becomes a candidate of its
 * own, as if joined by a hyphen. */
static int pk_gaz_glued_abbrs(pk_gaz_cand **cand, size_t *nc, size_t *cc,
	const pk_gazetteer *gz, const char *text, size_t len, size_t i)
{
	size_t start[3], end[3], n = 0, k, pos = i;
	uint32_t ent[3];
	pk_gaz_match m;
	int rc;

	while (n < 3 && pk_gaz_abbr_at(gz, text, len, pos, &end[n], &ent[n])) {
		/* only the pairs the gazetteer lists (glue): 한미, but not 중인 */
		if (n > 0 && !pk_gaz_glues(&gz->data.entities[ent[n - 1]], text + pos, end[n] - pos))
			break;
		start[n] = pos;
		pos = end[n++];
	}
	/* the shortest run that may end there: 한중일 before 한중 */
	while (n >= 2) {
		memset(&m, 0, sizeof m);
		if (pk_gaz_right_ok(gz, text, len, end[n - 1], &m) && !m.glued_title)
			break;
		n--;
	}
	if (n < 2)
		return 0;
	for (k = 0; k < n; k++) {
		pk_gaz_match g = m;

		g.start = start[k];
		g.end = end[k];
		if (k + 1 < n) {
			g.pend = end[k];
			g.particle = -1;
		}
		if ((rc = pk_gaz_cand_push(cand, nc, cc, &g, &gz->data.entities[ent[k]], PK_GAZ_ABBR_GLUED)) < 0)
			return rc;
	}
	return 0;
}

/* A form of the "before" group ends at text[i] and starts a word: a name
 * may start at i although a letter is glued to it (주한 + 스위스). */
static int pk_gaz_after_before(const pk_gazetteer *gz, const char *text, size_t i)
{
	size_t k, n;

	for (k = 0; gz->before && k < gz->before->nforms; k++) {
		n = strlen(gz->before->forms[k]);
		if (n <= i && memcmp(text + i - n, gz->before->forms[k], n) == 0 &&
		    (i == n || !pk_gaz_is_word(pk_gaz_cp_before(text, i - n))))
			return 1;
	}
	return 0;
}

/* 중국 외교부, UAE 외교부: a body of one country written after another
 * country's name is that country's namesake, not the body the gazetteer
 * knows (외교부 is Korea's); drop the match and leave the name to the
 * organization rules, which read "country + body" as a body of its own.
 * m is in text order; returns the new count. */
static size_t pk_gaz_drop_foreign(pk_gaz_match *m, size_t n, const char *text)
{
	size_t i, j;

	for (i = 0, j = 0; i < n; i++) {
		const pk_entity *e = m[i].ent;

		if (j > 0 && e->cls == PK_CLASS_GOV && e->country &&
		    m[j - 1].ent->cls == PK_CLASS_COUNTRY && strcmp(m[j - 1].ent->id, e->country) != 0 &&
		    (m[i].start == m[j - 1].end ||
		     (m[i].start == m[j - 1].end + 1 && text[m[j - 1].end] == ' ')))
			continue;
		m[j++] = m[i];
	}
	return j;
}

int pk_gazetteer_find(pk_gaz_match **out, size_t *n, const pk_gazetteer *gz,
	const char *text, size_t len)
{
	return pk_gazetteer_find_with(out, n, gz, NULL, 0, text, len);
}

int pk_gazetteer_find_with(pk_gaz_match **out, size_t *n, const pk_gazetteer *gz,
	const pk_gaz_alias *aliases, size_t naliases, const char *text, size_t len)
{
	pk_gaz_cand *cand = NULL;
	pk_gaz_match *res = NULL;
	unsigned char *taken = NULL;
	size_t nc = 0, cc = 0, nr = 0, i, j, step;
	int rc = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < len; i++) {
		uint32_t node = 0, first;
		int may;

		if (((unsigned char)text[i] & 0xC0) == 0x80)
			continue;
		/* most places start no name: skip them before the costlier tests */
		may = pk_utf8_decode((const unsigned char *)text + i, len - i, &first) &&
		      pk_trie_may_start(&gz->names, first);
		if (!may && naliases == 0)
			continue;
		if (pk_gaz_is_word(pk_gaz_cp_before(text, i)) && !pk_gaz_after_before(gz, text, i))
			continue;
		if (may && (rc = pk_gaz_glued_abbrs(&cand, &nc, &cc, gz, text, len, i)) < 0)
			goto out;
		for (j = i; may && j < len; j += step) {
			uint32_t cp;
			int32_t v;
			pk_gaz_match m;

			if (!(step = pk_utf8_decode((const unsigned char *)text + j, len - j, &cp)) ||
			    !pk_trie_step(&gz->names, node, cp, &node))
				break;
			if (gz->names.head[node] < 0)
				continue;
			memset(&m, 0, sizeof m);
			m.start = i;
			m.end = j + step;
			if (!pk_gaz_right_ok(gz, text, len, m.end, &m))
				continue;
			for (v = gz->names.head[node]; v >= 0; v = gz->names.vals[v].next) {
				const pk_trie_value *tv = &gz->names.vals[v];

				if ((rc = pk_gaz_cand_push(&cand, &nc, &cc, &m,
					&gz->data.entities[tv->value], tv->kind)) < 0)
					goto out;
			}
		}
		/* the article's own names: few, so compared directly */
		for (j = 0; j < naliases; j++) {
			size_t an = strlen(aliases[j].name);
			pk_gaz_match m;

			if (an == 0 || an > len - i || memcmp(text + i, aliases[j].name, an) != 0)
				continue;
			memset(&m, 0, sizeof m);
			m.start = i;
			m.end = i + an;
			if (pk_gaz_right_ok(gz, text, len, m.end, &m) &&
			    (rc = pk_gaz_cand_push(&cand, &nc, &cc, &m, aliases[j].ent, PK_GAZ_NAME)) < 0)
				goto out;
		}
	}
	if (nc == 0)
		goto out;
	/* drop abbreviations that stand alone, then choose greedily */
	for (i = 0, j = 0; i < nc; i++) {
		if (cand[i].kind == PK_GAZ_ABBR && !pk_gaz_abbr_paired(cand, nc, i, text, len))
			continue;
		cand[j++] = cand[i];
	}
	nc = j;
	qsort(cand, nc, sizeof *cand, pk_gaz_cand_cmp);
	taken = calloc(len + 1, 1);
	res = malloc(nc * sizeof *res + 1);
	if (!taken || !res) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < nc; i++) {
		size_t k;
		int free_span = 1;

		for (k = cand[i].m.start; k < cand[i].m.end; k++)
			if (taken[k]) {
				free_span = 0;
				break;
			}
		if (!free_span)
			continue;
		memset(taken + cand[i].m.start, 1, cand[i].m.end - cand[i].m.start);
		res[nr++] = cand[i].m;
	}
	qsort(res, nr, sizeof *res, pk_gaz_match_cmp);
	nr = pk_gaz_drop_foreign(res, nr, text);
	*out = res;
	*n = nr;
	res = NULL;
out:
	free(cand);
	free(taken);
	free(res);
	return rc;
}
