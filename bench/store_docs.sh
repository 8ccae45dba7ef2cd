#!/usr/bin/env bash
# store_docs.sh - what a store of documents costs: the figures of the
# README's "The store" section.
#
#   bash bench/store_docs.sh POLICYKG [DOCS [TRIPLES [STORE]]]
#
# STORE is where the store is made: a new directory in a temporary
# directory by default, or postgresql://user@host:port/database (an empty
# database).
# Builds a synthetic corpus with tests/cli/synth_nquads.py (DOCS documents
# of TRIPLES triples, default 1000 x 100, with organizations several
# documents share; version 2 of each document differs in most triples) in
# a temporary directory, then times with the policykg given:
#
#   load         the corpus into a new store
#   reload       the same file again (every document unchanged)
#   replace      version 2 of every document
#   one doc      one changed document into the full store
#   forget one   one document out of it
#   rebuild      opening the store after a load was killed past its commit
#                record (the index rebuilt from docs/)
#   query        a join over the store (queries/persons.rq shape), warm
#
# and prints the sizes of docs/ and index/.  Single runs on whatever the
# machine is doing: read them as orders of magnitude.
set -euo pipefail
PK=$(realpath -- "$1")
DOCS=${2:-1000}
TRIPLES=${3:-100}
STORE=${4:-db}
SRC=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/policykg-bench.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT
cd -- "$TMP"

/usr/bin/python3 "$SRC/tests/cli/synth_nquads.py" "$DOCS" "$TRIPLES" 1 v1.nq
/usr/bin/python3 "$SRC/tests/cli/synth_nquads.py" "$DOCS" "$TRIPLES" 2 v2.nq
# one document changed: version 2 of document 0 only
grep -F '/document/synth-0000> .' v2.nq >one.nq

t() {
	local what=$1 t0 t1
	shift
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>err.log
	t1=$(date +%s.%N)
	awk -v w="$what" -v a="$t0" -v b="$t1" 'BEGIN { printf "| %-12s | %8.2f s |\n", w, b - a }'
}

echo "$DOCS documents, $(wc -l <v1.nq) quads ($(du -h v1.nq | cut -f1) of N-Quads)"
echo
echo "| step         |     time |"
echo "| ------------ | -------: |"
t "load" "$PK" load -q v1.nq --store "$STORE"
t "reload" "$PK" load -q v1.nq --store "$STORE"
t "replace" "$PK" load -q v2.nq --store "$STORE"
t "one doc" "$PK" load -q one.nq --store "$STORE"
t "forget one" "$PK" forget -q --store "$STORE" synth-0001
POLICYKG_TEST_CRASH=commit "$PK" load -q v1.nq --store "$STORE" >/dev/null 2>&1 || true
t "rebuild" "$PK" query --store "$STORE" -e 'ASK { ?s ?p ?o }'
t "query" "$PK" query --store "$STORE" -e \
	'SELECT ?p ?n ?o ?on WHERE { ?p <https://w3id.org/policykg/ontology#evidence> ?m .
	 ?p <http://www.w3.org/2000/01/rdf-schema#label> ?n .
	 ?m <https://w3id.org/policykg/ontology#sentence> ?o . }'
echo
"$PK" stats --store "$STORE" | head -4
if [ -d "$STORE" ]; then
	echo "docs/   $(du -sh "$STORE/docs" | cut -f1)"
	echo "index/  $(du -sh "$STORE/index" | cut -f1)"
fi
