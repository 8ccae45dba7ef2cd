/*
 * store_dir_check.c - `policykg check` for a directory store: every
 * document of docs/ against its graph in the index (count and digest),
 * graphs no document has, then the union's distinct triples.  An index
 * that cannot be read is a difference; a repair rebuilds it under the
 * dirty flag, with or without reading it first (PK_STORE_CHECK_*).
 */
#include "store/store_dir_int.h"

#include <stdlib.h>
#include <string.h>

/* Is IRI one of the n sorted names? */
static int pk_dir_has_iri(char **iris, size_t n, const char *iri)
{
	return bsearch(&iri, iris, n, sizeof *iris, pk_strcmp_ptr) != NULL;
}

/* The rebuild of check --repair, under the dirty flag like every other. */
static int pk_dir_check_rebuild(pk_store_check_result *out, pk_store *st,
	pk_dir *d)
{
	int rc;

	if ((rc = pk_dir_write_state(d, st, st->generation, 1)) < 0 ||
	    (rc = pk_dir_rebuild(st, d)) < 0 ||
	    (rc = pk_dir_write_state(d, st, st->generation, 0)) < 0 ||
	    (rc = pk_dir_open_index(st, d, 0, 0, 1)) < 0 ||
	    (rc = pk_dir_open_index(st, d, 1, 0, 1)) < 0)
		return rc;
	out->repaired = 1;
	return 0;
}

/* The date index of each index file (store_lmdb_dates.c) against its
 * terms.  One without a whole date index (made by an older build) is
 * no difference: queries read every date there until the store's next
 * write completes it.  1 when one cannot be read. */
static int pk_dir_check_dates(pk_store_check_result *out, pk_store *st)
{
	static const char *const names[2] = { "union", "graphs" };
	librdf_storage *ix[2];
	pk_buf why = PK_BUF_INIT;
	int i, rc = 0;

	ix[0] = st->ix.ustorage;
	ix[1] = st->ix.gstorage;
	for (i = 0; i < 2 && rc >= 0; i++) {
		pk_buf_clear(&why);
		if (!ix[i])
			continue;
		rc = pk_store_lmdb_dates_check(ix[i], &why);
		if (rc == 1)
			pk_diag_emit(pk_dir_diag(st), PK_SEV_NOTE, "%s: the %s index has "
				"no date index (an older store): a range of dates reads every "
				"date until the store is next written", st->path, names[i]);
		else if (rc == 2) {
			pk_diag_emit(pk_dir_diag(st), PK_SEV_ERROR, "%s: the %s index: %s",
				st->path, names[i], why.ptr);
			out->differences++;
		}
	}
	pk_buf_free(&why);
	return rc < 0 ? 1 : 0;
}

/* pk_store_check for a directory store: every document of docs/ against
 * its graph in the index, then graphs no document has, then the union
 * and the date indexes. */
int pk_dir_check(pk_store_check_result *out, pk_store *st, int repair)
{
	pk_dir *d = st->impl;
	const pk_diag *diag = pk_dir_diag(st);
	pk_store_tally tally;
	pk_store_digest want, got;
	librdf_iterator *ctxs = NULL;
	librdf_node *ctx = NULL;
	char **names = NULL, **iris = NULL, *p = NULL, *data = NULL;
	const char *iri;
	size_t n = 0, i, len;
	int rc, unreadable = 0;  /* the index, not a document */

	memset(&tally, 0, sizeof tally);
	if (repair == PK_STORE_CHECK_REBUILD) {
		rc = pk_dir_check_rebuild(out, st, d);
		goto out;
	}
	if (!st->ix.graphs && (rc = pk_dir_open_graphs(st)) < 0) {
		unreadable = rc == PK_ESTORE;
		goto out;
	}
	if ((rc = pk_dir_list(&names, &n, d, st, "docs", ".nq", 0)) < 0)
		goto out;
	if (n && !(iris = calloc(n, sizeof *iris))) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		free(p);
		free(data);
		data = NULL;
		if (!(p = pk_dir_join3(d->dir, "docs", names[i], ""))) {
			rc = PK_ENOMEM;
			goto out;
		}
		if ((rc = pk_dir_read_file(&data, &len, p, diag)) < 0)
			goto out;
		if (!data || !(iris[i] = pk_store_doc_header_iri(data, len))) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: no '%s<IRI>' header", p,
				PK_STORE_DOC_HEADER);
			out->differences++;
			continue;
		}
		if ((rc = pk_store_digest_text(&want, &tally, st->world, data, len,
			diag, p)) < 0) {
			if (rc != PK_ESTORE)
				goto out;
			out->differences++;
			continue;
		}
		if (ctx)
			librdf_free_node(ctx);
		ctx = librdf_new_node_from_uri_string(st->world,
			(const unsigned char *)iris[i]);
		if (!ctx) {
			rc = PK_ENOMEM;
			goto out;
		}
		if ((rc = pk_store_digest_stream(&got,
			librdf_model_context_as_stream(st->ix.graphs, ctx))) < 0) {
			unreadable = rc == PK_ESTORE;
			goto out;
		}
		out->documents++;
		if (!pk_store_digest_equal(&got, &want)) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: <%s>: the index holds %llu "
				"statements, %s %llu%s", st->path, iris[i],
				(unsigned long long)got.n, p, (unsigned long long)want.n,
				got.n == want.n ? " (not the same ones)" : "");
			out->differences++;
		}
	}
	/* graphs of the index that no document has */
	for (i = 0; i < n; i++)
		if (!iris[i] && !(iris[i] = pk_strdup(""))) {
			rc = PK_ENOMEM;
			goto out;
		}
	if (n)
		qsort(iris, n, sizeof *iris, pk_strcmp_ptr);
	if (!(ctxs = librdf_model_get_contexts(st->ix.graphs))) {
		rc = PK_ESTORE;
		unreadable = 1;
		goto out;
	}
	for (; !librdf_iterator_end(ctxs); librdf_iterator_next(ctxs)) {
		librdf_node *c = librdf_iterator_get_object(ctxs);

		iri = c && librdf_node_is_resource(c) ? (const char *)
			librdf_uri_as_string(librdf_node_get_uri(c)) : NULL;
		if (iri && pk_dir_has_iri(iris, n, iri))
			continue;
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: the index holds the graph "
			"<%s>, which no file in docs/ has", st->path, iri ? iri : "?");
		out->differences++;
	}
	/* it reads the index that a repair closes */
	librdf_free_iterator(ctxs);
	ctxs = NULL;
	/* the union: each triple once */
	pk_store_tally_union(&want, &tally);
	if ((rc = pk_store_digest_stream(&got,
		librdf_model_as_stream(st->ix.uni))) < 0) {
		unreadable = rc == PK_ESTORE;
		goto out;
	}
	if (!pk_store_digest_equal(&got, &want)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: the union index holds %llu "
			"triples, docs/ %llu%s", st->path, (unsigned long long)got.n,
			(unsigned long long)want.n, got.n == want.n ?
			" (not the same ones)" : "");
		out->differences++;
	}
	unreadable = pk_dir_check_dates(out, st);
out:
	if (ctxs)
		librdf_free_iterator(ctxs);
	if (ctx)
		librdf_free_node(ctx);
	/* an index that cannot be read is a difference, not a failure */
	if (unreadable) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: the index cannot be read: it "
			"is damaged", st->path);
		out->differences++;
		rc = 0;
	}
	if (rc == 0 && repair == PK_STORE_CHECK_REPAIR && out->differences)
		rc = pk_dir_check_rebuild(out, st, d);
	for (i = 0; iris && i < n; i++)
		free(iris[i]);
	free(iris);
	pk_dir_free_names(names, n);
	pk_store_tally_free(&tally);
	free(data);
	free(p);
	return rc;
}
