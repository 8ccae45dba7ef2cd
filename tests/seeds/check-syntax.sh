#!/usr/bin/env bash
# check-syntax.sh - check the acceptance-test data in tests/seeds/*.facts.
#
# Usage: check-syntax.sh [-D GRAPH [-F FORMAT]] [-v] [FILE.facts ...]
#
# Splits each .facts file into blocks (separated by blank lines; each block is
# "# " comment lines, then one SPARQL ASK query), checks the block format,
# prepends the predeclared prefixes and lets Rasqal's `roqet` parse and run the
# query. Without -D the query runs against an empty graph, so only its syntax
# (and Rasqal's support for every construct used) is checked. With -D GRAPH
# (default format turtle; -F ntriples etc.) it also compares each answer with
# the block's expectation ("# expect: false" in the block, else true).
# With no FILE, all *.facts next to this script are checked.
#
# Exit status: 0 if every block passes, 1 if any fails, 2 on usage errors.
set -u

here=$(cd "$(dirname "$0")" && pwd)
data=
format=turtle
verbose=0
while getopts "D:F:vh" opt; do
	case $opt in
	D) data=$OPTARG ;;
	F) format=$OPTARG ;;
	v) verbose=1 ;;
	h) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))

if ! command -v roqet >/dev/null 2>&1; then
	echo "check-syntax.sh: roqet not found (install rasqal-utils)" >&2
	exit 2
fi
if [ $# -eq 0 ]; then
	set -- "$here"/*.facts
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pk-facts.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
if [ -z "$data" ]; then
	: >"$tmp/empty.ttl"
	graph=$tmp/empty.ttl
	format=turtle
else
	[ -r "$data" ] || { echo "check-syntax.sh: cannot read $data" >&2; exit 2; }
	graph=$data
	# Load the graph once on its own so a bad data file is one error, not
	# one per block.
	out=$(roqet -q -W 0 -i sparql -F "$format" -D "$graph" \
		-e 'ASK { ?s ?p ?o }' 2>&1)
	if [ $? -eq 1 ] || printf '%s\n' "$out" | grep -q '^roqet: Error'; then
		echo "check-syntax.sh: cannot load $data as $format:" >&2
		printf '%s\n' "$out" >&2
		exit 2
	fi
fi

# The prefixes the test driver predeclares (src/rdf/vocab.h).
prefixes='PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX pkgid: <https://w3id.org/policykg/id/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>'
nprefix=$(printf '%s\n' "$prefixes" | wc -l)

total=0
failed=0

fail() { # file line message [details]
	failed=$((failed + 1))
	echo "$1:$2: FAIL: $3"
	if [ -n "${4:-}" ]; then
		printf '%s\n' "$4" | sed 's/^/    /'
	fi
}

# check_block FILE STARTLINE COMMENTS QUERY FORMATERROR
check_block() {
	local file=$1 line=$2 comments=$3 query=$4 ferr=$5
	local title expect out rc errs answer
	total=$((total + 1))
	title=$(printf '%s\n' "$comments" | head -n 1 | sed 's/^#[[:space:]]*//')
	if [ -n "$ferr" ]; then
		fail "$file" "$line" "$ferr"
		return
	fi
	if [ -z "$comments" ]; then
		fail "$file" "$line" "block has no comment line saying what it checks"
		return
	fi
	if [ -z "$query" ]; then
		fail "$file" "$line" "block has no query"
		return
	fi
	if printf '%s\n' "$query" | grep -qiE '^[[:space:]]*(PREFIX|BASE)[[:space:]]'; then
		fail "$file" "$line" "query declares PREFIX/BASE (they are predeclared)"
		return
	fi
	if ! printf '%s\n' "$query" | head -n 1 | grep -qE '^[[:space:]]*ASK([[:space:]]|\{|$)'; then
		fail "$file" "$line" "query is not an ASK query"
		return
	fi
	expect=true
	if printf '%s\n' "$comments" | grep -qx '# expect: false'; then
		expect=false
	fi
	printf '%s\n%s\n' "$prefixes" "$query" >"$tmp/q.rq"
	out=$(roqet -q -W 100 -i sparql -F "$format" -D "$graph" "$tmp/q.rq" 2>&1)
	rc=$?
	# Warnings about variables bound but unused are normal for ASK; anything
	# else Rasqal says besides the answer is a problem (errors, unknown
	# prefixes, variables used but never bound).
	errs=$(printf '%s\n' "$out" | grep -E '^roqet: (Error|Warning)' |
		grep -v 'was bound but is unused in the query' |
		awk -v np="$nprefix" '{
			if (match($0, /URI [^ ]*q\.rq:[0-9]+ - /)) {
				s = substr($0, RSTART, RLENGTH); sub(/ - $/, "", s); sub(/.*:/, "", s)
				k = s - np
				$0 = substr($0, 1, RSTART - 1) (k > 0 ? "query line " k : "query") " - " substr($0, RSTART + RLENGTH)
			}
			print
		}')
	answer=$(printf '%s\n' "$out" | sed -n 's/.*Query has a boolean result: \(true\|false\).*/\1/p' | head -n 1)
	if [ $rc -eq 1 ] || [ -n "$errs" ] || [ -z "$answer" ]; then
		fail "$file" "$line" "roqet rejects the query ($title)" "${errs:-$out}"
		return
	fi
	if [ -n "$data" ] && [ "$answer" != "$expect" ]; then
		fail "$file" "$line" "answer $answer, expected $expect ($title)"
		return
	fi
	if [ $verbose -eq 1 ]; then
		echo "$file:$line: ok${data:+ ($answer)}: $title"
	fi
}

for f in "$@"; do
	if [ ! -r "$f" ]; then
		echo "$f: cannot read" >&2
		failed=$((failed + 1))
		continue
	fi
	nblocks_before=$total
	n=0
	start=0
	comments=
	query=
	ferr=
	while IFS= read -r l || [ -n "$l" ]; do
		n=$((n + 1))
		l=${l%$'\r'}
		if [[ $l =~ ^[[:space:]]*$ ]]; then
			if [ $start -ne 0 ]; then
				check_block "$f" "$start" "$comments" "$query" "$ferr"
			fi
			start=0 comments= query= ferr=
			continue
		fi
		[ $start -eq 0 ] && start=$n
		if [[ $l == \#* ]]; then
			if [ -n "$query" ] && [ -z "$ferr" ]; then
				ferr="line $n: comment line after the query starts"
			fi
			if [[ $l != "# "* ]] && [ -z "$ferr" ]; then
				ferr="line $n: comment line must start with \"# \""
			fi
			comments+="$l"$'\n'
		else
			query+="$l"$'\n'
		fi
	done <"$f"
	if [ $start -ne 0 ]; then
		check_block "$f" "$start" "$comments" "$query" "$ferr"
	fi
	echo "$f: $((total - nblocks_before)) blocks"
done

echo "checked $total blocks${data:+ against $data}: $((total - failed)) ok, $failed failed"
[ $failed -eq 0 ]
