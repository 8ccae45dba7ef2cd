#!/usr/bin/env bash
# cli.store_faults - a damaged or half-written index is never served: the
# store answers right, or says why it cannot (exit 5).  The faults are the
# ones issue 14 found: random byte flips, a truncated or zeroed index
# file, a rebuild killed with index/ gone, a damaged document in docs/,
# a document edited behind the store's back (found by 'check'), and a
# disk that fills during a load (a small tmpfs; skipped where mount(2) is
# not allowed).
#
#   bash tests/cli/store_faults.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

"$PK" extract -q --rules "$SRC/rules" --reference-date 2026-11-23 \
	-f nquads -o all.nq "$SRC/seeds" "$SRC/tests/corpus" >/dev/null 2>&1
check "corpus extracted" test -s all.nq
"$PK" load -q --store good all.nq
"$PK" stats --store good >good.txt
WANT=$(sed -n 2,4p good.txt)

fresh() { rm -rf db; cp -a good db; }
counts() { run "$PK" stats --store db; GOT=$(sed -n 2,4p "$OUT"); }

# --- byte flips in an index file: seen at open, rebuilt, answered right
fresh
"$PY" - db/index/union.db <<'PYEOF'
import random, sys
f = sys.argv[1]
b = bytearray(open(f, 'rb').read())
r = random.Random(14)
for _ in range(200):
    b[r.randrange(4096, len(b))] ^= 0xff
open(f, 'r+b').write(b)
PYEOF
counts
expect_rc "flipped bytes: stats" 0
expect_err "flipped bytes: the damage is named" "index/union.db is not as it was"
expect_err "flipped bytes: the index is rebuilt" "index rebuilt from"
expect_eq "flipped bytes: the counts of the undamaged store" "$WANT" "$GOT"

# --- byte flips behind the store's back (size and mtime put back), so
# the open cannot see them: 'check' finds them in every trial, even when
# reading the damaged pages crashes (it reads in a child process), and
# --repair restores the clean answers
flip_quiet() {
	touch -r "$1" stamp
	"$PY" - "$1" "$2" <<'PYEOF'
import random, sys
f = sys.argv[1]
b = bytearray(open(f, 'rb').read())
r = random.Random(int(sys.argv[2]))
for _ in range(200):
    b[r.randrange(8192, len(b))] ^= 0xff
open(f, 'r+b').write(b)
PYEOF
	touch -r stamp "$1"
}
for trial in 1 2 3 4 5 6 7 8 9; do
	for f in union graphs; do
		fresh
		flip_quiet "db/index/$f.db" "$trial"
		run "$PK" check --store db
		expect_rc "hidden flips ($f, trial $trial): check finds them" 1
		run "$PK" check --repair --store db
		expect_err "hidden flips ($f, trial $trial): --repair rebuilds" \
			"the index was rebuilt from docs/"
		counts
		expect_eq "hidden flips ($f, trial $trial): the clean answers" "$WANT" "$GOT"
	done
done

# --- a truncated file
fresh
truncate -s 8192 db/index/graphs.db
counts
expect_rc "truncated: stats" 0
expect_eq "truncated: the counts of the undamaged store" "$WANT" "$GOT"

# --- zeroed pages, size and mtime put back as they were: the meta page
# check sees it
fresh
touch -r db/index/union.db stamp
dd if=/dev/zero of=db/index/union.db bs=4096 count=1 conv=notrunc status=none
touch -r stamp db/index/union.db
counts
expect_rc "zeroed header: stats" 0
expect_err "zeroed header: named" "no LMDB header"
expect_eq "zeroed header: the counts of the undamaged store" "$WANT" "$GOT"

# --- index/ gone and its rebuild killed: the next open rebuilds again
fresh
rm -rf db/index
run env POLICYKG_TEST_CRASH=rebuild:3 "$PK" stats --store db
expect_rc "rebuild killed" 137
check "a killed rebuild leaves the state dirty" grep -qx 'index dirty' db/state
counts
expect_rc "after the killed rebuild: stats" 0
expect_eq "after the killed rebuild: the full counts" "$WANT" "$GOT"

# --- a damaged document: no open serves part of the store
fresh
f=$(ls db/docs/*.nq | head -n 1)
printf 'not a quad\n' >>"$f"
rm db/index/union.db
run "$PK" stats --store db
expect_rc "damaged document: stats" 5
expect_err "damaged document: named" "not a stored quad"
run "$PK" query --store db -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
expect_rc "damaged document: a second open fails too" 5

# --- check: a document edited behind the store's back
fresh
f=$(ls db/docs/*.nq | sed -n 2p)
iri=$(head -n 1 "$f" | sed 's/^# policykg document //')
sed -i '3d' "$f"
run "$PK" check --store db
expect_rc "check: an edited document" 1
expect_err "check: names the document" "$iri: the index holds"
run "$PK" check --store db --repair
expect_rc "check --repair: still says it differed" 1
expect_err "check --repair: rebuilt" "the index was rebuilt from docs/"
run "$PK" check --store db
expect_rc "check after --repair" 0
expect_err "check after --repair: matches" "0 differences: the index matches"
run "$PK" check --store good
expect_rc "check: an untouched store" 0

# --- a change that takes out many documents is made in place, as a
# small one is (LMDB removes a statement by a lookup); both check clean
"$PY" "$SRC/tests/cli/synth_nquads.py" 80 30 1 v1.nq
"$PY" "$SRC/tests/cli/synth_nquads.py" 80 30 2 v2.nq
grep -E '/document/synth-00(0[0-9]|1[0-9])> \.$' v2.nq >some.nq
grep -F '/document/synth-0050> .' v2.nq >one.nq
"$PK" load -q --store many v1.nq
run "$PK" load --store many some.nq
expect_rc "20 of 80 documents replaced" 0
check "20 of 80: updated in place, no rebuild" sh -c '! grep -q "index rebuilt" "$1"' _ "$ERR"
run "$PK" load --store many one.nq
expect_rc "1 of 80 replaced" 0
check "1 of 80: updated in place, no rebuild" sh -c '! grep -q "index rebuilt" "$1"' _ "$ERR"
run "$PK" check --store many
expect_rc "after both: check" 0

# --- a full disk during a fresh load
MNT=$TMP/mnt
mkdir -p "$MNT"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=1m tmpfs "$MNT" 2>/dev/null; then
	trap 'umount "$MNT" 2>/dev/null || true; rm -rf -- "$TMP"' EXIT
	umount "$MNT"
	# sizes where docs/ fits and index/ may not: whatever each load says,
	# a store that says it loaded matches its documents
	for size in 1m 1500k 2m 2500k 2800k 3m 3500k 5m; do
		mount -t tmpfs -o size=$size tmpfs "$MNT"
		run "$PK" load -q --store "$MNT/db" all.nq
		lrc=$RC
		if [ "$lrc" = 0 ]; then
			run "$PK" check --store "$MNT/db"
			expect_rc "full disk ($size): a load that said ok checks clean" 0
		else
			expect_eq "full disk ($size): a failed load exits 4 or 5" yes \
				"$([ "$lrc" = 4 ] || [ "$lrc" = 5 ] && echo yes || echo "no ($lrc)")"
			# dirty, or clean because nothing was decided yet (the
			# documents did not fit): then it is the empty store it says
			if [ -f "$MNT/db/state" ] && ! grep -qx 'index dirty' "$MNT/db/state"; then
				run "$PK" check --store "$MNT/db"
				expect_rc "full disk ($size): a store left clean checks clean" 0
			fi
		fi
		umount "$MNT"
	done
	# a replacing load (every document changed) into a store on a disk
	# with little room left: the store answers as before or as after,
	# never anything else, and checks clean once space is freed
	sed 's/"@ko /"@ko-kr /g' all.nq >all2.nq
	check "the replacing load changes every document" sh -c \
		'[ "$(grep -c "@ko-kr " all2.nq)" -gt 500 ]' 
	"$PK" load -q --store good2 all2.nq
	WANT2=$("$PK" stats --store good2 | sed -n 2,4p)
	for size in 3500k 4m 4500k 5m 6m 8m; do
		mount -t tmpfs -o size=$size tmpfs "$MNT"
		cp -a good "$MNT/db"
		run "$PK" load -q --store "$MNT/db" all2.nq
		lrc=$RC
		expect_eq "full disk, replacing ($size): exit 0, 4 or 5" yes \
			"$(case $lrc in 0|4|5) echo yes ;; *) echo "no ($lrc)" ;; esac)"
		# room to repair: the store now moves to a larger disk
		rm -rf big && cp -a "$MNT/db" big
		umount "$MNT"
		run "$PK" stats --store big
		GOT=$(sed -n 2,4p "$OUT")
		expect_eq "full disk, replacing ($size): old or new answers" yes \
			"$([ "$GOT" = "$WANT" ] || [ "$GOT" = "$WANT2" ] && echo yes || echo no)"
		if [ "$lrc" = 0 ]; then
			expect_eq "full disk, replacing ($size): said ok, so new" "$WANT2" "$GOT"
		fi
		run "$PK" check --store big
		expect_rc "full disk, replacing ($size): checks clean after" 0
	done
else
	echo "skip - full disk: cannot mount a tmpfs here"
fi

finish
