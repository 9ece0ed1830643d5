#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs every benchmark script tests/bench-*.sh and prints its figures.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
rc=0
for b in tests/bench-*.sh; do
	echo "=== $(basename "$b" .sh)"
	bash "$b" || rc=1
done
exit $rc
