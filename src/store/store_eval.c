/*
 * store_eval.c - the common shape of a SELECT run on term ids instead of
 * through Rasqal's engine (issue 16: the unbound canned queries took 2-17
 * s at 10M quads, most of it Rasqal making, copying and freeing a value
 * for every triple read, and librdf a node and a statement).
 *
 * The shape: a group of triple patterns, OPTIONALs, UNIONs of groups,
 * BINDs and FILTERs (any expression Rasqal evaluates but EXISTS and the
 * aggregates), VALUES only as params.c writes a parameter not given,
 * and a projection of variables and such expressions; no GRAPH, no
 * subquery, no MINUS, SERVICE, LIMIT or OFFSET, and an ORDER BY and
 * DISTINCT that store_order.c does on the table.  Anything else goes to
 * Rasqal, as before.
 *
 * The group is compiled to a list of steps run as nested loops, each
 * triple pattern a reader of the union index (store_lmdb_read.c) that
 * binds term ids: the matches come in the order librdf's stream gave
 * Rasqal, and each pattern runs where Rasqal ran it, so the rows arrive
 * in Rasqal's order and the sort, stable, gives the same bytes.  A
 * FILTER runs as soon as every variable it names is bound for certain
 * (which changes no row: later patterns only add bindings), else at the
 * end of its group; an OPTIONAL's FILTER decides whether its row joins.
 * Expressions are Rasqal's own: the variables they name get Rasqal
 * values (made once per term and kept) and rasqal_expression_evaluate2
 * computes them, so a filter and a projected expression give what
 * Rasqal gave.  A value is made a librdf node and a cell as librdf made
 * it for Rasqal's rows.
 */
#include "store/store_eval_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- compiling ---------------------------------------------------------------- */

int pk_sel_slot(pk_sel *ev, rasqal_variable *v)
{
	int i;

	for (i = 0; i < ev->nvars; i++)
		if (ev->vars[i] == v)
			return i;
	/* two Rasqal variables of one name: a value set on one would not
	 * be seen through the other */
	for (i = 0; i < ev->nvars; i++)
		if (v->name && ev->vars[i]->name &&
		    strcmp((const char *)v->name, (const char *)ev->vars[i]->name) == 0)
			return -1;
	if (ev->nvars == PK_SEL_VARS)
		return -1;
	ev->vars[ev->nvars] = v;
	return ev->nvars++;
}

static int pk_sel_add(pk_sel *ev, pk_sel_kind kind)
{
	pk_sel_step *s;
	int cap;

	if (ev->nsteps == ev->cap) {
		cap = ev->cap ? ev->cap * 2 : 32;
		s = realloc(ev->steps, (size_t)cap * sizeof *s);
		if (!s)
			return PK_ENOMEM;
		ev->steps = s;
		ev->cap = cap;
	}
	s = &ev->steps[ev->nsteps];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->owner = -1;
	s->var[0] = s->var[1] = s->var[2] = -1;
	return ev->nsteps++;
}

/* The slots e reads into *uses: 0, 1 when e is not evaluated here (an
 * EXISTS, an aggregate, too many variables). */
static int pk_sel_expr_uses(pk_sel *ev, rasqal_expression *e, uint64_t *uses)
{
	rasqal_variable *v;
	int i, n, slot;

	if (!e)
		return 0;
	switch (e->op) {
	case RASQAL_EXPR_COUNT:
	case RASQAL_EXPR_SUM:
	case RASQAL_EXPR_AVG:
	case RASQAL_EXPR_MIN:
	case RASQAL_EXPR_MAX:
	case RASQAL_EXPR_SAMPLE:
	case RASQAL_EXPR_GROUP_CONCAT:
	case RASQAL_EXPR_VARSTAR:
		return 1;
	case RASQAL_EXPR_LITERAL:
		v = e->literal ? rasqal_literal_as_variable(e->literal) : NULL;
		if (!v)
			return 0;
		if ((slot = pk_sel_slot(ev, v)) < 0)
			return 1;
		*uses |= (uint64_t)1 << slot;
		return 0;
	default:
		break;
	}
	if (pk_sel_expr_uses(ev, e->arg1, uses) || pk_sel_expr_uses(ev, e->arg2, uses) ||
	    pk_sel_expr_uses(ev, e->arg3, uses) || pk_sel_expr_uses(ev, e->arg4, uses))
		return 1;
	n = e->args ? raptor_sequence_size(e->args) : 0;
	for (i = 0; i < n; i++)
		if (pk_sel_expr_uses(ev, raptor_sequence_get_at(e->args, i), uses))
			return 1;
	/* an extension function: Rasqal's */
	return e->op == RASQAL_EXPR_FUNCTION;
}

/* One triple pattern as a step: 0, 1 when not evaluated here. */
static int pk_sel_triple(pk_sel *ev, rasqal_triple *t, uint64_t *certain)
{
	const pk_store_range *r = &ev->st->match.range;
	rasqal_literal *part[3];
	rasqal_variable *v;
	librdf_node *node;
	pk_sel_step *s;
	int i, k, rc;

	if (!t || t->origin)
		return 1;
	part[0] = t->subject;
	part[1] = t->predicate;
	part[2] = t->object;
	if ((k = pk_sel_add(ev, PK_SEL_TRIPLE)) < 0)
		return k;
	s = &ev->steps[k];
	for (i = 0; i < 3; i++) {
		if (!part[i])
			return 1;
		v = rasqal_literal_as_variable(part[i]);
		if (v) {
			if ((s->var[i] = pk_sel_slot(ev, v)) < 0)
				return 1;
			/* ?x <p> ?x: Rasqal's business */
			if ((i > 0 && s->var[i] == s->var[0]) ||
			    (i > 1 && s->var[i] == s->var[1]))
				return 1;
			continue;
		}
		node = pk_store_match_node(ev->st->world, part[i]);
		if (!node) {
			s->absent = 1;
			continue;
		}
		rc = pk_lmdb_reader_term(ev->terms, &s->id[i], node);
		librdf_free_node(node);
		if (rc < 0)
			return rc;
		if (!s->id[i])
			s->absent = 1;
	}
	/* store_range.c's pattern: ?s <p> ?date, read over the range
	 * when neither is bound where it runs (as store_match.c does) */
	s->narrow = r->predicate && s->var[0] >= 0 && s->var[1] < 0 &&
		s->var[2] >= 0 && part[1]->type == RASQAL_LITERAL_URI &&
		strcmp((const char *)raptor_uri_as_string(part[1]->value.uri),
			r->predicate) == 0 && ev->vars[s->var[2]]->name &&
		strcmp((const char *)ev->vars[s->var[2]]->name, r->var) == 0;
	if ((rc = pk_lmdb_reader_new(&ev->steps[k].ids, ev->st->ix.ustorage)) != 0)
		return rc;
	for (i = 0; i < 3; i++)
		if (ev->steps[k].var[i] >= 0) {
			*certain |= (uint64_t)1 << ev->steps[k].var[i];
			ev->seen |= (uint64_t)1 << ev->steps[k].var[i];
		}
	return 0;
}

/* The FILTERs in filters[0..n) whose variables are all in certain, and
 * not placed yet, as steps here. */
static int pk_sel_place(pk_sel *ev, rasqal_expression **filters,
	uint64_t *fuses, int *placed, int n, uint64_t certain, int all)
{
	int i, k;

	for (i = 0; i < n; i++) {
		if (placed[i] || (!all && (fuses[i] & ~certain)))
			continue;
		if ((k = pk_sel_add(ev, PK_SEL_FILTER)) < 0)
			return k;
		ev->steps[k].expr = filters[i];
		ev->steps[k].uses = fuses[i];
		placed[i] = 1;
	}
	return 0;
}

static int pk_sel_group(pk_sel *ev, rasqal_graph_pattern *gp, uint64_t certain,
	int filters_ok);

/* The parts of a group in order; a pattern Rasqal put in place of a
 * group of one part (a UNION alone in WHERE) is its own one part. */
static rasqal_graph_pattern *pk_sel_part(rasqal_graph_pattern *gp, int i)
{
	if (rasqal_graph_pattern_get_operator(gp) == RASQAL_GRAPH_PATTERN_OPERATOR_GROUP)
		return rasqal_graph_pattern_get_sub_graph_pattern(gp, i);
	return i == 0 ? gp : NULL;
}

/* The steps of gp's sub-pattern, then a CONT to be pointed on. */
static int pk_sel_sub(pk_sel *ev, rasqal_graph_pattern *gp, uint64_t certain,
	int owner, int filters_ok, int *cont)
{
	int rc;

	if ((rc = pk_sel_group(ev, gp, certain, filters_ok)) != 0)
		return rc;
	if ((*cont = pk_sel_add(ev, PK_SEL_CONT)) < 0)
		return *cont;
	ev->steps[*cont].owner = owner;
	return 0;
}

/* The steps of a group (or a basic pattern): its parts in order, its
 * FILTERs placed as early as they can be.  filters_ok: a FILTER here
 * sees only what the group binds in SPARQL, so one is taken only where
 * nothing is bound before the group runs or, in an OPTIONAL, where it
 * sees both sides as SPARQL says. */
static int pk_sel_group(pk_sel *ev, rasqal_graph_pattern *gp, uint64_t certain,
	int filters_ok)
{
	rasqal_expression *filters[32];
	uint64_t fuses[32];
	int placed[32], nf = 0;
	rasqal_graph_pattern *sub, *inner;
	rasqal_graph_pattern_operator op;
	rasqal_triple *t;
	rasqal_variable *v;
	int i, j, k, b, cont, rc, slot, conts[16];
	uint64_t uses, seen, all = 0;

	op = rasqal_graph_pattern_get_operator(gp);
	if (op == RASQAL_GRAPH_PATTERN_OPERATOR_BASIC) {
		for (j = 0; (t = rasqal_graph_pattern_get_triple(gp, j)); j++)
			if ((rc = pk_sel_triple(ev, t, &certain)) != 0)
				return rc;
		return rasqal_graph_pattern_get_filter_expression(gp) ? 1 : 0;
	}
	/* the FILTERs first: they hold for the whole group */
	for (i = 0; (sub = pk_sel_part(gp, i)); i++) {
		if (rasqal_graph_pattern_get_operator(sub) != RASQAL_GRAPH_PATTERN_OPERATOR_FILTER)
			continue;
		if (!filters_ok || nf == 32)
			return 1;
		filters[nf] = rasqal_graph_pattern_get_filter_expression(sub);
		fuses[nf] = 0;
		placed[nf] = 0;
		if (!filters[nf] || pk_sel_expr_uses(ev, filters[nf], &fuses[nf]))
			return 1;
		nf++;
	}
	if (op == RASQAL_GRAPH_PATTERN_OPERATOR_GROUP &&
	    rasqal_graph_pattern_get_filter_expression(gp))
		return 1;
	if ((rc = pk_sel_place(ev, filters, fuses, placed, nf, certain, 0)) < 0)
		return rc;
	for (i = 0; (sub = pk_sel_part(gp, i)); i++) {
		switch (rasqal_graph_pattern_get_operator(sub)) {
		case RASQAL_GRAPH_PATTERN_OPERATOR_FILTER:
			continue;
		case RASQAL_GRAPH_PATTERN_OPERATOR_BASIC:
			for (j = 0; (t = rasqal_graph_pattern_get_triple(sub, j)); j++) {
				if ((rc = pk_sel_triple(ev, t, &certain)) != 0)
					return rc;
				if ((rc = pk_sel_place(ev, filters, fuses, placed, nf,
				    certain, 0)) < 0)
					return rc;
			}
			if (rasqal_graph_pattern_get_filter_expression(sub))
				return 1;
			break;
		case RASQAL_GRAPH_PATTERN_OPERATOR_LET:
			v = rasqal_graph_pattern_get_variable(sub);
			uses = 0;
			/* a BIND of a variable named before would be a join */
			if (!v || (slot = pk_sel_slot(ev, v)) < 0 ||
			    (ev->seen & ((uint64_t)1 << slot)) ||
			    pk_sel_expr_uses(ev, rasqal_graph_pattern_get_filter_expression(sub),
				&uses))
				return 1;
			if ((k = pk_sel_add(ev, PK_SEL_LET)) < 0)
				return k;
			ev->steps[k].slot = slot;
			ev->steps[k].expr = rasqal_graph_pattern_get_filter_expression(sub);
			ev->steps[k].uses = uses;
			certain |= (uint64_t)1 << slot;
			ev->seen |= (uint64_t)1 << slot;
			if ((rc = pk_sel_place(ev, filters, fuses, placed, nf, certain, 0)) < 0)
				return rc;
			break;
		case RASQAL_GRAPH_PATTERN_OPERATOR_VALUES:
			/* one row of UNDEF: every solution as it is */
			if (!pk_store_order_values_undef(ev->text))
				return 1;
			break;
		case RASQAL_GRAPH_PATTERN_OPERATOR_OPTIONAL:
			inner = rasqal_graph_pattern_get_sub_graph_pattern(sub, 0);
			if (!inner || rasqal_graph_pattern_get_sub_graph_pattern(sub, 1) ||
			    rasqal_graph_pattern_get_filter_expression(sub))
				return 1;
			if ((k = pk_sel_add(ev, PK_SEL_OPTIONAL)) < 0)
				return k;
			ev->steps[k].first = k + 1;
			if ((rc = pk_sel_sub(ev, inner, certain, k, 1, &cont)) != 0)
				return rc;
			ev->steps[k].next = ev->steps[cont].next = ev->nsteps;
			break;
		case RASQAL_GRAPH_PATTERN_OPERATOR_UNION:
			if ((k = pk_sel_add(ev, PK_SEL_UNION)) < 0)
				return k;
			for (b = 0; (inner = rasqal_graph_pattern_get_sub_graph_pattern(sub, b)); b++)
				;
			if (ev->nbranches + b > ev->capb) {
				int *nb = realloc(ev->branches,
					(size_t)(ev->nbranches + b + 8) * sizeof *nb);
				if (!nb)
					return PK_ENOMEM;
				ev->branches = nb;
				ev->capb = ev->nbranches + b + 8;
			}
			if (b > 16)
				return 1;
			ev->steps[k].first = ev->nbranches;
			ev->steps[k].nbranch = b;
			ev->nbranches += b;
			seen = ev->seen;
			for (j = 0; j < b; j++) {
				inner = rasqal_graph_pattern_get_sub_graph_pattern(sub, j);
				ev->branches[ev->steps[k].first + j] = ev->nsteps;
				/* each branch binds afresh; a FILTER in one would
				 * see what came before it, which SPARQL hides */
				ev->seen = seen;
				if ((rc = pk_sel_sub(ev, inner, certain, -1, 0,
				    &conts[j])) != 0)
					return rc;
				all |= ev->seen;
			}
			ev->seen = all;
			ev->steps[k].next = ev->nsteps;
			for (j = 0; j < b; j++)
				ev->steps[conts[j]].next = ev->nsteps;
			break;
		default:
			return 1;
		}
	}
	return pk_sel_place(ev, filters, fuses, placed, nf, certain, 1);
}

/* Is a FILTER's value here always true or false (or an error), so that
 * its truth is that value, not an effective boolean value? */
static int pk_sel_boolean(rasqal_expression *e)
{
	switch (e->op) {
	case RASQAL_EXPR_AND:
	case RASQAL_EXPR_OR:
	case RASQAL_EXPR_BANG:
	case RASQAL_EXPR_EQ:
	case RASQAL_EXPR_NEQ:
	case RASQAL_EXPR_LT:
	case RASQAL_EXPR_GT:
	case RASQAL_EXPR_LE:
	case RASQAL_EXPR_GE:
	case RASQAL_EXPR_BOUND:
	case RASQAL_EXPR_SAMETERM:
	case RASQAL_EXPR_ISURI:
	case RASQAL_EXPR_ISBLANK:
	case RASQAL_EXPR_ISLITERAL:
	case RASQAL_EXPR_ISNUMERIC:
	case RASQAL_EXPR_LANGMATCHES:
	case RASQAL_EXPR_REGEX:
	case RASQAL_EXPR_STR_MATCH:
	case RASQAL_EXPR_STR_NMATCH:
	case RASQAL_EXPR_STRSTARTS:
	case RASQAL_EXPR_STRENDS:
	case RASQAL_EXPR_CONTAINS:
	case RASQAL_EXPR_IN:
	case RASQAL_EXPR_NOT_IN:
		return 1;
	default:
		return 0;
	}
}

/* ---- the query ---------------------------------------------------------------- */

/* The projection's columns: a variable's slot or an expression. */
static int pk_sel_columns(pk_sel *ev)
{
	raptor_sequence *vars = rasqal_query_get_bound_variable_sequence(ev->rq);
	rasqal_variable *v;
	int c;

	ev->ncols = vars ? raptor_sequence_size(vars) : 0;
	if (ev->ncols <= 0)
		return 1;
	ev->col_slot = calloc((size_t)ev->ncols, sizeof *ev->col_slot);
	ev->col_expr = calloc((size_t)ev->ncols, sizeof *ev->col_expr);
	ev->col_uses = calloc((size_t)ev->ncols, sizeof *ev->col_uses);
	if (!ev->col_slot || !ev->col_expr || !ev->col_uses)
		return PK_ENOMEM;
	for (c = 0; c < ev->ncols; c++) {
		v = raptor_sequence_get_at(vars, c);
		if (!v)
			return 1;
		ev->col_slot[c] = -1;
		if (v->expression) {
			ev->col_expr[c] = v->expression;
			if (pk_sel_expr_uses(ev, v->expression, &ev->col_uses[c]))
				return 1;
		} else if ((ev->col_slot[c] = pk_sel_slot(ev, v)) < 0) {
			return 1;
		}
	}
	return 0;
}

/* The date range's objects as ids, those the store has, in order. */
static int pk_sel_range(pk_sel *ev)
{
	const pk_store_range *r = &ev->st->match.range;
	uint64_t id;
	size_t i;
	int rc;

	if (!r->predicate)
		return 0;
	/* no date in the range: the pattern matches nothing */
	if (!(ev->range = calloc(r->nobjs ? r->nobjs : 1, sizeof *ev->range)))
		return PK_ENOMEM;
	for (i = 0; i < r->nobjs; i++) {
		if ((rc = pk_lmdb_reader_term(ev->terms, &id, r->objs[i])) < 0)
			return rc;
		if (id)
			ev->range[ev->nrange++] = id;
	}
	return 0;
}

int pk_store_eval(pk_table **out, pk_store *st, rasqal_query *rq,
	const char *text, pk_store_order *order)
{
	raptor_sequence *seq;
	pk_sel ev;
	int i, k, rc;

	*out = NULL;
	if (!rq || !order || st->backend != &pk_store_backend_dir ||
	    !st->ix.ustorage || rasqal_query_get_verb(rq) != RASQAL_QUERY_VERB_SELECT ||
	    !rasqal_query_get_query_graph_pattern(rq))
		return 1;
	seq = rasqal_query_get_bindings_variables_sequence(rq);
	if (seq && raptor_sequence_size(seq) > 0 && !pk_store_order_values_undef(text))
		return 1;
	memset(&ev, 0, sizeof ev);
	ev.st = st;
	ev.rq = rq;
	ev.text = text;
	ev.order = order;
	ev.rw = librdf_world_get_rasqal(st->world);
	if ((rc = pk_lmdb_reader_new(&ev.terms, st->ix.ustorage)) != 0 ||
	    (rc = pk_lmdb_reader_new(&ev.star_reader, st->ix.ustorage)) != 0)
		goto out;
	if (!(ev.lits = calloc(PK_SEL_LITS, sizeof *ev.lits))) {
		rc = PK_ENOMEM;
		goto out;
	}
	if ((rc = pk_sel_range(&ev)) != 0 ||
	    (rc = pk_sel_group(&ev, rasqal_query_get_query_graph_pattern(rq), 0, 1)) != 0 ||
	    (rc = pk_sel_columns(&ev)) != 0)
		goto out;
	if ((k = pk_sel_add(&ev, PK_SEL_EMIT)) < 0) {
		rc = k;
		goto out;
	}
	for (i = 0; i < ev.nsteps; i++)
		if (ev.steps[i].kind == PK_SEL_FILTER && !pk_sel_boolean(ev.steps[i].expr)) {
			rc = 1;
			goto out;
		}
	ev.ec = rasqal_new_evaluation_context(ev.rw, NULL, RASQAL_COMPARE_XQUERY);
	ev.t = calloc(1, sizeof *ev.t);
	ev.cells = calloc(PK_SEL_CELLS, sizeof *ev.cells);
	ev.views = calloc(PK_SEL_VIEWS, sizeof *ev.views);
	ev.stars = calloc(PK_SEL_STARS, sizeof *ev.stars);
	if (ev.t)
		ev.t->strings = pk_arena_new();
	if (!ev.ec || !ev.t || !ev.t->strings || !ev.cells || !ev.views || !ev.stars) {
		rc = PK_ENOMEM;
		goto out;
	}
	if ((rc = pk_store_projection(ev.t, rq)) < 0 ||
	    (rc = pk_sel_run(&ev, 0)) < 0)
		goto out;
	st->match.evaluated++;
	*out = ev.t;
	ev.t = NULL;
out:
	for (i = 0; i < ev.nsteps; i++)
		pk_lmdb_reader_free(ev.steps[i].ids);
	for (i = 0; i < ev.nvars; i++) {
		rasqal_variable_set_value(ev.vars[i], NULL);
		if (ev.val[i].lit)
			rasqal_free_literal(ev.val[i].lit);
	}
	for (i = 0; ev.lits && i < PK_SEL_LITS; i++)
		if (ev.lits[i].lit)
			rasqal_free_literal(ev.lits[i].lit);
	if (ev.ec)
		rasqal_free_evaluation_context(ev.ec);
	pk_table_free(ev.t);
	pk_lmdb_reader_free(ev.terms);
	free(ev.lits);
	free(ev.cells);
	free(ev.views);
	free(ev.stars);
	pk_lmdb_reader_free(ev.star_reader);
	free(ev.range);
	free(ev.steps);
	free(ev.branches);
	free(ev.col_slot);
	free(ev.col_expr);
	free(ev.col_uses);
	return rc;
}
