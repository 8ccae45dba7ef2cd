/*
 * review_html_page.c - the review site's page of one document: its text
 * with every name, date and fact-bearing sentence marked, the legend, and
 * beside it the facts the document states, each with its evidence and
 * the rules that produced it.  All of it from the review document and its
 * view (review_view.h), never from the graph.
 */
#include <stdlib.h>
#include <string.h>

#include "review/review_html_int.h"

/* The sentence anchors ("s-CP", in text order) of f's evidence on the
 * page, and the rules that fired there. */
static int pk_review_anchors(pk_buf *ids, pk_buf *rules, const pk_review_fact *f)
{
	const pk_review_evidence *v = f->evidence;
	size_t i, k;
	int rc = 0;

	pk_buf_clear(ids);
	pk_buf_clear(rules);
	for (i = 0; i < f->nevidence && rc == 0; i++) {
		if (i == 0 || v[i].cp != v[i - 1].cp)
			rc = pk_buf_printf(ids, "%ss-%zu", ids->len ? " " : "", v[i].cp) < 0 ? PK_ENOMEM : 0;
		for (k = 0; k < i && strcmp(v[k].rule, v[i].rule) != 0; k++)
			;
		if (rc == 0 && k == i)
			rc = pk_buf_printf(rules, "%s%s", rules->len ? " " : "", v[i].rule) < 0 ? PK_ENOMEM : 0;
	}
	return rc;
}

/* A dd with f's values of role (IRIs by their labels, literals as they are). */
static void pk_review_dd(FILE *out, const pk_review_fact *f, pk_review_role role, const char *name)
{
	size_t i, shown = 0;

	for (i = 0; i < f->nvalues; i++) {
		const pk_review_value *v = &f->values[i];

		if (v->role != role)
			continue;
		if (!shown++) {
			fputs("<dt>", out);
			pk_review_esc(out, name);
			fputs("</dt><dd>", out);
		} else {
			fputs(", ", out);
		}
		if (v->is_iri) {
			if (v->label) {
				fprintf(out, "<span lang=\"%s\" data-iri=\"", pk_review_lang(v->label));
				pk_review_esc(out, v->term);
				fputs("\">", out);
				pk_review_esc(out, v->label);
				fputs("</span>", out);
			} else {
				fputs("<span class=\"iri\">", out);
				pk_review_short(out, v->term);
				fputs("</span>", out);
			}
		} else {
			pk_review_esc(out, v->term);
			if (v->dt) {
				fputs(" <span class=\"iri\">", out);
				pk_review_short(out, v->dt);
				fputs("</span>", out);
			}
		}
	}
	if (shown)
		fputs("</dd>", out);
}

/* What each kind of fact shows, in this order. */
typedef struct pk_review_row {
	pk_review_role role;
	const char *name;
} pk_review_row;

static const pk_review_row pk_review_agreement_rows[] = {
	{ PK_REVIEW_ROLE_PARTY, "parties" }, { PK_REVIEW_ROLE_STATUS, "status" },
	{ PK_REVIEW_ROLE_SIGNED_ON, "signed on" }, { PK_REVIEW_ROLE_VALID_FOR, "valid for" },
	{ PK_REVIEW_ROLE_CONCLUDED_AT, "concluded at" }, { PK_REVIEW_ROLE_PART_OF, "part of" },
};
static const pk_review_row pk_review_event_rows[] = {
	{ PK_REVIEW_ROLE_START_DATE, "start" }, { PK_REVIEW_ROLE_END_DATE, "end" },
	{ PK_REVIEW_ROLE_LOCATION, "place" }, { PK_REVIEW_ROLE_ORGANIZER, "organizer" },
	{ PK_REVIEW_ROLE_PARTICIPANT, "participants" }, { PK_REVIEW_ROLE_CHAIR, "chair" },
	{ PK_REVIEW_ROLE_PART_OF, "part of" },
};
static const pk_review_row pk_review_position_rows[] = {
	{ PK_REVIEW_ROLE_TITLE, "title" }, { PK_REVIEW_ROLE_ORGANIZATION, "organization" },
};

static const struct {
	const char *name;             /* the li's class: fact-NAME */
	const pk_review_row *rows;
	size_t nrows;
} pk_review_groups[PK_REVIEW__GROUPS] = {
	[PK_REVIEW_GROUP_AGREEMENT] = { "agreement", pk_review_agreement_rows,
		PK_ARRAY_LEN(pk_review_agreement_rows) },
	[PK_REVIEW_GROUP_EVENT] = { "event", pk_review_event_rows, PK_ARRAY_LEN(pk_review_event_rows) },
	[PK_REVIEW_GROUP_POSITION] = { "position", pk_review_position_rows,
		PK_ARRAY_LEN(pk_review_position_rows) },
};

static int pk_review_fact_html(FILE *out, const pk_review_fact *f, size_t idx)
{
	const char *prefix, *local;
	pk_buf ids = PK_BUF_INIT, rules = PK_BUF_INIT;
	size_t i;
	int rc;

	if ((rc = pk_review_anchors(&ids, &rules, f)) < 0)
		goto out;
	fprintf(out, "<li class=\"fact fact-%s\" id=\"fact-%zu\" data-iri=\"",
		pk_review_groups[f->group].name, idx);
	pk_review_esc(out, f->iri);
	fputs("\">\n<div class=\"fact-head\"><span class=\"badge\">", out);
	pk_review_esc(out, pk_review_iri_split(&prefix, &local, f->cls) ? local : "?");
	fputs("</span>", out);
	if (ids.len) {
		fputs("<a class=\"fact-title\" href=\"#", out);
		pk_review_escn(out, ids.ptr, strcspn(ids.ptr, " "));
		fputs("\" data-s=\"", out);
		pk_review_esc(out, ids.ptr);
		fputs("\"", out);
	} else {
		fputs("<span class=\"fact-title\"", out);
	}
	fprintf(out, " lang=\"%s\">", pk_review_lang(f->label));
	pk_review_esc(out, f->label ? f->label : "(no label)");
	fputs(ids.len ? "</a>" : "</span>", out);
	fputs("</div>\n<div class=\"iri\">", out);
	pk_review_short(out, f->iri);
	fputs("</div>\n<dl>", out);
	for (i = 0; i < pk_review_groups[f->group].nrows; i++)
		pk_review_dd(out, f, pk_review_groups[f->group].rows[i].role,
			pk_review_groups[f->group].rows[i].name);
	fputs("</dl>\n<div class=\"ev\">evidence: ", out);
	if (!ids.len)
		fputs("not on this page", out);
	for (i = 0; ids.len && i < ids.len;) {
		size_t n = strcspn(ids.ptr + i, " ");

		fputs("<a href=\"#", out);
		pk_review_escn(out, ids.ptr + i, n);
		fputs("\" data-s=\"", out);
		pk_review_escn(out, ids.ptr + i, n);
		fputs("\">sentence ", out);
		pk_review_escn(out, ids.ptr + i + 2, n - 2);
		fputs("</a>", out);
		i += n + (ids.ptr[i + n] == ' ');
	}
	if (rules.len) {
		fputs(" <span class=\"meta\">rule: ", out);
		pk_review_esc(out, rules.ptr);
		fputs("</span>", out);
	}
	fputs("</div>\n</li>\n", out);
out:
	pk_buf_free(&ids);
	pk_buf_free(&rules);
	return rc;
}

/* ---- the text --------------------------------------------------------------------- */

typedef struct pk_review_region {
	size_t start, end;
	int level;                 /* 0 sentence, 1 match, 2 particle */
	size_t idx;                /* into sents or spans */
} pk_review_region;

static int pk_review_region_cmp(const void *x, const void *y)
{
	const pk_review_region *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end > b->end ? -1 : 1;
	if (a->level != b->level)
		return a->level - b->level;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static const char *pk_review_tag(pk_review_kind k)
{
	static const char *const tags[PK_REVIEW__KINDS] = {
		"ORG", "COUNTRY", "PERSON", "TITLE", "DATE", "AGREEMENT", "EVENT", "PLACE"
	};

	return k < PK_REVIEW__KINDS ? tags[k] : "?";
}

static void pk_review_open(FILE *out, const pk_review_doc *d, const pk_review_region *r)
{
	const pk_review_span *sp;

	if (r->level == 0) {
		fprintf(out, "<span class=\"s\" id=\"s-%zu\">", d->sents[r->idx].cp);
		return;
	}
	if (r->level == 2) {
		fputs("<span class=\"particle\" title=\"particle\">", out);
		return;
	}
	sp = &d->spans[r->idx];
	fprintf(out, "<mark class=\"m k-%s\" tabindex=\"0\" data-tag=\"%s\" data-kind=\"%s\"",
		pk_review_kind_name(sp->kind), pk_review_tag(sp->kind), pk_review_kind_name(sp->kind));
	if (sp->iri) {
		fputs(" data-iri=\"", out);
		pk_review_short(out, sp->iri);
		fputs("\"", out);
	}
	if (sp->cls) {
		fputs(" data-class=\"", out);
		pk_review_short(out, sp->cls);
		fputs("\"", out);
	}
	if (sp->value) {
		fputs(" data-value=\"", out);
		pk_review_esc(out, sp->value);
		fputs("\"", out);
	}
	if (sp->rule) {
		fputs(" data-rule=\"", out);
		pk_review_esc(out, sp->rule);
		fputs("\"", out);
	}
	fputs(">", out);
}

/* Same place, same kind: one mark, the one that knows its resource. */
static int pk_review_dup_span(const pk_review_doc *d, size_t i)
{
	const pk_review_span *a = &d->spans[i];
	size_t j;

	for (j = 0; j < d->nspans; j++) {
		const pk_review_span *b = &d->spans[j];

		if (j == i || b->start != a->start || b->end != a->end || b->kind != a->kind)
			continue;
		if ((b->iri != NULL) != (a->iri != NULL))
			return a->iri == NULL;
		if (j < i)
			return 1;
	}
	return 0;
}

/* The text with sentences, matches and particles as properly nested
 * elements: a region that would cross the end of the one around it is
 * cut there. */
static int pk_review_text(FILE *out, const pk_review_doc *d)
{
	pk_review_region *r, *stack[64];
	size_t nr = 0, i, pos = 0, ri = 0;
	size_t ends[64];
	int depth = 0;

	if (!(r = calloc(d->nsents + 2 * d->nspans + 1, sizeof *r)))
		return PK_ENOMEM;
	for (i = 0; i < d->nsents; i++)
		if (d->sents[i].end > d->sents[i].start && d->sents[i].end <= d->len)
			r[nr++] = (pk_review_region){ d->sents[i].start, d->sents[i].end, 0, i };
	for (i = 0; i < d->nspans; i++) {
		if (pk_review_dup_span(d, i))
			continue;
		r[nr++] = (pk_review_region){ d->spans[i].start, d->spans[i].end, 1, i };
		if (d->spans[i].pend > d->spans[i].end)
			r[nr++] = (pk_review_region){ d->spans[i].end, d->spans[i].pend, 2, i };
	}
	qsort(r, nr, sizeof *r, pk_review_region_cmp);
	for (;;) {
		size_t next = d->len;

		while (depth > 0 && ends[depth - 1] <= pos) {
			fputs(stack[depth - 1]->level == 1 ? "</mark>" : "</span>", out);
			depth--;
		}
		while (ri < nr && r[ri].start <= pos) {
			size_t end = r[ri].end;

			if (depth > 0 && end > ends[depth - 1])
				end = ends[depth - 1];
			if (r[ri].start == pos && end > pos && depth < 64) {
				pk_review_open(out, d, &r[ri]);
				stack[depth] = &r[ri];
				ends[depth++] = end;
			}
			ri++;
		}
		if (pos >= d->len && depth == 0)
			break;
		if (depth > 0 && ends[depth - 1] < next)
			next = ends[depth - 1];
		if (ri < nr && r[ri].start < next)
			next = r[ri].start;
		if (next <= pos) {
			/* nothing opens or closes before the end: close what is open */
			while (depth > 0) {
				fputs(stack[depth - 1]->level == 1 ? "</mark>" : "</span>", out);
				depth--;
			}
			break;
		}
		pk_review_escn(out, d->text + pos, next - pos);
		pos = next;
	}
	free(r);
	return 0;
}

static void pk_review_legend(FILE *out)
{
	static const char *const samples[PK_REVIEW__KINDS] = {
		"organization", "country", "person", "title", "date", "agreement", "event", "place"
	};
	size_t k;

	fputs("<section class=\"legend\" aria-label=\"legend\"><strong>Kinds:</strong>", out);
	for (k = 0; k < PK_REVIEW__KINDS; k++)
		fprintf(out, "<mark class=\"m k-%s\" data-tag=\"%s\">%s</mark>",
			pk_review_kind_name((pk_review_kind)k), pk_review_tag((pk_review_kind)k), samples[k]);
	fputs("<span class=\"particle\">particle</span>"
		"<span class=\"meta\">Hover or focus (Tab) a highlighted span for its resource, class, "
		"value and rule.</span></section>\n", out);
}

static void pk_review_doc_meta(FILE *out, const pk_review_docinfo *info, const char *doc,
	const char *name)
{
	const char *issued = info->issued, *publisher = info->publisher, *source = info->source;

	fputs("<p class=\"meta\">", out);
	if (issued) {
		fputs("<time>", out);
		pk_review_esc(out, issued);
		fputs("</time> · ", out);
	}
	if (publisher) {
		pk_review_esc(out, publisher);
		fputs(" · ", out);
	}
	if (source && (strncmp(source, "http://", 7) == 0 || strncmp(source, "https://", 8) == 0)) {
		fputs("<a rel=\"noreferrer\" href=\"", out);
		pk_review_esc(out, source);
		fputs("\">source</a> · ", out);
	}
	fputs("<span class=\"iri\">", out);
	pk_review_short(out, doc);
	fputs("</span>", out);
	if (name && strcmp(name, doc) != 0) {
		fputs(" · <span class=\"iri\">", out);
		pk_review_esc(out, name);
		fputs("</span>", out);
	}
	fputs("</p>\n", out);
}

int pk_review_html_page(FILE *out, const pk_review_docinfo *info, const pk_review_doc *d,
	const char *index_href)
{
	static const char *const groups[PK_REVIEW__GROUPS] = { "Agreements", "Events", "Positions" };
	const char *title = info->title ? info->title : d->name;
	const pk_review_fact *facts = info->facts;
	size_t nfacts = info->nfacts, i;
	int rc, group = -1;

	pk_review_head(out, title, pk_review_lang(title));
	fputs("<body>\n<header>\n<nav><a href=\"", out);
	pk_review_esc(out, index_href);
	fputs("\">← all documents</a></nav>\n", out);
	fprintf(out, "<h1 lang=\"%s\">", pk_review_lang(title));
	pk_review_esc(out, title);
	fputs("</h1>\n", out);
	pk_review_doc_meta(out, info, d->iri, d->name);
	fputs("</header>\n", out);
	pk_review_legend(out);
	fputs("<div class=\"layout\">\n<main>\n", out);
	if (d->excerpt)
		fputs("<p class=\"meta\">From a store: only the evidence sentences are kept, "
			"in the article's order (… marks text left out).</p>\n", out);
	fprintf(out, "<div class=\"text%s\" id=\"text\" lang=\"%s\">", d->excerpt ? " excerpt" : "",
		pk_review_lang(d->text));
	if ((rc = pk_review_text(out, d)) < 0)
		return rc;
	fputs("</div>\n</main>\n<aside class=\"facts\" aria-label=\"facts\">\n", out);
	fprintf(out, "<h2>Facts read from this document (%zu)</h2>\n", nfacts);
	if (!nfacts)
		fputs("<p class=\"meta\">No agreement, event or position.</p>\n", out);
	for (i = 0; i < nfacts && rc == 0; i++) {
		if ((int)facts[i].group != group) {
			if (group >= 0)
				fputs("</ul>\n", out);
			group = (int)facts[i].group;
			fprintf(out, "<h3>%s</h3>\n<ul>\n", groups[group]);
		}
		rc = pk_review_fact_html(out, &facts[i], i);
	}
	if (group >= 0)
		fputs("</ul>\n", out);
	fputs("</aside>\n</div>\n<section class=\"site warnings\" id=\"warnings\">\n", out);
	fprintf(out, "<h2>Warnings (%zu)</h2>\n", d->nwarnings);
	if (d->nwarnings) {
		fputs("<ul>\n", out);
		for (i = 0; i < d->nwarnings; i++) {
			fputs("<li>", out);
			pk_review_esc(out, d->warnings[i]);
			fputs("</li>\n", out);
		}
		fputs("</ul>\n", out);
	} else {
		fputs(d->excerpt ? "<p class=\"meta\">A store keeps no warnings; review the articles "
			"themselves to see them.</p>\n" : "<p class=\"meta\">None.</p>\n", out);
	}
	fprintf(out, "</section>\n<div id=\"tip\" role=\"tooltip\" hidden></div>\n"
		"<script>\n%s</script>\n</body>\n</html>\n", pk_review_page_js);
	return rc;
}
