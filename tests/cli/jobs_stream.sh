#!/usr/bin/env bash
# cli.jobs_stream - `extract -j N` and streamed N-Triples / N-Quads.
#
# -j N reads and matches articles on N threads but builds the graph in
# input order: the output and the messages must be the same bytes for any
# N.  N-Triples and N-Quads are written document by document: the
# N-Triples must hold exactly the triples of the whole-graph Turtle (each
# once, a Planned status superseded by a Concluded one read later), and a
# stream that fails or reads nothing must leave the old file as it was.
#
#   bash tests/cli/jobs_stream.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_rapper
cd -- "$W"

extract() {
	"$PK" extract --rules "$SRC/rules" --reference-date 2026-11-23 "$@"
}
# the inputs: every seed and corpus article, and one that warns
mkdir in
cp -- "$SRC"/seeds/* "$SRC"/tests/corpus/*.txt "$SRC"/tests/corpus/*.html in/ 2>/dev/null || true
printf '\xff\xfe 과학기술정보통신부 장관은 2026년 2월 30일 회의를 열었다.\n' >in/zz_warns.txt

echo "# -j N: the same bytes"
for fmt in turtle ntriples nquads; do
	for j in 1 2 3 8; do
		# the same output name, for the same "wrote ..." message
		mkdir -p "j$j"
		cd "j$j"
		run extract -j "$j" ../in -f "$fmt" -o "out.$fmt"
		cd ..
		mv -- "j$j/out.$fmt" "out-$j.$fmt"
		cp -- "$ERR" "err-$j.$fmt"
		[ "$j" = 1 ] && expect_rc "extract -j 1 -f $fmt" 0
	done
	for j in 2 3 8; do
		check "-f $fmt: -j $j writes the bytes -j 1 does" cmp -s "out-1.$fmt" "out-$j.$fmt"
		check "-f $fmt: -j $j gives the messages -j 1 does" cmp -s "err-1.$fmt" "err-$j.$fmt"
	done
done
check "the warnings name the article" grep -q "zz_warns.txt" err-1.turtle
check "the summary line too" grep -q "wrote out.turtle" err-1.turtle

echo "# streamed N-Triples are the whole graph's triples"
# both through rapper's writer: its N-Triples escape non-ASCII, ours not
rapper -q -i turtle -o ntriples out-1.turtle | LC_ALL=C sort >turtle.sorted
rapper -q -i ntriples -o ntriples out-1.ntriples | LC_ALL=C sort >nt.sorted
check "N-Triples and Turtle hold the same triples" cmp -s turtle.sorted nt.sorted
expect_eq "no triple is written twice" "" "$(LC_ALL=C sort out-1.ntriples | uniq -d | head -n 3)"
n=$(rapper_count ntriples out-1.ntriples) && pass "rapper parses the stream ($n triples)" ||
	fail "rapper parses the stream"
n=$(rapper_count nquads out-1.nquads) && pass "rapper parses the N-Quads stream ($n quads)" ||
	fail "rapper parses the N-Quads stream"

echo "# an agreement planned in one article and signed in a later one"
mkdir pc
printf '과학기술정보통신부는 영국 과학혁신기술부와 인공지능 안전 분야 양해각서(MOU)를 체결할 예정이라고 밝혔다.\n' >pc/a.txt
printf '과학기술정보통신부는 영국 과학혁신기술부와 인공지능 안전 분야 양해각서(MOU)를 체결했다고 밝혔다.\n' >pc/b.txt
extract -q pc -f ntriples -o pc.nt
extract -q pc -f turtle -o pc.ttl
expect_eq "N-Triples: one status, Concluded" "Concluded" \
	"$(grep -F 'ontology#status>' pc.nt | sed 's/.*#\([A-Za-z]*\)> \.$/\1/' | tr '\n' ' ' | xargs)"
check "and the same triples as Turtle" cmp -s \
	<(rapper -q -i turtle -o ntriples pc.ttl | LC_ALL=C sort) \
	<(rapper -q -i ntriples -o ntriples pc.nt | LC_ALL=C sort)
extract -q pc -f nquads -o pc.nq
expect_eq "N-Quads: each article keeps its own status" "Concluded Planned" \
	"$(grep -F 'ontology#status>' pc.nq | sed 's/.*#\([A-Za-z]*\)> <.*/\1/' | LC_ALL=C sort | tr '\n' ' ' | xargs)"

echo "# a stream that fails leaves the old file"
printf 'old\n' >keep.nt
run extract -q in/does-not-exist.txt -f ntriples -o keep.nt
expect_rc "nothing readable" 1
expect_eq "keep.nt is as it was" "old" "$(cat keep.nt)"
check "no temporary file is left" no_tmp_files .
if [ -w /dev/full ]; then
	run extract -q -j 2 in -f ntriples -o /dev/full
	expect_rc "writing to a full device" 4
	expect_err "says so" "/dev/full"
fi
run extract -q -j 0 in -f ntriples
expect_rc "-j 0 is refused" 2
expect_err "with the range" "--jobs wants a number from 1 to"
run extract -q -j 2 in/zz_warns.txt -f ntriples -o one.nt
expect_rc "-j 2 with one input" 0
check "is the same as -j 1" cmp -s one.nt <(extract -q in/zz_warns.txt -f ntriples)

finish
