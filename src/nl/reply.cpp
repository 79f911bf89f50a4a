// SPDX-License-Identifier: GPL-2.0-or-later
#include "nl/reply.h"

#include <cerrno>
#include <cstring>

#include "base/errno_text.h"
#include "base/text.h"
#include "nl/attr.h"

namespace krg::nl {

inline constexpr int32_t kMaxErrno = 4095;  // the kernel's MAX_ERRNO

Error netlink_error(const What& what, int code, const char* extack) {
    Text<kErrDetail> d;
    if (extack && extack[0]) d.put(errno_text(code)).put(": ").put(extack);
    return request_error(what, code, d.c_str());
}

Error request_error(const What& what, int code, const char* detail) {
    return Error::system(code, what.step, what.object, detail);
}

Error reply_error(const char* detail) { return request_error({"", ""}, EPROTO, detail); }

// A reply that is not for this exchange: another port, or a sequence number
// outside it.
Error Exchange::foreign(const nlmsghdr* h) const {
    Text<kErrDetail> d;
    if (h->nlmsg_pid != port_ && h->nlmsg_pid != 0)
        d.put("netlink reply for port ").put_uint(h->nlmsg_pid).put(", ours is ").put_uint(port_);
    else
        d.put("netlink reply with sequence number ").put_uint(h->nlmsg_seq).put(", expected ")
            .put_uint(first_).put("..").put_uint(first_ + count_ - 1);
    return reject(EPROTO, d.c_str());
}

Result<void> Exchange::start(NlBuf& req, uint32_t* next_seq) {
    if (req.overflow()) return reject(EMSGSIZE, "netlink request does not fit in its buffer");
    first_ = (*next_seq == 0 || *next_seq > UINT32_MAX - kMaxBatch) ? 1 : *next_seq;
    count_ = 0;
    outstanding_ = 0;
    for (auto& w : wait_) w = 0;
    for (Msgs it(req.data(), req.size()); auto* cur = it.next();) {
        if (count_ == kMaxBatch) return reject(E2BIG, "too many messages in one netlink request");
        auto* h = const_cast<nlmsghdr*>(cur);
        h->nlmsg_seq = first_ + count_;
        h->nlmsg_pid = 0;
        if (h->nlmsg_flags & (NLM_F_ACK | NLM_F_DUMP)) {
            wait_[count_ / 64] |= uint64_t(1) << (count_ % 64);
            outstanding_++;
        }
        count_++;
    }
    if (count_ == 0) return reject(EINVAL, "empty netlink request");
    *next_seq = first_ + count_;
    return {};
}

void Exchange::settle(uint32_t i) {
    if (!waiting(i)) return;
    wait_[i / 64] &= ~(uint64_t(1) << (i % 64));
    outstanding_--;
}

// The kernel's ext-ack text in the attributes at tlv_off of the payload, or nullptr.
static const char* extack_text(const nlmsghdr* h, size_t tlv_off) {
    if (!(h->nlmsg_flags & NLM_F_ACK_TLVS) || tlv_off > msg_payload_len(h)) return nullptr;
    const nlattr* tb[kErrAttrOffs + 1];
    if (!parse_attrs(msg_payload(h) + tlv_off, msg_payload_len(h) - tlv_off, tb, kErrAttrOffs)) return nullptr;
    const nlattr* m = tb[kErrAttrMsg];
    if (!m || attr_len(m) == 0 || attr_data(m)[attr_len(m) - 1] != '\0') return nullptr;
    return reinterpret_cast<const char*>(attr_data(m));
}

// NLMSG_ERROR (an nlmsgerr: the errno, 0 for an ACK, then the echoed request)
// or NLMSG_DONE (an errno, which old kernels leave out): answers a request.
Result<void> Exchange::on_status(const nlmsghdr* h) {
    int32_t err = 0;
    size_t tlv_off = sizeof err;
    if (h->nlmsg_type == NLMSG_ERROR) {
        nlmsgerr e;
        if (msg_payload_len(h) < sizeof e) return reject(EPROTO, "truncated netlink message");
        memcpy(&e, msg_payload(h), sizeof e);
        err = e.error;
        // Ext-ack attributes follow the echoed request: its header only when NLM_F_CAPPED.
        tlv_off = (h->nlmsg_flags & NLM_F_CAPPED) ? sizeof e : sizeof e.error + align4(e.msg.nlmsg_len);
    } else if (msg_payload_len(h) >= sizeof err) {
        memcpy(&err, msg_payload(h), sizeof err);
    }
    settle(h->nlmsg_seq - first_);
    if (err == 0) return {};  // ACK (ext-ack warnings ignored)
    // The kernel sends -errno, errno in 1..4095 (MAX_ERRNO).  Anything else
    // (a positive value, INT_MIN whose negation overflows) is no errno.
    if (err > 0 || err < -kMaxErrno) {
        Text<kErrDetail> d;
        d.put("bad error code ").put_int(err).put(" from the kernel");
        return reject(EIO, d.c_str());
    }
    return netlink_error(what_, -err, extack_text(h, tlv_off));
}

Result<void> Exchange::feed(const void* data, size_t len) {
    Msgs it(data, len);
    while (const nlmsghdr* h = it.next()) {
        uint32_t i = h->nlmsg_seq - first_;
        if ((h->nlmsg_pid != port_ && h->nlmsg_pid != 0) || i >= count_) return foreign(h);
        switch (h->nlmsg_type) {
        case NLMSG_NOOP: break;
        case NLMSG_ERROR:
        case NLMSG_DONE: TRY(on_status(h)); break;
        case NLMSG_OVERRUN: return reject(EOVERFLOW, "netlink overrun");
        default:
            if (!waiting(i)) return reject(EPROTO, "netlink data after its request was answered");
            // NLM_F_DUMP_INTR (the dump changed under us) is accepted: callers
            // that need a consistent view (wait_for_link) also listen for events.
            if (!fn_) break;
            Result<void> r = fn_(h, ctx_);
            if (r.ok()) break;
            // An error without step and object gets this exchange's.
            const Error& e = r.error();
            if (e.step[0]) return r;
            return Error::make(e.exit, e.code, what_.step, what_.object, e.detail);
        }
    }
    if (!it.ok()) return reject(EPROTO, "truncated netlink message");
    return {};
}

}  // namespace krg::nl
