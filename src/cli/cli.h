/*
 * cli.h - what the subcommands of the policykg command share: exit codes,
 * the diagnostic printer, and finding rules/ and queries/.
 *
 * The CLI only parses options, calls libpolicykg and maps results to exit
 * codes; all the work is in the library.
 */
#ifndef PK_CLI_H
#define PK_CLI_H

#include "policykg.h"

/* Exit codes: documented in `policykg --help` and README.md. */
typedef enum pk_exit {
	PK_EXIT_OK = 0,       /* done */
	PK_EXIT_PARTIAL = 1,  /* done, but some inputs were skipped */
	PK_EXIT_BELOW = 1,    /* eval: the overall F1 is below --min-f1 */
	PK_EXIT_UNKNOWN = 1,  /* explain: the graph has nothing on the IRI */
	PK_EXIT_VIOLATIONS = 1, /* validate: the graph violates the shapes */
	PK_EXIT_TRUNCATED = 1, /* query: the answer was cut at --max-rows */
	PK_EXIT_USAGE = 2,    /* bad command line */
	PK_EXIT_RULES = 3,    /* a rule file is broken */
	PK_EXIT_IO = 4,       /* an input or output file failed */
	PK_EXIT_STORE = 5,    /* the store could not be used */
	PK_EXIT_QUERY = 6,    /* the SPARQL query failed */
	PK_EXIT_TOOL = 7,     /* validate: Node.js or its npm packages are missing */
	PK_EXIT_INTERNAL = 70 /* out of memory or a library failure */
} pk_exit;

typedef struct pk_cli_diag {
	int quiet;
	size_t warnings;
	size_t errors;
} pk_cli_diag;

typedef struct pk_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} pk_command;

int pk_cmd_extract(int argc, char **argv);
int pk_cmd_load(int argc, char **argv);
int pk_cmd_query(int argc, char **argv);
int pk_cmd_rules(int argc, char **argv);
int pk_cmd_eval(int argc, char **argv);
int pk_cmd_explain(int argc, char **argv);
int pk_cmd_export(int argc, char **argv);
int pk_cmd_validate(int argc, char **argv);
int pk_cmd_forget(int argc, char **argv);
int pk_cmd_stats(int argc, char **argv);
int pk_cmd_check(int argc, char **argv);
int pk_cmd_review(int argc, char **argv);
int pk_cmd_serve(int argc, char **argv);

/* --wait SECONDS for the store commands (cmd_load.c); -1 after a usage
 * error was printed. */
int pk_cli_parse_wait(double *out, const char *cmd, const char *arg);
/* The store commands' last step (load, forget, extract --store): open
 * store with opts, apply b, and unless quiet say "policykg: WHAT STORE: N
 * triples; documents: ..." on stderr.  Returns 0 or a pk_error. */
int pk_cli_store_apply(pk_store_changes *changes, const char *store,
	const pk_store_options *opts, pk_store_batch *b, const char *what, int quiet,
	const pk_diag *diag);

/* A pk_diag printing "policykg: warning: ..." to stderr, whose temporary
 * files are removed if a signal kills the process (signals.c). */
void pk_cli_diag_init(pk_diag *d, pk_cli_diag *state, int quiet);

/* signals.c: SIGINT, SIGTERM and SIGHUP remove the temporary files the
 * library announced to pk_cli_temp (a pk_temp_fn), then kill the process
 * as they would have. */
void pk_cli_signals_init(void);
void pk_cli_temp(void *ud, const char *path, int made);

/* rules/ (or queries/) to use when none is given: $POLICYKG_RULES, then
 * the installed share/policykg/ beside the binary, then the source tree. */
const char *pk_cli_data_dir(const char *what, char *buf, size_t len);

/* Nonzero if s is a YYYY-MM-DD date (--doc-date, --reference-date). */
int pk_cli_valid_date(const char *s);

/* The limit options of the commands that extract (limits.c): long option
 * codes, for `struct option` entries as PK_CLI_LIMIT_LONGOPTS gives them. */
enum {
	PK_CLI_OPT_MAX_DOCUMENT_BYTES = 0x1000,
	PK_CLI_OPT_MAX_SENTENCE_CHARS,
	PK_CLI_OPT_MATCH_LIMIT,
	PK_CLI_OPT_DEPTH_LIMIT,
	PK_CLI_OPT_MAX_MENTIONS
};
#define PK_CLI_LIMIT_LONGOPTS \
	{ "max-document-bytes", required_argument, NULL, PK_CLI_OPT_MAX_DOCUMENT_BYTES }, \
	{ "max-sentence-chars", required_argument, NULL, PK_CLI_OPT_MAX_SENTENCE_CHARS }, \
	{ "match-limit", required_argument, NULL, PK_CLI_OPT_MATCH_LIMIT }, \
	{ "depth-limit", required_argument, NULL, PK_CLI_OPT_DEPTH_LIMIT }, \
	{ "max-mentions", required_argument, NULL, PK_CLI_OPT_MAX_MENTIONS }
/* 1 when c was a limit option (stored in o), 0 when it is not one, -1
 * after a usage error was printed. */
int pk_cli_limit_option(pk_extract_options *o, const char *cmd, int c, const char *arg);
/* The help text of the limit options. */
void pk_cli_limit_help(FILE *out);
/* The query limits of query and serve (limits.c): --timeout SECONDS and
 * --max-rows N, 0 meaning no limit; -1 after a usage error was printed. */
int pk_cli_parse_timeout(double *out, const char *cmd, const char *arg);
int pk_cli_parse_rows(size_t *out, const char *cmd, const char *arg);

/* After writing to stdout: flush it and, if a write failed (a full disk,
 * a closed descriptor), say so once, "policykg: error: stdout: REASON",
 * and return -1.  err: errno just after a write the caller saw fail, 0 if
 * none did.  main() calls it after every command that did not fail, so
 * that no command ends with exit 0 and its output lost. */
int pk_cli_stdout_done(int err);

/* Map a library error code to an exit code. */
int pk_cli_exit_for(int rc);

void pk_cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
