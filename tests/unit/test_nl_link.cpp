// SPDX-License-Identifier: GPL-2.0-or-later
// Link requests (src/nl/link.h) against what iproute2 sends, and the link
// parser against what the kernel answered (tests/golden/nl/README.md).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
extern "C" {
#include <cmocka.h>  // 1.1.x has no extern "C" of its own
}

#include <errno.h>
#include <linux/if.h>

#include "../golden/nl/compare.h"
#include "nl/link.h"

using namespace krg::nl;

namespace {

const uint8_t kNewMacvlan[] = {
#include "../golden/nl/newlink_macvlan.hex"
};
const uint8_t kNewVlan[] = {
#include "../golden/nl/newlink_vlan.hex"
};
const uint8_t kNewVlanNetns[] = {
#include "../golden/nl/newlink_vlan_netns.hex"
};
const uint8_t kNewMacvlanNetns[] = {
#include "../golden/nl/newlink_macvlan_netns.hex"
};
const uint8_t kNewVethNetns[] = {
#include "../golden/nl/newlink_veth_netns.hex"
};
const uint8_t kSetUp[] = {
#include "../golden/nl/setlink_up.hex"
};
const uint8_t kSetNetns[] = {
#include "../golden/nl/setlink_netns.hex"
};
const uint8_t kGetName[] = {
#include "../golden/nl/getlink_name.hex"
};
const uint8_t kGetIndex[] = {
#include "../golden/nl/getlink_index.hex"
};
const uint8_t kDump[] = {
#include "../golden/nl/dumplink.hex"
};
const uint8_t kDel[] = {
#include "../golden/nl/dellink.hex"
};
const uint8_t kMacvlanReply[] = {
#include "../golden/nl/getlink_macvlan.reply.hex"
};
const uint8_t kDumpReply[] = {
#include "../golden/nl/dumplink.reply.hex"
};

constexpr krg::Mac kMac{{0xf0, 0, 0, 0, 7, 4}};
constexpr int kVeth0 = 3;  // ifindex of the parent in the recordings
constexpr int kKrg0 = 4;

NewLink vlan(const char* name) {
    NewLink l;
    l.name = name;
    l.parent = kVeth0;
    l.kind = LinkKind::vlan;
    l.vlan_id = 7;
    l.mac = kMac;
    l.has_mac = true;
    l.mtu = 1496;
    return l;
}

// Deviations (README.md): GET asks for an ACK; the ext mask skips stats and VF lists.
void as_krgnet_asks(golden::Bytes& g, size_t extra = sizeof(ifinfomsg)) {
    nlmsghdr* h = g.msg();
    if (!(h->nlmsg_flags & NLM_F_DUMP)) h->nlmsg_flags |= NLM_F_ACK;
    uint32_t mask = RTEXT_FILTER_SKIP_STATS;
    memcpy(const_cast<uint8_t*>(attr_data(golden::find_attr(h, extra, IFLA_EXT_MASK))), &mask, 4);
}

}  // namespace

static void newlink_vlan_matches_iproute2_bytes(void**) {
    MsgBuf<256> b;
    build_new_link(b, vlan("krg1"));
    golden::Bytes want(kNewVlan);
    golden::expect_same(b, want);
}

static void newlink_macvlan_matches_iproute2_bytes(void**) {
    MsgBuf<256> b;
    NewLink l = vlan("krg0");
    l.kind = LinkKind::macvlan;
    build_new_link(b, l);
    golden::Bytes want(kNewMacvlan);
    golden::expect_same(b, want);
}

static void newlink_vlan_in_a_netns_matches_iproute2_bytes(void**) {
    MsgBuf<256> b;
    NewLink l = vlan("krg1");
    l.netns_fd = 4;  // the fd iproute2 happened to use
    build_new_link(b, l);
    golden::Bytes want(kNewVlanNetns);
    golden::expect_same(b, want);
}

static void newlink_macvlan_in_a_netns_matches_iproute2_bytes(void**) {
    MsgBuf<256> b;
    NewLink l = vlan("krg2");
    l.kind = LinkKind::macvlan;
    l.netns_fd = 4;
    build_new_link(b, l);
    golden::Bytes want(kNewMacvlanNetns);
    golden::expect_same(b, want);
}

static void newlink_veth_in_a_netns_matches_iproute2_bytes(void**) {
    MsgBuf<256> b;
    NewLink l = vlan("krg3");
    l.kind = LinkKind::veth;
    l.mtu = 1500;
    l.netns_fd = 4;
    l.peer = "krg3h";
    l.peer_mtu = 1500;
    build_new_link(b, l);  // no IFLA_LINK: a veth has no parent
    golden::Bytes want(kNewVethNetns);
    golden::expect_same(b, want);
}

static void setlink_master_up_names_the_port_and_its_bridge(void**) {
    MsgBuf<64> b;
    build_set_master_up(b, "krg0h", 7);
    const nlmsghdr* h = b.current();
    assert_int_equal(h->nlmsg_type, RTM_NEWLINK);
    assert_int_equal(h->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);  // no CREATE: the host end exists
    auto* ifi = reinterpret_cast<const ifinfomsg*>(msg_payload(h));
    assert_int_equal(ifi->ifi_index, 0);
    assert_int_equal(ifi->ifi_flags, IFF_UP);
    assert_int_equal(ifi->ifi_change, IFF_UP);
    const nlattr* tb[IFLA_MAX + 1];
    assert_true(parse_attrs(h, sizeof(ifinfomsg), tb, IFLA_MAX));
    uint32_t master = 0;
    assert_true(attr_u32(tb[IFLA_MASTER], &master));
    assert_int_equal(master, 7);
    std::string_view name;
    assert_true(attr_str(tb[IFLA_IFNAME], &name));
    assert_true(name == "krg0h");
}

static void newlink_without_mac_and_mtu_leaves_both_out(void**) {
    MsgBuf<256> b;
    NewLink l = vlan("krg1");
    l.has_mac = false;
    l.mtu = 0;
    build_new_link(b, l);
    golden::Bytes want(kNewVlan);
    const nlattr* tb[IFLA_MAX + 1];
    assert_true(parse_attrs(b.current(), sizeof(ifinfomsg), tb, IFLA_MAX));
    assert_null(tb[IFLA_ADDRESS]);
    assert_null(tb[IFLA_MTU]);
    assert_non_null(tb[IFLA_LINKINFO]);
    assert_int_equal(b.size(), want.len - 12 - 8);
}

static void setlink_up_matches_iproute2_bytes(void**) {
    MsgBuf<64> b;
    build_set_up(b, kKrg0);
    golden::Bytes want(kSetUp);
    golden::expect_same(b, want);
}

static void setlink_netns_matches_iproute2_bytes(void**) {
    MsgBuf<64> b;
    build_set_netns(b, 5, 4);  // krg3's ifindex and the fd iproute2 happened to use
    golden::Bytes want(kSetNetns);
    golden::expect_same(b, want);
}

static void setlink_netns_carries_only_the_namespace(void**) {
    MsgBuf<64> b;
    build_set_netns(b, kKrg0, 9);
    const nlmsghdr* h = b.current();
    assert_int_equal(h->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);  // no CREATE: a move, never a new link
    auto* ifi = reinterpret_cast<const ifinfomsg*>(msg_payload(h));
    assert_int_equal(ifi->ifi_index, kKrg0);
    assert_int_equal(ifi->ifi_change, 0);
    const nlattr* tb[IFLA_MAX + 1];
    assert_true(parse_attrs(h, sizeof(ifinfomsg), tb, IFLA_MAX));
    uint32_t fd = 0;
    assert_true(attr_u32(tb[IFLA_NET_NS_FD], &fd));
    assert_int_equal(fd, 9);
    assert_null(tb[IFLA_IFNAME]);
}

static void setlink_down_clears_iff_up_under_the_same_mask(void**) {
    MsgBuf<64> b;
    build_set_up(b, kKrg0, false);
    auto* ifi = reinterpret_cast<const ifinfomsg*>(msg_payload(b.current()));
    assert_int_equal(ifi->ifi_flags, 0);
    assert_int_equal(ifi->ifi_change, IFF_UP);
}

static void getlink_by_name_matches_iproute2_bytes_with_ack(void**) {
    MsgBuf<64> b;
    build_get_link(b, "krg0");
    golden::Bytes want(kGetName);
    as_krgnet_asks(want);
    golden::expect_same(b, want);
}

static void getlink_by_index_matches_iproute2_bytes_with_ack(void**) {
    MsgBuf<64> b;
    build_get_link(b, kVeth0);
    golden::Bytes want(kGetIndex);
    as_krgnet_asks(want);
    golden::expect_same(b, want);
}

static void link_dump_matches_iproute2_bytes(void**) {
    MsgBuf<64> b;
    build_dump_links(b);
    golden::Bytes want(kDump);
    as_krgnet_asks(want);
    assert_false(want.msg()->nlmsg_flags & NLM_F_ACK);
    golden::expect_same(b, want);
}

static void dellink_by_index_matches_iproute2_bytes(void**) {
    MsgBuf<64> b;
    build_del_link(b, kKrg0);
    golden::Bytes want(kDel);
    golden::expect_same(b, want);
}

static void dellink_by_name_sends_ifname_and_index_0(void**) {
    MsgBuf<64> b;
    build_del_link(b, "krg0");
    alignas(4) const uint8_t want_raw[] = {
        0x2c, 0, 0, 0, RTM_DELLINK, 0, NLM_F_REQUEST | NLM_F_ACK, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,           // ifinfomsg, index 0
        9, 0, IFLA_IFNAME, 0, 'k', 'r', 'g', '0', 0, 0, 0, 0,  // IFLA_IFNAME "krg0\0" + pad
    };
    golden::Bytes want(want_raw);
    golden::expect_same(b, want);
}

static void recorded_macvlan_reply_parses_into_link_info(void**) {
    golden::Bytes r(kMacvlanReply);
    LinkInfo l;
    assert_true(parse_link(r.msg(), &l));
    assert_int_equal(l.ifindex, kKrg0);
    assert_string_equal(l.name, "krg0");
    assert_int_equal(l.mtu, 1496);
    assert_true(l.up());
    assert_true(l.has_mac);
    assert_memory_equal(l.mac.b, kMac.b, 6);
    assert_int_equal(l.link, kVeth0);
    assert_string_equal(l.kind, "macvlan");
    assert_int_equal(l.macvlan_mode, kMacvlanModeBridge);
    assert_int_equal(l.vlan_id, 0);
}

static void recorded_link_dump_parses_every_link(void**) {
    golden::Bytes r(kDumpReply);
    const char* names[] = {"lo", "veth1", "veth0", "krg0"};
    int n = 0;
    for (Msgs it(r.b, r.len); const nlmsghdr* h = it.next(); n++) {
        assert_true(n < 4);
        assert_true(h->nlmsg_flags & NLM_F_MULTI);
        LinkInfo l;
        assert_true(parse_link(h, &l));
        assert_string_equal(l.name, names[n]);
        assert_int_equal(l.ifindex, n + 1);
    }
    assert_int_equal(n, 4);
}

static void vlan_link_parses_its_vlan_id(void**) {
    // No 802.1Q on the recording machine: an RTM_NEWLINK shaped like the
    // kernel's (type, name, mtu, linkinfo{kind, data{id}}) built here.
    MsgBuf<256> b;
    b.put_header(RTM_NEWLINK, 0);
    auto* ifi = b.put_extra<ifinfomsg>();
    ifi->ifi_index = 9;
    b.put_strz(IFLA_IFNAME, "krg0");
    b.put_u32(IFLA_MTU, 1496);
    b.put_u32(IFLA_LINK, 2);
    b.put_u32(IFLA_LINK_NETNSID, 0);
    nlattr* info = b.nest_start(IFLA_LINKINFO);
    b.put_strz(IFLA_INFO_KIND, "vlan");  // the kernel sends the NUL
    nlattr* data = b.nest_start(IFLA_INFO_DATA);
    b.put_u16(IFLA_VLAN_PROTOCOL, 0x0081);
    b.put_u16(kIflaVlanId, 7);
    b.nest_end(data);
    b.nest_end(info);
    LinkInfo l;
    assert_true(parse_link(b.current(), &l));
    assert_string_equal(l.kind, "vlan");
    assert_int_equal(l.vlan_id, 7);
    assert_int_equal(l.link, 2);
    assert_int_equal(l.link_netnsid, 0);
    assert_false(l.has_mac);
}

static void a_link_message_with_a_broken_attribute_is_refused(void**) {
    golden::Bytes r(kMacvlanReply);
    nlattr* name = golden::find_attr(r.msg(), sizeof(ifinfomsg), IFLA_IFNAME);
    name->nla_len = 0xfff0;  // runs past the message
    LinkInfo l;
    assert_false(parse_link(r.msg(), &l));
}

static void a_non_link_message_is_not_parsed_as_one(void**) {
    golden::Bytes r(kMacvlanReply);
    r.msg()->nlmsg_type = RTM_NEWADDR;
    LinkInfo l;
    assert_false(parse_link(r.msg(), &l));
}

static void create_errors_name_the_link_kind_and_parent(void**) {
    krg::Text<96> w;
    NewLink l = vlan("krg0");
    l.parent_name = "eth0";
    describe_new_link(w, l);
    assert_string_equal(w.c_str(), "krg0 (vlan 7 on eth0)");
    w.clear();
    l.kind = LinkKind::macvlan;
    l.parent_name = nullptr;
    describe_new_link(w, l);
    assert_string_equal(w.c_str(), "krg0 (macvlan on ifindex 3)");
}

static void eopnotsupp_on_a_vlan_create_hints_at_8021q(void**) {
    krg::Error e = krg::Error::system(EOPNOTSUPP, "create", "krg0 (vlan 7 on eth0)", "Operation not supported: Unknown device type");
    add_kind_hint(e, LinkKind::vlan);
    assert_string_equal(e.detail, "Operation not supported: Unknown device type (is the 8021q module loaded?)");
    krg::Error other = krg::Error::system(EEXIST, "create", "krg0", "");
    add_kind_hint(other, LinkKind::vlan);
    assert_string_equal(other.detail, "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(newlink_vlan_matches_iproute2_bytes),
        cmocka_unit_test(newlink_macvlan_matches_iproute2_bytes),
        cmocka_unit_test(newlink_veth_in_a_netns_matches_iproute2_bytes),
        cmocka_unit_test(setlink_master_up_names_the_port_and_its_bridge),
        cmocka_unit_test(newlink_vlan_in_a_netns_matches_iproute2_bytes),
        cmocka_unit_test(newlink_macvlan_in_a_netns_matches_iproute2_bytes),
        cmocka_unit_test(newlink_without_mac_and_mtu_leaves_both_out),
        cmocka_unit_test(setlink_up_matches_iproute2_bytes),
        cmocka_unit_test(setlink_netns_matches_iproute2_bytes),
        cmocka_unit_test(setlink_netns_carries_only_the_namespace),
        cmocka_unit_test(setlink_down_clears_iff_up_under_the_same_mask),
        cmocka_unit_test(getlink_by_name_matches_iproute2_bytes_with_ack),
        cmocka_unit_test(getlink_by_index_matches_iproute2_bytes_with_ack),
        cmocka_unit_test(link_dump_matches_iproute2_bytes),
        cmocka_unit_test(dellink_by_index_matches_iproute2_bytes),
        cmocka_unit_test(dellink_by_name_sends_ifname_and_index_0),
        cmocka_unit_test(recorded_macvlan_reply_parses_into_link_info),
        cmocka_unit_test(recorded_link_dump_parses_every_link),
        cmocka_unit_test(vlan_link_parses_its_vlan_id),
        cmocka_unit_test(a_link_message_with_a_broken_attribute_is_refused),
        cmocka_unit_test(a_non_link_message_is_not_parsed_as_one),
        cmocka_unit_test(create_errors_name_the_link_kind_and_parent),
        cmocka_unit_test(eopnotsupp_on_a_vlan_create_hints_at_8021q),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
