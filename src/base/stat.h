// SPDX-License-Identifier: GPL-2.0-or-later
// stat(2) of a descriptor or a path, as the system calls themselves.
//
// musl's fstat(), stat() and lstat() all go through fstatat(), which tries
// statx and falls back to /proc/self/fd paths for kernels and descriptors
// krgnet never meets: about 550 bytes of binary for a handful of calls.
// On the 64-bit Linux targets krgnet builds for, the kernel fills the C
// library's own struct stat.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace krg {

static_assert(sizeof(long) == 8, "the kernel's struct stat is libc's only on 64-bit targets");

// 0, or -1 with errno, as fstat().
inline int fd_stat(int fd, struct stat* st) { return int(syscall(SYS_fstat, fd, st)); }
// 0, or -1 with errno, as stat() (follow) or lstat().
inline int path_stat(const char* path, struct stat* st, bool follow = true) {
    return int(syscall(SYS_newfstatat, AT_FDCWD, path, st, follow ? 0 : AT_SYMLINK_NOFOLLOW));
}

}  // namespace krg
