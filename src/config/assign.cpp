// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/assign.h"

#include <cstring>

namespace krg {

static bool is_key_char(char c, bool first) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (!first && c >= '0' && c <= '9');
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Characters that would mean something to a shell in an unquoted value.
static bool is_shell_special(char c) {
    return std::string_view("\"'$`\\;&|<>()*?[]{}~!").find(c) != std::string_view::npos;
}

const char* parse_assignment(std::string_view line, Assignment& out) {
    out = Assignment{};
    size_t i = 0;
    while (i < line.size() && is_blank(line[i])) i++;
    if (i == line.size() || line[i] == '#') return nullptr;
    if (line.substr(i).starts_with("export") && line.size() > i + 6 && is_blank(line[i + 6])) {
        i += 6;
        while (i < line.size() && is_blank(line[i])) i++;
    }
    size_t key_start = i;
    while (i < line.size() && is_key_char(line[i], i == key_start)) i++;
    if (i == key_start || i == line.size() || line[i] != '=') return "not a KEY=value line";
    out.key = line.substr(key_start, i - key_start);
    i++;  // '='
    Writer w(out.value, sizeof out.value);
    if (i < line.size() && (line[i] == '"' || line[i] == '\'')) {
        char quote = line[i++];
        for (;; i++) {
            if (i == line.size()) return "unterminated quote";
            char c = line[i];
            if (c == quote) break;
            if (quote == '"' && (c == '$' || c == '`' || c == '\\')) return "shell expansion ($, `, \\) is not supported";
            w.put(c);
        }
        i++;  // closing quote
    } else {
        for (; i < line.size() && !is_blank(line[i]); i++) {
            char c = line[i];
            if (c == '$' || c == '`') return "shell expansion ($, `) is not supported";
            if (is_shell_special(c)) return "unquoted shell character in value";
            w.put(c);
        }
    }
    if (w.overflow()) return "value too long";
    size_t value_end = i;
    while (i < line.size() && is_blank(line[i])) i++;
    bool comment = i < line.size() && line[i] == '#' && i > value_end;
    if (i < line.size() && !comment) return "text after the value";
    out.empty = false;
    out.len = w.size();
    return nullptr;
}

Error line_error(const char* path, uint32_t line, const char* why) {
    Text<kErrObject> obj;
    obj.put(path).put(" line ").put_uint(line);
    return Error::config(obj.c_str(), why);
}

Result<void> parse_assignments(std::string_view text, const char* path, AssignFn fn, void* ctx) {
    uint32_t line_no = 0;
    while (!text.empty()) {
        line_no++;
        std::string_view line = next_line(text);
        const char* why = line.size() > kMaxLine                        ? "line too long"
                          : line.find('\0') != std::string_view::npos ? "NUL byte in line"
                          : line.find('\r') != std::string_view::npos ? "carriage return inside line"
                                                                      : nullptr;
        Assignment a;
        if (!why) why = parse_assignment(line, a);
        if (why) return line_error(path, line_no, why);
        if (!a.empty) TRY(fn(ctx, line_no, a));
    }
    return {};
}

}  // namespace krg
