/*
 * serve_page.c - the endpoint's page at /: a box for a query, a choice of
 * result format, and every stored query one click away (its answer at
 * /queries/NAME, or its text in the box by /?edit=NAME).  Offline: no
 * script, no stylesheet or font from elsewhere; every text from a file or
 * a request is escaped.
 */
#include "serve/serve_int.h"

#include <string.h>

static int pk_serve_html(pk_buf *out, const char *s)
{
	int rc = 0;

	for (; *s && rc == 0; s++) {
		switch (*s) {
		case '&': rc = pk_buf_puts(out, "&amp;"); break;
		case '<': rc = pk_buf_puts(out, "&lt;"); break;
		case '>': rc = pk_buf_puts(out, "&gt;"); break;
		case '"': rc = pk_buf_puts(out, "&quot;"); break;
		case '\'': rc = pk_buf_puts(out, "&#39;"); break;
		default: rc = pk_buf_putc(out, *s); break;
		}
	}
	return rc;
}

static const char pk_serve_page_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<title>policykg SPARQL</title>\n<style>\n"
	"body { font-family: sans-serif; margin: 1.5em; max-width: 60em; }\n"
	"textarea { width: 100%; font-family: monospace; font-size: 0.95em; }\n"
	"li { margin: 0.4em 0; } .params { color: #555; font-size: 0.9em; }\n"
	"</style>\n</head>\n<body>\n<h1>policykg SPARQL endpoint</h1>\n"
	"<p>SPARQL 1.1 Protocol at <code>/sparql</code> (GET or POST). The prefixes "
	"pkg: pkgid: rdf: rdfs: xsd: owl: skos: dcterms: prov: org: schema: foaf: "
	"are predeclared.</p>\n"
	"<form method=\"post\" action=\"/sparql\">\n"
	"<textarea name=\"query\" rows=\"14\" spellcheck=\"false\">";

static const char pk_serve_page_form_end[] =
	"</textarea>\n<p>Results as <select name=\"format\">"
	"<option value=\"json\">SPARQL JSON</option>"
	"<option value=\"xml\">SPARQL XML</option>"
	"<option value=\"csv\">CSV</option>"
	"<option value=\"tsv\">TSV</option></select> "
	"(CONSTRUCT: Turtle) <button type=\"submit\">Run query</button></p>\n"
	"</form>\n<h2>Stored queries</h2>\n<ul>\n";

int pk_serve_page(pk_buf *out, const pk_stored_query *qs, size_t n,
	const char *text)
{
	size_t i;
	int rc;

	if ((rc = pk_buf_puts(out, pk_serve_page_head)) < 0 ||
	    (rc = pk_serve_html(out, text ? text :
		"SELECT ?org ?label WHERE { ?org a pkg:Organization ; rdfs:label ?label }\n"
		"ORDER BY ?org LIMIT 20")) < 0 ||
	    (rc = pk_buf_puts(out, pk_serve_page_form_end)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		/* names are plain words (stored_queries.c): safe in a URL */
		if ((rc = pk_buf_printf(out, "<li><a href=\"/queries/%s\">%s</a> "
			"(<a href=\"/queries/%s?format=csv\">csv</a>, "
			"<a href=\"/?edit=%s\">edit</a>): ", qs[i].name, qs[i].name,
			qs[i].name, qs[i].name)) < 0 ||
		    (rc = pk_serve_html(out, qs[i].summary)) < 0)
			return rc;
		if (qs[i].params[0] &&
		    ((rc = pk_buf_puts(out, "<br><span class=\"params\">parameters: ")) < 0 ||
		     (rc = pk_serve_html(out, qs[i].params)) < 0 ||
		     (rc = pk_buf_puts(out, "</span>")) < 0))
			return rc;
		if ((rc = pk_buf_puts(out, "</li>\n")) < 0)
			return rc;
	}
	return pk_buf_puts(out, "</ul>\n<p>A parameter goes in the URL: "
		"<code>/queries/timeline?actor=pkgid:msit</code>.</p>\n</body>\n</html>\n");
}
