#!/usr/bin/env bash
# bench_smoke.sh - bench.smoke: the benchmark's generators at a tiny size.
# bench/gen_corpus.py, bench/gen_gazetteer.py and bench/gen_page.py give the
# same bytes for the same seed (and other bytes for another), the generated
# rules directory passes `rules check`, and extraction over generated
# articles and over a generated page finds persons, posts, agreements and
# events.  No timing.
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
# one long page (bench/linear.py), here a short one
for d in a b; do
	run $py "$SRC/bench/gen_page.py" --size 20K --seed 3 --out "page-$d.txt"
	expect_rc "gen_page.py seed 3 ($d)" 0
done
run $py "$SRC/bench/gen_page.py" --size 20K --seed 4 --out page-other.txt
expect_rc "gen_page.py seed 4" 0
check "gen_page.py: same seed, same bytes" cmp page-a.txt page-b.txt
check "gen_page.py: another seed, other bytes" \
	bash -c 'test -s page-a.txt && test -s page-other.txt && ! cmp -s page-a.txt page-other.txt'
size=$(wc -c <page-a.txt)
check "a page of about 20 KB ($size bytes)" test "$size" -ge 18000 -a "$size" -le 20000
run "$PK" extract page-a.txt -f ntriples -o page.nt -q
expect_rc "extract over the generated page" 0
check "the page: one document" test "$(grep -c '/ontology#Document>' page.nt)" -eq 1
check "the page: meetings and forums" grep -q '/ontology#Forum>' page.nt
check "the page: agreements with parties" grep -q '/ontology#party>' page.nt
check "the page: posts" grep -q '/ontology#position>' page.nt
check "the page: dated events" grep -q '/ontology#startDate>' page.nt
finish
