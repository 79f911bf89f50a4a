// SPDX-License-Identifier: GPL-2.0-or-later
// Unit "link": krg0 itself, a VLAN (or macvlan) on the parent NIC, created
// with its MAC and MTU in one RTM_NEWLINK directly inside the pinned
// namespace.  Before it is created, an ARP probe from the parent's own MAC
// asks whether another node already holds the address (DESIGN.md step 4).
// krg.kind=veth: krg0 is the container end of a veth pair made by that one
// RTM_NEWLINK; its host end (Layout::host_end, krg0h) stays in the initial
// namespace, where a second request makes it a port of the bridge (the
// parent) and sets it up.
#include <cerrno>

#include "nl/wait.h"
#include "node/units.h"
#include "sys/probe.h"

namespace krg {

namespace {

// krg.kind=veth: why l's peer is not the host end up looked up by name
// (n.host_end), or nullptr.  With isolation the host end lives in another
// namespace: l must say so (a netns id).
const char* peer_problem(const Node& n, const nl::LinkInfo& l) {
    if (!n.host_end.has_value()) return "missing";
    if (l.link != n.host_end->ifindex || (l.link_netnsid >= 0) != n.plan.isolate) return "is not krg0's peer";
    return nullptr;
}

// One line per setting in which link differs from the plan (kind, VLAN id,
// MAC, MTU, parent); returns how many.
int compare_settings(const Node& n, const nl::LinkInfo& l, Writer& w) {
    const Plan& p = n.plan;
    int diffs = 0;
    auto line = [&]() -> Writer& {
        diffs++;
        return w.put(p.virt).put(": ");
    };
    std::string_view kind = l.kind;
    if (kind != nl::link_kind_name(p.kind)) line().put("kind ").put(kind.empty() ? "none" : kind).put(", expected ").put(nl::link_kind_name(p.kind)).put('\n');
    else if (p.kind == nl::LinkKind::vlan && l.vlan_id != p.vlan)
        line().put("VLAN id ").put_uint(l.vlan_id).put(", expected ").put_uint(p.vlan).put('\n');
    if (!l.has_mac || !(l.mac == p.mac)) line().put("MAC ").put_mac(l.mac).put(", expected ").put_mac(p.mac).put('\n');
    if (n.mtu && l.mtu != n.mtu) line().put("MTU ").put_uint(l.mtu).put(", expected ").put_uint(n.mtu).put('\n');
    // With isolation the parent lives in another namespace: the link must
    // say so (a netns id), or an index equal to the parent's means nothing.
    bool parent_elsewhere = l.link_netnsid >= 0;
    if (p.veth()) {
        if (const char* why = peer_problem(n, l)) line().put("host end ").put(why).put('\n');
    } else if (n.parent.has_value() && (l.link != n.parent->ifindex || parent_elsewhere != p.isolate)) {
        line().put("parent ifindex ").put_int(l.link);
        if (parent_elsewhere) w.put(" in netns id ").put_int(l.link_netnsid);
        w.put(", expected ").put(n.parent->name).put(" (ifindex ").put_int(n.parent->ifindex);
        w.put(p.isolate ? " in the initial namespace)\n" : ")\n");
    }
    return diffs;
}

// The duplicate-address probe from the parent's own MAC, tagged for vlan.
Result<void> probe(const Node& n) {
    if (n.plan.dad_ms == 0) return {};
    ProbeRequest req;
    req.ifindex = n.parent->ifindex;
    req.ifname = n.parent->name;
    req.mac = n.parent->mac;
    req.target = n.plan.addr;
    req.vlan = n.plan.kind == nl::LinkKind::vlan ? n.plan.vlan : kUntagged;
    req.timeout_ms = n.plan.dad_ms;
    ProbeResult r = TRY(hinted(probe_address(req)));
    if (r.taken) return duplicate_error(req, r.holder);
    return {};
}

// krg.kind=veth: the host end looked up where the bridge lives.
Result<void> find_host_end(Node& n) {
    if (!n.plan.veth()) return {};
    char name[kIfNameSize];
    n.plan.host_end(name);
    nl::Socket* host = TRY(n.host());
    n.host_end = TRY(nl::get_link(*host, name));
    return {};
}

// krg.kind=veth: the host end a port of the bridge, and up (again, when
// a run before was cut short).
Result<void> join(Node& n) {
    if (!n.plan.veth()) return {};
    char name[kIfNameSize];
    n.plan.host_end(name);
    nl::Socket* host = TRY(n.host());
    return hinted(nl::set_master_up(*host, name, n.parent->ifindex));
}

Result<void> undo(Node& n);

Result<void> create(Node& n) {
    const Plan& p = n.plan;
    nl::NewLink v;
    char host_end[kIfNameSize];
    if (p.veth()) {
        p.host_end(host_end);
        v.peer = host_end;
        v.peer_mtu = n.parent->mtu;  // the bridge's: a smaller port would lower it
    }
    v.name = p.virt;
    v.parent = n.parent->ifindex;
    v.kind = p.kind;
    v.vlan_id = p.vlan;
    v.mac = p.mac;
    v.has_mac = true;
    v.mtu = n.mtu;
    v.netns_fd = p.isolate ? n.ns_fd : -1;
    v.parent_name = n.parent->name;
    nl::Socket* host = TRY(n.host());
    if (auto r = nl::create_link(*host, v); !r.ok()) {
        Error e = r.error();
        return permission_hint(nl::add_kind_hint(e, v.kind));
    }
    // The pair goes as a whole when its host end cannot join the bridge.
    if (auto r = join(n); !r.ok()) {
        (void)undo(n);
        return r;
    }
    n.link = TRY(n.find_link());
    if (!n.link.has_value()) return Error::system(ENODEV, "create", p.virt, "vanished after creation");
    return {};
}

// An existing krg0: the same settings make ensure a no-op; other settings
// are refused, or deleted with --replace.
Result<bool> keep_existing(Node& n, const nl::LinkInfo& l) {
    Text<512> diffs;
    if (compare_settings(n, l, diffs) == 0) return true;
    if (!n.replace) {
        Text<kErrDetail> why;
        why.put("exists with other settings (");
        std::string_view d = diffs.view();
        d.remove_suffix(1);
        for (char c : d) why.put(c == '\n' ? ';' : c);
        why.put("); use --replace or krgnet down");
        return Error::make(Exit::system, EEXIST, "check", n.plan.virt, why.c_str());
    }
    nl::Socket* s = TRY(n.inner());
    TRY(hinted(nl::delete_link(*s, l.ifindex, n.plan.virt)));
    return false;
}

Result<void> inspect(Node& n) {
    if (n.ns_known()) n.link = TRY(n.find_link());
    return find_host_end(n);
}

int compare(const Node& n, Writer& w) {
    if (!n.ns_known()) return 0;  // the netns unit said why
    if (!n.link.has_value()) {
        w.put(n.plan.virt).put(": missing\n");
        return 1;
    }
    int diffs = compare_settings(n, *n.link, w);
    if (!n.link->up()) {
        w.put(n.plan.virt).put(": down, expected up\n");
        diffs++;
    }
    const auto& h = n.host_end;
    if (h.has_value() && n.parent.has_value() && (h->master != n.parent->ifindex || !h->up())) {
        w.put(h->name).put(": expected up and a port of ").put(n.parent->name).put('\n');
        diffs++;
    }
    return diffs;
}

Result<Change> ensure(Node& n) {
    if (n.link.has_value() && TRY(keep_existing(n, *n.link))) {
        TRY(join(n));  // a no-op when it is joined and up
        return Change::none;
    }
    TRY(probe(n));
    TRY(create(n));
    return Change::created;
}

// Why l is not the link krgnet created (name, kind, VLAN id, parent and
// MAC must match the record), or nullptr.
const char* not_ours(const Node& n, const nl::LinkInfo& l) {
    const Plan& p = n.plan;
    if (!n.parent.has_value()) return "its parent is not there to check against";
    if (l.ifindex == n.parent->ifindex && !p.isolate) return "it is the parent NIC";
    if (std::string_view(l.kind) != nl::link_kind_name(p.kind)) return "another kind of link";
    if (p.kind == nl::LinkKind::vlan && l.vlan_id != p.vlan) return "another VLAN id";
    if (!l.has_mac || !(l.mac == p.mac)) return "another MAC";
    if (p.veth()) {
        // The peer must be the host end of the recorded name, a port of the recorded bridge.
        if (peer_problem(n, l)) return "its peer is not the host end";
        if (n.host_end->master != n.parent->ifindex) return "its host end is not a port of the bridge";
        return nullptr;
    }
    if (l.link != n.parent->ifindex || (l.link_netnsid >= 0) != p.isolate) return "another parent";
    return nullptr;
}

// Only the link krgnet created; anything else of that name is left alone,
// and so is the parent.
Result<void> remove(Node& n) {
    auto found = TRY(n.find_link());
    if (!found.has_value()) return {};
    if (!n.parent.has_value()) {
        nl::Socket* host = TRY(n.host());
        n.parent = TRY(find_parent(*host, n.plan));
    }
    TRY(find_host_end(n));
    if (const char* why = not_ours(n, *found)) {
        Text<kErrDetail> detail;
        detail.put("not the link krgnet created (").put(why).put("): left alone");
        return Error::make(Exit::system, EEXIST, "remove", n.plan.virt, detail.c_str());
    }
    nl::Socket* s = TRY(n.inner());
    n.link.reset();
    return hinted(nl::delete_link(*s, found->ifindex, n.plan.virt));
}

Result<void> undo(Node& n) {
    auto found = TRY(n.find_link());
    if (!found.has_value()) return {};
    nl::Socket* s = TRY(n.inner());
    return nl::delete_link(*s, found->ifindex, n.plan.virt);
}

}  // namespace

const Unit kLinkUnit = {"link", inspect, tool(compare), ensure, tool(remove), undo};

}  // namespace krg
