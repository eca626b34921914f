#!/usr/bin/env bash
#
# bench/facility.sh - the search for free slots over 500 resources for a
# term, beside list routes of the same run.
#
#   bench/facility.sh BUILD_DIR          e.g. bench/facility.sh build/release
#
# Migrates a fresh SQLite database in a scratch directory under
# build/bench-tmp, seeds it with 500 resources, their opening hours, the
# term 2030 春季学期 with its holidays, windows of maintenance and 18,000
# bookings (bench/seed-facility.sql, through Debian's sqlite3 shell),
# creates an admin account and an API token, starts `jianggu serve`, and
# runs wrk with BENCH_CONNS connections and the token against each route
# below, each after a two-second warm-up. Prints one row per route:
# requests/s, the ratio to the first list route of the same run, the
# 99th-percentile latency and whether it is under the budget of
# BENCH_P99_MS milliseconds; exits 1 if a search is not.
#
# Environment:
#   JIANGGU_BIN     binary to benchmark (default BUILD_DIR/jianggu)
#   BENCH_SECONDS   duration of each wrk run (default 10)
#   BENCH_THREADS   wrk threads (default 2)
#   BENCH_CONNS     wrk connections (default 64)
#   BENCH_P99_MS    the p99 budget (default 50)
#   BENCH_KEEP=1    keep the scratch directory (it is kept on failure)
#
# Needs wrk, curl and sqlite3; scripts/install-deps installs them.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: bench/facility.sh BUILD_DIR" >&2; exit 2; }
build=$1
seconds=${BENCH_SECONDS:-10}
wrk_threads=${BENCH_THREADS:-2}
wrk_conns=${BENCH_CONNS:-64}
budget=${BENCH_P99_MS:-50}

term='from=2030-03-01&to=2030-07-10'
# The list routes first (the first is the yardstick; the bookings' list
# sorts all 18,000 through its view), then the searches:
# the first answer, the cells only (100 of the 500, all looked at), and
# the last resources of the 500.
lists=(
	'/api/v1/facility/resources?limit=20'
	'/api/v1/facility/bookings?limit=20'
)
searches=(
	"/api/v1/facility/availability?$term&minutes=120"
	"/api/v1/facility/availability?$term&minutes=120&kind=cell&limit=100"
	"/api/v1/facility/availability?$term&minutes=120&after=480"
)

. "$(dirname "$0")/lib.sh"
bench_init facility "$build" wrk curl sqlite3

# --- 500 resources through a term ---------------------------------------

db=$tmp/bench.db
"$bin" migrate --db "$db" >"$tmp/migrate.log" 2>&1 ||
	{ cat "$tmp/migrate.log" >&2; die "migrate failed"; }
sqlite3 -bail "$db" <"$root/bench/seed-facility.sql" ||
	die "seeding the resources failed"
n=$(sqlite3 "$db" 'SELECT COUNT(*) FROM facility_resource')
[ "$n" -eq 500 ] || die "$n resources, not 500"
token=$(bench_admin "$db" "$tmp/migrate.log")
auth="Authorization: Bearer $token"

bench_serve serve "$db" --threads 2
base=$bench_base

# The search finds slots: every resource of the first answer has some.
curl -fsS -H "$auth" -o "$tmp/first.json" "$base${searches[0]}" ||
	die "GET ${searches[0]} failed"
grep -q '"slots": *\[{' "$tmp/first.json" || grep -q '"slots":\[{' "$tmp/first.json" ||
	die "the search found no slot"

# --- wrk ----------------------------------------------------------------------

echo "wrk -t$wrk_threads -c$wrk_conns -d${seconds}s with a bearer token;" \
	"$(sqlite3 "$db" 'SELECT COUNT(*) FROM facility_booking') bookings of" \
	"500 resources; budget of the searches p99 < ${budget} ms"
printf '%-78s %9s %7s %9s\n' route 'req/s' 'ratio' 'p99 ms'
failed=0
k=0
yardstick=
for r in "${lists[@]}" "${searches[@]}"; do
	k=$((k + 1))
	out=$tmp/wrk-$k.txt
	curl -fsS -o /dev/null -H "$auth" "$base$r" || die "GET $r failed"
	wrk -t"$wrk_threads" -c"$wrk_conns" -d2s -H "$auth" "$base$r" \
		>/dev/null 2>&1 || die "wrk $r (warm-up) failed"
	bench_wrk "$out" -t"$wrk_threads" -c"$wrk_conns" -d"${seconds}s" \
		--latency --timeout 10s -H "$auth" "$base$r"
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	lat=$(bench_p99 "$out")
	[ -n "$yardstick" ] || yardstick=$rps
	ratio=$(awk -v a="$rps" -v b="$yardstick" 'BEGIN { printf "%.2f", a / b }')
	verdict=
	if [ "$k" -gt "${#lists[@]}" ]; then
		verdict=ok
		if awk -v a="$lat" -v b="$budget" 'BEGIN { exit !(a >= b) }'; then
			verdict=OVER
			failed=1
		fi
	fi
	printf '%-78s %9.0f %7s %9.2f  %s\n' "$r" "$rps" "$ratio" "$lat" "$verdict"
done
ok=1
[ "$failed" = 0 ] || { echo "bench/facility.sh: some search's p99 over ${budget} ms" >&2; exit 1; }
