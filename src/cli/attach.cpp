// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet attach PID | --netns-path PATH: hands krg0 to a container that
// made its own network namespace (the historic krgboot with ISOLATE_NET):
//
//   1. the target: /proc/PID/ns/net (or PATH), refused when it is this
//      process's own namespace (krg0 would leave the container);
//   2. already attached (the pin IS the target and krg0 is there): nothing;
//   3. krg0 moves from the pinned namespace into the target in one
//      RTM_NEWLINK (IFLA_NET_NS_FD);
//   4. /run/netns/<krg.netns> is re-pinned to the target, so status, down
//      and other runtimes find the container's namespace by name;
//   5. the units' ensure runs against the target: what the move dropped
//      (lo and krg0 up, the address, later the cluster IP) comes back, and
//      the hand-off record is rewritten if it differs.
//
// A failure after step 3 moves krg0 back, restores the old pin and
// re-ensures the units there: the node is left as it was.
//
// Before step 3 the attach record (cli/attach_record.h) names the target,
// so a run killed at any step is finished by the next attach (krg0 found
// in the recorded target is settled there) or undone by down; status
// reports it.  krg0 attached to a container that still runs (a process in
// the pinned namespace) is not taken by another attach without --replace.
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "base/clock.h"
#include "base/log.h"
#include "cli/attach_record.h"
#include "cli/historic.h"
#include "cli/session.h"
#include "config/record.h"
#include "node/node.h"
#include "sys/atomic_file.h"
#include "sys/fd.h"
#include "sys/lock.h"
#include "sys/netns.h"

namespace krg {

namespace {

constexpr const char kStep[] = "attach";
constexpr const char kOwnNetns[] = "/proc/self/ns/net";
constexpr uint64_t kPidMax = 4194304;  // PID_MAX_LIMIT on 64-bit kernels

// "PID 1234" or the path, for messages.
struct Target {
    Text<kErrObject> object;
    Text<64> pid_path;  // /proc/PID/ns/net when given a PID
    const char* path = nullptr;
    bool by_pid = false;
};

Result<void> parse_target(const AttachOptions& a, Target& t) {
    if (a.netns_path) {
        t.path = a.netns_path;
        t.object.put(a.netns_path);
        return {};
    }
    auto pid = parse_uint(a.pid ? a.pid : "", kPidMax);
    if (!pid.has_value() || *pid == 0) {
        Error e = Error::usage(a.pid ? a.pid : "attach", "not a process id (attach PID or attach --netns-path PATH)");
        return e.hint("see krgnet --help");
    }
    t.by_pid = true;
    t.object.put("PID ").put_uint(*pid);
    t.pid_path.put("/proc/").put_uint(*pid).put("/ns/net");
    t.path = t.pid_path.c_str();
    return {};
}

// The target namespace, with errors worded for a PID where it was one.
Result<int> open_target(const Target& t) {
    auto fd = netns_open_file(t.path);
    if (fd.ok()) return fd.value();
    Error e = fd.error();
    if (!t.by_pid) return Error::system(e.code, kStep, t.object.c_str(), e.detail);
    if (e.code == ENOENT || e.code == ESRCH) return Error::system(e.code, kStep, t.object.c_str(), "no such process");
    if (e.code == EPERM || e.code == EACCES)
        return permission_hint(Error::system(e.code, kStep, t.object.c_str(), "not permitted to open its network namespace"));
    return Error::system(e.code, kStep, t.object.c_str(), e.detail);
}

// Repins the name to node's namespace, then ensures every unit there.
Result<void> settle(Node& node) {
    TRY(hinted(netns_repin(node.plan.netns, node.ns_fd)));
    for (const Unit* u : units()) {
        TRY(u->inspect(node));
        TRY(u->ensure(node));
    }
    return {};
}

// A PID whose process exited while we held its namespace: krg0 would live
// on in a namespace nobody uses.  Checked after the move.
Result<void> still_there(const Target& t, int target_fd) {
    if (!t.by_pid) return {};
    auto fd = netns_open_file(t.path);
    if (fd.ok()) {
        Fd again(fd.value());
        if (same_namespace(again.fd, target_fd)) return {};
    }
    return Error::system(ESRCH, kStep, t.object.c_str(), "the process exited during attach");
}

// "attach PID 1234: <a><b><c>".
Error refused(int code, const Target& t, const char* a, const char* b = "", const char* c = "") {
    Text<kErrDetail> why;
    why.put(a).put(b).put(c);
    return Error::system(code, kStep, t.object.c_str(), why.c_str());
}

// A process living in the namespace ns_fd (a running container), or 0.
uint64_t live_pid_in(int ns_fd) {
    DIR* proc = opendir("/proc");
    if (!proc) return 0;
    uint64_t found = 0;
    while (dirent* e = readdir(proc)) {
        auto pid = parse_uint(e->d_name, kPidMax);
        if (!pid.has_value() || *pid == uint64_t(getpid())) continue;
        Text<64> path;
        path.put("/proc/").put_uint(*pid).put("/ns/net");
        Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (fd.fd >= 0 && same_namespace(fd.fd, ns_fd)) {
            found = *pid;
            break;
        }
    }
    closedir(proc);
    return found;
}

// An attach killed after krg0 moved and before it was settled: krg0 is in
// the recorded target, unconfigured, and the pin still names the old
// namespace.  Finishes it there, so the pin names the target from then on.
Result<void> finish_cut_short(const Plan& plan, const char* dir, AttachRecord& rec) {
    if (!rec.found || rec.done) return {};
    int fd = open_recorded_netns(rec);
    if (fd < 0) return {};
    Node there(plan, dir, false);
    there.ns_fd = fd;
    if (!TRY(there.find_link()).has_value()) return {};  // still where it was: the attach starts over
    TRY(settle(there));
    rec.done = true;
    TRY(write_attach_record(dir, rec));
    Text<kErrObject + 64> w;
    w.put("finished the attach to ").put(rec.path).put(" that was cut short");
    log_info(w.c_str());
    return {};
}

// krg0 back where it was, configured as before, the old pin restored.
void rollback(Node& from, Node& to) {
    auto back = [&]() -> Result<void> {
        auto link = TRY(from.find_link());
        if (link.has_value()) {
            nl::Socket* s = TRY(from.inner());
            TRY(nl::move_link(*s, link->ifindex, to.ns_fd, to.plan.virt));
        }
        return settle(to);
    };
    if (auto r = back(); !r.ok()) warn_error("rollback", r.error());
}

Result<void> attach(const RunOptions& opt, const AttachOptions& a) {
    Target t;
    TRY(parse_target(a, t));
    Session s;
    if (!TRY(begin(s, opt, From::record, "attach", false))) return {};
    const Plan& plan = s.plan;
    warn_historic_scripts(opt.sources.conf);
    if (!plan.isolate) {
        log_info("krg.isolate=0: krg0 stays in the initial namespace, nothing to attach");
        return {};
    }
    Fd target(TRY(open_target(t)));
    {
        Fd own(open(kOwnNetns, O_RDONLY | O_CLOEXEC));
        if (own.fd < 0) return call_error(errno, kStep, kOwnNetns, "open", "is /proc mounted?");
        if (same_namespace(own.fd, target.fd))
            return refused(EINVAL, t, "the host's own network namespace (", plan.virt, " would leave the container)");
    }
    if (!s.from_record) {  // only up's record proves which namespace and link are krgnet's
        Text<kErrDetail> why;
        why.put("no record of up (").put(s.dir).put('/').put(kRecordFile).put("): nothing krgnet made to attach (krgnet up first)");
        return Error::system(ENOENT, kStep, t.object.c_str(), why.c_str());
    }
    const char* dir = s.dir;
    s.lock.fd = TRY(lock_run(dir, plan.timeout_s * kMsPerS));

    Node old(plan, dir, false);
    AttachRecord rec = TRY(read_attach_record(dir));
    if (rec.found && !rec.done) copy_str(old.attach_id, rec.netns);  // finished below, it holds the pin
    TRY(finish_cut_short(plan, dir, rec));  // the pin may be what was cut short
    if (!TRY(old.open_ns())) {
        if (old.pin == Pin::foreign) return refused(EPERM, t, "namespace ", plan.netns, " holds another namespace than the one up recorded");
        return refused(ENOENT, t, "namespace ", plan.netns, " is not pinned (krgnet up first)");
    }
    if (old.pin == Pin::unproven) return refused(EPERM, t, "the record does not name the namespace up pinned (no KRG_NETNS_ID)");
    auto link = TRY(old.find_link());
    if (same_namespace(old.ns_fd, target.fd)) {
        if (!link.has_value()) return refused(ENODEV, t, plan.virt, " is missing from it (krgnet up creates it there)");
        Text<kErrObject + 64> w;
        w.put(plan.virt).put(" already attached to ").put(t.object.c_str());
        log_info(w.c_str());
        return {};
    }
    if (!link.has_value()) return refused(ENODEV, t, plan.virt, " is not in the pinned namespace (krgnet up first)");
    if (rec.found && !opt.replace) {  // krg0 is a container's: is it still running?
        int was = open_recorded_netns(rec);
        bool pinned = was >= 0 && same_namespace(was, old.ns_fd);
        if (was >= 0) close(was);
        if (uint64_t pid = pinned ? live_pid_in(old.ns_fd) : 0) {
            Text<32> holder;
            holder.put("PID ").put_uint(pid);
            return refused(EBUSY, t, plan.virt, " belongs to the running container of ", holder.c_str())
                .hint("krgnet attach --replace takes it");
        }
    }
    AttachRecord prev = rec;
    rec = AttachRecord{};
    rec.found = true;
    copy_str(rec.path, std::string_view(t.path));
    {
        Text<kNetnsIdSize> id;
        netns_identity(id, target.fd);
        copy_str(rec.netns, id.view());
    }
    TRY(write_attach_record(dir, rec));  // the intent, before anything moves
    Node moved(plan, dir, false);
    moved.ns_fd = dup(target.fd);
    if (moved.ns_fd < 0) return call_error(errno, kStep, t.object.c_str(), "dup");
    if (TRY(moved.find_link()).has_value()) return refused(EEXIST, t, "its namespace already has a link named ", plan.virt);
    nl::Socket* inner = TRY(old.inner());
    TRY(hinted(nl::move_link(*inner, link->ifindex, target.fd, plan.virt)));
    Result<void> r = settle(moved);
    if (r.ok()) r = still_there(t, target.fd);
    if (r.ok()) {
        rec.done = true;
        r = write_attach_record(dir, rec);
    }
    if (!r.ok()) {
        rollback(moved, old);
        auto back = prev.found ? write_attach_record(dir, prev) : remove_file(dir, kAttachFile);
        if (!back.ok()) warn_error("rollback", back.error());
        return r;
    }
    Text<kErrObject + 128> w;
    w.put(plan.virt).put(" attached to ").put(t.object.c_str()).put("; ").put(kNetnsDir).put('/').put(plan.netns);
    w.put(" now pins its namespace");
    log_info(w.c_str());
    return {};
}

}  // namespace

int cmd_attach(const RunOptions& opt, const AttachOptions& a) {
    log_to_kmsg(true);
    auto r = attach(opt, a);
    return r.ok() ? 0 : exit_with(r.error());
}

}  // namespace krg
