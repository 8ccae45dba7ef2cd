#!/usr/bin/env bash
# cli.store_pg - the store on PostgreSQL (postgresql://user@host:port/db,
# librdf's postgresql storage): the same load, reload, changed article,
# forget and queries as the directory store, answer for answer; a writer
# killed before and after its commit; a lock held elsewhere is "busy";
# missing stores, databases that are not ours and other formats refused.
#
# It starts a throwaway PostgreSQL cluster in the build directory
# (BUILD/pg-test.XXXXXX), on 127.0.0.1 and a free port, trust
# authentication, and stops it when it ends, failed or not.  PostgreSQL
# refuses to run as root: as root the cluster runs as the user nobody
# (runuser).  Needs the Debian packages postgresql and
# librdf-storage-postgresql (scripts/bootstrap.sh test installs them).
#
#   bash tests/cli/store_pg.sh POLICYKG SOURCE_DIR BUILD_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
	printf 'FAIL - PostgreSQL is not installed (Debian package postgresql)\n'
	exit 1
fi
if ! ls /usr/lib/*/redland/librdf_storage_postgresql.so >/dev/null 2>&1; then
	printf 'FAIL - librdf has no postgresql storage (Debian package librdf-storage-postgresql)\n'
	exit 1
fi

# as_pg CMD...: run a PostgreSQL server program (not as root).
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u nobody -- "$@")
	else
		"$@"
	fi
}
PGDIR=$(mktemp -d "$BUILD/pg-test.XXXXXX")
[ "$(id -u)" -eq 0 ] && chown nobody "$PGDIR"
stop_pg() {
	if [ -f "$PGDIR/data/postmaster.pid" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf -- "$PGDIR"
}
trap 'stop_pg; rm -rf -- "$TMP"' EXIT
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U policykg --auth=trust -E UTF8 \
	--locale=C.UTF-8 >"$TMP/initdb.log" 2>&1 ||
	{ printf 'FAIL - initdb\n'; cat "$TMP/initdb.log"; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -o \
	"-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c log_min_messages=fatal -c log_min_error_statement=panic" \
	start >/dev/null ||
	{ printf 'FAIL - the PostgreSQL server did not start\n'; cat "$PGDIR/server.log"; exit 1; }
psql() { "$PGBIN/psql" -X -q -A -t -h 127.0.0.1 -p "$PORT" -U policykg "$@"; }
for db in policykg other fmt; do
	"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U policykg "$db"
done
pass "a throwaway PostgreSQL cluster on 127.0.0.1:$PORT"
U=postgresql://policykg@127.0.0.1:$PORT/policykg

RULES=(--rules "$SRC/rules" --reference-date 2026-11-23)
QUADS='SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o'
TRIPLES='SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o'
run "$PK" extract "${RULES[@]}" "$SRC/seeds/" -f nquads -o seeds.nq
expect_rc "extract seeds/ -f nquads" 0

# same WHAT: every stored query, the quads and the triples answer the same
# in the PostgreSQL store as in the directory store db.
same() {
	local q a b bad=
	for q in persons agreements timeline events evidence documents organizations countries \
		"-e $QUADS" "-e $TRIPLES"; do
		# shellcheck disable=SC2086
		if [ "${q#-e }" != "$q" ]; then
			"$PK" query --store "$U" -f tsv -e "${q#-e }" >a.tsv 2>a.err || bad="$bad ${q:0:20}(exit $?)"
			"$PK" query --store db -f tsv -e "${q#-e }" >b.tsv 2>/dev/null || true
		else
			"$PK" query --store "$U" -f tsv "$q" >a.tsv 2>a.err || bad="$bad $q(exit $?)"
			"$PK" query --store db -f tsv "$q" >b.tsv 2>/dev/null || true
		fi
		cmp -s a.tsv b.tsv || bad="$bad ${q:0:20}"
	done
	expect_eq "$what: every answer the same as the directory store's" "" "$bad"
}

echo "# what is not a store"
run "$PK" query --store "$U" persons
expect_rc "query a database without a store" 5
expect_err "no such store" "no such store"
expect_eq "nothing was created in it" "" "$(psql policykg -c "SELECT to_regclass('policykg_meta')")"
run "$PK" stats --store "postgresql://policykg@127.0.0.1:1/policykg"
expect_rc "a port nobody listens on" 5
expect_err "cannot connect" "cannot connect"
run "$PK" stats --store "postgresql://127.0.0.1:$PORT"
expect_rc "a URL without a database" 5
psql other -c "CREATE TABLE models (id numeric(20), name text); INSERT INTO models VALUES (1, 'policykg_graphs')"
run "$PK" load seeds.nq --store "postgresql://policykg@127.0.0.1:$PORT/other"
expect_rc "a database with librdf models of our names but not our tables" 5
expect_err "is refused" "not a store of this policykg"
expect_eq "and left as it was" "models" "$(psql other -c '\dt' | cut -d'|' -f2 | tr '\n' ' ' | xargs)"

echo "# load, reload"
run "$PK" load seeds.nq --store db
expect_rc "load seeds.nq into a directory store" 0
run "$PK" load seeds.nq --store "$U"
expect_rc "load seeds.nq into PostgreSQL" 0
expect_err "5 documents added" "5 added, 0 replaced, 0 unchanged"
run "$PK" stats --store "$U"
expect_rc "stats" 0
cp -- "$OUT" pg-stats.txt
"$PK" stats --store db >dir-stats.txt
expect_eq "the same counts as the directory store" \
	"$(sed -n '2,4p;6,$p' dir-stats.txt)" "$(sed -n '2,4p;6,$p' pg-stats.txt)"
expect_out "it says postgresql" "(postgresql, generation 1)"
what="after the load" same
run "$PK" load seeds.nq --store "$U"
expect_err "loaded again: 5 unchanged" "0 added, 0 replaced, 5 unchanged"
run "$PK" stats --store "$U"
expect_out "the generation did not move" "(postgresql, generation 1)"
run "$PK" query --store "$U" agreements --param party=pkgid:msit -f tsv
expect_rc "a stored query with --param" 0
expect_eq "one agreement of pkgid:msit" 2 "$(wc -l <"$OUT")"

echo "# a changed article, forget"
mkdir changed
grep -v -e '양해각서(MOU)를 체결하였다' -e '차관급' "$SRC/seeds/001_9ff96b011dd8fe9d.txt" \
	>changed/001_9ff96b011dd8fe9d.txt
for s in db "$U"; do
	run "$PK" extract "${RULES[@]}" changed/001_9ff96b011dd8fe9d.txt --store "$s"
	expect_rc "extract the changed article --store ${s%%:*}" 0
	expect_err "one document replaced" "1 replaced"
done
what="after the changed article" same
for s in db "$U"; do
	run "$PK" forget --store "$s" 000_f3690c1b6a91e66d pkgid:document/002_096fd92515408183
	expect_rc "forget two documents in ${s%%:*}" 0
done
what="after forget" same

echo "# killed writers"
run env POLICYKG_TEST_CRASH=pending "$PK" load -q seeds.nq --store "$U"
expect_rc "a load killed before its commit" 137
what="it left the store as it was" same
run env POLICYKG_TEST_CRASH=commit "$PK" load -q seeds.nq --store "$U"
expect_rc "a load killed after its commit" 137
expect_eq "the store is marked dirty" t "$(psql policykg -c 'SELECT dirty FROM policykg_meta')"
run "$PK" load -q seeds.nq --store db
run "$PK" stats --store "$U"
expect_rc "the next open rebuilds it" 0
expect_err "says so" "index rebuilt from 5 documents"
what="the change is kept" same

echo "# a lock held elsewhere"
psql policykg -c "SELECT pg_advisory_lock(7220531046237811233), pg_sleep(4)" >/dev/null &
holder=$!
sleep 1
run "$PK" query --store "$U" --wait 0 persons
expect_rc "a reader while another holds the store alone" 5
expect_err "is told the store is busy" "store is busy"
run "$PK" load --wait 0.5 seeds.nq --store "$U"
expect_rc "so is a writer" 5
wait "$holder"
run "$PK" query --store "$U" --wait 0 persons
expect_rc "after it let go, the reader gets in" 0

echo "# another format"
run "$PK" load seeds.nq --store "postgresql://policykg@127.0.0.1:$PORT/fmt"
expect_rc "a store in database fmt" 0
psql fmt -c "UPDATE policykg_meta SET format = 9"
run "$PK" query --store "postgresql://policykg@127.0.0.1:$PORT/fmt" persons
expect_rc "a store of format 9" 5
expect_err "is refused" "store format 9 is not supported"

finish
