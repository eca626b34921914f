#!/usr/bin/env bash
#
# bench/mixed.sh - the mixed load of a park's users, on one server and on
# two behind nginx, with the read replica off and on, side by side.
#
#   bench/mixed.sh BUILD_DIR          e.g. bench/mixed.sh build/release
#
# Starts a PostgreSQL primary and a streaming replica of it
# (scripts/pg-cluster start, replica), loads the demo park into the
# primary, adds a staff account, a firm's and a trainee's with an API token
# each, then runs wrk with bench/mixed.lua (browse 70 %, search 15 %,
# write 10 %, report 5 %, the users by turns) against, in turn:
#   1 server            one `serve` on the primary
#   1 server + replica  the same with --db-replica
#   2 servers           two, behind nginx (deploy/nginx/jianggu.conf)
#   2 servers + replica the same with --db-replica
# and prints requests/s and the 99th-percentile latency of each. Every
# process runs on this machine: on a machine of 2 cores the servers,
# nginx, both PostgreSQL clusters and wrk share them, so a second server
# or a replica cannot add cores here; what the figures show is what each
# layer costs, not what more machines buy.
#
# Environment:
#   JIANGGU_BIN    binary (default BUILD_DIR/jianggu)
#   BENCH_SECONDS  each wrk run (default 10)
#   BENCH_CONNS    wrk connections (default 32)
#   BENCH_THREADS  wrk threads (default 2)
#   BENCH_KEEP=1   keep the scratch directories
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: bench/mixed.sh BUILD_DIR" >&2; exit 2; }
build=$1
seconds=${BENCH_SECONDS:-10}
conns=${BENCH_CONNS:-32}
wrk_threads=${BENCH_THREADS:-2}
nginx=${NGINX:-/usr/sbin/nginx}

. "$(dirname "$0")/lib.sh"
bench_init mixed "$build" wrk psql python3 "$nginx"
# The clusters run as the postgres user, in folders it can reach.
primary=$(mktemp -d /tmp/jianggu-mixed-primary.XXXXXX)
replica=$(mktemp -d /tmp/jianggu-mixed-replica.XXXXXX)
bench_at_exit '"$root/scripts/pg-cluster" stop "$primary"'
bench_at_exit '"$root/scripts/pg-cluster" stop "$replica"'


# --- the database ------------------------------------------------------------

url=$("$root/scripts/pg-cluster" start "$primary")
psql -X -q "$url" -c 'CREATE DATABASE jg'
db=${url/\/postgres\?/\/jg?}
"$bin" demo --db "$db" >"$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; die "demo failed"; }
rurl=$("$root/scripts/pg-cluster" replica "$primary" "$replica")
rdb=${rurl/\/postgres\?/\/jg?}
q() { psql -X -A -t -q "$db" -c "$1"; }
firm_org=$(q "SELECT id FROM org WHERE kind = 'enterprise' ORDER BY id LIMIT 1")
trainee=$(q "SELECT person_id FROM affiliation WHERE role = 'trainee' ORDER BY id LIMIT 1")
[ -n "$firm_org" ] && [ -n "$trainee" ] || die "the demo park has no firm or trainee"
add_user() {
	printf 'Bench-mixed-2026\n' | "$bin" user add "$@" --db "$db" >>"$tmp/users.log" 2>&1 ||
		{ cat "$tmp/users.log" >&2; die "user add $1 failed"; }
	"$bin" user token "$1" --db "$db" 2>>"$tmp/users.log"
}
tokens="staff:$(add_user staff --role admin)"
tokens+=" firm:$(add_user firm --role enterprise --org "$firm_org")"
tokens+=" trainee:$(add_user trainee --role trainee --person "$trainee")"
export BENCH_TOKENS=$tokens

# --- servers -------------------------------------------------------------------

# serve NAME [ARGS...]: start a server behind the proxy, its port in $port.
serve() {
	local name=$1
	shift
	JIANGGU_LOG=warn bench_serve "$name" "$db" --job-tick 0 \
		--trusted-proxy 127.0.0.1 "$@"
	port=${bench_base##*:}
}

# front PORT PORT: nginx before two servers, its port in $port.
front() {
	local dir=$tmp/nginx-$1 listen
	listen=$(bench_free_port)
	mkdir -p "$dir/cache" "$dir/temp"
	sed -e "/server 127\.0\.0\.1:8081/d" \
	    -e "s/server 127\.0\.0\.1:8080 \(.*\)/server 127.0.0.1:$1 \1\n    server 127.0.0.1:$2 \1/" \
	    -e "s/listen 80;/listen 127.0.0.1:$listen;/" \
	    -e "s|/var/cache/nginx/jianggu|$dir/cache|" \
	    "$root/deploy/nginx/jianggu.conf" >"$dir/site.conf"
	cat >"$dir/nginx.conf" <<CONF
daemon off;
user root;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $dir/temp/body;
	proxy_temp_path $dir/temp/proxy;
	fastcgi_temp_path $dir/temp/fastcgi;
	uwsgi_temp_path $dir/temp/uwsgi;
	scgi_temp_path $dir/temp/scgi;
	include $dir/site.conf;
}
CONF
	"$nginx" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" >"$dir/out" 2>&1 &
	bench_pids+=($!)
	port=$listen
	for ((i = 0; i < 100; i++)); do
		curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
		sleep 0.05
	done
	cat "$dir/error.log" >&2
	die "nginx did not start"
}

run() {
	local label=$1 target=$2 out
	out=$tmp/wrk-${label// /-}.txt
	wrk -t"$wrk_threads" -c"$conns" -d"${seconds}s" --latency \
		-s "$root/bench/mixed.lua" "http://127.0.0.1:$target" >"$out" 2>&1 ||
		{ cat "$out" >&2; die "wrk failed ($label)"; }
	if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
		cat "$out" >&2
		die "$label: errors or non-2xx answers"
	fi
	awk -v l="$label" '
		/^Requests\/sec:/ { rps = $2 }
		$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); v += 0
			if (u == "us") v /= 1000; else if (u == "s") v *= 1000
			p99 = v }
		END { printf "%-22s %10.0f %10.2f\n", l, rps, p99 }' "$out"
}

echo "wrk -t$wrk_threads -c$conns -d${seconds}s, bench/mixed.lua:" \
	"browse 70 %, search 15 %, write 10 %, report 5 %; staff, firm, trainee by turns"
printf '%-22s %10s %10s\n' setup "req/s" "p99 ms"

serve one
run "1 server" "$port"
bench_stop_all
serve one-r --db-replica "$rdb"
run "1 server + replica" "$port"
bench_stop_all

serve a; a=$port
serve b; b=$port
front "$a" "$b"
run "2 servers" "$port"
bench_stop_all
serve a-r --db-replica "$rdb"; a=$port
serve b-r --db-replica "$rdb"; b=$port
front "$a" "$b"
run "2 servers + replica" "$port"
bench_stop_all
ok=1
