#!/usr/bin/env bash
# cli.bad_input_limits - the rest of the bad-input matrix: rule files (a
# regex that backtracks catastrophically, a syntax error, a duplicate id,
# an unknown class), each limit of `extract` hit (a warning naming the
# file, rule or resource; the rest goes on), outputs that cannot be written
# (a missing or read-only directory, a full disk: the old graph.ttl stays;
# stdout on a full device: a message and exit 4 for every command)
# and a store path that is a directory of other files (refused, untouched).
#
#   bash tests/cli/bad_input_limits.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_rapper
cd -- "$W"

seed=$SRC/seeds/004_6fc6f874443db889.txt
"$PK" extract -q --rules "$SRC/rules" "$seed" -o seed.ttl
persons() {
	grep -o '<https://w3id.org/policykg/id/person/[^>]*>' "$1" | LC_ALL=C sort -u
}
R=$W/rules
fresh_rules() {
	rm -rf -- "$R"
	cp -R -- "$SRC/rules" "$R"
}

echo "# a rule that backtracks catastrophically: the match limit, a warning, the rest runs"
fresh_rules
printf '\n[rule zz-catastrophic]\nyield = position\npattern = (?<name>(?:\\w|\\w)+)(?<title>@{TITLE})\n' \
	>>"$R/persons.rules"
line=$(line_of "$R/persons.rules" '[rule zz-catastrophic]')
printf '유상임 과학기술정보통신부 장관은 22일 말했다.\n%s 장관이다.\n' \
	aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa >cat.txt
t0=$(date +%s)
run timeout 120 "$PK" extract --rules "$R" "$seed" cat.txt -o cat.ttl
t1=$(date +%s)
expect_rc "extract with the catastrophic rule: exit 0" 0
check "no hang: done in under 60 s ($((t1 - t0)) s)" test $((t1 - t0)) -lt 60
expect_err_line "the warning names the file, the sentence, the rule and FILE:LINE" \
	"cat.txt: sentence 2: rule zz-catastrophic ($R/persons.rules:$line) skipped" "match limit"
check "the other rules still ran on cat.txt (유상임's post)" \
	grep -qF '/position/yusang-im-minister-msit>' cat.ttl
expect_eq "and on the seed (its persons)" "$(persons seed.ttl)" \
	"$(LC_ALL=C comm -12 <(persons seed.ttl) <(persons cat.ttl))"
check "cat.ttl is valid Turtle" valid_turtle cat.ttl
run "$PK" extract --rules "$R" cat.txt cat.txt -o cat2.ttl
expect_eq "warned once per document, not per sentence or match" 2 \
	"$(grep -c 'rule zz-catastrophic' "$ERR" || true)"
run "$PK" extract --rules "$R" --match-limit 100000000 --max-sentence-chars 10 cat.txt -o cat3.ttl
expect_rc "--max-sentence-chars 10 keeps the rule off the long sentences" 0
expect_no_err "so no match-limit warning" "match limit"
expect_err_line "and each long sentence is named" "cat.txt: sentence 2: " "--max-sentence-chars"

echo "# broken rule files: extract does not start, FILE:LINE for each"
fresh_rules
printf '\n[rule zz-syntax]\nyield = position\npattern = (?<name>abc\n' >>"$R/persons.rules"
printf '# cli test\n[entity msit]\nclass = GovernmentBody\nko = 중복테스트부\n[entity zz-class]\nclass = Spaceship\nko = 우주선테스트\n' \
	>"$R/gazetteer/zz-cli-test.gaz"
pline=$(line_of "$R/persons.rules" 'pattern = (?<name>abc')
cp -- seed.ttl old.ttl
run "$PK" extract --rules "$R" "$seed" -o old.ttl
expect_rc "extract with three broken rules: exit 3" 3
expect_err_line "the syntax error: FILE:LINE" "$R/persons.rules:$pline: " "bad pattern"
expect_err_line "the duplicate id: FILE:LINE" "$R/gazetteer/zz-cli-test.gaz:2: " "duplicate entity id 'msit'"
expect_err_line "the unknown class: FILE:LINE" "$R/gazetteer/zz-cli-test.gaz:6: " "unknown class"
check "old.ttl is untouched" cmp old.ttl seed.ttl
check "no temporary file is left" no_tmp_files "$W"

echo "# --max-document-bytes"
printf '외교부는 발표했다.\n' >small.txt
run "$PK" extract --rules "$SRC/rules" --max-document-bytes 1k "$seed" small.txt -o docs.ttl
expect_rc "a seed over 1 KiB is skipped: exit 1" 1
expect_err_line "the warning names the seed and the limit" "$seed: larger than 1024 bytes" "--max-document-bytes"
check "the small file is still written" grep -qF 'document/small>' docs.ttl
run "$PK" extract --rules "$SRC/rules" --max-document-bytes 1k - -o stdin.ttl <"$seed"
expect_rc "stdin over the limit: exit 1" 1
expect_err_line "the warning names stdin (-)" "-: larger than 1024 bytes" "--max-document-bytes"
run "$PK" extract --rules "$SRC/rules" --max-document-bytes 0 "$seed"
expect_rc "--max-document-bytes 0 is a usage error" 2
run "$PK" extract --rules "$SRC/rules" --max-document-bytes 1x "$seed"
expect_rc "--max-document-bytes 1x is a usage error" 2
expect_err "the message says what it wants" "--max-document-bytes wants a whole number"

echo "# --depth-limit: the JIT stack"
fresh_rules
printf '\n[rule zz-deep]\nyield = position\npattern = (?<name>(?:(x)|y)+)(?<title>@{TITLE})\n' >>"$R/persons.rules"
dline=$(line_of "$R/persons.rules" '[rule zz-deep]')
"$PY" -c 'print("x" * 1500 + "장관 말했다.")' >deep.txt
run "$PK" extract --rules "$R" "$seed" deep.txt -o deep.ttl
expect_rc "the default depth limit lets the deep rule run" 0
expect_no_err "with no warning" "zz-deep"
run "$PK" extract --rules "$R" --depth-limit 50 "$seed" deep.txt -o deep.ttl
expect_rc "--depth-limit 50: exit 0" 0
expect_err_line "the warning names the file and the rule" \
	"deep.txt: sentence 1: rule zz-deep ($R/persons.rules:$dline) skipped" "stack limit"
expect_eq "the seed's facts are all there" "$(persons seed.ttl)" "$(persons deep.ttl)"

echo "# --max-mentions"
for i in 1 2 3 4 5; do
	printf '유상임 과학기술정보통신부 장관은 %d일 말했다.\n' "$i"
done >mentions.txt
run "$PK" extract --rules "$SRC/rules" mentions.txt -o m5.ttl
expect_rc "five sentences on one post" 0
expect_eq "five mentions kept by default" 5 \
	"$(grep -o '<https://w3id.org/policykg/id/mention/mentions/[^>]*>' m5.ttl | sort -u | wc -l | tr -d ' ')"
run "$PK" extract --rules "$SRC/rules" --max-mentions 2 "$seed" mentions.txt -o m2.ttl
expect_rc "--max-mentions 2: exit 0" 0
expect_eq "two mentions kept" 2 \
	"$(grep -o '<https://w3id.org/policykg/id/mention/mentions/[^>]*>' m2.ttl | sort -u | wc -l | tr -d ' ')"
expect_err_line "the warning names the file and the resource" \
	"mentions.txt: <https://w3id.org/policykg/id/position/yusang-im-minister-msit>: more than 2 mentions" \
	"--max-mentions"
check "the post itself is kept" grep -qF '/position/yusang-im-minister-msit>' m2.ttl
check "m2.ttl is valid Turtle" valid_turtle m2.ttl
expect_eq "the seed's persons are all there" "$(persons seed.ttl)" \
	"$(LC_ALL=C comm -12 <(persons seed.ttl) <(persons m2.ttl))"

echo "# eval takes the same limits"
run "$PK" eval --rules "$SRC/rules" --gold "$SRC/tests/seeds" --max-sentence-chars 10 -q "$seed"
expect_rc "eval --max-sentence-chars 10 runs" 0
expect_err "and warns naming the seed" "$seed: sentence 1: "

echo "# outputs: a missing directory, a read-only directory, a full disk"
run "$PK" extract --rules "$SRC/rules" "$seed" -o "$W/missing/g.ttl"
expect_rc "-o missing/g.ttl: exit 4" 4
expect_err_line "the message names the path" "$W/missing/g.ttl" "policykg: error: "
mkdir ro
cp -- seed.ttl ro/g.ttl
chmod 555 ro
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	chmod 755 "$TMP" "$W"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		"$PK" extract --rules "$SRC/rules" "$seed" -o "$W/ro/g.ttl"
	expect_rc "-o into a read-only directory (as nobody): exit 4" 4
	expect_err_line "the message names the path" "$W/ro/g.ttl" "Permission denied"
	check "the old ro/g.ttl is untouched" cmp ro/g.ttl seed.ttl
elif [ "$(id -u)" -ne 0 ]; then
	run "$PK" extract --rules "$SRC/rules" "$seed" -o "$W/ro/g.ttl"
	expect_rc "-o into a read-only directory: exit 4" 4
	expect_err_line "the message names the path" "$W/ro/g.ttl" "Permission denied"
	check "the old ro/g.ttl is untouched" cmp ro/g.ttl seed.ttl
else
	pass "read-only directory: skipped: root writes anywhere and setpriv is missing"
fi
chmod 755 ro
check "no temporary file is left" no_tmp_files "$W"

"$PK" extract -q --rules "$SRC/rules" "$SRC/seeds/" -o all.ttl
mkdir disk
mounted=0
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k tmpfs disk 2>/dev/null; then
	mounted=1
	trap 'umount "$W/disk" 2>/dev/null || true; rm -rf -- "$TMP"' EXIT
	cp -- seed.ttl disk/graph.ttl
	head -c 36000 /dev/zero >disk/filler
	run "$PK" extract --rules "$SRC/rules" "$SRC/seeds/" -o disk/graph.ttl
	expect_rc "a full disk (64 KiB tmpfs) while writing graph.ttl: exit 4" 4
	expect_err_line "the message names graph.ttl and says why" "disk/graph.ttl: " "No space left on device"
	expect_err "and that the old file is untouched" "the old file is untouched"
	check "the old graph.ttl is untouched" cmp disk/graph.ttl seed.ttl
	check "no temporary file is left on the disk" no_tmp_files disk
	umount disk
	mounted=0
else
	pass "no tmpfs could be mounted here: the full disk is simulated with ulimit -f"
fi
cp -- seed.ttl graph.ttl
RC=0
# SIGXFSZ ignored, so write() fails with EFBIG instead of killing us
(trap '' XFSZ; ulimit -f 40; exec "$PK" extract --rules "$SRC/rules" "$SRC/seeds/" -o graph.ttl) \
	>"$TMP/run/fsize.out" 2>"$TMP/run/fsize.err" || RC=$?
ERR=$TMP/run/fsize.err
expect_rc "a file size limit (ulimit -f 40) while writing graph.ttl: exit 4" 4
expect_err_line "the message names graph.ttl" "graph.ttl: " "File too large"
check "the old graph.ttl is untouched" cmp graph.ttl seed.ttl
check "no temporary file is left" no_tmp_files "$W"

echo "# stdout on a full device: every command says so and exits 4 (issue 14)"
if [ -c /dev/full ]; then
	"$PK" load -q seed.ttl --store full.db
	# full_stdout WHAT ARGS...: policykg ARGS >/dev/full
	full_stdout() {
		local what=$1
		shift
		RC=0
		"$PK" "$@" >/dev/full 2>"$TMP/run/full.err" || RC=$?
		ERR=$TMP/run/full.err
		expect_rc "$what >/dev/full" 4
		expect_err "$what: the message names stdout and why" "policykg: error: stdout: No space left on device"
		check "$what: said once" test "$(grep -c 'stdout: ' "$ERR")" -eq 1
	}
	full_stdout "query (table)" query --store full.db persons
	full_stdout "query -f json" query --store full.db -f json persons
	full_stdout "query ASK" query --store full.db -e 'ASK { ?s ?p ?o }'
	full_stdout "query --list" query --list
	full_stdout "stats" stats --store full.db
	full_stdout "extract to stdout" extract -q --rules "$SRC/rules" "$seed"
	full_stdout "extract -f ntriples to stdout" extract -q --rules "$SRC/rules" -f ntriples "$seed"
	full_stdout "export to stdout" export --format cypher seed.ttl
	full_stdout "explain" explain pkgid:msit --graph all.ttl
	full_stdout "eval" eval --rules "$SRC/rules" --gold "$SRC/tests/seeds" "$SRC/seeds/"
	full_stdout "rules check" rules check "$SRC/rules"
	full_stdout "--help" --help
	full_stdout "query --help" query --help
	full_stdout "--version" --version
	RC=0
	"$PK" query --store full.db persons >&- 2>"$TMP/run/closed.err" || RC=$?
	ERR=$TMP/run/closed.err
	expect_rc "query with stdout closed" 4
	expect_err "says so" "policykg: error: stdout: Bad file descriptor"
else
	pass "stdout on a full device: skipped, no /dev/full here"
fi

echo "# a store path that is a directory of other files"
mkdir -p other/photos
printf 'notes\n' >other/notes.txt
printf 'x\n' >other/photos/a.jpg
before=$(sums other)
run "$PK" extract --rules "$SRC/rules" "$seed" --store other
expect_rc "extract --store other: exit 5" 5
expect_err_line "the message names it: not a policykg store" "other" "not a policykg store"
run "$PK" load seed.ttl --store other
expect_rc "load --store other: exit 5" 5
expect_eq "nothing in it was changed or added" "$before" "$(sums other)"

finish
