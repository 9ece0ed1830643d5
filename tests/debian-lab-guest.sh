#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the full-system Debian lab guest (scripts/debian-lab.sh puts
# it in the image as /usr/local/sbin/bugcheck-lab, started by
# bugcheck-lab.service on every boot).  It only observes and reports;
# the packages' own units do the work.  Results go to the second serial
# port (/dev/ttyS1) as "R <key> <value>" lines, which the host test reads.
#
#   boot 1  the module was loaded by systemd-modules-load with the options
#           of modprobe.d; then a kernel oops (crash-trigger module, lab
#           only) panics the machine, which reboots in the same QEMU
#   boot 2  bugcheck-collect.service and bugcheck-forward.service did
#           their work with no command from here: report the spool, the
#           server's bucket, the journal and systemd-analyze's figures;
#           then "dpkg -i" the newer build (DKMS rebuilds) and reboot
#   boot 3  the rebuilt module is loaded; configuration and data are kept;
#           "dpkg --remove" keeps spool and database, "dpkg --purge"
#           leaves nothing; power off
set -u
out=/dev/ttyS1
state=/var/lib/bugcheck-lab/stage
r() { printf 'R %s %s\n' "$1" "$2" >"$out"; }
rfile() { # rfile KEY CMD...: every output line as "R KEY line"
	local k=$1
	shift
	"$@" 2>&1 | while IFS= read -r l; do r "$k" "$l"; done
	return "${PIPESTATUS[0]}"
}

mkdir -p "${state%/*}"
stage=$(cat "$state" 2>/dev/null || echo 1)
r boot "$stage"
r kernel "$(uname -r)"
r cmdline "$(cat /proc/cmdline)"
# Wait for the boot to finish, so systemd-analyze can tell.
r system-state "$(timeout 300 systemctl is-system-running --wait 2>&1)"
rfile failed systemctl --failed --plain --no-legend --no-pager
rfile collect-journal journalctl -b -o cat --no-pager -u bugcheck-collect.service
r collect-result "$(systemctl show -p Result --value bugcheck-collect.service)"

module_report() {
	if [ -d /sys/module/bugcheck ]; then
		r module loaded
		r mem_address "$(cat /sys/module/bugcheck/parameters/mem_address)"
		r mem_size "$(cat /sys/module/bugcheck/parameters/mem_size)"
		r srcversion-loaded "$(cat /sys/module/bugcheck/srcversion)"
	else
		r module absent
	fi
	# systemd-modules-load runs before journald: its messages reach the
	# journal through the kernel log, without a unit field.
	r modules-load "$(journalctl -b -o cat -t systemd-modules-load | grep -c "Inserted module 'bugcheck'")"
	r module-file "$(modinfo -F filename bugcheck 2>&1)"
	r module-mtime "$(stat -c %Y "$(modinfo -F filename bugcheck)" 2>&1)"
	r srcversion-file "$(modinfo -F srcversion bugcheck 2>&1)"
	# (dkms itself may complain of a broken pipe on stderr)
	r dkms "$(dkms status bugcheck 2>/dev/null)"
}

case $stage in
1)
	module_report
	rfile modprobe-d cat /etc/modprobe.d/bugcheck.conf
	echo 2 >"$state"
	sync
	echo 1 >/proc/sys/kernel/panic_on_oops
	if insmod /root/bugcheck_crashtest.ko; then
		r crash firing
		echo NULL_DEREF >/sys/kernel/debug/bugcheck-crashtest/trigger
	fi
	r crash "did not happen"
	;;
2)
	module_report
	# The forwarder retries (retry_min) until the server is up; give it
	# time, but never touch it.
	for _ in $(seq 1 120); do
		bugcheck list --json 2>/dev/null | grep -q '"state": *"sent"' && break
		sleep 2
	done
	r list "$(bugcheck list --json 2>&1 | tr -d '\n')"
	hash=$(bugcheck list --json 2>/dev/null | grep -o '"failure_hash": *"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
	r failure-hash "$hash"
	r server-bucket "$(curl -s -H "Authorization: Bearer $(cat /root/admin.token)" \
		"http://127.0.0.1:8470/api/v1/failures/$hash" | tr -d '\n')"
	rfile journal-sent journalctl -b -o json --no-pager MESSAGE_ID=555c0b077b01477dbb6f487d753e196c
	r collect-usec "$(systemctl show -p ExecMainStartTimestampMonotonic -p ExecMainExitTimestampMonotonic --value bugcheck-collect.service | tr '\n' ' ')"
	rfile blame systemd-analyze blame --no-pager
	rfile critical-chain systemd-analyze critical-chain --no-pager
	rfile analyze-time systemd-analyze time
	r forward-active "$(systemctl is-active bugcheck-forward.service)"
	r server-active "$(systemctl is-active bugcheck-server.service)"
	r server-user "$(stat -c %U "/proc/$(systemctl show -p MainPID --value bugcheck-server.service)")"
	# Upgrade to the newer build (dpkg -i, as apt would with local files).
	echo 3 >"$state"
	rfile upgrade env DEBIAN_FRONTEND=noninteractive dpkg -i /root/upgrade/bugcheck-dkms_*.deb /root/upgrade/bugcheck_*.deb \
		/root/upgrade/bugcheck-server_*.deb
	r upgrade-rc "$?"
	sync
	systemctl reboot
	;;
3)
	module_report
	# shellcheck disable=SC2016 # dpkg-query's own format, not an expansion
	rfile versions dpkg-query -W -f '${Package} ${Version}\n' bugcheck bugcheck-dkms bugcheck-server
	r conf-kept "$(grep -c '^forward = yes' /etc/bugcheck/agent.conf)"
	r db-kept "$(sqlite3 /var/lib/bugcheck-server/reports.sqlite 'select count(*) from reports' 2>&1)"
	r spool-files-before "$(find /var/spool/bugcheck -type f | wc -l)"
	systemctl stop bugcheck-forward.service bugcheck-server.service
	modprobe -r bugcheck
	r remove-rc "$(dpkg --remove bugcheck bugcheck-server bugcheck-dkms bugcheck-dev >/dev/null 2>&1; echo $?)"
	r spool-after-remove "$([ -d /var/spool/bugcheck ] && echo kept || echo gone)"
	r db-after-remove "$([ -f /var/lib/bugcheck-server/reports.sqlite ] && echo kept || echo gone)"
	# The agent token is the administrator's own file (made by
	# "bugcheck-server token create" above, not by a package): the
	# administrator deletes it, purge does not guess.
	rm -f /etc/bugcheck/token
	r purge-rc "$(dpkg --purge bugcheck bugcheck-server bugcheck-dkms bugcheck-dev >/dev/null 2>&1; echo $?)"
	# Everything of the project, except this lab's own files.
	find / -xdev \( -path /proc -o -path /sys -o -path /root -o -path /var/log/journal \) -prune -o \
		-iname '*bugcheck*' -print 2>/dev/null |
		grep -v -e '^/usr/local/sbin/bugcheck-lab$' -e '^/etc/systemd/system/bugcheck-lab.service$' \
			-e '^/var/lib/bugcheck-lab' -e '^/etc/systemd/system/multi-user.target.wants/bugcheck-lab.service$' |
		while IFS= read -r f; do r leftover "$f"; done
	r leftover-user "$(getent passwd _bugcheck-server | wc -l)"
	r leftover-dkms "$(find /var/lib/dkms -maxdepth 1 -name "bugcheck*" 2>/dev/null | wc -l)"
	r leftover-pkgs "$(dpkg-query -W -f '${Status}\n' 'bugcheck*' 2>/dev/null | grep -vc not-installed)"
	echo finished >"$state"
	r finished yes
	sync
	systemctl poweroff
	;;
*)
	r finished again
	systemctl poweroff
	;;
esac
