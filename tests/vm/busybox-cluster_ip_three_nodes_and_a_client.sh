#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 4
# The cluster IP on Debian's 6.1 kernel: three nodes (krg.node=1..3,
# krg.nodes=1-3) bring 10.4.199.1 up on VLAN 7, each answering UDP and TCP on
# it with its id (cluster_driver serve); a client VM (node 10, no cluster IP)
# asks it from 64 source addresses.  Every flow is answered by exactly one
# node, by the node the hash says (cluster_driver owner computes it as the
# CLUSTERIP target does), UDP and TCP alike, and a repeated flow by the same
# node (the client asks again until all are answered).  Twice: mixed backends
# (node 1 `auto`, which picks the CLUSTERIP target because the image loads
# ipt_CLUSTERIP; node 2 `nft`; node 3 `auto` too, its cluster IP from the
# image's net.conf alone, which must resolve to CLUSTERIP as well), which
# must agree on every flow, and `nft` on every node.
# The mixed round also fails over: the nodes run `krgnet watch`; once the
# client has its answers the host powers node 3 off (vm_power_cycle kills
# its QEMU: the plug pulled), nodes 1 (CLUSTERIP) and 2 (nf_tables) take
# its buckets, and the client's flows are answered again as the failover
# rule says (cluster_driver owner-live).  Node 3 boots again at once (a new
# VM, busybox-cipm-node3-boot2: the same MAC and command line, its NIC
# plugged in once the client saw its flows move); nodes 1 and 2 give its
# buckets back when it answers again, and the client gets exactly the first
# answers back.  Then the client counts every answer to every flow for a
# while (krgtest.window): each flow has exactly one receiver, its first
# node, none two.  The client tries up to three such windows, because on a
# starved host a watch may take a live peer for silent (three 200 ms
# intervals without its ARP) and serve its buckets beside it until the
# next ARP, a transient the failover rule allows; a node that keeps a
# bucket fails all three.
# BusyBox image only: the dracut image runs the same krgnet.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
DRIVER=${CLUSTER_DRIVER:-$TOP/build/static-drivers/cluster_driver}
CIP=10.4.199.1 PORT=7000 FLOWS=64
CMAC=01:00:00:00:07:00
CIP_ARGS="krg.clusterip=$CIP/18 krg.clustermac=$CMAC"
# An image whose net.conf holds the cluster IP (the historic keys).
SITE=$VM_LOGDIR/cip-netconf-site
NETCONF_IMG=$VM_LOGDIR/initramfs-cip-netconf.cpio.gz
rm -rf "$SITE"
mkdir -p "$SITE/etc/kerrighed"
printf 'NETCONF_ENABLE=true\nVIRT=krg0\nVLANID=7\nVIRTPREFIX=10.4.135.0/18\nCLUSTERADDR=%s/18\nCLUSTERADDR_ENABLE=true\nCLUSTERMAC=%s\n' \
    "$CIP" "$CMAC" > "$SITE/etc/kerrighed/net.conf"
KRGNET=${KRGNET:-$TOP/build/krgnet} KMODDIR=${VM_KMODDIR:-$TOP/build/kernel/lib/modules/$(cat "$TOP/build/kernel/kver")} \
    SITE=$SITE "$TOP/initramfs/mkinitramfs.sh" "$NETCONF_IMG" || exit 1

# one round: its tag in VM names, then the backend of nodes 1, 2 and 3
round() {
    local tag=$1 id vm client sources want got backend
    local -a backends=("" "$2" "$3" "$4")
    local ns
    ns=$(vm_ns "cip$tag")
    vm_net_up "$ns" || return 1
    backend="${backends[1]},${backends[2]},${backends[3]}"
    local fail=${5:-} cip extra peers
    local -a image args fail_args=()
    for id in 1 2 3; do
        image=() cip=$CIP_ARGS extra=""
        if [ -n "$fail" ]; then
            peers=$(for p in 1 2 3; do [ "$p" = "$id" ] || printf '10.4.135.%s,' "$p"; done)
            extra="krgtest.watch krgtest.ping=${peers%,} krgtest.wait=$(scaled 60)"
            # node 3: the cluster IP from net.conf alone
            [ "$id" = 3 ] && image=(--initrd "$NETCONF_IMG") cip=""
        fi
        args=(--image busybox "${image[@]}" --node-net "$ns:br0" --mac "52:54:00:00:27:0$id"
              --cmdline "krg.node=$id krg.nodes=1-3 $cip krg.clusterip_backend=${backends[$id]} krgtest.serve=$PORT $extra krgtest.stay")
        vm_start "busybox-cip$tag-node$id" "${args[@]}"
        [ "$id" != "$fail" ] || fail_args=("${args[@]}")
    done
    client=busybox-cip$tag-client
    # the client's window: every answer to every flow once node 3 is back
    # (a flow two nodes accept answers every datagram twice)
    vm_start "$client" --image busybox --node-net "$ns:br0" --mac "52:54:00:00:27:10" \
        --cmdline "krg.node=10 krg.nodes=1-3,10 krgtest.ask=$CIP:$PORT:$FLOWS ${fail:+krgtest.failover=$fail krgtest.window=$(scaled 1)} krgtest.wait=$(scaled 60) krgtest.stay"
    [ -z "$fail" ] || vm_power_cycle "$client" "busybox-cip$tag-node$fail" "busybox-cip$tag-node$fail-boot2" "${fail_args[@]}"
    expect_true "[$backend] three nodes and the client booted and reported${fail:+, node $fail twice}" vm_wait_all

    for id in 1 2 3; do
        vm=busybox-cip$tag-node$id
        expect_true "[$backend] node$id: krgnet up exit status 0" test "$(field "$vm" krgnet-status)" = 0
        expect_true "[$backend] node$id: the cluster IP $CIP/18 on krg0" \
            grep -q "inet $CIP/18 .*krg0" <(section "$vm" "ip -d addr show")
        expect_true "[$backend] node$id: krgnet status finds the cluster IP as planned" \
            grep -q "the kernel's state matches the plan" <(section "$vm" "cluster IP (namespace")
    done
    if [ "${backends[1]}" = auto ]; then
        expect_true "[$backend] node1 chose CLUSTERIP" grep -q "via CLUSTERIP" "$(console "busybox-cip$tag-node1")"
        # node 1 of 1-3 serves bucket 1 and every third undeclared one
        expect_true "[$backend] node1's /proc/net/ipt_CLUSTERIP/$CIP: buckets 1,4,7,10,13,16" \
            grep -qx "/proc/net/ipt_CLUSTERIP/$CIP: 1,4,7,10,13,16" <(section "busybox-cip$tag-node1" "cluster IP (namespace" | tr -d '\r')
    fi
    if [ "${backends[3]}" = auto ]; then
        # the same image rule for a cluster IP that only net.conf gives
        expect_true "[$backend] node3 (cluster IP from net.conf alone) chose CLUSTERIP too" \
            grep -q "via CLUSTERIP" "$(console "busybox-cip$tag-node3")"
        expect_true "[$backend] node3's /proc/net/ipt_CLUSTERIP/$CIP: buckets 3,6,9,12,15" \
            grep -qx "/proc/net/ipt_CLUSTERIP/$CIP: 3,6,9,12,15" <(section "busybox-cip$tag-node3" "cluster IP (namespace" | tr -d '\r')
    fi
    expect_true "[$backend] node2 used nf_tables" grep -q "via nf_tables" "$(console "busybox-cip$tag-node2")"
    # node 2's own buckets in the rule nft lists (CLUSTERIP's hash, seed 0)
    expect_true "[$backend] node2's ruleset: the jhash filter with buckets { 2, 5, 8, 11, 14 }" \
        grep -q 'iifname "krg0" ip daddr 10.4.199.1 jhash ip saddr mod 16 seed 0x0 offset 1 { 2, 5, 8, 11, 14 } meta pkttype set host accept' \
        <(section "busybox-cip$tag-node2" "cluster IP (namespace")
    sources=$(for i in $(seq 1 "$FLOWS"); do echo "10.4.136.$i"; done)
    # shellcheck disable=SC2086  # one argument per source
    want=$("$DRIVER" owner 1-3 $sources)
    for proto in udp tcp; do
        got=$(section "$client" "ask $proto" | tr -d '\r')
        expect_true "[$backend] $proto: $FLOWS flows, each answered by exactly the node the hash picks" \
            test "$got" = "$want"
        [ "$got" = "$want" ] || diff <(echo "$want") <(echo "$got") | head -n 10 | sed 's/^/    /'
        echo "    [$backend] $proto per node: $(awk '{ n[$2]++ } END { for (k in n) printf "%s:%d ", k, n[k] }' <<< "$got")"
    done
    [ -z "$fail" ] || check_failover "$tag" "$backend" "$client" "$fail" "$sources"
    rm -f "$LIB_HOLD"  # the next round's VMs wait for their own release
}

# check_failover TAG BACKENDS CLIENT ID SOURCES: node ID's flows moved to
# the owners the failover rule names for the other two, the others' stayed;
# node ID's second boot came up as the first; then back to exactly the
# first answers, and over the client's window every flow answered by
# exactly one node, its first one.
check_failover() {
    local tag=$1 backend=$2 client=$3 id=$4 sources=$5 live got first p again two own
    again=busybox-cip$tag-node$id-boot2
    live=$(for p in 1 2 3; do [ "$p" = "$id" ] || printf '%s,' "$p"; done)
    live=${live%,}
    sed 's/^/    /' "$VM_LOGDIR/busybox-cip$tag-node$id.failover" 2>/dev/null
    got=$(section "$client" "failover: udp without $id" | tr -d '\r' | grep -v '^took: ')
    # shellcheck disable=SC2086  # one argument per source
    expect_true "[$backend] node $id off: every flow answered by the owner for live $live" \
        test "$got" = "$("$DRIVER" owner-live 1-3 "$live" $sources)"
    echo "    [$backend] udp per node, node $id off: $(awk '{ n[$2]++ } END { for (k in n) printf "%s:%d ", k, n[k] }' <<< "$got")"
    echo "    [$backend] moved within (client's uptime from, to): $(section "$client" "failover: udp without $id" | sed -n 's/^took: //p')"
    # the second boot: the same node again, its own buckets
    expect_true "[$backend] node$id booted again: krgnet up exit status 0" test "$(field "$again" krgnet-status)" = 0
    own=$("$DRIVER" buckets 1-3 "$id")
    expect_true "[$backend] node$id booted again: CLUSTERIP, its own buckets $own" \
        grep -qx "/proc/net/ipt_CLUSTERIP/$CIP: $own" <(section "$again" "cluster IP (namespace" | tr -d '\r')
    first=$(section "$client" "ask udp" | tr -d '\r')
    got=$(section "$client" "failover: udp with $id back" | tr -d '\r' | grep -v '^took: ')
    expect_true "[$backend] node $id booted again: every flow answered as before it was off" test "$got" = "$first"
    echo "    [$backend] back within (client's uptime from, to): $(section "$client" "failover: udp with $id back" | sed -n 's/^took: //p')"
    # a window before the last one had a flow with another or a second
    # receiver: shown, not failed (a watch on a starved host may take a live
    # peer for silent for a moment: see the header)
    for p in 1 2; do
        section "$client" "failover: receivers, window $p of 3" | tr -d '\r' | grep -v '^took: ' |
            grep -vxF -f <(echo "$first") | head -n 5 | sed "s/^/    (window $p) not its first node alone: /"
    done
    got=$(section "$client" "failover: receivers with $id back" | tr -d '\r' | grep -v '^took: ')
    two=$(grep -c '^[^ ]* [0-9]*,' <<< "$got")
    expect_true "[$backend] node $id back, then every answer for a while: no flow with two receivers" test "$two" = 0
    grep '^[^ ]* [0-9]*,' <<< "$got" | head -n 10 | sed 's/^/    two receivers: /'
    expect_true "[$backend] ... and every flow answered by exactly its first node" test "$got" = "$first"
    [ "$got" = "$first" ] || diff <(echo "$first") <(echo "$got") | head -n 10 | sed 's/^/    /'
    echo "    [$backend] receivers counted over (client's uptime from, to): $(section "$client" "failover: receivers with $id back" | sed -n 's/^took: //p')"
    for p in ${live//,/ }; do
        expect_true "[$backend] node$p's watch logged node $id silent, then back" \
            grep -q "node $id back" <(console_text "busybox-cip$tag-node$p" | sed -n "/node $id silent/,\$p")
    done
}

round m auto nft auto 3
round n nft nft nft
finish "busybox-cluster_ip_three_nodes_and_a_client"
