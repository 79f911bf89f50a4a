// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the kernel's side of netlink, as bytes (src/nl): the
// reply parser of an exchange (ACK, NLMSG_ERROR with any error code and
// ext-ack attributes, NLMSG_DONE, multipart dumps, batches), the link and
// address parsers its callbacks run, and what the carrier/link wait reads
// from RTNLGRP_LINK events.  The input is what recv() would return:
//
//   byte 0: bit 0-1 request shape (ACK / dump / ACK+ACK+DUMP batch / no ack)
//           bit 2   stamp valid sequence numbers and port on every message
//                   (so the fuzzer reaches past the "not ours" checks)
//           bit 3-7 where to cut the rest into two datagrams (x 64 bytes)
//   rest:   netlink messages
//
// Invariants: no crash or sanitizer report; every error is one formatted
// line with exit 111 (tests/fuzz/fuzz_common.h check_error); a parsed link
// name is NUL-terminated within IFNAMSIZ; an exchange that reports done()
// has seen an answer to every message that asked for one.
#include "fuzz_common.h"

#include <arpa/inet.h>

#include "nl/addr.h"
#include "nl/attr.h"
#include "nl/link.h"
#include "nl/reply.h"
#include "nl/wait.h"

using namespace krg;
using namespace krg::nl;

namespace {

alignas(8) uint8_t g_buf[65536];

int g_links, g_addrs;

Result<void> on_msg(const nlmsghdr* h, void*) {
    LinkInfo l;
    if (parse_link(h, &l)) {
        FUZZ_CHECK(memchr(l.name, '\0', sizeof l.name) != nullptr);
        FUZZ_CHECK(memchr(l.kind, '\0', sizeof l.kind) != nullptr);
        g_links++;
        (void)has_carrier(l);
        return {};
    }
    AddrInfo a;
    if (parse_addr(h, &a)) {
        FUZZ_CHECK(a.prefix_len <= 255);
        g_addrs++;
        return {};
    }
    if (h->nlmsg_type == RTM_NEWADDR) return reply_error("malformed RTM_NEWADDR");
    return {};
}

void build_request(MsgBuf<256>& req, int shape) {
    switch (shape) {
    case 0: build_get_link(req, "eth0"); break;        // a get: reply + ACK
    case 1: build_dump_addrs(req, 4); break;           // a dump: MULTI... DONE
    case 2:                                            // three at once
        build_set_up(req, 4);
        build_del_addr(req, 4, 0x0a048704u, 18);
        build_dump_links(req);
        break;
    default:                                           // no answer unless it fails
        req.put_header(RTM_NEWLINK, NLM_F_REQUEST);
        req.put_extra<ifinfomsg>();
        break;
    }
}

// The messages of d as the carrier/link wait reads an event datagram.
void read_as_events(const uint8_t* d, size_t len) {
    LinkMatch by_name = LinkMatch::named("eth0");
    LinkMatch by_mac = LinkMatch::with_mac(Mac{{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}});
    for (Msgs it(d, len); const nlmsghdr* h = it.next();) {
        LinkInfo l;
        if (!parse_link(h, &l)) continue;
        (void)by_name.matches(l);
        (void)by_mac.matches(l);
        (void)has_carrier(l);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1 || size - 1 > sizeof g_buf) return 0;
    const uint8_t ctl = data[0];
    size_t len = size - 1;
    memcpy(g_buf, data + 1, len);

    MsgBuf<256> req;
    build_request(req, ctl & 3);
    constexpr uint32_t kPort = 4242;
    uint32_t seq = 100;
    Exchange ex({"fuzz", "reply"}, kPort, on_msg, nullptr);
    if (!ex.start(req, &seq).ok()) return 0;

    if (ctl & 4) {  // make every message "ours": sequence numbers of this exchange
        uint32_t i = 0;
        for (Msgs it(g_buf, len); const nlmsghdr* h = it.next(); i++) {
            auto* w = const_cast<nlmsghdr*>(h);
            w->nlmsg_seq = ex.first_seq() + (i % ex.count());
            w->nlmsg_pid = (i & 1) ? kPort : 0;
        }
    }

    read_as_events(g_buf, len);

    g_links = g_addrs = 0;
    size_t cut = size_t(ctl >> 3) * 64;
    if (cut > len) cut = len;
    Result<void> r = ex.feed(g_buf, cut);
    if (r.ok() && cut < len && !ex.done()) r = ex.feed(g_buf + cut, len - cut);
    if (!r.ok()) {
        fuzz::check_error(r.error());
        FUZZ_CHECK(r.error().exit == Exit::system);
    }
    return 0;
}
