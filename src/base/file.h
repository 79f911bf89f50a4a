// Whole-file reads into caller-owned buffers.
#pragma once

#include <cstddef>
#include <string_view>

#include "base/result.h"

namespace krg {

// Reads all of path into buf (NUL-terminated); fails if it does not fit.
// step names the caller's step for the message ("read configuration", ...).
Result<std::string_view> read_file(const char* path, char* buf, size_t cap, const char* step);

bool file_exists(const char* path);

}  // namespace krg
