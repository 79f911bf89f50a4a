// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet up: DESIGN.md steps 4-7, as the unit list in order.  Every unit
// this run changed is journalled; any failure undoes them in reverse, so a
// failed boot leaves the node as it found it.
#include <unistd.h>

#include <cerrno>

#include "base/clock.h"
#include "base/log.h"
#include "cli/attach_record.h"
#include "cli/historic.h"
#include "cli/session.h"
#include "cluster/buckets.h"
#include "generated/config.h"
#include "config/format.h"
#include "node/node.h"
#include "sys/atomic_file.h"
#include "sys/fd.h"
#include "sys/lock.h"

namespace krg {

namespace {

constexpr size_t kMaxUnits = 16;

// The units this run changed, undone in reverse on failure.
class Journal {
public:
    explicit Journal(Node& node) : node_(node) {}
    void add(const Unit* u) { done_[n_++] = u; }
    void rollback() {
        while (n_ > 0) {
            const Unit* u = done_[--n_];
            auto r = u->undo ? u->undo(node_) : u->remove(node_);
            if (!r.ok()) warn_error("rollback", r.error());
        }
    }
    size_t size() const { return n_; }

private:
    Node& node_;
    const Unit* done_[kMaxUnits];
    size_t n_ = 0;
};

void log_done(const Node& n, bool changed, uint64_t start) {
    const Plan p = n.resolved();
    Text<384> w;
    if (!changed) {
        w.put(p.virt).put(" already up as planned (node ").put_uint(uint64_t(p.node)).put(")");
        log_info(w.c_str());
        return;
    }
    w.put("node ").put_uint(uint64_t(p.node)).put(": ").put(p.virt).put(" (").put(nl::link_kind_name(p.kind));
    if (p.kind == nl::LinkKind::vlan) w.put(' ').put_uint(p.vlan);
    w.put(" on ").put(p.phys).put(") ").put_mac(p.mac).put(' ').put_cidr(p.addr, p.prefix_len);
    w.put(" mtu ").put_uint(p.mtu);
    if (p.isolate) w.put(" in netns ").put(p.netns);
    if constexpr (ENABLE_CLUSTERIP) if (p.cluster) {
        w.put(", cluster IP ").put_cidr(p.cluster_ip, p.cluster_len);
        w.put(n.cluster_backend == Backend::clusterip ? " via CLUSTERIP" : " via nf_tables").put(", buckets ");
        format_buckets(w, buckets_of(p.nodes, p.node));
    }
    w.put(", carrier after ").put_uint(n.carrier_ms).put(" ms, up in ").put_uint(monotonic_ms() - start).put(" ms, ").put_uint(nl::total_round_trips()).put(" netlink round trips");
    log_info(w.c_str());
}

Result<void> up(const RunOptions& opt) {
    uint64_t start = monotonic_ms();
    Session s;
    if (!TRY(begin(s, opt, From::sources, "do", false))) return {};
    // The minimal build runs in an initramfs, where the real root's
    // /etc/kerrighed scripts are not to be seen; attach warns there too.
    if constexpr (ENABLE_OPERATOR_COMMANDS) warn_historic_scripts(opt.sources.conf);
    s.lock.fd = TRY(lock_run(s.dir, s.plan.timeout_s * kMsPerS));
    // An attach cut short may have left krg0 in its container's namespace
    // while the pin still names the old one: a krg0 made there would be a
    // second one with the same MAC.  attach finishes it, down undoes it;
    // an initramfs (the minimal build) never has one.
    if constexpr (ENABLE_OPERATOR_COMMANDS) {
        AttachRecord rec = TRY(read_attach_record(s.dir));
        if (rec.found && !rec.done)
            return Error::system(EBUSY, "up: attach to", rec.path, kCutShort);
    }
    Node node(s.plan, s.dir, opt.replace);
    Journal journal(node);
    for (const Unit* u : units()) {
        auto change = u->inspect(node);
        auto done = change.ok() ? u->ensure(node) : change.release_error();
        if (!done.ok()) {
            journal.rollback();
            return done.error();
        }
        if (done.value() != Change::none) journal.add(u);
    }
    log_done(node, journal.size() > 0, start);
    return {};
}

}  // namespace

int cmd_up(const RunOptions& opt) {
    log_to_kmsg(true);
    const char* dir = opt.state_dir ? opt.state_dir : CONFIG_STATE_DIR;
    auto r = up(opt);
    if (r.ok()) {
        (void)remove_file(dir, kFailureFile);
        return 0;
    }
    // The reason outlives the initramfs (krg.onerror=continue): status shows it.
    if (r.error().exit == Exit::system) {
        char line[kErrObject + kErrDetail + 32];
        size_t len = format_error(r.error(), line, sizeof line - 1);
        line[len++] = '\n';
        (void)write_file_atomic(dir, kFailureFile, {line, len});
    }
    return exit_with(r.error());
}

}  // namespace krg
