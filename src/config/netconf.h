// SPDX-License-Identifier: GPL-2.0-or-later
// /etc/kerrighed/net.conf, the historic Kerrighed format (see assign.h for
// the accepted syntax).  Known keys are the net.conf names of the key table;
// unknown keys are warned about and ignored.
#pragma once

#include <string_view>

#include "config/config.h"

namespace krg {

inline constexpr size_t kMaxConfFile = 128 * 1024;

// text is the file's content, path names it in messages.
Result<void> parse_netconf(std::string_view text, const char* path, RawConfig& cfg);

}  // namespace krg
