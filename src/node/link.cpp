// SPDX-License-Identifier: GPL-2.0-or-later
// Unit "link": krg0 itself, a VLAN (or macvlan) on the parent NIC, created
// with its MAC and MTU in one RTM_NEWLINK directly inside the pinned
// namespace.  Before it is created, an ARP probe from the parent's own MAC
// asks whether another node already holds the address (DESIGN.md step 4).
#include <cerrno>

#include "nl/wait.h"
#include "node/units.h"
#include "sys/probe.h"

namespace krg {

namespace {

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
    if (n.parent.has_value() && (l.link != n.parent->ifindex || parent_elsewhere != p.isolate)) {
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

Result<void> create(Node& n) {
    const Plan& p = n.plan;
    nl::NewLink v;
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
    return {};
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
    return diffs;
}

Result<Change> ensure(Node& n) {
    if (n.link.has_value() && TRY(keep_existing(n, *n.link))) return Change::none;
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
