/*
 * store_nq.c - canonical N-Quads terms, the form a store keeps its
 * documents in (store_docs.c): an IRI or a literal written in UTF-8 with
 * only what N-Quads requires escaped, so the same term always gives the
 * same bytes; and one canonical line read back into a librdf statement
 * and its graph, each document's blank nodes under a prefix of its own.
 */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- canonical terms ---------------------------------------------------------- */

int pk_nq_valid_utf8(const char *s, size_t len)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			if (s[i] == '\0')
				return 0;
			i++;
			continue;
		}
		k = pk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

static int pk_nq_put_u(pk_buf *b, unsigned char c)
{
	return pk_buf_printf(b, "\\u%04X", (unsigned)c);
}

int pk_nq_put_iri(pk_buf *b, const char *iri, size_t len)
{
	size_t i;
	unsigned char c;
	int rc = 0;

	if (!pk_nq_valid_utf8(iri, len))
		return PK_EINPUT;
	if (pk_buf_putc(b, '<') < 0)
		return PK_ENOMEM;
	for (i = 0; i < len && rc == 0; i++) {
		c = (unsigned char)iri[i];
		if (c <= 0x20 || strchr("<>\"{}|^`\\", c))
			rc = pk_nq_put_u(b, c);
		else
			rc = pk_buf_putc(b, (char)c);
	}
	if (rc == 0)
		rc = pk_buf_putc(b, '>');
	return rc < 0 ? PK_ENOMEM : 0;
}

static int pk_nq_valid_lang(const char *lang)
{
	size_t i;

	if (!lang[0] || !((lang[0] >= 'a' && lang[0] <= 'z') ||
	    (lang[0] >= 'A' && lang[0] <= 'Z')))
		return 0;
	for (i = 0; lang[i]; i++)
		if (!((lang[i] >= 'a' && lang[i] <= 'z') ||
		    (lang[i] >= 'A' && lang[i] <= 'Z') ||
		    (lang[i] >= '0' && lang[i] <= '9') || lang[i] == '-'))
			return 0;
	return i <= 64;
}

int pk_nq_put_literal(pk_buf *b, const char *lex, size_t len,
	const char *lang, const char *datatype)
{
	size_t i;
	unsigned char c;
	int rc = 0;

	if (!pk_nq_valid_utf8(lex, len) || (lang && !pk_nq_valid_lang(lang)))
		return PK_EINPUT;
	if (pk_buf_putc(b, '"') < 0)
		return PK_ENOMEM;
	for (i = 0; i < len && rc == 0; i++) {
		c = (unsigned char)lex[i];
		switch (c) {
		case '"': rc = pk_buf_puts(b, "\\\""); break;
		case '\\': rc = pk_buf_puts(b, "\\\\"); break;
		case '\n': rc = pk_buf_puts(b, "\\n"); break;
		case '\r': rc = pk_buf_puts(b, "\\r"); break;
		case '\t': rc = pk_buf_puts(b, "\\t"); break;
		default:
			rc = c < 0x20 || c == 0x7f ? pk_nq_put_u(b, c) :
				pk_buf_putc(b, (char)c);
		}
	}
	if (rc == 0)
		rc = pk_buf_putc(b, '"');
	if (rc == 0 && lang)
		rc = pk_buf_printf(b, "@%s", lang);
	if (rc == 0 && !lang && datatype) {
		if (pk_buf_puts(b, "^^") < 0)
			return PK_ENOMEM;
		return pk_nq_put_iri(b, datatype, strlen(datatype));
	}
	return rc < 0 ? PK_ENOMEM : 0;
}

/* ---- reading a canonical line back ------------------------------------------- */

static int pk_nq_hex(uint32_t *cp, const char *p, const char *end, int n)
{
	uint32_t v = 0;
	int i;

	if (end - p < n)
		return -1;
	for (i = 0; i < n; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else
			return -1;
	}
	*cp = v;
	return 0;
}

/* An escape after a backslash at *p (which points past it). */
static int pk_nq_unescape(pk_buf *out, const char **p, const char *end, int echar)
{
	uint32_t cp;
	char c;

	if (*p >= end)
		return PK_EINPUT;
	c = *(*p)++;
	if (c == 'u' || c == 'U') {
		int n = c == 'u' ? 4 : 8;

		if (pk_nq_hex(&cp, *p, end, n) < 0 || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return PK_EINPUT;
		*p += n;
		return pk_buf_put_cp(out, cp) < 0 ? PK_ENOMEM : 0;
	}
	if (!echar)
		return PK_EINPUT;
	switch (c) {
	case 't': c = '\t'; break;
	case 'b': c = '\b'; break;
	case 'n': c = '\n'; break;
	case 'r': c = '\r'; break;
	case 'f': c = '\f'; break;
	case '"': case '\'': case '\\': break;
	default: return PK_EINPUT;
	}
	return pk_buf_putc(out, c) < 0 ? PK_ENOMEM : 0;
}

/* <IRI> at *p into out (unescaped). */
int pk_nq_read_iri(pk_buf *out, const char **p, const char *end)
{
	int rc;

	pk_buf_clear(out);
	if (*p >= end || **p != '<')
		return PK_EINPUT;
	(*p)++;
	while (*p < end && **p != '>') {
		if (**p == '\\') {
			(*p)++;
			if ((rc = pk_nq_unescape(out, p, end, 0)) < 0)
				return rc;
		} else {
			if (pk_buf_putc(out, **p) < 0)
				return PK_ENOMEM;
			(*p)++;
		}
	}
	if (*p >= end)
		return PK_EINPUT;
	(*p)++;
	if (!out->ptr && pk_buf_put(out, "", 0) < 0)
		return PK_ENOMEM;
	return 0;
}

static int pk_nq_read_term(librdf_node **node, librdf_world *world,
	const char **p, const char *end, const char *bnode_prefix, int literal_ok)
{
	pk_buf v = PK_BUF_INIT, dt = PK_BUF_INIT, lang = PK_BUF_INIT;
	librdf_uri *dturi = NULL;
	const char *s = *p;
	int rc = 0;

	*node = NULL;
	if (s >= end) {
		rc = PK_EINPUT;
	} else if (*s == '<') {
		if ((rc = pk_nq_read_iri(&v, &s, end)) == 0)
			*node = librdf_new_node_from_counted_uri_string(world,
				(const unsigned char *)v.ptr, v.len);
	} else if (*s == '_' && s + 1 < end && s[1] == ':') {
		s += 2;
		if (pk_buf_puts(&v, bnode_prefix) < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		while (s < end && *s != ' ')
			if (pk_buf_putc(&v, *s++) < 0) {
				rc = PK_ENOMEM;
				goto out;
			}
		*node = librdf_new_node_from_blank_identifier(world,
			(const unsigned char *)v.ptr);
	} else if (*s == '"' && literal_ok) {
		s++;
		if (pk_buf_put(&v, "", 0) < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		while (s < end && *s != '"') {
			if (*s == '\\') {
				s++;
				if ((rc = pk_nq_unescape(&v, &s, end, 1)) < 0)
					goto out;
			} else if (pk_buf_putc(&v, *s++) < 0) {
				rc = PK_ENOMEM;
				goto out;
			}
		}
		if (s >= end) {
			rc = PK_EINPUT;
			goto out;
		}
		s++;
		if (s < end && *s == '@') {
			s++;
			while (s < end && *s != ' ')
				if (pk_buf_putc(&lang, *s++) < 0) {
					rc = PK_ENOMEM;
					goto out;
				}
			if (!lang.ptr) {
				rc = PK_EINPUT;
				goto out;
			}
		} else if (s + 1 < end && s[0] == '^' && s[1] == '^') {
			s += 2;
			if ((rc = pk_nq_read_iri(&dt, &s, end)) < 0)
				goto out;
			dturi = librdf_new_uri(world, (const unsigned char *)dt.ptr);
			if (!dturi) {
				rc = PK_ENOMEM;
				goto out;
			}
		}
		*node = librdf_new_node_from_typed_counted_literal(world,
			(const unsigned char *)v.ptr, v.len, lang.ptr,
			lang.len, dturi);
	} else {
		rc = PK_EINPUT;
	}
	if (rc == 0 && !*node)
		rc = PK_ENOMEM;
out:
	if (dturi)
		librdf_free_uri(dturi);
	pk_buf_free(&v);
	pk_buf_free(&dt);
	pk_buf_free(&lang);
	*p = s;
	return rc;
}

int pk_nq_parse_line(librdf_statement **stmt, librdf_node **context,
	librdf_world *world, const char *line, size_t len,
	const char *bnode_prefix)
{
	const char *p = line, *end = line + len;
	librdf_node *n[4] = { NULL, NULL, NULL, NULL };
	int i, rc = 0;

	*stmt = NULL;
	*context = NULL;
	for (i = 0; i < 4 && rc == 0; i++) {
		rc = pk_nq_read_term(&n[i], world, &p, end, bnode_prefix, i == 2);
		if (rc == 0 && (p >= end || *p != ' '))
			rc = PK_EINPUT;
		p++;
	}
	if (rc == 0 && (end - p != 1 || *p != '.'))
		rc = PK_EINPUT;
	if (rc == 0 && (librdf_node_is_literal(n[0]) || !librdf_node_is_resource(n[1])))
		rc = PK_EINPUT;
	if (rc == 0) {
		/* the statement takes the nodes */
		*stmt = librdf_new_statement_from_nodes(world, n[0], n[1], n[2]);
		n[0] = n[1] = n[2] = NULL;
		if (!*stmt)
			rc = PK_ENOMEM;
		*context = n[3];
		n[3] = NULL;
	}
	for (i = 0; i < 4; i++)
		if (n[i])
			librdf_free_node(n[i]);
	return rc;
}

void pk_store_bnode_prefix(char out[20], const char *iri)
{
	uint64_t h = pk_hash64(iri, strlen(iri));
	static const char hex[] = "0123456789abcdef";
	int i;

	out[0] = 'k';
	for (i = 0; i < 16; i++)
		out[1 + i] = hex[(h >> (60 - 4 * i)) & 0xf];
	out[17] = '_';
	out[18] = '\0';
	out[19] = '\0';
}
