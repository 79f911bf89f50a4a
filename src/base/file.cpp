// SPDX-License-Identifier: GPL-2.0-or-later
#include "base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>

#include "base/stat.h"
#include "base/text.h"

namespace krg {

// "not a regular file (a FIFO)" for st_mode's file type.
static const char* kind_of(mode_t m) {
    switch (m & S_IFMT) {
    case S_IFIFO: return "not a regular file (a FIFO)";
    case S_IFDIR: return "not a regular file (a directory)";
    case S_IFSOCK: return "not a regular file (a socket)";
    case S_IFCHR: return "not a regular file (a character device)";
    default: return "not a regular file";
    }
}

// Both readers: exit is the Exit of an open/read failure.
static Result<std::string_view> read_checked(const char* path, char* buf, size_t cap, const char* step, FileRules rules,
                                             Exit exit) {
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (rules.no_follow ? O_NOFOLLOW : 0));
    const char* why = "";
    int code = errno;
    struct stat st;
    if (fd < 0) {
        if (code == ELOOP && rules.no_follow) why = "a symbolic link", code = kUntrusted;
        else if (code == ENXIO) why = kind_of(S_IFSOCK), code = kNotRegular;
        return Error::make(exit, code, step, path, why);
    }
    size_t len = 0;
    if (fd_stat(fd, &st) < 0) {
        code = errno;
    } else if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3)) {  // the null device: empty
        code = 0;
    } else if (!S_ISREG(st.st_mode)) {
        code = kNotRegular, why = kind_of(st.st_mode);
    } else if (rules.owner_checked && st.st_uid != 0 && st.st_uid != geteuid()) {
        code = kUntrusted, why = "not owned by root";
    } else if (rules.owner_checked && (st.st_mode & (S_IWGRP | S_IWOTH))) {
        code = kUntrusted, why = "writable by group or others";
    } else {
        for (code = 0;;) {
            if (len + 1 >= cap) {
                char more;  // the buffer is full: a file of exactly cap - 1 bytes still fits
                ssize_t m;
                do m = read(fd, &more, 1); while (m < 0 && errno == EINTR);
                if (m == 0) break;
                close(fd);
                Text<64> big;
                big.put("larger than ").put_uint((cap - 1) / 1024).put(" KiB");
                return Error::make(Exit::config, EFBIG, step, path, big.c_str());
            }
            ssize_t n = read(fd, buf + len, cap - 1 - len);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) code = errno;
            if (n <= 0) break;
            len += size_t(n);
        }
    }
    close(fd);
    if (code) return Error::make(exit, code, step, path, why);
    buf[len] = '\0';
    return std::string_view(buf, len);
}

Result<std::string_view> read_file(const char* path, char* buf, size_t cap, const char* step) {
    return read_checked(path, buf, cap, step, {}, Exit::system);
}

Result<std::string_view> read_config_file(const char* path, char* buf, size_t cap, const char* step, FileRules rules) {
    std::string_view text = TRY(read_checked(path, buf, cap, step, rules, Exit::config));
    if (starts_with(text, "\xef\xbb\xbf")) text.remove_prefix(3);  // a UTF-8 byte-order mark (base/text.h next_line)
    return text;
}

bool file_exists(const char* path) {
    struct stat st;
    return path_stat(path, &st) == 0;
}

}  // namespace krg
