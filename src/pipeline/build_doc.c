/*
 * build_doc.c - the graph stage over one document: the pkg:Document, the
 * entities it mentions, the names it gives them, then its posts
 * (build_posts.c) and its events and agreements (build_events.c); and,
 * once every document is in, what articles settle for each other.
 *
 * Each document's graph describes the entities it mentions itself, so
 * one article's facts can be dropped without the others'.
 */
#include <stdlib.h>
#include <string.h>

#include "pipeline/build_events.h"
#include "pipeline/build_int.h"
#include "pipeline/build_posts.h"
#include "rdf/onto.h"
#include "rdf/vocab.h"

int pk_build_document(pk_builder *b, const pk_docview *dv)
{
	pk_buf d = PK_BUF_INIT;
	size_t i;
	int rc;

	if (pk_buf_printf(&d, PK_NS_ID "document/%s", dv->doc->id) < 0)
		return PK_ENOMEM;
	/* each document's graph describes the entities it mentions itself,
	 * so one article's facts can be dropped without the others' */
	memset(b->described, 0, b->rs->nentities + 1);
	pk_build_evidence_reset(b);
	if ((rc = pk_build_chains_build(b, dv)) < 0 ||
	    (rc = pk_build_document_node(b, dv, d.ptr)) < 0)
		goto out;
	for (i = 0; i < dv->nmentioned; i++) {
		char *s = pk_onto_entity_iri(dv->mentioned[i]->id);

		if (!s) {
			rc = PK_ENOMEM;
			goto out;
		}
		rc = pk_build_describe(b, dv->mentioned[i], 0);
		if (rc == 0)
			rc = pk_graph_add_iri(b->g, s, PKG("mentionedIn"), d.ptr);
		free(s);
		if (rc < 0)
			goto out;
	}
	/* names the article gave its actors (이하 '안전연구소') */
	for (i = 0; i < dv->facts->n; i++) {
		const pk_fact *f = &dv->facts->v[i];
		const pk_slot *of = pk_fact_slot(f, PK_ROLE_OF), *al = pk_fact_slot(f, PK_ROLE_ALIAS);
		char *s = NULL, *name = NULL;

		if (f->rule->yield != PK_YIELD_ALIAS || !of || !of->ent || !al)
			continue;
		s = pk_onto_entity_iri(of->ent->id);
		name = pk_strndup(dv->nt->text + al->start, al->end - al->start);
		rc = s && name ? pk_graph_add_literal(b->g, s, PK_NS_SKOS "altLabel", name,
			pk_build_lang(name), NULL) : PK_ENOMEM;
		free(s);
		free(name);
		if (rc < 0)
			goto out;
	}
	if ((rc = pk_build_positions(b, dv, d.ptr)) < 0)
		goto out;
	rc = pk_build_events(b, dv, d.ptr);
out:
	pk_buf_free(&d);
	return rc;
}

int pk_builder_finish(pk_builder *b)
{
	const pk_triple *t;
	size_t n, i;
	char **planned = NULL;
	size_t np = 0;
	int rc = 0;

	pk_graph_sorted(&t, &n, b->g);
	for (i = 0; i < n; i++) {
		char **p;

		if (t[i].retracted || !t[i].o_is_iri || strcmp(t[i].p, PKG("status")) != 0 ||
		    strcmp(t[i].o, PKG("Planned")) != 0)
			continue;
		p = realloc(planned, (np + 1) * sizeof *p);
		if (!p) {
			rc = PK_ENOMEM;
			goto out;
		}
		planned = p;
		if (!(planned[np] = pk_strdup(t[i].s))) {
			rc = PK_ENOMEM;
			goto out;
		}
		np++;
	}
	/* a signed agreement is no longer planned */
	for (i = 0; i < np; i++)
		if (pk_graph_has_iri(b->g, planned[i], PKG("status"), PKG("Concluded")))
			pk_graph_retract_iri(b->g, planned[i], PKG("status"), PKG("Planned"));
out:
	for (i = 0; i < np; i++)
		free(planned[i]);
	free(planned);
	return rc;
}
