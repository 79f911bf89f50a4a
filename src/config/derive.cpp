// Derivation and validation (DESIGN.md steps 2 and 3, static part).  Every
// value is checked here, before anything touches the kernel; an error names
// the key, its value, its source and the rule it breaks.
#include "config/plan.h"

#include "generated/config.h"

namespace krg {

static Result<bool> parse_bool(const RawConfig& cfg, Key k) {
    struct Word { const char* text; bool value; };
    static constexpr Word kWords[] = {
        {"1", true}, {"y", true}, {"yes", true}, {"true", true}, {"on", true},
        {"0", false}, {"n", false}, {"no", false}, {"false", false}, {"off", false},
    };
    for (const Word& w : kWords)
        if (cfg.value(k) == w.text) return w.value;
    return config_error(cfg, k, "not a boolean (1/0, yes/no, true/false, on/off)");
}

// Interface and namespace names: the kernel accepts almost any bytes, but
// these names end up in net.env, in messages and in operators' shell
// commands, so krgnet takes only characters that need no quoting anywhere.
static bool valid_name(std::string_view s, size_t size) {
    if (s.empty() || s.size() >= size || s == "." || s == "..") return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    return true;
}
static bool valid_ifname(std::string_view s) { return valid_name(s, kIfNameSize); }
static bool valid_netns(std::string_view s) { return valid_name(s, kNetnsNameSize); }
constexpr const char kBadIfname[] = "not an interface name (1..15 of a-z A-Z 0-9 . _ -)";
constexpr const char kBadNetns[] = "not a namespace name (1..63 of a-z A-Z 0-9 . _ -)";

static Result<uint64_t> parse_number(const RawConfig& cfg, Key k, uint64_t lo, uint64_t hi, const char* why) {
    auto v = parse_uint(cfg.value(k), hi);
    if (!v.has_value() || *v < lo) return config_error(cfg, k, why);
    return *v;
}

static Result<void> derive_node(const RawConfig& cfg, Plan& p) {
    if (!cfg.has(Key::node))
        return Error::config("krg.node", "not set: give krg.node=<1..254> or krg.node=dhcp on the kernel command line");
    if (cfg.value(Key::node).empty())
        return config_error(cfg, Key::node, "empty: give krg.node=<1..254> or krg.node=dhcp");
    if (cfg.value(Key::node) == "dhcp")
        return config_error(cfg, Key::node, "no DHCP lease or ip= parameter gives a node id");
    p.node = int(TRY(parse_number(cfg, Key::node, kMinNode, kMaxNode, "not a node id (1..254)")));
    p.node_origin = cfg.get(Key::node).origin;
    return {};
}

static Result<void> derive_phys(const RawConfig& cfg, Plan& p) {
    std::string_view phys = cfg.value(Key::phys);
    if (phys == "bootif") {
        if (!cfg.has(Key::bootif))
            return config_error(cfg, Key::phys, "needs BOOTIF= (set by the PXE loader) on the kernel command line");
        // BOOTIF=01-aa-bb-cc-dd-ee-ff: ARP hardware type 01 (Ethernet), then the MAC.
        std::string_view b = cfg.value(Key::bootif);
        auto mac = b.size() == 20 && starts_with(b, "01-") ? parse_mac(b.substr(3)) : std::nullopt;
        if (!mac.has_value()) return config_error(cfg, Key::bootif, "not 01-xx-xx-xx-xx-xx-xx");
        p.phys_bootif = true;
        p.bootif_mac = *mac;
        return {};
    }
    if (!valid_ifname(phys)) return config_error(cfg, Key::phys, kBadIfname);
    copy_str(p.phys, phys);
    return {};
}

static Result<void> derive_address(const RawConfig& cfg, Plan& p) {
    auto mac = parse_mac(cfg.value(Key::mac));
    if (!mac.has_value()) return config_error(cfg, Key::mac, "not a MAC address (xx:xx:xx:xx:xx:xx)");
    if (mac->multicast()) return config_error(cfg, Key::mac, "MAC template must be unicast (first byte even)");
    p.mac = *mac;
    p.mac.b[5] = uint8_t(p.node);

    auto prefix = parse_cidr(cfg.value(Key::prefix));
    if (!prefix.has_value()) return config_error(cfg, Key::prefix, "not an IPv4 prefix (a.b.c.d/len)");
    Ip4 mask = prefix_mask(prefix->len);
    p.addr = (prefix->addr & ~Ip4{255}) | Ip4(p.node);
    p.prefix_len = prefix->len;
    if ((p.addr & mask) != (prefix->addr & mask)) return config_error(cfg, Key::prefix, "node's address falls outside the prefix");
    if ((p.addr & ~mask) == 0) return config_error(cfg, Key::prefix, "node's address is the prefix's network address");
    if ((p.addr | mask) == ~Ip4{0}) return config_error(cfg, Key::prefix, "node's address is the prefix's broadcast address");
    return {};
}

static Result<Mac> cluster_mac(const RawConfig& cfg) {
    auto cmac = parse_mac(cfg.value(Key::clustermac));
    if (!cmac.has_value()) return config_error(cfg, Key::clustermac, "not a MAC address (xx:xx:xx:xx:xx:xx)");
    if (!cmac->multicast()) return config_error(cfg, Key::clustermac, "cluster MAC must be multicast (first byte odd)");
    return *cmac;
}

static Result<void> derive_cluster(const RawConfig& cfg, Plan& p) {
    bool has_mac = !cfg.value(Key::clustermac).empty();
    if (has_mac) {
        p.cluster_mac = TRY(cluster_mac(cfg));  // validated even while no cluster IP uses it
        p.has_cluster_mac = true;
    }
    if (cfg.value(Key::clusterip).empty()) return {};
    if constexpr (!ENABLE_CLUSTERIP) return config_error(cfg, Key::clusterip, "cluster IP support is not built in (CONFIG_CLUSTERIP)");
    auto cip = parse_cidr(cfg.value(Key::clusterip));
    if (!cip.has_value()) return config_error(cfg, Key::clusterip, "not an IPv4 address/len");
    Ip4 cmask = prefix_mask(cip->len);
    if (cip->len < 31 && ((cip->addr & ~cmask) == 0 || (cip->addr | cmask) == ~Ip4{0}))
        return config_error(cfg, Key::clusterip, "is the network or broadcast address of its prefix");
    Ip4 mask = prefix_mask(p.prefix_len);
    if ((cip->addr & mask) == (p.addr & mask)) return config_error(cfg, Key::clusterip, "lies inside the container prefix");
    p.cluster = true;
    p.cluster_ip = cip->addr;
    p.cluster_len = cip->len;
    if (!has_mac) return config_error(cfg, Key::clustermac, "required with a cluster IP");
    if (p.node > kMaxClusterNode) return config_error(cfg, Key::node, "a cluster IP allows node ids 1..16 only");
    if (!p.isolate) return config_error(cfg, Key::isolate, "a cluster IP needs network isolation (no container would be created)");
    for (int n = kMaxClusterNode + 1; n <= kMaxNode; n++)
        if (p.nodes.has(n)) return config_error(cfg, Key::nodes, "a cluster IP allows node ids 1..16 only");
    if (!p.nodes.has(1)) return config_error(cfg, Key::nodes, "node 1 must be in the node set (it serves missing nodes' buckets)");
    if (!p.nodes.has(p.node)) return config_error(cfg, Key::nodes, "this node is not in the node set");
    return {};
}

Result<Plan> derive(const RawConfig& cfg) {
    Plan p;
    p.enabled = TRY(parse_bool(cfg, Key::net));
    if (cfg.has(Key::onerror)) {
        std::string_view v = cfg.value(Key::onerror);
        if (v != "shell" && v != "halt" && v != "continue") return config_error(cfg, Key::onerror, "not shell, halt or continue");
    }
    if (!p.enabled) return p;  // krg.net=0: nothing else matters
    TRY(derive_node(cfg, p));
    TRY(derive_phys(cfg, p));
    if (!valid_ifname(cfg.value(Key::virt))) return config_error(cfg, Key::virt, kBadIfname);
    copy_str(p.virt, cfg.value(Key::virt));
    std::string_view kind = cfg.value(Key::kind);
    if (kind == "vlan") p.kind = Kind::vlan;
    else if (kind == "macvlan") p.kind = Kind::macvlan;
    else return config_error(cfg, Key::kind, "not vlan or macvlan");
    p.vlan = uint16_t(TRY(parse_number(cfg, Key::vlan, kMinVlan, kMaxVlan, "not a VLAN id (1..4094)")));
    TRY(derive_address(cfg, p));
    std::string_view mtu = cfg.value(Key::mtu);
    if (!mtu.empty() && mtu != "auto") p.mtu = uint32_t(TRY(parse_number(cfg, Key::mtu, kMinMtu, kMaxMtu, "not an MTU (68..65535, or auto)")));
    const char* why = nullptr;
    auto nodes = parse_nodeset(cfg.value(Key::nodes), &why);
    if (!nodes.ok()) return config_error(cfg, Key::nodes, why);
    p.nodes = nodes.value();
    p.isolate = TRY(parse_bool(cfg, Key::isolate));
    if (!valid_netns(cfg.value(Key::netns))) return config_error(cfg, Key::netns, kBadNetns);
    copy_str(p.netns, cfg.value(Key::netns));
    p.timeout_s = uint32_t(TRY(parse_number(cfg, Key::timeout, 0, kMaxTimeout, "not a number of seconds (0..3600)")));
    p.dad_ms = uint32_t(TRY(parse_number(cfg, Key::dad, 0, kMaxDadMs, "not a probe time in ms (0..10000)")));
    TRY(derive_cluster(cfg, p));
    return p;
}

Result<uint32_t> resolve_mtu(const Plan& plan, uint32_t parent_mtu) {
    if (plan.mtu == 0) {
        if (parent_mtu <= kMinMtu + kVlanHeader) return Error::config("parent MTU", "too small for a VLAN");
        return parent_mtu - kVlanHeader;  // room for the 802.1Q tag, for macvlan too
    }
    if (plan.mtu > parent_mtu) {
        Text<kErrDetail> why;
        why.put("above the parent's MTU ").put_uint(parent_mtu);
        Text<32> obj;
        obj.put("krg.mtu=").put_uint(plan.mtu);
        return Error::config(obj.c_str(), why.c_str());
    }
    return plan.mtu;
}

}  // namespace krg
