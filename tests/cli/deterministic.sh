#!/usr/bin/env bash
# cli.deterministic - the same input gives the same bytes: two runs of
# `policykg extract` over seeds/ write byte-identical Turtle and
# byte-identical N-Triples, a directory gives what its files listed in the
# same order give, and -o FILE writes what stdout gets.
#
#   bash tests/cli/deterministic.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

extract() {
	"$PK" extract -q --rules "$SRC/rules" "$@"
}

for fmt in turtle ntriples; do
	echo "# $fmt: two runs over seeds/"
	run extract "$SRC/seeds/" -f "$fmt" -o "run1.$fmt"
	expect_rc "first run ($fmt)" 0
	run extract "$SRC/seeds/" -f "$fmt" -o "run2.$fmt"
	expect_rc "second run ($fmt)" 0
	check "the $fmt output is not empty" test -s "run1.$fmt"
	check "two runs give byte-identical $fmt (cmp)" cmp "run1.$fmt" "run2.$fmt"
done
check "Turtle and N-Triples differ (the format option is honoured)" \
	bash -c '! cmp -s "$1" "$2"' _ run1.turtle run1.ntriples

echo "# the directory vs. its files listed explicitly, in the same order"
files=()
while IFS= read -r -d '' f; do
	files+=("$f")
done < <(find "$SRC/seeds" -type f -print0 | LC_ALL=C sort -z)
check "seeds/ holds the seed articles (${#files[@]})" test "${#files[@]}" -ge 5
for fmt in turtle ntriples; do
	run extract "${files[@]}" -f "$fmt" -o "files.$fmt"
	expect_rc "extract with the files listed ($fmt)" 0
	check "seeds/ and its files listed give byte-identical $fmt" \
		cmp "run1.$fmt" "files.$fmt"
done

echo "# -o FILE vs. stdout"
run extract "$SRC/seeds/"
expect_rc "extract to stdout" 0
check "stdout gets exactly what -o FILE gets" cmp "$OUT" run1.turtle

echo "# the working directory and the spelling of the path do not matter"
mkdir elsewhere
cp -R -- "$SRC/seeds" elsewhere/seeds
run bash -c 'cd "$1" && shift && "$@"' _ elsewhere \
	"$PK" extract -q --rules "$SRC/rules" seeds -o "$W/relative.ttl"
expect_rc "extract a copy of seeds by a relative path" 0
check "a relative path to a copy gives the same Turtle" cmp run1.turtle relative.ttl

echo "# two inputs with one document id: warned about once each, facts merged"
mkdir -p dup/a dup/b
first=$(ls "$SRC/seeds/" | head -n 1)
for d in a b; do cp -- "$SRC/seeds/$first" "dup/$d/same.txt"; done
cp -- "$SRC/seeds/$first" dup/b/other.txt
run "$PK" extract --rules "$SRC/rules" dup/a dup/b -f nquads -o dup.nq
expect_rc "extract two files named alike" 0
expect_err_line "the second is named with the first" "dup/b/same.txt" "same document id as dup/a/same.txt"
check "one warning only (other.txt has its own id)" \
	test "$(grep -c 'same document id' "$ERR")" -eq 1
expect_err "the summary counts three documents" "3 documents"

finish
