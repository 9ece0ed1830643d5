#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Benchmark of `bugcheck watch` in one QEMU (TCG) guest on Debian's 6.1
kernel, the real BPF programs attached:

  burst     10,000 error_report_end events in one tight loop (crashtest's
            WARN_EVENTS): events the watcher took, events dropped, the
            rate it drained them at, its CPU time per event taken
  idle      the watcher's context switches (wake-ups) and CPU time over 60 s
            with nothing happening, as per minute (no systemd watchdog)
  syscalls  a syscall loop (dd bs=1: one read and one write per byte),
            alternately with the watcher stopped and running, 5 rounds
            each; the ratio of the medians, running / stopped

TCG is an emulator: absolute times are not the hardware's, ratios in one
run are the figure to read.
"""
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import lab as L  # noqa: E402

OUT = os.path.join(L.BUILD, "bench-watch")
STATE = "/tmp/state"

SETUP = ("mkdir -p /tmp/state /tmp/spool\n"
         "printf 'spool_dir = /tmp/spool\\nstate_dir = /tmp/state\\nforward = no\\n' > /tmp/agent.conf\n"
         "[ -d /sys/module/bugcheck_crashtest ] || insmod /lib/modules/bugcheck_crashtest.ko || exit 1\n")

# The status file is written once the programs are attached and the log
# read: a fresh one means the watcher is up (startup is not measured).
START = ("rm -f /tmp/state/watch.json\n"
         "(BUGCHECK_AGENT_CONFIG=/tmp/agent.conf bugcheck watch --quiet-ms 200 "
         "> /tmp/watch.log 2>&1 &)\n"
         "i=0; until [ -s /tmp/state/watch.json ]; do i=$((i+1)); "
         "[ $i -gt 300 ] && { cat /tmp/watch.log; exit 1; }; sleep 0.1; done\n"
         "pidof bugcheck\n")

STOP = "killall bugcheck 2>/dev/null; while pidof bugcheck >/dev/null; do sleep 0.1; done\n"

# utime+stime in clock ticks and voluntary+involuntary context switches
PROC = ("p=$(pidof bugcheck); set -- $(cut -d' ' -f14,15 /proc/$p/stat); "
        "echo cpu $(( $1 + $2 )) $(getconf CLK_TCK 2>/dev/null || echo 100); "
        "grep ctxt_switches /proc/$p/status | awk '{s+=$2} END {print \"ctx\", s}'\n")


def proc_figures(out):
    cpu = ctx = None
    hz = 100
    for line in out.splitlines():
        f = line.split()
        if f[:1] == ["cpu"] and len(f) >= 3:
            cpu, hz = int(f[1]), int(f[2])
        elif f[:1] == ["ctx"] and len(f) >= 2:
            ctx = int(f[1])
    return cpu, hz, ctx


def state(lab):
    rc, out = lab.run("cat %s/watch.json\n" % STATE)
    return json.loads(out.strip().splitlines()[-1])


def main():
    lab = L.Lab(OUT, memory="512M")
    try:
        lab.start()
        rc, out = lab.run(SETUP)
        if rc:
            print("bench-watch: setup failed:\n" + out)
            return 1

        # syscall loop, watcher stopped / running, interleaved
        loop = ("s=$(cut -d' ' -f1 /proc/uptime); dd if=/dev/zero of=/dev/null bs=1 count=200000 "
                "2>/dev/null; e=$(cut -d' ' -f1 /proc/uptime); echo t $s $e\n")
        runs = {"stopped": [], "running": []}
        for _ in range(5):
            for mode in ("stopped", "running"):
                # the watcher settles (its first quiet-log flush) first
                lab.run((STOP if mode == "stopped" else START) + "sleep 2\n")
                rc, out = lab.run(loop, timeout=300)
                f = [x for x in out.split() if x != "t"]
                runs[mode].append(float(f[-1]) - float(f[-2]))
        lab.run(STOP)
        m0 = statistics.median(runs["stopped"])
        m1 = statistics.median(runs["running"])
        print("syscall loop (200,000 x read+write of 1 byte), median of 5: "
              "%.2f s stopped, %.2f s with the programs attached; ratio %.3f"
              % (m0, m1, m1 / m0))
        print("  rounds stopped %s, running %s"
              % (["%.2f" % x for x in runs["stopped"]], ["%.2f" % x for x in runs["running"]]))

        # idle
        rc, out = lab.run(START)
        lab.run("sleep 2\n")
        rc, a = lab.run(PROC)
        lab.run("sleep 60\n", timeout=200)
        rc, b = lab.run(PROC)
        c0, hz, x0 = proc_figures(a)
        c1, _, x1 = proc_figures(b)
        print("idle for 60 s: %d wake-ups (context switches), %.3f s CPU"
              % (x1 - x0, (c1 - c0) / hz))

        # burst
        rc, a = lab.run(PROC)
        st0 = state(lab)
        rc, out = lab.run("s=$(cut -d' ' -f1 /proc/uptime); "
                          "echo WARN_EVENTS > /sys/kernel/debug/bugcheck-crashtest/trigger; "
                          "e=$(cut -d' ' -f1 /proc/uptime); echo t $s $e; sleep 8\n", timeout=300)
        f = [x for x in out.split() if x != "t"]
        fire = float(f[-1]) - float(f[-2])
        rc, b = lab.run(PROC)
        st1 = state(lab)
        c0, hz, _ = proc_figures(a)
        c1, _, _ = proc_figures(b)
        took = st1["events"] - st0["events"]
        dropped = st1["dropped"] - st0["dropped"]
        cpu = (c1 - c0) / hz
        print("burst of 10,000 events in %.2f s (%.0f events/s offered): %d taken, %d dropped "
              "(ring buffer %d KiB); %.1f us CPU per event taken"
              % (fire, 10000 / fire if fire else 0, took, dropped, 256,
                 cpu * 1e6 / took if took else 0))
        print("  watcher after the burst: %d reports spooled, %d counted again, "
              "%d from a stack alone" % (st1["spooled"], st1["counted"], st1["textless"]))
        return 0
    except (L.LabError, L.Rebooted, ValueError, IndexError, KeyError) as e:
        print("bench-watch: failed: %s (console %s/console.log)" % (e, OUT))
        return 1
    finally:
        lab.stop()


if __name__ == "__main__":
    sys.exit(main())
