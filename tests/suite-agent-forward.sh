#!/usr/bin/env bash
# shellcheck disable=SC2015 # "checks && ... || { report; fail; }" is meant: report when any check fails
# SPDX-License-Identifier: GPL-2.0
#
# Agent spool and forwarding, on the host, against the REAL bucketing server
# (build/bugcheck-server on 127.0.0.1 with a temporary database and an agent
# token): spool atomicity under SIGKILL and dedup, forward, idempotent
# resend, server down then up, vendor response logged and listed, the
# daemon, privacy of the payload (--dry-run), pstore and kdump readers,
# configuration errors.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

t0=$(date +%s)
fails=0
work=$(mktemp -d)
srv_pid=
daemon_pid=
cleanup() {
	[ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

ok() { echo "ok - agent-forward: $1"; }
notok() { echo "not ok - agent-forward: $1"; fails=$((fails + 1)); }
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else notok "$name"; fi
}

if ! make -s -j2 build/bugcheck build/bugcheck-server build/tests/report_test \
	build/tests/record_test >"$work/build.log" 2>&1; then
	cat "$work/build.log"
	notok "build"
	exit 1
fi
bc=build/bugcheck
srv=build/bugcheck-server

# Unit tests of report/config/spool/sources (plain, and ASan+UBSan when the
# agent suite built it).
build/tests/report_test | sed 's/^\(ok\|not ok\) - /\1 - agent-forward: plain: /'
[ "${PIPESTATUS[0]}" -eq 0 ] || fails=$((fails + 1))
if [ -x build/san/tests/report_test ] || make -s -j2 SAN=1 build/san/tests/report_test >/dev/null 2>&1; then
	ASAN_OPTIONS=detect_leaks=1 build/san/tests/report_test 2>/dev/null |
		sed 's/^\(ok\|not ok\) - /\1 - agent-forward: asan: /'
	[ "${PIPESTATUS[0]}" -eq 0 ] || fails=$((fails + 1))
fi

# Fixtures: the encoder's record, and a region with 8 distinct records.
fx=$work/fx
build/tests/record_test --fixtures "$fx" >/dev/null
build/tests/report_test --region8 "$fx/record.bin" "$fx/region8.bin"

spool=$work/spool
db=$work/db.sqlite
"$srv" token create --role agent --db "$db" >"$work/agent.tok" 2>/dev/null
"$srv" token create --role admin --db "$db" >"$work/admin.tok" 2>/dev/null
admin=$(cat "$work/admin.tok")

# The server picks a free port each time it starts (a restarted server may
# not get its old port back at once); the agent's config follows it.
conf_extra=
start_server() {
	"$srv" --db "$db" --listen "127.0.0.1:0" 2>"$work/srv.log" &
	srv_pid=$!
	local i
	for i in $(seq 50); do
		port=$(grep -o 'listening on port [0-9]*' "$work/srv.log" | grep -o '[0-9]*$')
		if [ -n "$port" ]; then
			[ -n "${BUGCHECK_AGENT_CONFIG:-}" ] && write_conf <<<"$conf_extra"
			return 0
		fi
		sleep 0.1
	done
	return 1
}
stop_server() {
	kill "$srv_pid" 2>/dev/null
	wait "$srv_pid" 2>/dev/null
	srv_pid=
}
start_server || { notok "server starts"; exit 1; }

write_conf() {	# extra lines on stdin
	{
		echo "forward = yes"
		echo "server = http://127.0.0.1:$port"
		echo "allow_http = yes"
		echo "token_file = $work/agent.tok"
		echo "spool_dir = $spool"
		echo "state_dir = $work/state"
		echo "pstore_dir = $work/pstore"
		echo "kdump_dir = $work/crash"
		echo "device_type = vm"
		echo "market = lab-eu"
		echo "retry_min = 1"
		echo "retry_max = 2"
		echo "poll_interval = 2"
		cat
	} >"$work/agent.conf"
}
write_conf </dev/null
export BUGCHECK_AGENT_CONFIG=$work/agent.conf

api() {	# method path [body]
	if [ $# -ge 3 ]; then
		curl -s -X "$1" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
			-d "$3" "http://127.0.0.1:$port$2"
	else
		curl -s -H "Authorization: Bearer $admin" "http://127.0.0.1:$port$2"
	fi
}
total_hits() { api GET "/api/v1/top?limit=1000" | jq '.TotalHits'; }
waiting() { find "$spool/new" -name '*.json' 2>/dev/null | wc -l; }

# --- spool atomicity and dedup under SIGKILL ------------------------------
kill_collect() {
	local i pid bad=0 f id
	for i in $(seq 25); do
		"$bc" collect --from-file "$fx/region8.bin" --spool >/dev/null 2>&1 &
		pid=$!
		sleep "0.00$((RANDOM % 9))$((RANDOM % 10))"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		# whatever is in new/ is whole and named after its report id
		for f in "$spool"/new/*.json; do
			[ -e "$f" ] || continue
			id=$(jq -r .report_id "$f" 2>/dev/null) || { echo "# torn file $f"; bad=1; }
			[ "$(basename "$f" .json)" = "$id" ] || { echo "# $f holds $id"; bad=1; }
		done
	done
	"$bc" collect --from-file "$fx/region8.bin" --spool >/dev/null 2>"$work/c.err" || bad=1
	"$bc" collect --from-file "$fx/region8.bin" --spool >/dev/null 2>"$work/c2.err" || bad=1
	[ "$(waiting)" -eq 8 ] || { echo "# $(waiting) reports spooled, want 8"; bad=1; }
	find "$spool/new" -name '*.tmp*' | grep -q . && { echo "# temporaries left"; bad=1; }
	grep -q '0 reports spooled, 8 already spooled' "$work/c2.err" || { cat "$work/c2.err"; bad=1; }
	[ "$bad" -eq 0 ]
}
check "collect killed (SIGKILL) 25 times at random points: spool whole, 8 reports, re-collect adds none" kill_collect

# --- forward --------------------------------------------------------------
fwd_first() {
	cp -r "$spool/new" "$work/new-copy"
	"$bc" forward >"$work/f.out" 2>"$work/f.err" || { cat "$work/f.err"; return 1; }
	[ "$(waiting)" -eq 0 ] && [ "$(total_hits)" -eq 8 ] &&
		[ "$("$bc" list --json | jq '[.[] | select(.state == "sent")] | length')" -eq 8 ] &&
		grep -q '8 sent' "$work/f.err"
}
check "forward: 8 reports acknowledged, counted 8 times, listed as sent" fwd_first

fwd_idempotent() {
	# a power cut between the server's reply and the spool update: resend
	cp "$work"/new-copy/*.json "$spool/new/"
	"$bc" forward >/dev/null 2>"$work/f.err" || return 1
	[ "$(waiting)" -eq 0 ] && [ "$(total_hits)" -eq 8 ] &&
		grep -q '0 sent, 8 already known' "$work/f.err" &&
		[ "$("$bc" list --json | jq '[.[] | select(.state == "duplicate")] | length')" -eq 8 ]
}
check "forward: resent reports are duplicates, hits stay 8" fwd_idempotent

server_down() {
	local rc
	stop_server
	"$bc" clear --help >/dev/null
	"$bc" collect --from-file "$fx/record.bin" --spool --spool-dir "$work/spool2" >/dev/null 2>&1
	cp "$work"/spool2/new/*.json "$spool/new/" 2>/dev/null
	# a report nobody has seen: from a kdump directory
	mkdir -p "$work/crash/202401021530"
	cp ../shared/corpus/*/*NULL* "$work/crash/202401021530/dmesg.202401021530" 2>/dev/null ||
		printf '[    1.000000] BUG: kernel NULL pointer dereference, address: 0000000000000000\n[    1.000001] RIP: 0010:foo_bar+0x1/0x10 [foo]\n[    1.000002] Call Trace:\n[    1.000003]  foo_bar+0x1/0x10 [foo]\n[    1.000004]  vfs_read+0x10/0x20\n' \
			>"$work/crash/202401021530/dmesg.202401021530"
	"$bc" collect --source kdump >/dev/null 2>&1
	"$bc" forward >/dev/null 2>"$work/f.err"
	rc=$?
	[ "$rc" -eq 1 ] || { echo "# exit $rc with the server down"; return 1; }
	[ "$(waiting)" -ge 1 ] || { echo "# nothing waiting"; return 1; }
	"$bc" status --json 2>/dev/null >"$work/st.json"
	jq -e '.spool.last_forward.result == "error" and .spool.waiting >= 1' "$work/st.json" >/dev/null ||
		{ cat "$work/st.json"; return 1; }
	# (status exits 1 here: no bugcheck.ko on the test host)
	"$bc" status >"$work/st.txt" 2>/dev/null
	grep -q '^last forward: .*error' "$work/st.txt" || { cat "$work/st.txt"; return 1; }
	start_server || return 1
	"$bc" forward >/dev/null 2>"$work/f.err" || { cat "$work/f.err"; return 1; }
	[ "$(waiting)" -eq 0 ] && [ "$(total_hits)" -eq 9 ]
}
check "server down: exit 1, reports kept, status says error; server up: sent once" server_down

response() {
	local hash
	hash=$(jq -r .classification.failure_hash "$work"/new-copy/*.json | head -n 1)
	api POST /api/v1/responses "{\"failure_hash\":\"$hash\",\"message\":\"Fixed in crashtest 1.1\",\"link\":\"https://vendor.example/kb/1\"}" >/dev/null
	"$bc" forward >/dev/null 2>"$work/f.err" || return 1
	grep -q '<5>bugcheck forward: vendor response for report .*Fixed in crashtest 1.1 https://vendor.example/kb/1' "$work/f.err" || { cat "$work/f.err"; return 1; }
	"$bc" list >"$work/list" || return 1
	grep -q 'response: Fixed in crashtest 1.1  https://vendor.example/kb/1' "$work/list" &&
		[ "$("$bc" list --json | jq '[.[] | select(.response.message == "Fixed in crashtest 1.1")] | length')" -ge 1 ]
}
check "vendor response: polled, logged with its link, shown by list" response

response_on_ingest() {
	# a new report into a bucket that has a response gets it in the reply
	local id
	"$bc" collect --from-file "$fx/record.bin" --spool --spool-dir "$work/spool3" >/dev/null 2>&1
	id=$(basename "$work"/spool3/new/*.json .json)
	jq '.report_id = "'"${id:0:31}"'f" | .agent.origin = "copy"' "$work/spool3/new/$id.json" \
		>"$spool/new/${id:0:31}f.json"
	"$bc" forward --no-poll >/dev/null 2>"$work/f.err" || return 1
	grep -q "vendor response for report ${id:0:31}f" "$work/f.err" &&
		"$bc" show "${id:0:31}f" | grep -q '^response: *Fixed in crashtest 1.1'
}
check "vendor response in the ingest reply: logged and shown by show" response_on_ingest

daemon() {
	local i
	"$bc" forward --daemon 2>"$work/d.err" &
	daemon_pid=$!
	sleep 1
	"$bc" collect --from-file "$fx/record.bin" --spool --spool-dir "$work/spool4" >/dev/null 2>&1
	id=$(basename "$work"/spool4/new/*.json .json)
	jq '.report_id = "'"${id:0:30}"'ee"' "$work/spool4/new/$id.json" >"$work/x.json"
	mv "$work/x.json" "$spool/new/${id:0:30}ee.json"
	for i in $(seq 50); do
		[ "$(waiting)" -eq 0 ] && break
		sleep 0.1
	done
	[ "$(waiting)" -eq 0 ] || { echo "# daemon did not send"; cat "$work/d.err"; return 1; }
	kill -TERM "$daemon_pid"
	wait "$daemon_pid"
	i=$?
	daemon_pid=
	[ "$i" -eq 0 ] && grep -q 'stopped' "$work/d.err"
}
check "forward --daemon: sends a newly spooled report within 5 s, SIGTERM exits 0" daemon

daemon_backoff() {
	local i rc before
	before=$(total_hits)
	stop_server
	cp "$work"/new-copy/*.json "$spool/new/"
	"$bc" forward --daemon 2>"$work/d.err" &
	daemon_pid=$!
	sleep 3
	grep -c 'retry [0-9]* in' "$work/d.err" >"$work/retries"
	start_server || return 1
	kill -HUP "$daemon_pid"		# the server came back on a new port
	for i in $(seq 80); do
		[ "$(waiting)" -eq 0 ] && break
		sleep 0.1
	done
	kill -TERM "$daemon_pid"
	wait "$daemon_pid"
	rc=$?
	daemon_pid=
	[ "$rc" -eq 0 ] && [ "$(waiting)" -eq 0 ] && [ "$(cat "$work/retries")" -ge 2 ] &&
		[ "$(total_hits)" -eq "$before" ] || { cat "$work/d.err"; return 1; }
}
check "forward --daemon: server down -> retries with backoff, then delivers, nothing counted twice" daemon_backoff

# --- privacy --------------------------------------------------------------
privacy() {
	local host fqdn p
	host=$(hostname)
	fqdn=$(hostname -f 2>/dev/null || echo "$host")
	mkdir -p "$work/crash/202402030405"
	cat >"$work/crash/202402030405/dmesg.202402030405" <<LOG
[  100.000001] e1000e 0000:00:19.0 eth0: NIC Link is Up, host $host ($fqdn) addr 192.168.17.42
[  100.000002] IPv6: ADDRCONF(NETDEV_CHANGE): eth0: fe80::5054:ff:fe12:3456 and 2001:db8::42 mac 52:54:00:ab:cd:ef
[  100.000003] BUG: unable to handle page fault for address: ffff9f2e81234000
[  100.000004] #PF: supervisor read access in kernel mode
[  100.000005] Oops: 0000 [#1] PREEMPT SMP NOPTI
[  100.000006] CPU: 0 PID: 1 Comm: $host Not tainted 6.1.0-18-amd64 #1 Debian 6.1.76-1
[  100.000007] RIP: 0010:e1000_clean_rx_irq+0x123/0x400 [e1000e]
[  100.000008] RSP: 0018:ffffb1c2c0a3fd80 EFLAGS: 00010246
[  100.000009] RAX: ffff8880deadbeef RBX: 0000000000000000 RCX: ffffffffc0a01011
[  100.000010] Call Trace:
[  100.000011]  <TASK>
[  100.000012]  e1000_clean_rx_irq+0x123/0x400 [e1000e]
[  100.000013]  ? 0xffffffffc0a01011
[  100.000014]  net_rx_action+0x145/0x3c0
[  100.000015]  __do_softirq+0xc8/0x2ab
[  100.000016]  </TASK>
[  100.000017] remote 10.20.30.40 connected from $host.internal
LOG
	"$bc" collect --source kdump >/dev/null 2>&1 || return 1
	"$bc" forward --dry-run >"$work/payload" || return 1
	[ -s "$work/payload" ] || return 1
	# (device_type is the configured "vm", which may also be a host name)
	jq -c 'del(.device_type)' "$work/payload" >"$work/payload.nodev"
	for p in ffff 0xffff 192.168.17.42 10.20.30.40 fe80:: 2001:db8 52:54:00 "$host" "$fqdn"; do
		if grep -qiwF -- "$p" "$work/payload.nodev" ||
			{ [ "${#p}" -gt 3 ] && grep -qiF -- "$p" "$work/payload.nodev"; }; then
			echo "# payload contains '$p'"
			return 1
		fi
	done
	# every request is a valid report the real server accepts
	jq -e 'select(.source == "kdump") | .machine_id | test("^[0-9a-f]{32}$")' "$work/payload" >/dev/null &&
		jq -e 'select(.source == "kdump") | .classification.image == "e1000e" and .device_type == "vm" and .market == "lab-eu"' \
			"$work/payload" >/dev/null &&
		jq -e 'select(.source == "kdump") | (.stack | length > 0) and all(.stack[]; has("offset") and (has("addr") | not))' \
			"$work/payload" >/dev/null &&
		"$bc" forward >/dev/null 2>&1 && [ "$(waiting)" -eq 0 ]
}
check "privacy: no pointers, IPs, MACs, host name or FQDN in the --dry-run payload; the server accepts it" privacy

# --- the same crash from a second source -----------------------------------
# The kdump dump above was forwarded; a pstore copy of the same crash (same
# printk lines, same timestamps) is released without a second report.
same_crash() {
	local d=$work/pstore before
	mkdir -p "$d"
	{ echo "Oops#1 Part1"; sed 's/^/<4>/' "$work/crash/202402030405/dmesg.202402030405"; } >"$d/dmesg-ramoops-0"
	before=$(total_hits)
	"$bc" collect --source pstore 2>"$work/same.err" || { cat "$work/same.err"; return 1; }
	grep -q "is the crash already reported as" "$work/same.err" || { sed "s/^/# /" "$work/same.err"; return 1; }
	[ -z "$(ls "$d")" ] && [ "$(waiting)" -eq 0 ] &&
		"$bc" forward >/dev/null 2>&1 && [ "$(total_hits)" -eq "$before" ]
}
check "same crash from kdump and pstore: one report, the second dump released" same_crash

# --- pstore: files as ramoops makes them ----------------------------------
pstore() {
	local d=$work/pstore
	mkdir -p "$d"
	# another crash of the same bug, later in another boot: own report
	sed -i 's/^\[  100\./[  200./' "$work/crash/202402030405/dmesg.202402030405"
	# one oops, split in 3 parts (Part1 = newest text), each with ramoops' ECC line
	{ echo "Oops#1 Part3"; sed -n '1,6p' "$work/crash/202402030405/dmesg.202402030405" | sed 's/^/<4>/'; printf '\nECC: No errors detected\n'; } >"$d/dmesg-ramoops-0"
	{ echo "Oops#1 Part2"; sed -n '7,12p' "$work/crash/202402030405/dmesg.202402030405" | sed 's/^/<4>/'; printf '\nECC: No errors detected\n'; } >"$d/dmesg-ramoops-1"
	{ echo "Oops#1 Part1"; sed -n '13,$p' "$work/crash/202402030405/dmesg.202402030405" | sed 's/^/<4>/'; printf '\nECC: No errors detected\n'; } >"$d/dmesg-ramoops-2"
	"$bc" collect --json --source pstore >"$work/ps.json" 2>/dev/null || return 1
	[ "$(jq -s 'length' "$work/ps.json")" -eq 1 ] &&
		jq -e '.parts == 3 and .classification.image == "e1000e" and (.log | test("ECC") | not) and (.log | index("NIC Link") < index("net_rx_action"))' \
			"$work/ps.json" >/dev/null || { cat "$work/ps.json"; return 1; }
	[ -e "$d/dmesg-ramoops-0" ] || return 1		# --json alone releases nothing
	"$bc" collect --source pstore >/dev/null 2>&1 || return 1
	[ -z "$(ls "$d")" ] || { echo "# pstore files left: $(ls "$d")"; return 1; }
	jq -e 'select(.source == "pstore")' "$spool"/new/*.json >/dev/null
}
check "pstore: 3-part ramoops dump joined in order, one report, files removed after spooling" pstore

kdump_formats() {
	# makedumpfile --dump-dmesg (6.1 lockless ring buffer: "[%5lld.%06lld] text")
	# and vmcore-dmesg with caller ids; a vmcore to run the tools on cannot be
	# made on this host, so the files follow the tools' documented formats.
	mkdir -p "$work/crash/202403040506" "$work/crash/127.0.0.1-2024-03-05-07:08:09"
	sed 's/^\[ *\([0-9]*\)\.\([0-9]*\)\]/[\1.\2]/' "$work/crash/202402030405/dmesg.202402030405" |
		awk '{ sub(/^\[/, ""); split($0, a, "]"); printf "[%5d.%06d]%s\n", int(a[1]), 17, substr($0, length(a[1]) + 2) }' \
		>"$work/crash/202403040506/dmesg.202403040506"
	sed 's/^\(\[[^]]*\]\)/\1[    T1]/' "$work/crash/202402030405/dmesg.202402030405" \
		>"$work/crash/127.0.0.1-2024-03-05-07:08:09/vmcore-dmesg.txt"
	"$bc" collect --json --spool --source kdump >"$work/kd.json" 2>/dev/null || return 1
	[ "$(jq -s 'length' "$work/kd.json")" -eq 2 ] &&
		[ "$(jq -r .classification.image "$work/kd.json" | sort -u)" = "e1000e" ] || { cat "$work/kd.json"; return 1; }
	"$bc" collect --source kdump >/dev/null 2>&1 &&
		[ -e "$work/crash/202403040506/bugcheck-collected" ] &&
		[ -e "$work/crash/202403040506/dmesg.202403040506" ] &&
		[ -z "$("$bc" collect --json --source kdump 2>/dev/null)" ]
}
check "kdump: makedumpfile and vmcore-dmesg formats classified; marker written, dump kept, not collected again" kdump_formats

# --- configuration and CLI ------------------------------------------------
config_errors() {
	local rc
	printf 'forward = yes\nserver = http://127.0.0.1:1\ntoken = x\n' >"$work/http.conf"
	"$bc" forward --config "$work/http.conf" 2>"$work/e"
	rc=$?
	[ "$rc" -eq 2 ] && grep -q "http.conf: server 'http://127.0.0.1:1' is plain HTTP; set 'allow_http = yes'" "$work/e" || { cat "$work/e"; return 1; }
	printf 'forward = yes\n\nspool_max_bytes = lots\n' >"$work/bad.conf"
	"$bc" forward --config "$work/bad.conf" 2>"$work/e"
	rc=$?
	[ "$rc" -eq 2 ] && grep -q "bad.conf:3: bad value 'lots' for 'spool_max_bytes'" "$work/e" || { cat "$work/e"; return 1; }
	"$bc" collect --config "$work/bad.conf" 2>/dev/null
	[ $? -eq 2 ] || return 1
	printf '# forwarding not enabled\n' >"$work/off.conf"
	"$bc" forward --config "$work/off.conf" 2>"$work/e"
	rc=$?
	[ "$rc" -eq 0 ] && grep -q "forwarding is off" "$work/e" || return 1
	"$bc" forward --bogus 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$bc" show zz 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$bc" show 0123456789 2>/dev/null
	[ $? -eq 1 ]
}
check "config errors name file, line and value (exit 2); forward off says so (exit 0)" config_errors

helps() {
	local c
	for c in forward list show collect status; do
		"$bc" "$c" --help >"$work/help" || return 1
		grep -q '^Usage: bugcheck '"$c" "$work/help" && grep -q '^Exit status:' "$work/help" &&
			grep -q '^Examples:' "$work/help" || { echo "# $c --help"; return 1; }
	done
}
check "forward/list/show --help: usage, exit status, examples" helps

evict() {
	local rc
	conf_extra=$(printf 'spool_max_reports = 3\nspool_dir = %s' "$work/spool5")
	write_conf <<<"$conf_extra"
	"$bc" collect --from-file "$fx/region8.bin" --spool >/dev/null 2>"$work/e"
	rc=$?
	[ "$rc" -eq 0 ] && [ "$(find "$work/spool5/new" -name '*.json' | wc -l)" -eq 3 ] && [ "$(grep -c 'evicted the oldest report' "$work/e")" -ge 5 ] &&
		{ "$bc" status --json >"$work/st.json" 2>/dev/null; jq -e '.spool.evicted == 5' "$work/st.json" >/dev/null; }
}
check "spool cap: oldest evicted, each logged, counted in status" evict

# --- HTTPS: the only transport unless the configuration allows http ------
# A test CA signs a certificate for localhost; socat terminates TLS in front
# of the real server (bugcheck-server speaks plain HTTP behind a proxy).
tls_pid=
tls() {
	local t=$work/tls tport i before rc
	mkdir -p "$t/crash/202403040506" "$t/spool"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=bugcheck test CA" \
		-keyout "$t/ca.key" -out "$t/ca.pem" >/dev/null 2>&1 &&
		openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
			-keyout "$t/srv.key" -out "$t/srv.csr" >/dev/null 2>&1 &&
		printf 'subjectAltName=DNS:localhost\n' >"$t/ext" &&
		openssl x509 -req -in "$t/srv.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" \
			-CAcreateserial -days 2 -extfile "$t/ext" -out "$t/srv.pem" >/dev/null 2>&1 &&
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=another CA" \
			-keyout "$t/other.key" -out "$t/other.pem" >/dev/null 2>&1 || return 1
	cat "$t/srv.pem" "$t/srv.key" >"$t/srv.both"
	for i in $(seq 20); do
		tport=$((20000 + RANDOM % 20000))
		socat "OPENSSL-LISTEN:$tport,bind=127.0.0.1,reuseaddr,fork,cert=$t/srv.both,verify=0" \
			"TCP:127.0.0.1:$port" 2>"$t/socat.log" &
		tls_pid=$!
		sleep 0.3
		kill -0 "$tls_pid" 2>/dev/null && break
		tls_pid=
	done
	[ -n "$tls_pid" ] || { echo "# socat did not start"; return 1; }
	tconf() {	# CA file
		printf 'forward = yes\nserver = https://localhost:%s\ntoken_file = %s\n' \
			"$tport" "$work/agent.tok"
		printf 'ca_file = %s\nspool_dir = %s\nstate_dir = %s\n' "$1" "$t/spool" "$t/state"
		printf 'kdump_dir = %s\npstore_dir = %s\nretry_min = 1\n' "$t/crash" "$t/none"
	}
	sed 's/^\[  [0-9]*\./[  300./' "$work/crash/202402030405/dmesg.202402030405" \
		>"$t/crash/202403040506/dmesg.202403040506"
	tconf "$t/ca.pem" >"$t/ok.conf"
	tconf "$t/other.pem" >"$t/bad.conf"
	"$bc" collect --config "$t/ok.conf" --source kdump >/dev/null 2>&1 || return 1
	before=$(total_hits)
	# a certificate from a CA the agent does not trust: refused, kept
	"$bc" forward --config "$t/bad.conf" 2>"$t/bad.err"
	rc=$?
	[ "$rc" -eq 1 ] && grep -qi 'certificate' "$t/bad.err" &&
		[ "$(find "$t/spool/new" -name '*.json' | wc -l)" -eq 1 ] &&
		[ "$(total_hits)" -eq "$before" ] || { sed 's/^/# /' "$t/bad.err"; return 1; }
	# the right CA: delivered over TLS
	"$bc" forward --config "$t/ok.conf" 2>"$t/ok.err" || { sed 's/^/# /' "$t/ok.err"; return 1; }
	[ "$(find "$t/spool/new" -name '*.json' | wc -l)" -eq 0 ] &&
		[ "$(total_hits)" -eq $((before + 1)) ] || return 1
	# plain http without allow_http is a configuration error
	sed "s|^server = https://localhost:$tport|server = http://127.0.0.1:$port|" "$t/ok.conf" >"$t/http.conf"
	"$bc" forward --config "$t/http.conf" 2>"$t/http.err"
	rc=$?
	[ "$rc" -eq 2 ] && grep -q "allow_http = yes" "$t/http.err" || { sed 's/^/# /' "$t/http.err"; return 1; }
}
check "https: delivered through TLS with the configured CA; untrusted CA refused, report kept; http needs allow_http" tls
[ -n "$tls_pid" ] && kill "$tls_pid" 2>/dev/null

echo "# suite agent-forward: $(($(date +%s) - t0)) s"
[ "$fails" -eq 0 ]
