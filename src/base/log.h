// SPDX-License-Identifier: GPL-2.0-or-later
// Log lines: stderr always, and the kernel log (/dev/kmsg) when it is
// writable and CONFIG_KMSG_LOG is on, so they reach the boot console.
#pragma once

namespace krg {

enum class Level { err = 3, warning = 4, notice = 5, info = 6 };

// Writes "krgnet: <text>" (with "warning: " for warnings) as one line.
void log_line(Level level, const char* text);
inline void log_info(const char* text) { log_line(Level::info, text); }
// One "krgnet: warning: ..." line.
void warn(const char* text);
// "krgnet: warning: <prefix>: <e's one-line message>" (a failed rollback step).
struct Error;
void warn_error(const char* prefix, const Error& e);

// Turns kernel-log copies off (tests, `plan`, `status`), or on.
void log_to_kmsg(bool on);

}  // namespace krg
