/*
 * cmd_explain.c - `policykg explain IRI (--graph FILE | --store DB)`: why
 * a resource is in the graph, with the sentences it was read from.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void pk_explain_help(FILE *out)
{
	fprintf(out,
		"usage: policykg explain (--graph FILE | --store DB) IRI\n"
		"\n"
		"Show a resource's types and labels and why it is in the graph: each piece\n"
		"of evidence as its document, the sentence with the matched text marked\n"
		"between ⟦ and ⟧, and the rule that fired; for a resource without evidence\n"
		"(a gazetteer actor), the documents it is mentioned in. Then the resources\n"
		"that point at it. IRI is <IRI>, a full IRI, or prefixed with pkg: or\n"
		"pkgid: (pkgid:msit, pkgid:person/baegyeonghun).\n"
		"\n"
		"Options:\n"
		"  -g, --graph FILE     a Turtle or N-Triples file (as extract writes it)\n"
		"  -s, --store DB       a store (as load writes it)\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Exit codes: 0 ok, 1 the graph has nothing on IRI, 2 usage,\n"
		"4 the graph file could not be read or parsed, 5 the store could not be used.\n");
}

int pk_cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "graph", required_argument, NULL, 'g' },
		{ "store", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	pk_explain_options opts = PK_EXPLAIN_OPTIONS_INIT;
	const char *store = NULL;
	pk_cli_diag dstate;
	pk_diag diag;
	pk_store *st = NULL;
	int c, rc, found = 0, code = PK_EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "g:s:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'g': opts.graph = optarg; break;
		case 's': store = optarg; break;
		case 'h': pk_explain_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default: pk_explain_help(stderr); return PK_EXIT_USAGE;
		}
	}
	if ((opts.graph != NULL) == (store != NULL)) {
		pk_cli_usage_error("explain", "give one of --graph FILE and --store DB");
		return PK_EXIT_USAGE;
	}
	if (argc - optind != 1) {
		pk_cli_usage_error("explain", "give one IRI");
		return PK_EXIT_USAGE;
	}
	pk_cli_diag_init(&diag, &dstate, 0);
	if (store && (rc = pk_store_open(&st, store, PK_STORE_READONLY, &diag)) < 0)
		return pk_cli_exit_for(rc);
	opts.store = st;
	opts.color = isatty(STDOUT_FILENO);
	rc = pk_explain_write(&found, argv[optind], &opts, stdout, &diag);
	if (pk_cli_stdout_done(rc < 0 ? errno : 0) < 0 || rc == PK_EINPUT || rc == PK_EIO)
		code = PK_EXIT_IO;
	else if (rc < 0)
		code = pk_cli_exit_for(rc);
	else if (!found) {
		fprintf(stderr, "policykg: explain: %s: not in %s\n", argv[optind],
			opts.graph ? opts.graph : store);
		code = PK_EXIT_UNKNOWN;
	}
	pk_store_free(st);
	return code;
}
