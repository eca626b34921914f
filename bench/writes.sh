#!/usr/bin/env bash
#
# bench/writes.sh - SQLite writes per second with synchronous FULL (the
# default: a commit is on disk when it returns) and NORMAL (serve
# --sqlite-sync normal: synced at checkpoints, so the last commits can be
# lost on power loss), side by side.
#
#   bench/writes.sh BUILD_DIR          e.g. bench/writes.sh build/release
#
# Migrates two fresh SQLite databases in a scratch directory under
# build/bench-tmp (on the disk the build is on: a RAM file system would
# make every sync free), creates an admin account and an API token in
# each, starts one `jianggu serve` on each, with --sqlite-sync full and
# --sqlite-sync normal, and runs wrk against each in turn (full, normal,
# full, normal): POST /api/v1/orgs, one organisation and its audit row
# per request, each request its own transaction. Prints the writes per
# second of each (mean of its runs) and the ratio normal/full, then checks
# that each database holds as many organisations as its server
# acknowledged.
#
# Environment:
#   JIANGGU_BIN     binary to benchmark (default BUILD_DIR/jianggu)
#   BENCH_SECONDS   duration of each wrk run (default 5)
#   BENCH_THREADS   wrk threads (default 2)
#   BENCH_CONNS     wrk connections (default 8)
#   BENCH_KEEP=1    keep the scratch directory (it is kept on failure)
#
# Needs wrk, curl and sqlite3; scripts/install-deps installs them.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: bench/writes.sh BUILD_DIR" >&2; exit 2; }
build=$1
seconds=${BENCH_SECONDS:-5}
wrk_threads=${BENCH_THREADS:-2}
wrk_conns=${BENCH_CONNS:-8}
modes=(full normal)

. "$(dirname "$0")/lib.sh"
bench_init writes "$build" wrk curl sqlite3

cat >"$tmp/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"kind":"enterprise","name":"写入基准公司"}'
LUA

declare -A base token
for m in "${modes[@]}"; do
	db=$tmp/$m.db
	"$bin" migrate --db "$db" >"$tmp/$m-setup.log" 2>&1 ||
		{ cat "$tmp/$m-setup.log" >&2; die "migrate failed"; }
	token[$m]=$(bench_admin "$db" "$tmp/$m-setup.log")
	bench_serve "$m" "$db" --threads 4 --job-tick 0 --sqlite-sync "$m"
	base[$m]=$bench_base
done

# measure MODE: sets rate to the writes/s of one run, and adds the run's
# 2xx answers to acked[MODE] (so it is not called in a subshell).
declare -A acked=([full]=0 [normal]=0)
measure() {
	local m=$1 out=$tmp/wrk-$1.txt
	bench_wrk "$out" -t"$wrk_threads" -c"$wrk_conns" -d"${seconds}s" \
		--timeout 30s -s "$tmp/post.lua" \
		-H "Authorization: Bearer ${token[$m]}" "${base[$m]}/api/v1/orgs"
	acked[$m]=$(( acked[$m] + $(awk '/requests in/ { print $1 }' "$out") ))
	rate=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
}

measure full; f1=$rate
measure normal; n1=$rate
measure full; f2=$rate
measure normal; n2=$rate
full=$(( (f1 + f2) / 2 ))
normal=$(( (n1 + n2) / 2 ))

echo "POST /api/v1/orgs (one organisation and its audit row per transaction);" \
	"wrk -t$wrk_threads -c$wrk_conns -d${seconds}s, two runs each, alternating;" \
	"$(df -P "$tmp" | awk 'NR == 2 { print $1 }')"
printf '%-24s %12s\n' 'synchronous' 'writes/s'
printf '%-24s %12d\n' 'FULL (default)' "$full"
printf '%-24s %12d\n' 'NORMAL' "$normal"
awk -v f="$full" -v n="$normal" 'BEGIN { printf "NORMAL/FULL %.2fx\n", f ? n / f : 0 }'

# Every acknowledged write is in its database.
for m in "${modes[@]}"; do
	n=$(sqlite3 "$tmp/$m.db" "SELECT count(*) FROM org WHERE name = '写入基准公司'")
	[ "$n" -ge "${acked[$m]}" ] || die "$m: $n organisations, ${acked[$m]} acknowledged"
done
ok=1
