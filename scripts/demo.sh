#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: the main job end to end (scripts/demo.py): a QEMU guest running
# Debian's kernel crashes for real in a module, reboots, and the agent
# collects, classifies and forwards the record to bugcheck-server, whose
# bucket counts it; a vendor response attached to the bucket reaches the
# machine when the same bug strikes again.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/demo.py "$@"
