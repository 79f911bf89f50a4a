// SPDX-License-Identifier: GPL-2.0-or-later
// config/cmdline: the kernel command line as lib/cmdline.c splits it, applied
// to the raw configuration (last occurrence wins), and read from files.
#include "krgtest.h"

using namespace krg;
using namespace krgtest;

// --- splitting --------------------------------------------------------------------------
struct Param {
    char name[512];
    char value[512];
    bool has_value;
};
struct Params {
    Param p[64];
    int n;
};

static Result<void> collect(void* ctx, std::string_view name, std::string_view value, bool has_value) {
    auto* ps = static_cast<Params*>(ctx);
    if (ps->n == 64) fail_msg("too many parameters");
    Param& p = ps->p[ps->n++];
    if (!copy_str(p.name, name) || !copy_str(p.value, value)) fail_msg("parameter too long for the test");
    p.has_value = has_value;
    return {};
}

static Params& split(std::string_view text) {
    static Params ps;
    ps = Params{};
    assert_ok(for_each_param(text, collect, &ps));
    return ps;
}

static void assert_param(const Params& ps, int i, const char* name, const char* value) {
    assert_true(i < ps.n);
    assert_string_equal(ps.p[i].name, name);
    if (value) {
        assert_true(ps.p[i].has_value);
        assert_string_equal(ps.p[i].value, value);
    } else {
        assert_false(ps.p[i].has_value);
    }
}

static void blanks_tabs_and_newlines_separate_parameters(void**) {
    Params& ps = split("BOOT_IMAGE=/vmlinuz  root=/dev/nfs\tquiet\n");
    assert_int_equal(ps.n, 3);
    assert_param(ps, 0, "BOOT_IMAGE", "/vmlinuz");
    assert_param(ps, 1, "root", "/dev/nfs");
    assert_param(ps, 2, "quiet", nullptr);
}

// Every byte the kernel's isspace() accepts (lib/ctype.c): 9..13, 32 and 0xA0.
static void every_kernel_blank_separates_parameters_including_0xa0(void**) {
    Params& ps = split("a=1\tb=2\nc=3\vd=4\fe=5\rf=6 g=7\xa0h=8");
    assert_int_equal(ps.n, 8);
    const char* names[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    for (int i = 0; i < 8; i++) assert_string_equal(ps.p[i].name, names[i]);
    assert_param(ps, 7, "h", "8");
}

static void utf8_no_break_space_splits_after_its_first_byte(void**) {
    Params& ps = split("krg.node=4\xc2\xa0krg.vlan=9");  // as pasted from a web page
    assert_int_equal(ps.n, 2);
    assert_param(ps, 0, "krg.node", "4\xc2");
    assert_param(ps, 1, "krg.vlan", "9");
}

static void bytes_that_are_not_kernel_blanks_do_not_separate(void**) {
    Params& ps = split("a=1\x85" "b=2\x1c\x01" "c");  // NEL, file separator, SOH
    assert_int_equal(ps.n, 1);
    assert_param(ps, 0, "a", "1\x85" "b=2\x1c\x01" "c");
}

static void nbsp_inside_quotes_is_kept(void**) {
    Params& ps = split("krg.x=\"a\xa0" "b\" c");
    assert_int_equal(ps.n, 2);
    assert_param(ps, 0, "krg.x", "a\xa0" "b");
}

static void equals_sign_as_the_first_character_does_not_start_the_value(void**) {
    // next_arg(): equals == 0 means "no '=' yet", so the first one counts only after position 0.
    Params& ps = split("=krg.node=4 =x \"=y=1\"");
    assert_int_equal(ps.n, 3);
    assert_param(ps, 0, "=krg.node", "4");
    assert_param(ps, 1, "=x", nullptr);
    assert_param(ps, 2, "=y", "1");
    assert_false(raw_from_cmdline("=krg.node=4").has(Key::node));
}

static void double_dash_ends_parameters_only_when_bare(void**) {
    assert_value(raw_from_cmdline("krg.node=4 \"--\" krg.node=5"), Key::node, "4");
    assert_value(raw_from_cmdline("krg.node=4\xa0--\xa0krg.node=5"), Key::node, "4");
    assert_value(raw_from_cmdline("krg.node=4 --=x krg.node=5"), Key::node, "5");
    assert_value(raw_from_cmdline("krg.node=4 ---- krg.node=5"), Key::node, "5");
}

static void empty_or_blank_cmdline_has_no_parameters(void**) {
    assert_int_equal(split("").n, 0);
    assert_int_equal(split("  \t\n").n, 0);
}

static void quoted_value_keeps_its_blanks_without_quotes(void**) {
    Params& ps = split("krg.x=\"a b\" next");
    assert_int_equal(ps.n, 2);
    assert_param(ps, 0, "krg.x", "a b");
    assert_param(ps, 1, "next", nullptr);
}

static void quoted_whole_parameter_keeps_its_blanks_without_quotes(void**) {
    Params& ps = split("\"krg.x=a b\" next");
    assert_int_equal(ps.n, 2);
    assert_param(ps, 0, "krg.x", "a b");
    assert_param(ps, 1, "next", nullptr);
}

static void quoted_flag_without_value_loses_its_quotes(void**) {
    Params& ps = split("\"a flag\" b");
    assert_int_equal(ps.n, 2);
    assert_param(ps, 0, "a flag", nullptr);
}

static void quote_inside_a_value_is_kept_as_the_kernel_does(void**) {
    Params& ps = split("krg.x=a\"b c\"d e");
    assert_int_equal(ps.n, 2);
    assert_param(ps, 0, "krg.x", "a\"b c\"d");
    assert_param(ps, 1, "e", nullptr);
}

static void unterminated_quote_runs_to_the_end(void**) {
    Params& ps = split("krg.x=\"a b c");
    assert_int_equal(ps.n, 1);
    assert_param(ps, 0, "krg.x", "a b c");
}

static void empty_value_and_value_with_equals_signs(void**) {
    Params& ps = split("krg.x= ip=a=b:c \"krg.y=\"");
    assert_int_equal(ps.n, 3);
    assert_param(ps, 0, "krg.x", "");
    assert_param(ps, 1, "ip", "a=b:c");
    assert_param(ps, 2, "krg.y", "");
}

static void double_dash_ends_the_kernel_parameters(void**) {
    Params& ps = split("krg.node=4 -- krg.node=5 single");
    assert_int_equal(ps.n, 1);
    assert_param(ps, 0, "krg.node", "4");
    // lib/cmdline.c parse_args: a "--" without value ends them, quoted or not.
    assert_int_equal(split("a \"--\" b").n, 1);
    // "--=x" has a value: an ordinary parameter.
    Params& more = split("--=x b");
    assert_int_equal(more.n, 2);
    assert_param(more, 0, "--", "x");
}

static Result<void> stop_at_b(void*, std::string_view name, std::string_view, bool) {
    if (name == "b") return Error::config("b", "stop");
    return {};
}

static void callback_error_stops_the_walk_and_is_returned(void**) {
    assert_config_error(for_each_param("a b c", stop_at_b, nullptr), "b: stop");
}

// --- applying to the configuration -------------------------------------------------------
static void repeated_keys_last_occurrence_wins(void**) {
    RawConfig& cfg = raw_from_cmdline("krg.node=3 krg.vlan=9 quiet krg.node=4 krg.vlan=10 krg.node=5");
    assert_value(cfg, Key::node, "5");
    assert_value(cfg, Key::vlan, "10");
}

static void every_cmdline_key_reaches_its_slot(void**) {
    Text<2048> line;
    for (const KeyInfo& k : kKeys)
        if (k.cmdline) line.put(k.cmdline).put("=v").put_uint(uint64_t(k.key)).put(' ');
    RawConfig& cfg = raw_from_cmdline(line.view());
    for (const KeyInfo& k : kKeys) {
        if (!k.cmdline) continue;
        Text<8> want;
        want.put('v').put_uint(uint64_t(k.key));
        assert_string_equal(str(cfg.value(k.key)), want.c_str());
        assert_int_equal(int(cfg.get(k.key).origin.source), int(Source::cmdline));
    }
}

static void loader_parameters_bootif_and_ip_are_kept(void**) {
    RawConfig& cfg = raw_from_cmdline("BOOTIF=01-52-54-00-12-34-56 ip=10.4.7.4:10.4.7.254::255.255.192.0:node4:eth0:off");
    assert_value(cfg, Key::bootif, "01-52-54-00-12-34-56");
    assert_value(cfg, Key::ipparam, "10.4.7.4:10.4.7.254::255.255.192.0:node4:eth0:off");
}

static void cmdline_values_are_described_as_kernel_command_line(void**) {
    RawConfig& cfg = raw_from_cmdline("krg.node=17");
    assert_string_equal(describe(Key::node, cfg), "krg.node=17 (kernel command line)");
    assert_string_equal(describe(Key::vlan, cfg), "krg.vlan=7 (built-in default)");
}

static void unknown_krg_parameter_is_a_warning_not_an_error(void**) {
    RawConfig cfg;
    load_defaults(cfg);
    Origin o;
    o.source = Source::cmdline;
    StderrCapture cap;
    cap.start();
    auto r = parse_cmdline("krg.bogus=1 krg.node=4", o, cfg);
    const char* err = cap.stop();
    assert_ok(r);
    assert_string_equal(err, "krgnet: warning: unknown parameter krg.bogus (kernel command line) ignored\n");
    assert_value(cfg, Key::node, "4");
}

static void other_parameters_and_wrong_case_are_ignored_silently(void**) {
    RawConfig cfg;
    load_defaults(cfg);
    Origin o;
    o.source = Source::cmdline;
    StderrCapture cap;
    cap.start();
    auto r = parse_cmdline("BOOT_IMAGE=/vmlinuz quiet KRG.NODE=4 krgnode=4 node=4 rd.krg.node=4", o, cfg);
    const char* err = cap.stop();
    assert_ok(r);
    assert_string_equal(err, "");
    assert_false(cfg.has(Key::node));
}

static void nul_byte_in_cmdline_is_rejected(void**) {
    RawConfig cfg;
    Origin o;
    o.source = Source::cmdline;
    assert_config_error(parse_cmdline(std::string_view("krg.node=4\0krg.node=5", 21), o, cfg),
                        "kernel command line: NUL byte in command line");
}

// "krg.netns=" and n letters.
static std::string_view netns_of(size_t n) {
    static char buf[512];
    Writer w(buf, sizeof buf);
    w.put("krg.netns=");
    while (n--) w.put('n');
    return w.view();
}

static void value_longer_than_255_is_rejected_naming_the_key(void**) {
    RawConfig cfg;
    Origin o;
    o.source = Source::cmdline;
    assert_config_error(parse_cmdline(netns_of(256), o, cfg),
                        "krg.netns=nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn (kernel command line): value too long");
    assert_ok(parse_cmdline(netns_of(255), o, cfg));
    assert_int_equal(cfg.value(Key::netns).size(), 255);
}

// A realistic PXE command line padded to exactly n characters, tail at the end.
static const char* long_cmdline(size_t n, const char* tail) {
    static char buf[kMaxCmdline + 64];
    Writer w(buf, sizeof buf);
    w.put("BOOT_IMAGE=/vmlinuz-6.1.0-13-amd64 root=/dev/nfs nfsroot=10.4.7.254:/srv/kerrighed,vers=3 ro");
    size_t tail_len = strlen(tail) + 1;
    for (uint64_t i = 0; w.size() + 8 + tail_len < n; i++) w.put(" opt").put_uint(i % 10).put("=x");
    while (w.size() + tail_len < n) w.put('y');
    w.put(' ').put(tail);
    if (w.size() != n) fail_msg("long_cmdline: %zu characters, not %zu", w.size(), n);
    return buf;
}

static void cmdline_of_4096_characters_is_parsed(void**) {
    const char* line = long_cmdline(4096, "krg.node=3 krg.vlan=12 krg.node=9");
    assert_int_equal(strlen(line), 4096);
    RawConfig& cfg = raw_from_cmdline(line);
    assert_value(cfg, Key::node, "9");
    assert_value(cfg, Key::vlan, "12");
    // ... and end to end through load_config(--cmdline).
    auto p = load_and_derive(sources(line));
    assert_ok(p);
    assert_int_equal(p.value().node, 9);
    assert_int_equal(p.value().vlan, 12);
}

static void kerrighed_node_id_is_the_node_when_krg_node_is_absent(void**) {
    auto p = load_and_derive(sources("root=/dev/nfs node_id=5 session_id=1"));
    assert_ok(p);
    assert_int_equal(p.value().node, 5);
}

static void krg_node_wins_over_node_id_wherever_it_stands(void**) {
    auto before = load_and_derive(sources("krg.node=4 node_id=5"));
    assert_ok(before);
    assert_int_equal(before.value().node, 4);
    auto after = load_and_derive(sources("node_id=5 krg.node=4"));
    assert_ok(after);
    assert_int_equal(after.value().node, 4);
}

static void bad_node_id_is_refused_naming_node_id(void**) {
    auto p = load_and_derive(sources("node_id=300"));
    assert_false(p.ok());
    assert_config_error(p, "node_id=300 (kernel command line): not a node id (1..254)");
}

static void cmdline_option_longer_than_the_kernel_allows_is_rejected(void**) {
    RawConfig cfg;
    assert_config_error(load(sources(long_cmdline(kMaxCmdline, "krg.node=4")), cfg), "--cmdline: longer than the kernel allows");
    assert_ok(load(sources(long_cmdline(kMaxCmdline - 1, "krg.node=4")), cfg));
}

static void cmdline_file_is_read_with_its_newline_and_named_in_messages(void**) {
    const char* path = temp_file("BOOT_IMAGE=/vmlinuz krg.node=4 krg.vlan=0\n");
    SourceOptions opt = sources(nullptr);
    opt.cmdline_file = path;
    RawConfig cfg;
    assert_ok(load(opt, cfg));
    assert_value(cfg, Key::node, "4");
    char want[256];
    snprintf(want, sizeof want, "krg.vlan=0 (%s): not a VLAN id (1..4094)", path);
    assert_config_error(derive(cfg), want);
}

static void cmdline_file_larger_than_the_kernel_allows_is_rejected(void**) {
    SourceOptions opt = sources(nullptr);
    opt.cmdline_file = temp_file(long_cmdline(kMaxCmdline, "krg.node=4"));
    RawConfig cfg;
    char want[256];
    snprintf(want, sizeof want, "read command line %s: larger than 15 KiB", opt.cmdline_file);
    assert_config_error(load(opt, cfg), want);
}

static void cmdline_file_that_just_fits_the_buffer_is_read(void**) {
    SourceOptions opt = sources(nullptr);
    opt.cmdline_file = temp_file(long_cmdline(kMaxCmdline - 1, "krg.node=6"));
    RawConfig cfg;
    assert_ok(load(opt, cfg));
    assert_value(cfg, Key::node, "6");
}

static void missing_cmdline_file_is_a_configuration_error(void**) {
    SourceOptions opt = sources(nullptr);
    opt.cmdline_file = "/nonexistent/krgnet/cmdline";
    RawConfig cfg;
    assert_config_error(load(opt, cfg), "read command line /nonexistent/krgnet/cmdline: No such file or directory");
}

// /etc/cmdline.d/*.conf in name order, then /proc/cmdline: what load_config
// does with CONFIG_CMDLINE_DIR, replayed with the same calls and origins.
static void cmdline_snippets_apply_in_order_and_the_last_wins(void**) {
    RawConfig cfg;
    load_defaults(cfg);
    Origin site;
    site.source = Source::cmdline;
    copy_str(site.file, "/etc/cmdline.d/10-site.conf");
    Origin node = site;
    copy_str(node.file, "/etc/cmdline.d/20-node.conf");
    Origin proc;
    proc.source = Source::cmdline;
    assert_ok(parse_cmdline("krg.vlan=9 krg.prefix=10.4.128.0/18 krg.phys=eth1\n", site, cfg));
    assert_ok(parse_cmdline("krg.vlan=8\n", node, cfg));
    assert_ok(parse_cmdline("BOOT_IMAGE=/vmlinuz krg.node=4 krg.phys=eth2\n", proc, cfg));
    assert_string_equal(describe(Key::vlan, cfg), "krg.vlan=8 (/etc/cmdline.d/20-node.conf)");
    assert_string_equal(describe(Key::prefix, cfg), "krg.prefix=10.4.128.0/18 (/etc/cmdline.d/10-site.conf)");
    assert_string_equal(describe(Key::phys, cfg), "krg.phys=eth2 (kernel command line)");
    auto p = derive(cfg);
    assert_ok(p);
    assert_int_equal(p.value().vlan, 8);
    assert_true(p.value().addr == 0x0a048004u);  // 10.4.128.4
}

static void kernel_quoting_reaches_validation_unquoted(void**) {
    assert_config_error(plan_from("krg.node=4 krg.netns=\"a b\""),
                        "krg.netns=a b (kernel command line): not a namespace name (1..63 of a-z A-Z 0-9 . _ -, not starting with - or .)");
    assert_config_error(plan_from("krg.node=4 \"krg.phys=eth 0\""),
                        "krg.phys=eth 0 (kernel command line): not an interface name (1..15 of a-z A-Z 0-9 . _ -, not starting with - or .)");
    Plan p = must_plan("\"krg.node=4\" krg.phys=\"eth1\"");
    assert_int_equal(p.node, 4);
    assert_string_equal(p.phys, "eth1");
}

static void parameters_after_double_dash_do_not_configure(void**) {
    RawConfig& cfg = raw_from_cmdline("krg.node=4 -- krg.node=5 krg.vlan=9");
    assert_value(cfg, Key::node, "4");
    assert_value(cfg, Key::vlan, "7");
}

int main() {
    const CMUnitTest tests[] = {
        KRG_TEST(blanks_tabs_and_newlines_separate_parameters),
        KRG_TEST(empty_or_blank_cmdline_has_no_parameters),
        KRG_TEST(every_kernel_blank_separates_parameters_including_0xa0),
        KRG_TEST(utf8_no_break_space_splits_after_its_first_byte),
        KRG_TEST(bytes_that_are_not_kernel_blanks_do_not_separate),
        KRG_TEST(nbsp_inside_quotes_is_kept),
        KRG_TEST(equals_sign_as_the_first_character_does_not_start_the_value),
        KRG_TEST(double_dash_ends_parameters_only_when_bare),
        KRG_TEST(quoted_value_keeps_its_blanks_without_quotes),
        KRG_TEST(quoted_whole_parameter_keeps_its_blanks_without_quotes),
        KRG_TEST(quoted_flag_without_value_loses_its_quotes),
        KRG_TEST(quote_inside_a_value_is_kept_as_the_kernel_does),
        KRG_TEST(unterminated_quote_runs_to_the_end),
        KRG_TEST(empty_value_and_value_with_equals_signs),
        KRG_TEST(double_dash_ends_the_kernel_parameters),
        KRG_TEST(callback_error_stops_the_walk_and_is_returned),
        KRG_TEST(repeated_keys_last_occurrence_wins),
        KRG_TEST(every_cmdline_key_reaches_its_slot),
        KRG_TEST(loader_parameters_bootif_and_ip_are_kept),
        KRG_TEST(cmdline_values_are_described_as_kernel_command_line),
        KRG_TEST(unknown_krg_parameter_is_a_warning_not_an_error),
        KRG_TEST(other_parameters_and_wrong_case_are_ignored_silently),
        KRG_TEST(nul_byte_in_cmdline_is_rejected),
        KRG_TEST(value_longer_than_255_is_rejected_naming_the_key),
        KRG_TEST(cmdline_of_4096_characters_is_parsed),
        KRG_TEST(cmdline_option_longer_than_the_kernel_allows_is_rejected),
        KRG_TEST(kerrighed_node_id_is_the_node_when_krg_node_is_absent),
        KRG_TEST(krg_node_wins_over_node_id_wherever_it_stands),
        KRG_TEST(bad_node_id_is_refused_naming_node_id),
        KRG_TEST(cmdline_file_is_read_with_its_newline_and_named_in_messages),
        KRG_TEST(cmdline_file_larger_than_the_kernel_allows_is_rejected),
        KRG_TEST(cmdline_file_that_just_fits_the_buffer_is_read),
        KRG_TEST(missing_cmdline_file_is_a_configuration_error),
        KRG_TEST(cmdline_snippets_apply_in_order_and_the_last_wins),
        KRG_TEST(kernel_quoting_reaches_validation_unquoted),
        KRG_TEST(parameters_after_double_dash_do_not_configure),
    };
    return KRG_RUN_TESTS(tests);
}
