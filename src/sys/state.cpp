// The hand-off files in /run/kerrighed, written atomically.
#include "sys/state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sys/fd.h"

namespace krg {

namespace {

constexpr mode_t kDirMode = 0755;
constexpr mode_t kFileMode = 0644;
constexpr const char* kStepWrite = "write state";
constexpr const char* kStepRemove = "remove state";

using Path = char[kStatePathSize];

ErrorRef too_long(const char* dir) { return step_error(ENAMETOOLONG, kStepWrite, dir, "path too long"); }

// DIR/NAME into path; false when it does not fit.
bool join(Path& path, const char* dir, const char* name) {
    Writer w(path, sizeof path);
    w.put(dir).put('/').put(name);
    return !w.overflow();
}

// The calls below return the one that failed, or nullptr; errno says why.

// mkdir -p of the first len bytes of path, mode 0755 for what it creates
// (whatever the umask).  On failure path ends at the directory that could
// not be made; otherwise it is left as it was.
const char* make_dir(char* path, size_t len) {
    for (size_t i = 1; i <= len; i++) {
        if (i < len && path[i] != '/') continue;
        char saved = path[i];
        path[i] = '\0';
        if (mkdir(path, kDirMode) == 0) {
            if (chmod(path, kDirMode) < 0) return "chmod";
        } else if (errno != EEXIST) {
            return "mkdir";
        }
        path[i] = saved;
    }
    return nullptr;
}

// Creates tmp with content, flushed and closed.
const char* fill(const char* tmp, std::string_view content) {
    Fd f(open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, kFileMode));
    if (f.fd < 0) return "create temporary file";
    if (fchmod(f.fd, kFileMode) < 0) return "chmod";
    while (!content.empty()) {
        ssize_t n = write(f.fd, content.data(), content.size());
        if (n >= 0) content.remove_prefix(size_t(n));
        else if (errno != EINTR) return "write";
    }
    if (fsync(f.fd) < 0) return "fsync";
    return close(f.release()) < 0 ? "close" : nullptr;
}

// Puts content in place of path through tmp; tmp never stays behind.
const char* replace(const char* tmp, const char* path, std::string_view content) {
    if (unlink(tmp) < 0 && errno != ENOENT) return "unlink temporary file";
    const char* failed = fill(tmp, content);
    if (!failed && rename(tmp, path) < 0) failed = "rename";
    if (failed) {
        int err = errno;
        (void)unlink(tmp);
        errno = err;
    }
    return failed;
}

// The rename is durable once the directory is flushed too.
const char* sync_dir(const char* dir) {
    Fd d(open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (d.fd < 0) return "open directory";
    if (fsync(d.fd) < 0 && errno != EINVAL) return "fsync directory";
    return nullptr;
}

Result<void> remove_file(const char* dir, const char* name) {
    Path path;
    if (!join(path, dir, name)) return too_long(dir);
    if (unlink(path) < 0 && errno != ENOENT) return call_error(errno, kStepRemove, path, "unlink");
    return {};
}

}  // namespace

void format_net_conf(Writer& w, std::string_view virt, const Mac& mac, uint16_t vlan) {
    w.put(virt).put(' ').put_mac(mac).put(' ').put_uint(vlan).put('\n');
}

Result<void> write_file_atomic(const char* dir, const char* name, std::string_view content) {
    // tmp: a hidden name in the same directory, unique per process; a
    // leftover of a crashed run with the same pid is replaced.
    Path path, tmp;
    Writer t(tmp, sizeof tmp);
    t.put(dir).put("/.").put(name).put(".tmp.").put_uint(uint64_t(getpid()));
    if (!join(path, dir, name) || t.overflow()) return too_long(dir);
    const char* failed = make_dir(path, strlen(dir));  // the error names the directory
    if (!failed) failed = replace(tmp, path, content);
    if (!failed) failed = sync_dir(dir);
    if (failed) return call_error(errno, kStepWrite, path, failed);
    return {};
}

Result<void> state_write(const HandOff& h, const char* dir) {
    TRY(write_file_atomic(dir, kEnvFile, h.env));
    Text<kErrObject> line;
    format_net_conf(line, h.virt, h.mac, h.vlan);
    Result<void> conf = line.overflow() ? step_error(ENAMETOOLONG, kStepWrite, kNetConfFile, "line too long")
                                        : write_file_atomic(dir, kNetConfFile, line.view());
    if (!conf.ok()) (void)remove_file(dir, kEnvFile);
    return conf;
}

Result<void> state_remove(const char* dir) {
    auto env = remove_file(dir, kEnvFile);
    TRY(remove_file(dir, kNetConfFile));
    return env;
}

}  // namespace krg
