/*
 * cmd_review.c - `policykg review`: a static site to check what was
 * extracted, where, and why.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void pk_review_help(FILE *out)
{
	fprintf(out,
		"usage: policykg review [OPTIONS] -o DIR INPUT...\n"
		"       policykg review --store DB -o DIR\n"
		"\n"
		"Write a static review site to DIR: index.html, listing every document with\n"
		"its date, publisher and counts of facts above a timeline of all agreements\n"
		"and events (filterable by actor), and one page per document with its text,\n"
		"every match highlighted by kind (organization, country, person, title,\n"
		"date, agreement, event, place; particles outside the span), the resource,\n"
		"class, resolved value and rule of each on hover or focus, the facts read\n"
		"from it, each linked to its evidence sentences, and its warnings.\n"
		"The pages need no network and work from file://.\n"
		"\n"
		"INPUTs are articles as extract reads them. With --store, the documents of\n"
		"the store are reviewed instead: their text is then only the evidence\n"
		"sentences the store keeps, and there are no warnings.\n"
		"\n"
		"DIR must be new, empty or an earlier review, which is replaced whole\n"
		"(built beside it and swapped in); anything else is refused.\n"
		"\n"
		"Options:\n"
		"  -o, --output DIR         the site's directory (required)\n"
		"  -s, --store DB           review what the store DB holds\n"
		"  -r, --rules DIR          rules directory (default: the installed rules/)\n"
		"      --doc-date DATE      publication date (YYYY-MM-DD) for articles without one\n"
		"      --reference-date D   today's date for undated articles (default: today)\n"
		"      --manifest FILE      per-article date, URL and publisher (as extract)\n"
		"      --wait SECONDS       with --store: wait this long for a writer (default 10)\n"
		"  -q, --quiet              no warnings on stderr (they are still on the pages)\n"
		"  -h, --help               this help\n"
		"  -V, --version            the version\n"
		"\n"
		"Exit codes: 0 ok, 1 some inputs skipped (the rest written), 2 usage,\n"
		"3 broken rules, 4 DIR could not be written, 5 the store could not be used.\n");
}

int pk_cmd_review(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "store", required_argument, NULL, 's' },
		{ "rules", required_argument, NULL, 'r' },
		{ "doc-date", required_argument, NULL, 'D' },
		{ "reference-date", required_argument, NULL, 'R' },
		{ "manifest", required_argument, NULL, 'M' },
		{ "wait", required_argument, NULL, 'W' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	pk_review_options opts = PK_REVIEW_OPTIONS_INIT;
	pk_store_options sopts = PK_STORE_OPTIONS_INIT;
	const char *output = NULL, *store = NULL, *rules = NULL;
	char buf[4096];
	pk_cli_diag dstate;
	pk_diag diag;
	pk_ruleset *rs = NULL;
	pk_store *st = NULL;
	size_t ndocs = 0;
	int c, quiet = 0, rc, code;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:s:r:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 's': store = optarg; break;
		case 'r': rules = optarg; break;
		case 'D': opts.extract.doc_date = optarg; break;
		case 'R': opts.extract.reference_date = optarg; break;
		case 'M': opts.extract.manifest = optarg; break;
		case 'W':
			if (pk_cli_parse_wait(&sopts.wait, "review", optarg) < 0)
				return PK_EXIT_USAGE;
			break;
		case 'q': quiet = 1; break;
		case 'h': pk_review_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default: pk_review_help(stderr); return PK_EXIT_USAGE;
		}
	}
	if (!output || !*output) {
		pk_cli_usage_error("review", "give the site's directory with -o DIR");
		return PK_EXIT_USAGE;
	}
	if ((optind < argc) == (store != NULL)) {
		pk_cli_usage_error("review", "give articles or --store DB (one of the two)");
		return PK_EXIT_USAGE;
	}
	if (opts.extract.doc_date && !pk_cli_valid_date(opts.extract.doc_date)) {
		pk_cli_usage_error("review", "--doc-date wants YYYY-MM-DD, not '%s'", opts.extract.doc_date);
		return PK_EXIT_USAGE;
	}
	if (opts.extract.reference_date && !pk_cli_valid_date(opts.extract.reference_date)) {
		pk_cli_usage_error("review", "--reference-date wants YYYY-MM-DD, not '%s'",
			opts.extract.reference_date);
		return PK_EXIT_USAGE;
	}
	pk_cli_diag_init(&diag, &dstate, quiet);
	if (store) {
		sopts.flags = PK_STORE_READONLY;
		if ((rc = pk_store_open_with(&st, store, &sopts, &diag)) < 0) {
			code = pk_cli_exit_for(rc);
			goto out;
		}
		opts.store = st;
	} else {
		if (!rules)
			rules = pk_cli_data_dir("rules", buf, sizeof buf);
		if ((rc = pk_ruleset_load(&rs, rules, &diag)) < 0) {
			if (rc == PK_ERULES)
				fprintf(stderr, "policykg: review: not started: the rules in %s are broken\n", rules);
			code = pk_cli_exit_for(rc);
			goto out;
		}
		opts.rules = rs;
	}
	rc = pk_review_write(&ndocs, output, (const char *const *)argv + optind,
		store ? 0 : (size_t)(argc - optind), &opts, &diag);
	if (rc < 0 && ndocs == 0) {
		code = rc == PK_EINPUT ? PK_EXIT_PARTIAL : pk_cli_exit_for(rc);
		goto out;
	}
	if (!quiet)
		fprintf(stderr, "policykg: wrote %s: %zu document page%s and index.html\n", output,
			ndocs, ndocs == 1 ? "" : "s");
	code = rc == PK_EINPUT ? PK_EXIT_PARTIAL : PK_EXIT_OK;
out:
	pk_store_free(st);
	pk_ruleset_free(rs);
	return code;
}
