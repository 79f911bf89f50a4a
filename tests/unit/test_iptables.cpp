// SPDX-License-Identifier: GPL-2.0-or-later
// sys/iptables: the IPT_SO_SET_REPLACE blob of the legacy CLUSTERIP backend,
// byte for byte against what iptables-legacy wrote (tests/golden/nl/README.md).
// The kernel side runs in the VM tier (this host kernel has no CLUSTERIP).
#include "krgtest.h"

#include "sys/iptables.h"

using namespace krg;

static const uint8_t kWithRule[] = {
#include "../golden/nl/ipt_clusterip_replace.hex"
};
static const uint8_t kEmpty[] = {
#include "../golden/nl/ipt_filter_empty_replace.hex"
};

constexpr size_t kCountersPtr = 88;  // struct ipt_replace.counters: a user-space address

static ClusteripTarget node1() {
    ClusteripTarget t;
    t.ifname = "krg0";
    t.cip = 0x0a04c701;
    t.cmac = {{0x01, 0x00, 0x00, 0x00, 0x07, 0x00}};
    t.node = 1;
    t.buckets = 0x1111;
    return t;
}

// Deviation (README.md): the counters pointer is whatever each program's
// memory holds; both sides get zero there.
static void expect_blob(const uint8_t* got, size_t got_len, const uint8_t* want_src, size_t want_len) {
    static uint8_t want[kIptBlobSize];
    assert_true(want_len <= sizeof want);
    memcpy(want, want_src, want_len);
    memset(want + kCountersPtr, 0, 8);
    assert_int_equal(got_len, want_len);
    for (size_t i = 0; i < want_len; i++)
        if (got[i] != want[i]) fail_msg("byte %zu: built 0x%02x, iptables-legacy 0x%02x", i, got[i], want[i]);
}

static void rule_blob_matches_iptables_legacy(void**) {
    alignas(8) static uint8_t buf[kIptBlobSize];
    ClusteripTarget t = node1();
    size_t n = build_filter_replace(buf, sizeof buf, &t, 4, nullptr);
    assert_int_equal(n, 936);
    expect_blob(buf, n, kWithRule, sizeof kWithRule);
}

static void empty_table_blob_matches_iptables_legacy_flush(void**) {
    alignas(8) static uint8_t buf[kIptBlobSize];
    size_t n = build_filter_replace(buf, sizeof buf, nullptr, 4, nullptr);
    expect_blob(buf, n, kEmpty, sizeof kEmpty);
}

static void replaced_table_size_is_passed_through(void**) {
    alignas(8) static uint8_t buf[kIptBlobSize];
    ClusteripTarget t = node1();
    size_t n = build_filter_replace(buf, sizeof buf, &t, 5, buf);  // replacing a table with our rule
    assert_int_equal(n, 936);
    uint32_t num_counters;
    memcpy(&num_counters, buf + 84, 4);
    assert_int_equal(num_counters, 5);
}

static void node_and_names_change_their_bytes_only(void**) {
    alignas(8) static uint8_t a[kIptBlobSize], b[kIptBlobSize];
    ClusteripTarget t = node1();
    size_t na = build_filter_replace(a, sizeof a, &t, 4, nullptr);
    t.node = 7;
    t.ifname = "a-sixteen-chars!";  // longer than IFNAMSIZ - 1: cut to 15
    size_t nb = build_filter_replace(b, sizeof b, &t, 4, nullptr);
    assert_int_equal(na, nb);
    int differ = 0;
    for (size_t i = 0; i < na; i++) differ += a[i] != b[i];
    // 15 name bytes ("krg0" shares none at its place) + 11 more mask bytes + local_nodes[0]
    assert_int_equal(differ, 15 + 11 + 1);
    assert_memory_equal(b + 96 + 16, "a-sixteen-chars\0", 16);  // ipt_ip.iniface
}

static void too_small_buffer_gives_zero(void**) {
    alignas(8) static uint8_t buf[900];
    ClusteripTarget t = node1();
    assert_int_equal(build_filter_replace(buf, sizeof buf, &t, 4, nullptr), 0);
}

// /proc/net/ipt_CLUSTERIP/<CIP>: the kernel's clusterip_seq_show prints the
// local nodes comma-separated with a final newline.
static void proc_bucket_list_is_read(void**) {
    auto m = parse_clusterip_buckets("1,5,9,13\n");
    assert_true(m.has_value());
    assert_int_equal(*m, 0x1111);
    m = parse_clusterip_buckets("16\n");
    assert_true(m.has_value());
    assert_int_equal(*m, 0x8000);
    m = parse_clusterip_buckets("");  // no local node left
    assert_true(m.has_value());
    assert_int_equal(*m, 0);
}

static void garbled_proc_bucket_list_is_refused(void**) {
    assert_false(parse_clusterip_buckets("0\n").has_value());
    assert_false(parse_clusterip_buckets("17\n").has_value());
    assert_false(parse_clusterip_buckets("1,,2\n").has_value());
    assert_false(parse_clusterip_buckets("1, 2\n").has_value());
    assert_false(parse_clusterip_buckets("1,\n").has_value());
}

int main() {
    const CMUnitTest tests[] = {
        KRG_TEST(rule_blob_matches_iptables_legacy),
        KRG_TEST(empty_table_blob_matches_iptables_legacy_flush),
        KRG_TEST(replaced_table_size_is_passed_through),
        KRG_TEST(node_and_names_change_their_bytes_only),
        KRG_TEST(too_small_buffer_gives_zero),
        KRG_TEST(proc_bucket_list_is_read),
        KRG_TEST(garbled_proc_bucket_list_is_refused),
    };
    return KRG_RUN_TESTS(tests);
}
