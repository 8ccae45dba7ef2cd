/*
 * build_posts.c - the graph stage for who holds which post: the persons
 * and posts the position rules found, each post with a pkg:Mention as
 * evidence.  A post whose rule names no organization takes it from the
 * same person's other posts in the document, or from the title's implicit
 * organization; failing both, only the person is written.  A person named
 * in full once and by surname and title later is one person.
 */
#include <stdlib.h>
#include <string.h>

#include "pipeline/build_int.h"
#include "pipeline/build_posts.h"
#include "rdf/onto.h"
#include "rdf/vocab.h"

/* One post a person holds, as read from one rule match. */
typedef struct pk_post {
	const pk_fact *fact;
	char *name;            /* normalized text */
	char *name_en;
	const pk_title *title; /* canonical entry or NULL */
	char *title_text;      /* as written, when no entry */
	char *title_en;
	const pk_entity *org;
} pk_post;

#define PK_POSTS_NONE ((size_t)-1)

/* A document's posts, in fact order (so in sentence order), and what
 * finding a post by its person's name needs: the distinct names, how many
 * posts bear each now, the longer names each may be short for
 * (pk_build_short_name_of), and per name its posts that name their
 * organization.  Canonical names and the same person's other posts are
 * looked up here; comparing every post with every other made a long
 * document quadratic. */
typedef struct pk_posts {
	pk_post *v;
	size_t n;
	size_t cap;
	char **names;       /* distinct, owned */
	size_t *count;      /* per name: the posts that bear it now */
	size_t *cand;       /* per name: its first edge, or PK_POSTS_NONE */
	size_t *first_org;  /* per name: its first post with an organization */
	size_t nnames;
	size_t *edge_to;    /* edges: a name to a longer one it may be short for */
	size_t *edge_next;
	size_t nedges;
	size_t *slot;       /* open addressing over names: index + 1, 0 empty */
	size_t slot_cap;    /* a power of 2, more than twice the names */
	size_t *id;         /* per post: its name */
	size_t *next_org;   /* per post: the next post with its name and an organization */
} pk_posts;

static char *pk_build_slot_text(const pk_docview *dv, const pk_slot *s)
{
	return s ? pk_strndup(dv->nt->text + s->start, s->end - s->start) : NULL;
}

static int pk_build_is_org(const pk_entity *e)
{
	return e && e->cls != PK_CLASS_PLACE;
}

static int pk_build_post_add(pk_posts *ps, const pk_docview *dv,
	pk_builder *b, const pk_fact *f, const pk_slot *title)
{
	const pk_slot *org = pk_fact_slot(f, PK_ROLE_ORG);
	const pk_slot *title_en = pk_fact_slot(f, PK_ROLE_TITLE_EN);
	pk_post *p;

	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 16;
		pk_post *arr = realloc(ps->v, cap * sizeof *arr);

		if (!arr)
			return PK_ENOMEM;
		ps->v = arr;
		ps->cap = cap;
	}
	p = &ps->v[ps->n];
	memset(p, 0, sizeof *p);
	p->fact = f;
	p->name = pk_build_slot_text(dv, pk_fact_slot(f, PK_ROLE_NAME));
	p->name_en = pk_build_slot_text(dv, pk_fact_slot(f, PK_ROLE_NAME_EN));
	p->title = pk_ruleset_title(b->rs, dv->nt->text + title->start, title->end - title->start);
	p->title_text = pk_build_slot_text(dv, title);
	/* an English title belongs to the first post only */
	if (title_en && title->role == PK_ROLE_TITLE)
		p->title_en = pk_build_slot_text(dv, title_en);
	p->org = org && pk_build_is_org(org->ent) ? org->ent : NULL;
	ps->n++;
	if (!p->name || !p->title_text)
		return PK_ENOMEM;
	return 0;
}

static const char *pk_build_title_ko(const pk_post *p)
{
	return p->title && p->title->ko ? p->title->ko : p->title_text;
}

static void pk_build_posts_free(pk_posts *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].name);
		free(ps->v[i].name_en);
		free(ps->v[i].title_text);
		free(ps->v[i].title_en);
	}
	for (i = 0; i < ps->nnames; i++)
		free(ps->names[i]);
	free(ps->v);
	free(ps->names);
	free(ps->count);
	free(ps->cand);
	free(ps->first_org);
	free(ps->edge_to);
	free(ps->edge_next);
	free(ps->slot);
	free(ps->id);
	free(ps->next_org);
}

/* The slot of name s[0..n): its entry, or the empty slot where it goes. */
static size_t pk_build_names_slot(const pk_posts *ps, const char *s, size_t n)
{
	size_t i = (size_t)pk_hash_fast(s, n) & (ps->slot_cap - 1);

	while (ps->slot[i]) {
		const char *v = ps->names[ps->slot[i] - 1];

		if (strlen(v) == n && memcmp(v, s, n) == 0)
			break;
		i = (i + 1) & (ps->slot_cap - 1);
	}
	return i;
}

static size_t pk_build_names_find(const pk_posts *ps, const char *s, size_t n)
{
	size_t i = pk_build_names_slot(ps, s, n);

	return ps->slot[i] ? ps->slot[i] - 1 : PK_POSTS_NONE;
}

/* Whether the n bytes at s only join two items of a list (", ", " 및 ",
 * "과 ", "와 "), after the particle or closing bracket that may end the
 * first. */
static int pk_build_list_gap(const char *s, size_t n)
{
	static const char *const gaps[] = { ", ", ",", " 및 ", "과 ", "와 ", "), " };
	size_t i;

	for (i = 0; i < PK_ARRAY_LEN(gaps); i++)
		if (strlen(gaps[i]) == n && memcmp(s, gaps[i], n) == 0)
			return 1;
	return 0;
}

/* 이창윤 연구개발정책실장: a unit head's title (lexicon unit-head) glued to a
 * unit of a body the sentence does not name is a post in the body the
 * article is about, the government body it last made its topic
 * (과학기술정보통신부는 ...), else the first one it names. */
static const pk_entity *pk_build_unit_org(pk_builder *b, const pk_docview *dv,
	const pk_posts *ps, const pk_post *p)
{
	const pk_post *posts = ps->v;
	size_t n = ps->n;
	const pk_slot *t = pk_fact_slot(p->fact, PK_ROLE_TITLE);
	const pk_entity *listed = NULL;
	size_t i, lo, hi;
	long topic;

	/* posts are in sentence order: those of p's sentence are around it */
	for (lo = (size_t)(p - posts); lo > 0 && posts[lo - 1].fact->sentence == p->fact->sentence; lo--)
		;
	for (hi = (size_t)(p - posts) + 1; hi < n && posts[hi].fact->sentence == p->fact->sentence; hi++)
		;
	/* 이상민 행정안전부 장관, 고기동 차관 등: the next post of a list,
	 * right after one that names its body, is held there too */
	for (i = lo; t && i < hi; i++)
		if (posts[i].org && posts[i].fact->sentence == p->fact->sentence &&
		    posts[i].fact->end <= p->fact->start &&
		    pk_build_list_gap(dv->nt->text + posts[i].fact->end,
			p->fact->start - posts[i].fact->end))
			listed = posts[i].org;
	if (listed)
		return listed;
	if (!t || t->start == 0 || dv->nt->text[t->start - 1] == ' ' ||
	    !((unsigned char)dv->nt->text[t->start - 1] & 0x80) ||
	    !pk_ruleset_lex(b->rs, PK_LEX_UNIT_HEAD, dv->nt->text + t->start, t->end - t->start))
		return NULL;
	/* KISDI 쪽에서 배경율 원장, 김종규 기획조정실장, …: a list goes on in the
	 * body of the post named before it in the sentence */
	for (i = lo; i < hi; i++)
		if (posts[i].org && posts[i].fact->sentence == p->fact->sentence &&
		    posts[i].fact->start < p->fact->start)
			listed = posts[i].org;
	if (listed)
		return listed;
	topic = pk_build_chain_last(b, dv, PK_CHAIN_TOPIC_GOV, p->fact->start);
	return topic >= 0 ? dv->matches[topic].ent : b->first_gov;
}

/* A name of several Hangul words: a transliterated foreign name, since a
 * Korean one is written as one word. */
static int pk_build_hangul_words(const char *name)
{
	return strchr(name, ' ') && pk_utf8_has_hangul(name);
}

/* Organization of a post that names none: the same person's same title
 * elsewhere in the document, else the title's implicit organization, else
 * the body of the post before it in a list, or a unit head's body (both
 * pk_build_unit_org, above). */
static const pk_entity *pk_build_post_org(pk_builder *b, const pk_docview *dv,
	const pk_posts *ps, const pk_post *p)
{
	size_t i;

	if (p->org)
		return p->org;
	/* the first such post; its title may have changed since (below) */
	for (i = ps->first_org[ps->id[p - ps->v]]; i != PK_POSTS_NONE; i = ps->next_org[i])
		if (strcmp(pk_build_title_ko(&ps->v[i]), pk_build_title_ko(p)) == 0)
			return ps->v[i].org;
	/* the implicit organization is Korea's (대통령, 총리): a name written
	 * in Hangul words (모하메드 빈 자이드 알 나흐얀) is a foreigner's */
	if (p->title && p->title->implicit_org && !pk_build_hangul_words(p->name))
		return pk_ruleset_entity(b->rs, p->title->implicit_org);
	return pk_build_unit_org(b, dv, ps, p);
}

/* Whether short names the same person as long in Korean news: the last
 * name of a foreign name (모로 for 이자벨 모로), or a surname alone
 * (남궁 for 남궁현). */
static int pk_build_short_name_of(const char *shrt, const char *lng)
{
	size_t ns = strlen(shrt), nl = strlen(lng);

	if (ns >= nl || strchr(shrt, ' '))
		return 0;
	if (lng[nl - ns - 1] == ' ' && strcmp(lng + nl - ns, shrt) == 0)
		return 1;
	return !strchr(lng, ' ') && strncmp(lng, shrt, ns) == 0 &&
		pk_utf8_count(shrt, ns) <= 2 && pk_utf8_count(lng, nl) <= 4;
}

/* The distinct names of ps's posts, and which may be short for which. */
static int pk_build_posts_index(pk_posts *ps)
{
	size_t i, cap = 16, k;

	while (cap <= 2 * ps->n)
		cap *= 2;
	ps->slot_cap = cap;
	if (!(ps->slot = calloc(cap, sizeof *ps->slot)) ||
	    !(ps->names = calloc(ps->n + 1, sizeof *ps->names)) ||
	    !(ps->count = calloc(ps->n + 1, sizeof *ps->count)) ||
	    !(ps->cand = malloc((ps->n + 1) * sizeof *ps->cand)) ||
	    !(ps->first_org = malloc((ps->n + 1) * sizeof *ps->first_org)) ||
	    !(ps->edge_to = malloc((2 * ps->n + 1) * sizeof *ps->edge_to)) ||
	    !(ps->edge_next = malloc((2 * ps->n + 1) * sizeof *ps->edge_next)) ||
	    !(ps->id = malloc((ps->n + 1) * sizeof *ps->id)) ||
	    !(ps->next_org = malloc((ps->n + 1) * sizeof *ps->next_org)))
		return PK_ENOMEM;
	for (i = 0; i < ps->n; i++) {
		const char *name = ps->v[i].name;
		size_t slot = pk_build_names_slot(ps, name, strlen(name));

		if (!ps->slot[slot]) {
			if (!(ps->names[ps->nnames] = pk_strdup(name)))
				return PK_ENOMEM;
			ps->cand[ps->nnames] = PK_POSTS_NONE;
			ps->slot[slot] = ++ps->nnames;
		}
		ps->id[i] = ps->slot[slot] - 1;
		ps->count[ps->id[i]]++;
	}
	/* a name may be short for another: for the word after its last
	 * space, or, when it has none, for its first one or two code points */
	for (k = 0; k < ps->nnames; k++) {
		const char *lng = ps->names[k], *sp = strrchr(lng, ' ');
		size_t nl = strlen(lng), cut[2], ncut = 0, c, j;

		if (sp) {
			cut[ncut++] = (size_t)(sp + 1 - lng);
		} else if (pk_utf8_count(lng, nl) <= 4) {
			for (j = 1, c = 0; j < nl && c < 2; j++)
				if (((unsigned char)lng[j] & 0xC0) != 0x80 && ++c <= 2)
					cut[ncut++] = j;
		}
		for (j = 0; j < ncut; j++) {
			size_t shrt = sp ? pk_build_names_find(ps, lng + cut[j], nl - cut[j]) :
				pk_build_names_find(ps, lng, cut[j]);

			if (shrt == PK_POSTS_NONE || shrt == k)
				continue;
			ps->edge_to[ps->nedges] = k;
			ps->edge_next[ps->nedges] = ps->cand[shrt];
			ps->cand[shrt] = ps->nedges++;
		}
	}
	return 0;
}

/* Give each post the fullest name the article uses for its person, when
 * exactly one name fits (the names given so far count as given); then
 * chain each name's posts with an organization, in order. */
static int pk_build_posts_canon(pk_posts *ps)
{
	size_t i, e;

	for (i = 0; i < ps->n; i++) {
		size_t s = ps->id[i], best = PK_POSTS_NONE;
		int many = 0;
		char *full;

		for (e = ps->cand[s]; e != PK_POSTS_NONE && !many; e = ps->edge_next[e]) {
			size_t l = ps->edge_to[e];

			if (!ps->count[l] || !pk_build_short_name_of(ps->names[s], ps->names[l]))
				continue;
			many = best != PK_POSTS_NONE;
			best = l;
		}
		if (best == PK_POSTS_NONE || many)
			continue;
		if (!(full = pk_strdup(ps->names[best])))
			return PK_ENOMEM;
		free(ps->v[i].name);
		ps->v[i].name = full;
		ps->count[s]--;
		ps->count[best]++;
		ps->id[i] = best;
	}
	/* each name's posts with an organization, in order */
	for (i = 0; i < ps->nnames; i++)
		ps->first_org[i] = PK_POSTS_NONE;
	for (i = ps->n; i-- > 0;) {
		ps->next_org[i] = PK_POSTS_NONE;
		if (ps->v[i].org) {
			ps->next_org[i] = ps->first_org[ps->id[i]];
			ps->first_org[ps->id[i]] = i;
		}
	}
	return 0;
}

int pk_build_positions(pk_builder *b, const pk_docview *dv, const char *d)
{
	pk_posts ps;
	size_t i;
	char *person = NULL, *pos = NULL, *mention = NULL, *org = NULL;
	int rc = 0;

	memset(&ps, 0, sizeof ps);
	for (i = 0; i < dv->facts->n; i++) {
		const pk_fact *f = &dv->facts->v[i];
		const pk_slot *t;

		if (f->rule->yield != PK_YIELD_POSITION || !pk_fact_slot(f, PK_ROLE_NAME))
			continue;
		if ((t = pk_fact_slot(f, PK_ROLE_TITLE)) && (rc = pk_build_post_add(&ps, dv, b, f, t)) < 0)
			goto out;
		if ((t = pk_fact_slot(f, PK_ROLE_TITLE2)) && (rc = pk_build_post_add(&ps, dv, b, f, t)) < 0)
			goto out;
	}
	if ((rc = pk_build_posts_index(&ps)) < 0 || (rc = pk_build_posts_canon(&ps)) < 0)
		goto out;
	for (i = 0; i < ps.n; i++) {
		pk_post *p = &ps.v[i];
		const pk_entity *oe = pk_build_post_org(b, dv, &ps, p);
		pk_buf key = PK_BUF_INIT;

		if ((rc = pk_build_iri(&person, b, "person", p->name, strlen(p->name))) < 0)
			goto out;
		if ((rc = pk_graph_add_iri(b->g, person, PK_NS_RDF "type", PKG("Person"))) < 0 ||
		    (rc = pk_graph_add_iri(b->g, person, PK_NS_RDF "type", PKG("Actor"))) < 0 ||
		    (rc = pk_graph_add_literal(b->g, person, PK_NS_RDFS "label", p->name,
			pk_utf8_has_hangul(p->name) ? "ko" : "en", NULL)) < 0 ||
		    (rc = pk_graph_add_iri(b->g, person, PKG("mentionedIn"), d)) < 0)
			goto out;
		if (p->name_en &&
		    (rc = pk_graph_add_literal(b->g, person, PK_NS_RDFS "label", p->name_en, "en", NULL)) < 0)
			goto out;
		if (oe) {
			/* President of the ADB is its 총재, not a 대통령: English titles
			 * name the post by the body's kind (국장 stays 국장) */
			const pk_slot *ts = pk_fact_slot(p->fact, PK_ROLE_TITLE);

			if (p->title && ts && !pk_utf8_has_hangul_n(dv->nt->text + ts->start, ts->end - ts->start)) {
				const char *to = oe->cls == PK_CLASS_INTL ? p->title->in_intl :
					oe->cls == PK_CLASS_COMPANY ? p->title->in_company : NULL;
				const pk_title *alt = to ? pk_ruleset_title_by_id(b->rs, to) : NULL;

				if (alt)
					p->title = alt;
			}
			if ((rc = pk_build_describe(b, oe, 0)) < 0)
				goto out;
			if (!(org = pk_onto_entity_iri(oe->id))) {
				rc = PK_ENOMEM;
				goto out;
			}
			if (pk_buf_printf(&key, "%s %s %s", p->name,
				p->title ? p->title->id : p->title_text, oe->id) < 0) {
				rc = PK_ENOMEM;
				goto out;
			}
			rc = pk_build_iri(&pos, b, "position", key.ptr, key.len);
			pk_buf_free(&key);
			if (rc < 0)
				goto out;
			if ((rc = pk_build_evidence_room(b, dv, pos)) < 0 ||
			    (rc == 1 && (rc = pk_build_mention(&mention, b, dv, d, p->fact)) < 0))
				goto out;
			/* memberOf ranges over organizations: a president holds a post
			 * of a country without being a member of it */
			if (oe->cls != PK_CLASS_COUNTRY &&
			    (rc = pk_graph_add_iri(b->g, person, PKG("memberOf"), org)) < 0)
				goto out;
			if ((rc = pk_graph_add_iri(b->g, person, PKG("position"), pos)) < 0 ||
			    (rc = pk_graph_add_iri(b->g, pos, PK_NS_RDF "type", PKG("Position"))) < 0 ||
			    (rc = pk_graph_add_literal(b->g, pos, PKG("title"), pk_build_title_ko(p), "ko", NULL)) < 0 ||
			    (rc = pk_graph_add_iri(b->g, pos, PKG("organization"), org)) < 0 ||
			    (mention && (rc = pk_graph_add_iri(b->g, pos, PKG("evidence"), mention)) < 0) ||
			    (rc = pk_graph_add_iri(b->g, pos, PKG("mentionedIn"), d)) < 0)
				goto out;
			if (p->title_en || (p->title && p->title->en)) {
				if ((rc = pk_graph_add_literal(b->g, pos, PKG("title"),
					p->title_en ? p->title_en : p->title->en, "en", NULL)) < 0)
					goto out;
			}
		}
		free(person);
		free(pos);
		free(mention);
		free(org);
		person = pos = mention = org = NULL;
	}
out:
	free(person);
	free(pos);
	free(mention);
	free(org);
	pk_build_posts_free(&ps);
	return rc;
}
