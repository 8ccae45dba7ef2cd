/*
 * eval.h - the evaluation's stages, each usable alone (the unit tests drive
 * them one at a time): facts read from a gold file, facts read off one
 * document's graph, and the one-to-one matching that counts them.
 *
 * A pk_eval_facts owns its facts and every string in them;
 * pk_eval_facts_clear() releases them all.
 */
#ifndef PK_EVAL_H
#define PK_EVAL_H

#include "rdf/triples.h"
#include "base/util.h"

#define PK_EVAL_MAX_KEYS 8

/* The values of one key: one, or a set (parties=mofa, msit); an extracted
 * person has all its labels.  n == 0: not given. */
typedef struct pk_eval_value {
	char **v;
	size_t n;
} pk_eval_value;

typedef struct pk_eval_fact {
	pk_eval_type type;
	pk_eval_value key[PK_EVAL_MAX_KEYS]; /* by the key's place in its type's table */
	char *where;    /* gold: "FILE:LINE" */
	char *line;     /* gold: the line as written, evidence and all */
	char *evidence; /* gold: the evidence= text, or NULL */
	char *rule;     /* extracted: the rule behind it, or "gazetteer", "header",
	                 * "no evidence" */
	int matched;
} pk_eval_fact;

typedef struct pk_eval_facts {
	pk_eval_fact *v;
	size_t n;
	size_t cap;
	/* gold: the ids of actors not in the gazetteer and the names the gold
	 * gives them (actor ID | name=NAME), parallel; such an id matches an
	 * extracted actor whose name overlaps NAME */
	pk_eval_value alias_id, alias_name;
} pk_eval_facts;

#define PK_EVAL_FACTS_INIT { NULL, 0, 0, { NULL, 0 }, { NULL, 0 } }

void pk_eval_facts_clear(pk_eval_facts *fs);

/* Append the facts of a gold file (name is for messages).  Values are
 * normalized like article text.  Every bad line is reported as
 * "FILE:LINE: message" and left out; PK_EINPUT if there was any. */
int pk_eval_gold_parse(pk_eval_facts *out, const char *name, const char *text,
	size_t len, const pk_diag *diag);
int pk_eval_gold_read(pk_eval_facts *out, const char *path, const pk_diag *diag);

/* Append the facts of g, the graph of one document. */
int pk_eval_graph_facts(pk_eval_facts *out, pk_graph *g);

/* Match found with gold one-to-one: each gold fact, in file order, takes
 * the first unmatched found fact that fits it.  Adds the counts to tot;
 * when fps / fns are not NULL, appends a line for each false positive
 * (named by input) / false negative. */
int pk_eval_match(pk_eval_totals *tot, pk_eval_facts *found, pk_eval_facts *gold,
	pk_buf *fps, pk_buf *fns, const char *input);

/* The fact as a gold line ("position person=... | title=... | org=..."). */
int pk_eval_fact_format(pk_buf *out, const pk_eval_fact *f);

/* What one input got wrong, as a known file lists it: a "miss GOLD-LINE"
 * line per false negative, then a "false FACT" line per false positive,
 * after pk_eval_match has marked found and gold. */
int pk_eval_known_lines(pk_buf *out, const pk_eval_facts *found, const pk_eval_facts *gold);

/* Compare the lines of pk_eval_known_lines (now) with those of a known
 * file (known, NULL: none), as multisets: each line only in now is
 * appended to drift as "  INPUT: new LINE", each only in known as
 * "  INPUT: no longer LINE".  *ndrift gets how many. */
int pk_eval_known_diff(pk_buf *drift, size_t *ndrift, const char *now, const char *known,
	const char *input);

#endif
