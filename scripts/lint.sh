#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Lint gate (make lint; tests/suite-lint.sh runs it in make check):
#   clang-format  check mode, with .clang-format (the kernel's own), on C
#   checkpatch    --strict, from Debian's kernel source, on kmod/ and common/
#   cppcheck      on the user-space C (agent/, server/, lib/, common/)
#   ShellCheck    on scripts/ and tests/
#   pyflakes      on the Python lab scripts
# Every tool prints "ok - lint: <tool>" or "not ok - lint: <tool>" with its
# findings as "# " lines before it (tests/run.sh protocol).  Exit status: 0
# when all pass, 1 on a finding, 2 when a tool is missing (run
# scripts/setup.sh).
#
# Paths other branches own are excluded below, each with its reason; the
# integrator shrinks these lists as the branches are merged and formatted.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

# clang-format: owned elsewhere, formatted at integration.
FORMAT_EXCLUDE=(
	'agent/core/classify*'	# owned by the classifier branch, formatted at integration
	'kmod/*'		# owned by the kmod branch, formatted at integration
	'examples/*'		# owned by the packaging/examples branch, formatted at integration
	'include/uapi/*'	# shared with the kmod branch, formatted at integration
	'include/bugcheck/vendor.h'	# kmod's vendor API, formatted at integration
)
# checkpatch --strict: files with known findings that belong to another
# branch, or whose findings are the point of the file.
CHECKPATCH_EXCLUDE=(
	'kmod/crashtest/*'	# crashes on purpose: BUG(), %px and volatile are its job
	'kmod/genl.c'		# owned by the kmod branch (barrier comment), fixed at integration
	'kmod/panic.c'		# owned by the kmod branch (barrier comment), fixed at integration
	'kmod/region.c'		# owned by the kmod branch (barrier comment), fixed at integration
	'kmod/vendor.c'		# owned by the kmod branch (comment style), fixed at integration
	'kmod/internal.h'	# owned by the kmod branch (mutex comment), fixed at integration
)
# checkpatch types ignored everywhere, with the reason.
#   PREFER_KERNEL_TYPES: common/bugcheck_record.h's user-space half defines
#   u8..u64 from <stdint.h>; the kernel half uses the kernel's own.
CHECKPATCH_IGNORE=PREFER_KERNEL_TYPES
SHELLCHECK_EXCLUDE=(
	'tests/suite-classifier.sh'	# owned by the classifier branch, fixed at integration
)
PYFLAKES_EXCLUDE=()

fails=0
missing=0

excluded() {	# path pattern... -> 0 when path matches a pattern
	local p=$1 x
	shift
	for x in "$@"; do
		# shellcheck disable=SC2053 # the pattern is a glob on purpose
		[[ $p == $x ]] && return 0
	done
	return 1
}

files() {	# git pathspec... -> tracked files, one a line
	git ls-files -- "$@" 2>/dev/null
}

report() {	# tool findings-file
	if [ -s "$2" ]; then
		sed 's/^/# /' "$2"
		echo "not ok - lint: $1 ($(wc -l <"$2") finding lines)"
		fails=$((fails + 1))
	else
		echo "ok - lint: $1"
	fi
}

need() {	# command package
	command -v "$1" >/dev/null && return 0
	echo "not ok - lint: $1 missing (scripts/setup.sh installs $2)"
	missing=1
	return 1
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT

# --- clang-format -------------------------------------------------------
if need clang-format clang-format; then
	: >"$out"
	while read -r f; do
		excluded "$f" "${FORMAT_EXCLUDE[@]}" && continue
		clang-format --style=file --dry-run "$f" 2>&1 |
			grep -E '^[^ ].*: (warning|error):' >>"$out"
	done < <(files '*.c' '*.h')
	report clang-format "$out"
fi

# --- checkpatch.pl --strict ---------------------------------------------
# Debian ships it in linux-source-*: the unpacked tree if there is one (ours
# for KUnit, or /usr/src), else the three files it needs are taken out of
# the tarball once into build/lint/.
find_checkpatch() {
	local c tarball top
	for c in "${CHECKPATCH:-}" build/kunit/linux-source-*/scripts/checkpatch.pl \
		/usr/src/linux-source-*/scripts/checkpatch.pl; do
		[ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
	done
	tarball=$(find /usr/src -maxdepth 1 -name 'linux-source-*.tar.xz' 2>/dev/null | sort -V | tail -n 1)
	[ -n "$tarball" ] || return 1
	top=$(basename "$tarball" .tar.xz)
	if [ ! -x "build/lint/$top/scripts/checkpatch.pl" ]; then
		mkdir -p build/lint
		tar -C build/lint -xJf "$tarball" "$top/scripts/checkpatch.pl" \
			"$top/scripts/spelling.txt" "$top/scripts/const_structs.checkpatch" ||
			return 1
	fi
	echo "build/lint/$top/scripts/checkpatch.pl"
}
if checkpatch=$(find_checkpatch); then
	: >"$out"
	while read -r f; do
		excluded "$f" "${CHECKPATCH_EXCLUDE[@]}" && continue
		"$checkpatch" --strict --no-tree --terse --show-types \
			--ignore "$CHECKPATCH_IGNORE" -f "$f" 2>&1 |
			grep -E ': (ERROR|WARNING|CHECK):' >>"$out"
	done < <(files 'kmod/*.c' 'kmod/*.h' 'common/*.c' 'common/*.h')
	report checkpatch "$out"
else
	echo "not ok - lint: checkpatch.pl not found (scripts/setup.sh installs linux-source)"
	missing=1
fi

# --- cppcheck -----------------------------------------------------------
if need cppcheck cppcheck; then
	inc=(-Iinclude -Icommon -Ilib)
	for d in agent/*/; do [ "$d" = agent/deny/ ] || inc+=("-I${d%/}"); done
	inc+=(-Iserver)
	cppcheck --quiet --enable=warning,portability,performance --std=c11 \
		--inline-suppr -D_GNU_SOURCE "${inc[@]}" \
		--template='{file}:{line}: {severity}: {message} [{id}]' \
		--suppress='preprocessorErrorDirective:agent/deny/*' \
		agent/ server/ lib/ common/ 2>&1 | grep -E '^[^ ].*:[0-9]+: ' >"$out"
	report cppcheck "$out"
fi

# --- shellcheck ---------------------------------------------------------
if need shellcheck shellcheck; then
	list=()
	while read -r f; do
		excluded "$f" "${SHELLCHECK_EXCLUDE[@]}" || list+=("$f")
	done < <(files 'scripts/*.sh' 'tests/*.sh')
	shellcheck -f gcc -x "${list[@]}" >"$out" 2>&1
	report shellcheck "$out"
fi

# --- pyflakes -----------------------------------------------------------
if need pyflakes3 python3-pyflakes; then
	list=()
	while read -r f; do
		excluded "$f" "${PYFLAKES_EXCLUDE[@]}" || list+=("$f")
	done < <(files '*.py')
	pyflakes3 "${list[@]}" >"$out" 2>&1
	report pyflakes "$out"
fi

[ "$missing" -eq 0 ] || exit 2
[ "$fails" -eq 0 ] || exit 1
exit 0
