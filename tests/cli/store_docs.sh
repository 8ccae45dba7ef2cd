#!/usr/bin/env bash
# cli.store_docs - a store of documents: `extract --store`, `load` of
# N-Quads, Turtle and N-Triples, `forget` and `stats`.  Loading the same
# input again changes nothing (answers, counts, files); loading a changed
# article replaces exactly its own graph, drops the facts no document
# states any more and keeps the others' evidence; forgetting a document
# keeps the resources other documents mention; a store made by another
# format, a file and a missing path are refused untouched.
#
#   bash tests/cli/store_docs.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
need_rapper
cd -- "$W"

RULES=(--rules "$SRC/rules" --reference-date 2026-11-23)
QUADS='SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o'
TRIPLES='SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o'
ID=https://w3id.org/policykg/id
D001=$ID/document/001_9ff96b011dd8fe9d
MOU="<$ID/agreement/yanghaegagseo-mou-mofa-msit>"

# dump DB NAME: NAME.quads and NAME.triples, every quad and triple of DB.
dump() {
	"$PK" query --store "$1" -f tsv -e "$QUADS" >"$2.quads"
	"$PK" query --store "$1" -f tsv -e "$TRIPLES" >"$2.triples"
}
count() {
	"$PK" query --store "$1" -f csv -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' |
		tr -d '\r' | sed -n 2p
}
ask() {
	"$PK" query --store "$1" -f csv -e "ASK { $2 }" | tr -d '\r'
}
# graph_of FILE.quads IRI: the quads of one graph, sorted.
graph_of() {
	grep -F -- "<$2>	" "$1" | LC_ALL=C sort
}

echo "# extract --store: one document per article"
run "$PK" extract -q "${RULES[@]}" "$SRC/seeds/" --store db
expect_rc "extract seeds/ --store db" 0
check "nothing is written to stdout" test ! -s "$OUT"
run "$PK" extract "${RULES[@]}" "$SRC/seeds/" -f nquads -o seeds.nq
expect_rc "extract seeds/ -f nquads -o seeds.nq" 0
run "$PK" stats --store db
expect_rc "stats --store db" 0
expect_out "stats counts 5 documents" "documents   5"
distinct=$(sed 's/ <[^>]*> \.$//' seeds.nq | LC_ALL=C sort -u | wc -l)
expect_out "stats counts the distinct triples of seeds.nq ($distinct)" "triples     $distinct"
expect_out "stats counts every (triple, document) pair ($(wc -l <seeds.nq))" \
	"statements  $(wc -l <seeds.nq)"
expect_out "stats has a class table" "pkg:Organization"
check "stats counts 5 pkg:Document resources" grep -qE '^pkg:Document +\| 5 *$' "$OUT"
expect_eq "COUNT(*) is the number of distinct triples: shared ones once" "$distinct" "$(count db)"

echo "# extract --store and load of extract -f nquads give the same store"
run "$PK" load seeds.nq --store nq-db
expect_rc "load seeds.nq --store nq-db" 0
expect_err "load reports added documents" "5 added, 0 replaced, 0 unchanged"
check "the document files are identical" diff -r db/docs nq-db/docs
dump db a
dump nq-db b
check "so are the answers" cmp a.quads b.quads

echo "# loading the same input again changes nothing"
before=$(sums db)
cp -- a.quads first.quads
run "$PK" extract "${RULES[@]}" "$SRC/seeds/" --store db
expect_rc "extract seeds/ --store db again" 0
expect_err "every document unchanged" "0 added, 0 replaced, 5 unchanged"
expect_eq "every file of the store is as it was" "$before" "$(sums db)"
run "$PK" load seeds.nq --store db
expect_rc "load seeds.nq into it" 0
expect_eq "still every file as it was" "$before" "$(sums db)"
dump db c
check "the answers are byte for byte the same" cmp first.quads c.quads
check "and the triples" cmp a.triples c.triples

echo "# a changed article replaces its own graph only"
mkdir changed
grep -v -e '양해각서(MOU)를 체결하였다' -e '차관급' "$SRC/seeds/001_9ff96b011dd8fe9d.txt" \
	>changed/001_9ff96b011dd8fe9d.txt
run "$PK" extract "${RULES[@]}" changed/001_9ff96b011dd8fe9d.txt -f nquads -o new001.nq
expect_rc "extract the changed article alone" 0
expect_eq "before: the MOU of 001 is in the store" true "$(ask db "$MOU a pkg:Agreement")"
expect_eq "before: 강도현 holds a post" true \
	"$(ask db "?p rdfs:label \"강도현\"@ko ; pkg:position ?pos")"
run "$PK" extract "${RULES[@]}" changed/001_9ff96b011dd8fe9d.txt --store db
expect_rc "extract the changed article --store db" 0
expect_err "one document replaced" "0 added, 1 replaced, 0 unchanged"
dump db d
for doc in 000_f3690c1b6a91e66d 002_096fd92515408183 003_1ae02d75918a20fb 004_6fc6f874443db889; do
	expect_eq "document $doc is untouched" "$(graph_of a.quads "$ID/document/$doc")" \
		"$(graph_of d.quads "$ID/document/$doc")"
done
run "$PY" - new001.nq d.quads "$D001" <<'PYEOF'
import sys
want = set()
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        want.add(line)
got = [l for l in open(sys.argv[2], encoding="utf-8").read().split("\n")[1:]
       if l.startswith("<%s>\t" % sys.argv[3])]
print(len(want), len(got))
sys.exit(0 if len(want) == len(got) else 1)
PYEOF
expect_rc "document 001 holds exactly what the changed article gives ($(cat "$OUT"))" 0
expect_eq "the MOU only 001 stated is gone" false "$(ask db "$MOU ?p ?o")"
expect_eq "강도현's post is gone" false \
	"$(ask db "?p rdfs:label \"강도현\"@ko ; pkg:position ?pos")"
expect_eq "pkgid:msit is still an organization with its label" true \
	"$(ask db 'pkgid:msit a pkg:Organization ; rdfs:label "과학기술정보통신부"@ko')"
expect_eq "and still mentioned in 001" true "$(ask db "pkgid:msit pkg:mentionedIn <$D001>")"
run "$PY" - d.quads d.triples <<'PYEOF'
import sys
quads = [l.split("\t") for l in open(sys.argv[1], encoding="utf-8").read().split("\n")[1:] if l]
triples = set(tuple(l.split("\t")) for l in open(sys.argv[2], encoding="utf-8").read().split("\n")[1:] if l)
stated = set(tuple(q[1:]) for q in quads)
print(len(triples), len(stated))
sys.exit(0 if triples == stated else 1)
PYEOF
expect_rc "the default graph is exactly what the documents state ($(cat "$OUT"))" 0
n_ev=$("$PK" query --store db -f csv -e "SELECT (COUNT(*) AS ?n) WHERE { ?m pkg:document <$ID/document/004_6fc6f874443db889> }" | tr -d '\r' | sed -n 2p)
n_ev0=$("$PK" query --store nq-db -f csv -e "SELECT (COUNT(*) AS ?n) WHERE { ?m pkg:document <$ID/document/004_6fc6f874443db889> }" | tr -d '\r' | sed -n 2p)
expect_eq "the evidence of another article (004) is intact" "$n_ev0" "$n_ev"

echo "# forget"
run "$PK" forget --store db 000_f3690c1b6a91e66d "pkgid:document/002_096fd92515408183"
expect_rc "forget two documents (by id and prefixed name)" 0
expect_err "two removed" "2 removed"
run "$PK" stats --store db
expect_out "3 documents left" "documents   3"
expect_eq "their mentions are gone" false \
	"$(ask db "?m pkg:document <$ID/document/000_f3690c1b6a91e66d>")"
expect_eq "pkgid:msit stays: others mention it" true \
	"$(ask db 'pkgid:msit rdfs:label "과학기술정보통신부"@ko')"
run "$PK" forget --store db "<$ID/document/000_f3690c1b6a91e66d>"
expect_rc "forget a document that is not there" 1
expect_err "says so" "1 of the documents was not in db"
run "$PK" forget --store db "<$D001>" "$ID/document/003_1ae02d75918a20fb" 004_6fc6f874443db889
expect_rc "forget the rest (<IRI>, IRI, id)" 0
run "$PK" stats --store db
expect_out "an empty store holds no document" "documents   0"
expect_out "and no triple" "triples     0"
run "$PK" forget --store db 'bad name with spaces:x'
expect_rc "a name that cannot be a document" 2
run "$PK" forget --store no-such-db 000_f3690c1b6a91e66d
expect_rc "forget in a missing store" 5
check "does not create it" test ! -e no-such-db

echo "# Turtle and N-Triples files: one document named after the file"
run "$PK" extract -q "${RULES[@]}" "$SRC/seeds/" -o g.ttl
expect_rc "extract -o g.ttl" 0
run "$PK" load g.ttl --store ttl-db
expect_rc "load g.ttl" 0
expect_err "one document" "1 added"
expect_eq "in the graph <file://…/g.ttl>" true \
	"$(ask ttl-db "GRAPH <file://$(realpath g.ttl | sed 's/ /%20/g')> { pkgid:msit a pkg:Organization }")"
printf '<http://example.org/a> <http://example.org/b> "only this" .\n' >g2.ttl
cp g2.ttl g.ttl
run "$PK" load g.ttl --store ttl-db
expect_rc "load a new g.ttl" 0
expect_err "it replaces the old one" "0 added, 1 replaced"
expect_eq "the store holds only the new file's triple" 1 "$(count ttl-db)"
run "$PK" forget --store ttl-db g.ttl
expect_rc "forget g.ttl by its path" 0
run "$PK" stats --store ttl-db
expect_out "nothing left" "triples     0"

echo "# blank nodes are the document's own and stable across reloads"
cat >b.ttl <<'EOF'
@prefix ex: <http://example.org/> .
ex:a ex:b [ ex:c "x" ; ex:d [ ex:e "y" ] ] .
EOF
run "$PK" load b.ttl --store b-db
expect_rc "load a file with blank nodes" 0
"$PK" query --store b-db -f tsv -e "$TRIPLES" >b1.tsv
run "$PK" load b.ttl --store b-db
expect_err "loaded again: unchanged" "1 unchanged"
"$PK" query --store b-db -f tsv -e "$TRIPLES" >b2.tsv
check "the blank nodes answer with the same ids" cmp b1.tsv b2.tsv
expect_eq "four triples with blank nodes (and a header line)" 5 "$(wc -l <b1.tsv)"

echo "# what is not a store is refused untouched"
mkdir old-db
printf 'policykg-store 1\n' >old-db/POLICYKG_STORE
printf 'x' >old-db/policykg-sp2o.db
before=$(sums old-db)
run "$PK" load seeds.nq --store old-db
expect_rc "load into a store of format 1" 5
expect_err_line "the message says which format and what to do" "old-db" \
	"store format 1 is not supported"
expect_eq "its files are untouched" "$before" "$(sums old-db)"
run "$PK" query --store old-db -e 'ASK { ?s ?p ?o }'
expect_rc "query it" 5
printf 'not a store\n' >file.txt
run "$PK" load seeds.nq --store file.txt
expect_rc "load into a file" 5
expect_err_line "the message names it" "file.txt" "not a policykg store"
expect_eq "the file is untouched" "not a store" "$(cat file.txt)"
run "$PK" stats --store missing-db
expect_rc "stats of a missing store" 5
expect_err "no such store" "no such store"
check "nothing is created" test ! -e missing-db
printf 'x y z\n' >bad.nq
run "$PK" load bad.nq --store new-db
expect_rc "a broken N-Quads file" 1
check "creates no store" test ! -e new-db
check "no temporary directory is left" test -z "$(find . -maxdepth 1 -name '*.tmp-*' -print -quit)"

echo "# a store whose index an older policykg wrote (Berkeley DB files)"
"$PK" query --store db -f tsv persons >persons-before.tsv
"$PK" query --store db -f tsv documents >documents-before.tsv
rm -f db/index/*.db
printf 'not LMDB' >db/index/union-sp2o.db
run "$PK" query --store db -f tsv persons
expect_rc "a store with the old index files opens" 0
expect_err "its index is rebuilt" "index rebuilt from"
check "and answers as before" cmp -s "$OUT" persons-before.tsv
run "$PK" query --store db -f tsv documents
check "OPTIONALs too (documents)" cmp -s "$OUT" documents-before.tsv
check "the LMDB index is there" test -s db/index/union.db
check "the old files are gone" test ! -e db/index/union-sp2o.db

finish
