/*
 * build.c - the graph stage's builder and what its parts share (see
 * build_int.h): romanized slugs and IRIs, entity descriptions (types
 * materialised with their superclasses, labels, aliases, country and
 * parent, which are described too), the pkg:Document, pkg:Mention
 * evidence and the chains over a document's matches.  build_posts.c and
 * build_events*.c write the facts with them; build_doc.c runs the parts
 * over one document.
 *
 * IRIs are deterministic: gazetteer entities are pkgid:<id>; others are
 * pkgid:<kind>/<slug>, where the slug is the name romanized by ICU.
 * The same fact read twice is the same resource.
 */
#include "pipeline/build.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "pipeline/build_int.h"
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

void pk_builder_set_reference(pk_builder *b, const char *date)
{
	struct tm tm;
	time_t now;

	if (date && pk_ymd_parse(&b->ref, date) == 0)
		return;
	now = time(NULL);
	if (localtime_r(&now, &tm)) {
		b->ref.y = tm.tm_year + 1900;
		b->ref.m = tm.tm_mon + 1;
		b->ref.d = tm.tm_mday;
	}
}

void pk_builder_observe_dates(pk_builder *b, pk_date_observer fn, void *ud)
{
	b->on_date = fn;
	b->on_date_ud = ud;
}

/* ---- small helpers ------------------------------------------------- */

void pk_builder_set_graph(pk_builder *b, pk_graph *g)
{
	b->g = g;
}

void pk_build_evidence_reset(pk_builder *b)
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

static void pk_build_slug_cache_clear(pk_builder *b)
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
static size_t pk_build_slug_slot(const pk_builder *b, const char *s, size_t n)
{
	size_t i = (size_t)pk_hash_fast(s, n) & (b->slug_cap - 1);

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
	pk_build_evidence_reset(b);
	free(b->ev_keys);
	free(b->ev_counts);
	pk_build_slug_cache_clear(b);
	free(b->slug_keys);
	free(b->slug_vals);
	if (b->romanize)
		utrans_close(b->romanize);
	free(b->described);
	free(b);
}

/* Romanize s[0..n) into an ASCII slug, without the cache. */
static int pk_build_slug_make(char **out, pk_builder *b, const char *s, size_t n)
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
static int pk_build_slug(char **out, pk_builder *b, const char *s, size_t n)
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
			return pk_build_slug_make(out, b, s, n);
		}
		b->slug_cap = 2 * PK_SLUG_CACHE_MAX;
	}
	i = pk_build_slug_slot(b, s, n);
	if (b->slug_keys[i])
		return (*out = pk_strdup(b->slug_vals[i])) ? 0 : PK_ENOMEM;
	if ((rc = pk_build_slug_make(out, b, s, n)) < 0)
		return rc;
	if (b->slug_used >= PK_SLUG_CACHE_MAX) {
		pk_build_slug_cache_clear(b);
		i = pk_build_slug_slot(b, s, n);
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

int pk_build_iri(char **out, pk_builder *b, const char *kind, const char *name, size_t n)
{
	pk_buf iri = PK_BUF_INIT;
	char *slug = NULL;
	int rc;

	*out = NULL;
	if ((rc = pk_build_slug(&slug, b, name, n)) < 0)
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
const char *pk_build_lang(const char *s)
{
	const char *p;

	if (pk_utf8_has_hangul(s))
		return "ko";
	for (p = s; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			return "en";
	return NULL;
}

int pk_build_types(pk_graph *g, const char *s, pk_class cls)
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
int pk_build_describe(pk_builder *b, const pk_entity *e, int depth)
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
	if ((rc = pk_build_types(b->g, s, e->cls)) < 0)
		goto out;
	/* counted apart (stats), shown apart (review), and queryable */
	if (e->minted && (rc = pk_graph_add_iri(b->g, s, PK_NS_RDF "type", PKG("UnlinkedOrganization"))) < 0)
		goto out;
	if ((rc = pk_graph_add_literal(b->g, s, PK_NS_RDFS "label", e->ko,
		e->minted && !pk_utf8_has_hangul(e->ko) ? pk_build_lang(e->ko) : "ko", NULL)) < 0)
		goto out;
	if (e->en && (rc = pk_graph_add_literal(b->g, s, PK_NS_RDFS "label", e->en, "en", NULL)) < 0)
		goto out;
	for (i = 0; i < e->naliases; i++)
		if (strcmp(e->aliases[i], e->ko) != 0 && (!e->en || strcmp(e->aliases[i], e->en) != 0) &&
		    (rc = pk_graph_add_literal(b->g, s, PK_NS_SKOS "altLabel", e->aliases[i],
			pk_build_lang(e->aliases[i]), NULL)) < 0)
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
		if (c && (rc = pk_build_describe(b, c, depth + 1)) < 0)
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
		if (p && (rc = pk_build_describe(b, p, depth + 1)) < 0)
			goto out;
	}
out:
	free(s);
	free(o);
	return rc;
}

static int pk_build_int_literal(pk_graph *g, const char *s, const char *p, size_t v)
{
	char num[32];

	snprintf(num, sizeof num, "%zu", v);
	return pk_graph_add_literal(g, s, p, num, NULL, XSD("integer"));
}

/* An IRI is written only when it is one: no spaces, quotes or brackets. */
static int pk_build_iri_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
		return 0;
	for (; *p; p++)
		if (*p <= 0x20 || strchr("<>\"{}|\\^`", *p))
			return 0;
	return 1;
}

int pk_build_document_node(pk_builder *b, const pk_docview *dv, const char *d)
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
	if (doc->meta[PK_META_SOURCE] && pk_build_iri_ok(doc->meta[PK_META_SOURCE]) &&
	    (rc = pk_graph_add_iri(b->g, d, PK_NS_DCTERMS "source", doc->meta[PK_META_SOURCE])) < 0)
		return rc;
	return 0;
}

void pk_builder_set_max_mentions(pk_builder *b, size_t n)
{
	b->max_mentions = n ? n : PK_DEFAULT_MAX_MENTIONS;
}

static int pk_build_evidence_grow(pk_builder *b)
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
		h = (size_t)pk_hash_fast(b->ev_keys[i], strlen(b->ev_keys[i])) & (cap - 1);
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

int pk_build_evidence_room(pk_builder *b, const pk_docview *dv, const char *s)
{
	size_t h;

	if ((b->ev_used + 1) * 2 > b->ev_cap && pk_build_evidence_grow(b) < 0)
		return PK_ENOMEM;
	h = (size_t)pk_hash_fast(s, strlen(s)) & (b->ev_cap - 1);
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

size_t pk_build_cp(const pk_docview *dv, size_t sentence, size_t off)
{
	const pk_span *sp = &dv->sents[sentence];

	if (off >= sp->start)
		return sp->cp + pk_utf8_count(dv->nt->text + sp->start, off - sp->start);
	return sp->cp - pk_utf8_count(dv->nt->text + off, sp->start - off);
}

/* A pkg:Mention for fact f; *out gets its IRI. */
int pk_build_mention(char **out, pk_builder *b, const pk_docview *dv,
	const char *d, const pk_fact *f)
{
	const char *text = dv->nt->text;
	const pk_span *sp = &dv->sents[f->sentence];
	size_t cs = sp->cp;
	size_t ce = pk_build_cp(dv, f->sentence, sp->end);
	size_t ms = pk_build_cp(dv, f->sentence, f->start);
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
	    (rc = pk_build_int_literal(b->g, iri.ptr, PKG("start"), cs)) < 0 ||
	    (rc = pk_build_int_literal(b->g, iri.ptr, PKG("end"), ce)) < 0 ||
	    (rc = pk_build_int_literal(b->g, iri.ptr, PKG("matchStart"), ms)) < 0 ||
	    (rc = pk_build_int_literal(b->g, iri.ptr, PKG("matchEnd"), me)) < 0 ||
	    (rc = pk_graph_add_literal(b->g, iri.ptr, PKG("rule"), f->rule->id, NULL, NULL)) < 0)
		goto out;
	*out = pk_buf_detach(&iri);
out:
	pk_buf_free(&iri);
	free(sentence);
	return rc;
}

static int pk_build_chain_has(const pk_builder *b, const pk_gaz_match *m, pk_build_chain_kind k)
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

/* The chains of dv's matches (see build_int.h), and its first government
 * body. */
int pk_build_chains_build(pk_builder *b, const pk_docview *dv)
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
		pk_build_chain *c = &b->chains[k];
		long last = -1;

		for (i = 0; i < dv->nmatches; i++) {
			c->other[i] = -1;
			if (pk_build_chain_has(b, &dv->matches[i], (pk_build_chain_kind)k)) {
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

size_t pk_build_matches_before(const pk_docview *dv, size_t pos)
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

long pk_build_chain_last(const pk_builder *b, const pk_docview *dv, pk_build_chain_kind k,
	size_t pos)
{
	size_t n = pk_build_matches_before(dv, pos);

	return n ? b->chains[k].last[n - 1] : -1;
}
