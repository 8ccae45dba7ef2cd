/*
 * store_pg.c - the PostgreSQL backend: postgresql://user[:password]@host
 * [:port]/database.  The indexes are librdf's own `postgresql` storage
 * (Debian's librdf-storage-postgresql): two models, policykg_graphs (one
 * context per document) and policykg_union (each triple once), as in the
 * directory backend.  What librdf cannot do is done here with libpq:
 *
 *   policykg_meta  (format, generation, dirty)  one row
 *   policykg_docs  (key, iri, body)             each document's canonical text
 *
 * librdf's transactions on this storage are unusable (it inserts every
 * node and ignores the unique-key error, which aborts a PostgreSQL
 * transaction), so, as on disk, the documents are the source of truth: a
 * change writes the new texts and sets dirty in one SQL transaction (the
 * commit point), then brings the librdf models up to date statement by
 * statement and clears dirty; a store found dirty (a writer was killed) is
 * rebuilt from policykg_docs before it answers.  Readers and writers take
 * a PostgreSQL advisory lock, shared or alone, on a connection of their
 * own for as long as the store is open; the server drops it with the
 * connection when a process dies.  librdf's statement tables have no
 * index; we add them (subject, predicate / object / predicate, object /
 * context), or every lookup would read the whole table.
 */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef PK_HAVE_LIBPQ

#include <libpq-fe.h>

#define PK_PG_FORMAT 1
#define PK_PG_LOCK_KEY "7220531046237811233" /* "policykg" store lock */

typedef struct pk_pg {
	PGconn *conn;
	char *host, *port, *database, *user, *password;
	double wait;
} pk_pg;

static const pk_diag *pk_pg_diag(pk_store *st)
{
	return &st->log.diag;
}

static int pk_pg_claims(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0 ||
		strncmp(path, "postgres://", 11) == 0;
}

/* ---- the URL ------------------------------------------------------------------- */

static int pk_pg_hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* s[0..n) percent-decoded; NULL when malformed. */
static char *pk_pg_decode(const char *s, size_t n)
{
	pk_buf b = PK_BUF_INIT;
	size_t i;

	if (pk_buf_put(&b, "", 0) < 0)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n || pk_pg_hex(s[i + 1]) < 0 || pk_pg_hex(s[i + 2]) < 0)
				goto bad;
			if (pk_buf_putc(&b, (char)(pk_pg_hex(s[i + 1]) * 16 + pk_pg_hex(s[i + 2]))) < 0)
				goto bad;
			i += 2;
		} else if (pk_buf_putc(&b, s[i]) < 0) {
			goto bad;
		}
	}
	return pk_buf_detach(&b);
bad:
	pk_buf_free(&b);
	return NULL;
}

/* librdf passes these to libpq as "key=value" without quoting. */
static int pk_pg_plain(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || *s == '\'' || *s == '\\')
			return 0;
	return 1;
}

static int pk_pg_parse_url(pk_pg *pg, const char *url, const pk_diag *diag)
{
	const char *p = strstr(url, "://") + 3, *at, *slash, *colon, *host;
	const char *env;

	slash = strchr(p, '/');
	if (!slash || !slash[1]) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"%s: not a PostgreSQL store URL (postgresql://user@host[:port]/database)",
			url);
		return PK_EUSAGE;
	}
	at = memchr(p, '@', (size_t)(slash - p));
	host = at ? at + 1 : p;
	if (at) {
		colon = memchr(p, ':', (size_t)(at - p));
		pg->user = pk_pg_decode(p, (size_t)((colon ? colon : at) - p));
		if (colon)
			pg->password = pk_pg_decode(colon + 1, (size_t)(at - colon - 1));
	}
	colon = memchr(host, ':', (size_t)(slash - host));
	pg->host = pk_pg_decode(host, (size_t)((colon ? colon : slash) - host));
	pg->port = colon ? pk_pg_decode(colon + 1, (size_t)(slash - colon - 1)) :
		pk_strdup("5432");
	pg->database = pk_pg_decode(slash + 1, strcspn(slash + 1, "?"));
	if (!pg->user && (env = getenv("PGUSER")) != NULL)
		pg->user = pk_strdup(env);
	if (!pg->password)
		pg->password = pk_strdup((env = getenv("PGPASSWORD")) ? env : "");
	if (pg->host && !pg->host[0]) {
		free(pg->host);
		pg->host = pk_strdup("localhost");
	}
	if (!pg->user || !pg->host || !pg->port || !pg->database || !pg->password ||
	    !pg->database[0] || !pg->user[0]) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"%s: a PostgreSQL store needs a user and a database "
			"(postgresql://user@host[:port]/database)", url);
		return PK_EUSAGE;
	}
	if (!pk_pg_plain(pg->user) || !pk_pg_plain(pg->host) || !pk_pg_plain(pg->port) ||
	    !pk_pg_plain(pg->database) || !pk_pg_plain(pg->password)) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"%s: librdf cannot pass a user, password, host or database with "
			"spaces, quotes or backslashes to PostgreSQL", url);
		return PK_EUSAGE;
	}
	return 0;
}

/* ---- SQL ------------------------------------------------------------------------- */

/* Run sql with n text parameters; *res is kept for the caller when wanted
 * (tuples), else cleared.  Errors name the store. */
static int pk_pg_exec(PGresult **res, pk_store *st, const char *sql, int n,
	const char *const *params)
{
	pk_pg *pg = st->impl;
	PGresult *r;
	ExecStatusType s;

	if (res)
		*res = NULL;
	r = PQexecParams(pg->conn, sql, n, NULL, params, NULL, NULL, 0);
	s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(pg->conn);
		size_t len = strlen(msg);

		while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
			len--;
		pk_diag_emit(pk_pg_diag(st), PK_SEV_ERROR, "%s: %.*s", st->path,
			(int)len, msg);
		PQclear(r);
		return PK_ESTORE;
	}
	if (res)
		*res = r;
	else
		PQclear(r);
	return 0;
}

static int pk_pg_exec0(pk_store *st, const char *sql)
{
	return pk_pg_exec(NULL, st, sql, 0, NULL);
}

/* ---- the lock -------------------------------------------------------------------- */

static double pk_pg_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Take the store's advisory lock, shared or alone, waiting up to the
 * wait; a lock held already is given up first. */
static int pk_pg_lock(pk_store *st, int shared)
{
	pk_pg *pg = st->impl;
	double deadline = pk_pg_now() + pg->wait;
	struct timespec ts = { 0, 20000000 };
	PGresult *r;
	int got, rc;

	if ((rc = pk_pg_exec0(st, "SELECT pg_advisory_unlock_all()")) < 0)
		return rc;
	for (;;) {
		rc = pk_pg_exec(&r, st, shared ?
			"SELECT pg_try_advisory_lock_shared(" PK_PG_LOCK_KEY ")" :
			"SELECT pg_try_advisory_lock(" PK_PG_LOCK_KEY ")", 0, NULL);
		if (rc < 0)
			return rc;
		got = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
		PQclear(r);
		if (got)
			return 0;
		if (pk_pg_now() >= deadline) {
			pk_diag_emit(pk_pg_diag(st), PK_SEV_ERROR,
				"%s: store is busy (%s by another policykg process); "
				"try again later, or wait longer with --wait SECONDS",
				st->path, shared ? "being changed" : "in use");
			return PK_EBUSY;
		}
		nanosleep(&ts, NULL);
	}
}

/* ---- the indexes ----------------------------------------------------------------- */

static int pk_pg_open_index(pk_store *st, int graphs, int is_new)
{
	pk_pg *pg = st->impl;
	const char *opts[] = {
		"host", pg->host,
		"port", pg->port,
		"database", pg->database,
		"user", pg->user,
		"password", pg->password,
		"new", is_new ? "yes" : "no",
		NULL
	};
	int rc;

	if (graphs)
		rc = pk_store_open_storage(&st->ix.gstorage, &st->ix.graphs, st,
			"postgresql", "policykg_graphs", opts);
	else
		rc = pk_store_open_storage(&st->ix.ustorage, &st->ix.uni, st,
			"postgresql", "policykg_union", opts);
	if (rc == PK_ESTORE)
		pk_diag_emit(pk_pg_diag(st), PK_SEV_ERROR,
			"%s: cannot open the %s index (librdf's postgresql storage: "
			"Debian package librdf-storage-postgresql)", st->path,
			graphs ? "graphs" : "union");
	return rc;
}

/* The indexes librdf does not make on its statement tables. */
static int pk_pg_add_sql_indexes(pk_store *st)
{
	static const char *const names[] = { "policykg_graphs", "policykg_union" };
	static const char *const cols[][2] = {
		{ "sp", "subject, predicate" },
		{ "o", "object" },
		{ "po", "predicate, object" },
		{ "c", "context" },
	};
	pk_buf sql = PK_BUF_INIT;
	PGresult *r = NULL;
	const char *param[1];
	size_t i, k;
	int rc = 0;

	for (i = 0; i < 2 && rc == 0; i++) {
		param[0] = names[i];
		if ((rc = pk_pg_exec(&r, st, "SELECT id FROM models WHERE name = $1",
			1, param)) < 0)
			break;
		if (PQntuples(r) != 1) {
			pk_diag_emit(pk_pg_diag(st), PK_SEV_ERROR,
				"%s: librdf made no model %s", st->path, names[i]);
			rc = PK_ESTORE;
			break;
		}
		for (k = 0; k < PK_ARRAY_LEN(cols) && rc == 0; k++) {
			pk_buf_clear(&sql);
			if (pk_buf_printf(&sql, "CREATE INDEX IF NOT EXISTS %s_%s ON "
				"statements%s (%s)", names[i], cols[k][0],
				PQgetvalue(r, 0, 0), cols[k][1]) < 0) {
				rc = PK_ENOMEM;
				break;
			}
			rc = pk_pg_exec0(st, sql.ptr);
		}
		PQclear(r);
		r = NULL;
	}
	PQclear(r);
	pk_buf_free(&sql);
	return rc;
}

/* Build both models anew from policykg_docs (the lock is held alone). */
static int pk_pg_rebuild(pk_store *st)
{
	PGresult *r = NULL;
	double t0 = pk_pg_now();
	int i, n, rc;

	pk_store_index_close(&st->ix);
	/* new='yes' empties the models */
	if ((rc = pk_pg_open_index(st, 1, 1)) < 0 ||
	    (rc = pk_pg_open_index(st, 0, 1)) < 0 ||
	    (rc = pk_pg_add_sql_indexes(st)) < 0 ||
	    (rc = pk_pg_exec(&r, st, "SELECT key, body FROM policykg_docs ORDER BY key",
		0, NULL)) < 0)
		goto out;
	n = PQntuples(r);
	for (i = 0; i < n; i++) {
		pk_store_crash_point("rebuild");
		rc = pk_store_index_add_text(&st->ix, st->world, PQgetvalue(r, i, 1),
			(size_t)PQgetlength(r, i, 1), NULL, PQgetvalue(r, i, 0),
			pk_pg_diag(st));
		if (rc < 0)
			goto out;
	}
	if ((rc = pk_pg_exec0(st, "UPDATE policykg_meta SET dirty = false")) < 0)
		goto out;
	if (n > 0) /* not when the store is new */
		pk_diag_emit(pk_pg_diag(st), PK_SEV_NOTE,
			"%s: index rebuilt from %d document%s in %.2f s", st->path, n,
			n == 1 ? "" : "s", pk_pg_now() - t0);
out:
	PQclear(r);
	pk_store_index_close(&st->ix);
	return rc;
}

/* ---- opening ---------------------------------------------------------------------- */

/* Read policykg_meta: *exists 0 when the database has none. */
static int pk_pg_read_meta(int *exists, unsigned long *gen, int *dirty,
	pk_store *st)
{
	PGresult *r = NULL;
	long format;
	int rc;

	*exists = 0;
	if ((rc = pk_pg_exec(&r, st,
		"SELECT to_regclass('policykg_meta') IS NOT NULL", 0, NULL)) < 0)
		return rc;
	*exists = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!*exists)
		return 0;
	if ((rc = pk_pg_exec(&r, st,
		"SELECT format, generation, dirty FROM policykg_meta", 0, NULL)) < 0)
		return rc;
	if (PQntuples(r) != 1) {
		pk_diag_emit(pk_pg_diag(st), PK_SEV_ERROR,
			"%s: policykg_meta has %d rows; not a policykg store", st->path,
			PQntuples(r));
		PQclear(r);
		return PK_ESTORE;
	}
	format = strtol(PQgetvalue(r, 0, 0), NULL, 10);
	*gen = strtoul(PQgetvalue(r, 0, 1), NULL, 10);
	*dirty = strcmp(PQgetvalue(r, 0, 2), "t") == 0;
	PQclear(r);
	if (format != PK_PG_FORMAT) {
		pk_diag_emit(pk_pg_diag(st), PK_SEV_ERROR,
			"%s: store format %ld is not supported (this policykg reads "
			"PostgreSQL format %d)", st->path, format, PK_PG_FORMAT);
		return PK_ESTORE;
	}
	return 0;
}

/* Our tables and librdf's models in a database that has neither. */
static int pk_pg_create(pk_store *st)
{
	PGresult *r = NULL;
	int rc, taken;

	/* librdf's tables for our models without our own: not ours */
	if ((rc = pk_pg_exec(&r, st,
		"SELECT to_regclass('models') IS NOT NULL", 0, NULL)) < 0)
		return rc;
	taken = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (taken) {
		if ((rc = pk_pg_exec(&r, st, "SELECT count(*) FROM models WHERE name IN "
			"('policykg_graphs', 'policykg_union')", 0, NULL)) < 0)
			return rc;
		taken = strcmp(PQgetvalue(r, 0, 0), "0") != 0;
		PQclear(r);
		if (taken) {
			pk_diag_emit(pk_pg_diag(st), PK_SEV_ERROR,
				"%s: has librdf models named policykg_* but no policykg_meta: "
				"not a store of this policykg; left as it is", st->path);
			return PK_ESTORE;
		}
	}
	if ((rc = pk_pg_exec0(st, "BEGIN")) < 0)
		return rc;
	if ((rc = pk_pg_exec0(st, "CREATE TABLE policykg_docs (key text PRIMARY KEY, "
		"iri text NOT NULL, body text NOT NULL)")) < 0 ||
	    (rc = pk_pg_exec0(st, "CREATE TABLE policykg_meta (format integer NOT NULL, "
		"generation bigint NOT NULL, dirty boolean NOT NULL)")) < 0 ||
	    (rc = pk_pg_exec0(st, "INSERT INTO policykg_meta VALUES (1, 0, true)")) < 0 ||
	    (rc = pk_pg_exec0(st, "COMMIT")) < 0) {
		pk_pg_exec0(st, "ROLLBACK");
		return rc;
	}
	/* dirty: the first open builds librdf's models */
	return 0;
}

static void pk_pg_close(pk_store *st)
{
	pk_pg *pg = st->impl;

	pk_store_index_close(&st->ix);
	if (!pg)
		return;
	if (pg->conn)
		PQfinish(pg->conn);
	free(pg->host);
	free(pg->port);
	free(pg->database);
	free(pg->user);
	free(pg->password);
	free(pg);
	st->impl = NULL;
}

static int pk_pg_open(pk_store *st, const char *path, int flags, double wait)
{
	int readonly = (flags & PK_STORE_READONLY) != 0;
	const char *keys[7], *vals[7];
	unsigned long gen = 0;
	int k = 0;
	int exists, dirty = 0, rc;
	pk_pg *pg;

	pg = calloc(1, sizeof *pg);
	if (!pg)
		return PK_ENOMEM;
	st->impl = pg;
	pg->wait = wait;
	if ((rc = pk_pg_parse_url(pg, path, pk_pg_diag(st))) < 0)
		return rc == PK_EUSAGE ? PK_ESTORE : rc;
	keys[k] = "host";
	vals[k++] = pg->host;
	keys[k] = "port";
	vals[k++] = pg->port;
	keys[k] = "dbname";
	vals[k++] = pg->database;
	keys[k] = "user";
	vals[k++] = pg->user;
	if (pg->password[0]) {
		keys[k] = "password";
		vals[k++] = pg->password;
	}
	keys[k] = "application_name";
	vals[k++] = "policykg";
	keys[k] = NULL;
	vals[k] = NULL;
	pg->conn = PQconnectdbParams(keys, vals, 0);
	if (!pg->conn || PQstatus(pg->conn) != CONNECTION_OK) {
		const char *msg = pg->conn ? PQerrorMessage(pg->conn) : "out of memory";
		size_t len = strlen(msg);

		while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
			len--;
		pk_diag_emit(pk_pg_diag(st), PK_SEV_ERROR, "%s: cannot connect: %.*s",
			path, (int)len, msg);
		return PK_ESTORE;
	}
	if ((rc = pk_pg_exec0(st, "SET client_min_messages = warning")) < 0 ||
	    (rc = pk_pg_lock(st, readonly)) < 0)
		return rc;
	for (;;) {
		if ((rc = pk_pg_read_meta(&exists, &gen, &dirty, st)) < 0)
			return rc;
		if (!exists) {
			if (!(flags & PK_STORE_CREATE)) {
				pk_diag_emit(pk_pg_diag(st), PK_SEV_ERROR,
					"%s: no such store (run 'policykg load' first)", path);
				return PK_ESTORE;
			}
			if ((rc = pk_pg_create(st)) < 0)
				return rc;
			continue;
		}
		if (!dirty)
			break;
		/* a change was interrupted after its commit: rebuild, alone */
		if (readonly && (rc = pk_pg_lock(st, 0)) < 0)
			return rc;
		if ((rc = pk_pg_read_meta(&exists, &gen, &dirty, st)) < 0)
			return rc;
		if (dirty && (rc = pk_pg_rebuild(st)) < 0)
			return rc;
		if (readonly && (rc = pk_pg_lock(st, 1)) < 0)
			return rc;
	}
	st->generation = gen;
	if ((rc = pk_pg_open_index(st, 0, 0)) < 0)
		return rc;
	if (!readonly)
		rc = pk_pg_open_index(st, 1, 0);
	return rc;
}

static int pk_pg_open_graphs(pk_store *st)
{
	return pk_pg_open_index(st, 1, 0);
}

static int pk_pg_read_doc(pk_store *st, const pk_store_doc *doc, char **text,
	size_t *len)
{
	const char *param[1];
	PGresult *r = NULL;
	int rc;

	*text = NULL;
	*len = 0;
	param[0] = doc->key;
	if ((rc = pk_pg_exec(&r, st, "SELECT iri, body FROM policykg_docs WHERE key = $1",
		1, param)) < 0)
		return rc;
	if (PQntuples(r) == 1) {
		if (strcmp(PQgetvalue(r, 0, 0), doc->iri) != 0) {
			pk_diag_emit(pk_pg_diag(st), PK_SEV_ERROR,
				"%s: document key %s holds <%s>, not <%s>", st->path, doc->key,
				PQgetvalue(r, 0, 0), doc->iri);
			rc = PK_ESTORE;
		} else {
			*len = (size_t)PQgetlength(r, 0, 1);
			*text = pk_strndup(PQgetvalue(r, 0, 1), *len);
			if (!*text)
				rc = PK_ENOMEM;
		}
	}
	PQclear(r);
	return rc;
}

static long pk_pg_documents(pk_store *st)
{
	PGresult *r = NULL;
	long n;

	if (pk_pg_exec(&r, st, "SELECT count(*) FROM policykg_docs", 0, NULL) < 0)
		return -1;
	n = strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return n;
}

static int pk_pg_apply(pk_store *st, pk_store_change *ch, size_t n)
{
	pk_store_pending pending = { NULL, 0, 0 };
	unsigned long gen = st->generation + 1;
	const char *param[3];
	char genbuf[32];
	size_t i;
	int rc;

	/* 1. the texts and dirty, in one transaction: the commit point */
	if ((rc = pk_pg_exec0(st, "BEGIN")) < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		param[0] = ch[i].doc->key;
		if (ch[i].doc->forget) {
			rc = pk_pg_exec(NULL, st, "DELETE FROM policykg_docs WHERE key = $1",
				1, param);
		} else {
			param[1] = ch[i].doc->iri;
			param[2] = ch[i].doc->text.ptr;
			rc = pk_pg_exec(NULL, st, "INSERT INTO policykg_docs (key, iri, body) "
				"VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET "
				"iri = EXCLUDED.iri, body = EXCLUDED.body", 3, param);
		}
		pk_store_crash_point("pending");
	}
	snprintf(genbuf, sizeof genbuf, "%lu", gen);
	param[0] = genbuf;
	if (rc == 0)
		rc = pk_pg_exec(NULL, st, "UPDATE policykg_meta SET generation = $1, "
			"dirty = true", 1, param);
	if (rc == 0)
		rc = pk_pg_exec0(st, "COMMIT");
	if (rc < 0) {
		pk_pg_exec0(st, "ROLLBACK");
		return rc;
	}
	pk_store_crash_point("commit");
	/* 2. the librdf models, statement by statement */
	for (i = 0; i < n; i++) {
		rc = pk_store_index_update(&st->ix, st->world, ch[i].doc->iri,
			ch[i].old, ch[i].old_len,
			ch[i].doc->forget ? NULL : ch[i].doc->text.ptr,
			ch[i].doc->forget ? 0 : ch[i].doc->text.len, &pending, NULL,
			pk_pg_diag(st), ch[i].doc->key);
		if (rc < 0)
			goto out;
	}
	if ((rc = pk_store_index_settle(&st->ix, &pending)) < 0) {
		pk_diag_emit(pk_pg_diag(st), PK_SEV_ERROR, "%s: cannot update the index",
			st->path);
		goto out;
	}
	pk_store_crash_point("synced");
	/* 3. done */
	if ((rc = pk_pg_exec0(st, "UPDATE policykg_meta SET dirty = false")) < 0)
		goto out;
	st->generation = gen;
out:
	if (rc < 0)
		pk_diag_emit(pk_pg_diag(st), PK_SEV_NOTE,
			"%s: the change is recorded; the index is rebuilt when the "
			"store is next opened", st->path);
	pk_store_pending_free(&pending);
	return rc;
}

#else /* no libpq */

static int pk_pg_claims(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0 ||
		strncmp(path, "postgres://", 11) == 0;
}

static int pk_pg_open(pk_store *st, const char *path, int flags, double wait)
{
	PK_UNUSED(flags);
	PK_UNUSED(wait);
	pk_diag_emit(&st->log.diag, PK_SEV_ERROR,
		"%s: this policykg was built without PostgreSQL support (libpq-dev)",
		path);
	return PK_ESTORE;
}

static void pk_pg_close(pk_store *st)
{
	pk_store_index_close(&st->ix);
}

static int pk_pg_read_doc(pk_store *st, const pk_store_doc *doc, char **text,
	size_t *len)
{
	PK_UNUSED(st);
	PK_UNUSED(doc);
	*text = NULL;
	*len = 0;
	return PK_ESTORE;
}

static int pk_pg_apply(pk_store *st, pk_store_change *ch, size_t n)
{
	PK_UNUSED(st);
	PK_UNUSED(ch);
	PK_UNUSED(n);
	return PK_ESTORE;
}

static long pk_pg_documents(pk_store *st)
{
	PK_UNUSED(st);
	return -1;
}

static int pk_pg_open_graphs(pk_store *st)
{
	PK_UNUSED(st);
	return PK_ESTORE;
}

#endif

const pk_store_backend pk_store_backend_pg = {
	"postgresql",
	pk_pg_claims,
	pk_pg_open,
	pk_pg_close,
	pk_pg_read_doc,
	pk_pg_apply,
	pk_pg_documents,
	pk_pg_open_graphs,
	NULL,
	NULL,
	NULL,
};
