// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet status: inspects every unit, then asks every unit whether what was
// found matches the plan, and prints each difference; exit 0 only when all
// match, 1 when any differs.  It works from up's record when there is one.
#include "cli/status.h"

#include <unistd.h>

#include <cerrno>

#include "base/file.h"
#include "cli/attach_record.h"
#include "config/record.h"
#include "generated/config.h"
#include "sys/atomic_file.h"

namespace krg {

namespace {

char g_failure[512];
constexpr size_t kMaxUnitLines = 1024;

}  // namespace

Result<int> compare_all(const RunOptions& opt, const StatusSink& sink, bool* enabled) {
    Session s;
    *enabled = TRY(begin(s, opt, From::record, "compare", false));
    sink.start(sink.ctx, s);
    if (!*enabled) return 0;
    int diffs = 0;
    Text<kStatePathSize> path;
    TRY(join_path(path, s.dir, kFailureFile));
    auto failed = read_file(path.c_str(), g_failure, sizeof g_failure, "read");
    if (failed.ok()) {
        diffs++;
        sink.failure(sink.ctx, failed.value());
    }
    AttachRecord rec = TRY(read_attach_record(s.dir));
    if (rec.found && !rec.done) {
        diffs++;
        if (sink.cut_short) sink.cut_short(sink.ctx, rec.path);
    }
    Node node(s.plan, s.dir, false);
    if (rec.found && !rec.done) copy_str(node.attach_id, rec.netns);  // it may have re-pinned the name
    for (const Unit* u : units()) TRY(u->inspect(node));
    for (const Unit* u : units()) {
        Text<kMaxUnitLines> lines;
        int n = u->compare(node, lines);
        diffs += n;
        sink.unit(sink.ctx, node, *u, lines.view(), n);
    }
    return diffs;
}

int print_status(Writer& w, const Result<int>& diffs, bool text) {
    if (!diffs.ok()) return exit_with(diffs.error());
    if (w.overflow()) return exit_with(Error::system(EFBIG, "print", "the status", "longer than krgnet's buffer"));
    if (text && diffs.value() == 0) w.put("krgnet: status: the kernel's state matches the plan\n");
    (void)!write(STDOUT_FILENO, w.c_str(), w.size());
    return int(diffs.value() == 0 ? Exit::ok : Exit::differs);
}

int cmd_status(const RunOptions& opt) {
    static Text<4096> w;
    StatusSink sink{
        &w,
        [](void* ctx, const Session& s) {
            Writer& o = *static_cast<Writer*>(ctx);
            o.put("plan: node ").put_uint(uint64_t(s.plan.node)).put(" from "), describe_source(o, s), o.put('\n');
            if (ENABLE_CLUSTERIP && s.plan.live != s.plan.nodes) {
                o.put("live nodes ");
                if (s.plan.live.count()) format_nodeset(o, s.plan.live);
                else o.put(kNoLiveNode);
                o.put(" (krgnet buckets --live)\n");
            }
        },
        [](void* ctx, std::string_view line) { static_cast<Writer*>(ctx)->put("last up failed: ").put(line); },
        [](void* ctx, const Node&, const Unit&, std::string_view lines, int) { static_cast<Writer*>(ctx)->put(lines); },
        [](void* ctx, std::string_view path) {
            static_cast<Writer*>(ctx)->put("attach to ").put(path).put(": ").put(kCutShort).put('\n');
        },
    };
    bool enabled = true;
    auto r = compare_all(opt, sink, &enabled);
    if (r.ok() && !enabled) w.put("krgnet disabled (krg.net=0)\n");
    return print_status(w, r, true);
}

}  // namespace krg
