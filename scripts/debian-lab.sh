#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Full-system Debian lab: a real Debian 12 guest, systemd as init, with the
# project's .deb packages installed the way a user installs them, booted
# under QEMU (TCG) with memmap= on the kernel command line.
#
#   debian-lab.sh image DEBDIR UPGRADEDIR   prints the path of a disk image
#        with DEBDIR's packages installed (apt-get install of the .debs in a chroot; DKMS builds
#        the module there) and UPGRADEDIR's newer build waiting in
#        /root/upgrade; builds the cached layers it needs
#   debian-lab.sh run IMAGE OUTDIR         boots a copy of IMAGE until the
#        guest powers itself off; OUTDIR gets console.log (ttyS0) and
#        results.log (ttyS1, tests/debian-lab-guest.sh's "R key value")
#
# Two cached layers under $BUGCHECK_LAB_CACHE (default
# /var/cache/bugcheck/debian-lab, which survives a clean clone):
#   base-KEY/   debootstrap + kernel + headers + DKMS (debian-lab-base.sh);
#               KEY hashes that script, the mirror and the kernel version
#   pkg-KEY/    disk.raw, vmlinuz, initrd: the base plus the packages;
#               KEY hashes the base key, the .deb files, this script and
#               the guest test script
# Only the package layer is rebuilt when the packages change.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${BUGCHECK_LAB_CACHE:-/var/cache/bugcheck/debian-lab}
# The lab's reserved region, the same as the busybox crash lab's.
# shellcheck disable=SC2016 # a literal kernel parameter, not an expansion
MEMMAP='memmap=1M$0x7000000'

log() { echo "debian-lab: $*" >&2; }

# The mirror the host's apt uses for Debian's main archive (deb822 or
# one-line sources), deb.debian.org if none is found.
mirror() {
	local m
	m=$(grep -h -E '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
		awk '{ print $2 }' | grep -E '/debian/?$' | head -n 1 || true)
	[ -n "$m" ] || m=$(grep -h -E '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' |
		grep -E '/debian/?$' | head -n 1 || true)
	m=${m:-http://deb.debian.org/debian}
	echo "${m%/}"
}

# The newest linux-image-*-amd64 installed here (the crash-trigger module
# in build/ is built against its headers).
kver() {
	find /boot -maxdepth 1 -name 'vmlinuz-*-amd64' 2>/dev/null | sed 's|.*/vmlinuz-||' | sort -V | tail -n 1
}

base_dir() {
	local m k key
	m=$(mirror)
	k=$(kver)
	[ -n "$k" ] || { log "no /boot/vmlinuz-*-amd64 (make setup)"; exit 1; }
	key=$({ cat scripts/debian-lab-base.sh; echo "$m $k"; } | sha256sum | cut -c1-16)
	echo "$cache/base-$key"
}

# rm -rf of a tree that may hold a chroot's mounts: a run killed during
# debootstrap or the package install leaves proc, sysfs and a bind mount of
# the host's /dev below it.  Unmount everything below the tree first
# (deepest first), refuse while anything is still mounted there, and never
# cross into another file system.
remove_tree() {
	local t=$1 m
	[ -e "$t" ] || return 0
	t=$(realpath "$t")
	while read -r m; do
		umount -l "$m" 2>/dev/null || true
	done < <(findmnt -rn -o TARGET | awk -v p="$t/" 'index($0, p) == 1' | sort -r)
	if findmnt -rn -o TARGET | awk -v p="$t/" 'index($0, p) == 1 { f = 1 } END { exit !f }'; then
		log "not removing $t: something is still mounted below it"
		return 1
	fi
	rm -rf --one-file-system "$t"
}

# Each package layer is about 1.2 GB: before building a new one, drop every
# other layer but the newest finished one (a test may still want it back).
prune_layers() {
	local keep=$1 newest old
	newest=$(find "$cache" -maxdepth 2 -path "$cache/pkg-*/disk.raw" -printf '%T@ %h\n' 2>/dev/null |
		sort -rn | head -n 1 | cut -d' ' -f2-)
	for old in "$cache"/pkg-*; do
		[ -e "$old" ] || continue
		case $old in "$keep" | "$newest") continue ;; esac
		remove_tree "$old" || true
	done
}

build_base() {
	local d=$1 t0
	[ -d "$d/rootfs" ] && return 0
	# One builder at a time (tests/run.sh starts one ahead of the suite):
	# a second caller waits, then finds the layer built.
	mkdir -p "$cache"
	exec 8>"$cache/base.lock"
	flock 8
	[ -d "$d/rootfs" ] && { exec 8>&-; return 0; }
	log "building the base layer in $d (debootstrap; several minutes)"
	t0=$(date +%s)
	remove_tree "$d/rootfs.tmp" || exit 1
	mkdir -p "$d"
	if ! bash scripts/debian-lab-base.sh "$d/rootfs.tmp" "$(mirror)" "$(kver)" >"$d/build.log" 2>&1; then
		tail -30 "$d/build.log" >&2
		log "base layer failed (log: $d/build.log)"
		exit 1
	fi
	mv "$d/rootfs.tmp" "$d/rootfs"
	exec 8>&-
	log "base layer built in $(($(date +%s) - t0)) s"
}

# Package layer.
build_image() {
	local debs=$1 upg=$2 base key d root t0 f
	base=$(base_dir)
	build_base "$base"
	key=$({
		echo "$base"
		sha256sum "$debs"/bugcheck*_all.deb "$debs"/bugcheck*_amd64.deb \
			"$upg"/bugcheck*_all.deb "$upg"/bugcheck*_amd64.deb | awk '{ print $1 }'
		cat scripts/debian-lab.sh tests/debian-lab-guest.sh tests/debian/iomem/qemu-1g-memmap.*
		sha256sum build/bugcheck_crashtest.ko | awk '{ print $1 }'
	} | sha256sum | cut -c1-16)
	d=$cache/pkg-$key
	if [ -f "$d/disk.raw" ]; then
		log "package layer cached: $d"
		echo "$d"
		return 0
	fi
	t0=$(date +%s)
	log "building the package layer in $d"
	prune_layers "$d"
	remove_tree "$d.tmp" || exit 1
	mkdir -p "$d.tmp"
	root=$d.tmp/rootfs
	cp -a "$base/rootfs" "$root"
	mkdir -p "$root/root/debs" "$root/root/upgrade"
	for f in "$debs"/bugcheck*.deb; do
		case $f in *-dbgsym_*) continue ;; esac
		cp "$f" "$root/root/debs/"
	done
	for f in "$upg"/bugcheck*.deb; do
		case $f in *-dbgsym_*) continue ;; esac
		cp "$f" "$root/root/upgrade/"
	done
	# A process of its own, so that "set -e" holds inside.
	if ! bash scripts/debian-lab.sh _install "$root" >"$d.tmp/install.log" 2>&1; then
		umount_chroot "$root"
		tail -40 "$d.tmp/install.log" >&2
		log "package layer failed (log: $d.tmp/install.log)"
		exit 1
	fi
	umount_chroot "$root"
	cp "$root"/boot/vmlinuz-"$(kver)" "$d.tmp/vmlinuz"
	cp "$root"/boot/initrd.img-"$(kver)" "$d.tmp/initrd"
	# A file system image straight from the directory (no loop device).
	mkfs.ext4 -q -F -L debian-lab -d "$root" "$d.tmp/disk.raw" 3G >&2
	remove_tree "$root" || exit 1
	mv "$d.tmp" "$d"
	log "package layer built in $(($(date +%s) - t0)) s"
	echo "$d"
}

umount_chroot() {
	local m
	for m in dev/pts dev proc sys; do
		if mountpoint -q "$1/$m"; then umount -l "$1/$m"; fi
	done
}

# Runs with the output going to the layer's install.log.
install_packages() {
	local root=$1
	set -x
	mount -t proc proc "$root/proc"
	mount -t sysfs sysfs "$root/sys"
	mount --bind /dev "$root/dev"
	mount --bind /dev/pts "$root/dev/pts"
	# No daemon starts in the chroot (invoke-rc.d / deb-systemd-invoke
	# honour policy-rc.d; systemd is not running there anyway).
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 0755 "$root/usr/sbin/policy-rc.d"
	# Install as a user would: apt with the local .debs, which also pulls
	# in whatever shared libraries their Depends name that the base image
	# lacks (from the same mirror); DKMS builds bugcheck.ko for the
	# image's kernel, whose headers are installed (not the host's: the
	# chroot has its own /usr/src and /lib/modules).
	chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	chroot "$root" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends /root/debs/bugcheck-dkms_*.deb /root/debs/bugcheck_*.deb \
		/root/debs/bugcheck-server_*.deb /root/debs/bugcheck-dev_*.deb'
	chroot "$root" apt-get clean
	chroot "$root" dkms status bugcheck
	ls "$root/lib/modules/$(kver)/updates/dkms/bugcheck.ko"
	rm -f "$root/usr/sbin/policy-rc.d"

	# Boot settings from the packaged helper, for a QEMU guest booted with
	# $MEMMAP (the sample iomem/cmdline of exactly that guest).
	cp tests/debian/iomem/qemu-1g-memmap.iomem "$root/tmp/iomem"
	cp tests/debian/iomem/qemu-1g-memmap.cmdline "$root/tmp/cmdline"
	chroot "$root" bugcheck-setup-region --iomem /tmp/iomem --cmdline /tmp/cmdline --write --no-grub
	rm -f "$root/tmp/iomem" "$root/tmp/cmdline"

	# The administrator's part: forward to the server on this machine.
	chroot "$root" sh -c 'umask 077; bugcheck-server token create --role agent --label lab \
		--db /var/lib/bugcheck-server/reports.sqlite > /etc/bugcheck/token'
	chroot "$root" sh -c 'umask 077; bugcheck-server token create --role admin --label lab \
		--db /var/lib/bugcheck-server/reports.sqlite > /root/admin.token'
	chroot "$root" chown -R _bugcheck-server:_bugcheck-server /var/lib/bugcheck-server
	sed -i -e 's|^forward = no|forward = yes|' \
		-e 's|^#server = .*|server = http://127.0.0.1:8470|' \
		-e 's|^#token_file = .*|token_file = /etc/bugcheck/token|' \
		-e 's|^#allow_http = no|allow_http = yes|' \
		-e 's|^#retry_min = .*|retry_min = 3|' \
		-e 's|^#device_type = .*|device_type = vm|' "$root/etc/bugcheck/agent.conf"
	grep -E '^(forward|server|token_file|allow_http|retry_min) ' "$root/etc/bugcheck/agent.conf"

	# The lab's own parts, not the packages': the observer unit and the
	# crash-trigger module.
	install -m 0755 tests/debian-lab-guest.sh "$root/usr/local/sbin/bugcheck-lab"
	cp build/bugcheck_crashtest.ko "$root/root/"
	cat >"$root/etc/systemd/system/bugcheck-lab.service" <<-'UNIT'
		[Unit]
		Description=bugcheck full-system lab observer
		After=multi-user.target
		[Service]
		Type=simple
		ExecStart=/usr/local/sbin/bugcheck-lab
		StandardOutput=journal+console
		[Install]
		WantedBy=multi-user.target
	UNIT
	chroot "$root" systemctl enable bugcheck-lab.service
	# No login prompts competing for the console.
	chroot "$root" systemctl mask serial-getty@ttyS0.service serial-getty@ttyS1.service \
		getty@tty1.service
	set +x
}

run() {
	local img=$1 outdir=$2 disk t0 rc
	mkdir -p "$outdir"
	disk=$outdir/disk.raw
	cp --sparse=always "$img/disk.raw" "$disk"
	t0=$(date +%s)
	# One QEMU process for all boots: the reserved RAM survives the
	# guest's own reboots (a warm reset), not a new QEMU.
	set +e
	timeout "${BUGCHECK_LAB_TIMEOUT:-1800}" qemu-system-x86_64 -accel tcg -m 1G -smp 2 \
		-nodefaults -display none -no-user-config \
		-kernel "$img/vmlinuz" -initrd "$img/initrd" \
		-append "root=/dev/vda rw console=ttyS0,115200 $MEMMAP panic=1 loglevel=4 net.ifnames=0" \
		-drive "file=$disk,if=virtio,format=raw,cache=unsafe" \
		-serial "file:$outdir/console.log" -serial "file:$outdir/results.log" \
		>"$outdir/qemu.out" 2>&1
	rc=$?
	set -e
	rm -f "$disk"
	echo "$(($(date +%s) - t0))" >"$outdir/seconds"
	log "guest ran $(cat "$outdir/seconds") s (QEMU exit $rc)"
	return $rc
}

case ${1:-} in
image) build_image "$2" "$3" ;;
run) run "$2" "$3" ;;
_install) install_packages "$2" ;;
base) d=$(base_dir); build_base "$d"; echo "$d" ;;
base-dir) base_dir ;;
*) echo "usage: $0 image DEBDIR UPGRADEDIR | run IMAGE OUTDIR | base | base-dir" >&2; exit 2 ;;
esac
