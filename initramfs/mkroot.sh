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
# the cluster IP's responder and client of the VM tier),
# NM_DIR (unset: none; else Debian's NetworkManager unpacked by
# toolchain/fetch-nm.sh: the root then also runs, for krgtest.nm, udev's and
# D-Bus's daemons, journald and NetworkManager, as a node's root does; see
# "NetworkManager" below)
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
# systemd's initrd switches only into a root that has an os-release
printf 'ID=krgnet-test\nNAME="krgnet test root"\n' > "$STAGE/etc/os-release"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$STAGE/etc/passwd"
printf 'root:x:0:\n' > "$STAGE/etc/group"

# --- NetworkManager ----------------------------------------------------------------
# Debian's package as it installs (its NetworkManager.conf: keyfile and
# ifupdown plugins), krgnet-node's drop-in where the package puts it, and a
# site's connection profile that would take krg0 over (a VLAN 7 on eth0 with
# another address, autoconnect): NetworkManager leaves krg0 alone only
# because of the drop-in (tests/vm/busybox-networkmanager_leaves_krg0_alone.sh).
# The daemons come from this machine (make deps), with their libraries.
if [ -n "${NM_DIR:-}" ]; then
    [ -x "$NM_DIR/usr/sbin/NetworkManager" ] || die "$NM_DIR/usr/sbin/NetworkManager not found (toolchain/fetch-nm.sh)"
    nm_bins="/usr/bin/dbus-daemon /lib/systemd/systemd-udevd /bin/udevadm /lib/systemd/systemd-journald /bin/journalctl"
    for bin in $nm_bins; do
        [ -x "$bin" ] || die "$bin not found (make deps)"
        install -D -m 0755 "$bin" "$STAGE$bin"
    done
    install -D -m 0755 "$NM_DIR/usr/sbin/NetworkManager" "$STAGE/usr/sbin/NetworkManager"
    install -D -m 0755 "$NM_DIR/usr/bin/nmcli" "$STAGE/usr/bin/nmcli"
    mkdir -p "$STAGE/usr/lib"
    cp -a "$NM_DIR/usr/lib/x86_64-linux-gnu" "$STAGE/usr/lib/"
    install -D -m 0644 "$NM_DIR/etc/NetworkManager/NetworkManager.conf" "$STAGE/etc/NetworkManager/NetworkManager.conf"
    ln -s /run "$STAGE/var/run"   # where D-Bus clients look for the system bus
    mkdir -p "$STAGE/etc/NetworkManager/conf.d" "$STAGE/var/lib/NetworkManager" "$STAGE/etc/network/interfaces.d" \
        "$STAGE/var/lib/dbus" "$STAGE/var/log/journal"
    install -D -m 0644 "$HERE/../netmanagers/NetworkManager-krgnet.conf" "$STAGE/usr/lib/NetworkManager/conf.d/krgnet.conf"
    install -D -m 0600 /dev/stdin "$STAGE/etc/NetworkManager/system-connections/site-krg0.nmconnection" <<'PROFILE'
[connection]
id=site-krg0
type=vlan
interface-name=krg0
autoconnect=true

[vlan]
parent=eth0
id=7

[ipv4]
method=manual
address1=192.0.2.99/24

[ipv6]
method=disabled
PROFILE
    # the boot NIC is the initramfs's, named in ifupdown's file as on a
    # Debian node: NetworkManager's ifupdown plugin leaves it unmanaged
    printf 'auto lo\niface lo inet loopback\niface eth0 inet manual\n' > "$STAGE/etc/network/interfaces"
    install -D -m 0644 /usr/share/dbus-1/system.conf "$STAGE/usr/share/dbus-1/system.conf"
    cp -a "$NM_DIR/usr/share/dbus-1/system.d" "$STAGE/usr/share/dbus-1/"
    printf 'messagebus:x:100:101::/nonexistent:/bin/false\n' >> "$STAGE/etc/passwd"
    printf 'messagebus:x:101:\nsystemd-journal:x:102:\n' >> "$STAGE/etc/group"
    echo 6b72676e65744e4d726f6f7400000001 > "$STAGE/etc/machine-id"
    cp "$STAGE/etc/machine-id" "$STAGE/var/lib/dbus/machine-id"
    # the programs and NetworkManager's plugins (a plugin whose library this
    # machine lacks is skipped by NetworkManager with a warning)
    mapfile -t nm_elves < <(for b in $nm_bins; do echo "$b"; done
                            echo "$NM_DIR/usr/sbin/NetworkManager"; echo "$NM_DIR/usr/bin/nmcli"
                            find "$STAGE/usr/lib/x86_64-linux-gnu" -name '*.so')
    for lib in $(ldd "${nm_elves[@]}" 2>/dev/null |
                 awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }' | sort -u); do
        [ -e "$STAGE$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$STAGE$lib"
    done
fi

# --- packing ------------------------------------------------------------------------
rm -f "$OUT.tmp"
truncate -s "$SIZE" "$OUT.tmp"
"$MKE2FS" -q -F -t ext4 -L krgroot -E root_owner=0:0 -d "$STAGE" "$OUT.tmp" "$SIZE"
mv "$OUT.tmp" "$OUT"
printf 'mkroot: %s: %s, %s used\n' "$OUT" "$SIZE" "$(du -sh "$STAGE" | cut -f1)"
