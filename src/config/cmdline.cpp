// SPDX-License-Identifier: GPL-2.0-or-later
// Kernel command line, as the kernel splits it:
//
//   BOOT_IMAGE=/vmlinuz krg.node=4 krg.phys="eth0" "krg.nodes=1-4,9" -- init args
//
// Parameters are separated by blanks (the kernel's isspace(), below);
// double quotes group blanks into one parameter and are removed around the
// value (or around the whole parameter).  An unterminated quote runs to the end, as in the kernel.
// "--" ends the kernel's parameters; what follows belongs to init.
#include "base/log.h"
#include "config/cmdline.h"

namespace krg {

// The kernel's isspace(): its own table in lib/ctype.c (torvalds/linux), not
// the C library's: _S is set for 9..13 (\t \n \v \f \r), 32 (space) and 160
// (0xA0, the Latin-1 no-break space; a pasted UTF-8 one, C2 A0, splits after
// its C2).  0x85 (NEL) is not one.
static bool is_space(char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0;
}

Result<void> for_each_param(std::string_view text, ParamFn fn, void* ctx) {
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) i++;
        if (i == text.size()) break;
        bool quoted = text[i] == '"';
        if (quoted) i++;
        bool in_quote = quoted;
        size_t start = i, equals = std::string_view::npos;
        for (; i < text.size(); i++) {
            char c = text[i];
            if (is_space(c) && !in_quote) break;
            // next_arg() keeps `equals` 0 for "none": a '=' as the first character does not count.
            if (c == '=' && equals == std::string_view::npos && i > start) equals = i;
            if (c == '"') in_quote = !in_quote;
        }
        std::string_view word = text.substr(start, i - start);
        bool closing_quote = !word.empty() && word.back() == '"';
        std::string_view name = word, value;
        bool has_value = equals != std::string_view::npos;
        if (has_value) {
            name = text.substr(start, equals - start);
            value = text.substr(equals + 1, i - equals - 1);
            if (!value.empty() && value.front() == '"') {
                value.remove_prefix(1);
                if (closing_quote && !value.empty()) value.remove_suffix(1);
                closing_quote = false;
            }
        }
        if (quoted && closing_quote) {
            if (has_value && !value.empty()) value.remove_suffix(1);
            else if (!has_value && !name.empty()) name.remove_suffix(1);
        }
        if (!has_value && name == "--") break;  // as parse_args(): quoted or not, but not "--=x"
        TRY(fn(ctx, name, value, has_value));
    }
    return {};
}

struct CmdlineCtx {
    const Origin* origin;
    RawConfig* cfg;
};

static Result<void> apply_param(void* ctx, std::string_view name, std::string_view value, bool) {
    auto* c = static_cast<CmdlineCtx*>(ctx);
    for (const KeyInfo& k : kKeys) {
        if (k.cmdline && name == k.cmdline) return c->cfg->put(k.key, value, *c->origin);
    }
    if (starts_with(name, "krg.")) {
        Text<kErrObject + 64> w;
        w.put("unknown parameter ");
        for (char ch : name.substr(0, 40)) w.put(ch >= ' ' && ch < 127 ? ch : '?');
        w.put(" (");
        describe_origin(w, *c->origin);
        w.put(") ignored");
        warn(w.c_str());
    }
    return {};
}

Result<void> parse_cmdline(std::string_view text, const Origin& origin, RawConfig& cfg) {
    if (text.find('\0') != std::string_view::npos) {
        Text<kErrObject> obj;
        describe_origin(obj, origin);
        return Error::config(obj.c_str(), "NUL byte in command line");
    }
    CmdlineCtx ctx{&origin, &cfg};
    return for_each_param(text, apply_param, &ctx);
}

}  // namespace krg
