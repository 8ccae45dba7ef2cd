#!/usr/bin/env bash
# cli.store_kill - a load killed with SIGKILL at any moment leaves a store
# that opens and answers with every document of the load either as it was
# before or as the load made it -- never half a document, never a triple
# of the shared index without a document stating it.
#
# A synthetic corpus (synth_nquads.py: 100 documents of 120 triples, with
# organizations several documents share) is loaded in version 1, then
# replaced by version 2, back and forth.  The uninterrupted replacement is
# timed (T), and 20 loads are killed at 20 points spread over T.  Then the
# loader is stopped deterministically at each step of the protocol
# (POLICYKG_TEST_CRASH, store_dir.c), and once during the repair that
# follows.  After every kill the store is opened and read whole: each
# document's quads (GRAPH ?g) must be exactly its old or its new version,
# all documents the same one (a load is one change), and the default graph
# exactly the union of what the documents state.
#
#   bash tests/cli/store_kill.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

SYNTH=$SRC/tests/cli/synth_nquads.py
NDOCS=100
NTRIPLES=120
"$PY" "$SYNTH" "$NDOCS" "$NTRIPLES" 1 v1.nq
"$PY" "$SYNTH" "$NDOCS" "$NTRIPLES" 2 v2.nq

QUADS='SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }'
TRIPLES='SELECT ?s ?p ?o WHERE { ?s ?p ?o }'

# state DB CORPUS OLD NEW WHAT: open DB (repairing it), read it whole and
# check it against CORPUS$OLD.nq and CORPUS$NEW.nq.  Sets STATE to the
# version every document is in (OLD or NEW), or "bad".
state() {
	local db=$1 corpus=$2 old=$3 new=$4 what=$5
	STATE=bad
	run "$PK" stats --store "$db"
	if [ "$RC" -ne 0 ]; then
		fail "$what: the store opens" "exit $RC" "$(last_stderr)"
		return
	fi
	cp -- "$ERR" repair.log
	run "$PK" query --store "$db" -f tsv -e "$QUADS"
	if [ "$RC" -ne 0 ]; then
		fail "$what: the store answers a GRAPH query" "exit $RC" "$(last_stderr)"
		return
	fi
	cp -- "$OUT" quads.tsv
	run "$PK" query --store "$db" -f tsv -e "$TRIPLES"
	if [ "$RC" -ne 0 ]; then
		fail "$what: the store answers a query" "exit $RC" "$(last_stderr)"
		return
	fi
	cp -- "$OUT" triples.tsv
	run "$PY" - "$corpus$old.nq" "$corpus$new.nq" quads.tsv triples.tsv <<'PYEOF'
import sys
from collections import defaultdict

def quads(path):
    docs = defaultdict(set)
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            continue
        body, g = line[:-2].rsplit(" ", 1)
        s, p, o = body.split(" ", 2)
        docs[g].add((s, p, o))
    return docs

old, new = quads(sys.argv[1]), quads(sys.argv[2])
seen = defaultdict(set)
rows = open(sys.argv[3], encoding="utf-8").read().split("\n")[1:]
for r in rows:
    if r:
        g, s, p, o = r.split("\t")
        seen[g].add((s, p, o))
union = set()
for r in open(sys.argv[4], encoding="utf-8").read().split("\n")[1:]:
    if r:
        union.add(tuple(r.split("\t")))
states = {}
bad = []
for g in set(old) | set(new) | set(seen):
    if seen.get(g, set()) == old.get(g, set()):
        states[g] = "old"
    elif seen.get(g, set()) == new.get(g, set()):
        states[g] = "new"
    else:
        bad.append("%s: %d quads, neither version (old %d, new %d)" % (
            g, len(seen.get(g, ())), len(old.get(g, ())), len(new.get(g, ()))))
expect_union = set().union(*seen.values()) if seen else set()
kinds = set(states.values())
if bad:
    print("bad " + "; ".join(bad[:3]))
elif union != expect_union:
    print("bad default graph: %d triples, the documents state %d (%d missing, %d extra)" % (
        len(union), len(expect_union), len(expect_union - union), len(union - expect_union)))
elif len(kinds) != 1:
    print("mixed %d old, %d new" % (list(states.values()).count("old"),
        list(states.values()).count("new")))
else:
    print(kinds.pop())
PYEOF
	case "$(cat "$OUT")" in
	old) STATE=$old; pass "$what: every document is in its old version ($(wc -l <triples.tsv) triples)" ;;
	new) STATE=$new; pass "$what: every document is in its new version ($(wc -l <triples.tsv) triples)" ;;
	*) fail "$what: every document old or every one new" "$(cat "$OUT")" "$(last_stderr)" ;;
	esac
}

now() { date +%s.%N; }

echo "# version 1, then version 2, uninterrupted"
run "$PK" load v1.nq --store db
expect_rc "load v1.nq (${NDOCS} documents)" 0
state db v 1 1 "after loading v1"
t0=$(now)
run "$PK" load v2.nq --store db
t1=$(now)
expect_rc "load v2.nq (every document replaced)" 0
T=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
printf '# replacing %d documents takes %.2f s\n' "$NDOCS" "$T"
state db v 1 2 "after loading v2"
cur=2

echo "# 20 loads killed with SIGKILL at points spread over $(printf '%.2f' "$T") s"
olds=0
news=0
repairs=0
for k in $(seq 0 19); do
	next=$((3 - cur))
	delay=$(awk -v t="$T" -v k="$k" 'BEGIN { printf "%.3f", t * (k + 0.5) / 20 }')
	"$PK" load -q "v$next.nq" --store db >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%.3f' "$delay")"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	state db v "$cur" "$next" "kill $((k + 1))/20 at $(printf '%.2f' "$delay") s"
	if grep -qE 'finished an interrupted|rolled back|rebuilt' repair.log; then
		repairs=$((repairs + 1))
	fi
	if [ "$STATE" = "$next" ]; then
		news=$((news + 1))
	elif [ "$STATE" = "$cur" ]; then
		olds=$((olds + 1))
	fi
	[ "$STATE" = bad ] || cur=$STATE
done
printf '# %d kills left the old version, %d the new; %d needed a repair on opening\n' \
	"$olds" "$news" "$repairs"
check "some kills came before the change was decided, some after" \
	test "$olds" -gt 0 -a "$news" -gt 0

echo "# the loader stopped at each step of a change (POLICYKG_TEST_CRASH)"
"$PY" "$SYNTH" 20 40 1 s1.nq
"$PY" "$SYNTH" 20 40 2 s2.nq
run "$PK" load s1.nq --store small
expect_rc "load s1.nq into a small store" 0
cur=1
# point:expected version after the kill (old: before the commit record)
for spec in parsed:old pending:old pending:3:old commit:new dirty:new \
	rename:new rename:7:new applied:new index:new index:500:new synced:new; do
	point=${spec%:*}
	want=${spec##*:}
	next=$((3 - cur))
	run env POLICYKG_TEST_CRASH="$point" "$PK" load -q "s$next.nq" --store small
	expect_rc "killed at '$point'" 137
	state small s "$cur" "$next" "after a kill at '$point'"
	if [ "$want" = new ]; then
		expect_eq "a kill at '$point' (after the commit record) keeps the change" "$next" "$STATE"
	else
		expect_eq "a kill at '$point' (before the commit record) undoes it" "$cur" "$STATE"
	fi
	[ "$STATE" = bad ] || cur=$STATE
done

echo "# killed again while repairing"
next=$((3 - cur))
run env POLICYKG_TEST_CRASH=dirty "$PK" load -q "s$next.nq" --store small
expect_rc "a load killed after its commit record" 137
run env POLICYKG_TEST_CRASH=rebuild:5 "$PK" query --store small -e 'ASK { ?s ?p ?o }'
expect_rc "the reader repairing it killed in the middle of the rebuild" 137
state small s "$cur" "$next" "after both kills"
expect_eq "the change is kept" "$next" "$STATE"
check "no pending/ is left" test ! -e small/pending
expect_eq "the state file says clean" "index clean" "$(sed -n 2p small/state)"

finish
