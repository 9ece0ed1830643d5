#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs every test suite (tests/suite-*.sh, in name order) and totals them.
#
# Suite protocol: a suite prints one line per test case,
#   ok - <name>            a passing case
#   not ok - <name>        a failing case (details on the lines before it)
# anything else it prints is shown as is.  A suite that exits non-zero
# without having printed a "not ok" line counts one extra failure, so a
# crashed suite can never look green.  BUGCHECK_SUITES="a b" runs only
# tests/suite-a.sh and tests/suite-b.sh.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

pass=0
fail=0
failed=()
suites=()
if [ -n "${BUGCHECK_SUITES:-}" ]; then
	for s in $BUGCHECK_SUITES; do suites+=("tests/suite-$s.sh"); done
else
	for s in tests/suite-*.sh; do suites+=("$s"); done
fi

start=$(date +%s)
for s in "${suites[@]}"; do
	name=$(basename "$s" .sh)
	name=${name#suite-}
	echo "=== suite $name"
	t0=$(date +%s)
	out=$(mktemp)
	bash "$s" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^ok - ' "$out")
	f=$(grep -c '^not ok - ' "$out")
	while IFS= read -r l; do failed+=("$name: ${l#not ok - }"); done < <(grep '^not ok - ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		failed+=("$name: suite exited with status $rc")
	fi
	rm -f "$out"
	pass=$((pass + p))
	fail=$((fail + f))
	echo "=== suite $name: $p passed, $f failed ($(($(date +%s) - t0)) s)"
done

echo
if [ ${#failed[@]} -gt 0 ]; then
	echo "Failed:"
	for f in "${failed[@]}"; do echo "  $f"; done
fi
echo "total time $(($(date +%s) - start)) s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
