#!/usr/bin/env bash
#
# bench/match.sh - the matching engine against a plain textbook
# Gale-Shapley on the same files, side by side.
#
#   bench/match.sh BUILD_DIR          e.g. bench/match.sh build/release
#
# For each scale:
#   park      5,000 candidates, 300 positions, 4,500 seats, lists of 3-10
#   nrmp      47,000 candidates, 6,600 positions, 43,000 seats, lists of 5-15
#   province  1,000,000 candidates, 50,000 positions x 20 seats, 20 choices
#             each; positions rank everyone who chose them
# it writes the three CSV files once with BUILD_DIR/bench/match_gen into
# build/bench-data/SCALE (kept between runs; rewritten when match_gen.c
# changes), then runs `jianggu match --report` and BUILD_DIR/bench/
# match_textbook on them, alternately, BENCH_RUNS times each under
# /usr/bin/time -v, and keeps each side's best run (the machine is shared
# and noisy). It checks that both wrote the same matching (the generated
# preferences have no ties, so the candidate-optimal matching is unique)
# and prints, per scale and side: proposals per second in the match phase,
# end-to-end seconds (read, match, write), peak resident set size, and the
# ratios jianggu / textbook.
#
# Environment:
#   JIANGGU_BIN     binary to benchmark (default BUILD_DIR/jianggu)
#   BENCH_SCALES    scales to run (default "park nrmp province")
#   BENCH_RUNS      runs per side and scale (default 3)
#
# Targets (issue 5): match phase >= 20 M proposals/s at nrmp scale and
# >= 10 M at province scale; province end to end < 10 s and < 3 GB.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: bench/match.sh BUILD_DIR" >&2; exit 2; }
cd "$(dirname "$0")/.."
build=$1
bin=${JIANGGU_BIN:-$build/jianggu}
gen=$build/bench/match_gen
textbook=$build/bench/match_textbook
scales=${BENCH_SCALES:-park nrmp province}
runs=${BENCH_RUNS:-3}
data=build/bench-data

for f in "$bin" "$gen" "$textbook" /usr/bin/time; do
	if [ ! -x "$f" ]; then
		echo "bench/match.sh: $f is missing" \
			"(make MODE=release benches)" >&2
		exit 1
	fi
done

# seconds H:MM:SS.ss | M:SS.ss -> seconds
to_seconds() {
	awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'
}

# field FILE 'Label text' -> the value after the label in time -v output
field() {
	sed -n "s/^[[:space:]]*$2: //p" "$1" | head -n 1
}

# json FILE KEY -> the number after "KEY": in a flat JSON report
json() {
	sed -n "s/^ *\"$2\": \([0-9.]*\).*/\1/p" "$1" | head -n 1
}

# run SIDE DIR: one run; prints "proposals match_ms wall_s rss_kb"
run() {
	local side=$1 dir=$2 cmd
	local files=("$dir/positions.csv" "$dir/candidate_prefs.csv"
		"$dir/position_prefs.csv")
	local time=$dir/time.$side report=$dir/report.$side.json
	if [ "$side" = jianggu ]; then
		cmd=("$bin" match)
	else
		cmd=("$textbook")
	fi
	/usr/bin/time -v -o "$time" "${cmd[@]}" "${files[@]}" \
		--out "$dir/out.$side.csv" --report "$report"
	echo "$(json "$report" proposals)" "$(json "$report" match_ms)" \
		"$(field "$time" 'Elapsed (wall clock) time (h:mm:ss or m:ss)' |
		   to_seconds)" \
		"$(field "$time" 'Maximum resident set size (kbytes)')"
}

# lines "proposals match_ms wall rss" -> proposals and the minimum of each
best() {
	awk 'NR == 1 { p = $1; m = $2; w = $3; r = $4 }
	     { if ($2 < m) m = $2; if ($3 < w) w = $3; if ($4 < r) r = $4 }
	     END { print p, m, w, r }'
}

status=0
stamp_of() { echo "$(md5sum < bench/match_gen.c | cut -c1-32) $1"; }
for scale in $scales; do
	dir=$data/$scale
	if [ ! -f "$dir/.stamp" ] ||
	   [ "$(cat "$dir/.stamp")" != "$(stamp_of "$scale")" ]; then
		echo "generating $scale data in $dir ..."
		rm -rf "$dir"
		"$gen" "$dir" --scale "$scale" --seed 1 >/dev/null
		stamp_of "$scale" > "$dir/.stamp"
	fi
	bytes=$(cat "$dir"/positions.csv "$dir"/candidate_prefs.csv \
		"$dir"/position_prefs.csv | wc -c)
	pairs=$(($(wc -l < "$dir/candidate_prefs.csv") - 1))

	j_runs=() t_runs=()
	for ((i = 0; i < runs; i++)); do
		j_runs+=("$(run jianggu "$dir")")
		t_runs+=("$(run textbook "$dir")")
	done
	read -r jp jm jw jr < <(printf '%s\n' "${j_runs[@]}" | best)
	read -r tp tm tw tr < <(printf '%s\n' "${t_runs[@]}" | best)
	same=no
	if cmp -s "$dir/out.jianggu.csv" "$dir/out.textbook.csv"; then
		same=yes
	else
		status=1
	fi
	rep=$dir/report.jianggu.json
	awk -v scale="$scale" -v pairs="$pairs" -v mb="$bytes" \
	    -v jp="$jp" -v jm="$jm" -v jw="$jw" -v jr="$jr" \
	    -v tp="$tp" -v tm="$tm" -v tw="$tw" -v tr="$tr" -v same="$same" \
	    -v parse="$(json "$rep" parse_ms)" \
	    -v prep="$(json "$rep" prepare_ms)" \
	    -v write="$(json "$rep" write_ms)" -v runs="$runs" 'BEGIN {
		jrate = jp / jm / 1000; trate = tp / tm / 1000
		printf "== %s: %d pairs, %.0f MB of CSV, " \
			"best of %d runs each\n",
			scale, pairs, mb / 1e6, runs
		printf "  %-18s %16s %14s %12s\n", "", "match phase",
			"end to end", "peak RSS"
		printf "  %-18s %9.1f M/s %6.1f ms %9.2f s %9.0f MB\n",
			"jianggu", jrate, jm, jw, jr / 1024
		printf "  %-18s %9.1f M/s %6.1f ms %9.2f s %9.0f MB\n",
			"textbook", trate, tm, tw, tr / 1024
		printf "  %-18s %13.1fx %14.1fx %11.2fx\n", "jianggu/textbook",
			jrate / trate, tw / jw, jr / tr
		printf "  jianggu phases (last run): parse %.0f ms, " \
			"prepare %.0f ms, write %.0f ms\n", parse, prep, write
		printf "  proposals: jianggu %d, textbook %d; " \
			"same matching: %s\n", jp, tp, same
	}'
done
exit $status
