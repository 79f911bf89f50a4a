// SPDX-License-Identifier: GPL-2.0-or-later
#include "nl/socket.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/errno_text.h"
#include "base/text.h"
#include "nl/io.h"

namespace krg::nl {

namespace {

alignas(8) uint8_t g_rx[kRecvBuf];
uint64_t g_total_trips = 0;
constexpr int kMaxDrain = 64;  // stale datagrams dropped after a failed exchange

const What kOpen{"open", "netlink socket"};
const What kEvents{"read", "netlink events"};

// "<doing>: <errno_text(errno)>".
Error io_error(const What& what, const char* doing) {
    int code = errno;
    Text<kErrDetail> d;
    d.put(doing).put(": ").put(errno_text(code));
    return request_error(what, code, d.c_str());
}

// One datagram into g_rx, EINTR retried: its real length (MSG_TRUNC: it may
// exceed g_rx), or -1 with errno.
ssize_t receive_rx(int fd, int flags, uint32_t* sender) {
    ssize_t n;
    do n = krg_nl_recv(fd, g_rx, sizeof g_rx, flags | MSG_TRUNC, sender);
    while (n < 0 && errno == EINTR);
    return n;
}

bool own_address(int fd, sockaddr_nl* addr) {
    socklen_t len = sizeof *addr;
    return getsockname(fd, reinterpret_cast<sockaddr*>(addr), &len) == 0;
}

}  // namespace

uint64_t total_round_trips() { return g_total_trips; }

Result<Socket> Socket::open(int protocol, uint32_t groups) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
    if (fd < 0) return io_error(kOpen, "socket(AF_NETLINK)");
    return adopt(fd, groups);
}

Result<Socket> Socket::adopt(int fd, uint32_t groups) {
    Socket s(fd);  // closes fd if setup fails
    TRY(s.setup(groups));
    return s;
}

Result<void> Socket::setup(uint32_t groups) {
    int on = 1;
    // Best effort: kernels before 4.3 / 4.12 lack these and still work.
    (void)setsockopt(fd_, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof on);
    (void)setsockopt(fd_, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof on);
    sockaddr_nl addr{};
    if (!own_address(fd_, &addr)) return io_error(kOpen, "getsockname");
    if (addr.nl_family != AF_NETLINK) return request_error(kOpen, EINVAL, "not a netlink socket");
    if (addr.nl_pid == 0 || groups) {
        addr.nl_groups = groups;  // nl_pid 0: the kernel picks the port
        if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) return io_error(kOpen, "bind");
        if (!own_address(fd_, &addr)) return io_error(kOpen, "getsockname");
    }
    port_ = addr.nl_pid;
    return {};
}

Socket::Socket(Socket&& o) noexcept : fd_(o.fd_), port_(o.port_), seq_(o.seq_), trips_(o.trips_) { o.fd_ = -1; }

Socket& Socket::operator=(Socket&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) close(fd_);
        fd_ = o.fd_;
        port_ = o.port_;
        seq_ = o.seq_;
        trips_ = o.trips_;
        o.fd_ = -1;
    }
    return *this;
}

Socket::~Socket() {
    if (fd_ >= 0) close(fd_);
}

int Socket::release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
}

// After a failed exchange the kernel may still have queued answers to the
// rest of the request (it handles a whole sendmsg before returning): drop
// them so the next exchange does not see foreign sequence numbers.
void Socket::drain() {
    uint32_t sender;
    for (int i = 0; i < kMaxDrain; i++)
        if (receive_rx(fd_, MSG_DONTWAIT, &sender) < 0) return;
}

Result<void> Socket::transact(NlBuf& req, const What& what, ReplyFn fn, void* ctx) {
    Exchange ex(what, port_, fn, ctx);
    TRY(ex.start(req, &seq_));
    trips_++;
    g_total_trips++;
    ssize_t n;
    do n = krg_nl_send(fd_, req.data(), req.size());
    while (n < 0 && errno == EINTR);
    if (n < 0) return io_error(what, "netlink send");
    if (size_t(n) != req.size()) return request_error(what, EIO, "short netlink send");
    while (!ex.done()) {
        uint32_t sender = 0;
        n = receive_rx(fd_, 0, &sender);
        if (n < 0) return io_error(what, "netlink receive");
        Result<void> r = {};
        if (size_t(n) > sizeof g_rx) r = request_error(what, EMSGSIZE, "netlink reply too large");
        else if (sender != 0) r = request_error(what, EPROTO, "netlink reply not from the kernel");
        else r = ex.feed(g_rx, size_t(n));
        if (!r) {
            drain();
            return r;
        }
    }
    return {};
}

Result<std::span<const uint8_t>> Socket::receive(bool wait) {
    for (;;) {
        uint32_t sender = 0;
        ssize_t n = receive_rx(fd_, wait ? 0 : MSG_DONTWAIT, &sender);
        if (n < 0) return io_error(kEvents, "netlink receive");
        if (size_t(n) > sizeof g_rx) return request_error(kEvents, ENOBUFS, "event too large");
        if (sender == 0) return std::span<const uint8_t>(g_rx, size_t(n));  // only the kernel speaks on event sockets
    }
}

}  // namespace krg::nl
