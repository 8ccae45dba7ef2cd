/*
 * extract.c - pk_extractor, the pipeline that ties the stages together:
 *
 *   reader -> normalize -> segment -> gazetteer -> rules -> graph
 *
 * A document is read, matched and built into a graph of its own by a
 * worker (with -j N, N threads, each with its own normalizer, segmenter,
 * matcher and builder over the shared read-only ruleset); the calling
 * thread then takes the documents strictly in input order, gives their
 * messages and merges (or streams) their graphs (pk_extractor_take): the
 * output and the messages are the same bytes whatever N is.  Problems
 * with one input are reported and the rest go on, and the limits of
 * pk_extract_options bound what one input can cost.
 *
 * The jobs live in files of their own, sharing extract_int.h:
 * extract_worker.c one document through the stages, extract_pool.c the
 * threads of -j N, extract_stream.c N-Triples / N-Quads written as
 * documents come, extract_manifest.c --manifest, extract_ids.c the
 * document ids seen.
 */
#include <stdlib.h>
#include <string.h>

#include "pipeline/extract_int.h"

int pk_extractor_new(pk_extractor **out, const pk_ruleset *rs,
	const pk_extract_options *opts, const pk_diag *diag)
{
	pk_extractor *ex;
	size_t i;
	int rc;

	*out = NULL;
	ex = calloc(1, sizeof *ex);
	if (!ex)
		return PK_ENOMEM;
	ex->rs = rs;
	if (opts)
		ex->opts = *opts;
	if (diag)
		ex->diag = *diag;
	if (!ex->opts.max_document_bytes)
		ex->opts.max_document_bytes = PK_DEFAULT_MAX_DOCUMENT_BYTES;
	if (!ex->opts.max_sentence_chars)
		ex->opts.max_sentence_chars = PK_DEFAULT_MAX_SENTENCE_CHARS;
	if (!ex->opts.match_limit)
		ex->opts.match_limit = PK_DEFAULT_MATCH_LIMIT;
	if (!ex->opts.depth_limit)
		ex->opts.depth_limit = PK_DEFAULT_DEPTH_LIMIT;
	if (ex->opts.jobs < 1)
		ex->opts.jobs = 1;
	if (ex->opts.jobs > PK_EXTRACT_MAX_JOBS)
		ex->opts.jobs = PK_EXTRACT_MAX_JOBS;
	ex->workers = calloc((size_t)ex->opts.jobs, sizeof *ex->workers);
	if (!ex->workers) {
		free(ex);
		return PK_ENOMEM;
	}
	ex->nworkers = (size_t)ex->opts.jobs;
	for (i = 0; i < ex->nworkers; i++) {
		if ((rc = pk_worker_init(&ex->workers[i], ex)) < 0) {
			pk_extractor_free(ex);
			return rc;
		}
	}
	if ((rc = pk_graph_new(&ex->graph)) < 0 ||
	    (rc = pk_builder_new(&ex->builder, ex->graph, rs, &ex->diag)) < 0) {
		pk_extractor_free(ex);
		return rc;
	}
	pk_builder_set_reference(ex->builder, ex->opts.reference_date);
	if (ex->opts.manifest && (rc = pk_extractor_manifest(ex, ex->opts.manifest)) < 0) {
		pk_extractor_free(ex);
		return rc;
	}
	*out = ex;
	return 0;
}

void pk_extractor_free(pk_extractor *ex)
{
	size_t i, k;

	if (!ex)
		return;
	for (i = 0; i < ex->nmanifest; i++) {
		free(ex->manifest[i].path);
		for (k = 0; k < 3; k++)
			free(ex->manifest[i].field[k]);
	}
	free(ex->manifest);
	/* a stream never finished leaves its target as it was */
	if (ex->out.fh)
		pk_outfile_close(&ex->out, 0, &ex->diag);
	pk_line_writer_free(ex->lines);
	pk_graph_free(ex->shared);
	pk_builder_free(ex->builder);
	pk_graph_free(ex->graph);
	for (i = 0; ex->workers && i < ex->nworkers; i++) {
		pk_builder_free(ex->workers[i].builder);
		pk_line_writer_free(ex->workers[i].lines);
		pk_matcher_free(ex->workers[i].matcher);
		pk_segmenter_free(ex->workers[i].seg);
		pk_normalizer_free(ex->workers[i].norm);
	}
	free(ex->workers);
	for (i = 0; i < ex->nlistings; i++)
		pk_extractor_listing_free(&ex->listings[i]);
	free(ex->listings);
	free(ex->ids);
	free(ex->names);
	free(ex->idset);
	free(ex);
}

/* ---- building, in input order ------------------------------------------------- */


/* Give a's messages, then add its graph to ours (or write it when
 * streaming). */
int pk_extractor_take(pk_extractor *ex, pk_analysis *a)
{
	const pk_quad *q;
	size_t n, i;
	int rc;

	for (i = 0; i < a->nmsgs; i++)
		pk_diag_emit(&ex->diag, a->msgs[i].sev, "%s", a->msgs[i].text);
	/* an input that could not be read is skipped; only a failed output
	 * (PK_EIO from here on) or memory stops the run */
	if (a->rc < 0)
		return a->rc == PK_ENOMEM ? PK_ENOMEM : PK_EINPUT;
	if ((rc = pk_extractor_note_id(ex, a)) < 0)
		goto out;
	ex->ndocs++;
	pk_graph_memo_reset(&ex->memo);
	if (ex->streaming) {
		rc = pk_extractor_stream_doc(ex, a);
		goto out;
	}
	pk_graph_quads_sorted(&q, &n, a->graph);
	if ((rc = pk_graph_set_context(ex->graph, ex->merged_only ? NULL : a->iri)) < 0)
		goto out;
	rc = pk_graph_add_copies(ex->graph, q, n, &ex->memo);
	if (rc == 0 && ex->obs.document) {
		pk_docview dv;

		pk_analysis_view(&dv, a);
		rc = ex->obs.document(ex->obs.ud, &dv);
	}
out:
	if (rc == PK_ENOMEM)
		pk_diag_emit(&ex->diag, PK_SEV_ERROR, "%s: out of memory", a->doc.name);
	return rc;
}

/* ---- inputs ------------------------------------------------------------------- */

int pk_extractor_add_text(pk_extractor *ex, const char *name,
	const char *bytes, size_t len)
{
	pk_worker *w = &ex->workers[0];
	pk_analysis a;
	char *id = NULL;
	const char *base = strrchr(name, '/');
	const char *dot;
	int rc;

	if (len > ex->opts.max_document_bytes) {
		pk_diag_emit(&ex->diag, PK_SEV_WARNING,
			"%s: larger than %zu bytes (--max-document-bytes); skipped",
			name, ex->opts.max_document_bytes);
		return PK_EINPUT;
	}
	memset(&a, 0, sizeof a);
	pk_analysis_clear(&a);
	base = base ? base + 1 : name;
	dot = strrchr(base, '.');
	id = pk_reader_slug(base, dot && dot > base ? (size_t)(dot - base) : strlen(base));
	if (!id)
		return PK_ENOMEM;
	w->cur = &a;
	rc = pk_reader_read(&a.doc, ex->rs, name, id, bytes, len, &w->diag);
	if (rc == 0)
		rc = pk_worker_match(w, &a);
	w->cur = NULL;
	a.rc = rc;
	rc = pk_extractor_take(ex, &a);
	pk_analysis_free(&a);
	free(id);
	return rc;
}

int pk_extractor_add_path(pk_extractor *ex, const char *path)
{
	pk_pool pool;
	size_t i;
	int rc, failed = 0;

	memset(&pool, 0, sizeof pool);
	/* room to keep the listing first: the ids taken will point into it */
	if (pk_extractor_listing_room(ex) < 0)
		return PK_ENOMEM;
	rc = pk_reader_list(&pool.paths, &pool.ids, &pool.n, path, &ex->diag);
	if (rc == PK_ENOMEM)
		return rc;
	if (rc < 0)
		failed = 1;
	rc = 0;
	/* an observer is told of dates as they are resolved, then of their
	 * document: one thread */
	if (ex->nworkers > 1 && pool.n > 1 && !ex->obs.date && !ex->obs.document) {
		rc = pk_extractor_run_pool(ex, &pool, &failed);
	} else {
		pk_analysis a;

		memset(&a, 0, sizeof a);
		pk_analysis_clear(&a);
		for (i = 0; i < pool.n; i++) {
			int r;

			if (ex->opts.progress)
				fprintf(stderr, "\rpolicykg: %zu/%zu %s\033[K", i + 1, pool.n,
					pool.paths[i]);
			pk_worker_run_path(&ex->workers[0], &a, pool.paths[i], pool.ids[i]);
			r = pk_extractor_take(ex, &a);
			pk_analysis_clear(&a);
			if (r == PK_ENOMEM || r == PK_EIO) {
				rc = r;
				break;
			}
			if (r < 0)
				failed = 1;
		}
		pk_analysis_free(&a);
	}
	if (ex->opts.progress && pool.n)
		fprintf(stderr, "\r\033[K");
	ex->listings[ex->nlistings].paths = pool.paths;
	ex->listings[ex->nlistings].ids = pool.ids;
	ex->listings[ex->nlistings++].n = pool.n;
	if (rc < 0)
		return rc;
	return failed ? PK_EINPUT : 0;
}

int pk_extractor_write(pk_extractor *ex, const char *path, const char *syntax)
{
	int rc;

	if (ex->streaming)
		return pk_extractor_stream_finish(ex);
	if (ex->merged_only && syntax && strcmp(syntax, "nquads") == 0) {
		pk_diag_emit(&ex->diag, PK_SEV_ERROR,
			"nquads: the documents of each triple were not kept (pk_extractor_merged_only)");
		return PK_EUSAGE;
	}
	if ((rc = pk_builder_finish(ex->builder)) < 0)
		return rc;
	return pk_serialize_write(ex->graph, path, syntax, &ex->diag);
}

int pk_extractor_merged_only(pk_extractor *ex)
{
	if (ex->ndocs || ex->streaming)
		return PK_EUSAGE;
	ex->merged_only = 1;
	return 0;
}

int pk_extractor_format_known(const char *syntax)
{
	return pk_serialize_known(syntax);
}

int pk_extractor_finish(pk_extractor *ex)
{
	return pk_builder_finish(ex->builder);
}

void pk_extractor_observe(pk_extractor *ex, const pk_extract_observer *obs)
{
	static const pk_extract_observer none = PK_EXTRACT_OBSERVER_INIT;
	/* dates are resolved where documents are built: by the workers */
	size_t i;

	ex->obs = obs ? *obs : none;
	for (i = 0; i < ex->nworkers; i++)
		pk_builder_observe_dates(ex->workers[i].builder, ex->obs.date, ex->obs.ud);
}

pk_graph *pk_extractor_graph(pk_extractor *ex)
{
	return ex->graph;
}

size_t pk_extractor_triple_count(const pk_extractor *ex)
{
	return ex->shared ? ex->nstreamed : pk_graph_size(ex->graph);
}

size_t pk_extractor_document_count(const pk_extractor *ex)
{
	return ex->ndocs;
}
