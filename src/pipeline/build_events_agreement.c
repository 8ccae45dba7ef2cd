/*
 * build_events_agreement.c - agreements read from the article's facts: an
 * MOU, declaration, partnership or accord with its kind, name, parties,
 * status and date.  A new one joins one read before when it refers to it
 * (이번 양해각서), speaks of its partner or parties, or has a name and
 * parties that do not disagree; the pacts index gives the candidates.
 * Which agreements are written, and at which event each was concluded,
 * is decided here for build_events.c.
 */
#include <stdlib.h>
#include <string.h>

#include "pipeline/build_events_int.h"

static int pk_ev_after_this(const pk_ev_state *st, const pk_fact *f, size_t pos);

void pk_ev_agreement_clear(pk_agreement *a)
{
	free(a->label);
	free(a->label_en);
	free(a->partof_name);
	free(a->iri);
	free(a->facts);
}


static int pk_ev_agreement_read(pk_ev_state *st, pk_agreement *a, const pk_fact *f)
{
	const pk_slot *kind = pk_fact_slot(f, PK_ROLE_KIND), *name = pk_fact_slot(f, PK_ROLE_NAME);
	const pk_dated *date;
	size_t i, k;
	int rc, from_before = 0;

	a->event = a->partof = -1;
	a->kind = pk_ev_lex(st, PK_LEX_AGREEMENT_KIND, kind);
	if (!a->kind)
		return 0;
	if (name) {
		if ((rc = pk_ev_clean(&a->label, &a->label_en, st->dv->nt->text + name->start,
			name->end - name->start)) < 0)
			return rc;
		/* a kind word alone (MOU, 양해각서) names no agreement */
		a->named = a->label != NULL &&
			!pk_ruleset_lex(st->b->rs, PK_LEX_AGREEMENT_KIND, a->label, strlen(a->label));
	}
	if (!a->label && (rc = pk_ev_clean(&a->label, NULL, st->dv->nt->text + kind->start,
		kind->end - kind->start)) < 0)
		return rc;
	a->refers = !a->named && pk_ev_after_this(st, f, kind->start);
	for (i = 0; i < f->nslots; i++) {
		const pk_slot *s = &f->slots[i];

		if (s->role == PK_ROLE_PARTY || s->role == PK_ROLE_PARTNER ||
		    s->role == PK_ROLE_PAIR) {
			for (k = 0; k < s->nents; k++)
				pk_ev_actor_add(&a->parties, s->ents[k]);
		} else if (s->role == PK_ROLE_COREF) {
			const char *want = pk_ev_lex(st, PK_LEX_COREFERENCE, s);

			if (want)
				pk_ev_coref(st, want, f->start, &a->parties);
		} else if (s->role == PK_ROLE_PARTOF && !a->partof_name) {
			if ((rc = pk_ev_clean(&a->partof_name, NULL, st->dv->nt->text + s->start,
				s->end - s->start)) < 0)
				return rc;
		} else if (s->role == PK_ROLE_VALID) {
			a->valid_years = pk_ev_int(st, s);
		}
	}
	/* 베트남 과학기술부와는 MOU도 맺었다: the one who signs with a partner
	 * and is not named in the clause is the article's topic */
	if (a->parties.n == 1 && pk_ev_only_partner(f)) {
		a->partner = a->parties.e[0];
		pk_ev_topic_actor(st, f->sentence, f->start, &a->parties);
	}
	/* 양국은 1995년 협정을 맺었고 2015년에는 업무협약을 체결해: clauses joined
	 * in one sentence share its subject */
	if (a->parties.n == 0 && !a->refers)
		from_before = pk_ev_sentence_subject(st, f, &a->parties);
	a->status = pk_ev_status(st, f);
	/* a sentence that goes on from the one before keeps its date too */
	if (!(date = pk_ev_date_for(st, f)) && from_before)
		date = pk_ev_last_date_of(st, f->sentence - 1);
	if (date && a->status && strcmp(a->status, "Concluded") == 0)
		a->signed_on = date->start;
	return pk_ev_facts_add(&a->facts, &a->nfacts, &a->facts_cap, &f, 1);
}

/* Whether the words before pos in f's sentence are a form of lexicon
 * demonstrative (이번, 해당, 이날 체결한: "this"), from the sentence's start
 * or after a space or a quote. */
static int pk_ev_after_this(const pk_ev_state *st, const pk_fact *f, size_t pos)
{
	const char *text = st->dv->nt->text;
	size_t start = st->dv->sents[f->sentence].start, p;

	if (pos <= start || text[pos - 1] != ' ')
		return 0;
	/* forms are a few words long: look back no further than that */
	for (p = pos - 1; p-- > start && pos - p <= 48;) {
		if (p > start && text[p - 1] != ' ' && text[p - 1] != '\'')
			continue;
		if (pk_ruleset_lex(st->b->rs, PK_LEX_DEMONSTRATIVE, text + p, pos - 1 - p))
			return 1;
	}
	return 0;
}

static int pk_ev_same_parties(const pk_actorset *x, const pk_actorset *y)
{
	size_t i, k;

	if (x->n != y->n)
		return 0;
	for (i = 0; i < x->n; i++) {
		for (k = 0; k < y->n; k++)
			if (x->e[i] == y->e[k])
				break;
		if (k == y->n)
			return 0;
	}
	return 1;
}

static int pk_ev_agreement_merge(pk_agreement *dst, pk_agreement *src)
{
	size_t i;

	if (src->named && !dst->named) {
		free(dst->label);
		dst->label = src->label;
		src->label = NULL;
		dst->named = 1;
	}
	if (!dst->label_en) {
		dst->label_en = src->label_en;
		src->label_en = NULL;
	}
	for (i = 0; i < src->parties.n; i++)
		pk_ev_actor_add(&dst->parties, src->parties.e[i]);
	if (src->status && (!dst->status || strcmp(src->status, "Concluded") == 0))
		dst->status = src->status;
	if (dst->signed_on.kind == PK_DATE_NONE)
		dst->signed_on = src->signed_on;
	if (!dst->valid_years)
		dst->valid_years = src->valid_years;
	if (!dst->partof_name) {
		dst->partof_name = src->partof_name;
		src->partof_name = NULL;
	}
	return pk_ev_facts_add(&dst->facts, &dst->nfacts, &dst->facts_cap, src->facts, src->nfacts);
}

/* Every party of x is a country, and each is a party of y or the country
 * of one. */
static int pk_ev_countries_of(const pk_agreement *x, const pk_agreement *y)
{
	size_t i, k;

	if (!x->parties.n || !y->parties.n || pk_ev_same_parties(&x->parties, &y->parties))
		return 0;
	for (i = 0; i < x->parties.n; i++) {
		const pk_entity *c = x->parties.e[i];

		if (c->cls != PK_CLASS_COUNTRY)
			return 0;
		for (k = 0; k < y->parties.n; k++)
			if (y->parties.e[k] == c ||
			    (y->parties.e[k]->country && strcmp(y->parties.e[k]->country, c->id) == 0))
				break;
		if (k == y->parties.n)
			return 0;
	}
	return 1;
}

/* The sentence is the headline: the article's first, without a closing
 * period (a lead paragraph that opens the text has one). */
static int pk_ev_headline(const pk_ev_state *st, size_t sentence)
{
	const pk_span *sp = &st->dv->sents[sentence];

	return sentence == 0 && sp->end > sp->start && st->dv->nt->text[sp->end - 1] != '.';
}

/* e is one of o's parties, or the country of one, or of the country one
 * is, or the body one is a part of (or a part of one). */
static int pk_ev_party_of(const pk_agreement *o, const pk_entity *e)
{
	size_t i;

	for (i = 0; i < o->parties.n; i++) {
		const pk_entity *p = o->parties.e[i];

		if (p == e || (p->country && strcmp(p->country, e->id) == 0) ||
		    (e->country && strcmp(e->country, p->id) == 0) ||
		    (p->country && e->country && strcmp(p->country, e->country) == 0) ||
		    /* 미 국토안보부 for its 과학기술본부 (a headline's short form) */
		    (p->parent && strcmp(p->parent, e->id) == 0) ||
		    (e->parent && strcmp(e->parent, p->id) == 0))
			return 1;
	}
	return 0;
}

/* Every party of a is one of o's, or a country one of o's parties belongs
 * to: a speaks of o in other words (영국 내각부 장관은 "한국과 양해각서를
 * 체결하게 되어 기쁘다", of the MOU 행정안전부 signed).  Bodies of one
 * country are not each other: two ministries may each sign their own. */
static int pk_ev_parties_within(const pk_agreement *o, const pk_agreement *a)
{
	size_t i, k;

	if (!a->parties.n || !o->parties.n)
		return 0;
	for (i = 0; i < a->parties.n; i++) {
		const pk_entity *e = a->parties.e[i];

		for (k = 0; k < o->parties.n; k++) {
			const pk_entity *p = o->parties.e[k];

			if (p == e || (e->cls == PK_CLASS_COUNTRY && p->country &&
			    strcmp(p->country, e->id) == 0))
				break;
		}
		if (k == o->parties.n)
			return 0;
	}
	return 1;
}

/* How a new agreement a is one the article read before, o. */
typedef enum pk_ev_join {
	PK_JOIN_NO,
	PK_JOIN_REFERS,     /* "이번 양해각서": the latest of its kind */
	PK_JOIN_SPEAKS_OF,  /* a names a partner or parties of o's */
	PK_JOIN_PARTNER,    /* o named a partner alone, a names both sides */
	PK_JOIN_COUNTRIES,  /* the countries of the bodies of the other */
	PK_JOIN_SAME        /* names and parties that do not disagree */
} pk_ev_join;

static pk_ev_join pk_ev_agreement_join(const pk_ev_state *st, const pk_agreement *o,
	const pk_agreement *a)
{
	if (strcmp(o->kind, a->kind) != 0)
		return PK_JOIN_NO;
	/* the parties of a sentence about "이번 양해각서" may be its
	 * beneficiaries (한국과 영국은 이번 양해각서 체결을 통해 ...) */
	if (a->refers)
		return PK_JOIN_REFERS;
	/* a partner alone that is, or is of the country of, a party of
	 * the article's agreement of its kind speaks of that one
	 * ('…한국과 양해각서를 체결하게 되어 기쁘다') */
	if (!a->named && ((a->partner && pk_ev_party_of(o, a->partner)) ||
	    pk_ev_parties_within(o, a)))
		return PK_JOIN_SPEAKS_OF;
	/* ... and the other way round: the headline named the partner
	 * alone, the story names both (미 국토안보부 차관과 … 의향서 체결,
	 * then 과기정통부는 … 국토안보부 과학기술본부와 … 체결했다) */
	if (o->partner && !o->named && pk_ev_party_of(a, o->partner))
		return PK_JOIN_PARTNER;
	/* the countries of a pair (한-영 … 양해각서) are those of the bodies
	 * that sign: one agreement, named by its bodies */
	if (pk_ev_countries_of(o, a) || pk_ev_countries_of(a, o))
		return PK_JOIN_COUNTRIES;
	/* a headline shortens the name the story gives in full */
	if (a->named && o->named && strcmp(a->label, o->label) != 0 &&
	    !(pk_ev_same_parties(&a->parties, &o->parties) &&
	      (pk_ev_headline(st, o->facts[0]->sentence) || pk_ev_headline(st, a->facts[0]->sentence)) &&
	      (!a->status || !o->status || strcmp(a->status, o->status) == 0)))
		return PK_JOIN_NO;
	if (a->parties.n && o->parties.n && !pk_ev_same_parties(&a->parties, &o->parties))
		return PK_JOIN_NO;
	return PK_JOIN_SAME;
}

static int pk_ev_agreement_joins(const pk_ev_state *st, long id, const void *arg)
{
	return pk_ev_agreement_join(st, &st->ag[id], arg) != PK_JOIN_NO;
}

/* The agreement key: kind, tag, then the parts given (NULL ends them),
 * each after a NUL, in st->key. */
static int pk_ev_pact_key(pk_ev_state *st, const char *kind, const char *part, const char *part2)
{
	pk_buf_clear(&st->key);
	if (pk_buf_puts(&st->key, kind) < 0 || pk_buf_putc(&st->key, '\0') < 0 ||
	    (part && pk_buf_puts(&st->key, part) < 0) ||
	    (part2 && (pk_buf_putc(&st->key, '\0') < 0 || pk_buf_puts(&st->key, part2) < 0)))
		return PK_ENOMEM;
	return 0;
}

static int pk_ev_pact_put(pk_ev_state *st, char tag, const char *kind, const char *part,
	const char *part2, long id)
{
	int rc = pk_ev_pact_key(st, kind, part, part2);

	return rc < 0 ? rc : pk_ev_index_put(&st->pacts, tag, st->key.ptr, st->key.len, id);
}

static int pk_ev_pact_list(pk_ev_state *st, char tag, const char *kind, const char *part,
	const char *part2, const pk_ev_entry **out)
{
	int rc = pk_ev_pact_key(st, kind, part, part2);

	*out = rc < 0 ? NULL : pk_ev_index_get(&st->pacts, tag, st->key.ptr, st->key.len);
	return rc;
}

static int pk_ev_pact_add(pk_ev_state *st, char tag, const char *kind, const char *part,
	const char *part2)
{
	const pk_ev_entry *e;
	int rc = pk_ev_pact_list(st, tag, kind, part, part2, &e);

	return rc < 0 ? rc : pk_ev_lists_add(st, e);
}

/* The ids of s into ids, sorted (a set is at most PK_EV_MAX). */
void pk_ev_ids_sort(const char **ids, const pk_actorset *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		const char *id = s->e[i]->id;

		for (j = i; j > 0 && strcmp(ids[j - 1], id) > 0; j--)
			ids[j] = ids[j - 1];
		ids[j] = id;
	}
}

/* The ids of s, sorted, each after a NUL but the first (a party set's key). */
static int pk_ev_parties_key(pk_buf *out, const pk_actorset *s)
{
	const char *ids[PK_EV_MAX];
	size_t i;

	pk_ev_ids_sort(ids, s);
	pk_buf_clear(out);
	if (pk_buf_put(out, "", 0) < 0)
		return PK_ENOMEM;
	for (i = 0; i < s->n; i++)
		if ((i && pk_buf_putc(out, '\0') < 0) || pk_buf_puts(out, ids[i]) < 0)
			return PK_ENOMEM;
	return 0;
}

static int pk_ev_country_only(const pk_actorset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->e[i]->cls != PK_CLASS_COUNTRY)
			return 0;
	return s->n > 0;
}

/* Put or look up (lists non-zero) st->key, the kind and the party set
 * in st->scratch (pk_ev_parties_key), under tag. */
static int pk_ev_pact_set(pk_ev_state *st, char tag, const char *kind, long id, int lists)
{
	int rc;

	if ((rc = pk_ev_pact_key(st, kind, NULL, NULL)) < 0)
		return rc;
	if (pk_buf_put(&st->key, st->scratch.ptr, st->scratch.len) < 0)
		return PK_ENOMEM;
	if (lists)
		return pk_ev_lists_add(st, pk_ev_index_get(&st->pacts, tag, st->key.ptr, st->key.len));
	return pk_ev_index_put(&st->pacts, tag, st->key.ptr, st->key.len, id);
}

/* Put (lists zero) or look up e's id, its country and its parent under
 * tag: what pk_ev_party_of relates. */
static int pk_ev_pact_entity(pk_ev_state *st, char tag, const char *kind, const pk_entity *e,
	long id, int lists)
{
	const char *keys[3] = { e->id, e->country, e->parent };
	size_t i;
	int rc;

	for (i = 0; i < 3; i++) {
		if (!keys[i])
			continue;
		rc = lists ? pk_ev_pact_add(st, tag, kind, keys[i], NULL) :
			pk_ev_pact_put(st, tag, kind, keys[i], NULL, id);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Agreements are found among thousands on a long page as events are (see
 * pk_ev_event_file), each filed under its kind and: K alone; N without
 * parties; U unnamed; M unnamed without parties; V unnamed, by its party
 * set; Q by its party set; H by its party set when it came first in the
 * headline; L its name; P a partner alone, unnamed, by the partner's
 * entities (pk_ev_pact_entity); R each party's; C, when its parties are
 * all countries, the first one or two of them.  Filed again whenever a new
 * one joins it. */
static int pk_ev_pact_file(pk_ev_state *st, long id)
{
	const pk_agreement *o = &st->ag[id];
	const char *k = o->kind, *ids[2];
	size_t i;
	int rc;

	if ((rc = pk_ev_pact_put(st, 'K', k, NULL, NULL, id)) < 0 ||
	    (!o->parties.n && (rc = pk_ev_pact_put(st, 'N', k, NULL, NULL, id)) < 0) ||
	    (!o->named && (rc = pk_ev_pact_put(st, 'U', k, NULL, NULL, id)) < 0) ||
	    (!o->named && !o->parties.n && (rc = pk_ev_pact_put(st, 'M', k, NULL, NULL, id)) < 0) ||
	    (o->partner && !o->named && (rc = pk_ev_pact_entity(st, 'P', k, o->partner, id, 0)) < 0) ||
	    (rc = pk_ev_pact_put(st, 'L', k, o->label, NULL, id)) < 0 ||
	    (rc = pk_ev_parties_key(&st->scratch, &o->parties)) < 0 ||
	    (rc = pk_ev_pact_set(st, 'Q', k, id, 0)) < 0 ||
	    (!o->named && (rc = pk_ev_pact_set(st, 'V', k, id, 0)) < 0) ||
	    (pk_ev_headline(st, o->facts[0]->sentence) && (rc = pk_ev_pact_set(st, 'H', k, id, 0)) < 0))
		return rc;
	for (i = 0; i < o->parties.n; i++)
		if ((rc = pk_ev_pact_entity(st, 'R', k, o->parties.e[i], id, 0)) < 0)
			return rc;
	if (!pk_ev_country_only(&o->parties))
		return 0;
	ids[0] = ids[1] = NULL;
	for (i = 0; i < o->parties.n; i++) {
		const char *c = o->parties.e[i]->id;

		if (!ids[0] || strcmp(c, ids[0]) < 0) {
			ids[1] = ids[0];
			ids[0] = c;
		} else if (!ids[1] || strcmp(c, ids[1]) < 0) {
			ids[1] = c;
		}
	}
	return pk_ev_pact_put(st, 'C', k, ids[0], ids[1], id);
}

/* Among the R lists of the ids given, the shortest: every one of them
 * holds what all of them must; NULL when one is empty. */
static int pk_ev_pact_rarest(pk_ev_state *st, const char *kind, const pk_actorset *s)
{
	const pk_ev_entry *rare = NULL, *e;
	size_t i;
	int rc;

	for (i = 0; i < s->n; i++) {
		if ((rc = pk_ev_pact_list(st, 'R', kind, s->e[i]->id, NULL, &e)) < 0)
			return rc;
		if (!e)
			return 0;
		if (!rare || e->n < rare->n)
			rare = e;
	}
	return pk_ev_lists_add(st, rare);
}

/* Into st->lists: the agreements a may be, one list for each way
 * pk_ev_agreement_join may accept one (a new agreement is most often none
 * of them, and every list given is then read whole). */
static int pk_ev_agreement_candidates(pk_ev_state *st, const pk_agreement *a)
{
	const char *k = a->kind, *r[2 * PK_EV_MAX];
	size_t nr = 0, i, j;
	int rc;

	st->nlists = 0;
	/* "이번 양해각서", and an unnamed one of no parties: the latest */
	if (a->refers || (!a->named && !a->parties.n))
		return pk_ev_pact_add(st, 'K', k, NULL, NULL);
	if ((rc = pk_ev_parties_key(&st->scratch, &a->parties)) < 0)
		return rc;
	if (!a->named) {
		/* SPEAKS_OF: a partner or all of a's parties in o; SAME: o
		 * without parties, or with a's */
		if ((a->partner && (rc = pk_ev_pact_entity(st, 'R', k, a->partner, -1, 1)) < 0) ||
		    (rc = pk_ev_pact_rarest(st, k, &a->parties)) < 0 ||
		    (rc = pk_ev_pact_add(st, 'N', k, NULL, NULL)) < 0 ||
		    (rc = pk_ev_pact_set(st, 'Q', k, -1, 1)) < 0)
			return rc;
	} else if (!a->parties.n) {
		/* SAME: o unnamed, of a's name, or a headline's without
		 * parties */
		if ((rc = pk_ev_pact_add(st, 'U', k, NULL, NULL)) < 0 ||
		    (rc = pk_ev_pact_add(st, 'L', k, a->label, NULL)) < 0 ||
		    (rc = pk_ev_pact_set(st, 'H', k, -1, 1)) < 0 ||
		    (pk_ev_headline(st, a->facts[0]->sentence) &&
		     (rc = pk_ev_pact_add(st, 'N', k, NULL, NULL)) < 0))
			return rc;
		return 0;
	} else {
		/* SAME: o unnamed without parties or with a's, of a's name, or
		 * of a's parties with a headline */
		if ((rc = pk_ev_pact_add(st, 'M', k, NULL, NULL)) < 0 ||
		    (rc = pk_ev_pact_set(st, 'V', k, -1, 1)) < 0 ||
		    (rc = pk_ev_pact_add(st, 'L', k, a->label, NULL)) < 0 ||
		    (rc = pk_ev_pact_set(st, 'H', k, -1, 1)) < 0 ||
		    (pk_ev_headline(st, a->facts[0]->sentence) &&
		     (rc = pk_ev_pact_set(st, 'Q', k, -1, 1)) < 0))
			return rc;
	}
	/* PARTNER: o's partner related to one of a's parties */
	for (i = 0; i < a->parties.n; i++)
		if ((rc = pk_ev_pact_entity(st, 'P', k, a->parties.e[i], -1, 1)) < 0)
			return rc;
	/* COUNTRIES: a's countries those of o's bodies, or o's a's */
	if (pk_ev_country_only(&a->parties) && (rc = pk_ev_pact_rarest(st, k, &a->parties)) < 0)
		return rc;
	for (i = 0; i < a->parties.n; i++) {
		const char *c[2] = { a->parties.e[i]->id, a->parties.e[i]->country };

		for (j = 0; j < 2; j++) {
			size_t m;

			for (m = 0; c[j] && m < nr && strcmp(r[m], c[j]) != 0; m++)
				;
			if (c[j] && m == nr)
				r[nr++] = c[j];
		}
	}
	for (i = 0; i < nr; i++) {
		if ((rc = pk_ev_pact_add(st, 'C', k, r[i], NULL)) < 0)
			return rc;
		for (j = 0; j < nr; j++)
			if (strcmp(r[i], r[j]) < 0 && (rc = pk_ev_pact_add(st, 'C', k, r[i], r[j])) < 0)
				return rc;
	}
	return 0;
}

int pk_ev_add_agreement(pk_ev_state *st, const pk_fact *f)
{
	pk_agreement a, *arr, *o;
	long i;
	int rc;

	memset(&a, 0, sizeof a);
	if ((rc = pk_ev_agreement_read(st, &a, f)) < 0 || !a.kind) {
		pk_ev_agreement_clear(&a);
		return rc;
	}
	/* the latest agreement a is, if any */
	if ((rc = pk_ev_agreement_candidates(st, &a)) < 0) {
		pk_ev_agreement_clear(&a);
		return rc;
	}
	if ((i = pk_ev_lists_search(st, 1, pk_ev_agreement_joins, &a)) >= 0) {
		o = &st->ag[i];
		switch (pk_ev_agreement_join(st, o, &a)) {
		case PK_JOIN_PARTNER:
			o->parties = a.parties;
			o->partner = NULL;
			if (a.named) {
				char *t = o->label;

				o->label = a.label;
				a.label = t;
				o->named = 1;
			}
			a.parties.n = 0;
			break;
		case PK_JOIN_COUNTRIES:
			if (pk_ev_countries_of(o, &a)) {
				o->parties = a.parties;
				o->partner = NULL;
			}
			a.parties.n = 0;
			break;
		case PK_JOIN_REFERS:
		case PK_JOIN_SPEAKS_OF:
			a.parties.n = 0;
			break;
		default:
			break;
		}
		rc = pk_ev_agreement_merge(o, &a);
		pk_ev_agreement_clear(&a);
		return rc < 0 ? rc : pk_ev_pact_file(st, i);
	}
	if (st->nag == st->ag_cap) {
		size_t cap = st->ag_cap ? st->ag_cap * 2 : 16;

		if (!(arr = realloc(st->ag, cap * sizeof *arr))) {
			pk_ev_agreement_clear(&a);
			return PK_ENOMEM;
		}
		st->ag = arr;
		st->ag_cap = cap;
	}
	st->ag[st->nag++] = a;
	return pk_ev_pact_file(st, (long)st->nag - 1);
}

/* Whether a is written: with parties; or named and adopted with none
 * named ('…선언'이 채택됐다), unless the article has an agreement of its
 * kind with parties, which a headline's shortened name usually is. */
int pk_ev_agreement_kept(const pk_ev_state *st, const pk_agreement *a)
{
	size_t i;

	if (a->parties.n)
		return 1;
	if (!a->named)
		return 0;
	for (i = 0; i < st->nkinds_with_parties; i++)
		if (strcmp(st->kinds_with_parties[i], a->kind) == 0)
			return 0;
	return 1;
}

/* The kinds of the agreements with parties, once they are all read: a
 * handful of kinds, where asking each agreement about every other was
 * quadratic. */
int pk_ev_kinds_with_parties(pk_ev_state *st)
{
	size_t i, k;

	for (i = 0; i < st->nag; i++) {
		const char **arr;

		if (!st->ag[i].parties.n)
			continue;
		for (k = 0; k < st->nkinds_with_parties; k++)
			if (strcmp(st->kinds_with_parties[k], st->ag[i].kind) == 0)
				break;
		if (k < st->nkinds_with_parties)
			continue;
		if (!(arr = realloc(st->kinds_with_parties, (k + 1) * sizeof *arr)))
			return PK_ENOMEM;
		st->kinds_with_parties = arr;
		arr[st->nkinds_with_parties++] = st->ag[i].kind;
	}
	return 0;
}

/* The event an agreement's sentence names: one read in the same
 * sentence, or "이번 <class word>" for the latest event of that class. */
long pk_ev_concluded_at(const pk_ev_state *st, const pk_fact *f)
{
	const pk_span *sent = &st->dv->sents[f->sentence];
	const char *text = st->dv->nt->text, *p;

	if (st->ev_of_sentence[f->sentence] >= 0)
		return st->ev_of_sentence[f->sentence];
	for (p = text + sent->start; (p = pk_ev_find(st, sent, (size_t)(p - text), "이번 ")); p++) {
		const char *w = p + strlen("이번 ");
		size_t n;

		/* a match running past the sentence's end has nothing after it */
		if (w >= text + sent->end)
			break;
		for (n = (size_t)(text + sent->end - w); n > 0; n--) {
			const char *cls;

			if (((unsigned char)w[n] & 0xC0) == 0x80 && n < (size_t)(text + sent->end - w))
				continue;
			cls = pk_ruleset_lex(st->b->rs, PK_LEX_EVENT_CLASS, w, n);
			if (cls)
				return pk_ev_latest_event(st, cls, -1);
		}
	}
	return -1;
}
