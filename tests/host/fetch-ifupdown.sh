#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Unpacks Debian's ifupdown for the host case that brings krgnet's
# `plan --format ifupdown` stanza up with the real ifup(8), without
# installing it on the machine (installing would enable networking.service):
#
#   tests/host/fetch-ifupdown.sh OUTDIR     -> OUTDIR/sbin/ifup, ifdown
#
# `apt-get download` (no root needed, nothing installed); the case runs ifup
# with --no-scripts, -i and --state-dir, so nothing of /etc/network is used.
set -eu
OUTDIR=${1:?usage: fetch-ifupdown.sh OUTDIR}
[ -x "$OUTDIR/sbin/ifup" ] && exit 0
tmp=$(mktemp -d /tmp/krgnet-ifupdown.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root ifupdown > /dev/null) ||
    { echo "fetch-ifupdown: apt-get download ifupdown failed (a Debian mirror is needed)" >&2; exit 1; }
rm -rf "$OUTDIR.tmp" && mkdir -p "$OUTDIR.tmp"
dpkg-deb -x "$tmp"/ifupdown_*.deb "$OUTDIR.tmp"
[ -x "$OUTDIR.tmp/sbin/ifup" ] || { echo "fetch-ifupdown: no sbin/ifup in the package" >&2; exit 1; }
rm -rf "$OUTDIR" && mv "$OUTDIR.tmp" "$OUTDIR"
echo "ifupdown: $(dpkg-deb -f "$tmp"/ifupdown_*.deb Version) unpacked in $OUTDIR"
