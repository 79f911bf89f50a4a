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

#include "sys/syscall.h"

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

ErrorRef ns_error(int code, const char* step, const char* object, const char* call, const char* hint = nullptr) {
    if (!hint && (code == EPERM || code == EACCES)) hint = "needs CAP_SYS_ADMIN";
    return call_error(code, step, object, call, hint);
}

Result<void> pin_path(Path& path, std::string_view name, const char* dir) {
    Writer w(path, sizeof path);
    return netns_path(w, name, dir);
}

// The helpers below return the call that failed, or nullptr; errno says why,
// and *hint, where they take one, may add a hint.

// DIR exists and is a shared mount point, so a later unmount of DIR/NAME
// propagates to every mount namespace.  A lock serialises concurrent
// creators, as in iproute2 (Debian bug #949235); it is advisory only.
const char* prepare_dir(const char* dir) {
    if (mkdir(dir, kDirMode) < 0 && errno != EEXIST) return "mkdir";
    Fd lock(open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (lock.fd < 0) return "open directory";
    (void)flock(lock.fd, LOCK_EX);  // released when lock closes
    bool bound = false;
    while (mount("", dir, "none", MS_SHARED | MS_REC, nullptr) < 0) {
        // EINVAL: DIR is not a mount point yet; make it one, then retry once.
        if (errno != EINVAL || bound) return "make the directory a shared mount";
        if (mount(dir, dir, "none", MS_BIND | MS_REC, nullptr) < 0) return "bind-mount the directory on itself";
        bound = true;
    }
    return nullptr;
}

// An fd to this thread's own network namespace, to come back to.
const char* open_own_netns(Fd& own, const char** hint) {
    own.fd = open(kOwnNetns, O_RDONLY | O_CLOEXEC);
    if (own.fd >= 0) return nullptr;
    if (errno == ENOENT) *hint = "is /proc mounted?";
    return kOwnNetns;
}

// Back to the namespace we came from.  Failing here would leave this thread
// in the wrong namespace; the error says so.
const char* return_to(const Fd& own) {
    return setns(own.fd, CLONE_NEWNET) < 0 ? "return to the original network namespace" : nullptr;
}

// Undoes a half-made pin: whatever is mounted on path, then the file.
void discard_pin(const char* path) {
    int err = errno;
    (void)umount2(path, kUnmountFlags);
    (void)unlink(path);
    errno = err;
}

// Pins a new network namespace at path (DIR/NAME) into ns; on failure
// nothing is left but DIR.
const char* pin(const char* path, const char* dir, Fd& ns, const char** hint) {
    Fd own;
    const char* failed = prepare_dir(dir);
    if (!failed) failed = open_own_netns(own, hint);
    if (failed) return failed;
    // Step 1: the placeholder file.  From here on, failures remove it.
    int placeholder = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, kPinMode);
    if (placeholder < 0) {
        if (errno == EEXIST) *hint = "already pinned";
        return "create";
    }
    close(placeholder);
    // Step 2: a new namespace for this thread only.
    if (unshare(CLONE_NEWNET) < 0) {
        if (errno == ENOSPC) *hint = "user.max_net_namespaces reached";
        failed = "unshare";
    } else {
        // Step 3: pin it, keep an fd to it, and go home (that error first).
        if (mount(kOwnNetns, path, "none", MS_BIND, nullptr) < 0) failed = "bind-mount";
        else if ((ns.fd = open(kOwnNetns, O_RDONLY | O_CLOEXEC)) < 0) failed = "open";
        int err = errno;
        if (const char* home = return_to(own)) failed = home;
        else errno = err;
    }
    if (failed) discard_pin(path);
    return failed;
}

enum class Pinned { absent, netns, stale };

// What DIR/NAME holds; fd receives the namespace when it is one.
Result<Pinned> inspect(const char* path, Fd& fd) {
    // Follows a symlink, as `ip netns` does; O_NONBLOCK: a FIFO must not hang us.
    fd.fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct statfs fs;
    struct stat st;
    const char* failed;
    if (fd.fd < 0) {
        if (errno == ENOENT) return Pinned::absent;
        failed = "open";
    } else if (fstatfs(fd.fd, &fs) < 0) {
        failed = "statfs";
    } else if (fs.f_type == NSFS_MAGIC) {
        int type = ioctl(fd.fd, NS_GET_NSTYPE);
        if (type == CLONE_NEWNET || (type < 0 && errno == ENOTTY)) return Pinned::netns;  // ENOTTY: kernel < 4.11
        return step_error(EINVAL, kStepOpen, path, "not a network namespace");
    } else if (fstat(fd.fd, &st) < 0) {
        failed = "stat";
    } else {
        if (S_ISREG(st.st_mode) && st.st_size == 0) return Pinned::stale;
        return step_error(EINVAL, kStepOpen, path, "not a pinned network namespace");
    }
    return ns_error(errno, kStepOpen, path, failed);
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
    Fd ns;
    const char* hint = nullptr;
    if (const char* failed = pin(p, dir, ns, &hint)) return ns_error(errno, kStepPin, p, failed, hint);
    return ns.release();
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
    const char* failed = nullptr;
    if (umount2(p, kUnmountFlags) < 0 && errno != EINVAL && errno != ENOENT) failed = "unmount";
    else if (unlink(p) < 0 && errno != ENOENT) failed = "unlink";
    if (failed) return ns_error(errno, kStepRemove, p, failed);
    return {};
}

Result<int> socket_in(int netns_fd, int domain, int type, int protocol) {
    Fd own, sock;
    const char* hint = nullptr;
    const char* failed = open_own_netns(own, &hint);
    if (!failed && setns(netns_fd, CLONE_NEWNET) < 0) failed = "setns";
    if (!failed) {
        sock.fd = socket(domain, type | SOCK_CLOEXEC, protocol);
        int err = errno;
        failed = return_to(own);
        if (!failed && sock.fd < 0) {
            failed = "socket";
            errno = err;
        }
    }
    if (!failed) return sock.release();
    int code = errno;
    Text<kErrObject> object;
    struct stat st;
    object.put("network namespace net:[");
    if (fstat(netns_fd, &st) == 0) object.put_uint(st.st_ino);
    else object.put("fd ").put_int(netns_fd);
    object.put(']');
    return ns_error(code, kStepEnter, object.c_str(), failed, hint);
}

Result<int> netlink_socket_in(int netns_fd, int protocol) {
    return socket_in(netns_fd, AF_NETLINK, SOCK_RAW, protocol);
}

}  // namespace krg
