/*
 * store_eval_run.c - the steps of store_eval.c run as nested loops over
 * the union index by term ids: each triple pattern's reader binds ids,
 * FILTERs are decided from the index's bytes where that surely agrees
 * with Rasqal (LANG(?v) = "tag", ?v != <iri>) and by Rasqal's own
 * evaluator otherwise, and each row's cells are made once per term and
 * shared, their strings in the answer's arena.
 */
#include "store/store_eval_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- values ------------------------------------------------------------------- */

/* The Rasqal value of term id, made once and kept; NULL on failure. */
static rasqal_literal *pk_sel_lit(pk_sel *ev, uint64_t id)
{
	pk_sel_cached *e = &ev->lits[(id * 0x9E3779B97F4A7C15ULL) >> 52 & (PK_SEL_LITS - 1)];
	rasqal_literal *l;
	librdf_node *n;

	if (e->id == id && e->lit)
		return e->lit;
	if (!(n = pk_lmdb_reader_node(ev->terms, id)))
		return NULL;
	l = pk_store_match_literal(ev->rw, n);
	librdf_free_node(n);
	if (!l)
		return NULL;
	if (e->lit)
		rasqal_free_literal(e->lit);
	e->id = id;
	e->lit = l;
	return l;
}

/* The value of a slot for Rasqal (a new reference, NULL when unbound);
 * *rc PK_ENOMEM when it could not be made. */
static rasqal_literal *pk_sel_value(pk_sel *ev, int slot, int *rc)
{
	pk_sel_val *v = &ev->val[slot];
	rasqal_literal *l = v->lit;

	if (!l && v->id && !(l = pk_sel_lit(ev, v->id)))
		*rc = PK_ENOMEM;
	return l ? rasqal_new_literal_from_literal(l) : NULL;
}

/* e over the slots it uses: its value (ours) or NULL (unbound, an
 * error); *rc < 0 on failure. */
static rasqal_literal *pk_sel_expr(pk_sel *ev, rasqal_expression *e,
	uint64_t uses, int *rc)
{
	rasqal_literal *l;
	int i, err = 0;

	*rc = 0;
	for (i = 0; i < ev->nvars; i++) {
		if (!(uses & ((uint64_t)1 << i)))
			continue;
		l = pk_sel_value(ev, i, rc);
		if (*rc < 0)
			return NULL;
		rasqal_variable_set_value(ev->vars[i], l);
	}
	l = rasqal_expression_evaluate2(e, ev->ec, &err);
	if (err && l) {
		rasqal_free_literal(l);
		l = NULL;
	}
	return l;
}

/* Is slot bound?  *id then its term's id, 0 when the store has none. */
static int pk_sel_id(pk_sel *ev, int slot, uint64_t *id)
{
	pk_sel_val *v = &ev->val[slot];
	librdf_node *n;
	int rc;

	*id = v->id;
	if (v->id || !v->lit)
		return v->id != 0;
	if (!(n = pk_store_match_node(ev->st->world, v->lit)))
		return 1;
	rc = pk_lmdb_reader_term(ev->terms, id, n);
	librdf_free_node(n);
	return rc < 0 ? rc : 1;
}

/* The index's bytes of term id, kept for the next asks (a FILTER's
 * LANG, then the cell). */
static int pk_sel_view(pk_sel *ev, uint64_t id, pk_lmdb_view *v)
{
	pk_sel_viewcache *c = &ev->views[(id * 0x9E3779B97F4A7C15ULL) >> 52 &
		(PK_SEL_VIEWS - 1)];
	int rc;

	if (c->id == id) {
		*v = c->view;
		return 0;
	}
	if ((rc = pk_lmdb_reader_view(ev->terms, id, v)) < 0)
		return rc;
	c->id = id;
	c->view = *v;
	return 0;
}

/* The statements of subject s as a star, read in one walk; NULL when
 * it has more than PK_SEL_STAR (then *rc is 0) or on failure. */
static pk_sel_star *pk_sel_star_of(pk_sel *ev, uint64_t s, int *rc)
{
	pk_sel_star *st = &ev->stars[(s * 0x9E3779B97F4A7C15ULL) >> 58 &
		(PK_SEL_STARS - 1)];
	uint64_t want[3] = { s, 0, 0 }, t[3];
	size_t count;
	int r, c;

	*rc = 0;
	if (st->s == s)
		return st->big ? NULL : st;
	st->s = s;
	st->big = 0;
	st->n = 0;
	r = pk_lmdb_reader_first(ev->star_reader, want, t);
	/* a subject with many statements (an agreement's evidence) is
	 * looked up pattern by pattern, its statements never walked */
	if (r == 1 && ((c = pk_lmdb_reader_count(ev->star_reader, &count)) < 0 ||
	    count > PK_SEL_STAR)) {
		st->big = c == 0;
		st->s = c == 0 ? s : 0;
		*rc = c;
		return NULL;
	}
	for (; r == 1; r = pk_lmdb_reader_next(ev->star_reader, t)) {
		if (st->n == PK_SEL_STAR) {
			st->big = 1;
			return NULL;
		}
		st->po[st->n][0] = t[1];
		st->po[st->n++][1] = t[2];
	}
	if (r < 0) {
		st->s = 0;
		*rc = r;
		return NULL;
	}
	return st;
}

/* A language tag any Rasqal keeps as it is: none, or in lower case
 * (later Rasqals lower-case tags; 0.9.33 keeps them). */
static int pk_sel_lang_plain(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			return 0;
	return 1;
}

/* The cell of Rasqal's value l as librdf made it (NULL: unbound), its
 * strings in the answer's arena. */
static int pk_sel_value_cell(pk_sel *ev, rasqal_literal *l, pk_term *cell)
{
	pk_arena *a = ev->t->strings;
	pk_term tmp;
	librdf_node *n;
	int rc = 0;

	memset(cell, 0, sizeof *cell);
	if (!l || !(n = pk_store_match_node(ev->st->world, l)))
		return 0;
	memset(&tmp, 0, sizeof tmp);
	rc = pk_store_term_set(&tmp, n);
	librdf_free_node(n);
	cell->kind = tmp.kind;
	if (rc == 0 && ((tmp.value && !(cell->value = pk_arena_strndup(a, tmp.value,
	    strlen(tmp.value)))) || (tmp.lang && !(cell->lang = pk_arena_strndup(a,
	    tmp.lang, strlen(tmp.lang)))) || (tmp.datatype && !(cell->datatype =
	    pk_arena_strndup(a, tmp.datatype, strlen(tmp.datatype))))))
		rc = PK_ENOMEM;
	free(tmp.value);
	free(tmp.lang);
	free(tmp.datatype);
	return rc;
}

/* The cell of term id, made once and shared by every row that has it:
 * from the index's bytes where they are what Rasqal's value would give,
 * else (a datatype Rasqal may read, a tag in capitals) through that
 * value; *hash its pk_store_order_cell_hash, kept with it.  0 or < 0. */
static int pk_sel_cell(pk_sel *ev, uint64_t id, pk_term *cell, uint64_t *hash)
{
	pk_sel_cellcache *c = &ev->cells[(id * 0x9E3779B97F4A7C15ULL) >> 48 &
		(PK_SEL_CELLS - 1)];
	rasqal_literal *l;
	pk_lmdb_view v;
	int rc;

	if (c->id == id) {
		*cell = c->term;
		*hash = c->hash;
		return 0;
	}
	if ((rc = pk_sel_view(ev, id, &v)) < 0)
		return rc;
	memset(cell, 0, sizeof *cell);
	if (v.kind == 'L' && (v.dtlen || !pk_sel_lang_plain(v.lang, v.langlen))) {
		if (!(l = pk_sel_lit(ev, id)))
			return PK_ENOMEM;
		if ((rc = pk_sel_value_cell(ev, l, cell)) < 0)
			return rc;
	} else {
		cell->kind = v.kind == 'U' ? PK_TERM_IRI : v.kind == 'B' ?
			PK_TERM_BLANK : PK_TERM_LITERAL;
		if (!(cell->value = pk_arena_strndup(ev->t->strings, v.lex, v.lexlen)) ||
		    (v.langlen && !(cell->lang = pk_arena_strndup(ev->t->strings,
			v.lang, v.langlen))))
			return PK_ENOMEM;
	}
	c->id = id;
	c->term = *cell;
	c->hash = *hash = pk_store_order_cell_hash(cell);
	return 0;
}

/* The id of a constant IRI of an expression, looked up once: 0, 1 when
 * it is no node, < 0 on failure. */
static int pk_sel_const_id(pk_sel *ev, rasqal_literal *l, uint64_t *id)
{
	librdf_node *n;
	int i, rc;

	for (i = 0; i < ev->nconsts; i++)
		if (ev->consts[i].lit == l) {
			*id = ev->consts[i].id;
			return 0;
		}
	if (!(n = pk_store_match_node(ev->st->world, l)))
		return 1;
	rc = pk_lmdb_reader_term(ev->terms, id, n);
	librdf_free_node(n);
	if (rc < 0)
		return rc;
	if (ev->nconsts < PK_SEL_CONSTS) {
		ev->consts[ev->nconsts].lit = l;
		ev->consts[ev->nconsts++].id = *id;
	}
	return 0;
}

/* A FILTER decided from the index's bytes where that surely agrees
 * with Rasqal: 1 true, 0 false or an error (the row goes either way),
 * 2 when Rasqal is to evaluate it, or < 0 on failure.  Only
 * LANG(?v) = "tag", ?v != <iri> and && of such; a BIND's value goes to
 * Rasqal. */
static int pk_sel_fast(pk_sel *ev, rasqal_expression *e)
{
	rasqal_expression *a, *b;
	rasqal_variable *var;
	pk_sel_val *val;
	pk_lmdb_view v;
	uint64_t cid;
	int x, y, rc, slot;

	switch (e->op) {
	case RASQAL_EXPR_AND:
		if ((x = pk_sel_fast(ev, e->arg1)) <= 0)
			return x;
		if ((y = pk_sel_fast(ev, e->arg2)) <= 0)
			return y;
		return x == 1 && y == 1 ? 1 : 2;
	case RASQAL_EXPR_EQ:
	case RASQAL_EXPR_NEQ:
		break;
	default:
		return 2;
	}
	a = e->arg1;
	b = e->arg2;
	if (a && a->op == RASQAL_EXPR_LITERAL && b && b->op != RASQAL_EXPR_LITERAL) {
		a = e->arg2;
		b = e->arg1;
	}
	if (!a || !b || b->op != RASQAL_EXPR_LITERAL || !b->literal ||
	    rasqal_literal_as_variable(b->literal))
		return 2;
	if (e->op == RASQAL_EXPR_EQ && a->op == RASQAL_EXPR_LANG && a->arg1 &&
	    a->arg1->op == RASQAL_EXPR_LITERAL && b->literal->type == RASQAL_LITERAL_STRING &&
	    !b->literal->language && !b->literal->datatype)
		var = rasqal_literal_as_variable(a->arg1->literal);
	else if (e->op == RASQAL_EXPR_NEQ && a->op == RASQAL_EXPR_LITERAL &&
	    b->literal->type == RASQAL_LITERAL_URI)
		var = rasqal_literal_as_variable(a->literal);
	else
		return 2;
	if (!var || (slot = pk_sel_slot(ev, var)) < 0)
		return 2;
	val = &ev->val[slot];
	if (val->lit)
		return 2;
	if (!val->id)
		return 0;   /* unbound: an error */
	if ((rc = pk_sel_view(ev, val->id, &v)) < 0)
		return rc;
	if (e->op == RASQAL_EXPR_NEQ) {
		if (v.kind != 'U')
			return 2;
		if ((rc = pk_sel_const_id(ev, b->literal, &cid)) != 0)
			return rc < 0 ? rc : 2;
		return val->id != cid;
	}
	if (v.kind != 'L')
		return 0;   /* LANG of an IRI: an error */
	if (!pk_sel_lang_plain(v.lang, v.langlen))
		return 2;
	return v.langlen == b->literal->string_len &&
		memcmp(v.lang, b->literal->string, v.langlen) == 0;
}

/* ---- running ----------------------------------------------------------------- */

/* COALESCE(?a, ?b, ...)'s cell: the first bound variable's own cell,
 * which is what Rasqal's copy of its value gives; an argument that is no
 * variable evaluated by Rasqal, the first with a value taken. */
static int pk_sel_coalesce_cell(pk_sel *ev, rasqal_expression *e, uint64_t uses,
	pk_term *cell, uint64_t *hash)
{
	rasqal_expression *a;
	rasqal_variable *var;
	rasqal_literal *l;
	pk_sel_val *v;
	int i, n, slot, rc = 0;

	n = e->args ? raptor_sequence_size(e->args) : 0;
	for (i = 0; i < n; i++) {
		a = raptor_sequence_get_at(e->args, i);
		var = a && a->op == RASQAL_EXPR_LITERAL && a->literal ?
			rasqal_literal_as_variable(a->literal) : NULL;
		if (var && (slot = pk_sel_slot(ev, var)) >= 0) {
			v = &ev->val[slot];
			if (v->id)
				return pk_sel_cell(ev, v->id, cell, hash);
			if (v->lit) {
				rc = pk_sel_value_cell(ev, v->lit, cell);
				*hash = pk_store_order_cell_hash(cell);
				return rc;
			}
			continue;   /* unbound: an error, the next one */
		}
		l = a ? pk_sel_expr(ev, a, uses, &rc) : NULL;
		if (rc < 0 || l) {
			if (rc >= 0)
				rc = pk_sel_value_cell(ev, l, cell);
			if (l)
				rasqal_free_literal(l);
			*hash = pk_store_order_cell_hash(cell);
			return rc;
		}
	}
	*hash = pk_store_order_cell_hash(cell);
	return 0;
}

/* The row of the slots' values, as the projection names them; for
 * DISTINCT, its hash from its cells' (a term's kept with its cell). */
static int pk_sel_emit(pk_sel *ev)
{
	rasqal_literal *l;
	pk_sel_val *v;
	pk_term *row;
	uint64_t h = 0, ch;
	int c, rc = 0;

	if ((rc = pk_store_table_add_row(ev->t, &ev->tcap, &row)) < 0)
		return rc;
	for (c = 0; c < ev->ncols && rc >= 0; c++) {
		v = ev->col_slot[c] >= 0 ? &ev->val[ev->col_slot[c]] : NULL;
		if (v && v->id) {
			rc = pk_sel_cell(ev, v->id, &row[c], &ch);
		} else if (!v && ev->col_expr[c]->op == RASQAL_EXPR_COALESCE) {
			rc = pk_sel_coalesce_cell(ev, ev->col_expr[c], ev->col_uses[c],
				&row[c], &ch);
		} else {
			if (v || ev->col_expr[c]) {
				l = v ? (v->lit ? rasqal_new_literal_from_literal(v->lit) :
					NULL) : pk_sel_expr(ev, ev->col_expr[c], ev->col_uses[c], &rc);
				if (rc >= 0)
					rc = pk_sel_value_cell(ev, l, &row[c]);
				if (l)
					rasqal_free_literal(l);
			}
			ch = pk_store_order_cell_hash(&row[c]);
		}
		h = pk_store_order_row_step(h, ch);
	}
	if (rc < 0)
		return rc;
	return ev->order && (rc = pk_store_order_keep_hashed(ev->order, ev->t, h)) < 0 ?
		rc : 0;
}

/* ?s <p> ?o (o bound or, when bind_o, not) over s's star: its objects
 * for p, in the order a lookup gives them, each run on.  They are
 * copied first: a step further in may read another star into its slot. */
static int pk_sel_star_run(pk_sel *ev, int i, const pk_sel_star *star,
	const uint64_t want[3], int bind_o)
{
	uint64_t objs[PK_SEL_STAR];
	size_t k, n = 0;
	int slot = ev->steps[i].var[2], rc = 0;

	for (k = 0; k < star->n; k++)
		if (star->po[k][0] == want[1] && (!want[2] || star->po[k][1] == want[2]))
			objs[n++] = star->po[k][1];
	for (k = 0; k < n && rc >= 0; k++) {
		if (pk_store_match_expired(&ev->st->match, 0))
			break;
		if (bind_o)
			ev->val[slot].id = objs[k];
		rc = pk_sel_run(ev, i + 1);
	}
	if (bind_o)
		ev->val[slot].id = 0;
	return rc;
}

/* A triple pattern's matches, each run on with its variables bound. */
static int pk_sel_triple_run(pk_sel *ev, int i)
{
	pk_sel_step *s = &ev->steps[i];
	uint64_t want[3], t[3];
	int bind[3] = { 0, 0, 0 }, j, r = 0, rc = 0, ranged;
	pk_sel_star *star;
	size_t k;

	if (s->absent)
		return 0;
	for (j = 0; j < 3; j++) {
		if (s->var[j] < 0) {
			want[j] = s->id[j];
			continue;
		}
		if ((r = pk_sel_id(ev, s->var[j], &want[j])) < 0)
			return r;
		if (r && !want[j])
			return 0;   /* bound to a term no statement has */
		bind[j] = !r;
	}
	/* ?s <p> ?o with ?s bound: from the subject's star when it has one */
	if (!bind[0] && s->var[1] < 0 && (star = pk_sel_star_of(ev, want[0], &rc)))
		return pk_sel_star_run(ev, i, star, want, bind[2]);
	if (rc < 0)
		return rc;
	/* over the date range: one lookup per date, in the index's order */
	ranged = s->narrow && bind[0] && bind[2] && ev->range;
	if (ranged)
		ev->st->match.narrowed++;
	for (k = 0; rc >= 0 && k < (ranged ? ev->nrange : 1); k++) {
		if (ranged)
			want[2] = ev->range[k];
		for (r = pk_lmdb_reader_first(s->ids, want, t); r == 1;
		    r = pk_lmdb_reader_next(s->ids, t)) {
			if (pk_store_match_expired(&ev->st->match, 0))
				break;
			for (j = 0; j < 3; j++)
				if (bind[j])
					ev->val[s->var[j]].id = t[j];
			if ((rc = pk_sel_run(ev, i + 1)) < 0)
				break;
		}
		if (r < 0)
			rc = r;
	}
	for (j = 0; j < 3; j++)
		if (bind[j])
			ev->val[s->var[j]].id = 0;
	return rc;
}

int pk_sel_run(pk_sel *ev, int i)
{
	pk_sel_step *s = &ev->steps[i];
	rasqal_literal *l;
	unsigned long saved, hits;
	int j, rc = 0, yes;

	switch (s->kind) {
	case PK_SEL_TRIPLE:
		return pk_sel_triple_run(ev, i);
	case PK_SEL_FILTER:
		if ((yes = pk_sel_fast(ev, s->expr)) < 0)
			return yes;
		if (yes != 2)
			return yes ? pk_sel_run(ev, i + 1) : 0;
		l = pk_sel_expr(ev, s->expr, s->uses, &rc);
		yes = l && l->type == RASQAL_LITERAL_BOOLEAN && l->value.integer;
		if (l)
			rasqal_free_literal(l);
		return rc < 0 ? rc : yes ? pk_sel_run(ev, i + 1) : 0;
	case PK_SEL_LET:
		/* an error leaves the variable unbound, as SPARQL says */
		l = pk_sel_expr(ev, s->expr, s->uses, &rc);
		if (rc < 0)
			return rc;
		ev->val[s->slot].lit = l;
		rc = pk_sel_run(ev, i + 1);
		ev->val[s->slot].lit = NULL;
		if (l)
			rasqal_free_literal(l);
		return rc;
	case PK_SEL_OPTIONAL:
		saved = s->hits;
		s->hits = 0;
		rc = pk_sel_run(ev, s->first);
		hits = ev->steps[i].hits;
		ev->steps[i].hits = saved;
		if (rc >= 0 && !hits)
			rc = pk_sel_run(ev, ev->steps[i].next);
		return rc;
	case PK_SEL_UNION:
		for (j = 0; j < s->nbranch && rc >= 0; j++)
			rc = pk_sel_run(ev, ev->branches[s->first + j]);
		return rc;
	case PK_SEL_CONT:
		if (s->owner >= 0)
			ev->steps[s->owner].hits++;
		return pk_sel_run(ev, s->next);
	case PK_SEL_EMIT:
		return pk_sel_emit(ev);
	}
	return 0;
}
