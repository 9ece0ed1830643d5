#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bugcheck-server: C unit tests (bucketing, query parser, report decoder),
# the HTTP API end to end against a live server on 127.0.0.1 (random free
# port, temporary database) built normally and with ASan+UBSan, and the two
# libFuzzer targets for BUGCHECK_FUZZ_SECONDS each (default 20).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

t0=$(date +%s)
fails=0
fuzz_secs=${BUGCHECK_FUZZ_SECONDS:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; fails=$((fails + 1)); }

if ! make --no-print-directory -j2 build/bugcheck-server server-tests >"$tmp/build.log" 2>&1; then
	sed 's/^/# /' "$tmp/build.log" | tail -30
	notok "server: build bugcheck-server and unit tests"
	exit 1
fi
ok "server: build bugcheck-server and unit tests"

for t in build/tests/server_*_test; do
	name=$(basename "$t")
	if out=$("$t" 2>&1); then
		ok "server: unit $name ($(echo "$out" | tail -n 1))"
	else
		echo "$out" | sed 's/^/# /' | tail -30
		notok "server: unit $name"
	fi
done

run_api() {
	local bin=$1 label=$2
	python3 tests/server_api.py "$bin" >"$tmp/api.out" 2>&1
	local rc=$?
	sed -e "s/^ok - /ok - server: $label/" -e "s/^not ok - /not ok - server: $label/" "$tmp/api.out"
	if [ $rc -ne 0 ]; then
		fails=$((fails + 1))
	fi
}
run_api build/bugcheck-server ""

# The same scenarios against an ASan+UBSan build: any memory error aborts
# the server, which fails the cases that follow.
if make --no-print-directory -j2 SAN=1 build/san/bugcheck-server >"$tmp/san.log" 2>&1; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		run_api build/san/bugcheck-server "asan: "
else
	sed 's/^/# /' "$tmp/san.log" | tail -20
	notok "server: ASan build"
fi

# Fuzzers: run briefly from the seed corpus (copied, libFuzzer adds to it).
if make --no-print-directory -j2 server-fuzz >"$tmp/fuzz.log" 2>&1; then
	for f in filter request; do
		mkdir -p "$tmp/corpus-$f"
		cp tests/server_corpus/"$f"/* "$tmp/corpus-$f/"
		if build/fuzz/server_fuzz_$f -max_total_time="$fuzz_secs" -max_len=16384 \
			-rss_limit_mb=1024 -artifact_prefix="$tmp/" "$tmp/corpus-$f" \
			>"$tmp/fuzz-$f.log" 2>&1; then
			ok "server: fuzz_$f ran ${fuzz_secs}s clean ($(grep -o 'Done [0-9]* runs' "$tmp/fuzz-$f.log"))"
		else
			grep -E 'ERROR|SUMMARY|Test unit written' "$tmp/fuzz-$f.log" | sed 's/^/# /' | head -20
			notok "server: fuzz_$f"
		fi
	done
else
	sed 's/^/# /' "$tmp/fuzz.log" | tail -20
	notok "server: build fuzzers"
fi

echo "# suite-server took $(($(date +%s) - t0)) s"
[ "$fails" -eq 0 ]
