/*
 * cmd_query.c - `policykg query --store DB (-e SPARQL | FILE | NAME)`:
 * SPARQL over a store, printed as a table, csv, tsv or json.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static void pk_query_help(FILE *out)
{
	fprintf(out,
		"usage: policykg query --store DB [OPTIONS] (-e SPARQL | FILE.rq | NAME)\n"
		"\n"
		"Run a SPARQL query over the store DB. A NAME without '/' or '.rq' is\n"
		"looked up in the installed queries/ directory (persons -> queries/persons.rq).\n"
		"The prefixes pkg: pkgid: rdf: rdfs: xsd: owl: skos: dcterms: prov: org:\n"
		"schema: foaf: are predeclared.\n"
		"\n"
		"Options:\n"
		"  -s, --store DB       the store directory (required)\n"
		"  -e, --expr SPARQL    the query text\n"
		"  -f, --format NAME    table (default), csv, tsv or json\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Exit codes: 0 ok, 2 usage, 4 the query file could not be read,\n"
		"5 the store could not be opened, 6 the query failed.\n");
}

static int pk_query_is_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

int pk_cmd_query(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "expr", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *store = NULL, *expr = NULL, *format = "table", *qname = NULL;
	char dirbuf[4096], path[4352];
	char *text = NULL;
	pk_cli_diag dstate;
	pk_diag diag;
	pk_store *st = NULL;
	pk_table *t = NULL;
	pk_table_format fmt;
	int c, rc, code = PK_EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:e:f:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 's': store = optarg; break;
		case 'e': expr = optarg; break;
		case 'f': format = optarg; break;
		case 'h': pk_query_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default: pk_query_help(stderr); return PK_EXIT_USAGE;
		}
	}
	if (!store) {
		pk_cli_usage_error("query", "--store DB is required");
		return PK_EXIT_USAGE;
	}
	if (pk_table_format_parse(&fmt, format) < 0) {
		pk_cli_usage_error("query", "unknown format '%s' (table, csv, tsv, json)", format);
		return PK_EXIT_USAGE;
	}
	if ((expr != NULL) == (optind < argc) || argc - optind > 1) {
		pk_cli_usage_error("query", "give either -e SPARQL or one query file or name");
		return PK_EXIT_USAGE;
	}
	pk_cli_diag_init(&diag, &dstate, 0);
	if (!expr) {
		const char *arg = argv[optind];
		size_t len;

		if (!pk_query_is_file(arg) && !strchr(arg, '/')) {
			snprintf(path, sizeof path, "%s/%s%s",
				pk_cli_data_dir("queries", dirbuf, sizeof dirbuf), arg,
				strstr(arg, ".rq") ? "" : ".rq");
			arg = path;
		}
		if (!pk_query_is_file(arg)) {
			fprintf(stderr, "policykg: error: %s: no such query file\n", arg);
			return PK_EXIT_IO;
		}
		{
			FILE *f = fopen(arg, "rb");
			long n;

			if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
			    fseek(f, 0, SEEK_SET) != 0 || !(text = malloc((size_t)n + 1))) {
				fprintf(stderr, "policykg: error: %s: cannot read\n", arg);
				if (f)
					fclose(f);
				return PK_EXIT_IO;
			}
			len = fread(text, 1, (size_t)n, f);
			text[len] = '\0';
			fclose(f);
		}
		expr = text;
		qname = arg;
	}
	if ((rc = pk_store_open(&st, store, PK_STORE_READONLY, &diag)) < 0) {
		code = pk_cli_exit_for(rc);
		goto out;
	}
	if ((rc = pk_store_query_named(&t, st, expr, qname)) < 0) {
		code = pk_cli_exit_for(rc);
		goto out;
	}
	if (pk_table_write(t, stdout, fmt) < 0 || fflush(stdout) != 0)
		code = PK_EXIT_IO;
out:
	pk_table_free(t);
	pk_store_free(st);
	free(text);
	return code;
}
