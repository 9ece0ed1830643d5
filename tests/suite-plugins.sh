#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Runtime exception modules (agent/plugin.c): the sample plug-in and the
# misbehaving test plug-ins of tests/plugins/ are built like a vendor would
# build them, then build/tests/plugin_test loads them against records made
# with the module's encoder, in the plain and in the ASan+UBSan build.  The
# plug-in cases include two time-outs per build (2 s each), so the suite
# takes about 10 s.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

t0=$(date +%s)
fails=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ok() { echo "ok - plugins: $1"; }
notok() { echo "not ok - plugins: $1"; fails=$((fails + 1)); }

run_unit() {
	local bin=$1 tag=$2 rc
	if [ ! -x "$bin" ]; then
		notok "$tag: $bin was not built"
		return
	fi
	"$bin" build/tests/plugins build/plugins/bugcheck-sample.so |
		sed "s/^\(ok\|not ok\) - /\1 - $tag: /"
	rc=${PIPESTATUS[0]}
	[ "$rc" -eq 0 ] || fails=$((fails + 1))
}

if make -s -j2 agent-tests plugins build/bugcheck >"$work/build.log" 2>&1; then
	ok "build (make agent-tests plugins build/bugcheck)"
else
	cat "$work/build.log"
	notok "build (make agent-tests plugins build/bugcheck)"
fi

# The sample exports the four ABI symbols and nothing else.
syms=$(nm -D --defined-only build/plugins/bugcheck-sample.so 2>/dev/null |
	awk '{print $3}' | grep -v '^_' | sort | tr '\n' ' ')
want="bugcheck_plugin_abi_version bugcheck_plugin_claim bugcheck_plugin_debugger bugcheck_plugin_signature "
if [ "$syms" = "$want" ]; then
	ok "sample plug-in exports exactly the ABI symbols"
else
	echo "# exported: $syms"
	notok "sample plug-in exports exactly the ABI symbols"
fi

# The public header stands alone: a vendor compiles against it with
# nothing else of the tree, as C and as C++.
if printf '#include <bugcheck/plugin.h>\nint main(void) { return sizeof(struct bugcheck_plugin_view) == 0; }\n' |
	cc -std=c99 -Wall -Wextra -Werror -pedantic -Iinclude -x c -o "$work/hdr" - 2>"$work/hdr.log" &&
	printf '#include <bugcheck/plugin.h>\nint main() { return 0; }\n' |
	c++ -Wall -Wextra -Werror -Iinclude -x c++ -o "$work/hdrxx" - 2>>"$work/hdr.log"; then
	ok "include/bugcheck/plugin.h compiles alone (C99 -pedantic, C++)"
else
	cat "$work/hdr.log"
	notok "include/bugcheck/plugin.h compiles alone (C99 -pedantic, C++)"
fi

run_unit build/tests/plugin_test plain

if make -s -j2 SAN=1 build/san/tests/plugin_test >"$work/san.log" 2>&1; then
	ok "build with ASan+UBSan (SAN=1)"
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		run_unit build/san/tests/plugin_test asan
else
	cat "$work/san.log"
	notok "build with ASan+UBSan (SAN=1)"
fi

# The bugcheck plugins command on a record written by the module's encoder
# (record_test --fixtures: an oops in bugcheck_crashtest, which the sample
# declines).
fx=$work/fx
d=$work/plugins.d
mkdir -p "$d"
build/tests/record_test --fixtures "$fx" >/dev/null
printf 'vendor = sample\npath = %s\n' "$PWD/build/plugins/bugcheck-sample.so" >"$d/10-sample.conf"
printf 'vendor = seg\npath = %s\n' "$PWD/build/tests/plugins/segv.so" >"$d/20-segv.conf"
printf 'vendor = all\npath = %s\n' "$PWD/build/tests/plugins/claim_all.so" >"$d/30-all.conf"
out=$(build/bugcheck plugins --dir "$d" --json list)
rc=$?
if [ "$rc" -eq 0 ] && [ "$(python3 -c 'import json,sys; o=json.load(sys.stdin); print(",".join(p["vendor"]+":"+p["status"] for p in o["plugins"]))' <<<"$out")" = "sample:ok,seg:ok,all:ok" ]; then
	ok "bugcheck plugins list"
else
	echo "# rc=$rc $out"
	notok "bugcheck plugins list"
fi
out=$(build/bugcheck plugins --dir "$d" --json try "$fx/record.bin" 2>"$work/err")
rc=$?
got=$(python3 -c 'import json,sys; o=json.load(sys.stdin); c=o["claim"]; print(",".join([x["status"] for x in o["outcomes"]] + [c["plugin"], c["event_name"], c["signature"][1]["value"]]))' <<<"$out" 2>/dev/null)
if [ "$rc" -eq 1 ] && [ "$got" = "declined,crashed,claimed,all,TEST_CLAIM_ALL,Oops" ]; then
	ok "bugcheck plugins try: sample declines, crash reported (exit 1), next claims"
else
	echo "# rc=$rc got=$got"
	notok "bugcheck plugins try: sample declines, crash reported (exit 1), next claims"
fi
rm "$d/20-segv.conf" "$d/30-all.conf"
out=$(build/bugcheck plugins --dir "$d" try "$fx/record.bin")
rc=$?
if [ "$rc" -eq 0 ] && grep -q 'claim:    none, the default classification applies' <<<"$out"; then
	ok "bugcheck plugins try: no claim, default applies (exit 0)"
else
	echo "# rc=$rc $out"
	notok "bugcheck plugins try: no claim, default applies (exit 0)"
fi
printf 'vendor = bad name\n' >"$d/05-bad.conf"
build/bugcheck plugins --dir "$d" >/dev/null 2>"$work/err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q "05-bad.conf': line 1: vendor must be" "$work/err"; then
	ok "bugcheck plugins list: a refused file is shown, exit 1"
else
	echo "# rc=$rc"; cat "$work/err"
	notok "bugcheck plugins list: a refused file is shown, exit 1"
fi
build/bugcheck plugins --dir "$d" frobnicate >/dev/null 2>&1
rc1=$?
build/bugcheck plugins --dir "$d" try "$fx/empty.bin" >/dev/null 2>&1
rc2=$?
if [ "$rc1" -eq 2 ] && [ "$rc2" -eq 1 ] && build/bugcheck plugins --help | grep -q '^Exit status:'; then
	ok "bugcheck plugins: usage error exit 2, empty record exit 1, --help"
else
	echo "# rc1=$rc1 rc2=$rc2"
	notok "bugcheck plugins: usage error exit 2, empty record exit 1, --help"
fi

echo "# suite plugins: $(($(date +%s) - t0)) s"
[ "$fails" -eq 0 ]
