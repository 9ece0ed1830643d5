#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run bugcheck's KUnit suites (common/*_kunit.c, kmod/*_kunit.c) on User Mode Linux with
# kunit.py from Debian's linux-source-6.1, because Debian's kernel has no
# CONFIG_KUNIT.  The pure record and slot code is built into a UML kernel
# next to the suites, exactly as the module compiles it.
#
# The source tree and kunit.py's build directory live in a cache outside
# the checkout ($BUGCHECK_KUNIT_CACHE, default /var/cache/bugcheck/kunit,
# or build/kunit-cache/ when that is not writable), keyed on the tarball, so a
# clean clone on the same machine rebuilds only bugcheck's own files rather
# than the whole UML kernel.  Our files are copied in (not linked) and only
# when their content changed, so make's timestamps never mistake one
# checkout's file for another's.  One run at a time holds the cache's lock.
#
# usage: scripts/kunit.sh [extra kunit.py run arguments]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tarball=$(find /usr/src -maxdepth 1 -name 'linux-source-*.tar.xz' 2>/dev/null | sort -V | tail -n 1)
[ -n "$tarball" ] || { echo "kunit: no /usr/src/linux-source-*.tar.xz; run scripts/setup.sh" >&2; exit 2; }
root=${BUGCHECK_KUNIT_CACHE:-/var/cache/bugcheck/kunit}
if ! mkdir -p "$root" 2>/dev/null || [ ! -w "$root" ]; then
	root=$top/build/kunit-cache
	mkdir -p "$root"
fi
key=$(stat -c '%n %s %Y' "$tarball" | sha256sum | cut -c1-16)
work=$root/$key
src=$work/$(basename "$tarball" .tar.xz)
exec 9>"$root/lock"
if ! flock -n 9; then
	echo "kunit: waiting for another run holding $root/lock"
	flock 9
fi
# Trees for other tarballs (an older linux-source) are dead weight.
for old in "$root"/*/; do
	[ "${old%/}" = "$work" ] || rm -rf "${old%/}"
done

if [ ! -f "$src/.bugcheck-unpacked" ]; then
	echo "kunit: unpacking $(basename "$tarball") (once)"
	rm -rf "$src"
	mkdir -p "$work"
	tar -C "$work" -xf "$tarball"
	touch "$src/.bugcheck-unpacked"
fi

# Our suites as lib/bugcheck in that tree, copies of the real sources.
lb=$src/lib/bugcheck
mkdir -p "$lb/kmod" "$lb/common" "$lb/include/uapi"
# put SRC DST: copy when the content differs (a fresh mtime makes make
# rebuild it); an unchanged file keeps its old mtime and its object.
put() {
	if [ -L "$2" ] || ! cmp -s "$1" "$2"; then
		rm -f "$2"
		cp "$1" "$2"
	fi
}
# The record and slot code is common/ (shared with user space); the vendor
# book is kmod/'s own.
for f in record.c bugcheck_record.h slots.c bugcheck_slots.h \
	record_kunit.c slots_kunit.c; do
	put "$top/common/$f" "$lb/common/$f"
done
for f in vendor_book.c vendor_book.h vendor_book_kunit.c; do
	put "$top/kmod/$f" "$lb/kmod/$f"
done
put "$top/include/uapi/bugcheck.h" "$lb/include/uapi/bugcheck.h"
cat > "$lb/Kconfig.new" <<'KC'
config BUGCHECK_KUNIT_TEST
	tristate "KUnit tests for bugcheck's record and slot logic" if !KUNIT_ALL_TESTS
	depends on KUNIT
	select CRC32
	default KUNIT_ALL_TESTS
KC
put "$lb/Kconfig.new" "$lb/Kconfig"
cat > "$lb/Makefile.new" <<'MK'
ccflags-y := -I$(srctree)/$(src)/common
obj-$(CONFIG_BUGCHECK_KUNIT_TEST) += bugcheck_kunit.o
bugcheck_kunit-y := common/record.o common/slots.o kmod/vendor_book.o \
	common/record_kunit.o common/slots_kunit.o kmod/vendor_book_kunit.o
MK
put "$lb/Makefile.new" "$lb/Makefile"
printf 'CONFIG_KUNIT=y\nCONFIG_BUGCHECK_KUNIT_TEST=y\n' > "$lb/.kunitconfig.new"
put "$lb/.kunitconfig.new" "$lb/.kunitconfig"
rm -f "$lb/Kconfig.new" "$lb/Makefile.new" "$lb/.kunitconfig.new"
grep -q 'lib/bugcheck/Kconfig' "$src/lib/Kconfig.debug" ||
	echo 'source "lib/bugcheck/Kconfig"' >> "$src/lib/Kconfig.debug"
grep -q 'bugcheck/' "$src/lib/Makefile" ||
	echo 'obj-y += bugcheck/' >> "$src/lib/Makefile"

cd "$src"
python3 tools/testing/kunit/kunit.py run \
	--kunitconfig=lib/bugcheck/.kunitconfig \
	--build_dir="$work/out" --jobs="$(nproc)" "$@"
