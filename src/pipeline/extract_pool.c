/*
 * extract_pool.c - -j N for pk_extractor_add_path: worker threads take the
 * inputs in order into a window of slots, and the calling thread takes
 * each slot, in input order, as it is ready, so the output is the same
 * bytes whatever N is.
 *
 * The window is wide (PK_POOL_SLOTS slots a worker) so that workers do not
 * stop each time the calling thread waits for a core: on two cores, two
 * workers and the writer share them, and with four slots a worker the
 * workers slept a third of the run waiting for a writer that was runnable
 * but not running.  What the ready slots hold is bounded too
 * (PK_POOL_HELD_MAX bytes): past it workers wait, but never for the slot
 * the calling thread waits for, which is already being built.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "pipeline/extract_int.h"


/* slots per worker; bytes ready slots may hold (their output, or their
 * text and what is built of it) before workers wait */
#define PK_POOL_SLOTS 32
#define PK_POOL_HELD_MAX ((size_t)64 << 20)

typedef struct pk_pool_arg {
	pk_pool *pool;
	pk_worker *w;
} pk_pool_arg;

/* What a ready slot holds, roughly: its output when streaming, else its
 * text and the graph built from it. */
static size_t pk_pool_weight(const pk_analysis *a)
{
	return a->lines ? a->nlines : 16 * a->nt.len;
}

static void *pk_pool_work(void *arg)
{
	pk_pool *p = ((pk_pool_arg *)arg)->pool;
	pk_worker *w = ((pk_pool_arg *)arg)->w;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		pk_analysis *a;
		size_t i;

		while (!p->stop && p->next < p->n && (p->next >= p->consumed + p->window ||
			(p->held > PK_POOL_HELD_MAX && p->next > p->consumed)))
			pthread_cond_wait(&p->room, &p->mu);
		if (p->stop || p->next >= p->n)
			break;
		i = p->next++;
		a = &p->slots[i % p->window];
		pthread_mutex_unlock(&p->mu);
		a->index = i;
		pk_worker_run_path(w, a, p->paths[i], p->ids[i]);
		pthread_mutex_lock(&p->mu);
		a->ready = 1;
		p->held += pk_pool_weight(a);
		if (i == p->consumed)
			pthread_cond_signal(&p->ready);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Build every input of p in order, read by workers on threads. */
int pk_extractor_run_pool(pk_extractor *ex, pk_pool *p, int *failed)
{
	pk_pool_arg *args = NULL;
	size_t i, started = 0;
	int rc = 0;

	p->window = PK_POOL_SLOTS * ex->nworkers;
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
	pthread_cond_init(&p->ready, NULL);
	pthread_cond_init(&p->room, NULL);
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
			pthread_cond_wait(&p->ready, &p->mu);
		p->held -= pk_pool_weight(a);
		pthread_mutex_unlock(&p->mu);
		if (ex->opts.progress)
			fprintf(stderr, "\rpolicykg: %zu/%zu %s\033[K", i + 1, p->n, p->paths[i]);
		r = pk_extractor_take(ex, a);
		pk_analysis_clear(a);
		pthread_mutex_lock(&p->mu);
		p->consumed++;
		pthread_cond_broadcast(&p->room);
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
	pthread_cond_broadcast(&p->room);
	pthread_cond_broadcast(&p->ready);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < started; i++)
		pthread_join(ex->workers[i].thread, NULL);
	for (i = 0; i < ex->nworkers; i++)
		ex->workers[i].preformat = 0;
	for (i = 0; i < p->window; i++)
		pk_analysis_free(&p->slots[i]);
	pthread_cond_destroy(&p->ready);
	pthread_cond_destroy(&p->room);
	pthread_mutex_destroy(&p->mu);
	free(p->slots);
	free(args);
	return rc;
}
