// SPDX-License-Identifier: GPL-2.0-or-later
// Derivation and validation (DESIGN.md steps 2 and 3, static part).  Every
// value is checked here, before anything touches the kernel; an error names
// the key, its value, its source and the rule it breaks.
#include "config/plan.h"

#include "base/log.h"
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
// They start with a letter or digit: a leading '-' would turn into an
// option in `plan --format ip` and in operators' commands.
static bool valid_name(std::string_view s, size_t size) {
    if (s.empty() || s.size() >= size || s == "." || s == "..") return false;
    if (s[0] == '-' || s[0] == '.') return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    return true;
}
bool valid_ifname(std::string_view s) { return valid_name(s, kIfNameSize); }
static bool valid_netns(std::string_view s) { return valid_name(s, kNetnsNameSize); }
constexpr const char kBadIfname[] = "not an interface name (1..15 of a-z A-Z 0-9 . _ -, not starting with - or .)";
constexpr const char kBadNetns[] = "not a namespace name (1..63 of a-z A-Z 0-9 . _ -, not starting with - or .)";

static Result<uint64_t> parse_number(const RawConfig& cfg, Key k, uint64_t lo, uint64_t hi, const char* why) {
    auto v = parse_uint(cfg.value(k), hi);
    if (!v.has_value() || *v < lo) return config_error(cfg, k, why);
    return *v;
}

// The node id: krg.node=N (or the lease's id, already put there by the
// sources).  A layout is valid for any id; the node's own address is checked
// here against the layout's rule.
static Result<void> derive_node(const RawConfig& cfg, Plan& p) {
    if (!cfg.has(Key::node))
        return Error::config("krg.node", "not set: give krg.node=<1..254> or krg.node=dhcp on the kernel command line");
    if (cfg.value(Key::node).empty())
        return config_error(cfg, Key::node, "empty: give krg.node=<1..254> or krg.node=dhcp");
    if (cfg.value(Key::node) == "dhcp")
        return config_error(cfg, Key::node, "no DHCP lease or ip= parameter gives a node id");
    p.node = int(TRY(parse_number(cfg, Key::node, kMinNode, kMaxNode, "not a node id (1..254)")));
    p.node_origin = cfg.get(Key::node).origin;
    if (const char* why = p.node_problem(p.node)) return config_error(cfg, Key::prefix, why);
    p.mac = p.node_mac(p.node);
    p.addr = p.node_addr(p.node);
    return {};
}

static Result<void> derive_phys(const RawConfig& cfg, Layout& l) {
    std::string_view phys = cfg.value(Key::phys);
    l.phys_origin = cfg.get(Key::phys).origin;
    if (phys.empty() && ENABLE_FIND_PARENT) return {};  // found by up (Layout::phys_found)
    if (phys == "bootif") {
        if (!cfg.has(Key::bootif))
            return config_error(cfg, Key::phys, "needs BOOTIF= (set by the PXE loader) on the kernel command line");
        // BOOTIF=01-aa-bb-cc-dd-ee-ff: ARP hardware type 01 (Ethernet), then the MAC.
        std::string_view b = cfg.value(Key::bootif);
        auto mac = b.size() == 20 && starts_with(b, "01-") ? parse_mac(b.substr(3)) : std::nullopt;
        if (!mac.has_value()) return config_error(cfg, Key::bootif, "not 01-xx-xx-xx-xx-xx-xx");
        l.phys_bootif = true;
        l.bootif_mac = *mac;
        return {};
    }
    if (!valid_ifname(phys)) return config_error(cfg, Key::phys, kBadIfname);
    copy_str(l.phys, phys);
    return {};
}

// Address ranges no cluster network can live in (RFC 6890): "this network",
// loopback, multicast, reserved and the limited broadcast.
static const char* special_range(Ip4 a) {
    uint32_t top = a >> 24;
    if (top == 0) return "in 0.0.0.0/8 (\"this network\")";
    if (top == 127) return "in 127.0.0.0/8 (loopback)";
    if (top >= 224 && top < 240) return "in 224.0.0.0/4 (multicast)";
    if (top >= 240) return "in 240.0.0.0/4 (reserved)";
    return nullptr;
}

static Result<void> derive_address(const RawConfig& cfg, Layout& l) {
    auto mac = parse_mac(cfg.value(Key::mac));
    if (!mac.has_value()) return config_error(cfg, Key::mac, "not a MAC address (xx:xx:xx:xx:xx:xx)");
    if (mac->multicast()) return config_error(cfg, Key::mac, "MAC template must be unicast (first byte even)");
    l.mac_template = *mac;

    auto prefix = parse_cidr(cfg.value(Key::prefix));
    if (!prefix.has_value()) return config_error(cfg, Key::prefix, "not an IPv4 prefix (a.b.c.d/len)");
    if (prefix->len < kMinPrefixLen) return config_error(cfg, Key::prefix, "prefix length must be 8..30");
    if (prefix->len > kMaxPrefixLen) return config_error(cfg, Key::prefix, "prefix length must be 8..30 (room for node ids)");
    if (const char* range = special_range(prefix->addr)) {
        Text<64> why;
        why.put("lies ").put(range);
        return config_error(cfg, Key::prefix, why.c_str());
    }
    l.prefix = prefix->addr;
    l.prefix_len = prefix->len;
    return {};
}

void Layout::host_end(char (&name)[kIfNameSize]) const {
    // A 15-character krg.virt ending in h would name its own peer: H then.
    std::string_view v = std::string_view(virt).substr(0, kIfNameSize - 2);
    Writer w(name, sizeof name);
    w.put(v).put(virt[kIfNameSize - 2] == 'h' ? 'H' : 'h');
}

Mac Layout::node_mac(int node) const {
    Mac m = mac_template;
    m.b[5] = uint8_t(node);
    return m;
}

Ip4 Layout::node_addr(int node) const { return (prefix & ~Ip4{255}) | Ip4(node); }

const char* Layout::node_problem(int node) const {
    Ip4 mask = prefix_mask(prefix_len);
    Ip4 a = node_addr(node);
    if ((a & mask) != (prefix & mask)) return "node's address falls outside the prefix";
    if ((a & ~mask) == 0) return "node's address is the prefix's network address";
    if ((a | mask) == ~Ip4{0}) return "node's address is the prefix's broadcast address";
    return nullptr;
}

static Result<Mac> cluster_mac(const RawConfig& cfg) {
    auto cmac = parse_mac(cfg.value(Key::clustermac));
    if (!cmac.has_value()) return config_error(cfg, Key::clustermac, "not a MAC address (xx:xx:xx:xx:xx:xx)");
    const uint8_t* b = cmac->b;
    if (!cmac->multicast()) return config_error(cfg, Key::clustermac, "cluster MAC must be multicast (first byte odd)");
    if constexpr (!ENABLE_CLUSTERIP) return *cmac;  // never used there
    if (*cmac == Mac{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}})
        return config_error(cfg, Key::clustermac, "cluster MAC must not be broadcast (every host would take the flows)");
    // IEEE 802.1D reserved group addresses 01:80:c2:00:00:0x: a bridge consumes
    // them and never forwards them.
    if (b[0] == 0x01 && b[1] == 0x80 && b[2] == 0xc2 && !b[3] && !b[4] && b[5] < 0x10)
        return config_error(cfg, Key::clustermac, "cluster MAC must not lie in 01:80:c2:00:00:00/44 (bridges never forward it)");
    return *cmac;
}

// net.conf's CLUSTERADDR counts only with CLUSTERADDR_ENABLE=true, as the
// historic 20clusterip tested; krg.clusterip= enables by itself.
static bool cluster_switched_off(const RawConfig& cfg) {
    return cfg.get(Key::clusterip).origin.source == Source::netconf && cfg.value(Key::clusteron) != "true";
}

// The cluster IP's rules that hold for every node: a unicast host address
// outside the container prefix, a multicast MAC, isolation, and a node set
// within 1..16 that holds node 1.
static Result<void> derive_cluster(const RawConfig& cfg, Layout& l) {
    bool has_mac = !cfg.value(Key::clustermac).empty();
    if (has_mac) {
        l.cluster_mac = TRY(cluster_mac(cfg));  // validated even while no cluster IP uses it
        l.has_cluster_mac = true;
    }
    if (cfg.value(Key::clusterip).empty() || cluster_switched_off(cfg)) return {};
    if constexpr (!ENABLE_CLUSTERIP) return config_error(cfg, Key::clusterip, "cluster IP support is not built in (CONFIG_CLUSTERIP)");
    auto cip = parse_cidr(cfg.value(Key::clusterip));
    if (!cip.has_value()) return config_error(cfg, Key::clusterip, "not an IPv4 address/len");
    if (const char* range = special_range(cip->addr)) {
        Text<64> why;
        why.put("lies ").put(range).put(": not a unicast address");
        return config_error(cfg, Key::clusterip, why.c_str());
    }
    Ip4 cmask = prefix_mask(cip->len);
    if (cip->len < 31 && ((cip->addr & ~cmask) == 0 || (cip->addr | cmask) == ~Ip4{0}))
        return config_error(cfg, Key::clusterip, "is the network or broadcast address of its prefix");
    Ip4 mask = prefix_mask(l.prefix_len);
    if ((cip->addr & mask) == (l.prefix & mask)) return config_error(cfg, Key::clusterip, "lies inside the container prefix");
    if (cip->len <= l.prefix_len && (l.prefix & cmask) == (cip->addr & cmask))
        return config_error(cfg, Key::clusterip, "its prefix contains the container prefix");
    std::string_view backend = cfg.value(Key::backend);
    if (backend == "nft") l.backend = Backend::nft;
    else if (backend == "clusterip") l.backend = Backend::clusterip;
    else if (backend != "auto") return config_error(cfg, Key::backend, "not auto, nft or clusterip");
    l.cluster = true;
    l.cluster_ip = cip->addr;
    l.cluster_len = cip->len;
    if (!has_mac) return config_error(cfg, Key::clustermac, "required with a cluster IP");
    if (!l.isolate) return config_error(cfg, Key::isolate, "a cluster IP needs network isolation (no container would be created)");
    for (int n = kBuckets + 1; n <= kMaxNode; n++)
        if (l.nodes.has(n)) return config_error(cfg, Key::nodes, "a cluster IP allows node ids 1..16 only");
    if (!l.nodes.has(1)) return config_error(cfg, Key::nodes, "node 1 must be in the node set (it serves missing nodes' buckets)");
    return {};
}

// The cluster IP's rules for this node: an id in 1..16 that is declared.
static Result<void> check_cluster_node(const RawConfig& cfg, const Plan& p) {
    if (!p.cluster) return {};
    if (p.node > kBuckets) return config_error(cfg, Key::node, "a cluster IP allows node ids 1..16 only");
    if (!p.nodes.has(p.node)) return config_error(cfg, Key::nodes, "this node is not in the node set");
    return {};
}

// krg.kind=veth: the bridge the host end joins (krg.bridge) takes the
// parent's place; krg.phys is not read.
static Result<void> derive_bridge(const RawConfig& cfg, Layout& l) {
    std::string_view bridge = cfg.value(Key::bridge);
    if (bridge.empty()) return config_error(cfg, Key::kind, "needs krg.bridge=<bridge> (the bridge its host end joins)");
    if (!valid_ifname(bridge)) return config_error(cfg, Key::bridge, kBadIfname);
    copy_str(l.phys, bridge);
    l.phys_origin = cfg.get(Key::bridge).origin;
    return {};
}

static Result<void> derive_interface(const RawConfig& cfg, Layout& l) {
    std::string_view kind = cfg.value(Key::kind);
    if (kind == "vlan") l.kind = nl::LinkKind::vlan;
    else if (kind == "macvlan") l.kind = nl::LinkKind::macvlan;
    else if (ENABLE_VETH && kind == "veth") l.kind = nl::LinkKind::veth;
    else return config_error(cfg, Key::kind, ENABLE_VETH ? "not vlan, veth or macvlan" : "not vlan or macvlan");
    TRY(l.veth() ? derive_bridge(cfg, l) : derive_phys(cfg, l));
    if (!valid_ifname(cfg.value(Key::virt))) return config_error(cfg, Key::virt, kBadIfname);
    copy_str(l.virt, cfg.value(Key::virt));
    // The interface krgnet creates, and `down` deletes, is never the parent.
    if (!l.phys_bootif && std::string_view(l.virt) == l.phys)
        return config_error(cfg, Key::virt, "is the parent NIC's name (krg.phys): krgnet would create, and delete, the parent");
    l.vlan = uint16_t(TRY(parse_number(cfg, Key::vlan, kMinVlan, kMaxVlan, "not a VLAN id (1..4094)")));
    std::string_view mtu = cfg.value(Key::mtu);
    if (!mtu.empty() && mtu != "auto") l.mtu = uint32_t(TRY(parse_number(cfg, Key::mtu, kMinMtu, kMaxMtu, "not an MTU (68..65535, or auto)")));
    return {};
}

// The namespace up pinned, as its record names it (KRG_NETNS_ID: up writes
// it, no source configures it): "device:inode", or empty.
static Result<void> derive_netns_id(const RawConfig& cfg, Plan& p) {
    p.recorded = cfg.get(Key::node).origin.source == Source::record;
    std::string_view id = cfg.value(Key::netns_id);
    // digits, one colon, digits (empty: no identity recorded).  colons ends
    // as 1 only then: a colon first, after another or a second time, or a
    // byte that is no digit, sets it to 2.
    int colons = 0;
    char prev = ':';
    for (char c : id) {
        bool wrong = c == ':' ? prev == ':' || colons++ > 0 : c < '0' || c > '9';
        if (wrong) colons = 2;
        prev = c;
    }
    bool bad = !id.empty() && (colons != 1 || prev == ':');
    if (bad || !copy_str(p.netns_id, id))
        return config_error(cfg, Key::netns_id, "not a namespace identity (device:inode)");
    return {};
}

// Where a net.conf means something else to krgnet than to the historic
// scripts (docs/migrating.md), said once per run: they ran only on
// NETCONF_ENABLE=true, and stopped without VIRT, VLANID or VIRTPREFIX.
static void warn_historic(const RawConfig& cfg, const Layout& l) {
    static bool said;
    const Origin* conf = nullptr;
    for (const Setting& s : cfg.s)
        if (s.origin.source == Source::netconf) conf = &s.origin;
    if (said || !conf) return;
    said = true;
    Text<kErrObject + 64> w;
    const Setting& net = cfg.get(Key::net);
    if (net.origin.source != Source::cmdline && net.value != std::string_view("true")) {
        if (net.origin.source == Source::netconf) describe_setting(w, Key::net, net);
        else w.put(conf->file).put(": no NETCONF_ENABLE");
        w.put(": on (the historic scripts ran only on true)");
        warn(w.c_str());
    }
    if (!cfg.value(Key::clusterip).empty() && cluster_switched_off(cfg)) {
        w.clear();
        describe_setting(w, Key::clusterip, cfg.get(Key::clusterip));
        warn(w.put(": no cluster IP without CLUSTERADDR_ENABLE=true").c_str());
    }
    w.clear();
    w.put(conf->file).put(": defaults used for missing keys:");
    size_t bare = w.size();
    for (Key k : {Key::virt, Key::vlan, Key::prefix})
        if (cfg.get(k).origin.source == Source::builtin && (k != Key::vlan || l.kind == nl::LinkKind::vlan))
            w.put(' ').put(key_info(k).netconf).put('=').put(cfg.value(k));
    if (w.size() > bare) warn(w.c_str());
}

Result<Layout> derive_layout(const RawConfig& cfg) {
    Layout l;
    l.enabled = TRY(parse_bool(cfg, Key::net));
    if (cfg.has(Key::onerror)) {
        std::string_view v = cfg.value(Key::onerror);
        if (v != "shell" && v != "halt" && v != "continue") return config_error(cfg, Key::onerror, "not shell, halt or continue");
    }
    if (!l.enabled) return l;  // krg.net=0: nothing else matters
    TRY(derive_interface(cfg, l));
    TRY(derive_address(cfg, l));
    const char* why = nullptr;
    auto nodes = parse_nodeset(cfg.value(Key::nodes), &why);
    if (!nodes.ok()) return config_error(cfg, Key::nodes, why);
    l.nodes = l.live = nodes.value();
    l.isolate = TRY(parse_bool(cfg, Key::isolate));
    if (!valid_netns(cfg.value(Key::netns))) return config_error(cfg, Key::netns, kBadNetns);
    copy_str(l.netns, cfg.value(Key::netns));
    l.timeout_s = uint32_t(TRY(parse_number(cfg, Key::timeout, 0, kMaxTimeout, "not a number of seconds (0..3600)")));
    l.dad_ms = uint32_t(TRY(parse_number(cfg, Key::dad, 0, kMaxDadMs, "not a probe time in ms (0..10000)")));
    TRY(derive_cluster(cfg, l));
    warn_historic(cfg, l);
    return l;
}

Result<Plan> derive(const RawConfig& cfg) {
    Plan p;
    static_cast<Layout&>(p) = TRY(derive_layout(cfg));
    if (!p.enabled) return p;
    TRY(derive_node(cfg, p));
    TRY(check_cluster_node(cfg, p));
    if constexpr (ENABLE_OPERATOR_COMMANDS) TRY(derive_netns_id(cfg, p));
    return p;
}

Result<uint32_t> resolve_mtu(const Layout& plan, uint32_t parent_mtu) {
    if (plan.mtu == 0) {
        // Room for the 802.1Q tag, for macvlan too; a veth carries no tag.
        uint32_t tag = plan.veth() ? 0 : kVlanHeader;
        if (parent_mtu <= kMinMtu + tag) return Error::config("parent MTU", "too small for a VLAN");
        return parent_mtu - tag;
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
