#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs a command (dracut) that must find NetworkManager installed, with
# Debian's package unpacked by toolchain/fetch-nm.sh seen in place, in a
# private mount namespace.
#
#   dracut-module/with-nm.sh NMDIR COMMAND [ARG...]        (root)
#
# Why: dracut's network-manager module copies NetworkManager, nm-initrd-
# generator, nm-online, its plugins, D-Bus policy and udev rule from the
# build machine.  Installing the package here would start it on this
# machine's links and make dracut's `network` meta-module pick it for every
# image built without an explicit network module; so NMDIR/usr is laid over
# /usr (and NMDIR/lib/udev/rules.d over /usr/lib/udev/rules.d: a merged-/usr
# machine) with read-only overlays that only COMMAND sees, and NM_VERSION
# (the plugin directory's name, which the module otherwise asks
# `NetworkManager --version`) is set.  The libraries NetworkManager links
# come from `make deps` (toolchain/packages.txt).
set -eu
nmdir=${1:?usage: with-nm.sh NMDIR COMMAND [ARG...]}
[ $# -ge 2 ] || { echo "usage: with-nm.sh NMDIR COMMAND [ARG...]" >&2; exit 2; }
[ -x "$nmdir/usr/sbin/NetworkManager" ] || {
    echo "with-nm.sh: no $nmdir/usr/sbin/NetworkManager (toolchain/fetch-nm.sh $nmdir)" >&2
    exit 1
}
if [ "${KRGNET_NM_MOUNTED:-}" != "$nmdir" ]; then
    KRGNET_NM_MOUNTED=$nmdir exec unshare --mount --propagation private sh "$0" "$@"
fi
shift
mount -t overlay -o ro,lowerdir="$nmdir/usr:/usr" krgnet-nm /usr
mount -t overlay -o ro,lowerdir="$nmdir/lib/udev/rules.d:/usr/lib/udev/rules.d" krgnet-nm /usr/lib/udev/rules.d
for d in "$nmdir"/usr/lib/*/NetworkManager/[0-9]*; do
    [ -d "$d" ] && NM_VERSION=${d##*/}
done
[ -n "${NM_VERSION:-}" ] || { echo "with-nm.sh: no plugin directory usr/lib/*/NetworkManager/<version> in $nmdir" >&2; exit 1; }
export NM_VERSION
exec "$@"
