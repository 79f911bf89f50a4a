// SPDX-License-Identifier: GPL-2.0-or-later
// Unit "netns": the container's network namespace, pinned at
// /run/netns/<krg.netns> the way `ip netns add` pins it.  Nothing to do
// with isolation off (krg0 stays in the initial namespace).
//
// `up` records the identity of the namespace it pinned (KRG_NETNS_ID,
// device:inode).  Working from that record (down, attach, status), the pin
// counts only when it holds that namespace: a namespace an operator pinned
// under the same name is never entered and never unpinned, and a record
// that names no identity never unpins (Node::open_pin).
#include <unistd.h>

#include <cerrno>

#include "base/log.h"
#include "base/server_tool.h"
#include "node/units.h"
#include "sys/netns.h"

namespace krg {

namespace {

// Opens the pinned namespace for the units after this one.
Result<void> inspect(Node& n) {
    TRY(n.open_ns());
    return {};
}

int compare(const Node& n, Writer& w) {
    const char* why = nullptr;
    switch (n.pin) {
    case Pin::unknown:
    case Pin::pinned:
        return 0;
    case Pin::absent: why = ": not pinned\n"; break;
    case Pin::stale: why = ": stale pin file without a namespace\n"; break;
    case Pin::foreign: why = ": not the namespace up recorded\n"; break;
    case Pin::unproven: why = ": no KRG_NETNS_ID in the record\n"; break;
    }
    w.put("namespace ").put(n.plan.netns).put(why);
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

// Unpins the namespace: always what this run of `up` pinned (rollback);
// from a record, only the namespace it names.
Result<void> remove(Node& n) {
    if (!n.plan.isolate) return {};
    n.reset_inner();
    if (kServerTool && n.plan.recorded) {  // down, krgnet-server's
        int fd = -1;
        Pin pin = TRY(n.open_pin(fd));
        if (fd >= 0) close(fd);
        if (pin == Pin::foreign || pin == Pin::unproven) {
            Text<kNetnsPathSize + 96> w;
            w.put("down: ").put(kNetnsDir).put('/').put(n.plan.netns);
            w.put(pin == Pin::foreign ? " holds another namespace than the one up recorded: left pinned"
                                      : " left pinned: the record does not name the namespace up pinned (no KRG_NETNS_ID)");
            log_info(w.c_str());
            return {};
        }
    }
    return netns_remove(n.plan.netns);
}

}  // namespace

const Unit kNetnsUnit = {"netns", inspect, tool(compare), ensure, remove, nullptr};

}  // namespace krg
