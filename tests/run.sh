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
# The Debian lab's base layer (debootstrap, kernel, DKMS; about 6 minutes
# cold, mostly download and dpkg) does not depend on this tree: on a machine
# that has not cached it yet, build it in the background while the suites
# before the Debian lab run.  The suite waits on the same lock and finds it
# built; if this build fails, the suite builds it again and shows why.
prebuild=
if [ "$(id -u)" -eq 0 ] && printf '%s\n' "${suites[@]}" | grep -qx 'tests/suite-debian.sh' &&
	base=$(bash scripts/debian-lab.sh base-dir 2>/dev/null) && [ ! -d "$base/rootfs" ]; then
	mkdir -p build
	echo "=== building the Debian lab's base layer in the background (build/debian-base.log)"
	nice -n 10 bash scripts/debian-lab.sh base >build/debian-base.log 2>&1 &
	prebuild=$!
fi
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

[ -z "$prebuild" ] || wait "$prebuild" 2>/dev/null || true
echo
if [ ${#failed[@]} -gt 0 ]; then
	echo "Failed:"
	for f in "${failed[@]}"; do echo "  $f"; done
fi
echo "total time $(($(date +%s) - start)) s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
