/*
 * ruleset_macro.c - patterns as PCRE2 sees them: @{MACRO}s expanded
 * (masks of a class, the forms of titles, lexicons and particles, and
 * [define]s, recursively), word lists written as trie-shaped alternations
 * that prefer the longest form, then compiled (UTF, UCP, JIT).  A pattern
 * that grows past PK_MACRO_MAX_BYTES is a rules problem, not the machine
 * running out of memory.
 */
#include "pipeline/ruleset_int.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* The longest pattern macros may expand to.  The longest of rules/ is
 * 34 KB; a define that uses another many times over grows exponentially
 * with the nesting (ten uses a level, seven levels: 50 MB), and must be
 * a rules problem, not the machine running out of memory. */
#define PK_MACRO_MAX_BYTES ((size_t)1 << 20)
/* What pk_ruleset_expand returns, besides 0 and PK_ENOMEM (negative
 * codes are memory only: a problem of the rules must not read as one). */
#define PK_MACRO_BAD 1     /* a problem, reported */
#define PK_MACRO_TOO_BIG 2 /* past PK_MACRO_MAX_BYTES; the outermost call
                              reports it with the rule's line and macro */

void pk_words_free(pk_words *w)
{
	pk_strv_free(w->v, w->n);
	memset(w, 0, sizeof *w);
}

/* Append s[0..len) as a new word. */
int pk_words_push(pk_words *w, const char *s, size_t len)
{
	char *copy;

	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		char **v = realloc(w->v, cap * sizeof *v);

		if (!v)
			return PK_ENOMEM;
		w->v = v;
		w->cap = cap;
	}
	if (!(copy = pk_strndup(s, len)))
		return PK_ENOMEM;
	w->v[w->n++] = copy;
	return 0;
}


/* Append s to b as a literal inside a PCRE2 pattern. */
static int pk_ruleset_put_literal(pk_buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\^$.|?*+()[]{}/#", *s) && pk_buf_putc(b, '\\') < 0)
			return PK_ENOMEM;
		if (pk_buf_putc(b, *s) < 0)
			return PK_ENOMEM;
	}
	return 0;
}

static int pk_ruleset_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Bytes in the UTF-8 character that starts with byte c (rule files are
 * checked to be UTF-8 when read). */
static size_t pk_ruleset_char_len(char c)
{
	unsigned char u = (unsigned char)c;

	return u < 0xC0 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
}

/* The words w[lo..hi) (sorted, all sharing their first d bytes) after
 * those d bytes, as a trie-shaped group: "(?:관(?:급|)|...)".  Longer
 * words come before a word that ends here (the empty branch is last), so
 * the match order is that of a list sorted longest first, but each
 * position tries one branch per distinct next character instead of one
 * per word: less work, and much less JIT code for 170 titles. */
static int pk_ruleset_trie_alt(pk_buf *b, char **w, size_t lo, size_t hi, size_t d)
{
	size_t i = lo, start, ngroups = 0;
	int terminal = 0, rc = 0, group;

	while (i < hi && w[i][d] == '\0') {
		terminal = 1;
		i++;
	}
	if (i == hi)
		return 0;
	start = i;
	while (i < hi) {
		size_t cl = pk_ruleset_char_len(w[i][d]), j = i + 1;

		while (j < hi && strncmp(w[j] + d, w[i] + d, cl) == 0)
			j++;
		ngroups++;
		i = j;
	}
	group = terminal || ngroups > 1;
	if (group && (rc = pk_buf_puts(b, "(?:")) < 0)
		return rc;
	for (i = start; i < hi && rc == 0; ) {
		size_t cl = pk_ruleset_char_len(w[i][d]), j = i + 1;
		char ch[8];

		while (j < hi && strncmp(w[j] + d, w[i] + d, cl) == 0)
			j++;
		if (i > start && (rc = pk_buf_putc(b, '|')) < 0)
			break;
		memcpy(ch, w[i] + d, cl);
		ch[cl] = '\0';
		if ((rc = pk_ruleset_put_literal(b, ch)) < 0 ||
		    (rc = pk_ruleset_trie_alt(b, w, i, j, d + cl)) < 0)
			break;
		i = j;
	}
	if (rc == 0 && terminal)
		rc = pk_buf_putc(b, '|');
	if (rc == 0 && group)
		rc = pk_buf_putc(b, ')');
	return rc;
}

/* An alternation over forms that prefers the longest form that matches,
 * as (?:a|b|c) sorted longest first would, shaped as a trie. */
static int pk_ruleset_alternation(pk_buf *b, char **forms, size_t n)
{
	char **sorted;
	int rc = 0;

	if (n == 0)
		return pk_buf_puts(b, "(*FAIL)");
	sorted = malloc(n * sizeof *sorted);
	if (!sorted)
		return PK_ENOMEM;
	memcpy(sorted, forms, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, pk_ruleset_strcmp);
	rc = pk_buf_puts(b, "(?:");
	if (rc == 0)
		rc = pk_ruleset_trie_alt(b, sorted, 0, n, 0);
	if (rc == 0)
		rc = pk_buf_putc(b, ')');
	free(sorted);
	return rc;
}

/* Whether no character of s has case, so that a caseless match ((?i)
 * around a macro) takes each as itself only, and two words that start
 * with different characters never match at one place. */
static int pk_ruleset_caseless_plain(const char *s)
{
	int32_t i = 0, n = (int32_t)strlen(s);
	UChar32 c;

	while (i < n) {
		U8_NEXT(s, i, n, c);
		if (c < 0 || u_hasBinaryProperty(c, UCHAR_CASE_SENSITIVE))
			return 0;
	}
	return 1;
}

/* The words w[at[0..n)] after their first d bytes, in their order, as
 * a group that shares their prefixes: (?:이(?:번|날)|지난).  A word joins
 * the branch of an earlier word with its next character, which moves it
 * ahead of the words between them; those start with other characters,
 * so no two of them match at one place and the order of the tries that
 * can succeed is the list's.  A word that ends here (the empty branch)
 * matches wherever the others do, so nothing moves across it: it stays
 * where it stood and the branches after it start anew. */
static int pk_ruleset_ordered_alt(pk_buf *b, char **w, const size_t *at, size_t n,
	size_t d)
{
	unsigned char *taken = calloc(n ? n : 1, 1);
	size_t *sub = malloc((n ? n : 1) * sizeof *sub);
	size_t i, j, m, cl;
	char ch[8];
	int rc;

	if (!taken || !sub) {
		rc = PK_ENOMEM;
		goto out;
	}
	rc = pk_buf_puts(b, "(?:");
	for (i = 0; i < n && rc == 0; i++) {
		const char *wi = w[at[i]] + d;

		if (taken[i])
			continue;
		if (i > 0 && (rc = pk_buf_putc(b, '|')) < 0)
			break;
		taken[i] = 1;
		if (*wi == '\0')
			continue;
		cl = pk_ruleset_char_len(*wi);
		m = 0;
		sub[m++] = at[i];
		for (j = i + 1; j < n && w[at[j]][d] != '\0'; j++) {
			if (!taken[j] && strncmp(w[at[j]] + d, wi, cl) == 0) {
				sub[m++] = at[j];
				taken[j] = 1;
			}
		}
		memcpy(ch, wi, cl);
		ch[cl] = '\0';
		if ((rc = pk_ruleset_put_literal(b, ch)) < 0)
			break;
		rc = m == 1 ? pk_ruleset_put_literal(b, wi + cl) :
			pk_ruleset_ordered_alt(b, w, sub, m, d + cl);
	}
	if (rc == 0)
		rc = pk_buf_putc(b, ')');
out:
	free(taken);
	free(sub);
	return rc;
}

/* If def is a list of plain words joined by '|' (optionally inside one
 * "(?:...)"; '\' before a punctuation mark makes it plain), append it as
 * one alternation that shares the words' prefixes and return 1: the same
 * matches, in the same order.  Where no word comes after a longer word
 * it begins, as in SURNAME, that is pk_ruleset_alternation's; else, when
 * no character of the words has case, pk_ruleset_ordered_alt's (NOTNAME,
 * 200 words the name patterns test at every word start, was tried a word
 * at a time: a tenth of the instructions of the rules' JIT code).
 * Otherwise append nothing and return 0. */
static int pk_ruleset_define_alternation(pk_buf *b, const char *def)
{
	pk_words w = { NULL, 0, 0 };
	pk_buf cur = PK_BUF_INIT;
	const char *p = def, *end = def + strlen(def);
	size_t i, j, *at = NULL;
	int rc = 0;

	if (strncmp(p, "(?:", 3) == 0 && end[-1] == ')' && !memchr(p + 3, '(', (size_t)(end - p - 3))) {
		p += 3;
		end--;
	}
	for (;; p++) {
		if (p == end || *p == '|') {
			if (cur.len == 0 || (rc = pk_words_push(&w, cur.ptr, cur.len)) < 0)
				goto out;
			pk_buf_clear(&cur);
			if (p == end)
				break;
			continue;
		}
		if (*p == '\\') {
			if (p + 1 == end || !strchr("\\^$.|?*+()[]{}/#'\"-", p[1]))
				goto out;
			p++;
		} else if (strchr("^$.?*+()[]{}@", *p)) {
			goto out;
		}
		if ((rc = pk_buf_putc(&cur, *p)) < 0)
			goto out;
	}
	for (i = 0; i < w.n; i++)
		for (j = i + 1; j < w.n; j++)
			if (strlen(w.v[i]) < strlen(w.v[j]) &&
			    strncmp(w.v[i], w.v[j], strlen(w.v[i])) == 0)
				goto ordered;
	if ((rc = pk_ruleset_alternation(b, w.v, w.n)) == 0)
		rc = 1;
	goto out;
ordered:
	for (i = 0; i < w.n; i++)
		if (!pk_ruleset_caseless_plain(w.v[i]))
			goto out;
	if (!(at = malloc(w.n * sizeof *at))) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < w.n; i++)
		at[i] = i;
	if ((rc = pk_ruleset_ordered_alt(b, w.v, at, w.n, 0)) == 0)
		rc = 1;
out:
	free(at);
	pk_words_free(&w);
	pk_buf_free(&cur);
	return rc;
}

/* The placeholder range a mask macro (ORG, ACTOR, GOV ...) stands for;
 * 0 if name is not one. */
int pk_ruleset_mask_range(const char *name, uint32_t *lo, uint32_t *hi)
{
	static const struct {
		const char *name;
		pk_class lo, hi;
	} masks[] = {
		{ "ORG", PK_CLASS_GOV, PK_CLASS_ORG },
		{ "ACTOR", PK_CLASS_GOV, PK_CLASS_COUNTRY },
		{ "GOV", PK_CLASS_GOV, PK_CLASS_GOV },
		{ "INTL", PK_CLASS_INTL, PK_CLASS_INTL },
		{ "COMPANY", PK_CLASS_COMPANY, PK_CLASS_COMPANY },
		{ "COUNTRY", PK_CLASS_COUNTRY, PK_CLASS_COUNTRY },
		{ "PLACE", PK_CLASS_PLACE, PK_CLASS_PLACE },
	};
	size_t i;

	for (i = 0; i < PK_ARRAY_LEN(masks); i++) {
		if (strcmp(name, masks[i].name) == 0) {
			*lo = PK_MASK_CP(masks[i].lo);
			*hi = PK_MASK_CP(masks[i].hi);
			return 1;
		}
	}
	return 0;
}

static int pk_ruleset_mask_class(pk_buf *b, uint32_t lo, uint32_t hi)
{
	if (lo == hi)
		return pk_buf_printf(b, "\\x{%X}", lo);
	return pk_buf_printf(b, "[\\x{%X}-\\x{%X}]", lo, hi);
}

/* The forms a word-list macro stands for: TITLE (every form of every
 * title), L_NAME (a lexicon's forms), PARTICLE and P_GROUP.  *forms is
 * malloc'd, its strings belong to rs.  Returns 1 if name is one of them
 * (*n may be 0), 0 if not, or PK_ENOMEM. */
int pk_ruleset_macro_forms(const pk_ruleset *rs, const char *name,
	char ***forms, size_t *n)
{
	size_t i, j, k, cap = 0;
	char **v = NULL;

	*forms = NULL;
	*n = 0;
	if (strcmp(name, "TITLE") == 0) {
		for (i = 0; i < rs->ntitles; i++)
			cap += 2 + rs->titles[i].naliases;
		if (!(v = malloc((cap + 1) * sizeof *v)))
			return PK_ENOMEM;
		for (i = 0; i < rs->ntitles; i++) {
			if (rs->titles[i].ko)
				v[(*n)++] = rs->titles[i].ko;
			/* English press releases: Minister Han Ji-seok */
			if (rs->titles[i].en)
				v[(*n)++] = rs->titles[i].en;
			for (j = 0; j < rs->titles[i].naliases; j++)
				v[(*n)++] = rs->titles[i].aliases[j];
		}
	} else if (strncmp(name, "L_", 2) == 0) {
		const pk_lexicon *lx = NULL;

		for (i = 0; i < rs->nlexicons && !lx; i++) {
			const char *a = rs->lexicons[i].name, *u = name + 2;

			for (; *a && *u; a++, u++)
				if ((*a == '-' ? '_' : (*a >= 'a' && *a <= 'z' ? *a - 'a' + 'A' : *a)) != *u)
					break;
			if (!*a && !*u)
				lx = &rs->lexicons[i];
		}
		if (!lx)
			return 0;
		for (j = 0; j < lx->nentries; j++)
			cap += lx->entries[j].nforms;
		if (!(v = malloc((cap + 1) * sizeof *v)))
			return PK_ENOMEM;
		for (j = 0; j < lx->nentries; j++)
			for (k = 0; k < lx->entries[j].nforms; k++)
				v[(*n)++] = lx->entries[j].forms[k];
	} else if (strcmp(name, "PARTICLE") == 0 || strncmp(name, "P_", 2) == 0) {
		int all = strcmp(name, "PARTICLE") == 0, found = all;

		for (i = 0; i < rs->nparticles; i++)
			cap += rs->particles[i].nforms;
		if (!(v = malloc((cap + 1) * sizeof *v)))
			return PK_ENOMEM;
		for (i = 0; i < rs->nparticles; i++) {
			const pk_particle_group *g = &rs->particles[i];

			if (!all) {
				for (k = 0; g->name[k] && name[2 + k]; k++)
					if ((g->name[k] >= 'a' && g->name[k] <= 'z' ?
					     g->name[k] - 'a' + 'A' : g->name[k]) != name[2 + k])
						break;
				if (g->name[k] || name[2 + k])
					continue;
				found = 1;
			}
			for (j = 0; j < g->nforms; j++)
				v[(*n)++] = g->forms[j];
		}
		if (!found) {
			free(v);
			*n = 0;
			return 0;
		}
	} else {
		return 0;
	}
	*forms = v;
	return 1;
}

/* Append the expansion of a built-in macro; returns 1 if name is one. */
static int pk_ruleset_builtin(pk_loader *ld, pk_buf *b, const char *name, int *rc)
{
	uint32_t lo, hi;
	char **forms;
	size_t n;
	int r;

	*rc = 0;
	if (pk_ruleset_mask_range(name, &lo, &hi)) {
		*rc = pk_ruleset_mask_class(b, lo, hi);
		return 1;
	}
	if ((r = pk_ruleset_macro_forms(ld->rs, name, &forms, &n)) == 0)
		return 0;
	*rc = r < 0 ? r : pk_ruleset_alternation(b, forms, n);
	free(forms);
	return 1;
}

/* Note where the [define] sections are, once all files are read. */
static int pk_ruleset_index_defines(pk_loader *ld)
{
	size_t i;

	free(ld->defs);
	ld->ndefs = 0;
	if (!(ld->defs = malloc((ld->nsec + 1) * sizeof *ld->defs)))
		return PK_ENOMEM;
	for (i = 0; i < ld->nsec; i++)
		if (strcmp(ld->sec[i].kind, "define") == 0)
			ld->defs[ld->ndefs++] = i;
	ld->defs_ready = 1;
	return 0;
}

/* The pattern grew too long: PK_MACRO_TOO_BIG for an inner expansion, the
 * problem (PK_MACRO_BAD) at the outermost, which names the rule's line and the macro
 * of its pattern being expanded (NULL: the text itself). */
static int pk_ruleset_too_big(pk_loader *ld, const char *file, int line,
	int depth, const char *name)
{
	if (depth > 0)
		return PK_MACRO_TOO_BIG;
	if (name)
		pk_ruleset_error(ld, file, line, "the pattern grows past %zu bytes expanding "
			"@{%s} (a define that uses another many times over?)",
			PK_MACRO_MAX_BYTES, name);
	else
		pk_ruleset_error(ld, file, line, "the pattern is longer than %zu bytes",
			PK_MACRO_MAX_BYTES);
	return PK_MACRO_BAD;
}

/* The expansion of macro name made before, or NULL. */
static const pk_buf *pk_ruleset_macro_seen(const pk_loader *ld, const char *name)
{
	size_t i;

	for (i = 0; i < ld->nmacros; i++)
		if (strcmp(ld->mnames[i], name) == 0)
			return &ld->mtexts[i];
	return NULL;
}

/* Keep text[0..len) as name's expansion (nothing when memory is short:
 * it is made again at the next use). */
static void pk_ruleset_macro_keep(pk_loader *ld, const char *name, const char *text,
	size_t len)
{
	pk_buf t = PK_BUF_INIT;
	char *copy;

	if (ld->nmacros == ld->macros_cap) {
		size_t cap = ld->macros_cap ? 2 * ld->macros_cap : 32;
		char **n = realloc(ld->mnames, cap * sizeof *n);
		pk_buf *v;

		if (!n)
			return;
		ld->mnames = n;
		if (!(v = realloc(ld->mtexts, cap * sizeof *v)))
			return;
		ld->mtexts = v;
		ld->macros_cap = cap;
	}
	if (!(copy = pk_strdup(name)))
		return;
	if (pk_buf_put(&t, text, len) < 0) {
		free(copy);
		pk_buf_free(&t);
		return;
	}
	ld->mnames[ld->nmacros] = copy;
	ld->mtexts[ld->nmacros++] = t;
}

/* Expand @{NAME} in pattern into b, recursively through [define]s: 0,
 * PK_MACRO_BAD (reported), PK_ENOMEM, or at depth > 0 PK_MACRO_TOO_BIG. */
static int pk_ruleset_expand(pk_loader *ld, pk_buf *b, const char *pattern,
	const char *file, int line, int depth)
{
	const char *p = pattern;

	if (depth > PK_MACRO_DEPTH) {
		pk_ruleset_error(ld, file, line, "macros nest deeper than %d (a define uses itself?)",
			PK_MACRO_DEPTH);
		return PK_MACRO_BAD;
	}
	while (*p) {
		const char *close;
		const pk_buf *seen;
		char name[64];
		size_t n, i, start;
		int rc, done = 0;

		if (b->len > PK_MACRO_MAX_BYTES)
			return pk_ruleset_too_big(ld, file, line, depth, NULL);
		if (p[0] == '\\' && p[1]) {
			if (pk_buf_put(b, p, 2) < 0)
				return PK_ENOMEM;
			p += 2;
			continue;
		}
		if (p[0] != '@' || p[1] != '{') {
			if (pk_buf_putc(b, *p++) < 0)
				return PK_ENOMEM;
			continue;
		}
		close = strchr(p + 2, '}');
		n = close ? (size_t)(close - p - 2) : 0;
		if (!close || n == 0 || n >= sizeof name) {
			pk_ruleset_error(ld, file, line, "unterminated or empty macro '@{'");
			return PK_MACRO_BAD;
		}
		memcpy(name, p + 2, n);
		name[n] = '\0';
		if (pk_buf_puts(b, "(?:") < 0)
			return PK_ENOMEM;
		start = b->len;
		if ((seen = pk_ruleset_macro_seen(ld, name)) != NULL) {
			if (seen->len && pk_buf_put(b, seen->ptr, seen->len) < 0)
				return PK_ENOMEM;
			done = 1;
		}
		if (!done && pk_ruleset_builtin(ld, b, name, &rc)) {
			if (rc < 0)
				return rc;
			done = 1;
		}
		if (!ld->defs_ready && (rc = pk_ruleset_index_defines(ld)) < 0)
			return rc;
		for (i = 0; !done && i < ld->ndefs; i++) {
			pk_section *s = &ld->sec[ld->defs[i]];
			const char *def;

			if (!s->id || strcmp(s->id, name) != 0)
				continue;
			def = pk_section_str(s, "pattern");
			if (!def) {
				pk_ruleset_error(ld, s->file, s->line, "define '%s' has no pattern", name);
				return PK_MACRO_BAD;
			}
			/* 1: a list of words, written as one alternation */
			if ((rc = pk_ruleset_define_alternation(b, def)) < 0)
				return rc;
			rc = rc == 1 ? 0 :
				pk_ruleset_expand(ld, b, def, s->file, s->line, depth + 1);
			if (rc == PK_MACRO_TOO_BIG)
				return pk_ruleset_too_big(ld, file, line, depth, name);
			if (rc != 0)
				return rc;
			done = 1;
		}
		if (!done) {
			pk_ruleset_error(ld, file, line, "unknown macro '@{%s}'", name);
			return PK_MACRO_BAD;
		}
		if (b->len > PK_MACRO_MAX_BYTES)
			return pk_ruleset_too_big(ld, file, line, depth, name);
		if (!seen)
			pk_ruleset_macro_keep(ld, name, b->ptr + start, b->len - start);
		if (pk_buf_putc(b, ')') < 0)
			return PK_ENOMEM;
		p = close + 1;
	}
	return 0;
}

/* Expand and compile one pattern into *out: 0 with *out NULL when it is
 * bad (reported, a rules problem), PK_ENOMEM when memory ran out (not a
 * problem of the rules: the caller stops). */
int pk_ruleset_compile(pcre2_code **out, pk_loader *ld, pk_section *s,
	const char *key, uint32_t options, int jit)
{
	pk_kv *kv = pk_section_get(s, key);
	pk_buf b = PK_BUF_INIT;
	pcre2_code *re = NULL;
	int err, rc;
	PCRE2_SIZE off;

	*out = NULL;
	if (!kv || !*kv->value) {
		pk_ruleset_error(ld, s->file, s->line, "[%s %s] has no %s",
			s->kind, s->id ? s->id : "", key);
		return 0;
	}
	rc = pk_ruleset_expand(ld, &b, kv->value, s->file, kv->line, 0);
	if (rc == 0) {
		re = pcre2_compile((PCRE2_SPTR)b.ptr, b.len, PCRE2_UTF | PCRE2_UCP | options, &err, &off, NULL);
		if (!re && err == PCRE2_ERROR_HEAP_FAILED) {
			rc = PK_ENOMEM;
		} else if (!re) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(err, msg, sizeof msg);
			pk_ruleset_error(ld, s->file, kv->line, "%s %s: bad pattern: %s (at offset %zu%s)",
				s->kind, s->id ? s->id : "", (char *)msg, (size_t)off,
				strstr(kv->value, "@{") ? " after expanding macros" : "");
		} else if (jit && !ld->rs->no_jit) {
			/* JIT is an optimisation; the interpreter is the fallback */
			pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
		}
	}
	pk_buf_free(&b);
	*out = re;
	return rc == PK_ENOMEM ? PK_ENOMEM : 0;
}
