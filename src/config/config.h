// SPDX-License-Identifier: GPL-2.0-or-later
// Raw configuration: one text value per key, each remembering its source.
// Sources are applied lowest precedence first (DESIGN.md step 1):
//   built-in defaults < net.conf < DHCP lease < kernel command line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/result.h"
#include "base/text.h"

namespace krg {

// In record order: net.env lists the recorded keys in this order.
enum class Key : uint8_t {
    node, phys, virt, kind,
    bridge,   // krg.bridge: the bridge a veth's host end joins
    vlan, mac, prefix, mtu, netns,
    netns_id,  // KRG_NETNS_ID: recorded by up, not configurable (no other name)
    isolate, clusterip, clustermac, nodes, backend, timeout, dad,
    net,      // krg.net: a record exists only when krgnet is enabled
    clusteron,  // CLUSTERADDR_ENABLE: net.conf's CLUSTERADDR counts only when true
    onerror,  // krg.onerror: read by the initramfs /init; validated here
    bootif,   // BOOTIF= from the PXE loader
    ipparam,  // ip= from the PXE loader or dracut
    node_id,  // node_id= of the Kerrighed kernel: krg.node when that is absent
    count
};
inline constexpr size_t kKeyCount = size_t(Key::count);

struct Plan;

// One row per key (config/keys.cpp): every spelling of it, its built-in
// default, and how `up` records it in net.env (config/record.h).
struct KeyInfo {
    Key key;
    const char* cmdline;   // name on the kernel command line, nullptr if none
    const char* netconf;   // name in net.conf, nullptr if none
    const char* fallback;  // built-in default (Kconfig), nullptr: unset
    const char* record;    // name in net.env, nullptr: not recorded
    void (*put)(Writer& w, const Plan& p);  // the recorded value, from the plan
};

// The key table of DESIGN.md (plus the two loader parameters krgnet reads
// and the Kerrighed kernel's own node_id=), indexed by Key.
extern const KeyInfo kKeys[kKeyCount];

inline const KeyInfo& key_info(Key k) { return kKeys[size_t(k)]; }

enum class Source : uint8_t { none, builtin, netconf, lease, cmdline, record };

inline constexpr size_t kMaxValue = 256;   // longest accepted value
inline constexpr size_t kMaxPath = 128;    // longest source file name kept

// Where a value came from: "kernel command line", "/etc/kerrighed/net.conf line 3", ...
struct Origin {
    Source source = Source::none;
    char file[kMaxPath] = {};  // empty for /proc/cmdline and built-ins
    uint32_t line = 0;         // net.conf line, 0 when not applicable
};

struct Setting {
    bool set = false;
    char value[kMaxValue] = {};
    Origin origin;
    bool as_node_id = false;  // krg.node taken from node_id=: messages name node_id=, as written
};

struct RawConfig {
    Setting s[kKeyCount];

    const Setting& get(Key k) const { return s[size_t(k)]; }
    bool has(Key k) const { return s[size_t(k)].set; }
    std::string_view value(Key k) const { return s[size_t(k)].value; }
    // Later calls override earlier ones (sources are applied in precedence order).
    // Fails when the value does not fit (kMaxValue).
    Result<void> put(Key k, std::string_view value, const Origin& origin);
};

// Fills cfg with the Kconfig defaults (source: built-in default).
void load_defaults(RawConfig& cfg);

// "kernel command line", "/etc/kerrighed/net.conf line 3", "lease /tmp/x", "built-in default".
void describe_origin(Writer& w, const Origin& o);
// "krg.node=17 (kernel command line)" / "VLANID=0 (/etc/kerrighed/net.conf line 4)".
void describe_setting(Writer& w, Key k, const Setting& s);
// Error::config naming the key, its value, its source and the reason.
Error config_error(const RawConfig& cfg, Key k, const char* why);


}  // namespace krg
