/*
 * table.c - writes SPARQL results (a pk_table, filled by store.c) for
 * people and for programs.  Each format is one entry in pk_table_writers,
 * a {name, write function} table:
 *
 *   text  aligned columns, widths counted in terminal cells (ICU East
 *         Asian Width: Hangul is two cells), IRIs shortened to prefix:local
 *   csv   SPARQL 1.1 CSV (RFC 4180 quoting, CRLF)
 *   tsv   SPARQL 1.1 TSV (terms in Turtle syntax)
 *   json  SPARQL 1.1 Query Results JSON
 *   xml   SPARQL Query Results XML
 *
 * UTF-8 is written as it is in every format; nothing is \u-escaped except
 * JSON control characters.  Writers only read the table.
 */
#include "base/util.h"
#include "rdf/vocab.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

typedef int (*pk_table_write_fn)(const pk_table *t, FILE *out);

typedef struct pk_table_writer {
	const char *name;
	pk_table_format format;
	pk_table_write_fn write;
} pk_table_writer;

/* ---- shared helpers ------------------------------------------------------ */

static int pk_table_is_xsd_string(const char *dt)
{
	return dt && strcmp(dt, PK_NS_XSD "string") == 0;
}

static const pk_term *pk_table_cell(const pk_table *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

static int pk_table_finish(FILE *out)
{
	if (fflush(out) != 0 || ferror(out))
		return PK_EIO;
	return 0;
}

/* ---- text ----------------------------------------------------------------- */

/* Terminal cells taken by one code point. */
static size_t pk_table_cp_width(uint32_t cp)
{
	int type = u_charType((UChar32)cp);
	int ea;

	if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
	    type == U_FORMAT_CHAR)
		return 0;
	ea = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
	if (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH)
		return 2;
	return 1;
}

/* Terminal cells taken by s (already made printable by
 * pk_table_text_render). */
static size_t pk_table_text_width(const char *s, size_t len)
{
	size_t i = 0, w = 0, n;
	uint32_t cp;

	while (i < len) {
		n = pk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0) {
			n = 1;
			cp = 0xFFFD;
		}
		w += pk_table_cp_width(cp);
		i += n;
	}
	return w;
}

/* Append s to b for a terminal: control characters become a space,
 * invalid UTF-8 becomes U+FFFD. */
static int pk_table_text_put(pk_buf *b, const char *s)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;
	int rc;

	while (i < len) {
		n = pk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0) {
			rc = pk_buf_put_cp(b, 0xFFFD);
			n = 1;
		} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			rc = pk_buf_putc(b, ' ');
		} else {
			rc = pk_buf_put(b, s + i, n);
		}
		if (rc < 0)
			return rc;
		i += n;
	}
	return 0;
}

static int pk_table_text_render(pk_buf *b, const pk_term *term)
{
	const pk_prefix *p;
	const char *local;
	int rc = 0;

	pk_buf_clear(b);
	if (pk_buf_grow(b, 0) < 0)
		return PK_ENOMEM;
	switch (term->kind) {
	case PK_TERM_IRI:
		if ((p = pk_vocab_shorten(term->value, &local)) != NULL) {
			if ((rc = pk_buf_puts(b, p->prefix)) < 0 ||
			    (rc = pk_buf_putc(b, ':')) < 0)
				return rc;
			return pk_table_text_put(b, local);
		}
		if ((rc = pk_buf_putc(b, '<')) < 0 ||
		    (rc = pk_table_text_put(b, term->value)) < 0)
			return rc;
		return pk_buf_putc(b, '>');
	case PK_TERM_BLANK:
		if ((rc = pk_buf_puts(b, "_:")) < 0)
			return rc;
		return pk_table_text_put(b, term->value ? term->value : "");
	case PK_TERM_LITERAL:
		return pk_table_text_put(b, term->value ? term->value : "");
	case PK_TERM_UNBOUND:
	default:
		return 0;
	}
}

static void pk_table_text_pad(FILE *out, size_t n)
{
	while (n-- > 0)
		putc(' ', out);
}

static int pk_table_write_text(const pk_table *t, FILE *out)
{
	pk_buf b = PK_BUF_INIT;
	size_t *widths = NULL;
	size_t r, c, w;
	int rc = 0;

	if (t->is_boolean) {
		fputs(t->boolean ? "yes\n" : "no\n", out);
		return pk_table_finish(out);
	}
	if (t->ncols > 0) {
		widths = calloc(t->ncols, sizeof *widths);
		if (!widths) {
			rc = PK_ENOMEM;
			goto out;
		}
	}
	for (c = 0; c < t->ncols; c++) {
		pk_buf_clear(&b);
		if ((rc = pk_table_text_put(&b, t->names[c])) < 0)
			goto out;
		widths[c] = pk_table_text_width(b.ptr ? b.ptr : "", b.len);
	}
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if ((rc = pk_table_text_render(&b, pk_table_cell(t, r, c))) < 0)
				goto out;
			w = pk_table_text_width(b.ptr, b.len);
			if (w > widths[c])
				widths[c] = w;
		}
	}

	if (t->ncols > 0) {
		/* header, separator */
		for (c = 0; c < t->ncols; c++) {
			pk_buf_clear(&b);
			if ((rc = pk_table_text_put(&b, t->names[c])) < 0)
				goto out;
			if (c > 0)
				fputs(" | ", out);
			fwrite(b.ptr ? b.ptr : "", 1, b.len, out);
			pk_table_text_pad(out, widths[c] -
				pk_table_text_width(b.ptr ? b.ptr : "", b.len));
		}
		putc('\n', out);
		for (c = 0; c < t->ncols; c++) {
			if (c > 0)
				fputs("-+-", out);
			for (w = 0; w < widths[c]; w++)
				putc('-', out);
		}
		putc('\n', out);
	}
	for (r = 0; r < t->nrows && t->ncols > 0; r++) {
		for (c = 0; c < t->ncols; c++) {
			if ((rc = pk_table_text_render(&b, pk_table_cell(t, r, c))) < 0)
				goto out;
			if (c > 0)
				fputs(" | ", out);
			fwrite(b.ptr, 1, b.len, out);
			pk_table_text_pad(out, widths[c] - pk_table_text_width(b.ptr, b.len));
		}
		putc('\n', out);
	}
	fprintf(out, "(%zu %s)\n", t->nrows, t->nrows == 1 ? "row" : "rows");
	rc = pk_table_finish(out);
out:
	free(widths);
	pk_buf_free(&b);
	return rc;
}

/* ---- csv ------------------------------------------------------------------ */

static void pk_table_csv_field(FILE *out, const char *s)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (p = s; *p; p++) {
		if (*p == '"')
			putc('"', out);
		putc(*p, out);
	}
	putc('"', out);
}

static int pk_table_write_csv(const pk_table *t, FILE *out)
{
	const pk_term *term;
	size_t r, c;

	if (t->is_boolean) {
		fputs(t->boolean ? "true\r\n" : "false\r\n", out);
		return pk_table_finish(out);
	}
	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			putc(',', out);
		pk_table_csv_field(out, t->names[c]);
	}
	fputs("\r\n", out);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			term = pk_table_cell(t, r, c);
			if (c > 0)
				putc(',', out);
			if (term->kind == PK_TERM_UNBOUND || !term->value)
				continue;
			if (term->kind == PK_TERM_BLANK)
				fputs("_:", out);
			pk_table_csv_field(out, term->value);
		}
		fputs("\r\n", out);
	}
	return pk_table_finish(out);
}

/* ---- tsv ------------------------------------------------------------------ */

/* A literal's lexical form, quoted and escaped, into b: the runs between
 * characters to escape in one copy each. */
static int pk_table_tsv_literal(pk_buf *b, const char *s)
{
	const char *p = s, *esc;
	size_t n;
	int rc = pk_buf_putc(b, '"');

	for (; rc == 0; p++) {
		n = strcspn(p, "\t\n\r\"\\");
		if (n && (rc = pk_buf_put(b, p, n)) < 0)
			break;
		p += n;
		switch (*p) {
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		default: return pk_buf_putc(b, '"');
		}
		rc = pk_buf_put(b, esc, 2);
	}
	return rc;
}

static int pk_table_tsv_term(pk_buf *b, const pk_term *term)
{
	int rc = 0;

	if (!term->value)
		return 0;
	switch (term->kind) {
	case PK_TERM_IRI:
		if ((rc = pk_buf_putc(b, '<')) == 0 && (rc = pk_buf_puts(b, term->value)) == 0)
			rc = pk_buf_putc(b, '>');
		break;
	case PK_TERM_BLANK:
		if ((rc = pk_buf_puts(b, "_:")) == 0)
			rc = pk_buf_puts(b, term->value);
		break;
	case PK_TERM_LITERAL:
		if ((rc = pk_table_tsv_literal(b, term->value)) < 0)
			break;
		if (term->lang && term->lang[0]) {
			if ((rc = pk_buf_putc(b, '@')) == 0)
				rc = pk_buf_puts(b, term->lang);
		} else if (term->datatype && !pk_table_is_xsd_string(term->datatype)) {
			if ((rc = pk_buf_puts(b, "^^<")) == 0 &&
			    (rc = pk_buf_puts(b, term->datatype)) == 0)
				rc = pk_buf_putc(b, '>');
		}
		break;
	case PK_TERM_UNBOUND:
	default:
		break;
	}
	return rc;
}

/* Each row made in a buffer and written in one call: stdio's locking
 * and bookkeeping per character were a tenth of a large answer. */
static int pk_table_write_tsv(const pk_table *t, FILE *out)
{
	pk_buf b = PK_BUF_INIT;
	size_t r, c;
	int rc = 0;

	if (t->is_boolean) {
		fputs(t->boolean ? "true\n" : "false\n", out);
		return pk_table_finish(out);
	}
	for (c = 0; c < t->ncols; c++)
		fprintf(out, "%s?%s", c > 0 ? "\t" : "", t->names[c]);
	putc('\n', out);
	for (r = 0; r < t->nrows && rc == 0; r++) {
		pk_buf_clear(&b);
		for (c = 0; c < t->ncols && rc == 0; c++)
			if ((c == 0 || (rc = pk_buf_putc(&b, '\t')) == 0))
				rc = pk_table_tsv_term(&b, pk_table_cell(t, r, c));
		if (rc == 0 && (rc = pk_buf_putc(&b, '\n')) == 0 &&
		    fwrite(b.ptr, 1, b.len, out) != b.len)
			rc = PK_EIO;
	}
	pk_buf_free(&b);
	return rc < 0 ? rc : pk_table_finish(out);
}

/* ---- json ----------------------------------------------------------------- */

/* A JSON string: UTF-8 as is, only '"', '\' and controls escaped; invalid
 * UTF-8 becomes U+FFFD so the output is always valid JSON. */
static void pk_table_json_string(FILE *out, const char *s)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;

	putc('"', out);
	while (i < len) {
		n = pk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0) {
			fputs("\xEF\xBF\xBD", out);
			i++;
			continue;
		}
		switch (cp) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		default:
			if (cp < 0x20)
				fprintf(out, "\\u%04x", (unsigned)cp);
			else
				fwrite(s + i, 1, n, out);
			break;
		}
		i += n;
	}
	putc('"', out);
}

static void pk_table_json_term(FILE *out, const pk_term *term)
{
	switch (term->kind) {
	case PK_TERM_IRI:
		fputs("{\"type\":\"uri\",\"value\":", out);
		break;
	case PK_TERM_BLANK:
		fputs("{\"type\":\"bnode\",\"value\":", out);
		break;
	case PK_TERM_LITERAL:
	default:
		fputs("{\"type\":\"literal\"", out);
		if (term->lang && term->lang[0]) {
			fputs(",\"xml:lang\":", out);
			pk_table_json_string(out, term->lang);
		} else if (term->datatype && !pk_table_is_xsd_string(term->datatype)) {
			fputs(",\"datatype\":", out);
			pk_table_json_string(out, term->datatype);
		}
		fputs(",\"value\":", out);
		break;
	}
	pk_table_json_string(out, term->value ? term->value : "");
	putc('}', out);
}

static int pk_table_write_json(const pk_table *t, FILE *out)
{
	const pk_term *term;
	size_t r, c;
	int first;

	if (t->is_boolean) {
		fprintf(out, "{\"head\":{},\"boolean\":%s}\n",
			t->boolean ? "true" : "false");
		return pk_table_finish(out);
	}
	fputs("{\"head\":{\"vars\":[", out);
	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			putc(',', out);
		pk_table_json_string(out, t->names[c]);
	}
	fputs("]},\"results\":{\"bindings\":[", out);
	for (r = 0; r < t->nrows; r++) {
		fputs(r > 0 ? ",\n{" : "\n{", out);
		first = 1;
		for (c = 0; c < t->ncols; c++) {
			term = pk_table_cell(t, r, c);
			if (term->kind == PK_TERM_UNBOUND || !term->value)
				continue;
			if (!first)
				putc(',', out);
			first = 0;
			pk_table_json_string(out, t->names[c]);
			putc(':', out);
			pk_table_json_term(out, term);
		}
		putc('}', out);
	}
	fputs(t->nrows > 0 ? "\n]}}\n" : "]}}\n", out);
	return pk_table_finish(out);
}

/* ---- xml ------------------------------------------------------------------ */

/* XML character data: the five specials escaped; what XML 1.0 cannot
 * hold at all (controls but tab, newline, return) and invalid UTF-8
 * become U+FFFD so the output always parses. */
static void pk_table_xml_text(FILE *out, const char *s)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = pk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    cp == 0xFFFE || cp == 0xFFFF) {
			fputs("\xEF\xBF\xBD", out);
			i += n ? n : 1;
			continue;
		}
		switch (cp) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\r': fputs("&#13;", out); break;
		default: fwrite(s + i, 1, n, out); break;
		}
		i += n;
	}
}

static void pk_table_xml_term(FILE *out, const pk_term *term)
{
	const char *v = term->value ? term->value : "";

	switch (term->kind) {
	case PK_TERM_IRI:
		fputs("<uri>", out);
		pk_table_xml_text(out, v);
		fputs("</uri>", out);
		break;
	case PK_TERM_BLANK:
		fputs("<bnode>", out);
		pk_table_xml_text(out, v);
		fputs("</bnode>", out);
		break;
	case PK_TERM_LITERAL:
	default:
		fputs("<literal", out);
		if (term->lang && term->lang[0]) {
			fputs(" xml:lang=\"", out);
			pk_table_xml_text(out, term->lang);
			putc('"', out);
		} else if (term->datatype && !pk_table_is_xsd_string(term->datatype)) {
			fputs(" datatype=\"", out);
			pk_table_xml_text(out, term->datatype);
			putc('"', out);
		}
		putc('>', out);
		pk_table_xml_text(out, v);
		fputs("</literal>", out);
		break;
	}
}

static int pk_table_write_xml(const pk_table *t, FILE *out)
{
	const pk_term *term;
	size_t r, c;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n<head>", out);
	for (c = 0; c < t->ncols && !t->is_boolean; c++) {
		fputs("<variable name=\"", out);
		pk_table_xml_text(out, t->names[c]);
		fputs("\"/>", out);
	}
	fputs("</head>\n", out);
	if (t->is_boolean) {
		fprintf(out, "<boolean>%s</boolean>\n</sparql>\n",
			t->boolean ? "true" : "false");
		return pk_table_finish(out);
	}
	fputs("<results>\n", out);
	for (r = 0; r < t->nrows; r++) {
		fputs("<result>", out);
		for (c = 0; c < t->ncols; c++) {
			term = pk_table_cell(t, r, c);
			if (term->kind == PK_TERM_UNBOUND || !term->value)
				continue;
			fputs("<binding name=\"", out);
			pk_table_xml_text(out, t->names[c]);
			fputs("\">", out);
			pk_table_xml_term(out, term);
			fputs("</binding>", out);
		}
		fputs("</result>\n", out);
	}
	fputs("</results>\n</sparql>\n", out);
	return pk_table_finish(out);
}

/* ---- the table of writers -------------------------------------------------- */

static const pk_table_writer pk_table_writers[] = {
	{ "text", PK_TABLE_TEXT, pk_table_write_text },
	{ "table", PK_TABLE_TEXT, pk_table_write_text },
	{ "csv", PK_TABLE_CSV, pk_table_write_csv },
	{ "tsv", PK_TABLE_TSV, pk_table_write_tsv },
	{ "json", PK_TABLE_JSON, pk_table_write_json },
	{ "xml", PK_TABLE_XML, pk_table_write_xml },
};

int pk_table_format_parse(pk_table_format *out, const char *name)
{
	size_t i;

	if (!name)
		return PK_EUSAGE;
	for (i = 0; i < PK_ARRAY_LEN(pk_table_writers); i++) {
		if (strcmp(name, pk_table_writers[i].name) == 0) {
			*out = pk_table_writers[i].format;
			return 0;
		}
	}
	return PK_EUSAGE;
}

int pk_table_write(const pk_table *t, FILE *out, pk_table_format fmt)
{
	size_t i;

	if (!t || !out)
		return PK_EUSAGE;
	for (i = 0; i < PK_ARRAY_LEN(pk_table_writers); i++)
		if (pk_table_writers[i].format == fmt)
			return pk_table_writers[i].write(t, out);
	return PK_EUSAGE;
}

void pk_table_free(pk_table *t)
{
	size_t i, n;

	if (!t)
		return;
	if (t->names)
		for (i = 0; i < t->ncols; i++)
			free(t->names[i]);
	free(t->names);
	if (t->strings)
		pk_arena_free(t->strings);
	else if (t->cells) {
		n = t->nrows * t->ncols;
		for (i = 0; i < n; i++) {
			free(t->cells[i].value);
			free(t->cells[i].lang);
			free(t->cells[i].datatype);
		}
	}
	if (t->cells_mapped)
		pk_mem_unmap(t->cells, t->cells_mapped);
	else
		free(t->cells);
	free(t);
}
