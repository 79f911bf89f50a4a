// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet down: removes, in reverse unit order, what up created (the hand-off
// record, the interface, the pinned namespace); succeeds when there is
// nothing to remove.  It works from up's record when there is one.
#include "base/log.h"
#include "cli/session.h"
#include "node/node.h"
#include "sys/atomic_file.h"

namespace krg {

static Result<void> down(const RunOptions& opt) {
    Session s;
    if (!TRY(begin(s, opt, From::record, "do", true))) return {};
    Text<kStatePathSize + 64> w;
    w.put("down: node ").put_uint(uint64_t(s.plan.node)).put(" from "), describe_source(w, s);
    log_info(w.c_str());
    Node node(s.plan, s.dir, false);
    auto all = units();
    for (size_t i = all.size(); i-- > 0;) TRY(all[i]->remove(node));
    TRY(remove_file(s.dir, kFailureFile));
    return {};
}

int cmd_down(const RunOptions& opt) {
    log_to_kmsg(true);
    auto r = down(opt);
    return r.ok() ? 0 : exit_with(r.error());
}

}  // namespace krg
