# lib.sh - helpers shared by the cli.* tests (tests/cli/*.sh).
#
# Each test script runs `set -euo pipefail`, sources this file and calls
#
#   pk_init "$@"        BIN SRC [BUILD]: sets PK (the policykg binary), SRC
#                       (the source tree), BUILD (the build tree: the third
#                       argument, else the binary's directory), TMP (a fresh
#                       directory, removed on exit; its name has a space in
#                       it so that every path the tests use does) and W (an
#                       empty work directory inside TMP).
#   run CMD...          runs CMD; stdout goes to the file $OUT, stderr to the
#                       file $ERR, the exit code to $RC.  Never aborts.
#   expect_rc WHAT N    the last run exited with N
#   expect_err WHAT S   its stderr contains the fixed string S
#   expect_out WHAT S   its stdout contains the fixed string S
#   expect_eq WHAT EXPECTED ACTUAL
#   check WHAT CMD...   CMD succeeds
#   finish              prints "N passed, M failed"; exits 1 if any failed
#   skip_all WHY        the script cannot test anything here: says
#                       "SKIP - WHY" and exits 77, which CTest reports as a
#                       skip (cli.fails_when_command_fails takes it as one)
#
# Every check prints one line, "ok   - WHAT" or "FAIL - WHAT" followed by
# what was expected and what happened (and the first lines of stderr).

PASSED=0
FAILED=0
RUNS=0
RC=0
OUT=
ERR=

pk_usage() {
	printf 'usage: bash %s POLICYKG SOURCE_DIR [BUILD_DIR]\n' "$0" >&2
	exit 2
}

pk_init() {
	[ "$#" -ge 2 ] || pk_usage
	if [ ! -f "$1" ] || [ ! -x "$1" ]; then
		printf 'FAIL - %s is not an executable policykg\n' "$1"
		exit 1
	fi
	# Absolute, since the tests change directory.
	PK=$(realpath -- "$1")
	SRC=$(realpath -- "$2")
	BUILD=$(realpath -- "${3:-$(dirname -- "$PK")}")
	if [ ! -d "$SRC/rules" ] || [ ! -d "$SRC/seeds" ]; then
		printf 'FAIL - %s is not the policykg source tree\n' "$SRC"
		exit 1
	fi
	# The tests choose their rules explicitly; an ambient setting must not
	# change what they see.
	unset POLICYKG_RULES
	export LC_ALL=C.UTF-8
	umask 022
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/policykg cli.XXXXXX")
	trap 'rm -rf -- "$TMP"' EXIT
	mkdir "$TMP/run" "$TMP/work"
	W=$TMP/work
}

pass() {
	PASSED=$((PASSED + 1))
	printf 'ok   - %s\n' "$1"
}

# fail WHAT [DETAIL...]
fail() {
	local line
	FAILED=$((FAILED + 1))
	printf 'FAIL - %s\n' "$1"
	shift
	for line in "$@"; do
		printf '       %s\n' "$line"
	done
}

run() {
	RUNS=$((RUNS + 1))
	OUT=$TMP/run/$RUNS.out
	ERR=$TMP/run/$RUNS.err
	RC=0
	"$@" >"$OUT" 2>"$ERR" || RC=$?
}

# The first lines of the last run's stderr, for failure reports.
last_stderr() {
	if [ -s "$ERR" ]; then
		printf 'stderr: %s\n' "$(head -n 4 -- "$ERR")"
	else
		printf 'stderr: (empty)\n'
	fi
}

expect_rc() {
	if [ "$RC" -eq "$2" ]; then
		pass "$1 (exit $2)"
	else
		fail "$1" "expected exit $2, got $RC" "$(last_stderr)"
	fi
}

expect_err() {
	if grep -qF -- "$2" "$ERR"; then
		pass "$1"
	else
		fail "$1" "expected stderr to contain: $2" "$(last_stderr)"
	fi
}

expect_no_err() {
	if grep -qF -- "$2" "$ERR"; then
		fail "$1" "expected stderr not to contain: $2" "$(last_stderr)"
	else
		pass "$1"
	fi
}

expect_out() {
	if grep -qF -- "$2" "$OUT"; then
		pass "$1"
	else
		fail "$1" "expected stdout to contain: $2" \
			"stdout: $(head -n 4 -- "$OUT")" "$(last_stderr)"
	fi
}

expect_no_out() {
	if grep -qF -- "$2" "$OUT"; then
		fail "$1" "expected stdout not to contain: $2" \
			"got: $(grep -F -m 2 -- "$2" "$OUT")"
	else
		pass "$1"
	fi
}

expect_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "expected: $2" "actual:   $3"
	fi
}

check() {
	local what=$1
	shift
	if "$@"; then
		pass "$what"
	else
		fail "$what" "failed: $*"
	fi
}

# need_tool NAME: the test cannot run without NAME; that is a failure,
# not a skip (the test setup installs raptor2-utils and python3-rdflib).
need_rapper() {
	if ! command -v rapper >/dev/null 2>&1; then
		printf 'FAIL - rapper (raptor2-utils) is not installed\n'
		exit 1
	fi
}

PY=/usr/bin/python3
need_rdflib() {
	if ! "$PY" -c 'import rdflib' >/dev/null 2>&1; then
		printf 'FAIL - %s cannot import rdflib (python3-rdflib)\n' "$PY"
		exit 1
	fi
}

# report_rows FILE: the verdict lines of sparql_rows.py in FILE as pass
# (same ...) and fail (DIFF ..., with the differing rows under it).
report_rows() {
	local line
	while IFS= read -r line; do
		case "$line" in
		same*) pass "${line#same }" ;;
		DIFF*) fail "${line#DIFF }" ;;
		'   '*) printf '       %s\n' "$line" ;;
		esac
	done <"$1"
}

# rapper_count SYNTAX FILE: prints the number of triples rapper parsed;
# fails (status 1) when rapper reports an error or a warning.
rapper_count() {
	local log=$TMP/run/rapper.log n
	if ! rapper -i "$1" -c "$2" >"$log" 2>&1; then
		sed 's/^/       rapper: /' "$log" >&2
		return 1
	fi
	if grep -qiE 'error|warning' "$log"; then
		sed 's/^/       rapper: /' "$log" >&2
		return 1
	fi
	n=$(sed -n 's/.*Parsing returned \([0-9][0-9]*\) triples.*/\1/p' "$log")
	[ -n "$n" ] || return 1
	printf '%s\n' "$n"
}

# valid_turtle FILE: rapper parses FILE as Turtle without error.
valid_turtle() {
	rapper_count turtle "$1" >/dev/null
}

# no_tmp_files DIR: no temporary output (NAME.tmp-XXXXXX) was left in DIR.
no_tmp_files() {
	[ -z "$(find "$1" -name '*.tmp-*' -print -quit)" ]
}

# sums DIR: one checksum line per file under DIR (content and name), sorted.
sums() {
	(cd -- "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r cksum)
}

finish() {
	printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
	[ "$FAILED" -eq 0 ]
}

skip_all() {
	printf 'SKIP - %s\n' "$1"
	exit 77
}

# expect_err_line WHAT S1 S2: one line of stderr contains both S1 and S2
# (a message and the FILE:LINE it is about belong on the same line).
expect_err_line() {
	if grep -F -- "$2" "$ERR" | grep -qF -- "$3"; then
		pass "$1"
	else
		fail "$1" "expected a stderr line with both: $2" \
			"                              and: $3" "$(last_stderr)"
	fi
}

# line_of FILE TEXT: the number of the last line of FILE that is exactly
# TEXT (nothing if there is none).
line_of() {
	{ grep -nxF -- "$2" "$1" || true; } | tail -n 1 | cut -d: -f1
}

# checksum FILE: FILE's checksum, or a note that it does not exist.
checksum() {
	if [ -f "$1" ]; then
		cksum <"$1"
	else
		printf '(no file %s)\n' "$1"
	fi
}

# need_node_modules: Node.js and the npm packages of tests/js/ (n3,
# rdf-validate-shacl ...), installed by `bash scripts/bootstrap.sh test`
# into BUILD/js/node_modules.  Sets NODE_MODULES.  Missing is a failure,
# not a skip.
need_node_modules() {
	NODE_MODULES=$BUILD/js/node_modules
	if ! command -v node >/dev/null 2>&1; then
		printf 'FAIL - node (Node.js) is not on PATH; run `bash scripts/bootstrap.sh test`\n'
		exit 1
	fi
	local p
	for p in n3 rdf-validate-shacl; do
		if [ ! -f "$NODE_MODULES/$p/package.json" ]; then
			printf 'FAIL - the npm package %s is not in %s; run `bash scripts/bootstrap.sh test` (it installs tests/js/package-lock.json there)\n' \
				"$p" "$NODE_MODULES"
			exit 1
		fi
	done
}
