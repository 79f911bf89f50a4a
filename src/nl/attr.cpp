// SPDX-License-Identifier: GPL-2.0-or-later
#include "nl/attr.h"

#include <cstring>

namespace krg::nl {

const nlmsghdr* Msgs::next() {
    if (bad_ || left_ == 0) return nullptr;
    if (left_ < NLMSG_HDRLEN) {
        bad_ = true;
        return nullptr;
    }
    auto* h = reinterpret_cast<const nlmsghdr*>(p_);
    if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > left_) {
        bad_ = true;
        return nullptr;
    }
    size_t step = NLMSG_ALIGN(h->nlmsg_len);
    if (step > left_) step = left_;  // the last message of a datagram may lack its padding
    p_ += step;
    left_ -= step;
    return h;
}

bool parse_attrs(const void* data, size_t len, const nlattr** tb, uint16_t max) {
    for (uint16_t i = 0; i <= max; i++) tb[i] = nullptr;
    auto* p = static_cast<const uint8_t*>(data);
    while (len >= NLA_HDRLEN) {
        auto* a = reinterpret_cast<const nlattr*>(p);
        if (a->nla_len < NLA_HDRLEN || a->nla_len > len) return false;
        uint16_t type = a->nla_type & NLA_TYPE_MASK;
        if (type <= max) tb[type] = a;
        size_t step = NLA_ALIGN(a->nla_len);
        if (step >= len) return true;
        p += step;
        len -= step;
    }
    return len == 0;
}

bool parse_attrs(const nlmsghdr* h, size_t extra, const nlattr** tb, uint16_t max) {
    size_t off = NLMSG_ALIGN(extra);
    if (msg_payload_len(h) < off) return false;
    return parse_attrs(msg_payload(h) + off, msg_payload_len(h) - off, tb, max);
}

bool parse_nested(const nlattr* nest, const nlattr** tb, uint16_t max) {
    if (!nest) return false;
    return parse_attrs(attr_data(nest), attr_len(nest), tb, max);
}

static bool read_fixed(const nlattr* a, void* out, size_t size) {
    if (!a || attr_len(a) < size) return false;
    memcpy(out, attr_data(a), size);
    return true;
}

bool attr_u8(const nlattr* a, uint8_t* out) { return read_fixed(a, out, sizeof *out); }
bool attr_u16(const nlattr* a, uint16_t* out) { return read_fixed(a, out, sizeof *out); }
bool attr_u32(const nlattr* a, uint32_t* out) { return read_fixed(a, out, sizeof *out); }

bool attr_str(const nlattr* a, std::string_view* out) {
    if (!a) return false;
    auto* s = reinterpret_cast<const char*>(attr_data(a));
    size_t n = attr_len(a);
    const void* nul = memchr(s, 0, n);
    if (nul) n = size_t(static_cast<const char*>(nul) - s);
    *out = std::string_view(s, n);
    return true;
}

bool attr_strcpy(const nlattr* a, char* dst, size_t cap) {
    std::string_view s;
    if (!attr_str(a, &s) || cap == 0 || s.size() >= cap) return false;
    memcpy(dst, s.data(), s.size());
    dst[s.size()] = '\0';
    return true;
}

}  // namespace krg::nl
