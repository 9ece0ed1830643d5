#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The systemd units as shipped: systemd-analyze verify accepts them (with
# ExecStart pointed at the built binaries), their offline security exposure
# stays within bounds (collect, forward and watch <= 3.0, server <= 5.0 on
# systemd's 0-10 scale), and the tmpfiles entry creates the spool and state
# directories with mode 0750.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

fails=0
ok() { echo "ok - units: $1"; }
notok() { echo "not ok - units: $1"; fails=$((fails + 1)); }

if ! command -v systemd-analyze >/dev/null; then
	notok "systemd-analyze missing (scripts/setup.sh installs systemd)"
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dest=$work/dest
# Install as a package would, then point the installed units' absolute
# paths into that tree: a unit naming a path "make install" does not fill
# fails verify.
if ! make -s install DESTDIR="$dest" >"$work/install.log" 2>&1; then
	sed 's/^/# /' "$work/install.log"
	notok "make install DESTDIR=..."
	exit 1
fi
ok "make install DESTDIR=... installs binaries, units, tmpfiles, headers, config"
for u in bugcheck-collect bugcheck-forward bugcheck-server bugcheck-watch; do
	sed -e "s|=/usr/sbin/|=$dest/usr/sbin/|" "$dest/lib/systemd/system/$u.service" \
		> "$work/$u.service"
done

for u in bugcheck-collect bugcheck-forward bugcheck-server bugcheck-watch; do
	if out=$(systemd-analyze verify "$work/$u.service" 2>&1) && [ -z "$out" ]; then
		ok "$u.service passes systemd-analyze verify"
	else
		# shellcheck disable=SC2001 # prefixes every line, not one substitution
		echo "$out" | sed 's/^/# /'
		notok "$u.service passes systemd-analyze verify"
	fi
done

# --threshold is on a 0-100 scale (10x the printed exposure).
for spec in bugcheck-collect:30 bugcheck-forward:30 bugcheck-server:50 bugcheck-watch:30; do
	u=${spec%%:*}
	t=${spec#*:}
	out=$(systemd-analyze security --offline=true --threshold="$t" "$work/$u.service" 2>&1)
	rc=$?
	level=$(echo "$out" | grep -o 'exposure level for [^:]*: [0-9.]*' | grep -o '[0-9.]*$')
	if [ "$rc" -eq 0 ] && [ -n "$level" ]; then
		ok "$u.service sandboxed: exposure $level (limit $((t / 10)).0)"
	else
		echo "$out" | grep -v '^✓' | tail -25 | sed 's/^/# /'
		notok "$u.service sandboxed: exposure ${level:-?} (limit $((t / 10)).0)"
	fi
done

root=$work/root
mkdir -p "$root"
if systemd-tmpfiles --create --root="$root" "$dest/usr/lib/tmpfiles.d/bugcheck.conf" &&
	[ "$(stat -c %a "$root/var/spool/bugcheck")" = 750 ] &&
	[ "$(stat -c %a "$root/var/lib/bugcheck")" = 750 ]; then
	ok "tmpfiles entry creates the spool and state directories (0750)"
else
	notok "tmpfiles entry creates the spool and state directories (0750)"
fi
exit $((fails > 0))
