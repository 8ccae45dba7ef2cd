/*
 * fuzz_common.h - what the libFuzzer harnesses of fuzz/ share: a pk_diag
 * that swallows messages (bad input is expected to be reported, the
 * fuzzer only looks for crashes, leaks, hangs and broken output) and a
 * private scratch directory on the fuzzing process's own path.
 */
#ifndef PK_FUZZ_COMMON_H
#define PK_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policykg.h"

static inline void pk_fuzz_quiet(void *ud, pk_severity sev, const char *msg)
{
	(void)ud;
	(void)sev;
	(void)msg;
}

static const pk_diag pk_fuzz_diag = { pk_fuzz_quiet, NULL, NULL };

/* A directory for this process's files: $TMPDIR (or /dev/shm, which is
 * memory, when it exists) + pkfuzz-NAME-PID.  Never removed: it holds a
 * file or two, overwritten by each input. */
static inline const char *pk_fuzz_scratch(const char *name)
{
	static char dir[512];
	const char *tmp = getenv("TMPDIR");
	struct stat st;

	if (dir[0])
		return dir;
	if (!tmp || !*tmp)
		tmp = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
			access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof dir, "%s/pkfuzz-%s-%ld", tmp, name, (long)getpid());
	if (mkdir(dir, 0700) != 0 && stat(dir, &st) != 0) {
		perror(dir);
		abort();
	}
	return dir;
}

#endif
