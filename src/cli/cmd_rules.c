/*
 * cmd_rules.c - `policykg rules check [DIR]`: load and compile every rule
 * file, report each problem as FILE:LINE: message; `policykg rules
 * schema`: what a rule may output, as the tables of rules/README.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void pk_rules_help(FILE *out)
{
	fprintf(out,
		"usage: policykg rules check [DIR]\n"
		"       policykg rules schema\n"
		"\n"
		"check: load every *.rules and *.gaz file under DIR (default: the installed\n"
		"rules/), compile the patterns and check the references between entries and\n"
		"the groups and lexicon values against the schema. Every problem is printed\n"
		"as FILE:LINE: message.\n"
		"\n"
		"schema: print what a rule may output (the groups of each yield, the values\n"
		"of each lexicon) as the Markdown tables of rules/README.md.\n"
		"\n"
		"Options:\n"
		"  -h, --help     this help\n"
		"  -V, --version  the version\n"
		"\n"
		"Exit codes: 0 the rules are sound, 2 usage, 3 problems were found.\n");
}

int pk_cmd_rules(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	char buf[4096];
	const char *dir;
	pk_cli_diag dstate;
	pk_diag diag;
	pk_ruleset *rs = NULL;
	size_t ne, nr, nt;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': pk_rules_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default: pk_rules_help(stderr); return PK_EXIT_USAGE;
		}
	}
	if (optind < argc && strcmp(argv[optind], "schema") == 0) {
		if (argc - optind > 1) {
			pk_cli_usage_error("rules", "'rules schema' takes no argument");
			return PK_EXIT_USAGE;
		}
		return pk_cli_exit_for(pk_schema_print(stdout));
	}
	if (optind >= argc || strcmp(argv[optind], "check") != 0) {
		pk_cli_usage_error("rules", "expected 'check' or 'schema'");
		return PK_EXIT_USAGE;
	}
	if (argc - optind > 2) {
		pk_cli_usage_error("rules", "'rules check' takes one directory");
		return PK_EXIT_USAGE;
	}
	dir = optind + 1 < argc ? argv[optind + 1] : pk_cli_data_dir("rules", buf, sizeof buf);
	pk_cli_diag_init(&diag, &dstate, 0);
	rc = pk_ruleset_load(&rs, dir, &diag);
	if (rc < 0) {
		/* out of memory is no problem of the rules (exit 70) */
		if (rc == PK_ERULES)
			fprintf(stderr, "policykg: %s: %zu problem%s\n", dir, dstate.errors,
				dstate.errors == 1 ? "" : "s");
		return pk_cli_exit_for(rc);
	}
	pk_ruleset_counts(rs, &ne, &nr, &nt);
	printf("%s: ok: %zu entities, %zu titles, %zu rules\n", dir, ne, nt, nr);
	pk_ruleset_free(rs);
	return PK_EXIT_OK;
}
