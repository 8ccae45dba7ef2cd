/*
 * segment.h - the segmentation stage: split normalized text into sentences
 * with ICU's sentence break iterator (Korean sentences end in "다."), then
 * repair its output for news prose: a break inside brackets or quotes
 * ( ) [ ] 「 」 『 』 " ' is taken back, and a line break always ends a
 * sentence (titles, captions and list items stand alone).
 */
#ifndef PK_SEGMENT_H
#define PK_SEGMENT_H

#include <stddef.h>

#include "base/util.h"

typedef struct pk_segmenter pk_segmenter;

typedef struct pk_span {
	size_t start; /* byte offsets into the normalized text, [start, end) */
	size_t end;
	size_t cp;    /* code points before start: offsets within the sentence
	               * are counted from here, never from the text's start */
} pk_span;

int pk_segmenter_new(pk_segmenter **out, const pk_diag *diag);
void pk_segmenter_free(pk_segmenter *sg);

/* Sentences of text[0..len), trimmed of surrounding white space, empty
 * ones dropped.  *out is malloc'd (free with free()). */
int pk_segment(pk_span **out, size_t *n, pk_segmenter *sg,
	const char *text, size_t len);

#endif
