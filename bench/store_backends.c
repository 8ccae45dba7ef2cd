/*
 * store_backends.c - which embedded librdf storage should hold policykg's
 * persistent graph?  This program measures the candidates on a synthetic
 * graph shaped like policykg's output and prints a Markdown table.
 *
 * For each size N (default 10000 50000 100000 triples) it writes an
 * N-Triples file (IRIs under https://w3id.org/policykg/id/, predicates
 * under https://w3id.org/policykg/ontology#, rdf:type, rdfs:label and
 * skos:altLabel with Korean @ko literals, xsd:integer and xsd:date literals:
 * persons -> positions -> organizations, mentions and documents, ~8 triples
 * per resource).  Then, for each backend
 *
 *   pk-lmdb           policykg's LMDB storage module (src/store/store_lmdb.c, what
 *                     a directory store uses; only when built with the library)
 *   hashes/bdb        hashes, hash-type='bdb'  (what stores used before it)
 *   hashes/memory     hashes, hash-type='memory' (not persistent)
 *   sqlite            sqlite, new='yes'
 *   sqlite/sync-off   sqlite, new='yes', synchronous='off'
 *   memory            the linked-list storage; quadratic, so it runs only
 *                     for sizes <= 20000 triples (-m to change the cap)
 *
 * it forks one child per (backend, size), so that neither memory nor
 * library state leaks from one measurement into the next, and the child
 * measures
 *
 *   load s      wall time to create the store, parse the N-Triples file into
 *               it with librdf_parser (what `policykg load` does) and, for
 *               the persistent backends, close it (so the data is on disk)
 *   triples/s   N / load s
 *   disk MB     allocated size (st_blocks) of the store directory
 *   RSS MB      growth of the child's peak RSS (ru_maxrss) over the whole
 *               measurement, load and queries
 *   reopen ms   median time to open the closed store again read-only
 *               (persistent backends only: an in-memory store cannot be
 *               reopened, its queries run on the open model)
 *   q1..q3 ms   median of 5 runs of each SPARQL query via librdf_query,
 *               each run on a freshly reopened store, results iterated
 *               and every binding fetched:
 *               q1 persons and their labels, q2 person -> position ->
 *               organization (2 hops) with labels, q3 COUNT(*)
 *
 * The operating system's page cache is warm for the reopens (the store was
 * just written): these are warm-cache figures.
 *
 * A child that runs longer than the time limit (-t, default 120 s) in its
 * load phase or in its query phase is killed by SIGALRM; the table says
 * "timeout >120 s" and the backend is skipped at the larger sizes.
 *
 * usage: store_backends [-t SECONDS] [-m MEMORY_CAP] [-b BACKEND[,...]]
 *                       [-d WORKDIR] [-k] [N ...]
 *
 * The sqlite storage is a separate Debian package, librdf-storage-sqlite;
 * without it the sqlite rows say "unavailable".
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <redland.h>
#ifdef PK_BENCH_LMDB
#include "store/store_int.h"  /* pk_store_lmdb_register */
#endif

#define NS_ID "https://w3id.org/policykg/id/"
#define NS_PKG "https://w3id.org/policykg/ontology#"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define NS_SKOS "http://www.w3.org/2004/02/skos/core#"
#define NS_DCT "http://purl.org/dc/terms/"
#define NS_XSD "http://www.w3.org/2001/XMLSchema#"

#define RUNS 5
#define NQUERIES 3
#define MAX_SIZES 16
#define TERM 1024

/* ---- backends ------------------------------------------------------------- */

typedef struct backend {
	const char *label;
	const char *storage;   /* librdf storage factory */
	const char *hash_type; /* for hashes; NULL otherwise */
	int sync_off;          /* sqlite synchronous='off' */
	int persistent;        /* lives in a directory, can be reopened */
	int capped;            /* subject to the memory-storage cap */
} backend;

static const backend backends[] = {
#ifdef PK_BENCH_LMDB
	{ "pk-lmdb", "pk-lmdb", NULL, 0, 1, 0 },
#endif
	{ "hashes/bdb", "hashes", "bdb", 0, 1, 0 },
	{ "hashes/memory", "hashes", "memory", 0, 0, 0 },
	{ "sqlite", "sqlite", NULL, 0, 1, 0 },
	{ "sqlite/sync-off", "sqlite", NULL, 1, 1, 0 },
	{ "memory", "memory", NULL, 0, 0, 1 },
};
#define NBACKENDS (sizeof backends / sizeof backends[0])

static const char *const queries[NQUERIES] = {
	"SELECT ?s ?l WHERE { ?s a <" NS_PKG "Person> ; <" NS_RDFS "label> ?l }",
	"SELECT ?p ?name ?org ?orgName WHERE { ?p a <" NS_PKG "Person> ; <"
	NS_RDFS "label> ?name ; <" NS_PKG "position> ?pos . ?pos <" NS_PKG
	"organization> ?org . ?org <" NS_RDFS "label> ?orgName . "
	"FILTER(LANG(?orgName) = \"ko\") }",
	"SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
};

/* ---- small helpers ---------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long maxrss_kb(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) < 0)
		return -1;
	return ru.ru_maxrss;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	if (n == 0)
		return -1;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Allocated bytes of the regular files under dir (recursively). */
static long long dir_bytes(const char *dir)
{
	DIR *d;
	struct dirent *e;
	struct stat sb;
	char p[4096];
	long long total = 0;

	d = opendir(dir);
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= (int)sizeof p)
			continue;
		if (lstat(p, &sb) < 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			long long sub = dir_bytes(p);
			if (sub > 0)
				total += sub;
		} else {
			total += (long long)sb.st_blocks * 512;
		}
	}
	closedir(d);
	return total;
}

static void remove_tree(const char *dir)
{
	DIR *d;
	struct dirent *e;
	struct stat sb;
	char p[4096];

	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= (int)sizeof p)
			continue;
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			remove_tree(p);
		else
			unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

/* ---- the synthetic graph ------------------------------------------------------ */

static uint64_t mix(uint64_t x)
{
	/* splitmix64 finaliser: deterministic, well spread */
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

typedef struct writer {
	FILE *f;
	long n, max;
	int err;
} writer;

/* Write one triple; returns 0 once max triples have been written. */
static int emit(writer *w, const char *s, const char *p, const char *o)
{
	if (w->n >= w->max)
		return 0;
	if (fprintf(w->f, "%s %s %s .\n", s, p, o) < 0)
		w->err = 1;
	w->n++;
	return w->n < w->max;
}

/* nsyl Hangul syllables chosen by seed, as N-Triples \uXXXX escapes
 * (the way Raptor's N-Triples serializer writes them). */
static void hangul(char *buf, size_t size, uint64_t seed, int nsyl)
{
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < nsyl; i++) {
		unsigned cp = 0xAC00u + (unsigned)(mix(seed + (uint64_t)i) % 11172u);
		int k = snprintf(buf + off, size - off, "\\u%04X", cp);
		if (k < 0 || (size_t)k >= size - off)
			break;
		off += (size_t)k;
	}
}

static const char *const titles_ko[] = {
	"\\uC7A5\\uAD00", "\\uCC28\\uAD00", "\\uC81C1\\uCC28\\uAD00",
	"\\uC81C2\\uCC28\\uAD00", "\\uC6D0\\uC7A5", "\\uC704\\uC6D0\\uC7A5",
	"\\uB300\\uD45C", "\\uAD6D\\uC7A5", "\\uC2E4\\uC7A5",
	"\\uBD80\\uCD1D\\uB9AC", "\\uCCAD\\uC7A5",
};
static const char *const titles_en[] = {
	"Minister", "Vice Minister", "First Vice Minister",
	"Second Vice Minister", "President", "Chairperson", "CEO",
	"Director General", "Head of Office", "Deputy Prime Minister",
	"Commissioner",
};
#define NTITLES (sizeof titles_ko / sizeof titles_ko[0])
static const char *const org_suffix_ko[] = {
	"\\uC704\\uC6D0\\uD68C", "\\uC5F0\\uAD6C\\uC6D0", "\\uC7AC\\uB2E8",
	"\\uC9C4\\uD765\\uC6D0", "\\uACF5\\uC0AC", "\\uBD80",
};
static const char *const org_classes[] = {
	"GovernmentBody", "Company", "ResearchInstitute",
	"InternationalOrganization",
};
static const char *const countries[] = { "kr", "us", "cn", "jp", "uk", "eu" };

#define T_TYPE "<" NS_RDF "type>"
#define T_LABEL "<" NS_RDFS "label>"
#define T_ALT "<" NS_SKOS "altLabel>"

static void doc_iri(char *buf, size_t size, uint64_t d)
{
	snprintf(buf, size, "<" NS_ID "document/%06llu_%016llx>",
		(unsigned long long)d, (unsigned long long)mix(d ^ 0xd0c));
}

static void int_lit(char *buf, size_t size, long long v)
{
	snprintf(buf, size, "\"%lld\"^^<" NS_XSD "integer>", v);
}

/* Write exactly max triples (unless an error occurs) to path. */
static int write_graph(const char *path, long max)
{
	writer w = { NULL, 0, max, 0 };
	char s[TERM], o[2 * TERM], h[TERM], doc[TERM], org[TERM], pos[TERM],
		men[TERM];
	uint64_t b;
	int rc = -1;

	w.f = fopen(path, "w");
	if (!w.f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		goto out;
	}
	for (b = 0; w.n < w.max && !w.err; b++) {
		uint64_t r = mix(b);
		uint64_t d = r % (b / 16 + 1);   /* an existing document */
		uint64_t og = mix(r) % (b / 8 + 1); /* an existing organization */
		unsigned t = (unsigned)(mix(r ^ 7) % NTITLES);
		long long start = (long long)(mix(r ^ 3) % 5000);

		doc_iri(doc, sizeof doc, d);
		snprintf(org, sizeof org, "<" NS_ID "org/o%06llu>",
			(unsigned long long)og);

		if (b % 16 == 0) { /* a document: 6 triples */
			doc_iri(s, sizeof s, b / 16);
			if (!emit(&w, s, T_TYPE, "<" NS_PKG "Document>"))
				break;
			hangul(h, sizeof h, r ^ 0x717e, 12);
			snprintf(o, sizeof o, "\"%s\"@ko", h);
			if (!emit(&w, s, "<" NS_DCT "title>", o))
				break;
			snprintf(o, sizeof o, "\"20%02u-%02u-%02u\"^^<" NS_XSD "date>",
				(unsigned)(15 + b / 16 % 11), (unsigned)(1 + b % 12),
				(unsigned)(1 + b % 28));
			if (!emit(&w, s, "<" NS_DCT "date>", o))
				break;
			snprintf(o, sizeof o, "<https://news.example.kr/article/%llu>",
				(unsigned long long)(b / 16));
			if (!emit(&w, s, "<" NS_DCT "source>", o))
				break;
			int_lit(o, sizeof o, (long long)(1000 + r % 9000));
			if (!emit(&w, s, "<" NS_PKG "charCount>", o))
				break;
			int_lit(o, sizeof o, (long long)(10 + r % 90));
			if (!emit(&w, s, "<" NS_PKG "sentenceCount>", o))
				break;
		}
		if (b % 8 == 0) { /* an organization: 8 triples */
			snprintf(s, sizeof s, "<" NS_ID "org/o%06llu>",
				(unsigned long long)(b / 8));
			if (!emit(&w, s, T_TYPE, "<" NS_PKG "Actor>") ||
			    !emit(&w, s, T_TYPE, "<" NS_PKG "Organization>"))
				break;
			snprintf(o, sizeof o, "<" NS_PKG "%s>",
				org_classes[r % (sizeof org_classes / sizeof *org_classes)]);
			if (!emit(&w, s, T_TYPE, o))
				break;
			hangul(h, sizeof h, r ^ 0x0a9, 4);
			snprintf(o, sizeof o, "\"%s%s\"@ko", h,
				org_suffix_ko[r % (sizeof org_suffix_ko / sizeof *org_suffix_ko)]);
			if (!emit(&w, s, T_LABEL, o))
				break;
			snprintf(o, sizeof o, "\"Organization %llu\"@en",
				(unsigned long long)(b / 8));
			if (!emit(&w, s, T_LABEL, o))
				break;
			hangul(h, sizeof h, r ^ 0xab, 3);
			snprintf(o, sizeof o, "\"%s\"@ko", h);
			if (!emit(&w, s, T_ALT, o))
				break;
			snprintf(o, sizeof o, "<" NS_ID "country-%s>",
				countries[r % (sizeof countries / sizeof *countries)]);
			if (!emit(&w, s, "<" NS_PKG "country>", o) ||
			    !emit(&w, s, "<" NS_PKG "mentionedIn>", doc))
				break;
		}
		snprintf(pos, sizeof pos, "<" NS_ID "position/p%07llu-t%u>",
			(unsigned long long)b, t);
		/* one mention per position, so its IRI carries b */
		snprintf(men, sizeof men,
			"<" NS_ID "mention/%06llu/%lld-%lld/position.name-title/%llu>",
			(unsigned long long)d, start, start + 6, (unsigned long long)b);

		/* a person: 8 triples */
		snprintf(s, sizeof s, "<" NS_ID "person/p%07llu>",
			(unsigned long long)b);
		if (!emit(&w, s, T_TYPE, "<" NS_PKG "Actor>") ||
		    !emit(&w, s, T_TYPE, "<" NS_PKG "Person>"))
			break;
		hangul(h, sizeof h, r ^ 0x9e, 3);
		snprintf(o, sizeof o, "\"%s\"@ko", h);
		if (!emit(&w, s, T_LABEL, o))
			break;
		snprintf(o, sizeof o, "\"Person %llu\"@en", (unsigned long long)b);
		if (!emit(&w, s, T_LABEL, o) ||
		    !emit(&w, s, "<" NS_PKG "memberOf>", org) ||
		    !emit(&w, s, "<" NS_PKG "mentionedIn>", doc) ||
		    !emit(&w, s, "<" NS_PKG "position>", pos))
			break;
		int_lit(o, sizeof o, (long long)(1 + r % 40));
		if (!emit(&w, s, "<" NS_PKG "mentionCount>", o))
			break;

		/* its position: 7 triples */
		if (!emit(&w, pos, T_TYPE, "<" NS_PKG "Position>"))
			break;
		snprintf(o, sizeof o, "\"%s\"@ko", titles_ko[t]);
		if (!emit(&w, pos, "<" NS_PKG "title>", o))
			break;
		snprintf(o, sizeof o, "\"%s\"@en", titles_en[t]);
		if (!emit(&w, pos, "<" NS_PKG "title>", o) ||
		    !emit(&w, pos, "<" NS_PKG "organization>", org) ||
		    !emit(&w, pos, "<" NS_PKG "mentionedIn>", doc) ||
		    !emit(&w, pos, "<" NS_PKG "evidence>", men))
			break;
		int_lit(o, sizeof o, (long long)(2000 + r % 26));
		if (!emit(&w, pos, "<" NS_PKG "since>", o))
			break;

		/* the mention that is its evidence: 8 triples */
		if (!emit(&w, men, T_TYPE, "<" NS_PKG "Mention>") ||
		    !emit(&w, men, "<" NS_PKG "document>", doc))
			break;
		int_lit(o, sizeof o, start);
		if (!emit(&w, men, "<" NS_PKG "start>", o))
			break;
		int_lit(o, sizeof o, start + 120);
		if (!emit(&w, men, "<" NS_PKG "end>", o))
			break;
		int_lit(o, sizeof o, start + 10);
		if (!emit(&w, men, "<" NS_PKG "matchStart>", o))
			break;
		int_lit(o, sizeof o, start + 16);
		if (!emit(&w, men, "<" NS_PKG "matchEnd>", o) ||
		    !emit(&w, men, "<" NS_PKG "rule>", "\"position.name-title\""))
			break;
		hangul(h, sizeof h, r ^ 0x5e7, 30);
		snprintf(o, sizeof o, "\"%s %s\"@ko", h, titles_ko[t]);
		if (!emit(&w, men, "<" NS_PKG "sentence>", o))
			break;
	}
	if (w.err || ferror(w.f)) {
		fprintf(stderr, "%s: write error\n", path);
		goto out;
	}
	rc = 0;
out:
	if (w.f && fclose(w.f) != 0 && rc == 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		rc = -1;
	}
	return rc;
}

/* ---- the child: one (backend, size) measurement ------------------------------- */

typedef struct child_log {
	int errors, printed;
	const char *label;
} child_log;

static int child_logger(void *ud, librdf_log_message *m)
{
	child_log *log = ud;
	const char *msg = librdf_log_message_message(m);
	int level = librdf_log_message_level(m);

	if (level >= LIBRDF_LOG_ERROR)
		log->errors++;
	if (level < LIBRDF_LOG_WARN)
		return 1;
	/* Rasqal 0.9.33 warns about its own aggregate variable on every
	 * COUNT: "Variable $$agg$$0 was used but is not bound". */
	if (level == LIBRDF_LOG_WARN && msg && strstr(msg, "$$agg$$"))
		return 1;
	if (log->printed < 5) {
		size_t len = msg ? strlen(msg) : 0;
		while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
			len--;
		fprintf(stderr, "  [%s] librdf %s: %.*s\n", log->label,
			level >= LIBRDF_LOG_ERROR ? "error" : "warning",
			(int)len, msg ? msg : "(no message)");
		log->printed++;
	}
	return 1;
}

/* Build the storage options and name for b in dir. */
static int storage_args(const backend *b, const char *dir, int is_new,
	char *name, size_t name_size, char *opts, size_t opts_size)
{
	int k;

	if (strcmp(b->storage, "hashes") == 0) {
		snprintf(name, name_size, "bench");
		if (b->persistent)
			k = snprintf(opts, opts_size,
				"hash-type='%s',dir='%s',new='%s',write='%s'",
				b->hash_type, dir, is_new ? "yes" : "no",
				is_new ? "yes" : "no");
		else
			k = snprintf(opts, opts_size, "hash-type='%s'", b->hash_type);
	} else if (strcmp(b->storage, "pk-lmdb") == 0) {
		k = snprintf(name, name_size, "%s/bench.lmdb", dir);
		if (k < 0 || (size_t)k >= name_size)
			return -1;
		k = snprintf(opts, opts_size, "new='%s',write='%s'",
			is_new ? "yes" : "no", is_new ? "yes" : "no");
	} else if (strcmp(b->storage, "sqlite") == 0) {
		k = snprintf(name, name_size, "%s/bench.sqlite", dir);
		if (k < 0 || (size_t)k >= name_size)
			return -1;
		k = snprintf(opts, opts_size, "new='%s'%s", is_new ? "yes" : "no",
			b->sync_off ? ",synchronous='off'" : "");
	} else {
		snprintf(name, name_size, "bench");
		k = snprintf(opts, opts_size, "%s", "");
	}
	return k < 0 || (size_t)k >= opts_size ? -1 : 0;
}

static int open_store(librdf_world *world, const backend *b, const char *dir,
	int is_new, librdf_storage **storage, librdf_model **model)
{
	char name[4096], opts[4096];

	*storage = NULL;
	*model = NULL;
	if (storage_args(b, dir, is_new, name, sizeof name, opts, sizeof opts) < 0)
		return -1;
	*storage = librdf_new_storage(world, b->storage, name,
		opts[0] ? opts : NULL);
	if (!*storage)
		return -1;
	*model = librdf_new_model(world, *storage, NULL);
	if (!*model) {
		librdf_free_storage(*storage);
		*storage = NULL;
		return -1;
	}
	return 0;
}

static void close_store(librdf_storage **storage, librdf_model **model)
{
	/* pk-lmdb keeps only what was synced */
	if (*model) {
		librdf_model_sync(*model);
		librdf_free_model(*model);
	}
	if (*storage)
		librdf_free_storage(*storage);
	*model = NULL;
	*storage = NULL;
}

/* Run one query, fetch every binding of every row.  Returns the number of
 * rows (or, for a one-row one-column integer result, *value), -1 on error. */
static long run_query(librdf_world *world, librdf_model *model,
	const char *text, long *value)
{
	librdf_query *q = NULL;
	librdf_query_results *res = NULL;
	long rows = -1;

	q = librdf_new_query(world, "sparql", NULL,
		(const unsigned char *)text, NULL);
	if (!q)
		goto out;
	res = librdf_model_query_execute(model, q);
	if (!res || !librdf_query_results_is_bindings(res))
		goto out;
	rows = 0;
	while (!librdf_query_results_finished(res)) {
		int i, n = librdf_query_results_get_bindings_count(res);

		for (i = 0; i < n; i++) {
			librdf_node *v = librdf_query_results_get_binding_value(res, i);
			if (!v)
				continue;
			if (value && n == 1 && librdf_node_is_literal(v)) {
				const unsigned char *lit = librdf_node_get_literal_value(v);
				*value = lit ? strtol((const char *)lit, NULL, 10) : -1;
			}
			librdf_free_node(v);
		}
		rows++;
		if (librdf_query_results_next(res))
			break;
	}
out:
	if (res)
		librdf_free_query_results(res);
	if (q)
		librdf_free_query(q);
	return rows;
}

/* Reports go to fd as "key value" lines, written as they are measured, so
 * that a child killed by the alarm still leaves what it had. */
static int run_child(const backend *b, long n, const char *nt,
	const char *dir, int fd, unsigned limit)
{
	librdf_world *world = NULL;
	librdf_storage *storage = NULL;
	librdf_model *model = NULL;
	librdf_parser *parser = NULL;
	librdf_uri *base = NULL;
	FILE *fh = NULL;
	child_log log = { 0, 0, b->label };
	double reopen[NQUERIES * RUNS], qt[RUNS], t0, t1;
	size_t nreopen = 0;
	long rss0 = maxrss_kb(), count = -1, rows;
	int qi, r, rc = 1;

	dprintf(fd, "phase load\n");
	alarm(limit);
	if (b->persistent && mkdir(dir, 0700) < 0 && errno != EEXIST) {
		dprintf(fd, "error mkdir %s: %s\n", dir, strerror(errno));
		goto out;
	}
	world = librdf_new_world();
	if (!world) {
		dprintf(fd, "error cannot start librdf\n");
		goto out;
	}
	librdf_world_set_logger(world, &log, child_logger);
	librdf_world_open(world);
#ifdef PK_BENCH_LMDB
	pk_store_lmdb_register(world);
#endif
	if (librdf_world_get_rasqal(world))
		rasqal_world_set_warning_level(librdf_world_get_rasqal(world), 20);

	fh = fopen(nt, "rb");
	if (!fh) {
		dprintf(fd, "error %s: %s\n", nt, strerror(errno));
		goto out;
	}
	t0 = now_s();
	if (open_store(world, b, dir, 1, &storage, &model) < 0) {
		dprintf(fd, "unavailable 1\n");
		goto out;
	}
	parser = librdf_new_parser(world, "ntriples", NULL, NULL);
	base = librdf_new_uri_from_filename(world, nt);
	if (!parser || !base) {
		dprintf(fd, "error cannot create an N-Triples parser\n");
		goto out;
	}
	if (librdf_parser_parse_file_handle_into_model(parser, fh, 0, base,
		model) != 0 || log.errors) {
		dprintf(fd, "error parse failed\n");
		goto out;
	}
	if (b->persistent)
		close_store(&storage, &model);
	t1 = now_s();
	dprintf(fd, "load %.6f\n", t1 - t0);
	if (b->persistent)
		dprintf(fd, "disk %lld\n", dir_bytes(dir));

	dprintf(fd, "phase query\n");
	alarm(limit);
	for (qi = 0; qi < NQUERIES; qi++) {
		long value = -1;

		rows = -1;
		for (r = 0; r < RUNS; r++) {
			if (b->persistent) {
				t0 = now_s();
				if (open_store(world, b, dir, 0, &storage, &model) < 0) {
					dprintf(fd, "error cannot reopen the store\n");
					goto out;
				}
				reopen[nreopen++] = (now_s() - t0) * 1e3;
			}
			t0 = now_s();
			rows = run_query(world, model, queries[qi], &value);
			qt[r] = (now_s() - t0) * 1e3;
			if (rows < 0) {
				dprintf(fd, "error query %d failed\n", qi + 1);
				goto out;
			}
			if (b->persistent)
				close_store(&storage, &model);
		}
		dprintf(fd, "q%d %.6f\n", qi + 1, median(qt, RUNS));
		dprintf(fd, "rows%d %ld\n", qi + 1, qi == 2 ? value : rows);
		if (qi == 2)
			count = value;
	}
	if (nreopen)
		dprintf(fd, "reopen %.6f\n", median(reopen, nreopen));
	if (count != n)
		dprintf(fd, "warn COUNT(*) = %ld, expected %ld\n", count, n);
	alarm(0);
	rc = 0;
out:
	alarm(0);
	if (parser)
		librdf_free_parser(parser);
	if (base)
		librdf_free_uri(base);
	if (fh)
		fclose(fh);
	close_store(&storage, &model);
	if (world)
		librdf_free_world(world);
	dprintf(fd, "rss %ld\n", maxrss_kb() - rss0);
	return rc;
}

/* ---- the parent ------------------------------------------------------------------ */

typedef struct result {
	int have_load, timeout, unavailable, crashed;
	char phase[16];
	char error[256];
	char warn[256];
	double load, reopen, q[NQUERIES];
	long long disk;
	long rows[NQUERIES];
	long rss;
} result;

static void parse_report(result *res, char *line)
{
	char *val = strchr(line, ' ');
	size_t len = strlen(line);

	while (len > 0 && line[len - 1] == '\n')
		line[--len] = '\0';
	if (!val)
		return;
	*val++ = '\0';
	if (strcmp(line, "load") == 0) {
		res->load = strtod(val, NULL);
		res->have_load = 1;
	} else if (strcmp(line, "disk") == 0) {
		res->disk = strtoll(val, NULL, 10);
	} else if (strcmp(line, "reopen") == 0) {
		res->reopen = strtod(val, NULL);
	} else if (line[0] == 'q' && line[1] >= '1' && line[1] <= '3' && !line[2]) {
		res->q[line[1] - '1'] = strtod(val, NULL);
	} else if (strncmp(line, "rows", 4) == 0 && line[4] >= '1' &&
		line[4] <= '3') {
		res->rows[line[4] - '1'] = strtol(val, NULL, 10);
	} else if (strcmp(line, "rss") == 0) {
		res->rss = strtol(val, NULL, 10);
	} else if (strcmp(line, "phase") == 0) {
		snprintf(res->phase, sizeof res->phase, "%s", val);
	} else if (strcmp(line, "unavailable") == 0) {
		res->unavailable = 1;
	} else if (strcmp(line, "error") == 0) {
		snprintf(res->error, sizeof res->error, "%s", val);
	} else if (strcmp(line, "warn") == 0) {
		snprintf(res->warn, sizeof res->warn, "%s", val);
	}
}

static int measure(const backend *b, long n, const char *nt, const char *dir,
	unsigned limit, result *res)
{
	int p[2] = { -1, -1 }, status = 0, rc = -1;
	pid_t pid = -1;
	FILE *in = NULL;
	char line[512];
	int qi;

	memset(res, 0, sizeof *res);
	res->disk = -1;
	res->rss = -1;
	res->reopen = -1;
	for (qi = 0; qi < NQUERIES; qi++) {
		res->q[qi] = -1;
		res->rows[qi] = -1;
	}
	fflush(stdout);
	fflush(stderr);
	if (pipe(p) < 0) {
		perror("pipe");
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		goto out;
	}
	if (pid == 0) {
		close(p[0]);
		_exit(run_child(b, n, nt, dir, p[1], limit));
	}
	close(p[1]);
	p[1] = -1;
	in = fdopen(p[0], "r");
	if (!in) {
		perror("fdopen");
		goto out;
	}
	p[0] = -1;
	while (fgets(line, sizeof line, in))
		parse_report(res, line);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("waitpid");
			goto out;
		}
	}
	pid = -1;
	if (WIFSIGNALED(status)) {
		if (WTERMSIG(status) == SIGALRM)
			res->timeout = 1;
		else
			snprintf(res->error, sizeof res->error, "killed by signal %d",
				WTERMSIG(status));
		res->crashed = !res->timeout;
	}
	rc = 0;
out:
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	if (in)
		fclose(in);
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
	return rc;
}

static void fmt_ms(char *buf, size_t size, double ms)
{
	if (ms < 0)
		snprintf(buf, size, "-");
	else if (ms < 10)
		snprintf(buf, size, "%.2f", ms);
	else if (ms < 100)
		snprintf(buf, size, "%.1f", ms);
	else
		snprintf(buf, size, "%.0f", ms);
}

static void print_row(const backend *b, long n, const result *res,
	unsigned limit)
{
	char disk[32], rss[32], reopen[32], q[NQUERIES][64], tmo[64];
	int qi;

	snprintf(tmo, sizeof tmo, "timeout >%u s", limit);
	if (res->unavailable) {
		printf("| %s | %ld | unavailable (storage module not installed) "
			"| | | | | | | |\n", b->label, n);
		return;
	}
	if (!res->have_load) {
		printf("| %s | %ld | %s | | | | | | | |\n", b->label, n,
			res->timeout ? tmo : res->error[0] ? res->error : "failed");
		return;
	}
	if (res->disk >= 0)
		snprintf(disk, sizeof disk, "%.1f", (double)res->disk / 1048576.0);
	else
		snprintf(disk, sizeof disk, "- (in memory)");
	if (res->rss >= 0)
		snprintf(rss, sizeof rss, "%.1f", (double)res->rss / 1024.0);
	else
		snprintf(rss, sizeof rss, "-");
	if (b->persistent)
		fmt_ms(reopen, sizeof reopen, res->reopen);
	else
		snprintf(reopen, sizeof reopen, "n/a");
	for (qi = 0; qi < NQUERIES; qi++) {
		if (res->q[qi] >= 0)
			fmt_ms(q[qi], sizeof q[qi], res->q[qi]);
		else
			snprintf(q[qi], sizeof q[qi], "%s",
				res->timeout ? tmo : res->error[0] ? "error" : "-");
	}
	printf("| %s | %ld | %.2f | %.0f | %s | %s | %s | %s | %s | %s |\n",
		b->label, n, res->load, res->load > 0 ? (double)n / res->load : 0.0,
		disk, rss, reopen, q[0], q[1], q[2]);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: store_backends [-t SECONDS] [-m MEMORY_CAP] [-b BACKEND[,...]]\n"
		"                      [-d WORKDIR] [-k] [N ...]\n"
		"  N           graph sizes in triples (default 10000 50000 100000)\n"
		"  -t SECONDS  time limit of the load and of the query phase of one\n"
		"              measurement (default 120)\n"
		"  -m CAP      largest size run with the quadratic `memory` storage\n"
		"              (default 20000)\n"
		"  -b LIST     backends, comma-separated (default all):\n"
		"              pk-lmdb hashes/bdb hashes/memory sqlite sqlite/sync-off\n"
		"              memory (pk-lmdb only when built with the library)\n"
		"  -d WORKDIR  where the temporary directory goes (default $TMPDIR or\n"
		"              /tmp; it should be a real disk, not tmpfs)\n"
		"  -k          keep the temporary directory\n");
}

static int backend_selected(const char *list, const char *label)
{
	size_t len = strlen(label);
	const char *p = list;

	if (!list)
		return 1;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == len && strncmp(p, label, len) == 0)
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	long sizes[MAX_SIZES];
	size_t nsizes = 0, i, j;
	unsigned limit = 120;
	long cap = 20000;
	const char *list = NULL, *base = NULL;
	int keep = 0, rc = 1, opt;
	int skip[NBACKENDS] = { 0 };
	char work[4096] = "", nt[4096], dir[4096];
	struct stat sb;

	while ((opt = getopt(argc, argv, "t:m:b:d:kh")) != -1) {
		switch (opt) {
		case 't':
			limit = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'm':
			cap = strtol(optarg, NULL, 10);
			break;
		case 'b':
			list = optarg;
			break;
		case 'd':
			base = optarg;
			break;
		case 'k':
			keep = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	for (; optind < argc; optind++) {
		char *end;
		long v = strtol(argv[optind], &end, 10);
		if (*end || v <= 0 || nsizes == MAX_SIZES) {
			usage(stderr);
			return 2;
		}
		sizes[nsizes++] = v;
	}
	if (nsizes == 0) {
		sizes[0] = 10000;
		sizes[1] = 50000;
		sizes[2] = 100000;
		nsizes = 3;
	}
	/* ascending, so that a timeout can skip the larger sizes */
	for (i = 1; i < nsizes; i++)
		for (j = i; j > 0 && sizes[j - 1] > sizes[j]; j--) {
			long t = sizes[j];
			sizes[j] = sizes[j - 1];
			sizes[j - 1] = t;
		}
	if (limit == 0)
		limit = 120;
	for (i = 0; i < NBACKENDS; i++)
		if (backend_selected(list, backends[i].label))
			break;
	if (i == NBACKENDS) {
		fprintf(stderr, "store_backends: no known backend in '%s'\n", list);
		usage(stderr);
		return 2;
	}

	if (!base)
		base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	if (snprintf(work, sizeof work, "%s/store_backends.XXXXXX", base)
		>= (int)sizeof work || !mkdtemp(work)) {
		fprintf(stderr, "store_backends: cannot create a directory in %s: %s\n",
			base, strerror(errno));
		work[0] = '\0';
		goto out;
	}
	fprintf(stderr, "work directory %s\n", work);

	printf("Redland %s, Raptor %s, Rasqal %s; time limit %u s per phase; "
		"`memory` storage capped at %ld triples (quadratic load).\n\n",
		librdf_version_string, raptor_version_string, rasqal_version_string,
		limit, cap);
	printf("Queries (median of %d runs, each on a freshly reopened store for "
		"the persistent backends):\n\n", RUNS);
	for (i = 0; i < NQUERIES; i++)
		printf("- q%zu: `%s`\n", i + 1, queries[i]);
	printf("\n| backend | triples | load s | triples/s | disk MB | RSS MB | "
		"reopen ms | q1 ms | q2 ms | q3 ms |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");

	for (i = 0; i < nsizes; i++) {
		long n = sizes[i];
		double t0 = now_s();
		result res;

		if (snprintf(nt, sizeof nt, "%s/graph-%ld.nt", work, n) >= (int)sizeof nt)
			goto out;
		fprintf(stderr, "writing %ld triples to %s\n", n, nt);
		if (write_graph(nt, n) < 0)
			goto out;
		if (stat(nt, &sb) == 0)
			fprintf(stderr, "  %.1f MB of N-Triples in %.2f s\n",
				(double)sb.st_size / 1048576.0, now_s() - t0);

		for (j = 0; j < NBACKENDS; j++) {
			const backend *b = &backends[j];
			char *p;

			if (!backend_selected(list, b->label))
				continue;
			if (b->capped && n > cap) {
				printf("| %s | %ld | skipped: quadratic load, capped at %ld "
					"triples | | | | | | | |\n", b->label, n, cap);
				continue;
			}
			if (skip[j]) {
				printf("| %s | %ld | skipped: timed out at a smaller size "
					"| | | | | | | |\n", b->label, n);
				continue;
			}
			if (snprintf(dir, sizeof dir, "%s/%s-%ld", work, b->label, n)
				>= (int)sizeof dir)
				goto out;
			for (p = dir + strlen(work) + 1; *p; p++)
				if (*p == '/')
					*p = '_';
			fprintf(stderr, "%s, %ld triples ...\n", b->label, n);
			t0 = now_s();
			if (measure(b, n, nt, dir, limit, &res) < 0)
				goto out;
			fprintf(stderr, "  done in %.1f s%s%s%s%s\n", now_s() - t0,
				res.timeout ? " (timeout)" : "",
				res.error[0] ? "; error: " : "", res.error,
				res.warn[0] ? "; WARNING" : "");
			if (res.warn[0])
				fprintf(stderr, "  %s: %s\n", b->label, res.warn);
			if (res.have_load)
				fprintf(stderr, "  rows: q1 %ld, q2 %ld, COUNT(*) %ld\n",
					res.rows[0], res.rows[1], res.rows[2]);
			print_row(b, n, &res, limit);
			fflush(stdout);
			if (res.timeout && !res.have_load)
				skip[j] = 1;
			if (res.unavailable)
				skip[j] = 1;
			if (!keep)
				remove_tree(dir);
		}
		if (!keep)
			unlink(nt);
	}
	rc = 0;
out:
	if (work[0] && !keep)
		remove_tree(work);
	else if (work[0])
		fprintf(stderr, "kept %s\n", work);
	return rc;
}
