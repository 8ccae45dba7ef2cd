/*
 * build_events.c - the graph stage for what happens: events (meetings,
 * summits, forums, workshops, ceremonies, visits) and agreements (MOUs,
 * declarations, partnerships, accords), with their dates and places.
 *
 * Dates: every date fact of the article is resolved (resolve.c) against
 * the article's own date; an event or agreement takes the date inside its
 * match, else the last one before it in the sentence.  Impossible dates
 * and weekdays that disagree are reported and give no date.
 *
 * Facts are merged per article: an event with the same class and name, or
 * an unnamed mention (이번 회의는 ...) of the latest event of its class; an
 * agreement of the same kind whose name and parties do not disagree.
 * Parties come from the rule's groups, with 양 부처 / 양국 / 양측 resolved
 * to the two actors of that kind the article named last.  An agreement is
 * concluded at the event its sentence names (이번 착수식에서 ...), and
 * takes that event's date when it has none of its own.  An agreement with
 * no party is not written: the article does not say who made it.
 *
 * A page may be megabytes of one document, so nothing done per fact reads
 * the whole document: dates are read by sentence, the actors named before
 * a place through chains of matches (build_int.h), and the events and
 * agreements a new one may join through indexes of their names and
 * parties that give every one the merge tests could accept (and maybe a
 * few more, which the tests turn down).
 *
 * This file runs the part over one article and writes what it read: the
 * dates are resolved by build_events_date.c, events read by
 * build_events_event.c, agreements by build_events_agreement.c (their
 * parties by build_events_party.c); build_events_text.c and
 * build_events_index.c serve them all (build_events_int.h).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/build_events.h"
#include "pipeline/build_events_int.h"
#include "rdf/onto.h"
#include "rdf/vocab.h"

static int pk_ev_sorted_ids(pk_buf *b, const pk_actorset *s)
{
	const char *ids[PK_EV_MAX];
	size_t i;

	pk_ev_ids_sort(ids, s);
	for (i = 0; i < s->n; i++)
		if (pk_buf_printf(b, " %s", ids[i]) < 0)
			return PK_ENOMEM;
	return 0;
}

static int pk_ev_entity_link(pk_builder *b, const char *s, const char *p, const pk_entity *e)
{
	char *o = pk_onto_entity_iri(e->id);
	int rc;

	if (!o)
		return PK_ENOMEM;
	rc = pk_build_describe(b, e, 0);
	if (rc == 0)
		rc = pk_graph_add_iri(b->g, s, p, o);
	free(o);
	return rc;
}

static int pk_ev_person_link(pk_ev_state *st, const char *s, const char *p, const char *name)
{
	char *iri = NULL;
	int rc;

	if ((rc = pk_build_iri(&iri, st->b, "person", name, strlen(name))) < 0)
		return rc;
	if ((rc = pk_graph_add_iri(st->b->g, iri, PK_NS_RDF "type", PKG("Person"))) < 0 ||
	    (rc = pk_graph_add_iri(st->b->g, iri, PK_NS_RDF "type", PKG("Actor"))) < 0 ||
	    (rc = pk_graph_add_literal(st->b->g, iri, PK_NS_RDFS "label", name,
		pk_utf8_has_hangul(name) ? "ko" : "en", NULL)) < 0 ||
	    (rc = pk_graph_add_iri(st->b->g, iri, PKG("mentionedIn"), st->d)) < 0)
		goto out;
	rc = pk_graph_add_iri(st->b->g, s, p, iri);
out:
	free(iri);
	return rc;
}

static int pk_ev_common(pk_ev_state *st, const char *s, const char *label, const char *label_en,
	const pk_fact *const *facts, size_t nfacts)
{
	size_t i;
	int rc;

	if ((rc = pk_graph_add_literal(st->b->g, s, PK_NS_RDFS "label", label,
		pk_utf8_has_hangul(label) ? "ko" : "en", NULL)) < 0)
		return rc;
	if (label_en && (rc = pk_graph_add_literal(st->b->g, s, PK_NS_RDFS "label", label_en, "en", NULL)) < 0)
		return rc;
	if ((rc = pk_graph_add_iri(st->b->g, s, PKG("mentionedIn"), st->d)) < 0)
		return rc;
	for (i = 0; i < nfacts; i++) {
		char *m = NULL;

		if ((rc = pk_build_evidence_room(st->b, st->dv, s)) <= 0) {
			if (rc < 0)
				return rc;
			break;
		}
		if ((rc = pk_build_mention(&m, st->b, st->dv, st->d, facts[i])) < 0)
			return rc;
		rc = pk_graph_add_iri(st->b->g, s, PKG("evidence"), m);
		free(m);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int pk_ev_write_event(pk_ev_state *st, pk_event *e)
{
	pk_graph *g = st->b->g;
	char cls[128];
	size_t i;
	int rc;

	snprintf(cls, sizeof cls, PK_NS_PKG "%s", e->cls ? e->cls : "Event");
	if ((rc = pk_graph_add_iri(g, e->iri, PK_NS_RDF "type", cls)) < 0 ||
	    (rc = pk_graph_add_iri(g, e->iri, PK_NS_RDF "type", PKG("Event"))) < 0 ||
	    (rc = pk_ev_common(st, e->iri, e->label, e->label_en, e->facts, e->nfacts)) < 0 ||
	    (rc = pk_ev_date_literal(g, e->iri, PKG("startDate"), &e->start)) < 0)
		return rc;
	if (e->end.kind != PK_DATE_NONE &&
	    (rc = pk_ev_date_literal(g, e->iri, PKG("endDate"), &e->end)) < 0)
		return rc;
	for (i = 0; i < e->organizers.n; i++)
		if ((rc = pk_ev_entity_link(st->b, e->iri, PKG("organizer"), e->organizers.e[i])) < 0)
			return rc;
	for (i = 0; i < e->participants.n; i++)
		if ((rc = pk_ev_entity_link(st->b, e->iri, PKG("participant"), e->participants.e[i])) < 0)
			return rc;
	for (i = 0; i < e->npersons; i++)
		if ((rc = pk_ev_person_link(st, e->iri, PKG("participant"), e->persons[i])) < 0)
			return rc;
	if (e->chair && (rc = pk_ev_person_link(st, e->iri, PKG("chair"), e->chair)) < 0)
		return rc;
	if (e->location) {
		char *place = NULL, *label = NULL;

		if ((rc = pk_ev_clean(&label, NULL, e->location, strlen(e->location))) < 0)
			return rc;
		if (label) {
			rc = pk_build_iri(&place, st->b, "place", label, strlen(label));
			if (rc == 0)
				rc = pk_graph_add_iri(g, place, PK_NS_RDF "type", PKG("Place"));
			if (rc == 0)
				rc = pk_graph_add_literal(g, place, PK_NS_RDFS "label", label, "ko", NULL);
			if (rc == 0)
				rc = pk_graph_add_iri(g, place, PKG("mentionedIn"), st->d);
			if (rc == 0)
				rc = pk_graph_add_iri(g, e->iri, PKG("location"), place);
		}
		free(place);
		free(label);
		if (rc < 0)
			return rc;
	}
	if (e->partof >= 0 &&
	    (rc = pk_graph_add_iri(g, e->iri, PKG("partOf"), st->ev[e->partof].iri)) < 0)
		return rc;
	return 0;
}

static int pk_ev_write_agreement(pk_ev_state *st, pk_agreement *a)
{
	pk_graph *g = st->b->g;
	char kind[128];
	size_t i;
	int rc;

	snprintf(kind, sizeof kind, PK_NS_PKG "%s", a->kind);
	if ((rc = pk_graph_add_iri(g, a->iri, PK_NS_RDF "type", kind)) < 0 ||
	    (rc = pk_graph_add_iri(g, a->iri, PK_NS_RDF "type", PKG("Agreement"))) < 0 ||
	    (rc = pk_ev_common(st, a->iri, a->label, a->label_en, a->facts, a->nfacts)) < 0)
		return rc;
	for (i = 0; i < a->parties.n; i++)
		if ((rc = pk_ev_entity_link(st->b, a->iri, PKG("party"), a->parties.e[i])) < 0)
			return rc;
	if (a->status) {
		char status[128];

		snprintf(status, sizeof status, PK_NS_PKG "%s", a->status);
		if ((rc = pk_graph_add_iri(g, a->iri, PKG("status"), status)) < 0)
			return rc;
	}
	if ((rc = pk_ev_date_literal(g, a->iri, PKG("signedOn"), &a->signed_on)) < 0)
		return rc;
	if (a->valid_years > 0) {
		char dur[32];

		snprintf(dur, sizeof dur, "P%dY", a->valid_years);
		if ((rc = pk_graph_add_literal(g, a->iri, PKG("validFor"), dur, NULL, XSD("duration"))) < 0)
			return rc;
	}
	if (a->event >= 0 &&
	    (rc = pk_graph_add_iri(g, a->iri, PKG("concludedAt"), st->ev[a->event].iri)) < 0)
		return rc;
	if (a->partof >= 0 &&
	    (rc = pk_graph_add_iri(g, a->iri, PKG("partOf"), st->ag[a->partof].iri)) < 0)
		return rc;
	return 0;
}

static int pk_ev_names_begin(const pk_ev_state *st, long id, const void *arg)
{
	return st->ev[id].named && pk_ev_squashed_prefix(arg, st->ev[id].label);
}

/* The first named event whose name begins a's, but for spaces and
 * interpuncts, as a's event: looked up under each beginning of a's
 * squashed name (S, pk_ev_event_file). */
static int pk_ev_adopted_at(pk_ev_state *st, pk_agreement *a)
{
	size_t j;
	int rc;

	st->nlists = 0;
	if ((rc = pk_ev_squash(st, a->label)) < 0)
		return rc;
	for (j = 0; j <= st->scratch.len; j++)
		if ((j == st->scratch.len || ((unsigned char)st->scratch.ptr[j] & 0xC0) != 0x80) &&
		    (rc = pk_ev_lists_add(st, pk_ev_index_get(&st->names, 'S', st->scratch.ptr, j))) < 0)
			return rc;
	a->event = pk_ev_lists_search(st, 0, pk_ev_names_begin, a->label);
	return 0;
}

/* Links between the resources of the article, then their IRIs. */
static int pk_ev_link(pk_ev_state *st)
{
	const pk_lexicon *partlex = NULL;
	size_t i, j, k;
	pk_buf key = PK_BUF_INIT;
	char lex[16];
	int rc = 0;

	partlex = pk_ruleset_lexicon_of(st->b->rs, PK_LEX_EVENT_PART_OF);
	for (i = 0; partlex && i < st->nev; i++)
		for (j = 0; j < partlex->nentries && st->ev[i].partof < 0; j++)
			for (k = 0; k < partlex->entries[j].nforms; k++)
				if (strstr(st->ev[i].label, partlex->entries[j].forms[k])) {
					st->ev[i].partof = pk_ev_latest_event(st, partlex->entries[j].value, (long)i);
					break;
				}
	if (!(st->ev_of_sentence = malloc((st->dv->nsents + 1) * sizeof *st->ev_of_sentence))) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < st->dv->nsents; i++)
		st->ev_of_sentence[i] = -1;
	for (i = st->nev; i-- > 0;)
		for (k = 0; k < st->ev[i].nfacts; k++)
			st->ev_of_sentence[st->ev[i].facts[k]->sentence] = (long)i;
	for (i = 0; i < st->nag; i++) {
		pk_agreement *a = &st->ag[i];

		/* only a sentence that says it was signed says where */
		for (k = 0; k < a->nfacts && a->event < 0; k++)
			if (pk_fact_slot(a->facts[k], PK_ROLE_STATUS))
				a->event = pk_ev_concluded_at(st, a->facts[k]);
		/* a document named after the meeting that adopted it */
		if (a->named && a->event < 0 && (rc = pk_ev_adopted_at(st, a)) < 0)
			goto out;
		if (a->event >= 0 && a->signed_on.kind == PK_DATE_NONE && a->status &&
		    strcmp(a->status, "Concluded") == 0)
			a->signed_on = st->ev[a->event].start;
		for (j = 0; a->partof_name && j < st->nag; j++)
			if (j != i && (strstr(st->ag[j].label, a->partof_name) ||
				strstr(a->partof_name, st->ag[j].label)))
				a->partof = (long)j;
	}
	for (i = 0; i < st->nev; i++) {
		pk_buf_clear(&key);
		if (pk_buf_puts(&key, st->ev[i].label) < 0 ||
		    (pk_date_format(&st->ev[i].start, lex, sizeof lex) &&
		     pk_buf_printf(&key, " %s", lex) < 0) ||
		    (rc = pk_build_iri(&st->ev[i].iri, st->b, "event", key.ptr, key.len)) < 0) {
			rc = rc ? rc : PK_ENOMEM;
			goto out;
		}
	}
	for (i = 0; i < st->nag; i++) {
		pk_buf_clear(&key);
		if (pk_buf_printf(&key, "%s %s", st->ag[i].label, st->ag[i].kind) < 0 ||
		    pk_ev_sorted_ids(&key, &st->ag[i].parties) < 0 ||
		    (rc = pk_build_iri(&st->ag[i].iri, st->b, "agreement", key.ptr, key.len)) < 0) {
			rc = rc ? rc : PK_ENOMEM;
			goto out;
		}
	}
out:
	pk_buf_free(&key);
	return rc;
}

/* Resolve every date fact, in order, and index them by sentence: what
 * looks for a fact's date reads its sentence's dates, and for the days
 * before it one pointer per sentence. */
static int pk_ev_dates(pk_ev_state *st)
{
	const pk_docview *dv = st->dv;
	const pk_dated *day = NULL;
	size_t i, s;

	st->dates = calloc(dv->facts->n + 1, sizeof *st->dates);
	st->date_at = calloc(dv->nsents + 2, sizeof *st->date_at);
	st->day_before = calloc(dv->nsents + 1, sizeof *st->day_before);
	if (!st->dates || !st->date_at || !st->day_before)
		return PK_ENOMEM;
	for (i = 0; i < dv->facts->n; i++) {
		const pk_fact *f = &dv->facts->v[i];
		pk_dated *out;

		if (f->rule->yield != PK_YIELD_DATE)
			continue;
		assert(f->sentence < dv->nsents);
		if (!st->ndates || st->dates[st->ndates - 1].f->sentence != f->sentence) {
			/* facts come in sentence order (graph.h) */
			assert(!st->ndates || st->dates[st->ndates - 1].f->sentence < f->sentence);
			st->sent_first = st->ndates;
			st->full_before = st->last_full;
		}
		out = &st->dates[st->ndates++];
		pk_ev_resolve(st, f, out);
		if (out->start.kind == PK_DATE_FULL)
			st->last_full = out;
		st->date_at[f->sentence + 1]++;
	}
	for (s = 0; s < dv->nsents; s++)
		st->date_at[s + 1] += st->date_at[s];
	for (s = 0; s < dv->nsents; s++) {
		st->day_before[s] = day;
		for (i = st->date_at[s]; i < st->date_at[s + 1]; i++)
			if (pk_ev_is_day(&st->dates[i]))
				day = &st->dates[i];
	}
	return 0;
}

int pk_build_events(pk_builder *b, const pk_docview *dv, const char *d)
{
	pk_ev_state st;
	size_t i;
	int rc = 0;

	memset(&st, 0, sizeof st);
	st.b = b;
	st.dv = dv;
	st.d = d;
	if (!dv->doc->meta[PK_META_ISSUED] || pk_ymd_parse(&st.doc, dv->doc->meta[PK_META_ISSUED]) < 0)
		memset(&st.doc, 0, sizeof st.doc);
	if ((rc = pk_ev_dates(&st)) < 0 || (rc = pk_ev_person_names(&st)) < 0)
		goto out;
	for (i = 0; i < dv->facts->n && rc == 0; i++)
		if (dv->facts->v[i].rule->yield == PK_YIELD_EVENT)
			rc = pk_ev_add_event(&st, &dv->facts->v[i]);
	for (i = 0; i < dv->facts->n && rc == 0; i++)
		if (dv->facts->v[i].rule->yield == PK_YIELD_AGREEMENT)
			rc = pk_ev_add_agreement(&st, &dv->facts->v[i]);
	if (rc == 0)
		rc = pk_ev_link(&st);
	if (rc == 0)
		rc = pk_ev_kinds_with_parties(&st);
	for (i = 0; i < st.nev && rc == 0; i++)
		rc = pk_ev_write_event(&st, &st.ev[i]);
	for (i = 0; i < st.nag && rc == 0; i++)
		if (pk_ev_agreement_kept(&st, &st.ag[i]))
			rc = pk_ev_write_agreement(&st, &st.ag[i]);
	for (i = 0; i < st.nev; i++)
		pk_ev_event_clear(&st.ev[i]);
	for (i = 0; i < st.nag; i++)
		pk_ev_agreement_clear(&st.ag[i]);
out:
	free(st.ev);
	free(st.classes);
	free(st.ag);
	free(st.dates);
	free(st.date_at);
	free(st.day_before);
	free(st.ev_of_sentence);
	free(st.kinds_with_parties);
	free(st.pnames);
	pk_ev_index_free(&st.names);
	pk_ev_index_free(&st.pacts);
	free(st.lists);
	pk_buf_free(&st.scratch);
	pk_buf_free(&st.key);
	return rc;
}
