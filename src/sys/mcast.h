// SPDX-License-Identifier: GPL-2.0-or-later
// Link-layer multicast membership: what `ip maddr add/del MAC dev IF` does
// (iproute2 ip/ipmaddr.c: SIOCADDMULTI / SIOCDELMULTI with the MAC in
// ifr_hwaddr, sa_family AF_UNSPEC, on any AF_INET datagram socket), and the
// check `ip maddr show` makes by reading /proc/net/dev_mcast.
//
// krg0 must join the cluster MAC: a macvlan or VLAN (and most NICs) filters
// out frames for a multicast MAC nobody joined, so without it the cluster IP
// never sees a packet.  Joining is "global" membership: a second join is a
// no-op and one leave undoes it.
//
//   int sock = TRY(socket_in(netns_fd, AF_INET, SOCK_DGRAM, 0));   // sys/netns.h
//   TRY(mcast_join(sock, "krg0", cmac));
//   bool joined = TRY(mcast_joined(netns_fd, "krg0", cmac));
#pragma once

#include <string_view>

#include "base/result.h"
#include "base/text.h"

namespace krg {

// sock: an AF_INET socket of the namespace holding ifname.  Errors: step
// "join multicast" / "leave multicast", object "01:00:00:00:07:00 on krg0".
Result<void> mcast_join(int sock, const char* ifname, const Mac& mac);
// Succeeds when the membership is already gone (ENOENT).
Result<void> mcast_leave(int sock, const char* ifname, const Mac& mac);

// Whether /proc/net/dev_mcast text lists mac on ifname as a global
// (ip maddr) membership.  Lines: "4    krg0            1     1     010000000700".
bool dev_mcast_lists(std::string_view text, std::string_view ifname, const Mac& mac);
// The same, reading the file of the namespace netns_fd (-1: this one).
Result<bool> mcast_joined(int netns_fd, const char* ifname, const Mac& mac);

}  // namespace krg
