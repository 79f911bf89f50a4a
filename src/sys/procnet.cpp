// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/procnet.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>

#include "sys/fd.h"

namespace krg {

Result<int> open_in(int netns_fd, const char* path, int flags) {
    constexpr const char* step = "open in namespace";
    Fd own;
    if (netns_fd >= 0) {
        own.fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        if (own.fd < 0) return call_error(errno, step, path, "open /proc/thread-self/ns/net");
        if (setns(netns_fd, CLONE_NEWNET) < 0) return call_error(errno, step, path, "setns");
    }
    int fd = open(path, flags | O_CLOEXEC);
    int err = errno;
    if (own.fd >= 0 && setns(own.fd, CLONE_NEWNET) < 0) {
        close_keeping_errno(fd);
        return call_error(errno, step, path, "return to the original network namespace");
    }
    if (fd < 0) return call_error(err, step, path, "open");
    return fd;
}

}  // namespace krg
