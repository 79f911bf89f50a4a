#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 3
# Three nodes (krg.node=1..3) on one bridge (taps in a test namespace) reach
# each other over VLAN 7: each pings the two others from inside its pinned
# namespace after switch_root.  A fourth, untagged listener on the bridge
# (the namespace's own 10.4.135.254 on br0) must NOT answer: the traffic is
# really tagged.  Node 3 is starved of CPU from its `krgnet up` on (its QEMU
# runs 80 ms of every second), as a VM on a busy host can be: it still
# reaches both peers, which stay up until every node has reported.
# In the dracut image node 2 boots over a bond: two NICs that dracut's
# bond= makes bond0 (active-backup, miimon), krg.phys=bond0; once it has
# pinged both peers, the host takes eth0's link down (QEMU set_link) and
# node 2 pings both again, now through eth1.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
NS=$(vm_ns 3n)
IDS="1 2 3"

vm_net_up "$NS" || exit 1
capture_start "$NS" || exit 1
# untagged decoy with a VLAN-7 address: answers only if frames were untagged
ip -n "$NS" addr add 10.4.135.254/18 dev br0

BONDED=""
[ "$VM_IMAGE" = dracut ] && BONDED=2
for id in $IDS; do
    extra=() bond=""
    if [ "$id" = "$BONDED" ]; then
        extra=(--nics 2 --link-down-after "^root-init: pull eth0's cable")
        bond="bond=bond0:eth0,eth1:mode=active-backup,miimon=100 rd.neednet=1 ip=10.4.7.$id::10.4.7.254:255.255.192.0::bond0:none krg.phys=bond0 krgtest.pullcable=eth0"
    fi
    vm_start "${VM_IMAGE}-3n-node$id" --image "$VM_IMAGE" --node-net "$NS:br0" \
        --mac "52:54:00:00:17:0$id" "${extra[@]}" --cmdline \
        "krg.node=$id krgtest.ping=10.4.135.1,10.4.135.2,10.4.135.3 krgtest.noping=10.4.135.254 krgtest.wait=$(scaled 40) krgtest.stay $bond"
done
vm_starve "${VM_IMAGE}-3n-node3" 80
expect_true "three VMs booted and reported" vm_wait_all
# the starver writes its last line once it sees the VM gone, up to a second
# after vm_wait_all returned: wait for it (5 s at most) instead of racing it
starved() { grep -q '^starved until' "$VM_LOGDIR/${VM_IMAGE}-3n-node3.starve"; }
expect_true "node3 was starved after its krgnet up" wait_for 50 starved

for id in $IDS; do
    vm=${VM_IMAGE}-3n-node$id
    expect_true "node$id: krgnet up exit status 0" test "$(field "$vm" krgnet-status)" = 0
    expect_true "node$id: 10.4.135.$id/18 on krg0 in the namespace" \
        grep -q "inet 10.4.135.$id/18 .*krg0" <(section "$vm" "ip -d addr show")
    for peer in $IDS; do
        [ "$peer" = "$id" ] && continue
        expect_true "node$id -> node$peer (10.4.135.$peer) over VLAN 7" \
            grep -q "^ping 10.4.135.$peer: ok" <(section "$vm" "ping over")
    done
    expect_true "node$id: the untagged 10.4.135.254 does not answer" \
        grep -q "^noping 10.4.135.254: silent" <(section "$vm" "ping over")
done
if [ -n "$BONDED" ]; then
    vm=${VM_IMAGE}-3n-node$BONDED
    expect_match "node$BONDED: the record names bond0" "$(section "$vm" /run/kerrighed/net.env)" '^KRG_PHYS=bond0$'
    bond0=$(section "$vm" "ip -d link show (initial namespace)" | sed -n 's/^\([0-9]*\): bond0: .*/\1/p')
    krg0=$(link_block "$(section "$vm" "ip -d addr show (namespace kerrighed)")" krg0)
    expect_match "node$BONDED: krg0's link is bond0 (ifindex ${bond0:-none})" "$krg0" "^[0-9]+: krg0@if${bond0:-none}: "
    expect_match "node$BONDED: krg0 is 802.1Q id 7" "$krg0" '^ +vlan protocol 802\.1Q id 7 '
    expect_match "node$BONDED: the host took eth0's link down" "$(vm_progress "$vm")" "took the first NIC's link down"
    after=$(section "$vm" "ping after eth0 lost its link")
    expect_match "node$BONDED: eth0 lost its carrier" "$after" '^eth0 carrier: 0$'
    for peer in $IDS; do
        [ "$peer" = "$BONDED" ] && continue
        expect_match "node$BONDED -> node$peer again, eth0's link down" "$after" "^ping 10\\.4\\.135\\.$peer: ok"
    done
    expect_match "node$BONDED: bond0 is active-backup and failed over to eth1" "$(section "$vm" bonds)" \
        '^ +bond mode active-backup active_slave eth1 '
fi
finish "three_nodes_ping_over_vlan7 ($VM_IMAGE)"
