// SPDX-License-Identifier: GPL-2.0-or-later
// ARP probe frames, claim parsing and the socket filter (sys/probe).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>  // 1.1.x has no extern "C" of its own
}

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sys/probe.h"

using namespace krg;

namespace {

constexpr Mac kSelf = {{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}};    // the parent NIC
constexpr Mac kHolder = {{0xf0, 0x00, 0x00, 0x00, 0x07, 0x04}};  // a duplicate node
constexpr Ip4 kTarget = 0x0a048704;                              // 10.4.135.4
constexpr Ip4 kOther = 0x0a048705;                               // 10.4.135.5
constexpr Ip4 kServer = 0x0a0487fe;                              // 10.4.135.254
constexpr uint16_t kVlan = 7;
constexpr uint16_t kArpRequest = 1, kArpReply = 2;

// The probe for 10.4.135.4 from 52:54:00:12:34:56, untagged and on VLAN 7.
constexpr uint8_t kArpBody[] = {
    0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,  // Ethernet/IPv4, request
    0x52, 0x54, 0x00, 0x12, 0x34, 0x56,              // sender MAC: ours
    0x00, 0x00, 0x00, 0x00,                          // sender IP: 0.0.0.0
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,              // target MAC: unknown
    0x0a, 0x04, 0x87, 0x04,                          // target IP
};
constexpr uint8_t kUntaggedHead[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x08, 0x06};
constexpr uint8_t kTaggedHead[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x12,
                                   0x34, 0x56, 0x81, 0x00, 0x00, 0x07, 0x08, 0x06};

ProbeRequest request(uint16_t vlan) {
    ProbeRequest r;
    r.ifindex = 2;
    r.ifname = "eth0";
    r.mac = kSelf;
    r.target = kTarget;
    r.vlan = vlan;
    r.timeout_ms = 1000;
    return r;
}

// An ARP frame as another host sends it; tag_vid < 0: no in-frame tag.
struct Frame {
    uint8_t b[80] = {};
    size_t len = 0;
};
Frame arp(int tag_vid, uint16_t op, const Mac& sha, Ip4 spa, Ip4 tpa, uint16_t ethertype_tag = 0x8100) {
    Frame f;
    uint8_t* p = f.b;
    memcpy(p, kSelf.b, 6);  // to us
    memcpy(p + 6, sha.b, 6);
    p += 12;
    if (tag_vid >= 0) {
        *p++ = uint8_t(ethertype_tag >> 8), *p++ = uint8_t(ethertype_tag);
        *p++ = uint8_t(tag_vid >> 8), *p++ = uint8_t(tag_vid);
    }
    *p++ = 0x08, *p++ = 0x06;
    const uint8_t head[] = {0x00, 0x01, 0x08, 0x00, 0x06, 0x04, uint8_t(op >> 8), uint8_t(op)};
    memcpy(p, head, sizeof head);
    p += sizeof head;
    memcpy(p, sha.b, 6), p += 6;
    for (int i = 3; i >= 0; i--) *p++ = uint8_t(spa >> (8 * i));
    memcpy(p, kSelf.b, 6), p += 6;
    for (int i = 3; i >= 0; i--) *p++ = uint8_t(tpa >> (8 * i));
    f.len = size_t(p - f.b);
    return f;
}
Frame reply(int tag_vid, const Mac& sha = kHolder) { return arp(tag_vid, kArpReply, sha, kTarget, 0); }

FrameMeta aux_tag(uint16_t tci) {
    FrameMeta m;
    m.vlan_valid = true;
    m.vlan_tci = tci;
    return m;
}

bool claims(const Frame& f, const FrameMeta& meta, const ProbeRequest& req, const Mac* expect = &kHolder) {
    auto holder = parse_claim({f.b, f.len}, meta, req);
    if (holder.has_value() && expect) assert_memory_equal(holder->b, expect->b, 6);
    return holder.has_value();
}

}  // namespace

static void untagged_probe_is_rfc5227_request_padded_to_60_bytes(void**) {
    uint8_t buf[kProbeFrameMax];
    memset(buf, 0xaa, sizeof buf);
    assert_int_equal(build_probe(buf, kSelf, kTarget, kUntagged), 60);
    assert_memory_equal(buf, kUntaggedHead, sizeof kUntaggedHead);
    assert_memory_equal(buf + 14, kArpBody, sizeof kArpBody);
    for (size_t i = 14 + sizeof kArpBody; i < 60; i++) assert_int_equal(buf[i], 0);
}

static void tagged_probe_carries_8021q_header_and_is_64_bytes(void**) {
    uint8_t buf[kProbeFrameMax];
    memset(buf, 0xaa, sizeof buf);
    assert_int_equal(build_probe(buf, kSelf, kTarget, kVlan), 64);
    assert_memory_equal(buf, kTaggedHead, sizeof kTaggedHead);
    assert_memory_equal(buf + 18, kArpBody, sizeof kArpBody);
    for (size_t i = 18 + sizeof kArpBody; i < 64; i++) assert_int_equal(buf[i], 0);
}

static void vlan_4094_tag_has_priority_zero(void**) {
    uint8_t buf[kProbeFrameMax];
    assert_int_equal(build_probe(buf, kSelf, kTarget, 4094), 64);
    assert_int_equal(buf[14], 0x0f);
    assert_int_equal(buf[15], 0xfe);
}

static void probe_into_too_small_buffer_writes_nothing(void**) {
    uint8_t buf[63];
    assert_int_equal(build_probe(buf, kSelf, kTarget, kVlan), 0);
    assert_int_equal(build_probe({buf, 59}, kSelf, kTarget, kUntagged), 0);
}

static void untagged_reply_names_the_holder(void**) {
    assert_true(claims(reply(-1), {}, request(kUntagged)));
}

static void reply_tagged_in_frame_on_our_vlan_names_the_holder(void**) {
    assert_true(claims(reply(kVlan), {}, request(kVlan)));
}

static void reply_with_tag_in_auxdata_names_the_holder(void**) {
    assert_true(claims(reply(-1), aux_tag(kVlan), request(kVlan)));
    // Priority bits in the TCI do not change the VLAN.
    assert_true(claims(reply(-1), aux_tag(0xe000 | kVlan), request(kVlan)));
}

static void reply_on_another_vlan_is_ignored(void**) {
    assert_false(claims(reply(8), {}, request(kVlan)));
    assert_false(claims(reply(-1), aux_tag(8), request(kVlan)));
}

static void untagged_reply_is_ignored_when_probing_a_vlan(void**) {
    assert_false(claims(reply(-1), {}, request(kVlan)));
}

static void tagged_reply_is_ignored_when_probing_untagged(void**) {
    assert_false(claims(reply(kVlan), {}, request(kUntagged)));
    assert_false(claims(reply(-1), aux_tag(kVlan), request(kUntagged)));
}

static void priority_tag_vid_0_counts_as_untagged(void**) {
    assert_true(claims(reply(0), {}, request(kUntagged)));
    assert_true(claims(reply(-1), aux_tag(0x2000), request(kUntagged)));
}

static void stacked_or_8021ad_tags_are_ignored(void**) {
    assert_false(claims(reply(kVlan), aux_tag(kVlan), request(kVlan)));
    FrameMeta ad = aux_tag(kVlan);
    ad.tpid_valid = true;
    ad.vlan_tpid = 0x88a8;
    assert_false(claims(reply(-1), ad, request(kVlan)));
    ad.vlan_tpid = 0x8100;
    assert_true(claims(reply(-1), ad, request(kVlan)));
    assert_false(claims(arp(kVlan, kArpReply, kHolder, kTarget, 0, 0x88a8), {}, request(kVlan)));
}

static void our_own_probe_echoed_back_is_ignored(void**) {
    for (uint16_t vlan : {kUntagged, kVlan}) {
        uint8_t buf[kProbeFrameMax];
        size_t n = build_probe(buf, kSelf, kTarget, vlan);
        assert_false(parse_claim({buf, n}, {}, request(vlan)).has_value());
        FrameMeta out;
        out.outgoing = true;
        assert_false(parse_claim({buf, n}, out, request(vlan)).has_value());
    }
    // A frame sent with our MAC as sender is ours even if it claims the target.
    assert_false(claims(reply(-1, kSelf), {}, request(kUntagged)));
}

static void copy_of_our_own_transmission_is_ignored(void**) {
    FrameMeta out;
    out.outgoing = true;
    assert_false(claims(reply(-1), out, request(kUntagged)));
}

static void reply_for_another_address_is_ignored(void**) {
    assert_false(claims(arp(-1, kArpReply, kHolder, kOther, 0), {}, request(kUntagged)));
}

// What node 1's check and `krgnet nodes` send: an ordinary request with
// the asker's own address; a node probing that target does not take it for
// a rival probe (it would refuse its own address), while the same request
// with sender 0.0.0.0 is one.
static void a_request_with_the_askers_address_is_not_a_claim_but_a_probe_is(void**) {
    uint8_t buf[kProbeFrameMax];
    assert_int_equal(build_probe(buf, kHolder, kTarget, kUntagged, kOther), 60);
    const uint8_t spa[] = {0x0a, 0x04, 0x87, 0x05};
    assert_memory_equal(buf + 14 + 14, spa, 4);
    assert_false(claims(arp(-1, kArpRequest, kHolder, kOther, kTarget), {}, request(kUntagged)));
    assert_true(claims(arp(-1, kArpRequest, kHolder, 0, kTarget), {}, request(kUntagged)));
}

static void announcement_from_the_target_is_a_claim(void**) {
    assert_true(claims(arp(-1, kArpRequest, kHolder, kTarget, kTarget), {}, request(kUntagged)));
}

static void rival_probe_for_the_target_is_a_claim(void**) {
    assert_true(claims(arp(kVlan, kArpRequest, kHolder, 0, kTarget), {}, request(kVlan)));
    assert_false(claims(arp(kVlan, kArpRequest, kHolder, 0, kOther), {}, request(kVlan)));
}

static void someone_asking_for_the_target_is_not_a_claim(void**) {
    assert_false(claims(arp(-1, kArpRequest, kHolder, kServer, kTarget), {}, request(kUntagged)));
}

static void non_arp_and_malformed_arp_are_ignored(void**) {
    Frame f = reply(-1);
    f.b[13] = 0x00;  // ethertype 0x0800: IPv4
    assert_false(claims(f, {}, request(kUntagged)));
    f = reply(-1);
    f.b[14 + 4] = 8;  // hardware address length 8
    assert_false(claims(f, {}, request(kUntagged)));
    f = reply(-1);
    f.b[14 + 7] = 3;  // opcode 3 (RARP request)
    assert_false(claims(f, {}, request(kUntagged)));
}

static void truncated_frames_are_ignored(void**) {
    for (int vid : {-1, int(kVlan)}) {
        Frame f = reply(vid);
        uint16_t want = vid < 0 ? kUntagged : kVlan;
        assert_true(claims(f, {}, request(want)));
        for (size_t len = 0; len < f.len; len++) assert_false(parse_claim({f.b, len}, {}, request(want)).has_value());
    }
}

static void duplicate_error_names_address_link_vlan_and_holder(void**) {
    char line[kErrObject + kErrDetail];
    Error e = duplicate_error(request(kVlan), kHolder);
    format_error(e, line, sizeof line);
    assert_string_equal(line, "probe 10.4.135.4 on eth0 vlan 7: address already held by f0:00:00:00:07:04"
                              " (another node booted with the same id?)");
    assert_int_equal(int(e.exit), int(Exit::system));
}

// The classic BPF program runs in the kernel on an AF_UNIX datagram socket
// too, with the datagram as the packet: no CAP_NET_RAW needed.
static size_t through_filter(const Frame& f) {
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), 0);
    sock_filter prog[kProbeFilterLen];
    build_probe_filter(prog, kTarget);
    sock_fprog fprog = {kProbeFilterLen, prog};
    assert_int_equal(setsockopt(sv[1], SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof fprog), 0);
    assert_int_equal(send(sv[0], f.b, f.len, 0), ssize_t(f.len));
    uint8_t buf[sizeof f.b];
    ssize_t n = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT);
    int err = errno;
    close(sv[0]);
    close(sv[1]);
    if (n < 0) assert_int_equal(err, EAGAIN);
    return n < 0 ? 0 : size_t(n);
}

static void filter_passes_arp_about_the_target_untagged_or_tagged(void**) {
    assert_int_equal(through_filter(reply(-1)), reply(-1).len);
    assert_int_equal(through_filter(reply(kVlan)), reply(kVlan).len);
    assert_true(through_filter(arp(kVlan, kArpRequest, kHolder, 0, kTarget)) > 0);
    assert_true(through_filter(arp(-1, kArpRequest, kHolder, kServer, kTarget)) > 0);
}

static void filter_drops_other_addresses_other_protocols_and_runts(void**) {
    assert_int_equal(through_filter(arp(-1, kArpReply, kHolder, kOther, kServer)), 0);
    assert_int_equal(through_filter(arp(kVlan, kArpReply, kHolder, kOther, kServer)), 0);
    Frame ip = reply(-1);
    ip.b[13] = 0x00;
    assert_int_equal(through_filter(ip), 0);
    Frame runt = reply(-1);
    runt.len = 14 + 12;  // ends before the sender IP
    assert_int_equal(through_filter(runt), 0);
    runt = arp(-1, kArpRequest, kHolder, 0, kTarget);
    runt.len = 14 + 24;  // a rival probe cut before its target IP
    assert_int_equal(through_filter(runt), 0);
    assert_int_equal(through_filter(arp(kVlan, kArpReply, kHolder, kTarget, 0, 0x88a8)), 0);
}

static void filter_cuts_long_frames_to_probe_size(void**) {
    Frame big = reply(-1);
    big.len = sizeof big.b;
    assert_int_equal(through_filter(big), kProbeFrameMax);
}

int main() {
    const CMUnitTest tests[] = {
        cmocka_unit_test(untagged_probe_is_rfc5227_request_padded_to_60_bytes),
        cmocka_unit_test(tagged_probe_carries_8021q_header_and_is_64_bytes),
        cmocka_unit_test(vlan_4094_tag_has_priority_zero),
        cmocka_unit_test(probe_into_too_small_buffer_writes_nothing),
        cmocka_unit_test(untagged_reply_names_the_holder),
        cmocka_unit_test(reply_tagged_in_frame_on_our_vlan_names_the_holder),
        cmocka_unit_test(reply_with_tag_in_auxdata_names_the_holder),
        cmocka_unit_test(reply_on_another_vlan_is_ignored),
        cmocka_unit_test(untagged_reply_is_ignored_when_probing_a_vlan),
        cmocka_unit_test(tagged_reply_is_ignored_when_probing_untagged),
        cmocka_unit_test(priority_tag_vid_0_counts_as_untagged),
        cmocka_unit_test(stacked_or_8021ad_tags_are_ignored),
        cmocka_unit_test(our_own_probe_echoed_back_is_ignored),
        cmocka_unit_test(copy_of_our_own_transmission_is_ignored),
        cmocka_unit_test(reply_for_another_address_is_ignored),
        cmocka_unit_test(a_request_with_the_askers_address_is_not_a_claim_but_a_probe_is),
        cmocka_unit_test(announcement_from_the_target_is_a_claim),
        cmocka_unit_test(rival_probe_for_the_target_is_a_claim),
        cmocka_unit_test(someone_asking_for_the_target_is_not_a_claim),
        cmocka_unit_test(non_arp_and_malformed_arp_are_ignored),
        cmocka_unit_test(truncated_frames_are_ignored),
        cmocka_unit_test(duplicate_error_names_address_link_vlan_and_holder),
        cmocka_unit_test(filter_passes_arp_about_the_target_untagged_or_tagged),
        cmocka_unit_test(filter_drops_other_addresses_other_protocols_and_runts),
        cmocka_unit_test(filter_cuts_long_frames_to_probe_size),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
