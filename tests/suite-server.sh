#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bugcheck-server: C unit tests (bucketing, query parser, report decoder),
# the HTTP API end to end against a live server on 127.0.0.1 (random free
# port, temporary database) built normally and with ASan+UBSan, and the two
# libFuzzer targets for BUGCHECK_FUZZ_SECONDS each (default 20).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

t0=$(date +%s)
fails=0
fuzz_secs=${BUGCHECK_FUZZ_SECONDS:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; fails=$((fails + 1)); }

if ! make --no-print-directory -j2 build/bugcheck-server build/bugcheck-server-load server-tests >"$tmp/build.log" 2>&1; then
	sed 's/^/# /' "$tmp/build.log" | tail -30
	notok "server: build bugcheck-server and unit tests"
	exit 1
fi
ok "server: build bugcheck-server and unit tests"

for t in build/tests/server_*_test; do
	name=$(basename "$t")
	if out=$("$t" 2>&1); then
		ok "server: unit $name ($(echo "$out" | tail -n 1))"
	else
		echo "$out" | sed 's/^/# /' | tail -30
		notok "server: unit $name"
	fi
done

run_api() {
	local bin=$1 label=$2
	python3 tests/server_api.py "$bin" >"$tmp/api.out" 2>&1
	local rc=$?
	sed -e "s/^ok - /ok - server: $label/" -e "s/^not ok - /not ok - server: $label/" "$tmp/api.out"
	if [ $rc -ne 0 ]; then
		fails=$((fails + 1))
	fi
}
run_api build/bugcheck-server ""

# The same scenarios against an ASan+UBSan build: any memory error aborts
# the server, which fails the cases that follow.
san_ok=0
if make --no-print-directory -j2 SAN=1 build/san/bugcheck-server build/san/bugcheck-server-load >"$tmp/san.log" 2>&1; then
	san_ok=1
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		run_api build/san/bugcheck-server "asan: "
else
	sed 's/^/# /' "$tmp/san.log" | tail -20
	notok "server: ASan build"
fi

# The whole API suite again on PostgreSQL, normal and ASan+UBSan builds:
# a throwaway cluster (initdb as an unprivileged user, Unix socket only,
# fsync off: the disk is shared),
# stopped and removed at exit whatever happens; every database of the run
# is a fresh one in it, and two servers share one for the fleet cases.
pgdir=$(mktemp -d /tmp/bcpg.XXXXXX)
trap 'bash tests/pg-cluster.sh stop "$pgdir"; rm -rf "$tmp"' EXIT
if PG_FSYNC=off bash tests/pg-cluster.sh start "$pgdir" >"$tmp/pg.log" 2>&1; then
	BUGCHECK_PG_DIR=$pgdir run_api build/bugcheck-server "postgresql: "
	if [ "$san_ok" = 1 ]; then
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 BUGCHECK_PG_DIR=$pgdir \
			run_api build/san/bugcheck-server "postgresql: asan: "
	fi
else
	sed 's/^/# /' "$tmp/pg.log" | tail -20
	notok "server: postgresql: start a throwaway cluster"
fi

# SIGHUP: the configuration file is read again; rate and burst apply to the
# running server, a broken file changes nothing, a listen change waits for
# a restart.
sighup() {
	local d=$tmp/hup db port pid tok codes
	mkdir -p "$d"
	db=$d/db.sqlite
	build/bugcheck-server token create --role admin --db "$db" >"$d/tok" 2>/dev/null || return 1
	tok=$(cat "$d/tok")
	printf 'db = %s\nlisten = 127.0.0.1:0\nrate = 1\nburst = 2\n' "$db" >"$d/conf"
	build/bugcheck-server --config "$d/conf" 2>"$d/log" &
	pid=$!
	for _ in $(seq 100); do
		port=$(grep -o 'listening on port [0-9]*' "$d/log" | grep -o '[0-9]*$')
		[ -n "$port" ] && break
		sleep 0.05
	done
	[ -n "$port" ] || { kill $pid; return 1; }
	burst4() {	# HTTP codes of 4 quick top queries
		for _ in 1 2 3 4; do
			curl -s -o /dev/null -w '%{http_code} ' -H "Authorization: Bearer $tok" \
				"http://127.0.0.1:$port/api/v1/top"
		done
	}
	codes=$(burst4)
	case "$codes" in *429*) ;; *) echo "# rate 1 burst 2: $codes"; kill $pid; return 1 ;; esac
	printf 'db = %s\nlisten = 127.0.0.1:1\nrate = 0\nburst = 2\n' "$db" >"$d/conf"
	kill -HUP $pid
	for _ in $(seq 50); do grep -q 'SIGHUP: reloaded' "$d/log" && break; sleep 0.05; done
	codes=$(burst4)$(burst4)
	case "$codes" in *429*) echo "# after reload rate 0: $codes"; kill $pid; return 1 ;; esac
	grep -q "'listen' changed; it takes effect on restart" "$d/log" || { kill $pid; return 1; }
	printf 'rate = fast\n' >"$d/conf"
	kill -HUP $pid
	for _ in $(seq 50); do grep -q 'not reloaded; settings unchanged' "$d/log" && break; sleep 0.05; done
	codes=$(burst4)
	kill $pid
	wait $pid 2>/dev/null
	grep -q 'not reloaded; settings unchanged' "$d/log" &&
		case "$codes" in *429*) false ;; *) true ;; esac
}
if sighup; then
	ok "server: SIGHUP re-reads the file: rate applied live, listen waits for restart, a bad file changes nothing"
else
	sed 's/^/# /' "$tmp/hup/log" 2>/dev/null | tail -20
	notok "server: SIGHUP re-reads the file: rate applied live, listen waits for restart, a bad file changes nothing"
fi

# Finding 11 of issue 12: the unit takes every setting from server.conf
# (no --db on its command line), and the database path of the docs' quick
# start is the built-in default the unit relies on.
unit_db() {
	local def
	def=$(build/bugcheck-server --help | sed -n 's/.*(default \(\/var\/lib[^)]*\)).*/\1/p')
	[ -n "$def" ] &&
		grep -q '^ExecStart=/usr/sbin/bugcheck-server serve$' server/bugcheck-server.service &&
		grep -q "StateDirectory=$(basename "$(dirname "$def")")$" server/bugcheck-server.service &&
		grep -q -- "--db $def" docs/server.md
}
if unit_db; then
	ok "server: unit file passes no --db; docs, unit StateDirectory and built-in default name one database path"
else
	notok "server: unit file passes no --db; docs, unit StateDirectory and built-in default name one database path"
fi

# Fuzzers: run briefly from the seed corpus (copied, libFuzzer adds to it).
if make --no-print-directory -j2 server-fuzz >"$tmp/fuzz.log" 2>&1; then
	for f in filter request collect census; do
		mkdir -p "$tmp/corpus-$f"
		cp tests/server_corpus/"$f"/* "$tmp/corpus-$f/"
		if build/fuzz/server_fuzz_$f -max_total_time="$fuzz_secs" -max_len=16384 \
			-rss_limit_mb=1024 -artifact_prefix="$tmp/" "$tmp/corpus-$f" \
			>"$tmp/fuzz-$f.log" 2>&1; then
			ok "server: fuzz_$f ran ${fuzz_secs}s clean ($(grep -o 'Done [0-9]* runs' "$tmp/fuzz-$f.log"))"
		else
			grep -E 'ERROR|SUMMARY|Test unit written' "$tmp/fuzz-$f.log" | sed 's/^/# /' | head -20
			notok "server: fuzz_$f"
		fi
	done
else
	sed 's/^/# /' "$tmp/fuzz.log" | tail -20
	notok "server: build fuzzers"
fi

echo "# suite-server took $(($(date +%s) - t0)) s"
[ "$fails" -eq 0 ]
