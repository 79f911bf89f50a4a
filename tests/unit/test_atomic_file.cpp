// SPDX-License-Identifier: GPL-2.0-or-later
// Atomic files (sys/atomic_file, the hand-off record's mechanism): content,
// modes, replacement, removal, and what a failure leaves behind (rename is
// wrapped, see test_atomic_file.wrap).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>  // 1.1.x has no extern "C" of its own
}

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "sys/atomic_file.h"

using namespace krg;

namespace {

constexpr char kEnvFile[] = "net.env";
constexpr char kEnv[] = "KRG_NODE=4\nKRG_VIRT=krg0\nKRG_ADDR=10.4.135.4/18\n";
constexpr char kEnv2[] = "KRG_NODE=5\nKRG_VIRT=krg0\nKRG_ADDR=10.4.135.5/18\n";

char g_root[64];           // mkdtemp'ed, removed by teardown
Text<128> g_dir;           // the state directory inside it
int g_rename_calls = 0;
int g_rename_fail_on = 0;  // 1-based call that fails with g_rename_errno, 0: none
int g_rename_errno = 0;

// The whole file, NUL-terminated, into buf; false if it cannot be read.
bool slurp(const char* path, char* buf, size_t cap) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    ssize_t n = read(fd, buf, cap - 1);
    close(fd);
    if (n < 0) return false;
    buf[n] = '\0';
    return true;
}

void in_dir(Writer& w, const char* name) { w.clear(), w.put(g_dir.c_str()).put('/').put(name); }

// Names in the state directory other than the file (temporaries).
int strays() {
    DIR* d = opendir(g_dir.c_str());
    if (!d) return 0;
    int n = 0;
    while (dirent* e = readdir(d)) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (strcmp(e->d_name, kEnvFile)) n++;
    }
    closedir(d);
    return n;
}

void error_is(const Result<void>& r, const char* text) {
    assert_false(r.ok());
    char line[kErrObject + kErrDetail];
    format_error(r.error(), line, sizeof line);
    assert_string_equal(line, text);
}

int setup(void**) {
    strcpy(g_root, "/tmp/krg-state-test.XXXXXX");
    if (!mkdtemp(g_root)) return -1;
    g_dir.clear();
    g_dir.put(g_root).put("/run/kerrighed");
    g_rename_calls = g_rename_fail_on = g_rename_errno = 0;
    return 0;
}

int teardown(void**) {
    Text<160> cmd;
    cmd.put("rm -rf '").put(g_root).put('\'');
    return system(cmd.c_str()) == 0 ? 0 : -1;
}

}  // namespace

extern "C" {
int __real_rename(const char*, const char*);
int __wrap_rename(const char* from, const char* to) {
    if (++g_rename_calls == g_rename_fail_on) return errno = g_rename_errno, -1;
    return __real_rename(from, to);
}
}

static void write_creates_directory_0755_and_the_file_0644(void**) {
    mode_t old = umask(077);  // the modes must not depend on the umask
    auto r = write_file_atomic(g_dir.c_str(), kEnvFile, kEnv);
    umask(old);
    assert_true(r.ok());
    struct stat st;
    assert_int_equal(stat(g_dir.c_str(), &st), 0);
    assert_int_equal(st.st_mode & 07777, 0755);
    Text<160> path;
    char buf[256];
    in_dir(path, kEnvFile);
    assert_true(slurp(path.c_str(), buf, sizeof buf));
    assert_string_equal(buf, kEnv);
    assert_int_equal(stat(path.c_str(), &st), 0);
    assert_int_equal(st.st_mode & 07777, 0644);
    assert_int_equal(strays(), 0);
}

static void rewrite_replaces_the_file_without_touching_open_readers(void**) {
    assert_true(write_file_atomic(g_dir.c_str(), kEnvFile, kEnv).ok());
    Text<160> path;
    in_dir(path, kEnvFile);
    int reader = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    assert_true(reader >= 0);
    struct stat before, after;
    assert_int_equal(fstat(reader, &before), 0);
    assert_true(write_file_atomic(g_dir.c_str(), kEnvFile, kEnv2).ok());
    // The reader still sees the whole old file: a new inode was renamed in,
    // the old one was never truncated or rewritten in place.
    char buf[256];
    ssize_t n = pread(reader, buf, sizeof buf - 1, 0);
    close(reader);
    assert_int_equal(n, ssize_t(strlen(kEnv)));
    buf[n] = '\0';
    assert_string_equal(buf, kEnv);
    assert_int_equal(stat(path.c_str(), &after), 0);
    assert_true(after.st_ino != before.st_ino);
    assert_true(slurp(path.c_str(), buf, sizeof buf));
    assert_string_equal(buf, kEnv2);
    assert_int_equal(strays(), 0);
}

static void failed_rename_keeps_the_old_file_and_leaves_no_temporary(void**) {
    assert_true(write_file_atomic(g_dir.c_str(), kEnvFile, kEnv).ok());
    g_rename_calls = 0;
    g_rename_fail_on = 1;
    g_rename_errno = EROFS;
    auto r = write_file_atomic(g_dir.c_str(), kEnvFile, kEnv2);
    Text<160> path, expect;
    in_dir(path, kEnvFile);
    expect.put("write ").put(path.c_str()).put(": rename: Read-only file system");
    error_is(r, expect.c_str());
    assert_int_equal(r.error().code, EROFS);
    char buf[256];
    assert_true(slurp(path.c_str(), buf, sizeof buf));
    assert_string_equal(buf, kEnv);
    assert_int_equal(strays(), 0);
}

static void stale_temporary_of_a_crashed_run_is_replaced(void**) {
    assert_true(write_file_atomic(g_dir.c_str(), kEnvFile, kEnv).ok());
    Text<160> tmp;
    tmp.put(g_dir.c_str()).put("/.net.env.tmp");
    int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    assert_true(fd >= 0);
    close(fd);
    assert_true(write_file_atomic(g_dir.c_str(), kEnvFile, kEnv2).ok());
    assert_int_equal(strays(), 0);
}

static void directory_that_cannot_be_created_is_named(void**) {
    Text<160> file, dir, expect;
    file.put(g_root).put("/plainfile");
    int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    assert_true(fd >= 0);
    close(fd);
    dir.put(file.c_str()).put("/kerrighed");
    expect.put("write ").put(dir.c_str()).put(": mkdir: Not a directory");
    error_is(write_file_atomic(dir.c_str(), kEnvFile, kEnv), expect.c_str());
}

static void remove_deletes_the_file_and_succeeds_when_absent(void**) {
    assert_true(write_file_atomic(g_dir.c_str(), kEnvFile, kEnv).ok());
    assert_true(remove_file(g_dir.c_str(), kEnvFile).ok());
    Text<160> path;
    in_dir(path, kEnvFile);
    assert_int_equal(access(path.c_str(), F_OK), -1);
    assert_true(remove_file(g_dir.c_str(), kEnvFile).ok());           // nothing left: still fine
    Text<160> missing;
    missing.put(g_root).put("/never/created");
    assert_true(remove_file(missing.c_str(), kEnvFile).ok());         // no directory at all
}

static void remove_reports_what_it_cannot_delete(void**) {
    assert_true(write_file_atomic(g_dir.c_str(), kEnvFile, kEnv).ok());
    Text<160> path, expect;
    in_dir(path, kEnvFile);
    assert_int_equal(unlink(path.c_str()), 0);
    assert_int_equal(mkdir(path.c_str(), 0755), 0);  // unlink() of a directory fails (EISDIR)
    expect.put("remove ").put(path.c_str()).put(": unlink: Is a directory");
    error_is(remove_file(g_dir.c_str(), kEnvFile), expect.c_str());
}

int main() {
    const CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(write_creates_directory_0755_and_the_file_0644, setup, teardown),
        cmocka_unit_test_setup_teardown(rewrite_replaces_the_file_without_touching_open_readers, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_rename_keeps_the_old_file_and_leaves_no_temporary, setup, teardown),
        cmocka_unit_test_setup_teardown(stale_temporary_of_a_crashed_run_is_replaced, setup, teardown),
        cmocka_unit_test_setup_teardown(directory_that_cannot_be_created_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(remove_deletes_the_file_and_succeeds_when_absent, setup, teardown),
        cmocka_unit_test_setup_teardown(remove_reports_what_it_cannot_delete, setup, teardown),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
