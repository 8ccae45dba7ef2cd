/*
 * review_graph.c - what the review pages say, read from the graph.
 *
 * From articles, a span from a rule fact names its pkg:Mention; the
 * resource it stands for is looked up through that mention once the graph
 * is whole (pk_review_resolve), so what the page says is what the graph
 * says.
 *
 * From a store there is no extraction to watch, only the graph.  Each
 * document's text is the evidence sentences its mentions keep; spans are
 * each mention's match, narrowed to the resource's label when the label is
 * in it, and the labels of the actors and persons the document mentions,
 * wherever they occur in those sentences (pk_review_from_graph).
 */
#include "policykg.h"

#include <stdlib.h>
#include <string.h>

#include "review/review_graph.h"
#include "rdf/onto.h"
#include "rdf/vocab.h"

/* ---- looking things up in the graph ------------------------------------------ */

/* Who has evidence M: (mention, resource) pairs sorted by mention. */
struct pk_review_ev {
	const char *m, *s;
};

static int pk_review_ev_cmp(const void *x, const void *y)
{
	const pk_review_ev *a = x, *b = y;
	int c = strcmp(a->m, b->m);

	return c ? c : strcmp(a->s, b->s);
}

int pk_review_ev_index(pk_review_ev **out, size_t *n, pk_graph *g)
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

const char *pk_review_holder(pk_graph *g, const char *post)
{
	const pk_triple *t;
	size_t n, i;

	pk_graph_sorted(&t, &n, g);
	for (i = 0; i < n; i++)
		if (t[i].o_is_iri && strcmp(t[i].o, post) == 0 && strcmp(t[i].p, PKG("position")) == 0)
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
int pk_review_resolve(pk_review_doc *d, pk_graph *g, const pk_review_ev *ev, size_t nev)
{
	size_t i, k, n;
	int rc = 0;

	for (i = 0; i < d->nspans && rc == 0; i++) {
		pk_review_span *sp = &d->spans[i];
		const pk_review_ev *e;
		const char *want = NULL, *iri = NULL, *value = NULL;

		if (!sp->mention) {
			if (sp->iri && !sp->cls && pk_onto_class(g, sp->iri))
				rc = pk_review_doc_dup(&sp->cls, pk_onto_class(g, sp->iri));
			continue;
		}
		n = pk_review_ev_find(&e, ev, nev, sp->mention);
		for (k = 0; k < n && !iri; k++) {
			const char *s = e[k].s;

			switch (sp->kind) {
			case PK_REVIEW_PERSON:
				if (pk_onto_has_type(g, s, PKG("Position")))
					iri = pk_review_holder(g, s);
				else if (!(iri = pk_review_object_labelled(g, s, PKG("participant"),
					d->text + sp->start, sp->end - sp->start)))
					iri = pk_review_object_labelled(g, s, PKG("chair"),
						d->text + sp->start, sp->end - sp->start);
				break;
			case PK_REVIEW_TITLE:
				if (pk_onto_has_type(g, s, PKG("Position"))) {
					iri = s;
					value = pk_graph_value(g, s, PKG("title"), "ko");
				}
				break;
			case PK_REVIEW_PLACE:
				if ((iri = pk_graph_value(g, s, PKG("location"), NULL)) != NULL)
					value = pk_onto_label(g, iri);
				break;
			case PK_REVIEW_EVENT:
				want = PKG("Event");
				/* fall through */
			case PK_REVIEW_AGREEMENT:
				if (!want)
					want = PKG("Agreement");
				if (pk_onto_has_type(g, s, want)) {
					iri = s;
					value = pk_onto_label(g, s);
				}
				want = NULL;
				break;
			default:
				break;
			}
		}
		if (iri && !value && sp->kind == PK_REVIEW_PERSON)
			value = pk_onto_label(g, iri);
		if (iri) {
			free(sp->iri);
			free(sp->cls);
			sp->iri = sp->cls = NULL;
			if ((rc = pk_review_doc_dup(&sp->iri, iri)) == 0)
				rc = pk_review_doc_dup(&sp->cls, pk_onto_class(g, iri));
			if (rc == 0 && value && !sp->value)
				rc = pk_review_doc_dup(&sp->value, value);
		} else if (!sp->value) {
			rc = pk_review_doc_dup(&sp->value, "no resource: the graph stage wrote nothing for this match");
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
			pk_onto_class(g, iri), pk_onto_label(g, iri), rule)) < 0)
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
		if (pk_onto_has_type(g, s, map[i].cls))
			return map[i].kind;
	*ok = 0;
	return PK_REVIEW_ORG;
}

int pk_review_from_graph(pk_review_doc *d, pk_graph *g, const char *doc,
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
		    strcmp(t[i].o, doc) != 0 || !pk_onto_has_type(g, t[i].s, PKG("Mention")))
			continue;
		m[nm].iri = t[i].s;
		m[nm].sentence = pk_graph_value(g, t[i].s, PKG("sentence"), NULL);
		m[nm].start = pk_onto_long(g, t[i].s, PKG("start"));
		m[nm].mstart = pk_onto_long(g, t[i].s, PKG("matchStart"));
		m[nm].mend = pk_onto_long(g, t[i].s, PKG("matchEnd"));
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
				holder = pk_review_holder(g, s);
				title = pk_graph_value(g, s, PKG("title"), "ko");
				if (holder && pk_onto_label(g, holder))
					rc = pk_review_find_label(d, ms, me, pk_onto_label(g, holder),
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
						pk_onto_class(g, s), pk_onto_label(g, s), m[i].rule);
			}
			if (rc == 0 && kind == PK_REVIEW_EVENT) {
				const char *place = pk_graph_value(g, s, PKG("location"), NULL);

				if (place && pk_onto_label(g, place))
					rc = pk_review_find_label(d, ms, me, pk_onto_label(g, place),
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
		    !pk_onto_has_type(g, t[i].s, PKG("Actor")))
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

int pk_review_load_store(pk_graph *g, pk_store *st)
{
	pk_table *t = NULL;
	size_t r;
	int rc;

	if ((rc = pk_store_query(&t, st, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")) < 0)
		return rc;
	for (r = 0; r < t->nrows && rc == 0; r++)
		rc = pk_onto_add_row(g, t, r, NULL);
	pk_table_free(t);
	return rc;
}
