# bench/lib.sh - what the benchmark scripts share; sourced, never run.
#
#   . "$(dirname "$0")/lib.sh"
#   bench_init NAME BUILD_DIR [TOOL...]
#
# bench_init sets
#   root   the project's top directory
#   bin    the binary to benchmark, absolute (JIANGGU_BIN, else
#          BUILD_DIR/jianggu)
#   tmp    a scratch directory under build/bench-tmp
# checks that each TOOL is on PATH, and arranges the cleanup on exit:
# each process in bench_pids (the servers bench_serve starts, and what a
# script adds) is stopped, each command given to
# bench_at_exit runs (the last given first), and the scratch directory is
# removed when the script set ok=1 and BENCH_KEEP is not 1 (it is kept,
# and named, on failure).
#
# Then:
#   die MESSAGE...              the script's error, and exit 1
#   bench_at_exit COMMAND...    one more command for the cleanup
#   bench_admin DB LOG          an admin account `bench` and its API token:
#                               prints the token; the CLI's output in LOG
#   bench_serve NAME DB [ARG...]
#                               `jianggu serve` on a free loopback port,
#                               with ARGs; its output in $tmp/NAME.out and
#                               .log; sets bench_pid and bench_base (its
#                               http://127.0.0.1:PORT)
#   bench_listening OUT PID LOG prints the base URL a server writes to OUT
#                               once it listens; dies with LOG if process
#                               PID ends first or it takes 10 seconds
#   bench_stop PID              stop one process of bench_pids, wait for it
#                               and forget it
#   bench_stop_all              stop every server started, and forget them
#   bench_free_port             a loopback port that was free a moment ago
#   bench_wrk OUT ARG...        wrk with ARGs, its output in OUT; dies if it
#                               fails, a socket errs or an answer is not
#                               2xx or 3xx
#   bench_p99 FILE [DECIMALS]   the 99th percentile of wrk --latency's
#                               output, in milliseconds

bench_pids=()
bench_exits=()
ok=0

die() {
	echo "bench/$bench.sh: $*" >&2
	exit 1
}

bench_at_exit() {
	bench_exits+=("$*")
}

bench_stop() {
	local kept=() p
	if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then
		kill -TERM "$1" 2>/dev/null || true
		wait "$1" 2>/dev/null || true
	fi
	for p in "${bench_pids[@]}"; do
		[ "$p" = "$1" ] || kept+=("$p")
	done
	bench_pids=("${kept[@]}")
}

bench_stop_all() {
	local p
	for p in "${bench_pids[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in "${bench_pids[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	bench_pids=()
}

bench_cleanup() {
	local rc=$? i
	trap - EXIT INT TERM
	bench_stop_all
	for ((i = ${#bench_exits[@]} - 1; i >= 0; i--)); do
		eval "${bench_exits[i]}" || true
	done
	if [ "$ok" = 1 ] && [ "${BENCH_KEEP:-0}" != 1 ]; then
		rm -rf "$tmp"
	else
		echo "bench/$bench.sh: scratch directory kept: $tmp" >&2
	fi
	exit "$rc"
}

bench_init() {
	local tool
	bench=$1
	bin=${JIANGGU_BIN:-$2/jianggu}
	shift 2
	for tool in "$@"; do
		command -v "$tool" >/dev/null ||
			die "$tool not found (run scripts/install-deps)"
	done
	[ -x "$bin" ] || die "$bin: no such executable (build it, or set JIANGGU_BIN)"
	bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	mkdir -p "$root/build/bench-tmp"
	tmp=$(mktemp -d "$root/build/bench-tmp/$bench.XXXXXX")
	trap bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

bench_admin() {
	printf 'Bench2026x\n' | "$bin" user add bench --role admin --db "$1" \
		>>"$2" 2>&1 || { cat "$2" >&2; die "user add failed"; }
	"$bin" user token bench --db "$1" 2>>"$2" ||
		{ cat "$2" >&2; die "user token failed"; }
}

bench_listening() {
	local line i
	for ((i = 0; i < 100; i++)); do
		line=$(grep -m1 '^listening on http://127\.0\.0\.1:[0-9]*/' "$1" || true)
		if [ -n "$line" ]; then
			line=${line#listening on }
			echo "${line%/}"
			return 0
		fi
		kill -0 "$2" 2>/dev/null || break
		sleep 0.1
	done
	cat "$3" >&2
	die "jianggu did not start"
}

bench_serve() {
	local name=$1 db=$2
	shift 2
	JIANGGU_LOG=${JIANGGU_LOG:-warn} "$bin" serve --db "$db" \
		--listen 127.0.0.1:0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.log" &
	bench_pid=$!
	bench_pids+=("$bench_pid")
	bench_base=$(bench_listening "$tmp/$name.out" "$bench_pid" "$tmp/$name.log")
}

bench_free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

bench_wrk() {
	local out=$1
	shift
	wrk "$@" >"$out" 2>&1 || { cat "$out" >&2; die "wrk ${*: -1} failed"; }
	if grep -q -e 'Non-2xx or 3xx responses' -e 'Socket errors' "$out"; then
		cat "$out" >&2
		die "wrk ${*: -1}: errors or non-2xx responses"
	fi
}

bench_p99() {
	awk -v places="${2:-2}" '$1 == "99%" {
		v = $2; u = v; sub(/[0-9.]+/, "", u); v += 0
		if (u == "us") v /= 1000; else if (u == "s") v *= 1000
		else if (u == "m") v *= 60000; else if (u != "ms") exit 1
		printf "%.*f\n", places, v; found = 1
	} END { exit !found }' "$1"
}
