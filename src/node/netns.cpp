// SPDX-License-Identifier: GPL-2.0-or-later
// Unit "netns": the container's network namespace, pinned at
// /run/netns/<krg.netns> the way `ip netns add` pins it.  Nothing to do
// with isolation off (krg0 stays in the initial namespace).
#include <cerrno>

#include "node/units.h"
#include "sys/netns.h"

namespace krg {

namespace {

// Opens the pinned namespace for the units after this one.
Result<void> inspect(Node& n) {
    if (!n.plan.isolate || n.ns_fd >= 0) return {};
    auto fd = netns_open(n.plan.netns);
    if (fd.ok()) n.ns_fd = fd.value(), n.pin = Pin::pinned;
    else if (fd.error().code == ENOENT) n.pin = Pin::absent;
    else if (fd.error().code == EINVAL) n.pin = Pin::stale;
    else return fd.error();
    return {};
}

int compare(const Node& n, Writer& w) {
    if (n.pin != Pin::absent && n.pin != Pin::stale) return 0;
    w.put("namespace ").put(n.plan.netns);
    w.put(n.pin == Pin::absent ? ": not pinned\n" : ": stale pin file without a namespace\n");
    return 1;
}

Result<Change> ensure(Node& n) {
    if (!n.plan.isolate || n.ns_fd >= 0) return Change::none;
    // A stale pin file (a crashed run) is replaced by netns_ensure.
    NetnsHandle ns = TRY(hinted(netns_ensure(n.plan.netns)));
    n.ns_fd = ns.fd;
    n.pin = Pin::pinned;
    return ns.created ? Change::created : Change::none;
}

Result<void> remove(Node& n) {
    if (!n.plan.isolate) return {};
    n.reset_inner();
    return netns_remove(n.plan.netns);
}

}  // namespace

const Unit kNetnsUnit = {"netns", inspect, tool(compare), ensure, remove, nullptr};

}  // namespace krg
