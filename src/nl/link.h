// SPDX-License-Identifier: GPL-2.0-or-later
// Links over rtnetlink: typed requests, each built by a pure function into a
// caller's buffer (tested byte for byte against iproute2, see
// tests/golden/nl/README.md) plus an operation that sends it.
//
//   auto parent = TRY(get_link(s, "eth0"));          // std::optional<LinkInfo>
//   if (!parent.has_value()) ...not found...
//   NewLink v{.name = "krg0", .parent = parent->ifindex, .kind = LinkKind::vlan,
//             .vlan_id = 7, .mac = mac, .has_mac = true, .mtu = 1496,
//             .parent_name = "eth0"};
//   auto r = create_link(s, v);
//   if (!r) { Error e = r.error(); return add_kind_hint(e, v.kind); }
#pragma once

#include <cstdint>
#include <optional>

#include "base/limits.h"
#include "base/result.h"
#include "base/text.h"
#include "nl/msg.h"
#include "nl/socket.h"

namespace krg::nl {

// The kinds of link krgnet creates as krg0 (krg.kind).  veth: krg0 is one
// end of a veth pair; the other (NewLink::peer) stays in the caller's
// namespace and joins a bridge (set_master_up).
enum class LinkKind : uint8_t { vlan, macvlan, veth };
// Its IFLA_INFO_KIND: "vlan", "macvlan", "veth".
const char* link_kind_name(LinkKind k);

struct LinkInfo {
    int ifindex = 0;
    char name[kIfNameSize] = {};
    uint32_t mtu = 0;
    unsigned flags = 0;        // IFF_*
    Mac mac{};
    bool has_mac = false;      // IFLA_ADDRESS of 6 bytes
    int link = 0;              // IFLA_LINK: the parent's ifindex, 0 if none
    int link_netnsid = -1;     // IFLA_LINK_NETNSID: the parent is in that namespace
    char kind[kIfNameSize] = {}; // IFLA_INFO_KIND ("vlan", "macvlan", "veth"...), "" for plain NICs
    uint16_t vlan_id = 0;      // kind "vlan"
    uint32_t macvlan_mode = 0; // kind "macvlan"
    int operstate = 0;         // IF_OPER_*
    uint16_t type = 0;         // ifi_type: ARPHRD_ETHER (1) for an Ethernet NIC, bridge, bond
    int master = 0;            // IFLA_MASTER: the bridge or bond holding it, 0 if none
    bool up() const { return flags & 1; }  // IFF_UP
};

struct NewLink {
    const char* name = nullptr;         // IFLA_IFNAME
    int parent = 0;                     // IFLA_LINK
    LinkKind kind = LinkKind::vlan;
    uint16_t vlan_id = 0;               // vlan: IFLA_VLAN_ID
    Mac mac{};                          // IFLA_ADDRESS when has_mac
    bool has_mac = false;
    uint32_t mtu = 0;                   // IFLA_MTU when non-zero
    int netns_fd = -1;                  // >= 0: IFLA_NET_NS_FD, created in that namespace
    const char* parent_name = nullptr;  // only for messages: "krg0 (vlan 7 on eth0)"
    // veth: VETH_INFO_PEER's IFLA_IFNAME and IFLA_MTU.  The peer is made in
    // the caller's namespace (the kernel reads no IFLA_NET_NS_FD for it
    // here) and never joins a master at creation (rtnl_create_link ignores
    // IFLA_MASTER); no IFLA_LINK is sent.
    const char* peer = nullptr;
    uint32_t peer_mtu = 0;
};

// --- pure builders (one message each, sequence number left 0) ---------------
void build_get_link(NlBuf& b, const char* name);  // RTM_GETLINK, IFLA_EXT_MASK, IFLA_IFNAME
void build_get_link(NlBuf& b, int ifindex);       // RTM_GETLINK by ifi_index
void build_dump_links(NlBuf& b);                  // RTM_GETLINK, NLM_F_DUMP
void build_new_link(NlBuf& b, const NewLink& l);  // RTM_NEWLINK, NLM_F_CREATE|NLM_F_EXCL
void build_set_up(NlBuf& b, int ifindex, bool up = true);  // RTM_NEWLINK, ifi_change = IFF_UP
void build_set_netns(NlBuf& b, int ifindex, int netns_fd);  // RTM_NEWLINK, IFLA_NET_NS_FD: a move
// RTM_NEWLINK by IFLA_IFNAME: IFLA_MASTER master, ifi_change = IFF_UP.
void build_set_master_up(NlBuf& b, const char* name, int master);
void build_del_link(NlBuf& b, int ifindex);       // RTM_DELLINK by ifi_index
void build_del_link(NlBuf& b, const char* name);  // RTM_DELLINK by IFLA_IFNAME

// An RTM_NEWLINK message (reply, dump entry or event) into *out; false when
// it is not one or is malformed.
bool parse_link(const nlmsghdr* h, LinkInfo* out);

// "krg0 (vlan 7 on eth0)", "krg0 (macvlan on ifindex 3)".
void describe_new_link(Writer& w, const NewLink& l);

// --- operations ----------------------------------------------------------------
// Not found (ENODEV) is an empty optional, not an error.
Result<std::optional<LinkInfo>> get_link(Socket& s, const char* name);
Result<std::optional<LinkInfo>> get_link(Socket& s, int ifindex);

using LinkFn = void (*)(const LinkInfo& link, void* ctx);
Result<void> dump_links(Socket& s, LinkFn fn, void* ctx);
// The link whose MAC is mac (BOOTIF); among several, the first without a
// kind (a plain NIC rather than a vlan, macvlan or bridge copying its MAC).
Result<std::optional<LinkInfo>> find_link_by_mac(Socket& s, const Mac& mac);

// Errors: step "create", object describe_new_link().
Result<void> create_link(Socket& s, const NewLink& l);
// name is only for messages (nullptr: "ifindex N").
Result<void> set_link_up(Socket& s, int ifindex, const char* name = nullptr, bool up = true);
Result<void> delete_link(Socket& s, int ifindex, const char* name = nullptr);
// Moves the link into the namespace netns_fd (it leaves s's namespace; the
// kernel drops its addresses and sets it down).  Step "move".
Result<void> move_link(Socket& s, int ifindex, int netns_fd, const char* name = nullptr);
Result<void> delete_link(Socket& s, const char* name);
// Makes link name a port of master (a bridge) and sets it up.  Step "join".
Result<void> set_master_up(Socket& s, const char* name, int master);

// For the layer above: EOPNOTSUPP on create means the kind's module is
// missing; appends "(is the 8021q module loaded?)" (or macvlan, veth) then.
Error& add_kind_hint(Error& e, LinkKind kind);

}  // namespace krg::nl
