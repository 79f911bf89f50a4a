// SPDX-License-Identifier: GPL-2.0-or-later
// The only two places where netlink bytes cross into the kernel.
//
// FAULT-INJECTION SEAM: socket.cpp calls these and nothing else to send and
// receive, and they live in their own object file (io.o) precisely so that a
// unit test can replace them at link time without touching the code:
//
//   tests/unit/test_X.wrap:   -Wl,--wrap=krg_nl_send -Wl,--wrap=krg_nl_recv
//   tests/unit/test_X.cpp:    extern "C" ssize_t __wrap_krg_nl_send(int fd, const void* buf, size_t len) {
//                                 if (++sends == fail_at) { errno = EPERM; return -1; }
//                                 return __real_krg_nl_send(fd, buf, len);
//                             }
//
// (--wrap only redirects references made from other object files, which is
// why these are not defined in socket.cpp.)  Both follow the libc
// convention: a byte count, or -1 with errno set.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>

extern "C" {

// Sends one datagram of netlink messages to the kernel (port 0).
ssize_t krg_nl_send(int fd, const void* buf, size_t len);

// Receives one datagram into buf.  flags are recvmsg flags (transact passes
// MSG_TRUNC so the result is the datagram's real length, which may exceed
// len; MSG_DONTWAIT when draining).  *sender gets the sending port (0 = the
// kernel).
ssize_t krg_nl_recv(int fd, void* buf, size_t len, int flags, uint32_t* sender);

}
