// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/mcast.h"

#include <fcntl.h>
#include <net/if.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "sys/procnet.h"
#include "sys/fd.h"

namespace krg {

namespace {

constexpr size_t kDevMcastSize = 16384;  // a line per membership, ~50 bytes each
constexpr const char kDevMcast[] = "/proc/thread-self/net/dev_mcast";

Result<void> mcast_ioctl(int sock, unsigned long req, const char* ifname, const Mac& mac, const char* step) {
    ifreq ifr{};
    copy_str(ifr.ifr_name, ifname);
    ifr.ifr_hwaddr.sa_family = AF_UNSPEC;  // the kernel refuses anything else
    memcpy(ifr.ifr_hwaddr.sa_data, mac.b, sizeof mac.b);
    if (ioctl(sock, req, &ifr) == 0) return {};
    if (errno == ENOENT && req == SIOCDELMULTI) return {};
    Text<kErrObject> obj;
    obj.put_mac(mac).put(" on ").put(ifname);
    return call_error(errno, step, obj.c_str(), req == SIOCADDMULTI ? "SIOCADDMULTI" : "SIOCDELMULTI");
}

// The next space-separated field of s.
std::string_view field(std::string_view& s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    size_t end = s.find(' ');
    std::string_view f = s.substr(0, end);
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
    return f;
}

}  // namespace

Result<void> mcast_join(int sock, const char* ifname, const Mac& mac) {
    return mcast_ioctl(sock, SIOCADDMULTI, ifname, mac, "join multicast");
}

Result<void> mcast_leave(int sock, const char* ifname, const Mac& mac) {
    return mcast_ioctl(sock, SIOCDELMULTI, ifname, mac, "leave multicast");
}

bool dev_mcast_lists(std::string_view text, std::string_view ifname, const Mac& mac) {
    char want[13];
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 6; i++) {
        want[2 * i] = hex[mac.b[i] >> 4];
        want[2 * i + 1] = hex[mac.b[i] & 15];
    }
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        field(line);  // ifindex
        std::string_view name = field(line);
        field(line);  // users
        std::string_view global = field(line);
        std::string_view addr = field(line);
        if (name == ifname && global != "0" && addr == std::string_view(want, 12)) return true;
    }
    return false;
}

Result<bool> mcast_joined(int netns_fd, const char* ifname, const Mac& mac) {
    static char buf[kDevMcastSize];
    Fd fd(TRY(open_in(netns_fd, kDevMcast, O_RDONLY)));
    size_t len = 0;
    ssize_t n;
    while ((n = read(fd.fd, buf + len, sizeof buf - 1 - len)) > 0) len += size_t(n);
    if (n < 0) return call_error(errno, "read multicast list", kDevMcast, "read");
    return dev_mcast_lists(std::string_view(buf, len), ifname, mac);
}

}  // namespace krg
