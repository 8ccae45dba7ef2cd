/*
 * util.h - small shared helpers: growable byte buffers, diagnostics,
 * UTF-8 stepping, hashing and slugs.
 *
 * Ownership: a pk_buf owns its bytes; pk_buf_free() releases them and
 * leaves an empty buffer.  pk_buf_detach() hands the bytes to the caller.
 */
#ifndef PK_UTIL_H
#define PK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "policykg.h"

#define PK_UNUSED(x) ((void)(x))
#define PK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

typedef struct pk_buf {
	char *ptr;  /* NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
} pk_buf;

#define PK_BUF_INIT { .ptr = NULL, .len = 0, .cap = 0 }

int pk_buf_grow(pk_buf *b, size_t extra);
int pk_buf_put_grow(pk_buf *b, const char *s, size_t n); /* pk_buf_put's slow path */
int pk_buf_puts(pk_buf *b, const char *s);

/* Append s[0..n).  Inline: the stages and the writers append a few bytes
 * at a time, and the room is nearly always there. */
static inline int pk_buf_put(pk_buf *b, const char *s, size_t n)
{
	if (b->cap - b->len <= n)
		return pk_buf_put_grow(b, s, n);
	if (n) /* s may be NULL then */
		memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

static inline int pk_buf_putc(pk_buf *b, char c)
{
	if (b->cap - b->len <= 1)
		return pk_buf_put_grow(b, &c, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
	return 0;
}
int pk_buf_put_cp(pk_buf *b, uint32_t cp); /* append one code point as UTF-8 */
int pk_buf_printf(pk_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int pk_buf_vprintf(pk_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void pk_buf_clear(pk_buf *b);
char *pk_buf_detach(pk_buf *b);
void pk_buf_free(pk_buf *b);

/* Diagnostics: format a message and hand it to the user's callback
 * (stderr when none).  Messages name the data: "FILE:LINE: text". */
void pk_diag_emit(const pk_diag *d, pk_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Tell d's temp callback, if any, that path was made (1) or is gone (0). */
void pk_diag_temp(const pk_diag *d, const char *path, int made);

/* Decode one UTF-8 sequence at s[0..len).  Returns its length (1..4) and
 * stores the code point, or returns 0 for an invalid sequence.  Inline:
 * the reader, normalizer, segmenter and gazetteer call it for every code
 * point of every article (a call each cost 6% of extraction). */
static inline size_t pk_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	size_t n, i;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	/* three bytes, Hangul's and most of the BMP's, without the loop */
	if (c >= 0xE0 && c <= 0xEF) {
		if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		c = ((c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))
			return 0;
		*cp = c;
		return 3;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* overlong forms, beyond U+10FFFF */
	if ((n == 4 && c < 0x10000) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return n;
}
/* Number of code points in s[0..len) (valid UTF-8 assumed). */
size_t pk_utf8_count(const char *s, size_t len);
int pk_is_hangul(uint32_t cp); /* a Hangul syllable or jamo */
int pk_utf8_has_hangul(const char *s); /* any Hangul in s (NULL: no) */
int pk_utf8_has_hangul_n(const char *s, size_t n); /* ... in s[0..n) */

uint64_t pk_hash64(const void *data, size_t len); /* FNV-1a, stable */
/* A hash for in-memory tables only, eight bytes a step (FNV-1a takes a
 * multiply per byte): not promised stable, so never write it anywhere. */
uint64_t pk_hash_fast(const void *data, size_t len);
/* The first n bytes of needle in hay[0..len), or NULL (memmem is GNU).
 * Bounded, unlike strstr: searching one sentence of a long text costs the
 * sentence, not the rest of the text. */
const char *pk_mem_find(const char *hay, size_t len, const char *needle, size_t n);

char *pk_strdup(const char *s);
char *pk_strndup(const char *s, size_t n);

/* Asks the kernel to back the whole 2 MB pages inside [p, p + n) with
 * transparent huge pages (THP "madvise" mode): for buffers of tens of
 * MB that are written once, where a page fault per 4 KB is the cost.  A
 * hint: nothing happens where the kernel has no THP. */
void pk_mem_advise_huge(void *p, size_t n);
/* n bytes of zeroed memory mapped at a 2 MB boundary, advised as above,
 * with their pages already in when populate (for a buffer about to be
 * filled; else each comes in when first written); pk_mem_unmap(p, n)
 * frees it.  NULL when it cannot be mapped. */
void *pk_mem_map(size_t n, int populate);
/* p's mapping of n bytes (from pk_mem_map) as m bytes, the first of them
 * kept (moved by the kernel, not copied, where it can); NULL on failure,
 * p then unchanged. */
void *pk_mem_remap(void *p, size_t n, size_t m);
void pk_mem_unmap(void *p, size_t n);

/* Strings that live and die together (a query's answer, a graph's): each
 * copy is a bump of a pointer in a large block, and freeing the arena
 * frees them all.  pk_arena_new's blocks are 4 MB with their pages mapped
 * in; pk_arena_new_blocks(size) takes blocks of size from malloc.
 * pk_arena_reset drops every string but keeps one block for the next.
 * pk_arena_strndup: NULL when out of memory. */
typedef struct pk_arena pk_arena;
pk_arena *pk_arena_new(void);
pk_arena *pk_arena_new_blocks(size_t block);
void pk_arena_reset(pk_arena *a);
void pk_arena_free(pk_arena *a);
char *pk_arena_strndup(pk_arena *a, const char *s, size_t n);
/* qsort comparator of an array of strings (char *), by strcmp. */
int pk_strcmp_ptr(const void *a, const void *b);
/* dir + "/" + name, with no doubled '/' when dir ends in one. */
int pk_path_join(pk_buf *out, const char *dir, const char *name);
/* Open a regular file for reading: anything else (a FIFO, whose open
 * would wait for a writer, a device, a socket, a directory) is refused,
 * PK_EINPUT, with a message naming path; PK_EIO when it cannot be
 * opened.  For readers that need a FILE (Raptor's parsers). */
int pk_file_open_regular(FILE **out, const char *path, const pk_diag *d);
/* Read a whole file; *out is NUL-terminated.  Errors name the path.
 * Nothing blocks for ever: a FIFO is read only when a writer has it open
 * or has written to it, and a device or socket is not read at all (both
 * PK_EINPUT, "PATH: ...; skipped"); "-" is stdin. */
int pk_file_read(char **out, size_t *len, const char *path, const pk_diag *d);
/* The same, reading at most max bytes: a larger file (or stdin) is not
 * read further, *out is NULL and PK_EINPUT returned with a warning that
 * names it and the limit (the option that sets it: what). */
int pk_file_read_max(char **out, size_t *len, const char *path, size_t max,
	const char *what, const pk_diag *d);

#endif
