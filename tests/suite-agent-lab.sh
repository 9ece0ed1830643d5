#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Crash lab for the agent: collect, spool and forward to the real server in
# a QEMU guest with a persistent disk, across real crashes and reboots
# (tests/agent_lab_test.py).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
exec python3 tests/agent_lab_test.py
