// SPDX-License-Identifier: GPL-2.0-or-later
#include "cluster/buckets.h"

namespace krg {

uint16_t buckets_of(const NodeSet& declared, int node) {
    if (node < 1 || node > kBuckets || !declared.has(node)) return 0;
    int ids[kBuckets];
    int d = 0;
    for (int n = 1; n <= kBuckets; n++)
        if (declared.has(n)) ids[d++] = n;
    uint16_t mine = uint16_t(1u << (node - 1));
    int k = 0;  // index among the undeclared buckets
    for (int b = 1; b <= kBuckets; b++) {
        if (declared.has(b)) continue;
        if (ids[k % d] == node) mine = uint16_t(mine | 1u << (b - 1));
        k++;
    }
    return mine;
}

uint16_t buckets_live(const NodeSet& declared, const NodeSet& live, int node) {
    uint16_t mine = buckets_of(declared, node);
    if (!mine || !live.has(node)) return 0;
    int ids[kBuckets];
    int l = 0;
    uint16_t orphans = 0;
    for (int n = 1; n <= kBuckets; n++) {
        if (!declared.has(n)) continue;
        if (live.has(n)) ids[l++] = n;
        else orphans = uint16_t(orphans | buckets_of(declared, n));
    }
    int k = 0;  // index among the orphaned buckets
    for (int b = 1; b <= kBuckets; b++) {
        if (!(orphans >> (b - 1) & 1)) continue;
        if (ids[k % l] == node) mine = uint16_t(mine | 1u << (b - 1));
        k++;
    }
    return mine;
}

void format_buckets(Writer& w, uint16_t buckets) {
    bool first = true;
    for (int b = 1; b <= kBuckets; b++) {
        if (!(buckets >> (b - 1) & 1)) continue;
        if (!first) w.put(',');
        first = false;
        w.put_uint(uint64_t(b));
    }
}

}  // namespace krg
