// SPDX-License-Identifier: GPL-2.0-or-later
// config/nodeset: the declared node set "1-4,9" (krg.nodes / NODES), its
// canonical form, and its checks in derive().
#include "krgtest.h"

using namespace krg;
using namespace krgtest;

static NodeSet set_of(const char* text) {
    const char* why = nullptr;
    auto r = parse_nodeset(text, &why);
    if (!r.ok()) fail_msg("%s rejected: %s", text, why ? why : "?");
    assert_null(why);
    return r.value();
}

static const char* canonical(const char* text) {
    static Text<1024> w;
    w.clear();
    format_nodeset(w, set_of(text));
    return w.c_str();
}

static const char* rejection(const char* text) {
    const char* why = nullptr;
    auto r = parse_nodeset(text, &why);
    if (r.ok()) fail_msg("%s accepted", text);
    assert_non_null(why);
    return why;
}

static void default_range_1_16_holds_exactly_those_ids(void**) {
    NodeSet s = set_of("1-16");
    assert_int_equal(s.count(), 16);
    for (int n = 1; n <= 16; n++) assert_true(s.has(n));
    assert_false(s.has(0));
    assert_false(s.has(17));
    assert_false(s.has(254));
}

static void ranges_and_single_ids_combine(void**) {
    NodeSet s = set_of("1-4,9");
    assert_int_equal(s.count(), 5);
    assert_true(s.has(4));
    assert_false(s.has(5));
    assert_true(s.has(9));
    assert_string_equal(canonical("1-4,9"), "1-4,9");
}

static void canonical_form_is_sorted_and_merged(void**) {
    assert_string_equal(canonical("9,1-4"), "1-4,9");
    assert_string_equal(canonical("1,2,3"), "1-3");
    assert_string_equal(canonical("1-4,3-6"), "1-6");
    assert_string_equal(canonical("5,5,5"), "5");
    assert_string_equal(canonical("3"), "3");
    assert_string_equal(canonical("4-4"), "4");
    assert_string_equal(canonical("1,3,5-7,200-202,254"), "1,3,5-7,200-202,254");
}

static void full_range_1_254_is_accepted(void**) {
    NodeSet s = set_of("1-254");
    assert_int_equal(s.count(), 254);
    assert_true(s.has(254));
    assert_false(s.has(255));
    assert_string_equal(canonical("1-254"), "1-254");
}

static void has_is_false_outside_0_255(void**) {
    NodeSet s = set_of("1-254");
    assert_false(s.has(-1));
    assert_false(s.has(256));
    assert_false(s.has(1000));
}

static void empty_set_is_rejected(void**) { assert_string_equal(rejection(""), "empty node set"); }

static void ids_outside_1_254_and_malformed_items_are_rejected(void**) {
    for (const char* bad : {"0", "255", "1-255", "0-4", "-1", "4x", "a", "1-", "-4", "1 - 4", " 1", "1-4-5", ",1", "1,,2",
                            "1;2", "99999999999999999999", "1-99999999999999999999", "+1"})
        assert_string_equal(rejection(bad), "not a node id or range of ids 1..254 (e.g. 1-4,9)");
}

static void backwards_range_is_rejected(void**) { assert_string_equal(rejection("4-1"), "range runs backwards"); }

static void trailing_comma_is_rejected(void**) { assert_string_equal(rejection("1-4,"), "trailing comma"); }

static void empty_set_formats_as_nothing(void**) {
    Text<16> w;
    format_nodeset(w, NodeSet{});
    assert_string_equal(w.c_str(), "");
}

// --- through derive() ----------------------------------------------------------------------------
static void bad_node_set_names_key_value_and_source(void**) {
    assert_config_error(plan_from("krg.node=4 krg.nodes=4-1"), "krg.nodes=4-1 (kernel command line): range runs backwards");
    assert_config_error(plan_from("krg.node=4 krg.nodes=1-4,"), "krg.nodes=1-4, (kernel command line): trailing comma");
    assert_config_error(plan_from("krg.node=4 krg.nodes="), "krg.nodes= (kernel command line): empty node set");
    assert_config_error(plan_from("krg.node=4 krg.nodes=0-4"),
                        "krg.nodes=0-4 (kernel command line): not a node id or range of ids 1..254 (e.g. 1-4,9)");
}

static void node_set_is_free_without_a_cluster_ip(void**) {
    // Without a cluster IP the set only feeds `table`: it need not hold node 1 or this node.
    Plan p = must_plan("krg.node=4 krg.nodes=20-30,100");
    Text<64> w;
    format_nodeset(w, p.nodes);
    assert_string_equal(w.c_str(), "20-30,100");
}

int main() {
    const CMUnitTest tests[] = {
        KRG_TEST(default_range_1_16_holds_exactly_those_ids),
        KRG_TEST(ranges_and_single_ids_combine),
        KRG_TEST(canonical_form_is_sorted_and_merged),
        KRG_TEST(full_range_1_254_is_accepted),
        KRG_TEST(has_is_false_outside_0_255),
        KRG_TEST(empty_set_is_rejected),
        KRG_TEST(ids_outside_1_254_and_malformed_items_are_rejected),
        KRG_TEST(backwards_range_is_rejected),
        KRG_TEST(trailing_comma_is_rejected),
        KRG_TEST(empty_set_formats_as_nothing),
        KRG_TEST(bad_node_set_names_key_value_and_source),
        KRG_TEST(node_set_is_free_without_a_cluster_ip),
    };
    return KRG_RUN_TESTS(tests);
}
