// SPDX-License-Identifier: GPL-2.0-or-later
// The node layer: every kernel object krgnet manages is a unit with three
// operations, and the commands are loops over the unit list (units.cpp):
//
//   up      ensure each unit in order; a failure undoes, in reverse, what
//           this run changed (the journal)
//   down    remove each unit in reverse order
//   status  ask each unit whether the kernel's state matches the plan
//
// A unit is one file in node/ and one line in the list.  Units share a Node:
// the plan, the sockets and what earlier units found (the parent NIC, the
// namespace, the link).
#pragma once

#include <optional>
#include <span>

#include "base/result.h"
#include "base/server_tool.h"
#include "base/text.h"
#include "config/plan.h"
#include "generated/config.h"
#include "nl/link.h"
#include "nl/socket.h"

namespace krg {

// What ensure did: nothing (already as planned), finished an object that
// was there (a missing address, a link left down), or created it.  Only
// finished and created are journalled for rollback.
enum class Change : uint8_t { none, finished, created };

class Node {
public:
    Node(const Plan& p, const char* dir, bool rep) : plan(p), state_dir(dir), replace(rep) {}
    Node(const Node&) = delete;
    ~Node();

    Plan plan;
    const char* state_dir;     // the hand-off record (default /run/kerrighed)
    bool replace;              // up --replace: a krg0 with other settings is recreated

    // Found by the units, in list order.
    std::optional<nl::LinkInfo> parent;  // the parent NIC (unit "parent")
    bool parent_raised = false;          // this run set it up
    uint32_t carrier_ms = 0;             // how long its carrier took
    int ns_fd = -1;                      // the pinned namespace (unit "netns"), -1: none
    std::optional<nl::LinkInfo> link;    // krg0 as found or created (unit "link")
    Backend cluster_backend = Backend::automatic;  // resolved by unit "clusterip"
    bool ns_known() const { return !plan.isolate || ns_fd >= 0; }

    // rtnetlink in the initial namespace, and where krg0 lives (the pinned
    // namespace, or the initial one without isolation); opened on first use.
    Result<nl::Socket*> host();
    Result<nl::Socket*> inner();
    // Forgets the inner socket (the namespace was replaced).
    void reset_inner() { inner_.reset(); }

    // Opens the pinned namespace when it is not open yet: false when it is
    // not pinned (or the pin is stale).  True without isolation.
    Result<bool> open_ns();
    // krg0 looked up where it lives; empty when it (or its namespace) is not there.
    Result<std::optional<nl::LinkInfo>> find_link();

private:
    std::optional<nl::Socket> host_;
    std::optional<nl::Socket> inner_;
};

struct Unit {
    const char* name;
    // Creates or finishes the object; Change::none when it is as planned.
    Result<Change> (*ensure)(Node& n);
    // Writes one line per difference between the kernel and the plan;
    // returns how many.  A unit whose prerequisite is missing (reported by
    // an earlier unit) returns 0.
    Result<int> (*matches)(Node& n, Writer& diffs);
    // Removes what krgnet created; succeeds when there is nothing.
    Result<void> (*remove)(Node& n);
    // Undoes ensure's change during rollback; nullptr: remove.
    Result<void> (*undo)(Node& n);
    // What the unit plans, in words ("krg0: vlan 7 on eth0, ..."): status
    // --json's "planned" (krgnet-server only: server_only()).
    void (*planned)(const Node& n, Writer& w);
};

// status and down are operator commands (CONFIG_OPERATOR_COMMANDS); in a
// build without them, tool(f) is nullptr and what only they call is left
// out of the binary.
template <typename F>
constexpr F tool(F f) {
    return ENABLE_OPERATOR_COMMANDS ? f : nullptr;
}

// The units in boot order (units.cpp).
std::span<const Unit* const> units();

// Adds the usual hint to a kernel refusal (EPERM, EACCES).
Error permission_hint(Error e);
template <typename T>
Result<T> hinted(Result<T> r) {
    if (!r.ok()) return permission_hint(r.error());
    return r;
}

}  // namespace krg
