/*
 * store.c - the persistent graph that `policykg load` and `extract
 * --store` fill, `forget` prunes and `query` reads.  A store holds
 * documents (named graphs); loading a document again replaces what the
 * store held for it, and a triple several documents state (an
 * organization's label) stays as long as one of them does.
 *
 * This file is the part every backend shares (see store_int.h): opening
 * a store through its backend (store_dir.c for a directory, store_pg.c for
 * postgresql://...), turning a pk_store_batch (store_docs.c) into changes
 * -- new, replaced, unchanged and forgotten documents, unchanged ones
 * dropped by comparing canonical texts -- and keeping the two librdf
 * indexes in step with the texts: "graphs" with one context per document,
 * "union" with each triple once.  A change touches only the lines that
 * differ between a document's old and new text.
 *
 * Queries are store_query.c's.  Each pk_store owns one librdf_world
 * whose logger turns librdf/Raptor/Rasqal messages into pk_diag reports.
 */
#define _XOPEN_SOURCE 700
#include "store/store_int.h"
#include "rdf/vocab.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define PK_STORE_RASQAL_WARNINGS 20

/* ---- library messages ------------------------------------------------------ */

static int pk_store_logger(void *ud, librdf_log_message *m)
{
	pk_store_log *log = ud;
	raptor_locator *loc = librdf_log_message_locator(m);
	const char *msg = librdf_log_message_message(m);
	pk_severity sev;
	size_t len;
	long line = -1;

	if (log->quiet)
		return 1;
	switch (librdf_log_message_level(m)) {
	case LIBRDF_LOG_FATAL:
	case LIBRDF_LOG_ERROR:
		sev = PK_SEV_ERROR;
		log->errors++;
		break;
	case LIBRDF_LOG_WARN:
		sev = PK_SEV_WARNING;
		break;
	case LIBRDF_LOG_INFO:
		sev = PK_SEV_NOTE;
		break;
	default:
		return 1;
	}
	if (!msg)
		msg = "(no message)";
	/* Rasqal 0.9.33 warns about its own aggregate variables after any
	 * GROUP BY: "Variable $$agg$$0 was used but is not bound". */
	if (sev == PK_SEV_WARNING && strstr(msg, "$$agg$$"))
		return 1;
	len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
		len--;
	if (loc && loc->line > 0)
		line = loc->line - log->line_offset;
	if (line > 0)
		pk_diag_emit(&log->diag, sev, "%s:%ld: %.*s", log->where, line,
			(int)len, msg);
	else
		pk_diag_emit(&log->diag, sev, "%s: %.*s", log->where, (int)len, msg);
	return 1;
}

librdf_world *pk_store_world_new(pk_store_log *log)
{
	librdf_world *world = librdf_new_world();

	if (!world)
		return NULL;
	librdf_world_set_logger(world, log, pk_store_logger);
	librdf_world_open(world);
	pk_store_lmdb_register(world);
	/* Only warnings that may be errors (10); Rasqal's default (50) also
	 * reports style, e.g. "Variable p was bound but is unused" (30) for
	 * every SELECT ?s WHERE { ?s ?p ?o }. */
	if (librdf_world_get_rasqal(world))
		rasqal_world_set_warning_level(librdf_world_get_rasqal(world),
			PK_STORE_RASQAL_WARNINGS);
	return world;
}

/* ---- the test hook ------------------------------------------------------------ */

void pk_store_crash_point(const char *name)
{
	static int init;
	static char point[64];
	static long at, seen;
	const char *env, *colon;
	size_t n;

	if (!init) {
		init = 1;
		env = getenv("POLICYKG_TEST_CRASH");
		if (env && *env) {
			colon = strchr(env, ':');
			n = colon ? (size_t)(colon - env) : strlen(env);
			if (n < sizeof point) {
				memcpy(point, env, n);
				point[n] = '\0';
				at = colon ? atol(colon + 1) : 1;
			}
		}
	}
	if (!point[0] || strcmp(point, name) != 0)
		return;
	if (++seen >= at)
		raise(SIGKILL);
}

/* ---- the indexes ---------------------------------------------------------------- */

int pk_store_open_storage(librdf_storage **storage, librdf_model **model,
	pk_store *st, const char *factory, const char *name,
	const char *const *opts)
{
	librdf_hash *options;

	*storage = NULL;
	*model = NULL;
	options = librdf_new_hash_from_array_of_strings(st->world, NULL,
		(const char **)opts);
	if (!options)
		return PK_ENOMEM;
	*storage = librdf_new_storage_with_options(st->world, factory, name,
		options);
	librdf_free_hash(options);
	if (*storage)
		*model = librdf_new_model(st->world, *storage, NULL);
	if (!*model) {
		if (*storage)
			librdf_free_storage(*storage);
		*storage = NULL;
		return PK_ESTORE;
	}
	return 0;
}

void pk_store_index_close(pk_store_index *ix)
{
	if (ix->graphs)
		librdf_free_model(ix->graphs);
	if (ix->gstorage)
		librdf_free_storage(ix->gstorage);
	if (ix->uni)
		librdf_free_model(ix->uni);
	if (ix->ustorage)
		librdf_free_storage(ix->ustorage);
	memset(ix, 0, sizeof *ix);
}

void pk_store_pending_free(pk_store_pending *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		librdf_free_statement(p->stmts[i]);
	free(p->stmts);
	memset(p, 0, sizeof *p);
}

static int pk_store_pending_push(pk_store_pending *p, librdf_statement *s)
{
	librdf_statement **n;
	size_t ncap;

	if (p->n == p->cap) {
		ncap = p->cap ? p->cap * 2 : 256;
		n = realloc(p->stmts, ncap * sizeof *n);
		if (!n)
			return PK_ENOMEM;
		p->stmts = n;
		p->cap = ncap;
	}
	p->stmts[p->n++] = s;
	return 0;
}

/* The next line of a canonical text after *p (header and comments
 * skipped); 0 at the end. */
static int pk_store_next_line(const char **p, const char *end,
	const char **line, size_t *len)
{
	const char *nl;

	while (*p && *p < end) {
		nl = memchr(*p, '\n', (size_t)(end - *p));
		if (!nl)
			nl = end;
		*line = *p;
		*len = (size_t)(nl - *p);
		*p = nl < end ? nl + 1 : end;
		if (*len > 0 && **line != '#')
			return 1;
	}
	return 0;
}

static int pk_store_line_cmp(const char *a, size_t alen, const char *b,
	size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	int c = memcmp(a, b, n);

	return c ? c : (alen > blen) - (alen < blen);
}

static int pk_store_bad_line(const pk_diag *diag, const char *where,
	const char *line, size_t len)
{
	pk_diag_emit(diag, PK_SEV_ERROR, "%s: not a stored quad: %.*s", where,
		(int)(len > 80 ? 80 : len), line);
	return PK_ESTORE;
}

int pk_store_index_update(pk_store_index *ix, librdf_world *world,
	const char *iri, const char *old_text, size_t old_len,
	const char *new_text, size_t new_len, pk_store_pending *pending,
	pk_store_digest *whole, const pk_diag *diag, const char *where)
{
	const char *op = old_text, *oend = old_text ? old_text + old_len : NULL;
	const char *np = new_text, *nend = new_text ? new_text + new_len : NULL;
	const char *ol = NULL, *nl = NULL;
	size_t olen = 0, nlen = 0;
	int have_o, have_n, c, rc = 0;
	librdf_statement *stmt = NULL;
	librdf_node *ctx = NULL, *lctx = NULL;
	uint64_t cth;
	char prefix[20];

	pk_store_bnode_prefix(prefix, iri);
	ctx = librdf_new_node_from_uri_string(world, (const unsigned char *)iri);
	if (!ctx)
		return PK_ENOMEM;
	cth = pk_store_term_hash(ctx);
	have_o = pk_store_next_line(&op, oend, &ol, &olen);
	have_n = pk_store_next_line(&np, nend, &nl, &nlen);
	while (have_o || have_n) {
		c = !have_o ? 1 : !have_n ? -1 : pk_store_line_cmp(ol, olen, nl, nlen);
		if (c == 0) {
			have_o = pk_store_next_line(&op, oend, &ol, &olen);
			have_n = pk_store_next_line(&np, nend, &nl, &nlen);
			continue;
		}
		pk_store_crash_point("index");
		if (c < 0) {
			/* only in the old text */
			rc = pk_store_nq_parse_line(&stmt, &lctx, world, ol, olen, prefix);
			if (rc == PK_EINPUT)
				rc = pk_store_bad_line(diag, where, ol, olen);
			if (rc < 0)
				goto out;
			if (librdf_model_context_remove_statement(ix->graphs, ctx, stmt)) {
				pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot remove a statement",
					where);
				rc = PK_ESTORE;
				goto out;
			}
			if ((rc = pk_store_pending_push(pending, stmt)) < 0)
				goto out;
			stmt = NULL;
			have_o = pk_store_next_line(&op, oend, &ol, &olen);
		} else {
			rc = pk_store_nq_parse_line(&stmt, &lctx, world, nl, nlen, prefix);
			if (rc == PK_EINPUT)
				rc = pk_store_bad_line(diag, where, nl, nlen);
			if (rc < 0)
				goto out;
			if (whole && !old_text)
				pk_store_digest_add_in(whole, pk_store_statement_hash(stmt), cth);
			if (librdf_model_context_add_statement(ix->graphs, ctx, stmt) ||
			    librdf_model_add_statement(ix->uni, stmt)) {
				pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot add a statement",
					where);
				rc = PK_ESTORE;
				goto out;
			}
			have_n = pk_store_next_line(&np, nend, &nl, &nlen);
		}
		if (stmt)
			librdf_free_statement(stmt);
		stmt = NULL;
		if (lctx)
			librdf_free_node(lctx);
		lctx = NULL;
	}
out:
	if (stmt)
		librdf_free_statement(stmt);
	if (lctx)
		librdf_free_node(lctx);
	librdf_free_node(ctx);
	return rc;
}

/* Does some document of the graphs index still state stmt?  Asked
 * through the sp2o hash (get_targets): find_statements with anything
 * but the predicate bound reads every statement of the store, which made
 * a change cost the size of the store instead of its own. */
static int pk_store_index_states(int *present, pk_store_index *ix,
	librdf_statement *stmt)
{
	librdf_iterator *objs;
	librdf_node *o;

	*present = 0;
	objs = librdf_model_get_targets(ix->graphs,
		librdf_statement_get_subject(stmt),
		librdf_statement_get_predicate(stmt));
	if (!objs)
		return PK_ESTORE;
	o = librdf_statement_get_object(stmt);
	for (; !librdf_iterator_end(objs); librdf_iterator_next(objs)) {
		librdf_node *x = librdf_iterator_get_object(objs);

		if (x && librdf_node_equals(x, o)) {
			*present = 1;
			break;
		}
	}
	librdf_free_iterator(objs);
	return 0;
}

int pk_store_index_settle(pk_store_index *ix, pk_store_pending *pending)
{
	size_t i;
	int present, rc;

	for (i = 0; i < pending->n; i++) {
		pk_store_crash_point("index");
		/* still stated by some document? */
		if ((rc = pk_store_index_states(&present, ix, pending->stmts[i])) < 0)
			return rc;
		if (present)
			continue;
		/* nonzero also when it is gone already (two documents dropped it);
		 * without contexts, contains is one hash lookup */
		if (librdf_model_remove_statement(ix->uni, pending->stmts[i]) &&
		    librdf_model_contains_statement(ix->uni, pending->stmts[i]))
			return PK_ESTORE;
	}
	pk_store_pending_free(pending);
	return 0;
}

int pk_store_index_add_text(pk_store_index *ix, librdf_world *world,
	const char *text, size_t len, pk_store_tally *tally, const char *where,
	const pk_diag *diag)
{
	const char *p = text, *end = text + len, *line;
	size_t llen;
	librdf_statement *stmt;
	librdf_node *ctx;
	char prefix[20];
	int rc = 0;

	if ((rc = pk_store_doc_prefix(prefix, text, len, diag, where)) < 0)
		return rc;
	while (pk_store_next_line(&p, end, &line, &llen)) {
		rc = pk_store_nq_parse_line(&stmt, &ctx, world, line, llen, prefix);
		if (rc == PK_EINPUT)
			return pk_store_bad_line(diag, where, line, llen);
		if (rc < 0)
			return rc;
		if (librdf_model_context_add_statement(ix->graphs, ctx, stmt) ||
		    librdf_model_add_statement(ix->uni, stmt))
			rc = PK_ESTORE;
		else if (tally)
			rc = pk_store_tally_push(tally, pk_store_statement_hash(stmt));
		librdf_free_statement(stmt);
		librdf_free_node(ctx);
		if (rc == PK_ESTORE)
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot add a statement",
				where);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- opening ------------------------------------------------------------------ */

static const pk_store_backend *pk_store_backend_for(const char *path)
{
	if (pk_store_backend_pg.claims(path))
		return &pk_store_backend_pg;
	return &pk_store_backend_dir;
}

int pk_store_open_with(pk_store **out, const char *path,
	const pk_store_options *opts, const pk_diag *diag)
{
	pk_store_options defaults = PK_STORE_OPTIONS_INIT;
	pk_store *st = NULL;
	double wait;
	int rc = 0;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (!path || ((opts->flags & PK_STORE_READONLY) &&
	    (opts->flags & PK_STORE_CREATE))) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"%s: a store cannot be created read-only",
			path ? path : "(null)");
		return PK_EUSAGE;
	}
	wait = opts->wait >= 0 ? opts->wait : PK_STORE_WAIT_DEFAULT;
	st = calloc(1, sizeof *st);
	if (!st || !(st->path = pk_strdup(path))) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: out of memory", path);
		rc = PK_ENOMEM;
		goto out;
	}
	if (diag)
		st->log.diag = *diag;
	st->log.where = st->path;
	st->readonly = (opts->flags & PK_STORE_READONLY) != 0;
	st->backend = pk_store_backend_for(path);
	st->world = pk_store_world_new(&st->log);
	if (!st->world) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot start librdf", path);
		rc = PK_ESTORE;
		goto out;
	}
	if ((rc = st->backend->open(st, path, opts->flags, wait)) < 0)
		goto out;
	*out = st;
	st = NULL;
out:
	pk_store_free(st);
	return rc;
}

int pk_store_open(pk_store **out, const char *path, int flags,
	const pk_diag *diag)
{
	pk_store_options opts = PK_STORE_OPTIONS_INIT;

	opts.flags = flags;
	return pk_store_open_with(out, path, &opts, diag);
}

int pk_store_writer_waiting(pk_store *st)
{
	return st && st->backend && st->backend->wanted ? st->backend->wanted(st) : -1;
}

void pk_store_free(pk_store *st)
{
	if (!st)
		return;
	if (st->backend)
		st->backend->close(st);
	pk_store_index_close(&st->ix);
	if (st->inspect)
		rasqal_free_world(st->inspect);
	if (st->world)
		librdf_free_world(st->world);
	free(st->path);
	free(st);
}

static long pk_store_count(librdf_model *model)
{
	librdf_stream *s;
	long n = 0;

	if (!model)
		return -1;
	/* the LMDB index knows; other storages may say -1: count */
	if ((n = librdf_model_size(model)) >= 0)
		return n;
	n = 0;
	s = librdf_model_as_stream(model);
	if (!s)
		return -1;
	while (!librdf_stream_end(s)) {
		n++;
		librdf_stream_next(s);
	}
	librdf_free_stream(s);
	return n;
}

long pk_store_size(pk_store *st)
{
	return st ? pk_store_count(st->ix.uni) : -1;
}

int pk_store_need_graphs(pk_store *st)
{
	if (st->ix.graphs)
		return 0;
	return st->backend->open_graphs(st);
}

int pk_store_info_get(pk_store_info *out, pk_store *st)
{
	int rc;

	memset(out, 0, sizeof *out);
	out->backend = st->backend->name;
	out->generation = st->generation;
	out->documents = st->backend->documents(st);
	out->triples = pk_store_count(st->ix.uni);
	if ((rc = pk_store_need_graphs(st)) < 0)
		return rc;
	out->statements = pk_store_count(st->ix.graphs);
	if (out->documents < 0 || out->triples < 0 || out->statements < 0) {
		pk_diag_emit(&st->log.diag, PK_SEV_ERROR, "%s: cannot count the store",
			st->path);
		return PK_ESTORE;
	}
	return 0;
}

int pk_store_check(pk_store_check_result *out, pk_store *st, int repair)
{
	memset(out, 0, sizeof *out);
	if (!st->backend->check) {
		pk_diag_emit(&st->log.diag, PK_SEV_ERROR,
			"%s: 'check' reads directory stores; this is a %s store",
			st->path, st->backend->name);
		return PK_EUSAGE;
	}
	if (repair && st->readonly) {
		pk_diag_emit(&st->log.diag, PK_SEV_ERROR,
			"%s: repairing needs the store opened for writing", st->path);
		return PK_EUSAGE;
	}
	return st->backend->check(out, st, repair);
}

int pk_store_classes(pk_table **out, pk_store *st)
{
	return pk_store_query_named(out, st,
		"SELECT ?class (COUNT(DISTINCT ?resource) AS ?resources)\n"
		"WHERE { ?resource a ?class }\n"
		"GROUP BY ?class\n"
		"ORDER BY DESC(?resources) ?class\n", "stats");
}

/* ---- changing ------------------------------------------------------------------ */

int pk_store_apply(pk_store *st, pk_store_batch *b, pk_store_changes *changes)
{
	pk_store_change *ch = NULL;
	pk_store_changes counts;
	pk_store_doc *d;
	size_t n = 0, i;
	char *old = NULL;
	size_t old_len;
	int rc = 0;

	memset(&counts, 0, sizeof counts);
	if (changes)
		memset(changes, 0, sizeof *changes);
	if (st->readonly) {
		pk_diag_emit(&st->log.diag, PK_SEV_ERROR,
			"%s: the store was opened read-only", st->path);
		return PK_EUSAGE;
	}
	if (b->applied) {
		pk_diag_emit(&st->log.diag, PK_SEV_ERROR,
			"%s: a batch is applied once", st->path);
		return PK_EUSAGE;
	}
	b->applied = 1;
	ch = calloc(b->ndocs ? b->ndocs : 1, sizeof *ch);
	if (!ch) {
		rc = PK_ENOMEM;
		goto out;
	}
	/* a document at a time: with a backend that stages, only one
	 * document's texts are in memory at once */
	for (i = 0; i < b->ndocs; i++) {
		d = b->docs[i];
		if ((rc = pk_store_doc_ready(b, d)) < 0 ||
		    (rc = st->backend->read_doc(st, d, &old, &old_len)) < 0)
			goto out;
		if (d->forget && !old) {
			counts.missing++;
			continue;
		}
		if (!d->forget && old && old_len == d->text.len &&
		    memcmp(old, d->text.ptr, old_len) == 0) {
			counts.unchanged++;
			free(old);
			old = NULL;
			pk_store_doc_release(b, d);
			continue;
		}
		if (d->forget)
			counts.removed++;
		else if (old)
			counts.replaced++;
		else
			counts.added++;
		ch[n].doc = d;
		ch[n].old = old;
		ch[n].old_len = old_len;
		ch[n].has_old = old != NULL;
		old = NULL;
		if (st->backend->stage) {
			if ((rc = st->backend->stage(st, &ch[n])) < 0) {
				n++;
				goto out;
			}
			free(ch[n].old);
			ch[n].old = NULL;
			ch[n].staged = 1;
			pk_store_doc_release(b, d);
		}
		n++;
	}
	pk_store_crash_point("parsed");
	if (n > 0 && (rc = st->backend->apply(st, ch, n)) < 0)
		goto out;
	if (changes)
		*changes = counts;
out:
	free(old);
	for (i = 0; ch && i < n; i++)
		free(ch[i].old);
	free(ch);
	return rc;
}

int pk_store_load_files(const char *path, const char *const *files,
	size_t nfiles, const char *syntax, const pk_diag *diag)
{
	pk_store_batch *b = NULL;
	pk_store *st = NULL;
	size_t i;
	int rc;

	if (syntax && !pk_store_syntax_known(syntax)) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"unknown syntax '%s' (use turtle, ntriples or nquads)", syntax);
		return PK_EUSAGE;
	}
	if ((rc = pk_store_batch_new(&b, diag)) < 0)
		return rc;
	for (i = 0; i < nfiles; i++)
		if ((rc = pk_store_batch_add_file(b, files[i], syntax)) < 0)
			goto out;
	if ((rc = pk_store_open(&st, path, PK_STORE_CREATE, diag)) < 0)
		goto out;
	rc = pk_store_apply(st, b, NULL);
out:
	if (rc < 0 && rc != PK_EUSAGE && rc != PK_ESTORE && rc != PK_EBUSY)
		pk_diag_emit(diag, PK_SEV_NOTE, "%s: left unchanged", path);
	pk_store_free(st);
	pk_store_batch_free(b);
	return rc;
}

