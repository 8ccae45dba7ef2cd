/*
 * review_record.c - the review recorder: what an extraction matched, kept
 * for the review site.
 *
 * The recorder subscribes to the extractor (pk_extract_observer): it is
 * handed each document once its graph is built (pk_review_record) and
 * keeps its normalized text, its sentences and a span for every match:
 * gazetteer names (with the particle after them), and the groups of the
 * rule facts that mean something on their own (a position's name and
 * title, a date with the value the graph stage resolved it to, an event's
 * name and place, an agreement's name, a name the article gives an
 * actor).  The messages the extractor gives go to the page of their
 * document.
 */
#include "policykg.h"

#include <stdlib.h>
#include <string.h>

#include "review/review_record.h"
#include "rdf/onto.h"
#include "rdf/vocab.h"

/* ---- the recorder -------------------------------------------------------- */

typedef struct pk_review_date_note {
	const pk_fact *f;
	pk_date start, end;
	int status;
} pk_review_date_note;

struct pk_review_recorder {
	pk_diag user;           /* where messages go on to */
	pk_diag own;            /* what the extractor is given */
	pk_review_doc *docs;
	size_t ndocs;
	pk_review_date_note *dates; /* of the document being built */
	size_t ndates;
	char **pending;         /* messages not yet given to a document */
	size_t npending;
	int failed;             /* out of memory while noting a message */
};

static void pk_review_recorder_msg(void *ud, pk_severity sev, const char *msg)
{
	pk_review_recorder *r = ud;

	if (sev >= PK_SEV_WARNING && pk_review_doc_strv_add(&r->pending, &r->npending, pk_strdup(msg)) < 0)
		r->failed = 1;
	if (r->user.fn)
		r->user.fn(r->user.ud, sev, msg);
	else
		fprintf(stderr, "policykg: %s\n", msg);
}

int pk_review_recorder_new(pk_review_recorder **out, const pk_diag *diag)
{
	pk_review_recorder *r = calloc(1, sizeof *r);

	*out = NULL;
	if (!r)
		return PK_ENOMEM;
	if (diag)
		r->user = *diag;
	r->own.fn = pk_review_recorder_msg;
	r->own.ud = r;
	*out = r;
	return 0;
}

void pk_review_recorder_free(pk_review_recorder *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->ndocs; i++)
		pk_review_doc_clear(&r->docs[i]);
	free(r->docs);
	free(r->dates);
	for (i = 0; i < r->npending; i++)
		free(r->pending[i]);
	free(r->pending);
	free(r);
}

const pk_diag *pk_review_recorder_diag(pk_review_recorder *r)
{
	return &r->own;
}

pk_review_doc *pk_review_recorder_docs(pk_review_recorder *r, size_t *n)
{
	*n = r->ndocs;
	return r->docs;
}

char **pk_review_recorder_orphans(pk_review_recorder *r, size_t *n)
{
	*n = r->npending;
	return r->pending;
}

void pk_review_date_seen(void *ud, const pk_fact *f, const pk_date *start,
	const pk_date *end, int status)
{
	pk_review_recorder *r = ud;
	pk_review_date_note *p = realloc(r->dates, (r->ndates + 1) * sizeof *p);

	if (!p) {
		r->failed = 1;
		return;
	}
	r->dates = p;
	p[r->ndates].f = f;
	p[r->ndates].start = *start;
	p[r->ndates].end = *end;
	p[r->ndates].status = status;
	r->ndates++;
}

static pk_review_kind pk_review_kind_of(pk_class c)
{
	switch (c) {
	case PK_CLASS_COUNTRY: return PK_REVIEW_COUNTRY;
	case PK_CLASS_PLACE: return PK_REVIEW_PLACE;
	default: return PK_REVIEW_ORG;
	}
}

/* A date's value as the page shows it: "2024-05-10 (xsd:date)". */
static int pk_review_date_value(pk_buf *b, const pk_review_date_note *n)
{
	char lex[16], lex2[16];
	const char *t = pk_date_format(&n->start, lex, sizeof lex);
	const char *t2 = pk_date_format(&n->end, lex2, sizeof lex2);

	if (n->status == PK_RESOLVE_WEEKDAY)
		return pk_buf_puts(b, "none: the weekday does not fall on that date");
	if (n->status == PK_RESOLVE_IMPOSSIBLE)
		return pk_buf_puts(b, "none: there is no such date");
	if (!t)
		return pk_buf_puts(b, "none: the text does not say enough");
	if (t2)
		return pk_buf_printf(b, "%s (xsd:%s) to %s (xsd:%s)", lex, t, lex2, t2);
	return pk_buf_printf(b, "%s (xsd:%s)", lex, t);
}

typedef struct pk_review_fctx {
	pk_review_recorder *r;
	pk_review_doc *d;
	const pk_docview *dv;
	const pk_fact *f;
	const char *mention;
} pk_review_fctx;

static int pk_review_slot_span(pk_review_fctx *c, const pk_slot *s, pk_review_kind kind,
	const char *value)
{
	return pk_review_doc_span(c->d, s->start, s->end, s->end, kind, NULL, c->mention,
		NULL, value, c->f->rule->id);
}

static int pk_review_fact(pk_review_fctx *c)
{
	const pk_fact *f = c->f;
	const pk_slot *s;
	size_t i, k;
	int rc = 0;

	switch (f->rule->yield) {
	case PK_YIELD_POSITION:
		for (i = 0; i < f->nslots && rc == 0; i++) {
			s = &f->slots[i];
			if (s->role == PK_ROLE_NAME || s->role == PK_ROLE_NAME_EN)
				rc = pk_review_slot_span(c, s, PK_REVIEW_PERSON, NULL);
			else if (s->role == PK_ROLE_TITLE || s->role == PK_ROLE_TITLE2 ||
				 s->role == PK_ROLE_TITLE_EN)
				rc = pk_review_slot_span(c, s, PK_REVIEW_TITLE, NULL);
		}
		return rc;
	case PK_YIELD_DATE: {
		pk_buf v = PK_BUF_INIT;

		for (k = 0; k < c->r->ndates; k++)
			if (c->r->dates[k].f == f)
				break;
		if (k < c->r->ndates && pk_review_date_value(&v, &c->r->dates[k]) < 0)
			return PK_ENOMEM;
		rc = pk_review_doc_span(c->d, f->start, f->end, f->end, PK_REVIEW_DATE, NULL, NULL,
			NULL, v.ptr ? v.ptr : "not resolved", f->rule->id);
		pk_buf_free(&v);
		return rc;
	}
	case PK_YIELD_EVENT:
		if ((s = pk_fact_slot(f, PK_ROLE_NAME)) != NULL || (s = pk_fact_slot(f, PK_ROLE_CLASS)) != NULL)
			rc = pk_review_slot_span(c, s, PK_REVIEW_EVENT, NULL);
		for (i = 0; i < f->nslots && rc == 0; i++) {
			s = &f->slots[i];
			if (s->role == PK_ROLE_LOCATION)
				rc = pk_review_slot_span(c, s, PK_REVIEW_PLACE, NULL);
			else if ((s->role == PK_ROLE_PARTICIPANT || s->role == PK_ROLE_CHAIR) &&
				 s->nents == 0)
				rc = pk_review_slot_span(c, s, PK_REVIEW_PERSON, NULL);
		}
		return rc;
	case PK_YIELD_AGREEMENT:
		if ((s = pk_fact_slot(f, PK_ROLE_NAME)) != NULL || (s = pk_fact_slot(f, PK_ROLE_KIND)) != NULL)
			rc = pk_review_slot_span(c, s, PK_REVIEW_AGREEMENT, NULL);
		return rc;
	case PK_YIELD_ALIAS: {
		const pk_slot *of = pk_fact_slot(f, PK_ROLE_OF);
		char *iri;

		if (!(s = pk_fact_slot(f, PK_ROLE_ALIAS)) || !of || !of->ent)
			return 0;
		if (!(iri = pk_onto_entity_iri(of->ent->id)))
			return PK_ENOMEM;
		rc = pk_review_doc_span(c->d, s->start, s->end, s->end, pk_review_kind_of(of->ent->cls),
			iri, NULL, NULL, of->ent->ko, f->rule->id);
		free(iri);
		return rc;
	}
	default:
		return 0;
	}
}

/* The IRI build.c gives the pkg:Mention of fact f (see pk_build_mention). */
static int pk_review_mention_iri(pk_buf *b, const pk_docview *dv, const pk_fact *f)
{
	const char *text = dv->nt->text;
	size_t ms = pk_build_cp(dv, f->sentence, f->start);
	size_t me = ms + pk_utf8_count(text + f->start, f->end - f->start);

	return pk_onto_mention_iri(b, dv->doc->id, ms, me, f->rule->id);
}

/* Messages about the document (they start with its name) are its. */
static int pk_review_claim(pk_review_recorder *r, pk_review_doc *d)
{
	size_t i, k = 0, n = strlen(d->name);
	int rc = 0;

	for (i = 0; i < r->npending; i++) {
		char *m = r->pending[i];

		if (rc == 0 && strncmp(m, d->name, n) == 0 && m[n] == ':')
			rc = pk_review_doc_strv_add(&d->warnings, &d->nwarnings, m);
		else
			r->pending[k++] = m;
	}
	r->npending = k;
	return rc;
}

int pk_review_record(pk_review_recorder *r, const pk_docview *dv)
{
	pk_review_doc *d, *docs;
	pk_buf m = PK_BUF_INIT, iri = PK_BUF_INIT;
	size_t i;
	int rc = 0;

	if (r->failed)
		return PK_ENOMEM;
	if (!(docs = realloc(r->docs, (r->ndocs + 1) * sizeof *docs)))
		return PK_ENOMEM;
	r->docs = docs;
	d = &docs[r->ndocs++];
	memset(d, 0, sizeof *d);
	if (pk_buf_printf(&iri, PK_NS_ID "document/%s", dv->doc->id) < 0 ||
	    !(d->iri = pk_buf_detach(&iri)) || !(d->name = pk_strdup(dv->doc->name)) ||
	    !(d->text = pk_strndup(dv->nt->text, dv->nt->len)) ||
	    !(d->sents = calloc(dv->nsents + 1, sizeof *d->sents))) {
		rc = PK_ENOMEM;
		goto out;
	}
	d->len = dv->nt->len;
	for (i = 0; i < dv->nsents; i++) {
		d->sents[i].start = dv->sents[i].start;
		d->sents[i].end = dv->sents[i].end;
		d->sents[i].cp = dv->sents[i].cp;
	}
	d->nsents = dv->nsents;
	for (i = 0; i < dv->nmatches && rc == 0; i++) {
		const pk_gaz_match *g = &dv->matches[i];
		char *e = pk_onto_entity_iri(g->ent->id);
		pk_buf v = PK_BUF_INIT;

		if (!e || (g->ent->en ? pk_buf_printf(&v, "%s (%s)", g->ent->ko, g->ent->en) :
			pk_buf_puts(&v, g->ent->ko)) < 0)
			rc = PK_ENOMEM;
		else
			rc = pk_review_doc_span(d, g->start, g->end, g->pend, pk_review_kind_of(g->ent->cls),
				e, NULL, NULL, v.ptr, "gazetteer");
		free(e);
		pk_buf_free(&v);
	}
	for (i = 0; i < dv->facts->n && rc == 0; i++) {
		pk_review_fctx c = { r, d, dv, &dv->facts->v[i], NULL };

		if (pk_review_mention_iri(&m, dv, c.f) < 0) {
			rc = PK_ENOMEM;
			break;
		}
		c.mention = m.ptr;
		rc = pk_review_fact(&c);
	}
	if (rc == 0)
		rc = pk_review_claim(r, d);
out:
	r->ndates = 0;
	pk_buf_free(&m);
	pk_buf_free(&iri);
	return rc;
}
