/*
 * writers.c - the N-Quads writers side by side (issue 16): the same quads
 * written by Raptor's nquads serializer, by policykg's own line writer
 * (src/rdf/nquads.c, pk_nq_put_quad) and by Serd, each into a buffer
 * flushed to a file every 64 KiB, and timed in CPU seconds.  The figures
 * chose the writer behind `extract -f ntriples|nquads` (bench/RESULTS.md,
 * "Issue 16: writers").
 *
 *   writers FILE.nq [N] [OUTDIR]
 *
 * FILE.nq (an `extract -f nquads` output) is read once with Raptor; its
 * quads are written again and again until N (default 1,000,000) have
 * been.  Each writer gets its terms built beforehand (raptor_statement,
 * pk_quad, SerdNode), so only the writing is timed; one more Raptor row
 * makes the terms per quad, as extract did before.  With OUTDIR each
 * writer's output of the last run is kept there (raptor.nq, policykg.nq,
 * serd.nq) for the parsers to check.  Serd is measured when the build found
 * it (pkg-config serd-0, Debian libserd-dev).
 */
#include <raptor2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "rdf/nquads.h"

#ifdef PK_BENCH_SERD
#include <serd/serd.h>
#endif

#define PK_BENCH_FLUSH (64 * 1024)
#define PK_BENCH_RUNS 3

typedef struct pk_bench_sink {
	pk_buf buf;
	FILE *fh;
	size_t bytes;
} pk_bench_sink;

static int pk_bench_sink_flush(pk_bench_sink *k)
{
	size_t n = k->buf.len;
	int rc = n && fwrite(k->buf.ptr, 1, n, k->fh) != n ? -1 : 0;

	k->bytes += n;
	pk_buf_clear(&k->buf);
	return rc;
}

static int pk_bench_sink_put(pk_bench_sink *k, const void *p, size_t n)
{
	if (pk_buf_put(&k->buf, p, n) < 0)
		return -1;
	return k->buf.len >= PK_BENCH_FLUSH ? pk_bench_sink_flush(k) : 0;
}

typedef struct pk_bench_input {
	raptor_statement **st;   /* as Raptor read them */
	pk_quad *q;              /* the same as pk_quads */
	size_t n;
	size_t cap;
	raptor_world *w;
} pk_bench_input;

static char *pk_bench_term_string(const raptor_term *t)
{
	if (t->type == RAPTOR_TERM_TYPE_URI)
		return pk_strdup((const char *)raptor_uri_as_string(t->value.uri));
	if (t->type == RAPTOR_TERM_TYPE_LITERAL)
		return pk_strdup((const char *)t->value.literal.string);
	return NULL; /* blank nodes: extract writes none */
}

static void pk_bench_read_statement(void *ud, raptor_statement *s)
{
	pk_bench_input *in = ud;
	pk_quad *q;

	if (s->subject->type != RAPTOR_TERM_TYPE_URI)
		return;
	if (in->n == in->cap) {
		size_t cap = in->cap ? in->cap * 2 : 4096;
		void *a = realloc(in->st, cap * sizeof *in->st), *b;

		if (!a)
			abort();
		in->st = a;
		if (!(b = realloc(in->q, cap * sizeof *in->q)))
			abort();
		in->q = b;
		in->cap = cap;
	}
	in->st[in->n] = raptor_statement_copy(s);
	q = &in->q[in->n];
	memset(q, 0, sizeof *q);
	q->t.s = pk_bench_term_string(s->subject);
	q->t.p = pk_bench_term_string(s->predicate);
	q->t.o = pk_bench_term_string(s->object);
	q->t.o_is_iri = s->object->type == RAPTOR_TERM_TYPE_URI;
	if (s->object->type == RAPTOR_TERM_TYPE_LITERAL) {
		if (s->object->value.literal.language)
			q->t.lang = pk_strdup((const char *)s->object->value.literal.language);
		if (s->object->value.literal.datatype)
			q->t.dt = pk_strdup((const char *)raptor_uri_as_string(
				s->object->value.literal.datatype));
	}
	q->g = s->graph ? pk_bench_term_string(s->graph) : NULL;
	in->n++;
}

static int pk_bench_read(pk_bench_input *in, const char *path)
{
	raptor_parser *p = NULL;
	raptor_uri *base = NULL;
	unsigned char *uri = NULL;
	int rc = -1;

	if (!(in->w = raptor_new_world()) || raptor_world_open(in->w))
		goto out;
	if (!(p = raptor_new_parser(in->w, "nquads")) ||
	    !(uri = raptor_uri_filename_to_uri_string(path)) ||
	    !(base = raptor_new_uri(in->w, uri)))
		goto out;
	raptor_parser_set_statement_handler(p, in, pk_bench_read_statement);
	if (raptor_parser_parse_file(p, base, base) == 0 && in->n)
		rc = 0;
out:
	if (base)
		raptor_free_uri(base);
	if (uri)
		raptor_free_memory(uri);
	if (p)
		raptor_free_parser(p);
	return rc;
}

static void pk_bench_input_free(pk_bench_input *in)
{
	size_t i;

	for (i = 0; i < in->n; i++) {
		pk_quad *q = &in->q[i];

		raptor_free_statement(in->st[i]);
		free((char *)q->t.s);
		free((char *)q->t.p);
		free((char *)q->t.o);
		free((char *)q->t.lang);
		free((char *)q->t.dt);
		free((char *)q->g);
	}
	free(in->st);
	free(in->q);
	if (in->w)
		raptor_free_world(in->w);
}

/* ---- the writers ------------------------------------------------------------ */

static int pk_bench_raptor_byte(void *ctx, const int byte)
{
	char c = (char)byte;

	return pk_bench_sink_put(ctx, &c, 1) < 0 ? 1 : 0;
}

static int pk_bench_raptor_bytes(void *ctx, const void *ptr, size_t size, size_t nmemb)
{
	return pk_bench_sink_put(ctx, ptr, size * nmemb) < 0 ? -1 : (int)nmemb;
}

/* The way `extract` streamed before issue 16: Raptor's serializer over an
 * iostream appending to one buffer (serialize.c's old line sink). */
static int pk_bench_raptor(pk_bench_input *in, size_t total, pk_bench_sink *k)
{
	static const raptor_iostream_handler h = {
		2, NULL, NULL, pk_bench_raptor_byte, pk_bench_raptor_bytes, NULL, NULL, NULL
	};
	raptor_serializer *ser = raptor_new_serializer(in->w, "nquads");
	raptor_iostream *ios = raptor_new_iostream_from_handler(in->w, k, &h);
	size_t i;
	int rc = -1;

	if (!ser || !ios || raptor_serializer_start_to_iostream(ser, NULL, ios))
		goto out;
	for (i = 0; i < total; i++)
		if (raptor_serializer_serialize_statement(ser, in->st[i % in->n]))
			goto out;
	if (raptor_serializer_serialize_end(ser) == 0)
		rc = 0;
out:
	if (ser)
		raptor_free_serializer(ser);
	if (ios)
		raptor_free_iostream(ios);
	return rc;
}

/* The same, with each statement's terms made from strings as extract
 * did (serialize.c's pk_serialize_statement): what it paid per quad. */
static int pk_bench_raptor_terms(pk_bench_input *in, size_t total, pk_bench_sink *k)
{
	static const raptor_iostream_handler h = {
		2, NULL, NULL, pk_bench_raptor_byte, pk_bench_raptor_bytes, NULL, NULL, NULL
	};
	raptor_world *w = in->w;
	raptor_serializer *ser = raptor_new_serializer(w, "nquads");
	raptor_iostream *ios = raptor_new_iostream_from_handler(w, k, &h);
	raptor_statement st;
	size_t i;
	int rc = -1;

	if (!ser || !ios || raptor_serializer_start_to_iostream(ser, NULL, ios))
		goto out;
	for (i = 0; i < total; i++) {
		const pk_quad *q = &in->q[i % in->n];
		raptor_uri *dt = NULL;
		int bad;

		raptor_statement_init(&st, w);
		st.subject = raptor_new_term_from_uri_string(w, (const unsigned char *)q->t.s);
		st.predicate = raptor_new_term_from_uri_string(w, (const unsigned char *)q->t.p);
		if (q->t.o_is_iri) {
			st.object = raptor_new_term_from_uri_string(w, (const unsigned char *)q->t.o);
		} else {
			if (q->t.dt)
				dt = raptor_new_uri(w, (const unsigned char *)q->t.dt);
			st.object = raptor_new_term_from_literal(w, (const unsigned char *)q->t.o,
				dt, (const unsigned char *)q->t.lang);
			if (dt)
				raptor_free_uri(dt);
		}
		if (q->g)
			st.graph = raptor_new_term_from_uri_string(w, (const unsigned char *)q->g);
		bad = !st.subject || !st.predicate || !st.object ||
			raptor_serializer_serialize_statement(ser, &st);
		raptor_statement_clear(&st);
		if (bad)
			goto out;
	}
	if (raptor_serializer_serialize_end(ser) == 0)
		rc = 0;
out:
	if (ser)
		raptor_free_serializer(ser);
	if (ios)
		raptor_free_iostream(ios);
	return rc;
}

static int pk_bench_policykg(pk_bench_input *in, size_t total, pk_bench_sink *k)
{
	size_t i;

	for (i = 0; i < total; i++) {
		const pk_quad *q = &in->q[i % in->n];

		if (pk_nq_put_quad(&k->buf, &q->t, q->g) < 0)
			return -1;
		if (k->buf.len >= PK_BENCH_FLUSH && pk_bench_sink_flush(k) < 0)
			return -1;
	}
	return 0;
}

#ifdef PK_BENCH_SERD
typedef struct pk_bench_serd_quad {
	SerdNode s, p, o, g, lang, dt;
	int has_g, has_lang, has_dt;
} pk_bench_serd_quad;

static size_t pk_bench_serd_sink(const void *buf, size_t len, void *stream)
{
	return pk_bench_sink_put(stream, buf, len) < 0 ? 0 : len;
}

static int pk_bench_serd(pk_bench_input *in, size_t total, pk_bench_sink *k)
{
	pk_bench_serd_quad *sq = calloc(in->n, sizeof *sq);
	SerdEnv *env = serd_env_new(NULL);
	SerdWriter *wr = NULL;
	size_t i;
	int rc = -1;

	if (!sq || !env)
		goto out;
	/* the nodes are built before the clock starts, like the others' terms */
	for (i = 0; i < in->n; i++) {
		const pk_triple *t = &in->q[i].t;

		sq[i].s = serd_node_from_string(SERD_URI, (const uint8_t *)t->s);
		sq[i].p = serd_node_from_string(SERD_URI, (const uint8_t *)t->p);
		sq[i].o = serd_node_from_string(t->o_is_iri ? SERD_URI : SERD_LITERAL,
			(const uint8_t *)t->o);
		if ((sq[i].has_g = in->q[i].g != NULL))
			sq[i].g = serd_node_from_string(SERD_URI, (const uint8_t *)in->q[i].g);
		if ((sq[i].has_lang = t->lang != NULL))
			sq[i].lang = serd_node_from_string(SERD_LITERAL, (const uint8_t *)t->lang);
		if ((sq[i].has_dt = t->dt != NULL))
			sq[i].dt = serd_node_from_string(SERD_URI, (const uint8_t *)t->dt);
	}
	if (!(wr = serd_writer_new(SERD_NQUADS, SERD_STYLE_BULK, env, NULL,
		pk_bench_serd_sink, k)))
		goto out;
	for (i = 0; i < total; i++) {
		const pk_bench_serd_quad *q = &sq[i % in->n];

		if (serd_writer_write_statement(wr, 0, q->has_g ? &q->g : NULL,
			&q->s, &q->p, &q->o, q->has_dt ? &q->dt : NULL,
			q->has_lang ? &q->lang : NULL))
			goto out;
	}
	if (serd_writer_finish(wr) == SERD_SUCCESS)
		rc = 0;
out:
	if (wr)
		serd_writer_free(wr);
	if (env)
		serd_env_free(env);
	free(sq);
	return rc;
}
#endif

/* ---- timing ----------------------------------------------------------------- */

typedef int (*pk_bench_writer_fn)(pk_bench_input *in, size_t total, pk_bench_sink *k);

static double pk_bench_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The best of PK_BENCH_RUNS: CPU seconds, and the bytes written. */
static int pk_bench_time(double *best, size_t *bytes, pk_bench_writer_fn fn,
	pk_bench_input *in, size_t total, const char *outdir, const char *name)
{
	pk_bench_sink k = { PK_BUF_INIT, NULL, 0 };
	pk_buf path = PK_BUF_INIT;
	int run, rc = 0;

	*best = -1;
	for (run = 0; run < PK_BENCH_RUNS && rc == 0; run++) {
		double t0;

		if (outdir && run == PK_BENCH_RUNS - 1) {
			pk_buf_clear(&path);
			if (pk_buf_printf(&path, "%s/%s.nq", outdir, name) < 0 ||
			    !(k.fh = fopen(path.ptr, "w"))) {
				rc = -1;
				break;
			}
		} else if (!(k.fh = fopen("/dev/null", "w"))) {
			rc = -1;
			break;
		}
		k.bytes = 0;
		t0 = pk_bench_cpu();
		if (fn(in, total, &k) < 0 || pk_bench_sink_flush(&k) < 0 || fflush(k.fh))
			rc = -1;
		t0 = pk_bench_cpu() - t0;
		if (fclose(k.fh) != 0)
			rc = -1;
		if (*best < 0 || t0 < *best)
			*best = t0;
		*bytes = k.bytes;
	}
	pk_buf_free(&k.buf);
	pk_buf_free(&path);
	return rc;
}

static void pk_bench_row(const char *name, double s, size_t bytes, size_t total)
{
	printf("| %s | %.3f | %.1f | %.2f | %.1f |\n", name, s, (double)bytes / 1e6,
		(double)total / s / 1e6, (double)bytes / 1e6 / s);
}

int main(int argc, char **argv)
{
	pk_bench_input in = { 0 };
	size_t total = 1000000, bytes = 0;
	const char *outdir = argc > 3 ? argv[3] : NULL;
	double s;
	int rc = 1;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: writers FILE.nq [N] [OUTDIR]\n");
		return 2;
	}
	if (argc > 2)
		total = strtoul(argv[2], NULL, 10);
	if (pk_bench_read(&in, argv[1]) < 0) {
		fprintf(stderr, "writers: %s: no quads read\n", argv[1]);
		goto out;
	}
	printf("%zu quads (%zu distinct, from %s), best of %d runs, CPU seconds\n\n",
		total, in.n, argv[1], PK_BENCH_RUNS);
	printf("| writer | CPU s | output MB | Mquads/s | MB/s |\n| --- | --- | --- | --- | --- |\n");
	if (pk_bench_time(&s, &bytes, pk_bench_raptor, &in, total, outdir, "raptor") < 0)
		goto out;
	pk_bench_row("Raptor 2 nquads serializer (\\uXXXX)", s, bytes, total);
	if (pk_bench_time(&s, &bytes, pk_bench_raptor_terms, &in, total, NULL, NULL) < 0)
		goto out;
	pk_bench_row("Raptor 2, terms made per quad as extract did", s, bytes, total);
	if (pk_bench_time(&s, &bytes, pk_bench_policykg, &in, total, outdir, "policykg") < 0)
		goto out;
	pk_bench_row("policykg pk_nq_put_quad (UTF-8)", s, bytes, total);
#ifdef PK_BENCH_SERD
	if (pk_bench_time(&s, &bytes, pk_bench_serd, &in, total, outdir, "serd") < 0)
		goto out;
	pk_bench_row("Serd N-Quads, SERD_STYLE_BULK (UTF-8)", s, bytes, total);
#else
	printf("| Serd | not built (no serd-0 from pkg-config) | | | |\n");
#endif
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "writers: a writer failed\n");
	pk_bench_input_free(&in);
	return rc;
}
