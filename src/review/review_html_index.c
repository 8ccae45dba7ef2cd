/*
 * review_html_index.c - the review site's index: every document with the
 * facts it states, and the timeline of agreements and events, an SVG
 * drawn here, filtered by actor with a script that only sets
 * textContent.
 */
#include <stdlib.h>
#include <string.h>

#include "pipeline/resolve.h"
#include "review/review_html_int.h"
#include "rdf/onto.h"
#include "rdf/vocab.h"

/* ---- the index and its timeline ------------------------------------------------ */

typedef struct pk_review_item {
	const char *iri;
	const char *label;
	int agreement;
	long d0, d1;          /* days; d1 < 0: one day */
	const char *start, *end;
	const char *page;     /* the page of a document it is read in */
} pk_review_item;

/* Days since 1970-01-01 of "YYYY-MM-DD", or -1 when it is not one. */
static long pk_review_days(const char *s)
{
	int y, m, d;
	long yy, era, yoe, doy, doe;
	char tail;

	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    !pk_ymd_valid(y, m, d))
		return -1;
	yy = y - (m <= 2);
	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void pk_review_civil(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int pk_review_item_cmp(const void *x, const void *y)
{
	const pk_review_item *a = x, *b = y;
	long ka = a->d0, kb = b->d0;

	if (ka != kb)
		return ka < kb ? -1 : 1;
	return strcmp(a->iri, b->iri);
}

/* The actors of an item, " A B C " (IRIs), for the filter. */
static int pk_review_actors(pk_buf *b, pk_graph *g, const char *s)
{
	static const char *const props[] = {
		PKG("party"), PKG("organizer"), PKG("participant"), PKG("chair")
	};
	size_t k, i;

	pk_buf_clear(b);
	if (pk_buf_putc(b, ' ') < 0)
		return PK_ENOMEM;
	for (k = 0; k < PK_ARRAY_LEN(props); k++) {
		const pk_triple *t;
		size_t n = pk_graph_about(&t, g, s, props[k]);

		for (i = 0; i < n; i++)
			if (t[i].o_is_iri && !strchr(t[i].o, ' ') && pk_buf_printf(b, "%s ", t[i].o) < 0)
				return PK_ENOMEM;
	}
	return 0;
}

static void pk_review_svg_text(FILE *out, double x, double y, const char *anchor, const char *s)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y, anchor);
	pk_review_esc(out, s);
	fputs("</text>", out);
}

/* The timeline: one row per agreement or event with a full date. */
static int pk_review_timeline(FILE *out, pk_graph *g, pk_review_item *items, size_t n,
	size_t undated)
{
	const double x0 = 120, x1 = 600, top = 40, row = 24;
	pk_buf actors = PK_BUF_INIT;
	const pk_triple *t;
	size_t nt, i, nopt = 0, dated = 0;
	long lo = 0, hi = 0;
	const char **opts = NULL;
	int rc = 0;

	for (i = 0; i < n; i++) {
		if (items[i].d0 < 0)
			continue;
		if (!dated++ || items[i].d0 < lo)
			lo = items[i].d0;
		if (items[i].d0 > hi)
			hi = items[i].d0;
		if (items[i].d1 > hi)
			hi = items[i].d1;
	}
	/* the filter: every actor of an item, by label */
	pk_graph_sorted(&t, &nt, g);
	if (!(opts = calloc(nt + 1, sizeof *opts)))
		return PK_ENOMEM;
	for (i = 0; i < nt; i++) {
		size_t k;

		if (t[i].retracted || !t[i].o_is_iri || strchr(t[i].o, ' ') ||
		    (strcmp(t[i].p, PKG("party")) != 0 && strcmp(t[i].p, PKG("organizer")) != 0 &&
		     strcmp(t[i].p, PKG("participant")) != 0 && strcmp(t[i].p, PKG("chair")) != 0))
			continue;
		for (k = 0; k < nopt && strcmp(opts[k], t[i].o) != 0; k++)
			;
		if (k == nopt)
			opts[nopt++] = t[i].o;
	}
	fputs("<section class=\"site\" id=\"timeline\">\n<h2>Timeline of agreements and events</h2>\n"
		"<p class=\"filter\"><label for=\"actor\">Actor: </label><select id=\"actor\">"
		"<option value=\"\">all</option>", out);
	for (i = 0; i < nopt; i++) {
		const char *l = pk_onto_label(g, opts[i]);

		fputs("<option value=\"", out);
		pk_review_esc(out, opts[i]);
		fputs("\">", out);
		pk_review_esc(out, l ? l : opts[i]);
		fputs(" (", out);
		pk_review_short(out, opts[i]);
		fputs(")</option>", out);
	}
	fprintf(out, "</select> <span class=\"meta\"><span id=\"tl-count\">%zu</span> on the timeline"
		"</span></p>\n", dated);
	if (hi - lo < 30) {
		lo -= 15;
		hi += 15;
	}
	fprintf(out, "<div class=\"timeline\"><svg id=\"tl\" xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"980\" height=\"%.0f\" data-top=\"%.0f\" data-row=\"%.0f\" role=\"img\" "
		"aria-label=\"timeline\">\n", top + (dated ? dated : 1) * row + 10, top, row);
	/* the axis, with a tick at each month (each year over long spans) */
	fprintf(out, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#888\"/>\n",
		x0, top - 12, x1, top - 12);
	if (dated) {
		/* about eight labelled ticks: every step months (12: years) */
		long months = (hi - lo) / 30 + 1, step = (months + 7) / 8;
		int y, m, d;

		if (step > 12)
			step = ((step + 11) / 12) * 12;
		pk_review_civil(lo, &y, &m, &d);
		for (;;) {
			char lab[32], ymd[32];
			double x;
			long z;

			m += (int)step;
			while (m > 12)
				m -= 12, y++;
			if (step >= 12)
				m = 1;
			snprintf(ymd, sizeof ymd, "%04d-%02d-01", y, m);
			z = pk_review_days(ymd);
			if (z < 0 || z > hi)
				break;
			x = x0 + (x1 - x0) * (double)(z - lo) / (double)(hi - lo);
			snprintf(lab, sizeof lab, step >= 12 ? "%04d" : "%04d-%02d", y, m);
			fprintf(out, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#bbb\"/>",
				x, top - 16, x, top + dated * row);
			pk_review_svg_text(out, x, top - 20, "middle", lab);
			fputc('\n', out);
		}
	}
	for (i = 0; i < n && rc == 0; i++) {
		const pk_review_item *it = &items[i];
		double xa, xb, y = row / 2;

		if (it->d0 < 0)
			continue;
		if ((rc = pk_review_actors(&actors, g, it->iri)) < 0)
			break;
		xa = x0 + (x1 - x0) * (double)(it->d0 - lo) / (double)(hi - lo);
		xb = it->d1 > it->d0 ? x0 + (x1 - x0) * (double)(it->d1 - lo) / (double)(hi - lo) : xa;
		fputs("<g class=\"tl-item\" data-actors=\"", out);
		pk_review_esc(out, actors.ptr);
		fputs("\" data-iri=\"", out);
		pk_review_esc(out, it->iri);
		fputs("\"><a href=\"", out);
		pk_review_esc(out, it->page);
		fprintf(out, "\"><title>%s: ", it->agreement ? "agreement" : "event");
		pk_review_esc(out, it->label);
		fputs("</title>", out);
		pk_review_svg_text(out, 8, y + 4, "start", it->start);
		if (it->agreement)
			fprintf(out, "<path class=\"agreement\" d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\"/>", xa, y - 6);
		else
			fprintf(out, "<rect class=\"event\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"10\" rx=\"3\"/>",
				xa - 4, y - 5, xb - xa + 8);
		pk_review_svg_text(out, x1 + 16, y + 4, "start", it->label);
		fputs("</a></g>\n", out);
	}
	fputs("</svg></div>\n", out);
	if (undated) {
		fputs("<h3>Not on the timeline: no full date</h3>\n<ul>\n", out);
		for (i = 0; i < n && rc == 0; i++) {
			if (items[i].d0 >= 0)
				continue;
			if ((rc = pk_review_actors(&actors, g, items[i].iri)) < 0)
				break;
			fputs("<li data-actors=\"", out);
			pk_review_esc(out, actors.ptr);
			fputs("\"><a href=\"", out);
			pk_review_esc(out, items[i].page);
			fprintf(out, "\" lang=\"%s\">", pk_review_lang(items[i].label));
			pk_review_esc(out, items[i].label);
			fputs("</a> ", out);
			if (items[i].start) {
				fputs("<span class=\"meta\">", out);
				pk_review_esc(out, items[i].start);
				fputs("</span>", out);
			}
			fputs("</li>\n", out);
		}
		fputs("</ul>\n", out);
	}
	fputs("</section>\n", out);
	free(opts);
	pk_buf_free(&actors);
	return rc;
}

int pk_review_html_index(FILE *out, pk_graph *g, const pk_review_doc *docs, size_t ndocs,
	const char *const *pages, char *const *orphans, size_t norphans)
{
	const pk_triple *t;
	pk_review_item *items = NULL;
	pk_review_fact *facts = NULL;
	size_t nt, i, k, nitems = 0, undated = 0;
	int rc = 0;

	pk_review_head(out, "policykg review", "en");
	fputs("<body>\n<header>\n<h1>policykg review</h1>\n", out);
	fprintf(out, "<p class=\"meta\">%zu document%s. Each page shows an article with every match "
		"highlighted and the facts read from it.</p>\n</header>\n", ndocs, ndocs == 1 ? "" : "s");
	fputs("<section class=\"site\" id=\"documents\">\n<h2>Documents</h2>\n<table class=\"docs\">\n"
		"<thead><tr><th>document</th><th>date</th><th>publisher</th><th>agreements</th>"
		"<th>events</th><th>positions</th><th>warnings</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < ndocs && rc == 0; i++) {
		const char *title = pk_graph_value(g, docs[i].iri, PK_NS_DCTERMS "title", NULL);
		const char *issued = pk_graph_value(g, docs[i].iri, PK_NS_DCTERMS "issued", NULL);
		const char *publisher = pk_graph_value(g, docs[i].iri, PK_NS_DCTERMS "publisher", NULL);
		size_t nf = 0, count[3] = { 0, 0, 0 };

		if ((rc = pk_review_facts(&facts, &nf, g, docs[i].iri)) < 0)
			break;
		for (k = 0; k < nf; k++)
			count[facts[k].group]++;
		free(facts);
		facts = NULL;
		if (!title)
			title = docs[i].name;
		fputs("<tr><td><a href=\"", out);
		pk_review_esc(out, pages[i]);
		fprintf(out, "\" lang=\"%s\">", pk_review_lang(title));
		pk_review_esc(out, title);
		fputs("</a><br><span class=\"iri\">", out);
		pk_review_short(out, docs[i].iri);
		fputs("</span></td><td class=\"d\">", out);
		pk_review_escn(out, issued ? issued : "", issued ? strcspn(issued, "T") : 0);
		fputs("</td><td>", out);
		pk_review_esc(out, publisher ? publisher : "");
		fprintf(out, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
			"<td class=\"n\">%zu</td></tr>\n", count[0], count[1], count[2], docs[i].nwarnings);
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
	if (rc < 0)
		goto out;
	/* every agreement and event, on the page of the first document it is read in */
	pk_graph_sorted(&t, &nt, g);
	if (!(items = calloc(nt + 1, sizeof *items))) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < nt; i++) {
		pk_review_item *it;
		const char *first = NULL;
		const pk_triple *m;
		size_t nm, j;
		int ag;

		if (t[i].retracted || strcmp(t[i].p, PK_NS_RDF "type") != 0)
			continue;
		ag = strcmp(t[i].o, PKG("Agreement")) == 0;
		if (!ag && strcmp(t[i].o, PKG("Event")) != 0)
			continue;
		it = &items[nitems];
		it->iri = t[i].s;
		it->agreement = ag;
		it->label = pk_onto_label(g, t[i].s);
		if (!it->label)
			it->label = t[i].s;
		it->start = pk_graph_value(g, t[i].s, ag ? PKG("signedOn") : PKG("startDate"), NULL);
		it->end = ag ? NULL : pk_graph_value(g, t[i].s, PKG("endDate"), NULL);
		it->d0 = pk_review_days(it->start);
		it->d1 = pk_review_days(it->end);
		nm = pk_graph_about(&m, g, t[i].s, PKG("mentionedIn"));
		for (j = 0; j < nm && !first; j++)
			for (k = 0; k < ndocs && !first; k++)
				if (strcmp(docs[k].iri, m[j].o) == 0)
					first = pages[k];
		if (!first)
			continue;
		it->page = first;
		if (it->d0 < 0)
			undated++;
		nitems++;
	}
	qsort(items, nitems, sizeof *items, pk_review_item_cmp);
	if ((rc = pk_review_timeline(out, g, items, nitems, undated)) < 0)
		goto out;
	if (norphans) {
		fputs("<section class=\"site warnings\"><h2>Messages about inputs without a page</h2>\n<ul>\n", out);
		for (i = 0; i < norphans; i++) {
			fputs("<li>", out);
			pk_review_esc(out, orphans[i]);
			fputs("</li>\n", out);
		}
		fputs("</ul>\n</section>\n", out);
	}
	fprintf(out, "<script>\n%s</script>\n</body>\n</html>\n", pk_review_index_js);
out:
	free(items);
	free(facts);
	return rc;
}
