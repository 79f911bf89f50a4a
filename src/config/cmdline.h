// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel command line (and dracut's /etc/cmdline.d/*.conf snippets).
#pragma once

#include <string_view>

#include "config/config.h"

namespace krg {

inline constexpr size_t kMaxCmdline = 16384;

// Applies every known parameter in text to cfg, last occurrence winning.
// Unknown krg.* parameters are warned about.
Result<void> parse_cmdline(std::string_view text, const Origin& origin, RawConfig& cfg);

// Calls fn(ctx, name, value, has_value) for each parameter, splitting and
// unquoting as the kernel does (lib/cmdline.c next_arg semantics).
using ParamFn = Result<void> (*)(void* ctx, std::string_view name, std::string_view value, bool has_value);
Result<void> for_each_param(std::string_view text, ParamFn fn, void* ctx);

}  // namespace krg
