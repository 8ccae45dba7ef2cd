#!/usr/bin/env bash
# cli.invalid_utf8 - bad bytes in an article cost that byte, not the
# article: `policykg extract` warns with the file and the byte offset
# (counted from 0, from the start of the file), goes on, and still finds
# the facts before and after the bad byte.  Files that are nothing but bad
# bytes, or nothing at all, do not crash it.
#
#   bash tests/cli/invalid_utf8.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_rapper
cd -- "$W"

extract() {
	"$PK" extract --rules "$SRC/rules" "$@"
}
persons() {
	grep -o '<https://w3id.org/policykg/id/person/[^>]*>' "$1" | LC_ALL=C sort -u
}

seed_name=004_6fc6f874443db889.txt
seed=$SRC/seeds/$seed_name
check "the seed $seed_name exists" test -f "$seed"

echo "# one 0xFF byte in the middle of $seed_name"
# The seed names 이상민 (행정안전부 장관) on the line before the anchor line
# and 알렉스 버가트 first on the line after it; the bad byte goes between
# the first two words of the anchor line.
anchor='이번 양해각서 체결에서는'
# byte_of TEXT: the offset of the line where TEXT first occurs (-1: none).
byte_of() {
	local b
	b=$({ grep -b -m 1 -F -- "$1" "$seed" || true; } | cut -d: -f1)
	printf '%s\n' "${b:--1}"
}
line_off=$(byte_of "$anchor")
check "the seed has the anchor line '$anchor'" test "$line_off" -ge 0
off=$((line_off + $(printf '%s' '이번 ' | wc -c)))
lee_off=$(byte_of '이상민')
alex_off=$(byte_of '알렉스 버가트')
check "이상민 is named before byte $off" test "$lee_off" -ge 0 -a "$lee_off" -lt "$off"
check "알렉스 버가트 is named only after byte $off" test "$alex_off" -gt "$off"
mkdir bad
bad=$W/bad/$seed_name
{ head -c "$off" -- "$seed"; printf '\xff'; tail -c "+$((off + 1))" -- "$seed"; } >"$bad"
expect_eq "the copy is the seed plus one byte" \
	"$(($(wc -c <"$seed") + 1))" "$(wc -c <"$bad")"

run extract "$seed" -o clean.ttl
expect_rc "extract the clean seed" 0
run extract "$bad" -o bad.ttl
expect_rc "extract the copy with the bad byte: exit 0" 0
expect_err_line "a warning names the file, byte $off and invalid UTF-8" \
	"$bad: byte $off: " "invalid UTF-8"
expect_err_line "it is a warning, not an error" "$bad: byte $off: " "policykg: warning: "
expect_eq "exactly one invalid UTF-8 warning" 1 "$(grep -c 'invalid UTF-8' "$ERR" || true)"
if n=$(rapper_count turtle bad.ttl); then
	pass "the output is valid Turtle ($n triples)"
else
	fail "the output is valid Turtle"
fi
check "the output has the person before the bad byte (이상민)" \
	test "$(grep -c -F '"이상민"' bad.ttl || true)" -ge 1
check "the output has 행정안전부" test "$(grep -c -F '행정안전부' bad.ttl || true)" -ge 1
check "the output has the person after the bad byte (알렉스 버가트)" \
	test "$(grep -c -F '"알렉스 버가트"' bad.ttl || true)" -ge 1
check "이상민 still holds his post at 행정안전부 (pkgid:mois)" \
	grep -qF '/position/isangmin-minister-mois>' bad.ttl
expect_eq "the same persons as from the clean seed" "$(persons clean.ttl)" "$(persons bad.ttl)"

echo "# a UTF-8 byte order mark counts in the offset"
printf '\xef\xbb\xbf가\xff나다.\n' >bom.txt
run extract bom.txt -o bom.ttl
expect_rc "extract a file with a BOM and a bad byte" 0
expect_err_line "the warning says byte 6 (3 BOM bytes + 가)" "bom.txt: byte 6: " "invalid UTF-8"

echo "# a file of nothing but invalid bytes"
# 0xFF 0xFF (not a UTF-16 mark), an overlong NUL, a UTF-16 surrogate, 0xFE.
printf '\xff\xff\xc0\x80\xed\xa0\x80\xfe' >junk.txt
run extract junk.txt -o junk.ttl
expect_rc "extract it: exit 0 (read, every byte replaced by U+FFFD)" 0
expect_err_line "a warning names the file and byte 0" "junk.txt: byte 0: " "invalid UTF-8"
check "junk.ttl is written" test -s junk.ttl
check "junk.ttl is valid Turtle (rapper)" valid_turtle junk.ttl
check "junk.ttl describes the document" \
	grep -qF '<https://w3id.org/policykg/id/document/junk>' junk.ttl

echo "# an empty file"
: >empty.txt
run extract empty.txt -o empty.ttl
expect_rc "extract a 0-byte file: exit 0 (an empty document)" 0
check "empty.ttl is written" test -s empty.ttl
check "empty.ttl is valid Turtle (rapper)" valid_turtle empty.ttl
check "empty.ttl describes the document" \
	grep -qF '<https://w3id.org/policykg/id/document/empty>' empty.ttl

echo "# all three at once"
run extract junk.txt empty.txt "$bad" -o all.ttl
expect_rc "extract the three files: exit 0" 0
check "all.ttl is valid Turtle (rapper)" valid_turtle all.ttl
expect_err "it wrote three documents" "wrote all.ttl: 3 documents"

echo "# UTF-16 (byte order mark FF FE): bad sequences are warned about too"
# 'A', a lone high surrogate at byte 4, 'B', and an odd last byte at byte 8.
printf '\xff\xfeA\x00\x00\xd8B\x00C' >utf16.txt
run extract utf16.txt -o utf16.ttl
expect_rc "extract a UTF-16LE file with bad sequences: exit 0" 0
check "utf16.ttl is valid Turtle (rapper)" valid_turtle utf16.ttl
expect_err_line "a warning names the file and the lone surrogate at byte 4" \
	"utf16.txt: byte 4: " "warning"
expect_err_line "a warning names the file and the odd last byte at byte 8" \
	"utf16.txt: byte 8: " "warning"

echo "# a binary file (NUL bytes) is skipped, the rest is written"
printf 'abc\000def\n' >binary.txt
run extract "$seed" binary.txt -o partial.ttl
expect_rc "extract the seed and a binary file: exit 1 (an input skipped)" 1
expect_err_line "a warning names the binary file" "binary.txt: " "binary"
check "partial.ttl is written anyway" test -s partial.ttl
expect_eq "partial.ttl is what the seed alone gives" "$(checksum clean.ttl)" "$(checksum partial.ttl)"

finish
