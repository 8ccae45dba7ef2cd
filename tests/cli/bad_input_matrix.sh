#!/usr/bin/env bash
# cli.bad_input_matrix - the articles that must not hurt `policykg
# extract`: each bad input is extracted together with a good seed, and the
# test asserts the exit code, the message naming the bad file, and that the
# seed's facts are still in the output, which rapper and rdflib must parse.
# (The rule files, limits, outputs and stores are in bad_input_limits.sh.)
#
#   bash tests/cli/bad_input_matrix.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_rapper
need_rdflib
cd -- "$W"

extract() {
	"$PK" extract --rules "$SRC/rules" "$@"
}
seed=$SRC/seeds/004_6fc6f874443db889.txt
extract -q "$seed" -o seed.ttl

# rdflib_count FILE: the number of triples rdflib parses from FILE (Turtle).
rdflib_count() {
	"$PY" -c 'import sys, rdflib
g = rdflib.Graph(); g.parse(sys.argv[1], format="turtle"); print(len(g))' "$1"
}
# both_parse WHAT FILE: rapper and rdflib parse FILE and count the same.
both_parse() {
	local a b
	if ! a=$(rapper_count turtle "$2"); then
		fail "$1: rapper parses it"
		return
	fi
	if ! b=$(rdflib_count "$2" 2>"$TMP/run/rdflib.err"); then
		fail "$1: rdflib parses it" "$(head -n 3 "$TMP/run/rdflib.err")"
		return
	fi
	expect_eq "$1: rapper and rdflib parse it, same count ($a)" "$a" "$b"
}
# seed_kept WHAT FILE: FILE holds what the seed alone gives (its persons).
persons() {
	grep -o '<https://w3id.org/policykg/id/person/[^>]*>' "$1" | LC_ALL=C sort -u
}
seed_kept() {
	check "$1: the seed's post of 이상민 at pkgid:mois is still there" \
		grep -qF '/position/isangmin-minister-mois>' "$2"
	expect_eq "$1: the seed's persons are all there" "" \
		"$(LC_ALL=C comm -23 <(persons seed.ttl) <(persons "$2"))"
}
# run_with NAME FILE RC: extract the seed and FILE to NAME.ttl, expect RC,
# a valid graph and the seed's facts.
run_with() {
	run extract "$seed" "$2" -o "$1.ttl"
	expect_rc "$1: extract the seed and $(basename -- "$2")" "$3"
	both_parse "$1" "$1.ttl"
	seed_kept "$1" "$1.ttl"
}
doc_in() {
	grep -qF "<https://w3id.org/policykg/id/document/$1>" "$2"
}

echo "# empty, 0-byte and 1-byte files: read as (almost) empty documents"
: >empty.txt
run_with empty empty.txt 0
check "empty: the empty document is described" doc_in empty empty.ttl
expect_no_err "empty: no warning" "warning"
printf 'x' >one.txt
run_with one one.txt 0
check "one: the 1-byte document is there, titled x" grep -qF 'dcterms:title "x"' one.ttl
printf '\n\n  \n' >blank.txt
run_with blank blank.txt 0
check "blank (whitespace only): the document is there" doc_in blank blank.ttl

echo "# invalid UTF-8 at the start, the middle and the end"
printf '\xff외교부는 발표했다.\n' >bad-start.txt
run_with bad-start bad-start.txt 0
expect_err_line "bad-start: warning names the file and byte 0" "bad-start.txt: byte 0: " "invalid UTF-8"
check "bad-start: the rest of the line is read (외교부, pkgid:mofa)" \
	grep -qF '<https://w3id.org/policykg/id/document/bad-start>' bad-start.ttl
printf '외교부는 \xc3 발표했다.\n' >bad-mid.txt
run_with bad-mid bad-mid.txt 0
expect_err_line "bad-mid: warning names the file and byte 13" "bad-mid.txt: byte 13: " "invalid UTF-8"
printf '외교부는 발표했다.\xe2\x82' >bad-end.txt
run_with bad-end bad-end.txt 0
expect_err_line "bad-end: warning names the file and byte 26 (a cut sequence)" \
	"bad-end.txt: byte 26: " "invalid UTF-8"
check "bad-end: the mention of 외교부 before it is kept" \
	grep -qF 'pkg:mentionedIn <https://w3id.org/policykg/id/document/bad-end>' bad-end.ttl
printf '\xc0\x80\xed\xa0\x80\xf8\x88\x80\x80\x80' >overlong.txt
run_with overlong overlong.txt 0
expect_err_line "overlong NUL, surrogate, 5-byte form: warned, byte 0" "overlong.txt: byte 0: " "invalid UTF-8"
python3_bad() { "$PY" -c 'import sys; sys.stdout.buffer.write(b"\x80" * 100 + "외교부.\n".encode())'; }
python3_bad >many.txt
run_with many many.txt 0
expect_eq "many: at most 5 warnings per file, then a count" 5 \
	"$(grep -c 'many.txt: byte' "$ERR" || true)"
expect_err "many: the count of all bad sequences" "many.txt: 100 invalid UTF-8 sequences in all"

echo "# byte order marks"
printf '\xef\xbb\xbf외교부는 발표했다.\n' >bom8.txt
run_with bom8 bom8.txt 0
expect_no_err "bom8: a UTF-8 BOM is no warning" "bom8.txt"
check "bom8: the BOM is not in the title" grep -qF 'dcterms:title "외교부는 발표했다."' bom8.ttl
"$PY" -c 'import sys; sys.stdout.buffer.write(b"\xff\xfe" + "외교부는 발표했다.\n".encode("utf-16-le"))' >bom16le.txt
run_with bom16le bom16le.txt 0
check "bom16le: UTF-16LE decoded (외교부 found)" \
	grep -qF 'dcterms:title "외교부는 발표했다."' bom16le.ttl
"$PY" -c 'import sys; sys.stdout.buffer.write(b"\xfe\xff" + "외교부는 발표했다.\n".encode("utf-16-be"))' >bom16be.txt
run_with bom16be bom16be.txt 0
check "bom16be: UTF-16BE decoded" grep -qF 'dcterms:title "외교부는 발표했다."' bom16be.ttl

echo "# NUL bytes and binary files: skipped with a warning, exit 1"
printf '외교부는\000발표했다.\n' >nul.txt
run_with nul nul.txt 1
expect_err_line "nul: the warning names the file: binary, skipped" "nul.txt: " "binary file (NUL bytes); skipped"
check "nul: not a document of the output" test -z "$(grep -F 'document/nul>' nul.ttl || true)"
# A real PNG header and IHDR chunk (1x1, 8-bit RGB) and an IEND.
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x00IEND\xae\x42\x60\x82' >image.png
run_with png image.png 1
expect_err_line "png: named on the command line, it is warned about and skipped" "image.png: " "binary file"
mkdir pngdir
cp -- "$seed" image.png pngdir/
run extract pngdir -o pngdir.ttl
expect_rc "png: in a directory, a .png is not an article: not read, exit 0" 0
expect_no_err "png: and no warning about it" "image.png"
expect_eq "png: the directory gives the seed's graph" "$(persons seed.ttl)" "$(persons pngdir.ttl)"

echo "# a 100 MB file with no newline"
head -c 100000000 /dev/zero | tr '\0' 'a' >huge.txt
t0=$(date +%s)
RC=0
/usr/bin/time -f '%M' -o "$TMP/run/huge.rss" "$PK" extract --rules "$SRC/rules" "$seed" huge.txt \
	-o huge.ttl 2>"$TMP/run/huge.err" || RC=$?
ERR=$TMP/run/huge.err
t1=$(date +%s)
expect_rc "huge: extract the seed and huge.txt (skipped)" 1
expect_err_line "huge: the warning names the file and the limit" "huge.txt: larger than 8388608 bytes" \
	"--max-document-bytes"
rss=$(tail -n 1 "$TMP/run/huge.rss")
check "huge: done in under 30 s ($((t1 - t0)) s)" test $((t1 - t0)) -lt 30
check "huge: peak RSS under 200 MB (${rss} KB): the file is not read" test "$rss" -lt 200000
both_parse huge huge.ttl
seed_kept huge huge.ttl
rm -f huge.txt
# Under the limit, one run-on "sentence" costs names only, not the rules.
head -c 3000000 /dev/zero | tr '\0' 'a' >long.txt
printf ' 외교부' >>long.txt
t0=$(date +%s)
run extract "$seed" long.txt -o long.ttl
t1=$(date +%s)
expect_rc "long: 3 MB without a sentence break: exit 0" 0
expect_err_line "long: a warning names the file, the sentence and the limit" \
	"long.txt: sentence 1: 3000004 characters, more than 2000" "--max-sentence-chars"
check "long: done in under 60 s ($((t1 - t0)) s)" test $((t1 - t0)) -lt 60
check "long: its names are still found (외교부 mentioned in it)" \
	grep -qF 'pkg:mentionedIn <https://w3id.org/policykg/id/document/long>' long.ttl
seed_kept long long.ttl
rm -f long.txt

echo "# HTML: 10,000 nested tags, an unterminated <script>, entities"
"$PY" -c 'print("<html><body>" + "<div>" * 10000 + "<p>외교부는 발표했다.</p>" + "</div>" * 10000 + "</body></html>")' >nested.html
run_with nested nested.html 0
check "nested: the text inside is read (외교부)" \
	grep -qF 'pkg:mentionedIn <https://w3id.org/policykg/id/document/nested>' nested.ttl
"$PY" -c 'print("<html><body>" + "<div>" * 10000 + "<p>외교부는 발표했다.</p>")' >unclosed.html
run_with unclosed unclosed.html 0
printf '<html><body><p>외교부는 발표했다.</p><script>var s = "과학기술정보통신부 <p>";\n' >script.html
run_with script script.html 0
check "script: the text before <script> is read (외교부)" \
	grep -qF 'pkg:mentionedIn <https://w3id.org/policykg/id/document/script>' script.ttl
check "script: nothing inside the unterminated <script> is read (no 과학기술정보통신부)" \
	test -z "$(grep -F 'document/script>' script.ttl | grep -F msit || true)"
check "script: no script text in any literal" test -z "$(grep -F 'var s' script.ttl || true)"
# Entities that decode to control characters, to > " \ and to the
# noncharacters U+FFFE / U+FFFF (which made Raptor's Turtle writer drop the
# rest of the subject): the Turtle must stay valid and whole.
cat >entities.html <<'EOF'
<html><head><title>제목 &#1;&#8;&#27;&#x7f;&#x85; &gt;&quot;\&lt;/title&gt; &#xfffe;&#xffff; 끝</title></head><body>
<p>유상임 과학기술정보통신부 장관은 &#1;&#x1b;&#x7f; &gt;&quot;\ &lt;/p&gt; &#xfffe;&#xffff; 22일 말했다.</p>
<p>line&#13;break &#10; and &#0; null &#x110000; too big</p></body></html>
EOF
run_with entities entities.html 0
run extract entities.html -f ntriples -o entities.nt
expect_rc "entities: alone, as N-Triples" 0
run extract entities.html -o entities-alone.ttl
expect_rc "entities: alone, as Turtle" 0
expect_eq "entities: the Turtle holds every triple the N-Triples has" \
	"$(wc -l <entities.nt | tr -d ' ')" "$(rapper_count turtle entities-alone.ttl)"
check "entities: the document keeps its type (nothing dropped after the title)" \
	grep -q '<https://w3id.org/policykg/id/document/entities> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/policykg/ontology#Document>' entities.nt
check "entities: > \" \\ are escaped by Raptor in the title" \
	grep -qF ' >\"\\</title> ' entities.nt
# two U+FFFD, written as UTF-8 since issue 16 (Raptor wrote \uFFFD\uFFFD)
check "entities: U+FFFE and U+FFFF became U+FFFD" grep -qF '��' entities.nt
check "entities: no raw control character in the output" \
	test -z "$(LC_ALL=C grep -P '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' entities.ttl || true)"
check "entities: the post of 유상임 is still found" grep -qF 'person/yusang-im>' entities.ttl

echo "# names with > \" \\ and a newline: in a file name, a title, a gazetteer entry"
R2=$W/rules-weird
cp -R -- "$SRC/rules" "$R2"
printf '# cli test\n[entity zz-weird]\nclass = Company\nko = 꺾쇠>따옴"역\\슬래시\nen = A>B "C" \\D\nalias = Q<R{}|^`\n' \
	>"$R2/gazetteer/zz-weird.gaz"
mkdir names
weird=$'names/a>b"c\\d\ne.txt'
printf '꺾쇠>따옴"역\\슬래시는 22일 발표했다 <b>"x"</b> \\ Q<R{}|^` 와.\n' >"$weird"
cp -- "$seed" names/
run "$PK" extract --rules "$R2" names -o names.ttl
expect_rc "names: extract a directory holding the weird file name and the seed" 0
both_parse names names.ttl
seed_kept names names.ttl
check "names: the file's document id is a slug (a-b-c-d-e)" doc_in a-b-c-d-e names.ttl
check "names: the weird label is escaped, not pasted" grep -qF '"꺾쇠>따옴\"역\\슬래시"@ko' names.ttl
check "names: the aliases Q<R{} and ^\` (| separates aliases) are literals" \
	grep -qF 'skos:altLabel "Q<R{}"@en, "^`"' names.ttl
check "names: the title keeps > \" \\" grep -qF 'dcterms:title "꺾쇠>따옴\"역\\슬래시는' names.ttl
run "$PK" extract --rules "$R2" "$weird" -o "names/out>\"\\"$'\n'".ttl"
expect_rc "names: an output file name with > \" \\ and a newline" 0
check "names: it was written" test -s "names/out>\"\\"$'\n'".ttl"

echo "# a directory with an unreadable file, a dangling link and symlink loops"
mkdir -p tree/sub
cp -- "$seed" tree/
printf '외교부는 발표했다.\n' >tree/sub/locked.txt
chmod 000 tree/sub/locked.txt
ln -s .. tree/sub/up               # a loop back to a parent
ln -s self.txt tree/self.txt       # a link to itself (ELOOP)
ln -s missing.txt tree/dangling.txt
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	# root reads any file: drop to nobody, who can read all but locked.txt
	chmod 755 "$TMP" "$W"
	chmod -R a+rX tree
	chmod 000 tree/sub/locked.txt
	chmod 777 "$W"
	as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }
elif [ "$(id -u)" -eq 0 ]; then
	as_user() { "$@"; }
	printf 'note - running as root without setpriv: locked.txt is readable here\n'
else
	as_user() { "$@"; }
fi
run as_user "$PK" extract --rules "$SRC/rules" tree -o "$W/tree.ttl"
expect_rc "tree: exit 1 (inputs skipped), the rest written" 1
expect_err_line "tree: the symlink loop is named" "tree/sub/up: " "directory loop"
expect_err_line "tree: the self link is named" "tree/self.txt: " "symbolic links"
expect_err_line "tree: the dangling link is named" "tree/dangling.txt: " "No such file"
if [ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null 2>&1; then
	expect_err_line "tree: the unreadable file is named" "tree/sub/locked.txt: " "Permission denied"
fi
both_parse tree tree.ttl
seed_kept tree tree.ttl

echo "# a FIFO with no writer, a device, a socket: refused, never waited for (issue 14)"
mkfifo lonely.fifo
start=$(date +%s)
RC=0
timeout 20 "$PK" extract --rules "$SRC/rules" lonely.fifo "$seed" -o fifo.ttl \
	>"$TMP/run/fifo.out" 2>"$TMP/run/fifo.err" || RC=$?
ERR=$TMP/run/fifo.err
check "a FIFO nobody writes to does not block the run" test "$RC" -ne 124
check "it ends at once" test $(($(date +%s) - start)) -lt 15
expect_rc "fifo: exit 1 (skipped), the rest written" 1
expect_err_line "fifo: the FIFO is named and why" "lonely.fifo: " "a FIFO with no writer"
both_parse fifo fifo.ttl
seed_kept fifo fifo.ttl
run timeout 20 "$PK" extract --rules "$SRC/rules" --manifest lonely.fifo "$seed" -o manifest.ttl
check "--manifest naming a FIFO with no writer does not block either" test "$RC" -ne 124
expect_err_line "and names it" "lonely.fifo: " "a FIFO with no writer"
run timeout 20 "$PK" export --format cypher lonely.fifo
expect_rc "export of a FIFO: refused (exit 4), not waited for" 4
expect_err_line "it is named" "lonely.fifo: " "a FIFO, not a regular file"
# A FIFO with a writer is read (a writer blocked in open(2) counts), as a
# pipe from <(...) is.
mkfifo fed.fifo
cat -- "$seed" >fed.fifo &
writer=$!
sleep 1
run timeout 20 "$PK" extract --rules "$SRC/rules" fed.fifo -o fed.ttl
expect_rc "a FIFO with a writer is read" 0
seed_kept fed fed.ttl
kill "$writer" 2>/dev/null || true
wait "$writer" 2>/dev/null || true
run_with devnull /dev/null 1
expect_err_line "devnull: the device is named" "/dev/null: " "a character device, not a file"
"$PY" -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' a.sock
run_with socket a.sock 1
expect_err_line "socket: it is named" "a.sock: " "a socket, not a file"

finish
