// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include "base/clock.h"
#include "sys/atomic_file.h"
#include "sys/fd.h"

namespace krg {

namespace {
constexpr const char* kStep = "lock";
constexpr const char kLockFile[] = ".lock";
constexpr uint32_t kRetryMs = 20;
}  // namespace

Result<int> lock_run(const char* dir, uint32_t timeout_ms) {
    Text<kStatePathSize> path;
    TRY(join_path(path, dir, kLockFile));
    TRY(make_dirs(dir));
    Fd fd(open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.fd < 0) return call_error(errno, kStep, path.c_str(), "open");
    uint64_t deadline = monotonic_ms() + timeout_ms;
    while (flock(fd.fd, LOCK_EX | LOCK_NB) < 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) return call_error(errno, kStep, path.c_str(), "flock");
        if (monotonic_ms() >= deadline) {
            Text<kErrDetail> why;
            why.put("another krgnet run holds it (waited ").put_uint(timeout_ms).put(" ms)");
            return step_error(ETIMEDOUT, kStep, path.c_str(), why.c_str());
        }
        usleep(kRetryMs * 1000);
    }
    return fd.release();
}

}  // namespace krg
