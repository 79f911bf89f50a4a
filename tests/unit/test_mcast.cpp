// SPDX-License-Identifier: GPL-2.0-or-later
// sys/mcast: reading /proc/net/dev_mcast for the cluster MAC's membership
// (the join itself runs against the real kernel in the host tier).
#include "krgtest.h"

#include "sys/mcast.h"

using namespace krg;

// Recorded from a veth "krg0" after `ip maddr add 01:00:00:00:07:00 dev krg0`.
static const char kDevMcast[] =
    "2    v1              1     0     333300000001\n"
    "3    krg0            1     0     333300000001\n"
    "3    krg0            1     0     01005e000001\n"
    "3    krg0            1     1     010000000700\n";

static const Mac kCmac = {{0x01, 0x00, 0x00, 0x00, 0x07, 0x00}};

static void joined_mac_is_found_on_its_interface(void**) {
    assert_true(dev_mcast_lists(kDevMcast, "krg0", kCmac));
}

static void other_interface_or_mac_is_not_a_match(void**) {
    assert_false(dev_mcast_lists(kDevMcast, "v1", kCmac));
    assert_false(dev_mcast_lists(kDevMcast, "krg", kCmac));
    Mac other = kCmac;
    other.b[5] = 1;
    assert_false(dev_mcast_lists(kDevMcast, "krg0", other));
}

static void kernel_joins_without_global_use_do_not_count(void**) {
    // 01:00:5e:00:00:01 is the IPv4 all-hosts group the kernel joined itself.
    const Mac all_hosts = {{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}};
    assert_false(dev_mcast_lists(kDevMcast, "krg0", all_hosts));
}

static void empty_or_garbled_text_lists_nothing(void**) {
    assert_false(dev_mcast_lists("", "krg0", kCmac));
    assert_false(dev_mcast_lists("krg0 010000000700\n\n   \n", "krg0", kCmac));
    assert_true(dev_mcast_lists("3 krg0 1 1 010000000700", "krg0", kCmac));  // no final newline
}

int main() {
    const CMUnitTest tests[] = {
        KRG_TEST(joined_mac_is_found_on_its_interface),
        KRG_TEST(other_interface_or_mac_is_not_a_match),
        KRG_TEST(kernel_joins_without_global_use_do_not_count),
        KRG_TEST(empty_or_garbled_text_lists_nothing),
    };
    return KRG_RUN_TESTS(tests);
}
