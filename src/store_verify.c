/*
 * store_verify.c - telling whether an index holds what docs/ says.
 *
 * librdf swallows Berkeley DB's write errors (its sync returns 0 whatever
 * happened), so a store cannot trust that what it wrote is there.  Two
 * kinds of check are made here:
 *
 *   - digests: a count and an order-independent sum of 64-bit hashes of
 *     statements, computed from the canonical texts and read back from
 *     the index.  Equal digests mean the same multiset of statements but
 *     for a 2^-64 accident;
 *   - file checks, cheap enough for every open: each Berkeley DB file is
 *     present, starts with a btree meta page, is exactly as long as that
 *     page says, and has no hole (a page that never reached the disk).
 *
 * The meta page layout is Berkeley DB's DBMETA (db_page.h), unchanged
 * since 4.x: magic at byte 12, page size at 20, last page number at 32.
 */
#define _GNU_SOURCE /* SEEK_HOLE */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PK_BDB_BTREE_MAGIC 0x053162u

/* ---- digests ------------------------------------------------------------- */

static uint64_t pk_verify_fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t pk_verify_node(uint64_t h, librdf_node *n)
{
	const unsigned char *s = NULL;
	size_t len = 0;
	librdf_uri *dt;
	const char *lang;
	char tag;

	if (!n)
		return pk_verify_fnv(h, "-", 1);
	switch (librdf_node_get_type(n)) {
	case LIBRDF_NODE_TYPE_RESOURCE:
		tag = 'U';
		s = librdf_uri_as_counted_string(librdf_node_get_uri(n), &len);
		break;
	case LIBRDF_NODE_TYPE_BLANK:
		tag = 'B';
		s = librdf_node_get_counted_blank_identifier(n, &len);
		break;
	case LIBRDF_NODE_TYPE_LITERAL:
		tag = 'L';
		s = librdf_node_get_literal_value_as_counted_string(n, &len);
		break;
	default:
		tag = '?';
		break;
	}
	h = pk_verify_fnv(h, &tag, 1);
	h = pk_verify_fnv(h, s ? (const void *)s : "", len);
	h = pk_verify_fnv(h, "", 1);
	if (tag == 'L') {
		lang = librdf_node_get_literal_value_language(n);
		dt = librdf_node_get_literal_value_datatype_uri(n);
		if (lang)
			h = pk_verify_fnv(h, lang, strlen(lang));
		h = pk_verify_fnv(h, "@", 1);
		if (dt) {
			s = librdf_uri_as_counted_string(dt, &len);
			h = pk_verify_fnv(h, s, len);
		}
		h = pk_verify_fnv(h, "", 1);
	}
	return h;
}

uint64_t pk_store_statement_hash(librdf_statement *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = pk_verify_node(h, librdf_statement_get_subject(s));
	h = pk_verify_node(h, librdf_statement_get_predicate(s));
	h = pk_verify_node(h, librdf_statement_get_object(s));
	/* splitmix64's finaliser: FNV's low bits are weak for a plain sum */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	return h;
}

void pk_store_digest_add(pk_store_digest *d, uint64_t h)
{
	d->n++;
	d->sum += h;
}

int pk_store_digest_equal(const pk_store_digest *a, const pk_store_digest *b)
{
	return a->n == b->n && a->sum == b->sum;
}

int pk_store_digest_stream(pk_store_digest *d, librdf_stream *s)
{
	librdf_statement *x;

	memset(d, 0, sizeof *d);
	if (!s)
		return PK_ESTORE;
	for (; !librdf_stream_end(s); librdf_stream_next(s)) {
		x = librdf_stream_get_object(s);
		if (!x) {
			librdf_free_stream(s);
			return PK_ESTORE;
		}
		pk_store_digest_add(d, pk_store_statement_hash(x));
	}
	librdf_free_stream(s);
	return 0;
}

int pk_store_tally_push(pk_store_tally *t, uint64_t h)
{
	pk_store_digest_add(&t->quads, h);
	return pk_buf_put(&t->hashes, (const char *)&h, sizeof h);
}

static int pk_verify_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

void pk_store_tally_union(pk_store_digest *out, pk_store_tally *t)
{
	uint64_t *h = (uint64_t *)(void *)t->hashes.ptr;
	size_t n = t->hashes.len / sizeof *h, i;

	memset(out, 0, sizeof *out);
	if (n)
		qsort(h, n, sizeof *h, pk_verify_u64_cmp);
	for (i = 0; i < n; i++)
		if (i == 0 || h[i] != h[i - 1])
			pk_store_digest_add(out, h[i]);
}

void pk_store_tally_free(pk_store_tally *t)
{
	pk_buf_free(&t->hashes);
	memset(t, 0, sizeof *t);
}

int pk_store_digest_text(pk_store_digest *d, pk_store_tally *tally,
	librdf_world *world, const char *text, size_t len, const pk_diag *diag,
	const char *where)
{
	uint64_t h;
	const char *p = text, *end = text + len, *nl;
	librdf_statement *stmt;
	librdf_node *ctx;
	char prefix[20];
	char *iri;
	size_t llen;
	int rc;

	memset(d, 0, sizeof *d);
	iri = pk_store_doc_header_iri(text, len);
	if (!iri) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: no '%s<IRI>' header", where,
			PK_STORE_DOC_HEADER);
		return PK_ESTORE;
	}
	pk_store_bnode_prefix(prefix, iri);
	free(iri);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		llen = (size_t)((nl ? nl : end) - p);
		if (llen && *p != '#') {
			rc = pk_nq_parse_line(&stmt, &ctx, world, p, llen, prefix);
			if (rc == PK_EINPUT) {
				pk_diag_emit(diag, PK_SEV_ERROR, "%s: not a stored quad: %.*s",
					where, (int)(llen > 80 ? 80 : llen), p);
				return PK_ESTORE;
			}
			if (rc < 0)
				return rc;
			h = pk_store_statement_hash(stmt);
			librdf_free_statement(stmt);
			librdf_free_node(ctx);
			pk_store_digest_add(d, h);
			if (tally && (rc = pk_store_tally_push(tally, h)) < 0)
				return rc;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* ---- Berkeley DB files ------------------------------------------------------- */

static uint32_t pk_verify_u32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof v); /* native byte order, as the files are written */
	return v;
}

int pk_store_bdb_file_check(const char *path, char *why, size_t whylen)
{
	unsigned char meta[64];
	struct stat sb;
	uint32_t pagesize, last;
	off_t hole;
	ssize_t got;
	int fd, rc = -1;

	why[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(why, whylen, "not a regular file");
		goto out;
	}
	got = pread(fd, meta, sizeof meta, 0);
	if (got != (ssize_t)sizeof meta) {
		snprintf(why, whylen, "truncated to %lld bytes", (long long)sb.st_size);
		goto out;
	}
	pagesize = pk_verify_u32(meta + 20);
	last = pk_verify_u32(meta + 32);
	if (pk_verify_u32(meta + 12) != PK_BDB_BTREE_MAGIC || pagesize < 512 ||
	    pagesize > 65536 || (pagesize & (pagesize - 1))) {
		snprintf(why, whylen, "no Berkeley DB btree header");
		goto out;
	}
	if ((uint64_t)sb.st_size != ((uint64_t)last + 1) * pagesize) {
		snprintf(why, whylen, "%lld bytes where its header says %llu",
			(long long)sb.st_size,
			(unsigned long long)(((uint64_t)last + 1) * pagesize));
		goto out;
	}
	/* a page whose write failed (a full disk) leaves a hole */
	hole = lseek(fd, 0, SEEK_HOLE);
	if (hole >= 0 && hole < sb.st_size) {
		snprintf(why, whylen, "a page at byte %lld never reached the disk",
			(long long)hole);
		goto out;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}
