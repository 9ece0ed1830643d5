#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Classifier throughput and memory: classify the whole corpus concatenated
# (MB/s of CPU time, one core), then a ~200 MB log (corpus repeated with filler) to show
# that peak RSS stays flat as the input grows (the classifier streams).
set -eu
cd "$(dirname "$0")/.."
corpus=$(cd ../shared/corpus && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '#include "cli.h"\nint main(int c, char **v) { return bc_exit_status(bc_cmd_classify(c, v)); }\n' >"$tmp/m.c"
# The classify command alone, on the agent's core and lib archives.
make -s build/libbugcheck-core.a build/libbugcheck-lib.a
# shellcheck disable=SC2046 # pkg-config prints several flags, split on purpose
cc -std=gnu11 -O2 -D_GNU_SOURCE -Iinclude -Icommon -Ilib -Iagent/cli -Iagent/core \
	-o "$tmp/classify" "$tmp/m.c" agent/cli/cmd_classify.c \
	build/libbugcheck-core.a build/libbugcheck-lib.a \
	$(pkg-config --cflags --libs json-c liblz4 libzstd)

find "$corpus" -type f ! -name '*.md' ! -name 'LICENSE*' ! -name '*.tsv' -print0 |
	sort -z | xargs -0 cat >"$tmp/corpus.log"
# Seconds are CPU seconds (user + system) of the one-threaded classifier:
# on a shared machine wall time mostly measures the other jobs.
run() {	# file -> "seconds maxrss_kb"
	/usr/bin/time -f '%U %S %M' -o "$tmp/t" "$tmp/classify" --all --json "$1" >/dev/null || true
	awk '{ printf "%.2f %s\n", $1 + $2, $3 }' "$tmp/t"
}
size_mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }

# The corpus alone takes a few hundredths of a second, below the timer's
# resolution: time it 20 times over, crash text only.
for _ in $(seq 20); do cat "$tmp/corpus.log"; done >"$tmp/corpus20.log"
read -r s kb < <(run "$tmp/corpus20.log")
echo "classifier: corpus x20 $(size_mb "$tmp/corpus20.log") MB in ${s}s, peak RSS ${kb} KB" \
	"($(awk -v b="$(stat -c %s "$tmp/corpus20.log")" -v s="$s" 'BEGIN { printf "%.1f", (s > 0 ? b / 1048576 / s : 0) }') MB/s)"

# ~20 MB and ~200 MB: corpus plus non-crash filler lines
{ yes "[  100.000000] usb 1-1: new high-speed USB device number 2 using ehci-pci" || true; } |
	head -c 3000000 >"$tmp/filler"
: >"$tmp/big"
for _ in 1 2 3 4 5; do cat "$tmp/corpus.log" "$tmp/filler" >>"$tmp/big"; done
cp "$tmp/big" "$tmp/small"
for _ in 1 2 3 4 5 6 7 8 9; do cat "$tmp/small" >>"$tmp/big"; done
read -r s1 kb1 < <(run "$tmp/small")
read -r s2 kb2 < <(run "$tmp/big")
echo "classifier: $(size_mb "$tmp/small") MB in ${s1}s ($(awk -v b="$(stat -c %s "$tmp/small")" -v s="$s1" 'BEGIN { printf "%.1f", (s > 0 ? b / 1048576 / s : 0) }') MB/s), peak RSS ${kb1} KB"
echo "classifier: $(size_mb "$tmp/big") MB in ${s2}s ($(awk -v b="$(stat -c %s "$tmp/big")" -v s="$s2" 'BEGIN { printf "%.1f", (s > 0 ? b / 1048576 / s : 0) }') MB/s), peak RSS ${kb2} KB"
