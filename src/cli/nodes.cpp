// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet nodes: sweeps the declared node set by ARP from krg0 inside the
// container namespace and prints which nodes answer; how an operator sees
// that the cluster network (and so the cluster IP) is up on every node.
// Every declared node is asked at once, within one probe window bounded by
// krg.timeout, and each line is printed as soon as it is known.
// Exit 0 when every declared node answers, 1 otherwise.  krgnet-server's.
#include <unistd.h>

#include <cerrno>

#include "base/clock.h"
#include "cli/session.h"
#include "node/node.h"
#include "sys/probe.h"

namespace krg {

namespace {

// Lines go out as they are known: the answers as they arrive, then the
// silent nodes at the end of the window.
void print_line(const Plan& plan, int id, const char* what, const Mac* holder) {
    Text<96> w;
    w.put("node ").put_uint(uint64_t(id)).put("  ").put_ip4(plan.node_addr(id)).put("  ").put(what);
    if (holder) w.put_mac(*holder);
    w.put('\n');
    (void)!write(STDOUT_FILENO, w.c_str(), w.size());
}

struct Sweep {
    const Plan* plan;
    int ids[kMaxSweepTargets];
    bool answered[kMaxSweepTargets] = {};
};

void answered(void* ctx, size_t i, const Mac& holder) {
    auto* s = static_cast<Sweep*>(ctx);
    s->answered[i] = true;
    print_line(*s->plan, s->ids[i], "answers from ", &holder);
}

// Every declared node at once, in one probe window (krg.dad, else
// kDefaultNodesProbeMs), and never longer than krg.timeout.
Result<int> sweep(const RunOptions& opt) {
    Session session;
    if (!TRY(begin(session, opt, From::record, "ask", false))) return 0;
    const Plan& plan = session.plan;
    Node node(plan, session.dir, false);
    node.link = TRY(node.find_link());
    if (!node.link.has_value()) return Error::system(ENODEV, "nodes:", plan.virt, "not up (krgnet status says more)");
    Sweep s;
    s.plan = &plan;
    Ip4 targets[kMaxSweepTargets];
    size_t n = 0;
    for (int id = kMinNode; id <= kMaxNode; id++) {
        if (!plan.nodes.has(id)) continue;
        if (id == plan.node) {
            print_line(plan, id, "this node", nullptr);
            continue;
        }
        s.ids[n] = id, targets[n++] = plan.node_addr(id);
    }
    ProbeRequest req = ask_peer(node, 0, plan.dad_ms ? plan.dad_ms : kDefaultNodesProbeMs);
    if (plan.timeout_s && req.timeout_ms > plan.timeout_s * kMsPerS) req.timeout_ms = plan.timeout_s * kMsPerS;
    TRY(sweep_addresses(req, {targets, n}, answered, &s));
    int silent = 0;
    for (size_t i = 0; i < n; i++) {
        if (s.answered[i]) continue;
        print_line(plan, s.ids[i], "no answer", nullptr);
        silent++;
    }
    return silent;
}

}  // namespace

int cmd_nodes(const RunOptions& opt) {
    auto r = sweep(opt);
    if (!r.ok()) return exit_with(r.error());
    return r.value() == 0 ? int(Exit::ok) : int(Exit::differs);
}

}  // namespace krg
