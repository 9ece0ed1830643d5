#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Base layer of the full-system Debian lab (scripts/debian-lab.sh): a Debian
# 12 root file system made by debootstrap, with systemd as init, the kernel
# image and headers of the newest linux-image-*-amd64 installed on this
# host (so build/bugcheck_crashtest.ko loads in it), DKMS and the run-time
# libraries the packages need.  The result is a directory; the caller
# caches it under a key that includes this file's contents.
#
#   debian-lab-base.sh ROOTDIR MIRROR KVER
set -euo pipefail

root=$1
mirror=$2
kver=$3
suite=bookworm
security=${mirror%/debian}/debian-security

# Packages beyond minbase.  The libraries are what dpkg-shlibdeps puts in
# the bugcheck and bugcheck-server Depends; curl and sqlite3 are for the
# in-guest test.  Recommends stay out (smaller, faster image).
pkgs=(
	systemd-sysv udev kmod initramfs-tools dkms make gcc adduser
	"linux-image-$kver" "linux-headers-$kver"
	libnl-3-200 libnl-genl-3-200 liblz4-1 libjson-c5 libcurl4 libsystemd0
	libmicrohttpd12 libsqlite3-0 libssl3
	curl sqlite3 ca-certificates
)

umount_all() {
	for m in dev/pts dev proc sys; do
		mountpoint -q "$root/$m" && umount -l "$root/$m"
	done
	return 0
}
trap umount_all EXIT

debootstrap --variant=minbase --include=systemd-sysv,udev,kmod \
	"$suite" "$root" "$mirror"

cat > "$root/etc/apt/sources.list" <<SRC
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
SRC
# No daemon may start inside the chroot.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"

mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"

chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
chroot "$root" env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
chroot "$root" apt-get clean
rm -f "$root/usr/sbin/policy-rc.d"

# A machine that boots by itself: root on the virtio disk, a root password
# nobody needs (the test talks over the serial console only), a host name.
echo 'debian-lab' > "$root/etc/hostname"
echo '/dev/vda / ext4 defaults 0 1' > "$root/etc/fstab"
chroot "$root" passwd -d root >/dev/null
: > "$root/etc/machine-id"
umount_all
echo "base: done ($(du -sh "$root" | cut -f1))"
