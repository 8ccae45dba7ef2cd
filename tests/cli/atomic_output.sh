#!/usr/bin/env bash
# cli.atomic_output - `policykg extract -o FILE` writes FILE whole or not
# at all: a run that fails (output directory missing, broken rules, no
# readable input) creates nothing and leaves an existing FILE as it was,
# and no temporary FILE.tmp-* is ever left behind, not even by a run
# killed with SIGINT or SIGTERM.
#
#   bash tests/cli/atomic_output.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

extract() {
	"$PK" extract --rules "$SRC/rules" "$@"
}
seed=$SRC/seeds/004_6fc6f874443db889.txt

# The expected outputs, made outside the directory under test.
mkdir "$TMP/expected"
extract -q "$SRC/seeds/" -o "$TMP/expected/all.ttl"
extract -q "$seed" -o "$TMP/expected/one.ttl"

echo "# -o into a directory that does not exist"
run extract "$SRC/seeds/" -o "$W/missing/dir/g.ttl"
expect_rc "extract -o missing/dir/g.ttl" 4
expect_err_line "the message names the path" "$W/missing/dir/g.ttl" "policykg: error: "
check "nothing is created (not even missing/)" test ! -e "$W/missing"
check "no *.tmp-* file is left" no_tmp_files "$W"

echo "# a good run writes g.ttl, an ordinary file"
run extract "$SRC/seeds/" -o g.ttl
expect_rc "extract seeds/ -o g.ttl" 0
check "g.ttl holds the graph" cmp g.ttl "$TMP/expected/all.ttl"
expect_eq "g.ttl has the mode umask 022 gives (644), not mkstemp's 600" 644 "$(stat -c %a g.ttl)"
check "no *.tmp-* file is left" no_tmp_files "$W"
before=$(checksum g.ttl)

echo "# a run with broken rules leaves g.ttl untouched"
cp -R -- "$SRC/rules" broken-rules
printf '\n[rule cli-test-x]\nyield = position\npattern = (?<name>abc\n' >>broken-rules/persons.rules
run "$PK" extract --rules broken-rules "$SRC/seeds/" -o g.ttl
expect_rc "extract with broken rules" 3
expect_eq "g.ttl is unchanged (same checksum)" "$before" "$(checksum g.ttl)"
check "no *.tmp-* file is left" no_tmp_files "$W"

echo "# a run where no input can be read leaves g.ttl untouched"
run extract "$W/no-such-article.txt" -o g.ttl
expect_rc "extract a nonexistent path" 1
expect_err_line "the missing input is named" "$W/no-such-article.txt" "policykg: error: "
expect_err "it says g.ttl was not written" "g.ttl not written"
expect_eq "g.ttl is unchanged (same checksum)" "$before" "$(checksum g.ttl)"
check "no *.tmp-* file is left" no_tmp_files "$W"
run extract "$W/no-such-article.txt" -o new.ttl
expect_rc "the same run with a new output name" 1
check "new.ttl is not created" test ! -e new.ttl

echo "# -o naming an existing directory"
mkdir outdir
run extract "$SRC/seeds/" -o outdir
expect_rc "extract -o outdir (a directory)" 4
expect_err_line "the message names it" "outdir" "policykg: error: "
check "outdir is still an empty directory" \
	test -d outdir -a -z "$(ls -A outdir)"
check "no *.tmp-* file is left" no_tmp_files "$W"

echo "# some inputs unreadable: exit 1, the rest is written"
run extract "$seed" "$W/no-such-article.txt" -o g.ttl
expect_rc "extract a seed and a nonexistent path" 1
check "g.ttl now holds the one readable seed's graph" cmp g.ttl "$TMP/expected/one.ttl"
check "no *.tmp-* file is left" no_tmp_files "$W"

echo "# a good run replaces g.ttl"
run extract "$SRC/seeds/" -o g.ttl
expect_rc "extract seeds/ -o g.ttl again" 0
check "g.ttl holds the whole graph again" cmp g.ttl "$TMP/expected/all.ttl"
check "no *.tmp-* file is left" no_tmp_files "$W"

echo "# stdout that cannot be written"
if [ -c /dev/full ]; then
	run extract "$SRC/seeds/"
	cp -- "$OUT" stdout.ttl
	check "extract to stdout gives the graph" cmp stdout.ttl "$TMP/expected/all.ttl"
	RC=0
	extract "$SRC/seeds/" >/dev/full 2>"$ERR" || RC=$?
	expect_rc "extract seeds/ >/dev/full" 4
	expect_err_line "the message says stdout" "stdout" "policykg: error: "
else
	pass "stdout that cannot be written: skipped, no /dev/full here"
fi

echo "# -o naming a FIFO: written through, not replaced by a file"
# Replacing a non-regular file by rename() would, for a root user running
# `-o /dev/null`, replace /dev/null itself; so a FIFO stands in for it.
mkfifo out.fifo
timeout 10 cat out.fifo >fifo.got &
reader=$!
RC=0
timeout 20 "$PK" extract -q --rules "$SRC/rules" "$SRC/seeds/" -o out.fifo 2>"$TMP/run/fifo.err" || RC=$?
ERR=$TMP/run/fifo.err
expect_rc "extract -o out.fifo" 0
if [ -p out.fifo ]; then
	pass "out.fifo is still a FIFO"
	wait "$reader" || true
	check "the reader of the FIFO got the graph" cmp fifo.got "$TMP/expected/all.ttl"
else
	fail "out.fifo is still a FIFO" "it was replaced by: $(stat -c %F out.fifo 2>&1)"
	kill "$reader" 2>/dev/null || true
	wait "$reader" 2>/dev/null || true
	fail "the reader of the FIFO got the graph" "it got $(wc -c <fifo.got) bytes"
fi
check "no *.tmp-* file is left" no_tmp_files "$W"

echo "# killed by SIGINT or SIGTERM while writing (issue 14)"
# A generated corpus that takes seconds: the N-Triples and N-Quads
# outputs are opened (OUT.tmp-XXXXXX made) before the first article.
"$PY" "$SRC/bench/gen_corpus.py" --size 3M --seed 1 --out corpus --src "$SRC" >/dev/null 2>&1
# kill_midway SIG OUT ARGS...: run `policykg extract ARGS` with SIG at its
# default action (a background job of a script ignores SIGINT), send it
# SIG once OUT.tmp-* exists; RC is its exit status, SEEN 1 if it was
# still running then.
kill_midway() {
	local sig=$1 out=$2 pid i
	shift 2
	"$PY" -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$PK" extract -q --rules "$SRC/rules" "$@" 2>"$TMP/run/kill.err" &
	pid=$!
	SEEN=0
	for i in $(seq 200); do
		if compgen -G "$out.tmp-*" >/dev/null; then
			SEEN=1
			break
		fi
		sleep 0.05
	done
	sleep 0.2
	kill -"$sig" "$pid" 2>/dev/null || SEEN=0
	RC=0
	wait "$pid" || RC=$?
	ERR=$TMP/run/kill.err
}
printf 'the old graph\n' >killed.nt
printf 'the old graph\n' >killed.nq
kill_midway INT killed.nt -f ntriples -j 2 corpus -o killed.nt
check "the temporary file was there when SIGINT came" test "$SEEN" = 1
expect_rc "extract -f ntriples -j 2 killed by SIGINT" 130
check "no killed.nt.tmp-* is left" no_tmp_files "$W"
expect_eq "killed.nt is the old file" "the old graph" "$(cat killed.nt)"
kill_midway TERM killed.nq -f nquads corpus -o killed.nq
check "the temporary file was there when SIGTERM came" test "$SEEN" = 1
expect_rc "extract -f nquads killed by SIGTERM" 143
check "no killed.nq.tmp-* is left" no_tmp_files "$W"
expect_eq "killed.nq is the old file" "the old graph" "$(cat killed.nq)"
# whoever ignores SIGINT for us (nohup, a shell's background job) is obeyed
RC=0
(trap '' INT; exec "$PK" extract -q --rules "$SRC/rules" -f ntriples corpus -o ignored.nt) 2>"$TMP/run/ign.err" &
pid=$!
for i in $(seq 200); do compgen -G "ignored.nt.tmp-*" >/dev/null && break; sleep 0.05; done
kill -INT "$pid" 2>/dev/null || true
wait "$pid" || RC=$?
ERR=$TMP/run/ign.err
expect_rc "an ignored SIGINT does not stop it" 0
check "and it writes its output" test -s ignored.nt
check "no *.tmp-* file is left" no_tmp_files "$W"

finish
