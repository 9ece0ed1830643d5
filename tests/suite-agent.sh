#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Agent core: record decoder unit tests (plain and ASan+UBSan builds), a
# short libFuzzer run of the decoder seeded with encoder-built records, and
# the bugcheck collect/status/clear commands on files and on a host without
# bugcheck.ko.  BUGCHECK_FUZZ_SECONDS (default 30) sets the fuzzing time.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

t0=$(date +%s)
fails=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ok() { echo "ok - agent: $1"; }
notok() { echo "not ok - agent: $1"; fails=$((fails + 1)); }
# check NAME CMD...: a case that passes when CMD exits 0.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else notok "$name"; fi
}

# Unit tests: each binary prints its own ok/not ok lines, prefixed here.
run_unit() {
	local bin=$1 tag=$2 rc
	if [ ! -x "$bin" ]; then
		notok "$tag: $bin was not built"
		return
	fi
	"$bin" | sed "s/^\(ok\|not ok\) - /\1 - $tag: /"
	rc=${PIPESTATUS[0]}
	[ "$rc" -eq 0 ] || fails=$((fails + 1))
}

if make -s -j2 agent-tests build/bugcheck >"$work/build.log" 2>&1; then
	ok "build (make agent-tests)"
else
	cat "$work/build.log"
	notok "build (make agent-tests)"
fi
run_unit build/tests/record_test plain

if make -s -j2 SAN=1 agent-tests build/san/bugcheck >"$work/san.log" 2>&1; then
	ok "build with ASan+UBSan (SAN=1)"
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		run_unit build/san/tests/record_test asan
else
	cat "$work/san.log"
	notok "build with ASan+UBSan (SAN=1)"
fi

# Fixtures made with the module's encoder: a region dump with slots
# 0 (ok, with tail), 1 (bit flip: bad-crc), 2 (empty), 3 (ok, no tail).
fx=$work/fx
if build/tests/record_test --fixtures "$fx" >/dev/null; then
	ok "fixtures written by record_test"
else
	notok "fixtures written by record_test"
fi

# Prefer the sanitizer build of the command when it exists.
bc=build/bugcheck
[ -x build/san/bugcheck ] && bc=build/san/bugcheck
export ASAN_OPTIONS=detect_leaks=1

collect_region() {
	local out=$work/region.jsonl rc
	"$bc" collect --json --from-file "$fx/region.bin" >"$out" 2>"$work/err"
	rc=$?
	[ "$rc" -eq 0 ] || { echo "# exit $rc"; cat "$work/err"; return 1; }
	python3 - "$out" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert [r["slot"] for r in recs] == [0, 1, 3], [r["slot"] for r in recs]
ok0, bad, ok3 = recs
for r in (ok0, ok3):
    assert r["status"] == "ok" and r["verdict"] == "ok", r["verdict"]
    assert r["reason"] == "oops" and r["kernel_release"] == "6.1.0-18-amd64"
    assert "NULL pointer dereference" in r["log"]
    assert r["stack"][0]["symbol"] == "crash_null"
    assert r["stack"][0]["module"] == "bugcheck_crashtest"
    assert r["stack"][0]["offset"] == 0x11
    assert r["regs"]["ip"].startswith("0x")
    assert r["capture_ns"] == 54321 and r["stored_bytes"] > 192
    assert r["boot_id"] == "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf" and r["seq"] == 3
    assert r["wall_time"] == "2023-11-14T22:13:20.123456789Z"
    assert r["taint_flags"].startswith("P") and r["state"] == "new"
    c = r["classification"]
    assert c and c["failure_name"] and len(c["failure_hash"]) == 36, c
assert ok0["tail"]["status"] == "ok" and ok0["tail"]["vendor"][0]["name"] == "nicfw"
assert ok3["tail"] is None
assert bad["status"] == "corrupt" and bad["verdict"] == "bad-crc"
assert bad["log"] is None and bad["stack"] is None and bad["classification"] is None
EOF
}
check "collect --from-file region: 2 ok records decoded around a corrupt one" collect_region

collect_same_hash() {
	# Both good slots hold the same crash: same failure hash.
	[ "$(jq -r 'select(.status=="ok") | .classification.failure_hash' \
		"$work/region.jsonl" | sort -u | wc -l)" -eq 1 ]
}
check "collect: same crash in two slots gives one failure hash" collect_same_hash

collect_text() {
	"$bc" collect --from-file "$fx/region.bin" >"$work/text" 2>&1 &&
		grep -q '^slot 0: ok, oops, 2023-11-14T22:13:20' "$work/text" &&
		grep -q '^slot 1: corrupt (bad-crc)' "$work/text" &&
		grep -q 'at crash_null+0x11/0x30 \[bugcheck_crashtest\]' "$work/text"
}
check "collect --from-file region: human summary" collect_text

collect_single() {
	"$bc" collect --json --from-file "$fx/record.bin" >"$work/one" &&
		[ "$(wc -l <"$work/one")" -eq 1 ] &&
		jq -e '.status == "ok" and .slot == null and .tail.triage[0].name == "ring"' \
			"$work/one" >/dev/null
}
check "collect --from-file single record" collect_single

collect_empty() {
	local out
	out=$("$bc" collect --json --from-file "$fx/empty.bin" 2>/dev/null) && [ -z "$out" ]
}
check "collect --from-file empty slot prints nothing, exit 0" collect_empty

collect_garbage() {
	head -c 5000 /dev/urandom >"$work/garbage.bin"
	"$bc" collect --json --from-file "$work/garbage.bin" >"$work/g" 2>/dev/null &&
		jq -e '.status == "corrupt" and .log == null' "$work/g" >/dev/null
}
check "collect --from-file random bytes: one corrupt record" collect_garbage

collect_short_dump() {
	local rc
	head -c $((4096 + 8192 * 2 + 100)) "$fx/region.bin" >"$work/short.bin"
	"$bc" collect --json --from-file "$work/short.bin" >"$work/s" 2>"$work/serr"
	rc=$?
	[ "$rc" -eq 1 ] && grep -q 'holds 2 of 4 slots' "$work/serr" &&
		[ "$(jq -r .slot "$work/s" | tr '\n' ' ')" = "0 1 " ]
}
check "collect --from-file cut-short dump: decodes what is there, exit 1" collect_short_dump

collect_errors() {
	"$bc" collect --from-file "$work/nonexistent" 2>/dev/null
	[ $? -eq 1 ] || return 1
	head -c $((2 * 1024 * 1024)) /dev/zero >"$work/big.bin"
	"$bc" collect --from-file "$work/big.bin" 2>/dev/null
	[ $? -eq 1 ] || return 1
	"$bc" collect --ack --from-file "$fx/record.bin" 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$bc" collect --bogus 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$bc" collect --from-file 2>/dev/null
	[ $? -eq 2 ]
}
check "collect: missing file/too big exit 1, usage errors exit 2" collect_errors

helps() {
	local c
	for c in collect status clear; do
		"$bc" "$c" --help >"$work/help" || return 1
		grep -q '^Usage: bugcheck '"$c" "$work/help" || return 1
		grep -q '^Exit status:' "$work/help" || return 1
		grep -q '^Examples:' "$work/help" || return 1
	done
}
check "collect/status/clear --help: usage, exit status, examples" helps

clear_usage() {
	"$bc" clear 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$bc" clear 64 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$bc" clear 1x 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$bc" clear --all 3 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$bc" status extra 2>/dev/null
	[ $? -eq 2 ]
}
check "clear/status: bad arguments exit 2" clear_usage

# On a host without bugcheck.ko (the test host) the commands must say so.
if [ ! -d /sys/module/bugcheck ]; then
	no_module() {
		local c rc
		for c in "collect" "status" "clear --all"; do
			# shellcheck disable=SC2086
			"$bc" $c >/dev/null 2>"$work/nm"
			rc=$?
			[ "$rc" -eq 1 ] || { echo "# $c: exit $rc"; return 1; }
			grep -q 'is bugcheck.ko loaded?' "$work/nm" || return 1
		done
		"$bc" status --json >"$work/st" 2>/dev/null
		[ $? -eq 1 ] && jq -e '.module.loaded == false and .module.genl_family == false' \
			"$work/st" >/dev/null
	}
	check "without bugcheck.ko: exit 1 and 'is bugcheck.ko loaded?'" no_module
else
	echo "# bugcheck.ko is loaded here; skipping the not-loaded case"
fi

# Fuzzing: libFuzzer with ASan+UBSan, seeded with encoder-built records.
secs=${BUGCHECK_FUZZ_SECONDS:-30}
if make -s build/fuzz/fuzz_record >"$work/fuzz-build.log" 2>&1; then
	mkdir -p "$work/corpus"
	if build/fuzz/fuzz_record -max_total_time="$secs" -max_len=40000 \
		-print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$fx/seeds" >"$work/fuzz.log" 2>&1; then
		runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/fuzz.log" | grep -o '[0-9]*$')
		cov=$(grep -o 'cov: [0-9]*' "$work/fuzz.log" | tail -n 1)
		echo "# fuzz_record: ${runs:-?} inputs in ${secs} s, ${cov:-cov ?}"
		ok "fuzz_record ${secs} s without a crash"
	else
		tail -n 40 "$work/fuzz.log"
		notok "fuzz_record ${secs} s without a crash"
	fi
else
	cat "$work/fuzz-build.log"
	notok "fuzz_record build"
fi

echo "# suite agent: $(($(date +%s) - t0)) s"
[ "$fails" -eq 0 ]
