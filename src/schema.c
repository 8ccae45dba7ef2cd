/*
 * schema.c - the one table of what rules may output (schema.h).
 *
 * Adding a group that the graph stage reads means adding its line here;
 * rules check then accepts it, and a rule that misspells it is an error.
 */
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define Y(y) (1u << (y))

static const pk_schema_group pk_schema_groups[] = {
	/* position */
	{ "name", Y(PK_YIELD_POSITION) | Y(PK_YIELD_AGREEMENT) | Y(PK_YIELD_EVENT) | Y(PK_YIELD_ORG), 0, NULL,
	  "the person's name; an agreement's, event's or body's name as written" },
	{ "name_en", Y(PK_YIELD_POSITION), 0, NULL, "the person's name in Latin letters" },
	{ "title", Y(PK_YIELD_POSITION), 0, NULL, "a title of titles.rules" },
	{ "title2", Y(PK_YIELD_POSITION), 0, NULL, "a second title held at once" },
	{ "title_en", Y(PK_YIELD_POSITION), 0, NULL, "the title in English" },
	{ "org", Y(PK_YIELD_POSITION), 0, NULL, "the organization the post is held in" },
	/* agreement */
	{ "kind", Y(PK_YIELD_AGREEMENT), 0, "agreement-kind", "the kind word" },
	{ "status", Y(PK_YIELD_AGREEMENT), 0, "agreement-status", "the verb" },
	{ "party", Y(PK_YIELD_AGREEMENT), 1, NULL, "a signer" },
	{ "partner", Y(PK_YIELD_AGREEMENT), 1, NULL, "the one signed with" },
	{ "pair", Y(PK_YIELD_AGREEMENT), 1, NULL, "a pair of actors (한-영)" },
	{ "coref", Y(PK_YIELD_AGREEMENT), 0, "coreference", "양국, 양 기관: the two named last" },
	{ "partof", Y(PK_YIELD_AGREEMENT), 0, NULL, "the agreement it belongs to" },
	{ "valid", Y(PK_YIELD_AGREEMENT), 0, NULL, "years of validity" },
	/* event */
	{ "class", Y(PK_YIELD_EVENT), 0, "event-class", "the event's class word" },
	{ "location", Y(PK_YIELD_EVENT), 0, NULL, "the place" },
	{ "organizer", Y(PK_YIELD_EVENT), 1, NULL, "an organizer" },
	{ "participant", Y(PK_YIELD_EVENT), 1, NULL, "a participant" },
	{ "chair", Y(PK_YIELD_EVENT), 1, NULL, "the chair" },
	/* date */
	{ "y", Y(PK_YIELD_DATE), 0, NULL, "the year" },
	{ "m", Y(PK_YIELD_DATE), 0, NULL, "the month" },
	{ "d", Y(PK_YIELD_DATE), 0, NULL, "the day" },
	{ "mname", Y(PK_YIELD_DATE), 0, "month", "the month's name" },
	{ "y2", Y(PK_YIELD_DATE), 0, NULL, "the range's last year" },
	{ "m2", Y(PK_YIELD_DATE), 0, NULL, "the range's last month" },
	{ "d2", Y(PK_YIELD_DATE), 0, NULL, "the range's last day" },
	{ "rel", Y(PK_YIELD_DATE), 0, "date-relative", "a relative word" },
	{ "wd", Y(PK_YIELD_DATE), 0, "weekday", "a weekday" },
	{ "wd2", Y(PK_YIELD_DATE), 0, "weekday", "the range's last weekday" },
	/* alias */
	{ "of", Y(PK_YIELD_ALIAS), 0, NULL, "the actor named" },
	{ "alias", Y(PK_YIELD_ALIAS), 0, NULL, "the name the article gives it" },
	/* organization */
	{ "country", Y(PK_YIELD_ORG), 0, NULL, "the body's country" },
};

/* The values a lexicon may map its forms to, where a later stage
 * interprets them; "*" marks a lexicon whose values are checked by a
 * function instead. */
static const struct {
	const char *lexicon;
	const char *values[8];
	const char *expected;
} pk_schema_values[] = {
	{ "agreement-kind", { "MOU", "Declaration", "Partnership", "Accord", "Agreement" },
	  "MOU, Declaration, Partnership, Accord or Agreement" },
	{ "agreement-status", { "Concluded", "Planned" }, "Concluded or Planned" },
	{ "event-class", { "Summit", "Meeting", "Forum", "Workshop", "Ceremony", "Visit", "Event" },
	  "Summit, Meeting, Forum, Workshop, Ceremony, Visit or Event" },
	{ "event-part-of", { "Summit", "Meeting", "Forum", "Workshop", "Ceremony", "Visit", "Event" },
	  "an event class" },
	{ "coreference", { "gov", "country", "actor" }, "gov, country or actor" },
	{ "date-relative", { "*" }, "year±N, month±N, week±N, day±N, same-day, past or future" },
	{ "weekday", { "1", "2", "3", "4", "5", "6", "7" }, "1 (Monday) to 7 (Sunday)" },
	{ "month", { "*" }, "1 to 12" },
	{ "demonstrative", { "this" }, "this" },
};

static size_t pk_schema_base_len(const char *name, int numbered)
{
	size_t n = strlen(name);

	while (numbered && n > 1 && name[n - 1] >= '0' && name[n - 1] <= '9')
		n--;
	return n;
}

int pk_schema_group_ok(pk_yield y, const char *name, const pk_schema_group **out)
{
	size_t i, n;

	for (i = 0; i < sizeof pk_schema_groups / sizeof pk_schema_groups[0]; i++) {
		const pk_schema_group *g = &pk_schema_groups[i];

		if (!(g->yields & Y(y)))
			continue;
		n = pk_schema_base_len(name, g->numbered);
		if (strlen(g->name) == n && strncmp(g->name, name, n) == 0) {
			if (out)
				*out = g;
			return 1;
		}
	}
	return 0;
}

const char *pk_schema_groups_of(pk_yield y)
{
	static const char *const lists[PK_YIELD__COUNT] = {
		[PK_YIELD_POSITION] = "name, name_en, title, title2, title_en, org",
		[PK_YIELD_AGREEMENT] = "kind, name, status, party, partner, pair, coref, partof, valid",
		[PK_YIELD_EVENT] = "class, name, location, organizer, participant, chair",
		[PK_YIELD_DATE] = "y, m, d, mname, y2, m2, d2, rel, wd, wd2",
		[PK_YIELD_ALIAS] = "of, alias",
		[PK_YIELD_ORG] = "name, country",
	};

	return (unsigned)y < PK_YIELD__COUNT ? lists[y] : "";
}

int pk_schema_relative(const char *value, const char **unit, int *offset, int *direction)
{
	static const char *const units[] = { "year", "month", "week", "day" };
	size_t i, n;
	char *end;
	long v;

	*unit = NULL;
	*offset = 0;
	*direction = 0;
	/* 이날: the date stage dates it by the story (graph_events.c) */
	if (strcmp(value, "same-day") == 0)
		return 1;
	if (strcmp(value, "past") == 0 || strcmp(value, "future") == 0) {
		*direction = value[0] == 'p' ? -1 : 1;
		return 1;
	}
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		n = strlen(units[i]);
		if (strncmp(value, units[i], n) != 0 || (value[n] != '+' && value[n] != '-'))
			continue;
		v = strtol(value + n, &end, 10);
		if (*end || end == value + n + 1 || v < -100 || v > 100)
			return 0;
		*unit = units[i];
		*offset = (int)v;
		return 1;
	}
	return 0;
}

int pk_schema_value_ok(const char *lexicon, const char *value, const char **expected)
{
	size_t i, k;

	for (i = 0; i < sizeof pk_schema_values / sizeof pk_schema_values[0]; i++) {
		if (strcmp(pk_schema_values[i].lexicon, lexicon) != 0)
			continue;
		*expected = pk_schema_values[i].expected;
		if (strcmp(lexicon, "date-relative") == 0) {
			const char *u;
			int o, d;

			return pk_schema_relative(value, &u, &o, &d);
		}
		if (strcmp(lexicon, "month") == 0) {
			char *end;
			long m = strtol(value, &end, 10);

			return !*end && end != value && m >= 1 && m <= 12;
		}
		for (k = 0; k < 8 && pk_schema_values[i].values[k]; k++)
			if (strcmp(pk_schema_values[i].values[k], value) == 0)
				return 1;
		return 0;
	}
	*expected = NULL;
	return 1;
}
