#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install, with apt-get, everything bugcheck's build, crash lab, tests and
# benchmarks use on a fresh Debian 12 machine.  Safe to run repeatedly: it
# only calls apt-get when a package is missing, and is silent when all is
# already present.
set -euo pipefail

pkgs=(
	# build
	build-essential pkg-config make gcc clang llvm
	# libFuzzer and the sanitizers' runtimes for clang (the fuzz targets and
	# the ASan builds); clang only recommends them
	libclang-rt-dev
	linux-headers-amd64 linux-image-amd64 kmod
	# user-space libraries (agent, server)
	libnl-3-dev libnl-genl-3-dev libbpf-dev bpftool libelf-dev zlib1g-dev
	libmicrohttpd-dev libsqlite3-dev libcurl4-openssl-dev libjson-c-dev
	libzstd-dev liblz4-dev libsystemd-dev
	# crash lab
	qemu-system-x86 busybox-static cpio xz-utils zstd
	# KUnit on UML (kunit.py builds a UML kernel from Debian's source)
	linux-source-6.1 python3 bc flex bison
	# kdump tools whose output the agent reads (vmcore-dmesg is in
	# kexec-tools), and mkfs for the lab guest's disk
	makedumpfile kexec-tools e2fsprogs
	# Debian packaging (make deb), man-page lint, full-system lab
	debhelper dh-dkms dkms lintian mandoc debootstrap
	# tests and lint
	sparse cppcheck shellcheck clang-format pyflakes3 curl sqlite3 wrk jq systemd socat openssl universal-ctags chromium nodejs npm libpq-dev postgresql
)

# A name an installed package provides counts as present (NodeSource's
# nodejs provides npm and conflicts with Debian's npm package).
provided=$(dpkg-query -W -f='${db:Status-Abbrev} ${Provides}\n' 2>/dev/null |
	sed -n 's/^ii *//p' | tr ',' '\n' | sed 's/ *(.*//; s/^ *//')
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		grep -qxF "$p" <<<"$provided" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "setup: missing packages: ${missing[*]}" >&2
	echo "setup: run 'sudo scripts/setup.sh' (or make setup as root) to install them" >&2
	exit 2
fi

echo "setup: installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The kernel image is only a guest kernel for the lab; keep its postinst from
# trying to set up a bootloader on this machine.
# kexec-tools is here for vmcore-dmesg only: it must not take over this
# machine's reboots.
echo "kexec-tools kexec-tools/load_kexec boolean false" | debconf-set-selections
apt-get install -y -qq --no-install-recommends "${missing[@]}"
