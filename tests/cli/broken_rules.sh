#!/usr/bin/env bash
# cli.broken_rules - `policykg rules check DIR` on a copy of rules/ broken
# in one way at a time: each problem exits 3 and is reported as
# FILE:LINE: message, with the path of the file and the line of the fault;
# `policykg extract --rules DIR` refuses to start on broken rules and
# writes nothing; the real rules/ check clean.
#
#   bash tests/cli/broken_rules.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

R=$W/rules
fresh_rules() {
	rm -rf -- "$R"
	cp -R -- "$SRC/rules" "$R"
}

# check_one WHAT: the last run found exactly one problem and said so.
check_one() {
	expect_rc "$1: rules check exits 3" 3
	expect_err "$1: the summary counts one problem" "policykg: $R: 1 problem"
	expect_no_out "$1: nothing claims the rules are ok" ": ok:"
}

echo "# the real rules/"
run "$PK" rules check "$SRC/rules"
expect_rc "rules check on the source tree's rules/" 0
expect_out "it says ok with the counts" "$SRC/rules: ok: "
check "and warns about nothing" test ! -s "$ERR"

echo "# (a) a pattern with a syntax error"
fresh_rules
printf '\n[rule cli-test-x]\nyield = position\npattern = (?<name>abc\n' >>"$R/persons.rules"
line=$(line_of "$R/persons.rules" 'pattern = (?<name>abc')
run "$PK" rules check "$R"
check_one "(a)"
expect_err_line "(a) names FILE:LINE of the pattern and says it is bad" \
	"$R/persons.rules:$line: " "bad pattern"
cp -- "$ERR" rules-check.err
run "$PK" extract --rules "$R" "$SRC/seeds/" -o out.ttl
expect_rc "(a) extract --rules DIR does not start" 3
expect_err_line "(a) extract reports the same FILE:LINE message" \
	"$R/persons.rules:$line: " "bad pattern"
check "(a) extract's message is the one rules check printed" \
	grep -qxF -- "$(grep -F "$R/persons.rules:$line: " rules-check.err)" "$ERR"
expect_err "(a) extract says why it did not start" "the rules in $R are broken"
check "(a) out.ttl is not created" test ! -e out.ttl
check "(a) no temporary file is left" no_tmp_files "$W"
run "$PK" rules check "$R/"
expect_rc "(a) rules check DIR/ (trailing slash) exits 3" 3
expect_err "(a) with DIR/ the message names DIR/persons.rules:LINE (no '//')" \
	"$R/persons.rules:$line: "

echo "# (b) a duplicate entity id"
fresh_rules
gaz=$R/gazetteer/kr-government.gaz
first=$({ grep -nxF '[entity msit]' "$gaz" || true; } | head -n 1 | cut -d: -f1)
printf '\n[entity msit]\nclass = GovernmentBody\nko = 중복테스트부\n' >>"$gaz"
second=$(line_of "$gaz" '[entity msit]')
check "(b) the copy holds msit twice (lines $first and $second)" test "${first:-0}" -gt 0 -a "$first" -lt "$second"
run "$PK" rules check "$R"
check_one "(b) same file"
expect_err_line "(b) names the file and line of the second msit" \
	"$gaz:$second: " "duplicate entity id 'msit'"
expect_err_line "(b) and where the first one is" "$gaz:$second: " "$gaz:$first"
fresh_rules
printf '# cli test: an id that kr-government.gaz already has\n[entity mofa]\nclass = GovernmentBody\nko = 중복테스트부\n' \
	>"$R/gazetteer/zz-cli-test.gaz"
first=$({ grep -nxF '[entity mofa]' "$R/gazetteer/kr-government.gaz" || true; } |
	head -n 1 | cut -d: -f1)
run "$PK" rules check "$R"
check_one "(b) another file"
expect_err_line "(b) names the later file (sorted order) and its line" \
	"$R/gazetteer/zz-cli-test.gaz:2: " "duplicate entity id 'mofa'"
expect_err_line "(b) and where the first one is" \
	"$R/gazetteer/zz-cli-test.gaz:2: " "$R/gazetteer/kr-government.gaz:$first"

echo "# (c) an unknown class"
fresh_rules
printf '# cli test\n[entity zz-cli-test]\nclass = Spaceship\nko = 우주선테스트\n' \
	>"$R/gazetteer/zz-cli-test.gaz"
run "$PK" rules check "$R"
check_one "(c)"
expect_err_line "(c) names FILE:LINE of the class line: unknown class" \
	"$R/gazetteer/zz-cli-test.gaz:3: " "unknown class"
expect_err_line "(c) and the class it does not know" \
	"$R/gazetteer/zz-cli-test.gaz:3: " "Spaceship"

echo "# (d) an unknown key"
fresh_rules
printf '# cli test\n[entity zz-cli-test]\nclass = Company\nko = 우주선테스트\ncolour = blue\n' \
	>"$R/gazetteer/zz-cli-test.gaz"
run "$PK" rules check "$R"
check_one "(d)"
expect_err_line "(d) names FILE:LINE of the key: unknown key" \
	"$R/gazetteer/zz-cli-test.gaz:5: " "unknown key"
expect_err_line "(d) and the key it does not know" \
	"$R/gazetteer/zz-cli-test.gaz:5: " "colour"

echo "# (e) an unknown macro"
fresh_rules
printf '\n[rule cli-test-macro]\nyield = position\npattern = @{NOPE}(?<name>김철수) (?<title>장관)\n' \
	>>"$R/persons.rules"
line=$(line_of "$R/persons.rules" 'pattern = @{NOPE}(?<name>김철수) (?<title>장관)')
run "$PK" rules check "$R"
check_one "(e)"
expect_err_line "(e) names FILE:LINE of the pattern: unknown macro" \
	"$R/persons.rules:$line: " "unknown macro"
expect_err_line "(e) and the macro it does not know" \
	"$R/persons.rules:$line: " "@{NOPE}"

echo "# (f) a file with invalid UTF-8"
fresh_rules
# In an optional key, so that dropping the bad line leaves no second problem.
printf '# cli test\n[entity zz-cli-test]\nclass = Company\nko = 우주선테스트\nen = Space\xffship\n' \
	>"$R/gazetteer/zz-cli-test.gaz"
run "$PK" rules check "$R"
check_one "(f)"
expect_err_line "(f) names FILE:LINE of the bad line: invalid UTF-8" \
	"$R/gazetteer/zz-cli-test.gaz:5: " "invalid UTF-8"
expect_err_line "(f) and the offset of the bad byte in the line (from 0)" \
	"$R/gazetteer/zz-cli-test.gaz:5: " "byte 10"

echo "# every problem is reported, not only the first"
fresh_rules
printf '# cli test\n[entity zz-cli-test]\nclass = Spaceship\nko = 우주선테스트\ncolour = blue\n' \
	>"$R/gazetteer/zz-cli-test.gaz"
run "$PK" rules check "$R"
expect_rc "two problems: rules check exits 3" 3
expect_err "the summary counts two problems" "policykg: $R: 2 problems"
expect_err_line "the unknown class is reported" "$R/gazetteer/zz-cli-test.gaz:3: " "unknown class"
expect_err_line "and so is the unknown key" "$R/gazetteer/zz-cli-test.gaz:5: " "unknown key"

echo "# what the tests did to the copies left the source alone"
run "$PK" rules check "$SRC/rules"
expect_rc "the source tree's rules/ still check clean" 0

echo "# (s) the rule schema (issue 13): a date unit the resolver has no meaning for"
fresh_rules
sed -i 's/^year-1  = 지난해/hour-1  = 방금\nyear-1  = 지난해/' "$R/lexicons.rules"
line=$(line_of "$R/lexicons.rules" 'hour-1  = 방금')
run "$PK" rules check "$R"
check_one "(s)"
expect_err_line "(s) hour-1 in date-relative is FILE:LINE, with the values it may have" \
	"$R/lexicons.rules:$line: " "day±N, same-day, past or future"

echo "# (t) the rule schema: a misspelt group"
fresh_rules
printf '\n[rule cli-test-organiser]\nyield = event\nclass = Meeting\npattern = (?<organiser>@{ORG}) 회의를 열었다\n' >>"$R/events.rules"
line=$(line_of "$R/events.rules" '[rule cli-test-organiser]')
run "$PK" rules check "$R"
check_one "(t)"
expect_err_line "(t) the group names FILE:LINE and the groups the yield has" \
	"$R/events.rules:$line: " "organizer, participant"

echo "# (u) a meta rule that maps its value through a lexicon no file defines"
fresh_rules
sed -i 's/^lexicon = outlet$/lexicon = outlets/' "$R/document.rules"
line=$(line_of "$R/document.rules" 'lexicon = outlets')
run "$PK" rules check "$R"
check_one "(u)"
expect_err_line "(u) the misspelt lexicon is FILE:LINE of its key" \
	"$R/document.rules:$line: " "no lexicon named 'outlets'"

echo "# (x) the rule schema (issue 15): an event rule's class no stage knows"
fresh_rules
printf '\n[rule cli-test-class]\nyield = event\nclass = Meting\npattern = (?<organizer>@{ORG}) 회의를 열었다\n' >>"$R/events.rules"
line=$(line_of "$R/events.rules" 'class = Meting')
run "$PK" rules check "$R"
check_one "(x)"
expect_err_line "(x) the class is FILE:LINE of its key, with the classes there are" \
	"$R/events.rules:$line: " "class 'Meting' is no event class (Summit, Meeting"

echo "# (y) the rule schema: a second chair, which the graph stage would not read"
fresh_rules
printf '\n[rule cli-test-chair]\nyield = event\nclass = Meeting\npattern = (?<chair>\\S+) (?<chair2>\\S+) 주재\n' >>"$R/events.rules"
line=$(line_of "$R/events.rules" '[rule cli-test-chair]')
run "$PK" rules check "$R"
check_one "(y)"
expect_err_line "(y) chair2 names FILE:LINE of the rule" \
	"$R/events.rules:$line: " "group (?<chair2>...) means nothing to yield event"

echo "# (z) a title's reference to an entity no file defines"
# (an existing title: one more title makes the longest position pattern
# too large for PCRE2, a second problem)
fresh_rules
sed -i '0,/^implicit-org = msit$/s//implicit-org = no-such-body/' "$R/titles.rules"
line=$(awk '/^\[title /{l=NR} /^implicit-org = no-such-body$/{print l; exit}' "$R/titles.rules")
run "$PK" rules check "$R"
check_one "(z)"
expect_err_line "(z) names FILE:LINE of the title" \
	"$R/titles.rules:$line: " "unknown implicit-org 'no-such-body'"

echo "# (v) macros that use each other ten times over, seven deep (issue 14)"
# 10^7 copies: 50 MB of pattern before the cap, 5 GB with two more levels
fresh_rules
{
	printf '\n[define CLI_X0]\npattern = ab\n'
	for i in 1 2 3 4 5 6 7; do
		printf '\n[define CLI_X%d]\npattern = ' "$i"
		for _ in 1 2 3 4 5 6 7 8 9 10; do printf '@{CLI_X%d}' $((i - 1)); done
		printf '\n'
	done
	printf '\n[rule cli-test-explodes]\nyield = event\nclass = Meeting\npattern = (?<organizer>@{ORG}) @{CLI_X7}\n'
} >>"$R/events.rules"
line=$(line_of "$R/events.rules" 'pattern = (?<organizer>@{ORG}) @{CLI_X7}')
start=$(date +%s)
run "$PK" rules check "$R"
check_one "(v)"
expect_err_line "(v) the rule's FILE:LINE, the macro and the cap" \
	"$R/events.rules:$line: " "the pattern grows past 1048576 bytes expanding @{CLI_X7}"
check "(v) at once" test $(($(date +%s) - start)) -lt 20

echo "# (w) out of memory while loading rules is exit 70, never a rules problem"
# rules check of the real rules under an address-space limit raised 512 KB
# at a time, from where the program starts to where the rules load: each
# run that fails must say out of memory and exit 70, not count problems
# (it did: \"bad pattern: failed to allocate heap memory\", and 0 problems
# when macro expansion ran out).  AddressSanitizer reserves terabytes of
# address space, so the sanitizer build cannot run under a limit.
# PK_NO_JIT=1: PCRE2 10.42's JIT compiler crashes (SIGSEGV inside
# pcre2_jit_compile) when an allocation fails; the interpreter does not.
if [ -n "${ASAN_OPTIONS:-}" ]; then
	pass "(w) skipped under AddressSanitizer"
else
	kb=16384
	while [ "$kb" -lt 1048576 ] && ! (ulimit -v "$kb"; "$PK" --version) >/dev/null 2>&1; do
		kb=$((kb + 8192))
	done
	ooms=0 wrong=0
	while [ "$kb" -lt 1048576 ]; do
		RC=0
		(ulimit -v "$kb"; PK_NO_JIT=1 exec "$PK" rules check "$SRC/rules") \
			>/dev/null 2>"$TMP/run/oom.err" || RC=$?
		[ "$RC" -eq 0 ] && break
		if [ "$RC" -eq 70 ] && grep -q 'out of memory' "$TMP/run/oom.err" &&
		    ! grep -qE 'problem|bad pattern' "$TMP/run/oom.err"; then
			ooms=$((ooms + 1))
		else
			wrong=$((wrong + 1))
			fail "(w) rules check under ulimit -v $kb" "exit $RC" \
				"stderr: $(head -n 3 "$TMP/run/oom.err")"
		fi
		kb=$((kb + 512))
	done
	check "(w) some runs ran out of memory ($ooms), each said so and exited 70" test "$ooms" -gt 0 -a "$wrong" -eq 0
	check "(w) with enough memory the rules load" test "$RC" -eq 0
fi

finish
