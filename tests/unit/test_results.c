/*
 * test_table.c - the result writers (results.c) on hand-built tables:
 * text alignment in terminal cells (Hangul is two wide), CSV quoting,
 * TSV escaping, JSON structure and raw UTF-8, XML escaping, booleans.
 */
#include "check.h"
#include "base/util.h"
#include "rdf/vocab.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

static pk_table *test_results__table(size_t ncols, size_t nrows,
	const char *const *names)
{
	pk_table *t = calloc(1, sizeof *t);
	size_t i;

	t->ncols = ncols;
	t->nrows = nrows;
	t->names = calloc(ncols, sizeof *t->names);
	for (i = 0; i < ncols; i++)
		t->names[i] = pk_strdup(names[i]);
	t->cells = calloc(ncols * nrows > 0 ? ncols * nrows : 1, sizeof *t->cells);
	return t;
}

static void test_results__set(pk_table *t, size_t r, size_t c,
	pk_term_kind kind, const char *value, const char *lang, const char *dt)
{
	pk_term *term = &t->cells[r * t->ncols + c];

	term->kind = kind;
	term->value = pk_strdup(value);
	term->lang = pk_strdup(lang);
	term->datatype = pk_strdup(dt);
}

/* Write t in fmt to a malloc'd string. */
static char *test_results__write(const pk_table *t, pk_table_format fmt)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	int rc = pk_table_write(t, f, fmt);

	fclose(f);
	CHECK_INT(0, rc);
	return s;
}

/* Terminal cells of a line, computed independently of table.c. */
static size_t test_results__width(const char *s, size_t len)
{
	size_t i = 0, w = 0, n;
	uint32_t cp;
	int ea, type;

	while (i < len) {
		n = pk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		CHECK(n > 0);
		if (n == 0)
			return 0;
		type = u_charType((UChar32)cp);
		ea = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
		if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
		    type == U_FORMAT_CHAR)
			;
		else if (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH)
			w += 2;
		else
			w += 1;
		i += n;
	}
	return w;
}

static pk_table *test_results__sample(void)
{
	static const char *const names[] = { "org", "name", "note" };
	pk_table *t = test_results__table(3, 3, names);

	test_results__set(t, 0, 0, PK_TERM_IRI, PK_NS_ID "org/msit", NULL, NULL);
	test_results__set(t, 0, 1, PK_TERM_LITERAL, "과학기술정보통신부", "ko", NULL);
	test_results__set(t, 0, 2, PK_TERM_LITERAL, "line1\nline2\tx", NULL, NULL);
	test_results__set(t, 1, 0, PK_TERM_IRI, "http://example.org/a/b", NULL, NULL);
	test_results__set(t, 1, 1, PK_TERM_LITERAL, "APEC", NULL, NULL);
	/* row 1, col 2 unbound */
	test_results__set(t, 2, 0, PK_TERM_BLANK, "b0", NULL, NULL);
	test_results__set(t, 2, 1, PK_TERM_LITERAL, "e\xCC\x81 😀", NULL, NULL);
	test_results__set(t, 2, 2, PK_TERM_LITERAL, "42", NULL, PK_NS_XSD "integer");
	return t;
}

static void test_results__text_hangul_columns_line_up(void)
{
	pk_table *t = test_results__sample();
	char *s = test_results__write(t, PK_TABLE_TEXT);
	const char *line = s, *nl;
	size_t width = 0, lines = 0, w;

	while ((nl = strchr(line, '\n')) != NULL) {
		if (strncmp(line, "(", 1) == 0)
			break;
		w = test_results__width(line, (size_t)(nl - line));
		if (lines == 0)
			width = w;
		CHECK_INT(width, w);
		lines++;
		line = nl + 1;
	}
	CHECK_INT(5, lines); /* header, separator, 3 rows */
	CHECK_STR("(3 rows)\n", line);
	/* for people, pkgid:kind/slug reads better than the full IRI */
	CHECK(strstr(s, "pkgid:org/msit") != NULL);
	CHECK(strstr(s, "<http://example.org/a/b>") != NULL);
	CHECK(strstr(s, "과학기술정보통신부") != NULL);
	CHECK(strstr(s, "@ko") == NULL);
	CHECK(strstr(s, "line1 line2 x") != NULL);
	CHECK(strstr(s, "_:b0") != NULL);
	CHECK(strstr(s, "😀") != NULL);
	CHECK(strstr(s, "\\u") == NULL);
	CHECK(strstr(s, "integer") == NULL);
	free(s);
	pk_table_free(t);
}

static void test_results__text_shortens_known_prefixes(void)
{
	static const char *const names[] = { "p" };
	pk_table *t = test_results__table(1, 2, names);
	char *s;

	test_results__set(t, 0, 0, PK_TERM_IRI, PK_NS_PKG "Ministry", NULL, NULL);
	test_results__set(t, 1, 0, PK_TERM_IRI, PK_NS_ID "msit", NULL, NULL);
	s = test_results__write(t, PK_TABLE_TEXT);
	CHECK_STR("p           \n"
		"------------\n"
		"pkg:Ministry\n"
		"pkgid:msit  \n"
		"(2 rows)\n", s);
	free(s);
	pk_table_free(t);
}

static void test_results__csv_quotes_rfc4180(void)
{
	static const char *const names[] = { "a", "b" };
	pk_table *t = test_results__table(2, 2, names);
	char *s;

	test_results__set(t, 0, 0, PK_TERM_IRI, "http://x/1", NULL, NULL);
	test_results__set(t, 0, 1, PK_TERM_LITERAL, "say \"hi\", 안녕", "ko", NULL);
	test_results__set(t, 1, 0, PK_TERM_BLANK, "b1", NULL, NULL);
	test_results__set(t, 1, 1, PK_TERM_LITERAL, "two\nlines", NULL, NULL);
	s = test_results__write(t, PK_TABLE_CSV);
	CHECK_STR("a,b\r\n"
		"http://x/1,\"say \"\"hi\"\", 안녕\"\r\n"
		"_:b1,\"two\nlines\"\r\n", s);
	free(s);
	pk_table_free(t);
}

static void test_results__tsv_escapes_literals(void)
{
	static const char *const names[] = { "s", "o" };
	pk_table *t = test_results__table(2, 4, names);
	char *s;

	test_results__set(t, 0, 0, PK_TERM_IRI, "http://x/1", NULL, NULL);
	test_results__set(t, 0, 1, PK_TERM_LITERAL, "a\tb\nc\r\"d\"\\", NULL, NULL);
	test_results__set(t, 1, 0, PK_TERM_BLANK, "b2", NULL, NULL);
	test_results__set(t, 1, 1, PK_TERM_LITERAL, "과학", "ko", NULL);
	test_results__set(t, 2, 1, PK_TERM_LITERAL, "7", NULL, PK_NS_XSD "integer");
	test_results__set(t, 3, 1, PK_TERM_LITERAL, "plain", NULL, PK_NS_XSD "string");
	s = test_results__write(t, PK_TABLE_TSV);
	CHECK_STR("?s\t?o\n"
		"<http://x/1>\t\"a\\tb\\nc\\r\\\"d\\\"\\\\\"\n"
		"_:b2\t\"과학\"@ko\n"
		"\t\"7\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
		"\t\"plain\"\n", s);
	free(s);
	pk_table_free(t);
}

static void test_results__json_bindings_and_raw_utf8(void)
{
	static const char *const names[] = { "s", "o" };
	pk_table *t = test_results__table(2, 3, names);
	char *s;

	test_results__set(t, 0, 0, PK_TERM_IRI, "http://x/1", NULL, NULL);
	test_results__set(t, 0, 1, PK_TERM_LITERAL, "웃음 😀", "ko", NULL);
	test_results__set(t, 1, 0, PK_TERM_BLANK, "b3", NULL, NULL);
	test_results__set(t, 1, 1, PK_TERM_LITERAL, "3", NULL, PK_NS_XSD "integer");
	/* row 2: s unbound */
	test_results__set(t, 2, 1, PK_TERM_LITERAL, "q\"\\\n\x01", NULL, NULL);
	s = test_results__write(t, PK_TABLE_JSON);
	CHECK_STR("{\"head\":{\"vars\":[\"s\",\"o\"]},\"results\":{\"bindings\":[\n"
		"{\"s\":{\"type\":\"uri\",\"value\":\"http://x/1\"},"
		"\"o\":{\"type\":\"literal\",\"xml:lang\":\"ko\",\"value\":\"웃음 😀\"}},\n"
		"{\"s\":{\"type\":\"bnode\",\"value\":\"b3\"},"
		"\"o\":{\"type\":\"literal\",\"datatype\":"
		"\"http://www.w3.org/2001/XMLSchema#integer\",\"value\":\"3\"}},\n"
		"{\"o\":{\"type\":\"literal\",\"value\":\"q\\\"\\\\\\n\\u0001\"}}\n"
		"]}}\n", s);
	CHECK(strstr(s, "\xF0\x9F\x98\x80") != NULL); /* U+1F600 raw */
	CHECK(strstr(s, "\\U") == NULL);
	free(s);
	pk_table_free(t);
}

static void test_results__json_empty(void)
{
	static const char *const names[] = { "x" };
	pk_table *t = test_results__table(1, 0, names);
	char *s = test_results__write(t, PK_TABLE_JSON);

	CHECK_STR("{\"head\":{\"vars\":[\"x\"]},\"results\":{\"bindings\":[]}}\n", s);
	free(s);
	pk_table_free(t);
}

static void test_results__boolean_in_every_format(void)
{
	pk_table *t = calloc(1, sizeof *t);
	char *s;

	t->is_boolean = 1;
	t->boolean = 1;
	s = test_results__write(t, PK_TABLE_JSON);
	CHECK_STR("{\"head\":{},\"boolean\":true}\n", s);
	free(s);
	s = test_results__write(t, PK_TABLE_TEXT);
	CHECK_STR("yes\n", s);
	free(s);
	t->boolean = 0;
	s = test_results__write(t, PK_TABLE_CSV);
	CHECK_STR("false\r\n", s);
	free(s);
	s = test_results__write(t, PK_TABLE_TSV);
	CHECK_STR("false\n", s);
	free(s);
	s = test_results__write(t, PK_TABLE_JSON);
	CHECK_STR("{\"head\":{},\"boolean\":false}\n", s);
	free(s);
	s = test_results__write(t, PK_TABLE_XML);
	CHECK_STR("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n<head></head>\n"
		"<boolean>false</boolean>\n</sparql>\n", s);
	free(s);
	pk_table_free(t);
}

/* SPARQL XML: the five specials escaped, what XML 1.0 cannot hold (a
 * control character, invalid UTF-8) replaced by U+FFFD, UTF-8 raw,
 * language or datatype as attributes, unbound cells left out. */
static void test_results__xml_escapes_and_terms(void)
{
	static const char *const names[] = { "s", "o" };
	pk_table *t = test_results__table(2, 3, names);
	char *s;

	test_results__set(t, 0, 0, PK_TERM_IRI, "http://x/?a=1&b=<2>", NULL, NULL);
	test_results__set(t, 0, 1, PK_TERM_LITERAL, "웃음 \"q\"", "ko", NULL);
	test_results__set(t, 1, 0, PK_TERM_BLANK, "b3", NULL, NULL);
	test_results__set(t, 1, 1, PK_TERM_LITERAL, "3", NULL, PK_NS_XSD "integer");
	test_results__set(t, 2, 1, PK_TERM_LITERAL, "a\x01" "b\xFF" "c", NULL, NULL);
	s = test_results__write(t, PK_TABLE_XML);
	CHECK_STR("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
		"<head><variable name=\"s\"/><variable name=\"o\"/></head>\n<results>\n"
		"<result><binding name=\"s\"><uri>http://x/?a=1&amp;b=&lt;2&gt;</uri></binding>"
		"<binding name=\"o\"><literal xml:lang=\"ko\">웃음 &quot;q&quot;</literal></binding></result>\n"
		"<result><binding name=\"s\"><bnode>b3</bnode></binding>"
		"<binding name=\"o\"><literal datatype=\"http://www.w3.org/2001/XMLSchema#integer\">3</literal></binding></result>\n"
		"<result><binding name=\"o\"><literal>a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c</literal></binding></result>\n"
		"</results>\n</sparql>\n", s);
	free(s);
	pk_table_free(t);
}

static void test_results__format_names(void)
{
	pk_table_format f = PK_TABLE_JSON;

	CHECK_INT(0, pk_table_format_parse(&f, "table"));
	CHECK_INT(PK_TABLE_TEXT, f);
	CHECK_INT(0, pk_table_format_parse(&f, "csv"));
	CHECK_INT(PK_TABLE_CSV, f);
	CHECK_INT(0, pk_table_format_parse(&f, "tsv"));
	CHECK_INT(PK_TABLE_TSV, f);
	CHECK_INT(0, pk_table_format_parse(&f, "json"));
	CHECK_INT(PK_TABLE_JSON, f);
	CHECK_INT(0, pk_table_format_parse(&f, "text"));
	CHECK_INT(PK_TABLE_TEXT, f);
	CHECK_INT(0, pk_table_format_parse(&f, "xml"));
	CHECK_INT(PK_TABLE_XML, f);
	CHECK_INT(PK_EUSAGE, pk_table_format_parse(&f, "yaml"));
	pk_table_free(NULL);
}

static const pk_test tests[] = {
	PK_TEST(test_results__text_hangul_columns_line_up),
	PK_TEST(test_results__text_shortens_known_prefixes),
	PK_TEST(test_results__csv_quotes_rfc4180),
	PK_TEST(test_results__tsv_escapes_literals),
	PK_TEST(test_results__json_bindings_and_raw_utf8),
	PK_TEST(test_results__json_empty),
	PK_TEST(test_results__boolean_in_every_format),
	PK_TEST(test_results__format_names),
	PK_TEST(test_results__xml_escapes_and_terms),
};

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, NULL);
}
