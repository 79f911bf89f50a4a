// SPDX-License-Identifier: GPL-2.0-or-later
// Which program this is: the boot helper (build/krgnet) or krgnet-server,
// the same sources built with -DKRG_SERVER_TOOL=1 and the operator's
// formats in (config/render.h; docs/design.md "krgnet-server").
#pragma once

#ifndef KRG_SERVER_TOOL
#define KRG_SERVER_TOOL 0
#endif

namespace krg {

inline constexpr bool kServerTool = KRG_SERVER_TOOL;

// f in krgnet-server, nullptr in the helper: what only the server's formats
// call is left out of the helper's binary.
template <typename F>
constexpr F server_only(F f) {
    return kServerTool ? f : nullptr;
}

// Text only krgnet-server prints (its --help; the helper hands --help over):
// nullptr in the helper, which then carries no copy of it.
constexpr const char* server_text(const char* s) { return kServerTool ? s : nullptr; }

}  // namespace krg
