// SPDX-License-Identifier: GPL-2.0-or-later
// errno_text: a packed table of the errno values krgnet can meet.
//
// libc's strerror() brings a table of every errno value (about 2.3 KiB in
// musl); krgnet's calls (open, mount, setns, socket, netlink, ioctl) meet
// a few dozen.  The table below is written as pairs for reading and packed
// at compile time into one string: per entry the value as one byte, the
// text and a NUL.  The texts are musl's, so messages read the same as with
// strerror().
#include "base/errno_text.h"

#include <cerrno>
#include <cstddef>
#include <cstdint>

#include "base/text.h"

namespace krg {

namespace {

struct Entry {
    int code;
    const char* text;
};

constexpr Entry kEntries[] = {
    {EPERM, "Operation not permitted"},
    {ENOENT, "No such file or directory"},
    {ESRCH, "No such process"},
    {EINTR, "Interrupted system call"},
    {EIO, "I/O error"},
    {ENXIO, "No such device or address"},
    {EBADF, "Bad file descriptor"},
    {EAGAIN, "Resource temporarily unavailable"},
    {ENOMEM, "Out of memory"},
    {EACCES, "Permission denied"},
    {EFAULT, "Bad address"},
    {EBUSY, "Resource busy"},
    {EEXIST, "File exists"},
    {ENODEV, "No such device"},
    {ENOTDIR, "Not a directory"},
    {EISDIR, "Is a directory"},
    {EINVAL, "Invalid argument"},
    {ENFILE, "Too many open files in system"},
    {EMFILE, "No file descriptors available"},
    {ENOTTY, "Not a tty"},
    {ENOSPC, "No space left on device"},
    {EROFS, "Read-only file system"},
    {ERANGE, "Result not representable"},
    {ENAMETOOLONG, "Filename too long"},
    {ENOSYS, "Function not implemented"},
    {ENOTEMPTY, "Directory not empty"},
    {ELOOP, "Symbolic link loop"},
    {EOVERFLOW, "Value too large for data type"},
    {EMSGSIZE, "Message too large"},
    {ENOPROTOOPT, "Protocol not available"},
    {EPROTONOSUPPORT, "Protocol not supported"},
    {EOPNOTSUPP, "Not supported"},
    {EAFNOSUPPORT, "Address family not supported by protocol"},
    {EADDRINUSE, "Address in use"},
    {EADDRNOTAVAIL, "Address not available"},
    {ENETDOWN, "Network is down"},
    {ENOBUFS, "No buffer space available"},
    {ETIMEDOUT, "Operation timed out"},
};

constexpr size_t text_len(const char* s) {
    size_t n = 0;
    while (s[n]) ++n;
    return n;
}

constexpr size_t packed_size() {
    size_t n = 1;  // the final NUL that ends the table
    for (const Entry& e : kEntries) n += 1 + text_len(e.text) + 1;
    return n;
}

struct Packed {
    char bytes[packed_size()] = {};
};

constexpr Packed pack() {
    Packed p;
    size_t at = 0;
    for (const Entry& e : kEntries) {
        p.bytes[at++] = char(e.code);
        for (const char* s = e.text; *s; ++s) p.bytes[at++] = *s;
        p.bytes[at++] = '\0';
    }
    return p;
}

constexpr bool codes_fit_a_byte() {
    for (const Entry& e : kEntries)
        if (e.code <= 0 || e.code > 255) return false;
    return true;
}
static_assert(codes_fit_a_byte(), "an errno value of the table does not fit in one byte");

constexpr Packed kPacked = pack();

}  // namespace

const char* errno_text(int code) {
    const char* p = kPacked.bytes;
    while (*p) {
        const char* text = p + 1;
        if (uint8_t(*p) == code) return text;
        p = text + text_len(text) + 1;
    }
    static Text<24> other;
    other.clear();
    other.put("error ").put_int(code);
    return other.c_str();
}

}  // namespace krg
