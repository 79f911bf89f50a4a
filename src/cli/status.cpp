// krgnet status: compares the kernel's state with the plan and prints each
// difference; exit 0 only when they match, 1 when they differ.
#include <unistd.h>

#include <cerrno>

#include "base/file.h"
#include "cli/session.h"
#include "config/format.h"
#include "sys/netns.h"
#include "sys/state.h"

namespace krg {

static char g_state[4096];

// Returns the number of differences, each printed to w.
static Result<int> compare(const RunOptions& opt, Writer& w) {
    Plan plan = TRY(load_plan(opt.sources));
    if (!plan.enabled) {
        w.put("krgnet disabled (krg.net=0)\n");
        return 0;
    }
    nl::Socket host = TRY(nl::Socket::open(NETLINK_ROUTE));
    auto parent = find_parent(host, plan, false);
    int parent_ifindex = 0;
    if (parent.ok()) {
        parent_ifindex = parent.value().ifindex;
        plan.mtu = TRY(resolve_mtu(plan, parent.value().mtu));
    } else {
        w.put("parent ").put(plan.phys_bootif ? "bootif" : plan.phys).put(": missing\n");
    }
    int diffs = parent.ok() ? 0 : 1;
    auto ns = TRY(open_target_ns(plan));
    if (!ns.has_value()) {
        w.put("namespace ").put(plan.netns).put(": not pinned\n");
        return diffs + 1;
    }
    nl::Socket inner = TRY(rtnl_in(*ns));
    auto link = TRY(nl::get_link(inner, plan.virt));
    if (!link.has_value()) {
        w.put(plan.virt).put(": missing\n");
        return diffs + 1;
    }
    Addrs addrs = TRY(link_addrs(inner, link->ifindex));
    diffs += compare_link(plan, *link, parent_ifindex, &addrs, w);

    Text<1024> env;
    format_env(env, plan);
    Text<kStatePathSize> path;
    path.put(opt.state_dir ? opt.state_dir : kStateDir).put('/').put(kEnvFile);
    auto have = read_file(path.c_str(), g_state, sizeof g_state, "read");
    if (!have.ok()) {
        w.put(path.c_str()).put(": missing\n");
        diffs++;
    } else if (have.value() != env.view()) {
        w.put(path.c_str()).put(": differs from the plan\n");
        diffs++;
    }
    return diffs;
}

int cmd_status(const RunOptions& opt) {
    Text<2048> w;
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
