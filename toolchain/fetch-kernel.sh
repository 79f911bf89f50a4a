#!/bin/sh
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
set -eu

OUTDIR=${1:?usage: fetch-kernel.sh OUTDIR}

# --- cached? ------------------------------------------------------------------
if [ -s "$OUTDIR/kver" ] && [ -f "$OUTDIR/vmlinuz" ] &&
   [ -f "$OUTDIR/lib/modules/$(cat "$OUTDIR/kver")/modules.dep" ]; then
    echo "kernel: cached $(cat "$OUTDIR/kver") in $OUTDIR"
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
