// SPDX-License-Identifier: GPL-2.0-or-later
#include "base/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sys/uio.h>

#include "base/errno_text.h"
#include "base/result.h"
#include "base/text.h"
#include "generated/config.h"

namespace krg {

static bool g_kmsg = false;

void log_to_kmsg(bool on) { g_kmsg = on; }

static void write_kmsg(Level level, const char* line) {
    if constexpr (!ENABLE_KMSG_LOG) return;
    if (!g_kmsg) return;
    int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return;
    Text<24> prefix;
    prefix.put('<').put_uint(uint64_t(level)).put('>');
    iovec iov[2] = {{const_cast<char*>(prefix.c_str()), prefix.size()}, {const_cast<char*>(line), strlen(line)}};
    (void)!writev(fd, iov, 2);
    close(fd);
}

void log_line(Level level, const char* text) {
    Text<kErrObject + kErrDetail + 64> line;
    line.put("krgnet: ");
    if (level == Level::warning) line.put("warning: ");
    line.put(text);
    write_kmsg(level, line.c_str());
    line.put('\n');
    (void)!write(STDERR_FILENO, line.c_str(), line.size());
}

void warn(const char* text) { log_line(Level::warning, text); }

void warn_error(const char* prefix, const Error& e) {
    char buf[kErrObject + kErrDetail + 32];
    format_error(e, buf, sizeof buf);
    Text<sizeof buf + 32> w;
    w.put(prefix).put(": ").put(buf);
    warn(w.c_str());
}

Error Error::make(Exit exit, int code, const char* step, const char* object, const char* detail) {
    Error e;
    e.exit = exit;
    e.code = code;
    e.step = step ? step : "";
    copy_str(e.object, std::string_view(object ? object : "").substr(0, kErrObject - 1));
    copy_str(e.detail, std::string_view(detail ? detail : "").substr(0, kErrDetail - 1));
    return e;
}

Error& Error::hint(const char* text) {
    if (hinted) return *this;
    hinted = true;
    Text<kErrDetail> d;
    d.put(detail[0] ? detail : (code ? errno_text(code) : "failed")).put(" (").put(text).put(')');
    copy_str(detail, d.view());
    return *this;
}

size_t format_error(const Error& e, char* buf, size_t size) {
    Writer w(buf, size);
    if (e.step[0]) w.put(e.step).put(' ');
    w.put(e.object).put(": ");
    if (e.detail[0]) w.put(e.detail);
    else w.put(e.code ? errno_text(e.code) : "failed");
    return w.size();
}

void report(const Error& e) {
    char buf[kErrObject + kErrDetail + 64];
    format_error(e, buf, sizeof buf);
    log_line(Level::err, buf);
}

[[noreturn]] void trap(const char* what) {
    (void)!write(STDERR_FILENO, "krgnet: internal error: ", 24);
    (void)!write(STDERR_FILENO, what, strlen(what));
    (void)!write(STDERR_FILENO, "\n", 1);
    __builtin_trap();
}

}  // namespace krg
