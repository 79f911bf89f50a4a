# SPDX-License-Identifier: GPL-2.0-or-later
# The nf_tables rule picks CLUSTERIP's bucket for every source, checked in
# the kernel against an oracle written from the kernel's source
# (tests/host/drivers/clusterip_oracle.c: jhash_1word(ntohl(saddr), 0),
# reciprocal_scale to 16, + 1), not from krgnet's: four nodes 1-4 on
# nf_tables, 512 client source addresses, one UDP flow each; the node that
# answers a flow is the owner of the oracle's bucket (node b of 1-4 serves
# b, b+4, b+8, b+12, docs/cluster-ip.md), and no other node accepts it.
# Nodes of either backend therefore agree on every flow.
source tests/host/cluster_lib.sh
echo "    (nf_tables backend; 512 client source addresses)"
build_cluster_driver || { fail "cannot build cluster_driver"; return; }
cc -O2 -Wall -Wextra -o "$TMP/oracle" tests/host/drivers/clusterip_oracle.c || { fail "cannot build the oracle"; return; }
cluster_client 512
for id in 1 2 3 4; do
    cluster_node "$id"
    cluster_up "$id" 1-4 || fail "node $id: cluster IP not installed"
done
# shellcheck disable=SC2086  # one argument per source
"$TMP/oracle" $CLIENT_ADDRS | awk '{ print $1, ($2 - 1) % 4 + 1 }' > "$TMP/expected"
cluster_ask udp > "$TMP/got"
echo "    per node: $(per_node_counts < "$TMP/got")(oracle $(per_node_counts < "$TMP/expected"))"
expect_eq "flows without an answer" "$(grep -c ' -$' "$TMP/got")" 0
expect_eq "flows answered by another node than the oracle's" \
    "$(diff "$TMP/expected" "$TMP/got" | grep -c '^>')" 0
expect_eq "flows accepted by more than one node" "$(cluster_served | awk '{ print $1, $2 }' | sort | uniq -d | wc -l)" 0
expect_eq "flows accepted in all" "$(cluster_served | wc -l)" 512
cluster_stop_servers
