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

#endif
