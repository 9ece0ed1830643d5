#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Debian packaging: "make deb" builds the four packages, their contents and
# maintainer-script behaviour are what debian/ promises, lintian reports no
# error or warning, the man pages pass mandoc's lint and name everything
# the programs' --help and configuration parsers know, and
# bugcheck-setup-region picks sane regions from sample and real
# /proc/iomem files.  Then the full-system lab (scripts/debian-lab.sh):
# the packages installed in a real Debian 12 guest booted with systemd.
# Whole-file shellcheck notes (info/style level), each on purpose:
# SC2317 the helpers are called through check(); SC2016 single-quoted $
# is a literal for dpkg-query formats and the guest's shell; SC2001 sed
# edits multi-line text; SC2012/SC2013 the names are package files and
# words the suite itself wrote.
# shellcheck disable=SC2317,SC2016,SC2001,SC2012,SC2013
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
top=$PWD

fails=0
ok() { echo "ok - debian: $1"; }
notok() { echo "not ok - debian: $1"; fails=$((fails + 1)); }
check() { # check NAME COMMAND...: ok if the command succeeds
	local name=$1
	shift
	if "$@"; then ok "$name"; else notok "$name"; fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for tool in dpkg-buildpackage dh dh_dkms lintian mandoc; do
	if ! command -v "$tool" >/dev/null; then
		notok "$tool missing (scripts/setup.sh installs it)"
		exit 1
	fi
done

# ---------------------------------------------------------------- packages
out=$work/deb
if BUGCHECK_DEB_OUT=$out bash scripts/mkdeb.sh >"$work/mkdeb.log" 2>&1; then
	ok "make deb builds the packages"
else
	sed 's/^/# /' "$work/mkdeb.log" | tail -30
	notok "make deb builds the packages"
	exit 1
fi
ver=$(dpkg-parsechangelog -S Version)
uver=${ver%-*}
deb() { echo "$out/$1_${ver}_$2.deb"; }
for p in bugcheck-dkms:all bugcheck:amd64 bugcheck-server:amd64 bugcheck-dev:all; do
	check "package ${p%%:*} built" test -s "$(deb "${p%%:*}" "${p#*:}")"
done

contents() { dpkg-deb -c "$1" | awk '{ print $6 }' | sed 's|^\./|/|'; }
has_all() { # has_all DEB PATH...: every PATH is in the package
	local d=$1 f list
	shift
	list=$(contents "$d")
	for f in "$@"; do
		grep -qxF -- "$f" <<<"$list" || {
			echo "# $(basename "$d") lacks $f"
			return 1
		}
	done
}
has_none() { # has_none DEB REGEX: no path matches
	local hits
	hits=$(contents "$1" | grep -E -- "$2")
	[ -z "$hits" ] || {
		echo "$hits" | sed 's/^/# unexpected: /'
		return 1
	}
}

dk=$(deb bugcheck-dkms all)
check "bugcheck-dkms ships the module source and dkms.conf" has_all "$dk" \
	"/usr/src/bugcheck-$uver/dkms.conf" "/usr/src/bugcheck-$uver/kmod/Kbuild" \
	"/usr/src/bugcheck-$uver/kmod/main.c" "/usr/src/bugcheck-$uver/include/uapi/bugcheck.h"
check "bugcheck-dkms never ships the crash-trigger or bench module" \
	has_none "$dk" 'crashtest|/bench/|bugcheck_bench'
dpkg-deb -x "$dk" "$work/dkms"
dconf=$work/dkms/usr/src/bugcheck-$uver/dkms.conf
check "dkms.conf names the package version and builds only bugcheck.ko" \
	bash -c "grep -qx 'PACKAGE_VERSION=\"$uver\"' '$dconf' &&
		[ \"\$(grep -c '^BUILT_MODULE_NAME' '$dconf')\" = 1 ] &&
		grep -qx 'BUILT_MODULE_NAME\[0\]=\"bugcheck\"' '$dconf' &&
		! grep -Eq 'crashtest|bench' '$work/dkms/usr/src/bugcheck-$uver/kmod/Kbuild'"
check "only bugcheck-dkms carries dkms.conf and depends on dkms" bash -c "
	for p in bugcheck:amd64 bugcheck-server:amd64 bugcheck-dev:all; do
		f=$out/\${p%%:*}_${ver}_\${p#*:}.deb
		dpkg-deb -c \$f | grep -q dkms.conf && exit 1
		dpkg-deb -f \$f Depends | grep -q dkms && exit 1
	done
	dpkg-deb -f '$dk' Depends | grep -q dkms"
# The shipped source really builds without the lab modules (DKMS runs the
# same make in the guest lab; here against the host's newest headers).
kdir=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
if [ -n "$kdir" ] &&
	make -C "$kdir" M="$work/dkms/usr/src/bugcheck-$uver/kmod" modules >"$work/kbuild.log" 2>&1 &&
	[ -f "$work/dkms/usr/src/bugcheck-$uver/kmod/bugcheck.ko" ]; then
	ok "the DKMS source tree builds bugcheck.ko on its own ($(basename "$kdir"))"
else
	tail -20 "$work/kbuild.log" 2>/dev/null | sed 's/^/# /'
	notok "the DKMS source tree builds bugcheck.ko on its own"
fi

ag=$(deb bugcheck amd64)
check "bugcheck ships the agent, units, tmpfiles entry, config, plug-in dir, man pages" \
	has_all "$ag" /usr/sbin/bugcheck /usr/sbin/bugcheck-setup-region \
	/lib/systemd/system/bugcheck-collect.service /lib/systemd/system/bugcheck-forward.service \
	/usr/lib/tmpfiles.d/bugcheck.conf /etc/bugcheck/agent.conf /etc/bugcheck/plugins.d/ \
	/usr/lib/bugcheck/plugins/ /usr/share/man/man8/bugcheck.8.gz \
	/usr/share/man/man5/bugcheck.conf.5.gz /usr/share/man/man8/bugcheck-setup-region.8.gz
check "agent.conf is a conffile and forwarding is off by default" bash -c "
	dpkg-deb --ctrl-tarfile '$ag' | tar -xO ./conffiles | grep -qx /etc/bugcheck/agent.conf &&
	dpkg-deb --fsys-tarfile '$ag' | tar -xO ./etc/bugcheck/agent.conf | grep -qx 'forward = no'"
check "bugcheck's maintainer scripts enable the units, create the spool, purge it" bash -c "
	dpkg-deb --ctrl-tarfile '$ag' | tar -xO ./postinst > '$work/ag.postinst' &&
	dpkg-deb --ctrl-tarfile '$ag' | tar -xO ./postrm > '$work/ag.postrm' &&
	grep -q 'bugcheck-collect.service' '$work/ag.postinst' &&
	grep -q 'bugcheck-forward.service' '$work/ag.postinst' &&
	grep -q 'systemd-tmpfiles.*bugcheck.conf' '$work/ag.postinst' &&
	grep -q 'rm -rf /var/spool/bugcheck /var/lib/bugcheck' '$work/ag.postrm'"

sv=$(deb bugcheck-server amd64)
check "bugcheck-server ships the server, unit, Debian drop-in, config, man pages" \
	has_all "$sv" /usr/sbin/bugcheck-server /lib/systemd/system/bugcheck-server.service \
	/lib/systemd/system/bugcheck-server.service.d/debian.conf /etc/bugcheck/server.conf \
	/usr/share/man/man8/bugcheck-server.8.gz /usr/share/man/man5/bugcheck-server.conf.5.gz
check "server.conf is a conffile the server accepts" bash -c "
	dpkg-deb --ctrl-tarfile '$sv' | tar -xO ./conffiles | grep -qx /etc/bugcheck/server.conf &&
	dpkg-deb --fsys-tarfile '$sv' | tar -xO ./etc/bugcheck/server.conf |
		sed 's|^db = .*|db = $work/probe.sqlite|; s|^listen = .*|listen = 127.0.0.1:0|' > '$work/server.conf' &&
	timeout 5 '$top/build/bugcheck-server' serve --config '$work/server.conf' > '$work/probe.log' 2>&1
	[ \$? = 124 ] && [ -s '$work/probe.sqlite' ] || { sed 's/^/# /' '$work/probe.log'; exit 1; }"
dpkg-deb -x "$sv" "$work/sv"
cp "$work/sv/lib/systemd/system/bugcheck-server.service" "$work/bugcheck-server.service"
mkdir -p "$work/bugcheck-server.service.d"
sed "s|=/usr/sbin/|=$top/build/|" "$work/sv/lib/systemd/system/bugcheck-server.service.d/debian.conf" \
	> "$work/bugcheck-server.service.d/debian.conf"
sed -i "s|=/usr/sbin/|=$top/build/|" "$work/bugcheck-server.service"
check "the server unit with the Debian drop-in runs as the system user, reading the config" bash -c "
	cd '$work' && systemd-analyze cat-config --root=/ '$work/bugcheck-server.service' >/dev/null 2>&1;
	grep -qx 'DynamicUser=no' bugcheck-server.service.d/debian.conf &&
	grep -qx 'User=_bugcheck-server' bugcheck-server.service.d/debian.conf &&
	grep -q -- '--config /etc/bugcheck/server.conf' bugcheck-server.service.d/debian.conf"
check "bugcheck-server's scripts add the system user and purge the database" bash -c "
	dpkg-deb --ctrl-tarfile '$sv' | tar -xO ./postinst > '$work/sv.postinst' &&
	grep -q 'adduser --system' '$work/sv.postinst' && grep -q 'home /var/lib/bugcheck-server' '$work/sv.postinst' &&
	dpkg-deb --ctrl-tarfile '$sv' | tar -xO ./postrm | grep -q 'rm -rf /var/lib/bugcheck-server' &&
	dpkg-deb --ctrl-tarfile '$sv' | tar -xO ./postinst | grep -q 'bugcheck-server.service'"

dv=$(deb bugcheck-dev all)
check "bugcheck-dev ships the headers, sample driver and plug-in, bugcheck-vendor(9)" \
	has_all "$dv" /usr/include/bugcheck/vendor.h /usr/include/bugcheck/plugin.h \
	/usr/include/bugcheck/uapi/bugcheck.h \
	/usr/share/doc/bugcheck-dev/examples/vendor/bugcheck_sample_vendor.c \
	/usr/share/doc/bugcheck-dev/examples/sample_plugin.c /usr/share/man/man9/bugcheck-vendor.9.gz
# The sample plug-in builds from the installed header alone.
dpkg-deb -x "$dv" "$work/dev"
check "the sample plug-in builds against the packaged header only" \
	cc -std=gnu11 -Wall -Werror -fPIC -shared -nostdinc -isystem /usr/lib/gcc/x86_64-linux-gnu/12/include \
	-isystem /usr/include/x86_64-linux-gnu -isystem /usr/include -I"$work/dev/usr/include" \
	-o "$work/sample.so" "$work/dev/usr/share/doc/bugcheck-dev/examples/sample_plugin.c"

# lintian: no error or warning left (the remaining ones are overridden in
# debian/*.lintian-overrides, each with its reason).
lintian --pedantic --info "$out"/*.changes >"$work/lintian.log" 2>&1
if grep -E '^(E|W): ' "$work/lintian.log" >"$work/lintian.bad"; then
	sed 's/^/# /' "$work/lintian.bad"
	notok "lintian: no errors or warnings"
else
	ok "lintian: no errors or warnings ($(grep -c '^[IP]: ' "$work/lintian.log") info/pedantic tags)"
fi
# Debian's hardening flags reach the compiler and linker through the
# Makefile's CFLAGS/LDFLAGS: the packaged programs are PIE, bound now with
# a read-only GOT, built with the stack protector and _FORTIFY_SOURCE.
hardened() { # (whole outputs first: grep -q would close readelf's pipe under pipefail)
	local h d l s
	h=$(readelf -h "$1") && d=$(readelf -d "$1") && l=$(readelf -lW "$1") &&
		s=$(readelf --dyn-syms -W "$1") || return 1
	grep -q 'Type: *DYN' <<<"$h" && grep -q 'BIND_NOW' <<<"$d" &&
		grep -q 'GNU_RELRO' <<<"$l" && grep -q '__stack_chk_fail' <<<"$s" &&
		grep -qE '__[a-z]+printf_chk' <<<"$s"
}
dpkg-deb -x "$ag" "$work/agpkg"
dpkg-deb -x "$sv" "$work/svpkg"
for bin in "$work/agpkg/usr/sbin/bugcheck" "$work/svpkg/usr/sbin/bugcheck-server"; do
	check "hardening: $(basename "$bin") is PIE, full RELRO, stack-protected, fortified" \
		hardened "$bin"
done
check "every lintian override has a one-line reason" bash -c '
	for f in debian/*.lintian-overrides; do
		awk "/^#/ { c = 1; next } /^[^#]/ && !c { exit 1 } { c = 0 }" "$f" || exit 1
	done'

# ---------------------------------------------------------------- man pages
if out_lint=$(mandoc -Tlint -Wwarning man/*.[0-9] 2>&1) && [ -z "$out_lint" ]; then
	ok "mandoc -Tlint: the man pages are clean"
else
	echo "$out_lint" | sed 's/^/# /'
	notok "mandoc -Tlint: the man pages are clean"
fi
# (the text is read whole first: grep -q closing a pipe early would make
# the pipeline fail under pipefail)
manwords() { mandoc -Tascii "$1" | col -b >"$work/man.txt"; cat "$work/man.txt"; }
missing=
for c in $(build/bugcheck --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }'); do
	grep <<<"$(manwords man/bugcheck.8)" -qE "^ +$c( |$)" || missing+=" $c"
done
check "bugcheck(8) documents every command of bugcheck --help${missing:+ (missing:$missing)}" \
	test -z "$missing"
missing=
for o in $(build/bugcheck-server --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
	grep <<<"$(manwords man/bugcheck-server.8)" -qF -- "$o" || missing+=" $o"
done
check "bugcheck-server(8) documents every option of --help${missing:+ (missing:$missing)}" \
	test -z "$missing"
# Every key of the agent's parser (agent/config/config.c's table) is
# described; a table that yields no keys fails instead of passing.
missing=
nkeys=0
for k in $(sed -n '/^static const struct bc_conf_key keys\[\]/,/^};/p' agent/config/config.c |
	grep -oE '^\s*(S|N)\([a-z_]+|\.name = "[a-z_]+"' | grep -oE '[a-z_]+"?$' | tr -d '"'); do
	nkeys=$((nkeys + 1))
	grep <<<"$(manwords man/bugcheck.conf.5)" -qE "^ +$k( |$)" || missing+=" $k"
done
check "bugcheck.conf(5) describes every one of the $nkeys keys agent/config/config.c parses${missing:+ (missing:$missing)}" \
	test -z "$missing" -a "$nkeys" -ge 10
missing=
for k in $(build/bugcheck-server --help | sed -n 's/.*keys: //p; /^ *rate, burst/p' | tr -d ',' |
	grep -oE '[a-z_]+'); do
	grep <<<"$(manwords man/bugcheck-server.conf.5)" -qE "^ +$k( |$)" || missing+=" $k"
done
check "bugcheck-server.conf(5) describes every key of the server's config${missing:+ (missing:$missing)}" \
	test -z "$missing"
missing=
for f in $(grep -oE '^(int|void) bugcheck_[a-z_]+' include/bugcheck/vendor.h | awk '{ print $2 }') \
	$(grep -oE 'BUGCHECK_[A-Z_]+' include/bugcheck/vendor.h | grep -v '_H$' | sort -u); do
	grep -qF -- "$f" man/bugcheck-vendor.9 || missing+=" $f"
done
check "bugcheck-vendor(9) covers every function and limit of vendor.h${missing:+ (missing:$missing)}" \
	test -z "$missing"

# ---------------------------------------------------------------- region helper
helper=scripts/bugcheck-setup-region
samples=tests/debian/iomem
region() { # region IOMEM CMDLINE [ARGS]: prints "ADDR SIZE" the helper proposes
	local i=$1 c=$2
	shift 2
	"$helper" --iomem "$i" --cmdline "$c" "$@" 2>"$work/helper.err" |
		awk '/^modprobe:/ { sub(/.*mem_address=/, ""); sub(/ mem_size=/, " "); print }'
}
expect_region() { # NAME IOMEM CMDLINE WANT [ARGS]
	local name=$1 i=$2 c=$3 want=$4 got
	shift 4
	got=$(region "$samples/$i" "$samples/$c" "$@")
	if [ "$got" = "$want" ]; then
		ok "setup-region: $name -> $want"
	else
		sed 's/^/# /' "$work/helper.err"
		notok "setup-region: $name -> $want (got '${got}')"
	fi
}
expect_region "QEMU 1G guest, first free 1M above 64M" \
	qemu-1g.iomem plain.cmdline "0x4000000 0x100000"
expect_region "the command line's memmap= region is kept" \
	qemu-1g-memmap.iomem qemu-1g-memmap.cmdline "0x7000000 0x100000"
expect_region "kernel at 64M and a crash kernel: the gap between them" \
	kaslr-crashkernel.iomem plain.cmdline "0x6400000 0x100000"
expect_region "16M aligned, past the crash kernel" \
	kaslr-crashkernel.iomem plain.cmdline "0x17000000 0x1000000" --size 16M
expect_region "a reserved range is not RAM" \
	qemu-1g-memmap.iomem plain.cmdline "0x4000000 0x100000"
expect_region "--address inside free RAM" \
	qemu-1g.iomem plain.cmdline "0x20000000 0x200000" --address 0x20000000 --size 2M
if "$helper" --iomem "$samples/qemu-1g.iomem" --cmdline "$samples/qemu-1g-memmap.cmdline" \
	>/dev/null 2>"$work/warn" && grep -q 'does not show it as Reserved' "$work/warn"; then
	ok "setup-region: warns when the command line's region is not reserved in iomem"
else
	notok "setup-region: warns when the command line's region is not reserved in iomem"
fi
expect_fail() { # NAME WANT-RC MESSAGE-REGEX ARGS...
	local name=$1 want=$2 msg=$3 rc
	shift 3
	"$helper" "$@" >/dev/null 2>"$work/err"
	rc=$?
	if [ "$rc" = "$want" ] && grep -qE -- "$msg" "$work/err"; then
		ok "setup-region: $name (exit $rc)"
	else
		sed 's/^/# /' "$work/err"
		notok "setup-region: $name (exit $rc, want $want)"
	fi
}
expect_fail "no room above 64M in a 64M machine" 1 'no free 1M block' \
	--iomem $samples/small-64m.iomem --cmdline $samples/plain.cmdline
expect_fail "addresses hidden from non-root" 1 'run as root' \
	--iomem $samples/unprivileged.iomem --cmdline $samples/plain.cmdline
expect_fail "garbage instead of iomem" 1 'not in /proc/iomem format' \
	--iomem $samples/garbage.iomem --cmdline $samples/plain.cmdline
expect_fail "binary junk instead of iomem" 1 'not in /proc/iomem format' \
	--iomem /bin/true --cmdline $samples/plain.cmdline
expect_fail "unparsable memmap= on the command line" 1 "cannot parse 'memmap=1M\\\$0xZZ'" \
	--iomem $samples/qemu-1g.iomem --cmdline $samples/bad-memmap.cmdline
expect_fail "--address on the kernel image" 1 'is not free System RAM' \
	--iomem $samples/qemu-1g.iomem --cmdline $samples/plain.cmdline --address 0x1000000
expect_fail "a size that is not whole pages" 2 'multiple of 4K' --size 1000
expect_fail "an unknown option" 2 "unknown argument" --frobnicate

root=$work/root
mkdir -p "$root"
"$helper" --iomem $samples/qemu-1g.iomem --cmdline $samples/plain.cmdline --root "$root" >/dev/null 2>&1
check "setup-region writes nothing unless asked" test -z "$(find "$root" -mindepth 1)"
if "$helper" --iomem $samples/qemu-1g.iomem --cmdline $samples/plain.cmdline \
	--write --root "$root" >/dev/null 2>&1 &&
	grep -qx 'options bugcheck mem_address=0x4000000 mem_size=0x100000' "$root/etc/modprobe.d/bugcheck.conf" &&
	grep -qx 'bugcheck' "$root/etc/modules-load.d/bugcheck.conf" &&
	[ "$(bash -c ". '$root/etc/default/grub.d/bugcheck.cfg'; echo \"\$GRUB_CMDLINE_LINUX\"")" = ' memmap=1M\$0x4000000' ]; then
	ok "setup-region --write: modprobe.d, modules-load.d and GRUB (escaped \$) files"
else
	notok "setup-region --write: modprobe.d, modules-load.d and GRUB (escaped \$) files"
fi
# The real machine: whatever it proposes must lie in one System RAM range
# of the real /proc/iomem (root reads real addresses) and clear of the
# kernel image.
if [ "$(id -u)" = 0 ]; then
	real=$("$helper" 2>"$work/real.err" | awk '/^modprobe:/ { sub(/.*mem_address=/, ""); sub(/ mem_size=/, " "); print }')
	if [ -n "$real" ] && python3 - "$real" <<'PY'
import re, sys
a, size = (int(x, 16) for x in sys.argv[1].split())
b = a + size - 1
ram = busy = False
for line in open("/proc/iomem"):
    m = re.match(r"^( *)([0-9a-f]+)-([0-9a-f]+) : (.*)$", line.rstrip("\n"))
    s, e, name = int(m.group(2), 16), int(m.group(3), 16), m.group(4)
    if not m.group(1) and name == "System RAM" and s <= a and b <= e:
        ram = True
    elif name != "System RAM" and s <= b and a <= e:
        busy = True
sys.exit(0 if ram and not busy else 1)
PY
	then
		ok "setup-region on this machine's /proc/iomem: $real lies in free System RAM"
	else
		sed 's/^/# /' "$work/real.err"
		notok "setup-region on this machine's /proc/iomem: ${real:-nothing proposed}"
	fi
else
	notok "setup-region on the real /proc/iomem needs root"
fi

# ---------------------------------------------------------------- full-system lab
# The packages in a real Debian 12 guest (scripts/debian-lab.sh): boot 1
# loads the module at boot and crashes; boot 2 collects and forwards with
# no command from here; then an upgrade to a newer build, boot 3, remove
# and purge.  tests/debian-lab-guest.sh reports "R key value" lines.
upg=$work/deb-upgrade
if ! BUGCHECK_DEB_VERSION="$ver+lab1" BUGCHECK_DEB_OUT=$upg bash scripts/mkdeb.sh >"$work/mkdeb2.log" 2>&1; then
	sed 's/^/# /' "$work/mkdeb2.log" | tail -20
	notok "lab: make deb of the upgrade build $ver+lab1"
	exit 1
fi
if [ ! -f build/bugcheck_crashtest.ko ]; then
	notok "lab: build/bugcheck_crashtest.ko missing (make)"
	exit 1
fi
t0=$(date +%s)
if ! img=$(bash scripts/debian-lab.sh image "$out" "$upg" 2>"$work/image.log"); then
	sed 's/^/# /' "$work/image.log" | tail -30
	notok "lab: the guest image builds (debootstrap, apt with the local .debs, DKMS)"
	exit 1
fi
sed 's/^/# /' "$work/image.log" | grep -v '^# Creating regular file'
ok "lab: the guest image builds with the packages installed by apt ($(($(date +%s) - t0)) s)"
lab=$work/lab
bash scripts/debian-lab.sh run "$img" "$lab" 2>&1 | sed 's/^/# /'
res=$lab/results.log
# val BOOT KEY: the values reported under KEY during BOOT, one per line
val() {
	# (the guest's tty turns each "\n" into "\r\n")
	awk -v b="$1" -v k="$2" '
		{ sub(/\r$/, "") }
		$1 == "R" && $2 == "boot" { cur = $3 }
		$1 == "R" && $2 == k && cur == b { sub(/^R [^ ]+ ?/, ""); print }' "$res"
}
is() { # is NAME BOOT KEY WANT
	local got
	got=$(val "$2" "$3")
	if [ "$got" = "$4" ]; then ok "lab: $1"; else
		echo "# boot $2 $3: got '$got', want '$4'"
		notok "lab: $1"
	fi
}
show_tail() { tail -c 3000 "$lab/console.log" 2>/dev/null | tr -d '\r' | sed 's/^/# console: /'; }

kver=$(ls /boot/vmlinuz-*-amd64 | sed 's|.*/vmlinuz-||' | sort -V | tail -n 1)
is "boot 1: Debian's newest kernel ($kver) with memmap= on its command line" 1 kernel "$kver"
if val 1 cmdline | grep -qF 'memmap=1M$0x7000000'; then ok "lab: boot 1: memmap=1M\$0x7000000 on the command line"
else notok "lab: boot 1: memmap= on the command line"; show_tail; fi
is "boot 1: systemd-modules-load inserted bugcheck (modules-load.d)" 1 modules-load 1
is "boot 1: options from modprobe.d: mem_address=0x7000000" 1 mem_address $((0x7000000))
is "boot 1: options from modprobe.d: mem_size=1M" 1 mem_size $((0x100000))
is "boot 1: the loaded module is DKMS's build" 1 module-file "/lib/modules/$kver/updates/dkms/bugcheck.ko"
is "boot 1: loaded srcversion = the DKMS-installed file's" 1 srcversion-loaded "$(val 1 srcversion-file)"
is "boot 1: dkms status" 1 dkms "bugcheck/$uver, $kver, x86_64: installed"
is "boot 1: bugcheck-collect.service succeeds with nothing to collect" 1 collect-result success
is "boot 1: the crash fired" 1 crash firing
is "boot 2: the guest rebooted after the oops panic" 2 boot 2

is "boot 2: bugcheck-collect.service ran by itself and succeeded" 2 collect-result success
val 2 collect-journal | sed 's/^/# collect: /'
hash=$(val 2 failure-hash)
list=$(val 2 list)
if [ -n "$hash" ] && jq -e 'map(select(.state == "sent")) | length == 1' <<<"$list" >/dev/null 2>&1; then
	ok "lab: boot 2: the forwarder sent the report (spool: sent, failure hash $hash)"
else
	echo "# list: $list"
	notok "lab: boot 2: the forwarder sent the report"
	show_tail
fi
bucket=$(val 2 server-bucket)
if jq -e --arg h "$hash" '.failureHash == $h and .hits >= 1 and (.symbol | test("crashtest_null_deref"))' \
	<<<"$bucket" >/dev/null 2>&1; then
	ok "lab: boot 2: the server in the guest has the bucket: $(jq -r '.failureName + " (bucket " + (.bucketId|tostring) + ", hits " + (.hits|tostring) + ")"' <<<"$bucket")"
else
	echo "# bucket: $bucket"
	notok "lab: boot 2: the server in the guest has the bucket"
fi
sent=$(val 2 journal-sent | head -n 1)
if [ -n "$bucket" ] && jq -e --argjson b "$(jq '.bucketId' <<<"$bucket" 2>/dev/null || echo null)" \
	'.MESSAGE_ID == "555c0b077b01477dbb6f487d753e196c" and (.BUGCHECK_BUCKET_ID | tonumber) == $b and
	 ._SYSTEMD_UNIT == "bugcheck-forward.service"' <<<"$sent" >/dev/null 2>&1; then
	ok "lab: boot 2: journal MESSAGE_ID=555c0b07... from bugcheck-forward.service names the bucket"
else
	echo "# journal: ${sent:0:600}"
	notok "lab: boot 2: journal MESSAGE_ID entry from bugcheck-forward.service names the bucket"
fi
is "boot 2: bugcheck-server.service runs as the package's system user" 2 server-user _bugcheck-server
# What collect costs the boot (systemd-analyze in the guest, under TCG).
blame=$(val 2 blame | grep 'bugcheck-collect.service' | awk '{ $NF = ""; print }' | sed 's/ *$//')
chain=$(val 2 critical-chain)
echo "# systemd-analyze time: $(val 2 analyze-time | head -n 1)"
echo "# critical chain:"
sed 's/^/#   /' <<<"$chain"
if [ -n "$blame" ] && ! grep -q 'bugcheck-collect' <<<"$chain"; then
	ok "lab: boot 2: bugcheck-collect.service took $blame (blame) and is not on the critical chain"
else
	notok "lab: boot 2: bugcheck-collect.service (blame '$blame') is not on the critical chain"
fi
if [ -n "$chain" ] && ! grep -q 'bugcheck-forward' <<<"$chain"; then
	ok "lab: boot 2: bugcheck-forward.service is not on the critical chain"
else
	notok "lab: boot 2: bugcheck-forward.service is not on the critical chain"
fi
read -r cs ce <<<"$(val 2 collect-usec)"
if [ -n "${ce:-}" ] && [ "${ce:-0}" -gt 0 ]; then
	echo "# bugcheck-collect.service main process: $(((ce - cs) / 1000)) ms (guest clock, TCG)"
fi
is "boot 2: dpkg -i of the newer build succeeds" 2 upgrade-rc 0
val 2 upgrade | grep -iE 'dkms|Building|Installing|Setting up' | sed 's/^/# upgrade: /'

is "boot 3: the guest rebooted after the upgrade" 3 boot 3
is "boot 3: the module is loaded again" 3 module loaded
is "boot 3: bugcheck-collect.service of the new build succeeds" 3 collect-result success
is "boot 3: dkms status: only the new version" 3 dkms "bugcheck/$uver+lab1, $kver, x86_64: installed"
m1=$(val 1 module-mtime)
m3=$(val 3 module-mtime)
if [ -n "$m1" ] && [ -n "$m3" ] && [ "$m3" -gt "$m1" ] && [ "$(val 3 srcversion-loaded)" = "$(val 3 srcversion-file)" ]; then
	ok "lab: boot 3: DKMS rebuilt bugcheck.ko in the guest and the rebuilt file is the one loaded"
else
	notok "lab: boot 3: DKMS rebuilt bugcheck.ko (mtime $m1 -> $m3)"
fi
if [ "$(val 3 versions | awk '{ print $2 }' | sort -u)" = "$uver+lab1" ]; then
	ok "lab: boot 3: all three packages at $uver+lab1"
else
	notok "lab: boot 3: all packages upgraded ($(val 3 versions | tr '\n' ' '))"
fi
is "boot 3: the upgrade kept the administrator's agent.conf" 3 conf-kept 1
is "boot 3: the upgrade kept the server's database (1 report)" 3 db-kept 1
is "boot 3: dpkg --remove succeeds" 3 remove-rc 0
is "boot 3: remove keeps the spool" 3 spool-after-remove kept
is "boot 3: remove keeps the database" 3 db-after-remove kept
is "boot 3: dpkg --purge succeeds" 3 purge-rc 0
left=$(val 3 leftover)
if [ -z "$left" ] && [ "$(val 3 leftover-user)" = 0 ] && [ "$(val 3 leftover-dkms)" = 0 ] &&
	[ "$(val 3 leftover-pkgs)" = 0 ]; then
	ok "lab: boot 3: purge leaves no file, user, DKMS tree or package of the project"
else
	sed 's/^/# leftover: /' <<<"$left"
	notok "lab: boot 3: purge leaves nothing (user $(val 3 leftover-user), dkms $(val 3 leftover-dkms), pkgs $(val 3 leftover-pkgs))"
fi
is "boot 3: the guest finished and powered off" 3 finished yes
echo "# guest run: $(cat "$lab/seconds" 2>/dev/null) s for three boots"

exit $((fails > 0))
