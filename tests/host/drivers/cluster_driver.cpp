// SPDX-License-Identifier: GPL-2.0-or-later
// Host-test driver for the nf_tables cluster IP (src/nl/nft.h, sys/mcast.h,
// cluster/buckets.h) on the real kernel, run inside a node's namespace:
//   cluster_driver install IF CIP/LEN CMAC NODES ID   rules + multicast join + address
//   cluster_driver status  IF CIP CMAC NODES ID       "ok" or what differs; exit 1 if it differs
//   cluster_driver remove  IF CIP/LEN CMAC            rules, membership, address (each may be gone)
//   cluster_driver serve   CIP PORT ID                answers every UDP datagram and TCP
//                                                     connection on CIP:PORT with "ID\n";
//                                                     logs "serving", then "udp|tcp SRC" each
//   cluster_driver ask     udp|tcp CIP PORT SRC...    one flow per source address; prints
//                                                     "SRC ID" (ID "-" when nobody answered
//                                                     within ASK_TIMEOUT_MS, default 2000)
//   cluster_driver print   IF CIP CMAC NODES ID       the ruleset text (format_cluster_ruleset)
//   cluster_driver buckets NODES ID                   prints the buckets ID serves: "1,5,9,13"
//   cluster_driver stream  CIP PORT MS SRC...         one UDP datagram from every source each MS ms until
//                                                    SIGTERM; prints "T SRC IDS" (T: ms since the epoch, IDS:
//                                                    the responders that answered in that period, "-": none)
//                                                    whenever a source's IDS differs from its previous period
//   cluster_driver receivers CIP PORT MS SRC...       one UDP datagram from every source at once, again every
//                                                    kReceiversResendMs, for MS ms; prints "SRC IDS" with every
//                                                    node that answered the source in that time (ascending: "2"
//                                                    one receiver, "1,3" two, "-" none)
//   cluster_driver owner-live NODES LIVE SRC...       the same with only the LIVE nodes up (buckets_live)
//   cluster_driver owner   NODES SRC...               prints "SRC ID": the node the hash of SRC
//                                                     picks, computed here as the CLUSTERIP target
//                                                     does (the nf_tables rule hashes alike)
// The legacy CLUSTERIP backend (sys/iptables.h), same arguments:
//   cluster_driver legacy-available                   prints "yes" or "no"
//   cluster_driver legacy-install IF CIP/LEN CMAC NODES ID   rule + extra buckets + address
//   cluster_driver legacy-status  IF CIP CMAC NODES ID       "ok" or "rule missing" (exit 1)
//   cluster_driver legacy-remove                      the empty filter table again
// Exit: 0 ok, 1 status differs, else the krgnet error status.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/result.h"
#include "cluster/buckets.h"
#include "nl/addr.h"
#include "nl/link.h"
#include "cluster/describe.h"
#include "nl/nft.h"
#include "sys/iptables.h"
#include "sys/mcast.h"
#include "sys/fd.h"

using namespace krg;

namespace {

int failed(const Error& e) {
    report(e);
    return int(e.exit);
}

int usage() {
    fprintf(stderr, "usage: see the head of tests/host/drivers/cluster_driver.cpp\n");
    return 2;
}

Ip4 ip_of(const char* s) {
    auto a = parse_ip4(s);
    if (!a.has_value()) exit(usage());
    return *a;
}

NodeSet nodes_of(const char* s) {
    const char* why;
    auto r = parse_nodeset(s, &why);
    if (!r.ok()) exit(usage());
    return r.value();
}

nl::ClusterRules rules_of(const char* ifname, Ip4 cip, const char* cmac, const char* nodes, const char* id) {
    nl::ClusterRules r;
    r.ifname = ifname;
    r.cip = cip;
    auto m = parse_mac(cmac);
    if (!m.has_value()) exit(usage());
    r.cmac = *m;
    r.buckets = buckets_of(nodes_of(nodes), atoi(id));
    return r;
}

// The bucket both backends pick for a source: CLUSTERIP's
// jhash_1word(ntohl(saddr), 0) (include/linux/jhash.h: the 4-byte jhash
// with the address as a number), reciprocal_scale(hash, 16) + 1.
uint32_t rol(uint32_t x, int k) { return x << k | x >> (32 - k); }
int bucket_of(Ip4 src) {
    uint32_t a, b, c;
    a = b = c = 0xdeadbeef + 4;
    a += src;
    c ^= b; c -= rol(b, 14);
    a ^= c; a -= rol(c, 11);
    b ^= a; b -= rol(a, 25);
    c ^= b; c -= rol(b, 16);
    a ^= c; a -= rol(c, 4);
    b ^= a; b -= rol(a, 14);
    c ^= b; c -= rol(b, 24);
    return int((uint64_t(c) * 16) >> 32) + 1;
}
Result<int> ifindex_of(nl::Socket& rt, const char* ifname);

ClusteripTarget legacy_of(const nl::ClusterRules& r, const char* id) {
    ClusteripTarget t;
    t.ifname = r.ifname;
    t.cip = r.cip;
    t.cmac = r.cmac;
    t.node = atoi(id);
    t.buckets = r.buckets;
    return t;
}

Result<int> raw_socket() {
    int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
    if (fd < 0) return call_error(errno, "open", "ip_tables socket", "socket");
    return fd;
}

Result<void> legacy_install(const ClusteripTarget& t, uint8_t len) {
    Fd sock(TRY(raw_socket()));
    auto rt = TRY(nl::Socket::open(NETLINK_ROUTE));
    int ifindex = TRY(ifindex_of(rt, t.ifname));
    TRY(clusterip_install(sock.fd, -1, t));
    return nl::add_addr(rt, ifindex, t.cip, len, t.ifname);
}

Result<int> ifindex_of(nl::Socket& rt, const char* ifname) {
    auto link = TRY(nl::get_link(rt, ifname));
    if (!link.has_value()) return Error::system(ENODEV, "find", ifname, "no such interface");
    return link->ifindex;
}

Result<void> install(const nl::ClusterRules& r, uint8_t len) {
    auto nf = TRY(nl::Socket::open(NETLINK_NETFILTER));
    auto rt = TRY(nl::Socket::open(NETLINK_ROUTE));
    int ifindex = TRY(ifindex_of(rt, r.ifname));
    TRY(nl::cluster_rules_install(nf, r));
    Fd sock(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    TRY(mcast_join(sock.fd, r.ifname, r.cmac));
    nl::AddrInfo have[16];
    size_t n = TRY(nl::list_addrs(rt, ifindex, have, 16));
    for (size_t i = 0; i < n && i < 16; i++)
        if (have[i].addr == r.cip) return {};
    return nl::add_addr(rt, ifindex, r.cip, len, r.ifname);
}

Result<bool> status(const nl::ClusterRules& r) {
    auto nf = TRY(nl::Socket::open(NETLINK_NETFILTER));
    nl::ClusterRulesSeen seen = TRY(nl::cluster_rules_query(nf));
    Text<128> why;
    if (!cluster_rules_differ(seen, r, why) && !TRY(mcast_joined(-1, r.ifname, r.cmac)))
        why.put("multicast membership missing");
    if (why.size()) printf("%s\n", why.c_str());
    else printf("ok buckets %s\n", [&] { static Text<64> b; format_buckets(b, seen.buckets); return b.c_str(); }());
    return why.size() == 0;
}

Result<void> remove(const nl::ClusterRules& r, uint8_t len) {
    auto nf = TRY(nl::Socket::open(NETLINK_NETFILTER));
    TRY(nl::cluster_rules_remove(nf));
    auto rt = TRY(nl::Socket::open(NETLINK_ROUTE));
    auto link = TRY(nl::get_link(rt, r.ifname));
    if (!link.has_value()) return {};
    Fd sock(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    TRY(mcast_leave(sock.fd, r.ifname, r.cmac));
    auto del = nl::del_addr(rt, link->ifindex, r.cip, len, r.ifname);
    if (!del.ok() && del.error().code != EADDRNOTAVAIL) return del.error();
    return {};
}

sockaddr_in sin_of(Ip4 a, uint16_t port) {
    sockaddr_in s{};
    s.sin_family = AF_INET;
    s.sin_addr.s_addr = htonl(a);
    s.sin_port = htons(port);
    return s;
}

int serve(Ip4 cip, uint16_t port, const char* id) {
    sockaddr_in at = sin_of(cip, port);
    int one = 1;
    int u = socket(AF_INET, SOCK_DGRAM, 0), t = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(u, (sockaddr*)&at, sizeof at) < 0 || bind(t, (sockaddr*)&at, sizeof at) < 0 || listen(t, 64) < 0) {
        perror("cluster_driver serve: bind");
        return 111;
    }
    char reply[16];
    int n = snprintf(reply, sizeof reply, "%s\n", id);
    printf("serving\n");
    fflush(stdout);
    for (;;) {
        pollfd p[2] = {{u, POLLIN, 0}, {t, POLLIN, 0}};
        if (poll(p, 2, -1) < 0) continue;
        if (p[0].revents & POLLIN) {
            char buf[64];
            sockaddr_in from{};
            socklen_t fl = sizeof from;
            if (recvfrom(u, buf, sizeof buf, 0, (sockaddr*)&from, &fl) >= 0) {
                sendto(u, reply, size_t(n), 0, (sockaddr*)&from, fl);
                printf("udp %s\n", inet_ntoa(from.sin_addr));
                fflush(stdout);
            }
        }
        if (p[1].revents & POLLIN) {
            sockaddr_in from{};
            socklen_t fl = sizeof from;
            int c = accept(t, (sockaddr*)&from, &fl);
            if (c >= 0) {
                printf("tcp %s\n", inet_ntoa(from.sin_addr));
                fflush(stdout);
                (void)!write(c, reply, size_t(n));
                close(c);
            }
        }
    }
}

// One flow from src; the answering node's id, or "-".
void ask(bool tcp, Ip4 cip, uint16_t port, Ip4 src, char* out, size_t cap) {
    snprintf(out, cap, "-");
    int s = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
    sockaddr_in from = sin_of(src, 0), to = sin_of(cip, port);
    const char* ms_text = getenv("ASK_TIMEOUT_MS");
    long ms = ms_text ? atol(ms_text) : 2000;
    timeval tv{ms / 1000, (ms % 1000) * 1000};
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (bind(s, (sockaddr*)&from, sizeof from) == 0 && connect(s, (sockaddr*)&to, sizeof to) == 0) {
        if (!tcp) (void)!send(s, "?", 1, 0);
        char buf[16] = {};
        ssize_t n = recv(s, buf, sizeof buf - 1, 0);
        if (n > 0) {
            buf[strcspn(buf, "\n")] = '\0';
            snprintf(out, cap, "%s", buf);
        }
    }
    close(s);
}

volatile sig_atomic_t g_stop = 0;

uint64_t epoch_ms() {
    timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return uint64_t(t.tv_sec) * 1000 + uint64_t(t.tv_nsec) / 1000000;
}

constexpr int kMaxStreams = 512;

// Bit i set for responder id i (1..63) heard in a period.
int stream(Ip4 cip, uint16_t port, int period_ms, int n, char** srcs) {
    static int fd[kMaxStreams];
    static uint64_t heard[kMaxStreams], before[kMaxStreams];
    if (n > kMaxStreams) return usage();
    signal(SIGTERM, [](int) { g_stop = 1; });
    sockaddr_in to = sin_of(cip, port);
    for (int i = 0; i < n; i++) {
        sockaddr_in from = sin_of(ip_of(srcs[i]), 0);
        fd[i] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        if (bind(fd[i], (sockaddr*)&from, sizeof from) < 0 || connect(fd[i], (sockaddr*)&to, sizeof to) < 0) {
            perror("cluster_driver stream: bind");
            return 111;
        }
        before[i] = ~uint64_t(0);
    }
    static pollfd p[kMaxStreams];
    while (!g_stop) {
        for (int i = 0; i < n; i++) (void)!send(fd[i], "?", 1, 0);
        uint64_t end = epoch_ms() + uint64_t(period_ms);
        for (uint64_t now; !g_stop && (now = epoch_ms()) < end;) {
            for (int i = 0; i < n; i++) p[i] = {fd[i], POLLIN, 0};
            if (poll(p, nfds_t(n), int(end - now)) <= 0) continue;
            for (int i = 0; i < n; i++) {
                char buf[16];
                ssize_t got;
                while ((got = recv(fd[i], buf, sizeof buf - 1, 0)) > 0) {
                    buf[got] = '\0';
                    int id = atoi(buf);
                    if (id > 0 && id < 64) heard[i] |= uint64_t(1) << id;
                }
            }
        }
        if (g_stop) break;  // a period cut short: no finding
        uint64_t t = epoch_ms();
        for (int i = 0; i < n; i++) {
            if (heard[i] != before[i]) {
                printf("%llu %s ", (unsigned long long)t, srcs[i]);
                const char* sep = "";
                for (int id = 1; id < 64; id++)
                    if (heard[i] >> id & 1) printf("%s%d", sep, id), sep = ",";
                printf("%s\n", *sep ? "" : "-");
            }
            before[i] = heard[i], heard[i] = 0;
        }
        fflush(stdout);
    }
    return 0;
}

// How often `receivers` sends each source's datagram again within its window.
constexpr int kReceiversResendMs = 250;

// Every responder of each source's flow over ms milliseconds: a node that
// accepts a flow it should not answers every datagram alongside its owner.
int receivers(Ip4 cip, uint16_t port, int ms, int n, char** srcs) {
    static int fd[kMaxStreams];
    static uint64_t heard[kMaxStreams];
    static pollfd p[kMaxStreams];
    if (n > kMaxStreams || ms <= 0) return usage();
    sockaddr_in to = sin_of(cip, port);
    for (int i = 0; i < n; i++) {
        sockaddr_in from = sin_of(ip_of(srcs[i]), 0);
        fd[i] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        if (bind(fd[i], (sockaddr*)&from, sizeof from) < 0 || connect(fd[i], (sockaddr*)&to, sizeof to) < 0) {
            perror("cluster_driver receivers: bind");
            return 111;
        }
    }
    uint64_t end = epoch_ms() + uint64_t(ms), next = 0;
    for (uint64_t now; (now = epoch_ms()) < end;) {
        if (now >= next) {
            for (int i = 0; i < n; i++) (void)!send(fd[i], "?", 1, 0);
            next = now + kReceiversResendMs;
        }
        for (int i = 0; i < n; i++) p[i] = {fd[i], POLLIN, 0};
        uint64_t until = next < end ? next : end;
        if (poll(p, nfds_t(n), int(until - now)) <= 0) continue;
        for (int i = 0; i < n; i++) {
            char buf[16];
            ssize_t got;
            // an ICMP error (no responder yet) reads as ECONNREFUSED: no answer
            while ((got = recv(fd[i], buf, sizeof buf - 1, 0)) > 0 || (got < 0 && errno == ECONNREFUSED)) {
                if (got < 0) continue;
                buf[got] = '\0';
                int id = atoi(buf);
                if (id > 0 && id < 64) heard[i] |= uint64_t(1) << id;
            }
        }
    }
    for (int i = 0; i < n; i++) {
        printf("%s ", srcs[i]);
        const char* sep = "";
        for (int id = 1; id < 64; id++)
            if (heard[i] >> id & 1) printf("%s%d", sep, id), sep = ",";
        printf("%s\n", *sep ? "" : "-");
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const char* cmd = argv[1];
    if (!strcmp(cmd, "install") || !strcmp(cmd, "remove")) {
        if (argc != (cmd[0] == 'i' ? 7 : 5)) return usage();
        auto cidr = parse_cidr(argv[3]);
        if (!cidr.has_value()) return usage();
        auto r = rules_of(argv[2], cidr->addr, argv[4], cmd[0] == 'i' ? argv[5] : "1", cmd[0] == 'i' ? argv[6] : "1");
        auto res = cmd[0] == 'i' ? install(r, cidr->len) : remove(r, cidr->len);
        return res.ok() ? 0 : failed(res.error());
    }
    if (!strcmp(cmd, "status") && argc == 7) {
        auto res = status(rules_of(argv[2], ip_of(argv[3]), argv[4], argv[5], argv[6]));
        return !res.ok() ? failed(res.error()) : res.value() ? 0 : 1;
    }
    if (!strcmp(cmd, "serve") && argc == 5) return serve(ip_of(argv[2]), uint16_t(atoi(argv[3])), argv[4]);
    if (!strcmp(cmd, "ask") && argc >= 5) {
        bool tcp = !strcmp(argv[2], "tcp");
        for (int i = 5; i < argc; i++) {
            char id[16];
            ask(tcp, ip_of(argv[3]), uint16_t(atoi(argv[4])), ip_of(argv[i]), id, sizeof id);
            printf("%s %s\n", argv[i], id);
        }
        return 0;
    }
    if (!strcmp(cmd, "print") && argc == 7) {
        static Text<2048> w;
        format_cluster_ruleset(w, rules_of(argv[2], ip_of(argv[3]), argv[4], argv[5], argv[6]));
        fputs(w.c_str(), stdout);
        return w.overflow() ? 111 : 0;
    }
    if (!strcmp(cmd, "buckets") && argc == 4) {
        Text<64> w;
        format_buckets(w, buckets_of(nodes_of(argv[2]), atoi(argv[3])));
        printf("%s\n", w.c_str());
        return 0;
    }
    if (!strcmp(cmd, "legacy-available") && argc == 2) {
        Fd sock(socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW));
        auto r = clusterip_available(sock.fd);
        if (!r.ok()) return failed(r.error());
        printf("%s\n", r.value() ? "yes" : "no");
        return 0;
    }
    if (!strcmp(cmd, "legacy-install") && argc == 7) {
        auto cidr = parse_cidr(argv[3]);
        if (!cidr.has_value()) return usage();
        auto res = legacy_install(legacy_of(rules_of(argv[2], cidr->addr, argv[4], argv[5], argv[6]), argv[6]), cidr->len);
        return res.ok() ? 0 : failed(res.error());
    }
    if (!strcmp(cmd, "legacy-status") && argc == 7) {
        Fd sock(socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW));
        ClusteripTarget t = legacy_of(rules_of(argv[2], ip_of(argv[3]), argv[4], argv[5], argv[6]), argv[6]);
        auto r = clusterip_present(sock.fd, t);
        if (!r.ok()) return failed(r.error());
        if (!r.value()) return printf("rule missing\n"), 1;
        auto have = clusterip_buckets(-1, t.cip);
        if (!have.ok()) return failed(have.error());
        Text<64> w;
        format_buckets(w, have.value());
        if (have.value() == t.buckets) return printf("ok buckets %s\n", w.c_str()), 0;
        w.put(" instead of ");
        format_buckets(w, t.buckets);
        printf("buckets %s\n", w.c_str());
        return 1;
    }
    if (!strcmp(cmd, "legacy-remove") && argc == 2) {
        Fd sock(socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW));
        auto r = clusterip_remove(sock.fd);
        return r.ok() ? 0 : failed(r.error());
    }
    if (!strcmp(cmd, "stream") && argc >= 6)
        return stream(ip_of(argv[2]), uint16_t(atoi(argv[3])), atoi(argv[4]), argc - 5, argv + 5);
    if (!strcmp(cmd, "receivers") && argc >= 6)
        return receivers(ip_of(argv[2]), uint16_t(atoi(argv[3])), atoi(argv[4]), argc - 5, argv + 5);
    if (!strcmp(cmd, "owner-live") && argc >= 4) {
        NodeSet nodes = nodes_of(argv[2]), live = nodes_of(argv[3]);
        for (int i = 4; i < argc; i++) {
            int b = bucket_of(ip_of(argv[i]));
            for (int n = 1; n <= kBuckets; n++)
                if (buckets_live(nodes, live, n) >> (b - 1) & 1) printf("%s %d\n", argv[i], n);
        }
        return 0;
    }
    if (!strcmp(cmd, "owner") && argc >= 3) {
        NodeSet nodes = nodes_of(argv[2]);
        for (int i = 3; i < argc; i++) {
            int b = bucket_of(ip_of(argv[i]));
            for (int n = 1; n <= kBuckets; n++)
                if (buckets_of(nodes, n) >> (b - 1) & 1) printf("%s %d\n", argv[i], n);
        }
        return 0;
    }
    return usage();
}
