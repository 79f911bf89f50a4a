// SPDX-License-Identifier: GPL-2.0-or-later
// What the units share: the plan, the sockets, what earlier units found.
#include "node/node.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "sys/netns.h"

namespace krg {

Node::~Node() {
    if (ns_fd >= 0) close(ns_fd);
}

Result<nl::Socket*> Node::host() {
    if (!host_.has_value()) host_.emplace(TRY(nl::Socket::open(NETLINK_ROUTE)));
    return &*host_;
}

Result<nl::Socket*> Node::inner() {
    if (!plan.isolate) return host();
    if (inner_.has_value()) return &*inner_;
    if (ns_fd < 0) return Error::system(ENOENT, "open namespace", plan.netns, "not pinned");
    int fd = TRY(netlink_socket_in(ns_fd, NETLINK_ROUTE));
    inner_.emplace(TRY(nl::Socket::adopt(fd)));
    return &*inner_;
}

Result<bool> Node::open_ns() {
    if (!plan.isolate || ns_fd >= 0) return true;
    auto fd = netns_open(plan.netns);
    if (fd.ok()) {
        ns_fd = fd.value();
        return true;
    }
    if (fd.error().code == ENOENT || fd.error().code == EINVAL) return false;
    return fd.error();
}

Result<std::optional<nl::LinkInfo>> Node::find_link() {
    if (!TRY(open_ns())) return std::optional<nl::LinkInfo>{};
    nl::Socket* s = TRY(inner());
    return nl::get_link(*s, plan.virt);
}

Error permission_hint(Error e) {
    if (e.code == EPERM || e.code == EACCES) e.hint("needs CAP_NET_ADMIN and CAP_SYS_ADMIN: run as root");
    return e;
}

}  // namespace krg
