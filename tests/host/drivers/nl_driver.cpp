// SPDX-License-Identifier: GPL-2.0-or-later
// Host-test driver for the netlink mechanisms (carrier wait, address listing) on the real kernel.
//   nl_driver addrs IFNAME               list_addrs() of IFNAME: prints
//                                        "N addresses, M distinct"
//   nl_driver carrier IFNAME TIMEOUT_MS  wait_for_carrier(): prints "waiting"
//                                        when the wait starts, then
//                                        "carrier after N ms"
// Errors are printed as krgnet prints them; exit 0 ok, else the error's status.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "nl/addr.h"
#include "nl/link.h"
#include "nl/wait.h"

using namespace krg;
using namespace krg::nl;

namespace {

int fail(const Error& e) {
    report(e);
    return int(e.exit);
}

int addrs(Socket& s, const char* name) {
    auto link = get_link(s, name);
    if (!link.ok()) return fail(link.error());
    if (!link.value().has_value()) {
        printf("absent %s\n", name);
        return 1;
    }
    static AddrInfo a[1024];
    auto n = list_addrs(s, link.value()->ifindex, a, 1024);
    if (!n.ok()) return fail(n.error());
    size_t kept = n.value() < 1024 ? n.value() : 1024, distinct = 0;
    for (size_t i = 0; i < kept; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) seen = a[j].addr == a[i].addr && a[j].prefix_len == a[i].prefix_len;
        distinct += !seen;
    }
    printf("%zu addresses, %zu distinct\n", n.value(), distinct);
    return 0;
}

int carrier(Socket& s, const char* name, uint32_t timeout_ms) {
    auto link = get_link(s, name);
    if (!link.ok()) return fail(link.error());
    if (!link.value().has_value()) {
        printf("absent %s\n", name);
        return 1;
    }
    printf("waiting\n");
    fflush(stdout);
    auto ms = wait_for_carrier(s, link.value()->ifindex, timeout_ms);
    if (!ms.ok()) return fail(ms.error());
    printf("carrier after %u ms\n", ms.value());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    auto s = Socket::open(NETLINK_ROUTE);
    if (!s.ok()) return fail(s.error());
    if (argc == 3 && strcmp(argv[1], "addrs") == 0) return addrs(s.value(), argv[2]);
    if (argc == 4 && strcmp(argv[1], "carrier") == 0) return carrier(s.value(), argv[2], uint32_t(atoi(argv[3])));
    fprintf(stderr, "usage: nl_driver addrs IFNAME | carrier IFNAME TIMEOUT_MS\n");
    return 2;
}
