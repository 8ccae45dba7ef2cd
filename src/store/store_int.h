/*
 * store_int.h - what the store's files share (store.c, store_docs.c,
 * store_dir.c, store_pg.c, params.c).
 *
 * A store holds documents.  A document is a named graph: an IRI and the
 * triples read from it.  Every document is kept in two forms:
 *
 *   - its canonical N-Quads text (store_docs.c): one line per triple,
 *     "S P O G .", sorted bytewise, no duplicates, after a header line
 *     "# policykg document <G>".  The same triples always give the same
 *     bytes, so a document loaded again unchanged is seen at once, and
 *     two versions of a document are compared line by line;
 *   - its statements in two librdf indexes: "graphs" (contexts='yes',
 *     each statement in the context of its document) answers GRAPH
 *     queries and says whether any document still states a triple;
 *     "union" (no contexts) holds each distinct triple once and answers
 *     every other query.  Rasqal over a context store returns a triple
 *     once per context that holds it, so joins over the default graph
 *     of "graphs" multiply; "union" is the default graph without that.
 *
 * Backends (directory, PostgreSQL) plug in through pk_store_backend; they
 * differ in where the canonical text lives and how a change is made
 * atomic.  The index maintenance below them is shared (pk_store_index_*).
 *
 * Ownership follows policykg.h; librdf objects are freed only by their
 * own free functions.
 */
#ifndef PK_STORE_INT_H
#define PK_STORE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <redland.h>

#include "policykg.h"
#include "base/util.h"
#include "rdf/nquads.h"

#define PK_STORE_DOC_HEADER "# policykg document "
#define PK_STORE_DOC_PREFIX "https://w3id.org/policykg/id/document/"

/* ---- library messages (store.c) ------------------------------------------- */

typedef struct pk_store_log {
	pk_diag diag;
	const char *where;  /* "FILE" prefix for messages */
	long line_offset;   /* lines we prepended (query prefixes) */
	int errors;
	int quiet;          /* drop messages (a query parsed a second time) */
} pk_store_log;

/* A librdf world whose messages go to log (which must outlive it). */
librdf_world *pk_store_world_new(pk_store_log *log);

/* ---- documents as canonical N-Quads (store_docs.c) ----------------------- */

/* A run of a document's lines in the batch's spill file. */
typedef struct pk_store_piece {
	uint64_t off;
	size_t len;
} pk_store_piece;

typedef struct pk_store_doc {
	char *iri;
	char *key;        /* its name among files: docs/KEY.nq */
	size_t index;     /* in its batch */
	int forget;       /* a removal, not new content */
	pk_buf text;      /* lines as collected; canonical once finished */
	size_t nquads;    /* lines in text once finished */
	size_t nbnodes;   /* blank node labels given so far */
	pk_store_piece *pieces; /* earlier lines, waiting in the spill file */
	size_t npieces, piece_cap;
} pk_store_doc;

/* Documents collected for one change of a store: parsed RDF files, an
 * extractor's graph, documents to forget.  Documents are kept in the
 * order they were first seen. */
struct pk_store_batch {
	pk_store_log log;
	raptor_world *raptor;  /* while a file is parsed */
	pk_store_doc **docs;
	size_t ndocs, cap;
	size_t *slots;         /* open addressing on the IRI: index + 1 */
	size_t nslots;
	char **bnode_keys;     /* the current file's blank nodes ... */
	char **bnode_labels;   /* ... and the labels they were given */
	size_t nbnode, bnode_cap;
	size_t *bnode_slots;
	size_t nbnode_slots;
	size_t files;          /* RDF files parsed */
	int applied;           /* given to pk_store_apply (once only) */
	size_t held, max_held; /* bytes of text in memory, and the most to hold */
	int spill_fd;          /* where the rest waits (unlinked); -1: none yet */
	uint64_t spill_end;    /* bytes written to it */
};

/* The document iri in batch b, created when missing. */
int pk_store_batch_doc(pk_store_doc **out, pk_store_batch *b, const char *iri);
/* store_spill.c: a batch holds at most max_held bytes of text in
 * memory; past that, every document's text is appended to one unlinked
 * temporary file and read back, one document at a time, when the store
 * takes it. */
int pk_store_batch_held(pk_store_batch *b, size_t n);
int pk_store_spill_load(pk_store_batch *b, pk_store_doc *d);
void pk_store_spill_drop(pk_store_batch *b, pk_store_doc *d);
void pk_store_spill_close(pk_store_batch *b);

/* d's whole text (its spilled lines read back), canonical: its lines
 * sorted and deduplicated, the header added; and once the store has
 * it, let go of it again. */
int pk_store_doc_ready(pk_store_batch *b, pk_store_doc *d);
void pk_store_doc_release(pk_store_batch *b, pk_store_doc *d);

/* The file name stem for a document: the id for policykg documents
 * (PK_STORE_DOC_PREFIX + [A-Za-z0-9_][A-Za-z0-9_.-]*), else '@' and 16
 * hex digits of a hash of the IRI.  *out is malloc'd. */
int pk_store_doc_key(char **out, const char *iri);
/* The IRI on the header line of a canonical text, malloc'd; NULL when
 * the text does not start with one. */
char *pk_store_doc_header_iri(const char *text, size_t len);
/* The blank node prefix (pk_store_bnode_prefix) of the document whose
 * canonical text this is; PK_ESTORE, said as where's, without a header. */
int pk_store_doc_prefix(char out[20], const char *text, size_t len,
	const pk_diag *diag, const char *where);

/* One canonical line (without its "\n") as a librdf statement and its
 * context node.  Blank node labels get bnode_prefix in front, which keeps
 * each document's blank nodes its own.  PK_EINPUT when the line is not a
 * canonical quad.  (Lines are written by rdf/nquads.h.) */
int pk_store_nq_parse_line(librdf_statement **stmt, librdf_node **context,
	librdf_world *world, const char *line, size_t len,
	const char *bnode_prefix);

/* A DOCUMENT as a user names it (see pk_store_batch_forget) as an IRI,
 * malloc'd.  PK_EUSAGE when it cannot be one. */
int pk_store_document_iri(char **out, const char *name);

/* The prefix for the blank nodes of document iri: "k" + 16 hex + "_". */
void pk_store_bnode_prefix(char out[20], const char *iri);

/* ---- the indexes (store.c) ------------------------------------------------- */

typedef struct pk_store_index {
	librdf_storage *gstorage;  /* "graphs": contexts */
	librdf_model *graphs;
	librdf_storage *ustorage;  /* "union": each triple once */
	librdf_model *uni;
} pk_store_index;

/* Replace the old canonical text of a document by the new one in the
 * indexes (either may be NULL: added, removed).  Statements of the
 * graphs index change first; the triples the union may lose are kept in
 * *pending and settled by pk_store_index_settle once every document of
 * the change is done. */
typedef struct pk_store_pending {
	librdf_statement **stmts;
	size_t n, cap;
} pk_store_pending;

struct pk_store_digest;
/* whole, when not NULL and the document is new (old_text NULL), gets the
 * digest of every statement of new_text, read in passing, so the check
 * after the change need not read the text again. */
int pk_store_index_update(pk_store_index *ix, librdf_world *world,
	const char *iri, const char *old_text, size_t old_len,
	const char *new_text, size_t new_len, pk_store_pending *pending,
	struct pk_store_digest *whole, const pk_diag *diag, const char *where);
int pk_store_index_settle(pk_store_index *ix, pk_store_pending *pending);
void pk_store_pending_free(pk_store_pending *p);

/* ---- checking the index (store_verify.c) ------------------------------ */

/* A multiset of statements: how many, and the sum of their hashes. */
typedef struct pk_store_digest {
	uint64_t n;
	uint64_t sum;
	uint64_t gsum;   /* each hash mixed with its graph's, where known */
} pk_store_digest;

/* What a build wrote: every statement of every document, and the hash
 * of each, from which the union's digest (each triple once) is made. */
typedef struct pk_store_tally {
	pk_store_digest quads;
	pk_buf hashes;   /* a uint64_t per statement (malloc'd: aligned) */
} pk_store_tally;

uint64_t pk_store_statement_hash(librdf_statement *s);
/* Its parts: a term's hash, and a triple's from its terms' hashes. */
uint64_t pk_store_term_hash(librdf_node *n);
uint64_t pk_store_triple_hash(uint64_t s, uint64_t p, uint64_t o);
void pk_store_digest_add(pk_store_digest *d, uint64_t h);
/* pk_store_digest_add of a statement that document graph (the hash of
 * its IRI's node) states: its gsum too. */
void pk_store_digest_add_in(pk_store_digest *d, uint64_t h, uint64_t graph);
int pk_store_digest_equal(const pk_store_digest *a, const pk_store_digest *b);
/* The digest of what stream s gives; s is freed. */
int pk_store_digest_stream(pk_store_digest *d, librdf_stream *s);
/* The digest of a canonical text's statements, each also pushed to
 * tally when it is not NULL. */
int pk_store_digest_text(pk_store_digest *d, pk_store_tally *tally,
	librdf_world *world, const char *text, size_t len, const pk_diag *diag,
	const char *where);
int pk_store_tally_push(pk_store_tally *t, uint64_t h);
/* The digest of the distinct triples pushed (sorts t). */
void pk_store_tally_union(pk_store_digest *out, pk_store_tally *t);
void pk_store_tally_free(pk_store_tally *t);

/* ---- the directory store's index (store_lmdb.c) ------------------------ */

/* The librdf storage module over LMDB, registered in every store's world
 * (options: "new", "write", "contexts"; its name is the file). */
#define PK_STORE_LMDB "pk-lmdb"
int pk_store_lmdb_register(librdf_world *world);
/* 0 when the index file at path looks whole: LMDB meta pages, and as
 * long as they say; else -1 and why says what is wrong.  Reads the file
 * with read(2) only, so a damaged one cannot crash the caller. */
int pk_store_lmdb_file_check(const char *path, char *why, size_t whylen);
/* store_lmdb_dates.c, the date index of a pk-lmdb storage: the xsd:date
 * terms from..to (YYYY-MM-DD; NULL: open), with every xsd:date of
 * another form, in the order of their ids (the index's order of
 * objects), as *n new nodes in *out for pk_store_lmdb_dates_free.
 * 1 when the storage has no whole date index (made before it: the
 * caller reads every date), -1 when it cannot be read. */
int pk_store_lmdb_dates(librdf_node ***out, size_t *n, librdf_storage *storage,
	const char *from, const char *to);
void pk_store_lmdb_dates_free(librdf_node **nodes, size_t n);
/* Does the date index hold every xsd:date term and nothing else?  0 it
 * does, 1 there is none whole (an older store: not a fault), 2 it
 * differs (why says how), -1 it cannot be read. */
int pk_store_lmdb_dates_check(librdf_storage *storage, pk_buf *why);
/* store_lmdb_verify.c: a storage's statements read back by term ids.
 * stmts: every statement (with contexts, of every document, gsum too);
 * triples: each distinct triple once.  0 when read; 1 when the file
 * disagrees with itself (why says how); -1 when it cannot be read. */
typedef struct pk_store_lmdb_sums {
	pk_store_digest stmts;
	pk_store_digest triples;
} pk_store_lmdb_sums;
int pk_store_lmdb_sums_read(pk_store_lmdb_sums *out, librdf_storage *storage,
	pk_buf *why);

/* Test hook: when $POLICYKG_TEST_CRASH is "name" (or "name:N", the Nth
 * time), the process kills itself with SIGKILL here. */
void pk_store_crash_point(const char *name);

/* Reading the union index (each triple once) by term ids, for
 * store_eval.c: one reader per triple pattern, its cursor kept from one
 * lookup to the next.  pk_lmdb_reader_new: 1 when storage is not such an
 * index.  first/next: 1 with the next matching s p o in t, 0 at the
 * end, PK_ESTORE; want's 0 parts match anything.  Matches come in the
 * order pk_lmdb_find's stream gives them. */
typedef struct pk_lmdb_reader pk_lmdb_reader;
int pk_lmdb_reader_new(pk_lmdb_reader **out, librdf_storage *storage);
void pk_lmdb_reader_free(pk_lmdb_reader *c);
int pk_lmdb_reader_first(pk_lmdb_reader *c, const uint64_t want[3], uint64_t t[3]);
int pk_lmdb_reader_next(pk_lmdb_reader *c, uint64_t t[3]);
/* The statements under the key the last first() found (all of them, not
 * only the pattern's): 0 with *n, or < 0. */
int pk_lmdb_reader_count(pk_lmdb_reader *c, size_t *n);
/* n's id (0: no statement has it); the node of id, a new reference. */
int pk_lmdb_reader_term(pk_lmdb_reader *c, uint64_t *id, librdf_node *n);
librdf_node *pk_lmdb_reader_node(pk_lmdb_reader *c, uint64_t id);
/* The bytes of term id, as the index holds them, until its transaction
 * ends: kind 'U' (lex the IRI), 'B' (the label) or 'L' (a literal;
 * lang and dt of length 0 when it has none).  0 or PK_ESTORE. */
typedef struct pk_lmdb_view {
	int kind;
	const char *lex, *lang, *dt;
	size_t lexlen, langlen, dtlen;
} pk_lmdb_view;
int pk_lmdb_reader_view(pk_lmdb_reader *c, uint64_t id, pk_lmdb_view *out);

/* ---- how queries read the indexes (store_match.c) ---------------------- */

/* A triple pattern ?s <predicate> ?var whose ?var may only be one of
 * objs (store_range.c: the dates of a range the query's filters ask
 * for), read object by object in that order (the index's). */
typedef struct pk_store_range {
	char *predicate;       /* NULL: no pattern is narrowed */
	char *var;
	librdf_node **objs;
	size_t nobjs;
} pk_store_range;

typedef struct pk_store_match {
	librdf_world *world;
	librdf_model *model;
	pk_store_range range;      /* for the running query */
	unsigned long narrowed;    /* patterns it narrowed (for the tests) */
	unsigned long evaluated;   /* queries store_eval.c answered (the same) */
	/* The running query's deadline.  Rasqal cannot be interrupted, but
	 * it reads every triple through this source: past the deadline
	 * every pattern ends, so Rasqal finishes soon with an answer that
	 * is cut short, and expired tells the caller to throw it away. */
	int timed;                 /* a deadline is set */
	struct timespec deadline;  /* CLOCK_MONOTONIC */
	unsigned calls;            /* reads since the clock was looked at */
	int expired;
} pk_store_match;

/* Rasqal in world reads model through store_match.c for the queries
 * executed next; ctx must outlive their results. */
int pk_store_match_use(pk_store_match *ctx, librdf_world *world,
	librdf_model *model);
/* The queries executed next stop reading seconds from now (< 0: never). */
void pk_store_match_deadline(pk_store_match *ctx, double seconds);
/* Nonzero once the deadline has passed.  The clock is looked at every
 * 64th call, or now when now is nonzero. */
int pk_store_match_expired(pk_store_match *ctx, int now);

/* store_range.c: the range of dates rq's filters hold a pattern's
 * object to, when the date index of model can answer it, into
 * st->match.range (emptied first).  0 or PK_ENOMEM. */
int pk_store_range_plan(pk_store *st, rasqal_query *rq, librdf_model *model);
void pk_store_range_clear(pk_store_range *r);

/* store_query.c's answer table, shared with store_eval.c: a cell from
 * a node (its own copies); one more row of unbound cells (*row, *cap
 * the rows t has room for); the column names of rq's projection. */
int pk_store_term_set(pk_term *term, librdf_node *node);
int pk_store_table_add_row(pk_table *t, size_t *cap, pk_term **row);
int pk_store_projection(pk_table *t, rasqal_query *rq);

/* store_match.c's conversions between Rasqal values and librdf nodes,
 * made as librdf's own triples source makes them.  Each returns a new
 * value or NULL (no such node; out of memory). */
librdf_node *pk_store_match_node(librdf_world *world, rasqal_literal *l);
rasqal_literal *pk_store_match_literal(rasqal_world *rw, librdf_node *node);

/* Has rq a GROUP BY or a HAVING?  (store_query.c) */
int pk_store_query_grouped(rasqal_query *rq);

/* ---- ORDER BY on the answer's table (store_order.c) ----------------------- */

typedef struct pk_store_order pk_store_order;

/* When every order condition of rq (parsed from text) is one sorted
 * here, or rq is a DISTINCT query without them, *out is a plan (reading
 * rq, which must outlive it) and *stripped the text without its ORDER
 * BY and DISTINCT, both the caller's to free; else both NULL.  0 or
 * PK_ENOMEM. */
int pk_store_order_plan(pk_store_order **out, char **stripped, rasqal_query *rq,
	const char *text);
/* For a DISTINCT query, as each row is added to t: 1 when t's last row
 * is new, 0 when it repeats a row kept (then taken off t), PK_ENOMEM;
 * 1 for any other query. */
int pk_store_order_keep(pk_store_order *o, pk_table *t);
/* The same, with the row's hash given: pk_store_order_row_step folded
 * over its cells' pk_store_order_cell_hash, from 0, in column order (a
 * cell's hash can be kept with the cell; the row's strings are then not
 * read again). */
int pk_store_order_keep_hashed(pk_store_order *o, pk_table *t, uint64_t hash);
uint64_t pk_store_order_cell_hash(const pk_term *cell);
static inline uint64_t pk_store_order_row_step(uint64_t h, uint64_t cell_hash)
{
	return (h ^ cell_hash) * 0x100000001b3ULL;
}
/* Sort t's rows as Rasqal's ORDER BY would: 0 done, 1 when it cannot be
 * done here (t is then to be dropped: run the query as written),
 * PK_ENOMEM. */
int pk_store_order_sort_table(pk_store_order *o, pk_table *t, rasqal_world *rw);
void pk_store_order_free(pk_store_order *o);
/* Does every VALUES of q bind its variables to one row of UNDEF? */
int pk_store_order_values_undef(const char *q);

/* store_eval.c: the rows of rq, a SELECT that store_order.c's plan
 * order sorts and makes distinct, read off the union index by term ids
 * into *out (every row; order keeps a DISTINCT query's first of equal
 * rows).  1 when rq is not of a shape evaluated there (Rasqal then runs
 * it), 0, PK_ENOMEM or PK_ESTORE; st->match's deadline and range hold
 * as for Rasqal. */
int pk_store_eval(pk_table **out, pk_store *st, rasqal_query *rq,
	const char *text, pk_store_order *order);

/* ---- backends ---------------------------------------------------------------- */

typedef struct pk_store_change {
	pk_store_doc *doc;
	char *old;        /* the store's text for it, NULL when none or staged */
	size_t old_len;
	int has_old;      /* the store had the document */
	int staged;       /* handed to the backend's stage: texts let go */
} pk_store_change;

typedef struct pk_store_backend {
	const char *name;
	/* Nonzero when path names a store of this backend. */
	int (*claims)(const char *path);
	/* Open (creating when flags allow), lock, recover, open the index. */
	int (*open)(pk_store *st, const char *path, int flags, double wait);
	void (*close)(pk_store *st);
	/* The store's canonical text for doc, *text NULL when it has none. */
	int (*read_doc)(pk_store *st, const pk_store_doc *doc, char **text,
		size_t *len);
	/* Make the changes (each has doc's new text, or doc->forget, unless
	 * staged) durable and bring the indexes up to date: all or nothing. */
	int (*apply)(pk_store *st, pk_store_change *changes, size_t n);
	/* Number of documents. */
	long (*documents)(pk_store *st);
	/* Open the graphs index of a store opened for reading. */
	int (*open_graphs)(pk_store *st);
	/* pk_store_check; NULL when the backend has none. */
	int (*check)(pk_store_check_result *out, pk_store *st, int repair);
	/* Put one change aside before apply (its texts where apply finds
	 * them again), so that no change need hold every document's text in
	 * memory; nothing is decided until apply.  NULL: apply takes the
	 * texts in memory. */
	int (*stage)(pk_store *st, pk_store_change *change);
	/* pk_store_writer_waiting; NULL when the backend cannot tell. */
	int (*wanted)(pk_store *st);
} pk_store_backend;

extern const pk_store_backend pk_store_backend_dir;
extern const pk_store_backend pk_store_backend_pg;

struct pk_store {
	pk_store_log log;
	const pk_store_backend *backend;
	char *path;          /* as the user gave it, for messages */
	int readonly;
	unsigned long generation;
	librdf_world *world;
	rasqal_world *inspect;  /* a quiet Rasqal of our own, to look at queries */
	pk_store_index ix;
	pk_store_match match;   /* what the running query reads */
	void *impl;          /* the backend's own state */
};

/* Shared helpers for the backends (store.c). */
int pk_store_open_storage(librdf_storage **storage, librdf_model **model,
	pk_store *st, const char *factory, const char *name,
	const char *const *opts);
void pk_store_index_close(pk_store_index *ix);
/* Open the graphs index of st when it is not open (store.c). */
int pk_store_need_graphs(pk_store *st);
/* Load every line of a canonical text into both indexes; the hash of
 * each statement goes to tally when it is not NULL. */
int pk_store_index_add_text(pk_store_index *ix, librdf_world *world,
	const char *text, size_t len, pk_store_tally *tally, const char *where,
	const pk_diag *diag);

#endif
