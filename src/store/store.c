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
 * Queries are SPARQL run by Rasqal through librdf with the contract's
 * prefixes predeclared, over "union", or over "graphs" when the query has
 * a GRAPH pattern; their results are copied into a pk_table (table.c
 * writes them).  Each pk_store owns one librdf_world whose logger turns
 * librdf/Raptor/Rasqal messages into pk_diag reports.
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
	const pk_diag *diag, const char *where)
{
	const char *op = old_text, *oend = old_text ? old_text + old_len : NULL;
	const char *np = new_text, *nend = new_text ? new_text + new_len : NULL;
	const char *ol = NULL, *nl = NULL;
	size_t olen = 0, nlen = 0;
	int have_o, have_n, c, rc = 0;
	librdf_statement *stmt = NULL;
	librdf_node *ctx = NULL, *lctx = NULL;
	char prefix[20];

	pk_store_bnode_prefix(prefix, iri);
	ctx = librdf_new_node_from_uri_string(world, (const unsigned char *)iri);
	if (!ctx)
		return PK_ENOMEM;
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
			rc = pk_nq_parse_line(&stmt, &lctx, world, ol, olen, prefix);
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
			rc = pk_nq_parse_line(&stmt, &lctx, world, nl, nlen, prefix);
			if (rc == PK_EINPUT)
				rc = pk_store_bad_line(diag, where, nl, nlen);
			if (rc < 0)
				goto out;
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
	char *iri;
	int rc = 0;

	iri = pk_store_doc_header_iri(text, len);
	if (!iri) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: no '%s<IRI>' header", where,
			PK_STORE_DOC_HEADER);
		return PK_ESTORE;
	}
	pk_store_bnode_prefix(prefix, iri);
	free(iri);
	while (pk_store_next_line(&p, end, &line, &llen)) {
		rc = pk_nq_parse_line(&stmt, &ctx, world, line, llen, prefix);
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

static int pk_store_need_graphs(pk_store *st)
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
	char *old;
	size_t old_len;
	int rc;

	memset(&counts, 0, sizeof counts);
	if (changes)
		memset(changes, 0, sizeof *changes);
	if (st->readonly) {
		pk_diag_emit(&st->log.diag, PK_SEV_ERROR,
			"%s: the store was opened read-only", st->path);
		return PK_EUSAGE;
	}
	if ((rc = pk_store_batch_finish(b)) < 0)
		goto out;
	ch = calloc(b->ndocs ? b->ndocs : 1, sizeof *ch);
	if (!ch) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < b->ndocs; i++) {
		d = b->docs[i];
		if ((rc = st->backend->read_doc(st, d, &old, &old_len)) < 0)
			goto out;
		if (d->forget && !old) {
			counts.missing++;
			continue;
		}
		if (!d->forget && old && old_len == d->text.len &&
		    memcmp(old, d->text.ptr, old_len) == 0) {
			counts.unchanged++;
			free(old);
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
		n++;
	}
	pk_store_crash_point("parsed");
	if (n > 0 && (rc = st->backend->apply(st, ch, n)) < 0)
		goto out;
	if (changes)
		*changes = counts;
out:
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

/* ---- queries -------------------------------------------------------------------- */

/* The first use of keyword (any case, a whole word followed by white
 * space) in q: a pointer just past the white space, or NULL. */
static const char *pk_store_keyword(const char *q, const char *keyword)
{
	size_t n = strlen(keyword);
	const char *p, *s;

	for (p = q; *p; p++) {
		if (strncasecmp(p, keyword, n) != 0)
			continue;
		if (p > q && (isalnum((unsigned char)p[-1]) || p[-1] == '_' ||
		    p[-1] == ':' || p[-1] == '?' || p[-1] == '$'))
			continue;
		s = p + n;
		if (!isspace((unsigned char)*s))
			continue;
		while (isspace((unsigned char)*s))
			s++;
		return s;
	}
	return NULL;
}

/* Does the query declare PREFIX name: itself? */
static int pk_store_declares(const char *q, const char *name)
{
	size_t n = strlen(name);
	const char *s = q;

	while ((s = pk_store_keyword(s, "PREFIX")) != NULL)
		if (strncmp(s, name, n) == 0 && s[n] == ':')
			return 1;
	return 0;
}

static int pk_store_term_set(pk_term *term, librdf_node *node)
{
	librdf_uri *dt;
	const char *s;
	size_t len;

	switch (librdf_node_get_type(node)) {
	case LIBRDF_NODE_TYPE_RESOURCE:
		term->kind = PK_TERM_IRI;
		term->value = pk_strdup(
			(const char *)librdf_uri_as_string(librdf_node_get_uri(node)));
		break;
	case LIBRDF_NODE_TYPE_BLANK:
		term->kind = PK_TERM_BLANK;
		term->value = pk_strdup(
			(const char *)librdf_node_get_blank_identifier(node));
		break;
	case LIBRDF_NODE_TYPE_LITERAL:
		term->kind = PK_TERM_LITERAL;
		s = (const char *)librdf_node_get_literal_value_as_counted_string(
			node, &len);
		term->value = pk_strndup(s ? s : "", s ? len : 0);
		if ((s = librdf_node_get_literal_value_language(node)) != NULL &&
		    !(term->lang = pk_strdup(s)))
			return PK_ENOMEM;
		if ((dt = librdf_node_get_literal_value_datatype_uri(node)) != NULL &&
		    !(term->datatype = pk_strdup(
			(const char *)librdf_uri_as_string(dt))))
			return PK_ENOMEM;
		break;
	default:
		term->kind = PK_TERM_UNBOUND;
		return 0;
	}
	return term->value ? 0 : PK_ENOMEM;
}

/* Append one row of unbound cells; *row points at it. */
static int pk_store_table_add_row(pk_table *t, size_t *cap, pk_term **row)
{
	pk_term *cells;
	size_t ncap;

	*row = NULL;
	if (t->ncols == 0) {
		t->nrows++;
		return 0;
	}
	if (t->nrows == *cap) {
		ncap = *cap ? *cap * 2 : 16;
		if (ncap > ((size_t)-1) / sizeof *cells / t->ncols)
			return PK_ENOMEM;
		cells = realloc(t->cells, ncap * t->ncols * sizeof *cells);
		if (!cells)
			return PK_ENOMEM;
		t->cells = cells;
		*cap = ncap;
	}
	*row = &t->cells[t->nrows * t->ncols];
	memset(*row, 0, t->ncols * sizeof **row);
	t->nrows++;
	return 0;
}

static int pk_store_table_names(pk_table *t, const char *const *names,
	size_t n)
{
	size_t i;

	t->names = calloc(n ? n : 1, sizeof *t->names);
	if (!t->names)
		return PK_ENOMEM;
	t->ncols = n;
	for (i = 0; i < n; i++)
		if (!(t->names[i] = pk_strdup(names[i] ? names[i] : "")))
			return PK_ENOMEM;
	return 0;
}

/* The first graph pattern in gp (itself or one inside it, subqueries
 * included) whose operator is op; NULL when there is none. */
static rasqal_graph_pattern *pk_store_gp_find(rasqal_graph_pattern *gp,
	rasqal_graph_pattern_operator op)
{
	rasqal_graph_pattern *sub, *found;
	int i;

	if (!gp)
		return NULL;
	if (rasqal_graph_pattern_get_operator(gp) == op)
		return gp;
	for (i = 0; (sub = rasqal_graph_pattern_get_sub_graph_pattern(gp, i)) != NULL; i++)
		if ((found = pk_store_gp_find(sub, op)) != NULL)
			return found;
	return NULL;
}

static void pk_store_inspect_log(void *ud, raptor_log_message *m)
{
	PK_UNUSED(ud);
	PK_UNUSED(m);
}

/* query text parsed by a Rasqal world of our own whose messages are
 * dropped: librdf reports the errors when it runs the query.  NULL when
 * it does not parse. */
static rasqal_query *pk_store_inspect(pk_store *st, const char *text)
{
	rasqal_query *rq;

	if (!st->inspect) {
		st->inspect = rasqal_new_world();
		if (!st->inspect)
			return NULL;
		if (rasqal_world_open(st->inspect)) {
			rasqal_free_world(st->inspect);
			st->inspect = NULL;
			return NULL;
		}
		rasqal_world_set_log_handler(st->inspect, NULL, pk_store_inspect_log);
	}
	rq = rasqal_new_query(st->inspect, "sparql", NULL);
	if (rq && rasqal_query_prepare(rq, (const unsigned char *)text, NULL) != 0) {
		rasqal_free_query(rq);
		rq = NULL;
	}
	return rq;
}

/* The line of the first SERVICE keyword of SPARQL text q, past comments,
 * strings, IRIs and names (ex:SERVICE, ?service); 0 when there is none.
 * Only for the message: whether a query calls a service is Rasqal's parse. */
static long pk_store_service_line(const char *q)
{
	const char *p = q, *e;
	long line = 1;
	char quote;

	while (*p) {
		if (*p == '\n') {
			line++;
			p++;
		} else if (*p == '#') {
			while (*p && *p != '\n')
				p++;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
			if (p[1] == quote && p[2] == quote) {
				/* """long""" */
				for (p += 3; *p && !(p[0] == quote && p[1] == quote && p[2] == quote); p++) {
					if (*p == '\\' && p[1])
						p++;
					if (*p == '\n')
						line++;
				}
				p += *p ? 3 : 0;
			} else {
				for (p++; *p && *p != quote && *p != '\n'; p++)
					if (*p == '\\' && p[1])
						p++;
				p += *p == quote;
			}
		} else if (*p == '<') {
			/* an IRI holds no space, quote or angle bracket; else it
			 * is the operator */
			for (e = p + 1; *e && *e != '>' && (unsigned char)*e > ' ' &&
			    !strchr("<\"{}|^`\\", *e); e++)
				;
			p = *e == '>' ? e + 1 : p + 1;
		} else if (isalnum((unsigned char)*p) || *p == '_' || *p == '?' ||
			   *p == '$' || (unsigned char)*p >= 0x80) {
			for (e = p + 1; isalnum((unsigned char)*e) || *e == '_' || *e == ':' ||
			    *e == '-' || *e == '.' || (unsigned char)*e >= 0x80; e++)
				;
			if (e - p == 7 && strncasecmp(p, "SERVICE", 7) == 0)
				return line;
			p = e;
		} else {
			p++;
		}
	}
	return 0;
}

/* Refuse a query that holds a SERVICE pattern: Rasqal would send it over
 * HTTP to the service's IRI, from this host.  Decided on Rasqal's own
 * parse (rq), so a comment or a string saying SERVICE does not count. */
static int pk_store_refuse_service(pk_store *st, rasqal_query *rq,
	const char *sparql, const char *where)
{
	rasqal_graph_pattern *gp;
	rasqal_literal *svc;
	rasqal_variable *v;
	const unsigned char *iri = NULL;
	const char *open = "<", *close = ">";
	long line;

	gp = pk_store_gp_find(rasqal_query_get_query_graph_pattern(rq),
		RASQAL_GRAPH_PATTERN_OPERATOR_SERVICE);
	if (!gp)
		return 0;
	svc = rasqal_graph_pattern_get_service(gp);
	if (svc && (v = rasqal_literal_as_variable(svc)) != NULL) {
		iri = v->name;
		open = "?";
		close = "";
	} else if (svc) {
		iri = rasqal_literal_as_string(svc);
	}
	if (!iri)
		iri = (const unsigned char *)"?";
	line = pk_store_service_line(sparql);
	if (line > 0)
		pk_diag_emit(&st->log.diag, PK_SEV_ERROR, "%s:%ld: SERVICE %s%s%s: "
			"a query that calls another server is refused (--allow-service "
			"lets it)", where, line, open, (const char *)iri, close);
	else
		pk_diag_emit(&st->log.diag, PK_SEV_ERROR, "%s: SERVICE %s%s%s: "
			"a query that calls another server is refused (--allow-service "
			"lets it)", where, open, (const char *)iri, close);
	return PK_EQUERY;
}

/* The projected variable names of query rq, from Rasqal itself: librdf
 * reports no binding names at all when a SELECT has no rows. */
static int pk_store_projection(pk_table *t, rasqal_query *rq)
{
	raptor_sequence *vars;
	rasqal_variable *v;
	const char **names = NULL;
	int i, n = 0, rc = 0;

	if (!rq)
		goto out; /* it ran once: leave the table without columns */
	vars = rasqal_query_get_bound_variable_sequence(rq);
	n = vars ? raptor_sequence_size(vars) : 0;
	if (n <= 0)
		goto out;
	names = calloc((size_t)n, sizeof *names);
	if (!names) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		v = raptor_sequence_get_at(vars, i);
		names[i] = v && v->name ? (const char *)v->name : "";
	}
	rc = pk_store_table_names(t, names, (size_t)n);
out:
	free(names);
	return rc;
}

/* What an aggregate gives over no solutions (SPARQL 1.1, 18.5.1). */
typedef enum pk_store_nothing {
	PK_STORE_NOT_AGGREGATE = 0,
	PK_STORE_ZERO,      /* COUNT, SUM, AVG: 0 */
	PK_STORE_EMPTY,     /* GROUP_CONCAT: "" */
	PK_STORE_UNBOUND    /* MIN, MAX, SAMPLE: an error, so unbound */
} pk_store_nothing;

static pk_store_nothing pk_store_aggregate_of_nothing(rasqal_op op)
{
	switch (op) {
	case RASQAL_EXPR_COUNT:
	case RASQAL_EXPR_SUM:
	case RASQAL_EXPR_AVG:
		return PK_STORE_ZERO;
	case RASQAL_EXPR_GROUP_CONCAT:
		return PK_STORE_EMPTY;
	case RASQAL_EXPR_MIN:
	case RASQAL_EXPR_MAX:
	case RASQAL_EXPR_SAMPLE:
		return PK_STORE_UNBOUND;
	default:
		return PK_STORE_NOT_AGGREGATE;
	}
}

/* Rasqal 0.9.33 answers an aggregate over no solutions with no row;
 * SPARQL says one group, so one row (COUNT(*) is 0, not nothing).  Added
 * to an empty t when rq is a SELECT of only aggregates (each projected
 * variable one, not an expression around one) without GROUP BY, HAVING
 * or an OFFSET that would skip the row.  Other shapes keep Rasqal's
 * answer. */
static int pk_store_empty_group(pk_table *t, rasqal_query *rq)
{
	raptor_sequence *vars, *seq;
	rasqal_variable *v;
	pk_term *row = NULL;
	size_t cap = 0, i;
	int rc;

	if (!rq || t->nrows > 0 || t->ncols == 0 ||
	    rasqal_query_get_verb(rq) != RASQAL_QUERY_VERB_SELECT ||
	    rasqal_query_get_offset(rq) > 0 || rasqal_query_get_limit(rq) == 0)
		return 0;
	seq = rasqal_query_get_group_conditions_sequence(rq);
	if (seq && raptor_sequence_size(seq) > 0)
		return 0;
	seq = rasqal_query_get_having_conditions_sequence(rq);
	if (seq && raptor_sequence_size(seq) > 0)
		return 0;
	vars = rasqal_query_get_bound_variable_sequence(rq);
	if (!vars || raptor_sequence_size(vars) != (int)t->ncols)
		return 0;
	for (i = 0; i < t->ncols; i++) {
		v = raptor_sequence_get_at(vars, (int)i);
		if (!v || !v->expression || !v->name ||
		    strcmp((const char *)v->name, t->names[i]) != 0 ||
		    pk_store_aggregate_of_nothing(v->expression->op) ==
		    PK_STORE_NOT_AGGREGATE)
			return 0;
	}
	if ((rc = pk_store_table_add_row(t, &cap, &row)) < 0)
		return rc;
	for (i = 0; i < t->ncols; i++) {
		v = raptor_sequence_get_at(vars, (int)i);
		switch (pk_store_aggregate_of_nothing(v->expression->op)) {
		case PK_STORE_ZERO:
			row[i].kind = PK_TERM_LITERAL;
			if (!(row[i].value = pk_strdup("0")) ||
			    !(row[i].datatype = pk_strdup(PK_NS_XSD "integer")))
				return PK_ENOMEM;
			break;
		case PK_STORE_EMPTY:
			row[i].kind = PK_TERM_LITERAL;
			if (!(row[i].value = pk_strdup("")))
				return PK_ENOMEM;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* Rows of res into t, at most max_rows (t->truncated when there were
 * more), until the deadline. */
static int pk_store_collect_bindings(pk_table *t, librdf_query_results *res,
	pk_store *st, rasqal_query *rq, size_t max_rows)
{
	const char **names = NULL;
	librdf_node *node;
	pk_term *row;
	size_t cap = 0, i;
	int n, rc = 0;

	n = librdf_query_results_get_bindings_count(res);
	if (n < 0)
		return PK_EQUERY;
	if (n == 0) {
		rc = pk_store_projection(t, rq);
	} else {
		names = calloc((size_t)n, sizeof *names);
		if (!names)
			return PK_ENOMEM;
		for (i = 0; i < (size_t)n; i++)
			names[i] = librdf_query_results_get_binding_name(res, (int)i);
		rc = pk_store_table_names(t, names, (size_t)n);
	}
	if (rc < 0)
		goto out;
	while (!librdf_query_results_finished(res) &&
	    !pk_store_match_expired(&st->match, 1)) {
		if (t->nrows == max_rows) {
			t->truncated = 1;
			break;
		}
		if ((rc = pk_store_table_add_row(t, &cap, &row)) < 0)
			goto out;
		for (i = 0; i < t->ncols; i++) {
			node = librdf_query_results_get_binding_value(res, (int)i);
			if (!node)
				continue;
			rc = pk_store_term_set(&row[i], node);
			librdf_free_node(node);
			if (rc < 0)
				goto out;
		}
		librdf_query_results_next(res);
	}
	/* no rows because the deadline cut the query short is no answer */
	if (rc == 0 && !st->match.expired)
		rc = pk_store_empty_group(t, rq);
out:
	free(names);
	return rc;
}

/* The triples of a CONSTRUCT into t, as the rows of bindings are. */
static int pk_store_collect_graph(pk_table *t, librdf_query_results *res,
	pk_store *st, size_t max_rows)
{
	static const char *const names[] = { "subject", "predicate", "object" };
	librdf_stream *s = NULL;
	librdf_statement *stmt;
	pk_term *row;
	size_t cap = 0;
	int rc;

	if ((rc = pk_store_table_names(t, names, 3)) < 0)
		return rc;
	s = librdf_query_results_as_stream(res);
	if (!s)
		return 0; /* an empty graph */
	while (!librdf_stream_end(s) && !pk_store_match_expired(&st->match, 1)) {
		stmt = librdf_stream_get_object(s);
		if (stmt && t->nrows == max_rows) {
			t->truncated = 1;
			break;
		}
		if (stmt) {
			if ((rc = pk_store_table_add_row(t, &cap, &row)) < 0 ||
			    (rc = pk_store_term_set(&row[0],
				librdf_statement_get_subject(stmt))) < 0 ||
			    (rc = pk_store_term_set(&row[1],
				librdf_statement_get_predicate(stmt))) < 0 ||
			    (rc = pk_store_term_set(&row[2],
				librdf_statement_get_object(stmt))) < 0)
				goto out;
		}
		librdf_stream_next(s);
	}
out:
	librdf_free_stream(s);
	return rc;
}

/* "no answer within N seconds" when the deadline cut the query short:
 * expired is set only where a reading or a row loop stopped because of
 * it, so an answer completed just past the deadline still stands. */
static int pk_store_timed_out(pk_store *st, const char *where, double timeout)
{
	if (!st->match.expired)
		return 0;
	pk_diag_emit(&st->log.diag, PK_SEV_ERROR, "%s: no answer within %g "
		"seconds (the query's time limit, --timeout)", where, timeout);
	return PK_EQUERY;
}

int pk_store_query_with(pk_table **out, pk_store *st, const char *sparql,
	const pk_query_options *opts)
{
	pk_query_options o = PK_QUERY_OPTIONS_INIT;
	const char *where;
	pk_buf text = PK_BUF_INIT;
	rasqal_query *rq = NULL;
	librdf_query *q = NULL;
	librdf_query_results *res = NULL;
	pk_table *t = NULL;
	librdf_model *model;
	const pk_diag *diag;
	long added = 0;
	int errors, b, rc = 0;
	size_t i;

	*out = NULL;
	if (!st || !sparql)
		return PK_EUSAGE;
	if (opts)
		o = *opts;
	if (o.timeout == 0)
		o.timeout = PK_QUERY_DEFAULT_TIMEOUT;
	if (o.max_rows == 0)
		o.max_rows = PK_QUERY_DEFAULT_MAX_ROWS;
	where = o.name ? o.name : "query";
	diag = &st->log.diag;
	pk_store_match_deadline(&st->match, o.timeout);
	for (i = 0; i < pk_prefixes_len; i++) {
		if (pk_store_declares(sparql, pk_prefixes[i].prefix))
			continue;
		if (pk_buf_printf(&text, "PREFIX %s: <%s>\n", pk_prefixes[i].prefix,
			pk_prefixes[i].iri) < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		added++;
	}
	if (pk_buf_puts(&text, sparql) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}

	/* Rasqal's messages name the query and the user's line numbers. */
	st->log.where = where;
	st->log.line_offset = added;
	errors = st->log.errors;
	rq = pk_store_inspect(st, text.ptr);
	if (rq && !o.allow_service &&
	    (rc = pk_store_refuse_service(st, rq, sparql, where)) < 0)
		goto out;
	model = st->ix.uni;
	if (rq && pk_store_gp_find(rasqal_query_get_query_graph_pattern(rq),
		RASQAL_GRAPH_PATTERN_OPERATOR_GRAPH)) {
		if ((rc = pk_store_need_graphs(st)) < 0)
			goto out;
		model = st->ix.graphs;
	}
	if ((rc = pk_store_match_use(&st->match, st->world, model)) < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot set up the query", where);
		goto out;
	}
	q = librdf_new_query(st->world, "sparql", NULL,
		(const unsigned char *)text.ptr, NULL);
	if (q)
		res = librdf_model_query_execute(model, q);
	if ((rc = pk_store_timed_out(st, where, o.timeout)) < 0)
		goto out;
	if (!q || !res || st->log.errors != errors) {
		/* Rasqal 0.9.33 fails DESCRIBE <iri> without saying why. */
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: SPARQL query failed%s", where,
			st->log.errors == errors && pk_store_keyword(sparql, "DESCRIBE") ?
			" (DESCRIBE is not implemented by Rasqal; use CONSTRUCT)" : "");
		rc = PK_EQUERY;
		goto out;
	}

	t = calloc(1, sizeof *t);
	if (!t) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (librdf_query_results_is_boolean(res)) {
		b = librdf_query_results_get_boolean(res);
		if (b < 0) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: no boolean result", where);
			rc = PK_EQUERY;
			goto out;
		}
		t->is_boolean = 1;
		t->boolean = b > 0;
	} else if (librdf_query_results_is_bindings(res)) {
		rc = pk_store_collect_bindings(t, res, st, rq, o.max_rows);
	} else if (librdf_query_results_is_graph(res)) {
		rc = pk_store_collect_graph(t, res, st, o.max_rows);
		if (rc == 0 && t->nrows == 0 && pk_store_keyword(sparql, "DESCRIBE"))
			pk_diag_emit(diag, PK_SEV_WARNING, "%s: DESCRIBE is not "
				"implemented by Rasqal (always empty); use CONSTRUCT", where);
	} else {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: unsupported result kind", where);
		rc = PK_EQUERY;
		goto out;
	}
	/* an answer cut short by the deadline is no answer */
	if (rc == 0)
		rc = pk_store_timed_out(st, where, o.timeout);
	else if (rc == PK_ENOMEM)
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: out of memory", where);
	else
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot read the results", where);
	if (rc == 0 && st->log.errors != errors) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: SPARQL query failed", where);
		rc = PK_EQUERY;
	}
	if (rc < 0)
		goto out;
	*out = t;
	t = NULL;
out:
	st->log.where = st->path;
	st->log.line_offset = 0;
	pk_store_match_deadline(&st->match, -1);
	pk_table_free(t);
	if (res)
		librdf_free_query_results(res);
	if (q)
		librdf_free_query(q);
	if (rq)
		rasqal_free_query(rq);
	pk_buf_free(&text);
	return rc;
}

int pk_store_query_named(pk_table **out, pk_store *st, const char *sparql,
	const char *name)
{
	pk_query_options o = PK_QUERY_OPTIONS_INIT;

	o.timeout = -1;
	o.max_rows = PK_QUERY_NO_ROW_LIMIT;
	o.name = name;
	return pk_store_query_with(out, st, sparql, &o);
}

int pk_store_query(pk_table **out, pk_store *st, const char *sparql)
{
	return pk_store_query_named(out, st, sparql, NULL);
}
