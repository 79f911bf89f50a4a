// SPDX-License-Identifier: GPL-2.0-or-later
// Netlink message builder (src/nl/msg.h) and reader (src/nl/attr.h).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
extern "C" {
#include <cmocka.h>  // 1.1.x has no extern "C" of its own
}

#include <arpa/inet.h>
#include <errno.h>
#include <sys/socket.h>

#include "../golden/nl/compare.h"
#include "nl/attr.h"
#include "nl/msg.h"
#include "nl/reply.h"

using namespace krg::nl;

static const uint8_t kNftBatch[] = {
#include "../golden/nl/nft_newtable_batch.hex"
};

static void uapi_constants_match_installed_headers(void**) {
    static_assert(IFLA_NET_NS_FD == kIflaNetNsFd && IFLA_EXT_MASK == kIflaExtMask);
    static_assert(IFLA_VLAN_ID == kIflaVlanId && IFLA_MACVLAN_MODE == kIflaMacvlanMode);
    static_assert(MACVLAN_MODE_BRIDGE == kMacvlanModeBridge && RTNLGRP_LINK == kGroupLink);
    static_assert(NLMSGERR_ATTR_MSG == kErrAttrMsg && NLMSGERR_ATTR_OFFS == kErrAttrOffs);
    assert_int_equal(NETLINK_EXT_ACK, 11);
    assert_int_equal(kNfprotoInet, 1);  // NFPROTO_INET
    assert_int_equal(NFNL_MSG_BATCH_BEGIN, 16);
}

static void header_extra_and_attrs_are_counted_in_nlmsg_len(void**) {
    MsgBuf<128> b;
    nlmsghdr* h = b.put_header(RTM_GETLINK, NLM_F_REQUEST);
    assert_non_null(h);
    assert_int_equal(h->nlmsg_len, 16);
    auto* ifi = b.put_extra<ifinfomsg>();
    assert_non_null(ifi);
    assert_int_equal(ifi->ifi_index, 0);
    assert_int_equal(h->nlmsg_len, 32);
    assert_true(b.put_u32(IFLA_MTU, 1496));
    assert_int_equal(h->nlmsg_len, 40);
    assert_int_equal(b.size(), 40);
    assert_int_equal(h->nlmsg_seq, 0);  // stamped by transact, not here
}

static void attributes_are_padded_to_four_bytes_with_zeros(void**) {
    MsgBuf<64> b;
    memset(b.data(), 0xaa, b.capacity());
    b.put_header(1, 0);
    assert_true(b.put_u8(7, 0x42));
    auto* a = reinterpret_cast<nlattr*>(b.data() + 16);
    assert_int_equal(a->nla_len, 5);
    assert_int_equal(a->nla_type, 7);
    assert_int_equal(b.size(), 24);
    const uint8_t pad[3] = {0, 0, 0};
    assert_memory_equal(b.data() + 21, pad, 3);
}

static void put_strz_adds_the_nul_and_put_str_does_not(void**) {
    MsgBuf<64> b;
    b.put_header(1, 0);
    b.put_strz(3, "krg0");
    b.put_str(1, "vlan");
    auto* z = reinterpret_cast<nlattr*>(b.data() + 16);
    auto* s = reinterpret_cast<nlattr*>(b.data() + 16 + 12);
    assert_int_equal(z->nla_len, 9);
    assert_int_equal(attr_data(z)[4], 0);
    assert_int_equal(s->nla_len, 8);
    assert_memory_equal(attr_data(s), "vlan", 4);
    assert_int_equal(b.size(), 16 + 12 + 8);
}

static void put_be32_stores_network_byte_order(void**) {
    MsgBuf<64> b;
    b.put_header(1, 0);
    b.put_be32(2, 0x01020304);
    const uint8_t want[] = {1, 2, 3, 4};
    assert_memory_equal(b.data() + 20, want, 4);
}

static void nest_end_sets_the_length_of_everything_inside(void**) {
    MsgBuf<128> b;
    b.put_header(RTM_NEWLINK, 0);
    nlattr* outer = b.nest_start(IFLA_LINKINFO);
    b.put_str(IFLA_INFO_KIND, "vlan");
    nlattr* inner = b.nest_start(IFLA_INFO_DATA);
    b.put_u16(kIflaVlanId, 7);
    b.nest_end(inner);
    b.nest_end(outer);
    assert_int_equal(inner->nla_len, 4 + 8);
    assert_int_equal(outer->nla_len, 4 + 8 + 12);
    assert_int_equal(outer->nla_type, IFLA_LINKINFO);  // no NLA_F_NESTED, like iproute2
    assert_int_equal(b.current()->nlmsg_len, 16 + 24);
}

static void nest_cancel_drops_the_nest_and_its_content(void**) {
    MsgBuf<128> b;
    b.put_header(RTM_NEWLINK, 0);
    b.put_u32(IFLA_MTU, 1500);
    nlattr* n = b.nest_start(IFLA_LINKINFO);
    b.put_str(IFLA_INFO_KIND, "macvlan");
    b.nest_cancel(n);
    assert_int_equal(b.size(), 24);
    assert_int_equal(b.current()->nlmsg_len, 24);
    b.put_u32(IFLA_LINK, 3);  // building goes on where the nest was
    assert_int_equal(b.size(), 32);
}

static void overflow_never_writes_past_the_capacity(void**) {
    alignas(8) uint8_t mem[64 + 16];
    memset(mem, 0xee, sizeof mem);
    NlBuf b(mem, 64);
    assert_non_null(b.put_header(RTM_NEWLINK, 0));
    assert_non_null(b.put_extra<ifinfomsg>());
    assert_true(b.put_u32(IFLA_MTU, 1));          // 40 bytes
    assert_true(b.put_attr(IFLA_ADDRESS, "abcdef", 6));  // 52
    assert_false(b.put_strz(IFLA_IFNAME, "a-name-too-long"));  // would need 20
    assert_true(b.overflow());
    assert_false(b.put_u8(1, 1));                 // would still fit, but refused now
    assert_null(b.nest_start(IFLA_LINKINFO));
    b.nest_end(nullptr);
    b.nest_cancel(nullptr);
    assert_null(b.put_header(1, 0));
    assert_int_equal(b.size(), 52);
    for (size_t i = 64; i < sizeof mem; i++) assert_int_equal(mem[i], 0xee);
}

static void an_overflowed_request_is_refused_with_an_error(void**) {
    MsgBuf<32> b;
    b.put_header(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
    b.put_extra<ifinfomsg>();
    b.put_strz(IFLA_IFNAME, "krg0");
    assert_true(b.overflow());
    Exchange ex({"create", "krg0"}, 1);
    uint32_t seq = 1;
    krg::Result<void> r = ex.start(b, &seq);
    assert_false(r.ok());
    assert_int_equal(r.error().code, EMSGSIZE);
    assert_string_equal(r.error().object, "krg0");
}

static void a_header_that_does_not_fit_overflows(void**) {
    MsgBuf<8> b;
    assert_null(b.put_header(1, 0));
    assert_true(b.overflow());
    assert_null(b.put_extra(4));  // no trap: the buffer already failed
    assert_int_equal(b.size(), 0);
}

static void several_messages_share_one_buffer(void**) {
    MsgBuf<128> b;
    batch_begin(b);
    b.put_header(nft_type(NFT_MSG_NEWTABLE), NLM_F_REQUEST | NLM_F_ACK);
    put_nfgen(b, kNfprotoInet);
    b.put_strz(NFTA_TABLE_NAME, "t");
    batch_end(b);
    int n = 0;
    uint32_t lens[3] = {};
    for (Msgs it(b.data(), b.size()); const nlmsghdr* h = it.next();) lens[n++] = h->nlmsg_len;
    assert_int_equal(n, 3);
    assert_int_equal(lens[0], 20);
    assert_int_equal(lens[1], 20 + 8);
    assert_int_equal(lens[2], 20);
}

// Deviation (README.md): NLM_F_ACK on the NEWTABLE, so each verdict is awaited.
static void nft_batch_matches_nft_add_table_bytes(void**) {
    MsgBuf<256> b;
    batch_begin(b);
    b.put_header(nft_type(NFT_MSG_NEWTABLE), NLM_F_REQUEST | NLM_F_ACK);
    put_nfgen(b, kNfprotoInet);
    b.put_strz(NFTA_TABLE_NAME, "krgtest");
    b.put_be32(NFTA_TABLE_FLAGS, 0);
    batch_end(b);
    assert_false(b.overflow());
    golden::Bytes want(kNftBatch);
    want.msg(1)->nlmsg_flags |= NLM_F_ACK;
    golden::expect_same(b, want);
}

static void batch_begin_and_end_are_not_acked_but_their_content_is(void**) {
    MsgBuf<256> b;
    batch_begin(b);
    b.put_header(nft_type(NFT_MSG_NEWTABLE), NLM_F_REQUEST | NLM_F_ACK);
    put_nfgen(b, kNfprotoInet);
    batch_end(b);
    Exchange ex({"add", "table"}, 77);
    uint32_t seq = 5;
    assert_true(ex.start(b, &seq).ok());
    assert_int_equal(ex.count(), 3);
    assert_int_equal(seq, 8);
    assert_int_equal(b.data()[8], 5);  // BEGIN got seq 5
    assert_false(ex.done());           // waiting for the NEWTABLE's ACK only
}

static void msgs_stops_at_a_truncated_message(void**) {
    MsgBuf<64> b;
    b.put_header(1, 0);
    b.put_u32(1, 1);
    golden::Bytes d(b.data(), b.size());
    d.len -= 2;  // cut the last attribute
    Msgs it(d.b, d.len);
    assert_null(it.next());
    assert_false(it.ok());
    Msgs short_hdr(d.b, 10);
    assert_null(short_hdr.next());
    assert_false(short_hdr.ok());
}

static void parse_attrs_rejects_an_attribute_running_past_the_end(void**) {
    alignas(4) uint8_t data[12] = {8, 0, 1, 0, 1, 2, 3, 4, 9, 0, 2, 0};  // second says 9 bytes, has 4
    const nlattr* tb[3];
    assert_false(parse_attrs(data, sizeof data, tb, 2));
    assert_true(parse_attrs(data, 8, tb, 2));
    uint32_t v = 0;
    assert_true(attr_u32(tb[1], &v));
    assert_null(tb[2]);
    uint16_t narrow;
    assert_false(attr_u16(tb[2], &narrow));
}

static void attr_reads_refuse_attributes_too_short_for_the_type(void**) {
    alignas(4) uint8_t data[8] = {6, 0, 1, 0, 7, 0, 0, 0};  // a u16
    const nlattr* tb[2];
    assert_true(parse_attrs(data, sizeof data, tb, 1));
    uint32_t v32;
    uint16_t v16;
    assert_false(attr_u32(tb[1], &v32));
    assert_true(attr_u16(tb[1], &v16));
    assert_int_equal(v16, 7);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(uapi_constants_match_installed_headers),
        cmocka_unit_test(header_extra_and_attrs_are_counted_in_nlmsg_len),
        cmocka_unit_test(attributes_are_padded_to_four_bytes_with_zeros),
        cmocka_unit_test(put_strz_adds_the_nul_and_put_str_does_not),
        cmocka_unit_test(put_be32_stores_network_byte_order),
        cmocka_unit_test(nest_end_sets_the_length_of_everything_inside),
        cmocka_unit_test(nest_cancel_drops_the_nest_and_its_content),
        cmocka_unit_test(overflow_never_writes_past_the_capacity),
        cmocka_unit_test(an_overflowed_request_is_refused_with_an_error),
        cmocka_unit_test(a_header_that_does_not_fit_overflows),
        cmocka_unit_test(several_messages_share_one_buffer),
        cmocka_unit_test(nft_batch_matches_nft_add_table_bytes),
        cmocka_unit_test(batch_begin_and_end_are_not_acked_but_their_content_is),
        cmocka_unit_test(msgs_stops_at_a_truncated_message),
        cmocka_unit_test(parse_attrs_rejects_an_attribute_running_past_the_end),
        cmocka_unit_test(attr_reads_refuse_attributes_too_short_for_the_type),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
