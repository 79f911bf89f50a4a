// SPDX-License-Identifier: GPL-2.0-or-later
// config/format: the net.env lines, the human summary, the equivalent ip(8)
// commands and the address table, byte for byte.
#include "krgtest.h"

#include "config/format.h"
#include "config/record.h"
#include "config/render.h"

using namespace krg;
using namespace krgtest;

#define CIP "krg.clusterip=10.4.192.1/18 krg.clustermac=01:00:5e:04:c0:01 "

using FormatFn = void (*)(Writer&, const Plan&);

static const char* render(FormatFn fn, const char* cmdline) {
    static Text<16384> out;
    out.clear();
    fn(out, must_plan(cmdline));
    assert_false(out.overflow());
    return out.c_str();
}

// --- env (what `up` writes to /run/kerrighed/net.env) ---------------------------------------
// Before `up` there is no pinned namespace: KRG_NETNS_ID is empty (up fills it in).
static void env_for_node_4_with_defaults_is_the_18_documented_lines(void**) {
    assert_string_equal(render(format_env, "krg.node=4 krg.phys=eth0"),
                        "KRG_NODE=4\n"
                        "KRG_PHYS=eth0\n"
                        "KRG_VIRT=krg0\n"
                        "KRG_KIND=vlan\n"
                        "KRG_BRIDGE=\n"
                        "KRG_VLAN=7\n"
                        "KRG_MAC=f0:00:00:00:07:04\n"
                        "KRG_ADDR=10.4.135.4/18\n"
                        "KRG_MTU=auto\n"
                        "KRG_NETNS=kerrighed\n"
                        "KRG_NETNS_ID=\n"
                        "KRG_ISOLATE=1\n"
                        "KRG_CLUSTERIP=\n"
                        "KRG_CLUSTERMAC=\n"
                        "KRG_NODES=1-16\n"
                        "KRG_BACKEND=auto\n"
                        "KRG_TIMEOUT=10\n"
                        "KRG_DAD=300\n");
}

static void env_with_cluster_ip_mtu_and_other_names(void**) {
    assert_string_equal(render(format_env, CIP "krg.node=16 krg.phys=eno1 krg.virt=kv7 krg.vlan=100 krg.mtu=9000 "
                                           "krg.nodes=1-4,9,16 krg.netns=cluster krg.mac=02:00:00:00:64:00 "
                                           "krg.prefix=10.4.128.0/18"),
                        "KRG_NODE=16\n"
                        "KRG_PHYS=eno1\n"
                        "KRG_VIRT=kv7\n"
                        "KRG_KIND=vlan\n"
                        "KRG_BRIDGE=\n"
                        "KRG_VLAN=100\n"
                        "KRG_MAC=02:00:00:00:64:10\n"
                        "KRG_ADDR=10.4.128.16/18\n"
                        "KRG_MTU=9000\n"
                        "KRG_NETNS=cluster\n"
                        "KRG_NETNS_ID=\n"
                        "KRG_ISOLATE=1\n"
                        "KRG_CLUSTERIP=10.4.192.1/18\n"
                        "KRG_CLUSTERMAC=01:00:5e:04:c0:01\n"
                        "KRG_NODES=1-4,9,16\n"
                        "KRG_BACKEND=auto\n"
                        "KRG_TIMEOUT=10\n"
                        "KRG_DAD=300\n");
}

static void env_with_macvlan_isolation_off_and_bootif(void**) {
    assert_string_equal(render(format_env, "krg.node=254 krg.kind=macvlan krg.isolate=no krg.phys=bootif "
                                           "BOOTIF=01-52-54-00-12-34-56"),
                        "KRG_NODE=254\n"
                        "KRG_PHYS=bootif\n"
                        "KRG_VIRT=krg0\n"
                        "KRG_KIND=macvlan\n"
                        "KRG_BRIDGE=\n"
                        "KRG_VLAN=7\n"
                        "KRG_MAC=f0:00:00:00:07:fe\n"
                        "KRG_ADDR=10.4.135.254/18\n"
                        "KRG_MTU=auto\n"
                        "KRG_NETNS=kerrighed\n"
                        "KRG_NETNS_ID=\n"
                        "KRG_ISOLATE=0\n"
                        "KRG_CLUSTERIP=\n"
                        "KRG_CLUSTERMAC=\n"
                        "KRG_NODES=1-16\n"
                        "KRG_BACKEND=auto\n"
                        "KRG_TIMEOUT=10\n"
                        "KRG_DAD=300\n");
}

// Every key either changes nothing after `up` (the short list below, each
// with its reason) or is recorded: a key added to the table without a
// record name, or without a round-trip value here, fails this test.
struct RoundTrip {
    Key key;
    const char* cmdline;  // a value other than the built-in default
};
constexpr RoundTrip kRoundTrip[] = {
    {Key::node, "krg.node=9"},
    {Key::phys, "krg.phys=eno2"},
    {Key::virt, "krg.virt=kv3"},
    {Key::kind, "krg.kind=veth"},
    {Key::bridge, "krg.bridge=br3"},  // with veth, KRG_PHYS names it too
    {Key::vlan, "krg.vlan=12"},
    {Key::mac, "krg.mac=02:00:00:00:0c:00"},
    {Key::prefix, "krg.prefix=10.9.128.0/18"},
    {Key::mtu, "krg.mtu=1400"},
    {Key::netns, "krg.netns=cluster"},
    {Key::isolate, "krg.isolate=1"},  // the default; isolate=0 would forbid the cluster IP below
    {Key::clusterip, "krg.clusterip=10.9.192.1/18"},
    {Key::clustermac, "krg.clustermac=01:00:5e:09:c0:01"},
    {Key::nodes, "krg.nodes=1-4,9"},
    {Key::backend, "krg.clusterip_backend=nft"},
    {Key::timeout, "krg.timeout=3"},
    {Key::dad, "krg.dad=50"},
};
// Not recorded: a record exists only while krgnet is enabled (net); net.conf's
// CLUSTERADDR_ENABLE resolves into KRG_CLUSTERIP; onerror matters to the
// initramfs only; the loader's parameters resolve into KRG_PHYS and KRG_NODE.
constexpr Key kNotRecorded[] = {Key::net, Key::clusteron, Key::onerror, Key::bootif, Key::ipparam, Key::node_id};
// Recorded by up alone, with no command-line or net.conf name: the identity
// of the namespace it pinned (what up sets, the round trip sets by hand).
constexpr Key kRecordedByUp[] = {Key::netns_id};
constexpr char kNetnsId[] = "4:4026532281";

static void every_key_is_recorded_or_says_why_not(void**) {
    for (const KeyInfo& k : kKeys) {
        bool exempt = false, tried = false;
        for (Key n : kNotRecorded) exempt |= n == k.key;
        for (const RoundTrip& r : kRoundTrip) tried |= r.key == k.key;
        for (Key n : kRecordedByUp) tried |= n == k.key && !k.cmdline && !k.netconf;
        if (exempt) {
            assert_null(k.record);
            continue;
        }
        if (!k.record || !tried)
            fail_msg("key %s: not recorded in net.env, or no round-trip value here", k.cmdline ? k.cmdline : k.netconf);
    }
}

// up's record, read back alone (after switch_root), gives the same plan:
// every recorded value survives, and each differs from the default.
static void record_round_trips_every_key(void**) {
    Text<1024> cmdline;
    for (const RoundTrip& r : kRoundTrip) cmdline.put(r.cmdline).put(' ');
    Plan p = must_plan(cmdline.view());
    copy_str(p.netns_id, kNetnsId);  // as up records it
    Text<1024> env;
    format_env(env, p);
    const char* dir = temp_dir();
    file_in(dir, kRecordFile, env.view());
    RawConfig cfg;
    auto loaded = load_record(dir, cfg);
    assert_true(loaded.ok() && loaded.value());
    auto again = derive(cfg);
    if (!again.ok()) fail_msg("%s", message(again.error()));
    Text<1024> env2;
    format_env(env2, again.value());
    assert_string_equal(env2.c_str(), env.c_str());
    Text<1024> fallback;
    format_env(fallback, must_plan("krg.node=4 krg.clusterip=10.4.192.1/18 krg.clustermac=01:00:5e:04:c0:01"));
    for (const KeyInfo& k : kKeys) {
        if (!k.record || k.key == Key::isolate) continue;
        Text<64> line;
        line.put(k.record).put('=');
        k.put(line, again.value());
        line.put('\n');
        if (strstr(fallback.c_str(), line.c_str())) fail_msg("%s: the round trip kept the default", k.record);
    }
}

// The namespace's identity comes from up's record only: a plan read from a
// record says so (down then unpins only the namespace it names); a record
// without one names none; a value other than device:inode is refused,
// named as the record writes it.
static void netns_identity_is_read_from_the_record_only(void**) {
    Plan fresh = must_plan("krg.node=4");
    assert_false(fresh.recorded);
    assert_string_equal(fresh.netns_id, "");
    struct Case {
        const char* line;
        const char* error;  // nullptr: read as the line says
    };
    static constexpr Case kCases[] = {
        {"KRG_NETNS_ID=4:4026532281\n", nullptr},
        {"", nullptr},
        {"KRG_NETNS_ID=\n", nullptr},
        {"KRG_NETNS_ID=4026532281\n", "not a namespace identity"},
        {"KRG_NETNS_ID=4:\n", "not a namespace identity"},
        {"KRG_NETNS_ID=:4\n", "not a namespace identity"},
        {"KRG_NETNS_ID=4:40:26\n", "not a namespace identity"},
        {"KRG_NETNS_ID=4:4026532281x\n", "not a namespace identity"},
        {"KRG_NETNS_ID=-4:4026532281\n", "not a namespace identity"},
    };
    for (const Case& c : kCases) {
        Text<256> env;
        env.put("KRG_NODE=4\n").put(c.line);
        const char* dir = temp_dir();
        file_in(dir, kRecordFile, env.view());
        RawConfig cfg;
        auto loaded = load_record(dir, cfg);
        assert_true(loaded.ok() && loaded.value());
        auto p = derive(cfg);
        if (c.error) {
            if (p.ok()) fail_msg("%s: accepted", c.line);
            const char* m = message(p.error());
            if (!strstr(m, c.error) || !strstr(m, "KRG_NETNS_ID=") || !strstr(m, "(record ")) fail_msg("%s: %s", c.line, m);
            continue;
        }
        if (!p.ok()) fail_msg("%s: %s", c.line, message(p.error()));
        assert_true(p.value().recorded);
        std::string_view want = c.line;
        want = want.empty() ? "" : want.substr(13, want.size() - 14);
        assert_true(std::string_view(p.value().netns_id) == want);
    }
}

// --- text -----------------------------------------------------------------------------------------
static void text_for_node_4_with_defaults(void**) {
    assert_string_equal(render(format_text, "krg.node=4 krg.phys=eth0 krg.dad=300"),
                        "node 4 (from kernel command line)\n"
                        "  interface  krg0: vlan 7 on eth0\n"
                        "  parent     named by kernel command line\n"
                        "  MAC        f0:00:00:00:07:04\n"
                        "  address    10.4.135.4/18\n"
                        "  MTU        parent's MTU - 4\n"
                        "  namespace  /run/netns/kerrighed\n"
                        "  cluster IP none\n"
                        "  node set   1-16\n"
                        "  timeout    10 s\n"
                        "  probe      300 ms for a duplicate address\n");
}

static void text_with_cluster_ip_bootif_and_no_isolation_parts(void**) {
    assert_string_equal(render(format_text, CIP "krg.node=4 krg.mtu=1496 krg.phys=bootif BOOTIF=01-52-54-00-12-34-56 "
                                            "krg.timeout=0 krg.dad=0"),
                        "node 4 (from kernel command line)\n"
                        "  interface  krg0: vlan 7 on bootif (the NIC with MAC 52:54:00:12:34:56)\n"
                        "  parent     named by kernel command line\n"
                        "  MAC        f0:00:00:00:07:04\n"
                        "  address    10.4.135.4/18\n"
                        "  MTU        1496\n"
                        "  namespace  /run/netns/kerrighed\n"
                        "  cluster IP 10.4.192.1/18 answered with 01:00:5e:04:c0:01, buckets 4\n"
                        "  node set   1-16\n"
                        "  timeout    0 s\n"
                        "  probe      off\n");
    const char* macvlan = render(format_text, "krg.node=9 krg.kind=macvlan krg.isolate=0 krg.phys=eth0");
    assert_non_null(strstr(macvlan, "  interface  krg0: macvlan on eth0\n"));
    assert_non_null(strstr(macvlan, "  namespace  initial (isolation off)\n"));
}

static void text_says_up_finds_a_parent_nothing_names(void**) {
    const char* text = render(format_text, "krg.node=4");
    assert_non_null(strstr(text, "  interface  krg0: vlan 7 on the only Ethernet NIC with carrier\n"
                                 "  parent     found by up\n"));
    assert_non_null(strstr(render(format_env, "krg.node=4"), "\nKRG_PHYS=\n"));
}

static void text_names_the_lease_that_named_the_parent(void**) {
    const char* dir = temp_dir();
    file_in(dir, "net-eth3.conf", "DEVICE='eth3'\nIPV4ADDR='10.4.7.5'\nHOSTNAME=''\n");
    auto p = load_and_derive(sources("krg.node=dhcp", "/dev/null", nullptr, dir));
    assert_ok(p);
    Text<2048> out;
    format_text(out, p.value());
    char want[256];
    snprintf(want, sizeof want, "  interface  krg0: vlan 7 on eth3\n  parent     named by DHCP lease %s/net-eth3.conf\n", dir);
    assert_non_null(strstr(out.c_str(), want));
}

static void text_names_a_dhcp_node_source(void**) {
    const char* lease = temp_file("new_ip_address=10.4.7.5\n");
    auto p = load_and_derive(sources("krg.node=dhcp", "/dev/null", lease));
    assert_ok(p);
    Text<2048> out;
    format_text(out, p.value());
    char want[256];
    snprintf(want, sizeof want, "node 5 (from DHCP lease %s)\n", lease);
    assert_memory_equal(out.c_str(), want, strlen(want));
}

// --- ip commands ------------------------------------------------------------------------------------
static void ip_commands_for_node_4_with_defaults(void**) {
    assert_string_equal(render(format_ip, "krg.node=4 krg.phys=eth0"),
                        "# krgnet up, by hand (node 4)\n"
                        "ip link set eth0 up\n"
                        "ip netns add kerrighed\n"
                        "ip link add link eth0 name krg0 address f0:00:00:00:07:04 mtu $(($(cat /sys/class/net/eth0/mtu) - 4)) "
                        "netns kerrighed type vlan id 7\n"
                        "ip -n kerrighed link set lo up\n"
                        "ip -n kerrighed link set krg0 up\n"
                        "ip -n kerrighed addr add 10.4.135.4/18 broadcast + dev krg0\n");
}

static void ip_commands_with_cluster_ip_and_fixed_mtu(void**) {
    assert_string_equal(render(format_ip, CIP "krg.node=4 krg.mtu=1496 krg.phys=eth0"),
                        "# krgnet up, by hand (node 4)\n"
                        "ip link set eth0 up\n"
                        "ip netns add kerrighed\n"
                        "ip link add link eth0 name krg0 address f0:00:00:00:07:04 mtu 1496 netns kerrighed type vlan id 7\n"
                        "ip -n kerrighed link set lo up\n"
                        "ip -n kerrighed link set krg0 up\n"
                        "ip -n kerrighed addr add 10.4.135.4/18 broadcast + dev krg0\n"
                        "# cluster IP, nf_tables backend (buckets 4)\n"
                        "# (nft has no syntax for the byte swap before the hash: unlike krgnet up and\n"
                        "# CLUSTERIP, this rule hashes the address bytes as they are; do not mix them)\n"
                        "ip netns exec kerrighed nft -f - <<'EOF'\n"
                        "table ip krgnet {\n"
                        "\tchain prerouting {\n"
                        "\t\ttype filter hook prerouting priority mangle; policy accept;\n"
                        "\t\tiifname \"krg0\" ip daddr 10.4.192.1 jhash ip saddr mod 16 seed 0x0 offset 1 { 4 } meta pkttype set host accept\n"
                        "\t\tiifname \"krg0\" ip daddr 10.4.192.1 ct state related meta pkttype set host accept\n"
                        "\t\tiif != \"lo\" ip daddr 10.4.192.1 drop\n"
                        "\t}\n"
                        "}\n"
                        "table arp krgnet {\n"
                        "\tchain output {\n"
                        "\t\ttype filter hook output priority filter; policy accept;\n"
                        "\t\tarp saddr ip 10.4.192.1 arp saddr ether set 01:00:5e:04:c0:01\n"
                        "\t}\n"
                        "}\n"
                        "EOF\n"
                        "ip -n kerrighed maddr add 01:00:5e:04:c0:01 dev krg0\n"
                        "ip -n kerrighed addr add 10.4.192.1/18 dev krg0\n");
}

static void ip_commands_find_the_bootif_nic_by_its_mac(void**) {
    assert_string_equal(render(format_ip, "krg.node=4 krg.phys=bootif BOOTIF=01-52-54-00-12-34-56 krg.mtu=1496"),
                        "# krgnet up, by hand (node 4)\n"
                        "phys=$(ip -br link | awk '$3 == \"52:54:00:12:34:56\" {print $1; exit}')\n"
                        "ip link set \"$phys\" up\n"
                        "ip netns add kerrighed\n"
                        "ip link add link \"$phys\" name krg0 address f0:00:00:00:07:04 mtu 1496 netns kerrighed type vlan id 7\n"
                        "ip -n kerrighed link set lo up\n"
                        "ip -n kerrighed link set krg0 up\n"
                        "ip -n kerrighed addr add 10.4.135.4/18 broadcast + dev krg0\n");
}

static void ip_commands_for_macvlan_without_isolation(void**) {
    assert_string_equal(render(format_ip, "krg.node=7 krg.kind=macvlan krg.isolate=0 krg.phys=eth1"),
                        "# krgnet up, by hand (node 7)\n"
                        "ip link set eth1 up\n"
                        "ip link add link eth1 name krg0 address f0:00:00:00:07:07 mtu $(($(cat /sys/class/net/eth1/mtu) - 4)) "
                        "type macvlan mode bridge\n"
                        "ip link set krg0 up\n"
                        "ip addr add 10.4.135.7/18 broadcast + dev krg0\n");
}

// The table of a plan's layout, marking the plan's node.
static void table_of(Writer& w, const Plan& p) {
    TableOptions o;
    o.this_node = p.node;
    MUST(format_table(w, p, o));
}

// --- table ---------------------------------------------------------------------------------------------
static void table_lists_the_node_set_and_the_server(void**) {
    assert_string_equal(render(table_of, "krg.node=4 krg.nodes=1-4,9"),
                        "node  MAC                IPv4\n"
                        "1     f0:00:00:00:07:01  10.4.135.1/18\n"
                        "2     f0:00:00:00:07:02  10.4.135.2/18\n"
                        "3     f0:00:00:00:07:03  10.4.135.3/18\n"
                        "4     f0:00:00:00:07:04  10.4.135.4/18  (this node)\n"
                        "9     f0:00:00:00:07:09  10.4.135.9/18\n"
                        "254   f0:00:00:00:07:fe  10.4.135.254/18  (server)\n");
}

static void table_marks_the_server_when_it_is_this_node_too(void**) {
    assert_string_equal(render(table_of, "krg.node=254 krg.nodes=100,253-254 krg.mac=02:00:00:00:09:00 krg.prefix=192.168.9.0/24"),
                        "node  MAC                IPv4\n"
                        "100   02:00:00:00:09:64  192.168.9.100/24\n"
                        "253   02:00:00:00:09:fd  192.168.9.253/24\n"
                        "254   02:00:00:00:09:fe  192.168.9.254/24  (server)  (this node)\n");
}

static void table_of_the_full_range_has_254_rows(void**) {
    const char* t = render(table_of, "krg.node=1 krg.nodes=1-254");
    int rows = 0;
    for (const char* c = t; *c; c++) rows += *c == '\n';
    assert_int_equal(rows, 1 + 254);
}

static void node_mac_and_address_follow_the_templates(void**) {
    Plan p = must_plan("krg.node=4");
    Text<32> w;
    w.put_mac(p.node_mac(254)).put(' ').put_ip4(p.node_addr(16));
    assert_string_equal(w.c_str(), "f0:00:00:00:07:fe 10.4.135.16");
    assert_string_equal(nl::link_kind_name(nl::LinkKind::vlan), "vlan");
    assert_string_equal(nl::link_kind_name(nl::LinkKind::macvlan), "macvlan");
    assert_string_equal(nl::link_kind_name(nl::LinkKind::veth), "veth");
}

static void table_refuses_a_row_on_the_network_address(void**) {
    // 10.4.135.0/25 holds 1..126: node 200 lies outside, 254 too.
    RawConfig& cfg = raw_from_cmdline("krg.node=4 krg.nodes=1-4,200 krg.prefix=10.4.135.0/25");
    auto layout = derive_layout(cfg);
    assert_true(layout.ok());
    Text<1024> w;
    TableOptions o;
    o.this_node = 4;
    auto r = format_table(w, layout.value(), o);
    assert_false(r.ok());
    assert_int_equal(int(r.error().exit), 100);
    assert_string_equal(r.error().object, "node 200");
    assert_string_equal(r.error().detail, "node's address falls outside the prefix (10.4.135.0/25)");
}

static void table_refuses_the_broadcast_row(void**) {
    // In 10.4.135.0/24 node 255 does not exist, but in 10.4.135.128/25 the
    // server (254) is fine and node 127 would be the network... use /26.
    RawConfig& cfg = raw_from_cmdline("krg.node=193 krg.nodes=192-193 krg.prefix=10.4.135.192/26");
    auto layout = derive_layout(cfg);
    assert_true(layout.ok());
    Text<1024> w;
    TableOptions o;
    o.this_node = 193;
    auto r = format_table(w, layout.value(), o);
    assert_false(r.ok());
    assert_string_equal(r.error().object, "node 192");
    assert_string_equal(r.error().detail, "node's address is the prefix's network address (10.4.135.192/26)");
}

static void output_into_a_small_buffer_is_truncated_not_overrun(void**) {
    Plan p = must_plan(CIP "krg.node=4 krg.phys=eth0");
    char small[40];
    Writer w(small, sizeof small);
    format_env(w, p);
    assert_true(w.overflow());
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_memory_equal(small, "KRG_NODE=4\nKRG_PHYS=eth0\nKRG_VIRT=krg0\nK", 39);
}

// --- the operator's formats (config/render.h) ------------------------------------------------
static void json_strings_escape_quotes_backslashes_and_control_bytes(void**) {
    Text<64> w;
    put_json_string(w, std::string_view("a\"b\\c\n\x01\x7f\xc3\xa9", 10));
    assert_string_equal(w.c_str(), "\"a\\\"b\\\\c\\u000a\\u0001\x7f\xc3\xa9\"");
}

static void name_templates_are_host_names_with_one_id(void**) {
    for (const char* good : {"node%d", "krg-%d-c", "N%d", "%dn", "0y%d", "a23456789012345678901234567890123456789012345678901234567890%d"}) assert_true(valid_name_template(good));
    for (const char* bad : {"", "node", "n%d%d", "-n%d", "n%s", "n_%d", "n.%d", "n %d", "n%", "n%%d",
                            "a234567890123456789012345678901234567890123456789012345678901%d"}) {
        assert_false(valid_name_template(bad));
    }
}

// Every format writes these names: "1" or "017" or "0x1f" is an IPv4
// address to a resolver, "1-" is no RFC 1123 label.
static void names_are_never_numbers_nor_end_in_a_dash(void**) {
    for (const char* bad : {"%d", "%d-", "n%d-", "0%d", "00%d", "0x%d", "0X%d", "0xa%d", "%d0"}) {
        assert_false(valid_name_template(bad));
    }
    for (const char* bad : {"1", "017", "0x1f", "0XAb", "a-", "-a", "a_b", ""}) assert_false(valid_host_name(bad));
    for (const char* good : {"a", "1a", "0x", "0xg1", "node-1", "x1-2"}) assert_true(valid_host_name(good));
}

// Bytes of no UTF-8 sequence (a Latin-1 path, a cut, overlong or surrogate
// sequence) become U+FFFD; valid sequences pass unchanged.
static void json_strings_are_valid_utf8_whatever_the_bytes(void**) {
    Text<128> w;
    put_json_string(w, "/etc/caf\xe9/\xc3\xa9\xf0\x9f\x98\x80|\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|\xe2\x82");
    assert_string_equal(w.c_str(),
                        "\"/etc/caf\\ufffd/\xc3\xa9\xf0\x9f\x98\x80|\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd|"
                        "\\ufffd\\ufffd\\ufffd\\ufffd|\\ufffd\\ufffd\"");
}

static void json_of_a_macvlan_bootif_plan_has_nulls_not_gaps(void**) {
    Plan p = must_plan("krg.node=7 krg.kind=macvlan krg.phys=bootif BOOTIF=01-52-54-00-12-34-56 krg.mtu=1400");
    Text<1024> w;
    format_plan_json(w, p);
    assert_string_equal(w.c_str(),
                        "{\"node\":7,\"from\":\"kernel command line\",\"ifname\":\"krg0\",\"link\":null,"
                        "\"bootif\":\"52:54:00:12:34:56\",\"kind\":\"macvlan\",\"id\":null,\"address\":\"f0:00:00:00:07:07\","
                        "\"local\":\"10.4.135.7\",\"prefixlen\":18,\"mtu\":1400,\"netns\":\"kerrighed\",\"cluster\":null,"
                        "\"nodes\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16],\"timeout\":10,\"probe_ms\":300}");
}

int main() {
    const CMUnitTest tests[] = {
        KRG_TEST(json_strings_escape_quotes_backslashes_and_control_bytes),
        KRG_TEST(name_templates_are_host_names_with_one_id),
        KRG_TEST(names_are_never_numbers_nor_end_in_a_dash),
        KRG_TEST(json_strings_are_valid_utf8_whatever_the_bytes),
        KRG_TEST(json_of_a_macvlan_bootif_plan_has_nulls_not_gaps),
        KRG_TEST(env_for_node_4_with_defaults_is_the_18_documented_lines),
        KRG_TEST(table_refuses_a_row_on_the_network_address),
        KRG_TEST(table_refuses_the_broadcast_row),
        KRG_TEST(env_with_cluster_ip_mtu_and_other_names),
        KRG_TEST(env_with_macvlan_isolation_off_and_bootif),
        KRG_TEST(every_key_is_recorded_or_says_why_not),
        KRG_TEST(record_round_trips_every_key),
        KRG_TEST(netns_identity_is_read_from_the_record_only),
        KRG_TEST(text_for_node_4_with_defaults),
        KRG_TEST(text_with_cluster_ip_bootif_and_no_isolation_parts),
        KRG_TEST(text_names_a_dhcp_node_source),
        KRG_TEST(ip_commands_for_node_4_with_defaults),
        KRG_TEST(ip_commands_with_cluster_ip_and_fixed_mtu),
        KRG_TEST(ip_commands_find_the_bootif_nic_by_its_mac),
        KRG_TEST(ip_commands_for_macvlan_without_isolation),
        KRG_TEST(table_lists_the_node_set_and_the_server),
        KRG_TEST(table_marks_the_server_when_it_is_this_node_too),
        KRG_TEST(table_of_the_full_range_has_254_rows),
        KRG_TEST(node_mac_and_address_follow_the_templates),
        KRG_TEST(output_into_a_small_buffer_is_truncated_not_overrun),
        KRG_TEST(text_says_up_finds_a_parent_nothing_names),
        KRG_TEST(text_names_the_lease_that_named_the_parent),
    };
    return KRG_RUN_TESTS(tests);
}
