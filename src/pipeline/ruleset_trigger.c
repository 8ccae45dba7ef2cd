/*
 * ruleset_trigger.c - a rule's 'trigger' (rules/README.md): clauses joined
 * by '&', items joined by '|', each item expanded through its macros into
 * every word it stands for.  The words go into one code-point trie for the
 * whole ruleset (rs->triggers), valued by the number of their clause (one number for
 * each distinct set of words, however many rules name it), and the rule
 * keeps the numbers of its clauses; rules.c scans each sentence with the
 * trie.
 */
#include "pipeline/ruleset_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/trie.h"

/* A trigger item may stand for at most this many words (TITLE x COUNTRY
 * is a few thousand). */
#define PK_TRIGGER_MAX_WORDS 100000

/* What the trigger functions return for a problem they reported (errors
 * are negative pk_error codes). */
#define PK_TRIGGER_BAD 1

static int pk_ruleset_trigger_item(pk_loader *ld, const char *item, const char *file,
	int line, int depth, pk_words *out);

/* The words of a [define] whose pattern is a list of words and macros
 * joined by '|' (optionally inside one "(?:...)"), as CEREMONY is; -1
 * (reported) for any other pattern. */
static int pk_ruleset_define_words(pk_loader *ld, const char *name, const char *pattern,
	const char *file, int line, int depth, pk_words *out)
{
	pk_buf alt = PK_BUF_INIT;
	const char *p = pattern, *end = pattern + strlen(pattern);
	int rc = 0;

	if (strncmp(p, "(?:", 3) == 0 && end > p + 3 && end[-1] == ')') {
		const char *q;
		int open = 0;

		/* strip the group only if it spans the whole pattern */
		for (q = p; q < end - 1; q++) {
			if (*q == '\\' && q[1]) {
				q++;
				continue;
			}
			open += *q == '(' ? 1 : *q == ')' ? -1 : 0;
			if (open == 0)
				break;
		}
		if (q == end - 1) {
			p += 3;
			end--;
		}
	}
	for (;;) {
		if (p == end || *p == '|') {
			if (alt.len == 0)
				goto notwords;
			if ((rc = pk_ruleset_trigger_item(ld, alt.ptr, file, line, depth + 1, out)) != 0)
				goto out;
			pk_buf_clear(&alt);
			if (p == end)
				break;
			p++;
			continue;
		}
		if (p[0] == '@' && p[1] == '{') {
			const char *close = memchr(p, '}', (size_t)(end - p));

			if (!close)
				goto notwords;
			rc = pk_buf_put(&alt, p, (size_t)(close + 1 - p));
			p = close + 1;
		} else if (p[0] == '\\') {
			/* an escaped punctuation mark is itself; \d, \s ... are classes */
			if (p + 1 == end || !strchr("\\^$.|?*+()[]{}/#'\"-@&", p[1]))
				goto notwords;
			rc = pk_buf_put(&alt, p, 2);
			p += 2;
		} else if (strchr("^$.?*+()[]{}", *p)) {
			goto notwords;
		} else {
			rc = pk_buf_putc(&alt, *p++);
		}
		if (rc < 0)
			goto out;
	}
	goto out;
notwords:
	pk_ruleset_error(ld, file, line, "trigger: define '%s' is not a list of words "
		"(only words and macros joined by '|' can be a trigger)", name);
	rc = PK_TRIGGER_BAD;
out:
	pk_buf_free(&alt);
	return rc;
}

/* The words macro name stands for in a trigger: placeholders for a mask
 * (ORG, ACTOR ...), the forms of TITLE, L_, PARTICLE and P_ macros, or a
 * [define] that is a list of words. */
static int pk_ruleset_trigger_macro(pk_loader *ld, const char *name, const char *file,
	int line, int depth, pk_words *out)
{
	uint32_t lo, hi, cp;
	char **forms;
	size_t n, i;
	int rc;

	if (depth > PK_MACRO_DEPTH) {
		pk_ruleset_error(ld, file, line, "trigger: macros nest deeper than %d (a define uses itself?)",
			PK_MACRO_DEPTH);
		return PK_TRIGGER_BAD;
	}
	if (pk_ruleset_mask_range(name, &lo, &hi)) {
		for (cp = lo; cp <= hi; cp++) {
			pk_buf b = PK_BUF_INIT;

			rc = pk_buf_put_cp(&b, cp);
			if (rc == 0)
				rc = pk_words_push(out, b.ptr, b.len);
			pk_buf_free(&b);
			if (rc < 0)
				return rc;
		}
		return 0;
	}
	if ((rc = pk_ruleset_macro_forms(ld->rs, name, &forms, &n)) < 0)
		return rc;
	if (rc == 1) {
		for (i = 0, rc = 0; i < n && rc == 0; i++)
			rc = pk_words_push(out, forms[i], strlen(forms[i]));
		free(forms);
		return rc;
	}
	for (i = 0; i < ld->nsec; i++) {
		pk_section *s = &ld->sec[i];
		const char *def;

		if (strcmp(s->kind, "define") != 0 || !s->id || strcmp(s->id, name) != 0)
			continue;
		if (!(def = pk_section_str(s, "pattern"))) {
			pk_ruleset_error(ld, s->file, s->line, "define '%s' has no pattern", name);
			return PK_TRIGGER_BAD;
		}
		return pk_ruleset_define_words(ld, name, def, file, line, depth, out);
	}
	pk_ruleset_error(ld, file, line, "trigger: unknown macro '@{%s}'", name);
	return PK_TRIGGER_BAD;
}

/* Expand one trigger item (words and @{MACRO}s; '\' takes the next
 * character literally) into every word it stands for, appended to out. */
static int pk_ruleset_trigger_item(pk_loader *ld, const char *item, const char *file,
	int line, int depth, pk_words *out)
{
	pk_words cur = { NULL, 0, 0 }, mw = { NULL, 0, 0 }, next = { NULL, 0, 0 };
	pk_buf lit = PK_BUF_INIT, w = PK_BUF_INIT;
	const char *p = item;
	size_t i, j;
	int rc;

	if ((rc = pk_words_push(&cur, "", 0)) < 0)
		goto out;
	for (;;) {
		int macro = p[0] == '@' && p[1] == '{';

		if (*p && !macro) {
			size_t step = 1;

			if (p[0] == '\\' && p[1])
				p++;
			while (((unsigned char)p[step] & 0xC0) == 0x80)
				step++;
			if ((rc = pk_buf_put(&lit, p, step)) < 0)
				goto out;
			p += step;
			continue;
		}
		/* a literal run ends: append it to every word so far */
		for (i = 0; lit.len && i < cur.n; i++) {
			pk_buf_clear(&w);
			if ((rc = pk_buf_puts(&w, cur.v[i])) < 0 || (rc = pk_buf_put(&w, lit.ptr, lit.len)) < 0)
				goto out;
			free(cur.v[i]);
			cur.v[i] = pk_buf_detach(&w);
		}
		pk_buf_clear(&lit);
		if (!*p)
			break;
		{
			const char *close = strchr(p + 2, '}');
			char name[64];
			size_t n = close ? (size_t)(close - p - 2) : 0;

			if (!close || n == 0 || n >= sizeof name) {
				pk_ruleset_error(ld, file, line, "trigger: unterminated or empty macro '@{'");
				rc = PK_TRIGGER_BAD;
				goto out;
			}
			memcpy(name, p + 2, n);
			name[n] = '\0';
			p = close + 1;
			if ((rc = pk_ruleset_trigger_macro(ld, name, file, line, depth, &mw)) != 0)
				goto out;
			if (cur.n * mw.n > PK_TRIGGER_MAX_WORDS) {
				pk_ruleset_error(ld, file, line,
					"trigger: '%s' stands for more than %d words", item, PK_TRIGGER_MAX_WORDS);
				rc = PK_TRIGGER_BAD;
				goto out;
			}
			for (i = 0; i < cur.n; i++) {
				for (j = 0; j < mw.n; j++) {
					pk_buf_clear(&w);
					if ((rc = pk_buf_puts(&w, cur.v[i])) < 0 ||
					    (rc = pk_buf_puts(&w, mw.v[j])) < 0 ||
					    (rc = pk_words_push(&next, w.ptr, w.len)) < 0)
						goto out;
				}
			}
			pk_words_free(&cur);
			pk_words_free(&mw);
			cur = next;
			memset(&next, 0, sizeof next);
		}
	}
	for (i = 0; i < cur.n; i++) {
		if (!cur.v[i][0]) {
			pk_ruleset_error(ld, file, line, "trigger: '%s' stands for an empty word", item);
			rc = PK_TRIGGER_BAD;
			goto out;
		}
		if ((rc = pk_words_push(out, cur.v[i], strlen(cur.v[i]))) < 0)
			goto out;
	}
out:
	pk_words_free(&cur);
	pk_words_free(&mw);
	pk_words_free(&next);
	pk_buf_free(&lit);
	pk_buf_free(&w);
	return rc;
}

static int pk_ruleset_word_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The number of the clause whose words are w's: an earlier clause with
 * the same words (sorted, each once), or a new one whose words go into
 * rs->triggers.  25 rules have the clause @{TITLE}; as one clause, a title
 * in a sentence marks one clause, not 25 (221 clauses are 106 or fewer). */
static int pk_ruleset_clause(pk_loader *ld, pk_words *w, uint32_t *out)
{
	pk_ruleset *rs = ld->rs;
	pk_buf key = PK_BUF_INIT;
	size_t i;
	int rc = 0;

	if (w->n > 1) /* qsort(NULL, 0, ...) is undefined */
		qsort(w->v, w->n, sizeof *w->v, pk_ruleset_word_cmp);
	for (i = 0; i < w->n && rc == 0; i++) {
		if (i && strcmp(w->v[i], w->v[i - 1]) == 0)
			continue;
		rc = pk_buf_put(&key, w->v[i], strlen(w->v[i]) + 1);
	}
	if (rc < 0)
		goto out;
	for (i = 0; i < ld->ntclauses; i++) {
		/* an empty key's ptr is NULL, which memcmp may not be given */
		if (ld->tclauses[i].len == key.len &&
		    (!key.len || memcmp(ld->tclauses[i].ptr, key.ptr, key.len) == 0)) {
			*out = (uint32_t)i;
			goto out;
		}
	}
	if (ld->ntclauses == ld->tclauses_cap) {
		size_t cap = ld->tclauses_cap ? 2 * ld->tclauses_cap : 64;
		pk_buf *v = realloc(ld->tclauses, cap * sizeof *v);

		if (!v) {
			rc = PK_ENOMEM;
			goto out;
		}
		ld->tclauses = v;
		ld->tclauses_cap = cap;
	}
	*out = (uint32_t)rs->ntclauses;
	for (i = 0; i < w->n && rc == 0; i++) {
		rc = pk_trie_insert(rs->triggers, w->v[i], *out, 0);
	}
	if (rc < 0)
		goto out;
	ld->tclauses[ld->ntclauses++] = key;
	memset(&key, 0, sizeof key);
	rs->ntclauses++;
out:
	pk_buf_free(&key);
	return rc;
}

/* Parse a rule's 'trigger': clauses joined by '&', each a list of items
 * joined by '|'; each clause's words (every item's) become a clause of
 * rs->triggers, one per distinct set of words, and the rule gets the
 * numbers of its clauses, in order. */
int pk_ruleset_add_trigger(pk_loader *ld, pk_section *s, pk_rule *r)
{
	pk_ruleset *rs = ld->rs;
	pk_kv *kv = pk_section_get(s, "trigger");
	pk_buf item = PK_BUF_INIT;
	pk_words *clauses = NULL;
	const char *p;
	size_t keep = 0, i, n = 0, cap = 0;
	int rc = 0, errors = ld->errors;

	if (!kv)
		return 0;
	if (!rs->triggers) {
		if (!(rs->triggers = calloc(1, sizeof *rs->triggers)) ||
		    pk_trie_init_cp(rs->triggers) < 0)
			return PK_ENOMEM;
	}
	for (p = kv->value;; p++) {
		if (*p == '\0' || *p == '|' || *p == '&') {
			item.len = keep;
			if (item.ptr)
				item.ptr[keep] = '\0';
			if (keep == 0) {
				pk_ruleset_error(ld, s->file, kv->line, "rule %s: empty %s in trigger",
					s->id, *kv->value ? "item" : "trigger");
				break;
			}
			if (n == cap) {
				size_t c = cap ? 2 * cap : 4;
				pk_words *v = realloc(clauses, c * sizeof *v);

				if (!v) {
					rc = PK_ENOMEM;
					goto out;
				}
				memset(v + cap, 0, (c - cap) * sizeof *v);
				clauses = v;
				cap = c;
			}
			/* the words of this item join those of its clause */
			rc = pk_ruleset_trigger_item(ld, item.ptr, s->file, kv->line, 0, &clauses[n]);
			if (rc == PK_ENOMEM)
				goto out;
			pk_buf_clear(&item);
			keep = 0;
			if (*p != '|')
				n++;
			if (*p == '\0')
				break;
			continue;
		}
		if ((*p == ' ' || *p == '\t') && item.len == 0)
			continue;
		if (*p == '\\' && !p[1]) {
			pk_ruleset_error(ld, s->file, kv->line, "rule %s: trigger ends in a lone '\\'", s->id);
			break;
		}
		if (*p == '\\') {
			/* an escaped character counts: '\ ' keeps a space at an end */
			if ((rc = pk_buf_put(&item, p, 2)) < 0)
				goto out;
			p++;
			keep = item.len;
			continue;
		}
		if ((rc = pk_buf_putc(&item, *p)) < 0)
			goto out;
		if (*p != ' ' && *p != '\t')
			keep = item.len;
	}
	rc = 0;
	if (ld->errors == errors && n > 0) {
		if (!(r->tclauses = calloc(n, sizeof *r->tclauses))) {
			rc = PK_ENOMEM;
			goto out;
		}
		for (i = 0; i < n && rc == 0; i++)
			rc = pk_ruleset_clause(ld, &clauses[i], &r->tclauses[i]);
		if (rc == 0)
			r->tcount = (uint32_t)n;
	}
out:
	pk_buf_free(&item);
	for (i = 0; i < cap; i++)
		pk_words_free(&clauses[i]);
	free(clauses);
	return rc;
}
