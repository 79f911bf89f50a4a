// SPDX-License-Identifier: GPL-2.0-or-later
// Node ids and node sets: "1-16", "1-4,9", "3" (ids 1..254, ranges low-high,
// comma-separated).  Every node of a cluster reads the same declared set.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.h"
#include "base/text.h"

namespace krg {

inline constexpr int kMinNode = 1;
inline constexpr int kMaxNode = 254;
inline constexpr int kServerNode = 254;  // the boot server, by convention

// Node ids 0..255 as a bit set.
struct NodeSet {
    uint64_t bits[4] = {};
    void add(int n) { bits[n >> 6] |= uint64_t(1) << (n & 63); }
    bool has(int n) const { return n >= 0 && n < 256 && (bits[n >> 6] >> (n & 63) & 1); }
    int count() const;
    bool operator==(const NodeSet&) const = default;
};

// "1-4,9": ranges and single ids in 1..254, ascending or not, no blanks.
Result<NodeSet> parse_nodeset(std::string_view text, const char** why);
// Canonical form: "1-4,9".
void format_nodeset(Writer& w, const NodeSet& set);

}  // namespace krg
