/*
 * parse.c - an RDF file (Turtle, N-Triples, N-Quads) parsed by Raptor into
 * a pk_graph, for the stages that start from a graph file instead of from
 * articles: explain.c reads the resource's neighbourhood from it, export.c
 * turns it into a property graph.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "rdf/parse.h"

#include <errno.h>
#include <raptor2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

typedef struct pk_parse_state {
	pk_graph *g;
	const pk_diag *diag;
	const char *path;
	const char *file_doc; /* the document of triples outside a named graph */
	char blank_scope[20]; /* "HHHHHHHHHHHHHHHH_" before a blank node's label, or "" */
	int errors;
	int rc; /* the first failure to add a triple */
} pk_parse_state;

static const char *const pk_parse_syntaxes[] = { "turtle", "ntriples", "nquads" };

const char *pk_parse_guess(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot && strchr(dot, '/') == NULL) {
		if (strcmp(dot, ".nt") == 0)
			return "ntriples";
		if (strcmp(dot, ".nq") == 0)
			return "nquads";
	}
	return "turtle";
}

static void pk_parse_log(void *ud, raptor_log_message *m)
{
	pk_parse_state *ps = ud;
	int line = m->locator ? raptor_locator_line(m->locator) : -1;
	pk_severity sev = m->level >= RAPTOR_LOG_LEVEL_ERROR ? PK_SEV_ERROR : PK_SEV_WARNING;

	if (m->level < RAPTOR_LOG_LEVEL_WARN)
		return;
	if (sev == PK_SEV_ERROR)
		ps->errors++;
	if (line > 0)
		pk_diag_emit(ps->diag, sev, "%s:%d: %s", ps->path, line, m->text ? m->text : "");
	else
		pk_diag_emit(ps->diag, sev, "%s: %s", ps->path, m->text ? m->text : "");
}

/* A subject, predicate, resource object or graph: an IRI, or a blank node
 * as "_:id". */
static const char *pk_parse_node(pk_buf *b, const raptor_term *t, const char *scope)
{
	pk_buf_clear(b);
	if (t->type == RAPTOR_TERM_TYPE_URI)
		return (const char *)raptor_uri_as_string(t->value.uri);
	if (pk_buf_printf(b, "_:%s%s", scope, (const char *)t->value.blank.string) < 0)
		return NULL;
	return b->ptr;
}

static void pk_parse_statement(void *ud, raptor_statement *st)
{
	pk_parse_state *ps = ud;
	pk_buf sb = PK_BUF_INIT, ob = PK_BUF_INIT, gb = PK_BUF_INIT;
	const raptor_term *o = st->object;
	const char *s = pk_parse_node(&sb, st->subject, ps->blank_scope);
	const char *p = (const char *)raptor_uri_as_string(st->predicate->value.uri);
	const char *on, *gn = NULL;
	int rc = PK_ENOMEM;

	if (st->graph && (gn = pk_parse_node(&gb, st->graph, ps->blank_scope)) == NULL)
		s = NULL;
	if (!st->graph)
		gn = ps->file_doc;
	if (s && pk_graph_set_context(ps->g, gn) < 0)
		s = NULL;
	if (s && o->type == RAPTOR_TERM_TYPE_LITERAL)
		rc = pk_graph_add_literal(ps->g, s, p, (const char *)o->value.literal.string,
			(const char *)o->value.literal.language,
			o->value.literal.datatype ? (const char *)raptor_uri_as_string(o->value.literal.datatype) : NULL);
	else if (s && (on = pk_parse_node(&ob, o, ps->blank_scope)) != NULL)
		rc = pk_graph_add_iri(ps->g, s, p, on);
	if (rc < 0 && ps->rc == 0)
		ps->rc = rc;
	pk_buf_free(&sb);
	pk_buf_free(&ob);
	pk_buf_free(&gb);
}

int pk_parse_file(pk_graph *g, const char *path, const char *syntax, const pk_diag *diag)
{
	pk_parse_opts opts = PK_PARSE_OPTS_INIT;

	opts.syntax = syntax;
	return pk_parse_file_opts(g, path, &opts, diag);
}

int pk_parse_file_opts(pk_graph *g, const char *path, const pk_parse_opts *opts,
	const pk_diag *diag)
{
	pk_parse_state ps = { g, diag, path, NULL, "", 0, 0 };
	const char *syntax = opts->syntax;
	raptor_world *w = NULL;
	raptor_parser *parser = NULL;
	raptor_uri *base = NULL;
	unsigned char *base_str = NULL, *doc_str = NULL;
	char *abs = NULL;
	FILE *fh = NULL;
	size_t i;
	int rc = 0;

	if (!syntax)
		syntax = pk_parse_guess(path);
	for (i = 0; i < PK_ARRAY_LEN(pk_parse_syntaxes); i++)
		if (strcmp(syntax, pk_parse_syntaxes[i]) == 0)
			break;
	if (i == PK_ARRAY_LEN(pk_parse_syntaxes)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: unknown RDF syntax '%s' (turtle, ntriples, nquads)",
			path, syntax);
		return PK_EUSAGE;
	}
	/* a FIFO nobody writes to would wait for ever: files only */
	if ((rc = pk_file_open_regular(&fh, path, diag)) < 0)
		return rc == PK_EINPUT ? PK_EIO : rc;
	w = raptor_new_world();
	if (!w || raptor_world_open(w)) {
		rc = PK_ENOMEM;
		goto out;
	}
	raptor_world_set_log_handler(w, &ps, pk_parse_log);
	parser = raptor_new_parser(w, syntax);
	base_str = raptor_uri_filename_to_uri_string(path);
	base = base_str ? raptor_new_uri(w, base_str) : NULL;
	if (opts->file_document || opts->scope_blank) {
		/* the file was opened: realpath fails only for want of memory */
		if ((abs = realpath(path, NULL)) == NULL || !(doc_str = raptor_uri_filename_to_uri_string(abs))) {
			rc = PK_ENOMEM;
			goto out;
		}
		if (opts->file_document)
			ps.file_doc = (const char *)doc_str;
		if (opts->scope_blank)
			snprintf(ps.blank_scope, sizeof ps.blank_scope, "%016llx_",
				(unsigned long long)pk_hash64(doc_str, strlen((const char *)doc_str)));
	}
	if (!parser || !base) {
		rc = PK_ENOMEM;
		goto out;
	}
	raptor_parser_set_statement_handler(parser, &ps, pk_parse_statement);
	if (raptor_parser_parse_file_stream(parser, fh, path, base) != 0 || ps.errors) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: not a valid %s file", path, raptor_parser_get_name(parser));
		rc = PK_EINPUT;
	}
	if (rc == 0)
		rc = ps.rc;
out:
	pk_graph_set_context(g, NULL);
	if (base)
		raptor_free_uri(base);
	if (base_str)
		raptor_free_memory(base_str);
	if (doc_str)
		raptor_free_memory(doc_str);
	free(abs);
	if (parser)
		raptor_free_parser(parser);
	if (w)
		raptor_free_world(w);
	fclose(fh);
	return rc;
}
