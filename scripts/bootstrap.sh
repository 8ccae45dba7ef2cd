#!/usr/bin/env bash
# bootstrap.sh - set up policykg on a Debian 12 machine and run it.
#
#   bash scripts/bootstrap.sh demo   install what is missing, build, extract
#                                    seeds/ to graph.ttl, load graph.db and
#                                    print a few SPARQL answers
#   bash scripts/bootstrap.sh test   install what is missing (test tools too),
#                                    build, run the whole test suite, then
#                                    again built with ASan+UBSan (build-asan/)
#   bash scripts/bootstrap.sh bench  install what is missing (the benchmark's
#                                    peers too), build; then run bench/bench.py
#
# Run as root (or with sudo available).  The C build uses Debian packages
# only.  `policykg validate` and the tests' independent parsers run on
# Node.js (Debian's nodejs and npm, installed when node or npm is missing)
# with the npm packages of tests/js/, installed from its committed lock
# file into build/js/node_modules by `npm ci` (skipped when the lock file
# has not changed since the last run).
set -euo pipefail

mode=${1:-}
case "$mode" in
  demo|test|bench) ;;
  *) echo "usage: bash scripts/bootstrap.sh demo|test|bench" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

build_pkgs=(gcc make cmake pkg-config librdf0-dev libraptor2-dev librasqal3-dev liblmdb-dev
  libpcre2-dev libicu-dev libpq-dev libmicrohttpd-dev)
# rapper and rdflib parse our Turtle independently in the tests.
test_pkgs=(raptor2-utils python3-rdflib)
# cli.serve queries `policykg serve` over HTTP with real clients: curl,
# SPARQLWrapper and rdflib's SPARQLStore.
test_pkgs+=(curl python3-sparqlwrapper)
# cli.store_pg runs a throwaway PostgreSQL cluster with librdf's storage.
test_pkgs+=(postgresql librdf-storage-postgresql)
# interop.review opens the review site in headless chromium (playwright-core
# drives it; it downloads no browser); Nanum gives its screenshots Hangul.
test_pkgs+=(chromium fonts-nanum)
# The sanitizer and fuzzing build (build-asan/: clang, libFuzzer, the
# llvm-symbolizer the suppressions need) and the valgrind.* tests.
test_pkgs+=(clang-14 libclang-rt-14-dev llvm-14 valgrind)
# bench/writers measures Serd's N-Quads writer beside ours; built with the
# project whenever pkg-config finds serd-0, so CI compiles that row too.
test_pkgs+=(libserd-dev)

want=("${build_pkgs[@]}")
[ "$mode" = test ] && want+=("${test_pkgs[@]}")
# bench/bench.py: /usr/bin/time -v, the rg floor, rapper and rdflib as peers, parallel for sharding;
# bench/writers: Serd as a peer writer.
[ "$mode" = bench ] && want+=(raptor2-utils python3-rdflib time ripgrep parallel libserd-dev)

# apt_install PKG...: install Debian packages.
apt_install() {
  local sudo=()
  echo "bootstrap: installing $*" >&2
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"

# js_setup: Node.js, and the npm packages of tests/js/ (the SHACL engine
# behind `policykg validate`, N3.js ...) in build/js/node_modules, exactly
# as its lock file pins them.  `npm ci` runs only when build/js has no
# node_modules or the lock file changed (its checksum is kept in
# build/js/.lock.sha256).
js_setup() {
  local sum
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm || return 1
  fi
  mkdir -p build/js || return 1
  cp tests/js/package.json tests/js/package-lock.json build/js/ || return 1
  sum=$(cd build/js && cat package.json package-lock.json | sha256sum | cut -d' ' -f1) || return 1
  if [ -d build/js/node_modules ] && [ -f build/js/.lock.sha256 ] &&
     [ "$(cat build/js/.lock.sha256)" = "$sum" ]; then
    return 0
  fi
  echo "bootstrap: npm ci in build/js" >&2
  rm -f build/js/.lock.sha256
  (cd build/js && npm ci --no-audit --no-fund --loglevel=error) || return 1
  printf '%s\n' "$sum" >build/js/.lock.sha256
}

if [ "$mode" = bench ]; then
  js_setup || { echo "bootstrap: installing the npm packages (Oxigraph) into build/js failed" >&2; exit 1; }
  exit 0
fi
if [ "$mode" = test ]; then
  if ! js_setup; then
    echo "bootstrap: installing the npm packages of tests/js into build/js failed" >&2
    exit 1
  fi
  rc=0
  ctest --test-dir build --output-on-failure -j"$jobs" || rc=1
  # The same suite again built with ASan and UBSan (and the fuzzers, run
  # for about a minute together: label fuzz), in build-asan/ with clang.
  # The valgrind.* tests are only in build/; cli.store_pg (label pg) too:
  # under ASan it ran for over 15 minutes here (README "Reliability").
  CC=clang-14 cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPK_SANITIZE=ON -DPK_FUZZ=ON >/dev/null
  cmake --build build-asan -j"$jobs"
  ln -sfn ../build/js build-asan/js
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE pg || rc=1
  exit "$rc"
fi

js_ok=1
if ! js_setup; then
  echo "bootstrap: warning: no npm packages in build/js; 'policykg validate' will not run" >&2
  js_ok=0
fi

# demo: the main job on the seeds
./build/policykg rules check rules/
./build/policykg extract seeds/ -o graph.ttl
if [ "$js_ok" = 1 ]; then
  ./build/policykg validate graph.ttl || echo "bootstrap: warning: graph.ttl does not conform to ontology/shapes.ttl" >&2
fi
rm -rf graph.db
./build/policykg load graph.ttl --store graph.db
for q in persons organizations documents; do
  echo
  echo "== queries/$q.rq"
  ./build/policykg query --store graph.db "queries/$q.rq"
done
