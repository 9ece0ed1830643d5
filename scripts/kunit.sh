#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run bugcheck's KUnit suites (common/*_kunit.c, kmod/*_kunit.c) on User Mode Linux with
# kunit.py from Debian's linux-source-6.1, because Debian's kernel has no
# CONFIG_KUNIT.  The pure record and slot code is built into a UML kernel
# next to the suites, exactly as the module compiles it.
#
# The source tree is unpacked once into build/kunit/ and reused; kunit.py's
# build directory is kept too, so a re-run only rebuilds what changed.
#
# usage: scripts/kunit.sh [extra kunit.py run arguments]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tarball=$(find /usr/src -maxdepth 1 -name 'linux-source-*.tar.xz' 2>/dev/null | sort -V | tail -n 1)
[ -n "$tarball" ] || { echo "kunit: no /usr/src/linux-source-*.tar.xz; run scripts/setup.sh" >&2; exit 2; }
work=$top/build/kunit
src=$work/$(basename "$tarball" .tar.xz)

if [ ! -f "$src/.bugcheck-unpacked" ]; then
	echo "kunit: unpacking $(basename "$tarball") (once)"
	rm -rf "$src"
	mkdir -p "$work"
	tar -C "$work" -xf "$tarball"
	touch "$src/.bugcheck-unpacked"
fi

# Our suites as lib/bugcheck in that tree, linked to the real sources.
lb=$src/lib/bugcheck
# The record and slot code is common/ (shared with user space); the vendor
# book is kmod/'s own.
rm -rf "$lb/kmod" "$lb/common"
mkdir -p "$lb/kmod" "$lb/common" "$lb/include/uapi"
for f in record.c bugcheck_record.h slots.c bugcheck_slots.h \
	record_kunit.c slots_kunit.c; do
	ln -sf "$top/common/$f" "$lb/common/$f"
done
for f in vendor_book.c vendor_book.h vendor_book_kunit.c; do
	ln -sf "$top/kmod/$f" "$lb/kmod/$f"
done
ln -sf "$top/include/uapi/bugcheck.h" "$lb/include/uapi/bugcheck.h"
cat > "$lb/Kconfig" <<'KC'
config BUGCHECK_KUNIT_TEST
	tristate "KUnit tests for bugcheck's record and slot logic" if !KUNIT_ALL_TESTS
	depends on KUNIT
	select CRC32
	default KUNIT_ALL_TESTS
KC
cat > "$lb/Makefile" <<'MK'
ccflags-y := -I$(srctree)/$(src)/common
obj-$(CONFIG_BUGCHECK_KUNIT_TEST) += bugcheck_kunit.o
bugcheck_kunit-y := common/record.o common/slots.o kmod/vendor_book.o \
	common/record_kunit.o common/slots_kunit.o kmod/vendor_book_kunit.o
MK
printf 'CONFIG_KUNIT=y\nCONFIG_BUGCHECK_KUNIT_TEST=y\n' > "$lb/.kunitconfig"
grep -q 'lib/bugcheck/Kconfig' "$src/lib/Kconfig.debug" ||
	echo 'source "lib/bugcheck/Kconfig"' >> "$src/lib/Kconfig.debug"
grep -q 'bugcheck/' "$src/lib/Makefile" ||
	echo 'obj-y += bugcheck/' >> "$src/lib/Makefile"

cd "$src"
exec python3 tools/testing/kunit/kunit.py run \
	--kunitconfig=lib/bugcheck/.kunitconfig \
	--build_dir="$work/out" --jobs="$(nproc)" "$@"
