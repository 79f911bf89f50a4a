// SPDX-License-Identifier: GPL-2.0-or-later
// The --macs file of `table --format dnsmasq`: which boot NIC is which node.
//
//   # boot-NIC MAC      node id
//   52:54:00:12:34:01   1
//   52:54:00:12:34:04   4      # comments and blank lines are allowed
//
// One MAC (colons or dashes, any case, unicast) and one id in 1..254 a line,
// separated by blanks; a MAC or an id given twice is refused, because two
// NICs leasing one node's name would boot two nodes with the same id.
#pragma once

#include "base/result.h"
#include "config/plan.h"

namespace krg {

struct MacMap {
    NodeSet ids;             // the ids that have a MAC
    Mac mac[kMaxNode + 1];   // mac[id] for each id in ids
};

// Parses text (the file's content); path names the file in errors, which
// are configuration errors naming "path:line".
Result<void> parse_macs(std::string_view text, const char* path, MacMap& out);

}  // namespace krg
