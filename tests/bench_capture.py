#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Crash-path benchmark: ramoops (Debian's ramoops.ko, deflate, 16 KiB
records) against bugcheck.ko in the same QEMU guest and the same panic.

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
RUNS = int(os.environ.get("BENCH_CAPTURE_RUNS", "5"))
TRIGGER = os.environ.get("BENCH_CAPTURE_TRIGGER", "PANIC")

SETUP = """insmod /lib/modules/lz4_compress.ko
insmod /lib/modules/reed_solomon.ko
insmod /lib/modules/bugcheck_bench.ko
echo > /sys/kernel/debug/bugcheck-bench/mark
insmod /lib/modules/ramoops.ko mem_address=0x%x mem_size=0x%x record_size=0x4000 || exit 1
echo > /sys/kernel/debug/bugcheck-bench/mark
insmod /lib/modules/bugcheck.ko mem_address=0x%x mem_size=0x%x || exit 1
echo > /sys/kernel/debug/bugcheck-bench/mark
insmod /lib/modules/bugcheck_crashtest.ko || exit 1
""" % (RAMOOPS_ADDR, RAMOOPS_SIZE, L.MEM_ADDR, L.MEM_SIZE)


def main():
    lab = L.Lab(os.path.join(L.BUILD, "lab-bench"),
                extra_regions=[(RAMOOPS_SIZE, RAMOOPS_ADDR)])
    ram_ns, bc_ns, ram_bytes, bc_bytes, bc_capture = [], [], [], [], []
    try:
        lab.start()
        for i in range(RUNS):
            rc, out = lab.run(SETUP + "bugcheck clear --all --force >/dev/null\n")
            if rc:
                print("bench-capture: setup failed:\n" + out)
                return 1
            mark = len(lab.console_text())
            lab.run(L.fire(TRIGGER), expect_reboot=True, timeout=120)
            console = lab.console_text()[mark:]
            seg = dict(re.findall(r"bugcheck_bench: segment (\d): (\d+) ns", console))
            if "0" not in seg or "1" not in seg:
                print("bench-capture: no timing segments in the console log")
                return 1
            ram_ns.append(int(seg["0"]))
            bc_ns.append(int(seg["1"]))
            rc, out = lab.run("devmem 0x%x 32\n" % (RAMOOPS_ADDR + 8)
                              + "insmod /lib/modules/lz4_compress.ko\n"
                              + "insmod /lib/modules/bugcheck.ko mem_address=0x%x mem_size=0x%x\n"
                              % (L.MEM_ADDR, L.MEM_SIZE)
                              + "bugcheck collect --json\nrmmod bugcheck\n")
            lines = out.splitlines()
            ram_bytes.append(int(lines[0], 16) + 12)  # + persistent_ram_buffer header
            recs = [json.loads(x) for x in lines if x.startswith("{")]
            rec = [r for r in recs if r.get("status") == "ok"][0]
            bc_bytes.append(rec["stored_bytes"])
            bc_capture.append(rec["capture_ns"])
            print("run %d: ramoops %.2f ms %d B | bugcheck %.2f ms %d B (own capture_ns %.2f ms)"
                  % (i + 1, ram_ns[-1] / 1e6, ram_bytes[-1], bc_ns[-1] / 1e6,
                     bc_bytes[-1], bc_capture[-1] / 1e6))
            sys.stdout.flush()
    finally:
        lab.stop()
    med = statistics.median
    print()
    print("crash path, %s trigger, %d panics, QEMU TCG, Debian %s:" % (TRIGGER, RUNS, lab.kver))
    print("  ramoops  (deflate, 16 KiB records): median %7.2f ms, stored %6d bytes"
          % (med(ram_ns) / 1e6, med(ram_bytes)))
    print("  bugcheck (LZ4, structured record) : median %7.2f ms, stored %6d bytes"
          % (med(bc_ns) / 1e6, med(bc_bytes)))
    print("  ratio ramoops/bugcheck time: %.2fx; bugcheck record %s 16 KiB"
          % (med(ram_ns) / med(bc_ns), "under" if med(bc_bytes) < 16384 else "OVER"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
