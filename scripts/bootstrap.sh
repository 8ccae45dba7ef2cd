#!/usr/bin/env bash
# bootstrap.sh - set up policykg on a Debian 12 machine and run it.
#
#   bash scripts/bootstrap.sh demo   install what is missing, build, extract
#                                    seeds/ to graph.ttl, load graph.db and
#                                    print a few SPARQL answers
#   bash scripts/bootstrap.sh test   install what is missing (test tools too),
#                                    build, run the whole test suite
#
# Run as root (or with sudo available).  Only Debian packages are used.
set -euo pipefail

mode=${1:-}
case "$mode" in
  demo|test) ;;
  *) echo "usage: bash scripts/bootstrap.sh demo|test" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

build_pkgs=(gcc make cmake pkg-config librdf0-dev libraptor2-dev librasqal3-dev
  libpcre2-dev libicu-dev)
# rapper and rdflib parse our Turtle independently in the tests.
test_pkgs=(raptor2-utils python3-rdflib)

want=("${build_pkgs[@]}")
[ "$mode" = test ] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"

if [ "$mode" = test ]; then
  exec ctest --test-dir build --output-on-failure -j"$jobs"
fi

# demo: the main job on the seeds
./build/policykg rules check rules/
./build/policykg extract seeds/ -o graph.ttl
rm -rf graph.db
./build/policykg load graph.ttl --store graph.db
for q in persons organizations documents; do
  echo
  echo "== queries/$q.rq"
  ./build/policykg query --store graph.db "queries/$q.rq"
done
