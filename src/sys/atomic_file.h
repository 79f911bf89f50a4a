// SPDX-License-Identifier: GPL-2.0-or-later
// Files replaced atomically, for the hand-off record in /run/kerrighed:
// written to a hidden temporary file in the same directory, fsync'ed,
// renamed over the old one, and the directory fsync'ed; a reader sees the
// old content or the new, never a mix.
#pragma once

#include <cstddef>
#include <string_view>

#include "base/result.h"
#include "base/text.h"

namespace krg {

inline constexpr size_t kStatePathSize = 256;

// DIR/NAME into w; an error naming DIR when it does not fit kStatePathSize.
Result<void> join_path(Writer& w, const char* dir, const char* name);

// mkdir -p DIR, mode 0755 for what it creates (whatever the umask).
Result<void> make_dirs(const char* dir);

// Replaces DIR/NAME with content atomically; creates DIR (and missing
// parents) with mode 0755.  The temporary file is DIR/.NAME.tmp: one run
// at a time writes there (krgnet holds its run lock), so a leftover of a
// crashed run is simply replaced.  On failure the old file, if any, is
// untouched and no temporary file is left.
Result<void> write_file_atomic(const char* dir, const char* name, std::string_view content);

// Removes DIR/NAME and a leftover DIR/.NAME.tmp; succeeds when absent.
Result<void> remove_file(const char* dir, const char* name);

}  // namespace krg
