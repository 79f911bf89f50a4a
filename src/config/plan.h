// SPDX-License-Identifier: GPL-2.0-or-later
// The derived, validated configuration of this node: everything `up` needs,
// computed before the kernel is touched (DESIGN.md steps 2 and 3).
#pragma once

#include <cstdint>

#include "base/text.h"
#include "base/limits.h"
#include "cluster/nodeset.h"
#include "config/config.h"
#include "generated/config.h"
#include "nl/link.h"

namespace krg {

// How the cluster IP is set up: the legacy CLUSTERIP target when the kernel
// offers it (auto), nf_tables otherwise, or either forced.
enum class Backend : uint8_t { automatic, nft, clusterip };

inline constexpr int kMinVlan = 1;
inline constexpr int kMaxVlan = 4094;
inline constexpr uint32_t kVlanHeader = 4;   // 802.1Q tag
inline constexpr uint32_t kMinMtu = 68;      // IPv4 minimum
inline constexpr uint32_t kMaxMtu = 65535;
inline constexpr uint32_t kMaxTimeout = 3600;
inline constexpr uint32_t kMaxDadMs = 10000;
inline constexpr uint8_t kMinPrefixLen = 8;   // container prefix: room for ids 1..254
inline constexpr uint8_t kMaxPrefixLen = 30;
inline constexpr size_t kNetnsNameSize = 64;

// The cluster's layout: everything the configuration says that does not
// depend on the node id.  One layout serves every node of the cluster; it
// owns the rule that gives node n its MAC and address.
struct Layout {
    bool enabled = true;          // krg.net
    char phys[kIfNameSize] = {};  // empty while phys_bootif is unresolved, or when nothing names it;
                                  // krg.kind=veth: the bridge (krg.bridge)
    bool phys_bootif = false;     // krg.phys=bootif: the NIC with MAC bootif_mac
    Mac bootif_mac{};
    // Nothing names the parent: up takes the only Ethernet NIC with carrier.
    bool phys_found() const { return ENABLE_FIND_PARENT && !phys[0] && !phys_bootif; }
    char virt[kIfNameSize] = {};
    nl::LinkKind kind = nl::LinkKind::vlan;
    uint16_t vlan = 0;
    Mac mac_template{};           // last byte := node id
    Ip4 prefix = 0;               // address template: last byte := node id
    uint8_t prefix_len = 0;
    uint32_t mtu = 0;             // 0: parent MTU - 4, known once the parent exists
    bool cluster = false;         // a cluster IP is configured
    Ip4 cluster_ip = 0;
    uint8_t cluster_len = 0;
    bool has_cluster_mac = false;
    Mac cluster_mac{};
    Backend backend = Backend::automatic;
    NodeSet nodes;
    NodeSet live;                 // the declared nodes serving the cluster IP: nodes,
                                  // or what `buckets --live` recorded (DIR/live)
    bool isolate = true;
    char netns[kNetnsNameSize] = {};
    uint32_t timeout_s = 0;
    uint32_t dad_ms = 0;          // duplicate-address probe window, 0 = no probe
    Origin phys_origin;           // the rule that named the parent: krg.phys, PHYS, BOOTIF=, a lease, ip=
                                  // (last: the fields the boot path reads keep short offsets)

    // krg.kind=veth (and built in, CONFIG_VETH).
    bool veth() const { return ENABLE_VETH && kind == nl::LinkKind::veth; }
    // krg.kind=veth: the name of the host end, krg.virt's first 14
    // characters followed by "h" (krg0 -> krg0h), or "H" when that would be
    // krg.virt itself (15 characters ending in h).
    void host_end(char (&name)[kIfNameSize]) const;

    Mac node_mac(int node) const;
    Ip4 node_addr(int node) const;
    // Why node has no usable address under this layout (outside the prefix,
    // its network or broadcast address), or nullptr.
    const char* node_problem(int node) const;
};

// One node's plan: the layout plus its id, and what the id gives it.
struct Plan : Layout {
    int node = 0;
    Origin node_origin;           // where the id came from (cmdline, lease, record)
    Mac mac{};                    // node_mac(node)
    Ip4 addr = 0;                 // node_addr(node)
    // The namespace `up` pinned, as its record names it (KRG_NETNS_ID,
    // "device:inode"); empty: none named.  recorded: the plan is read from
    // up's record, so down, attach and status act on the pin only when it
    // holds that namespace (node/node.cpp, Node::open_pin).  Last, so the
    // boot path's offsets stay short.
    bool recorded = false;
    char netns_id[kNetnsIdSize] = {};
};

// Interface names krgnet accepts: 1..15 of a-z A-Z 0-9 . _ -, not starting
// with - or . (they reach net.env, messages and operators' shells unquoted).
bool valid_ifname(std::string_view name);

// Validates every value but the node id (which may still be krg.node=dhcp
// with no lease yet): `plan --layout-only`, `table`.
Result<Layout> derive_layout(const RawConfig& cfg);

// Derives the node's configuration from the merged raw values and validates
// all of it (DESIGN.md steps 2 and 3, static part).
Result<Plan> derive(const RawConfig& cfg);

// Final MTU once the parent's MTU is known: krg.mtu if given (must not exceed
// the parent's), else parent - 4.
Result<uint32_t> resolve_mtu(const Layout& layout, uint32_t parent_mtu);

}  // namespace krg
