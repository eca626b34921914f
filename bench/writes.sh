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
bin=${JIANGGU_BIN:-$build/jianggu}
seconds=${BENCH_SECONDS:-5}
wrk_threads=${BENCH_THREADS:-2}
wrk_conns=${BENCH_CONNS:-8}
modes=(full normal)

die() {
	echo "bench/writes.sh: $*" >&2
	exit 1
}

for tool in wrk curl sqlite3; do
	command -v "$tool" >/dev/null || die "$tool not found (run scripts/install-deps)"
done
[ -x "$bin" ] || die "$bin: no such executable (build it, or set JIANGGU_BIN)"
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/build/bench-tmp"
tmp=$(mktemp -d "$root/build/bench-tmp/writes.XXXXXX")
pids=()
ok=0

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	for p in "${pids[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	if [ "$ok" = 1 ] && [ "${BENCH_KEEP:-0}" != 1 ]; then
		rm -rf "$tmp"
	else
		echo "bench/writes.sh: scratch directory kept: $tmp" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cat >"$tmp/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"kind":"enterprise","name":"写入基准公司"}'
LUA

declare -A port token
for m in "${modes[@]}"; do
	db=$tmp/$m.db
	"$bin" migrate --db "$db" >"$tmp/$m-setup.log" 2>&1 ||
		{ cat "$tmp/$m-setup.log" >&2; die "migrate failed"; }
	printf 'Bench2026x\n' | "$bin" user add bench --role admin --db "$db" \
		>>"$tmp/$m-setup.log" 2>&1 || die "user add failed"
	token[$m]=$("$bin" user token bench --db "$db" 2>>"$tmp/$m-setup.log") ||
		die "user token failed"
	JIANGGU_LOG=warn "$bin" serve --db "$db" --listen 127.0.0.1:0 \
		--threads 4 --job-tick 0 --sqlite-sync "$m" \
		>"$tmp/$m.out" 2>"$tmp/$m.log" &
	pids+=($!)
	for ((i = 0; i < 100; i++)); do
		line=$(grep -m1 '^listening on http://127\.0\.0\.1:[0-9]*/' "$tmp/$m.out" || true)
		if [ -n "$line" ]; then
			p=${line##*:}
			port[$m]=${p%/}
			break
		fi
		sleep 0.1
	done
	[ -n "${port[$m]:-}" ] || { cat "$tmp/$m.log" >&2; die "the $m server did not start"; }
done

# measure MODE: writes/s of one run; adds the run's 2xx answers to acked_MODE.
declare -A acked=([full]=0 [normal]=0)
measure() {
	local m=$1 out=$tmp/wrk-$1.txt
	wrk -t"$wrk_threads" -c"$wrk_conns" -d"${seconds}s" --timeout 30s -s "$tmp/post.lua" \
		-H "Authorization: Bearer ${token[$m]}" \
		"http://127.0.0.1:${port[$m]}/api/v1/orgs" >"$out" 2>&1 ||
		{ cat "$out" >&2; die "wrk ($m) failed"; }
	if grep -q -e 'Non-2xx or 3xx responses' -e 'Socket errors' "$out"; then
		cat "$out" >&2
		die "wrk ($m): errors or non-2xx responses"
	fi
	acked[$m]=$(( acked[$m] + $(awk '/requests in/ { print $1 }' "$out") ))
	awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out"
}

f1=$(measure full)
n1=$(measure normal)
f2=$(measure full)
n2=$(measure normal)
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
