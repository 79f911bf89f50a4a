// SPDX-License-Identifier: GPL-2.0-or-later
// Fixed-size text helpers: no heap, every write bounds-checked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace krg {

struct Mac {
    uint8_t b[6];
    bool operator==(const Mac&) const = default;
    bool multicast() const { return b[0] & 1; }
};

// IPv4 address in host byte order.
using Ip4 = uint32_t;

// Output into a caller-owned buffer; remembers whether it overflowed and
// always keeps the text NUL-terminated.
class Writer {
public:
    Writer(char* buf, size_t cap) : buf_(buf), cap_(cap) { if (cap_) buf_[0] = '\0'; }
    Writer& put(std::string_view s);
    Writer& put(const char* s);  // out of line: smaller call sites than a string_view
    Writer& put(char c);
    Writer& put_uint(uint64_t v);
    Writer& put_int(int64_t v);
    Writer& put_mac(const Mac& m);
    Writer& put_ip4(Ip4 a);
    Writer& put_cidr(Ip4 a, uint8_t len);  // a.b.c.d/len
    const char* c_str() const { return cap_ ? buf_ : ""; }
    std::string_view view() const { return {buf_, len_}; }
    size_t size() const { return len_; }
    bool overflow() const { return overflow_; }
    void clear() { len_ = 0; overflow_ = false; if (cap_) buf_[0] = '\0'; }

private:
    char* buf_;
    size_t cap_;
    size_t len_ = 0;
    bool overflow_ = false;
};

// A Writer that owns its storage.
template <size_t N>
struct Text : Writer {
    char storage[N];
    Text() : Writer(storage, N) {}
    Text(const Text&) = delete;
};

// Copies s into a fixed array with a terminating NUL; false if it does not fit.
bool copy_str(char* dst, size_t cap, std::string_view s);
template <size_t N>
bool copy_str(char (&dst)[N], std::string_view s) { return copy_str(dst, N, s); }

// Decimal digits only (no sign, no spaces, no leading '+'), value <= max.
std::optional<uint64_t> parse_uint(std::string_view s, uint64_t max);
// aa:bb:cc:dd:ee:ff (also with '-' separators), hex case-insensitive.
std::optional<Mac> parse_mac(std::string_view s);
// Dotted quad, each part 0..255, exactly four parts.
std::optional<Ip4> parse_ip4(std::string_view s);

struct Cidr {
    Ip4 addr;
    uint8_t len;
};
// a.b.c.d/len with len 0..32.
std::optional<Cidr> parse_cidr(std::string_view s);

inline Ip4 prefix_mask(uint8_t len) { return len == 0 ? 0 : ~Ip4{0} << (32 - len); }

bool starts_with(std::string_view s, std::string_view prefix);
std::string_view trim(std::string_view s);
// The one line rule of every file krgnet reads (net.conf, leases,
// cmdline.d, --macs): lines end in LF or CRLF (the CR is dropped here), and
// a UTF-8 byte-order mark that opens the file is dropped by
// read_config_file().  Removes the line and its ending from text.
std::string_view next_line(std::string_view& text);

}  // namespace krg
