#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The krgnet-dracut and krgnet packages, unpacked into a throwaway root
# (make deb-check), give a dracut image that boots.  The image is the one
# Debian 12's dracut makes with systemd: systemd as the initramfs's init and
# systemd-networkd as its network module (make vm-tests-deb builds it with
# DRACUT_INIT=systemd DRACUT_NET=networkd).  It must hold the packaged
# module's hooks and the packaged krgnet, byte for byte.
#
# Two nodes PXE-boot it (iPXE, dnsmasq: tests/vm/lib.sh pxe_server_up) with
# `krg.node=dhcp ip=dhcp` and no krg.phys: systemd-networkd leases the boot
# NIC again, under its predictable name (ens2), and krgnet reads networkd's
# lease /run/systemd/netif/leases/<ifindex> of the NIC BOOTIF= names:
#   - 52:54:00:00:07:04 leases 10.4.7.4 without a host name -> node 4, from
#     the address
#   - 52:54:00:00:07:09 leases 10.4.8.0 with host name node9 -> node 9 (last
#     byte 0 is no node id: the host name's digits are)
# Each gets krg0 (802.1Q id 7 on ens2, f0:00:00:00:07:<id>, 10.4.135.<id>/18,
# MTU 1496) in the namespace pinned at /run/netns/kerrighed only, the record
# names ens2, and `krgnet status` is 0 after switch_root.
#
# Environment: DRACUT_IMG (build/initramfs-dracut-pkg.img), DEB_ROOT
# (build/deb/root), DRACUT_PKG_LINK (the module link of the private dracut
# tree, build/dracut-pkg/base/modules.d/50kerrighed), set by make vm-tests-deb.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DEB_ROOT=${DEB_ROOT:-$TOP/build/deb/root}
export DRACUT_IMG=${DRACUT_IMG:-$TOP/build/initramfs-dracut-pkg.img}
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
# in_image PATH FILE: PATH inside the image equals FILE
in_image() { cmp -s <(lsinitrd -f "$1" "$DRACUT_IMG" 2> /dev/null) "$2"; }
if in_image usr/sbin/krgnet "$DEB_ROOT/usr/sbin/krgnet"; then
    pass "the image holds the packaged krgnet"
else
    fail "the image's /usr/sbin/krgnet is not the packaged one"
fi
if in_image usr/lib/dracut/hooks/pre-pivot/60-krgnet-pre-pivot.sh "$module/krgnet-pre-pivot.sh"; then
    pass "the image's pre-pivot hook is the packaged module's"
else
    fail "the image's pre-pivot hook is not the packaged module's"
fi
if lsinitrd "$DRACUT_IMG" 2> /dev/null | grep -q ' usr/lib/systemd/systemd-networkd$'; then
    pass "the image's network module is systemd-networkd"
else
    fail "no systemd-networkd in the image"
fi

NS=$(vm_ns pkg)
# NODE MAC LEASED [NAME]: booted with MAC, NODE from a lease of LEASED (NAME)
nodes=("4 52:54:00:00:07:04 10.4.7.4" "9 52:54:00:00:07:09 10.4.8.0 node9")
hosts=""
for n in "${nodes[@]}"; do
    read -r _ mac leased name <<< "$n"
    hosts+=" $mac,$leased${name:+,$name}"
done
vm_net_up "$NS" || exit 1
# the loader's ip= would be a static address: ip=dhcp hands DHCP to networkd
VM_PXE_IP_dracut=dhcp PXE_HOSTS=$hosts pxe_server_up "$NS" dracut || exit 1
for n in "${nodes[@]}"; do
    read -r node mac _ <<< "$n"
    vm_start "dracut-pkg-node$node" --image dracut --pxe --mac "$mac" --node-net "$NS:br0"
done
vm_wait_all
for n in "${nodes[@]}"; do
    read -r node mac leased name <<< "$n"
    vm=dracut-pkg-node$node
    expect_match "dnsmasq leased $leased to $mac" "$(cat "$(dnsmasq_log "$NS")")" "DHCPACK\\(br0\\) ${leased//./\\.} $mac${name:+ $name}( |$)"
    expect_node_up "$vm" "$node" ens2
    expect_match "the record names node $node" "$(section "$vm" /run/kerrighed/net.env)" "^KRG_NODE=$node$"
    expect_match "the record names the parent networkd leased, ens2" "$(section "$vm" /run/kerrighed/net.env)" '^KRG_PHYS=ens2$'
    expect_no_match "no krg.phys on the command line" "$(field "$vm" cmdline)" 'krg\.phys'
done
finish
