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
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pipeline/build_events.h"
#include "pipeline/build_int.h"
#include "pipeline/schema.h"
#include "rdf/onto.h"
#include "rdf/vocab.h"

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
	size_t facts_cap;
	long partof;
	long prev_of_class;     /* the event of its class before it, or -1 */
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
	size_t facts_cap;
	long event;
	long partof;
	char *iri;
} pk_agreement;

/* Keys to the ids (of events, of agreements) filed under them, sorted.
 * A key is a kind byte (what the bytes are: a name, a word of it, ...)
 * and bytes.  Open addressing, cap a power of 2, at most half full.
 * Nothing is ever taken out: a key that no longer fits its id only gives
 * one candidate too many, which the caller's own test turns down. */
typedef struct pk_ev_entry {
	char kind;              /* 0: an empty slot */
	char *key;
	size_t len;
	long *ids;
	size_t n;
	size_t cap;
} pk_ev_entry;

typedef struct pk_ev_index {
	pk_ev_entry *v;
	size_t cap;
	size_t used;
} pk_ev_index;

typedef struct pk_ev_text {
	const char *s;
	size_t n;
} pk_ev_text;

typedef struct pk_ev_class {
	const char *cls;
	long last;
} pk_ev_class;

typedef struct pk_ev_state {
	pk_builder *b;
	const pk_docview *dv;
	const char *d;
	pk_ymd doc;
	pk_date ctx;            /* the last full date that named its month */
	pk_dated *dates;        /* in fact order, so in sentence order */
	size_t ndates;
	size_t *date_at;        /* per sentence + 1: its dates are dates[date_at[s]..date_at[s+1]) */
	const pk_dated **day_before; /* per sentence: the last day named before it (…_same_day) */
	size_t sent_first;      /* while resolving: the first date of the sentence */
	const pk_dated *full_before; /* ... the last full date before that sentence */
	const pk_dated *last_full;   /* ... the last full date so far */
	pk_event *ev;
	size_t nev;
	size_t ev_cap;
	pk_ev_class *classes;   /* each class's latest event (a handful of classes) */
	size_t nclasses;
	pk_agreement *ag;
	size_t nag;
	size_t ag_cap;
	pk_ev_index names;      /* the events' names (…_event_file) */
	pk_ev_index pacts;      /* the agreements' keys (…_pact_file) */
	pk_buf key;
	const pk_ev_entry **lists; /* what to search (…_lists_*) */
	size_t nlists;
	size_t lists_cap;
	pk_buf scratch;
	pk_ev_text *pnames;     /* …_person_names */
	size_t npnames;
	size_t pnames_cap;
	long *ev_of_sentence;   /* per sentence: the first event read in it, or -1 (…_link) */
	const char **kinds_with_parties; /* …_agreement_kept */
	size_t nkinds_with_parties;
} pk_ev_state;

static int pk_ev_after_this(const pk_ev_state *st, const pk_fact *f, size_t pos);

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

static const char *pk_ev_lex(const pk_ev_state *st, pk_lex lexicon, const pk_slot *s)
{
	if (!s)
		return NULL;
	return pk_ruleset_lex(st->b->rs, lexicon, st->dv->nt->text + s->start, s->end - s->start);
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
		v = pk_ruleset_lex(st->b->rs, PK_LEX_EVENT_CLASS, name + i, n - i);
		if (v)
			return v;
	}
	return NULL;
}

/* ---- dates ----------------------------------------------------------- */

static int pk_ev_resolve(pk_ev_state *st, const pk_fact *f, pk_dated *out)
{
	pk_date_parts p = PK_DATE_PARTS_INIT;
	const char *rel = pk_ev_lex(st, PK_LEX_DATE_RELATIVE, pk_fact_slot(f, PK_ROLE_REL));
	pk_schema_rel rv;
	const char *wd = pk_ev_lex(st, PK_LEX_WEEKDAY, pk_fact_slot(f, PK_ROLE_WD));
	const char *wd2 = pk_ev_lex(st, PK_LEX_WEEKDAY, pk_fact_slot(f, PK_ROLE_WD2));
	int rc;

	p.y = pk_ev_int(st, pk_fact_slot(f, PK_ROLE_Y));
	/* '22년: a two-digit year is the latest one not after next year */
	if (p.y > 0 && p.y < 100) {
		int top = st->doc.y ? st->doc.y + 1 : st->b->ref.y + 1;

		p.y += top / 100 * 100;
		if (p.y > top)
			p.y -= 100;
	}
	p.m = pk_ev_int(st, pk_fact_slot(f, PK_ROLE_M));
	if (!p.m && pk_fact_slot(f, PK_ROLE_MNAME)) {
		const char *m = pk_ev_lex(st, PK_LEX_MONTH, pk_fact_slot(f, PK_ROLE_MNAME));

		p.m = m ? atoi(m) : 0;
	}
	p.d = pk_ev_int(st, pk_fact_slot(f, PK_ROLE_D));
	p.y2 = pk_ev_int(st, pk_fact_slot(f, PK_ROLE_Y2));
	p.m2 = pk_ev_int(st, pk_fact_slot(f, PK_ROLE_M2));
	p.d2 = pk_ev_int(st, pk_fact_slot(f, PK_ROLE_D2));
	/* "0일" is written, but it is no day */
	if ((pk_fact_slot(f, PK_ROLE_M) && p.m == 0) || (pk_fact_slot(f, PK_ROLE_D) && p.d == 0))
		p.d = -1;
	/* the same reading rules check gave the lexicon (schema.c) */
	if (!rel || !pk_schema_relative(&rv, rel))
		memset(&rv, 0, sizeof rv);
	/* 이날, 당일: the day the story last named in full, else its own */
	if (rv.same_day) {
		const pk_dated *prev;
		size_t i;

		memset(out, 0, sizeof *out);
		out->f = f;
		out->same_day = 1;
		/* the last full date before f among those resolved (all before
		 * out): one of f's sentence, else of the sentences before it */
		prev = st->full_before;
		for (i = (size_t)(out - st->dates); i-- > st->sent_first;)
			if (st->dates[i].start.kind == PK_DATE_FULL && st->dates[i].f->start < f->start) {
				prev = &st->dates[i];
				break;
			}
		if (prev)
			out->start = prev->end.kind == PK_DATE_FULL ? prev->end : prev->start;
		if (out->start.kind == PK_DATE_NONE && st->doc.y && st->doc.m && st->doc.d) {
			out->start.kind = PK_DATE_FULL;
			out->start.v = st->doc;
		}
		if (st->b->on_date)
			st->b->on_date(st->b->on_date_ud, f, &out->start, &out->end, PK_RESOLVE_OK);
		return 0;
	}
	p.rel_unit = rv.unit;
	p.rel = rv.offset;
	p.direction = rv.direction;
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
	if (rc == PK_RESOLVE_OK && (pk_fact_slot(f, PK_ROLE_M) || pk_fact_slot(f, PK_ROLE_MNAME)) &&
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
	return q > p && pk_ruleset_lex(st->b->rs, PK_LEX_ANNOUNCEMENT, text + p, q - p) != NULL;
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

	for (i = st->date_at[f->sentence]; i < st->date_at[f->sentence + 1]; i++) {
		const pk_dated *d = &st->dates[i];

		if (d->start.kind == PK_DATE_NONE)
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

static int pk_ev_is_day(const pk_dated *d)
{
	pk_date_kind k = d->start.kind;

	return k == PK_DATE_FULL || k == PK_DATE_MONTH_DAY || k == PK_DATE_DAY;
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
	 * -> ---28); never a month or a year alone: the last before f, in
	 * its sentence or before (a date of a later sentence ends after f) */
	last = st->day_before[f->sentence];
	for (i = st->date_at[f->sentence]; i < st->date_at[f->sentence + 1]; i++)
		if (st->dates[i].f->end <= f->start && pk_ev_is_day(&st->dates[i]))
			last = &st->dates[i];
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

/* ---- indexes --------------------------------------------------------- */

static size_t pk_ev_index_slot(const pk_ev_index *x, char kind, const char *s, size_t n)
{
	size_t i = (size_t)(pk_hash64(s, n) ^ ((uint64_t)(unsigned char)kind * 0x9E3779B97F4A7C15ULL)) &
		(x->cap - 1);

	while (x->v[i].kind && !(x->v[i].kind == kind && x->v[i].len == n &&
	       memcmp(x->v[i].key, s, n) == 0))
		i = (i + 1) & (x->cap - 1);
	return i;
}

static const pk_ev_entry *pk_ev_index_get(const pk_ev_index *x, char kind, const char *s, size_t n)
{
	size_t i;

	if (!x->cap)
		return NULL;
	i = pk_ev_index_slot(x, kind, s, n);
	return x->v[i].kind ? &x->v[i] : NULL;
}

static int pk_ev_index_grow(pk_ev_index *x)
{
	pk_ev_index y;
	size_t i;

	y.cap = x->cap ? x->cap * 2 : 256;
	y.used = x->used;
	if (!(y.v = calloc(y.cap, sizeof *y.v)))
		return PK_ENOMEM;
	for (i = 0; i < x->cap; i++)
		if (x->v[i].kind)
			y.v[pk_ev_index_slot(&y, x->v[i].kind, x->v[i].key, x->v[i].len)] = x->v[i];
	free(x->v);
	*x = y;
	return 0;
}

/* File id under kind and s[0..n), once; each key's ids stay sorted. */
static int pk_ev_index_put(pk_ev_index *x, char kind, const char *s, size_t n, long id)
{
	pk_ev_entry *e;
	size_t i, k;

	if ((x->used + 1) * 2 > x->cap && pk_ev_index_grow(x) < 0)
		return PK_ENOMEM;
	i = pk_ev_index_slot(x, kind, s, n);
	e = &x->v[i];
	if (!e->kind) {
		if (!(e->key = malloc(n + 1)))
			return PK_ENOMEM;
		memcpy(e->key, s, n);
		e->key[n] = '\0';
		e->len = n;
		e->kind = kind;
		x->used++;
	}
	/* ids come in increasing order but when filed again, mostly under
	 * keys they have already */
	if (!e->n || e->ids[e->n - 1] < id) {
		k = e->n;
	} else {
		size_t lo = 0, hi = e->n;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (e->ids[mid] < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < e->n && e->ids[lo] == id)
			return 0;
		k = lo;
	}
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 4;
		long *ids = realloc(e->ids, cap * sizeof *ids);

		if (!ids)
			return PK_ENOMEM;
		e->ids = ids;
		e->cap = cap;
	}
	memmove(e->ids + k + 1, e->ids + k, (e->n - k) * sizeof *e->ids);
	e->ids[k] = id;
	e->n++;
	return 0;
}

static void pk_ev_index_free(pk_ev_index *x)
{
	size_t i;

	for (i = 0; i < x->cap; i++) {
		free(x->v[i].key);
		free(x->v[i].ids);
	}
	free(x->v);
	memset(x, 0, sizeof *x);
}

/* Add the ids filed under e (NULL: none) to those to search. */
static int pk_ev_lists_add(pk_ev_state *st, const pk_ev_entry *e)
{
	const pk_ev_entry **p;

	if (!e || !e->n)
		return 0;
	if (st->nlists == st->lists_cap) {
		size_t cap = st->lists_cap ? st->lists_cap * 2 : 16;

		if (!(p = realloc(st->lists, cap * sizeof *p)))
			return PK_ENOMEM;
		st->lists = p;
		st->lists_cap = cap;
	}
	st->lists[st->nlists++] = e;
	return 0;
}

typedef int (*pk_ev_test)(const pk_ev_state *st, long id, const void *arg);

/* The least id (greatest, with last) of those to search that passes
 * test, or -1.  Each list is read from its end that counts and only while
 * it could still do better than what is found. */
static long pk_ev_lists_search(const pk_ev_state *st, int last, pk_ev_test test, const void *arg)
{
	long best = -1;
	size_t i, k;

	for (i = 0; i < st->nlists; i++) {
		const pk_ev_entry *e = st->lists[i];

		for (k = 0; k < e->n; k++) {
			long id = e->ids[last ? e->n - 1 - k : k];

			if (best >= 0 && (last ? id <= best : id >= best))
				break;
			if (test(st, id, arg)) {
				best = id;
				break;
			}
		}
	}
	return best;
}

/* s without spaces and interpuncts, into st->scratch (pk_ev_same_squashed
 * compares these). */
static int pk_ev_squash(pk_ev_state *st, const char *s)
{
	pk_buf_clear(&st->scratch);
	if (pk_buf_put(&st->scratch, "", 0) < 0)
		return PK_ENOMEM;
	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (s[0] == '\xC2' && s[1] == '\xB7') {
			s++;
			continue;
		}
		if (pk_buf_putc(&st->scratch, *s) < 0)
			return PK_ENOMEM;
	}
	return 0;
}

/* The next word of s (a run of non-spaces, as pk_ev_words_within reads
 * them) at or after *p; 0 at the end. */
static size_t pk_ev_next_word(const char **p)
{
	*p += strspn(*p, " ");
	return strcspn(*p, " ");
}

/* ---- events -------------------------------------------------------- */

static int pk_ev_facts_add(const pk_fact ***v, size_t *n, size_t *cap,
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
static int pk_ev_person_names(pk_ev_state *st)
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
static long pk_ev_latest_event(const pk_ev_state *st, const char *cls, long not)
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

static int pk_ev_add_event(pk_ev_state *st, const pk_fact *f)
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
static int pk_ev_only_partner(const pk_fact *f)
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
static void pk_ev_topic_actor(const pk_ev_state *st, size_t sentence, size_t pos,
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
static const char *pk_ev_status(const pk_ev_state *st, const pk_fact *f)
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
static void pk_ev_ids_sort(const char **ids, const pk_actorset *s)
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

static int pk_ev_add_agreement(pk_ev_state *st, const pk_fact *f)
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
static int pk_ev_agreement_kept(const pk_ev_state *st, const pk_agreement *a)
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
static int pk_ev_kinds_with_parties(pk_ev_state *st)
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
static long pk_ev_concluded_at(const pk_ev_state *st, const pk_fact *f)
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

/* ---- writing --------------------------------------------------------- */

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
