// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet down: removes, in reverse unit order, what up created (the hand-off
// record, the interface, the pinned namespace); succeeds when there is
// nothing to remove.  It works from up's record when there is one.
#include "base/log.h"
#include "cli/session.h"
#include "node/node.h"
#include "sys/atomic_file.h"
#include "sys/fd.h"
#include "sys/lock.h"

namespace krg {

static Result<void> down(const RunOptions& opt) {
    bool from_record = false;
    Plan plan = TRY(load_existing_plan(opt, &from_record));
    if (!plan.enabled) {
        log_info("disabled by krg.net=0: nothing to do");
        return {};
    }
    const char* dir = state_dir(opt);
    Fd lock(TRY(lock_run(dir, uint32_t(plan.timeout_s) * 1000)));
    Text<kStatePathSize + 64> w;
    w.put("down: node ").put_uint(uint64_t(plan.node)).put(" from ");
    if (from_record) w.put("the record ").put(dir).put("/net.env");
    else w.put("the configuration (no record in ").put(dir).put(')');
    log_info(w.c_str());
    Node node(plan, dir, false);
    auto all = units();
    for (size_t i = all.size(); i-- > 0;) TRY(all[i]->remove(node));
    TRY(remove_file(dir, kFailureFile));
    return {};
}

int cmd_down(const RunOptions& opt) {
    log_to_kmsg(true);
    auto r = down(opt);
    return r.ok() ? 0 : exit_with(r.error());
}

}  // namespace krg
