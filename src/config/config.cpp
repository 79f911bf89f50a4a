// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/config.h"


namespace krg {

Result<void> RawConfig::put(Key k, std::string_view value, const Origin& origin) {
    Setting& slot = s[size_t(k)];
    if (!copy_str(slot.value, value)) {
        Setting tmp;
        tmp.origin = origin;
        copy_str(tmp.value, value.substr(0, 32));
        Text<kErrObject> obj;
        describe_setting(obj, k, tmp);
        return Error::config(obj.c_str(), "value too long");
    }
    slot.set = true;
    slot.origin = origin;
    slot.as_node_id = false;
    return {};
}

void load_defaults(RawConfig& cfg) {
    Origin o;
    o.source = Source::builtin;
    for (const KeyInfo& k : kKeys)
        if (k.fallback) MUST(cfg.put(k.key, k.fallback, o));
}

void describe_origin(Writer& w, const Origin& o) {
    switch (o.source) {
    case Source::none:
    case Source::builtin:
        w.put("built-in default");
        break;
    case Source::netconf:
        w.put(o.file);
        if (o.line) w.put(" line ").put_uint(o.line);
        break;
    case Source::lease:
        w.put("DHCP lease ").put(o.file);
        break;
    case Source::cmdline:
        w.put(o.file[0] ? o.file : "kernel command line");
        break;
    case Source::record:
        w.put("record ").put(o.file).put(" line ").put_uint(o.line);
        break;
    }
}

void describe_setting(Writer& w, Key k, const Setting& s) {
    const KeyInfo& info = key_info(s.as_node_id ? Key::node_id : k);
    // As written: net.conf's name, the record's, else the command line's.
    const char* name = info.cmdline;
    if (s.origin.source == Source::netconf && info.netconf) name = info.netconf;
    if (s.origin.source == Source::record && info.record) name = info.record;
    std::string_view v = s.value;
    constexpr size_t kShown = 40;  // keep the message on one readable line
    w.put(name).put('=');
    for (char c : v.substr(0, kShown)) w.put(c >= ' ' && c < 127 ? c : '?');
    if (v.size() > kShown) w.put("...");
    w.put(" (");
    describe_origin(w, s.origin);
    w.put(')');
}

Error config_error(const RawConfig& cfg, Key k, const char* why) {
    Text<kErrObject> obj;
    describe_setting(obj, k, cfg.get(k));
    return Error::config(obj.c_str(), why);
}

}  // namespace krg
