#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bugcheck-server benchmark.
#  1. Ingest: wrk with 2 threads and 16 connections posts single reports
#     with unique ids for BENCH_SECONDS (default 10) against a fresh
#     database; prints reports/s and latency.
#  2. Queries: loads BENCH_REPORTS (default 1,000,000) synthetic reports
#     over 30 days through the store layer (build/bugcheck-server-load, a
#     bench tool outside the server binary), then measures failurehits
#     latency percentiles with wrk over one connection.
#  3. Ingest under load: on 30,000 stored reports, single-report ingest
#     latency over one connection alone, then while two clients loop wide
#     failurehits queries (groupby failureHash,market by day); the ratio
#     of the two shows whether reads stall writes.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

secs=${BENCH_SECONDS:-10}
nrep=${BENCH_REPORTS:-1000000}
bin=build/bugcheck-server
load=build/bugcheck-server-load
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
	echo "bench-server: wrk is not installed (scripts/setup.sh)" >&2
	exit 2
fi
make --no-print-directory -j2 "$bin" "$load" >/dev/null || exit 1
# The real failure hashes of the titles server_ingest.lua sends.
python3 - >"$tmp/hashes.lua" <<'PY'
import hashlib
print("hashes = {")
for b in range(500):
    d = hashlib.sha256(("bugcheck-v1|04|e1000e|BUG: synthetic failure %d"
                        % b).encode()).hexdigest()
    print('[%d] = "%s-%s-%s-%s-%s",' % (b, d[:8], d[8:12], d[12:16],
                                        d[16:20], d[20:32]))
print("}")
PY
export BENCH_HASHES=$tmp/hashes.lua

start() {	# db logfile -> sets port
	"$bin" --db "$1" --listen 127.0.0.1:0 --rate 0 --quota 0 --threads 8 2>"$2" &
	pids+=($!)
	for _ in $(seq 100); do
		port=$(grep -o 'listening on port [0-9]*' "$2" | grep -o '[0-9]*$')
		[ -n "$port" ] && return 0
		sleep 0.05
	done
	echo "bench-server: server did not start" >&2
	cat "$2" >&2
	exit 1
}

pct() {	# wrk output, percentile label -> value in ms
	awk -v p="$2" '$1 == p {
		v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
		if (u == "us") v /= 1000; else if (u == "s") v *= 1000;
		printf "%.2f", v }' "$1"
}

"$bin" token create --role agent --db "$tmp/ingest.db" >"$tmp/agent.tok" 2>/dev/null
start "$tmp/ingest.db" "$tmp/ingest.log"
before=0
for batch in 1 20; do
	echo "== bugcheck-server ingest over HTTP, $batch report(s) per POST (wrk -t2 -c16 -d${secs}s, same 2-core host)"
	BENCH_TOKEN=$(cat "$tmp/agent.tok") BENCH_BATCH=$batch BENCH_RUN=$batch wrk -t2 -c16 -d"${secs}s" --latency \
		-s tests/server_ingest.lua "http://127.0.0.1:$port" >"$tmp/wrk-ingest.txt" 2>&1
	rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk-ingest.txt")
	non2xx=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk-ingest.txt")
	reqs=$(awk '/requests in/ {print $1}' "$tmp/wrk-ingest.txt")
	sleep 0.5	# let requests in flight at wrk's stop finish
	stored=$(sqlite3 "$tmp/ingest.db" "select count(*) from reports")
	printf "  ingest rate:        %.0f reports/s (%s requests/s; target >= 5000 reports/s)\n" \
		"$(echo "$rps * $batch" | bc -l)" "$rps"
	printf "  request latency:    p50 %s ms, p99 %s ms\n" \
		"$(pct "$tmp/wrk-ingest.txt" 50%)" "$(pct "$tmp/wrk-ingest.txt" 99%)"
	printf "  new reports stored: %s (wrk counted %s requests x %s), non-2xx: %s\n" \
		"$((stored - before))" "$reqs" "$batch" "${non2xx:-0}"
	before=$stored
done
kill "${pids[0]}"
wait "${pids[0]}" 2>/dev/null
grep -o 'sqlite: .*commits' "$tmp/ingest.log" | sed 's/^/  /'

echo "== bugcheck-server failurehits with $nrep stored reports over 30 days"
"$load" --db "$tmp/q.db" --reports "$nrep" --buckets 2000 --days 30 2>&1 | sed 's/^<[0-9]>/  /'
"$bin" token create --role admin --db "$tmp/q.db" >"$tmp/admin.tok" 2>/dev/null
start "$tmp/q.db" "$tmp/q.log"
end=$(date -u +%m/%d/%Y)
begin=$(date -u -d '29 days ago' +%m/%d/%Y)
run_query() {	# label query
	local out="$tmp/wrk-q.txt" lua="$tmp/q.lua"
	cat >"$lua" <<LUA
wrk.headers["Authorization"] = "Bearer $(cat "$tmp/admin.tok")"
LUA
	wrk -t1 -c1 -d"${secs}s" --latency -s "$lua" \
		"http://127.0.0.1:$port/api/v1/failurehits?startDate=$begin&endDate=$end&$2" >"$out" 2>&1
	printf "  %-46s p50 %6s ms  p99 %6s ms  (%s req/s)\n" "$1" \
		"$(pct "$out" 50%)" "$(pct "$out" 99%)" \
		"$(awk '/Requests\/sec/ {print $2}' "$out")"
}
run_query "groupby=failureHash, day, top=100:" "groupby=failureHash&top=100"
run_query "groupby=failureHash, month, by eventCount:" \
	"groupby=failureHash&aggregationLevel=month&orderby=eventCount%20desc&top=100"
run_query "groupby=failureHash, week, filter productName:" \
	"groupby=failureHash&aggregationLevel=week&filter=productName%20eq%20%27nvidia%27&top=100"
run_query "groupby=failureHash,market, month (dims):" \
	"groupby=failureHash,market&aggregationLevel=month&top=100"
echo "  (p99 target < 50 ms for failureHash groupings; the dims row is for information)"
kill "${pids[1]}"
wait "${pids[1]}" 2>/dev/null

echo "== bugcheck-server ingest latency under concurrent wide queries (30,000 stored reports)"
"$load" --db "$tmp/c.db" --reports 30000 --buckets 2000 --days 30 >/dev/null 2>&1
"$bin" token create --role admin --db "$tmp/c.db" >"$tmp/cadmin.tok" 2>/dev/null
"$bin" token create --role agent --db "$tmp/c.db" >"$tmp/cagent.tok" 2>/dev/null
start "$tmp/c.db" "$tmp/c.log"
ingest1() {	# label
	BENCH_TOKEN=$(cat "$tmp/cagent.tok") BENCH_BATCH=1 BENCH_RUN=$((RANDOM + 100)) \
		wrk -t1 -c1 -d"${secs}s" --latency -s tests/server_ingest.lua \
		"http://127.0.0.1:$port" >"$tmp/wrk-c.txt" 2>&1
	printf "  %-34s p50 %6s ms  p99 %6s ms  max %s\n" "$1" \
		"$(pct "$tmp/wrk-c.txt" 50%)" "$(pct "$tmp/wrk-c.txt" 99%)" \
		"$(awk '$1 == "Latency" {print $4}' "$tmp/wrk-c.txt")"
}
ingest1 "ingest alone:"
cat >"$tmp/cq.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $(cat "$tmp/cadmin.tok")"
LUA
qpids=()
for i in 1 2; do
	wrk -t1 -c1 -d"$((secs + 2))s" -s "$tmp/cq.lua" \
		"http://127.0.0.1:$port/api/v1/failurehits?startDate=$begin&endDate=$end&groupby=failureHash,market&top=10000" \
		>"$tmp/wrk-cq$i.txt" 2>&1 &
	qpids+=($!)
done
sleep 1
ingest1 "ingest with 2 query loops:"
wait "${qpids[@]}" 2>/dev/null
printf "  wide queries served meanwhile:     %s + %s\n" \
	"$(awk '/requests in/ {print $1}' "$tmp/wrk-cq1.txt")" \
	"$(awk '/requests in/ {print $1}' "$tmp/wrk-cq2.txt")"
