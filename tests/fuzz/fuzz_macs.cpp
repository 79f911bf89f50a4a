// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the --macs file of `table --format dnsmasq`
// (config/macs.h).  An accepted file maps distinct unicast MACs to distinct
// ids in 1..254, and the dnsmasq table of it renders or refuses cleanly.
#include "fuzz_common.h"

#include "config/macs.h"

using namespace krg;

namespace {

MacMap g_macs;
RawConfig g_cfg;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto r = parse_macs(text, "/etc/kerrighed/macs", g_macs);
    if (!r.ok()) {
        fuzz::check_error(r.error());
        return 0;
    }
    for (int a = 0; a <= kMaxNode; a++) {
        if (!g_macs.ids.has(a)) continue;
        FUZZ_CHECK(a >= kMinNode && !g_macs.mac[a].multicast());
        for (int b = a + 1; b <= kMaxNode; b++) FUZZ_CHECK(!g_macs.ids.has(b) || !(g_macs.mac[a] == g_macs.mac[b]));
    }
    g_cfg = RawConfig{};
    load_defaults(g_cfg);
    auto layout = derive_layout(g_cfg);
    FUZZ_CHECK(layout.ok());
    TableOptions o;
    o.format = Format::dnsmasq, o.macs = &g_macs, o.boot = true, o.boot_prefix = {0x0a040700, 18};
    fuzz::g_out.clear();
    if (auto t = format_table(fuzz::g_out, layout.value(), o); t.ok()) FUZZ_CHECK(!fuzz::g_out.overflow());
    else fuzz::check_error(t.error());
    return 0;
}
