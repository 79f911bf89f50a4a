// SPDX-License-Identifier: GPL-2.0-or-later
// Reading netlink: walking the messages of a datagram and the attributes of
// a message, every length checked against what was received (libmnl's
// mnl_nlmsg_ok / mnl_attr_parse / mnl_attr_validate in one small table form).
//
//   for (Msgs it(data, len); const nlmsghdr* h = it.next();) ...
//   if (!it.ok()) -> trailing bytes that are not a whole message
//
//   const nlattr* tb[IFLA_MAX + 1];
//   if (!parse_attrs(h, sizeof(ifinfomsg), tb, IFLA_MAX)) -> malformed
//   uint32_t mtu; if (attr_u32(tb[IFLA_MTU], &mtu)) ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "nl/uapi_compat.h"

namespace krg::nl {

// Iterates over the messages of one datagram (data must be 4-byte aligned).
class Msgs {
public:
    Msgs(const void* data, size_t len) : p_(static_cast<const uint8_t*>(data)), left_(len) {}
    // The next whole message, or nullptr at the end or at a truncated one.
    const nlmsghdr* next();
    // False when the datagram ended in a truncated or malformed message.
    bool ok() const { return !bad_; }

private:
    const uint8_t* p_;
    size_t left_;
    bool bad_ = false;
};

// Payload after the netlink header, and its length.
inline const uint8_t* msg_payload(const nlmsghdr* h) { return reinterpret_cast<const uint8_t*>(h) + NLMSG_HDRLEN; }
inline size_t msg_payload_len(const nlmsghdr* h) { return h->nlmsg_len - NLMSG_HDRLEN; }

// Fills tb[0..max] with the last attribute of each type in data[0..len)
// (nullptr where absent; types above max are ignored).  False when an
// attribute's length runs past the end.
bool parse_attrs(const void* data, size_t len, const nlattr** tb, uint16_t max);
// Same for the attributes after a message's family header of size `extra`.
bool parse_attrs(const nlmsghdr* h, size_t extra, const nlattr** tb, uint16_t max);
// Same for the attributes nested in `nest`.
bool parse_nested(const nlattr* nest, const nlattr** tb, uint16_t max);

inline const uint8_t* attr_data(const nlattr* a) { return reinterpret_cast<const uint8_t*>(a) + NLA_HDRLEN; }
inline size_t attr_len(const nlattr* a) { return a->nla_len - NLA_HDRLEN; }

// Typed reads: false when a is nullptr or too short for the type.
bool attr_u8(const nlattr* a, uint8_t* out);
bool attr_u16(const nlattr* a, uint16_t* out);
bool attr_u32(const nlattr* a, uint32_t* out);
// Text up to the first NUL or the attribute's end (NUL optional).
bool attr_str(const nlattr* a, std::string_view* out);
// Copies that text into dst with a NUL; false when absent or it does not fit.
bool attr_strcpy(const nlattr* a, char* dst, size_t cap);

}  // namespace krg::nl
