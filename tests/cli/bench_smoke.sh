#!/usr/bin/env bash
# bench_smoke.sh - bench.smoke: the benchmark's generators at a tiny size.
# bench/gen_corpus.py and bench/gen_gazetteer.py give the same bytes for the
# same seed (and other bytes for another), the generated rules directory
# passes `rules check`, and extraction over generated articles finds
# persons, posts and agreements.  No timing.
#
#   bash tests/cli/bench_smoke.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"
py=/usr/bin/python3

for d in a b; do
	run $py "$SRC/bench/gen_corpus.py" --size 60K --seed 3 --out "c-$d" --src "$SRC" --per-dir 5
	expect_rc "gen_corpus.py seed 3 ($d)" 0
done
run $py "$SRC/bench/gen_corpus.py" --size 60K --seed 4 --out c-other --src "$SRC" --per-dir 5
expect_rc "gen_corpus.py seed 4" 0
check "same seed, same files and bytes" diff -r c-a c-b
check "another seed, other bytes" bash -c '! diff -rq c-a c-other >/dev/null'
size=$(cat c-a/*/*.txt | wc -c)
check "about 60 KB of articles ($size bytes)" test "$size" -ge 60000 -a "$size" -lt 75000
check "articles in subdirectories of 5" test "$(ls c-a/000 | wc -l)" -eq 5

for d in a b; do
	run $py "$SRC/bench/gen_gazetteer.py" --entries 300 --seed 3 --out "g-$d" --src "$SRC"
	expect_rc "gen_gazetteer.py 300 entries ($d)" 0
done
check "same seed, same gazetteer bytes" diff -r g-a g-b
expect_eq "300 generated entries" 300 "$(grep -c '^\[entity' g-a/rules/gazetteer/generated.gaz)"
check "the real gazetteer is kept" cmp "$SRC/rules/gazetteer/kr-government.gaz" g-a/rules/gazetteer/kr-government.gaz
check "aliases.txt lists the generated names" grep -qxF "$(sed -n 's/^ko *= //p' g-a/rules/gazetteer/generated.gaz | head -1)" g-a/aliases.txt
check "aliases.txt lists the real names" grep -qxF 과학기술정보통신부 g-a/aliases.txt
real=$(cat "$SRC"/rules/gazetteer/*.gaz | grep -c '^\[entity')
run "$PK" rules check g-a/rules
expect_rc "policykg rules check accepts the generated rules" 0
expect_out "it counts the entities: the real ones and 300" "$((real + 300)) entities"

run "$PK" extract c-a --rules g-a/rules -f ntriples -o c.nt -q
expect_rc "extract over the generated articles" 0
n=$(wc -l <c.nt)
check "they yield triples ($n)" test "$n" -gt 1000
check "persons" grep -q '/ontology#Person>' c.nt
check "posts" grep -q '/ontology#position>' c.nt
check "agreements" grep -q '/ontology#Agreement>' c.nt
check "events" grep -q '/ontology#Event>' c.nt
check "names made up by the generator" test "$(grep -c '/id/person/' c.nt)" -gt 20
finish
