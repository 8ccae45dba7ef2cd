#!/usr/bin/env bash
# cli.review - `policykg review`: the site's files and HTML structure.
#
# The seeds give index.html and a page per article, each a well-formed
# HTML document (every element closed in order, by Python's html.parser)
# whose only <script> is ours and which loads nothing (no src=, no
# external href but the article's own source link); the page of seed 004
# highlights both parties of its MOU inside one evidence sentence, the
# MOU fact links to that sentence, and a date carries its resolved value.
# The XSS probe (tests/review/xss_probe.txt: <script>, <img onerror>,
# entities, closing tags as text) shows its text escaped and adds no
# element.  An impossible date is listed among the page's warnings.  From
# a store, the same seeds give the same pages' marks.  -o naming a file,
# or a directory holding anything else, is refused and left untouched;
# an earlier review is replaced whole; two runs give the same bytes.
#
#   bash tests/cli/review.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

R=(--rules "$SRC/rules" --reference-date 2026-11-23)
P004=doc-004_6fc6f874443db889.html
P000=doc-000_f3690c1b6a91e66d.html
PROBE=doc-xss_probe.html

# html_check FILE: parses FILE with html.parser and prints
# "elements=N scripts=N imgs=N external=N unclosed=N mismatched=N"
html_check() {
	"$PY" - "$1" <<'PYEOF'
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "img", "input", "link", "hr", "source", "area", "base", "col", "wbr", "path", "rect", "line", "circle"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.n, self.scripts, self.imgs, self.ext, self.bad = [], 0, 0, 0, 0, 0
    def handle_starttag(self, tag, attrs):
        self.n += 1
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag in ("img", "iframe", "object", "embed", "svg") and tag != "svg":
            self.imgs += 1
        if "src" in a or any(k.startswith("on") for k in a):
            self.ext += 1
        href = a.get("href") or ""
        if href and not (href.startswith("#") or href.startswith("doc-") or href == "index.html" or tag == "a" and a.get("rel") == "noreferrer"):
            self.ext += 1
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.bad += 1
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
print(f"scripts={p.scripts} imgs={p.imgs} external={p.ext} unclosed={len(p.stack)} mismatched={p.bad}")
PYEOF
}

echo "# usage"
run "$PK" review --help
expect_rc "review --help" 0
expect_out "help names --store" "--store DB"
run "$PK" review "${R[@]}" "$SRC/seeds/"
expect_rc "review without -o" 2
run "$PK" review "${R[@]}" --store nowhere -o site "$SRC/seeds/"
expect_rc "review with both articles and --store" 2

echo "# the seeds and the XSS probe"
run "$PK" review "${R[@]}" "$SRC/seeds/" "$SRC/tests/review/xss_probe.txt" -o site
expect_rc "review seeds/ and the probe -o site" 0
expect_err "says what it wrote" "6 document pages and index.html"
check "index.html written" test -f site/index.html
check "a page per article" test "$(ls site/doc-*.html | wc -l)" -eq 6
check "no temporary directory left" no_tmp_files .
for f in site/index.html site/doc-*.html; do
	res=$(html_check "$f")
	expect_eq "$(basename "$f"): one script (ours), no image, nothing loaded, well nested" \
		"scripts=1 imgs=0 external=0 unclosed=0 mismatched=0" "$res"
done
check "index links every page" test "$(grep -o 'href="doc-[^"]*\.html"' site/index.html | sort -u | wc -l)" -eq 6
check "index has the timeline" grep -q '<g class="tl-item" data-actors="[^"]*/id/mofa ' site/index.html
check "pages are lang=ko and keep Korean words whole" grep -q 'word-break:keep-all' site/$P004

echo "# seed 004: the MOU between MOIS and the UK Cabinet Office"
# the sentence ids of the MOU fact's evidence, then a sentence holding both parties
"$PY" - site/$P004 >mou.txt <<'PYEOF'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
fact = re.search(r'<li class="fact fact-agreement"[^>]*>\s*<div class="fact-head"><span class="badge">MOU</span>(.*?)</li>', page, re.S)
ids = re.search(r'data-s="([^"]*)"', fact.group(1)).group(1).split() if fact else []
both = []
for i in ids:
    m = re.search(r'<span class="s" id="%s">(.*?)(?=<span class="s" id=|</div>)' % i, page, re.S)
    if m and 'data-iri="pkgid:mois"' in m.group(1) and 'data-iri="pkgid:uk-cabinet-office"' in m.group(1):
        both.append(i)
print("fact" if fact else "nofact", len(ids), " ".join(both))
PYEOF
read -r has nids both <mou.txt || true
expect_eq "page 004 lists the MOU fact" "fact" "$has"
check "the MOU fact links to evidence sentences ($nids)" test "${nids:-0}" -gt 0
check "an evidence sentence highlights both 행정안전부 and 영국 내각부 (${both:-none})" test -n "${both:-}"
check "the MOU's parties are listed" grep -q '<dt>parties</dt><dd><span lang="ko" data-iri="https://w3id.org/policykg/id/mois">행정안전부</span>' site/$P004
check "a particle is outside its span" grep -q '>행정안전부</mark><span class="particle" title="particle">가</span>' site/$P004
check "page 000: '4일' resolves to 2025-08-04" grep -q 'data-kind="date"[^>]*data-value="2025-08-04 (xsd:date)"[^>]*>4일</mark>' site/$P000
check "page 000: a title span names its position" grep -q 'data-kind="title" data-iri="pkgid:position/' site/$P000

echo "# the XSS probe: text, never markup"
check "<script> shows as text" grep -qF "&lt;script&gt;window.__pwned=&#39;script&#39;&lt;/script&gt;" site/$PROBE
check "<img onerror> shows as text" grep -qF '&lt;img src=x onerror=&quot;window.__pwned=&#39;img&#39;&quot;&gt;' site/$PROBE
check "an entity shows as written" grep -qF '&amp;lt;script&amp;gt;' site/$PROBE
check "closing tags show as text" grep -qF '&lt;/mark&gt;&lt;/span&gt;&lt;mark data-iri=&quot;x&quot;&gt;' site/$PROBE
check "a label with markup is escaped in the facts" grep -qF '&lt;img src=x onerror=alert' site/$PROBE
check "a label with markup is escaped in the index" grep -qF '&lt;img src=x onerror=alert' site/index.html
check "no raw <script outside ours" test "$(grep -o '<script' site/$PROBE | wc -l)" -eq 1
check "no raw <img anywhere" test "$(grep -c '<img' site/$PROBE)" -eq 0

echo "# warnings are listed on their page"
printf '2024-05-10 09:00\n외교부와 과학기술정보통신부는 2월 30일 서울에서 양해각서(MOU)를 체결했다.\n' >impossible.txt
run "$PK" review "${R[@]}" impossible.txt -o warn
expect_rc "review an article with an impossible date" 0
expect_err "the warning goes to stderr too" "there is no such date"
check "the page lists it" grep -q '<h2>Warnings (1)</h2>' warn/doc-impossible.html
check "with the text it is about" grep -qF "2월 30일" <(sed -n '/id="warnings"/,$p' warn/doc-impossible.html)

echo "# the same bytes twice; an earlier review is replaced whole"
sums site >before.sums
run "$PK" review "${R[@]}" "$SRC/seeds/" "$SRC/tests/review/xss_probe.txt" -o site
expect_rc "review again into site" 0
expect_eq "byte-identical site" "$(cat before.sums)" "$(sums site)"
run "$PK" review "${R[@]}" "$SRC/seeds/000_f3690c1b6a91e66d.txt" -o site
expect_rc "review one article over the earlier site" 0
check "only its page remains" test "$(ls site/doc-*.html | wc -l)" -eq 1

echo "# refused outputs are left as they were"
printf 'precious\n' >afile
run "$PK" review "${R[@]}" "$SRC/seeds/" -o afile
expect_rc "-o naming a file" 4
expect_err "says it is not a directory" "not a directory"
expect_eq "the file is untouched" "precious" "$(cat afile)"
mkdir other && printf 'mine\n' >other/notes.txt
run "$PK" review "${R[@]}" "$SRC/seeds/" -o other
expect_rc "-o naming a directory with other files" 4
expect_eq "the directory is untouched" "notes.txt" "$(ls -A other)"

echo "# from a store"
run "$PK" extract -q "${R[@]}" "$SRC/seeds/" --store db
expect_rc "extract seeds/ --store db" 0
run "$PK" review --store db -o fromstore
expect_rc "review --store db" 0
check "a page per document" test "$(ls fromstore/doc-*.html | wc -l)" -eq 5
for f in fromstore/index.html fromstore/$P004; do
	expect_eq "$(basename "$f") (store): well formed, ours only" \
		"scripts=1 imgs=0 external=0 unclosed=0 mismatched=0" "$(html_check "$f")"
done
check "store page 004 highlights MOIS" grep -q 'data-iri="pkgid:mois"' fromstore/$P004
check "store page 004 highlights the UK Cabinet Office" grep -q 'data-iri="pkgid:uk-cabinet-office"' fromstore/$P004
check "store page 004 has the MOU fact" grep -q '<span class="badge">MOU</span>' fromstore/$P004

finish
