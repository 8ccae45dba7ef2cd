/*
 * cmd_query.c - `policykg query --store DB (-e SPARQL | FILE | NAME)`:
 * SPARQL over a store, printed as a table, csv, tsv or json; a NAME is a
 * question kept in queries/, and --param binds values into it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#define PK_QUERY_MAX_PARAMS 16

enum {
	PK_QUERY_OPT_TIMEOUT = 0x1000,
	PK_QUERY_OPT_MAX_ROWS,
	PK_QUERY_OPT_ALLOW_SERVICE
};

static void pk_query_help(FILE *out)
{
	fprintf(out,
		"usage: policykg query --store DB [OPTIONS] (-e SPARQL | FILE.rq | NAME)\n"
		"       policykg query --list\n"
		"\n"
		"Run a SPARQL query over the store DB. A NAME without '/' or '.rq' is\n"
		"looked up in the installed queries/ directory (persons -> queries/persons.rq);\n"
		"--list shows them. The prefixes pkg: pkgid: rdf: rdfs: xsd: owl: skos:\n"
		"dcterms: prov: org: schema: foaf: are predeclared. The default graph holds\n"
		"each triple once; GRAPH ?doc { ... } matches in each document.\n"
		"\n"
		"Options:\n"
		"  -s, --store DB          the store (required)\n"
		"  -e, --expr SPARQL       the query text\n"
		"  -p, --param NAME=VALUE  bind the query's variable ?NAME to VALUE, an RDF\n"
		"                          term: <IRI>, pkgid:msit, \"text\", \"text\"@ko,\n"
		"                          \"2024-05-01\"^^xsd:date, or bare: a date\n"
		"                          (2024-05-01), a number, true/false, a word.\n"
		"                          Values are data, never query text. Repeatable.\n"
		"  -f, --format NAME       table (default), csv, tsv, json or xml\n"
		"  -w, --wait SECONDS      wait this long for a process changing the store\n"
		"                          (default 10)\n"
		"      --timeout SECONDS   give up on the query after this long, with no\n"
		"                          answer (default %g; 0: no limit)\n"
		"      --max-rows N        print at most N rows, warn and exit 1 when there\n"
		"                          were more (default %zu; 0: no limit)\n"
		"      --allow-service     run SERVICE <URL> patterns, which send the query\n"
		"                          over HTTP to URL; without it such a query is\n"
		"                          refused (exit 6)\n"
		"  -l, --list              list the named queries and their parameters\n"
		"  -h, --help              this help\n"
		"  -V, --version           the version\n"
		"\n"
		"Exit codes: 0 ok, 1 the answer was cut at --max-rows, 2 usage (a bad\n"
		"--param), 4 the query file could not be read, 5 the store could not be\n"
		"opened or is busy, 6 the query failed, was refused (SERVICE) or ran out\n"
		"of time (--timeout).\n", PK_QUERY_DEFAULT_TIMEOUT, PK_QUERY_DEFAULT_MAX_ROWS);
}

static int pk_query_is_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Each stored query with its summary and its "# param" lines. */
static int pk_query_list(void)
{
	char dirbuf[4096];
	const char *dir = pk_cli_data_dir("queries", dirbuf, sizeof dirbuf);
	pk_stored_query *qs = NULL;
	pk_cli_diag dstate;
	pk_diag diag;
	const char *p, *nl;
	size_t n = 0, i;
	int rc;

	pk_cli_diag_init(&diag, &dstate, 0);
	if ((rc = pk_stored_queries_list(&qs, &n, dir, &diag)) < 0)
		return pk_cli_exit_for(rc);
	for (i = 0; i < n; i++) {
		printf("%s\n", qs[i].name);
		for (p = qs[i].summary; *p; p = *nl ? nl + 1 : nl) {
			nl = strchr(p, '\n');
			if (!nl)
				nl = p + strlen(p);
			printf("    %.*s\n", (int)(nl - p), p);
		}
		for (p = qs[i].params; *p; p = nl + 1) {
			nl = strchr(p, '\n');
			if (!nl)
				nl = p + strlen(p);
			printf("    --param %.*s\n", (int)(nl - p), p);
			if (!*nl)
				break;
		}
	}
	pk_stored_queries_free(qs, n);
	return pk_cli_stdout_done(0) < 0 ? PK_EXIT_IO : PK_EXIT_OK;
}

static char *pk_query_read(const char *arg)
{
	FILE *f = fopen(arg, "rb");
	char *text;
	size_t len;
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || !(text = malloc((size_t)n + 1))) {
		if (f)
			fclose(f);
		return NULL;
	}
	len = fread(text, 1, (size_t)n, f);
	text[len] = '\0';
	fclose(f);
	return text;
}

int pk_cmd_query(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "expr", required_argument, NULL, 'e' },
		{ "param", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "wait", required_argument, NULL, 'w' },
		{ "timeout", required_argument, NULL, PK_QUERY_OPT_TIMEOUT },
		{ "max-rows", required_argument, NULL, PK_QUERY_OPT_MAX_ROWS },
		{ "allow-service", no_argument, NULL, PK_QUERY_OPT_ALLOW_SERVICE },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	pk_store_options opts = PK_STORE_OPTIONS_INIT;
	pk_query_options qopts = PK_QUERY_OPTIONS_INIT;
	pk_param params[PK_QUERY_MAX_PARAMS];
	char *param_names[PK_QUERY_MAX_PARAMS];
	const char *store = NULL, *expr = NULL, *format = "table", *qname = NULL;
	char dirbuf[4096];
	char *text = NULL, *bound = NULL, *qpath = NULL, *eq;
	pk_cli_diag dstate;
	pk_diag diag;
	pk_store *st = NULL;
	pk_table *t = NULL;
	pk_table_format fmt;
	size_t nparams = 0, i;
	int c, rc, list = 0, code = PK_EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:e:p:f:w:lhV", longopts, NULL)) != -1) {
		switch (c) {
		case 's': store = optarg; break;
		case 'e': expr = optarg; break;
		case 'p':
			eq = strchr(optarg, '=');
			if (!eq || eq == optarg) {
				pk_cli_usage_error("query", "--param wants NAME=VALUE, not '%s'", optarg);
				code = PK_EXIT_USAGE;
				goto out;
			}
			if (nparams == PK_QUERY_MAX_PARAMS) {
				pk_cli_usage_error("query", "at most %d --param", PK_QUERY_MAX_PARAMS);
				code = PK_EXIT_USAGE;
				goto out;
			}
			if (!(param_names[nparams] = malloc((size_t)(eq - optarg) + 1))) {
				code = PK_EXIT_INTERNAL;
				goto out;
			}
			memcpy(param_names[nparams], optarg, (size_t)(eq - optarg));
			param_names[nparams][eq - optarg] = '\0';
			params[nparams].name = param_names[nparams];
			params[nparams].value = eq + 1;
			nparams++;
			break;
		case 'f': format = optarg; break;
		case 'w':
			if (pk_cli_parse_wait(&opts.wait, "query", optarg) < 0) {
				code = PK_EXIT_USAGE;
				goto out;
			}
			break;
		case PK_QUERY_OPT_TIMEOUT:
			if (pk_cli_parse_timeout(&qopts.timeout, "query", optarg) < 0) {
				code = PK_EXIT_USAGE;
				goto out;
			}
			break;
		case PK_QUERY_OPT_MAX_ROWS:
			if (pk_cli_parse_rows(&qopts.max_rows, "query", optarg) < 0) {
				code = PK_EXIT_USAGE;
				goto out;
			}
			break;
		case PK_QUERY_OPT_ALLOW_SERVICE: qopts.allow_service = 1; break;
		case 'l': list = 1; break;
		case 'h': pk_query_help(stdout); goto out;
		case 'V': printf("policykg %s\n", pk_version()); goto out;
		default: pk_query_help(stderr); code = PK_EXIT_USAGE; goto out;
		}
	}
	if (list) {
		code = pk_query_list();
		goto out;
	}
	if (!store) {
		pk_cli_usage_error("query", "--store DB is required");
		code = PK_EXIT_USAGE;
		goto out;
	}
	if (pk_table_format_parse(&fmt, format) < 0) {
		pk_cli_usage_error("query", "unknown format '%s' (table, csv, tsv, json, xml)", format);
		code = PK_EXIT_USAGE;
		goto out;
	}
	if ((expr != NULL) == (optind < argc) || argc - optind > 1) {
		pk_cli_usage_error("query", "give either -e SPARQL or one query file or name");
		code = PK_EXIT_USAGE;
		goto out;
	}
	pk_cli_diag_init(&diag, &dstate, 0);
	if (!expr) {
		const char *arg = argv[optind];

		if (!pk_query_is_file(arg) && !strchr(arg, '/')) {
			/* a name: queries/NAME.rq */
			rc = pk_stored_query_read(&text, &qpath,
				pk_cli_data_dir("queries", dirbuf, sizeof dirbuf), arg, &diag);
			if (rc < 0) {
				code = rc == PK_EUSAGE ? PK_EXIT_IO : pk_cli_exit_for(rc);
				goto out;
			}
			arg = qpath;
		} else if (!pk_query_is_file(arg)) {
			fprintf(stderr, "policykg: error: %s: no such query file\n", arg);
			code = PK_EXIT_IO;
			goto out;
		} else if (!(text = pk_query_read(arg))) {
			fprintf(stderr, "policykg: error: %s: cannot read\n", arg);
			code = PK_EXIT_IO;
			goto out;
		}
		expr = text;
		qname = arg;
	}
	if ((rc = pk_sparql_bind(&bound, expr, params, nparams, &diag)) < 0) {
		code = pk_cli_exit_for(rc);
		goto out;
	}
	if ((rc = pk_store_open_with(&st, store, &opts, &diag)) < 0) {
		code = pk_cli_exit_for(rc);
		goto out;
	}
	qopts.name = qname;
	if ((rc = pk_store_query_with(&t, st, bound, &qopts)) < 0) {
		code = pk_cli_exit_for(rc);
		goto out;
	}
	/* the answer is ours: let writers in before printing it */
	pk_store_free(st);
	st = NULL;
	rc = pk_table_write(t, stdout, fmt);
	if (pk_cli_stdout_done(rc < 0 ? errno : 0) < 0 || rc < 0) {
		code = rc == PK_ENOMEM ? PK_EXIT_INTERNAL : PK_EXIT_IO;
		goto out;
	}
	/* after the rows, so that it is the last thing a person sees */
	if (t->truncated) {
		fprintf(stderr, "policykg: warning: %s: the answer has more than %zu "
			"rows; only the first %zu were printed (--max-rows)\n",
			qname ? qname : "query", t->nrows, t->nrows);
		code = PK_EXIT_TRUNCATED;
	}
out:
	for (i = 0; i < nparams; i++)
		free(param_names[i]);
	pk_table_free(t);
	pk_store_free(st);
	free(bound);
	free(text);
	free(qpath);
	return code;
}
