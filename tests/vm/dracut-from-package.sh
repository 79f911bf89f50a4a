#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 2
# The krgnet-dracut and krgnet packages, unpacked into a throwaway root
# (make deb-check), give dracut images that boot with the two network
# modules a systemd initramfs uses (make vm-tests-deb builds both with
# DRACUT_INIT=systemd):
#   - DRACUT_NET=networkd: systemd-networkd, the image Debian 12's dracut
#     makes; krgnet reads networkd's lease /run/systemd/netif/leases/<ifindex>
#   - DRACUT_NET=network-manager: NetworkManager (dracut's network-manager
#     module, as Fedora's and RHEL's dracut make it; Debian's package,
#     unpacked, never installed here); krgnet reads NetworkManager's device
#     state /run/NetworkManager/devices/<ifindex>
# Each must hold the packaged module's hooks and the packaged krgnet, byte for
# byte.
#
# Two nodes PXE-boot each image (iPXE, dnsmasq: tests/vm/lib.sh
# pxe_server_up; one network per image, one image's pair after the other) with
# `krg.node=dhcp ip=dhcp` and no krg.phys: the image's network module leases
# the boot NIC again, under its predictable name (ens2), and krgnet reads the
# lease of the NIC BOOTIF= names:
#   - 52:54:00:00:07:04 leases 10.4.7.4 without a host name -> node 4, from
#     the address
#   - 52:54:00:00:07:09 leases 10.4.8.0 with host name node9 -> node 9 (last
#     byte 0 is no node id: the host name's digits are)
# Each gets krg0 (802.1Q id 7 on ens2, f0:00:00:00:07:<id>, 10.4.135.<id>/18,
# MTU 1496) in the namespace pinned at /run/netns/kerrighed only, the record
# names ens2, `krgnet status` is 0 after switch_root, and `krgnet plan` there
# names the image's lease file as the node id's source.
#
# Environment: DRACUT_IMG (build/initramfs-dracut-pkg.img), DRACUT_NM_IMG
# (build/initramfs-dracut-pkg-nm.img), DEB_ROOT (build/deb/root),
# DRACUT_PKG_LINK (the module link of the private dracut tree,
# build/dracut-pkg/base/modules.d/50kerrighed), set by make vm-tests-deb.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DEB_ROOT=${DEB_ROOT:-$TOP/build/deb/root}
export DRACUT_IMG=${DRACUT_IMG:-$TOP/build/initramfs-dracut-pkg.img}
NM_IMG=${DRACUT_NM_IMG:-$TOP/build/initramfs-dracut-pkg-nm.img}
export KRGNET=${KRGNET:-$DEB_ROOT/usr/sbin/krgnet}
# systemd's journal prefixes the hook's console line
export VM_READY_RE='kerrighed: krgnet up: exit status'
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

module=$DEB_ROOT/usr/lib/dracut/modules.d/50kerrighed
[ -x "$module/module-setup.sh" ] || { echo "FAIL $TEST: $module missing (make deb-check)"; exit 1; }
# the private dracut tree make vm-tests-deb built the image with
link=${DRACUT_PKG_LINK:-$TOP/build/dracut-pkg/base/modules.d/50kerrighed}
if [ "$(readlink -f "$link")" = "$(readlink -f "$module")" ]; then
    pass "dracut found 50kerrighed in the unpacked package ($link)"
else
    fail "dracut's 50kerrighed ($link) is not the unpacked package's"
fi
# in_image IMAGE PATH FILE: PATH inside IMAGE equals FILE
in_image() { cmp -s <(lsinitrd -f "$2" "$1" 2> /dev/null) "$3"; }
# has IMAGE PATH: IMAGE holds PATH
# shellcheck disable=SC2317  # (called through expect_true/expect_false)
has() { lsinitrd "$1" 2> /dev/null | grep -q " ${2}\$"; }
for img in "$DRACUT_IMG" "$NM_IMG"; do
    name=${img##*/}
    if in_image "$img" usr/sbin/krgnet "$DEB_ROOT/usr/sbin/krgnet"; then
        pass "$name holds the packaged krgnet"
    else
        fail "$name: /usr/sbin/krgnet is not the packaged one"
    fi
    if in_image "$img" usr/lib/dracut/hooks/pre-pivot/60-krgnet-pre-pivot.sh "$module/krgnet-pre-pivot.sh"; then
        pass "$name: the pre-pivot hook is the packaged module's"
    else
        fail "$name: the pre-pivot hook is not the packaged module's"
    fi
done
expect_true "the networkd image's network module is systemd-networkd" has "$DRACUT_IMG" usr/lib/systemd/systemd-networkd
expect_true "the NetworkManager image holds NetworkManager" has "$NM_IMG" usr/sbin/NetworkManager
expect_true "the NetworkManager image starts it as nm-initrd.service" has "$NM_IMG" usr/lib/systemd/system/nm-initrd.service
expect_false "the NetworkManager image holds systemd-networkd" has "$NM_IMG" usr/lib/systemd/systemd-networkd

# STACK IMAGE LEASES [CMDLINE]: each image boots on its own PXE network, with
# CMDLINE added; LEASES: the directory of the lease `krgnet plan` names after
# switch_root ("-": none left there).  systemd-networkd starts in every boot;
# dracut starts NetworkManager only when the network is needed (rd.neednet=1:
# /run/NetworkManager/initrd/neednet is nm-initrd.service's condition).
stacks=("networkd $DRACUT_IMG -"
        "nm $NM_IMG /run/NetworkManager/devices rd.neednet=1")
# NODE MAC LEASED [NAME]: booted with MAC, NODE from a lease of LEASED (NAME)
nodes=("4 52:54:00:00:07:04 10.4.7.4" "9 52:54:00:00:07:09 10.4.8.0 node9")
hosts=""
for n in "${nodes[@]}"; do
    read -r _ mac leased name <<< "$n"
    hosts+=" $mac,$leased${name:+,$name}"
done
for st in "${stacks[@]}"; do
    read -r stack img _ extra <<< "$st"
    ns=$(vm_ns "pkg-$stack")
    vm_net_up "$ns" || exit 1
    # the loader's ip= would be a static address: ip=dhcp hands DHCP to the
    # image's network module
    VM_INITRD_dracut=$img VM_PXE_IP_dracut=dhcp PXE_CMDLINE=$extra PXE_HOSTS=$hosts \
        pxe_server_up "$ns" dracut || exit 1
    for n in "${nodes[@]}"; do
        read -r node mac _ <<< "$n"
        vm_start "dracut-pkg-$stack-node$node" --image dracut --pxe --mac "$mac" --node-net "$ns:br0"
    done
    # one image's pair at a time: on two cores the four TCG guests at once
    # took 174 s, the two pairs in turn 137 s (one pair alone: 58 s)
    vm_wait_all
done
for st in "${stacks[@]}"; do
    read -r stack _ leases _ <<< "$st"
    ns=$(vm_ns "pkg-$stack")
    for n in "${nodes[@]}"; do
        read -r node mac leased name <<< "$n"
        vm=dracut-pkg-$stack-node$node
        echo "$vm:"
        expect_match "dnsmasq leased $leased to $mac" "$(cat "$(dnsmasq_log "$ns")")" "DHCPACK\\(br0\\) ${leased//./\\.} $mac${name:+ $name}( |$)"
        expect_node_up "$vm" "$node" ens2
        expect_match "the record names node $node" "$(section "$vm" /run/kerrighed/net.env)" "^KRG_NODE=$node$"
        expect_match "the record names the parent the lease belongs to, ens2" "$(section "$vm" /run/kerrighed/net.env)" '^KRG_PHYS=ens2$'
        expect_no_match "no krg.phys on the command line" "$(field "$vm" cmdline)" 'krg\.phys'
        [ "$leases" = - ] ||
            expect_match "node $node came from $leases/<ifindex>" "$(section "$vm" "krgnet plan")" \
                "^node $node \\(from DHCP lease ${leases//./\\.}/[0-9]+\\)$"
    done
done
finish
