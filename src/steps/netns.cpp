// Pinned network namespaces, as iproute2's `ip netns add/del` make them.
#include "steps/netns.h"

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

struct Fd {
    int fd = -1;
    ~Fd() { if (fd >= 0) close(fd); }
    int release() { int f = fd; fd = -1; return f; }
};

const char* hint_for(int code) {
    if (code == EPERM || code == EACCES) return "needs CAP_SYS_ADMIN";
    return nullptr;
}

Error ns_error(int code, const char* step, const char* object, const char* call, const char* hint = nullptr) {
    Text<kErrDetail> detail;
    detail.put(call).put(": ").put(strerror(code));
    if (!hint) hint = hint_for(code);
    if (hint) detail.put(" (").put(hint).put(')');
    return Error::system(code, step, object, detail.c_str());
}

Result<int> open_own_netns(const char* step, const char* object) {
    int fd = open(kOwnNetns, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ns_error(errno, step, object, kOwnNetns, errno == ENOENT ? "is /proc mounted?" : nullptr);
    return fd;
}

// Back to the namespace we came from.  Failing here would leave this thread
// in the wrong namespace; the error says so.
Result<void> return_to(int own_fd, const char* step, const char* object) {
    if (setns(own_fd, CLONE_NEWNET) == 0) return {};
    return ns_error(errno, step, object, "return to the original network namespace");
}

// DIR exists and is a shared mount point, so a later unmount of DIR/NAME
// propagates to every mount namespace.  A lock serialises concurrent
// creators, as in iproute2 (Debian bug #949235); it is advisory only.
Result<void> prepare_dir(const char* dir, const char* object) {
    if (mkdir(dir, kDirMode) < 0 && errno != EEXIST) return ns_error(errno, kStepPin, object, "mkdir");
    Fd lock;
    lock.fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (lock.fd < 0) return ns_error(errno, kStepPin, object, "open directory");
    (void)flock(lock.fd, LOCK_EX);  // released when lock closes
    bool bound = false;
    while (mount("", dir, "none", MS_SHARED | MS_REC, nullptr) < 0) {
        // EINVAL: DIR is not a mount point yet; make it one, then retry once.
        if (errno != EINVAL || bound) return ns_error(errno, kStepPin, object, "make the directory a shared mount");
        if (mount(dir, dir, "none", MS_BIND | MS_REC, nullptr) < 0)
            return ns_error(errno, kStepPin, object, "bind-mount the directory on itself");
        bound = true;
    }
    return {};
}

enum class Pinned { absent, netns, stale };

// What DIR/NAME holds; fd receives the namespace when it is one.
Result<Pinned> inspect(const char* path, Fd& fd) {
    // Follows a symlink, as `ip netns` does; O_NONBLOCK: a FIFO must not hang us.
    fd.fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd.fd < 0) {
        if (errno == ENOENT) return Pinned::absent;
        return ns_error(errno, kStepOpen, path, "open");
    }
    struct statfs fs;
    if (fstatfs(fd.fd, &fs) < 0) return ns_error(errno, kStepOpen, path, "statfs");
    if (fs.f_type == NSFS_MAGIC) {
        int type = ioctl(fd.fd, NS_GET_NSTYPE);
        if (type == CLONE_NEWNET || (type < 0 && errno == ENOTTY)) return Pinned::netns;  // ENOTTY: kernel < 4.11
        return Error::system(EINVAL, kStepOpen, path, "holds a namespace that is not a network namespace");
    }
    struct stat st;
    if (fstat(fd.fd, &st) < 0) return ns_error(errno, kStepOpen, path, "stat");
    if (S_ISREG(st.st_mode) && st.st_size == 0) return Pinned::stale;
    return Error::system(EINVAL, kStepOpen, path, "exists but is not a pinned network namespace");
}

// Undoes a half-made pin: whatever is mounted on path, then the file.
void discard_pin(const char* path) {
    (void)umount2(path, kUnmountFlags);
    (void)unlink(path);
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
    Text<kErrObject> object;
    object.put(name);
    if (const char* why = netns_name_problem(name)) return Error::make(Exit::config, EINVAL, "", object.c_str(), why);
    w.clear();
    w.put(dir).put('/').put(name);
    if (w.overflow() || w.size() >= kNetnsPathSize)
        return Error::make(Exit::config, ENAMETOOLONG, "", object.c_str(), "namespace path too long");
    return {};
}

Result<int> netns_create(std::string_view name, const char* dir) {
    Text<kNetnsPathSize> path;
    TRY(netns_path(path, name, dir));
    const char* p = path.c_str();
    TRY(prepare_dir(dir, p));
    Fd own;
    own.fd = TRY(open_own_netns(kStepPin, p));
    // Step 1: the placeholder file.  From here on, failures remove it.
    int placeholder = open(p, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, kPinMode);
    if (placeholder < 0) return ns_error(errno, kStepPin, p, "create", errno == EEXIST ? "already pinned" : nullptr);
    close(placeholder);
    // Step 2: a new namespace for this thread only.
    if (unshare(CLONE_NEWNET) < 0) {
        int err = errno;
        discard_pin(p);
        return ns_error(err, kStepPin, p, "unshare", err == ENOSPC ? "user.max_net_namespaces reached" : nullptr);
    }
    // Step 3: pin it, keep an fd to it, and go home.
    Fd ns;
    int err = 0;
    const char* call = "";
    if (mount(kOwnNetns, p, "none", MS_BIND, nullptr) < 0) {
        err = errno, call = "bind-mount";
    } else if ((ns.fd = open(kOwnNetns, O_RDONLY | O_CLOEXEC)) < 0) {
        err = errno, call = "open";
    }
    auto home = return_to(own.fd, kStepPin, p);
    if (err || !home.ok()) {
        discard_pin(p);
        if (!home.ok()) return home.release_error();
        return ns_error(err, kStepPin, p, call);
    }
    return ns.release();
}

Result<int> netns_open(std::string_view name, const char* dir) {
    Text<kNetnsPathSize> path;
    TRY(netns_path(path, name, dir));
    Fd fd;
    switch (TRY(inspect(path.c_str(), fd))) {
    case Pinned::netns:
        return fd.release();
    case Pinned::absent:
        return ns_error(ENOENT, kStepOpen, path.c_str(), "open", "not pinned");
    case Pinned::stale:
        break;
    }
    return Error::system(EINVAL, kStepOpen, path.c_str(), "stale file without a namespace (`krgnet down` removes it)");
}

Result<NetnsHandle> netns_ensure(std::string_view name, const char* dir) {
    Text<kNetnsPathSize> path;
    TRY(netns_path(path, name, dir));
    Fd fd;
    Pinned state = TRY(inspect(path.c_str(), fd));
    if (state == Pinned::netns) return NetnsHandle{fd.release(), false};
    if (state == Pinned::stale) TRY(netns_remove(name, dir));
    return NetnsHandle{TRY(netns_create(name, dir)), true};
}

Result<void> netns_remove(std::string_view name, const char* dir) {
    Text<kNetnsPathSize> path;
    TRY(netns_path(path, name, dir));
    // EINVAL: nothing mounted there (a stale file); ENOENT: nothing at all.
    if (umount2(path.c_str(), kUnmountFlags) < 0 && errno != EINVAL && errno != ENOENT)
        return ns_error(errno, kStepRemove, path.c_str(), "unmount");
    if (unlink(path.c_str()) < 0 && errno != ENOENT) return ns_error(errno, kStepRemove, path.c_str(), "unlink");
    return {};
}

Result<int> socket_in(int netns_fd, int domain, int type, int protocol) {
    Text<kErrObject> object;
    struct stat st;
    object.put("network namespace net:[");
    if (fstat(netns_fd, &st) == 0) object.put_uint(st.st_ino);
    else object.put("fd ").put_int(netns_fd);
    object.put(']');
    Fd own;
    own.fd = TRY(open_own_netns(kStepEnter, object.c_str()));
    if (setns(netns_fd, CLONE_NEWNET) < 0) return ns_error(errno, kStepEnter, object.c_str(), "setns");
    Fd sock;
    sock.fd = socket(domain, type | SOCK_CLOEXEC, protocol);
    int err = errno;
    TRY(return_to(own.fd, kStepEnter, object.c_str()));
    if (sock.fd < 0) return ns_error(err, kStepEnter, object.c_str(), "socket");
    return sock.release();
}

Result<int> netlink_socket_in(int netns_fd, int protocol) {
    return socket_in(netns_fd, AF_NETLINK, SOCK_RAW, protocol);
}

}  // namespace krg
