#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bugcheck crash lab: boot Debian's kernel under QEMU (TCG), crash it for
real, let it reboot, and read the crash record back on the next boot.

The guest keeps running across reboots (QEMU resets the machine, it does not
exit), so the reserved region keeps its contents, as on real hardware with a
warm reset.  The host drives the guest over a private serial channel (see
scripts/lab-init.sh); the console log of every boot goes to OUTDIR/console.log.

Command line:
  scripts/lab.py crash TRIGGER [--out DIR]   one crash, reboot, collect
  scripts/lab.py shell-steps STEP...         run guest shell steps in order
Use as a library: tests/lab_test.py.
"""
import argparse
import base64
import glob
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(TOP, "build")

MEM_ADDR = 0x7000000
MEM_SIZE = 0x100000


class LabError(Exception):
    """The lab could not do what was asked (time-out, QEMU died, ...)."""


class Rebooted(Exception):
    """The guest rebooted while a step was running."""


def newest_kernel():
    """Debian's newest installed amd64 kernel image and its release."""
    images = sorted(glob.glob("/boot/vmlinuz-*-amd64"))
    if not images:
        raise LabError("no /boot/vmlinuz-*-amd64: run scripts/setup.sh")
    img = images[-1]
    return img, os.path.basename(img)[len("vmlinuz-"):]


def build_initramfs(path, kver, extra=None):
    env = dict(os.environ)
    if extra:
        env["LAB_EXTRA"] = " ".join(extra)
    subprocess.run([os.path.join(TOP, "scripts", "mkinitramfs.sh"), path, kver],
                   check=True, env=env)


class Lab:
    """One QEMU guest, alive across its own reboots."""

    def __init__(self, outdir, append="", memory="512M", smp=2,
                 mem_addr=MEM_ADDR, mem_size=MEM_SIZE, extra_files=None,
                 extra_regions=(), disk=None):
        self.outdir = outdir
        os.makedirs(outdir, exist_ok=True)
        self.kernel, self.kver = newest_kernel()
        self.initrd = os.path.join(outdir, "initramfs.cpio.gz")
        self.append = append
        self.memory = memory
        self.smp = smp
        self.mem_addr = mem_addr
        self.mem_size = mem_size
        self.extra_files = extra_files or []
        self.extra_regions = list(extra_regions)
        self.disk = disk
        self.proc = None
        self.sock = None
        self.buf = b""
        self.boots = 0
        self.tmp = tempfile.mkdtemp(prefix="bugcheck-lab-")

    def cmdline(self):
        regions = [(self.mem_size, self.mem_addr)] + self.extra_regions
        memmap = " ".join("memmap=%d$0x%x" % (s, a) for s, a in regions)
        return ("console=ttyS0,115200 panic=1 rdinit=/init %s "
                "printk.time=1 loglevel=7 %s" % (memmap, self.append)).strip()

    def start(self, timeout=300):
        build_initramfs(self.initrd, self.kver, self.extra_files)
        sockpath = os.path.join(self.tmp, "ctl.sock")
        console = os.path.join(self.outdir, "console.log")
        cmd = ["qemu-system-x86_64", "-accel", "tcg", "-m", self.memory,
               "-smp", str(self.smp), "-nodefaults", "-display", "none",
               "-no-user-config", "-kernel", self.kernel, "-initrd", self.initrd,
               "-append", self.cmdline(),
               "-chardev", "file,id=con,path=%s" % console,
               "-serial", "chardev:con",
               "-chardev", "socket,id=ctl,path=%s,server=on,wait=on" % sockpath,
               "-serial", "chardev:ctl",
               # The guest's qemu_fw_cfg driver hands VMCOREINFO to QEMU, so
               # a dump-guest-memory core can be read by kdump's tools.
               "-device", "vmcoreinfo",
               "-monitor", "unix:%s,server=on,wait=off" % self.monitor_path()]
        if self.disk:
            # A persistent disk (virtio): survives the guest's reboots.
            cmd += ["-drive", "file=%s,if=virtio,format=raw,cache=writeback" % self.disk]
        with open(os.path.join(self.outdir, "qemu.cmd"), "w") as f:
            f.write(" ".join(cmd) + "\n")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=open(os.path.join(self.outdir, "qemu.out"), "w"),
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while True:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(sockpath)
                self.sock = s
                break
            except OSError:
                s.close()
                if self.proc.poll() is not None or time.time() > deadline:
                    raise LabError("QEMU did not start (see %s/qemu.out)" % self.outdir)
                time.sleep(0.1)
        self.wait_ready(timeout)

    def _line(self, deadline):
        while b"\n" not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                raise LabError("time-out waiting for the guest")
            if self.proc.poll() is not None:
                raise LabError("QEMU exited with status %d" % self.proc.returncode)
            r, _, _ = select.select([self.sock], [], [], min(left, 1.0))
            if r:
                data = self.sock.recv(65536)
                if not data:
                    raise LabError("control channel closed")
                self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r").decode("ascii", "replace")

    def wait_ready(self, timeout=300):
        deadline = time.time() + timeout
        while True:
            line = self._line(deadline)
            if line == "READY":
                self.boots += 1
                return self.boots

    def run(self, script, timeout=120, expect_reboot=False):
        """Run a shell script in the guest; returns (status, output).

        With expect_reboot, the step must crash the guest: returns
        (None, "") once the guest is back, and raises LabError if the step
        finished instead."""
        payload = base64.b64encode(script.encode()).decode()
        self.sock.sendall(("RUN %s\n" % payload).encode())
        deadline = time.time() + timeout
        out = ""
        while True:
            line = self._line(deadline)
            if line == "READY":
                self.boots += 1
                if expect_reboot:
                    return None, ""
                raise Rebooted("guest rebooted during step")
            if line.startswith("OUT "):
                out = base64.b64decode(line[4:]).decode("utf-8", "replace")
            elif line.startswith("END "):
                rc = int(line[4:])
                if expect_reboot:
                    raise LabError("step finished (status %d) instead of crashing:\n%s" % (rc, out))
                return rc, out

    def monitor_path(self):
        return os.path.join(self.tmp, "monitor.sock")

    def monitor(self, command, timeout=120):
        """Run one QEMU human-monitor command; returns its output."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(self.monitor_path())
        data = b""
        try:
            while not data.endswith(b"(qemu) "):
                data += s.recv(4096)
            s.sendall(command.encode() + b"\n")
            data = b""
            # The command is echoed, then its output, then the next prompt.
            while not data.rstrip(b" ").endswith(b"(qemu)"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        finally:
            s.close()
        text = data.decode("utf-8", "replace")
        text = text.replace("\r", "")
        lines = [ln for ln in text.split("\n") if not ln.startswith("(qemu)")]
        return "\n".join(lines[1:]).strip()

    def dump_memory(self, path, timeout=300):
        """Write the guest's memory as an ELF core (QEMU dump-guest-memory),
        the input kdump's makedumpfile and vmcore-dmesg read."""
        if os.path.exists(path):
            os.unlink(path)
        out = self.monitor("dump-guest-memory %s" % path, timeout=timeout)
        if not os.path.exists(path) or os.path.getsize(path) == 0:
            raise LabError("dump-guest-memory wrote nothing: %s" % out)
        return path

    def console_text(self):
        try:
            with open(os.path.join(self.outdir, "console.log"), "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self):
        if self.proc and self.proc.poll() is None:
            try:
                self.sock.sendall(b"POWEROFF\n")
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        if self.sock:
            self.sock.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def load_modules(extra_params=""):
    """Guest shell: load bugcheck.ko (and its lz4 and zstd dependencies) and
    crashtest."""
    return ("[ -d /sys/module/lz4_compress ] || insmod /lib/modules/lz4_compress.ko\n"
            "[ -d /sys/module/zstd_compress ] || insmod /lib/modules/zstd_compress.ko\n"
            "[ -d /sys/module/bugcheck ] || insmod /lib/modules/bugcheck.ko "
            "mem_address=0x%x mem_size=0x%x %s || exit 1\n"
            "[ -d /sys/module/bugcheck_crashtest ] || "
            "insmod /lib/modules/bugcheck_crashtest.ko || exit 1\n"
            % (MEM_ADDR, MEM_SIZE, extra_params))


def make_disk(path, size_mb=64):
    """A fresh ext4 image for the guest's persistent disk."""
    with open(path, "wb") as f:
        f.truncate(size_mb << 20)
    subprocess.run(["mkfs.ext4", "-q", "-F", "-L", "labdisk", path], check=True)
    return path


DISK_MNT = "/mnt/disk"


def mount_disk():
    """Guest shell: load the extra modules (virtio disk, ext4, fw_cfg) and
    mount the persistent disk on /mnt/disk."""
    return ("for m in $(cat /lib/modules/extra.order); do\n"
            "  insmod /lib/modules/$m 2>/dev/null\n"
            "done\n"
            "i=0; while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done\n"
            "mkdir -p %s\n"
            "grep -q ' %s ' /proc/mounts || mount -t ext4 /dev/vda %s || exit 1\n"
            % (DISK_MNT, DISK_MNT, DISK_MNT))


# The agent and the bucketing server in the guest, state on the disk.
SERVER = "http://127.0.0.1:8470"

AGENT_CONF = """forward = yes
server = %s
allow_http = yes
token_file = %s/agent.tok
spool_dir = %s/spool
state_dir = %s/state
kdump_dir = %s/crash
device_type = vm
market = lab
retry_min = 1
retry_max = 2
timeout = 10
""" % (SERVER, DISK_MNT, DISK_MNT, DISK_MNT, DISK_MNT)


def setup_disk():
    """Guest shell, first boot: the agent's configuration and the server's
    tokens, on the persistent disk."""
    return (mount_disk()
            + "cat > %s/agent.conf <<'EOF'\n%sEOF\n" % (DISK_MNT, AGENT_CONF)
            + "bugcheck-server token create --role agent --db %s/server.db > %s/agent.tok || exit 1\n"
              % (DISK_MNT, DISK_MNT)
            + "bugcheck-server token create --role admin --db %s/server.db > %s/admin.tok || exit 1\n"
              % (DISK_MNT, DISK_MNT)
            # A crash follows: what the test wrote must be on the disk.
            + "sync\n")


def boot_env():
    """Guest shell, every boot: disk mounted, the agent pointed at it."""
    return mount_disk() + "export BUGCHECK_AGENT_CONFIG=%s/agent.conf\n" % DISK_MNT


def start_server():
    return ("ip link set lo up\n"
            "if ! curl -s -o /dev/null %s/healthz; then\n"
            "  (bugcheck-server --db %s/server.db --listen 127.0.0.1:8470 --rate 0 "
            ">> %s/server.log 2>&1 &)\n"
            "  i=0; until curl -s -o /dev/null %s/healthz; do\n"
            "    i=$((i+1)); [ $i -gt 100 ] && { echo server did not start; tail %s/server.log; exit 1; }\n"
            "    sleep 0.1\n"
            "  done\n"
            "fi\n" % (SERVER, DISK_MNT, DISK_MNT, SERVER, DISK_MNT))


def stop_server():
    return "killall bugcheck-server 2>/dev/null; sleep 0.5\n"


def api(path, body=None):
    """Guest shell: one admin request to the in-guest server."""
    if body is None:
        return "curl -s -H \"Authorization: Bearer $(cat %s/admin.tok)\" '%s%s'\n" % (DISK_MNT, SERVER, path)
    return ("curl -s -X POST -H \"Authorization: Bearer $(cat %s/admin.tok)\" "
            "-H 'Content-Type: application/json' -d '%s' '%s%s'\n" % (DISK_MNT, body, SERVER, path))


# sysctls that turn each trigger into a real crash, set before firing it
TRIGGER_SYSCTLS = {
    "WARNING": "kernel.panic_on_warn=1",
    "SOFTLOCKUP": "kernel.watchdog_thresh=1 kernel.softlockup_panic=1",
    "HUNG_TASK": "kernel.hung_task_timeout_secs=2 kernel.hung_task_panic=1",
    "OOPS": "kernel.panic_on_oops=0",
    "OOPS_THEN_PANIC": "kernel.panic_on_oops=0",
}


def fire(trigger):
    """Guest shell: set what the trigger needs, then fire it."""
    s = "sysctl -qw kernel.panic_on_oops=1\n"
    for kv in TRIGGER_SYSCTLS.get(trigger, "").split():
        s += "sysctl -qw %s\n" % kv
    # A subshell writes the trigger: an oops kills the writing task, and
    # must not take the step's own shell with it.
    s += "(echo %s > /sys/kernel/debug/bugcheck-crashtest/trigger)\n" % trigger
    if trigger == "OOPS_THEN_PANIC":
        s += "sleep 60\n"      # the panic follows from a worker
    return s


def main():
    ap = argparse.ArgumentParser(
        description="bugcheck crash lab: crash a QEMU guest running Debian's "
                    "kernel with bugcheck.ko, reboot, and collect the record.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("crash", help="fire one trigger, reboot, collect")
    c.add_argument("trigger", help="crashtest trigger name, e.g. NULL_DEREF")
    c.add_argument("--out", default=os.path.join(BUILD, "lab"),
                   help="directory for console.log and results (default build/lab)")
    c.add_argument("--timeout", type=int, default=240,
                   help="seconds to wait for the crash and reboot (default 240)")
    args = ap.parse_args()

    for f in ("bugcheck.ko", "bugcheck_crashtest.ko", "bugcheck"):
        if not os.path.exists(os.path.join(BUILD, f)):
            print("lab: build/%s missing: run 'make' first" % f, file=sys.stderr)
            return 2
    lab = Lab(args.out)
    try:
        t0 = time.time()
        lab.start()
        print("lab: boot 1 ready after %.1f s" % (time.time() - t0))
        rc, out = lab.run(load_modules())
        if rc != 0:
            print(out)
            print("lab: VERDICT FAIL: modules did not load")
            return 1
        t1 = time.time()
        lab.run(fire(args.trigger), timeout=args.timeout, expect_reboot=True)
        print("lab: crashed with %s and rebooted in %.1f s" % (args.trigger, time.time() - t1))
        rc, human = lab.run(load_modules() + "bugcheck collect\n")
        print(human, end="")
        rc, out = lab.run("bugcheck collect --json\n")
        path = os.path.join(args.out, "collect.json")
        with open(path, "w") as f:
            f.write(out)
        print("lab: JSON records in %s" % path)
        ok = rc == 0 and '"status":"ok"' in out.replace(" ", "")
        print("lab: VERDICT %s (collect exit status %d, %.1f s total)"
              % ("PASS" if ok else "FAIL", rc, time.time() - t0))
        return 0 if ok else 1
    except (LabError, Rebooted) as e:
        print("lab: VERDICT FAIL: %s (console: %s/console.log)" % (e, args.out))
        return 1
    finally:
        lab.stop()


if __name__ == "__main__":
    sys.exit(main())
