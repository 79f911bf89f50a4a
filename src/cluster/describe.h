// SPDX-License-Identifier: GPL-2.0-or-later
// The cluster IP's nf_tables ruleset in words: the text `nft list ruleset`
// prints for it (`plan --format nft`; the host tier compares the two), and
// what `status` says when the kernel holds something else.
#pragma once

#include "base/text.h"
#include "nl/nft.h"

namespace krg {

// The ruleset as `nft list ruleset` prints it after the install (tabs and
// all; `nft -f` accepts it too): for `plan --format nft`.
void format_cluster_ruleset(Writer& w, const nl::ClusterRules& r);

// Why seen differs from want ("table ip krgnet missing", "buckets 1,5
// instead of 1,5,9"), written to w; false when they agree.
bool cluster_rules_differ(const nl::ClusterRulesSeen& seen, const nl::ClusterRules& want, Writer& w);

}  // namespace krg
