/*
 * store.c - the persistent graph that `policykg load` fills and `policykg
 * query` reads.  A store is a directory:
 *
 *   graph.db/POLICYKG_STORE        marker, "policykg-store 1\n"
 *   graph.db/policykg-{sp2o,po2s,so2p}.db
 *                                  a Redland `hashes` storage (hash-type bdb)
 *
 * Loading is all or nothing: the store's files are copied to a sibling
 * graph.db.tmp-<pid>, the RDF files are parsed into the copy, and only when
 * every file parsed is the copy swapped into place (the Berkeley DB hashes
 * have no transactions).  The hashes storage drops duplicate statements on
 * add, so loading a file twice does not grow the store -- except for blank
 * nodes, which are fresh on every parse (use IRIs in the graph).
 *
 * Queries are SPARQL run by Rasqal through librdf with the contract's
 * prefixes predeclared; their results are copied into a pk_table (see
 * results.c for the writers).  Each pk_store owns one librdf_world whose
 * logger turns librdf/Raptor/Rasqal messages into pk_diag reports.
 */
#define _XOPEN_SOURCE 700
#include "util.h"
#include "vocab.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <redland.h>

#define PK_STORE_MARKER "POLICYKG_STORE"
#define PK_STORE_MAGIC "policykg-store "
#define PK_STORE_FORMAT 1
#define PK_STORE_NAME "policykg"
#define PK_STORE_RASQAL_WARNINGS 20

/* Where library messages are reported, and how many errors were seen. */
typedef struct pk_store_log {
	pk_diag diag;
	const char *where;  /* "FILE" prefix for messages */
	long line_offset;   /* lines we prepended (query prefixes) */
	int errors;
	int quiet;          /* drop messages (a query parsed a second time) */
} pk_store_log;

struct pk_store {
	pk_store_log log;
	char *path;
	int readonly;
	librdf_world *world;
	librdf_storage *storage;
	librdf_model *model;
};

/* ---- library messages ------------------------------------------------------ */

static int pk_store_logger(void *ud, librdf_log_message *m)
{
	pk_store_log *log = ud;
	raptor_locator *loc = librdf_log_message_locator(m);
	const char *msg = librdf_log_message_message(m);
	pk_severity sev;
	size_t len;
	long line = -1;

	if (log->quiet)
		return 1;
	switch (librdf_log_message_level(m)) {
	case LIBRDF_LOG_FATAL:
	case LIBRDF_LOG_ERROR:
		sev = PK_SEV_ERROR;
		log->errors++;
		break;
	case LIBRDF_LOG_WARN:
		sev = PK_SEV_WARNING;
		break;
	case LIBRDF_LOG_INFO:
		sev = PK_SEV_NOTE;
		break;
	default:
		return 1;
	}
	if (!msg)
		msg = "(no message)";
	/* Rasqal 0.9.33 warns about its own aggregate variables after any
	 * GROUP BY: "Variable $$agg$$0 was used but is not bound". */
	if (sev == PK_SEV_WARNING && strstr(msg, "$$agg$$"))
		return 1;
	len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
		len--;
	if (loc && loc->line > 0)
		line = loc->line - log->line_offset;
	if (line > 0)
		pk_diag_emit(&log->diag, sev, "%s:%ld: %.*s", log->where, line,
			(int)len, msg);
	else
		pk_diag_emit(&log->diag, sev, "%s: %.*s", log->where, (int)len, msg);
	return 1;
}

/* ---- files and directories --------------------------------------------------- */

/* path without trailing slashes ("graph.db/" -> "graph.db"). */
static char *pk_store_dir_name(const char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	return pk_strndup(path, n);
}

static char *pk_store_join(const char *dir, const char *name)
{
	pk_buf b = PK_BUF_INIT;

	if (pk_buf_printf(&b, "%s/%s", dir, name) < 0) {
		pk_buf_free(&b);
		return NULL;
	}
	return pk_buf_detach(&b);
}

/* Remove dir and everything under it.  Returns 0 or -1 (errno set). */
static int pk_store_remove_tree(const char *dir)
{
	DIR *d;
	struct dirent *e;
	struct stat sb;
	char *p;
	int rc = 0;

	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = pk_store_join(dir, e->d_name);
		if (!p) {
			errno = ENOMEM;
			rc = -1;
			break;
		}
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			if (pk_store_remove_tree(p) < 0)
				rc = -1;
		} else if (unlink(p) < 0) {
			rc = -1;
		}
		free(p);
	}
	closedir(d);
	if (rmdir(dir) < 0)
		rc = -1;
	return rc;
}

static int pk_store_copy_file(const char *from, const char *to,
	const pk_diag *diag)
{
	FILE *in = NULL, *out = NULL;
	char chunk[65536];
	size_t n;
	int rc = 0;

	in = fopen(from, "rb");
	if (!in) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", from, strerror(errno));
		rc = PK_ESTORE;
		goto out;
	}
	out = fopen(to, "wb");
	if (!out) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", to, strerror(errno));
		rc = PK_ESTORE;
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0) {
		if (fwrite(chunk, 1, n, out) != n) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", to, strerror(errno));
			rc = PK_ESTORE;
			goto out;
		}
	}
	if (ferror(in)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", from, strerror(errno));
		rc = PK_ESTORE;
		goto out;
	}
out:
	if (in)
		fclose(in);
	if (out && fclose(out) != 0 && rc == 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", to, strerror(errno));
		rc = PK_ESTORE;
	}
	return rc;
}

/* Copy every regular file of from/ into to/. */
static int pk_store_copy_files(const char *from, const char *to,
	const pk_diag *diag)
{
	DIR *d = NULL;
	struct dirent *e;
	struct stat sb;
	char *src = NULL, *dst = NULL;
	int rc = 0;

	d = opendir(from);
	if (!d) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", from, strerror(errno));
		return PK_ESTORE;
	}
	while ((e = readdir(d)) != NULL) {
		src = pk_store_join(from, e->d_name);
		dst = pk_store_join(to, e->d_name);
		if (!src || !dst) {
			rc = PK_ENOMEM;
			goto out;
		}
		if (lstat(src, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (rc = pk_store_copy_file(src, dst, diag)) < 0)
			goto out;
		free(src);
		free(dst);
		src = dst = NULL;
	}
out:
	free(src);
	free(dst);
	closedir(d);
	return rc;
}

/* fsync every regular file of dir, then dir itself. */
static int pk_store_sync_dir(const char *dir, const pk_diag *diag)
{
	DIR *d = NULL;
	struct dirent *e;
	struct stat sb;
	char *p = NULL;
	int fd, rc = 0;

	d = opendir(dir);
	if (!d) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", dir, strerror(errno));
		return PK_ESTORE;
	}
	while ((e = readdir(d)) != NULL) {
		p = pk_store_join(dir, e->d_name);
		if (!p) {
			rc = PK_ENOMEM;
			goto out;
		}
		if (lstat(p, &sb) == 0 && S_ISREG(sb.st_mode)) {
			fd = open(p, O_RDONLY);
			if (fd < 0 || fsync(fd) < 0) {
				pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", p,
					strerror(errno));
				if (fd >= 0)
					close(fd);
				rc = PK_ESTORE;
				goto out;
			}
			close(fd);
		}
		free(p);
		p = NULL;
	}
	fd = open(dir, O_RDONLY);
	if (fd >= 0) {
		fsync(fd); /* best effort: not every file system syncs dirs */
		close(fd);
	}
out:
	free(p);
	closedir(d);
	return rc;
}

static int pk_store_write_marker(const char *dir, const pk_diag *diag)
{
	char *p = NULL;
	FILE *f = NULL;
	int rc = 0;

	p = pk_store_join(dir, PK_STORE_MARKER);
	if (!p)
		return PK_ENOMEM;
	f = fopen(p, "w");
	if (!f || fprintf(f, PK_STORE_MAGIC "%d\n", PK_STORE_FORMAT) < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", p, strerror(errno));
		rc = PK_ESTORE;
		goto out;
	}
out:
	if (f && fclose(f) != 0 && rc == 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", p, strerror(errno));
		rc = PK_ESTORE;
	}
	free(p);
	return rc;
}

/* Is dir a policykg store?  *exists is 0 when nothing is at dir (not an
 * error); anything else that is not a store of our format is PK_ESTORE.
 * Only reads.  name is the path as the user gave it, for messages. */
static int pk_store_probe(int *exists, const char *dir, const char *name,
	const pk_diag *diag)
{
	struct stat sb;
	char line[64];
	char *marker = NULL, *end;
	FILE *f = NULL;
	long version;
	int rc = 0;

	*exists = 0;
	if (stat(dir, &sb) < 0) {
		if (errno == ENOENT)
			return 0;
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", name, strerror(errno));
		return PK_ESTORE;
	}
	*exists = 1;
	if (!S_ISDIR(sb.st_mode)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: not a policykg store", name);
		return PK_ESTORE;
	}
	marker = pk_store_join(dir, PK_STORE_MARKER);
	if (!marker)
		return PK_ENOMEM;
	f = fopen(marker, "r");
	if (!f) {
		if (errno == ENOENT)
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: not a policykg store",
				name);
		else
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", marker,
				strerror(errno));
		rc = PK_ESTORE;
		goto out;
	}
	if (!fgets(line, sizeof line, f) ||
	    strncmp(line, PK_STORE_MAGIC, strlen(PK_STORE_MAGIC)) != 0) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"%s: not a policykg store (unrecognised %s)", name,
			PK_STORE_MARKER);
		rc = PK_ESTORE;
		goto out;
	}
	errno = 0;
	version = strtol(line + strlen(PK_STORE_MAGIC), &end, 10);
	if (errno || end == line + strlen(PK_STORE_MAGIC) ||
	    (*end != '\n' && *end != '\0')) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"%s: not a policykg store (unrecognised %s)", name,
			PK_STORE_MARKER);
		rc = PK_ESTORE;
		goto out;
	}
	if (version != PK_STORE_FORMAT) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"%s: store format %ld is not supported (this policykg "
			"reads format %d)", name, version, PK_STORE_FORMAT);
		rc = PK_ESTORE;
		goto out;
	}
out:
	if (f)
		fclose(f);
	free(marker);
	return rc;
}

/* ---- opening ------------------------------------------------------------------ */

/* Open the librdf storage in dir (which holds a marker).  is_new creates
 * the hashes; readonly opens them with write='no'. */
static int pk_store_open_dir(pk_store **out, const char *dir, int is_new,
	int readonly, const pk_diag *diag)
{
	const char *opts[] = {
		"hash-type", "bdb",
		"dir", dir,
		"new", is_new ? "yes" : "no",
		"write", readonly ? "no" : "yes",
		NULL
	};
	librdf_hash *options = NULL;
	pk_store *st = NULL;
	int rc = 0;

	*out = NULL;
	st = calloc(1, sizeof *st);
	if (!st || !(st->path = pk_strdup(dir))) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: out of memory", dir);
		rc = PK_ENOMEM;
		goto out;
	}
	if (diag)
		st->log.diag = *diag;
	st->log.where = st->path;
	st->readonly = readonly;

	st->world = librdf_new_world();
	if (!st->world) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot start librdf", dir);
		rc = PK_ESTORE;
		goto out;
	}
	librdf_world_set_logger(st->world, &st->log, pk_store_logger);
	librdf_world_open(st->world);
	/* Only warnings that may be errors (10); Rasqal's default (50) also
	 * reports style, e.g. "Variable p was bound but is unused" (30) for
	 * every SELECT ?s WHERE { ?s ?p ?o }. */
	if (librdf_world_get_rasqal(st->world))
		rasqal_world_set_warning_level(librdf_world_get_rasqal(st->world),
			PK_STORE_RASQAL_WARNINGS);

	options = librdf_new_hash_from_array_of_strings(st->world, NULL, opts);
	if (options)
		st->storage = librdf_new_storage_with_options(st->world, "hashes",
			PK_STORE_NAME, options);
	if (st->storage)
		st->model = librdf_new_model(st->world, st->storage, NULL);
	if (!st->model) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot open the store", dir);
		rc = PK_ESTORE;
		goto out;
	}
	*out = st;
	st = NULL;
out:
	if (options)
		librdf_free_hash(options);
	pk_store_free(st);
	return rc;
}

int pk_store_open(pk_store **out, const char *path, int flags,
	const pk_diag *diag)
{
	char *dir = NULL;
	int exists, created = 0, rc;

	*out = NULL;
	if (!path || ((flags & PK_STORE_READONLY) && (flags & PK_STORE_CREATE))) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"%s: a store cannot be created read-only",
			path ? path : "(null)");
		return PK_EUSAGE;
	}
	dir = pk_store_dir_name(path);
	if (!dir) {
		rc = PK_ENOMEM;
		goto out;
	}
	if ((rc = pk_store_probe(&exists, dir, path, diag)) < 0)
		goto out;
	if (!exists) {
		if (!(flags & PK_STORE_CREATE)) {
			pk_diag_emit(diag, PK_SEV_ERROR,
				"%s: no such store (run 'policykg load' first)", path);
			rc = PK_ESTORE;
			goto out;
		}
		if (mkdir(dir, 0777) < 0) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path,
				strerror(errno));
			rc = PK_ESTORE;
			goto out;
		}
		created = 1;
		if ((rc = pk_store_write_marker(dir, diag)) < 0)
			goto out;
	}
	rc = pk_store_open_dir(out, dir, created,
		(flags & PK_STORE_READONLY) != 0, diag);
out:
	if (rc < 0 && created)
		pk_store_remove_tree(dir);
	free(dir);
	return rc;
}

void pk_store_free(pk_store *st)
{
	if (!st)
		return;
	if (st->model) {
		if (!st->readonly)
			librdf_model_sync(st->model);
		librdf_free_model(st->model);
	}
	if (st->storage)
		librdf_free_storage(st->storage);
	if (st->world)
		librdf_free_world(st->world);
	free(st->path);
	free(st);
}

long pk_store_size(pk_store *st)
{
	librdf_stream *s;
	long n = 0;

	if (!st || !st->model)
		return -1;
	/* librdf_model_size() is -1 for bdb hashes: count. */
	s = librdf_model_as_stream(st->model);
	if (!s)
		return -1;
	while (!librdf_stream_end(s)) {
		n++;
		librdf_stream_next(s);
	}
	librdf_free_stream(s);
	return n;
}

/* ---- loading ------------------------------------------------------------------- */

/* The parser name for file: syntax when given, else from the extension. */
static const char *pk_store_syntax(const char *file, const char *syntax)
{
	const char *dot;

	if (syntax)
		return strcmp(syntax, "turtle") == 0 ? "turtle" :
			strcmp(syntax, "ntriples") == 0 ? "ntriples" : NULL;
	dot = strrchr(file, '.');
	if (dot && strchr(dot, '/') == NULL) {
		if (strcasecmp(dot, ".ttl") == 0 || strcasecmp(dot, ".turtle") == 0)
			return "turtle";
		if (strcasecmp(dot, ".nt") == 0)
			return "ntriples";
	}
	return NULL;
}

static int pk_store_parse_file(pk_store *st, const char *file,
	const char *syntax)
{
	const pk_diag *diag = &st->log.diag;
	librdf_parser *parser = NULL;
	librdf_uri *base = NULL;
	struct stat sb;
	char *abs = NULL;
	FILE *fh = NULL;
	int errors, rc = 0, prc;

	if (stat(file, &sb) < 0 || !(abs = realpath(file, NULL))) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", file, strerror(errno));
		rc = PK_EIO;
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: not a regular file", file);
		rc = PK_EIO;
		goto out;
	}
	fh = fopen(file, "rb");
	if (!fh) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", file, strerror(errno));
		rc = PK_EIO;
		goto out;
	}
	parser = librdf_new_parser(st->world, syntax, NULL, NULL);
	base = librdf_new_uri_from_filename(st->world, abs);
	if (!parser || !base) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot create a %s parser",
			file, syntax);
		rc = PK_ESTORE;
		goto out;
	}
	st->log.where = file;
	errors = st->log.errors;
	prc = librdf_parser_parse_file_handle_into_model(parser, fh, 0, base,
		st->model);
	st->log.where = st->path;
	/* Raptor reports some errors and still returns 0: count them too. */
	if (prc != 0 || st->log.errors != errors) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: not valid %s; nothing loaded",
			file, strcmp(syntax, "turtle") == 0 ? "Turtle" : "N-Triples");
		rc = PK_EINPUT;
		goto out;
	}
out:
	if (parser)
		librdf_free_parser(parser);
	if (base)
		librdf_free_uri(base);
	if (fh)
		fclose(fh);
	free(abs);
	return rc;
}

int pk_store_load_files(const char *path, const char *const *files,
	size_t nfiles, const char *syntax, const pk_diag *diag)
{
	pk_buf tmp = PK_BUF_INIT, old = PK_BUF_INIT;
	pk_store *st = NULL;
	char *dir = NULL;
	int exists, have_tmp = 0, rc = 0;
	size_t i;

	if (syntax && !pk_store_syntax("", syntax)) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"unknown syntax '%s' (use turtle or ntriples)", syntax);
		return PK_EUSAGE;
	}
	for (i = 0; i < nfiles; i++) {
		if (!pk_store_syntax(files[i], syntax)) {
			pk_diag_emit(diag, PK_SEV_ERROR,
				"%s: cannot tell the syntax from the name "
				"(use .ttl or .nt, or give the syntax)", files[i]);
			return PK_EUSAGE;
		}
	}
	dir = pk_store_dir_name(path);
	if (!dir) {
		rc = PK_ENOMEM;
		goto out;
	}
	if ((rc = pk_store_probe(&exists, dir, path, diag)) < 0)
		goto out;
	if (pk_buf_printf(&tmp, "%s.tmp-%ld", dir, (long)getpid()) < 0 ||
	    pk_buf_printf(&old, "%s.old-%ld", dir, (long)getpid()) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}

	/* A leftover of ours from a crashed process with the same pid. */
	pk_store_remove_tree(tmp.ptr);
	if (mkdir(tmp.ptr, 0777) < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", tmp.ptr, strerror(errno));
		rc = PK_ESTORE;
		goto out;
	}
	have_tmp = 1;
	if (exists)
		rc = pk_store_copy_files(dir, tmp.ptr, diag);
	else
		rc = pk_store_write_marker(tmp.ptr, diag);
	if (rc < 0)
		goto out;

	if ((rc = pk_store_open_dir(&st, tmp.ptr, !exists, 0, diag)) < 0)
		goto out;
	for (i = 0; i < nfiles; i++) {
		rc = pk_store_parse_file(st, files[i],
			pk_store_syntax(files[i], syntax));
		if (rc < 0) {
			pk_diag_emit(diag, PK_SEV_NOTE, exists ? "%s: left unchanged" :
				"%s: not created", path);
			goto out;
		}
	}
	pk_store_free(st); /* syncs and closes the hashes */
	st = NULL;
	if ((rc = pk_store_sync_dir(tmp.ptr, diag)) < 0)
		goto out;

	/* Swap the loaded copy into place. */
	if (exists && rename(dir, old.ptr) < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		rc = PK_ESTORE;
		goto out;
	}
	if (rename(tmp.ptr, dir) < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		if (exists)
			rename(old.ptr, dir);
		rc = PK_ESTORE;
		goto out;
	}
	have_tmp = 0;
	if (exists && pk_store_remove_tree(old.ptr) < 0)
		pk_diag_emit(diag, PK_SEV_WARNING, "%s: could not remove: %s",
			old.ptr, strerror(errno));
out:
	pk_store_free(st);
	if (have_tmp)
		pk_store_remove_tree(tmp.ptr);
	pk_buf_free(&tmp);
	pk_buf_free(&old);
	free(dir);
	return rc;
}

/* ---- queries -------------------------------------------------------------------- */

/* The first use of keyword (any case, a whole word followed by white
 * space) in q: a pointer just past the white space, or NULL. */
static const char *pk_store_keyword(const char *q, const char *keyword)
{
	size_t n = strlen(keyword);
	const char *p, *s;

	for (p = q; *p; p++) {
		if (strncasecmp(p, keyword, n) != 0)
			continue;
		if (p > q && (isalnum((unsigned char)p[-1]) || p[-1] == '_' ||
		    p[-1] == ':' || p[-1] == '?' || p[-1] == '$'))
			continue;
		s = p + n;
		if (!isspace((unsigned char)*s))
			continue;
		while (isspace((unsigned char)*s))
			s++;
		return s;
	}
	return NULL;
}

/* Does the query declare PREFIX name: itself? */
static int pk_store_declares(const char *q, const char *name)
{
	size_t n = strlen(name);
	const char *s = q;

	while ((s = pk_store_keyword(s, "PREFIX")) != NULL)
		if (strncmp(s, name, n) == 0 && s[n] == ':')
			return 1;
	return 0;
}

static int pk_store_term_set(pk_term *term, librdf_node *node)
{
	librdf_uri *dt;
	const char *s;
	size_t len;

	switch (librdf_node_get_type(node)) {
	case LIBRDF_NODE_TYPE_RESOURCE:
		term->kind = PK_TERM_IRI;
		term->value = pk_strdup(
			(const char *)librdf_uri_as_string(librdf_node_get_uri(node)));
		break;
	case LIBRDF_NODE_TYPE_BLANK:
		term->kind = PK_TERM_BLANK;
		term->value = pk_strdup(
			(const char *)librdf_node_get_blank_identifier(node));
		break;
	case LIBRDF_NODE_TYPE_LITERAL:
		term->kind = PK_TERM_LITERAL;
		s = (const char *)librdf_node_get_literal_value_as_counted_string(
			node, &len);
		term->value = pk_strndup(s ? s : "", s ? len : 0);
		if ((s = librdf_node_get_literal_value_language(node)) != NULL &&
		    !(term->lang = pk_strdup(s)))
			return PK_ENOMEM;
		if ((dt = librdf_node_get_literal_value_datatype_uri(node)) != NULL &&
		    !(term->datatype = pk_strdup(
			(const char *)librdf_uri_as_string(dt))))
			return PK_ENOMEM;
		break;
	default:
		term->kind = PK_TERM_UNBOUND;
		return 0;
	}
	return term->value ? 0 : PK_ENOMEM;
}

/* Append one row of unbound cells; *row points at it. */
static int pk_store_table_add_row(pk_table *t, size_t *cap, pk_term **row)
{
	pk_term *cells;
	size_t ncap;

	*row = NULL;
	if (t->ncols == 0) {
		t->nrows++;
		return 0;
	}
	if (t->nrows == *cap) {
		ncap = *cap ? *cap * 2 : 16;
		if (ncap > ((size_t)-1) / sizeof *cells / t->ncols)
			return PK_ENOMEM;
		cells = realloc(t->cells, ncap * t->ncols * sizeof *cells);
		if (!cells)
			return PK_ENOMEM;
		t->cells = cells;
		*cap = ncap;
	}
	*row = &t->cells[t->nrows * t->ncols];
	memset(*row, 0, t->ncols * sizeof **row);
	t->nrows++;
	return 0;
}

static int pk_store_table_names(pk_table *t, const char *const *names,
	size_t n)
{
	size_t i;

	t->names = calloc(n ? n : 1, sizeof *t->names);
	if (!t->names)
		return PK_ENOMEM;
	t->ncols = n;
	for (i = 0; i < n; i++)
		if (!(t->names[i] = pk_strdup(names[i] ? names[i] : "")))
			return PK_ENOMEM;
	return 0;
}

/* The projected variable names of query text, from Rasqal itself: librdf
 * reports no binding names at all when a SELECT has no rows. */
static int pk_store_projection(pk_table *t, pk_store *st, const char *text)
{
	rasqal_world *rw = librdf_world_get_rasqal(st->world);
	rasqal_query *rq = NULL;
	raptor_sequence *vars;
	rasqal_variable *v;
	const char **names = NULL;
	int i, n = 0, rc = 0;

	st->log.quiet = 1;
	rq = rw ? rasqal_new_query(rw, "sparql", NULL) : NULL;
	if (!rq || rasqal_query_prepare(rq, (const unsigned char *)text, NULL) != 0)
		goto out; /* it ran once: leave the table without columns */
	vars = rasqal_query_get_bound_variable_sequence(rq);
	n = vars ? raptor_sequence_size(vars) : 0;
	if (n <= 0)
		goto out;
	names = calloc((size_t)n, sizeof *names);
	if (!names) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		v = raptor_sequence_get_at(vars, i);
		names[i] = v && v->name ? (const char *)v->name : "";
	}
	rc = pk_store_table_names(t, names, (size_t)n);
out:
	st->log.quiet = 0;
	free(names);
	if (rq)
		rasqal_free_query(rq);
	return rc;
}

static int pk_store_collect_bindings(pk_table *t, librdf_query_results *res,
	pk_store *st, const char *text)
{
	const char **names = NULL;
	librdf_node *node;
	pk_term *row;
	size_t cap = 0, i;
	int n, rc = 0;

	n = librdf_query_results_get_bindings_count(res);
	if (n < 0)
		return PK_EQUERY;
	if (n == 0) {
		rc = pk_store_projection(t, st, text);
	} else {
		names = calloc((size_t)n, sizeof *names);
		if (!names)
			return PK_ENOMEM;
		for (i = 0; i < (size_t)n; i++)
			names[i] = librdf_query_results_get_binding_name(res, (int)i);
		rc = pk_store_table_names(t, names, (size_t)n);
	}
	if (rc < 0)
		goto out;
	while (!librdf_query_results_finished(res)) {
		if ((rc = pk_store_table_add_row(t, &cap, &row)) < 0)
			goto out;
		for (i = 0; i < t->ncols; i++) {
			node = librdf_query_results_get_binding_value(res, (int)i);
			if (!node)
				continue;
			rc = pk_store_term_set(&row[i], node);
			librdf_free_node(node);
			if (rc < 0)
				goto out;
		}
		librdf_query_results_next(res);
	}
out:
	free(names);
	return rc;
}

static int pk_store_collect_graph(pk_table *t, librdf_query_results *res)
{
	static const char *const names[] = { "subject", "predicate", "object" };
	librdf_stream *s = NULL;
	librdf_statement *stmt;
	pk_term *row;
	size_t cap = 0;
	int rc;

	if ((rc = pk_store_table_names(t, names, 3)) < 0)
		return rc;
	s = librdf_query_results_as_stream(res);
	if (!s)
		return 0; /* an empty graph */
	while (!librdf_stream_end(s)) {
		stmt = librdf_stream_get_object(s);
		if (stmt) {
			if ((rc = pk_store_table_add_row(t, &cap, &row)) < 0 ||
			    (rc = pk_store_term_set(&row[0],
				librdf_statement_get_subject(stmt))) < 0 ||
			    (rc = pk_store_term_set(&row[1],
				librdf_statement_get_predicate(stmt))) < 0 ||
			    (rc = pk_store_term_set(&row[2],
				librdf_statement_get_object(stmt))) < 0)
				goto out;
		}
		librdf_stream_next(s);
	}
out:
	librdf_free_stream(s);
	return rc;
}

int pk_store_query_named(pk_table **out, pk_store *st, const char *sparql,
	const char *name)
{
	const char *where = name ? name : "query";
	pk_buf text = PK_BUF_INIT;
	librdf_query *q = NULL;
	librdf_query_results *res = NULL;
	pk_table *t = NULL;
	const pk_diag *diag;
	long added = 0;
	int errors, b, rc = 0;
	size_t i;

	*out = NULL;
	if (!st || !sparql)
		return PK_EUSAGE;
	diag = &st->log.diag;
	for (i = 0; i < pk_prefixes_len; i++) {
		if (pk_store_declares(sparql, pk_prefixes[i].prefix))
			continue;
		if (pk_buf_printf(&text, "PREFIX %s: <%s>\n", pk_prefixes[i].prefix,
			pk_prefixes[i].iri) < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		added++;
	}
	if (pk_buf_puts(&text, sparql) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}

	/* Rasqal's messages name the query and the user's line numbers. */
	st->log.where = where;
	st->log.line_offset = added;
	errors = st->log.errors;
	q = librdf_new_query(st->world, "sparql", NULL,
		(const unsigned char *)text.ptr, NULL);
	if (q)
		res = librdf_model_query_execute(st->model, q);
	if (!q || !res || st->log.errors != errors) {
		/* Rasqal 0.9.33 fails DESCRIBE <iri> without saying why. */
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: SPARQL query failed%s", where,
			st->log.errors == errors && pk_store_keyword(sparql, "DESCRIBE") ?
			" (DESCRIBE is not implemented by Rasqal; use CONSTRUCT)" : "");
		rc = PK_EQUERY;
		goto out;
	}

	t = calloc(1, sizeof *t);
	if (!t) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (librdf_query_results_is_boolean(res)) {
		b = librdf_query_results_get_boolean(res);
		if (b < 0) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: no boolean result", where);
			rc = PK_EQUERY;
			goto out;
		}
		t->is_boolean = 1;
		t->boolean = b > 0;
	} else if (librdf_query_results_is_bindings(res)) {
		rc = pk_store_collect_bindings(t, res, st, text.ptr);
	} else if (librdf_query_results_is_graph(res)) {
		rc = pk_store_collect_graph(t, res);
		if (rc == 0 && t->nrows == 0 && pk_store_keyword(sparql, "DESCRIBE"))
			pk_diag_emit(diag, PK_SEV_WARNING, "%s: DESCRIBE is not "
				"implemented by Rasqal (always empty); use CONSTRUCT", where);
	} else {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: unsupported result kind", where);
		rc = PK_EQUERY;
		goto out;
	}
	if (rc == PK_ENOMEM)
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: out of memory", where);
	else if (rc < 0)
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot read the results", where);
	if (rc == 0 && st->log.errors != errors) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: SPARQL query failed", where);
		rc = PK_EQUERY;
	}
	if (rc < 0)
		goto out;
	*out = t;
	t = NULL;
out:
	st->log.where = st->path;
	st->log.line_offset = 0;
	pk_table_free(t);
	if (res)
		librdf_free_query_results(res);
	if (q)
		librdf_free_query(q);
	pk_buf_free(&text);
	return rc;
}

int pk_store_query(pk_table **out, pk_store *st, const char *sparql)
{
	return pk_store_query_named(out, st, sparql, NULL);
}
