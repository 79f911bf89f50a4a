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

Result<Pin> Node::open_pin(int& fd) const {
    auto opened = netns_open(plan.netns);
    if (!opened.ok()) {
        if (opened.error().code == ENOENT) return Pin::absent;
        if (opened.error().code == EINVAL) return Pin::stale;
        return opened.error();
    }
    fd = opened.value();
    if (!ENABLE_OPERATOR_COMMANDS || !plan.recorded) return Pin::pinned;
    Text<kNetnsIdSize> id;
    netns_identity(id, fd);
    if (id.size() && (id.view() == plan.netns_id || id.view() == attach_id)) return Pin::pinned;
    if (!plan.netns_id[0]) return Pin::unproven;
    close(fd);
    fd = -1;
    return Pin::foreign;
}

Result<bool> Node::open_ns() {
    if (!plan.isolate || ns_fd >= 0) return true;
    pin = TRY(open_pin(ns_fd));
    return ns_fd >= 0;
}

Result<std::optional<nl::LinkInfo>> Node::find_link() {
    if (!TRY(open_ns())) return std::optional<nl::LinkInfo>{};
    nl::Socket* s = TRY(inner());
    return nl::get_link(*s, plan.virt);
}

bool Addrs::has(Ip4 addr, uint8_t len) const {
    for (size_t i = 0; i < n; i++)
        if (a[i].addr == addr && a[i].prefix_len == len) return true;
    return false;
}

Plan Node::resolved() const {
    Plan p = plan;
    if (parent.has_value()) copy_str(p.phys, parent->name);
    if (mtu) p.mtu = mtu;
    if (cluster_backend != Backend::automatic) p.backend = cluster_backend;
    if (plan.isolate && ns_fd >= 0) {
        Writer id(p.netns_id, sizeof p.netns_id);
        netns_identity(id, ns_fd);
    }
    return p;
}

nl::LinkMatch parent_match(const Plan& p) {
    if (p.phys_bootif) return nl::LinkMatch::with_mac(p.bootif_mac);
    return nl::LinkMatch::named(p.phys[0] ? p.phys : "the only Ethernet NIC with carrier");
}

ProbeRequest ask_peer(const Node& n, int id, uint32_t timeout_ms) {
    ProbeRequest req;
    req.ifindex = n.link->ifindex;
    req.ifname = n.plan.virt;
    req.netns_fd = n.plan.isolate ? n.ns_fd : -1;
    req.mac = n.plan.mac;
    req.target = n.plan.node_addr(id);
    req.sender = n.plan.addr;
    req.timeout_ms = timeout_ms;
    return req;
}

Error permission_hint(Error e) {
    if (e.code == EPERM || e.code == EACCES) e.hint("needs CAP_NET_ADMIN and CAP_SYS_ADMIN: run as root");
    return e;
}

}  // namespace krg
