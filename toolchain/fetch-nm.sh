#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetches Debian's NetworkManager for the root image of the VM case that runs
# it after switch_root (make root-nm-image), unpacked, never installed: an
# installed NetworkManager would start managing this machine's own links.
#
#   toolchain/fetch-nm.sh OUTDIR
#
# Result (skipped when OUTDIR/version already exists):
#   OUTDIR/usr/sbin/NetworkManager, OUTDIR/usr/bin/nmcli   the programs
#   OUTDIR/version                                         the package version
#
# `apt-get download network-manager` (no root needed, nothing installed).
# The libraries they link are installed by `make deps` (toolchain/packages.txt)
# and copied into the image by initramfs/mkroot.sh.  A machine-wide cache,
# KRGNET_CACHE (default /var/cache/krgnet), keeps the unpacked result for a
# fresh checkout on the same machine, as toolchain/fetch-kernel.sh does.
set -eu

OUTDIR=${1:?usage: fetch-nm.sh OUTDIR}
CACHE=${KRGNET_CACHE:-/var/cache/krgnet}/nm

unpacked() { [ -s "$1/version" ] && [ -x "$1/usr/sbin/NetworkManager" ] && [ -x "$1/usr/bin/nmcli" ]; }

if unpacked "$OUTDIR"; then
    echo "NetworkManager: cached $(cat "$OUTDIR/version") in $OUTDIR"
    exit 0
fi
version=$(apt-cache policy network-manager 2>/dev/null | awk '/Candidate:/ { print $2; exit }')
case $version in
    "" | "(none)") echo "NetworkManager: no candidate for network-manager (run apt-get update?)" >&2; exit 1 ;;
esac
if unpacked "$CACHE/$version"; then
    rm -rf "$OUTDIR" && mkdir -p "$(dirname "$OUTDIR")" && cp -a "$CACHE/$version" "$OUTDIR"
    echo "NetworkManager: $version from the machine cache $CACHE"
    exit 0
fi

dl="$OUTDIR.dl"
rm -rf "$dl" "$OUTDIR"
mkdir -p "$dl"
trap 'rm -rf "$dl"; unpacked "$OUTDIR" || rm -rf "$OUTDIR"' EXIT
sandbox=""
[ "$(id -u)" = 0 ] && sandbox="-o APT::Sandbox::User=root"   # root: no _apt drop
# shellcheck disable=SC2086
(cd "$dl" && apt-get download -q $sandbox "network-manager=$version" > /dev/null) || {
    echo "NetworkManager: apt-get download network-manager=$version failed" >&2
    exit 1
}
dpkg-deb -x "$dl"/network-manager_*.deb "$OUTDIR"
printf '%s\n' "$version" > "$OUTDIR/version"
unpacked "$OUTDIR" || { echo "NetworkManager: the package has no usr/sbin/NetworkManager or usr/bin/nmcli" >&2; exit 1; }
echo "NetworkManager: $version unpacked in $OUTDIR"
{ mkdir -p "$CACHE" && rm -rf "$CACHE/$version.tmp" && cp -a "$OUTDIR" "$CACHE/$version.tmp" &&
  mv "$CACHE/$version.tmp" "$CACHE/$version"; } 2>/dev/null || rm -rf "$CACHE/$version.tmp"
