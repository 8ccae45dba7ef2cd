#!/usr/bin/env bash
# cli.encodings - an article in another encoding than UTF-8 is read in its
# own (issue 14: a CP949 page used to become thousands of U+FFFD and no
# facts).  The seed that names 행정안전부, 영국 내각부 and their ministers is
# converted with iconv: to EUC-KR and CP949 as bare text (ICU's detector),
# to EUC-KR as HTML whose <meta> says so (both forms of the tag), to
# ISO-2022-KR (its escape sequence), and to UTF-16 with a byte order mark.
# Each is read with a warning that names the file and the encoding, and
# yields the same N-Quads, byte for byte, as the UTF-8 original of the
# same name.  UTF-8 stays as it is, even under a <meta> naming EUC-KR;
# invalid UTF-8 that is no known charset keeps its U+FFFD.
#
#   bash tests/cli/encodings.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

command -v iconv >/dev/null 2>&1 || { printf 'FAIL - iconv is not installed\n'; exit 1; }
extract() {
	"$PK" extract --rules "$SRC/rules" --reference-date 2025-06-01 -f nquads "$@"
}
seed=$SRC/seeds/004_6fc6f874443db889.txt
check "the seed exists" test -f "$seed"

# The originals, in UTF-8: the seed; the seed and a sentence with 똠, a
# syllable CP949 has and EUC-KR has not; the seed as an HTML page whose
# <meta> names EUC-KR, in each form of the tag.
mkdir utf8 euckr cp949 iso utf16le utf16be
cp -- "$seed" utf8/a.txt
{ head -n 1 -- "$seed"; printf '이날 김똠방 행안부 차관은 서명식에 참석했다.\n'
  tail -n +2 -- "$seed"; } >utf8/b.txt
page() { # page META: the seed in an HTML page with META in its head
	printf '<!DOCTYPE html>\n<html><head>%s<title>%s</title></head><body>\n' "$1" "$(head -n 1 -- "$seed")"
	sed 's|.*|<p>&</p>|' -- "$seed"
	printf '</body></html>\n'
}
page '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">' >utf8/c.html
page '<META CHARSET="EUC-KR">' >utf8/d.html

iconv -f UTF-8 -t EUC-KR utf8/a.txt >euckr/a.txt
iconv -f UTF-8 -t CP949 utf8/b.txt >cp949/b.txt
iconv -f UTF-8 -t EUC-KR utf8/c.html >euckr/c.html
iconv -f UTF-8 -t EUC-KR utf8/d.html >euckr/d.html
iconv -f UTF-8 -t ISO-2022-KR utf8/a.txt >iso/a.txt
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE utf8/a.txt; } >utf16le/a.txt
{ printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE utf8/a.txt; } >utf16be/a.txt
check "the EUC-KR copy is not UTF-8" bash -c '! iconv -f UTF-8 -t UTF-8 euckr/a.txt >/dev/null 2>&1'
check "the CP949 copy holds 김똠방, which EUC-KR cannot" \
	bash -c 'iconv -f CP949 -t UTF-8 cp949/b.txt | grep -q 김똠방 && ! iconv -f UTF-8 -t EUC-KR utf8/b.txt >/dev/null 2>&1'

for f in a.txt b.txt c.html d.html; do
	run extract "utf8/$f" -o "utf8/$f.nq"
	expect_rc "the UTF-8 original $f" 0
	expect_no_err "$f in UTF-8: no warning" "warning"
done
check "the original yields persons" grep -qF '/id/person/' utf8/a.txt.nq
check "the original yields a party 영국 내각부" \
	grep -qF '/ontology#party> <https://w3id.org/policykg/id/uk-cabinet-office>' utf8/a.txt.nq
check "the original names 김똠방 (person/gimttombang)" grep -qF '/id/person/gimttombang>' utf8/b.txt.nq
check "the HTML original yields the same persons" \
	test "$(grep -c '/id/person/' utf8/c.html.nq)" -gt 0

# same DIR/FILE ENCODING HOW: DIR/FILE is read as ENCODING (HOW), with a
# warning, into the N-Quads of utf8/FILE
same() {
	run extract "$1/$2" -o "$1/$2.nq"
	expect_rc "$1/$2: exit 0" 0
	expect_err_line "$1/$2: the warning names the file and $3 ($4)" \
		"$1/$2: read as $3 ($4)" "converted to UTF-8"
	expect_err_line "$1/$2: it is a warning" "$1/$2: " "policykg: warning: "
	expect_no_err "$1/$2: no U+FFFD" "invalid"
	check "$1/$2: the same N-Quads as utf8/$2" cmp "utf8/$2.nq" "$1/$2.nq"
}
same euckr a.txt EUC-KR detected
same cp949 b.txt EUC-KR detected
same euckr c.html EUC-KR 'declared in <meta>'
same euckr d.html EUC-KR 'declared in <meta>'
same iso a.txt ISO-2022-KR 'its escape sequence'
same utf16le a.txt UTF-16LE 'byte order mark'
same utf16be a.txt UTF-16BE 'byte order mark'

echo "# -q: converted without a word"
run extract -q euckr/a.txt -o quiet.nq
expect_rc "extract -q the EUC-KR copy" 0
check "nothing on stderr" test ! -s "$ERR"
check "the same N-Quads" cmp utf8/a.txt.nq quiet.nq

echo "# invalid UTF-8 that is no charset ICU is sure of: U+FFFD, as before"
# the seed with one 0xFF byte in it: ICU finds it UTF-8, not sure enough
{ head -c 100 -- "$seed"; printf '\xff'; tail -c +101 -- "$seed"; } >bad.txt
run extract bad.txt -o bad.nq
expect_rc "extract it" 0
expect_err_line "a warning names byte 100" "bad.txt: byte 100: " "invalid UTF-8"
expect_no_err "and no conversion" "read as"
printf 'Caf\xe9 cr\xe8me.\n' >latin.txt
run extract latin.txt -o latin.nq
expect_rc "a short Latin-1 line" 0
expect_no_err "is not guessed at" "read as"
expect_err_line "its bytes are U+FFFD" "latin.txt: byte 3: " "invalid UTF-8"

echo "# a UTF-8 byte order mark: UTF-8, bad bytes and all"
{ printf '\xef\xbb\xbf'; cat euckr/a.txt; } >bom.txt
run extract bom.txt -o bom.nq
expect_rc "extract EUC-KR bytes behind a UTF-8 mark" 0
expect_no_err "no conversion" "read as"
expect_err "U+FFFD instead" "invalid UTF-8"

finish
