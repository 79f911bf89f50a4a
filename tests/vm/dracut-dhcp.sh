#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 2
# dracut image, krg.node=dhcp with dracut's own DHCP (network-legacy,
# rd.neednet=1 ip=eth0:dhcp): a dnsmasq on the boot network 10.4.7.0/18
# (10.4.7.254) leases by MAC.
#   - 10.4.7.4 -> node 4 (the leased address's last byte)
#   - 10.4.8.0 with host name node9 -> node 9 (last byte 0 is no node id:
#     the host name's digits are)
# krgnet reads /tmp/dhclient.eth0.dhcpopts, which dracut's dhclient-script
# writes before the pre-pivot hook runs.  The two VMs boot at the same time.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
NS=$(vm_ns dracut-dhcp)

if ! { vm_net_up "$NS" && dhcp_server_up "$NS" 52:54:00:00:07:04,10.4.7.4 52:54:00:00:07:09,10.4.8.0,node9; }; then
    fail "cannot set up the boot network in namespace $NS"
    finish
fi

# NODE MAC LEASED: booted with MAC, NODE from a lease of LEASED.
nodes=("4 52:54:00:00:07:04 10.4.7.4" "9 52:54:00:00:07:09 10.4.8.0")
for n in "${nodes[@]}"; do
    read -r node mac _ <<< "$n"
    vm_start "dracut-dhcp-node$node" --image dracut --node-net "$NS:br0" --mac "$mac" \
        --cmdline "krg.node=dhcp rd.neednet=1 ip=eth0:dhcp"
done
vm_wait_all
for n in "${nodes[@]}"; do
    read -r node mac leased <<< "$n"
    vm=dracut-dhcp-node$node
    expect_match "dnsmasq leased $leased to $mac" "$(cat "$(dnsmasq_log "$NS")")" "DHCPACK\\(br0\\) ${leased//./\\.} $mac( |$)"
    expect_match "dracut's dhclient-script configured eth0" "$(console_text "$vm")" '^dhcp: BOUND setting up eth0$'
    expect_node_up "$vm" "$node"
    expect_match "the boot NIC keeps its lease $leased in the initial namespace" \
        "$(section "$vm" "ip -d link show (initial namespace)")" '^[0-9]+: eth0: <[^>]*UP'
done
finish
