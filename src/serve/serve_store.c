/*
 * serve_store.c - the endpoint's queries run on the store one at a time,
 * each seeing the store whole: before a change, or after it.
 *
 * Why one at a time: Debian's librdf is built without thread support
 * (known-traps.md), and a pk_store owns one librdf world.  The other
 * way, a world (and a store) per worker thread, would multiply the
 * store's memory and still share Raptor's and Rasqal's globals; a query
 * here takes milliseconds, so a mutex around every librdf call costs
 * little and is plainly correct.  Parsing HTTP, binding parameters and
 * writing answers happen outside it, on libmicrohttpd's threads.
 *
 * Why the store is kept open, and when it is closed: a store opened
 * read-only holds its lock shared for as long as it is open
 * (store_dir.c), and `load` needs it alone, so the lock is what keeps a
 * reader from seeing half a change.  Opening the store and mapping its
 * pages again for every query cost most of a small query's time (at 10M
 * quads, one agreement's evidence: 118 ms against 13-19 ms with the
 * store left open), so:
 *
 *   - a query opens the store when it is not open (a change made since
 *     is then seen whole: opening finishes or undoes an interrupted one);
 *   - a store directory stays open after the query; a writer waiting
 *     for its lock says so (pk_store_writer_waiting), and the store is
 *     then closed: before the next query, after the running one, or by
 *     the watcher thread within PK_SERVE_TICK when the server is idle;
 *     queries arriving meanwhile wait up to --wait for the change;
 *   - a store that cannot tell (PostgreSQL) is closed after each query
 *     unless another request is already waiting, and under load after
 *     PK_SERVE_HOLD seconds, as before.
 *
 * After closing for a writer the server sleeps PK_SERVE_GAP, longer than
 * a waiting writer sleeps between its tries (20 ms, store_dir.c
 * pk_dir_lock), so the writer gets in first.
 */
#define _POSIX_C_SOURCE 200809L
#include "serve/serve_int.h"

#include <stdlib.h>
#include <string.h>

#define PK_SERVE_HOLD 0.25 /* seconds */
#define PK_SERVE_GAP 0.03  /* seconds */
#define PK_SERVE_TICK 0.02 /* seconds */

static double pk_serve_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) +
		(double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The store's messages: errors are the answer's text; the rest go on to
 * the server's own diagnostics. */
static void pk_serve_store_diag(void *ud, pk_severity sev, const char *msg)
{
	pk_serve_store *s = ud;

	if (sev == PK_SEV_ERROR) {
		if (s->errors.len)
			pk_buf_putc(&s->errors, '\n');
		pk_buf_puts(&s->errors, msg);
		return;
	}
	pk_diag_emit(s->user, sev, "%s", msg);
}

/* Close the store, idle, once a writer waits for it. */
static void *pk_serve_store_watch(void *arg)
{
	pk_serve_store *s = arg;
	struct timespec tick = { 0, (long)(PK_SERVE_TICK * 1e9) };

	while (!atomic_load(&s->stop)) {
		nanosleep(&tick, NULL);
		/* a query running or waiting checks for itself */
		if (atomic_load(&s->waiting) || pthread_mutex_trylock(&s->lock) != 0)
			continue;
		if (s->st && pk_store_writer_waiting(s->st) > 0) {
			pk_store_free(s->st);
			s->st = NULL;
		}
		pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

int pk_serve_store_init(pk_serve_store *s, const char *path, double wait,
	const pk_query_options *qopts, const pk_diag *user)
{
	memset(s, 0, sizeof *s);
	atomic_init(&s->waiting, 0);
	atomic_init(&s->stop, 0);
	s->user = user;
	s->diag.fn = pk_serve_store_diag;
	s->diag.ud = s;
	s->sopts.flags = PK_STORE_READONLY;
	s->sopts.wait = wait;
	s->qopts = *qopts;
	if (!(s->path = pk_strdup(path)))
		return PK_ENOMEM;
	if (pthread_mutex_init(&s->lock, NULL) != 0) {
		free(s->path);
		s->path = NULL;
		return PK_ENOMEM;
	}
	if (pthread_create(&s->watcher, NULL, pk_serve_store_watch, s) != 0) {
		pthread_mutex_destroy(&s->lock);
		free(s->path);
		s->path = NULL;
		return PK_ENOMEM;
	}
	s->watching = 1;
	return 0;
}

void pk_serve_store_fini(pk_serve_store *s)
{
	if (!s->path)
		return;
	if (s->watching) {
		atomic_store(&s->stop, 1);
		pthread_join(s->watcher, NULL);
		s->watching = 0;
	}
	pk_store_free(s->st);
	pthread_mutex_destroy(&s->lock);
	pk_buf_free(&s->errors);
	free(s->path);
	s->path = NULL;
}

void pk_serve_answer_clear(pk_serve_answer *a)
{
	pk_table_free(a->table);
	free(a->error);
	memset(a, 0, sizeof *a);
}

/* The status for rc, which pk_store_open_with or pk_store_query_with
 * returned after elapsed seconds. */
static unsigned pk_serve_status(int rc, double elapsed, double timeout)
{
	switch (rc) {
	case 0:
		return 200;
	case PK_EQUERY:
		/* out of time is PK_EQUERY too, with its own message; the
		 * clock tells it from a bad query: not the client's fault */
		return timeout > 0 && elapsed >= timeout ? 503 : 400;
	case PK_EUSAGE:
		return 400;
	case PK_EBUSY:
		return 503;
	default:
		return 500;
	}
}

int pk_serve_store_query(pk_serve_answer *out, pk_serve_store *s,
	const char *sparql, const char *name)
{
	pk_query_options q = s->qopts;
	struct timespec gap = { 0, (long)(PK_SERVE_GAP * 1e9) }, t0;
	double elapsed = 0;
	int rc, wanted;

	memset(out, 0, sizeof *out);
	q.name = name;
	atomic_fetch_add(&s->waiting, 1);
	pthread_mutex_lock(&s->lock);
	atomic_fetch_sub(&s->waiting, 1);
	pk_buf_clear(&s->errors);
	/* a writer waits (or, for a store that cannot tell, it has been
	 * held long enough): let it in first */
	wanted = s->st ? pk_store_writer_waiting(s->st) : 0;
	if (s->st && (wanted > 0 || (wanted < 0 &&
	    pk_serve_since(&s->opened) > PK_SERVE_HOLD))) {
		pk_store_free(s->st);
		s->st = NULL;
		nanosleep(&gap, NULL);
	}
	rc = 0;
	if (!s->st) {
		rc = pk_store_open_with(&s->st, s->path, &s->sopts, &s->diag);
		clock_gettime(CLOCK_MONOTONIC, &s->opened);
	}
	if (rc == 0) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = pk_store_query_with(&out->table, s->st, sparql, &q);
		elapsed = pk_serve_since(&t0);
	}
	/* kept open for the next query, unless a writer waits now, or the
	 * store cannot tell and no other request is waiting */
	if (s->st && ((wanted = pk_store_writer_waiting(s->st)) > 0 ||
	    (wanted < 0 && atomic_load(&s->waiting) == 0))) {
		pk_store_free(s->st);
		s->st = NULL;
	}
	out->status = pk_serve_status(rc, elapsed, q.timeout);
	if (rc < 0 && !(out->error = pk_strdup(s->errors.len ? s->errors.ptr :
	    pk_error_name(rc))))
		rc = PK_ENOMEM;
	pthread_mutex_unlock(&s->lock);
	return rc == PK_ENOMEM ? PK_ENOMEM : 0;
}
