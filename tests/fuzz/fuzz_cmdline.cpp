// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the kernel command line splitter and parse_cmdline(),
// then derive() and every output format (tests/fuzz/fuzz_common.h).
#include "fuzz_common.h"

#include "config/cmdline.h"

using namespace krg;

namespace {

RawConfig g_cfg;

struct Input {
    const char* begin;
    const char* end;
};

// Every name and value lies inside the input and holds no unquoted blank.
Result<void> check_param(void* ctx, std::string_view name, std::string_view value, bool has_value) {
    auto* in = static_cast<Input*>(ctx);
    for (std::string_view v : {name, value}) {
        if (v.empty()) continue;
        FUZZ_CHECK(v.data() >= in->begin && v.data() + v.size() <= in->end);
    }
    FUZZ_CHECK(has_value || value.empty());
    return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    Input in{text.data(), text.data() + text.size()};
    auto walk = for_each_param(text, check_param, &in);
    FUZZ_CHECK(walk.ok());

    g_cfg = RawConfig{};
    load_defaults(g_cfg);
    Origin o;
    o.source = Source::cmdline;
    auto r = parse_cmdline(text, o, g_cfg);
    if (!r.ok()) {
        fuzz::check_error(r.error());
        return 0;
    }
    fuzz::exercise(g_cfg);
    return 0;
}
