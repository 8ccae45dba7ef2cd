/*
 * ruleset_int.h - what the files of the ruleset loader share, and nothing
 * outside them includes: the sections a rule file is parsed into, the
 * loader's state, and the functions one job (parsing, building, macros,
 * triggers, checks) offers the others.
 *
 * ruleset_parse.c   the section parser, the directory walk, key helpers
 * ruleset_build.c   one builder per section kind (entity ... meta)
 * ruleset_macro.c   @{MACRO} expansion, alternations, pattern compilation
 * ruleset_trigger.c a rule's trigger words into the ruleset's trie
 * ruleset_check.c   duplicate ids and references between entries
 * ruleset.c         pk_ruleset_load in that order, lookups, pk_ruleset_free
 *
 * Every builder reports a problem of the rules with pk_ruleset_error
 * (FILE:LINE, counted in ld->errors) and goes on; a negative return is
 * out of memory only, and stops the load.
 */
#ifndef PK_RULESET_INT_H
#define PK_RULESET_INT_H

#include "pipeline/ruleset.h"

#define PK_MACRO_DEPTH 16

typedef struct pk_kv {
	char *key;
	char *value;
	int line;
	int used;
} pk_kv;

typedef struct pk_section {
	char *kind;
	char *id;   /* may be NULL ([particles]) */
	const char *file;
	int line;
	pk_kv *kv;
	size_t nkv;
} pk_section;

typedef struct pk_loader {
	pk_ruleset *rs;
	const pk_diag *diag;
	int errors;
	char **files;        /* owned paths, for section->file */
	size_t nfiles;
	pk_section *sec;
	size_t nsec;
	size_t cap;
	size_t entity_cap;   /* room in rs->entities (grown by doubling) */
	size_t *defs;        /* indexes of the [define] sections, in order: */
	size_t ndefs;        /* a gazetteer has 100,000 other sections */
	int defs_ready;
	pk_buf *tclauses;    /* per trigger clause: its words, sorted, each */
	size_t ntclauses;    /* NUL-terminated, one after the other */
	size_t tclauses_cap;
	/* each macro's expansion, made once (@{TITLE} sorted and wrote 500
	 * forms at each of its uses), by name; only whole ones are kept */
	char **mnames;
	pk_buf *mtexts;
	size_t nmacros;
	size_t macros_cap;
} pk_loader;

/* ruleset_parse.c */
void pk_ruleset_error(pk_loader *ld, const char *file, int line,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Read dir (a directory walked for *.rules and *.gaz, or one file) into
 * ld->sec, files in byte order of their paths. */
int pk_ruleset_read(pk_loader *ld, const char *dir);
void pk_section_clear(pk_section *s);
/* The value of key (the last if given twice), marked used; NULL if none. */
pk_kv *pk_section_get(pk_section *s, const char *key);
const char *pk_section_str(pk_section *s, const char *key);
int pk_section_int(pk_loader *ld, pk_section *s, const char *key, int def, int *out);
void pk_section_check_keys(pk_loader *ld, pk_section *s);
int pk_ruleset_split(char ***out, size_t *n, const char *value);
void pk_strv_free(char **v, size_t n);

/* ruleset_build.c: each adds one section's entry to ld->rs */
int pk_ruleset_add_entity(pk_loader *ld, pk_section *s);
int pk_ruleset_add_title(pk_loader *ld, pk_section *s);
int pk_ruleset_add_particles(pk_loader *ld, pk_section *s);
int pk_ruleset_add_lexicon(pk_loader *ld, pk_section *s);
int pk_ruleset_add_rule(pk_loader *ld, pk_section *s);
int pk_ruleset_add_boiler(pk_loader *ld, pk_section *s);
int pk_ruleset_add_meta(pk_loader *ld, pk_section *s);

/* ruleset_macro.c */
typedef struct pk_words {
	char **v;
	size_t n;
	size_t cap;
} pk_words;

void pk_words_free(pk_words *w);
int pk_words_push(pk_words *w, const char *s, size_t len);
/* The placeholder range of a mask macro (ORG, ACTOR ...); 0 if name is none. */
int pk_ruleset_mask_range(const char *name, uint32_t *lo, uint32_t *hi);
int pk_ruleset_macro_forms(const pk_ruleset *rs, const char *name,
	char ***forms, size_t *n);
/* options: PCRE2 compile options beyond PCRE2_UTF | PCRE2_UCP; jit: make
 * its JIT code now (a rule's is made on first use instead) */
int pk_ruleset_compile(pcre2_code **out, pk_loader *ld, pk_section *s,
	const char *key, uint32_t options, int jit);

/* ruleset_trigger.c */
int pk_ruleset_add_trigger(pk_loader *ld, pk_section *s, pk_rule *r);

/* ruleset_check.c */
int pk_ruleset_index_entities(pk_ruleset *rs);
int pk_ruleset_check_refs(pk_loader *ld);

#endif
