/*
 * serve_write.c - an answer's bytes and its Content-Type.  Which media
 * type is negotiated here from the Accept header (or a format=
 * parameter); the bytes are the store's own writers' (table.c: SPARQL
 * JSON, XML, CSV, TSV) for SELECT and ASK, and Raptor's Turtle and
 * N-Triples serializers for the triples of a CONSTRUCT, with the
 * contract's prefixes and no base URI (known-traps.md: a base makes
 * Raptor write every IRI relative).
 */
#define _POSIX_C_SOURCE 200809L
#include "serve/serve_int.h"
#include "rdf/vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <raptor2.h>

typedef struct pk_serve_type {
	const char *mime;     /* what Accept names */
	const char *format;   /* what format= names, NULL: not this line */
	pk_serve_media media;
	int graph;            /* for a CONSTRUCT's triples */
} pk_serve_type;

/* The first line for a media is its Content-Type. */
static const pk_serve_type pk_serve_types[] = {
	{ "application/sparql-results+json", "json", PK_SERVE_JSON, 0 },
	{ "application/json", NULL, PK_SERVE_JSON, 0 },
	{ "application/sparql-results+xml", "xml", PK_SERVE_XML, 0 },
	{ "application/xml", NULL, PK_SERVE_XML, 0 },
	{ "text/xml", NULL, PK_SERVE_XML, 0 },
	{ "text/csv", "csv", PK_SERVE_CSV, 0 },
	{ "text/tab-separated-values", "tsv", PK_SERVE_TSV, 0 },
	{ "text/turtle", "turtle", PK_SERVE_TURTLE, 1 },
	{ "application/x-turtle", NULL, PK_SERVE_TURTLE, 1 },
	{ "application/n-triples", "ntriples", PK_SERVE_NTRIPLES, 1 },
	{ "text/plain", NULL, PK_SERVE_NTRIPLES, 1 },
};

static const char *pk_serve_content_type(pk_serve_media m)
{
	size_t i;

	for (i = 0; i < PK_ARRAY_LEN(pk_serve_types); i++)
		if (pk_serve_types[i].media == m)
			return pk_serve_types[i].mime;
	return "application/octet-stream";
}

/* One media range of an Accept header, [p, e): its quality and how well
 * it names a type of the kind (2 exactly, 1 type/\*, 0 *\/\*; -1 not). */
static int pk_serve_range(pk_serve_media *media, double *q, const char *p,
	const char *e, int graph)
{
	const char *semi, *s;
	size_t len, i;

	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	semi = memchr(p, ';', (size_t)(e - p));
	len = (size_t)((semi ? semi : e) - p);
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	*q = 1.0;
	for (s = semi; s && s < e; s = memchr(s + 1, ';', (size_t)(e - s - 1))) {
		const char *v = s + 1;

		while (v < e && *v == ' ')
			v++;
		if (e - v > 2 && (v[0] == 'q' || v[0] == 'Q') && v[1] == '=')
			*q = strtod(v + 2, NULL);
	}
	*media = graph ? PK_SERVE_TURTLE : PK_SERVE_JSON;
	if (len == 3 && strncmp(p, "*/*", 3) == 0)
		return 0;
	for (i = 0; i < PK_ARRAY_LEN(pk_serve_types); i++) {
		const pk_serve_type *t = &pk_serve_types[i];

		if (t->graph != graph)
			continue;
		if (strlen(t->mime) == len && strncasecmp(t->mime, p, len) == 0) {
			*media = t->media;
			return 2;
		}
	}
	/* type/\* stands for the default when the default is of that type */
	if (len > 2 && p[len - 1] == '*' && p[len - 2] == '/') {
		const char *def = pk_serve_content_type(*media);

		if (strncasecmp(def, p, len - 1) == 0)
			return 1;
	}
	return -1;
}

pk_serve_media pk_serve_negotiate(const char *format, const char *accept,
	int graph)
{
	pk_serve_media best = graph ? PK_SERVE_TURTLE : PK_SERVE_JSON, m;
	double best_q = 0, q;
	int best_spec = -1, spec;
	const char *p, *e;
	size_t i;

	if (format && *format) {
		for (i = 0; i < PK_ARRAY_LEN(pk_serve_types); i++)
			if (pk_serve_types[i].format && pk_serve_types[i].graph == graph &&
			    strcasecmp(pk_serve_types[i].format, format) == 0)
				return pk_serve_types[i].media;
		return best;
	}
	for (p = accept; p && *p; p = *e ? e + 1 : e) {
		e = strchr(p, ',');
		if (!e)
			e = p + strlen(p);
		spec = pk_serve_range(&m, &q, p, e, graph);
		if (spec < 0 || !(q > 0))
			continue;
		if (q > best_q || (q == best_q && spec > best_spec)) {
			best = m;
			best_q = q;
			best_spec = spec;
		}
	}
	return best;
}

/* ---- triples ------------------------------------------------------------------- */

static raptor_term *pk_serve_term(raptor_world *w, const pk_term *t)
{
	raptor_uri *dt = NULL;
	raptor_term *r;
	const unsigned char *v = (const unsigned char *)(t->value ? t->value : "");

	switch (t->kind) {
	case PK_TERM_IRI:
		return raptor_new_term_from_uri_string(w, v);
	case PK_TERM_BLANK:
		return raptor_new_term_from_blank(w, v);
	case PK_TERM_LITERAL:
		if (t->datatype && !(t->lang && t->lang[0]) &&
		    !(dt = raptor_new_uri(w, (const unsigned char *)t->datatype)))
			return NULL;
		r = raptor_new_term_from_literal(w, v, dt,
			(const unsigned char *)(t->lang && t->lang[0] ? t->lang : NULL));
		if (dt)
			raptor_free_uri(dt);
		return r;
	default:
		return NULL;
	}
}

static void pk_serve_raptor_log(void *ud, raptor_log_message *m)
{
	int *errors = ud;

	if (m->level >= RAPTOR_LOG_LEVEL_ERROR)
		(*errors)++;
}

/* The rows of a graph table through Raptor's serializer into f.  A world
 * of its own: Raptor worlds are independent, so this runs outside the
 * store's lock (as extract -j's line writers do, one world per thread). */
static int pk_serve_write_graph(FILE *f, const pk_table *t, const char *syntax)
{
	raptor_world *w = NULL;
	raptor_serializer *ser = NULL;
	raptor_statement st;
	raptor_uri *u;
	int errors = 0, rc = 0;
	size_t r, i;

	if (!(w = raptor_new_world()) || raptor_world_open(w)) {
		rc = PK_ENOMEM;
		goto out;
	}
	raptor_world_set_log_handler(w, &errors, pk_serve_raptor_log);
	if (!(ser = raptor_new_serializer(w, syntax))) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; strcmp(syntax, "turtle") == 0 && i < pk_prefixes_len; i++) {
		if (!(u = raptor_new_uri(w, (const unsigned char *)pk_prefixes[i].iri))) {
			rc = PK_ENOMEM;
			goto out;
		}
		raptor_serializer_set_namespace(ser, u,
			(const unsigned char *)pk_prefixes[i].prefix);
		raptor_free_uri(u);
	}
	if (raptor_serializer_start_to_file_handle(ser, NULL, f)) {
		rc = PK_EIO;
		goto out;
	}
	for (r = 0; r < t->nrows && t->ncols == 3 && rc == 0; r++) {
		const pk_term *row = &t->cells[r * 3];

		raptor_statement_init(&st, w);
		st.subject = pk_serve_term(w, &row[0]);
		st.predicate = pk_serve_term(w, &row[1]);
		st.object = pk_serve_term(w, &row[2]);
		if (!st.subject || !st.predicate || !st.object)
			rc = PK_ENOMEM;
		else if (raptor_serializer_serialize_statement(ser, &st))
			rc = PK_EIO;
		raptor_statement_clear(&st);
	}
	if (rc == 0 && raptor_serializer_serialize_end(ser))
		rc = PK_EIO;
	if (rc == 0 && errors)
		rc = PK_EIO;
out:
	if (ser)
		raptor_free_serializer(ser);
	if (w)
		raptor_free_world(w);
	return rc;
}

int pk_serve_write(char **body, size_t *len, const char **type,
	const pk_table *t, pk_serve_media media)
{
	static const pk_table_format formats[] = {
		[PK_SERVE_JSON] = PK_TABLE_JSON, [PK_SERVE_XML] = PK_TABLE_XML,
		[PK_SERVE_CSV] = PK_TABLE_CSV, [PK_SERVE_TSV] = PK_TABLE_TSV,
	};
	char *buf = NULL;
	size_t n = 0;
	FILE *f;
	int rc;

	*body = NULL;
	*len = 0;
	/* text/csv and TSV default to US-ASCII (RFC 4180, the IANA entry) */
	*type = media == PK_SERVE_CSV ? "text/csv; charset=utf-8" :
		media == PK_SERVE_TSV ? "text/tab-separated-values; charset=utf-8" :
		pk_serve_content_type(media);
	f = open_memstream(&buf, &n);
	if (!f)
		return PK_ENOMEM;
	if (media == PK_SERVE_TURTLE)
		rc = pk_serve_write_graph(f, t, "turtle");
	else if (media == PK_SERVE_NTRIPLES)
		rc = pk_serve_write_graph(f, t, "ntriples");
	else
		rc = pk_table_write(t, f, formats[media]);
	if (fclose(f) != 0 && rc == 0)
		rc = PK_ENOMEM;
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*body = buf;
	*len = n;
	return 0;
}
