#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2154  # moddir, dracutsysrootdir: set by dracut
# dracut module "kerrighed": brings the node's Kerrighed VLAN up with krgnet
# before switch_root (DESIGN.md, "What it does, in boot order").
#
# Build-time settings (environment or a dracut.conf.d snippet):
#   KRGNET_BIN      the krgnet binary to install      (default /usr/sbin/krgnet)
#   KRGNET_NETCONF  site net.conf copied into the image when it exists
#                                                     (default /etc/kerrighed/net.conf)
#   KRGNET_DRIVERS  NIC drivers to install besides what other modules bring
#                   (default: e1000 e1000e igb ixgbe virtio_net; in host-only
#                   mode dracut keeps only those the build host uses)
#
# Hooks in the image:
#   cmdline 60    krgnet-cmdline.sh    validates krg.* with `krgnet plan`
#   pre-pivot 60  krgnet-pre-pivot.sh  runs `krgnet up`; /run (and so
#                                      /run/netns/<name>) moves into the real root

# Opt-in only (`--add kerrighed` or add_dracutmodules+=" kerrighed "): the
# module changes every boot's network, so a host-only rebuild of a machine
# that merely has krgnet installed must not pick it up.
check() {
    require_binaries "${KRGNET_BIN:-/usr/sbin/krgnet}" || return 1
    return 255
}

# Nothing: the base module gives getarg/info/warn/die, krgnet talks netlink
# itself.  krg.node=dhcp with dracut's own DHCP needs network-legacy (or, in
# a systemd image, systemd-networkd), which the image builder adds explicitly
# (--add "network-legacy network") when wanted; an ip= from the PXE loader
# or a per-node krg.node= needs no network module.
depends() {
    return 0
}

installkernel() {
    # Always, whatever host-only says: the VLAN, its macvlan variant, veth
    # and bridge (krg.kind=veth), the nf_tables pieces of the cluster IP
    # (nft_ct: its ct state rule).  Autoloaded by the kernel on first use.
    hostonly='' instmods 8021q macvlan veth bridge nf_tables nft_hash nft_ct
    # The legacy CLUSTERIP backend, where the kernel still has it (up to 6.2):
    # loaded by the pre-pivot hook, since nothing autoloads ip_tables.
    hostonly='' instmods iptable_filter ipt_CLUSTERIP
    # shellcheck disable=SC2086
    instmods ${KRGNET_DRIVERS:-e1000 e1000e igb ixgbe virtio_net}
}

install() {
    inst_simple "${KRGNET_BIN:-/usr/sbin/krgnet}" /usr/sbin/krgnet
    local netconf=${KRGNET_NETCONF:-/etc/kerrighed/net.conf}
    [[ -f $dracutsysrootdir$netconf ]] && inst_simple "$netconf" /etc/kerrighed/net.conf
    # For the operator in an emergency shell (krgnet status, nsenter --net=...).
    inst_multiple -o nsenter
    inst_simple "$moddir/krgnet-lib.sh" /lib/krgnet-lib.sh
    inst_hook cmdline 60 "$moddir/krgnet-cmdline.sh"
    inst_hook pre-pivot 60 "$moddir/krgnet-pre-pivot.sh"
}
