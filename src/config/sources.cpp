#include "config/sources.h"

#include <asm/unistd.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/file.h"
#include "generated/config.h"
#include "config/cmdline.h"
#include "config/lease.h"
#include "config/netconf.h"

namespace krg {

inline constexpr size_t kNameMax = 255;  // NAME_MAX: the longest directory entry
inline constexpr size_t kPathMax = 4096;  // PATH_MAX

static char g_text[kMaxConfFile];  // one file at a time

// --- directories, in name order, without a fixed count and without malloc ------------------
// The directory is scanned once per name (getdents64 into a stack buffer;
// opendir() would pull malloc into the binary): a handful of entries, and no
// limit on how many match or how long their names are.

struct Dir {
    int fd = -1;
    ~Dir() { if (fd >= 0) close(fd); }
};

// dir opened for listing; fd -1 when it does not exist.
static Result<void> open_dir(const char* path, const char* step, Dir& d) {
    d.fd = open(path, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
    if (d.fd < 0 && errno != ENOENT) return Error::make(Exit::config, errno, step, path, "");
    return {};
}

static bool matches(std::string_view name, std::string_view prefix, std::string_view suffix) {
    return name.size() > prefix.size() + suffix.size() && name[0] != '.' && starts_with(name, prefix) &&
           name.ends_with(suffix);
}

// The smallest name (strcmp order, as the shell's glob in the C locale)
// after `after` ("" for the first) matching prefix*suffix; false when none.
static Result<bool> next_name(const Dir& d, const char* path, const char* step, std::string_view prefix,
                              std::string_view suffix, const char* after, char (&out)[kNameMax + 1]) {
    if (d.fd < 0) return false;
    char last[kNameMax + 1];  // after may be out itself
    memcpy(last, after, strnlen(after, kNameMax) + 1);
    last[kNameMax] = '\0';
    if (lseek(d.fd, 0, SEEK_SET) < 0) return Error::make(Exit::config, errno, step, path, "");
    bool found = false;
    alignas(8) char buf[4096];
    for (;;) {
        long got = syscall(__NR_getdents64, d.fd, buf, sizeof buf);
        if (got < 0) return Error::make(Exit::config, errno, step, path, "");
        if (got == 0) break;
        // struct linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type, char name[]
        for (long off = 0; off + 19 < got;) {
            uint16_t reclen;
            memcpy(&reclen, buf + off + 16, sizeof reclen);
            if (reclen == 0 || off + reclen > got) return Error::make(Exit::config, EIO, step, path, "");
            const char* name = buf + off + 19;
            off += reclen;
            std::string_view n(name, strnlen(name, kNameMax + 1));
            if (n.size() > kNameMax || !matches(n, prefix, suffix)) continue;
            if (strcmp(name, last) <= 0 || (found && strcmp(name, out) >= 0)) continue;
            memcpy(out, name, n.size() + 1);
            found = true;
        }
    }
    return found;
}

static const char* join(Text<kPathMax>& path, const char* dir, const char* name) {
    path.clear();
    path.put(dir).put('/').put(name);
    return path.c_str();
}

// --- the kernel command line -----------------------------------------------------------------

inline constexpr const char* kReadCmdline = "read command line";

// One command-line file; a missing one is skipped when optional.
static Result<void> load_cmdline_file(const char* path, bool name_file, bool optional, RawConfig& cfg) {
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

static Result<void> load_cmdline(const SourceOptions& opt, RawConfig& cfg) {
    if (opt.cmdline) {
        Origin o;
        o.source = Source::cmdline;
        if (strlen(opt.cmdline) >= kMaxCmdline) return Error::config("--cmdline", "longer than the kernel allows");
        return parse_cmdline(opt.cmdline, o, cfg);
    }
    if (opt.cmdline_file) return load_cmdline_file(opt.cmdline_file, true, false, cfg);
    // As dracut's getcmdline merges them (sources.h): cmdline.d, /etc/cmdline, /proc/cmdline.
    const char* dir = opt.cmdline_dir ? opt.cmdline_dir : CONFIG_CMDLINE_DIR;
    Dir d;
    TRY(open_dir(dir, kReadCmdline, d));
    char name[kNameMax + 1] = "";
    Text<kPathMax> path;
    while (TRY(next_name(d, dir, kReadCmdline, "", ".conf", name, name))) {
        if (join(path, dir, name), path.overflow()) return Error::config(path.c_str(), "path too long");
        TRY(load_cmdline_file(path.c_str(), true, true, cfg));
    }
    TRY(load_cmdline_file(opt.etc_cmdline, true, true, cfg));
    return load_cmdline_file(opt.proc_cmdline, false, false, cfg);
}

// --- DHCP leases -----------------------------------------------------------------------------

inline constexpr const char* kReadLease = "read DHCP lease";

// The node id a lease file gives (0: none).  found_in_dir: a lease found by
// looking (skipped with a warning when not trustworthy), not one named by --lease.
static Result<int> lease_node(const char* path, bool found_in_dir, Origin& o) {
    FileRules rules;
    rules.owner_checked = true;
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
    int node = TRY(node_from_lease(text.value(), path));
    if (node) {
        o.source = Source::lease;
        copy_str(o.file, std::string_view(path).substr(0, kMaxPath - 1));
    }
    return node;
}

struct LeaseKind {
    bool enabled;
    const char* prefix;
    const char* suffix;
};

// krg.phys=bootif: every lease of either kind; those giving an id must agree.
static Result<int> any_nic_lease(const SourceOptions& opt, const LeaseKind (&kinds)[2], Origin& o) {
    int node = 0;
    Text<kPathMax> path;
    for (const LeaseKind& k : kinds) {
        if (!k.enabled) continue;
        Dir d;
        TRY(open_dir(opt.lease_dir, kReadLease, d));
        char name[kNameMax + 1] = "";
        while (TRY(next_name(d, opt.lease_dir, kReadLease, k.prefix, k.suffix, name, name))) {
            if (join(path, opt.lease_dir, name), path.overflow()) continue;
            Origin here;
            int n = TRY(lease_node(path.c_str(), true, here));
            if (!n) continue;
            if (node && n != node) {
                Text<kErrObject> obj;
                obj.put("DHCP lease ").put(path.c_str());
                Text<kErrDetail> why;
                why.put("gives node ").put_uint(uint64_t(n)).put(", ").put(o.file).put(" gives ")
                    .put_uint(uint64_t(node)).put(" (krg.phys=bootif: set krg.phys or --lease)");
                return Error::config(obj.c_str(), why.c_str());
            }
            if (!node) o = here;
            node = n;
        }
    }
    return node;
}

// krg.node=dhcp: ip= first, then --lease, then dracut's lease, then udhcpc's.
static Result<void> resolve_dhcp_node(const SourceOptions& opt, RawConfig& cfg) {
    Origin o;
    int node = 0;
    if (ENABLE_DHCP_IPPARAM && cfg.has(Key::ipparam)) {
        Text<kErrObject> what;
        describe_setting(what, Key::ipparam, cfg.get(Key::ipparam));
        node = TRY(node_from_ipparam(cfg.value(Key::ipparam), what.c_str()));
        o = cfg.get(Key::ipparam).origin;
        o.source = Source::lease;
        copy_str(o.file, "ip= parameter");
    }
    if (!node && opt.lease) node = TRY(lease_node(opt.lease, false, o));
    const LeaseKind kinds[2] = {
        {ENABLE_DHCP_DRACUT, "dhclient.", ".dhcpopts"},
        {ENABLE_DHCP_UDHCPC, "udhcpc.", ".env"},
    };
    std::string_view phys = cfg.value(Key::phys);
    if (!node && !opt.lease && phys == "bootif") node = TRY(any_nic_lease(opt, kinds, o));
    // The parent NIC's own leases; a name that could leave the directory is no NIC name.
    bool plain = !phys.empty() && phys != "bootif" && phys.find('/') == std::string_view::npos && phys != "." && phys != "..";
    for (const LeaseKind& k : kinds) {
        if (node || opt.lease || !plain || !k.enabled) continue;
        Text<kPathMax> path;
        path.put(opt.lease_dir).put('/').put(k.prefix).put(phys).put(k.suffix);
        if (path.overflow()) continue;
        node = TRY(lease_node(path.c_str(), true, o));
    }
    if (!node) return {};  // derive() reports krg.node=dhcp without an id
    char num[8];
    Writer w(num, sizeof num);
    w.put_uint(uint64_t(node));
    return cfg.put(Key::node, w.view(), o);
}

// --- all sources -------------------------------------------------------------------------------

Result<void> load_config(const SourceOptions& opt, RawConfig& cfg) {
    load_defaults(cfg);
    const char* conf = opt.conf ? opt.conf : CONFIG_NETCONF_PATH;
    auto text = read_config_file(conf, g_text, sizeof g_text, "read configuration");
    if (text.ok()) TRY(parse_netconf(text.value(), conf, cfg));
    else if (opt.conf || text.error().code != ENOENT) return text.release_error();  // no net.conf is fine
    TRY(load_cmdline(opt, cfg));
    if (cfg.value(Key::node) == "dhcp") TRY(resolve_dhcp_node(opt, cfg));
    return {};
}

}  // namespace krg
