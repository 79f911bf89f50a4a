// SPDX-License-Identifier: GPL-2.0-or-later
// A netlink socket (libmnl's mnl_socket plus mnl_cb_run in one call):
//
//   Socket s = TRY(Socket::open(NETLINK_ROUTE));
//   MsgBuf<512> req;  build_...(req, ...);
//   TRY(s.transact(req, {"create", "krg0 (vlan 7 on eth0)"}));
//
// transact sends the whole buffer in one sendmsg and reads replies until
// every message that asked for one (NLM_F_ACK, or NLM_F_DUMP) is answered.
// Sockets opened in another network namespace (by the netns code, after
// setns) are taken over with Socket::adopt(fd).
//
// Replies land in one static 32 KiB buffer shared by all sockets: krgnet is
// single-threaded, and a ReplyFn must not call transact itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/result.h"
#include "nl/msg.h"
#include "nl/reply.h"

namespace krg::nl {

inline constexpr size_t kRecvBuf = 32768;  // the kernel's largest dump chunk

class Socket {
public:
    // socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, protocol), NETLINK_EXT_ACK and
    // NETLINK_CAP_ACK on (where the kernel knows them), bound to `groups`
    // (a bit mask of multicast groups: 1 << (RTNLGRP_LINK - 1) for link events).
    static Result<Socket> open(int protocol, uint32_t groups = 0);
    // Takes ownership of an AF_NETLINK socket opened elsewhere (closed again
    // on failure): sets the same options, binds it if it is not bound yet,
    // and learns its port id.
    static Result<Socket> adopt(int fd, uint32_t groups = 0);

    Socket(Socket&& o) noexcept;
    Socket& operator=(Socket&& o) noexcept;
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    ~Socket();

    int fd() const { return fd_; }
    uint32_t port() const { return port_; }
    // Requests sent by transact on this socket (each one sendmsg and the
    // receives answering it).
    uint32_t round_trips() const { return trips_; }

    // Sends req (stamping sequence numbers and pid 0) and waits for its
    // answers; fn sees every data message.  Errors carry what.step and
    // what.object; the kernel's errno and ext-ack text are in code/detail.
    Result<void> transact(NlBuf& req, const What& what, ReplyFn fn = nullptr, void* ctx = nullptr);

    // One datagram from the kernel (for multicast event sockets), into the
    // shared receive buffer; valid until the next receive or transact.
    // Error codes EAGAIN (nothing queued, wait = false) and ENOBUFS (events
    // were lost: re-read the state) are for the caller to test.
    Result<std::span<const uint8_t>> receive(bool wait);

    // Gives up the fd without closing it.
    int release();

private:
    explicit Socket(int fd) : fd_(fd) {}
    Result<void> setup(uint32_t groups);
    void drain();

    int fd_ = -1;
    uint32_t port_ = 0;
    uint32_t seq_ = 1;
    uint32_t trips_ = 0;
};

// Round trips of all sockets of this process (the benchmark prints it).
uint64_t total_round_trips();

}  // namespace krg::nl
