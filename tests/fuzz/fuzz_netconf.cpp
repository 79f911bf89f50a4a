// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: net.conf (config/assign + config/netconf), then derive()
// for two node ids (a small one and one above the cluster-IP limit) and
// every output format (tests/fuzz/fuzz_common.h).
#include "fuzz_common.h"

#include "config/netconf.h"

using namespace krg;

namespace {

RawConfig g_cfg;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    g_cfg = RawConfig{};
    load_defaults(g_cfg);
    auto r = parse_netconf(text, "/etc/kerrighed/net.conf", g_cfg);
    if (!r.ok()) {
        fuzz::check_error(r.error());
        return 0;
    }
    for (size_t k = 0; k < kKeyCount; k++) FUZZ_CHECK(strlen(g_cfg.s[k].value) < kMaxValue);
    Origin o;
    o.source = Source::cmdline;
    for (const char* node : {"4", "17"}) {
        auto put = g_cfg.put(Key::node, node, o);
        FUZZ_CHECK(put.ok());
        fuzz::exercise(g_cfg);
    }
    return 0;
}
