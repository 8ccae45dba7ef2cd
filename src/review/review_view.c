/*
 * review_view.c - the review site's view of the graph: everything its
 * pages show besides the text, read out once (review_view.h) so that the
 * HTML writer takes plain data.
 *
 * For each review document: its dcterms: header, and the agreements,
 * events and positions it mentions (pkg:mentionedIn), sorted by group,
 * label and IRI, each with the values of every role and the evidence
 * sentences of that document that are on its page.  For the index: every
 * agreement and event (rdf:type) that a document of the view mentions,
 * with its dates and actors, and every actor any fact names, for the
 * timeline's filter.  What is read, and in what order, is what the pages
 * said when they read the graph themselves: the site's bytes depend on it.
 */
#include "policykg.h"

#include <stdlib.h>
#include <string.h>

#include "review/review_graph.h"
#include "review/review_view.h"
#include "rdf/onto.h"
#include "rdf/triples.h"
#include "rdf/vocab.h"

/* The predicate of each role. */
static const char *const pk_review_role_iri[PK_REVIEW__ROLES] = {
	[PK_REVIEW_ROLE_PARTY] = PKG("party"),
	[PK_REVIEW_ROLE_STATUS] = PKG("status"),
	[PK_REVIEW_ROLE_SIGNED_ON] = PKG("signedOn"),
	[PK_REVIEW_ROLE_VALID_FOR] = PKG("validFor"),
	[PK_REVIEW_ROLE_CONCLUDED_AT] = PKG("concludedAt"),
	[PK_REVIEW_ROLE_PART_OF] = PKG("partOf"),
	[PK_REVIEW_ROLE_START_DATE] = PKG("startDate"),
	[PK_REVIEW_ROLE_END_DATE] = PKG("endDate"),
	[PK_REVIEW_ROLE_LOCATION] = PKG("location"),
	[PK_REVIEW_ROLE_ORGANIZER] = PKG("organizer"),
	[PK_REVIEW_ROLE_PARTICIPANT] = PKG("participant"),
	[PK_REVIEW_ROLE_CHAIR] = PKG("chair"),
	[PK_REVIEW_ROLE_TITLE] = PKG("title"),
	[PK_REVIEW_ROLE_ORGANIZATION] = PKG("organization"),
};

/* The roles that name an item's actors, in the order they are listed. */
static const pk_review_role pk_review_actor_roles[] = {
	PK_REVIEW_ROLE_PARTY, PK_REVIEW_ROLE_ORGANIZER, PK_REVIEW_ROLE_PARTICIPANT,
	PK_REVIEW_ROLE_CHAIR,
};

int pk_review_iri_split(const char **prefix, const char **local, const char *iri)
{
	const pk_prefix *p = iri ? pk_vocab_shorten(iri, local) : NULL;

	if (!p)
		return 0;
	*prefix = p->prefix;
	return 1;
}

/* ---- a fact: its values and evidence ------------------------------------------ */

/* The values of every role of f, non-retracted, in role then graph order. */
static int pk_review_view_values(pk_review_fact *f, pk_graph *g)
{
	size_t r, i, n, total = 0;
	const pk_triple *t;

	for (r = 0; r < PK_REVIEW__ROLES; r++)
		total += pk_graph_about(&t, g, f->iri, pk_review_role_iri[r]);
	if (!(f->values = calloc(total + 1, sizeof *f->values)))
		return PK_ENOMEM;
	for (r = 0; r < PK_REVIEW__ROLES; r++) {
		n = pk_graph_about(&t, g, f->iri, pk_review_role_iri[r]);
		for (i = 0; i < n; i++) {
			pk_review_value *v = &f->values[f->nvalues];

			if (t[i].retracted)
				continue;
			v->role = (pk_review_role)r;
			v->term = t[i].o;
			v->is_iri = t[i].o_is_iri;
			v->label = t[i].o_is_iri ? pk_onto_label(g, t[i].o) : NULL;
			v->dt = t[i].o_is_iri ? NULL : t[i].dt;
			f->nvalues++;
		}
	}
	return 0;
}

static int pk_review_evidence_cmp(const void *x, const void *y)
{
	const pk_review_evidence *a = x, *b = y;

	if (a->cp != b->cp)
		return a->cp < b->cp ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

/* The evidence of f in d that is on d's page: the mentions of d whose
 * sentence is one of d's, sorted by sentence, then rule. */
static int pk_review_view_evidence(pk_review_fact *f, pk_graph *g, const pk_review_doc *d)
{
	const pk_triple *t;
	size_t n = pk_graph_about(&t, g, f->iri, PKG("evidence")), i, k;

	if (!(f->evidence = calloc(n + 1, sizeof *f->evidence)))
		return PK_ENOMEM;
	for (i = 0; i < n; i++) {
		const char *doc = pk_graph_value(g, t[i].o, PKG("document"), NULL);
		const char *start = pk_graph_value(g, t[i].o, PKG("start"), NULL);
		const char *rule = pk_graph_value(g, t[i].o, PKG("rule"), NULL);
		size_t cp;

		if (t[i].retracted || !doc || !start || strcmp(doc, d->iri) != 0)
			continue;
		cp = (size_t)strtoul(start, NULL, 10);
		for (k = 0; k < d->nsents && d->sents[k].cp != cp; k++)
			;
		if (k == d->nsents)
			continue;
		f->evidence[f->nevidence].cp = cp;
		f->evidence[f->nevidence++].rule = rule ? rule : "?";
	}
	qsort(f->evidence, f->nevidence, sizeof *f->evidence, pk_review_evidence_cmp);
	return 0;
}

/* ---- a document: its header and facts ------------------------------------------ */

static int pk_review_fact_cmp(const void *x, const void *y)
{
	const pk_review_fact *a = x, *b = y;
	int c;

	if (a->group != b->group)
		return (int)a->group - (int)b->group;
	c = strcmp(a->label ? a->label : "", b->label ? b->label : "");
	return c ? c : strcmp(a->iri, b->iri);
}

/* The agreements, events and positions d mentions, sorted, with their
 * values and evidence. */
static int pk_review_view_facts(pk_review_docinfo *info, pk_graph *g, const pk_review_doc *d)
{
	const pk_triple *t;
	pk_review_fact *f;
	size_t nt, i;
	int rc = 0;

	pk_graph_sorted(&t, &nt, g);
	if (!(info->facts = calloc(nt + 1, sizeof *info->facts)))
		return PK_ENOMEM;
	for (i = 0; i < nt; i++) {
		pk_review_group group;

		if (t[i].retracted || strcmp(t[i].p, PKG("mentionedIn")) != 0 ||
		    strcmp(t[i].o, d->iri) != 0)
			continue;
		if (pk_onto_has_type(g, t[i].s, PKG("Agreement")))
			group = PK_REVIEW_GROUP_AGREEMENT;
		else if (pk_onto_has_type(g, t[i].s, PKG("Event")))
			group = PK_REVIEW_GROUP_EVENT;
		else if (pk_onto_has_type(g, t[i].s, PKG("Position")))
			group = PK_REVIEW_GROUP_POSITION;
		else
			continue;
		f = &info->facts[info->nfacts];
		f->iri = t[i].s;
		f->group = group;
		f->label = pk_onto_label(g, t[i].s);
		if (group == PK_REVIEW_GROUP_POSITION) {
			/* a post reads as its holder */
			const char *holder = pk_review_holder(g, t[i].s);

			if (holder)
				f->label = pk_onto_label(g, holder);
		}
		f->cls = pk_onto_class(g, t[i].s);
		info->nfacts++;
		info->count[group]++;
		if ((rc = pk_review_view_values(f, g)) < 0 ||
		    (rc = pk_review_view_evidence(f, g, d)) < 0)
			return rc;
	}
	qsort(info->facts, info->nfacts, sizeof *info->facts, pk_review_fact_cmp);
	/* room was made for every triple; keep what is used (a failed shrink keeps it all) */
	if ((f = realloc(info->facts, (info->nfacts + 1) * sizeof *f)) != NULL)
		info->facts = f;
	return 0;
}

static int pk_review_view_doc(pk_review_docinfo *info, pk_graph *g, const pk_review_doc *d)
{
	info->title = pk_graph_value(g, d->iri, PK_NS_DCTERMS "title", NULL);
	info->issued = pk_graph_value(g, d->iri, PK_NS_DCTERMS "issued", NULL);
	info->publisher = pk_graph_value(g, d->iri, PK_NS_DCTERMS "publisher", NULL);
	info->source = pk_graph_value(g, d->iri, PK_NS_DCTERMS "source", NULL);
	return pk_review_view_facts(info, g, d);
}

/* ---- the index: agreements and events, actors -------------------------------- */

/* The actors of it, role by role, IRIs without spaces. */
static int pk_review_view_item_actors(pk_review_item *it, pk_graph *g)
{
	const pk_triple *t;
	size_t r, i, n, total = 0;

	for (r = 0; r < PK_ARRAY_LEN(pk_review_actor_roles); r++)
		total += pk_graph_about(&t, g, it->iri, pk_review_role_iri[pk_review_actor_roles[r]]);
	if (!(it->actors = calloc(total + 1, sizeof *it->actors)))
		return PK_ENOMEM;
	for (r = 0; r < PK_ARRAY_LEN(pk_review_actor_roles); r++) {
		n = pk_graph_about(&t, g, it->iri, pk_review_role_iri[pk_review_actor_roles[r]]);
		for (i = 0; i < n; i++)
			if (t[i].o_is_iri && !strchr(t[i].o, ' '))
				it->actors[it->nactors++] = t[i].o;
	}
	return 0;
}

/* Every agreement and event mentioned in one of docs, with the first
 * such document. */
static int pk_review_view_items(pk_review_view *v, pk_graph *g, const pk_review_doc *docs,
	size_t ndocs)
{
	const pk_triple *t;
	pk_review_item *items;
	size_t nt, i;
	int rc = 0;

	pk_graph_sorted(&t, &nt, g);
	if (!(v->items = calloc(nt + 1, sizeof *v->items)))
		return PK_ENOMEM;
	for (i = 0; i < nt; i++) {
		pk_review_item *it = &v->items[v->nitems];
		const pk_triple *m;
		size_t nm, j, k, doc = ndocs;
		int ag;

		if (t[i].retracted || strcmp(t[i].p, PK_NS_RDF "type") != 0)
			continue;
		ag = strcmp(t[i].o, PKG("Agreement")) == 0;
		if (!ag && strcmp(t[i].o, PKG("Event")) != 0)
			continue;
		nm = pk_graph_about(&m, g, t[i].s, PKG("mentionedIn"));
		for (j = 0; j < nm && doc == ndocs; j++)
			for (k = 0; k < ndocs && doc == ndocs; k++)
				if (strcmp(docs[k].iri, m[j].o) == 0)
					doc = k;
		if (doc == ndocs)
			continue;
		it->iri = t[i].s;
		it->agreement = ag;
		it->label = pk_onto_label(g, t[i].s);
		if (!it->label)
			it->label = t[i].s;
		it->start = pk_graph_value(g, t[i].s, ag ? PKG("signedOn") : PKG("startDate"), NULL);
		it->end = ag ? NULL : pk_graph_value(g, t[i].s, PKG("endDate"), NULL);
		it->doc = doc;
		v->nitems++;
		if ((rc = pk_review_view_item_actors(it, g)) < 0)
			return rc;
	}
	/* as for the facts: keep what is used */
	if ((items = realloc(v->items, (v->nitems + 1) * sizeof *items)) != NULL)
		v->items = items;
	return 0;
}

/* Every IRI that is an actor of anything, once, in the graph's order. */
static int pk_review_view_actors(pk_review_view *v, pk_graph *g)
{
	const pk_triple *t;
	size_t nt, i, k, r;

	pk_graph_sorted(&t, &nt, g);
	if (!(v->actors = calloc(nt + 1, sizeof *v->actors)))
		return PK_ENOMEM;
	for (i = 0; i < nt; i++) {
		if (t[i].retracted || !t[i].o_is_iri || strchr(t[i].o, ' '))
			continue;
		for (r = 0; r < PK_ARRAY_LEN(pk_review_actor_roles) &&
		     strcmp(t[i].p, pk_review_role_iri[pk_review_actor_roles[r]]) != 0; r++)
			;
		if (r == PK_ARRAY_LEN(pk_review_actor_roles))
			continue;
		for (k = 0; k < v->nactors && strcmp(v->actors[k].iri, t[i].o) != 0; k++)
			;
		if (k < v->nactors)
			continue;
		v->actors[v->nactors].iri = t[i].o;
		v->actors[v->nactors++].label = pk_onto_label(g, t[i].o);
	}
	return 0;
}

/* ---- the view ------------------------------------------------------------------- */

int pk_review_view_new(pk_review_view **out, struct pk_graph *g, const pk_review_doc *docs,
	size_t ndocs)
{
	pk_review_view *v = NULL;
	int rc = 0;

	*out = NULL;
	if (!(v = calloc(1, sizeof *v)) || !(v->docs = calloc(ndocs + 1, sizeof *v->docs))) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (v->ndocs = 0; v->ndocs < ndocs && rc == 0; v->ndocs++)
		rc = pk_review_view_doc(&v->docs[v->ndocs], g, &docs[v->ndocs]);
	if (rc == 0)
		rc = pk_review_view_items(v, g, docs, ndocs);
	if (rc == 0)
		rc = pk_review_view_actors(v, g);
out:
	if (rc < 0) {
		pk_review_view_free(v);
		return rc;
	}
	*out = v;
	return 0;
}

void pk_review_view_free(pk_review_view *v)
{
	size_t i, k;

	if (!v)
		return;
	for (i = 0; i < v->ndocs; i++) {
		for (k = 0; k < v->docs[i].nfacts; k++) {
			free(v->docs[i].facts[k].values);
			free(v->docs[i].facts[k].evidence);
		}
		free(v->docs[i].facts);
	}
	free(v->docs);
	for (i = 0; i < v->nitems; i++)
		free(v->items[i].actors);
	free(v->items);
	free(v->actors);
	free(v);
}
