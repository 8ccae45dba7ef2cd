/*
 * store_match.c - how Rasqal reads a store: the triples source that turns
 * each triple pattern of a query into a librdf find over the store's
 * indexes (sp2o, po2s, so2p, p2so).
 *
 * librdf brings a triples source of its own; this one replaces it for
 * the store's queries (pk_store_match_use, before each query) to fix two
 * costs that made the canned queries take minutes on 100k triples:
 *
 *   - A pattern whose subject, predicate and object are all known when it
 *     runs (?x a pkg:Agreement after ?x was bound) was a scan of the whole
 *     store: the hashes storage has no index keyed on all three.  Here it
 *     is a lookup of all three, which the LMDB index (store_lmdb_read.c)
 *     answers with one seek of (s, p, o).
 *
 *   - Rasqal 0.9.33 gives each part of a group its own variable scope, so
 *     a pattern in an OPTIONAL (or after a UNION) counts as the one that
 *     binds the variables it shares with what came before.  Its triple
 *     meta then holds them, and every reset of the OPTIONAL for the next
 *     left row clears them: from the second row on, the OPTIONAL ran
 *     without the left row's values, a scan of its whole predicate per
 *     row (and, when a BGP's later pattern was what advanced, a left row
 *     lost its values: the cross products the query files warned about).
 *     Here a variable that already has a value the first time its pattern
 *     runs is taken as given by an outer pattern: it is looked up with
 *     that value and left for its owner to clear.  A variable without a
 *     value then is bound and cleared as Rasqal asks, every time after.
 *
 * And a pattern without variables inside GRAPH ?g is looked up in that
 * graph (librdf's source asked whether any graph held it).
 *
 * A pattern ?s <p> ?d whose ?d the query's filters hold to a range of
 * dates (store_range.c, st->match.range) is found date by date over the
 * dates the index has in that range, in id order: the statements of the
 * whole predicate that the filters would keep, in the order it gives them.
 *
 * It is also where a query's time limit holds: Rasqal offers no way to
 * stop a query, and can work long before its first row (ORDER BY, COUNT
 * or DISTINCT over a cross product), but all that work reads triples
 * from here.  Past the deadline every pattern reports its end, Rasqal
 * runs out of input and finishes, and the caller, seeing the deadline
 * expired, throws the answer away.  Values go
 * between Rasqal literals and librdf nodes as librdf's own source does
 * it; GRAPH patterns see the store's documents as named graphs when the
 * model has contexts.
 */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One triples source: a query over model. */
typedef struct pk_match_source {
	librdf_world *world;
	rasqal_world *rworld;
	librdf_model *model;
	pk_store_match *ctx;   /* the deadline */
} pk_match_source;

/* One pattern's matches: one find, or, for the pattern a range of
 * dates narrows, one find per object of the range, in turn. */
typedef struct pk_match {
	pk_match_source *src;
	librdf_stream *stream;
	librdf_node *pred;            /* the narrowed pattern's predicate */
	const pk_store_range *range;  /* NULL: not narrowed */
	size_t next;                  /* the range's object to find next */
} pk_match;

/* ---- the deadline ------------------------------------------------------------------ */

void pk_store_match_deadline(pk_store_match *ctx, double seconds)
{
	ctx->timed = 0;
	ctx->expired = 0;
	ctx->calls = 0;
	if (seconds < 0 || clock_gettime(CLOCK_MONOTONIC, &ctx->deadline) != 0)
		return;
	/* a limit past a few years is no limit (and must not overflow) */
	if (seconds > 1e8)
		return;
	ctx->deadline.tv_sec += (time_t)seconds;
	ctx->deadline.tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
	if (ctx->deadline.tv_nsec >= 1000000000L) {
		ctx->deadline.tv_sec++;
		ctx->deadline.tv_nsec -= 1000000000L;
	}
	ctx->timed = 1;
}

int pk_store_match_expired(pk_store_match *ctx, int now)
{
	struct timespec ts;

	if (!ctx || !ctx->timed || ctx->expired)
		return ctx ? ctx->expired : 0;
	/* a read costs microseconds; the clock is looked at every 64 */
	if (!now && ++ctx->calls < 64)
		return 0;
	ctx->calls = 0;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	if (ts.tv_sec > ctx->deadline.tv_sec || (ts.tv_sec == ctx->deadline.tv_sec &&
	    ts.tv_nsec >= ctx->deadline.tv_nsec))
		ctx->expired = 1;
	return ctx->expired;
}

/* ---- values ------------------------------------------------------------------------ */

/* The librdf node for a Rasqal value; NULL when it has none (a value
 * computed as something no triple can hold). */
librdf_node *pk_store_match_node(librdf_world *world, rasqal_literal *l)
{
	if (!l)
		return NULL;
	switch (rasqal_literal_get_rdf_term_type(l)) {
	case RASQAL_LITERAL_URI:
		return librdf_new_node_from_uri(world, (librdf_uri *)l->value.uri);
	case RASQAL_LITERAL_STRING:
		return librdf_new_node_from_typed_literal(world, l->string,
			l->language, (librdf_uri *)l->datatype);
	case RASQAL_LITERAL_BLANK:
		return librdf_new_node_from_blank_identifier(world, l->string);
	default:
		return NULL;
	}
}

static unsigned char *pk_match_strdup(const unsigned char *s, size_t len)
{
	unsigned char *p = rasqal_alloc_memory(len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/* The Rasqal value for a librdf node (NULL when out of memory). */
rasqal_literal *pk_store_match_literal(rasqal_world *rw, librdf_node *node)
{
	unsigned char *s, *str;
	char *lang = NULL;
	const char *l;
	librdf_uri *dt;
	raptor_uri *dtc = NULL;
	size_t len;

	if (librdf_node_is_resource(node))
		return rasqal_new_uri_literal(rw,
			librdf_new_uri_from_uri(librdf_node_get_uri(node)));
	if (librdf_node_is_blank(node)) {
		s = librdf_node_get_blank_identifier(node);
		str = s ? pk_match_strdup(s, strlen((const char *)s)) : NULL;
		return str ? rasqal_new_simple_literal(rw, RASQAL_LITERAL_BLANK, str) :
			NULL;
	}
	s = librdf_node_get_literal_value_as_counted_string(node, &len);
	str = s ? pk_match_strdup(s, len) : NULL;
	if (!str)
		return NULL;
	l = librdf_node_get_literal_value_language(node);
	if (l) {
		lang = (char *)pk_match_strdup((const unsigned char *)l, strlen(l));
		if (!lang) {
			rasqal_free_memory(str);
			return NULL;
		}
	}
	dt = librdf_node_get_literal_value_datatype_uri(node);
	if (dt)
		dtc = librdf_new_uri_from_uri(dt);
	/* takes str, lang and dtc */
	return rasqal_new_string_literal(rw, str, lang, dtc, NULL);
}

/* ---- one pattern ------------------------------------------------------------------- */

/* The statements matching s p o (NULL: any) in context g (NULL: the
 * default graph).  Takes the nodes. */
static int pk_match_find(pk_match *pm, librdf_node *s, librdf_node *p,
	librdf_node *o, librdf_node *g)
{
	librdf_statement *q;
	int rc = 0;

	/* s, p and o all given: the LMDB index seeks (s, p, o) itself, a
	 * B+tree search; filtering the objects of (s, p) here cost a walk
	 * of every object per lookup (together: a's documents times b's) */
	q = librdf_new_statement_from_nodes(pm->src->world, s, p, o);
	s = p = o = NULL;
	if (!q) {
		rc = -1;
		goto out;
	}
	pm->stream = g ? librdf_model_find_statements_in_context(pm->src->model, q, g) :
		librdf_model_find_statements(pm->src->model, q);
	if (!pm->stream) {
		rc = -1;
		goto out;
	}
out:
	if (q)
		librdf_free_statement(q);
	if (g)
		librdf_free_node(g);
	return rc;
}

/* The narrowed pattern's next find that has statements, or its end:
 * an empty stream once every object was found (or one failed). */
static int pk_match_range_next(pk_match *pm)
{
	const pk_store_range *r = pm->range;
	librdf_node *p, *o;
	int rc = 0;

	while ((!pm->stream || librdf_stream_end(pm->stream)) && pm->next < r->nobjs) {
		if (pm->stream)
			librdf_free_stream(pm->stream);
		pm->stream = NULL;
		p = librdf_new_node_from_node(pm->pred);
		o = librdf_new_node_from_node(r->objs[pm->next++]);
		if (!p || !o) {
			if (p)
				librdf_free_node(p);
			if (o)
				librdf_free_node(o);
			rc = -1;
			break;
		}
		/* takes p and o */
		if ((rc = pk_match_find(pm, NULL, p, o, NULL)) < 0)
			break;
	}
	if (rc < 0)
		pm->next = r->nobjs;
	if (!pm->stream)
		pm->stream = librdf_new_empty_stream(pm->src->world);
	return rc < 0 || !pm->stream ? -1 : 0;
}

/* Does the query's range narrow triple t, which is to be found with
 * the nodes node (NULL: bound by this pattern)?  Only when the pattern
 * binds both its subject and its object, outside GRAPH. */
static int pk_match_narrowed(const pk_store_range *r, rasqal_triple *t,
	librdf_node *const node[4])
{
	rasqal_variable *s, *o;

	if (!r->predicate || node[0] || node[2] || t->origin || !t->predicate ||
	    t->predicate->type != RASQAL_LITERAL_URI)
		return 0;
	s = rasqal_literal_as_variable(t->subject);
	o = rasqal_literal_as_variable(t->object);
	return s && o && s != o && o->name &&
		strcmp((const char *)o->name, r->var) == 0 &&
		strcmp((const char *)raptor_uri_as_string(t->predicate->value.uri),
			r->predicate) == 0;
}

static rasqal_triple_parts pk_match_bind(rasqal_triples_match *rtm, void *ud,
	rasqal_variable *bindings[4], rasqal_triple_parts parts)
{
	static const rasqal_triple_parts bit[4] = { RASQAL_TRIPLE_SUBJECT,
		RASQAL_TRIPLE_PREDICATE, RASQAL_TRIPLE_OBJECT, RASQAL_TRIPLE_ORIGIN };
	pk_match *pm = rtm->user_data;
	librdf_statement *s;
	librdf_node *node[4];
	rasqal_literal *l;
	int i, j, dup;

	(void)ud;
	s = librdf_stream_get_object(pm->stream);
	if (!s)
		return (rasqal_triple_parts)0;
	node[0] = librdf_statement_get_subject(s);
	node[1] = librdf_statement_get_predicate(s);
	node[2] = librdf_statement_get_object(s);
	node[3] = librdf_stream_get_context2(pm->stream);
	/* the same unbound variable twice (?x ?p ?x): the parts must agree */
	for (i = 1; i < 4; i++)
		for (j = 0; j < i; j++)
			if (bindings[i] && bindings[j] == bindings[i] &&
			    !(node[i] && node[j] && librdf_node_equals(node[i], node[j])))
				return (rasqal_triple_parts)0;
	for (i = 0; i < 4; i++) {
		if (!bindings[i] || !(parts & bit[i]))
			continue;
		for (dup = 0, j = 0; j < i; j++)
			if (bindings[j] == bindings[i] && (parts & bit[j]))
				dup = 1;
		if (dup)
			continue;
		l = node[i] ? pk_store_match_literal(pm->src->rworld, node[i]) : NULL;
		rasqal_variable_set_value(bindings[i], l);
	}
	/* Parts taken from outer values are not rebound here; the match
	 * stands for them all. */
	return parts ? parts : RASQAL_TRIPLE_SPO;
}

static void pk_match_next(rasqal_triples_match *rtm, void *ud)
{
	pk_match *pm = rtm->user_data;

	(void)ud;
	librdf_stream_next(pm->stream);
	/* a failed find ends the pattern, as a failed read of one does */
	if (pm->range)
		pk_match_range_next(pm);
}

static int pk_match_is_end(rasqal_triples_match *rtm, void *ud)
{
	pk_match *pm = rtm->user_data;

	(void)ud;
	return pk_store_match_expired(pm->src->ctx, 0) || !pm->stream ||
		librdf_stream_end(pm->stream);
}

static void pk_match_finish(rasqal_triples_match *rtm, void *ud)
{
	pk_match *pm = rtm->user_data;

	(void)ud;
	if (!pm)
		return;
	if (pm->stream)
		librdf_free_stream(pm->stream);
	if (pm->pred)
		librdf_free_node(pm->pred);
	free(pm);
	rtm->user_data = NULL;
}

static int pk_match_init(rasqal_triples_match *rtm, rasqal_triples_source *rts,
	void *ud, rasqal_triple_meta *m, rasqal_triple *t)
{
	pk_match_source *src = ud;
	rasqal_literal *part[4];
	librdf_node *node[4] = { NULL, NULL, NULL, NULL };
	rasqal_variable *v;
	pk_match *pm;
	int i;

	(void)rts;
	rtm->bind_match = pk_match_bind;
	rtm->next_match = pk_match_next;
	rtm->is_end = pk_match_is_end;
	rtm->finish = pk_match_finish;
	pm = calloc(1, sizeof *pm);
	if (!pm)
		return 1;
	pm->src = src;
	rtm->user_data = pm;
	part[0] = t->subject;
	part[1] = t->predicate;
	part[2] = t->object;
	part[3] = t->origin;
	for (i = 0; i < 4; i++) {
		if (!part[i])
			continue;
		v = rasqal_literal_as_variable(part[i]);
		if (!v) {
			node[i] = pk_store_match_node(src->world, part[i]);
			if (!node[i])
				goto fail;
			continue;
		}
		if (!v->value) {
			/* this pattern binds it, and clears it on reset */
			m->bindings[i] = v;
			continue;
		}
		/* A value the first time this pattern runs comes from outside
		 * it: look it up, leave it to whoever set it.  Once this
		 * pattern has bound the variable, it keeps binding it. */
		node[i] = pk_store_match_node(src->world, v->value);
		if (!node[i])
			goto fail;
	}
	if (pk_match_narrowed(&src->ctx->range, t, node)) {
		/* the objects of the range in turn, the predicate kept */
		pm->range = &src->ctx->range;
		pm->pred = node[1];
		src->ctx->narrowed++;
		return pk_match_range_next(pm) < 0 ? 1 : 0;
	}
	if (pk_match_find(pm, node[0], node[1], node[2], node[3]) < 0)
		return 1;
	return 0;
fail:
	/* a value that is no RDF term matches nothing: an empty stream */
	for (i = 0; i < 4; i++)
		if (node[i])
			librdf_free_node(node[i]);
	pm->stream = librdf_new_empty_stream(src->world);
	return pm->stream ? 0 : 1;
}

/* An all-constant pattern: whether the store holds it. */
static int pk_match_present(rasqal_triples_source *rts, void *ud, rasqal_triple *t)
{
	pk_match_source *src = ud;
	librdf_node *s, *p, *o, *g = NULL;
	pk_match pm;
	int found;

	(void)rts;
	if (pk_store_match_expired(src->ctx, 0))
		return 0;
	memset(&pm, 0, sizeof pm);
	pm.src = src;
	s = pk_store_match_node(src->world, t->subject);
	p = pk_store_match_node(src->world, t->predicate);
	o = pk_store_match_node(src->world, t->object);
	if (t->origin && !rasqal_literal_as_variable(t->origin))
		g = pk_store_match_node(src->world, t->origin);
	if (!s || !p || !o) {
		if (s)
			librdf_free_node(s);
		if (p)
			librdf_free_node(p);
		if (o)
			librdf_free_node(o);
		if (g)
			librdf_free_node(g);
		return 0;
	}
	if (pk_match_find(&pm, s, p, o, g) < 0)
		found = 0;
	else
		found = !librdf_stream_end(pm.stream);
	if (pm.stream)
		librdf_free_stream(pm.stream);
	return found;
}

static void pk_match_source_free(void *ud)
{
	(void)ud;
}

/* ---- the factory ------------------------------------------------------------------- */

/* FROM clauses are ignored (no loading from the network); the store's
 * documents are the named graphs GRAPH ?g ranges over. */
static int pk_match_source_new(rasqal_query *rq, void *factory_ud, void *ud,
	rasqal_triples_source *rts)
{
	pk_store_match *ctx = factory_ud;
	pk_match_source *src = ud;
	raptor_sequence *seq;
	librdf_iterator *it;
	librdf_node *g;
	raptor_uri *u;
	rasqal_data_graph *dg;

	src->world = ctx->world;
	src->rworld = librdf_world_get_rasqal(ctx->world);
	src->model = ctx->model;
	src->ctx = ctx;
	seq = rasqal_query_get_data_graph_sequence(rq);
	while (seq && raptor_sequence_size(seq) > 0)
		rasqal_free_data_graph(raptor_sequence_pop(seq));
	if (librdf_model_supports_contexts(src->model)) {
		it = librdf_model_get_contexts(src->model);
		while (it && !librdf_iterator_end(it)) {
			g = librdf_iterator_get_object(it);
			u = g && librdf_node_is_resource(g) ? librdf_node_get_uri(g) : NULL;
			dg = u ? rasqal_new_data_graph_from_uri(src->rworld, u, u,
				RASQAL_DATA_GRAPH_NAMED, NULL, NULL, NULL) : NULL;
			if (dg)
				rasqal_query_add_data_graph(rq, dg);
			librdf_iterator_next(it);
		}
		if (it)
			librdf_free_iterator(it);
	}
	rts->version = 1;
	rts->init_triples_match = pk_match_init;
	rts->triple_present = pk_match_present;
	rts->free_triples_source = pk_match_source_free;
	return 0;
}

static int pk_match_register(rasqal_triples_source_factory *f)
{
	f->version = 1;
	f->user_data_size = sizeof(pk_match_source);
	f->new_triples_source = pk_match_source_new;
	f->init_triples_source = NULL;
	f->init_triples_source2 = NULL;
	return 0;
}

int pk_store_match_use(pk_store_match *ctx, librdf_world *world,
	librdf_model *model)
{
	rasqal_world *rw = librdf_world_get_rasqal(world);

	ctx->world = world;
	ctx->model = model;
	if (!rw || rasqal_set_triples_source_factory(rw, pk_match_register, ctx))
		return PK_EQUERY;
	return 0;
}
