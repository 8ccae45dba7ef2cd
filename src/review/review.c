/*
 * review.c - the review site: what was extracted, where, and why, as
 * static HTML pages people check by looking.
 *
 * From articles: the extractor is run with a recorder attached, which is
 * handed each document once its graph is built (pk_review_record) and
 * keeps its normalized text, its sentences and a span for every match:
 * gazetteer names (with the particle after them), and the groups of the
 * rule facts that mean something on their own (a position's name and
 * title, a date with the value the graph stage resolved it to, an
 * event's name and place, an agreement's name, a name the article gives
 * an actor).  A span from a rule fact names its pkg:Mention; the resource
 * it stands for is looked up through that mention once the graph is
 * whole (pk_review_resolve), so what the page says is what the graph says.
 *
 * From a store: there is no extraction to watch, only the graph.  Each
 * document's text is the evidence sentences its mentions keep; spans are
 * each mention's match, narrowed to the resource's label when the label is
 * in it, and the labels of the actors and persons the document mentions,
 * wherever they occur in those sentences.
 *
 * The pages themselves are written by review_html.c; the directory is
 * built beside its target and swapped in whole (outfile.c).
 */
#include "policykg.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pipeline/extract.h"
#include "pipeline/graph_int.h"
#include "base/outfile.h"
#include "review/review.h"
#include "rdf/vocab.h"

#define PKG(x) PK_NS_PKG x
#define PK_REVIEW_MARKER ".policykg-review"

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

static int pk_review_dup(char **out, const char *s)
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
	if (pk_review_dup(&sp->iri, iri) < 0 || pk_review_dup(&sp->mention, mention) < 0 ||
	    pk_review_dup(&sp->cls, cls) < 0 || pk_review_dup(&sp->value, value) < 0 ||
	    pk_review_dup(&sp->rule, rule) < 0)
		return PK_ENOMEM;
	return 0;
}

static int pk_review_strv_add(char ***v, size_t *n, char *s)
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

	if (sev >= PK_SEV_WARNING && pk_review_strv_add(&r->pending, &r->npending, pk_strdup(msg)) < 0)
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
		if (!(iri = pk_graph_entity_iri(of->ent->id)))
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

/* The IRI graph.c gives the pkg:Mention of fact f (see pk_graph_mention). */
static int pk_review_mention_iri(pk_buf *b, const pk_docview *dv, const pk_fact *f)
{
	const char *text = dv->nt->text;
	size_t ms = pk_graph_cp(dv, f->sentence, f->start);
	size_t me = ms + pk_utf8_count(text + f->start, f->end - f->start);

	pk_buf_clear(b);
	return pk_buf_printf(b, PK_NS_ID "mention/%s/%zu-%zu/%s", dv->doc->id, ms, me, f->rule->id);
}

/* Messages about the document (they start with its name) are its. */
static int pk_review_claim(pk_review_recorder *r, pk_review_doc *d)
{
	size_t i, k = 0, n = strlen(d->name);
	int rc = 0;

	for (i = 0; i < r->npending; i++) {
		char *m = r->pending[i];

		if (rc == 0 && strncmp(m, d->name, n) == 0 && m[n] == ':')
			rc = pk_review_strv_add(&d->warnings, &d->nwarnings, m);
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
		char *e = pk_graph_entity_iri(g->ent->id);
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

/* ---- looking things up in the graph ------------------------------------------ */

/* Who has evidence M: (mention, resource) pairs sorted by mention. */
typedef struct pk_review_ev {
	const char *m, *s;
} pk_review_ev;

static int pk_review_ev_cmp(const void *x, const void *y)
{
	const pk_review_ev *a = x, *b = y;
	int c = strcmp(a->m, b->m);

	return c ? c : strcmp(a->s, b->s);
}

static int pk_review_ev_index(pk_review_ev **out, size_t *n, pk_graph *g)
{
	const pk_triple *t;
	size_t nt, i;
	pk_review_ev *v;

	*n = 0;
	pk_graph_sorted(&t, &nt, g);
	if (!(v = calloc(nt + 1, sizeof *v)))
		return PK_ENOMEM;
	for (i = 0; i < nt; i++)
		if (!t[i].retracted && t[i].o_is_iri && strcmp(t[i].p, PKG("evidence")) == 0) {
			v[*n].m = t[i].o;
			v[*n].s = t[i].s;
			(*n)++;
		}
	qsort(v, *n, sizeof *v, pk_review_ev_cmp);
	*out = v;
	return 0;
}

/* The resources whose evidence is m: *first and the count. */
static size_t pk_review_ev_find(const pk_review_ev **first, const pk_review_ev *v, size_t n,
	const char *m)
{
	size_t lo = 0, hi = n, j;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v[mid].m, m) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (j = lo; j < n && strcmp(v[j].m, m) == 0; j++)
		;
	*first = v + lo;
	return j - lo;
}

int pk_review_has_type(pk_graph *g, const char *s, const char *cls)
{
	return pk_graph_has_iri(g, s, PK_NS_RDF "type", cls);
}

const char *pk_review_class(pk_graph *g, const char *s)
{
	static const char *const order[] = {
		"MOU", "Declaration", "Partnership", "Accord", "Meeting", "Summit", "Forum",
		"Workshop", "Ceremony", "Visit", "GovernmentBody", "InternationalOrganization",
		"Company", "Person", "Country", "Position", "Place", "Document", "Mention",
		"Organization", "Agreement", "Event", "Actor"
	};
	const pk_triple *t;
	size_t n = pk_graph_about(&t, g, s, PK_NS_RDF "type"), i, k;

	for (k = 0; k < PK_ARRAY_LEN(order); k++)
		for (i = 0; i < n; i++)
			if (strncmp(t[i].o, PK_NS_PKG, strlen(PK_NS_PKG)) == 0 &&
			    strcmp(t[i].o + strlen(PK_NS_PKG), order[k]) == 0)
				return t[i].o;
	return n ? t[0].o : NULL;
}

const char *pk_review_label(pk_graph *g, const char *s)
{
	const char *v = pk_graph_value(g, s, PK_NS_RDFS "label", "ko");

	if (!v)
		v = pk_graph_value(g, s, PK_NS_RDFS "label", "en");
	if (!v)
		v = pk_graph_value(g, s, PK_NS_RDFS "label", NULL);
	return v;
}

/* The subject with (s, p, o); NULL when none. */
static const char *pk_review_subject_of(pk_graph *g, const char *p, const char *o)
{
	const pk_triple *t;
	size_t n, i;

	pk_graph_sorted(&t, &n, g);
	for (i = 0; i < n; i++)
		if (t[i].o_is_iri && strcmp(t[i].o, o) == 0 && strcmp(t[i].p, p) == 0)
			return t[i].s;
	return NULL;
}

/* The object of s p whose label is text[0..n). */
static const char *pk_review_object_labelled(pk_graph *g, const char *s, const char *p,
	const char *text, size_t n)
{
	const pk_triple *t;
	size_t k = pk_graph_about(&t, g, s, p), i, j;

	for (i = 0; i < k; i++) {
		const pk_triple *l;
		size_t nl;

		if (!t[i].o_is_iri)
			continue;
		nl = pk_graph_about(&l, g, t[i].o, PK_NS_RDFS "label");
		for (j = 0; j < nl; j++)
			if (strlen(l[j].o) == n && memcmp(l[j].o, text, n) == 0)
				return t[i].o;
	}
	return NULL;
}

/* Fill in the resource, class and value of the spans found through a
 * mention, now that the graph is whole. */
static int pk_review_resolve(pk_review_doc *d, pk_graph *g, const pk_review_ev *ev, size_t nev)
{
	size_t i, k, n;
	int rc = 0;

	for (i = 0; i < d->nspans && rc == 0; i++) {
		pk_review_span *sp = &d->spans[i];
		const pk_review_ev *e;
		const char *want = NULL, *iri = NULL, *value = NULL;

		if (!sp->mention) {
			if (sp->iri && !sp->cls && pk_review_class(g, sp->iri))
				rc = pk_review_dup(&sp->cls, pk_review_class(g, sp->iri));
			continue;
		}
		n = pk_review_ev_find(&e, ev, nev, sp->mention);
		for (k = 0; k < n && !iri; k++) {
			const char *s = e[k].s;

			switch (sp->kind) {
			case PK_REVIEW_PERSON:
				if (pk_review_has_type(g, s, PKG("Position")))
					iri = pk_review_subject_of(g, PKG("position"), s);
				else if (!(iri = pk_review_object_labelled(g, s, PKG("participant"),
					d->text + sp->start, sp->end - sp->start)))
					iri = pk_review_object_labelled(g, s, PKG("chair"),
						d->text + sp->start, sp->end - sp->start);
				break;
			case PK_REVIEW_TITLE:
				if (pk_review_has_type(g, s, PKG("Position"))) {
					iri = s;
					value = pk_graph_value(g, s, PKG("title"), "ko");
				}
				break;
			case PK_REVIEW_PLACE:
				if ((iri = pk_graph_value(g, s, PKG("location"), NULL)) != NULL)
					value = pk_review_label(g, iri);
				break;
			case PK_REVIEW_EVENT:
				want = PKG("Event");
				/* fall through */
			case PK_REVIEW_AGREEMENT:
				if (!want)
					want = PKG("Agreement");
				if (pk_review_has_type(g, s, want)) {
					iri = s;
					value = pk_review_label(g, s);
				}
				want = NULL;
				break;
			default:
				break;
			}
		}
		if (iri && !value && sp->kind == PK_REVIEW_PERSON)
			value = pk_review_label(g, iri);
		if (iri) {
			free(sp->iri);
			free(sp->cls);
			sp->iri = sp->cls = NULL;
			if ((rc = pk_review_dup(&sp->iri, iri)) == 0)
				rc = pk_review_dup(&sp->cls, pk_review_class(g, iri));
			if (rc == 0 && value && !sp->value)
				rc = pk_review_dup(&sp->value, value);
		} else if (!sp->value) {
			rc = pk_review_dup(&sp->value, "no resource: the graph stage wrote nothing for this match");
		}
	}
	return rc;
}

/* ---- a document from the graph alone (a store) --------------------------------- */

typedef struct pk_review_mref {
	const char *iri;
	const char *sentence;
	long start, mstart, mend;
	const char *rule;
} pk_review_mref;

static int pk_review_mref_cmp(const void *x, const void *y)
{
	const pk_review_mref *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return strcmp(a->iri, b->iri);
}

static long pk_review_long(pk_graph *g, const char *s, const char *p)
{
	const char *v = pk_graph_value(g, s, p, NULL);

	return v ? strtol(v, NULL, 10) : -1;
}

/* Byte offset of code point cp in s (clamped to its end). */
static size_t pk_review_cp_byte(const char *s, size_t len, long cp)
{
	size_t i = 0;

	while (cp > 0 && i < len) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		cp--;
	}
	return i;
}

/* A span for each occurrence of label in text[from, to) (the first only
 * when first_only) not already covered by a span of the same kind.
 * Returns how many occurrences there were, or a negative error. */
static int pk_review_find_label(pk_review_doc *d, size_t from, size_t to, const char *label,
	pk_review_kind kind, const char *iri, pk_graph *g, const char *rule, int first_only)
{
	size_t n = strlen(label), at = from, i;
	int rc, found = 0;

	if (n < 2)
		return 0;
	while (at + n <= to) {
		const char *p = pk_mem_find(d->text + at, to - at, label, n);
		size_t s;
		int covered = 0;

		if (!p)
			break;
		s = (size_t)(p - d->text);
		for (i = 0; i < d->nspans; i++)
			if (d->spans[i].kind == kind && d->spans[i].start <= s && d->spans[i].end >= s + n)
				covered = 1;
		if (!covered && (rc = pk_review_doc_span(d, s, s + n, s + n, kind, iri, NULL,
			pk_review_class(g, iri), pk_review_label(g, iri), rule)) < 0)
			return rc;
		found++;
		if (first_only)
			break;
		at = s + n;
	}
	return found;
}

/* Labels of s (rdfs:label, then skos:altLabel), longest first. */
static int pk_review_labels(const char ***out, size_t *n, pk_graph *g, const char *s)
{
	static const char *const props[] = { PK_NS_RDFS "label", PK_NS_SKOS "altLabel" };
	const char **v = NULL;
	size_t k, i, j;

	*n = 0;
	for (k = 0; k < 2; k++) {
		const pk_triple *t;
		size_t nt = pk_graph_about(&t, g, s, props[k]);
		const char **p = realloc(v, (*n + nt + 1) * sizeof *p);

		if (!p) {
			free(v);
			return PK_ENOMEM;
		}
		v = p;
		for (i = 0; i < nt; i++)
			v[(*n)++] = t[i].o;
	}
	for (i = 1; i < *n; i++)
		for (j = i; j > 0 && strlen(v[j]) > strlen(v[j - 1]); j--) {
			const char *x = v[j];

			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	*out = v;
	return 0;
}

static pk_review_kind pk_review_kind_of_resource(pk_graph *g, const char *s, int *ok)
{
	static const struct { const char *cls; pk_review_kind kind; } map[] = {
		{ PKG("Agreement"), PK_REVIEW_AGREEMENT }, { PKG("Event"), PK_REVIEW_EVENT },
		{ PKG("Position"), PK_REVIEW_TITLE }, { PKG("Person"), PK_REVIEW_PERSON },
		{ PKG("Country"), PK_REVIEW_COUNTRY }, { PKG("Organization"), PK_REVIEW_ORG },
		{ PKG("Place"), PK_REVIEW_PLACE },
	};
	size_t i;

	*ok = 1;
	for (i = 0; i < PK_ARRAY_LEN(map); i++)
		if (pk_review_has_type(g, s, map[i].cls))
			return map[i].kind;
	*ok = 0;
	return PK_REVIEW_ORG;
}

static int pk_review_from_graph(pk_review_doc *d, pk_graph *g, const char *doc,
	const pk_review_ev *ev, size_t nev)
{
	const pk_triple *t;
	pk_review_mref *m = NULL;
	pk_buf text = PK_BUF_INIT;
	size_t nt, nm = 0, i, k, ns = 0;
	long last_end = -1;
	int rc = 0;

	memset(d, 0, sizeof *d);
	d->excerpt = 1;
	if (!(d->iri = pk_strdup(doc)) || !(d->name = pk_strdup(doc)))
		return PK_ENOMEM;
	pk_graph_sorted(&t, &nt, g);
	if (!(m = calloc(nt + 1, sizeof *m)))
		return PK_ENOMEM;
	for (i = 0; i < nt; i++) {
		if (t[i].retracted || !t[i].o_is_iri || strcmp(t[i].p, PKG("document")) != 0 ||
		    strcmp(t[i].o, doc) != 0 || !pk_review_has_type(g, t[i].s, PKG("Mention")))
			continue;
		m[nm].iri = t[i].s;
		m[nm].sentence = pk_graph_value(g, t[i].s, PKG("sentence"), NULL);
		m[nm].start = pk_review_long(g, t[i].s, PKG("start"));
		m[nm].mstart = pk_review_long(g, t[i].s, PKG("matchStart"));
		m[nm].mend = pk_review_long(g, t[i].s, PKG("matchEnd"));
		m[nm].rule = pk_graph_value(g, t[i].s, PKG("rule"), NULL);
		if (m[nm].sentence && m[nm].start >= 0)
			nm++;
	}
	qsort(m, nm, sizeof *m, pk_review_mref_cmp);
	if (!(d->sents = calloc(nm + 1, sizeof *d->sents))) {
		rc = PK_ENOMEM;
		goto out;
	}
	/* the text: each evidence sentence once, in the article's order */
	for (i = 0; i < nm; i++) {
		if (ns && (long)d->sents[ns - 1].cp == m[i].start)
			continue;
		if (ns && pk_buf_puts(&text, m[i].start > last_end ? "\n…\n" : " ") < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		d->sents[ns].start = text.len;
		d->sents[ns].cp = (size_t)m[i].start;
		if (pk_buf_puts(&text, m[i].sentence) < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		d->sents[ns].end = text.len;
		last_end = m[i].start + (long)pk_utf8_count(m[i].sentence, strlen(m[i].sentence));
		ns++;
	}
	d->nsents = ns;
	d->len = text.len;
	d->text = text.ptr ? pk_buf_detach(&text) : pk_strdup("");
	if (!d->text) {
		rc = PK_ENOMEM;
		goto out;
	}
	/* each mention's match: narrowed to the resource's label when it is in it */
	for (i = 0, k = 0; i < nm && rc == 0; i++) {
		const pk_review_ev *e;
		size_t ne = pk_review_ev_find(&e, ev, nev, m[i].iri), j, ms, me;

		while (k + 1 < ns && d->sents[k].cp < (size_t)m[i].start)
			k++;
		if (d->sents[k].cp != (size_t)m[i].start || m[i].mstart < m[i].start)
			continue;
		ms = d->sents[k].start + pk_review_cp_byte(d->text + d->sents[k].start,
			d->sents[k].end - d->sents[k].start, m[i].mstart - m[i].start);
		me = d->sents[k].start + pk_review_cp_byte(d->text + d->sents[k].start,
			d->sents[k].end - d->sents[k].start, m[i].mend - m[i].start);
		for (j = 0; j < ne && rc == 0; j++) {
			const char *s = e[j].s, *holder, *title;
			int ok, found = 0;
			pk_review_kind kind = pk_review_kind_of_resource(g, s, &ok);

			if (!ok)
				continue;
			if (kind == PK_REVIEW_TITLE) {
				holder = pk_review_subject_of(g, PKG("position"), s);
				title = pk_graph_value(g, s, PKG("title"), "ko");
				if (holder && pk_review_label(g, holder))
					rc = pk_review_find_label(d, ms, me, pk_review_label(g, holder),
						PK_REVIEW_PERSON, holder, g, m[i].rule, 1);
				if (rc >= 0 && title)
					rc = pk_review_find_label(d, ms, me, title, PK_REVIEW_TITLE, s, g,
						m[i].rule, 1);
				rc = rc < 0 ? rc : 0;
				continue;
			}
			{
				const char **labels = NULL;
				size_t nl, l;

				if ((rc = pk_review_labels(&labels, &nl, g, s)) < 0)
					break;
				for (l = 0; l < nl && found == 0; l++)
					found = pk_review_find_label(d, ms, me, labels[l], kind, s, g, m[i].rule, 1);
				free(labels);
				if (found < 0)
					rc = found;
				else if (!found)
					rc = pk_review_doc_span(d, ms, me, me, kind, s, NULL,
						pk_review_class(g, s), pk_review_label(g, s), m[i].rule);
			}
			if (rc == 0 && kind == PK_REVIEW_EVENT) {
				const char *place = pk_graph_value(g, s, PKG("location"), NULL);

				if (place && pk_review_label(g, place))
					rc = pk_review_find_label(d, ms, me, pk_review_label(g, place),
						PK_REVIEW_PLACE, place, g, m[i].rule, 1);
				rc = rc < 0 ? rc : 0;
			}
		}
	}
	/* the actors and persons the document mentions, wherever they occur */
	for (i = 0; i < nt && rc == 0; i++) {
		const char **labels = NULL;
		size_t nl, l;
		int ok;
		pk_review_kind kind;

		if (t[i].retracted || strcmp(t[i].p, PKG("mentionedIn")) != 0 || strcmp(t[i].o, doc) != 0 ||
		    !pk_review_has_type(g, t[i].s, PKG("Actor")))
			continue;
		kind = pk_review_kind_of_resource(g, t[i].s, &ok);
		if ((rc = pk_review_labels(&labels, &nl, g, t[i].s)) < 0)
			break;
		for (l = 0; l < nl && rc >= 0; l++)
			rc = pk_review_find_label(d, 0, d->len, labels[l], kind, t[i].s, g, "label", 0);
		free(labels);
		rc = rc < 0 ? rc : 0;
	}
out:
	free(m);
	pk_buf_free(&text);
	return rc;
}

/* ---- the store's whole graph --------------------------------------------------- */

static int pk_review_load_store(pk_graph *g, pk_store *st)
{
	pk_table *t = NULL;
	pk_buf sb = PK_BUF_INIT, ob = PK_BUF_INIT;
	size_t r;
	int rc;

	if ((rc = pk_store_query(&t, st, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")) < 0)
		return rc;
	for (r = 0; r < t->nrows && rc == 0; r++) {
		const pk_term *c = &t->cells[r * t->ncols];
		const char *s = c[0].value, *o = c[2].value;

		if (!s || !c[1].value || !o)
			continue;
		pk_buf_clear(&sb);
		pk_buf_clear(&ob);
		if (c[0].kind == PK_TERM_BLANK && (rc = pk_buf_printf(&sb, "_:%s", s) < 0 ? PK_ENOMEM : 0) == 0)
			s = sb.ptr;
		if (c[2].kind == PK_TERM_BLANK && (rc = pk_buf_printf(&ob, "_:%s", o) < 0 ? PK_ENOMEM : 0) == 0)
			o = ob.ptr;
		if (rc < 0)
			break;
		if (c[2].kind == PK_TERM_LITERAL)
			rc = pk_graph_add_literal(g, s, c[1].value, o,
				c[2].lang && c[2].lang[0] ? c[2].lang : NULL, c[2].datatype);
		else
			rc = pk_graph_add_iri(g, s, c[1].value, o);
	}
	pk_buf_free(&sb);
	pk_buf_free(&ob);
	pk_table_free(t);
	return rc;
}

/* ---- the site ------------------------------------------------------------------ */

/* The page's file name: doc-ID.html for pkgid:document/ID, else a hash. */
static int pk_review_page_name(char **out, const char *doc_iri)
{
	const char *id = doc_iri;
	const char *p;
	pk_buf b = PK_BUF_INIT;
	int ok = 1;

	if (strncmp(id, PK_NS_ID "document/", strlen(PK_NS_ID "document/")) == 0)
		id += strlen(PK_NS_ID "document/");
	for (p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-'))
			ok = 0;
	if (!*id || strlen(id) > 100)
		ok = 0;
	if (ok ? pk_buf_printf(&b, "doc-%s.html", id) < 0 :
		pk_buf_printf(&b, "doc-%016llx.html", (unsigned long long)pk_hash64(doc_iri, strlen(doc_iri))) < 0)
		return PK_ENOMEM;
	*out = pk_buf_detach(&b);
	return 0;
}

/* The names the output directory may hold: ours now, and, when it holds
 * an earlier review (its marker), the pages that one wrote. */
static int pk_review_names(char ***out, size_t *n, const char *dir, char **pages, size_t npages)
{
	pk_buf marker = PK_BUF_INIT;
	struct stat sb;
	size_t i;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if ((rc = pk_review_strv_add(out, n, pk_strdup("index.html"))) < 0 ||
	    (rc = pk_review_strv_add(out, n, pk_strdup(PK_REVIEW_MARKER))) < 0)
		return rc;
	for (i = 0; i < npages && rc == 0; i++)
		rc = pk_review_strv_add(out, n, pk_strdup(pages[i]));
	if (rc == 0 && pk_path_join(&marker, dir, PK_REVIEW_MARKER) < 0)
		rc = PK_ENOMEM;
	if (rc == 0 && stat(marker.ptr, &sb) == 0) {
		DIR *dh = opendir(dir);
		struct dirent *e;

		while (dh && rc == 0 && (e = readdir(dh)) != NULL) {
			size_t l = strlen(e->d_name);

			if (strncmp(e->d_name, "doc-", 4) == 0 && l > 9 &&
			    strcmp(e->d_name + l - 5, ".html") == 0)
				rc = pk_review_strv_add(out, n, pk_strdup(e->d_name));
		}
		if (dh)
			closedir(dh);
	}
	pk_buf_free(&marker);
	if (rc == 0) {
		char **v = realloc(*out, (*n + 1) * sizeof *v);

		if (!v)
			return PK_ENOMEM;
		v[*n] = NULL;
		*out = v;
	}
	return rc;
}

static int pk_review_write_site(const char *dir, pk_graph *g, pk_review_doc *docs, size_t ndocs,
	char **orphans, size_t norphans, const pk_diag *diag)
{
	pk_outdir od;
	pk_outfile of;
	char **pages = NULL, **names = NULL;
	size_t npages = 0, nnames = 0, i;
	int rc = 0, ok = 0, opened = 0;

	if (!(pages = calloc(ndocs + 1, sizeof *pages)))
		return PK_ENOMEM;
	for (i = 0; i < ndocs && rc == 0; i++, npages++)
		rc = pk_review_page_name(&pages[i], docs[i].iri);
	if (rc == 0)
		rc = pk_review_names(&names, &nnames, dir, pages, npages);
	if (rc == 0)
		rc = pk_outdir_open(&od, dir, (const char *const *)names, diag);
	if (rc < 0)
		goto out;
	opened = 1;
	if ((rc = pk_outdir_file(&of, &od, PK_REVIEW_MARKER, diag)) < 0)
		goto out;
	fprintf(of.fh, "policykg %s review site; `policykg review -o` may replace this directory\n",
		pk_version());
	if ((rc = pk_outfile_close(&of, 1, diag)) < 0)
		goto out;
	for (i = 0; i < ndocs; i++) {
		if ((rc = pk_outdir_file(&of, &od, pages[i], diag)) < 0)
			goto out;
		rc = pk_review_html_page(of.fh, g, &docs[i], "index.html");
		if (pk_outfile_close(&of, rc == 0, diag) < 0 && rc == 0)
			rc = PK_EIO;
		if (rc < 0)
			goto out;
	}
	if ((rc = pk_outdir_file(&of, &od, "index.html", diag)) < 0)
		goto out;
	rc = pk_review_html_index(of.fh, g, docs, ndocs, (const char *const *)pages, orphans, norphans);
	if (pk_outfile_close(&of, rc == 0, diag) < 0 && rc == 0)
		rc = PK_EIO;
	ok = rc == 0;
out:
	if (opened && pk_outdir_close(&od, ok, diag) < 0 && rc == 0)
		rc = PK_EIO;
	for (i = 0; i < npages; i++)
		free(pages[i]);
	free(pages);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int pk_review_doc_iri_cmp(const void *x, const void *y)
{
	return strcmp(((const pk_review_doc *)x)->iri, ((const pk_review_doc *)y)->iri);
}

int pk_review_write(size_t *ndocs, const char *dir, const char *const *paths, size_t npaths,
	const pk_review_options *opts, const pk_diag *diag)
{
	pk_review_recorder *rec = NULL;
	pk_extractor *ex = NULL;
	pk_graph *own = NULL, *g = NULL;
	pk_review_ev *ev = NULL;
	pk_review_doc *docs = NULL, *sdocs = NULL;
	char **orphans = NULL;
	size_t n = 0, nev = 0, norphans = 0, i;
	int rc = 0, partial = 0;

	*ndocs = 0;
	if ((npaths > 0) == (opts->store != NULL) || (npaths && !opts->rules)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "review: give articles or a store, not both");
		return PK_EUSAGE;
	}
	if (npaths) {
		if ((rc = pk_review_recorder_new(&rec, diag)) < 0 ||
		    (rc = pk_extractor_new(&ex, opts->rules, &opts->extract, pk_review_recorder_diag(rec))) < 0)
			goto out;
		pk_extractor_set_recorder(ex, rec);
		for (i = 0; i < npaths; i++) {
			rc = pk_extractor_add_path(ex, paths[i]);
			if (rc == PK_EINPUT)
				partial = 1;
			else if (rc < 0)
				goto out;
		}
		rc = 0;
		if ((rc = pk_extractor_finish(ex)) < 0)
			goto out;
		g = pk_extractor_graph(ex);
		docs = pk_review_recorder_docs(rec, &n);
		orphans = pk_review_recorder_orphans(rec, &norphans);
	} else {
		const pk_triple *t;
		size_t nt;

		if ((rc = pk_graph_new(&own)) < 0 || (rc = pk_review_load_store(own, opts->store)) < 0)
			goto out;
		g = own;
		pk_graph_sorted(&t, &nt, g);
		for (i = 0; i < nt; i++)
			if (strcmp(t[i].p, PK_NS_RDF "type") == 0 && strcmp(t[i].o, PKG("Document")) == 0)
				n++;
		if (!(sdocs = calloc(n + 1, sizeof *sdocs))) {
			rc = PK_ENOMEM;
			goto out;
		}
		n = 0;
		for (i = 0; i < nt; i++)
			if (strcmp(t[i].p, PK_NS_RDF "type") == 0 && strcmp(t[i].o, PKG("Document")) == 0)
				sdocs[n++].iri = (char *)t[i].s; /* borrowed until from_graph copies it */
		docs = sdocs;
	}
	if ((rc = pk_review_ev_index(&ev, &nev, g)) < 0)
		goto out;
	for (i = 0; i < n && rc == 0; i++) {
		if (sdocs) {
			const char *doc = sdocs[i].iri;

			rc = pk_review_from_graph(&sdocs[i], g, doc, ev, nev);
		} else {
			rc = pk_review_resolve(&docs[i], g, ev, nev);
		}
	}
	if (rc < 0)
		goto out;
	if (n == 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "review: %s", npaths ? "no article could be read" :
			"the store holds no pkg:Document");
		rc = PK_EINPUT;
		goto out;
	}
	if (sdocs)
		qsort(sdocs, n, sizeof *sdocs, pk_review_doc_iri_cmp);
	if ((rc = pk_review_write_site(dir, g, docs, n, orphans, norphans, diag)) < 0)
		goto out;
	*ndocs = n;
	rc = partial ? PK_EINPUT : 0;
out:
	if (rc == PK_ENOMEM)
		pk_diag_emit(diag, PK_SEV_ERROR, "review: out of memory");
	free(ev);
	for (i = 0; sdocs && i < n; i++)
		if (sdocs[i].text || sdocs[i].name)
			pk_review_doc_clear(&sdocs[i]);
	free(sdocs);
	pk_graph_free(own);
	pk_extractor_free(ex);
	pk_review_recorder_free(rec);
	return rc;
}
