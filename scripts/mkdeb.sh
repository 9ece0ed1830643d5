#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb: build the Debian packages from a copy of the working tree (so
# the package build's clean step never touches build/ here) and put the
# .deb, .changes and .buildinfo files in build/deb/.
#
#   BUGCHECK_DEB_VERSION=V  build as version V instead of debian/changelog's
#                           newest (a changelog entry is added in the copy;
#                           the lab uses it to test upgrades)
#   BUGCHECK_DEB_OUT=DIR    output directory (default build/deb)
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
out=${BUGCHECK_DEB_OUT:-$top/build/deb}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$work/bugcheck
mkdir -p "$src"
# Tracked and new (not ignored) files, as they are in the working tree.
git ls-files -z -c -o --exclude-standard |
	grep -z -v -E '^(build|\.git)/' |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar -c --null -T - | tar -x -C "$src"

if [ -n "${BUGCHECK_DEB_VERSION:-}" ]; then
	{
		printf 'bugcheck (%s) unstable; urgency=medium\n\n' "$BUGCHECK_DEB_VERSION"
		printf '  * Build %s of the working tree (make deb).\n\n' "$BUGCHECK_DEB_VERSION"
		# the newest entry's date: the same tree builds the same bytes
		printf ' -- %s  %s\n\n' "$(dpkg-parsechangelog -l debian/changelog -S Maintainer)" \
			"$(dpkg-parsechangelog -l debian/changelog -S Date)"
		cat debian/changelog
	} > "$src/debian/changelog"
fi

(cd "$src" && dpkg-buildpackage -us -uc -b -j2) > "$work/build.log" 2>&1 || {
	tail -40 "$work/build.log" >&2
	echo "mkdeb: dpkg-buildpackage failed" >&2
	exit 1
}
mkdir -p "$out"
ver=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
for f in "$work"/*_"$ver"_*.deb "$work"/*_"$ver"_*.changes "$work"/*_"$ver"_*.buildinfo; do
	mv "$f" "$out/"
done
cp "$work/build.log" "$out/bugcheck_${ver}_build.log"
ls "$out"/*_"$ver"_*.deb
