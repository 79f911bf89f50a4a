// SPDX-License-Identifier: GPL-2.0-or-later
#include "cluster/nodeset.h"

namespace krg {

int NodeSet::count() const {
    int n = 0;
    for (uint64_t w : bits) n += __builtin_popcountll(w);
    return n;
}

static std::optional<int> parse_id(std::string_view s) {
    auto v = parse_uint(s, kMaxNode);
    if (!v.has_value() || *v < uint64_t(kMinNode)) return std::nullopt;
    return int(*v);
}

Result<NodeSet> parse_nodeset(std::string_view text, const char** why) {
    NodeSet set;
    *why = nullptr;
    if (text.empty()) *why = "empty node set";
    while (!*why && !text.empty()) {
        size_t comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        text.remove_prefix(comma == std::string_view::npos ? text.size() : comma + 1);
        if (comma != std::string_view::npos && text.empty()) *why = "trailing comma";
        size_t dash = item.find('-');
        auto lo = parse_id(item.substr(0, dash));
        auto hi = dash == std::string_view::npos ? lo : parse_id(item.substr(dash + 1));
        if (!lo.has_value() || !hi.has_value()) *why = "not a node id or range of ids 1..254 (e.g. 1-4,9)";
        else if (*lo > *hi) *why = "range runs backwards";
        else for (int n = *lo; n <= *hi; n++) set.add(n);
    }
    if (*why) return Error::config("", *why);
    return set;
}

void format_nodeset(Writer& w, const NodeSet& set) {
    bool first = true;
    for (int n = kMinNode; n <= kMaxNode; n++) {
        if (!set.has(n) || set.has(n - 1)) continue;
        int end = n;
        while (set.has(end + 1)) end++;
        if (!first) w.put(',');
        first = false;
        w.put_uint(uint64_t(n));
        if (end > n) w.put('-').put_uint(uint64_t(end));
    }
}

}  // namespace krg
