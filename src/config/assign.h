// SPDX-License-Identifier: GPL-2.0-or-later
// The shell-assignment lines of net.conf and DHCP lease files, parsed, never
// sourced.  Accepted, one per line:
//
//   # comment                      (also blank lines)
//   KEY=value                      value: no blanks, quotes, $ ` \ ; & | < > ( )
//   KEY="value"                    no $ ` \ inside
//   KEY='value'                    anything but '
//   export KEY=value               (as old scripts wrote it)
//   KEY=value   # trailing comment
//
// Lines end in LF or CRLF.  Anything else (command substitution, unterminated
// quotes, NUL bytes, lines over kMaxLine) is rejected with its line number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config.h"

namespace krg {

inline constexpr size_t kMaxLine = 1024;

struct Assignment {
    bool empty = true;  // blank or comment line
    std::string_view key;
    char value[kMaxValue] = {};
    size_t len = 0;
    std::string_view view() const { return {value, len}; }
};

// Parses one line (without its line ending); returns nullptr or the reason.
const char* parse_assignment(std::string_view line, Assignment& out);

// Splits text (the file path names) into lines (LF or CRLF) and parses
// each.  Calls fn(ctx, line_no, assignment) for every assignment; stops at
// the first bad line ("<path> line N: <why>", exit 100) or at fn's error.
// The parsers' one callback shape (config/cmdline.h's ParamFn too).
using AssignFn = Result<void> (*)(void* ctx, uint32_t line, const Assignment& a);
Result<void> parse_assignments(std::string_view text, const char* path, AssignFn fn, void* ctx);
// "<path> line N: <why>" as a configuration error.
Error line_error(const char* path, uint32_t line, const char* why);

}  // namespace krg
