#!/usr/bin/env bash
# cli.triggers - trigger words (rules/README.md, 'trigger') only skip work:
# `policykg extract` writes byte-identical Turtle and N-Quads with
# --triggers on (the default) and off, over seeds/, tests/corpus/ and HTML
# pages made from both; --triggers check finds no rule that matches where
# its trigger would have skipped it, or further before it than its reach.  A trigger made too narrow on purpose
# is caught both ways (check warns, on and off differ).  `policykg rules
# check` reports broken triggers as FILE:LINE: message.
#
#   bash tests/cli/triggers.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

extract() {
	"$PK" extract --reference-date 2026-11-23 "$@"
}

# HTML pages from the plain-text articles: one <p> per line.
mkdir html
for f in "$SRC"/seeds/*.txt "$SRC"/tests/corpus/*.txt; do
	"$PY" - "$f" "html/$(basename -- "${f%.txt}").html" <<'EOF'
import html, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title></head><body>\n"
              % html.escape(lines[0]))
    for line in lines:
        out.write("<p>%s</p>\n" % html.escape(line))
    out.write("</body></html>\n")
EOF
done
check "HTML pages were made ($(ls html | wc -l))" test "$(ls html | wc -l)" -ge 10

for input in seeds tests/corpus html; do
	dir=$SRC/$input
	[ "$input" = html ] && dir=$W/html
	tag=${input//\//-}
	for fmt in turtle nquads; do
		run extract -q --rules "$SRC/rules" -f "$fmt" "$dir/" -o "$tag-on.$fmt"
		expect_rc "$input, $fmt, triggers on" 0
		run extract -q --rules "$SRC/rules" -f "$fmt" --triggers off "$dir/" -o "$tag-off.$fmt"
		expect_rc "$input, $fmt, triggers off" 0
		check "$input: the $fmt output is not empty" test -s "$tag-on.$fmt"
		check "$input: triggers on and off give byte-identical $fmt" \
			cmp "$tag-on.$fmt" "$tag-off.$fmt"
	done
	run extract --rules "$SRC/rules" --triggers check "$dir/" -o "$tag-check.ttl"
	expect_rc "$input: --triggers check runs" 0
	expect_no_err "$input: no rule matches where its trigger would skip it" \
		"without its trigger"
	expect_no_err "$input: no rule matches further before its trigger than its reach" \
		"more than its reach"
	check "$input: --triggers check writes what off writes" \
		cmp "$tag-check.ttl" "$tag-off.turtle"
done

echo "# a trigger too narrow is caught"
R=$W/rules
fresh_rules() {
	rm -rf -- "$R"
	cp -R -- "$SRC/rules" "$R"
}
fresh_rules
line=$(line_of "$R/persons.rules" '[rule position.name-title]')
trig=$(awk -v s="$line" 'NR > s && /^trigger/ { print NR; exit }' "$R/persons.rules")
check "position.name-title has a trigger (line ${trig:-none})" test -n "$trig"
sed -i "${trig}s/.*/trigger  = 이런낱말은없다/" "$R/persons.rules"
run "$PK" rules check "$R"
expect_rc "the narrowed trigger is still valid" 0
run extract --rules "$R" --triggers check "$SRC/seeds/" -o check.ttl
expect_rc "--triggers check with the narrowed trigger" 0
expect_err "check names the rule that matched without its trigger" \
	"rule position.name-title ($R/persons.rules:$line) matched a sentence without its trigger"
# Both must have been written: two failed runs leave no files, and two
# missing files do not compare equal either.
run extract -q --rules "$R" "$SRC/seeds/" -o narrow-on.ttl
expect_rc "the narrowed trigger, triggers on" 0
check "the narrowed trigger, triggers on: a graph was written" test -s narrow-on.ttl
run extract -q --rules "$R" --triggers off "$SRC/seeds/" -o narrow-off.ttl
expect_rc "the narrowed trigger, triggers off" 0
check "the narrowed trigger, triggers off: a graph was written" test -s narrow-off.ttl
check "with the narrowed trigger, on and off differ" \
	bash -c 'test -s "$1" && test -s "$2" && ! cmp -s "$1" "$2"' _ narrow-on.ttl narrow-off.ttl

echo "# broken triggers: rules check says FILE:LINE"
# broken WHAT TRIGGER-LINES MESSAGE [LINE]: a rule with that trigger is one
# problem, reported at LINE (default: the trigger line).
broken() {
	fresh_rules
	printf '\n[rule cli-test-trigger]\nyield = date\n%s\npattern = (?<y>\\d{4})년\n' "$2" \
		>>"$R/dates.rules"
	local l
	l=$(line_of "$R/dates.rules" "${4:-$2}")
	run "$PK" rules check "$R"
	expect_rc "$1: rules check exits 3" 3
	expect_err "$1: one problem" "policykg: $R: 1 problem"
	expect_err_line "$1: FILE:LINE of the trigger, and why" "$R/dates.rules:$l: " "$3"
	run extract -q --rules "$R" "$SRC/seeds/" -o broken.ttl
	expect_rc "$1: extract does not start" 3
}
broken "unknown macro" 'trigger = 년 & @{NOPE}' "unknown macro '@{NOPE}'"
broken "empty trigger" 'trigger =' "empty trigger"
broken "empty item" 'trigger = 년 | ' "empty item"
broken "empty clause" 'trigger = 년 & & 월' "empty item"
broken "a define that is no word list" 'trigger = @{LOC}' "define 'LOC' is not a list of words"
broken "unterminated macro" 'trigger = @{TITLE' "unterminated"
broken "a reach without a trigger" 'reach = 2' "'reach' needs a trigger"
broken "a negative reach" 'trigger = 년
reach = -1' "'reach' must be 0 or more" 'reach = -1'
broken "given twice" 'trigger = 년
trigger = 월' "given twice" 'trigger = 월'

echo "# a define of words and macros is a trigger"
fresh_rules
printf '\n[define CLI_TEST_WORDS]\npattern = (?:년|@{L_MONTH}|\\.)\n[rule cli-test-trigger]\nyield = date\ntrigger = @{CLI_TEST_WORDS} & @{TITLE}\\ \npattern = (?<y>\\d{4})년\n' \
	>>"$R/dates.rules"
run "$PK" rules check "$R"
expect_rc "a define of words, macros and an escaped mark; an escaped space at the end" 0

echo "# the option"
run extract --triggers sometimes "$SRC/seeds/" -o x.ttl
expect_rc "--triggers wants on, off or check" 2
expect_err "and says so" "--triggers wants on, off or check"

finish
