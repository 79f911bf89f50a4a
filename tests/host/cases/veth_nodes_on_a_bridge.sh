# SPDX-License-Identifier: GPL-2.0-or-later
# krg.kind=veth krg.bridge=br0: each node's eth0 is a port of its own br0
# (what dracut's bridge=br0:eth0 makes); krg0 is created in the pinned
# namespace as one end of a veth pair whose host end, krg0h, joins br0.
# Three nodes reach each other from their pinned namespaces; the record
# carries the kind and the bridge; status sees a host end taken out of the
# bridge and up puts it back; attach moves krg0 into a container, krg0h
# stays in the bridge; down removes exactly the pair and the pin and
# leaves a foreign veth in krg0's place (another peer) and every other
# bridge port alone; the bad inputs (no krg.bridge, no such bridge, not a
# bridge) leave nothing; a cluster IP answers each of 16 client sources
# from exactly one node, the one the hash picks.
KIND=veth
source tests/host/cluster_lib.sh

# mk_veth_node ID: lib.sh's node with its eth0 moved into a bridge br0.
mk_veth_node() {
    local ns=${PFX}n$1
    mk_node "$1"
    ip -n "$ns" link add br0 type bridge
    ip -n "$ns" link set eth0 master br0 up
    ip -n "$ns" link set br0 up
}
host_end() { link_field "${PFX}n$1" krg0h "$2"; }
VETH="krg.bridge=br0"

# --- three nodes, every one pings every other -------------------------------
for id in 1 2 3; do
    mk_veth_node $id
    EXTRA=$VETH krg $id up 2>"$TMP/up$id"; expect_eq "node $id up" "$?" 0
    expect_eq "node $id: krg0 is a veth in the pinned namespace" "$(link_field "${PFX}k$id" krg0 .linkinfo.info_kind)" veth
    expect_eq "node $id: krg0's MAC" "$(link_field "${PFX}k$id" krg0 .address)" "f0:00:00:00:07:0$id"
    expect_eq "node $id: krg0's address" "$(addr_of "${PFX}k$id" krg0)" "10.4.135.$id/18"
    expect_eq "node $id: krg0's MTU is the bridge's (no tag)" "$(link_field "${PFX}k$id" krg0 .mtu)" 1500
    expect_eq "node $id: no krg0 in the node's namespace" "$(ip -n "${PFX}n$id" -o link show krg0 2>/dev/null | wc -l)" 0
    expect_eq "node $id: krg0h is a port of br0" "$(host_end $id .master)" br0
    expect_eq "node $id: krg0h is up" "$(host_end $id .operstate)" UP
    expect_eq "node $id: status" "$(EXTRA=$VETH krg $id status >/dev/null 2>&1; echo $?)" 0
done
expect_eq "the record's kind and bridge" "$(grep -E '^KRG_(KIND|BRIDGE)=' "$TMP/state1/net.env" | tr '\n' ' ')" \
    "KRG_KIND=veth KRG_BRIDGE=br0 "
for from in 1 2 3; do
    for to in 1 2 3; do
        [ $from = $to ] && continue
        ip netns exec "${PFX}k$from" ping -c1 -W2 -q "10.4.135.$to" >/dev/null \
            && pass "ping $from -> $to" || fail "ping $from -> $to"
    done
done

# --- status sees the host end out of the bridge; up puts it back ------------
ip -n "${PFX}n2" link set krg0h nomaster
out=$(krg 2 status 2>&1); expect_eq "status with krg0h out of br0 (from the record)" "$?" 1
grep -q "^krg0h: expected up and a port of br0" <<<"$out" && pass "status names krg0h" || fail "status: $out"
EXTRA=$VETH krg 2 up 2>/dev/null; expect_eq "up again" "$?" 0
expect_eq "krg0h back in br0" "$(host_end 2 .master)" br0
expect_eq "status after up" "$(krg 2 status >/dev/null 2>&1; echo $?)" 0

# --- attach: krg0 into a stand-in container; krg0h stays in br0 ---------------
ip netns exec "${PFX}n2" unshare --net sleep 600 >/dev/null 2>&1 &
container=$!
at_exit 'kill $container 2>/dev/null'
wait_for 100 grep -qx sleep "/proc/$container/comm" 2>/dev/null
krg 2 attach "$container" 2>"$TMP/err"; expect_eq "attach node 2's krg0" "$?" 0
expect_eq "krg0 in the container, a veth" "$(nsenter -t "$container" -n ip -j -d link show krg0 | jq -r '.[0].linkinfo.info_kind')" veth
expect_eq "its address there" "$(nsenter -t "$container" -n ip -j addr show krg0 | jq -r '.[0].addr_info[] | select(.family=="inet") | "\(.local)/\(.prefixlen)"')" 10.4.135.2/18
expect_eq "krg0h still a port of br0" "$(host_end 2 .master)" br0
expect_eq "status after attach" "$(krg 2 status >/dev/null 2>&1; echo $?)" 0
nsenter -t "$container" -n ping -c1 -W2 -q 10.4.135.1 >/dev/null && pass "ping 2 -> 1 from the container" || fail "ping 2 -> 1 from the container"

# --- down: only what the record proves ----------------------------------------
# Node 3: krg0 replaced by a foreign veth of the same name and MAC whose
# peer is another port of br0.
ip -n "${PFX}k3" link del krg0
ip -n "${PFX}n3" link add other0 type veth peer name krg0 netns "${PFX}k3"
ip -n "${PFX}k3" link set krg0 address f0:00:00:00:07:03
ip -n "${PFX}n3" link set other0 master br0 up
krg 3 down 2>"$TMP/err"; rc=$?
expect_eq "down with a foreign veth in krg0's place" "$rc" 111
grep -q "^krgnet: remove krg0: not the link krgnet created (its peer is not the host end): left alone" "$TMP/err" \
    && pass "says why" || fail "down: $(cat "$TMP/err")"
expect_eq "the foreign veth still there" "$(link_field "${PFX}k3" krg0 .linkinfo.info_kind)" veth
expect_eq "its peer still a port of br0" "$(link_field "${PFX}n3" other0 .master)" br0
ip -n "${PFX}k3" link del krg0
krg 3 down 2>/dev/null; expect_eq "down once it is gone" "$?" 0
expect_clean 3
# Node 1: down removes krg0, krg0h and the pin; br0 and eth0 stay.
krg 1 down 2>/dev/null; expect_eq "node 1 down" "$?" 0
expect_clean 1
expect_eq "node 1: krg0h gone" "$(ip -n "${PFX}n1" -o link show krg0h 2>/dev/null | wc -l)" 0
expect_eq "node 1: eth0 still a port of br0" "$(link_field "${PFX}n1" eth0 .master)" br0
expect_eq "node 1: br0 still there, up" "$(link_field "${PFX}n1" br0 .operstate)" UP
krg 2 down 2>/dev/null; expect_eq "node 2 down (krg0 in the container)" "$?" 0
expect_eq "no krg0 in the container" "$(nsenter -t "$container" -n ip -o link show krg0 2>/dev/null | wc -l)" 0
expect_eq "node 2: krg0h gone" "$(ip -n "${PFX}n2" -o link show krg0h 2>/dev/null | wc -l)" 0
expect_clean 2
kill "$container" 2>/dev/null

# --- bad inputs: one line, exit 100, nothing left -----------------------------
bad() {  # bad NAME EXTRA EXPECTED-LINE-PREFIX
    EXTRA=$2 krg 1 up 2>"$TMP/err"; expect_eq "$1: exit" "$?" 100
    expect_eq "$1: one line" "$(wc -l < "$TMP/err")" 1
    grep -q "^$3" "$TMP/err" && pass "$1: says why" || fail "$1: $(cat "$TMP/err")"
    expect_clean 1
    expect_eq "$1: no krg0h" "$(ip -n "${PFX}n1" -o link show krg0h 2>/dev/null | wc -l)" 0
}
bad "veth without krg.bridge" "" "krgnet: krg.kind=veth (kernel command line): needs krg.bridge=<bridge>"
bad "a bridge that is not there" "krg.bridge=br9 krg.timeout=1" "krgnet: wait for br9: not there after 1 s"
bad "a bridge that is no bridge" "krg.bridge=eth0" "krgnet: find krg.bridge eth0: not a bridge"
bad "a bridge name that is no name" "krg.bridge=-x" "krgnet: krg.bridge=-x (kernel command line): not an interface name"

# --- cluster IP: 16 client sources, each answered by exactly one node --------
build_cluster_driver || { fail "cannot build cluster_driver"; return; }
cluster_client 16
CL="krg.clusterip=$CIP/18 krg.clustermac=$CMAC krg.nodes=1-3 $VETH"
for id in 1 2 3; do
    EXTRA=$CL krg $id up 2>"$TMP/up$id"; expect_eq "node $id up with the cluster IP" "$?" 0
    expect_eq "node $id status" "$(EXTRA=$CL krg $id status >/dev/null 2>&1; echo $?)" 0
    : > "$TMP/serve$id"
    ip netns exec "${PFX}k$id" "$CDRV" serve "$CIP" "$PORT" "$id" >"$TMP/serve$id" 2>&1 &
    SERVERS+=($!)
    wait_for 50 grep -q serving "$TMP/serve$id"
done
expect_flows_by_hash 1-3 32
cluster_stop_servers
for id in 1 2 3; do
    EXTRA=$CL krg $id down 2>/dev/null; expect_eq "node $id down" "$?" 0
    expect_clean $id
done
