// SPDX-License-Identifier: GPL-2.0-or-later
#include "nl/msg.h"

#include <arpa/inet.h>

#include <cstring>

#include "base/result.h"

namespace krg::nl {

NlBuf::NlBuf(void* buf, size_t cap) : buf_(static_cast<uint8_t*>(buf)), cap_(cap) {
    if (reinterpret_cast<uintptr_t>(buf) & 3) trap("NlBuf: buffer not 4-byte aligned");
}

void* NlBuf::grow(size_t n) {
    if (overflow_) return nullptr;
    if (!has_msg_) trap("NlBuf: attribute before put_header");
    size_t padded = align4(n);
    if (padded > cap_ - len_) {
        overflow_ = true;
        return nullptr;
    }
    uint8_t* p = buf_ + len_;
    memset(p, 0, padded);
    len_ += padded;
    current()->nlmsg_len = uint32_t(len_ - msg_);
    return p;
}

nlmsghdr* NlBuf::put_header(uint16_t type, uint16_t flags) {
    if (overflow_ || NLMSG_HDRLEN > cap_ - len_) {
        overflow_ = true;
        return nullptr;
    }
    msg_ = len_;
    has_msg_ = true;
    auto* h = static_cast<nlmsghdr*>(grow(NLMSG_HDRLEN));
    h->nlmsg_type = type;
    h->nlmsg_flags = flags;
    return h;
}

void* NlBuf::put_extra(size_t size) { return grow(size); }

nlattr* NlBuf::put_raw(uint16_t type, size_t len) {
    if (len > UINT16_MAX - NLA_HDRLEN) {
        overflow_ = true;
        return nullptr;
    }
    auto* a = static_cast<nlattr*>(grow(NLA_HDRLEN + len));
    if (!a) return nullptr;
    a->nla_type = type;
    a->nla_len = uint16_t(NLA_HDRLEN + len);
    return a;
}

bool NlBuf::put_attr(uint16_t type, const void* data, size_t len) {
    nlattr* a = put_raw(type, len);
    if (a && len) memcpy(reinterpret_cast<uint8_t*>(a) + NLA_HDRLEN, data, len);
    return a;
}

bool NlBuf::put_be32(uint16_t type, uint32_t host_value) {
    uint32_t v = htonl(host_value);
    return put_attr(type, &v, sizeof v);
}

bool NlBuf::put_str(uint16_t type, std::string_view s) { return put_attr(type, s.data(), s.size()); }

bool NlBuf::put_strz(uint16_t type, std::string_view s) {
    nlattr* a = put_raw(type, s.size() + 1);
    if (a) memcpy(reinterpret_cast<uint8_t*>(a) + NLA_HDRLEN, s.data(), s.size());  // the NUL is from grow()
    return a;
}

nlattr* NlBuf::nest_start(uint16_t type) {
    return put_raw(type, 0);  // no NLA_F_NESTED, like libmnl and iproute2
}

void NlBuf::nest_end(nlattr* nest) {
    if (!nest) return;
    size_t len = size_t(buf_ + len_ - reinterpret_cast<uint8_t*>(nest));
    if (len > UINT16_MAX) {
        overflow_ = true;
        return;
    }
    nest->nla_len = uint16_t(len);
}

void NlBuf::nest_cancel(nlattr* nest) {
    if (!nest) return;
    len_ = size_t(reinterpret_cast<uint8_t*>(nest) - buf_);
    current()->nlmsg_len = uint32_t(len_ - msg_);
}

nfgenmsg* put_nfgen(NlBuf& b, uint8_t family, uint16_t res_id) {
    auto* g = b.put_extra<nfgenmsg>();
    if (!g) return nullptr;
    g->nfgen_family = family;
    g->version = NFNETLINK_V0;
    g->res_id = htons(res_id);
    return g;
}

void batch_begin(NlBuf& b, uint16_t subsys) {
    b.put_header(NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST);
    put_nfgen(b, AF_UNSPEC, subsys);
}

void batch_end(NlBuf& b, uint16_t subsys) {
    b.put_header(NFNL_MSG_BATCH_END, NLM_F_REQUEST);
    put_nfgen(b, AF_UNSPEC, subsys);
}

}  // namespace krg::nl
