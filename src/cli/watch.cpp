// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet watch: the cluster IP's failover for a cluster without a cluster
// manager, on a booted node (krgnet-server's; docs/cluster-ip.md "watch").
//
// Every kWatchIntervalMs it sends one ARP request from krg0 (sender: this
// node's own address) to each other declared node in 1..16, and counts as an
// answer any ARP frame for this node's address sent from a node's address
// during the interval (its reply, or its own watch's request).  A node missing kWatchMisses intervals
// in a row is silent; one answer makes it live again.  When the live set
// changes it serves the new one (serve_live: what `buckets --live` does) and
// logs one line per node that changed:
//
//   node 5 silent: buckets 5,6,11,15 now 1,2,9,1
//   node 5 back: buckets 5,6,11,15
//
// It also compares the cluster IP's objects with the record and puts them
// back when they were removed or altered (`nft flush ruleset` in the
// container): at the end of an interval in which the kernel notified a
// change of the namespace's nf_tables ruleset, links or IPv4 addresses, and
// every kWatchCompareEvery intervals for what nothing notifies (the CLUSTERIP
// target's buckets, the multicast membership).  A compare costs a dozen
// netlink round trips and namespace switches: once a second instead of five
// times keeps watch under 1 % of a core at 16 nodes.  Without the
// notification sockets it compares every interval.  Errors are logged once
// and retried the next interval;
// SIGTERM (or `krgnet down`, through DIR/watch.pid) stops it and leaves the
// buckets as they are.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/clock.h"
#include "base/log.h"
#include "base/stat.h"
#include "cli/options.h"
#include "cli/session.h"
#include "cluster/buckets.h"
#include "config/record.h"
#include "generated/config.h"
#include "node/units.h"
#include "sys/atomic_file.h"
#include "sys/fd.h"
#include "sys/netns.h"
#include "sys/probe.h"

namespace krg {

#if KRG_CLUSTERIP
namespace {

volatile sig_atomic_t g_stop = 0;

void on_signal(int) { g_stop = 1; }

// ARP frame: Ethernet header (14), then htype 2, ptype 2, hlen 1, plen 1,
// op 2, sender MAC 6, sender IP at 14 + 14.
constexpr size_t kArpSenderIp = 28;

// A full compare at least every this many intervals (1 s).
constexpr int kWatchCompareEvery = 5;

struct Watch {
    RunOptions opt;
    Plan plan;           // from the record, at the start
    NodeSet live;        // what this node serves now
    int misses[kBuckets + 1] = {};
    bool heard[kBuckets + 1] = {};
    Fd sock;
    Fd nf_events;        // NFNLGRP_NFTABLES of krg0's namespace, or -1
    Fd rt_events;        // RTNLGRP_LINK and RTNLGRP_IPV4_IFADDR there, or -1
    bool dirty = true;   // a notification came: compare at the interval's end
    int quiet = 0;       // intervals since the last compare
    int ifindex = 0;
    ino_t netns = 0;     // the namespace krg0 was in when sock was opened
    char last_error[kErrObject + kErrDetail + 32] = {};
};

// The node whose address sent this ARP frame, 0 for none we watch.
int sender_node(const Watch& w, const uint8_t* frame, size_t len) {
    if (len < kArpSenderIp + 4) return 0;
    Ip4 ip = Ip4(frame[kArpSenderIp]) << 24 | Ip4(frame[kArpSenderIp + 1]) << 16 |
             Ip4(frame[kArpSenderIp + 2]) << 8 | frame[kArpSenderIp + 3];
    for (int id = 1; id <= kBuckets; id++)
        if (id != w.plan.node && w.plan.nodes.has(id) && w.plan.node_addr(id) == ip) return id;
    return 0;
}

// A netlink socket of the namespace (-1: this one) joined to groups, or -1
// when the kernel refuses (no nf_tables loaded): watch then compares every
// interval.
int notify_socket(int netns, int protocol, const unsigned* groups, size_t count) {
    auto s = netns >= 0 ? socket_in(netns, AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK, protocol)
                        : Result<int>(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol));
    if (!s.ok() || s.value() < 0) return -1;
    Fd fd(s.value());
    // Bound (the kernel picks the port id): notifications that exclude no
    // sender go out with port id 0 excluded, which an unbound socket has.
    sockaddr_nl at{};
    at.nl_family = AF_NETLINK;
    if (bind(fd.fd, reinterpret_cast<sockaddr*>(&at), sizeof at) < 0) return -1;
    for (size_t i = 0; i < count; i++)
        if (setsockopt(fd.fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &groups[i], sizeof groups[i]) < 0) return -1;
    return fd.release();
}

Result<void> open_arp(Watch& w, const Node& n) {
    int netns = n.plan.isolate ? n.ns_fd : -1;
    struct stat st{};
    w.netns = netns >= 0 && fd_stat(netns, &st) == 0 ? st.st_ino : 0;
    static constexpr unsigned kNf[] = {NFNLGRP_NFTABLES};
    static constexpr unsigned kRt[] = {RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR};
    close_keeping_errno(w.nf_events.release());
    close_keeping_errno(w.rt_events.release());
    w.nf_events.fd = notify_socket(netns, NETLINK_NETFILTER, kNf, 1);
    w.rt_events.fd = notify_socket(netns, NETLINK_ROUTE, kRt, 2);
    w.dirty = true;
    close_keeping_errno(w.sock.release());
    if (netns >= 0) w.sock.fd = TRY(socket_in(netns, AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ARP)));
    else w.sock.fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_ARP));
    if (w.sock.fd < 0) return Error::system(errno, "watch:", "ARP socket on", n.plan.virt);
    sockaddr_ll at{};
    at.sll_family = AF_PACKET;
    at.sll_protocol = htons(ETH_P_ARP);
    at.sll_ifindex = w.ifindex = n.link->ifindex;
    if (bind(w.sock.fd, reinterpret_cast<sockaddr*>(&at), sizeof at) < 0) return Error::system(errno, "watch:", "bind to", n.plan.virt);
    // Only the frames sent to this node's address (a peer's reply, or its
    // own watch's request to us) and this node's own: on a 16-node cluster
    // every watch's 15 requests per interval reach every node, and reading
    // those 225 frames was most of watch's CPU time.
    sock_filter prog[kProbeFilterLen];
    build_probe_filter(prog, w.plan.addr);
    sock_fprog fprog = {kProbeFilterLen, prog};
    if (setsockopt(w.sock.fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof fprog) < 0)
        return Error::system(errno, "watch:", "ARP filter on", n.plan.virt);
    return {};
}

// Sends an ARP frame to the Ethernet broadcast address on krg0; an error
// (krg0 down) shows as the missing answers.
void broadcast(const Watch& w, const uint8_t* frame, size_t len) {
    sockaddr_ll to{};
    to.sll_family = AF_PACKET;
    to.sll_protocol = htons(ETH_P_ARP);
    to.sll_ifindex = w.ifindex;
    to.sll_halen = ETH_ALEN;
    memset(to.sll_addr, 0xff, ETH_ALEN);
    (void)!sendto(w.sock.fd, frame, len, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
}

// One request to each other declared node (errors: krg0 down, counted as
// silence by the peers' missing answers).
void ask_all(const Watch& w) {
    for (int id = 1; id <= kBuckets; id++) {
        if (id == w.plan.node || !w.plan.nodes.has(id)) continue;
        uint8_t frame[kProbeFrameMax];
        broadcast(w, frame, build_probe(frame, w.plan.mac, w.plan.node_addr(id), kUntagged, w.plan.addr));
    }
}

// A gratuitous ARP for the cluster IP with the cluster MAC as sender, what
// the kernel sends once the arp output rule rewrites it.  After a flushed
// ruleset the node answered ARP (and asked for clients) from the cluster IP
// with its own MAC, and a client then sends every flow to this node alone
// until its neighbour entry changes again: this changes it back at once.
void announce(const Watch& w) {
    uint8_t frame[kProbeFrameMax];
    size_t len = build_probe(frame, w.plan.mac, w.plan.cluster_ip, kUntagged, w.plan.cluster_ip);
    memcpy(frame + kArpSenderIp - 6, w.plan.cluster_mac.b, 6);  // the ARP sender MAC
    broadcast(w, frame, len);
}

// Reads and drops what a notification socket holds; any message, or a lost
// one (ENOBUFS), makes the interval's end compare.
void drain_events(Watch& w, int fd) {
    for (;;) {
        uint8_t buf[4096];
        ssize_t len = recv(fd, buf, sizeof buf, MSG_DONTWAIT | MSG_TRUNC);
        if (len < 0 && errno == EAGAIN) return;
        w.dirty = true;
        if (len < 0 && errno != ENOBUFS && errno != EINTR) return;
    }
}

// Reads frames and notifications until the interval ends (or a signal).
void listen_until(Watch& w, uint64_t end_ms) {
    for (;;) {
        uint64_t now = monotonic_ms();
        if (g_stop || now >= end_ms) return;
        pollfd p[3] = {{w.sock.fd, POLLIN, 0}, {w.nf_events.fd, POLLIN, 0}, {w.rt_events.fd, POLLIN, 0}};
        if (poll(p, 3, int(end_ms - now)) <= 0) continue;
        if (p[1].revents) drain_events(w, w.nf_events.fd);
        if (p[2].revents) drain_events(w, w.rt_events.fd);
        if (!p[0].revents) continue;
        for (;;) {
            uint8_t buf[kProbeFrameMax];
            sockaddr_ll from{};
            socklen_t fl = sizeof from;
            ssize_t len = recvfrom(w.sock.fd, buf, sizeof buf, MSG_DONTWAIT | MSG_TRUNC, reinterpret_cast<sockaddr*>(&from), &fl);
            if (len < 0) break;
            if (from.sll_pkttype == PACKET_OUTGOING) continue;
            if (int id = sender_node(w, buf, size_t(len) < sizeof buf ? size_t(len) : sizeof buf)) w.heard[id] = true;
        }
    }
}

// "5,6,11,15 now 1,2,9,1": bucket by bucket, the live owner.
void put_owners(Writer& o, const Plan& p, const NodeSet& live, uint16_t buckets) {
    const char* sep = "";
    for (int b = 1; b <= kBuckets; b++) {
        if (!(buckets >> (b - 1) & 1)) continue;
        int owner = 0;
        for (int n = 1; n <= kBuckets && !owner; n++)
            if (buckets_live(p.nodes, live, n) >> (b - 1) & 1) owner = n;
        o.put(sep).put_uint(uint64_t(owner)), sep = ",";
    }
}

// Logs e once (until another error or a success).
void report_once(Watch& w, const Error& e) {
    char text[sizeof w.last_error];
    format_error(e, text, sizeof text);
    if (!strcmp(text, w.last_error)) return;
    memcpy(w.last_error, text, sizeof text);
    warn_error("watch (retried every interval)", e);
}

void log_changes(const Watch& w, const NodeSet& before, const NodeSet& now) {
    for (int id = 1; id <= kBuckets; id++) {
        if (!w.plan.nodes.has(id) || before.has(id) == now.has(id)) continue;
        uint16_t own = buckets_of(w.plan.nodes, id);
        Text<160> line;
        line.put("node ").put_uint(uint64_t(id)).put(now.has(id) ? " back: buckets " : " silent: buckets ");
        format_buckets(line, own);
        if (!now.has(id)) put_owners(line.put(" now "), w.plan, now, own);
        log_info(line.c_str());
    }
}

// Whether the cluster IP's objects differ from the record (a flushed
// ruleset, a removed address).  When krg0 is no longer where the ARP socket
// was opened (`krgnet attach` moved it into the container), the socket is
// opened again and *moved is set: this interval's silence means nothing.
Result<bool> cluster_differs(Watch& w, bool* moved) {
    Session s;
    if (!TRY(begin(s, w.opt, From::record, "watch", false)) || !s.from_record) return false;
    Node node(s.plan, s.dir, false);
    if (!TRY(node.open_ns())) return false;
    node.link = TRY(node.find_link());
    if (!node.link.has_value()) return false;
    struct stat st{};
    ino_t ns = s.plan.isolate && fd_stat(node.ns_fd, &st) == 0 ? st.st_ino : 0;
    if (ns != w.netns || node.link->ifindex != w.ifindex) {
        *moved = true;
        TRY(open_arp(w, node));
        log_info("watch: krg0 moved (krgnet attach): listening there");
    }
    TRY(kClusterIpUnit.inspect(node));
    Text<512> lines;
    return kClusterIpUnit.compare(node, lines) > 0;
}

// One interval's decision: the new live set, served when it changed; the
// objects put back when they differ.
void step(Watch& w) {
    bool moved = false;
    bool check = w.dirty || w.nf_events.fd < 0 || w.rt_events.fd < 0 || ++w.quiet >= kWatchCompareEvery;
    if (check) w.dirty = false, w.quiet = 0;
    auto differs = check ? cluster_differs(w, &moved) : Result<bool>(false);
    if (moved) {
        for (bool& h : w.heard) h = false;
        return;
    }
    NodeSet now;
    now.add(w.plan.node);
    for (int id = 1; id <= kBuckets; id++) {
        if (id == w.plan.node || !w.plan.nodes.has(id)) continue;
        w.misses[id] = w.heard[id] ? 0 : w.misses[id] + 1;
        w.heard[id] = false;
        bool was = w.live.has(id);
        if (w.misses[id] == 0 || (was && w.misses[id] < kWatchMisses)) now.add(id);
    }
    for (int id = kBuckets + 1; id <= kMaxNode; id++)
        if (w.plan.nodes.has(id)) now.add(id);  // no bucket: never watched
    bool changed = now != w.live;
    if (!changed) {
        if (!differs.ok()) return report_once(w, differs.error());
        if (!differs.value()) return;
    }
    auto r = serve_live(w.opt, now);
    if (!r.ok()) return report_once(w, r.error());
    w.last_error[0] = '\0';
    if (changed) log_changes(w, w.live, now);
    else log_info("watch: the cluster IP's objects were removed or altered: put back"), announce(w);
    w.live = now;
}

Result<void> watch(Watch& w) {
    Session s;
    if (!TRY(begin(s, w.opt, From::record, "watch", false))) return {};
    if (!s.from_record) return Error::system(ENOENT, "watch:", "no record", "(krgnet up first)");
    if (!s.plan.cluster) return Error::config("watch", "no cluster IP configured (krg.clusterip)");
    w.plan = s.plan;
    w.live = s.plan.live;
    Node node(s.plan, s.dir, false);
    if (!TRY(node.open_ns())) return Error::system(ENOENT, "watch:", "no namespace", "(krgnet up first)");
    node.link = TRY(node.find_link());
    if (!node.link.has_value()) return Error::system(ENODEV, "watch:", s.plan.virt, "not up (krgnet status says more)");
    TRY(open_arp(w, node));
    Text<16> pid;
    pid.put_uint(uint64_t(getpid())).put('\n');
    TRY(write_file_atomic(s.dir, kWatchPidFile, pid.view()));
    Text<96> hello;
    hello.put("watch: node ").put_uint(uint64_t(s.plan.node)).put(", live ");
    format_nodeset(hello, w.live);
    log_info(hello.c_str());
    while (!g_stop) {
        uint64_t start = monotonic_ms();
        ask_all(w);
        listen_until(w, start + kWatchIntervalMs);
        if (!g_stop) step(w);
    }
    (void)remove_file(s.dir, kWatchPidFile);
    log_info("watch: stopped; the buckets stay as they are");
    return {};
}

}  // namespace
#endif

int cmd_watch(const RunOptions& opt) {
#if KRG_CLUSTERIP
    struct sigaction sa{};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    Watch w;
    w.opt = opt;
    auto r = watch(w);
    return r.ok() ? 0 : exit_with(r.error());
#else
    (void)opt;
    return exit_with(Error::config("watch", "not in this build (CONFIG_CLUSTERIP)"));
#endif
}

}  // namespace krg
