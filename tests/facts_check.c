/*
 * facts_check.c - runs the acceptance facts of tests/seeds/ *.facts:
 * extracts the seeds with the library, loads the graph into a store with
 * the project's own store code, and asks each ASK query of each file,
 * comparing with the expected answer (true, or false after
 * "# expect: false").  Prints every failure with its file, line and
 * description, then "N passed, N failed".
 *
 * usage: facts_check RULES_DIR SEEDS_DIR WORK_DIR FILE.facts...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policykg.h"
#include "base/util.h"

typedef struct facts_stats {
	int passed;
	int failed;
} facts_stats;

static void facts_run_block(pk_store *st, const char *file, int line,
	const char *what, const char *query, int expect, facts_stats *stats)
{
	pk_table *t = NULL;
	int rc = pk_store_query(&t, st, query);

	if (rc < 0 || !t || !t->is_boolean) {
		printf("FAIL %s:%d: %s: query did not give a boolean\n", file, line, what);
		stats->failed++;
	} else if (t->boolean != expect) {
		printf("FAIL %s:%d: %s (expected %s)\n", file, line, what, expect ? "true" : "false");
		stats->failed++;
	} else {
		stats->passed++;
	}
	pk_table_free(t);
}

static int facts_run_file(pk_store *st, const char *path, facts_stats *stats)
{
	char *data = NULL, *line, *next;
	size_t len;
	pk_buf query = PK_BUF_INIT, what = PK_BUF_INIT;
	int lineno = 0, start = 0, expect = 1;

	if (pk_file_read(&data, &len, path, NULL) < 0)
		return -1;
	for (line = data; line; line = next) {
		int blank;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		blank = strspn(line, " \t\r") == strlen(line);
		if (blank || !next) {
			if (!blank && line[0] != '#')
				pk_buf_printf(&query, "%s\n", line);
			if (query.len) {
				facts_run_block(st, path, start, what.ptr ? what.ptr : "?", query.ptr,
					expect, stats);
			}
			pk_buf_clear(&query);
			pk_buf_clear(&what);
			expect = 1;
			start = 0;
			continue;
		}
		if (!start)
			start = lineno;
		if (line[0] == '#') {
			if (strcmp(line, "# expect: false") == 0)
				expect = 0;
			else if (!what.len)
				pk_buf_puts(&what, line + (line[1] == ' ' ? 2 : 1));
			continue;
		}
		pk_buf_printf(&query, "%s\n", line);
	}
	pk_buf_free(&query);
	pk_buf_free(&what);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	pk_extract_options opts = PK_EXTRACT_OPTIONS_INIT;
	pk_ruleset *rs = NULL;
	pk_extractor *ex = NULL;
	pk_store *st = NULL;
	facts_stats stats = { 0, 0 };
	pk_buf ttl = PK_BUF_INIT, db = PK_BUF_INIT;
	const char *files[1];
	int i, code = 1;

	if (argc < 5) {
		fprintf(stderr, "usage: facts_check RULES_DIR SEEDS_DIR WORK_DIR FILE.facts...\n");
		return 2;
	}
	pk_buf_printf(&ttl, "%s/seeds.ttl", argv[3]);
	pk_buf_printf(&db, "%s/seeds.db", argv[3]);
	if (pk_ruleset_load(&rs, argv[1], NULL) < 0 ||
	    pk_extractor_new(&ex, rs, &opts, NULL) < 0 ||
	    pk_extractor_add_path(ex, argv[2]) < 0 ||
	    pk_extractor_write(ex, ttl.ptr, "turtle") < 0) {
		fprintf(stderr, "facts_check: extraction failed\n");
		goto out;
	}
	files[0] = ttl.ptr;
	if (system(NULL)) {
		pk_buf cmd = PK_BUF_INIT;

		pk_buf_printf(&cmd, "rm -rf '%s'", db.ptr);
		if (system(cmd.ptr) != 0)
			fprintf(stderr, "facts_check: could not remove %s\n", db.ptr);
		pk_buf_free(&cmd);
	}
	if (pk_store_load_files(db.ptr, files, 1, "turtle", NULL) < 0 ||
	    pk_store_open(&st, db.ptr, PK_STORE_READONLY, NULL) < 0) {
		fprintf(stderr, "facts_check: loading the store failed\n");
		goto out;
	}
	for (i = 4; i < argc; i++)
		if (facts_run_file(st, argv[i], &stats) < 0)
			stats.failed++;
	printf("%d passed, %d failed\n", stats.passed, stats.failed);
	code = stats.failed ? 1 : 0;
out:
	pk_store_free(st);
	pk_extractor_free(ex);
	pk_ruleset_free(rs);
	pk_buf_free(&ttl);
	pk_buf_free(&db);
	return code;
}
