/*
 * turtle.c - Turtle text of a sorted graph, byte for byte as Raptor
 * 2.0.15's "turtle" serializer writes it (raptor_serialize_turtle.c,
 * raptor_turtle_writer.c, raptor_escaped.c of that release), for what
 * the pipeline makes; turtle.h says what it leaves to Raptor.
 *
 * Raptor keeps every statement in an AVL tree of its own terms and writes
 * at the end through an iostream a byte at a time: for `extract -f
 * turtle` that was half the CPU and most of the memory.  pk_graph already
 * holds the statements, once each, in Raptor's order, so this writes them
 * as they come.  tests/unit/test_turtle.c and the cli.turtle_raptor test
 * hold it to Raptor's bytes.
 */
#include "rdf/turtle.h"

#include <ctype.h>
#include <raptor2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rdf/nquads.h"

/* Raptor's namespace stack starts with xml (raptor_new_namespaces(w, 1)):
 * never declared, but used for prefixed names. */
#define PK_TTL_XML "http://www.w3.org/XML/1998/namespace"
#define PK_TTL_NS 32
#define PK_TTL_MEMO 4096 /* IRI -> its namespace, by address (a power of 2) */

typedef struct pk_ttl_ns {
	const char *prefix;
	const char *iri;
	size_t len;
	int declared;
} pk_ttl_ns;

typedef struct pk_ttl_memo {
	const char *iri;
	int ns;           /* its namespace for a predicate or datatype, or -1 */
	int ns_node;      /* the same for a subject or object (Turtle's rules too) */
} pk_ttl_memo;

struct pk_ttl {
	pk_ttl_ns ns[PK_TTL_NS];
	size_t nns;
	const char *s, *p;   /* the last statement's subject and predicate */
	pk_ttl_memo memo[PK_TTL_MEMO];
};

/* Raptor skips a declaration whose prefix or namespace is taken. */
static int pk_ttl_add_ns(pk_ttl *w, const char *prefix, const char *iri, int declared)
{
	size_t i;

	for (i = 0; i < w->nns; i++)
		if (strcmp(w->ns[i].prefix, prefix) == 0 || strcmp(w->ns[i].iri, iri) == 0)
			return 0;
	if (w->nns == PK_TTL_NS)
		return PK_EUSAGE;
	w->ns[w->nns].prefix = prefix;
	w->ns[w->nns].iri = iri;
	w->ns[w->nns].len = strlen(iri);
	w->ns[w->nns].declared = declared;
	w->nns++;
	return 0;
}

int pk_ttl_new(pk_ttl **out, const pk_prefix *prefixes, size_t n)
{
	pk_ttl *w;
	size_t i, j;
	int rc = 0;

	*out = NULL;
	if (!(w = calloc(1, sizeof *w)))
		return PK_ENOMEM;
	if ((rc = pk_ttl_add_ns(w, "rdf", PK_NS_RDF, 1)) < 0)
		goto out;
	for (i = 0; i < n; i++)
		if ((rc = pk_ttl_add_ns(w, prefixes[i].prefix, prefixes[i].iri, 1)) < 0)
			goto out;
	if ((rc = pk_ttl_add_ns(w, "xml", PK_TTL_XML, 0)) < 0)
		goto out;
	/* Raptor takes the first namespace in its hash table's order that
	 * starts an IRI; with none starting another, there is only one. */
	for (i = 0; i < w->nns; i++)
		for (j = 0; j < w->nns; j++)
			if (i != j && strncmp(w->ns[i].iri, w->ns[j].iri, w->ns[i].len) == 0) {
				rc = PK_EUSAGE;
				goto out;
			}
	*out = w;
	w = NULL;
out:
	free(w);
	return rc;
}

void pk_ttl_free(pk_ttl *w)
{
	free(w);
}

/* raptor_turtle_is_legal_turtle_qname: the local part starts with an
 * ASCII letter, digit or '_' (isalpha in the C locale) and has no '.'. */
static int pk_ttl_turtle_local(const char *local)
{
	unsigned char c = (unsigned char)local[0];

	if (!(c < 0x80 && (isalnum(c) || c == '_')))
		return 0;
	return strchr(local, '.') == NULL;
}

/* The namespace Raptor writes iri with, or -1 (raptor_new_qname_from_
 * namespace_uri; node: also raptor_turtle_is_legal_turtle_qname). */
static int pk_ttl_find_ns(pk_ttl *w, const char *iri, int node)
{
	uintptr_t h = (uintptr_t)iri;
	pk_ttl_memo *m = &w->memo[((h >> 4) ^ (h >> 16)) & (PK_TTL_MEMO - 1)];
	size_t len, i;

	if (m->iri != iri) {
		m->iri = iri;
		m->ns = m->ns_node = -1;
		len = strlen(iri);
		for (i = 0; i < w->nns; i++) {
			const pk_ttl_ns *ns = &w->ns[i];

			if (ns->len >= len || strncmp(iri, ns->iri, ns->len) != 0)
				continue;
			if (raptor_xml_name_check((const unsigned char *)iri + ns->len,
				len - ns->len, 10)) {
				m->ns = (int)i;
				if (pk_ttl_turtle_local(iri + ns->len))
					m->ns_node = (int)i;
			}
			break;
		}
	}
	return node ? m->ns_node : m->ns;
}

/* Bytes an IRIREF takes as they are (RAPTOR_ESCAPED_WRITE_TURTLE_URI). */
static inline int pk_ttl_iri_plain(unsigned char c)
{
	return c > 0x20 && c != '<' && c != '>' && c != '"' && c != '{' && c != '}' &&
		c != '|' && c != '^' && c != '`' && c != '\\';
}

/* <iri> as raptor_uri_escaped_write writes it: '\' doubled, controls,
 * space and <>"{}|^` as \u00XX, the rest (UTF-8 too) as it is. */
static int pk_ttl_put_iriref(pk_buf *b, const char *iri)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)iri;
	size_t len = strlen(iri), i = 0, start = 0;
	char e[6] = { '\\', 'u', '0', '0', '0', '0' };
	int rc;

	if (!pk_nq_valid_utf8(iri, len))
		return PK_EINPUT;
	if (pk_buf_grow(b, len + 2) < 0 || pk_buf_putc(b, '<') < 0)
		return PK_ENOMEM;
	/* runs that need nothing copied whole: most IRIs are one run */
	for (;;) {
		while (i < len && pk_ttl_iri_plain(u[i]))
			i++;
		if (pk_buf_put(b, iri + start, i - start) < 0)
			return PK_ENOMEM;
		if (i == len)
			break;
		e[4] = hex[u[i] >> 4];
		e[5] = hex[u[i] & 0xf];
		rc = u[i] == '\\' ? pk_buf_put(b, "\\\\", 2) : pk_buf_put(b, e, 6);
		if (rc < 0)
			return PK_ENOMEM;
		start = ++i;
	}
	return pk_buf_putc(b, '>') < 0 ? PK_ENOMEM : 0;
}

static int pk_ttl_put_qname(pk_buf *b, const pk_ttl_ns *ns, const char *iri)
{
	if (pk_buf_puts(b, ns->prefix) < 0 || pk_buf_putc(b, ':') < 0 ||
	    pk_buf_puts(b, iri + ns->len) < 0)
		return PK_ENOMEM;
	return 0;
}

/* A subject or object IRI (raptor_turtle_emit_resource), or a predicate
 * or datatype (node 0). */
static int pk_ttl_put_iri(pk_ttl *w, pk_buf *b, const char *iri, int node)
{
	int ns = pk_ttl_find_ns(w, iri, node);

	return ns >= 0 ? pk_ttl_put_qname(b, &w->ns[ns], iri) : pk_ttl_put_iriref(b, iri);
}

/* What strtol takes whole: spaces, a sign, digits, nothing after. */
static int pk_ttl_integer(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '+' || *s == '-')
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	while (isdigit((unsigned char)*s))
		s++;
	return *s == '\0';
}

int pk_ttl_fits(const pk_ttl *w, const pk_triple *t)
{
	(void)w;
	if (t->o_is_iri)
		return strcmp(t->o, PK_NS_RDF "nil") != 0;
	if (t->lang && (t->dt || !*t->lang))
		return 0;
	if (!t->dt)
		return 1;
	if (strcmp(t->dt, XSD("integer")) == 0)
		return pk_ttl_integer(t->o);
	return strcmp(t->dt, XSD("decimal")) != 0 && strcmp(t->dt, XSD("double")) != 0 &&
		strcmp(t->dt, XSD("boolean")) != 0;
}

/* "lex" or """lex""" (raptor_turtle_writer_quoted_counted_string with
 * RAPTOR_ESCAPED_WRITE_TURTLE_LITERAL): '"' and '\' escaped, all else as
 * it is. */
static int pk_ttl_put_string(pk_buf *b, const char *lex)
{
	size_t len = strlen(lex), i, start = 0;
	int q = memchr(lex, '\n', len) ? 3 : 1;

	if (!pk_nq_valid_utf8(lex, len))
		return PK_EINPUT;
	if (pk_buf_put(b, "\"\"\"", q) < 0)
		return PK_ENOMEM;
	for (i = 0; i < len; i++) {
		if (lex[i] != '"' && lex[i] != '\\')
			continue;
		if (pk_buf_put(b, lex + start, i - start) < 0 || pk_buf_putc(b, '\\') < 0)
			return PK_ENOMEM;
		start = i;
	}
	if (pk_buf_put(b, lex + start, len - start) < 0 || pk_buf_put(b, "\"\"\"", q) < 0)
		return PK_ENOMEM;
	return 0;
}

static int pk_ttl_put_literal(pk_ttl *w, pk_buf *b, const pk_triple *t)
{
	int rc;

	if (t->dt && strcmp(t->dt, XSD("integer")) == 0)
		return pk_buf_puts(b, t->o) < 0 ? PK_ENOMEM : 0;
	if ((rc = pk_ttl_put_string(b, t->o)) < 0)
		return rc;
	if (t->dt) {
		if (pk_buf_put(b, "^^", 2) < 0)
			return PK_ENOMEM;
		return pk_ttl_put_iri(w, b, t->dt, 0);
	}
	if (t->lang && (pk_buf_putc(b, '@') < 0 || pk_buf_puts(b, t->lang) < 0))
		return PK_ENOMEM;
	return 0;
}

int pk_ttl_put_header(pk_ttl *w, pk_buf *b)
{
	size_t i;

	for (i = 0; i < w->nns; i++) {
		if (!w->ns[i].declared)
			continue;
		if (pk_buf_printf(b, "@prefix %s: ", w->ns[i].prefix) < 0)
			return PK_ENOMEM;
		if (pk_ttl_put_iriref(b, w->ns[i].iri) < 0 || pk_buf_put(b, " .\n", 3) < 0)
			return PK_ENOMEM;
	}
	return pk_buf_putc(b, '\n') < 0 ? PK_ENOMEM : 0;
}

static int pk_ttl_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* What starts a statement's text: its subject (after the end of the last
 * block) or " ;" and a new line, then the predicate and a space. */
static int pk_ttl_put_head(pk_ttl *w, pk_buf *b, const pk_triple *t, int same_s)
{
	int rc;

	if (same_s) {
		rc = pk_buf_put(b, " ;\n    ", 7);
	} else {
		rc = w->s ? pk_buf_put(b, " .\n\n", 4) : 0;
		if (rc == 0 && (rc = pk_ttl_put_iri(w, b, t->s, 1)) == 0)
			rc = pk_buf_put(b, "\n    ", 5);
	}
	if (rc < 0)
		return rc;
	if (strcmp(t->p, PK_NS_RDF "type") == 0)
		rc = pk_buf_putc(b, 'a');
	else
		rc = pk_ttl_put_iri(w, b, t->p, 0);
	return rc < 0 ? rc : pk_buf_putc(b, ' ');
}

int pk_ttl_put(pk_ttl *w, pk_buf *b, const pk_triple *t)
{
	size_t at = b->len;
	int same_s = w->s && pk_ttl_same(w->s, t->s);
	int rc;

	if (same_s && pk_ttl_same(w->p, t->p))
		rc = pk_buf_put(b, ", ", 2);
	else
		rc = pk_ttl_put_head(w, b, t, same_s);
	if (rc == 0)
		rc = t->o_is_iri ? pk_ttl_put_iri(w, b, t->o, 1) : pk_ttl_put_literal(w, b, t);
	if (rc < 0) {
		/* no half statement: the caller may report it and go on */
		if (b->ptr) {
			b->len = at;
			b->ptr[at] = '\0';
		}
		return rc;
	}
	w->s = t->s;
	w->p = t->p;
	return 0;
}

int pk_ttl_put_end(pk_ttl *w, pk_buf *b)
{
	if (w->s && pk_buf_put(b, " .\n\n", 4) < 0)
		return PK_ENOMEM;
	w->s = w->p = NULL;
	return 0;
}
