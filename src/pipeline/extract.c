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
 * N-Triples and N-Quads stream (pk_extractor_stream): each document's
 * triples are written once it is built and the graph is emptied; only the
 * triples more than one document can state (about shared resources:
 * actors, persons, agreements, ...) are remembered, to write each once,
 * and agreements' statuses are held back to the end, where Concluded
 * supersedes Planned as in pk_builder_finish.  Memory then grows with the
 * distinct resources, not with the corpus.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/extract.h"
#include "pipeline/resolve.h"
#include "pipeline/gazetteer.h"
#include "pipeline/build.h"
#include "pipeline/normalize.h"
#include "base/outfile.h"
#include "pipeline/reader.h"
#include "pipeline/rules.h"
#include "pipeline/segment.h"
#include "pipeline/serialize.h"
#include "rdf/onto.h"
#include "rdf/vocab.h"

typedef struct pk_manifest_line {
	char *path;
	char *field[3]; /* date, URL, publisher; NULL when empty or "-" */
} pk_manifest_line;

/* A message a worker gave, kept for the calling thread to replay. */
typedef struct pk_msg {
	pk_severity sev;
	char *text;
} pk_msg;

/* One document read, matched and built, not yet taken in order. */
typedef struct pk_analysis {
	size_t index;              /* its place in the input */
	int rc;                    /* of reading and matching */
	int ready;
	pk_doc doc;
	pk_ntext nt;
	pk_span *sents;
	size_t nsents;
	pk_factlist facts;
	const pk_entity **mentioned;
	size_t nmentioned;
	pk_gaz_match *all;
	size_t nall;
	size_t all_cap;
	pk_gaz_alias *aliases;
	size_t naliases;
	pk_entity **minted;        /* organizations read from its text, owned */
	size_t nminted;
	pk_msg *msgs;
	size_t nmsgs;
	size_t msgs_cap;
	pk_graph *graph;           /* its triples; kept (emptied) for the next */
	char *iri;                 /* the document's IRI */
	char *lines;               /* when streaming: its statements as text */
	size_t nlines;             /* bytes of it */
} pk_analysis;

/* What reads and matches documents: one per thread. */
typedef struct pk_worker {
	pk_extractor *ex;
	pk_diag diag;              /* into cur's messages */
	pk_analysis *cur;
	pk_normalizer *norm;
	pk_segmenter *seg;
	pk_matcher *matcher;
	pk_builder *builder;
	pk_line_writer *lines;     /* when streaming */
	int preformat;             /* on a thread: format the lines too */
	pthread_t thread;
} pk_worker;

struct pk_extractor {
	const pk_ruleset *rs;
	pk_extract_options opts;
	pk_diag diag;
	pk_worker *workers;        /* opts.jobs of them; the first serves -j 1 */
	size_t nworkers;
	pk_graph *graph;
	pk_builder *builder;
	size_t ndocs;
	int streaming;             /* N-Triples / N-Quads written as we go */
	int quads;                 /* ... and they are N-Quads */
	pk_outfile out;            /* where */
	pk_line_writer *lines;     /* for the statuses held to the end */
	pk_graph *shared;          /* streamed triples other documents may state */
	int stream_failed;
	size_t nstreamed;          /* statements the stream wrote */
	pk_extract_observer obs;   /* told every document built (review) */
	pk_manifest_line *manifest; /* --manifest: what is known of each input */
	size_t nmanifest;
	char **ids;      /* document ids seen, and the inputs they came from */
	char **names;
	size_t nids;
	size_t idarr;    /* room in ids and names */
	size_t *idset;   /* index + 1 into ids, open addressing; 0 empty */
	size_t idcap;    /* power of two */
};

static int pk_worker_init(pk_worker *w, pk_extractor *ex);
static int pk_worker_lines(pk_worker *w, pk_analysis *a);
static int pk_extractor_stream_finish(pk_extractor *ex);

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
	while (ex->nids--) {
		free(ex->ids[ex->nids]);
		free(ex->names[ex->nids]);
	}
	free(ex->ids);
	free(ex->names);
	free(ex->idset);
	free(ex);
}

/* Two inputs with one id become one document: say so, once. */
/* The slot of id in the id set: its entry, or the empty slot for it. */
static size_t pk_extractor_id_slot(const pk_extractor *ex, const char *id)
{
	size_t i = (size_t)pk_hash64(id, strlen(id)) & (ex->idcap - 1);

	while (ex->idset[i] && strcmp(ex->ids[ex->idset[i] - 1], id) != 0)
		i = (i + 1) & (ex->idcap - 1);
	return i;
}

/* Grow the arrays for one more id; the set stays at most half full. */
static int pk_extractor_ids_grow(pk_extractor *ex)
{
	size_t cap, i, *set;
	char **p;

	if (ex->nids == ex->idarr) {
		cap = ex->idarr ? ex->idarr * 2 : 64;
		if (!(p = realloc(ex->ids, cap * sizeof *p)))
			return PK_ENOMEM;
		ex->ids = p;
		if (!(p = realloc(ex->names, cap * sizeof *p)))
			return PK_ENOMEM;
		ex->names = p;
		ex->idarr = cap;
	}
	if ((ex->nids + 1) * 2 <= ex->idcap)
		return 0;
	cap = ex->idcap ? ex->idcap * 2 : 128;
	if (!(set = calloc(cap, sizeof *set)))
		return PK_ENOMEM;
	free(ex->idset);
	ex->idset = set;
	ex->idcap = cap;
	for (i = 0; i < ex->nids; i++)
		ex->idset[pk_extractor_id_slot(ex, ex->ids[i])] = i + 1;
	return 0;
}

/* Two inputs with one document id merge their facts: say so.  The ids
 * are a hash set: a linear scan was quadratic in the corpus. */
static int pk_extractor_note_id(pk_extractor *ex, const pk_doc *doc)
{
	size_t slot;

	if (pk_extractor_ids_grow(ex) < 0)
		return PK_ENOMEM;
	slot = pk_extractor_id_slot(ex, doc->id);
	if (ex->idset[slot]) {
		pk_diag_emit(&ex->diag, PK_SEV_WARNING,
			"%s: same document id as %s (document/%s): their facts are merged",
			doc->name, ex->names[ex->idset[slot] - 1], doc->id);
		return 0;
	}
	ex->ids[ex->nids] = pk_strdup(doc->id);
	ex->names[ex->nids] = pk_strdup(doc->name);
	if (!ex->ids[ex->nids] || !ex->names[ex->nids]) {
		free(ex->ids[ex->nids]);
		free(ex->names[ex->nids]);
		return PK_ENOMEM;
	}
	ex->idset[slot] = ++ex->nids;
	return 0;
}

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

static int pk_worker_init(pk_worker *w, pk_extractor *ex)
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
static void pk_analysis_clear(pk_analysis *a)
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

static void pk_analysis_free(pk_analysis *a)
{
	pk_analysis_clear(a);
	pk_graph_free(a->graph);
	a->graph = NULL;
}

static void pk_analysis_view(pk_docview *dv, pk_analysis *a)
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
static int pk_worker_match(pk_worker *w, pk_analysis *a)
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
static void pk_worker_run_path(pk_worker *w, pk_analysis *a, const char *path,
	const char *id)
{
	char *bytes = NULL;
	size_t len = 0;
	int rc;

	w->cur = a;
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

/* ---- building, in input order ------------------------------------------------- */

static int pk_extractor_stream_doc(pk_extractor *ex, pk_analysis *a);

/* Give a's messages, then add its graph to ours (or write it when
 * streaming). */
static int pk_extractor_take(pk_extractor *ex, pk_analysis *a)
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
	if ((rc = pk_extractor_note_id(ex, &a->doc)) < 0)
		goto out;
	ex->ndocs++;
	if (ex->streaming) {
		rc = pk_extractor_stream_doc(ex, a);
		goto out;
	}
	pk_graph_quads_sorted(&q, &n, a->graph);
	if ((rc = pk_graph_set_context(ex->graph, a->iri)) < 0)
		goto out;
	for (i = 0; i < n && rc == 0; i++)
		rc = pk_graph_add_copy(ex->graph, &q[i].t, NULL);
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

/* ---- streaming ---------------------------------------------------------------- */

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
static int pk_worker_lines(pk_worker *w, pk_analysis *a)
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
		} else if ((rc = pk_graph_add_copy(ex->shared, t, &added)) == 0 && added &&
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
static int pk_extractor_stream_doc(pk_extractor *ex, pk_analysis *a)
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
static int pk_extractor_stream_finish(pk_extractor *ex)
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

/* The inputs of one pk_extractor_add_path shared by its threads: worker
 * threads take inputs in order into a window of slots; the calling thread
 * builds them in order and frees their slots. */
typedef struct pk_pool {
	char **paths, **ids;
	size_t n;
	pk_analysis *slots;  /* input i in slots[i % window] */
	size_t window;
	size_t next;         /* the next input a worker takes */
	size_t consumed;     /* inputs built */
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;   /* a slot filled or freed, or stop */
} pk_pool;

typedef struct pk_pool_arg {
	pk_pool *pool;
	pk_worker *w;
} pk_pool_arg;

static void *pk_pool_work(void *arg)
{
	pk_pool *p = ((pk_pool_arg *)arg)->pool;
	pk_worker *w = ((pk_pool_arg *)arg)->w;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		pk_analysis *a;
		size_t i;

		while (!p->stop && p->next < p->n && p->next >= p->consumed + p->window)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->stop || p->next >= p->n)
			break;
		i = p->next++;
		a = &p->slots[i % p->window];
		pthread_mutex_unlock(&p->mu);
		a->index = i;
		pk_worker_run_path(w, a, p->paths[i], p->ids[i]);
		pthread_mutex_lock(&p->mu);
		a->ready = 1;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Build every input of p in order, read by workers on threads. */
static int pk_extractor_run_pool(pk_extractor *ex, pk_pool *p, int *failed)
{
	pk_pool_arg *args = NULL;
	size_t i, started = 0;
	int rc = 0;

	p->window = 4 * ex->nworkers;
	p->slots = calloc(p->window, sizeof *p->slots);
	args = calloc(ex->nworkers, sizeof *args);
	if (!p->slots || !args) {
		free(p->slots);
		free(args);
		return PK_ENOMEM;
	}
	for (i = 0; i < p->window; i++)
		pk_analysis_clear(&p->slots[i]);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	for (i = 0; i < ex->nworkers; i++) {
		args[i].pool = p;
		args[i].w = &ex->workers[i];
		ex->workers[i].preformat = 1;
		if (pthread_create(&ex->workers[i].thread, NULL, pk_pool_work, &args[i]) != 0)
			break;
		started++;
	}
	if (started == 0) {
		pk_diag_emit(&ex->diag, PK_SEV_ERROR, "cannot start a thread");
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < p->n; i++) {
		pk_analysis *a = &p->slots[i % p->window];
		int r;

		pthread_mutex_lock(&p->mu);
		while (!a->ready)
			pthread_cond_wait(&p->cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
		if (ex->opts.progress)
			fprintf(stderr, "\rpolicykg: %zu/%zu %s\033[K", i + 1, p->n, p->paths[i]);
		r = pk_extractor_take(ex, a);
		pk_analysis_clear(a);
		pthread_mutex_lock(&p->mu);
		p->consumed++;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (r == PK_ENOMEM || r == PK_EIO) {
			rc = r;
			break;
		}
		if (r < 0)
			*failed = 1;
	}
out:
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < started; i++)
		pthread_join(ex->workers[i].thread, NULL);
	for (i = 0; i < ex->nworkers; i++)
		ex->workers[i].preformat = 0;
	for (i = 0; i < p->window; i++)
		pk_analysis_free(&p->slots[i]);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p->slots);
	free(args);
	return rc;
}

int pk_extractor_add_path(pk_extractor *ex, const char *path)
{
	pk_pool pool;
	size_t i;
	int rc, failed = 0;

	memset(&pool, 0, sizeof pool);
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
	for (i = 0; i < pool.n; i++) {
		free(pool.paths[i]);
		free(pool.ids[i]);
	}
	free(pool.paths);
	free(pool.ids);
	if (rc < 0)
		return rc;
	return failed ? PK_EINPUT : 0;
}

int pk_extractor_write(pk_extractor *ex, const char *path, const char *syntax)
{
	int rc;

	if (ex->streaming)
		return pk_extractor_stream_finish(ex);
	if ((rc = pk_builder_finish(ex->builder)) < 0)
		return rc;
	return pk_serialize_write(ex->graph, path, syntax, &ex->diag);
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
