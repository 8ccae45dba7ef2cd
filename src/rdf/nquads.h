/*
 * nquads.h - N-Triples and N-Quads text, written and read a term at a
 * time: the one writer behind `extract -f ntriples|nquads` and the
 * store's documents (store_docs.c), so both write the same bytes for the
 * same term.
 *
 * The form is RDF 1.1 canonical N-Triples: UTF-8 kept as it is, never
 * \uXXXX; in literals `"` `\` and line breaks escaped as \" \\ \n \r; in
 * IRIs what the grammar forbids (controls, space, <>"{}|^`\) as \uXXXX;
 * hex in upper case.  One departure: a tab in a literal is \t and the
 * other control characters \uXXXX, where RDF 1.1's canonical form writes
 * them as they are.  These are the bytes stores already hold (changing
 * them would make every stored document with one look changed on its next
 * load), and Raptor wrote them so too.
 *
 * Ownership: the writers append to a pk_buf the caller owns; on an error
 * they leave it as it was before the call.
 */
#ifndef PK_NQUADS_H
#define PK_NQUADS_H

#include <stddef.h>

#include "base/util.h"
#include "rdf/triples.h"

/* Whether s is len bytes of valid UTF-8 without a NUL. */
int pk_nq_valid_utf8(const char *s, size_t len);

/* <iri>.  PK_EINPUT when iri is not valid UTF-8 (or holds a NUL). */
int pk_nq_put_iri(pk_buf *b, const char *iri, size_t len);
/* "lex"@lang, "lex"^^<datatype> or "lex" (lang wins over datatype).
 * PK_EINPUT when lex or datatype is not UTF-8 or lang is not a
 * well-formed language tag (letters first, then letters, digits, '-';
 * at most 64).  The tag is written as given. */
int pk_nq_put_literal(pk_buf *b, const char *lex, size_t len,
	const char *lang, const char *datatype);
/* One line: "S P O G .\n", or "S P O .\n" when graph is NULL. */
int pk_nq_put_quad(pk_buf *b, const pk_triple *t, const char *graph);

/* IRIs already written, remembered by their address: a document's quads
 * name its graph in every line and the same subject and predicates line
 * after line, so a remembered IRI is copied instead of escaped again.
 * Only for strings that neither move nor change while the memo is used
 * (the interned strings of one pk_graph): clear it with
 * pk_nq_memo_free before strings are freed.  PK_NQ_MEMO_INIT zeroes it. */
#define PK_NQ_MEMO 64
typedef struct pk_nq_memo {
	const char *key[PK_NQ_MEMO];
	pk_buf val[PK_NQ_MEMO];
} pk_nq_memo;
#define PK_NQ_MEMO_INIT { { NULL }, { PK_BUF_INIT } }

void pk_nq_memo_free(pk_nq_memo *m);
/* pk_nq_put_quad with the IRIs looked up in m first (m may be NULL). */
int pk_nq_put_quad_memo(pk_buf *b, const pk_triple *t, const char *graph, pk_nq_memo *m);

/* An escape after a backslash at *p (advanced past it) appended to out
 * as UTF-8: \uXXXX and \UXXXXXXXX always, the echars (\t \b \n \r \f \"
 * \' \\) only when echar is nonzero (literals).  PK_EINPUT when there is
 * none. */
int pk_nq_read_escape(pk_buf *out, const char **p, const char *end, int echar);
/* An <IRI> at *p (advanced past it), unescaped into out.  PK_EINPUT when
 * there is none. */
int pk_nq_read_iri(pk_buf *out, const char **p, const char *end);

#endif
