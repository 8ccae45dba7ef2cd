#!/usr/bin/env bash
# shard.sh - cli.shard: a corpus split into 4 shards, each extracted on its
# own (as on 4 machines under GNU parallel --sshlogin), the N-Quads
# concatenated and loaded, gives the same store as one run over the whole
# corpus: the same canonical documents (docs/*.nq), the same stats and the
# same answers to the stored queries.
#
#   bash tests/cli/shard.sh POLICYKG SOURCE_DIR
#
# The corpus is seeds/ and tests/corpus/ plus about 30 articles made by
# bench/gen_corpus.py (seed 7), with a fixed --reference-date for the
# undated ones; shards are the sorted file list dealt round-robin.
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

mkdir corpus
cp "$SRC"/seeds/*.txt "$SRC"/tests/corpus/*.txt corpus/
run /usr/bin/python3 "$SRC/bench/gen_corpus.py" --size 150K --seed 7 --out gen --src "$SRC"
expect_rc "gen_corpus.py makes a small corpus" 0
find gen -name '*.txt' -exec cp {} corpus/ \;
n=$(ls corpus | wc -l)
check "the corpus has more than 40 articles ($n)" test "$n" -gt 40

opts=(-f nquads --reference-date 2025-06-30 --rules "$SRC/rules" -q)
i=0
for f in $(ls corpus | sort); do
	mkdir -p "shard$((i % 4))"
	cp "corpus/$f" "shard$((i % 4))/"
	i=$((i + 1))
done
for k in 0 1 2 3; do
	run "$PK" extract "shard$k" "${opts[@]}" -o "s$k.nq"
	expect_rc "shard $k extracts" 0
done
cat s0.nq s1.nq s2.nq s3.nq >shards.nq
run "$PK" extract corpus "${opts[@]}" -o whole.nq
expect_rc "the whole corpus extracts in one run" 0
check "the whole run has triples" test -s whole.nq
expect_eq "the shards' quads, sorted, are the whole run's" \
	"$(LC_ALL=C sort whole.nq | sha256sum)" "$(LC_ALL=C sort shards.nq | sha256sum)"

run "$PK" load shards.nq --store shards.db -q
expect_rc "the concatenated shards load" 0
run "$PK" load whole.nq --store whole.db -q
expect_rc "the whole run loads" 0
expect_eq "both stores hold the same documents" \
	"$(cd whole.db/docs && ls | sort)" "$(cd shards.db/docs && ls | sort)"
expect_eq "the documents' canonical N-Quads are the same bytes" \
	"$(cat whole.db/docs/*.nq | sha256sum)" "$(cat shards.db/docs/*.nq | sha256sum)"
check "the stores hold over 40 documents" test "$(ls whole.db/docs | wc -l)" -ge 40
run "$PK" stats --store whole.db
cp "$OUT" stats-whole
run "$PK" stats --store shards.db
expect_eq "stats agree (but the store name)" "$(sed 1d stats-whole)" "$(sed 1d "$OUT")"

# the shards loaded one by one, in another order, end in the same state
for k in 3 1 0 2; do
	run "$PK" load "s$k.nq" --store one-by-one.db -q
	expect_rc "shard $k loads into a store of its own" 0
done
expect_eq "shards loaded one by one: the same documents" \
	"$(cat whole.db/docs/*.nq | sha256sum)" "$(cat one-by-one.db/docs/*.nq | sha256sum)"

for q in persons organizations documents agreements countries; do
	run "$PK" query --store whole.db "$q" --format tsv
	cp "$OUT" "q-whole-$q"
	run "$PK" query --store shards.db "$q" --format tsv
	expect_rc "$q answers over the shards' store" 0
	check "$q has rows" test "$(wc -l <"q-whole-$q")" -gt 1
	expect_eq "$q: the same answer" "$(cat "q-whole-$q")" "$(cat "$OUT")"
done
finish
