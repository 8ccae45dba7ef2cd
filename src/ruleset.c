/*
 * ruleset.c - loading rules/: parse every *.rules and *.gaz file into
 * sections (rules/README.md has the format), check each section, expand
 * @{MACRO}s and compile the PCRE2 patterns (UTF, UCP, JIT), then build the
 * gazetteer index.  Every problem is reported as "FILE:LINE: message" and
 * loading goes on, so one run lists them all.
 *
 * The result, a read-only pk_ruleset, feeds the reader (boilerplate and
 * header rules), the gazetteer and the rules stage.
 */
#include "ruleset.h"
#include "schema.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gazetteer.h"
#include "normalize.h"
#include "trie.h"

#define PK_MACRO_DEPTH 16
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

/* ---- the generic section parser ---------------------------------- */

typedef struct pk_kv {
	char *key;
	char *value;
	int line;
	int used;
} pk_kv;

typedef struct pk_section {
	char *kind;
	char *id;   /* may be NULL ([particles]) */
	const char *file;
	int line;
	pk_kv *kv;
	size_t nkv;
} pk_section;

typedef struct pk_loader {
	pk_ruleset *rs;
	const pk_diag *diag;
	int errors;
	char **files;        /* owned paths, for section->file */
	size_t nfiles;
	pk_section *sec;
	size_t nsec;
	size_t cap;
	size_t entity_cap;   /* room in rs->entities (grown by doubling) */
	size_t *defs;        /* indexes of the [define] sections, in order: */
	size_t ndefs;        /* a gazetteer has 100,000 other sections */
	int defs_ready;
} pk_loader;

static void pk_ruleset_error(pk_loader *ld, const char *file, int line,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void pk_ruleset_error(pk_loader *ld, const char *file, int line,
	const char *fmt, ...)
{
	pk_buf b = PK_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	pk_buf_printf(&b, "%s:%d: ", file, line);
	pk_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	pk_diag_emit(ld->diag, PK_SEV_ERROR, "%s", b.ptr ? b.ptr : "out of memory");
	pk_buf_free(&b);
	ld->errors++;
}

static char *pk_ruleset_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	/* "\ " at the end is an escaped space, kept (a trigger's "@{L_MONTH}\ ") */
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r') &&
	       !(e - 1 > s && e[-2] == '\\' && e[-1] != '\r'))
		*--e = '\0';
	return s;
}

static void pk_section_clear(pk_section *s)
{
	size_t i;

	for (i = 0; i < s->nkv; i++) {
		free(s->kv[i].key);
		free(s->kv[i].value);
	}
	free(s->kv);
	free(s->kind);
	free(s->id);
}

static int pk_ruleset_parse_file(pk_loader *ld, const char *path)
{
	char *data = NULL, *line, *next;
	size_t len, i;
	int lineno = 0, rc = 0;
	pk_section *cur = NULL;

	if ((rc = pk_file_read(&data, &len, path, ld->diag)) < 0) {
		ld->errors++;
		return rc;
	}
	for (i = 0; i < len; i++) {
		if (data[i] == '\0') {
			pk_ruleset_error(ld, path, 1, "binary file (NUL byte at offset %zu)", i);
			goto out;
		}
	}
	for (line = data; line && *line; line = next) {
		char *s, *eq;
		uint32_t cp;
		size_t k, n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		n = strlen(line);
		for (k = 0; k < n; ) {
			size_t step = pk_utf8_decode((unsigned char *)line + k, n - k, &cp);

			if (!step) {
				pk_ruleset_error(ld, path, lineno, "invalid UTF-8 at byte %zu of the line", k);
				break;
			}
			k += step;
		}
		if (k < n)
			continue;
		s = pk_ruleset_trim(line);
		if (lineno == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
		    (unsigned char)s[2] == 0xBF)
			s += 3;
		if (*s == '\0' || *s == '#')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']'), *sp;

			if (!close || pk_ruleset_trim(close + 1)[0] != '\0') {
				pk_ruleset_error(ld, path, lineno, "section header must be '[kind id]'");
				cur = NULL;
				continue;
			}
			*close = '\0';
			s = pk_ruleset_trim(s + 1);
			if (ld->nsec == ld->cap) {
				size_t cap = ld->cap ? ld->cap * 2 : 64;
				pk_section *p = realloc(ld->sec, cap * sizeof *p);

				if (!p) {
					rc = PK_ENOMEM;
					goto out;
				}
				ld->sec = p;
				ld->cap = cap;
			}
			cur = &ld->sec[ld->nsec++];
			memset(cur, 0, sizeof *cur);
			cur->file = path;
			cur->line = lineno;
			sp = strpbrk(s, " \t");
			if (sp) {
				*sp = '\0';
				cur->id = pk_strdup(pk_ruleset_trim(sp + 1));
			}
			cur->kind = pk_strdup(s);
			if (!cur->kind || (sp && !cur->id)) {
				rc = PK_ENOMEM;
				goto out;
			}
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			pk_ruleset_error(ld, path, lineno, "expected 'key = value' or '[kind id]'");
			continue;
		}
		if (!cur) {
			pk_ruleset_error(ld, path, lineno, "'key = value' before any section");
			continue;
		}
		*eq = '\0';
		{
			pk_kv *kv = realloc(cur->kv, (cur->nkv + 1) * sizeof *kv);

			if (!kv) {
				rc = PK_ENOMEM;
				goto out;
			}
			cur->kv = kv;
			kv = &cur->kv[cur->nkv++];
			kv->key = pk_strdup(pk_ruleset_trim(s));
			kv->value = pk_strdup(pk_ruleset_trim(eq + 1));
			kv->line = lineno;
			kv->used = 0;
			if (!kv->key || !kv->value) {
				rc = PK_ENOMEM;
				goto out;
			}
		}
	}
out:
	free(data);
	return rc;
}

static int pk_ruleset_path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int pk_ruleset_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Collect rule files under dir, recursively. */
static int pk_ruleset_collect(pk_loader *ld, const char *dir, int depth)
{
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (depth > 16)
		return 0;
	d = opendir(dir);
	if (!d) {
		pk_diag_emit(ld->diag, PK_SEV_ERROR, "%s: %s", dir, strerror(errno));
		ld->errors++;
		return PK_EIO;
	}
	while ((de = readdir(d)) != NULL) {
		pk_buf p = PK_BUF_INIT;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (pk_path_join(&p, dir, de->d_name) < 0) {
			rc = PK_ENOMEM;
			break;
		}
		if (stat(p.ptr, &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = pk_ruleset_collect(ld, p.ptr, depth + 1);
			pk_buf_free(&p);
			if (rc == PK_ENOMEM)
				break;
			continue;
		}
		if (!pk_ruleset_has_suffix(de->d_name, ".rules") &&
		    !pk_ruleset_has_suffix(de->d_name, ".gaz")) {
			pk_buf_free(&p);
			continue;
		}
		{
			char **f = realloc(ld->files, (ld->nfiles + 1) * sizeof *f);

			if (!f) {
				pk_buf_free(&p);
				rc = PK_ENOMEM;
				break;
			}
			ld->files = f;
			ld->files[ld->nfiles++] = pk_buf_detach(&p);
		}
	}
	closedir(d);
	return rc;
}

/* ---- section field helpers ---------------------------------------- */

/* Some entity lists form among its abbrs. */
static int pk_ruleset_is_abbr(const pk_ruleset *rs, const char *form)
{
	size_t i, j;

	for (i = 0; i < rs->nentities; i++)
		for (j = 0; j < rs->entities[i].nabbrs; j++)
			if (strcmp(rs->entities[i].abbrs[j], form) == 0)
				return 1;
	return 0;
}

static pk_kv *pk_section_get(pk_section *s, const char *key)
{
	size_t i;
	pk_kv *found = NULL;

	for (i = 0; i < s->nkv; i++) {
		if (strcmp(s->kv[i].key, key) == 0) {
			s->kv[i].used = 1;
			found = &s->kv[i];
		}
	}
	return found;
}

static const char *pk_section_str(pk_section *s, const char *key)
{
	pk_kv *kv = pk_section_get(s, key);

	return kv ? kv->value : NULL;
}

/* Complain about repeated and unknown keys once the section is built. */
static void pk_section_check_keys(pk_loader *ld, pk_section *s)
{
	size_t i, j;

	for (i = 0; i < s->nkv; i++) {
		if (!s->kv[i].used)
			pk_ruleset_error(ld, s->file, s->kv[i].line,
				"unknown key '%s' in [%s]", s->kv[i].key, s->kind);
		for (j = 0; j < i; j++)
			if (strcmp(s->kv[i].key, s->kv[j].key) == 0) {
				pk_ruleset_error(ld, s->file, s->kv[i].line,
					"key '%s' given twice in [%s%s%s]", s->kv[i].key,
					s->kind, s->id ? " " : "", s->id ? s->id : "");
				break;
			}
	}
}

static int pk_section_int(pk_loader *ld, pk_section *s, const char *key, int def, int *out)
{
	pk_kv *kv = pk_section_get(s, key);
	char *end;
	long v;

	*out = def;
	if (!kv)
		return 0;
	errno = 0;
	v = strtol(kv->value, &end, 10);
	if (errno || *end || end == kv->value || v < -1000000 || v > 1000000) {
		pk_ruleset_error(ld, s->file, kv->line, "'%s' must be an integer", key);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* Split "a | b | c" into a malloc'd array of trimmed strings. */
static int pk_ruleset_split(char ***out, size_t *n, const char *value)
{
	char *copy = pk_strdup(value), *p, *bar;
	char **arr = NULL;
	size_t cnt = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!copy)
		return PK_ENOMEM;
	for (p = copy; p; p = bar) {
		char *item, **na;

		bar = strchr(p, '|');
		if (bar)
			*bar++ = '\0';
		item = pk_ruleset_trim(p);
		if (!*item)
			continue;
		na = realloc(arr, (cnt + 1) * sizeof *na);
		if (!na) {
			rc = PK_ENOMEM;
			break;
		}
		arr = na;
		if (!(arr[cnt] = pk_strdup(item))) {
			rc = PK_ENOMEM;
			break;
		}
		cnt++;
	}
	free(copy);
	if (rc < 0) {
		while (cnt)
			free(arr[--cnt]);
		free(arr);
		return rc;
	}
	*out = arr;
	*n = cnt;
	return 0;
}

static void pk_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

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

static const char *const pk_class_names[PK_CLASS__COUNT] = {
	"GovernmentBody", "InternationalOrganization", "Company",
	"Organization", "Country", "Place"
};

static const char *const pk_yield_names[PK_YIELD__COUNT] = {
	"position", "agreement", "event", "date", "alias", "organization"
};

/* Groups a rule of each yield must have. */
static const char *const pk_yield_required[PK_YIELD__COUNT][3] = {
	[PK_YIELD_POSITION] = { "name", "title", NULL },
	[PK_YIELD_AGREEMENT] = { "kind", NULL, NULL },
	[PK_YIELD_EVENT] = { NULL, NULL, NULL },
	[PK_YIELD_DATE] = { NULL, NULL, NULL },
	[PK_YIELD_ALIAS] = { "of", "alias", NULL },
	[PK_YIELD_ORG] = { "name", NULL, NULL },
};

pk_class pk_class_by_name(const char *name)
{
	int i;

	for (i = 0; i < PK_CLASS__COUNT; i++)
		if (strcmp(name, pk_class_names[i]) == 0)
			return (pk_class)i;
	return PK_CLASS__COUNT;
}

const char *pk_yield_name(pk_yield y)
{
	return (unsigned)y < PK_YIELD__COUNT ? pk_yield_names[y] : "?";
}

const char *pk_class_name(pk_class c)
{
	return (unsigned)c < PK_CLASS__COUNT ? pk_class_names[c] : "Thing";
}

/* ---- building each kind ------------------------------------------- */

static int pk_ruleset_add_entity(pk_loader *ld, pk_section *s)
{
	pk_ruleset *rs = ld->rs;
	pk_entity *e, *arr;
	const char *cls, *v;
	size_t i;

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
		for (i = 0; i < PK_CLASS__COUNT; i++)
			if (strcmp(cls, pk_class_names[i]) == 0)
				break;
		if (i == PK_CLASS__COUNT)
			pk_ruleset_error(ld, s->file, pk_section_get(s, "class")->line,
				"unknown class '%s' (GovernmentBody, InternationalOrganization, "
				"Company, Organization, Country or Place)", cls);
		e->cls = (pk_class)(i % PK_CLASS__COUNT);
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

static int pk_ruleset_add_title(pk_loader *ld, pk_section *s)
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
	if (!(t->id = pk_strdup(s->id)))
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

static int pk_ruleset_add_particles(pk_loader *ld, pk_section *s)
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

static int pk_ruleset_add_lexicon(pk_loader *ld, pk_section *s)
{
	pk_ruleset *rs = ld->rs;
	pk_lexicon *lx, *arr;
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
		{
			const char *expected;

			/* a value the later stages have no meaning for (schema.c) */
			if (!pk_schema_value_ok(s->id, s->kv[i].key, &expected))
				pk_ruleset_error(ld, s->file, s->kv[i].line,
					"lexicon %s: '%s' is no value the extractor knows (%s)",
					s->id, s->kv[i].key, expected);
		}
	}
	return 0;
}

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
	}
	return rc;
}

const char *pk_ruleset_lexicon(const pk_ruleset *rs, const char *name,
	const char *s, size_t n)
{
	size_t i, j, k;

	for (i = 0; i < rs->nlexicons; i++) {
		const pk_trie *t = rs->lexicons[i].index;

		if (strcmp(rs->lexicons[i].name, name) != 0)
			continue;
		if (t) {
			uint32_t node = 0;

			for (k = 0; k < n; k++)
				if (s[k] != ' ' && !pk_trie_step(t, node, (unsigned char)s[k], &node))
					break;
			if (k == n && node != 0 && t->head[node] >= 0)
				return rs->lexicons[i].entries[t->vals[t->head[node]].value].value;
			continue;
		}
		for (j = 0; j < rs->lexicons[i].nentries; j++) {
			const pk_lexicon_entry *e = &rs->lexicons[i].entries[j];

			for (k = 0; k < e->nforms; k++)
				if (pk_ruleset_form_eq(e->forms[k], s, n))
					return e->value;
		}
	}
	return NULL;
}

/* ---- macros -------------------------------------------------------- */

typedef struct pk_words {
	char **v;
	size_t n;
	size_t cap;
} pk_words;

static void pk_words_free(pk_words *w)
{
	pk_strv_free(w->v, w->n);
	memset(w, 0, sizeof *w);
}

/* Append s[0..len) as a new word. */
static int pk_words_push(pk_words *w, const char *s, size_t len)
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

/* If def is a list of plain words joined by '|' (optionally inside one
 * "(?:...)"; '\' before a punctuation mark makes it plain) in which no
 * word comes after a longer word it begins, as SURNAME and NOTNAME are,
 * append it as pk_ruleset_alternation does and return 1: the same
 * matches, in the same order.  Otherwise append nothing and return 0. */
static int pk_ruleset_define_alternation(pk_buf *b, const char *def)
{
	pk_words w = { NULL, 0, 0 };
	pk_buf cur = PK_BUF_INIT;
	const char *p = def, *end = def + strlen(def);
	size_t i, j;
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
				goto out;
	if ((rc = pk_ruleset_alternation(b, w.v, w.n)) == 0)
		rc = 1;
out:
	pk_words_free(&w);
	pk_buf_free(&cur);
	return rc;
}

/* The placeholder range a mask macro (ORG, ACTOR, GOV ...) stands for;
 * 0 if name is not one. */
static int pk_ruleset_mask_range(const char *name, uint32_t *lo, uint32_t *hi)
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
static int pk_ruleset_macro_forms(const pk_ruleset *rs, const char *name,
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
		char name[64];
		size_t n, i;
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
		if (pk_ruleset_builtin(ld, b, name, &rc)) {
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
		if (pk_buf_putc(b, ')') < 0)
			return PK_ENOMEM;
		p = close + 1;
	}
	return 0;
}

/* Expand and compile one pattern into *out: 0 with *out NULL when it is
 * bad (reported, a rules problem), PK_ENOMEM when memory ran out (not a
 * problem of the rules: the caller stops). */
static int pk_ruleset_compile(pcre2_code **out, pk_loader *ld, pk_section *s,
	const char *key)
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
		re = pcre2_compile((PCRE2_SPTR)b.ptr, b.len, PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
		if (!re && err == PCRE2_ERROR_HEAP_FAILED) {
			rc = PK_ENOMEM;
		} else if (!re) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(err, msg, sizeof msg);
			pk_ruleset_error(ld, s->file, kv->line, "%s %s: bad pattern: %s (at offset %zu%s)",
				s->kind, s->id ? s->id : "", (char *)msg, (size_t)off,
				strstr(kv->value, "@{") ? " after expanding macros" : "");
		} else {
			/* JIT is an optimisation; the interpreter is the fallback.
			 * PK_NO_JIT=1 keeps to the interpreter: JIT code reads
			 * past the subject by design, which valgrind reports. */
			const char *nojit = getenv("PK_NO_JIT");

			if (!nojit || strcmp(nojit, "1") != 0)
				pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
		}
	}
	pk_buf_free(&b);
	*out = re;
	return rc == PK_ENOMEM ? PK_ENOMEM : 0;
}

/* ---- trigger words --------------------------------------------------- */

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

/* Parse a rule's 'trigger': clauses joined by '&', each a list of items
 * joined by '|'; every item's words go into rs->triggers with the number
 * of their clause, and the rule gets its range of clauses. */
static int pk_ruleset_add_trigger(pk_loader *ld, pk_section *s, pk_rule *r)
{
	pk_ruleset *rs = ld->rs;
	pk_kv *kv = pk_section_get(s, "trigger");
	pk_buf item = PK_BUF_INIT;
	pk_words words = { NULL, 0, 0 };
	const char *p;
	size_t keep = 0, i, nitems = 0;
	uint32_t first = (uint32_t)rs->ntclauses, clause = first;
	int rc = 0, errors = ld->errors;

	if (!kv)
		return 0;
	if (!rs->triggers) {
		if (!(rs->triggers = calloc(1, sizeof *rs->triggers)) ||
		    pk_trie_init_cp(rs->triggers) < 0 ||
		    !(rs->tstart = calloc(65536 / 64, sizeof *rs->tstart)))
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
			rc = pk_ruleset_trigger_item(ld, item.ptr, s->file, kv->line, 0, &words);
			if (rc == PK_ENOMEM)
				goto out;
			for (i = 0; rc == 0 && i < words.n; i++) {
				uint32_t cp = 0;

				pk_utf8_decode((const unsigned char *)words.v[i], strlen(words.v[i]), &cp);
				if (cp < 65536)
					rs->tstart[cp >> 6] |= (uint64_t)1 << (cp & 63);
				else
					rs->tstart_astral = 1;
				rc = pk_trie_insert(rs->triggers, words.v[i], clause, 0);
			}
			if (rc == PK_ENOMEM)
				goto out;
			pk_words_free(&words);
			pk_buf_clear(&item);
			keep = 0;
			nitems++;
			if (*p != '|')
				clause++;
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
	if (ld->errors == errors) {
		r->tfirst = first;
		r->tcount = clause - first;
		rs->ntclauses = clause;
	}
out:
	pk_buf_free(&item);
	pk_words_free(&words);
	return rc;
}

static int pk_ruleset_add_rule(pk_loader *ld, pk_section *s)
{
	pk_ruleset *rs = ld->rs;
	pk_rule *r, *arr;
	const char *yield = pk_section_str(s, "yield");
	uint32_t count, namesz, i;
	PCRE2_SPTR table;
	int rc;

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
		for (i = 0; i < PK_YIELD__COUNT; i++)
			if (strcmp(yield, pk_yield_names[i]) == 0)
				break;
		if (i == PK_YIELD__COUNT)
			pk_ruleset_error(ld, s->file, pk_section_get(s, "yield")->line,
				"rule %s: unknown yield '%s' (position, agreement, event, date, alias or organization)",
				s->id, yield);
		else
			r->yield = (pk_yield)i;
	}
	pk_section_int(ld, s, "priority", 0, &r->priority);
	{
		const char *cls = pk_section_str(s, "class");

		if (cls && !(r->fixed_class = pk_strdup(cls)))
			return PK_ENOMEM;
		if (cls && r->yield != PK_YIELD_EVENT && r->yield != PK_YIELD_ORG)
			pk_ruleset_error(ld, s->file, pk_section_get(s, "class")->line,
				"rule %s: 'class' is for event and organization rules", s->id);
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
	if ((rc = pk_ruleset_compile(&r->re, ld, s, "pattern")) < 0)
		return rc;
	if (!r->re)
		return 0;
	pcre2_pattern_info(r->re, PCRE2_INFO_CAPTURECOUNT, &r->ngroups);
	r->group_names = calloc(r->ngroups + 1, sizeof *r->group_names);
	if (!r->group_names)
		return PK_ENOMEM;
	pcre2_pattern_info(r->re, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(r->re, PCRE2_INFO_NAMEENTRYSIZE, &namesz);
	pcre2_pattern_info(r->re, PCRE2_INFO_NAMETABLE, &table);
	for (i = 0; i < count; i++) {
		const unsigned char *ent = table + (size_t)i * namesz;
		uint32_t num = ((uint32_t)ent[0] << 8) | ent[1];

		if (num <= r->ngroups && !r->group_names[num] &&
		    !(r->group_names[num] = pk_strdup((const char *)ent + 2)))
			return PK_ENOMEM;
	}
	/* every named group is one the graph stage reads for this yield
	 * (schema.c); a misspelt one would silently say nothing */
	for (i = 1; i <= r->ngroups; i++) {
		const pk_schema_group *sg = NULL;

		if (!r->group_names[i])
			continue;
		if (!pk_schema_group_ok(r->yield, r->group_names[i], &sg))
			pk_ruleset_error(ld, s->file, s->line,
				"rule %s: group (?<%s>...) means nothing to yield %s (its groups: %s)",
				s->id, r->group_names[i], pk_yield_names[r->yield], pk_schema_groups_of(r->yield));
	}
	for (i = 0; pk_yield_required[r->yield][i]; i++) {
		const char *g = pk_yield_required[r->yield][i];
		uint32_t k;

		/* scan the names: (?J) lets a name stand in two branches */
		for (k = 1; k <= r->ngroups; k++)
			if (r->group_names[k] && strcmp(r->group_names[k], g) == 0)
				break;
		if (k > r->ngroups)
			pk_ruleset_error(ld, s->file, s->line,
				"rule %s: yield %s needs a group (?<%s>...)", s->id,
				pk_yield_names[r->yield], g);
	}
	return 0;
}

static int pk_ruleset_add_boiler(pk_loader *ld, pk_section *s)
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
	return pk_ruleset_compile(&b->re, ld, s, "pattern");
}

static int pk_ruleset_add_meta(pk_loader *ld, pk_section *s)
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
	if ((rc = pk_ruleset_compile(&m->re, ld, s, "pattern")) < 0)
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

static int pk_section_ptr_cmp(const void *a, const void *b)
{
	const pk_section *x = *(const pk_section *const *)a, *y = *(const pk_section *const *)b;
	int c = strcmp(x->kind, y->kind);

	if (!c)
		c = strcmp(x->id, y->id);
	return c ? c : (x < y ? -1 : x > y);
}

static int pk_entity_ptr_cmp(const void *a, const void *b)
{
	return strcmp((*(const pk_entity *const *)a)->id, (*(const pk_entity *const *)b)->id);
}

/* Index the entities by id (sorted, so that a gazetteer of 100,000
 * entries loads in O(n log n), not O(n^2)). */
static int pk_ruleset_index_entities(pk_ruleset *rs)
{
	size_t i;

	free(rs->by_id);
	rs->by_id = malloc((rs->nentities + 1) * sizeof *rs->by_id);
	if (!rs->by_id)
		return PK_ENOMEM;
	for (i = 0; i < rs->nentities; i++)
		rs->by_id[i] = &rs->entities[i];
	qsort(rs->by_id, rs->nentities, sizeof *rs->by_id, pk_entity_ptr_cmp);
	return 0;
}

/* Ids must be unique within a kind; references must resolve.  Sections
 * are sorted by kind and id to find duplicates; they are reported in file
 * order, each against the first of its id. */
static int pk_ruleset_check_refs(pk_loader *ld)
{
	pk_ruleset *rs = ld->rs;
	pk_section **sorted = NULL;
	const pk_section **first = NULL;
	size_t i, j, n = 0;

	sorted = malloc((ld->nsec + 1) * sizeof *sorted);
	first = calloc(ld->nsec + 1, sizeof *first);
	if (!sorted || !first) {
		free(sorted);
		free(first);
		return PK_ENOMEM;
	}
	for (i = 0; i < ld->nsec; i++)
		if (ld->sec[i].id)
			sorted[n++] = &ld->sec[i];
	qsort(sorted, n, sizeof *sorted, pk_section_ptr_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(sorted[j]->kind, sorted[i]->kind) == 0 &&
		     strcmp(sorted[j]->id, sorted[i]->id) == 0; j++)
			first[sorted[j] - ld->sec] = sorted[i];
	}
	for (i = 0; i < ld->nsec; i++)
		if (first[i])
			pk_ruleset_error(ld, ld->sec[i].file, ld->sec[i].line,
				"duplicate %s id '%s' (first at %s:%d)", ld->sec[i].kind,
				ld->sec[i].id, first[i]->file, first[i]->line);
	free(sorted);
	free(first);
	for (i = 0; i < rs->nentities; i++) {
		const pk_entity *e = &rs->entities[i];

		if (e->parent && !pk_ruleset_entity(rs, e->parent))
			pk_ruleset_error(ld, e->file, e->line, "entity %s: unknown parent '%s'", e->id, e->parent);
		if (e->nglue && !e->nabbrs)
			pk_ruleset_error(ld, e->file, e->line, "entity %s: 'glue' without an 'abbr' to glue to", e->id);
		for (j = 0; j < e->nglue; j++)
			if (!pk_ruleset_is_abbr(rs, e->glue[j]))
				pk_ruleset_error(ld, e->file, e->line,
					"entity %s: glue '%s' is no entity's abbr", e->id, e->glue[j]);
		if (e->country) {
			const pk_entity *c = pk_ruleset_entity(rs, e->country);

			if (!c)
				pk_ruleset_error(ld, e->file, e->line, "entity %s: unknown country '%s'", e->id, e->country);
			else if (c->cls != PK_CLASS_COUNTRY)
				pk_ruleset_error(ld, e->file, e->line, "entity %s: '%s' is not a Country", e->id, e->country);
		}
	}
	for (i = 0; i < rs->ntitles; i++) {
		const pk_title *t = &rs->titles[i];

		if (t->implicit_org && !pk_ruleset_entity(rs, t->implicit_org))
			pk_diag_emit(ld->diag, PK_SEV_ERROR, "title %s: unknown implicit-org '%s'",
				t->id, t->implicit_org), ld->errors++;
		if (t->in_intl && !pk_ruleset_title_by_id(rs, t->in_intl))
			pk_diag_emit(ld->diag, PK_SEV_ERROR, "title %s: unknown in-international-organization '%s'",
				t->id, t->in_intl), ld->errors++;
		if (t->in_company && !pk_ruleset_title_by_id(rs, t->in_company))
			pk_diag_emit(ld->diag, PK_SEV_ERROR, "title %s: unknown in-company '%s'",
				t->id, t->in_company), ld->errors++;
	}
	return 0;
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
	pk_ruleset *rs;
	size_t i;
	int rc = 0;
	struct stat st;

	*out = NULL;
	memset(&ld, 0, sizeof ld);
	ld.diag = diag;
	rs = calloc(1, sizeof *rs);
	if (!rs)
		return PK_ENOMEM;
	ld.rs = rs;
	rs->match_limit = 1000000;
	rs->depth_limit = 10000;
	if (stat(dir, &st) != 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", dir, strerror(errno));
		rc = PK_ERULES;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		if ((rc = pk_ruleset_collect(&ld, dir, 0)) == PK_ENOMEM)
			goto out;
	} else {
		ld.files = malloc(sizeof *ld.files);
		if (!ld.files || !(ld.files[0] = pk_strdup(dir))) {
			rc = PK_ENOMEM;
			goto out;
		}
		ld.nfiles = 1;
	}
	qsort(ld.files, ld.nfiles, sizeof *ld.files, pk_ruleset_path_cmp);
	for (i = 0; i < ld.nfiles; i++)
		if (pk_ruleset_parse_file(&ld, ld.files[i]) == PK_ENOMEM) {
			rc = PK_ENOMEM;
			goto out;
		}
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
	if ((rc = pk_gazetteer_new(&rs->gaz, rs, norm, diag)) < 0 ||
	    (rc = pk_ruleset_index_lexicons(rs)) < 0)
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
		pk_strv_free(rs->rules[i].group_names, rs->rules[i].group_names ? rs->rules[i].ngroups + 1 : 0);
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
	free(rs->tstart);
	pcre2_match_context_free(rs->mctx);
	free(rs);
}
