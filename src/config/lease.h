// SPDX-License-Identifier: GPL-2.0-or-later
// The node id from DHCP (krg.node=dhcp): a loader's ip= parameter, or a
// lease file one of the boot stacks left, each a row of kLeaseSources:
//
//   ip=10.4.7.4:10.4.7.254:10.4.7.254:255.255.192.0:node4:eth0:off   (PXE loader)
//   /tmp/dhclient.eth0.dhcpopts   new_ip_address='10.4.7.4'  new_host_name='node4'  (dracut)
//   /tmp/udhcpc.eth0.env          ip='10.4.7.4'  hostname='node4'  (BusyBox udhcpc)
//   /run/net-eth0.conf            IPV4ADDR='10.4.7.4'  HOSTNAME='node4'  (klibc ipconfig, initramfs-tools)
//   /run/systemd/netif/leases/2   ADDRESS=10.4.7.4  HOSTNAME=node4  (systemd-networkd; 2: the NIC's ifindex)
//   /run/NetworkManager/devices/2 dhcp4.ip_address=10.4.7.4  dhcp4.host_name=node4  (NetworkManager, dracut's
//                                 network-manager; a keyfile: its [group] lines are skipped)
//
// The id is the last byte of the leased address; when that is not a node id
// (0 or 255), a host name ending in digits (node4 -> 4) is used instead.
#pragma once

#include <string_view>

#include "base/result.h"

namespace krg {

// One boot stack's lease files: where they are, how one is named after its
// NIC (prefix + its name + suffix, or, without prefix, its ifindex alone),
// and which shell-assignment lines (config/assign.h) hold the leased
// address and host name (the row's comment names the boot stack).
// Adding a source is one row; a source whose files are not KEY=value lines
// would add a parser too.
struct LeaseSource {
    const char* dir;      // where the files are; null: its CONFIG_DHCP_* is off
    const char* prefix;   // a file is prefix + the NIC's name + suffix; "": its ifindex
    const char* suffix;
    const char* address;  // the key of the leased address
    const char* host;     // the key of the host name
};
// In the order they are looked at: the first lease giving an id wins.
extern const LeaseSource kLeaseSources[];
extern const size_t kLeaseSourceCount;

// 0 when the parameter carries no client address (ip=dhcp, ip=eth0:dhcp).
// Fails on a malformed address; why names the reason.
Result<int> node_from_ipparam(std::string_view ip, const char* what);

// A lease file's text in any source's format (its keys tell which).  0
// when the lease holds neither address nor usable host name.  Only the
// address line must parse; other lines are skipped unread.
Result<int> node_from_lease(std::string_view text, const char* path);

// Field n (0: the first) of ip=<client>:<server>:<gw>:<netmask>:<host name>:<device>:...;
// empty when there are fewer fields.
std::string_view ipparam_field(std::string_view ip, int n);

// Host name ending in digits -> that number if 1..254, else 0.
int node_from_hostname(std::string_view name);

}  // namespace krg
