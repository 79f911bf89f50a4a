// SPDX-License-Identifier: GPL-2.0-or-later
// Every unit krgnet knows, each defined in its own file of node/.
#pragma once

#include "node/node.h"

namespace krg {

extern const Unit kParentUnit;   // parent.cpp
extern const Unit kNetnsUnit;    // netns.cpp
extern const Unit kLinkUnit;     // link.cpp
extern const Unit kAddressUnit;  // address.cpp
extern const Unit kHandoffUnit;  // handoff.cpp
extern const Unit kClusterIpUnit;  // clusterip.cpp (CONFIG_CLUSTERIP)

// krg0's IPv4 addresses (address.cpp; the clusterip unit looks for its own).
Result<Addrs> link_addrs(nl::Socket& s, int ifindex);

}  // namespace krg
