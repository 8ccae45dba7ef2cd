/*
 * cmd_forget.c - `policykg forget --store DB DOCUMENT...`: documents out
 * of a store, all or nothing.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static void pk_forget_help(FILE *out)
{
	fprintf(out,
		"usage: policykg forget --store DB [OPTIONS] DOCUMENT...\n"
		"\n"
		"Remove documents from the store DB with every triple only they state;\n"
		"resources other documents still mention stay. A DOCUMENT is a document\n"
		"IRI (<...> or full), pkgid:document/ID, a bare id as extract names it\n"
		"(000_f3690c1b6a91e66d), or the path of a loaded Turtle / N-Triples file.\n"
		"All of them are removed, or none.\n"
		"\n"
		"Options:\n"
		"  -s, --store DB       the store (required)\n"
		"  -w, --wait SECONDS   wait this long for other processes using the store\n"
		"                       (default 10)\n"
		"  -q, --quiet          no summary line\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Exit codes: 0 ok, 1 some documents were not in the store (the others\n"
		"were removed), 2 usage, 5 the store could not be used or is busy.\n");
}

int pk_cmd_forget(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "wait", required_argument, NULL, 'w' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	pk_store_options opts = PK_STORE_OPTIONS_INIT;
	pk_store_changes changes;
	const char *store = NULL;
	pk_cli_diag dstate;
	pk_diag diag;
	pk_store_batch *b = NULL;
	int c, quiet = 0, rc, code = PK_EXIT_OK, i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:w:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 's': store = optarg; break;
		case 'w':
			if (pk_cli_parse_wait(&opts.wait, "forget", optarg) < 0)
				return PK_EXIT_USAGE;
			break;
		case 'q': quiet = 1; break;
		case 'h': pk_forget_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default: pk_forget_help(stderr); return PK_EXIT_USAGE;
		}
	}
	if (!store) {
		pk_cli_usage_error("forget", "--store DB is required");
		return PK_EXIT_USAGE;
	}
	if (optind >= argc) {
		pk_cli_usage_error("forget", "no document to forget");
		return PK_EXIT_USAGE;
	}
	pk_cli_diag_init(&diag, &dstate, 0);
	if ((rc = pk_store_batch_new(&b, &diag)) < 0) {
		code = pk_cli_exit_for(rc);
		goto out;
	}
	for (i = optind; i < argc; i++)
		if ((rc = pk_store_batch_forget(b, argv[i])) < 0) {
			code = pk_cli_exit_for(rc);
			goto out;
		}
	opts.flags = 0;
	if ((rc = pk_cli_store_apply(&changes, store, &opts, b, "forgot in", quiet,
		&diag)) < 0) {
		code = pk_cli_exit_for(rc);
		goto out;
	}
	if (changes.missing)
		fprintf(stderr, "policykg: warning: %zu of the documents %s not in %s\n",
			changes.missing, changes.missing == 1 ? "was" : "were", store);
	code = changes.missing ? PK_EXIT_PARTIAL : PK_EXIT_OK;
out:
	pk_store_batch_free(b);
	return code;
}
