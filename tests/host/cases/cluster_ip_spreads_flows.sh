# SPDX-License-Identifier: GPL-2.0-or-later
# Cluster IP (nf_tables backend) on the real kernel: every node receives
# every frame for the cluster MAC, each answers only the flows whose
# source-address jhash falls in its buckets.  64 client source addresses,
# UDP and TCP; every flow is answered by exactly the node the hash picks
# (computed here independently of the kernel), repeats by the same node.
# This kernel has no 802.1Q: krg0 is a macvlan child of a bridge-connected
# veth (the VM tier covers 802.1Q).
source tests/host/cluster_lib.sh
echo "    (krg0 kind: ${KIND:-macvlan}; nf_tables backend; 64 client source addresses)"
build_cluster_driver || { fail "cannot build cluster_driver"; return; }
cluster_client 64

run_layout 1-4 1 2 3 4
run_layout 1,6,11 1 6 11

# One node declared alone serves every bucket; status sees a lost multicast
# membership; remove leaves no table, membership or address.  (This kernel's
# macvlan passes frames for an unjoined multicast MAC anyway, so the flows
# after the leave are only reported; docs/cluster-ip.md.)
cluster_node 1
cluster_up 1 1 || fail "node 1: cluster IP not installed"
expect_eq "node 1 alone answers" "$(cluster_ask udp | per_node_counts)" "1:64 "
ip -n "${PFX}n1" maddr del "$CMAC" dev krg0
ip -n "$CLIENT" neigh flush all
echo "    (observed: $(cluster_ask udp | grep -vc ' -$') of 64 flows still answered after ip maddr del on macvlan krg0)"
expect_eq "status names the missing membership" \
    "$(ip netns exec "${PFX}n1" "$CDRV" status krg0 "$CIP" "$CMAC" 1 1)" "multicast membership missing"
ip netns exec "${PFX}n1" "$CDRV" remove krg0 "$CIP/18" "$CMAC"; expect_eq "remove" "$?" 0
ip netns exec "${PFX}n1" "$CDRV" remove krg0 "$CIP/18" "$CMAC"; expect_eq "remove again" "$?" 0
expect_eq "after remove: tables" "$(ip netns exec "${PFX}n1" nft list tables)" ""
expect_eq "after remove: cluster IP address" "$(ip -n "${PFX}n1" -o addr show to "$CIP" | wc -l)" 0
expect_eq "after remove: status" \
    "$(ip netns exec "${PFX}n1" "$CDRV" status krg0 "$CIP" "$CMAC" 1 1)" "table ip krgnet missing"
cluster_stop_servers
