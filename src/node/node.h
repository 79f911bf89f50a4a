// SPDX-License-Identifier: GPL-2.0-or-later
// The node layer: every kernel object krgnet manages is a unit, and the
// commands are loops over the unit list (units.cpp):
//
//   inspect  reads the unit's object from the kernel into the Node (what
//            later units and the comparison need); changes nothing
//   compare  pure: one line per difference between what inspect found and
//            the plan
//   ensure   creates or finishes the object (after inspect)
//   remove   removes what krgnet created
//
//   up      inspect + ensure each unit in order; a failure undoes, in
//           reverse, what this run changed (the journal)
//   down    remove each unit in reverse order
//   status  inspect every unit, then compare every unit
//
// A unit is one file in node/ and one line in the list.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "base/result.h"
#include "base/text.h"
#include "config/plan.h"
#include "generated/config.h"
#include "nl/addr.h"
#include "nl/link.h"
#include "nl/nft.h"
#include "nl/socket.h"
#include "nl/wait.h"
#include "sys/probe.h"

namespace krg {

// What ensure did: nothing (already as planned), finished an object that
// was there (a missing address, a link left down), or created it.  Only
// finished and created are journalled for rollback.
enum class Change : uint8_t { none, finished, created };

inline constexpr size_t kMaxAddrs = 16;  // addresses of krg0 looked at

// The IPv4 addresses of a link, as list_addrs found them.
struct Addrs {
    nl::AddrInfo a[kMaxAddrs];
    size_t n = 0;      // stored
    size_t total = 0;  // the link has
    bool has(Ip4 addr, uint8_t len) const;
};

// The pinned namespace, as the netns unit found it.  With a plan read from
// up's record, the pin must hold the namespace the record names
// (KRG_NETNS_ID): another one is foreign (never entered, never unpinned);
// a record that names none leaves it unproven (entered for what the rest
// of the record proves, never unpinned).
enum class Pin : uint8_t { unknown, pinned, absent, stale, foreign, unproven };

// The cluster IP's objects, as the clusterip unit found them.
struct ClusterSeen {
    bool nft = false;                 // nf_tables answered (a kernel without it: false)
    nl::ClusterRulesSeen rules{};
    bool legacy = false;              // a CLUSTERIP rule for the plan's address
    bool legacy_read = false;         // its bucket file was read
    uint16_t legacy_buckets = 0;
    bool joined = false;              // krg0 joined the cluster MAC
    bool address = false;             // the cluster IP is on krg0
};

class Node {
public:
    Node(const Plan& p, const char* dir, bool rep) : plan(p), state_dir(dir), replace(rep) {}
    Node(const Node&) = delete;
    ~Node();

    const Plan plan;           // as configured: the units never rewrite it
    const char* state_dir;     // the hand-off record (default /run/kerrighed)
    bool replace;              // up --replace: a krg0 with other settings is recreated

    // Found by inspect (or made by ensure), in list order.
    std::optional<nl::LinkInfo> parent;  // the parent NIC (unit "parent")
    uint32_t mtu = 0;                    // krg0's MTU: krg.mtu or the parent's - 4; 0: unknown
    bool parent_raised = false;          // this run set the parent up
    uint32_t carrier_ms = 0;             // how long its carrier took
    Pin pin = Pin::unknown;              // unit "netns"
    char attach_id[kNetnsIdSize] = {};   // an attach cut short: its target may hold the pin too
    int ns_fd = -1;                      // the pinned namespace, -1: none
    std::optional<nl::LinkInfo> link;    // krg0 (unit "link")
    std::optional<nl::LinkInfo> host_end;  // krg.kind=veth: krg0's peer, by name (unit "link")
    Addrs addrs;                         // krg0's addresses (unit "address")
    Backend cluster_backend = Backend::automatic;  // resolved by unit "clusterip"
    ClusterSeen cluster;                 // unit "clusterip"
    std::optional<std::string_view> files[2];  // net.env, net-conf.krgnet (unit "handoff")

    bool ns_known() const { return !plan.isolate || ns_fd >= 0; }
    // The plan with what up resolved: the parent's name (krg.phys=bootif),
    // the MTU, the backend, the identity of the namespace krg0 lives in.
    // What the record holds.
    Plan resolved() const;

    // rtnetlink in the initial namespace, and where krg0 lives (the pinned
    // namespace, or the initial one without isolation); opened on first use.
    Result<nl::Socket*> host();
    Result<nl::Socket*> inner();
    // Forgets the inner socket (the namespace was replaced).
    void reset_inner() { inner_.reset(); }

    // What /run/netns/<krg.netns> holds; fd receives the namespace when it
    // may be entered (pinned, unproven).  A plan from the sources (up)
    // takes the pin by its name.
    Result<Pin> open_pin(int& fd) const;
    // Opens the pinned namespace when it is not open yet (pin: what
    // open_pin found): false when it is not pinned, the pin is stale, or it
    // holds another namespace than the record names.  True without isolation.
    Result<bool> open_ns();
    // krg0 looked up where it lives; empty when it (or its namespace) is not there.
    Result<std::optional<nl::LinkInfo>> find_link();

private:
    std::optional<nl::Socket> host_;
    std::optional<nl::Socket> inner_;
};

struct Unit {
    const char* name;
    // Reads the unit's object into the Node; a unit whose prerequisite is
    // missing (found so by an earlier unit) reads nothing.
    Result<void> (*inspect)(Node& n);
    // Writes one line per difference between what inspect found and the
    // plan; returns how many.  Pure.
    int (*compare)(const Node& n, Writer& diffs);
    // Creates or finishes the object; Change::none when it is as planned.
    Result<Change> (*ensure)(Node& n);
    // Removes what krgnet created; succeeds when there is nothing.
    Result<void> (*remove)(Node& n);
    // Undoes ensure's change during rollback; nullptr: remove.
    Result<void> (*undo)(Node& n);
};

// status, down and attach are operator commands (CONFIG_OPERATOR_COMMANDS);
// in a build without them, tool(f) is nullptr and what only they call is
// left out of the binary.
template <typename F>
constexpr F tool(F f) {
    return ENABLE_OPERATOR_COMMANDS ? f : nullptr;
}

// The units in boot order (units.cpp).
std::span<const Unit* const> units();

// What a unit plans, in words ("krg0: vlan 7 on eth0, ..."): status
// --json's "planned" (node/describe.cpp, krgnet-server only).
void describe_unit(const Node& n, const Unit& u, Writer& w);

// The parent NIC the plan names: by name, or by BOOTIF's MAC.
nl::LinkMatch parent_match(const Plan& p);
// The parent NIC looked up once: the one parent_match names, or, when
// nothing names it, the only Ethernet NIC with carrier (node/parent.cpp).
Result<std::optional<nl::LinkInfo>> find_parent(nl::Socket& host, const Plan& p);

// Asking peer node `id` whether it answers ARP on krg0 (n.link, found):
// an ordinary request from this node's own MAC and address, not an RFC 5227
// probe, which a peer probing its own address at boot would take for a
// rival's.  Node 1's check and `krgnet nodes` send it (id 0: no target
// yet, a sweep names its own).
ProbeRequest ask_peer(const Node& n, int id, uint32_t timeout_ms);

// Adds the usual hint to a kernel refusal (EPERM, EACCES).
Error permission_hint(Error e);
template <typename T>
Result<T> hinted(Result<T> r) {
    if (!r.ok()) return permission_hint(r.error());
    return r;
}

}  // namespace krg
