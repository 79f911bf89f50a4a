// krgnet status: asks every unit whether the kernel's state matches the
// plan and prints each difference; exit 0 only when all match, 1 when any
// differs.  It works from up's record when there is one.
#include <unistd.h>

#include "base/file.h"
#include "cli/session.h"
#include "node/node.h"
#include "sys/atomic_file.h"

namespace krg {

namespace {

char g_failure[512];

Result<int> compare(const RunOptions& opt, Writer& w) {
    bool from_record = false;
    Plan plan = TRY(load_existing_plan(opt, &from_record));
    const char* dir = state_dir(opt);
    w.put("plan: node ").put_uint(uint64_t(plan.node)).put(" from ");
    if (from_record) w.put("the record ").put(dir).put("/net.env\n");
    else w.put("the configuration (no record in ").put(dir).put(")\n");
    if (!plan.enabled) {
        w.put("krgnet disabled (krg.net=0)\n");
        return 0;
    }
    int diffs = 0;
    Text<kStatePathSize> path;
    TRY(join_path(path, dir, kFailureFile));
    if (auto failed = read_file(path.c_str(), g_failure, sizeof g_failure, "read"); failed.ok()) {
        w.put("last up failed: ").put(failed.value());
        diffs++;
    }
    Node node(plan, dir, false);
    for (const Unit* u : units()) diffs += TRY(u->matches(node, w));
    return diffs;
}

}  // namespace

int cmd_status(const RunOptions& opt) {
    Text<4096> w;
    auto r = compare(opt, w);
    if (!r.ok()) return exit_with(r.error());
    (void)!write(STDOUT_FILENO, w.c_str(), w.size());
    if (r.value() == 0) {
        const char ok[] = "krgnet: status: the kernel's state matches the plan\n";
        (void)!write(STDOUT_FILENO, ok, sizeof ok - 1);
        return int(Exit::ok);
    }
    return int(Exit::differs);
}

}  // namespace krg
