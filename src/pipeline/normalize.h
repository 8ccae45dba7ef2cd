/*
 * normalize.h - the normalization stage: ICU NFKC, then folding the
 * variants this domain cares about (interpuncts to U+00B7, curly quotes to
 * ' and ", dashes to '-'), dropping zero-width and control characters,
 * turning CR/CRLF into LF, collapsing runs of spaces, trimming lines and
 * collapsing blank lines.  Keeps a map from every byte of the normalized
 * text back to a byte of the input, so evidence can point into the source.
 */
#ifndef PK_NORMALIZE_H
#define PK_NORMALIZE_H

#include <stddef.h>

#include "base/util.h"

typedef struct pk_normalizer pk_normalizer;

typedef struct pk_ntext {
	char *text;   /* normalized UTF-8, NUL-terminated */
	size_t len;   /* bytes */
	size_t *orig; /* len + 1 entries: orig[i] = input byte offset of text byte i */
} pk_ntext;

#define PK_NTEXT_INIT { .text = NULL, .len = 0, .orig = NULL }

int pk_normalizer_new(pk_normalizer **out, const pk_diag *diag);
void pk_normalizer_free(pk_normalizer *n);

/* in must be valid UTF-8.  Returns 0, PK_ENOMEM, or PK_EINPUT if ICU fails. */
int pk_normalize(pk_ntext *out, pk_normalizer *n, const char *in, size_t len);
/* The same without the map (out->orig is NULL): it takes eight bytes per
 * byte of text, and extraction reads only the text. */
int pk_normalize_text(pk_ntext *out, pk_normalizer *n, const char *in, size_t len);
void pk_ntext_free(pk_ntext *t);

/* Normalize a short string (a gazetteer alias, a rule literal) the same way.
 * *out is malloc'd. */
int pk_normalize_str(char **out, pk_normalizer *n, const char *in);

#endif
