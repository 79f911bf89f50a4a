// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers for the netlink unit tests: golden bytes (the .hex files beside
// this header) in aligned storage, seq/pid normalisation, and a byte-for-byte
// comparison that prints both sides on mismatch.  Include after <cmocka.h>.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "nl/attr.h"
#include "nl/msg.h"

namespace golden {

// Golden (or hand-made) bytes copied into 8-aligned, writable storage.
struct Bytes {
    alignas(8) uint8_t b[8192];
    size_t len = 0;
    Bytes() = default;
    template <size_t N>
    explicit Bytes(const uint8_t (&src)[N]) { static_assert(N <= sizeof b); memcpy(b, src, N); len = N; }
    Bytes(const void* src, size_t n) { assert_true(n <= sizeof b); memcpy(b, src, n); len = n; }
    nlmsghdr* msg(int index = 0) {
        krg::nl::Msgs it(b, len);
        const nlmsghdr* h = it.next();
        for (int i = 0; h && i < index; i++) h = it.next();
        assert_non_null(h);
        return const_cast<nlmsghdr*>(h);
    }
};

// Zeroes nlmsg_seq and nlmsg_pid of every message.
inline void normalise(uint8_t* p, size_t len) {
    for (krg::nl::Msgs it(p, len); const nlmsghdr* h = it.next();) {
        auto* w = const_cast<nlmsghdr*>(h);
        w->nlmsg_seq = 0;
        w->nlmsg_pid = 0;
    }
}

inline void dump(const char* label, const uint8_t* p, size_t len) {
    fprintf(stderr, "%s (%zu bytes):", label, len);
    for (size_t i = 0; i < len; i++) fprintf(stderr, "%s%02x", i % 16 ? " " : "\n  ", p[i]);
    fprintf(stderr, "\n");
}

// Compares built bytes with the expected ones after normalising both.
inline void expect_same(const uint8_t* got_p, size_t got_len, Bytes& want) {
    Bytes got(got_p, got_len);
    normalise(got.b, got.len);
    normalise(want.b, want.len);
    if (got.len == want.len && memcmp(got.b, want.b, got.len) == 0) return;
    size_t i = 0;
    while (i < got.len && i < want.len && got.b[i] == want.b[i]) i++;
    fprintf(stderr, "netlink bytes differ at offset %zu\n", i);
    dump("built", got.b, got.len);
    dump("expected", want.b, want.len);
    fail();
}

inline void expect_same(const krg::nl::NlBuf& built, Bytes& want) { expect_same(built.data(), built.size(), want); }

// The first attribute of type (after a family header of size extra) of h.
inline nlattr* find_attr(nlmsghdr* h, size_t extra, uint16_t type) {
    const nlattr* tb[64];
    assert_true(type < 64);
    assert_true(krg::nl::parse_attrs(h, extra, tb, 63));
    assert_non_null(tb[type]);
    return const_cast<nlattr*>(tb[type]);
}

}  // namespace golden
