#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the crash lab guest.  The console (ttyS0) carries the kernel's
# messages; the second serial port (ttyS1) is a private channel to the host
# controller (scripts/lab.py):
#
#   guest -> host   READY                    once per boot, when ready
#   host  -> guest  RUN <base64 script>      run a step
#   guest -> host   OUT <base64 output>      its stdout and stderr
#   guest -> host   END <exit status>
#
# A crash reboots the machine (panic=1), and the host sees READY again.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mkdir -p /sys/fs/pstore && mount -t pstore pstore /sys/fs/pstore 2>/dev/null
hostname lab-guest

stty -F /dev/ttyS1 raw -echo 115200
exec 3<>/dev/ttyS1
echo "READY" >&3
while read -r cmd arg <&3; do
	case "$cmd" in
	RUN)
		echo "$arg" | base64 -d > /tmp/step.sh
		sh /tmp/step.sh > /tmp/step.out 2>&1 < /dev/null
		rc=$?
		echo "OUT $(base64 -w 0 < /tmp/step.out)" >&3
		echo "END $rc" >&3
		;;
	POWEROFF)
		sync
		poweroff -f
		;;
	esac
done
poweroff -f
