// SPDX-License-Identifier: GPL-2.0-or-later
// Kernel UAPI for the netlink layer, plus what Debian bookworm's
// linux-libc-dev (6.1) or an older one may lack.  Every gap is guarded, so a
// newer header wins; enumerators (which #ifndef cannot see) are mirrored as
// named constants with the kernel's values instead.
#pragma once

#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <cstdint>

// Socket options (linux/netlink.h).
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10         // 4.3: errors do not echo the whole request
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11         // 4.12: errors carry the kernel's text
#endif

// Flags of NLMSG_ERROR / NLMSG_DONE.
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED 0x100         // the echoed request is cut to its header
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200       // extended-ack attributes follow
#endif

// IFLA_EXT_MASK filters (linux/rtnetlink.h).
#ifndef RTEXT_FILTER_VF
#define RTEXT_FILTER_VF (1 << 0)
#endif
#ifndef RTEXT_FILTER_SKIP_STATS
#define RTEXT_FILTER_SKIP_STATS (1 << 3)  // 4.19
#endif

// nfnetlink batches (linux/netfilter/nfnetlink.h).
#ifndef NFNL_MSG_BATCH_BEGIN
#define NFNL_MSG_BATCH_BEGIN NLMSG_MIN_TYPE
#define NFNL_MSG_BATCH_END (NLMSG_MIN_TYPE + 1)
#endif
#ifndef NFNL_SUBSYS_NFTABLES
#define NFNL_SUBSYS_NFTABLES 10
#endif
#ifndef NFNETLINK_V0
#define NFNETLINK_V0 0
#endif

namespace krg::nl {

// enum nlmsgerr_attrs (4.12).
inline constexpr uint16_t kErrAttrMsg = 1;   // NLMSGERR_ATTR_MSG: NUL-terminated text
inline constexpr uint16_t kErrAttrOffs = 2;  // NLMSGERR_ATTR_OFFS: offset of the bad attribute

// IFLA_* used by this layer (enum in linux/if_link.h).
inline constexpr uint16_t kIflaNetNsFd = 28;  // IFLA_NET_NS_FD (3.0)
inline constexpr uint16_t kIflaExtMask = 29;  // IFLA_EXT_MASK (3.3)

// enum macvlan_mode / IFLA_MACVLAN_MODE, IFLA_VLAN_ID.
inline constexpr uint16_t kIflaVlanId = 1;
inline constexpr uint16_t kIflaMacvlanMode = 1;
inline constexpr uint32_t kMacvlanModeBridge = 4;
// VETH_INFO_PEER (linux/veth.h): the peer's ifinfomsg and attributes.
inline constexpr uint16_t kVethInfoPeer = 1;

// NFPROTO_INET (linux/netfilter.h pulls in linux/in.h, which clashes with
// the libc's <netinet/in.h>).
inline constexpr uint8_t kNfprotoInet = 1;

// enum rtnetlink_groups: RTNLGRP_LINK.
inline constexpr uint32_t kGroupLink = 1;

// tests/unit/test_nl_msg.cpp checks these against the installed headers.

}  // namespace krg::nl
