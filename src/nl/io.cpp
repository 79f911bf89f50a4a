// SPDX-License-Identifier: GPL-2.0-or-later
// Default implementations of the netlink I/O seam (see io.h).
#include "nl/io.h"

#include <sys/socket.h>

#include <cstring>

#include "nl/uapi_compat.h"

// sendto, not sendmsg: the same datagram, and the probe links sendto anyway.
extern "C" ssize_t krg_nl_send(int fd, const void* buf, size_t len) {
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    return sendto(fd, buf, len, 0, reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel);
}

extern "C" ssize_t krg_nl_recv(int fd, void* buf, size_t len, int flags, uint32_t* sender) {
    sockaddr_nl from{};
    iovec iov{buf, len};
    msghdr m{};
    m.msg_name = &from;
    m.msg_namelen = sizeof from;
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    ssize_t n = recvmsg(fd, &m, flags);
    if (n >= 0 && sender) *sender = from.nl_pid;
    return n;
}
