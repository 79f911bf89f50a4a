// SPDX-License-Identifier: GPL-2.0-or-later
#include "base/log.h"
#include "config/netconf.h"

#include "config/assign.h"

namespace krg {

struct NetconfCtx {
    const char* path;
    RawConfig* cfg;
    Error error;
    bool failed = false;
};

static const char* apply_line(void* ctx, uint32_t line, const Assignment& a) {
    auto* c = static_cast<NetconfCtx*>(ctx);
    Origin o;
    o.source = Source::netconf;
    copy_str(o.file, std::string_view(c->path).substr(0, kMaxPath - 1));
    o.line = line;
    for (const KeyInfo& k : kKeys) {
        if (!k.netconf || a.key != k.netconf) continue;
        auto r = c->cfg->put(k.key, a.view(), o);
        if (!r.ok()) {
            c->error = r.error();
            c->failed = true;
            return "value too long";
        }
        return nullptr;
    }
    Text<kErrObject + 64> w;
    w.put(c->path).put(" line ").put_uint(line).put(": unknown key ").put(a.key.substr(0, 40)).put(" ignored");
    warn(w.c_str());
    return nullptr;
}

Result<void> parse_netconf(std::string_view text, const char* path, RawConfig& cfg) {
    NetconfCtx ctx{path, &cfg, {}, false};
    uint32_t line = 0;
    const char* why = parse_assignments(text, apply_line, &ctx, &line);
    if (ctx.failed) return ctx.error;
    if (why) {
        Text<kErrObject> obj;
        obj.put(path).put(" line ").put_uint(line);
        return Error::config(obj.c_str(), why);
    }
    return {};
}

}  // namespace krg
