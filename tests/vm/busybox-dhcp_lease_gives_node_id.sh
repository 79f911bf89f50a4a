#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 1
# krg.node=dhcp on a direct boot (no PXE loader, no ip= parameter): the
# BusyBox /init leases the boot NIC with udhcpc, whose script writes
# /tmp/udhcpc.eth0.env; krgnet takes the node id from that lease.  dnsmasq
# gives 52:54:00:00:07:05 the address 10.4.7.5, so the node comes up as node 5.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
NS=$(vm_ns dhcp)
VM=busybox-dhcp-node5

vm_net_up "$NS" || exit 1
pxe_server_up "$NS" busybox "5 52:54:00:00:07:05" || exit 1
vm_start "$VM" --image busybox --node-net "$NS:br0" --mac 52:54:00:00:07:05 \
    --cmdline "krg.node=dhcp"
expect_true "the VM booted and reported" vm_wait_all

con=$(console_text "$VM")
expect_true "/init ran udhcpc because no ip= was given" grep -q '^init: leasing eth0 with udhcpc' <<< "$con"
expect_true "udhcpc leased 10.4.7.5/18 from 10.4.7.254" \
    grep -q '^udhcpc: eth0 leased 10.4.7.5/18 from 10.4.7.254' <<< "$con"
expect_true "dnsmasq acknowledged 10.4.7.5 to the VM" \
    grep -q 'DHCPACK(br0) 10.4.7.5 52:54:00:00:07:05' "$(dnsmasq_log "$NS")"
expect_true "krgnet up exit status 0" test "$(field "$VM" krgnet-status)" = 0
expect_true "the node id came from the lease: KRG_NODE=5" \
    grep -qx 'KRG_NODE=5' <(section "$VM" "/run/kerrighed/net.env")
expect_true "krg0 has 10.4.135.5/18 and f0:00:00:00:07:05" \
    test "$(section "$VM" "ip -d addr show" | grep -cE 'link/ether f0:00:00:00:07:05 |inet 10\.4\.135\.5/18 ')" = 2
expect_true "eth0 keeps its lease 10.4.7.5/18 in the initial namespace" \
    grep -q 'inet 10.4.7.5/18' <(section "$VM" "ip -4 addr show")
finish busybox-dhcp_lease_gives_node_id
