/*
 * extract_int.h - what the files of pk_extractor share: the extractor, its
 * workers and the documents they analyse, and the functions one file
 * calls in another.  extract.c runs the pipeline and takes documents in
 * order; extract_worker.c reads, matches and builds one document;
 * extract_pool.c runs the workers on threads; extract_stream.c writes
 * N-Triples / N-Quads as documents come; extract_manifest.c reads
 * --manifest; extract_ids.c keeps the set of document ids seen.  Not part
 * of any other stage.
 */
#ifndef PK_EXTRACT_INT_H
#define PK_EXTRACT_INT_H

#include <pthread.h>

#include "pipeline/extract.h"
#include "pipeline/gazetteer.h"
#include "pipeline/build.h"
#include "pipeline/normalize.h"
#include "base/outfile.h"
#include "pipeline/reader.h"
#include "pipeline/rules.h"
#include "pipeline/segment.h"
#include "pipeline/serialize.h"

typedef struct pk_manifest_line {
	char *path;
	char *field[3]; /* date, URL, publisher; NULL when empty or "-" */
} pk_manifest_line;

/* A message a worker gave, kept for the calling thread to replay. */
typedef struct pk_msg {
	pk_severity sev;
	char *text;
} pk_msg;

/* Inputs as pk_reader_list gives them: a path and a document id each,
 * owned. */
typedef struct pk_listing {
	char **paths, **ids;
	size_t n;
} pk_listing;

/* One document read, matched and built, not yet taken in order. */
typedef struct pk_analysis {
	size_t index;              /* its place in the input */
	int rc;                    /* of reading and matching */
	int ready;
	pk_doc doc;
	const char *src_path;      /* the listing's path and id it was read */
	const char *src_id;        /* from (the extractor keeps them), or NULL */
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
	int merged_only;           /* no triple's documents kept (pk_extractor_merged_only) */
	int quads;                 /* ... and they are N-Quads */
	pk_outfile out;            /* where */
	pk_line_writer *lines;     /* for the statuses held to the end */
	pk_graph *shared;          /* streamed triples other documents may state */
	pk_graph_memo memo;        /* the taken document's strings interned in
	                              graph or shared (reset per document) */
	int stream_failed;
	size_t nstreamed;          /* statements the stream wrote */
	pk_extract_observer obs;   /* told every document built (review) */
	pk_manifest_line *manifest; /* --manifest: what is known of each input */
	size_t nmanifest;
	/* document ids seen, and the inputs they came from: pointers into
	 * the listings below, where a document was read (a run over a large
	 * directory kept them twice, and N-Triples held 250 MB at 1 GB) */
	const char **ids;
	const char **names;
	pk_listing *listings; /* every input listing of the run, kept to the end */
	size_t nlistings;
	size_t nids;
	size_t idarr;    /* room in ids and names */
	size_t *idset;   /* index + 1 into ids, open addressing; 0 empty */
	size_t idcap;    /* power of two */
};

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
	size_t held;         /* bytes of the slots ready and not yet taken */
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t ready; /* slot consumed was filled, or stop */
	pthread_cond_t room;  /* a slot was taken, or stop */
} pk_pool;

/* extract.c */
int pk_extractor_take(pk_extractor *ex, pk_analysis *a);

/* extract_manifest.c */
int pk_extractor_manifest(pk_extractor *ex, const char *path);
const pk_manifest_line *pk_extractor_manifest_for(const pk_extractor *ex, const char *name);

/* extract_ids.c */
int pk_extractor_note_id(pk_extractor *ex, const pk_analysis *a);
int pk_extractor_listing_room(pk_extractor *ex);
void pk_extractor_listing_free(pk_listing *l);

/* extract_worker.c */
int pk_worker_init(pk_worker *w, pk_extractor *ex);
void pk_analysis_clear(pk_analysis *a);
void pk_analysis_free(pk_analysis *a);
void pk_analysis_view(pk_docview *dv, pk_analysis *a);
int pk_worker_match(pk_worker *w, pk_analysis *a);
void pk_worker_run_path(pk_worker *w, pk_analysis *a, const char *path,
	const char *id);

/* extract_pool.c */
int pk_extractor_run_pool(pk_extractor *ex, pk_pool *p, int *failed);

/* extract_stream.c */
int pk_worker_lines(pk_worker *w, pk_analysis *a);
int pk_extractor_stream_doc(pk_extractor *ex, pk_analysis *a);
int pk_extractor_stream_finish(pk_extractor *ex);

#endif
