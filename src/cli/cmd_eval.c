/*
 * cmd_eval.c - `policykg eval --gold DIR INPUT...`: extract each article
 * alone, compare its facts with DIR/<name>.gold, print precision, recall
 * and F1 per fact type and overall, and what was wrong.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void pk_eval_help(FILE *out)
{
	fprintf(out,
		"usage: policykg eval --gold DIR [OPTIONS] INPUT...\n"
		"\n"
		"Extract each article (files or directories, as for extract) on its own and\n"
		"compare its facts with the gold file DIR/NAME.gold (NAME: the article's\n"
		"file name without extension; the format is in tests/corpus/README.md).\n"
		"Prints precision, recall and F1 per fact type and overall, then every\n"
		"false positive with the rule that produced it and every false negative\n"
		"with its gold line. Articles without a gold file are skipped.\n"
		"\n"
		"Options:\n"
		"  -g, --gold DIR           the gold files (required)\n"
		"  -r, --rules DIR          rules directory (default: the installed rules/)\n"
		"      --doc-date DATE      publication date (YYYY-MM-DD) for articles without one\n"
		"      --reference-date D   today's date for undated articles (default: today)\n"
		"  -f, --format NAME        the score table: text (default) or tsv\n"
		"      --min-f1 X           exit 1 when the overall F1 is below X (0 to 1)\n"
		"  -k, --known DIR          the exact oracle: DIR/NAME.known lists the gold\n"
		"                           lines NAME is known to miss and the facts it is\n"
		"                           known to find wrongly; exit 1 on any difference\n"
		"      --write-known        rewrite the known files to what this run finds\n"
		"  -q, --quiet              only the score table\n"
		"  -h, --help               this help\n"
		"  -V, --version            the version\n"
		"\n");
	pk_cli_limit_help(out);
	fprintf(out,
		"\n"
		"Exit codes: 0 ok, 1 overall F1 below --min-f1 or the known files differ,\n"
		"2 usage, 3 broken rules,\n"
		"4 a gold file is broken or an article could not be read.\n");
}

/* --min-f1: a number from 0 to 1. */
static int pk_eval_parse_min(double *out, const char *s)
{
	char *end;

	*out = strtod(s, &end);
	return end != s && *end == '\0' && *out >= 0.0 && *out <= 1.0;
}

/* The options that can be wrong: 0 when they are all right. */
static int pk_eval_check(const pk_eval_options *opts, const char *format, int ninputs)
{
	if (!opts->gold_dir) {
		pk_cli_usage_error("eval", "--gold DIR is required");
		return -1;
	}
	if (ninputs <= 0) {
		pk_cli_usage_error("eval", "no input given");
		return -1;
	}
	if (opts->write_known && !opts->known_dir) {
		pk_cli_usage_error("eval", "--write-known needs --known DIR");
		return -1;
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "tsv") != 0) {
		pk_cli_usage_error("eval", "unknown format '%s' (text, tsv)", format);
		return -1;
	}
	if (opts->extract.doc_date && !pk_cli_valid_date(opts->extract.doc_date)) {
		pk_cli_usage_error("eval", "--doc-date wants YYYY-MM-DD, not '%s'", opts->extract.doc_date);
		return -1;
	}
	if (opts->extract.reference_date && !pk_cli_valid_date(opts->extract.reference_date)) {
		pk_cli_usage_error("eval", "--reference-date wants YYYY-MM-DD, not '%s'",
			opts->extract.reference_date);
		return -1;
	}
	return 0;
}

int pk_cmd_eval(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "gold", required_argument, NULL, 'g' },
		{ "rules", required_argument, NULL, 'r' },
		{ "doc-date", required_argument, NULL, 'D' },
		{ "reference-date", required_argument, NULL, 'R' },
		{ "format", required_argument, NULL, 'f' },
		{ "min-f1", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "known", required_argument, NULL, 'k' },
		{ "write-known", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		PK_CLI_LIMIT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	pk_eval_options opts = PK_EVAL_OPTIONS_INIT;
	pk_eval_totals tot;
	const char *rules = NULL, *format = "text";
	char buf[4096];
	pk_cli_diag dstate;
	pk_diag diag;
	pk_ruleset *rs = NULL;
	double min_f1 = -1.0, p, r, f1;
	int c, rc, werr, code;

	optind = 1;
	while ((c = getopt_long(argc, argv, "g:r:f:k:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'g': opts.gold_dir = optarg; break;
		case 'r': rules = optarg; break;
		case 'D': opts.extract.doc_date = optarg; break;
		case 'R': opts.extract.reference_date = optarg; break;
		case 'f': format = optarg; break;
		case 'q': opts.quiet = 1; break;
		case 'k': opts.known_dir = optarg; break;
		case 'W': opts.write_known = 1; break;
		case 'm':
			if (!pk_eval_parse_min(&min_f1, optarg)) {
				pk_cli_usage_error("eval", "--min-f1 wants a number from 0 to 1, not '%s'", optarg);
				return PK_EXIT_USAGE;
			}
			break;
		case 'h': pk_eval_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default:
			if ((rc = pk_cli_limit_option(&opts.extract, "eval", c, optarg)) > 0)
				break;
			if (rc == 0)
				pk_eval_help(stderr);
			return PK_EXIT_USAGE;
		}
	}
	if (pk_eval_check(&opts, format, argc - optind) < 0)
		return PK_EXIT_USAGE;
	opts.format = strcmp(format, "tsv") == 0 ? PK_TABLE_TSV : PK_TABLE_TEXT;
	pk_cli_diag_init(&diag, &dstate, 0);
	if (!rules)
		rules = pk_cli_data_dir("rules", buf, sizeof buf);
	if ((rc = pk_ruleset_load(&rs, rules, &diag)) < 0) {
		if (rc == PK_ERULES)
			fprintf(stderr, "policykg: eval: not started: the rules in %s are broken\n", rules);
		return pk_cli_exit_for(rc);
	}
	rc = pk_eval_run(&tot, rs, (const char *const *)argv + optind, (size_t)(argc - optind),
		&opts, stdout, &diag);
	werr = pk_cli_stdout_done(rc < 0 ? errno : 0);
	pk_ruleset_free(rs);
	pk_eval_scores(&p, &r, &f1, &tot.all);
	if (werr < 0 || rc == PK_EINPUT)
		code = PK_EXIT_IO;
	else if (rc < 0)
		code = pk_cli_exit_for(rc);
	else if (f1 < min_f1 || tot.drift)
		code = PK_EXIT_BELOW;
	else
		code = PK_EXIT_OK;
	if (code == PK_EXIT_BELOW && f1 < min_f1)
		fprintf(stderr, "policykg: eval: overall F1 %.3f is below --min-f1 %g\n", f1, min_f1);
	if (code == PK_EXIT_BELOW && tot.drift)
		fprintf(stderr, "policykg: eval: %zu lines differ from the known files in %s "
			"(a fact lost or a new false positive; or a known one fixed: run with "
			"--write-known and commit the change)\n", tot.drift, opts.known_dir);
	return code;
}
