#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A throwaway PostgreSQL cluster for the server tests and benchmarks.
#
#   tests/pg-cluster.sh start DIR   initdb into DIR/data (as "nobody" when
#                                   run as root: initdb refuses root), start
#                                   it listening only on a Unix socket in
#                                   DIR/sock, print the socket directory
#   tests/pg-cluster.sh stop DIR    stop it (fast shutdown) and remove DIR
#   tests/pg-cluster.sh uri DIR DB  print the --db URI of database DB,
#                                   creating it if missing
#
# Debian's server binaries live in /usr/lib/postgresql/<major>/bin; the
# newest installed major is taken, never a fixed one.  PG_FSYNC=off (tests
# only) spares the shared disk; benchmarks keep the default, on.
set -euo pipefail

cmd=${1:?usage: pg-cluster.sh start|stop|uri DIR [DB]}
dir=${2:?usage: pg-cluster.sh start|stop|uri DIR [DB]}
bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
	echo "pg-cluster: no PostgreSQL server in /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2
	exit 1
fi

as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

case $cmd in
start)
	mkdir -p "$dir/sock"
	[ "$(id -u)" = 0 ] && chown -R nobody "$dir"
	as_owner "$bin/initdb" -D "$dir/data" -U bugcheck --auth=trust \
		--encoding=UTF8 --locale=C -N >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-k $dir/sock -c listen_addresses='' -c fsync=${PG_FSYNC:-on} -c max_connections=300 -c shared_buffers=256MB" \
		start >/dev/null || {
		cat "$dir/server.log" >&2
		exit 1
	}
	echo "$dir/sock"
	;;
uri)
	db=${3:?usage: pg-cluster.sh uri DIR DB}
	if ! "$bin/psql" -h "$dir/sock" -U bugcheck -d postgres -tAc \
		"SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
		"$bin/createdb" -h "$dir/sock" -U bugcheck "$db"
	fi
	echo "postgresql:///$db?host=$dir/sock&user=bugcheck"
	;;
stop)
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
	fi
	rm -rf "$dir"
	;;
*)
	echo "pg-cluster: unknown command $cmd" >&2
	exit 2
	;;
esac
