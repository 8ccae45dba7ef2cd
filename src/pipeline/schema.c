/*
 * schema.c - the one table of what rules may output (schema.h).
 *
 * Adding a group the graph stage reads means adding a role to the enum,
 * its name to pk_schema_roles and its meaning to pk_schema_groups under
 * each yield that has it; rules check then accepts it, a rule that
 * misspells it is an error, and `policykg rules schema` writes the new
 * line of rules/README.md.  A lexicon value the stages interpret goes in
 * pk_schema_lexicons the same way.
 */
#include "pipeline/schema.h"

#include <stdlib.h>
#include <string.h>

/* NULL-terminated, for pk_schema_join */
static const char *const pk_yield_names[PK_YIELD__COUNT + 1] = {
	[PK_YIELD_POSITION] = "position",
	[PK_YIELD_AGREEMENT] = "agreement",
	[PK_YIELD_EVENT] = "event",
	[PK_YIELD_DATE] = "date",
	[PK_YIELD_ALIAS] = "alias",
	[PK_YIELD_ORG] = "organization",
};

/* numbered: the name may carry digits for more of one role (organizer2),
 * which the graph stage reads as that role; the others are read once */
static const struct {
	const char *name;
	int numbered;
} pk_schema_roles[PK_ROLE__COUNT] = {
	[PK_ROLE_KIND] = { "kind", 0 },
	[PK_ROLE_CLASS] = { "class", 0 },
	[PK_ROLE_NAME] = { "name", 0 },
	[PK_ROLE_NAME_EN] = { "name_en", 0 },
	[PK_ROLE_TITLE] = { "title", 0 },
	[PK_ROLE_TITLE2] = { "title2", 0 },
	[PK_ROLE_TITLE_EN] = { "title_en", 0 },
	[PK_ROLE_ORG] = { "org", 0 },
	[PK_ROLE_STATUS] = { "status", 0 },
	[PK_ROLE_PARTY] = { "party", 1 },
	[PK_ROLE_PARTNER] = { "partner", 1 },
	[PK_ROLE_PAIR] = { "pair", 1 },
	[PK_ROLE_COREF] = { "coref", 0 },
	[PK_ROLE_PARTOF] = { "partof", 0 },
	[PK_ROLE_VALID] = { "valid", 0 },
	[PK_ROLE_LOCATION] = { "location", 0 },
	[PK_ROLE_ORGANIZER] = { "organizer", 1 },
	[PK_ROLE_PARTICIPANT] = { "participant", 1 },
	/* one chair: the graph stage keeps the first */
	[PK_ROLE_CHAIR] = { "chair", 0 },
	[PK_ROLE_Y] = { "y", 0 },
	[PK_ROLE_M] = { "m", 0 },
	[PK_ROLE_D] = { "d", 0 },
	[PK_ROLE_MNAME] = { "mname", 0 },
	[PK_ROLE_Y2] = { "y2", 0 },
	[PK_ROLE_M2] = { "m2", 0 },
	[PK_ROLE_D2] = { "d2", 0 },
	[PK_ROLE_REL] = { "rel", 0 },
	[PK_ROLE_WD] = { "wd", 0 },
	[PK_ROLE_WD2] = { "wd2", 0 },
	[PK_ROLE_OF] = { "of", 0 },
	[PK_ROLE_ALIAS] = { "alias", 0 },
	[PK_ROLE_COUNTRY] = { "country", 0 },
};

#define REQUIRED 1

/* The groups of each yield: meaning, required, anchor, lexicon. */
static const pk_schema_group pk_schema_groups[PK_YIELD__COUNT][PK_ROLE__COUNT] = {
	[PK_YIELD_POSITION] = {
		[PK_ROLE_NAME] = { "the person's name", REQUIRED, 1, PK_LEX_NONE },
		[PK_ROLE_NAME_EN] = { "the person's name in Latin letters", 0, 0, PK_LEX_NONE },
		[PK_ROLE_TITLE] = { "a title of `titles.rules`", REQUIRED, 0, PK_LEX_NONE },
		[PK_ROLE_TITLE2] = { "a second post held at the same time "
			"(`부총리 겸 과학기술정보통신부장관`)", 0, 0, PK_LEX_NONE },
		[PK_ROLE_TITLE_EN] = { "the title in English", 0, 0, PK_LEX_NONE },
		[PK_ROLE_ORG] = { "the organization the post is held in; without it, that of "
			"the same person's other posts in the article, or the title's "
			"`implicit-org`", 0, 0, PK_LEX_NONE },
	},
	[PK_YIELD_AGREEMENT] = {
		[PK_ROLE_KIND] = { "the kind word", REQUIRED, 1, PK_LEX_AGREEMENT_KIND },
		[PK_ROLE_NAME] = { "the agreement's name as written", 0, 2, PK_LEX_NONE },
		[PK_ROLE_STATUS] = { "the verb: signed, or to be signed", 0, 0, PK_LEX_AGREEMENT_STATUS },
		[PK_ROLE_PARTY] = { "a signer", 0, 0, PK_LEX_NONE },
		[PK_ROLE_PARTNER] = { "the one signed with; named alone, the other party is "
			"the article's topic", 0, 0, PK_LEX_NONE },
		[PK_ROLE_PAIR] = { "a pair of actors (`한-영`): every actor inside", 0, 0, PK_LEX_NONE },
		[PK_ROLE_COREF] = { "`양 부처`: the two actors of that kind named last",
			0, 0, PK_LEX_COREFERENCE },
		[PK_ROLE_PARTOF] = { "the quoted name of the agreement it belongs to", 0, 0, PK_LEX_NONE },
		[PK_ROLE_VALID] = { "years of validity", 0, 0, PK_LEX_NONE },
	},
	[PK_YIELD_EVENT] = {
		[PK_ROLE_CLASS] = { "the class word; without it the end of the name, else the "
			"rule's `class`", 0, 2, PK_LEX_EVENT_CLASS },
		[PK_ROLE_NAME] = { "the event's name as written", 0, 1, PK_LEX_NONE },
		[PK_ROLE_LOCATION] = { "the place", 0, 0, PK_LEX_NONE },
		[PK_ROLE_ORGANIZER] = { "an organizer", 0, 0, PK_LEX_NONE },
		[PK_ROLE_PARTICIPANT] = { "a participant: an actor, or a person's name", 0, 0, PK_LEX_NONE },
		[PK_ROLE_CHAIR] = { "the chair", 0, 0, PK_LEX_NONE },
	},
	[PK_YIELD_DATE] = {
		[PK_ROLE_Y] = { "the year (`'22`: the latest such year not after next year)",
			0, 0, PK_LEX_NONE },
		[PK_ROLE_M] = { "the month", 0, 0, PK_LEX_NONE },
		[PK_ROLE_D] = { "the day", 0, 0, PK_LEX_NONE },
		[PK_ROLE_MNAME] = { "the month's name", 0, 0, PK_LEX_MONTH },
		[PK_ROLE_Y2] = { "the range's last year", 0, 0, PK_LEX_NONE },
		[PK_ROLE_M2] = { "the range's last month", 0, 0, PK_LEX_NONE },
		[PK_ROLE_D2] = { "the range's last day", 0, 0, PK_LEX_NONE },
		[PK_ROLE_REL] = { "a relative word (`지난해`, `지난주`, `어제`), or `지난`/`오는` "
			"before a day", 0, 0, PK_LEX_DATE_RELATIVE },
		[PK_ROLE_WD] = { "a weekday", 0, 0, PK_LEX_WEEKDAY },
		[PK_ROLE_WD2] = { "the range's last weekday", 0, 0, PK_LEX_WEEKDAY },
	},
	[PK_YIELD_ALIAS] = {
		[PK_ROLE_OF] = { "the actor named (a placeholder)", REQUIRED, 0, PK_LEX_NONE },
		[PK_ROLE_ALIAS] = { "the name the article gives it for the rest of the article",
			REQUIRED, 1, PK_LEX_NONE },
	},
	[PK_YIELD_ORG] = {
		[PK_ROLE_NAME] = { "the body's name as written", REQUIRED, 1, PK_LEX_NONE },
		[PK_ROLE_COUNTRY] = { "a country placeholder inside the name", 0, 0, PK_LEX_NONE },
	},
};

#undef REQUIRED

/* What an event rule's 'class' and lexicons event-class and
 * event-part-of may say: the event classes of the ontology contract. */
static const char *const pk_schema_event_classes[] = {
	"Summit", "Meeting", "Forum", "Workshop", "Ceremony", "Visit", "Event", NULL
};

static int pk_schema_month_ok(const char *value);

/* Per lexicon: its values (NULL-terminated), or a function that checks
 * them and a description; neither: any value, only whether text is one
 * of the forms counts. */
static const struct {
	const char *name;
	const char *const *values;
	int (*value_ok)(const char *value);
	const char *values_text;
	const char *meaning;
} pk_schema_lexicons[PK_LEX__COUNT] = {
	[PK_LEX_AGREEMENT_KIND] = { "agreement-kind",
		(const char *const[]){ "MOU", "Declaration", "Partnership", "Accord", "Agreement", NULL },
		NULL, NULL, "an agreement's class (group `kind`)" },
	[PK_LEX_AGREEMENT_STATUS] = { "agreement-status",
		(const char *const[]){ "Concluded", "Planned", NULL },
		NULL, NULL, "`pkg:status` (group `status`)" },
	[PK_LEX_EVENT_CLASS] = { "event-class", pk_schema_event_classes,
		NULL, NULL, "an event's class (group `class`, the end of an event's name)" },
	[PK_LEX_EVENT_PART_OF] = { "event-part-of", pk_schema_event_classes,
		NULL, NULL, "an event whose name has the form is `pkg:partOf` the article's "
		"latest event of that class" },
	[PK_LEX_COREFERENCE] = { "coreference",
		(const char *const[]){ "gov", "country", "actor", NULL },
		NULL, NULL, "the class of the two actors the words refer to (group `coref`)" },
	[PK_LEX_DEMONSTRATIVE] = { "demonstrative",
		(const char *const[]){ "this", NULL },
		NULL, NULL, "before an agreement's kind: the article's agreement of that kind" },
	[PK_LEX_DATE_RELATIVE] = { "date-relative", NULL, NULL,
		"year±N, month±N, week±N, day±N, same-day, past or future",
		"a unit and offset from the document's date; a direction for a bare day; "
		"the story's last full day (group `rel`)" },
	[PK_LEX_WEEKDAY] = { "weekday",
		(const char *const[]){ "1", "2", "3", "4", "5", "6", "7", NULL },
		NULL, "1 (Monday) to 7 (Sunday)", "groups `wd`, `wd2`" },
	[PK_LEX_MONTH] = { "month", NULL, pk_schema_month_ok, "1 to 12",
		"group `mname`, and a header's month name" },
	[PK_LEX_UNIT_HEAD] = { "unit-head", NULL, NULL, NULL,
		"titles that head a unit of a body: glued to the unit, the post is in the "
		"body the article is about" },
	[PK_LEX_ANNOUNCEMENT] = { "announcement", NULL, NULL, NULL,
		"the verbs that close a report: the day before them dates the sentence" },
};

const char *pk_yield_name(pk_yield y)
{
	return (unsigned)y < PK_YIELD__COUNT ? pk_yield_names[y] : "?";
}

pk_yield pk_yield_by_name(const char *name)
{
	int i;

	for (i = 0; i < PK_YIELD__COUNT; i++)
		if (strcmp(name, pk_yield_names[i]) == 0)
			return (pk_yield)i;
	return PK_YIELD__COUNT;
}

/* "A, B or C" from a NULL-terminated list, each between q and q. */
static int pk_schema_join(pk_buf *b, const char *const *v, const char *q);

int pk_schema_yields_text(pk_buf *b)
{
	return pk_schema_join(b, pk_yield_names, "");
}

const char *pk_role_name(pk_role r)
{
	return (unsigned)r < PK_ROLE__COUNT ? pk_schema_roles[r].name : "?";
}

int pk_role_by_name(pk_role *out, const char *name)
{
	size_t n = strlen(name), base = n;
	int i;

	while (base > 1 && name[base - 1] >= '0' && name[base - 1] <= '9')
		base--;
	for (i = 0; i < PK_ROLE__COUNT; i++) {
		const char *rn = pk_schema_roles[i].name;

		if (strcmp(rn, name) == 0 ||
		    (pk_schema_roles[i].numbered && strlen(rn) == base && strncmp(rn, name, base) == 0)) {
			*out = (pk_role)i;
			return 0;
		}
	}
	return -1;
}

const char *pk_lex_name(pk_lex l)
{
	return (unsigned)l < PK_LEX__COUNT ? pk_schema_lexicons[l].name : NULL;
}

pk_lex pk_lex_by_name(const char *name)
{
	int i;

	for (i = 1; i < PK_LEX__COUNT; i++)
		if (strcmp(name, pk_schema_lexicons[i].name) == 0)
			return (pk_lex)i;
	return PK_LEX_NONE;
}

const pk_schema_group *pk_schema_group_of(pk_yield y, pk_role r)
{
	if ((unsigned)y >= PK_YIELD__COUNT || (unsigned)r >= PK_ROLE__COUNT)
		return NULL;
	return pk_schema_groups[y][r].meaning ? &pk_schema_groups[y][r] : NULL;
}

int pk_schema_groups_text(pk_buf *b, pk_yield y)
{
	int r, first = 1;

	for (r = 0; r < PK_ROLE__COUNT; r++) {
		if (!pk_schema_group_of(y, (pk_role)r))
			continue;
		if (pk_buf_printf(b, "%s%s", first ? "" : ", ", pk_schema_roles[r].name) < 0)
			return PK_ENOMEM;
		first = 0;
	}
	return 0;
}

static int pk_schema_month_ok(const char *value)
{
	char *end;
	long m = strtol(value, &end, 10);

	return !*end && end != value && m >= 1 && m <= 12;
}

int pk_schema_relative(pk_schema_rel *out, const char *value)
{
	static const struct {
		const char *name;
		pk_rel_unit unit;
	} units[] = {
		{ "year", PK_REL_YEAR }, { "month", PK_REL_MONTH },
		{ "week", PK_REL_WEEK }, { "day", PK_REL_DAY },
	};
	size_t i, n;
	char *end;
	long v;

	memset(out, 0, sizeof *out);
	/* 이날: the date stage dates it by the story (build_events_date.c) */
	if (strcmp(value, "same-day") == 0) {
		out->same_day = 1;
		return 1;
	}
	if (strcmp(value, "past") == 0 || strcmp(value, "future") == 0) {
		out->direction = value[0] == 'p' ? -1 : 1;
		return 1;
	}
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		n = strlen(units[i].name);
		if (strncmp(value, units[i].name, n) != 0 || (value[n] != '+' && value[n] != '-'))
			continue;
		v = strtol(value + n, &end, 10);
		if (*end || end == value + n + 1 || v < -100 || v > 100)
			return 0;
		out->unit = units[i].unit;
		out->offset = (int)v;
		return 1;
	}
	return 0;
}

static int pk_schema_relative_ok(const char *value)
{
	pk_schema_rel r;

	return pk_schema_relative(&r, value);
}

int pk_schema_value_ok(pk_lex lx, const char *value)
{
	size_t k;

	if (lx == PK_LEX_DATE_RELATIVE)
		return pk_schema_relative_ok(value);
	if ((unsigned)lx >= PK_LEX__COUNT || lx == PK_LEX_NONE)
		return 1;
	if (pk_schema_lexicons[lx].value_ok)
		return pk_schema_lexicons[lx].value_ok(value);
	if (!pk_schema_lexicons[lx].values)
		return 1;
	for (k = 0; pk_schema_lexicons[lx].values[k]; k++)
		if (strcmp(pk_schema_lexicons[lx].values[k], value) == 0)
			return 1;
	return 0;
}

int pk_schema_event_class_ok(const char *value)
{
	return pk_schema_value_ok(PK_LEX_EVENT_CLASS, value);
}

/* "A, B or C" from a NULL-terminated list, each between q and q. */
static int pk_schema_join(pk_buf *b, const char *const *v, const char *q)
{
	size_t i;

	for (i = 0; v[i]; i++)
		if (pk_buf_printf(b, "%s%s%s%s", i == 0 ? "" : v[i + 1] ? ", " : " or ",
			q, v[i], q) < 0)
			return PK_ENOMEM;
	return 0;
}

int pk_schema_values_text(pk_buf *b, pk_lex lx)
{
	if ((unsigned)lx >= PK_LEX__COUNT || lx == PK_LEX_NONE)
		return 0;
	if (pk_schema_lexicons[lx].values_text)
		return pk_buf_puts(b, pk_schema_lexicons[lx].values_text) < 0 ? PK_ENOMEM : 0;
	if (pk_schema_lexicons[lx].values)
		return pk_schema_join(b, pk_schema_lexicons[lx].values, "");
	return pk_buf_puts(b, "any") < 0 ? PK_ENOMEM : 0;
}

int pk_schema_markdown(pk_buf *b)
{
	int y, r, l, rc = 0;

	rc = pk_buf_puts(b,
		"| yield | group | required | anchor | a form of lexicon | meaning |\n"
		"| --- | --- | --- | --- | --- | --- |\n");
	for (y = 0; y < PK_YIELD__COUNT && rc >= 0; y++) {
		for (r = 0; r < PK_ROLE__COUNT && rc >= 0; r++) {
			const pk_schema_group *g = pk_schema_group_of((pk_yield)y, (pk_role)r);

			if (!g)
				continue;
			rc = pk_buf_printf(b, "| `%s` | `%s`", pk_yield_names[y], pk_schema_roles[r].name);
			/* organizer, organizer2 ...: the numbered form too */
			if (rc >= 0 && pk_schema_roles[r].numbered)
				rc = pk_buf_printf(b, ", `%s2` …", pk_schema_roles[r].name);
			if (rc >= 0)
				rc = pk_buf_printf(b, " | %s | %.0d | ", g->required ? "yes" : "", g->anchor);
			if (rc >= 0 && g->lexicon)
				rc = pk_buf_printf(b, "`%s`", pk_lex_name(g->lexicon));
			if (rc >= 0)
				rc = pk_buf_printf(b, " | %s |\n", g->meaning);
		}
	}
	if (rc >= 0)
		rc = pk_buf_puts(b, "\n| lexicon | values | what the extractor makes of it |\n"
			"| --- | --- | --- |\n");
	for (l = 1; l < PK_LEX__COUNT && rc >= 0; l++) {
		rc = pk_buf_printf(b, "| `%s` | ", pk_schema_lexicons[l].name);
		if (rc >= 0 && pk_schema_lexicons[l].values && !pk_schema_lexicons[l].values_text)
			rc = pk_schema_join(b, pk_schema_lexicons[l].values, "`");
		else if (rc >= 0)
			rc = pk_schema_values_text(b, (pk_lex)l);
		if (rc >= 0)
			rc = pk_buf_printf(b, " | %s |\n", pk_schema_lexicons[l].meaning);
	}
	return rc < 0 ? PK_ENOMEM : 0;
}

int pk_schema_print(FILE *out)
{
	pk_buf b = PK_BUF_INIT;
	int rc;

	if ((rc = pk_schema_markdown(&b)) < 0)
		goto out;
	if (fwrite(b.ptr, 1, b.len, out) != b.len || fflush(out) != 0)
		rc = PK_EIO;
out:
	pk_buf_free(&b);
	return rc;
}
