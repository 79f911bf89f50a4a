#include "config/lease.h"

#include "base/text.h"
#include "config/assign.h"
#include "config/plan.h"

namespace krg {

static int node_from_address(Ip4 a) {
    int last = int(a & 255);
    return last >= kMinNode && last <= kMaxNode ? last : 0;
}

int node_from_hostname(std::string_view name) {
    size_t end = name.find('.');  // node4.cluster -> node4
    name = name.substr(0, end);
    size_t digits = name.size();
    while (digits > 0 && name[digits - 1] >= '0' && name[digits - 1] <= '9') digits--;
    if (digits == name.size() || digits == 0) return 0;  // no digits, or digits only
    auto v = parse_uint(name.substr(digits), kMaxNode);
    return v.has_value() && *v >= kMinNode ? int(*v) : 0;
}

Result<int> node_from_ipparam(std::string_view ip, const char* what) {
    size_t colon = ip.find(':');
    std::string_view client = ip.substr(0, colon);
    // ip=dhcp, ip=on, ip=eth0:dhcp ...: no address of our own.
    if (client.empty() || !parse_ip4(client).has_value()) {
        bool looks_numeric = !client.empty() && client[0] >= '0' && client[0] <= '9';
        if (looks_numeric) return Error::config(what, "malformed client address in ip=");
        return 0;
    }
    Ip4 addr = *parse_ip4(client);
    if (int n = node_from_address(addr)) return n;
    // ip=<client>:<server>:<gw>:<netmask>:<hostname>:...
    std::string_view rest = ip;
    for (int field = 0; field < 4 && rest.find(':') != std::string_view::npos; field++)
        rest.remove_prefix(rest.find(':') + 1);
    return node_from_hostname(rest.substr(0, rest.find(':')));
}

struct LeaseScan {
    bool dracut = false;
    bool have_addr = false;
    Ip4 addr = 0;
    int host_node = 0;
    const char* bad = nullptr;
};

static const char* scan_lease_line(void* ctx, uint32_t, const Assignment& a) {
    auto* s = static_cast<LeaseScan*>(ctx);
    std::string_view addr_key = s->dracut ? "new_ip_address" : "ip";
    std::string_view host_key = s->dracut ? "new_host_name" : "hostname";
    if (a.key == addr_key) {
        auto ip = parse_ip4(a.view());
        if (!ip.has_value()) return "malformed leased address";
        s->addr = *ip;
        s->have_addr = true;
    } else if (a.key == host_key) {
        s->host_node = node_from_hostname(a.view());
    }
    return nullptr;
}

Result<int> node_from_lease(std::string_view text, const char* path) {
    LeaseScan scan;
    scan.dracut = text.find("new_") != std::string_view::npos;
    uint32_t line = 0;
    if (const char* why = parse_assignments(text, scan_lease_line, &scan, &line)) {
        Text<kErrObject> obj;
        obj.put(path).put(" line ").put_uint(line);
        return Error::config(obj.c_str(), why);
    }
    if (scan.have_addr) {
        if (int n = node_from_address(scan.addr)) return n;
    }
    return scan.host_node;
}

}  // namespace krg
