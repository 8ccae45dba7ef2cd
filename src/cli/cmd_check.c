/*
 * cmd_check.c - `policykg check --store DB [--repair]`: does the store's
 * index hold exactly what its documents say?
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static void pk_check_help(FILE *out)
{
	fprintf(out,
		"usage: policykg check --store DB [OPTIONS]\n"
		"\n"
		"Compare the index of the store DB with its documents (docs/): for each\n"
		"document, the number and a digest of its statements; graphs the index\n"
		"holds that no document has; the distinct triples of the default graph.\n"
		"Each difference is named on stderr.  Opening a store already checks what\n"
		"is cheap (index files present, whole, unchanged since last verified) and\n"
		"rebuilds a damaged index; 'check' reads everything.\n"
		"\n"
		"Options:\n"
		"  -s, --store DB       the store (required; a directory store)\n"
		"  -r, --repair         rebuild the index from docs/ when it differs\n"
		"  -w, --wait SECONDS   wait this long for a process changing the store\n"
		"                       (default 10)\n"
		"  -q, --quiet          no summary line\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Exit codes: 0 the index matches, 1 it differed (rebuilt with --repair),\n"
		"2 usage, 5 the store could not be opened, read or rebuilt.\n");
}

int pk_cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "repair", no_argument, NULL, 'r' },
		{ "wait", required_argument, NULL, 'w' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	pk_store_options opts = PK_STORE_OPTIONS_INIT;
	pk_store_check_result res;
	const char *store = NULL;
	pk_cli_diag dstate;
	pk_diag diag;
	pk_store *st = NULL;
	int c, rc, repair = 0, quiet = 0, code = PK_EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:rw:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 's': store = optarg; break;
		case 'r': repair = 1; break;
		case 'q': quiet = 1; break;
		case 'w':
			if (pk_cli_parse_wait(&opts.wait, "check", optarg) < 0)
				return PK_EXIT_USAGE;
			break;
		case 'h': pk_check_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default: pk_check_help(stderr); return PK_EXIT_USAGE;
		}
	}
	if (!store) {
		pk_cli_usage_error("check", "--store DB is required");
		return PK_EXIT_USAGE;
	}
	if (optind < argc) {
		pk_cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
		return PK_EXIT_USAGE;
	}
	pk_cli_diag_init(&diag, &dstate, quiet);
	opts.flags = repair ? 0 : PK_STORE_READONLY;
	if ((rc = pk_store_open_with(&st, store, &opts, &diag)) < 0 ||
	    (rc = pk_store_check(&res, st, repair)) < 0) {
		code = pk_cli_exit_for(rc);
		goto out;
	}
	if (res.differences)
		code = PK_EXIT_VIOLATIONS;
	if (!quiet)
		fprintf(stderr, "policykg: %s: %ld document%s checked, %ld difference%s%s\n",
			store, res.documents, res.documents == 1 ? "" : "s",
			res.differences, res.differences == 1 ? "" : "s",
			res.repaired ? "; the index was rebuilt from docs/" :
			res.differences ? " (run with --repair to rebuild the index)" :
			": the index matches");
out:
	pk_store_free(st);
	return code;
}
