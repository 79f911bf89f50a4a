#include "config/sources.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "base/file.h"
#include "generated/config.h"
#include "config/cmdline.h"
#include "config/lease.h"
#include "config/netconf.h"

namespace krg {

inline constexpr size_t kMaxDirEntries = 32;   // cmdline.d snippets / lease files looked at
inline constexpr size_t kNameSize = 64;

static char g_text[kMaxConfFile];  // one file at a time

// Sorted names in dir matching prefix*suffix; returns how many (at most kMaxDirEntries).
static size_t list_dir(const char* dir, std::string_view prefix, std::string_view suffix,
                       char (&names)[kMaxDirEntries][kNameSize]) {
    // getdents64 into a stack buffer: opendir() would pull malloc into the binary.
    size_t n = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return 0;
    alignas(8) char buf[4096];
    for (;;) {
        long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (got <= 0) break;
        for (long off = 0; off < got;) {
            auto* e = reinterpret_cast<dirent64*>(buf + off);
            off += e->d_reclen;
            std::string_view name = e->d_name;
            if (name.size() <= prefix.size() + suffix.size() || !starts_with(name, prefix) || !name.ends_with(suffix)) continue;
            if (n == kMaxDirEntries || !copy_str(names[n], name)) continue;
            n++;
        }
    }
    close(fd);
    for (size_t i = 1; i < n; i++)  // insertion sort: a handful of names
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char tmp[kNameSize];
            memcpy(tmp, names[j], kNameSize);
            memcpy(names[j], names[j - 1], kNameSize);
            memcpy(names[j - 1], tmp, kNameSize);
        }
    return n;
}

static Result<void> load_cmdline_file(const char* path, bool name_file, RawConfig& cfg) {
    std::string_view text = TRY(read_file(path, g_text, kMaxCmdline, "read command line"));
    Origin o;
    o.source = Source::cmdline;
    if (name_file) copy_str(o.file, std::string_view(path).substr(0, kMaxPath - 1));
    return parse_cmdline(text, o, cfg);
}

static Result<void> load_cmdline(const SourceOptions& opt, RawConfig& cfg) {
    if (opt.cmdline) {
        Origin o;
        o.source = Source::cmdline;
        if (strlen(opt.cmdline) >= kMaxCmdline) return Error::config("--cmdline", "longer than the kernel allows");
        return parse_cmdline(opt.cmdline, o, cfg);
    }
    if (opt.cmdline_file) return load_cmdline_file(opt.cmdline_file, true, cfg);
    // As dracut merges them: /etc/cmdline.d/*.conf first, /proc/cmdline last (wins).
    char names[kMaxDirEntries][kNameSize];
    size_t n = list_dir(CONFIG_CMDLINE_DIR, "", ".conf", names);
    for (size_t i = 0; i < n; i++) {
        Text<kMaxPath> path;
        path.put(CONFIG_CMDLINE_DIR).put('/').put(names[i]);
        TRY(load_cmdline_file(path.c_str(), true, cfg));
    }
    return load_cmdline_file("/proc/cmdline", false, cfg);
}

static Result<int> lease_node(const char* path, Origin& o) {
    std::string_view text = TRY(read_file(path, g_text, sizeof g_text, "read DHCP lease"));
    o.source = Source::lease;
    copy_str(o.file, std::string_view(path).substr(0, kMaxPath - 1));
    return node_from_lease(text, path);
}

// krg.node=dhcp: ip= first, then dracut's lease, then udhcpc's.
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
    if (!node && opt.lease) node = TRY(lease_node(opt.lease, o));
    struct LeaseKind { bool enabled; const char* prefix; const char* suffix; };
    const LeaseKind kinds[] = {
        {ENABLE_DHCP_DRACUT, "dhclient.", ".dhcpopts"},
        {ENABLE_DHCP_UDHCPC, "udhcpc.", ".env"},
    };
    for (const LeaseKind& k : kinds) {
        if (node || opt.lease || !k.enabled) continue;
        char names[kMaxDirEntries][kNameSize];
        size_t n = list_dir(opt.lease_dir, k.prefix, k.suffix, names);
        for (size_t i = 0; i < n && !node; i++) {
            Text<kMaxPath> path;
            path.put(opt.lease_dir).put('/').put(names[i]);
            node = TRY(lease_node(path.c_str(), o));
        }
    }
    if (!node) return {};  // derive() reports krg.node=dhcp without an id
    char num[8];
    Writer w(num, sizeof num);
    w.put_uint(uint64_t(node));
    return cfg.put(Key::node, w.view(), o);
}

// The Kerrighed kernel takes its node id from node_id=N on its own command
// line; a cluster booted the historic way has it there already.  krg.node,
// when given, wins.  The value keeps node_id's origin.
static Result<void> adopt_node_id(RawConfig& cfg) {
    if (cfg.has(Key::node) || !cfg.has(Key::node_id)) return {};
    return cfg.put(Key::node, cfg.value(Key::node_id), cfg.get(Key::node_id).origin);
}

Result<void> load_config(const SourceOptions& opt, RawConfig& cfg) {
    load_defaults(cfg);
    const char* conf = opt.conf ? opt.conf : CONFIG_NETCONF_PATH;
    if (opt.conf || file_exists(conf)) {
        std::string_view text = TRY(read_file(conf, g_text, sizeof g_text, "read configuration"));
        TRY(parse_netconf(text, conf, cfg));
    }
    TRY(load_cmdline(opt, cfg));
    TRY(adopt_node_id(cfg));
    if (cfg.value(Key::node) == "dhcp") TRY(resolve_dhcp_node(opt, cfg));
    return {};
}

}  // namespace krg
