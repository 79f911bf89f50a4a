// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sys/fd.h"

namespace krg {

namespace {

constexpr mode_t kDirMode = 0755;
constexpr mode_t kFileMode = 0644;
constexpr const char* kStepWrite = "write";
constexpr const char* kStepRemove = "remove";

using Path = char[kStatePathSize];

Result<void> tmp_path(Path& tmp, const char* dir, const char* name) {
    Writer t(tmp, sizeof tmp);
    t.put(dir).put("/.").put(name).put(".tmp");
    if (t.overflow()) return step_error(ENAMETOOLONG, kStepWrite, dir, "path too long");
    return {};
}

// mkdir -p of the first len bytes of path, mode 0755 for what it creates
// (whatever the umask); the error names the directory that failed.
Result<void> make_dir(const char* path, size_t len) {
    Path dir;
    for (size_t i = 1; i <= len; i++) {
        if (i < len && path[i] != '/') continue;
        memcpy(dir, path, i);
        dir[i] = '\0';
        if (mkdir(dir, kDirMode) == 0) {
            if (chmod(dir, kDirMode) < 0) return call_error(errno, kStepWrite, dir, "chmod");
        } else if (errno != EEXIST) {
            return call_error(errno, kStepWrite, dir, "mkdir");
        }
    }
    return {};
}

// Creates tmp with content, flushed and closed.
Result<void> fill_temp(const char* tmp, const char* path, std::string_view content) {
    if (unlink(tmp) < 0 && errno != ENOENT) return call_error(errno, kStepWrite, path, "unlink temporary file");
    Fd f(open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, kFileMode));
    if (f.fd < 0) return call_error(errno, kStepWrite, path, "create temporary file");
    // The mode exactly, whatever the umask.  The system call itself: musl's
    // fchmod() adds a /proc/self/fd fallback for O_PATH descriptors that
    // this plain file descriptor never needs.
    if (syscall(SYS_fchmod, f.fd, kFileMode) < 0) return call_error(errno, kStepWrite, path, "chmod");
    while (!content.empty()) {
        ssize_t n = write(f.fd, content.data(), content.size());
        if (n >= 0) content.remove_prefix(size_t(n));
        else if (errno != EINTR) return call_error(errno, kStepWrite, path, "write");
    }
    if (fsync(f.fd) < 0) return call_error(errno, kStepWrite, path, "fsync");
    if (close(f.release()) < 0) return call_error(errno, kStepWrite, path, "close");
    return {};
}

// The rename is durable once the directory is flushed too.
Result<void> sync_dir(const char* dir) {
    Fd d(open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (d.fd < 0) return call_error(errno, kStepWrite, dir, "open directory");
    if (fsync(d.fd) < 0 && errno != EINVAL) return call_error(errno, kStepWrite, dir, "fsync directory");
    return {};
}

}  // namespace

Result<void> make_dirs(const char* dir) {
    size_t len = strlen(dir);
    if (len == 0 || len >= kStatePathSize) return step_error(EINVAL, kStepWrite, dir, "not a directory path");
    return make_dir(dir, len);
}

Result<void> join_path(Writer& w, const char* dir, const char* name) {
    w.clear();
    w.put(dir).put('/').put(name);
    if (w.overflow()) return step_error(ENAMETOOLONG, kStepWrite, dir, "path too long");
    return {};
}

Result<void> write_file_atomic(const char* dir, const char* name, std::string_view content) {
    Path path, tmp;
    Writer w(path, sizeof path);
    TRY(join_path(w, dir, name));
    TRY(tmp_path(tmp, dir, name));
    TRY(make_dirs(dir));
    Result<void> r = fill_temp(tmp, path, content);
    if (r.ok() && rename(tmp, path) < 0) r = call_error(errno, kStepWrite, path, "rename");
    if (!r.ok()) {
        (void)unlink(tmp);
        return r;
    }
    return sync_dir(dir);
}

Result<void> remove_file(const char* dir, const char* name) {
    Path path, tmp;
    Writer w(path, sizeof path);
    TRY(join_path(w, dir, name));
    TRY(tmp_path(tmp, dir, name));
    if (unlink(path) < 0 && errno != ENOENT) return call_error(errno, kStepRemove, path, "unlink");
    if (unlink(tmp) < 0 && errno != ENOENT) return call_error(errno, kStepRemove, tmp, "unlink");
    return {};
}

}  // namespace krg
