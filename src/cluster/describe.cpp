// SPDX-License-Identifier: GPL-2.0-or-later
#include "cluster/describe.h"

#include "cluster/buckets.h"

namespace krg {

void format_cluster_ruleset(Writer& w, const nl::ClusterRules& r) {
    w.put("table ip krgnet {\n\tchain prerouting {\n"
          "\t\ttype filter hook prerouting priority mangle; policy accept;\n\t\tiifname \"")
        .put(r.ifname).put("\" ip daddr ").put_ip4(r.cip)
        .put(" jhash ip saddr mod 16 seed 0x0 offset 1 { ");
    bool first = true;
    for (int b = 1; b <= kBuckets; b++) {
        if (!(r.buckets >> (b - 1) & 1)) continue;
        if (!first) w.put(", ");
        first = false;
        w.put_uint(uint64_t(b));
    }
    w.put(" } meta pkttype set host accept\n\t\tiifname \"").put(r.ifname).put("\" ip daddr ").put_ip4(r.cip)
        .put(" ct state related meta pkttype set host accept\n\t\tiif != \"lo\" ip daddr ").put_ip4(r.cip)
        .put(" drop\n\t}\n}\ntable arp krgnet {\n\tchain output {\n"
             "\t\ttype filter hook output priority filter; policy accept;\n\t\tarp saddr ip ")
        .put_ip4(r.cip).put(" arp saddr ether set ").put_mac(r.cmac).put("\n\t}\n}\n");
}

bool cluster_rules_differ(const nl::ClusterRulesSeen& seen, const nl::ClusterRules& want, Writer& w) {
    if (!seen.ip_table) w.put("table ip krgnet missing");
    else if (!seen.arp_table) w.put("table arp krgnet missing");
    else if (!seen.filter_rule || seen.rules != 3) w.put("table ip krgnet holds other rules");
    else if (seen.cip != want.cip) w.put("rules for ").put_ip4(seen.cip).put(" instead of ").put_ip4(want.cip);
    else if (seen.seed != nl::kClusterSeed || !seen.host_order) w.put("hash differs from CLUSTERIP's");
    else if (seen.buckets != want.buckets) {
        w.put("buckets ");
        format_buckets(w, seen.buckets);
        w.put(" instead of ");
        format_buckets(w, want.buckets);
    } else return false;
    return true;
}

}  // namespace krg
