// SPDX-License-Identifier: GPL-2.0-or-later
// Unit "netns": the container's network namespace, pinned at
// /run/netns/<krg.netns> the way `ip netns add` pins it.  Nothing to do
// with isolation off (krg0 stays in the initial namespace).
#include <cerrno>

#include "node/units.h"
#include "sys/netns.h"

namespace krg {

namespace {

Result<Change> ensure(Node& n) {
    if (!n.plan.isolate || n.ns_fd >= 0) return Change::none;
    // A stale pin file (a crashed run) is replaced by netns_ensure.
    NetnsHandle ns = TRY(hinted(netns_ensure(n.plan.netns)));
    n.ns_fd = ns.fd;
    return ns.created ? Change::created : Change::none;
}

// Opens the pinned namespace for the units after this one; a difference
// line when it is absent or stale.
Result<int> matches(Node& n, Writer& w) {
    if (!n.plan.isolate || n.ns_fd >= 0) return 0;
    auto fd = netns_open(n.plan.netns);
    if (fd.ok()) {
        n.ns_fd = fd.value();
        return 0;
    }
    if (fd.error().code == ENOENT) w.put("namespace ").put(n.plan.netns).put(": not pinned\n");
    else if (fd.error().code == EINVAL) w.put("namespace ").put(n.plan.netns).put(": stale pin file without a namespace\n");
    else return fd.error();
    return 1;
}

Result<void> remove(Node& n) {
    if (!n.plan.isolate) return {};
    n.reset_inner();
    return netns_remove(n.plan.netns);
}

void describe(const Node& n, Writer& w) {
    if (n.plan.isolate) w.put(kNetnsDir).put('/').put(n.plan.netns);
    else w.put("none (isolation off)");
}

}  // namespace

const Unit kNetnsUnit = {"netns", ensure, tool(matches), remove, nullptr, server_only(describe)};

}  // namespace krg
