#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: the main job end to end.  A QEMU guest running Debian's kernel
# loads bugcheck.ko, crashes for real (a NULL pointer dereference in the
# crash-test module, with panic_on_oops), reboots, and the agent on the next
# boot reads the record back over generic netlink, decodes, validates and
# classifies it.
set -euo pipefail
cd "$(dirname "$0")/.."
trigger=${1:-NULL_DEREF}
echo "demo: crashing a QEMU guest with trigger $trigger (takes about 30 s under TCG)"
python3 scripts/lab.py crash "$trigger" --out build/demo
echo
echo "demo: the same crash from the guest's console log, classified on the host:"
build/bugcheck classify build/demo/console.log || true
