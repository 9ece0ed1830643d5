#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make demo: bugcheck's whole loop, end to end, in one QEMU guest running
Debian's kernel, with a persistent disk for the agent's spool and the
bucketing server's database:

  1. capture   bugcheck.ko is loaded; a bug in a module crashes the kernel
               for real (NULL dereference, panic_on_oops), the machine
               reboots, the record survives in reserved RAM;
  2. classify  on the next boot `bugcheck collect` reads the record over
               netlink, classifies it and spools the report;
  3. bucket    `bugcheck forward` sends it to bugcheck-server (running in
               the guest); the bucket shows the hit;
  4. respond   the vendor attaches a known fix to the bucket; the same bug
               crashes the machine again, and this time the agent is told
               about the fix (`bugcheck list`).

usage: scripts/demo.py [TRIGGER]   (default NULL_DEREF; see scripts/lab.py)
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lab as L  # noqa: E402

OUT = os.path.join(L.BUILD, "demo")


def step(title):
    print("\n==== %s" % title)
    sys.stdout.flush()


def show(out, indent="    "):
    for line in out.rstrip().splitlines():
        print(indent + line)
    sys.stdout.flush()


def guest(lab, script, timeout=180):
    rc, out = lab.run(L.boot_env() + script, timeout=timeout)
    return rc, out


def last_json(out):
    for line in reversed(out.strip().splitlines()):
        line = line.strip()
        if line.startswith("{") or line.startswith("["):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


def main():
    trigger = sys.argv[1] if len(sys.argv) > 1 else "NULL_DEREF"
    if trigger in ("-h", "--help"):
        print(__doc__)
        return 0
    if trigger not in L.TRIGGER_SYSCTLS and trigger not in (
            "PANIC", "BUG", "NULL_DEREF", "PAGE_FAULT", "GPF", "DIVIDE_ERROR",
            "OOPS_IN_IRQ", "STACK_OVERFLOW"):
        print("demo: unknown trigger %r" % trigger, file=sys.stderr)
        return 2
    for f in ("bugcheck.ko", "bugcheck_crashtest.ko", "bugcheck", "bugcheck-server"):
        if not os.path.exists(os.path.join(L.BUILD, f)):
            print("demo: build/%s missing: run 'make' first" % f, file=sys.stderr)
            return 2
    os.makedirs(OUT, exist_ok=True)
    t0 = time.time()
    lab = L.Lab(OUT, disk=L.make_disk(os.path.join(OUT, "disk.img")))
    try:
        step("booting Debian's kernel in QEMU (TCG); console log: %s/console.log" % OUT)
        lab.start()
        rc, out = lab.run(L.setup_disk() + L.load_modules() + "bugcheck clear --all --force\n"
                          + "bugcheck status\n")
        if rc != 0:
            show(out)
            raise L.LabError("guest set-up failed")
        show(out)

        step("1. capture: firing %s in bugcheck_crashtest.ko; the kernel crashes and reboots"
             % trigger)
        t1 = time.time()
        lab.run(L.boot_env() + L.load_modules() + L.fire(trigger), expect_reboot=True,
                timeout=240)
        print("    rebooted after %.1f s" % (time.time() - t1))

        step("2. classify: bugcheck collect on the next boot")
        rc, out = guest(lab, L.start_server() + L.load_modules() + "bugcheck collect\n")
        show(out)
        if rc != 0:
            raise L.LabError("collect failed")

        step("3. bucket: bugcheck forward to bugcheck-server, then the server's bucket")
        rc, out = guest(lab, "bugcheck forward\nbugcheck list --json\n")
        show("\n".join(x for x in out.splitlines() if not x.startswith("[")))
        reports = last_json(out) or []
        if rc != 0 or not reports:
            raise L.LabError("forward failed")
        fhash = reports[0].get("failure_hash")
        rc, out = guest(lab, L.api("/api/v1/failures/%s" % fhash))
        b = last_json(out) or {}
        print("    bucket %s: %s" % (b.get("bucketId"), b.get("failureName")))
        print("    title %r, %s hit(s) on %s machine(s), kernel %s"
              % (b.get("title"), b.get("hits"), b.get("machines"),
                 ", ".join(k.get("release", "?") for k in b.get("kernelReleases") or [])))

        step("4. respond: the vendor attaches a known fix to the bucket")
        body = json.dumps({"failure_hash": fhash,
                           "message": "Fixed in bugcheck_crashtest 2.0: upgrade the module",
                           "link": "https://example.org/crashtest/kb/1"})
        rc, out = guest(lab, L.api("/api/v1/responses", body))
        show(out)
        print("    ... and the same bug crashes the machine again")
        lab.run(L.boot_env() + L.load_modules() + L.fire(trigger), expect_reboot=True,
                timeout=240)
        rc, listed = guest(lab, L.start_server() + L.load_modules()
                           + "bugcheck collect && bugcheck forward\nbugcheck list\n")
        show(listed)
        rc, out = guest(lab, L.api("/api/v1/top?limit=5"))
        top = last_json(out) or {}
        print("    server: %s hit(s) in total; top bucket %s with %s hit(s)"
              % (top.get("TotalHits"), ((top.get("Value") or [{}])[0]).get("failureName"),
                 ((top.get("Value") or [{}])[0]).get("hits")))
        ok = "response: Fixed in bugcheck_crashtest 2.0" in listed and top.get("TotalHits") == 2
        print("\ndemo: %s in %.0f s (%d boots)"
              % ("the whole loop ran: crash, record, classify, bucket, response" if ok
                 else "FAILED: no response reached the agent", time.time() - t0, lab.boots))
        return 0 if ok else 1
    except (L.LabError, L.Rebooted) as e:
        print("demo: FAILED: %s (console: %s/console.log)" % (e, OUT))
        return 1
    finally:
        lab.stop()


if __name__ == "__main__":
    sys.exit(main())
