// What up, down and status share: the plan, the sockets in the host and the
// container namespace, and the comparison of a link with the plan.
#pragma once

#include <optional>

#include "cli/commands.h"
#include "config/plan.h"
#include "nl/addr.h"
#include "nl/link.h"
#include "nl/socket.h"

namespace krg {

// Loads every source and derives the plan (exit 100 on a bad value).
// The raw values stay available for messages through session_config().
Result<Plan> load_plan(const SourceOptions& sources);
const RawConfig& session_config();

// The parent NIC, by name or BOOTIF MAC: waits up to the plan's timeout when
// wait is set, else looks once.  Fills plan.phys with its name.
Result<nl::LinkInfo> find_parent(nl::Socket& host, Plan& plan, bool wait);

// An rtnetlink socket inside the namespace ns_fd (-1: the current one).
Result<nl::Socket> rtnl_in(int ns_fd);

// The namespace the link lives in: the pinned one when isolation is on.
// Empty when isolation is on and nothing is pinned.
Result<std::optional<int>> open_target_ns(const Plan& plan);

inline constexpr size_t kMaxAddrs = 16;  // addresses of krg0 looked at

// The IPv4 addresses of one link (the first kMaxAddrs of them).
struct Addrs {
    nl::AddrInfo a[kMaxAddrs];
    size_t n = 0;
};
Result<Addrs> link_addrs(nl::Socket& s, int ifindex);

// Whether the plan's address is among addrs.
bool has_plan_addr(const Plan& plan, const Addrs& addrs);

// One line per way link differs from the plan (kind, VLAN id, MAC, MTU,
// parent; with state, also down and a missing address); returns how many.
// parent_ifindex 0 skips the parent check, state nullptr the state checks.
int compare_link(const Plan& plan, const nl::LinkInfo& link, int parent_ifindex, const Addrs* state, Writer& w);

}  // namespace krg
