#!/usr/bin/env bash
# cli.parse_rapper - the Turtle that `policykg extract` writes is read back
# by Raptor's rapper without an error or a warning, and holds the same
# triples as the N-Triples output.
#
#   bash tests/cli/parse_rapper.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_rapper
cd -- "$W"

echo "# extract seeds/ -o g.ttl"
run "$PK" extract --rules "$SRC/rules" "$SRC/seeds/" -o g.ttl
expect_rc "extract seeds/ -o g.ttl" 0
check "g.ttl was written and is not empty" test -s g.ttl
ndocs=$(find "$SRC/seeds" -type f | wc -l)
expect_err "extract reports what it wrote" "wrote g.ttl: $ndocs documents, "
reported=$(sed -n 's/.*wrote g\.ttl: [0-9]* documents, \([0-9]*\) triples$/\1/p' "$ERR")

echo "# rapper -i turtle -c g.ttl"
if nttl=$(rapper_count turtle g.ttl); then
	pass "rapper parses g.ttl as Turtle, no errors or warnings ($nttl triples)"
else
	fail "rapper parses g.ttl as Turtle, no errors or warnings"
	nttl=-1
fi
check "the graph is not empty" test "$nttl" -gt 0
expect_eq "rapper's count equals the count extract reported" "$reported" "$nttl"

echo "# extract seeds/ -f ntriples (stdout)"
run "$PK" extract --rules "$SRC/rules" "$SRC/seeds/" -f ntriples
expect_rc "extract seeds/ -f ntriples" 0
cp -- "$OUT" g.nt
if nnt=$(rapper_count ntriples g.nt); then
	pass "rapper parses the output as N-Triples ($nnt triples)"
else
	fail "rapper parses the output as N-Triples"
	nnt=-2
fi
expect_eq "Turtle and N-Triples hold the same number of triples" "$nttl" "$nnt"
expect_eq "the N-Triples output has one triple per line" "$nnt" "$(grep -c . g.nt || true)"

echo "# the same triples, not only the same number"
# Without blank nodes (the graph uses IRIs only, see src/store/store.c) the two
# serializations, both rewritten by rapper and sorted, must be equal.
if grep -q '_:' g.nt; then
	fail "the graph has no blank nodes" "$(grep -m 2 '_:' g.nt)"
else
	pass "the graph has no blank nodes"
	{ rapper -q -i turtle -o ntriples g.ttl || true; } | LC_ALL=C sort >from-ttl.nt
	{ rapper -q -i ntriples -o ntriples g.nt || true; } | LC_ALL=C sort >from-nt.nt
	check "rapper reads triples from g.ttl" test -s from-ttl.nt
	check "rapper reads the same triples from g.ttl and from the N-Triples" \
		cmp -s from-ttl.nt from-nt.nt
fi

finish
