#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the krgnet BusyBox initramfs.
#
#   initramfs/mkinitramfs.sh OUT.cpio.gz
#
# Environment (initramfs/initramfs.mk passes them):
#   KRGNET     the static helper to install as /sbin/krgnet   (build/krgnet)
#   KMODDIR    lib/modules/<kver> of the kernel the image is for
#   BUSYBOX    a static BusyBox                               (/bin/busybox)
#   SITE       optional directory of site defaults copied over the root:
#              etc/cmdline.d/*.conf, etc/kerrighed/net.conf  (empty: none)
#   NFS        1: also pack the NFS client modules for root=nfs:...
#   EXTRA_MODULES  more modules loaded at boot (real NICs: "igb ixgbe tg3")
#
# Parts: set-up, root file system (BusyBox, krgnet, modules, /init, site
# defaults), packing (cpio -H newc -R +0:+0, gzip).  No root privileges needed:
# the one device node the kernel wants before /init runs (/dev/console) is
# written as a hand-made newc entry instead of being mknod'ed.
set -euo pipefail

# --- set-up ---------------------------------------------------------------------
OUT=${1:?usage: mkinitramfs.sh OUT.cpio.gz}
HERE=$(cd "$(dirname "$0")" && pwd)
KRGNET=${KRGNET:-build/krgnet}
BUSYBOX=${BUSYBOX:-/bin/busybox}
KMODDIR=${KMODDIR:?KMODDIR=/path/to/lib/modules/<kver> is required}
SITE=${SITE:-}
NFS=${NFS:-0}
EXTRA_MODULES=${EXTRA_MODULES:-}

KMODDIR=${KMODDIR%/}
KVER=$(basename "$KMODDIR")
KBASE=$(cd "$KMODDIR/../../.." && pwd)      # the -d root of modprobe/depmod

die() { echo "mkinitramfs: $*" >&2; exit 1; }
[ -x "$KRGNET" ] || die "$KRGNET missing (make build/krgnet)"
[ -f "$KMODDIR/modules.dep" ] || die "$KMODDIR/modules.dep missing (run depmod)"
file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked' ||
    die "$BUSYBOX is not a static BusyBox (apt-get install busybox-static)"

STAGE=$(mktemp -d "${OUT}.stage.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT

# --- root file system: layout and BusyBox -----------------------------------------
mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,run,tmp,newroot}
mkdir -p "$STAGE"/lib/modules/"$KVER" "$STAGE"/usr/share/udhcpc
chmod 1777 "$STAGE/tmp"
cp "$BUSYBOX" "$STAGE/bin/busybox"
for applet in $("$BUSYBOX" --list-full); do
    case $applet in bin/busybox) continue ;; esac
    [ -e "$STAGE/$applet" ] || ln -s /bin/busybox "$STAGE/$applet"
done

# --- root file system: krgnet, /init, DHCP script ----------------------------------
install -m 0755 "$KRGNET" "$STAGE/sbin/krgnet"
install -m 0755 "$HERE/init" "$STAGE/init"
install -m 0755 "$HERE/udhcpc.script" "$STAGE/usr/share/udhcpc/default.script"

# --- root file system: kernel modules and their dependencies -------------------------
# modules.list: "<module> <group>"; boot/clusterip/nfs groups (see the file).
groups="boot clusterip"
[ "$NFS" = 1 ] && groups="$groups nfs"
want_modules() {
    local group=$1
    awk -v g="$group" '!/^#/ && NF >= 2 && $2 == g { print $1 }' "$HERE/modules.list"
    [ "$group" = boot ] && for m in $EXTRA_MODULES; do echo "$m"; done
    return 0
}
: > "$STAGE/etc/modules.boot"
: > "$STAGE/etc/modules.clusterip"
: > "$STAGE/etc/modules.nfs"
nmods=0
for group in $groups; do
    for mod in $(want_modules "$group"); do
        deps=$(modprobe -d "$KBASE" -S "$KVER" --show-depends "$mod" 2>&1) ||
            die "module $mod: $deps"
        while read -r verb path _; do
            case $verb in
                builtin) continue ;;   # built into this kernel
                insmod) ;;
                *) die "module $mod: unexpected '$verb $path'" ;;
            esac
            rel=${path#"$KBASE"/lib/modules/"$KVER"/}
            rel=${rel#/}
            if [ ! -e "$STAGE/lib/modules/$KVER/$rel" ]; then
                install -D -m 0644 "$path" "$STAGE/lib/modules/$KVER/$rel"
                nmods=$((nmods + 1))
            fi
        done <<< "$deps"
        echo "$mod" >> "$STAGE/etc/modules.$group"
    done
done
for f in modules.order modules.builtin modules.builtin.modinfo; do
    [ -f "$KMODDIR/$f" ] && cp "$KMODDIR/$f" "$STAGE/lib/modules/$KVER/"
done
depmod -b "$STAGE" "$KVER"      # modules.dep/alias for BusyBox modprobe
# BusyBox modprobe reads only the text indexes: drop the binary ones.
rm -f "$STAGE/lib/modules/$KVER"/*.bin "$STAGE/lib/modules/$KVER/modules.builtin.modinfo"

# --- root file system: site defaults -----------------------------------------------
if [ -n "$SITE" ]; then
    [ -d "$SITE" ] || die "SITE=$SITE is not a directory"
    for f in "$SITE"/etc/cmdline.d/*.conf "$SITE"/etc/kerrighed/net.conf; do
        [ -f "$f" ] || continue
        rel=${f#"$SITE"/}
        install -D -m 0644 "$f" "$STAGE/$rel"
        echo "mkinitramfs: site default /$rel"
    done
fi

# --- packing --------------------------------------------------------------------------
# newc entry for a character device, root-owned: "070701" + 13 hex fields.
newc_chardev() {   # name mode major minor
    local name=$1 mode=$2 major=$3 minor=$4 namesize=$((${#1} + 1)) pad
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
        1 $((0020000 | mode)) 0 0 1 0 0 0 0 "$major" "$minor" "$namesize" 0 "$name"
    pad=$(( (4 - (110 + namesize) % 4) % 4 ))
    head -c "$pad" /dev/zero
}
newc_trailer() {
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
        0 0 0 0 1 0 0 0 0 0 0 11 0 'TRAILER!!!'
    head -c 3 /dev/zero     # 110 + 11 -> pad to 124
}
{
    (cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort |
        cpio --quiet -o -H newc -R +0:+0)
    newc_chardev dev/console 0600 5 1
    newc_trailer
} | gzip -9 -n > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
printf 'mkinitramfs: %s: %d modules, %s bytes (kernel %s)\n' \
    "$OUT" "$nmods" "$(stat -c %s "$OUT")" "$KVER"
