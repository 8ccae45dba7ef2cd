/*
 * store_order.c - ORDER BY and DISTINCT done on the answer's table
 * instead of by Rasqal.
 *
 * Rasqal 0.9.33 sorts by inserting each row into an unbalanced binary
 * tree (rasqal_map): rows that arrive already in order, as a store read
 * in index order gives them, make it a list, and sorting n rows costs
 * n^2/2 comparisons (the documents query, 42k rows at 10M quads, ran
 * past a minute).  Its DISTINCT is the same tree with every new row
 * ordered after the others, so always a list: n^2/2 row comparisons.
 * So store_query.c asks here first: when every order condition is one
 * we can evaluate (a projected variable, STR(), COALESCE() and
 * constants, each ASC or DESC) and the query has no LIMIT, OFFSET,
 * GROUP BY or REDUCED, the query runs without its ORDER BY and its
 * DISTINCT, and the table is made distinct and sorted here.
 *
 * The order is Rasqal's exactly, because the comparison is Rasqal's own:
 * each key becomes the rasqal_literal Rasqal would have computed, and
 * rasqal_literal_compare() with the flags of a SPARQL query compares
 * them.  What Rasqal's row comparison adds around it is copied:
 *
 *   - one unbound key sorts first, ASC or DESC, and decides;
 *   - two unbound keys end the comparison as a tie (the later keys are
 *     not looked at: Rasqal's compare of two NULLs is an error, which
 *     it takes as "equal");
 *   - a tie keeps the rows' first order (Rasqal breaks ties by the
 *     row's offset), so the sort is a stable merge sort.
 *
 * DISTINCT keeps the first of equal rows, equal as Rasqal's DISTINCT
 * finds them (RDF terms: the same kind, lexical form and datatype, the
 * language in any case), where Rasqal's DISTINCT would have kept it: a
 * hash set of the rows kept, each row looked up as store_query.c adds
 * it, so the table holds the answer's rows only, never all the repeats.
 * One difference, on purpose: Rasqal sorts the rows of a DISTINCT query
 * by another comparison, RDF terms as strings ("10" before "2", dates
 * as text), so adding DISTINCT to a query changed its order; here a
 * DISTINCT query is ordered as SPARQL says and as the same query
 * without DISTINCT is (the canned queries are DISTINCT so that they
 * hold in a store whose default graph repeats a triple stated in two
 * documents, and keep the order they had).
 *
 * A comparison Rasqal reports as an error between two values (an
 * xsd:date against an xsd:dateTime, say) makes its tree order depend on
 * the insertion order, which a sort cannot reproduce: then the caller
 * is told to run the query again with its ORDER BY, as before.
 */
#include "store/store_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A row kept by DISTINCT: its index in the table and its hash. */
typedef struct pk_store_order_slot {
	uint64_t hash;
	size_t row;           /* the row's index + 1; 0: an empty slot */
} pk_store_order_slot;

struct pk_store_order {
	rasqal_query *rq;     /* the caller's parse; its order conditions */
	int n;                /* order conditions (0: DISTINCT only) */
	int distinct;         /* SELECT DISTINCT: equal rows dropped here */
	pk_store_order_slot *slots;  /* DISTINCT: the rows kept, by hash */
	size_t cap, used;     /* slots, a power of 2; those used */
};

/* ---- the query's text ------------------------------------------------------------ */

/* Past the comment, string or IRI at q (which starts one), or q + 1. */
static const char *pk_store_order_skip(const char *q)
{
	const char *e;
	char quote;

	if (*q == '#') {
		while (*q && *q != '\n')
			q++;
		return q;
	}
	if (*q == '"' || *q == '\'') {
		quote = *q;
		if (q[1] == quote && q[2] == quote) {
			for (q += 3; *q && !(q[0] == quote && q[1] == quote &&
			    q[2] == quote); q++)
				if (*q == '\\' && q[1])
					q++;
			return *q ? q + 3 : q;
		}
		for (q++; *q && *q != quote && *q != '\n'; q++)
			if (*q == '\\' && q[1])
				q++;
		return *q == quote ? q + 1 : q;
	}
	if (*q == '<') {
		/* an IRI holds no space, quote or angle bracket; else it is
		 * the operator */
		for (e = q + 1; *e && *e != '>' && (unsigned char)*e > ' ' &&
		    !strchr("<\"{}|^`\\", *e); e++)
			;
		return *e == '>' ? e + 1 : q + 1;
	}
	return q + 1;
}

static int pk_store_order_word_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == ':' || c == '?' || c == '$' ||
		c == '-' || c >= 0x80;
}

/* The next word of SPARQL text at *p (past comments, strings, IRIs and
 * braces, *depth counting the open ones, *opened every '{' passed): its
 * start, *len its length and *p past it; NULL at the end. */
static const char *pk_store_order_word(const char **p, int *depth, int *opened,
	size_t *len)
{
	const char *q = *p, *e;

	while (*q) {
		if (*q == '#' || *q == '"' || *q == '\'' || *q == '<') {
			q = pk_store_order_skip(q);
		} else if (*q == '{') {
			(*depth)++;
			(*opened)++;
			q++;
		} else if (*q == '}') {
			(*depth)--;
			q++;
		} else if (pk_store_order_word_char((unsigned char)*q)) {
			for (e = q + 1; pk_store_order_word_char((unsigned char)*e); e++)
				;
			*len = (size_t)(e - q);
			*p = e;
			return q;
		} else {
			q++;
		}
	}
	*p = q;
	return NULL;
}

static int pk_store_order_is(const char *w, size_t len, const char *keyword)
{
	return len == strlen(keyword) && strncasecmp(w, keyword, len) == 0;
}

/* Where the outermost ORDER BY of SPARQL text q starts: the offset of
 * ORDER, or -1 when there is none or anything but its conditions follows
 * it (a group, LIMIT, OFFSET, VALUES). */
static long pk_store_order_find(const char *q)
{
	const char *p = q, *w, *order = NULL;
	size_t len;
	int depth = 0, opened = 0, opened_before = 0, tail = 0;

	while ((w = pk_store_order_word(&p, &depth, &opened, &len)) != NULL) {
		if (depth == 0 && pk_store_order_is(w, len, "ORDER")) {
			order = w;
			opened_before = opened;
			tail = 0;
		} else if (order && (pk_store_order_is(w, len, "LIMIT") ||
		    pk_store_order_is(w, len, "OFFSET") ||
		    pk_store_order_is(w, len, "VALUES"))) {
			tail = 1;
		}
	}
	return order && !tail && opened == opened_before ? (long)(order - q) : -1;
}

/* Where the DISTINCT of the outermost SELECT of SPARQL text q starts, or
 * -1 (a subquery's SELECT is inside a group). */
static long pk_store_order_find_distinct(const char *q)
{
	const char *p = q, *w;
	size_t len;
	int depth = 0, opened = 0;

	while ((w = pk_store_order_word(&p, &depth, &opened, &len)) != NULL) {
		if (depth != 0 || !pk_store_order_is(w, len, "SELECT"))
			continue;
		w = pk_store_order_word(&p, &depth, &opened, &len);
		return w && depth == 0 && pk_store_order_is(w, len, "DISTINCT") ?
			(long)(w - q) : -1;
	}
	return -1;
}

/* Does every VALUES of SPARQL text q bind its variables to one row of
 * UNDEF (what params.c writes for a parameter not given), so that it
 * leaves every solution as it is?  Rasqal offers no way to read a VALUES
 * block back, so store_eval.c asks the text. */
int pk_store_order_values_undef(const char *q)
{
	const char *p = q, *w, *s;
	size_t len;
	int depth = 0, opened = 0, nvars, nundef, rows;

	while ((w = pk_store_order_word(&p, &depth, &opened, &len)) != NULL) {
		if (!pk_store_order_is(w, len, "VALUES"))
			continue;
		/* read as written: ( ?a ?b ) or ?a, then { ( UNDEF UNDEF ) }
		 * with nothing else, not even a comment */
		nvars = nundef = rows = 0;
		for (s = w + len; *s && *s != '{'; s++) {
			if (*s == '?' || *s == '$') {
				nvars++;
				while (pk_store_order_word_char((unsigned char)s[1]))
					s++;
			} else if (!isspace((unsigned char)*s) && *s != '(' && *s != ')') {
				return 0;
			}
		}
		for (s = *s ? s + 1 : s; *s && *s != '}'; s++) {
			if (strncasecmp(s, "UNDEF", 5) == 0 &&
			    !pk_store_order_word_char((unsigned char)s[5])) {
				nundef++;
				s += 4;
			} else if (*s == '(') {
				rows++;
			} else if (!isspace((unsigned char)*s) && *s != ')') {
				return 0;
			}
		}
		if (*s != '}' || nvars == 0 || nundef != nvars || rows > 1)
			return 0;
		p = s + 1;
	}
	return 1;
}

/* ---- which conditions ---------------------------------------------------------- */

/* Can e be evaluated here, its variables all among the projected ones? */
static int pk_store_order_expr_ok(rasqal_expression *e, raptor_sequence *vars)
{
	rasqal_variable *v, *pv;
	rasqal_expression *arg;
	int i, n;

	if (!e)
		return 0;
	switch (e->op) {
	case RASQAL_EXPR_LITERAL:
		v = rasqal_literal_as_variable(e->literal);
		if (!v)
			return rasqal_literal_get_rdf_term_type(e->literal) !=
				RASQAL_LITERAL_UNKNOWN;
		n = vars ? raptor_sequence_size(vars) : 0;
		for (i = 0; i < n; i++) {
			pv = raptor_sequence_get_at(vars, i);
			if (pv && pv->name && v->name &&
			    strcmp((const char *)pv->name, (const char *)v->name) == 0)
				return 1;
		}
		return 0;
	case RASQAL_EXPR_STR:
		return pk_store_order_expr_ok(e->arg1, vars);
	case RASQAL_EXPR_COALESCE:
		n = e->args ? raptor_sequence_size(e->args) : 0;
		for (i = 0; i < n; i++) {
			arg = raptor_sequence_get_at(e->args, i);
			if (!pk_store_order_expr_ok(arg, vars))
				return 0;
		}
		return n > 0;
	default:
		return 0;
	}
}

/* Does e hold an aggregate (COUNT, SUM ...) anywhere? */
static int pk_store_order_aggregate(rasqal_expression *e)
{
	int i, n;

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
		return 1;
	default:
		break;
	}
	if (pk_store_order_aggregate(e->arg1) || pk_store_order_aggregate(e->arg2) ||
	    pk_store_order_aggregate(e->arg3) || pk_store_order_aggregate(e->arg4))
		return 1;
	n = e->args ? raptor_sequence_size(e->args) : 0;
	for (i = 0; i < n; i++)
		if (pk_store_order_aggregate(raptor_sequence_get_at(e->args, i)))
			return 1;
	return 0;
}

int pk_store_order_plan(pk_store_order **out, char **stripped, rasqal_query *rq,
	const char *text)
{
	raptor_sequence *conds, *vars;
	rasqal_expression *c;
	rasqal_variable *v;
	pk_store_order *o = NULL;
	long at, distinct_at = -1;
	int i, n, distinct;

	*out = NULL;
	*stripped = NULL;
	if (!rq || rasqal_query_get_verb(rq) != RASQAL_QUERY_VERB_SELECT ||
	    rasqal_query_get_limit(rq) >= 0 || rasqal_query_get_offset(rq) >= 0)
		return 0;
	/* 1 DISTINCT, 2 REDUCED (left to Rasqal) */
	distinct = rasqal_query_get_distinct(rq);
	if (distinct > 1 || pk_store_query_grouped(rq))
		return 0;
	conds = rasqal_query_get_order_conditions_sequence(rq);
	n = conds ? raptor_sequence_size(conds) : 0;
	vars = rasqal_query_get_bound_variable_sequence(rq);
	if ((n <= 0 && !distinct) || !vars)
		return 0;
	for (i = 0; i < n; i++) {
		c = raptor_sequence_get_at(conds, i);
		if (!c || (c->op != RASQAL_EXPR_ORDER_COND_ASC &&
		    c->op != RASQAL_EXPR_ORDER_COND_DESC) ||
		    !pk_store_order_expr_ok(c->arg1, vars))
			return 0;
	}
	/* an aggregate query orders groups: Rasqal's business */
	for (i = 0; i < raptor_sequence_size(vars); i++) {
		v = raptor_sequence_get_at(vars, i);
		if (v && pk_store_order_aggregate(v->expression))
			return 0;
	}
	at = n > 0 ? pk_store_order_find(text) : (long)strlen(text);
	if (distinct)
		distinct_at = pk_store_order_find_distinct(text);
	if (at < 0 || (distinct && (distinct_at < 0 || distinct_at >= at)))
		return 0;
	o = calloc(1, sizeof *o);
	if (!o || !(*stripped = pk_strndup(text, (size_t)at))) {
		free(o);
		return PK_ENOMEM;
	}
	/* blanked, not cut out: Rasqal's messages keep their columns */
	if (distinct)
		memset(*stripped + distinct_at, ' ', strlen("DISTINCT"));
	o->rq = rq;
	o->n = n;
	o->distinct = distinct;
	*out = o;
	return 0;
}

void pk_store_order_free(pk_store_order *o)
{
	if (o)
		free(o->slots);
	free(o);
}

/* ---- keys ------------------------------------------------------------------------- */

static unsigned char *pk_store_order_rdup(const char *s)
{
	size_t len = strlen(s);
	unsigned char *p = rasqal_alloc_memory(len + 1);

	if (p)
		memcpy(p, s, len + 1);
	return p;
}

/* The Rasqal value of a cell, made as store_match.c makes it from the
 * node (so typed the same way); NULL when unbound.  *oom on failure. */
static rasqal_literal *pk_store_order_cell(rasqal_world *rw, const pk_term *c,
	int *oom)
{
	raptor_world *raptor = rasqal_world_get_raptor(rw);
	unsigned char *str = NULL;
	char *lang = NULL;
	raptor_uri *dt = NULL, *u;
	rasqal_literal *l = NULL;

	switch (c->kind) {
	case PK_TERM_IRI:
		u = raptor_new_uri(raptor, (const unsigned char *)c->value);
		l = u ? rasqal_new_uri_literal(rw, u) : NULL;
		break;
	case PK_TERM_BLANK:
		str = pk_store_order_rdup(c->value);
		l = str ? rasqal_new_simple_literal(rw, RASQAL_LITERAL_BLANK, str) : NULL;
		break;
	case PK_TERM_LITERAL:
		str = pk_store_order_rdup(c->value);
		if (str && c->lang && !(lang = (char *)pk_store_order_rdup(c->lang))) {
			rasqal_free_memory(str);
			break;
		}
		if (str && c->datatype && !(dt = raptor_new_uri(raptor,
		    (const unsigned char *)c->datatype))) {
			rasqal_free_memory(str);
			if (lang)
				rasqal_free_memory(lang);
			break;
		}
		/* takes str, lang and dt */
		l = str ? rasqal_new_string_literal(rw, str, lang, dt, NULL) : NULL;
		break;
	default:
		return NULL;
	}
	if (!l)
		*oom = 1;
	return l;
}

static int pk_store_order_column(const pk_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->names[i], name) == 0)
			return (int)i;
	return -1;
}

/* One row's value of one key.  Most keys are IRIs or strings without
 * language or datatype: two of the same kind compare as Rasqal compares
 * them (raptor_uri_compare, strcmp) without a Rasqal value made for
 * them; any other pair is compared by Rasqal, the values made then. */
typedef enum pk_store_order_kind {
	PK_ORDER_NONE = 0,   /* unbound, or an error */
	PK_ORDER_IRI,        /* s: the IRI */
	PK_ORDER_STRING,     /* s: a literal without language or datatype */
	PK_ORDER_VALUE       /* only l */
} pk_store_order_kind;

typedef struct pk_store_order_key {
	pk_store_order_kind kind;
	const char *s;       /* the table's or the query's bytes */
	rasqal_literal *l;   /* our own; made when first needed */
} pk_store_order_key;

/* k as a Rasqal value; NULL when out of memory. */
static rasqal_literal *pk_store_order_value(rasqal_world *rw, pk_store_order_key *k)
{
	pk_term term;
	int oom = 0;

	if (k->l)
		return k->l;
	memset(&term, 0, sizeof term);
	term.kind = k->kind == PK_ORDER_IRI ? PK_TERM_IRI : PK_TERM_LITERAL;
	term.value = (char *)k->s;
	k->l = pk_store_order_cell(rw, &term, &oom);
	return k->l;
}

/* e evaluated for one row as Rasqal evaluates it into *k: PK_ORDER_NONE
 * for an unbound value or an error (COALESCE takes its first argument
 * that is neither).  Nonzero when e cannot be evaluated here or memory
 * ran out. */
/* A value that is a string without language or datatype (STR()'s, a
 * constant "") compared as such strings are, by its bytes, not through
 * Rasqal: the timeline query spent a fifth of its time in
 * rasqal_literal_compare on COALESCE(STR(?date), "").  The value stays
 * k->l's; k->s points into it. */
static void pk_store_order_plain(pk_store_order_key *k)
{
	rasqal_literal *l = k->l;

	if (l && l->type == RASQAL_LITERAL_STRING && !l->language && !l->datatype &&
	    l->string && strlen((const char *)l->string) == l->string_len) {
		k->kind = PK_ORDER_STRING;
		k->s = (const char *)l->string;
	}
}

/* The Rasqal values of cells made so far, by their value's address: in
 * a table whose strings live in an arena (store_eval.c), one address is
 * one term, shared by every row that has it. */
#define PK_ORDER_MEMO 1024

typedef struct pk_store_order_memo {
	const char *value;
	rasqal_literal *l;     /* a reference of our own */
} pk_store_order_memo;

/* The key of cell c, a projected variable's value (not unbound). */
static int pk_store_order_key_of(pk_store_order_key *k, rasqal_world *rw,
	const pk_term *c, pk_store_order_memo *memo)
{
	pk_store_order_memo *m;
	int oom = 0;

	if (c->kind == PK_TERM_IRI || (c->kind == PK_TERM_LITERAL &&
	    !c->lang && !c->datatype)) {
		k->kind = c->kind == PK_TERM_IRI ? PK_ORDER_IRI : PK_ORDER_STRING;
		k->s = c->value;
		return 0;
	}
	k->kind = PK_ORDER_VALUE;
	m = memo ? &memo[((uintptr_t)c->value >> 3) % PK_ORDER_MEMO] : NULL;
	if (m && m->value == c->value && m->l) {
		k->l = rasqal_new_literal_from_literal(m->l);
		return 0;
	}
	k->l = pk_store_order_cell(rw, c, &oom);
	if (m && k->l) {
		if (m->l)
			rasqal_free_literal(m->l);
		m->value = c->value;
		m->l = rasqal_new_literal_from_literal(k->l);
	}
	return oom;
}

static int pk_store_order_eval(pk_store_order_key *k, rasqal_world *rw,
	rasqal_expression *e, const pk_table *t, const pk_term *row,
	pk_store_order_memo *memo)
{
	const pk_term *c;
	rasqal_literal *l;
	rasqal_variable *v;
	const unsigned char *s;
	unsigned char *copy;
	size_t len;
	int col, i, n, err = 0, oom = 0;

	memset(k, 0, sizeof *k);
	switch (e->op) {
	case RASQAL_EXPR_LITERAL:
		v = rasqal_literal_as_variable(e->literal);
		if (!v) {
			k->kind = PK_ORDER_VALUE;
			k->l = rasqal_new_literal_from_literal(e->literal);
			pk_store_order_plain(k);
			return k->l ? 0 : 1;
		}
		col = pk_store_order_column(t, (const char *)v->name);
		if (col < 0)
			return 1;
		c = &row[col];
		if (c->kind == PK_TERM_UNBOUND || !c->value)
			return 0;
		return pk_store_order_key_of(k, rw, c, memo);
	case RASQAL_EXPR_STR:
		if (pk_store_order_eval(k, rw, e->arg1, t, row, memo))
			return 1;
		if (k->kind == PK_ORDER_NONE)
			return 0;
		if (k->kind != PK_ORDER_VALUE) {
			/* the string of an IRI or a plain literal is its bytes */
			k->kind = PK_ORDER_STRING;
			return 0;
		}
		/* Rasqal's STR: the string of the value, URIs included */
		l = k->l;
		k->l = NULL;
		k->kind = PK_ORDER_NONE;
		s = rasqal_literal_as_counted_string(l, &len, 0, &err);
		if (s && !err) {
			copy = rasqal_alloc_memory(len + 1);
			if (copy) {
				memcpy(copy, s, len);
				copy[len] = '\0';
				k->l = rasqal_new_string_literal(rw, copy, NULL, NULL, NULL);
			}
			if (!k->l) {
				oom = 1;
			} else {
				k->kind = PK_ORDER_VALUE;
				pk_store_order_plain(k);
			}
		}
		rasqal_free_literal(l);
		return oom;
	case RASQAL_EXPR_COALESCE:
		n = raptor_sequence_size(e->args);
		for (i = 0; i < n; i++) {
			if (pk_store_order_eval(k, rw, raptor_sequence_get_at(e->args, i),
				t, row, memo))
				return 1;
			if (k->kind != PK_ORDER_NONE)
				return 0;
		}
		return 0;
	default:
		return 1;
	}
}

/* ---- the sort ------------------------------------------------------------------- */

typedef struct pk_store_order_sort {
	pk_store_order *o;
	rasqal_world *rw;
	pk_store_order_key *keys;   /* nrows * n */
	int *desc;                  /* n */
	int error;                  /* Rasqal could not compare two values */
} pk_store_order_sort;

/* Rasqal's comparison of two rows' keys (rasqal_engine_sort.c). */
static int pk_store_order_cmp(pk_store_order_sort *s, size_t a, size_t b)
{
	pk_store_order_key *ka = &s->keys[a * (size_t)s->o->n];
	pk_store_order_key *kb = &s->keys[b * (size_t)s->o->n];
	rasqal_literal *la, *lb;
	int i, r, err;

	for (i = 0; i < s->o->n; i++) {
		if (!ka[i].kind || !kb[i].kind)
			return !ka[i].kind && !kb[i].kind ? 0 : ka[i].kind ? 1 : -1;
		if (ka[i].kind == kb[i].kind && ka[i].kind != PK_ORDER_VALUE) {
			/* cells of one term share their bytes (store_eval.c) */
			r = ka[i].s == kb[i].s ? 0 : strcmp(ka[i].s, kb[i].s);
		} else {
			la = pk_store_order_value(s->rw, &ka[i]);
			lb = pk_store_order_value(s->rw, &kb[i]);
			err = !la || !lb;
			r = err ? 0 : rasqal_literal_compare(la, lb,
				RASQAL_COMPARE_XQUERY | RASQAL_COMPARE_URI, &err);
			if (err) {
				s->error = 1;
				return 0;
			}
		}
		if (r)
			return s->desc[i] ? -r : r;
	}
	return 0;
}

/* Stable merge sort of idx[0..n) through tmp. */
static void pk_store_order_merge(pk_store_order_sort *s, size_t *idx,
	size_t *tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	pk_store_order_merge(s, idx, tmp, h);
	pk_store_order_merge(s, idx + h, tmp, n - h);
	/* already in order: nothing to merge (the common case here) */
	if (pk_store_order_cmp(s, idx[h - 1], idx[h]) <= 0)
		return;
	while (i < h && j < n)
		tmp[k++] = pk_store_order_cmp(s, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
	while (i < h)
		tmp[k++] = idx[i++];
	while (j < n)
		tmp[k++] = idx[j++];
	memcpy(idx, tmp, n * sizeof *idx);
}

/* ---- DISTINCT ----------------------------------------------------------------- */

static int pk_store_order_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Are two rows equal as Rasqal's DISTINCT finds them (RDF terms, the
 * language tag in any case)? */
static int pk_store_order_rows_equal(const pk_term *a, const pk_term *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].kind != b[i].kind || !pk_store_order_same(a[i].value, b[i].value) ||
		    !pk_store_order_same(a[i].datatype, b[i].datatype) ||
		    (a[i].lang || b[i].lang ? !a[i].lang || !b[i].lang ||
		    strcasecmp(a[i].lang, b[i].lang) != 0 : 0))
			return 0;
	return 1;
}

/* A cell's hash over what pk_store_order_rows_equal compares, but the
 * language (compared in any case). */
uint64_t pk_store_order_cell_hash(const pk_term *c)
{
	uint64_t h = (uint64_t)c->kind * 0x100000001b3ULL;

	if (c->value)
		h = (h ^ pk_hash_fast(c->value, strlen(c->value))) * 0x100000001b3ULL;
	if (c->datatype)
		h = (h ^ pk_hash_fast(c->datatype, strlen(c->datatype))) *
			0x100000001b3ULL;
	return h;
}

static uint64_t pk_store_order_row_hash(const pk_term *row, size_t n)
{
	uint64_t h = 0;
	size_t i;

	for (i = 0; i < n; i++)
		h = pk_store_order_row_step(h, pk_store_order_cell_hash(&row[i]));
	return h;
}

/* Room for one more kept row: the slots doubled (rehashed by the
 * hashes they keep) when half full. */
static int pk_store_order_grow(pk_store_order *o)
{
	pk_store_order_slot *slots;
	size_t cap, i, k;

	if (o->used * 2 < o->cap)
		return 0;
	cap = o->cap ? o->cap * 2 : 64;
	if (cap > ((size_t)-1) / sizeof *slots || !(slots = calloc(cap, sizeof *slots)))
		return PK_ENOMEM;
	pk_mem_advise_huge(slots, cap * sizeof *slots);
	for (i = 0; i < o->cap; i++) {
		if (!o->slots[i].row)
			continue;
		for (k = (size_t)o->slots[i].hash & (cap - 1); slots[k].row; k = (k + 1) & (cap - 1))
			;
		slots[k] = o->slots[i];
	}
	free(o->slots);
	o->slots = slots;
	o->cap = cap;
	return 0;
}

int pk_store_order_keep(pk_store_order *o, pk_table *t)
{
	if (!o->distinct || t->nrows == 0 || t->ncols == 0)
		return 1;
	return pk_store_order_keep_hashed(o, t, pk_store_order_row_hash(
		&t->cells[(t->nrows - 1) * t->ncols], t->ncols));
}

int pk_store_order_keep_hashed(pk_store_order *o, pk_table *t, uint64_t h)
{
	pk_term *row;
	size_t r, k, i;

	if (!o->distinct || t->nrows == 0 || t->ncols == 0)
		return 1;
	if (pk_store_order_grow(o) < 0)
		return PK_ENOMEM;
	r = t->nrows - 1;
	row = &t->cells[r * t->ncols];
	for (k = (size_t)h & (o->cap - 1); o->slots[k].row; k = (k + 1) & (o->cap - 1)) {
		if (o->slots[k].hash != h || !pk_store_order_rows_equal(
		    &t->cells[(o->slots[k].row - 1) * t->ncols], row, t->ncols))
			continue;
		for (i = 0; i < t->ncols && !t->strings; i++) {
			free(row[i].value);
			free(row[i].lang);
			free(row[i].datatype);
		}
		t->nrows--;
		return 0;
	}
	o->slots[k].hash = h;
	o->slots[k].row = r + 1;
	o->used++;
	return 1;
}

/* The rows of t put in the order idx gives (row r takes row idx[r]), in
 * place, cycle by cycle through the one row of room in tmp: a copy of
 * the table was as large again (90 MB, and its page faults, for the
 * evidence query at 10M quads).  idx is used up. */
static void pk_store_order_permute(pk_table *t, size_t *idx, pk_term *tmp)
{
	size_t r, j, k, w = t->ncols * sizeof *tmp;

	for (r = 0; r < t->nrows; r++) {
		if (idx[r] == r)
			continue;
		memcpy(tmp, &t->cells[r * t->ncols], w);
		for (j = r; idx[j] != r; j = k) {
			k = idx[j];
			memcpy(&t->cells[j * t->ncols], &t->cells[k * t->ncols], w);
			idx[j] = j;
		}
		memcpy(&t->cells[j * t->ncols], tmp, w);
		idx[j] = j;
	}
}

int pk_store_order_sort_table(pk_store_order *o, pk_table *t, rasqal_world *rw)
{
	pk_store_order_sort s;
	pk_store_order_memo *memo = NULL;
	pk_store_order_key *k;
	rasqal_expression *c, **conds = NULL;
	rasqal_variable *v;
	size_t *idx = NULL, *tmp = NULL, r, nk;
	pk_term *cells = NULL, *row;
	int i, *cols = NULL, fail = 0, rc = 0;

	memset(&s, 0, sizeof s);
	s.o = o;
	s.rw = rw;
	if (t->nrows < 2 || t->ncols == 0 || o->n == 0)
		return 0;
	/* without an arena every cell has its own address: no use */
	if (t->strings && !(memo = calloc(PK_ORDER_MEMO, sizeof *memo)))
		return PK_ENOMEM;
	nk = t->nrows * (size_t)o->n;
	s.keys = calloc(nk, sizeof *s.keys);
	s.desc = calloc((size_t)o->n, sizeof *s.desc);
	conds = calloc((size_t)o->n, sizeof *conds);
	cols = calloc((size_t)o->n, sizeof *cols);
	idx = malloc(t->nrows * sizeof *idx);
	tmp = malloc(t->nrows * sizeof *tmp);
	cells = malloc(t->ncols * sizeof *cells);   /* one row */
	if (!s.keys || !s.desc || !conds || !cols || !idx || !tmp || !cells) {
		rc = PK_ENOMEM;
		goto out;
	}
	pk_mem_advise_huge(s.keys, nk * sizeof *s.keys);
	/* a condition that is a projected variable reads its column
	 * straight (found once, not by name at every row) */
	for (i = 0; i < o->n; i++) {
		c = rasqal_query_get_order_condition(o->rq, i);
		s.desc[i] = c->op == RASQAL_EXPR_ORDER_COND_DESC;
		conds[i] = c->arg1;
		v = c->arg1->op == RASQAL_EXPR_LITERAL ?
			rasqal_literal_as_variable(c->arg1->literal) : NULL;
		cols[i] = v ? pk_store_order_column(t, (const char *)v->name) : -1;
	}
	for (r = 0; r < t->nrows && !fail; r++) {
		idx[r] = r;
		row = &t->cells[r * t->ncols];
		for (i = 0, k = &s.keys[r * (size_t)o->n]; i < o->n && !fail; i++, k++) {
			if (cols[i] < 0)
				fail = pk_store_order_eval(k, rw, conds[i], t, row, memo);
			else if (row[cols[i]].kind != PK_TERM_UNBOUND && row[cols[i]].value)
				fail = pk_store_order_key_of(k, rw, &row[cols[i]], memo);
		}
	}
	if (fail) {
		rc = 1;
		goto out;
	}
	pk_store_order_merge(&s, idx, tmp, t->nrows);
	if (s.error) {
		rc = 1;
		goto out;
	}
	pk_store_order_permute(t, idx, cells);
out:
	for (r = 0; s.keys && r < nk; r++)
		if (s.keys[r].l)
			rasqal_free_literal(s.keys[r].l);
	for (r = 0; memo && r < PK_ORDER_MEMO; r++)
		if (memo[r].l)
			rasqal_free_literal(memo[r].l);
	free(memo);
	free(s.keys);
	free(s.desc);
	free(conds);
	free(cols);
	free(idx);
	free(tmp);
	free(cells);
	return rc;
}
