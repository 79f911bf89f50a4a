// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the JSON krgnet-server writes is valid JSON and valid
// UTF-8 whatever bytes reach it (config/render.h put_json_string's one
// rule).  The input is written as a bare JSON string, as the file a plan's
// node id came from (a path may hold any byte but NUL), and, when it is an
// accepted --names template, as the host names of a JSON table; every
// document is parsed back by a reader written apart (json_check.h).
#include "fuzz_common.h"
#include "json_check.h"

#include <algorithm>

using namespace krg;

namespace {

RawConfig g_cfg;

void check_json(std::string_view doc) {
    FUZZ_CHECK(!fuzz::g_out.overflow());
    FUZZ_CHECK(fuzz::valid_json(doc));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    if (size > 4096) return 0;
    fuzz::g_out.clear();
    put_json_string(fuzz::g_out, input);
    check_json(fuzz::g_out.view());
    // Printable ASCII other than " and \ is copied as it is.
    bool plain = true;
    for (char c : input) plain = plain && c >= ' ' && c < 127 && c != '"' && c != '\\';
    std::string_view out = fuzz::g_out.view();
    if (plain) FUZZ_CHECK(out.size() == size + 2 && out.substr(1, size) == input);

    g_cfg = RawConfig{};
    load_defaults(g_cfg);
    Origin from;
    from.source = Source::netconf;
    std::string_view path = input.substr(0, std::min(input.find('\0'), sizeof from.file - 1));
    memcpy(from.file, path.data(), path.size());
    FUZZ_CHECK(g_cfg.put(Key::node, "4", from).ok());
    auto plan = derive(g_cfg);
    FUZZ_CHECK(plan.ok());
    fuzz::g_out.clear();
    format_plan_json(fuzz::g_out, plan.value());
    check_json(fuzz::g_out.view());

    char names[80] = {};
    memcpy(names, input.data(), std::min(size, sizeof names - 1));
    if (valid_name_template(names)) {
        TableOptions o;
        o.format = Format::json, o.names = names, o.this_node = 4;
        fuzz::g_out.clear();
        FUZZ_CHECK(format_table(fuzz::g_out, plan.value(), o).ok());
        check_json(fuzz::g_out.view());
    }
    return 0;
}
