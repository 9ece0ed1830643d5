#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Lint gate and layer rule.  scripts/lint.sh (clang-format, checkpatch,
# cppcheck, shellcheck, pyflakes) prints its own ok/not ok lines; then probe
# files compiled with a layer's flags (agent/agent.mk) show the dependency
# rule holds: agent/core/ cannot include a spool, forward, netlink, curl or
# systemd header, while what it may include still compiles (so the probe
# itself can fail).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

bash scripts/lint.sh
lint_rc=$?
# Exit 2: a tool is missing (its own "not ok" line says which) or the
# script itself failed (then nothing else would say so).
[ "$lint_rc" -le 1 ] ||
	echo "not ok - lint: scripts/lint.sh exit status $lint_rc (a tool missing, see scripts/setup.sh, or the script failed)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc=${CC:-cc}

# probe layer expect header...: compile a file including the headers with
# the layer's flags; expect "ok" (compiles) or "fail" (does not).
probe() {
	local layer=$1 expect=$2 flags h rc
	shift 2
	# shellcheck disable=SC2207 # make prints the flags as words
	flags=($(make -s --no-print-directory "agent-layer-flags-$layer" | sed 's/ -MMD -MP//'))
	: >"$work/probe.c"
	for h in "$@"; do echo "#include $h" >>"$work/probe.c"; done
	"$cc" "${flags[@]}" -fsyntax-only -x c "$work/probe.c" >"$work/err" 2>&1
	rc=$?
	if { [ "$expect" = ok ] && [ $rc -eq 0 ]; } ||
		{ [ "$expect" = fail ] && [ $rc -ne 0 ]; }; then
		echo "ok - layers: $layer $([ "$expect" = ok ] && echo may || echo may not) include $*"
	else
		sed 's/^/# /' "$work/err"
		echo "not ok - layers: $layer $([ "$expect" = ok ] && echo may || echo may not) include $*"
	fi
}

probe core ok '"classify.h"' '"record.h"' '"report.h"' '"json_record.h"' \
	'"bugcheck_record.h"' '"sha256.h"' '<json-c/json.h>' '<lz4.h>' \
	'<zstd.h>'
for h in '"spool.h"' '"forward.h"' '"genl.h"' '"sources.h"' '"plugin.h"' \
	'"cli.h"' '"config.h"' '"host.h"' '<netlink/netlink.h>' '<netlink/genl/genl.h>' \
	'<curl/curl.h>' '<systemd/sd-daemon.h>' '<systemd/sd-journal.h>'; do
	probe core fail "$h"
done
probe spool ok '"spool.h"' '"report.h"'
probe spool fail '"forward.h"'
probe spool fail '<curl/curl.h>'
probe sources ok '"genl.h"' '"sources.h"' '<netlink/genl/genl.h>'
probe sources fail '"spool.h"'
probe plugins ok '"plugin.h"' '<bugcheck/plugin.h>'
probe plugins fail '"spool.h"'
probe collect ok '"collect.h"' '"spool.h"' '"plugin.h"' '"genl.h"' '"sources.h"' '"host.h"'
probe collect fail '"forward.h"'
probe collect fail '<curl/curl.h>'
probe collect fail '"cli.h"'
probe forward ok '"forward.h"' '<curl/curl.h>' '<systemd/sd-journal.h>'
probe forward fail '"genl.h"'
probe config fail '"report.h"'
probe host ok '"host.h"' '"report.h"'
probe host fail '"config.h"'
