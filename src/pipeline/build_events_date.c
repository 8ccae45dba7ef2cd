/*
 * build_events_date.c - the dates of an article's events and agreements:
 * each date fact resolved (resolve.c) against the article's date, in fact
 * order, so that 이날 and a day without its month take what the story
 * named before; which date a fact takes (the one inside its match, else
 * the last before it in its sentence, else the closing announcement's);
 * and a date written as an XSD literal.  build_events.c runs the pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/build_events_int.h"
#include "pipeline/schema.h"
#include "rdf/vocab.h"

int pk_ev_resolve(pk_ev_state *st, const pk_fact *f, pk_dated *out)
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
int pk_ev_sentence_korean(const pk_ev_state *st, size_t sentence)
{
	const pk_span *sp = &st->dv->sents[sentence];

	return pk_utf8_has_hangul_n(st->dv->nt->text + sp->start, sp->end - sp->start);
}

/* The date of fact f: one inside its match, else the last one before it
 * in its sentence, else the day of the announcement that closes the
 * sentence (news reports a signing or a meeting as "...했다고 N일
 * 밝혔다": the day it was announced is the day it happened, as far as the
 * text says), or in English the first one after it. */
const pk_dated *pk_ev_date_for(const pk_ev_state *st, const pk_fact *f)
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

int pk_ev_is_day(const pk_dated *d)
{
	pk_date_kind k = d->start.kind;

	return k == PK_DATE_FULL || k == PK_DATE_MONTH_DAY || k == PK_DATE_DAY;
}

/* "이날 협약식에는 ...": the day is the last one the article named. */
const pk_dated *pk_ev_date_same_day(const pk_ev_state *st, const pk_fact *f,
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

int pk_ev_date_literal(pk_graph *g, const char *s, const char *p, const pk_date *d)
{
	char lex[16], dt[64];
	const char *type = pk_date_format(d, lex, sizeof lex);

	if (!type)
		return 0;
	snprintf(dt, sizeof dt, PK_NS_XSD "%s", type);
	return pk_graph_add_literal(g, s, p, lex, NULL, dt);
}
