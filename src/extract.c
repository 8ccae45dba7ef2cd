/*
 * extract.c - pk_extractor, the pipeline that ties the stages together:
 *
 *   reader -> normalize -> segment -> gazetteer -> rules -> graph
 *
 * One document at a time: its text goes down the stages once, and its
 * triples join the extractor's graph, which pk_extractor_write hands to
 * the serializer.  Problems with one input are reported and the rest go on.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract.h"
#include "resolve.h"
#include "gazetteer.h"
#include "graph.h"
#include "normalize.h"
#include "reader.h"
#include "rules.h"
#include "segment.h"
#include "serialize.h"

typedef struct pk_manifest_line {
	char *path;
	char *field[3]; /* date, URL, publisher; NULL when empty or "-" */
} pk_manifest_line;

struct pk_extractor {
	const pk_ruleset *rs;
	pk_extract_options opts;
	pk_diag diag;
	pk_normalizer *norm;
	pk_segmenter *seg;
	pk_matcher *matcher;
	pk_graph *graph;
	pk_builder *builder;
	size_t ndocs;
	pk_manifest_line *manifest; /* --manifest: what is known of each input */
	size_t nmanifest;
	char **ids;      /* document ids seen, and the inputs they came from */
	char **names;
	size_t nids;
};

/* Read --manifest: one line per article, tab-separated: path, date
 * (YYYY-MM-DD), source URL, publisher; '-' or nothing for unknown. */
static int pk_extractor_manifest(pk_extractor *ex, const char *path)
{
	char *data = NULL, *line, *next;
	size_t len;
	int lineno = 0, rc;

	if ((rc = pk_file_read(&data, &len, path, &ex->diag)) < 0)
		return rc;
	for (line = data; line && *line; line = next) {
		pk_manifest_line *m, *arr;
		char *f[4] = { NULL, NULL, NULL, NULL }, *p = line;
		int k;
		pk_ymd ymd;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (line[0] == '#' || line[strspn(line, " \t\r")] == '\0')
			continue;
		for (k = 0; k < 4 && p; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		for (k = 0; k < 4; k++)
			if (f[k])
				f[k][strcspn(f[k], "\r")] = '\0';
		if (f[1] && *f[1] && strcmp(f[1], "-") != 0 && pk_ymd_parse(&ymd, f[1]) < 0) {
			pk_diag_emit(&ex->diag, PK_SEV_ERROR, "%s:%d: '%s' is not a date (YYYY-MM-DD)",
				path, lineno, f[1]);
			rc = PK_EUSAGE;
			goto out;
		}
		arr = realloc(ex->manifest, (ex->nmanifest + 1) * sizeof *arr);
		if (!arr) {
			rc = PK_ENOMEM;
			goto out;
		}
		ex->manifest = arr;
		m = &arr[ex->nmanifest++];
		memset(m, 0, sizeof *m);
		if (!(m->path = pk_strdup(f[0]))) {
			rc = PK_ENOMEM;
			goto out;
		}
		for (k = 0; k < 3; k++) {
			if (!f[k + 1] || !*f[k + 1] || strcmp(f[k + 1], "-") == 0)
				continue;
			if (!(m->field[k] = pk_strdup(f[k + 1]))) {
				rc = PK_ENOMEM;
				goto out;
			}
		}
	}
out:
	free(data);
	return rc;
}

/* The manifest's line for an input: the same path, else the same name. */
static const pk_manifest_line *pk_extractor_manifest_for(const pk_extractor *ex, const char *name)
{
	const char *base = strrchr(name, '/');
	size_t i;

	base = base ? base + 1 : name;
	for (i = 0; i < ex->nmanifest; i++)
		if (strcmp(ex->manifest[i].path, name) == 0)
			return &ex->manifest[i];
	for (i = 0; i < ex->nmanifest; i++) {
		const char *mb = strrchr(ex->manifest[i].path, '/');

		if (strcmp(mb ? mb + 1 : ex->manifest[i].path, base) == 0)
			return &ex->manifest[i];
	}
	return NULL;
}

int pk_extractor_new(pk_extractor **out, const pk_ruleset *rs,
	const pk_extract_options *opts, const pk_diag *diag)
{
	pk_extractor *ex;
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
	if ((rc = pk_normalizer_new(&ex->norm, &ex->diag)) < 0 ||
	    (rc = pk_segmenter_new(&ex->seg, &ex->diag)) < 0 ||
	    (rc = pk_matcher_new(&ex->matcher, rs, &ex->opts, &ex->diag)) < 0 ||
	    (rc = pk_graph_new(&ex->graph)) < 0 ||
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
	pk_builder_free(ex->builder);
	pk_graph_free(ex->graph);
	pk_matcher_free(ex->matcher);
	pk_segmenter_free(ex->seg);
	pk_normalizer_free(ex->norm);
	while (ex->nids--) {
		free(ex->ids[ex->nids]);
		free(ex->names[ex->nids]);
	}
	free(ex->ids);
	free(ex->names);
	free(ex);
}

/* Two inputs with one id become one document: say so, once. */
static int pk_extractor_note_id(pk_extractor *ex, const pk_doc *doc)
{
	char **ids, **names;
	size_t i;

	for (i = 0; i < ex->nids; i++) {
		if (strcmp(ex->ids[i], doc->id) == 0) {
			pk_diag_emit(&ex->diag, PK_SEV_WARNING,
				"%s: same document id as %s (document/%s): their facts are merged",
				doc->name, ex->names[i], doc->id);
			return 0;
		}
	}
	ids = realloc(ex->ids, (ex->nids + 1) * sizeof *ids);
	if (!ids)
		return PK_ENOMEM;
	ex->ids = ids;
	names = realloc(ex->names, (ex->nids + 1) * sizeof *names);
	if (!names)
		return PK_ENOMEM;
	ex->names = names;
	ex->ids[ex->nids] = pk_strdup(doc->id);
	ex->names[ex->nids] = pk_strdup(doc->name);
	if (!ex->ids[ex->nids] || !ex->names[ex->nids]) {
		free(ex->ids[ex->nids]);
		free(ex->names[ex->nids]);
		return PK_ENOMEM;
	}
	ex->nids++;
	return 0;
}

/* Header values come from the raw text: normalize them like the body. */
static int pk_extractor_meta(pk_extractor *ex, pk_doc *doc)
{
	size_t i;
	int rc;

	for (i = 0; i < PK_META__COUNT; i++) {
		char *n = NULL;

		if (!doc->meta[i])
			continue;
		if ((rc = pk_normalize_str(&n, ex->norm, doc->meta[i])) < 0)
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

/* Names the article gives its actors in sentence facts[first..]: they are
 * matched like gazetteer names in the sentences after. */
static int pk_extractor_learn(pk_gaz_alias **aliases, size_t *n, const pk_factlist *facts,
	size_t first, const char *text)
{
	size_t i, k;

	for (i = first; i < facts->n; i++) {
		const pk_fact *f = &facts->v[i];
		const pk_slot *of = pk_fact_slot(f, "of"), *al = pk_fact_slot(f, "alias");
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

static int pk_extractor_document(pk_extractor *ex, pk_doc *doc)
{
	pk_ntext nt = PK_NTEXT_INIT;
	pk_span *sents = NULL;
	pk_gaz_match *gm = NULL;
	pk_factlist facts = PK_FACTLIST_INIT;
	const pk_entity **mentioned = NULL;
	pk_gaz_match *all = NULL;
	pk_gaz_alias *aliases = NULL;
	size_t nsents = 0, nmentioned = 0, ngm, nall = 0, naliases = 0, i, j;
	pk_docview dv;
	int rc;

	if ((rc = pk_extractor_note_id(ex, doc)) < 0 || (rc = pk_extractor_meta(ex, doc)) < 0)
		goto out;
	if ((rc = pk_normalize(&nt, ex->norm, doc->text, doc->len)) < 0)
		goto out;
	if ((rc = pk_segment(&sents, &nsents, ex->seg, nt.text, nt.len)) < 0)
		goto out;
	for (i = 0; i < nsents; i++) {
		free(gm);
		gm = NULL;
		size_t first_fact = facts.n;

		if ((rc = pk_gazetteer_find_with(&gm, &ngm, ex->rs->gaz, aliases, naliases,
			nt.text + sents[i].start, sents[i].end - sents[i].start)) < 0)
			goto out;
		for (j = 0; j < ngm; j++) {
			gm[j].start += sents[i].start;
			gm[j].end += sents[i].start;
			gm[j].pend += sents[i].start;
			if ((rc = pk_extractor_add_mentioned(&mentioned, &nmentioned, gm[j].ent)) < 0)
				goto out;
		}
		if (ngm) {
			pk_gaz_match *p = realloc(all, (nall + ngm) * sizeof *p);

			if (!p) {
				rc = PK_ENOMEM;
				goto out;
			}
			all = p;
			memcpy(all + nall, gm, ngm * sizeof *gm);
			nall += ngm;
		}
		if ((rc = pk_rules_run(ex->matcher, &facts, doc->name, nt.text, sents[i], i, gm, ngm)) < 0)
			goto out;
		if ((rc = pk_extractor_learn(&aliases, &naliases, &facts, first_fact, nt.text)) < 0)
			goto out;
	}
	memset(&dv, 0, sizeof dv);
	dv.doc = doc;
	dv.nt = &nt;
	dv.sents = sents;
	dv.nsents = nsents;
	dv.mentioned = mentioned;
	dv.nmentioned = nmentioned;
	dv.facts = &facts;
	dv.matches = all;
	dv.nmatches = nall;
	{
		pk_buf d = PK_BUF_INIT;

		/* every triple read from here on belongs to this document's graph */
		rc = pk_buf_printf(&d, "https://w3id.org/policykg/id/document/%s", doc->id) < 0 ?
			PK_ENOMEM : pk_graph_set_context(ex->graph, d.ptr);
		pk_buf_free(&d);
		if (rc < 0)
			goto out;
	}
	rc = pk_graph_build(ex->builder, &dv);
	if (rc == 0)
		ex->ndocs++;
out:
	if (rc == PK_ENOMEM)
		pk_diag_emit(&ex->diag, PK_SEV_ERROR, "%s: out of memory", doc->name);
	free(gm);
	free(all);
	for (i = 0; i < naliases; i++)
		free(aliases[i].name);
	free(aliases);
	free(mentioned);
	pk_factlist_clear(&facts);
	free(sents);
	pk_ntext_free(&nt);
	return rc;
}

int pk_extractor_add_text(pk_extractor *ex, const char *name,
	const char *bytes, size_t len)
{
	pk_doc doc = PK_DOC_INIT;
	char *id = NULL;
	const char *base = strrchr(name, '/');
	const char *dot;
	int rc;

	base = base ? base + 1 : name;
	dot = strrchr(base, '.');
	id = pk_reader_slug(base, dot && dot > base ? (size_t)(dot - base) : strlen(base));
	if (!id)
		return PK_ENOMEM;
	rc = pk_reader_read(&doc, ex->rs, name, id, bytes, len, &ex->diag);
	if (rc == 0)
		rc = pk_extractor_document(ex, &doc);
	pk_doc_clear(&doc);
	free(id);
	return rc;
}

int pk_extractor_add_path(pk_extractor *ex, const char *path)
{
	char **paths = NULL, **ids = NULL;
	size_t n = 0, i;
	int rc, failed = 0;

	rc = pk_reader_list(&paths, &ids, &n, path, &ex->diag);
	if (rc == PK_ENOMEM)
		return rc;
	if (rc < 0)
		failed = 1;
	rc = 0;
	for (i = 0; i < n; i++) {
		pk_doc doc = PK_DOC_INIT;
		char *bytes = NULL;
		size_t len = 0;
		int r;

		if (ex->opts.progress)
			fprintf(stderr, "\rpolicykg: %zu/%zu %s\033[K", i + 1, n, paths[i]);
		r = pk_file_read(&bytes, &len, paths[i], &ex->diag);
		if (r == 0)
			r = pk_reader_read(&doc, ex->rs, paths[i], ids[i], bytes, len, &ex->diag);
		if (r == 0)
			r = pk_extractor_document(ex, &doc);
		pk_doc_clear(&doc);
		free(bytes);
		if (r == PK_ENOMEM) {
			rc = r;
			break;
		}
		if (r < 0)
			failed = 1;
	}
	if (ex->opts.progress && n)
		fprintf(stderr, "\r\033[K");
	for (i = 0; i < n; i++) {
		free(paths[i]);
		free(ids[i]);
	}
	free(paths);
	free(ids);
	if (rc < 0)
		return rc;
	return failed ? PK_EINPUT : 0;
}

int pk_extractor_write(pk_extractor *ex, const char *path, const char *syntax)
{
	int rc = pk_builder_finish(ex->builder);

	if (rc < 0)
		return rc;
	return pk_serialize_write(ex->graph, path, syntax, &ex->diag);
}

int pk_extractor_format_known(const char *syntax)
{
	return pk_serialize_known(syntax);
}

pk_graph *pk_extractor_graph(pk_extractor *ex)
{
	return ex->graph;
}

size_t pk_extractor_triple_count(const pk_extractor *ex)
{
	return pk_graph_size(ex->graph);
}

size_t pk_extractor_document_count(const pk_extractor *ex)
{
	return ex->ndocs;
}
