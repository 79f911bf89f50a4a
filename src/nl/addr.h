// SPDX-License-Identifier: GPL-2.0-or-later
// IPv4 addresses over rtnetlink: pure builders (tested byte for byte against
// iproute2) and the operations that send them.
//
//   TRY(add_addr(s, link.ifindex, addr, 18, "krg0"));   // 10.4.135.4/18 brd 10.4.191.255
//   AddrInfo have[8];
//   size_t n = TRY(list_addrs(s, link.ifindex, have, 8));
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/result.h"
#include "base/text.h"
#include "nl/msg.h"
#include "nl/socket.h"

namespace krg::nl {

struct AddrInfo {
    int ifindex = 0;
    Ip4 addr = 0;          // host byte order (IFA_LOCAL, else IFA_ADDRESS)
    uint8_t prefix_len = 0;
};

// RTM_NEWADDR (NLM_F_CREATE|NLM_F_EXCL): IFA_LOCAL, IFA_ADDRESS, and
// IFA_BROADCAST (the prefix's last address) for prefixes shorter than /31.
void build_new_addr(NlBuf& b, int ifindex, Ip4 addr, uint8_t prefix_len);
// RTM_DELADDR: IFA_LOCAL, IFA_ADDRESS.
void build_del_addr(NlBuf& b, int ifindex, Ip4 addr, uint8_t prefix_len);
// RTM_GETADDR dump of the IPv4 addresses.  ifa_index = ifindex as iproute2
// sends it, but without NETLINK_GET_STRICT_CHK the kernel ignores it and
// answers for all links: the reader filters.
void build_dump_addrs(NlBuf& b, int ifindex);

// An AF_INET RTM_NEWADDR into *out; false when it is not one or malformed.
bool parse_addr(const nlmsghdr* h, AddrInfo* out);

// Errors: step "add address" / "delete address", object "10.4.135.4/18 on krg0"
// (ifname only for messages; nullptr: "ifindex N").
Result<void> add_addr(Socket& s, int ifindex, Ip4 addr, uint8_t prefix_len, const char* ifname = nullptr);
Result<void> del_addr(Socket& s, int ifindex, Ip4 addr, uint8_t prefix_len, const char* ifname = nullptr);
// The IPv4 addresses of one link: stores up to cap of them in out and
// returns how many the link has (which may be more than cap).
Result<size_t> list_addrs(Socket& s, int ifindex, AddrInfo* out, size_t cap);

}  // namespace krg::nl
