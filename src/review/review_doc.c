/*
 * review_doc.c - a review document: an article's text with a span on it
 * for every match, as plain data (review_doc.h) that the recorder
 * (review_record.c) and the graph reader (review_graph.c) fill and the
 * HTML writer (review_html.c) reads.
 */
#include <stdlib.h>
#include <string.h>

#include "review/review_doc.h"

const char *pk_review_kind_name(pk_review_kind k)
{
	static const char *const names[PK_REVIEW__KINDS] = {
		"organization", "country", "person", "title", "date", "agreement", "event", "place"
	};

	return k < PK_REVIEW__KINDS ? names[k] : "?";
}

void pk_review_doc_clear(pk_review_doc *d)
{
	size_t i;

	free(d->iri);
	free(d->name);
	free(d->text);
	free(d->sents);
	for (i = 0; i < d->nspans; i++) {
		free(d->spans[i].iri);
		free(d->spans[i].mention);
		free(d->spans[i].cls);
		free(d->spans[i].value);
		free(d->spans[i].rule);
	}
	free(d->spans);
	for (i = 0; i < d->nwarnings; i++)
		free(d->warnings[i]);
	free(d->warnings);
	memset(d, 0, sizeof *d);
}

int pk_review_doc_dup(char **out, const char *s)
{
	*out = NULL;
	if (!s)
		return 0;
	return (*out = pk_strdup(s)) ? 0 : PK_ENOMEM;
}

int pk_review_doc_span(pk_review_doc *d, size_t start, size_t end, size_t pend,
	pk_review_kind kind, const char *iri, const char *mention, const char *cls,
	const char *value, const char *rule)
{
	pk_review_span *sp;

	if (end <= start || end > d->len)
		return 0;
	if (d->nspans == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		pk_review_span *v = realloc(d->spans, cap * sizeof *v);

		if (!v)
			return PK_ENOMEM;
		d->spans = v;
		d->cap = cap;
	}
	sp = &d->spans[d->nspans];
	memset(sp, 0, sizeof *sp);
	sp->start = start;
	sp->end = end;
	sp->pend = pend > end && pend <= d->len ? pend : end;
	sp->kind = kind;
	d->nspans++;
	if (pk_review_doc_dup(&sp->iri, iri) < 0 || pk_review_doc_dup(&sp->mention, mention) < 0 ||
	    pk_review_doc_dup(&sp->cls, cls) < 0 || pk_review_doc_dup(&sp->value, value) < 0 ||
	    pk_review_doc_dup(&sp->rule, rule) < 0)
		return PK_ENOMEM;
	return 0;
}

int pk_review_doc_strv_add(char ***v, size_t *n, char *s)
{
	char **p;

	if (!s)
		return PK_ENOMEM;
	if (!(p = realloc(*v, (*n + 1) * sizeof *p))) {
		free(s);
		return PK_ENOMEM;
	}
	*v = p;
	p[(*n)++] = s;
	return 0;
}
