// SPDX-License-Identifier: GPL-2.0-or-later
#include "nl/addr.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "nl/attr.h"

namespace krg::nl {

namespace {

constexpr size_t kReqSize = 128;

void addr_msg(NlBuf& b, uint16_t type, uint16_t flags, int ifindex, Ip4 addr, uint8_t prefix_len) {
    b.put_header(type, flags);
    auto* ifa = b.put_extra<ifaddrmsg>();
    if (ifa) {
        ifa->ifa_family = AF_INET;
        ifa->ifa_prefixlen = prefix_len;
        ifa->ifa_scope = RT_SCOPE_UNIVERSE;
        ifa->ifa_index = uint32_t(ifindex);
    }
    uint32_t be = htonl(addr);
    b.put_attr(IFA_LOCAL, &be, sizeof be);
    b.put_attr(IFA_ADDRESS, &be, sizeof be);
}

}  // namespace

void build_new_addr(NlBuf& b, int ifindex, Ip4 addr, uint8_t prefix_len) {
    addr_msg(b, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, ifindex, addr, prefix_len);
    if (prefix_len < 31) {
        uint32_t brd = htonl(addr | ~prefix_mask(prefix_len));
        b.put_attr(IFA_BROADCAST, &brd, sizeof brd);
    }
}

void build_del_addr(NlBuf& b, int ifindex, Ip4 addr, uint8_t prefix_len) {
    addr_msg(b, RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, ifindex, addr, prefix_len);
}

void build_dump_addrs(NlBuf& b, int ifindex) {
    // No NLM_F_ACK: a dump ends with NLMSG_DONE instead.
    b.put_header(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP);
    auto* ifa = b.put_extra<ifaddrmsg>();
    if (!ifa) return;
    ifa->ifa_family = AF_INET;
    ifa->ifa_index = uint32_t(ifindex);
}

bool parse_addr(const nlmsghdr* h, AddrInfo* out) {
    if (h->nlmsg_type != RTM_NEWADDR || msg_payload_len(h) < sizeof(ifaddrmsg)) return false;
    ifaddrmsg ifa;
    memcpy(&ifa, msg_payload(h), sizeof ifa);
    if (ifa.ifa_family != AF_INET) return false;
    const nlattr* tb[IFA_MAX + 1];
    if (!parse_attrs(h, sizeof ifa, tb, IFA_MAX)) return false;
    // IFA_LOCAL is the address itself; IFA_ADDRESS is the peer on
    // point-to-point links and equal to IFA_LOCAL elsewhere.
    const nlattr* a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
    uint32_t be;
    if (!attr_u32(a, &be)) return false;
    out->ifindex = int(ifa.ifa_index);
    out->addr = ntohl(be);
    out->prefix_len = ifa.ifa_prefixlen;
    return true;
}

namespace {

void addr_object(Writer& w, int ifindex, Ip4 addr, uint8_t prefix_len, const char* ifname) {
    w.put_cidr(addr, prefix_len).put(" on ");
    if (ifname) w.put(ifname);
    else w.put("ifindex ").put_int(ifindex);
}

struct ListCtx {
    int ifindex;
    AddrInfo* out;
    size_t cap;
    size_t n;
};

Result<void> on_addr(const nlmsghdr* h, void* ctx) {
    auto* c = static_cast<ListCtx*>(ctx);
    AddrInfo a;
    if (h->nlmsg_type != RTM_NEWADDR) return {};
    if (msg_payload_len(h) >= sizeof(ifaddrmsg) && msg_payload(h)[0] != AF_INET) return {};
    if (!parse_addr(h, &a)) return reply_error("malformed RTM_NEWADDR");
    if (a.ifindex != c->ifindex) return {};
    if (c->n < c->cap) c->out[c->n] = a;
    c->n++;
    return {};
}

}  // namespace

Result<void> add_addr(Socket& s, int ifindex, Ip4 addr, uint8_t prefix_len, const char* ifname) {
    Text<kErrObject> obj;
    addr_object(obj, ifindex, addr, prefix_len, ifname);
    MsgBuf<kReqSize> req;
    build_new_addr(req, ifindex, addr, prefix_len);
    return s.transact(req, {"add address", obj.c_str()});
}

Result<void> del_addr(Socket& s, int ifindex, Ip4 addr, uint8_t prefix_len, const char* ifname) {
    Text<kErrObject> obj;
    addr_object(obj, ifindex, addr, prefix_len, ifname);
    MsgBuf<kReqSize> req;
    build_del_addr(req, ifindex, addr, prefix_len);
    return s.transact(req, {"delete address", obj.c_str()});
}

Result<size_t> list_addrs(Socket& s, int ifindex, AddrInfo* out, size_t cap) {
    Text<kErrObject> obj;
    obj.put("ifindex ").put_int(ifindex);
    MsgBuf<kReqSize> req;
    build_dump_addrs(req, ifindex);
    ListCtx c{ifindex, out, cap, 0};
    TRY(s.transact(req, {"list addresses", obj.c_str()}, on_addr, &c));
    return c.n;
}

}  // namespace krg::nl
