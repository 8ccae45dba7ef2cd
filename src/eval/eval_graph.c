/*
 * eval_graph.c - an extracted graph read back into facts of the gold's
 * seven types, by class and property, never by IRI, so that eval_match.c
 * can compare them with a gold file's by meaning.
 */
#include "eval/eval_int.h"

#include <stdlib.h>
#include <string.h>

#include "rdf/vocab.h"

/* ---- facts of a graph ------------------------------------------------------------ */

static int pk_eval_is_a(pk_graph *g, const char *s, const char *local)
{
	const pk_triple *t;
	size_t n = pk_graph_about(&t, g, s, PK_NS_RDF "type"), i;
	size_t ns = strlen(PK_NS_PKG);

	for (i = 0; i < n; i++)
		if (strncmp(t[i].o, PK_NS_PKG, ns) == 0 && strcmp(t[i].o + ns, local) == 0)
			return 1;
	return 0;
}

/* The gazetteer id of iri (right under pkgid:, no '/' after), or NULL. */
static const char *pk_eval_gazetteer_id(const char *iri)
{
	size_t n = strlen(PK_NS_ID);

	if (strncmp(iri, PK_NS_ID, n) != 0 || !iri[n] || strchr(iri + n, '/'))
		return NULL;
	return iri + n;
}

/* How facts name a resource: its gazetteer id, else its Korean label,
 * else any label, else the IRI. */
static const char *pk_eval_ref(pk_graph *g, const char *iri)
{
	const char *s;

	if ((s = pk_eval_gazetteer_id(iri)) || (s = pk_graph_value(g, iri, PK_NS_RDFS "label", "ko")) ||
	    (s = pk_graph_value(g, iri, PK_NS_RDFS "label", NULL)))
		return s;
	return iri;
}

/* The part of an IRI after '#' (pkg:Concluded -> Concluded). */
static const char *pk_eval_local(const char *iri)
{
	const char *h = strrchr(iri, '#');

	return h ? h + 1 : iri;
}

/* Every value of s p (with language lang when given) into v: literals as
 * they are, resources as pk_eval_ref names them. */
static int pk_eval_values(pk_eval_value *v, pk_graph *g, const char *s, const char *p,
	const char *lang)
{
	const pk_triple *t;
	size_t n = pk_graph_about(&t, g, s, p), i;
	int rc;

	for (i = 0; i < n; i++) {
		const char *x;

		if (lang && (!t[i].lang || strcmp(t[i].lang, lang) != 0))
			continue;
		x = t[i].o_is_iri ? pk_eval_ref(g, t[i].o) : t[i].o;
		if (!pk_eval_value_has(v, x) && (rc = pk_eval_value_add(v, x, strlen(x))) < 0)
			return rc;
	}
	/* an English release names things in English only */
	if (lang && v->n == 0 && n > 0)
		return pk_eval_values(v, g, s, p, NULL);
	return 0;
}

/* The rule behind resource s: that of its evidence, else (a person) that
 * of a post it holds, else the gazetteer for a gazetteer entity; a
 * resource read from text without evidence says so. */
static const char *pk_eval_rule(pk_graph *g, const char *s)
{
	const char *m, *r, *pos;

	if ((m = pk_graph_value(g, s, PKG("evidence"), NULL)) && (r = pk_graph_value(g, m, PKG("rule"), NULL)))
		return r;
	if ((pos = pk_graph_value(g, s, PKG("position"), NULL)) &&
	    (m = pk_graph_value(g, pos, PKG("evidence"), NULL)) && (r = pk_graph_value(g, m, PKG("rule"), NULL)))
		return r;
	return pk_eval_gazetteer_id(s) ? "gazetteer" : "no evidence";
}

/* A new fact for resource s, its rule set. */
static pk_eval_fact *pk_eval_graph_fact(pk_eval_facts *out, pk_eval_type type,
	const char *rule)
{
	pk_eval_fact *f = pk_eval_facts_push(out, type);

	if (f && !(f->rule = pk_strdup(rule))) {
		pk_eval_facts_pop(out);
		return NULL;
	}
	return f;
}

static int pk_eval_graph_document(pk_eval_facts *out, pk_graph *g, const char *d)
{
	static const char *const props[] = {
		PK_NS_DCTERMS "issued", PK_NS_DCTERMS "publisher", PK_NS_DCTERMS "title", PK_NS_DCTERMS "source"
	};
	pk_eval_fact *f = pk_eval_graph_fact(out, PK_EVAL_DOCUMENT, "header");
	size_t i;
	int rc;

	if (!f)
		return PK_ENOMEM;
	for (i = 0; i < PK_ARRAY_LEN(props); i++)
		if ((rc = pk_eval_value_set(&f->key[i], pk_graph_value(g, d, props[i], NULL))) < 0)
			return rc;
	return 0;
}

static int pk_eval_graph_person(pk_eval_facts *out, pk_graph *g, const char *s)
{
	pk_eval_fact *f = pk_eval_graph_fact(out, PK_EVAL_PERSON, pk_eval_rule(g, s));

	return f ? pk_eval_values(&f->key[0], g, s, PK_NS_RDFS "label", NULL) : PK_ENOMEM;
}

static int pk_eval_graph_position(pk_eval_facts *out, pk_graph *g, const char *s)
{
	pk_eval_fact *f = pk_eval_graph_fact(out, PK_EVAL_POSITION, pk_eval_rule(g, s));
	const pk_triple *t;
	size_t n, i;
	int rc;

	if (!f)
		return PK_ENOMEM;
	/* the holders: whoever has pkg:position s */
	pk_graph_sorted(&t, &n, g);
	for (i = 0; i < n; i++)
		if (strcmp(t[i].p, PKG("position")) == 0 && strcmp(t[i].o, s) == 0 &&
		    (rc = pk_eval_values(&f->key[0], g, t[i].s, PK_NS_RDFS "label", NULL)) < 0)
			return rc;
	if ((rc = pk_eval_values(&f->key[1], g, s, PKG("title"), "ko")) < 0)
		return rc;
	return pk_eval_values(&f->key[2], g, s, PKG("organization"), NULL);
}

static const char *pk_eval_class(pk_graph *g, const char *s, const char *const *classes)
{
	size_t i;

	for (i = 0; classes[i]; i++)
		if (pk_eval_is_a(g, s, classes[i]))
			return classes[i];
	return NULL;
}

static int pk_eval_graph_agreement(pk_eval_facts *out, pk_graph *g, const char *s)
{
	pk_eval_fact *f = pk_eval_graph_fact(out, PK_EVAL_AGREEMENT, pk_eval_rule(g, s));
	const char *status = pk_graph_value(g, s, PKG("status"), NULL);
	int rc;

	if (!f)
		return PK_ENOMEM;
	if ((rc = pk_eval_value_set(&f->key[0], pk_eval_class(g, s, pk_eval_kinds))) < 0 ||
	    (rc = pk_eval_value_set(&f->key[1], status ? pk_eval_local(status) : NULL)) < 0 ||
	    (rc = pk_eval_values(&f->key[2], g, s, PKG("party"), NULL)) < 0 ||
	    (rc = pk_eval_values(&f->key[3], g, s, PKG("signedOn"), NULL)) < 0 ||
	    (rc = pk_eval_values(&f->key[4], g, s, PK_NS_RDFS "label", "ko")) < 0)
		return rc;
	return pk_eval_values(&f->key[5], g, s, PKG("validFor"), NULL);
}

static int pk_eval_graph_event(pk_eval_facts *out, pk_graph *g, const char *s)
{
	static const char *const props[PK_EVAL_MAX_KEYS] = {
		NULL, PK_NS_RDFS "label", PKG("startDate"), PKG("endDate"), PKG("location"),
		PKG("organizer"), PKG("participant"), PKG("chair")
	};
	pk_eval_fact *f = pk_eval_graph_fact(out, PK_EVAL_EVENT, pk_eval_rule(g, s));
	size_t k;
	int rc;

	if (!f)
		return PK_ENOMEM;
	if ((rc = pk_eval_value_set(&f->key[0], pk_eval_class(g, s, pk_eval_classes))) < 0)
		return rc;
	for (k = 1; k < PK_EVAL_MAX_KEYS; k++)
		if ((rc = pk_eval_values(&f->key[k], g, s, props[k], k == 1 ? "ko" : NULL)) < 0)
			return rc;
	return 0;
}

static int pk_eval_graph_date(pk_eval_facts *out, pk_graph *g, const pk_triple *t)
{
	const char *dt = t->dt ? pk_eval_local(t->dt) : "string";
	pk_eval_fact *f;
	size_t i;
	int rc;

	for (i = 0; i < out->n; i++)
		if (out->v[i].type == PK_EVAL_DATE && strcmp(out->v[i].key[0].v[0], t->o) == 0 &&
		    strcmp(out->v[i].key[1].v[0], dt) == 0)
			return 0;
	if (!(f = pk_eval_graph_fact(out, PK_EVAL_DATE, pk_eval_rule(g, t->s))))
		return PK_ENOMEM;
	if ((rc = pk_eval_value_set(&f->key[0], t->o)) < 0)
		return rc;
	return pk_eval_value_set(&f->key[1], dt);
}

static int pk_eval_is_date_prop(const char *p)
{
	return strcmp(p, PKG("signedOn")) == 0 || strcmp(p, PKG("startDate")) == 0 ||
		strcmp(p, PKG("endDate")) == 0;
}

/* s is pkg:mentionedIn a document. */
static int pk_eval_mentioned(pk_graph *g, const char *s)
{
	const pk_triple *t;
	size_t n = pk_graph_about(&t, g, s, PKG("mentionedIn")), i;

	for (i = 0; i < n; i++)
		if (pk_eval_is_a(g, t[i].o, "Document"))
			return 1;
	return 0;
}

/* An actor: a gazetteer entity by its id, an organization the gazetteer
 * does not know by its name. */
static int pk_eval_graph_actor(pk_eval_facts *out, pk_graph *g, const char *s)
{
	const char *id = pk_eval_gazetteer_id(s);
	pk_eval_fact *f = pk_eval_graph_fact(out, PK_EVAL_ACTOR, id ? "gazetteer" : pk_eval_rule(g, s));

	return f ? pk_eval_value_set(&f->key[0], id ? id : pk_eval_ref(g, s)) : PK_ENOMEM;
}

/* The fact resource s stands for, if any: its types say which. */
static int pk_eval_graph_resource(pk_eval_facts *out, pk_graph *g, const char *s)
{
	if ((pk_eval_gazetteer_id(s) ? pk_eval_is_a(g, s, "Actor") : pk_eval_is_a(g, s, "Organization")) &&
	    pk_eval_mentioned(g, s))
		return pk_eval_graph_actor(out, g, s);
	if (pk_eval_is_a(g, s, "Document"))
		return pk_eval_graph_document(out, g, s);
	if (pk_eval_is_a(g, s, "Person"))
		return pk_eval_graph_person(out, g, s);
	if (pk_eval_is_a(g, s, "Position"))
		return pk_eval_graph_position(out, g, s);
	if (pk_eval_class(g, s, pk_eval_kinds))
		return pk_eval_graph_agreement(out, g, s);
	if (pk_eval_class(g, s, pk_eval_classes))
		return pk_eval_graph_event(out, g, s);
	return 0;
}

int pk_eval_graph_facts(pk_eval_facts *out, pk_graph *g)
{
	const pk_triple *t;
	size_t n, i;
	int rc;

	pk_graph_sorted(&t, &n, g);
	for (i = 0; i < n; i++) {
		/* sorted: each subject's triples come together */
		if ((i == 0 || strcmp(t[i].s, t[i - 1].s) != 0) &&
		    (rc = pk_eval_graph_resource(out, g, t[i].s)) < 0)
			return rc;
		if (pk_eval_is_date_prop(t[i].p) && (rc = pk_eval_graph_date(out, g, &t[i])) < 0)
			return rc;
	}
	return 0;
}
