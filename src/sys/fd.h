// SPDX-License-Identifier: GPL-2.0-or-later
// What every step needs around raw system calls: a descriptor that closes
// itself, and the one-line error for a call that failed.
//
//   Fd sock(socket(...));
//   if (sock.fd < 0) return call_error(errno, "probe", "10.4.135.4 on eth0", "socket", hint);
//       -> "probe 10.4.135.4 on eth0: socket: Operation not permitted (needs CAP_NET_RAW)"
//
// Helpers that run several calls may return the name of the one that failed
// (nullptr for success) with errno still holding the cause: the caller then
// builds one error for all of them.  ~Fd keeps errno for that reason.
//
// Header-only, so that each sys/*.o still links alone (the host tier's
// drivers link one of them with base/); noinline: the linker keeps one copy
// of each function for all callers.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/errno_text.h"
#include "base/result.h"
#include "base/text.h"

namespace krg {

// Closes fd (when >= 0) without changing errno.
inline void close_keeping_errno(int fd) {
    if (fd < 0) return;
    int saved = errno;
    close(fd);
    errno = saved;
}

struct Fd {
    int fd = -1;
    Fd() = default;
    explicit Fd(int f) : fd(f) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { close_keeping_errno(fd); }
    int release() {
        int f = fd;
        fd = -1;
        return f;
    }
};

// A system Error.
[[gnu::noinline]] inline Error step_error(int code, const char* step, const char* object, const char* detail) {
    return Error::system(code, step, object, detail);
}

// The same with the detail "<call>: <errno_text(code)>", then " (<hint>)" when
// hint is not nullptr.
[[gnu::noinline]] inline Error call_error(int code, const char* step, const char* object, const char* call,
                                              const char* hint = nullptr) {
    Text<kErrDetail> detail;
    detail.put(call).put(": ").put(errno_text(code));
    Error e = step_error(code, step, object, detail.c_str());
    if (hint) e.hint(hint);
    return e;
}

}  // namespace krg
