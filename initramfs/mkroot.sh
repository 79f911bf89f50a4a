#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the real root of the VM tier and the demo: a small ext4 image with
# BusyBox, iproute2's `ip` (for `ip -d`, which BusyBox lacks) and an
# /sbin/init that reports, pings peers and powers off (initramfs/root-init).
#
#   initramfs/mkroot.sh OUT.ext4
#
# No root privileges needed: `mke2fs -d` copies a staged directory into the
# new file system.  VMs attach it with snapshot=on, so any number share it.
#
# The installed krgnet and the hook scripts for the historic Kerrighed helpers
# are there too, at the paths `make install` gives them: the VM tier runs
# `krgnet status`, `krgnet attach` and the krgboot hook after switch_root.
#
# Environment: BUSYBOX (/bin/busybox), IPROUTE (/sbin/ip or /bin/ip), NFT (nft), SIZE (32M),
# KRGNET (build/krgnet), KRGNET_SERVER (krgnet-server beside it), CLUSTER_DRIVER (build/static-drivers/cluster_driver:
# the cluster IP's responder and client of the VM tier)
set -euo pipefail

# --- set-up ---------------------------------------------------------------------
OUT=${1:?usage: mkroot.sh OUT.ext4}
HERE=$(cd "$(dirname "$0")" && pwd)
BUSYBOX=${BUSYBOX:-/bin/busybox}
IPROUTE=${IPROUTE:-$(command -v ip || echo /sbin/ip)}
SIZE=${SIZE:-32M}
MKE2FS=$(command -v mke2fs || echo /sbin/mke2fs)
NFT=${NFT:-$(command -v nft || echo /usr/sbin/nft)}
KRGNET=${KRGNET:-$HERE/../build/krgnet}
KRGNET_SERVER=${KRGNET_SERVER:-$(dirname "$KRGNET")/krgnet-server}
CLUSTER_DRIVER=${CLUSTER_DRIVER:-$HERE/../build/static-drivers/cluster_driver}

die() { echo "mkroot: $*" >&2; exit 1; }
[ -x "$IPROUTE" ] || die "iproute2's ip not found (apt-get install iproute2)"
[ -x "$MKE2FS" ] || die "mke2fs not found (apt-get install e2fsprogs)"
[ -x "$NFT" ] || die "nft not found (apt-get install nftables)"
[ -x "$KRGNET" ] || die "$KRGNET not found (make first)"
[ -x "$KRGNET_SERVER" ] || die "$KRGNET_SERVER not found (make first)"
[ -x "$CLUSTER_DRIVER" ] || die "$CLUSTER_DRIVER not found (make root-image builds it)"

STAGE=$(mktemp -d "${OUT}.stage.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT

# --- root file system -------------------------------------------------------------
mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,run,tmp,root,var}
chmod 1777 "$STAGE/tmp"
cp "$BUSYBOX" "$STAGE/bin/busybox"
for applet in $("$BUSYBOX" --list-full); do
    case $applet in bin/busybox|sbin/init) continue ;; esac
    [ -e "$STAGE/$applet" ] || ln -s /bin/busybox "$STAGE/$applet"
done
install -m 0755 "$HERE/root-init" "$STAGE/sbin/init"

# krgnet and the kerrighed hooks, where make install puts them (install.mk)
install -D -m 0755 "$KRGNET" "$STAGE/usr/sbin/krgnet"
install -D -m 0755 "$KRGNET_SERVER" "$STAGE/usr/sbin/krgnet-server"  # nodes, status --json
install -D -m 0755 "$CLUSTER_DRIVER" "$STAGE/usr/bin/cluster_driver"
for hook in krgboot_helper-post.d/50krgnet krginit_helper-pre.d/10krgnet krginit_helper-post.d/20krgnet; do
    install -D -m 0755 "$HERE/../kerrighed-hooks/$hook" "$STAGE/etc/kerrighed/$hook"
done

# iproute2's ip and nft (the reports list the cluster IP's ruleset) with the
# shared libraries they need, at their own paths
rm -f "$STAGE/sbin/ip" "$STAGE/bin/ip"
install -m 0755 "$IPROUTE" "$STAGE/sbin/ip"
install -m 0755 "$NFT" "$STAGE/usr/sbin/nft"
for lib in $(ldd "$IPROUTE" "$NFT" | awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }' | sort -u); do
    install -D -m 0755 "$(readlink -f "$lib")" "$STAGE$lib"
done

echo "krgnet test root" > "$STAGE/etc/issue"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$STAGE/etc/passwd"
printf 'root:x:0:\n' > "$STAGE/etc/group"

# --- packing ------------------------------------------------------------------------
rm -f "$OUT.tmp"
truncate -s "$SIZE" "$OUT.tmp"
"$MKE2FS" -q -F -t ext4 -L krgroot -E root_owner=0:0 -d "$STAGE" "$OUT.tmp" "$SIZE"
mv "$OUT.tmp" "$OUT"
printf 'mkroot: %s: %s, %s used\n' "$OUT" "$SIZE" "$(du -sh "$STAGE" | cut -f1)"
