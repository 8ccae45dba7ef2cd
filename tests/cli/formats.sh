#!/usr/bin/env bash
# cli.formats - the output formats.  N-Quads puts each triple in the
# named graph of the document it was read from, so one article's facts can
# be dropped or replaced: the graph of each document must be exactly what
# extracting that article alone gives.  N-Triples and N-Quads are UTF-8
# (rdf/nquads.c, issue 16): a name is found by grep as it is written, no
# \uXXXX.  RDF/XML holds the same triples as Turtle; dot is a Graphviz
# digraph.
#
#   bash tests/cli/formats.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_rapper
cd -- "$W"

extract() {
	"$PK" extract --rules "$SRC/rules" --reference-date 2026-11-23 -q "$@"
}

run extract "$SRC/seeds" -f nquads -o all.nq
expect_rc "extract the seeds as N-Quads" 0
if n=$(rapper_count nquads all.nq); then pass "N-Quads parse ($n quads)"; else fail "N-Quads parse"; fi
# Raptor wrote "\uD589\uC815\uC548\uC804\uBD80"@ko: grep found nothing
check "grep -F finds 행정안전부 in the N-Quads (UTF-8, not \\uXXXX)" \
	grep -qF '"행정안전부"@ko' all.nq
if grep -q '\\u[0-9A-F]\{4\}' all.nq; then
	fail "no \\uXXXX escapes in the N-Quads of the seeds" "$(grep -m 2 '\\u[0-9A-F]\{4\}' all.nq)"
else
	pass "no \\uXXXX escapes in the N-Quads of the seeds"
fi
graphs=$(awk '{print $NF == "." ? $(NF-1) : ""}' all.nq | sort -u | grep -c . || true)
expect_eq "one named graph per seed article" 5 "$graphs"

for f in "$SRC"/seeds/*.txt; do
	id=$(basename "$f" .txt)
	g="<https://w3id.org/policykg/id/document/$id>"
	extract "$f" -f ntriples -o "alone-$id.nt"
	LC_ALL=C sort -u "alone-$id.nt" >"alone-$id.sorted"
	# the quads of this graph, with the graph term cut off
	grep -F -- " $g ." all.nq | sed "s| $g .\$| .|" | LC_ALL=C sort -u >"graph-$id.sorted"
	if cmp -s "alone-$id.sorted" "graph-$id.sorted"; then
		pass "graph $id holds exactly what $id.txt gives alone ($(wc -l <"graph-$id.sorted") triples)"
	else
		fail "graph $id holds exactly what $id.txt gives alone" \
			"$(diff "alone-$id.sorted" "graph-$id.sorted" | head -n 4)"
	fi
done

run extract "$SRC/seeds" -f turtle -o all.ttl
ttl=$(rapper_count turtle all.ttl)
run extract "$SRC/seeds" -f rdfxml -o all.rdf
expect_rc "extract the seeds as RDF/XML" 0
if n=$(rapper_count rdfxml all.rdf); then
	expect_eq "RDF/XML holds as many triples as Turtle" "$ttl" "$n"
else
	fail "RDF/XML parses"
fi

run extract "$SRC/seeds/000_f3690c1b6a91e66d.txt" -f dot -o one.dot
expect_rc "extract a seed as dot" 0
check "dot output is a digraph" grep -q '^digraph' one.dot
check "dot output shows MSIT" grep -q 'pkgid:msit' one.dot

finish
