#!/usr/bin/env bash
# cli.parse_rdflib - a second, independent Turtle parser (Python's rdflib,
# Debian's python3-rdflib under /usr/bin/python3) reads the graph that
# `policykg extract` writes, finds as many triples as rapper, and reads the
# Korean labels back intact.
#
#   bash tests/cli/parse_rdflib.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_rapper
need_rdflib
cd -- "$W"

echo "# extract seeds/ -o g.ttl"
run "$PK" extract --rules "$SRC/rules" "$SRC/seeds/" -o g.ttl
expect_rc "extract seeds/ -o g.ttl" 0

echo "# rdflib parses g.ttl"
run "$PY" -c 'import rdflib, sys
g = rdflib.Graph()
g.parse(sys.argv[1], format="turtle")
print(len(g))' g.ttl
expect_rc "rdflib parses g.ttl as Turtle" 0
nrdflib=$(head -n 1 -- "$OUT")
if nrapper=$(rapper_count turtle g.ttl); then
	pass "rapper parses g.ttl ($nrapper triples)"
else
	fail "rapper parses g.ttl"
	nrapper=-1
fi
expect_eq "rdflib's triple count equals rapper's" "$nrapper" "$nrdflib"

echo "# rdflib reads the Korean literals back"
# pkgid:msit is fixed by the ontology contract; its Korean label is the
# ministry's name.
run "$PY" -c 'import rdflib, sys
from rdflib.namespace import RDFS
g = rdflib.Graph()
g.parse(sys.argv[1], format="turtle")
msit = rdflib.URIRef("https://w3id.org/policykg/id/msit")
for o in sorted(g.objects(msit, RDFS.label)):
    print("%s@%s" % (o, o.language))' g.ttl
expect_rc "rdflib lists the labels of pkgid:msit" 0
expect_out "pkgid:msit has the label \"과학기술정보통신부\"@ko" "과학기술정보통신부@ko"

finish
