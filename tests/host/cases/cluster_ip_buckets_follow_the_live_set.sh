# SPDX-License-Identifier: GPL-2.0-or-later
# krgnet buckets --live driven by hand (nf_tables backend, macvlan): four
# declared nodes 1,2,5,9 and a client with 64 source addresses.  Node 5's
# krg0 goes down; the others are given the live set 1,2,9: every flow is
# answered again, by the node the failover rule names, and only node 5's
# flows moved.  Node 5 comes back: exactly the static owners again.  A
# flushed ruleset comes back with the primitive.  Idempotence, status with a
# recorded live set, the refusals.
source tests/host/cluster_lib.sh
build_cluster_driver || { fail "cannot build cluster_driver"; return; }
cluster_client 64
NODES=1,2,5,9
CL="krg.clusterip=$CIP/18 krg.clustermac=$CMAC krg.nodes=$NODES"

kr() { EXTRA="$CL" krg "$@"; }

for id in 1 2 5 9; do
    mk_node "$id"
    kr "$id" up 2>/dev/null; expect_eq "node $id up" "$?" 0
    : > "$TMP/serve$id"
    ip netns exec "${PFX}k$id" "$CDRV" serve "$CIP" "$PORT" "$id" >"$TMP/serve$id" 2>&1 &
    SERVERS+=($!)
    for _ in $(seq 50); do grep -q serving "$TMP/serve$id" && break; sleep 0.1; done
done

# served_since: "udp|tcp SRC" for every flow a responder accepted since
# the sizes in $TMP/size.ID were taken (the responders keep appending).
served_since() {
    local id
    for id in 1 2 5 9; do
        tail -c +$(($(cat "$TMP/size.$id") + 1)) "$TMP/serve$id" | grep -aE '^(udp|tcp) ' | awk '{print $1, $2}'
    done
}

# check_flows LIVE WHAT: every flow, UDP and TCP, answered by the owner the
# failover rule gives for LIVE, and by nobody else.
check_flows() {
    local live=$1 what=$2 proto id
    # shellcheck disable=SC2086
    "$CDRV" owner-live "$NODES" "$live" $CLIENT_ADDRS > "$TMP/expected.$what"
    for id in 1 2 5 9; do stat -c %s "$TMP/serve$id" > "$TMP/size.$id"; done
    for proto in udp tcp; do
        cluster_ask $proto > "$TMP/got.$proto.$what"
        echo "    $what, $proto per node: $(per_node_counts < "$TMP/got.$proto.$what")"
        expect_eq "$what, $proto: flows without an answer" "$(grep -c ' -$' "$TMP/got.$proto.$what")" 0
        expect_eq "$what, $proto: every flow answered by the owner for live $live" \
            "$(diff "$TMP/expected.$what" "$TMP/got.$proto.$what" >/dev/null && echo all)" all
    done
    expect_eq "$what: flows accepted (UDP and TCP), by more than one node" \
        "$(served_since | sort -u | wc -l), $(served_since | sort | uniq -d | wc -l)" "128, 0"
}

check_flows "$NODES" "all four"

# Node 5 stops answering; the others serve its buckets.
ip -n "${PFX}k5" link set krg0 down
for id in 1 2 9; do
    kr "$id" buckets --live 1,2,9 2>"$TMP/b$id"; expect_eq "node $id buckets --live 1,2,9" "$?" 0
done
grep -q "node 1 serves buckets 1,3,5,8,13,15 (live 1,2,9)" "$TMP/b1" && pass "node 1 says what it serves" \
    || fail "node 1 log: $(cat "$TMP/b1")"
check_flows 1,2,9 "node 5 silent"
expect_eq "flows that moved are node 5's only" \
    "$(diff <(sort "$TMP/got.udp.all four") <(sort "$TMP/got.udp.node 5 silent") | grep '^<' | awk '$3 != 5' | wc -l)" 0
expect_eq "node 5's flows all moved" \
    "$(awk '$2 == 5' "$TMP/got.udp.node 5 silent" | wc -l)" 0

kr 2 buckets --live 9,2,1 2>"$TMP/b2"; expect_eq "the same live set again" "$?" 0
grep -q "; unchanged)" "$TMP/b2" && pass "it says unchanged" || fail "log: $(cat "$TMP/b2")"
out=$(kr 2 status 2>&1); expect_eq "status with the recorded live set" "$?" 0
grep -q "^live nodes 1-2,9 (krgnet buckets --live)" <<<"$out" && pass "status shows the live set" || fail "status: $out"
expect_eq "the record beside net.env" "$(cat "$TMP/state2/live")" "1-2,9"

# The refusals: usage (2), nothing changed.
kr 2 buckets 2>"$TMP/err"; expect_eq "buckets without --live" "$?" 2
kr 2 buckets --live 1,x 2>"$TMP/err"; expect_eq "buckets --live 1,x" "$?" 2
grep -q "^krgnet: --live: " "$TMP/err" && pass "one line naming --live" || fail "err: $(cat "$TMP/err")"
kr 2 buckets --live 1,2,9 --state-dir "$TMP/nowhere" 2>"$TMP/err"; expect_eq "buckets with no record" "$?" 111
expect_eq "status after the refusals" "$(kr 2 status >/dev/null 2>&1; echo $?)" 0

# A flushed ruleset (a container's own firewall) comes back.
ip netns exec "${PFX}k2" nft flush ruleset
expect_eq "status sees the flushed ruleset" "$(kr 2 status >/dev/null 2>&1; echo $?)" 1
kr 2 buckets --live 1,2,9 2>/dev/null; expect_eq "buckets after the flush" "$?" 0
expect_eq "status after it" "$(kr 2 status >/dev/null 2>&1; echo $?)" 0
check_flows 1,2,9 "after the flush"

# Node 5 is back: everyone serves its static buckets again.
ip -n "${PFX}k5" link set krg0 up
for id in 1 2 5 9; do
    kr "$id" buckets --live "$NODES" 2>/dev/null; expect_eq "node $id buckets --live $NODES" "$?" 0
done
check_flows "$NODES" "node 5 back"
expect_eq "every flow back with its static owner" \
    "$(diff <(sort "$TMP/got.udp.all four") <(sort "$TMP/got.udp.node 5 back") >/dev/null && echo yes)" yes

cluster_stop_servers
rm -f "$TMP"/serve*
for id in 1 2 5 9; do
    kr "$id" down 2>/dev/null; expect_eq "node $id down" "$?" 0
    [ ! -e "$TMP/state$id/live" ] && pass "node $id: down removed the live set" || fail "node $id: live left"
    expect_clean "$id"
    ip netns del "${PFX}n$id"; ip -n "$BR" link del "p$id" 2>/dev/null
done
