// SPDX-License-Identifier: GPL-2.0-or-later
// Host-test driver for sys/netns on the real kernel.
//   netns_driver add|open|ensure|del DIR NAME     (DIR "-" = the built-in default)
//   netns_driver sock DIR NAME IFNAME             RTM_GETLINK IFNAME through
//                                                 netlink_socket_in(NAME)
// Every command also checks that this process is back in the network
// namespace it started in.  Prints "ino=<namespace inode>" (add, open,
// ensure: plus " created=0|1"), "found IFNAME index=N" or "absent IFNAME".
// Exit: 0 ok, 1 IFNAME absent / not back home, else the krgnet error status.
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/result.h"
#include "sys/netns.h"

using namespace krg;

namespace {

ino_t own_netns() {
    struct stat st;
    return stat("/proc/thread-self/ns/net", &st) == 0 ? st.st_ino : 0;
}

ino_t ino_of(int fd) {
    struct stat st;
    return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

int failed(const Error& e) {
    report(e);
    return int(e.exit);
}

// RTM_GETLINK by name on sock; the interface index, 0 when absent, -1 on error.
int get_link(int sock, const char* ifname) {
    struct {
        nlmsghdr nh;
        ifinfomsg ifi;
        char attrs[64];
    } req{};
    size_t name_len = strlen(ifname) + 1;
    rtattr* rta = reinterpret_cast<rtattr*>(req.attrs);
    rta->rta_type = IFLA_IFNAME;
    rta->rta_len = uint16_t(RTA_LENGTH(name_len));
    memcpy(RTA_DATA(rta), ifname, name_len);
    req.nh.nlmsg_len = uint32_t(NLMSG_LENGTH(sizeof req.ifi) + RTA_SPACE(name_len));
    req.nh.nlmsg_type = RTM_GETLINK;
    req.nh.nlmsg_flags = NLM_F_REQUEST;
    req.nh.nlmsg_seq = 1;
    req.ifi.ifi_family = AF_UNSPEC;
    if (send(sock, &req, req.nh.nlmsg_len, 0) < 0) return -1;
    alignas(nlmsghdr) char buf[8192];
    ssize_t n = recv(sock, buf, sizeof buf, 0);
    if (n < ssize_t(sizeof(nlmsghdr))) return -1;
    nlmsghdr* h = reinterpret_cast<nlmsghdr*>(buf);
    if (h->nlmsg_type == NLMSG_ERROR) {
        int err = -reinterpret_cast<nlmsgerr*>(NLMSG_DATA(h))->error;
        return err == ENODEV ? 0 : -1;
    }
    return h->nlmsg_type == RTM_NEWLINK ? reinterpret_cast<ifinfomsg*>(NLMSG_DATA(h))->ifi_index : -1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4 || (!strcmp(argv[1], "sock") && argc != 5)) {
        fprintf(stderr, "usage: netns_driver add|open|ensure|del|sock DIR NAME [IFNAME]\n");
        return 2;
    }
    const char* cmd = argv[1];
    const char* dir = strcmp(argv[2], "-") ? argv[2] : kNetnsDir;
    const char* name = argv[3];
    const ino_t home = own_netns();
    int rc = 0;
    if (!strcmp(cmd, "add") || !strcmp(cmd, "open")) {
        auto r = cmd[0] == 'a' ? netns_create(name, dir) : netns_open(name, dir);
        if (!r.ok()) return failed(r.error());
        printf("ino=%lu\n", (unsigned long)ino_of(r.value()));
        close(r.value());
    } else if (!strcmp(cmd, "ensure")) {
        auto r = netns_ensure(name, dir);
        if (!r.ok()) return failed(r.error());
        printf("ino=%lu created=%d\n", (unsigned long)ino_of(r.value().fd), r.value().created ? 1 : 0);
        close(r.value().fd);
    } else if (!strcmp(cmd, "del")) {
        auto r = netns_remove(name, dir);
        if (!r.ok()) return failed(r.error());
    } else if (!strcmp(cmd, "sock")) {
        auto ns = netns_open(name, dir);
        if (!ns.ok()) return failed(ns.error());
        auto sock = netlink_socket_in(ns.value(), NETLINK_ROUTE);
        close(ns.value());
        if (!sock.ok()) return failed(sock.error());
        int index = get_link(sock.value(), argv[4]);
        close(sock.value());
        if (index < 0) {
            fprintf(stderr, "netns_driver: RTM_GETLINK failed\n");
            return 3;
        }
        if (index > 0) printf("found %s index=%d\n", argv[4], index);
        else printf("absent %s\n", argv[4]), rc = 1;
    } else {
        fprintf(stderr, "netns_driver: unknown command %s\n", cmd);
        return 2;
    }
    if (own_netns() != home) {
        fprintf(stderr, "netns_driver: not back in the original network namespace\n");
        return 1;
    }
    return rc;
}
