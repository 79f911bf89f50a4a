// SPDX-License-Identifier: GPL-2.0-or-later
// The cluster IP's nf_tables ruleset over nfnetlink (DESIGN.md, Cluster IP),
// byte for byte what nft 1.0.6 sends for (tests/golden/nl/README.md), but
// for one `byteorder` step before the hash that makes it CLUSTERIP's:
//
//   table ip krgnet {
//     chain prerouting {
//       type filter hook prerouting priority mangle; policy accept;
//       iifname "krg0" ip daddr CIP jhash ip saddr mod 16 seed 0x0 offset 1
//           { <this node's buckets> } meta pkttype set host accept
//       iifname "krg0" ip daddr CIP ct state related meta pkttype set host accept
//       iif != "lo" ip daddr CIP drop
//     }
//   }
//   table arp krgnet {
//     chain output {
//       type filter hook output priority filter; policy accept;
//       arp saddr ip CIP arp saddr ether set CMAC
//     }
//   }
//
// Installing is one BEGIN..END batch that, per family, adds the table (a
// no-op when it exists), deletes it, and creates it again with its content:
// nft's `add table; delete table; table {...}` idiom.  The kernel applies
// the batch as one transaction, so a node never runs with a half ruleset,
// and whatever an earlier run (or an operator) left in our tables is gone.
// Removing is the same without the last step, so it succeeds whether the
// tables exist or not.
//
//   ClusterRules r{.ifname = "krg0", .cip = cip, .cmac = cmac, .buckets = buckets_of(nodes, id)};
//   TRY(cluster_rules_install(s, r));            // s: NETLINK_NETFILTER in the namespace
//   ClusterRulesSeen seen = TRY(cluster_rules_query(s));
#pragma once

#include <cstdint>

#include "base/limits.h"
#include "base/result.h"
#include "base/text.h"
#include "nl/msg.h"
#include "nl/socket.h"

namespace krg::nl {

inline constexpr char kNftTable[] = "krgnet";
inline constexpr uint8_t kNfprotoUnspec = 0;  // NFPROTO_UNSPEC: every family
inline constexpr uint8_t kNfprotoIpv4 = 2;  // NFPROTO_IPV4
inline constexpr uint8_t kNfprotoArp = 3;   // NFPROTO_ARP
inline constexpr size_t kClusterBatchSize = 3072;  // the batch is 2336 bytes, 2528 with 16 buckets

struct ClusterRules {
    const char* ifname = "krg0";  // matched by name: survives krg0 being recreated
    Ip4 cip = 0;
    Mac cmac{};
    uint16_t buckets = 0;          // bit b-1 for bucket b (cluster/buckets.h)
};

// The jhash seed: 0, CLUSTERIP's hash_initval when --hash-init is not
// given, so that nodes of either backend put every source in one bucket.
inline constexpr uint32_t kClusterSeed = 0;

// --- pure builders -----------------------------------------------------------
void build_cluster_install(NlBuf& b, const ClusterRules& r);
void build_cluster_remove(NlBuf& b);
// The requests of the query, as `nft list table ip krgnet` sends them: the
// GETCHAIN dump of every table's chains, the GETRULE dump of table krgnet
// of a family, the GETSETELEM dump of the ip table's set `set` ("__set0").
void build_dump_chains(NlBuf& b);
void build_dump_rules(NlBuf& b, uint8_t family);
void build_dump_set_elems(NlBuf& b, const char* set);

// --- operations (s: a NETLINK_NETFILTER socket) ------------------------------
// Errors: step "install cluster IP rules" / "remove cluster IP rules".
Result<void> cluster_rules_install(Socket& s, const ClusterRules& r);
Result<void> cluster_rules_remove(Socket& s);

// One of our two tables as the kernel holds it (or as the batch makes it).
struct NftTableSeen {
    bool present = false;      // it has a chain
    uint8_t chains = 0, rules = 0;
    uint32_t chain_sig = 0;  // fingerprints (nft_query.cpp): name, type,
    uint32_t rule_sig = 0;   // hook and policy of each chain; each rule
    bool operator==(const NftTableSeen&) const = default;
};
inline constexpr int kIpTable = 0, kArpTable = 1;

// What the kernel holds in our tables, read back for `status`.
struct ClusterRulesSeen {
    NftTableSeen table[2];     // ip krgnet, arp krgnet
    uint16_t buckets = 0;      // the elements of the set a rule looks up
};
// Reads both tables: chains, rules and the bucket set.
Result<ClusterRulesSeen> cluster_rules_query(Socket& s);
// The same read from the batch build_cluster_install would send (pure):
// what the query must find.
ClusterRulesSeen cluster_rules_planned(const ClusterRules& r);
// The reply parsers of the query, for recorded bytes: a NEWRULE (counts and
// fingerprints it; the name of the set it looks up is copied into set) or a
// NEWCHAIN, and a NEWSETELEM (adds its elements to seen->buckets).
Result<void> parse_rules_reply(const nlmsghdr* h, ClusterRulesSeen* seen, char* set, size_t cap);
Result<void> parse_elems_reply(const nlmsghdr* h, ClusterRulesSeen* seen);

}  // namespace krg::nl
