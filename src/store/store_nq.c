/*
 * store_nq.c - one line of a stored document (canonical N-Quads, written
 * by rdf/nquads.c) read back into a librdf statement and its graph, each
 * document's blank nodes under a prefix of its own.
 */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

static int pk_store_nq_read_term(librdf_node **node, librdf_world *world,
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
				if ((rc = pk_nq_read_escape(&v, &s, end, 1)) < 0)
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

int pk_store_nq_parse_line(librdf_statement **stmt, librdf_node **context,
	librdf_world *world, const char *line, size_t len,
	const char *bnode_prefix)
{
	const char *p = line, *end = line + len;
	librdf_node *n[4] = { NULL, NULL, NULL, NULL };
	int i, rc = 0;

	*stmt = NULL;
	*context = NULL;
	for (i = 0; i < 4 && rc == 0; i++) {
		rc = pk_store_nq_read_term(&n[i], world, &p, end, bnode_prefix, i == 2);
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
