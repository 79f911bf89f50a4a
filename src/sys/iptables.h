// SPDX-License-Identifier: GPL-2.0-or-later
// The legacy CLUSTERIP backend through the ip_tables socket options, no
// iptables binary: the historic rule
//
//   iptables -I INPUT -i krg0 -d CIP -j CLUSTERIP --new --hashmode sourceip
//            --clustermac CMAC --total-nodes 16 --local-node ID
//
// as one IPT_SO_SET_REPLACE of the container namespace's filter table, byte
// for byte what iptables-legacy writes for it (tests/golden/nl/README.md),
// then the node's bucket set reconciled with "+b"/"-b" lines in
// /proc/net/ipt_CLUSTERIP/CIP.
//
// krgnet owns that filter table: the namespace is the container's own, new
// at boot, so the table is written whole (the three ACCEPT chains and this
// rule) rather than merged with rules someone else added; removal writes the
// empty table back.  The kernel only needs to know how many entries the
// table it replaces had (IPT_SO_GET_INFO), and copies their counters out.
//
// CLUSTERIP hashes with jhash_1word(ntohl(saddr), 0), and so does the
// nf_tables rule (nl/nft.h): nodes of either backend agree on every flow.
//
//   int sock = TRY(socket_in(netns_fd, AF_INET, SOCK_RAW, IPPROTO_RAW));
//   if (TRY(clusterip_available(sock))) TRY(clusterip_install(sock, netns_fd, t));
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "base/result.h"
#include "base/text.h"

namespace krg {

struct ClusteripTarget {
    const char* ifname = "krg0";
    Ip4 cip = 0;
    Mac cmac{};
    int node = 0;            // --local-node: the node's own bucket
    uint16_t buckets = 0;    // every bucket it serves (cluster/buckets.h), own included
};

inline constexpr size_t kIptBlobSize = 1024;  // the table with the rule: 936 bytes

// The IPT_SO_SET_REPLACE argument into buf: the filter table with the rule
// (t != nullptr) or without it; old_entries and counters as the kernel wants
// them (counters: room for old_entries struct xt_counters).  Returns its
// size, 0 when it does not fit.
size_t build_filter_replace(uint8_t* buf, size_t cap, const ClusteripTarget* t, uint32_t old_entries, void* counters);

// Whether the kernel offers the CLUSTERIP target, revision 0
// (IPT_SO_GET_REVISION_TARGET, which loads the module when it can).
Result<bool> clusterip_available(int sock);
// The rule, then the bucket set reconciled (below).  netns_fd: the
// namespace of sock, for its /proc/net/ipt_CLUSTERIP (-1: this one).
Result<void> clusterip_install(int sock, int netns_fd, const ClusteripTarget& t);
// The kernel's bucket set for t.cip made t.buckets: "-b" for each bucket it
// serves but should not, "+b" for each it misses (a bucket already set or
// cleared cannot be written again); true when it wrote any.
Result<bool> clusterip_reconcile(int netns_fd, const ClusteripTarget& t);
// The empty filter table again (the kernel forgets the cluster IP's state
// with its last rule).
Result<void> clusterip_remove(int sock);
// Whether the filter table holds the rule for t (GET_ENTRIES).
Result<bool> clusterip_present(int sock, const ClusteripTarget& t);
// The buckets the kernel serves for cip: /proc/net/ipt_CLUSTERIP/<CIP> of
// the namespace netns_fd (-1: this one) lists them as "1,5,9,13\n" (the
// kernel's clusterip_seq_show); ENOENT when there is no rule for cip.
Result<uint16_t> clusterip_buckets(int netns_fd, Ip4 cip);
// That file's text as a bucket mask; nullopt when it is not such a list.
std::optional<uint16_t> parse_clusterip_buckets(std::string_view text);

}  // namespace krg
