#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make demo: PXE-boots a small Kerrighed cluster in QEMU and shows its network.
#
#   server   a network namespace with a bridge, dnsmasq (DHCP + TFTP + iPXE
#            script) on the boot network 10.4.7.0/18 at 10.4.7.254, and the
#            server's own VLAN 7 interface at 10.4.135.254 (f0:00:00:00:07:fe)
#            when the host kernel has 802.1Q; without it, a node VM booted as
#            node 254 stands in for the server on the VLAN (and says so)
#   nodes    DEMO_NODES (3) VMs booting with -boot n: dnsmasq gives node N
#            10.4.7.N by MAC, krg.node=dhcp turns that into node N
#
# The nodes also share the cluster IP 10.4.199.1 (krg.clusterip, buckets
# over krg.nodes=1-N) and answer UDP on it with their id; the server asks it
# from DEMO_FLOWS (16) source addresses 10.4.136.x.  The nodes run `krgnet
# watch`: once the server has its answers, the last node's VM is paused
# (it answers nothing), the others take its buckets, and it runs again.
#
# Prints a table (node, boot address, NIC MAC, krg0 MAC, container address,
# the cluster IP's backend, power-on to `krgnet up` done), a ping matrix over
# VLAN 7, which node answered each client flow of the cluster IP (against
# the node the hash picks), the flows that moved while the last node was
# paused and their return, then removes every namespace, tap and process it
# started.
#
# Environment: DEMO_NODES (3), DEMO_NIC (virtio|e1000, default virtio),
# VM_IMAGE (busybox|dracut), and the tests/vm/run variables.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/vm/lib.sh
. "$HERE/../vm/lib.sh"

NODES=${DEMO_NODES:-3}
NIC=${DEMO_NIC:-virtio}
NS=krgdemo-$$
CIP=10.4.199.1 CPORT=7000 FLOWS=${DEMO_FLOWS:-16}
DRIVER=${CLUSTER_DRIVER:-$TOP/build/static-drivers/cluster_driver}
PAUSED=$NODES   # the node whose VM is paused for the failover
CLUSTER="krg.nodes=1-$NODES krg.clusterip=$CIP/18 krg.clustermac=01:00:00:00:07:00"
SERVER_ID=254
VLAN_ADDRS=""
for id in $(seq 1 "$NODES") $SERVER_ID; do VLAN_ADDRS="$VLAN_ADDRS,10.4.135.$id"; done
VLAN_ADDRS=${VLAN_ADDRS#,}
[ "$(id -u)" = 0 ] || { echo "demo: needs root (namespaces, taps)" >&2; exit 1; }
t_start=$(date +%s%N)
since() { awk -v ns=$(( $(date +%s%N) - t_start )) 'BEGIN { printf "%.1f", ns / 1e9 }'; }
say() { printf '[%7ss] %s\n' "$(since)" "$*"; }

# --- server -----------------------------------------------------------------------
say "server: namespace $NS, bridge br0, boot network 10.4.7.0/18 at 10.4.7.254"
vm_net_up "$NS" || exit 1
capture_start "$NS" || exit 1
server_vlan=kernel
if ip -n "$NS" link add link br0 name krg0 address f0:00:00:00:07:fe \
        type vlan id 7 2>/dev/null; then
    ip -n "$NS" link set krg0 up
    ip -n "$NS" addr add 10.4.135.254/18 dev krg0
    say "server: krg0 (VLAN 7) at 10.4.135.254/18, f0:00:00:00:07:fe"
else
    server_vlan=vm
    say "server: this host kernel has no 802.1Q (8021q): a VM booted as node 254"
    say "        stands in for the server on VLAN 7"
fi
hosts=()
for id in $(seq 1 "$NODES"); do hosts+=("$id 52:54:00:00:07:$(printf %02x "$id")"); done
# every wait scales with the machine's load (tests/vm/load-lib.sh)
# (krgtest.stay: a node stays up until every VM has reported, so that a slow
# node still finds its peers up)
WAIT=$(scaled 60)
say "load factor $LOAD_FACTOR: ping window ${WAIT}s per peer, VM timeouts 150s x the load factor"
PXE_CMDLINE="$CLUSTER krgtest.serve=$CPORT krgtest.ping=$VLAN_ADDRS krgtest.wait=$WAIT krgtest.watch krgtest.stay" \
    pxe_server_up "$NS" "$VM_IMAGE" "${hosts[@]}" || exit 1
say "server: dnsmasq serves DHCP, TFTP and boot.ipxe (kernel, initrd, krg.node=dhcp);"
say "        its dhcp-host lines are krgnet table --format dnsmasq --macs of the nodes' NICs"

# --- nodes ------------------------------------------------------------------------------
for id in $(seq 1 "$NODES"); do
    vm_start "demo-node$id" --image "$VM_IMAGE" --pxe --nic "$NIC" \
        --mac "52:54:00:00:07:$(printf %02x "$id")" --node-net "$NS:br0" --timeout 150
done
if [ "$server_vlan" = vm ]; then
    vm_start "demo-server" --image "$VM_IMAGE" --nic "$NIC" --mac 52:54:00:00:07:fe \
        --node-net "$NS:br0" --timeout 150 \
        --cmdline "krg.node=$SERVER_ID krgtest.ping=$VLAN_ADDRS krgtest.wait=$WAIT krgtest.ask=$CIP:$CPORT:$FLOWS krgtest.failover=$PAUSED krgtest.stay"
    vm_failover demo-server "demo-node$PAUSED"
fi
say "power-on: $NODES nodes PXE-booting ($NIC NICs)$([ "$server_vlan" = vm ] && echo ", server VM booting")"

# the server's own row of the ping matrix, while the nodes come up
server_pings() {
    local id
    for id in $(seq 1 "$NODES"); do
        for _ in $(seq 1 "$WAIT"); do
            if ip netns exec "$NS" ping -c 1 -W 1 "10.4.135.$id" >/dev/null 2>&1; then
                echo "ping 10.4.135.$id: ok"
                continue 2
            fi
        done
        echo "ping 10.4.135.$id: FAIL"
    done
}
# the server's client flows to the cluster IP (a server VM asks by itself,
# and vm_failover pauses the node): the first answers, then with node
# PAUSED's VM paused, then with it running again, as root-init's
# krgtest.failover prints them
server_asks() {
    local i sources=() pid start
    for i in $(seq 1 "$FLOWS"); do
        ip -n "$NS" addr add "10.4.136.$i/18" dev krg0
        sources+=("10.4.136.$i")
    done
    ip -n "$NS" route add "$CIP/32" dev krg0
    ask_until() {  # TEST: asks until TEST holds (or WAIT s)
        for _ in $(seq 1 $((WAIT * 5))); do
            ip netns exec "$NS" "$DRIVER" ask udp "$CIP" "$CPORT" "${sources[@]}" > "$VM_LOGDIR/demo-server.ask" 2>&1
            "$@" && break
            sleep 0.2
        done
    }
    # shellcheck disable=SC2317  # the tests, called through ask_until
    answered() { ! grep -q ' -$' "$VM_LOGDIR/demo-server.ask"; }
    # shellcheck disable=SC2317
    moved_off() { answered && ! grep -q " $PAUSED\$" "$VM_LOGDIR/demo-server.ask"; }
    # shellcheck disable=SC2317
    as_first() { cmp -s "$VM_LOGDIR/demo-server.ask" "$VM_LOGDIR/demo-server.first"; }
    ask_until answered
    echo "--- ask udp ---"
    cat "$VM_LOGDIR/demo-server.ask"
    cp "$VM_LOGDIR/demo-server.ask" "$VM_LOGDIR/demo-server.first"
    pid=$(cat "$VM_LOGDIR/demo-node$PAUSED/qemu.pid")
    kill -STOP "$pid"
    start=$(date +%s.%N)
    ask_until moved_off
    echo "--- failover: udp without $PAUSED ---"
    cat "$VM_LOGDIR/demo-server.ask"
    echo "took: 0 $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')"
    kill -CONT "$pid"
    start=$(date +%s.%N)
    ask_until as_first
    echo "--- failover: udp with $PAUSED back ---"
    cat "$VM_LOGDIR/demo-server.ask"
    echo "took: 0 $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')"
}
if [ "$server_vlan" = kernel ]; then
    { server_pings; server_asks; } > "$VM_LOGDIR/demo-server.pings" &
    pinger=$!
    LIB_PIDS+=("$pinger")
fi

# progress while waiting
names=()
for id in $(seq 1 "$NODES"); do names+=("demo-node$id"); done
[ "$server_vlan" = vm ] && names+=(demo-server)
seen=()
for _ in $(seq 1 "$(scaled 900)"); do
    busy=0
    for n in "${names[@]}"; do
        out=$VM_LOGDIR/$n.out
        for what in "krgnet up done" "reported"; do
            key="$n:$what"
            [[ " ${seen[*]} " == *" $key "* ]] && continue
            if line=$(grep -m1 "^vm $n: $what" "$out" 2>/dev/null); then
                seen+=("$key")
                say "${line#vm }"
            fi
        done
        vm_done "$n" || busy=1
    done
    [ "$busy" = 0 ] && break
    sleep 0.2
done
# the nodes stay up (krgtest.stay) until every pinger is done: stop them now
[ "$server_vlan" = kernel ] && wait "$pinger" 2>/dev/null
say "all VMs reported: powering them off"
vm_wait_all >/dev/null
say "all VMs done"

# --- table ----------------------------------------------------------------------------
ns_field() {   # ns_field VM REGEX: first match in the namespace listing
    section "$1" "ip -d addr show" | grep -oE "$2" | head -n1
}
echo
printf '%-6s  %-12s  %-17s  %-17s  %-16s  %-10s  %s\n' node "boot address" "NIC MAC" \
    "krg0 MAC" "container addr" "cluster IP" "power-on -> krgnet up (kernel uptime)"
rows=()
for id in $(seq 1 "$NODES"); do rows+=("$id:demo-node$id"); done
[ "$server_vlan" = vm ] && rows+=("$SERVER_ID:demo-server")
for row in "${rows[@]}"; do
    id=${row%%:*} vm=${row#*:}
    nicmac=52:54:00:00:07:$(printf %02x "$id")
    ready=$(cat "$VM_LOGDIR/$vm/ready" 2>/dev/null || echo "-")
    # the backend `up` chose, from its log line ("via CLUSTERIP")
    backend=$(console_text "$vm" | grep -om1 'via \(CLUSTERIP\|nf_tables\)' | cut -d' ' -f2)
    printf '%-6s  %-12s  %-17s  %-17s  %-16s  %-10s  %s\n' "$id" \
        "$(field "$vm" boot-ip | sed 's/^none$/(direct)/')" "$nicmac" \
        "$(ns_field "$vm" 'link/ether f0:[0-9a-f:]+' | cut -d' ' -f2)" \
        "$(ns_field "$vm" 'inet 10\.4\.135\.[0-9]+/[0-9]+' | cut -d' ' -f2)" \
        "${backend:--}" "${ready}s ($(field "$vm" krgnet-ready)s)"
done
if [ "$server_vlan" = kernel ]; then
    printf '%-6s  %-12s  %-17s  %-17s  %-16s  %-10s  %s\n' "$SERVER_ID" 10.4.7.254 "(bridge)" \
        f0:00:00:00:07:fe 10.4.135.254/18 - "(server namespace)"
fi

# --- ping matrix ------------------------------------------------------------------------
echo
echo "ping over VLAN 7 (row pings column, from inside the pinned namespace):"
cols=""
for id in $(seq 1 "$NODES") $SERVER_ID; do cols="$cols .$id"; done
printf '%-8s' "from\\to"
for c in $cols; do printf '%6s' "$c"; done
echo
matrix_ok=1
failed_rows=()
for id in $(seq 1 "$NODES") $SERVER_ID; do
    if [ "$id" = "$SERVER_ID" ]; then
        [ "$server_vlan" = kernel ] && f=$VM_LOGDIR/demo-server.pings || f=$(report demo-server)
        printf '%-8s' server
    else
        f=$(report "demo-node$id")
        printf '%-8s' "node$id"
    fi
    for c in $(seq 1 "$NODES") $SERVER_ID; do
        if [ "$c" = "$id" ]; then printf '%6s' -; continue; fi
        if grep -q "^ping 10.4.135.$c: ok" "$f" 2>/dev/null; then
            printf '%6s' ok
        else
            printf '%6s' FAIL
            matrix_ok=0
            [[ " ${failed_rows[*]} " == *" $id "* ]] || failed_rows+=("$id")
        fi
    done
    echo
done

# --- the cluster IP ------------------------------------------------------------------------
[ "$server_vlan" = kernel ] && f=$VM_LOGDIR/demo-server.pings || f=$(report demo-server)
ask_section() { awk -v t="--- $1" 'index($0, t) == 1 { on = 1; next } /^(---|===) / { on = 0 } on' "$f" | tr -d '\r'; }
got=$(ask_section "ask udp")
# shellcheck disable=SC2086,SC2046  # one argument per source
want=$("$DRIVER" owner "1-$NODES" $(for i in $(seq 1 "$FLOWS"); do echo "10.4.136.$i"; done))
echo
echo "cluster IP $CIP (nodes 1-$NODES): which node answered each UDP flow from the server"
cluster_ok=1
while read -r src node; do
    expected=$(awk -v s="$src" '$1 == s { print $2 }' <<< "$want")
    if [ "$node" = "$expected" ]; then mark=""; else mark="  <- the hash picks node $expected"; cluster_ok=0; fi
    printf '  %-12s -> %s%s\n' "$src" "$([ "$node" = - ] && echo "no answer" || echo "node $node")" "$mark"
done <<< "$got"
[ "$(wc -l <<< "$got")" = "$FLOWS" ] || cluster_ok=0
echo "  per node: $(awk '{ n[$2]++ } END { for (k in n) printf "node%s %d  ", k, n[k] }' <<< "$got")"

# --- failover ------------------------------------------------------------------------------
live=$(for id in $(seq 1 "$NODES"); do [ "$id" = "$PAUSED" ] || printf '%s,' "$id"; done)
moved=$(ask_section "failover: udp without $PAUSED" | grep -v '^took: ')
back=$(ask_section "failover: udp with $PAUSED back" | grep -v '^took: ')
# shellcheck disable=SC2086,SC2046  # one argument per source
want_moved=$("$DRIVER" owner-live "1-$NODES" "${live%,}" $(for i in $(seq 1 "$FLOWS"); do echo "10.4.136.$i"; done))
took() { ask_section "$1" | awk '/^took: / { printf "%.1f s", $3 - $2 }'; }
echo
echo "node $PAUSED's VM paused (it answers nothing); krgnet watch on the others moved its flows:"
failover_ok=1
[ "$moved" = "$want_moved" ] && [ "$back" = "$got" ] || failover_ok=0
while read -r src was; do
    [ "$was" = "$PAUSED" ] || continue
    printf '  %-12s node %s -> %s\n' "$src" "$was" "$(awk -v s="$src" '$1 == s { print ($2 == "-" ? "no answer" : "node " $2) }' <<< "$moved")"
done <<< "$got"
echo "  every flow answered again after $(took "failover: udp without $PAUSED") (the others' flows stayed: $([ "$moved" = "$want_moved" ] && echo yes || echo NO))"
echo "node $PAUSED running again: every flow back to its first node after $(took "failover: udp with $PAUSED back") ($([ "$back" = "$got" ] && echo yes || echo NO))"
echo
if [ "$matrix_ok" = 0 ]; then
    echo "why (each node whose row has a FAIL; capture: ${LIB_CAPTURE#"$TOP"/}):"
    for id in "${failed_rows[@]}"; do
        if [ "$id" = "$SERVER_ID" ] && [ "$server_vlan" = kernel ]; then
            echo "--- server: its pings"
            sed 's/^/  /' "$VM_LOGDIR/demo-server.pings"
            echo "--- server: the capture on the bridge about 10.4.135.254"
            capture_about 10.4.135.254 f0:00:00:00:07:fe
        elif [ "$id" = "$SERVER_ID" ]; then
            explain demo-server "10.4.135.$id"
        else
            explain "demo-node$id" "10.4.135.$id"
        fi
    done
    echo
fi
say "done: $([ "$matrix_ok" = 1 ] && [ "$cluster_ok" = 1 ] && echo "every node reaches every other over VLAN 7" || echo "SOME PINGS FAILED")"
say "      $([ "$cluster_ok" = 1 ] && echo "every cluster IP flow answered by exactly the node the hash picks" || echo "SOME CLUSTER IP FLOWS WENT WRONG")"
say "      $([ "$failover_ok" = 1 ] && echo "node $PAUSED's flows moved to the failover rule's nodes and came back" || echo "THE FAILOVER WENT WRONG")"
say "logs: ${VM_LOGDIR#"$TOP"/}/demo-*; cleaning up namespace $NS"
[ "$matrix_ok" = 1 ]
