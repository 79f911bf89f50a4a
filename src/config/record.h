// SPDX-License-Identifier: GPL-2.0-or-later
// The record `up` leaves behind: DIR/net.env (default /run/kerrighed), the
// KRG_*=value lines of `plan --format env` with the parent NIC and the MTU
// resolved.  After switch_root the sources `up` read may be gone (a DHCP
// lease in the initramfs's /tmp, site defaults only the image had); `status`
// and `down` then work from the record.
//
//   KRG_NODE=4             krg.node        KRG_NETNS=kerrighed   krg.netns
//   KRG_PHYS=eth0          krg.phys        KRG_ISOLATE=1         krg.isolate
//   KRG_VIRT=krg0          krg.virt        KRG_CLUSTERIP=        krg.clusterip
//   KRG_KIND=vlan          krg.kind        KRG_CLUSTERMAC=       krg.clustermac
//   KRG_VLAN=7             krg.vlan        KRG_NODES=1-16        krg.nodes
//   KRG_MAC=f0:..:07:04    krg.mac (the node's MAC is a valid template for itself)
//   KRG_ADDR=10.4.135.4/18 krg.prefix (likewise)
//   KRG_MTU=1496           krg.mtu
//
// The record is parsed like net.conf (never sourced); unknown KRG_ keys are
// errors, since only krgnet writes the file.
#pragma once

#include "config/config.h"

namespace krg {

inline constexpr const char kRecordFile[] = "net.env";
inline constexpr const char kNetConfFile[] = "net-conf.krgnet";

// Fills cfg from DIR/net.env on top of the built-in defaults.  False (cfg
// untouched) when there is no record.
Result<bool> load_record(const char* dir, RawConfig& cfg);

}  // namespace krg
