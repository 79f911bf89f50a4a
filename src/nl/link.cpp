// SPDX-License-Identifier: GPL-2.0-or-later
// Builders and the parser of link messages (link.h); the operations that
// send them are in link_ops.cpp.
#include "generated/config.h"
#include "nl/link.h"

#include <linux/if.h>
#include <sys/socket.h>

#include <cstring>

#include "nl/attr.h"

namespace krg::nl {

// We ask for no statistics and no SR-IOV VF list (iproute2's name lookup
// adds RTEXT_FILTER_VF): neither is read, and VF lists can be large.
inline constexpr uint32_t kExtMask = RTEXT_FILTER_SKIP_STATS;

static ifinfomsg* link_header(NlBuf& b, uint16_t type, uint16_t flags, int ifindex) {
    b.put_header(type, flags);
    auto* ifi = b.put_extra<ifinfomsg>();
    if (ifi) ifi->ifi_index = ifindex;
    return ifi;
}

void build_get_link(NlBuf& b, const char* name) {
    link_header(b, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 0);
    b.put_u32(kIflaExtMask, kExtMask);
    b.put_strz(IFLA_IFNAME, name);
}

void build_get_link(NlBuf& b, int ifindex) {
    link_header(b, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, ifindex);
    b.put_u32(kIflaExtMask, kExtMask);
}

void build_dump_links(NlBuf& b) {
    // No NLM_F_ACK: a dump ends with NLMSG_DONE instead.
    auto* ifi = link_header(b, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 0);
    if (ifi) ifi->ifi_family = AF_PACKET;  // as iproute2
    b.put_u32(kIflaExtMask, kExtMask);
}

void build_new_link(NlBuf& b, const NewLink& l) {
    // Attribute order as iproute2's `ip link add link P name N address M mtu U netns F type K ...`.
    link_header(b, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 0);
    if (l.has_mac) b.put_attr(IFLA_ADDRESS, l.mac.b, sizeof l.mac.b);
    if (l.mtu) b.put_u32(IFLA_MTU, l.mtu);
    if (l.netns_fd >= 0) b.put_u32(kIflaNetNsFd, uint32_t(l.netns_fd));
    if (l.kind != LinkKind::veth) b.put_u32(IFLA_LINK, uint32_t(l.parent));
    b.put_strz(IFLA_IFNAME, l.name ? l.name : "");
    nlattr* info = b.nest_start(IFLA_LINKINFO);
    b.put_str(IFLA_INFO_KIND, link_kind_name(l.kind));
    nlattr* data = b.nest_start(IFLA_INFO_DATA);
    if (l.kind == LinkKind::vlan) b.put_u16(kIflaVlanId, l.vlan_id);
    else if (l.kind == LinkKind::macvlan) b.put_u32(kIflaMacvlanMode, kMacvlanModeBridge);
    else if (ENABLE_VETH) {
        // VETH_INFO_PEER: an ifinfomsg, then the peer's own attributes.
        nlattr* peer = b.nest_start(kVethInfoPeer);
        b.put_extra<ifinfomsg>();
        if (l.peer_mtu) b.put_u32(IFLA_MTU, l.peer_mtu);
        b.put_strz(IFLA_IFNAME, l.peer ? l.peer : "");
        b.nest_end(peer);
    }
    b.nest_end(data);
    b.nest_end(info);
}

void build_set_up(NlBuf& b, int ifindex, bool up) {
    ifinfomsg* ifi = link_header(b, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, ifindex);
    if (!ifi) return;
    ifi->ifi_flags = up ? IFF_UP : 0;
    ifi->ifi_change = IFF_UP;
}

void build_set_netns(NlBuf& b, int ifindex, int netns_fd) {
    link_header(b, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, ifindex);
    b.put_u32(kIflaNetNsFd, uint32_t(netns_fd));
}

void build_set_master_up(NlBuf& b, const char* name, int master) {
    ifinfomsg* ifi = link_header(b, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 0);
    if (!ifi) return;
    ifi->ifi_flags = ifi->ifi_change = IFF_UP;
    b.put_u32(IFLA_MASTER, uint32_t(master));
    b.put_strz(IFLA_IFNAME, name);
}

void build_del_link(NlBuf& b, int ifindex) { link_header(b, RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, ifindex); }

void build_del_link(NlBuf& b, const char* name) {
    link_header(b, RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, 0);
    b.put_strz(IFLA_IFNAME, name);
}

static void parse_info(const nlattr* linkinfo, LinkInfo* out) {
    const nlattr* info[IFLA_INFO_MAX + 1];
    if (!parse_nested(linkinfo, info, IFLA_INFO_MAX)) return;
    std::string_view kind;
    if (!attr_str(info[IFLA_INFO_KIND], &kind) || kind.size() >= sizeof out->kind) return;
    copy_str(out->kind, kind);
    // IFLA_VLAN_ID and IFLA_MACVLAN_MODE are both attribute 1 of IFLA_INFO_DATA.
    constexpr uint16_t kDataMax = IFLA_VLAN_MAX > IFLA_MACVLAN_MAX ? IFLA_VLAN_MAX : IFLA_MACVLAN_MAX;
    const nlattr* data[kDataMax + 1];
    if (!parse_nested(info[IFLA_INFO_DATA], data, kDataMax)) return;
    if (kind == "vlan") attr_u16(data[kIflaVlanId], &out->vlan_id);
    else if (kind == "macvlan") attr_u32(data[kIflaMacvlanMode], &out->macvlan_mode);
}

const char* link_kind_name(LinkKind k) {
    static constexpr const char* kNames[] = {"vlan", "macvlan", "veth"};  // LinkKind's order
    return kNames[size_t(k)];
}

bool parse_link(const nlmsghdr* h, LinkInfo* out) {
    if (h->nlmsg_type != RTM_NEWLINK || msg_payload_len(h) < sizeof(ifinfomsg)) return false;
    ifinfomsg ifi;
    memcpy(&ifi, msg_payload(h), sizeof ifi);
    const nlattr* tb[IFLA_MAX + 1];
    if (!parse_attrs(h, sizeof ifi, tb, IFLA_MAX)) return false;
    *out = LinkInfo{};
    out->ifindex = ifi.ifi_index;
    out->flags = ifi.ifi_flags;
    if (ENABLE_FIND_PARENT) out->type = ifi.ifi_type;  // read only by the parent search
    if (!attr_strcpy(tb[IFLA_IFNAME], out->name, sizeof out->name)) return false;
    attr_u32(tb[IFLA_MTU], &out->mtu);
    if (tb[IFLA_ADDRESS] && attr_len(tb[IFLA_ADDRESS]) == sizeof out->mac.b) {
        memcpy(out->mac.b, attr_data(tb[IFLA_ADDRESS]), sizeof out->mac.b);
        out->has_mac = true;
    }
    uint32_t v;
    if (attr_u32(tb[IFLA_LINK], &v)) out->link = int(v);
    if (attr_u32(tb[IFLA_LINK_NETNSID], &v)) out->link_netnsid = int(v);
    if ((ENABLE_FIND_PARENT || ENABLE_VETH) && attr_u32(tb[IFLA_MASTER], &v)) out->master = int(v);
    uint8_t oper;
    if (attr_u8(tb[IFLA_OPERSTATE], &oper)) out->operstate = oper;
    if (tb[IFLA_LINKINFO]) parse_info(tb[IFLA_LINKINFO], out);
    return true;
}

void describe_new_link(Writer& w, const NewLink& l) {
    w.put(l.name ? l.name : "?").put(" (");
    w.put(link_kind_name(l.kind));
    if (l.kind == LinkKind::vlan) w.put(' ').put_uint(l.vlan_id);
    w.put(" on ");
    if (l.parent_name) w.put(l.parent_name);
    else w.put("ifindex ").put_int(l.parent);
    w.put(')');
}

}  // namespace krg::nl
