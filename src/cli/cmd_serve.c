/*
 * cmd_serve.c - `policykg serve --store DB`: a SPARQL endpoint over the
 * store until SIGINT or SIGTERM (the library's pk_serve_*: src/serve/).
 *
 * The signals are blocked before the server's threads start, so every
 * thread inherits the mask and this one takes them with sigwait(): a
 * clean stop (requests in flight finish, the store is closed) without a
 * handler or a flag.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	PK_SERVE_OPT_BIND = 0x1000,
	PK_SERVE_OPT_TIMEOUT,
	PK_SERVE_OPT_MAX_ROWS,
	PK_SERVE_OPT_MAX_QUERY_BYTES,
	PK_SERVE_OPT_QUERIES
};

static void pk_serve_help(FILE *out)
{
	fprintf(out,
		"usage: policykg serve --store DB [OPTIONS]\n"
		"\n"
		"Answer SPARQL over HTTP (the SPARQL 1.1 Protocol) from the store DB until\n"
		"SIGINT or SIGTERM. Read-only. Paths:\n"
		"  /sparql          GET ?query=..., or POST query=... (form) or the query\n"
		"                   itself (application/sparql-query). Results by the\n"
		"                   Accept header: SPARQL JSON (default), XML, CSV, TSV;\n"
		"                   CONSTRUCT as Turtle (default) or N-Triples; or say\n"
		"                   format=json|xml|csv|tsv|turtle|ntriples\n"
		"  /queries/NAME    a stored query, ?VAR=VALUE binds its parameters as\n"
		"                   `query --param` does\n"
		"  /                a query page, the stored queries one click away\n"
		"Errors: 400 bad query or parameter (the text says why), 404, 405, 413 a\n"
		"query over --max-query-bytes, 503 out of time or the store busy.\n"
		"\n"
		"Options:\n"
		"  -s, --store DB            the store (required)\n"
		"  -p, --port N              the port (default 8000; 0: any free one,\n"
		"                            printed on stderr)\n"
		"      --bind ADDR           the address to listen on (default 127.0.0.1;\n"
		"                            0.0.0.0 or :: opens it to the network)\n"
		"      --queries DIR         the stored queries (default: the installed\n"
		"                            queries/)\n"
		"      --timeout SECONDS     give up on a query after this long (default %g;\n"
		"                            0: no limit)\n"
		"      --max-rows N          rows of an answer at most; more are cut, with\n"
		"                            the header X-Policykg-Truncated (default %zu;\n"
		"                            0: no limit)\n"
		"      --max-query-bytes N   a longer query or body is refused, 413\n"
		"                            (default %zu)\n"
		"  -w, --wait SECONDS        how long a query waits for a load to finish\n"
		"                            before it is answered 503 (default 10)\n"
		"  -h, --help                this help\n"
		"  -V, --version             the version\n"
		"\n"
		"Exit codes: 0 stopped by SIGINT or SIGTERM, 2 usage, 4 the address\n"
		"cannot be listened on, 5 the store could not be opened or is busy.\n",
		PK_SERVE_DEFAULT_TIMEOUT, PK_SERVE_DEFAULT_MAX_ROWS,
		PK_SERVE_DEFAULT_MAX_QUERY_BYTES);
}

/* A whole number in [lo, hi]; -1 after a usage error was printed. */
static int pk_serve_parse_number(size_t *out, const char *opt, const char *arg,
	size_t lo, size_t hi)
{
	unsigned long long v;
	char *end;

	v = strtoull(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || v < lo || v > hi) {
		pk_cli_usage_error("serve", "%s wants a whole number from %zu to %zu, "
			"not '%s'", opt, lo, hi, arg);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

int pk_cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'p' },
		{ "bind", required_argument, NULL, PK_SERVE_OPT_BIND },
		{ "queries", required_argument, NULL, PK_SERVE_OPT_QUERIES },
		{ "timeout", required_argument, NULL, PK_SERVE_OPT_TIMEOUT },
		{ "max-rows", required_argument, NULL, PK_SERVE_OPT_MAX_ROWS },
		{ "max-query-bytes", required_argument, NULL, PK_SERVE_OPT_MAX_QUERY_BYTES },
		{ "wait", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	pk_serve_options opts = PK_SERVE_OPTIONS_INIT;
	char dirbuf[4096];
	pk_cli_diag dstate;
	pk_diag diag;
	pk_server *srv = NULL;
	sigset_t sigs;
	size_t n;
	int c, sig, rc, code = PK_EXIT_OK;

	opts.port = 8000;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:p:w:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 's': opts.store = optarg; break;
		case 'p':
			if (pk_serve_parse_number(&n, "--port", optarg, 0, 65535) < 0) {
				code = PK_EXIT_USAGE;
				goto out;
			}
			opts.port = (unsigned)n;
			break;
		case PK_SERVE_OPT_BIND: opts.bind = optarg; break;
		case PK_SERVE_OPT_QUERIES: opts.queries = optarg; break;
		case PK_SERVE_OPT_TIMEOUT:
			if (pk_cli_parse_timeout(&opts.query.timeout, "serve", optarg) < 0) {
				code = PK_EXIT_USAGE;
				goto out;
			}
			break;
		case PK_SERVE_OPT_MAX_ROWS:
			if (pk_cli_parse_rows(&opts.query.max_rows, "serve", optarg) < 0) {
				code = PK_EXIT_USAGE;
				goto out;
			}
			break;
		case PK_SERVE_OPT_MAX_QUERY_BYTES:
			if (pk_serve_parse_number(&opts.max_query_bytes, "--max-query-bytes",
				optarg, 1, (size_t)64 << 20) < 0) {
				code = PK_EXIT_USAGE;
				goto out;
			}
			break;
		case 'w':
			if (pk_cli_parse_wait(&opts.wait, "serve", optarg) < 0) {
				code = PK_EXIT_USAGE;
				goto out;
			}
			break;
		case 'h': pk_serve_help(stdout); goto out;
		case 'V': printf("policykg %s\n", pk_version()); goto out;
		default: pk_serve_help(stderr); code = PK_EXIT_USAGE; goto out;
		}
	}
	if (!opts.store || optind < argc) {
		pk_cli_usage_error("serve", optind < argc ? "unexpected argument '%s'" :
			"--store DB is required", optind < argc ? argv[optind] : "");
		code = PK_EXIT_USAGE;
		goto out;
	}
	if (!opts.queries)
		opts.queries = pk_cli_data_dir("queries", dirbuf, sizeof dirbuf);
	pk_cli_diag_init(&diag, &dstate, 0);

	/* blocked before the server's threads exist: they inherit it */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	if ((rc = pk_serve_start(&srv, &opts, &diag)) < 0) {
		code = rc == PK_EIO ? PK_EXIT_IO : pk_cli_exit_for(rc);
		goto out;
	}
	fprintf(stderr, "policykg: serving %s at http://%s%s%s:%u/sparql\n", opts.store,
		opts.bind && strchr(opts.bind, ':') ? "[" : "",
		opts.bind ? opts.bind : "127.0.0.1",
		opts.bind && strchr(opts.bind, ':') ? "]" : "", pk_serve_port(srv));
	fflush(stderr);
	if (sigwait(&sigs, &sig) == 0)
		fprintf(stderr, "policykg: %s: stopping\n", strsignal(sig));
out:
	pk_serve_stop(srv);
	return code;
}
