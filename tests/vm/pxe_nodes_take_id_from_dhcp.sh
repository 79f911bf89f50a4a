#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 3
# PXE: three nodes boot with -boot n (iPXE ROM) from dnsmasq (DHCP + TFTP +
# iPXE script) serving 10.4.7.0/18 from 10.4.7.254; dnsmasq gives them
# 10.4.7.1..3 by MAC, the loader appends ip=..., and krg.node=dhcp makes them
# nodes 1..3 on VLAN 7, reachable from each other.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
NS=$(vm_ns pxe)
IDS="1 2 3"

vm_net_up "$NS" || exit 1
capture_start "$NS" || exit 1
nodes=()
for id in $IDS; do nodes+=("$id 52:54:00:00:07:0$id"); done
PXE_CMDLINE="krgtest.ping=10.4.135.1,10.4.135.2,10.4.135.3 krgtest.wait=$(scaled 60) krgtest.stay" \
    pxe_server_up "$NS" "$VM_IMAGE" "${nodes[@]}" || exit 1

for id in $IDS; do
    vm_start "${VM_IMAGE}-pxe-node$id" --image "$VM_IMAGE" --pxe --nic e1000 \
        --mac "52:54:00:00:07:0$id" --node-net "$NS:br0"
done
expect_true "all three nodes booted and reported" vm_wait_all

for id in $IDS; do
    vm=${VM_IMAGE}-pxe-node$id
    expect_true "node$id: boot address 10.4.7.$id from DHCP" \
        test "$(field "$vm" boot-ip)" = "10.4.7.$id"
    expect_true "node$id: krgnet up exit status 0" test "$(field "$vm" krgnet-status)" = 0
    expect_true "node$id: krg0 f0:00:00:00:07:0$id 10.4.135.$id/18 in the namespace" \
        grep -q "inet 10.4.135.$id/18 .*krg0" <(section "$vm" "ip -d addr show")
    expect_true "node$id: krg0 MAC f0:00:00:00:07:0$id" \
        grep -q "link/ether f0:00:00:00:07:0$id " <(section "$vm" "ip -d addr show")
    for peer in $IDS; do
        [ "$peer" = "$id" ] && continue
        expect_true "node$id pings node$peer (10.4.135.$peer) over VLAN 7" \
            grep -q "^ping 10.4.135.$peer: ok" <(section "$vm" "ping over")
    done
done
finish "pxe_nodes_take_id_from_dhcp ($VM_IMAGE)"
