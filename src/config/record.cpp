// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/record.h"

#include "base/file.h"
#include "config/assign.h"

namespace krg {

namespace {

struct EnvKey {
    const char* name;
    Key key;
};
constexpr EnvKey kEnvKeys[] = {
    {"KRG_NODE", Key::node},         {"KRG_PHYS", Key::phys},   {"KRG_VIRT", Key::virt},
    {"KRG_KIND", Key::kind},         {"KRG_VLAN", Key::vlan},   {"KRG_MAC", Key::mac},
    {"KRG_ADDR", Key::prefix},       {"KRG_MTU", Key::mtu},     {"KRG_NETNS", Key::netns},
    {"KRG_ISOLATE", Key::isolate},   {"KRG_CLUSTERIP", Key::clusterip},
    {"KRG_CLUSTERMAC", Key::clustermac}, {"KRG_NODES", Key::nodes},
};

constexpr size_t kMaxRecord = 4096;

struct Ctx {
    RawConfig* cfg;
    Origin origin;
};

const char* assign(void* p, uint32_t line, const Assignment& a) {
    auto* ctx = static_cast<Ctx*>(p);
    for (const EnvKey& k : kEnvKeys) {
        if (a.key != k.name) continue;
        ctx->origin.line = line;
        return ctx->cfg->put(k.key, a.view(), ctx->origin).ok() ? nullptr : "value too long";
    }
    return "not a key krgnet writes";
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
    uint32_t bad = 0;
    if (const char* why = parse_assignments(content, assign, &ctx, &bad)) {
        Text<kErrObject> obj;
        obj.put(path.view()).put(" line ").put_uint(bad);
        return Error::config(obj.c_str(), why);
    }
    if (!cfg.has(Key::node)) return Error::config(path.c_str(), "no KRG_NODE line: not a record krgnet wrote");
    return true;
}

}  // namespace krg
