// SPDX-License-Identifier: GPL-2.0-or-later
// The text for an errno value, without libc's full table.
#pragma once

namespace krg {

// "No such file or directory" for ENOENT: the errno values krgnet's system
// calls can meet, worded as musl words them; any other value reads
// "error N".  The returned text lives until the next call.
const char* errno_text(int code);

}  // namespace krg
