// SPDX-License-Identifier: GPL-2.0-or-later
#include "base/log.h"
#include "config/netconf.h"

#include "config/assign.h"

namespace krg {

struct NetconfCtx {
    const char* path;
    RawConfig* cfg;
};

static Result<void> apply_line(void* ctx, uint32_t line, const Assignment& a) {
    auto* c = static_cast<NetconfCtx*>(ctx);
    Origin o;
    o.source = Source::netconf;
    copy_str(o.file, std::string_view(c->path).substr(0, kMaxPath - 1));
    o.line = line;
    for (const KeyInfo& k : kKeys)
        if (k.netconf && a.key == k.netconf) return c->cfg->put(k.key, a.view(), o);
    Text<kErrObject + 64> w;
    w.put(c->path).put(" line ").put_uint(line).put(": unknown key ").put(a.key.substr(0, 40)).put(" ignored");
    warn(w.c_str());
    return {};
}

Result<void> parse_netconf(std::string_view text, const char* path, RawConfig& cfg) {
    NetconfCtx ctx{path, &cfg};
    return parse_assignments(text, path, apply_line, &ctx);
}

}  // namespace krg
