#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Crash-lab tests for bugcheck.ko: real crashes of Debian's 6.1 kernel in a
QEMU (TCG) guest, real reboots, records read back with `bugcheck collect`.

Prints "ok - name" / "not ok - name" per case (tests/run.sh protocol).
LAB_ONLY="name1 name2" runs only the named cases.
"""
import json
import re
import os
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import lab as L  # noqa: E402

OUT = os.path.join(L.BUILD, "lab-test")
SLOT0 = L.MEM_ADDR + 4096          # first slot, after the region header
SLOT_SIZE = 65536

# trigger -> (reason, text the log tail must hold, function a frame must name)
TRIGGERS = {
    "PANIC": ("panic", "Kernel panic - not syncing: bugcheck_crashtest: PANIC trigger", "crashtest_panic"),
    "BUG": ("bug", "kernel BUG at", "crashtest_bug"),
    "WARNING": ("warn", "WARNING: CPU:", "crashtest_warning"),
    "NULL_DEREF": ("oops", "BUG: kernel NULL pointer dereference", "crashtest_null_deref"),
    "PAGE_FAULT": ("oops", "BUG: unable to handle page fault", "crashtest_page_fault"),
    "GPF": ("oops", "general protection fault", "crashtest_gpf"),
    "DIVIDE_ERROR": ("oops", "divide error", "crashtest_divide_error"),
    "OOPS_IN_IRQ": ("oops", "BUG: kernel NULL pointer dereference", "crashtest_irq_fn"),
    "SOFTLOCKUP": ("softlockup", "BUG: soft lockup", "crashtest_softlockup"),
    # The panic comes from khungtaskd; the hung task's own stack is in the log.
    "HUNG_TASK": ("hungtask", "blocked for more than", None),
    "STACK_OVERFLOW": ("stackoverflow", "stack guard page was hit", "crashtest_recurse"),
}

PAGE_FAULT_TRIGGERS = ("NULL_DEREF", "PAGE_FAULT", "OOPS_IN_IRQ")

results = []


def report(name, ok, detail=""):
    if not ok and detail:
        for line in detail.rstrip().splitlines()[-40:]:
            print("# " + line)
    print("%s - lab %s" % ("ok" if ok else "not ok", name))
    sys.stdout.flush()
    results.append(ok)


def collect(lab, extra=""):
    rc, out = lab.run("bugcheck collect --json %s\n" % extra, timeout=60)
    recs = []
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("{"):
            recs.append(json.loads(line))
    return rc, out, recs


def fresh_boot(lab):
    """Modules loaded and the region emptied, ready for a crash."""
    rc, out = lab.run(L.load_modules() + "bugcheck clear --all --force\n")
    if rc != 0:
        raise L.LabError("setup failed:\n" + out)


def check_record(rec, reason, text, func):
    errs = []
    if rec.get("status") != "ok":
        errs.append("status %r (verdict %r)" % (rec.get("status"), rec.get("verdict")))
    if rec.get("reason") != reason:
        errs.append("reason %r, want %r" % (rec.get("reason"), reason))
    log = rec.get("log") or ""
    if text not in log:
        errs.append("log tail (%d chars) lacks %r" % (len(log), text))
    if func:
        # Compiler suffixes (.cold, .isra.N, .constprop.N, .part.N) dropped.
        syms = [(f.get("symbol") or "").split(".")[0] for f in rec.get("stack") or []]
        if func not in syms:
            errs.append("no frame %s in %s" % (func, syms[:12]))
    if not rec.get("capture_ns"):
        errs.append("capture_ns missing")
    return errs


def crash_and_collect(lab, trigger, timeout=180):
    fresh_boot(lab)
    lab.run(L.fire(trigger), timeout=timeout, expect_reboot=True)
    lab.run(L.load_modules())
    return collect(lab)


def classify_console(text):
    """The host's `bugcheck classify --all --json` over console text."""
    import subprocess
    p = subprocess.run([os.path.join(L.BUILD, "bugcheck"), "classify", "--all", "--json", "-"],
                       input=text.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return [json.loads(x) for x in p.stdout.decode().splitlines() if x.startswith("{")]


def case_trigger(lab, trigger):
    reason, text, func = TRIGGERS[trigger]
    t0 = time.time()
    fresh_boot(lab)
    mark = len(lab.console_text())
    lab.run(L.fire(trigger), timeout=180, expect_reboot=True)
    # The console from the trigger to the reboot: the kernel's own report.
    console = lab.console_text()[mark:]
    lab.run(L.load_modules())
    rc, out, recs = collect(lab)
    errs = []
    if rc != 0:
        errs.append("collect exit status %d" % rc)
    if len(recs) != 1:
        errs.append("%d records, want exactly 1" % len(recs))
    else:
        errs += check_record(recs[0], reason, text, func)
        # Kernel-mode page faults never set thread.trap_nr: the record
        # must still say trap 14.
        if trigger in PAGE_FAULT_TRIGGERS and recs[0].get("trapnr") != 14:
            errs.append("trapnr %r, want 14 (page fault)" % recs[0].get("trapnr"))
    report("trigger %s (%.0f s)" % (trigger, time.time() - t0), not errs,
           "\n".join(errs) + "\n" + out[:3000])
    # The same crash read from the console log must land in the same
    # bucket as its record (the classifier's record/text contract).
    if len(recs) == 1:
        rk = recs[0].get("classification") or {}
        texts = classify_console(console)
        tk = texts[0] if texts else {}
        report("trigger %s: record and console log give one failure hash" % trigger,
               rk.get("failure_hash") and rk.get("failure_hash") == tk.get("failure_hash"),
               "record:  %s %s %r\nconsole: %s %s %r (%d crashes in %d bytes)"
               % (rk.get("failure_name"), rk.get("failure_hash"), rk.get("title"),
                  tk.get("failure_name"), tk.get("failure_hash"), tk.get("title"),
                  len(texts), len(console)))


def case_clean_boot(lab):
    fresh_boot(lab)
    lab.run("reboot -f\n", expect_reboot=True)
    lab.run(L.load_modules())
    rc, out, recs = collect(lab)
    report("clean reboot leaves no record", rc == 0 and not recs, out)


def case_nonfatal_oops(lab):
    """OOPS with panic_on_oops=0: the machine lives; the record is readable
    at once, and three oopses in one boot keep the first and the latest."""
    fresh_boot(lab)
    rc, out = lab.run(L.fire("OOPS"))
    rc, out, recs = collect(lab)
    errs = []
    if len(recs) != 1:
        errs.append("%d records after one oops, want 1" % len(recs))
    else:
        errs += check_record(recs[0], "oops", "BUG: kernel NULL pointer dereference",
                             "crashtest_null_deref")
    report("non-fatal oops readable without reboot", not errs, "\n".join(errs) + "\n" + out[:2000])

    for _ in range(2):
        lab.run(L.fire("OOPS"))
    rc, out, recs = collect(lab)
    seqs = sorted(r.get("seq") for r in recs if r.get("status") == "ok")
    report("three crashes in one boot keep the first and the latest",
           seqs == [1, 3], "seqs %s\n%s" % (seqs, out[:2000]))


def case_read_ahead(lab):
    """The log a capture stores is the kernel's log as dmesg prints it, in
    one piece: lines the module's read-ahead work took before the crash
    (marker A, written 3 s before), lines the capture read itself (marker
    B, written just before the oops), no line twice, none missing at the
    join."""
    fresh_boot(lab)
    rc, out = lab.run("echo bugcheck-lab: marker A > /dev/kmsg\nsleep 3\n"
                      "echo bugcheck-lab: marker B > /dev/kmsg\n" + fire_nofatal("OOPS"))
    rc, out, recs = collect(lab)
    rc, dmesg = lab.run("dmesg\n", timeout=60)
    errs = []
    ok = [r for r in recs if r.get("status") == "ok"]
    if len(ok) != 1:
        errs.append("%d ok records, want 1" % len(ok))
    else:
        log = ok[0].get("log") or ""
        for want in ("bugcheck-lab: marker A", "bugcheck-lab: marker B",
                     "BUG: kernel NULL pointer dereference"):
            if want not in log:
                errs.append("log (%d chars) lacks %r" % (len(log), want))
        if log not in dmesg:
            errs.append("the record's log (%d chars) is not a piece of dmesg's output"
                        % len(log))
        if len(log) < RAW_MIN:
            errs.append("%d bytes of log, want >= %d" % (len(log), RAW_MIN))
    report("log read ahead joins the capture's own read: one piece of dmesg",
           not errs, "\n".join(errs) + "\n" + out[:1500])


def case_read_ahead_off(lab):
    """log_readahead=0: no work item runs, and a capture reads the whole
    log itself: the record still holds the lines before the oops and the
    oops."""
    lab.run("reboot -f\n", expect_reboot=True)
    rc, out = lab.run(L.load_modules("log_readahead=0") + "bugcheck clear --all --force\n"
                      + "cat /sys/module/bugcheck/parameters/log_readahead\n")
    if rc != 0:
        raise L.LabError("module with log_readahead=0 did not load:\n" + out)
    param = out.strip().splitlines()[-1:] == ["N"]
    lab.run("echo bugcheck-lab: marker C > /dev/kmsg\nsleep 2\n" + fire_nofatal("OOPS"))
    rc, out2, recs = collect(lab)
    ok = [r for r in recs if r.get("status") == "ok"]
    log = (ok[0].get("log") or "") if len(ok) == 1 else ""
    report("log_readahead=0: the capture reads the whole log itself",
           param and "bugcheck-lab: marker C" in log
           and "BUG: kernel NULL pointer dereference" in log,
           "parameter %r, %d ok records, %d chars of log\n%s"
           % (out.strip()[-40:], len(ok), len(log), out2[:1500]))
    lab.run("reboot -f\n", expect_reboot=True)


def case_ack_and_clear(lab):
    """collect --ack marks records collected; only then does a plain clear
    (without --force) erase them."""
    fresh_boot(lab)
    lab.run(L.fire("OOPS"))
    rc1, out1 = lab.run("bugcheck clear --all; echo rc=$?\n")
    rc, out, recs = collect(lab, "--ack")
    rc, out, recs = collect(lab)
    states = [r.get("state") for r in recs]
    rc2, out2 = lab.run("bugcheck clear --all; echo rc=$?\nbugcheck status --json\n")
    rc, out3, left = collect(lab)
    ok = ("rc=1" in out1 and states == ["collected"] and "rc=0" in out2 and not left)
    report("collect --ack then plain clear; uncollected records refused", ok,
           "clear before ack: %s\nstates after ack: %s\nclear after ack: %s\nleft: %d"
           % (out1, states, out2, len(left)))


def case_oops_then_panic(lab):
    rc, out, recs = crash_and_collect(lab, "OOPS_THEN_PANIC")
    ok = [r for r in recs if r.get("status") == "ok"]
    reasons = sorted(r.get("reason") for r in ok)
    # Earlier cases may have crashed this boot too: the first of the two
    # is the one with the lower sequence number.
    first = sorted(ok, key=lambda r: r.get("seq") or 0)[:1]
    errs = []
    if reasons != ["oops", "panic"]:
        errs.append("reasons %s, want oops and panic" % reasons)
    if not first or first[0].get("reason") != "oops":
        errs.append("first record of the boot is not the oops")
    else:
        errs += check_record(first[0], "oops", "NULL pointer dereference", "crashtest_null_deref")
    report("oops then panic: both kept, the first is the oops", not errs,
           "\n".join(errs) + "\n" + out[:3000])


def case_panic_after_oops_amends(lab):
    """panic_on_oops=1: the "Fatal exception" panic is added to the oops
    record's tail, not stored as a second crash."""
    rc, out, recs = crash_and_collect(lab, "NULL_DEREF")
    r = recs[0] if len(recs) == 1 else {}
    pm = (r.get("tail") or {}).get("panic_message") or r.get("panic_message") or ""
    report("panic after oops amends the same record",
           len(recs) == 1 and "Fatal exception" in json.dumps(r),
           "panic message %r, %d records\n%s" % (pm, len(recs), out[:2000]))
    # The panic's log holds only what came after the primary capture.
    plog = (r.get("tail") or {}).get("panic_log") or ""
    log_lines = set((r.get("log") or "").splitlines())
    dups = [ln for ln in plog.splitlines() if ln.strip() and ln in log_lines]
    report("the follow-up panic log repeats nothing of the primary log",
           "Kernel panic - not syncing: Fatal exception" in plog and not dups,
           "%d of %d panic log lines repeat the primary log:\n%s"
           % (len(dups), len(plog.splitlines()), "\n".join(dups[:20])))


def devmem_write(addr, data):
    """Guest shell lines writing bytes (a multiple of 4) with devmem."""
    lines = []
    for i in range(0, len(data), 4):
        (word,) = struct.unpack_from("<I", data, i)
        lines.append("devmem 0x%x 32 0x%08x" % (addr + i, word))
    return "\n".join(lines) + "\n"


def case_corrupt_record(lab):
    """Two records in two slots; flip a byte of the first while the module
    is not loaded: the first reads back corrupt, the second stays ok."""
    fresh_boot(lab)
    lab.run(L.fire("PANIC"), expect_reboot=True)
    lab.run(L.load_modules())
    lab.run(L.fire("BUG"), expect_reboot=True)
    # Byte 1000 of slot 0 lies in its frames or log: flip one bit of it.
    rc, out = lab.run("v=$(devmem 0x%x 8); devmem 0x%x 8 $(( v ^ 0x10 ))\n"
                      % (SLOT0 + 1000, SLOT0 + 1000) + L.load_modules())
    rc, out, recs = collect(lab)
    by_slot = {r.get("slot"): r for r in recs}
    s0, s1 = by_slot.get(0, {}), by_slot.get(1, {})
    ok = (s0.get("status") == "corrupt" and s1.get("status") == "ok"
          and s1.get("reason") == "bug")
    report("bit-flipped record is corrupt, other slot still ok", ok,
           "slot0 %s/%s slot1 %s/%s\n%s" % (s0.get("status"), s0.get("verdict"),
                                            s1.get("status"), s1.get("reason"), out[:2000]))
    lab.run("bugcheck clear --all --force\n")


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def case_foreign_layout(lab):
    """A region holding another layout version is refused, untouched."""
    lab.run("reboot -f\n", expect_reboot=True)
    hdr = bytearray(64)
    hdr[0:8] = b"BUGCHKRG"
    struct.pack_into("<IIII", hdr, 8, 99, 4096, SLOT_SIZE, 15)
    struct.pack_into("<QQ", hdr, 24, 4096 + 15 * SLOT_SIZE, 0)
    struct.pack_into("<I", hdr, 56, crc32c(bytes(hdr[:56])))
    script = devmem_write(L.MEM_ADDR, bytes(hdr)) + devmem_write(SLOT0, b"KEEP")
    script += ("insmod /lib/modules/lz4_compress.ko\n"
               "insmod /lib/modules/zstd_compress.ko\n"
               "insmod /lib/modules/bugcheck.ko mem_address=0x%x mem_size=0x%x; echo insmod=$?\n"
               "dmesg | grep bugcheck: | tail -2\n"
               "devmem 0x%x 32; devmem 0x%x 32\n" % (L.MEM_ADDR, L.MEM_SIZE, L.MEM_ADDR + 8, SLOT0))
    rc, out = lab.run(script)
    ok = ("insmod=0" not in out and "another layout version" in out
          and "0x00000063" in out and "0x5045454B" in out)
    report("region of another layout version refused and left untouched", ok, out)
    # Put the region back to a usable state for later cases.
    lab.run("insmod /lib/modules/bugcheck.ko mem_address=0x%x mem_size=0x%x reformat=1\n"
            "rmmod bugcheck\n" % (L.MEM_ADDR, L.MEM_SIZE))


def case_bad_params(lab):
    lab.run("reboot -f\n", expect_reboot=True)
    rc, out = lab.run(
        "insmod /lib/modules/lz4_compress.ko\n"
        "insmod /lib/modules/zstd_compress.ko\n"
        "insmod /lib/modules/bugcheck.ko; echo insmod-none=$?\n"
        "insmod /lib/modules/bugcheck.ko mem_address=0x1000000 mem_size=0x100000; echo insmod-ram=$?\n"
        "insmod /lib/modules/bugcheck.ko mem_address=0x%x mem_size=0x1000; echo insmod-small=$?\n"
        "dmesg | grep bugcheck: | tail -8\n" % L.MEM_ADDR)
    ok = ("insmod-none=0" not in out and "insmod-ram=0" not in out and "insmod-small=0" not in out
          and "no region" in out and "System RAM" in out and "too small" in out)
    report("missing, RAM-backed and too-small regions refused with a reason", ok, out)


def case_permission(lab):
    """Reading records needs CAP_SYS_ADMIN: an unprivileged user is refused."""
    rc, out = lab.run(L.load_modules()
                      + "grep -q ^nobody: /etc/passwd || echo 'nobody:x:65534:65534::/:/bin/sh' >> /etc/passwd\n"
                      + "su nobody -c 'bugcheck status'; echo rc=$?\n"
                      + "su nobody -c 'bugcheck collect --json'; echo rc=$?\n")
    ok = out.count("rc=1") == 2 and "rc=0" not in out
    report("unprivileged user refused by the netlink family", ok, out)


SAMPLE = ("[ -d /sys/module/bugcheck_sample_vendor ] || "
          "insmod /lib/modules/bugcheck_sample_vendor.ko || exit 1\n")
SAMPLE_CTL = "/sys/kernel/debug/bugcheck-sample/control"


def blocks(rec, kind):
    return {b.get("name"): b for b in (rec.get("tail") or {}).get(kind) or []}


def block_text(b):
    import base64
    return base64.b64decode(b.get("data_base64") or "").decode("latin-1")


def vendor_crash(lab, mode, fire_script):
    fresh_boot(lab)
    lab.run(SAMPLE + "echo %s > %s\n" % (mode, SAMPLE_CTL))
    lab.run("sysctl -qw kernel.panic_on_oops=1\n" + fire_script,
            expect_reboot=True, timeout=180)
    lab.run(L.load_modules())
    return collect(lab)


def case_vendor_block(lab):
    """A crash inside the sample driver: its block and triage range arrive
    intact, and the frames blame the driver."""
    rc, out, recs = vendor_crash(lab, "normal",
                                 "(echo crash > %s)\nsleep 30\n" % SAMPLE_CTL)
    errs = []
    r = recs[0] if len(recs) == 1 else {}
    if len(recs) != 1 or r.get("status") != "ok":
        errs.append("%d records, first status %r" % (len(recs), r.get("status")))
    v = blocks(r, "vendor").get("sample-state")
    t = blocks(r, "triage").get("sample-ring")
    if not v or "fw=1.2.3 state=running" not in block_text(v) or v.get("truncated"):
        errs.append("vendor block missing or wrong: %r" % v)
    elif v.get("uuid") != "3b1f0a6e-5c2d-4e8f-9a71-2c64b0d9e513":
        errs.append("vendor uuid %r" % v.get("uuid"))
    if not t or "probe;link-up;reset;" not in block_text(t):
        errs.append("triage range missing or wrong: %r" % t)
    syms = [(f.get("symbol") or "").split(".")[0] for f in r.get("stack") or []]
    if "sample_device_reset" not in syms:
        errs.append("frames %s" % syms[:6])
    report("vendor: block and triage range of a crash in the driver", not errs,
           "\n".join(errs) + "\n" + out[:1500])


def case_vendor_plugin_claim(lab):
    """The sample plug-in claims the sample driver's crash: its event name
    and signature (firmware version read from the vendor block) decide the
    bucket, and it offers a debugger command line."""
    rc, out, recs = vendor_crash(lab, "normal",
                                 "(echo crash > %s)\nsleep 30\n" % SAMPLE_CTL)
    conf = ("mkdir -p /etc/bugcheck/plugins.d\n"
            "printf 'vendor = sample\\npath = /usr/lib/bugcheck/plugins/bugcheck-sample.so\\n'"
            " > /etc/bugcheck/plugins.d/10-sample.conf\n")
    rc, out = lab.run(conf + "bugcheck collect --json\nbugcheck collect | grep -A1 claimed\n"
                      "rm -r /etc/bugcheck/plugins.d\n")
    recs = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
    c = (recs[0].get("claim") or {}) if recs else {}
    sig = {p.get("name"): p.get("value") for p in c.get("signature") or []}
    ok = (c.get("plugin") == "sample" and c.get("event_name") == "SAMPLE_VENDOR_FAULT"
          and sig.get("fw") == "1.2.3" and "claimed by plug-in sample" in out)
    report("vendor: the sample plug-in's claim sets event name and signature", ok,
           "claim %r\n%s" % (c, out[-1500:]))


def case_vendor_overrun(lab):
    rc, out, recs = vendor_crash(lab, "overrun", L.fire("PANIC"))
    r = recs[0] if len(recs) == 1 else {}
    v = blocks(r, "vendor").get("sample-state") or {}
    ok = (r.get("status") == "ok" and v.get("truncated") is True
          and v.get("data_len") == 256 and v.get("quota") == 256)
    report("vendor: a callback claiming more than its quota is cut at the quota",
           ok, "block %r\n%s" % ({k: v.get(k) for k in ("truncated", "data_len", "quota")},
                                 out[:1000]))


def case_vendor_oops(lab):
    rc, out, recs = vendor_crash(lab, "oops", L.fire("PANIC"))
    r = recs[0] if len(recs) == 1 else {}
    v = blocks(r, "vendor").get("sample-state") or {}
    t = blocks(r, "triage").get("sample-ring")
    ok = (r.get("status") == "ok" and r.get("reason") == "panic"
          and v.get("faulted") is True and v.get("truncated") is True and t is not None)
    report("vendor: a callback that oopses leaves the primary record valid, capture goes on",
           ok, "status %r reason %r block %r triage %r\n%s"
           % (r.get("status"), r.get("reason"), v, t is not None, out[:1500]))


def case_vendor_limits(lab):
    """16 callbacks at most; the sample's leftovers are removed when it
    unloads, so a later crash runs none of them."""
    fresh_boot(lab)
    rc, out = lab.run(SAMPLE + "echo fill > %s\n" % SAMPLE_CTL
                      + "dmesg | grep 'fill:'\nrmmod bugcheck_sample_vendor; echo rmmod=$?\n"
                      + "dmesg | grep 'removed them'\n")
    ok1 = "fill: 15 extra callbacks registered, then -28" in out and "rmmod=0" in out \
        and "bugcheck_sample_vendor unloaded with 15 vendor registration(s) left" in out
    report("vendor: 17th registration refused with ENOSPC; unload removes leftovers", ok1, out)
    lab.run(L.fire("PANIC"), expect_reboot=True)
    lab.run(L.load_modules())
    rc, out, recs = collect(lab)
    r = recs[0] if len(recs) == 1 else {}
    ok2 = r.get("status") == "ok" and not blocks(r, "vendor") and not blocks(r, "triage")
    report("vendor: no callback of an unloaded module runs at the next crash", ok2, out[:1500])


def fire_nofatal(trigger):
    """Guest shell: fire @trigger with panic_on_oops=0 (Debian's default)."""
    return ("sysctl -qw kernel.panic_on_oops=0\n"
            "(echo %s > /sys/kernel/debug/bugcheck-crashtest/trigger)\n" % trigger)


def case_vendor_oops_nofatal(lab):
    """A callback that faults during a panic, with panic_on_oops=0: the
    machine still reboots, and the record is intact."""
    fresh_boot(lab)
    lab.run(SAMPLE + "echo oops > %s\n" % SAMPLE_CTL)
    lab.run(fire_nofatal("PANIC") + "sleep 60\n", expect_reboot=True, timeout=150)
    lab.run(L.load_modules())
    rc, out, recs = collect(lab)
    r = recs[0] if len(recs) == 1 else {}
    v = blocks(r, "vendor").get("sample-state") or {}
    ok = (r.get("status") == "ok" and r.get("reason") == "panic"
          and v.get("faulted") is True and blocks(r, "triage").get("sample-ring") is not None)
    report("vendor: a faulting callback with panic_on_oops=0 still reboots; record intact",
           ok, "%d records, status %r reason %r block %r\n%s"
           % (len(recs), r.get("status"), r.get("reason"), v, out[:1500]))


def case_vendor_hang(lab):
    """A callback that never returns, with interrupts off and the other
    CPUs stopped: the machine still reboots, and the record is intact with
    the block marked timed out and the triage range copied."""
    fresh_boot(lab)
    lab.run(SAMPLE + "echo hang > %s\n" % SAMPLE_CTL)
    t0 = time.time()
    lab.run(fire_nofatal("PANIC") + "sleep 90\n", expect_reboot=True, timeout=150)
    took = time.time() - t0
    lab.run(L.load_modules())
    rc, out, recs = collect(lab)
    r = recs[0] if len(recs) == 1 else {}
    tail = r.get("tail") or {}
    v = blocks(r, "vendor").get("sample-state") or {}
    ok = (r.get("status") == "ok" and r.get("reason") == "panic"
          and "vendor-timeout" in (tail.get("flag_names") or [])
          and v.get("status") == 5 and v.get("data_len") == 0
          and blocks(r, "triage").get("sample-ring") is not None
          and "Kernel panic - not syncing" in (tail.get("panic_log") or r.get("log") or ""))
    report("vendor: a callback that hangs cannot stop the reboot; record intact (%.0f s)" % took,
           ok, "%d records, status %r reason %r tail flags %r block %r\n%s"
           % (len(recs), r.get("status"), r.get("reason"), tail.get("flag_names"),
              {k: v.get(k) for k in ("status", "data_len", "truncated")}, out[:1500]))


def case_vendor_oops_then_oopses(lab):
    """Non-fatal oopses run no vendor code: with a callback that would
    fault, two oopses in a row are both stored and the machine lives."""
    fresh_boot(lab)
    lab.run(SAMPLE + "echo oops > %s\n" % SAMPLE_CTL)
    lab.run(fire_nofatal("OOPS"), timeout=90)
    lab.run(fire_nofatal("OOPS"), timeout=90)
    rc, out, recs = collect(lab)
    ok_recs = [r for r in recs if r.get("status") == "ok" and r.get("reason") == "oops"]
    ran = [r for r in ok_recs if blocks(r, "vendor")]
    lab.run("echo normal > %s\nrmmod bugcheck_sample_vendor\n" % SAMPLE_CTL)
    report("vendor: two non-fatal oopses after a faulting callback; no vendor code ran",
           len(ok_recs) == 2 and not ran,
           "%d ok oops records, %d with vendor blocks\n%s" % (len(ok_recs), len(ran), out[:1500]))


LAB_KO = "/lib/modules/lab/bugcheck.ko"


def use_lab_build(lab, params=""):
    """Reboot into a clean guest and load the lab's test build of
    bugcheck.ko (build/lab/bugcheck.ko, with fault_inject) instead of the
    production one, with the region emptied."""
    lab.run("reboot -f\n", expect_reboot=True)
    rc, out = lab.run(L.load_modules(params).replace("/lib/modules/bugcheck.ko", LAB_KO)
                      + "bugcheck clear --all --force\n"
                      + "[ -e /sys/module/bugcheck/parameters/fault_inject ] || exit 1\n")
    if rc != 0:
        raise L.LabError("lab build did not load:\n" + out)


def leave_lab_build(lab):
    """Back to the production module for the cases that follow."""
    lab.run("reboot -f\n", expect_reboot=True)


def case_production_build(lab):
    """The module the lab (and DKMS, and Debian) use has no lab hooks: the
    fault_inject knob lives only in the test build (kmod/lab/)."""
    import subprocess

    def parms(path):
        p = subprocess.run(["modinfo", "-F", "parm", path], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        return p.stdout.decode()

    prod = parms(os.path.join(L.BUILD, "bugcheck.ko"))
    test = parms(os.path.join(L.BUILD, "lab", "bugcheck.ko"))
    with open(os.path.join(L.TOP, "kmod", "Kbuild")) as f:
        kbuild = f.read()
    with open(os.path.join(L.TOP, "debian", "rules")) as f:
        rules = f.read()
    ok = ("mem_address:" in prod and "fault_inject" not in prod
          and "lab_dry_run" not in prod and "lab_dry_run:" in test
          and "fault_inject:" in test and "lab/" not in kbuild
          and "$(DKMS_SRC)/kmod/lab" in rules)
    report("production bugcheck.ko has no fault_inject or lab_dry_run; only the lab build has them",
           ok, "production parameters:\n%s\nlab build parameters:\n%s" % (prod, test))


def case_capture_fault(lab):
    """A fault inside the capture (fault_inject): the nested oops is stored
    flagged NESTED, and the module keeps working: the next oops is stored
    and the region can be cleared."""
    use_lab_build(lab)
    lab.run("echo 1 > /sys/module/bugcheck/parameters/fault_inject || exit 1\n"
            + fire_nofatal("OOPS"), timeout=90)
    lab.run(fire_nofatal("OOPS"), timeout=90)
    rc, out, recs = collect(lab)
    ok_recs = [r for r in recs if r.get("status") == "ok"]
    nested = [r for r in ok_recs if "nested" in (r.get("flag_names") or [])]
    plain = [r for r in ok_recs if "nested" not in (r.get("flag_names") or [])
             and r.get("reason") == "oops"]
    rc2, out2 = lab.run("bugcheck clear --all --force; echo clear=$?\n")
    errs = []
    if len(nested) != 1:
        errs.append("%d records flagged nested, want 1" % len(nested))
    if len(plain) != 1 or check_record(plain[0], "oops", "NULL pointer dereference",
                                       "crashtest_null_deref"):
        errs.append("%d plain oops records after the fault, want 1" % len(plain))
    if "clear=0" not in out2:
        errs.append("clear after the fault: %s" % out2)
    report("a fault inside the capture: nested record, the module keeps working",
           not errs, "\n".join(errs) + "\n" + out[:2500])
    leave_lab_build(lab)


# Log lines that LZ4 cannot shrink much: 160 random bytes in base64 each.
NOISE = ("i=0; while [ $i -lt %d ]; do\n"
         "  head -c 160 /dev/urandom | base64 -w 0 > /dev/kmsg; i=$((i+1))\n"
         "done\n")
READ_CHUNK = 16384


def case_read_chunks(lab):
    """Records larger than one READ chunk (16 KiB): read whole by the agent;
    and a crash that lands between two chunks of a READ (held 3 s after the
    first chunk by fault_inject=33) is never spliced into the record being
    read: the agent reads the new record again from its start."""
    # LZ4 stores the base64 noise raw (zstd would shrink it by a quarter):
    # records of four chunks, so the delayed read spans 9 s.
    use_lab_build(lab, "log_bytes=49152 primary_bytes=65536 log_codec=lz4")
    lab.run(NOISE % 250 + fire_nofatal("OOPS") + NOISE % 250 + fire_nofatal("OOPS"),
            timeout=240)
    rc, out, recs = collect(lab)
    ok_recs = [r for r in recs if r.get("status") == "ok"]
    big = [r for r in ok_recs if (r.get("stored_bytes") or 0) > READ_CHUNK]
    report("a record larger than one READ chunk is read whole",
           rc == 0 and len(recs) == 2 and len(big) == 2,
           "%d records, %d ok, sizes %s\n%s"
           % (len(recs), len(ok_recs), [r.get("stored_bytes") for r in recs], out[:1500]))

    # The noise that makes the next record span chunks is written before
    # the delayed read starts, so only the oops itself must land inside
    # the 3 s hold (writing the noise took longer than that at load 15).
    script = ("echo 33 > /sys/module/bugcheck/parameters/fault_inject || exit 1\n"
              "dmesg -c > /dev/null\n"
              + NOISE % 100 +
              "(bugcheck collect --json > /tmp/read.json 2> /tmp/read.err; "
              "echo rc=$? >> /tmp/read.err) &\n"
              "i=0; until dmesg | grep -q 'delaying the read of slot 1'; do\n"
              "  i=$((i+1)); [ $i -gt 300 ] && { echo no delay seen; exit 1; }; sleep 0.1\n"
              "done\n"
              + fire_nofatal("OOPS")
              + "wait\n"
              "echo 0 > /sys/module/bugcheck/parameters/fault_inject\n"
              "dmesg | grep -E 'lab: delaying|crash record'\n"
              "cat /tmp/read.err\n"
              "echo JSON; cat /tmp/read.json\n")
    rc, out = lab.run(script, timeout=240)
    head, _, body = out.partition("JSON")
    got = [json.loads(x) for x in body.splitlines() if x.strip().startswith("{")]
    by_slot = {r.get("slot"): r for r in got}
    s1 = by_slot.get(1) or {}
    rc2, out2, now = collect(lab)
    now1 = {r.get("slot"): r for r in now}.get(1) or {}
    # The delayed read of slot 1 began before the third oops and ended
    # after it: the first attempt was refused (the record it named was
    # gone), and the second read the new record whole.
    delays = head.count("lab: delaying the read of slot 1")
    stored = [ln for ln in head.splitlines() if "stored in slot 1" in ln]
    ok = ("rc=0" in head and delays >= 2 and stored and s1.get("status") == "ok"
          and s1.get("seq") == now1.get("seq") and s1.get("crc") == now1.get("crc")
          and (s1.get("stored_bytes") or 0) > READ_CHUNK)
    report("a crash between two READ chunks is not spliced in; the new record is read whole",
           ok, "slot 1 as read: status %r seq %r crc %r; in the slot now: seq %r crc %r;"
           " %d delayed reads\n%s"
           % (s1.get("status"), s1.get("seq"), s1.get("crc"), now1.get("seq"),
              now1.get("crc"), delays, head[-2000:]))
    leave_lab_build(lab)


# The boot log's text written again into the ring at KERN_DEBUG (kept in the
# ring, not printed on the lab's console), without its old time stamps:
# real kernel text, so the ring holds far more than 16 KiB before a crash.
REFILL = ("dmesg | sed 's/^\\[[^]]*\\] //' > /tmp/boot.txt\n"
          "while read -r l; do echo \"<7>refill: $l\" > /dev/kmsg; done < /tmp/boot.txt\n"
          "dmesg | wc -c\n")
RECORD_MAX = 8192
RAW_MIN = 16384


def case_record_size(lab):
    """A typical oops (non-fatal, the production module's defaults) makes a
    record of at most 8 KiB that holds at least 16 KiB of raw log, read
    from a ring holding more than that, and the agent's classification of
    the record is the one of the console's report."""
    fresh_boot(lab)
    rc, out = lab.run(REFILL, timeout=300)
    ring = int(out.split()[-1]) if out.split() and out.split()[-1].isdigit() else 0
    mark = len(lab.console_text())
    lab.run(fire_nofatal("OOPS") + "sleep 1\n", timeout=120)
    console = lab.console_text()[mark:]
    rc, out, recs = collect(lab)
    r = recs[0] if len(recs) == 1 else {}
    li = r.get("log_info") or {}
    errs = []
    if ring < 2 * RAW_MIN:
        errs.append("the ring holds only %d bytes of text" % ring)
    if r.get("status") != "ok":
        errs.append("%d records, status %r" % (len(recs), r.get("status")))
    if not r.get("stored_bytes") or r["stored_bytes"] > RECORD_MAX:
        errs.append("record of %r bytes, want <= %d" % (r.get("stored_bytes"), RECORD_MAX))
    if (li.get("raw_len") or 0) < RAW_MIN or li.get("codec") != "zstd" or li.get("error"):
        errs.append("log %r, want zstd with raw_len >= %d" % (li, RAW_MIN))
    if "refill:" not in (r.get("log") or ""):
        errs.append("the log does not reach back into the refilled lines")
    rk = r.get("classification") or {}
    texts = classify_console(console)
    tk = texts[0] if texts else {}
    if not rk.get("failure_hash") or rk.get("failure_hash") != tk.get("failure_hash"):
        errs.append("record %s %s, console %s %s"
                    % (rk.get("failure_name"), rk.get("failure_hash"),
                       tk.get("failure_name"), tk.get("failure_hash")))
    print("# record %r bytes (primary %r), log %r, ring %d bytes of text"
          % (r.get("stored_bytes"), r.get("primary_len"), li, ring))
    report("typical oops: record <= 8 KiB with >= 16 KiB of raw log, same hash as the console",
           not errs, "\n".join(errs) + "\nstored %r bytes, primary %r, log %r, ring %d\n%s"
           % (r.get("stored_bytes"), r.get("primary_len"), li, ring, out[:1500]))


def case_init_crash(lab):
    """A crash in a module's init function: the record names the module
    and the page fault's trap number."""
    fresh_boot(lab)
    lab.run("sysctl -qw kernel.panic_on_oops=1\n"
            "insmod /lib/modules/bugcheck_initcrash.ko\nsleep 30\n",
            expect_reboot=True, timeout=150)
    lab.run(L.load_modules())
    rc, out, recs = collect(lab)
    r = recs[0] if len(recs) == 1 else {}
    frames = {(f.get("symbol") or "").split(".")[0]: f.get("module")
              for f in r.get("stack") or []}
    errs = []
    if r.get("status") != "ok":
        errs.append("%d records, status %r" % (len(recs), r.get("status")))
    if frames.get("initcrash_probe") != "bugcheck_initcrash":
        errs.append("frame initcrash_probe module %r (frames %s)"
                    % (frames.get("initcrash_probe"), list(frames)[:8]))
    if r.get("trapnr") != 14:
        errs.append("trapnr %r, want 14 (page fault)" % r.get("trapnr"))
    if not r.get("cr2") or int(str(r.get("cr2")), 16) != 0x20:
        errs.append("cr2 %r, want 0x20" % r.get("cr2"))
    report("a crash in a module's init function names the module; trapnr 14, cr2",
           not errs, "\n".join(errs) + "\n" + out[:2000])


def case_two_cpus(lab):
    """Two CPUs oops at the same moment (panic_on_oops=0): two records,
    each with its own registers, no duplicate, nothing missed."""
    fresh_boot(lab)
    lab.run(fire_nofatal("OOPS_2CPU") + "sleep 2\n", timeout=120)
    rc, out, recs = collect(lab)
    ok_recs = [r for r in recs if r.get("status") == "ok"]
    cpus = sorted(r.get("cpu") for r in ok_recs)
    regs = [r for r in ok_recs if "have-regs" in (r.get("flag_names") or [])]
    rc2, st = lab.run("bugcheck status --json\n")
    report("two CPUs oops at once: two records with registers, no duplicate",
           len(ok_recs) == 2 and cpus == [0, 1] and len(regs) == 2,
           "%d ok records, cpus %s, %d with registers\n%s\n%s"
           % (len(ok_recs), cpus, len(regs), out[:2500], st))


def case_clear_race(lab):
    """CLEAR racing a non-fatal oops: `bugcheck clear --force 1` checks the
    boot's latest record (slot 1), and while it is about to erase it (held
    for 3 s by fault_inject=17), a new oops replaces that record in the
    same slot.  The new record must survive, unread, never be erased."""
    use_lab_build(lab)
    lab.run(fire_nofatal("OOPS") + fire_nofatal("OOPS"), timeout=120)
    script = ("echo 17 > /sys/module/bugcheck/parameters/fault_inject || exit 1\n"
              "(bugcheck clear --force 1 > /tmp/clear.out 2>&1; echo clear=$? >> /tmp/clear.out) &\n"
              "i=0; until dmesg | grep -q 'delaying the write to slot 1'; do\n"
              "  i=$((i+1)); [ $i -gt 300 ] && { echo no delay seen; exit 1; }; sleep 0.1\n"
              "done\n"
              + fire_nofatal("OOPS")
              + "wait; sleep 4\n"
              "echo 0 > /sys/module/bugcheck/parameters/fault_inject\n"
              "cat /tmp/clear.out\n")
    rc, out = lab.run(script, timeout=150)
    rc2, out2, recs = collect(lab)
    ok_recs = sorted((r for r in recs if r.get("status") == "ok"),
                     key=lambda r: r.get("seq") or 0)
    # The boot's sequence numbers go on across cases: the first and the
    # newest oops of this case must be there, the newest unread in slot 1.
    last = ok_recs[-1] if len(ok_recs) == 2 else {}
    report("CLEAR racing a non-fatal oops keeps the new record",
           last.get("state") == "new" and last.get("slot") == 1,
           "%d ok records (seqs %s); newest state %r slot %r\n%s\n%s"
           % (len(ok_recs), [r.get("seq") for r in ok_recs], last.get("state"),
              last.get("slot"), out[-1500:], out2[:1500]))
    leave_lab_build(lab)


LAB_PARAMS = "/sys/module/bugcheck/parameters/"
PF_COUNTERS = ("log_pre_used", "log_pre_fallback", "log_full", "pf_runs", "pf_ns",
               "pf_raw", "pf_clen")


def pf_counters(lab):
    """The lab build's counters of the precompressed log (kmod/lab/lab.c)."""
    rc, out = lab.run("".join("echo %s=$(cat %s%s)\n" % (c, LAB_PARAMS, c)
                              for c in PF_COUNTERS))
    vals = dict(re.findall(r"^(\w+)=(\d+)\s*$", out, re.M))
    if sorted(vals) != sorted(PF_COUNTERS):
        raise L.LabError("lab counters of the precompressed log missing:\n" + out)
    return {k: int(v) for k, v in vals.items()}


def case_precompressed(lab):
    """log_codec=zstd with the read-ahead, warm: after a non-fatal oops
    captured first in the same boot, the work compresses the newest log
    into zstd frames F before the next crash (marker F written 3 s before
    it); the next capture stores F and compresses only the records printed
    after it as one more frame G (the lab build counts the path taken).  The record's log decodes to one piece of dmesg: older lines
    from F (the warm-up oops, marker F), the lines just before the crash
    (marker G) and its oops, no line missing or twice at the F/G seam, as
    the full path would store it, and at least 16 KiB of it."""
    use_lab_build(lab)
    lab.run(fire_nofatal("OOPS"))
    lab.run("echo bugcheck-lab: marker F > /dev/kmsg\nsleep 3\n")
    before = pf_counters(lab)
    lab.run("echo bugcheck-lab: marker G > /dev/kmsg\n" + fire_nofatal("OOPS"))
    after = pf_counters(lab)
    rc, out, recs = collect(lab)
    rc, dmesg = lab.run("dmesg\n", timeout=60)
    errs = []
    ok = sorted((r for r in recs if r.get("status") == "ok"), key=lambda r: r.get("seq") or 0)
    if len(ok) != 2:
        errs.append("%d ok records, want 2" % len(ok))
    else:
        log = ok[-1].get("log") or ""
        info = ok[-1].get("log_info") or {}
        print("# precompressed: record %s B, log %s B raw in %s B %s; frames F %d B of text"
              " in %d B; %d runs made frames, %.0f us each on average"
              % (ok[-1].get("stored_bytes"), info.get("raw_len"), info.get("stored_len"),
                 info.get("codec"), after["pf_raw"], after["pf_clen"], after["pf_runs"],
                 after["pf_ns"] / 1e3 / max(after["pf_runs"], 1)))
        if info.get("codec") != "zstd":
            errs.append("log codec %r, want zstd" % info.get("codec"))
        for want in ("bugcheck-lab: marker F", "bugcheck-lab: marker G"):
            if log.count(want) != 1:
                errs.append("log (%d chars) holds %r %d times, want once"
                            % (len(log), want, log.count(want)))
        if log.count("BUG: kernel NULL pointer dereference") != 2:
            errs.append("log holds %d oops reports, want 2 (the warm-up's in F, the crash's in G)"
                        % log.count("BUG: kernel NULL pointer dereference"))
        if log not in dmesg:
            errs.append("the record's log (%d chars) is not a piece of dmesg's output"
                        % len(log))
        if len(log) < RAW_MIN:
            errs.append("%d bytes of log, want >= %d" % (len(log), RAW_MIN))
    if after["log_pre_used"] != before["log_pre_used"] + 1:
        errs.append("the crash did not store the precompressed frame: counters before %s,"
                    " after %s" % (before, after))
    if not after["pf_runs"]:
        errs.append("the work made no frame: %s" % after)
    report("warm capture stores the precompressed frame F and its own G: one piece of dmesg",
           not errs, "\n".join(errs) + "\n" + out[:1500])
    leave_lab_build(lab)


def case_panic_raw_g(lab):
    """A panic after a non-fatal oops, once the read-ahead work has made its
    frames F (production build): the few lines printed after F (a marker
    and the panic's own lines) are G, at most 512 bytes, which the capture
    stores as one raw-block zstd frame instead of compressing it
    (kmod/panic.c, BC_G_RAW_MAX).  The record's log decodes in one piece:
    the warm-up oops and marker F (in F), marker G and the panic line (in
    G), each once, and at least 16 KiB of log."""
    fresh_boot(lab)
    lab.run(fire_nofatal("OOPS"))
    lab.run("echo bugcheck-lab: marker F > /dev/kmsg\nsleep 3\n")
    lab.run("echo bugcheck-lab: marker G > /dev/kmsg\n" + L.fire("PANIC"),
            expect_reboot=True, timeout=180)
    lab.run(L.load_modules())
    rc, out, recs = collect(lab)
    errs = []
    rec = [r for r in recs if r.get("status") == "ok" and r.get("reason") == "panic"]
    if len(rec) != 1:
        errs.append("%d ok panic records, want 1" % len(rec))
    else:
        log = rec[0].get("log") or ""
        info = rec[0].get("log_info") or {}
        g = log[log.rfind("\n", 0, max(log.find("bugcheck-lab: marker G"), 0)) + 1:]
        print("# panic-raw-g: record %s B, log %s B raw in %s B %s, text from marker G on %d B"
              % (rec[0].get("stored_bytes"), info.get("raw_len"), info.get("stored_len"),
                 info.get("codec"), len(g)))
        if info.get("codec") != "zstd":
            errs.append("log codec %r, want zstd" % info.get("codec"))
        for want in ("bugcheck-lab: marker F", "bugcheck-lab: marker G",
                     "Kernel panic - not syncing: bugcheck_crashtest: PANIC trigger",
                     "BUG: kernel NULL pointer dereference"):
            if log.count(want) != 1:
                errs.append("log (%d chars) holds %r %d times, want once"
                            % (len(log), want, log.count(want)))
        if len(g) > 512:
            errs.append("G is %d bytes from marker G on: the case needs <= 512" % len(g))
        if len(log) < RAW_MIN:
            errs.append("%d bytes of log, want >= %d" % (len(log), RAW_MIN))
        if rec[0].get("decode_errors"):
            errs.append("decode errors: %s" % rec[0].get("decode_errors"))
    report("panic after an oops stores G of a few lines raw: the log decodes in one piece",
           not errs, "\n".join(errs) + "\n" + out[:1500])


def main():
    for f in ("bugcheck.ko", "lab/bugcheck.ko", "bugcheck_crashtest.ko", "bugcheck"):
        if not os.path.exists(os.path.join(L.BUILD, f)):
            print("not ok - lab: build/%s missing" % f)
            return 1
    only = os.environ.get("LAB_ONLY", "").split()
    if not only or "production-build" in only:
        case_production_build(None)
    cases = [("clean", case_clean_boot)]
    cases += [(t, lambda lab, t=t: case_trigger(lab, t)) for t in TRIGGERS]
    cases += [("OOPS", case_nonfatal_oops), ("read-ahead", case_read_ahead),
              ("read-ahead-off", case_read_ahead_off),
              ("precompressed", case_precompressed),
              ("panic-raw-g", case_panic_raw_g),
              ("ack", case_ack_and_clear),
              ("OOPS_THEN_PANIC", case_oops_then_panic),
              ("amend", case_panic_after_oops_amends), ("corrupt", case_corrupt_record),
              ("foreign", case_foreign_layout), ("params", case_bad_params),
              ("perm", case_permission),
              ("vendor", case_vendor_block), ("plugin", case_vendor_plugin_claim),
              ("vendor-overrun", case_vendor_overrun),
              ("vendor-oops", case_vendor_oops), ("vendor-limits", case_vendor_limits),
              ("vendor-oops-nofatal", case_vendor_oops_nofatal),
              ("vendor-hang", case_vendor_hang),
              ("vendor-oops-oopses", case_vendor_oops_then_oopses),
              ("capture-fault", case_capture_fault), ("read-chunks", case_read_chunks),
              ("init-crash", case_init_crash), ("record-size", case_record_size),
              ("two-cpus", case_two_cpus), ("clear-race", case_clear_race)]
    t0 = time.time()
    lab = L.Lab(OUT)
    try:
        lab.start()
        for name, fn in cases:
            if only and name not in only:
                continue
            try:
                fn(lab)
            except (L.LabError, L.Rebooted, ValueError, KeyError) as e:
                print("# console tail:")
                for line in lab.console_text()[-2500:].splitlines():
                    print("#   " + line)
                report("%s (%s: %s)" % (name, type(e).__name__, str(e).splitlines()[0]),
                       False, str(e))
                # A broken guest would fail every later case: start over.
                lab.stop()
                lab = L.Lab(OUT)
                lab.start()
    finally:
        lab.stop()
    print("# lab: %d boots, %.0f s" % (lab.boots, time.time() - t0))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
