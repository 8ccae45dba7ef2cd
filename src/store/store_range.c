/*
 * store_range.c - a range of dates read off a query, for the date index
 * (store_lmdb_dates.c): `events --param from=... --param to=...` read
 * the start of every event in the store and let the FILTER drop most
 * (issue 16: 1-1.5 s at 10M quads).
 *
 * The filters of the query's outer group are read as conditions on a
 * variable ?v: each filter must hold for a row to stay, so when every
 * row they keep has ?v an xsd:date (DATATYPE(?v) = xsd:date) within a
 * bound (?v >= "2024-01-01"^^xsd:date, ?v = D, ?v <= ?to where a BIND of that
 * group gives ?to a date, as --param does; `A || B` where A is
 * !BOUND(?x) of such a variable counts as B), and ?v is the object of
 * exactly one triple pattern of the query, ?s <p> ?v in that group's
 * basic patterns, bound nowhere else, then that pattern need only read
 * the xsd:date objects the index has in the range (store_match.c).
 * The rows it no longer yields are rows the filters drop (a row's ?v is
 * the one that pattern gave it), and the others come in the order the
 * whole predicate gives them (by the objects' ids), so the answer is
 * the same bytes as the scan's.  Anything else in a filter counts for
 * nothing: the filter still runs, so a condition missed only costs the
 * reading it would have saved.
 */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

#define PK_RANGE_XSD_DATE "http://www.w3.org/2001/XMLSchema#date"

/* What an expression being true says of ?v. */
typedef struct pk_range_cond {
	int never;          /* it is never true */
	int date;           /* ?v is an xsd:date */
	const char *lo, *hi;   /* YYYY-MM-DD bounds, inclusive; NULL: none */
} pk_range_cond;

/* What the outer group says. */
typedef struct pk_range_query {
	rasqal_graph_pattern *top;
	const char *var;    /* ?v */
} pk_range_query;

static int pk_range_is_var(rasqal_expression *e, const char *name)
{
	rasqal_variable *v;

	if (!e || e->op != RASQAL_EXPR_LITERAL || !e->literal)
		return 0;
	v = rasqal_literal_as_variable(e->literal);
	return v && v->name && strcmp((const char *)v->name, name) == 0;
}

static int pk_range_uses(rasqal_graph_pattern *gp, const char *name);

/* The constant a BIND of the outer group gives variable name, if any,
 * and nothing else binds. */
static rasqal_literal *pk_range_let(const pk_range_query *q, const char *name)
{
	rasqal_graph_pattern *gp;
	rasqal_expression *e;
	rasqal_variable *v;
	int i;

	for (i = 0; (gp = rasqal_graph_pattern_get_sub_graph_pattern(q->top, i)); i++) {
		if (rasqal_graph_pattern_get_operator(gp) != RASQAL_GRAPH_PATTERN_OPERATOR_LET)
			continue;
		v = rasqal_graph_pattern_get_variable(gp);
		e = rasqal_graph_pattern_get_filter_expression(gp);
		if (v && v->name && strcmp((const char *)v->name, name) == 0 && e &&
		    e->op == RASQAL_EXPR_LITERAL && e->literal &&
		    !rasqal_literal_as_variable(e->literal))
			return pk_range_uses(q->top, name) == 1 ? e->literal : NULL;
	}
	return NULL;
}

/* The YYYY-MM-DD date e stands for: an xsd:date constant, or a variable
 * a BIND of the group gives one; NULL when it is not one. */
static const char *pk_range_date(const pk_range_query *q, rasqal_expression *e)
{
	rasqal_literal *l;
	rasqal_variable *v;
	const char *s;

	if (!e || e->op != RASQAL_EXPR_LITERAL || !(l = e->literal))
		return NULL;
	if ((v = rasqal_literal_as_variable(l)) != NULL)
		l = v->name ? pk_range_let(q, (const char *)v->name) : NULL;
	if (!l || l->type != RASQAL_LITERAL_DATE)
		return NULL;
	s = (const char *)rasqal_literal_as_string(l);
	return s && pk_date_valid(s) ? s : NULL;
}

/* Is e the IRI xsd:date? */
static int pk_range_is_xsd_date(rasqal_expression *e)
{
	raptor_uri *u;

	if (!e || e->op != RASQAL_EXPR_LITERAL || !e->literal ||
	    e->literal->type != RASQAL_LITERAL_URI || !(u = e->literal->value.uri))
		return 0;
	return strcmp((const char *)raptor_uri_as_string(u), PK_RANGE_XSD_DATE) == 0;
}

static const char *pk_range_max(const char *a, const char *b)
{
	return !a ? b : !b ? a : strcmp(a, b) >= 0 ? a : b;
}

static const char *pk_range_min(const char *a, const char *b)
{
	return !a ? b : !b ? a : strcmp(a, b) <= 0 ? a : b;
}

/* Both hold. */
static pk_range_cond pk_range_and(pk_range_cond a, pk_range_cond b)
{
	pk_range_cond c;

	c.never = a.never || b.never;
	c.date = a.date || b.date;
	c.lo = pk_range_max(a.lo, b.lo);
	c.hi = pk_range_min(a.hi, b.hi);
	return c;
}

/* One of them holds. */
static pk_range_cond pk_range_or(pk_range_cond a, pk_range_cond b)
{
	pk_range_cond c;

	if (a.never)
		return b;
	if (b.never)
		return a;
	c.never = 0;
	c.date = a.date && b.date;
	c.lo = a.lo && b.lo ? pk_range_min(a.lo, b.lo) : NULL;
	c.hi = a.hi && b.hi ? pk_range_max(a.hi, b.hi) : NULL;
	return c;
}

/* What e being true says of q->var. */
static pk_range_cond pk_range_read(const pk_range_query *q, rasqal_expression *e)
{
	pk_range_cond c = { 0, 0, NULL, NULL };
	rasqal_variable *v;
	const char *d;
	int fwd;

	if (!e)
		return c;
	switch (e->op) {
	case RASQAL_EXPR_AND:
		return pk_range_and(pk_range_read(q, e->arg1), pk_range_read(q, e->arg2));
	case RASQAL_EXPR_OR:
		return pk_range_or(pk_range_read(q, e->arg1), pk_range_read(q, e->arg2));
	case RASQAL_EXPR_BANG:
		/* !BOUND(?x) of a variable the group's BIND gives a constant */
		if (e->arg1 && e->arg1->op == RASQAL_EXPR_BOUND && e->arg1->arg1 &&
		    e->arg1->arg1->op == RASQAL_EXPR_LITERAL && e->arg1->arg1->literal &&
		    (v = rasqal_literal_as_variable(e->arg1->arg1->literal)) != NULL &&
		    v->name && pk_range_let(q, (const char *)v->name))
			c.never = 1;
		return c;
	case RASQAL_EXPR_EQ:
		if (e->arg1 && e->arg1->op == RASQAL_EXPR_DATATYPE &&
		    pk_range_is_var(e->arg1->arg1, q->var) && pk_range_is_xsd_date(e->arg2))
			c.date = 1;
		else if (e->arg2 && e->arg2->op == RASQAL_EXPR_DATATYPE &&
		    pk_range_is_var(e->arg2->arg1, q->var) && pk_range_is_xsd_date(e->arg1))
			c.date = 1;
		/* ?v = D: the range of one day */
		else if ((pk_range_is_var(e->arg1, q->var) && (d = pk_range_date(q, e->arg2))) ||
		    (pk_range_is_var(e->arg2, q->var) && (d = pk_range_date(q, e->arg1))))
			c.lo = c.hi = d;
		return c;
	case RASQAL_EXPR_GE:
	case RASQAL_EXPR_GT:
	case RASQAL_EXPR_LE:
	case RASQAL_EXPR_LT:
		/* ?v >= D is a floor, D >= ?v a ceiling; < and > bound as
		 * <= and >= do (the filter itself takes the end off) */
		fwd = e->op == RASQAL_EXPR_GE || e->op == RASQAL_EXPR_GT;
		if (pk_range_is_var(e->arg1, q->var) && (d = pk_range_date(q, e->arg2))) {
			if (fwd)
				c.lo = d;
			else
				c.hi = d;
		} else if (pk_range_is_var(e->arg2, q->var) &&
		    (d = pk_range_date(q, e->arg1))) {
			if (fwd)
				c.hi = d;
			else
				c.lo = d;
		}
		return c;
	default:
		return c;
	}
}

/* ---- where the variable is bound ------------------------------------------------- */

static int pk_range_names(rasqal_literal *l, const char *name)
{
	rasqal_variable *v = l ? rasqal_literal_as_variable(l) : NULL;

	return v && v->name && strcmp((const char *)v->name, name) == 0;
}

/* How often name is in a triple pattern or bound by a BIND under gp;
 * -1 when gp holds what this file does not read (a subquery, SERVICE,
 * MINUS). */
static int pk_range_uses(rasqal_graph_pattern *gp, const char *name)
{
	rasqal_graph_pattern *sub;
	rasqal_variable *v;
	rasqal_triple *t;
	int i, n = 0, k;

	switch (rasqal_graph_pattern_get_operator(gp)) {
	case RASQAL_GRAPH_PATTERN_OPERATOR_SELECT:
	case RASQAL_GRAPH_PATTERN_OPERATOR_SERVICE:
	case RASQAL_GRAPH_PATTERN_OPERATOR_MINUS:
	case RASQAL_GRAPH_PATTERN_OPERATOR_UNKNOWN:
		return -1;
	case RASQAL_GRAPH_PATTERN_OPERATOR_LET:
		v = rasqal_graph_pattern_get_variable(gp);
		n = v && v->name && strcmp((const char *)v->name, name) == 0;
		break;
	default:
		break;
	}
	for (i = 0; (t = rasqal_graph_pattern_get_triple(gp, i)); i++)
		n += pk_range_names(t->subject, name) + pk_range_names(t->predicate, name) +
			pk_range_names(t->object, name) + pk_range_names(t->origin, name);
	for (i = 0; (sub = rasqal_graph_pattern_get_sub_graph_pattern(gp, i)); i++) {
		if ((k = pk_range_uses(sub, name)) < 0)
			return -1;
		n += k;
	}
	return n;
}

/* The condition the outer group's filters put on q->var. */
static pk_range_cond pk_range_filters(const pk_range_query *q)
{
	pk_range_cond c = { 0, 0, NULL, NULL };
	rasqal_graph_pattern *gp;
	int i;

	c = pk_range_and(c, pk_range_read(q,
		rasqal_graph_pattern_get_filter_expression(q->top)));
	for (i = 0; (gp = rasqal_graph_pattern_get_sub_graph_pattern(q->top, i)); i++)
		if (rasqal_graph_pattern_get_operator(gp) == RASQAL_GRAPH_PATTERN_OPERATOR_FILTER)
			c = pk_range_and(c, pk_range_read(q,
				rasqal_graph_pattern_get_filter_expression(gp)));
	return c;
}

/* ---- the plan --------------------------------------------------------------------- */

void pk_store_range_clear(pk_store_range *r)
{
	free(r->predicate);
	free(r->var);
	pk_store_lmdb_dates_free(r->objs, r->nobjs);
	memset(r, 0, sizeof *r);
}

/* The range of triple t of the outer group, into r when it has one. */
static int pk_range_triple(pk_store_range *r, pk_range_query *q,
	librdf_storage *storage, rasqal_triple *t)
{
	rasqal_variable *s, *o;
	pk_range_cond c;
	int rc;

	s = t->subject ? rasqal_literal_as_variable(t->subject) : NULL;
	o = t->object ? rasqal_literal_as_variable(t->object) : NULL;
	if (!s || !o || s == o || !o->name || t->origin || !t->predicate ||
	    t->predicate->type != RASQAL_LITERAL_URI)
		return 0;
	if (pk_range_uses(q->top, (const char *)o->name) != 1)
		return 0;
	q->var = (const char *)o->name;
	c = pk_range_filters(q);
	if (c.never || !c.date || (!c.lo && !c.hi))
		return 0;
	rc = pk_store_lmdb_dates(&r->objs, &r->nobjs, storage, c.lo, c.hi);
	if (rc != 0)
		return 0;   /* no date index: read every date, as before */
	r->predicate = pk_strdup((const char *)raptor_uri_as_string(
		t->predicate->value.uri));
	r->var = pk_strdup((const char *)o->name);
	if (!r->predicate || !r->var) {
		pk_store_range_clear(r);
		return PK_ENOMEM;
	}
	return 1;
}

int pk_store_range_plan(pk_store *st, rasqal_query *rq, librdf_model *model)
{
	pk_range_query q;
	rasqal_graph_pattern *gp;
	rasqal_triple *t;
	int i, j, rc;

	pk_store_range_clear(&st->match.range);
	st->match.narrowed = 0;
	/* only the directory store's union index has the date index */
	if (!rq || st->backend != &pk_store_backend_dir || model != st->ix.uni ||
	    !st->ix.ustorage)
		return 0;
	memset(&q, 0, sizeof q);
	q.top = rasqal_query_get_query_graph_pattern(rq);
	if (!q.top || rasqal_graph_pattern_get_operator(q.top) !=
	    RASQAL_GRAPH_PATTERN_OPERATOR_GROUP)
		return 0;
	for (i = 0; (gp = rasqal_graph_pattern_get_sub_graph_pattern(q.top, i)); i++) {
		if (rasqal_graph_pattern_get_operator(gp) != RASQAL_GRAPH_PATTERN_OPERATOR_BASIC)
			continue;
		for (j = 0; (t = rasqal_graph_pattern_get_triple(gp, j)); j++)
			if ((rc = pk_range_triple(&st->match.range, &q, st->ix.ustorage, t)) != 0)
				return rc < 0 ? rc : 0;
	}
	return 0;
}
