#!/usr/bin/env bash
# cli.explain - `policykg explain`: for the position 배경훈 holds, every
# piece of evidence is printed as its sentence with the matched span
# between ⟦ and ⟧, and the rule (position.*) that fired; for pkgid:msit,
# a gazetteer actor without evidence, the documents it is mentioned in and
# the posts pointing at it.  The same from a Turtle file (--graph) and from
# a store (--store).  The expected marks are computed independently, by
# rdflib from the Mentions' code-point offsets.  Unknown and malformed
# IRIs and missing graphs fail with the documented exit codes.
#
#   bash tests/cli/explain.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_rdflib
cd -- "$W"

ID=https://w3id.org/policykg/id/
PERSON="<${ID}person/baegyeonghun>"

echo "# extract seeds/ and load the graph into a store"
run "$PK" extract -q --rules "$SRC/rules" --reference-date 2026-11-23 "$SRC/seeds/" -o g.ttl
expect_rc "extract seeds/ -o g.ttl" 0
run "$PK" load -q g.ttl --store db
expect_rc "load g.ttl --store db" 0

echo "# find the position of pkgid:person/baegyeonghun"
run "$PK" query --store db -f tsv -e "SELECT ?pos WHERE { $PERSON pkg:position ?pos } ORDER BY ?pos"
expect_rc "query the positions of baegyeonghun" 0
POS=$(sed -n '2s/^<\(.*\)>$/\1/p' "$OUT")
check "baegyeonghun holds a position (${POS:-none})" test -n "$POS"
POS_SHORT=pkgid:${POS#"$ID"}

# marks FILE IRI: each sentence of IRI's evidence with the match marked,
# one per line, computed by rdflib from pkg:start and pkg:matchStart/End.
marks() {
	"$PY" - "$1" "$2" <<'PYEOF'
import sys, rdflib
PKG = rdflib.Namespace("https://w3id.org/policykg/ontology#")
g = rdflib.Graph()
g.parse(sys.argv[1], format="turtle")
for m in g.objects(rdflib.URIRef(sys.argv[2]), PKG.evidence):
    s = str(g.value(m, PKG.sentence))
    start = int(g.value(m, PKG.start))
    a = int(g.value(m, PKG.matchStart)) - start
    b = int(g.value(m, PKG.matchEnd)) - start
    print(s[:a] + "\u27e6" + s[a:b] + "\u27e7" + s[b:])
PYEOF
}
run marks g.ttl "$POS"
expect_rc "rdflib computes the marked sentences" 0
cp -- "$OUT" marks.txt
check "the position has evidence" test -s marks.txt
check "a marked span holds the name 배경훈" grep -qE '⟦[^⟧]*배경훈[^⟧]*⟧' marks.txt

# explain_position WHAT ARGS...: the evidence of $POS as explained.
explain_position() {
	local what=$1 line n=0 missing=0
	shift
	run "$PK" explain "$@"
	expect_rc "explain $what" 0
	expect_out "$what: the position's IRI heads the output" "$POS_SHORT"
	expect_out "$what: its type is shown" "type: pkg:Position"
	while IFS= read -r line; do
		n=$((n + 1))
		grep -qF -- "    $line" "$OUT" || missing=$((missing + 1))
	done <marks.txt
	expect_eq "$what: all $n evidence sentences are shown, the right span marked" 0 "$missing"
	expect_out "$what: the rule is shown" "rule: position."
	check "$what: the rule lines are as many as the sentences" \
		test "$(grep -c '^    rule: position\.' "$OUT")" -eq "$n"
	expect_out "$what: the holder points at it" "pkgid:person/baegyeonghun  pkg:position"
	expect_no_out "$what: no terminal escapes when stdout is a file" $'\033['
}

echo "# explain the position from the Turtle file"
explain_position "--graph, prefixed IRI" --graph g.ttl "$POS_SHORT"
explain_position "--graph, <IRI>" --graph g.ttl "<$POS>"

echo "# explain the position from the store"
explain_position "--store, full IRI" --store db "$POS"

# mentioned_in FILE IRI: the documents IRI is pkg:mentionedIn, shortened.
mentioned_in() {
	"$PY" - "$1" "$2" <<'PYEOF'
import sys, rdflib
PKG = rdflib.Namespace("https://w3id.org/policykg/ontology#")
g = rdflib.Graph()
g.parse(sys.argv[1], format="turtle")
for d in sorted(g.objects(rdflib.URIRef(sys.argv[2]), PKG.mentionedIn)):
    print(str(d).replace("https://w3id.org/policykg/id/", "pkgid:"))
PYEOF
}
run mentioned_in g.ttl "${ID}msit"
expect_rc "rdflib lists the documents mentioning msit" 0
cp -- "$OUT" docs.txt
check "msit is mentioned in some document" test -s docs.txt

# explain_msit WHAT ARGS...
explain_msit() {
	local what=$1 doc missing=0
	shift
	run "$PK" explain "$@"
	expect_rc "explain pkgid:msit $what" 0
	expect_out "$what: its Korean label" "label: 과학기술정보통신부 (ko)"
	expect_out "$what: no evidence, the documents instead" "no evidence; mentioned in $(wc -l <docs.txt) documents:"
	while IFS= read -r doc; do
		grep -qxF -- "  $doc" "$OUT" || missing=$((missing + 1))
	done <docs.txt
	expect_eq "$what: every document mentioning msit is listed" 0 "$missing"
	expect_out "$what: the position points at msit" "$POS_SHORT  pkg:organization"
}

echo "# explain pkgid:msit (no evidence)"
explain_msit "--graph" --graph g.ttl pkgid:msit
explain_msit "--store" --store db pkgid:msit

echo "# errors"
run "$PK" explain --graph g.ttl pkgid:no-such-thing
expect_rc "an IRI the graph does not have" 1
expect_err "it is named" "pkgid:no-such-thing: not in g.ttl"
check "nothing is written to stdout" test ! -s "$OUT"
run "$PK" explain --store db pkgid:no-such-thing
expect_rc "an IRI the store does not have" 1
run "$PK" explain --graph g.ttl 'pkgid:a b'
expect_rc "a malformed IRI" 2
run "$PK" explain --graph missing.ttl pkgid:msit
expect_rc "a graph file that does not exist" 4
printf '<a> <b> .\n' >broken.ttl
run "$PK" explain --graph broken.ttl pkgid:msit
expect_rc "a graph file that does not parse" 4
expect_err "the parse error names the file and line" "broken.ttl:1:"
run "$PK" explain pkgid:msit
expect_rc "neither --graph nor --store" 2
run "$PK" explain --graph g.ttl --store db pkgid:msit
expect_rc "both --graph and --store" 2

finish
