/*
 * export.h - the export stage: a graph file read back (parse.c) and seen
 * as a property graph, which one writer per format puts out for graph
 * databases: Cypher for Neo4j, Cypher for Kùzu, CSV files for neo4j-admin.
 *
 * The mapping (export.c), the same for every format:
 *   - every IRI (or blank node) that is a subject, or the object of a
 *     property other than rdf:type, is a node keyed by its full IRI, uri;
 *   - its rdf:type values are its labels, by local name (MOU, Agreement);
 *   - a literal is a property named by the predicate's local name, with
 *     the language as a suffix (rdfs:label "..."@ko -> label_ko, pkg:title
 *     "..."@en -> title_en); skos:altLabel, whatever the language, is the
 *     list altLabel; a property with more than one value on some node is a
 *     list on every node; a property has one type for all its values
 *     (the first value's, or a string when they differ): integers,
 *     dates, date-times and durations by their datatype, partial dates as
 *     their lexical form with a precision (export_types.c), anything else
 *     its lexical form;
 *   - an IRI object is a relationship typed by the predicate's local name
 *     (party, organizer, position, organization, memberOf ...);
 *   - every value, label, relationship and node knows the documents (named
 *     graphs; a Turtle file is one document named after it) that state it,
 *     so that a writer can replace a document's facts (export_cypher.c).
 * Names are made of [A-Za-z0-9_] (anything else becomes '_'); the
 * properties uri, labels, docs, facts and stale are the exporter's own, so
 * a predicate with one of those local names is prefixed (dcterms_uri).
 * Two sources of one name (ex:label_ko and rdfs:label@ko, both label_ko)
 * are never merged: one keeps it, the others are renamed, with a warning
 * (export_names.c).
 * Everything is sorted: the same graph gives byte-identical output.
 *
 * Ownership: a pk_pg borrows the pk_graph it was built from (which must
 * outlive it) and owns everything else; pk_pg_free releases it.
 */
#ifndef PK_EXPORT_H
#define PK_EXPORT_H

#include <stdio.h>

#include "base/outfile.h"
#include "rdf/triples.h"
#include "base/util.h"

typedef enum pk_pg_type {
	PK_PG_STRING = 0,
	PK_PG_INT,         /* every value is an xsd integer type within 64 bits */
	PK_PG_DATE,        /* YYYY-MM-DD */
	PK_PG_DATETIME,    /* an xsd:dateTime, offset as written */
	PK_PG_DURATION     /* an ISO 8601 duration, PnYnMnWnDTnHnMnS */
} pk_pg_type;

typedef struct pk_pg_prop {
	char *name;        /* label_ko, altLabel, start ... */
	pk_pg_type type;
	int list;          /* a list on every node */
} pk_pg_prop;

/* The documents that state something: indexes into pk_pg.docs, ascending. */
typedef struct pk_pg_docs {
	const size_t *v;
	size_t n;
} pk_pg_docs;

typedef struct pk_pg_value {
	size_t prop;          /* index into pk_pg.props */
	const char *lexical;  /* as in the graph; see pk_pg_int for PK_PG_INT */
	pk_pg_docs docs;      /* the documents stating it */
} pk_pg_value;

typedef struct pk_pg_node {
	const char *uri;
	const char **labels;  /* sorted; point into pk_pg.labels */
	pk_pg_docs *label_docs; /* the documents stating each label */
	size_t nlabels;
	pk_pg_value *values;  /* sorted by property, then lexical form */
	size_t nvalues;
	pk_pg_docs docs;      /* every document stating anything of it: a
	                       * value, a label, a relationship from or to it */
} pk_pg_node;

typedef struct pk_pg_rel {
	size_t start, end;    /* indexes into pk_pg.nodes */
	size_t type;          /* index into pk_pg.types */
	pk_pg_docs docs;      /* the documents stating it */
} pk_pg_rel;

typedef struct pk_pg {
	pk_pg_node *nodes;    /* sorted by uri */
	size_t nnodes;
	pk_pg_rel *rels;      /* sorted by start uri, type, end uri; unique */
	size_t nrels;
	pk_pg_prop *props;    /* every property name, sorted */
	size_t nprops;
	char **types;         /* every relationship type, sorted */
	size_t ntypes;
	char **labels;        /* every label, sorted */
	size_t nlabels;
	const char **docs;    /* every document (named graph) IRI, sorted */
	size_t ndocs;
	/* private */
	const char **label_refs;
	pk_pg_docs *label_doc_refs;
	pk_pg_value *value_store;
	size_t *doc_store[4]; /* of values, labels, relationships, nodes */
	char **strings;       /* strings made for values (a date-time's date) */
	size_t nstrings;
} pk_pg;

/* ---- literals by datatype (export_types.c) ------------------------------------- */

/* One property a literal becomes: the predicate's name + suffix. */
typedef struct pk_pg_typed {
	const char *suffix;   /* "", "_text", "_datetime", "_precision" */
	pk_pg_type type;
	const char *lexical;  /* the literal's, the datatype's name, or NULL:
	                       * the date of *date (its first 10 bytes) */
} pk_pg_typed;

/* The properties (at most 4) the literal lexical^^dt becomes. */
size_t pk_pg_literal(pk_pg_typed out[4], const char *lexical, const char *dt, const char **date);
/* An ISO 8601 duration as Kùzu's interval() reads it ("5 years 2 months"),
 * appended; anything else as it is. */
int pk_pg_duration_kuzu(pk_buf *out, const char *iso);

/* ---- names (export_names.c) ------------------------------------------------------ */

/* The local name of iri, made of [A-Za-z0-9_], appended to out. */
int pk_pg_local(pk_buf *out, const char *iri);
/* The property a literal of p in language lang (or NULL) becomes, with
 * the suffix of a derived property (export_types.c), into out. */
int pk_pg_prop_name(pk_buf *out, const char *p, const char *lang, const char *suffix);
/* The language that makes part of that name: NULL for skos:altLabel (one
 * list, whatever the language) and for none. */
const char *pk_pg_prop_lang(const char *p, const char *lang);

/* What a name is made from: a class, or a predicate with (for a
 * property) the language and the suffix.  Borrowed strings. */
typedef struct pk_pg_source {
	const char *iri;
	const char *lang;     /* NULL: none; compared in any case */
	const char *suffix;   /* NULL or "": none */
} pk_pg_source;

typedef struct pk_pg_naming {
	pk_pg_source src;
	char *name;           /* malloc'd, the caller's: made from src */
	size_t item;          /* the caller's */
} pk_pg_naming;

/* Make the names of v unique to their sources: where sources of other
 * IRIs, languages or suffixes share a name, all but the first (see
 * export_names.c) get a new one (v[i].name freed and replaced), each
 * with a warning naming both sources and kind ("property", "label",
 * "relationship type").  0 or PK_ENOMEM (names then as they were or
 * renamed, all valid). */
int pk_pg_names_resolve(pk_pg_naming *v, size_t n, const char *kind, const pk_diag *diag);

/* ---- the property graph -------------------------------------------------------- */

/* Build the property graph of g (sorting g) from its quads: every triple
 * must have been read from a document (pk_parse_opts.file_document).  The
 * nextra documents extra (the caller's, outliving pg) are among pg->docs
 * too, stating nothing: a writer takes them out of a database.  Names that
 * collide are renamed, each a warning to diag (NULL: stderr). */
int pk_pg_build(pk_pg **out, pk_graph *g, const char *const *extra, size_t nextra,
	const pk_diag *diag);
void pk_pg_free(pk_pg *pg);
/* The value of a PK_PG_INT property. */
long long pk_pg_int(const pk_pg_value *v);

/* ---- writers ------------------------------------------------------------------ */

/* Where a writer puts its output: one stream (stdout or an atomic file),
 * or a directory (built beside the target and swapped in). */
typedef struct pk_export_sink {
	FILE *stream;         /* stream formats */
	pk_outdir *dir;       /* directory formats: open files with pk_outdir_file */
} pk_export_sink;

/* One output format.  Adding a format is one file defining a pk_exporter
 * and one row in export.c's table. */
typedef struct pk_exporter {
	const char *name;     /* as given to --format */
	const char *summary;  /* for --help */
	const char *const *files; /* NULL: writes a stream; else the names of
	                           * the files it writes into a directory */
	int (*write)(pk_export_sink *sink, const pk_pg *pg, const pk_diag *diag);
} pk_exporter;

extern const pk_exporter pk_exporter_cypher;     /* export_cypher.c */
extern const pk_exporter pk_exporter_kuzu;       /* export_cypher.c */
extern const pk_exporter pk_exporter_neo4j_csv;  /* export_neo4j_csv.c */
extern const pk_exporter pk_exporter_kuzu_csv;   /* export_kuzu_csv.c */

/* The exporter called name, or NULL. */
const pk_exporter *pk_export_find(const char *name);

/* ---- Cypher text (export_cypher.c) --------------------------------------------- */

typedef enum pk_cypher_dialect {
	PK_CYPHER_NEO4J = 0,  /* \\ \' \n \r \t \b \f, other controls as \uXXXX */
	PK_CYPHER_KUZU        /* \\ and \' only: Kùzu reads \n as n, so the
	                       * other characters are written as they are */
} pk_cypher_dialect;

/* s as a single-quoted Cypher string literal, appended to out. */
int pk_cypher_quote(pk_buf *out, const char *s, pk_cypher_dialect dialect);
/* name as a backtick-quoted Cypher identifier (` doubled), appended. */
int pk_cypher_name(pk_buf *out, const char *name);

#endif
