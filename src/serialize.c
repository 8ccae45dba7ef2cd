/*
 * serialize.c - the serialization stage.
 *
 * Syntaxes plug in through pk_serialize_syntaxes (name, Raptor serializer
 * name).  Raptor gets no base URI (with one it makes every IRI relative:
 * ../shared/spec/known-traps.md) and the namespaces of vocab.c, and the
 * triples in sorted order, so the same graph gives the same bytes.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "serialize.h"

#include <errno.h>
#include <raptor2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vocab.h"

typedef struct pk_serialize_syntax {
	const char *name;
	const char *raptor_name;
	int namespaces; /* the syntax writes prefixes */
	int quads;      /* each triple in the named graph of its document */
} pk_serialize_syntax;

static const pk_serialize_syntax pk_serialize_syntaxes[] = {
	{ "turtle", "turtle", 1, 0 },
	{ "ntriples", "ntriples", 0, 0 },
	{ "nquads", "nquads", 0, 1 },
	{ "rdfxml", "rdfxml-abbrev", 1, 0 },
	{ "dot", "dot", 1, 0 },
};

static const pk_serialize_syntax *pk_serialize_find(const char *name)
{
	size_t i;

	for (i = 0; i < PK_ARRAY_LEN(pk_serialize_syntaxes); i++)
		if (strcmp(pk_serialize_syntaxes[i].name, name) == 0)
			return &pk_serialize_syntaxes[i];
	return NULL;
}

int pk_serialize_known(const char *name)
{
	return name && pk_serialize_find(name) != NULL;
}

const char *pk_serialize_names(void)
{
	return "turtle, ntriples, nquads, rdfxml, dot";
}

typedef struct pk_serialize_log {
	const pk_diag *diag;
	const char *path;
	int errors;
} pk_serialize_log;

static void pk_serialize_logger(void *ud, raptor_log_message *m)
{
	pk_serialize_log *log = ud;

	if (m->level >= RAPTOR_LOG_LEVEL_ERROR)
		log->errors++;
	pk_diag_emit(log->diag, m->level >= RAPTOR_LOG_LEVEL_ERROR ? PK_SEV_ERROR : PK_SEV_WARNING,
		"%s: raptor: %s", log->path, m->text ? m->text : "");
}

static raptor_term *pk_serialize_object(raptor_world *w, const pk_triple *t)
{
	raptor_uri *dt = NULL;
	raptor_term *o;

	if (t->o_is_iri)
		return raptor_new_term_from_uri_string(w, (const unsigned char *)t->o);
	if (t->dt && !(dt = raptor_new_uri(w, (const unsigned char *)t->dt)))
		return NULL;
	o = raptor_new_term_from_literal(w, (const unsigned char *)t->o, dt,
		(const unsigned char *)t->lang);
	if (dt)
		raptor_free_uri(dt);
	return o;
}

static int pk_serialize_statement(raptor_world *w, raptor_serializer *ser,
	const pk_triple *t, const char *graph)
{
	raptor_statement st;
	int rc = 0;

	raptor_statement_init(&st, w);
	st.subject = raptor_new_term_from_uri_string(w, (const unsigned char *)t->s);
	st.predicate = raptor_new_term_from_uri_string(w, (const unsigned char *)t->p);
	st.object = pk_serialize_object(w, t);
	if (graph)
		st.graph = raptor_new_term_from_uri_string(w, (const unsigned char *)graph);
	if (!st.subject || !st.predicate || !st.object || (graph && !st.graph))
		rc = PK_ENOMEM;
	else if (raptor_serializer_serialize_statement(ser, &st))
		rc = PK_EIO;
	raptor_statement_clear(&st);
	return rc;
}

static int pk_serialize_to(pk_graph *g, FILE *fh, const pk_serialize_syntax *syn,
	pk_serialize_log *log)
{
	raptor_world *w = NULL;
	raptor_serializer *ser = NULL;
	const pk_triple *t;
	size_t n, i;
	int rc = 0;

	w = raptor_new_world();
	if (!w || raptor_world_open(w)) {
		rc = PK_ENOMEM;
		goto out;
	}
	raptor_world_set_log_handler(w, log, pk_serialize_logger);
	ser = raptor_new_serializer(w, syn->raptor_name);
	if (!ser) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (syn->namespaces) {
		for (i = 0; i < pk_prefixes_len; i++) {
			raptor_uri *u = raptor_new_uri(w, (const unsigned char *)pk_prefixes[i].iri);

			if (!u) {
				rc = PK_ENOMEM;
				goto out;
			}
			raptor_serializer_set_namespace(ser, u, (const unsigned char *)pk_prefixes[i].prefix);
			raptor_free_uri(u);
		}
	}
	if (raptor_serializer_start_to_file_handle(ser, NULL, fh)) {
		rc = PK_EIO;
		goto out;
	}
	if (syn->quads) {
		const pk_quad *q;

		pk_graph_quads_sorted(&q, &n, g);
		for (i = 0; i < n && rc == 0; i++)
			rc = pk_serialize_statement(w, ser, &q[i].t, q[i].g);
	} else {
		pk_graph_sorted(&t, &n, g);
		for (i = 0; i < n && rc == 0; i++)
			if (!t[i].retracted)
				rc = pk_serialize_statement(w, ser, &t[i], NULL);
	}
	if (rc < 0)
		goto out;
	if (raptor_serializer_serialize_end(ser))
		rc = PK_EIO;
out:
	if (ser)
		raptor_free_serializer(ser);
	if (w)
		raptor_free_world(w);
	if (rc == 0 && log->errors)
		rc = PK_EIO;
	return rc;
}

int pk_serialize_write(pk_graph *g, const char *path, const char *syntax,
	const pk_diag *diag)
{
	const pk_serialize_syntax *syn = pk_serialize_find(syntax ? syntax : "turtle");
	pk_serialize_log log = { diag, path ? path : "-", 0 };
	pk_buf tmp = PK_BUF_INIT;
	struct stat sb;
	char *real = NULL;
	FILE *fh = NULL;
	int fd = -1, rc = 0;

	if (!syn) {
		pk_diag_emit(diag, PK_SEV_ERROR, "unknown output format '%s' (%s)",
			syntax, pk_serialize_names());
		return PK_EUSAGE;
	}
	if (!path || strcmp(path, "-") == 0) {
		rc = pk_serialize_to(g, stdout, syn, &log);
		if (rc == 0 && fflush(stdout) != 0) {
			pk_diag_emit(diag, PK_SEV_ERROR, "stdout: %s", strerror(errno));
			rc = PK_EIO;
		}
		return rc;
	}
	/* A symbolic link is followed: the file it names is replaced. */
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		real = realpath(path, NULL);
		if (real)
			path = real;
	}
	/* A FIFO or a device is written into: renaming over it would
	 * replace it (as root, /dev/null itself). */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if (S_ISDIR(sb.st_mode)) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: is a directory", path);
			rc = PK_EIO;
			goto out;
		}
		fh = fopen(path, "wb");
		if (!fh) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
			rc = PK_EIO;
			goto out;
		}
		log.path = path;
		rc = pk_serialize_to(g, fh, syn, &log);
		if (fclose(fh) != 0 && rc == 0) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
			rc = PK_EIO;
		}
		fh = NULL;
		goto out;
	}
	if (pk_buf_printf(&tmp, "%s.tmp-XXXXXX", path) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot create a temporary file beside it: %s",
			path, strerror(errno));
		rc = PK_EIO;
		goto out;
	}
	fh = fdopen(fd, "wb");
	if (!fh) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", tmp.ptr, strerror(errno));
		rc = PK_EIO;
		goto out;
	}
	fd = -1;
	rc = pk_serialize_to(g, fh, syn, &log);
	if (rc == 0 && (fflush(fh) != 0 || ferror(fh) || fsync(fileno(fh)) != 0)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		rc = PK_EIO;
	}
	if (fclose(fh) != 0 && rc == 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		rc = PK_EIO;
	}
	fh = NULL;
	if (rc == 0) {
		/* mkstemp makes 0600; an output file is an ordinary file */
		mode_t mask = umask(0);

		umask(mask);
		chmod(tmp.ptr, 0666 & ~mask);
		if (rename(tmp.ptr, path) != 0) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
			rc = PK_EIO;
		}
	} else if (rc == PK_EIO && !log.errors) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: write failed; the old file is untouched", path);
	}
out:
	if (fh)
		fclose(fh);
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp.ptr)
		unlink(tmp.ptr);
	pk_buf_free(&tmp);
	free(real);
	return rc;
}
