/*
 * extract_worker.c - one document through the stages for pk_extractor:
 * a worker (one per thread, with its own normalizer, segmenter, matcher
 * and builder) reads an input, normalizes its header values, segments,
 * matches, mints the organizations the article names itself and builds
 * the document's own graph; its messages are kept for the calling thread
 * to give in input order.
 */
#include <stdlib.h>
#include <string.h>

#include "pipeline/extract_int.h"
#include "rdf/vocab.h"

/* Header values come from the raw text: normalize them like the body. */
static int pk_extractor_meta(pk_worker *w, pk_doc *doc)
{
	pk_extractor *ex = w->ex;
	size_t i;
	int rc;

	for (i = 0; i < PK_META__COUNT; i++) {
		char *n = NULL;

		if (!doc->meta[i])
			continue;
		if ((rc = pk_normalize_str(&n, w->norm, doc->meta[i])) < 0)
			return rc;
		free(doc->meta[i]);
		doc->meta[i] = n;
		if (!n[0]) {
			free(n);
			doc->meta[i] = NULL;
		}
	}
	if (!doc->meta[PK_META_ISSUED] && ex->opts.doc_date) {
		if (!(doc->meta[PK_META_ISSUED] = pk_strdup(ex->opts.doc_date)))
			return PK_ENOMEM;
		doc->issued_has_time = 0;
	}
	{
		static const pk_meta_field fields[3] = { PK_META_ISSUED, PK_META_SOURCE, PK_META_PUBLISHER };
		const pk_manifest_line *m = pk_extractor_manifest_for(ex, doc->name);
		int k;

		for (k = 0; m && k < 3; k++) {
			if (doc->meta[fields[k]] || !m->field[k])
				continue;
			if (!(doc->meta[fields[k]] = pk_strdup(m->field[k])))
				return PK_ENOMEM;
		}
	}
	return 0;
}

static int pk_extractor_add_mentioned(const pk_entity ***list, size_t *n, const pk_entity *e)
{
	size_t i;
	const pk_entity **p;

	for (i = 0; i < *n; i++)
		if ((*list)[i] == e)
			return 0;
	p = realloc(*list, (*n + 1) * sizeof *p);
	if (!p)
		return PK_ENOMEM;
	*list = p;
	p[(*n)++] = e;
	return 0;
}

static void pk_extractor_entity_free(pk_entity *e)
{
	if (!e)
		return;
	free(e->id);
	free(e->ko);
	free(e->country);
	free(e);
}

/* An organization of the article's own, named text[0..n) by an
 * organization rule's match f. */
static int pk_extractor_entity_new(pk_entity **out, pk_builder *b, const pk_fact *f,
	const char *text, size_t n)
{
	const pk_slot *country = pk_fact_slot(f, PK_ROLE_COUNTRY);
	pk_entity *e = calloc(1, sizeof *e);
	char *iri = NULL;
	int rc = PK_ENOMEM;

	*out = NULL;
	if (!e)
		return PK_ENOMEM;
	e->minted = 1;
	e->cls = PK_CLASS_ORG;
	if (f->rule->fixed_class && pk_class_by_name(f->rule->fixed_class) < PK_CLASS__COUNT)
		e->cls = pk_class_by_name(f->rule->fixed_class);
	if ((rc = pk_build_iri(&iri, b, "org", text, n)) < 0)
		goto out;
	rc = PK_ENOMEM;
	if (!(e->id = pk_strdup(iri + strlen(PK_NS_ID))) || !(e->ko = pk_strndup(text, n)))
		goto out;
	if (country && country->ent && country->ent->cls == PK_CLASS_COUNTRY &&
	    !(e->country = pk_strdup(country->ent->id)))
		goto out;
	*out = e;
	e = NULL;
	rc = 0;
out:
	free(iri);
	pk_extractor_entity_free(e);
	return rc;
}

/* "(ABC)" right after a minted name: an alias of it for the article. */
static int pk_extractor_mint_acronym(pk_analysis *a, const pk_gazetteer *gz, const pk_entity *e,
	const char *after)
{
	pk_gaz_alias *pa;
	pk_gaz_match *m = NULL;
	size_t n = 0, nm = 0;
	int rc;

	if (*after != '(')
		return 0;
	while ((after[1 + n] >= 'A' && after[1 + n] <= 'Z') || after[1 + n] == '&')
		n++;
	if (n < 2 || n > 10 || after[1 + n] != ')')
		return 0;
	/* an acronym the gazetteer knows stays the gazetteer's */
	if ((rc = pk_gazetteer_find(&m, &nm, gz, after + 1, n)) < 0)
		return rc;
	free(m);
	if (nm)
		return 0;
	if (!(pa = realloc(a->aliases, (a->naliases + 1) * sizeof *pa)))
		return PK_ENOMEM;
	a->aliases = pa;
	if (!(pa[a->naliases].name = pk_strndup(after + 1, n)))
		return PK_ENOMEM;
	pa[a->naliases++].ent = e;
	return 0;
}

/* The organizations that organization rules found in facts[first..] and
 * the gazetteer does not know become the article's own entities, matched
 * by their names from here on (as aliases are).  *added: any new one. */
static int pk_extractor_mint(pk_analysis *a, pk_builder *b, const pk_gazetteer *gz, size_t first,
	int *added)
{
	size_t i, k;
	int rc;

	*added = 0;
	for (i = first; i < a->facts.n; i++) {
		const pk_fact *f = &a->facts.v[i];
		const pk_slot *nm = pk_fact_slot(f, PK_ROLE_NAME);
		const char *text = a->nt.text;
		pk_entity *e = NULL, **pe;
		pk_gaz_alias *pa;

		if (f->rule->yield != PK_YIELD_ORG || !nm || nm->end <= nm->start)
			continue;
		for (k = 0; k < a->naliases; k++)
			if (strlen(a->aliases[k].name) == nm->end - nm->start &&
			    memcmp(a->aliases[k].name, text + nm->start, nm->end - nm->start) == 0)
				break;
		if (k < a->naliases)
			continue;
		if ((rc = pk_extractor_entity_new(&e, b, f, text + nm->start, nm->end - nm->start)) < 0)
			return rc;
		pe = realloc(a->minted, (a->nminted + 1) * sizeof *pe);
		pa = pe ? realloc(a->aliases, (a->naliases + 1) * sizeof *pa) : NULL;
		if (pe)
			a->minted = pe;
		if (pa)
			a->aliases = pa;
		if (!pe || !pa || !(pa[a->naliases].name = pk_strdup(e->ko))) {
			pk_extractor_entity_free(e);
			return PK_ENOMEM;
		}
		pa[a->naliases++].ent = e;
		a->minted[a->nminted++] = e;
		*added = 1;
		/* 말레이시아 통신멀티미디어위원회(MCMC): the acronym names it too */
		if ((rc = pk_extractor_mint_acronym(a, gz, e, text + nm->end)) < 0)
			return rc;
	}
	return 0;
}

/* Names the article gives its actors in sentence facts[first..]: they are
 * matched like gazetteer names in the sentences after. */
static int pk_extractor_learn(pk_gaz_alias **aliases, size_t *n, const pk_factlist *facts,
	size_t first, const char *text)
{
	size_t i, k;

	for (i = first; i < facts->n; i++) {
		const pk_fact *f = &facts->v[i];
		const pk_slot *of = pk_fact_slot(f, PK_ROLE_OF), *al = pk_fact_slot(f, PK_ROLE_ALIAS);
		pk_gaz_alias *p;

		if (f->rule->yield != PK_YIELD_ALIAS || !of || !of->ent || !al)
			continue;
		for (k = 0; k < *n; k++)
			if (strlen((*aliases)[k].name) == al->end - al->start &&
			    memcmp((*aliases)[k].name, text + al->start, al->end - al->start) == 0)
				break;
		if (k < *n)
			continue;
		p = realloc(*aliases, (*n + 1) * sizeof *p);
		if (!p)
			return PK_ENOMEM;
		*aliases = p;
		p[*n].ent = of->ent;
		if (!(p[*n].name = pk_strndup(text + al->start, al->end - al->start)))
			return PK_ENOMEM;
		(*n)++;
	}
	return 0;
}

/* ---- workers: reading and matching ------------------------------------------- */

static void pk_worker_capture(void *ud, pk_severity sev, const char *msg)
{
	pk_worker *w = ud;
	pk_analysis *a = w->cur;
	pk_msg *p;

	if (!a) {
		pk_diag_emit(&w->ex->diag, sev, "%s", msg);
		return;
	}
	if (a->nmsgs == a->msgs_cap) {
		size_t cap = a->msgs_cap ? a->msgs_cap * 2 : 8;

		if (!(p = realloc(a->msgs, cap * sizeof *p)))
			return; /* a message lost to a full memory; the ENOMEM follows */
		a->msgs = p;
		a->msgs_cap = cap;
	}
	p = &a->msgs[a->nmsgs];
	p->sev = sev;
	if ((p->text = pk_strdup(msg)) != NULL)
		a->nmsgs++;
}

int pk_worker_init(pk_worker *w, pk_extractor *ex)
{
	int rc;

	w->ex = ex;
	w->diag.fn = pk_worker_capture;
	w->diag.ud = w;
	if ((rc = pk_normalizer_new(&w->norm, &w->diag)) < 0 ||
	    (rc = pk_segmenter_new(&w->seg, &w->diag)) < 0 ||
	    (rc = pk_matcher_new(&w->matcher, ex->rs, &ex->opts, &w->diag)) < 0 ||
	    (rc = pk_builder_new(&w->builder, NULL, ex->rs, &w->diag)) < 0 ||
	    (rc = pk_matcher_set_limits(w->matcher, ex->opts.match_limit,
		ex->opts.depth_limit)) < 0)
		return rc;
	pk_builder_set_reference(w->builder, ex->opts.reference_date);
	pk_builder_set_max_mentions(w->builder, ex->opts.max_mentions);
	return 0;
}

/* Empty a for the next document; its graph is kept, emptied. */
void pk_analysis_clear(pk_analysis *a)
{
	pk_graph *g = a->graph;
	size_t i;

	pk_doc_clear(&a->doc);
	pk_ntext_free(&a->nt);
	free(a->sents);
	pk_factlist_clear(&a->facts);
	free(a->mentioned);
	free(a->all);
	for (i = 0; i < a->naliases; i++)
		free(a->aliases[i].name);
	free(a->aliases);
	for (i = 0; i < a->nminted; i++)
		pk_extractor_entity_free(a->minted[i]);
	free(a->minted);
	for (i = 0; i < a->nmsgs; i++)
		free(a->msgs[i].text);
	free(a->msgs);
	free(a->iri);
	free(a->lines);
	if (g)
		pk_graph_clear(g);
	memset(a, 0, sizeof *a);
	a->graph = g;
	a->doc = (pk_doc)PK_DOC_INIT;
	a->nt = (pk_ntext)PK_NTEXT_INIT;
	a->facts = (pk_factlist)PK_FACTLIST_INIT;
}

void pk_analysis_free(pk_analysis *a)
{
	pk_analysis_clear(a);
	pk_graph_free(a->graph);
	a->graph = NULL;
}

void pk_analysis_view(pk_docview *dv, pk_analysis *a)
{
	memset(dv, 0, sizeof *dv);
	dv->doc = &a->doc;
	dv->nt = &a->nt;
	dv->sents = a->sents;
	dv->nsents = a->nsents;
	dv->mentioned = a->mentioned;
	dv->nmentioned = a->nmentioned;
	dv->facts = &a->facts;
	dv->matches = a->all;
	dv->nmatches = a->nall;
}

/* Build a's graph: every triple in the document's own named graph. */
static int pk_worker_build(pk_worker *w, pk_analysis *a)
{
	pk_buf d = PK_BUF_INIT;
	pk_docview dv;
	int rc;

	if (!a->graph && (rc = pk_graph_new(&a->graph)) < 0)
		return rc;
	if (pk_buf_printf(&d, PK_NS_ID "document/%s", a->doc.id) < 0)
		return PK_ENOMEM;
	a->iri = pk_buf_detach(&d);
	pk_analysis_view(&dv, a);
	if ((rc = pk_graph_set_context(a->graph, a->iri)) < 0)
		return rc;
	pk_builder_set_graph(w->builder, a->graph);
	rc = pk_build_document(w->builder, &dv);
	pk_builder_set_graph(w->builder, NULL);
	if (rc == 0 && w->lines && w->preformat)
		rc = pk_worker_lines(w, a);
	return rc;
}

/* Normalize, segment, match and build a->doc (read already). */
int pk_worker_match(pk_worker *w, pk_analysis *a)
{
	pk_extractor *ex = w->ex;
	pk_gaz_match *gm = NULL;
	size_t ngm, i, j, slen;
	int rc;

	pk_matcher_begin(w->matcher);
	if ((rc = pk_extractor_meta(w, &a->doc)) < 0 ||
	    (rc = pk_normalize_text(&a->nt, w->norm, a->doc.text, a->doc.len)) < 0 ||
	    (rc = pk_segment(&a->sents, &a->nsents, w->seg, a->nt.text, a->nt.len)) < 0)
		goto out;
	for (i = 0; i < a->nsents; i++) {
		size_t first_fact = a->facts.n, first_all = a->nall;
		pk_span sent = a->sents[i];
		int pass, minted = 0;

		/* twice when the sentence names an organization the gazetteer does
		 * not know: the second pass sees it masked like a gazetteer name */
		for (pass = 0; pass < 2; pass++) {
			if (pass) {
				pk_factlist_truncate(&a->facts, first_fact);
				a->nall = first_all;
			}
			free(gm);
			gm = NULL;
			if ((rc = pk_gazetteer_find_with(&gm, &ngm, ex->rs->gaz, a->aliases, a->naliases,
				a->nt.text + sent.start, sent.end - sent.start)) < 0)
				goto out;
			for (j = 0; j < ngm; j++) {
				gm[j].start += sent.start;
				gm[j].end += sent.start;
				gm[j].pend += sent.start;
				if ((rc = pk_extractor_add_mentioned(&a->mentioned, &a->nmentioned, gm[j].ent)) < 0)
					goto out;
			}
			if (a->nall + ngm > a->all_cap) {
				/* doubled: grown by each sentence's, it was copied
				 * over and over on a long page */
				size_t cap = a->all_cap ? a->all_cap : 64;
				pk_gaz_match *p;

				while (cap < a->nall + ngm)
					cap *= 2;
				if (!(p = realloc(a->all, cap * sizeof *p))) {
					rc = PK_ENOMEM;
					goto out;
				}
				a->all = p;
				a->all_cap = cap;
			}
			if (ngm) {
				memcpy(a->all + a->nall, gm, ngm * sizeof *gm);
				a->nall += ngm;
			}
			/* a run-on "sentence" (a page without punctuation, a data dump) would
			 * make every rule scan it from every position: names only */
			slen = pk_utf8_count(a->nt.text + sent.start, sent.end - sent.start);
			if (slen > ex->opts.max_sentence_chars) {
				pk_diag_emit(&w->diag, PK_SEV_WARNING,
					"%s: sentence %zu: %zu characters, more than %zu (--max-sentence-chars); "
					"rules not run on it", a->doc.name, i + 1, slen, ex->opts.max_sentence_chars);
				break;
			}
			if ((rc = pk_rules_run(w->matcher, &a->facts, a->doc.name, a->nt.text, sent, i,
				gm, ngm)) < 0)
				goto out;
			if (pass == 0 && (rc = pk_extractor_mint(a, w->builder, ex->rs->gaz, first_fact, &minted)) < 0)
				goto out;
			if (!minted)
				break;
			minted = 0;
		}
		if ((rc = pk_extractor_learn(&a->aliases, &a->naliases, &a->facts, first_fact,
			a->nt.text)) < 0)
			goto out;
	}
	rc = pk_worker_build(w, a);
out:
	free(gm);
	return rc;
}

/* Read input path (document id) into a and match it; a->rc says how it went. */
void pk_worker_run_path(pk_worker *w, pk_analysis *a, const char *path,
	const char *id)
{
	char *bytes = NULL;
	size_t len = 0;
	int rc;

	w->cur = a;
	a->src_path = path;
	a->src_id = id;
	rc = pk_file_read_max(&bytes, &len, path, w->ex->opts.max_document_bytes,
		"--max-document-bytes", &w->diag);
	if (rc == 0)
		rc = pk_reader_read(&a->doc, w->ex->rs, path, id, bytes, len, &w->diag);
	free(bytes);
	if (rc == 0)
		rc = pk_worker_match(w, a);
	if (rc == PK_ENOMEM)
		pk_diag_emit(&w->diag, PK_SEV_ERROR, "%s: out of memory", path);
	a->rc = rc;
	w->cur = NULL;
}
