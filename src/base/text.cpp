// SPDX-License-Identifier: GPL-2.0-or-later
#include "base/text.h"

#include <cstring>

namespace krg {

Writer& Writer::put(std::string_view s) {
    for (char c : s) put(c);
    return *this;
}

Writer& Writer::put(const char* s) {
    while (*s) put(*s++);
    return *this;
}

Writer& Writer::put(char c) {
    if (len_ + 1 >= cap_) {
        overflow_ = true;
        return *this;
    }
    buf_[len_++] = c;
    buf_[len_] = '\0';
    return *this;
}

Writer& Writer::put_uint(uint64_t v) {
    char digits[20];
    size_t n = 0;
    do {
        digits[n++] = char('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) put(digits[--n]);
    return *this;
}

Writer& Writer::put_int(int64_t v) {
    if (v < 0) {
        put('-');
        return put_uint(uint64_t(0) - uint64_t(v));
    }
    return put_uint(uint64_t(v));
}

Writer& Writer::put_mac(const Mac& m) {
    static constexpr char hex[] = "0123456789abcdef";
    for (int i = 0; i < 6; i++) {
        if (i) put(':');
        put(hex[m.b[i] >> 4]).put(hex[m.b[i] & 15]);
    }
    return *this;
}

Writer& Writer::put_ip4(Ip4 a) {
    return put_uint(a >> 24).put('.').put_uint((a >> 16) & 255).put('.').put_uint((a >> 8) & 255).put('.').put_uint(a & 255);
}

Writer& Writer::put_cidr(Ip4 a, uint8_t len) { return put_ip4(a).put('/').put_uint(len); }

bool copy_str(char* dst, size_t cap, std::string_view s) {
    if (cap == 0) return false;
    if (s.size() >= cap) {
        dst[0] = '\0';
        return false;
    }
    if (!s.empty()) memcpy(dst, s.data(), s.size());  // an empty view may have a null data()
    dst[s.size()] = '\0';
    return true;
}

std::optional<uint64_t> parse_uint(std::string_view s, uint64_t max) {
    if (s.empty() || s.size() > 20) return std::nullopt;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        uint64_t d = uint64_t(c - '0');
        if (d > max || v > (max - d) / 10) return std::nullopt;  // d > max: max - d would wrap
        v = v * 10 + d;
    }
    return v;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<Mac> parse_mac(std::string_view s) {
    // Exactly "xx:xx:xx:xx:xx:xx" (17 characters), ':' or '-' throughout.
    if (s.size() != 17) return std::nullopt;
    char sep = s[2];
    if (sep != ':' && sep != '-') return std::nullopt;
    Mac m{};
    for (int i = 0; i < 6; i++) {
        int hi = hex_value(s[i * 3]), lo = hex_value(s[i * 3 + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        if (i < 5 && s[i * 3 + 2] != sep) return std::nullopt;
        m.b[i] = uint8_t(hi << 4 | lo);
    }
    return m;
}

std::optional<Ip4> parse_ip4(std::string_view s) {
    Ip4 a = 0;
    for (int part = 0; part < 4; part++) {
        size_t end = s.find('.');
        if (part == 3) {
            if (end != std::string_view::npos) return std::nullopt;
            end = s.size();
        } else if (end == std::string_view::npos) {
            return std::nullopt;
        }
        std::string_view digits = s.substr(0, end);
        if (digits.size() > 3) return std::nullopt;
        auto v = parse_uint(digits, 255);
        if (!v.has_value()) return std::nullopt;
        a = a << 8 | Ip4(*v);
        s.remove_prefix(part == 3 ? end : end + 1);
    }
    return a;
}

std::optional<Cidr> parse_cidr(std::string_view s) {
    size_t slash = s.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto addr = parse_ip4(s.substr(0, slash));
    auto len = parse_uint(s.substr(slash + 1), 32);
    if (!addr.has_value() || !len.has_value() || s.size() - slash - 1 > 2) return std::nullopt;
    return Cidr{*addr, uint8_t(*len)};
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string_view next_line(std::string_view& text) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

}  // namespace krg
