/*
 * cmd_load.c - `policykg load FILE... --store DB`: RDF files into a store,
 * each document replacing what the store held for it, all or nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void pk_load_help(FILE *out)
{
	fprintf(out,
		"usage: policykg load --store DB [OPTIONS] FILE...\n"
		"\n"
		"Load Turtle, N-Triples or N-Quads files into the store DB (a directory,\n"
		"created when missing, or postgresql://user@host[:port]/database).\n"
		"\n"
		"The store holds documents. Each named graph of an N-Quads file is one\n"
		"(policykg extract -f nquads writes one per article); a Turtle or N-Triples\n"
		"file is one document named after the file. Loading a document again\n"
		"replaces what the store held for it: facts it no longer states go, facts\n"
		"other documents also state stay. The load is all or nothing: if a file\n"
		"fails to parse, or the loader is killed, the store is as it was before or\n"
		"as it is after, never in between.\n"
		"\n"
		"A load holds at most 64 MB of statements in memory; the rest waits in a\n"
		"temporary file under $TMPDIR (default /tmp), unlinked as soon as it is\n"
		"made so that nothing is left behind; it needs room for about the size\n"
		"of the input.\n"
		"\n"
		"Options:\n"
		"  -s, --store DB       the store (required)\n"
		"  -f, --format NAME    turtle, ntriples or nquads (default: from the name:\n"
		"                       .ttl, .nt, .nq)\n"
		"  -w, --wait SECONDS   wait this long for other processes using the store\n"
		"                       (default 10)\n"
		"  -q, --quiet          no summary line\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Exit codes: 0 ok, 1 a file did not parse (store unchanged), 2 usage,\n"
		"4 a file could not be read (store unchanged), 5 the store could not be\n"
		"used or is busy.\n");
}

/* --wait SECONDS: a non-negative number. */
int pk_cli_parse_wait(double *out, const char *cmd, const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end != '\0' || !(v >= 0) || v > 86400) {
		pk_cli_usage_error(cmd, "--wait wants seconds (0 to 86400), not '%s'", arg);
		return -1;
	}
	*out = v;
	return 0;
}

static void pk_cli_print_changes(const char *what, const char *store,
	const pk_store_changes *c, pk_store *st)
{
	long triples = st ? pk_store_size(st) : -1;

	fprintf(stderr, "policykg: %s %s: %ld triples; documents: %zu added, "
		"%zu replaced, %zu unchanged", what, store, triples, c->added,
		c->replaced, c->unchanged);
	if (c->removed || c->missing)
		fprintf(stderr, ", %zu removed", c->removed);
	if (c->missing)
		fprintf(stderr, ", %zu not in the store", c->missing);
	fputc('\n', stderr);
}

int pk_cli_store_apply(pk_store_changes *changes, const char *store,
	const pk_store_options *opts, pk_store_batch *b, const char *what, int quiet,
	const pk_diag *diag)
{
	pk_store *st = NULL;
	int rc;

	if ((rc = pk_store_open_with(&st, store, opts, diag)) < 0 ||
	    (rc = pk_store_apply(st, b, changes)) < 0)
		goto out;
	if (!quiet)
		pk_cli_print_changes(what, store, changes, st);
out:
	pk_store_free(st);
	return rc;
}

int pk_cmd_load(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "wait", required_argument, NULL, 'w' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	pk_store_options opts = PK_STORE_OPTIONS_INIT;
	pk_store_changes changes;
	const char *store = NULL, *format = NULL;
	pk_cli_diag dstate;
	pk_diag diag;
	pk_store_batch *b = NULL;
	char what[64];
	int c, quiet = 0, rc, code = PK_EXIT_OK, i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:f:w:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 's': store = optarg; break;
		case 'f': format = optarg; break;
		case 'w':
			if (pk_cli_parse_wait(&opts.wait, "load", optarg) < 0)
				return PK_EXIT_USAGE;
			break;
		case 'q': quiet = 1; break;
		case 'h': pk_load_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default: pk_load_help(stderr); return PK_EXIT_USAGE;
		}
	}
	if (!store) {
		pk_cli_usage_error("load", "--store DB is required");
		return PK_EXIT_USAGE;
	}
	if (optind >= argc) {
		pk_cli_usage_error("load", "no file to load");
		return PK_EXIT_USAGE;
	}
	if (format && !pk_store_syntax_known(format)) {
		pk_cli_usage_error("load", "unknown format '%s' (turtle, ntriples, nquads)",
			format);
		return PK_EXIT_USAGE;
	}
	pk_cli_diag_init(&diag, &dstate, 0);
	/* Parse everything first: a broken file leaves the store untouched,
	 * and the store is locked only while it changes. */
	if ((rc = pk_store_batch_new(&b, &diag)) < 0) {
		code = pk_cli_exit_for(rc);
		goto out;
	}
	for (i = optind; i < argc; i++) {
		if ((rc = pk_store_batch_add_file(b, argv[i], format)) < 0) {
			if (rc != PK_EUSAGE)
				fprintf(stderr, "policykg: %s: left unchanged\n", store);
			code = pk_cli_exit_for(rc);
			goto out;
		}
	}
	opts.flags = PK_STORE_CREATE;
	snprintf(what, sizeof what, "loaded %d file%s into", argc - optind,
		argc - optind == 1 ? "" : "s");
	if ((rc = pk_cli_store_apply(&changes, store, &opts, b, what, quiet, &diag)) < 0)
		code = pk_cli_exit_for(rc);
out:
	pk_store_batch_free(b);
	return code;
}
