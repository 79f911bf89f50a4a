# SPDX-License-Identifier: GPL-2.0-or-later
# Cluster-IP topology for the host tier, sourced after lib.sh by
# tests/host/cases/cluster_ip_*.sh: node namespaces on lib.sh's bridge, each
# with krg0 (a $KIND child of its veth eth0; macvlan on kernels without
# 802.1Q) holding 10.4.135.ID/18, and a client namespace with many source
# addresses on the cluster-IP network.  The cluster IP itself is installed by
# tests/host/drivers/cluster_driver for now (`krgnet up` with krg.clusterip
# will replace cluster_up).
# shellcheck shell=bash

BACKEND=${BACKEND:-nft}   # nft, or legacy (the CLUSTERIP target, where the kernel has it)
CIP=${CIP:-10.4.199.1}
CMAC=${CMAC:-01:00:00:00:07:00}
PORT=7000
CLIENT=${PFX}c
CDRV=${CLUSTER_DRIVER:-$TMP/cluster_driver}  # CLUSTER_DRIVER: a prebuilt one (the VM tier's static build)
SERVERS=()

# Builds the driver from the host objects (ASan/UBSan, like the others).
build_cluster_driver() {
    [ -n "${CLUSTER_DRIVER:-}" ] && return 0
    local objs
    mapfile -t objs < <(find src/base src/nl src/cluster src/sys src/config -name '*.cpp' \
        | sed 's|^src/\(.*\)\.cpp$|build/host/\1.o|' | sort)
    make -s "${objs[@]}" || return 1
    g++ -std=c++20 -fno-exceptions -fno-rtti -g -O1 -D_GNU_SOURCE -fsanitize=address,undefined \
        -fno-sanitize-recover=all -fno-omit-frame-pointer -Wall -Wextra -Wshadow \
        -Isrc -Ibuild/gen -o "$CDRV" tests/host/drivers/cluster_driver.cpp "${objs[@]}"
}

# cluster_node ID: lib.sh's node namespace plus krg0 with its address, up.
cluster_node() {
    local id=$1 ns=${PFX}n$1 mac
    mac=$(printf 'f0:00:00:00:07:%02x' "$id")
    mk_node "$id"
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    if [ "${KIND:-macvlan}" = vlan ]; then
        ip -n "$ns" link add link eth0 name krg0 address "$mac" type vlan id 7
    else
        ip -n "$ns" link add link eth0 name krg0 address "$mac" type macvlan mode bridge
    fi
    ip -n "$ns" addr add "10.4.135.$id/18" dev krg0
    ip -n "$ns" link set krg0 up
}

# cluster_up ID NODES: the cluster IP on node ID for the declared set NODES,
# and a responder answering "ID" on CIP:PORT (UDP and TCP).
cluster_up() {
    local id=$1 nodes=$2 ns=${PFX}n$1
    local install=install
    [ "$BACKEND" = legacy ] && install="legacy-install"
    ip netns exec "$ns" "$CDRV" $install krg0 "$CIP/18" "$CMAC" "$nodes" "$id" || return 1
    : > "$TMP/serve$id"
    ip netns exec "$ns" "$CDRV" serve "$CIP" "$PORT" "$id" >"$TMP/serve$id" 2>&1 &
    SERVERS+=($!)
    wait_for 50 grep -q serving "$TMP/serve$id" && return 0
    echo "responder of node $id did not start: $(cat "$TMP/serve$id")"; return 1
}

# cluster_client N: the client namespace on the bridge with N source
# addresses 10.4.200.1..254, then 10.4.201.1.. (N <= 508); prints nothing.
cluster_client() {
    local n=$1 i
    ensure_bridge
    ip netns add "$CLIENT"
    ip -n "$BR" link add pc type veth peer name eth0 netns "$CLIENT"
    ip -n "$BR" link set pc master br0 up
    ip -n "$CLIENT" link set lo up
    ip -n "$CLIENT" link set eth0 up
    CLIENT_ADDRS=$(for i in $(seq 0 $((n - 1))); do echo "10.4.$((200 + i / 254)).$((i % 254 + 1))"; done | tr '\n' ' ')
    for i in $CLIENT_ADDRS; do echo "addr add $i/18 dev eth0"; done | ip -n "$CLIENT" -batch -
}

# cluster_ask udp|tcp: "SRC ID" per client address (ID "-": no answer).
cluster_ask() {
    # shellcheck disable=SC2086
    ip netns exec "$CLIENT" "$CDRV" ask "$1" "$CIP" "$PORT" $CLIENT_ADDRS
}

# cluster_expected NODES: "SRC ID" per client address, the owner by the hash.
cluster_expected() {
    # shellcheck disable=SC2086
    "$CDRV" owner "$1" $CLIENT_ADDRS
}

# cluster_served: "udp|tcp SRC ID" for every flow any responder accepted.
cluster_served() {
    local f
    for f in "$TMP"/serve*; do grep -E '^(udp|tcp) ' "$f" | sed "s/\$/ ${f##*serve}/"; done
}

# per_node_counts: "ID:count ..." of "SRC ID" lines on stdin.
per_node_counts() { awk '{ n[$2]++ } END { for (k in n) printf "%s:%d\n", k, n[k] }' | sort -n | tr '\n' ' '; }

cluster_stop_servers() {
    local p
    for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    SERVERS=()
}

# expect_flows_by_hash NODES FLOWS: the client asks every source twice by
# UDP and by TCP; each flow is answered by the node the hash picks for the
# declared set NODES, again on the repeat, and only by it (FLOWS: sources x 2
# protocols, each reaching exactly one responder twice).
expect_flows_by_hash() {
    local nodes=$1 flows=$2 proto
    cluster_expected "$nodes" > "$TMP/expected"
    for proto in udp tcp; do
        cluster_ask $proto > "$TMP/got.$proto"
        cluster_ask $proto > "$TMP/again.$proto"
        echo "    $proto per node (declared $nodes): $(per_node_counts < "$TMP/got.$proto")(expected $(per_node_counts < "$TMP/expected"))"
        expect_eq "$proto: flows without an answer" "$(grep -c ' -$' "$TMP/got.$proto")" 0
        expect_eq "$proto: flows answered by the node the hash picks" \
            "$(diff "$TMP/expected" "$TMP/got.$proto" >/dev/null && echo all)" all
        expect_eq "$proto: repeated flows reach the same node" \
            "$(diff "$TMP/got.$proto" "$TMP/again.$proto" >/dev/null && echo yes)" yes
    done
    expect_eq "flows accepted by more than one node or not twice" \
        "$(cluster_served | sort | uniq -c | awk '$1 != 2' | wc -l) of $(cluster_served | sort -u | wc -l)" "0 of $flows"
}

# run_layout NODES RUNNING...: the declared set and the nodes that run it;
# every flow answered by the node the hash picks, only by it, again on a repeat.
run_layout() {
    local nodes=$1; shift
    local id
    for id in "$@"; do
        cluster_node "$id"
        cluster_up "$id" "$nodes" || fail "node $id: cluster IP not installed"
        if [ "$BACKEND" = legacy ]; then
            expect_eq "node $id status" "$(ip netns exec "${PFX}n$id" "$CDRV" legacy-status krg0 "$CIP" "$CMAC" "$nodes" "$id")" \
                "ok buckets $("$CDRV" buckets "$nodes" "$id")"
        else
            expect_eq "node $id status" "$(ip netns exec "${PFX}n$id" "$CDRV" status krg0 "$CIP" "$CMAC" "$nodes" "$id")" \
                "ok buckets $("$CDRV" buckets "$nodes" "$id")"
            expect_eq "node $id: nft list ruleset is the printed ruleset" \
                "$(ip netns exec "${PFX}n$id" nft list ruleset | cmp - <("$CDRV" print krg0 "$CIP" "$CMAC" "$nodes" "$id") && echo same)" same
        fi
    done
    expect_flows_by_hash "$nodes" 128
    expect_eq "client learnt the cluster MAC for the cluster IP" \
        "$(ip -n "$CLIENT" -j neigh show "$CIP" | jq -r '.[0].lladdr')" "$CMAC"
    cluster_stop_servers
    rm -f "$TMP"/serve*
    for id in "$@"; do ip netns del "${PFX}n$id"; ip -n "$BR" link del "p$id" 2>/dev/null; done
    ip -n "$CLIENT" neigh flush all
}

