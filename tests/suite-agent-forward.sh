#!/usr/bin/env bash
# shellcheck disable=SC2015 # "checks && ... || { report; fail; }" is meant: report when any check fails
# SPDX-License-Identifier: GPL-2.0
#
# Agent spool and forwarding, on the host, against the REAL bucketing server
# (build/bugcheck-server on 127.0.0.1 with a temporary database and an agent
# token): spool atomicity under SIGKILL and dedup, forward, idempotent
# resend, server down then up, vendor response logged and listed, the
# daemon, privacy of the payload (--dry-run), pstore and kdump readers,
# configuration errors; the scrub corpus and fuzz_scrub (docs/privacy.md),
# the failure hash of the title as sent, the minimal first report,
# progressive collection (a bucket asks for more, collect_level decides,
# show says what was sent), the man pages, and the server's daily quota (a
# second server with --quota 2).
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

# The region's 8 records share a failure hash and console stamp, so their
# crash keys are equal: only a live report (bugcheck watch, same boot) may
# absorb a record.  Spool all, keep 2, collect again: the other 6 come back.
join_live_only() {
	local d=$work/join f
	mkdir -p "$d"
	printf 'spool_dir = %s\nstate_dir = %s\n' "$d/spool" "$d/state" >"$d/agent.conf"
	BUGCHECK_AGENT_CONFIG=$d/agent.conf "$bc" collect --from-file "$fx/region8.bin" --spool >/dev/null 2>&1 || return 1
	for f in $(find "$d/spool/new" -name '*.json' | sort | tail -n +3); do rm -f "$f"; done
	BUGCHECK_AGENT_CONFIG=$d/agent.conf "$bc" collect --from-file "$fx/region8.bin" --spool >/dev/null 2>"$d/err" || return 1
	[ "$(find "$d/spool/new" -name '*.json' | wc -l)" -eq 8 ] || { sed 's/^/# /' "$d/err"; return 1; }
}
check "collect: a crash key shared with a non-live report absorbs nothing (6 deleted reports come back)" join_live_only

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
	# (device_type is the configured "vm", which may also be a host name;
	# the census line has it in its body)
	jq -c 'del(.device_type, .body.device_type)' "$work/payload" >"$work/payload.nodev"
	for p in ffff 0xffff 192.168.17.42 10.20.30.40 fe80:: 2001:db8 52:54:00 "$host" "$fqdn"; do
		if grep -qiwF -- "$p" "$work/payload.nodev" ||
			{ [ "${#p}" -gt 3 ] && grep -qiF -- "$p" "$work/payload.nodev"; }; then
			echo "# payload contains '$p'"
			return 1
		fi
	done
	# every request is a valid report the real server accepts (the
	# census, last, is census_daily's; jq -e judges the last input)
	jq -c 'select(.report_id)' "$work/payload" >"$work/payload.reports"
	jq -e 'select(.source == "kdump") | .machine_id | test("^[0-9a-f]{32}$")' "$work/payload.reports" >/dev/null &&
		jq -e 'select(.source == "kdump") | .classification.image == "e1000e" and .device_type == "vm" and .market == "lab-eu"' \
			"$work/payload.reports" >/dev/null &&
		jq -e 'select(.source == "kdump") | (.stack | length > 0) and all(.stack[]; has("offset") and (has("addr") | not))' \
			"$work/payload.reports" >/dev/null &&
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

# Man pages: every key of the agent's parser (agent/config/config.c's table)
# is described in bugcheck.conf(5); collection is in bugcheck(8) and in the
# sample agent.conf; mandoc's lint is silent.
man_pages() {
	local keys k missing="" conf8 conf5 lint
	keys=$(sed -n '/^static const struct bc_conf_key keys\[\]/,/^};/p' agent/config/config.c |
		grep -oE '^\s*(S|N)\([a-z_]+|\.name = "[a-z_]+"' | grep -oE '[a-z_]+"?$' | tr -d '"')
	[ "$(wc -w <<<"$keys")" -ge 25 ] || { echo "# parsed only: $keys"; return 1; }
	conf5=$(mandoc -Tascii man/bugcheck.conf.5 | col -b)
	conf8=$(mandoc -Tascii man/bugcheck.8 | col -b)
	for k in $keys; do
		grep -qE "^ +$k( |\$)" <<<"$conf5" || missing+=" $k"
	done
	for k in collect_level extra_max_bytes extra_keep_days; do
		grep -qE "^#$k = " etc/agent.conf || missing+=" $k(etc/agent.conf)"
	done
	grep -q 'collect_level' <<<"$conf8" && grep -q 'extra/' <<<"$conf8" &&
		grep -q '"upload"' <<<"$conf8" || missing+=" collection(bugcheck.8)"
	lint=$(mandoc -Tlint -Wwarning man/bugcheck.8 man/bugcheck.conf.5 2>&1)
	[ -z "$missing" ] && [ -z "$lint" ] || { echo "# missing:$missing"; [ -z "$lint" ] || while IFS= read -r k; do echo "# $k"; done <<<"$lint"; return 1; }
}
check "man pages: bugcheck.conf(5) describes every key the agent parses, collection is in bugcheck(8) and agent.conf, mandoc lint clean" man_pages

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

# --- scrub policy (docs/privacy.md) ----------------------------------------
# tests/scrub-corpus.in holds lines written from the format strings of the
# kernel and drivers named in its headings; .out is what must come out.
scrub_corpus() {
	local out=$work/scrub.out p bad=0
	build/tests/report_test --scrub "mybox mybox.corp.example.com" \
		<tests/scrub-corpus.in >"$out" || return 1
	diff -u tests/scrub-corpus.out "$out" >"$work/scrub.diff" ||
		{ sed 's/^/# /' "$work/scrub.diff"; return 1; }
	build/tests/report_test --scrub "mybox mybox.corp.example.com" <"$out" >"$out.2" &&
		cmp -s "$out.2" "$out" || { echo "# scrubbing twice changes the text"; return 1; }
	# every rule fired
	for p in '<ptr>' '<uuid>' '<email>' '<mac>' '<ipv4>' '<ipv6>' '<host>' \
		'<domain>' '<user>' '<user>/<path>' '<serial>' '<wwn>' '<label>'; do
		grep -qF -- "$p" "$out" || { echo "# no case for $p"; bad=1; }
	done
	# nothing personal or device-unique left (the four leaks of issue 18 first)
	for p in 4C530001230517117234 alice.smith alice@ corp.example.com mybox \
		alice bob carol dave erin frank 0123456789AB S3Z1NB0K AB12CD34EF 998877 \
		5000c500a1b2c3d4 0025388b91b01234 e8f1c2d3 3f1c2b4a 7d8e9f00 0a1b2c3d \
		7D8E-9F00 lab.example.net laptop7 tax-2023 Documents USBSTICK 192.168 \
		10.20.30.40 fe80 2001:db8 52:54:00 00-1a-2b ffff; do
		grep -qiF -- "$p" "$out" && { echo "# '$p' survived: $(grep -iF -- "$p" "$out" | head -n 1)"; bad=1; }
	done
	# what buckets a crash or hardware stays
	for p in 'DMI: LENOVO 20XW0055GE/20XW0055GE, BIOS N32ET75W' 'Product: Cruzer Blade' \
		'Manufacturer: SanDisk' 'SerialNumber=3' '__foo_bar.part.0.cold+0x5/0x10 [acme_fw]' \
		'e1000_clean_rx_irq+0x123/0x400 [e1000e]' 'local-fs.target' 'so-a0-gf-a0-72.ucode' \
		'Samsung SSD 860 EVO 500GB, RVT04B6Q' 'Serial: 8250/16550 driver' 'in user mode' \
		'name="/root/.bashrc"' 'uid=0 auid=1000' '6.1.0-18-amd64 #1 Debian 6.1.76-1' \
		'---[ end trace 0000000000000000 ]---'; do
		grep -qF -- "$p" "$out" || { echo "# '$p' was changed"; bad=1; }
	done
	[ "$bad" -eq 0 ]
}
check "scrub corpus: every rule has cases, output as expected, idempotent, nothing personal left, hardware names kept" scrub_corpus

# Fuzzing the scrubber and the crash-line finder (libFuzzer, ASan+UBSan):
# any bytes, no crash, no NUL out.  Seeds: the corpus lines.
scrub_fuzz() {
	local secs=${BUGCHECK_FUZZ_SECONDS:-15} runs
	make -s build/fuzz/fuzz_scrub >"$work/fz-build.log" 2>&1 || { sed 's/^/# /' "$work/fz-build.log"; return 1; }
	mkdir -p "$work/fz-corpus" "$work/fz-seeds"
	split -l 3 tests/scrub-corpus.in "$work/fz-seeds/s"
	build/fuzz/fuzz_scrub -max_total_time="$secs" -max_len=2048 -print_final_stats=1 \
		-artifact_prefix="$work/" "$work/fz-corpus" "$work/fz-seeds" >"$work/fz.log" 2>&1 ||
		{ tail -n 30 "$work/fz.log" | sed 's/^/# /'; return 1; }
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/fz.log" | grep -o '[0-9]*$')
	echo "# fuzz_scrub: ${runs:-?} inputs in ${secs} s"
	[ "${runs:-0}" -gt 0 ]
}
check "fuzz_scrub: ${BUGCHECK_FUZZ_SECONDS:-15} s of any bytes, no crash, no NUL in the output" scrub_fuzz

# Agents with a spool, state and kdump directory of their own.
own_conf() {	# dir server-port [extra line]
	printf 'forward = yes\nserver = http://127.0.0.1:%s\nallow_http = yes\n' "$2"
	printf 'token_file = %s\nspool_dir = %s/spool\nstate_dir = %s/state\n' \
		"${TOK:-$work/agent.tok}" "$1" "$1"
	printf 'kdump_dir = %s/crash\npstore_dir = %s/none\ndevice_type = vm\n' "$1" "$1"
	# the census (tested in census_daily) would be one more dry-run line
	printf 'retry_min = 1\nretry_max = 2\npoll_interval = 2\ncensus = no\n%s\n' "${3:-}"
}

# --- the failure hash of the title that is sent ------------------------------
# A panic message is free text: here the scrubber changes the title, so the
# agent must send the hash of the scrubbed title or the server refuses it.
hash_of_sent_title() {
	local d=$work/hs id spooled sent
	mkdir -p "$d/crash/202405060708"
	cat >"$d/crash/202405060708/dmesg.202405060708" <<'LOG'
[   10.000000] Kernel panic - not syncing: acme: disk SerialNumber: XYZ123456789 on mybox.corp.example.com failed
[   10.000001] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-18-amd64 #1 Debian 6.1.76-1
[   10.000002] Call Trace:
[   10.000003]  <TASK>
[   10.000004]  dump_stack_lvl+0x44/0x5c
[   10.000005]  panic+0x118/0x2ed
[   10.000006]  acme_fail+0x10/0x20 [acme]
[   10.000007]  </TASK>
[   10.000008] ---[ end Kernel panic - not syncing: acme ]---
LOG
	own_conf "$d" "$port" >"$d/conf"
	"$bc" collect --config "$d/conf" --source kdump >/dev/null 2>&1 || return 1
	spooled=$(jq -r .classification.failure_hash "$d"/spool/new/*.json)
	"$bc" forward --config "$d/conf" --dry-run >"$d/payload" || return 1
	sent=$(jq -r .classification.failure_hash "$d/payload")
	jq -e --argjson v "$(jq .hash_version "$d"/spool/new/*.json)" \
		'.hash_version == $v and $v >= 1 and (.classification.title | test("corp|XYZ|mybox") | not)' \
		"$d/payload" >/dev/null || { jq -c '[.hash_version, .classification]' "$d/payload"; return 1; }
	# the spool (and so list and show) carries the hash that is sent
	[ "$sent" = "$spooled" ] || { echo "# spooled $spooled, sent $sent"; return 1; }
	jq -e '.classification.title | test("<(host|serial|domain)>")' "$d"/spool/new/*.json >/dev/null ||
		{ echo "# the title did not change: the test proves nothing"; return 1; }
	# a report spooled before reports had hash_version goes out as version 1
	id=$(jq -r .report_id "$d/payload")
	jq 'del(.hash_version) | .report_id = "'"${id:0:30}"'a1"' "$d/spool/new/$id.json" >"$d/old.json" &&
		mv "$d/old.json" "$d/spool/new/${id:0:30}a1.json" || return 1
	"$bc" forward --config "$d/conf" --dry-run |
		jq -e --arg h "$sent" 'select(.report_id | endswith("a1")) | .hash_version == 1 and .classification.failure_hash != $h' \
			>/dev/null || { echo "# an old report is not sent as hash version 1"; return 1; }
	"$bc" forward --config "$d/conf" 2>"$d/f.err" || { sed 's/^/# /' "$d/f.err"; return 1; }
	jq -e '.status == "sent"' "$d/spool/sent/${id:0:30}a1.json" >/dev/null || return 1
	jq -e --arg h "$sent" '.status == "sent" and .bucket == $h and .failure_hash == $h' \
		"$d/spool/sent/$id.json" >/dev/null || { cat "$d/spool/sent/$id.json"; return 1; }
	# list shows the bucket the server has, which answers for it
	"$bc" list --config "$d/conf" --json | jq -e --arg h "$sent" 'any(.[]; .failure_hash == $h)' >/dev/null &&
		api GET "/api/v1/failures/$sent" | jq -e '.hits >= 1' >/dev/null
}
check "hash: a title the scrubber changes is spooled and sent with the hash of the scrubbed title and the report's hash_version (1 for old spool entries); the server accepts both" hash_of_sent_title

# --- minimal first report (issue 18) ------------------------------------------
minimal_report() {
	local d=$work/min id
	mkdir -p "$d/crash/202405060709"
	cat >"$d/crash/202405060709/dmesg.202405060709" <<'LOG'
[    5.000000] usb 1-1: Product: Noise Before
[    5.100000] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex
[   20.000000] ------------[ cut here ]------------
[   20.000001] WARNING: CPU: 1 PID: 77 at drivers/net/acme/acme.c:123 acme_tx+0x20/0x40 [acme]
[   20.000002] Modules linked in: acme(O)
[   20.000003] CPU: 1 PID: 77 Comm: kworker/1:1 Tainted: G           O       6.1.0-18-amd64 #1 Debian 6.1.76-1
[   20.000004] RIP: 0010:acme_tx+0x20/0x40 [acme]
[   20.000005] Call Trace:
[   20.000006]  <TASK>
[   20.000007]  acme_tx+0x20/0x40 [acme]
[   20.000008]  dev_hard_start_xmit+0x10/0x20
[   20.000009]  </TASK>
[   20.000010] ---[ end trace 0000000000000000 ]---
[   21.000000] usb 1-2: Product: Noise After
LOG
	own_conf "$d" "$port" >"$d/conf"
	"$bc" collect --config "$d/conf" --source kdump >/dev/null 2>&1 || return 1
	"$bc" forward --config "$d/conf" --dry-run >"$d/payload" || return 1
	jq -j .log "$d/payload" >"$d/log"
	head -n 1 "$d/log" | grep -qF 'cut here' && tail -n 1 "$d/log" | grep -qF -- '---[ end trace' &&
		[ "$(wc -l <"$d/log")" -eq 11 ] && ! grep -q Noise "$d/log" ||
		{ sed 's/^/# /' "$d/log"; return 1; }
	# the spool keeps the whole tail for an upload asked for later
	jq -r .log "$d"/spool/new/*.json | grep -q 'Noise Before' &&
		jq -r .log "$d"/spool/new/*.json | grep -q 'Noise After' || return 1
	# send_log = no: no log at all
	own_conf "$d" "$port" "send_log = no" >"$d/nolog.conf"
	"$bc" forward --config "$d/nolog.conf" --dry-run | jq -e 'has("log") | not' >/dev/null || return 1
	# the server re-derives the hash from this payload and accepts it
	"$bc" forward --config "$d/conf" 2>"$d/f.err" || { sed 's/^/# /' "$d/f.err"; return 1; }
	id=$(jq -r .report_id "$d/payload")
	jq -e '.status == "sent"' "$d/spool/sent/$id.json" >/dev/null
}
check "minimal report: the payload log is the crash's own lines (cut here .. end trace), the spool keeps the tail, the server accepts it" minimal_report

# --- progressive collection (issue 18 part 3, docs/privacy.md) -------------
# A bucket the server has not seen asks for the full log tail of its first
# reports; collect_level decides what the agent sends of it.
pc_log() {	# dir stamp second: a kdump dmesg with noise around a WARNING in zeta
	mkdir -p "$1/crash/$2"
	cat >"$1/crash/$2/dmesg.$2" <<LOG
[    5.000000] usb 1-1: Product: Noise Before $(hostname)
[    5.100000] zeta 0000:00:1f.0: firmware loaded from /home/alice.smith/fw.bin
[   $3.000000] ------------[ cut here ]------------
[   $3.000001] WARNING: CPU: 1 PID: 77 at drivers/net/zeta/zeta.c:9 zeta_ring_kick+0x20/0x40 [zeta]
[   $3.000002] Modules linked in: zeta(O)
[   $3.000003] CPU: 1 PID: 77 Comm: kworker/1:1 Tainted: G           O       6.1.0-18-amd64 #1 Debian 6.1.76-1
[   $3.000004] RIP: 0010:zeta_ring_kick+0x20/0x40 [zeta]
[   $3.000005] Call Trace:
[   $3.000006]  <TASK>
[   $3.000007]  zeta_ring_kick+0x20/0x40 [zeta]
[   $3.000008]  dev_hard_start_xmit+0x10/0x20
[   $3.000009]  </TASK>
[   $3.000010] ---[ end trace 0000000000000000 ]---
[   21.000000] usb 1-2: Product: Noise After
LOG
}
pc_samples() {	# hash kind: samples the server holds
	api GET "/api/v1/collect/$1" | jq ".kinds.$2.samples"
}
progressive() {
	local d=$work/pc id hash meta
	pc_log "$d" 202406010101 20
	own_conf "$d" "$port" "collect_level = minimal" >"$d/min.conf"
	own_conf "$d" "$port" >"$d/asked.conf"
	"$bc" collect --config "$d/min.conf" --source kdump >/dev/null 2>&1 || return 1
	id=$(basename "$d"/spool/new/*.json .json)
	# minimal: the first report carries only the crash's lines; the reply
	# asks for the tail, the agent records that it did not send it
	"$bc" forward --config "$d/min.conf" --no-poll 2>"$d/f1.err" || { sed 's/^/# /' "$d/f1.err"; return 1; }
	meta=$d/spool/sent/$id.json
	hash=$(jq -r .bucket "$meta")
	api GET "/api/v1/failures/$hash/samples/$id/record" | jq -j .log >"$d/first.log"
	grep -qF 'cut here' "$d/first.log" && ! grep -q 'Noise\|alice' "$d/first.log" ||
		{ echo "# first report's log on the server:"; sed 's/^/# /' "$d/first.log"; return 1; }
	jq -e '.collect.wants == ["log_tail"] and .collect.asked_in == "ingest reply" and
		.collect.uploads[0].kind == "log_tail" and .collect.uploads[0].result == "not sent"' "$meta" >/dev/null ||
		{ cat "$meta"; return 1; }
	# the admin wants the kdump dmesg too; minimal still sends nothing
	api POST "/api/v1/collect/$hash" '{"kdump_dmesg":1,"log_tail":1}' >/dev/null
	"$bc" forward --config "$d/min.conf" 2>"$d/f2.err" || return 1
	jq -e '.collect.wants == ["log_tail","kdump_dmesg"] and .collect.asked_in == "response poll" and
		([.collect.uploads[] | select(.result == "sent")] | length == 0)' "$meta" >/dev/null ||
		{ cat "$meta"; return 1; }
	[ "$(pc_samples "$hash" log_tail)" = 0 ] && [ "$(pc_samples "$hash" kdump_dmesg)" = 0 ] ||
		{ api GET "/api/v1/collect/$hash"; return 1; }
	"$bc" show --config "$d/min.conf" "$id" >"$d/show1" || return 1
	grep -q '^bucket asked:  log_tail, kdump_dmesg (response poll' "$d/show1" &&
		grep -q '^extra data:    log_tail not sent .*collect_level = minimal' "$d/show1" ||
		{ sed 's/^/# /' "$d/show1"; return 1; }
	# asked: --dry-run shows the uploads, sends nothing
	"$bc" forward --config "$d/asked.conf" --dry-run >"$d/dry" || return 1
	jq -e -s --arg id "$id" '[.[] | select(.upload == "/api/v1/reports/\($id)/extras") | .body.kind] == ["log_tail","kdump_dmesg"]' \
		"$d/dry" >/dev/null && [ "$(pc_samples "$hash" log_tail)" = 0 ] || { sed 's/^/# /' "$d/dry"; return 1; }
	jq -r 'select(.upload) | .body.data' "$d/dry" | grep -q 'Noise Before' &&
		! jq -r 'select(.upload) | .body.data' "$d/dry" | grep -qiF -e "$(hostname)" -e alice.smith ||
		{ echo "# the upload is not the scrubbed tail"; return 1; }
	# asked: the next forward uploads both, once; show says what, when, why
	"$bc" forward --config "$d/asked.conf" 2>"$d/f3.err" || { sed 's/^/# /' "$d/f3.err"; return 1; }
	[ "$(pc_samples "$hash" log_tail)" = 1 ] && [ "$(pc_samples "$hash" kdump_dmesg)" = 1 ] ||
		{ api GET "/api/v1/collect/$hash"; sed 's/^/# /' "$d/f3.err"; return 1; }
	curl -s -H "Authorization: Bearer $admin" "http://127.0.0.1:$port/api/v1/collect/$hash/$id/log_tail" >"$d/tail"
	grep -q 'Noise Before' "$d/tail" && grep -q 'Noise After' "$d/tail" && grep -q '<user>' "$d/tail" ||
		{ sed 's/^/# /' "$d/tail"; return 1; }
	"$bc" show --config "$d/asked.conf" "$id" >"$d/show2" || return 1
	grep -q '^extra data:    log_tail sent .*, [0-9]* bytes: the server asked for it in its response poll at .*; collect_level = asked' "$d/show2" &&
		grep -q '^extra data:    kdump_dmesg sent ' "$d/show2" || { sed 's/^/# /' "$d/show2"; return 1; }
	grep -q 'asked for its log_tail: sent' "$d/f3.err" || { sed 's/^/# /' "$d/f3.err"; return 1; }
	# enough samples: a second crash of the bucket is asked for nothing
	pc_log "$d" 202406010202 30
	"$bc" collect --config "$d/asked.conf" --source kdump >/dev/null 2>&1 || return 1
	id=$(basename "$d"/spool/new/*.json .json)
	"$bc" forward --config "$d/asked.conf" 2>"$d/f4.err" || return 1
	jq -e '(.collect.wants // []) == [] and (.collect.uploads // []) == []' "$d/spool/sent/$id.json" >/dev/null &&
		[ "$(pc_samples "$hash" log_tail)" = 1 ] || { cat "$d/spool/sent/$id.json"; return 1; }
	# full: the whole scrubbed tail goes with the first report
	pc_log "$d" 202406010303 40
	own_conf "$d" "$port" "collect_level = full" >"$d/full.conf"
	"$bc" collect --config "$d/full.conf" --source kdump >/dev/null 2>&1 || return 1
	"$bc" forward --config "$d/full.conf" --dry-run | jq -r .log >"$d/full.log"
	grep -q 'Noise Before' "$d/full.log" && grep -q 'Noise After' "$d/full.log" &&
		! grep -qiF -e "$(hostname)" -e alice.smith "$d/full.log" || { sed 's/^/# /' "$d/full.log"; return 1; }
}
check "progressive collection: the first report carries only the crash lines; the bucket asks for the tail (and, set by the admin, the kdump dmesg); minimal sends nothing; asked uploads it on the next forward (--dry-run shows it first) and show says what, when and why; a bucket with enough samples asks nothing more; full sends the tail at once" progressive

# A bucketing record's vendor blocks leave the machine only when the bucket
# asks (here its vendor, through an admin), in the same pass as the report.
vendor_blocks() {
	local d=$work/vd id hash
	mkdir -p "$d"
	own_conf "$d" "$port" >"$d/conf"
	"$bc" collect --config "$d/conf" --from-file "$fx/record.bin" --spool >/dev/null 2>&1 || return 1
	id=$(basename "$d"/spool/new/*.json .json)
	hash=$(jq -r .classification.failure_hash "$d/spool/new/$id.json")
	jq -e '.extra.vendor_data | test("^[0-9a-f-]{36} [A-Za-z0-9_.-]+ ([0-9a-f]{2})+\n")' "$d/spool/new/$id.json" >/dev/null ||
		{ echo "# the record's vendor blocks are not kept"; return 1; }
	"$bc" forward --config "$d/conf" --dry-run | jq -e 'has("extra") | not' >/dev/null || return 1
	api POST "/api/v1/collect/$hash" '{"vendor_data":1}' | jq -e '.kinds.vendor_data.wanted == 1' >/dev/null ||
		{ echo "# the bucket of the record is not on the server"; return 1; }
	"$bc" forward --config "$d/conf" --no-poll 2>"$d/f.err" || { sed 's/^/# /' "$d/f.err"; return 1; }
	jq -e '.collect.asked_in == "ingest reply" and any(.collect.uploads[]; .kind == "vendor_data" and .result == "sent")' \
		"$d/spool/sent/$id.json" >/dev/null || { cat "$d/spool/sent/$id.json"; return 1; }
	curl -s -H "Authorization: Bearer $admin" "http://127.0.0.1:$port/api/v1/collect/$hash/$id/vendor_data" >"$d/got"
	jq -j .extra.vendor_data "$d/spool/extra/$id.json" | cmp -s - "$d/got" || { sed 's/^/# /' "$d/got"; return 1; }
}
check "vendor blocks: kept with the report, never in the payload; uploaded in the same pass when the ingest reply asks for them; the server holds them unchanged" vendor_blocks

# The extra data is kept under a cap: over it, it goes (logged), the report
# and its metadata stay, and a later ask is answered "not available".
extra_cap() {
	local d=$work/pccap id hash
	pc_log "$d" 202406020101 50
	sed -i 's/zeta_ring_kick/zeta_ring_stop/g' "$d/crash/202406020101/dmesg.202406020101"
	own_conf "$d" "$port" "extra_max_bytes = 0
collect_level = minimal" >"$d/conf"
	"$bc" collect --config "$d/conf" --source kdump >/dev/null 2>&1 || return 1
	id=$(basename "$d"/spool/new/*.json .json)
	"$bc" forward --config "$d/conf" 2>"$d/f.err" || return 1
	grep -q "dropped the extra data .* kept for sent report $id: over extra_max_bytes" "$d/f.err" &&
		[ ! -e "$d/spool/extra/$id.json" ] && [ -e "$d/spool/sent/$id.json" ] &&
		jq -e '.extra_dropped == 1' "$d/spool/state.json" >/dev/null || { sed 's/^/# /' "$d/f.err"; return 1; }
	own_conf "$d" "$port" "extra_max_bytes = 0" >"$d/asked.conf"
	"$bc" forward --config "$d/asked.conf" 2>"$d/f2.err" || return 1
	hash=$(jq -r .bucket "$d/spool/sent/$id.json")
	jq -e '.collect.uploads[-1].result == "not available"' "$d/spool/sent/$id.json" >/dev/null &&
		[ "$(pc_samples "$hash" log_tail)" = 0 ] || { cat "$d/spool/sent/$id.json"; return 1; }
}
check "extra data cap: over extra_max_bytes it is dropped and logged, the report stays; a later ask gets 'not available'" extra_cap

# --- the daily census (issue 16, docs/privacy.md) ------------------------------
# /proc/modules and /sys/module as kernel/module/procfs.c and MODULE_VERSION
# show them: taint letters O (out-of-tree) and E (unsigned) make a module
# out-of-tree; the address column is never read.
census_daily() {
	local d=$work/census today mid kpre total
	mkdir -p "$d/proc/sys/kernel" "$d/sys/module/wl" "$d/sys/module/nvidia"
	echo 6.1.0-999-census >"$d/proc/sys/kernel/osrelease"
	cat >"$d/proc/modules" <<'MODS'
wl 6447104 0 - Live 0xffffffffc0a00000 (POE)
nvidia 56131584 1 wl, Live 0xffffffffc1000000 (PO)
e1000e 327680 0 - Live 0xffffffffc0b00000
zfs_acme 16384 0 - Live 0xffffffffc0c00000 (E)
snd_hda_intel 57344 0 - Live 0xffffffffc0d00000 (P)
newmod 16384 0 - Loading 0xffffffffc0e00000 (OE+)
MODS
	echo '6.30.223.271 (r587334)' >"$d/sys/module/wl/version"
	echo 535.104.05 >"$d/sys/module/nvidia/version"
	{
		own_conf "$d" "$port" "census = yes"
		printf 'proc_dir = %s/proc\nsys_dir = %s/sys\nmarket = lab-census\n' "$d" "$d"
	} >"$d/conf"
	today=$(date -u +%F)
	# no spool yet: --dry-run shows the census alone
	"$bc" forward --config "$d/conf" --dry-run >"$d/dry0" || return 1
	[ "$(wc -l <"$d/dry0")" -eq 1 ] &&
		jq -e '.census == "/api/v1/census" and .due == true and
			(.body | keys) == ["device_type","kernel_release","machine_id","market","modules","os_release"] and
			.body.kernel_release == "6.1.0-999-census" and .body.device_type == "vm" and
			.body.market == "lab-census" and
			.body.modules == [{"name":"newmod","version":""},{"name":"nvidia","version":"535.104.05"},
				{"name":"wl","version":"6.30.223.271 (r587334)"},{"name":"zfs_acme","version":""}]' \
			"$d/dry0" >/dev/null || { sed 's/^/# /' "$d/dry0"; return 1; }
	# (device_type is the configured "vm", which may also be the host name)
	! jq -c 'del(.body.device_type)' "$d/dry0" | grep -qiwF -e ffff -e "$(hostname)" ||
		{ echo "# an address or the host name in the census"; return 1; }
	# the machine id is the one reports carry; the census comes last
	"$bc" collect --config "$d/conf" --from-file "$fx/record.bin" --spool >/dev/null 2>&1 || return 1
	"$bc" forward --config "$d/conf" --dry-run >"$d/dry1" || return 1
	mid=$(jq -r 'select(.report_id) | .machine_id' "$d/dry1")
	[ "$(wc -l <"$d/dry1")" -eq 2 ] && tail -n 1 "$d/dry1" | jq -e --arg m "$mid" '.body.machine_id == $m' >/dev/null ||
		{ sed 's/^/# /' "$d/dry1"; return 1; }
	# sent with the report; the server counts one machine-day
	kpre=$(api GET '/api/v1/census?by=kernel' | jq '[.Value[] | select(.key == "6.1.0-999-census")] | length')
	total=$(api GET /api/v1/census | jq .machineDays)
	"$bc" forward --config "$d/conf" 2>"$d/f1.err" || { sed 's/^/# /' "$d/f1.err"; return 1; }
	grep -q 'daily census sent (counted)' "$d/f1.err" || { sed 's/^/# /' "$d/f1.err"; return 1; }
	api GET /api/v1/census >"$d/c1.json"
	[ "$kpre" -eq 0 ] && jq -e --argjson t "$total" '.machineDays == $t + 1 and
		any(.Value[]; .dim == "kernel" and .key == "6.1.0-999-census" and .machineDays == 1) and
		any(.Value[]; .dim == "module" and .key == "wl" and .version == "6.30.223.271 (r587334)" and .machineDays == 1) and
		any(.Value[]; .dim == "market" and .key == "lab-census" and .machineDays == 1)' "$d/c1.json" >/dev/null ||
		{ sed 's/^/# /' "$d/c1.json"; return 1; }
	jq -e --arg t "$today" '.census.day == $t and .census.result == "counted"' "$d/spool/state.json" >/dev/null ||
		{ sed 's/^/# /' "$d/spool/state.json"; return 1; }
	# once a day: the next pass sends none, and --dry-run says it is not due
	"$bc" forward --config "$d/conf" 2>"$d/f2.err" || return 1
	! grep -q 'census' "$d/f2.err" || { sed 's/^/# /' "$d/f2.err"; return 1; }
	"$bc" forward --config "$d/conf" --dry-run | jq -e 'select(.census) | .due == false' >/dev/null || return 1
	# a new day (state.json says the last one went yesterday): sent again;
	# the server, whose day it still is, had counted it
	jq '.census.day = "2000-01-01"' "$d/spool/state.json" >"$d/st" && mv "$d/st" "$d/spool/state.json"
	"$bc" forward --config "$d/conf" 2>"$d/f3.err" || return 1
	grep -q 'daily census sent (the server had counted this machine today)' "$d/f3.err" &&
		jq -e --arg t "$today" '.census.day == $t and .census.result == "already counted"' "$d/spool/state.json" >/dev/null &&
		[ "$(api GET /api/v1/census | jq .machineDays)" -eq $((total + 1)) ] || { sed 's/^/# /' "$d/f3.err"; return 1; }
	# census = no: neither shown nor sent
	jq '.census.day = "2000-01-01"' "$d/spool/state.json" >"$d/st" && mv "$d/st" "$d/spool/state.json"
	sed 's/^census = yes$/census = no/' "$d/conf" >"$d/off.conf"
	[ -z "$("$bc" forward --config "$d/off.conf" --dry-run)" ] || return 1
	"$bc" forward --config "$d/off.conf" 2>"$d/f4.err" || return 1
	! grep -q census "$d/f4.err" && jq -e '.census.day == "2000-01-01"' "$d/spool/state.json" >/dev/null
}
check "census: once a UTC day with the forward pass: machine id as in reports, kernel and OS release, device type, market, out-of-tree modules (taint O or E) with versions, nothing else; --dry-run shows it; counted by the server; not resent the same day; census = no sends none" census_daily

# --- the server's daily quota (docs/server.md, "Over quota") -----------------
quota_pid=
quota() {
	local d=$work/quota qport i rc
	mkdir -p "$d"
	"$srv" token create --role agent --db "$d/db" >"$d/agent.tok" 2>/dev/null || return 1
	qstart() {	# listen address, quota
		# srv.log is appended to: wait for this start's own "listening"
		# line, not the one a previous start left there
		local seen
		seen=$(grep -c 'listening on port' "$d/srv.log" 2>/dev/null)
		"$srv" --db "$d/db" --listen "$1" --quota "$2" 2>>"$d/srv.log" &
		quota_pid=$!
		for i in $(seq 50); do
			if [ "$(grep -c 'listening on port' "$d/srv.log")" -gt "${seen:-0}" ]; then
				qport=$(grep -o 'listening on port [0-9]*' "$d/srv.log" | tail -n 1 | grep -o '[0-9]*$')
				kill -0 "$quota_pid" 2>/dev/null && return 0
			fi
			sleep 0.1
		done
		return 1
	}
	qstart 127.0.0.1:0 2 || { echo "# quota server did not start"; return 1; }
	TOK=$d/agent.tok own_conf "$d" "$qport" >"$d/conf"
	"$bc" collect --config "$d/conf" --from-file "$fx/region8.bin" --spool >/dev/null 2>&1 || return 1
	qwaiting() { find "$d/spool/new" -name '*.json' | wc -l; }
	# 8 reports, a quota of 2: two sent, the third answered OverQuota, the rest not tried
	"$bc" forward --config "$d/conf" 2>"$d/f1.err"
	rc=$?
	[ "$rc" -eq 0 ] && [ "$(qwaiting)" -eq 6 ] && [ "$(grep -c 'quota for this agent is used up' "$d/f1.err")" -eq 1 ] &&
		[ "$(grep -c 'audit: 429' "$d/srv.log")" -eq 1 ] ||
		{ echo "# rc $rc, $(qwaiting) waiting"; sed 's/^/# /' "$d/f1.err"; grep '429' "$d/srv.log" | sed 's/^/# /'; return 1; }
	jq -e --arg d "$(date -u -d tomorrow +%Y-%m-%dT00:00:00Z)" '.over_quota.until == $d' "$d/spool/state.json" >/dev/null ||
		{ cat "$d/spool/state.json"; return 1; }
	"$bc" status --config "$d/conf" >"$d/st.txt" 2>/dev/null
	"$bc" status --config "$d/conf" --json >"$d/st.json" 2>/dev/null
	grep -q '^over quota: .* until ' "$d/st.txt" && jq -e '.spool.over_quota.until != null' "$d/st.json" >/dev/null ||
		{ sed 's/^/# /' "$d/st.txt"; return 1; }
	# a new agent process honours the pause: no request, no second notice
	"$bc" forward --config "$d/conf" 2>"$d/f2.err" || return 1
	[ "$(qwaiting)" -eq 6 ] && ! grep -q 'used up' "$d/f2.err" && [ "$(grep -c 'audit: 429' "$d/srv.log")" -eq 1 ] ||
		{ sed 's/^/# /' "$d/f2.err"; return 1; }
	# so does the daemon: it waits for the reset instead of retrying
	"$bc" forward --config "$d/conf" --daemon 2>"$d/d.err" &
	i=$!
	sleep 3
	kill -TERM "$i"
	wait "$i" || return 1
	[ "$(qwaiting)" -eq 6 ] && [ "$(grep -c 'audit: 429' "$d/srv.log")" -eq 1 ] && ! grep -q 'retry' "$d/d.err" ||
		{ sed 's/^/# /' "$d/d.err"; return 1; }
	# the reset time passes (moved into the past), the server has room again: all sent
	kill "$quota_pid"
	wait "$quota_pid" 2>/dev/null
	quota_pid=
	for i in $(seq 20); do
		qstart "127.0.0.1:$qport" 100 && break
		sleep 0.5
	done
	[ -n "$quota_pid" ] || { echo "# could not restart on port $qport"; return 1; }
	jq '.over_quota.until_epoch = 1' "$d/spool/state.json" >"$d/st.new" && mv "$d/st.new" "$d/spool/state.json"
	"$bc" forward --config "$d/conf" 2>"$d/f3.err" || { sed 's/^/# /' "$d/f3.err"; return 1; }
	[ "$(qwaiting)" -eq 0 ] && jq -e '.over_quota == null' "$d/spool/state.json" >/dev/null
}
check "quota: OverQuota keeps the reports, logged once, in status; no request until the reset (restart and daemon too); then all sent" quota
[ -n "$quota_pid" ] && kill "$quota_pid" 2>/dev/null

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

# --- live reports: counts after the report was sent, SIGHUP -----------------
# bugcheck watch on a FIFO standing in for /dev/kmsg (records in its
# "pri,seq,usec,flags;text" form), forward through tests/count_listener.py:
# the reports and count updates go to the real server, which must add the
# counts to the bucket's hits; the listener logs each count update and can
# answer 404 or 503 itself in their place.
lw=$work/live
mkdir -p "$lw/state"
lconf=$lw/agent.conf
watch_pid=
lst_pid=
kseq=1000
kmsg_warn() {	# function, console second: one WARNING report on the FIFO
	local fn=$1 sec=$2 line n=0
	while IFS= read -r line; do
		n=$((n + 1))
		kseq=$((kseq + 1))
		printf '4,%d,%d%06d,-;%s\n' "$kseq" "$sec" "$n" "$line" >&7
	done <<EOF
------------[ cut here ]------------
WARNING: CPU: 1 PID: 321 at drivers/net/wireless/foo/rx.c:88 $fn+0x4a/0x90 [foo]
Modules linked in: foo(O) mac80211 cfg80211
CPU: 1 PID: 321 Comm: kworker/1:2 Tainted: G           O       6.1.0-13-amd64 #1  Debian 6.1.55-1
Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
RIP: 0010:$fn+0x4a/0x90 [foo]
Call Trace:
 <TASK>
 foo_rx_work+0x31/0x70 [foo]
 process_one_work+0x1c7/0x380
 worker_thread+0x4d/0x380
 kthread+0xd7/0x100
 ret_from_fork+0x1f/0x30
 </TASK>
---[ end trace 0000000000000000 ]---
EOF
}
live_conf() {	# extra lines on stdin
	{
		printf 'forward = yes\nserver = http://127.0.0.1:%s\nallow_http = yes\n' "$(cat "$lw/port")"
		printf 'token_file = %s\nspool_dir = %s\nstate_dir = %s\n' "$work/agent.tok" "$lw/spool" "$lw/state"
		printf 'retry_min = 1\nretry_max = 2\n'
		cat
	} >"$lconf"
}
start_watch() {	# until its status file names it
	"$bc" watch --no-bpf --kmsg "$lw/kmsg" --quiet-ms 100 --config "$lconf" >>"$lw/watch.log" 2>&1 &
	watch_pid=$!
	local i
	for i in $(seq 100); do
		[ "$(jq .pid "$lw/state/watch.json" 2>/dev/null)" = "$watch_pid" ] && return 0
		sleep 0.05
	done
	return 1
}
live_id() { jq -r 'select(.source == "live") | .report_id' "$lw"/spool/{new,sent}/*.json 2>/dev/null | head -n1; }
live_hits() {	# the server's hits of report $1's bucket
	local h
	h=$(jq -r '.bucket // .failure_hash' "$lw/spool/sent/$1.json")
	api GET "/api/v1/failures/$h" | jq .hits
}
file_count() { jq -r .count "$lw/spool/counts/$1.json" 2>/dev/null || echo 0; }
wait_count() {	# id, count: counts/<id>.json reaches it
	local i
	for i in $(seq 100); do
		[ "$(file_count "$1")" = "$2" ] && return 0
		sleep 0.05
	done
	echo "# count of $1 is $(file_count "$1"), want $2"
	return 1
}
posted() {	# count updates of report $1 the listener got
	[ -f "$lw/counts.log" ] || { echo 0; return; }
	grep -c "\"id\": \"$1\"" "$lw/counts.log"
}
last_post() { grep "\"id\": \"$1\"" "$lw/counts.log" | tail -n1 | jq -r .raw; }
live_setup() {
	local i
	echo 200 >"$lw/mode"
	python3 tests/count_listener.py --upstream "http://127.0.0.1:$port" --port-file "$lw/port" \
		--log "$lw/counts.log" --mode-file "$lw/mode" 2>"$lw/listener.err" &
	lst_pid=$!
	for i in $(seq 100); do [ -s "$lw/port" ] && break; sleep 0.05; done
	[ -s "$lw/port" ] || { cat "$lw/listener.err"; return 1; }
	live_conf </dev/null
	mkfifo "$lw/kmsg"
	exec 7<>"$lw/kmsg"
	start_watch || { sed 's/^/# /' "$lw/watch.log"; return 1; }
	kmsg_warn foo_rx_reorder 100
	for i in $(seq 100); do [ -n "$(live_id)" ] && break; sleep 0.05; done
	id=$(live_id)
	[ -n "$id" ] && [ "$(jq .count "$lw/spool/new/$id.json")" = 1 ] || { sed 's/^/# /' "$lw/watch.log"; return 1; }
	"$bc" forward --config "$lconf" 2>"$lw/f1.err" || { sed 's/^/# /' "$lw/f1.err"; return 1; }
	[ -f "$lw/spool/sent/$id.json" ] && [ "$(jq .count_sent "$lw/spool/sent/$id.json")" = 1 ] &&
		[ "$(posted "$id")" = 0 ] && [ "$(live_hits "$id")" = 1 ]
}
check "live: a watched WARNING is spooled with count 1 and sent to the real server; no count update yet" live_setup
id=$(live_id)

live_counts() {
	local out
	kmsg_warn foo_rx_reorder 101
	kmsg_warn foo_rx_reorder 102
	wait_count "$id" 3 || return 1
	# dry run: says what it would send, sends nothing
	out=$("$bc" forward --dry-run --config "$lconf") || return 1
	echo "$out" | jq -s -e --arg p "/api/v1/reports/$id/count" \
		'any(.[]; .count_update == $p and .body == {"count": 3})' >/dev/null &&
		[ "$(posted "$id")" = 0 ] || { echo "# $out"; return 1; }
	"$bc" list --json --config "$lconf" | jq -e --arg id "$id" \
		'.[] | select(.report_id == $id) | .count == 3 and .count_sent == 1' >/dev/null || return 1
	# (status exits 1 without bugcheck.ko)
	out=$("$bc" status --config "$lconf" 2>/dev/null)
	grep -q '^count updates: 1 waiting' <<<"$out" || { echo "# $out"; return 1; }
	"$bc" forward --config "$lconf" 2>"$lw/f2.err" || { sed 's/^/# /' "$lw/f2.err"; return 1; }
	[ "$(posted "$id")" = 1 ] && [ "$(last_post "$id" | jq -c .)" = '{"count":3}' ] &&
		grep "\"id\": \"$id\"" "$lw/counts.log" | jq -e '.auth | startswith("Bearer ")' >/dev/null &&
		[ "$(jq .count_sent "$lw/spool/sent/$id.json")" = 3 ] || { cat "$lw/counts.log"; return 1; }
	grep -q '1 count updates' "$lw/f2.err" || { sed 's/^/# /' "$lw/f2.err"; return 1; }
	# the real server took it: the bucket has 3 hits, and keeps 3 after a resend
	[ "$(live_hits "$id")" = 3 ] || { echo "# server hits $(live_hits "$id"), want 3"; return 1; }
	# nothing new: nothing sent again
	"$bc" forward --config "$lconf" 2>/dev/null && [ "$(posted "$id")" = 1 ] &&
		"$bc" list --json --config "$lconf" | jq -e --arg id "$id" \
			'.[] | select(.report_id == $id) | .count == 3 and .count_sent == 3' >/dev/null
}
check "live: the failure seen again after the send: forward posts the absolute count 3 once (dry-run, list and status show it first); the server's bucket then has 3 hits" live_counts

live_retry() {
	# the server is busy: the pass fails, the count is kept and sent later
	echo 503 >"$lw/mode"
	kmsg_warn foo_rx_reorder 103
	wait_count "$id" 4 || return 1
	"$bc" forward --config "$lconf" 2>"$lw/f3.err"
	[ $? -eq 1 ] && [ "$(jq .count_sent "$lw/spool/sent/$id.json")" = 3 ] || return 1
	# the watcher killed (SIGKILL) and restarted in the same boot: the count goes on
	kill -9 "$watch_pid"
	wait "$watch_pid" 2>/dev/null
	start_watch || return 1
	kmsg_warn foo_rx_reorder 104
	wait_count "$id" 5 || { sed 's/^/# /' "$lw/watch.log"; return 1; }
	echo 200 >"$lw/mode"
	"$bc" forward --config "$lconf" 2>/dev/null &&
		[ "$(last_post "$id" | jq -c .)" = '{"count":5}' ] &&
		[ "$(jq .count_sent "$lw/spool/sent/$id.json")" = 5 ] && [ "$(live_hits "$id")" = 5 ]
}
check "live: a count update the server could not take (503) is retried; the watcher's count survives SIGKILL; the server ends with 5 hits" live_retry

live_refused() {
	local n
	# the server does not know the report (404): recorded, not sent again
	echo 404 >"$lw/mode"
	kmsg_warn foo_rx_reorder 105
	wait_count "$id" 6 || return 1
	"$bc" forward --config "$lconf" 2>"$lw/f4.err" || { sed 's/^/# /' "$lw/f4.err"; return 1; }
	n=$(posted "$id")
	grep -q 'refused the count 6' "$lw/f4.err" &&
		jq -e '.count_refused | test("404")' "$lw/spool/sent/$id.json" >/dev/null || return 1
	kmsg_warn foo_rx_reorder 106
	wait_count "$id" 7 || return 1
	"$bc" forward --config "$lconf" 2>/dev/null && [ "$(posted "$id")" = "$n" ]
}
check "live: a count the server refuses (404) is recorded and that report's counts stop" live_refused

live_hup() {
	local before i
	# SIGHUP: the watch_* keys change at once; logged once
	live_conf <<<$'watch_daily_cap = 0\nwatch_sample = 1'
	kill -HUP "$watch_pid"
	for i in $(seq 100); do grep -q 'configuration reloaded:' "$lw/watch.log" && break; sleep 0.05; done
	[ "$(grep -c 'configuration reloaded: watch_daily_cap 32 -> 0$' "$lw/watch.log")" = 1 ] ||
		{ sed 's/^/# /' "$lw/watch.log"; return 1; }
	before=$(find "$lw/spool/new" "$lw/spool/sent" -name '*.json' | wc -l)
	kmsg_warn foo_tx_complete 107
	for i in $(seq 100); do grep -q 'daily cap of 0 reached' "$lw/watch.log" && break; sleep 0.05; done
	grep -q 'foo!foo_tx_complete not reported: daily cap of 0 reached' "$lw/watch.log" &&
		[ "$(find "$lw/spool/new" "$lw/spool/sent" -name '*.json' | wc -l)" = "$before" ] ||
		{ sed 's/^/# /' "$lw/watch.log"; return 1; }
	# a file that does not load changes nothing
	echo 'watch_sample = 0' >>"$lconf"
	kill -HUP "$watch_pid"
	for i in $(seq 100); do grep -q 'reload failed' "$lw/watch.log" && break; sleep 0.05; done
	grep -q 'reload failed, keeping the old configuration' "$lw/watch.log" || return 1
	# the cap lifted again: a new failure is reported
	live_conf </dev/null
	kill -HUP "$watch_pid"
	for i in $(seq 100); do grep -q 'watch_daily_cap 0 -> 32' "$lw/watch.log" && break; sleep 0.05; done
	kmsg_warn foo_rx_flush 108
	for i in $(seq 100); do grep -q 'foo_rx_flush spooled' "$lw/watch.log" && break; sleep 0.05; done
	grep -q 'foo!foo_rx_flush spooled' "$lw/watch.log" || { sed 's/^/# /' "$lw/watch.log"; return 1; }
}
check "live: SIGHUP applies the watch_* keys at once (daily cap 0, then 32), says what changed once, keeps the old on a bad file" live_hup
live_daemon() {
	local id2 i dpid ok=1
	echo 200 >"$lw/mode"
	live_conf <<<'poll_interval = 3600'
	kill -HUP "$watch_pid"
	"$bc" forward --daemon --config "$lconf" 2>"$lw/daemon.err" &
	dpid=$!
	for i in $(seq 200); do
		id2=$(jq -r 'select(.failure_name == "WARNING_0x0a_foo!foo_rx_flush") | .report_id' \
			"$lw"/spool/sent/*.json 2>/dev/null)
		[ -n "$id2" ] && break
		sleep 0.05
	done
	if [ -n "$id2" ]; then
		# seen again: the new count file wakes the daemon (inotify), no poll
		kmsg_warn foo_rx_flush 109
		for i in $(seq 200); do [ "$(posted "$id2")" = 1 ] && break; sleep 0.05; done
		[ "$(last_post "$id2" | jq -c .)" = '{"count":2}' ] && ok=0
	fi
	kill "$dpid"
	wait "$dpid" 2>/dev/null
	[ "$ok" -eq 0 ] || { sed 's/^/# /' "$lw/daemon.err"; return 1; }
}
check "live: forward --daemon sends a count update within seconds of the watcher writing it (inotify on counts/)" live_daemon
[ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null
[ -n "$lst_pid" ] && kill "$lst_pid" 2>/dev/null
exec 7>&-

echo "# suite agent-forward: $(($(date +%s) - t0)) s"
[ "$fails" -eq 0 ]
