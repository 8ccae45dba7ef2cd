/*
 * check.h - a tiny assertion kit and case runner for the unit tests:
 * expected value first (libgit2 style), the failing file:line printed, the
 * run continues so one report lists every failure.
 *
 * A test file lists its cases in one table and hands it to pk_test_main():
 *
 *   static const pk_test tests[] = {
 *           PK_TEST(test_x__one_thing),        a function is one case
 *           PK_TEST_TABLE(run_row, rows),      each row of rows[] is a case
 *   };
 *   int main(int argc, char **argv)
 *   {
 *           return PK_TEST_MAIN(argc, argv, tests, setup, teardown);
 *   }
 *
 * setup (int (*)(void), NULL for none) runs before the cases, not for
 * --list; a negative return is a failed run (exit 1) and it says why.
 * teardown (void (*)(void), or NULL) runs after them.
 *
 * A case is named for what it checks: a function case by the part of its
 * name after "__" (test_resolve__leap_day is "leap_day"), a table row by its
 * struct's first member, a const char *name.  Rows of one table that share
 * a name are one case, run together.  Names are unique in a file.
 *
 *   test_x              runs every case, "ok" or "FAIL" per case
 *   test_x NAME...      runs only the cases named (test_x__NAME also works);
 *                       an unknown name is a usage error (exit 2), never a
 *                       run of nothing that passes
 *   test_x --list       prints the case names, one a line: after each build
 *                       tests/CMakeLists.txt registers each as a CTest test
 *                       unit.test_x.NAME, so `ctest -R NAME` runs it
 *
 * Exit codes: 0 all passed, 1 a check failed, 2 usage error.
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

/* One entry of a file's case list: a function, or a table whose rows are
 * each handed to row().  Fill it with PK_TEST or PK_TEST_TABLE. */
typedef struct pk_test {
	const char *name;               /* the function's name */
	void (*fn)(void);
	void (*row)(const void *r);
	const void *rows;               /* each row starts with a const char *name */
	size_t nrows;
	size_t size;
} pk_test;

#define PK_TEST(fn) { #fn, fn, NULL, NULL, 0, 0 }
#define PK_TEST_TABLE(run, table) \
	{ #run, NULL, run, table, sizeof(table) / sizeof((table)[0]), sizeof((table)[0]) }
#define PK_TEST_MAIN(argc, argv, tests, setup, teardown) \
	pk_test_main(argc, argv, tests, sizeof(tests) / sizeof((tests)[0]), setup, teardown)

/* The case name of entry t's row i (i is ignored for a function). */
static const char *pk_test_case_name(const pk_test *t, size_t i)
{
	const char *s;

	if (t->fn) {
		s = strstr(t->name, "__");
		return s ? s + 2 : t->name;
	}
	return *(const char *const *)(const void *)((const char *)t->rows + i * t->size);
}

static size_t pk_test_count(const pk_test *t)
{
	return t->fn ? 1 : t->nrows;
}

/* Does command-line argument arg name the case name? */
static int pk_test_arg_names(const char *arg, const char *name)
{
	const char *s = strstr(arg, "__");

	return strcmp(arg, name) == 0 || (s && strcmp(s + 2, name) == 0);
}

/* Is case name already given by an entry before t, or a row before row i? */
static int pk_test_seen(const pk_test *tests, const pk_test *t, size_t i, const char *name)
{
	const pk_test *u;
	size_t j;

	for (u = tests; u <= t; u++)
		for (j = 0; j < (u == t ? i : pk_test_count(u)); j++)
			if (strcmp(pk_test_case_name(u, j), name) == 0)
				return 1;
	return 0;
}

/* Run the case name: the function, or every row of t that carries it. */
static int pk_test_run_case(const pk_test *t, const char *name)
{
	int before = pk_check_failures;
	size_t i, k = 0;

	if (t->fn) {
		t->fn();
	} else {
		for (i = 0; i < t->nrows; i++) {
			int row_before = pk_check_failures;

			if (strcmp(pk_test_case_name(t, i), name) != 0)
				continue;
			k++;
			t->row((const char *)t->rows + i * t->size);
			if (pk_check_failures != row_before)
				fprintf(stderr, "    (%s: its row %zu)\n", name, k);
		}
	}
	fprintf(stderr, "%s %s\n", pk_check_failures == before ? "ok  " : "FAIL", name);
	return pk_check_failures != before;
}

static int pk_test_main(int argc, char **argv, const pk_test *tests, size_t ntests,
	int (*setup)(void), void (*teardown)(void))
{
	const pk_test *t, *end = tests + ntests;
	size_t i;
	int a, ncases = 0, nfailed = 0, list = argc == 2 && strcmp(argv[1], "--list") == 0;

	/* two entries with one name would be one CTest test that runs half */
	for (t = tests; t < end; t++)
		for (i = 0; i < pk_test_count(t); i++) {
			const char *name = pk_test_case_name(t, i);
			int again = pk_test_seen(tests, t, i, name);

			if (again && (t->fn || !pk_test_seen(t, t, i, name))) {
				fprintf(stderr, "%s: two cases are named '%s'\n", argv[0], name);
				return 2;
			}
			if (list && !again)
				printf("%s\n", name);
		}
	if (list)
		return fflush(stdout) == 0 ? 0 : 2;
	for (a = 1; a < argc; a++) {
		int found = 0;

		for (t = tests; t < end && !found; t++)
			for (i = 0; i < pk_test_count(t) && !found; i++)
				found = pk_test_arg_names(argv[a], pk_test_case_name(t, i));
		if (!found) {
			fprintf(stderr, "%s: no case named '%s' (--list lists them)\n",
				argv[0], argv[a]);
			return 2;
		}
	}
	if (setup && setup() < 0) {
		fprintf(stderr, "%s: setup failed\n", argv[0]);
		return 1;
	}
	for (t = tests; t < end; t++)
		for (i = 0; i < pk_test_count(t); i++) {
			const char *name = pk_test_case_name(t, i);
			int wanted = argc < 2;

			if (pk_test_seen(tests, t, i, name))
				continue;
			for (a = 1; a < argc && !wanted; a++)
				wanted = pk_test_arg_names(argv[a], name);
			if (!wanted)
				continue;
			ncases++;
			nfailed += pk_test_run_case(t, name);
		}
	if (teardown)
		teardown();  /* may check too: its failures fail the run */
	fprintf(stderr, "%d case%s, %d failed\n", ncases, ncases == 1 ? "" : "s", nfailed);
	return pk_check_failures != 0;
}

/* Whether haystack contains needle: the check names both when it does not. */
#define CHECK_CONTAINS(needle, haystack) do { \
	const char *n_ = (needle), *h_ = (haystack); \
	if (!h_ || !strstr(h_, n_)) { \
		fprintf(stderr, "%s:%d: expected \"%s\" in \"%s\" (%s)\n", \
			__FILE__, __LINE__, n_, h_ ? h_ : "(null)", #haystack); \
		pk_check_failures++; \
	} } while (0)

#endif
