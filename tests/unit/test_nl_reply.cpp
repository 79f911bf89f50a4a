// SPDX-License-Identifier: GPL-2.0-or-later
// Reply processing (src/nl/reply.h) fed with the kernel's recorded answers
// (tests/golden/nl/): ACK, errors with and without ext-ack text, multipart
// dumps, and replies that must be rejected.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
extern "C" {
#include <cmocka.h>  // 1.1.x has no extern "C" of its own
}

#include <errno.h>

#include "../golden/nl/compare.h"
#include "base/errno_text.h"
#include "base/result.h"
#include "nl/link.h"
#include "nl/reply.h"

using namespace krg::nl;
using krg::Result;

namespace {

const uint8_t kAck[] = {
#include "../golden/nl/ack.reply.hex"
};
const uint8_t kEexist[] = {
#include "../golden/nl/eexist.reply.hex"
};
const uint8_t kExtack[] = {
#include "../golden/nl/extack.reply.hex"
};
const uint8_t kEnodev[] = {
#include "../golden/nl/enodev.reply.hex"
};
const uint8_t kGetReply[] = {
#include "../golden/nl/getlink_macvlan.reply.hex"
};
const uint8_t kDump[] = {
#include "../golden/nl/dumplink.reply.hex"
};
const uint8_t kDumpDone[] = {
#include "../golden/nl/dumplink_done.reply.hex"
};

const What kCreate{"create", "krg0 (vlan 7 on eth0)"};

int g_calls;
Result<void> count_msgs(const nlmsghdr*, void*) {
    g_calls++;
    return {};
}

// An exchange for a request of this shape whose sequence number and port
// are the recorded reply's, so the recording answers it.
struct Setup {
    MsgBuf<512> req;
    Exchange ex;
    Setup(golden::Bytes& reply, uint16_t flags, ReplyFn fn = nullptr)
        : ex(kCreate, reply.msg()->nlmsg_pid, fn, nullptr) {
        req.put_header(RTM_NEWLINK, flags);
        req.put_extra<ifinfomsg>();
        uint32_t seq = reply.msg()->nlmsg_seq;
        assert_true(ex.start(req, &seq).ok());
        g_calls = 0;
    }
};

std::string_view formatted(const krg::Error& e) {
    static char buf[512];
    size_t n = krg::format_error(e, buf, sizeof buf);
    return {buf, n};
}

}  // namespace

static void recorded_ack_completes_the_exchange(void**) {
    golden::Bytes r(kAck);
    Setup s(r, NLM_F_REQUEST | NLM_F_ACK);
    assert_false(s.ex.done());
    assert_true(s.ex.feed(r.b, r.len).ok());
    assert_true(s.ex.done());
}

static void recorded_eexist_becomes_an_error_with_its_errno(void**) {
    golden::Bytes r(kEexist);
    Setup s(r, NLM_F_REQUEST | NLM_F_ACK);
    krg::Result<void> res = s.ex.feed(r.b, r.len);
    assert_false(res.ok());
    assert_int_equal(res.error().code, EEXIST);
    assert_string_equal(res.error().step, "create");
    assert_string_equal(res.error().object, "krg0 (vlan 7 on eth0)");
    assert_string_equal(res.error().detail, "");  // no ext-ack: strerror when printed
}

static void recorded_extack_text_reaches_the_error_message(void**) {
    golden::Bytes r(kExtack);
    Setup s(r, NLM_F_REQUEST | NLM_F_ACK);
    krg::Result<void> res = s.ex.feed(r.b, r.len);
    assert_false(res.ok());
    assert_int_equal(res.error().code, EOPNOTSUPP);
    krg::Error e = res.error();
    add_kind_hint(e, LinkKind::vlan);
    char want[160];
    snprintf(want, sizeof want, "create krg0 (vlan 7 on eth0): %s: Unknown device type (is the 8021q module loaded?)",
             krg::errno_text(EOPNOTSUPP));
    assert_true(formatted(e) == want);
}

static void capped_error_with_extack_gives_the_same_text(void**) {
    // What the kernel sends with NETLINK_CAP_ACK on (as krgnet sets it): the
    // echoed request cut to its header, then the same attributes.
    golden::Bytes rec(kExtack);
    nlmsghdr* h = rec.msg();
    auto* err = reinterpret_cast<nlmsgerr*>(rec.b + NLMSG_HDRLEN);
    size_t tlv_at = NLMSG_HDRLEN + 4 + NLMSG_ALIGN(err->msg.nlmsg_len);
    size_t tlv_len = h->nlmsg_len - tlv_at;
    golden::Bytes r;
    memcpy(r.b, rec.b, NLMSG_HDRLEN + sizeof(nlmsgerr));
    memcpy(r.b + NLMSG_HDRLEN + sizeof(nlmsgerr), rec.b + tlv_at, tlv_len);
    r.len = NLMSG_HDRLEN + sizeof(nlmsgerr) + tlv_len;
    reinterpret_cast<nlmsghdr*>(r.b)->nlmsg_len = uint32_t(r.len);
    r.msg()->nlmsg_flags |= NLM_F_CAPPED;
    Setup s(r, NLM_F_REQUEST | NLM_F_ACK);
    krg::Result<void> res = s.ex.feed(r.b, r.len);
    assert_false(res.ok());
    assert_non_null(strstr(res.error().detail, ": Unknown device type"));
}

static void extack_text_without_its_nul_is_ignored(void**) {
    golden::Bytes r(kExtack);
    r.b[r.len - 1] = 'X';  // last byte of "Unknown device type\0"
    Setup s(r, NLM_F_REQUEST | NLM_F_ACK);
    krg::Result<void> res = s.ex.feed(r.b, r.len);
    assert_false(res.ok());
    assert_int_equal(res.error().code, EOPNOTSUPP);
    assert_string_equal(res.error().detail, "");
}

static void recorded_enodev_keeps_its_errno_for_not_found(void**) {
    golden::Bytes r(kEnodev);
    Setup s(r, NLM_F_REQUEST | NLM_F_ACK);
    krg::Result<void> res = s.ex.feed(r.b, r.len);
    assert_false(res.ok());
    assert_int_equal(res.error().code, ENODEV);
}

static void get_reply_then_ack_calls_back_once_and_completes(void**) {
    golden::Bytes data(kGetReply), ack(kAck);
    ack.msg()->nlmsg_seq = data.msg()->nlmsg_seq;
    ack.msg()->nlmsg_pid = data.msg()->nlmsg_pid;
    Setup s(data, NLM_F_REQUEST | NLM_F_ACK, count_msgs);
    assert_true(s.ex.feed(data.b, data.len).ok());
    assert_false(s.ex.done());
    assert_int_equal(g_calls, 1);
    assert_true(s.ex.feed(ack.b, ack.len).ok());
    assert_true(s.ex.done());
}

static void recorded_multipart_dump_calls_back_per_link_until_done(void**) {
    golden::Bytes d(kDump), done(kDumpDone);
    Setup s(d, NLM_F_REQUEST | NLM_F_DUMP, count_msgs);
    assert_true(s.ex.feed(d.b, d.len).ok());
    assert_int_equal(g_calls, 4);
    assert_false(s.ex.done());
    assert_true(s.ex.feed(done.b, done.len).ok());
    assert_true(s.ex.done());
}

static void dump_done_carrying_an_error_fails(void**) {
    golden::Bytes done(kDumpDone);
    int32_t err = -EINVAL;
    memcpy(done.b + NLMSG_HDRLEN, &err, 4);
    Setup s(done, NLM_F_REQUEST | NLM_F_DUMP);
    krg::Result<void> res = s.ex.feed(done.b, done.len);
    assert_false(res.ok());
    assert_int_equal(res.error().code, EINVAL);
}

static void reply_with_wrong_seq_is_rejected(void**) {
    for (int delta : {1, -1}) {
        golden::Bytes r(kAck);
        Setup s(r, NLM_F_REQUEST | NLM_F_ACK);
        r.msg()->nlmsg_seq += uint32_t(delta);
        krg::Result<void> res = s.ex.feed(r.b, r.len);
        assert_false(res.ok());
        assert_int_equal(res.error().code, EPROTO);
        assert_non_null(strstr(res.error().detail, "sequence number"));
        assert_false(s.ex.done());
    }
}

static void reply_with_wrong_port_is_rejected(void**) {
    golden::Bytes r(kAck);
    Setup s(r, NLM_F_REQUEST | NLM_F_ACK);
    r.msg()->nlmsg_pid += 1;
    krg::Result<void> res = s.ex.feed(r.b, r.len);
    assert_false(res.ok());
    assert_int_equal(res.error().code, EPROTO);
    assert_non_null(strstr(res.error().detail, "port"));
}

static void reply_from_port_0_is_accepted(void**) {
    golden::Bytes r(kAck);
    Setup s(r, NLM_F_REQUEST | NLM_F_ACK);
    r.msg()->nlmsg_pid = 0;
    assert_true(s.ex.feed(r.b, r.len).ok());
    assert_true(s.ex.done());
}

static void truncated_reply_is_rejected(void**) {
    golden::Bytes r(kExtack);
    Setup s(r, NLM_F_REQUEST | NLM_F_ACK);
    krg::Result<void> res = s.ex.feed(r.b, r.len - 8);  // datagram shorter than nlmsg_len
    assert_false(res.ok());
    assert_int_equal(res.error().code, EPROTO);
    assert_non_null(strstr(res.error().detail, "truncated"));
    assert_false(s.ex.done());
}

static void error_message_too_short_for_nlmsgerr_is_rejected(void**) {
    golden::Bytes r(kAck);
    Setup s(r, NLM_F_REQUEST | NLM_F_ACK);
    r.msg()->nlmsg_len = NLMSG_HDRLEN + 4;  // the errno only
    krg::Result<void> res = s.ex.feed(r.b, NLMSG_HDRLEN + 4);
    assert_false(res.ok());
    assert_int_equal(res.error().code, EPROTO);
    assert_false(s.ex.done());
}

static void data_after_its_ack_is_rejected(void**) {
    golden::Bytes ack(kAck), data(kGetReply);
    data.msg()->nlmsg_seq = ack.msg()->nlmsg_seq;
    data.msg()->nlmsg_pid = ack.msg()->nlmsg_pid;
    MsgBuf<64> req;  // two requests, so the exchange is not over after the first ACK
    req.put_header(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK);
    req.put_header(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK);
    Exchange ex(kCreate, ack.msg()->nlmsg_pid, count_msgs);
    uint32_t seq = ack.msg()->nlmsg_seq;
    assert_true(ex.start(req, &seq).ok());
    assert_true(ex.feed(ack.b, ack.len).ok());
    krg::Result<void> res = ex.feed(data.b, data.len);
    assert_false(res.ok());
    assert_int_equal(res.error().code, EPROTO);
}

static void an_error_on_any_message_of_a_batch_fails_the_exchange(void**) {
    golden::Bytes ack(kAck), err(kEexist);
    MsgBuf<128> req;
    batch_begin(req);
    req.put_header(nft_type(NFT_MSG_NEWTABLE), NLM_F_REQUEST | NLM_F_ACK);
    put_nfgen(req, kNfprotoInet);
    req.put_header(nft_type(NFT_MSG_NEWCHAIN), NLM_F_REQUEST | NLM_F_ACK);
    put_nfgen(req, kNfprotoInet);
    batch_end(req);
    uint32_t port = 4242, seq = 100;
    Exchange ex({"add", "table inet krg"}, port, nullptr);
    assert_true(ex.start(req, &seq).ok());
    ack.msg()->nlmsg_seq = 101;
    ack.msg()->nlmsg_pid = port;
    err.msg()->nlmsg_seq = 102;
    err.msg()->nlmsg_pid = port;
    assert_true(ex.feed(ack.b, ack.len).ok());
    assert_false(ex.done());
    krg::Result<void> res = ex.feed(err.b, err.len);
    assert_false(res.ok());
    assert_int_equal(res.error().code, EEXIST);
    assert_string_equal(res.error().object, "table inet krg");
}

static void callback_errors_get_the_step_and_object_of_the_exchange(void**) {
    golden::Bytes d(kGetReply);
    Setup s(d, NLM_F_REQUEST | NLM_F_ACK,
            [](const nlmsghdr*, void*) -> Result<void> { return krg::Error::system(EPROTO, "", "", "bad"); });
    krg::Result<void> res = s.ex.feed(d.b, d.len);
    assert_false(res.ok());
    assert_string_equal(res.error().step, "create");
    assert_string_equal(res.error().object, "krg0 (vlan 7 on eth0)");
    assert_string_equal(res.error().detail, "bad");
}

static void sequence_numbers_are_nonzero_and_increase(void**) {
    MsgBuf<64> req;
    req.put_header(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK);
    Exchange ex(kCreate, 1);
    uint32_t seq = 0;  // 0 is never used
    assert_true(ex.start(req, &seq).ok());
    assert_int_equal(ex.first_seq(), 1);
    assert_int_equal(seq, 2);
    seq = UINT32_MAX;  // wraps to 1, never through 0
    assert_true(ex.start(req, &seq).ok());
    assert_int_equal(ex.first_seq(), 1);
    assert_int_equal(req.current()->nlmsg_seq, 1);
}

// The kernel's error field is -errno (1..4095).  INT_MIN cannot be negated
// (undefined behaviour, which UBSan in this build turns into a crash); it
// and every other value outside that range is one EIO-like error.
static void error_code_outside_the_errno_range_is_a_bad_error_code(void**) {
    const struct {
        int32_t value;
        const char* detail;
    } cases[] = {
        {INT32_MIN, "bad error code -2147483648 from the kernel"},
        {INT32_MIN + 1, "bad error code -2147483647 from the kernel"},
        {-4096, "bad error code -4096 from the kernel"},
        {1, "bad error code 1 from the kernel"},
        {INT32_MAX, "bad error code 2147483647 from the kernel"},
    };
    for (const auto& c : cases) {
        golden::Bytes r(kEexist);
        memcpy(r.b + NLMSG_HDRLEN, &c.value, 4);
        Setup s(r, NLM_F_REQUEST | NLM_F_ACK);
        krg::Result<void> res = s.ex.feed(r.b, r.len);
        assert_false(res.ok());
        assert_int_equal(res.error().code, EIO);
        assert_string_equal(res.error().detail, c.detail);
        assert_string_equal(res.error().step, "create");
    }
}

static void largest_errno_is_still_an_errno(void**) {
    golden::Bytes r(kEexist);
    int32_t v = -4095;
    memcpy(r.b + NLMSG_HDRLEN, &v, 4);
    Setup s(r, NLM_F_REQUEST | NLM_F_ACK);
    krg::Result<void> res = s.ex.feed(r.b, r.len);
    assert_false(res.ok());
    assert_int_equal(res.error().code, 4095);
}

static void dump_done_with_int_min_is_a_bad_error_code(void**) {
    golden::Bytes done(kDumpDone);
    int32_t err = INT32_MIN;
    memcpy(done.b + NLMSG_HDRLEN, &err, 4);
    Setup s(done, NLM_F_REQUEST | NLM_F_DUMP);
    krg::Result<void> res = s.ex.feed(done.b, done.len);
    assert_false(res.ok());
    assert_int_equal(res.error().code, EIO);
    assert_true(formatted(res.error()) == "create krg0 (vlan 7 on eth0): bad error code -2147483648 from the kernel");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recorded_ack_completes_the_exchange),
        cmocka_unit_test(recorded_eexist_becomes_an_error_with_its_errno),
        cmocka_unit_test(recorded_extack_text_reaches_the_error_message),
        cmocka_unit_test(capped_error_with_extack_gives_the_same_text),
        cmocka_unit_test(extack_text_without_its_nul_is_ignored),
        cmocka_unit_test(recorded_enodev_keeps_its_errno_for_not_found),
        cmocka_unit_test(get_reply_then_ack_calls_back_once_and_completes),
        cmocka_unit_test(recorded_multipart_dump_calls_back_per_link_until_done),
        cmocka_unit_test(dump_done_carrying_an_error_fails),
        cmocka_unit_test(reply_with_wrong_seq_is_rejected),
        cmocka_unit_test(reply_with_wrong_port_is_rejected),
        cmocka_unit_test(reply_from_port_0_is_accepted),
        cmocka_unit_test(truncated_reply_is_rejected),
        cmocka_unit_test(error_message_too_short_for_nlmsgerr_is_rejected),
        cmocka_unit_test(data_after_its_ack_is_rejected),
        cmocka_unit_test(an_error_on_any_message_of_a_batch_fails_the_exchange),
        cmocka_unit_test(callback_errors_get_the_step_and_object_of_the_exchange),
        cmocka_unit_test(sequence_numbers_are_nonzero_and_increase),
        cmocka_unit_test(error_code_outside_the_errno_range_is_a_bad_error_code),
        cmocka_unit_test(largest_errno_is_still_an_errno),
        cmocka_unit_test(dump_done_with_int_min_is_a_bad_error_code),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
