// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/lease.h"

#include "base/text.h"
#include "config/assign.h"
#include "config/plan.h"
#include "generated/config.h"

namespace krg {

// The files' formats, each source's own: dracut 059 modules.d/40network/
// dhclient-script.sh (`set | grep new_` into /tmp/dhclient.$netif.dhcpopts);
// initramfs/udhcpc.script; klibc usr/kinit/ipconfig/main.c dump_device_config()
// (/run/net-$DEVICE.conf, values single-quoted); systemd 252
// src/libsystemd-network/sd-dhcp-lease.c dhcp_lease_save() (unquoted,
// written by systemd-networkd as /run/systemd/netif/leases/$IFINDEX);
// NetworkManager's device state, a keyfile /run/NetworkManager/devices/$IFINDEX
// whose [dhcp4] group holds the lease's options, dhcp4.ip_address and
// dhcp4.host_name among them (as Debian 12's NetworkManager 1.42.4 wrote it
// in initrd mode, tests/unit/test_lease.cpp kNm).
// A row's directory, or none when its Kconfig switch is off.
constexpr const char* on(bool enabled, const char* dir) { return enabled ? dir : nullptr; }
//   switch                   directory                       prefix       suffix      address             host name           boot stack
constexpr LeaseSource kLeaseSources[] = {
    {on(ENABLE_DHCP_DRACUT,   "/tmp"),                        "dhclient.", ".dhcpopts", "new_ip_address",   "new_host_name"},   // dracut's dhclient
    {on(ENABLE_DHCP_UDHCPC,   "/tmp"),                        "udhcpc.",   ".env",      "ip",               "hostname"},        // BusyBox udhcpc
    {on(ENABLE_DHCP_KLIBC,    "/run"),                        "net-",      ".conf",     "IPV4ADDR",         "HOSTNAME"},        // klibc ipconfig
    {on(ENABLE_DHCP_NETWORKD, "/run/systemd/netif/leases"),   "",          "",          "ADDRESS",          "HOSTNAME"},        // systemd-networkd (by ifindex)
    {on(ENABLE_DHCP_NM,       "/run/NetworkManager/devices"), "",          "",          "dhcp4.ip_address", "dhcp4.host_name"}, // NetworkManager (by ifindex)
};
constexpr size_t kLeaseSourceCount = std::size(kLeaseSources);

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
    return node_from_hostname(ipparam_field(ip, 4));
}

std::string_view ipparam_field(std::string_view ip, int n) {
    for (; n > 0 && ip.find(':') != std::string_view::npos; n--) ip.remove_prefix(ip.find(':') + 1);
    return n ? std::string_view{} : ip.substr(0, ip.find(':'));
}

// The key of a line, when it is a source's address or host-name key:
// *address says which.
static bool lease_key(std::string_view line, bool* address) {
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return false;
    std::string_view key = trim(line.substr(0, eq));
    for (const LeaseSource& s : kLeaseSources) {
        if (key == s.address || key == s.host) {
            *address = key == s.address;
            return true;
        }
    }
    return false;
}

// Every line other than the address and the host name holds whatever the
// DHCP server sent, printed with the shell's quoting (bash '\'' and $'...',
// dash '"'"', dracut's `read` without -r turning '\'' into ''): it is skipped
// unread, never evaluated.  The address line must parse; a host name that
// does not is no usable name.  The sources' key names never meet in one
// file, so every source's are looked for everywhere.
Result<int> node_from_lease(std::string_view text, const char* path) {
    int addr_node = 0, host_node = 0;
    for (uint32_t line_no = 1; !text.empty(); line_no++) {
        std::string_view line = next_line(text);
        bool address = false;
        if (!lease_key(line, &address)) continue;
        // A keyfile's group-qualified key (NetworkManager's dhcp4.ip_address)
        // is no shell name: its value is parsed from the part after the dot.
        if (size_t dot = line.find('.'); dot < line.find('=')) line.remove_prefix(dot + 1);
        Assignment a;  // empty value when the line does not parse
        const char* why = parse_assignment(line, a);
        if (!address) {
            host_node = why ? 0 : node_from_hostname(a.view());
            continue;
        }
        auto ip = parse_ip4(a.view());
        if (!why && !ip.has_value()) why = "malformed leased address";
        if (why) {
            Text<kErrObject> obj;
            obj.put(path).put(" line ").put_uint(line_no);
            return Error::config(obj.c_str(), why);
        }
        addr_node = node_from_address(*ip);
    }
    return addr_node ? addr_node : host_node;
}

}  // namespace krg
