#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the crash lab's initramfs: static busybox, the project's modules and
# binaries with the shared libraries they need, a few Debian modules
# (lz4_compress and zstd_compress for bugcheck.ko, ramoops and reed_solomon for the pstore
# comparisons) and the lab's /init.
#
# usage: scripts/mkinitramfs.sh OUTPUT.cpio.gz [KVER]
set -euo pipefail

out=${1:?usage: mkinitramfs.sh OUTPUT [KVER]}
top=$(cd "$(dirname "$0")/.." && pwd)
kver=${2:-$(basename "$(find /usr/src -maxdepth 1 -name 'linux-headers-*-amd64' | sort -V | tail -n 1)" | sed 's/^linux-headers-//')}
moddir=/lib/modules/$kver/kernel

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,proc,sys,dev,tmp,run,etc,lib/modules,var/spool,var/crash,root}
cp /bin/busybox "$stage/bin/busybox"
for a in $("$stage/bin/busybox" --list); do
	[ "$a" = busybox ] || ln -sf busybox "$stage/bin/$a"
done

# Kernel modules, flat; the guest loads them with insmod in dependency order.
for m in "$top"/build/*.ko \
	"$moddir/lib/lz4/lz4_compress.ko" \
	"$moddir/lib/zstd/zstd_compress.ko" \
	"$moddir/lib/reed_solomon/reed_solomon.ko" \
	"$moddir/fs/pstore/ramoops.ko"; do
	[ -f "$m" ] || { echo "mkinitramfs: missing $m" >&2; exit 1; }
	cp "$m" "$stage/lib/modules/"
done
# The crash lab's test build of bugcheck.ko (kmod/lab/Kbuild: the same
# module plus the fault_inject hooks), for the cases that inject faults.
if [ -f "$top/build/lab/bugcheck.ko" ]; then
	mkdir -p "$stage/lib/modules/lab"
	cp "$top/build/lab/bugcheck.ko" "$stage/lib/modules/lab/"
fi

# Debian modules the lab's scenarios load with their dependencies, listed
# in load order in /lib/modules/extra.order: a virtio disk with ext4 (the
# agent's spool and the server's database survive the guest's reboots) and
# qemu_fw_cfg (hands the kernel's VMCOREINFO to QEMU for memory dumps).
: > "$stage/lib/modules/extra.order"
for m in virtio_pci virtio_blk ext4 qemu_fw_cfg; do
	modprobe --show-depends -S "$kver" "$m" | awk '$1 == "insmod" { print $2 }' |
	while read -r ko; do
		b=$(basename "$ko")
		grep -qx "$b" "$stage/lib/modules/extra.order" && continue
		cp "$ko" "$stage/lib/modules/$b"
		echo "$b" >> "$stage/lib/modules/extra.order"
	done
done

# The project's binaries and every shared library they load.
copy_with_libs() {
	local bin=$1 lib
	# never write through a busybox applet link of the same name
	rm -f "$stage/bin/$(basename "$bin")"
	cp "$bin" "$stage/bin/"
	for lib in $(ldd "$bin" | awk '/=>/ { print $3 } /^\s*\/lib/ { print $1 }'); do
		[ -f "$lib" ] || continue
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}
for b in "$top"/build/bugcheck "$top"/build/bugcheck-server; do
	[ -x "$b" ] && copy_with_libs "$b"
done
# curl, for the lab to ask the in-guest server what it counted; kdump's
# tools (kexec-tools, makedumpfile) for the kdump scenario.
for b in curl kexec makedumpfile vmcore-dmesg; do
	p=$(PATH=$PATH:/usr/sbin:/sbin command -v "$b") ||
		{ echo "mkinitramfs: $b not installed: run scripts/setup.sh" >&2; exit 1; }
	copy_with_libs "$p"
done
# Vendor plug-ins (the sample), for the plug-in cases of the lab.
mkdir -p "$stage/usr/lib/bugcheck/plugins"
for so in "$top"/build/plugins/*.so; do
	[ -f "$so" ] && cp "$so" "$stage/usr/lib/bugcheck/plugins/"
done
# glibc's loader is found by absolute path.
mkdir -p "$stage/lib64"
cp -L /lib64/ld-linux-x86-64.so.2 "$stage/lib64/"

# Extra files a scenario asks for: LAB_EXTRA="src:dst src2:dst2".
for pair in ${LAB_EXTRA:-}; do
	mkdir -p "$stage$(dirname "${pair#*:}")"
	cp -r "${pair%%:*}" "$stage${pair#*:}"
done

cp "$top/scripts/lab-init.sh" "$stage/init"
chmod 755 "$stage/init"

(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
