#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Real-kernel smoke check of the netlink layer (src/nl), as root: builds a
# small program from the host objects and runs it in a throwaway network
# namespace with a veth parent.  It creates a macvlan on the parent, reads it
# back, brings it up, adds/lists/deletes an address, waits for a link that
# appears later (RTNLGRP_LINK events), creates a link directly in a second
# namespace (IFLA_NET_NS_FD) and reads it there through an adopted socket,
# checks the kernel's errors (EEXIST, ENODEV, vlan without 8021q with its
# ext-ack text), runs an all-or-nothing nf_tables batch, and deletes
# everything.  Both namespaces are removed on exit, whatever happens.
#   usage: tests/host/nl-smoke.sh        (from the repository root)
set -euo pipefail

ns=krgnl$$
target=krgnlt$$
# shellcheck source=tests/lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
check_tmpdir "$ns"
tmp=$CHECK_TMP
at_exit "ip netns del $ns 2>/dev/null; ip netns del $target 2>/dev/null; true"

objs=$(find src/nl src/base -name '*.cpp' | sed 's|^src/\(.*\)\.cpp$|build/host/\1.o|' | sort)
# shellcheck disable=SC2086
make -s $objs
cat > "$tmp/smoke.cpp" <<'EOF'
#include <fcntl.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "nl/addr.h"
#include "nl/link.h"
#include "nl/wait.h"

using namespace krg;
using namespace krg::nl;

static int failures = 0;
#define CHECK(cond) do { if (cond) printf("  ok: %s\n", #cond); else { printf("  FAIL: %s (line %d)\n", #cond, __LINE__); failures++; } } while (0)

static void show(const char* label, const Error& e) {
    char buf[400];
    format_error(e, buf, sizeof buf);
    printf("  %s -> krgnet: %s\n", label, buf);
}

static int64_t now_ms() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

static Result<void> nft_table(Socket& s, uint16_t msg, uint16_t flags, const char* a, const char* b) {
    MsgBuf<512> req;
    batch_begin(req);
    for (const char* name : {a, b}) {
        if (!name) continue;
        req.put_header(nft_type(msg), uint16_t(NLM_F_REQUEST | NLM_F_ACK | flags));
        put_nfgen(req, kNfprotoInet);
        req.put_strz(NFTA_TABLE_NAME, name);
    }
    batch_end(req);
    return s.transact(req, {"nft", "batch"});
}

static bool nft_has(Socket& s, const char* name) {
    MsgBuf<128> req;
    req.put_header(nft_type(NFT_MSG_GETTABLE), NLM_F_REQUEST | NLM_F_ACK);
    put_nfgen(req, kNfprotoInet);
    req.put_strz(NFTA_TABLE_NAME, name);
    return s.transact(req, {"nft", name}).ok();
}

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    const Mac mac{{0xf0, 0, 0, 0, 7, 4}};
    Socket s = MUST(Socket::open(NETLINK_ROUTE));

    printf("get_link\n");
    auto parent = MUST(get_link(s, "veth0"));
    CHECK(parent.has_value() && parent->ifindex > 0 && !strcmp(parent->kind, "veth"));
    CHECK(!MUST(get_link(s, "nope0")).has_value());
    CHECK(MUST(get_link(s, parent->ifindex))->ifindex == parent->ifindex);

    printf("create macvlan\n");
    NewLink l{.name = "krg0", .parent = parent->ifindex, .kind = LinkKind::macvlan, .mac = mac, .has_mac = true,
              .mtu = 1496, .parent_name = "veth0"};
    CHECK(create_link(s, l).ok());
    auto again = create_link(s, l);
    CHECK(!again.ok() && again.error().code == EEXIST);
    if (!again.ok()) show("second create", again.error());
    auto k = MUST(get_link(s, "krg0"));
    CHECK(k.has_value() && k->mtu == 1496 && k->has_mac && k->mac == mac && k->link == parent->ifindex);
    CHECK(k.has_value() && !strcmp(k->kind, "macvlan") && k->macvlan_mode == kMacvlanModeBridge && !k->up());

    printf("create vlan\n");
    NewLink v{.name = "krg7", .parent = parent->ifindex, .kind = LinkKind::vlan, .vlan_id = 7, .mac = mac,
              .has_mac = true, .mtu = 1496, .parent_name = "veth0"};
    auto vr = create_link(s, v);
    if (vr.ok()) {
        auto vl = MUST(get_link(s, "krg7"));
        CHECK(vl.has_value() && vl->vlan_id == 7 && !strcmp(vl->kind, "vlan"));
        CHECK(delete_link(s, "krg7").ok());
    } else {
        Error e = vr.error();
        add_kind_hint(e, v.kind);
        show("vlan create (no 8021q here?)", e);
        CHECK(e.code == EOPNOTSUPP && strstr(e.detail, "Unknown device type") && strstr(e.detail, "8021q"));
    }

    printf("up, address\n");
    CHECK(set_link_up(s, k->ifindex, "krg0").ok());
    CHECK(MUST(get_link(s, "krg0"))->up());
    const Ip4 addr = 0x0a048704;
    CHECK(add_addr(s, k->ifindex, addr, 18, "krg0").ok());
    auto dup = add_addr(s, k->ifindex, addr, 18, "krg0");
    CHECK(!dup.ok() && dup.error().code == EEXIST);
    if (!dup.ok()) show("second address", dup.error());
    AddrInfo have[4];
    size_t n = MUST(list_addrs(s, k->ifindex, have, 4));
    CHECK(n == 1 && have[0].addr == addr && have[0].prefix_len == 18);
    CHECK(MUST(list_addrs(s, parent->ifindex, have, 4)) == 0);
    CHECK(del_addr(s, k->ifindex, addr, 18, "krg0").ok());
    CHECK(MUST(list_addrs(s, k->ifindex, have, 4)) == 0);

    printf("find by MAC, wait\n");
    auto bymac = MUST(find_link_by_mac(s, mac));
    CHECK(bymac.has_value() && !strcmp(bymac->name, "krg0"));
    CHECK(wait_for_link(s, LinkMatch::named("krg0"), 1000).ok());
    int64_t t0 = now_ms();
    auto missing = wait_for_link(s, LinkMatch::named("nope0"), 300);
    int64_t waited = now_ms() - t0;
    CHECK(!missing.ok() && missing.error().code == ETIMEDOUT && waited >= 290 && waited < 800);
    if (!missing.ok()) show("wait for a missing link", missing.error());
    Socket events = MUST(open_link_events());  // subscribed before the link exists
    pid_t child = fork();
    if (child == 0) {
        usleep(200000);
        Socket c = MUST(Socket::open(NETLINK_ROUTE));
        NewLink late{.name = "late0", .parent = parent->ifindex, .kind = LinkKind::macvlan};
        _exit(create_link(c, late).ok() ? 0 : 1);
    }
    t0 = now_ms();
    auto late = wait_for_link(s, events, LinkMatch::named("late0"), 5000);
    waited = now_ms() - t0;
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(late.ok() && waited >= 150 && waited < 2000);
    printf("  (late0 appeared after %lld ms)\n", (long long)waited);

    printf("create in another namespace\n");
    char path[128];
    snprintf(path, sizeof path, "/run/netns/%s", argv[1]);
    int target = open(path, O_RDONLY | O_CLOEXEC);
    int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    CHECK(target >= 0 && home >= 0);
    NewLink there = l;
    there.name = "krg1";
    there.mac.b[5] = 5;  // macvlan refuses to bring up a second MAC equal to krg0's (EADDRINUSE)
    there.netns_fd = target;
    CHECK(create_link(s, there).ok());
    CHECK(!MUST(get_link(s, "krg1")).has_value());
    CHECK(setns(target, CLONE_NEWNET) == 0);
    int raw = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    CHECK(setns(home, CLONE_NEWNET) == 0);
    Socket ts = MUST(Socket::adopt(raw));
    auto in = MUST(get_link(ts, "krg1"));
    CHECK(in.has_value() && in->mtu == 1496 && in->mac == there.mac && in->link_netnsid >= 0);
    auto up_there = set_link_up(ts, in->ifindex, "krg1");
    if (!up_there.ok()) show("up in the other namespace", up_there.error());
    CHECK(up_there.ok());
    CHECK(delete_link(ts, "krg1").ok());
    CHECK(!MUST(get_link(ts, "krg1")).has_value());

    printf("nf_tables batch\n");
    Socket nf = MUST(Socket::open(NETLINK_NETFILTER));
    CHECK(nft_table(nf, NFT_MSG_NEWTABLE, 0, "krgsmoke", nullptr).ok());
    CHECK(nft_has(nf, "krgsmoke"));
    auto both = nft_table(nf, NFT_MSG_NEWTABLE, NLM_F_EXCL, "krgother", "krgsmoke");
    CHECK(!both.ok() && both.error().code == EEXIST);
    if (!both.ok()) show("batch with a duplicate table", both.error());
    CHECK(!nft_has(nf, "krgother"));  // all or nothing
    CHECK(nft_table(nf, NFT_MSG_DELTABLE, 0, "krgsmoke", nullptr).ok());
    CHECK(!nft_has(nf, "krgsmoke"));

    printf("delete\n");
    CHECK(delete_link(s, k->ifindex, "krg0").ok());
    CHECK(delete_link(s, "late0").ok());
    auto gone = delete_link(s, "krg0");
    CHECK(!gone.ok() && gone.error().code == ENODEV);
    CHECK(!MUST(get_link(s, "krg0")).has_value());

    printf("round trips: %u on the route socket, %llu in all\n", s.round_trips(),
           (unsigned long long)total_round_trips());
    printf("%s\n", failures ? "nl-smoke: FAILED" : "nl-smoke: all checks passed");
    return failures ? 1 : 0;
}
EOF
# shellcheck disable=SC2086
g++ -std=c++20 -fno-exceptions -fno-rtti -g -O1 -D_GNU_SOURCE -fsanitize=address,undefined \
    -fno-sanitize-recover=all -Wall -Wextra -Wshadow -Wno-missing-field-initializers \
    -Isrc -Ibuild/gen -o "$tmp/smoke" "$tmp/smoke.cpp" $objs

ip netns add "$ns"
ip netns add "$target"
ip -n "$ns" link add veth0 type veth peer name veth1
ip -n "$ns" link set veth0 up
ip netns exec "$ns" "$tmp/smoke" "$target"
