// SPDX-License-Identifier: GPL-2.0-or-later
// What each unit plans, in words: status --json's "planned" (krgnet-server
// only: Makefile SERVER_SRCS).  One row per unit, by its name.
#include <cstring>

#include "cluster/buckets.h"
#include "config/record.h"
#include "node/node.h"
#include "sys/netns.h"

namespace krg {

namespace {

// "eth0 up" or "the NIC with MAC 52:54:00:12:34:56 up"
void parent(const Plan& p, const Node&, Writer& w) {
    if (p.phys[0]) w.put(p.phys);
    else if (p.phys_bootif) w.put("the NIC with MAC ").put_mac(p.bootif_mac);
    else w.put("the only Ethernet NIC with carrier");
    w.put(" up");
}

void netns(const Plan& p, const Node&, Writer& w) {
    if (p.isolate) w.put(kNetnsDir).put('/').put(p.netns);
    else w.put("none (isolation off)");
}

// "krg0: vlan 7 on eth0, f0:00:00:00:07:04, MTU the parent's - 4, up"
void link(const Plan& p, const Node&, Writer& w) {
    w.put(p.virt).put(": ").put(nl::link_kind_name(p.kind));
    if (p.kind == nl::LinkKind::vlan) w.put(' ').put_uint(p.vlan);
    w.put(" on ").put(p.phys[0] ? p.phys : p.phys_bootif ? "the BOOTIF NIC" : "the NIC with carrier").put(", ").put_mac(p.mac).put(", MTU ");
    if (p.mtu) w.put_uint(p.mtu);
    else w.put(p.veth() ? "the bridge's" : "the parent's - 4");
    w.put(", up");
}

void address(const Plan& p, const Node&, Writer& w) { w.put_cidr(p.addr, p.prefix_len).put(" on ").put(p.virt); }

// "10.4.199.1/18 on krg0 answered with 01:00:5e:04:c7:01, buckets 4,8,14"
void clusterip(const Plan& p, const Node&, Writer& w) {
    if (!p.cluster) {
        w.put("none");
        return;
    }
    w.put_cidr(p.cluster_ip, p.cluster_len).put(" on ").put(p.virt).put(" answered with ").put_mac(p.cluster_mac);
    w.put(", buckets "), format_buckets(w, buckets_of(p.nodes, p.node));
}

void handoff(const Plan&, const Node& n, Writer& w) {
    w.put(n.state_dir).put('/').put(kRecordFile).put(" and ").put(kNetConfFile);
}

struct Row {
    const char* unit;
    void (*describe)(const Plan& p, const Node& n, Writer& w);
};
constexpr Row kRows[] = {
    {"parent", parent}, {"netns", netns}, {"link", link}, {"address", address}, {"clusterip", clusterip}, {"handoff", handoff},
};

}  // namespace

void describe_unit(const Node& n, const Unit& u, Writer& w) {
    for (const Row& r : kRows)
        if (!strcmp(r.unit, u.name)) return r.describe(n.resolved(), n, w);
}

}  // namespace krg
