#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Crash-lab tests of the boot-time agent: real crashes of Debian's 6.1
kernel in a QEMU (TCG) guest, real reboots, the agent's spool and the REAL
bucketing server's database on a persistent virtio disk, the server running
in the guest on its loopback.

  forward      crash, reboot, collect, forward: the server's bucket shows
               the report (hits, sample id), the record is released
  server-down  the server is down for two boots with a crash on each, then
               up: each report arrives exactly once
  response     a response attached to the bucket reaches the next machine
               that hits it (bugcheck list shows it)
  sigkill      four records; the agent is SIGKILLed at random points of
               collect, then of forward, again and again: nothing lost,
               nothing counted twice
  pstore       ramoops is the only capture: the report comes from
               /sys/fs/pstore, and the pstore files are released
  kdump        a real kdump: the guest crashes into a capture kernel
               loaded with kexec -p, which saves the log with Debian's
               makedumpfile --dump-dmesg and kexec-tools' vmcore-dmesg
               from /proc/vmcore; the agent reads that directory

Prints "ok - name" / "not ok - name" per case (tests/run.sh protocol).
AGENT_LAB_SEED=N repeats a run's random kill points.
"""
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import lab as L  # noqa: E402

OUT = os.path.join(L.BUILD, "agent-lab")
D = L.DISK_MNT
SERVER = L.SERVER
# ramoops' own region, next to bugcheck's.
RAMOOPS_ADDR = L.MEM_ADDR + L.MEM_SIZE
RAMOOPS_SIZE = 0x100000

results = []


def report(name, ok, detail=""):
    if not ok and detail:
        for line in detail.rstrip().splitlines()[-40:]:
            print("# " + line)
    print("%s - agent-lab %s" % ("ok" if ok else "not ok", name))
    sys.stdout.flush()
    results.append(ok)


def run_json(lab, script, timeout=120):
    """Run a guest step whose last line of output is JSON."""
    rc, out = lab.run(L.boot_env() + script, timeout=timeout)
    lines = [x for x in out.strip().splitlines() if x.strip()]
    try:
        return rc, json.loads(lines[-1]) if lines else None, out
    except ValueError:
        return rc, None, out


def total_hits(lab):
    rc, j, out = run_json(lab, L.start_server() + L.api("/api/v1/top?limit=1000"))
    if not isinstance(j, dict) or "TotalHits" not in j:
        raise L.LabError("server's top query failed:\n" + out)
    return j["TotalHits"]


def found_on_server(lab, ids):
    """Which report ids the server has (admin query)."""
    body = json.dumps({"report_ids": sorted(ids)})
    rc, j, out = run_json(lab, L.start_server() + L.api("/api/v1/responses/query", body))
    if not isinstance(j, dict):
        raise L.LabError("responses/query failed:\n" + out)
    return {r["report_id"] for r in j.get("results", []) if r.get("found")}


def spool_ids(lab, sub):
    rc, out = lab.run(L.boot_env() + "ls %s/spool/%s 2>/dev/null\n" % (D, sub))
    return {n[:-5] for n in out.split() if n.endswith(".json") and not n.startswith(".")}


def pending_records(lab):
    """Module records not yet released, with the report ids they will get."""
    rc, out = lab.run(L.boot_env() + L.load_modules() + "bugcheck collect --json --source module\n")
    recs = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
    return [r for r in recs if r.get("status") == "ok" and r.get("state") == "new"], out


def crash(lab, trigger, prep=""):
    lab.run(L.boot_env() + prep + L.load_modules() + L.fire(trigger), expect_reboot=True,
            timeout=240)


def case_forward(lab):
    """Crash, reboot, collect, forward: the bucket on the server shows it."""
    rc, out = lab.run(L.setup_disk() + L.load_modules() + "bugcheck clear --all --force\n")
    if rc != 0:
        raise L.LabError("setup failed:\n" + out)
    crash(lab, "NULL_DEREF")
    pend, out0 = pending_records(lab)
    want = {r.get("report_id") for r in pend}
    rc, out = lab.run(L.boot_env() + L.start_server() + L.load_modules()
                      + "bugcheck collect; echo collect=$?\n"
                      + "bugcheck forward; echo forward=$?\n")
    rc2, lst, out2 = run_json(lab, "bugcheck list --json\n")
    errs = []
    if len(want) != 1:
        errs.append("%d pending records before collect, want 1" % len(want))
    if "collect=0" not in out or "forward=0" not in out:
        errs.append("collect/forward failed")
    rid = next(iter(want), None)
    ent = [e for e in (lst or []) if e.get("report_id") == rid]
    fhash = ent[0].get("failure_hash") if ent else None
    if not ent or ent[0].get("state") != "sent" or not ent[0].get("bucket_id"):
        errs.append("list entry %r" % ent)
    if fhash:
        rc3, b, out3 = run_json(lab, L.api("/api/v1/failures/%s" % fhash))
        samples = [s.get("id") for s in (b or {}).get("samples") or []]
        if not b or b.get("hits") != 1 or rid not in samples:
            errs.append("bucket %s: hits %r samples %r" % (fhash, (b or {}).get("hits"), samples))
        elif "crashtest_null_deref" not in (b.get("failureName") or ""):
            errs.append("bucket failure name %r" % b.get("failureName"))
    left, out4 = pending_records(lab)
    if left:
        errs.append("record still new at its source after collect: %r" % left)
    report("crash, reboot, collect, forward: the server's bucket shows the report", not errs,
           "\n".join(errs) + "\n" + out0[-800:] + out + out2[-1500:])
    return fhash


def case_server_down(lab):
    """Server down for two boots, a crash on each; then up: exactly once."""
    before = total_hits(lab)
    lab.run(L.stop_server())
    ids = set()
    outs = ""
    for trig in ("PANIC", "BUG"):
        crash(lab, trig)
        pend, _ = pending_records(lab)
        ids |= {r.get("report_id") for r in pend}
        rc, out = lab.run(L.boot_env() + L.load_modules()
                          + "bugcheck collect; echo collect=$?\n"
                          + "bugcheck forward; echo forward=$?\n")
        outs += out
        if "collect=0" not in out or "forward=1" not in out:
            report("server down: collect spools, forward fails and keeps the report",
                   False, out)
            return
    waiting = spool_ids(lab, "new")
    # The panic record blames panic()'s caller in the crashtest module,
    # and its failure name says so.
    rc, lst0, _ = run_json(lab, "bugcheck list --json\n")
    names = sorted(e.get("failure_name") or "" for e in lst0 or [] if e.get("report_id") in ids)
    rc, out = lab.run(L.boot_env() + L.start_server()
                      + "bugcheck forward; echo forward=$?\nbugcheck forward; echo again=$?\n")
    after = total_hits(lab)
    found = found_on_server(lab, ids)
    left = spool_ids(lab, "new")
    ok = (len(ids) == 2 and waiting == ids and "forward=0" in out and "again=0" in out
          and after - before == 2 and found == ids and not left
          and all("!" in n and n.split("_0x")[1][3:].startswith("bugcheck_crashtest!")
                  for n in names) and len(names) == 2)
    report("server down for two boots with a crash each, then up: each report once", ok,
           "ids %s waiting %s hits %d -> %d found %s left %s names %s\n%s%s"
           % (sorted(ids), sorted(waiting), before, after, sorted(found), sorted(left), names,
              outs[-1500:], out[-1500:]))


def case_response(lab, fhash):
    """A vendor response attached to the bucket reaches the next machine
    that hits it: in the ingest reply, stored and listed."""
    if not fhash:
        report("vendor response on the bucket reaches the agent", False, "no bucket from 'forward'")
        return
    msg = "Fixed in crashtest 2.0"
    rc, j, out = run_json(lab, L.start_server() + L.api(
        "/api/v1/responses", json.dumps({"failure_hash": fhash, "message": msg,
                                          "link": "https://example.org/kb/1"})))
    crash(lab, "NULL_DEREF")
    pend, _ = pending_records(lab)
    ids = {r.get("report_id") for r in pend}
    rc, out = lab.run(L.boot_env() + L.start_server() + L.load_modules()
                      + "bugcheck collect && bugcheck forward; echo rc=$?\nbugcheck list\n")
    rc2, lst, out2 = run_json(lab, "bugcheck list --json\n")
    got = [e for e in (lst or []) if e.get("failure_hash") == fhash
           and (e.get("response") or {}).get("message") == msg]
    new = [e for e in got if e.get("report_id") in ids]
    ok = (isinstance(j, dict) and j.get("id") and "rc=0" in out
          and "response: %s" % msg in out and len(new) == 1)
    report("vendor response on the bucket reaches the agent and 'list' shows it", ok,
           "attach reply %r\nnew report %s\n%s\n%s" % (j, sorted(ids), out[-2500:],
                                                         json.dumps(lst)[:1500]))


def case_sigkill(lab, rng):
    """Four records; SIGKILL collect, then forward, at random points."""
    before = total_hits(lab)
    lab.run(L.stop_server())
    # Two records per boot: a non-fatal oops (the machine lives), then a
    # panic; twice.
    for _ in range(2):
        lab.run(L.boot_env() + L.load_modules() + L.fire("OOPS"))
        crash(lab, "PANIC")
    pend, out0 = pending_records(lab)
    ids = {r.get("report_id") for r in pend}
    spooled_before = spool_ids(lab, "new") | spool_ids(lab, "sent")

    # Time one whole collect's worth of work to spread the kills over it
    # (a dry run reads and classifies, without the writes).
    rc, out = lab.run(L.boot_env() + L.load_modules()
                      + "up() { awk '{ printf \"%d\", $1 * 1000 }' /proc/uptime; }\n"
                        "a=$(up); bugcheck collect --dry-run >/dev/null 2>&1; b=$(up)\n"
                        "echo ms=$((b - a))\n")
    ms = int(out.split("ms=")[-1].split()[0]) if "ms=" in out else 1000
    span = max(200, 2 * ms)

    def kill_loop(cmd, n):
        delays = [rng.randrange(0, span * 1000) for _ in range(n)]
        script = L.boot_env() + L.load_modules() + "killed=0\n"
        for d in delays:
            script += ("%s >/dev/null 2>&1 & p=$!; usleep %d; "
                       "kill -9 $p 2>/dev/null && killed=$((killed+1)); wait $p\n" % (cmd, d))
        script += "echo killed=$killed\n"
        rc, out = lab.run(script, timeout=600)
        return delays, out

    d1, kout1 = kill_loop("bugcheck collect", 12)
    mid_new = spool_ids(lab, "new")
    rc, out1 = lab.run(L.boot_env() + L.load_modules() + "bugcheck collect; echo collect=$?\n")
    spooled = spool_ids(lab, "new") - spooled_before
    left, _ = pending_records(lab)
    ok1 = (len(ids) == 4 and spooled == ids and not left and "collect=0" in out1)
    report("SIGKILL at random points of collect, repeated: every record spooled once, "
           "all released (%s)" % kout1.strip().splitlines()[-1], ok1,
           "ids %s\nspooled %s\nafter kills %s\nleft %r\ndelays(us) %s\n%s%s"
           % (sorted(ids), sorted(spooled), sorted(mid_new), left, d1, out0[-500:], out1[-1000:]))

    lab.run(L.boot_env() + L.start_server())
    d2, kout2 = kill_loop("bugcheck forward", 12)
    rc, out2 = lab.run(L.boot_env() + L.start_server() + "bugcheck forward; echo forward=$?\n")
    after = total_hits(lab)
    found = found_on_server(lab, ids)
    left = spool_ids(lab, "new")
    ok2 = (after - before == 4 and found == ids and not left and "forward=0" in out2)
    report("SIGKILL at random points of forward, repeated: each report counted once "
           "(%s)" % kout2.strip().splitlines()[-1], ok2,
           "hits %d -> %d found %s\nleft %s\ndelays(us) %s\n%s"
           % (before, after, sorted(found), sorted(left), d2, out2[-1500:]))


def ramoops():
    return ("[ -d /sys/module/reed_solomon ] || insmod /lib/modules/reed_solomon.ko\n"
            "[ -d /sys/module/ramoops ] || insmod /lib/modules/ramoops.ko "
            "mem_address=0x%x mem_size=0x%x record_size=0x4000 || exit 1\n"
            % (RAMOOPS_ADDR, RAMOOPS_SIZE))


def case_pstore(lab):
    """ramoops as the only capture: the report comes from pstore."""
    rc, out = lab.run("reboot -f\n", expect_reboot=True)
    # No bugcheck.ko this time: only ramoops and the crash trigger.
    lab.run(L.boot_env() + ramoops()
            + "rm -f /sys/fs/pstore/*\n"
            + "insmod /lib/modules/bugcheck_crashtest.ko || exit 1\n"
            + "sysctl -qw kernel.panic_on_oops=1\n"
            + "(echo NULL_DEREF > /sys/kernel/debug/bugcheck-crashtest/trigger)\n",
            expect_reboot=True, timeout=240)
    rc, out = lab.run(L.boot_env() + ramoops() + L.start_server()
                      + "ls /sys/fs/pstore\n"
                      + "lsmod | grep -c '^bugcheck ' ; echo\n"
                      + "bugcheck collect --source auto; echo collect=$?\n"
                      + "echo left=$(ls /sys/fs/pstore | grep -c dmesg)\n"
                      + "bugcheck forward; echo forward=$?\n")
    rc2, lst, out2 = run_json(lab, "bugcheck list --json\n")
    mine = [e for e in (lst or []) if e.get("source") == "pstore"]
    e = mine[0] if len(mine) == 1 else {}
    ok = ("dmesg-ramoops-" in out and "collect=0" in out and "left=0" in out
          and "forward=0" in out and e.get("state") == "sent"
          and "crashtest_null_deref" in (e.get("failure_name") or ""))
    report("pstore: ramoops the only capture, report made from /sys/fs/pstore", ok,
           "%s\n%s" % (out[-2000:], json.dumps(mine)[:1500]))


def case_both(lab):
    """bugcheck.ko and ramoops both capture one crash (as on a UEFI machine
    with efi-pstore): one report, the pstore copy released."""
    lab.run(L.boot_env() + L.load_modules() + ramoops() + "rm -f /sys/fs/pstore/*\n"
            + L.fire("NULL_DEREF"), expect_reboot=True, timeout=240)
    pend, _ = pending_records(lab)
    ids = {r.get("report_id") for r in pend}
    before = spool_ids(lab, "new") | spool_ids(lab, "sent")
    rc, out = lab.run(L.boot_env() + ramoops() + L.load_modules()
                      + "echo dumps=$(ls /sys/fs/pstore | grep -c dmesg)\n"
                      + "bugcheck collect --source auto; echo collect=$?\n"
                      + "echo left=$(ls /sys/fs/pstore | grep -c dmesg)\n")
    new = (spool_ids(lab, "new") | spool_ids(lab, "sent")) - before
    ok = (len(ids) == 1 and new == ids and "collect=0" in out and "left=0" in out
          and "dumps=0" not in out and "is the crash already reported as" in out)
    report("bugcheck.ko and ramoops capture one crash: one report, the pstore copy released",
           ok, "record ids %s, new reports %s\n%s" % (sorted(ids), sorted(new), out[-2500:]))


CAPTURE_APPEND = ("console=ttyS0,115200 rdinit=/init panic=1 nr_cpus=1 irqpoll "
                  "reset_devices printk.time=1")


def case_kdump(lab):
    """A real kdump: crash into a capture kernel, whose /proc/vmcore the
    real makedumpfile and vmcore-dmesg read; the agent reads their files."""
    lab.run("reboot -f\n", expect_reboot=True)
    rc, out = lab.run(L.boot_env()
                      + "kexec -p /boot/vmlinuz --initrd=/boot/initrd-kdump "
                        "--append='%s'; echo kexec=$?\n" % CAPTURE_APPEND
                      + "echo loaded=$(cat /sys/kernel/kexec_crash_loaded)\n")
    if "kexec=0" not in out or "loaded=1" not in out:
        report("kdump: capture kernel loaded with kexec -p", False, out)
        return
    # kdump is the only capture: no bugcheck.ko, no ramoops.
    lab.run(L.boot_env() + "insmod /lib/modules/bugcheck_crashtest.ko || exit 1\n"
            "sysctl -qw kernel.panic_on_oops=1\n"
            "(echo NULL_DEREF > /sys/kernel/debug/bugcheck-crashtest/trigger)\n",
            expect_reboot=True, timeout=240)
    # Now in the capture kernel: save the log as Debian's kdump-tools does
    # (makedumpfile --dump-dmesg into /var/crash/<stamp>/dmesg.<stamp>) and
    # as kexec-tools' vmcore-dmesg does, in a directory each.
    rc, out = lab.run(
        L.boot_env()
        + "[ -e /proc/vmcore ] || { echo not a capture kernel; exit 1; }\n"
          "s=$(date +%%Y%%m%%d%%H%%M)\n"
          "mkdir -p %s/crash/$s %s/crash/127.0.0.1-vd\n"
          "makedumpfile --dump-dmesg /proc/vmcore %s/crash/$s/dmesg.$s; echo mdf=$?\n"
          "vmcore-dmesg /proc/vmcore > %s/crash/127.0.0.1-vd/vmcore-dmesg.txt; echo vd=$?\n"
          "grep -c 'NULL pointer dereference' %s/crash/*/*dmesg*\n"
          "sync\n" % (D, D, D, D, D), timeout=300)
    tools_ok = "mdf=0" in out and "vd=0" in out
    report("kdump: the capture kernel's makedumpfile and vmcore-dmesg saved the log",
           tools_ok, out)
    if not tools_ok:
        return
    lab.run("reboot -f\n", expect_reboot=True)
    rc, out = lab.run(L.boot_env() + L.start_server()
                      + "bugcheck collect --source kdump; echo collect=$?\n"
                      + "ls %s/crash/*/bugcheck-collected | wc -l\n" % D
                      + "bugcheck collect --source kdump; echo again=$?\n"
                      + "bugcheck forward; echo forward=$?\n")
    rc2, lst, out2 = run_json(lab, "bugcheck list --json\n")
    mine = [e for e in (lst or []) if e.get("source") == "kdump"]
    ok = ("collect=0" in out and "forward=0" in out and len(mine) == 1
          and all(e.get("state") == "sent" for e in mine)
          and all("bugcheck_crashtest!crashtest_null_deref" in (e.get("failure_name") or "")
                  for e in mine)
          and "1 report spooled, 1 already spooled, 2 released" in out
          and "is the crash already reported as" in out and "\n2\n" in out
          and "no crash records" in out)
    report("kdump: both tools' files read, one report of the one crash, both directories "
           "marked, nothing twice", ok, "%s\n%s" % (out[-2500:], json.dumps(mine)[:1500]))


def kdump_cycle(lab, fire_script, tag):
    """Load the capture kernel, crash, save the log in the capture kernel
    as kdump-tools does, reboot.  Returns the capture kernel's output."""
    lab.run(L.boot_env()
            + "kexec -p /boot/vmlinuz --initrd=/boot/initrd-kdump "
              "--append='%s' || exit 1\n" % CAPTURE_APPEND + fire_script,
            expect_reboot=True, timeout=240)
    rc, out = lab.run(
        L.boot_env()
        + "[ -e /proc/vmcore ] || { echo not a capture kernel; exit 1; }\n"
          "s=$(date +%%Y%%m%%d%%H%%M)\n"
          "mkdir -p %s/crash/$s-%s\n"
          "makedumpfile --dump-dmesg /proc/vmcore %s/crash/$s-%s/dmesg.$s"
          "; echo mdf=$?\nsync\n" % (D, tag, D, tag), timeout=300)
    lab.run("reboot -f\n", expect_reboot=True)
    return out


def case_kdump_with_bugcheck(lab):
    """bugcheck.ko and kdump together, as lab teams run them: an oops is
    recorded before kdump takes over; a plain panic only with
    crash_kexec_post_notifiers (README); either way one report."""
    for trig, post, name in (("NULL_DEREF", 0, "oops, kdump takes over at once"),
                             ("PANIC", 1, "panic with crash_kexec_post_notifiers"),
                             ("PANIC", 0, "panic without crash_kexec_post_notifiers")):
        pend0, _ = pending_records(lab)
        before = spool_ids(lab, "new") | spool_ids(lab, "sent")
        out = kdump_cycle(lab, L.load_modules()
                          + "echo %d > /sys/module/kernel/parameters/crash_kexec_post_notifiers\n"
                          % post + L.fire(trig), "%s-%d" % (trig.lower(), post))
        pend, _ = pending_records(lab)
        ids = {r.get("report_id") for r in pend} - {r.get("report_id") for r in pend0}
        rc, cout = lab.run(L.boot_env() + L.load_modules()
                           + "bugcheck collect --source auto; echo collect=$?\n")
        new = (spool_ids(lab, "new") | spool_ids(lab, "sent")) - before
        if trig == "PANIC" and not post:
            # kdump runs before any notifier: no record; kdump's is the report
            ok = ("mdf=0" in out and not ids and len(new) == 1 and "collect=0" in cout
                  and "1 report spooled" in cout)
            what = "no record, kdump's dump is the one report"
        else:
            ok = ("mdf=0" in out and len(ids) == 1 and new == ids and "collect=0" in cout
                  and "is the crash already reported as" in cout)
            what = "the record is there, one report"
        report("bugcheck.ko and kdump, %s: %s" % (name, what), ok,
               "capture kernel:\n%s\nrecord ids %s new reports %s\n%s"
               % (out[-800:], sorted(ids), sorted(new), cout[-2000:]))


def main():
    for f in ("bugcheck.ko", "bugcheck_crashtest.ko", "bugcheck", "bugcheck-server"):
        if not os.path.exists(os.path.join(L.BUILD, f)):
            print("not ok - agent-lab: build/%s missing" % f)
            return 1
    seed = int(os.environ.get("AGENT_LAB_SEED") or random.SystemRandom().randrange(1 << 30))
    print("# agent-lab: seed %d (AGENT_LAB_SEED=%d repeats the kill points)" % (seed, seed))
    rng = random.Random(seed)
    only = os.environ.get("AGENT_LAB_ONLY", "").split()
    t0 = time.time()
    os.makedirs(OUT, exist_ok=True)
    disk = L.make_disk(os.path.join(OUT, "disk.img"))
    # The capture kernel's initramfs is the plain lab one; the crashing
    # kernel's holds it and the kernel image for kexec -p.
    kernel, kver = L.newest_kernel()
    capture = os.path.join(OUT, "initrd-kdump.cpio.gz")
    L.build_initramfs(capture, kver)
    lab = L.Lab(OUT, disk=disk, extra_regions=[(RAMOOPS_SIZE, RAMOOPS_ADDR)],
                memory="1G", append="crashkernel=256M",
                extra_files=["%s:/boot/initrd-kdump" % capture, "%s:/boot/vmlinuz" % kernel])
    try:
        lab.start()
        fhash = None
        steps = [("forward", lambda: case_forward(lab)),
                 ("server-down", lambda: case_server_down(lab)),
                 ("response", lambda: case_response(lab, fhash)),
                 ("sigkill", lambda: case_sigkill(lab, rng)),
                 ("pstore", lambda: case_pstore(lab)),
                 ("both", lambda: case_both(lab)),
                 ("kdump", lambda: case_kdump(lab)),
                 ("kdump-both", lambda: case_kdump_with_bugcheck(lab))]
        for name, fn in steps:
            if only and name not in only and name != "forward":
                continue
            try:
                r = fn()
                if name == "forward":
                    fhash = r
            except (L.LabError, L.Rebooted, ValueError, KeyError) as e:
                print("# console tail:")
                for line in lab.console_text()[-2500:].splitlines():
                    print("#   " + line)
                report("%s (%s: %s)" % (name, type(e).__name__, str(e).splitlines()[0]),
                       False, str(e))
                break
    finally:
        lab.stop()
    print("# agent-lab: %d boots, %.0f s" % (lab.boots, time.time() - t0))
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
