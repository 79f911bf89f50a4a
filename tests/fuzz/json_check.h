// SPDX-License-Identifier: GPL-2.0-or-later
// A strict JSON reader (RFC 8259) for the fuzzers: every JSON document
// krgnet renders must parse here, and its strings must be valid UTF-8
// (RFC 3629: shortest forms, no surrogates, at most U+10FFFF).  Written
// apart from config/render.cpp on purpose, so the writer is not checked
// against itself.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

namespace fuzz {

class JsonReader {
public:
    explicit JsonReader(std::string_view s) : s_(s) {}

    // One value, surrounded by blanks only.
    bool document() { return value() && (blanks(), i_ == s_.size()); }

private:
    static constexpr int kMaxDepth = 64;
    std::string_view s_;
    size_t i_ = 0;
    int depth_ = 0;

    bool more() const { return i_ < s_.size(); }
    unsigned char peek() const { return static_cast<unsigned char>(s_[i_]); }
    bool eat(char c) {
        if (!more() || s_[i_] != c) return false;
        i_++;
        return true;
    }
    bool word(std::string_view w) {
        if (s_.substr(i_, w.size()) != w) return false;
        i_ += w.size();
        return true;
    }
    void blanks() {
        while (more() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) i_++;
    }
    bool digits() {
        size_t start = i_;
        while (more() && peek() >= '0' && peek() <= '9') i_++;
        return i_ > start;
    }
    bool number() {
        eat('-');
        if (!eat('0') && !(more() && peek() >= '1' && peek() <= '9' && digits())) return false;
        if (eat('.') && !digits()) return false;
        if (more() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            i_++;
            if (!eat('+')) eat('-');
            if (!digits()) return false;
        }
        return true;
    }
    // \uXXXX after the backslash and u: its code unit, or -1.
    long hex4() {
        if (i_ + 4 > s_.size()) return -1;
        long v = 0;
        for (int k = 0; k < 4; k++) {
            char c = s_[i_++];
            int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    }
    // One UTF-8 encoded character of at least two bytes.
    bool utf8() {
        unsigned char b = peek();
        int n = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
        if (!n || i_ + size_t(n) > s_.size()) return false;
        unsigned long cp = b & (0x7f >> n);
        for (int k = 1; k < n; k++) {
            unsigned char c = static_cast<unsigned char>(s_[i_ + size_t(k)]);
            if ((c & 0xc0) != 0x80) return false;
            cp = cp << 6 | (c & 0x3f);
        }
        static constexpr unsigned long kMin[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
        i_ += size_t(n);
        return true;
    }
    bool string() {
        if (!eat('"')) return false;
        while (more()) {
            unsigned char c = peek();
            if (c == '"') return ++i_, true;
            if (c < 0x20) return false;
            if (c >= 0x80) {
                if (!utf8()) return false;
                continue;
            }
            i_++;
            if (c != '\\') continue;
            if (!more()) return false;
            char e = s_[i_++];
            if (e != 'u') {
                if (!std::strchr("\"\\/bfnrt", e) || e == '\0') return false;
                continue;
            }
            long u = hex4();
            if (u < 0 || (u >= 0xdc00 && u <= 0xdfff)) return false;  // a lone low surrogate
            if (u >= 0xd800 && u <= 0xdbff) {                      // must be followed by its low half
                if (!word("\\u")) return false;
                long low = hex4();
                if (low < 0xdc00 || low > 0xdfff) return false;
            }
        }
        return false;
    }
    template <typename Member>
    bool sequence(char close, Member member) {
        blanks();
        if (eat(close)) return true;
        do {
            if (!member()) return false;
        } while (eat(','));
        return eat(close);
    }
    bool value() {
        if (++depth_ > kMaxDepth) return false;
        blanks();
        if (!more()) return false;
        bool ok;
        switch (s_[i_]) {
        case '{':
            i_++;
            ok = sequence('}', [this] { return (blanks(), string()) && (blanks(), eat(':')) && value(); });
            break;
        case '[':
            i_++;
            ok = sequence(']', [this] { return value(); });
            break;
        case '"': ok = string(); break;
        case 't': ok = word("true"); break;
        case 'f': ok = word("false"); break;
        case 'n': ok = word("null"); break;
        default: ok = number(); break;
        }
        depth_--;
        blanks();
        return ok;
    }
};

inline bool valid_json(std::string_view s) { return JsonReader(s).document(); }

}  // namespace fuzz
