// SPDX-License-Identifier: GPL-2.0-or-later
// The reply side of one request/response exchange, without any socket, so
// recorded kernel replies can be fed to it byte for byte:
//
//   Exchange ex(what, port, on_msg, ctx);
//   TRY(ex.start(req, &next_seq));   // stamps seq/pid, notes what to wait for
//   ... send req ...
//   while (!ex.done()) TRY(ex.feed(datagram, len));
//
// A message with NLM_F_ACK is answered by NLMSG_ERROR (error 0 = ACK); a dump
// (NLM_F_DUMP) by NLM_F_MULTI messages and NLMSG_DONE; other messages (the
// BEGIN/END of an nfnetlink batch) by nothing unless they fail.  Every reply
// must carry our port (or 0) and a sequence number of this exchange, else it
// is rejected; NLMSG_ERROR becomes an Error with the errno and the kernel's
// extended-ack text.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/result.h"
#include "nl/msg.h"

namespace krg::nl {

// What a request is about, for its error messages: "create", "krg0 (vlan 7 on eth0)".
struct What {
    const char* step;    // static string
    const char* object;  // copied into the Error
};

// The Error of a request: what.step, what.object, detail.
Error request_error(const What& what, int code, const char* detail);

// Called for every data message (not ACK/ERROR/DONE) of the exchange.
// The message points into the receive buffer: copy what you keep.  An Error
// returned with an empty step gets the exchange's step and object.
using ReplyFn = Result<void> (*)(const nlmsghdr* msg, void* ctx);

// The error of a ReplyFn for a message it cannot read: EPROTO and detail
// ("malformed RTM_NEWLINK"); the exchange adds its step and object.
Error reply_error(const char* detail);

// Most messages one transact may carry (an nf_tables batch with its rules).
inline constexpr uint32_t kMaxBatch = 256;

class Exchange {
public:
    Exchange(const What& what, uint32_t port, ReplyFn fn = nullptr, void* ctx = nullptr)
        : what_(what), port_(port), fn_(fn), ctx_(ctx) {}

    // Stamps consecutive sequence numbers from *next_seq (never 0) and pid 0
    // on every message of req, and notes which ones await an answer.
    Result<void> start(NlBuf& req, uint32_t* next_seq);
    // One datagram received from the kernel.  Fails on the first NLMSG_ERROR
    // with an error, a reply outside this exchange, or a truncated message.
    Result<void> feed(const void* data, size_t len);
    bool done() const { return outstanding_ == 0; }
    uint32_t first_seq() const { return first_; }
    uint32_t count() const { return count_; }

private:
    bool waiting(uint32_t i) const { return wait_[i / 64] >> (i % 64) & 1; }
    void settle(uint32_t i);
    Result<void> on_status(const nlmsghdr* h);
    Error reject(int code, const char* detail) const { return request_error(what_, code, detail); }
    Error foreign(const nlmsghdr* h) const;

    What what_;
    uint32_t port_;
    ReplyFn fn_;
    void* ctx_;
    uint32_t first_ = 0;
    uint32_t count_ = 0;
    uint32_t outstanding_ = 0;
    uint64_t wait_[kMaxBatch / 64] = {};
};

// "Operation not supported: Unknown device type" (strerror, then the
// kernel's ext-ack text when there is one) as the Error of an exchange.
Error netlink_error(const What& what, int code, const char* extack);

}  // namespace krg::nl
