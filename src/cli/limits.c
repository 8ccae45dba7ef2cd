/*
 * limits.c - the options that set pk_extract_options' limits
 * (--max-document-bytes ...), shared by every command that extracts, and
 * the query limits (--timeout, --max-rows) of query and serve.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A positive integer; with bytes, a k, M or G suffix (powers of 1024). */
static int pk_cli_limit_parse(unsigned long long *out, const char *s, int bytes,
	unsigned long long max)
{
	unsigned long long v, mul = 1;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	if (bytes && *end) {
		if (strcmp(end, "k") == 0 || strcmp(end, "K") == 0)
			mul = 1ULL << 10;
		else if (strcmp(end, "M") == 0)
			mul = 1ULL << 20;
		else if (strcmp(end, "G") == 0)
			mul = 1ULL << 30;
		else
			return -1;
	} else if (*end) {
		return -1;
	}
	if (v == 0 || v > max / mul)
		return -1;
	*out = v * mul;
	return 0;
}

int pk_cli_limit_option(pk_extract_options *o, const char *cmd, int c, const char *arg)
{
	static const struct {
		int code;
		const char *name;
		int bytes;
		unsigned long long max;
	} lim[] = {
		{ .code = PK_CLI_OPT_MAX_DOCUMENT_BYTES, .name = "--max-document-bytes", .bytes = 1,
		  .max = (unsigned long long)SIZE_MAX / 4 },
		{ .code = PK_CLI_OPT_MAX_SENTENCE_CHARS, .name = "--max-sentence-chars", .bytes = 0,
		  .max = 100000000ULL },
		{ .code = PK_CLI_OPT_MATCH_LIMIT, .name = "--match-limit", .bytes = 0,
		  .max = 4294967295ULL },
		{ .code = PK_CLI_OPT_DEPTH_LIMIT, .name = "--depth-limit", .bytes = 0,
		  .max = 10000000ULL },
		{ .code = PK_CLI_OPT_MAX_MENTIONS, .name = "--max-mentions", .bytes = 0,
		  .max = 1000000ULL },
	};
	unsigned long long v;
	size_t i;

	for (i = 0; i < sizeof lim / sizeof lim[0]; i++)
		if (lim[i].code == c)
			break;
	if (i == sizeof lim / sizeof lim[0])
		return 0;
	if (pk_cli_limit_parse(&v, arg, lim[i].bytes, lim[i].max) < 0) {
		pk_cli_usage_error(cmd, "%s wants a whole number from 1 to %llu%s, not '%s'",
			lim[i].name, lim[i].max, lim[i].bytes ? " (or with k, M, G)" : "", arg);
		return -1;
	}
	switch (c) {
	case PK_CLI_OPT_MAX_DOCUMENT_BYTES: o->max_document_bytes = (size_t)v; break;
	case PK_CLI_OPT_MAX_SENTENCE_CHARS: o->max_sentence_chars = (size_t)v; break;
	case PK_CLI_OPT_MATCH_LIMIT: o->match_limit = (unsigned long)v; break;
	case PK_CLI_OPT_DEPTH_LIMIT: o->depth_limit = (unsigned long)v; break;
	default: o->max_mentions = (size_t)v; break;
	}
	return 1;
}

void pk_cli_limit_help(FILE *out)
{
	fprintf(out,
		"Limits (a warning naming the file, rule or resource when one is hit;\n"
		"the rest of the run goes on):\n"
		"      --max-document-bytes N  skip a larger input unread (default 8M; k, M, G)\n"
		"      --max-sentence-chars N  do not run the rules on a longer sentence\n"
		"                              (its names are still found; default %zu)\n"
		"      --match-limit N         PCRE2 match limit per rule attempt (default %lu)\n"
		"      --depth-limit N         PCRE2 depth limit; the JIT stack is N*128 bytes\n"
		"                              (default %lu); a rule hitting either limit is\n"
		"                              skipped for that sentence\n"
		"      --max-mentions N        evidence (pkg:Mention) kept per resource and\n"
		"                              article (default %zu)\n",
		PK_DEFAULT_MAX_SENTENCE_CHARS, PK_DEFAULT_MATCH_LIMIT, PK_DEFAULT_DEPTH_LIMIT,
		PK_DEFAULT_MAX_MENTIONS);
}

/* ---- query limits: query, serve ---------------------------------------------- */

/* --timeout SECONDS: 0 is no limit. */
int pk_cli_parse_timeout(double *out, const char *cmd, const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end != '\0' || !(v >= 0) || v > 86400) {
		pk_cli_usage_error(cmd, "--timeout wants seconds (0 to 86400, 0: no "
			"limit), not '%s'", arg);
		return -1;
	}
	*out = v == 0 ? -1 : v;
	return 0;
}

/* --max-rows N: 0 is no limit. */
int pk_cli_parse_rows(size_t *out, const char *cmd, const char *arg)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || errno || *end != '\0' || v > SIZE_MAX / 2) {
		pk_cli_usage_error(cmd, "--max-rows wants a whole number (0: no "
			"limit), not '%s'", arg);
		return -1;
	}
	*out = v == 0 ? PK_QUERY_NO_ROW_LIMIT : (size_t)v;
	return 0;
}
