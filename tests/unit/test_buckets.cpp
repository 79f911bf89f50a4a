// SPDX-License-Identifier: GPL-2.0-or-later
// cluster/buckets: which of the 16 hash buckets each declared node serves
// (own bucket, plus the undeclared ones dealt round-robin in id order).
#include "krgtest.h"

#include "cluster/buckets.h"

using namespace krg;
using namespace krgtest;

static NodeSet set_of(const char* text) {
    const char* why = nullptr;
    auto r = parse_nodeset(text, &why);
    if (!r.ok()) fail_msg("%s rejected", text);
    return r.value();
}

static const char* buckets_text(const char* declared, int node) {
    static Text<64> w;
    w.clear();
    format_buckets(w, buckets_of(set_of(declared), node));
    return w.c_str();
}

// owner[b] for b in 1..16 (0 = nobody); fails when two nodes serve one bucket.
static void owners(const NodeSet& s, int owner[kBuckets + 1]) {
    for (int b = 0; b <= kBuckets; b++) owner[b] = 0;
    for (int n = 1; n <= kBuckets; n++) {
        uint16_t m = buckets_of(s, n);
        for (int b = 1; b <= kBuckets; b++) {
            if (!(m >> (b - 1) & 1)) continue;
            if (owner[b]) fail_msg("bucket %d served by nodes %d and %d", b, owner[b], n);
            owner[b] = n;
        }
    }
}

static void full_set_gives_each_node_its_own_bucket(void**) {
    NodeSet s = set_of("1-16");
    for (int n = 1; n <= 16; n++) assert_int_equal(buckets_of(s, n), 1u << (n - 1));
    assert_string_equal(buckets_text("1-16", 16), "16");
}

static void four_declared_nodes_take_four_buckets_each(void**) {
    assert_string_equal(buckets_text("1-4", 1), "1,5,9,13");
    assert_string_equal(buckets_text("1-4", 2), "2,6,10,14");
    assert_string_equal(buckets_text("1-4", 3), "3,7,11,15");
    assert_string_equal(buckets_text("1-4", 4), "4,8,12,16");
    // Scattered ids: undeclared buckets 2,3,4,6,7,... go to 1,5,9,13,1,...
    assert_string_equal(buckets_text("1,5,9,13", 1), "1,2,7,12");
    assert_string_equal(buckets_text("1,5,9,13", 5), "3,5,8,14");
    assert_string_equal(buckets_text("1,5,9,13", 9), "4,9,10,15");
    assert_string_equal(buckets_text("1,5,9,13", 13), "6,11,13,16");
}

static void only_node_1_serves_every_bucket(void**) {
    assert_int_equal(buckets_of(set_of("1"), 1), 0xffff);
    assert_string_equal(buckets_text("1", 1), "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16");
}

static void undeclared_or_out_of_range_node_serves_nothing(void**) {
    NodeSet s = set_of("1-4");
    assert_int_equal(buckets_of(s, 5), 0);
    assert_int_equal(buckets_of(s, 0), 0);
    assert_int_equal(buckets_of(s, -1), 0);
    assert_int_equal(buckets_of(set_of("1-17"), 17), 0);
    assert_int_equal(buckets_of(set_of("17-20"), 17), 0);  // no id in 1..16 declared
    assert_string_equal(buckets_text("1-4", 5), "");
}

static void ids_above_16_do_not_take_buckets(void**) {
    // Declared ids above 16 have no bucket and do not count in D.
    assert_int_equal(buckets_of(set_of("1,2,20-30"), 1), buckets_of(set_of("1,2"), 1));
    assert_string_equal(buckets_text("1,2,20-30", 2), "2,4,6,8,10,12,14,16");
}

static void joining_node_takes_its_own_bucket_and_no_other_nodes_own(void**) {
    int before[kBuckets + 1], after[kBuckets + 1];
    owners(set_of("1-4"), before);
    owners(set_of("1-5"), after);
    assert_int_equal(before[5], 1);
    assert_int_equal(after[5], 5);
    for (int n = 1; n <= 4; n++) assert_int_equal(after[n], n);
    // The round-robin deal shifts: every undeclared bucket but none of the
    // declared ones changes hands (documented in docs/cluster-ip.md).
    int moved = 0;
    for (int b = 1; b <= kBuckets; b++) moved += before[b] != after[b];
    assert_int_equal(moved, 12);
    assert_string_equal(buckets_text("1-5", 5), "5,10,15");
}

static void every_bucket_has_exactly_one_node_for_random_sets(void**) {
    uint32_t x = 12345;
    for (int round = 0; round < 5000; round++) {
        x = x * 1103515245u + 12345u;
        NodeSet s;
        s.add(1);
        for (int n = 2; n <= 16; n++)
            if (x >> (n + 8) & 1) s.add(n);
        int owner[kBuckets + 1];
        owners(s, owner);
        int d = 0;
        for (int n = 1; n <= 16; n++) d += s.has(n);
        int load[kBuckets + 1] = {};
        for (int b = 1; b <= kBuckets; b++) {
            assert_true(owner[b] >= 1);
            assert_true(s.has(owner[b]));
            if (s.has(b)) assert_int_equal(owner[b], b);
            load[owner[b]]++;
        }
        // Balance: loads differ by at most one bucket... plus the own bucket
        // that a high id keeps while the deal starts at the lowest.
        for (int n = 1; n <= 16; n++) {
            if (!s.has(n)) continue;
            assert_true(load[n] >= kBuckets / d - 1 && load[n] <= (kBuckets + d - 1) / d + 1);
        }
    }
}

static const char* live_text(const char* declared, const char* live, int node) {
    static Text<64> w;
    w.clear();
    format_buckets(w, buckets_live(set_of(declared), set_of(live), node));
    return w.c_str();
}

static void silent_nodes_buckets_go_round_robin_to_the_live_ones(void**) {
    // The worked example of docs/cluster-ip.md: node 5 of 1,2,5,9 serves
    // 5,6,11,15; without it they go to 1, 2, 9, 1.
    assert_string_equal(buckets_text("1,2,5,9", 5), "5,6,11,15");
    assert_string_equal(live_text("1,2,5,9", "1,2,9", 1), "1,3,5,8,13,15");
    assert_string_equal(live_text("1,2,5,9", "1,2,9", 2), "2,4,6,10,14");
    assert_string_equal(live_text("1,2,5,9", "1,2,9", 9), "7,9,11,12,16");
    assert_string_equal(live_text("1,2,5,9", "1,2,9", 5), "");
    // Two silent: their buckets together, ascending, dealt from the lowest.
    assert_string_equal(live_text("1,2,5,9", "1,9", 1), "1,2,3,5,8,10,13,14");
    assert_string_equal(live_text("1,2,5,9", "1,9", 9), "4,6,7,9,11,12,15,16");
    assert_string_equal(live_text("1-4", "1,4", 1), "1,2,5,6,9,10,13,14");
    assert_string_equal(live_text("1-4", "1,4", 4), "3,4,7,8,11,12,15,16");
    assert_string_equal(live_text("1-4", "3", 3), "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16");
}

static void live_ids_outside_the_declared_set_change_nothing(void**) {
    assert_int_equal(buckets_live(set_of("1-4"), set_of("1-4,7,20"), 2), buckets_of(set_of("1-4"), 2));
    assert_int_equal(buckets_live(set_of("1-4"), set_of("1-4,7"), 7), 0);
    assert_int_equal(buckets_live(set_of("1-4"), set_of("7"), 7), 0);
    assert_int_equal(buckets_live(set_of("1-4"), set_of("1-4"), 0), 0);
}

// For every live subset of the declared set: every bucket has exactly one
// live owner (no bucket at all when nobody is live), a live node keeps every
// bucket it owns statically, a node that is not live serves nothing, and
// only the buckets of the nodes that left change hands.
static void check_every_live_subset(const char* declared) {
    NodeSet d = set_of(declared);
    int ids[kBuckets], count = 0;
    for (int n = 1; n <= kBuckets; n++)
        if (d.has(n)) ids[count++] = n;
    for (uint32_t mask = 0; mask < (1u << count); mask++) {
        NodeSet live;
        for (int i = 0; i < count; i++)
            if (mask >> i & 1) live.add(ids[i]);
        int owner[kBuckets + 1] = {};
        for (int i = 0; i < count; i++) {
            int n = ids[i];
            uint16_t m = buckets_live(d, live, n);
            uint16_t own = buckets_of(d, n);
            if (!live.has(n)) assert_int_equal(m, 0);
            else if ((m & own) != own) fail_msg("%s live %#x: node %d lost one of its buckets", declared, mask, n);
            for (int b = 1; b <= kBuckets; b++) {
                if (!(m >> (b - 1) & 1)) continue;
                if (owner[b]) fail_msg("%s live %#x: bucket %d on nodes %d and %d", declared, mask, b, owner[b], n);
                owner[b] = n;
            }
        }
        int stat[kBuckets + 1];
        owners(d, stat);
        for (int b = 1; b <= kBuckets; b++) {
            if (!mask) assert_int_equal(owner[b], 0);
            else if (!owner[b]) fail_msg("%s live %#x: bucket %d has no live owner", declared, mask, b);
            // A bucket moves exactly when its static owner is not live.
            if (mask) assert_int_equal(owner[b] != stat[b], !live.has(stat[b]));
        }
    }
}

static void every_live_subset_keeps_one_owner_per_bucket(void**) {
    check_every_live_subset("1,2,5,9");
    check_every_live_subset("1-4");
    check_every_live_subset("1,6,11");
    check_every_live_subset("1");
    check_every_live_subset("1,3-7,10,16");
    check_every_live_subset("1-12");
}

static void every_node_live_is_the_static_rule(void**) {
    for (const char* d : {"1-16", "1-4", "1,2,5,9", "1,6,11"}) {
        NodeSet s = set_of(d);
        for (int n = 0; n <= 17; n++) assert_int_equal(buckets_live(s, s, n), buckets_of(s, n));
    }
}

static void format_lists_buckets_ascending(void**) {
    Text<64> w;
    format_buckets(w, 0);
    assert_string_equal(w.c_str(), "");
    format_buckets(w, 0x8001);
    assert_string_equal(w.c_str(), "1,16");
}

int main() {
    const CMUnitTest tests[] = {
        KRG_TEST(full_set_gives_each_node_its_own_bucket),
        KRG_TEST(four_declared_nodes_take_four_buckets_each),
        KRG_TEST(only_node_1_serves_every_bucket),
        KRG_TEST(undeclared_or_out_of_range_node_serves_nothing),
        KRG_TEST(ids_above_16_do_not_take_buckets),
        KRG_TEST(joining_node_takes_its_own_bucket_and_no_other_nodes_own),
        KRG_TEST(every_bucket_has_exactly_one_node_for_random_sets),
        KRG_TEST(silent_nodes_buckets_go_round_robin_to_the_live_ones),
        KRG_TEST(live_ids_outside_the_declared_set_change_nothing),
        KRG_TEST(every_live_subset_keeps_one_owner_per_bucket),
        KRG_TEST(every_node_live_is_the_static_rule),
        KRG_TEST(format_lists_buckets_ascending),
    };
    return KRG_RUN_TESTS(tests);
}
