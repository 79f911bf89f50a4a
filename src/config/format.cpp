// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/format.h"

#include "cluster/buckets.h"
#include "cluster/describe.h"
#include "generated/config.h"

namespace krg {

static void put_phys(Writer& w, const Layout& p) {
    w.put(p.phys[0] ? p.phys : p.phys_bootif ? "bootif" : "the only Ethernet NIC with carrier");
}

// In the ip format the BOOTIF NIC is looked up by its MAC first.
static void put_phys_ip(Writer& w, const Layout& p) {
    if (p.phys[0]) w.put(p.phys);
    else w.put("\"$phys\"");
}

void format_env(Writer& w, const Plan& p) {
    for (const KeyInfo& k : kKeys)
        if (k.record) k.put(w.put(k.record).put('='), p), w.put('\n');
}

void format_text(Writer& w, const Plan& p) {
    if (p.node) {
        w.put("node ").put_uint(uint64_t(p.node)).put(" (from ");
        describe_origin(w, p.node_origin);
        w.put(")\n");
    } else {
        w.put("layout (valid for every node; the node id is not resolved yet)\n");
    }
    w.put("  interface  ").put(p.virt).put(": ").put(nl::link_kind_name(p.kind));
    if (p.kind == nl::LinkKind::vlan) w.put(' ').put_uint(p.vlan);
    w.put(" on "), put_phys(w, p);
    if (p.phys_bootif) w.put(" (the NIC with MAC ").put_mac(p.bootif_mac).put(')');
    // Which rule picked the parent: the origin of krg.phys, PHYS, BOOTIF=,
    // the lease or ip=, or none (up looks for the NIC with carrier).  A
    // build that never searches (CONFIG_FIND_PARENT off) has only krg.phys.
    if constexpr (ENABLE_FIND_PARENT) {
        w.put("\n  parent     ");
        if (p.phys_found()) w.put("found by up");
        else describe_origin(w.put("named by "), p.phys_origin);
    }
    w.put('\n');
    if (p.node) {
        w.put("  MAC        ").put_mac(p.mac).put('\n');
        w.put("  address    ").put_cidr(p.addr, p.prefix_len).put('\n');
    } else {
        w.put("  MAC        ").put_mac(p.mac_template).put(" with the node id as last byte\n");
        w.put("  address    ").put_cidr(p.prefix, p.prefix_len).put(" with the node id as last byte\n");
    }
    w.put("  MTU        ");
    if (p.mtu) w.put_uint(p.mtu);
    else w.put(p.veth() ? "the bridge's MTU" : "parent's MTU - 4");
    w.put('\n');
    w.put("  namespace  ");
    if (p.isolate) w.put("/run/netns/").put(p.netns);
    else w.put("initial (isolation off)");
    w.put('\n');
    w.put("  cluster IP ");
    if (p.cluster) {
        w.put_cidr(p.cluster_ip, p.cluster_len).put(" answered with ").put_mac(p.cluster_mac);
        if constexpr (ENABLE_CLUSTERIP) if (p.node) w.put(", buckets "), format_buckets(w, buckets_of(p.nodes, p.node));
    }
    else w.put("none");
    w.put('\n');
    w.put("  node set   "), format_nodeset(w, p.nodes), w.put('\n');
    w.put("  timeout    ").put_uint(p.timeout_s).put(" s\n");
    w.put("  probe      ");
    if (p.dad_ms) w.put_uint(p.dad_ms).put(" ms for a duplicate address\n");
    else w.put("off\n");
}

void format_ip(Writer& w, const Plan& p) {
    w.put("# krgnet up, by hand (node ").put_uint(uint64_t(p.node)).put(")\n");
    if (p.phys_bootif) w.put("phys=$(ip -br link | awk '$3 == \"").put_mac(p.bootif_mac).put("\" {print $1; exit}')\n");
    else if (!p.phys[0]) w.put("phys=${PHYS:?name the parent NIC: up takes the only Ethernet NIC with carrier}\n");
    w.put("ip link set "), put_phys_ip(w, p), w.put(" up\n");
    if (p.isolate) w.put("ip netns add ").put(p.netns).put('\n');
    w.put("ip link add ");
    if (!p.veth()) w.put("link "), put_phys_ip(w, p), w.put(' ');
    w.put("name ").put(p.virt).put(" address ").put_mac(p.mac).put(" mtu ");
    if (p.mtu) w.put_uint(p.mtu);
    else if (p.veth()) w.put("$(cat /sys/class/net/"), put_phys_ip(w, p), w.put("/mtu)");
    else w.put("$(($(cat /sys/class/net/"), put_phys_ip(w, p), w.put("/mtu) - 4))");
    if (p.isolate) w.put(" netns ").put(p.netns);
    if (p.kind == nl::LinkKind::vlan) w.put(" type vlan id ").put_uint(p.vlan).put('\n');
    else if (!p.veth()) w.put(" type macvlan mode bridge\n");
    else {
        // The host end keeps the bridge's MTU and joins it (krgnet up does the same).
        char end[kIfNameSize];
        p.host_end(end);
        w.put(" type veth peer name ").put(end).put(" mtu $(cat /sys/class/net/"), put_phys_ip(w, p), w.put("/mtu)\n");
        w.put("ip link set ").put(end).put(" master "), put_phys_ip(w, p), w.put(" up\n");
    }
    const char* in = "";
    Text<kNetnsNameSize + 8> ns;
    if (p.isolate) {
        ns.put("-n ").put(p.netns).put(' ');
        in = ns.c_str();
        w.put("ip ").put(in).put("link set lo up\n");
    }
    w.put("ip ").put(in).put("link set ").put(p.virt).put(" up\n");
    w.put("ip ").put(in).put("addr add ").put_cidr(p.addr, p.prefix_len);
    w.put(" broadcast + dev ").put(p.virt).put('\n');
    if constexpr (ENABLE_CLUSTERIP) if (p.cluster) {
        // The nf_tables backend by hand; the CLUSTERIP backend is the
        // historic `iptables -I INPUT ... -j CLUSTERIP` rule instead.
        w.put("# cluster IP, nf_tables backend (buckets ");
        format_buckets(w, buckets_of(p.nodes, p.node));
        w.put(")\n# (nft has no syntax for the byte swap before the hash: unlike krgnet up and\n"
              "# CLUSTERIP, this rule hashes the address bytes as they are; do not mix them)\n");
        w.put("ip netns exec ").put(p.netns).put(" nft -f - <<'EOF'\n");
        format_cluster_ruleset(w, cluster_rules(p));
        w.put("EOF\nip ").put(in).put("maddr add ").put_mac(p.cluster_mac).put(" dev ").put(p.virt).put('\n');
        w.put("ip ").put(in).put("addr add ").put_cidr(p.cluster_ip, p.cluster_len).put(" dev ").put(p.virt).put('\n');
    }
}

nl::ClusterRules cluster_rules(const Plan& p) {
    nl::ClusterRules r;
    r.ifname = p.virt;
    r.cip = p.cluster_ip;
    r.cmac = p.cluster_mac;
    r.buckets = buckets_live(p.nodes, p.live, p.node);
    return r;
}

void format_nft(Writer& w, const Plan& p) {
    if constexpr (ENABLE_CLUSTERIP) if (p.cluster) return format_cluster_ruleset(w, cluster_rules(p));
    w.put("# no cluster IP configured: no ruleset\n");
}

}  // namespace krg
