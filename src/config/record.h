// SPDX-License-Identifier: GPL-2.0-or-later
// The record `up` leaves behind: DIR/net.env (default /run/kerrighed), the
// KRG_*=value lines of `plan --format env`, one per recorded key of the key
// table (config/keys.cpp) in its order, with what `up` resolved filled in
// (the parent NIC, the MTU, the cluster IP's backend).  After switch_root
// the sources `up` read may be gone (a DHCP lease in the initramfs's /tmp,
// site defaults only the image had); `status`, `down` and `attach` then
// work from the record alone:
//
//   KRG_NODE=4  KRG_PHYS=eth0  KRG_VIRT=krg0  KRG_KIND=vlan  KRG_VLAN=7
//   KRG_MAC=f0:00:00:00:07:04  KRG_ADDR=10.4.135.4/18  KRG_MTU=1496 ...
//
// The record is parsed like net.conf (never sourced); unknown KRG_ keys are
// errors, since only krgnet writes the file.
#pragma once

#include "config/config.h"

namespace krg {

inline constexpr const char kRecordFile[] = "net.env";
inline constexpr const char kNetConfFile[] = "net-conf.krgnet";
// Beside net.env: the live node set `krgnet buckets --live` was last given,
// one line ("1,2,9"); absent, every declared node is live.
inline constexpr const char kLiveFile[] = "live";
inline constexpr const char kNoLiveNode[] = "none";  // the empty live set

// Fills cfg from DIR/net.env on top of the built-in defaults.  False (cfg
// untouched) when there is no record.
Result<bool> load_record(const char* dir, RawConfig& cfg);
// p.live from DIR/live when that file exists (exit 100 when it is not a
// node set); p.live stays as it is otherwise.
struct Plan;
Result<void> load_live(const char* dir, Plan& p);

}  // namespace krg
