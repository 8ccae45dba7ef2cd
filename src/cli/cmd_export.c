/*
 * cmd_export.c - `policykg export --format cypher|kuzu|neo4j-csv GRAPH
 * [-o FILE|DIR] [--forget DOC ...]`: a graph file for property-graph
 * databases.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void pk_export_help(FILE *out)
{
	const char *name, *summary;
	size_t i;

	fprintf(out,
		"usage: policykg export --format FORMAT GRAPH [-o FILE|DIR] [--forget DOC]...\n"
		"       policykg export --format cypher|kuzu --forget DOC... [-o FILE]\n"
		"\n"
		"Write the graph file GRAPH (Turtle; N-Triples by the name .nt, N-Quads by\n"
		".nq) for a property-graph database: every IRI a node keyed by its uri, its\n"
		"types as labels, rdfs:label@ko/@en as label_ko/label_en, skos:altLabel as\n"
		"the list altLabel, other literals as properties by local name, IRI objects\n"
		"as relationships typed by the predicate's local name (party, organizer ...).\n"
		"\n"
		"Each named graph of N-Quads is a document (extract -f nquads: one per\n"
		"article); Turtle or N-Triples is one document, file:///ABSOLUTE/PATH. The\n"
		"Cypher replaces its documents in the database: what they stated before\n"
		"goes (unless another document states it too), what they state now is\n"
		"merged; relationships and nodes keep their documents as the list docs.\n"
		"Export a changed article and run the script: the database holds what a\n"
		"fresh load of every current article gives. Running it twice changes nothing.\n"
		"\n"
		"Formats:\n");
	for (i = 0; (name = pk_export_format(i, &summary, NULL)) != NULL; i++)
		fprintf(out, "  %-10s %s\n", name, summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -f, --format FORMAT  one of the formats above (required)\n"
		"      --forget DOC     take the document DOC out too (repeatable): its\n"
		"                       IRI, pkgid:document/ID or ID (cypher, kuzu)\n"
		"  -o, --output PATH    the file (default: stdout), or for neo4j-csv the\n"
		"                       directory (required: new, empty, or a previous export)\n"
		"  -q, --quiet          no notes or warnings (renamed names); errors still\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Output is written beside its target and renamed into place.\n"
		"Exit codes: 0 ok, 2 usage, 4 the graph could not be read or parsed, or\n"
		"the output could not be written (the old one is left as it was).\n");
}

/* --forget DOC: an IRI as it is; pkgid:document/ID or a bare ID as the
 * IRI of an extracted article, https://w3id.org/policykg/id/document/ID. */
static int pk_export_forget_add(char ***v, size_t *n, const char *doc)
{
	static const char pkgid[] = "pkgid:document/", base[] = "https://w3id.org/policykg/id/document/";
	const char *id = doc;
	char **p, *iri;
	size_t len;

	if (strncmp(doc, pkgid, sizeof pkgid - 1) == 0)
		id = doc + sizeof pkgid - 1;
	else if (strchr(doc, ':'))
		id = NULL;
	if (!*doc || strpbrk(doc, " \t\r\n<>\"") || (id && (!*id || strchr(id, '/')))) {
		pk_cli_usage_error("export", "--forget '%s': not a document IRI, pkgid:document/ID or ID", doc);
		return PK_EXIT_USAGE;
	}
	len = (id ? sizeof base - 1 + strlen(id) : strlen(doc)) + 1;
	if (!(p = realloc(*v, (*n + 1) * sizeof *p)) || !(iri = malloc(len))) {
		if (p)
			*v = p;
		fputs("policykg: error: out of memory\n", stderr);
		return PK_EXIT_INTERNAL;
	}
	*v = p;
	if (id) {
		memcpy(iri, base, sizeof base - 1);
		memcpy(iri + sizeof base - 1, id, strlen(id) + 1);
	} else {
		memcpy(iri, doc, len);
	}
	(*v)[(*n)++] = iri;
	return PK_EXIT_OK;
}

static void pk_export_forget_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int pk_cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "forget", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	pk_export_options opts = PK_EXPORT_OPTIONS_INIT;
	const char *format = NULL, *output = NULL, *name;
	char **forget = NULL;
	size_t nforget = 0;
	pk_cli_diag dstate;
	pk_diag diag;
	size_t i;
	int c, rc, dir = 0, quiet = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'q': quiet = 1; break;
		case 'F':
			if ((rc = pk_export_forget_add(&forget, &nforget, optarg)) != PK_EXIT_OK) {
				pk_export_forget_free(forget, nforget);
				return rc;
			}
			break;
		case 'h': rc = PK_EXIT_OK; pk_export_help(stdout); goto out;
		case 'V': rc = PK_EXIT_OK; printf("policykg %s\n", pk_version()); goto out;
		default: rc = PK_EXIT_USAGE; pk_export_help(stderr); goto out;
		}
	}
	rc = PK_EXIT_USAGE;
	if (!format) {
		pk_cli_usage_error("export", "--format is required (cypher, kuzu, neo4j-csv, kuzu-csv)");
		goto out;
	}
	for (i = 0; (name = pk_export_format(i, NULL, &dir)) != NULL; i++)
		if (strcmp(name, format) == 0)
			break;
	if (!name) {
		pk_cli_usage_error("export", "unknown format '%s' (cypher, kuzu, neo4j-csv, kuzu-csv)", format);
		goto out;
	}
	if (dir && (!output || strcmp(output, "-") == 0)) {
		pk_cli_usage_error("export", "--format %s writes a directory: give -o DIR", format);
		goto out;
	}
	if (dir && nforget) {
		pk_cli_usage_error("export", "--forget is for the Cypher formats (a CSV directory is a new database)");
		goto out;
	}
	if (argc - optind > 1 || (argc - optind == 0 && !nforget)) {
		pk_cli_usage_error("export", "give one graph file (or only --forget DOC)");
		goto out;
	}
	pk_cli_diag_init(&diag, &dstate, quiet);
	opts.format = format;
	opts.output = output;
	opts.forget = (const char *const *)forget;
	opts.nforget = nforget;
	rc = pk_export_file(optind < argc ? argv[optind] : NULL, &opts, &diag);
	rc = rc == PK_EINPUT || rc == PK_EIO ? PK_EXIT_IO : pk_cli_exit_for(rc);
out:
	pk_export_forget_free(forget, nforget);
	return rc;
}
