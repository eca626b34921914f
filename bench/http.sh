#!/usr/bin/env bash
#
# bench/http.sh - API reads against nginx serving the same bytes, side by side.
#
#   bench/http.sh BUILD_DIR          e.g. bench/http.sh build/release
#
# Migrates a fresh SQLite database in a scratch directory under
# build/bench-tmp, seeds it with 10,000 organisations (bench/seed-orgs.sql,
# through Debian's sqlite3 shell), creates an admin account and an API
# token, starts `jianggu serve` on a free loopback port under
# /usr/bin/time -v, fetches each benchmarked route's body with curl and
# writes it into an nginx root, starts nginx on another free loopback port,
# then runs wrk against each route in the order jianggu, nginx, jianggu,
# nginx (alternating, to spread the noise of a shared machine over both).
# Prints one row per route: requests/s of each (mean of its two runs), the
# ratio jianggu/nginx and the 99th-percentile latency of each; then stops
# jianggu with SIGTERM and prints its peak resident set size.
#
# The public routes run with BENCH_CONNS connections and no credentials.
# GET /api/v1/orgs?limit=20 runs with BENCH_AUTH_CONNS connections and an
# `Authorization: Bearer TOKEN` header on both sides (nginx ignores it and
# the query string: `location = /api/v1/orgs` serves the saved body).
#
# Environment:
#   JIANGGU_BIN     binary to benchmark (default BUILD_DIR/jianggu)
#   BENCH_SECONDS   duration of each wrk run (default 10; 12 runs in all)
#   BENCH_THREADS   wrk threads (default 2)
#   BENCH_CONNS     wrk connections of the public routes (default 32)
#   BENCH_AUTH_CONNS  wrk connections of the authenticated route (default 64)
#   BENCH_KEEP=1    keep the scratch directory (it is kept on failure)
#   JIANGGU_LOG     log threshold of the server (default warn: the access
#                   log is off on both sides, as nginx runs with access_log off)
#
# Needs wrk, nginx (/usr/sbin/nginx), curl, python3, sqlite3 and
# /usr/bin/time (Debian's `time`); scripts/install-deps installs them.
set -euo pipefail

usage() {
	echo "usage: bench/http.sh BUILD_DIR" >&2
	exit 2
}
[ $# -eq 1 ] || usage
build=$1
seconds=${BENCH_SECONDS:-10}
wrk_threads=${BENCH_THREADS:-2}
wrk_conns=${BENCH_CONNS:-32}
wrk_auth_conns=${BENCH_AUTH_CONNS:-64}
nginx=${NGINX:-/usr/sbin/nginx}

# The public routes benchmarked; nginx serves each body from ROOT/PATH.
routes=(/api/v1/openapi.json /healthz)
# The authenticated route; nginx serves its body from ROOT/api/v1/orgs.
auth_route='/api/v1/orgs?limit=20'
auth_file=/api/v1/orgs

. "$(dirname "$0")/lib.sh"
bench_init http "$build" wrk curl python3 sqlite3 /usr/bin/time "$nginx"

time_pid=      # /usr/bin/time, parent of jianggu
jg_pid=        # jianggu itself
nginx_pid=     # nginx master

# Stop whichever of the two servers still runs.
stop_servers() {
	if [ -z "$jg_pid" ] && [ -n "$time_pid" ]; then
		jg_pid=$(pgrep -P "$time_pid" | head -n1 || true)
	fi
	if [ -n "$jg_pid" ] && kill -0 "$jg_pid" 2>/dev/null; then
		kill -TERM "$jg_pid" 2>/dev/null || true
	fi
	if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
		kill -TERM "$nginx_pid" 2>/dev/null || true
	fi
	[ -z "$time_pid" ] || wait "$time_pid" 2>/dev/null || true
	[ -z "$nginx_pid" ] || wait "$nginx_pid" 2>/dev/null || true
}
bench_at_exit stop_servers


# Wait (up to about 10 s) until http://127.0.0.1:$1/ accepts connections,
# giving up early if process $2 has exited.
wait_http() {
	local i
	for ((i = 0; i < 100; i++)); do
		curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# --- jianggu ---------------------------------------------------------------

"$bin" migrate --db "$tmp/bench.db" >"$tmp/migrate.log" 2>&1 ||
	{ cat "$tmp/migrate.log" >&2; die "migrate failed"; }
sqlite3 -bail "$tmp/bench.db" <"$root/bench/seed-orgs.sql" ||
	die "seeding the organisations failed"
n_orgs=$(sqlite3 "$tmp/bench.db" 'SELECT COUNT(*) FROM org')
[ "$n_orgs" = 10000 ] || die "seeded $n_orgs organisations, not 10000"
token=$(bench_admin "$tmp/bench.db" "$tmp/migrate.log")
[ -n "$token" ] || die "user token printed no token"
auth_header="Authorization: Bearer $token"

JIANGGU_LOG=${JIANGGU_LOG:-warn} /usr/bin/time -v -o "$tmp/time.txt" \
	"$bin" serve --db "$tmp/bench.db" --listen 127.0.0.1:0 --threads 2 \
	>"$tmp/serve.out" 2>"$tmp/serve.log" &
time_pid=$!

jg_port=$(bench_listening "$tmp/serve.out" "$time_pid" "$tmp/serve.log")
jg_port=${jg_port##*:}
jg_pid=$(pgrep -P "$time_pid" | head -n1)
[ -n "$jg_pid" ] || die "cannot find the jianggu process under /usr/bin/time"

# --- the same bytes for nginx ------------------------------------------------

mkdir -p "$tmp/root" "$tmp/nginx-temp"
for r in "${routes[@]}"; do
	mkdir -p "$tmp/root$(dirname "$r")"
	curl -fsS -o "$tmp/root$r" "http://127.0.0.1:$jg_port$r" ||
		die "GET $r from jianggu failed"
	[ -s "$tmp/root$r" ] || die "GET $r from jianggu: empty body"
done
curl -fsS -H "$auth_header" -o "$tmp/root$auth_file" \
	"http://127.0.0.1:$jg_port$auth_route" ||
	die "GET $auth_route from jianggu failed"
grep -q '"total":10000[,}]' "$tmp/root$auth_file" ||
	die "GET $auth_route from jianggu: no \"total\":10000 in the body"

nginx_port=$(bench_free_port)
cat >"$tmp/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 2;
user root;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;

events {
	worker_connections 1024;
}

http {
	access_log off;
	default_type application/json;
	sendfile on;
	tcp_nopush on;
	open_file_cache max=64;
	keepalive_requests 1000000;
	client_body_temp_path $tmp/nginx-temp/body;
	proxy_temp_path $tmp/nginx-temp/proxy;
	fastcgi_temp_path $tmp/nginx-temp/fastcgi;
	uwsgi_temp_path $tmp/nginx-temp/uwsgi;
	scgi_temp_path $tmp/nginx-temp/scgi;

	server {
		listen 127.0.0.1:$nginx_port;
		root $tmp/root;

		location = /healthz {
			try_files /healthz =404;
		}
		location = $auth_file {
			try_files $auth_file =404;
		}
		location / {
			try_files \$uri =404;
		}
	}
}
EOF
# -e: nginx opens its default error log before reading the configuration.
"$nginx" -p "$tmp" -e "$tmp/nginx-error.log" -c "$tmp/nginx.conf" \
	>"$tmp/nginx.out" 2>&1 &
nginx_pid=$!
wait_http "$nginx_port" "$nginx_pid" ||
	{ cat "$tmp/nginx-error.log" "$tmp/nginx.out" >&2 2>/dev/null; die "nginx did not start"; }

for r in "${routes[@]}"; do
	curl -fsS -o "$tmp/check" "http://127.0.0.1:$nginx_port$r" ||
		die "GET $r from nginx failed"
	cmp -s "$tmp/check" "$tmp/root$r" || die "nginx serves different bytes for $r"
done
curl -fsS -H "$auth_header" -o "$tmp/check" \
	"http://127.0.0.1:$nginx_port$auth_route" ||
	die "GET $auth_route from nginx failed"
cmp -s "$tmp/check" "$tmp/root$auth_file" ||
	die "nginx serves different bytes for $auth_route"

# --- wrk ---------------------------------------------------------------------

# run_wrk URL OUT CONNS [HEADER]: one wrk run; fails on socket errors or
# non-2xx answers.
run_wrk() {
	local hdr=()

	[ $# -lt 4 ] || hdr=(-H "$4")
	wrk -t"$wrk_threads" -c"$3" -d"${seconds}s" --latency "${hdr[@]}" "$1" \
		>"$2" 2>&1 || { cat "$2" >&2; die "wrk $1 failed"; }
	if grep -q -e 'Non-2xx or 3xx responses' -e 'Socket errors' "$2"; then
		cat "$2" >&2
		die "wrk $1: errors or non-2xx responses"
	fi
}

# wrk_rps OUT: requests/s.
wrk_rps() {
	awk '/^Requests\/sec:/ { print $2; found = 1 } END { exit !found }' "$1"
}


echo "wrk -t$wrk_threads -d${seconds}s, -c$wrk_conns (public routes)," \
	"-c$wrk_auth_conns with a bearer token ($auth_route);" \
	"order jianggu nginx jianggu nginx; jianggu on :$jg_port, nginx on :$nginx_port"
rows=()
n=0
for r in "${routes[@]}" "$auth_route"; do
	wrk_args=("$wrk_conns")
	[ "$r" != "$auth_route" ] || wrk_args=("$wrk_auth_conns" "$auth_header")
	jg_rps=() ng_rps=() jg_p99=() ng_p99=()
	for _ in 1 2; do
		n=$((n + 1))
		run_wrk "http://127.0.0.1:$jg_port$r" "$tmp/wrk-$n-jianggu.txt" \
			"${wrk_args[@]}"
		run_wrk "http://127.0.0.1:$nginx_port$r" "$tmp/wrk-$n-nginx.txt" \
			"${wrk_args[@]}"
		jg_rps+=("$(wrk_rps "$tmp/wrk-$n-jianggu.txt")")
		ng_rps+=("$(wrk_rps "$tmp/wrk-$n-nginx.txt")")
		jg_p99+=("$(bench_p99 "$tmp/wrk-$n-jianggu.txt")")
		ng_p99+=("$(bench_p99 "$tmp/wrk-$n-nginx.txt")")
	done
	rows+=("$(awk -v r="$r" \
		-v a1="${jg_rps[0]}" -v a2="${jg_rps[1]}" \
		-v b1="${ng_rps[0]}" -v b2="${ng_rps[1]}" \
		-v p1="${jg_p99[0]}" -v p2="${jg_p99[1]}" \
		-v q1="${ng_p99[0]}" -v q2="${ng_p99[1]}" 'BEGIN {
		a = (a1 + a2) / 2; b = (b1 + b2) / 2
		printf "%-22s %12.0f %12.0f %7.2f %11.2f %11.2f  (runs: %.0f/%.0f vs %.0f/%.0f)\n",
			r, a, b, (b > 0 ? a / b : 0), (p1 + p2) / 2, (q1 + q2) / 2,
			a1, a2, b1, b2
	}')")
done

echo
printf '%-22s %12s %12s %7s %11s %11s\n' route "jianggu r/s" "nginx r/s" ratio \
	"jg p99 ms" "ngx p99 ms"
printf '%s\n' "${rows[@]}"

# --- stop, and jianggu's peak memory -------------------------------------------

kill -TERM "$nginx_pid"
wait "$nginx_pid" || true
nginx_pid=
kill -TERM "$jg_pid"
jg_status=0
wait "$time_pid" || jg_status=$?
jg_pid='' time_pid=''
[ "$jg_status" = 0 ] || { cat "$tmp/serve.log" >&2; die "jianggu exited with status $jg_status after SIGTERM"; }

rss_kib=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$tmp/time.txt")
[ -n "$rss_kib" ] || die "no 'Maximum resident set size' in /usr/bin/time output"
echo
awk -v k="$rss_kib" 'BEGIN { printf "jianggu peak RSS: %.1f MiB (%d KiB)\n", k / 1024, k }'
ok=1
