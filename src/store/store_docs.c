/*
 * store_docs.c - documents for the store: what `policykg load` and
 * `extract --store` hand to store.c.  RDF files are parsed by Raptor (or
 * a pk_graph, as the extractor builds it, is read) into a pk_store_batch, one pk_store_doc
 * per named graph, each holding its triples as canonical N-Quads text:
 *
 *   # policykg document <G>
 *   <S> <P> <O> <G> .                 one line per triple, sorted bytewise,
 *   <S> <P> "lexical"@lang <G> .      no duplicates
 *
 * IRIs escape only what N-Quads forbids (controls, space, <>"{}|^`\) as
 * \uXXXX; literals escape \ " and the controls; everything else stays
 * UTF-8 (rdf/nquads.c writes the terms, the same writer as `extract -f
 * nquads`).  Blank nodes are renamed b0, b1 ... per document in the
 * order they are first met, so the same file gives the same bytes on
 * every load.  The same text is read back line by line
 * (pk_store_nq_parse_line, store_nq.c) into librdf statements when the
 * store's indexes are built.
 *
 * The document of a triple: its graph in N-Quads; the file itself
 * (file:///absolute/path) for Turtle, N-Triples and the default graph of
 * N-Quads; its named graph in a pk_graph (the article's document IRI).
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "store/store_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rdf/triples.h"
#include "rdf/vocab.h"

/* ---- document names --------------------------------------------------------------- */

int pk_store_doc_key(char **out, const char *iri)
{
	size_t plen = strlen(PK_STORE_DOC_PREFIX), i;
	const char *id;
	pk_buf b = PK_BUF_INIT;
	uint64_t h;

	*out = NULL;
	if (strncmp(iri, PK_STORE_DOC_PREFIX, plen) == 0) {
		id = iri + plen;
		for (i = 0; id[i]; i++)
			if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') ||
			    (id[i] >= '0' && id[i] <= '9') || id[i] == '_' ||
			    (i > 0 && (id[i] == '-' || id[i] == '.'))))
				break;
		if (i > 0 && id[i] == '\0' && i <= 128) {
			*out = pk_strdup(id);
			return *out ? 0 : PK_ENOMEM;
		}
	}
	h = pk_hash64(iri, strlen(iri));
	if (pk_buf_printf(&b, "@%016llx", (unsigned long long)h) < 0) {
		pk_buf_free(&b);
		return PK_ENOMEM;
	}
	*out = pk_buf_detach(&b);
	return 0;
}

char *pk_store_doc_header_iri(const char *text, size_t len)
{
	size_t hl = strlen(PK_STORE_DOC_HEADER);
	const char *p, *nl;
	pk_buf v = PK_BUF_INIT;

	if (len < hl || memcmp(text, PK_STORE_DOC_HEADER, hl) != 0)
		return NULL;
	nl = memchr(text, '\n', len);
	if (!nl)
		return NULL;
	p = text + hl;
	if (pk_nq_read_iri(&v, &p, nl) < 0 || p != nl) {
		pk_buf_free(&v);
		return NULL;
	}
	return pk_buf_detach(&v);
}

int pk_store_doc_prefix(char out[20], const char *text, size_t len,
	const pk_diag *diag, const char *where)
{
	char *iri = pk_store_doc_header_iri(text, len);

	if (!iri) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: no '%s<IRI>' header", where,
			PK_STORE_DOC_HEADER);
		return PK_ESTORE;
	}
	pk_store_bnode_prefix(out, iri);
	free(iri);
	return 0;
}

/* ---- batches ------------------------------------------------------------------------ */

int pk_store_batch_new(pk_store_batch **out, const pk_diag *diag)
{
	pk_store_batch *b;

	*out = NULL;
	b = calloc(1, sizeof *b);
	if (!b)
		return PK_ENOMEM;
	if (diag)
		b->log.diag = *diag;
	b->log.where = "load";
	b->max_held = PK_STORE_BATCH_MEMORY;
	b->spill_fd = -1;
	*out = b;
	return 0;
}

static void pk_store_batch_bnodes_clear(pk_store_batch *b)
{
	size_t i;

	for (i = 0; i < b->nbnode; i++) {
		free(b->bnode_keys[i]);
		free(b->bnode_labels[i]);
	}
	b->nbnode = 0;
	if (b->bnode_slots)
		memset(b->bnode_slots, 0, b->nbnode_slots * sizeof *b->bnode_slots);
}

void pk_store_batch_free(pk_store_batch *b)
{
	size_t i;

	if (!b)
		return;
	pk_store_spill_close(b);
	for (i = 0; i < b->ndocs; i++) {
		free(b->docs[i]->iri);
		free(b->docs[i]->key);
		pk_buf_free(&b->docs[i]->text);
		free(b->docs[i]);
	}
	free(b->docs);
	free(b->slots);
	pk_store_batch_bnodes_clear(b);
	free(b->bnode_keys);
	free(b->bnode_labels);
	free(b->bnode_slots);
	if (b->raptor)
		raptor_free_world(b->raptor);
	free(b);
}

size_t pk_store_batch_documents(const pk_store_batch *b)
{
	return b ? b->ndocs : 0;
}

/* Grow an open-addressing table of index + 1 to room for twice want
 * entries; keys are the n entries it holds. */
static int pk_store_slots_rehash(size_t **slots, size_t *nslots, size_t want,
	char *const *keys, size_t n)
{
	size_t cap = 64, i, j, *t;

	while (cap < want * 2 + 2)
		cap *= 2;
	if (cap <= *nslots)
		return 0;
	t = calloc(cap, sizeof *t);
	if (!t)
		return PK_ENOMEM;
	for (i = 0; i < n; i++) {
		j = (size_t)pk_hash64(keys[i], strlen(keys[i])) & (cap - 1);
		while (t[j])
			j = (j + 1) & (cap - 1);
		t[j] = i + 1;
	}
	free(*slots);
	*slots = t;
	*nslots = cap;
	return 0;
}

/* The slot for key: the index + 1 of its entry, or 0 and *free_slot. */
static size_t pk_store_slots_find(const size_t *slots, size_t nslots,
	char *const *keys, const char *key, size_t *free_slot)
{
	size_t j = (size_t)pk_hash64(key, strlen(key)) & (nslots - 1);

	while (slots[j]) {
		if (strcmp(keys[slots[j] - 1], key) == 0)
			return slots[j];
		j = (j + 1) & (nslots - 1);
	}
	*free_slot = j;
	return 0;
}

/* Keys of the docs, for rehashing: the IRIs. */
static int pk_store_batch_rehash_docs(pk_store_batch *b, size_t n)
{
	char **keys = malloc((b->ndocs ? b->ndocs : 1) * sizeof *keys);
	size_t i;
	int rc;

	if (!keys)
		return PK_ENOMEM;
	for (i = 0; i < b->ndocs; i++)
		keys[i] = b->docs[i]->iri;
	rc = pk_store_slots_rehash(&b->slots, &b->nslots, n, keys, b->ndocs);
	free(keys);
	return rc;
}

int pk_store_batch_doc(pk_store_doc **out, pk_store_batch *b, const char *iri)
{
	pk_store_doc *d = NULL, **docs;
	size_t slot = 0, found, i;
	int rc;

	*out = NULL;
	if (b->nslots < b->ndocs * 2 + 2 &&
	    (rc = pk_store_batch_rehash_docs(b, b->ndocs + 1)) < 0)
		return rc;
	/* a linear probe over the IRIs */
	{
		size_t j = (size_t)pk_hash64(iri, strlen(iri)) & (b->nslots - 1);

		found = 0;
		while (b->slots[j]) {
			if (strcmp(b->docs[b->slots[j] - 1]->iri, iri) == 0) {
				found = b->slots[j];
				break;
			}
			j = (j + 1) & (b->nslots - 1);
		}
		slot = j;
	}
	if (found) {
		*out = b->docs[found - 1];
		return 0;
	}
	if (b->ndocs == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 16;

		docs = realloc(b->docs, ncap * sizeof *docs);
		if (!docs)
			return PK_ENOMEM;
		b->docs = docs;
		b->cap = ncap;
	}
	d = calloc(1, sizeof *d);
	if (!d || !(d->iri = pk_strdup(iri)) || pk_store_doc_key(&d->key, iri) < 0) {
		if (d)
			free(d->iri);
		free(d);
		return PK_ENOMEM;
	}
	i = b->ndocs++;
	d->index = i;
	b->docs[i] = d;
	b->slots[slot] = i + 1;
	*out = d;
	return 0;
}

/* The label of blank node id (as Raptor gave it) in document d. */
static int pk_store_batch_bnode(const char **label, pk_store_batch *b,
	pk_store_doc *d, size_t doc_index, const char *id)
{
	pk_buf key = PK_BUF_INIT, lab = PK_BUF_INIT;
	size_t found, slot = 0;
	int rc = 0;

	*label = NULL;
	if (pk_buf_printf(&key, "%zu\x01%s", doc_index, id) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (b->nbnode_slots < b->nbnode * 2 + 2 &&
	    (rc = pk_store_slots_rehash(&b->bnode_slots, &b->nbnode_slots,
		b->nbnode + 1, b->bnode_keys, b->nbnode)) < 0)
		goto out;
	found = pk_store_slots_find(b->bnode_slots, b->nbnode_slots, b->bnode_keys,
		key.ptr, &slot);
	if (found) {
		*label = b->bnode_labels[found - 1];
		goto out;
	}
	if (b->nbnode == b->bnode_cap) {
		size_t ncap = b->bnode_cap ? b->bnode_cap * 2 : 64;
		char **k = realloc(b->bnode_keys, ncap * sizeof *k);

		if (!k) {
			rc = PK_ENOMEM;
			goto out;
		}
		b->bnode_keys = k;
		k = realloc(b->bnode_labels, ncap * sizeof *k);
		if (!k) {
			rc = PK_ENOMEM;
			goto out;
		}
		b->bnode_labels = k;
		b->bnode_cap = ncap;
	}
	if (pk_buf_printf(&lab, "b%zu", d->nbnodes++) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	b->bnode_keys[b->nbnode] = pk_buf_detach(&key);
	b->bnode_labels[b->nbnode] = pk_buf_detach(&lab);
	b->bnode_slots[slot] = ++b->nbnode;
	*label = b->bnode_labels[b->nbnode - 1];
out:
	pk_buf_free(&key);
	pk_buf_free(&lab);
	return rc;
}

/* ---- RDF files ------------------------------------------------------------------------ */

/* Raptor's messages as the store's logger (store.c) words librdf's: the
 * file and line, and errors counted, since Raptor reports some errors and
 * still returns 0. */
static void pk_store_parse_log(void *ud, raptor_log_message *m)
{
	pk_store_log *log = ud;
	const char *msg = m->text ? m->text : "(no message)";
	pk_severity sev;
	long line = -1;
	size_t len;

	if (log->quiet)
		return;
	switch (m->level) {
	case RAPTOR_LOG_LEVEL_FATAL:
	case RAPTOR_LOG_LEVEL_ERROR:
		sev = PK_SEV_ERROR;
		log->errors++;
		break;
	case RAPTOR_LOG_LEVEL_WARN:
		sev = PK_SEV_WARNING;
		break;
	case RAPTOR_LOG_LEVEL_INFO:
		sev = PK_SEV_NOTE;
		break;
	default:
		return;
	}
	len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
		len--;
	if (m->locator && m->locator->line > 0)
		line = m->locator->line - log->line_offset;
	if (line > 0)
		pk_diag_emit(&log->diag, sev, "%s:%ld: %.*s", log->where, line,
			(int)len, msg);
	else
		pk_diag_emit(&log->diag, sev, "%s: %.*s", log->where, (int)len, msg);
}

typedef struct pk_store_parse {
	pk_store_batch *b;
	const char *file;
	char *file_iri;          /* the document of triples without a graph */
	int rc;
	pk_buf line;
} pk_store_parse;

static int pk_store_parse_term(pk_store_parse *ps, pk_store_doc *d,
	size_t doc_index, raptor_term *t)
{
	const unsigned char *s;
	const char *label;
	size_t len;
	int rc;

	switch (t->type) {
	case RAPTOR_TERM_TYPE_URI:
		s = raptor_uri_as_counted_string(t->value.uri, &len);
		return pk_nq_put_iri(&ps->line, (const char *)s, len);
	case RAPTOR_TERM_TYPE_BLANK:
		rc = pk_store_batch_bnode(&label, ps->b, d, doc_index,
			(const char *)t->value.blank.string);
		if (rc < 0)
			return rc;
		return pk_buf_printf(&ps->line, "_:%s", label) < 0 ? PK_ENOMEM : 0;
	case RAPTOR_TERM_TYPE_LITERAL:
		return pk_nq_put_literal(&ps->line,
			(const char *)t->value.literal.string, t->value.literal.string_len,
			(const char *)t->value.literal.language,
			t->value.literal.datatype ? (const char *)raptor_uri_as_string(
				t->value.literal.datatype) : NULL);
	default:
		return PK_EINPUT;
	}
}

static void pk_store_parse_statement(void *ud, raptor_statement *s)
{
	pk_store_parse *ps = ud;
	pk_store_batch *b = ps->b;
	pk_store_doc *d = NULL;
	size_t di = 0;
	const char *giri;
	int rc;

	if (ps->rc < 0)
		return;
	if (s->graph) {
		if (s->graph->type != RAPTOR_TERM_TYPE_URI) {
			pk_diag_emit(&b->log.diag, PK_SEV_ERROR,
				"%s: a graph named by a blank node cannot be a document",
				ps->file);
			ps->rc = PK_EINPUT;
			return;
		}
		giri = (const char *)raptor_uri_as_string(s->graph->value.uri);
	} else {
		giri = ps->file_iri;
	}
	pk_buf_clear(&ps->line);
	if ((rc = pk_store_batch_doc(&d, b, giri)) < 0)
		goto out;
	di = d->index;
	d->forget = 0;
	if ((rc = pk_store_parse_term(ps, d, di, s->subject)) < 0 ||
	    pk_buf_putc(&ps->line, ' ') < 0 ||
	    (rc = pk_store_parse_term(ps, d, di, s->predicate)) < 0 ||
	    pk_buf_putc(&ps->line, ' ') < 0 ||
	    (rc = pk_store_parse_term(ps, d, di, s->object)) < 0 ||
	    pk_buf_putc(&ps->line, ' ') < 0 ||
	    (rc = pk_nq_put_iri(&ps->line, giri, strlen(giri))) < 0 ||
	    pk_buf_puts(&ps->line, " .\n") < 0) {
		rc = rc < 0 ? rc : PK_ENOMEM;
		goto out;
	}
	if (pk_buf_put(&d->text, ps->line.ptr, ps->line.len) < 0)
		rc = PK_ENOMEM;
	else
		rc = pk_store_batch_held(b, ps->line.len);
out:
	if (rc == PK_EINPUT)
		pk_diag_emit(&b->log.diag, PK_SEV_ERROR,
			"%s: a term is not valid UTF-8 or has a malformed language tag",
			ps->file);
	else if (rc == PK_ENOMEM)
		pk_diag_emit(&b->log.diag, PK_SEV_ERROR, "%s: out of memory", ps->file);
	if (rc < 0)
		ps->rc = rc;
}

/* The Raptor parser name for file: syntax when given, else from the
 * extension; NULL when unknown. */
static const char *pk_store_syntax(const char *file, const char *syntax)
{
	const char *dot;

	if (syntax)
		return strcmp(syntax, "turtle") == 0 ? "turtle" :
			strcmp(syntax, "ntriples") == 0 ? "ntriples" :
			strcmp(syntax, "nquads") == 0 ? "nquads" : NULL;
	dot = strrchr(file, '.');
	if (dot && strchr(dot, '/') == NULL) {
		if (strcasecmp(dot, ".ttl") == 0 || strcasecmp(dot, ".turtle") == 0)
			return "turtle";
		if (strcasecmp(dot, ".nt") == 0)
			return "ntriples";
		if (strcasecmp(dot, ".nq") == 0 || strcasecmp(dot, ".nquads") == 0)
			return "nquads";
	}
	return NULL;
}

int pk_store_syntax_known(const char *syntax)
{
	return pk_store_syntax("", syntax) != NULL;
}

static const char *pk_store_syntax_title(const char *syntax)
{
	return strcmp(syntax, "turtle") == 0 ? "Turtle" :
		strcmp(syntax, "ntriples") == 0 ? "N-Triples" : "N-Quads";
}

int pk_store_batch_add_file(pk_store_batch *b, const char *file,
	const char *syntax)
{
	const pk_diag *diag = &b->log.diag;
	const char *name = pk_store_syntax(file, syntax);
	pk_store_parse ps;
	raptor_parser *parser = NULL;
	raptor_uri *base = NULL;
	unsigned char *uri = NULL;
	pk_store_doc *d;
	struct stat sb;
	char *abs = NULL;
	FILE *fh = NULL;
	int errors, rc = 0, prc;

	memset(&ps, 0, sizeof ps);
	if (!name) {
		if (syntax)
			pk_diag_emit(diag, PK_SEV_ERROR,
				"unknown syntax '%s' (use turtle, ntriples or nquads)", syntax);
		else
			pk_diag_emit(diag, PK_SEV_ERROR,
				"%s: cannot tell the syntax from the name "
				"(use .ttl, .nt or .nq, or give the syntax)", file);
		return PK_EUSAGE;
	}
	if (stat(file, &sb) < 0 || !(abs = realpath(file, NULL))) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", file, strerror(errno));
		rc = PK_EIO;
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: not a regular file", file);
		rc = PK_EIO;
		goto out;
	}
	fh = fopen(file, "rb");
	if (!fh) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", file, strerror(errno));
		rc = PK_EIO;
		goto out;
	}
	/* Raptor alone, not a librdf world: nothing of librdf is used to
	 * parse, and without URI interning a term's IRI is one malloc and
	 * copy instead of a search and an insert in the world's tree, and a
	 * removal when the statement is freed (a quarter of the parse, where
	 * no IRI is kept after its statement) */
	if (!(b->raptor = raptor_new_world()) ||
	    raptor_world_set_flag(b->raptor, RAPTOR_WORLD_FLAG_URI_INTERNING, 0) ||
	    raptor_world_open(b->raptor)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot start Raptor", file);
		rc = PK_ESTORE;
		goto out;
	}
	raptor_world_set_log_handler(b->raptor, &b->log, pk_store_parse_log);
	uri = raptor_uri_filename_to_uri_string(abs);
	parser = raptor_new_parser(b->raptor, name);
	base = uri ? raptor_new_uri(b->raptor, uri) : NULL;
	if (!parser || !base) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot create a %s parser",
			file, name);
		rc = PK_ESTORE;
		goto out;
	}
	ps.b = b;
	ps.file = file;
	ps.file_iri = (char *)uri;
	/* A Turtle or N-Triples file is one document, even when empty: an
	 * empty file loaded again removes what it held. */
	if (strcmp(name, "nquads") != 0) {
		if ((rc = pk_store_batch_doc(&d, b, ps.file_iri)) < 0)
			goto out;
		d->forget = 0;
	}
	pk_store_batch_bnodes_clear(b);
	raptor_parser_set_statement_handler(parser, &ps, pk_store_parse_statement);
	b->log.where = file;
	errors = b->log.errors;
	prc = raptor_parser_parse_file_stream(parser, fh, NULL, base);
	b->log.where = "load";
	/* Raptor reports some errors and still returns 0: count them too. */
	if (ps.rc < 0) {
		rc = ps.rc == PK_ENOMEM || ps.rc == PK_EIO ? ps.rc : PK_EINPUT;
		goto out;
	}
	if (prc != 0 || b->log.errors != errors) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: not valid %s; nothing loaded",
			file, pk_store_syntax_title(name));
		rc = PK_EINPUT;
		goto out;
	}
	b->files++;
out:
	pk_buf_free(&ps.line);
	if (parser)
		raptor_free_parser(parser);
	if (base)
		raptor_free_uri(base);
	if (uri)
		raptor_free_memory(uri);
	if (b->raptor)
		raptor_free_world(b->raptor);
	b->raptor = NULL;
	if (fh)
		fclose(fh);
	free(abs);
	return rc;
}

int pk_store_batch_add_graph(pk_store_batch *b, pk_graph *graph)
{
	const pk_quad *q;
	pk_store_doc *d = NULL;
	pk_buf *t;
	size_t n, i, before;
	const char *last = NULL, *g;
	int rc;

	if ((rc = pk_graph_quads_sorted(&q, &n, graph)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		g = q[i].g ? q[i].g : "urn:policykg:no-document";
		if (!last || strcmp(g, last) != 0) {
			if ((rc = pk_store_batch_doc(&d, b, g)) < 0)
				return rc;
			d->forget = 0;
			last = g;
		}
		t = &d->text;
		before = t->len;
		if ((rc = pk_nq_put_iri(t, q[i].t.s, strlen(q[i].t.s))) < 0 ||
		    (rc = pk_buf_putc(t, ' ')) < 0 ||
		    (rc = pk_nq_put_iri(t, q[i].t.p, strlen(q[i].t.p))) < 0 ||
		    (rc = pk_buf_putc(t, ' ')) < 0 ||
		    (rc = q[i].t.o_is_iri ? pk_nq_put_iri(t, q[i].t.o, strlen(q[i].t.o)) :
			pk_nq_put_literal(t, q[i].t.o, strlen(q[i].t.o), q[i].t.lang,
			q[i].t.dt)) < 0 ||
		    (rc = pk_buf_putc(t, ' ')) < 0 ||
		    (rc = pk_nq_put_iri(t, g, strlen(g))) < 0 ||
		    (rc = pk_buf_puts(t, " .\n")) < 0) {
			pk_diag_emit(&b->log.diag, PK_SEV_ERROR,
				"%s: a triple cannot be stored (%s)", g,
				rc == PK_ENOMEM ? "out of memory" : "not valid UTF-8");
			return rc;
		}
		if ((rc = pk_store_batch_held(b, t->len - before)) < 0)
			return rc;
	}
	return 0;
}

/* A DOCUMENT as the user names it: <IRI>, an IRI, a prefixed name
 * (pkgid:document/ID), a bare document id (000_f3690c1b6a91e66d) or the
 * path of a loaded Turtle / N-Triples file. */
int pk_store_document_iri(char **out, const char *name)
{
	pk_buf b = PK_BUF_INIT;
	struct stat sb;
	unsigned char *uri;
	size_t len = strlen(name), i;
	char *abs, *full = NULL;
	int rc = 0;

	*out = NULL;
	if (len >= 2 && name[0] == '<' && name[len - 1] == '>') {
		/* <IRI> */
		rc = pk_buf_put(&b, name + 1, len - 2);
	} else if (strstr(name, "://") || strncmp(name, "urn:", 4) == 0 ||
	    strncmp(name, "file:", 5) == 0) {
		/* an IRI */
		rc = pk_buf_puts(&b, name);
	} else if (strchr(name, ':')) {
		/* a prefixed name: only the well-known prefixes */
		if ((rc = pk_vocab_expand(&full, name)) < 0)
			goto out;
		if (strcmp(full, name) == 0) {
			rc = PK_EUSAGE;
			goto out;
		}
		rc = pk_buf_puts(&b, full);
	} else if (!strchr(name, '/') && len > 0 &&
	    !(stat(name, &sb) == 0 && S_ISREG(sb.st_mode))) {
		/* a document id (a file of that name is a path) */
		rc = pk_buf_printf(&b, "%s%s", PK_STORE_DOC_PREFIX, name);
	} else if (len > 0) {
		/* the path of a loaded file: it need not exist any more */
		abs = realpath(name, NULL);
		if (!abs) {
			char cwd[4096];

			if (name[0] != '/' && !getcwd(cwd, sizeof cwd)) {
				rc = PK_EUSAGE;
				goto out;
			}
			if (pk_buf_printf(&b, "%s%s%s", name[0] == '/' ? "" : cwd,
				name[0] == '/' ? "" : "/", name) < 0) {
				rc = PK_ENOMEM;
				goto out;
			}
			abs = pk_buf_detach(&b);
		}
		uri = raptor_uri_filename_to_uri_string(abs);
		free(abs);
		if (!uri) {
			rc = PK_ENOMEM;
			goto out;
		}
		rc = pk_buf_puts(&b, (const char *)uri);
		raptor_free_memory(uri);
	} else {
		rc = PK_EUSAGE;
	}
	if (rc == -1)
		rc = PK_ENOMEM;
	if (rc < 0)
		goto out;
	for (i = 0; i < b.len; i++)
		if ((unsigned char)b.ptr[i] <= 0x20 || strchr("<>\"{}|^`\\", b.ptr[i])) {
			rc = PK_EUSAGE;
			goto out;
		}
	if (!b.ptr || b.len == 0 || !pk_nq_valid_utf8(b.ptr, b.len)) {
		rc = PK_EUSAGE;
		goto out;
	}
	*out = pk_buf_detach(&b);
out:
	free(full);
	pk_buf_free(&b);
	return rc;
}

int pk_store_batch_forget(pk_store_batch *b, const char *document)
{
	pk_store_doc *d;
	char *iri = NULL;
	int rc;

	if ((rc = pk_store_document_iri(&iri, document)) < 0) {
		if (rc == PK_EUSAGE)
			pk_diag_emit(&b->log.diag, PK_SEV_ERROR,
				"%s: not a document name (an IRI, <IRI>, pkgid:document/ID, "
				"an id or a file path)", document);
		return rc;
	}
	rc = pk_store_batch_doc(&d, b, iri);
	free(iri);
	if (rc < 0)
		return rc;
	d->forget = 1;
	pk_buf_free(&d->text);
	pk_store_spill_drop(b, d);
	return 0;
}

/* ---- canonical text -------------------------------------------------------------------- */

typedef struct pk_store_line {
	const char *p;
	size_t len;
} pk_store_line;

static int pk_store_line_cmp(const void *a, const void *b)
{
	const pk_store_line *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->p, y->p, n);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static int pk_store_doc_finish(pk_store_doc *d)
{
	pk_store_line *lines = NULL;
	pk_buf out = PK_BUF_INIT;
	size_t n = 0, i, k;
	const char *p, *end, *nl;
	int rc = 0;

	if (d->forget) {
		d->nquads = 0;
		return 0;
	}
	end = d->text.ptr ? d->text.ptr + d->text.len : NULL;
	for (p = d->text.ptr; p && p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		if (*p != '#')
			n++;
	}
	if (n) {
		lines = malloc(n * sizeof *lines);
		if (!lines)
			return PK_ENOMEM;
	}
	for (i = 0, p = d->text.ptr; i < n; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (*p == '#')
			continue; /* the header of an earlier finish */
		lines[i].p = p;
		lines[i].len = (size_t)(nl - p);
		i++;
	}
	/* an extractor's N-Quads come sorted already: a pass to see that is
	 * cheaper than qsort's n log n comparisons */
	for (i = 1; i < n; i++)
		if (pk_store_line_cmp(&lines[i - 1], &lines[i]) > 0)
			break;
	if (i < n)
		qsort(lines, n, sizeof *lines, pk_store_line_cmp);
	if (pk_buf_puts(&out, PK_STORE_DOC_HEADER) < 0 ||
	    pk_nq_put_iri(&out, d->iri, strlen(d->iri)) < 0 ||
	    pk_buf_putc(&out, '\n') < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0, k = 0; i < n; i++) {
		if (i > 0 && pk_store_line_cmp(&lines[i], &lines[i - 1]) == 0)
			continue;
		if (pk_buf_put(&out, lines[i].p, lines[i].len) < 0 ||
		    pk_buf_putc(&out, '\n') < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		k++;
	}
	d->nquads = k;
	/* no triples: the document is removed */
	if (k == 0) {
		d->forget = 1;
		pk_buf_free(&out);
	}
	pk_buf_free(&d->text);
	d->text = out;
	out.ptr = NULL;
out:
	pk_buf_free(&out);
	free(lines);
	return rc;
}

int pk_store_doc_ready(pk_store_batch *b, pk_store_doc *d)
{
	int rc;

	if ((rc = pk_store_spill_load(b, d)) < 0)
		return rc;
	return pk_store_doc_finish(d);
}

void pk_store_doc_release(pk_store_batch *b, pk_store_doc *d)
{
	PK_UNUSED(b);
	pk_buf_free(&d->text);
}
