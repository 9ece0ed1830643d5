#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Crash-path benchmark: ramoops (Debian's ramoops.ko, deflate, 16 KiB
records) against bugcheck.ko in the same QEMU guest and the same panic,
for each log codec of bugcheck.ko (log_codec=zstd, the default, and lz4).

bugcheck_bench.ko's timing dumpers bracket each of them on the panic path
(kmsg dumpers run in registration order), and print the segments.  Bytes
stored: ramoops' persistent_ram_buffer size word of its first dmesg zone,
bugcheck's stored_bytes from `bugcheck collect --json`.
"""
import json
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import lab as L  # noqa: E402

RAMOOPS_ADDR = 0x7100000
RAMOOPS_SIZE = 0x100000
RUNS = int(os.environ.get("BENCH_CAPTURE_RUNS", "3"))
CODECS = os.environ.get("BENCH_CAPTURE_CODECS", "zstd lz4").split()
RECORD_MAX = 8192
RAW_MIN = 16384
TRIGGER = os.environ.get("BENCH_CAPTURE_TRIGGER", "PANIC")
# BENCH_CAPTURE_KO=/lib/modules/lab/bugcheck.ko times the crash lab's test
# build instead (kmod/lab/): the bench module then prints its phase marks
# ("lab: phase ...") after the segments, and they are summed up here.
# BENCH_CAPTURE_PARAMS adds module parameters (e.g. lab_dry_run=1).
KO = os.environ.get("BENCH_CAPTURE_KO", "/lib/modules/bugcheck.ko")
PARAMS = os.environ.get("BENCH_CAPTURE_PARAMS", "")
# BENCH_CAPTURE_BEFORE: guest shell lines run after the warm-up, just
# before the crash (e.g. to set a lab parameter).
BEFORE = os.environ.get("BENCH_CAPTURE_BEFORE", "")

SETUP = """insmod /lib/modules/lz4_compress.ko
insmod /lib/modules/zstd_compress.ko
insmod /lib/modules/reed_solomon.ko
insmod /lib/modules/bugcheck_bench.ko
echo > /sys/kernel/debug/bugcheck-bench/mark
insmod /lib/modules/ramoops.ko mem_address=0x%x mem_size=0x%x record_size=0x4000 || exit 1
echo > /sys/kernel/debug/bugcheck-bench/mark
insmod %s mem_address=0x%x mem_size=0x%x log_codec=%%s %s || exit 1
echo > /sys/kernel/debug/bugcheck-bench/mark
insmod /lib/modules/bugcheck_crashtest.ko || exit 1
""" % (RAMOOPS_ADDR, RAMOOPS_SIZE, KO, L.MEM_ADDR, L.MEM_SIZE, PARAMS)


# The two cases: a freshly booted guest (a nearly empty log ring), and a
# 1 MiB ring (log_buf_len=1M) filled to the brim before the crash, where a
# capture that walks the whole ring shows it.
FULL_RING_LINES = int(os.environ.get("BENCH_CAPTURE_FILL", "12000"))
# "warm": a non-fatal oops is captured first in the same boot, so the
# capture code has run once (QEMU TCG has translated it, as a real CPU's
# caches would hold it) before the panic that is timed.
CASES = [
    ("fresh boot", "", 0, False),
    ("fresh boot, warm", "", 0, True),
    ("full 1 MiB ring", "log_buf_len=1M", FULL_RING_LINES, False),
    ("full 1 MiB ring, warm", "log_buf_len=1M", FULL_RING_LINES, True),
]

# BENCH_CAPTURE_CASES="fresh boot, warm" runs only the cases named
# (separated by ';'), e.g. to compare two builds on one case.
_ONLY = [c.strip() for c in os.environ.get("BENCH_CAPTURE_CASES", "").split(";") if c.strip()]
if _ONLY:
    CASES = [c for c in CASES if c[0] in _ONLY]

WARM_UP = ("sysctl -qw kernel.panic_on_oops=0\n"
           "(echo OOPS > /sys/kernel/debug/bugcheck-crashtest/trigger)\n"
           "sleep 1\n")


def run_case(name, append, fill, warm, codec):
    lab = L.Lab(os.path.join(L.BUILD, "lab-bench"),
                append=append, extra_regions=[(RAMOOPS_SIZE, RAMOOPS_ADDR)])
    ram_ns, bc_ns, ram_bytes, bc_bytes, bc_capture, bc_raw = [], [], [], [], [], []
    phases = {}
    try:
        lab.start()
        for i in range(RUNS):
            rc, out = lab.run(SETUP % codec + "bugcheck clear --all --force >/dev/null\n")
            if rc:
                print("bench-capture: setup failed:\n" + out)
                return None
            if fill:
                rc, out = lab.run("echo %d > /sys/kernel/debug/bugcheck-bench/fill\n"
                                  "dmesg | wc -c\n" % fill, timeout=300)
                ring = int(out.split()[-1]) if out.split() else 0
            if warm:
                lab.run(WARM_UP, timeout=120)
            if BEFORE:
                lab.run(BEFORE + "\n", timeout=120)
            mark = len(lab.console_text())
            lab.run(L.fire(TRIGGER), expect_reboot=True, timeout=180)
            console = lab.console_text()[mark:]
            # The panic's segments (a warm-up oops printed its own before).
            seg = dict(re.findall(r"bugcheck_bench: segment (\d): (\d+) ns \(reason Panic\)",
                                  console))
            if "0" not in seg or "1" not in seg:
                print("bench-capture: no timing segments in the console log")
                return None
            ram_ns.append(int(seg["0"]))
            bc_ns.append(int(seg["1"]))
            # The lab build's phases of the panic's dump (after its segments).
            tail = console[console.rfind("bugcheck_bench: segment 1:"):]
            for ph, ns in re.findall(r"lab: ((?:dry run )?phase [^:]+): (\d+) ns", tail):
                phases.setdefault(ph, []).append(int(ns))
            rc, out = lab.run("devmem 0x%x 32\n" % (RAMOOPS_ADDR + 8)
                              + "insmod /lib/modules/lz4_compress.ko\n"
                              + "insmod /lib/modules/zstd_compress.ko\n"
                              + "insmod /lib/modules/bugcheck.ko"
                              + " mem_address=0x%x mem_size=0x%x\n"
                              % (L.MEM_ADDR, L.MEM_SIZE)
                              + "bugcheck collect --json\nrmmod bugcheck\n")
            lines = out.splitlines()
            ram_bytes.append(int(lines[0], 16) + 12)  # + persistent_ram_buffer header
            recs = [json.loads(x) for x in lines if x.startswith("{")]
            rec = [r for r in recs if r.get("status") == "ok" and r.get("reason") != "oops"][0]
            bc_bytes.append(rec["stored_bytes"])
            bc_capture.append(rec["capture_ns"])
            info = rec.get("log_info") or {}
            bc_raw.append(info.get("raw_len") or 0)
            print("%s, %s, run %d%s: ramoops %.2f ms %d B | bugcheck %.2f ms %d B, %d B of raw log"
                  " stored as %s (own capture_ns %.2f ms)"
                  % (name, codec, i + 1, " (ring %d B of text)" % ring if fill else "",
                     ram_ns[-1] / 1e6, ram_bytes[-1], bc_ns[-1] / 1e6,
                     bc_bytes[-1], bc_raw[-1], info.get("codec"), bc_capture[-1] / 1e6))
            sys.stdout.flush()
    finally:
        lab.stop()
    med = statistics.median
    for ph, v in phases.items():
        print("  %s, %s: %s: median %.3f ms (%s)"
              % (name, codec, ph, med(v) / 1e6, ", ".join("%.3f" % (x / 1e6) for x in v)))
    return {"kver": lab.kver, "ram_ns": med(ram_ns), "bc_ns": med(bc_ns),
            "ram_bytes": med(ram_bytes), "bc_bytes": med(bc_bytes),
            "bc_raw": med(bc_raw), "bc_warm": min(bc_ns),
            "bc_capture": med(bc_capture), "bc_capture_min": min(bc_capture)}


def main():
    results = []
    for name, append, fill, warm in CASES:
        for codec in CODECS:
            r = run_case(name, append, fill, warm, codec)
            if r is None:
                return 1
            results.append((name, codec, r))
    print()
    print("crash path, %s trigger, %d panics per case and codec, ramoops and bugcheck"
          " in one guest, QEMU TCG, Debian %s:" % (TRIGGER, RUNS, results[0][2]["kver"]))
    print("targets: bugcheck <= 0.2x ramoops' time with the full ring, < 1 ms warm,"
          " record <= %d bytes holding >= %d bytes of raw log" % (RECORD_MAX, RAW_MIN))
    for name, codec, r in results:
        print("  %s, log_codec=%s:" % (name, codec))
        print("    ramoops  (deflate, 16 KiB records): median %7.2f ms, stored %6d bytes"
              % (r["ram_ns"] / 1e6, r["ram_bytes"]))
        print("    bugcheck (%-4s, structured record): median %7.2f ms (fastest %.2f ms),"
              " stored %6d bytes, %d bytes of raw log kept"
              % (codec, r["bc_ns"] / 1e6, r["bc_warm"] / 1e6, r["bc_bytes"], r["bc_raw"]))
        ratio = r["bc_ns"] / r["ram_ns"]
        print("    time ratio bugcheck/ramoops: %.2fx%s" % (
            ratio, (" (target <= 0.2x: %s)" % ("met" if ratio <= 0.2 else "NOT met"))
            if "full" in name else ""))
        print("    bugcheck's own capture_ns (inside the module): median %.2f ms, fastest %.2f ms"
              % (r["bc_capture"] / 1e6, r["bc_capture_min"] / 1e6))
        print("    record %d bytes with %d bytes of raw log (target <= %d with >= %d: %s)"
              % (r["bc_bytes"], r["bc_raw"], RECORD_MAX, RAW_MIN,
                 "met" if r["bc_bytes"] <= RECORD_MAX and r["bc_raw"] >= RAW_MIN
                 else "NOT met"))
        if "warm" in name:
            print("    bugcheck warm crash path: median %.2f ms (target < 1 ms: %s),"
                  " fastest %.2f ms (%s); ramoops' bytes here are its first record,"
                  " the warm-up oops"
                  % (r["bc_ns"] / 1e6, "met" if r["bc_ns"] < 1e6 else "NOT met",
                     r["bc_warm"] / 1e6, "met" if r["bc_warm"] < 1e6 else "NOT met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
