#!/usr/bin/env bash
#
# bench/fair.sh - the regional fair of issue 20: 50,000 candidates and
# 2,600 firms imported, run, verified and published, on SQLite and on
# PostgreSQL side by side, while the portal answers a list page.
#
#   bench/fair.sh BUILD_DIR              e.g. bench/fair.sh build/release
#
# For each back end: a fresh database (`jianggu migrate`) with the fair's
# 50,000 people and 2,600 firms, each with an account
# (bench/seed-fair.sql), an admin and its API token, `jianggu serve`; the
# fair's lists from `match_gen --scale fair --codes 1` (deterministic),
# named by mobile numbers and credit codes. Then, each timed with curl:
#
#   import    POST /api/v1/selection/rounds/:id/import (the three files)
#   run       POST .../run (read, match, verify stable, store), then
#   publish   POST .../publish (offers made, and the 52,600 accounts of
#             the candidates and firms told, in batches)
#
# while wrk reads GET /api/v1/selection/rounds?limit=20 with BENCH_CONNS
# connections from just before the run until just after publication:
# its p99 is the portal's answer during the run. Last, the round's lists
# are downloaded and `jianggu match --seed SEED` times the engine alone on
# them; its matching must equal the stored one byte for byte.
#
# Prints one row per back end: the import, run + publish (target under
# 10 s), the engine's own time, and the list page's requests and p99
# during the run. Exits 1 if run + publish is 10 s or more.
#
# Environment:
#   JIANGGU_BIN     binary to benchmark (default BUILD_DIR/jianggu)
#   BENCH_DBS       back ends (default "sqlite postgres")
#   BENCH_THREADS   wrk threads (default 2)
#   BENCH_CONNS     wrk connections (default 16)
#   BENCH_KEEP=1    keep the scratch directory (it is kept on failure)
#
# Needs wrk, curl, python3, sqlite3, psql and the PostgreSQL server
# (scripts/pg-cluster); scripts/install-deps installs them.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: bench/fair.sh BUILD_DIR" >&2; exit 2; }
build=$1
gen=$build/bench/match_gen
dbs=${BENCH_DBS:-sqlite postgres}
wrk_threads=${BENCH_THREADS:-2}
wrk_conns=${BENCH_CONNS:-16}
budget_s=10

. "$(dirname "$0")/lib.sh"
bench_init fair "$build" wrk curl python3 sqlite3 psql
[ -x "$gen" ] || die "$gen: no such executable (make benches)"
pg_dir=
bench_at_exit '[ -z "$pg_dir" ] || "$root/scripts/pg-cluster" stop "$pg_dir"'

# --- the fair's lists, and the import's body -----------------------------

"$gen" "$tmp/lists" --scale fair --codes 1 >"$tmp/gen.log" 2>&1 ||
	{ cat "$tmp/gen.log" >&2; die "match_gen failed"; }
python3 - "$tmp/lists" "$tmp/import.json" <<'PY'
import json, sys
d = sys.argv[1]
body = {k: open(f"{d}/{k}.csv", encoding="utf-8").read()
        for k in ("positions", "candidate_prefs", "position_prefs")}
json.dump(body, open(sys.argv[2], "w"))
PY

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }


# POST $1 (a path) with the JSON body in file $2; the answer in $3.
post() {
	local code
	code=$(curl -sS -o "$3" -w '%{http_code}' -X POST -H "$auth" \
		-H 'Content-Type: application/json' --data-binary "@$2" \
		"$base$1") || die "POST $1 failed"
	[ "$code" = 200 ] || [ "$code" = 201 ] ||
		{ head -c 2000 "$3" >&2; echo >&2; die "POST $1: $code"; }
}

# One back end: $1 sqlite|postgres. Appends its row to $tmp/rows.
bench_one() {
	local kind=$1 dir=$tmp/$1 url t round seed rps lat
	mkdir -p "$dir"
	if [ "$kind" = sqlite ]; then
		url=$dir/fair.db
		"$bin" migrate --db "$url" >"$dir/setup.log" 2>&1 ||
			{ cat "$dir/setup.log" >&2; die "migrate failed"; }
		sqlite3 -bail "$url" <"$root/bench/seed-fair.sql" ||
			die "seeding SQLite failed"
	else
		pg_dir=$(mktemp -d /tmp/pg.XXXXXX)
		rmdir "$pg_dir"
		url=$("$root/scripts/pg-cluster" start "$pg_dir") ||
			die "pg-cluster start failed"
		"$bin" migrate --db "$url" >"$dir/setup.log" 2>&1 ||
			{ cat "$dir/setup.log" >&2; die "migrate failed"; }
		psql -q -v ON_ERROR_STOP=1 "$url" -f "$root/bench/seed-fair.sql" \
			>>"$dir/setup.log" 2>&1 ||
			{ cat "$dir/setup.log" >&2; die "seeding PostgreSQL failed"; }
	fi
	auth="Authorization: Bearer $(bench_admin "$url" "$dir/setup.log")"
	bench_serve "$kind" "$url" --threads 4 --max-body 67108864
	base=$bench_base

	cat >"$dir/round.json" <<'JSON'
{"name": "吉林省区域双选会（基准）", "year": 2026, "scope": "region",
 "opens_on": "2026-03-01", "lock_at": "2099-03-20T00:00:00Z",
 "publish_on": "2099-03-25", "offer_deadline": "2099-04-10",
 "list_cap": 10}
JSON
	post /api/v1/selection/rounds "$dir/round.json" "$dir/round.out"
	round=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' \
		"$dir/round.out")
	echo '{}' >"$dir/empty.json"

	t=$(now)
	post "/api/v1/selection/rounds/$round/import" "$tmp/import.json" \
		"$dir/import.out"
	import_s=$(since "$t")
	post "/api/v1/selection/rounds/$round/lock" "$dir/empty.json" \
		"$dir/lock.out"

	# The list page, read from before the run until after publication.
	wrk -t"$wrk_threads" -c"$wrk_conns" -d30s --latency -H "$auth" \
		"$base/api/v1/selection/rounds?limit=20" >"$dir/wrk.txt" 2>&1 &
	wrk_pid=$!
	bench_pids+=("$wrk_pid")
	sleep 1
	t=$(now)
	post "/api/v1/selection/rounds/$round/run" "$dir/empty.json" \
		"$dir/run.out"
	run_s=$(since "$t")
	post "/api/v1/selection/rounds/$round/publish" "$dir/empty.json" \
		"$dir/publish.out"
	total_s=$(since "$t")
	# SIGINT: wrk prints its figures and exits.
	kill -INT "$wrk_pid" 2>/dev/null || true
	wait "$wrk_pid" 2>/dev/null || true
	bench_stop "$wrk_pid"
	grep -q 'Requests/sec' "$dir/wrk.txt" ||
		{ cat "$dir/wrk.txt" >&2; die "wrk gave no figures"; }
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$dir/wrk.txt")
	lat=$(bench_p99 "$dir/wrk.txt" 1)

	# The engine alone on the round's lists.
	for f in positions candidate_prefs position_prefs matching; do
		curl -fsS -H "$auth" -o "$dir/$f.csv" \
			"$base/api/v1/selection/rounds/$round/lists/$f.csv" ||
			die "GET lists/$f.csv failed"
	done
	seed=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seed"])' \
		"$dir/publish.out")
	t=$(now)
	"$bin" match "$dir/positions.csv" "$dir/candidate_prefs.csv" \
		"$dir/position_prefs.csv" --seed "$seed" --out "$dir/engine.csv" \
		2>"$dir/engine.log" || { cat "$dir/engine.log" >&2; die "jianggu match failed"; }
	engine_s=$(since "$t")
	cmp -s "$dir/engine.csv" "$dir/matching.csv" ||
		die "$kind: the stored matching is not the engine's"
	# Every candidate's and firm's account was told, once.
	q="SELECT count(*) FROM notification WHERE link = '/selection/rounds/$round'"
	if [ "$kind" = sqlite ]; then
		told=$(sqlite3 "$url" "$q")
	else
		told=$(psql -XAtq "$url" -c "$q")
	fi
	[ "$told" = 52600 ] || die "$kind: $told accounts told, not 52,600"
	bench_stop "$bench_pid"
	if [ "$kind" = postgres ]; then
		"$root/scripts/pg-cluster" stop "$pg_dir" || true
		pg_dir=
	fi
	printf '%-9s %10s %14s %10s %14.0f %12s\n' "$kind" "$import_s" \
		"$total_s ($run_s)" "$engine_s" "$rps" "$lat" >>"$tmp/rows"
	awk -v a="$total_s" -v b="$budget_s" 'BEGIN { exit !(a < b) }' ||
		echo "$kind" >>"$tmp/over"
}

: >"$tmp/rows"
for kind in $dbs; do
	bench_one "$kind"
done
echo "regional fair: $(cat "$tmp/gen.log"); wrk -t$wrk_threads" \
	"-c$wrk_conns on /api/v1/selection/rounds?limit=20 during the run"
printf '%-9s %10s %14s %10s %14s %12s\n' 'back end' 'import s' \
	'run+pub (run)' 'engine s' 'list req/s' 'list p99 ms'
cat "$tmp/rows"
ok=1
[ ! -s "$tmp/over" ] || { echo "bench/fair.sh: run + publish not under ${budget_s} s on: $(cat "$tmp/over")" >&2; exit 1; }
