// SPDX-License-Identifier: GPL-2.0-or-later
// Unit "parent": the boot NIC krg0 hangs off, by name or by the BOOTIF MAC.
// krgnet does not own it: ensure waits for it (krg.timeout), brings it up
// and waits for its carrier (krg.timeout again),
// rollback lowers it again only if this run raised it, and down never
// touches it.
#include <cerrno>

#include "base/log.h"
#include "nl/wait.h"
#include "node/units.h"

namespace krg {

namespace {

constexpr uint32_t kMsPerS = 1000;

nl::LinkMatch parent_match(const Plan& p) {
    return p.phys_bootif ? nl::LinkMatch::with_mac(p.bootif_mac) : nl::LinkMatch::named(p.phys);
}

// Takes the found NIC: its name must pass the same rules as a configured
// one before it reaches net.env (a NIC found by MAC can be named anything).
Result<void> adopt(Node& n, const nl::LinkInfo& link) {
    if (!valid_ifname(link.name)) {
        Text<kErrObject> obj;
        parent_match(n.plan).describe(obj);
        return Error::make(Exit::system, EINVAL, "find parent", obj.c_str(),
                           "its name is not one krgnet accepts (a-z A-Z 0-9 . _ -, not starting with - or .)");
    }
    copy_str(n.plan.phys, link.name);
    n.parent = link;
    return {};
}

Result<void> undo(Node& n);

Result<Change> ensure(Node& n) {
    nl::Socket* host = TRY(n.host());
    nl::LinkInfo found = TRY(nl::wait_for_link(*host, parent_match(n.plan), n.plan.timeout_s * kMsPerS));
    TRY(adopt(n, found));
    n.plan.mtu = TRY(resolve_mtu(n.plan, n.parent->mtu));
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

Result<int> matches(Node& n, Writer& w) {
    nl::Socket* host = TRY(n.host());
    nl::LinkMatch m = parent_match(n.plan);
    auto found = TRY(nl::find_link(*host, m));
    if (!found.has_value()) {
        w.put("parent "), m.describe(w), w.put(": missing\n");
        return 1;
    }
    TRY(adopt(n, *found));
    int diffs = 0;
    if (!found->up()) {
        w.put("parent ").put(found->name).put(": down\n");
        diffs++;
    }
    auto mtu = resolve_mtu(n.plan, found->mtu);
    if (mtu.ok()) {
        n.plan.mtu = mtu.value();
    } else {
        w.put("parent ").put(found->name).put(": MTU ").put_uint(found->mtu).put(" is below ").put(n.plan.virt);
        w.put("'s planned ").put_uint(n.plan.mtu).put('\n');
        diffs++;
    }
    return diffs;
}

Result<void> remove(Node&) { return {}; }  // never the parent

Result<void> undo(Node& n) {
    if (!n.parent_raised) return {};
    nl::Socket* host = TRY(n.host());
    return nl::set_link_up(*host, n.parent->ifindex, n.parent->name, false);
}

// "eth0 up" or "the NIC with MAC 52:54:00:12:34:56 up"
void describe(const Node& n, Writer& w) {
    if (n.plan.phys[0]) w.put(n.plan.phys);
    else w.put("the NIC with MAC ").put_mac(n.plan.bootif_mac);
    w.put(" up");
}

}  // namespace

const Unit kParentUnit = {"parent", ensure, tool(matches), remove, undo, server_only(describe)};

}  // namespace krg
