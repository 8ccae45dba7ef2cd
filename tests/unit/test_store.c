/*
 * test_store.c - the persistent store (store.c): load is all or nothing
 * and idempotent, queries see the predeclared prefixes, readers never
 * touch the files, and paths that are not stores are refused untouched.
 * Every test works in its own mkdtemp directory under /tmp.
 */
#include "check.h"
#include "store/store_int.h"
#include "base/util.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char test_store__ttl[] =
	"@prefix pkg: <https://w3id.org/policykg/ontology#> .\n"
	"@prefix pkgid: <https://w3id.org/policykg/id/> .\n"
	"pkgid:msit a pkg:Ministry ;\n"
	"    pkg:name \"과학기술정보통신부\"@ko ;\n"
	"    pkg:abbr \"과기정통부\" .\n"
	"pkgid:apec a pkg:Organization ;\n"
	"    pkg:name \"APEC\" .\n"
	"pkgid:n1 pkg:date \"2024-05-01\"^^<http://www.w3.org/2001/XMLSchema#date> .\n";
#define TEST_STORE_TRIPLES 6

static const char test_store__broken[] =
	"@prefix pkg: <https://w3id.org/policykg/ontology#> .\n"
	"<http://x/extra> pkg:name \"ok\" .\n"
	"<http://x/bad> pkg:name \"unterminated .\n";

/* Collected diagnostics, one per line. */
static pk_buf test_store__msgs;

static void test_store__diag_fn(void *ud, pk_severity sev, const char *msg)
{
	PK_UNUSED(ud);
	pk_buf_printf(&test_store__msgs, "%d %s\n", (int)sev, msg);
}

static const pk_diag test_store__diag = { test_store__diag_fn, NULL, NULL };

static char *test_store__path(const char *dir, const char *name)
{
	pk_buf b = PK_BUF_INIT;

	pk_buf_printf(&b, "%s/%s", dir, name);
	return pk_buf_detach(&b);
}

static void test_store__write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

/* A listing of dir, sorted: "name size hash\n" per file, "name/\n" per
 * directory; with_data 0 lists the names only. */
static char *test_store__list(const char *dir, int with_data)
{
	struct dirent **list = NULL;
	pk_buf b = PK_BUF_INIT;
	struct stat sb;
	char *p, *data;
	size_t len;
	int i, n;

	n = scandir(dir, &list, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, "..")) {
			p = test_store__path(dir, list[i]->d_name);
			if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
				pk_buf_printf(&b, "%s/\n", list[i]->d_name);
			} else if (!with_data) {
				pk_buf_printf(&b, "%s\n", list[i]->d_name);
			} else if (pk_file_read(&data, &len, p, NULL) == 0) {
				pk_buf_printf(&b, "%s %zu %llx\n", list[i]->d_name, len,
					(unsigned long long)pk_hash64(data, len));
				free(data);
			} else {
				pk_buf_printf(&b, "%s ?\n", list[i]->d_name);
			}
			free(p);
		}
		free(list[i]);
	}
	free(list);
	return pk_buf_detach(&b);
}

static char *test_store__snapshot(const char *dir)
{
	return test_store__list(dir, 1);
}

static char *test_store__names(const char *dir)
{
	return test_store__list(dir, 0);
}

static void test_store__remove_tree(const char *dir)
{
	struct dirent **list = NULL;
	struct stat sb;
	char *p;
	int i, n;

	n = scandir(dir, &list, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, "..")) {
			p = test_store__path(dir, list[i]->d_name);
			if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
				test_store__remove_tree(p);
			else
				unlink(p);
			free(p);
		}
		free(list[i]);
	}
	free(list);
	rmdir(dir);
}

static char *test_store__tmpdir(void)
{
	char tmpl[] = "/tmp/pk-test-store-XXXXXX";

	CHECK(mkdtemp(tmpl) != NULL);
	pk_buf_clear(&test_store__msgs);
	return pk_strdup(tmpl);
}

/* The single value of a one-row, one-column SELECT. */
static char *test_store__select1(pk_store *st, const char *q, pk_term_kind *kind)
{
	pk_table *t = NULL;
	char *v = NULL;

	CHECK_INT(0, pk_store_query(&t, st, q));
	if (!t)
		return NULL;
	CHECK_INT(1, t->nrows);
	CHECK_INT(1, t->ncols);
	if (t->nrows == 1 && t->ncols == 1) {
		v = pk_strdup(t->cells[0].value);
		if (kind)
			*kind = t->cells[0].kind;
	}
	pk_table_free(t);
	return v;
}

static long test_store__size(const char *db)
{
	pk_store *st = NULL;
	long n;

	if (pk_store_open(&st, db, PK_STORE_READONLY, &test_store__diag) < 0)
		return -2;
	n = pk_store_size(st);
	pk_store_free(st);
	return n;
}

static void test_store__load_query_reload(void)
{
	char *tmp = test_store__tmpdir();
	char *db = test_store__path(tmp, "graph.db");
	char *ttl = test_store__path(tmp, "a.ttl");
	const char *files[1];
	pk_store *st = NULL;
	pk_table *t = NULL;
	char *v, *before, *after;
	pk_term_kind kind = PK_TERM_UNBOUND;

	test_store__write(ttl, test_store__ttl);
	files[0] = ttl;
	CHECK_INT(0, pk_store_load_files(db, files, 1, NULL, &test_store__diag));
	CHECK_INT(TEST_STORE_TRIPLES, test_store__size(db));

	before = test_store__snapshot(db);
	CHECK(strstr(before, "POLICYKG_STORE ") != NULL);
	CHECK_INT(0, pk_store_open(&st, db, PK_STORE_READONLY, &test_store__diag));
	if (st) {
		v = test_store__select1(st,
			"SELECT ?n WHERE { pkgid:msit pkg:name ?n }", &kind);
		CHECK_STR("과학기술정보통신부", v);
		CHECK_INT(PK_TERM_LITERAL, kind);
		free(v);
		/* a query that declares a prefix itself */
		v = test_store__select1(st,
			"prefix  pkg: <https://w3id.org/policykg/ontology#>\n"
			"SELECT ?o WHERE { ?o pkg:name \"APEC\" }", &kind);
		CHECK_STR("https://w3id.org/policykg/id/apec", v);
		CHECK_INT(PK_TERM_IRI, kind);
		free(v);

		CHECK_INT(0, pk_store_query(&t, st,
			"SELECT ?s ?n ?a WHERE { ?s pkg:name ?n . "
			"OPTIONAL { ?s pkg:abbr ?a } } ORDER BY ?n"));
		if (t) {
			CHECK_INT(3, t->ncols);
			CHECK_INT(2, t->nrows);
			CHECK_STR("s", t->names[0]);
			CHECK_STR("a", t->names[2]);
			if (t->nrows == 2) {
				CHECK_STR("APEC", t->cells[1].value);
				CHECK(t->cells[1].lang == NULL);
				CHECK_INT(PK_TERM_UNBOUND, t->cells[2].kind);
				CHECK_STR("과학기술정보통신부", t->cells[4].value);
				CHECK_STR("ko", t->cells[4].lang);
				CHECK_STR("과기정통부", t->cells[5].value);
			}
			pk_table_free(t);
			t = NULL;
		}
		CHECK_INT(0, pk_store_query(&t, st,
			"SELECT ?d WHERE { ?x pkg:date ?d }"));
		if (t && t->nrows == 1) {
			CHECK_STR("2024-05-01", t->cells[0].value);
			CHECK_STR("http://www.w3.org/2001/XMLSchema#date",
				t->cells[0].datatype);
		}
		pk_table_free(t);
		t = NULL;
		pk_store_free(st);
		st = NULL;
	}
	after = test_store__snapshot(db);
	CHECK_STR(before, after); /* readers never write */
	free(before);
	free(after);

	/* loading the same file again adds nothing */
	CHECK_INT(0, pk_store_load_files(db, files, 1, "turtle", &test_store__diag));
	CHECK_INT(TEST_STORE_TRIPLES, test_store__size(db));

	/* nothing left behind next to the store */
	before = test_store__names(tmp);
	CHECK_STR("a.ttl\ngraph.db/\n", before);
	free(before);

	test_store__remove_tree(tmp);
	free(ttl);
	free(db);
	free(tmp);
}

static void test_store__broken_file_leaves_store_unchanged(void)
{
	char *tmp = test_store__tmpdir();
	char *db = test_store__path(tmp, "graph.db");
	char *ttl = test_store__path(tmp, "a.ttl");
	char *bad = test_store__path(tmp, "bad.ttl");
	const char *files[2];
	char *before, *after, *v;
	pk_store *st = NULL;

	test_store__write(ttl, test_store__ttl);
	test_store__write(bad, test_store__broken);
	files[0] = ttl;
	CHECK_INT(0, pk_store_load_files(db, files, 1, NULL, &test_store__diag));
	before = test_store__snapshot(db);

	pk_buf_clear(&test_store__msgs);
	files[0] = ttl;
	files[1] = bad;
	CHECK_INT(PK_EINPUT, pk_store_load_files(db, files, 2, NULL,
		&test_store__diag));
	CHECK(test_store__msgs.ptr && strstr(test_store__msgs.ptr, "bad.ttl:3: "));
	after = test_store__snapshot(db);
	CHECK_STR(before, after);
	CHECK_INT(TEST_STORE_TRIPLES, test_store__size(db));
	CHECK_INT(0, pk_store_open(&st, db, PK_STORE_READONLY, &test_store__diag));
	if (st) {
		v = test_store__select1(st,
			"SELECT (COUNT(*) AS ?n) WHERE { ?s pkg:name ?o }", NULL);
		CHECK_STR("2", v);
		free(v);
		pk_store_free(st);
	}
	free(before);
	free(after);
	/* no temporary directory left */
	before = test_store__names(tmp);
	CHECK_STR("a.ttl\nbad.ttl\ngraph.db/\n", before);
	free(before);

	/* a broken file into a new store creates nothing */
	free(db);
	db = test_store__path(tmp, "new.db");
	files[0] = bad;
	CHECK_INT(PK_EINPUT, pk_store_load_files(db, files, 1, NULL,
		&test_store__diag));
	CHECK(access(db, F_OK) != 0);

	test_store__remove_tree(tmp);
	free(bad);
	free(ttl);
	free(db);
	free(tmp);
}

static void test_store__refuses_what_is_not_a_store(void)
{
	char *tmp = test_store__tmpdir();
	char *other = test_store__path(tmp, "photos");
	char *file = test_store__path(tmp, "notes.txt");
	char *x = test_store__path(other, "x.txt");
	char *ttl = test_store__path(tmp, "a.ttl");
	char *before, *after;
	const char *files[1];
	pk_store *st = NULL;

	CHECK_INT(0, mkdir(other, 0777));
	test_store__write(x, "keep me\n");
	test_store__write(file, "not a store\n");
	test_store__write(ttl, test_store__ttl);
	files[0] = ttl;
	before = test_store__snapshot(other);

	CHECK_INT(PK_ESTORE, pk_store_open(&st, other, PK_STORE_READONLY,
		&test_store__diag));
	CHECK(st == NULL);
	CHECK_INT(PK_ESTORE, pk_store_open(&st, other, PK_STORE_CREATE,
		&test_store__diag));
	CHECK_INT(PK_ESTORE, pk_store_load_files(other, files, 1, NULL,
		&test_store__diag));
	CHECK_INT(PK_ESTORE, pk_store_load_files(file, files, 1, NULL,
		&test_store__diag));
	CHECK(strstr(test_store__msgs.ptr, "photos: not a policykg store") != NULL);
	after = test_store__snapshot(other);
	CHECK_STR(before, after);
	free(after);
	after = test_store__names(tmp); /* nothing else was created */
	CHECK_STR("a.ttl\nnotes.txt\nphotos/\n", after);
	free(after);
	free(before);

	test_store__remove_tree(tmp);
	free(ttl);
	free(x);
	free(file);
	free(other);
	free(tmp);
}

static void test_store__missing_and_foreign_format(void)
{
	char *tmp = test_store__tmpdir();
	char *db = test_store__path(tmp, "graph.db");
	char *marker = test_store__path(db, "POLICYKG_STORE");
	pk_store *st = NULL;

	CHECK_INT(PK_ESTORE, pk_store_open(&st, db, PK_STORE_READONLY,
		&test_store__diag));
	CHECK(strstr(test_store__msgs.ptr,
		"graph.db: no such store (run 'policykg load' first)") != NULL);
	CHECK(access(db, F_OK) != 0);

	CHECK_INT(0, mkdir(db, 0777));
	test_store__write(marker, "policykg-store 99\n");
	pk_buf_clear(&test_store__msgs);
	CHECK_INT(PK_ESTORE, pk_store_open(&st, db, PK_STORE_READONLY,
		&test_store__diag));
	CHECK(strstr(test_store__msgs.ptr, "store format 99 is not supported"));

	/* a store of the first format (one BDB hashes store): refused, with
	 * what to do, and never written, also when opened for writing */
	test_store__write(marker, "policykg-store 1\n");
	{
		char *sp2o = test_store__path(db, "policykg-sp2o.db");
		char *ttl = test_store__path(tmp, "a.ttl");
		char *before, *after;
		const char *files[1];

		test_store__write(sp2o, "old data");
		test_store__write(ttl, test_store__ttl);
		files[0] = ttl;
		before = test_store__snapshot(db);
		pk_buf_clear(&test_store__msgs);
		CHECK_INT(PK_ESTORE, pk_store_open(&st, db, PK_STORE_CREATE,
			&test_store__diag));
		CHECK_INT(PK_ESTORE, pk_store_load_files(db, files, 1, NULL,
			&test_store__diag));
		CHECK(strstr(test_store__msgs.ptr, "store format 1 is not supported") != NULL);
		CHECK(strstr(test_store__msgs.ptr, "older policykg") != NULL);
		after = test_store__snapshot(db);
		CHECK_STR(before, after);
		free(before);
		free(after);
		free(sp2o);
		free(ttl);
	}

	test_store__remove_tree(tmp);
	free(marker);
	free(db);
	free(tmp);
}

static void test_store__create_ask_construct_and_errors(void)
{
	char *tmp = test_store__tmpdir();
	char *db = test_store__path(tmp, "graph.db/");
	char *ttl = test_store__path(tmp, "a.ttl");
	const char *files[1];
	pk_store *st = NULL;
	pk_table *t = NULL;

	CHECK_INT(0, pk_store_open(&st, db, PK_STORE_CREATE, &test_store__diag));
	CHECK_INT(0, pk_store_size(st));
	pk_store_free(st);
	st = NULL;
	pk_store_free(NULL);
	CHECK_INT(0, test_store__size(db));

	test_store__write(ttl, test_store__ttl);
	files[0] = ttl;
	CHECK_INT(0, pk_store_load_files(db, files, 1, NULL, &test_store__diag));
	CHECK_INT(0, pk_store_open(&st, db, PK_STORE_READONLY, &test_store__diag));
	if (!st)
		goto out;

	CHECK_INT(0, pk_store_query(&t, st, "ASK { pkgid:msit a pkg:Ministry }"));
	if (t) {
		CHECK_INT(1, t->is_boolean);
		CHECK_INT(1, t->boolean);
	}
	pk_table_free(t);
	t = NULL;
	CHECK_INT(0, pk_store_query(&t, st, "ASK { pkgid:apec a pkg:Ministry }"));
	if (t) {
		CHECK_INT(1, t->is_boolean);
		CHECK_INT(0, t->boolean);
	}
	pk_table_free(t);
	t = NULL;

	CHECK_INT(0, pk_store_query(&t, st,
		"CONSTRUCT { ?s rdfs:label ?n } WHERE { ?s pkg:name ?n }"));
	if (t) {
		CHECK_INT(0, t->is_boolean);
		CHECK_INT(3, t->ncols);
		CHECK_INT(2, t->nrows);
		CHECK_STR("predicate", t->names[1]);
		if (t->nrows > 0)
			CHECK_STR("http://www.w3.org/2000/01/rdf-schema#label",
				t->cells[1].value);
	}
	pk_table_free(t);
	t = NULL;

	/* no rows: the columns are still known */
	CHECK_INT(0, pk_store_query(&t, st,
		"SELECT ?s ?o WHERE { ?s pkg:nothing ?o }"));
	if (t) {
		CHECK_INT(0, t->nrows);
		CHECK_INT(2, t->ncols);
		if (t->ncols == 2)
			CHECK_STR("o", t->names[1]);
	}
	pk_table_free(t);
	t = NULL;

	/* no style warnings, no warnings about Rasqal's own variables */
	pk_buf_clear(&test_store__msgs);
	CHECK_INT(0, pk_store_query(&t, st,
		"SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s"));
	CHECK(test_store__msgs.len == 0);
	if (t)
		CHECK_INT(3, t->nrows);
	pk_table_free(t);
	t = NULL;

	/* Rasqal 0.9.33 does not implement DESCRIBE: say so */
	pk_buf_clear(&test_store__msgs);
	CHECK_INT(PK_EQUERY, pk_store_query(&t, st, "DESCRIBE pkgid:msit"));
	CHECK(test_store__msgs.ptr && strstr(test_store__msgs.ptr, "DESCRIBE"));

	pk_buf_clear(&test_store__msgs);
	CHECK_INT(PK_EQUERY, pk_store_query(&t, st, "SELECT ?s WHERE { ?s "));
	CHECK(t == NULL);
	CHECK(test_store__msgs.ptr && strstr(test_store__msgs.ptr, "query:1: "));
	pk_buf_clear(&test_store__msgs);
	CHECK_INT(PK_EQUERY, pk_store_query(&t, st,
		"SELECT ?s WHERE { ?s zz:p ?o }"));
	CHECK(test_store__msgs.ptr && strstr(test_store__msgs.ptr, "zz:p"));
	pk_store_free(st);
out:
	test_store__remove_tree(tmp);
	free(ttl);
	free(db);
	free(tmp);
}

/* ---- documents ------------------------------------------------------------- */

#define TEST_NS "http://example.org/"
#define TEST_DOC_A "https://w3id.org/policykg/id/document/a"
#define TEST_DOC_B "https://w3id.org/policykg/id/document/b"

/* Two documents that share the triple ex:org ex:label "shared". */
static const char test_store__ab[] =
	"<" TEST_NS "org> <" TEST_NS "label> \"shared\" <" TEST_DOC_A "> .\n"
	"<" TEST_NS "a1> <" TEST_NS "p> \"only a\" <" TEST_DOC_A "> .\n"
	"<" TEST_NS "org> <" TEST_NS "label> \"shared\" <" TEST_DOC_B "> .\n"
	"<" TEST_NS "b1> <" TEST_NS "p> \"only b\"@ko <" TEST_DOC_B "> .\n";
/* Document a again: a1 and the shared triple gone, a2 new. */
static const char test_store__a2[] =
	"<" TEST_NS "a2> <" TEST_NS "p> \"new in a\\n\\\"quoted\\\"\" <" TEST_DOC_A "> .\n";

static int test_store__ask(pk_store *st, const char *q)
{
	pk_table *t = NULL;
	int b = -1;

	if (pk_store_query(&t, st, q) == 0 && t && t->is_boolean)
		b = t->boolean;
	pk_table_free(t);
	return b;
}

/* Open db read-only, ask q, close. */
static int test_store__ask_db(const char *db, const char *q)
{
	pk_store *st = NULL;
	int b;

	if (pk_store_open(&st, db, PK_STORE_READONLY, &test_store__diag) < 0)
		return -2;
	b = test_store__ask(st, q);
	pk_store_free(st);
	return b;
}

/* Apply one file (or a forget) to db, holding at most memory bytes of
 * text (0: no limit); the changes counted. */
static int test_store__change_with(const char *db, const char *file,
	const char *forget, pk_store_changes *changes, size_t memory)
{
	pk_store_batch *b = NULL;
	pk_store *st = NULL;
	int rc;

	if ((rc = pk_store_batch_new(&b, &test_store__diag)) == 0) {
		pk_store_batch_set_memory(b, memory);
		rc = file ? pk_store_batch_add_file(b, file, NULL) :
			pk_store_batch_forget(b, forget);
		if (rc == 0)
			rc = pk_store_open(&st, db, PK_STORE_CREATE, &test_store__diag);
		if (rc == 0)
			rc = pk_store_apply(st, b, changes);
	}
	pk_store_free(st);
	pk_store_batch_free(b);
	return rc;
}

static int test_store__change(const char *db, const char *file,
	const char *forget, pk_store_changes *changes)
{
	return test_store__change_with(db, file, forget, changes,
		PK_STORE_BATCH_MEMORY);
}

static void test_store__documents_replaced_shared_kept(void)
{
	char *tmp = test_store__tmpdir();
	char *db = test_store__path(tmp, "graph.db");
	char *ab = test_store__path(tmp, "ab.nq");
	char *a2 = test_store__path(tmp, "a2.nq");
	pk_store_changes ch;
	pk_store_info info;
	pk_store *st = NULL;
	char *before, *after, *docs;

	test_store__write(ab, test_store__ab);
	test_store__write(a2, test_store__a2);
	CHECK_INT(0, test_store__change(db, ab, NULL, &ch));
	CHECK_INT(2, ch.added);
	CHECK_INT(3, test_store__size(db)); /* the shared triple once */
	CHECK_INT(1, test_store__ask_db(db,
		"ASK { GRAPH <" TEST_DOC_A "> { <" TEST_NS "org> ?p \"shared\" } "
		"GRAPH <" TEST_DOC_B "> { <" TEST_NS "org> ?p \"shared\" } }"));
	CHECK_INT(0, pk_store_open(&st, db, PK_STORE_READONLY, &test_store__diag));
	if (st) {
		CHECK_INT(0, pk_store_info_get(&info, st));
		CHECK_INT(2, info.documents);
		CHECK_INT(3, info.triples);
		CHECK_INT(4, info.statements);
		CHECK_INT(1, info.generation);
		CHECK_STR("directory", info.backend);
		pk_store_free(st);
		st = NULL;
	}

	/* the same input again: nothing changes, not even a file */
	docs = test_store__path(db, "docs");
	before = test_store__snapshot(docs);
	CHECK_INT(0, test_store__change(db, ab, NULL, &ch));
	CHECK_INT(2, ch.unchanged);
	CHECK_INT(0, ch.added + ch.replaced);
	after = test_store__snapshot(docs);
	CHECK_STR(before, after);
	free(before);
	free(after);
	CHECK_STR("a.nq\nb.nq\n", (before = test_store__names(docs)));
	free(before);

	/* document a replaced: what only it stated goes, the shared stays */
	CHECK_INT(0, test_store__change(db, a2, NULL, &ch));
	CHECK_INT(1, ch.replaced);
	CHECK_INT(0, test_store__ask_db(db, "ASK { <" TEST_NS "a1> ?p ?o }"));
	CHECK_INT(1, test_store__ask_db(db,
		"ASK { <" TEST_NS "a2> ?p \"new in a\\n\\\"quoted\\\"\" }"));
	CHECK_INT(1, test_store__ask_db(db, "ASK { <" TEST_NS "org> ?p \"shared\" }"));
	CHECK_INT(0, test_store__ask_db(db,
		"ASK { GRAPH <" TEST_DOC_A "> { <" TEST_NS "org> ?p ?o } }"));
	CHECK_INT(3, test_store__size(db));

	/* b forgotten: now nobody states the shared triple */
	CHECK_INT(0, test_store__change(db, NULL, "b", &ch));
	CHECK_INT(1, ch.removed);
	CHECK_INT(0, test_store__ask_db(db, "ASK { <" TEST_NS "org> ?p ?o }"));
	CHECK_INT(1, test_store__size(db));
	CHECK_INT(0, test_store__change(db, NULL, "b", &ch));
	CHECK_INT(1, ch.missing);

	test_store__remove_tree(tmp);
	free(docs);
	free(ab);
	free(a2);
	free(db);
	free(tmp);
}

/* Interleaved documents, blank nodes, a duplicate, lines out of order. */
static const char test_store__mixed[] =
	"<" TEST_NS "z> <" TEST_NS "p> \"last\" <" TEST_DOC_A "> .\n"
	"_:x <" TEST_NS "p> _:y <" TEST_DOC_B "> .\n"
	"<" TEST_NS "org> <" TEST_NS "label> \"shared\" <" TEST_DOC_A "> .\n"
	"_:y <" TEST_NS "q> \"b's y\"@ko <" TEST_DOC_B "> .\n"
	"_:x <" TEST_NS "p> \"a's x\" <" TEST_DOC_A "> .\n"
	"<" TEST_NS "z> <" TEST_NS "p> \"last\" <" TEST_DOC_A "> .\n"
	"<" TEST_NS "org> <" TEST_NS "label> \"shared\" <" TEST_DOC_B "> .\n";

/* Load file (forget document) into db, holding at most memory bytes. */
static int test_store__change_held(const char *db, const char *file,
	const char *forget, size_t memory)
{
	return test_store__change_with(db, file, forget, NULL, memory);
}

/* A batch over its memory waits in a file: the same documents, and
 * nothing left in $TMPDIR after. */
static void test_store__batch_spills_the_same(void)
{
	char *tmp = test_store__tmpdir();
	char *spill = test_store__path(tmp, "spill");
	char *one = test_store__path(tmp, "one.db");
	char *two = test_store__path(tmp, "two.db");
	char *mixed = test_store__path(tmp, "mixed.nq");
	char *a2 = test_store__path(tmp, "a2.nq");
	char *docs1 = test_store__path(one, "docs");
	char *docs2 = test_store__path(two, "docs");
	char *old_tmp = getenv("TMPDIR") ? pk_strdup(getenv("TMPDIR")) : NULL;
	char *x = NULL, *y = NULL;

	CHECK_INT(0, mkdir(spill, 0700));
	setenv("TMPDIR", spill, 1);
	test_store__write(mixed, test_store__mixed);
	test_store__write(a2, test_store__a2);
	CHECK_INT(0, test_store__change_held(one, mixed, NULL, 0));
	/* the spill file is used: where it cannot be made, the load fails
	 * before the store is touched */
	setenv("TMPDIR", "/nonexistent-policykg-spill", 1);
	CHECK_INT(PK_EIO, test_store__change_held(two, mixed, NULL, 1));
	CHECK_INT(0, access(two, F_OK) == 0);
	setenv("TMPDIR", spill, 1);
	/* a byte: every statement's line goes to the spill file at once */
	CHECK_INT(0, test_store__change_held(two, mixed, NULL, 1));
	CHECK_STR((x = test_store__snapshot(docs1)), (y = test_store__snapshot(docs2)));
	free(x);
	free(y);
	CHECK_INT(5, test_store__size(two));
	CHECK_INT(1, test_store__ask_db(two,
		"ASK { GRAPH <" TEST_DOC_B "> { ?x <" TEST_NS "p> ?y . "
		"?y <" TEST_NS "q> \"b's y\"@ko } }"));
	/* replaced and forgotten through staged changes */
	CHECK_INT(0, test_store__change_held(one, a2, NULL, 0));
	CHECK_INT(0, test_store__change_held(two, a2, NULL, 1));
	CHECK_STR((x = test_store__snapshot(docs1)), (y = test_store__snapshot(docs2)));
	free(x);
	free(y);
	CHECK_INT(0, test_store__ask_db(two, "ASK { <" TEST_NS "z> ?p ?o }"));
	CHECK_INT(1, test_store__ask_db(two, "ASK { <" TEST_NS "org> ?p \"shared\" }"));
	CHECK_INT(0, test_store__change_held(two, NULL, "b", 1));
	CHECK_INT(0, test_store__ask_db(two, "ASK { <" TEST_NS "org> ?p ?o }"));
	CHECK_INT(1, test_store__size(two));
	CHECK_STR("", (x = test_store__names(spill)));
	free(x);
	x = test_store__path(two, "pending");
	CHECK_INT(0, access(x, F_OK) == 0);
	free(x);

	if (old_tmp)
		setenv("TMPDIR", old_tmp, 1);
	else
		unsetenv("TMPDIR");
	free(old_tmp);
	test_store__remove_tree(tmp);
	free(docs1);
	free(docs2);
	free(mixed);
	free(a2);
	free(one);
	free(two);
	free(spill);
	free(tmp);
}

static void test_store__busy_when_locked(void)
{
	char *tmp = test_store__tmpdir();
	char *db = test_store__path(tmp, "graph.db");
	pk_store_options opts = PK_STORE_OPTIONS_INIT;
	pk_store *w = NULL, *r1 = NULL, *r2 = NULL, *x = NULL;

	CHECK_INT(0, pk_store_open(&w, db, PK_STORE_CREATE, &test_store__diag));
	opts.wait = 0;
	opts.flags = PK_STORE_READONLY;
	pk_buf_clear(&test_store__msgs);
	CHECK_INT(PK_EBUSY, pk_store_open_with(&x, db, &opts, &test_store__diag));
	CHECK(x == NULL);
	CHECK(test_store__msgs.ptr && strstr(test_store__msgs.ptr, "store is busy"));
	opts.flags = 0;
	CHECK_INT(PK_EBUSY, pk_store_open_with(&x, db, &opts, &test_store__diag));
	pk_store_free(w);

	/* readers share the store; a writer waits for them */
	opts.flags = PK_STORE_READONLY;
	CHECK_INT(0, pk_store_open_with(&r1, db, &opts, &test_store__diag));
	CHECK_INT(0, pk_store_open_with(&r2, db, &opts, &test_store__diag));
	opts.flags = 0;
	opts.wait = 0.1;
	CHECK_INT(PK_EBUSY, pk_store_open_with(&x, db, &opts, &test_store__diag));
	pk_store_free(r1);
	pk_store_free(r2);
	CHECK_INT(0, pk_store_open_with(&x, db, &opts, &test_store__diag));
	pk_store_free(x);

	test_store__remove_tree(tmp);
	free(db);
	free(tmp);
}

/* A writer waiting for the lock says so, and a reader that holds the
 * store open (`serve` between queries) sees it and can let it in; with
 * nobody waiting, nobody asks; a writer that found another asking asks
 * on once that one is gone; a store removed and made again at its path
 * is let go too.  The writer is a child process, forked
 * before the reader opens the store (an inherited descriptor would hold
 * the reader's lock in the child too) and told by a pipe when to try. */
static void test_store__writer_asks_reader(void)
{
	char *tmp = test_store__tmpdir();
	char *db = test_store__path(tmp, "graph.db");
	pk_store_options opts = PK_STORE_OPTIONS_INIT;
	pk_store *r = NULL, *w2 = NULL;
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int i, asked = 0, status = 0, go[2] = { -1, -1 }, other;
	char c = 'x';
	pid_t pid;

	CHECK_INT(0, pk_store_open(&r, db, PK_STORE_CREATE, &test_store__diag));
	pk_store_free(r);
	r = NULL;
	CHECK_INT(0, pipe(go));
	fflush(NULL);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		pk_store *w = NULL;

		close(go[1]);
		opts.flags = 0;
		opts.wait = 10;
		_exit(read(go[0], &c, 1) == 1 &&
			pk_store_open_with(&w, db, &opts, &test_store__diag) == 0 ? 0 : 1);
	}
	close(go[0]);
	opts.wait = 0;
	CHECK_INT(0, pk_store_open_with(&r, db, &opts, &test_store__diag));
	CHECK_INT(0, pk_store_writer_waiting(r));
	/* another writer asks first, then goes: this one must ask on */
	other = open(db, O_RDONLY | O_DIRECTORY);
	CHECK(other >= 0 && flock(other, LOCK_EX | LOCK_NB) == 0);
	CHECK_INT(1, write(go[1], &c, 1));
	close(go[1]);
	for (i = 0; i < 6; i++)   /* the writer tries meanwhile */
		nanosleep(&tick, NULL);
	if (other >= 0)
		close(other);
	for (i = 0; pid > 0 && i < 300 && !asked; i++) {
		asked = pk_store_writer_waiting(r) == 1;
		if (!asked)
			nanosleep(&tick, NULL);
	}
	CHECK_INT(1, asked);
	pk_store_free(r);
	r = NULL;
	if (pid > 0) {
		CHECK(waitpid(pid, &status, 0) == pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	CHECK_INT(0, pk_store_open_with(&r, db, &opts, &test_store__diag));
	CHECK_INT(0, pk_store_writer_waiting(r));
	/* the store removed and made again under the reader: let it go */
	test_store__remove_tree(db);
	CHECK_INT(0, pk_store_open(&w2, db, PK_STORE_CREATE, &test_store__diag));
	pk_store_free(w2);
	CHECK_INT(1, pk_store_writer_waiting(r));
	pk_store_free(r);
	test_store__remove_tree(tmp);
	free(db);
	free(tmp);
}

/* The states a killed change leaves, made by hand: each is repaired when
 * the store is next opened, even read-only. */
static void test_store__repairs_interrupted_changes(void)
{
	char *tmp = test_store__tmpdir();
	char *db = test_store__path(tmp, "graph.db");
	char *ab = test_store__path(tmp, "ab.nq");
	char *pending = test_store__path(db, "pending");
	char *p_b = test_store__path(pending, "b.nq");
	char *commit = test_store__path(pending, "COMMIT");
	char *state = test_store__path(db, "state");
	char *doc_b = test_store__path(db, "docs/b.nq");
	char *index = test_store__path(db, "index");
	char *text = NULL;
	size_t len;

	test_store__write(ab, test_store__ab);
	CHECK_INT(0, test_store__change(db, ab, NULL, NULL));
	CHECK_INT(0, pk_file_read(&text, &len, doc_b, NULL));

	/* pending files without a commit record: thrown away */
	CHECK_INT(0, mkdir(pending, 0777));
	test_store__write(p_b, "# policykg document <" TEST_DOC_B ">\n");
	pk_buf_clear(&test_store__msgs);
	CHECK_INT(1, test_store__ask_db(db, "ASK { <" TEST_NS "b1> ?p ?o }"));
	CHECK(test_store__msgs.ptr && strstr(test_store__msgs.ptr,
		"rolled back an interrupted change"));
	CHECK(access(pending, F_OK) != 0);

	/* a commit record: the change is finished, the index rebuilt */
	CHECK_INT(0, mkdir(pending, 0777));
	test_store__write(commit, "generation 7\ndel b\n");
	pk_buf_clear(&test_store__msgs);
	CHECK_INT(0, test_store__ask_db(db, "ASK { <" TEST_NS "b1> ?p ?o }"));
	CHECK(test_store__msgs.ptr && strstr(test_store__msgs.ptr,
		"finished an interrupted change (generation 7)"));
	CHECK(test_store__msgs.ptr && strstr(test_store__msgs.ptr, "index rebuilt"));
	CHECK(access(doc_b, F_OK) != 0);
	CHECK_INT(1, test_store__ask_db(db, "ASK { <" TEST_NS "org> ?p \"shared\" }"));
	{
		char *st_text = NULL;

		CHECK_INT(0, pk_file_read(&st_text, &len, state, NULL));
		/* clean, with what the verified index looked like */
		CHECK(st_text && strncmp(st_text,
			"generation 7\nindex clean\ndocuments 1\nfile ", 42) == 0);
		free(st_text);
	}

	/* a put whose file is still pending */
	CHECK_INT(0, mkdir(pending, 0777));
	test_store__write(p_b, text);
	test_store__write(commit, "generation 8\nput b\n");
	CHECK_INT(1, test_store__ask_db(db, "ASK { <" TEST_NS "b1> ?p ?o }"));
	CHECK_INT(3, test_store__size(db));

	/* a dirty index, or none at all: rebuilt from docs/ */
	test_store__write(state, "generation 8\nindex dirty\n");
	CHECK_INT(3, test_store__size(db));
	test_store__remove_tree(index);
	CHECK_INT(3, test_store__size(db));
	CHECK_INT(1, test_store__ask_db(db,
		"ASK { GRAPH <" TEST_DOC_B "> { <" TEST_NS "b1> ?p ?o } }"));

	/* a document file that is not ours: an error naming it, no answers */
	test_store__write(doc_b, "# policykg document <" TEST_DOC_B ">\nnot a quad\n");
	test_store__write(state, "generation 8\nindex dirty\n");
	pk_buf_clear(&test_store__msgs);
	CHECK_INT(-2, test_store__size(db));
	CHECK(test_store__msgs.ptr && strstr(test_store__msgs.ptr, "docs/b.nq: not a stored quad"));

	test_store__remove_tree(tmp);
	free(text);
	free(index);
	free(doc_b);
	free(state);
	free(commit);
	free(p_b);
	free(pending);
	free(ab);
	free(db);
	free(tmp);
}

/* An answer's table grows past the size where its cells get a mapping
 * of their own (and on, moved by mremap): every row reads back, and the
 * table frees as it was made (ASan tells a free() of a mapping). */
static void test_store__table_grows_into_a_mapping(void)
{
	pk_table *t = calloc(1, sizeof *t);
	pk_term *row;
	char num[32];
	size_t cap = 0, r, bad = 0, n = 200000;
	int len;

	CHECK(t != NULL);
	if (!t)
		return;
	t->ncols = 3;
	t->strings = pk_arena_new();
	for (r = 0; r < n && t->strings; r++) {
		if (pk_store_table_add_row(t, &cap, &row) < 0) {
			bad++;
			break;
		}
		len = snprintf(num, sizeof num, "%zu", r);
		row[0].kind = PK_TERM_LITERAL;
		row[0].value = pk_arena_strndup(t->strings, num, (size_t)len);
		row[2].kind = PK_TERM_IRI;
	}
	CHECK(t->cells_mapped >= n * 3 * sizeof *row);
	CHECK_INT(n, t->nrows);
	for (r = 0; r < t->nrows; r++) {
		snprintf(num, sizeof num, "%zu", r);
		row = &t->cells[r * 3];
		bad += row[0].kind != PK_TERM_LITERAL || !row[0].value ||
			strcmp(row[0].value, num) != 0 || row[1].kind != PK_TERM_UNBOUND ||
			row[1].value || row[2].kind != PK_TERM_IRI;
	}
	CHECK_INT(0, bad);
	pk_table_free(t);
}

static void test_store__document_names(void)
{
	char *iri = NULL;

	CHECK_INT(0, pk_store_document_iri(&iri, "000_f3690c1b6a91e66d"));
	CHECK_STR("https://w3id.org/policykg/id/document/000_f3690c1b6a91e66d", iri);
	free(iri);
	CHECK_INT(0, pk_store_document_iri(&iri, "pkgid:document/x"));
	CHECK_STR("https://w3id.org/policykg/id/document/x", iri);
	free(iri);
	CHECK_INT(0, pk_store_document_iri(&iri, "<http://example.org/d>"));
	CHECK_STR("http://example.org/d", iri);
	free(iri);
	CHECK_INT(0, pk_store_document_iri(&iri, "/no/such/dir/g.ttl"));
	CHECK_STR("file:///no/such/dir/g.ttl", iri);
	free(iri);
	CHECK_INT(PK_EUSAGE, pk_store_document_iri(&iri, "<http://x/a b>"));
	CHECK_INT(PK_EUSAGE, pk_store_document_iri(&iri, "zz:unknown"));
	CHECK_INT(PK_EUSAGE, pk_store_document_iri(&iri, ""));

	CHECK_INT(0, pk_store_doc_key(&iri, "https://w3id.org/policykg/id/document/000_f3"));
	CHECK_STR("000_f3", iri);
	free(iri);
	CHECK_INT(0, pk_store_doc_key(&iri, "https://w3id.org/policykg/id/document/../x"));
	CHECK(iri && iri[0] == '@' && strlen(iri) == 17);
	free(iri);
	CHECK_INT(0, pk_store_doc_key(&iri, "file:///tmp/g.ttl"));
	CHECK(iri && iri[0] == '@');
	free(iri);
}

static const pk_test tests[] = {
	PK_TEST(test_store__load_query_reload),
	PK_TEST(test_store__broken_file_leaves_store_unchanged),
	PK_TEST(test_store__refuses_what_is_not_a_store),
	PK_TEST(test_store__missing_and_foreign_format),
	PK_TEST(test_store__create_ask_construct_and_errors),
	PK_TEST(test_store__documents_replaced_shared_kept),
	PK_TEST(test_store__batch_spills_the_same),
	PK_TEST(test_store__busy_when_locked),
	PK_TEST(test_store__writer_asks_reader),
	PK_TEST(test_store__repairs_interrupted_changes),
	PK_TEST(test_store__document_names),
	PK_TEST(test_store__table_grows_into_a_mapping),
};

static void test_store__teardown(void)
{
	pk_buf_free(&test_store__msgs);
}

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, test_store__teardown);
}
