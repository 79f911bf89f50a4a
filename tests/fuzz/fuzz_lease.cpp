// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: DHCP lease files (dracut dhcpopts, udhcpc env), the ip=
// parameter and host names (config/lease); a node id found goes through
// derive() with a cluster IP and every output format (tests/fuzz/fuzz_common.h).
#include "fuzz_common.h"

#include "config/lease.h"

using namespace krg;

namespace {

RawConfig g_cfg;

void use_node(int node) {
    FUZZ_CHECK(node >= 0 && node <= kMaxNode);
    if (node == 0) return;
    g_cfg = RawConfig{};
    load_defaults(g_cfg);
    Origin o;
    o.source = Source::lease;
    copy_str(o.file, "/tmp/dhclient.eth0.dhcpopts");
    char num[8];
    Writer w(num, sizeof num);
    w.put_uint(uint64_t(node));
    FUZZ_CHECK(g_cfg.put(Key::node, w.view(), o).ok());
    FUZZ_CHECK(g_cfg.put(Key::clusterip, "10.4.192.1/18", o).ok());
    FUZZ_CHECK(g_cfg.put(Key::clustermac, "01:00:5e:04:c0:01", o).ok());
    fuzz::exercise(g_cfg);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);

    auto lease = node_from_lease(text, "/tmp/dhclient.eth0.dhcpopts");
    if (lease.ok()) use_node(lease.value());
    else fuzz::check_error(lease.error());

    // The first line as an ip= parameter value, and as a host name.
    std::string_view first = text.substr(0, text.find('\n'));
    auto ip = node_from_ipparam(first, "ip=fuzz (kernel command line)");
    if (ip.ok()) use_node(ip.value());
    else fuzz::check_error(ip.error());
    int host = node_from_hostname(first);
    FUZZ_CHECK(host >= 0 && host <= kMaxNode);
    return 0;
}
