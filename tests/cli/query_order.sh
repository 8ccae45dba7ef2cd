#!/usr/bin/env bash
# cli.query_order - ORDER BY sorted by store_order.c gives Rasqal's order
# exactly.  Each query runs twice: as written (sorted by store_order.c)
# and with a LIMIT past every row, which store_order.c leaves to Rasqal's
# own ORDER BY; the two answers must be the same bytes.  The data mixes
# what the comparison must get right: unbound values (first, ASC or
# DESC; two unbound end the comparison), blank nodes, IRIs and literals
# in one column, integers (9 before 10), dates, language tags, ties
# (kept in the order Rasqal found them), DESC, several keys, and values
# Rasqal cannot compare (xsd:date against xsd:dateTime), where the query
# runs again with Rasqal's ORDER BY.  --max-rows keeps the first rows of
# the sorted answer.
#
# DISTINCT is done by store_order.c too.  Without ORDER BY its rows are
# Rasqal's exactly; with it, they are the rows Rasqal gives the query
# without DISTINCT, each first one kept: Rasqal itself sorts a DISTINCT
# query by another comparison ("10" before "2"), which is left on
# purpose (store_order.c says why).
#
#   bash tests/cli/query_order.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

{
	echo '@prefix x: <http://e/> .'
	echo '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .'
	for i in $(seq 1 40); do
		printf 'x:s%02d x:n "%d"^^xsd:integer ; x:k "k%d" .\n' "$i" $((i % 13)) $((i % 4))
		[ $((i % 3)) -eq 0 ] || printf 'x:s%02d x:d "2024-%02d-%02d"^^xsd:date .\n' "$i" $((1 + i % 12)) $((1 + i % 27))
		[ $((i % 5)) -ne 0 ] || printf 'x:s%02d x:d "2024-03-01T10:00:00"^^xsd:dateTime .\n' "$i"
		case $((i % 4)) in
		0) printf 'x:s%02d x:v x:o%d .\n' "$i" $((40 - i)) ;;
		1) printf 'x:s%02d x:v "값 %d"@ko .\n' "$i" $((i % 7)) ;;
		2) printf 'x:s%02d x:v _:b%d .\n' "$i" $((i % 3)) ;;
		3) printf 'x:s%02d x:v "v %d" .\n' "$i" $((i % 7)) ;;
		esac
		[ $((i % 6)) -ne 1 ] || printf 'x:s%02d x:v "v %d"@en .\n' "$i" $((i % 7))
	done
} >g.ttl
run "$PK" load g.ttl --store db
expect_rc "load g.ttl --store db" 0

# same_as_rasqal WHAT Q [REF]: Q's answer against Rasqal's answer to REF
# (Q by default; a LIMIT past every row leaves its ORDER BY to Rasqal).
# With REF (Q without DISTINCT), Rasqal's repeated rows are dropped after
# the first.
same_as_rasqal() {
	local what=$1 q=$2 ref=${3:-$2} mine theirs
	run "$PK" query --store db -f tsv -e "$q"
	expect_rc "$what: sorted here" 0
	mine=$(cat "$OUT")
	run "$PK" query --store db -f tsv -e "$ref LIMIT 100000"
	expect_rc "$what: sorted by Rasqal" 0
	if [ $# -ge 3 ]; then
		theirs=$(awk '!seen[$0]++' "$OUT")
	else
		theirs=$(cat "$OUT")
	fi
	expect_eq "$what: the same rows in the same order" "$theirs" "$mine"
}

same_as_rasqal "ORDER BY an IRI column, rows presorted" \
	'SELECT ?s ?n WHERE { ?s <http://e/n> ?n } ORDER BY ?s'
same_as_rasqal "DESC over IRIs" \
	'SELECT ?s WHERE { ?s <http://e/n> ?n } ORDER BY DESC(?s)'
same_as_rasqal "integers compare as numbers, ties keep their order" \
	'SELECT ?s ?n WHERE { ?s <http://e/n> ?n } ORDER BY ?n'
same_as_rasqal "several keys, DESC in the middle" \
	'SELECT ?s ?n ?k WHERE { ?s <http://e/n> ?n ; <http://e/k> ?k } ORDER BY ?k DESC(?n) ?s'
same_as_rasqal "blank < IRI < literal, language tags, in one column" \
	'SELECT ?s ?v WHERE { ?s <http://e/v> ?v } ORDER BY ?v ?s'
same_as_rasqal "DESC over a mixed column" \
	'SELECT ?v ?s WHERE { ?s <http://e/v> ?v } ORDER BY DESC(?v) ?s'
same_as_rasqal "unbound first, ASC" \
	'SELECT ?s ?d WHERE { ?s <http://e/n> ?n OPTIONAL { ?s <http://e/d> ?d FILTER(DATATYPE(?d) = xsd:date) } } ORDER BY ?d ?s'
same_as_rasqal "unbound first, DESC; two unbound end the comparison" \
	'SELECT ?s ?d WHERE { ?s <http://e/n> ?n OPTIONAL { ?s <http://e/d> ?d FILTER(DATATYPE(?d) = xsd:date) } } ORDER BY DESC(?d) DESC(?s)'
same_as_rasqal "STR() and COALESCE() keys" \
	'SELECT ?s ?d ?k WHERE { ?s <http://e/k> ?k OPTIONAL { ?s <http://e/d> ?d } } ORDER BY COALESCE(STR(?d), "") DESC(STR(?s))'
same_as_rasqal "a projected expression as key" \
	'SELECT ?s (COALESCE(?d, ?k) AS ?when) WHERE { ?s <http://e/k> ?k OPTIONAL { ?s <http://e/d> ?d FILTER(DATATYPE(?d) = xsd:date) } } ORDER BY ?when ?s'
same_as_rasqal "DISTINCT without ORDER BY: the first of each row, in Rasqal's order" \
	'SELECT DISTINCT ?k ?v WHERE { ?s <http://e/k> ?k ; <http://e/v> ?v }'
same_as_rasqal "DISTINCT over integers, DESC, as Rasqal without DISTINCT" \
	'SELECT DISTINCT ?n WHERE { ?s <http://e/n> ?n } ORDER BY DESC(?n)' \
	'SELECT ?n WHERE { ?s <http://e/n> ?n } ORDER BY DESC(?n)'
same_as_rasqal "DISTINCT with ties on the key: the first of each keeps its place" \
	'SELECT DISTINCT ?k ?v WHERE { ?s <http://e/k> ?k ; <http://e/v> ?v } ORDER BY ?k' \
	'SELECT ?k ?v WHERE { ?s <http://e/k> ?k ; <http://e/v> ?v } ORDER BY ?k'
same_as_rasqal "DISTINCT, several keys" \
	'SELECT DISTINCT ?k ?n WHERE { ?s <http://e/k> ?k ; <http://e/n> ?n } ORDER BY DESC(?k) ?n' \
	'SELECT ?k ?n WHERE { ?s <http://e/k> ?k ; <http://e/n> ?n } ORDER BY DESC(?k) ?n'
run "$PK" query --store db -f tsv -e 'SELECT DISTINCT ?k WHERE { ?s <http://e/k> ?k } ORDER BY ?k'
expect_eq "DISTINCT drops the repeats" "$(printf '?k\n"k0"\n"k1"\n"k2"\n"k3"')" "$(cat "$OUT")"
same_as_rasqal "xsd:date against xsd:dateTime: Rasqal's ORDER BY again" \
	'SELECT ?s ?d WHERE { ?s <http://e/d> ?d } ORDER BY ?d ?s'
same_as_rasqal "a key that is not projected: Rasqal's ORDER BY" \
	'SELECT ?s WHERE { ?s <http://e/n> ?n } ORDER BY ?n ?s'

run "$PK" query --store db -f tsv --max-rows 3 -e 'SELECT ?s WHERE { ?s <http://e/n> ?n } ORDER BY DESC(?s)'
expect_rc "--max-rows 3 with ORDER BY" 1
expect_eq "--max-rows keeps the first rows of the sorted answer" \
	"$(printf '?s\n<http://e/s40>\n<http://e/s39>\n<http://e/s38>')" "$(cat "$OUT")"

finish
