/*
 * cmd_load.c - `policykg load FILE... --store DB`: RDF files into a store,
 * all or nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void pk_load_help(FILE *out)
{
	fprintf(out,
		"usage: policykg load --store DB [OPTIONS] FILE...\n"
		"\n"
		"Load Turtle or N-Triples files into the store DB (a directory, created\n"
		"when missing). The load is all or nothing: if any file fails to parse,\n"
		"the store is left as it was.\n"
		"\n"
		"Options:\n"
		"  -s, --store DB       the store directory (required)\n"
		"  -f, --format NAME    turtle or ntriples (default: from the file name)\n"
		"  -q, --quiet          no summary line\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Exit codes: 0 ok, 1 a file did not parse (store unchanged), 2 usage,\n"
		"5 the store could not be used.\n");
}

int pk_cmd_load(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *store = NULL, *format = NULL;
	pk_cli_diag dstate;
	pk_diag diag;
	pk_store *st = NULL;
	int c, quiet = 0, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:f:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 's': store = optarg; break;
		case 'f': format = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': pk_load_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default: pk_load_help(stderr); return PK_EXIT_USAGE;
		}
	}
	if (!store) {
		pk_cli_usage_error("load", "--store DB is required");
		return PK_EXIT_USAGE;
	}
	if (optind >= argc) {
		pk_cli_usage_error("load", "no file to load");
		return PK_EXIT_USAGE;
	}
	if (format && strcmp(format, "turtle") && strcmp(format, "ntriples")) {
		pk_cli_usage_error("load", "unknown format '%s' (turtle, ntriples)", format);
		return PK_EXIT_USAGE;
	}
	pk_cli_diag_init(&diag, &dstate, 0);
	rc = pk_store_load_files(store, (const char *const *)argv + optind,
		(size_t)(argc - optind), format, &diag);
	if (rc < 0)
		return pk_cli_exit_for(rc);
	if (!quiet && pk_store_open(&st, store, PK_STORE_READONLY, &diag) == 0) {
		fprintf(stderr, "policykg: loaded %d file%s into %s: %ld triples\n", argc - optind,
			argc - optind == 1 ? "" : "s", store, pk_store_size(st));
		pk_store_free(st);
	}
	return PK_EXIT_OK;
}
