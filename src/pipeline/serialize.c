/*
 * serialize.c - the serialization stage.
 *
 * Syntaxes plug in through pk_serialize_syntaxes (name, Raptor serializer
 * name, or none for the line syntaxes).  N-Triples and N-Quads are
 * written by rdf/nquads.c, a line per statement in UTF-8 (Raptor's
 * writers escape byte by byte through an iostream and write non-ASCII as
 * \uXXXX; bench/RESULTS.md, "Issue 16: writers").  A whole graph in
 * Turtle is written by rdf/turtle.c, the bytes Raptor's serializer writes,
 * when every statement is of the kinds it knows (else by Raptor).
 * RDF/XML and dot go through Raptor, which gets no base URI (with one it
 * makes every IRI relative: ../shared/spec/known-traps.md) and the
 * namespaces of vocab.c.  The triples come in sorted order, so the same
 * graph gives the same bytes.
 */
#include "pipeline/serialize.h"

#include <errno.h>
#include <raptor2.h>
#include <stdlib.h>
#include <string.h>

#include "base/outfile.h"
#include "rdf/nquads.h"
#include "rdf/turtle.h"
#include "rdf/vocab.h"

typedef struct pk_serialize_syntax {
	const char *name;
	const char *raptor_name; /* NULL: lines of rdf/nquads.c */
	int namespaces; /* the syntax writes prefixes */
	int quads;      /* each triple in the named graph of its document */
} pk_serialize_syntax;

static const pk_serialize_syntax pk_serialize_syntaxes[] = {
	{ "turtle", "turtle", 1, 0 },
	{ "ntriples", NULL, 0, 0 },
	{ "nquads", NULL, 0, 1 },
	{ "rdfxml", "rdfxml-abbrev", 1, 0 },
	{ "dot", "dot", 1, 0 },
};

/* Lines gathered before a write to the file: few calls, little memory. */
#define PK_SERIALIZE_FLUSH (64 * 1024)

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
	pk_ttl *ttl;           /* Turtle by rdf/turtle.c (owned), or NULL */
	pk_buf lines;          /* line syntaxes, ttl: text not yet written */
	const pk_diag *diag;
	size_t count;
};

/* The lines gathered so far to the file.  A failed write is PK_EIO, its
 * message left to the caller. */
static int pk_serializer_flush(pk_serializer *s)
{
	size_t n = s->lines.len;
	int rc = n && fwrite(s->lines.ptr, 1, n, s->of.fh) != n ? PK_EIO : 0;

	pk_buf_clear(&s->lines);
	return rc;
}

/* pk_serializer_open, with Turtle by ttl (taken, freed with s) when it
 * is not NULL. */
static int pk_serializer_start(pk_serializer **out, const char *path, const char *syntax,
	pk_ttl *ttl, const pk_diag *diag)
{
	const pk_serialize_syntax *syn = pk_serialize_find(syntax ? syntax : "turtle");
	pk_serializer *s = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if (!syn) {
		pk_diag_emit(diag, PK_SEV_ERROR, "unknown output format '%s' (%s)",
			syntax, pk_serialize_names());
		pk_ttl_free(ttl);
		return PK_EUSAGE;
	}
	if (!(s = calloc(1, sizeof *s))) {
		pk_ttl_free(ttl);
		return PK_ENOMEM;
	}
	s->syn = syn;
	s->diag = diag;
	s->ttl = ttl;
	if ((rc = pk_outfile_open(&s->of, path, diag)) < 0) {
		pk_ttl_free(ttl);
		free(s);
		return rc;
	}
	s->log.diag = diag;
	s->log.path = s->of.is_stdout ? "-" : s->of.path;
	if (ttl && (rc = pk_ttl_put_header(ttl, &s->lines)) < 0)
		goto fail;
	if (!syn->raptor_name || ttl) {
		*out = s;
		return 0;
	}
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

int pk_serializer_open(pk_serializer **out, const char *path, const char *syntax,
	const pk_diag *diag)
{
	return pk_serializer_start(out, path, syntax, NULL, diag);
}

int pk_serializer_quads(const pk_serializer *s)
{
	return s->syn->quads;
}

/* A term rdf/nquads.c refused: the pipeline makes only UTF-8, so this is
 * a bug, reported with the statement and failed as a write. */
static void pk_serialize_not_utf8(const pk_diag *diag, const char *where, const pk_triple *t)
{
	pk_diag_emit(diag, PK_SEV_ERROR, "%s: <%s> %s: not valid UTF-8", where, t->s, t->p);
}

/* A statement as a line of rdf/nquads.c (or Turtle of rdf/turtle.c),
 * written once enough gathered. */
static int pk_serializer_put_line(pk_serializer *s, const pk_triple *t, const char *graph)
{
	int rc = s->ttl ? pk_ttl_put(s->ttl, &s->lines, t) : pk_nq_put_quad(&s->lines, t, graph);

	if (rc == PK_EINPUT) {
		pk_serialize_not_utf8(s->diag, s->log.path, t);
		s->log.errors++; /* not a failed write: its own message */
		return PK_EIO;
	}
	if (rc == 0 && s->lines.len >= PK_SERIALIZE_FLUSH &&
	    (rc = pk_serializer_flush(s)) < 0) {
		pk_diag_emit(s->diag, PK_SEV_ERROR, "%s: %s%s",
			s->of.is_stdout ? "stdout" : s->of.path, strerror(errno),
			s->of.is_stdout ? "" : "; the old file is untouched");
		s->log.errors++;
	}
	return rc;
}

int pk_serializer_put(pk_serializer *s, const pk_triple *t, const char *graph)
{
	int rc = s->ser ?
		pk_serialize_statement(s->w, s->ser, t, s->syn->quads ? graph : NULL) :
		pk_serializer_put_line(s, t, s->syn->quads ? graph : NULL);

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
	/* a failed write shows in the stream's error flag: pk_outfile_close */
	if (ok && s->ttl && pk_ttl_put_end(s->ttl, &s->lines) < 0)
		rc = PK_ENOMEM;
	if (ok && !s->ser)
		pk_serializer_flush(s);
	pk_buf_free(&s->lines);
	pk_ttl_free(s->ttl);
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

/* *ttl: a writer of rdf/turtle.c when syntax is Turtle and it writes
 * every statement of g as Raptor would; else NULL (Raptor writes). */
static int pk_serialize_own_turtle(pk_ttl **ttl, pk_graph *g, const char *syntax)
{
	const pk_triple *t;
	size_t n, i;
	int rc;

	*ttl = NULL;
	if (syntax && strcmp(syntax, "turtle") != 0)
		return 0;
	if ((rc = pk_graph_sorted(&t, &n, g)) < 0)
		return rc;
	if ((rc = pk_ttl_new(ttl, pk_prefixes, pk_prefixes_len)) == PK_EUSAGE)
		return 0; /* prefixes it cannot choose among as Raptor does */
	if (rc < 0)
		return rc;
	for (i = 0; i < n; i++)
		if (!t[i].retracted && !pk_ttl_fits(*ttl, &t[i])) {
			pk_ttl_free(*ttl);
			*ttl = NULL;
			break;
		}
	return 0;
}

int pk_serialize_write(pk_graph *g, const char *path, const char *syntax,
	const pk_diag *diag)
{
	pk_serializer *s = NULL;
	pk_ttl *ttl = NULL;
	size_t n, i;
	int rc;

	if ((rc = pk_serialize_own_turtle(&ttl, g, syntax)) < 0 ||
	    (rc = pk_serializer_start(&s, path, syntax, ttl, diag)) < 0)
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
	const pk_diag *diag;
};

int pk_line_writer_new(pk_line_writer **out, const char *syntax, const pk_diag *diag)
{
	const pk_serialize_syntax *syn = pk_serialize_find(syntax);
	pk_line_writer *lw;

	*out = NULL;
	if (!syn || syn->raptor_name)
		return PK_EUSAGE; /* only line-based syntaxes */
	if (!(lw = calloc(1, sizeof *lw)))
		return PK_ENOMEM;
	lw->syn = syn;
	lw->diag = diag;
	*out = lw;
	return 0;
}

void pk_line_writer_free(pk_line_writer *lw)
{
	free(lw);
}

int pk_line_writer_put(pk_line_writer *lw, const pk_quad *q, size_t n, pk_buf *out)
{
	pk_nq_memo memo = PK_NQ_MEMO_INIT; /* q's strings stay put meanwhile */
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++)
		rc = pk_nq_put_quad_memo(out, &q[i].t, lw->syn->quads ? q[i].g : NULL, &memo);
	pk_nq_memo_free(&memo);
	if (rc == PK_EINPUT) {
		pk_serialize_not_utf8(lw->diag, lw->syn->name, &q[i - 1].t);
		rc = PK_EIO;
	}
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
