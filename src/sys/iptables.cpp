// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/iptables.h"

// The kernel's ip_tables UAPI brings linux/in.h: no <netinet/in.h> here.
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv4/ipt_CLUSTERIP.h>
#include <sys/socket.h>
#include <unistd.h>
#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "base/limits.h"
#include "sys/procnet.h"
#include "sys/fd.h"

namespace krg {

namespace {

constexpr const char kStep[] = "install CLUSTERIP rule";
constexpr uint32_t kHooks = 1 << NF_INET_LOCAL_IN | 1 << NF_INET_FORWARD | 1 << NF_INET_LOCAL_OUT;
constexpr uint32_t kMaxOldEntries = 64;  // a table this big is not the fresh one we own
constexpr int kAccept = -NF_ACCEPT - 1;  // a standard target's verdict

struct Out {
    uint8_t* p;
    size_t cap, len = 0;
    bool overflow = false;
    void* put(size_t n) {
        if (overflow || n > cap - len) return overflow = true, nullptr;
        void* at = p + len;
        memset(at, 0, n);
        len += n;
        return at;
    }
};

// An entry whose target (named `name`, with `data` bytes after its header) follows.
ipt_entry* entry(Out& o, const char* name, size_t data, void** target_data) {
    auto* e = static_cast<ipt_entry*>(o.put(sizeof(ipt_entry)));
    auto* t = static_cast<xt_entry_target*>(o.put(XT_ALIGN(sizeof(xt_entry_target) + data)));
    if (!e || !t) return nullptr;
    e->target_offset = sizeof(ipt_entry);
    e->next_offset = uint16_t(sizeof(ipt_entry) + XT_ALIGN(sizeof(xt_entry_target) + data));
    t->u.user.target_size = uint16_t(XT_ALIGN(sizeof(xt_entry_target) + data));
    copy_str(t->u.user.name, name);
    *target_data = t->data;
    return e;
}

void policy(Out& o) {
    void* d;
    if (entry(o, "", sizeof(int), &d)) memcpy(d, &kAccept, sizeof kAccept);
}

void rule(Out& o, const ClusteripTarget& t) {
    void* d;
    ipt_entry* e = entry(o, "CLUSTERIP", sizeof(ipt_clusterip_tgt_info), &d);
    if (!e) return;
    e->ip.dst.s_addr = __builtin_bswap32(t.cip);
    e->ip.dmsk.s_addr = 0xffffffff;
    size_t n = strnlen(t.ifname, IFNAMSIZ - 1);
    memcpy(e->ip.iniface, t.ifname, n);
    memset(e->ip.iniface_mask, 0xff, n + 1);  // the name and its NUL: no wildcard
    auto* info = static_cast<ipt_clusterip_tgt_info*>(d);
    info->flags = CLUSTERIP_FLAG_NEW;
    memcpy(info->clustermac, t.cmac.b, sizeof info->clustermac);
    info->num_total_nodes = kBuckets;
    info->num_local_nodes = 1;
    info->local_nodes[0] = uint16_t(t.node);
    info->hash_mode = CLUSTERIP_HASHMODE_SIP;
}

void proc_path(Writer& w, Ip4 cip) { w.put("/proc/thread-self/net/ipt_CLUSTERIP/").put_ip4(cip); }

Error ipt_error(int code, const char* step, const char* call) {
    const char* hint = code == ENOENT ? "no CLUSTERIP target in this kernel" : nullptr;
    return call_error(code, step, "table filter", call, hint);
}

Result<uint32_t> entries_now(int sock, const char* step) {
    ipt_getinfo info{};
    strcpy(info.name, "filter");
    socklen_t len = sizeof info;
    if (getsockopt(sock, IPPROTO_IP, IPT_SO_GET_INFO, &info, &len) < 0) return ipt_error(errno, step, "IPT_SO_GET_INFO");
    if (info.num_entries > kMaxOldEntries) return step_error(EBUSY, step, "table filter", "holds rules krgnet did not write");
    return info.num_entries;
}

Result<void> replace(int sock, const ClusteripTarget* t, const char* step) {
    uint32_t old = TRY(entries_now(sock, step));
    alignas(8) static uint8_t blob[kIptBlobSize];
    static xt_counters counters[kMaxOldEntries];
    size_t len = build_filter_replace(blob, sizeof blob, t, old, counters);
    if (setsockopt(sock, IPPROTO_IP, IPT_SO_SET_REPLACE, blob, socklen_t(len)) < 0)
        return ipt_error(errno, step, "IPT_SO_SET_REPLACE");
    return {};
}

}  // namespace

size_t build_filter_replace(uint8_t* buf, size_t cap, const ClusteripTarget* t, uint32_t old_entries, void* counters) {
    Out o{buf, cap};
    auto* r = static_cast<ipt_replace*>(o.put(sizeof(ipt_replace)));
    if (!r) return 0;
    size_t start = o.len;
    uint32_t at[3];  // where INPUT, FORWARD and OUTPUT start
    at[0] = 0;
    if (t) rule(o, *t);
    policy(o);  // INPUT's policy
    at[1] = uint32_t(o.len - start);
    policy(o);
    at[2] = uint32_t(o.len - start);
    policy(o);
    void* d;
    if (entry(o, XT_ERROR_TARGET, XT_FUNCTION_MAXNAMELEN, &d)) strcpy(static_cast<char*>(d), XT_ERROR_TARGET);
    if (o.overflow) return 0;
    strcpy(r->name, "filter");
    r->valid_hooks = kHooks;
    r->num_entries = t ? 5 : 4;
    r->size = uint32_t(o.len - start);
    r->hook_entry[NF_INET_LOCAL_IN] = at[0];
    r->underflow[NF_INET_LOCAL_IN] = at[1] - uint32_t(sizeof(ipt_entry) + XT_ALIGN(sizeof(xt_standard_target)));
    r->hook_entry[NF_INET_FORWARD] = r->underflow[NF_INET_FORWARD] = at[1];
    r->hook_entry[NF_INET_LOCAL_OUT] = r->underflow[NF_INET_LOCAL_OUT] = at[2];
    r->num_counters = old_entries;
    r->counters = static_cast<xt_counters*>(counters);
    return o.len;
}

Result<bool> clusterip_available(int sock) {
    xt_get_revision rev{};
    strcpy(rev.name, "CLUSTERIP");
    rev.revision = 0;
    socklen_t len = sizeof rev;
    if (getsockopt(sock, IPPROTO_IP, IPT_SO_GET_REVISION_TARGET, &rev, &len) == 0) return true;
    if (errno == ENOENT || errno == EPROTONOSUPPORT) return false;
    return call_error(errno, "ask for the CLUSTERIP target", "ip_tables", "IPT_SO_GET_REVISION_TARGET");
}

Result<void> clusterip_install(int sock, int netns_fd, const ClusteripTarget& t) {
    TRY(replace(sock, &t, kStep));
    TRY(clusterip_reconcile(netns_fd, t));  // the kernel may have kept an older rule's buckets
    return {};
}

Result<bool> clusterip_reconcile(int netns_fd, const ClusteripTarget& t) {
    uint16_t have = TRY(clusterip_buckets(netns_fd, t.cip));
    if (have == t.buckets) return false;
    Text<64> path;
    proc_path(path, t.cip);
    Fd proc(TRY(open_in(netns_fd, path.c_str(), O_WRONLY)));
    for (int b = 1; b <= kBuckets; b++) {
        unsigned bit = 1u << (b - 1);
        if (!((have ^ t.buckets) & bit)) continue;
        Text<8> cmd;
        cmd.put(t.buckets & bit ? '+' : '-').put_uint(uint64_t(b));
        if (write(proc.fd, cmd.c_str(), cmd.size()) < 0) return call_error(errno, kStep, path.c_str(), cmd.c_str());
    }
    return true;
}

Result<void> clusterip_remove(int sock) { return replace(sock, nullptr, "remove CLUSTERIP rule"); }

Result<bool> clusterip_present(int sock, const ClusteripTarget& t) {
    constexpr const char* step = "read CLUSTERIP rule";
    uint32_t n = TRY(entries_now(sock, step));
    ipt_getinfo info{};
    strcpy(info.name, "filter");
    socklen_t ilen = sizeof info;
    if (getsockopt(sock, IPPROTO_IP, IPT_SO_GET_INFO, &info, &ilen) < 0) return ipt_error(errno, step, "IPT_SO_GET_INFO");
    alignas(8) static uint8_t buf[sizeof(ipt_get_entries) + kIptBlobSize * 4];
    if (info.size > sizeof buf - sizeof(ipt_get_entries)) return false;
    auto* get = reinterpret_cast<ipt_get_entries*>(buf);
    memset(get, 0, sizeof *get);
    strcpy(get->name, "filter");
    get->size = info.size;
    socklen_t len = socklen_t(sizeof *get + info.size);
    if (getsockopt(sock, IPPROTO_IP, IPT_SO_GET_ENTRIES, get, &len) < 0) return ipt_error(errno, step, "IPT_SO_GET_ENTRIES");
    alignas(8) static uint8_t want[kIptBlobSize];
    if (!build_filter_replace(want, sizeof want, &t, n, nullptr)) return false;
    auto* w = reinterpret_cast<const ipt_entry*>(want + sizeof(ipt_replace));
    auto* wt = reinterpret_cast<const xt_entry_target*>(reinterpret_cast<const uint8_t*>(w) + w->target_offset);
    for (size_t off = 0; off + sizeof(ipt_entry) <= info.size;) {
        auto* e = reinterpret_cast<const ipt_entry*>(reinterpret_cast<const uint8_t*>(get->entrytable) + off);
        if (e->next_offset < sizeof(ipt_entry) || e->target_offset + sizeof(xt_entry_target) > e->next_offset) break;
        auto* et = reinterpret_cast<const xt_entry_target*>(reinterpret_cast<const uint8_t*>(e) + e->target_offset);
        // The match and the target up to local_nodes: what this rule is about.
        if (memcmp(&e->ip, &w->ip, sizeof e->ip) == 0 && !strcmp(et->u.user.name, "CLUSTERIP") &&
            e->next_offset == w->next_offset &&
            memcmp(et->data, wt->data, offsetof(ipt_clusterip_tgt_info, local_nodes)) == 0)
            return true;
        off += e->next_offset;
    }
    return false;
}

std::optional<uint16_t> parse_clusterip_buckets(std::string_view text) {
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    uint16_t mask = 0;
    while (!text.empty()) {
        size_t comma = text.find(',');
        auto b = parse_uint(text.substr(0, comma), kBuckets);
        if (!b.has_value() || *b == 0) return std::nullopt;
        mask = uint16_t(mask | 1u << (*b - 1));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
        if (text.empty()) return std::nullopt;  // a trailing comma
    }
    return mask;
}

Result<uint16_t> clusterip_buckets(int netns_fd, Ip4 cip) {
    Text<64> path;
    proc_path(path, cip);
    Fd proc(TRY(open_in(netns_fd, path.c_str(), O_RDONLY)));
    char buf[64];
    ssize_t n = read(proc.fd, buf, sizeof buf);
    if (n < 0) return call_error(errno, "read CLUSTERIP buckets", path.c_str(), "read");
    auto mask = parse_clusterip_buckets(std::string_view(buf, size_t(n)));
    if (!mask.has_value()) return step_error(EPROTO, "read CLUSTERIP buckets", path.c_str(), "not a list of nodes");
    return *mask;
}

}  // namespace krg
