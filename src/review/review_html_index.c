/*
 * review_html_index.c - the review site's index: every document with the
 * facts it states, and the timeline of agreements and events, an SVG
 * drawn here, filtered by actor with a script that only sets
 * textContent.  All of it from the review documents and their view
 * (review_view.h), never from the graph.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/resolve.h"
#include "review/review_html_int.h"

/* ---- the index and its timeline ------------------------------------------------ */

/* An item of the view where the timeline puts it. */
typedef struct pk_review_mark {
	const pk_review_item *it;
	long d0, d1;          /* days; < 0: not a full date (d1 < 0: one day) */
	const char *page;     /* the page of the first document it is read in */
} pk_review_mark;

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

static int pk_review_mark_cmp(const void *x, const void *y)
{
	const pk_review_mark *a = x, *b = y;

	if (a->d0 != b->d0)
		return a->d0 < b->d0 ? -1 : 1;
	return strcmp(a->it->iri, b->it->iri);
}

/* The actors of an item, " A B C " (IRIs), for the filter. */
static int pk_review_actors(pk_buf *b, const pk_review_item *it)
{
	size_t i;

	pk_buf_clear(b);
	if (pk_buf_putc(b, ' ') < 0)
		return PK_ENOMEM;
	for (i = 0; i < it->nactors; i++)
		if (pk_buf_printf(b, "%s ", it->actors[i]) < 0)
			return PK_ENOMEM;
	return 0;
}

static void pk_review_svg_text(FILE *out, double x, double y, const char *anchor, const char *s)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y, anchor);
	pk_review_esc(out, s);
	fputs("</text>", out);
}

/* The timeline: one row per agreement or event with a full date. */
static int pk_review_timeline(FILE *out, const pk_review_view *v, const pk_review_mark *items,
	size_t n, size_t undated)
{
	const double x0 = 120, x1 = 600, top = 40, row = 24;
	pk_buf actors = PK_BUF_INIT;
	size_t i, dated = 0;
	long lo = 0, hi = 0;
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
	fputs("<section class=\"site\" id=\"timeline\">\n<h2>Timeline of agreements and events</h2>\n"
		"<p class=\"filter\"><label for=\"actor\">Actor: </label><select id=\"actor\">"
		"<option value=\"\">all</option>", out);
	for (i = 0; i < v->nactors; i++) {
		const pk_review_actor *a = &v->actors[i];

		fputs("<option value=\"", out);
		pk_review_esc(out, a->iri);
		fputs("\">", out);
		pk_review_esc(out, a->label ? a->label : a->iri);
		fputs(" (", out);
		pk_review_short(out, a->iri);
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
		const pk_review_mark *mk = &items[i];
		const pk_review_item *it = mk->it;
		double xa, xb, y = row / 2;

		if (mk->d0 < 0)
			continue;
		if ((rc = pk_review_actors(&actors, it)) < 0)
			break;
		xa = x0 + (x1 - x0) * (double)(mk->d0 - lo) / (double)(hi - lo);
		xb = mk->d1 > mk->d0 ? x0 + (x1 - x0) * (double)(mk->d1 - lo) / (double)(hi - lo) : xa;
		fputs("<g class=\"tl-item\" data-actors=\"", out);
		pk_review_esc(out, actors.ptr);
		fputs("\" data-iri=\"", out);
		pk_review_esc(out, it->iri);
		fputs("\"><a href=\"", out);
		pk_review_esc(out, mk->page);
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
			const pk_review_item *it = items[i].it;

			if (items[i].d0 >= 0)
				continue;
			if ((rc = pk_review_actors(&actors, it)) < 0)
				break;
			fputs("<li data-actors=\"", out);
			pk_review_esc(out, actors.ptr);
			fputs("\"><a href=\"", out);
			pk_review_esc(out, items[i].page);
			fprintf(out, "\" lang=\"%s\">", pk_review_lang(it->label));
			pk_review_esc(out, it->label);
			fputs("</a> ", out);
			if (it->start) {
				fputs("<span class=\"meta\">", out);
				pk_review_esc(out, it->start);
				fputs("</span>", out);
			}
			fputs("</li>\n", out);
		}
		fputs("</ul>\n", out);
	}
	fputs("</section>\n", out);
	pk_buf_free(&actors);
	return rc;
}

int pk_review_html_index(FILE *out, const pk_review_view *v, const pk_review_doc *docs,
	size_t ndocs, const char *const *pages, char *const *orphans, size_t norphans)
{
	pk_review_mark *items = NULL;
	size_t i, undated = 0;
	int rc = 0;

	assert(v->ndocs == ndocs);
	pk_review_head(out, "policykg review", "en");
	fputs("<body>\n<header>\n<h1>policykg review</h1>\n", out);
	fprintf(out, "<p class=\"meta\">%zu document%s. Each page shows an article with every match "
		"highlighted and the facts read from it.</p>\n</header>\n", ndocs, ndocs == 1 ? "" : "s");
	fputs("<section class=\"site\" id=\"documents\">\n<h2>Documents</h2>\n<table class=\"docs\">\n"
		"<thead><tr><th>document</th><th>date</th><th>publisher</th><th>agreements</th>"
		"<th>events</th><th>positions</th><th>warnings</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < ndocs; i++) {
		const pk_review_docinfo *info = &v->docs[i];
		const char *title = info->title ? info->title : docs[i].name;
		const char *issued = info->issued, *publisher = info->publisher;

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
			"<td class=\"n\">%zu</td></tr>\n", info->count[PK_REVIEW_GROUP_AGREEMENT],
			info->count[PK_REVIEW_GROUP_EVENT], info->count[PK_REVIEW_GROUP_POSITION],
			docs[i].nwarnings);
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
	/* every agreement and event, on the page of the first document it is read in */
	if (!(items = calloc(v->nitems + 1, sizeof *items))) {
		rc = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < v->nitems; i++) {
		items[i].it = &v->items[i];
		items[i].d0 = pk_review_days(v->items[i].start);
		items[i].d1 = pk_review_days(v->items[i].end);
		items[i].page = pages[v->items[i].doc];
		if (items[i].d0 < 0)
			undated++;
	}
	qsort(items, v->nitems, sizeof *items, pk_review_mark_cmp);
	if ((rc = pk_review_timeline(out, v, items, v->nitems, undated)) < 0)
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
	return rc;
}
