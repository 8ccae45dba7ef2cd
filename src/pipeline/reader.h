/*
 * reader.h - the reading stage: files and directories in, documents out.
 *
 * A pk_doc is one article as text: decoded to valid UTF-8, HTML turned into
 * text, its header read by the [meta] rules and its page furniture cut by
 * the [boilerplate] rules.  It goes on to the normalization stage.
 */
#ifndef PK_READER_H
#define PK_READER_H

#include "pipeline/ruleset.h"

typedef struct pk_doc {
	char *name;      /* the path as given, for messages */
	char *id;        /* stable slug for the document's IRI */
	char *text;      /* UTF-8, NUL-terminated */
	size_t len;
	char *meta[PK_META__COUNT]; /* issued (ISO lexical form), publisher, source, title */
	int issued_has_time;        /* meta[PK_META_ISSUED] is an xsd:dateTime */
	int was_html;
	size_t invalid_utf8;        /* bytes replaced by U+FFFD */
} pk_doc;

#define PK_DOC_INIT { .name = NULL, .id = NULL, .text = NULL, .len = 0, .meta = { NULL }, \
	.issued_has_time = 0, .was_html = 0, .invalid_utf8 = 0 }

/* The documents under path: "-" (stdin), a file, or a directory walked
 * recursively in sorted order (hidden entries skipped, symlink loops
 * avoided; only .txt, .text, .html, .htm, .xhtml and extension-less files).  ids[i] is a slug of the path relative to the argument.
 * Problems are reported and the path skipped; returns PK_EINPUT if any. */
int pk_reader_list(char ***paths, char ***ids, size_t *n, const char *path,
	const pk_diag *diag);

/* Turn the bytes of one file into a document, converted to UTF-8 from
 * another encoding when it is in one (reader.c says how it is found).
 * Warnings (a conversion, invalid UTF-8, ...) name the file and the
 * encoding or byte offset.  Returns PK_EINPUT for input that
 * is not text at all (binary), with a message. */
int pk_reader_read(pk_doc *doc, const pk_ruleset *rs, const char *name,
	const char *id, const char *bytes, size_t len, const pk_diag *diag);
void pk_doc_clear(pk_doc *doc);

/* Slug for an IRI: [a-z0-9_-] kept (lower-cased), runs of others become
 * '-'; when anything non-ASCII was dropped a hash keeps slugs apart. */
char *pk_reader_slug(const char *s, size_t n);

#endif
