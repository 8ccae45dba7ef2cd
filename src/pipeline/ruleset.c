/*
 * ruleset.c - loading rules/: read every *.rules and *.gaz file into
 * sections (ruleset_parse.c; rules/README.md has the format), build each
 * section (ruleset_build.c: lexicons, titles and particles first, as rule
 * patterns expand @{TITLE}, @{L_...} and @{P_...} from them), check the
 * references between entries (ruleset_check.c), then build the gazetteer
 * index.  Every problem is reported as "FILE:LINE: message" and loading
 * goes on, so one run lists them all.
 *
 * The result, a read-only pk_ruleset, feeds the reader (boilerplate and
 * header rules), the gazetteer and the rules stage.
 */
#include "pipeline/ruleset_int.h"

#include <stdlib.h>
#include <string.h>

#include "pipeline/normalize.h"
#include "base/trie.h"

/* Compare text with a form, ignoring spaces on both sides. */
static int pk_ruleset_form_eq(const char *form, const char *s, size_t n)
{
	size_t i = 0;

	for (;;) {
		while (*form == ' ')
			form++;
		while (i < n && s[i] == ' ')
			i++;
		if (!*form || i == n)
			return !*form && i == n;
		if (*form != s[i])
			return 0;
		form++;
		i++;
	}
}

/* Index each lexicon's forms without their spaces in a trie (value: the
 * entry), so the graph stage's lookups cost one walk, not a scan of every
 * form.  The first entry (in file order) that has a form wins, as in a scan. */
static int pk_ruleset_index_lexicons(pk_ruleset *rs)
{
	size_t i, j, k;
	int rc = 0;

	for (i = 0; i < rs->nlexicons && rc == 0; i++) {
		pk_lexicon *lx = &rs->lexicons[i];

		if (!(lx->index = calloc(1, sizeof *lx->index)) || pk_trie_init(lx->index) < 0)
			return PK_ENOMEM;
		for (j = 0; j < lx->nentries && rc == 0; j++) {
			for (k = 0; k < lx->entries[j].nforms && rc == 0; k++) {
				char *key = pk_strdup(lx->entries[j].forms[k]), *p, *q;

				if (!key)
					return PK_ENOMEM;
				for (p = q = key; *p; p++)
					if (*p != ' ')
						*q++ = *p;
				*q = '\0';
				if (*key)
					rc = pk_trie_insert(lx->index, key, (uint32_t)j, 0);
				free(key);
			}
		}
		if (rc == 0)
			rc = pk_trie_freeze(lx->index);
	}
	return rc;
}

/* The value of lexicon lx whose form is s[0..n), or NULL. */
static const char *pk_ruleset_lexicon_find(const pk_lexicon *lx, const char *s, size_t n)
{
	const pk_trie *t = lx->index;
	size_t j, k;

	if (t) {
		uint32_t node = 0;

		for (k = 0; k < n; k++)
			if (s[k] != ' ' && !pk_trie_step(t, node, (unsigned char)s[k], &node))
				break;
		if (k == n && node != 0 && t->head[node] >= 0)
			return lx->entries[t->vals[t->head[node]].value].value;
		return NULL;
	}
	for (j = 0; j < lx->nentries; j++) {
		const pk_lexicon_entry *e = &lx->entries[j];

		for (k = 0; k < e->nforms; k++)
			if (pk_ruleset_form_eq(e->forms[k], s, n))
				return e->value;
	}
	return NULL;
}

const char *pk_ruleset_lexicon(const pk_ruleset *rs, const char *name,
	const char *s, size_t n)
{
	const char *v;
	size_t i;

	for (i = 0; i < rs->nlexicons; i++)
		if (strcmp(rs->lexicons[i].name, name) == 0 &&
		    (v = pk_ruleset_lexicon_find(&rs->lexicons[i], s, n)) != NULL)
			return v;
	return NULL;
}

const pk_lexicon *pk_ruleset_lexicon_of(const pk_ruleset *rs, pk_lex lx)
{
	if ((unsigned)lx >= PK_LEX__COUNT || !rs->lex_at[lx])
		return NULL;
	return &rs->lexicons[rs->lex_at[lx] - 1];
}

const char *pk_ruleset_lex(const pk_ruleset *rs, pk_lex lx, const char *s, size_t n)
{
	const pk_lexicon *l = pk_ruleset_lexicon_of(rs, lx);

	return l ? pk_ruleset_lexicon_find(l, s, n) : NULL;
}

const pk_entity *pk_ruleset_entity(const pk_ruleset *rs, const char *id)
{
	size_t lo = 0, hi = rs->by_id ? rs->nentities : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(rs->by_id[mid]->id, id);

		if (c == 0)
			return rs->by_id[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const pk_title *pk_ruleset_title_by_id(const pk_ruleset *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->ntitles; i++)
		if (strcmp(rs->titles[i].id, id) == 0)
			return &rs->titles[i];
	return NULL;
}

const pk_title *pk_ruleset_title(const pk_ruleset *rs, const char *s, size_t n)
{
	return rs->gaz ? pk_gazetteer_title(rs->gaz, s, n) : NULL;
}

void pk_ruleset_counts(const pk_ruleset *rs, size_t *entities, size_t *rules, size_t *titles)
{
	if (entities)
		*entities = rs->nentities;
	if (rules)
		*rules = rs->nrules;
	if (titles)
		*titles = rs->ntitles;
}

int pk_ruleset_load(pk_ruleset **out, const char *dir, const pk_diag *diag)
{
	pk_loader ld;
	pk_normalizer *norm = NULL;
	pk_names names;
	pk_ruleset *rs;
	size_t i;
	int rc = 0;

	*out = NULL;
	memset(&ld, 0, sizeof ld);
	ld.diag = diag;
	rs = calloc(1, sizeof *rs);
	if (!rs)
		return PK_ENOMEM;
	ld.rs = rs;
	rs->match_limit = 1000000;
	rs->depth_limit = 10000;
	/* JIT code reads past the subject by design, which valgrind
	 * reports: PK_NO_JIT=1 keeps to the interpreter */
	rs->no_jit = getenv("PK_NO_JIT") && strcmp(getenv("PK_NO_JIT"), "1") == 0;
	if (pthread_mutex_init(&rs->jit_mu, NULL) != 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	rs->jit_mu_made = 1;
	/* a directory that cannot be read is a problem counted in
	 * ld.errors: the sections of the others are still checked */
	rc = pk_ruleset_read(&ld, dir);
	if (rc == PK_ENOMEM || rc == PK_ERULES)
		goto out;
	/* lexicons first: rule patterns expand @{TITLE} and @{P_...} from them */
	for (i = 0; i < ld.nsec; i++) {
		pk_section *s = &ld.sec[i];

		if (strcmp(s->kind, "entity") == 0)
			rc = pk_ruleset_add_entity(&ld, s);
		else if (strcmp(s->kind, "title") == 0)
			rc = pk_ruleset_add_title(&ld, s);
		else if (strcmp(s->kind, "particles") == 0)
			rc = pk_ruleset_add_particles(&ld, s);
		else if (strcmp(s->kind, "lexicon") == 0)
			rc = pk_ruleset_add_lexicon(&ld, s);
		if (rc < 0)
			goto out;
	}
	for (i = 0; i < ld.nsec; i++) {
		pk_section *s = &ld.sec[i];

		if (strcmp(s->kind, "rule") == 0)
			rc = pk_ruleset_add_rule(&ld, s);
		else if (strcmp(s->kind, "boilerplate") == 0)
			rc = pk_ruleset_add_boiler(&ld, s);
		else if (strcmp(s->kind, "meta") == 0)
			rc = pk_ruleset_add_meta(&ld, s);
		else if (strcmp(s->kind, "define") == 0) {
			if (!s->id)
				pk_ruleset_error(&ld, s->file, s->line, "define without a name");
			pk_section_get(s, "pattern");
		} else if (strcmp(s->kind, "entity") && strcmp(s->kind, "title") &&
			   strcmp(s->kind, "particles") && strcmp(s->kind, "lexicon")) {
			pk_ruleset_error(&ld, s->file, s->line,
				"unknown section kind '%s' (entity, title, particles, lexicon, define, "
				"rule, boilerplate, meta)", s->kind);
			continue;
		}
		if (rc < 0)
			goto out;
	}
	for (i = 0; i < ld.nsec; i++)
		pk_section_check_keys(&ld, &ld.sec[i]);
	if ((rc = pk_ruleset_index_entities(rs)) < 0 || (rc = pk_ruleset_check_refs(&ld)) < 0)
		goto out;
	if (ld.errors) {
		rc = PK_ERULES;
		goto out;
	}
	rs->mctx = pcre2_match_context_create(NULL);
	if (!rs->mctx) {
		rc = PK_ENOMEM;
		goto out;
	}
	pcre2_set_match_limit(rs->mctx, rs->match_limit);
	pcre2_set_depth_limit(rs->mctx, rs->depth_limit);
	if ((rc = pk_normalizer_new(&norm, diag)) < 0)
		goto out;
	names = (pk_names){
		.entities = rs->entities, .nentities = rs->nentities,
		.titles = rs->titles, .ntitles = rs->ntitles,
		.particles = rs->particles, .nparticles = rs->nparticles,
	};
	if ((rc = pk_gazetteer_new(&rs->gaz, &names, norm, diag)) < 0 ||
	    (rc = pk_ruleset_index_lexicons(rs)) < 0 ||
	    (rs->triggers && (rc = pk_trie_freeze(rs->triggers)) < 0))
		goto out;
	*out = rs;
	rs = NULL;
out:
	if (rc == PK_ENOMEM)
		pk_diag_emit(diag, PK_SEV_ERROR, "out of memory loading %s", dir);
	if (rc < 0 && rc != PK_ENOMEM && rc != PK_EIO)
		rc = PK_ERULES;
	if (rc == PK_EIO)
		rc = PK_ERULES;
	pk_normalizer_free(norm);
	for (i = 0; i < ld.nsec; i++)
		pk_section_clear(&ld.sec[i]);
	free(ld.sec);
	free(ld.defs);
	for (i = 0; i < ld.ntclauses; i++)
		pk_buf_free(&ld.tclauses[i]);
	free(ld.tclauses);
	for (i = 0; i < ld.nmacros; i++)
		pk_buf_free(&ld.mtexts[i]);
	free(ld.mtexts);
	pk_strv_free(ld.mnames, ld.nmacros);
	pk_strv_free(ld.files, ld.nfiles);
	pk_ruleset_free(rs);
	return rc;
}

void pk_ruleset_free(pk_ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->nentities; i++) {
		pk_entity *e = &rs->entities[i];

		free(e->id);
		free(e->ko);
		free(e->en);
		pk_strv_free(e->aliases, e->naliases);
		pk_strv_free(e->abbrs, e->nabbrs);
		pk_strv_free(e->glue, e->nglue);
		free(e->parent);
		free(e->country);
		free(e->file);
	}
	free(rs->entities);
	free(rs->by_id);
	for (i = 0; i < rs->ntitles; i++) {
		free(rs->titles[i].id);
		free(rs->titles[i].ko);
		free(rs->titles[i].en);
		pk_strv_free(rs->titles[i].aliases, rs->titles[i].naliases);
		free(rs->titles[i].implicit_org);
		free(rs->titles[i].in_intl);
		free(rs->titles[i].in_company);
		free(rs->titles[i].file);
	}
	free(rs->titles);
	for (i = 0; i < rs->nparticles; i++) {
		free(rs->particles[i].name);
		pk_strv_free(rs->particles[i].forms, rs->particles[i].nforms);
	}
	free(rs->particles);
	for (i = 0; i < rs->nlexicons; i++) {
		size_t j;

		for (j = 0; j < rs->lexicons[i].nentries; j++) {
			free(rs->lexicons[i].entries[j].value);
			pk_strv_free(rs->lexicons[i].entries[j].forms, rs->lexicons[i].entries[j].nforms);
		}
		free(rs->lexicons[i].entries);
		free(rs->lexicons[i].name);
		if (rs->lexicons[i].index)
			pk_trie_free(rs->lexicons[i].index);
		free(rs->lexicons[i].index);
	}
	free(rs->lexicons);
	for (i = 0; i < rs->nrules; i++) {
		free(rs->rules[i].id);
		free(rs->rules[i].file);
		free(rs->rules[i].fixed_class);
		pcre2_code_free(rs->rules[i].re);
		free(rs->rules[i].group_roles);
		free(rs->rules[i].tclauses);
	}
	free(rs->rules);
	for (i = 0; i < rs->nboiler; i++) {
		free(rs->boiler[i].id);
		pcre2_code_free(rs->boiler[i].re);
	}
	free(rs->boiler);
	for (i = 0; i < rs->nmeta; i++) {
		free(rs->meta[i].id);
		free(rs->meta[i].value);
		free(rs->meta[i].tz);
		free(rs->meta[i].lexicon);
		pcre2_code_free(rs->meta[i].re);
	}
	free(rs->meta);
	pk_gazetteer_free(rs->gaz);
	if (rs->triggers)
		pk_trie_free(rs->triggers);
	free(rs->triggers);
	pcre2_match_context_free(rs->mctx);
	if (rs->jit_mu_made)
		pthread_mutex_destroy(&rs->jit_mu);
	free(rs);
}

void pk_ruleset_rule_jit(const pk_ruleset *rs, const pk_rule *r)
{
	/* the ruleset is read-only once loaded but for this: the lock and
	 * the flag are its own, and the rule's code is written only here */
	pk_ruleset *w = (pk_ruleset *)rs;
	pk_rule *wr = (pk_rule *)r;

	if (atomic_load_explicit(&r->jitted, memory_order_acquire))
		return;
	pthread_mutex_lock(&w->jit_mu);
	if (!atomic_load_explicit(&r->jitted, memory_order_relaxed)) {
		if (!rs->no_jit && r->re)
			pcre2_jit_compile(wr->re, PCRE2_JIT_COMPLETE);
		atomic_store_explicit(&wr->jitted, 1, memory_order_release);
	}
	pthread_mutex_unlock(&w->jit_mu);
}
