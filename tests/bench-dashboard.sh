#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Dashboard benchmark: BENCH_REPORTS (default 1,000,000) synthetic reports
# over 30 days loaded through the store (build/bugcheck-server-load, as
# bench-server.sh does), then the top-failures page's interactive time
# measured in Debian's chromium (tests/dashboard/bench.mjs), against the
# time of the API queries the page makes.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

nrep=${BENCH_REPORTS:-1000000}
bin=build/bugcheck-server
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

chrome=${BUGCHECK_CHROMIUM:-$(command -v chromium)}
[ -n "$chrome" ] || { echo "bench-dashboard: chromium is not installed (scripts/setup.sh)" >&2; exit 2; }
make --no-print-directory -j2 "$bin" build/bugcheck-server-load >/dev/null || exit 1
if [ ! -d node_modules/playwright-core ]; then
	npm ci --no-audit --no-fund >/dev/null 2>&1 || { echo "bench-dashboard: npm ci failed" >&2; exit 1; }
fi
echo "== dashboard top-failures page with $nrep stored reports over 30 days (chromium, same 2-core host)"
build/bugcheck-server-load --db "$tmp/q.db" --reports "$nrep" --buckets 2000 --days 30 2>&1 | sed 's/^<[0-9]>/  /'
"$bin" token create --role admin --db "$tmp/q.db" >"$tmp/admin.tok" 2>/dev/null
"$bin" --db "$tmp/q.db" --listen 127.0.0.1:0 --rate 0 </dev/null >/dev/null 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 100); do
	port=$(grep -o 'listening on port [0-9]*' "$tmp/log" | grep -o '[0-9]*$')
	[ -n "$port" ] && break
	sleep 0.05
done
[ -n "$port" ] || { cat "$tmp/log" >&2; exit 1; }
DASH_BASE=http://127.0.0.1:$port DASH_ADMIN=$(cat "$tmp/admin.tok") DASH_CHROMIUM=$chrome \
	node tests/dashboard/bench.mjs
