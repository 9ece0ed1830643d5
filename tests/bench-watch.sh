#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bugcheck watch in a QEMU guest: burst events/s and drops, CPU per event,
# idle wake-ups, and the attached programs' cost on a syscall loop.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
exec python3 tests/bench_watch.py
