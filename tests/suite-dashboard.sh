#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The dashboard in a real browser: Debian's chromium, driven by
# playwright-core (npm ci, pinned in package-lock.json; no browser is
# downloaded), against the real bugcheck-server on 127.0.0.1 with a
# temporary database.  The data is real: crash logs from ../shared/corpus
# (satyr's kernel oopses) are collected by the agent as kdump dmesg files
# dated over the last days and forwarded to the server, plus one report
# whose title is hostile HTML.  Then tests/dashboard/dashboard.mjs logs in
# as two vendors and an admin and checks what each sees against the API,
# and the agent's "bugcheck list" shows a response attached in the page.
# Screenshots go to build/dashboard/.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

t0=$(date +%s)
fails=0
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

ok() { echo "ok - dashboard: $1"; }
notok() { echo "not ok - dashboard: $1"; fails=$((fails + 1)); }
corpus=${BUGCHECK_CORPUS:-../shared/corpus}

if ! make -s -j2 build/bugcheck build/bugcheck-server >"$work/build.log" 2>&1; then
	sed 's/^/# /' "$work/build.log" | tail -30
	notok "build"
	exit 1
fi
ok "build"
chrome=${BUGCHECK_CHROMIUM:-$(command -v chromium)}
if [ -z "$chrome" ]; then
	notok "chromium is installed (scripts/setup.sh)"
	exit 1
fi
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	if ! npm ci --no-audit --no-fund >"$work/npm.log" 2>&1; then
		sed 's/^/# /' "$work/npm.log" | tail -20
		notok "npm ci (playwright-core, axe-core)"
		exit 1
	fi
fi

srv=build/bugcheck-server
bc=build/bugcheck
db=$work/db.sqlite
head -c 48 /dev/urandom | base64 >"$work/secret"
for t in agent admin; do
	"$srv" token create --role "$t" --db "$db" --label "$t" >"$work/$t.tok" 2>/dev/null
done
"$srv" token create --role vendor --module wl --label "Broadcom wl" --db "$db" >"$work/vendor-wl.tok" 2>/dev/null
"$srv" token create --role vendor --module amdgpu --label AMD --db "$db" >"$work/vendor-amd.tok" 2>/dev/null

start_server() {	# log file -> sets $port (not in a subshell: $pids must grow)
	"$srv" --db "$db" --listen 127.0.0.1:0 --session-secret "$work/secret" \
		--rate 1000 --burst 1000 </dev/null >/dev/null 2>"$1" &
	pids+=($!)
	local i
	port=
	for i in $(seq 100); do
		port=$(grep -o 'listening on port [0-9]*' "$1" | grep -o '[0-9]*$')
		[ -n "$port" ] && return 0
		sleep 0.05
	done
	return 1
}
# a second server with the same secret first: sessions are shared
start_server "$work/srv2.log" || { cat "$work/srv2.log"; notok "second server starts"; exit 1; }
port2=$port
start_server "$work/srv.log" || { cat "$work/srv.log"; notok "server starts"; exit 1; }

# --- real reports: corpus logs collected as kdump dumps, forwarded -------
cat >"$work/agent.conf" <<EOF
forward = yes
server = http://127.0.0.1:$port
allow_http = yes
token_file = $work/agent.tok
spool_dir = $work/spool
state_dir = $work/state
pstore_dir = $work/pstore
kdump_dir = $work/crash
device_type = laptop
market = lab-eu
EOF
export BUGCHECK_AGENT_CONFIG=$work/agent.conf
ingest() {
	local i=0 f n k stamp
	for f in "$corpus"/satyr-kerneloopses/*; do
		case $(basename "$f") in *.txt | *.tsv) continue ;; esac
		# a skewed number of copies (1..6), so the ranking has a head
		n=$((1 + (i * 7) % 6))
		for k in $(seq "$n"); do
			stamp=$(date -u -d "$(((i + k) % 12)) days ago $((k % 24)) hours ago" +%Y%m%d%H%M)
			mkdir -p "$work/crash/$stamp$i$k"
			# the agent knows a crash by hash and console time: each
			# copy gets its own time (a digit added to the seconds)
			sed -E "s/^(<[0-9]>)?\[ *([0-9]+)\./\1[\2${k}./" "$f" \
				>"$work/crash/$stamp$i$k/dmesg.$stamp"
		done
		i=$((i + 1))
	done
	"$bc" collect --source kdump >"$work/collect.out" 2>"$work/collect.err" || { tail "$work/collect.err"; return 1; }
	"$bc" forward >"$work/fwd.out" 2>"$work/fwd.err" || { tail "$work/fwd.err"; return 1; }
	# "N sent, M already known, ..." (cmd_forward.c): at least one report
	n=$(sed -n 's/.*bugcheck forward: \([0-9][0-9]*\) sent, .*/\1/p' "$work/fwd.err" | head -1)
	[ "${n:-0}" -gt 0 ] || { echo "forward sent no report"; tail "$work/fwd.err"; return 1; }
	echo "$n sent"
}
if sent=$(ingest); then
	ok "agent collected the corpus as kdump dumps and forwarded them ($sent)"
else
	printf "# %s\n" "$sent"
	notok "agent collected the corpus as kdump dumps and forwarded them"
fi

# --- the browser tests -----------------------------------------------------
mkdir -p build/dashboard
DASH_BASE=http://127.0.0.1:$port DASH_BASE2=http://127.0.0.1:$port2 \
	DASH_CHROMIUM=$chrome DASH_SECRET_FILE=$work/secret DASH_DB=$db DASH_SERVER=$srv \
	DASH_ADMIN=$(cat "$work/admin.tok") DASH_AGENT=$(cat "$work/agent.tok") \
	DASH_VENDOR=$(cat "$work/vendor-wl.tok") DASH_VENDOR_MODULE=wl \
	DASH_VENDOR2=$(cat "$work/vendor-amd.tok") DASH_VENDOR2_MODULE=amdgpu \
	DASH_SHOTS=build/dashboard DASH_RESPONSE_FILE=$work/response.txt DASH_AGENT_BIN=$bc \
	node tests/dashboard/dashboard.mjs >"$work/node.out" 2>&1
rc=$?
sed -e 's/^ok - /ok - dashboard: /' -e 's/^not ok - /not ok - dashboard: /' "$work/node.out"
if [ "$rc" -ne 0 ] && ! grep -q '^not ok - ' "$work/node.out"; then
	notok "browser tests ran to the end (node exit $rc)"
fi
fails=$((fails + $(grep -c '^not ok - ' "$work/node.out")))

# --- the response attached in the page reaches the machine ----------------
agent_sees() {
	local msg
	msg=$(cat "$work/response.txt" 2>/dev/null) || return 1
	[ -n "$msg" ] || return 1
	"$bc" forward >/dev/null 2>"$work/fwd2.err" || { tail -5 "$work/fwd2.err"; return 1; }
	"$bc" list >"$work/list.out" || return 1
	grep -qF "response: $msg" "$work/list.out" || { grep response "$work/list.out" | head -5; return 1; }
}
if agent_sees; then
	ok "a response attached in the page is shown by the agent's 'bugcheck list'"
else
	notok "a response attached in the page is shown by the agent's 'bugcheck list'"
fi

# --- under TLS the cookie is Secure -----------------------------------------
tls_cookie() {
	local p i hdr
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/tls.key" -out "$work/tls.crt" \
		-days 1 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1 || return 1
	"$srv" --db "$db" --listen 127.0.0.1:0 --tls-cert "$work/tls.crt" --tls-key "$work/tls.key" \
		</dev/null >/dev/null 2>"$work/tls.log" &
	pids+=($!)
	for i in $(seq 100); do
		p=$(grep -o 'listening on port [0-9]*' "$work/tls.log" | grep -o '[0-9]*$')
		[ -n "$p" ] && break
		sleep 0.05
	done
	[ -n "$p" ] || return 1
	hdr=$(curl -s -D - -o /dev/null --cacert "$work/tls.crt" -H 'Content-Type: application/json' \
		-d "{\"token\":\"$(cat "$work/admin.tok")\"}" "https://127.0.0.1:$p/login" | tr -d '\r' |
		grep -i '^set-cookie: bcsession=')
	echo "# $hdr" | sed 's/=v1\.[^;]*/=.../'
	grep -q '; HttpOnly; SameSite=Strict; Secure$' <<<"$hdr"
}
if tls_cookie; then
	ok "over TLS the session cookie is Secure, HttpOnly, SameSite=Strict"
else
	tail -5 "$work/tls.log" | sed 's/^/# /'
	notok "over TLS the session cookie is Secure, HttpOnly, SameSite=Strict"
fi

echo "# suite-dashboard took $(($(date +%s) - t0)) s"
[ "$fails" -eq 0 ]
