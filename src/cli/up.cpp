// krgnet up: DESIGN.md steps 4-7.  Every object this run creates is noted in
// a journal; any failure undoes them in reverse order, so a failed boot
// leaves the node as it found it.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "base/clock.h"
#include "base/log.h"
#include "cli/session.h"
#include "config/format.h"
#include "sys/netns.h"
#include "sys/probe.h"
#include "sys/state.h"

namespace krg {

namespace {

// What this run created, undone in reverse on failure.
class Journal {
public:
    ~Journal() {
        if (!committed_) rollback();
    }
    void created_netns(const char* name) { netns_ = name; }
    void created_link(nl::Socket* inner, const char* name) { link_sock_ = inner, link_ = name; }
    void wrote_state(const char* dir) { state_dir_ = dir, state_ = true; }
    void commit() { committed_ = true; }

private:
    void rollback() {
        auto undo = [](Result<void> r) {
            if (!r.ok()) {
                char buf[kErrObject + kErrDetail + 32];
                format_error(r.error(), buf, sizeof buf);
                Text<sizeof buf + 32> w;
                w.put("rollback: ").put(buf);
                warn(w.c_str());
            }
        };
        if (state_) undo(state_remove(state_dir_));
        if (link_) undo(nl::delete_link(*link_sock_, link_));
        if (netns_) undo(netns_remove(netns_));
    }
    bool committed_ = false;
    const char* netns_ = nullptr;
    nl::Socket* link_sock_ = nullptr;
    const char* link_ = nullptr;
    const char* state_dir_ = nullptr;
    bool state_ = false;
};

// CAP_NET_ADMIN is what most steps need; say so where the kernel refuses.
Error permission_hint(Error e) {
    if (e.code == EPERM || e.code == EACCES) e.hint("needs CAP_NET_ADMIN and CAP_SYS_ADMIN: run as root");
    return e;
}
template <typename T>
Result<T> hinted(Result<T> r) {
    if (!r.ok()) return permission_hint(r.error());
    return r;
}

class Up {
public:
    explicit Up(const RunOptions& opt) : opt_(opt), state_dir_(opt.state_dir ? opt.state_dir : kStateDir) {}
    Result<void> run();

private:
    Result<bool> reuse_existing();
    Result<void> probe();
    Result<void> create();
    Result<void> configure(nl::Socket& inner, bool ensure_only);
    Result<void> hand_off();

    const RunOptions& opt_;
    const char* state_dir_;
    Plan plan_;
    nl::LinkInfo parent_;
    std::optional<nl::Socket> host_;
    std::optional<nl::Socket> inner_;  // where krg0 lives (== the host namespace without isolation)
    int ns_fd_ = -1;
    Journal journal_;
};

Result<void> Up::run() {
    uint64_t start = monotonic_ms();
    plan_ = TRY(load_plan(opt_.sources));
    if (!plan_.enabled) {
        log_info("disabled by krg.net=0: nothing to do");
        return {};
    }
    if (plan_.cluster)
        return config_error(session_config(), Key::clusterip, "cluster IP setup is not in this krgnet yet (the value was validated)");
    host_.emplace(TRY(nl::Socket::open(NETLINK_ROUTE)));
    parent_ = TRY(find_parent(*host_, plan_, true));
    plan_.mtu = TRY(resolve_mtu(plan_, parent_.mtu));
    if (TRY(reuse_existing())) {
        TRY(hand_off());
        journal_.commit();
        Text<128> w;
        w.put(plan_.virt).put(" already up as planned (node ").put_uint(uint64_t(plan_.node)).put(")");
        log_info(w.c_str());
        return {};
    }
    if (!parent_.up()) TRY(hinted(nl::set_link_up(*host_, parent_.ifindex, parent_.name)));
    TRY(probe());
    TRY(create());
    TRY(configure(*inner_, false));
    TRY(hand_off());
    journal_.commit();
    Text<256> w;
    w.put("node ").put_uint(uint64_t(plan_.node)).put(": ").put(plan_.virt).put(" (").put(kind_name(plan_.kind));
    if (plan_.kind == Kind::vlan) w.put(' ').put_uint(plan_.vlan);
    w.put(" on ").put(plan_.phys).put(") ").put_mac(plan_.mac).put(' ').put_cidr(plan_.addr, plan_.prefix_len);
    w.put(" mtu ").put_uint(plan_.mtu);
    if (plan_.isolate) w.put(" in netns ").put(plan_.netns);
    w.put(", up in ").put_uint(monotonic_ms() - start).put(" ms, ").put_uint(nl::total_round_trips()).put(" netlink round trips");
    log_info(w.c_str());
    return {};
}

// An interface of this name already there: the same as planned (finish it:
// link up, address), or different (refuse, or delete with --replace).
Result<bool> Up::reuse_existing() {
    auto opened = open_target_ns(plan_);
    // EINVAL: a pin file without a namespace behind it (a crashed run, or
    // one pinned inside `ip netns exec`'s private mounts); create() replaces it.
    if (!opened.ok() && opened.error().code == EINVAL) return false;
    auto ns = TRY(opened);
    if (!ns.has_value()) return false;  // isolation on, nothing pinned yet
    ns_fd_ = *ns;
    inner_.emplace(TRY(rtnl_in(ns_fd_)));
    auto link = TRY(nl::get_link(*inner_, plan_.virt));
    if (!link.has_value()) return false;
    Text<512> diffs;  // settings only: a link that is down or lacks its address is finished below
    if (compare_link(plan_, *link, parent_.ifindex, nullptr, diffs) == 0) {
        TRY(configure(*inner_, true));
        return true;
    }
    if (!opt_.replace) {
        Text<kErrDetail> why;
        why.put("exists with other settings (");
        std::string_view d = diffs.view();
        d.remove_suffix(1);
        for (char c : d) why.put(c == '\n' ? ';' : c);
        why.put("); use --replace or krgnet down");
        return Error::make(Exit::system, EEXIST, "check", plan_.virt, why.c_str());
    }
    TRY(hinted(nl::delete_link(*inner_, link->ifindex, plan_.virt)));
    return false;
}

Result<void> Up::probe() {
    if (plan_.dad_ms == 0) return {};
    ProbeRequest req;
    req.ifindex = parent_.ifindex;
    req.ifname = parent_.name;
    req.mac = parent_.mac;
    req.target = plan_.addr;
    req.vlan = plan_.kind == Kind::vlan ? plan_.vlan : kUntagged;
    req.timeout_ms = plan_.dad_ms;
    ProbeResult r = TRY(hinted(probe_address(req)));
    if (r.taken) return duplicate_error(req, r.holder);
    return {};
}

Result<void> Up::create() {
    if (plan_.isolate && ns_fd_ < 0) {
        NetnsHandle ns = TRY(hinted(netns_ensure(plan_.netns)));
        ns_fd_ = ns.fd;
        if (ns.created) journal_.created_netns(plan_.netns);
    }
    nl::NewLink v;
    v.name = plan_.virt;
    v.parent = parent_.ifindex;
    v.kind = plan_.kind == Kind::vlan ? nl::LinkKind::vlan : nl::LinkKind::macvlan;
    v.vlan_id = plan_.vlan;
    v.mac = plan_.mac;
    v.has_mac = true;
    v.mtu = plan_.mtu;
    v.netns_fd = ns_fd_;
    v.parent_name = parent_.name;
    if (!inner_.has_value()) inner_.emplace(TRY(rtnl_in(ns_fd_)));
    if (auto r = nl::create_link(*host_, v); !r.ok()) {
        Error e = r.error();
        return permission_hint(nl::add_kind_hint(e, v.kind));
    }
    journal_.created_link(&*inner_, plan_.virt);
    return {};
}

// Loopback and link up, address on; with ensure_only, only what is missing.
Result<void> Up::configure(nl::Socket& inner, bool ensure_only) {
    if (plan_.isolate) {
        auto lo = TRY(nl::get_link(inner, "lo"));
        if (lo.has_value() && !lo->up()) TRY(hinted(nl::set_link_up(inner, lo->ifindex, "lo")));
    }
    auto link = TRY(nl::get_link(inner, plan_.virt));
    if (!link.has_value()) return Error::system(ENODEV, "configure", plan_.virt, "vanished after creation");
    if (!ensure_only || !link->up()) TRY(hinted(nl::set_link_up(inner, link->ifindex, plan_.virt)));
    if (ensure_only) {
        if (has_plan_addr(plan_, TRY(link_addrs(inner, link->ifindex)))) return {};
    }
    return hinted(nl::add_addr(inner, link->ifindex, plan_.addr, plan_.prefix_len, plan_.virt));
}

Result<void> Up::hand_off() {
    Text<1024> env;
    format_env(env, plan_);
    HandOff h{env.view(), plan_.virt, plan_.mac, plan_.vlan};
    TRY(state_write(h, state_dir_));
    journal_.wrote_state(state_dir_);
    return {};
}

}  // namespace

int cmd_up(const RunOptions& opt) {
    log_to_kmsg(true);
    Up up(opt);
    auto r = up.run();
    return r.ok() ? 0 : exit_with(r.error());
}

}  // namespace krg
