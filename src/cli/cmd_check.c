/*
 * cmd_check.c - `policykg check --store DB [--repair]`: does the store's
 * index hold exactly what its documents say?
 *
 * The index is read in a child process.  LMDB trusts its pages, so an
 * index damaged behind the store's back (size and mtime kept, which the
 * cheap check at open cannot see) may make the reader die of SIGBUS or
 * SIGSEGV; a check must report that as damage, not die of it.  The repair
 * then rebuilds without reading the index again.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

static void pk_check_help(FILE *out)
{
	fprintf(out,
		"usage: policykg check --store DB [OPTIONS]\n"
		"\n"
		"Compare the index of the store DB with its documents (docs/): for each\n"
		"document, the number and a digest of its statements; graphs the index\n"
		"holds that no document has; the distinct triples of the default graph.\n"
		"Each difference is named on stderr.  Opening a store already checks what\n"
		"is cheap (index files present, whole, unchanged since last verified) and\n"
		"rebuilds a damaged index; 'check' reads everything.\n"
		"\n"
		"Options:\n"
		"  -s, --store DB       the store (required; a directory store)\n"
		"  -r, --repair         rebuild the index from docs/ when it differs\n"
		"  -w, --wait SECONDS   wait this long for a process changing the store\n"
		"                       (default 10)\n"
		"  -q, --quiet          no summary line\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"An index so damaged that reading it crashes is reported as damaged (the\n"
		"reading runs in a child process).\n"
		"\n"
		"Exit codes: 0 the index matches, 1 it differed (rebuilt with --repair),\n"
		"2 usage, 5 the store could not be opened, read or rebuilt.\n");
}

/* Open the store read-only and compare, in a child process; the result
 * comes back through a pipe.  Returns the exit code, with *res filled (a
 * child that died of a signal found one difference: the damage). */
static int pk_check_in_child(pk_store_check_result *res,
	const char *store, const pk_store_options *base, const pk_diag *diag)
{
	pk_store_options opts = *base;
	pk_store *st = NULL;
	int fds[2], status, code;
	ssize_t got;
	pid_t pid;

	memset(res, 0, sizeof *res);
	if (pipe(fds) < 0) {
		fprintf(stderr, "policykg: error: check: %s\n", strerror(errno));
		return PK_EXIT_INTERNAL;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "policykg: error: check: %s\n", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return PK_EXIT_INTERNAL;
	}
	if (pid == 0) {
		int rc;

		close(fds[0]);
		/* a fault must kill the child, whatever the parent handles */
		signal(SIGBUS, SIG_DFL);
		signal(SIGSEGV, SIG_DFL);
		opts.flags = PK_STORE_READONLY;
		if ((rc = pk_store_open_with(&st, store, &opts, diag)) < 0 ||
		    (rc = pk_store_check(res, st, PK_STORE_CHECK_READ)) < 0)
			code = pk_cli_exit_for(rc);
		else
			code = write(fds[1], res, sizeof *res) == (ssize_t)sizeof *res ?
				PK_EXIT_OK : PK_EXIT_INTERNAL;
		pk_store_free(st);
		fflush(NULL);
		_exit(code);
	}
	close(fds[1]);
	do
		got = read(fds[0], res, sizeof *res);
	while (got < 0 && errno == EINTR);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return PK_EXIT_INTERNAL;
	if (WIFSIGNALED(status)) {
		memset(res, 0, sizeof *res);
		fprintf(stderr, "policykg: error: %s: reading the index crashed "
			"(signal %d, %s): it is damaged\n", store, WTERMSIG(status),
			strsignal(WTERMSIG(status)));
		res->differences = 1;
		return PK_EXIT_OK;
	}
	code = WIFEXITED(status) ? WEXITSTATUS(status) : PK_EXIT_INTERNAL;
	if (code == PK_EXIT_OK && got != (ssize_t)sizeof *res)
		code = PK_EXIT_INTERNAL;
	return code;
}

int pk_cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "repair", no_argument, NULL, 'r' },
		{ "wait", required_argument, NULL, 'w' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	pk_store_options opts = PK_STORE_OPTIONS_INIT;
	pk_store_check_result res, rebuilt;
	const char *store = NULL;
	pk_cli_diag dstate;
	pk_diag diag;
	pk_store *st = NULL;
	int c, rc, repair = 0, quiet = 0, code = PK_EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:rw:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 's': store = optarg; break;
		case 'r': repair = 1; break;
		case 'q': quiet = 1; break;
		case 'w':
			if (pk_cli_parse_wait(&opts.wait, "check", optarg) < 0)
				return PK_EXIT_USAGE;
			break;
		case 'h': pk_check_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default: pk_check_help(stderr); return PK_EXIT_USAGE;
		}
	}
	if (!store) {
		pk_cli_usage_error("check", "--store DB is required");
		return PK_EXIT_USAGE;
	}
	if (optind < argc) {
		pk_cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
		return PK_EXIT_USAGE;
	}
	pk_cli_diag_init(&diag, &dstate, quiet);
	if ((code = pk_check_in_child(&res, store, &opts, &diag)) !=
	    PK_EXIT_OK)
		goto out;
	if (repair && res.differences) {
		/* what the child read is known: rebuild without reading again */
		opts.flags = 0;
		if ((rc = pk_store_open_with(&st, store, &opts, &diag)) < 0 ||
		    (rc = pk_store_check(&rebuilt, st, PK_STORE_CHECK_REBUILD)) < 0) {
			code = pk_cli_exit_for(rc);
			goto out;
		}
		res.repaired = rebuilt.repaired;
	}
	if (res.differences)
		code = PK_EXIT_VIOLATIONS;
	if (!quiet)
		fprintf(stderr, "policykg: %s: %ld document%s checked, %ld difference%s%s\n",
			store, res.documents, res.documents == 1 ? "" : "s",
			res.differences, res.differences == 1 ? "" : "s",
			res.repaired ? "; the index was rebuilt from docs/" :
			res.differences ? " (run with --repair to rebuild the index)" :
			": the index matches");
out:
	pk_store_free(st);
	return code;
}
