#include "cli/session.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "base/log.h"
#include "config/format.h"
#include "config/sources.h"
#include "nl/wait.h"
#include "sys/netns.h"

namespace krg {

static RawConfig g_cfg;

const RawConfig& session_config() { return g_cfg; }

int exit_with(const Error& e) {
    report(e);
    return int(e.exit);
}

Result<Plan> load_plan(const SourceOptions& sources) {
    TRY(load_config(sources, g_cfg));
    return derive(g_cfg);
}

Result<nl::LinkInfo> find_parent(nl::Socket& host, Plan& plan, bool wait) {
    nl::LinkMatch m = plan.phys_bootif ? nl::LinkMatch::with_mac(plan.bootif_mac) : nl::LinkMatch::named(plan.phys);
    nl::LinkInfo parent;
    if (wait) {
        constexpr uint32_t kMsPerS = 1000;
        parent = TRY(nl::wait_for_link(host, m, plan.timeout_s * kMsPerS));
    } else {
        auto found = TRY(nl::find_link(host, m));
        if (!found.has_value()) {
            Text<kErrObject> obj;
            m.describe(obj);
            return Error::system(ENODEV, "find parent", obj.c_str());
        }
        parent = *found;
    }
    copy_str(plan.phys, parent.name);
    return parent;
}

Result<nl::Socket> rtnl_in(int ns_fd) {
    if (ns_fd < 0) return nl::Socket::open(NETLINK_ROUTE);
    int fd = TRY(netlink_socket_in(ns_fd, NETLINK_ROUTE));
    return nl::Socket::adopt(fd);
}

Result<std::optional<int>> open_target_ns(const Plan& plan) {
    if (!plan.isolate) return std::optional<int>{-1};
    auto fd = netns_open(plan.netns);
    if (!fd.ok()) {
        if (fd.error().code == ENOENT) return std::optional<int>{};
        return fd.error();
    }
    return std::optional<int>{fd.value()};
}

Result<Addrs> link_addrs(nl::Socket& s, int ifindex) {
    Addrs addrs;
    size_t total = TRY(nl::list_addrs(s, ifindex, addrs.a, kMaxAddrs));
    addrs.n = total < kMaxAddrs ? total : kMaxAddrs;
    return addrs;
}

bool has_plan_addr(const Plan& plan, const Addrs& addrs) {
    for (size_t i = 0; i < addrs.n; i++)
        if (addrs.a[i].addr == plan.addr && addrs.a[i].prefix_len == plan.prefix_len) return true;
    return false;
}

int compare_link(const Plan& p, const nl::LinkInfo& l, int parent_ifindex, const Addrs* state, Writer& w) {
    int diffs = 0;
    auto line = [&]() -> Writer& {
        diffs++;
        return w.put(p.virt).put(": ");
    };
    std::string_view kind = l.kind;
    if (kind != kind_name(p.kind)) line().put("kind ").put(kind.empty() ? "none" : kind).put(", expected ").put(kind_name(p.kind)).put('\n');
    else if (p.kind == Kind::vlan && l.vlan_id != p.vlan)
        line().put("VLAN id ").put_uint(l.vlan_id).put(", expected ").put_uint(p.vlan).put('\n');
    if (!l.has_mac || !(l.mac == p.mac)) line().put("MAC ").put_mac(l.mac).put(", expected ").put_mac(p.mac).put('\n');
    if (p.mtu && l.mtu != p.mtu) line().put("MTU ").put_uint(l.mtu).put(", expected ").put_uint(p.mtu).put('\n');
    if (parent_ifindex && l.link != parent_ifindex)
        line().put("parent ifindex ").put_int(l.link).put(", expected ").put_int(parent_ifindex).put(" (").put(p.phys).put(")\n");
    if (!state) return diffs;
    if (!l.up()) line().put("down, expected up\n");
    if (!has_plan_addr(p, *state))
        line().put("address ").put_cidr(p.addr, p.prefix_len).put(" missing\n");
    return diffs;
}

}  // namespace krg
