// SPDX-License-Identifier: GPL-2.0-or-later
// Unit "address": inside the namespace, loopback and krg0 up and the node's
// address on krg0 (with its broadcast).  A move or a link left half-made
// by a crash loses these; ensure finishes what is missing.
#include <cerrno>

#include "nl/addr.h"
#include "node/units.h"

namespace krg {

namespace {

inline constexpr size_t kMaxAddrs = 16;  // addresses of krg0 looked at

struct Addrs {
    nl::AddrInfo a[kMaxAddrs];
    size_t n = 0;      // stored
    size_t total = 0;  // the link has
    bool has(Ip4 addr, uint8_t len) const {
        for (size_t i = 0; i < n; i++)
            if (a[i].addr == addr && a[i].prefix_len == len) return true;
        return false;
    }
};

Result<Addrs> link_addrs(nl::Socket& s, int ifindex) {
    Addrs addrs;
    addrs.total = TRY(nl::list_addrs(s, ifindex, addrs.a, kMaxAddrs));
    addrs.n = addrs.total < kMaxAddrs ? addrs.total : kMaxAddrs;
    return addrs;
}

// The node's address and the cluster IP are krgnet's; anything else on
// krg0 (a changed prefix, a hand-added address) is a difference.
bool planned(const Plan& p, const nl::AddrInfo& a) {
    if (a.addr == p.addr && a.prefix_len == p.prefix_len) return true;
    return p.cluster && a.addr == p.cluster_ip && a.prefix_len == p.cluster_len;
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
    if (TRY(link_addrs(*s, link->ifindex)).has(n.plan.addr, n.plan.prefix_len)) return change;
    TRY(hinted(nl::add_addr(*s, link->ifindex, n.plan.addr, n.plan.prefix_len, n.plan.virt)));
    return Change::finished;
}

Result<int> matches(Node& n, Writer& w) {
    if (!n.link.has_value()) return 0;  // the link unit said why
    nl::Socket* s = TRY(n.inner());
    Addrs addrs = TRY(link_addrs(*s, n.link->ifindex));
    int diffs = 0;
    if (!addrs.has(n.plan.addr, n.plan.prefix_len)) {
        w.put(n.plan.virt).put(": address ").put_cidr(n.plan.addr, n.plan.prefix_len).put(" missing\n");
        diffs++;
    }
    for (size_t i = 0; i < addrs.n; i++) {
        if (planned(n.plan, addrs.a[i])) continue;
        w.put(n.plan.virt).put(": unexpected address ").put_cidr(addrs.a[i].addr, addrs.a[i].prefix_len).put('\n');
        diffs++;
    }
    if (addrs.total > addrs.n) {
        w.put(n.plan.virt).put(": ").put_uint(addrs.total - addrs.n).put(" more addresses not shown\n");
        diffs++;
    }
    return diffs;
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

void describe(const Node& n, Writer& w) { w.put_cidr(n.plan.addr, n.plan.prefix_len).put(" on ").put(n.plan.virt); }

}  // namespace

const Unit kAddressUnit = {"address", ensure, tool(matches), remove, undo, server_only(describe)};

}  // namespace krg
