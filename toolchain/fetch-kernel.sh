#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetches Debian's current stock kernel for the VM tier and caches it.
#
#   toolchain/fetch-kernel.sh OUTDIR
#
# Result (skipped when OUTDIR/kver already exists):
#   OUTDIR/vmlinuz                  the kernel image
#   OUTDIR/lib/modules/<kver>/      its modules, depmod run against OUTDIR
#   OUTDIR/kver                     the version string, e.g. 6.1.0-56-amd64
#
# The package is the one linux-image-amd64 currently depends on, fetched
# with `apt-get download` (no root, nothing installed on the machine).
#
# Besides OUTDIR (inside the work tree), the unpacked result is kept in a
# machine-wide cache, KRGNET_CACHE (default /var/cache/krgnet), so a fresh
# checkout on the same machine (CI's clean clone) reuses it instead of
# downloading the same 60 MB package again.
set -eu

OUTDIR=${1:?usage: fetch-kernel.sh OUTDIR}
CACHE=${KRGNET_CACHE:-/var/cache/krgnet}/kernel

complete() {  # complete DIR: a finished fetch (kernel, modules index, version)
    [ -s "$1/kver" ] && [ -f "$1/vmlinuz" ] && [ -f "$1/lib/modules/$(cat "$1/kver")/modules.dep" ]
}
remember() {  # keeps OUTDIR's kernel in the machine cache (best effort)
    k=$(cat "$OUTDIR/kver")
    complete "$CACHE/$k" && return 0
    { mkdir -p "$CACHE" && rm -rf "$CACHE/$k.tmp" && cp -a "$OUTDIR" "$CACHE/$k.tmp" &&
      mv "$CACHE/$k.tmp" "$CACHE/$k" && echo "kernel: kept $k in $CACHE"; } 2>/dev/null ||
        { rm -rf "$CACHE/$k.tmp"; echo "kernel: (could not keep a copy in $CACHE)"; }
}

# --- cached? ------------------------------------------------------------------
if complete "$OUTDIR"; then
    echo "kernel: cached $(cat "$OUTDIR/kver") in $OUTDIR"
    remember
    exit 0
fi

# --- which package ------------------------------------------------------------
resolve() {
    apt-cache depends linux-image-amd64 2>/dev/null |
        awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
pkg=$(resolve)
if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
    echo "kernel: package lists empty, running apt-get update"
    apt-get update -q >/dev/null && pkg=$(resolve)
fi
if [ -z "$pkg" ]; then
    echo "kernel: cannot resolve linux-image-amd64 (run apt-get update?)" >&2
    exit 1
fi
kver=${pkg#linux-image-}
echo "kernel: $pkg"
if complete "$CACHE/$kver"; then
    rm -rf "$OUTDIR" && mkdir -p "$(dirname "$OUTDIR")" && cp -a "$CACHE/$kver" "$OUTDIR"
    echo "kernel: $kver from the machine cache $CACHE"
    exit 0
fi

# --- download and unpack ------------------------------------------------------
dl="$OUTDIR.dl"
rm -rf "$dl" "$OUTDIR"
mkdir -p "$dl" "$OUTDIR"
# a failed fetch leaves nothing behind (the next run starts over)
trap 'rm -rf "$dl"; [ -s "$OUTDIR/kver" ] || rm -rf "$OUTDIR"' EXIT
sandbox=""
[ "$(id -u)" = 0 ] && sandbox="-o APT::Sandbox::User=root"   # root: no _apt drop
# shellcheck disable=SC2086
(cd "$dl" && apt-get download -q $sandbox "$pkg" >/dev/null) || {
    echo "kernel: apt-get download $pkg failed" >&2
    exit 1
}
dpkg-deb -x "$dl"/"$pkg"_*.deb "$dl/root"

mv "$dl/root/boot/vmlinuz-$kver" "$OUTDIR/vmlinuz"
mkdir -p "$OUTDIR/lib/modules"
mv "$dl/root/lib/modules/$kver" "$OUTDIR/lib/modules/$kver"
cp "$dl/root/boot/config-$kver" "$OUTDIR/config" 2>/dev/null || true
rm -rf "$dl"

# --- modules index ------------------------------------------------------------
depmod -b "$OUTDIR" "$kver"
printf '%s\n' "$kver" > "$OUTDIR/kver"
echo "kernel: $kver ready in $OUTDIR"
remember
