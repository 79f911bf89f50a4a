// SPDX-License-Identifier: GPL-2.0-or-later
// Limits that several layers share, spelled once.
#pragma once

#include <cstddef>

namespace krg {

// IFNAMSIZ: an interface name with its NUL (15 characters at most).
inline constexpr size_t kIfNameSize = 16;

// The cluster IP's hash buckets: CLUSTERIP's --total-nodes 16, the nf_tables
// rule's `mod 16 offset 1`; bucket b is 1..16 and bit b-1 of a uint16_t mask.
inline constexpr int kBuckets = 16;

// A namespace's identity as krgnet records it: "device:inode" of its nsfs
// file (two 64-bit numbers in decimal, the colon and the NUL fit).
inline constexpr size_t kNetnsIdSize = 48;

}  // namespace krg
