#!/usr/bin/env bash
# cli_fails.sh - cli.fails_when_command_fails: every tests/cli/*.sh fails
# when the command it tests fails.  Each script is run as CTest runs it,
# but with a stub in place of policykg (and of cmake, which cli.install
# runs), twice: a stub that exits 1, and a stub that exits 0 and writes
# nothing.  A script that still exits 0 checked nothing it depends on (as
# cli.triggers once did, comparing two files that two failed runs had not
# written) and is reported, with the end of its output.
#
# A script that cannot test anything where it runs must say so: exit 77
# with a line "SKIP - why" (lib.sh's skip_all); that is reported as a skip,
# not taken as a pass.  Every other exit but 0 counts as failing.
#
#   bash tests/cli_fails.sh SOURCE_DIR
set -euo pipefail

[ "$#" -eq 1 ] || { printf 'usage: bash %s SOURCE_DIR\n' "$0" >&2; exit 2; }
SRC=$(realpath -- "$1")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/policykg cli_fails.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT

# the stubs, each as policykg and as cmake in a directory of its own
mkdir "$TMP/exit1" "$TMP/silent"
printf '#!/bin/sh\nexit 1\n' >"$TMP/exit1/policykg"
printf '#!/bin/sh\nexit 0\n' >"$TMP/silent/policykg"
for d in exit1 silent; do
	cp -- "$TMP/$d/policykg" "$TMP/$d/cmake"
	chmod +x "$TMP/$d/policykg" "$TMP/$d/cmake"
done

PASSED=0
FAILED=0
SKIPPED=0
n=0
shopt -s nullglob
for script in "$SRC"/tests/cli/*.sh; do
	name=$(basename -- "$script" .sh)
	[ "$name" = lib ] && continue
	n=$((n + 1))
	for stub in exit1 silent; do
		# a fresh build directory: store_pg puts its cluster there,
		# install and validate look in it for what the build made
		build=$TMP/build-$name-$stub
		log=$TMP/$name-$stub.log
		mkdir -- "$build"
		rc=0
		CMAKE=$TMP/$stub/cmake bash "$script" "$TMP/$stub/policykg" "$SRC" "$build" \
			</dev/null >"$log" 2>&1 || rc=$?
		if [ "$rc" -eq 77 ] && grep -q '^SKIP - ' "$log"; then
			SKIPPED=$((SKIPPED + 1))
			printf 'skip - %s with the %s stub: %s\n' "$name" "$stub" \
				"$(grep -m 1 '^SKIP - ' "$log")"
		elif [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
			PASSED=$((PASSED + 1))
			printf 'ok   - %s fails with the %s stub (exit %d)\n' "$name" "$stub" "$rc"
		else
			FAILED=$((FAILED + 1))
			printf 'FAIL - %s exits %d with the %s stub for policykg\n' "$name" "$rc" "$stub"
			[ "$rc" -eq 77 ] && printf '       (77 is a skip only with a line "SKIP - why")\n'
			tail -n 8 -- "$log" | sed 's/^/       /'
		fi
	done
done
if [ "$n" -eq 0 ]; then
	printf 'FAIL - no scripts in %s/tests/cli\n' "$SRC"
	FAILED=$((FAILED + 1))
fi
printf '%d passed, %d failed, %d skipped (%d scripts)\n' "$PASSED" "$FAILED" "$SKIPPED" "$n"
[ "$FAILED" -eq 0 ]
