#!/usr/bin/env bash
#
# bench/memo-pg.sh - whether keeping the figures pays on PostgreSQL.
#
#   bench/memo-pg.sh BUILD_DIR          e.g. bench/memo-pg.sh build/release
#
# The park's figures are many queries over the whole ledger; db/memo.h
# keeps each answer while the database's version (on PostgreSQL the
# snapshot, pg_current_snapshot()) stands still. This measures what that
# saves, side by side in one run: a throwaway PostgreSQL cluster
# (scripts/pg-cluster, as the tests use: durability off, which does not
# matter to reads) gets the demo park, an admin account and a token; two
# servers serve it at once, one as shipped and one with JIANGGU_MEMO=off
# (every answer computed); wrk runs against each route on each server in
# turn (kept, computed, kept, computed, to spread a shared machine's noise
# over both). Then the same again while a client commits a write
# BENCH_WRITES times a second (each commit makes every kept answer stale,
# so this is the memo's cost: two version reads per answer besides the
# computing). Prints requests/s of each and the ratio kept/computed.
#
# Environment:
#   JIANGGU_BIN     binary to benchmark (default BUILD_DIR/jianggu)
#   BENCH_SECONDS   duration of each wrk run (default 5; 16 runs in all)
#   BENCH_THREADS   wrk threads (default 2)
#   BENCH_CONNS     wrk connections (default 8)
#   BENCH_WRITES    writes per second in the second half (default 20)
#   BENCH_KEEP=1    keep the scratch directory (it is kept on failure)
#
# Needs wrk, curl, python3, psql and the PostgreSQL server binaries;
# scripts/install-deps installs them.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: bench/memo-pg.sh BUILD_DIR" >&2; exit 2; }
build=$1
seconds=${BENCH_SECONDS:-5}
wrk_threads=${BENCH_THREADS:-2}
wrk_conns=${BENCH_CONNS:-8}
writes=${BENCH_WRITES:-20}

routes=(
	'/api/v1/incubation/figures?as_of=2019-11-18'
	'/api/v1/training/figures?as_of=2019-11-18'
)

. "$(dirname "$0")/lib.sh"
bench_init memo-pg "$build" wrk curl python3 psql
# The cluster runs as the postgres user, in a folder it can reach.
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/jianggu-bench-pg.XXXXXX")
bench_at_exit '"$root/scripts/pg-cluster" stop "$pgdir"'

cluster=$("$root/scripts/pg-cluster" start "$pgdir") || die "PostgreSQL did not start"
psql -q "$cluster" -c 'CREATE DATABASE bench' || die "createdb failed"
db=${cluster/\/postgres\?//bench?}
"$bin" demo --db "$db" >"$tmp/setup.log" 2>&1 ||
	{ cat "$tmp/setup.log" >&2; die "demo failed"; }
# Planner statistics, as autovacuum would gather them soon after a load.
psql -q "$db" -c 'VACUUM ANALYZE' || die "VACUUM ANALYZE failed"
token=$(bench_admin "$db" "$tmp/setup.log")
auth="Authorization: Bearer $token"

# Two servers, the figures kept and computed.
bench_serve kept "$db" --threads 4 --job-tick 0
kept=$bench_base
JIANGGU_MEMO=off bench_serve computed "$db" --threads 4 --job-tick 0
computed=$bench_base

# Both answer the same figures.
for r in "${routes[@]}"; do
	a=$(curl -fsS -H "$auth" "$kept$r") || die "GET $r failed"
	b=$(curl -fsS -H "$auth" "$computed$r") || die "GET $r failed"
	[ "$a" = "$b" ] || die "$r: the two servers disagree"
done

# measure BASE ROUTE: requests/s of one wrk run.
measure() {
	bench_wrk "$tmp/wrk.txt" -t"$wrk_threads" -c"$wrk_conns" -d"${seconds}s" \
		--timeout 30s -H "$auth" "$1$2"
	awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$tmp/wrk.txt"
}

table() {
	printf '%-48s %10s %10s %8s\n' route 'kept r/s' 'comp. r/s' ratio
	for r in "${routes[@]}"; do
		k1=$(measure "$kept" "$r")
		c1=$(measure "$computed" "$r")
		k2=$(measure "$kept" "$r")
		c2=$(measure "$computed" "$r")
		awk -v r="$r" -v k=$(( (k1 + k2) / 2 )) -v c=$(( (c1 + c2) / 2 )) \
			'BEGIN { printf "%-48s %10d %10d %7.2fx\n", r, k, c, c ? k / c : 0 }'
	done
}

echo "PostgreSQL $(psql -XAtq "$db" -c 'SHOW server_version'), the demo park;" \
	"wrk -t$wrk_threads -c$wrk_conns -d${seconds}s, two runs each, alternating"
echo "-- nothing written:"
table

# A client writing BENCH_WRITES times a second: each commit is an
# organisation created through the API.
(
	while :; do
		curl -fsS -o /dev/null -H "$auth" -H 'content-type: application/json' \
			-d '{"kind":"enterprise","name":"基准写入公司"}' \
			"$kept/api/v1/orgs" || true
		sleep "$(awk -v w="$writes" 'BEGIN { printf "%.3f", 1 / w }')"
	done
) &
bench_pids+=($!)
writer=$!
echo "-- while a client commits about $writes writes a second:"
table
bench_stop "$writer"
n=$(psql -XAtq "$db" -c "SELECT count(*) FROM org WHERE name = '基准写入公司'")
echo "($n writes committed during the second half)"
ok=1
