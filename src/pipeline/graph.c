/*
 * graph.c - the graph stage.
 *
 * Writes, for one document: the pkg:Document with its header; every
 * gazetteer entity it mentions (types materialised with their
 * superclasses, labels, aliases, country and parent, which are described
 * too); and the persons and posts the position rules found, each post with
 * a pkg:Mention as evidence.  A post whose rule names no organization takes
 * it from the same person's other posts in the document, or from the
 * title's implicit organization; failing both, only the person is written.
 *
 * IRIs are deterministic: gazetteer entities are pkgid:<id>; others are
 * pkgid:<kind>/<slug>, where the slug is the name romanized by ICU.
 * The same fact read twice is the same resource.
 */
#include "pipeline/graph.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "pipeline/graph_int.h"
#include "rdf/onto.h"
#include "rdf/vocab.h"

int pk_builder_new(pk_builder **out, pk_graph *g, const pk_ruleset *rs,
	const pk_diag *diag)
{
	static const UChar id[] = u"Hangul-Latin; Latin-ASCII; Any-Lower";
	UErrorCode st = U_ZERO_ERROR;
	pk_builder *b;

	*out = NULL;
	b = calloc(1, sizeof *b);
	if (!b)
		return PK_ENOMEM;
	b->g = g;
	b->rs = rs;
	b->diag = diag;
	b->described = calloc(rs->nentities + 1, 1);
	b->ref.y = 0;
	b->max_mentions = PK_DEFAULT_MAX_MENTIONS;
	b->romanize = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (!b->described || U_FAILURE(st)) {
		if (U_FAILURE(st))
			pk_diag_emit(diag, PK_SEV_ERROR, "ICU transliterator: %s", u_errorName(st));
		pk_builder_free(b);
		return U_FAILURE(st) ? PK_EINPUT : PK_ENOMEM;
	}
	*out = b;
	return 0;
}

void pk_builder_set_graph(pk_builder *b, pk_graph *g)
{
	b->g = g;
}

static void pk_graph_evidence_reset(pk_builder *b)
{
	size_t i;

	for (i = 0; i < b->ev_cap; i++) {
		free(b->ev_keys[i]);
		b->ev_keys[i] = NULL;
	}
	b->ev_used = 0;
}

/* The slug cache.  Names repeat across a corpus (ministries, ministers,
 * countries), and ICU's Hangul-Latin transliterator was a tenth of the
 * extraction time; a bounded table is emptied when full. */
#define PK_SLUG_CACHE_MAX 8192

static void pk_graph_slug_cache_clear(pk_builder *b)
{
	size_t i;

	for (i = 0; i < b->slug_cap; i++) {
		free(b->slug_keys[i]);
		free(b->slug_vals[i]);
		b->slug_keys[i] = b->slug_vals[i] = NULL;
	}
	b->slug_used = 0;
}

/* The slot of name s[0..n) in the cache: its entry, or the empty slot
 * where it belongs.  The cache must have a free slot. */
static size_t pk_graph_slug_slot(const pk_builder *b, const char *s, size_t n)
{
	size_t i = (size_t)pk_hash64(s, n) & (b->slug_cap - 1);

	while (b->slug_keys[i] &&
	       !(strlen(b->slug_keys[i]) == n && memcmp(b->slug_keys[i], s, n) == 0))
		i = (i + 1) & (b->slug_cap - 1);
	return i;
}

void pk_builder_free(pk_builder *b)
{
	int k;

	if (!b)
		return;
	for (k = 0; k < PK_CHAIN__COUNT; k++) {
		free(b->chains[k].last);
		free(b->chains[k].other);
	}
	pk_graph_evidence_reset(b);
	free(b->ev_keys);
	free(b->ev_counts);
	pk_graph_slug_cache_clear(b);
	free(b->slug_keys);
	free(b->slug_vals);
	if (b->romanize)
		utrans_close(b->romanize);
	free(b->described);
	free(b);
}

/* Romanize s[0..n) into an ASCII slug, without the cache. */
static int pk_graph_slug_make(char **out, pk_builder *b, const char *s, size_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar *u = NULL;
	char *ascii = NULL;
	int32_t ulen = 0, cap, limit, alen = 0;
	int rc = 0;

	*out = NULL;
	u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)n, &st);
	st = U_ZERO_ERROR;
	cap = ulen * 4 + 16;
	u = malloc((size_t)cap * sizeof *u);
	if (!u) {
		rc = PK_ENOMEM;
		goto out;
	}
	u_strFromUTF8(u, cap, &ulen, s, (int32_t)n, &st);
	limit = ulen;
	if (U_SUCCESS(st))
		utrans_transUChars(b->romanize, u, &ulen, cap, 0, &limit, &st);
	if (U_SUCCESS(st)) {
		u_strToUTF8(NULL, 0, &alen, u, ulen, &st);
		st = U_ZERO_ERROR;
		ascii = malloc((size_t)alen + 1);
		if (!ascii) {
			rc = PK_ENOMEM;
			goto out;
		}
		u_strToUTF8(ascii, alen + 1, &alen, u, ulen, &st);
	}
	/* ICU failing here only costs readability: fall back to a hash */
	*out = U_SUCCESS(st) && ascii ? pk_reader_slug(ascii, (size_t)alen) : pk_reader_slug(s, n);
	if (!*out)
		rc = PK_ENOMEM;
out:
	free(u);
	free(ascii);
	return rc;
}

/* Romanize s[0..n) into an ASCII slug; *out is the caller's. */
static int pk_graph_slug(char **out, pk_builder *b, const char *s, size_t n)
{
	char *key = NULL, *val = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if (!b->slug_cap) {
		b->slug_keys = calloc(2 * PK_SLUG_CACHE_MAX, sizeof *b->slug_keys);
		b->slug_vals = calloc(2 * PK_SLUG_CACHE_MAX, sizeof *b->slug_vals);
		if (!b->slug_keys || !b->slug_vals) {
			free(b->slug_keys);
			free(b->slug_vals);
			b->slug_keys = b->slug_vals = NULL;
			return pk_graph_slug_make(out, b, s, n);
		}
		b->slug_cap = 2 * PK_SLUG_CACHE_MAX;
	}
	i = pk_graph_slug_slot(b, s, n);
	if (b->slug_keys[i])
		return (*out = pk_strdup(b->slug_vals[i])) ? 0 : PK_ENOMEM;
	if ((rc = pk_graph_slug_make(out, b, s, n)) < 0)
		return rc;
	if (b->slug_used >= PK_SLUG_CACHE_MAX) {
		pk_graph_slug_cache_clear(b);
		i = pk_graph_slug_slot(b, s, n);
	}
	/* a failed insert only costs the next lookup */
	if ((key = pk_strndup(s, n)) && (val = pk_strdup(*out))) {
		b->slug_keys[i] = key;
		b->slug_vals[i] = val;
		b->slug_used++;
	} else {
		free(key);
	}
	return 0;
}

int pk_graph_iri(char **out, pk_builder *b, const char *kind, const char *name, size_t n)
{
	pk_buf iri = PK_BUF_INIT;
	char *slug = NULL;
	int rc;

	*out = NULL;
	if ((rc = pk_graph_slug(&slug, b, name, n)) < 0)
		return rc;
	if (pk_buf_printf(&iri, PK_NS_ID "%s/%s", kind, slug) < 0) {
		free(slug);
		return PK_ENOMEM;
	}
	free(slug);
	*out = pk_buf_detach(&iri);
	return 0;
}

/* "ko" for Hangul, "en" for Latin letters, NULL otherwise. */
static const char *pk_graph_lang(const char *s)
{
	const char *p;

	if (pk_utf8_has_hangul(s))
		return "ko";
	for (p = s; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			return "en";
	return NULL;
}

int pk_graph_types(pk_graph *g, const char *s, pk_class cls)
{
	static const char *const types[PK_CLASS__COUNT][4] = {
		[PK_CLASS_GOV] = { PKG("GovernmentBody"), PKG("Organization"), PKG("Actor"), NULL },
		[PK_CLASS_INTL] = { PKG("InternationalOrganization"), PKG("Organization"), PKG("Actor"), NULL },
		[PK_CLASS_COMPANY] = { PKG("Company"), PKG("Organization"), PKG("Actor"), NULL },
		[PK_CLASS_ORG] = { PKG("Organization"), PKG("Actor"), NULL, NULL },
		[PK_CLASS_COUNTRY] = { PKG("Country"), PKG("Actor"), NULL, NULL },
		[PK_CLASS_PLACE] = { PKG("Place"), NULL, NULL, NULL },
	};
	size_t i;
	int rc;

	for (i = 0; types[cls][i]; i++)
		if ((rc = pk_graph_add_iri(g, s, PK_NS_RDF "type", types[cls][i])) < 0)
			return rc;
	return 0;
}

/* The static description of a gazetteer entity, once per builder. */
int pk_graph_describe(pk_builder *b, const pk_entity *e, int depth)
{
	char *s = NULL, *o = NULL;
	size_t i;
	int rc = 0;

	/* a minted organization is its article's, described with it */
	if (!e->minted) {
		size_t idx = (size_t)(e - b->rs->entities);

		if (b->described[idx] || depth > 8)
			return 0;
		b->described[idx] = 1;
	}
	if (!(s = pk_onto_entity_iri(e->id)))
		return PK_ENOMEM;
	if ((rc = pk_graph_types(b->g, s, e->cls)) < 0)
		goto out;
	/* counted apart (stats), shown apart (review), and queryable */
	if (e->minted && (rc = pk_graph_add_iri(b->g, s, PK_NS_RDF "type", PKG("UnlinkedOrganization"))) < 0)
		goto out;
	if ((rc = pk_graph_add_literal(b->g, s, PK_NS_RDFS "label", e->ko,
		e->minted && !pk_utf8_has_hangul(e->ko) ? pk_graph_lang(e->ko) : "ko", NULL)) < 0)
		goto out;
	if (e->en && (rc = pk_graph_add_literal(b->g, s, PK_NS_RDFS "label", e->en, "en", NULL)) < 0)
		goto out;
	for (i = 0; i < e->naliases; i++)
		if (strcmp(e->aliases[i], e->ko) != 0 && (!e->en || strcmp(e->aliases[i], e->en) != 0) &&
		    (rc = pk_graph_add_literal(b->g, s, PK_NS_SKOS "altLabel", e->aliases[i],
			pk_graph_lang(e->aliases[i]), NULL)) < 0)
			goto out;
	if (e->country) {
		const pk_entity *c = pk_ruleset_entity(b->rs, e->country);

		if (!(o = pk_onto_entity_iri(e->country))) {
			rc = PK_ENOMEM;
			goto out;
		}
		if ((rc = pk_graph_add_iri(b->g, s, PKG("country"), o)) < 0)
			goto out;
		free(o);
		o = NULL;
		if (c && (rc = pk_graph_describe(b, c, depth + 1)) < 0)
			goto out;
	}
	if (e->parent) {
		const pk_entity *p = pk_ruleset_entity(b->rs, e->parent);

		if (!(o = pk_onto_entity_iri(e->parent))) {
			rc = PK_ENOMEM;
			goto out;
		}
		if ((rc = pk_graph_add_iri(b->g, s, PKG("subOrganizationOf"), o)) < 0)
			goto out;
		if (p && (rc = pk_graph_describe(b, p, depth + 1)) < 0)
			goto out;
	}
out:
	free(s);
	free(o);
	return rc;
}

static int pk_graph_int_literal(pk_graph *g, const char *s, const char *p, size_t v)
{
	char num[32];

	snprintf(num, sizeof num, "%zu", v);
	return pk_graph_add_literal(g, s, p, num, NULL, XSD("integer"));
}

/* An IRI is written only when it is one: no spaces, quotes or brackets. */
static int pk_graph_iri_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
		return 0;
	for (; *p; p++)
		if (*p <= 0x20 || strchr("<>\"{}|\\^`", *p))
			return 0;
	return 1;
}

static int pk_graph_document(pk_builder *b, const pk_docview *dv, const char *d)
{
	const pk_doc *doc = dv->doc;
	const char *issued = doc->meta[PK_META_ISSUED];
	int rc;

	if ((rc = pk_graph_add_iri(b->g, d, PK_NS_RDF "type", PKG("Document"))) < 0 ||
	    (rc = pk_graph_add_iri(b->g, d, PK_NS_RDF "type", PK_NS_PROV "Entity")) < 0)
		return rc;
	if (doc->meta[PK_META_TITLE] &&
	    (rc = pk_graph_add_literal(b->g, d, PK_NS_DCTERMS "title", doc->meta[PK_META_TITLE],
		pk_utf8_has_hangul(doc->meta[PK_META_TITLE]) ? "ko" : NULL, NULL)) < 0)
		return rc;
	/* a dateline without a year ("SEOUL, Dec. 2") is a gMonthDay */
	if (issued && (rc = pk_graph_add_literal(b->g, d, PK_NS_DCTERMS "issued", issued, NULL,
		doc->issued_has_time ? XSD("dateTime") : issued[0] == '-' ? XSD("gMonthDay") :
		XSD("date"))) < 0)
		return rc;
	if (doc->meta[PK_META_PUBLISHER] &&
	    (rc = pk_graph_add_literal(b->g, d, PK_NS_DCTERMS "publisher",
		doc->meta[PK_META_PUBLISHER], NULL, NULL)) < 0)
		return rc;
	if (doc->meta[PK_META_SOURCE] && pk_graph_iri_ok(doc->meta[PK_META_SOURCE]) &&
	    (rc = pk_graph_add_iri(b->g, d, PK_NS_DCTERMS "source", doc->meta[PK_META_SOURCE])) < 0)
		return rc;
	return 0;
}

void pk_builder_set_max_mentions(pk_builder *b, size_t n)
{
	b->max_mentions = n ? n : PK_DEFAULT_MAX_MENTIONS;
}

static int pk_graph_evidence_grow(pk_builder *b)
{
	size_t cap = b->ev_cap ? b->ev_cap * 2 : 64, i;
	char **keys = calloc(cap, sizeof *keys);
	size_t *counts = calloc(cap, sizeof *counts);

	if (!keys || !counts) {
		free(keys);
		free(counts);
		return PK_ENOMEM;
	}
	for (i = 0; i < b->ev_cap; i++) {
		size_t h;

		if (!b->ev_keys[i])
			continue;
		h = (size_t)pk_hash64(b->ev_keys[i], strlen(b->ev_keys[i])) & (cap - 1);
		while (keys[h])
			h = (h + 1) & (cap - 1);
		keys[h] = b->ev_keys[i];
		counts[h] = b->ev_counts[i];
	}
	free(b->ev_keys);
	free(b->ev_counts);
	b->ev_keys = keys;
	b->ev_counts = counts;
	b->ev_cap = cap;
	return 0;
}

int pk_graph_evidence_room(pk_builder *b, const pk_docview *dv, const char *s)
{
	size_t h;

	if ((b->ev_used + 1) * 2 > b->ev_cap && pk_graph_evidence_grow(b) < 0)
		return PK_ENOMEM;
	h = (size_t)pk_hash64(s, strlen(s)) & (b->ev_cap - 1);
	while (b->ev_keys[h] && strcmp(b->ev_keys[h], s) != 0)
		h = (h + 1) & (b->ev_cap - 1);
	if (!b->ev_keys[h]) {
		if (!(b->ev_keys[h] = pk_strdup(s)))
			return PK_ENOMEM;
		b->ev_counts[h] = 0;
		b->ev_used++;
	}
	if (b->ev_counts[h] < b->max_mentions) {
		b->ev_counts[h]++;
		return 1;
	}
	if (b->ev_counts[h] == b->max_mentions) {
		pk_diag_emit(b->diag, PK_SEV_WARNING,
			"%s: <%s>: more than %zu mentions (--max-mentions); the rest are not kept",
			dv->doc->name, s, b->max_mentions);
		b->ev_counts[h]++;
	}
	return 0;
}

size_t pk_graph_cp(const pk_docview *dv, size_t sentence, size_t off)
{
	const pk_span *sp = &dv->sents[sentence];

	if (off >= sp->start)
		return sp->cp + pk_utf8_count(dv->nt->text + sp->start, off - sp->start);
	return sp->cp - pk_utf8_count(dv->nt->text + off, sp->start - off);
}

/* A pkg:Mention for fact f; *out gets its IRI. */
int pk_graph_mention(char **out, pk_builder *b, const pk_docview *dv,
	const char *d, const pk_fact *f)
{
	const char *text = dv->nt->text;
	const pk_span *sp = &dv->sents[f->sentence];
	size_t cs = sp->cp;
	size_t ce = pk_graph_cp(dv, f->sentence, sp->end);
	size_t ms = pk_graph_cp(dv, f->sentence, f->start);
	size_t me = ms + pk_utf8_count(text + f->start, f->end - f->start);
	pk_buf iri = PK_BUF_INIT;
	char *sentence = NULL;
	int rc;

	*out = NULL;
	if (pk_onto_mention_iri(&iri, dv->doc->id, ms, me, f->rule->id) < 0 ||
	    !(sentence = pk_strndup(text + sp->start, sp->end - sp->start))) {
		rc = PK_ENOMEM;
		goto out;
	}
	if ((rc = pk_graph_add_iri(b->g, iri.ptr, PK_NS_RDF "type", PKG("Mention"))) < 0 ||
	    (rc = pk_graph_add_iri(b->g, iri.ptr, PKG("document"), d)) < 0 ||
	    /* the contract fixes @ko, English releases included */
	    (rc = pk_graph_add_literal(b->g, iri.ptr, PKG("sentence"), sentence, "ko", NULL)) < 0 ||
	    (rc = pk_graph_int_literal(b->g, iri.ptr, PKG("start"), cs)) < 0 ||
	    (rc = pk_graph_int_literal(b->g, iri.ptr, PKG("end"), ce)) < 0 ||
	    (rc = pk_graph_int_literal(b->g, iri.ptr, PKG("matchStart"), ms)) < 0 ||
	    (rc = pk_graph_int_literal(b->g, iri.ptr, PKG("matchEnd"), me)) < 0 ||
	    (rc = pk_graph_add_literal(b->g, iri.ptr, PKG("rule"), f->rule->id, NULL, NULL)) < 0)
		goto out;
	*out = pk_buf_detach(&iri);
out:
	pk_buf_free(&iri);
	free(sentence);
	return rc;
}

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
 * (pk_graph_short_name_of), and per name its posts that name their
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

static char *pk_graph_slot_text(const pk_docview *dv, const pk_slot *s)
{
	return s ? pk_strndup(dv->nt->text + s->start, s->end - s->start) : NULL;
}

static int pk_graph_is_org(const pk_entity *e)
{
	return e && e->cls != PK_CLASS_PLACE;
}

static int pk_graph_post_add(pk_posts *ps, const pk_docview *dv,
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
	p->name = pk_graph_slot_text(dv, pk_fact_slot(f, PK_ROLE_NAME));
	p->name_en = pk_graph_slot_text(dv, pk_fact_slot(f, PK_ROLE_NAME_EN));
	p->title = pk_ruleset_title(b->rs, dv->nt->text + title->start, title->end - title->start);
	p->title_text = pk_graph_slot_text(dv, title);
	/* an English title belongs to the first post only */
	if (title_en && title->role == PK_ROLE_TITLE)
		p->title_en = pk_graph_slot_text(dv, title_en);
	p->org = org && pk_graph_is_org(org->ent) ? org->ent : NULL;
	ps->n++;
	if (!p->name || !p->title_text)
		return PK_ENOMEM;
	return 0;
}

static const char *pk_graph_title_ko(const pk_post *p)
{
	return p->title && p->title->ko ? p->title->ko : p->title_text;
}

static void pk_graph_posts_free(pk_posts *ps)
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
static size_t pk_graph_names_slot(const pk_posts *ps, const char *s, size_t n)
{
	size_t i = (size_t)pk_hash64(s, n) & (ps->slot_cap - 1);

	while (ps->slot[i]) {
		const char *v = ps->names[ps->slot[i] - 1];

		if (strlen(v) == n && memcmp(v, s, n) == 0)
			break;
		i = (i + 1) & (ps->slot_cap - 1);
	}
	return i;
}

static size_t pk_graph_names_find(const pk_posts *ps, const char *s, size_t n)
{
	size_t i = pk_graph_names_slot(ps, s, n);

	return ps->slot[i] ? ps->slot[i] - 1 : PK_POSTS_NONE;
}

/* Whether the n bytes at s only join two items of a list (", ", " 및 ",
 * "과 ", "와 "), after the particle or closing bracket that may end the
 * first. */
static int pk_graph_list_gap(const char *s, size_t n)
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
static const pk_entity *pk_graph_unit_org(pk_builder *b, const pk_docview *dv,
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
		    pk_graph_list_gap(dv->nt->text + posts[i].fact->end,
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
	topic = pk_graph_chain_last(b, dv, PK_CHAIN_TOPIC_GOV, p->fact->start);
	return topic >= 0 ? dv->matches[topic].ent : b->first_gov;
}

/* A name of several Hangul words: a transliterated foreign name, since a
 * Korean one is written as one word. */
static int pk_graph_hangul_words(const char *name)
{
	return strchr(name, ' ') && pk_utf8_has_hangul(name);
}

/* Organization of a post that names none: the same person's same title
 * elsewhere in the document, else the title's implicit organization, else
 * the body of the post before it in a list, or a unit head's body (both
 * pk_graph_unit_org, above). */
static const pk_entity *pk_graph_post_org(pk_builder *b, const pk_docview *dv,
	const pk_posts *ps, const pk_post *p)
{
	size_t i;

	if (p->org)
		return p->org;
	/* the first such post; its title may have changed since (below) */
	for (i = ps->first_org[ps->id[p - ps->v]]; i != PK_POSTS_NONE; i = ps->next_org[i])
		if (strcmp(pk_graph_title_ko(&ps->v[i]), pk_graph_title_ko(p)) == 0)
			return ps->v[i].org;
	/* the implicit organization is Korea's (대통령, 총리): a name written
	 * in Hangul words (모하메드 빈 자이드 알 나흐얀) is a foreigner's */
	if (p->title && p->title->implicit_org && !pk_graph_hangul_words(p->name))
		return pk_ruleset_entity(b->rs, p->title->implicit_org);
	return pk_graph_unit_org(b, dv, ps, p);
}

/* Whether short names the same person as long in Korean news: the last
 * name of a foreign name (모로 for 이자벨 모로), or a surname alone
 * (남궁 for 남궁현). */
static int pk_graph_short_name_of(const char *shrt, const char *lng)
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
static int pk_graph_posts_index(pk_posts *ps)
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
		size_t slot = pk_graph_names_slot(ps, name, strlen(name));

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
			size_t shrt = sp ? pk_graph_names_find(ps, lng + cut[j], nl - cut[j]) :
				pk_graph_names_find(ps, lng, cut[j]);

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
static int pk_graph_posts_canon(pk_posts *ps)
{
	size_t i, e;

	for (i = 0; i < ps->n; i++) {
		size_t s = ps->id[i], best = PK_POSTS_NONE;
		int many = 0;
		char *full;

		for (e = ps->cand[s]; e != PK_POSTS_NONE && !many; e = ps->edge_next[e]) {
			size_t l = ps->edge_to[e];

			if (!ps->count[l] || !pk_graph_short_name_of(ps->names[s], ps->names[l]))
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

static int pk_graph_positions(pk_builder *b, const pk_docview *dv, const char *d)
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
		if ((t = pk_fact_slot(f, PK_ROLE_TITLE)) && (rc = pk_graph_post_add(&ps, dv, b, f, t)) < 0)
			goto out;
		if ((t = pk_fact_slot(f, PK_ROLE_TITLE2)) && (rc = pk_graph_post_add(&ps, dv, b, f, t)) < 0)
			goto out;
	}
	if ((rc = pk_graph_posts_index(&ps)) < 0 || (rc = pk_graph_posts_canon(&ps)) < 0)
		goto out;
	for (i = 0; i < ps.n; i++) {
		pk_post *p = &ps.v[i];
		const pk_entity *oe = pk_graph_post_org(b, dv, &ps, p);
		pk_buf key = PK_BUF_INIT;

		if ((rc = pk_graph_iri(&person, b, "person", p->name, strlen(p->name))) < 0)
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
			if ((rc = pk_graph_describe(b, oe, 0)) < 0)
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
			rc = pk_graph_iri(&pos, b, "position", key.ptr, key.len);
			pk_buf_free(&key);
			if (rc < 0)
				goto out;
			if ((rc = pk_graph_evidence_room(b, dv, pos)) < 0 ||
			    (rc == 1 && (rc = pk_graph_mention(&mention, b, dv, d, p->fact)) < 0))
				goto out;
			/* memberOf ranges over organizations: a president holds a post
			 * of a country without being a member of it */
			if (oe->cls != PK_CLASS_COUNTRY &&
			    (rc = pk_graph_add_iri(b->g, person, PKG("memberOf"), org)) < 0)
				goto out;
			if ((rc = pk_graph_add_iri(b->g, person, PKG("position"), pos)) < 0 ||
			    (rc = pk_graph_add_iri(b->g, pos, PK_NS_RDF "type", PKG("Position"))) < 0 ||
			    (rc = pk_graph_add_literal(b->g, pos, PKG("title"), pk_graph_title_ko(p), "ko", NULL)) < 0 ||
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
	pk_graph_posts_free(&ps);
	return rc;
}

static int pk_graph_chain_has(const pk_builder *b, const pk_gaz_match *m, pk_graph_chain_kind k)
{
	int topic = m->particle >= 0 && strcmp(b->rs->particles[m->particle].name, "topic") == 0;

	switch (k) {
	case PK_CHAIN_GOV: return m->ent->cls == PK_CLASS_GOV;
	case PK_CHAIN_COUNTRY: return m->ent->cls == PK_CLASS_COUNTRY;
	case PK_CHAIN_ACTOR: return m->ent->cls != PK_CLASS_PLACE;
	case PK_CHAIN_TOPIC: return topic && m->ent->cls != PK_CLASS_PLACE;
	case PK_CHAIN_TOPIC_GOV: return topic && m->ent->cls == PK_CLASS_GOV;
	default: return 0;
	}
}

/* The chains of dv's matches (see graph_int.h), and its first government
 * body. */
static int pk_graph_chains_build(pk_builder *b, const pk_docview *dv)
{
	size_t i;
	int k;

	if (dv->nmatches > b->chains_cap) {
		size_t cap = dv->nmatches;

		for (k = 0; k < PK_CHAIN__COUNT; k++) {
			long *p = realloc(b->chains[k].last, cap * sizeof *p);

			if (!p)
				return PK_ENOMEM;
			b->chains[k].last = p;
			if (!(p = realloc(b->chains[k].other, cap * sizeof *p)))
				return PK_ENOMEM;
			b->chains[k].other = p;
		}
		b->chains_cap = cap;
	}
	b->first_gov = NULL;
	for (i = 0; i < dv->nmatches && !b->first_gov; i++)
		if (dv->matches[i].ent->cls == PK_CLASS_GOV)
			b->first_gov = dv->matches[i].ent;
	for (k = 0; k < PK_CHAIN__COUNT; k++) {
		pk_graph_chain *c = &b->chains[k];
		long last = -1;

		for (i = 0; i < dv->nmatches; i++) {
			c->other[i] = -1;
			if (pk_graph_chain_has(b, &dv->matches[i], (pk_graph_chain_kind)k)) {
				if (last >= 0)
					c->other[i] = dv->matches[last].ent != dv->matches[i].ent ? last :
						c->other[last];
				last = (long)i;
			}
			c->last[i] = last;
		}
	}
	return 0;
}

size_t pk_graph_matches_before(const pk_docview *dv, size_t pos)
{
	size_t lo = 0, hi = dv->nmatches;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (dv->matches[mid].start < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long pk_graph_chain_last(const pk_builder *b, const pk_docview *dv, pk_graph_chain_kind k,
	size_t pos)
{
	size_t n = pk_graph_matches_before(dv, pos);

	return n ? b->chains[k].last[n - 1] : -1;
}

int pk_graph_build(pk_builder *b, const pk_docview *dv)
{
	pk_buf d = PK_BUF_INIT;
	size_t i;
	int rc;

	if (pk_buf_printf(&d, PK_NS_ID "document/%s", dv->doc->id) < 0)
		return PK_ENOMEM;
	/* each document's graph describes the entities it mentions itself,
	 * so one article's facts can be dropped without the others' */
	memset(b->described, 0, b->rs->nentities + 1);
	pk_graph_evidence_reset(b);
	if ((rc = pk_graph_chains_build(b, dv)) < 0 ||
	    (rc = pk_graph_document(b, dv, d.ptr)) < 0)
		goto out;
	for (i = 0; i < dv->nmentioned; i++) {
		char *s = pk_onto_entity_iri(dv->mentioned[i]->id);

		if (!s) {
			rc = PK_ENOMEM;
			goto out;
		}
		rc = pk_graph_describe(b, dv->mentioned[i], 0);
		if (rc == 0)
			rc = pk_graph_add_iri(b->g, s, PKG("mentionedIn"), d.ptr);
		free(s);
		if (rc < 0)
			goto out;
	}
	/* names the article gave its actors (이하 '안전연구소') */
	for (i = 0; i < dv->facts->n; i++) {
		const pk_fact *f = &dv->facts->v[i];
		const pk_slot *of = pk_fact_slot(f, PK_ROLE_OF), *al = pk_fact_slot(f, PK_ROLE_ALIAS);
		char *s = NULL, *name = NULL;

		if (f->rule->yield != PK_YIELD_ALIAS || !of || !of->ent || !al)
			continue;
		s = pk_onto_entity_iri(of->ent->id);
		name = pk_strndup(dv->nt->text + al->start, al->end - al->start);
		rc = s && name ? pk_graph_add_literal(b->g, s, PK_NS_SKOS "altLabel", name,
			pk_graph_lang(name), NULL) : PK_ENOMEM;
		free(s);
		free(name);
		if (rc < 0)
			goto out;
	}
	if ((rc = pk_graph_positions(b, dv, d.ptr)) < 0)
		goto out;
	rc = pk_graph_events(b, dv, d.ptr);
out:
	pk_buf_free(&d);
	return rc;
}

int pk_builder_finish(pk_builder *b)
{
	const pk_triple *t;
	size_t n, i;
	char **planned = NULL;
	size_t np = 0;
	int rc = 0;

	pk_graph_sorted(&t, &n, b->g);
	for (i = 0; i < n; i++) {
		char **p;

		if (t[i].retracted || !t[i].o_is_iri || strcmp(t[i].p, PKG("status")) != 0 ||
		    strcmp(t[i].o, PKG("Planned")) != 0)
			continue;
		p = realloc(planned, (np + 1) * sizeof *p);
		if (!p) {
			rc = PK_ENOMEM;
			goto out;
		}
		planned = p;
		if (!(planned[np] = pk_strdup(t[i].s))) {
			rc = PK_ENOMEM;
			goto out;
		}
		np++;
	}
	/* a signed agreement is no longer planned */
	for (i = 0; i < np; i++)
		if (pk_graph_has_iri(b->g, planned[i], PKG("status"), PKG("Concluded")))
			pk_graph_retract_iri(b->g, planned[i], PKG("status"), PKG("Planned"));
out:
	for (i = 0; i < np; i++)
		free(planned[i]);
	free(planned);
	return rc;
}
