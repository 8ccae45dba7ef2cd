#!/usr/bin/env bash
# cli.serve - `policykg serve` (issue 17) asked over loopback by real
# clients: curl for each format and error, Python's SPARQLWrapper and
# rdflib's SPARQLStore as a notebook would.  The store is built from
# seeds/, whose known values the answers must hold: 12 persons, APEC's
# English label, 강도현 among the persons, the ministry msit's timeline.
# The server is stopped with SIGTERM at the end (and killed if the script
# dies first) and must exit 0.
#
#   bash tests/cli/serve.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

need_rdflib
if ! "$PY" -c 'import SPARQLWrapper' >/dev/null 2>&1; then
	printf 'FAIL - %s cannot import SPARQLWrapper (python3-sparqlwrapper)\n' "$PY"
	exit 1
fi
if ! command -v curl >/dev/null 2>&1; then
	printf 'FAIL - curl is not installed\n'
	exit 1
fi

PKG=https://w3id.org/policykg/ontology#
ID=https://w3id.org/policykg/id/
PERSONS='SELECT (COUNT(?p) AS ?n) WHERE { ?p a pkg:Person }'
ORGS="SELECT ?o ?l WHERE { ?o a pkg:Organization ; rdfs:label ?l FILTER(?o = pkgid:apec && LANG(?l) = \"en\") }"
LABELS='CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a pkg:Person ; rdfs:label ?l }'

run "$PK" extract -q --rules "$SRC/rules" --reference-date 2026-11-23 "$SRC/seeds/" --store db
expect_rc "extract seeds/ into a store" 0

# the XML writer serve uses is query's too
run "$PK" query --store db -f xml -e "$ORGS"
expect_rc "query -f xml" 0
check "query -f xml: SPARQL XML with APEC's English label" "$PY" -c '
import sys, xml.etree.ElementTree as ET
ns = {"r": "http://www.w3.org/2005/sparql-results#"}
root = ET.parse(sys.argv[1]).getroot()
lit = root.find(".//r:binding[@name=\"l\"]/r:literal", ns)
assert lit.text == "Asia-Pacific Economic Cooperation", lit.text
assert lit.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"' "$OUT"

SERVER=
stop_server() {
	if [ -n "$SERVER" ]; then
		kill -KILL "$SERVER" 2>/dev/null || true
		wait "$SERVER" 2>/dev/null || true
	fi
}
trap 'stop_server; rm -rf -- "$TMP"' EXIT

# valgrind.serve runs this script with the server under valgrind
# ($PK_SERVE_WRAP): its exit code at SIGTERM then says whether memory was
# used wrongly or lost
${PK_SERVE_WRAP:-} "$PK" serve --store db --port 0 --queries "$SRC/queries" \
	--max-query-bytes 65536 --timeout 2 2>serve.err &
SERVER=$!
PORT=
for _ in $(seq 300); do
	PORT=$(sed -n 's|.*serving db at http://127\.0\.0\.1:\([0-9][0-9]*\)/sparql$|\1|p' serve.err)
	[ -n "$PORT" ] && break
	kill -0 "$SERVER" 2>/dev/null || break
	sleep 0.1
done
if [ -z "$PORT" ]; then
	fail "serve --port 0 says where it listens" "stderr: $(head -n 3 serve.err)"
	SERVER=
	finish
fi
pass "serve --port 0 says where it listens (port $PORT)"
U=http://127.0.0.1:$PORT

# http ARGS...: curl; the body in $OUT, the headers in $HDR, the status in $STATUS
http() {
	RUNS=$((RUNS + 1))
	OUT=$TMP/run/$RUNS.out
	ERR=$TMP/run/$RUNS.err
	HDR=$TMP/run/$RUNS.hdr
	STATUS=$(curl -sS -o "$OUT" -D "$HDR" -w '%{http_code}' "$@" 2>"$ERR") || STATUS=000
}
expect_status() {
	if [ "$STATUS" = "$2" ]; then
		pass "$1 ($2)"
	else
		fail "$1" "expected status $2, got $STATUS" "body: $(head -c 300 -- "$OUT")"
	fi
}
expect_type() {
	if grep -qiF -- "content-type: $2" "$HDR"; then
		pass "$1"
	else
		fail "$1" "expected Content-Type $2" "got: $(grep -i '^content-type' "$HDR")"
	fi
}

# ---- SELECT in each format ----
http -G "$U/sparql" --data-urlencode "query=$PERSONS"
expect_status "GET /sparql: a SELECT" 200
expect_type "JSON is the default" application/sparql-results+json
check "the JSON parses and counts 12 persons" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["head"]["vars"] == ["n"], d
assert d["results"]["bindings"][0]["n"]["value"] == "12", d' "$OUT"

http -G "$U/sparql" --data-urlencode "query=SELECT ?name WHERE { ?p a pkg:Person ; rdfs:label ?name }" \
	-H 'Accept: application/sparql-results+xml'
expect_status "GET /sparql, Accept: SPARQL XML" 200
expect_type "the answer is SPARQL XML" application/sparql-results+xml
check "the XML parses and names 강도현" "$PY" -c '
import sys, xml.etree.ElementTree as ET
ns = {"r": "http://www.w3.org/2005/sparql-results#"}
root = ET.parse(sys.argv[1]).getroot()
names = [l.text for l in root.iterfind(".//r:literal", ns)]
assert "강도현" in names, names' "$OUT"

http -G "$U/sparql" --data-urlencode "query=$ORGS" -H 'Accept: text/csv'
expect_status "GET /sparql, Accept: CSV" 200
expect_type "the answer is CSV" "text/csv"
expect_eq "CSV: the header and APEC's English label" \
	"o,l|${ID}apec,Asia-Pacific Economic Cooperation|" "$(tr -d '\r' <"$OUT" | tr '\n' '|')"

http -G "$U/sparql" --data-urlencode "query=$ORGS" -H 'Accept: text/tab-separated-values'
expect_status "GET /sparql, Accept: TSV" 200
expect_type "the answer is TSV" "text/tab-separated-values"
expect_eq "TSV: terms in Turtle syntax" \
	"$(printf '?o\t?l|<%sapec>\t"Asia-Pacific Economic Cooperation"@en|' "$ID")" "$(tr '\n' '|' <"$OUT")"

http -G "$U/sparql" --data-urlencode "query=ASK { pkgid:apec a pkg:Organization }" \
	-H 'Accept: application/json'
expect_status "GET /sparql: an ASK" 200
expect_out "ASK: true, as JSON" '"boolean":true'

# ---- CONSTRUCT ----
http -G "$U/sparql" --data-urlencode "query=$LABELS"
expect_status "GET /sparql: a CONSTRUCT" 200
expect_type "Turtle is the default for triples" text/turtle
cp -- "$OUT" labels.ttl
http -G "$U/sparql" --data-urlencode "query=$LABELS" -H 'Accept: application/n-triples'
expect_status "a CONSTRUCT as N-Triples" 200
expect_type "the answer is N-Triples" application/n-triples
check "rdflib reads the same labels from the Turtle and the N-Triples, 강도현's among them" \
	"$PY" -c '
import sys, rdflib
t = rdflib.Graph().parse(sys.argv[1], format="turtle")
n = rdflib.Graph().parse(sys.argv[2], format="nt")
assert len(t) >= 12 and set(t) == set(n), (len(t), len(n))
assert rdflib.Literal("강도현", lang="ko") in set(t.objects()), list(t.objects())[:5]' \
	labels.ttl "$OUT"

# ---- POST ----
http "$U/sparql" --data-urlencode "query=$PERSONS"
expect_status "POST /sparql, a form" 200
expect_out "the form's query is answered" '"value":"12"'
http "$U/sparql" -H 'Content-Type: application/sparql-query' --data-binary "$PERSONS" \
	-H 'Accept: text/csv'
expect_status "POST /sparql, application/sparql-query" 200
expect_eq "the body's query is answered, as CSV" "n|12|" "$(tr -d '\r' <"$OUT" | tr '\n' '|')"

# ---- stored queries ----
http "$U/queries/timeline?actor=pkgid:msit&format=tsv"
expect_status "GET /queries/timeline?actor=pkgid:msit" 200
check "every row is msit's, and there are some" "$PY" -c '
import sys
rows = [l.split("\t") for l in open(sys.argv[1], encoding="utf-8").read().splitlines()]
assert rows[0][:2] == ["?date", "?actor"], rows[0]
assert len(rows) > 2 and all(r[1] == "<" + sys.argv[2] + "msit>" for r in rows[1:]), rows' \
	"$OUT" "$ID"
http "$U/queries/persons"
expect_status "GET /queries/persons" 200
expect_out "persons names 강도현" '"강도현"'
http "$U/queries/timeline?nosuch=1"
expect_status "a parameter the query does not have" 400
expect_out "the answer names it" "nosuch"

# ---- errors ----
http -G "$U/sparql" --data-urlencode "query=SELECT ?x WHERE { ?x"
expect_status "a query that does not parse" 400
expect_out "the answer says why" "syntax error"
http -G "$U/sparql" --data-urlencode "query=SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
expect_status "SERVICE is refused" 400
# three copies of every triple joined: far more than 2 s of work
http -G "$U/sparql" --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
expect_status "a query past --timeout" 503
expect_out "the answer says it ran out of time" "no answer within 2 seconds"
http "$U/nowhere"
expect_status "an unknown path" 404
http "$U/queries/nosuch"
expect_status "an unknown stored query" 404
http "$U/queries/..%2F..%2Fetc%2Fpasswd"
expect_status "a stored query name is never a path" 404
http -X PUT "$U/sparql"
expect_status "PUT /sparql" 405
check "405 says what is allowed" grep -qi '^allow: GET, HEAD, POST' "$HDR"
head -c 70000 /dev/zero | tr '\0' ' ' >big.rq
printf 'SELECT * WHERE { ?s ?p ?o }' >>big.rq
http "$U/sparql" -H 'Content-Type: application/sparql-query' --data-binary @big.rq
expect_status "a query over --max-query-bytes" 413
http "$U/sparql" -H 'Content-Type: application/sparql-update' --data-binary 'CLEAR ALL'
expect_status "SPARQL Update is refused: read-only" 403

# ---- the page ----
http "$U/"
expect_status "GET /: the query page" 200
expect_type "it is HTML" text/html
expect_out "it has a query box" '<textarea name="query"'
expect_out "the stored queries are one click away" 'href="/queries/persons"'
expect_no_out "it loads no script" '<script'
expect_no_out "it fetches nothing from elsewhere" 'src="http'

# ---- real clients ----
check "SPARQLWrapper: JSON, XML and a CONSTRUCT as Turtle" "$PY" -c '
import sys, rdflib
from SPARQLWrapper import SPARQLWrapper, JSON, XML, TURTLE
s = SPARQLWrapper(sys.argv[1] + "/sparql")
s.setQuery(sys.argv[2]); s.setReturnFormat(JSON)
assert s.query().convert()["results"]["bindings"][0]["n"]["value"] == "12"
s.setReturnFormat(XML)
assert "12" in s.query().convert().toxml()
s.setMethod("POST")
s.setQuery(sys.argv[3]); s.setReturnFormat(TURTLE)
g = rdflib.Graph().parse(data=s.query().convert(), format="turtle")
assert len(g) >= 12, len(g)' "$U" "$PERSONS" "$LABELS"
check "rdflib SPARQLStore: a Graph over the endpoint" "$PY" -c '
import sys, rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
g = rdflib.Graph(store=SPARQLStore(sys.argv[1] + "/sparql"))
rows = list(g.query("SELECT (COUNT(?p) AS ?n) WHERE { ?p a <%sPerson> }" % sys.argv[2]))
assert int(rows[0][0]) == 12, rows
apec = rdflib.URIRef(sys.argv[3] + "apec")
assert rdflib.Literal("Asia-Pacific Economic Cooperation", lang="en") in \
	set(g.objects(apec, rdflib.RDFS.label))' "$U" "$PKG" "$ID"

# ---- a change while it serves ----
# an idle server keeps the store open (its index still mapped), but lets
# go when a writer asks: forget gets in even with --wait 0, and the next
# query sees the store after the change, whole
DOCS='SELECT (COUNT(?d) AS ?n) WHERE { ?d a pkg:Document }'
http -G "$U/sparql" --data-urlencode "query=$DOCS" -H 'Accept: text/csv'
expect_eq "the store has the five seeds" "n|5|" "$(tr -d '\r' <"$OUT" | tr '\n' '|')"
sleep 0.2
expect_eq "the idle server keeps the index mapped" yes \
	"$(grep -q 'db/index/union.db' "/proc/$SERVER/maps" 2>/dev/null && echo yes || echo no)"
first=$(sed -n '2{s/^<//;s/>.*//;p}' <<<"$("$PK" query --store db -f tsv -e \
	'SELECT ?d WHERE { ?d a pkg:Document } ORDER BY ?d' 2>/dev/null)")
run "$PK" forget -q --wait 0 --store db "${first:-none}"
expect_rc "forget a document while the server holds the store, --wait 0" 0
http -G "$U/sparql" --data-urlencode "query=$DOCS" -H 'Accept: text/csv'
expect_eq "the next query sees it gone" "n|4|" "$(tr -d '\r' <"$OUT" | tr '\n' '|')"

# ---- a clean stop ----
kill -TERM "$SERVER"
rc=0
wait "$SERVER" || rc=$?
SERVER=
expect_eq "SIGTERM stops the server, exit 0" 0 "$rc"
[ "$rc" -eq 0 ] || printf '       %s\n' "$(tail -n 12 serve.err)"
check "it says it stopped" grep -q 'stopping' serve.err
finish
