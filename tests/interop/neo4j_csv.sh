#!/usr/bin/env bash
# interop.neo4j_csv - `policykg export --format neo4j-csv` writes what
# `neo4j-admin database import full` reads: nodes.csv headed uri:ID,:LABEL
# and typed property columns, relationships.csv headed :START_ID,:END_ID,
# :TYPE.  Python's csv module (an independent RFC 4180 reader) reads them
# back, and rdflib (an independent Turtle parser) says what they must hold:
# a node for every IRI that is a subject or the object of a property other
# than rdf:type, a relationship for every such IRI-object triple, each
# label, Korean and English name and integer as in the Turtle, and every
# :START_ID / :END_ID the uri:ID of a node.  Strings that need quoting
# (quotes, commas, line breaks) come back as they were.
#
#   bash tests/interop/neo4j_csv.sh POLICYKG SOURCE_DIR
#
# Fails, not skips, without /usr/bin/python3 and rdflib (python3-rdflib).
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/../cli/lib.sh"
pk_init "$@"
need_rdflib
cd -- "$W"

CHECK_PY='
import csv, re, sys
import rdflib
from rdflib import RDF, RDFS, URIRef, BNode, Literal
from rdflib.namespace import SKOS, XSD

ttl, out = sys.argv[1], sys.argv[2]
fails = []
def check(what, ok, detail=""):
    print(("ok   - " if ok else "FAIL - ") + what + ("" if ok or not detail else "\n       " + detail))
    if not ok:
        fails.append(what)

def read(name):
    with open(out + "/" + name, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))

nodes, rels = read("nodes.csv"), read("relationships.csv")
nh, rh = nodes[0], rels[0]
check("nodes.csv begins uri:ID,:LABEL", nh[:2] == ["uri:ID", ":LABEL"], repr(nh[:2]))
bad = [h for h in nh[2:] if not re.fullmatch(r"[A-Za-z0-9_]+(:(long|string|date|datetime|duration)(\[\])?)?", h)]
check("every other column is NAME or NAME:TYPE (%d columns)" % (len(nh) - 2), not bad, repr(bad))
check("relationships.csv is headed :START_ID,:END_ID,:TYPE", rh == [":START_ID", ":END_ID", ":TYPE"], repr(rh))
check("every row has as many fields as its header",
      all(len(r) == len(nh) for r in nodes) and all(len(r) == 3 for r in rels))
ids = [r[0] for r in nodes[1:]]
check("node IDs are unique", len(ids) == len(set(ids)))
idset = set(ids)
dangling = [r for r in rels[1:] if r[0] not in idset or r[1] not in idset]
check("every :START_ID and :END_ID is a node ID", not dangling, repr(dangling[:2]))
check("every node is labelled Resource first", all(r[1].split(";")[0] == "Resource" for r in nodes[1:]))

g = rdflib.Graph()
g.parse(ttl, format="turtle")
def key(t):
    return "_:" + str(t) if isinstance(t, BNode) else str(t)
def local(iri):
    m = re.search(r"([^#/:]*)[#/:]*$", str(iri))
    return re.sub(r"[^A-Za-z0-9_]", "_", m.group(1) or "_")
want_nodes, want_rels = set(), set()
for s, p, o in g:
    want_nodes.add(key(s))
    if not isinstance(o, Literal) and p != RDF.type:
        want_nodes.add(key(o))
        want_rels.add((key(s), key(o), local(p)))
got_rels = set(tuple(r) for r in rels[1:])
check("as many nodes as rdflib finds IRIs as subject or object (%d)" % len(want_nodes),
      len(ids) == len(want_nodes) and idset == want_nodes,
      "csv %d, rdflib %d" % (len(ids), len(want_nodes)))
check("as many relationships as IRI-object triples but rdf:type (%d)" % len(want_rels),
      len(rels) - 1 == len(want_rels) and got_rels == want_rels,
      "csv %d, rdflib %d; e.g. missing %r" % (len(rels) - 1, len(want_rels), sorted(want_rels - got_rels)[:1]))

col = {h.split(":")[0]: i for i, h in enumerate(nh)}
rows = {r[0]: r for r in nodes[1:]}
def cell(uri, name):
    return rows[uri][col[name]] if name in col else None
mism = []
for s in set(g.subjects()):
    labels = sorted(set(local(o) for o in g.objects(s, RDF.type)))
    if sorted(rows[key(s)][1].split(";")[1:]) != labels:
        mism.append((key(s), "labels", rows[key(s)][1]))
    for lang in ("ko", "en"):
        names = [str(o) for o in g.objects(s, RDFS.label) if isinstance(o, Literal) and o.language == lang]
        if (cell(key(s), "label_" + lang) or None) != (names[0] if len(names) == 1 else None):
            mism.append((key(s), "label_" + lang, cell(key(s), "label_" + lang)))
    alts = sorted(set(str(o) for o in g.objects(s, SKOS.altLabel)))
    got = cell(key(s), "altLabel")
    if (sorted(got.split(";")) if got else []) != alts:
        mism.append((key(s), "altLabel", got))
check("labels, label_ko, label_en and altLabel of every subject are those of the Turtle", not mism, repr(mism[:3]))
longs = [h.split(":")[0] for h in nh if h.endswith(":long")]
bad = [(r[0], h) for r in nodes[1:] for h in longs if r[col[h]] and not re.fullmatch(r"-?[0-9]+", r[col[h]])]
check("long columns (%s) hold integers" % " ".join(longs), longs and not bad, repr(bad[:2]))
ints = []
for s, o in g.subject_objects(URIRef("https://w3id.org/policykg/ontology#start")):
    ints.append(cell(key(s), "start") == str(int(o)))
check("every pkg:start is its integer", ints and all(ints))
# dates: a full date is a :date column, the date of a dateTime too, with the
# dateTime itself in NAME_datetime; every temporal value keeps its lexical
# form in NAME_text and its datatype in NAME_precision
types = {h.split(":")[0]: (h.split(":") + [""])[1] for h in nh}
bad = []
for s, p, o in g:
    if not isinstance(o, Literal) or o.datatype is None or not str(o.datatype).startswith(str(XSD)):
        continue
    dt, name, lex = str(o.datatype)[len(str(XSD)):], local(p), str(o)
    if dt not in ("date", "dateTime", "gYearMonth", "gYear", "gMonthDay", "gDay"):
        continue
    want = {name + "_text": lex, name + "_precision": dt}
    if dt == "date":
        want[name] = lex
    if dt == "dateTime":
        want[name], want[name + "_datetime"] = lex[:10], lex
    got = {k: cell(key(s), k) for k in want}
    if got != want or types.get(name) != "date":
        bad.append((key(s), name, got, types.get(name)))
check("dates are :date columns, date-times :datetime, each with its text and precision", not bad, repr(bad[:2]))
sys.exit(1 if fails else 0)
'

echo "# the seeds"
run "$PK" extract -q --rules "$SRC/rules" --reference-date 2026-11-23 "$SRC/seeds/" -o seeds.ttl
expect_rc "extract seeds/ -o seeds.ttl" 0
run "$PK" export --format neo4j-csv seeds.ttl -o "csv out"
expect_rc "export --format neo4j-csv -o 'csv out'" 0
expect_eq "it holds nodes.csv and relationships.csv" "nodes.csv relationships.csv" \
	"$(cd "csv out" && ls | tr '\n' ' ' | sed 's/ $//')"
run "$PY" -c "$CHECK_PY" seeds.ttl "csv out"
cat -- "$OUT"
if [ "$RC" -eq 0 ]; then pass "Python's csv and rdflib agree with the export"; else fail "Python's csv and rdflib agree with the export" "$(last_stderr)"; fi

echo "# strings that need quoting"
cat >tricky.ttl <<'TTL'
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:a a ex:Thing ; rdfs:label "say \"hi\", then\nleave"@en , "한, \"국\""@ko ; ex:next ex:b .
ex:b a ex:Thing ; rdfs:label "trailing \\"@en ; ex:n 3 .
TTL
run "$PK" export --format neo4j-csv tricky.ttl -o tricky
expect_rc "export tricky.ttl" 0
run "$PY" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1] + "/nodes.csv", newline="", encoding="utf-8")))
col = {h.split(":")[0]: i for i, h in enumerate(rows[0])}
by = {r[0]: r for r in rows[1:]}
a, b = by["http://example.org/a"], by["http://example.org/b"]
assert a[col["label_en"]] == "say \"hi\", then\nleave", a
assert a[col["label_ko"]] == "한, \"국\"", a
assert b[col["label_en"]] == "trailing \\", b
assert b[col["n"]] == "3" and "n:long" in rows[0], rows[0]
assert a[col["n"]] == "", a
' tricky
expect_rc "quotes, commas, a line break and a backslash read back as written" 0

echo "# a list value with the array delimiter"
printf '@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<http://example.org/a> skos:altLabel "a;b" .\n' >semi.ttl
run "$PK" export --format neo4j-csv semi.ttl -o semi
expect_rc "an alias holding ';' cannot be a neo4j-admin list" 4
expect_err "the message names the node and the value" "<http://example.org/a> altLabel: 'a;b'"
check "no directory is left" test ! -e semi

finish
