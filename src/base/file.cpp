#include "base/file.h"
#include "base/text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace krg {

Result<std::string_view> read_file(const char* path, char* buf, size_t cap, const char* step) {
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return Error::system(errno, step, path);
    size_t len = 0;
    for (;;) {
        if (len + 1 >= cap) {
            char more;  // the buffer is full: a file of exactly cap - 1 bytes still fits
            ssize_t m;
            do m = read(fd, &more, 1); while (m < 0 && errno == EINTR);
            if (m == 0) break;
            close(fd);
            Text<64> why;
            why.put("larger than ").put_uint((cap - 1) / 1024).put(" KiB");
            return Error::make(Exit::config, EFBIG, step, path, why.c_str());
        }
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            close(fd);
            return Error::system(err, step, path);
        }
        if (n == 0) break;
        len += size_t(n);
    }
    close(fd);
    buf[len] = '\0';
    return std::string_view(buf, len);
}

bool file_exists(const char* path) {
    struct stat st;
    return stat(path, &st) == 0;
}

}  // namespace krg
