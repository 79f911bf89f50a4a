// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/macs.h"

namespace krg {

static std::string_view next_field(std::string_view& line) {
    line = trim(line);
    size_t end = 0;
    while (end < line.size() && line[end] != ' ' && line[end] != '\t') end++;
    std::string_view field = line.substr(0, end);
    line.remove_prefix(end);
    return field;
}

// "macs.txt:3: node 4 already has 52:54:00:12:34:04 (line 1)"
static Error line_error(const char* path, unsigned line, const char* why, int node = 0, const Mac* mac = nullptr,
                        unsigned first = 0) {
    Text<160> obj;
    obj.put(path).put(':').put_uint(line);
    Text<96> detail;
    detail.put(why);
    if (node) detail.put(' ').put_uint(uint64_t(node));
    if (mac) detail.put(" already has ").put_mac(*mac).put(" (line ").put_uint(first).put(')');
    return Error::config(obj.c_str(), detail.c_str());
}

Result<void> parse_macs(std::string_view text, const char* path, MacMap& out) {
    out.ids = {};
    unsigned line_of[kMaxNode + 1] = {};
    for (unsigned no = 1; !text.empty(); no++) {
        std::string_view line = next_line(text);
        if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        std::string_view mac_text = next_field(line);
        if (mac_text.empty()) continue;
        std::string_view id_text = next_field(line);
        if (id_text.empty()) return line_error(path, no, "a MAC without a node id");
        if (!trim(line).empty()) return line_error(path, no, "more than a MAC and a node id");
        std::optional<Mac> mac = parse_mac(mac_text);
        if (!mac || mac->multicast()) return line_error(path, no, "not a unicast MAC like 52:54:00:12:34:04");
        std::optional<uint64_t> id = parse_uint(id_text, kMaxNode);
        if (!id || *id < kMinNode) return line_error(path, no, "not a node id in 1..254");
        int node = int(*id);
        if (out.ids.has(node)) return line_error(path, no, "node", node, &out.mac[node], line_of[node]);
        for (int other = kMinNode; other <= kMaxNode; other++) {
            if (out.ids.has(other) && out.mac[other] == *mac) return line_error(path, no, "this MAC is already node", other);
        }
        out.ids.add(node);
        out.mac[node] = *mac;
        line_of[node] = no;
    }
    return {};
}

}  // namespace krg
