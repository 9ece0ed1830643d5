#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Classifier suite: unit tests (normal and ASan+UBSan builds), the corpus
# score against ../shared/corpus (syzkaller, metamorphic, framing, satyr, abrt;
# fails when a threshold is missed), the
# bugcheck classify CLI contract, and a short libFuzzer run.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# The corpus sits beside the project (../shared/corpus); BUGCHECK_CORPUS
# overrides; there is no other place.
corpus=
for c in "${BUGCHECK_CORPUS:-}" "$root/../shared/corpus"; do
	if [ -n "$c" ] && [ -d "$c/syzkaller-linux-report" ]; then
		corpus=$(cd "$c" && pwd)
		break
	fi
done
t0=$(date +%s)
FUZZ_SECONDS=${FUZZ_SECONDS:-30}

result() { if [ "$1" -eq 0 ]; then echo "ok - $2"; else echo "not ok - $2"; fi; }

make -s -j2 build/tests/classify_test build/tests/classify_corpus_test \
	build/tests/classify_formats_test build/tests/kmsg_test >/dev/null 2>&1
build/tests/classify_test; result $? "classifier unit tests"
build/tests/kmsg_test; result $? "/dev/kmsg record parser (agent/core/kmsg.c)"
build/tests/classify_formats_test; result $? "classifier report formats (docs/classifier.md table)"

make -s -j2 SAN=1 build/san/tests/classify_test build/san/tests/classify_corpus_test \
	build/san/tests/classify_formats_test build/san/tests/kmsg_test >/dev/null 2>&1
# the per-case lines of the sanitizer runs are comments (the plain run
# above counts each case once)
build/san/tests/classify_test | sed 's/^/# /'
result "${PIPESTATUS[0]}" "classifier unit tests under ASan+UBSan"
build/san/tests/classify_formats_test | sed 's/^/# /'
result "${PIPESTATUS[0]}" "classifier report formats under ASan+UBSan"
build/san/tests/kmsg_test | sed 's/^/# /'
result "${PIPESTATUS[0]}" "/dev/kmsg record parser under ASan+UBSan"

if [ -z "$corpus" ] || [ ! -d "$corpus/syzkaller-linux-report" ]; then
	echo "corpus not found at $root/../shared/corpus"
	result 1 "classifier corpus score"
else
	build/tests/classify_corpus_test "$corpus"
	result $? "classifier corpus score (issue thresholds)"
	build/san/tests/classify_corpus_test "$corpus" >/dev/null; rc=$?
	# exit 1 = thresholds (reported above); anything else = sanitizer finding
	[ "$rc" -le 1 ]; result $? "classifier corpus under ASan+UBSan (no findings)"
fi

# The generic-code generator on a small ctags listing: path rules and
# "file.c:glob" rules, the "api" scope (exported or header inline), test
# files, names also
# defined in blameable code; and the committed table carries the family
# rules of scripts/classify-generic.tsv as they are now.
gdir=$(mktemp -d)
printf '%s\t%s\t1;"\n' kfree mm/slab_common.c ___slab_alloc mm/slub.c \
	format_decode lib/vsprintf.c arch_inline include/asm-generic/x.h \
	drv_probe drivers/x/y.c kasan_report mm/kasan/report.c \
	memcpy lib/string.c memcpy drivers/x/z.c rmqueue mm/page_alloc.c \
	__alloc_pages mm/page_alloc.c test_fn lib/test_sort.c \
	arch_private arch/x86/kernel/x.h \
	print_hex_dump lib/hexdump.c print_hex_dump include/linux/printk.h \
	hdr_only include/linux/x.h \
	dev_attr_store drivers/base/core.c device_add drivers/base/core.c >"$gdir/tags"
printf 'kfree\n__alloc_pages\ntest_fn\ndevice_add\n' >"$gdir/exports"
if python3 scripts/classify-gentab.py --tags "$gdir/tags" --exports "$gdir/exports" \
	-o "$gdir/t.c" 2>/dev/null; then
	names=$(grep -o '^	"[A-Za-z0-9_]*\\0"' "$gdir/t.c" | tr -d '"\t\\' | sed 's/0$//' | tr '\n' ' ')
	# print_hex_dump: a header stub of a generic .c function stays generic;
	# dev_attr_store: a "file.c:glob" rule in a blameable file (device_add)
	[ "$names" = "__alloc_pages arch_inline dev_attr_store format_decode kasan_report kfree print_hex_dump " ]
	result $? "generic-code generator: rules give '$names'"
else
	result 1 "generic-code generator runs"
fi
# Two trees: 6.1 decides for the names it defines (kfree stays generic,
# drv_probe blameable although 6.12 moves them); 6.12 adds the names 6.1
# lacks (kmalloc_noprof generic, new_drv_fn blameable, api_new exported)
printf '%s\t%s\t1;"\n' kfree drivers/x/moved.c drv_probe mm/slub.c \
	kmalloc_noprof mm/slub.c new_drv_fn drivers/y/z.c \
	api_new kernel/time/timer.c api_internal kernel/time/timer.c >"$gdir/tags2"
printf 'api_new\nkmalloc_noprof\n' >"$gdir/exports2"
if python3 scripts/classify-gentab.py --tags "$gdir/tags" --exports "$gdir/exports" \
	--tags2 "$gdir/tags2" --exports2 "$gdir/exports2" -o "$gdir/t2.c" 2>/dev/null; then
	names=$(grep -o '^	"[A-Za-z0-9_]*\\0"' "$gdir/t2.c" | tr -d '"\t\\' | sed 's/0$//' | tr '\n' ' ')
	[ "$names" = "__alloc_pages api_new arch_inline dev_attr_store format_decode kasan_report kfree kmalloc_noprof print_hex_dump " ]
	result $? "generic-code generator, two trees: rules give '$names'"
else
	result 1 "generic-code generator runs on two trees"
fi
# The committed table is what the generator makes of both trees; checked
# only when both are here (6.1 in $LINUX_SRC or build/, 6.12 in the cache
# of scripts/fetch-linux-source-612.sh): the suite never downloads.
src61=${LINUX_SRC:-$root/build/linux-source-6.1}
src612=$(scripts/fetch-linux-source-612.sh --path)
if [ -d "$src61/kernel" ] && [ -f "$(dirname "$src612")/.complete" ]; then
	python3 scripts/classify-gentab.py --src "$src61" --src2 "$src612" \
		-o "$gdir/full.c" 2>/dev/null &&
		cmp -s "$gdir/full.c" agent/core/classify_gentab.c
	result $? "committed generic table is the generator's output over 6.1 and 6.12"
else
	echo "# linux-source-6.1 or the cached 6.12 tree missing: committed table not regenerated"
fi
python3 - "$gdir" <<'PY'
import re, sys
fam = [l.split("\t")[1] for l in open("scripts/classify-generic.tsv")
       if l.startswith("family\t")]
src = open("agent/core/classify_gentab.c").read()
body = src[src.index("bc_gen_families[] = {"):]
body = body[:body.index("NULL,")]
got = [s.encode().decode("unicode_escape") for s in re.findall(r'"((?:[^"\\]|\\.)*)"', body)]
sys.exit(0 if got == fam else 1)
PY
result $? "committed generic table matches scripts/classify-generic.tsv (make classify-gentab)"
rm -rf "$gdir"

# CLI contract (only when the bugcheck binary links)
if make -s build/bugcheck >/dev/null 2>&1; then
	log=$(mktemp)
	printf '[ 1.0] divide error: 0000 [#1] SMP\n[ 1.1] RIP: 0010:f_div+0x5/0x10 [m]\n' >"$log"
	out=$(build/bugcheck classify --json "$log"); rc=$?
	[ $rc -eq 0 ] && echo "$out" | grep -q '"failure_name":"DIVIDE_ERROR_0x07_m!f_div"'
	result $? "bugcheck classify --json"
	echo "no crash here" | build/bugcheck classify - >/dev/null 2>&1; [ $? -eq 1 ]
	result $? "bugcheck classify exits 1 without a crash"
	build/bugcheck classify --bogus >/dev/null 2>&1; [ $? -eq 2 ]
	result $? "bugcheck classify exits 2 on usage error"
	build/bugcheck classify --help | grep -q 'Exit status'; result $? "bugcheck classify --help"
	rm -f "$log"
else
	echo "# build/bugcheck does not link yet (other commands missing); CLI cases skipped"
fi

# Build the fuzzer from the classifier's own sources, so a half-written
# file elsewhere in agent/ cannot stop it.
build_fuzzer() {
	mkdir -p build/fuzz
	clang -std=gnu11 -g -O1 -D_GNU_SOURCE -Iinclude -Iagent/core -Ilib \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o build/fuzz/fuzz_classify agent/fuzz/fuzz_classify.c \
		$(ls agent/core/classify*.c | grep -v '_test\.c$') agent/core/kmsg.c lib/sha256.c
}
if command -v clang >/dev/null && build_fuzzer; then
	fdir=$(mktemp -d)
	if [ -n "$corpus" ]; then
		find "$corpus/syzkaller-linux-report" -type f -name '[0-9]*' | head -200 |
			xargs -I{} cp {} "$fdir/"
	fi
	build/fuzz/fuzz_classify -max_total_time="$FUZZ_SECONDS" -max_len=65536 \
		-rss_limit_mb=1024 "$fdir" >"$fdir.log" 2>&1
	rc=$?
	tail -n 3 "$fdir.log"
	result $rc "classifier fuzz ${FUZZ_SECONDS}s (ASan+UBSan)"
	rm -rf "$fdir" "$fdir.log"
else
	result 1 "classifier fuzz target builds"
fi
echo "# classifier suite took $(($(date +%s) - t0)) s"
