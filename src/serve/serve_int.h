/*
 * serve_int.h - what the endpoint's files share: serve.c speaks HTTP
 * (libmicrohttpd) and routes; serve_store.c runs queries on the store,
 * one at a time; serve_write.c negotiates the media type and writes an
 * answer's bytes; serve_page.c writes the query page.
 *
 * Ownership follows policykg.h: a pk_serve_answer owns its table and
 * error text (pk_serve_answer_clear frees them).
 */
#ifndef PK_SERVE_INT_H
#define PK_SERVE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "policykg.h"
#include "base/util.h"

/* ---- the store, one query at a time (serve_store.c) ------------------------ */

typedef struct pk_serve_store {
	pthread_mutex_t lock;       /* held for every librdf call */
	atomic_int waiting;         /* requests waiting for the lock */
	char *path;
	pk_store_options sopts;
	pk_query_options qopts;
	const pk_diag *user;        /* warnings and notes go on to it */
	pk_diag diag;               /* the store's: errors into errors */
	pk_buf errors;              /* the running query's error messages */
	pk_store *st;               /* kept open between queries until a
	                               writer waits (see serve_store.c) */
	struct timespec opened;     /* CLOCK_MONOTONIC, when st was opened */
	pthread_t watcher;          /* closes an idle st when a writer waits */
	int watching;               /* watcher was started */
	atomic_int stop;            /* tells watcher to end */
} pk_serve_store;

int pk_serve_store_init(pk_serve_store *s, const char *path, double wait,
	const pk_query_options *qopts, const pk_diag *user);
void pk_serve_store_fini(pk_serve_store *s);

/* What a request gets: an HTTP status, and a table (200) or the error's
 * text (any other status). */
typedef struct pk_serve_answer {
	unsigned status;
	pk_table *table;
	char *error;
} pk_serve_answer;

void pk_serve_answer_clear(pk_serve_answer *a);
/* Run sparql (name: how messages call it, NULL: "query"); the answer says
 * how it went, the return value only whether memory ran out. */
int pk_serve_store_query(pk_serve_answer *out, pk_serve_store *s,
	const char *sparql, const char *name);

/* ---- answers as bytes (serve_write.c) ---------------------------------------- */

typedef enum pk_serve_media {
	PK_SERVE_JSON = 0,
	PK_SERVE_XML,
	PK_SERVE_CSV,
	PK_SERVE_TSV,
	PK_SERVE_TURTLE,
	PK_SERVE_NTRIPLES
} pk_serve_media;

/* The media type to answer a table (graph 0) or a graph (graph 1) in: a
 * format= parameter (json, xml, csv, tsv, turtle, ntriples) first, then
 * the best of the Accept header, else the kind's default (JSON, Turtle).
 * Never fails: a client that accepts nothing we write gets the default. */
pk_serve_media pk_serve_negotiate(const char *format, const char *accept,
	int graph);
/* t as media (which must suit it: pk_serve_negotiate's answer); *body is
 * malloc'd, *type a static Content-Type. */
int pk_serve_write(char **body, size_t *len, const char **type,
	const pk_table *t, pk_serve_media media);

/* ---- the query page (serve_page.c) --------------------------------------------- */

/* The page: a form posting to /sparql with text in its box, and each
 * stored query one click away. */
int pk_serve_page(pk_buf *out, const pk_stored_query *qs, size_t n,
	const char *text);

#endif
