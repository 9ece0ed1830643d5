#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Crash-path time and bytes: ramoops vs bugcheck.ko in one QEMU guest.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
exec python3 tests/bench_capture.py
