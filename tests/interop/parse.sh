#!/usr/bin/env bash
# interop.parse - the Turtle, N-Triples and N-Quads that `policykg
# extract` writes for seeds/ and tests/corpus/ parse strictly in three
# independent parsers, and all three find the same number of triples
# (N-Triples and N-Quads are policykg's own writer, src/rdf/nquads.c, in
# UTF-8 since issue 16; Turtle is Raptor's):
#
#   Raptor   rapper -i turtle -c (errors and warnings both fail)
#   rdflib   /usr/bin/python3 (Debian's python3-rdflib)
#   N3.js    tests/js/parse-n3.mjs, format 'text/turtle' (N3 extensions
#            are errors), from BUILD_DIR/js/node_modules
#
# A control shows N3.js really is strict: N3 that is not Turtle fails.
#
#   bash tests/interop/parse.sh POLICYKG SOURCE_DIR [BUILD_DIR]
#
# Fails, not skips, when a parser is missing (`bash scripts/bootstrap.sh
# test` installs them all).
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/../cli/lib.sh"
pk_init "$@"
need_rapper
need_rdflib
need_node_modules
cd -- "$W"

# n3_count FILE [FORMAT]: the triples (quads) N3.js parses in FILE.
n3_count() {
	NODE_PATH=$NODE_MODULES node "$SRC/tests/js/parse-n3.mjs" "$@"
}

# rdflib_count FILE [FORMAT]: turtle (default), nt or nquads.
rdflib_count() {
	"$PY" -c 'import rdflib, sys
fmt = sys.argv[2] if len(sys.argv) > 2 else "turtle"
g = rdflib.Dataset() if fmt == "nquads" else rdflib.Graph()
g.parse(sys.argv[1], format=fmt)
print(sum(1 for _ in g.quads((None, None, None, None))) if fmt == "nquads" else len(g))' "$@"
}

for input in seeds tests/corpus; do
	name=${input##*/}
	echo "# $input/"
	run "$PK" extract -q --rules "$SRC/rules" --reference-date 2026-11-23 "$SRC/$input/" -o "$name.ttl"
	expect_rc "extract $input/ -o $name.ttl" 0
	counts=()
	for parser in rapper rdflib n3; do
		case $parser in
		rapper) run rapper_count turtle "$name.ttl" ;;
		rdflib) run rdflib_count "$name.ttl" ;;
		n3) run n3_count "$name.ttl" ;;
		esac
		expect_rc "$parser parses $name.ttl" 0
		n=$(head -n 1 -- "$OUT")
		check "$parser finds triples in $name.ttl (${n:-none})" test "${n:-0}" -gt 0
		counts+=("${n:--1}")
	done
	expect_eq "rapper, rdflib and N3.js agree on the triple count of $name.ttl" \
		"${counts[0]} ${counts[0]} ${counts[0]}" "${counts[*]}"
done

# The line formats: each parser reads the UTF-8 strictly (rapper counts
# warnings as failures) and all agree on the count.
for input in seeds tests/corpus; do
	name=${input##*/}
	for fmt in ntriples nquads; do
		case $fmt in
		ntriples) ext=nt rdflib_fmt=nt n3_fmt=N-Triples ;;
		nquads) ext=nq rdflib_fmt=nquads n3_fmt=N-Quads ;;
		esac
		echo "# $input/ as $fmt"
		run "$PK" extract -q --rules "$SRC/rules" --reference-date 2026-11-23 -f "$fmt" "$SRC/$input/" -o "$name.$ext"
		expect_rc "extract $input/ -f $fmt" 0
		counts=()
		for parser in rapper rdflib n3; do
			case $parser in
			rapper) run rapper_count "$fmt" "$name.$ext" ;;
			rdflib) run rdflib_count "$name.$ext" "$rdflib_fmt" ;;
			n3) run n3_count "$name.$ext" "$n3_fmt" ;;
			esac
			expect_rc "$parser parses $name.$ext" 0
			n=$(head -n 1 -- "$OUT")
			check "$parser finds statements in $name.$ext (${n:-none})" test "${n:-0}" -gt 0
			counts+=("${n:--1}")
		done
		expect_eq "rapper, rdflib and N3.js agree on the count of $name.$ext" \
			"${counts[0]} ${counts[0]} ${counts[0]}" "${counts[*]}"
	done
done

echo "# N3.js is strict"
printf '@prefix : <http://example.org/> .\n:a :b :c .\n{ :a :b :c } => { :d :e :f } .\n' >n3.ttl
run n3_count n3.ttl
expect_rc "N3.js rejects N3 (a rule) read as Turtle" 1
expect_err "naming the file" "n3.ttl"

finish
