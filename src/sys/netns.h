// SPDX-License-Identifier: GPL-2.0-or-later
// Network namespaces pinned the way `ip netns add NAME` pins them, so that
// `ip netns exec NAME`, `nsenter --net=DIR/NAME` and
// `systemd-nspawn --network-namespace-path=DIR/NAME` find them:
//
//   DIR (default /run/netns) exists and is a shared mount point
//       (bind-mounted on itself first when it is not a mount point);
//   DIR/NAME is an empty file with the namespace bind-mounted on it.
//
// Creating a namespace never moves this process: it unshares, pins the new
// namespace, and returns to the namespace it came from.
#pragma once

#include <cstddef>
#include <string_view>

#include "base/limits.h"
#include "base/result.h"
#include "base/text.h"
#include "generated/config.h"

namespace krg {

inline constexpr const char* kNetnsDir = CONFIG_NETNS_DIR;
inline constexpr size_t kNetnsNameMax = 255;   // NAME_MAX: one path component
inline constexpr size_t kNetnsPathSize = 256;  // DIR/NAME with its NUL

// Why `name` cannot name a pinned namespace (empty, ".", "..", contains '/'
// or NUL, too long), or nullptr when it can.  iproute2 applies the same rule.
const char* netns_name_problem(std::string_view name);
inline bool netns_name_valid(std::string_view name) { return netns_name_problem(name) == nullptr; }

// Writes DIR/NAME into w; a configuration error for a bad name or a path
// that does not fit kNetnsPathSize.
Result<void> netns_path(Writer& w, std::string_view name, const char* dir = kNetnsDir);

// Creates a new network namespace pinned at DIR/NAME and returns an fd to it
// (O_CLOEXEC, the caller closes it).  EEXIST when DIR/NAME exists.  On
// failure nothing is left behind but DIR itself (a shared mount point, as
// `ip netns add` leaves it).
Result<int> netns_create(std::string_view name, const char* dir = kNetnsDir);

// Opens the namespace pinned at DIR/NAME.  ENOENT when absent; EINVAL when
// the file exists but holds no network namespace (a stale file).
Result<int> netns_open(std::string_view name, const char* dir = kNetnsDir);

struct NetnsHandle {
    int fd = -1;
    bool created = false;  // this call created it (so a rollback removes it)
};
// Opens DIR/NAME if pinned, else creates it (replacing a stale empty file).
Result<NetnsHandle> netns_ensure(std::string_view name, const char* dir = kNetnsDir);

// Opens a network namespace file (/proc/PID/ns/net, a pin, a bind mount of
// either).  The open's own errno on failure (ENOENT, ESRCH, EACCES...);
// EINVAL when the file is not a network namespace.
Result<int> netns_open_file(const char* path);

// Pins the namespace netns_fd at DIR/NAME in place of the one pinned there,
// as `ip netns attach NAME PID` does: the old pin is unmounted lazily (whoever
// holds it keeps it), the file is kept or created, the namespace is
// bind-mounted on it through /proc/self/fd/N.  On failure DIR/NAME may be
// left without a namespace; the caller repins the old one.
Result<void> netns_repin(std::string_view name, int netns_fd, const char* dir = kNetnsDir);

// Whether two descriptors refer to the same namespace (or file).
bool same_namespace(int fd_a, int fd_b);
// "4:4026532281": the identity of the namespace behind fd (device:inode of
// its nsfs file), what records name it by; nothing when fstat fails.
void netns_identity(Writer& w, int fd);

// Unmounts (lazily) and removes DIR/NAME; succeeds when it is absent.
Result<void> netns_remove(std::string_view name, const char* dir = kNetnsDir);

// A socket created inside the namespace netns_fd (sockets keep the namespace
// they were created in).  This thread enters the namespace for the socket()
// call only and returns to its own, also when socket() fails.
Result<int> socket_in(int netns_fd, int domain, int type, int protocol);
Result<int> netlink_socket_in(int netns_fd, int protocol);

}  // namespace krg
