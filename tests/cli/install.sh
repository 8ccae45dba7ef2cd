#!/usr/bin/env bash
# cli.install - `cmake --install` into a temporary prefix gives a policykg
# that, run from anywhere without POLICYKG_RULES, uses the rules/ and
# queries/ installed beside it (share/policykg/), not the source tree's;
# the ontology, its shapes and validate's tools/ are installed too.
#
#   bash tests/cli/install.sh POLICYKG SOURCE_DIR [BUILD_DIR]
#
# BUILD_DIR defaults to the binary's directory; $CMAKE names the cmake to
# use (default: cmake on PATH).
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
CMAKE=${CMAKE:-cmake}

P=$TMP/prefix
DATA=$P/share/policykg
IPK=$P/bin/policykg

echo "# cmake --install $BUILD --prefix $P"
run "$CMAKE" --install "$BUILD" --prefix "$P"
expect_rc "cmake --install" 0
check "bin/policykg is installed and executable" test -f "$IPK" -a -x "$IPK"
for d in rules ontology queries tools; do
	check "share/policykg/$d exists" test -d "$DATA/$d"
done
check "the installed rules/ are a copy of the source tree's" diff -r "$SRC/rules" "$DATA/rules"
check "the installed queries/ are a copy of the source tree's" diff -r "$SRC/queries" "$DATA/queries"
check "the installed tools/ (validate's SHACL engine) are a copy of the source tree's" \
	diff -r "$SRC/tools" "$DATA/tools"
check "the installed ontology/ has the shapes" cmp "$SRC/ontology/shapes.ttl" "$DATA/ontology/shapes.ttl"
if [ ! -x "$IPK" ]; then
	finish
	exit 1
fi

# ipk ARGS...: the installed binary, run from another directory with no
# POLICYKG_RULES.
mkdir "$TMP/elsewhere"
cp -R -- "$SRC/seeds" "$TMP/elsewhere/seeds"
ipk() {
	(cd -- "$TMP/elsewhere" && env -u POLICYKG_RULES "$IPK" "$@")
}

echo "# the installed binary finds the installed rules"
run ipk rules check
expect_rc "policykg rules check (no DIR)" 0
ruledir=$(sed -n 's/: ok: .*//p' "$OUT")
expect_eq "it checked the installed rules/" "$(realpath -- "$DATA/rules")" \
	"$(realpath -- "$ruledir" 2>/dev/null || echo "$ruledir")"
run ipk extract seeds -o g.ttl
expect_rc "policykg extract seeds -o g.ttl (a copy of seeds/, cwd elsewhere)" 0
check "the graph has persons" grep -q 'pkg:Person' "$TMP/elsewhere/g.ttl"
"$PK" extract -q --rules "$SRC/rules" "$SRC/seeds/" -o "$TMP/build.ttl"
check "it is the graph the build's binary makes with the source rules" \
	cmp "$TMP/elsewhere/g.ttl" "$TMP/build.ttl"

echo "# the installed binary finds the installed queries"
run ipk load g.ttl --store db
expect_rc "policykg load g.ttl --store db" 0
printf 'ASK { pkgid:msit a pkg:Organization }\n' >"$DATA/queries/cli-installed-only.rq"
run ipk query --store db -f tsv cli-installed-only
expect_rc "query by NAME of a query only the installed queries/ has" 0
expect_eq "it answers" true "$(cat "$OUT")"
if [ -f "$DATA/queries/persons.rq" ]; then
	run ipk query --store db persons
	expect_rc "query persons (by NAME)" 0
fi

echo "# and it really is the installed copy: break it"
printf '\n[rule cli-install-broken]\nyield = position\npattern = (?<name>abc\n' \
	>>"$DATA/rules/persons.rules"
line=$(line_of "$DATA/rules/persons.rules" 'pattern = (?<name>abc')
run ipk extract seeds -o broken.ttl
expect_rc "extract with the installed rules broken" 3
# The path may be spelled PREFIX/bin/../share/...; it must resolve to the
# installed file.
msg=$(grep -F ": rule cli-install-broken: " "$ERR" | head -n 1 || true)
where=$(printf '%s\n' "$msg" | sed -n 's/^policykg: error: \(.*\):\([0-9][0-9]*\): rule cli-install-broken: .*/\1/p')
wline=$(printf '%s\n' "$msg" | sed -n 's/^policykg: error: \(.*\):\([0-9][0-9]*\): rule cli-install-broken: .*/\2/p')
expect_eq "the error names the installed persons.rules" \
	"$(realpath -- "$DATA/rules/persons.rules")" \
	"$(if [ -n "$where" ]; then realpath -- "$where"; else echo "(no FILE:LINE message)"; fi)"
expect_eq "and the line of the bad pattern" "$line" "$wline"
check "broken.ttl is not written" test ! -e "$TMP/elsewhere/broken.ttl"
run ipk rules check
expect_rc "rules check (no DIR) sees the broken installed rules" 3
run env POLICYKG_RULES="$SRC/rules" "$IPK" extract -q "$TMP/elsewhere/seeds" -o "$TMP/env.ttl"
expect_rc "POLICYKG_RULES=SOURCE/rules overrides the installed rules" 0
check "the source tree's rules were not touched" \
	bash -c '! grep -qF cli-install-broken "$1"' _ "$SRC/rules/persons.rules"

finish
