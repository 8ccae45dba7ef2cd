/*
 * cmd_extract.c - `policykg extract`: articles in, graph out.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void pk_extract_help(FILE *out)
{
	fprintf(out,
		"usage: policykg extract [OPTIONS] INPUT...\n"
		"\n"
		"Read articles (plain text or HTML; files, directories walked recursively,\n"
		"or '-' for stdin) and write their knowledge graph. In a directory, the\n"
		".txt, .text, .html, .htm, .xhtml and extension-less files are articles.\n"
		"\n"
		"Options:\n"
		"  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
		"  -f, --format NAME        turtle (default), ntriples, nquads (each triple in\n"
		"                           the named graph of its document), rdfxml, dot\n"
		"  -r, --rules DIR          rules directory (default: the installed rules/)\n"
		"      --doc-date DATE      publication date (YYYY-MM-DD) for articles without one\n"
		"      --reference-date D   today's date for undated articles (default: today)\n"
		"      --manifest FILE      per-article date, URL and publisher: tab-separated\n"
		"                           lines PATH DATE URL PUBLISHER ('-' for unknown)\n"
		"  -s, --store DB           put each article's graph into the store DB (created\n"
		"                           when missing), replacing what it held for the\n"
		"                           article; nothing is written to stdout then\n"
		"      --wait SECONDS       with --store: wait this long for other processes\n"
		"                           using the store (default 10)\n"
		"  -j, --jobs N             read and match articles on N threads (default 1;\n"
		"                           the output is the same bytes for any N)\n"
		"      --triggers MODE      on (default): a rule runs only on sentences with its\n"
		"                           trigger words; off: every rule everywhere (same\n"
		"                           output, slower); check: off, and warn when a rule\n"
		"                           matches where its trigger would have skipped it\n"
		"  -q, --quiet              no warnings, only errors\n"
		"      --progress           a progress line on stderr (default when it is a terminal)\n"
		"  -h, --help               this help\n"
		"  -V, --version            the version\n"
		"\n");
	pk_cli_limit_help(out);
	fprintf(out,
		"\n"
		"ntriples and nquads are written as the articles are read (memory grows with\n"
		"the distinct actors, persons and agreements, not with the corpus); the file\n"
		"appears when everything was read.\n"
		"\n"
		"Exit codes: 0 ok, 1 some inputs skipped (the rest written), 2 usage,\n"
		"3 broken rules, 4 the output could not be written, 5 the store could not\n"
		"be used or is busy.\n");
}

int pk_cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "rules", required_argument, NULL, 'r' },
		{ "doc-date", required_argument, NULL, 'D' },
		{ "reference-date", required_argument, NULL, 'R' },
		{ "manifest", required_argument, NULL, 'M' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "progress", no_argument, NULL, 'P' },
		{ "store", required_argument, NULL, 's' },
		{ "wait", required_argument, NULL, 'W' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "triggers", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		PK_CLI_LIMIT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	pk_extract_options opts = PK_EXTRACT_OPTIONS_INIT;
	pk_store_options sopts = PK_STORE_OPTIONS_INIT;
	pk_store_changes changes;
	pk_store_batch *batch = NULL;
	const char *output = NULL, *format = "turtle", *rules = NULL, *store = NULL;
	char buf[4096];
	pk_cli_diag dstate;
	pk_diag diag;
	pk_ruleset *rs = NULL;
	pk_extractor *ex = NULL;
	int c, quiet = 0, rc, partial = 0, code = PK_EXIT_OK, i;

	opts.progress = isatty(2);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:f:r:s:j:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'f': format = optarg; break;
		case 'r': rules = optarg; break;
		case 'D': opts.doc_date = optarg; break;
		case 'R': opts.reference_date = optarg; break;
		case 'M': opts.manifest = optarg; break;
		case 'q': quiet = 1; break;
		case 'P': opts.progress = 1; break;
		case 's': store = optarg; break;
		case 'W':
			if (pk_cli_parse_wait(&sopts.wait, "extract", optarg) < 0)
				return PK_EXIT_USAGE;
			break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);

			if (end == optarg || *end || n < 1 || n > PK_EXTRACT_MAX_JOBS) {
				pk_cli_usage_error("extract", "--jobs wants a number from 1 to %d, not '%s'",
					PK_EXTRACT_MAX_JOBS, optarg);
				return PK_EXIT_USAGE;
			}
			opts.jobs = (int)n;
			break;
		}
		case 'T':
			if (strcmp(optarg, "on") && strcmp(optarg, "off") && strcmp(optarg, "check")) {
				pk_cli_usage_error("extract", "--triggers wants on, off or check, not '%s'", optarg);
				return PK_EXIT_USAGE;
			}
			opts.triggers = optarg[1] == 'n' ? PK_TRIGGERS_ON :
				optarg[1] == 'f' ? PK_TRIGGERS_OFF : PK_TRIGGERS_CHECK;
			break;
		case 'h': pk_extract_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default:
			if ((rc = pk_cli_limit_option(&opts, "extract", c, optarg)) > 0)
				break;
			if (rc == 0)
				pk_extract_help(stderr);
			return PK_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		pk_cli_usage_error("extract", "no input given");
		return PK_EXIT_USAGE;
	}
	if (!pk_extractor_format_known(format)) {
		pk_cli_usage_error("extract", "unknown format '%s' (turtle, ntriples, nquads, rdfxml, dot)",
			format);
		return PK_EXIT_USAGE;
	}
	if (opts.doc_date && !pk_cli_valid_date(opts.doc_date)) {
		pk_cli_usage_error("extract", "--doc-date wants YYYY-MM-DD, not '%s'", opts.doc_date);
		return PK_EXIT_USAGE;
	}
	if (opts.reference_date && !pk_cli_valid_date(opts.reference_date)) {
		pk_cli_usage_error("extract", "--reference-date wants YYYY-MM-DD, not '%s'",
			opts.reference_date);
		return PK_EXIT_USAGE;
	}
	if (quiet)
		opts.progress = 0;
	pk_cli_diag_init(&diag, &dstate, quiet);
	if (!rules)
		rules = pk_cli_data_dir("rules", buf, sizeof buf);
	if ((rc = pk_ruleset_load(&rs, rules, &diag)) < 0) {
		if (rc == PK_ERULES)
			fprintf(stderr, "policykg: extract: not started: the rules in %s are broken\n", rules);
		code = pk_cli_exit_for(rc);
		goto out;
	}
	if ((rc = pk_extractor_new(&ex, rs, &opts, &diag)) < 0) {
		code = pk_cli_exit_for(rc);
		goto out;
	}
	/* N-Triples and N-Quads are written as they come; the other formats
	 * need only the merged graph (--store takes each document's) */
	if (!store && (pk_extractor_streams(format) ?
	    (rc = pk_extractor_stream(ex, output, format)) :
	    (rc = pk_extractor_merged_only(ex))) < 0) {
		code = pk_cli_exit_for(rc);
		goto out;
	}
	for (i = optind; i < argc; i++) {
		rc = pk_extractor_add_path(ex, argv[i]);
		if (rc == PK_EINPUT) {
			partial = 1;
		} else if (rc < 0) {
			code = pk_cli_exit_for(rc);
			goto out;
		}
	}
	if (pk_extractor_document_count(ex) == 0 && partial) {
		fprintf(stderr, "policykg: extract: no input could be read; %s not written\n",
			output ? output : "nothing");
		code = PK_EXIT_PARTIAL;
		goto out;
	}
	if (store) {
		char what[64];

		sopts.flags = PK_STORE_CREATE;
		snprintf(what, sizeof what, "extracted %zu document%s into",
			pk_extractor_document_count(ex),
			pk_extractor_document_count(ex) == 1 ? "" : "s");
		if ((rc = pk_store_batch_new(&batch, &diag)) < 0 ||
		    (rc = pk_store_batch_add_graph(batch, pk_extractor_graph(ex))) < 0 ||
		    (rc = pk_cli_store_apply(&changes, store, &sopts, batch, what, quiet,
			&diag)) < 0) {
			code = pk_cli_exit_for(rc);
			goto out;
		}
	}
	if ((!store || output) && (rc = pk_extractor_write(ex, output, format)) < 0) {
		code = pk_cli_exit_for(rc);
		goto out;
	}
	if (output && strcmp(output, "-") != 0 && !quiet)
		fprintf(stderr, "policykg: wrote %s: %zu documents, %zu triples\n", output,
			pk_extractor_document_count(ex), pk_extractor_triple_count(ex));
	code = partial ? PK_EXIT_PARTIAL : PK_EXIT_OK;
out:
	pk_store_batch_free(batch);
	pk_extractor_free(ex);
	pk_ruleset_free(rs);
	return code;
}
