// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/config.h"

#include "generated/config.h"

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

namespace {

// A Kconfig number as text, at compile time: the defaults are one table.
struct Num {
    char s[24] = {};
};
constexpr Num num(long v) {
    Num n;
    char tmp[24] = {};
    int i = 0, j = 0;
    unsigned long u = v < 0 ? 0ul - static_cast<unsigned long>(v) : static_cast<unsigned long>(v);
    do tmp[i++] = char('0' + u % 10); while (u /= 10);
    if (v < 0) n.s[j++] = '-';
    while (i) n.s[j++] = tmp[--i];
    return n;
}
constexpr Num kVlan = num(CONFIG_DEFAULT_VLAN);
constexpr Num kMtu = num(CONFIG_DEFAULT_MTU);
constexpr Num kTimeout = num(CONFIG_DEFAULT_TIMEOUT);
constexpr Num kDad = num(CONFIG_DEFAULT_DAD_MS);

struct Default {
    Key key;
    const char* value;
};
constexpr Default kDefaults[] = {
    {Key::phys, CONFIG_DEFAULT_PHYS},
    {Key::virt, CONFIG_DEFAULT_VIRT},
    {Key::vlan, kVlan.s},
    {Key::mac, CONFIG_DEFAULT_MAC},
    {Key::prefix, CONFIG_DEFAULT_PREFIX},
    {Key::mtu, CONFIG_DEFAULT_MTU ? kMtu.s : "auto"},
    {Key::clusterip, CONFIG_DEFAULT_CLUSTERIP},
    {Key::clustermac, CONFIG_DEFAULT_CLUSTERMAC},
    {Key::nodes, CONFIG_DEFAULT_NODES},
    {Key::isolate, ENABLE_DEFAULT_ISOLATE ? "1" : "0"},
    {Key::netns, CONFIG_DEFAULT_NETNS},
    {Key::timeout, kTimeout.s},
    {Key::kind, ENABLE_DEFAULT_KIND_MACVLAN ? "macvlan" : "vlan"},
    {Key::net, ENABLE_DEFAULT_NET ? "1" : "0"},
    {Key::dad, kDad.s},
    {Key::backend, "auto"},
};

}  // namespace

void load_defaults(RawConfig& cfg) {
    Origin o;
    o.source = Source::builtin;
    for (const Default& d : kDefaults) MUST(cfg.put(d.key, d.value, o));
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
    const char* name = s.origin.source == Source::netconf && info.netconf ? info.netconf : info.cmdline;
    std::string_view v = s.value;
    constexpr size_t kShown = 40;  // keep the message on one readable line
    w.put(name).put('=');
    for (char c : v.substr(0, kShown)) w.put(c >= ' ' && c < 127 ? c : '?');
    if (v.size() > kShown) w.put("...");
    w.put(" (");
    describe_origin(w, s.origin);
    w.put(')');
}

ErrorRef config_error(const RawConfig& cfg, Key k, const char* why) {
    Text<kErrObject> obj;
    describe_setting(obj, k, cfg.get(k));
    return Error::config(obj.c_str(), why);
}

}  // namespace krg
