# SPDX-License-Identifier: GPL-2.0-or-later
# krgnet up with a cluster IP (nf_tables backend; this kernel has no
# CLUSTERIP and no 802.1Q: macvlan parents): every flow from 64 client
# source addresses, UDP and TCP, is answered by exactly the node the hash
# picks, by no other, again on a repeat; status sees each part missing;
# down removes all of it.  Node 1 absent gives a warning; the refusals.
source tests/host/cluster_lib.sh
echo "    (krg0 kind: ${KIND:-macvlan}; krgnet up with krg.clusterip_backend=auto -> nf_tables here)"
build_cluster_driver || { fail "cannot build cluster_driver"; return; }
cluster_client 64
CL="krg.clusterip=$CIP/18 krg.clustermac=$CMAC"

# krgnet_layout NODES RUNNING...: krgnet up on each running node, responders
# in their pinned namespaces, then every flow checked against the hash.
krgnet_layout() {
    local nodes=$1; shift
    local id proto
    for id in "$@"; do
        mk_node "$id"
        EXTRA="$CL krg.nodes=$nodes" krg "$id" up 2>"$TMP/up$id"; expect_eq "node $id up" "$?" 0
        grep -q "cluster IP $CIP/18 via nf_tables, buckets $("$CDRV" buckets "$nodes" "$id")" "$TMP/up$id" \
            && pass "node $id says its backend and buckets" || fail "node $id log: $(cat "$TMP/up$id")"
        expect_eq "node $id status" "$(EXTRA="$CL krg.nodes=$nodes" krg "$id" status >/dev/null 2>&1; echo $?)" 0
        : > "$TMP/serve$id"
        ip netns exec "${PFX}k$id" "$CDRV" serve "$CIP" "$PORT" "$id" >"$TMP/serve$id" 2>&1 &
        SERVERS+=($!)
        wait_for 50 grep -q serving "$TMP/serve$id"
    done
    out=$(EXTRA="$CL krg.nodes=$nodes" krg "$1" nodes 2>&1); rc=$?
    expect_eq "krgnet nodes from node $1 (every declared node runs)" "$rc" 0
    for id in "$@"; do
        grep -Eq "^node $id  10.4.135.$id  (this node|answers from f0:00:00:00:07:$(printf %02x "$id"))\$" <<<"$out" \
            && pass "nodes: node $id answers" || fail "nodes: $out"
    done
    cluster_expected "$nodes" > "$TMP/expected"
    for proto in udp tcp; do
        cluster_ask $proto > "$TMP/got.$proto"
        cluster_ask $proto > "$TMP/again.$proto"
        echo "    $proto per node (declared $nodes): $(per_node_counts < "$TMP/got.$proto")"
        expect_eq "$proto: flows without an answer" "$(grep -c ' -$' "$TMP/got.$proto")" 0
        expect_eq "$proto: every flow answered by the node the hash picks" \
            "$(diff "$TMP/expected" "$TMP/got.$proto" >/dev/null && echo all)" all
        expect_eq "$proto: repeats reach the same node" "$(diff "$TMP/got.$proto" "$TMP/again.$proto" >/dev/null && echo yes)" yes
    done
    expect_eq "flows accepted by more than one node" \
        "$(cluster_served | sort | uniq -c | awk '$1 != 2' | wc -l) of $(cluster_served | sort -u | wc -l)" "0 of 128"
    cluster_stop_servers
    rm -f "$TMP"/serve*
    for id in "$@"; do
        EXTRA="$CL krg.nodes=$nodes" krg "$id" down 2>/dev/null; expect_eq "node $id down" "$?" 0
        expect_clean "$id"
        ip netns del "${PFX}n$id"; ip -n "$BR" link del "p$id" 2>/dev/null
    done
    ip -n "$CLIENT" neigh flush all
}

krgnet_layout 1-4 1 2 3 4
krgnet_layout 1,6,11 1 6 11   # most ids undeclared: their buckets spread round-robin

# status sees each part missing; down removes what is left.
mk_node 1
EXTRA="$CL krg.nodes=1" krg 1 up 2>/dev/null; expect_eq "node 1 up" "$?" 0
ip -n "${PFX}k1" maddr del "$CMAC" dev krg0
out=$(EXTRA="$CL krg.nodes=1" krg 1 status 2>&1); expect_eq "status without the membership" "$?" 1
grep -q "has not joined $CMAC" <<<"$out" && pass "names the membership" || fail "status: $out"
ip netns exec "${PFX}k1" nft delete table ip krgnet
ip -n "${PFX}k1" addr del "$CIP/18" dev krg0
out=$(EXTRA="$CL krg.nodes=1" krg 1 status 2>&1); expect_eq "status without table and address" "$?" 1
grep -q "table ip krgnet missing" <<<"$out" && grep -q "$CIP/18 missing on krg0" <<<"$out" && pass "names both" || fail "status: $out"
EXTRA="$CL krg.nodes=1" krg 1 up 2>/dev/null; expect_eq "up again finishes it" "$?" 0
expect_eq "status after the rerun" "$(EXTRA="$CL krg.nodes=1" krg 1 status >/dev/null 2>&1; echo $?)" 0
EXTRA="$CL krg.nodes=1" krg 1 down 2>/dev/null; expect_eq "down" "$?" 0
expect_clean 1

# Node 1 absent: node 2 warns naming node 1's address, and still comes up.
mk_node 2
EXTRA="$CL krg.nodes=1-2 krg.timeout=1" krg 2 up 2>"$TMP/err"; expect_eq "node 2 without node 1" "$?" 0
grep -q "warning: node 1 (10.4.135.1) does not answer ARP on krg0" "$TMP/err" && pass "warns about node 1" || fail "log: $(cat "$TMP/err")"
out=$(EXTRA="$CL krg.nodes=1-2" krg 2 nodes 2>&1); expect_eq "krgnet nodes without node 1" "$?" 1
grep -q "^node 1  10.4.135.1  no answer$" <<<"$out" && pass "nodes shows node 1 silent" || fail "nodes: $out"
EXTRA="$CL krg.nodes=1-2" krg 2 down 2>/dev/null
expect_clean 2

# The refusals: nothing touched, exit 100.
for bad in "krg.node=17 krg.nodes=1-17" "krg.nodes=2-4" "krg.isolate=0"; do
    EXTRA="$CL $bad" krg 2 up 2>"$TMP/err"; expect_eq "up with $bad" "$?" 100
done
expect_clean 2
