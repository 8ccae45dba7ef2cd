/*
 * extract_stream.c - N-Triples and N-Quads written as pk_extractor takes
 * documents (pk_extractor_stream): each document's triples are written
 * once it is built and the graph is emptied; only the triples more than
 * one document can state (about shared resources: actors, persons,
 * agreements, ...) are remembered, to write each once, and agreements'
 * statuses are held back to the end, where Concluded supersedes Planned
 * as in pk_builder_finish.  Memory then grows with the distinct
 * resources, not with the corpus.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/extract_int.h"
#include "rdf/onto.h"
#include "rdf/vocab.h"

int pk_extractor_streams(const char *syntax)
{
	return syntax && (strcmp(syntax, "ntriples") == 0 || strcmp(syntax, "nquads") == 0);
}

int pk_extractor_stream(pk_extractor *ex, const char *path, const char *syntax)
{
	size_t i;
	int rc;

	if (!pk_extractor_streams(syntax) || ex->streaming || ex->ndocs)
		return PK_EUSAGE;
	ex->quads = strcmp(syntax, "nquads") == 0;
	if ((rc = pk_graph_new(&ex->shared)) < 0 ||
	    (rc = pk_line_writer_new(&ex->lines, syntax, &ex->diag)) < 0)
		return rc;
	for (i = 0; i < ex->nworkers; i++)
		if ((rc = pk_line_writer_new(&ex->workers[i].lines, syntax,
			&ex->workers[i].diag)) < 0)
			return rc;
	if ((rc = pk_outfile_open(&ex->out, path, &ex->diag)) < 0)
		return rc;
	ex->streaming = 1;
	return 0;
}

/* The worker's part: a's statements as text, a line each. */
int pk_worker_lines(pk_worker *w, pk_analysis *a)
{
	const pk_quad *q;
	size_t n;

	pk_graph_quads_sorted(&q, &n, a->graph);
	return pk_line_writer_write(w->lines, q, n, &a->lines, &a->nlines);
}

static int pk_extractor_emit(pk_extractor *ex, const char *s, size_t n)
{
	if (n && fwrite(s, 1, n, ex->out.fh) != n) {
		pk_diag_emit(&ex->diag, PK_SEV_ERROR, "%s: %s",
			ex->out.is_stdout ? "stdout" : ex->out.path, strerror(errno));
		return PK_EIO;
	}
	return 0;
}

/* Statements formatted at a time when a document's are not formatted
 * already (-j 1): a long page's N-Quads are some thirty times its size,
 * and were held whole before being written. */
#define PK_STREAM_CHUNK 4096

/* Write q[0..n) of document a, formatted as lines[0..nlines): N-Quads
 * whole; N-Triples without what an earlier document wrote already,
 * statuses held back.  mention is the prefix of a's mentions' IRIs. */
static int pk_extractor_stream_lines(pk_extractor *ex, pk_analysis *a, const pk_buf *mention,
	const pk_quad *q, size_t n, const char *lines, size_t nlines)
{
	const char *line = lines, *end = lines + nlines;
	size_t i;
	int rc = 0;

	if (ex->quads) {
		/* each document's graph is its own: nothing to remember */
		rc = pk_extractor_emit(ex, lines, nlines);
		ex->nstreamed += n;
		return rc;
	}
	for (i = 0; i < n && rc == 0; i++) {
		const pk_triple *t = &q[i].t;
		const char *nl = line ? memchr(line, '\n', (size_t)(end - line)) : NULL;
		size_t len;
		int added = 0;

		if (!nl) { /* the line writer wrote one line per statement */
			pk_diag_emit(&ex->diag, PK_SEV_ERROR, "%s: internal error: %zu lines for %zu triples",
				a->doc.name, i, n);
			return PK_EIO;
		}
		len = (size_t)(nl + 1 - line);
		/* the document and its mentions are this document's alone */
		if (strcmp(t->s, a->iri) == 0 || strncmp(t->s, mention->ptr, mention->len) == 0 ||
		    (t->o_is_iri && (strcmp(t->o, a->iri) == 0 ||
		     strncmp(t->o, mention->ptr, mention->len) == 0))) {
			rc = pk_extractor_emit(ex, line, len);
			ex->nstreamed++;
		} else if ((rc = pk_graph_add_copy_memo(ex->shared, t, &added, &ex->memo)) == 0 && added &&
			   strcmp(t->p, PK_NS_PKG "status") != 0) {
			/* statuses wait for the end: a later article may conclude it */
			rc = pk_extractor_emit(ex, line, len);
			ex->nstreamed++;
		}
		line = nl + 1;
	}
	return rc;
}

/* Write the document a: its lines as a worker formatted them, or
 * formatted here a chunk at a time. */
int pk_extractor_stream_doc(pk_extractor *ex, pk_analysis *a)
{
	pk_buf mention = PK_BUF_INIT, text = PK_BUF_INIT;
	const pk_quad *q;
	size_t n, at, k;
	int rc = 0;

	pk_graph_quads_sorted(&q, &n, a->graph);
	if (pk_onto_mention_prefix(&mention, a->doc.id) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (a->lines) {
		rc = pk_extractor_stream_lines(ex, a, &mention, q, n, a->lines, a->nlines);
		goto out;
	}
	for (at = 0; at < n && rc == 0; at += k) {
		k = n - at < PK_STREAM_CHUNK ? n - at : PK_STREAM_CHUNK;
		pk_buf_clear(&text);
		if ((rc = pk_line_writer_put(ex->lines, q + at, k, &text)) == 0)
			rc = pk_extractor_stream_lines(ex, a, &mention, q + at, k, text.ptr, text.len);
	}
out:
	pk_buf_free(&mention);
	pk_buf_free(&text);
	if (rc < 0)
		ex->stream_failed = 1;
	return rc;
}

/* The held-back statuses, then the file committed. */
int pk_extractor_stream_finish(pk_extractor *ex)
{
	pk_quad *held = NULL;
	const pk_triple *t;
	char *text = NULL;
	size_t n, i, nheld = 0, len = 0;
	int rc = 0;

	ex->streaming = 0;
	if (ex->stream_failed) {
		rc = PK_EIO;
		goto out;
	}
	if (!ex->quads) {
		pk_graph_sorted(&t, &n, ex->shared);
		if (n && !(held = calloc(n, sizeof *held))) {
			rc = PK_ENOMEM;
			goto out;
		}
		for (i = 0; i < n; i++) {
			if (strcmp(t[i].p, PK_NS_PKG "status") != 0)
				continue;
			/* a signed agreement is no longer planned */
			if (t[i].o_is_iri && strcmp(t[i].o, PK_NS_PKG "Planned") == 0 &&
			    pk_graph_has_iri(ex->shared, t[i].s, PK_NS_PKG "status",
				PK_NS_PKG "Concluded"))
				continue;
			held[nheld++].t = t[i];
		}
		if ((rc = pk_line_writer_write(ex->lines, held, nheld, &text, &len)) < 0 ||
		    (rc = pk_extractor_emit(ex, text, len)) < 0)
			goto out;
		ex->nstreamed += nheld;
	}
out:
	free(held);
	free(text);
	/* renamed into place only now, and only when all was written */
	if (pk_outfile_close(&ex->out, rc == 0, &ex->diag) < 0 && rc == 0)
		rc = PK_EIO;
	return rc;
}
