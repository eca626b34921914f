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
bin=${JIANGGU_BIN:-$build/jianggu}
seconds=${BENCH_SECONDS:-5}
wrk_threads=${BENCH_THREADS:-2}
wrk_conns=${BENCH_CONNS:-8}
writes=${BENCH_WRITES:-20}

routes=(
	'/api/v1/incubation/figures?as_of=2019-11-18'
	'/api/v1/training/figures?as_of=2019-11-18'
)

die() {
	echo "bench/memo-pg.sh: $*" >&2
	exit 1
}

for tool in wrk curl python3 psql; do
	command -v "$tool" >/dev/null || die "$tool not found (run scripts/install-deps)"
done
[ -x "$bin" ] || die "$bin: no such executable (build it, or set JIANGGU_BIN)"
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/build/bench-tmp"
tmp=$(mktemp -d "$root/build/bench-tmp/memo-pg.XXXXXX")
# The cluster runs as the postgres user, in a folder it can reach.
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/jianggu-bench-pg.XXXXXX")
pids=()
writer=
ok=0

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	[ -n "$writer" ] && kill "$writer" 2>/dev/null && wait "$writer" 2>/dev/null
	for p in "${pids[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	"$root/scripts/pg-cluster" stop "$pgdir" || true
	if [ "$ok" = 1 ] && [ "${BENCH_KEEP:-0}" != 1 ]; then
		rm -rf "$tmp"
	else
		echo "bench/memo-pg.sh: scratch directory kept: $tmp" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cluster=$("$root/scripts/pg-cluster" start "$pgdir") || die "PostgreSQL did not start"
psql -q "$cluster" -c 'CREATE DATABASE bench' || die "createdb failed"
db=${cluster/\/postgres\?//bench?}
"$bin" demo --db "$db" >"$tmp/setup.log" 2>&1 ||
	{ cat "$tmp/setup.log" >&2; die "demo failed"; }
# Planner statistics, as autovacuum would gather them soon after a load.
psql -q "$db" -c 'VACUUM ANALYZE' || die "VACUUM ANALYZE failed"
printf 'Bench2026x\n' | "$bin" user add bench --role admin --db "$db" \
	>>"$tmp/setup.log" 2>&1 || die "user add failed"
token=$("$bin" user token bench --db "$db" 2>>"$tmp/setup.log") ||
	die "user token failed"
auth="Authorization: Bearer $token"

# start NAME [ENV=VALUE]: a server on a free port; sets port_NAME.
start() {
	local name=$1 line port i
	shift
	env "$@" JIANGGU_LOG=warn "$bin" serve --db "$db" --listen 127.0.0.1:0 \
		--threads 4 --job-tick 0 >"$tmp/$name.out" 2>"$tmp/$name.log" &
	pids+=($!)
	for ((i = 0; i < 100; i++)); do
		line=$(grep -m1 '^listening on http://127\.0\.0\.1:[0-9]*/' "$tmp/$name.out" || true)
		if [ -n "$line" ]; then
			port=${line##*:}
			printf -v "port_$name" '%s' "${port%/}"
			return 0
		fi
		sleep 0.1
	done
	cat "$tmp/$name.log" >&2
	die "the $name server did not start"
}
start kept
start computed JIANGGU_MEMO=off

# Both answer the same figures.
for r in "${routes[@]}"; do
	a=$(curl -fsS -H "$auth" "http://127.0.0.1:$port_kept$r") || die "GET $r failed"
	b=$(curl -fsS -H "$auth" "http://127.0.0.1:$port_computed$r") || die "GET $r failed"
	[ "$a" = "$b" ] || die "$r: the two servers disagree"
done

# measure PORT ROUTE: requests/s of one wrk run.
measure() {
	wrk -t"$wrk_threads" -c"$wrk_conns" -d"${seconds}s" --timeout 30s -H "$auth" \
		"http://127.0.0.1:$1$2" >"$tmp/wrk.txt" 2>&1 ||
		{ cat "$tmp/wrk.txt" >&2; die "wrk $2 failed"; }
	if grep -q -e 'Non-2xx or 3xx responses' -e 'Socket errors' "$tmp/wrk.txt"; then
		cat "$tmp/wrk.txt" >&2
		die "wrk $2: errors or non-2xx responses"
	fi
	awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$tmp/wrk.txt"
}

table() {
	printf '%-48s %10s %10s %8s\n' route 'kept r/s' 'comp. r/s' ratio
	for r in "${routes[@]}"; do
		k1=$(measure "$port_kept" "$r")
		c1=$(measure "$port_computed" "$r")
		k2=$(measure "$port_kept" "$r")
		c2=$(measure "$port_computed" "$r")
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
			"http://127.0.0.1:$port_kept/api/v1/orgs" || true
		sleep "$(awk -v w="$writes" 'BEGIN { printf "%.3f", 1 / w }')"
	done
) &
writer=$!
echo "-- while a client commits about $writes writes a second:"
table
kill "$writer" 2>/dev/null || true
wait "$writer" 2>/dev/null || true
writer=
n=$(psql -XAtq "$db" -c "SELECT count(*) FROM org WHERE name = '基准写入公司'")
echo "($n writes committed during the second half)"
ok=1
