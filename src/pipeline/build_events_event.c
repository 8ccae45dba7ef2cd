/*
 * build_events_event.c - events read from the article's facts: a meeting,
 * summit, forum, workshop, ceremony or visit with its name, date, place,
 * organizers, participants and chair.  An event joins one read before
 * when its class and name agree (a shortened or re-spaced name, the same
 * words), or, unnamed (이번 회의는 ...), the latest event of its class;
 * the names index (build_events_index.c) gives the ones it may join.
 */
#include <stdlib.h>
#include <string.h>

#include "pipeline/build_events_int.h"

int pk_ev_facts_add(const pk_fact ***v, size_t *n, size_t *cap,
	const pk_fact *const *add, size_t nadd)
{
	const pk_fact **p;
	size_t c = *cap ? *cap : 4;

	if (*n + nadd > *cap) {
		/* an event read again all through a long page gathers many */
		while (c < *n + nadd)
			c *= 2;
		if (!(p = realloc(*v, c * sizeof *p)))
			return PK_ENOMEM;
		*v = p;
		*cap = c;
	}
	if (nadd)
		memcpy(*v + *n, add, nadd * sizeof **v);
	*n += nadd;
	return 0;
}

void pk_ev_event_clear(pk_event *e)
{
	size_t i;

	free(e->label);
	free(e->label_en);
	free(e->label_abbr);
	free(e->location);
	for (i = 0; i < e->npersons; i++)
		free(e->persons[i]);
	free(e->chair);
	free(e->iri);
	free(e->facts);
}

static int pk_ev_person_add(pk_event *e, char *name)
{
	size_t i;

	for (i = 0; i < e->npersons; i++)
		if (strcmp(e->persons[i], name) == 0)
			break;
	if (i < e->npersons || e->npersons == PK_EV_MAX) {
		free(name);
		return 0;
	}
	e->persons[e->npersons++] = name;
	return 0;
}


/* The coreference word (lexicon coreference: 양측, 양 부처, the two
 * sides) that opens a participant's text, as its value, or NULL: 양측
 * 장관 is the two actors' ministers, not a person's name. */
static const char *pk_ev_coref_opening(const pk_ev_state *st, const char *s, size_t n)
{
	size_t i, words = 0;

	for (i = 1; i <= n && words < 3; i++) {
		if (i == n || s[i] == ' ') {
			const char *v = pk_ruleset_lex(st->b->rs, PK_LEX_COREFERENCE, s, i);

			if (v)
				return v;
			words++;
		}
	}
	return NULL;
}

/* The fuller name a position rule of the article read for a participant
 * cut short (모하메드 빈 for 모하메드 빈 자이드 알 나흐얀), when exactly one
 * fits; else NULL.  A name of one word is left: 나흐얀 alone could be
 * anyone's last name. */
static const char *pk_ev_fuller_name(const pk_ev_state *st, const char *name, size_t *len)
{
	const char *best = NULL;
	size_t n = strlen(name), lo = 0, hi = st->npnames, blen = 0;

	if (!strchr(name, ' '))
		return NULL;
	/* the names that begin with name and a space are together */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const pk_ev_text *t = &st->pnames[mid];
		int c = memcmp(t->s, name, t->n < n ? t->n : n);

		if (c < 0 || (c == 0 && (t->n <= n || (unsigned char)t->s[n] < ' ')))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < st->npnames; lo++) {
		const pk_ev_text *t = &st->pnames[lo];

		if (t->n <= n || memcmp(t->s, name, n) != 0 || t->s[n] != ' ')
			break;
		if (t->n == n + 1)
			continue;
		if (best && (blen != t->n || memcmp(best, t->s, t->n) != 0))
			return NULL;
		best = t->s;
		blen = t->n;
	}
	*len = blen;
	return best;
}

static int pk_ev_text_cmp(const void *a, const void *b)
{
	const pk_ev_text *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);

	return c ? c : x->n < y->n ? -1 : x->n > y->n;
}

/* The names the position rules read, sorted (pk_ev_fuller_name). */
int pk_ev_person_names(pk_ev_state *st)
{
	const pk_factlist *facts = st->dv->facts;
	size_t i, k;

	for (i = 0; i < facts->n; i++) {
		const pk_fact *f = &facts->v[i];

		if (f->rule->yield != PK_YIELD_POSITION)
			continue;
		for (k = 0; k < f->nslots; k++) {
			const pk_slot *sl = &f->slots[k];

			if (sl->role != PK_ROLE_NAME)
				continue;
			if (st->npnames == st->pnames_cap) {
				size_t cap = st->pnames_cap ? st->pnames_cap * 2 : 64;
				pk_ev_text *p = realloc(st->pnames, cap * sizeof *p);

				if (!p)
					return PK_ENOMEM;
				st->pnames = p;
				st->pnames_cap = cap;
			}
			st->pnames[st->npnames].s = st->dv->nt->text + sl->start;
			st->pnames[st->npnames++].n = sl->end - sl->start;
		}
	}
	if (st->npnames)
		qsort(st->pnames, st->npnames, sizeof *st->pnames, pk_ev_text_cmp);
	return 0;
}

/* Fill e (zeroed) from fact f. */
static int pk_ev_event_read(pk_ev_state *st, pk_event *e, const pk_fact *f)
{
	const pk_slot *name = pk_fact_slot(f, PK_ROLE_NAME), *cls = pk_fact_slot(f, PK_ROLE_CLASS);
	const pk_dated *date;
	const char *want;
	size_t i;
	int rc;

	e->partof = -1;
	e->cls = pk_ev_lex(st, PK_LEX_EVENT_CLASS, cls);
	if (name) {
		if ((rc = pk_ev_clean(&e->label, &e->label_en, st->dv->nt->text + name->start,
			name->end - name->start)) < 0 ||
		    (rc = pk_ev_abbr_label(&e->label_abbr, st->dv->nt->text + name->start,
			name->end - name->start)) < 0)
			return rc;
		/* a class word alone (면담, 정상회담) names no event: it is the
		 * article's latest one of that class, or a new one if none */
		e->named = e->label != NULL &&
			!pk_ruleset_lex(st->b->rs, PK_LEX_EVENT_CLASS, e->label, strlen(e->label));
		if (e->label && !e->cls)
			e->cls = pk_ev_class_of_name(st, e->label);
		/* 「…협의회」의 착수식: the class word completes the name */
		if (e->label && cls && cls->start >= name->end) {
			pk_buf full = PK_BUF_INIT;

			if (pk_buf_printf(&full, "%s %.*s", e->label, (int)(cls->end - cls->start),
				st->dv->nt->text + cls->start) < 0)
				return PK_ENOMEM;
			free(e->label);
			e->label = pk_buf_detach(&full);
		}
	}
	if (!e->cls && f->rule->fixed_class)
		e->cls = f->rule->fixed_class;
	for (i = 0; i < f->nslots; i++) {
		const pk_slot *s = &f->slots[i];
		size_t k;

		if (s->role == PK_ROLE_ORGANIZER) {
			for (k = 0; k < s->nents; k++)
				pk_ev_actor_add(&e->organizers, s->ents[k]);
		} else if (s->role == PK_ROLE_PARTICIPANT) {
			for (k = 0; k < s->nents; k++)
				pk_ev_actor_add(&e->participants, s->ents[k]);
			if (s->nents == 0 && (want = pk_ev_coref_opening(st, st->dv->nt->text + s->start,
			    s->end - s->start)) != NULL) {
				pk_ev_coref(st, want, s->start, &e->participants);
				continue;
			}
			/* a name, not a list of people (하정민 제1차관과 노은채 ...) */
			if (s->nents == 0 && pk_utf8_count(st->dv->nt->text + s->start, s->end - s->start) <= 12 &&
			    !memchr(st->dv->nt->text + s->start, ',', s->end - s->start)) {
				char *who = pk_ev_slot_text(st, s), *sp;
				const char *full;
				size_t n;

				/* 고기동 차관이 참석했다: the name, not its title */
				if (who && (sp = strrchr(who, ' ')) != NULL &&
				    pk_ruleset_title(st->b->rs, sp + 1, strlen(sp + 1)))
					*sp = '\0';
				if (who && (full = pk_ev_fuller_name(st, who, &n)) != NULL) {
					free(who);
					who = pk_strndup(full, n);
				}
				if (!who)
					return PK_ENOMEM;
				if ((rc = pk_ev_person_add(e, who)) < 0)
					return rc;
			}
		} else if (s->role == PK_ROLE_CHAIR && !e->chair) {
			e->chair = pk_ev_slot_text(st, s);
		} else if (s->role == PK_ROLE_LOCATION && !e->location) {
			e->location = pk_ev_slot_text(st, s);
		}
	}
	if (!e->label && cls) {
		const pk_entity *host = e->participants.n ? e->participants.e[e->participants.n - 1] : NULL;
		pk_buf l = PK_BUF_INIT;

		if (e->cls && strcmp(e->cls, "Visit") == 0 && host) {
			if (pk_buf_printf(&l, "%s %.*s", host->ko, (int)(cls->end - cls->start),
				st->dv->nt->text + cls->start) < 0)
				return PK_ENOMEM;
		} else if (pk_buf_put(&l, st->dv->nt->text + cls->start, cls->end - cls->start) < 0) {
			return PK_ENOMEM;
		}
		e->label = pk_buf_detach(&l);
	}
	/* a visit without a place named happens at the host */
	if (!e->location && e->cls && strcmp(e->cls, "Visit") == 0 && e->participants.n) {
		const pk_entity *host = e->participants.e[e->participants.n - 1];

		e->location = pk_strdup(host->ko);
	}
	/* only an event the sentence does not name is "that day's" */
	if ((date = pk_ev_date_for(st, f)) != NULL ||
	    ((!name || !e->named || (e->cls && strcmp(e->cls, "Ceremony") == 0)) &&
	     (date = pk_ev_date_same_day(st, f, e->cls)) != NULL)) {
		e->start = date->start;
		e->end = date->end;
	}
	return pk_ev_facts_add(&e->facts, &e->nfacts, &e->facts_cap, &f, 1);
}

/* Fold src into dst (same event read again). */
static int pk_ev_event_merge(pk_event *dst, pk_event *src)
{
	size_t i;

	for (i = 0; i < src->organizers.n; i++)
		pk_ev_actor_add(&dst->organizers, src->organizers.e[i]);
	for (i = 0; i < src->participants.n; i++)
		pk_ev_actor_add(&dst->participants, src->participants.e[i]);
	for (i = 0; i < src->npersons; i++) {
		pk_ev_person_add(dst, src->persons[i]);
		src->persons[i] = NULL;
	}
	src->npersons = 0;
	if (!dst->chair) {
		dst->chair = src->chair;
		src->chair = NULL;
	}
	if (!dst->location) {
		dst->location = src->location;
		src->location = NULL;
	}
	if (!dst->label_en) {
		dst->label_en = src->label_en;
		src->label_en = NULL;
	}
	if (dst->start.kind == PK_DATE_NONE) {
		dst->start = src->start;
		dst->end = src->end;
	}
	return pk_ev_facts_add(&dst->facts, &dst->nfacts, &dst->facts_cap, src->facts, src->nfacts);
}

static pk_ev_class *pk_ev_class_find(const pk_ev_state *st, const char *cls)
{
	size_t i;

	for (i = 0; cls && i < st->nclasses; i++)
		if (strcmp(st->classes[i].cls, cls) == 0)
			return &st->classes[i];
	return NULL;
}

/* The latest event of class cls other than event not, or -1. */
long pk_ev_latest_event(const pk_ev_state *st, const char *cls, long not)
{
	const pk_ev_class *c = pk_ev_class_find(st, cls);
	long i = c ? c->last : -1;

	return i >= 0 && i == not ? st->ev[i].prev_of_class : i;
}

/* Append e (its class is fixed from now on). */
static int pk_ev_event_append(pk_ev_state *st, const pk_event *e)
{
	pk_ev_class *c = pk_ev_class_find(st, e->cls);

	if (st->nev == st->ev_cap) {
		size_t cap = st->ev_cap ? st->ev_cap * 2 : 16;
		pk_event *arr = realloc(st->ev, cap * sizeof *arr);

		if (!arr)
			return PK_ENOMEM;
		st->ev = arr;
		st->ev_cap = cap;
	}
	if (e->cls && !c) {
		pk_ev_class *arr = realloc(st->classes, (st->nclasses + 1) * sizeof *arr);

		if (!arr)
			return PK_ENOMEM;
		st->classes = arr;
		c = &arr[st->nclasses++];
		c->cls = e->cls;
		c->last = -1;
	}
	st->ev[st->nev] = *e;
	st->ev[st->nev].prev_of_class = c ? c->last : -1;
	if (c)
		c->last = (long)st->nev;
	st->nev++;
	return 0;
}

/* The same name but for spaces and interpuncts (디지털·AI, 디지털 AI). */
static int pk_ev_same_squashed(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || (a[0] == '\xC2' && a[1] == '\xB7'))
			a += *a == ' ' ? 1 : 2;
		while (*b == ' ' || (b[0] == '\xC2' && b[1] == '\xB7'))
			b += *b == ' ' ? 1 : 2;
		if (*a != *b)
			return 0;
		if (!*a)
			return 1;
		a++;
		b++;
	}
}

/* Whether s begins with the name pre, but for spaces and interpuncts
 * (제1차 한-아세안 디지털 장관회의 공동선언문, of 제1차 한-아세안
 * 디지털장관회의). */
int pk_ev_squashed_prefix(const char *s, const char *pre)
{
	for (;;) {
		while (*s == ' ' || (s[0] == '\xC2' && s[1] == '\xB7'))
			s += *s == ' ' ? 1 : 2;
		while (*pre == ' ' || (pre[0] == '\xC2' && pre[1] == '\xB7'))
			pre += *pre == ' ' ? 1 : 2;
		if (!*pre)
			return 1;
		if (*s != *pre)
			return 0;
		s++;
		pre++;
	}
}

/* short names the event full again, shortened to its last words:
 * 원탁회의 after '고위급 정책 원탁회의' (a word boundary before it). */
static int pk_ev_shortened(const char *full, const char *shrt)
{
	size_t nf = strlen(full), ns = strlen(shrt);

	return ns < nf && full[nf - ns - 1] == ' ' && strcmp(full + nf - ns, shrt) == 0;
}

/* Every word of a, two or more of them, stands in b in the same order:
 * "9th Joint Committee Meeting" within "9th Republic of Korea-Vietnam
 * Ministerial-Level Joint Committee Meeting". */
static int pk_ev_words_within(const char *a, const char *b)
{
	const char *p = a, *q = b;
	size_t words = 0;

	while (*p) {
		size_t n = strcspn(p, " ");
		const char *hit = NULL;

		while (*q) {
			size_t m = strcspn(q, " ");

			if (m == n && memcmp(p, q, n) == 0) {
				hit = q;
				q += m;
				break;
			}
			q += m;
			q += strspn(q, " ");
		}
		if (!hit)
			return 0;
		words++;
		p += n;
		p += strspn(p, " ");
	}
	return words >= 2 && strcmp(a, b) != 0;
}

/* Both dates name a year, and not the same one: 'the forum held in Paris
 * last year' is not this year's 2024 forum, whatever the names share. */
static int pk_ev_other_year(const pk_date *a, const pk_date *b)
{
	int ya = a->kind == PK_DATE_FULL || a->kind == PK_DATE_YEAR_MONTH || a->kind == PK_DATE_YEAR;
	int yb = b->kind == PK_DATE_FULL || b->kind == PK_DATE_YEAR_MONTH || b->kind == PK_DATE_YEAR;

	return ya && yb && a->v.y != b->v.y;
}

/* x and y name one event: the same words, one a shortening or the
 * abbreviated form of the other, or one's words within the other's. */
static int pk_ev_same_name(const pk_event *x, const pk_event *y)
{
	return strcmp(x->label, y->label) == 0 || pk_ev_same_squashed(x->label, y->label) ||
		pk_ev_shortened(x->label, y->label) ||
		(y->label_abbr && strcmp(x->label, y->label_abbr) == 0) ||
		(x->label_abbr && strcmp(x->label_abbr, y->label) == 0) ||
		pk_ev_words_within(y->label, x->label) || pk_ev_words_within(x->label, y->label);
}

/* Events are found by name (pk_ev_same_name and the shortening test of
 * pk_ev_add_event) among thousands on a long page: each is filed under
 * what its name gives (L the name, S its squashed form, W each ending
 * after a space, A the abbreviated form, w each word, F the first word),
 * and a new event is compared with the events filed under what its own
 * name gives, which are all that any of those tests can accept. */
static int pk_ev_event_file(pk_ev_state *st, long id)
{
	pk_ev_index *x = &st->names;
	const pk_event *e = &st->ev[id];
	const char *l = e->label, *p = l;
	size_t n = strlen(l), i, w;
	int rc, first = 1;

	if ((rc = pk_ev_index_put(x, 'L', l, n, id)) < 0 || (rc = pk_ev_squash(st, l)) < 0 ||
	    (rc = pk_ev_index_put(x, 'S', st->scratch.ptr, st->scratch.len, id)) < 0 ||
	    (e->label_abbr && (rc = pk_ev_index_put(x, 'A', e->label_abbr,
		strlen(e->label_abbr), id)) < 0))
		return rc;
	for (i = 0; i < n; i++)
		if (l[i] == ' ' && (rc = pk_ev_index_put(x, 'W', l + i + 1, n - i - 1, id)) < 0)
			return rc;
	for (; (w = pk_ev_next_word(&p)) > 0; p += w, first = 0)
		if ((rc = pk_ev_index_put(x, 'w', p, w, id)) < 0 ||
		    (first && (rc = pk_ev_index_put(x, 'F', p, w, id)) < 0))
			return rc;
	return 0;
}

/* Into st->lists: the events e may be the same as (see above). */
static int pk_ev_event_candidates(pk_ev_state *st, const pk_event *e)
{
	const pk_ev_index *x = &st->names;
	const pk_ev_entry *rare = NULL;
	const char *l = e->label, *p = l;
	size_t n = strlen(l), i, w;
	int rc, all = 1;

	st->nlists = 0;
	if ((rc = pk_ev_lists_add(st, pk_ev_index_get(x, 'L', l, n))) < 0 ||
	    (rc = pk_ev_lists_add(st, pk_ev_index_get(x, 'W', l, n))) < 0 ||
	    (rc = pk_ev_lists_add(st, pk_ev_index_get(x, 'A', l, n))) < 0 ||
	    (e->label_abbr && (rc = pk_ev_lists_add(st, pk_ev_index_get(x, 'L', e->label_abbr,
		strlen(e->label_abbr)))) < 0) ||
	    (rc = pk_ev_squash(st, l)) < 0 ||
	    (rc = pk_ev_lists_add(st, pk_ev_index_get(x, 'S', st->scratch.ptr, st->scratch.len))) < 0)
		return rc;
	/* an event named by one of e's endings (shortened) */
	for (i = 0; i < n; i++)
		if (l[i] == ' ' && (rc = pk_ev_lists_add(st, pk_ev_index_get(x, 'L', l + i + 1,
			n - i - 1))) < 0)
			return rc;
	/* every word of e within its name: the events with e's rarest word;
	 * its words within e's name: the events whose first word e has */
	for (; (w = pk_ev_next_word(&p)) > 0; p += w) {
		const pk_ev_entry *we = pk_ev_index_get(x, 'w', p, w);

		if (!we)
			all = 0;
		else if (!rare || we->n < rare->n)
			rare = we;
		if ((rc = pk_ev_lists_add(st, pk_ev_index_get(x, 'F', p, w))) < 0)
			return rc;
	}
	return all ? pk_ev_lists_add(st, rare) : 0;
}

/* x, an event of the article, is named more fully by e, a class word
 * alone before. */
static int pk_ev_event_renames(const pk_event *x, const pk_event *e)
{
	return !x->named && e->named && pk_ev_shortened(e->label, x->label) &&
		(!e->cls || !x->cls || strcmp(e->cls, x->cls) == 0);
}

/* e is event id read again (renaming it, or by the same name). */
static int pk_ev_event_joins(const pk_ev_state *st, long id, const void *arg)
{
	const pk_event *x = &st->ev[id], *e = arg;

	return pk_ev_event_renames(x, e) ||
		(!pk_ev_other_year(&e->start, &x->start) && pk_ev_same_name(x, e) &&
		 (!e->cls || !x->cls || strcmp(e->cls, x->cls) == 0));
}

int pk_ev_add_event(pk_ev_state *st, const pk_fact *f)
{
	pk_event e;
	long i, j;
	int rc;

	memset(&e, 0, sizeof e);
	if ((rc = pk_ev_event_read(st, &e, f)) < 0)
		goto fail;
	if (!e.label) {
		pk_ev_event_clear(&e);
		return 0;
	}
	if ((rc = pk_ev_event_candidates(st, &e)) < 0)
		goto fail;
	if ((i = pk_ev_lists_search(st, 0, pk_ev_event_joins, &e)) >= 0) {
		/* a class word alone named it before (a ceremony ... the signing
		 * ceremony): the fuller name is the event's */
		if (pk_ev_event_renames(&st->ev[i], &e)) {
			char *t = st->ev[i].label;

			st->ev[i].label = e.label;
			e.label = t;
			st->ev[i].named = 1;
			rc = pk_ev_event_merge(&st->ev[i], &e);
			pk_ev_event_clear(&e);
			return rc < 0 ? rc : pk_ev_event_file(st, i);
		}
		rc = pk_ev_event_merge(&st->ev[i], &e);
		pk_ev_event_clear(&e);
		return rc;
	}
	/* 이번 회의는 ... : the latest event of the class, unnamed here */
	/* 이번 회의는 …, but not a meeting of two named persons (…과 면담을 갖고),
	 * which is a meeting of its own */
	if (!e.named && e.npersons == 0 && (j = pk_ev_latest_event(st, e.cls, -1)) >= 0 &&
	    !(e.cls && strcmp(e.cls, "Visit") == 0)) {
		rc = pk_ev_event_merge(&st->ev[j], &e);
		pk_ev_event_clear(&e);
		return rc;
	}
	/* an English class word alone with no date and nothing to join
	 * (talks, forum) says too little to be an event of its own */
	if (!e.named && e.start.kind == PK_DATE_NONE && e.label && !pk_utf8_has_hangul(e.label) &&
	    pk_ruleset_lex(st->b->rs, PK_LEX_EVENT_CLASS, e.label, strlen(e.label))) {
		pk_ev_event_clear(&e);
		return 0;
	}
	if ((rc = pk_ev_event_append(st, &e)) < 0)
		goto fail;
	return pk_ev_event_file(st, (long)st->nev - 1);
fail:
	pk_ev_event_clear(&e);
	return rc;
}
