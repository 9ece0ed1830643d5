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

if make -s -j2 agent-tests plugins >"$work/build.log" 2>&1; then
	ok "build (make agent-tests plugins)"
else
	cat "$work/build.log"
	notok "build (make agent-tests plugins)"
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

echo "# suite plugins: $(($(date +%s) - t0)) s"
[ "$fails" -eq 0 ]
