// SPDX-License-Identifier: GPL-2.0-or-later
// The key table: every configuration key krgnet reads, with its spellings,
// its built-in default and its line in the record (/run/kerrighed/net.env).
// Adding a key is one row here (and one Key); `plan --format env`, the
// record's writer and reader, net.conf and the command line read this table.
#include "cluster/nodeset.h"
#include "config/config.h"
#include "config/plan.h"
#include "generated/config.h"

namespace krg {

namespace {

// A Kconfig number as text, at compile time.
struct Num {
    char s[24] = {};
};
constexpr Num num(long v) {
    Num n;
    char tmp[24] = {};
    int i = 0, j = 0;
    unsigned long u = v < 0 ? 0ul - static_cast<unsigned long>(v) : static_cast<unsigned long>(v);
    do tmp[i++] = char('0' + u % 10); while (u /= 10);
    if (v < 0) n.s[j++] = '-';
    while (i) n.s[j++] = tmp[--i];
    return n;
}
constexpr Num kVlan = num(CONFIG_DEFAULT_VLAN);
constexpr Num kMtu = num(CONFIG_DEFAULT_MTU);
constexpr Num kTimeout = num(CONFIG_DEFAULT_TIMEOUT);
constexpr Num kDad = num(CONFIG_DEFAULT_DAD_MS);

const char* const kBackendNames[] = {"auto", "nft", "clusterip"};  // Backend's order

// The recorded values.  KRG_MAC and KRG_ADDR hold the node's own MAC and
// address: each is a valid template for itself, so the record reads back
// as krg.mac and krg.prefix.  KRG_PHYS, KRG_MTU and KRG_BACKEND are what
// `up` resolved (the NIC found, the parent's MTU - 4, the backend chosen).
// KRG_NETNS_ID is recorded by `up` alone: the identity of the namespace it
// pinned (empty before `up`, in `plan`'s output, and without isolation);
// it has no command-line or net.conf name.
void put_node(Writer& w, const Plan& p) { w.put_uint(uint64_t(p.node)); }
void put_phys(Writer& w, const Plan& p) { w.put(p.phys[0] ? p.phys : p.phys_bootif ? "bootif" : ""); }
void put_virt(Writer& w, const Plan& p) { w.put(p.virt); }
void put_kind(Writer& w, const Plan& p) { w.put(nl::link_kind_name(p.kind)); }
// KRG_BRIDGE: the bridge a veth's host end joined (the plan's parent), empty for other kinds.
void put_bridge(Writer& w, const Plan& p) {
    if (p.veth()) w.put(p.phys);
}
void put_vlan(Writer& w, const Plan& p) { w.put_uint(p.vlan); }
void put_mac(Writer& w, const Plan& p) { w.put_mac(p.mac); }
void put_addr(Writer& w, const Plan& p) { w.put_cidr(p.addr, p.prefix_len); }
void put_mtu(Writer& w, const Plan& p) {
    if (p.mtu) w.put_uint(p.mtu);
    else w.put("auto");
}
void put_netns(Writer& w, const Plan& p) { w.put(p.netns); }
void put_netns_id(Writer& w, const Plan& p) { w.put(p.netns_id); }
void put_isolate(Writer& w, const Plan& p) { w.put(p.isolate ? "1" : "0"); }
void put_clusterip(Writer& w, const Plan& p) {
    if (p.cluster) w.put_cidr(p.cluster_ip, p.cluster_len);
}
void put_clustermac(Writer& w, const Plan& p) {
    if (p.has_cluster_mac) w.put_mac(p.cluster_mac);
}
void put_nodes(Writer& w, const Plan& p) { format_nodeset(w, p.nodes); }
void put_backend(Writer& w, const Plan& p) { w.put(kBackendNames[size_t(p.backend)]); }
void put_timeout(Writer& w, const Plan& p) { w.put_uint(p.timeout_s); }
void put_dad(Writer& w, const Plan& p) { w.put_uint(p.dad_ms); }

}  // namespace

extern constexpr KeyInfo kKeys[kKeyCount] = {
    // key            kernel command line       net.conf             built-in default                 record
    {Key::node,       "krg.node",               nullptr,             nullptr,                         "KRG_NODE", put_node},
    {Key::phys,       "krg.phys",               "PHYS",              CONFIG_DEFAULT_PHYS,             "KRG_PHYS", put_phys},
    {Key::virt,       "krg.virt",               "VIRT",              CONFIG_DEFAULT_VIRT,             "KRG_VIRT", put_virt},
    {Key::kind,       "krg.kind",               "VIRTKIND",          ENABLE_DEFAULT_KIND_MACVLAN ? "macvlan" : "vlan", "KRG_KIND", put_kind},
    {Key::bridge,     "krg.bridge",             "BRIDGE",            nullptr,                         "KRG_BRIDGE", put_bridge},
    {Key::vlan,       "krg.vlan",               "VLANID",            kVlan.s,                         "KRG_VLAN", put_vlan},
    {Key::mac,        "krg.mac",                "VIRTMAC",           CONFIG_DEFAULT_MAC,              "KRG_MAC", put_mac},
    {Key::prefix,     "krg.prefix",             "VIRTPREFIX",        CONFIG_DEFAULT_PREFIX,           "KRG_ADDR", put_addr},
    {Key::mtu,        "krg.mtu",                "VIRTMTU",           CONFIG_DEFAULT_MTU ? kMtu.s : "auto", "KRG_MTU", put_mtu},
    {Key::netns,      "krg.netns",              "NETNS",             CONFIG_DEFAULT_NETNS,            "KRG_NETNS", put_netns},
    {Key::netns_id,   nullptr,                  nullptr,             nullptr,                         "KRG_NETNS_ID", put_netns_id},
    {Key::isolate,    "krg.isolate",            "ISOLATE_NET",       ENABLE_DEFAULT_ISOLATE ? "1" : "0", "KRG_ISOLATE", put_isolate},
    {Key::clusterip,  "krg.clusterip",          "CLUSTERADDR",       CONFIG_DEFAULT_CLUSTERIP,        "KRG_CLUSTERIP", put_clusterip},
    {Key::clustermac, "krg.clustermac",         "CLUSTERMAC",        CONFIG_DEFAULT_CLUSTERMAC,       "KRG_CLUSTERMAC", put_clustermac},
    {Key::nodes,      "krg.nodes",              "NODES",             CONFIG_DEFAULT_NODES,            "KRG_NODES", put_nodes},
    {Key::backend,    "krg.clusterip_backend",  "CLUSTERIP_BACKEND", "auto",                          "KRG_BACKEND", put_backend},
    {Key::timeout,    "krg.timeout",            "TIMEOUT",           kTimeout.s,                      "KRG_TIMEOUT", put_timeout},
    {Key::dad,        "krg.dad",                "DAD_MS",            kDad.s,                          "KRG_DAD", put_dad},
    // Not recorded: a record exists only while krgnet is enabled; net.conf's
    // switch of its cluster IP resolves into KRG_CLUSTERIP; onerror matters
    // to the initramfs only; the loader's parameters resolve into KRG_PHYS
    // and KRG_NODE.
    {Key::net,        "krg.net",                "NETCONF_ENABLE",    ENABLE_DEFAULT_NET ? "1" : "0",  nullptr, nullptr},
    {Key::clusteron,  nullptr,                  "CLUSTERADDR_ENABLE", nullptr,                        nullptr, nullptr},
    {Key::onerror,    "krg.onerror",            nullptr,             nullptr,                         nullptr, nullptr},
    {Key::bootif,     "BOOTIF",                 nullptr,             nullptr,                         nullptr, nullptr},
    {Key::ipparam,    "ip",                     nullptr,             nullptr,                         nullptr, nullptr},
    {Key::node_id,    "node_id",                nullptr,             nullptr,                         nullptr, nullptr},
};

// The table is indexed by Key (key_info).
constexpr bool indexed_by_key() {
    for (size_t i = 0; i < kKeyCount; i++)
        if (size_t(kKeys[i].key) != i) return false;
    return true;
}
static_assert(indexed_by_key(), "kKeys rows must follow the order of enum Key");

}  // namespace krg
