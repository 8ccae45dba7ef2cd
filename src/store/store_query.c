/*
 * store_query.c - SPARQL over a store: the contract's prefixes declared,
 * the query looked at by a quiet Rasqal of our own first (SERVICE refused
 * unless allowed, GRAPH patterns sent to the graphs index, the empty
 * aggregate Rasqal drops), run through librdf with store_match.c's
 * triples source under the time limit, and the results copied into a
 * pk_table (rows capped) for table.c to write.
 */
#define _XOPEN_SOURCE 700
#include "store/store_int.h"
#include "rdf/vocab.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- queries -------------------------------------------------------------------- */

/* The first use of keyword (any case, a whole word followed by white
 * space) in q: a pointer just past the white space, or NULL. */
static const char *pk_store_keyword(const char *q, const char *keyword)
{
	size_t n = strlen(keyword);
	const char *p, *s;

	for (p = q; *p; p++) {
		if (strncasecmp(p, keyword, n) != 0)
			continue;
		if (p > q && (isalnum((unsigned char)p[-1]) || p[-1] == '_' ||
		    p[-1] == ':' || p[-1] == '?' || p[-1] == '$'))
			continue;
		s = p + n;
		if (!isspace((unsigned char)*s))
			continue;
		while (isspace((unsigned char)*s))
			s++;
		return s;
	}
	return NULL;
}

/* Does the query declare PREFIX name: itself? */
static int pk_store_declares(const char *q, const char *name)
{
	size_t n = strlen(name);
	const char *s = q;

	while ((s = pk_store_keyword(s, "PREFIX")) != NULL)
		if (strncmp(s, name, n) == 0 && s[n] == ':')
			return 1;
	return 0;
}

int pk_store_term_set(pk_term *term, librdf_node *node)
{
	librdf_uri *dt;
	const char *s;
	size_t len;

	switch (librdf_node_get_type(node)) {
	case LIBRDF_NODE_TYPE_RESOURCE:
		term->kind = PK_TERM_IRI;
		term->value = pk_strdup(
			(const char *)librdf_uri_as_string(librdf_node_get_uri(node)));
		break;
	case LIBRDF_NODE_TYPE_BLANK:
		term->kind = PK_TERM_BLANK;
		term->value = pk_strdup(
			(const char *)librdf_node_get_blank_identifier(node));
		break;
	case LIBRDF_NODE_TYPE_LITERAL:
		term->kind = PK_TERM_LITERAL;
		s = (const char *)librdf_node_get_literal_value_as_counted_string(
			node, &len);
		term->value = pk_strndup(s ? s : "", s ? len : 0);
		if ((s = librdf_node_get_literal_value_language(node)) != NULL &&
		    !(term->lang = pk_strdup(s)))
			return PK_ENOMEM;
		if ((dt = librdf_node_get_literal_value_datatype_uri(node)) != NULL &&
		    !(term->datatype = pk_strdup(
			(const char *)librdf_uri_as_string(dt))))
			return PK_ENOMEM;
		break;
	default:
		term->kind = PK_TERM_UNBOUND;
		return 0;
	}
	return term->value ? 0 : PK_ENOMEM;
}

/* From this size on an answer's cells get a mapping of their own. */
#define PK_TABLE_MAPPED ((size_t)4 << 20)

/* Append one row of unbound cells; *row points at it. */
int pk_store_table_add_row(pk_table *t, size_t *cap, pk_term **row)
{
	pk_term *cells;
	size_t ncap, size, mapped;

	*row = NULL;
	if (t->ncols == 0) {
		t->nrows++;
		return 0;
	}
	if (t->nrows == *cap) {
		ncap = *cap ? *cap * 2 : 16;
		if (ncap > ((size_t)-1) / sizeof *cells / t->ncols)
			return PK_ENOMEM;
		size = ncap * t->ncols * sizeof *cells;
		/* a large answer in a mapping of its own, grown by moving its
		 * pages: realloc copied it (the heap's top was taken), and
		 * faulted it in 4 KB at a time; not populated, as doubling
		 * leaves up to half of it unused */
		if (t->cells_mapped) {
			cells = pk_mem_remap(t->cells, t->cells_mapped, size);
			mapped = size;
		} else if (size >= PK_TABLE_MAPPED && (cells = pk_mem_map(size, 0)) != NULL) {
			memcpy(cells, t->cells, t->nrows * t->ncols * sizeof *cells);
			free(t->cells);
			mapped = size;
		} else {
			cells = realloc(t->cells, size);
			mapped = 0;
		}
		if (!cells)
			return PK_ENOMEM;
		t->cells_mapped = mapped;
		t->cells = cells;
		*cap = ncap;
	}
	*row = &t->cells[t->nrows * t->ncols];
	memset(*row, 0, t->ncols * sizeof **row);
	t->nrows++;
	return 0;
}

static int pk_store_table_names(pk_table *t, const char *const *names,
	size_t n)
{
	size_t i;

	t->names = calloc(n ? n : 1, sizeof *t->names);
	if (!t->names)
		return PK_ENOMEM;
	t->ncols = n;
	for (i = 0; i < n; i++)
		if (!(t->names[i] = pk_strdup(names[i] ? names[i] : "")))
			return PK_ENOMEM;
	return 0;
}

/* The first graph pattern in gp (itself or one inside it, subqueries
 * included) whose operator is op; NULL when there is none. */
static rasqal_graph_pattern *pk_store_gp_find(rasqal_graph_pattern *gp,
	rasqal_graph_pattern_operator op)
{
	rasqal_graph_pattern *sub, *found;
	int i;

	if (!gp)
		return NULL;
	if (rasqal_graph_pattern_get_operator(gp) == op)
		return gp;
	for (i = 0; (sub = rasqal_graph_pattern_get_sub_graph_pattern(gp, i)) != NULL; i++)
		if ((found = pk_store_gp_find(sub, op)) != NULL)
			return found;
	return NULL;
}

static void pk_store_inspect_log(void *ud, raptor_log_message *m)
{
	PK_UNUSED(ud);
	PK_UNUSED(m);
}

/* query text parsed by a Rasqal world of our own whose messages are
 * dropped: librdf reports the errors when it runs the query.  NULL when
 * it does not parse. */
static rasqal_query *pk_store_inspect(pk_store *st, const char *text)
{
	rasqal_query *rq;

	if (!st->inspect) {
		st->inspect = rasqal_new_world();
		if (!st->inspect)
			return NULL;
		if (rasqal_world_open(st->inspect)) {
			rasqal_free_world(st->inspect);
			st->inspect = NULL;
			return NULL;
		}
		rasqal_world_set_log_handler(st->inspect, NULL, pk_store_inspect_log);
	}
	rq = rasqal_new_query(st->inspect, "sparql", NULL);
	if (rq && rasqal_query_prepare(rq, (const unsigned char *)text, NULL) != 0) {
		rasqal_free_query(rq);
		rq = NULL;
	}
	return rq;
}

/* The line of the first SERVICE keyword of SPARQL text q, past comments,
 * strings, IRIs and names (ex:SERVICE, ?service); 0 when there is none.
 * Only for the message: whether a query calls a service is Rasqal's parse. */
static long pk_store_service_line(const char *q)
{
	const char *p = q, *e;
	long line = 1;
	char quote;

	while (*p) {
		if (*p == '\n') {
			line++;
			p++;
		} else if (*p == '#') {
			while (*p && *p != '\n')
				p++;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
			if (p[1] == quote && p[2] == quote) {
				/* """long""" */
				for (p += 3; *p && !(p[0] == quote && p[1] == quote && p[2] == quote); p++) {
					if (*p == '\\' && p[1])
						p++;
					if (*p == '\n')
						line++;
				}
				p += *p ? 3 : 0;
			} else {
				for (p++; *p && *p != quote && *p != '\n'; p++)
					if (*p == '\\' && p[1])
						p++;
				p += *p == quote;
			}
		} else if (*p == '<') {
			/* an IRI holds no space, quote or angle bracket; else it
			 * is the operator */
			for (e = p + 1; *e && *e != '>' && (unsigned char)*e > ' ' &&
			    !strchr("<\"{}|^`\\", *e); e++)
				;
			p = *e == '>' ? e + 1 : p + 1;
		} else if (isalnum((unsigned char)*p) || *p == '_' || *p == '?' ||
			   *p == '$' || (unsigned char)*p >= 0x80) {
			for (e = p + 1; isalnum((unsigned char)*e) || *e == '_' || *e == ':' ||
			    *e == '-' || *e == '.' || (unsigned char)*e >= 0x80; e++)
				;
			if (e - p == 7 && strncasecmp(p, "SERVICE", 7) == 0)
				return line;
			p = e;
		} else {
			p++;
		}
	}
	return 0;
}

/* Refuse a query that holds a SERVICE pattern: Rasqal would send it over
 * HTTP to the service's IRI, from this host.  Decided on Rasqal's own
 * parse (rq), so a comment or a string saying SERVICE does not count. */
static int pk_store_refuse_service(pk_store *st, rasqal_query *rq,
	const char *sparql, const char *where)
{
	rasqal_graph_pattern *gp;
	rasqal_literal *svc;
	rasqal_variable *v;
	const unsigned char *iri = NULL;
	const char *open = "<", *close = ">";
	long line;

	gp = pk_store_gp_find(rasqal_query_get_query_graph_pattern(rq),
		RASQAL_GRAPH_PATTERN_OPERATOR_SERVICE);
	if (!gp)
		return 0;
	svc = rasqal_graph_pattern_get_service(gp);
	if (svc && (v = rasqal_literal_as_variable(svc)) != NULL) {
		iri = v->name;
		open = "?";
		close = "";
	} else if (svc) {
		iri = rasqal_literal_as_string(svc);
	}
	if (!iri)
		iri = (const unsigned char *)"?";
	line = pk_store_service_line(sparql);
	if (line > 0)
		pk_diag_emit(&st->log.diag, PK_SEV_ERROR, "%s:%ld: SERVICE %s%s%s: "
			"a query that calls another server is refused (--allow-service "
			"lets it)", where, line, open, (const char *)iri, close);
	else
		pk_diag_emit(&st->log.diag, PK_SEV_ERROR, "%s: SERVICE %s%s%s: "
			"a query that calls another server is refused (--allow-service "
			"lets it)", where, open, (const char *)iri, close);
	return PK_EQUERY;
}

/* The projected variable names of query rq, from Rasqal itself: librdf
 * reports no binding names at all when a SELECT has no rows. */
int pk_store_projection(pk_table *t, rasqal_query *rq)
{
	raptor_sequence *vars;
	rasqal_variable *v;
	const char **names = NULL;
	int i, n = 0, rc = 0;

	if (!rq)
		goto out; /* it ran once: leave the table without columns */
	vars = rasqal_query_get_bound_variable_sequence(rq);
	n = vars ? raptor_sequence_size(vars) : 0;
	if (n <= 0)
		goto out;
	names = calloc((size_t)n, sizeof *names);
	if (!names) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		v = raptor_sequence_get_at(vars, i);
		names[i] = v && v->name ? (const char *)v->name : "";
	}
	rc = pk_store_table_names(t, names, (size_t)n);
out:
	free(names);
	return rc;
}

/* What an aggregate gives over no solutions (SPARQL 1.1, 18.5.1). */
typedef enum pk_store_nothing {
	PK_STORE_NOT_AGGREGATE = 0,
	PK_STORE_ZERO,      /* COUNT, SUM, AVG: 0 */
	PK_STORE_EMPTY,     /* GROUP_CONCAT: "" */
	PK_STORE_UNBOUND    /* MIN, MAX, SAMPLE: an error, so unbound */
} pk_store_nothing;

static pk_store_nothing pk_store_aggregate_of_nothing(rasqal_op op)
{
	switch (op) {
	case RASQAL_EXPR_COUNT:
	case RASQAL_EXPR_SUM:
	case RASQAL_EXPR_AVG:
		return PK_STORE_ZERO;
	case RASQAL_EXPR_GROUP_CONCAT:
		return PK_STORE_EMPTY;
	case RASQAL_EXPR_MIN:
	case RASQAL_EXPR_MAX:
	case RASQAL_EXPR_SAMPLE:
		return PK_STORE_UNBOUND;
	default:
		return PK_STORE_NOT_AGGREGATE;
	}
}

int pk_store_query_grouped(rasqal_query *rq)
{
	raptor_sequence *seq = rasqal_query_get_group_conditions_sequence(rq);

	if (seq && raptor_sequence_size(seq) > 0)
		return 1;
	seq = rasqal_query_get_having_conditions_sequence(rq);
	return seq && raptor_sequence_size(seq) > 0;
}

/* Rasqal 0.9.33 answers an aggregate over no solutions with no row;
 * SPARQL says one group, so one row (COUNT(*) is 0, not nothing).  Added
 * to an empty t when rq is a SELECT of only aggregates (each projected
 * variable one, not an expression around one) without GROUP BY, HAVING
 * or an OFFSET that would skip the row.  Other shapes keep Rasqal's
 * answer. */
static int pk_store_empty_group(pk_table *t, rasqal_query *rq)
{
	raptor_sequence *vars;
	rasqal_variable *v;
	pk_term *row = NULL;
	size_t cap = 0, i;
	int rc;

	if (!rq || t->nrows > 0 || t->ncols == 0 ||
	    rasqal_query_get_verb(rq) != RASQAL_QUERY_VERB_SELECT ||
	    rasqal_query_get_offset(rq) > 0 || rasqal_query_get_limit(rq) == 0)
		return 0;
	if (pk_store_query_grouped(rq))
		return 0;
	vars = rasqal_query_get_bound_variable_sequence(rq);
	if (!vars || raptor_sequence_size(vars) != (int)t->ncols)
		return 0;
	for (i = 0; i < t->ncols; i++) {
		v = raptor_sequence_get_at(vars, (int)i);
		if (!v || !v->expression || !v->name ||
		    strcmp((const char *)v->name, t->names[i]) != 0 ||
		    pk_store_aggregate_of_nothing(v->expression->op) ==
		    PK_STORE_NOT_AGGREGATE)
			return 0;
	}
	if ((rc = pk_store_table_add_row(t, &cap, &row)) < 0)
		return rc;
	for (i = 0; i < t->ncols; i++) {
		v = raptor_sequence_get_at(vars, (int)i);
		switch (pk_store_aggregate_of_nothing(v->expression->op)) {
		case PK_STORE_ZERO:
			row[i].kind = PK_TERM_LITERAL;
			if (!(row[i].value = pk_strdup("0")) ||
			    !(row[i].datatype = pk_strdup(PK_NS_XSD "integer")))
				return PK_ENOMEM;
			break;
		case PK_STORE_EMPTY:
			row[i].kind = PK_TERM_LITERAL;
			if (!(row[i].value = pk_strdup("")))
				return PK_ENOMEM;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* Rows of res into t, at most max_rows (t->truncated when there were
 * more), until the deadline; a DISTINCT query's repeats left out as they
 * come when order (store_order.c) says so. */
static int pk_store_collect_bindings(pk_table *t, librdf_query_results *res,
	pk_store *st, rasqal_query *rq, pk_store_order *order, size_t max_rows)
{
	const char **names = NULL;
	librdf_node *node;
	pk_term *row;
	size_t cap = 0, i;
	int n, rc = 0;

	n = librdf_query_results_get_bindings_count(res);
	if (n < 0)
		return PK_EQUERY;
	if (n == 0) {
		rc = pk_store_projection(t, rq);
	} else {
		names = calloc((size_t)n, sizeof *names);
		if (!names)
			return PK_ENOMEM;
		for (i = 0; i < (size_t)n; i++)
			names[i] = librdf_query_results_get_binding_name(res, (int)i);
		rc = pk_store_table_names(t, names, (size_t)n);
	}
	if (rc < 0)
		goto out;
	while (!librdf_query_results_finished(res) &&
	    !pk_store_match_expired(&st->match, 1)) {
		if (t->nrows == max_rows) {
			t->truncated = 1;
			break;
		}
		if ((rc = pk_store_table_add_row(t, &cap, &row)) < 0)
			goto out;
		for (i = 0; i < t->ncols; i++) {
			node = librdf_query_results_get_binding_value(res, (int)i);
			if (!node)
				continue;
			rc = pk_store_term_set(&row[i], node);
			librdf_free_node(node);
			if (rc < 0)
				goto out;
		}
		if (order && (rc = pk_store_order_keep(order, t)) < 0)
			goto out;
		rc = 0;
		librdf_query_results_next(res);
	}
	/* no rows because the deadline cut the query short is no answer */
	if (rc == 0 && !st->match.expired)
		rc = pk_store_empty_group(t, rq);
out:
	free(names);
	return rc;
}

/* The triples of a CONSTRUCT into t, as the rows of bindings are. */
static int pk_store_collect_graph(pk_table *t, librdf_query_results *res,
	pk_store *st, size_t max_rows)
{
	static const char *const names[] = { "subject", "predicate", "object" };
	librdf_stream *s = NULL;
	librdf_statement *stmt;
	pk_term *row;
	size_t cap = 0;
	int rc;

	if ((rc = pk_store_table_names(t, names, 3)) < 0)
		return rc;
	t->is_graph = 1;
	s = librdf_query_results_as_stream(res);
	if (!s)
		return 0; /* an empty graph */
	while (!librdf_stream_end(s) && !pk_store_match_expired(&st->match, 1)) {
		stmt = librdf_stream_get_object(s);
		if (stmt && t->nrows == max_rows) {
			t->truncated = 1;
			break;
		}
		if (stmt) {
			if ((rc = pk_store_table_add_row(t, &cap, &row)) < 0 ||
			    (rc = pk_store_term_set(&row[0],
				librdf_statement_get_subject(stmt))) < 0 ||
			    (rc = pk_store_term_set(&row[1],
				librdf_statement_get_predicate(stmt))) < 0 ||
			    (rc = pk_store_term_set(&row[2],
				librdf_statement_get_object(stmt))) < 0)
				goto out;
		}
		librdf_stream_next(s);
	}
out:
	librdf_free_stream(s);
	return rc;
}

/* "no answer within N seconds" when the deadline cut the query short:
 * expired is set only where a reading or a row loop stopped because of
 * it, so an answer completed just past the deadline still stands. */
static int pk_store_timed_out(pk_store *st, const char *where, double timeout)
{
	if (!st->match.expired)
		return 0;
	pk_diag_emit(&st->log.diag, PK_SEV_ERROR, "%s: no answer within %g "
		"seconds (the query's time limit, --timeout)", where, timeout);
	return PK_EQUERY;
}

/* Run text (the query with its prefixes) over model and copy its answer
 * into *out, at most max_rows rows.  rq is our own parse of it (or
 * NULL), sparql the user's text, for the messages; order the plan of
 * store_order.c the text was stripped by, or NULL. */
static int pk_store_run(pk_table **out, pk_store *st, librdf_model *model,
	const char *text, rasqal_query *rq, const char *sparql,
	const pk_query_options *o, pk_store_order *order, size_t max_rows)
{
	const char *where = o->name ? o->name : "query";
	const pk_diag *diag = &st->log.diag;
	librdf_query *q = NULL;
	librdf_query_results *res = NULL;
	pk_table *t = NULL;
	int errors = st->log.errors, b, rc = 0;

	*out = NULL;
	q = librdf_new_query(st->world, "sparql", NULL,
		(const unsigned char *)text, NULL);
	if (q)
		res = librdf_model_query_execute(model, q);
	if ((rc = pk_store_timed_out(st, where, o->timeout)) < 0)
		goto out;
	if (!q || !res || st->log.errors != errors) {
		/* Rasqal 0.9.33 fails DESCRIBE <iri> without saying why. */
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: SPARQL query failed%s", where,
			st->log.errors == errors && pk_store_keyword(sparql, "DESCRIBE") ?
			" (DESCRIBE is not implemented by Rasqal; use CONSTRUCT)" : "");
		rc = PK_EQUERY;
		goto out;
	}

	t = calloc(1, sizeof *t);
	if (!t) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (librdf_query_results_is_boolean(res)) {
		b = librdf_query_results_get_boolean(res);
		if (b < 0) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: no boolean result", where);
			rc = PK_EQUERY;
			goto out;
		}
		t->is_boolean = 1;
		t->boolean = b > 0;
	} else if (librdf_query_results_is_bindings(res)) {
		rc = pk_store_collect_bindings(t, res, st, rq, order, max_rows);
	} else if (librdf_query_results_is_graph(res)) {
		rc = pk_store_collect_graph(t, res, st, max_rows);
		if (rc == 0 && t->nrows == 0 && pk_store_keyword(sparql, "DESCRIBE"))
			pk_diag_emit(diag, PK_SEV_WARNING, "%s: DESCRIBE is not "
				"implemented by Rasqal (always empty); use CONSTRUCT", where);
	} else {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: unsupported result kind", where);
		rc = PK_EQUERY;
		goto out;
	}
	/* an answer cut short by the deadline is no answer */
	if (rc == 0)
		rc = pk_store_timed_out(st, where, o->timeout);
	else if (rc == PK_ENOMEM)
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: out of memory", where);
	else
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot read the results", where);
	if (rc == 0 && st->log.errors != errors) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: SPARQL query failed", where);
		rc = PK_EQUERY;
	}
	if (rc < 0)
		goto out;
	*out = t;
	t = NULL;
out:
	pk_table_free(t);
	if (res)
		librdf_free_query_results(res);
	if (q)
		librdf_free_query(q);
	return rc;
}

/* The rows of t past its first max_rows dropped, t->truncated set. */
static void pk_store_table_cut(pk_table *t, size_t max_rows)
{
	size_t i;

	if (t->nrows <= max_rows)
		return;
	for (i = max_rows * t->ncols; !t->strings && i < t->nrows * t->ncols; i++) {
		free(t->cells[i].value);
		free(t->cells[i].lang);
		free(t->cells[i].datatype);
	}
	t->nrows = max_rows;
	t->truncated = 1;
}

int pk_store_query_with(pk_table **out, pk_store *st, const char *sparql,
	const pk_query_options *opts)
{
	pk_query_options o = PK_QUERY_OPTIONS_INIT;
	const char *where;
	pk_buf text = PK_BUF_INIT;
	rasqal_query *rq = NULL;
	pk_store_order *order = NULL;
	char *unordered = NULL;
	pk_table *t = NULL;
	librdf_model *model;
	const pk_diag *diag;
	long added = 0;
	int rc = 0;
	size_t i;

	*out = NULL;
	if (!st || !sparql)
		return PK_EUSAGE;
	if (opts)
		o = *opts;
	if (o.timeout == 0)
		o.timeout = PK_QUERY_DEFAULT_TIMEOUT;
	if (o.max_rows == 0)
		o.max_rows = PK_QUERY_DEFAULT_MAX_ROWS;
	where = o.name ? o.name : "query";
	diag = &st->log.diag;
	pk_store_match_deadline(&st->match, o.timeout);
	for (i = 0; i < pk_prefixes_len; i++) {
		if (pk_store_declares(sparql, pk_prefixes[i].prefix))
			continue;
		if (pk_buf_printf(&text, "PREFIX %s: <%s>\n", pk_prefixes[i].prefix,
			pk_prefixes[i].iri) < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		added++;
	}
	if (pk_buf_puts(&text, sparql) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}

	/* Rasqal's messages name the query and the user's line numbers. */
	st->log.where = where;
	st->log.line_offset = added;
	rq = pk_store_inspect(st, text.ptr);
	if (rq && !o.allow_service &&
	    (rc = pk_store_refuse_service(st, rq, sparql, where)) < 0)
		goto out;
	model = st->ix.uni;
	if (rq && pk_store_gp_find(rasqal_query_get_query_graph_pattern(rq),
		RASQAL_GRAPH_PATTERN_OPERATOR_GRAPH)) {
		if ((rc = pk_store_need_graphs(st)) < 0)
			goto out;
		model = st->ix.graphs;
	}
	if ((rc = pk_store_match_use(&st->match, st->world, model)) < 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: cannot set up the query", where);
		goto out;
	}
	/* a range of dates in the filters read from the date index */
	if ((rc = pk_store_range_plan(st, rq, model)) < 0)
		goto out;
	/* Rasqal's ORDER BY is quadratic on presorted rows, its DISTINCT
	 * on any: done here when store_order.c can (every row kept until
	 * then), else as before */
	if ((rc = pk_store_order_plan(&order, &unordered, rq, text.ptr)) < 0)
		goto out;
	if (order) {
		/* the common shape on term ids (store_eval.c), else Rasqal */
		rc = model == st->ix.uni && !o.rasqal_only ?
			pk_store_eval(&t, st, rq, text.ptr, order) : 1;
		if (rc == 0)
			rc = pk_store_timed_out(st, where, o.timeout);
		else if (rc == 1)
			rc = pk_store_run(&t, st, model, unordered, rq, sparql, &o, order,
				PK_QUERY_NO_ROW_LIMIT);
		else
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", where, rc == PK_ENOMEM ?
				"out of memory" : "cannot read the store");
		if (rc < 0)
			goto out;
		rc = pk_store_order_sort_table(order, t, librdf_world_get_rasqal(st->world));
		if (rc < 0) {
			pk_diag_emit(diag, PK_SEV_ERROR, "%s: out of memory", where);
			goto out;
		}
		if (rc == 0)
			pk_store_table_cut(t, o.max_rows);
		else {
			pk_table_free(t);
			t = NULL;
		}
	}
	if (!t && (rc = pk_store_run(&t, st, model, text.ptr, rq, sparql, &o, NULL,
		o.max_rows)) < 0)
		goto out;
	*out = t;
	t = NULL;
out:
	st->log.where = st->path;
	st->log.line_offset = 0;
	pk_store_match_deadline(&st->match, -1);
	pk_store_range_clear(&st->match.range);
	pk_table_free(t);
	pk_store_order_free(order);
	free(unordered);
	if (rq)
		rasqal_free_query(rq);
	pk_buf_free(&text);
	return rc;
}

int pk_store_query_named(pk_table **out, pk_store *st, const char *sparql,
	const char *name)
{
	pk_query_options o = PK_QUERY_OPTIONS_INIT;

	o.timeout = -1;
	o.max_rows = PK_QUERY_NO_ROW_LIMIT;
	o.name = name;
	return pk_store_query_with(out, st, sparql, &o);
}

int pk_store_query(pk_table **out, pk_store *st, const char *sparql)
{
	return pk_store_query_named(out, st, sparql, NULL);
}
