// SPDX-License-Identifier: GPL-2.0-or-later
// Unit "address": inside the namespace, loopback and krg0 up and the node's
// address on krg0 (with its broadcast).  A move or a link left half-made
// by a crash loses these; ensure finishes what is missing.
#include <cerrno>

#include "nl/addr.h"
#include "node/units.h"

namespace krg {

namespace {

// The node's address and the cluster IP are krgnet's; anything else on
// krg0 (a changed prefix, a hand-added address) is a difference.
bool planned(const Plan& p, const nl::AddrInfo& a) {
    if (a.addr == p.addr && a.prefix_len == p.prefix_len) return true;
    return p.cluster && a.addr == p.cluster_ip && a.prefix_len == p.cluster_len;
}

}  // namespace

Result<Addrs> link_addrs(nl::Socket& s, int ifindex) {
    Addrs addrs;
    addrs.total = TRY(nl::list_addrs(s, ifindex, addrs.a, kMaxAddrs));
    addrs.n = addrs.total < kMaxAddrs ? addrs.total : kMaxAddrs;
    return addrs;
}

namespace {

Result<void> inspect(Node& n) {
    if (!n.link.has_value()) return {};  // the link unit said why
    nl::Socket* s = TRY(n.inner());
    n.addrs = TRY(link_addrs(*s, n.link->ifindex));
    return {};
}

int compare(const Node& n, Writer& w) {
    if (!n.link.has_value()) return 0;
    int diffs = 0;
    if (!n.addrs.has(n.plan.addr, n.plan.prefix_len)) {
        w.put(n.plan.virt).put(": address ").put_cidr(n.plan.addr, n.plan.prefix_len).put(" missing\n");
        diffs++;
    }
    for (size_t i = 0; i < n.addrs.n; i++) {
        if (planned(n.plan, n.addrs.a[i])) continue;
        w.put(n.plan.virt).put(": unexpected address ").put_cidr(n.addrs.a[i].addr, n.addrs.a[i].prefix_len).put('\n');
        diffs++;
    }
    if (n.addrs.total > n.addrs.n) {
        w.put(n.plan.virt).put(": ").put_uint(n.addrs.total - n.addrs.n).put(" more addresses not shown\n");
        diffs++;
    }
    return diffs;
}

Result<Change> ensure(Node& n) {
    nl::Socket* s = TRY(n.inner());
    Change change = Change::none;
    if (n.plan.isolate) {
        auto lo = TRY(nl::get_link(*s, "lo"));
        if (lo.has_value() && !lo->up()) TRY(hinted(nl::set_link_up(*s, lo->ifindex, "lo")));
    }
    auto link = TRY(n.find_link());
    if (!link.has_value()) return Error::system(ENODEV, "configure", n.plan.virt, "missing");
    if (!link->up()) {
        TRY(hinted(nl::set_link_up(*s, link->ifindex, n.plan.virt)));
        change = Change::finished;
    }
    n.addrs = TRY(link_addrs(*s, link->ifindex));
    if (n.addrs.has(n.plan.addr, n.plan.prefix_len)) return change;
    TRY(hinted(nl::add_addr(*s, link->ifindex, n.plan.addr, n.plan.prefix_len, n.plan.virt)));
    return Change::finished;
}

// The address goes with the link, which the link unit removes (only when
// it is krgnet's own): nothing to do here.
Result<void> remove(Node&) { return {}; }

// Rollback of a run that only finished an existing link: the address it added.
Result<void> undo(Node& n) {
    auto link = TRY(n.find_link());
    if (!link.has_value()) return {};
    nl::Socket* s = TRY(n.inner());
    if (!TRY(link_addrs(*s, link->ifindex)).has(n.plan.addr, n.plan.prefix_len)) return {};
    return nl::del_addr(*s, link->ifindex, n.plan.addr, n.plan.prefix_len, n.plan.virt);
}

}  // namespace

const Unit kAddressUnit = {"address", inspect, tool(compare), ensure, remove, undo};

}  // namespace krg
