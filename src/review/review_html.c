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
 * ever sets textContent.  The timeline is an SVG (review_html_index.c).
 *
 * Here: the assets, escaping and the page head, shared through
 * review_html_int.h; review_html_page.c writes a
 * document's page, review_html_index.c the index and its timeline.
 */
#include <stdlib.h>
#include <string.h>

#include "review/review_html_int.h"


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

const char pk_review_page_js[] =
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

const char pk_review_index_js[] =
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
void pk_review_escn(FILE *out, const char *s, size_t n)
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

void pk_review_esc(FILE *out, const char *s)
{
	if (s)
		pk_review_escn(out, s, strlen(s));
}

/* An IRI as people read it: pkg:MOU, pkgid:msit, else whole. */
void pk_review_short(FILE *out, const char *iri)
{
	const char *prefix, *local;

	if (pk_review_iri_split(&prefix, &local, iri)) {
		pk_review_esc(out, prefix);
		fputc(':', out);
		pk_review_esc(out, local);
	} else {
		pk_review_esc(out, iri);
	}
}

const char *pk_review_lang(const char *s)
{
	return pk_utf8_has_hangul(s) ? "ko" : "en";
}

void pk_review_head(FILE *out, const char *title, const char *title_lang)
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
