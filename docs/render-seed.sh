#!/usr/bin/env bash
# render-seed.sh - the picture of one seed's graph in README.md: policykg's
# dot output, without evidence, documents, types and aliases (which make
# it unreadable), rendered by Graphviz (Debian: graphviz, fonts-nanum).
#
#   bash docs/render-seed.sh build/policykg seeds/004_6fc6f874443db889.txt docs/seed-004.png
set -euo pipefail
pk=$1 article=$2 png=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$pk" extract -q -f dot "$article" -o "$tmp/all.dot"
# keep the edges that carry facts, then the nodes those edges use
grep -E -- '->' "$tmp/all.dot" |
	grep -v -E 'label="(rdf:type|pkg:evidence|pkg:mentionedIn|skos:altLabel|rdfs:label)"|^\s*"Rpkgid:(mention|document)/' >"$tmp/edges"
{
	echo 'digraph { rankdir = LR; charset="utf-8"; node [fontname="NanumGothic"]; edge [fontname="NanumGothic"];'
	cat "$tmp/edges"
	echo '}'
} >"$tmp/facts.dot"
dot -Tpng -Gdpi=72 "$tmp/facts.dot" -o "$png"
