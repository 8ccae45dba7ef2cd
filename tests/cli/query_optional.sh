#!/usr/bin/env bash
# cli.query_optional - query shapes Rasqal 0.9.33 answered wrongly or by
# scanning through librdf's own triples source, which store_match.c
# replaces: a group that starts with a type pattern and has OPTIONALs
# (each agreement with two parties came out once per status triple of the
# whole store), OPTIONALs sharing variables with what came before, two
# OPTIONALs binding the same variable, patterns whose three parts are all
# bound when they run, UNION then OPTIONAL, and VALUES or BIND first.  Each gives
# over a small store the rows rdflib gives for the same graph.  And a
# GRAPH ?g over a pattern without variables names only the documents that
# state it (librdf's source looked in every document).
#
#   bash tests/cli/query_optional.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_rdflib
cd -- "$W"

# Agreements with one, two or three parties; labels in ko, en, both or
# none (one with two ko labels); kinds, statuses and dates only on some;
# statuses also on things that are not agreements.
"$PY" - >g.ttl <<'PYEOF'
print("@prefix pkg: <https://w3id.org/policykg/ontology#> .")
print("@prefix x: <https://w3id.org/policykg/id/> .")
print("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .")
print("@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .")
for i in range(24):
    a = "x:a%d" % i
    kinds = ["pkg:Agreement"] + (["pkg:MOU"] if i % 3 == 0 else []) + \
        (["pkg:Declaration"] if i % 5 == 0 else [])
    print("%s a %s ." % (a, ", ".join(kinds)))
    for k in range(1 + i % 3):
        print("%s pkg:party x:p%d ." % (a, (i + 2 * k) % 9))
    if i % 2 == 0:
        print('%s pkg:status pkg:Concluded .' % a)
    if i % 4 != 3:
        print('%s pkg:signedOn "2024-%02d-%02d"^^xsd:date .' % (a, 1 + i % 12, 1 + i))
    if i % 5 == 2:
        print('%s pkg:startDate "2024-%02d-%02d"^^xsd:date .' % (a, 1 + i % 12, 1 + i))
    if i % 3 != 1:
        print('%s rdfs:label "협정 %d"@ko .' % (a, i))
    if i % 2 == 1:
        print('%s rdfs:label "Agreement %d"@en .' % (a, i))
    if i == 6:
        print('%s rdfs:label "다른 이름"@ko .' % a)
for j in range(9):
    if j % 4 != 0:
        print('x:p%d a pkg:Organization ; rdfs:label "기관 %d"@ko .' % (j, j))
    if j % 2 == 0:
        print('x:p%d rdfs:label "Org %d"@en .' % (j, j))
    print('x:p%d pkg:status pkg:Active .' % j)
for k in range(30):
    print('x:other%d pkg:status pkg:Concluded ; rdfs:label "기타 %d"@ko .' % (k, k))
for e in range(6):
    print('x:e%d a pkg:Event ; pkg:participant x:p%d ; pkg:startDate "2024-05-%02d"^^xsd:date .'
          % (e, e % 4, 1 + e))
PYEOF
run "$PK" load g.ttl --store db
expect_rc "load g.ttl --store db" 0

n=0
: >cases.txt
case_() {
	n=$((n + 1))
	printf '%s\n' "$2" >"q-$n.rq"
	run "$PK" query --store db -f tsv "q-$n.rq"
	if [ "$RC" -ne 0 ]; then
		fail "$1" "exit $RC" "$(last_stderr)"
		return
	fi
	cp -- "$OUT" "case-$n.tsv"
	printf '%s\t%s\n' "$n" "$1" >>cases.txt
}
case_ "type first, then OPTIONALs on the subject" \
	'SELECT * WHERE { ?a a pkg:Agreement . ?a pkg:party ?p .
	  OPTIONAL { ?a pkg:status ?s } OPTIONAL { ?a pkg:signedOn ?d } }'
case_ "OPTIONALs on a variable of the second pattern" \
	'SELECT * WHERE { ?a a pkg:Agreement . ?a pkg:party ?p .
	  OPTIONAL { ?p rdfs:label ?ko . FILTER(LANG(?ko) = "ko") }
	  OPTIONAL { ?p rdfs:label ?en . FILTER(LANG(?en) = "en") } }'
case_ "the last pattern fully bound when it runs" \
	'SELECT * WHERE { ?a pkg:party ?p . ?a a pkg:Agreement . ?p a pkg:Organization }'
case_ "an OPTIONAL whose filter rejects some of its rows" \
	'SELECT * WHERE { ?a pkg:party ?p . ?a a pkg:Agreement .
	  OPTIONAL { ?a a ?kind . FILTER(?kind != pkg:Agreement) }
	  OPTIONAL { ?a rdfs:label ?name . FILTER(LANG(?name) = "ko") } }'
case_ "two OPTIONALs binding the same variable" \
	'SELECT * WHERE { ?a a pkg:Agreement .
	  OPTIONAL { ?a pkg:signedOn ?date } OPTIONAL { ?a pkg:startDate ?date } }'
case_ "UNION, then OPTIONALs" \
	'SELECT * WHERE { { ?t pkg:party ?x . BIND("party" AS ?r) }
	  UNION { ?t pkg:participant ?x . BIND("participant" AS ?r) }
	  OPTIONAL { ?t pkg:signedOn ?d } OPTIONAL { ?t pkg:startDate ?d }
	  OPTIONAL { ?t rdfs:label ?l . FILTER(LANG(?l) = "en") } }'
case_ "an OPTIONAL of two patterns" \
	'SELECT * WHERE { ?a a pkg:Agreement .
	  OPTIONAL { ?a pkg:party ?p . ?p rdfs:label ?pl . FILTER(LANG(?pl) = "en") } }'
case_ "VALUES first" \
	'SELECT * WHERE { VALUES (?p) { (<https://w3id.org/policykg/id/p2>) }
	  ?a pkg:party ?p . ?a a pkg:Agreement . OPTIONAL { ?a pkg:status ?s } }'
case_ "BIND first (how --param binds), then a UNION" \
	'SELECT * WHERE { BIND(<https://w3id.org/policykg/id/p2> AS ?x)
	  { ?t pkg:party ?x } UNION { ?t pkg:participant ?x }
	  OPTIONAL { ?t pkg:signedOn ?d } OPTIONAL { ?x rdfs:label ?l } }'
case_ "BIND first, both ends of a pattern" \
	'SELECT * WHERE { BIND(<https://w3id.org/policykg/id/a4> AS ?a)
	  BIND(<https://w3id.org/policykg/id/p6> AS ?p) ?a pkg:party ?p .
	  OPTIONAL { ?a pkg:status ?s } }'
case_ "a variable twice in one pattern" \
	'SELECT * WHERE { ?a pkg:party ?p . OPTIONAL { ?a ?q ?a } }'
case_ "OPTIONAL inside OPTIONAL" \
	'SELECT * WHERE { ?a a pkg:Agreement .
	  OPTIONAL { ?a pkg:party ?p . OPTIONAL { ?p rdfs:label ?l } } }'
case_ "a FILTER over OPTIONALs" \
	'SELECT * WHERE { ?a a pkg:Agreement . OPTIONAL { ?a pkg:status ?s }
	  OPTIONAL { ?a rdfs:label ?l . FILTER(LANG(?l) = "ko") }
	  FILTER(!BOUND(?s) || BOUND(?l)) }'
case_ "a FILTER between OPTIONALs" \
	'SELECT * WHERE { ?a pkg:party ?p . OPTIONAL { ?a pkg:status ?s }
	  FILTER(?p != <https://w3id.org/policykg/id/p3>)
	  OPTIONAL { ?p rdfs:label ?l . FILTER(LANG(?l) = "ko") } }'
case_ "a sub-SELECT, then a pattern and an OPTIONAL" \
	'SELECT * WHERE { { SELECT ?a WHERE { ?a a pkg:MOU } }
	  ?a pkg:party ?p . OPTIONAL { ?p rdfs:label ?l } }'
case_ "COUNT over an OPTIONAL" \
	'SELECT ?p (STR(COUNT(*)) AS ?n) WHERE { ?a pkg:party ?p .
	  OPTIONAL { ?a pkg:status ?s } } GROUP BY ?p'
case_ "a UNION branch without the OPTIONAL's variable" \
	'SELECT * WHERE { { ?a pkg:party ?p } UNION { ?e pkg:participant ?p }
	  OPTIONAL { ?a pkg:status ?s } }'
case_ "an OPTIONAL after a FILTER on the left" \
	'SELECT * WHERE { { ?a pkg:party ?p . FILTER(?p != <https://w3id.org/policykg/id/p1>) }
	  OPTIONAL { ?a pkg:signedOn ?d } OPTIONAL { ?p rdfs:label ?l } }'

run env PYTHONPATH="$SRC/tests/cli" "$PY" - g.ttl cases.txt <<'PYEOF'
import sys
import rdflib
from sparql_rows import n3, verdict

data, cases = sys.argv[1:3]
prologue = ("PREFIX pkg: <https://w3id.org/policykg/ontology#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
g = rdflib.Graph()
g.parse(data, format="turtle")

bad = 0
for line in open(cases, encoding="utf-8"):
    num, what = line.rstrip("\n").split("\t")
    text = open("q-%s.rq" % num, encoding="utf-8").read()
    res = g.query(prologue + text)
    lines = open("case-%s.tsv" % num, encoding="utf-8").read().split("\n")
    cols = [c.lstrip("?") for c in lines[0].split("\t")]
    want = ["\t".join(n3(row[c]) for c in cols) for row in res]
    bad += verdict(what, [r for r in lines[1:] if r], want, require_rows=True)
sys.exit(1 if bad else 0)
PYEOF
report_rows "$OUT"
expect_rc "every shape gives what rdflib gives" 0

echo "# GRAPH ?g over a pattern without variables: only the documents stating it"
D=https://w3id.org/policykg/id/document
cat >two.nq <<EOF
<http://e/a> <http://e/p> <http://e/b> <$D/one> .
<http://e/a> <http://e/p> <http://e/c> <$D/two> .
<http://e/a> <http://e/q> <http://e/b> <$D/two> .
EOF
run "$PK" load two.nq --store db2
expect_rc "load two.nq --store db2" 0
run "$PK" query --store db2 -f tsv -e 'SELECT ?g WHERE { GRAPH ?g { <http://e/a> <http://e/p> <http://e/b> } }'
expect_rc "query GRAPH ?g { <a> <p> <b> }" 0
expect_eq "names document one only (librdf's own source said both)" \
	"$(printf '?g\n<%s/one>' "$D")" "$(cat "$OUT")"

finish
