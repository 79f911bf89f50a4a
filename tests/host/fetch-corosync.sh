#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Unpacks Debian's corosync and the libraries it links for the host case
# that runs cluster-manager/krgnet-corosync-live against a real corosync
# membership, without installing it on the machine (installing would enable
# corosync.service):
#
#   tests/host/fetch-corosync.sh OUTDIR  -> OUTDIR/usr/sbin/corosync, corosync-cmapctl,
#                                           OUTDIR/usr/lib/x86_64-linux-gnu/*.so.*, OUTDIR/version
#
# `apt-get download` (no root needed, nothing installed).
set -eu
OUTDIR=${1:?usage: fetch-corosync.sh OUTDIR}
[ -s "$OUTDIR/version" ] && [ -x "$OUTDIR/usr/sbin/corosync" ] && exit 0
PACKAGES="corosync libcfg7 libcmap4 libcorosync-common4 libcpg4 libknet1 libnozzle1 libqb100 libquorum5 libstatgrab10 libvotequorum8"
tmp=$(mktemp -d /tmp/krgnet-corosync.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086  # one argument per package
(cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root $PACKAGES > /dev/null) ||
    { echo "fetch-corosync: apt-get download $PACKAGES failed (a Debian mirror is needed)" >&2; exit 1; }
rm -rf "$OUTDIR.tmp" && mkdir -p "$OUTDIR.tmp"
for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$OUTDIR.tmp"; done
[ -x "$OUTDIR.tmp/usr/sbin/corosync" ] || { echo "fetch-corosync: no usr/sbin/corosync in the package" >&2; exit 1; }
dpkg-deb -f "$tmp"/corosync_*.deb Version > "$OUTDIR.tmp/version"
rm -rf "$OUTDIR" && mv "$OUTDIR.tmp" "$OUTDIR"
echo "corosync: $(cat "$OUTDIR/version") unpacked in $OUTDIR"
