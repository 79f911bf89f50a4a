// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet nodes: sweeps the declared node set by ARP from krg0 inside the
// container namespace and prints which nodes answer; how an operator sees
// that the cluster network (and so the cluster IP) is up on every node.
// Exit 0 when every declared node answers, 1 otherwise.
#include <unistd.h>

#include <cerrno>

#include "cli/session.h"
#include "node/node.h"
#include "sys/probe.h"

namespace krg {

namespace {

Result<int> sweep(const RunOptions& opt, Writer& w) {
    Session s;
    if (!TRY(begin(s, opt, From::record, "ask", false))) return 0;
    const Plan& plan = s.plan;
    Node node(plan, s.dir, false);
    node.link = TRY(node.find_link());
    if (!node.link.has_value()) return Error::system(ENODEV, "nodes:", plan.virt, "not up (krgnet status says more)");
    int silent = 0;
    for (int id = kMinNode; id <= kMaxNode; id++) {
        if (!plan.nodes.has(id)) continue;
        w.put("node ").put_uint(uint64_t(id)).put("  ").put_ip4(plan.node_addr(id)).put("  ");
        if (id == plan.node) {
            w.put("this node\n");
            continue;
        }
        ProbeRequest req = ask_peer(node, id, plan.dad_ms ? plan.dad_ms : kDefaultNodesProbeMs);
        ProbeResult r = TRY(probe_address(req));
        if (r.taken) {
            w.put("answers from ").put_mac(r.holder).put('\n');
        } else {
            w.put("no answer\n");
            silent++;
        }
    }
    return silent;
}

}  // namespace

int cmd_nodes(const RunOptions& opt) {
    Text<16384> w;
    auto r = sweep(opt, w);
    (void)!write(STDOUT_FILENO, w.c_str(), w.size());
    if (!r.ok()) return exit_with(r.error());
    return r.value() == 0 ? int(Exit::ok) : int(Exit::differs);
}

}  // namespace krg
