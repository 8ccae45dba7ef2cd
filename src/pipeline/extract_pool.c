/*
 * extract_pool.c - -j N for pk_extractor_add_path: worker threads take the
 * inputs in order into a window of slots, and the calling thread takes
 * each slot, in input order, as it is ready, so the output is the same
 * bytes whatever N is.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "pipeline/extract_int.h"


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
int pk_extractor_run_pool(pk_extractor *ex, pk_pool *p, int *failed)
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
