/*
 * cmd_stats.c - `policykg stats --store DB`: how many documents, triples
 * and resources of each class a store holds.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static void pk_stats_help(FILE *out)
{
	fprintf(out,
		"usage: policykg stats --store DB [OPTIONS]\n"
		"\n"
		"Print what the store DB holds: its documents, its distinct triples, its\n"
		"statements (a triple counts once per document that states it), and the\n"
		"number of resources of each class.\n"
		"\n"
		"Options:\n"
		"  -s, --store DB       the store (required)\n"
		"  -f, --format NAME    the class table as table (default), csv, tsv or json\n"
		"  -w, --wait SECONDS   wait this long for a process changing the store\n"
		"                       (default 10)\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Exit codes: 0 ok, 2 usage, 5 the store could not be opened or is busy.\n");
}

int pk_cmd_stats(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "wait", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	pk_store_options opts = PK_STORE_OPTIONS_INIT;
	const char *store = NULL, *format = "table";
	pk_table_format fmt;
	pk_store_info info;
	pk_cli_diag dstate;
	pk_diag diag;
	pk_store *st = NULL;
	pk_table *t = NULL;
	int c, rc, code = PK_EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:f:w:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 's': store = optarg; break;
		case 'f': format = optarg; break;
		case 'w':
			if (pk_cli_parse_wait(&opts.wait, "stats", optarg) < 0)
				return PK_EXIT_USAGE;
			break;
		case 'h': pk_stats_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default: pk_stats_help(stderr); return PK_EXIT_USAGE;
		}
	}
	if (!store) {
		pk_cli_usage_error("stats", "--store DB is required");
		return PK_EXIT_USAGE;
	}
	if (optind < argc) {
		pk_cli_usage_error("stats", "unexpected argument '%s'", argv[optind]);
		return PK_EXIT_USAGE;
	}
	if (pk_table_format_parse(&fmt, format) < 0) {
		pk_cli_usage_error("stats", "unknown format '%s' (table, csv, tsv, json)", format);
		return PK_EXIT_USAGE;
	}
	pk_cli_diag_init(&diag, &dstate, 0);
	if ((rc = pk_store_open_with(&st, store, &opts, &diag)) < 0 ||
	    (rc = pk_store_info_get(&info, st)) < 0 ||
	    (rc = pk_store_classes(&t, st)) < 0) {
		code = pk_cli_exit_for(rc);
		goto out;
	}
	if (fmt == PK_TABLE_TEXT)
		printf("store       %s (%s, generation %lu)\n"
			"documents   %ld\n"
			"triples     %ld\n"
			"statements  %ld\n"
			"\n", store, info.backend, info.generation, info.documents,
			info.triples, info.statements);
	rc = pk_table_write(t, stdout, fmt);
	if (pk_cli_stdout_done(rc < 0 ? errno : 0) < 0 || rc < 0)
		code = rc == PK_ENOMEM ? PK_EXIT_INTERNAL : PK_EXIT_IO;
out:
	pk_table_free(t);
	pk_store_free(st);
	return code;
}
