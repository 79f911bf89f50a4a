// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet buckets --live LIST: this node serves the cluster IP's buckets that
// the failover rule (cluster/buckets.h, buckets_live) gives it when only the
// declared nodes in LIST are up.  What a cluster manager drives (Pacemaker's
// resource agent, corosync's membership notification; docs/cluster-ip.md).
//
//   nf_tables  the clusterip unit's one batch replaces the table and its set
//   CLUSTERIP  "-b" and "+b" for the difference in /proc/net/ipt_CLUSTERIP/CIP
//
// Then LIST is recorded in DIR/live beside net.env, where status, up and
// down read it.  Idempotent: the same LIST again changes nothing.  It works
// on a node that is up (its record), never in an initramfs (krgnet-server's).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/log.h"
#include "cli/options.h"
#include "cli/session.h"
#include "cluster/buckets.h"
#include "config/record.h"
#include "generated/config.h"
#include "node/units.h"
#include "sys/atomic_file.h"
#include "sys/fd.h"
#include "sys/iptables.h"
#include "sys/procnet.h"

namespace krg {

namespace {

#if KRG_CLUSTERIP
// The CLUSTERIP target's difference: "-b" for each bucket it serves and
// should not, then "+b" for each it should serve (never a moment with a
// bucket served twice on this node's side).
Result<void> clusterip_serve(int ns_fd, Ip4 cip, uint16_t have, uint16_t want) {
    Text<64> path;
    path.put("/proc/thread-self/net/ipt_CLUSTERIP/").put_ip4(cip);
    Fd proc(TRY(open_in(ns_fd, path.c_str(), O_WRONLY)));
    for (char sign : {'-', '+'}) {
        uint16_t bits = sign == '-' ? uint16_t(have & ~want) : uint16_t(want & ~have);
        for (int b = 1; b <= kBuckets; b++) {
            if (!(bits >> (b - 1) & 1)) continue;
            Text<8> cmd;
            cmd.put(sign).put_uint(uint64_t(b));
            if (write(proc.fd, cmd.c_str(), cmd.size()) < 0) return Error::system(errno, "serve buckets", path.c_str(), cmd.c_str());
        }
    }
    return {};
}

}  // namespace

Result<Served> serve_live(const RunOptions& opt, const NodeSet& live) {
    Session s;
    if (!TRY(begin(s, opt, From::record, "serve", true))) return Error::config("buckets", "krgnet is disabled (krg.net=0)");
    if (!s.from_record) return Error::system(ENOENT, "buckets:", "no record", "(krgnet up first)");
    if (!s.plan.cluster) return Error::config("buckets", "no cluster IP configured (krg.clusterip)");
    Served r;
    r.node = s.plan.node;
    r.before = buckets_live(s.plan.nodes, s.plan.live, s.plan.node);
    s.plan.live = live;
    Node node(s.plan, s.dir, false);
    for (const Unit* u : units()) TRY(u->inspect(node));
    r.repaired = TRY(kClusterIpUnit.ensure(node)) != Change::none;
    r.now = buckets_live(node.plan.nodes, node.plan.live, node.plan.node);
    if (node.cluster_backend == Backend::clusterip) {
        uint16_t have = TRY(clusterip_buckets(node.ns_fd, node.plan.cluster_ip));
        TRY(clusterip_serve(node.ns_fd, node.plan.cluster_ip, have, r.now));
    }
    Text<kMaxValue> text;
    if (live.count()) format_nodeset(text, live);
    else text.put(kNoLiveNode);
    TRY(write_file_atomic(s.dir, kLiveFile, text.put('\n').view()));
    return r;
}

namespace {

Result<int> serve(const RunOptions& opt, const NodeSet& live, const char* live_text) {
    Served r = TRY(serve_live(opt, live));
    Text<160> line;
    line.put("node ").put_uint(uint64_t(r.node)).put(" serves buckets ");
    if (r.now) format_buckets(line, r.now);
    else line.put("none");
    line.put(" (live ").put(live_text).put(r.before == r.now && !r.repaired ? "; unchanged)" : ")");
    log_info(line.c_str());
    return 0;
}
#endif

}  // namespace

int cmd_buckets(const RunOptions& opt, const char* live_text) {
#if KRG_CLUSTERIP
    const char* why = nullptr;
    auto live = strcmp(live_text, kNoLiveNode) ? parse_nodeset(live_text, &why) : Result<NodeSet>(NodeSet{});
    if (!live.ok()) return usage_error("--live", why);
    auto r = serve(opt, live.value(), live_text);
    return r.ok() ? r.value() : exit_with(r.error());
#else
    (void)opt, (void)live_text;
    return exit_with(Error::config("buckets", "not in this build (CONFIG_CLUSTERIP)"));
#endif
}

}  // namespace krg
