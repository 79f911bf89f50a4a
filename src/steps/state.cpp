// The hand-off files in /run/kerrighed, written atomically.
#include "steps/state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace krg {

namespace {

constexpr mode_t kDirMode = 0755;
constexpr mode_t kFileMode = 0644;
constexpr const char* kStepWrite = "write state";
constexpr const char* kStepRemove = "remove state";

struct Fd {
    int fd = -1;
    ~Fd() { if (fd >= 0) close(fd); }
};

Error state_error(int code, const char* step, const char* object, const char* call) {
    Text<kErrDetail> detail;
    detail.put(call).put(": ").put(strerror(code));
    return Error::system(code, step, object, detail.c_str());
}

Result<void> join(Writer& w, const char* dir, std::string_view name, const char* suffix = "") {
    w.clear();
    w.put(dir).put('/').put(name).put(suffix);
    if (w.overflow()) return Error::system(ENAMETOOLONG, kStepWrite, dir, "path too long");
    return {};
}

// mkdir -p, mode 0755 for what it creates (whatever the umask).
Result<void> make_dir(const char* dir) {
    Text<kStatePathSize> prefix;
    prefix.put(dir);
    if (prefix.overflow()) return Error::system(ENAMETOOLONG, kStepWrite, dir, "path too long");
    char* p = prefix.storage;
    size_t len = prefix.size();
    for (size_t i = 1; i <= len; i++) {
        if (i < len && p[i] != '/') continue;
        char saved = p[i];
        p[i] = '\0';
        if (mkdir(p, kDirMode) == 0) {
            if (chmod(p, kDirMode) < 0) return state_error(errno, kStepWrite, p, "chmod");
        } else if (errno != EEXIST) {
            return state_error(errno, kStepWrite, p, "mkdir");
        }
        p[i] = saved;
    }
    return {};
}

Result<void> write_all(int fd, std::string_view content, const char* object) {
    while (!content.empty()) {
        ssize_t n = write(fd, content.data(), content.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return state_error(errno, kStepWrite, object, "write");
        }
        content.remove_prefix(size_t(n));
    }
    return {};
}

// Writes, flushes and closes the temporary file.
Result<void> fill(const char* tmp, std::string_view content, const char* object) {
    Fd f;
    f.fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, kFileMode);
    if (f.fd < 0) return state_error(errno, kStepWrite, object, "create temporary file");
    if (fchmod(f.fd, kFileMode) < 0) return state_error(errno, kStepWrite, object, "chmod");
    TRY(write_all(f.fd, content, object));
    if (fsync(f.fd) < 0) return state_error(errno, kStepWrite, object, "fsync");
    int fd = f.fd;
    f.fd = -1;
    if (close(fd) < 0) return state_error(errno, kStepWrite, object, "close");
    return {};
}

// The rename is durable once the directory is flushed too.
Result<void> sync_dir(const char* dir, const char* object) {
    Fd d;
    d.fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d.fd < 0) return state_error(errno, kStepWrite, object, "open directory");
    if (fsync(d.fd) < 0 && errno != EINVAL) return state_error(errno, kStepWrite, object, "fsync directory");
    return {};
}

Result<void> remove_file(const char* dir, const char* name) {
    Text<kStatePathSize> path;
    TRY(join(path, dir, name));
    if (unlink(path.c_str()) < 0 && errno != ENOENT) return state_error(errno, kStepRemove, path.c_str(), "unlink");
    return {};
}

}  // namespace

void format_net_conf(Writer& w, std::string_view virt, const Mac& mac, uint16_t vlan) {
    w.put(virt).put(' ').put_mac(mac).put(' ').put_uint(vlan).put('\n');
}

Result<void> write_file_atomic(const char* dir, const char* name, std::string_view content) {
    Text<kStatePathSize> path, tmp;
    TRY(join(path, dir, name));
    // A hidden name in the same directory, unique per process; a leftover
    // of a crashed run with the same pid is replaced.
    Text<kStatePathSize> tmp_name;
    tmp_name.put('.').put(name).put(".tmp.").put_uint(uint64_t(getpid()));
    TRY(join(tmp, dir, tmp_name.view()));
    const char* object = path.c_str();
    TRY(make_dir(dir));
    if (unlink(tmp.c_str()) < 0 && errno != ENOENT) return state_error(errno, kStepWrite, object, "unlink temporary file");
    auto filled = fill(tmp.c_str(), content, object);
    if (!filled.ok()) {
        (void)unlink(tmp.c_str());
        return filled.release_error();
    }
    if (rename(tmp.c_str(), path.c_str()) < 0) {
        int err = errno;
        (void)unlink(tmp.c_str());
        return state_error(err, kStepWrite, object, "rename");
    }
    return sync_dir(dir, object);
}

Result<void> state_write(const HandOff& h, const char* dir) {
    TRY(write_file_atomic(dir, kEnvFile, h.env));
    Text<kErrObject> line;
    format_net_conf(line, h.virt, h.mac, h.vlan);
    auto conf = line.overflow() ? Result<void>(Error::system(ENAMETOOLONG, kStepWrite, kNetConfFile, "line too long"))
                                : write_file_atomic(dir, kNetConfFile, line.view());
    if (!conf.ok()) {
        (void)remove_file(dir, kEnvFile);
        return conf.release_error();
    }
    return {};
}

Result<void> state_remove(const char* dir) {
    auto env = remove_file(dir, kEnvFile);
    TRY(remove_file(dir, kNetConfFile));
    return env;
}

}  // namespace krg
