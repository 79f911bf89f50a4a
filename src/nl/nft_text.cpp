// The cluster-IP ruleset as text, exactly as `nft list ruleset` prints it
// once cluster_rules_install has run: for `plan --format nft`, and so that
// the host tier can compare the kernel's listing with it line for line.
#include "cluster/buckets.h"
#include "nl/nft.h"

namespace krg::nl {

void format_cluster_ruleset(Writer& w, const ClusterRules& r) {
    static constexpr char hex[] = "0123456789abcdef";
    char seed[9];
    int n = 0;
    uint32_t s = cluster_seed(r.cip);
    for (int shift = 28; shift >= 0; shift -= 4)
        if (n || (s >> shift & 15) || shift == 0) seed[n++] = hex[s >> shift & 15];
    seed[n] = '\0';
    w.put("table ip krgnet {\n\tchain prerouting {\n"
          "\t\ttype filter hook prerouting priority mangle; policy accept;\n\t\tiifname \"")
        .put(r.ifname).put("\" ip daddr ").put_ip4(r.cip)
        .put(" jhash ip saddr mod 16 seed 0x").put(seed).put(" offset 1 { ");
    bool first = true;
    for (int b = 1; b <= kBuckets; b++) {
        if (!(r.buckets >> (b - 1) & 1)) continue;
        if (!first) w.put(", ");
        first = false;
        w.put_uint(uint64_t(b));
    }
    w.put(" } meta pkttype set host accept\n\t\tiif != \"lo\" ip daddr ").put_ip4(r.cip)
        .put(" drop\n\t}\n}\ntable arp krgnet {\n\tchain output {\n"
             "\t\ttype filter hook output priority filter; policy accept;\n\t\tarp saddr ip ")
        .put_ip4(r.cip).put(" arp saddr ether set ").put_mac(r.cmac).put("\n\t}\n}\n");
}

}  // namespace krg::nl
