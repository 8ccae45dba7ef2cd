/*
 * signals.c - a command killed by SIGINT, SIGTERM or SIGHUP leaves no
 * temporary file behind.
 *
 * The library writes each output to OUT.tmp-XXXXXX (or a DIR.tmp-XXXXXX
 * directory) and renames it into place; a run stopped before the rename
 * used to leave the temporary file.  The library installs no signal
 * handler (a program using it may have its own), but tells its caller of
 * every temporary path it makes and lets go of (pk_diag.temp).  The CLI
 * keeps them here, in a fixed table, and its handler removes them and
 * then dies of the same signal, so the shell still sees "killed by
 * SIGINT".  The target file is never touched: it is only ever replaced
 * by the rename.
 *
 * The handler calls only async-signal-safe functions (unlink, rmdir,
 * raise) and reads the table, which is written as: path first,
 * then the slot marked used behind a signal fence; a slot is marked free
 * before its path is reused.  Paths are registered from the thread that
 * writes the output; the table is the process's, as signal dispositions
 * are.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* extract -o, export -o and eval --write-known hold one at a time; a
 * directory output (export neo4j-csv, review -o) holds itself and its
 * files: a review of more than 60 articles cannot all be held, and what
 * is not is left behind as before. */
#define PK_CLI_TEMP_SLOTS 64

static char pk_cli_temp_paths[PK_CLI_TEMP_SLOTS][PATH_MAX];
static volatile sig_atomic_t pk_cli_temp_used[PK_CLI_TEMP_SLOTS];

static const int pk_cli_signals[] = { SIGINT, SIGTERM, SIGHUP };

void pk_cli_temp(void *ud, const char *path, int made)
{
	size_t n = strlen(path), i;

	(void)ud;
	if (n >= PATH_MAX)
		return;
	for (i = 0; i < PK_CLI_TEMP_SLOTS; i++) {
		if (made && !pk_cli_temp_used[i]) {
			memcpy(pk_cli_temp_paths[i], path, n + 1);
			atomic_signal_fence(memory_order_seq_cst);
			pk_cli_temp_used[i] = 1;
			return;
		}
		if (!made && pk_cli_temp_used[i] &&
		    strcmp(pk_cli_temp_paths[i], path) == 0) {
			pk_cli_temp_used[i] = 0;
			atomic_signal_fence(memory_order_seq_cst);
			return;
		}
	}
}

static void pk_cli_on_signal(int sig)
{
	int saved = errno;
	size_t i;

	/* files first, then the directories they were in */
	for (i = 0; i < PK_CLI_TEMP_SLOTS; i++)
		if (pk_cli_temp_used[i])
			unlink(pk_cli_temp_paths[i]);
	for (i = 0; i < PK_CLI_TEMP_SLOTS; i++)
		if (pk_cli_temp_used[i])
			rmdir(pk_cli_temp_paths[i]);
	errno = saved;
	/* SA_RESETHAND made the action the default again; the signal is
	 * blocked until the handler returns, and then ends the process */
	raise(sig);
}

void pk_cli_signals_init(void)
{
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = pk_cli_on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof pk_cli_signals / sizeof pk_cli_signals[0]; i++)
		sigaddset(&sa.sa_mask, pk_cli_signals[i]);
	for (i = 0; i < sizeof pk_cli_signals / sizeof pk_cli_signals[0]; i++) {
		/* a signal ignored by whoever started us (nohup, a
		 * background job) stays ignored */
		if (sigaction(pk_cli_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(pk_cli_signals[i], &sa, NULL);
	}
}
