// SPDX-License-Identifier: GPL-2.0-or-later
// config/lease + the DHCP part of config/sources: krg.node=dhcp resolved from
// the ip= parameter, dracut's dhcpopts (as the shell's `set` prints them) and
// BusyBox udhcpc's env file (as initramfs/udhcpc.script writes it).
#include "krgtest.h"

#include "config/lease.h"

using namespace krg;
using namespace krgtest;

static int node_of_ip(const char* ip) {
    auto r = node_from_ipparam(ip, "ip=test");
    if (!r.ok()) fail_msg("ip=%s rejected: %s", ip, message(r.error()));
    return r.value();
}

static int node_of_lease(std::string_view text) {
    auto r = node_from_lease(text, "/tmp/lease");
    if (!r.ok()) fail_msg("lease rejected: %s", message(r.error()));
    return r.value();
}

// --- ip= ----------------------------------------------------------------------------------
static void ip_param_client_address_gives_the_node(void**) {
    assert_int_equal(node_of_ip("10.4.7.4:10.4.7.254:10.4.7.254:255.255.192.0:node4:eth0:off"), 4);
    assert_int_equal(node_of_ip("10.4.7.4"), 4);
    assert_int_equal(node_of_ip("10.4.7.254:::::eth0:none"), 254);
    assert_int_equal(node_of_ip("10.4.7.1:10.4.7.254::255.255.192.0::eth0:off"), 1);
}

static void ip_param_without_client_address_gives_no_node(void**) {
    for (const char* ip : {"dhcp", "on", "any", "off", "eth0:dhcp", "eth0:on", "", ":10.4.7.254::::eth0:dhcp",
                           "[fe80::1]::[fe80::fe]:64:node4:eth0:none"})
        assert_int_equal(node_of_ip(ip), 0);
}

static void ip_param_malformed_client_address_is_rejected(void**) {
    for (const char* ip : {"10.4.7", "10.4.7.256:10.4.7.254::255.255.192.0:node4:eth0:off", "10.4.7.4.5", "10.4.7.4x:",
                           "1O.4.7.4", "10.4.7.:"})
        assert_config_error(node_from_ipparam(ip, "ip=x (kernel command line)"),
                            "ip=x (kernel command line): malformed client address in ip=");
}

static void ip_param_address_ending_in_0_or_255_falls_back_to_the_host_name(void**) {
    assert_int_equal(node_of_ip("10.4.7.0:10.4.7.254:10.4.7.254:255.255.192.0:node9:eth0:off"), 9);
    assert_int_equal(node_of_ip("10.4.7.255::::node12.cluster:eth0:off"), 12);
    assert_int_equal(node_of_ip("10.4.7.0:10.4.7.254:10.4.7.254:255.255.192.0::eth0:off"), 0);
    assert_int_equal(node_of_ip("10.4.7.0"), 0);
}

// --- host names ---------------------------------------------------------------------------
static void host_name_ending_in_digits_gives_the_node(void**) {
    assert_int_equal(node_from_hostname("node4"), 4);
    assert_int_equal(node_from_hostname("node4.cluster.example"), 4);
    assert_int_equal(node_from_hostname("krg-n254"), 254);
    assert_int_equal(node_from_hostname("node1"), 1);
}

static void host_name_without_a_node_number_gives_no_node(void**) {
    for (const char* name : {"", "node", "4", "254", "node0", "node255", "node1000", "n0de", "node4x", ".node4",
                             "node99999999999999999999999"})
        assert_int_equal(node_from_hostname(name), 0);
}

// --- dracut's dhcpopts ------------------------------------------------------------------------
// /tmp/dhclient.eth0.dhcpopts as dracut's dhclient-script writes it:
// `set | while read line; do [ "${line#new_}" = "$line" ] && continue; echo "$line"; done`.
static constexpr char kDracutBash[] =
    "new_broadcast_address=10.4.63.255\n"
    "new_dhcp_lease_time=3600\n"
    "new_dhcp_message_type=5\n"
    "new_dhcp_server_identifier=10.4.7.254\n"
    "new_domain_name=cluster.example\n"
    "new_domain_name_servers='10.4.7.254 10.4.7.253'\n"
    "new_expiry=1700003600\n"
    "new_host_name=node4\n"
    "new_ip_address=10.4.7.4\n"
    "new_network_number=10.4.0.0\n"
    "new_next_server=10.4.7.254\n"
    "new_routers=10.4.7.254\n"
    "new_subnet_mask=255.255.192.0\n";

// The same from dash, whose `set` single-quotes every value.
static constexpr char kDracutDash[] =
    "new_broadcast_address='10.4.63.255'\n"
    "new_dhcp_server_identifier='10.4.7.254'\n"
    "new_domain_name_servers='10.4.7.254 10.4.7.253'\n"
    "new_host_name='node5'\n"
    "new_ip_address='10.4.7.5'\n"
    "new_subnet_mask='255.255.192.0'\n";

static void dracut_lease_as_bash_set_prints_it_gives_the_address_node(void**) {
    assert_int_equal(node_of_lease(kDracutBash), 4);
}

static void dracut_lease_as_dash_set_prints_it_gives_the_address_node(void**) {
    assert_int_equal(node_of_lease(kDracutDash), 5);
}

static void dracut_lease_address_ending_in_0_uses_the_host_name(void**) {
    assert_int_equal(node_of_lease("new_ip_address=10.4.8.0\nnew_host_name='node7.cluster'\n"), 7);
    assert_int_equal(node_of_lease("new_host_name=node8\n"), 8);
    assert_int_equal(node_of_lease("new_ip_address=10.4.8.255\nnew_host_name=server\n"), 0);
}

static void dracut_lease_with_crlf_endings_is_read(void**) {
    assert_int_equal(node_of_lease("new_host_name=node9\r\nnew_ip_address=10.4.7.11\r\n"), 11);
}

// Options krgnet does not read may hold anything the DHCP server sent, printed
// with the shell's quoting: bash '\'' (dracut's `read` without -r leaves ''),
// dash '"'"', bash $'...' for control characters.
static void dracut_lease_with_shell_quoting_in_other_options_is_read(void**) {
    assert_int_equal(node_of_lease("new_domain_search='it'\\''s.example.'\n"
                                   "new_root_path='srv:/it'\"'\"'s'\n"
                                   "new_nis_domain='it''s'\n"
                                   "new_vendor_encapsulated_options=$'\\001\\004'\n"
                                   "new_ip_address=10.4.7.12\n"),
                     12);
}

static void lease_without_address_or_host_name_gives_no_node(void**) {
    assert_int_equal(node_of_lease(""), 0);
    assert_int_equal(node_of_lease("new_routers=10.4.7.254\n"), 0);
    assert_int_equal(node_of_lease("router='10.4.7.254'\ninterface='eth0'\n"), 0);
}

static void lease_with_malformed_address_is_rejected_with_its_line(void**) {
    assert_config_error(node_from_lease("new_host_name=node4\nnew_ip_address=10.4.7\n", "/tmp/dhclient.eth0.dhcpopts"),
                        "/tmp/dhclient.eth0.dhcpopts line 2: malformed leased address");
    assert_config_error(node_from_lease("ip='10.4.7.4; reboot'\n", "/tmp/udhcpc.eth0.env"),
                        "/tmp/udhcpc.eth0.env line 1: malformed leased address");
    assert_config_error(node_from_lease("new_ip_address=$(reboot)\n", "/tmp/l"),
                        "/tmp/l line 1: shell expansion ($, `) is not supported");
}

// --- BusyBox udhcpc ------------------------------------------------------------------------------
// /tmp/udhcpc.eth0.env as initramfs/udhcpc.script writes it.
static constexpr char kUdhcpc[] =
    "ip='10.4.7.6'\n"
    "subnet='255.255.192.0'\n"
    "router='10.4.7.254'\n"
    "hostname='node6'\n"
    "interface='eth0'\n"
    "serverid='10.4.7.254'\n";

// --- klibc ipconfig (initramfs-tools) -----------------------------------------------------------
// /run/net-eth0.conf as klibc's ipconfig writes it (usr/kinit/ipconfig/main.c
// dump_device_config(): every value single-quoted).
static constexpr char kKlibc[] =
    "DEVICE='eth0'\n"
    "PROTO='dhcp'\n"
    "IPV4ADDR='10.4.7.8'\n"
    "IPV4BROADCAST='10.4.63.255'\n"
    "IPV4NETMASK='255.255.192.0'\n"
    "IPV4GATEWAY='10.4.7.254'\n"
    "IPV4DNS0='10.4.7.254'\n"
    "IPV4DNS1='0.0.0.0'\n"
    "HOSTNAME='node8'\n"
    "DNSDOMAIN='cluster.example'\n"
    "NISDOMAIN=''\n"
    "ROOTSERVER='10.4.7.254'\n"
    "ROOTPATH=''\n"
    "filename='pxelinux.0'\n"
    "UPTIME='4'\n"
    "DHCPLEASETIME='3600'\n"
    "DOMAINSEARCH=''\n";

static void klibc_lease_gives_the_address_node(void**) {
    assert_int_equal(node_of_lease(kKlibc), 8);
    assert_int_equal(node_of_lease("DEVICE='eth0'\nIPV4ADDR='10.4.7.0'\nHOSTNAME='node18'\n"), 18);
}

// --- systemd-networkd ---------------------------------------------------------------------------
// /run/systemd/netif/leases/<ifindex> as systemd-networkd writes it
// (src/libsystemd-network/sd-dhcp-lease.c dhcp_lease_save(): unquoted).
static constexpr char kNetworkd[] =
    "# This is private data. Do not parse.\n"
    "ADDRESS=10.4.7.10\n"
    "NETMASK=255.255.192.0\n"
    "ROUTER=10.4.7.254\n"
    "SERVER_ADDRESS=10.4.7.254\n"
    "NEXT_SERVER=10.4.7.254\n"
    "T1=1800\n"
    "T2=3150\n"
    "LIFETIME=3600\n"
    "DNS=10.4.7.254\n"
    "DOMAINNAME=cluster.example\n"
    "HOSTNAME=node10\n"
    "CLIENTID=ff9a6b7c5e000200000ab11170ac0e3a4b3a91\n";

static void networkd_lease_gives_the_address_node(void**) {
    assert_int_equal(node_of_lease(kNetworkd), 10);
    assert_int_equal(node_of_lease("ADDRESS=10.4.7.255\nHOSTNAME=node11\n"), 11);
}

static void klibc_and_networkd_malformed_address_is_rejected(void**) {
    assert_config_error(node_from_lease("IPV4ADDR='10.4.7'\n", "/run/net-eth0.conf"),
                        "/run/net-eth0.conf line 1: malformed leased address");
    assert_config_error(node_from_lease("NETMASK=255.255.192.0\nADDRESS=$(reboot)\n", "/run/systemd/netif/leases/2"),
                        "/run/systemd/netif/leases/2 line 2: shell expansion ($, `) is not supported");
}

// --- NetworkManager ------------------------------------------------------------------------------
// /run/NetworkManager/devices/<ifindex> as NetworkManager 1.42.4 wrote it
// after a DHCP lease in initrd mode (--configure-and-quit=initrd, the way
// dracut's network-manager module runs it): a keyfile, the lease's options
// in its [dhcp4] group.
static constexpr char kNm[] =
    "[device]\n"
    "managed=true\n"
    "perm-hw-addr-fake=52:54:00:AA:BB:04\n"
    "connection-uuid=89bf7d37-a8e8-4e66-80f5-5239eb30e63a\n"
    "nm-owned=false\n"
    "route-metric-default-effective=100\n"
    "next-server=10.4.7.254\n"
    "\n"
    "[dhcp4]\n"
    "dhcp4.broadcast_address=10.4.63.255\n"
    "dhcp4.dhcp_client_identifier=01:52:54:00:aa:bb:04\n"
    "dhcp4.dhcp_lease_time=3600\n"
    "dhcp4.dhcp_server_identifier=10.4.7.254\n"
    "dhcp4.expiry=1796628748\n"
    "dhcp4.host_name=node4\n"
    "dhcp4.ip_address=10.4.7.4\n"
    "dhcp4.next_server=10.4.7.254\n"
    "dhcp4.routers=10.4.7.254\n"
    "dhcp4.subnet_mask=255.255.192.0\n";

static void nm_device_state_gives_the_address_node(void**) {
    assert_int_equal(node_of_lease(kNm), 4);
    assert_int_equal(node_of_lease("[dhcp4]\ndhcp4.host_name=node12\ndhcp4.ip_address=10.4.7.0\n"), 12);
    // a device without a lease (lo, or a NIC NetworkManager left alone)
    assert_int_equal(node_of_lease("[device]\nmanaged=true\nnm-owned=false\n"), 0);
}

static void nm_device_state_malformed_address_is_rejected(void**) {
    assert_config_error(node_from_lease("[dhcp4]\ndhcp4.ip_address=10.4.7\n", "/run/NetworkManager/devices/2"),
                        "/run/NetworkManager/devices/2 line 2: malformed leased address");
    // the qualified key is the whole key: ip_address alone is no key of any source
    assert_int_equal(node_of_lease("[dhcp4]\nip_address=10.4.7.9\n"), 0);
}

static void udhcpc_lease_gives_the_address_node(void**) {
    assert_int_equal(node_of_lease(kUdhcpc), 6);
    assert_int_equal(node_of_lease("ip='10.4.7.0'\nhostname='node13'\n"), 13);
}

static void udhcpc_lease_with_a_quote_in_the_host_name_still_gives_the_address(void**) {
    // udhcpc.script writes a ' as '\''.
    assert_int_equal(node_of_lease("ip='10.4.7.14'\nhostname='o'\\''brien3'\ninterface='eth0'\n"), 14);
}

static void udhcpc_values_containing_new_do_not_switch_to_dracut_keys(void**) {
    assert_int_equal(node_of_lease("ip='10.4.7.15'\nhostname='renew_host3'\ninterface='eth0'\n"), 15);
}

// --- end to end: load_config + derive ---------------------------------------------------------------
static void dhcp_node_from_the_lease_option_names_the_lease(void**) {
    const char* lease = temp_file(kDracutBash);
    RawConfig cfg;
    assert_ok(load(sources("krg.node=dhcp", "/dev/null", lease), cfg));
    char want[256];
    snprintf(want, sizeof want, "krg.node=4 (DHCP lease %s)", lease);
    assert_string_equal(describe(Key::node, cfg), want);
    auto p = derive(cfg);
    assert_ok(p);
    assert_int_equal(p.value().node, 4);
    assert_true(p.value().addr == 0x0a048704u);  // container address 10.4.135.4
}

static void dhcp_node_17_with_a_cluster_ip_is_rejected_naming_the_lease(void**) {
    const char* lease = temp_file("new_ip_address=10.4.7.17\n");
    char want[256];
    snprintf(want, sizeof want, "krg.node=17 (DHCP lease %s): a cluster IP allows node ids 1..16 only", lease);
    assert_config_error(
        load_and_derive(sources("krg.node=dhcp krg.clusterip=10.4.192.1/18 krg.clustermac=01:00:5e:04:c0:01", "/dev/null", lease)),
        want);
}

static void dhcp_lease_error_carries_file_and_line(void**) {
    const char* lease = temp_file("new_host_name=node4\nnew_ip_address='10.4.7'\n");
    RawConfig cfg;
    char want[256];
    snprintf(want, sizeof want, "%s line 2: malformed leased address", lease);
    assert_config_error(load(sources("krg.node=dhcp", "/dev/null", lease), cfg), want);
}

static void dhcp_lease_dir_dracut_lease_comes_before_udhcpc(void**) {
    const char* dir = temp_dir();
    file_in(dir, "udhcpc.eth0.env", kUdhcpc);
    file_in(dir, "dhclient.eth0.dhcpopts", kDracutBash);
    file_in(dir, "dhclient.eth0.leases", "lease { fixed-address 10.4.7.99; }\n");  // not dracut's file
    auto p = load_and_derive(sources("krg.node=dhcp krg.phys=eth0", "/dev/null", nullptr, dir));
    assert_ok(p);
    assert_int_equal(p.value().node, 4);
}

static void dhcp_lease_dir_udhcpc_lease_is_used_without_a_dracut_one(void**) {
    const char* dir = temp_dir();
    file_in(dir, "udhcpc.eth0.env", kUdhcpc);
    file_in(dir, "udhcpc.eth1.env.tmp", "ip='10.4.7.98'\n");  // half-written, ignored
    RawConfig cfg;
    assert_ok(load(sources("krg.node=dhcp", "/dev/null", nullptr, dir), cfg));
    assert_value(cfg, Key::node, "6");
    char want[256];
    snprintf(want, sizeof want, "krg.node=6 (DHCP lease %s/udhcpc.eth0.env)", dir);
    assert_string_equal(describe(Key::node, cfg), want);
}

static void dhcp_lease_dir_dracut_lease_without_id_falls_back_to_udhcpc(void**) {
    const char* dir = temp_dir();
    file_in(dir, "dhclient.eth1.dhcpopts", "new_ip_address=10.4.7.21\n");  // another NIC's: never read
    file_in(dir, "dhclient.eth0.dhcpopts", "new_routers=10.4.7.254\n");  // no id
    file_in(dir, "udhcpc.eth0.env", "ip='10.4.7.22'\n");
    auto p = load_and_derive(sources("krg.node=dhcp krg.phys=eth0", "/dev/null", nullptr, dir));
    assert_ok(p);
    assert_int_equal(p.value().node, 22);
}

static void dhcp_ip_param_wins_over_lease_files(void**) {
    const char* dir = temp_dir();
    file_in(dir, "dhclient.eth0.dhcpopts", kDracutBash);
    RawConfig cfg;
    assert_ok(load(sources("krg.node=dhcp ip=10.4.7.5:10.4.7.254:10.4.7.254:255.255.192.0:node5:eth0:off", "/dev/null",
                           nullptr, dir),
                   cfg));
    assert_string_equal(describe(Key::node, cfg), "krg.node=5 (DHCP lease ip= parameter)");
}

static void dhcp_ip_param_wins_over_the_lease_option(void**) {
    const char* lease = temp_file(kDracutBash);  // node 4
    auto p = load_and_derive(sources("krg.node=dhcp ip=10.4.7.5::::node5:eth0:off", "/dev/null", lease));
    assert_ok(p);
    assert_int_equal(p.value().node, 5);
    auto q = load_and_derive(sources("krg.node=dhcp ip=eth0:dhcp", "/dev/null", lease));
    assert_ok(q);
    assert_int_equal(q.value().node, 4);
}

static void dhcp_ip_param_without_address_falls_through_to_the_leases(void**) {
    const char* dir = temp_dir();
    file_in(dir, "dhclient.eth0.dhcpopts", kDracutBash);
    for (const char* line : {"krg.node=dhcp ip=dhcp", "krg.node=dhcp ip=eth0:dhcp", "ip=on krg.node=dhcp"}) {
        auto p = load_and_derive(sources(line, "/dev/null", nullptr, dir));
        assert_ok(p);
        assert_int_equal(p.value().node, 4);
    }
}

static void dhcp_malformed_ip_param_is_rejected(void**) {
    assert_config_error(load_and_derive(sources("krg.node=dhcp ip=10.4.7:10.4.7.254::255.255.192.0")),
                        "ip=10.4.7:10.4.7.254::255.255.192.0 (kernel command line): malformed client address in ip=");
}

static void ip_param_is_not_read_when_the_node_is_given(void**) {
    auto p = load_and_derive(sources("krg.node=4 ip=10.4.7"));
    assert_ok(p);
    assert_int_equal(p.value().node, 4);
}

static void dhcp_without_any_lease_is_rejected(void**) {
    assert_config_error(load_and_derive(sources("krg.node=dhcp")),
                        "krg.node=dhcp (kernel command line): no DHCP lease or ip= parameter gives a node id");
    const char* dir = temp_dir();
    file_in(dir, "dhclient.eth0.dhcpopts", "new_routers=10.4.7.254\n");
    assert_config_error(load_and_derive(sources("krg.node=dhcp ip=dhcp", "/dev/null", nullptr, dir)),
                        "krg.node=dhcp (kernel command line): no DHCP lease or ip= parameter gives a node id");
}

static void dhcp_lease_option_means_the_lease_dir_is_not_searched(void**) {
    const char* dir = temp_dir();
    file_in(dir, "dhclient.eth0.dhcpopts", kDracutBash);
    const char* lease = temp_file("new_routers=10.4.7.254\n");
    assert_config_error(load_and_derive(sources("krg.node=dhcp", "/dev/null", lease, dir)),
                        "krg.node=dhcp (kernel command line): no DHCP lease or ip= parameter gives a node id");
}

static void dhcp_missing_lease_file_is_a_configuration_error(void**) {
    RawConfig cfg;
    assert_config_error(load(sources("krg.node=dhcp", "/dev/null", "/nonexistent/lease"), cfg),
                        "read DHCP lease /nonexistent/lease: No such file or directory");
}

int main() {
    const CMUnitTest tests[] = {
        KRG_TEST(ip_param_client_address_gives_the_node),
        KRG_TEST(ip_param_without_client_address_gives_no_node),
        KRG_TEST(ip_param_malformed_client_address_is_rejected),
        KRG_TEST(ip_param_address_ending_in_0_or_255_falls_back_to_the_host_name),
        KRG_TEST(host_name_ending_in_digits_gives_the_node),
        KRG_TEST(host_name_without_a_node_number_gives_no_node),
        KRG_TEST(dracut_lease_as_bash_set_prints_it_gives_the_address_node),
        KRG_TEST(dracut_lease_as_dash_set_prints_it_gives_the_address_node),
        KRG_TEST(dracut_lease_address_ending_in_0_uses_the_host_name),
        KRG_TEST(dracut_lease_with_crlf_endings_is_read),
        KRG_TEST(dracut_lease_with_shell_quoting_in_other_options_is_read),
        KRG_TEST(lease_without_address_or_host_name_gives_no_node),
        KRG_TEST(lease_with_malformed_address_is_rejected_with_its_line),
        KRG_TEST(udhcpc_lease_gives_the_address_node),
        KRG_TEST(udhcpc_lease_with_a_quote_in_the_host_name_still_gives_the_address),
        KRG_TEST(udhcpc_values_containing_new_do_not_switch_to_dracut_keys),
        KRG_TEST(dhcp_node_from_the_lease_option_names_the_lease),
        KRG_TEST(dhcp_node_17_with_a_cluster_ip_is_rejected_naming_the_lease),
        KRG_TEST(dhcp_lease_error_carries_file_and_line),
        KRG_TEST(dhcp_lease_dir_dracut_lease_comes_before_udhcpc),
        KRG_TEST(dhcp_lease_dir_udhcpc_lease_is_used_without_a_dracut_one),
        KRG_TEST(dhcp_lease_dir_dracut_lease_without_id_falls_back_to_udhcpc),
        KRG_TEST(dhcp_ip_param_wins_over_lease_files),
        KRG_TEST(dhcp_ip_param_wins_over_the_lease_option),
        KRG_TEST(dhcp_ip_param_without_address_falls_through_to_the_leases),
        KRG_TEST(dhcp_malformed_ip_param_is_rejected),
        KRG_TEST(ip_param_is_not_read_when_the_node_is_given),
        KRG_TEST(dhcp_without_any_lease_is_rejected),
        KRG_TEST(klibc_lease_gives_the_address_node),
        KRG_TEST(networkd_lease_gives_the_address_node),
        KRG_TEST(klibc_and_networkd_malformed_address_is_rejected),
        KRG_TEST(nm_device_state_gives_the_address_node),
        KRG_TEST(nm_device_state_malformed_address_is_rejected),
        KRG_TEST(dhcp_lease_option_means_the_lease_dir_is_not_searched),
        KRG_TEST(dhcp_missing_lease_file_is_a_configuration_error),
    };
    return KRG_RUN_TESTS(tests);
}
