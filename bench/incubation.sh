#!/usr/bin/env bash
#
# bench/incubation.sh - the incubator's figures and lists with ten times
# the demo park's incubation data, 64 connections, p99 under 50 ms.
#
#   bench/incubation.sh BUILD_DIR          e.g. bench/incubation.sh build/release
#
# Loads the demo park into a fresh SQLite database in a scratch directory
# under build/bench-tmp, adds nine more copies of its incubation history
# (bench/seed-incubation.sql: 620 startups, their events, sessions and
# investments), creates an admin account and an API token, starts
# `jianggu serve`, and runs wrk with BENCH_CONNS connections against each
# route: the figures (API and page, the page with its trend and the
# "needs attention" list), the startups (API and page) and the registry
# lists. Prints requests/s and the 99th-percentile latency of each, and
# fails (exit 1) when a p99 is BENCH_P99_MS or more. Two routes of the
# platform run alongside as the yardstick of the same run (/healthz, which
# does no work, and the organisations' list of bench/http.sh): on a shared
# machine their p99 says how much of a tail is the machine's.
#
# Environment:
#   JIANGGU_BIN     binary to benchmark (default BUILD_DIR/jianggu)
#   BENCH_SECONDS   duration of each wrk run (default 10)
#   BENCH_THREADS   wrk threads (default 2)
#   BENCH_CONNS     wrk connections (default 64)
#   BENCH_P99_MS    the limit of the 99th percentile (default 50)
#   BENCH_KEEP=1    keep the scratch directory (it is kept on failure)
#
# Needs wrk, curl, python3 and sqlite3; scripts/install-deps installs them.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: bench/incubation.sh BUILD_DIR" >&2; exit 2; }
build=$1
seconds=${BENCH_SECONDS:-10}
wrk_threads=${BENCH_THREADS:-2}
wrk_conns=${BENCH_CONNS:-64}
limit_ms=${BENCH_P99_MS:-50}
as_of=2019-11-18

routes=(
	"/api/v1/incubation/figures?as_of=$as_of"
	"/incubation?as_of=$as_of"
	"/api/v1/incubation/startups?as_of=$as_of&limit=20"
	"/incubation/startups?as_of=$as_of"
	"/incubation/sessions"
	"/incubation/investments"
	"/api/v1/incubation/investments?limit=20"
)
# The yardstick: measured the same way, not held to the limit.
references=(/healthz "/api/v1/orgs?limit=20")

. "$(dirname "$0")/lib.sh"
bench_init incubation "$build" wrk curl python3 sqlite3

"$bin" demo --db "$tmp/bench.db" >"$tmp/setup.log" 2>&1 ||
	{ cat "$tmp/setup.log" >&2; die "demo failed"; }
sqlite3 -bail "$tmp/bench.db" <"$root/bench/seed-incubation.sql" ||
	die "seeding the incubation history failed"
n=$(sqlite3 "$tmp/bench.db" 'SELECT COUNT(*) FROM incubation')
[ "$n" = 620 ] || die "seeded $n startups, not 620"
token=$(bench_admin "$tmp/bench.db" "$tmp/setup.log")

bench_serve serve "$tmp/bench.db" --threads 2
base=$bench_base

# The figures must be the seed's, ten times over.
figures=$(curl -s -H "Authorization: Bearer $token" \
	"$base/api/v1/incubation/figures?as_of=$as_of")
python3 -c 'import json, sys
f = json.loads(sys.argv[1])
assert (f["incubated"], f["graduated"], f["in_park"]) == (620, 250, 370), f' \
	"$figures" || die "unexpected figures: $figures"

# Run wrk against $1; sets rps and p99.
measure() {
	wrk -t "$wrk_threads" -c "$wrk_conns" -d "${seconds}s" --latency \
		-H "Authorization: Bearer $token" \
		"$base$1" >"$tmp/wrk.txt"
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$tmp/wrk.txt")
	p99=$(bench_p99 "$tmp/wrk.txt")
}

printf '%-52s %10s %10s\n' route 'req/s' 'p99 ms'
for route in "${references[@]}"; do
	measure "$route"
	printf '%-52s %10s %10s  (reference)\n' "$route" "$rps" "$p99"
done
failed=0
for route in "${routes[@]}"; do
	code=$(curl -s -o /dev/null -w '%{http_code}' \
		-H "Authorization: Bearer $token" "$base$route")
	[ "$code" = 200 ] || die "$route answered $code"
	measure "$route"
	errors=$(awk '/Non-2xx|Socket errors/ { print }' "$tmp/wrk.txt")
	flag=
	if [ -n "$errors" ] ||
	   python3 -c "import sys; sys.exit(0 if float('$p99') >= $limit_ms else 1)"; then
		flag="  over ${limit_ms} ms or errors: $errors"
		failed=1
	fi
	printf '%-52s %10s %10s%s\n' "$route" "$rps" "$p99" "$flag"
done
[ "$failed" = 0 ] || die "a route missed p99 < ${limit_ms} ms"
ok=1
echo "all routes under ${limit_ms} ms at p99 with $wrk_conns connections"
