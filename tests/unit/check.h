/*
 * check.h - a tiny assertion kit for the unit tests: expected value first
 * (libgit2 style), the failing file:line printed, the run continues so one
 * report lists every failure.  main() returns pk_check_failures != 0.
 */
#ifndef PK_CHECK_H
#define PK_CHECK_H

#include <stdio.h>
#include <string.h>

static int pk_check_failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		pk_check_failures++; \
	} } while (0)

#define CHECK_INT(expected, actual) do { \
	long long e_ = (long long)(expected), a_ = (long long)(actual); \
	if (e_ != a_) { \
		fprintf(stderr, "%s:%d: expected %lld, got %lld (%s)\n", \
			__FILE__, __LINE__, e_, a_, #actual); \
		pk_check_failures++; \
	} } while (0)

#define CHECK_STR(expected, actual) do { \
	const char *e_ = (expected), *a_ = (actual); \
	if (!a_ || strcmp(e_, a_) != 0) { \
		fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\" (%s)\n", \
			__FILE__, __LINE__, e_, a_ ? a_ : "(null)", #actual); \
		pk_check_failures++; \
	} } while (0)

#define RUN(test) do { \
	int before_ = pk_check_failures; \
	test(); \
	fprintf(stderr, "%s %s\n", pk_check_failures == before_ ? "ok  " : "FAIL", #test); \
	} while (0)

/* Whether haystack contains needle: the check names both when it does not. */
#define CHECK_CONTAINS(needle, haystack) do { \
	const char *n_ = (needle), *h_ = (haystack); \
	if (!h_ || !strstr(h_, n_)) { \
		fprintf(stderr, "%s:%d: expected \"%s\" in \"%s\" (%s)\n", \
			__FILE__, __LINE__, n_, h_ ? h_ : "(null)", #haystack); \
		pk_check_failures++; \
	} } while (0)

/* main(argc, argv) calls CHECK_SELECT(argc, argv); then RUN_SELECTED runs
 * a test only when no argument is given or one names it, so one case
 * runs alone: `test_rules test_rules__priority_wins`. */
static int pk_check_argc;
static char **pk_check_argv;

#define CHECK_SELECT(argc, argv) (pk_check_argc = (argc), pk_check_argv = (argv))

static inline int pk_check_selected(const char *name)
{
	int i;

	for (i = 1; i < pk_check_argc; i++)
		if (strcmp(pk_check_argv[i], name) == 0)
			return 1;
	return pk_check_argc < 2;
}

#define RUN_SELECTED(test) do { \
	if (pk_check_selected(#test)) \
		RUN(test); \
	} while (0)

#endif
