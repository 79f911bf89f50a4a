// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/record.h"

#include "base/file.h"
#include "config/assign.h"
#include "config/plan.h"

namespace krg {

namespace {

constexpr size_t kMaxRecord = 4096;

struct Ctx {
    RawConfig* cfg;
    Origin origin;
};

Result<void> assign(void* p, uint32_t line, const Assignment& a) {
    auto* ctx = static_cast<Ctx*>(p);
    ctx->origin.line = line;
    for (const KeyInfo& k : kKeys)
        if (k.record && a.key == k.record) return ctx->cfg->put(k.key, a.view(), ctx->origin);
    return line_error(ctx->origin.file, line, "not a key krgnet writes");
}

}  // namespace

Result<bool> load_record(const char* dir, RawConfig& cfg) {
    Text<kMaxPath> path;
    path.put(dir).put('/').put(kRecordFile);
    if (path.overflow()) return Error::config(dir, "state directory path too long");
    if (!file_exists(path.c_str())) return false;
    static char text[kMaxRecord];
    std::string_view content = TRY(read_file(path.c_str(), text, sizeof text, "read record"));
    load_defaults(cfg);
    Ctx ctx{&cfg, {}};
    ctx.origin.source = Source::record;
    copy_str(ctx.origin.file, path.view());
    TRY(parse_assignments(content, path.c_str(), assign, &ctx));
    if (!cfg.has(Key::node)) return Error::config(path.c_str(), "no KRG_NODE line: not a record krgnet wrote");
    return true;
}

Result<void> load_live(const char* dir, Plan& p) {
    Text<kMaxPath> path;
    path.put(dir).put('/').put(kLiveFile);
    if (path.overflow() || !file_exists(path.c_str())) return {};
    char text[kMaxValue];
    std::string_view v = TRY(read_file(path.c_str(), text, sizeof text, "read live set"));
    if (!v.empty() && v.back() == '\n') v.remove_suffix(1);
    if (v == kNoLiveNode) {
        p.live = NodeSet{};
        return {};
    }
    const char* why = nullptr;
    auto live = parse_nodeset(v, &why);
    if (!live.ok()) return Error::config(path.c_str(), why);
    p.live = live.value();
    return {};
}

}  // namespace krg
