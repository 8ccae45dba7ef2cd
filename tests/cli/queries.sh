#!/usr/bin/env bash
# cli.queries - the questions in queries/: each named query, with and
# without its parameters, gives over the seeds' store exactly the rows
# rdflib gives for the same SPARQL over the same graph (Rasqal 0.9.33 has
# bugs with OPTIONAL and FILTER that this would catch); `--param` binds
# values as RDF terms, so no value can change the query; `--list` shows
# the queries and their parameters.
#
#   bash tests/cli/queries.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_rdflib
cd -- "$W"

RULES=(--rules "$SRC/rules" --reference-date 2026-11-23)
ID=https://w3id.org/policykg/id
run "$PK" extract -q "${RULES[@]}" "$SRC/seeds/" -o g.ttl
expect_rc "extract seeds/ -o g.ttl" 0
run "$PK" load g.ttl --store db
expect_rc "load g.ttl --store db" 0

# Each case: NAME [--param k=v ...]; policykg's answer goes to case-N.tsv
# and the case line to cases.txt for the rdflib side.
n=0
: >cases.txt
case_() {
	n=$((n + 1))
	run "$PK" query --store db -f tsv "$@"
	if [ "$RC" -ne 0 ]; then
		fail "query $*" "exit $RC" "$(last_stderr)"
		return
	fi
	cp -- "$OUT" "case-$n.tsv"
	printf '%s\t%s\n' "$n" "$*" >>cases.txt
}
case_ agreements
case_ agreements --param party=pkgid:msit
case_ agreements --param party=pkgid:country-gb
case_ timeline
case_ timeline --param actor=pkgid:msit
case_ events
case_ events --param from=2024-05-01 --param to=2024-05-31
case_ events --param from=2025-01-01
case_ evidence
case_ evidence --param "fact=<$ID/agreement/yanghaegagseo-mou-mofa-msit>"
case_ together --param a=pkgid:msit --param b=pkgid:apec
case_ together --param a=pkgid:msit --param b=pkgid:mofa
case_ persons
case_ persons --param org=pkgid:msit
case_ persons --param person=pkgid:person/baegyeonghun
case_ documents
case_ organizations
case_ countries

run env PYTHONPATH="$SRC/tests/cli" "$PY" - "$SRC/queries" g.ttl cases.txt <<'PYEOF'
import re, sys
import rdflib
from rdflib import Literal, URIRef, XSD
from sparql_rows import n3, verdict

qdir, data, cases = sys.argv[1:4]
PREFIXES = {
    "pkg": "https://w3id.org/policykg/ontology#",
    "pkgid": "https://w3id.org/policykg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}
prologue = "".join("PREFIX %s: <%s>\n" % kv for kv in PREFIXES.items())
g = rdflib.Graph()
g.parse(data, format="turtle")

def term(v):
    if v.startswith("<") and v.endswith(">"):
        return URIRef(v[1:-1])
    m = re.match(r"^([a-z]+):(.*)$", v)
    if m and m.group(1) in PREFIXES:
        return URIRef(PREFIXES[m.group(1)] + m.group(2))
    if re.match(r"^\d{4}-\d\d-\d\d$", v):
        return Literal(v, datatype=XSD.date)
    return Literal(v)

bad = 0
for line in open(cases, encoding="utf-8"):
    num, args = line.rstrip("\n").split("\t")
    words = args.split(" ")
    name = words[0]
    init = {}
    for i, w in enumerate(words):
        if w == "--param":
            k, v = words[i + 1].split("=", 1)
            init[k] = term(v)
    text = open("%s/%s.rq" % (qdir, name), encoding="utf-8").read()
    want = sorted("\t".join(n3(x) for x in row)
                  for row in g.query(prologue + text, initBindings=init))
    got = open("case-%s.tsv" % num, encoding="utf-8").read().split("\n")[1:]
    bad += verdict(args, [r for r in got if r], want)
sys.exit(1 if bad else 0)
PYEOF
report_rows "$OUT"
expect_rc "every named query gives what rdflib gives" 0
for n in 2 5 7 10 11 14; do
	check "case $n has rows (a parameter that binds something)" \
		test "$(wc -l <"case-$n.tsv")" -gt 1
done

echo "# --param values are data, never query text"
run "$PK" query --store db -f tsv -e 'SELECT ?o WHERE { ?s rdfs:label ?o }' \
	--param 'o="과학기술정보통신부"@ko'
expect_rc "a language-tagged literal" 0
expect_eq "binds it" 2 "$(wc -l <"$OUT")"
run "$PK" query --store db -f tsv -e 'SELECT ?s WHERE { ?s rdfs:label ?o }' \
	--param 'o=x" } UNION { ?s ?p ?o } #'
expect_rc "a bare value with quotes and braces" 0
expect_eq "is one plain literal: nothing matches" 1 "$(wc -l <"$OUT")"
run "$PK" query --store db -f tsv -e 'SELECT ?s WHERE { ?s rdfs:label ?o }' \
	--param 'o=\u0022 } UNION { ?s ?p ?o } #'
expect_rc "a \\u escape in a bare value" 0
expect_eq "stays a backslash and a u: nothing matches" 1 "$(wc -l <"$OUT")"
for v in '"x" } UNION { ?s ?p ?o' '<http://x> } UNION { ?s ?p ?o }' \
	'pkgid:msit> . ?s ?p ?o' '<http://x/a b>' '"x"@ko } #' '"x"^^<http://x> }' \
	'"unterminated' 'nosuch:prefix'; do
	run "$PK" query --store db agreements --param "party=$v"
	if [ "$v" = 'nosuch:prefix' ]; then
		expect_rc "'$v' is a plain literal" 0
		check "that matches nothing" test "$(wc -l <"$OUT")" -le 3
	else
		expect_rc "--param party='$v' is refused" 2
		expect_err "with a message naming it" "--param party="
	fi
done
run "$PK" query --store db agreements --param nosuch=pkgid:msit
expect_rc "a parameter the query does not declare" 2
expect_err "the message lists the ones it has" "(it has: party)"
run "$PK" query --store db -e 'SELECT ?s WHERE { ?s ?p ?o }' --param x=1
expect_rc "a variable an ad-hoc query does not have" 2
expect_err "says so" "the query has no variable ?x"
run "$PK" query --store db together --param a=pkgid:msit
expect_rc "a required parameter missing" 2
expect_err "says which" "--param b is required"
run "$PK" query --store db agreements --param party
expect_rc "--param without =" 2

echo "# --list"
run "$PK" query --list
expect_rc "query --list" 0
for q in agreements timeline persons events evidence together; do
	check "lists $q" grep -qx "$q" "$OUT"
done
expect_out "with its parameters" "--param actor=IRI"

finish
