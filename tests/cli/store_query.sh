#!/usr/bin/env bash
# cli.store_query - `policykg load` and `policykg query`: the extracted graph
# goes into a store and comes back through SPARQL in every output format;
# bad queries, missing stores, foreign directories and broken files fail
# with the documented exit codes and leave what exists as it was.
#
#   bash tests/cli/store_query.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_rapper
cd -- "$W"

ORGS='SELECT ?org ?label WHERE { ?org a pkg:Organization ; rdfs:label ?label }'
COUNT='SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'

# store_count DB: the number of triples in DB, by a COUNT query.
store_count() {
	{ "$PK" query --store "$1" -f csv -e "$COUNT" 2>/dev/null || true; } | tr -d '\r' | sed -n 2p
}
# no_store_tmp: no DB.tmp-* or DB.old-* directory left beside the stores.
no_store_tmp() {
	[ -z "$(find "$W" -maxdepth 1 \( -name '*.tmp-*' -o -name '*.old-*' \) -print -quit)" ]
}

echo "# extract seeds/ and load the graph into a new store"
run "$PK" extract -q --rules "$SRC/rules" "$SRC/seeds/" -o g.ttl
expect_rc "extract seeds/ -o g.ttl" 0
ntriples=$(rapper_count turtle g.ttl || echo unknown)
run "$PK" load g.ttl --store db
expect_rc "load g.ttl --store db" 0
expect_err "load reports the store size" "into db: $ntriples triples"
check "db is a directory" test -d db
expect_eq "COUNT(*) over the store equals rapper's count of g.ttl" "$ntriples" "$(store_count db)"
check "no db.tmp-*/db.old-* is left" no_store_tmp

echo "# SELECT in the default table format"
run "$PK" query --store db -e "$ORGS"
expect_rc "query -e SELECT (table)" 0
cp -- "$OUT" table.txt
expect_out "the table has 과학기술정보통신부" "과학기술정보통신부"
expect_out "the table shortens the IRI to pkgid:msit" "pkgid:msit"
expect_no_out "the table has no \\u escapes" '\u'
check "a row of the table pairs pkgid:msit with 과학기술정보통신부" \
	grep -qE '^pkgid:msit +\| 과학기술정보통신부 *$' table.txt
# Display width: East Asian Wide and Fullwidth characters take two columns.
run "$PY" - table.txt <<'PYEOF'
import sys, unicodedata, re
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
footer = lines.pop() if lines and re.fullmatch(r"\(\d+ rows?\)", lines[-1]) else None
widths = [width(l) for l in lines]
print("lines=%d widths=%s footer=%s" % (len(lines), sorted(set(widths)), footer))
ok = len(lines) >= 3 and len(set(widths)) == 1
ok = ok and re.fullmatch(r"[-+]+", lines[1]) is not None
ok = ok and footer == "(%d rows)" % (len(lines) - 2)
for l, w in zip(lines, widths):
    if w != widths[0]:
        print("width %d, not %d: %r" % (w, widths[0], l))
sys.exit(0 if ok else 1)
PYEOF
if [ "$RC" -eq 0 ]; then
	pass "header, separator and every row have the same display width ($(head -n 1 "$OUT"))"
else
	fail "header, separator and every row have the same display width" "$(head -n 6 "$OUT")" "$(last_stderr)"
fi
nrows=$(($(wc -l <table.txt) - 3))

echo "# --format csv"
run "$PK" query --store db --format csv -e "$ORGS"
expect_rc "query --format csv" 0
expect_eq "the header line is org,label (CRLF)" "$(printf 'org,label\r')" "$(head -n 1 "$OUT")"
expect_eq "every line ends in CRLF" 0 "$(grep -cv $'\r$' "$OUT" || true)"
expect_eq "as many rows as the table" "$nrows" "$(($(wc -l <"$OUT") - 1))"
check "a row is https://w3id.org/policykg/id/msit,과학기술정보통신부" \
	grep -qxF "$(printf 'https://w3id.org/policykg/id/msit,과학기술정보통신부\r')" "$OUT"

echo "# --format tsv"
run "$PK" query --store db --format tsv -e "$ORGS"
expect_rc "query --format tsv" 0
expect_eq "the header line is ?org<TAB>?label" "$(printf '?org\t?label')" "$(head -n 1 "$OUT")"
check "a row is <…/msit><TAB>\"과학기술정보통신부\"@ko" \
	grep -qxF "$(printf '<https://w3id.org/policykg/id/msit>\t"과학기술정보통신부"@ko')" "$OUT"

echo "# --format json"
run "$PK" query --store db --format json -e "$ORGS"
expect_rc "query --format json" 0
cp -- "$OUT" result.json
run "$PY" -c 'import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert r["head"]["vars"] == ["org", "label"], r["head"]
b = r["results"]["bindings"]
print(len(b))
assert {"org": {"type": "uri", "value": "https://w3id.org/policykg/id/msit"},
        "label": {"type": "literal", "xml:lang": "ko", "value": "과학기술정보통신부"}} in b
' result.json
expect_rc "the JSON parses, head.vars == [\"org\",\"label\"], msit's Korean label is bound" 0
expect_eq "as many bindings as table rows" "$nrows" "$(head -n 1 "$OUT")"

echo "# ASK"
ASK_YES='ASK { pkgid:msit a pkg:Organization }'
ASK_NO='ASK { pkgid:msit a pkg:Person }'
run "$PK" query --store db --format csv -e "$ASK_YES"
expect_rc "ASK (csv)" 0
expect_eq "a true ASK prints true (csv)" "$(printf 'true\r')" "$(cat "$OUT")"
run "$PK" query --store db --format tsv -e "$ASK_NO"
expect_rc "ASK (tsv)" 0
expect_eq "a false ASK prints false (tsv)" false "$(cat "$OUT")"
run "$PK" query --store db --format json -e "$ASK_NO"
expect_rc "ASK (json)" 0
expect_eq "a false ASK is {\"head\":{},\"boolean\":false} (json)" \
	'{"head":{},"boolean":false}' "$(cat "$OUT")"
# The table format answers people in words (tests/unit/test_results.c).
run "$PK" query --store db -e "$ASK_YES"
expect_rc "ASK (table)" 0
expect_eq "a true ASK prints yes (table)" yes "$(cat "$OUT")"
run "$PK" query --store db -e "$ASK_NO"
expect_eq "a false ASK prints no (table)" no "$(cat "$OUT")"

echo "# a query with a syntax error"
run "$PK" query --store db -e 'SELECT ?x WHERE { ?x a }'
expect_rc "query -e with a syntax error" 6
expect_err_line "the message says syntax error" "policykg: error: " "syntax error"
check "nothing on stdout" test ! -s "$OUT"

echo "# query files"
printf '# organizations and their labels\n%s\n' "$ORGS" >orgs.rq
run "$PK" query --store db orgs.rq
expect_rc "query FILE.rq (a relative path)" 0
check "a file gives what -e gives" cmp "$OUT" table.txt
run "$PK" query --store db "$W/orgs.rq"
expect_rc "query FILE.rq (an absolute path)" 0
check "by absolute path too" cmp "$OUT" table.txt
printf 'SELECT ?x\nWHERE { ?x a }\n' >bad.rq
run "$PK" query --store db bad.rq
expect_rc "query a file with a syntax error" 6
expect_err_line "the message names the file and line (bad.rq:2:)" "bad.rq:2:" "syntax error"
if [ -f "$SRC/queries/persons.rq" ]; then
	run "$PK" query --store db "$SRC/queries/persons.rq"
	expect_rc "query queries/persons.rq by path" 0
	cp -- "$OUT" persons.txt
	check "it lists persons" test "$(wc -l <persons.txt)" -gt 3
	run "$PK" query --store db persons
	expect_rc "query persons (by NAME)" 0
	check "by NAME gives what the path gives" cmp "$OUT" persons.txt
else
	pass "queries/persons.rq is not there yet: by-NAME lookup not tested"
fi
run "$PK" query --store db no-such-query
expect_rc "query a NAME that does not exist" 4
expect_err "the message says no such query file" "no-such-query.rq: no such query file"

echo "# a store that does not exist"
run "$PK" query --store no-such-db -e "$ASK_YES"
expect_rc "query --store no-such-db" 5
expect_err_line "the message names it: no such store" "no-such-db" "no such store"
check "the query does not create it" test ! -e no-such-db

echo "# a directory of other files is not a store"
mkdir other
printf 'notes\n' >other/notes.txt
printf 'x' >other/policykg-sp2o.db
before=$(sums other)
run "$PK" load g.ttl --store other
expect_rc "load into a directory of other files" 5
expect_err_line "the message names it" "other" "policykg: error: "
expect_eq "its files are untouched" "$before" "$(sums other)"
check "no other.tmp-*/other.old-* is left" no_store_tmp
run "$PK" query --store other -e "$ASK_YES"
expect_rc "query it" 5
expect_err_line "the message says it is not a store" "other" "not a policykg store"

echo "# a broken Turtle file: nothing is loaded"
count=$(store_count db)
printf '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e .\n' >broken.ttl
run "$PK" load broken.ttl --store db
expect_rc "load broken.ttl (exit 1: a file did not parse)" 1
expect_err_line "the message names the file and line" "broken.ttl:3" "policykg: error: "
expect_eq "the store's count is what it was" "$count" "$(store_count db)"
run "$PK" query --store db -e 'ASK { <http://example.org/a> ?p ?o }'
expect_eq "the good triple before the error was not loaded either" no "$(cat "$OUT")"
check "no db.tmp-*/db.old-* is left" no_store_tmp
run "$PK" load g.ttl broken.ttl --store db
expect_rc "load g.ttl and broken.ttl together" 1
expect_eq "the store's count is still what it was" "$count" "$(store_count db)"
run "$PK" load broken.ttl --store new-db
expect_rc "load broken.ttl into a new store" 1
check "the new store is not created" test ! -e new-db
check "no new-db.tmp-* is left" no_store_tmp

echo "# loading the same file twice"
run "$PK" load g.ttl --store db
expect_rc "load g.ttl again" 0
expect_eq "the count is unchanged" "$count" "$(store_count db)"
check "no db.tmp-*/db.old-* is left" no_store_tmp

echo "# N-Triples load to the same store"
run "$PK" extract -q --rules "$SRC/rules" "$SRC/seeds/" -f ntriples -o g.nt
expect_rc "extract -f ntriples -o g.nt" 0
run "$PK" load g.nt --store nt-db
expect_rc "load g.nt --store nt-db" 0
expect_eq "the N-Triples store holds as many triples" "$count" "$(store_count nt-db)"

finish
