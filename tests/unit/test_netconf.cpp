// SPDX-License-Identifier: GPL-2.0-or-later
// config/netconf + config/assign: /etc/kerrighed/net.conf in the historic
// Kerrighed format, parsed (never sourced), every rejection carrying the file
// and line; and the precedence defaults < net.conf < lease < kernel command line.
#include "krgtest.h"

#include "config/assign.h"
#include "config/netconf.h"

using namespace krg;
using namespace krgtest;

static constexpr const char* kPath = "/etc/kerrighed/net.conf";

// parse_netconf over defaults, reporting as kPath.
static Result<void> parse(std::string_view text, RawConfig& cfg) {
    cfg = RawConfig{};
    load_defaults(cfg);
    return parse_netconf(text, kPath, cfg);
}

// A file of n bytes: "# xxxx...\n" padded to n - 1 bytes plus the newline.
static std::string_view comment_line(size_t n) {
    static char buf[70000];
    if (n > sizeof buf) fail_msg("comment_line too long");
    memset(buf, 'x', n);
    buf[0] = '#';
    buf[n - 1] = '\n';
    return {buf, n};
}

// --- the historic format -------------------------------------------------------------
static constexpr char kHistoric[] =
    "# Kerrighed network configuration\n"
    "\n"
    "PHYS=eth1\n"
    "VIRT=krg0\n"
    "VLANID=7\n"
    "VIRTMAC=\"f0:00:00:00:07:00\"\n"
    "VIRTPREFIX='10.4.135.0/18'\n"
    "CLUSTERADDR=10.4.192.1/18\n"
    "CLUSTERMAC=01:00:5e:04:c0:01\n"
    "NETCONF_ENABLE=1\n";

static void historic_kerrighed_file_sets_its_keys(void**) {
    RawConfig cfg;
    assert_ok(parse(kHistoric, cfg));
    assert_value(cfg, Key::phys, "eth1");
    assert_value(cfg, Key::virt, "krg0");
    assert_value(cfg, Key::vlan, "7");
    assert_value(cfg, Key::mac, "f0:00:00:00:07:00");
    assert_value(cfg, Key::prefix, "10.4.135.0/18");
    assert_value(cfg, Key::clusterip, "10.4.192.1/18");
    assert_value(cfg, Key::clustermac, "01:00:5e:04:c0:01");
    assert_value(cfg, Key::net, "1");
    assert_string_equal(describe(Key::phys, cfg), "PHYS=eth1 (/etc/kerrighed/net.conf line 3)");
    assert_string_equal(describe(Key::clustermac, cfg), "CLUSTERMAC=01:00:5e:04:c0:01 (/etc/kerrighed/net.conf line 9)");
    assert_int_equal(int(cfg.get(Key::vlan).origin.source), int(Source::netconf));
    assert_int_equal(cfg.get(Key::vlan).origin.line, 5);
}

static void every_netconf_key_reaches_its_slot(void**) {
    char text[2048];
    Writer w(text, sizeof text);
    for (const KeyInfo& k : kKeys)
        if (k.netconf) w.put(k.netconf).put("=v").put_uint(uint64_t(k.key)).put('\n');
    RawConfig cfg;
    assert_ok(parse(w.view(), cfg));
    for (const KeyInfo& k : kKeys) {
        if (!k.netconf) continue;
        Text<8> want;
        want.put('v').put_uint(uint64_t(k.key));
        assert_string_equal(str(cfg.value(k.key)), want.c_str());
    }
}

static void comments_blanks_export_and_trailing_comments_are_accepted(void**) {
    RawConfig cfg;
    assert_ok(parse("  # indented comment\n"
                    "\t\n"
                    "export PHYS=eth2\n"
                    "  VLANID=9   # the cluster VLAN\n"
                    "VIRT=\"krg1\"\t# quoted, then a comment\n"
                    "NETNS=a#b\n",
                    cfg));
    assert_value(cfg, Key::phys, "eth2");
    assert_value(cfg, Key::vlan, "9");
    assert_value(cfg, Key::virt, "krg1");
    assert_value(cfg, Key::netns, "a#b");  // as in sh: '#' inside a word is no comment
}

static void quoted_values_keep_blanks_and_single_quotes_are_literal(void**) {
    RawConfig cfg;
    assert_ok(parse("NETNS=\"a b\"\nVIRT='$(reboot)'\nPHYS=''\nVIRTKIND=\"\"\n", cfg));
    assert_value(cfg, Key::netns, "a b");
    assert_value(cfg, Key::virt, "$(reboot)");  // text, never run
    assert_value(cfg, Key::phys, "");
    assert_value(cfg, Key::kind, "");
}

static void empty_value_is_accepted_and_validated_later(void**) {
    RawConfig cfg;
    assert_ok(parse("VIRT=\n", cfg));
    assert_value(cfg, Key::virt, "");
    assert_ok(parse_cmdline("krg.node=4", Origin{Source::cmdline, {}, 0}, cfg));
    assert_config_error(derive(cfg), "VIRT= (/etc/kerrighed/net.conf line 1): not an interface name (1..15 of a-z A-Z 0-9 . _ -, not starting with - or .)");
}

static void last_assignment_in_the_file_wins(void**) {
    RawConfig cfg;
    assert_ok(parse("VLANID=5\nVLANID=6\n", cfg));
    assert_value(cfg, Key::vlan, "6");
    assert_int_equal(cfg.get(Key::vlan).origin.line, 2);
}

static void file_without_final_newline_is_read(void**) {
    RawConfig cfg;
    assert_ok(parse("PHYS=eth3", cfg));
    assert_value(cfg, Key::phys, "eth3");
}

static void crlf_endings_give_the_same_values_as_lf(void**) {
    static RawConfig lf, crlf;
    assert_ok(parse(kHistoric, lf));
    char text[1024];
    Writer w(text, sizeof text);
    for (char c : std::string_view(kHistoric)) {
        if (c == '\n') w.put('\r');
        w.put(c);
    }
    assert_false(w.overflow());
    assert_ok(parse(w.view(), crlf));
    for (size_t k = 0; k < kKeyCount; k++) {
        assert_string_equal(str(crlf.s[k].value), lf.s[k].value);
        assert_int_equal(crlf.s[k].origin.line, lf.s[k].origin.line);
    }
}

// --- rejections: exact text, with file and line ---------------------------------------------
static void command_substitution_is_rejected_with_file_and_line(void**) {
    RawConfig cfg;
    assert_config_error(parse("PHYS=eth0\nVIRT=$(reboot)\n", cfg),
                        "/etc/kerrighed/net.conf line 2: shell expansion ($, `) is not supported");
    assert_config_error(parse("# x\n\nVIRT=\"$(reboot)\"\n", cfg),
                        "/etc/kerrighed/net.conf line 3: shell expansion ($, `, \\) is not supported");
    assert_config_error(parse("VIRT=krg$VLANID\n", cfg),
                        "/etc/kerrighed/net.conf line 1: shell expansion ($, `) is not supported");
}

static void backticks_are_rejected_quoted_or_not(void**) {
    RawConfig cfg;
    assert_config_error(parse("VIRT=`reboot`\n", cfg),
                        "/etc/kerrighed/net.conf line 1: shell expansion ($, `) is not supported");
    assert_config_error(parse("PHYS=eth0\nVIRT=\"`reboot`\"\n", cfg),
                        "/etc/kerrighed/net.conf line 2: shell expansion ($, `, \\) is not supported");
    assert_config_error(parse("VIRT=\"a\\\"b\"\n", cfg),
                        "/etc/kerrighed/net.conf line 1: shell expansion ($, `, \\) is not supported");
}

static void unterminated_quotes_are_rejected(void**) {
    RawConfig cfg;
    assert_config_error(parse("PHYS=\"eth0\n", cfg), "/etc/kerrighed/net.conf line 1: unterminated quote");
    assert_config_error(parse("PHYS=eth0\nVIRT='krg0\nVLANID=7'\n", cfg),
                        "/etc/kerrighed/net.conf line 2: unterminated quote");
}

static void shell_syntax_other_than_assignment_is_rejected(void**) {
    RawConfig cfg;
    assert_config_error(parse("PHYS=eth0; reboot\n", cfg), "/etc/kerrighed/net.conf line 1: unquoted shell character in value");
    assert_config_error(parse("PHYS=eth0|reboot\n", cfg), "/etc/kerrighed/net.conf line 1: unquoted shell character in value");
    assert_config_error(parse("PHYS=eth*\n", cfg), "/etc/kerrighed/net.conf line 1: unquoted shell character in value");
    assert_config_error(parse("PHYS=eth0 reboot\n", cfg), "/etc/kerrighed/net.conf line 1: text after the value");
    assert_config_error(parse("PHYS=\"eth0\"x\n", cfg), "/etc/kerrighed/net.conf line 1: text after the value");
    assert_config_error(parse("reboot\n", cfg), "/etc/kerrighed/net.conf line 1: not a KEY=value line");
    assert_config_error(parse("PHYS = eth0\n", cfg), "/etc/kerrighed/net.conf line 1: not a KEY=value line");
    assert_config_error(parse("1PHYS=eth0\n", cfg), "/etc/kerrighed/net.conf line 1: not a KEY=value line");
    assert_config_error(parse(". /etc/other.conf\n", cfg), "/etc/kerrighed/net.conf line 1: not a KEY=value line");
    assert_config_error(parse("export\n", cfg), "/etc/kerrighed/net.conf line 1: not a KEY=value line");
}

static void line_of_64_KiB_is_rejected_with_its_number(void**) {
    static char text[70000];
    Writer w(text, sizeof text);
    w.put("PHYS=eth0\nVIRT=krg0\nNETNS=");
    while (w.size() < 26 + 64 * 1024) w.put('n');
    w.put("\nVLANID=7\n");
    assert_false(w.overflow());
    RawConfig cfg;
    assert_config_error(parse(w.view(), cfg), "/etc/kerrighed/net.conf line 3: line too long");
}

static void line_limit_is_1024_characters_before_the_line_ending(void**) {
    RawConfig cfg;
    assert_ok(parse(comment_line(kMaxLine + 1), cfg));  // 1024 + '\n'
    char crlf[kMaxLine + 2];
    memcpy(crlf, comment_line(kMaxLine + 1).data(), kMaxLine);
    crlf[kMaxLine] = '\r';
    crlf[kMaxLine + 1] = '\n';
    assert_ok(parse({crlf, sizeof crlf}, cfg));  // the CR is not counted
    assert_config_error(parse(comment_line(kMaxLine + 2), cfg), "/etc/kerrighed/net.conf line 1: line too long");
}

static void value_over_255_characters_is_rejected(void**) {
    char text[400];
    Writer w(text, sizeof text);
    w.put("PHYS=eth0\nNETNS=\"");
    for (int i = 0; i < 256; i++) w.put('n');
    w.put("\"\n");
    RawConfig cfg;
    assert_config_error(parse(w.view(), cfg), "/etc/kerrighed/net.conf line 2: value too long");
}

static void nul_byte_is_rejected_with_its_line(void**) {
    static constexpr char text[] = "PHYS=eth0\nVIRT=krg0\nVLANID=7\0\nNETNS=x\n";
    RawConfig cfg;
    assert_config_error(parse({text, sizeof text - 1}, cfg), "/etc/kerrighed/net.conf line 3: NUL byte in line");
    static constexpr char quoted[] = "VIRT='krg\0'\n";
    assert_config_error(parse({quoted, sizeof quoted - 1}, cfg), "/etc/kerrighed/net.conf line 1: NUL byte in line");
}

static void carriage_return_inside_a_line_is_rejected(void**) {
    RawConfig cfg;
    assert_config_error(parse("PHYS=eth0\rVIRT=x\n", cfg), "/etc/kerrighed/net.conf line 1: carriage return inside line");
}

static void unknown_key_is_a_warning_and_the_rest_applies(void**) {
    RawConfig cfg;
    StderrCapture cap;
    cap.start();
    auto r = parse("PHYS=eth1\nNODE=4\nFOO_BAR='x y'\nVLANID=8\n", cfg);
    const char* err = cap.stop();
    assert_ok(r);
    assert_string_equal(err,
                        "krgnet: warning: /etc/kerrighed/net.conf line 2: unknown key NODE ignored\n"
                        "krgnet: warning: /etc/kerrighed/net.conf line 3: unknown key FOO_BAR ignored\n");
    assert_value(cfg, Key::phys, "eth1");
    assert_value(cfg, Key::vlan, "8");
    assert_false(cfg.has(Key::node));  // the node id never comes from net.conf
}

static void netconf_value_errors_name_the_netconf_key_and_line(void**) {
    RawConfig cfg;
    assert_ok(parse("PHYS=eth0\n\nVLANID=0\n", cfg));
    assert_ok(parse_cmdline("krg.node=4", Origin{Source::cmdline, {}, 0}, cfg));
    assert_config_error(derive(cfg), "VLANID=0 (/etc/kerrighed/net.conf line 3): not a VLAN id (1..4094)");
}

// --- files end to end (load_config) --------------------------------------------------------
static void netconf_file_is_loaded_and_named_by_its_path(void**) {
    const char* conf = temp_file("VLANID=9\nVIRTPREFIX=10.4.128.0/18\nVIRTMAC=f0:00:00:00:09:00\n");
    RawConfig cfg;
    assert_ok(load(sources("krg.node=4", conf), cfg));
    char want[256];
    snprintf(want, sizeof want, "VLANID=9 (%s line 1)", conf);
    assert_string_equal(describe(Key::vlan, cfg), want);
    auto p = derive(cfg);
    assert_ok(p);
    assert_int_equal(p.value().vlan, 9);
    assert_true(p.value().addr == 0x0a048004u);
    assert_int_equal(p.value().mac.b[4], 9);
}

static void netconf_file_error_carries_its_path_and_line(void**) {
    const char* conf = temp_file("# site\nPHYS=eth0\r\nVIRT=$(reboot)\r\n");
    RawConfig cfg;
    char want[256];
    snprintf(want, sizeof want, "%s line 3: shell expansion ($, `) is not supported", conf);
    assert_config_error(load(sources("krg.node=4", conf), cfg), want);
}

static void netconf_over_128_KiB_is_rejected(void**) {
    static char text[kMaxConfFile + 16];
    memset(text, '\n', sizeof text);
    RawConfig cfg;
    const char* conf = temp_file({text, kMaxConfFile});
    char want[256];
    snprintf(want, sizeof want, "read configuration %s: larger than 127 KiB", conf);
    assert_config_error(load(sources("krg.node=4", conf), cfg), want);
    const char* fits = temp_file({text, kMaxConfFile - 1});
    assert_ok(load(sources("krg.node=4", fits), cfg));
}

static void missing_netconf_named_explicitly_is_a_configuration_error(void**) {
    RawConfig cfg;
    assert_config_error(load(sources("krg.node=4", "/nonexistent/net.conf"), cfg),
                        "read configuration /nonexistent/net.conf: No such file or directory");
}

static void cmdline_overrides_netconf_which_overrides_defaults(void**) {
    const char* conf = temp_file("PHYS=eth1\nVLANID=9\nVIRTMTU=1400\n");
    RawConfig cfg;
    assert_ok(load(sources("krg.node=4 krg.vlan=8", conf), cfg));
    assert_string_equal(describe(Key::vlan, cfg), "krg.vlan=8 (kernel command line)");
    char want[256];
    snprintf(want, sizeof want, "PHYS=eth1 (%s line 1)", conf);
    assert_string_equal(describe(Key::phys, cfg), want);
    assert_string_equal(describe(Key::virt, cfg), "krg.virt=krg0 (built-in default)");
    auto p = derive(cfg);
    assert_ok(p);
    assert_int_equal(p.value().vlan, 8);
    assert_string_equal(p.value().phys, "eth1");
    assert_int_equal(p.value().mtu, 1400);
}

static void cmdline_file_overrides_netconf_too(void**) {
    const char* conf = temp_file("VLANID=9\nNETCONF_ENABLE=0\n");
    SourceOptions opt = sources(nullptr, conf);
    opt.cmdline_file = temp_file("krg.node=4 krg.net=1 krg.vlan=10\n");
    auto p = load_and_derive(opt);
    assert_ok(p);
    assert_true(p.value().enabled);
    assert_int_equal(p.value().vlan, 10);
}

static void netconf_can_disable_krgnet(void**) {
    const char* conf = temp_file("NETCONF_ENABLE=0\n");
    auto p = load_and_derive(sources("quiet", conf));  // no krg.node needed when disabled
    assert_ok(p);
    assert_false(p.value().enabled);
}

int main() {
    const CMUnitTest tests[] = {
        KRG_TEST(historic_kerrighed_file_sets_its_keys),
        KRG_TEST(every_netconf_key_reaches_its_slot),
        KRG_TEST(comments_blanks_export_and_trailing_comments_are_accepted),
        KRG_TEST(quoted_values_keep_blanks_and_single_quotes_are_literal),
        KRG_TEST(empty_value_is_accepted_and_validated_later),
        KRG_TEST(last_assignment_in_the_file_wins),
        KRG_TEST(file_without_final_newline_is_read),
        KRG_TEST(crlf_endings_give_the_same_values_as_lf),
        KRG_TEST(command_substitution_is_rejected_with_file_and_line),
        KRG_TEST(backticks_are_rejected_quoted_or_not),
        KRG_TEST(unterminated_quotes_are_rejected),
        KRG_TEST(shell_syntax_other_than_assignment_is_rejected),
        KRG_TEST(line_of_64_KiB_is_rejected_with_its_number),
        KRG_TEST(line_limit_is_1024_characters_before_the_line_ending),
        KRG_TEST(value_over_255_characters_is_rejected),
        KRG_TEST(nul_byte_is_rejected_with_its_line),
        KRG_TEST(carriage_return_inside_a_line_is_rejected),
        KRG_TEST(unknown_key_is_a_warning_and_the_rest_applies),
        KRG_TEST(netconf_value_errors_name_the_netconf_key_and_line),
        KRG_TEST(netconf_file_is_loaded_and_named_by_its_path),
        KRG_TEST(netconf_file_error_carries_its_path_and_line),
        KRG_TEST(netconf_over_128_KiB_is_rejected),
        KRG_TEST(missing_netconf_named_explicitly_is_a_configuration_error),
        KRG_TEST(cmdline_overrides_netconf_which_overrides_defaults),
        KRG_TEST(cmdline_file_overrides_netconf_too),
        KRG_TEST(netconf_can_disable_krgnet),
    };
    return KRG_RUN_TESTS(tests);
}
