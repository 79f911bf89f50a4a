// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/sources.h"

#include <asm/unistd.h>
#include <fcntl.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/file.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/stat.h"
#include "generated/config.h"
#include "config/cmdline.h"
#include "config/lease.h"
#include "config/netconf.h"
#include "config/plan.h"

namespace krg {

inline constexpr size_t kNameMax = 255;  // NAME_MAX: the longest directory entry
inline constexpr size_t kPathMax = 4096;  // PATH_MAX

// noinline below: each helper has one caller, and kept apart they cost fewer
// bytes than inlined into load_config (-Oz inlines single callers).
// One file, one directory scan and one path at a time (krgnet is single-threaded
// and the scans never nest): static, so no large stack frames.
static char g_text[kMaxConfFile];
alignas(8) static char g_dents[4096];
static char g_path_buf[kPathMax];

// --- directories, in name order, without a fixed count and without malloc ------------------
// The directory is scanned once per name (getdents64 into a stack buffer;
// opendir() would pull malloc into the binary): a handful of entries, and no
// limit on how many match or how long their names are.

// A directory being listed; path and step name it in errors.
struct Dir {
    const char* path;
    const char* step;
    int fd = -1;
    ~Dir() { if (fd >= 0) close(fd); }
};

static Error dir_error(const Dir& d) { return Error::make(Exit::config, errno, d.step, d.path, ""); }

// Opens d.path for listing; a missing directory lists nothing.
static Result<void> open_dir(Dir& d) {
    d.fd = open(d.path, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
    if (d.fd < 0 && errno != ENOENT) return dir_error(d);
    return {};
}

// Replaces name ("" for the first) with the next name in strcmp order (the
// shell's glob in the C locale) matching prefix*suffix, not starting with a
// dot; false when there is none.
[[gnu::noinline]] static Result<bool> next_name(const Dir& d, const char* prefix, const char* suffix, char (&name)[kNameMax + 1]) {
    if (d.fd < 0) return false;
    char last[kNameMax + 1];
    memcpy(last, name, sizeof last);
    if (lseek(d.fd, 0, SEEK_SET) < 0) return dir_error(d);
    size_t pl = strlen(prefix), sl = strlen(suffix);
    bool found = false;
    for (;;) {
        long got = syscall(__NR_getdents64, d.fd, g_dents, sizeof g_dents);
        if (got < 0) return dir_error(d);
        if (got == 0) return found;
        // struct linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type, char name[] (NUL-terminated)
        for (long off = 0; off < got;) {
            const char* e = g_dents + off;
            uint16_t reclen;
            memcpy(&reclen, e + 16, sizeof reclen);
            off += reclen;
            const char* n = e + 19;
            size_t len = strlen(n);
            if (len <= pl + sl || n[0] == '.' || !starts_with(n, prefix) || strcmp(n + len - sl, suffix) != 0) continue;
            if (strcmp(n, last) <= 0 || (found && strcmp(n, name) >= 0)) continue;
            memcpy(name, n, len + 1);
            found = true;
        }
    }
}

// dir/name in the shared path buffer; nullptr when it does not fit.
static const char* join(const char* dir, const char* name) {
    Writer w(g_path_buf, sizeof g_path_buf);
    w.put(dir).put('/').put(name);
    return w.overflow() ? nullptr : g_path_buf;
}

// --- the kernel command line -----------------------------------------------------------------

inline constexpr const char* kReadCmdline = "read command line";

// One command-line file; a missing one is skipped when optional.
[[gnu::noinline]] static Result<void> load_cmdline_file(const char* path, bool name_file, bool optional, RawConfig& cfg) {
    auto text = read_config_file(path, g_text, kMaxCmdline, kReadCmdline);
    if (!text.ok()) {
        if (optional && text.error().code == ENOENT) return {};
        return text.release_error();
    }
    Origin o;
    o.source = Source::cmdline;
    if (name_file) copy_str(o.file, std::string_view(path).substr(0, kMaxPath - 1));
    return parse_cmdline(text.value(), o, cfg);
}

[[gnu::noinline]] static Result<void> load_cmdline(const SourceOptions& opt, RawConfig& cfg) {
    if (opt.cmdline) {
        Origin o;
        o.source = Source::cmdline;
        if (strlen(opt.cmdline) >= kMaxCmdline) return Error::config("--cmdline", "longer than the kernel allows");
        return parse_cmdline(opt.cmdline, o, cfg);
    }
    if (opt.cmdline_file) return load_cmdline_file(opt.cmdline_file, true, false, cfg);
    // As dracut's getcmdline merges them (sources.h): cmdline.d, /etc/cmdline, /proc/cmdline.
    const char* dir = opt.cmdline_dir ? opt.cmdline_dir : CONFIG_CMDLINE_DIR;
    Dir d{dir, kReadCmdline};
    TRY(open_dir(d));
    char name[kNameMax + 1] = "";
    while (TRY(next_name(d, "", ".conf", name))) {
        const char* path = join(dir, name);
        if (!path) return Error::config(dir, "path too long");
        TRY(load_cmdline_file(path, true, true, cfg));
    }
    TRY(load_cmdline_file(opt.etc_cmdline, true, true, cfg));
    return load_cmdline_file(opt.proc_cmdline, false, false, cfg);
}

// --- DHCP leases -----------------------------------------------------------------------------

inline constexpr const char* kReadLease = "read DHCP lease";

// The node id a lease file gives (0: none).  found_in_dir: a lease found by
// looking (skipped with a warning when not trustworthy), not one named by
// --lease.  owner: trusted besides root (dir_owner()).
[[gnu::noinline]] static Result<int> lease_node(const char* path, bool found_in_dir, unsigned owner = 0) {
    FileRules rules;
    // Owned by the owner of a lease directory nobody else can write, and
    // writable by nobody else: trusted as root's would be (dir_owner()).
    struct stat st;
    rules.owner_checked = !(owner && path_stat(path, &st, false) == 0 && st.st_uid == owner && !(st.st_mode & (S_IWGRP | S_IWOTH)));
    rules.no_follow = found_in_dir;
    auto text = read_config_file(path, g_text, sizeof g_text, kReadLease, rules);
    if (!text.ok()) {
        int code = text.error().code;
        if (found_in_dir && code == ENOENT) return 0;
        if (found_in_dir && (code == kUntrusted || code == kNotRegular)) {
            Text<kErrObject + kErrDetail> w;
            w.put("DHCP lease ").put(path).put(" ignored: ").put(text.error().detail);
            warn(w.c_str());
            return 0;
        }
        return text.release_error();
    }
    return node_from_lease(text.value(), path);
}

// The origin of a node id read from the lease at path.
[[gnu::noinline]] static void lease_origin(Origin& o, const char* path) {
    o = Origin{};
    o.source = Source::lease;
    copy_str(o.file, std::string_view(path).substr(0, kMaxPath - 1));
}

// Two leases read for one node give different ids ("gives another node
// id"), or, with krg.phys unset, belong to two NICs ("belongs to another NIC").
[[gnu::noinline]] static Error disagree(const char* path, const char* what, const Origin& first) {
    Text<kErrDetail> why;
    why.put(what).put(" than ").put(first.file).put(" (set krg.phys or --lease)");
    return Error::make(Exit::config, 0, kReadLease, path, why.c_str());
}

// A NIC's name <-> its interface index, for the sources whose files are
// named by ifindex (SIOCGIFINDEX / SIOCGIFNAME, what if_nametoindex() and
// if_indextoname() do).  0 / false when there is no such NIC.
static int ifreq_ioctl(unsigned long request, ifreq& r) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int rc = ioctl(fd, request, &r);
    close(fd);
    return rc;
}
static int nic_index(std::string_view nic) {
    ifreq r{};
    if (nic.empty() || !copy_str(r.ifr_name, nic)) return 0;
    return ifreq_ioctl(SIOCGIFINDEX, r) == 0 ? r.ifr_ifindex : 0;
}
static bool nic_name(int ifindex, char (&name)[kIfNameSize]) {
    ifreq r{};
    r.ifr_ifindex = ifindex;
    if (ifreq_ioctl(SIOCGIFNAME, r) != 0) return false;
    return copy_str(name, std::string_view(r.ifr_name, strnlen(r.ifr_name, IFNAMSIZ)));
}

// The NIC a lease file belongs to: the part of its name between the
// source's prefix and suffix, a name or the index of a NIC that exists.
[[gnu::noinline]] static bool lease_nic(const LeaseSource& src, std::string_view part, char (&nic)[kIfNameSize]) {
    if (*src.prefix) return copy_str(nic, part);
    auto index = parse_uint(part, INT32_MAX);
    return index.has_value() && nic_name(int(*index), nic);
}

// The owner of a lease directory that nobody else can write (systemd-networkd
// runs as systemd-network and owns /run/systemd/netif/leases, mode 0755):
// its files are as trustworthy as root's.  0 (root) for any other, /tmp
// above all (world-writable).
static unsigned dir_owner(const Dir& d) {
    struct stat st;
    if (d.fd < 0 || fd_stat(d.fd, &st) != 0 || (st.st_mode & (S_IWGRP | S_IWOTH))) return 0;
    return st.st_uid;
}

// The leases of every source (config/lease.h), in the table's order, each
// in name order.  With a named parent (krg.phys), only that NIC's: the
// first giving an id wins.  With krg.phys=bootif or unset, every NIC's:
// every lease giving an id must agree with the first, and with krg.phys
// unset they must all belong to one NIC, which becomes the parent (nic).
[[gnu::noinline]] static Result<int> dir_lease_node(const SourceOptions& opt, std::string_view phys, Origin& o,
                                                    char (&nic)[kIfNameSize]) {
    bool any_nic = phys == "bootif" || phys.empty();
    char index[12];
    Writer iw(index, sizeof index);
    iw.put_uint(uint64_t(any_nic ? 0 : nic_index(phys)));
    int node = 0;
    for (size_t i = 0; i < kLeaseSourceCount; i++) {
        const LeaseSource& src = kLeaseSources[i];
        if (!src.dir) continue;
        const char* dir = opt.lease_dir ? opt.lease_dir : src.dir;
        std::string_view own = *src.prefix ? phys : iw.view();
        Dir d{dir, kReadLease};
        TRY(open_dir(d));
        char name[kNameMax + 1] = "";
        while (TRY(next_name(d, src.prefix, src.suffix, name))) {
            size_t pl = strlen(src.prefix);
            std::string_view part(name + pl, strlen(name) - pl - strlen(src.suffix));
            char this_nic[kIfNameSize] = "";
            if (any_nic ? !lease_nic(src, part, this_nic) : part != own) continue;  // not a NIC's, or another NIC's
            const char* path = join(dir, name);
            int n = path ? TRY(lease_node(path, true, dir_owner(d))) : 0;
            if (!n) continue;
            if (node && n != node) return disagree(path, "gives another node id", o);
            if (node && phys.empty() && strcmp(this_nic, nic) != 0) return disagree(path, "belongs to another NIC", o);
            if (!node) lease_origin(o, path), memcpy(nic, this_nic, sizeof nic);
            node = n;
            if (!any_nic) return node;
        }
    }
    return node;
}

// What ip= gives (the node id, the parent NIC) is shown as from the lease.
[[gnu::noinline]] static Origin ipparam_origin(const RawConfig& cfg) {
    Origin o = cfg.get(Key::ipparam).origin;
    o.source = Source::lease;
    copy_str(o.file, "ip= parameter");
    return o;
}

// krg.node=dhcp: ip= first, then --lease, then the lease directory.  With
// krg.phys unset, the NIC of the lease found in the directory is the parent
// (nic, "" when none).
[[gnu::noinline]] static Result<void> resolve_dhcp_node(const SourceOptions& opt, RawConfig& cfg, char (&nic)[kIfNameSize], Origin& o) {
    int node = 0;
    if (ENABLE_DHCP_IPPARAM && cfg.has(Key::ipparam)) {
        Text<kErrObject> what;
        describe_setting(what, Key::ipparam, cfg.get(Key::ipparam));
        node = TRY(node_from_ipparam(cfg.value(Key::ipparam), what.c_str()));
        o = ipparam_origin(cfg);
    }
    // Lease files (--lease, or the lease directory) are the optional DHCP
    // sources: a build without them leaves their parser out.
    constexpr bool kLeaseFiles = ENABLE_DHCP_DRACUT || ENABLE_DHCP_UDHCPC || ENABLE_DHCP_KLIBC || ENABLE_DHCP_NETWORKD || ENABLE_DHCP_NM;
    if (kLeaseFiles && !node && opt.lease) {
        node = TRY(lease_node(opt.lease, false));
        lease_origin(o, opt.lease);
    } else if (kLeaseFiles && !node) {
        node = TRY(dir_lease_node(opt, cfg.value(Key::phys), o, nic));
    }
    if (!node) return {};  // derive() reports krg.node=dhcp without an id
    char num[8];
    Writer w(num, sizeof num);
    w.put_uint(uint64_t(node));
    return cfg.put(Key::node, w.view(), o);
}

// The parent NIC when neither krg.phys nor PHYS names it nor BOOTIF= is
// given (load_config): the NIC of the lease that gave the node id, else the
// device field of ip=.  The value keeps the rule's origin, which `plan`
// shows.  None: krg.phys stays empty and `up` takes the only Ethernet NIC
// with carrier (node/parent.cpp).
[[gnu::noinline]] static Result<void> find_phys(RawConfig& cfg, const char* nic, const Origin& lease) {
    if (nic[0]) return cfg.put(Key::phys, nic, lease);
    if (!cfg.has(Key::ipparam)) return {};
    // ip=<client>:<server>:<gw>:<netmask>:<host name>:<device>:... or dracut's
    // ip=<device>:<method> (ip=dhcp, ip=on: no device).
    std::string_view ip = cfg.value(Key::ipparam);
    std::string_view device = ipparam_field(ip, !ip.empty() && ip[0] >= '0' && ip[0] <= '9' ? 5 : 0);
    if (device == ip || !valid_ifname(device)) return {};
    return cfg.put(Key::phys, device, ipparam_origin(cfg));
}

// The Kerrighed kernel takes its node id from node_id=N on its own command
// line; a cluster booted the historic way has it there already.  krg.node,
// when given, wins.  The value keeps node_id's origin.
// Messages about the id then name node_id= as written.
static Result<void> adopt_node_id(RawConfig& cfg) {
    if (cfg.has(Key::node) || !cfg.has(Key::node_id)) return {};
    TRY(cfg.put(Key::node, cfg.value(Key::node_id), cfg.get(Key::node_id).origin));
    cfg.s[size_t(Key::node)].as_node_id = true;
    return {};
}

// --- all sources -------------------------------------------------------------------------------

Result<void> load_config(const SourceOptions& opt, RawConfig& cfg) {
    load_defaults(cfg);
    const char* conf = opt.conf ? opt.conf : CONFIG_NETCONF_PATH;
    auto text = read_config_file(conf, g_text, sizeof g_text, "read configuration");
    if (text.ok()) TRY(parse_netconf(text.value(), conf, cfg));
    else if (opt.conf || text.error().code != ENOENT) return text.release_error();  // no net.conf is fine
    TRY(load_cmdline(opt, cfg));
    TRY(adopt_node_id(cfg));
    // The parent NIC's first rule, BOOTIF=, before the leases are read:
    // then every NIC's are, as for krg.phys=bootif.
    bool find = ENABLE_FIND_PARENT && cfg.value(Key::phys).empty();
    if (find && cfg.has(Key::bootif)) TRY(cfg.put(Key::phys, "bootif", cfg.get(Key::bootif).origin));
    char nic[kIfNameSize] = "";
    Origin lease;
    if (cfg.value(Key::node) == "dhcp") TRY(resolve_dhcp_node(opt, cfg, nic, lease));
    if (find && cfg.value(Key::phys).empty()) TRY(find_phys(cfg, nic, lease));
    return {};
}

}  // namespace krg
