/*
 * policykg.h - public interface of libpolicykg.
 *
 * libpolicykg turns Korean policy news into an RDF knowledge graph:
 *
 *   pk_ruleset   rules/ loaded and compiled (gazetteer, PCRE2 rules, ...)
 *   pk_extractor articles in -> triples -> Turtle / N-Triples out
 *   pk_store     a persistent Redland store: load graphs, run SPARQL
 *   pk_table     SPARQL results, written as table / csv / tsv / json
 *   pk_export_*  a graph file as Cypher or CSV for property-graph databases
 *
 * Conventions (libgit2 style):
 *   - Functions that can fail return int: 0 (PK_OK) or a negative pk_error.
 *     Out-parameters come first.
 *   - The message for an error is given once, where it is found, through
 *     the pk_diag the object was created with; codes are passed up unchanged.
 *   - pk_x_new()/pk_x_free(): whoever creates frees; freeing NULL is a no-op.
 *   - Strings passed in are borrowed (copied when kept); strings returned
 *     as const belong to the object that returned them.
 */
#ifndef POLICYKG_H
#define POLICYKG_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PK_VERSION "0.1.0"

typedef enum pk_error {
	PK_OK = 0,
	PK_ENOMEM = -1,   /* out of memory */
	PK_EIO = -2,      /* a file could not be read or written */
	PK_ERULES = -3,   /* a rule file is broken */
	PK_EINPUT = -4,   /* an input could not be used at all */
	PK_ESTORE = -5,   /* the store could not be opened or written */
	PK_EQUERY = -6,   /* a SPARQL query failed to parse or run */
	PK_EUSAGE = -7,   /* the caller asked for something impossible */
	PK_EBUSY = -8,    /* the store is locked by another process */
	PK_ETOOL = -9     /* an external tool (validate: node, its npm modules) is missing or failed */
} pk_error;

typedef enum pk_severity {
	PK_SEV_NOTE = 0,
	PK_SEV_WARNING = 1,
	PK_SEV_ERROR = 2
} pk_severity;

/* Where diagnostics go.  msg is complete ("FILE:LINE: text"), no newline. */
typedef void (*pk_diag_fn)(void *ud, pk_severity sev, const char *msg);
/* Who is told of temporary files.  Every output is written to a temporary
 * file or directory beside its target and renamed into place; a program
 * that must remove them when it is killed (from a signal handler: the
 * library installs none) learns of each path here, made 1 once it exists
 * and 0 once it is gone or renamed.  The files of a temporary directory
 * come after it.  Called from the thread that writes the output. */
typedef void (*pk_temp_fn)(void *ud, const char *path, int made);
/* What a call reports back to its caller. */
typedef struct pk_diag {
	pk_diag_fn fn;   /* NULL: print to stderr */
	void *ud;
	pk_temp_fn temp; /* NULL: nobody is told */
} pk_diag;

const char *pk_version(void);
const char *pk_error_name(int code);

/* ---- rules ---------------------------------------------------------- */

typedef struct pk_ruleset pk_ruleset;

/* Load every rule file under dir (sorted).  Every problem is reported as
 * "FILE:LINE: message"; if any is an error, returns PK_ERULES and *out
 * is NULL. */
int pk_ruleset_load(pk_ruleset **out, const char *dir, const pk_diag *diag);
void pk_ruleset_free(pk_ruleset *rs);
/* Counts, for `rules check`. */
void pk_ruleset_counts(const pk_ruleset *rs, size_t *entities,
	size_t *rules, size_t *titles);
/* What a rule may output, from the schema the loader checks rules against
 * (src/pipeline/schema.c): the groups of each yield and the values of each
 * lexicon, as the Markdown tables rules/README.md shows; for `rules
 * schema`.  Returns 0, PK_ENOMEM, or PK_EIO when out could not be written. */
int pk_schema_print(FILE *out);

/* ---- extraction ------------------------------------------------------ */

/*
 * Limits against hostile or broken input; 0 in a field means its default.
 * Hitting one is a warning naming the file (and the rule or resource), and
 * the rest of the run goes on:
 *   max_document_bytes  a larger input is skipped unread (PK_EINPUT)
 *   max_sentence_chars  the [rule] patterns are not run on a longer
 *                       sentence (code points); its names are still found
 *   match_limit         PCRE2's match limit for each [rule] match attempt
 *   depth_limit         PCRE2's depth limit; JIT-compiled patterns get a
 *                       JIT stack of depth_limit * 128 bytes instead
 *   max_mentions        pkg:Mention evidence kept per resource and document
 * A rule that hits the match or depth limit is skipped for that sentence.
 */
#define PK_DEFAULT_MAX_DOCUMENT_BYTES ((size_t)8 << 20) /* 8 MiB */
#define PK_DEFAULT_MAX_SENTENCE_CHARS ((size_t)2000)
#define PK_DEFAULT_MATCH_LIMIT 1000000UL
#define PK_DEFAULT_DEPTH_LIMIT 10000UL
#define PK_DEFAULT_MAX_MENTIONS ((size_t)32)

/* Whether s is a calendar date YYYY-MM-DD (2023-02-29 is not): what
 * doc_date and reference_date below must be. */
int pk_date_valid(const char *s);

typedef struct pk_extract_options {
	const char *doc_date;       /* YYYY-MM-DD used when a document has none */
	const char *reference_date; /* YYYY-MM-DD, default: today */
	int progress;               /* print a progress line on stderr */
	const char *manifest;       /* file: "PATH<TAB>DATE<TAB>URL<TAB>PUBLISHER" lines */
	int jobs;                   /* threads reading and matching (0 or 1: none);
	                               the output is the same for any number */
	size_t max_document_bytes;  /* the limits above; 0: the default */
	size_t max_sentence_chars;
	unsigned long match_limit;
	unsigned long depth_limit;
	size_t max_mentions;
	int triggers;               /* pk_trigger_mode: how rules' trigger words are used */
} pk_extract_options;

#define PK_EXTRACT_MAX_JOBS 256

/* A rule with a 'trigger' (rules/README.md) runs only on sentences that
 * hold its trigger words.  Off runs every rule everywhere (the output must
 * not change); check runs every rule and warns when one matches where its
 * trigger would have skipped it. */
typedef enum pk_trigger_mode {
	PK_TRIGGERS_ON = 0,
	PK_TRIGGERS_OFF,
	PK_TRIGGERS_CHECK
} pk_trigger_mode;

/* Where a document's date comes from, most trusted first: its own header,
 * doc_date, then the manifest's line for it. */
#define PK_EXTRACT_OPTIONS_INIT { .doc_date = NULL, .reference_date = NULL, \
	.progress = 0, .manifest = NULL, .jobs = 1, .max_document_bytes = 0, \
	.max_sentence_chars = 0, .match_limit = 0, .depth_limit = 0, \
	.max_mentions = 0, .triggers = PK_TRIGGERS_ON }

typedef struct pk_extractor pk_extractor;

int pk_extractor_new(pk_extractor **out, const pk_ruleset *rs,
	const pk_extract_options *opts, const pk_diag *diag);
void pk_extractor_free(pk_extractor *ex);

/* A file, a directory (recursively, in sorted order) or "-" for stdin.
 * Unreadable inputs are reported and skipped (PK_EINPUT is returned after
 * the rest was read). */
int pk_extractor_add_path(pk_extractor *ex, const char *path);
/* One document from memory; name identifies it (used for its IRI). */
int pk_extractor_add_text(pk_extractor *ex, const char *name,
	const char *bytes, size_t len);

/* Write the graph in syntax (see pk_extractor_format_known).  path NULL or "-" is
 * stdout; a file is written to a temporary name and renamed into place. */
int pk_extractor_write(pk_extractor *ex, const char *path, const char *syntax);
/* Write the graph as documents come, for a syntax where that is possible
 * (pk_extractor_streams: ntriples, nquads), so memory does not grow with
 * the corpus: call before adding any input; pk_extractor_write then only
 * finishes it (its path and syntax are the ones given here).  The output
 * is renamed into place by pk_extractor_write, never before; freeing the
 * extractor first leaves the old file as it was.  N-Triples come in
 * document order, each triple once; N-Quads each document's graph whole. */
int pk_extractor_stream(pk_extractor *ex, const char *path, const char *syntax);
int pk_extractor_streams(const char *syntax);
/* Only the merged graph will be read (pk_extractor_write in turtle,
 * rdfxml or dot): the document each triple came from is not kept, which
 * at 100 MB of articles is a third of the memory.  Before any input;
 * pk_extractor_write then refuses nquads (PK_EUSAGE). */
int pk_extractor_merged_only(pk_extractor *ex);
/* Nonzero for a syntax pk_extractor_write knows: turtle, ntriples, nquads
 * (each triple in the named graph of the document it was read from),
 * rdfxml, dot. */
int pk_extractor_format_known(const char *syntax);
size_t pk_extractor_triple_count(const pk_extractor *ex);
size_t pk_extractor_document_count(const pk_extractor *ex);

/* A set of triples, each in the named graph of its document (the library's
 * own; src/rdf/triples.h says what is done with one). */
typedef struct pk_graph pk_graph;
/* The extractor's graph; it belongs to the extractor and grows with each
 * document added. */
pk_graph *pk_extractor_graph(pk_extractor *ex);

/* ---- query results ---------------------------------------------------- */

typedef enum pk_term_kind {
	PK_TERM_UNBOUND = 0,
	PK_TERM_IRI,
	PK_TERM_LITERAL,
	PK_TERM_BLANK
} pk_term_kind;

typedef struct pk_term {
	pk_term_kind kind;
	char *value;    /* IRI, lexical form or blank node id; NULL if unbound */
	char *lang;     /* literal language tag or NULL */
	char *datatype; /* literal datatype IRI or NULL */
} pk_term;

typedef struct pk_table {
	int is_boolean;   /* ASK: boolean holds the answer, no rows */
	int boolean;
	size_t ncols;
	size_t nrows;
	char **names;     /* ncols variable names, without '?' */
	pk_term *cells;   /* nrows * ncols, row-major */
	int truncated;    /* the answer had more rows than max_rows: these are
	                     its first max_rows (pk_query_options) */
	int is_graph;     /* CONSTRUCT / DESCRIBE: each row a triple, the
	                     columns subject, predicate, object */
	struct pk_arena *strings;  /* NULL: each cell's strings are malloc'd;
	                     else they all live in it (and may be shared) */
	size_t cells_mapped;  /* 0: cells is from malloc; else the length of
	                     its own mapping (a large answer's, in huge pages) */
} pk_table;

typedef enum pk_table_format {
	PK_TABLE_TEXT = 0, /* aligned for people; East Asian Width aware */
	PK_TABLE_CSV,
	PK_TABLE_TSV,
	PK_TABLE_JSON,     /* SPARQL 1.1 Query Results JSON */
	PK_TABLE_XML       /* SPARQL Query Results XML */
} pk_table_format;

int pk_table_format_parse(pk_table_format *out, const char *name);
void pk_table_free(pk_table *t);
/* Write t to out.  PK_TABLE_TEXT shortens IRIs with the well-known
 * prefixes (pkg:, pkgid:, rdfs: ...). */
int pk_table_write(const pk_table *t, FILE *out, pk_table_format fmt);

/* ---- store -------------------------------------------------------------- */

/*
 * A store holds documents: named graphs, each the triples read from one
 * article (or one Turtle file).  Loading a document again replaces what
 * the store held for it; a triple several documents state stays as long
 * as one of them does.  `path` is a directory (the default backend) or
 * postgresql://user[:password]@host[:port]/database.
 *
 * A store opened for writing is locked against every other process; one
 * opened read-only shares its lock with other readers.  A process that
 * cannot get the lock within the wait gets PK_EBUSY ("store is busy").
 */
typedef struct pk_store pk_store;

#define PK_STORE_READONLY 0x1 /* open an existing store for queries */
#define PK_STORE_CREATE   0x2 /* create it when missing */
/* Neither flag: open an existing store for writing. */

#define PK_STORE_WAIT_DEFAULT 10.0 /* seconds */

typedef struct pk_store_options {
	int flags;   /* PK_STORE_READONLY, PK_STORE_CREATE */
	double wait; /* seconds to wait for another process's lock; < 0: the default */
} pk_store_options;

#define PK_STORE_OPTIONS_INIT { .flags = PK_STORE_READONLY, .wait = -1.0 }

/* Open the store at path.  An interrupted change (a killed load) is
 * finished or undone, and the index rebuilt, before it returns. */
int pk_store_open_with(pk_store **out, const char *path,
	const pk_store_options *opts, const pk_diag *diag);
int pk_store_open(pk_store **out, const char *path, int flags,
	const pk_diag *diag);
void pk_store_free(pk_store *st);
/* Should a reader that keeps st open between queries (its pages stay
 * mapped) close it now?  1: yes, another process waits to change it (a
 * writer asks for a store directory by locking the directory while it
 * waits for the store's lock), or its path now names another store; 0:
 * no; -1: this kind of store cannot tell (PostgreSQL), so close it
 * after each use. */
int pk_store_writer_waiting(pk_store *st);

/* A batch: the documents of one change, collected before the store is
 * touched.  The whole batch is applied, or nothing of it. */
typedef struct pk_store_batch pk_store_batch;

int pk_store_batch_new(pk_store_batch **out, const pk_diag *diag);
void pk_store_batch_free(pk_store_batch *b);
/* An RDF file.  syntax: "turtle", "ntriples", "nquads" or NULL to guess
 * from the name (.ttl, .nt, .nq).  Each named graph of N-Quads is a
 * document; a Turtle or N-Triples file, and the default graph of an
 * N-Quads file, is one document named after the file (file:///path).
 * PK_EUSAGE: unknown syntax; PK_EIO: unreadable; PK_EINPUT: not valid. */
int pk_store_batch_add_file(pk_store_batch *b, const char *file,
	const char *syntax);
/* The documents of g, each named graph one document (what
 * pk_extractor_graph holds: every article read in a graph of its own).
 * The store takes triples, never the extractor that made them, so the
 * store does not depend on the pipeline. */
int pk_store_batch_add_graph(pk_store_batch *b, pk_graph *g);
/* Remove a document: an IRI, <IRI>, pkgid:document/ID, a bare document
 * id, or the path of a loaded Turtle / N-Triples file.  PK_EUSAGE for a
 * name that cannot be one. */
int pk_store_batch_forget(pk_store_batch *b, const char *document);
size_t pk_store_batch_documents(const pk_store_batch *b);
/* Hold at most about bytes of document text in memory (default
 * PK_STORE_BATCH_MEMORY); the rest waits in a temporary directory
 * ($TMPDIR, else /tmp), removed with the batch.  0: no limit. */
#define PK_STORE_BATCH_MEMORY (64u << 20)
void pk_store_batch_set_memory(pk_store_batch *b, size_t bytes);
/* Nonzero for a syntax pk_store_batch_add_file reads. */
int pk_store_syntax_known(const char *syntax);

typedef struct pk_store_changes {
	size_t added;     /* documents new to the store */
	size_t replaced;  /* documents whose triples changed */
	size_t unchanged; /* documents given again with the same triples */
	size_t removed;   /* documents forgotten */
	size_t missing;   /* documents to forget that the store did not have */
} pk_store_changes;

/* Apply a batch to a store opened for writing; changes may be NULL. */
int pk_store_apply(pk_store *st, pk_store_batch *b, pk_store_changes *changes);

/* Open (creating when missing), apply the files, close: all or nothing.
 * A file that does not parse leaves the store as it was (and does not
 * create it). */
int pk_store_load_files(const char *path, const char *const *files,
	size_t nfiles, const char *syntax, const pk_diag *diag);

/*
 * Limits on one query, for queries that come from people or the network
 * (`policykg query`, a SPARQL endpoint); 0 in a field means its default:
 *
 *   timeout        seconds from the call.  Rasqal cannot be stopped, but
 *                  every triple it reads comes through the store, which
 *                  stops giving triples at the deadline (store_match.c);
 *                  rows are checked too.  Past it: PK_EQUERY, no answer.
 *                  < 0: no limit.
 *   max_rows       rows kept (triples for CONSTRUCT).  A longer answer is
 *                  cut to its first max_rows rows and pk_table.truncated
 *                  set; the caller must say so.  PK_QUERY_NO_ROW_LIMIT:
 *                  none.
 *   allow_service  SERVICE <url> { ... } makes Rasqal send the query over
 *                  HTTP to url from this host (a server-side request
 *                  forgery once queries come from the network).  0: a
 *                  query with a SERVICE pattern anywhere in it (as Rasqal
 *                  parses it, so comments and strings do not count) is
 *                  refused, PK_EQUERY, before anything runs.  A SERVICE
 *                  call that is let run is not bounded by timeout.
 *   name           what messages call the query (a file name): NAME:LINE.
 *
 * What timeout does not bound: Rasqal's memory before the deadline (ORDER
 * BY, DISTINCT and GROUP BY hold every row they are given) and its work
 * after the last triple was read (sorting what it holds).
 */
#define PK_QUERY_DEFAULT_TIMEOUT 60.0              /* seconds */
#define PK_QUERY_DEFAULT_MAX_ROWS ((size_t)1000000)
#define PK_QUERY_NO_ROW_LIMIT ((size_t)-1)

typedef struct pk_query_options {
	double timeout;     /* seconds; 0: PK_QUERY_DEFAULT_TIMEOUT; < 0: none */
	size_t max_rows;    /* 0: PK_QUERY_DEFAULT_MAX_ROWS */
	int allow_service;  /* let SERVICE patterns query other servers */
	const char *name;   /* the query's name in messages; NULL: "query" */
	int rasqal_only;    /* every query through Rasqal's engine (to compare) */
} pk_query_options;

#define PK_QUERY_OPTIONS_INIT { .timeout = 0, .max_rows = 0, .allow_service = 0, \
	.name = NULL, .rasqal_only = 0 }

/* Run SPARQL; the usual prefixes (pkg:, pkgid:, rdf:, rdfs:, xsd:, owl:,
 * skos:, dcterms:, prov:, org:, schema:, foaf:) are predeclared.  The
 * default graph holds each triple once; GRAPH ?g { ... } matches in the
 * documents (a query with a GRAPH pattern runs over the per-document
 * index, where a triple is seen once per document that states it).
 * Aggregates over no solutions are one row, as SPARQL says and Rasqal
 * 0.9.33 does not: a SELECT of only aggregates, without GROUP BY or
 * HAVING, gives COUNT, SUM and AVG 0, GROUP_CONCAT "", MIN, MAX and
 * SAMPLE unbound.  opts NULL: PK_QUERY_OPTIONS_INIT. */
int pk_store_query_with(pk_table **out, pk_store *st, const char *sparql,
	const pk_query_options *opts);
/* The library's own queries: no time or row limit (their callers need
 * every row), SERVICE refused. */
int pk_store_query(pk_table **out, pk_store *st, const char *sparql);
/* The same, with messages naming the query (a file name) as name:LINE. */
int pk_store_query_named(pk_table **out, pk_store *st, const char *sparql,
	const char *name);
long pk_store_size(pk_store *st); /* number of triples, -1 if unknown */

typedef struct pk_store_info {
	const char *backend;      /* "directory" or "postgresql" */
	unsigned long generation; /* changes applied since the store was made */
	long documents;
	long triples;             /* distinct triples */
	long statements;          /* (triple, document) pairs */
} pk_store_info;

int pk_store_info_get(pk_store_info *out, pk_store *st);

/* What pk_store_check found. */
typedef struct pk_store_check_result {
	long documents;    /* documents compared */
	long differences;  /* each named through the store's diagnostics */
	int repaired;      /* the index was rebuilt from the documents */
} pk_store_check_result;

/* What pk_store_check does with an index that differs. */
enum {
	PK_STORE_CHECK_READ = 0,     /* name the differences, change nothing */
	PK_STORE_CHECK_REPAIR = 1,   /* ... and rebuild the index when any */
	PK_STORE_CHECK_REBUILD = 2   /* rebuild without reading the index: for
	                              * one whose reading crashed (see
	                              * `policykg check`) */
};

/* Compare a store's index with its documents: per document the number
 * and an order-independent digest of its statements, graphs the index
 * holds that no document does, and the distinct triples of the union.
 * repair is a PK_STORE_CHECK_* value; the last two need a store opened
 * for writing.  PK_EUSAGE for a backend that cannot be checked.
 *
 * The index is read through LMDB, which trusts its pages: an index
 * damaged behind the store's back (its size and mtime kept) can make
 * the reading process die of SIGBUS or SIGSEGV.  A caller that must
 * survive that reads in a child process, as `policykg check` does. */
int pk_store_check(pk_store_check_result *out, pk_store *st, int repair);
/* class, resources: how many resources of each class (rdf:type). */
int pk_store_classes(pk_table **out, pk_store *st);

/* ---- query parameters ------------------------------------------------------- */

typedef struct pk_param {
	const char *name;  /* a variable of the query, without '?' */
	const char *value; /* an RDF term as a person writes it (see below) */
} pk_param;

/* Bind values to variables of query: each value is read as one RDF term
 * -- <IRI>, a prefixed name (pkgid:msit), "text", "text"@ko,
 * "lexical"^^xsd:date, or bare: a date YYYY-MM-DD (xsd:date), an integer,
 * true/false, anything else a plain string -- written back by our own
 * serializer and added as BIND(term AS ?a) at the start of the query's
 * WHERE clause (parameters not given: VALUES (?b) { (UNDEF) }).  The
 * user's text never becomes query text.
 * *out is malloc'd.  PK_EUSAGE: a value is not a term, or a name is not a
 * variable of the query (messages name them). */
int pk_sparql_bind(char **out, const char *query, const pk_param *params,
	size_t nparams, const pk_diag *diag);

/* ---- stored queries ------------------------------------------------------------ */

/*
 * The questions kept in queries/ (a directory of NAME.rq files), as
 * `policykg query NAME`, `query --list` and `serve`'s /queries/NAME use
 * them.  A file opens with comment lines: "# NAME.rq - summary" (its
 * continuation lines up to a blank comment line), and "# param NAME=..."
 * lines for the values --param may bind.
 */
typedef struct pk_stored_query {
	char *name;    /* NAME of NAME.rq */
	char *summary; /* the summary, its lines joined by '\n'; "" when none */
	char *params;  /* each "# param" line without "# param ", '\n' after each */
} pk_stored_query;

/* Every NAME.rq of dir, sorted by name; *out is malloc'd (free it with
 * pk_stored_queries_free).  PK_EIO when dir cannot be listed. */
int pk_stored_queries_list(pk_stored_query **out, size_t *n, const char *dir,
	const pk_diag *diag);
void pk_stored_queries_free(pk_stored_query *q, size_t n);
/* The text of dir/NAME.rq (a trailing ".rq" of name is dropped) and its
 * path, both malloc'd (path may be NULL).  NAME holds only letters,
 * digits, '_' and '-', so a name from the network cannot leave dir:
 * PK_EUSAGE otherwise; PK_EIO when there is no such query or it cannot be
 * read (the message names the file). */
int pk_stored_query_read(char **text, char **path, const char *dir,
	const char *name, const pk_diag *diag);

/* ---- SPARQL endpoint ---------------------------------------------------------- */

/*
 * A SPARQL 1.1 Protocol endpoint over a store (src/serve/): /sparql (GET
 * and POST), /queries/NAME (the stored queries, their parameters from the
 * URL) and an offline query page at /.  Read-only; each query under the
 * limits of opts.query; a reader sees the store before or after a change,
 * never in between (serve_store.c says how).
 */
#define PK_SERVE_DEFAULT_TIMEOUT 30.0              /* seconds per query */
#define PK_SERVE_DEFAULT_MAX_ROWS ((size_t)100000)
#define PK_SERVE_DEFAULT_MAX_QUERY_BYTES ((size_t)64 << 10)

typedef struct pk_serve_options {
	const char *store;       /* the store's path (required) */
	const char *bind;        /* a numeric IPv4 or IPv6 address; NULL: 127.0.0.1 */
	unsigned port;           /* 0: any free port (pk_serve_port says which) */
	const char *queries;     /* the stored queries' directory; NULL: none */
	pk_query_options query;  /* limits of each query; 0 fields: the
	                            PK_SERVE_DEFAULT_* above, not the library's */
	double wait;             /* seconds a query waits for a change to end; < 0: default */
	size_t max_query_bytes;  /* a larger request is refused (413); 0: default */
	unsigned max_connections; /* 0: 64 */
} pk_serve_options;

#define PK_SERVE_OPTIONS_INIT { .store = NULL, .bind = NULL, .port = 0, \
	.queries = NULL, .query = PK_QUERY_OPTIONS_INIT, .wait = -1.0, \
	.max_query_bytes = 0, .max_connections = 0 }

typedef struct pk_server pk_server;

/* Check that the store opens, then answer on threads of the server's own
 * until pk_serve_stop.  PK_ESTORE / PK_EBUSY: the store cannot be opened;
 * PK_EUSAGE: a bad address; PK_EIO: the address cannot be bound. */
int pk_serve_start(pk_server **out, const pk_serve_options *opts,
	const pk_diag *diag);
/* The port it listens on. */
unsigned pk_serve_port(const pk_server *srv);
/* Stop answering (requests in flight finish first) and free srv. */
void pk_serve_stop(pk_server *srv);

/* ---- evaluation and explanation ----------------------------------------- */

/*
 * How good the extraction is, and why a resource is in the graph.
 *
 * Evaluation: gold files (tests/corpus/README.md) list what a careful
 * reader finds in an article, one fact a line, of seven types.  Each input
 * is extracted alone, and its facts are matched one-to-one with those of
 * its gold file by meaning (same person, title and organization ...),
 * never by IRI.
 */

typedef enum pk_eval_type {
	PK_EVAL_DOCUMENT = 0, /* the header: issued, publisher, title, source */
	PK_EVAL_ACTOR,        /* a gazetteer entity the document mentions */
	PK_EVAL_PERSON,
	PK_EVAL_POSITION,
	PK_EVAL_AGREEMENT,
	PK_EVAL_EVENT,
	PK_EVAL_DATE,         /* a date value some fact carries */
	PK_EVAL__TYPES
} pk_eval_type;

typedef struct pk_eval_counts {
	size_t tp; /* gold facts extracted */
	size_t fp; /* extracted facts the gold does not have */
	size_t fn; /* gold facts missed */
} pk_eval_counts;

typedef struct pk_eval_totals {
	pk_eval_counts type[PK_EVAL__TYPES];
	pk_eval_counts all; /* micro: summed over the types */
	size_t documents;   /* inputs compared with their gold */
	size_t skipped;     /* inputs without gold, or that could not be used */
	size_t drift;       /* with known_dir: misses and false positives that
	                     * are new, and known ones that no longer happen */
} pk_eval_totals;

typedef struct pk_eval_options {
	const char *gold_dir;       /* input x.txt is compared with gold_dir/x.gold */
	pk_extract_options extract;
	pk_table_format format;     /* of the score table: PK_TABLE_TEXT or _TSV */
	int quiet;                  /* the score table only, no fact lists */
	/* The exact oracle: known_dir/x.known lists what x.txt is known to get
	 * wrong ("miss GOLD-LINE", "false FACT"; no file: nothing).  Every
	 * difference counts as drift and is reported.  With write_known the
	 * known files are rewritten to what the run found instead (a file
	 * with nothing to list is removed). */
	const char *known_dir;
	int write_known;
} pk_eval_options;

#define PK_EVAL_OPTIONS_INIT { .gold_dir = NULL, .extract = PK_EXTRACT_OPTIONS_INIT, \
	.format = PK_TABLE_TEXT, .quiet = 0, .known_dir = NULL, .write_known = 0 }

/* "document", "actor" ... as in gold files. */
const char *pk_eval_type_name(pk_eval_type type);

/* Precision, recall and F1 of c; a score with nothing to count (no fact
 * found, none in the gold) is 0. */
void pk_eval_scores(double *precision, double *recall, double *f1,
	const pk_eval_counts *c);

/* Evaluate the inputs under paths (files or directories, as
 * pk_extractor_add_path reads them; *.gold files among them are passed
 * over).  Writes to report the score table per type and overall, then,
 * unless quiet, every false positive with the rule behind it and every
 * false negative with its gold line; *out gets the counts.  An input
 * without a gold file is skipped with a warning.  A broken gold file (all
 * its errors reported as FILE:LINE) or an unreadable input is skipped
 * too, the rest evaluated and reported, and PK_EINPUT returned. */
int pk_eval_run(pk_eval_totals *out, const pk_ruleset *rs,
	const char *const *paths, size_t npaths, const pk_eval_options *opts,
	FILE *report, const pk_diag *diag);

/*
 * Explanation: a resource's types and labels, then its evidence, each
 * pkg:Mention as the sentence with the matched span marked ⟦ ⟧ and the
 * rule that fired, sorted by document and position; for a resource with
 * no evidence (a gazetteer actor), the documents it is mentioned in.  Then
 * the resources that point at it.
 */

typedef struct pk_explain_options {
	const char *graph; /* a Turtle or N-Triples file (by its name) ... */
	pk_store *store;   /* ... or an open store: exactly one of the two */
	int color;         /* mark spans with ANSI bold underline too */
} pk_explain_options;

#define PK_EXPLAIN_OPTIONS_INIT { .graph = NULL, .store = NULL, .color = 0 }

/* iri: <full>, full, or prefixed with a well-known prefix (pkgid:msit,
 * pkgid:person/baegyeonghun).  *found is 0, and nothing written, when the
 * graph has no triple about the resource or pointing at it.  PK_EUSAGE for
 * an IRI that cannot be one; PK_EIO / PK_EINPUT for a graph file that
 * cannot be read / parsed. */
int pk_explain_write(int *found, const char *iri,
	const pk_explain_options *opts, FILE *out, const pk_diag *diag);

/* ---- validation ---------------------------------------------------------- */

/*
 * Validation: a graph (Turtle, N-Triples or N-Quads) checked against SHACL
 * shapes, normally the ontology contract's (ontology/shapes.ttl).  The
 * SHACL engine is external: `node TOOL SHAPES DATA SYNTAX` runs
 * tools/shacl-validate.mjs, which parses both files strictly with N3.js
 * and validates with rdf-validate-shacl (npm packages found through
 * NODE_PATH=node_modules).  The named graphs of N-Quads are validated as
 * one graph, their union: what `extract -f turtle` writes for the same
 * articles, and what the store answers queries over.
 */

typedef struct pk_validate_options {
	const char *shapes;       /* the SHACL shapes, a Turtle file */
	const char *syntax;       /* of the data: "turtle", "ntriples", "nquads";
	                             NULL: from the name (.nt, .nq, else Turtle) */
	const char *tool;         /* tools/shacl-validate.mjs */
	const char *node_modules; /* the directory holding n3 and rdf-validate-shacl */
	const char *node;         /* the node program; NULL: "node", found on PATH */
} pk_validate_options;

#define PK_VALIDATE_OPTIONS_INIT { .shapes = NULL, .syntax = NULL, .tool = NULL, \
	.node_modules = NULL, .node = NULL }

/* Validate the file data_path against opts->shapes.  The engine's
 * report is copied to report: one violation a line, "FOCUS PATH [VALUE]:
 * message" with IRIs shortened (pkgid:, pkg: ...), sorted, then a summary
 * line.  *conforms is 1 when there is no violation, else 0.
 * PK_EUSAGE: opts->syntax is none of the three; PK_EIO: a file cannot be
 * read; PK_EINPUT: the data is not valid in its syntax, or the shapes not
 * Turtle (or not usable as SHACL), each message naming FILE:LINE;
 * PK_ETOOL: node, the tool or its npm packages are missing, or the engine
 * failed.  *conforms is 0 on any error. */
int pk_validate_file(int *conforms, const char *data_path,
	const pk_validate_options *opts, FILE *report, const pk_diag *diag);

/* ---- review site ---------------------------------------------------------- */

/*
 * A static site to check the extraction by looking (review.c): an index of
 * the documents with a timeline of their agreements and events, and a page
 * per document with every match highlighted by kind (its resource, class,
 * resolved value and rule on hover or focus), the facts read from it, each
 * linked to its evidence sentences, and the warnings it raised.  Plain
 * HTML with inline CSS and a little JavaScript: no network, works from
 * file://, every piece of text escaped.
 */

typedef struct pk_review_options {
	const pk_ruleset *rules;     /* with articles: the rules to extract them with */
	pk_extract_options extract;
	pk_store *store;             /* or: what an open store holds */
} pk_review_options;

#define PK_REVIEW_OPTIONS_INIT { .rules = NULL, .extract = PK_EXTRACT_OPTIONS_INIT, .store = NULL }

/* Review the articles under paths (as pk_extractor_add_path reads them),
 * or, with npaths 0, the documents of opts->store, into the directory dir,
 * which must be new, empty, or an earlier review (replaced whole; anything
 * else in it is refused, PK_EIO, and nothing touched).  *ndocs gets the
 * number of pages.  PK_EINPUT: some articles could not be read (the rest
 * are written), or there was nothing to review. */
int pk_review_write(size_t *ndocs, const char *dir, const char *const *paths,
	size_t npaths, const pk_review_options *opts, const pk_diag *diag);

/* ---- export to graph databases ------------------------------------------ */

/*
 * A graph file (Turtle, N-Triples, N-Quads) as a property graph for Neo4j,
 * Kùzu and the like: every IRI a node keyed by its full IRI (property
 * uri), its rdf:type values labels by local name (MOU, Agreement),
 * rdfs:label@ko and @en the properties label_ko and label_en,
 * skos:altLabel the list altLabel, other literals properties by local name
 * (with _LANG for a language; integers as integers; xsd:date a date,
 * xsd:dateTime its date and NAME_datetime, durations durations, each
 * temporal value with NAME_text and NAME_precision; partial dates only
 * those two), IRI objects relationships typed by the predicate's local name
 * (party, organizer, position, organization ...).  Each named graph of
 * N-Quads is a document (an article); a Turtle or N-Triples file, and the
 * default graph, is the document file:///ABSOLUTE/PATH; blank nodes are
 * scoped to their file.  The same graph
 * always gives the same bytes.  Formats:
 *
 *   cypher     Cypher for Neo4j 5 that replaces its documents in the
 *              database: what they stated before is taken out (unless
 *              another document states it too), what they state now
 *              merged on uri; relationships and nodes keep the documents
 *              stating them (docs); runs again with the same result
 *   kuzu       the same for Kùzu after its schema (CREATE NODE TABLE IF NOT
 *              EXISTS Resource ..., a REL TABLE per type); labels are the
 *              list property labels, since Kùzu has one label per node
 *   neo4j-csv  a directory with nodes.csv and relationships.csv, headed as
 *              `neo4j-admin database import full` wants (uri:ID, :LABEL,
 *              :START_ID, :END_ID, :TYPE)
 *   kuzu-csv   a new Kùzu database's bulk load: schema.cypher, nodes.csv,
 *              relationships.csv and load.cypher (COPY FROM), docs and
 *              facts included so that kuzu scripts keep it in step
 */

/* The i-th format's name (NULL past the last), with a one-line summary
 * and whether it writes a directory rather than one file. */
const char *pk_export_format(size_t i, const char **summary, int *writes_dir);

typedef struct pk_export_options {
	const char *format;          /* a name pk_export_format gives */
	const char *output;          /* a file (NULL or "-": stdout), or the
	                              * directory of a directory format */
	const char *const *forget;   /* documents to take out too (IRIs), as if
	                              * exported with nothing in them */
	size_t nforget;
} pk_export_options;
#define PK_EXPORT_OPTIONS_INIT { NULL, NULL, NULL, 0 }

/* Read graph_path (Turtle; N-Triples by the name .nt, N-Quads by .nq; NULL
 * for none: only opts->forget) and write it in opts->format to
 * opts->output: a file written to a temporary name and renamed into place,
 * or for a directory format a directory that must be new, empty or a
 * previous export of the format (built beside it and swapped in).
 * PK_EUSAGE for an unknown format or a directory format without output;
 * PK_EIO / PK_EINPUT when the graph cannot be read / parsed (or,
 * PK_EINPUT, holds what the format cannot express); PK_EIO when the output
 * cannot be written, the old output then left as it was. */
int pk_export_file(const char *graph_path, const pk_export_options *opts,
	const pk_diag *diag);

#ifdef __cplusplus
}
#endif

#endif
