# SPDX-License-Identifier: GPL-2.0-or-later
# krgnet watch on four declared nodes 1,2,5,9 (nf_tables, macvlan) and a
# client with 64 source addresses: node 5 stops (its watch killed, its krg0
# down) and the others serve its flows, each logging one line; it comes back
# and gets exactly its own flows back; `nft flush ruleset` in node 2's
# namespace is put back; SIGTERM leaves the buckets; down stops a watch.
# The waits are bounded generously (the machine may be loaded): the times
# themselves are measured by `make bench-failover`, not asserted here.
source tests/host/cluster_lib.sh
build_cluster_driver || { fail "cannot build cluster_driver"; return; }
cluster_client 64
NODES=1,2,5,9
CL="krg.clusterip=$CIP/18 krg.clustermac=$CMAC krg.nodes=$NODES"
declare -A WATCH

kr() { EXTRA="$CL" krg "$@"; }

start_watch() {
    local id=$1
    : > "$TMP/watch$id"
    # exec: $! is the watch itself (nsenter and krgnet exec, they do not fork)
    (exec nsenter --net="/run/netns/${PFX}n$id" -- "$KRGNET" watch --conf /dev/null \
        --state-dir "$TMP/state$id" --cmdline "$(base_cmdline "$id") $CL") 2>>"$TMP/watch$id" &
    WATCH[$id]=$!
    SERVERS+=($!)
    for _ in $(seq 100); do grep -q "watch: node $id" "$TMP/watch$id" && return 0; sleep 0.1; done
    fail "watch of node $id did not start: $(cat "$TMP/watch$id")"
}

for id in 1 2 5 9; do
    mk_node "$id"
    kr "$id" up 2>/dev/null; expect_eq "node $id up" "$?" 0
    ip netns exec "${PFX}k$id" "$CDRV" serve "$CIP" "$PORT" "$id" >"$TMP/serve$id" 2>&1 &
    SERVERS+=($!)
    for _ in $(seq 50); do grep -q serving "$TMP/serve$id" && break; sleep 0.1; done
    start_watch "$id"
done

# until_flows LIVE WHAT: asks (UDP) until every flow is answered by the
# owner the rule gives for LIVE, at most 30 s; then checks UDP and TCP once.
until_flows() {
    local live=$1 what=$2 t0 proto
    # shellcheck disable=SC2086
    "$CDRV" owner-live "$NODES" "$live" $CLIENT_ADDRS > "$TMP/expected"
    t0=$(date +%s%N)
    for _ in $(seq 300); do
        cluster_ask udp > "$TMP/got" && diff -q "$TMP/expected" "$TMP/got" >/dev/null && break
        sleep 0.1
    done
    echo "    $what: every flow with its owner after $((($(date +%s%N) - t0) / 1000000)) ms"
    for proto in udp tcp; do
        cluster_ask $proto > "$TMP/got.$proto"
        expect_eq "$what, $proto: every flow answered by the owner for live $live" \
            "$(diff "$TMP/expected" "$TMP/got.$proto" >/dev/null && echo all)" all
    done
}

until_flows "$NODES" "all four"

# Node 5 stops: its watch killed, its krg0 down.
kill "${WATCH[5]}"; wait "${WATCH[5]}" 2>/dev/null
ip -n "${PFX}k5" link set krg0 down
until_flows 1,2,9 "node 5 silent"
for id in 1 2 9; do
    grep -q "node 5 silent: buckets 5,6,11,15 now 1,2,9,1" "$TMP/watch$id" \
        && pass "node $id logs node 5 silent" || fail "node $id watch: $(cat "$TMP/watch$id")"
done
expect_eq "status on node 2 (recorded live set)" "$(kr 2 status >/dev/null 2>&1; echo $?)" 0

# Node 5 is back (its record still says every node is live).
ip -n "${PFX}k5" link set krg0 up
start_watch 5
until_flows "$NODES" "node 5 back"
grep -q "node 5 back: buckets 5,6,11,15" "$TMP/watch1" && pass "node 1 logs node 5 back" || fail "watch: $(cat "$TMP/watch1")"

# A container's firewall flushes the ruleset: watch puts it back.
ip netns exec "${PFX}k2" nft flush ruleset
until_flows "$NODES" "after nft flush ruleset on node 2"
grep -q "put back" "$TMP/watch2" && pass "node 2 logs the repair" || fail "watch: $(cat "$TMP/watch2")"
expect_eq "status on node 2 after the repair" "$(kr 2 status >/dev/null 2>&1; echo $?)" 0

# SIGTERM stops watch and leaves the buckets; down stops a running watch.
kill "${WATCH[9]}"; wait "${WATCH[9]}"; expect_eq "watch exit status on SIGTERM" "$?" 0
expect_eq "node 9 status after its watch stopped" "$(kr 9 status >/dev/null 2>&1; echo $?)" 0
kr 1 down 2>/dev/null; expect_eq "node 1 down" "$?" 0
for _ in $(seq 50); do kill -0 "${WATCH[1]}" 2>/dev/null || break; sleep 0.1; done
kill -0 "${WATCH[1]}" 2>/dev/null && fail "down left node 1's watch running" || pass "down stopped node 1's watch"
kr 2 watch --state-dir "$TMP/nowhere" 2>"$TMP/err"; expect_eq "watch with no record" "$?" 111

cluster_stop_servers
rm -f "$TMP"/serve*
for id in 1 2 5 9; do
    kr "$id" down 2>/dev/null; expect_eq "node $id down" "$?" 0
    expect_clean "$id"
    ip netns del "${PFX}n$id"; ip -n "$BR" link del "p$id" 2>/dev/null
done
