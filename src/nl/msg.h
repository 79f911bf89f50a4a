// SPDX-License-Identifier: GPL-2.0-or-later
// Netlink message builder over a caller-owned buffer, shaped like libmnl's
// mnl_nlmsg_put_header / mnl_attr_put* / mnl_attr_nest_*:
//
//   MsgBuf<256> b;
//   b.put_header(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
//   auto* ifi = b.put_extra<ifinfomsg>();
//   b.put_strz(IFLA_IFNAME, "krg0");
//   nlattr* info = b.nest_start(IFLA_LINKINFO); ... b.nest_end(info);
//
// Several messages may follow each other in one buffer (a batch).  Every put
// is bounds-checked: once something does not fit, the buffer is marked
// overflowed, nothing more is written, and Socket::transact refuses to send
// it.  Sequence numbers and port ids are left 0: Socket::transact stamps them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "nl/uapi_compat.h"

namespace krg::nl {

inline constexpr size_t align4(size_t n) { return (n + 3) & ~size_t(3); }

class NlBuf {
public:
    // buf must be 4-byte aligned (MsgBuf<N> is).
    NlBuf(void* buf, size_t cap);
    NlBuf(const NlBuf&) = delete;
    NlBuf& operator=(const NlBuf&) = delete;

    // Starts a new message at the end of the buffer; nullptr on overflow.
    nlmsghdr* put_header(uint16_t type, uint16_t flags);
    // Zeroed family header (ifinfomsg, ifaddrmsg, nfgenmsg...) of the current
    // message; nullptr on overflow.
    void* put_extra(size_t size);
    template <typename T>
    T* put_extra() { return static_cast<T*>(put_extra(sizeof(T))); }

    // Attributes of the current message (or of the innermost open nest).
    // Each returns false (and marks the buffer overflowed) when it does not fit.
    bool put_attr(uint16_t type, const void* data, size_t len);
    bool put_u8(uint16_t type, uint8_t v) { return put_attr(type, &v, sizeof v); }
    bool put_u16(uint16_t type, uint16_t v) { return put_attr(type, &v, sizeof v); }
    bool put_u32(uint16_t type, uint32_t v) { return put_attr(type, &v, sizeof v); }
    bool put_be32(uint16_t type, uint32_t host_value);  // nf_tables integers
    bool put_str(uint16_t type, std::string_view s);    // without the NUL
    bool put_strz(uint16_t type, std::string_view s);   // with a NUL

    // Nested attributes (type as given: pass type | NLA_F_NESTED where a
    // strict kernel policy wants the flag); nest_end/nest_cancel accept the nullptr an
    // overflowed nest_start returns.  nest_cancel drops the nest and all it holds.
    nlattr* nest_start(uint16_t type);
    void nest_end(nlattr* nest);
    void nest_cancel(nlattr* nest);

    bool overflow() const { return overflow_; }
    uint8_t* data() { return buf_; }
    const uint8_t* data() const { return buf_; }
    size_t size() const { return len_; }
    size_t capacity() const { return cap_; }
    // The message put_header started last, or nullptr.
    nlmsghdr* current() { return has_msg_ ? reinterpret_cast<nlmsghdr*>(buf_ + msg_) : nullptr; }
    void reset() { len_ = 0; msg_ = 0; has_msg_ = false; overflow_ = false; }

private:
    void* grow(size_t n);  // n aligned up, zeroed, appended to the current message
    nlattr* put_raw(uint16_t type, size_t len);  // an attribute with len zeroed bytes
    uint8_t* buf_;
    size_t cap_;
    size_t len_ = 0;
    size_t msg_ = 0;
    bool has_msg_ = false;
    bool overflow_ = false;
};

// A builder that owns its storage.
template <size_t N>
class MsgBuf : public NlBuf {
public:
    MsgBuf() : NlBuf(storage_, N) {}
private:
    alignas(8) uint8_t storage_[N];
};

// --- nfnetlink (nf_tables) ---------------------------------------------------
// One all-or-nothing transaction:
//   batch_begin(b);
//   b.put_header(nft_type(NFT_MSG_NEWTABLE), NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE);
//   put_nfgen(b, NFPROTO_INET);  b.put_strz(NFTA_TABLE_NAME, "krgtest"); ...
//   batch_end(b);
// BEGIN and END carry no NLM_F_ACK (kernels before 6.10 never answer them);
// every message between them should, so that transact waits for each verdict.

inline constexpr uint16_t nft_type(uint16_t msg) { return uint16_t(NFNL_SUBSYS_NFTABLES << 8 | msg); }

// nfgenmsg of the current message; res_id in host order (stored big-endian).
nfgenmsg* put_nfgen(NlBuf& b, uint8_t family, uint16_t res_id = 0);
void batch_begin(NlBuf& b, uint16_t subsys = NFNL_SUBSYS_NFTABLES);
void batch_end(NlBuf& b, uint16_t subsys = NFNL_SUBSYS_NFTABLES);

}  // namespace krg::nl
