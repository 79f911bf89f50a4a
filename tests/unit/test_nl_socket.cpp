// SPDX-License-Identifier: GPL-2.0-or-later
// Socket::transact and the operations on top of it (src/nl/socket.h,
// link.h, addr.h, wait.h) against a fake kernel: the I/O seam of
// src/nl/io.h and poll() are replaced with -Wl,--wrap (test_nl_socket.wrap),
// answers come from tests/golden/nl/.  Also the fault injection: a failed
// send or receive must come back as a clean Error.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
extern "C" {
#include <cmocka.h>  // 1.1.x has no extern "C" of its own
}

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>

#include "../golden/nl/compare.h"
#include "nl/addr.h"
#include "nl/io.h"
#include "nl/link.h"
#include "nl/socket.h"
#include "nl/wait.h"

using namespace krg::nl;
using krg::Result;

namespace {

const uint8_t kAck[] = {
#include "../golden/nl/ack.reply.hex"
};
const uint8_t kEnodev[] = {
#include "../golden/nl/enodev.reply.hex"
};
const uint8_t kEexist[] = {
#include "../golden/nl/eexist.reply.hex"
};
const uint8_t kLink[] = {
#include "../golden/nl/getlink_macvlan.reply.hex"
};
const uint8_t kDump[] = {
#include "../golden/nl/dumplink.reply.hex"
};
const uint8_t kDumpDone[] = {
#include "../golden/nl/dumplink_done.reply.hex"
};
const uint8_t kAddrs[] = {
#include "../golden/nl/getaddr.reply.hex"
};
const uint8_t kAddrsDone[] = {
#include "../golden/nl/getaddr_done.reply.hex"
};

// One datagram the fake kernel will deliver.
struct Datagram {
    alignas(8) uint8_t b[8192];
    size_t len = 0;
    int err = 0;           // deliver -1/err instead
    uint32_t sender = 0;   // 0: the kernel
    bool oversize = false; // report more bytes than the buffer holds (MSG_TRUNC)
    int seq_offset = 0;    // answer the request's first seq + this
};

struct Queue {
    Datagram d[8];
    int head = 0, tail = 0;
    bool empty() const { return head == tail; }
};

struct Fake {
    int sends = 0, fail_send_at = 0, send_errno = 0;
    bool short_send = false;
    int recvs = 0;
    alignas(8) uint8_t last[1024];
    size_t last_len = 0;
    uint32_t port = 0;
    int events_fd = -1;
    Queue replies, events;
    int polls = 0, last_poll_timeout = -2;
} fake;

Datagram& push(Queue& q, const void* data, size_t len) {
    assert_true(q.tail < 8 && len <= sizeof q.d[0].b);
    Datagram& d = q.d[q.tail++];
    memcpy(d.b, data, len);
    d.len = len;
    return d;
}
template <size_t N>
Datagram& reply(const uint8_t (&data)[N]) { return push(fake.replies, data, N); }
Datagram& fail_reply(int err) { Datagram& d = push(fake.replies, "", 0); d.err = err; return d; }

uint32_t first_seq_sent() { return reinterpret_cast<const nlmsghdr*>(fake.last)->nlmsg_seq; }

int setup(void**) {
    fake = Fake{};
    return 0;
}

Socket open_socket() {
    Result<Socket> s = Socket::open(NETLINK_ROUTE);
    assert_true(s.ok());
    fake.port = s.value().port();
    return s.release_value();
}

}  // namespace

extern "C" ssize_t __wrap_krg_nl_send(int, const void* buf, size_t len) {
    if (++fake.sends == fake.fail_send_at) {
        errno = fake.send_errno;
        return -1;
    }
    assert_true(len <= sizeof fake.last);
    memcpy(fake.last, buf, len);
    fake.last_len = len;
    return fake.short_send ? ssize_t(len) - 4 : ssize_t(len);
}

extern "C" ssize_t __wrap_krg_nl_recv(int fd, void* buf, size_t len, int, uint32_t* sender) {
    fake.recvs++;
    bool events = fd == fake.events_fd;
    Queue& q = events ? fake.events : fake.replies;
    if (q.empty()) {  // a real blocking receive would hang here
        errno = EAGAIN;
        return -1;
    }
    Datagram& d = q.d[q.head++];
    if (d.err) {
        errno = d.err;
        return -1;
    }
    assert_true(d.len <= len);
    memcpy(buf, d.b, d.len);
    for (Msgs it(buf, d.len); const nlmsghdr* h = it.next();) {
        auto* w = const_cast<nlmsghdr*>(h);
        w->nlmsg_seq = events ? 0 : first_seq_sent() + uint32_t(d.seq_offset);
        w->nlmsg_pid = events ? 0 : fake.port;
    }
    *sender = d.sender;
    return d.oversize ? ssize_t(len) + 100 : ssize_t(d.len);
}

extern "C" int __wrap_poll(struct pollfd* fds, nfds_t n, int timeout) {
    fake.polls++;
    fake.last_poll_timeout = timeout;
    assert_int_equal(n, 1);
    if (fake.events.empty()) return 0;  // the deadline passed
    fds[0].revents = POLLIN;
    return 1;
}

static void failed_send_becomes_a_clean_error(void**) {
    Socket s = open_socket();
    fake.fail_send_at = 1;
    fake.send_errno = EPERM;
    NewLink l;
    l.name = "krg0";
    l.parent = 3;
    l.vlan_id = 7;
    l.parent_name = "eth0";
    Result<void> r = create_link(s, l);
    assert_false(r.ok());
    assert_int_equal(r.error().code, EPERM);
    assert_int_equal(int(r.error().exit), int(krg::Exit::system));
    assert_string_equal(r.error().step, "create");
    assert_string_equal(r.error().object, "krg0 (vlan 7 on eth0)");
    char want[96];
    snprintf(want, sizeof want, "netlink send: %s", strerror(EPERM));
    assert_string_equal(r.error().detail, want);
    assert_int_equal(fake.recvs, 0);
}

static void failed_receive_becomes_a_clean_error(void**) {
    Socket s = open_socket();
    fail_reply(ECONNRESET);
    Result<void> r = set_link_up(s, 4, "krg0");
    assert_false(r.ok());
    assert_int_equal(r.error().code, ECONNRESET);
    assert_string_equal(r.error().step, "bring up");
    assert_string_equal(r.error().object, "krg0");
    assert_non_null(strstr(r.error().detail, "netlink receive: "));
}

static void short_send_is_an_error(void**) {
    Socket s = open_socket();
    fake.short_send = true;
    Result<void> r = delete_link(s, 4, "krg0");
    assert_false(r.ok());
    assert_int_equal(r.error().code, EIO);
}

static void reply_larger_than_the_buffer_is_refused(void**) {
    Socket s = open_socket();
    reply(kAck).oversize = true;
    Result<void> r = delete_link(s, 4);
    assert_false(r.ok());
    assert_int_equal(r.error().code, EMSGSIZE);
    assert_string_equal(r.error().object, "ifindex 4");
}

static void datagram_not_from_the_kernel_is_rejected(void**) {
    Socket s = open_socket();
    reply(kAck).sender = 4321;
    Result<void> r = delete_link(s, 4);
    assert_false(r.ok());
    assert_int_equal(r.error().code, EPROTO);
}

static void create_sends_the_built_request_once_and_counts_a_round_trip(void**) {
    Socket s = open_socket();
    uint64_t total = total_round_trips();
    NewLink l;
    l.name = "krg0";
    l.parent = 3;
    l.kind = LinkKind::macvlan;
    reply(kAck);
    assert_true(create_link(s, l).ok());
    assert_int_equal(fake.sends, 1);
    assert_int_equal(s.round_trips(), 1);
    assert_int_equal(total_round_trips(), total + 1);
    MsgBuf<256> want;
    build_new_link(want, l);
    golden::Bytes w(want.data(), want.size());
    golden::expect_same(fake.last, fake.last_len, w);
    uint32_t first = first_seq_sent();
    assert_int_not_equal(first, 0);
    reply(kAck);
    assert_true(set_link_up(s, 4).ok());
    assert_true(first_seq_sent() > first);
    assert_int_equal(s.round_trips(), 2);
}

static void get_link_not_found_is_an_empty_optional(void**) {
    Socket s = open_socket();
    reply(kEnodev);
    Result<std::optional<LinkInfo>> r = get_link(s, "eth9");
    assert_true(r.ok());
    assert_false(r.value().has_value());
}

static void get_link_returns_the_parsed_reply(void**) {
    Socket s = open_socket();
    reply(kLink);
    reply(kAck);
    Result<std::optional<LinkInfo>> r = get_link(s, "krg0");
    assert_true(r.ok());
    assert_true(r.value().has_value());
    assert_string_equal(r.value()->name, "krg0");
    assert_int_equal(r.value()->link, 3);
}

static void get_link_refuses_a_name_longer_than_ifnamsiz(void**) {
    Socket s = open_socket();
    Result<std::optional<LinkInfo>> r = get_link(s, "a-very-long-ifname");
    assert_false(r.ok());
    assert_int_equal(r.error().code, EINVAL);
    assert_int_equal(fake.sends, 0);
}

static void kernel_error_is_returned_and_later_answers_are_drained(void**) {
    Socket s = open_socket();
    reply(kEexist);
    reply(kAck);  // a late answer still queued when the error arrives
    Result<void> r = create_link(s, NewLink{.name = "krg0", .parent = 3});
    assert_false(r.ok());
    assert_int_equal(r.error().code, EEXIST);
    assert_true(fake.replies.empty());
    reply(kAck);
    assert_true(set_link_up(s, 4).ok());  // the next exchange is not confused
}

static void find_link_by_mac_picks_the_link_from_the_dump(void**) {
    Socket s = open_socket();
    reply(kDump);
    reply(kDumpDone);
    Result<std::optional<LinkInfo>> r = find_link_by_mac(s, krg::Mac{{0xf0, 0, 0, 0, 7, 4}});
    assert_true(r.ok());
    assert_true(r.value().has_value());
    assert_string_equal(r.value()->name, "krg0");
    reply(kDump);
    reply(kDumpDone);
    Result<std::optional<LinkInfo>> none = find_link_by_mac(s, krg::Mac{{2, 0, 0, 0, 0, 1}});
    assert_true(none.ok());
    assert_false(none.value().has_value());
}

static void list_addrs_keeps_only_the_asked_link(void**) {
    Socket s = open_socket();
    AddrInfo a[4];
    reply(kAddrs);
    reply(kAddrsDone);
    Result<size_t> n = list_addrs(s, 4, a, 4);
    assert_true(n.ok());
    assert_int_equal(n.value(), 1);
    assert_int_equal(a[0].addr, 0x0a048704);
    assert_int_equal(a[0].prefix_len, 18);
    reply(kAddrs);
    reply(kAddrsDone);
    Result<size_t> other = list_addrs(s, 3, a, 4);
    assert_true(other.ok());
    assert_int_equal(other.value(), 0);
}

static void wait_for_link_returns_a_link_that_exists_without_polling(void**) {
    Socket s = open_socket();
    Result<Socket> ev = open_link_events();
    assert_true(ev.ok());
    fake.events_fd = ev.value().fd();
    reply(kLink);
    reply(kAck);
    Result<LinkInfo> r = wait_for_link(s, ev.value(), LinkMatch::named("krg0"), 1000);
    assert_true(r.ok());
    assert_string_equal(r.value().name, "krg0");
    assert_int_equal(fake.polls, 0);
}

static void wait_for_link_returns_the_link_an_event_announces(void**) {
    Socket s = open_socket();
    Result<Socket> ev = open_link_events();
    assert_true(ev.ok());
    fake.events_fd = ev.value().fd();
    reply(kEnodev);                       // not there when first asked
    push(fake.events, kDump, sizeof kDump);  // then RTM_NEWLINK for lo .. krg0
    Result<LinkInfo> r = wait_for_link(s, ev.value(), LinkMatch::named("krg0"), 5000);
    assert_true(r.ok());
    assert_int_equal(r.value().ifindex, 4);
    assert_int_equal(fake.sends, 1);  // the event sufficed, no second lookup
    assert_int_equal(fake.polls, 1);
    assert_true(fake.last_poll_timeout > 0 && fake.last_poll_timeout <= 5000);
}

static void wait_for_link_times_out_with_etimedout(void**) {
    Socket s = open_socket();
    Result<Socket> ev = open_link_events();
    assert_true(ev.ok());
    fake.events_fd = ev.value().fd();
    reply(kEnodev);
    Result<LinkInfo> r = wait_for_link(s, ev.value(), LinkMatch::named("eth0"), 1500);
    assert_false(r.ok());
    assert_int_equal(r.error().code, ETIMEDOUT);
    assert_string_equal(r.error().step, "wait for");
    assert_string_equal(r.error().object, "eth0");
    assert_string_equal(r.error().detail, "not there after 1.5 s");
}

static void wait_for_link_ignores_events_for_other_links(void**) {
    Socket s = open_socket();
    Result<Socket> ev = open_link_events();
    assert_true(ev.ok());
    fake.events_fd = ev.value().fd();
    reply(kEnodev);
    push(fake.events, kDump, sizeof kDump);  // lo, veth1, veth0, krg0: no eth0
    Result<LinkInfo> r = wait_for_link(s, ev.value(), LinkMatch::named("eth0"), 100);
    assert_false(r.ok());
    assert_int_equal(r.error().code, ETIMEDOUT);
    assert_int_equal(fake.polls, 2);
}

static void wait_for_link_looks_again_after_lost_events(void**) {
    Socket s = open_socket();
    Result<Socket> ev = open_link_events();
    assert_true(ev.ok());
    fake.events_fd = ev.value().fd();
    golden::Bytes dump(kDump);
    LinkInfo veth1;
    assert_true(parse_link(dump.msg(1), &veth1));
    reply(kDumpDone);                           // first look: an empty dump, no such NIC yet
    push(fake.events, "", 0).err = ENOBUFS;     // the event socket overflowed
    reply(kDump);                               // second look: there it is
    reply(kDumpDone);
    Result<LinkInfo> r = wait_for_link(s, ev.value(), LinkMatch::with_mac(veth1.mac), 5000);
    assert_true(r.ok());
    assert_string_equal(r.value().name, "veth1");
    assert_int_equal(fake.sends, 2);
}

// --- address dumps over several datagrams ----------------------------------------------------
// A dump of many addresses: the kernel answers in as many datagrams as it
// needs (a few KiB each on a fresh socket); every one must be read, in order.
static void list_addrs_reads_a_dump_spread_over_several_datagrams(void**) {
    Socket s = open_socket();
    constexpr int kPerDatagram = 60, kDatagrams = 3;
    for (int d = 0; d < kDatagrams; d++) {
        MsgBuf<8192> b;
        for (int i = 0; i < kPerDatagram; i++) {
            int k = d * kPerDatagram + i;
            build_new_addr(b, k % 7 == 3 ? 9 : 4, 0x0a040000u + uint32_t(k), 18);  // every 7th on another link
            b.current()->nlmsg_type = RTM_NEWADDR;
            b.current()->nlmsg_flags = NLM_F_MULTI;
        }
        assert_false(b.overflow());
        push(fake.replies, b.data(), b.size());
    }
    reply(kAddrsDone);
    static AddrInfo a[kDatagrams * kPerDatagram];
    Result<size_t> n = list_addrs(s, 4, a, kDatagrams * kPerDatagram);
    assert_true(n.ok());
    size_t want = 0;
    for (int k = 0; k < kDatagrams * kPerDatagram; k++) {
        if (k % 7 == 3) continue;
        assert_int_equal(a[want].addr, 0x0a040000u + uint32_t(k));
        want++;
    }
    assert_int_equal(n.value(), want);
    assert_int_equal(fake.recvs, kDatagrams + 1);
}

static void list_addrs_counts_past_its_capacity(void**) {
    Socket s = open_socket();
    MsgBuf<8192> b;
    for (int i = 0; i < 40; i++) {
        build_new_addr(b, 4, 0x0a040100u + uint32_t(i), 24);
        b.current()->nlmsg_flags = NLM_F_MULTI;
    }
    push(fake.replies, b.data(), b.size());
    reply(kAddrsDone);
    AddrInfo a[16];
    Result<size_t> n = list_addrs(s, 4, a, 16);
    assert_true(n.ok());
    assert_int_equal(n.value(), 40);  // the caller learns there were more than it kept
    assert_int_equal(a[15].addr, 0x0a04010fu);
}

// --- carrier ------------------------------------------------------------------------------------
namespace {
constexpr unsigned kUp = 0x1, kLowerUp = 0x10000;

// The recorded RTM_NEWLINK reply (krg0, ifindex 4) with these IFF_* flags.
golden::Bytes link_with_flags(unsigned flags) {
    golden::Bytes b(kLink);
    auto* ifi = reinterpret_cast<ifinfomsg*>(NLMSG_DATA(b.msg()));
    ifi->ifi_flags = flags;
    return b;
}
void reply_link(unsigned flags) {
    golden::Bytes b = link_with_flags(flags);
    push(fake.replies, b.b, b.len);
    reply(kAck);
}
void event_link(unsigned flags, int ifindex = 4) {
    golden::Bytes b = link_with_flags(flags);
    reinterpret_cast<ifinfomsg*>(NLMSG_DATA(b.msg()))->ifi_index = ifindex;
    push(fake.events, b.b, b.len);
}
}  // namespace

static void carrier_needs_both_up_and_lower_up(void**) {
    LinkInfo l;
    l.flags = kUp | kLowerUp;
    assert_true(has_carrier(l));
    l.flags = kLowerUp;  // administratively down
    assert_false(has_carrier(l));
    l.flags = kUp;  // up, no carrier (a NIC negotiating, a veth whose peer is down)
    assert_false(has_carrier(l));
}

static void wait_for_carrier_returns_at_once_when_the_link_has_it(void**) {
    Socket s = open_socket();
    Result<Socket> ev = open_link_events();
    assert_true(ev.ok());
    fake.events_fd = ev.value().fd();
    reply_link(kUp | kLowerUp);
    Result<uint32_t> r = wait_for_carrier(s, ev.value(), 4, 10000);
    assert_true(r.ok());
    assert_true(r.value() < 1000);
    assert_int_equal(fake.polls, 0);
    assert_int_equal(fake.sends, 1);  // one lookup gives both the name and the state
}

static void wait_for_carrier_returns_when_an_event_brings_it(void**) {
    Socket s = open_socket();
    Result<Socket> ev = open_link_events();
    assert_true(ev.ok());
    fake.events_fd = ev.value().fd();
    reply_link(kUp);                   // up, negotiating
    event_link(kUp | kLowerUp, 7);     // another link's carrier: not ours
    event_link(kUp);                   // ours, still no carrier
    event_link(kUp | kLowerUp);        // carrier
    Result<uint32_t> r = wait_for_carrier(s, ev.value(), 4, 10000);
    assert_true(r.ok());
    assert_int_equal(fake.sends, 1);
    assert_true(fake.polls >= 1);
    assert_true(fake.last_poll_timeout > 0 && fake.last_poll_timeout <= 10000);
}

static void wait_for_carrier_times_out_with_one_line_naming_the_link(void**) {
    Socket s = open_socket();
    Result<Socket> ev = open_link_events();
    assert_true(ev.ok());
    fake.events_fd = ev.value().fd();
    reply_link(kUp);
    event_link(kUp);
    Result<uint32_t> r = wait_for_carrier(s, ev.value(), 4, 10000);
    assert_false(r.ok());
    assert_int_equal(r.error().code, ETIMEDOUT);
    assert_int_equal(int(r.error().exit), int(krg::Exit::system));
    char buf[400];
    krg::format_error(r.error(), buf, sizeof buf);
    assert_string_equal(buf, "wait for carrier on krg0: no carrier after 10 s");
}

static void wait_for_carrier_looks_again_after_lost_events(void**) {
    Socket s = open_socket();
    Result<Socket> ev = open_link_events();
    assert_true(ev.ok());
    fake.events_fd = ev.value().fd();
    reply_link(kUp);
    push(fake.events, "", 0).err = ENOBUFS;  // the carrier event was lost
    reply_link(kUp | kLowerUp);               // the second look sees it
    Result<uint32_t> r = wait_for_carrier(s, ev.value(), 4, 10000);
    assert_true(r.ok());
    assert_int_equal(fake.sends, 2);
}

static void wait_for_carrier_on_a_missing_link_is_no_such_device(void**) {
    Socket s = open_socket();
    Result<Socket> ev = open_link_events();
    assert_true(ev.ok());
    fake.events_fd = ev.value().fd();
    reply(kEnodev);
    Result<uint32_t> r = wait_for_carrier(s, ev.value(), 9, 10000);
    assert_false(r.ok());
    assert_int_equal(r.error().code, ENODEV);
    assert_string_equal(r.error().object, "ifindex 9");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(failed_send_becomes_a_clean_error, setup),
        cmocka_unit_test_setup(failed_receive_becomes_a_clean_error, setup),
        cmocka_unit_test_setup(short_send_is_an_error, setup),
        cmocka_unit_test_setup(reply_larger_than_the_buffer_is_refused, setup),
        cmocka_unit_test_setup(datagram_not_from_the_kernel_is_rejected, setup),
        cmocka_unit_test_setup(create_sends_the_built_request_once_and_counts_a_round_trip, setup),
        cmocka_unit_test_setup(get_link_not_found_is_an_empty_optional, setup),
        cmocka_unit_test_setup(get_link_returns_the_parsed_reply, setup),
        cmocka_unit_test_setup(get_link_refuses_a_name_longer_than_ifnamsiz, setup),
        cmocka_unit_test_setup(kernel_error_is_returned_and_later_answers_are_drained, setup),
        cmocka_unit_test_setup(find_link_by_mac_picks_the_link_from_the_dump, setup),
        cmocka_unit_test_setup(list_addrs_keeps_only_the_asked_link, setup),
        cmocka_unit_test_setup(wait_for_link_returns_a_link_that_exists_without_polling, setup),
        cmocka_unit_test_setup(wait_for_link_returns_the_link_an_event_announces, setup),
        cmocka_unit_test_setup(wait_for_link_times_out_with_etimedout, setup),
        cmocka_unit_test_setup(wait_for_link_ignores_events_for_other_links, setup),
        cmocka_unit_test_setup(wait_for_link_looks_again_after_lost_events, setup),
        cmocka_unit_test_setup(list_addrs_reads_a_dump_spread_over_several_datagrams, setup),
        cmocka_unit_test_setup(list_addrs_counts_past_its_capacity, setup),
        cmocka_unit_test_setup(carrier_needs_both_up_and_lower_up, setup),
        cmocka_unit_test_setup(wait_for_carrier_returns_at_once_when_the_link_has_it, setup),
        cmocka_unit_test_setup(wait_for_carrier_returns_when_an_event_brings_it, setup),
        cmocka_unit_test_setup(wait_for_carrier_times_out_with_one_line_naming_the_link, setup),
        cmocka_unit_test_setup(wait_for_carrier_looks_again_after_lost_events, setup),
        cmocka_unit_test_setup(wait_for_carrier_on_a_missing_link_is_no_such_device, setup),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
