/*
 * build_events_party.c - who an agreement's parties are when its rule's
 * groups do not name them: 양국 / 양 부처 / 양측 as the two actors of that
 * kind the article named last, the subject that opens the sentence (or
 * the one before), the actor last made the topic; and the status its
 * sentence gives it (signed, planned).  build_events_agreement.c reads
 * agreements with these.
 */
#include <string.h>

#include "pipeline/build_events_int.h"

/* The two actors of class want ("gov", "country", "actor") named last
 * before byte offset pos. */
void pk_ev_coref(const pk_ev_state *st, const char *want, size_t pos, pk_actorset *out)
{
	pk_build_chain_kind k = strcmp(want, "gov") == 0 ? PK_CHAIN_GOV :
		strcmp(want, "country") == 0 ? PK_CHAIN_COUNTRY : PK_CHAIN_ACTOR;
	long last = pk_build_chain_last(st->b, st->dv, k, pos);

	/* the last one, then the last before it that is another */
	if (last < 0)
		return;
	pk_ev_actor_add(out, st->dv->matches[last].ent);
	if ((last = st->b->chains[k].other[last]) >= 0)
		pk_ev_actor_add(out, st->dv->matches[last].ent);
}

/* f names a partner and nothing else of the parties. */
int pk_ev_only_partner(const pk_fact *f)
{
	size_t i;
	int partner = 0;

	for (i = 0; i < f->nslots; i++) {
		pk_role r = f->slots[i].role;

		if (r == PK_ROLE_PARTY || r == PK_ROLE_PAIR || r == PK_ROLE_COREF)
			return 0;
		if (r == PK_ROLE_PARTNER && f->slots[i].nents)
			partner = 1;
	}
	return partner;
}

/* One is the other's country (한국 and 과기정통부): they do not sign with
 * each other. */
static int pk_ev_same_country(const pk_entity *a, const pk_entity *b)
{
	return (a->country && strcmp(a->country, b->id) == 0) ||
		(b->country && strcmp(b->country, a->id) == 0);
}

/* The actor the article last made its topic before pos (과기정통부는 ...,
 * 중기부가 ...): the nearest organization or country written with a topic
 * particle, other than the ones already in out. */
void pk_ev_topic_actor(const pk_ev_state *st, size_t sentence, size_t pos,
	pk_actorset *out)
{
	const pk_span *sp = &st->dv->sents[sentence];
	size_t i, k, end;
	long j;

	/* English has no topic particle: the subject opens the sentence */
	if (!pk_ev_sentence_korean(st, sentence)) {
		end = pk_build_matches_before(st->dv, pos);
		for (i = pk_build_matches_before(st->dv, sp->start); i < end; i++) {
			const pk_gaz_match *m = &st->dv->matches[i];

			if (m->ent->cls == PK_CLASS_PLACE)
				continue;
			for (k = 0; k < out->n; k++)
				if (out->e[k] == m->ent)
					break;
			if (k == out->n) {
				pk_ev_actor_add(out, m->ent);
				return;
			}
		}
		return;
	}
	/* an actor passed over is passed over all the way back */
	for (j = pk_build_chain_last(st->b, st->dv, PK_CHAIN_TOPIC, pos); j >= 0;
	     j = st->b->chains[PK_CHAIN_TOPIC].other[j]) {
		const pk_gaz_match *m = &st->dv->matches[j];

		for (k = 0; k < out->n; k++)
			if (out->e[k] == m->ent || pk_ev_same_country(out->e[k], m->ent))
				break;
		if (k == out->n) {
			pk_ev_actor_add(out, m->ent);
			return;
		}
	}
}

/* a is joined to b by a 'with' particle: 한국과 (a) 아랍에미리트(UAE)는 (b). */
static int pk_ev_with(const pk_ev_state *st, const pk_gaz_match *a, const pk_gaz_match *b)
{
	const pk_ruleset *rs = st->b->rs;
	const char *text = st->dv->nt->text;

	return a->particle >= 0 && strcmp(rs->particles[a->particle].name, "with") == 0 &&
		a->pend < b->start && b->start - a->pend <= 1 && text[a->pend] == ' ';
}

/* The subject that opens f's sentence, before f: an actor written with a
 * topic particle, else 양국/양 기관 (the two actors named last). */
static void pk_ev_subject_of(const pk_ev_state *st, size_t sentence, size_t before,
	pk_actorset *out);

/* Returns 1 when the subject came from the sentence before. */
int pk_ev_sentence_subject(const pk_ev_state *st, const pk_fact *f, pk_actorset *out)
{
	pk_ev_subject_of(st, f->sentence, f->start, out);
	/* 이번에 맺은 MOU는 △…: a sentence without a subject goes on from the
	 * one before */
	if (!out->n && f->sentence > 0) {
		pk_ev_subject_of(st, f->sentence - 1, st->dv->sents[f->sentence - 1].end, out);
		return out->n > 0;
	}
	return 0;
}

/* The last date of sentence s. */
const pk_dated *pk_ev_last_date_of(const pk_ev_state *st, size_t s)
{
	const pk_dated *last = NULL;
	size_t i;

	for (i = st->date_at[s]; i < st->date_at[s + 1]; i++)
		if (st->dates[i].start.kind != PK_DATE_NONE)
			last = &st->dates[i];
	return last;
}

static void pk_ev_subject_of(const pk_ev_state *st, size_t sentence, size_t before,
	pk_actorset *out)
{
	const pk_ruleset *rs = st->b->rs;
	const pk_span *sp = &st->dv->sents[sentence];
	const char *text = st->dv->nt->text;
	size_t i, p, end = pk_build_matches_before(st->dv, before);

	for (i = pk_build_matches_before(st->dv, sp->start); i < end; i++) {
		const pk_gaz_match *m = &st->dv->matches[i];

		if (m->particle >= 0 && strcmp(rs->particles[m->particle].name, "topic") == 0 &&
		    m->ent->cls != PK_CLASS_PLACE) {
			/* 한국과 아랍에미리트(UAE)는: the one joined to it by 과/와 too */
			if (i > 0 && pk_ev_with(st, &st->dv->matches[i - 1], m))
				pk_ev_actor_add(out, st->dv->matches[i - 1].ent);
			pk_ev_actor_add(out, m->ent);
			return;
		}
	}
	/* a coreference word among the sentence's first words */
	for (p = sp->start; p < before && p < sp->start + 64; p++) {
		size_t q;
		const char *want;

		if (p > sp->start && text[p - 1] != ' ')
			continue;
		for (q = p; q < before && text[q] != ' '; q++)
			;
		/* 양국은: the word less its particle */
		while (q > p) {
			if ((want = pk_ruleset_lex(rs, PK_LEX_COREFERENCE, text + p, q - p)) != NULL) {
				pk_ev_coref(st, want, p, out);
				return;
			}
			do
				q--;
			while (q > p && ((unsigned char)text[q] & 0xC0) == 0x80);
		}
	}
}

/* A match without a verb (an item of a list: △우주협력에 관한 MOU) takes
 * the sentence's: its longest status form, a Planned one over a
 * Concluded one. */
static const char *pk_ev_status_of_sentence(const pk_ev_state *st, const pk_fact *f)
{
	const pk_span *sent = &st->dv->sents[f->sentence];
	const char *text = st->dv->nt->text, *best = NULL;
	size_t i, k, best_len = 0;

	for (i = sent->start; i < sent->end; i++) {
		if (((unsigned char)text[i] & 0xC0) == 0x80 || (i > sent->start && text[i - 1] != ' ' &&
		    ((unsigned char)text[i] & 0x80) == 0))
			continue;
		for (k = i + 1; k <= sent->end && k - i <= 30; k++) {
			const char *w;

			if (k < sent->end && ((unsigned char)text[k] & 0xC0) == 0x80)
				continue;
			w = pk_ruleset_lex(st->b->rs, PK_LEX_AGREEMENT_STATUS, text + i, k - i);
			if (w && (!best || (strcmp(w, "Planned") == 0 && strcmp(best, "Planned") != 0) ||
			    (strcmp(w, best) == 0 && k - i > best_len))) {
				best = w;
				best_len = k - i;
			}
		}
	}
	return best;
}

/* A Planned form right after the verb (체결을 … 완료하기로) outweighs it. */
const char *pk_ev_status(const pk_ev_state *st, const pk_fact *f)
{
	const pk_slot *s = pk_fact_slot(f, PK_ROLE_STATUS);
	const pk_span *sent = &st->dv->sents[f->sentence];
	const char *text = st->dv->nt->text, *v;
	size_t i, end, cps = 0;

	if (!s)
		return pk_ev_status_of_sentence(st, f);
	v = pk_ruleset_lex(st->b->rs, PK_LEX_AGREEMENT_STATUS, text + s->start, s->end - s->start);
	if (!v || strcmp(v, "Concluded") != 0)
		return v;
	for (end = s->end; end < sent->end && cps < 24; end++)
		if (((unsigned char)text[end] & 0xC0) != 0x80)
			cps++;
	for (i = s->end; i < end; i++) {
		size_t k;

		if (((unsigned char)text[i] & 0xC0) == 0x80)
			continue;
		for (k = i + 1; k <= end; k++) {
			const char *w;

			if (k < end && ((unsigned char)text[k] & 0xC0) == 0x80)
				continue;
			w = pk_ruleset_lex(st->b->rs, PK_LEX_AGREEMENT_STATUS, text + i, k - i);
			if (w && strcmp(w, "Planned") == 0 && k - i >= 6)
				return w;
		}
	}
	return v;
}
