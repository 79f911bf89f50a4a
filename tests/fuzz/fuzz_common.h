// SPDX-License-Identifier: GPL-2.0-or-later
// Shared by the fuzzers: runs a merged configuration through derive() and
// every output format, and traps (a libFuzzer crash) when a plan that
// derive() accepted breaks a rule of DESIGN.md step 2 or 3.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "base/result.h"
#include "base/text.h"
#include "config/config.h"
#include "config/format.h"
#include "config/plan.h"
#include "config/render.h"
#include "json_check.h"

namespace fuzz {

using namespace krg;

#define FUZZ_CHECK(cond) \
    do {                 \
        if (!(cond)) ::krg::trap("fuzz invariant failed: " #cond); \
    } while (0)

inline Text<kServerOutputSize> g_out;  // krgnet-server's buffer: every format must fit

// Every error formats to one non-empty line.
inline void check_error(const Error& e) {
    char buf[kErrObject + kErrDetail + 64];
    size_t n = format_error(e, buf, sizeof buf);
    FUZZ_CHECK(n > 0 && n < sizeof buf);
    FUZZ_CHECK(strlen(buf) == n);
    FUZZ_CHECK(int(e.exit) > 0 && int(e.exit) <= 127);
}

inline void check_plan(const Plan& p) {
    if (!p.enabled) return;
    FUZZ_CHECK(p.node >= kMinNode && p.node <= kMaxNode);
    FUZZ_CHECK(p.vlan >= kMinVlan && p.vlan <= kMaxVlan);
    FUZZ_CHECK(!p.mac.multicast());
    FUZZ_CHECK(p.mac.b[5] == p.node);
    FUZZ_CHECK((p.addr & 255) == Ip4(p.node));
    FUZZ_CHECK(p.prefix_len <= 32);
    Ip4 mask = prefix_mask(p.prefix_len);
    FUZZ_CHECK((p.addr & ~mask) != 0 && (p.addr | mask) != ~Ip4{0});
    FUZZ_CHECK(p.mtu == 0 || (p.mtu >= kMinMtu && p.mtu <= kMaxMtu));
    FUZZ_CHECK(p.virt[0] != '\0' && strlen(p.virt) < kIfNameSize);
    FUZZ_CHECK(!p.phys_bootif || p.phys[0] == '\0');  // empty and not bootif: found by up
    FUZZ_CHECK(p.phys[0] == '\0' || valid_ifname(p.phys));
    FUZZ_CHECK(p.netns[0] != '\0');
    FUZZ_CHECK(p.nodes.count() > 0);
    FUZZ_CHECK(p.timeout_s <= kMaxTimeout);
    if (p.cluster) {
        FUZZ_CHECK(p.node <= kBuckets);
        FUZZ_CHECK(p.isolate);
        FUZZ_CHECK(p.nodes.has(1) && p.nodes.has(p.node));
        FUZZ_CHECK(p.has_cluster_mac && p.cluster_mac.multicast());
        FUZZ_CHECK((p.cluster_ip & mask) != (p.addr & mask));
    }
    // net.env: always one KEY=value line per recorded key of the key table.
    g_out.clear();
    format_env(g_out, p);
    FUZZ_CHECK(!g_out.overflow());
    int lines = 0, recorded = 0;
    for (char c : g_out.view()) lines += c == '\n';
    for (const KeyInfo& k : kKeys) recorded += k.record != nullptr;
    FUZZ_CHECK(lines == recorded);
    g_out.clear();
    format_text(g_out, p);
    FUZZ_CHECK(!g_out.overflow());
    g_out.clear();
    format_ip(g_out, p);
    FUZZ_CHECK(!g_out.overflow());
    g_out.clear();
    format_nft(g_out, p);
    FUZZ_CHECK(!g_out.overflow());
    g_out.clear();
    // A table row breaking the prefix's rules is an error, never a row; in
    // every format but dnsmasq (fuzz_macs), and the server's formats.
    for (Format f : {Format::text, Format::json, Format::hosts, Format::ethers}) {
        g_out.clear();
        TableOptions o;
        o.format = f, o.this_node = p.node;
        if (auto t = format_table(g_out, p, o); t.ok()) FUZZ_CHECK(!g_out.overflow() && (f != Format::json || valid_json(g_out.view())));
        else check_error(t.error());
    }
    g_out.clear();
    format_plan_json(g_out, p);
    FUZZ_CHECK(!g_out.overflow() && valid_json(g_out.view()));
    for (auto server : {format_networkd, format_ifupdown}) {
        g_out.clear();
        if (auto r = server(g_out, p); r.ok()) FUZZ_CHECK(!g_out.overflow() && !p.isolate && p.phys[0]);
        else check_error(r.error());
    }
    for (uint32_t parent : {0u, 72u, 1500u, 65535u}) {
        auto m = resolve_mtu(p, parent);
        if (m.ok()) FUZZ_CHECK(m.value() <= parent && m.value() >= kMinMtu);
        else check_error(m.error());
    }
}

// derive() and, when it accepts, every format; errors must format cleanly.
inline void exercise(const RawConfig& cfg) {
    // Every plan derive() accepts has a layout derive_layout() accepts.
    auto layout = derive_layout(cfg);
    if (!layout.ok()) check_error(layout.error());
    auto plan = derive(cfg);
    if (plan.ok()) FUZZ_CHECK(layout.ok());
    if (plan.ok()) check_plan(plan.value());
    else check_error(plan.error());
}

}  // namespace fuzz
