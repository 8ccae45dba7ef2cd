/*
 * store_eval_int.h - what store_eval.c (the query's shape compiled to
 * steps) and store_eval_run.c (the steps run on term ids) share.  No
 * other file includes it.
 */
#ifndef PK_STORE_EVAL_INT_H
#define PK_STORE_EVAL_INT_H

#include "store/store_int.h"

#define PK_SEL_VARS 64        /* variables of one query (a bit each) */
#define PK_SEL_LITS 4096      /* id -> Rasqal value slots (a power of 2) */
#define PK_SEL_CONSTS 16      /* constant IRIs of FILTERs, by id */
#define PK_SEL_CELLS 65536    /* id -> answer cell slots (a power of 2) */
#define PK_SEL_VIEWS 4096     /* id -> the index's bytes of the term */
#define PK_SEL_STAR 32        /* a subject's statements read in one go, at most */
#define PK_SEL_STARS 64       /* subjects so read, kept (a power of 2) */

typedef enum pk_sel_kind {
	PK_SEL_TRIPLE,
	PK_SEL_FILTER,
	PK_SEL_LET,
	PK_SEL_OPTIONAL,
	PK_SEL_UNION,
	PK_SEL_CONT,      /* the end of an OPTIONAL's or a branch's steps */
	PK_SEL_EMIT
} pk_sel_kind;

typedef struct pk_sel_step {
	pk_sel_kind kind;
	int var[3];              /* TRIPLE: s p o's variable slots; -1: constant */
	uint64_t id[3];          /* TRIPLE: the constants' ids */
	int absent;              /* TRIPLE: a constant no statement has */
	int narrow;              /* TRIPLE: may be read over the date range */
	pk_lmdb_reader *ids;        /* TRIPLE: its reader */
	rasqal_expression *expr; /* FILTER, LET */
	uint64_t uses;           /* FILTER, LET: the slots expr reads */
	int slot;                /* LET */
	int first;               /* OPTIONAL: its steps' first; UNION: branches[] */
	int nbranch;             /* UNION */
	int next;                /* OPTIONAL, UNION: the step after; CONT: where on */
	int owner;               /* CONT: the OPTIONAL it ends, or -1 */
	unsigned long hits;      /* OPTIONAL: rows its steps let through */
} pk_sel_step;

typedef struct pk_sel_val {
	uint64_t id;             /* 0: none (unbound, or a BIND's value) */
	rasqal_literal *lit;     /* a BIND's value, ours */
} pk_sel_val;

typedef struct pk_sel_cached {
	uint64_t id;
	rasqal_literal *lit;
} pk_sel_cached;

typedef struct pk_sel_cellcache {
	uint64_t id;
	pk_term term;            /* its strings in the answer's arena */
	uint64_t hash;           /* pk_store_order_cell_hash(&term) */
} pk_sel_cellcache;

typedef struct pk_sel_viewcache {
	uint64_t id;
	pk_lmdb_view view;       /* valid while the read transaction lasts */
} pk_sel_viewcache;

/* A subject's statements, (p, o) in the index's order: the patterns
 * ?s <p> ?o of one bound subject, one after another (a star), read in
 * one walk of its entries instead of a lookup each. */
typedef struct pk_sel_star {
	uint64_t s;              /* 0: empty */
	int big;                 /* more than PK_SEL_STAR: looked up instead */
	size_t n;
	uint64_t po[PK_SEL_STAR][2];
} pk_sel_star;

typedef struct pk_sel {
	pk_store *st;
	rasqal_world *rw;
	rasqal_query *rq;
	const char *text;
	pk_sel_step *steps;
	int nsteps, cap;
	int *branches;
	int nbranches, capb;
	rasqal_variable *vars[PK_SEL_VARS];
	int nvars;
	uint64_t seen;           /* compiling: the slots named so far */
	pk_sel_val val[PK_SEL_VARS];
	pk_lmdb_reader *terms;      /* lookups of terms and nodes */
	uint64_t *range;         /* the date range's objects' ids, in order */
	size_t nrange;
	pk_sel_cached *lits;       /* PK_SEL_LITS */
	pk_sel_cellcache *cells;  /* PK_SEL_CELLS */
	pk_sel_viewcache *views;  /* PK_SEL_VIEWS */
	pk_sel_star *stars;       /* PK_SEL_STARS */
	pk_lmdb_reader *star_reader;
	rasqal_evaluation_context *ec;
	struct { rasqal_literal *lit; uint64_t id; } consts[PK_SEL_CONSTS];
	int nconsts;
	/* the answer */
	pk_table *t;
	size_t tcap;
	pk_store_order *order;
	int ncols;
	int *col_slot;           /* a projected variable's slot, or -1 */
	rasqal_expression **col_expr;
	uint64_t *col_uses;
} pk_sel;

/* store_eval.c: the slot of variable v (added when new), -1 when it has
 * none (too many, or a second Rasqal variable of one name). */
int pk_sel_slot(pk_sel *ev, rasqal_variable *v);
/* store_eval_run.c: run the steps from step i on: 0 or < 0. */
int pk_sel_run(pk_sel *ev, int i);

#endif
