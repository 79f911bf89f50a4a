// SPDX-License-Identifier: GPL-2.0-or-later
// Host-test driver for sys/probe: runs one probe_address() on a real NIC.
//   probe_driver IFNAME TARGET VLAN TIMEOUT_MS [ATTEMPTS]
// Prints "taken <mac> sent=N ms=T" (exit 1), "free sent=N ms=T" (exit 0),
// or the krgnet error line (exit 111); then "promisc-after=0|1": whether the
// NIC was still promiscuous when probe_address() returned (krgnet creates
// krg0 right then).
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/result.h"
#include "base/text.h"
#include "sys/probe.h"

using namespace krg;

static long now_ms() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static bool parent_mac(const char* ifname, Mac& mac) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    ifreq ifr{};
    strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
    bool ok = ioctl(fd, SIOCGIFHWADDR, &ifr) == 0;
    close(fd);
    if (ok) memcpy(mac.b, ifr.ifr_hwaddr.sa_data, sizeof mac.b);
    return ok;
}

// IFF_PROMISC of the interface, -1 if it cannot be read.
static int promiscuous(const char* ifname) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    ifreq ifr{};
    strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
    int r = ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 ? (ifr.ifr_flags & IFF_PROMISC) != 0 : -1;
    close(fd);
    return r;
}

int main(int argc, char** argv) {
    if (argc < 5 || argc > 6) {
        fprintf(stderr, "usage: probe_driver IFNAME TARGET VLAN TIMEOUT_MS [ATTEMPTS]\n");
        return 2;
    }
    ProbeRequest req;
    req.ifname = argv[1];
    req.ifindex = int(if_nametoindex(argv[1]));  // 0 when absent: probe_address says so
    auto target = parse_ip4(argv[2]);
    auto vlan = parse_uint(argv[3], 4094);
    auto timeout = parse_uint(argv[4], 600000);
    if (!target.has_value() || !vlan.has_value() || !timeout.has_value()) {
        fprintf(stderr, "probe_driver: bad TARGET, VLAN or TIMEOUT_MS\n");
        return 2;
    }
    req.target = *target;
    req.vlan = uint16_t(*vlan);
    req.timeout_ms = uint32_t(*timeout);
    if (argc == 6) req.attempts = atoi(argv[5]);
    if (req.ifindex && !parent_mac(req.ifname, req.mac)) {
        perror("probe_driver: SIOCGIFHWADDR");
        return 2;
    }
    long start = now_ms();
    auto r = probe_address(req);
    long ms = now_ms() - start;
    int promisc_after = promiscuous(req.ifname);
    if (!r.ok()) {
        report(r.error());
        return int(r.error().exit);
    }
    Text<64> mac;
    mac.put_mac(r.value().holder);
    if (r.value().taken) printf("taken %s sent=%d ms=%ld\n", mac.c_str(), r.value().sent, ms);
    else printf("free sent=%d ms=%ld\n", r.value().sent, ms);
    printf("promisc-after=%d\n", promisc_after);
    return r.value().taken ? 1 : 0;
}
