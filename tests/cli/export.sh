#!/usr/bin/env bash
# cli.export - `policykg export`: its command line, exit codes and output
# handling, and names that collide (renamed, never merged, with a warning
# naming both IRIs).  What the output means is checked by the interop
# tests (interop.kuzu loads the Cypher, interop.neo4j_csv reads the CSV).
#
#   bash tests/cli/export.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

# no_tmp DIR: no NAME.tmp-* or NAME.old-* was left in DIR.
no_tmp() {
	[ -z "$(find "$1" -maxdepth 1 \( -name '*.tmp-*' -o -name '*.old-*' \) -print -quit)" ]
}

run "$PK" extract -q --rules "$SRC/rules" --reference-date 2026-11-23 "$SRC/seeds/" -o g.ttl
expect_rc "extract seeds/ -o g.ttl" 0
run "$PK" extract -q --rules "$SRC/rules" --reference-date 2026-11-23 "$SRC/seeds/" -f ntriples -o g.nt
expect_rc "extract seeds/ -f ntriples -o g.nt" 0

echo "# the command line"
run "$PK" export --help
expect_rc "export --help" 0
for f in cypher kuzu neo4j-csv kuzu-csv; do
	expect_out "--help lists $f" "  $f "
done
run "$PK" export g.ttl
expect_rc "no --format" 2
expect_err "says --format is required" "--format is required"
run "$PK" export --format graphml g.ttl
expect_rc "an unknown format" 2
expect_err "names it" "unknown format 'graphml'"
run "$PK" export --format neo4j-csv g.ttl
expect_rc "neo4j-csv without -o DIR" 2
expect_err "says a directory is needed" "give -o DIR"
run "$PK" export --format cypher g.ttl g.nt
expect_rc "two graph files" 2
run "$PK" export --format cypher
expect_rc "no graph file" 2
run "$PK" export --format neo4j-csv --forget 001_x g.ttl -o csv-forget
expect_rc "--forget with neo4j-csv" 2
run "$PK" export --format kuzu --forget 'has space'
expect_rc "--forget with a name that is no document" 2
expect_err "names it" "--forget 'has space'"

echo "# stdout and -o FILE"
run "$PK" export --format cypher g.ttl
expect_rc "export --format cypher g.ttl (stdout)" 0
cp -- "$OUT" stdout.cypher
check "it is not empty" test -s stdout.cypher
run "$PK" export -f cypher g.ttl -o out.cypher
expect_rc "export -f cypher -o out.cypher" 0
check "-o FILE holds what stdout got" cmp stdout.cypher out.cypher
check "nothing on stdout with -o" test ! -s "$OUT"
run "$PK" export --format cypher g.ttl -o again.cypher
check "a second run gives the same bytes" cmp out.cypher again.cypher
run "$PK" export --format cypher g.nt -o nt.cypher
expect_rc "N-Triples in (by the name .nt)" 0
sed 's|/g\.nt\([ \x27]\)|/g.ttl\1|g' nt.cypher >nt-renamed.cypher
check "the same Cypher from N-Triples as from Turtle (but the document's name)" cmp out.cypher nt-renamed.cypher
run "$PK" export --format kuzu g.ttl -o out.kuzu
expect_rc "export --format kuzu -o out.kuzu" 0
check "the kuzu dialect declares its tables" grep -q '^CREATE NODE TABLE IF NOT EXISTS Resource(' out.kuzu
check "no temporary file is left" no_tmp .

echo "# documents: N-Quads graphs, --forget"
run "$PK" extract -q --rules "$SRC/rules" --reference-date 2026-11-23 "$SRC/seeds/" -f nquads -o g.nq
expect_rc "extract seeds/ -f nquads -o g.nq" 0
run "$PK" export --format kuzu g.nq
expect_rc "export --format kuzu g.nq" 0
expect_out "its header counts the five articles" "5 documents,"
expect_out "it takes them out first" "list_contains(['https://w3id.org/policykg/id/document/000_f3690c1b6a91e66d', "
run "$PK" export --format kuzu g.ttl
expect_out "Turtle is one document, named after the file" "list_contains(['file://${W// /%20}/g.ttl'], x)"
run "$PK" export --format cypher --forget 001_9ff96b011dd8fe9d --forget pkgid:document/002_x --forget http://example.org/d
expect_rc "export --forget only" 0
expect_out "it takes those three out" "x IN ['http://example.org/d', 'https://w3id.org/policykg/id/document/001_9ff96b011dd8fe9d', 'https://w3id.org/policykg/id/document/002_x']"

echo "# a graph that cannot be read or parsed leaves the old output"
before=$(checksum out.cypher)
run "$PK" export --format cypher no-such.ttl -o out.cypher
expect_rc "a missing graph file" 4
expect_err_line "the message names it" "no-such.ttl" "policykg: error: "
printf '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e .\n' >broken.ttl
run "$PK" export --format cypher broken.ttl -o out.cypher
expect_rc "a broken Turtle file" 4
expect_err_line "the message names the file and line" "broken.ttl:3" "policykg: error: "
expect_eq "out.cypher is as it was" "$before" "$(checksum out.cypher)"
run "$PK" export --format cypher g.ttl -o no-such-dir/out.cypher
expect_rc "an output in a missing directory" 4
check "no temporary file is left" no_tmp .

echo "# -o DIR for neo4j-csv"
run "$PK" export --format neo4j-csv g.ttl -o csv
expect_rc "export --format neo4j-csv -o csv (new)" 0
first=$(sums csv)
run "$PK" export --format neo4j-csv g.ttl -o csv/
expect_rc "again over the previous export (csv/)" 0
expect_eq "the same files, the same bytes" "$first" "$(sums csv)"
mkdir empty
run "$PK" export --format neo4j-csv g.ttl -o empty
expect_rc "into an empty directory" 0
expect_eq "the same files" "$first" "$(sums empty)"
mkdir mine
printf 'notes\n' >mine/notes.txt
run "$PK" export --format neo4j-csv g.ttl -o mine
expect_rc "into a directory holding other files" 4
expect_err "the message names the foreign file" "notes.txt"
expect_eq "it is untouched" "notes.txt" "$(ls mine)"
run "$PK" export --format neo4j-csv broken.ttl -o csv
expect_rc "a broken graph over the previous export" 4
expect_eq "the previous export is as it was" "$first" "$(sums csv)"
printf 'x\n' >plain
run "$PK" export --format neo4j-csv g.ttl -o plain
expect_rc "over a file that is not a directory" 4
check "no temporary directory is left" no_tmp .

echo "# names that collide"
cat >coll.ttl <<'EOF'
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
ex:a rdfs:label "가"@ko ; ex:label_ko "not a label" .
EOF
run "$PK" export --format neo4j-csv coll.ttl -o coll
expect_rc "export a graph whose ex:label_ko is also rdfs:label@ko's name" 0
expect_err_line "a warning names both IRIs and the new name" \
	"<http://www.w3.org/2000/01/rdf-schema#label>@ko and <http://example.org/label_ko> are both the property label_ko" \
	"the second is written as label_ko_"
renamed=$(sed -n 's/.*the second is written as \(label_ko_[0-9a-f]*\).*/\1/p' "$ERR")
check "the nodes file has a column of the new name ($renamed)" \
	bash -c '[ -n "$2" ] && head -n 1 "$1" | grep -q ",$2\b"' _ coll/nodes.csv "$renamed"
expect_eq "each holds its own value" '가,not a label' \
	"$(python3 -c 'import csv, sys; r = next(csv.DictReader(open(sys.argv[1]))); print(r["label_ko"] + "," + r[sys.argv[2]])' coll/nodes.csv "$renamed")"
run "$PK" export --format neo4j-csv coll.ttl -o coll2
expect_eq "the same name again" "$(sums coll)" "$(sums coll2)"
run "$PK" export -q --format neo4j-csv coll.ttl -o coll3
expect_rc "export -q" 0
check "-q: nothing on stderr" test ! -s "$ERR"
expect_eq "-q: the same files" "$(sums coll)" "$(sums coll3)"

finish
