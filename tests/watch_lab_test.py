#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Crash-lab tests of `bugcheck watch`: Debian's 6.1 kernel in a QEMU (TCG)
guest, the real BPF programs of bpf/watch.bpf.c, the crashtest triggers
with every *_panic sysctl 0, so the kernel survives each failure; spool
and state on a virtio disk.  Three boots of one guest:

 1 join        OOPS_THEN_PANIC: the watcher reports the oops live, the
               panic reboots, bugcheck.ko's record of it is released by
               collect without a second report (same crash key)
 2 no-bpf      --no-bpf: WARNING x3 from /dev/kmsg alone, one report with
               count 3; "without BPF" said once, and in the status file
 3 bpf         BTF present, lockdown none, the programs attached
   warning x5  one live report, event type warning, count 5
   hang        one report, type hang (khungtaskd repeats it: counted)
   oom         a user-space allocation (busybox awk) is OOM-killed: one
               report, type memory, class OOM_KILL with the victim as
               culprit (OOM_KILL_0x23_vmlinux!awk, "OOM kill:
               CONSTRAINT_NONE in awk"), from the text of
               mm/oom_kill.c matched to mark_victim's event, and the
               host's hash
   burst       WARN_EVENTS fires error_report_end 10,000 times without
               text: the watcher lives, taken + dropped = 10,000, one
               report classified from the stack
   mce         a corrected machine check injected through QEMU's monitor:
               one report, type mce, from mce_record
   alloc       crashtest ALLOC_FAIL: "page allocation failure", one
               report, type memory, from the warn_alloc kprobe
   oops        one report, type oops
   lockup      one report, type lockup
   forward     bugcheck forward sends them to the real server in the
               guest; failurehits grouped by eventType shows each type
   lockdown    confidentiality raised at run time: BPF refused, said once
               in the log and in status; WARNING still reported
Every report with text must carry a failure hash the host's classifier
gives for the same console log (build/watch-lab/console.log).

Prints "ok - name" / "not ok - name" per case (tests/run.sh protocol).
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import lab as L  # noqa: E402

OUT = os.path.join(L.BUILD, "watch-lab")
CONF = L.DISK_MNT + "/agent.conf"
STATE = L.DISK_MNT + "/state"
SPOOL = L.DISK_MNT + "/spool"

results = []


def report(name, ok, detail=""):
    if not ok and detail:
        for line in str(detail).rstrip().splitlines()[-40:]:
            print("# " + line)
    print("%s - watch-lab %s" % ("ok" if ok else "not ok", name))
    sys.stdout.flush()
    results.append(ok)


def setup(no_bpf=False, modules=""):
    return (L.mount_disk() + modules
            + "mkdir -p /sys/kernel/security; grep -q securityfs /proc/mounts || "
              "mount -t securityfs securityfs /sys/kernel/security\n"
            + "mkdir -p %s %s\n"
            "printf 'spool_dir = %s\\nstate_dir = %s\\nforward = no\\n' > %s\n"
            "sysctl -qw kernel.panic_on_warn=0 kernel.panic_on_oops=0 "
            "kernel.softlockup_panic=0 kernel.hung_task_panic=0\n"
            "sysctl -qw kernel.hung_task_timeout_secs=2 kernel.watchdog_thresh=1\n"
            "[ -d /sys/module/bugcheck_crashtest ] || "
            "insmod /lib/modules/bugcheck_crashtest.ko || exit 1\n"
            "(BUGCHECK_AGENT_CONFIG=%s bugcheck watch %s --quiet-ms 500 "
            "> /tmp/watch.log 2>&1 &)\n"
            "i=0; until [ -s %s/watch.json ]; do i=$((i+1)); "
            "[ $i -gt 300 ] && { cat /tmp/watch.log; exit 1; }; sleep 0.1; done\n"
            "cat %s/watch.json; echo\n"
            % (STATE, SPOOL, SPOOL, STATE, CONF, CONF, "--no-bpf" if no_bpf else "",
               STATE, STATE))


def state(lab):
    rc, out = lab.run("cat %s/watch.json\n" % STATE)
    try:
        return json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {}


def reports(lab):
    """Spooled live reports, by failure name."""
    rc, out = lab.run("for f in %s/new/*.json; do [ -f $f ] && cat $f && echo; done\n" % SPOOL)
    got = []
    for line in out.splitlines():
        if line.startswith("{"):
            try:
                got.append(json.loads(line))
            except ValueError:
                pass
    return got


def name_of(r):
    return (r.get("classification") or {}).get("failure_name") or ""


def hash_of(r):
    return (r.get("classification") or {}).get("failure_hash") or ""


def wait_report(lab, func, timeout=90, count=1):
    count = count or 1
    """The live reports whose failure name has @func, once there are any
    (and the count reached @count)."""
    deadline = time.time() + timeout
    while True:
        got = [r for r in reports(lab) if func in name_of(r)]
        if got and got[0].get("count", 0) >= count:
            return got
        if time.time() > deadline:
            return got
        time.sleep(2)


def host_hashes(lab):
    """Every crash in the console log, as the host's classifier sees it."""
    out = subprocess.run([os.path.join(L.BUILD, "bugcheck"), "classify", "--all", "--json",
                          os.path.join(OUT, "console.log")],
                         capture_output=True, text=True).stdout
    hs = {}
    for line in out.splitlines():
        try:
            j = json.loads(line)
        except ValueError:
            continue
        hs.setdefault(j.get("function"), set()).add(j.get("failure_hash"))
    return hs


def check(lab, name, func, etype, count=1, extra=""):
    got = wait_report(lab, func, count=count)
    hs = host_hashes(lab)
    r = got[0] if got else {}
    errs = []
    if len(got) != 1:
        errs.append("%d reports for %s, want 1" % (len(got), func))
    if r.get("event_type") != etype:
        errs.append("event type %r, want %r" % (r.get("event_type"), etype))
    if count is not None and r.get("count") != count:
        errs.append("count %r, want %d" % (r.get("count"), count))
    if count is None and not r.get("count"):
        errs.append("no count")
    if r and r.get("source") != "live":
        errs.append("source %r" % r.get("source"))
    if r and hash_of(r) not in hs.get((r.get("classification") or {}).get("function"), set()):
        errs.append("hash %s not among the host's %r" % (hash_of(r), hs))
    report(name, not errs, "\n".join(errs) + "\n" + json.dumps(r)[:1500] + extra)
    return r


def case_join(lab):
    """An oops that becomes a panic: reported live, then captured by
    bugcheck.ko; after the reboot collect joins them by crash key.  First
    on its boot, so the record's log tail holds no other report."""
    rc, out = lab.run(setup(modules=L.load_modules()) + "sync\n")
    try:
        lab.run("sysctl -qw kernel.panic_on_oops=0\n"
                "(echo OOPS_THEN_PANIC > /sys/kernel/debug/bugcheck-crashtest/trigger)\n"
                "sleep 60\n", expect_reboot=True, timeout=240)
    except L.LabError as e:
        report("oops that panics: one report (live, joined by crash key)", False, str(e))
        return
    rc, out = lab.run(L.mount_disk() + L.load_modules()
                      + "BUGCHECK_AGENT_CONFIG=%s bugcheck collect; echo collect=$?\n" % CONF)
    got = [r for r in reports(lab) if "crashtest_null_deref" in name_of(r)]
    report("oops that panics: one report, the record joined to the live one by crash key",
           "collect=0" in out and "already reported" in out and len(got) == 1
           and got[0].get("source") == "live" and got[0].get("event_type") == "oops",
           out + json.dumps([(r.get("source"), name_of(r)) for r in got]))


def cases_bpf(lab):
    rc, out = lab.run(L.mount_disk() + "rm -rf %s %s\n" % (SPOOL, STATE)
                      + setup(modules=L.load_modules()))
    st = state(lab)
    rc2, env = lab.run("cat /sys/kernel/security/lockdown 2>&1; ls /sys/kernel/btf/vmlinux\n")
    report("BTF present, lockdown none, programs attached", rc == 0 and st.get("bpf") is True
           and "[none]" in env and "/sys/kernel/btf/vmlinux" in env
           and "error_report_end" in st.get("attached", "")
           and "add_taint" in st.get("attached", ""), out + env)

    lab.run("for i in 1 2 3 4 5; do echo WARNING > /sys/kernel/debug/bugcheck-crashtest/trigger; "
            "sleep 0.2; done\n")
    check(lab, "WARNING x5: one live report, type warning, count 5, host's hash",
          "crashtest_warning", "warning", count=5)

    # before any oops: khungtaskd reports nothing on a kernel tainted D
    # (kernel/hung_task.c check_hung_uninterruptible_tasks()); it reports
    # the task again on each check: counted
    lab.run("(echo HUNG_TASK > /sys/kernel/debug/bugcheck-crashtest/trigger &)\n")
    check(lab, "HUNG_TASK: one live report, type hang, host's hash",
          "crashtest_hung_task", "hang", count=None)

    lab.run("(awk 'BEGIN { s = \"xxxxxxxx\"; while (1) s = s s }' &)\n"
            "i=0; until dmesg | grep -q 'Killed process'; do i=$((i+1)); [ $i -gt 150 ] && break; "
            "sleep 1; done; sleep 12\n", timeout=240)
    got = [r for r in reports(lab) if r.get("event_type") == "memory"
           and (r.get("live_event") or {}).get("detector") != "warn_alloc"]
    ev = (got[0].get("live_event") or {}) if got else {}
    k = (got[0].get("classification") or {}) if got else {}
    hs = host_hashes(lab)
    report("OOM kill of a user-space allocation: one live report, type memory, "
           "the victim as culprit, host's hash",
           len(got) == 1 and ev.get("comm") == "awk" and ev.get("detector") == "mark_victim"
           and name_of(got[0]) == "OOM_KILL_0x23_vmlinux!awk"
           and k.get("function") == "awk" and hash_of(got[0]) in hs.get("awk", set())
           # the summary line before the kill names the constraint, even
           # when the hung task's report was still open (lines went to it)
           and k.get("title") == "OOM kill: CONSTRAINT_NONE in awk",
           json.dumps(got)[:1500] + json.dumps(state(lab)) + "\nhost: %r" % hs.get("awk"))

    case_mce(lab)
    case_alloc(lab)

    st0 = state(lab)
    lab.run("echo WARN_EVENTS > /sys/kernel/debug/bugcheck-crashtest/trigger; sleep 6\n",
            timeout=300)
    st1 = state(lab)
    rc, alive = lab.run("pidof bugcheck\n")
    took = st1.get("events", 0) - st0.get("events", 0)
    lost = st1.get("dropped", 0) - st0.get("dropped", 0)
    got = [r for r in reports(lab) if "crashtest_warn_events" in name_of(r)]
    # khungtaskd's repeats of the hung task may land in the same window
    report("10,000-event burst: the watcher lives, taken + dropped >= 10,000, drops counted, "
           "one report from the stack alone",
           rc == 0 and took + lost >= 10000 and took > 0 and lost > 0 and len(got) == 1
           and got[0].get("event_type") == "warning",
           "took %d dropped %d\n%s\n%s" % (took, lost, json.dumps(st1)[:800],
                                            json.dumps(got)[:800]))

    lab.run("(echo OOPS > /sys/kernel/debug/bugcheck-crashtest/trigger)\n")
    check(lab, "OOPS survived: one live report, type oops, host's hash",
          "crashtest_null_deref", "oops")

    # Last: it spins 120 s and is reported again every few seconds
    # (counted).  A soft lockup blames the outermost non-generic frame
    # below the syscall's dispatch (vfs_write), as syzkaller's stall
    # rule does; debugfs's full_proxy_write (fs/debugfs/file.c) only
    # forwards to the module's fops, so that is the module's
    # trigger_write, which called the spinning crashtest_softlockup.
    lab.run("(echo SOFTLOCKUP > /sys/kernel/debug/bugcheck-crashtest/trigger &)\n")
    check(lab, "SOFTLOCKUP: one live report, type lockup, host's hash",
          "SOFT_LOCKUP_0x0b_bugcheck_crashtest!trigger_write", "lockup", count=None)
    st = state(lab)
    report("status: events seen, none dropped outside the burst, reports spooled",
           st.get("events", 0) >= 10 and st.get("spooled", 0) >= 6,
           json.dumps(st)[:1500])


def case_mce(lab):
    """A corrected machine check injected by QEMU's monitor (TCG too): the
    kernel's poll (arch/x86/kernel/cpu/mce/core.c machine_check_poll(),
    every check_interval seconds) logs it through mce_log(), which fires
    mce_record, and prints it."""
    lab.run("echo 1 > /sys/devices/system/machinecheck/machinecheck0/check_interval\n")
    # MCi_STATUS VAL|EN, no UC/PCC: corrected, no #MC exception
    mon = lab.monitor("mce 0 1 0x9000000000000000 0 0 0")
    deadline = time.time() + 90
    while True:
        got = [r for r in reports(lab) if r.get("event_type") == "mce"]
        if got or time.time() > deadline:
            break
        time.sleep(2)
    time.sleep(12)  # an unmatched event would be reported from its stack by now
    got = [r for r in reports(lab) if r.get("event_type") == "mce"]
    ev = (got[0].get("live_event") or {}) if got else {}
    hs = host_hashes(lab)
    report("MCE (QEMU monitor 'mce', corrected error in bank 1): one live report, type mce, "
           "the mce_record event matched to the kernel's text, host's hash",
           len(got) == 1 and ev.get("detector") == "mce_record"
           and name_of(got[0]).startswith("MACHINE_CHECK_0x10")
           and hash_of(got[0]) in set().union(*hs.values()),
           "monitor: %r\n%s\n%r" % (mon, json.dumps(got)[:1500], hs))


def case_alloc(lab):
    """A page allocation failure (crashtest ALLOC_FAIL: order-10 ZONE_DMA
    blocks with __GFP_NORETRY until one fails): warn_alloc() prints "page
    allocation failure", the kprobe on it gives the event; the classifier
    reads that text (mm/page_alloc.c warn_alloc(): title 'page allocation
    failure in <first frame below the allocator>'), and the report carries
    both."""
    lab.run("echo ALLOC_FAIL > /sys/kernel/debug/bugcheck-crashtest/trigger; "
            "dmesg | grep -q 'page allocation failure' || echo no-failure-printed\n")
    got = []
    deadline = time.time() + 60
    while time.time() < deadline:
        got = [r for r in reports(lab) if (r.get("live_event") or {}).get("detector") == "warn_alloc"]
        if got:
            break
        time.sleep(2)
    time.sleep(4)
    got = [r for r in reports(lab) if (r.get("live_event") or {}).get("detector") == "warn_alloc"]
    rc, dm = lab.run("dmesg | grep -A3 'page allocation failure' | head -n 8\n")
    k = (got[0].get("classification") or {}) if got else {}
    report("page allocation failure (crashtest ALLOC_FAIL): one live report, type memory, "
           "from the warn_alloc kprobe, the crashtest function as culprit and in the title",
           len(got) == 1 and got[0].get("event_type") == "memory"
           and k.get("function") == "crashtest_alloc_fail" and "page allocation failure" in dm
           and k.get("title") == "page allocation failure in crashtest_alloc_fail",
           dm + json.dumps(got)[:1500])


def case_lockdown(lab):
    """Lockdown in confidentiality mode (security/lockdown/lockdown.c):
    kernel/trace/bpf_trace.c then denies bpf_probe_read_kernel()
    (LOCKDOWN_BPF_READ_KERNEL) and kprobes are denied (LOCKDOWN_KPROBES).
    Booting with lockdown=confidentiality would also refuse the unsigned
    crashtest module (LOCKDOWN_MODULE_SIGNATURE), so the level is raised
    at run time through securityfs, which lockdown_write() allows, with
    the trigger file opened before (debugfs refuses opens under lockdown,
    fs/debugfs/file.c debugfs_locked_down())."""
    rc, out = lab.run(
        "killall bugcheck 2>/dev/null; sleep 1; rm -rf %s %s; mkdir -p %s %s\n"
        "exec 3>/sys/kernel/debug/bugcheck-crashtest/trigger\n"
        "echo confidentiality > /sys/kernel/security/lockdown || exit 1\n"
        "cat /sys/kernel/security/lockdown\n"
        "(BUGCHECK_AGENT_CONFIG=%s bugcheck watch --quiet-ms 500 > /tmp/watch-ld.log 2>&1 3>&- &)\n"
        "i=0; until [ -s %s/watch.json ]; do i=$((i+1)); "
        "[ $i -gt 300 ] && { cat /tmp/watch-ld.log; exit 1; }; sleep 0.1; done\n"
        "echo WARNING >&3\n"
        "i=0; until ls %s/new/*.json >/dev/null 2>&1; do i=$((i+1)); "
        "[ $i -gt 300 ] && break; sleep 0.1; done; sleep 3\n"
        "exec 3>&-\n"
        "echo WARNING > /sys/kernel/debug/bugcheck-crashtest/trigger 2>/dev/null || echo open-denied\n"
        % (SPOOL, STATE, SPOOL, STATE, CONF, STATE, SPOOL), timeout=180)
    rc2, log = lab.run("cat /tmp/watch-ld.log; BUGCHECK_AGENT_CONFIG=%s bugcheck status 2>/dev/null "
                       "| grep '^watch'\n" % CONF)
    st = state(lab)
    report("lockdown=confidentiality: BPF refused, the watcher on /dev/kmsg alone, "
           "said once in its log, in the status file and in bugcheck status",
           rc == 0 and "[confidentiality]" in out and "open-denied" in out
           and st.get("bpf") is False and "lockdown" in st.get("bpf_why", "")
           and log.count("without BPF") == 1 and "no BPF: kernel lockdown" in log,
           out + log + json.dumps(st))
    got = [r for r in reports(lab) if "crashtest_warning" in name_of(r)]
    hs = host_hashes(lab)
    r = got[0] if got else {}
    report("lockdown=confidentiality: the WARNING still gives one live report, type warning, "
           "host's hash",
           len(got) == 1 and r.get("event_type") == "warning" and r.get("source") == "live"
           and "live_event" not in r
           and hash_of(r) in hs.get("crashtest_warning", set()),
           json.dumps(got)[:1500])


def case_forward(lab):
    """bugcheck forward sends the live reports to the real server in the
    guest; failurehits shows them under their event types."""
    rc, out = lab.run(L.setup_disk() + L.start_server()
                      + "BUGCHECK_AGENT_CONFIG=%s bugcheck forward; echo forward=$?\n" % CONF,
                      timeout=180)
    rc2, j, out2 = run_json(lab, L.start_server() + L.api("/api/v1/failurehits?groupby=eventType"))
    types = {r.get("eventType"): r.get("eventCount") for r in (j or {}).get("Value", [])}
    want = {"warning", "hang", "memory", "oops", "lockup", "mce"}
    report("forward: the live reports reach the server; failurehits shows their event types",
           "forward=0" in out and want <= set(types), "%r\n%s\n%s" % (types, out[-1500:], out2[-800:]))


def run_json(lab, script, timeout=120):
    rc, out = lab.run(L.mount_disk() + script, timeout=timeout)
    lines = [x for x in out.strip().splitlines() if x.strip()]
    try:
        return rc, json.loads(lines[-1]) if lines else None, out
    except ValueError:
        return rc, None, out


def boot_bpf():
    os.makedirs(OUT, exist_ok=True)
    lab = L.Lab(OUT, memory="512M", disk=L.make_disk(os.path.join(OUT, "disk.img")))
    try:
        lab.start()
        case_join(lab)
        # a fresh boot's log for the /dev/kmsg-only watcher
        no_bpf(lab)
        lab.run("sync; reboot -f\n", expect_reboot=True, timeout=240)
        cases_bpf(lab)
        case_forward(lab)
        # last: lockdown stays until the next boot
        case_lockdown(lab)
    except (L.LabError, L.Rebooted) as e:
        report("lab", False, "%s\n%s" % (e, lab.console_text()[-3000:]))
    finally:
        lab.stop()


def no_bpf(lab):
    rc, out = lab.run(L.mount_disk() + "rm -rf %s %s\n" % (SPOOL, STATE)
                      + setup(no_bpf=True, modules=L.load_modules()))
    st = state(lab)
    lab.run("sysctl -qw kernel.panic_on_warn=0\n"
            "for i in 1 2 3; do echo WARNING > /sys/kernel/debug/bugcheck-crashtest/trigger; "
            "sleep 0.2; done\n")
    rc, log = lab.run("cat /tmp/watch.log\n")
    check(lab, "without BPF: WARNING x3 from /dev/kmsg alone, one report, count 3",
          "crashtest_warning", "warning", count=3, extra=log)
    report("without BPF: said once in the log and in the status",
           st.get("bpf") is False and "--no-bpf" in st.get("bpf_why", "")
           and log.count("without BPF") == 1, log + json.dumps(st))
    lab.run("killall bugcheck; sleep 1\n")


def main():
    for f in ("bugcheck_crashtest.ko", "bugcheck"):
        if not os.path.exists(os.path.join(L.BUILD, f)):
            print("not ok - watch-lab build/%s missing (run make)" % f)
            return 1
    boot_bpf()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
