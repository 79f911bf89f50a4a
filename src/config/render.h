// SPDX-License-Identifier: GPL-2.0-or-later
// The operator's side of a layout (krgnet-server only: base/server_tool.h): the server's
// interface as persistent configuration, the plan as JSON, and the
// cluster's address table for hosts, ethers, dnsmasq and scripts.
// docs/operator.md shows each format with an example.
#pragma once

#include "base/server_tool.h"
#include "config/format.h"
#include "config/macs.h"
#include "config/plan.h"

namespace krg {

// plan --format networkd | ifupdown: the server's krg0 (node 254 with
// krg.isolate=0 in the seed's layout) as systemd-networkd files or an
// /etc/network/interfaces stanza.  A plan that cannot live outside krgnet
// (isolation on, the parent only known by BOOTIF's MAC) is a configuration
// error.
Result<void> format_networkd(Writer& w, const Plan& p);
Result<void> format_ifupdown(Writer& w, const Plan& p);

// plan --format json: one object, ip -j's habits (lowercase keys, numbers as
// numbers, null for "not set"), without a newline (status --json embeds it).
void format_plan_json(Writer& w, const Plan& p);

// A JSON string, valid UTF-8 whatever the bytes: quotes, backslashes and
// control bytes escaped, valid UTF-8 sequences copied, and every other
// byte (a path in Latin-1, a cut sequence) written as U+FFFD.
Writer& put_json_string(Writer& w, std::string_view s);

// krgnet-server's output buffer (cli/options.h kOutputSize).
inline constexpr size_t kServerOutputSize = 65536;

struct TableOptions {
    Format format = Format::text;      // text, json, hosts, ethers or dnsmasq
    int this_node = 0;                 // marked in text and json; 0: none
    const char* names = "node%d";      // host names: %d is the node id
    const MacMap* macs = nullptr;      // dnsmasq: boot-NIC MAC -> node id
    bool boot = false;                 // dnsmasq: an address on the boot network
    Cidr boot_prefix{};                // ... its last byte := node id
};

// A host name every format may write: one RFC 1123 label (1..63 bytes of
// a-z A-Z 0-9 -, not starting or ending in '-') that is not an IPv4
// address to inet_aton(3) (all digits, or 0x and hex digits).
inline constexpr size_t kMaxLabel = 63;
bool valid_host_name(std::string_view name);
// Host-name templates: exactly one %d, and the name of every node 1..254
// a valid_host_name() ("%d" and "%d-" are not; dnsmasq and hosts take the
// names as they are).
bool valid_name_template(std::string_view t);
// Whether krg.node=dhcp reads every id 1..254 back from the names t gives
// (config/lease.h, node_from_hostname: the trailing digits): dnsmasq's names.
bool names_give_back_the_id(const char* t);

// node, MAC, IPv4 for every node of the declared set plus the server (254),
// in the chosen format.  A row whose address breaks the prefix's rules (or,
// for dnsmasq, the boot prefix's) is a configuration error, not a row.
Result<void> format_table(Writer& w, const Layout& l, const TableOptions& o);

}  // namespace krg
