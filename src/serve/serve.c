/*
 * serve.c - `policykg serve`: a SPARQL 1.1 Protocol endpoint over a store,
 * on libmicrohttpd (a thread per connection, its own listening thread).
 *
 *   GET  /sparql?query=Q[&format=F]      a query in the URL
 *   POST /sparql                         query=Q (x-www-form-urlencoded)
 *                                        or Q itself (application/sparql-query)
 *   GET  /queries/NAME?VAR=VALUE...      a stored query (queries/NAME.rq), each
 *                                        parameter bound as pk_sparql_bind does
 *   GET  /                               the query page (serve_page.c)
 *
 * An answer is 200 with the negotiated media type (serve_write.c); 400 a
 * query that does not parse or run, or a bad parameter (the text says
 * why); 404 an unknown path or stored query; 405 another method (Allow
 * says which); 413 a query or body over the limit; 415 a POST body of
 * another type; 403 SPARQL Update (the endpoint is read-only); 503 a
 * query out of time, or a store busy past the wait; 500 the store could
 * not be opened.  A SELECT cut at the row limit is 200 with the header
 * X-Policykg-Truncated.  The store is only ever read, through
 * serve_store.c, which says how queries and `load` share it.
 */
#define _POSIX_C_SOURCE 200809L
#include "serve/serve_int.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <microhttpd.h>

#define PK_SERVE_MAX_PARAMS 16
#define PK_SERVE_DEFAULT_CONNECTIONS 64
#define PK_SERVE_IDLE_TIMEOUT 30 /* seconds a connection may stay silent */

struct pk_server {
	struct MHD_Daemon *daemon;
	pk_serve_store store;
	pk_diag diag;
	char *queries;          /* stored queries' directory, NULL: none */
	size_t max_query_bytes;
	unsigned port;
};

/* One request: its body as it arrives. */
typedef struct pk_serve_request {
	pk_buf body;
	int too_large;
} pk_serve_request;

/* ---- replies ------------------------------------------------------------------- */

/* Send body (malloc'd, taken) with status. */
static enum MHD_Result pk_serve_reply(struct MHD_Connection *c, unsigned status,
	const char *type, char *body, size_t len, const char *allow,
	int truncated)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, "*");
	if (allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	if (truncated)
		MHD_add_response_header(r, "X-Policykg-Truncated", "true");
	if (status == 503)
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* A plain-text error: the message and a newline. */
static enum MHD_Result pk_serve_error(struct MHD_Connection *c, unsigned status,
	const char *allow, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum MHD_Result pk_serve_error(struct MHD_Connection *c, unsigned status,
	const char *allow, const char *fmt, ...)
{
	pk_buf b = PK_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = pk_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc < 0 || pk_buf_putc(&b, '\n') < 0) {
		pk_buf_free(&b);
		return MHD_NO;
	}
	return pk_serve_reply(c, status, "text/plain; charset=utf-8", b.ptr, b.len,
		allow, 0);
}

/* Run sparql and answer it in the negotiated format. */
static enum MHD_Result pk_serve_answer_query(pk_server *srv,
	struct MHD_Connection *c, const char *sparql, const char *name,
	const char *format)
{
	pk_serve_answer a;
	pk_serve_media media;
	const char *type;
	char *body = NULL;
	size_t len = 0;
	enum MHD_Result ret;

	if (pk_serve_store_query(&a, &srv->store, sparql, name) < 0)
		return pk_serve_error(c, 500, NULL, "out of memory");
	if (a.status != 200) {
		ret = pk_serve_error(c, a.status, NULL, "%s", a.error ? a.error : "failed");
		pk_serve_answer_clear(&a);
		return ret;
	}
	media = pk_serve_negotiate(format, MHD_lookup_connection_value(c,
		MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT), a.table->is_graph);
	if (pk_serve_write(&body, &len, &type, a.table, media) < 0) {
		pk_serve_answer_clear(&a);
		return pk_serve_error(c, 500, NULL, "cannot write the answer");
	}
	ret = pk_serve_reply(c, 200, type, body, len, NULL, a.table->truncated);
	pk_serve_answer_clear(&a);
	return ret;
}

/* ---- forms ---------------------------------------------------------------------- */

static int pk_serve_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The value of key in an x-www-form-urlencoded body, decoded and
 * malloc'd; *out NULL when it is not there. */
static int pk_serve_form_value(char **out, const char *body, size_t len,
	const char *key)
{
	size_t klen = strlen(key), i;
	const char *p = body, *end = body + len, *amp, *v;
	pk_buf b = PK_BUF_INIT;
	int hi, lo, rc = 0;

	*out = NULL;
	for (; p < end; p = amp + 1) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (!amp)
			amp = end;
		if ((size_t)(amp - p) <= klen || strncmp(p, key, klen) != 0 ||
		    p[klen] != '=')
			continue;
		for (v = p + klen + 1, i = 0; v + i < amp && rc == 0; i++) {
			if (v[i] == '+') {
				rc = pk_buf_putc(&b, ' ');
			} else if (v[i] == '%' && v + i + 2 < amp &&
			    (hi = pk_serve_hex(v[i + 1])) >= 0 &&
			    (lo = pk_serve_hex(v[i + 2])) >= 0) {
				rc = pk_buf_putc(&b, (char)(hi * 16 + lo));
				i += 2;
			} else {
				rc = pk_buf_putc(&b, v[i]);
			}
		}
		/* detach gives "" for an empty value */
		if (rc == 0 && !(*out = pk_buf_detach(&b)))
			rc = PK_ENOMEM;
		break;
	}
	pk_buf_free(&b);
	return rc;
}

/* ---- routes --------------------------------------------------------------------- */

static enum MHD_Result pk_serve_sparql(pk_server *srv, struct MHD_Connection *c,
	const char *method, pk_serve_request *req)
{
	const char *ctype, *query, *format;
	char *form_query = NULL, *form_format = NULL, *update = NULL;
	enum MHD_Result ret;
	size_t n;

	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
		query = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "query");
		format = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
		if (!query || !*query)
			return pk_serve_error(c, 400, NULL, "no query: GET /sparql?query=...");
		if (strlen(query) > srv->max_query_bytes)
			return pk_serve_error(c, 413, NULL, "the query is longer than %zu "
				"bytes", srv->max_query_bytes);
		return pk_serve_answer_query(srv, c, query, NULL, format);
	}
	if (strcmp(method, "POST") != 0)
		return pk_serve_error(c, 405, "GET, HEAD, POST", "%s: not allowed on "
			"/sparql", method);
	if (req->too_large)
		return pk_serve_error(c, 413, NULL, "the request body is larger than "
			"%zu bytes", srv->max_query_bytes);
	ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!ctype)
		ctype = "";
	n = strcspn(ctype, "; \t");
	format = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
	if (n == strlen("application/sparql-query") &&
	    strncasecmp(ctype, "application/sparql-query", n) == 0) {
		/* pk_buf keeps its bytes NUL-terminated once it has any */
		if (!req->body.len)
			return pk_serve_error(c, 400, NULL, "no query: the body is empty");
		return pk_serve_answer_query(srv, c, req->body.ptr, NULL, format);
	}
	if (n == strlen("application/sparql-update") &&
	    strncasecmp(ctype, "application/sparql-update", n) == 0)
		return pk_serve_error(c, 403, NULL, "this endpoint is read-only: "
			"SPARQL Update is refused");
	if (n != strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED) ||
	    strncasecmp(ctype, MHD_HTTP_POST_ENCODING_FORM_URLENCODED, n) != 0)
		return pk_serve_error(c, 415, NULL, "POST a query as "
			"application/x-www-form-urlencoded (query=...) or "
			"application/sparql-query, not '%s'", ctype);
	if (pk_serve_form_value(&form_query, req->body.ptr, req->body.len, "query") < 0 ||
	    pk_serve_form_value(&form_format, req->body.ptr, req->body.len, "format") < 0 ||
	    pk_serve_form_value(&update, req->body.ptr, req->body.len, "update") < 0) {
		ret = MHD_NO;
	} else if (update) {
		ret = pk_serve_error(c, 403, NULL, "this endpoint is read-only: "
			"SPARQL Update is refused");
	} else if (!form_query || !*form_query) {
		ret = pk_serve_error(c, 400, NULL, "no query: the form has no query=...");
	} else {
		ret = pk_serve_answer_query(srv, c, form_query, NULL,
			form_format ? form_format : format);
	}
	free(form_query);
	free(form_format);
	free(update);
	return ret;
}

typedef struct pk_serve_args {
	pk_param params[PK_SERVE_MAX_PARAMS];
	size_t n;
	int overflow;
} pk_serve_args;

static enum MHD_Result pk_serve_collect_arg(void *cls, enum MHD_ValueKind kind,
	const char *key, const char *value)
{
	pk_serve_args *args = cls;

	PK_UNUSED(kind);
	if (strcmp(key, "format") == 0)
		return MHD_YES;
	if (args->n == PK_SERVE_MAX_PARAMS) {
		args->overflow = 1;
		return MHD_NO;
	}
	args->params[args->n].name = key;
	args->params[args->n].value = value ? value : "";
	args->n++;
	return MHD_YES;
}

static void pk_serve_collect_error(void *ud, pk_severity sev, const char *msg)
{
	pk_buf *b = ud;

	if (sev < PK_SEV_ERROR)
		return;
	if (b->len)
		pk_buf_putc(b, '\n');
	pk_buf_puts(b, msg);
}

/* /queries/NAME: the stored query with the URL's parameters bound. */
static enum MHD_Result pk_serve_stored(pk_server *srv, struct MHD_Connection *c,
	const char *method, const char *name)
{
	pk_buf errors = PK_BUF_INIT;
	pk_diag diag = { .fn = pk_serve_collect_error, .ud = &errors, .temp = NULL };
	pk_serve_args args = { .n = 0, .overflow = 0 };
	char *text = NULL, *bound = NULL;
	enum MHD_Result ret;
	int rc;

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return pk_serve_error(c, 405, "GET, HEAD", "%s: not allowed on "
			"/queries/", method);
	if (!srv->queries)
		return pk_serve_error(c, 404, NULL, "no stored queries here");
	rc = pk_stored_query_read(&text, NULL, srv->queries, name, &diag);
	if (rc < 0) {
		ret = rc == PK_ENOMEM ? MHD_NO : pk_serve_error(c, 404, NULL,
			"no stored query '%s' (the list is at /)", name);
		goto out;
	}
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, pk_serve_collect_arg, &args);
	if (args.overflow) {
		ret = pk_serve_error(c, 400, NULL, "at most %d parameters",
			PK_SERVE_MAX_PARAMS);
		goto out;
	}
	rc = pk_sparql_bind(&bound, text, args.params, args.n, &diag);
	if (rc < 0) {
		ret = rc == PK_ENOMEM ? MHD_NO : pk_serve_error(c, 400, NULL, "%s",
			errors.len ? errors.ptr : "bad parameter");
		goto out;
	}
	/* messages name the query as its file: NAME.rq */
	pk_buf_clear(&errors);
	if (pk_buf_printf(&errors, "%s.rq", name) < 0) {
		ret = MHD_NO;
		goto out;
	}
	ret = pk_serve_answer_query(srv, c, bound, errors.ptr,
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format"));
out:
	free(text);
	free(bound);
	pk_buf_free(&errors);
	return ret;
}

static enum MHD_Result pk_serve_root(pk_server *srv, struct MHD_Connection *c,
	const char *method)
{
	pk_buf page = PK_BUF_INIT, errors = PK_BUF_INIT;
	pk_diag diag = { .fn = pk_serve_collect_error, .ud = &errors, .temp = NULL };
	pk_stored_query *qs = NULL;
	const char *edit;
	char *text = NULL;
	size_t n = 0;
	int rc = 0;

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return pk_serve_error(c, 405, "GET, HEAD", "%s: not allowed on /", method);
	edit = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "edit");
	if (srv->queries) {
		/* a directory that cannot be listed leaves the list empty */
		pk_stored_queries_list(&qs, &n, srv->queries, &diag);
		if (edit)
			pk_stored_query_read(&text, NULL, srv->queries, edit, &diag);
	}
	rc = pk_serve_page(&page, qs, n, text);
	pk_stored_queries_free(qs, n);
	free(text);
	pk_buf_free(&errors);
	if (rc < 0) {
		pk_buf_free(&page);
		return MHD_NO;
	}
	return pk_serve_reply(c, 200, "text/html; charset=utf-8", page.ptr, page.len,
		NULL, 0);
}

static enum MHD_Result pk_serve_handle(void *cls, struct MHD_Connection *c,
	const char *url, const char *method, const char *version,
	const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	pk_server *srv = cls;
	pk_serve_request *req = *con_cls;

	PK_UNUSED(version);
	if (!req) {
		if (!(req = calloc(1, sizeof *req)))
			return MHD_NO;
		*con_cls = req;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		/* keep reading a body that is too large, answer 413 at its end */
		if (req->too_large || req->body.len + *upload_data_size > srv->max_query_bytes) {
			req->too_large = 1;
			pk_buf_free(&req->body);
		} else if (pk_buf_put(&req->body, upload_data, *upload_data_size) < 0) {
			return MHD_NO;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (strcmp(url, "/sparql") == 0)
		return pk_serve_sparql(srv, c, method, req);
	if (strncmp(url, "/queries/", 9) == 0 && url[9])
		return pk_serve_stored(srv, c, method, url + 9);
	if (strcmp(url, "/") == 0)
		return pk_serve_root(srv, c, method);
	return pk_serve_error(c, 404, NULL, "%s: nothing here (the endpoint is "
		"/sparql, the query page /)", url);
}

static void pk_serve_completed(void *cls, struct MHD_Connection *c,
	void **con_cls, enum MHD_RequestTerminationCode toe)
{
	pk_serve_request *req = *con_cls;

	PK_UNUSED(cls);
	PK_UNUSED(c);
	PK_UNUSED(toe);
	if (!req)
		return;
	pk_buf_free(&req->body);
	free(req);
	*con_cls = NULL;
}

/* ---- the server ------------------------------------------------------------------ */

int pk_serve_start(pk_server **out, const pk_serve_options *opts,
	const pk_diag *diag)
{
	pk_query_options q = opts->query;
	struct sockaddr_storage addr;
	struct sockaddr_in *in4 = (struct sockaddr_in *)&addr;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&addr;
	const char *bind = opts->bind ? opts->bind : "127.0.0.1";
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;
	pk_store_options sopts = PK_STORE_OPTIONS_INIT;
	pk_server *srv = NULL;
	pk_store *st = NULL;
	int rc = 0;

	*out = NULL;
	if (!opts->store)
		return PK_EUSAGE;
	memset(&addr, 0, sizeof addr);
	if (inet_pton(AF_INET, bind, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((unsigned short)opts->port);
	} else if (inet_pton(AF_INET6, bind, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((unsigned short)opts->port);
		flags |= MHD_USE_IPv6;
	} else {
		pk_diag_emit(diag, PK_SEV_ERROR, "'%s' is not an IPv4 or IPv6 address", bind);
		return PK_EUSAGE;
	}
	/* the store must open now: a typo is told at once, not per request */
	sopts.wait = opts->wait;
	if ((rc = pk_store_open_with(&st, opts->store, &sopts, diag)) < 0)
		return rc;
	pk_store_free(st);

	if (q.timeout == 0)
		q.timeout = PK_SERVE_DEFAULT_TIMEOUT;
	if (q.max_rows == 0)
		q.max_rows = PK_SERVE_DEFAULT_MAX_ROWS;
	q.allow_service = 0; /* a query from the network never calls out */
	if (!(srv = calloc(1, sizeof *srv))) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (diag)
		srv->diag = *diag;
	srv->max_query_bytes = opts->max_query_bytes ? opts->max_query_bytes :
		PK_SERVE_DEFAULT_MAX_QUERY_BYTES;
	if ((opts->queries && !(srv->queries = pk_strdup(opts->queries))) ||
	    (rc = pk_serve_store_init(&srv->store, opts->store, opts->wait, &q,
		&srv->diag)) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	srv->daemon = MHD_start_daemon(flags, (uint16_t)opts->port, NULL, NULL,
		pk_serve_handle, srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)(opts->max_connections ?
			opts->max_connections : PK_SERVE_DEFAULT_CONNECTIONS),
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)PK_SERVE_IDLE_TIMEOUT,
		/* room for a GET of a query at the limit, %-encoded */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(3 * srv->max_query_bytes + 65536),
		MHD_OPTION_NOTIFY_COMPLETED, pk_serve_completed, srv,
		MHD_OPTION_END);
	if (!srv->daemon) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s port %u: cannot listen (in use, "
			"or not an address of this host)", bind, opts->port);
		rc = PK_EIO;
		goto out;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : opts->port;
	*out = srv;
	srv = NULL;
out:
	pk_serve_stop(srv);
	return rc;
}

unsigned pk_serve_port(const pk_server *srv)
{
	return srv->port;
}

void pk_serve_stop(pk_server *srv)
{
	if (!srv)
		return;
	if (srv->daemon)
		MHD_stop_daemon(srv->daemon);
	pk_serve_store_fini(&srv->store);
	free(srv->queries);
	free(srv);
}
