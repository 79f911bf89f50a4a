# SPDX-License-Identifier: GPL-2.0-or-later
# What a snooping bridge with an active IGMP querier does to the cluster IP:
# frames for the cluster MAC carry a unicast IP destination, which the
# snooping code treats as "unregistered multicast, router ports only", so
# once the querier is established no node gets them.  Remedies pinned here:
# the nodes' ports as permanent multicast-router ports, or snooping off.
# (macvlan children of bridge-connected veths: this kernel has no 802.1Q.)
source tests/host/cluster_lib.sh
build_cluster_driver || { fail "cannot build cluster_driver"; return; }
cluster_client 16
for id in 1 2; do cluster_node $id; cluster_up $id 1-2 || fail "node $id: cluster IP not installed"; done
answered() { cluster_ask udp | grep -vc ' -$'; }
# Where every flow is expected to be lost, a shorter wait per flow (1 s).
answered_quick() { ASK_TIMEOUT_MS=1000 answered; }

expect_eq "snooping on (the default), no querier: answered flows" "$(answered)" 16
# Querier on; a 1 s response interval instead of 10 s keeps the case short.
ip -n "$BR" link set br0 type bridge mcast_query_response_interval 100 mcast_querier 1
lost=""
for _ in $(seq 40); do
    sleep 0.25
    [ "$(answered_quick)" = 0 ] && { lost=yes; break; }
done
expect_eq "querier established: every flow lost" "$lost" yes
for p in p1 p2; do bridge -n "$BR" link set dev "$p" mcast_router 2; done
expect_eq "node ports as permanent multicast routers: answered flows" "$(answered)" 16
for p in p1 p2; do bridge -n "$BR" link set dev "$p" mcast_router 1; done
expect_eq "back to learnt router ports: answered flows" "$(answered_quick)" 0
ip -n "$BR" link set br0 type bridge mcast_snooping 0
expect_eq "snooping off: answered flows" "$(answered)" 16
cluster_stop_servers
