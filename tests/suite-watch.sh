#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Crash lab for bugcheck watch: live reports from the real BPF programs and
# /dev/kmsg in a QEMU guest whose kernel survives each failure, three boots,
# about 8 min on a loaded 2-core host (tests/watch_lab_test.py).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
exec python3 tests/watch_lab_test.py
