/*
 * fuzz_rules.c - libFuzzer harness for the rule file parser: the input is
 * one rule file (rules/README.md has the format), loaded alone with
 * pk_ruleset_load, which must report what is wrong and never crash or
 * leak.  A file that loads is then used: a fixed article (the first seed)
 * is extracted with it and written as Turtle, so patterns the fuzzer
 * wrote (empty matches, odd group names, runaway backtracking under the
 * match limits) go through the rules stage too.
 */
#include "fuzz_common.h"

static char *pk_fuzz_article;
static size_t pk_fuzz_article_len;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *seed = PK_SOURCE_DIR "/seeds/000_f3690c1b6a91e66d.txt";
	FILE *fh = fopen(seed, "rb");

	(void)argc;
	(void)argv;
	/* the first 3000 bytes: the header, the lead and a few sentences */
	pk_fuzz_article = malloc(3000);
	if (!fh || !pk_fuzz_article) {
		perror(seed);
		abort();
	}
	pk_fuzz_article_len = fread(pk_fuzz_article, 1, 3000, fh);
	fclose(fh);
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	pk_extract_options opts = PK_EXTRACT_OPTIONS_INIT;
	pk_ruleset *rs = NULL;
	pk_extractor *ex = NULL;
	char path[600];
	FILE *fh;

	snprintf(path, sizeof path, "%s/fuzz.rules", pk_fuzz_scratch("rules"));
	fh = fopen(path, "wb");
	if (!fh || fwrite(data, 1, size, fh) != size || fclose(fh) != 0)
		abort();
	if (pk_ruleset_load(&rs, path, &pk_fuzz_diag) < 0) {
		if (rs)
			abort(); /* an error leaves *out NULL */
		return 0;
	}
	opts.reference_date = "2026-11-23";
	if (pk_extractor_new(&ex, rs, &opts, &pk_fuzz_diag) < 0)
		abort();
	pk_extractor_add_text(ex, "seed.txt", pk_fuzz_article, pk_fuzz_article_len);
	snprintf(path, sizeof path, "%s/graph.ttl", pk_fuzz_scratch("rules"));
	if (pk_extractor_write(ex, path, "turtle") < 0)
		abort();
	pk_extractor_free(ex);
	pk_ruleset_free(rs);
	return 0;
}
