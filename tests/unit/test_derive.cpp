// SPDX-License-Identifier: GPL-2.0-or-later
// config/derive: derivation (DESIGN.md step 2) and validation (steps 2 and 3,
// static part) of every key; each error names key, value, source and rule.
#include "krgtest.h"

#include "config/netconf.h"

using namespace krg;
using namespace krgtest;

// A valid cluster IP setup for the reference layout (cluster network 10.4.192.0/18).
#define CIP "krg.clusterip=10.4.192.1/18 krg.clustermac=01:00:5e:04:c0:01 "

static Ip4 ip(const char* s) {
    auto a = parse_ip4(s);
    if (!a.has_value()) fail_msg("bad test address %s", s);
    return *a;
}

static const char* mac_text(const Mac& m) {
    static Text<32> w;
    w.clear();
    w.put_mac(m);
    return w.c_str();
}

// --- the reference node ------------------------------------------------------------------------
static void node_4_with_defaults_derives_the_reference_layout(void**) {
    Plan p = must_plan("krg.node=4");
    assert_true(p.enabled);
    assert_int_equal(p.node, 4);
    assert_int_equal(int(p.node_origin.source), int(Source::cmdline));
    assert_string_equal(p.phys, "");  // nothing names it: up finds it
    assert_true(p.phys_found());
    assert_false(p.phys_bootif);
    assert_string_equal(p.virt, "krg0");
    assert_int_equal(int(p.kind), int(nl::LinkKind::vlan));
    assert_int_equal(p.vlan, 7);
    assert_string_equal(mac_text(p.mac), "f0:00:00:00:07:04");
    assert_true(p.addr == ip("10.4.135.4"));
    assert_int_equal(p.prefix_len, 18);
    assert_int_equal(p.mtu, 0);  // parent's MTU - 4, once the parent is known
    assert_false(p.cluster);
    assert_false(p.has_cluster_mac);
    assert_int_equal(p.nodes.count(), 16);
    assert_true(p.isolate);
    assert_string_equal(p.netns, "kerrighed");
    assert_int_equal(p.timeout_s, 10);
}

// --- node id ---------------------------------------------------------------------------------------
static void node_ids_1_and_254_are_accepted(void**) {
    Plan one = must_plan("krg.node=1");
    assert_string_equal(mac_text(one.mac), "f0:00:00:00:07:01");
    assert_true(one.addr == ip("10.4.135.1"));
    Plan server = must_plan("krg.node=254");
    assert_string_equal(mac_text(server.mac), "f0:00:00:00:07:fe");
    assert_true(server.addr == ip("10.4.135.254"));
}

static void node_0_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=0"), "krg.node=0 (kernel command line): not a node id (1..254)");
}

static void node_255_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=255"), "krg.node=255 (kernel command line): not a node id (1..254)");
}

static void node_minus_1_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=-1"), "krg.node=-1 (kernel command line): not a node id (1..254)");
}

static void node_4x_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4x"), "krg.node=4x (kernel command line): not a node id (1..254)");
}

static void node_20_digits_is_rejected_without_wrapping(void**) {
    assert_config_error(plan_from("krg.node=18446744073709551620"),
                        "krg.node=18446744073709551620 (kernel command line): not a node id (1..254)");
    assert_config_error(plan_from("krg.node=00000000000000000000"),
                        "krg.node=00000000000000000000 (kernel command line): not a node id (1..254)");
}

static void node_other_spellings_are_rejected(void**) {
    for (const char* bad : {"krg.node=+4", "krg.node=0x4", "krg.node=4.0", "krg.node=\" 4\"", "krg.node=DHCP", "krg.node=1000"})
        assert_false(plan_from(bad).ok());
}

static void node_empty_is_rejected_naming_its_source(void**) {
    const char* want = "krg.node= (kernel command line): empty: give krg.node=<1..254> or krg.node=dhcp";
    assert_config_error(plan_from("krg.node="), want);
    assert_config_error(plan_from("krg.node"), want);
}

static void node_missing_is_rejected_as_not_set(void**) {
    assert_config_error(plan_from(""), "krg.node: not set: give krg.node=<1..254> or krg.node=dhcp on the kernel command line");
}

static void cluster_mac_is_validated_without_a_cluster_ip(void**) {
    assert_config_error(plan_from("krg.node=4 krg.clustermac=00:00:5e:04:c0:01"),
                        "krg.clustermac=00:00:5e:04:c0:01 (kernel command line): cluster MAC must be multicast (first byte odd)");
    assert_config_error(plan_from("krg.node=4 krg.clustermac=zz"),
                        "krg.clustermac=zz (kernel command line): not a MAC address (xx:xx:xx:xx:xx:xx)");
    assert_ok(plan_from("krg.node=4 krg.clustermac=01:00:5e:04:c0:01"));
}

static void node_dhcp_unresolved_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=dhcp"),
                        "krg.node=dhcp (kernel command line): no DHCP lease or ip= parameter gives a node id");
}

// --- VLAN, kind, interface names ----------------------------------------------------------------------
static void vlan_id_0_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.vlan=0"), "krg.vlan=0 (kernel command line): not a VLAN id (1..4094)");
}

static void vlan_id_4095_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.vlan=4095"), "krg.vlan=4095 (kernel command line): not a VLAN id (1..4094)");
}

static void vlan_id_70000_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.vlan=70000"), "krg.vlan=70000 (kernel command line): not a VLAN id (1..4094)");
}

static void vlan_ids_1_and_4094_are_accepted(void**) {
    assert_int_equal(must_plan("krg.node=4 krg.vlan=1").vlan, 1);
    assert_int_equal(must_plan("krg.node=4 krg.vlan=4094").vlan, 4094);
    for (const char* bad : {"krg.node=4 krg.vlan=", "krg.node=4 krg.vlan=-7", "krg.node=4 krg.vlan=7a", "krg.node=4 krg.vlan=65543"})
        assert_false(plan_from(bad).ok());
}

static void kind_is_vlan_veth_or_macvlan(void**) {
    assert_int_equal(int(must_plan("krg.node=4 krg.kind=macvlan").kind), int(nl::LinkKind::macvlan));
    assert_int_equal(int(must_plan("krg.node=4 krg.kind=vlan").kind), int(nl::LinkKind::vlan));
    assert_int_equal(int(must_plan("krg.node=4 krg.kind=veth krg.bridge=br0").kind), int(nl::LinkKind::veth));
    assert_config_error(plan_from("krg.node=4 krg.kind=bridge"), "krg.kind=bridge (kernel command line): not vlan, veth or macvlan");
}

static void veth_needs_a_bridge(void**) {
    assert_config_error(plan_from("krg.node=4 krg.kind=veth"),
                        "krg.kind=veth (kernel command line): needs krg.bridge=<bridge> (the bridge its host end joins)");
    assert_config_error(plan_from("krg.node=4 krg.kind=veth krg.bridge=-br"),
                        "krg.bridge=-br (kernel command line): not an interface name (1..15 of a-z A-Z 0-9 . _ -, not starting with - or .)");
}

static void veth_takes_the_bridge_for_its_parent_and_its_mtu(void**) {
    // krg.phys (even bootif) is not read: the bridge is where the host end goes.
    Plan p = must_plan("krg.node=4 krg.kind=veth krg.bridge=br0 krg.phys=bootif");
    assert_string_equal(p.phys, "br0");
    assert_false(p.phys_bootif);
    assert_int_equal(int(p.phys_origin.source), int(Source::cmdline));
    auto mtu = resolve_mtu(p, 1500);
    assert_true(mtu.ok());
    assert_int_equal(mtu.value(), 1500);  // no 802.1Q tag
    char end[kIfNameSize];
    p.host_end(end);
    assert_string_equal(end, "krg0h");
    Plan longer = must_plan("krg.node=4 krg.kind=veth krg.bridge=br0 krg.virt=abcdefghijklmno");
    longer.host_end(end);
    assert_string_equal(end, "abcdefghijklmnh");  // 14 characters of krg.virt, then h
    Plan own = must_plan("krg.node=4 krg.kind=veth krg.bridge=br0 krg.virt=abcdefghijklmnh");
    own.host_end(end);
    assert_string_equal(end, "abcdefghijklmnH");  // never krg.virt itself
    assert_config_error(plan_from("krg.node=4 krg.kind=veth krg.bridge=krg0"),
                        "krg.virt=krg0 (built-in default): is the parent NIC's name (krg.phys): krgnet would create, and delete, the parent");
}

static void bridge_is_read_from_net_conf(void**) {
    RawConfig cfg;
    load_defaults(cfg);
    assert_true(parse_netconf("VIRTKIND=veth\nBRIDGE=br1\n", "/etc/kerrighed/net.conf", cfg).ok());
    assert_true(cfg.put(Key::node, "4", Origin{Source::cmdline, {}, 0}).ok());
    auto p = derive(cfg);
    assert_true(p.ok());
    assert_string_equal(p.value().phys, "br1");
    assert_int_equal(int(p.value().kind), int(nl::LinkKind::veth));
}

static void interface_names_follow_the_kernel_rules(void**) {
    const char* rule = "not an interface name (1..15 of a-z A-Z 0-9 . _ -, not starting with - or .)";
    char want[256];
    for (const char* bad : {"", ".", "..", "eth/0", "eth:0", "eth0123456789012", "\"eth 0\"", "eth$0", "'eth0'", "eth;0"}) {
        char line[64];
        snprintf(line, sizeof line, "krg.node=4 krg.phys=%s", bad);
        assert_true(plan_from(line).ok() == !*bad);  // empty: found by up
        snprintf(line, sizeof line, "krg.node=4 krg.virt=%s", bad);
        assert_false(plan_from(line).ok());
    }
    snprintf(want, sizeof want, "krg.phys=eth/0 (kernel command line): %s", rule);
    assert_config_error(plan_from("krg.node=4 krg.phys=eth/0"), want);
    snprintf(want, sizeof want, "krg.virt=krg0123456789abc (kernel command line): %s", rule);
    assert_config_error(plan_from("krg.node=4 krg.virt=krg0123456789abc"), want);
    Plan p = must_plan("krg.node=4 krg.phys=enp0s31f6.100 krg.virt=krg012345678901");
    assert_string_equal(p.phys, "enp0s31f6.100");
    assert_string_equal(p.virt, "krg012345678901");  // 15 characters
}

// --- krg.phys=bootif -------------------------------------------------------------------------------------
static void bootif_names_the_parent_by_its_mac(void**) {
    Plan p = must_plan("krg.node=4 krg.phys=bootif BOOTIF=01-52-54-00-12-34-56");
    assert_true(p.phys_bootif);
    assert_string_equal(p.phys, "");
    assert_string_equal(mac_text(p.bootif_mac), "52:54:00:12:34:56");
    Plan upper = must_plan("BOOTIF=01-52-54-00-AB-CD-EF krg.node=4 krg.phys=bootif");
    assert_string_equal(mac_text(upper.bootif_mac), "52:54:00:ab:cd:ef");
}

static void bootif_without_the_loader_parameter_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.phys=bootif"),
                        "krg.phys=bootif (kernel command line): needs BOOTIF= (set by the PXE loader) on the kernel command line");
}

static void bootif_malformed_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.phys=bootif BOOTIF=52-54-00-12-34-56"),
                        "BOOTIF=52-54-00-12-34-56 (kernel command line): not 01-xx-xx-xx-xx-xx-xx");
    for (const char* bad : {"BOOTIF=", "BOOTIF=06-52-54-00-12-34-56", "BOOTIF=01-52-54-00-12-34", "BOOTIF=01-52-54-00-12-34-5g",
                            "BOOTIF=01:52:54:00:12:34:56", "BOOTIF=01-52-54-00-12-34-56-78"}) {
        char line[96];
        snprintf(line, sizeof line, "krg.node=4 krg.phys=bootif %s", bad);
        assert_false(plan_from(line).ok());
    }
}

static void bootif_is_ignored_unless_asked_for(void**) {
    Plan p = must_plan("krg.node=4 krg.phys=eth0 BOOTIF=garbage");
    assert_false(p.phys_bootif);
    assert_string_equal(p.phys, "eth0");
}

// --- MAC template -------------------------------------------------------------------------------------------
static void mac_template_last_byte_becomes_the_node_id(void**) {
    assert_string_equal(mac_text(must_plan("krg.node=4 krg.mac=f0:00:00:00:07:ab").mac), "f0:00:00:00:07:04");
    assert_string_equal(mac_text(must_plan("krg.node=200 krg.mac=02-AA-BB-CC-DD-00").mac), "02:aa:bb:cc:dd:c8");
}

static void mac_template_malformed_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.mac=f0:00:00:00:07"),
                        "krg.mac=f0:00:00:00:07 (kernel command line): not a MAC address (xx:xx:xx:xx:xx:xx)");
    for (const char* bad : {"krg.mac=", "krg.mac=f0:00:00:00:07:0g", "krg.mac=f0:00:00:00:07:00:00", "krg.mac=f0-00:00:00:07:00",
                            "krg.mac=f000.0000.0700"}) {
        char line[96];
        snprintf(line, sizeof line, "krg.node=4 %s", bad);
        assert_false(plan_from(line).ok());
    }
}

static void mac_template_multicast_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.mac=01:00:5e:00:07:00"),
                        "krg.mac=01:00:5e:00:07:00 (kernel command line): MAC template must be unicast (first byte even)");
    assert_config_error(plan_from("krg.node=4 krg.mac=ff:ff:ff:ff:ff:00"),
                        "krg.mac=ff:ff:ff:ff:ff:00 (kernel command line): MAC template must be unicast (first byte even)");
}

// --- IPv4 prefix ---------------------------------------------------------------------------------------------
static void prefix_last_byte_becomes_the_node_id_and_length_is_kept(void**) {
    Plan p = must_plan("krg.node=4 krg.prefix=10.4.135.77/18");
    assert_true(p.addr == ip("10.4.135.4"));
    assert_int_equal(p.prefix_len, 18);
    Plan q = must_plan("krg.node=254 krg.prefix=192.168.1.0/24");
    assert_true(q.addr == ip("192.168.1.254"));
    assert_int_equal(q.prefix_len, 24);
}

static void prefix_where_the_node_falls_outside_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.prefix=10.4.135.128/25"),
                        "krg.prefix=10.4.135.128/25 (kernel command line): node's address falls outside the prefix");
    assert_config_error(plan_from("krg.node=17 krg.prefix=10.4.135.0/28"),
                        "krg.prefix=10.4.135.0/28 (kernel command line): node's address falls outside the prefix");
}

static void prefix_where_the_node_is_the_network_address_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=128 krg.prefix=10.4.135.128/25"),
                        "krg.prefix=10.4.135.128/25 (kernel command line): node's address is the prefix's network address");
    assert_config_error(plan_from("krg.node=4 krg.prefix=10.4.135.4/32"),
                        "krg.prefix=10.4.135.4/32 (kernel command line): prefix length must be 8..30 (room for node ids)");
}

static void prefixes_in_special_ranges_are_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.prefix=0.0.0.0/0"),
                        "krg.prefix=0.0.0.0/0 (kernel command line): prefix length must be 8..30");
    assert_config_error(plan_from("krg.node=4 krg.prefix=0.4.135.0/18"),
                        "krg.prefix=0.4.135.0/18 (kernel command line): lies in 0.0.0.0/8 (\"this network\")");
    assert_config_error(plan_from("krg.node=4 krg.prefix=127.4.135.0/18"),
                        "krg.prefix=127.4.135.0/18 (kernel command line): lies in 127.0.0.0/8 (loopback)");
    assert_config_error(plan_from("krg.node=4 krg.prefix=224.4.135.0/18"),
                        "krg.prefix=224.4.135.0/18 (kernel command line): lies in 224.0.0.0/4 (multicast)");
    assert_config_error(plan_from("krg.node=4 krg.prefix=250.4.135.0/18"),
                        "krg.prefix=250.4.135.0/18 (kernel command line): lies in 240.0.0.0/4 (reserved)");
    assert_ok(plan_from("krg.node=4 krg.prefix=223.4.135.0/8"));
}

static void names_starting_with_a_dash_or_dot_are_rejected(void**) {
    const char* rule = "not an interface name (1..15 of a-z A-Z 0-9 . _ -, not starting with - or .)";
    char want[256];
    snprintf(want, sizeof want, "krg.virt=-krg0 (kernel command line): %s", rule);
    assert_config_error(plan_from("krg.node=4 krg.virt=-krg0"), want);
    snprintf(want, sizeof want, "krg.phys=.eth0 (kernel command line): %s", rule);
    assert_config_error(plan_from("krg.node=4 krg.phys=.eth0"), want);
    assert_false(plan_from("krg.node=4 krg.netns=-n").ok());
    assert_ok(plan_from("krg.node=4 krg.virt=0krg krg.netns=_n"));
}

static void virt_equal_to_phys_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.phys=eth1 krg.virt=eth1"),
                        "krg.virt=eth1 (kernel command line): is the parent NIC's name (krg.phys): krgnet would create, and delete, the parent");
}

static void cluster_ip_must_be_unicast_and_its_prefix_outside_the_containers(void**) {
    assert_config_error(plan_from("krg.node=4 krg.clusterip=224.0.0.9/18 krg.clustermac=01:00:00:00:07:00"),
                        "krg.clusterip=224.0.0.9/18 (kernel command line): lies in 224.0.0.0/4 (multicast): not a unicast address");
    assert_config_error(plan_from("krg.node=4 krg.clusterip=10.4.199.1/8 krg.clustermac=01:00:00:00:07:00"),
                        "krg.clusterip=10.4.199.1/8 (kernel command line): its prefix contains the container prefix");
    assert_ok(plan_from("krg.node=4 krg.clusterip=10.4.199.1/18 krg.clustermac=01:00:00:00:07:00"));
}

static void layout_validates_without_a_node_id(void**) {
    RawConfig& cfg = raw_from_cmdline("krg.node=dhcp krg.vlan=9");
    auto l = derive_layout(cfg);
    assert_ok(l);
    assert_int_equal(l.value().vlan, 9);
    assert_false(derive(cfg).ok());
    assert_config_error(derive_layout(raw_from_cmdline("krg.node=dhcp krg.vlan=0")),
                        "krg.vlan=0 (kernel command line): not a VLAN id (1..4094)");
}

static void prefix_where_the_node_is_the_broadcast_address_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=127 krg.prefix=10.4.135.0/25"),
                        "krg.prefix=10.4.135.0/25 (kernel command line): node's address is the prefix's broadcast address");
    assert_config_error(plan_from("krg.node=3 krg.prefix=10.4.135.0/30"),
                        "krg.prefix=10.4.135.0/30 (kernel command line): node's address is the prefix's broadcast address");
    assert_true(must_plan("krg.node=126 krg.prefix=10.4.135.0/25").addr == ip("10.4.135.126"));
}

static void prefix_malformed_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.prefix=10.4.135.0"),
                        "krg.prefix=10.4.135.0 (kernel command line): not an IPv4 prefix (a.b.c.d/len)");
    for (const char* bad : {"krg.prefix=", "krg.prefix=10.4.135.0/33", "krg.prefix=10.4.135/18", "krg.prefix=10.4.135.0/-1"}) {
        char line[96];
        snprintf(line, sizeof line, "krg.node=4 %s", bad);
        assert_false(plan_from(line).ok());
    }
}

// --- MTU ------------------------------------------------------------------------------------------------------
static void mtu_auto_waits_for_the_parent(void**) {
    assert_int_equal(must_plan("krg.node=4 krg.mtu=auto").mtu, 0);
    assert_int_equal(must_plan("krg.node=4 krg.mtu=").mtu, 0);
    assert_int_equal(must_plan("krg.node=4 krg.mtu=1496").mtu, 1496);
}

static void mtu_outside_68_65535_is_rejected(void**) {
    assert_int_equal(must_plan("krg.node=4 krg.mtu=68").mtu, 68);
    assert_int_equal(must_plan("krg.node=4 krg.mtu=65535").mtu, 65535);
    assert_config_error(plan_from("krg.node=4 krg.mtu=67"), "krg.mtu=67 (kernel command line): not an MTU (68..65535, or auto)");
    assert_config_error(plan_from("krg.node=4 krg.mtu=65536"), "krg.mtu=65536 (kernel command line): not an MTU (68..65535, or auto)");
    assert_false(plan_from("krg.node=4 krg.mtu=1500x").ok());
}

static long mtu_of(const Plan& p, uint32_t parent) {
    auto m = resolve_mtu(p, parent);
    if (!m.ok()) fail_msg("resolve_mtu(%u) failed: %s", parent, message(m.error()));
    return long(m.value());
}

static void mtu_resolves_to_parent_minus_4_and_never_above_the_parent(void**) {
    Plan p = must_plan("krg.node=4");
    assert_int_equal(mtu_of(p, 1500), 1496);
    assert_int_equal(mtu_of(p, 9000), 8996);
    assert_int_equal(mtu_of(p, 73), 69);
    assert_config_error(resolve_mtu(p, 72), "parent MTU: too small for a VLAN");
    Plan fixed = must_plan("krg.node=4 krg.mtu=1500");
    assert_int_equal(mtu_of(fixed, 1500), 1500);
    assert_int_equal(mtu_of(fixed, 9000), 1500);
    assert_config_error(resolve_mtu(fixed, 1400), "krg.mtu=1500: above the parent's MTU 1400");
}

// --- booleans, names, numbers ------------------------------------------------------------------------------
static void booleans_accept_the_usual_spellings(void**) {
    for (const char* yes : {"1", "y", "yes", "true", "on"}) {
        char line[64];
        snprintf(line, sizeof line, "krg.node=4 krg.isolate=%s", yes);
        assert_true(must_plan(line).isolate);
    }
    for (const char* no : {"0", "n", "no", "false", "off"}) {
        char line[64];
        snprintf(line, sizeof line, "krg.node=4 krg.isolate=%s", no);
        assert_false(must_plan(line).isolate);
    }
    assert_config_error(plan_from("krg.node=4 krg.isolate=2"),
                        "krg.isolate=2 (kernel command line): not a boolean (1/0, yes/no, true/false, on/off)");
    assert_config_error(plan_from("krg.node=4 krg.net=maybe"),
                        "krg.net=maybe (kernel command line): not a boolean (1/0, yes/no, true/false, on/off)");
}

static void net_0_disables_everything_else(void**) {
    auto r = plan_from("krg.net=0 krg.vlan=0");
    assert_ok(r);
    assert_false(r.value().enabled);
}

static void netns_names_are_one_path_component(void**) {
    const char* rule = "not a namespace name (1..63 of a-z A-Z 0-9 . _ -, not starting with - or .)";
    char want[256];
    snprintf(want, sizeof want, "krg.netns=../etc (kernel command line): %s", rule);
    assert_config_error(plan_from("krg.node=4 krg.netns=../etc"), want);
    for (const char* bad : {"krg.netns=", "krg.netns=.", "krg.netns=..", "krg.netns=a/b", "krg.netns=\"a b\"", "krg.netns=$(reboot)",
                            "krg.netns=n234567890123456789012345678901234567890123456789012345678901234"})
        assert_false(plan_from(bad).ok());
    assert_string_equal(must_plan("krg.node=4 krg.netns=n23456789012345678901234567890123456789012345678901234567890123").netns,
                        "n23456789012345678901234567890123456789012345678901234567890123");
}

static void timeout_is_0_to_3600_seconds(void**) {
    assert_int_equal(must_plan("krg.node=4 krg.timeout=0").timeout_s, 0);
    assert_int_equal(must_plan("krg.node=4 krg.timeout=3600").timeout_s, 3600);
    assert_config_error(plan_from("krg.node=4 krg.timeout=3601"),
                        "krg.timeout=3601 (kernel command line): not a number of seconds (0..3600)");
    assert_false(plan_from("krg.node=4 krg.timeout=-1").ok());
}

static void dad_probe_window_is_0_to_10000_ms(void**) {
    assert_int_equal(must_plan("krg.node=4 krg.dad=0").dad_ms, 0);
    assert_int_equal(must_plan("krg.node=4 krg.dad=10000").dad_ms, 10000);
    assert_config_error(plan_from("krg.node=4 krg.dad=10001"),
                        "krg.dad=10001 (kernel command line): not a probe time in ms (0..10000)");
}

static void onerror_is_shell_halt_or_continue(void**) {
    for (const char* ok : {"krg.node=4 krg.onerror=shell", "krg.node=4 krg.onerror=halt", "krg.node=4 krg.onerror=continue"})
        assert_ok(plan_from(ok));
    assert_config_error(plan_from("krg.node=4 krg.onerror=reboot"),
                        "krg.onerror=reboot (kernel command line): not shell, halt or continue");
    // Checked even when krgnet is disabled: the initramfs still reads it.
    assert_false(plan_from("krg.net=0 krg.onerror=reboot").ok());
}

// --- cluster IP (DESIGN.md step 3, static part) -------------------------------------------------------------
static void cluster_ip_is_derived_with_its_multicast_mac(void**) {
    Plan p = must_plan(CIP "krg.node=4");
    assert_true(p.cluster);
    assert_true(p.cluster_ip == ip("10.4.192.1"));
    assert_int_equal(p.cluster_len, 18);
    assert_true(p.has_cluster_mac);
    assert_string_equal(mac_text(p.cluster_mac), "01:00:5e:04:c0:01");
}

static void node_17_with_a_cluster_ip_is_rejected(void**) {
    assert_config_error(plan_from(CIP "krg.node=17"), "krg.node=17 (kernel command line): a cluster IP allows node ids 1..16 only");
    assert_ok(plan_from(CIP "krg.node=16"));
    assert_ok(plan_from("krg.node=17"));  // without a cluster IP, 17 is a node like any other
}

static void cluster_ip_inside_the_container_prefix_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.clusterip=10.4.135.200/18 krg.clustermac=01:00:5e:04:c0:01"),
                        "krg.clusterip=10.4.135.200/18 (kernel command line): lies inside the container prefix");
    assert_config_error(plan_from("krg.node=4 krg.clusterip=10.4.128.1/32 krg.clustermac=01:00:5e:04:c0:01"),
                        "krg.clusterip=10.4.128.1/32 (kernel command line): lies inside the container prefix");
}

static void cluster_ip_on_its_network_or_broadcast_address_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.clusterip=10.4.192.0/18 krg.clustermac=01:00:5e:04:c0:01"),
                        "krg.clusterip=10.4.192.0/18 (kernel command line): is the network or broadcast address of its prefix");
    assert_config_error(plan_from("krg.node=4 krg.clusterip=10.4.255.255/18 krg.clustermac=01:00:5e:04:c0:01"),
                        "krg.clusterip=10.4.255.255/18 (kernel command line): is the network or broadcast address of its prefix");
    assert_ok(plan_from("krg.node=4 krg.clusterip=10.4.192.0/32 krg.clustermac=01:00:5e:04:c0:01"));
}

static void cluster_ip_malformed_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.clusterip=10.4.192.1 krg.clustermac=01:00:5e:04:c0:01"),
                        "krg.clusterip=10.4.192.1 (kernel command line): not an IPv4 address/len");
}

static void cluster_mac_that_is_unicast_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.clusterip=10.4.192.1/18 krg.clustermac=00:00:5e:04:c0:01"),
                        "krg.clustermac=00:00:5e:04:c0:01 (kernel command line): cluster MAC must be multicast (first byte odd)");
}

static void cluster_mac_broadcast_or_bridge_reserved_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.clusterip=10.4.192.1/18 krg.clustermac=ff:ff:ff:ff:ff:ff"),
                        "krg.clustermac=ff:ff:ff:ff:ff:ff (kernel command line): cluster MAC must not be broadcast (every host would take the flows)");
    assert_config_error(plan_from("krg.node=4 krg.clusterip=10.4.192.1/18 krg.clustermac=01:80:c2:00:00:00"),
                        "krg.clustermac=01:80:c2:00:00:00 (kernel command line): cluster MAC must not lie in 01:80:c2:00:00:00/44 (bridges never forward it)");
    assert_config_error(plan_from("krg.node=4 krg.clusterip=10.4.192.1/18 krg.clustermac=01:80:c2:00:00:0f"),
                        "krg.clustermac=01:80:c2:00:00:0f (kernel command line): cluster MAC must not lie in 01:80:c2:00:00:00/44 (bridges never forward it)");
    // just outside the reserved range, and broadcast but for one bit: accepted
    assert_ok(plan_from("krg.node=4 krg.clusterip=10.4.192.1/18 krg.clustermac=01:80:c2:00:00:10"));
    assert_ok(plan_from("krg.node=4 krg.clusterip=10.4.192.1/18 krg.clustermac=ff:ff:ff:ff:ff:fe"));
}

static void cluster_mac_missing_or_malformed_is_rejected(void**) {
    assert_config_error(plan_from("krg.node=4 krg.clusterip=10.4.192.1/18"),
                        "krg.clustermac= (built-in default): required with a cluster IP");
    assert_config_error(plan_from("krg.node=4 krg.clusterip=10.4.192.1/18 krg.clustermac=01:00:5e"),
                        "krg.clustermac=01:00:5e (kernel command line): not a MAC address (xx:xx:xx:xx:xx:xx)");
}

static void node_set_without_node_1_is_rejected_with_a_cluster_ip(void**) {
    assert_config_error(plan_from(CIP "krg.node=4 krg.nodes=2-16"),
                        "krg.nodes=2-16 (kernel command line): node 1 must be in the node set (it serves missing nodes' buckets)");
}

static void node_set_without_this_node_is_rejected_with_a_cluster_ip(void**) {
    assert_config_error(plan_from(CIP "krg.node=4 krg.nodes=1-3,5-16"),
                        "krg.nodes=1-3,5-16 (kernel command line): this node is not in the node set");
    assert_ok(plan_from(CIP "krg.node=4 krg.nodes=1,4"));
}

static void node_set_beyond_16_is_rejected_with_a_cluster_ip(void**) {
    assert_config_error(plan_from(CIP "krg.node=4 krg.nodes=1-17"),
                        "krg.nodes=1-17 (kernel command line): a cluster IP allows node ids 1..16 only");
    assert_ok(plan_from("krg.node=4 krg.nodes=1-17"));
}

static void cluster_ip_with_isolation_off_is_rejected(void**) {
    assert_config_error(plan_from(CIP "krg.node=4 krg.isolate=0"),
                        "krg.isolate=0 (kernel command line): a cluster IP needs network isolation (no container would be created)");
    assert_false(must_plan("krg.node=4 krg.isolate=0").isolate);  // fine without a cluster IP
}

static void cluster_settings_from_netconf_name_the_file_and_line(void**) {
    RawConfig cfg;
    load_defaults(cfg);
    assert_ok(parse_netconf("CLUSTERADDR=10.4.192.1/18\nCLUSTERMAC=00:00:5e:04:c0:01\n", "/etc/kerrighed/net.conf", cfg));
    assert_ok(parse_cmdline("krg.node=4", Origin{Source::cmdline, {}, 0}, cfg));
    assert_config_error(derive(cfg),
                        "CLUSTERMAC=00:00:5e:04:c0:01 (/etc/kerrighed/net.conf line 2): cluster MAC must be multicast (first byte odd)");
}

// net.conf's CLUSTERADDR counts only with CLUSTERADDR_ENABLE=true (the
// historic meaning); krg.clusterip on the command line needs no switch.
static Result<Plan> plan_from_netconf(const char* conf, const char* cmdline) {
    static RawConfig cfg;
    cfg = RawConfig{};
    load_defaults(cfg);
    assert_ok(parse_netconf(conf, "/etc/kerrighed/net.conf", cfg));
    assert_ok(parse_cmdline(cmdline, Origin{Source::cmdline, {}, 0}, cfg));
    return derive(cfg);
}

static void netconf_cluster_addr_counts_only_with_its_switch_true(void**) {
    const char* kOff[] = {"CLUSTERADDR_ENABLE=false\n", "", "CLUSTERADDR_ENABLE=yes\n", "CLUSTERADDR_ENABLE=True\n"};
    for (const char* sw : kOff) {
        Text<256> conf;
        conf.put(sw).put("CLUSTERADDR=10.4.199.1/18\nCLUSTERMAC=01:00:00:00:07:00\n");
        auto p = plan_from_netconf(conf.c_str(), "krg.node=200");
        assert_ok(p);
        assert_false(p.value().cluster);  // and node 200 is no cluster IP's concern
    }
    auto on = plan_from_netconf("CLUSTERADDR_ENABLE=true\nCLUSTERADDR=10.4.199.1/18\nCLUSTERMAC=01:00:00:00:07:00\n", "krg.node=4");
    assert_ok(on);
    assert_true(on.value().cluster);
    assert_true(on.value().cluster_ip == ip("10.4.199.1"));
    assert_config_error(plan_from_netconf("CLUSTERADDR_ENABLE=true\nCLUSTERADDR=10.4.199.1/18\nCLUSTERMAC=01:00:00:00:07:00\n", "krg.node=200"),
                        "krg.node=200 (kernel command line): a cluster IP allows node ids 1..16 only");
    auto cmdline = plan_from_netconf("CLUSTERADDR_ENABLE=false\nCLUSTERMAC=01:00:00:00:07:00\n", "krg.node=4 krg.clusterip=10.4.192.1/18");
    assert_ok(cmdline);
    assert_true(cmdline.value().cluster);
}

static void long_values_are_shortened_in_messages(void**) {
    assert_config_error(plan_from("krg.node=4 krg.kind=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ"),
                        "krg.kind=abcdefghijklmnopqrstuvwxyz0123456789ABCD... (kernel command line): not vlan, veth or macvlan");
}

int main() {
    const CMUnitTest tests[] = {
        KRG_TEST(node_4_with_defaults_derives_the_reference_layout),
        KRG_TEST(node_ids_1_and_254_are_accepted),
        KRG_TEST(node_0_is_rejected),
        KRG_TEST(node_255_is_rejected),
        KRG_TEST(node_minus_1_is_rejected),
        KRG_TEST(node_4x_is_rejected),
        KRG_TEST(node_20_digits_is_rejected_without_wrapping),
        KRG_TEST(node_other_spellings_are_rejected),
        KRG_TEST(node_empty_is_rejected_naming_its_source),
        KRG_TEST(node_missing_is_rejected_as_not_set),
        KRG_TEST(cluster_mac_is_validated_without_a_cluster_ip),
        KRG_TEST(node_dhcp_unresolved_is_rejected),
        KRG_TEST(vlan_id_0_is_rejected),
        KRG_TEST(vlan_id_4095_is_rejected),
        KRG_TEST(vlan_id_70000_is_rejected),
        KRG_TEST(vlan_ids_1_and_4094_are_accepted),
        KRG_TEST(kind_is_vlan_veth_or_macvlan),
        KRG_TEST(veth_needs_a_bridge),
        KRG_TEST(veth_takes_the_bridge_for_its_parent_and_its_mtu),
        KRG_TEST(bridge_is_read_from_net_conf),
        KRG_TEST(interface_names_follow_the_kernel_rules),
        KRG_TEST(bootif_names_the_parent_by_its_mac),
        KRG_TEST(bootif_without_the_loader_parameter_is_rejected),
        KRG_TEST(bootif_malformed_is_rejected),
        KRG_TEST(bootif_is_ignored_unless_asked_for),
        KRG_TEST(mac_template_last_byte_becomes_the_node_id),
        KRG_TEST(mac_template_malformed_is_rejected),
        KRG_TEST(mac_template_multicast_is_rejected),
        KRG_TEST(prefix_last_byte_becomes_the_node_id_and_length_is_kept),
        KRG_TEST(prefix_where_the_node_falls_outside_is_rejected),
        KRG_TEST(prefix_where_the_node_is_the_network_address_is_rejected),
        KRG_TEST(prefix_where_the_node_is_the_broadcast_address_is_rejected),
        KRG_TEST(prefix_malformed_is_rejected),
        KRG_TEST(mtu_auto_waits_for_the_parent),
        KRG_TEST(mtu_outside_68_65535_is_rejected),
        KRG_TEST(mtu_resolves_to_parent_minus_4_and_never_above_the_parent),
        KRG_TEST(booleans_accept_the_usual_spellings),
        KRG_TEST(net_0_disables_everything_else),
        KRG_TEST(netns_names_are_one_path_component),
        KRG_TEST(prefixes_in_special_ranges_are_rejected),
        KRG_TEST(names_starting_with_a_dash_or_dot_are_rejected),
        KRG_TEST(virt_equal_to_phys_is_rejected),
        KRG_TEST(cluster_ip_must_be_unicast_and_its_prefix_outside_the_containers),
        KRG_TEST(layout_validates_without_a_node_id),
        KRG_TEST(timeout_is_0_to_3600_seconds),
        KRG_TEST(dad_probe_window_is_0_to_10000_ms),
        KRG_TEST(onerror_is_shell_halt_or_continue),
        KRG_TEST(cluster_ip_is_derived_with_its_multicast_mac),
        KRG_TEST(node_17_with_a_cluster_ip_is_rejected),
        KRG_TEST(cluster_ip_inside_the_container_prefix_is_rejected),
        KRG_TEST(cluster_ip_on_its_network_or_broadcast_address_is_rejected),
        KRG_TEST(cluster_ip_malformed_is_rejected),
        KRG_TEST(cluster_mac_that_is_unicast_is_rejected),
        KRG_TEST(cluster_mac_broadcast_or_bridge_reserved_is_rejected),
        KRG_TEST(cluster_mac_missing_or_malformed_is_rejected),
        KRG_TEST(node_set_without_node_1_is_rejected_with_a_cluster_ip),
        KRG_TEST(node_set_without_this_node_is_rejected_with_a_cluster_ip),
        KRG_TEST(node_set_beyond_16_is_rejected_with_a_cluster_ip),
        KRG_TEST(cluster_ip_with_isolation_off_is_rejected),
        KRG_TEST(cluster_settings_from_netconf_name_the_file_and_line),
        KRG_TEST(netconf_cluster_addr_counts_only_with_its_switch_true),
        KRG_TEST(long_values_are_shortened_in_messages),
    };
    return KRG_RUN_TESTS(tests);
}
