/*
 * ruleset_build.c - one builder per section kind: [entity], [title],
 * [particles], [lexicon], [rule], [boilerplate] and [meta] become the
 * entries of the pk_ruleset, each key checked (a class, a yield, an
 * integer), patterns compiled through ruleset_macro.c and triggers
 * through ruleset_trigger.c.  References between entries are checked
 * once everything is built (ruleset_check.c).
 */
#include "pipeline/ruleset_int.h"
#include "pipeline/schema.h"

#include <stdlib.h>
#include <string.h>

static int pk_ruleset_valid_id(const char *id)
{
	const char *p;

	if (!id || !*id)
		return 0;
	for (p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return 1;
}

/* ---- building each kind ------------------------------------------- */

int pk_ruleset_add_entity(pk_loader *ld, pk_section *s)
{
	pk_ruleset *rs = ld->rs;
	pk_entity *e, *arr;
	const char *cls, *v;

	if (!pk_ruleset_valid_id(s->id)) {
		pk_ruleset_error(ld, s->file, s->line,
			"entity id must be lower-case letters, digits, '-', '_' or '.'");
		return 0;
	}
	if (rs->nentities == ld->entity_cap) {
		size_t cap = ld->entity_cap ? ld->entity_cap * 2 : 64;

		if (!(arr = realloc(rs->entities, cap * sizeof *arr)))
			return PK_ENOMEM;
		rs->entities = arr;
		ld->entity_cap = cap;
	}
	e = &rs->entities[rs->nentities];
	memset(e, 0, sizeof *e);
	e->id = pk_strdup(s->id);
	e->file = pk_strdup(s->file);
	e->line = s->line;
	e->order = rs->nentities;
	if (!e->id || !e->file)
		goto nomem;
	rs->nentities++;
	cls = pk_section_str(s, "class");
	if (!cls) {
		pk_ruleset_error(ld, s->file, s->line, "entity '%s' has no class", s->id);
	} else {
		pk_class c = pk_class_by_name(cls);

		if (c == PK_CLASS__COUNT)
			pk_ruleset_error(ld, s->file, pk_section_get(s, "class")->line,
				"unknown class '%s' (GovernmentBody, InternationalOrganization, "
				"Company, Organization, Country or Place)", cls);
		e->cls = (pk_class)(c % PK_CLASS__COUNT);
	}
	v = pk_section_str(s, "ko");
	if (!v || !*v)
		pk_ruleset_error(ld, s->file, s->line, "entity '%s' has no 'ko' label", s->id);
	else if (!(e->ko = pk_strdup(v)))
		goto nomem;
	if ((v = pk_section_str(s, "en")) && !(e->en = pk_strdup(v)))
		goto nomem;
	if ((v = pk_section_str(s, "alias")) && pk_ruleset_split(&e->aliases, &e->naliases, v) < 0)
		goto nomem;
	if ((v = pk_section_str(s, "abbr")) && pk_ruleset_split(&e->abbrs, &e->nabbrs, v) < 0)
		goto nomem;
	if ((v = pk_section_str(s, "glue")) && pk_ruleset_split(&e->glue, &e->nglue, v) < 0)
		goto nomem;
	if ((v = pk_section_str(s, "parent")) && !(e->parent = pk_strdup(v)))
		goto nomem;
	if ((v = pk_section_str(s, "country")) && !(e->country = pk_strdup(v)))
		goto nomem;
	pk_section_int(ld, s, "priority", 0, &e->priority);
	return 0;
nomem:
	return PK_ENOMEM;
}

int pk_ruleset_add_title(pk_loader *ld, pk_section *s)
{
	pk_ruleset *rs = ld->rs;
	pk_title *t, *arr;
	const char *v;

	if (!pk_ruleset_valid_id(s->id)) {
		pk_ruleset_error(ld, s->file, s->line,
			"title id must be lower-case letters, digits, '-', '_' or '.'");
		return 0;
	}
	arr = realloc(rs->titles, (rs->ntitles + 1) * sizeof *arr);
	if (!arr)
		return PK_ENOMEM;
	rs->titles = arr;
	t = &rs->titles[rs->ntitles];
	memset(t, 0, sizeof *t);
	t->line = s->line;
	if (!(t->id = pk_strdup(s->id)) || !(t->file = pk_strdup(s->file)))
		return PK_ENOMEM;
	rs->ntitles++;
	v = pk_section_str(s, "ko");
	if (!v || !*v)
		pk_ruleset_error(ld, s->file, s->line, "title '%s' has no 'ko' form", s->id);
	else if (!(t->ko = pk_strdup(v)))
		return PK_ENOMEM;
	if ((v = pk_section_str(s, "en")) && !(t->en = pk_strdup(v)))
		return PK_ENOMEM;
	if ((v = pk_section_str(s, "alias")) && pk_ruleset_split(&t->aliases, &t->naliases, v) < 0)
		return PK_ENOMEM;
	if ((v = pk_section_str(s, "in-international-organization")) && !(t->in_intl = pk_strdup(v)))
		return PK_ENOMEM;
	if ((v = pk_section_str(s, "in-company")) && !(t->in_company = pk_strdup(v)))
		return PK_ENOMEM;
	if ((v = pk_section_str(s, "implicit-org")) && !(t->implicit_org = pk_strdup(v)))
		return PK_ENOMEM;
	return 0;
}

int pk_ruleset_add_particles(pk_loader *ld, pk_section *s)
{
	pk_ruleset *rs = ld->rs;
	size_t i, j;

	for (i = 0; i < s->nkv; i++) {
		pk_particle_group *g, *arr;

		s->kv[i].used = 1;
		for (j = 0; s->kv[i].key[j]; j++) {
			char c = s->kv[i].key[j];

			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
				break;
		}
		if (s->kv[i].key[j] || j == 0) {
			pk_ruleset_error(ld, s->file, s->kv[i].line,
				"particle group names are lower-case letters, digits and '_'");
			continue;
		}
		for (j = 0; j < rs->nparticles; j++)
			if (strcmp(rs->particles[j].name, s->kv[i].key) == 0)
				break;
		if (j < rs->nparticles) {
			pk_ruleset_error(ld, s->file, s->kv[i].line,
				"particle group '%s' defined twice", s->kv[i].key);
			continue;
		}
		arr = realloc(rs->particles, (rs->nparticles + 1) * sizeof *arr);
		if (!arr)
			return PK_ENOMEM;
		rs->particles = arr;
		g = &rs->particles[rs->nparticles];
		memset(g, 0, sizeof *g);
		if (!(g->name = pk_strdup(s->kv[i].key)))
			return PK_ENOMEM;
		rs->nparticles++;
		if (pk_ruleset_split(&g->forms, &g->nforms, s->kv[i].value) < 0)
			return PK_ENOMEM;
	}
	return 0;
}

int pk_ruleset_add_lexicon(pk_loader *ld, pk_section *s)
{
	pk_ruleset *rs = ld->rs;
	pk_lexicon *lx, *arr;
	pk_lex lex;
	size_t i;

	if (!pk_ruleset_valid_id(s->id)) {
		pk_ruleset_error(ld, s->file, s->line,
			"lexicon name must be lower-case letters, digits, '-', '_' or '.'");
		return 0;
	}
	arr = realloc(rs->lexicons, (rs->nlexicons + 1) * sizeof *arr);
	if (!arr)
		return PK_ENOMEM;
	rs->lexicons = arr;
	lx = &rs->lexicons[rs->nlexicons];
	memset(lx, 0, sizeof *lx);
	if (!(lx->name = pk_strdup(s->id)))
		return PK_ENOMEM;
	rs->nlexicons++;
	/* the stages read it by its pk_lex (a second of one name is a
	 * duplicate id, reported by ruleset_check.c) */
	lex = pk_lex_by_name(s->id);
	if (lex != PK_LEX_NONE && !rs->lex_at[lex])
		rs->lex_at[lex] = rs->nlexicons;
	lx->entries = calloc(s->nkv + 1, sizeof *lx->entries);
	if (!lx->entries)
		return PK_ENOMEM;
	for (i = 0; i < s->nkv; i++) {
		pk_lexicon_entry *e = &lx->entries[lx->nentries];

		s->kv[i].used = 1;
		if (!(e->value = pk_strdup(s->kv[i].key)))
			return PK_ENOMEM;
		lx->nentries++;
		if (pk_ruleset_split(&e->forms, &e->nforms, s->kv[i].value) < 0)
			return PK_ENOMEM;
		if (e->nforms == 0)
			pk_ruleset_error(ld, s->file, s->kv[i].line, "lexicon %s: '%s' lists no forms",
				s->id, s->kv[i].key);
		/* a value the later stages have no meaning for (schema.c):
		 * day-1 must not be read as some other unit */
		if (!pk_schema_value_ok(lex, s->kv[i].key)) {
			pk_buf expected = PK_BUF_INIT;
			int rc = pk_schema_values_text(&expected, lex);

			if (rc == 0)
				pk_ruleset_error(ld, s->file, s->kv[i].line,
					"lexicon %s: '%s' is no value the extractor knows (%s)",
					s->id, s->kv[i].key, expected.ptr);
			pk_buf_free(&expected);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}


/* Give each named group of r's pattern its role (schema.h), and check
 * that the graph stage reads every one for r's yield (a misspelt group
 * would silently say nothing) and that the yield's required ones are
 * there. */
static int pk_ruleset_rule_groups(pk_loader *ld, pk_section *s, pk_rule *r)
{
	const char **names = NULL;
	uint32_t count, namesz, i;
	PCRE2_SPTR table;
	pk_buf groups = PK_BUF_INIT;
	int rc = 0, k;

	pcre2_pattern_info(r->re, PCRE2_INFO_CAPTURECOUNT, &r->ngroups);
	r->group_roles = malloc((r->ngroups + 1) * sizeof *r->group_roles);
	names = calloc(r->ngroups + 1, sizeof *names);
	if (!r->group_roles || !names) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i <= r->ngroups; i++)
		r->group_roles[i] = PK_ROLE__COUNT;
	pcre2_pattern_info(r->re, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(r->re, PCRE2_INFO_NAMEENTRYSIZE, &namesz);
	pcre2_pattern_info(r->re, PCRE2_INFO_NAMETABLE, &table);
	/* the table is sorted by name; messages go by group number */
	for (i = 0; i < count; i++) {
		const unsigned char *ent = table + (size_t)i * namesz;
		uint32_t num = ((uint32_t)ent[0] << 8) | ent[1];

		if (num <= r->ngroups && !names[num])
			names[num] = (const char *)ent + 2;
	}
	for (i = 1; i <= r->ngroups; i++) {
		pk_role role;

		if (!names[i])
			continue;
		if (pk_role_by_name(&role, names[i]) == 0 && pk_schema_group_of(r->yield, role)) {
			r->group_roles[i] = role;
			continue;
		}
		pk_buf_clear(&groups);
		if ((rc = pk_schema_groups_text(&groups, r->yield)) < 0)
			goto out;
		pk_ruleset_error(ld, s->file, s->line,
			"rule %s: group (?<%s>...) means nothing to yield %s (its groups: %s)",
			s->id, names[i], pk_yield_name(r->yield), groups.ptr);
	}
	for (k = 0; k < PK_ROLE__COUNT; k++) {
		const pk_schema_group *g = pk_schema_group_of(r->yield, (pk_role)k);

		if (!g || !g->required)
			continue;
		/* (?J) lets a name stand in two branches: any of them will do */
		for (i = 1; i <= r->ngroups; i++)
			if (r->group_roles[i] == (pk_role)k)
				break;
		if (i > r->ngroups)
			pk_ruleset_error(ld, s->file, s->line,
				"rule %s: yield %s needs a group (?<%s>...)", s->id,
				pk_yield_name(r->yield), pk_role_name((pk_role)k));
	}
out:
	free(names);
	pk_buf_free(&groups);
	return rc;
}

int pk_ruleset_add_rule(pk_loader *ld, pk_section *s)
{
	pk_ruleset *rs = ld->rs;
	pk_rule *r, *arr;
	const char *yield = pk_section_str(s, "yield");
	int rc = 0, known = 0;

	if (!s->id || !*s->id) {
		pk_ruleset_error(ld, s->file, s->line, "rule without an id");
		return 0;
	}
	arr = realloc(rs->rules, (rs->nrules + 1) * sizeof *arr);
	if (!arr)
		return PK_ENOMEM;
	rs->rules = arr;
	r = &rs->rules[rs->nrules];
	memset(r, 0, sizeof *r);
	r->id = pk_strdup(s->id);
	r->file = pk_strdup(s->file);
	r->line = s->line;
	r->order = rs->nrules;
	if (!r->id || !r->file)
		return PK_ENOMEM;
	rs->nrules++;
	if (!yield) {
		pk_ruleset_error(ld, s->file, s->line, "rule %s has no 'yield'", s->id);
	} else {
		pk_yield y = pk_yield_by_name(yield);
		pk_buf yields = PK_BUF_INIT;

		known = y != PK_YIELD__COUNT;
		if (known)
			r->yield = y;
		else if ((rc = pk_schema_yields_text(&yields)) == 0)
			pk_ruleset_error(ld, s->file, pk_section_get(s, "yield")->line,
				"rule %s: unknown yield '%s' (%s)", s->id, yield, yields.ptr);
		pk_buf_free(&yields);
		if (!known && rc < 0)
			return rc;
	}
	pk_section_int(ld, s, "priority", 0, &r->priority);
	{
		const char *cls = pk_section_str(s, "class");

		if (cls && !(r->fixed_class = pk_strdup(cls)))
			return PK_ENOMEM;
		if (cls && r->yield != PK_YIELD_EVENT && r->yield != PK_YIELD_ORG)
			pk_ruleset_error(ld, s->file, pk_section_get(s, "class")->line,
				"rule %s: 'class' is for event and organization rules", s->id);
		/* an event class no stage knows would be written as a class the
		 * ontology does not have */
		if (cls && r->yield == PK_YIELD_EVENT && !pk_schema_event_class_ok(cls)) {
			pk_buf expected = PK_BUF_INIT;

			if ((rc = pk_schema_values_text(&expected, PK_LEX_EVENT_CLASS)) == 0)
				pk_ruleset_error(ld, s->file, pk_section_get(s, "class")->line,
					"rule %s: class '%s' is no event class (%s)", s->id, cls, expected.ptr);
			pk_buf_free(&expected);
			if (rc < 0)
				return rc;
		}
		if (cls && r->yield == PK_YIELD_ORG) {
			pk_class c = pk_class_by_name(cls);

			if (c == PK_CLASS__COUNT || c == PK_CLASS_COUNTRY || c == PK_CLASS_PLACE)
				pk_ruleset_error(ld, s->file, pk_section_get(s, "class")->line,
					"rule %s: class '%s' is no organization class (GovernmentBody, "
					"InternationalOrganization, Company or Organization)", s->id, cls);
		}
	}
	if ((rc = pk_ruleset_add_trigger(ld, s, r)) < 0)
		return rc;
	pk_section_int(ld, s, "reach", -1, &r->reach);
	if (pk_section_get(s, "reach") && (r->reach < 0 || !pk_section_get(s, "trigger"))) {
		pk_ruleset_error(ld, s->file, pk_section_get(s, "reach")->line,
			r->reach < 0 ? "rule %s: 'reach' must be 0 or more" :
			"rule %s: 'reach' needs a trigger (it counts back from the trigger's first clause)",
			s->id);
		r->reach = -1;
	}
	/* its JIT code on first use (pk_ruleset_rule_jit) */
	if ((rc = pk_ruleset_compile(&r->re, ld, s, "pattern",
		r->reach >= 0 ? PCRE2_USE_OFFSET_LIMIT : 0, 0)) < 0)
		return rc;
	if (!r->re)
		return 0;
	return known ? pk_ruleset_rule_groups(ld, s, r) : 0;
}

int pk_ruleset_add_boiler(pk_loader *ld, pk_section *s)
{
	pk_ruleset *rs = ld->rs;
	pk_boiler *b, *arr;
	const char *action = pk_section_str(s, "action");

	arr = realloc(rs->boiler, (rs->nboiler + 1) * sizeof *arr);
	if (!arr)
		return PK_ENOMEM;
	rs->boiler = arr;
	b = &rs->boiler[rs->nboiler];
	memset(b, 0, sizeof *b);
	if (!(b->id = pk_strdup(s->id ? s->id : "")))
		return PK_ENOMEM;
	rs->nboiler++;
	if (!action)
		pk_ruleset_error(ld, s->file, s->line, "boilerplate %s has no action", b->id);
	else if (strcmp(action, "drop-line") == 0)
		b->action = PK_BOILER_DROP_LINE;
	else if (strcmp(action, "cut-from") == 0)
		b->action = PK_BOILER_CUT_FROM;
	else
		pk_ruleset_error(ld, s->file, pk_section_get(s, "action")->line,
			"unknown action '%s' (drop-line or cut-from)", action);
	return pk_ruleset_compile(&b->re, ld, s, "pattern", 0, 1);
}

int pk_ruleset_add_meta(pk_loader *ld, pk_section *s)
{
	static const char *const fields[PK_META__COUNT] = { "issued", "publisher", "source", "title" };
	pk_ruleset *rs = ld->rs;
	pk_meta_rule *m, *arr;
	const char *field = pk_section_str(s, "field"), *v;
	const pk_kv *kv;
	size_t i;
	int rc;

	arr = realloc(rs->meta, (rs->nmeta + 1) * sizeof *arr);
	if (!arr)
		return PK_ENOMEM;
	rs->meta = arr;
	m = &rs->meta[rs->nmeta];
	memset(m, 0, sizeof *m);
	if (!(m->id = pk_strdup(s->id ? s->id : "")))
		return PK_ENOMEM;
	rs->nmeta++;
	for (i = 0; field && i < PK_META__COUNT; i++)
		if (strcmp(field, fields[i]) == 0)
			break;
	if (!field || i == PK_META__COUNT)
		pk_ruleset_error(ld, s->file, s->line,
			"meta %s: 'field' must be issued, publisher, source or title", m->id);
	else
		m->field = (pk_meta_field)i;
	if ((v = pk_section_str(s, "value")) && !(m->value = pk_strdup(v)))
		return PK_ENOMEM;
	if ((v = pk_section_str(s, "tz")) && !(m->tz = pk_strdup(v)))
		return PK_ENOMEM;
	if ((kv = pk_section_get(s, "lexicon")) && !(m->lexicon = pk_strdup(kv->value)))
		return PK_ENOMEM;
	/* lexicons are loaded before meta sections: a misspelt name is an
	 * error here, not a field that is never set */
	for (i = 0; m->lexicon && i < rs->nlexicons; i++)
		if (strcmp(rs->lexicons[i].name, m->lexicon) == 0)
			break;
	if (m->lexicon && i == rs->nlexicons)
		pk_ruleset_error(ld, s->file, kv->line,
			"meta %s: no lexicon named '%s'", m->id, m->lexicon);
	pk_section_int(ld, s, "lines", 0, &m->lines);
	if ((rc = pk_ruleset_compile(&m->re, ld, s, "pattern", 0, 1)) < 0)
		return rc;
	if (m->re && !m->value && m->field != PK_META_ISSUED &&
	    pcre2_substring_number_from_name(m->re, (PCRE2_SPTR) "value") < 0)
		pk_ruleset_error(ld, s->file, s->line, "meta %s needs a group (?<value>...) or a 'value'", m->id);
	if (m->re && m->field == PK_META_ISSUED &&
	    ((pcre2_substring_number_from_name(m->re, (PCRE2_SPTR) "m") < 0 &&
	      pcre2_substring_number_from_name(m->re, (PCRE2_SPTR) "mname") < 0) ||
	     pcre2_substring_number_from_name(m->re, (PCRE2_SPTR) "d") < 0))
		pk_ruleset_error(ld, s->file, s->line,
			"meta %s (issued) needs groups m (or mname) and d, and y where the line has it", m->id);
	return 0;
}
