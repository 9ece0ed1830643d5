#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Crash lab: bugcheck.ko in Debian's kernel under QEMU, real crashes and
# reboots (tests/lab_test.py).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
exec python3 tests/lab_test.py
