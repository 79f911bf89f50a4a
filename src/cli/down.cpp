// krgnet down: removes what up created (the interface, the pinned namespace,
// the hand-off files); succeeds when there is nothing to remove.
#include <cerrno>

#include "base/log.h"
#include "cli/session.h"
#include "sys/netns.h"
#include "sys/state.h"

namespace krg {

static Result<void> down(const RunOptions& opt) {
    Plan plan = TRY(load_plan(opt.sources));
    if (!plan.enabled) {
        log_info("disabled by krg.net=0: nothing to do");
        return {};
    }
    auto opened = open_target_ns(plan);
    // A stale pin file (EINVAL: no namespace behind it) has no link to delete.
    if (!opened.ok() && opened.error().code != EINVAL) return opened.error();
    auto ns = opened.ok() ? opened.value() : std::optional<int>{};
    if (ns.has_value()) {
        nl::Socket inner = TRY(rtnl_in(*ns));
        auto link = TRY(nl::get_link(inner, plan.virt));
        if (link.has_value()) TRY(nl::delete_link(inner, link->ifindex, plan.virt));
    }
    if (plan.isolate) TRY(netns_remove(plan.netns));
    TRY(state_remove(opt.state_dir ? opt.state_dir : kStateDir));
    return {};
}

int cmd_down(const RunOptions& opt) {
    log_to_kmsg(true);
    auto r = down(opt);
    return r.ok() ? 0 : exit_with(r.error());
}

}  // namespace krg
