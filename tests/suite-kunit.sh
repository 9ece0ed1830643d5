#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# KUnit suites (common/*_kunit.c, kmod/*_kunit.c) on UML via kunit.py; one
# line per case.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
log=$(mktemp)
scripts/kunit.sh > "$log" 2>&1
rc=$?
# "[hh:mm:ss] [PASSED] case" / "[FAILED] case", but not the suite totals.
sed -n 's/^\[[0-9:]*\] \[\(PASSED\|FAILED\)\] \([a-z_0-9]*\)$/\1 \2/p' "$log" |
	while read -r verdict name; do
		case "$name" in bugcheck_*) continue ;; esac
		if [ "$verdict" = PASSED ]; then
			echo "ok - kunit $name"
		else
			grep -B8 "\[FAILED\] $name\$" "$log" | sed 's/^/# /'
			echo "not ok - kunit $name"
		fi
	done
grep -E "Testing complete|Elapsed time" "$log"
if [ $rc -ne 0 ]; then
	tail -30 "$log" | sed 's/^/# /'
fi
rm -f "$log"
exit $rc
