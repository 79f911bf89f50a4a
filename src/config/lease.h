// SPDX-License-Identifier: GPL-2.0-or-later
// The node id from DHCP (krg.node=dhcp), from any of:
//   ip=10.4.7.4:10.4.7.254:10.4.7.254:255.255.192.0:node4:eth0:off   (PXE loader)
//   /tmp/dhclient.eth0.dhcpopts   new_ip_address='10.4.7.4'  new_host_name='node4'  (dracut)
//   /tmp/udhcpc.eth0.env          ip='10.4.7.4'  hostname='node4'  (BusyBox udhcpc)
// The id is the last byte of the leased address; when that is not a node id
// (0 or 255), a host name ending in digits (node4 -> 4) is used instead.
#pragma once

#include <string_view>

#include "base/result.h"

namespace krg {

// 0 when the parameter carries no client address (ip=dhcp, ip=eth0:dhcp).
// Fails on a malformed address; why names the reason.
Result<int> node_from_ipparam(std::string_view ip, const char* what);

// A lease file's text in either format (dracut's new_* names or udhcpc's).
// 0 when the lease holds neither address nor usable host name.  Only the
// address line must parse; other lines are skipped unread.
Result<int> node_from_lease(std::string_view text, const char* path);

// Host name ending in digits -> that number if 1..254, else 0.
int node_from_hostname(std::string_view name);

}  // namespace krg
