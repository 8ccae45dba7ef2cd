/*
 * review.c - the review site: what was extracted, where, and why, as
 * static HTML pages people check by looking.
 *
 * From articles, the extractor is run with a recorder subscribed
 * (review_record.c); from a store, the documents are read from its graph
 * (review_graph.c).  Either way what the pages say about the graph is
 * read out of it once (review_view.c), and the pages are written by
 * review_html.c from that and the plain review documents (review_doc.h);
 * the directory is built beside its target and swapped in whole
 * (outfile.c).
 */
#include "policykg.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/outfile.h"
#include "pipeline/extract.h"
#include "review/review_graph.h"
#include "review/review_html.h"
#include "review/review_record.h"
#include "review/review_view.h"
#include "rdf/vocab.h"

#define PK_REVIEW_MARKER ".policykg-review"

/* ---- the site ------------------------------------------------------------------ */

/* The page's file name: doc-ID.html for pkgid:document/ID, else a hash. */
static int pk_review_page_name(char **out, const char *doc_iri)
{
	const char *id = doc_iri;
	const char *p;
	pk_buf b = PK_BUF_INIT;
	int ok = 1;

	if (strncmp(id, PK_NS_ID "document/", strlen(PK_NS_ID "document/")) == 0)
		id += strlen(PK_NS_ID "document/");
	for (p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-'))
			ok = 0;
	if (!*id || strlen(id) > 100)
		ok = 0;
	if (ok ? pk_buf_printf(&b, "doc-%s.html", id) < 0 :
		pk_buf_printf(&b, "doc-%016llx.html", (unsigned long long)pk_hash64(doc_iri, strlen(doc_iri))) < 0)
		return PK_ENOMEM;
	*out = pk_buf_detach(&b);
	return 0;
}

/* The names the output directory may hold: ours now, and, when it holds
 * an earlier review (its marker), the pages that one wrote. */
static int pk_review_names(char ***out, size_t *n, const char *dir, char **pages, size_t npages)
{
	pk_buf marker = PK_BUF_INIT;
	struct stat sb;
	size_t i;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if ((rc = pk_review_doc_strv_add(out, n, pk_strdup("index.html"))) < 0 ||
	    (rc = pk_review_doc_strv_add(out, n, pk_strdup(PK_REVIEW_MARKER))) < 0)
		return rc;
	for (i = 0; i < npages && rc == 0; i++)
		rc = pk_review_doc_strv_add(out, n, pk_strdup(pages[i]));
	if (rc == 0 && pk_path_join(&marker, dir, PK_REVIEW_MARKER) < 0)
		rc = PK_ENOMEM;
	if (rc == 0 && stat(marker.ptr, &sb) == 0) {
		DIR *dh = opendir(dir);
		struct dirent *e;

		while (dh && rc == 0 && (e = readdir(dh)) != NULL) {
			size_t l = strlen(e->d_name);

			if (strncmp(e->d_name, "doc-", 4) == 0 && l > 9 &&
			    strcmp(e->d_name + l - 5, ".html") == 0)
				rc = pk_review_doc_strv_add(out, n, pk_strdup(e->d_name));
		}
		if (dh)
			closedir(dh);
	}
	pk_buf_free(&marker);
	if (rc == 0) {
		char **v = realloc(*out, (*n + 1) * sizeof *v);

		if (!v)
			return PK_ENOMEM;
		v[*n] = NULL;
		*out = v;
	}
	return rc;
}

static int pk_review_write_site(const char *dir, pk_graph *g, pk_review_doc *docs, size_t ndocs,
	char **orphans, size_t norphans, const pk_diag *diag)
{
	pk_review_view *view = NULL;
	pk_outdir od;
	pk_outfile of;
	char **pages = NULL, **names = NULL;
	size_t npages = 0, nnames = 0, i;
	int rc = 0, ok = 0, opened = 0;

	if ((rc = pk_review_view_new(&view, g, docs, ndocs)) < 0)
		goto out;
	if (!(pages = calloc(ndocs + 1, sizeof *pages))) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < ndocs && rc == 0; i++, npages++)
		rc = pk_review_page_name(&pages[i], docs[i].iri);
	if (rc == 0)
		rc = pk_review_names(&names, &nnames, dir, pages, npages);
	if (rc == 0)
		rc = pk_outdir_open(&od, dir, (const char *const *)names, diag);
	if (rc < 0)
		goto out;
	opened = 1;
	if ((rc = pk_outdir_file(&of, &od, PK_REVIEW_MARKER, diag)) < 0)
		goto out;
	fprintf(of.fh, "policykg %s review site; `policykg review -o` may replace this directory\n",
		pk_version());
	if ((rc = pk_outfile_close(&of, 1, diag)) < 0)
		goto out;
	for (i = 0; i < ndocs; i++) {
		if ((rc = pk_outdir_file(&of, &od, pages[i], diag)) < 0)
			goto out;
		rc = pk_review_html_page(of.fh, &view->docs[i], &docs[i], "index.html");
		if (pk_outfile_close(&of, rc == 0, diag) < 0 && rc == 0)
			rc = PK_EIO;
		if (rc < 0)
			goto out;
	}
	if ((rc = pk_outdir_file(&of, &od, "index.html", diag)) < 0)
		goto out;
	rc = pk_review_html_index(of.fh, view, docs, ndocs, (const char *const *)pages, orphans,
		norphans);
	if (pk_outfile_close(&of, rc == 0, diag) < 0 && rc == 0)
		rc = PK_EIO;
	ok = rc == 0;
out:
	if (opened && pk_outdir_close(&od, ok, diag) < 0 && rc == 0)
		rc = PK_EIO;
	for (i = 0; i < npages; i++)
		free(pages[i]);
	free(pages);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	pk_review_view_free(view);
	return rc;
}

static int pk_review_doc_iri_cmp(const void *x, const void *y)
{
	return strcmp(((const pk_review_doc *)x)->iri, ((const pk_review_doc *)y)->iri);
}

/* The recorder subscribed to the extractor (pk_extract_observer). */
static int pk_review_on_document(void *ud, const pk_docview *dv)
{
	return pk_review_record(ud, dv);
}

int pk_review_write(size_t *ndocs, const char *dir, const char *const *paths, size_t npaths,
	const pk_review_options *opts, const pk_diag *diag)
{
	pk_review_recorder *rec = NULL;
	pk_extract_observer obs = PK_EXTRACT_OBSERVER_INIT;
	pk_extractor *ex = NULL;
	pk_graph *own = NULL, *g = NULL;
	pk_review_ev *ev = NULL;
	pk_review_doc *docs = NULL, *sdocs = NULL;
	char **orphans = NULL;
	size_t n = 0, nev = 0, norphans = 0, i;
	int rc = 0, partial = 0;

	*ndocs = 0;
	if ((npaths > 0) == (opts->store != NULL) || (npaths && !opts->rules)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "review: give articles or a store, not both");
		return PK_EUSAGE;
	}
	if (npaths) {
		if ((rc = pk_review_recorder_new(&rec, diag)) < 0 ||
		    (rc = pk_extractor_new(&ex, opts->rules, &opts->extract, pk_review_recorder_diag(rec))) < 0)
			goto out;
		obs.document = pk_review_on_document;
		obs.date = pk_review_date_seen;
		obs.ud = rec;
		pk_extractor_observe(ex, &obs);
		for (i = 0; i < npaths; i++) {
			rc = pk_extractor_add_path(ex, paths[i]);
			if (rc == PK_EINPUT)
				partial = 1;
			else if (rc < 0)
				goto out;
		}
		rc = 0;
		if ((rc = pk_extractor_finish(ex)) < 0)
			goto out;
		g = pk_extractor_graph(ex);
		docs = pk_review_recorder_docs(rec, &n);
		orphans = pk_review_recorder_orphans(rec, &norphans);
	} else {
		const pk_triple *t;
		size_t nt;

		if ((rc = pk_graph_new(&own)) < 0 || (rc = pk_review_load_store(own, opts->store)) < 0)
			goto out;
		g = own;
		pk_graph_sorted(&t, &nt, g);
		for (i = 0; i < nt; i++)
			if (strcmp(t[i].p, PK_NS_RDF "type") == 0 && strcmp(t[i].o, PKG("Document")) == 0)
				n++;
		if (!(sdocs = calloc(n + 1, sizeof *sdocs))) {
			rc = PK_ENOMEM;
			goto out;
		}
		n = 0;
		for (i = 0; i < nt; i++)
			if (strcmp(t[i].p, PK_NS_RDF "type") == 0 && strcmp(t[i].o, PKG("Document")) == 0)
				sdocs[n++].iri = (char *)t[i].s; /* borrowed until from_graph copies it */
		docs = sdocs;
	}
	if ((rc = pk_review_ev_index(&ev, &nev, g)) < 0)
		goto out;
	for (i = 0; i < n && rc == 0; i++) {
		if (sdocs) {
			const char *doc = sdocs[i].iri;

			rc = pk_review_from_graph(&sdocs[i], g, doc, ev, nev);
		} else {
			rc = pk_review_resolve(&docs[i], g, ev, nev);
		}
	}
	if (rc < 0)
		goto out;
	if (n == 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "review: %s", npaths ? "no article could be read" :
			"the store holds no pkg:Document");
		rc = PK_EINPUT;
		goto out;
	}
	if (sdocs)
		qsort(sdocs, n, sizeof *sdocs, pk_review_doc_iri_cmp);
	if ((rc = pk_review_write_site(dir, g, docs, n, orphans, norphans, diag)) < 0)
		goto out;
	*ndocs = n;
	rc = partial ? PK_EINPUT : 0;
out:
	if (rc == PK_ENOMEM)
		pk_diag_emit(diag, PK_SEV_ERROR, "review: out of memory");
	free(ev);
	for (i = 0; sdocs && i < n; i++)
		if (sdocs[i].text || sdocs[i].name)
			pk_review_doc_clear(&sdocs[i]);
	free(sdocs);
	pk_graph_free(own);
	pk_extractor_free(ex);
	pk_review_recorder_free(rec);
	return rc;
}
