// SPDX-License-Identifier: GPL-2.0-or-later
// Address requests (src/nl/addr.h) against what iproute2 sends, and the
// address parser against the kernel's recorded dump (tests/golden/nl/).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
extern "C" {
#include <cmocka.h>  // 1.1.x has no extern "C" of its own
}

#include <sys/socket.h>

#include "../golden/nl/compare.h"
#include "nl/addr.h"

using namespace krg::nl;

namespace {

const uint8_t kNewAddr[] = {
#include "../golden/nl/newaddr.hex"
};
const uint8_t kDelAddr[] = {
#include "../golden/nl/deladdr.hex"
};
const uint8_t kDumpAddr[] = {
#include "../golden/nl/getaddr_dump.hex"
};
const uint8_t kAddrReply[] = {
#include "../golden/nl/getaddr.reply.hex"
};

constexpr krg::Ip4 kAddr = 0x0a048704;  // 10.4.135.4
constexpr int kKrg0 = 4;

}  // namespace

static void newaddr_with_broadcast_matches_iproute2_bytes(void**) {
    MsgBuf<128> b;
    build_new_addr(b, kKrg0, kAddr, 18);
    golden::Bytes want(kNewAddr);
    golden::expect_same(b, want);
}

static void newaddr_on_a_31_prefix_has_no_broadcast(void**) {
    MsgBuf<128> b;
    build_new_addr(b, kKrg0, kAddr, 31);
    const nlattr* tb[IFA_MAX + 1];
    assert_true(parse_attrs(b.current(), sizeof(ifaddrmsg), tb, IFA_MAX));
    assert_null(tb[IFA_BROADCAST]);
    assert_non_null(tb[IFA_LOCAL]);
    build_new_addr(b, kKrg0, kAddr, 30);
    assert_true(parse_attrs(b.current(), sizeof(ifaddrmsg), tb, IFA_MAX));
    const uint8_t brd[] = {10, 4, 135, 7};
    assert_memory_equal(attr_data(tb[IFA_BROADCAST]), brd, 4);
}

static void deladdr_matches_iproute2_bytes(void**) {
    MsgBuf<128> b;
    build_del_addr(b, kKrg0, kAddr, 18);
    golden::Bytes want(kDelAddr);
    golden::expect_same(b, want);
}

static void address_dump_matches_iproute2_bytes(void**) {
    MsgBuf<64> b;
    build_dump_addrs(b, kKrg0);
    golden::Bytes want(kDumpAddr);
    golden::expect_same(b, want);
}

static void recorded_address_dump_parses_into_address_and_prefix(void**) {
    golden::Bytes r(kAddrReply);
    int n = 0;
    for (Msgs it(r.b, r.len); const nlmsghdr* h = it.next(); n++) {
        AddrInfo a;
        assert_true(parse_addr(h, &a));
        assert_int_equal(a.ifindex, kKrg0);
        assert_int_equal(a.addr, kAddr);
        assert_int_equal(a.prefix_len, 18);
    }
    assert_int_equal(n, 1);
}

static void an_ipv6_address_is_not_parsed_as_ipv4(void**) {
    golden::Bytes r(kAddrReply);
    reinterpret_cast<ifaddrmsg*>(r.b + NLMSG_HDRLEN)->ifa_family = AF_INET6;
    AddrInfo a;
    assert_false(parse_addr(r.msg(), &a));
}

static void ifa_local_wins_over_the_peer_address(void**) {
    MsgBuf<128> b;
    b.put_header(RTM_NEWADDR, 0);
    auto* ifa = b.put_extra<ifaddrmsg>();
    ifa->ifa_family = AF_INET;
    ifa->ifa_prefixlen = 32;
    ifa->ifa_index = 2;
    const uint8_t peer[] = {10, 0, 0, 2}, local[] = {10, 0, 0, 1};
    b.put_attr(IFA_ADDRESS, peer, 4);
    b.put_attr(IFA_LOCAL, local, 4);
    AddrInfo a;
    assert_true(parse_addr(b.current(), &a));
    assert_int_equal(a.addr, 0x0a000001);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(newaddr_with_broadcast_matches_iproute2_bytes),
        cmocka_unit_test(newaddr_on_a_31_prefix_has_no_broadcast),
        cmocka_unit_test(deladdr_matches_iproute2_bytes),
        cmocka_unit_test(address_dump_matches_iproute2_bytes),
        cmocka_unit_test(recorded_address_dump_parses_into_address_and_prefix),
        cmocka_unit_test(an_ipv6_address_is_not_parsed_as_ipv4),
        cmocka_unit_test(ifa_local_wins_over_the_peer_address),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
