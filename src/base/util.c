/*
 * util.c - growable buffers, diagnostics, UTF-8 stepping, hashing.
 * Everything here is stateless or owned by the caller's objects.
 */
#define _GNU_SOURCE /* MAP_ANONYMOUS, MADV_HUGEPAGE, MADV_POPULATE_WRITE, mremap */
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int pk_buf_grow(pk_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap;
	char *p;

	if (need < b->len)
		return PK_ENOMEM;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			return PK_ENOMEM;
		cap *= 2;
	}
	p = realloc(b->ptr, cap);
	if (!p)
		return PK_ENOMEM;
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int pk_buf_put_grow(pk_buf *b, const char *s, size_t n)
{
	if (pk_buf_grow(b, n) < 0)
		return PK_ENOMEM;
	if (n)
		memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int pk_buf_puts(pk_buf *b, const char *s)
{
	return pk_buf_put(b, s, strlen(s));
}

int pk_buf_put_cp(pk_buf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return pk_buf_put(b, u, n);
}

int pk_buf_vprintf(pk_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t room = b->ptr ? b->cap - b->len : 0;
	int n;

	/* one pass when the text fits the room there is (it nearly always
	 * does: IRIs into a reused buffer), a second after growing */
	va_copy(ap2, ap);
	n = vsnprintf(room ? b->ptr + b->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return PK_ENOMEM;
	if ((size_t)n >= room) {
		if (pk_buf_grow(b, (size_t)n) < 0) {
			if (b->ptr)
				b->ptr[b->len] = '\0';
			return PK_ENOMEM;
		}
		vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
	return 0;
}

int pk_buf_printf(pk_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = pk_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void pk_buf_clear(pk_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *pk_buf_detach(pk_buf *b)
{
	char *p = b->ptr;

	if (!p)
		p = pk_strdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void pk_buf_free(pk_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void pk_diag_emit(const pk_diag *d, pk_severity sev, const char *fmt, ...)
{
	pk_buf msg = PK_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	if (pk_buf_vprintf(&msg, fmt, ap) < 0) {
		va_end(ap);
		pk_buf_free(&msg);
		return;
	}
	va_end(ap);
	if (d && d->fn)
		d->fn(d->ud, sev, msg.ptr);
	else
		fprintf(stderr, "policykg: %s%s\n",
			sev == PK_SEV_ERROR ? "error: " :
			sev == PK_SEV_WARNING ? "warning: " : "",
			msg.ptr);
	pk_buf_free(&msg);
}

void pk_diag_temp(const pk_diag *d, const char *path, int made)
{
	if (d && d->temp && path)
		d->temp(d->ud, path, made);
}

size_t pk_utf8_count(const char *s, size_t len)
{
	const uint64_t high = 0x8080808080808080ULL;
	size_t i = 0, n = 0;

	/* eight bytes at a time (the graph stage counts code points of every
	 * mention): a continuation byte has bit 7 set and bit 6 clear */
	for (; i + 8 <= len; i += 8) {
		uint64_t x;

		memcpy(&x, s + i, 8);
		n += 8 - (size_t)__builtin_popcountll(x & ~(x << 1) & high);
	}
	for (; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

int pk_is_hangul(uint32_t cp)
{
	return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
		(cp >= 0x3130 && cp <= 0x318F);
}

int pk_utf8_has_hangul_n(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp = 0;
		size_t k = pk_utf8_decode((const unsigned char *)s + i, n - i, &cp);

		if (!k)
			return 0;
		if (pk_is_hangul(cp))
			return 1;
		i += k;
	}
	return 0;
}

int pk_utf8_has_hangul(const char *s)
{
	return s ? pk_utf8_has_hangul_n(s, strlen(s)) : 0;
}

const char *pk_mem_find(const char *hay, size_t len, const char *needle, size_t n)
{
	size_t i;

	for (i = 0; n && i + n <= len; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

uint64_t pk_hash64(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* One multiply and shift per eight bytes, then murmur3's finalizer so
 * that the low bits the tables mask with depend on every input bit. */
uint64_t pk_hash_fast(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15ULL, w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (len) {
		w = 0;
		memcpy(&w, p, len);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
	}
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

int pk_strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *pk_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* ---- memory ----------------------------------------------------------------- */

#define PK_HUGE_PAGE ((uintptr_t)2 << 20)

void pk_mem_advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t start = ((uintptr_t)p + PK_HUGE_PAGE - 1) & ~(PK_HUGE_PAGE - 1);
	uintptr_t end = ((uintptr_t)p + n) & ~(PK_HUGE_PAGE - 1);

	if (p && end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

void *pk_mem_map(size_t n, int populate)
{
	char *p, *start;
	size_t head, len;

	if (n == 0 || n > SIZE_MAX - 2 * PK_HUGE_PAGE)
		return NULL;
	len = (n + 4095) & ~(size_t)4095;   /* whole pages, as mmap maps */
	p = mmap(NULL, len + PK_HUGE_PAGE, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	/* the slack cut off both ends, so that munmap(start, n) frees all */
	start = (char *)(((uintptr_t)p + PK_HUGE_PAGE - 1) & ~(PK_HUGE_PAGE - 1));
	head = (size_t)(start - p);
	if (head)
		munmap(p, head);
	if (PK_HUGE_PAGE - head)
		munmap(start + len, PK_HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
	/* the whole mapping, not the huge pages inside it only: one VMA,
	 * which mremap can move (it refuses a range over two) */
	(void)madvise(start, len, MADV_HUGEPAGE);
#endif
#ifdef MADV_POPULATE_WRITE
	/* a kernel before 5.14 says EINVAL: the pages come in as written */
	if (populate)
		(void)madvise(start, n, MADV_POPULATE_WRITE);
#else
	(void)populate;
#endif
	return start;
}

void *pk_mem_remap(void *p, size_t n, size_t m)
{
	void *q;

#ifdef MREMAP_MAYMOVE
	/* the mapping keeps its advice as it grows */
	q = mremap(p, n, m, MREMAP_MAYMOVE);
	if (q != MAP_FAILED)
		return q;
#endif
	if (!(q = pk_mem_map(m, 0)))
		return NULL;
	memcpy(q, p, n < m ? n : m);
	munmap(p, n);
	return q;
}

void pk_mem_unmap(void *p, size_t n)
{
	if (p)
		munmap(p, n);
}

/* ---- arena ------------------------------------------------------------------ */

/* 4 MB blocks mapped with their pages already in (pk_mem_map, in huge
 * pages where the kernel has them): an answer of 200 MB of strings took
 * a page fault per 4 KB written, a tenth of its time on a virtual
 * machine.  Larger strings get a block of their own from malloc. */
#define PK_ARENA_BLOCK ((size_t)4 << 20)

typedef struct pk_arena_block {
	struct pk_arena_block *prev;
	size_t used, size;
	int mapped;           /* from mmap, not malloc */
	char data[];
} pk_arena_block;

struct pk_arena {
	pk_arena_block *top;
	size_t block;         /* the size of its blocks */
};

pk_arena *pk_arena_new(void)
{
	return pk_arena_new_blocks(PK_ARENA_BLOCK);
}

pk_arena *pk_arena_new_blocks(size_t block)
{
	pk_arena *a = calloc(1, sizeof(pk_arena));

	if (a)
		a->block = block < 64 ? 64 : block;
	return a;
}

void pk_arena_reset(pk_arena *a)
{
	pk_arena_block *b, *prev, *keep = NULL;

	for (b = a->top; b; b = prev) {
		prev = b->prev;
		if (!keep && b->size == a->block) {
			keep = b;
			continue;
		}
		if (b->mapped)
			munmap(b, sizeof *b + b->size);
		else
			free(b);
	}
	if (keep) {
		keep->used = 0;
		keep->prev = NULL;
	}
	a->top = keep;
}

void pk_arena_free(pk_arena *a)
{
	pk_arena_block *b, *prev;

	if (!a)
		return;
	for (b = a->top; b; b = prev) {
		prev = b->prev;
		if (b->mapped)
			munmap(b, sizeof *b + b->size);
		else
			free(b);
	}
	free(a);
}

char *pk_arena_strndup(pk_arena *a, const char *s, size_t n)
{
	pk_arena_block *b = a->top;
	size_t size;
	char *p;

	if (n >= SIZE_MAX - sizeof *b - a->block)
		return NULL;
	if (!b || b->size - b->used < n + 1) {
		/* a string larger than a block gets a block of its own */
		size = n + 1 > a->block / 4 ? n + 1 : a->block;
		b = NULL;
		if (size == PK_ARENA_BLOCK)
			b = pk_mem_map(sizeof *b + size, 1);
		if (b)
			b->mapped = 1;
		else if ((b = malloc(sizeof *b + size)) != NULL)
			b->mapped = 0;
		else
			return NULL;
		b->size = size;
		b->used = 0;
		if (size == a->block || !a->top) {
			b->prev = a->top;
			a->top = b;
		} else {
			/* under the current block, whose room stays usable */
			b->prev = a->top->prev;
			a->top->prev = b;
		}
	}
	p = b->data + b->used;
	memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

char *pk_strdup(const char *s)
{
	return s ? pk_strndup(s, strlen(s)) : NULL;
}

int pk_path_join(pk_buf *out, const char *dir, const char *name)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	pk_buf_clear(out);
	if (pk_buf_put(out, dir, n) < 0)
		return PK_ENOMEM;
	if ((n != 1 || dir[0] != '/') && pk_buf_putc(out, '/') < 0)
		return PK_ENOMEM;
	return pk_buf_puts(out, name);
}

/* What a file that is not a regular one is, for messages. */
static const char *pk_file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/* Open path without blocking (a FIFO's open would wait for a writer);
 * *sb gets what it is.  A socket cannot be opened: its kind is named. */
static int pk_file_open_nonblock(int *fd, struct stat *sb, const char *path,
	const pk_diag *d)
{
	int err;

	*fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (*fd < 0) {
		err = errno;
		if (stat(path, sb) == 0 && !S_ISREG(sb->st_mode) && !S_ISDIR(sb->st_mode)) {
			pk_diag_emit(d, PK_SEV_ERROR, "%s: %s, not a file; skipped", path,
				pk_file_kind(sb->st_mode));
			return PK_EINPUT;
		}
		pk_diag_emit(d, PK_SEV_ERROR, "%s: %s", path, strerror(err));
		return PK_EIO;
	}
	if (fstat(*fd, sb) != 0) {
		pk_diag_emit(d, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		close(*fd);
		*fd = -1;
		return PK_EIO;
	}
	return 0;
}

/* Reads on fd wait again. */
static void pk_file_block(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags >= 0)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
}

int pk_file_open_regular(FILE **out, const char *path, const pk_diag *d)
{
	struct stat sb;
	int fd, rc;

	*out = NULL;
	if ((rc = pk_file_open_nonblock(&fd, &sb, path, d)) < 0)
		return rc;
	if (!S_ISREG(sb.st_mode)) {
		pk_diag_emit(d, PK_SEV_ERROR, "%s: %s, not a regular file", path,
			pk_file_kind(sb.st_mode));
		close(fd);
		return PK_EINPUT;
	}
	pk_file_block(fd);
	if (!(*out = fdopen(fd, "rb"))) {
		pk_diag_emit(d, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		close(fd);
		return PK_EIO;
	}
	return 0;
}

int pk_file_read(char **out, size_t *len, const char *path, const pk_diag *d)
{
	return pk_file_read_max(out, len, path, SIZE_MAX, NULL, d);
}

/* A regular file read straight into b, sized by sb and read to its end
 * (it may have grown; /proc's say 0): no stdio, no copy, no change of
 * flags, which a corpus of small files paid for each one.  0, 1 when it
 * is larger than max, or < 0. */
static int pk_file_read_regular(pk_buf *b, int fd, const struct stat *sb,
	const char *path, size_t max, const pk_diag *d)
{
	ssize_t n;

	if ((unsigned long long)sb->st_size > (unsigned long long)max)
		return 1;
	/* room for the read that finds the end, too */
	if (pk_buf_grow(b, (size_t)sb->st_size + 1) < 0)
		return PK_ENOMEM;
	for (;;) {
		if (b->cap - b->len < 2 && pk_buf_grow(b, 65536) < 0)
			return PK_ENOMEM;
		n = read(fd, b->ptr + b->len, b->cap - b->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			pk_diag_emit(d, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
			return PK_EIO;
		}
		if (n == 0)
			break;
		if ((size_t)n > max - b->len)
			return 1;
		b->len += (size_t)n;
	}
	b->ptr[b->len] = '\0';
	return 0;
}

int pk_file_read_max(char **out, size_t *len, const char *path, size_t max,
	const char *what, const pk_diag *d)
{
	pk_buf b = PK_BUF_INIT;
	FILE *f = NULL;
	char chunk[65536];
	struct stat sb;
	ssize_t first;
	size_t n;
	int fd = -1, rc = 0;

	*out = NULL;
	*len = 0;
	if (strcmp(path, "-") == 0) {
		f = stdin;
	} else {
		if ((rc = pk_file_open_nonblock(&fd, &sb, path, d)) < 0)
			return rc;
		if (S_ISFIFO(sb.st_mode)) {
			/* The open did not wait for a writer; a read tells whether
			 * there is one: no data yet (EAGAIN), data, or the end of
			 * a FIFO nobody has open for writing. */
			first = read(fd, chunk, sizeof chunk);
			if (first == 0) {
				pk_diag_emit(d, PK_SEV_ERROR, "%s: a FIFO with no writer "
					"(nothing to read); skipped", path);
				rc = PK_EINPUT;
				goto out;
			}
			if (first < 0 && errno != EAGAIN) {
				pk_diag_emit(d, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
				rc = PK_EIO;
				goto out;
			}
			if (first > 0 && (size_t)first > max)
				goto too_big;
			if (first > 0 && pk_buf_put(&b, chunk, (size_t)first) < 0) {
				rc = PK_ENOMEM;
				goto out;
			}
		} else if (!S_ISREG(sb.st_mode)) {
			pk_diag_emit(d, PK_SEV_ERROR, "%s: %s, not a file; skipped", path,
				pk_file_kind(sb.st_mode));
			rc = PK_EINPUT;
			goto out;
		} else {
			rc = pk_file_read_regular(&b, fd, &sb, path, max, d);
			if (rc == 1)
				goto too_big;
			if (rc < 0)
				goto out;
			*len = b.len;
			*out = pk_buf_detach(&b);
			goto out;
		}
		pk_file_block(fd);
		if (!(f = fdopen(fd, "rb"))) {
			pk_diag_emit(d, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
			rc = PK_EIO;
			goto out;
		}
		fd = -1; /* f has it */
	}
	/* a file known to be too big is not read at all */
	if (max < SIZE_MAX && fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (unsigned long long)sb.st_size > (unsigned long long)max)
		goto too_big;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (n > max - b.len)
			goto too_big;
		if (pk_buf_put(&b, chunk, n) < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
	}
	if (ferror(f)) {
		pk_diag_emit(d, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		rc = PK_EIO;
		goto out;
	}
	*len = b.len;
	*out = pk_buf_detach(&b);
	goto out;
too_big:
	pk_diag_emit(d, PK_SEV_WARNING, "%s: larger than %zu bytes (%s); skipped",
		path, max, what ? what : "the limit");
	rc = PK_EINPUT;
out:
	if (fd >= 0)
		close(fd);
	if (f && f != stdin)
		fclose(f);
	pk_buf_free(&b);
	return rc;
}
