#!/usr/bin/env bash
# cli.store_concurrent - readers and a writer at the same time.  While one
# process loads version 1 and version 2 of a synthetic corpus in turn, two
# readers query the store over and over, one failing fast (--wait 0), one
# waiting.  Every answer must be a whole version -- all documents 1 or all
# 2, none missing -- or a clear "store is busy" (exit 5); never another
# exit code, a crash or a half-loaded store.
#
#   bash tests/cli/store_concurrent.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

SYNTH=$SRC/tests/cli/synth_nquads.py
NDOCS=60
"$PY" "$SYNTH" "$NDOCS" 120 1 v1.nq
"$PY" "$SYNTH" "$NDOCS" 120 2 v2.nq
VERSIONS='SELECT ?d ?v WHERE { ?d pkg:version ?v } ORDER BY ?d'

run "$PK" load v1.nq --store db
expect_rc "load v1.nq" 0

# reader NAME WAIT: query until writer.done exists; one line per answer in
# NAME.log: "ok VERSIONS ROWS", "busy" or "bad RC: first stderr line".
reader() {
	local name=$1 wait=$2 rc out err
	out=$TMP/run/$name.out
	err=$TMP/run/$name.err
	while [ ! -e writer.done ]; do
		rc=0
		"$PK" query --store db --wait "$wait" -f tsv -e "$VERSIONS" >"$out" 2>"$err" || rc=$?
		if [ "$rc" -eq 0 ]; then
			printf 'ok %s %s\n' "$(tail -n +2 "$out" | cut -f2 | LC_ALL=C sort -u | tr -d '"\n')" \
				"$(($(wc -l <"$out") - 1))" >>"$name.log"
		elif [ "$rc" -eq 5 ] && grep -q 'store is busy' "$err"; then
			echo busy >>"$name.log"
		else
			printf 'bad %s: %s\n' "$rc" "$(head -n 1 "$err")" >>"$name.log"
		fi
		sleep 0.02
	done
}

: >fast.log
: >patient.log
reader fast 0 &
r1=$!
reader patient 30 &
r2=$!
writes_ok=0
writes_busy=0
for i in 1 2 3 4 5 6; do
	v=$((2 - i % 2))
	rc=0
	"$PK" load -q --wait 30 "v$v.nq" --store db 2>writer.err || rc=$?
	if [ "$rc" -eq 0 ]; then
		writes_ok=$((writes_ok + 1))
	elif [ "$rc" -eq 5 ] && grep -q 'store is busy' writer.err; then
		writes_busy=$((writes_busy + 1))
	else
		fail "load $i exits 0 or 'store is busy'" "exit $rc" "$(head -n 2 writer.err)"
	fi
	sleep 0.1
done
touch writer.done
wait "$r1" "$r2"

printf '# writer: %d loads done, %d busy\n' "$writes_ok" "$writes_busy"
for name in fast patient; do
	printf '# %s reader: %d whole answers, %d busy, %d other\n' "$name" \
		"$(grep -c '^ok' "$name.log" || true)" "$(grep -c '^busy' "$name.log" || true)" \
		"$(grep -vc -e '^ok' -e '^busy' "$name.log" || true)"
	expect_eq "$name reader: no exit code but 0 and 5 (busy)" "" \
		"$(grep -v -e '^ok' -e '^busy' "$name.log" | head -n 3)"
	expect_eq "$name reader: every answer is one whole version of all $NDOCS documents" "" \
		"$(grep '^ok' "$name.log" | grep -vxE "ok [12] $NDOCS" | head -n 3)"
	check "$name reader: it got answers" grep -q '^ok' "$name.log"
done
check "the fast reader was told the store is busy at least once" grep -q '^busy' fast.log
check "the readers saw both versions come and go" \
	sh -c 'cat fast.log patient.log | grep -q "^ok 1 " && cat fast.log patient.log | grep -q "^ok 2 "'
expect_eq "the patient reader was never turned away" 0 "$(grep -c '^busy' patient.log || true)"
check "most loads got through" test "$writes_ok" -ge 4

run "$PK" stats --store db
expect_rc "the store opens afterwards" 0
expect_out "with all its documents" "documents   $NDOCS"

finish
