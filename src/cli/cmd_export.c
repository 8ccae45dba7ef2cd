/*
 * cmd_export.c - `policykg export --format cypher|kuzu|neo4j-csv GRAPH
 * [-o FILE|DIR]`: a graph file for property-graph databases.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void pk_export_help(FILE *out)
{
	const char *name, *summary;
	size_t i;

	fprintf(out,
		"usage: policykg export --format FORMAT GRAPH [-o FILE|DIR]\n"
		"\n"
		"Write the graph file GRAPH (Turtle, or N-Triples by the name .nt) for a\n"
		"property-graph database: every IRI a node keyed by its uri, its types as\n"
		"labels, rdfs:label@ko/@en as label_ko/label_en, skos:altLabel as the list\n"
		"altLabel, other literals as properties by local name, IRI objects as\n"
		"relationships typed by the predicate's local name (party, organizer ...).\n"
		"Running the Cypher twice gives the same graph.\n"
		"\n"
		"Formats:\n");
	for (i = 0; (name = pk_export_format(i, &summary, NULL)) != NULL; i++)
		fprintf(out, "  %-10s %s\n", name, summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -f, --format FORMAT  one of the formats above (required)\n"
		"  -o, --output PATH    the file (default: stdout), or for neo4j-csv the\n"
		"                       directory (required: new, empty, or a previous export)\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Output is written beside its target and renamed into place.\n"
		"Exit codes: 0 ok, 2 usage, 4 the graph could not be read or parsed, or\n"
		"the output could not be written (the old one is left as it was).\n");
}

int pk_cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *format = NULL, *output = NULL, *name;
	pk_cli_diag dstate;
	pk_diag diag;
	size_t i;
	int c, rc, dir = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'h': pk_export_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default: pk_export_help(stderr); return PK_EXIT_USAGE;
		}
	}
	if (!format) {
		pk_cli_usage_error("export", "--format is required (cypher, kuzu, neo4j-csv)");
		return PK_EXIT_USAGE;
	}
	for (i = 0; (name = pk_export_format(i, NULL, &dir)) != NULL; i++)
		if (strcmp(name, format) == 0)
			break;
	if (!name) {
		pk_cli_usage_error("export", "unknown format '%s' (cypher, kuzu, neo4j-csv)", format);
		return PK_EXIT_USAGE;
	}
	if (dir && (!output || strcmp(output, "-") == 0)) {
		pk_cli_usage_error("export", "--format %s writes a directory: give -o DIR", format);
		return PK_EXIT_USAGE;
	}
	if (argc - optind != 1) {
		pk_cli_usage_error("export", "give one graph file");
		return PK_EXIT_USAGE;
	}
	pk_cli_diag_init(&diag, &dstate, 0);
	rc = pk_export_file(argv[optind], format, output, &diag);
	if (rc == PK_EINPUT || rc == PK_EIO)
		return PK_EXIT_IO;
	return pk_cli_exit_for(rc);
}
