// SPDX-License-Identifier: GPL-2.0-or-later
// Unit "parent": the boot NIC krg0 hangs off, by name or by the BOOTIF MAC,
// or, when nothing names it (Layout::phys_found), the only Ethernet NIC with
// carrier that no bridge or bond holds (or the only such NIC, when none has
// carrier yet); none or several is a refusal (exit 100) listing them.
// krgnet does not own it: ensure waits for it (krg.timeout), brings it up
// and waits for its carrier (krg.timeout again), rollback lowers it again
// only if this run raised it, and down never touches it.
#include <cerrno>
#include <cstring>

#include "base/clock.h"
#include "nl/wait.h"
#include "node/units.h"

namespace krg {

namespace {

// Takes the found NIC: its name must pass the same rules as a configured
// one before it reaches net.env (a NIC found by MAC can be named anything).
// The MTU follows from it (krg.mtu, or the parent's - 4).
Result<void> adopt(Node& n, const nl::LinkInfo& link) {
    if (!valid_ifname(link.name)) {
        Text<kErrObject> obj;
        parent_match(n.plan).describe(obj);
        return Error::make(Exit::system, EINVAL, "find parent", obj.c_str(),
                           "its name is not one krgnet accepts (a-z A-Z 0-9 . _ -, not starting with - or .)");
    }
    // A found parent (krg.phys=bootif, or nothing names it) may carry the
    // name krg0 would get: the check derive makes for a named one (left out
    // of the minimal build, CONFIG_FIND_PARENT off, for its size budget).
    if (ENABLE_FIND_PARENT && !strcmp(link.name, n.plan.virt))
        return Error::make(Exit::config, 0, "find parent", link.name, "is krg.virt's name");
    // krg.kind=veth: the host end joins it, which a bond or NIC would take
    // as another port or refuse.
    if (n.plan.veth() && strcmp(link.kind, "bridge"))
        return Error::make(Exit::config, 0, "find krg.bridge", link.name, "not a bridge");
    n.parent = link;
    auto mtu = resolve_mtu(n.plan, link.mtu);
    n.mtu = mtu.ok() ? mtu.value() : 0;
    return {};
}

inline constexpr uint16_t kArphrdEther = 1;  // ARPHRD_ETHER

// The candidates for an unnamed parent: Ethernet links (NICs, bridges,
// bonds) that are not enslaved to a bridge or bond and not stacked on
// another link (vlan, macvlan: krg0 itself when isolation is off).
struct Candidates {
    int with_carrier = 0, total = 0;
    nl::LinkInfo found, only;  // the first with carrier, the first of all
    Text<kErrDetail> names;    // " eth0 eth1+": every candidate, + when it has carrier
};

void on_candidate(const nl::LinkInfo& l, void* ctx) {
    auto* c = static_cast<Candidates*>(ctx);
    if (l.type != kArphrdEther || l.master || !strcmp(l.kind, "vlan") || !strcmp(l.kind, "macvlan")) return;
    bool carrier = nl::has_carrier(l);
    c->names.put(' ').put(l.name).put(carrier ? "+" : "");
    if (c->total++ == 0) c->only = l;
    if (carrier && c->with_carrier++ == 0) c->found = l;
}

// The only candidate with carrier, else the only candidate (a NIC nobody
// raised yet: ensure raises it and waits for its carrier); refuse (exit
// 100): name the candidates.
Result<std::optional<nl::LinkInfo>> find_unnamed(nl::Socket& host, bool refuse) {
    Candidates c;
    TRY(nl::dump_links(host, on_candidate, &c));
    if (c.with_carrier == 1) return std::optional<nl::LinkInfo>{c.found};
    if (c.with_carrier == 0 && c.total == 1) return std::optional<nl::LinkInfo>{c.only};
    if (!refuse) return std::optional<nl::LinkInfo>{};
    Text<kErrDetail> why;
    why.put_uint(uint64_t(c.with_carrier)).put(" Ethernet NICs with carrier (+):").put(c.names.c_str()).put(" (set krg.phys)");
    return Error::make(Exit::config, 0, "find", "parent NIC", why.c_str());
}

}  // namespace

Result<std::optional<nl::LinkInfo>> find_parent(nl::Socket& host, const Plan& p) {
    if (p.phys_found()) return find_unnamed(host, false);
    return nl::find_link(host, parent_match(p));
}

namespace {

Result<void> inspect(Node& n) {
    nl::Socket* host = TRY(n.host());
    auto found = TRY(find_parent(*host, n.plan));
    if (found.has_value()) TRY(adopt(n, *found));
    return {};
}

int compare(const Node& n, Writer& w) {
    if (!n.parent.has_value()) {
        w.put("parent "), parent_match(n.plan).describe(w), w.put(": missing\n");
        return 1;
    }
    int diffs = 0;
    if (!n.parent->up()) {
        w.put("parent ").put(n.parent->name).put(": down\n");
        diffs++;
    }
    if (!n.mtu) {
        w.put("parent ").put(n.parent->name).put(": MTU ").put_uint(n.parent->mtu).put(" is below ").put(n.plan.virt);
        w.put("'s planned ").put_uint(n.plan.mtu).put('\n');
        diffs++;
    }
    return diffs;
}

Result<void> undo(Node& n);

Result<Change> ensure(Node& n) {
    nl::Socket* host = TRY(n.host());
    if (!n.parent.has_value() && n.plan.phys_found()) {
        auto found = TRY(find_unnamed(*host, true));  // the one, or the refusal listing the candidates
        TRY(adopt(n, *found));
    } else if (!n.parent.has_value()) {
        auto found = nl::wait_for_link(*host, parent_match(n.plan), n.plan.timeout_s * kMsPerS);
        if (!found.ok()) {
            // A bridge krg.bridge names that never appears: the
            // configuration is wrong, not the hardware.
            Error e = found.error();
            if (n.plan.veth()) e.exit = Exit::config;
            return e;
        }
        TRY(adopt(n, found.value()));
    }
    TRY(resolve_mtu(n.plan, n.parent->mtu));  // the reason, when inspect found none
    Change change = Change::none;
    if (!n.parent->up()) {
        TRY(hinted(nl::set_link_up(*host, n.parent->ifindex, n.parent->name)));
        n.parent_raised = true;
        change = Change::finished;
    }
    // A real NIC negotiates for seconds after it is raised: the duplicate
    // probe must not go out on a dead link (QEMU's instant carrier hides it).
    // A unit that fails is not in up's journal: lower what this run raised.
    auto carrier = nl::wait_for_carrier(*host, n.parent->ifindex, n.plan.timeout_s * kMsPerS);
    if (!carrier.ok()) {
        if (n.parent_raised) (void)undo(n);
        return carrier.release_error();
    }
    n.carrier_ms = carrier.value();
    return change;
}

Result<void> remove(Node&) { return {}; }  // never the parent

Result<void> undo(Node& n) {
    if (!n.parent_raised) return {};
    nl::Socket* host = TRY(n.host());
    return nl::set_link_up(*host, n.parent->ifindex, n.parent->name, false);
}

}  // namespace

const Unit kParentUnit = {"parent", inspect, tool(compare), ensure, remove, undo};

}  // namespace krg
