// SPDX-License-Identifier: GPL-2.0-or-later
// The unit list: boot order for `up`, reverse order for `down`.  A new
// kernel object is a new file in node/ and one line here.
#include "node/units.h"

#include "generated/config.h"

namespace krg {

static constexpr const Unit* kUnits[] = {
    &kParentUnit,   // the boot NIC: found, up, carrier (never removed)
    &kNetnsUnit,    // /run/netns/<krg.netns>
    &kLinkUnit,     // krg0 itself, created inside the namespace
    &kAddressUnit,  // lo and krg0 up, the node's address
#if KRG_CLUSTERIP
    &kClusterIpUnit,  // the shared address and its bucket filter
#endif
    &kHandoffUnit,  // /run/kerrighed/net.env and net-conf.krgnet
};

std::span<const Unit* const> units() { return kUnits; }

}  // namespace krg
