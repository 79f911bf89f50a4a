# SPDX-License-Identifier: GPL-2.0-or-later
# The OCF resource agent cluster-manager/krgnet-buckets, run with the
# environment Pacemaker gives a clone with notify=true, against four nodes
# node1, node2, node5, node9 (nf_tables, macvlan) and a client with 64
# source addresses.  No Pacemaker runs here (not installed; docs/cluster-ip.md
# "Cluster managers"): crm_node is a stand-in that prints this node's name
# and the partition's members.  Stopping the instance on node5 and notifying
# the others moves its flows; starting it again brings them back.
source tests/host/cluster_lib.sh
build_cluster_driver || { fail "cannot build cluster_driver"; return; }
cluster_client 64
NODES=1,2,5,9
CL="krg.clusterip=$CIP/18 krg.clustermac=$CMAC krg.nodes=$NODES"
AGENT=$PWD/cluster-manager/krgnet-buckets
mkdir -p "$TMP/bin"
cat > "$TMP/bin/crm_node" <<'EOF'
#!/bin/sh
case $1 in -n) echo "$CRM_ME" ;; -p) echo "$CRM_MEMBERS" ;; *) exit 1 ;; esac
EOF
chmod +x "$TMP/bin/crm_node"

for id in 1 2 5 9; do
    mk_node "$id"
    EXTRA="$CL" krg "$id" up 2>/dev/null; expect_eq "node $id up" "$?" 0
    # krgnet as this node sees it: its namespace, its record
    printf '#!/bin/sh\nexec nsenter --net=/run/netns/%s -- %s "$@" --conf /dev/null --state-dir %s --cmdline "%s"\n' \
        "${PFX}n$id" "$KRGNET" "$TMP/state$id" "$(base_cmdline "$id") $CL" > "$TMP/bin/krgnet$id"
    chmod +x "$TMP/bin/krgnet$id"
    ip netns exec "${PFX}k$id" "$CDRV" serve "$CIP" "$PORT" "$id" >"$TMP/serve$id" 2>&1 &
    SERVERS+=($!)
    for _ in $(seq 50); do grep -q serving "$TMP/serve$id" && break; sleep 0.1; done
done

# agent ID ACTION [VAR=VALUE...]: the agent as Pacemaker runs it on node ID.
agent() {
    local id=$1 action=$2; shift 2
    env PATH="$TMP/bin:$PATH" HA_RSCTMP="$TMP/rsc$id" OCF_RESOURCE_INSTANCE=krgnet-buckets \
        OCF_RESKEY_krgnet="$TMP/bin/krgnet$id" CRM_ME="node$id" CRM_MEMBERS="${MEMBERS:-node1 node2 node5 node9}" \
        "$@" "$AGENT" "$action" 2>>"$TMP/agent.log"
}

check_flows() {
    local live=$1 what=$2 proto
    # shellcheck disable=SC2086
    "$CDRV" owner-live "$NODES" "$live" $CLIENT_ADDRS > "$TMP/expected"
    for proto in udp tcp; do
        cluster_ask $proto > "$TMP/got.$proto"
        echo "    $what, $proto per node: $(per_node_counts < "$TMP/got.$proto")"
        expect_eq "$what, $proto: every flow answered by the owner for live $live" \
            "$(diff "$TMP/expected" "$TMP/got.$proto" >/dev/null && echo all)" all
    done
}

expect_eq "meta-data" "$(agent 1 meta-data | grep -c '<resource-agent name="krgnet-buckets"')" 1
agent 1 bogus; expect_eq "an unknown action" "$?" 3
agent 1 monitor; expect_eq "monitor before start: not running" "$?" 7
for id in 1 2 5 9; do agent "$id" start; expect_eq "start on node$id" "$?" 0; done
for id in 1 2 5 9; do agent "$id" monitor; expect_eq "monitor on node$id" "$?" 0; done
check_flows "$NODES" "all four started"

# Pacemaker stops the instance on node5, then notifies the others (post).
agent 5 stop; expect_eq "stop on node5" "$?" 0
agent 5 monitor; expect_eq "monitor on node5 after stop" "$?" 7
for id in 1 2 9; do
    agent "$id" notify OCF_RESKEY_CRM_meta_notify_type=post OCF_RESKEY_CRM_meta_notify_operation=stop \
        OCF_RESKEY_CRM_meta_notify_active_uname="node1 node2 node5 node9 " OCF_RESKEY_CRM_meta_notify_stop_uname="node5 "
    expect_eq "post-stop notify on node$id" "$?" 0
done
check_flows 1,2,9 "node5 stopped"
agent 2 monitor; expect_eq "monitor on node2 (status agrees with the live set)" "$?" 0

# A pre-notify changes nothing.
agent 1 notify OCF_RESKEY_CRM_meta_notify_type=pre OCF_RESKEY_CRM_meta_notify_operation=start \
    OCF_RESKEY_CRM_meta_notify_start_uname="node5 "
check_flows 1,2,9 "after a pre-notify"

# node5 starts again; the others are notified.
agent 5 start; expect_eq "start on node5 again" "$?" 0
for id in 1 2 9; do
    agent "$id" notify OCF_RESKEY_CRM_meta_notify_type=post OCF_RESKEY_CRM_meta_notify_operation=start \
        OCF_RESKEY_CRM_meta_notify_active_uname="node1 node2 node9 " OCF_RESKEY_CRM_meta_notify_start_uname="node5 "
    expect_eq "post-start notify on node$id" "$?" 0
done
check_flows "$NODES" "node5 back"

cluster_stop_servers
rm -f "$TMP"/serve*
for id in 1 2 5 9; do
    EXTRA="$CL" krg "$id" down 2>/dev/null; expect_eq "node $id down" "$?" 0
    expect_clean "$id"
    ip netns del "${PFX}n$id"; ip -n "$BR" link del "p$id" 2>/dev/null
done
