/*
 * main.c - the policykg command: dispatches to one cmd_<name>.c per
 * subcommand through a table, and holds the helpers they share.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const pk_command pk_commands[] = {
	{ "extract", pk_cmd_extract, "read articles, write the knowledge graph (Turtle)" },
	{ "load", pk_cmd_load, "load Turtle / N-Triples / N-Quads into a store" },
	{ "query", pk_cmd_query, "run SPARQL over a store" },
	{ "serve", pk_cmd_serve, "answer SPARQL over HTTP from a store (SPARQL 1.1 Protocol)" },
	{ "forget", pk_cmd_forget, "remove documents from a store" },
	{ "stats", pk_cmd_stats, "count a store's documents, triples and resources" },
	{ "check", pk_cmd_check, "compare a store's index with its documents (--repair)" },
	{ "rules", pk_cmd_rules, "check rule files ('rules check DIR'), print their schema ('rules schema')" },
	{ "eval", pk_cmd_eval, "score extraction against gold annotations" },
	{ "explain", pk_cmd_explain, "show why a resource is in the graph (its evidence)" },
	{ "export", pk_cmd_export, "write the graph for Neo4j or Kuzu (Cypher, neo4j-admin CSV)" },
	{ "validate", pk_cmd_validate, "check a graph against the contract's SHACL shapes" },
	{ "review", pk_cmd_review, "write a static site to review what was extracted, where and why" },
};

static void pk_cli_diag_print(void *ud, pk_severity sev, const char *msg)
{
	pk_cli_diag *st = ud;

	if (sev == PK_SEV_ERROR)
		st->errors++;
	else if (sev == PK_SEV_WARNING)
		st->warnings++;
	if (st->quiet && sev < PK_SEV_ERROR)
		return;
	fprintf(stderr, "policykg: %s%s\n",
		sev == PK_SEV_ERROR ? "error: " : sev == PK_SEV_WARNING ? "warning: " : "", msg);
}

void pk_cli_diag_init(pk_diag *d, pk_cli_diag *state, int quiet)
{
	memset(state, 0, sizeof *state);
	state->quiet = quiet;
	d->fn = pk_cli_diag_print;
	d->ud = state;
	d->temp = pk_cli_temp;
}

static int pk_cli_is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *pk_cli_data_dir(const char *what, char *buf, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n;
	const char *env = strcmp(what, "rules") == 0 ? getenv("POLICYKG_RULES") : NULL;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, len, "%s/../share/policykg/%s", exe, what);
			if (pk_cli_is_dir(buf))
				return buf;
		}
	}
	snprintf(buf, len, "%s/%s", PK_SOURCE_DIR, what);
	if (pk_cli_is_dir(buf))
		return buf;
	snprintf(buf, len, "%s/%s", PK_DATADIR, what);
	return buf;
}

int pk_cli_valid_date(const char *s)
{
	return pk_date_valid(s);
}

int pk_cli_exit_for(int rc)
{
	switch (rc) {
	case PK_OK: return PK_EXIT_OK;
	case PK_EUSAGE: return PK_EXIT_USAGE;
	case PK_ERULES: return PK_EXIT_RULES;
	case PK_EIO: return PK_EXIT_IO;
	case PK_EINPUT: return PK_EXIT_PARTIAL;
	case PK_ESTORE: case PK_EBUSY: return PK_EXIT_STORE;
	case PK_EQUERY: return PK_EXIT_QUERY;
	case PK_ETOOL: return PK_EXIT_TOOL;
	default: return PK_EXIT_INTERNAL;
	}
}

int pk_cli_stdout_done(int err)
{
	errno = 0;
	if (fflush(stdout) != 0)
		err = errno;
	else if (!ferror(stdout))
		return 0;
	fprintf(stderr, "policykg: error: stdout: %s\n", err ? strerror(err) : "write error");
	/* reported: main() must not say it again */
	clearerr(stdout);
	return -1;
}

void pk_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "policykg %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'policykg %s --help'.\n", cmd);
}

static void pk_cli_help(FILE *out)
{
	size_t i;

	fprintf(out,
		"usage: policykg COMMAND [OPTIONS] [ARGS]\n"
		"\n"
		"Extract a knowledge graph of Korean AI and digital policy news:\n"
		"who signed what with whom, when, where, and who holds which post.\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < sizeof pk_commands / sizeof pk_commands[0]; i++)
		fprintf(out, "  %-9s %s\n", pk_commands[i].name, pk_commands[i].summary);
	fprintf(out,
		"\n"
		"Run 'policykg COMMAND --help' for a command's options.\n"
		"\n"
		"Typical use:\n"
		"  policykg extract seeds/ -o graph.ttl\n"
		"  policykg load graph.ttl --store graph.db\n"
		"  policykg query --store graph.db queries/persons.rq\n"
		"\n"
		"Exit codes: 0 ok, 1 done but some inputs skipped (query: the answer was cut\n"
		"at --max-rows), 2 usage, 3 broken rules, 4 file error (stdout included),\n"
		"5 store error, 6 query error (or refused: SERVICE; or out of time), 7 a tool\n"
		"is missing (validate: Node.js or its npm packages), 70 internal error (out\n"
		"of memory).\n");
}

static int pk_cli_run(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		pk_cli_help(stderr);
		return PK_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		pk_cli_help(stdout);
		return PK_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("policykg %s\n", pk_version());
		return PK_EXIT_OK;
	}
	for (i = 0; i < sizeof pk_commands / sizeof pk_commands[0]; i++)
		if (strcmp(argv[1], pk_commands[i].name) == 0)
			return pk_commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "policykg: unknown command '%s'\nTry 'policykg --help'.\n", argv[1]);
	return PK_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	int code;

	pk_cli_signals_init();
	code = pk_cli_run(argc, argv);
	/* A command that failed said why; one that did not may still have
	 * lost its output (rules check's line, --help, a report). */
	if (code <= PK_EXIT_PARTIAL && pk_cli_stdout_done(0) < 0)
		code = PK_EXIT_IO;
	return code;
}
