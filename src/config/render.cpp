// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/render.h"

#include "cluster/buckets.h"
#include "config/format.h"
#include "config/lease.h"
#include "generated/config.h"

namespace krg {

// The server formats describe an interface of the initial namespace on a
// named NIC; anything else stays krgnet's job at boot.
static Result<void> server_side(const Plan& p, const char* format) {
    const char* why = p.isolate ? "the interface would live in a namespace: set krg.isolate=0 for the server"
                      : p.veth() ? "not for krg.kind=veth (use --format ip, or krgnet up)"
                      : p.phys[0] ? nullptr
                      : p.phys_bootif ? "needs the parent NIC's name, not krg.phys=bootif"
                      : "needs the parent NIC's name: set krg.phys";
    if (why) return Error::config(format, why);
    return {};
}

// krgnet derives an automatic MTU from the parent at `up`; a file cannot, so
// it says which MTU it assumed.
static uint32_t written_mtu(Writer& w, const Plan& p) {
    if (p.mtu) return p.mtu;
    w.put("# MTU: the parent's minus 4, assuming the parent's 1500 (set VIRTMTU or krg.mtu= otherwise)\n");
    return 1500 - kVlanHeader;
}

// Each file starts with "# --- /its/path"; the last part, for the parent's
// own file, with "# --- eth0's own .network file" (tests split on these).
Result<void> format_networkd(Writer& w, const Plan& p) {
    TRY(server_side(p, "--format networkd"));
    const char* kind = p.kind == nl::LinkKind::vlan ? "VLAN" : "MACVLAN";
    w.put("# krgnet plan --format networkd: node ").put_uint(uint64_t(p.node)).put("'s ").put(p.virt);
    w.put(" for systemd-networkd\n# --- /etc/systemd/network/50-").put(p.virt).put(".netdev\n");
    uint32_t mtu = written_mtu(w, p);
    w.put("[NetDev]\nName=").put(p.virt).put("\nKind=").put(nl::link_kind_name(p.kind));
    w.put("\nMACAddress=").put_mac(p.mac).put("\nMTUBytes=").put_uint(mtu).put("\n\n[").put(kind).put("]\n");
    if (p.kind == nl::LinkKind::vlan) w.put("Id=").put_uint(p.vlan).put('\n');
    else w.put("Mode=bridge\n");
    w.put("\n# --- /etc/systemd/network/50-").put(p.virt).put(".network\n[Match]\nName=").put(p.virt);
    w.put("\n\n[Network]\nAddress=").put_cidr(p.addr, p.prefix_len);
    w.put("\nLinkLocalAddressing=no\n\n# --- ").put(p.phys).put("'s own .network file: add to its [Network] section (or write\n");
    w.put("# \"[Network]\" and this line to a drop-in, <that file>.network.d/").put(p.virt).put(".conf)\n");
    w.put(kind).put('=').put(p.virt).put('\n');
    return {};
}

Result<void> format_ifupdown(Writer& w, const Plan& p) {
    TRY(server_side(p, "--format ifupdown"));
    w.put("# krgnet plan --format ifupdown: node ").put_uint(uint64_t(p.node)).put("'s ").put(p.virt);
    w.put(" for /etc/network/interfaces\n");
    uint32_t mtu = written_mtu(w, p);
    w.put("auto ").put(p.virt).put("\niface ").put(p.virt).put(" inet static\n");
    w.put("    address ").put_cidr(p.addr, p.prefix_len).put("\n    mtu ").put_uint(mtu);
    w.put("\n    pre-up ip link set dev ").put(p.phys).put(" up");  // eth0's own stanza may come later, or be none
    w.put("\n    pre-up ip link add link ").put(p.phys).put(" name ").put(p.virt).put(" address ").put_mac(p.mac);
    if (p.kind == nl::LinkKind::vlan) w.put(" type vlan id ").put_uint(p.vlan);
    else w.put(" type macvlan mode bridge");
    w.put("\n    post-down ip link delete ").put(p.virt).put('\n');
    return {};
}

// Length of the UTF-8 sequence at s[i] (RFC 3629: shortest form, no
// surrogates, at most U+10FFFF), or 0 when the bytes there are not one.
static size_t utf8_length(std::string_view s, size_t i) {
    uint8_t b = uint8_t(s[i]);
    size_t n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (!n || i + n > s.size()) return 0;
    for (size_t k = 1; k < n; k++) {
        if ((uint8_t(s[i + k]) & 0xc0) != 0x80) return 0;
    }
    uint8_t second = n > 1 ? uint8_t(s[i + 1]) : 0x80;
    if ((b == 0xe0 && second < 0xa0) || (b == 0xed && second > 0x9f) || (b == 0xf0 && second < 0x90) ||
        (b == 0xf4 && second > 0x8f)) {
        return 0;  // overlong, a surrogate, or above U+10FFFF
    }
    return n;
}

// The one rule for bytes that are not text: a byte that starts no valid
// UTF-8 sequence becomes U+FFFD, so the output is always valid UTF-8.
Writer& put_json_string(Writer& w, std::string_view s) {
    w.put('"');
    for (size_t i = 0; i < s.size();) {
        char c = s[i];
        size_t n = utf8_length(s, i);
        if (c == '"' || c == '\\') w.put('\\').put(c);
        else if (uint8_t(c) < 0x20) w.put("\\u00").put("0123456789abcdef"[c >> 4]).put("0123456789abcdef"[c & 15]);
        else if (!n) w.put("\\ufffd");
        else w.put(s.substr(i, n));
        i += n ? n : 1;
    }
    return w.put('"');
}

// ,"key": -- every member but the first of an object.
static Writer& key(Writer& w, const char* k) { return w.put(",\"").put(k).put("\":"); }

static Writer& json_mac(Writer& w, const Mac& m) { return w.put('"').put_mac(m).put('"'); }
static Writer& json_ip4(Writer& w, Ip4 a) { return w.put('"').put_ip4(a).put('"'); }

// format_buckets' "1,5,9" is a JSON array's inside.
static void json_buckets(Writer& w, uint16_t buckets) {
    w.put('[');
    format_buckets(w, buckets);
    w.put(']');
}

void format_plan_json(Writer& w, const Plan& p) {
    Text<512> from;
    describe_origin(from, p.node_origin);
    w.put("{\"node\":").put_uint(uint64_t(p.node));
    put_json_string(key(w, "from"), from.view());
    put_json_string(key(w, "ifname"), p.virt);
    key(w, "link");
    if (p.phys[0]) put_json_string(w, p.phys);
    else w.put("null");
    key(w, "bootif");
    if (p.phys_bootif) json_mac(w, p.bootif_mac);
    else w.put("null");
    put_json_string(key(w, "kind"), nl::link_kind_name(p.kind));
    key(w, "id");
    if (p.kind == nl::LinkKind::vlan) w.put_uint(p.vlan);
    else w.put("null");
    json_mac(key(w, "address"), p.mac);
    json_ip4(key(w, "local"), p.addr);
    key(w, "prefixlen").put_uint(p.prefix_len);
    key(w, "mtu");
    if (p.mtu) w.put_uint(p.mtu);
    else w.put("null");
    key(w, "netns");
    if (p.isolate) put_json_string(w, p.netns);
    else w.put("null");
    key(w, "cluster");
    if (p.cluster) {
        json_ip4(w.put("{\"local\":"), p.cluster_ip);
        key(w, "prefixlen").put_uint(p.cluster_len);
        json_mac(key(w, "address"), p.cluster_mac);
        if constexpr (ENABLE_CLUSTERIP) json_buckets(key(w, "buckets"), buckets_of(p.nodes, p.node));
        w.put('}');
    } else {
        w.put("null");
    }
    key(w, "nodes").put('[');
    const char* sep = "";
    for (int n = kMinNode; n <= kMaxNode; n++) {
        if (p.nodes.has(n)) w.put(sep).put_uint(uint64_t(n)), sep = ",";
    }
    key(w.put(']'), "timeout").put_uint(p.timeout_s);
    key(w, "probe_ms").put_uint(p.dad_ms).put('}');
}

// An RFC 1123 label (1..63 of a-z A-Z 0-9 -, no '-' first or last) that
// no resolver reads as an IPv4 address: inet_aton(3) takes one number alone
// as an address, in decimal ("12"), octal ("017") or hex ("0x1f").
bool valid_host_name(std::string_view n) {
    if (n.empty() || n.size() > kMaxLabel || n.front() == '-' || n.back() == '-') return false;
    bool digits = true, hex = n.size() > 2 && n[0] == '0' && (n[1] | 0x20) == 'x';
    for (size_t i = 0; i < n.size(); i++) {
        char c = n[i], l = char(c | 0x20);
        bool digit = c >= '0' && c <= '9', letter = l >= 'a' && l <= 'z';
        if (!digit && !letter && c != '-') return false;
        digits = digits && digit;
        hex = hex && (i < 2 || digit || (l >= 'a' && l <= 'f'));
    }
    return !digits && !hex;
}

static void put_name(Writer& w, const char* tmpl, int node);

bool valid_name_template(std::string_view t) {
    size_t hole = t.find("%d");
    if (hole == std::string_view::npos || t.find("%d", hole + 2) != std::string_view::npos) return false;
    if (t.find('%', hole + 2) != std::string_view::npos || t.substr(0, hole).find('%') != std::string_view::npos) return false;
    if (t.size() > kMaxLabel) return false;
    Text<kMaxLabel + 8> tmpl;
    tmpl.put(t);
    for (int n = kMinNode; n <= kMaxNode; n++) {  // every name the table can write
        Text<kMaxLabel + 8> name;
        put_name(name, tmpl.c_str(), n);
        if (!valid_host_name(name.view())) return false;
    }
    return true;
}

static void put_name(Writer& w, const char* tmpl, int node) {
    std::string_view t = tmpl;
    size_t hole = t.find("%d");
    w.put(t.substr(0, hole)).put_uint(uint64_t(node)).put(t.substr(hole + 2));
}

bool names_give_back_the_id(const char* tmpl) {
    for (int n = kMinNode; n <= kMaxNode; n++) {
        Text<80> name;
        put_name(name, tmpl, n);
        if (node_from_hostname(name.view()) != n) return false;
    }
    return true;
}

// One row of the table in format o.format.
static void table_row(Writer& w, const Layout& l, const Layout& boot, const TableOptions& o, int n) {
    switch (o.format) {
    case Format::text: {
        Text<8> id;
        id.put_uint(uint64_t(n));
        w.put(id.view());
        for (size_t pad = id.size(); pad < 6; pad++) w.put(' ');
        w.put_mac(l.node_mac(n)).put("  ").put_cidr(l.node_addr(n), l.prefix_len);
        if constexpr (ENABLE_CLUSTERIP) if (l.cluster && n <= kBuckets) w.put("  buckets "), format_buckets(w, buckets_of(l.nodes, n));
        if (n == kServerNode) w.put("  (server)");
        if (n == o.this_node) w.put("  (this node)");
        break;
    }
    case Format::json:
        w.put("\n{\"node\":").put_uint(uint64_t(n));
        json_mac(key(w, "address"), l.node_mac(n));
        json_ip4(key(w, "local"), l.node_addr(n));
        key(w, "prefixlen").put_uint(l.prefix_len);
        put_name(w.put(",\"hostname\":\""), o.names, n);
        key(w.put('"'), "server").put(n == kServerNode ? "true" : "false");
        key(w, "this_node").put(n == o.this_node ? "true" : "false");
        if constexpr (ENABLE_CLUSTERIP) if (l.cluster && n <= kBuckets) json_buckets(key(w, "buckets"), buckets_of(l.nodes, n));
        w.put('}');
        return;
    case Format::hosts:
        w.put_ip4(l.node_addr(n)).put('\t'), put_name(w, o.names, n);
        break;
    case Format::ethers:
        w.put_mac(l.node_mac(n)).put(' '), put_name(w, o.names, n);
        break;
    case Format::dnsmasq:
        if (!o.macs->ids.has(n)) return;
        w.put("dhcp-host=").put_mac(o.macs->mac[n]).put(',');
        if (o.boot) w.put_ip4(boot.node_addr(n)).put(',');
        put_name(w, o.names, n);
        break;
    default: return;  // plan's formats: main.cpp never asks a table for them
    }
    w.put('\n');
}

static Error row_error(int n, const char* why, Cidr prefix) {
    Text<32> obj;
    obj.put("node ").put_uint(uint64_t(n));
    Text<kErrDetail> detail;
    detail.put(why).put(" (").put_cidr(prefix.addr, prefix.len).put(')');
    return Error::config(obj.c_str(), detail.c_str());
}

Result<void> format_table(Writer& w, const Layout& l, const TableOptions& o) {
    Layout boot;  // the boot network follows the same last-byte rule
    boot.prefix = o.boot_prefix.addr, boot.prefix_len = o.boot_prefix.len;
    switch (o.format) {
    case Format::text: w.put("node  MAC                IPv4\n"); break;
    case Format::json: w.put('['); break;
    case Format::hosts: w.put("# krgnet table --format hosts: the container addresses\n"); break;
    case Format::ethers: w.put("# krgnet table --format ethers: krg0's MAC of each node\n"); break;
    case Format::dnsmasq: w.put("# krgnet table --format dnsmasq: boot NICs of the --macs file\n"); break;
    default: break;
    }
    int rows = 0;
    for (int n = kMinNode; n <= kMaxNode; n++) {
        bool listed = l.nodes.has(n) || n == kServerNode;
        if (o.format == Format::dnsmasq && o.macs->ids.has(n) && !listed) {
            return row_error(n, "has a MAC in --macs but is not a declared node", {l.prefix, l.prefix_len});
        }
        if (!listed) continue;
        if (const char* why = l.node_problem(n)) return row_error(n, why, {l.prefix, l.prefix_len});
        if (o.format == Format::dnsmasq && o.boot && o.macs->ids.has(n)) {
            if (const char* why = boot.node_problem(n)) return row_error(n, why, o.boot_prefix);
        }
        if (o.format == Format::json && rows++) w.put(',');
        table_row(w, l, boot, o, n);
    }
    if (o.format == Format::json) w.put("\n]\n");
    return {};
}

}  // namespace krg
