#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's linux-source-6.12 (bookworm-backports) into the cache
# /var/cache/bugcheck/linux-source-VERSION/ and print the extracted tree's
# path.  The second tree of scripts/classify-gentab.py (docs/classifier.md,
# "Generic code").  The version and the SHA256 are pinned (from
# dists/bookworm-backports/main/binary-all/Packages.xz), so the table does
# not change when backports moves on; a cached tree is never fetched again.
# No apt source is added: the .deb is fetched with curl and checked.
#
#   scripts/fetch-linux-source-612.sh          print the tree, fetching it once
#   scripts/fetch-linux-source-612.sh --path   print where it would be, no fetch
set -euo pipefail
VERSION=6.12.95-1~bpo12+1
SHA256=a7fe4673af74236c99dad9766eca714a198e50a07e5d659e63ec312ae6afccfe
DEB="linux-source-6.12_${VERSION}_all.deb"
# the pool holds the current version; snapshot.debian.org keeps old ones
URLS=("http://deb.debian.org/debian/pool/main/l/linux/$DEB"
	"https://snapshot.debian.org/archive/debian/now/pool/main/l/linux/$DEB")
CACHE=${BUGCHECK_CACHE:-/var/cache/bugcheck}
dir="$CACHE/linux-source-$VERSION"
tree="$dir/linux-source-6.12"
if [ "${1:-}" = --path ]; then
	echo "$tree"
	exit 0
fi
if [ -f "$dir/.complete" ] && [ -d "$tree/kernel" ]; then
	echo "$tree"
	exit 0
fi
mkdir -p "$dir"
tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
ok=
for u in "${URLS[@]}"; do
	echo "fetch-linux-source-612: $u" >&2
	if curl -fsSL --retry 3 -o "$tmp/$DEB" "$u" &&
		echo "$SHA256  $tmp/$DEB" | sha256sum -c --quiet - >&2; then
		ok=1
		break
	fi
done
[ -n "$ok" ] || { echo "fetch-linux-source-612: cannot fetch $DEB (SHA256 $SHA256)" >&2; exit 1; }
dpkg-deb --fsys-tarfile "$tmp/$DEB" | tar -x -C "$tmp" ./usr/src/linux-source-6.12.tar.xz
rm -rf "$tree"
# only the code directories the generator reads
tar -xJf "$tmp/usr/src/linux-source-6.12.tar.xz" -C "$dir" \
	--exclude=linux-source-6.12/Documentation --exclude=linux-source-6.12/tools \
	--exclude=linux-source-6.12/samples
[ -d "$tree/kernel" ] || { echo "fetch-linux-source-612: no linux-source-6.12/ in $DEB" >&2; exit 1; }
touch "$dir/.complete"
echo "$tree"
