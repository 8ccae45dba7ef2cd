#!/usr/bin/env bash
# cli.help_version - the command line itself: --help and --version, every
# subcommand's --help, and the usage errors (exit 2) for an unknown
# command, a missing input and an unknown option.
#
#   bash tests/cli/help_version.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

echo "# policykg --help"
run "$PK" --help
expect_rc "policykg --help" 0
for cmd in extract load query forget stats rules eval explain; do
	check "--help lists $cmd" grep -qE "^  $cmd " "$OUT"
done
expect_out "--help documents the exit codes" "Exit codes: 0 ok"
check "--help writes nothing on stderr" test ! -s "$ERR"
run "$PK" -h
expect_rc "policykg -h" 0

echo "# every subcommand's --help"
for cmd in extract load query forget stats rules eval explain; do
	run "$PK" "$cmd" --help
	expect_rc "policykg $cmd --help" 0
	expect_out "it starts with 'usage: policykg $cmd'" "usage: policykg $cmd"
	check "and goes to stdout only" test ! -s "$ERR"
done

echo "# --version"
run "$PK" --version
expect_rc "policykg --version" 0
expect_eq "it prints 'policykg 0.1.0'" "policykg 0.1.0" "$(cat "$OUT")"
for cmd in extract load query forget stats rules eval explain; do
	run "$PK" "$cmd" --version
	expect_rc "policykg $cmd --version" 0
	expect_eq "it prints 'policykg 0.1.0'" "policykg 0.1.0" "$(cat "$OUT")"
done

echo "# usage errors exit 2"
run "$PK"
expect_rc "policykg with no command" 2
expect_err "it prints the usage on stderr" "usage: policykg COMMAND"
run "$PK" frobnicate
expect_rc "an unknown command" 2
expect_err "the message names it" "unknown command 'frobnicate'"
check "nothing on stdout" test ! -s "$OUT"
run "$PK" extract
expect_rc "extract without input" 2
expect_err "the message says no input given" "no input given"
check "nothing on stdout" test ! -s "$OUT"
run "$PK" extract --no-such-option "$SRC/seeds/"
expect_rc "extract with an unknown option" 2
expect_err "the message names the option" "'--no-such-option'"
expect_err "and shows the usage" "usage: policykg extract"
check "nothing on stdout (no graph)" test ! -s "$OUT"
run "$PK" extract -f jsonld "$SRC/seeds/"
expect_rc "extract with an unknown format" 2
expect_err "the message names the format" "unknown format 'jsonld'"
run "$PK" extract --doc-date 2024-13-01 "$SRC/seeds/"
expect_rc "extract with a bad --doc-date" 2
run "$PK" load g.ttl
expect_rc "load without --store" 2
expect_err "the message asks for --store" "--store DB is required"
run "$PK" query --store db
expect_rc "query with neither -e nor a file" 2
run "$PK" query --store db -e 'ASK {}' extra.rq
expect_rc "query with both -e and a file" 2
run "$PK" query --store db -f yaml -e 'ASK {}'
expect_rc "query with an unknown format" 2
expect_err "the message names the format" "unknown format 'yaml'"
run "$PK" rules
expect_rc "rules without 'check'" 2
run "$PK" rules check a b
expect_rc "rules check with two directories" 2
run "$PK" load --no-such-option
expect_rc "load with an unknown option" 2
run "$PK" query --no-such-option
expect_rc "query with an unknown option" 2
run "$PK" rules --no-such-option
expect_rc "rules with an unknown option" 2
check "none of these created a file" test -z "$(ls -A "$W")"

finish
