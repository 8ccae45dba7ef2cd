/*
 * review_html.c - the review site's HTML: a page per document and the
 * index with its timeline (review.c decides what goes on them).
 *
 * The CSS and JavaScript are C string constants here, not files under a
 * share directory: a site must come out whole from a binary run anywhere
 * (the build tree, an install, a copy), and each page carries them inline
 * anyway so that it works alone from file:// with no request of any kind
 * (its Content-Security-Policy forbids every fetch).  Every string that
 * comes from an article, a rule or the graph goes through
 * pk_review_esc(), in text and in attributes alike; the JavaScript only
 * ever sets textContent.  The timeline is an SVG drawn here.
 */
#include <stdlib.h>
#include <string.h>

#include "pipeline/resolve.h"
#include "review/review_html.h"
#include "rdf/onto.h"
#include "rdf/vocab.h"


static const char pk_review_css[] =
	":root{--fg:#1b1b1b;--muted:#5b5b5b;--line:#d0d0d0;--bg:#fff;--hl:#fff1a8}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;color:var(--fg);background:var(--bg);font:16px/1.6 'Noto Sans KR','Noto Sans CJK KR',"
	"'Apple SD Gothic Neo','Malgun Gothic','NanumGothic','Nanum Gothic','NanumBarunGothic',sans-serif;"
	"word-break:keep-all;overflow-wrap:anywhere}\n"
	"header,main,section.site{padding:0 1.5rem}\n"
	"header{border-bottom:1px solid var(--line);padding-bottom:.6rem}\n"
	"h1{font-size:1.45rem;margin:.6rem 0 .2rem;line-height:1.35}\n"
	"h2{font-size:1.1rem;margin:1rem 0 .4rem}\n"
	".meta{color:var(--muted);margin:.2rem 0;font-size:.9rem}\n"
	"code,.iri{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.82em;word-break:break-all}\n"
	"nav a{font-size:.9rem}\n"
	".legend{display:flex;flex-wrap:wrap;gap:.4rem .9rem;padding:.5rem 1.5rem;border-bottom:1px solid var(--line);"
	"font-size:.85rem;align-items:center}\n"
	".legend .m{cursor:default}\n"
	".layout{display:grid;grid-template-columns:minmax(0,1fr) 27rem;gap:1.5rem;padding:0 1.5rem}\n"
	"@media (max-width:900px){.layout{grid-template-columns:1fr}}\n"
	".text{white-space:pre-wrap;line-height:2.15;font-size:1.02rem;padding:.8rem 0}\n"
	".text.excerpt{white-space:pre-line}\n"
	".s{border-radius:3px;transition:background-color .3s}\n"
	".s:target,.s.hl{background:var(--hl);outline:2px solid #c9a400;outline-offset:1px}\n"
	"mark.m{color:inherit;padding:0 .08em;border-radius:2px;border-bottom:2px solid;cursor:help}\n"
	"mark.m:focus{outline:2px solid #000;outline-offset:1px}\n"
	"mark.m::after{content:attr(data-tag);font-size:.58em;font-weight:700;letter-spacing:.03em;"
	"vertical-align:super;margin-left:.15em;color:#333;font-family:sans-serif}\n"
	"mark.m mark.m{padding:0}\n"
	".particle{color:var(--muted);border-bottom:1px dotted var(--muted)}\n"
	".k-organization{background:#d6e8fb;border-bottom-color:#0072b2!important;border-bottom-style:solid}\n"
	".k-country{background:#fde3bd;border-bottom-color:#c07a00!important;border-bottom-style:double!important;border-bottom-width:4px!important}\n"
	".k-person{background:#d3efe2;border-bottom-color:#008060!important;border-bottom-style:dotted!important;border-bottom-width:3px!important}\n"
	".k-title{background:#f4dcec;border-bottom-color:#b0508a!important;border-bottom-style:dashed!important}\n"
	".k-date{background:#fbf1b8;border-bottom-color:#8a7400!important;border-bottom-style:solid;border-bottom-width:3px!important}\n"
	".k-agreement{background:#fbd4c4;border-bottom-color:#d55e00!important;border-bottom-style:double!important;border-bottom-width:4px!important}\n"
	".k-event{background:#d8e4ff;border-bottom-color:#3a5fcd!important;border-bottom-style:dashed!important;border-bottom-width:3px!important}\n"
	".k-place{background:#e6e6e6;border-bottom-color:#444!important;border-bottom-style:dotted!important}\n"
	".facts{padding:.4rem 0 2rem;font-size:.92rem}\n"
	"@media (min-width:901px){.facts{position:sticky;top:0;max-height:100vh;overflow:auto}}\n"
	".facts ul{list-style:none;padding:0;margin:0}\n"
	".fact{border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem;margin:.5rem 0}\n"
	".fact-head{font-weight:600}\n"
	".badge{display:inline-block;font-size:.72rem;font-weight:700;border:1px solid #777;border-radius:3px;"
	"padding:0 .3rem;margin-right:.3rem;vertical-align:middle;font-family:sans-serif}\n"
	".fact dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .6rem;margin:.4rem 0}\n"
	".fact dt{color:var(--muted)}\n"
	".fact dd{margin:0}\n"
	".ev a{margin-right:.5rem}\n"
	".warnings li{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.85rem}\n"
	"#tip{position:absolute;z-index:10;max-width:32rem;background:#111;color:#fff;padding:.45rem .6rem;"
	"border-radius:5px;font-size:.8rem;line-height:1.45;box-shadow:0 2px 8px rgba(0,0,0,.3)}\n"
	"#tip b{color:#ffd75e;font-weight:600;margin-right:.4rem}\n"
	"table.docs{border-collapse:collapse;width:100%;font-size:.92rem}\n"
	"table.docs th,table.docs td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}\n"
	"table.docs th,table.docs td.d{white-space:nowrap}\n"
	"table.docs td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	".timeline{overflow-x:auto}\n"
	".timeline svg{font:12px 'Noto Sans KR','NanumGothic',sans-serif}\n"
	".timeline .agreement{fill:#d55e00}\n"
	".timeline .event{fill:#3a5fcd}\n"
	".timeline a:focus rect,.timeline a:focus path,.timeline a:hover text{text-decoration:underline}\n"
	"@media print{#tip,nav,.filter{display:none}.layout{display:block}.facts{position:static;max-height:none}"
	"mark.m,.k-organization,.k-country,.k-person,.k-title,.k-date,.k-agreement,.k-event,.k-place"
	"{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

static const char pk_review_page_js[] =
	"(function(){\n"
	"var tip=document.getElementById('tip');\n"
	"var rows=[['kind','kind'],['IRI','iri'],['class','class'],['value','value'],['rule','rule']];\n"
	"function mk(t){return t&&t.closest?t.closest('mark.m'):null;}\n"
	"function show(e){var m=mk(e.target);if(!m)return;tip.textContent='';\n"
	" rows.forEach(function(r){var v=m.getAttribute('data-'+r[1]);if(!v)return;var d=document.createElement('div');\n"
	"  var b=document.createElement('b');b.textContent=r[0];d.appendChild(b);d.appendChild(document.createTextNode(v));tip.appendChild(d);});\n"
	" var rc=m.getBoundingClientRect();tip.hidden=false;\n"
	" tip.style.left=Math.max(4,Math.min(rc.left,document.documentElement.clientWidth-tip.offsetWidth-8))+window.scrollX+'px';\n"
	" tip.style.top=rc.bottom+window.scrollY+6+'px';}\n"
	"function hide(e){if(mk(e.target))tip.hidden=true;}\n"
	"document.addEventListener('mouseover',show);document.addEventListener('focusin',show);\n"
	"document.addEventListener('mouseout',hide);document.addEventListener('focusout',hide);\n"
	"document.addEventListener('click',function(e){var a=e.target.closest?e.target.closest('a[data-s]'):null;if(!a)return;\n"
	" e.preventDefault();var ids=a.getAttribute('data-s').split(' ');\n"
	" Array.prototype.forEach.call(document.querySelectorAll('.s.hl'),function(x){x.classList.remove('hl');});\n"
	" var first=null;ids.forEach(function(id){var el=document.getElementById(id);if(el){el.classList.add('hl');if(!first)first=el;}});\n"
	" if(first){first.scrollIntoView({block:'center'});try{history.replaceState(null,'','#'+first.id);}catch(x){}}});\n"
	"})();\n";

static const char pk_review_index_js[] =
	"(function(){\n"
	"var sel=document.getElementById('actor');if(!sel)return;\n"
	"var svg=document.getElementById('tl');var H=+svg.getAttribute('data-top'),R=+svg.getAttribute('data-row');\n"
	"function apply(){var v=sel.value,y=0;\n"
	" Array.prototype.forEach.call(document.querySelectorAll('[data-actors]'),function(g){\n"
	"  var on=!v||g.getAttribute('data-actors').split(' ').indexOf(v)>=0;\n"
	"  if(g.tagName.toLowerCase()==='g'){g.style.display=on?'':'none';if(on){g.setAttribute('transform','translate(0,'+(H+y*R)+')');y++;}}\n"
	"  else g.hidden=!on;});\n"
	" svg.setAttribute('height',H+Math.max(y,1)*R+10);\n"
	" document.getElementById('tl-count').textContent=String(y);}\n"
	"sel.addEventListener('change',apply);apply();\n"
	"})();\n";

/* ---- escaping ---------------------------------------------------------------- */

/* s[0..n) as HTML text or attribute value. */
static void pk_review_escn(FILE *out, const char *s, size_t n)
{
	size_t i, from = 0;

	for (i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\0': rep = "\xEF\xBF\xBD"; break;
		default: continue;
		}
		fwrite(s + from, 1, i - from, out);
		fputs(rep, out);
		from = i + 1;
	}
	fwrite(s + from, 1, n - from, out);
}

static void pk_review_esc(FILE *out, const char *s)
{
	if (s)
		pk_review_escn(out, s, strlen(s));
}

/* An IRI as people read it: pkg:MOU, pkgid:msit, else whole. */
static void pk_review_short(FILE *out, const char *iri)
{
	const char *local;
	const pk_prefix *p = iri ? pk_vocab_shorten(iri, &local) : NULL;

	if (p) {
		pk_review_esc(out, p->prefix);
		fputc(':', out);
		pk_review_esc(out, local);
	} else {
		pk_review_esc(out, iri);
	}
}

static const char *pk_review_lang(const char *s)
{
	return pk_utf8_has_hangul(s) ? "ko" : "en";
}

static void pk_review_head(FILE *out, const char *title, const char *title_lang)
{
	fputs("<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		/* nothing is ever fetched: not a font, an image, a script */
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
		"<meta name=\"generator\" content=\"policykg ", out);
	pk_review_esc(out, pk_version());
	fputs("\">\n<title", out);
	fprintf(out, " lang=\"%s\">", title_lang);
	pk_review_esc(out, title);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n", pk_review_css);
}

/* ---- the facts of a document ---------------------------------------------------- */

typedef struct pk_review_fact {
	const char *iri;
	int group;          /* 0 agreement, 1 event, 2 position */
	const char *label;
} pk_review_fact;

static int pk_review_fact_cmp(const void *x, const void *y)
{
	const pk_review_fact *a = x, *b = y;
	int c;

	if (a->group != b->group)
		return a->group - b->group;
	c = strcmp(a->label ? a->label : "", b->label ? b->label : "");
	return c ? c : strcmp(a->iri, b->iri);
}

/* Agreements, events and positions mentioned in doc, sorted. */
static int pk_review_facts(pk_review_fact **out, size_t *n, pk_graph *g, const char *doc)
{
	const pk_triple *t;
	size_t nt, i;
	pk_review_fact *v;

	*n = 0;
	pk_graph_sorted(&t, &nt, g);
	if (!(v = calloc(nt + 1, sizeof *v)))
		return PK_ENOMEM;
	for (i = 0; i < nt; i++) {
		int group;

		if (t[i].retracted || strcmp(t[i].p, PKG("mentionedIn")) != 0 || strcmp(t[i].o, doc) != 0)
			continue;
		if (pk_onto_has_type(g, t[i].s, PKG("Agreement")))
			group = 0;
		else if (pk_onto_has_type(g, t[i].s, PKG("Event")))
			group = 1;
		else if (pk_onto_has_type(g, t[i].s, PKG("Position")))
			group = 2;
		else
			continue;
		v[*n].iri = t[i].s;
		v[*n].group = group;
		v[*n].label = pk_onto_label(g, t[i].s);
		if (group == 2) {
			const pk_triple *h;
			size_t k;

			/* a post reads as its holder */
			pk_graph_sorted(&h, &nt, g);
			for (k = 0; k < nt; k++)
				if (h[k].o_is_iri && strcmp(h[k].p, PKG("position")) == 0 &&
				    strcmp(h[k].o, t[i].s) == 0) {
					v[*n].label = pk_onto_label(g, h[k].s);
					break;
				}
		}
		(*n)++;
	}
	qsort(v, *n, sizeof *v, pk_review_fact_cmp);
	*out = v;
	return 0;
}

typedef struct pk_review_evref {
	size_t cp;
	const char *rule;
} pk_review_evref;

static int pk_review_evref_cmp(const void *x, const void *y)
{
	const pk_review_evref *a = x, *b = y;

	if (a->cp != b->cp)
		return a->cp < b->cp ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

/* The sentence anchors ("s-CP", in text order) of s's evidence in doc
 * that are on the page, and the rules that fired there. */
static int pk_review_evidence(pk_buf *ids, pk_buf *rules, pk_graph *g, const pk_review_doc *d,
	const char *s)
{
	const pk_triple *t;
	size_t n = pk_graph_about(&t, g, s, PKG("evidence")), i, k, nv = 0;
	pk_review_evref *v = calloc(n + 1, sizeof *v);
	int rc = 0;

	pk_buf_clear(ids);
	pk_buf_clear(rules);
	if (!v)
		return PK_ENOMEM;
	for (i = 0; i < n; i++) {
		const char *doc = pk_graph_value(g, t[i].o, PKG("document"), NULL);
		const char *start = pk_graph_value(g, t[i].o, PKG("start"), NULL);
		const char *rule = pk_graph_value(g, t[i].o, PKG("rule"), NULL);
		size_t cp;

		if (t[i].retracted || !doc || !start || strcmp(doc, d->iri) != 0)
			continue;
		cp = (size_t)strtoul(start, NULL, 10);
		for (k = 0; k < d->nsents && d->sents[k].cp != cp; k++)
			;
		if (k == d->nsents)
			continue;
		v[nv].cp = cp;
		v[nv++].rule = rule ? rule : "?";
	}
	qsort(v, nv, sizeof *v, pk_review_evref_cmp);
	for (i = 0; i < nv && rc == 0; i++) {
		if (i == 0 || v[i].cp != v[i - 1].cp)
			rc = pk_buf_printf(ids, "%ss-%zu", ids->len ? " " : "", v[i].cp) < 0 ? PK_ENOMEM : 0;
		for (k = 0; k < i && strcmp(v[k].rule, v[i].rule) != 0; k++)
			;
		if (rc == 0 && k == i)
			rc = pk_buf_printf(rules, "%s%s", rules->len ? " " : "", v[i].rule) < 0 ? PK_ENOMEM : 0;
	}
	free(v);
	return rc;
}

/* A dd with the labels of the objects of s p (literals as they are). */
static void pk_review_dd(FILE *out, pk_graph *g, const char *s, const char *p, const char *name)
{
	const pk_triple *t;
	size_t n = pk_graph_about(&t, g, s, p), i, shown = 0;

	for (i = 0; i < n; i++) {
		if (t[i].retracted)
			continue;
		if (!shown++) {
			fputs("<dt>", out);
			pk_review_esc(out, name);
			fputs("</dt><dd>", out);
		} else {
			fputs(", ", out);
		}
		if (t[i].o_is_iri) {
			const char *l = pk_onto_label(g, t[i].o);

			if (l) {
				fprintf(out, "<span lang=\"%s\" data-iri=\"", pk_review_lang(l));
				pk_review_esc(out, t[i].o);
				fputs("\">", out);
				pk_review_esc(out, l);
				fputs("</span>", out);
			} else {
				fputs("<span class=\"iri\">", out);
				pk_review_short(out, t[i].o);
				fputs("</span>", out);
			}
		} else {
			pk_review_esc(out, t[i].o);
			if (t[i].dt) {
				fputs(" <span class=\"iri\">", out);
				pk_review_short(out, t[i].dt);
				fputs("</span>", out);
			}
		}
	}
	if (shown)
		fputs("</dd>", out);
}

static int pk_review_fact_html(FILE *out, pk_graph *g, const pk_review_doc *d,
	const pk_review_fact *f, size_t idx)
{
	static const char *const agreement[][2] = {
		{ PKG("party"), "parties" }, { PKG("status"), "status" }, { PKG("signedOn"), "signed on" },
		{ PKG("validFor"), "valid for" }, { PKG("concludedAt"), "concluded at" },
		{ PKG("partOf"), "part of" },
	};
	static const char *const event[][2] = {
		{ PKG("startDate"), "start" }, { PKG("endDate"), "end" }, { PKG("location"), "place" },
		{ PKG("organizer"), "organizer" }, { PKG("participant"), "participants" },
		{ PKG("chair"), "chair" }, { PKG("partOf"), "part of" },
	};
	static const char *const position[][2] = {
		{ PKG("title"), "title" }, { PKG("organization"), "organization" },
	};
	const char *const (*props)[2] = f->group == 0 ? agreement : f->group == 1 ? event : position;
	size_t nprops = f->group == 0 ? PK_ARRAY_LEN(agreement) : f->group == 1 ?
		PK_ARRAY_LEN(event) : PK_ARRAY_LEN(position), i;
	const char *cls = pk_onto_class(g, f->iri);
	const char *local;
	pk_buf ids = PK_BUF_INIT, rules = PK_BUF_INIT;
	int rc;

	if ((rc = pk_review_evidence(&ids, &rules, g, d, f->iri)) < 0)
		goto out;
	fprintf(out, "<li class=\"fact fact-%s\" id=\"fact-%zu\" data-iri=\"",
		f->group == 0 ? "agreement" : f->group == 1 ? "event" : "position", idx);
	pk_review_esc(out, f->iri);
	fputs("\">\n<div class=\"fact-head\"><span class=\"badge\">", out);
	pk_review_esc(out, cls && pk_vocab_shorten(cls, &local) ? local : "?");
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
	for (i = 0; i < nprops; i++)
		pk_review_dd(out, g, f->iri, props[i][0], props[i][1]);
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

static void pk_review_doc_meta(FILE *out, pk_graph *g, const char *doc, const char *name)
{
	const char *issued = pk_graph_value(g, doc, PK_NS_DCTERMS "issued", NULL);
	const char *publisher = pk_graph_value(g, doc, PK_NS_DCTERMS "publisher", NULL);
	const char *source = pk_graph_value(g, doc, PK_NS_DCTERMS "source", NULL);

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

int pk_review_html_page(FILE *out, pk_graph *g, const pk_review_doc *d, const char *index_href)
{
	static const char *const groups[3] = { "Agreements", "Events", "Positions" };
	const char *title = pk_graph_value(g, d->iri, PK_NS_DCTERMS "title", NULL);
	pk_review_fact *facts = NULL;
	size_t nfacts = 0, i;
	int rc, group = -1;

	if (!title)
		title = d->name;
	if ((rc = pk_review_facts(&facts, &nfacts, g, d->iri)) < 0)
		return rc;
	pk_review_head(out, title, pk_review_lang(title));
	fputs("<body>\n<header>\n<nav><a href=\"", out);
	pk_review_esc(out, index_href);
	fputs("\">← all documents</a></nav>\n", out);
	fprintf(out, "<h1 lang=\"%s\">", pk_review_lang(title));
	pk_review_esc(out, title);
	fputs("</h1>\n", out);
	pk_review_doc_meta(out, g, d->iri, d->name);
	fputs("</header>\n", out);
	pk_review_legend(out);
	fputs("<div class=\"layout\">\n<main>\n", out);
	if (d->excerpt)
		fputs("<p class=\"meta\">From a store: only the evidence sentences are kept, "
			"in the article's order (… marks text left out).</p>\n", out);
	fprintf(out, "<div class=\"text%s\" id=\"text\" lang=\"%s\">", d->excerpt ? " excerpt" : "",
		pk_review_lang(d->text));
	if ((rc = pk_review_text(out, d)) < 0)
		goto out;
	fputs("</div>\n</main>\n<aside class=\"facts\" aria-label=\"facts\">\n", out);
	fprintf(out, "<h2>Facts read from this document (%zu)</h2>\n", nfacts);
	if (!nfacts)
		fputs("<p class=\"meta\">No agreement, event or position.</p>\n", out);
	for (i = 0; i < nfacts && rc == 0; i++) {
		if (facts[i].group != group) {
			if (group >= 0)
				fputs("</ul>\n", out);
			group = facts[i].group;
			fprintf(out, "<h3>%s</h3>\n<ul>\n", groups[group]);
		}
		rc = pk_review_fact_html(out, g, d, &facts[i], i);
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
out:
	free(facts);
	return rc;
}

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
