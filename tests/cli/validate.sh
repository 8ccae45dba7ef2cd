#!/usr/bin/env bash
# cli.validate - `policykg validate` runs the SHACL shapes of the ontology
# contract (ontology/shapes.ttl) through rdf-validate-shacl: the graphs of
# seeds/ and tests/corpus/ conform; a hand-made graph that breaks the
# contract in known ways gives exit 1 and a report naming each violation's
# focus node and path (and nothing else); correct values of the five date
# datatypes pass and wrong ones do not; files that are not Turtle, or
# N3 rather than Turtle, and missing files are errors (exit 4); without
# Node.js or its npm packages it exits 7 saying how to install them.
# N-Triples and N-Quads are read too, by the name or --format: the named
# graphs of N-Quads validated as their union (the seeds' N-Quads as their
# Turtle; the broken graph split over two graphs, one violation only in
# their union, reported as from the Turtle).
#
#   bash tests/cli/validate.sh POLICYKG SOURCE_DIR [BUILD_DIR]
#
# Needs node and BUILD_DIR/js/node_modules (`bash scripts/bootstrap.sh
# test` installs them); fails, not skips, without them.
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_node_modules
need_rapper
export POLICYKG_NODE_MODULES=$NODE_MODULES
cd -- "$W"

SHAPES=$SRC/ontology/shapes.ttl
EXTRACT=(extract -q --rules "$SRC/rules" --reference-date 2026-11-23)

echo "# the extractor's graphs conform"
run "$PK" "${EXTRACT[@]}" "$SRC/seeds/" -o seeds.ttl
expect_rc "extract seeds/ -o seeds.ttl" 0
run "$PK" "${EXTRACT[@]}" "$SRC/tests/corpus/" -o corpus.ttl
expect_rc "extract tests/corpus/ -o corpus.ttl" 0
for g in seeds corpus; do
	run "$PK" validate "$g.ttl"
	expect_rc "validate $g.ttl (the default shapes)" 0
	expect_out "$g.ttl: it says it conforms" "$g.ttl: conforms to shapes.ttl"
	if [ "$RC" -ne 0 ]; then
		sed 's/^/       /' "$OUT" | head -n 40
	fi
	run "$PK" validate --shapes "$SHAPES" "$g.ttl"
	expect_rc "validate --shapes ontology/shapes.ttl $g.ttl" 0
done
run env -u POLICYKG_NODE_MODULES "$PK" validate seeds.ttl
expect_rc "without POLICYKG_NODE_MODULES it finds the packages beside the binary" 0

echo "# a graph that breaks the contract"
# Full IRIs through one prefix per kind: a '/' is not allowed in a
# prefixed name's local part (pkgid:agreement/x is not Turtle).
cat >broken.ttl <<'EOF'
@prefix pkg: <https://w3id.org/policykg/ontology#> .
@prefix pkgid: <https://w3id.org/policykg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix document: <https://w3id.org/policykg/id/document/> .
@prefix mention: <https://w3id.org/policykg/id/mention/> .
@prefix agreement: <https://w3id.org/policykg/id/agreement/> .
@prefix person: <https://w3id.org/policykg/id/person/> .
@prefix position: <https://w3id.org/policykg/id/position/> .

# correct: a document, two actors, a person, a mention
document:d a pkg:Document, prov:Entity ; dcterms:title "제목"@ko ;
    dcterms:issued "2024-05-10"^^xsd:date .
pkgid:msit a pkg:GovernmentBody, pkg:Organization, pkg:Actor ;
    rdfs:label "과학기술정보통신부"@ko, "Ministry of Science and ICT"@en ;
    pkg:mentionedIn document:d .
pkgid:country-kr a pkg:Country, pkg:Actor ; rdfs:label "대한민국"@ko .
person:hong a pkg:Person, pkg:Actor ; rdfs:label "홍길동"@ko ;
    pkg:mentionedIn document:d ; pkg:position position:two-orgs .
mention:ok a pkg:Mention ; pkg:document document:d ;
    pkg:sentence "과기정통부는 양해각서를 체결했다."@ko ;
    pkg:start 0 ; pkg:end 18 ; pkg:matchStart 0 ; pkg:matchEnd 17 ;
    pkg:rule "agreement.test" .
# correct: every one of the five date datatypes, well formed
agreement:good-dates a pkg:Agreement, pkg:MOU ; rdfs:label "협약"@ko ;
    pkg:party pkgid:msit ; pkg:evidence mention:ok ; pkg:mentionedIn document:d ;
    pkg:signedOn "2024-02-29"^^xsd:date, "2023-11"^^xsd:gYearMonth,
        "2014"^^xsd:gYear, "--02-29"^^xsd:gMonthDay, "---22"^^xsd:gDay .

# 1. an agreement without a party
agreement:no-party a pkg:Agreement, pkg:MOU ; rdfs:label "양해각서"@ko ;
    pkg:evidence mention:ok ; pkg:mentionedIn document:d ;
    pkg:status pkg:Concluded .
# 2. a mention without a rule
mention:no-rule a pkg:Mention ; pkg:document document:d ;
    pkg:sentence "과기정통부는 양해각서를 체결했다."@ko ;
    pkg:start 0 ; pkg:end 18 ; pkg:matchStart 0 ; pkg:matchEnd 17 .
# 3. a date of a datatype the contract does not allow
agreement:bad-datatype a pkg:Agreement, pkg:MOU ; rdfs:label "협약 2"@ko ;
    pkg:party pkgid:msit ; pkg:evidence mention:no-rule ; pkg:mentionedIn document:d ;
    pkg:signedOn "2024-05-10T10:00:00"^^xsd:dateTime .
# 4. a position with two organizations
position:two-orgs a pkg:Position ; pkg:title "장관"@ko ;
    pkg:organization pkgid:msit, pkgid:country-kr ;
    pkg:evidence mention:ok ; pkg:mentionedIn document:d .
# 5. allowed datatypes, ill-formed values: a gDay without its "---", a
#    29 February of a common year
agreement:bad-dates a pkg:Agreement, pkg:MOU ; rdfs:label "협약 3"@ko ;
    pkg:party pkgid:msit ; pkg:evidence mention:ok ; pkg:mentionedIn document:d ;
    pkg:signedOn "22"^^xsd:gDay, "2023-02-29"^^xsd:date .
EOF
run "$PK" validate broken.ttl
expect_rc "validate broken.ttl" 1
# violation FOCUS PATH: one report line names both.
violation() {
	if grep -F -- "$2 $3" "$OUT" | grep -qF -- "$4"; then
		pass "$1: '$2 $3 ...$4'"
	else
		fail "$1" "expected a report line starting '$2 $3' with '$4'" \
			"report: $(head -n 12 -- "$OUT")"
	fi
}
violation "an agreement without a party" pkgid:agreement/no-party "pkg:party:" "pkg:Actor"
violation "a mention without a rule" pkgid:mention/no-rule "pkg:rule:" "pkg:rule"
violation "a date of a wrong datatype" pkgid:agreement/bad-datatype \
	'pkg:signedOn "2024-05-10T10:00:00"^^xsd:dateTime:' "xsd:gDay"
violation "a position with two organizations" pkgid:position/two-orgs "pkg:organization:" "exactly one"
violation "a gDay without ---" pkgid:agreement/bad-dates 'pkg:signedOn "22"^^xsd:gDay:' "xsd:gDay"
violation "29 February 2023" pkgid:agreement/bad-dates 'pkg:signedOn "2023-02-29"^^xsd:date:' "xsd:date"
expect_out "a summary counts them" "broken.ttl: 6 violations of shapes.ttl in 5 resources"
expect_eq "nothing else is reported" 6 "$(grep -c '^pkgid:' "$OUT" || true)"
expect_no_out "the five date datatypes, well formed, pass" "good-dates"
expect_no_out "the correct mention passes" "pkgid:mention/ok "
check "the report is sorted" bash -c 'grep "^pkgid:" "$1" | LC_ALL=C sort -c' _ "$OUT"

echo "# N-Triples and N-Quads"
for g in seeds corpus; do
	dir=$SRC/seeds/
	[ "$g" = seeds ] || dir=$SRC/tests/corpus/
	run "$PK" "${EXTRACT[@]}" -f nquads "$dir" -o "$g.nq"
	expect_rc "extract -f nquads -o $g.nq" 0
	run "$PK" validate "$g.ttl"
	triples=$(sed -n 's/.*conforms to shapes.ttl (\([0-9]*\) triples).*/\1/p' "$OUT")
	run "$PK" validate "$g.nq"
	expect_rc "validate $g.nq (N-Quads by the name)" 0
	expect_out "$g.nq: the union of its graphs, as many triples as $g.ttl ($triples)" \
		"$g.nq: conforms to shapes.ttl ($triples triples, "
done
run "$PK" "${EXTRACT[@]}" -f ntriples "$SRC/seeds/" -o seeds.nt
run "$PK" validate seeds.nt
expect_rc "validate seeds.nt (N-Triples by the name)" 0
cp seeds.nq seeds.data
run "$PK" validate --format nquads seeds.data
expect_rc "validate --format nquads, whatever the name" 0
run "$PK" validate -f turtle seeds.nq
expect_rc "N-Quads read as Turtle (-f turtle)" 4
expect_err_line "the error names the file and line" "seeds.nq:1:" "not valid Turtle"
run "$PK" validate -f trig seeds.nq
expect_rc "an unknown --format" 2
# broken.ttl as N-Quads in two graphs: the position's second organization
# alone in the second graph (so only their union has two), one triple in
# both (once in the union).
rapper -q -i turtle -o ntriples broken.ttl >broken.nt
G1='<https://w3id.org/policykg/id/document/g1>'
G2='<https://w3id.org/policykg/id/document/g2>'
awk -v g1="$G1" -v g2="$G2" '
	/position\/two-orgs> <[^>]*#organization> <[^>]*country-kr>/ { sub(/ \.$/, " " g2 " ."); print; next }
	/mention\/ok> <[^>]*#rule>/ { line = $0; sub(/ \.$/, " " g2 " .", line); print line }
	{ sub(/ \.$/, " " g1 " ."); print }' broken.nt >broken.nq
expect_eq "broken.nq has the triples of broken.ttl and one twice" \
	"$(($(wc -l <broken.nt) + 1))" "$(grep -c 'document/g[12]> \.$' broken.nq)"
run "$PK" validate broken.ttl
grep '^pkgid:' "$OUT" >broken-ttl.report || true
run "$PK" validate broken.nq
expect_rc "validate broken.nq" 1
expect_eq "the same violations as broken.ttl" "$(cat broken-ttl.report)" "$(grep '^pkgid:' "$OUT" || true)"
expect_out "the position's two organizations, in two graphs, are found" "pkgid:position/two-orgs pkg:organization:"
expect_out "a summary counts them" "broken.nq: 6 violations of shapes.ttl in 5 resources"
printf '<http://e/a> <http://e/b> <http://e/c> <http://e/g> <http://e/h> .\n' >bad.nq
run "$PK" validate bad.nq
expect_rc "a line that is not N-Quads" 4
expect_err_line "the error names the file and line" "bad.nq:1:" "not valid N-Quads"
check "no report" test ! -s "$OUT"

echo "# files that are not Turtle"
printf 'This is not Turtle.\n' >not.ttl
run "$PK" validate not.ttl
expect_rc "a text file" 4
expect_err_line "the error names the file and line" "not.ttl:1:" "not valid Turtle"
check "no report" test ! -s "$OUT"
printf '@prefix : <http://example.org/> .\n:a :b :c .\n{ :a :b :c } => { :d :e :f } .\n' >n3.ttl
run "$PK" validate n3.ttl
expect_rc "N3 (a rule), strictly not Turtle" 4
expect_err "the error names its line" "n3.ttl:3:"
run "$PK" validate missing.ttl
expect_rc "a file that does not exist" 4
expect_err "it is named" "missing.ttl"
run "$PK" validate --shapes not.ttl seeds.ttl
expect_rc "shapes that are not Turtle" 4
expect_err "the error names the shapes file" "not.ttl:1:"

echo "# without the SHACL engine"
mkdir empty
run env POLICYKG_NODE_MODULES="$W/empty" "$PK" validate seeds.ttl
expect_rc "npm packages missing" 7
expect_err "it names the package" "n3"
expect_err "and says how to install it" "bash scripts/bootstrap.sh test"
run env PATH=/nonexistent "$PK" validate seeds.ttl
expect_rc "node not on PATH" 7
expect_err "it says Node.js is needed" "Node.js"

echo "# the command line"
run "$PK" validate
expect_rc "no FILE" 2
run "$PK" validate a.ttl b.ttl
expect_rc "two FILEs" 2
run "$PK" validate --help
expect_rc "validate --help" 0
expect_out "it starts with the usage" "usage: policykg validate"
run "$PK" --help
check "policykg --help lists validate" grep -qE '^  validate ' "$OUT"

finish
