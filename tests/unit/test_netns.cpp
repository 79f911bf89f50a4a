// SPDX-License-Identifier: GPL-2.0-or-later
// Pinned namespaces (sys/netns) without root: mount, umount2, unshare and
// setns are wrapped (test_netns.wrap) to record the sequence and inject a
// failure at each step; files live in a temporary directory.  The real
// kernel path is tests/host/netns-pin.sh.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>  // 1.1.x has no extern "C" of its own
}

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <string_view>

#include "sys/netns.h"

using namespace krg;

namespace {

enum Call { kMakeShared, kBindDir, kBindPin, kOtherMount, kUmount, kUnshare, kSetns, kCallKinds };
constexpr int kMaxCalls = 16;

struct Mock {
    Call log[kMaxCalls];
    int calls = 0;
    int fail_errno[kCallKinds] = {};  // the next call of this kind fails with it
    bool dir_is_mount = false;        // make-shared succeeds without a bind first
    int setns_target = -1;            // fd of the last setns
    char other_source[64] = {};       // source of the last kOtherMount
} g;

char g_root[64];
Text<128> g_pin;  // g_root/NAME for kName
constexpr const char kName[] = "kerrighed";

int fail_or_ok(Call c) {
    if (g.calls < kMaxCalls) g.log[g.calls] = c;
    g.calls++;
    if (int e = g.fail_errno[c]) return g.fail_errno[c] = 0, errno = e, -1;
    return 0;
}

void expect_calls(std::initializer_list<Call> want) {
    assert_int_equal(g.calls, int(want.size()));
    int i = 0;
    for (Call c : want) assert_int_equal(g.log[i++], c);
}

bool exists(const char* path) { return access(path, F_OK) == 0; }

void error_is(const Error& e, std::string_view middle) {
    char line[kErrObject + kErrDetail];
    format_error(e, line, sizeof line);
    Text<256> expect;
    expect.put(middle);
    assert_string_equal(line, expect.c_str());
}

void make_file(const char* path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0);
    assert_true(fd >= 0);
    close(fd);
}

int setup(void**) {
    g = Mock{};
    strcpy(g_root, "/tmp/krg-netns-test.XXXXXX");
    if (!mkdtemp(g_root)) return -1;
    g_pin.clear();
    g_pin.put(g_root).put('/').put(kName);
    return 0;
}

int teardown(void**) {
    Text<160> cmd;
    cmd.put("rm -rf '").put(g_root).put('\'');
    return system(cmd.c_str()) == 0 ? 0 : -1;
}

}  // namespace

extern "C" {
int __wrap_mount(const char* source, const char* target, const char*, unsigned long flags, const void*) {
    if (flags == (MS_SHARED | MS_REC)) {
        if (!g.dir_is_mount && !g.fail_errno[kMakeShared]) g.fail_errno[kMakeShared] = EINVAL;
        int r = fail_or_ok(kMakeShared);
        if (r == 0) g.dir_is_mount = true;
        return r;
    }
    if (flags == (MS_BIND | MS_REC) && !strcmp(source, target)) {
        int r = fail_or_ok(kBindDir);
        if (r == 0) g.dir_is_mount = true;
        return r;
    }
    if (flags == MS_BIND && !strcmp(source, "/proc/thread-self/ns/net")) return fail_or_ok(kBindPin);
    snprintf(g.other_source, sizeof g.other_source, "%s", source);
    return fail_or_ok(kOtherMount);
}
int __wrap_umount2(const char*, int flags) {
    assert_int_equal(flags, MNT_DETACH | UMOUNT_NOFOLLOW);
    int r = fail_or_ok(kUmount);
    if (r == 0) errno = EINVAL, r = -1;  // nothing is really mounted in these tests
    return r;
}
int __wrap_unshare(int flags) {
    assert_int_equal(flags, CLONE_NEWNET);
    return fail_or_ok(kUnshare);
}
int __wrap_setns(int fd, int type) {
    assert_int_equal(type, CLONE_NEWNET);
    g.setns_target = fd;
    return fail_or_ok(kSetns);
}
}

static void names_ip_netns_refuses_are_refused(void**) {
    assert_false(netns_name_valid(""));
    assert_false(netns_name_valid("."));
    assert_false(netns_name_valid(".."));
    assert_false(netns_name_valid("a/b"));
    assert_false(netns_name_valid("/kerrighed"));
    assert_false(netns_name_valid("../etc"));
    assert_false(netns_name_valid(std::string_view("a\0b", 3)));
    char longest[kNetnsNameMax + 2];
    memset(longest, 'n', sizeof longest);
    assert_false(netns_name_valid({longest, kNetnsNameMax + 1}));
    assert_true(netns_name_valid({longest, kNetnsNameMax}));
    assert_true(netns_name_valid("kerrighed"));
    assert_true(netns_name_valid("..a"));
    assert_true(netns_name_valid("node-4.test"));
}

static void bad_name_is_a_configuration_error_naming_it(void**) {
    Text<kNetnsPathSize> path;
    auto r = netns_path(path, "a/b", "/run/netns");
    assert_false(r.ok());
    assert_int_equal(int(r.error().exit), int(Exit::config));
    error_is(r.error(), "a/b: namespace name must not contain '/'");
    auto empty = netns_create("", g_root);
    assert_false(empty.ok());
    error_is(empty.error(), ": empty namespace name");
    assert_int_equal(g.calls, 0);  // refused before touching anything
}

static void path_joins_dir_and_name_and_refuses_overlong(void**) {
    Text<kNetnsPathSize> path;
    assert_true(netns_path(path, "kerrighed").ok());
    assert_string_equal(path.c_str(), "/run/netns/kerrighed");
    char name[kNetnsNameMax];
    memset(name, 'n', sizeof name);
    auto r = netns_path(path, {name, sizeof name}, "/run/netns");
    assert_false(r.ok());
    assert_int_equal(r.error().code, ENAMETOOLONG);
}

static void create_makes_dir_shared_mount_then_pins_and_returns_home(void**) {
    auto r = netns_create(kName, g_root);
    assert_true(r.ok());
    int fd = r.value();
    // EINVAL on make-shared (not a mount point) -> bind on itself -> shared,
    // then unshare, bind the new namespace on the file, setns back.
    expect_calls({kMakeShared, kBindDir, kMakeShared, kUnshare, kBindPin, kSetns});
    assert_true(fd >= 0);
    close(fd);
    assert_true(exists(g_pin.c_str()));
    assert_true(g.setns_target != fd);  // back to the original namespace, not into the new one
}

static void create_on_a_shared_mount_point_skips_the_bind(void**) {
    g.dir_is_mount = true;
    auto r = netns_create(kName, g_root);
    assert_true(r.ok());
    close(r.value());
    expect_calls({kMakeShared, kUnshare, kBindPin, kSetns});
}

static void existing_pin_is_refused_and_left_alone(void**) {
    make_file(g_pin.c_str());
    auto r = netns_create(kName, g_root);
    assert_false(r.ok());
    Text<200> expect;
    expect.put("pin namespace ").put(g_pin.c_str()).put(": create: File exists (already pinned)");
    error_is(r.error(), expect.view());
    assert_true(exists(g_pin.c_str()));
    expect_calls({kMakeShared, kBindDir, kMakeShared});
}

static void dir_that_cannot_be_shared_fails_before_any_file(void**) {
    g.dir_is_mount = true;
    g.fail_errno[kMakeShared] = EPERM;
    auto r = netns_create(kName, g_root);
    assert_false(r.ok());
    Text<200> expect;
    expect.put("pin namespace ").put(g_pin.c_str()).put(": make the directory a shared mount: Operation not permitted (needs CAP_SYS_ADMIN)");
    error_is(r.error(), expect.view());
    assert_false(exists(g_pin.c_str()));
}

static void failed_unshare_removes_the_file(void**) {
    g.fail_errno[kUnshare] = EPERM;
    auto r = netns_create(kName, g_root);
    assert_false(r.ok());
    Text<200> expect;
    expect.put("pin namespace ").put(g_pin.c_str()).put(": unshare: Operation not permitted (needs CAP_SYS_ADMIN)");
    error_is(r.error(), expect.view());
    assert_false(exists(g_pin.c_str()));
    expect_calls({kMakeShared, kBindDir, kMakeShared, kUnshare, kUmount});  // no setns: never left home
}

static void failed_bind_returns_home_and_removes_the_file(void**) {
    g.fail_errno[kBindPin] = ENOMEM;
    auto r = netns_create(kName, g_root);
    assert_false(r.ok());
    assert_int_equal(r.error().code, ENOMEM);
    assert_false(exists(g_pin.c_str()));
    expect_calls({kMakeShared, kBindDir, kMakeShared, kUnshare, kBindPin, kSetns, kUmount});
}

static void failed_return_home_is_reported_and_leaves_nothing(void**) {
    g.fail_errno[kSetns] = EINVAL;
    auto r = netns_create(kName, g_root);
    assert_false(r.ok());
    Text<200> expect;
    expect.put("pin namespace ").put(g_pin.c_str()).put(": return to the original network namespace: Invalid argument");
    error_is(r.error(), expect.view());
    assert_false(exists(g_pin.c_str()));
}

static void open_reports_absent_and_stale_pins(void**) {
    auto absent = netns_open(kName, g_root);
    assert_false(absent.ok());
    assert_int_equal(absent.error().code, ENOENT);
    make_file(g_pin.c_str());
    auto stale = netns_open(kName, g_root);
    assert_false(stale.ok());
    assert_int_equal(stale.error().code, EINVAL);
    Text<200> expect;
    expect.put("open namespace ").put(g_pin.c_str()).put(": stale file without a namespace (`krgnet down` removes it)");
    error_is(stale.error(), expect.view());
}

static void open_accepts_a_network_namespace_only(void**) {
    assert_int_equal(symlink("/proc/self/ns/net", g_pin.c_str()), 0);
    auto r = netns_open(kName, g_root);
    assert_true(r.ok());
    close(r.value());
    auto e = netns_ensure(kName, g_root);
    assert_true(e.ok());
    assert_false(e.value().created);
    close(e.value().fd);
    assert_int_equal(unlink(g_pin.c_str()), 0);
    assert_int_equal(symlink("/proc/self/ns/uts", g_pin.c_str()), 0);
    auto uts = netns_open(kName, g_root);
    assert_false(uts.ok());
    assert_int_equal(uts.error().code, EINVAL);
    assert_int_equal(g.calls, 0);
}

static void ensure_replaces_a_stale_file_and_says_it_created(void**) {
    make_file(g_pin.c_str());
    auto r = netns_ensure(kName, g_root);
    assert_true(r.ok());
    assert_true(r.value().created);
    close(r.value().fd);
    assert_true(exists(g_pin.c_str()));
    expect_calls({kUmount, kMakeShared, kBindDir, kMakeShared, kUnshare, kBindPin, kSetns});
}

static void remove_succeeds_when_absent_and_unlinks_stale(void**) {
    assert_true(netns_remove(kName, g_root).ok());
    make_file(g_pin.c_str());
    assert_true(netns_remove(kName, g_root).ok());
    assert_false(exists(g_pin.c_str()));
}

static void remove_that_cannot_unmount_keeps_the_file(void**) {
    make_file(g_pin.c_str());
    g.fail_errno[kUmount] = EPERM;
    auto r = netns_remove(kName, g_root);
    assert_false(r.ok());
    Text<200> expect;
    expect.put("remove namespace ").put(g_pin.c_str()).put(": unmount: Operation not permitted (needs CAP_SYS_ADMIN)");
    error_is(r.error(), expect.view());
    assert_true(exists(g_pin.c_str()));
}

static void socket_in_enters_creates_and_returns_home(void**) {
    int target = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    auto r = socket_in(target, AF_UNIX, SOCK_DGRAM, 0);
    assert_true(r.ok());
    close(r.value());
    expect_calls({kSetns, kSetns});
    assert_true(g.setns_target != target);  // the last setns went home
    close(target);
}

static void socket_in_returns_home_when_socket_fails(void**) {
    int target = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    auto r = netlink_socket_in(target, 9999);  // no such netlink protocol
    assert_false(r.ok());
    assert_int_equal(r.error().code, EPROTONOSUPPORT);
    expect_calls({kSetns, kSetns});
    assert_true(g.setns_target != target);
    close(target);
}

static void socket_in_fails_cleanly_when_it_cannot_enter(void**) {
    int target = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    g.fail_errno[kSetns] = EPERM;
    auto r = netlink_socket_in(target, 0);
    assert_false(r.ok());
    assert_int_equal(r.error().code, EPERM);
    expect_calls({kSetns});  // never left, so nothing to return from
    close(target);
}

static void repin_unmounts_the_old_pin_and_binds_the_new_namespace(void**) {
    make_file(g_pin.c_str());
    g.dir_is_mount = true;
    assert_true(netns_repin(kName, 7, g_root).ok());
    // make-shared, lazy unmount of the old pin, bind through the fd
    expect_calls({kMakeShared, kUmount, kOtherMount});
    assert_string_equal(g.other_source, "/proc/self/fd/7");
    assert_true(exists(g_pin.c_str()));
}

static void repin_creates_the_pin_file_when_absent(void**) {
    assert_true(netns_repin(kName, 7, g_root).ok());
    expect_calls({kMakeShared, kBindDir, kMakeShared, kUmount, kOtherMount});
    assert_true(exists(g_pin.c_str()));
}

static void repin_that_cannot_bind_says_so(void**) {
    g.dir_is_mount = true;
    g.fail_errno[kOtherMount] = EPERM;
    auto r = netns_repin(kName, 7, g_root);
    assert_false(r.ok());
    Text<200> expect;
    expect.put("pin namespace ").put(g_pin.c_str()).put(": bind-mount: Operation not permitted (needs CAP_SYS_ADMIN)");
    error_is(r.error(), expect.view());
}

static void repin_that_cannot_unmount_the_old_pin_binds_nothing(void**) {
    make_file(g_pin.c_str());
    g.dir_is_mount = true;
    g.fail_errno[kUmount] = EBUSY;
    auto r = netns_repin(kName, 7, g_root);
    assert_false(r.ok());
    assert_int_equal(r.error().code, EBUSY);
    expect_calls({kMakeShared, kUmount});
}

static void open_file_accepts_only_a_network_namespace(void**) {
    auto own = netns_open_file("/proc/self/ns/net");
    assert_true(own.ok());
    auto again = netns_open_file("/proc/thread-self/ns/net");
    assert_true(again.ok());
    assert_true(same_namespace(own.value(), again.value()));
    int uts_fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
    assert_false(same_namespace(own.value(), uts_fd));
    close(uts_fd);
    close(own.value());
    close(again.value());
    make_file(g_pin.c_str());  // an empty file: not a namespace
    auto file = netns_open_file(g_pin.c_str());
    assert_false(file.ok());
    assert_int_equal(file.error().code, EINVAL);
    auto uts = netns_open_file("/proc/self/ns/uts");
    assert_false(uts.ok());
    assert_int_equal(uts.error().code, EINVAL);
    auto gone = netns_open_file("/proc/0/ns/net");
    assert_false(gone.ok());
    assert_int_equal(gone.error().code, ENOENT);
    assert_int_equal(g.calls, 0);
}

int main() {
    const CMUnitTest tests[] = {
        cmocka_unit_test(names_ip_netns_refuses_are_refused),
        cmocka_unit_test_setup_teardown(bad_name_is_a_configuration_error_naming_it, setup, teardown),
        cmocka_unit_test(path_joins_dir_and_name_and_refuses_overlong),
        cmocka_unit_test_setup_teardown(create_makes_dir_shared_mount_then_pins_and_returns_home, setup, teardown),
        cmocka_unit_test_setup_teardown(create_on_a_shared_mount_point_skips_the_bind, setup, teardown),
        cmocka_unit_test_setup_teardown(existing_pin_is_refused_and_left_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(dir_that_cannot_be_shared_fails_before_any_file, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_unshare_removes_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_bind_returns_home_and_removes_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_return_home_is_reported_and_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(open_reports_absent_and_stale_pins, setup, teardown),
        cmocka_unit_test_setup_teardown(open_accepts_a_network_namespace_only, setup, teardown),
        cmocka_unit_test_setup_teardown(ensure_replaces_a_stale_file_and_says_it_created, setup, teardown),
        cmocka_unit_test_setup_teardown(remove_succeeds_when_absent_and_unlinks_stale, setup, teardown),
        cmocka_unit_test_setup_teardown(remove_that_cannot_unmount_keeps_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(socket_in_enters_creates_and_returns_home, setup, teardown),
        cmocka_unit_test_setup_teardown(socket_in_returns_home_when_socket_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(socket_in_fails_cleanly_when_it_cannot_enter, setup, teardown),
        cmocka_unit_test_setup_teardown(repin_unmounts_the_old_pin_and_binds_the_new_namespace, setup, teardown),
        cmocka_unit_test_setup_teardown(repin_creates_the_pin_file_when_absent, setup, teardown),
        cmocka_unit_test_setup_teardown(repin_that_cannot_bind_says_so, setup, teardown),
        cmocka_unit_test_setup_teardown(repin_that_cannot_unmount_the_old_pin_binds_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(open_file_accepts_only_a_network_namespace, setup, teardown),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
