#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Prints, for dracut --omit-drivers, every NIC driver of a kernel except the
# ones asked for and what they depend on.
#
#   dracut-module/nic-omit.sh KMODDIR DRIVER...     (DRIVER: e1000, virtio_net, ...)
#
# Why: in a generic (--no-hostonly) image, dracut's `network` module pulls in
# kernel-network-modules, i.e. every wired NIC driver of the kernel (~250
# modules, ~10 MB).  A cluster knows its NICs; the images built here keep
# only those.  Only drivers/net/ is filtered: 8021q, nf_tables and the block
# and file-system drivers are never omitted, nor macvlan, veth and bonding.
set -eu
kmoddir=${1:?usage: nic-omit.sh KMODDIR DRIVER...}
shift
kver=${kmoddir%/}
kver=${kver##*/}
base=${kmoddir%/lib/modules/*}

# --- what to keep: the drivers and their dependencies ------------------------
keep=" macvlan veth bonding "    # krg.kind=macvlan, krg.kind=veth; a bonded parent (dracut's bond=)
for drv in "$@"; do
    deps=$(modprobe -d "$base" -S "$kver" --show-depends "$drv") || {
        echo "nic-omit.sh: no module $drv in $kmoddir" >&2
        exit 1
    }
    for path in $(printf '%s\n' "$deps" | awk '$1 == "insmod" { print $2 }'); do
        name=${path##*/}
        keep="$keep${name%%.ko*} "
    done
done

# --- everything else under drivers/net ----------------------------------------
find "$kmoddir/kernel/drivers/net" -name '*.ko*' | sort | while read -r path; do
    name=${path##*/}
    name=${name%%.ko*}
    name=$(printf '%s' "$name" | tr - _)
    case "$keep" in *" $name "*) continue ;; esac
    printf '%s\n' "$name"
done
