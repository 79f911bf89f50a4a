#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 3
# dracut image, the cluster IP on veth pairs on the boot bridge: the module
# packs nf_tables, nft_hash, nft_ct, the legacy iptable_filter/ipt_CLUSTERIP,
# veth and bridge, and the pre-pivot hook loads the legacy pair for a cluster
# IP (`krgnet plan --layout-only` says so), so krgnet (backend auto) uses
# CLUSTERIP on Debian's 6.1 kernel, and nf_tables with
# krg.clusterip_backend=nft (what kernels without CLUSTERIP use).
# Two nodes (1: auto, 2: nft; krg.nodes=1-2) and a client (node 10) boot with
# dracut's bridge=br0:eth0 and krg.kind=veth krg.bridge=br0: krg0 is a veth
# in the pinned namespace (the node's MAC and address, MTU 1500, no tag),
# its host end krg0h a port of br0.  The server (node 254) runs `krgnet up`
# with krg.kind=veth on the test bridge itself.  Every node pings every
# other and the server from inside its namespace; the client asks the
# cluster IP from 16 source addresses, UDP and TCP, and every flow is
# answered by exactly the node the hash picks; after switch_root krgnet
# status finds everything as planned.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
DRIVER=${CLUSTER_DRIVER:-$TOP/build/static-drivers/cluster_driver}
KRGNET=${KRGNET:-$TOP/build/krgnet}
CIP=10.4.199.1 PORT=7000 FLOWS=16
CLUSTER="krg.nodes=1-2 krg.clusterip=$CIP/18 krg.clustermac=01:00:00:00:07:00"
NS=$(vm_ns cipveth)
vm_net_up "$NS" || exit 1

# veth_cmdline ID: dracut's bridge over eth0, its boot address, krg0 a veth on it.
veth_cmdline() {
    echo "bridge=br0:eth0 rd.neednet=1 ip=10.4.7.$1::10.4.7.254:255.255.192.0::br0:none" \
        "krg.node=$1 krg.kind=veth krg.bridge=br0 krgtest.wait=$(scaled 60) krgtest.stay"
}
PEERS=10.4.135.1,10.4.135.2,10.4.135.10,10.4.135.254
for node in 1:auto 2:nft; do
    id=${node%%:*} backend=${node#*:}
    vm_start "dracut-cipveth-node$id" --image dracut --node-net "$NS:br0" --mac "52:54:00:00:37:0$id" --cmdline \
        "$(veth_cmdline "$id") $CLUSTER krg.clusterip_backend=$backend krgtest.serve=$PORT krgtest.ping=$PEERS"
done
client=dracut-cipveth-client
vm_start "$client" --image dracut --node-net "$NS:br0" --mac "52:54:00:00:37:10" --cmdline \
    "$(veth_cmdline 10) krg.nodes=1-2,10 krgtest.ping=$PEERS krgtest.ask=$CIP:$PORT:$FLOWS"
# The server: krg0 a veth on the test bridge, no namespace (krg.isolate=0);
# once the VMs' taps are ports of br0 (a bridge without a port up has no
# carrier, which up waits for).  Deleting the namespace removes it too.
SERVER=(--conf /dev/null --state-dir "$VM_LOGDIR/cipveth-server" --cmdline
    "krg.node=254 krg.kind=veth krg.bridge=br0 krg.isolate=0 krg.dad=0 krg.timeout=$(scaled 30)")
rm -rf "$VM_LOGDIR/cipveth-server"
ip netns exec "$NS" "$KRGNET" up "${SERVER[@]}" 2>"$VM_LOGDIR/cipveth-server.log"
expect_eq "server: krgnet up with krg.kind=veth on the test bridge" "$?" 0
expect_true "two nodes and the client booted and reported" vm_wait_all

for vm in dracut-cipveth-node1 dracut-cipveth-node2 $client; do
    id=${vm##*node} && [ "$vm" = "$client" ] && id=10
    hex=$(printf '%02x' "$id")
    expect_eq "[$vm] booted into the real root and reported" "$(vm_status "$vm")" 0
    expect_eq "[$vm] krgnet up exit status" "$(field "$vm" krgnet-status)" 0
    expect_eq "[$vm] krgnet status after switch_root" "$(field "$vm" status-after-switch-root)" 0
    krg0=$(link_block "$(section "$vm" "ip -d addr show (namespace kerrighed)")" krg0)
    expect_match "[$vm] krg0 is a veth in the pinned namespace" "$krg0" '^ +veth '
    expect_match "[$vm] krg0 MAC f0:00:00:00:07:$hex" "$krg0" "^ +link/ether f0:00:00:00:07:$hex brd "
    expect_match "[$vm] krg0 address 10.4.135.$id/18" "$krg0" "^ +inet 10\\.4\\.135\\.$id/18 "
    expect_match "[$vm] krg0 MTU 1500 (the bridge's, no tag)" "$krg0" '^[0-9]+: krg0@[^ ]+ <[^>]*> mtu 1500 '
    initial=$(section "$vm" "ip -d link show (initial namespace)")
    expect_match "[$vm] krg0h is up and a port of br0 in the initial namespace" "$(link_block "$initial" krg0h)" \
        '^[0-9]+: krg0h@[^ ]+ <([^>]*,)?UP[,>].* master br0 '
    expect_match "[$vm] eth0 is a port of br0 (dracut's bridge=)" "$(link_block "$initial" eth0)" ' master br0 '
    expect_no_match "[$vm] no krg0 in the initial namespace" "$initial" '^[0-9]+: krg0[@:]'
    env=$(section "$vm" /run/kerrighed/net.env)
    expect_match "[$vm] the record: KRG_KIND=veth" "$env" '^KRG_KIND=veth$'
    expect_match "[$vm] the record: KRG_BRIDGE=br0" "$env" '^KRG_BRIDGE=br0$'
    for peer in 1 2 10 254; do
        [ "$peer" = "$id" ] && continue
        expect_true "[$vm] pings 10.4.135.$peer from the namespace" \
            grep -q "^ping 10.4.135.$peer: ok" <(section "$vm" "ping over")
    done
done
for node in 1:auto:CLUSTERIP:ipt_CLUSTERIP 2:nft:nf_tables:nft_ct; do
    IFS=: read -r id kind via module <<< "$node"
    vm=dracut-cipveth-node$id
    expect_match "[$kind] $module loaded from the image" "$(field "$vm" modules)" "(^| )$module "
    expect_match "[$kind] $CIP/18 on krg0 in the pinned namespace" \
        "$(section "$vm" "ip -d addr show (namespace kerrighed)")" 'inet 10\.4\.199\.1/18 .*krg0'
    expect_match "[$kind] krgnet up used $via" "$(console_text "$vm")" "cluster IP 10\\.4\\.199\\.1/18 via $via"
    expect_match "[$kind] krgnet status after switch_root: the kernel's state matches the plan" \
        "$(section "$vm" "cluster IP (namespace")" "the kernel's state matches the plan"
done
sources=$(for i in $(seq 1 "$FLOWS"); do echo "10.4.136.$i"; done)
# shellcheck disable=SC2086  # one argument per source
want=$("$DRIVER" owner 1-2 $sources)
for proto in udp tcp; do
    got=$(section "$client" "ask $proto" | tr -d '\r')
    expect_true "$proto: $FLOWS sources, each answered by exactly the node the hash picks" test "$got" = "$want"
    [ "$got" = "$want" ] || diff <(echo "$want") <(echo "$got") | head -n 10 | sed 's/^/    /'
    echo "    $proto per node: $(awk '{ n[$2]++ } END { for (k in n) printf "%s:%d ", k, n[k] }' <<< "$got")"
done
ip netns exec "$NS" "$KRGNET" down "${SERVER[@]}" 2>/dev/null
expect_eq "server: krgnet down" "$?" 0
expect_eq "server: krg0h gone from the test bridge" "$(ip -n "$NS" -o link show krg0h 2>/dev/null | wc -l)" 0
finish dracut-cluster_ip
