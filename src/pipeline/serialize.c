/*
 * serialize.c - the serialization stage.
 *
 * Syntaxes plug in through pk_serialize_syntaxes (name, Raptor serializer
 * name).  Raptor gets no base URI (with one it makes every IRI relative:
 * ../shared/spec/known-traps.md) and the namespaces of vocab.c, and the
 * triples in sorted order, so the same graph gives the same bytes.
 */
#include "pipeline/serialize.h"

#include <raptor2.h>
#include <stdlib.h>
#include <string.h>

#include "base/outfile.h"
#include "rdf/vocab.h"

typedef struct pk_serialize_syntax {
	const char *name;
	const char *raptor_name;
	int namespaces; /* the syntax writes prefixes */
	int quads;      /* each triple in the named graph of its document */
} pk_serialize_syntax;

static const pk_serialize_syntax pk_serialize_syntaxes[] = {
	{ "turtle", "turtle", 1, 0 },
	{ "ntriples", "ntriples", 0, 0 },
	{ "nquads", "nquads", 0, 1 },
	{ "rdfxml", "rdfxml-abbrev", 1, 0 },
	{ "dot", "dot", 1, 0 },
};

static const pk_serialize_syntax *pk_serialize_find(const char *name)
{
	size_t i;

	for (i = 0; i < PK_ARRAY_LEN(pk_serialize_syntaxes); i++)
		if (strcmp(pk_serialize_syntaxes[i].name, name) == 0)
			return &pk_serialize_syntaxes[i];
	return NULL;
}

int pk_serialize_known(const char *name)
{
	return name && pk_serialize_find(name) != NULL;
}

const char *pk_serialize_names(void)
{
	return "turtle, ntriples, nquads, rdfxml, dot";
}

typedef struct pk_serialize_log {
	const pk_diag *diag;
	const char *path;
	int errors;
} pk_serialize_log;

static void pk_serialize_logger(void *ud, raptor_log_message *m)
{
	pk_serialize_log *log = ud;

	if (m->level >= RAPTOR_LOG_LEVEL_ERROR)
		log->errors++;
	pk_diag_emit(log->diag, m->level >= RAPTOR_LOG_LEVEL_ERROR ? PK_SEV_ERROR : PK_SEV_WARNING,
		"%s: raptor: %s", log->path, m->text ? m->text : "");
}

static raptor_term *pk_serialize_object(raptor_world *w, const pk_triple *t)
{
	raptor_uri *dt = NULL;
	raptor_term *o;

	if (t->o_is_iri)
		return raptor_new_term_from_uri_string(w, (const unsigned char *)t->o);
	if (t->dt && !(dt = raptor_new_uri(w, (const unsigned char *)t->dt)))
		return NULL;
	o = raptor_new_term_from_literal(w, (const unsigned char *)t->o, dt,
		(const unsigned char *)t->lang);
	if (dt)
		raptor_free_uri(dt);
	return o;
}

static int pk_serialize_statement(raptor_world *w, raptor_serializer *ser,
	const pk_triple *t, const char *graph)
{
	raptor_statement st;
	int rc = 0;

	raptor_statement_init(&st, w);
	st.subject = raptor_new_term_from_uri_string(w, (const unsigned char *)t->s);
	st.predicate = raptor_new_term_from_uri_string(w, (const unsigned char *)t->p);
	st.object = pk_serialize_object(w, t);
	if (graph)
		st.graph = raptor_new_term_from_uri_string(w, (const unsigned char *)graph);
	if (!st.subject || !st.predicate || !st.object || (graph && !st.graph))
		rc = PK_ENOMEM;
	else if (raptor_serializer_serialize_statement(ser, &st))
		rc = PK_EIO;
	raptor_statement_clear(&st);
	return rc;
}

struct pk_serializer {
	const pk_serialize_syntax *syn;
	pk_serialize_log log;
	pk_outfile of;
	raptor_world *w;
	raptor_serializer *ser;
	const pk_diag *diag;
	size_t count;
};

int pk_serializer_open(pk_serializer **out, const char *path, const char *syntax,
	const pk_diag *diag)
{
	const pk_serialize_syntax *syn = pk_serialize_find(syntax ? syntax : "turtle");
	pk_serializer *s = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if (!syn) {
		pk_diag_emit(diag, PK_SEV_ERROR, "unknown output format '%s' (%s)",
			syntax, pk_serialize_names());
		return PK_EUSAGE;
	}
	if (!(s = calloc(1, sizeof *s)))
		return PK_ENOMEM;
	s->syn = syn;
	s->diag = diag;
	if ((rc = pk_outfile_open(&s->of, path, diag)) < 0) {
		free(s);
		return rc;
	}
	s->log.diag = diag;
	s->log.path = s->of.is_stdout ? "-" : s->of.path;
	s->w = raptor_new_world();
	if (!s->w || raptor_world_open(s->w)) {
		rc = PK_ENOMEM;
		goto fail;
	}
	raptor_world_set_log_handler(s->w, &s->log, pk_serialize_logger);
	if (!(s->ser = raptor_new_serializer(s->w, syn->raptor_name))) {
		rc = PK_ENOMEM;
		goto fail;
	}
	if (syn->namespaces) {
		for (i = 0; i < pk_prefixes_len; i++) {
			raptor_uri *u = raptor_new_uri(s->w, (const unsigned char *)pk_prefixes[i].iri);

			if (!u) {
				rc = PK_ENOMEM;
				goto fail;
			}
			raptor_serializer_set_namespace(s->ser, u, (const unsigned char *)pk_prefixes[i].prefix);
			raptor_free_uri(u);
		}
	}
	if (raptor_serializer_start_to_file_handle(s->ser, NULL, s->of.fh)) {
		rc = PK_EIO;
		goto fail;
	}
	*out = s;
	return 0;
fail:
	pk_serializer_close(s, 0);
	return rc;
}

int pk_serializer_quads(const pk_serializer *s)
{
	return s->syn->quads;
}

int pk_serializer_put(pk_serializer *s, const pk_triple *t, const char *graph)
{
	int rc = pk_serialize_statement(s->w, s->ser, t, s->syn->quads ? graph : NULL);

	if (rc == 0 && s->log.errors)
		rc = PK_EIO;
	if (rc == PK_EIO && !s->log.errors && !s->of.is_stdout)
		pk_diag_emit(s->diag, PK_SEV_ERROR, "%s: write failed; the old file is untouched",
			s->of.path);
	if (rc == 0)
		s->count++;
	return rc;
}

size_t pk_serializer_count(const pk_serializer *s)
{
	return s->count;
}

int pk_serializer_close(pk_serializer *s, int ok)
{
	int rc = 0;

	if (!s)
		return 0;
	if (ok && s->ser && raptor_serializer_serialize_end(s->ser))
		rc = PK_EIO;
	if (s->ser)
		raptor_free_serializer(s->ser);
	if (s->w)
		raptor_free_world(s->w);
	if (s->log.errors)
		rc = PK_EIO;
	/* the file is renamed into place only when everything was written */
	if (pk_outfile_close(&s->of, ok && rc == 0, s->diag) < 0 && rc == 0)
		rc = PK_EIO;
	free(s);
	return rc;
}

int pk_serialize_write(pk_graph *g, const char *path, const char *syntax,
	const pk_diag *diag)
{
	pk_serializer *s = NULL;
	size_t n, i;
	int rc;

	if ((rc = pk_serializer_open(&s, path, syntax, diag)) < 0)
		return rc;
	if (s->syn->quads) {
		const pk_quad *q;

		pk_graph_quads_sorted(&q, &n, g);
		for (i = 0; i < n && rc == 0; i++)
			rc = pk_serializer_put(s, &q[i].t, q[i].g);
	} else {
		const pk_triple *t;

		pk_graph_sorted(&t, &n, g);
		for (i = 0; i < n && rc == 0; i++)
			if (!t[i].retracted)
				rc = pk_serializer_put(s, &t[i], NULL);
	}
	if (rc < 0) {
		pk_serializer_close(s, 0);
		return rc;
	}
	return pk_serializer_close(s, 1);
}

/* ---- statements as lines, for streams ---------------------------------------- */

struct pk_line_writer {
	const pk_serialize_syntax *syn;
	raptor_world *w;
	pk_serialize_log log;
};

int pk_line_writer_new(pk_line_writer **out, const char *syntax, const pk_diag *diag)
{
	const pk_serialize_syntax *syn = pk_serialize_find(syntax);
	pk_line_writer *lw;

	*out = NULL;
	if (!syn || syn->namespaces)
		return PK_EUSAGE; /* only line-based syntaxes */
	if (!(lw = calloc(1, sizeof *lw)))
		return PK_ENOMEM;
	lw->syn = syn;
	lw->log.diag = diag;
	lw->log.path = syntax;
	lw->w = raptor_new_world();
	if (!lw->w || raptor_world_open(lw->w)) {
		pk_line_writer_free(lw);
		return PK_ENOMEM;
	}
	raptor_world_set_log_handler(lw->w, &lw->log, pk_serialize_logger);
	*out = lw;
	return 0;
}

void pk_line_writer_free(pk_line_writer *lw)
{
	if (!lw)
		return;
	if (lw->w)
		raptor_free_world(lw->w);
	free(lw);
}

/* Raptor's string iostream keeps one stringbuffer node per write, and its
 * escaper writes byte by byte: that was a malloc per byte and half the time
 * of a streamed extraction.  Our sink appends to one growing pk_buf. */
static int pk_line_sink_write_byte(void *ctx, const int byte)
{
	pk_buf *b = ctx;

	if (b->len + 1 >= b->cap && pk_buf_grow(b, 1) < 0)
		return 1;
	b->ptr[b->len++] = (char)byte;
	b->ptr[b->len] = '\0';
	return 0;
}

static int pk_line_sink_write_bytes(void *ctx, const void *ptr, size_t size, size_t nmemb)
{
	if (size && nmemb > ((size_t)-1) / size)
		return -1;
	if (pk_buf_put(ctx, ptr, size * nmemb) < 0)
		return -1;
	return (int)nmemb;
}

static const raptor_iostream_handler pk_line_sink = {
	2, NULL, NULL, pk_line_sink_write_byte, pk_line_sink_write_bytes, NULL, NULL, NULL
};

int pk_line_writer_put(pk_line_writer *lw, const pk_quad *q, size_t n, pk_buf *out)
{
	raptor_serializer *ser = NULL;
	raptor_iostream *ios = NULL;
	size_t i;
	int rc = 0;

	if (!(ser = raptor_new_serializer(lw->w, lw->syn->raptor_name)) ||
	    !(ios = raptor_new_iostream_from_handler(lw->w, out, &pk_line_sink))) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (raptor_serializer_start_to_iostream(ser, NULL, ios)) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = pk_serialize_statement(lw->w, ser, &q[i].t, lw->syn->quads ? q[i].g : NULL);
	if (raptor_serializer_serialize_end(ser) && rc == 0)
		rc = PK_ENOMEM;
	if (rc == 0 && lw->log.errors)
		rc = PK_EIO;
out:
	if (ser)
		raptor_free_serializer(ser);
	if (ios)
		raptor_free_iostream(ios);
	return rc;
}

int pk_line_writer_write(pk_line_writer *lw, const pk_quad *q, size_t n,
	char **out, size_t *len)
{
	pk_buf buf = PK_BUF_INIT;
	int rc;

	*out = NULL;
	*len = 0;
	rc = pk_line_writer_put(lw, q, n, &buf);
	if (rc == 0 && buf.len) {
		*len = buf.len;
		*out = pk_buf_detach(&buf);
	}
	pk_buf_free(&buf);
	return rc;
}
