// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet down: removes, in reverse unit order, what the record `up` left
// proves krgnet made (the interface, the pinned namespace; each unit checks
// its object against the record: the namespace by the identity up recorded,
// node/netns.cpp), and the record itself last, so a down cut short leaves
// what a rerun needs.  Without a record nothing is removed: "nothing
// recorded", exit 0.  A pin holding another namespace than the recorded
// one is left, in one line, and is no failure: nothing of krgnet's is
// left that down could reach.
#include <signal.h>

#include <utility>

#include "base/file.h"
#include "base/log.h"
#include "config/record.h"
#include "cli/attach_record.h"
#include "cli/session.h"
#include "node/units.h"
#include "generated/config.h"
#include "sys/atomic_file.h"

namespace krg {

// A running `krgnet watch` (DIR/watch.pid, a krgnet process) is stopped
// first, so that it puts nothing back.
static void stop_watch(const char* dir) {
    Text<kStatePathSize> path, comm;
    char buf[32];
    if (!join_path(path, dir, kWatchPidFile).ok()) return;
    auto text = read_file(path.c_str(), buf, sizeof buf, "read");
    auto pid = text.ok() ? parse_uint(text.value().substr(0, text.value().find('\n')), 1u << 22) : std::nullopt;
    if (!pid.has_value() || *pid < 2) return;
    comm.put("/proc/").put_uint(*pid).put("/comm");
    auto name = read_file(comm.c_str(), buf, sizeof buf, "read");
    if (name.ok() && name.value().starts_with("krgnet")) kill(pid_t(*pid), SIGTERM);
    (void)remove_file(dir, kWatchPidFile);
}

static Result<void> down(const RunOptions& opt) {
    Text<kStatePathSize> record;
    TRY(join_path(record, opt.state_dir ? opt.state_dir : CONFIG_STATE_DIR, kRecordFile));
    if (!file_exists(record.c_str())) {
        Text<kStatePathSize + 64> w;
        w.put("down: nothing recorded (no ").put(record.view()).put("): nothing removed");
        log_info(w.c_str());
        return {};
    }
    Session s;
    if (!TRY(begin(s, opt, From::record, "do", true))) return {};
    Text<kStatePathSize + 64> w;
    w.put("down: node ").put_uint(uint64_t(s.plan.node)).put(" from "), describe_source(w, s);
    log_info(w.c_str());
    stop_watch(s.dir);
    Node node(s.plan, s.dir, false);
    // An attach cut short after krg0 moved: krg0 is in the recorded
    // container's namespace, the pin still names the old one.
    AttachRecord rec = TRY(read_attach_record(s.dir));
    if (rec.found && !rec.done) {
        copy_str(node.attach_id, rec.netns);  // it may have re-pinned the name already
        Node there(s.plan, s.dir, false);
        there.ns_fd = open_recorded_netns(rec);
        if (there.ns_fd >= 0 && TRY(there.find_link()).has_value()) std::swap(node.ns_fd, there.ns_fd);
    }
    auto all = units();
    for (size_t i = all.size(); i-- > 0;) {
        if (all[i] != &kHandoffUnit) TRY(all[i]->remove(node));
    }
    TRY(remove_file(s.dir, kFailureFile));
    TRY(remove_file(s.dir, kAttachFile));
    return kHandoffUnit.remove(node);  // the record, last
}

int cmd_down(const RunOptions& opt) {
    log_to_kmsg(true);
    auto r = down(opt);
    return r.ok() ? 0 : exit_with(r.error());
}

}  // namespace krg
