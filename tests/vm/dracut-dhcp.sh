#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut image, krg.node=dhcp with dracut's own DHCP (network-legacy,
# rd.neednet=1 ip=eth0:dhcp): a dnsmasq on the boot network 10.4.7.0/18
# (10.4.7.254) leases by MAC.
#   - 10.4.7.4 -> node 4 (the leased address's last byte)
#   - 10.4.8.0 with host name node9 -> node 9 (last byte 0 is no node id:
#     the host name's digits are)
# krgnet reads /tmp/dhclient.eth0.dhcpopts, which dracut's dhclient-script
# writes before the pre-pivot hook runs.
# shellcheck source=tests/vm/dracut-lib.sh
. "$(dirname "$0")/dracut-lib.sh"

ns=krgdhcp-$$
dpid=""
# shellcheck disable=SC2317  # run by the traps
cleanup() {
    [ -n "$dpid" ] && kill "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
    ip netns del "$ns" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if ! { ip netns add "$ns" && ip -n "$ns" link add br0 type bridge &&
        ip -n "$ns" addr add 10.4.7.254/18 dev br0 && ip -n "$ns" link set br0 up; }; then
    fail "cannot set up the boot network in namespace $ns"
    finish
fi
dlog=$VM_LOGDIR/dracut-dhcp-dnsmasq.log
mkdir -p "$VM_LOGDIR"
ip netns exec "$ns" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 \
    --interface=br0 --bind-interfaces --no-resolv --no-hosts --leasefile-ro --log-dhcp \
    --log-facility=- --dhcp-range=10.4.7.100,10.4.7.200,255.255.192.0 \
    --dhcp-host=52:54:00:00:07:04,10.4.7.4 \
    --dhcp-host=52:54:00:00:07:09,10.4.8.0,node9 > "$dlog" 2>&1 &
dpid=$!

# dhcp_node MAC NODE LEASED: boot with MAC, expect NODE from a lease of LEASED.
dhcp_node() {
    boot "dracut-dhcp-node$2" --node-net "$ns:br0" --mac "$1" \
        --cmdline "krg.node=dhcp rd.neednet=1 ip=eth0:dhcp"
    expect "dnsmasq leased $3 to $1" "$(cat "$dlog")" "DHCPACK\\(br0\\) ${3//./\\.} $1( |$)"
    expect "dracut's dhclient-script configured eth0" "$CONSOLE" '^dhcp: BOUND setting up eth0$'
    expect_node_up "$2"
    expect "the boot NIC keeps its lease $3 in the initial namespace" \
        "$(report_section "ip -d link show (initial namespace)")" '^[0-9]+: eth0: <[^>]*UP'
}

dhcp_node 52:54:00:00:07:04 4 10.4.7.4
dhcp_node 52:54:00:00:07:09 9 10.4.8.0
finish
