/*
 * export_names.c - the names a property graph gives to what RDF names by
 * IRI: a property (a literal's predicate, with its language and the suffix
 * of its type), a label (a class) and a relationship type (a predicate),
 * each made of a local name (export.h states the mapping).
 *
 * Local names collide: ex:label_ko and rdfs:label in @ko both make the
 * property label_ko, pkg:Organization and org:Organization the label
 * Organization.  Two sources are never merged under one name.  The name
 * goes to the source ranked first (a namespace of the contract's prefix
 * table, in its order, before any other namespace; then by IRI, language
 * and suffix), and each other source is renamed: PREFIX_NAME when its
 * namespace is in that table, else NAME_HHHHHHHH (FNV-1a of its IRI,
 * language and suffix); a name taken already gets the hash, then _2, _3
 * ...  So a renamed source's name depends on itself, not on what else the
 * graph holds, but whether it is renamed does: a collision with a name
 * only another export uses is not seen here.  Each rename is reported,
 * naming both sources: a warning, or a note when both namespaces are in
 * the contract's table (a mapping known beforehand, as pkg:title and
 * dcterms:title in policykg's own graph, which every export of it would
 * otherwise warn about).
 */
#include "export/export.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rdf/vocab.h"

/* ---- names ------------------------------------------------------------------------ */

int pk_pg_local(pk_buf *out, const char *iri)
{
	const char *end = iri + strlen(iri), *from;
	size_t start = out->len;

	while (end > iri && strchr("#/:", end[-1]))
		end--;
	for (from = end; from > iri && !strchr("#/:", from[-1]); from--)
		;
	while (from < end) {
		unsigned char c = (unsigned char)*from;
		uint32_t cp;
		size_t k = 1;

		if (c >= 0x80 && (k = pk_utf8_decode((const unsigned char *)from, (size_t)(end - from), &cp)) == 0)
			k = 1;
		if (pk_buf_putc(out, (c < 0x80 && (c == '_' || (c >= '0' && c <= '9') ||
		    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) ? (char)c : '_') < 0)
			return PK_ENOMEM;
		from += k;
	}
	if (out->len == start && pk_buf_putc(out, '_') < 0)
		return PK_ENOMEM;
	return 0;
}

/* The exporter's own property names, which no predicate may take. */
static int pk_pg_reserved(const char *name)
{
	static const char *const own[] = { "uri", "labels", "docs", "facts", "stale" };
	size_t i;

	for (i = 0; i < PK_ARRAY_LEN(own); i++)
		if (strcmp(name, own[i]) == 0)
			return 1;
	return 0;
}

const char *pk_pg_prop_lang(const char *p, const char *lang)
{
	return strcmp(p, PK_NS_SKOS "altLabel") == 0 || (lang && !*lang) ? NULL : lang;
}

int pk_pg_prop_name(pk_buf *out, const char *p, const char *lang, const char *suffix)
{
	const pk_prefix *pre;
	const char *local, *c;
	size_t start;

	pk_buf_clear(out);
	if (strcmp(p, PK_NS_SKOS "altLabel") == 0)
		return pk_buf_puts(out, "altLabel");
	if (pk_pg_local(out, p) < 0)
		return PK_ENOMEM;
	if (pk_pg_reserved(out->ptr)) {
		pk_buf_clear(out);
		pre = pk_vocab_shorten(p, &local);
		if (pk_buf_printf(out, "%s_", pre ? pre->prefix : "x") < 0 || pk_pg_local(out, p) < 0)
			return PK_ENOMEM;
	}
	if (pk_buf_puts(out, suffix) < 0)
		return PK_ENOMEM;
	if (!lang || !*lang)
		return 0;
	if (pk_buf_putc(out, '_') < 0)
		return PK_ENOMEM;
	start = out->len;
	for (c = lang; *c; c++) {
		char l = *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : *c;

		if (!((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')))
			l = '_';
		if (pk_buf_putc(out, l) < 0)
			return PK_ENOMEM;
	}
	return out->len > start ? 0 : PK_ENOMEM;
}

/* ---- collisions ------------------------------------------------------------------- */

/* One distinct source of the entries, and the name made from it. */
typedef struct pk_pg_key {
	pk_pg_source src;
	int rank;            /* of its namespace: the prefix table's order */
	const char *name;    /* an entry's */
	char *renamed;       /* NULL: it keeps name */
} pk_pg_key;

static const char *pk_pg_or_empty(const char *s)
{
	return s ? s : "";
}

/* The language folded to lower case: tags compare in any case. */
static uint64_t pk_pg_source_hash(const pk_pg_source *s)
{
	uint64_t h = pk_hash_fast(s->iri, strlen(s->iri));
	const char *c;

	for (c = pk_pg_or_empty(s->lang); *c; c++)
		h = (h ^ (unsigned char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c)) *
			0x100000001b3ULL;
	return (h ^ pk_hash_fast(pk_pg_or_empty(s->suffix),
		strlen(pk_pg_or_empty(s->suffix)))) * 0x100000001b3ULL;
}

static int pk_pg_source_cmp(const pk_pg_source *a, const pk_pg_source *b)
{
	int c;

	if ((c = strcmp(a->iri, b->iri)) != 0)
		return c;
	if ((c = strcasecmp(pk_pg_or_empty(a->lang), pk_pg_or_empty(b->lang))) != 0)
		return c;
	return strcmp(pk_pg_or_empty(a->suffix), pk_pg_or_empty(b->suffix));
}

/* By name, then rank and source: the first of a name keeps it. */
static int pk_pg_key_cmp(const void *x, const void *y)
{
	const pk_pg_key *a = *(pk_pg_key *const *)x, *b = *(pk_pg_key *const *)y;
	int c = strcmp(a->name, b->name);

	if (c)
		return c;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return pk_pg_source_cmp(&a->src, &b->src);
}

static int pk_pg_key_name_cmp(const void *x, const void *y)
{
	const char *name = x;
	const pk_pg_key *k = *(pk_pg_key *const *)y;

	return strcmp(name, k->name);
}

/* <iri>@lang (suffix), as the warning names a source. */
static int pk_pg_source_text(pk_buf *b, const pk_pg_source *s)
{
	pk_buf_clear(b);
	if (pk_buf_printf(b, "<%s>", s->iri) < 0 ||
	    (s->lang && *s->lang && pk_buf_printf(b, "@%s", s->lang) < 0) ||
	    (s->suffix && *s->suffix && pk_buf_printf(b, " (%s)", s->suffix) < 0))
		return PK_ENOMEM;
	return 0;
}

/* Is name one of the names made (ord, sorted by name) or given so far? */
static int pk_pg_name_taken(const char *name, pk_pg_key *const *ord, size_t nk)
{
	size_t i;

	if (bsearch(name, ord, nk, sizeof *ord, pk_pg_key_name_cmp))
		return 1;
	for (i = 0; i < nk; i++)
		if (ord[i]->renamed && strcmp(ord[i]->renamed, name) == 0)
			return 1;
	return 0;
}

/* A new name for k, which lost k->name (see the header). */
static int pk_pg_rename(pk_pg_key *k, pk_pg_key *const *ord, size_t nk)
{
	pk_buf b = PK_BUF_INIT, key = PK_BUF_INIT;
	const char *local;
	const pk_prefix *pre = pk_vocab_shorten(k->src.iri, &local);
	unsigned n = 2;
	int rc = PK_ENOMEM;

	if (pre && pk_buf_printf(&b, "%s_%s", pre->prefix, k->name) < 0)
		goto out;
	if (!pre || pk_pg_name_taken(b.ptr, ord, nk)) {
		if (pk_buf_printf(&key, "%s\t%s\t%s", k->src.iri, pk_pg_or_empty(k->src.lang),
		    pk_pg_or_empty(k->src.suffix)) < 0)
			goto out;
		pk_buf_clear(&b);
		if (pk_buf_printf(&b, "%s_%08x", k->name,
		    (unsigned)(pk_hash64(key.ptr, key.len) & 0xffffffffu)) < 0)
			goto out;
	}
	while (pk_pg_name_taken(b.ptr, ord, nk)) {
		pk_buf_clear(&b);
		if (pk_buf_printf(&b, "%s_%08x_%u", k->name,
		    (unsigned)(pk_hash64(key.ptr, key.len) & 0xffffffffu), n++) < 0)
			goto out;
	}
	k->renamed = pk_buf_detach(&b);
	rc = k->renamed ? 0 : PK_ENOMEM;
out:
	pk_buf_free(&b);
	pk_buf_free(&key);
	return rc;
}

/* The distinct sources of v into *keys (*nk of them), of[i] entry i's. */
static int pk_pg_keys_collect(pk_pg_key **keys, size_t *nk, size_t *of,
	const pk_pg_naming *v, size_t n)
{
	size_t cap = 16, mask, i, s, *slot;
	const char *local;
	const pk_prefix *pre;
	pk_pg_key *k;

	*nk = 0;
	while (cap < 2 * n)
		cap *= 2;
	mask = cap - 1;
	if (!(slot = calloc(cap, sizeof *slot)) || !(*keys = calloc(n, sizeof **keys))) {
		free(slot);
		return PK_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		for (s = (size_t)pk_pg_source_hash(&v[i].src) & mask; slot[s]; s = (s + 1) & mask)
			if (pk_pg_source_cmp(&(*keys)[slot[s] - 1].src, &v[i].src) == 0)
				break;
		if (!slot[s]) {
			k = &(*keys)[*nk];
			k->src = v[i].src;
			pre = pk_vocab_shorten(k->src.iri, &local);
			k->rank = pre ? (int)(pre - pk_prefixes) : (int)pk_prefixes_len;
			k->name = v[i].name;
			slot[s] = ++*nk;
		}
		of[i] = slot[s] - 1;
	}
	free(slot);
	return 0;
}

int pk_pg_names_resolve(pk_pg_naming *v, size_t n, const char *kind, const pk_diag *diag)
{
	pk_pg_key *keys = NULL, **ord = NULL;
	pk_buf won = PK_BUF_INIT, lost = PK_BUF_INIT;
	size_t *of = NULL, nk = 0, i, first = 0;
	char *name;
	int rc = PK_ENOMEM;

	if (!n)
		return 0;
	if (!(of = malloc(n * sizeof *of)) || pk_pg_keys_collect(&keys, &nk, of, v, n) < 0 ||
	    !(ord = malloc(nk * sizeof *ord)))
		goto out;
	for (i = 0; i < nk; i++)
		ord[i] = &keys[i];
	qsort(ord, nk, sizeof *ord, pk_pg_key_cmp);
	for (i = 1; i < nk; i++) {
		if (strcmp(ord[i]->name, ord[first]->name) != 0) {
			first = i;
			continue;
		}
		if (pk_pg_rename(ord[i], ord, nk) < 0 || pk_pg_source_text(&won, &ord[first]->src) < 0 ||
		    pk_pg_source_text(&lost, &ord[i]->src) < 0)
			goto out;
		pk_diag_emit(diag, ord[first]->rank < (int)pk_prefixes_len &&
			ord[i]->rank < (int)pk_prefixes_len ? PK_SEV_NOTE : PK_SEV_WARNING,
			"export: %s and %s are both the %s %s: "
			"the second is written as %s", won.ptr, lost.ptr, kind, ord[i]->name,
			ord[i]->renamed);
	}
	for (i = 0; i < n; i++) {
		if (!keys[of[i]].renamed)
			continue;
		if (!(name = pk_strdup(keys[of[i]].renamed)))
			goto out;
		free(v[i].name);
		v[i].name = name;
	}
	rc = 0;
out:
	for (i = 0; keys && i < nk; i++)
		free(keys[i].renamed);
	free(keys);
	free(ord);
	free(of);
	pk_buf_free(&won);
	pk_buf_free(&lost);
	return rc;
}
