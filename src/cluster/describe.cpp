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

// The first difference between the tables the kernel holds and those the
// batch for `want` makes: a table missing, a foreign chain or rule, a
// chain's hook or policy or any rule's content changed (the cluster IP, the
// hash, the cluster MAC...), else the buckets.
bool cluster_rules_differ(const nl::ClusterRulesSeen& seen, const nl::ClusterRules& want, Writer& w) {
    nl::ClusterRulesSeen plan = nl::cluster_rules_planned(want);
    for (int i : {nl::kIpTable, nl::kArpTable}) {
        const nl::NftTableSeen &t = seen.table[i], &p = plan.table[i];
        if (t == p) continue;
        w.put(i == nl::kIpTable ? "table ip krgnet" : "table arp krgnet");
        if (!t.present) return w.put(" missing"), true;
        w.put(": ").put_uint(t.chains).put(" chains, ").put_uint(t.rules).put(" rules instead of ");
        w.put_uint(p.chains).put(", ").put_uint(p.rules);
        if (t.chains == p.chains && t.rules == p.rules) w.put(" (a chain or rule differs)");
        return true;
    }
    if (seen.buckets == want.buckets) return false;
    w.put("buckets ");
    format_buckets(w, seen.buckets);
    w.put(" instead of ");
    format_buckets(w, want.buckets);
    return true;
}

}  // namespace krg
