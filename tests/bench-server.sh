#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bugcheck-server benchmark, every part for both backends side by side
# in one run: SQLite and PostgreSQL (a throwaway cluster from
# tests/pg-cluster.sh with fsync on, so acknowledgements are durable).
#  1. Ingest: wrk with 2 threads and 16 connections posts single reports
#     with unique ids for BENCH_SECONDS (default 10) against a fresh
#     database; prints reports/s and latency.
#  2. Queries: loads BENCH_REPORTS (default 1,000,000) synthetic reports
#     over 30 days through the store layer (build/bugcheck-server-load, a
#     bench tool outside the server binary), then measures failurehits
#     latency percentiles with wrk over one connection.  PostgreSQL gets
#     the same rows: the SQLite tables failurehits reads are copied into
#     it with COPY (loading 1M reports through PostgreSQL's ingest would
#     take about 15 minutes on this machine).  BENCH_PG_10M=1 also loads
#     10M (about 6 minutes in SQLite plus the copy); otherwise "not run".
#  3. Ingest under load: on 30,000 stored reports, single-report ingest
#     latency over one connection alone, then while two clients loop wide
#     failurehits queries (groupby failureHash,market by day); the ratio
#     of the two shows whether reads stall writes.
# BENCH_PARTS (default "ingest queries latency") runs only the parts named.
# BENCH_BIN runs another server binary (an older build, to compare).
# Every ingest figure carries the load average at its end: the machine is
# shared, and figures of one run are compared as ratios.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

secs=${BENCH_SECONDS:-10}
parts=" ${BENCH_PARTS:-ingest queries latency} "
nrep=${BENCH_REPORTS:-1000000}
bin=${BENCH_BIN:-build/bugcheck-server}
load=build/bugcheck-server-load
tmp=$(mktemp -d)
pgdir=$(mktemp -d /tmp/bcpg.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	bash tests/pg-cluster.sh stop "$pgdir"
	rm -rf "$tmp"
}
trap cleanup EXIT
if ! bash tests/pg-cluster.sh start "$pgdir" >"$tmp/pg.log" 2>&1; then
	cat "$tmp/pg.log" >&2
	exit 1
fi
pgbin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d | sort -V | tail -n 1)

dbfor() {	# backend name -> the --db of a new database
	if [ "$1" = sqlite ]; then
		echo "$tmp/$2.db"
	else
		bash tests/pg-cluster.sh uri "$pgdir" "$2"
	fi
}

q1() {	# backend db sql -> one value
	if [ "$1" = sqlite ]; then
		sqlite3 "$2" "$3"
	else
		"$pgbin/psql" -tA -d "$2" -c "$3"
	fi
}

# Copies what failurehits reads (and the reports) from a SQLite database
# into a fresh, migrated PostgreSQL one, and moves the id sequences on.
# daily_bdim and the period rollups (migration 10) are copied too, so the
# triggers that keep them (on daily, daily_bucket, daily_bdim) are off
# meanwhile (daily_bdim_days, migration 13/14, is copied too);
# monthly_bucket.days (migration 12/13) is filled from daily_bucket, and
# monthly_dims (migration 13/16) from daily_dims, its trigger off during
# the copy.
copy_to_pg() {	# sqlite-path pg-uri
	local t
	"$pgbin/psql" -q -d "$2" -c "alter table daily disable trigger daily_bdim;
		alter table daily_bucket disable trigger user;
		alter table daily_bdim disable trigger user;
		alter table daily_dims disable trigger monthly_dims" || return 1
	for t in buckets dims daily daily_bucket daily_dims daily_bdim reports \
		daily_bucket_days weekly_bucket monthly_bucket monthly_bdim \
		daily_bdim_days; do
		local cols="*" list=""
		# monthly_bucket.days: filled below
		[ "$t" = monthly_bucket ] && cols="month, bucket_id, hits" list="(month, bucket_id, hits)"
		sqlite3 -csv "$1" "select $cols from $t" |
			"$pgbin/psql" -q -d "$2" -c "\\copy $t$list from stdin with (format csv)" || return 1
	done
	# monthly_bucket.days is text on SQLite, bigint[] here: filled from
	# daily_bucket as migration 13 does
	"$pgbin/psql" -q -d "$2" -c "update monthly_bucket m set days = x.days
		from (select mb.month, mb.bucket_id, array_agg(coalesce(d.hits, 0) order by k.k) days
		from monthly_bucket mb cross join generate_series(0, 30) k(k)
		left join daily_bucket d on d.day = mb.month + k.k and d.month = mb.month
		and d.bucket_id = mb.bucket_id
		group by mb.month, mb.bucket_id) x
		where m.month = x.month and m.bucket_id = x.bucket_id" || return 1
	# monthly_dims.days: text on SQLite, bigint[] here: as migration 16
	"$pgbin/psql" -q -d "$2" -c "insert into monthly_dims select t.month, t.dim_id,
		array_agg(coalesce(d.hits, 0) order by k.k)
		from (select distinct month, dim_id from daily_dims) t
		cross join generate_series(0, 30) k(k)
		left join daily_dims d on d.day = t.month + k.k and d.month = t.month
		and d.dim_id = t.dim_id
		group by t.month, t.dim_id" || return 1
	"$pgbin/psql" -q -d "$2" -c "alter table daily enable trigger daily_bdim;
		alter table daily_bucket enable trigger user;
		alter table daily_bdim enable trigger user;
		alter table daily_dims enable trigger monthly_dims" || return 1
	"$pgbin/psql" -q -d "$2" -c "select setval('buckets_id_seq', (select max(id) from buckets));
		select setval('dims_id_seq', (select max(id) from dims)); analyze" >/dev/null
}

if ! command -v wrk >/dev/null; then
	echo "bench-server: wrk is not installed (scripts/setup.sh)" >&2
	exit 2
fi
make --no-print-directory -j2 build/bugcheck-server "$load" >/dev/null || exit 1
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

rss() {	# pid -> resident set in MiB
	awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"
}

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

part() {	# name -> true when BENCH_PARTS includes it
	[[ "$parts" == *" $1 "* ]]
}

for be in sqlite postgresql; do
part ingest || break
db=$(dbfor $be ingest)
"$bin" token create --role agent --db "$db" >"$tmp/agent.tok" 2>/dev/null
start "$db" "$tmp/ingest-$be.log"
rss0=$(rss "${pids[-1]}")
before=0
for batch in 1 20; do
	echo "== [$be] bugcheck-server ingest over HTTP, $batch report(s) per POST (wrk -t2 -c16 -d${secs}s, same 2-core host)"
	BENCH_TOKEN=$(cat "$tmp/agent.tok") BENCH_BATCH=$batch BENCH_RUN=$batch wrk -t2 -c16 -d"${secs}s" --latency \
		-s tests/server_ingest.lua "http://127.0.0.1:$port" >"$tmp/wrk-ingest.txt" 2>&1
	rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk-ingest.txt")
	non2xx=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk-ingest.txt")
	reqs=$(awk '/requests in/ {print $1}' "$tmp/wrk-ingest.txt")
	sleep 0.5	# let requests in flight at wrk's stop finish
	stored=$(q1 $be "$db" "select count(*) from reports")
	printf "  ingest rate:        %.0f reports/s (%s requests/s; target >= 10000 reports/s single, 40000 batched)\n" \
		"$(echo "$rps * $batch" | bc -l)" "$rps"
	printf "  request latency:    p50 %s ms, p99 %s ms\n" \
		"$(pct "$tmp/wrk-ingest.txt" 50%)" "$(pct "$tmp/wrk-ingest.txt" 99%)"
	printf "  new reports stored: %s (wrk counted %s requests x %s), non-2xx: %s; load average %s\n" \
		"$((stored - before))" "$reqs" "$batch" "${non2xx:-0}" \
		"$(cut -d' ' -f1-3 /proc/loadavg)"
	before=$stored
done
echo "  server RSS:         $rss0 MiB at start, $(rss "${pids[-1]}") MiB after storing $before reports"
if [ "$be" = sqlite ]; then
	# what the server wrote (WAL frames, checkpoints) per stored report:
	# the disk is what single-report ingest waits for (issue 15)
	awk -v n="$before" '/^wchar/ && n > 0 {
		printf "  server wrote:       %.1f KiB per stored report (WAL and checkpoints)\n", $2 / n / 1024 }' \
		"/proc/${pids[-1]}/io"
fi
kill "${pids[-1]}"
wait "${pids[-1]}" 2>/dev/null
grep -o '[a-z]*: [0-9]* ingest calls in [0-9]* commits.*' "$tmp/ingest-$be.log" | sed 's/^/  /'
done

end=$(date -u +%m/%d/%Y)
begin=$(date -u -d '29 days ago' +%m/%d/%Y)
if part queries; then
echo "== bugcheck-server failurehits with $nrep stored reports over 30 days"
"$load" --db "$tmp/q.db" --reports "$nrep" --buckets 2000 --days 30 2>&1 | sed 's/^<[0-9]>/  [sqlite] /'
qpg=$(dbfor postgresql q)
"$bin" token create --role admin --db "$qpg" >"$tmp/admin-postgresql.tok" 2>/dev/null
"$bin" token create --role vendor --module nvidia --db "$qpg" >"$tmp/vendor-postgresql.tok" 2>/dev/null
t0=$(date +%s.%N)
copy_to_pg "$tmp/q.db" "$qpg" || echo "  [postgresql] copy failed"
printf "  [postgresql] the same rows copied in %.1f s\n" "$(echo "$(date +%s.%N) - $t0" | bc -l)"
"$bin" token create --role admin --db "$tmp/q.db" >"$tmp/admin-sqlite.tok" 2>/dev/null
"$bin" token create --role vendor --module nvidia --db "$tmp/q.db" >"$tmp/vendor-sqlite.tok" 2>/dev/null
run_query() {	# label query [role]
	local out="$tmp/wrk-q.txt" lua="$tmp/q.lua"
	cat >"$lua" <<LUA
wrk.headers["Authorization"] = "Bearer $(cat "$tmp/${3:-admin}-$be.tok")"
LUA
	wrk -t1 -c1 -d"${secs}s" --timeout 10s --latency -s "$lua" \
		"http://127.0.0.1:$port/api/v1/failurehits?startDate=$begin&endDate=$end&$2" >"$out" 2>&1
	printf "  %-12s %-46s p50 %6s ms  p99 %6s ms  (%s req/s)\n" "[$be]" "$1" \
		"$(pct "$out" 50%)" "$(pct "$out" 99%)" \
		"$(awk '/Requests\/sec/ {print $2}' "$out")"
}
queries() {
	run_query "groupby=failureHash, day, top=100:" "groupby=failureHash&top=100"
	run_query "groupby=failureHash, week, top=100:" "groupby=failureHash&aggregationLevel=week&top=100"
	run_query "groupby=failureHash, month, by eventCount:" \
		"groupby=failureHash&aggregationLevel=month&orderby=eventCount%20desc&top=100"
	run_query "groupby=failureHash, week, filter productName:" \
		"groupby=failureHash&aggregationLevel=week&filter=productName%20eq%20%27nvidia%27&top=100"
	run_query "groupby=market, filter deviceType:" \
		"groupby=market&filter=deviceType%20eq%20%27server%27&top=100"
	run_query "groupby=osBuild, filter deviceType:" \
		"groupby=osBuild&filter=deviceType%20eq%20%27server%27&top=100"
	run_query "groupby=failureHash,market, day (bdim):" \
		"groupby=failureHash,market&top=100"
	run_query "groupby=failureHash,market, month (bdim):" \
		"groupby=failureHash,market&aggregationLevel=month&top=100"
	run_query "vendor: groupby=failureHash,market, week:" \
		"groupby=failureHash,market&aggregationLevel=week&top=100" vendor
	run_query "vendor: groupby=osBuild, filter deviceType:" \
		"groupby=osBuild&filter=deviceType%20eq%20%27server%27&top=100" vendor
}
for be in sqlite postgresql; do
	if [ $be = sqlite ]; then start "$tmp/q.db" "$tmp/q.log"; else start "$qpg" "$tmp/q-pg.log"; fi
	rss0=$(rss "${pids[-1]}")
	queries
	echo "  [$be] server RSS: $rss0 MiB at start on $nrep stored reports, $(rss "${pids[-1]}") MiB after the queries"
	kill "${pids[-1]}"
	wait "${pids[-1]}" 2>/dev/null
done
echo "  (target: p99 <= 10 ms for every shape at 1M on both backends)"
if [ "${BENCH_PG_10M:-0}" = 1 ]; then
	echo "== bugcheck-server failurehits with 10000000 stored reports over 30 days, PostgreSQL"
	rm -f "$tmp/q.db"*
	"$load" --db "$tmp/q10.db" --reports 10000000 --buckets 20000 --days 30 2>&1 | sed 's/^<[0-9]>/  [sqlite load] /'
	qpg=$(dbfor postgresql q10)
	"$bin" token create --role admin --db "$qpg" >"$tmp/admin-postgresql.tok" 2>/dev/null
	"$bin" token create --role vendor --module nvidia --db "$qpg" >"$tmp/vendor-postgresql.tok" 2>/dev/null
	copy_to_pg "$tmp/q10.db" "$qpg" || echo "  [postgresql] copy failed"
	rm -f "$tmp/q10.db"*
	be=postgresql
	start "$qpg" "$tmp/q10-pg.log"
	queries
	kill "${pids[-1]}"
	wait "${pids[-1]}" 2>/dev/null
	echo "  (target: p99 <= 50 ms at 10M on PostgreSQL)"
else
	echo "== PostgreSQL failurehits at 10M reports: not run (BENCH_PG_10M=1 runs it)"
fi
fi

part latency || exit 0

echo "== [sqlite] bugcheck-server ingest latency under concurrent wide queries (30,000 stored reports; PostgreSQL: not run)"
be=sqlite
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
