#include "base/file.h"
#include "base/text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>

namespace krg {

// Reads fd to its end into buf (NUL-terminated); closes fd.  errno-style
// failures become Error(exit, errno, step, path).
static Result<std::string_view> read_fd(int fd, const char* path, char* buf, size_t cap, const char* step, Exit exit) {
    size_t len = 0;
    for (;;) {
        if (len + 1 >= cap) {
            char more;  // the buffer is full: a file of exactly cap - 1 bytes still fits
            ssize_t m;
            do m = read(fd, &more, 1); while (m < 0 && errno == EINTR);
            if (m == 0) break;
            close(fd);
            Text<64> why;
            why.put("larger than ").put_uint((cap - 1) / 1024).put(" KiB");
            return Error::make(Exit::config, EFBIG, step, path, why.c_str());
        }
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            close(fd);
            return Error::make(exit, err, step, path, "");
        }
        if (n == 0) break;
        len += size_t(n);
    }
    close(fd);
    buf[len] = '\0';
    return std::string_view(buf, len);
}

Result<std::string_view> read_file(const char* path, char* buf, size_t cap, const char* step) {
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return Error::system(errno, step, path);
    return read_fd(fd, path, buf, cap, step, Exit::system);
}

static const char* kind_of(mode_t m) {
    if (S_ISFIFO(m)) return "not a regular file (a FIFO)";
    if (S_ISDIR(m)) return "not a regular file (a directory)";
    if (S_ISSOCK(m)) return "not a regular file (a socket)";
    if (S_ISCHR(m)) return "not a regular file (a character device)";
    if (S_ISBLK(m)) return "not a regular file (a block device)";
    return "not a regular file";
}

Result<std::string_view> read_config_file(const char* path, char* buf, size_t cap, const char* step, FileRules rules) {
    if (cap == 0) trap("read_config_file without a buffer");
    int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (rules.no_follow ? O_NOFOLLOW : 0);
    int fd = open(path, flags);
    if (fd < 0) {
        int err = errno;
        if (err == ELOOP && rules.no_follow) return Error::make(Exit::config, kUntrusted, step, path, "a symbolic link");
        if (err == ENXIO) return Error::make(Exit::config, kNotRegular, step, path, "not a regular file (a socket or a FIFO)");
        return Error::make(Exit::config, err, step, path, "");
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int err = errno;
        close(fd);
        return Error::make(Exit::config, err, step, path, "");
    }
    if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3) {  // the null device
        close(fd);
        buf[0] = '\0';
        return std::string_view(buf, 0);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return Error::make(Exit::config, kNotRegular, step, path, kind_of(st.st_mode));
    }
    if (rules.owner_checked) {
        Text<64> why;
        if (st.st_uid != 0 && st.st_uid != geteuid()) why.put("owned by uid ").put_uint(st.st_uid).put(", not root");
        else if (st.st_mode & (S_IWGRP | S_IWOTH)) why.put("writable by group or others");
        if (!why.view().empty()) {
            close(fd);
            return Error::make(Exit::config, kUntrusted, step, path, why.c_str());
        }
    }
    return read_fd(fd, path, buf, cap, step, Exit::config);
}

bool file_exists(const char* path) {
    struct stat st;
    return stat(path, &st) == 0;
}

}  // namespace krg
