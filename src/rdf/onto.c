/*
 * onto.c - the ontology read back (see onto.h): one place that knows
 * which class is the most specific, which label a person reads first and
 * how a mention's IRI is spelled, for every module that reads a graph.
 */
#include "rdf/onto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rdf/vocab.h"

int pk_onto_has_type(pk_graph *g, const char *s, const char *cls)
{
	return pk_graph_has_iri(g, s, PK_NS_RDF "type", cls);
}

const char *pk_onto_class(pk_graph *g, const char *s)
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

const char *pk_onto_label(pk_graph *g, const char *s)
{
	const char *v = pk_graph_value(g, s, PK_NS_RDFS "label", "ko");

	if (!v)
		v = pk_graph_value(g, s, PK_NS_RDFS "label", "en");
	if (!v)
		v = pk_graph_value(g, s, PK_NS_RDFS "label", NULL);
	return v;
}

long pk_onto_long(pk_graph *g, const char *s, const char *p)
{
	const char *v = pk_graph_value(g, s, p, NULL);

	return v ? strtol(v, NULL, 10) : -1;
}

char *pk_onto_entity_iri(const char *id)
{
	size_t n = strlen(PK_NS_ID), k = strlen(id);
	char *iri = malloc(n + k + 1);

	if (iri) {
		memcpy(iri, PK_NS_ID, n);
		memcpy(iri + n, id, k + 1);
	}
	return iri;
}

int pk_onto_mention_iri(pk_buf *b, const char *doc_id, size_t ms, size_t me,
	const char *rule)
{
	char num[48];

	/* no printf: a few thousand instructions a mention, and there are many */
	pk_buf_clear(b);
	snprintf(num, sizeof num, "/%zu-%zu/", ms, me);
	return pk_buf_puts(b, PK_NS_ID "mention/") < 0 || pk_buf_puts(b, doc_id) < 0 ||
	       pk_buf_puts(b, num) < 0 || pk_buf_puts(b, rule) < 0 ? PK_ENOMEM : 0;
}

int pk_onto_mention_prefix(pk_buf *b, const char *doc_id)
{
	pk_buf_clear(b);
	return pk_buf_printf(b, PK_NS_ID "mention/%s/", doc_id);
}

/* A cell as a node name: an IRI, "_:id" for a blank node; dflt when the
 * query has no such column. */
static const char *pk_onto_cell_node(pk_buf *b, const pk_term *t, const char *dflt)
{
	if (!t)
		return dflt;
	pk_buf_clear(b);
	if (t->kind == PK_TERM_BLANK)
		return pk_buf_printf(b, "_:%s", t->value) < 0 ? NULL : b->ptr;
	return t->value;
}

int pk_onto_add_row(pk_graph *g, const pk_table *t, size_t row, const char *self)
{
	static const char spo[] = "spo";
	const pk_term *cell[3] = { NULL, NULL, NULL };
	pk_buf sb = PK_BUF_INIT, ob = PK_BUF_INIT;
	const char *s, *o;
	size_t c;
	int rc = 0;

	for (c = 0; c < t->ncols; c++) {
		const char *name = t->names[c];
		const char *at = name[0] && !name[1] ? strchr(spo, name[0]) : NULL;

		if (at)
			cell[at - spo] = &t->cells[row * t->ncols + c];
	}
	/* a row with nothing bound where a term must be: no triple */
	for (c = 0; c < 3; c++)
		if (cell[c] && !cell[c]->value)
			goto out;
	if (!cell[1])
		goto out;
	if (!(s = pk_onto_cell_node(&sb, cell[0], self))) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (cell[2] && cell[2]->kind == PK_TERM_LITERAL)
		rc = pk_graph_add_literal(g, s, cell[1]->value, cell[2]->value,
			cell[2]->lang && cell[2]->lang[0] ? cell[2]->lang : NULL, cell[2]->datatype);
	else if ((o = pk_onto_cell_node(&ob, cell[2], self)) != NULL)
		rc = pk_graph_add_iri(g, s, cell[1]->value, o);
	else
		rc = PK_ENOMEM;
out:
	pk_buf_free(&sb);
	pk_buf_free(&ob);
	return rc;
}
