// SPDX-License-Identifier: GPL-2.0-or-later
// Pinned network namespaces, as iproute2's `ip netns add/del` make them.
#include "sys/netns.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/stat.h"
#include "sys/fd.h"

namespace krg {

namespace {

// This thread's network namespace (/proc/self would name the thread-group
// leader's, which differs once a thread has unshared).
constexpr const char* kOwnNetns = "/proc/thread-self/ns/net";
constexpr mode_t kDirMode = 0755;  // as iproute2 creates /run/netns
constexpr mode_t kPinMode = 0;     // the placeholder file: mounted over at once
// Lazy, so open fds keep working; never through a symlink, which could point
// at an unrelated mount point.
constexpr int kUnmountFlags = MNT_DETACH | UMOUNT_NOFOLLOW;
constexpr const char* kStepPin = "pin namespace";
constexpr const char* kStepOpen = "open namespace";
constexpr const char* kStepRemove = "remove namespace";
constexpr const char* kStepEnter = "enter namespace";

using Path = char[kNetnsPathSize];

Error ns_error(int code, const char* step, const char* object, const char* call, const char* hint = nullptr) {
    if (!hint && (code == EPERM || code == EACCES)) hint = "needs CAP_SYS_ADMIN";
    return call_error(code, step, object, call, hint);
}

Result<void> pin_path(Path& path, std::string_view name, const char* dir) {
    Writer w(path, sizeof path);
    return netns_path(w, name, dir);
}

// Each helper below builds its own error at the call that failed, with the
// errno of that call: no cause travels through errno between functions.

Error pin_error(const char* path, const char* call, const char* hint = nullptr) {
    return ns_error(errno, kStepPin, path, call, hint);
}

// DIR exists and is a shared mount point, so a later unmount of DIR/NAME
// propagates to every mount namespace.  A lock serialises concurrent
// creators, as in iproute2 (Debian bug #949235); it is advisory only.
Result<void> prepare_dir(const char* dir, const char* path) {
    if (mkdir(dir, kDirMode) < 0 && errno != EEXIST) return pin_error(path, "mkdir");
    Fd lock(open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (lock.fd < 0) return pin_error(path, "open directory");
    (void)flock(lock.fd, LOCK_EX);  // released when lock closes
    bool bound = false;
    while (mount("", dir, "none", MS_SHARED | MS_REC, nullptr) < 0) {
        // EINVAL: DIR is not a mount point yet; make it one, then retry once.
        if (errno != EINVAL || bound) return pin_error(path, "make the directory a shared mount");
        if (mount(dir, dir, "none", MS_BIND | MS_REC, nullptr) < 0) return pin_error(path, "bind-mount the directory on itself");
        bound = true;
    }
    return {};
}

// An fd to this thread's own network namespace, to come back to.
Result<int> open_own_netns(const char* step) {
    int fd = open(kOwnNetns, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) return fd;
    return ns_error(errno, step, kOwnNetns, "open", errno == ENOENT ? "is /proc mounted?" : nullptr);
}

// Back to the namespace we came from.  Failing here would leave this thread
// in the wrong namespace; the error says so.
Result<void> return_to(const Fd& own, const char* step, const char* object) {
    if (setns(own.fd, CLONE_NEWNET) == 0) return {};
    return ns_error(errno, step, object, "return to the original network namespace");
}

// Undoes a half-made pin: whatever is mounted on path, then the file.
void discard_pin(const char* path) {
    (void)umount2(path, kUnmountFlags);
    (void)unlink(path);
}

// Bind-mounts this thread's (new) network namespace on path and returns an
// fd to it.
Result<int> pin_own_namespace(const char* path) {
    if (mount(kOwnNetns, path, "none", MS_BIND, nullptr) < 0) return pin_error(path, "bind-mount");
    int fd = open(kOwnNetns, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return pin_error(path, "open");
    return fd;
}

// Pins a new network namespace at path (DIR/NAME); on failure nothing is
// left but DIR.
Result<int> pin(const char* path, const char* dir) {
    TRY(prepare_dir(dir, path));
    Fd own(TRY(open_own_netns(kStepPin)));
    // Step 1: the placeholder file.  From here on, failures remove it.
    int placeholder = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, kPinMode);
    if (placeholder < 0) return pin_error(path, "create", errno == EEXIST ? "already pinned" : nullptr);
    close(placeholder);
    // Step 2: a new namespace for this thread only.
    if (unshare(CLONE_NEWNET) < 0) {
        Error e = pin_error(path, "unshare", errno == ENOSPC ? "user.max_net_namespaces reached" : nullptr);
        discard_pin(path);
        return e;
    }
    // Step 3: pin it, then home, whatever happened (failing to return is the
    // worse error, so it wins).
    auto ns = pin_own_namespace(path);
    auto home = return_to(own, kStepPin, path);
    if (!home.ok() || !ns.ok()) {
        if (ns.ok()) close(ns.value());
        discard_pin(path);
        return home.ok() ? ns.error() : home.error();
    }
    return ns.value();
}

enum class Pinned { absent, netns, stale };

// What DIR/NAME holds; fd receives the namespace when it is one.
Result<Pinned> inspect(const char* path, Fd& fd) {
    // Follows a symlink, as `ip netns` does; O_NONBLOCK: a FIFO must not hang us.
    fd.fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct statfs fs;
    struct stat st;
    if (fd.fd < 0) {
        if (errno == ENOENT) return Pinned::absent;
        return ns_error(errno, kStepOpen, path, "open");
    }
    if (fstatfs(fd.fd, &fs) < 0) return ns_error(errno, kStepOpen, path, "statfs");
    if (fs.f_type == NSFS_MAGIC) {
        int type = ioctl(fd.fd, NS_GET_NSTYPE);
        if (type == CLONE_NEWNET || (type < 0 && errno == ENOTTY)) return Pinned::netns;  // ENOTTY: kernel < 4.11
        return step_error(EINVAL, kStepOpen, path, "not a network namespace");
    }
    if (fd_stat(fd.fd, &st) < 0) return ns_error(errno, kStepOpen, path, "stat");
    if (S_ISREG(st.st_mode) && st.st_size == 0) return Pinned::stale;
    return step_error(EINVAL, kStepOpen, path, "not a pinned network namespace");
}

}  // namespace

const char* netns_name_problem(std::string_view name) {
    if (name.empty()) return "empty namespace name";
    if (name == "." || name == "..") return "namespace name must not be \".\" or \"..\"";
    if (name.find('/') != std::string_view::npos) return "namespace name must not contain '/'";
    if (name.find('\0') != std::string_view::npos) return "namespace name must not contain NUL";
    if (name.size() > kNetnsNameMax) return "namespace name longer than 255 bytes";
    return nullptr;
}

Result<void> netns_path(Writer& w, std::string_view name, const char* dir) {
    int code = EINVAL;
    const char* why = netns_name_problem(name);
    if (!why) {
        w.clear();
        w.put(dir).put('/').put(name);
        if (!w.overflow() && w.size() < kNetnsPathSize) return {};
        code = ENAMETOOLONG;
        why = "namespace path too long";
    }
    Text<kErrObject> object;
    object.put(name);
    return Error::make(Exit::config, code, "", object.c_str(), why);
}

Result<int> netns_create(std::string_view name, const char* dir) {
    Path p;
    TRY(pin_path(p, name, dir));
    return pin(p, dir);
}

Result<int> netns_open(std::string_view name, const char* dir) {
    Path p;
    TRY(pin_path(p, name, dir));
    Fd fd;
    switch (TRY(inspect(p, fd))) {
    case Pinned::netns:
        return fd.release();
    case Pinned::absent:
        return ns_error(ENOENT, kStepOpen, p, "open", "not pinned");
    case Pinned::stale:
        break;
    }
    return step_error(EINVAL, kStepOpen, p, "stale file without a namespace (`krgnet down` removes it)");
}

Result<NetnsHandle> netns_ensure(std::string_view name, const char* dir) {
    Path p;
    TRY(pin_path(p, name, dir));
    Fd fd;
    Pinned state = TRY(inspect(p, fd));
    if (state == Pinned::netns) return NetnsHandle{fd.release(), false};
    if (state == Pinned::stale) TRY(netns_remove(name, dir));
    return NetnsHandle{TRY(netns_create(name, dir)), true};
}

Result<void> netns_remove(std::string_view name, const char* dir) {
    Path p;
    TRY(pin_path(p, name, dir));
    // EINVAL: nothing mounted there (a stale file); ENOENT: nothing at all.
    if (umount2(p, kUnmountFlags) < 0 && errno != EINVAL && errno != ENOENT) return ns_error(errno, kStepRemove, p, "unmount");
    if (unlink(p) < 0 && errno != ENOENT) return ns_error(errno, kStepRemove, p, "unlink");
    return {};
}

Result<int> netns_open_file(const char* path) {
    Fd fd;
    auto what = inspect(path, fd);
    if (!what.ok()) {
        if (what.error().code == EINVAL) return step_error(EINVAL, kStepOpen, path, "not a network namespace");
        return what.error();
    }
    switch (what.value()) {
    case Pinned::netns:
        return fd.release();
    case Pinned::absent:
        return ns_error(ENOENT, kStepOpen, path, "open");
    case Pinned::stale:
        break;
    }
    return step_error(EINVAL, kStepOpen, path, "not a network namespace");
}

Result<void> netns_repin(std::string_view name, int netns_fd, const char* dir) {
    Path p;
    TRY(pin_path(p, name, dir));
    TRY(prepare_dir(dir, p));
    // EINVAL: nothing mounted there; ENOENT: no file yet.
    if (umount2(p, kUnmountFlags) < 0 && errno != EINVAL && errno != ENOENT) return pin_error(p, "unmount the old pin");
    int placeholder = open(p, O_RDONLY | O_CREAT | O_CLOEXEC, kPinMode);
    if (placeholder < 0) return pin_error(p, "create");
    close(placeholder);
    Text<32> source;
    source.put("/proc/self/fd/").put_int(netns_fd);
    if (mount(source.c_str(), p, "none", MS_BIND, nullptr) < 0) return pin_error(p, "bind-mount");
    return {};
}

bool same_namespace(int fd_a, int fd_b) {
    struct stat a, b;
    if (fd_stat(fd_a, &a) < 0 || fd_stat(fd_b, &b) < 0) return false;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

void netns_identity(Writer& w, int fd) {
    struct stat st;
    if (fd_stat(fd, &st) != 0) return;
    w.put_uint(uint64_t(st.st_dev)).put(':').put_uint(uint64_t(st.st_ino));
}

// "enter network namespace net:[4026532290]: <call>: <why>".
Error enter_error(int code, int netns_fd, const char* call) {
    Text<kErrObject> object;
    struct stat st;
    object.put("network namespace net:[");
    if (fd_stat(netns_fd, &st) == 0) object.put_uint(st.st_ino);
    else object.put("fd ").put_int(netns_fd);
    object.put(']');
    return ns_error(code, kStepEnter, object.c_str(), call);
}

Result<int> socket_in(int netns_fd, int domain, int type, int protocol) {
    Fd own(TRY(open_own_netns(kStepEnter)));
    if (setns(netns_fd, CLONE_NEWNET) < 0) return enter_error(errno, netns_fd, "setns");
    Fd sock(socket(domain, type | SOCK_CLOEXEC, protocol));
    int err = errno;
    TRY(return_to(own, kStepEnter, "this thread"));
    if (sock.fd < 0) return enter_error(err, netns_fd, "socket");
    return sock.release();
}

Result<int> netlink_socket_in(int netns_fd, int protocol) {
    return socket_in(netns_fd, AF_NETLINK, SOCK_RAW, protocol);
}

}  // namespace krg
