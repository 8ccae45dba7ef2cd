#!/usr/bin/env bash
# cli.queries - the questions in queries/: each named query, with and
# without its parameters, gives over the seeds' store exactly the rows
# rdflib gives for the same SPARQL over the same graph (Rasqal 0.9.33 has
# bugs with OPTIONAL and FILTER that this would catch); `--param` binds
# values as RDF terms, so no value can change the query; `--list` shows
# the queries and their parameters.  The limits of issue 14: SERVICE is
# refused without --allow-service (and no connection is made), --timeout
# stops a query that gives no row before its end, --max-rows cuts the
# answer and says so (exit 1); COUNT over nothing is one row with 0.
#
#   bash tests/cli/queries.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_rdflib
need_rapper
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

echo "# limits on a query (issue 14)"
# A listener on a free port counts the connections a query makes.
"$PY" - listener.port listener.log <<'PYEOF' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
s.settimeout(60)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
try:
    while True:
        c, _ = s.accept()
        open(sys.argv[2], "a").write("connected\n")
        c.close()
except OSError:
    pass
PYEOF
listener=$!
for _ in $(seq 100); do [ -s listener.port ] && break; sleep 0.1; done
port=$(cat listener.port)
: >listener.log
printf '# calls out\nSELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE <http://127.0.0.1:%s/sparql> { ?s ?p ?x }\n}\n' \
	"$port" >service.rq
run "$PK" query --store db service.rq
expect_rc "a query with SERVICE is refused" 6
expect_err_line "naming FILE:LINE and the service" "service.rq:4: SERVICE <http://127.0.0.1:$port/sparql>" \
	"refused (--allow-service lets it)"
run "$PK" query --store db -e "SELECT ?s WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:$port/> { ?s ?p ?o } } } }"
expect_rc "SERVICE inside a subquery is refused too" 6
check "no connection was made" test ! -s listener.log
printf 'PREFIX ex: <http://x/>\n# SERVICE <http://127.0.0.1:%s/>\nSELECT ?s WHERE { ?s ex:SERVICE "SERVICE <http://127.0.0.1:%s/>" }\n' \
	"$port" "$port" >not-service.rq
run "$PK" query --store db not-service.rq
expect_rc "SERVICE in a comment, a string and a name is no SERVICE" 0
run "$PK" query --store db --allow-service service.rq
expect_rc "--allow-service lets it run (the listener hangs up: the query fails)" 6
expect_no_err "and it is not refused" "refused"
check "the query went out" test -s listener.log
kill "$listener" 2>/dev/null || true
wait "$listener" 2>/dev/null || true

# the seeds' 1,300-odd triples: a cross product of three patterns is
# over 2 billion rows
ntriples=$(rapper_count turtle g.ttl)
cross='SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }'
start=$(date +%s)
run "$PK" query --store db --timeout 1 -e "$cross"
expect_rc "--timeout 1 on a cross product that gives no row before its end" 6
expect_err "says the time ran out" "query: no answer within 1 seconds"
check "and stops within seconds" test $(($(date +%s) - start)) -lt 20
expect_eq "nothing is printed" "" "$(cat "$OUT")"
run "$PK" query --store db --timeout 1 -e 'SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a'
expect_rc "--timeout 1 while ORDER BY gathers rows" 6
run "$PK" query --store db -f tsv --max-rows 3 -e 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }'
expect_rc "--max-rows 3 over more rows exits 1" 1
expect_eq "prints the header and 3 rows" 4 "$(wc -l <"$OUT")"
expect_err "and warns that the answer was cut" "the answer has more than 3 rows; only the first 3 were printed (--max-rows)"
run "$PK" query --store db -f tsv --max-rows 0 -e 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }'
expect_rc "--max-rows 0 is no limit" 0
expect_eq "every triple" "$ntriples" "$(($(wc -l <"$OUT") - 1))"
run "$PK" query --store db -f tsv --max-rows "$ntriples" -e 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }'
expect_rc "--max-rows N with exactly N rows is the whole answer" 0
for bad in '--timeout -1' '--timeout x' '--max-rows -3' '--max-rows 1e3'; do
	run "$PK" query --store db $bad persons
	expect_rc "$bad is a usage error" 2
done
run "$PK" query --store db -f tsv -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:nothing> ?o }'
expect_rc "COUNT over no solutions" 0
expect_eq "is one row with 0, as SPARQL says" \
	"$(printf '?n\n"0"^^<http://www.w3.org/2001/XMLSchema#integer>')" "$(cat "$OUT")"
run "$PK" query --help
expect_out "--help gives the default time limit" "(default 60; 0: no limit)"
expect_out "--help gives the default row limit" "(default 1000000; 0: no limit)"

finish
