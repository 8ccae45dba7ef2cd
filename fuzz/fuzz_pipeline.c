/*
 * fuzz_pipeline.c - libFuzzer harness for the whole document pipeline:
 * bytes in (text or HTML, any encoding or none) -> reader, normalizer,
 * segmenter, gazetteer, rules, date resolver, graph -> Turtle and N-Quads
 * out, each re-parsed by Raptor.  It fails (abort) when the output does
 * not parse, besides anything the sanitizers catch.
 *
 * The rules are the project's own, rules/ of the source tree, loaded once.
 */
#include <raptor2.h>

#include "fuzz_common.h"

static pk_ruleset *pk_fuzz_rules;
static raptor_world *pk_fuzz_world;

typedef struct pk_fuzz_parse {
	int errors;
	char first[512];
} pk_fuzz_parse;

static void pk_fuzz_log(void *ud, raptor_log_message *m)
{
	pk_fuzz_parse *p = ud;

	if (m->level < RAPTOR_LOG_LEVEL_ERROR)
		return;
	if (!p->errors++)
		snprintf(p->first, sizeof p->first, "line %d: %s",
			m->locator ? m->locator->line : -1, m->text);
}

static void pk_fuzz_statement(void *ud, raptor_statement *st)
{
	(void)ud;
	(void)st;
}

/* Parse path as syntax with Raptor; abort when it does not parse. */
static void pk_fuzz_reparse(const char *path, const char *syntax)
{
	pk_fuzz_parse p = { 0, "" };
	raptor_parser *parser;
	raptor_uri *uri, *base;
	unsigned char *s;

	raptor_world_set_log_handler(pk_fuzz_world, &p, pk_fuzz_log);
	parser = raptor_new_parser(pk_fuzz_world, syntax);
	s = raptor_uri_filename_to_uri_string(path);
	uri = raptor_new_uri(pk_fuzz_world, s);
	base = raptor_new_uri(pk_fuzz_world, (const unsigned char *)"file:///fuzz/");
	if (!parser || !s || !uri || !base)
		abort();
	raptor_parser_set_statement_handler(parser, NULL, pk_fuzz_statement);
	if (raptor_parser_parse_file(parser, uri, base) != 0 || p.errors) {
		fprintf(stderr, "fuzz_pipeline: our %s output does not parse: %s\n",
			syntax, p.first);
		abort();
	}
	raptor_free_uri(base);
	raptor_free_uri(uri);
	raptor_free_memory(s);
	raptor_free_parser(parser);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (pk_ruleset_load(&pk_fuzz_rules, PK_SOURCE_DIR "/rules", NULL) < 0) {
		fprintf(stderr, "fuzz_pipeline: cannot load %s/rules\n", PK_SOURCE_DIR);
		abort();
	}
	pk_fuzz_world = raptor_new_world();
	if (!pk_fuzz_world || raptor_world_open(pk_fuzz_world))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const syntaxes[][2] = {
		{ "turtle", "graph.ttl" }, { "nquads", "graph.nq" }
	};
	pk_extract_options opts = PK_EXTRACT_OPTIONS_INIT;
	pk_extractor *ex = NULL;
	char path[600];
	size_t i;

	/* a fixed "today", so a run can be replayed */
	opts.reference_date = "2026-11-23";
	if (pk_extractor_new(&ex, pk_fuzz_rules, &opts, &pk_fuzz_diag) < 0)
		abort();
	/* an input that cannot be used is reported and written as nothing:
	 * the graph must still be written and parse */
	pk_extractor_add_text(ex, "fuzz.txt", (const char *)data, size);
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/%s", pk_fuzz_scratch("pipeline"), syntaxes[i][1]);
		if (pk_extractor_write(ex, path, syntaxes[i][0]) < 0) {
			fprintf(stderr, "fuzz_pipeline: writing %s failed\n", syntaxes[i][0]);
			abort();
		}
		pk_fuzz_reparse(path, syntaxes[i][0]);
	}
	pk_extractor_free(ex);
	return 0;
}
