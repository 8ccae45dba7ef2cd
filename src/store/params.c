/*
 * params.c - `policykg query NAME --param name=value`: values bound into
 * a stored query without ever pasting the user's text into SPARQL.
 *
 * Each value is read here as one RDF term (an IRI, a prefixed name of the
 * contract, a quoted literal with its language or datatype, or a bare
 * date, integer, boolean or string), checked (UTF-8, no character an IRI
 * may not hold, a well-formed language tag) and written back by our own
 * serializer, which escapes every quote and backslash.  The terms then
 * enter the query as data, BIND(t1 AS ?a), placed just inside the
 * outermost WHERE group: the patterns after it look the value up, and a
 * FILTER of that group sees it (a trailing VALUES would be joined only
 * after the filters ran).  A declared parameter not given is left
 * unbound by a VALUES row of UNDEF and keeps matching everything.  A
 * small lexer skips comments, strings and IRIs so that only real
 * variables and the real WHERE count.
 */
#include "policykg.h"
#include "store/store_int.h"
#include "rdf/vocab.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PK_XSD "http://www.w3.org/2001/XMLSchema#"

/* ---- the lexer ------------------------------------------------------------------ */

static int pk_params_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

/* Past the string starting at q[i] (a quote), short or long. */
static size_t pk_params_skip_string(const char *q, size_t i)
{
	char quote = q[i];
	int lng = q[i + 1] == quote && q[i + 2] == quote;

	i += lng ? 3 : 1;
	while (q[i]) {
		if (q[i] == '\\' && q[i + 1]) {
			i += 2;
			continue;
		}
		if (q[i] == quote) {
			if (!lng)
				return i + 1;
			if (q[i + 1] == quote && q[i + 2] == quote)
				return i + 3;
		}
		if (!lng && (q[i] == '\n' || q[i] == '\r'))
			return i;
		i++;
	}
	return i;
}

/* Past an IRIREF at q[i] ('<'), or i itself when it is the operator. */
static size_t pk_params_skip_iri(const char *q, size_t i)
{
	size_t j = i + 1;

	while (q[j] && q[j] != '>') {
		if ((unsigned char)q[j] <= 0x20 || strchr("<\"{}|^`", q[j]))
			return i;
		j++;
	}
	return q[j] == '>' ? j + 1 : i;
}

typedef struct pk_params_scan {
	size_t insert;   /* just past the '{' of the outer WHERE group; 0: none */
	const char *const *names;
	size_t nnames;
	int *seen;       /* per name: the query uses ?name or $name */
} pk_params_scan;

static void pk_params_scan_query(pk_params_scan *sc, const char *q)
{
	size_t i = 0, j, n, k, first_brace = 0;
	int depth = 0, after_where = 0;

	sc->insert = 0;
	while (q[i]) {
		unsigned char c = (unsigned char)q[i];

		if (c == '#') {
			while (q[i] && q[i] != '\n')
				i++;
		} else if (c == '"' || c == '\'') {
			i = pk_params_skip_string(q, i);
		} else if (c == '<') {
			j = pk_params_skip_iri(q, i);
			i = j > i ? j : i + 1;
		} else if (c == '{') {
			if (depth == 0 && !first_brace)
				first_brace = i + 1;
			if (depth == 0 && after_where && !sc->insert)
				sc->insert = i + 1;
			depth++;
			i++;
		} else if (c == '}') {
			depth--;
			i++;
		} else if ((c == '?' || c == '$') && pk_params_name_char((unsigned char)q[i + 1])) {
			for (j = i + 1; pk_params_name_char((unsigned char)q[j]); j++)
				;
			n = j - i - 1;
			for (k = 0; k < sc->nnames; k++)
				if (strlen(sc->names[k]) == n &&
				    strncmp(sc->names[k], q + i + 1, n) == 0)
					sc->seen[k] = 1;
			i = j;
		} else if (pk_params_name_char(c) || c == ':') {
			for (j = i; pk_params_name_char((unsigned char)q[j]) || q[j] == ':' ||
			     q[j] == '-' || q[j] == '.'; j++)
				;
			/* a keyword, not a prefixed name or a part of one */
			if (depth == 0 && j - i == 5 && strncasecmp(q + i, "WHERE", 5) == 0)
				after_where = 1;
			i = j;
		} else {
			i++;
		}
	}
	if (!sc->insert && !after_where)
		sc->insert = first_brace;
}

/* ---- values as terms --------------------------------------------------------------- */

static int pk_params_iri_ok(const char *s, size_t len)
{
	pk_buf b = PK_BUF_INIT;
	int ok;

	/* an IRI our serializer writes without escapes */
	if (len == 0 || pk_nq_put_iri(&b, s, len) < 0) {
		pk_buf_free(&b);
		return 0;
	}
	ok = b.len == len + 2;
	pk_buf_free(&b);
	return ok;
}

static int pk_params_put_iri(pk_buf *out, const char *s, size_t len)
{
	if (!pk_params_iri_ok(s, len))
		return PK_EUSAGE;
	return pk_nq_put_iri(out, s, len) < 0 ? PK_ENOMEM : 0;
}

/* A prefixed name of the contract's prefixes, or NULL. */
static char *pk_params_expand(const char *s, size_t len)
{
	char *name = pk_strndup(s, len), *full = NULL;

	if (!name)
		return NULL;
	if (!strchr(name, ':') || pk_vocab_expand(&full, name) < 0 ||
	    strcmp(full, name) == 0) {
		free(full);
		full = NULL;
	}
	free(name);
	return full;
}

static int pk_params_all(const char *s, const char *set)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!strchr(set, *s))
			return 0;
	return 1;
}

/* Shaped like YYYY-MM-DD; whether it is a calendar date is asked apart,
 * so that 2025-02-30 is refused rather than matched as a string. */
static int pk_params_is_date(const char *s)
{
	return strlen(s) == 10 && pk_params_all(s, "0123456789-") &&
		s[4] == '-' && s[7] == '-' && strchr(s, '-') == s + 4 &&
		strrchr(s, '-') == s + 7;
}

/* A BCP 47 language tag's shape: letters, then dash-joined parts of
 * letters and digits, each 1-8 long (ko, en-GB, zh-Hant-TW; not "ko-"). */
static int pk_params_lang_ok(const char *s)
{
	size_t run = 0, i;

	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (c == '-') {
			if (run == 0)
				return 0;
			run = 0;
		} else if (((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9' && strchr(s, '-') && strchr(s, '-') < s + i)) &&
			   ++run <= 8) {
			continue;
		} else {
			return 0;
		}
	}
	return run > 0;
}

/* Read the quoted literal at s ("..." with escapes) into lex; *end past it. */
static int pk_params_read_quoted(pk_buf *lex, const char *s, const char **end)
{
	const char *p = s + 1;
	char c;

	if (pk_buf_put(lex, "", 0) < 0)
		return PK_ENOMEM;
	while (*p && *p != '"') {
		if (*p != '\\') {
			if (pk_buf_putc(lex, *p++) < 0)
				return PK_ENOMEM;
			continue;
		}
		p++;
		switch (*p) {
		case 'n': c = '\n'; break;
		case 't': c = '\t'; break;
		case 'r': c = '\r'; break;
		case '"': case '\\': case '\'': c = *p; break;
		default: return PK_EUSAGE;
		}
		if (pk_buf_putc(lex, c) < 0)
			return PK_ENOMEM;
		p++;
	}
	if (*p != '"')
		return PK_EUSAGE;
	*end = p + 1;
	return 0;
}

/* The value v as SPARQL text, appended to out. */
static int pk_params_term(pk_buf *out, const char *v)
{
	pk_buf lex = PK_BUF_INIT;
	const char *rest, *dt = NULL;
	char *full = NULL;
	size_t len = strlen(v);
	int rc;

	if (len >= 2 && v[0] == '<' && v[len - 1] == '>')
		return pk_params_put_iri(out, v + 1, len - 2);
	if (v[0] == '"') {
		if ((rc = pk_params_read_quoted(&lex, v, &rest)) < 0)
			goto out;
		if (*rest == '@') {
			rc = pk_params_lang_ok(rest + 1) ?
				pk_nq_put_literal(out, lex.ptr, lex.len, rest + 1, NULL) : PK_EUSAGE;
		} else if (rest[0] == '^' && rest[1] == '^') {
			rest += 2;
			len = strlen(rest);
			if (len >= 2 && rest[0] == '<' && rest[len - 1] == '>') {
				if (!(full = pk_strndup(rest + 1, len - 2))) {
					rc = PK_ENOMEM;
					goto out;
				}
			} else if (!(full = pk_params_expand(rest, len))) {
				rc = PK_EUSAGE;
				goto out;
			}
			rc = pk_params_iri_ok(full, strlen(full)) ?
				pk_nq_put_literal(out, lex.ptr, lex.len, NULL, full) : PK_EUSAGE;
		} else if (*rest == '\0') {
			rc = pk_nq_put_literal(out, lex.ptr, lex.len, NULL, NULL);
		} else {
			rc = PK_EUSAGE;
		}
		goto out;
	}
	if (strstr(v, "://") || strncmp(v, "urn:", 4) == 0)
		return pk_params_put_iri(out, v, len);
	if ((full = pk_params_expand(v, len)) != NULL) {
		rc = pk_params_put_iri(out, full, strlen(full));
		goto out;
	}
	if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
		dt = PK_XSD "boolean";
	else if (pk_params_all(v[0] == '-' ? v + 1 : v, "0123456789"))
		dt = PK_XSD "integer";
	else if (pk_params_is_date(v) && !pk_date_valid(v)) {
		rc = PK_EUSAGE;
		goto out;
	} else if (pk_params_is_date(v)) {
		dt = PK_XSD "date";
	}
	rc = pk_nq_put_literal(out, v, len, NULL, dt);
out:
	if (rc == PK_EINPUT)
		rc = PK_EUSAGE;
	free(full);
	pk_buf_free(&lex);
	return rc;
}

/* ---- declarations ------------------------------------------------------------------------- */

/* "# param NAME=WHAT  text" lines among the comments that open a stored
 * query declare its parameters; "(required)" in the text makes one
 * required.  Declared parameters not given are bound to UNDEF, so that a
 * query may test BOUND(?name) without Rasqal warning that ?name is used
 * but never bound. */
typedef struct pk_params_decl {
	char name[64];
	int required;
} pk_params_decl;

static size_t pk_params_declared(pk_params_decl *out, size_t max, const char *q)
{
	const char *line = q, *nl, *p;
	size_t n = 0, k;

	while (*line == '#' || *line == '\n' || *line == ' ' || *line == '\t') {
		nl = strchr(line, '\n');
		if (*line == '#') {
			p = line + 1;
			while (*p == ' ')
				p++;
			if (strncmp(p, "param ", 6) == 0 && n < max) {
				p += 6;
				while (*p == ' ')
					p++;
				for (k = 0; k + 1 < sizeof out[n].name &&
				     pk_params_name_char((unsigned char)p[k]) &&
				     (unsigned char)p[k] < 0x80; k++)
					out[n].name[k] = p[k];
				out[n].name[k] = '\0';
				out[n].required = 0;
				if (k > 0) {
					const char *r = strstr(p, "(required)");

					out[n].required = r && (!nl || r < nl);
					n++;
				}
			}
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	return n;
}

/* ---- binding ---------------------------------------------------------------------------- */

static int pk_params_valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

int pk_sparql_bind(char **out, const char *query, const pk_param *params,
	size_t nparams, const pk_diag *diag)
{
	pk_buf text = PK_BUF_INIT, values = PK_BUF_INIT;
	pk_params_decl decl[32];
	pk_params_scan sc;
	const char **names = NULL;
	const char **vals = NULL;
	size_t ndecl, nvars, i, k;
	int rc = 0;

	*out = NULL;
	memset(&sc, 0, sizeof sc);
	ndecl = pk_params_declared(decl, PK_ARRAY_LEN(decl), query);
	if (nparams == 0 && ndecl == 0) {
		*out = pk_strdup(query);
		return *out ? 0 : PK_ENOMEM;
	}
	nvars = nparams + ndecl;
	names = calloc(nvars, sizeof *names);
	vals = calloc(nvars, sizeof *vals);
	sc.seen = calloc(nvars, sizeof *sc.seen);
	if (!names || !vals || !sc.seen) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < nparams; i++) {
		const char *n = params[i].name;

		if (n[0] == '?' || n[0] == '$')
			n++;
		if (!pk_params_valid_name(n)) {
			pk_diag_emit(diag, PK_SEV_ERROR,
				"--param %s: not a variable name (letters, digits, '_')",
				params[i].name);
			rc = PK_EUSAGE;
			goto out;
		}
		for (k = 0; k < i; k++)
			if (strcmp(names[k], n) == 0) {
				pk_diag_emit(diag, PK_SEV_ERROR,
					"--param %s: given twice", n);
				rc = PK_EUSAGE;
				goto out;
			}
		for (k = 0; k < ndecl && strcmp(decl[k].name, n) != 0; k++)
			;
		if (ndecl && k == ndecl) {
			pk_buf known = PK_BUF_INIT;

			for (k = 0; k < ndecl; k++)
				pk_buf_printf(&known, "%s%s", k ? ", " : "", decl[k].name);
			pk_diag_emit(diag, PK_SEV_ERROR,
				"--param %s: the query has no such parameter (it has: %s)",
				n, known.ptr ? known.ptr : "");
			pk_buf_free(&known);
			rc = PK_EUSAGE;
			goto out;
		}
		names[i] = n;
		vals[i] = params[i].value;
	}
	/* declared but not given: UNDEF, or an error when required */
	nvars = nparams;
	for (k = 0; k < ndecl; k++) {
		for (i = 0; i < nparams && strcmp(names[i], decl[k].name) != 0; i++)
			;
		if (i < nparams)
			continue;
		if (decl[k].required) {
			pk_diag_emit(diag, PK_SEV_ERROR,
				"--param %s is required by this query", decl[k].name);
			rc = PK_EUSAGE;
			goto out;
		}
		names[nvars] = decl[k].name;
		vals[nvars++] = NULL;
	}
	sc.names = names;
	sc.nnames = nvars;
	pk_params_scan_query(&sc, query);
	for (i = 0; i < nvars; i++)
		if (!sc.seen[i]) {
			pk_diag_emit(diag, PK_SEV_ERROR,
				"--param %s: the query has no variable ?%s", names[i],
				names[i]);
			rc = PK_EUSAGE;
			goto out;
		}
	if (!sc.insert) {
		pk_diag_emit(diag, PK_SEV_ERROR,
			"--param: the query has no WHERE clause to bind values in");
		rc = PK_EUSAGE;
		goto out;
	}
	/* Given values as BIND, at the head of the group, so that they are
	 * set when the patterns after them run and are looked up there (see
	 * store_match.c); Rasqal joins a VALUES row only with what the
	 * patterns found over the whole store.  Parameters not given stay
	 * unbound: one VALUES row of UNDEF names them. */
	for (i = 0; i < nvars; i++) {
		if (!vals[i])
			continue;
		if (pk_buf_puts(&values, " BIND(") < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		if ((rc = pk_params_term(&values, vals[i])) < 0) {
			if (rc == PK_EUSAGE)
				pk_diag_emit(diag, PK_SEV_ERROR,
					"--param %s=%s: not an RDF term (<IRI>, pkgid:name, "
					"\"text\", \"text\"@lang, \"lexical\"^^xsd:type, a date, "
					"a number or a word)", names[i], vals[i]);
			goto out;
		}
		if (pk_buf_printf(&values, " AS ?%s)", names[i]) < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
	}
	for (k = 0, i = 0; i < nvars; i++)
		if (!vals[i] && pk_buf_printf(&values, "%s?%s",
			k++ ? " " : " VALUES (", names[i]) < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
	if (k) {
		if (pk_buf_puts(&values, ") { (") < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		for (i = 0; i < k; i++)
			if (pk_buf_puts(&values, i ? " UNDEF" : "UNDEF") < 0) {
				rc = PK_ENOMEM;
				goto out;
			}
		if (pk_buf_puts(&values, ") }") < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
	}
	if (pk_buf_putc(&values, ' ') < 0 ||
	    pk_buf_put(&text, query, sc.insert) < 0 ||
	    pk_buf_put(&text, values.ptr, values.len) < 0 ||
	    pk_buf_puts(&text, query + sc.insert) < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	*out = pk_buf_detach(&text);
out:
	pk_buf_free(&text);
	pk_buf_free(&values);
	free(names);
	free(vals);
	free(sc.seen);
	return rc;
}
