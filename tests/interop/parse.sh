#!/usr/bin/env bash
# interop.parse - the Turtle that `policykg extract` writes for seeds/ and
# tests/corpus/ parses strictly in three independent parsers, and all three
# find the same number of triples:
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

# n3_count FILE: the triples N3.js parses in FILE.
n3_count() {
	NODE_PATH=$NODE_MODULES node "$SRC/tests/js/parse-n3.mjs" "$1"
}

# rdflib_count FILE
rdflib_count() {
	"$PY" -c 'import rdflib, sys
g = rdflib.Graph()
g.parse(sys.argv[1], format="turtle")
print(len(g))' "$1"
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

echo "# N3.js is strict"
printf '@prefix : <http://example.org/> .\n:a :b :c .\n{ :a :b :c } => { :d :e :f } .\n' >n3.ttl
run n3_count n3.ttl
expect_rc "N3.js rejects N3 (a rule) read as Turtle" 1
expect_err "naming the file" "n3.ttl"

finish
