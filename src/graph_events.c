/*
 * graph_events.c - the graph stage for what happens: events (meetings,
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
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "graph_int.h"
#include "schema.h"
#include "vocab.h"

#define PK_EV_MAX 16     /* actors or persons per role */

typedef struct pk_actorset {
	const pk_entity *e[PK_EV_MAX];
	size_t n;
} pk_actorset;

typedef struct pk_dated {
	const pk_fact *f;
	pk_date start;
	pk_date end;
	int same_day;   /* 이날: it dates only what follows it closely */
} pk_dated;

typedef struct pk_event {
	const char *cls;        /* lexicon value, NULL: pkg:Event only */
	char *label;
	char *label_en;
	char *label_abbr;       /* 인공지능(AI) 서울 정상회의 as AI 서울 정상회의, or NULL */
	int named;              /* the text gave a name */
	pk_date start;
	pk_date end;
	char *location;
	pk_actorset organizers;
	pk_actorset participants;
	char *persons[PK_EV_MAX];
	size_t npersons;
	char *chair;
	const pk_fact **facts;  /* the evidence, all of it: max_mentions applies on writing */
	size_t nfacts;
	long partof;
	char *iri;
} pk_event;

typedef struct pk_agreement {
	const char *kind;
	char *label;
	char *label_en;
	int named;
	int refers;             /* "이번 양해각서": the article's agreement of that kind */
	const pk_entity *partner; /* named alone, the signer implied (…와는 맺었다) */
	pk_actorset parties;
	const char *status;
	pk_date signed_on;
	int valid_years;
	char *partof_name;
	const pk_fact **facts;  /* the evidence, all of it: max_mentions applies on writing */
	size_t nfacts;
	long event;
	long partof;
	char *iri;
} pk_agreement;

typedef struct pk_ev_state {
	pk_builder *b;
	const pk_docview *dv;
	const char *d;
	pk_ymd doc;
	pk_date ctx;            /* the last full date that named its month */
	pk_dated *dates;
	size_t ndates;
	pk_event *ev;
	size_t nev;
	pk_agreement *ag;
	size_t nag;
} pk_ev_state;

static int pk_ev_after_this(const pk_ev_state *st, const pk_fact *f, size_t pos);

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

static void pk_ev_actor_add(pk_actorset *s, const pk_entity *e)
{
	size_t i;

	if (!e || e->cls == PK_CLASS_PLACE)
		return;
	for (i = 0; i < s->n; i++)
		if (s->e[i] == e)
			return;
	if (s->n < PK_EV_MAX)
		s->e[s->n++] = e;
}

static const char *pk_ev_lex(const pk_ev_state *st, const char *lexicon, const pk_slot *s)
{
	if (!s)
		return NULL;
	return pk_ruleset_lexicon(st->b->rs, lexicon, st->dv->nt->text + s->start, s->end - s->start);
}

static int pk_ev_int(const pk_ev_state *st, const pk_slot *s)
{
	const char *p;
	int v = 0;

	if (!s)
		return 0;
	for (p = st->dv->nt->text + s->start; p < st->dv->nt->text + s->end; p++) {
		if (*p < '0' || *p > '9' || v > 100000)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

static int pk_ev_is_latin_name(const char *s, size_t n)
{
	size_t i, letters = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80)
			return 0;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
			letters++;
	}
	return letters >= 4 && memchr(s, ' ', n) != NULL;
}

/* A name as people write it: without the quotes around it and without
 * bracketed asides (다우닝가(街) 합의(Downing Street Accord) -> 다우닝가 합의);
 * an English name in brackets goes to *en. */
static int pk_ev_clean(char **ko, char **en, const char *s, size_t n);

/* The name with each word that has its abbreviation in brackets written as
 * that abbreviation (인공지능(AI) 서울 정상회의 -> AI 서울 정상회의), or NULL
 * when it has none. */
static int pk_ev_abbr_label(char **out, const char *s, size_t n)
{
	pk_buf b = PK_BUF_INIT;
	size_t i = 0, word = 0;
	int any = 0, rc;
	char *en = NULL;

	*out = NULL;
	while (i < n) {
		if (s[i] == '(') {
			size_t k = i + 1;

			while (k < n && ((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= 'a' && s[k] <= 'z') || s[k] == '&'))
				k++;
			if (k < n && s[k] == ')' && k > i + 1 && i > word) {
				/* drop the word before, keep the abbreviation */
				b.len -= i - word;
				if (pk_buf_put(&b, s + i + 1, k - i - 1) < 0)
					goto nomem;
				i = k + 1;
				any = 1;
				continue;
			}
		}
		if (s[i] == ' ')
			word = i + 1;
		if (pk_buf_putc(&b, s[i]) < 0)
			goto nomem;
		i++;
	}
	if (any && b.len) {
		rc = pk_ev_clean(out, &en, b.ptr, b.len);
		free(en);
		pk_buf_free(&b);
		return rc;
	}
	pk_buf_free(&b);
	return 0;
nomem:
	pk_buf_free(&b);
	return PK_ENOMEM;
}

static int pk_ev_clean(char **ko, char **en, const char *s, size_t n)
{
	pk_buf out = PK_BUF_INIT;
	size_t i = 0, depth = 0, open = 0;
	int space = 0;

	*ko = NULL;
	if (en)
		*en = NULL;
	while (n && strchr(" '\"", s[0]))
		s++, n--;
	while (n && strchr(" '\"", s[n - 1]))
		n--;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '(') {
			if (depth++ == 0)
				open = i;
			continue;
		}
		if (c == ')' && depth) {
			if (--depth == 0 && en && !*en && pk_ev_is_latin_name(s + open + 1, i - open - 1))
				*en = pk_strndup(s + open + 1, i - open - 1);
			continue;
		}
		if (depth)
			continue;
		if (c == ' ') {
			space = 1;
			continue;
		}
		if (space && out.len && pk_buf_putc(&out, ' ') < 0)
			goto nomem;
		space = 0;
		if (pk_buf_putc(&out, c) < 0)
			goto nomem;
	}
	/* 「X」 alone: the brackets only quote */
	if (out.len >= 6 && strncmp(out.ptr, "「", 3) == 0 &&
	    strcmp(out.ptr + out.len - 3, "」") == 0 && !strstr(out.ptr + 3, "「")) {
		memmove(out.ptr, out.ptr + 3, out.len - 3);
		out.len -= 6;
		out.ptr[out.len] = '\0';
	}
	if (out.len == 0) {
		pk_buf_free(&out);
		return 0;
	}
	*ko = pk_buf_detach(&out);
	return 0;
nomem:
	pk_buf_free(&out);
	return PK_ENOMEM;
}

/* The first w at or after byte from that starts inside sentence sp (it
 * may run past its end).  Bounded by the sentence: strstr would read on to
 * the end of the text each time it finds nothing. */
static const char *pk_ev_find(const pk_ev_state *st, const pk_span *sp, size_t from,
	const char *w)
{
	size_t n = strlen(w), to = sp->end + n - 1;

	if (to > st->dv->nt->len)
		to = st->dv->nt->len;
	if (from >= sp->end || to <= from)
		return NULL;
	return pk_mem_find(st->dv->nt->text + from, to - from, w, n);
}

static char *pk_ev_slot_text(const pk_ev_state *st, const pk_slot *s)
{
	return s ? pk_strndup(st->dv->nt->text + s->start, s->end - s->start) : NULL;
}

/* The event class a name ends with (AI 글로벌 포럼 -> Forum). */
static const char *pk_ev_class_of_name(const pk_ev_state *st, const char *name)
{
	size_t n = strlen(name), i;

	for (i = 0; i < n; i++) {
		const char *v;

		if (((unsigned char)name[i] & 0xC0) == 0x80)
			continue;
		v = pk_ruleset_lexicon(st->b->rs, "event-class", name + i, n - i);
		if (v)
			return v;
	}
	return NULL;
}

/* ---- dates ----------------------------------------------------------- */

static int pk_ev_resolve(pk_ev_state *st, const pk_fact *f, pk_dated *out)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;
	const char *rel = pk_ev_lex(st, "date-relative", pk_fact_slot(f, "rel"));
	const char *wd = pk_ev_lex(st, "weekday", pk_fact_slot(f, "wd"));
	const char *wd2 = pk_ev_lex(st, "weekday", pk_fact_slot(f, "wd2"));
	int rc;

	p.y = pk_ev_int(st, pk_fact_slot(f, "y"));
	/* '22년: a two-digit year is the latest one not after next year */
	if (p.y > 0 && p.y < 100) {
		int top = st->doc.y ? st->doc.y + 1 : st->b->ref.y + 1;

		p.y += top / 100 * 100;
		if (p.y > top)
			p.y -= 100;
	}
	p.m = pk_ev_int(st, pk_fact_slot(f, "m"));
	if (!p.m && pk_fact_slot(f, "mname")) {
		const char *m = pk_ev_lex(st, "month", pk_fact_slot(f, "mname"));

		p.m = m ? atoi(m) : 0;
	}
	p.d = pk_ev_int(st, pk_fact_slot(f, "d"));
	p.y2 = pk_ev_int(st, pk_fact_slot(f, "y2"));
	p.m2 = pk_ev_int(st, pk_fact_slot(f, "m2"));
	p.d2 = pk_ev_int(st, pk_fact_slot(f, "d2"));
	/* "0일" is written, but it is no day */
	if ((pk_fact_slot(f, "m") && p.m == 0) || (pk_fact_slot(f, "d") && p.d == 0))
		p.d = -1;
	/* 이날, 당일: the day the story last named in full, else its own */
	if (rel && strcmp(rel, "same-day") == 0) {
		size_t i;

		memset(out, 0, sizeof *out);
		out->f = f;
		out->same_day = 1;
		/* out is the last of st->dates; those before it are resolved */
		for (i = 0; st->dates + i != out && i < st->ndates; i++)
			if (st->dates[i].start.kind == PK_DATE_FULL && st->dates[i].f->start < f->start)
				out->start = st->dates[i].end.kind == PK_DATE_FULL ? st->dates[i].end :
					st->dates[i].start;
		if (out->start.kind == PK_DATE_NONE && st->doc.y && st->doc.m && st->doc.d) {
			out->start.kind = PK_DATE_FULL;
			out->start.v = st->doc;
		}
		if (st->b->on_date)
			st->b->on_date(st->b->on_date_ud, f, &out->start, &out->end, PK_RESOLVE_OK);
		return 0;
	}
	if (rel) {
		const char *unit;

		/* the same reading rules check gave the lexicon (schema.c) */
		if (pk_schema_relative(rel, &unit, &p.rel, &p.direction) && unit)
			p.rel_unit = strcmp(unit, "year") == 0 ? PK_REL_YEAR :
				strcmp(unit, "month") == 0 ? PK_REL_MONTH :
				strcmp(unit, "week") == 0 ? PK_REL_WEEK : PK_REL_DAY;
	}
	p.weekday = wd ? atoi(wd) : 0;
	p.weekday2 = wd2 ? atoi(wd2) : 0;
	/* "22일" after "5월 21일과 22일": news keeps the month it last named */
	if (p.d > 0 && !p.m && !p.y && !rel && st->ctx.kind == PK_DATE_FULL) {
		p.y = st->ctx.v.y;
		p.m = st->ctx.v.m;
	}
	memset(out, 0, sizeof *out);
	out->f = f;
	rc = pk_resolve_date(&out->start, &out->end, &p, &st->doc, &st->b->ref);
	if (rc == PK_RESOLVE_OK && (pk_fact_slot(f, "m") || pk_fact_slot(f, "mname")) &&
	    out->start.kind == PK_DATE_FULL)
		st->ctx = out->end.kind == PK_DATE_FULL ? out->end : out->start;
	if (st->b->on_date)
		st->b->on_date(st->b->on_date_ud, f, &out->start, &out->end, rc);
	if (rc != PK_RESOLVE_OK)
		pk_diag_emit(st->b->diag, PK_SEV_WARNING, "%s: '%.*s': %s; no date is written",
			st->dv->doc->name, (int)(f->end - f->start), st->dv->nt->text + f->start,
			rc == PK_RESOLVE_WEEKDAY ? "the weekday does not fall on that date" :
			"there is no such date");
	return 0;
}

/* The date d is that of the sentence's closing announcement: the word
 * after it is a form of lexicon announcement (…체결했다고 28일 밝혔다). */
static int pk_ev_date_announces(const pk_ev_state *st, const pk_dated *d)
{
	const char *text = st->dv->nt->text;
	size_t end = st->dv->sents[d->f->sentence].end, p = d->f->end, q;

	while (p < end && text[p] == ' ')
		p++;
	for (q = p; q < end && text[q] != ' ' && text[q] != '.' && text[q] != ','; q++)
		;
	return q > p && pk_ruleset_lexicon(st->b->rs, "announcement", text + p, q - p) != NULL;
}

/* English puts the date after what it dates ("co-hosted the AI Seoul
 * Summit in May 2024"): a sentence without Hangul reads it there. */
static int pk_ev_sentence_korean(const pk_ev_state *st, size_t sentence)
{
	const pk_span *sp = &st->dv->sents[sentence];

	return pk_utf8_has_hangul_n(st->dv->nt->text + sp->start, sp->end - sp->start);
}

/* The date of fact f: one inside its match, else the last one before it
 * in its sentence, else the day of the announcement that closes the
 * sentence (news reports a signing or a meeting as "...했다고 N일
 * 밝혔다": the day it was announced is the day it happened, as far as the
 * text says), or in English the first one after it. */
static const pk_dated *pk_ev_date_for(const pk_ev_state *st, const pk_fact *f)
{
	const pk_dated *before = NULL, *after = NULL;
	size_t i;

	for (i = 0; i < st->ndates; i++) {
		const pk_dated *d = &st->dates[i];

		if (d->f->sentence != f->sentence || d->start.kind == PK_DATE_NONE)
			continue;
		if (d->f->start >= f->start && d->f->end <= f->end)
			return d;
		/* 이날 착수식에서는 … 열흘 앞으로 다가온 「AI 서울 정상회의」: 이날 is
		 * the ceremony's day, not that of everything after it */
		if (d->f->end <= f->start && (!d->same_day || f->start - d->f->end <= 90)) {
			/* 지난 5월 올해 수교 60주년을 기념해 개최된 정상회담: a year
			 * alone after a month or a day is some other thing's */
			if (!before || d->start.kind != PK_DATE_YEAR || before->start.kind == PK_DATE_YEAR)
				before = d;
		}
		else if (!after && d->f->start >= f->end &&
			 (pk_ev_date_announces(st, d) ||
			  /* English puts the date after the verb's object, not
			   * clauses away (…, under which … beginning in 2023) */
			  (!pk_ev_sentence_korean(st, f->sentence) && d->f->start - f->end <= 120)))
			after = d;
	}
	return before ? before : after;
}

/* "이날 협약식에는 ...": the day is the last one the article named. */
static const pk_dated *pk_ev_date_same_day(const pk_ev_state *st, const pk_fact *f,
	const char *cls)
{
	static const char *const words[] = { "이날", "같은 날", "당일", "that day" };
	const pk_span *sent = &st->dv->sents[f->sentence];
	const pk_dated *last = NULL;
	size_t i;
	int said = 0;

	/* an unnamed signing ceremony (협약식에는 ...) is the signing's day */
	said = cls && strcmp(cls, "Ceremony") == 0;
	for (i = 0; i < PK_ARRAY_LEN(words) && !said; i++)
		said = pk_ev_find(st, sent, sent->start, words[i]) != NULL;
	if (!said)
		return NULL;
	/* a day, even one an undated article leaves without its month (28일
	 * -> ---28); never a month or a year alone */
	for (i = 0; i < st->ndates; i++) {
		pk_date_kind k = st->dates[i].start.kind;

		if (st->dates[i].f->end <= f->start &&
		    (k == PK_DATE_FULL || k == PK_DATE_MONTH_DAY || k == PK_DATE_DAY))
			last = &st->dates[i];
	}
	return last;
}

static int pk_ev_date_literal(pk_graph *g, const char *s, const char *p, const pk_date *d)
{
	char lex[16], dt[64];
	const char *type = pk_date_format(d, lex, sizeof lex);

	if (!type)
		return 0;
	snprintf(dt, sizeof dt, PK_NS_XSD "%s", type);
	return pk_graph_add_literal(g, s, p, lex, NULL, dt);
}

/* ---- events -------------------------------------------------------- */

static int pk_ev_facts_add(const pk_fact ***v, size_t *n, const pk_fact *const *add, size_t nadd)
{
	const pk_fact **p;

	if (!nadd)
		return 0;
	p = realloc(*v, (*n + nadd) * sizeof *p);
	if (!p)
		return PK_ENOMEM;
	memcpy(p + *n, add, nadd * sizeof *p);
	*v = p;
	*n += nadd;
	return 0;
}

static void pk_ev_event_clear(pk_event *e)
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

static void pk_ev_coref(const pk_ev_state *st, const char *want, size_t pos, pk_actorset *out);

/* The coreference word (lexicon coreference: 양측, 양 부처, the two
 * sides) that opens a participant's text, as its value, or NULL: 양측
 * 장관 is the two actors' ministers, not a person's name. */
static const char *pk_ev_coref_opening(const pk_ev_state *st, const char *s, size_t n)
{
	size_t i, words = 0;

	for (i = 1; i <= n && words < 3; i++) {
		if (i == n || s[i] == ' ') {
			const char *v = pk_ruleset_lexicon(st->b->rs, "coreference", s, i);

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
	const char *text = st->dv->nt->text, *best = NULL;
	size_t i, k, n = strlen(name), blen = 0;

	if (!strchr(name, ' '))
		return NULL;
	for (i = 0; i < st->dv->facts->n; i++) {
		const pk_fact *f = &st->dv->facts->v[i];

		if (f->rule->yield != PK_YIELD_POSITION)
			continue;
		for (k = 0; k < f->nslots; k++) {
			const pk_slot *sl = &f->slots[k];
			size_t m = sl->end - sl->start;

			if (strcmp(sl->role, "name") != 0 || m <= n + 1 ||
			    memcmp(text + sl->start, name, n) != 0 || text[sl->start + n] != ' ')
				continue;
			if (best && (blen != m || memcmp(best, text + sl->start, m) != 0))
				return NULL;
			best = text + sl->start;
			blen = m;
		}
	}
	*len = blen;
	return best;
}

/* Fill e (zeroed) from fact f. */
static int pk_ev_event_read(pk_ev_state *st, pk_event *e, const pk_fact *f)
{
	const pk_slot *name = pk_fact_slot(f, "name"), *cls = pk_fact_slot(f, "class");
	const pk_dated *date;
	const char *want;
	size_t i;
	int rc;

	e->partof = -1;
	e->cls = pk_ev_lex(st, "event-class", cls);
	if (name) {
		if ((rc = pk_ev_clean(&e->label, &e->label_en, st->dv->nt->text + name->start,
			name->end - name->start)) < 0 ||
		    (rc = pk_ev_abbr_label(&e->label_abbr, st->dv->nt->text + name->start,
			name->end - name->start)) < 0)
			return rc;
		/* a class word alone (면담, 정상회담) names no event: it is the
		 * article's latest one of that class, or a new one if none */
		e->named = e->label != NULL &&
			!pk_ruleset_lexicon(st->b->rs, "event-class", e->label, strlen(e->label));
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

		if (pk_slot_role_is(s->role, "organizer")) {
			for (k = 0; k < s->nents; k++)
				pk_ev_actor_add(&e->organizers, s->ents[k]);
		} else if (pk_slot_role_is(s->role, "participant")) {
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
		} else if (strcmp(s->role, "chair") == 0 && !e->chair) {
			e->chair = pk_ev_slot_text(st, s);
		} else if (strcmp(s->role, "location") == 0 && !e->location) {
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
	return pk_ev_facts_add(&e->facts, &e->nfacts, &f, 1);
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
	return pk_ev_facts_add(&dst->facts, &dst->nfacts, src->facts, src->nfacts);
}

static long pk_ev_latest_event(const pk_ev_state *st, const char *cls, long not)
{
	long i;

	for (i = (long)st->nev - 1; i >= 0; i--)
		if (i != not && st->ev[i].cls && cls && strcmp(st->ev[i].cls, cls) == 0)
			return i;
	return -1;
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
static int pk_ev_squashed_prefix(const char *s, const char *pre)
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

static int pk_ev_add_event(pk_ev_state *st, const pk_fact *f)
{
	pk_event e, *arr;
	long j;
	size_t i;
	int rc;

	memset(&e, 0, sizeof e);
	if ((rc = pk_ev_event_read(st, &e, f)) < 0)
		goto fail;
	if (!e.label) {
		pk_ev_event_clear(&e);
		return 0;
	}
	for (i = 0; i < st->nev; i++) {
		/* a class word alone named it before (a ceremony ... the signing
		 * ceremony): the fuller name is the event's */
		if (!st->ev[i].named && e.named && pk_ev_shortened(e.label, st->ev[i].label) &&
		    (!e.cls || !st->ev[i].cls || strcmp(e.cls, st->ev[i].cls) == 0)) {
			char *t = st->ev[i].label;

			st->ev[i].label = e.label;
			e.label = t;
			st->ev[i].named = 1;
			rc = pk_ev_event_merge(&st->ev[i], &e);
			pk_ev_event_clear(&e);
			return rc;
		}
		if (!pk_ev_other_year(&e.start, &st->ev[i].start) && pk_ev_same_name(&st->ev[i], &e) &&
		    (!e.cls || !st->ev[i].cls || strcmp(e.cls, st->ev[i].cls) == 0)) {
			rc = pk_ev_event_merge(&st->ev[i], &e);
			pk_ev_event_clear(&e);
			return rc;
		}
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
	    pk_ruleset_lexicon(st->b->rs, "event-class", e.label, strlen(e.label))) {
		pk_ev_event_clear(&e);
		return 0;
	}
	arr = realloc(st->ev, (st->nev + 1) * sizeof *arr);
	if (!arr) {
		rc = PK_ENOMEM;
		goto fail;
	}
	st->ev = arr;
	st->ev[st->nev++] = e;
	return 0;
fail:
	pk_ev_event_clear(&e);
	return rc;
}

/* ---- agreements ---------------------------------------------------- */

static void pk_ev_agreement_clear(pk_agreement *a)
{
	free(a->label);
	free(a->label_en);
	free(a->partof_name);
	free(a->iri);
	free(a->facts);
}

/* The two actors of class want ("gov", "country", "actor") named last
 * before byte offset pos. */
static void pk_ev_coref(const pk_ev_state *st, const char *want, size_t pos, pk_actorset *out)
{
	pk_actorset found;
	size_t i;

	memset(&found, 0, sizeof found);
	for (i = st->dv->nmatches; i-- > 0 && found.n < 2;) {
		const pk_entity *e = st->dv->matches[i].ent;

		if (st->dv->matches[i].start >= pos || e->cls == PK_CLASS_PLACE)
			continue;
		if ((strcmp(want, "gov") == 0 && e->cls != PK_CLASS_GOV) ||
		    (strcmp(want, "country") == 0 && e->cls != PK_CLASS_COUNTRY))
			continue;
		pk_ev_actor_add(&found, e);
	}
	for (i = 0; i < found.n; i++)
		pk_ev_actor_add(out, found.e[i]);
}

/* f names a partner and nothing else of the parties. */
static int pk_ev_only_partner(const pk_fact *f)
{
	size_t i;
	int partner = 0;

	for (i = 0; i < f->nslots; i++) {
		const char *r = f->slots[i].role;

		if (pk_slot_role_is(r, "party") || pk_slot_role_is(r, "pair") || strcmp(r, "coref") == 0)
			return 0;
		if (pk_slot_role_is(r, "partner") && f->slots[i].nents)
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
static void pk_ev_topic_actor(const pk_ev_state *st, size_t sentence, size_t pos,
	pk_actorset *out)
{
	const pk_ruleset *rs = st->b->rs;
	const pk_span *sp = &st->dv->sents[sentence];
	size_t i, k;

	/* English has no topic particle: the subject opens the sentence */
	if (!pk_ev_sentence_korean(st, sentence)) {
		for (i = 0; i < st->dv->nmatches; i++) {
			const pk_gaz_match *m = &st->dv->matches[i];

			if (m->start < sp->start || m->start >= pos || m->ent->cls == PK_CLASS_PLACE)
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
	for (i = st->dv->nmatches; i-- > 0;) {
		const pk_gaz_match *m = &st->dv->matches[i];

		if (m->start >= pos || m->particle < 0 || m->ent->cls == PK_CLASS_PLACE ||
		    strcmp(rs->particles[m->particle].name, "topic") != 0)
			continue;
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
static int pk_ev_sentence_subject(const pk_ev_state *st, const pk_fact *f, pk_actorset *out)
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
static const pk_dated *pk_ev_last_date_of(const pk_ev_state *st, size_t s)
{
	const pk_dated *last = NULL;
	size_t i;

	for (i = 0; i < st->ndates; i++)
		if (st->dates[i].f->sentence == s && st->dates[i].start.kind != PK_DATE_NONE)
			last = &st->dates[i];
	return last;
}

static void pk_ev_subject_of(const pk_ev_state *st, size_t sentence, size_t before,
	pk_actorset *out)
{
	const pk_ruleset *rs = st->b->rs;
	const pk_span *sp = &st->dv->sents[sentence];
	const char *text = st->dv->nt->text;
	size_t i, p;

	for (i = 0; i < st->dv->nmatches; i++) {
		const pk_gaz_match *m = &st->dv->matches[i];

		if (m->start < sp->start || m->start >= before)
			continue;
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
			if ((want = pk_ruleset_lexicon(rs, "coreference", text + p, q - p)) != NULL) {
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
			w = pk_ruleset_lexicon(st->b->rs, "agreement-status", text + i, k - i);
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
static const char *pk_ev_status(const pk_ev_state *st, const pk_fact *f)
{
	const pk_slot *s = pk_fact_slot(f, "status");
	const pk_span *sent = &st->dv->sents[f->sentence];
	const char *text = st->dv->nt->text, *v;
	size_t i, end, cps = 0;

	if (!s)
		return pk_ev_status_of_sentence(st, f);
	v = pk_ruleset_lexicon(st->b->rs, "agreement-status", text + s->start, s->end - s->start);
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
			w = pk_ruleset_lexicon(st->b->rs, "agreement-status", text + i, k - i);
			if (w && strcmp(w, "Planned") == 0 && k - i >= 6)
				return w;
		}
	}
	return v;
}

static int pk_ev_agreement_read(pk_ev_state *st, pk_agreement *a, const pk_fact *f)
{
	const pk_slot *kind = pk_fact_slot(f, "kind"), *name = pk_fact_slot(f, "name");
	const pk_dated *date;
	size_t i, k;
	int rc, from_before = 0;

	a->event = a->partof = -1;
	a->kind = pk_ev_lex(st, "agreement-kind", kind);
	if (!a->kind)
		return 0;
	if (name) {
		if ((rc = pk_ev_clean(&a->label, &a->label_en, st->dv->nt->text + name->start,
			name->end - name->start)) < 0)
			return rc;
		/* a kind word alone (MOU, 양해각서) names no agreement */
		a->named = a->label != NULL &&
			!pk_ruleset_lexicon(st->b->rs, "agreement-kind", a->label, strlen(a->label));
	}
	if (!a->label && (rc = pk_ev_clean(&a->label, NULL, st->dv->nt->text + kind->start,
		kind->end - kind->start)) < 0)
		return rc;
	a->refers = !a->named && pk_ev_after_this(st, f, kind->start);
	for (i = 0; i < f->nslots; i++) {
		const pk_slot *s = &f->slots[i];

		if (pk_slot_role_is(s->role, "party") || pk_slot_role_is(s->role, "partner") ||
		    pk_slot_role_is(s->role, "pair")) {
			for (k = 0; k < s->nents; k++)
				pk_ev_actor_add(&a->parties, s->ents[k]);
		} else if (strcmp(s->role, "coref") == 0) {
			const char *want = pk_ev_lex(st, "coreference", s);

			if (want)
				pk_ev_coref(st, want, f->start, &a->parties);
		} else if (strcmp(s->role, "partof") == 0 && !a->partof_name) {
			if ((rc = pk_ev_clean(&a->partof_name, NULL, st->dv->nt->text + s->start,
				s->end - s->start)) < 0)
				return rc;
		} else if (strcmp(s->role, "valid") == 0) {
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
	return pk_ev_facts_add(&a->facts, &a->nfacts, &f, 1);
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
		if (pk_ruleset_lexicon(st->b->rs, "demonstrative", text + p, pos - 1 - p))
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
	return pk_ev_facts_add(&dst->facts, &dst->nfacts, src->facts, src->nfacts);
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

static int pk_ev_add_agreement(pk_ev_state *st, const pk_fact *f)
{
	pk_agreement a, *arr;
	long i;
	int rc;

	memset(&a, 0, sizeof a);
	if ((rc = pk_ev_agreement_read(st, &a, f)) < 0 || !a.kind) {
		pk_ev_agreement_clear(&a);
		return rc;
	}
	for (i = (long)st->nag - 1; i >= 0; i--) {
		pk_agreement *o = &st->ag[i];

		if (strcmp(o->kind, a.kind) != 0)
			continue;
		/* the parties of a sentence about "이번 양해각서" may be its
		 * beneficiaries (한국과 영국은 이번 양해각서 체결을 통해 ...) */
		if (a.refers) {
			a.parties.n = 0;
			rc = pk_ev_agreement_merge(o, &a);
			pk_ev_agreement_clear(&a);
			return rc;
		}
		/* a partner alone that is, or is of the country of, a party of
		 * the article's agreement of its kind speaks of that one
		 * ('…한국과 양해각서를 체결하게 되어 기쁘다') */
		if (!a.named && ((a.partner && pk_ev_party_of(o, a.partner)) ||
		    pk_ev_parties_within(o, &a))) {
			a.parties.n = 0;
			rc = pk_ev_agreement_merge(o, &a);
			pk_ev_agreement_clear(&a);
			return rc;
		}
		/* ... and the other way round: the headline named the partner
		 * alone, the story names both (미 국토안보부 차관과 … 의향서 체결,
		 * then 과기정통부는 … 국토안보부 과학기술본부와 … 체결했다) */
		if (o->partner && !o->named && pk_ev_party_of(&a, o->partner)) {
			o->parties = a.parties;
			o->partner = NULL;
			if (a.named) {
				char *t = o->label;

				o->label = a.label;
				a.label = t;
				o->named = 1;
			}
			a.parties.n = 0;
			rc = pk_ev_agreement_merge(o, &a);
			pk_ev_agreement_clear(&a);
			return rc;
		}
		/* the countries of a pair (한-영 … 양해각서) are those of the bodies
		 * that sign: one agreement, named by its bodies */
		if (pk_ev_countries_of(o, &a) || pk_ev_countries_of(&a, o)) {
			if (pk_ev_countries_of(o, &a)) {
				o->parties = a.parties;
				o->partner = NULL;
			}
			a.parties.n = 0;
			rc = pk_ev_agreement_merge(o, &a);
			pk_ev_agreement_clear(&a);
			return rc;
		}
		/* a headline shortens the name the story gives in full */
		if (a.named && o->named && strcmp(a.label, o->label) != 0 &&
		    !(pk_ev_same_parties(&a.parties, &o->parties) &&
		      (pk_ev_headline(st, o->facts[0]->sentence) || pk_ev_headline(st, f->sentence)) &&
		      (!a.status || !o->status || strcmp(a.status, o->status) == 0)))
			continue;
		if (a.parties.n && o->parties.n && !pk_ev_same_parties(&a.parties, &o->parties))
			continue;
		rc = pk_ev_agreement_merge(o, &a);
		pk_ev_agreement_clear(&a);
		return rc;
	}
	arr = realloc(st->ag, (st->nag + 1) * sizeof *arr);
	if (!arr) {
		pk_ev_agreement_clear(&a);
		return PK_ENOMEM;
	}
	st->ag = arr;
	st->ag[st->nag++] = a;
	return 0;
}

/* Whether a is written: with parties; or named and adopted with none
 * named ('…선언'이 채택됐다), unless the article has an agreement of its
 * kind with parties, which a headline's shortened name usually is. */
static int pk_ev_agreement_kept(const pk_ev_state *st, const pk_agreement *a)
{
	size_t i;

	if (a->parties.n)
		return 1;
	if (!a->named)
		return 0;
	for (i = 0; i < st->nag; i++)
		if (st->ag[i].parties.n && strcmp(st->ag[i].kind, a->kind) == 0)
			return 0;
	return 1;
}

/* The event an agreement's sentence names: one read in the same
 * sentence, or "이번 <class word>" for the latest event of that class. */
static long pk_ev_concluded_at(const pk_ev_state *st, const pk_fact *f)
{
	const pk_span *sent = &st->dv->sents[f->sentence];
	const char *text = st->dv->nt->text, *p;
	size_t i, k;

	for (i = 0; i < st->nev; i++)
		for (k = 0; k < st->ev[i].nfacts; k++)
			if (st->ev[i].facts[k]->sentence == f->sentence)
				return (long)i;
	for (p = text + sent->start; (p = pk_ev_find(st, sent, (size_t)(p - text), "이번 ")); p++) {
		const char *w = p + strlen("이번 ");
		size_t n;

		for (n = (size_t)(text + sent->end - w); n > 0; n--) {
			const char *cls;

			if (((unsigned char)w[n] & 0xC0) == 0x80 && n < (size_t)(text + sent->end - w))
				continue;
			cls = pk_ruleset_lexicon(st->b->rs, "event-class", w, n);
			if (cls)
				return pk_ev_latest_event(st, cls, -1);
		}
	}
	return -1;
}

/* ---- writing --------------------------------------------------------- */

static int pk_ev_sorted_ids(pk_buf *b, const pk_actorset *s)
{
	const char *ids[PK_EV_MAX];
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		const char *id = s->e[i]->id;

		for (j = i; j > 0 && strcmp(ids[j - 1], id) > 0; j--)
			ids[j] = ids[j - 1];
		ids[j] = id;
	}
	for (i = 0; i < s->n; i++)
		if (pk_buf_printf(b, " %s", ids[i]) < 0)
			return PK_ENOMEM;
	return 0;
}

static int pk_ev_entity_link(pk_builder *b, const char *s, const char *p, const pk_entity *e)
{
	char *o = pk_graph_entity_iri(e->id);
	int rc;

	if (!o)
		return PK_ENOMEM;
	rc = pk_graph_describe(b, e, 0);
	if (rc == 0)
		rc = pk_graph_add_iri(b->g, s, p, o);
	free(o);
	return rc;
}

static int pk_ev_person_link(pk_ev_state *st, const char *s, const char *p, const char *name)
{
	char *iri = NULL;
	int rc;

	if ((rc = pk_graph_iri(&iri, st->b, "person", name, strlen(name))) < 0)
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

		if ((rc = pk_graph_evidence_room(st->b, st->dv, s)) <= 0) {
			if (rc < 0)
				return rc;
			break;
		}
		if ((rc = pk_graph_mention(&m, st->b, st->dv, st->d, facts[i])) < 0)
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
			rc = pk_graph_iri(&place, st->b, "place", label, strlen(label));
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

/* Links between the resources of the article, then their IRIs. */
static int pk_ev_link(pk_ev_state *st)
{
	const pk_lexicon *partlex = NULL;
	size_t i, j, k;
	pk_buf key = PK_BUF_INIT;
	char lex[16];
	int rc = 0;

	for (i = 0; i < st->b->rs->nlexicons; i++)
		if (strcmp(st->b->rs->lexicons[i].name, "event-part-of") == 0)
			partlex = &st->b->rs->lexicons[i];
	for (i = 0; partlex && i < st->nev; i++)
		for (j = 0; j < partlex->nentries && st->ev[i].partof < 0; j++)
			for (k = 0; k < partlex->entries[j].nforms; k++)
				if (strstr(st->ev[i].label, partlex->entries[j].forms[k])) {
					st->ev[i].partof = pk_ev_latest_event(st, partlex->entries[j].value, (long)i);
					break;
				}
	for (i = 0; i < st->nag; i++) {
		pk_agreement *a = &st->ag[i];

		/* only a sentence that says it was signed says where */
		for (k = 0; k < a->nfacts && a->event < 0; k++)
			if (pk_fact_slot(a->facts[k], "status"))
				a->event = pk_ev_concluded_at(st, a->facts[k]);
		/* a document named after the meeting that adopted it */
		for (j = 0; a->named && j < st->nev && a->event < 0; j++)
			if (st->ev[j].named && pk_ev_squashed_prefix(a->label, st->ev[j].label))
				a->event = (long)j;
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
		    (rc = pk_graph_iri(&st->ev[i].iri, st->b, "event", key.ptr, key.len)) < 0) {
			rc = rc ? rc : PK_ENOMEM;
			goto out;
		}
	}
	for (i = 0; i < st->nag; i++) {
		pk_buf_clear(&key);
		if (pk_buf_printf(&key, "%s %s", st->ag[i].label, st->ag[i].kind) < 0 ||
		    pk_ev_sorted_ids(&key, &st->ag[i].parties) < 0 ||
		    (rc = pk_graph_iri(&st->ag[i].iri, st->b, "agreement", key.ptr, key.len)) < 0) {
			rc = rc ? rc : PK_ENOMEM;
			goto out;
		}
	}
out:
	pk_buf_free(&key);
	return rc;
}

int pk_graph_events(pk_builder *b, const pk_docview *dv, const char *d)
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
	st.dates = calloc(dv->facts->n + 1, sizeof *st.dates);
	if (!st.dates)
		return PK_ENOMEM;
	for (i = 0; i < dv->facts->n; i++)
		if (dv->facts->v[i].rule->yield == PK_YIELD_DATE)
			pk_ev_resolve(&st, &dv->facts->v[i], &st.dates[st.ndates++]);
	for (i = 0; i < dv->facts->n && rc == 0; i++)
		if (dv->facts->v[i].rule->yield == PK_YIELD_EVENT)
			rc = pk_ev_add_event(&st, &dv->facts->v[i]);
	for (i = 0; i < dv->facts->n && rc == 0; i++)
		if (dv->facts->v[i].rule->yield == PK_YIELD_AGREEMENT)
			rc = pk_ev_add_agreement(&st, &dv->facts->v[i]);
	if (rc == 0)
		rc = pk_ev_link(&st);
	for (i = 0; i < st.nev && rc == 0; i++)
		rc = pk_ev_write_event(&st, &st.ev[i]);
	for (i = 0; i < st.nag && rc == 0; i++)
		if (pk_ev_agreement_kept(&st, &st.ag[i]))
			rc = pk_ev_write_agreement(&st, &st.ag[i]);
	for (i = 0; i < st.nev; i++)
		pk_ev_event_clear(&st.ev[i]);
	for (i = 0; i < st.nag; i++)
		pk_ev_agreement_clear(&st.ag[i]);
	free(st.ev);
	free(st.ag);
	free(st.dates);
	return rc;
}
