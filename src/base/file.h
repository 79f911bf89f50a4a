// SPDX-License-Identifier: GPL-2.0-or-later
// Whole-file reads into caller-owned buffers.
#pragma once

#include <cstddef>
#include <string_view>

#include "base/result.h"

namespace krg {

// Reads all of path into buf (NUL-terminated); fails if it does not fit.
// step names the caller's step for the message ("read configuration", ...).
Result<std::string_view> read_file(const char* path, char* buf, size_t cap, const char* step);

// Files krgnet reads but does not own (net.conf, cmdline.d/*.conf,
// /etc/cmdline, /proc/cmdline, leases, --conf/--cmdline-file/--lease):
//   - opened O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_NOCTTY, so a FIFO or a device
//     never blocks the open; then fstat()ed on the descriptor (no race with
//     a rename) and read only when it is a regular file (procfs files such
//     as /proc/cmdline are regular too).  The null device (1:3) reads as an
//     empty file: `--conf /dev/null` is the documented "no net.conf".
//   - Symbolic links are followed (an operator may link net.conf or a
//     cmdline.d snippet into place), except with no_follow: the lease
//     directory is /tmp, where anyone can plant a link.
//   - owner_checked (leases): the file must belong to root or to the user
//     running krgnet, and be writable by nobody else (no group/other w bit).
// Every failure is a configuration error (Exit::config, nothing touched),
// one line naming the file: "read configuration /x: not a regular file (a FIFO)".
// The error code tells the kind: the errno of open/read, kNotRegular or kUntrusted.
inline constexpr int kNotRegular = 1000;  // FIFO, directory, socket, device
inline constexpr int kUntrusted = 1001;   // owner or mode refused (owner_checked)

struct FileRules {
    bool no_follow = false;
    bool owner_checked = false;
};
Result<std::string_view> read_config_file(const char* path, char* buf, size_t cap, const char* step,
                                          FileRules rules = {});

bool file_exists(const char* path);

}  // namespace krg
