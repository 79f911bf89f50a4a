// SPDX-License-Identifier: GPL-2.0-or-later
// base/text and base/result: number, MAC, IPv4 and prefix parsers, the
// bounded Writer, copy_str, and the one-line error format.
#include "krgtest.h"

#include <cerrno>

#include "base/errno_text.h"

using namespace krg;
using krgtest::str;

// The parsed value, or -1 for "rejected" (never dereferences an empty optional).
static long long u(std::optional<uint64_t> v) { return v.has_value() ? (long long)*v : -1; }
static Mac mac(const char* s) {
    auto m = parse_mac(s);
    if (!m.has_value()) fail_msg("%s did not parse", s);
    return *m;
}

// --- parse_uint -------------------------------------------------------------------
static void uint_decimal_digits_are_accepted_up_to_max(void**) {
    assert_int_equal(u(parse_uint("0", 254)), 0);
    assert_int_equal(u(parse_uint("4", 254)), 4);
    assert_int_equal(u(parse_uint("254", 254)), 254);
    assert_false(parse_uint("255", 254).has_value());
    assert_false(parse_uint("1000", 254).has_value());
}

static void uint_rejects_signs_blanks_suffixes_and_empty(void**) {
    for (const char* bad : {"", "-1", "+1", " 1", "1 ", "4x", "x4", "0x10", "1.0", "1e3", "\t4"})
        assert_false(parse_uint(bad, 1000).has_value());
}

static void uint_20_digit_numbers_do_not_wrap(void**) {
    assert_true(parse_uint("18446744073709551615", UINT64_MAX).has_value());
    assert_true(parse_uint("18446744073709551615", UINT64_MAX).value_or(0) == UINT64_MAX);
    assert_false(parse_uint("18446744073709551616", UINT64_MAX).has_value());
    assert_false(parse_uint("99999999999999999999", UINT64_MAX).has_value());
    assert_false(parse_uint("99999999999999999999", 254).has_value());
    assert_false(parse_uint("18446744073709551620", 254).has_value());
    assert_false(parse_uint("100000000000000000000", UINT64_MAX).has_value());  // 21 digits
}

static void uint_max_below_nine_rejects_larger_single_digits(void**) {
    assert_int_equal(u(parse_uint("5", 5)), 5);
    assert_false(parse_uint("6", 5).has_value());
    assert_false(parse_uint("9", 0).has_value());
    assert_int_equal(u(parse_uint("0", 0)), 0);
    assert_false(parse_uint("1", 0).has_value());
}

// --- parse_mac ----------------------------------------------------------------------
static void mac_with_colons_or_dashes_any_case_is_parsed(void**) {
    Mac want{{0xf0, 0x00, 0x00, 0x00, 0x07, 0xfe}};
    assert_true(mac("f0:00:00:00:07:fe") == want);
    assert_true(mac("F0:00:00:00:07:FE") == want);
    assert_true(mac("f0-00-00-00-07-fe") == want);
}

static void mac_malformed_is_rejected(void**) {
    for (const char* bad : {"", "f0:00:00:00:07", "f0:00:00:00:07:00:01", "f0:00:00:00:07:0g", "f0-00:00:00:07:00",
                            "f0:00:00:00:07-00", "f0.00.00.00.07.00", "f0:0:00:00:07:000", "f000:00:00:07:00:",
                            " f0:00:00:00:07:00", "f0:00:00:00:07:00 ", "zz:zz:zz:zz:zz:zz"})
        assert_false(parse_mac(bad).has_value());
}

static void mac_multicast_bit_is_the_low_bit_of_the_first_byte(void**) {
    assert_true(mac("01:00:5e:00:00:01").multicast());
    assert_true(mac("f1:00:00:00:07:00").multicast());
    assert_false(mac("f0:00:00:00:07:00").multicast());
    assert_false(mac("02:00:00:00:00:01").multicast());
}

// --- parse_ip4 / parse_cidr --------------------------------------------------------------
static void ip4_dotted_quad_is_parsed_in_host_order(void**) {
    assert_true(parse_ip4("10.4.135.4").value_or(1) == 0x0a048704u);
    assert_true(parse_ip4("0.0.0.0").value_or(1) == 0u);
    assert_true(parse_ip4("255.255.255.255").value_or(1) == 0xffffffffu);
}

static void ip4_malformed_is_rejected(void**) {
    for (const char* bad : {"", "10.4.135", "10.4.135.4.1", "10.4.135.4.", ".10.4.135", "10..135.4", "256.0.0.1",
                            "10.4.135.256", "10.4.135.-1", "10.4.135.0004", "10.4.135.4 ", " 10.4.135.4", "a.b.c.d",
                            "10.4.135.4/18", "10,4,135,4"})
        assert_false(parse_ip4(bad).has_value());
}

static void cidr_address_and_length_0_to_32_are_parsed(void**) {
    auto c = parse_cidr("10.4.135.0/18");
    assert_true(c.has_value());
    assert_true(c.value_or(Cidr{}).addr == 0x0a048700u);
    assert_int_equal(c.value_or(Cidr{}).len, 18);
    assert_int_equal(parse_cidr("0.0.0.0/0").value_or(Cidr{0, 99}).len, 0);
    assert_int_equal(parse_cidr("10.4.135.4/32").value_or(Cidr{0, 99}).len, 32);
}

static void cidr_malformed_is_rejected(void**) {
    for (const char* bad : {"10.4.135.0", "10.4.135.0/", "10.4.135.0/33", "10.4.135.0/-1", "10.4.135.0/018",
                            "10.4.135.0/ 18", "10.4.135.0/18 ", "10.4.135/18", "/18", "10.4.135.0/18/1",
                            "10.4.135.0/99999999999999999999"})
        assert_false(parse_cidr(bad).has_value());
}

static void prefix_mask_covers_0_to_32_bits(void**) {
    assert_true(prefix_mask(0) == 0u);
    assert_true(prefix_mask(18) == 0xffffc000u);
    assert_true(prefix_mask(24) == 0xffffff00u);
    assert_true(prefix_mask(32) == 0xffffffffu);
}

// --- Writer / copy_str / trim ------------------------------------------------------------
static void writer_formats_numbers_macs_and_addresses(void**) {
    Text<128> w;
    w.put("n=").put_uint(0).put(' ').put_uint(UINT64_MAX).put(' ').put_int(-42).put(' ').put_int(INT64_MIN);
    w.put(' ').put_mac(Mac{{0xf0, 0, 0, 0, 7, 0xab}}).put(' ').put_ip4(0x0a048704u);
    assert_string_equal(w.c_str(), "n=0 18446744073709551615 -42 -9223372036854775808 f0:00:00:00:07:ab 10.4.135.4");
    assert_false(w.overflow());
}

static void writer_overflow_truncates_and_keeps_the_nul(void**) {
    char buf[6];
    memset(buf, 'x', sizeof buf);
    Writer w(buf, sizeof buf);
    w.put("hello world");
    assert_true(w.overflow());
    assert_int_equal(w.size(), 5);
    assert_string_equal(w.c_str(), "hello");
    w.clear();
    assert_false(w.overflow());
    assert_string_equal(w.c_str(), "");
    w.put("hi");
    assert_string_equal(w.c_str(), "hi");
}

static void writer_with_no_room_never_writes(void**) {
    char one[1] = {'x'};
    Writer w1(one, 1);
    w1.put('a');
    assert_true(w1.overflow());
    assert_int_equal(one[0], '\0');
    Writer w0(nullptr, 0);
    w0.put("abc").put_uint(12345);
    assert_true(w0.overflow());
    assert_string_equal(w0.c_str(), "");
}

static void copy_str_needs_room_for_the_nul(void**) {
    char dst[4];
    assert_true(copy_str(dst, "abc"));
    assert_string_equal(dst, "abc");
    assert_false(copy_str(dst, "abcd"));
    assert_string_equal(dst, "");
    char none[1];
    assert_false(copy_str(none, 0, "a"));
}

static void trim_removes_blanks_and_tabs_only(void**) {
    assert_string_equal(str(trim(" \t eth0 \t")), "eth0");
    assert_string_equal(str(trim("   ")), "");
    assert_string_equal(str(trim("\neth0\n")), "\neth0\n");
    assert_true(starts_with("krg.node=4", "krg."));
    assert_false(starts_with("krg", "krg."));
}

// --- Error / Result -------------------------------------------------------------------------
static void error_message_is_step_object_and_detail(void**) {
    char buf[256];
    Error e = Error::system(EOPNOTSUPP, "create", "krg0 (vlan 7 on eth0)");
    format_error(e.hint("is the 8021q module loaded?"), buf, sizeof buf);
    assert_string_equal(buf, "create krg0 (vlan 7 on eth0): Not supported (is the 8021q module loaded?)");
    format_error(Error::config("krg.vlan=0 (kernel command line)", "not a VLAN id (1..4094)"), buf, sizeof buf);
    assert_string_equal(buf, "krg.vlan=0 (kernel command line): not a VLAN id (1..4094)");
    format_error(Error::system(ENOENT, "read configuration", "/x"), buf, sizeof buf);
    assert_string_equal(buf, "read configuration /x: No such file or directory");
    format_error(Error::make(Exit::system, 0, nullptr, nullptr, nullptr), buf, sizeof buf);
    assert_string_equal(buf, ": failed");
}

static void error_overlong_object_is_truncated_not_overrun(void**) {
    char big[1000];
    memset(big, 'o', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    Error e = Error::config(big, big);
    assert_int_equal(strlen(e.object), kErrObject - 1);
    assert_int_equal(strlen(e.detail), kErrDetail - 1);
    char small[16];
    assert_int_equal(format_error(e, small, sizeof small), 15);
    assert_int_equal(strlen(small), 15);
}

static Result<int> half(int v) {
    if (v % 2) return Error::config("half", "odd");
    return v / 2;
}
static Result<int> quarter(int v) {
    int h = TRY(half(v));
    return half(h);
}

static void try_propagates_the_first_error(void**) {
    assert_int_equal(quarter(8).value(), 2);
    auto r = quarter(6);
    assert_false(r.ok());
    assert_int_equal(int(r.error().exit), int(Exit::config));
    assert_string_equal(krgtest::message(r.error()), "half: odd");
}

// The packed table: first, middle and last entries, and what it lacks.
static void errno_text_has_the_common_codes_and_numbers_the_rest(void**) {
    assert_string_equal(errno_text(EPERM), "Operation not permitted");
    assert_string_equal(errno_text(ENOENT), "No such file or directory");
    assert_string_equal(errno_text(EAFNOSUPPORT), "Address family not supported by protocol");
    assert_string_equal(errno_text(ETIMEDOUT), "Operation timed out");
    assert_string_equal(errno_text(EXDEV), "error 18");
    assert_string_equal(errno_text(0), "error 0");
    assert_string_equal(errno_text(-5), "error -5");
    assert_string_equal(errno_text(1000), "error 1000");
}

// Success carries no Error (a union); a copied or assigned failure keeps it.
static void result_void_copies_and_assigns_its_error(void**) {
    Result<void> ok;
    Result<void> bad = Error::system(EIO, "read", "x", "broken");
    Result<void> copy = bad;
    assert_false(copy.ok());
    assert_string_equal(copy.error().detail, "broken");
    ok = bad;
    assert_false(ok.ok());
    assert_int_equal(ok.error().code, EIO);
    Result<void> fine;
    ok = fine;
    assert_true(ok.ok());
}

// The one line rule: LF or CRLF ends a line; a lone CR inside stays (the
// parsers refuse it); the last line needs no ending.
static void next_line_splits_lf_and_crlf(void**) {
    std::string_view text("a=1\r\nb=2\n\r\nc\rd\ne", 16);
    const char* want[] = {"a=1", "b=2", "", "c\rd", "e"};
    for (const char* w : want) assert_true(next_line(text) == std::string_view(w));
    assert_true(text.empty());
}

int main() {
    const CMUnitTest tests[] = {
        KRG_TEST(next_line_splits_lf_and_crlf),
        KRG_TEST(uint_decimal_digits_are_accepted_up_to_max),
        KRG_TEST(uint_rejects_signs_blanks_suffixes_and_empty),
        KRG_TEST(uint_20_digit_numbers_do_not_wrap),
        KRG_TEST(uint_max_below_nine_rejects_larger_single_digits),
        KRG_TEST(mac_with_colons_or_dashes_any_case_is_parsed),
        KRG_TEST(mac_malformed_is_rejected),
        KRG_TEST(mac_multicast_bit_is_the_low_bit_of_the_first_byte),
        KRG_TEST(ip4_dotted_quad_is_parsed_in_host_order),
        KRG_TEST(ip4_malformed_is_rejected),
        KRG_TEST(cidr_address_and_length_0_to_32_are_parsed),
        KRG_TEST(cidr_malformed_is_rejected),
        KRG_TEST(prefix_mask_covers_0_to_32_bits),
        KRG_TEST(writer_formats_numbers_macs_and_addresses),
        KRG_TEST(writer_overflow_truncates_and_keeps_the_nul),
        KRG_TEST(writer_with_no_room_never_writes),
        KRG_TEST(copy_str_needs_room_for_the_nul),
        KRG_TEST(trim_removes_blanks_and_tabs_only),
        KRG_TEST(error_message_is_step_object_and_detail),
        KRG_TEST(error_overlong_object_is_truncated_not_overrun),
        KRG_TEST(try_propagates_the_first_error),
        KRG_TEST(errno_text_has_the_common_codes_and_numbers_the_rest),
        KRG_TEST(result_void_copies_and_assigns_its_error),
    };
    return KRG_RUN_TESTS(tests);
}
