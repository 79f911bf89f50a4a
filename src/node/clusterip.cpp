// SPDX-License-Identifier: GPL-2.0-or-later
// Unit "clusterip": the address every node of the container shares
// (krg.clusterip), answered with one multicast MAC (krg.clustermac).  Every
// node receives every frame for it and accepts only the flows whose
// source-address hash falls in a bucket it serves (cluster/buckets.h).
// Two backends, one behaviour (docs/cluster-ip.md):
//
//   nft        an nf_tables ruleset in the container namespace (one atomic
//              batch), krg0 joined to the cluster MAC, then the address
//   clusterip  the historic CLUSTERIP rule through the ip_tables socket
//              options (stock kernels up to 6.2), then the address
//
// `auto` picks CLUSTERIP when the kernel offers the target, else nf_tables;
// every node of a cluster must end up with the same one.  Before it, a node
// other than 1 checks (bounded by krg.timeout) that node 1 answers ARP.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include "base/clock.h"
#include "base/log.h"
#include "cluster/buckets.h"
#include "cluster/describe.h"
#include "config/format.h"
#include "nl/addr.h"
#include "nl/nft.h"
#include "node/units.h"
#include "sys/fd.h"
#include "sys/iptables.h"
#include "sys/mcast.h"
#include "sys/netns.h"
#include "sys/probe.h"

namespace krg {

namespace {

ClusteripTarget target(const Plan& p) {
    ClusteripTarget t;
    t.ifname = p.virt;
    t.cip = p.cluster_ip;
    t.cmac = p.cluster_mac;
    t.node = p.node;
    t.buckets = buckets_live(p.nodes, p.live, p.node);
    return t;
}

Result<nl::Socket> nft_socket(const Node& n) {
    int fd = TRY(netlink_socket_in(n.ns_fd, NETLINK_NETFILTER));
    return nl::Socket::adopt(fd);
}

// A kernel without nf_tables loaded, after switch_root, where no module can
// be loaded any more: the CLUSTERIP backend needs none, and there is no
// nft ruleset to compare or remove.
bool no_nf_tables(const Error& e) { return e.code == EPROTONOSUPPORT; }

// The ip_tables socket of the namespace (the CLUSTERIP backend's channel).
Result<int> ipt_socket(const Node& n) { return socket_in(n.ns_fd, AF_INET, SOCK_RAW, IPPROTO_RAW); }

Result<Backend> resolve_backend(const Node& n) {
    if (n.plan.backend != Backend::automatic) return n.plan.backend;
    Fd s(TRY(ipt_socket(n)));
    auto offered = clusterip_available(s.fd);  // an error (no ip_tables at all) means no
    return offered.ok() && offered.value() ? Backend::clusterip : Backend::nft;
}

// Node 1 serves the buckets of missing nodes' seed rule: a node other than
// 1 asks by ARP whether it is there, and warns when it is not (unless the
// recorded live set already says it is silent: no wait then).
void check_node1(const Node& n) {
    if (n.plan.node == 1 || !n.plan.live.has(1) || !n.link.has_value()) return;
    ProbeRequest req = ask_peer(n, 1, n.plan.timeout_s * kMsPerS);
    auto r = probe_address(req);
    if (r.ok() && r.value().taken) return;
    Text<160> w;
    w.put("node 1 (").put_ip4(req.target).put(") does not answer ARP on ").put(n.plan.virt);
    w.put(r.ok() ? "" : " (probe failed)").put(": the cluster IP goes up without it");
    warn(w.c_str());
}

Result<bool> has_cip(Node& n, nl::Socket& s) {
    Addrs addrs = TRY(link_addrs(s, n.link->ifindex));
    return addrs.has(n.plan.cluster_ip, n.plan.cluster_len);
}

// The backend whose objects are there: the planned one, or for auto,
// CLUSTERIP when its rule is there and nf_tables otherwise.
Backend seen_backend(const Node& n) {
    if (n.plan.backend != Backend::automatic) return n.plan.backend;
    return n.cluster.legacy ? Backend::clusterip : Backend::nft;
}

Result<void> inspect(Node& n) {
    if (!n.plan.cluster || !n.link.has_value()) return {};
    ClusterSeen& c = n.cluster;
    c = ClusterSeen{};
    auto s = nft_socket(n);
    if (s.ok()) c.nft = true, c.rules = TRY(nl::cluster_rules_query(s.value()));
    else if (!no_nf_tables(s.error())) return s.error();
    Fd ipt(TRY(ipt_socket(n)));
    auto legacy = clusterip_present(ipt.fd, target(n.plan));
    c.legacy = legacy.ok() && legacy.value();
    if (c.legacy) {
        auto have = clusterip_buckets(n.ns_fd, n.plan.cluster_ip);
        c.legacy_read = have.ok();
        if (have.ok()) c.legacy_buckets = have.value();
    }
    c.joined = TRY(mcast_joined(n.ns_fd, n.plan.virt, n.plan.cluster_mac));
    nl::Socket* inner = TRY(n.inner());
    c.address = TRY(has_cip(n, *inner));
    return {};
}

int compare(const Node& n, Writer& w) {
    if (!n.plan.cluster || !n.link.has_value()) return 0;
    const ClusterSeen& c = n.cluster;
    int diffs = 0;
    if (seen_backend(n) == Backend::nft) {
        Text<256> why;
        if (cluster_rules_differ(c.rules, cluster_rules(n.plan), why)) {
            w.put("cluster IP: ").put(why.view());
            if (why.view().empty() || why.view().back() != '\n') w.put('\n');
            diffs++;
        }
        if (!c.joined) {
            w.put("cluster IP: ").put(n.plan.virt).put(" has not joined ").put_mac(n.plan.cluster_mac).put('\n');
            diffs++;
        }
    } else if (!c.legacy) {
        w.put("cluster IP: no CLUSTERIP rule for ").put_ip4(n.plan.cluster_ip).put('\n');
        diffs++;
    } else {
        uint16_t want = buckets_live(n.plan.nodes, n.plan.live, n.plan.node);
        if (!c.legacy_read || c.legacy_buckets != want) {
            w.put("cluster IP: CLUSTERIP serves buckets ");
            if (c.legacy_read) format_buckets(w, c.legacy_buckets);
            else w.put("(unreadable)");
            w.put(" instead of "), format_buckets(w, want), w.put('\n');
            diffs++;
        }
    }
    if (!c.address) {
        w.put("cluster IP: ").put_cidr(n.plan.cluster_ip, n.plan.cluster_len).put(" missing on ").put(n.plan.virt).put('\n');
        diffs++;
    }
    return diffs;
}

Result<Change> ensure(Node& n) {
    if (!n.plan.cluster) return Change::none;
    if (!n.link.has_value()) return Error::system(ENODEV, "cluster IP on", n.plan.virt, "missing");
    Backend backend = TRY(resolve_backend(n));
    n.cluster_backend = backend;
    const ClusterSeen& c = n.cluster;
    bool changed = false;
    if (backend == Backend::nft) {
        nl::ClusterRules want = cluster_rules(n.plan);
        Text<256> why;
        if (!c.nft || cluster_rules_differ(c.rules, want, why)) {
            check_node1(n);
            nl::Socket s = TRY(nft_socket(n));
            TRY(hinted(nl::cluster_rules_install(s, want)));
            changed = true;
        }
        if (!c.joined) {
            Fd m(TRY(socket_in(n.ns_fd, AF_INET, SOCK_DGRAM, 0)));
            TRY(hinted(mcast_join(m.fd, n.plan.virt, n.plan.cluster_mac)));
            changed = true;
        }
    } else if (!c.legacy) {
        Fd s(TRY(ipt_socket(n)));
        check_node1(n);
        TRY(hinted(clusterip_install(s.fd, n.ns_fd, target(n.plan))));
        changed = true;
    } else if (!c.legacy_read || c.legacy_buckets != target(n.plan).buckets) {
        TRY(clusterip_reconcile(n.ns_fd, target(n.plan)));  // the node set changed
        changed = true;
    }
    if (!c.address) {  // last: the address only once its filter is there
        nl::Socket* inner = TRY(n.inner());
        TRY(hinted(nl::add_addr(*inner, n.link->ifindex, n.plan.cluster_ip, n.plan.cluster_len, n.plan.virt)));
        changed = true;
    }
    return changed ? Change::created : Change::none;
}

// Both backends' objects, whichever is there: the address first, then the
// filter that guarded it.
Result<void> remove(Node& n) {
    if (!n.plan.cluster || !TRY(n.open_ns())) return {};
    auto link = TRY(n.find_link());
    if (link.has_value()) {
        nl::Socket* inner = TRY(n.inner());
        n.link = link;
        if (TRY(has_cip(n, *inner)))
            TRY(nl::del_addr(*inner, link->ifindex, n.plan.cluster_ip, n.plan.cluster_len, n.plan.virt));
        Fd m(TRY(socket_in(n.ns_fd, AF_INET, SOCK_DGRAM, 0)));
        TRY(mcast_leave(m.fd, n.plan.virt, n.plan.cluster_mac));
    }
    auto s = nft_socket(n);
    if (s.ok()) TRY(nl::cluster_rules_remove(s.value()));
    else if (!no_nf_tables(s.error())) return s.error();
    Fd ipt(TRY(ipt_socket(n)));
    auto legacy = clusterip_present(ipt.fd, target(n.plan));
    if (legacy.ok() && legacy.value()) TRY(clusterip_remove(ipt.fd));
    return {};
}

}  // namespace

const Unit kClusterIpUnit = {"clusterip", inspect, tool(compare), ensure, remove, nullptr};

}  // namespace krg
