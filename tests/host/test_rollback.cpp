// SPDX-License-Identifier: GPL-2.0-or-later
// Rollback on the real kernel: `krgnet up` is run in a fresh node namespace
// once per fault, with a fault injected at the Nth netlink request (and in
// namespace creation and the state-file rename), until a run gets through
// without reaching the fault.  After every failed run nothing may be left:
// no pinned namespace, no krg0, no state file, and the parent NIC down again.  Needs root (host tier).
//
// Faults come through -Wl,--wrap (tests/host/test_rollback.wrap): the only
// mock in the tier, and it only injects failures into real system calls.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli/commands.h"

namespace {

enum class Fault { none, netlink, unshare, rename };
Fault g_fault = Fault::none;
int g_fail_at = 0;  // which netlink request fails (1-based)
int g_sends = 0;

char g_prefix[32];
char g_node_ns[64];
char g_krg_ns[64];
char g_state[128];
char g_cmdline[256];
int g_home_ns = -1;

void sh(const char* fmt, ...) {
    char cmd[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (system(cmd) != 0) fail_msg("command failed: %s", cmd);
}

bool quiet(const char* fmt, ...) {
    char cmd[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    strncat(cmd, " >/dev/null 2>&1", sizeof cmd - strlen(cmd) - 1);
    return system(cmd) == 0;
}

// A node namespace whose eth0 is a veth with a live peer, entered by this process.
void enter_fresh_node() {
    sh("ip netns add %s", g_node_ns);
    sh("ip -n %s link add eth0 type veth peer name peer0", g_node_ns);
    sh("ip -n %s link set peer0 up", g_node_ns);
    char path[128];
    snprintf(path, sizeof path, "/run/netns/%s", g_node_ns);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    assert_true(fd >= 0);
    assert_int_equal(setns(fd, CLONE_NEWNET), 0);
    close(fd);
}

void leave_node() {
    assert_int_equal(setns(g_home_ns, CLONE_NEWNET), 0);
    quiet("ip netns del %s", g_krg_ns);
    quiet("ip netns del %s", g_node_ns);
    quiet("rm -rf %s", g_state);
}

// Everything `up` may create, checked from outside.
void assert_nothing_left(const char* when) {
    char path[128];
    snprintf(path, sizeof path, "/run/netns/%s", g_krg_ns);
    struct stat st;
    if (stat(path, &st) == 0) fail_msg("%s: pinned namespace left behind", when);
    if (quiet("ip -n %s link show krg0", g_node_ns)) fail_msg("%s: krg0 left in the node namespace", when);
    if (quiet("test -e %s/net.env -o -e %s/net-conf.krgnet", g_state, g_state)) fail_msg("%s: state file left behind", when);
    // eth0 starts down (enter_fresh_node): the parent `up` raised is lowered again.
    if (quiet("ip -n %s -o link show eth0 | grep -q '<[^>]*[<,]UP[,>]'", g_node_ns)) fail_msg("%s: parent eth0 left up", when);
}

int run_up() {
    krg::RunOptions opt;
    opt.sources.cmdline = g_cmdline;
    opt.sources.conf = "/dev/null";
    opt.state_dir = g_state;
    g_sends = 0;
    return krg::cmd_up(opt);
}

int setup(void**) {
    snprintf(g_prefix, sizeof g_prefix, "krgt%dr", int(getpid()));
    snprintf(g_node_ns, sizeof g_node_ns, "%sn", g_prefix);
    snprintf(g_krg_ns, sizeof g_krg_ns, "%sk", g_prefix);
    snprintf(g_state, sizeof g_state, "/tmp/%sstate", g_prefix);
    snprintf(g_cmdline, sizeof g_cmdline,
             "krg.node=4 krg.phys=eth0 krg.kind=macvlan krg.netns=%s krg.timeout=2 krg.dad=100", g_krg_ns);
    g_home_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    return g_home_ns >= 0 ? 0 : -1;
}

int teardown(void**) {
    if (g_home_ns >= 0) setns(g_home_ns, CLONE_NEWNET);
    quiet("ip netns del %s", g_krg_ns);
    quiet("ip netns del %s", g_node_ns);
    quiet("rm -rf %s", g_state);
    return 0;
}

void netlink_fault_at_every_request_rolls_back_completely(void**) {
    constexpr int kMaxRequests = 64;
    int faults = 0;
    for (int n = 1; n <= kMaxRequests; n++) {
        enter_fresh_node();
        g_fault = Fault::netlink;
        g_fail_at = n;
        int rc = run_up();
        g_fault = Fault::none;
        bool reached = g_sends >= n;
        char when[64];
        snprintf(when, sizeof when, "fault at netlink request %d", n);
        if (reached) {
            assert_int_equal(rc, 111);
            assert_nothing_left(when);
            faults++;
        } else {
            assert_int_equal(rc, 0);  // every request went through: the plain run works
            leave_node();
            break;
        }
        leave_node();
    }
    print_message("injected %d netlink faults, each rolled back\n", faults);
    assert_true(faults >= 6);  // wait, up, lo, link, address...: the test must reach them
}

// The same with a cluster IP (node 1, nf_tables on this kernel): a fault at
// each of its requests too (the batch, the query, the address) leaves
// nothing: no table, no membership, no address, since the namespace holding
// them is removed with krg0.
void netlink_fault_with_a_cluster_ip_rolls_back_completely(void**) {
    char plain[sizeof g_cmdline];
    memcpy(plain, g_cmdline, sizeof plain);
    snprintf(g_cmdline, sizeof g_cmdline,
             "krg.node=1 krg.nodes=1-2 krg.phys=eth0 krg.kind=macvlan krg.netns=%s krg.timeout=2 krg.dad=100 "
             "krg.clusterip=10.4.199.1/18 krg.clustermac=01:00:00:00:07:00 krg.clusterip_backend=nft", g_krg_ns);
    netlink_fault_at_every_request_rolls_back_completely(nullptr);
    memcpy(g_cmdline, plain, sizeof plain);
}

void namespace_creation_failure_rolls_back(void**) {
    enter_fresh_node();
    g_fault = Fault::unshare;
    int rc = run_up();
    g_fault = Fault::none;
    assert_int_equal(rc, 111);
    assert_nothing_left("unshare fault");
    leave_node();
}

void state_file_failure_rolls_back_link_and_namespace(void**) {
    enter_fresh_node();
    g_fault = Fault::rename;
    int rc = run_up();
    g_fault = Fault::none;
    assert_int_equal(rc, 111);
    assert_nothing_left("rename fault");
    leave_node();
}

}  // namespace

extern "C" {
ssize_t __real_krg_nl_send(int fd, const void* buf, size_t len);
ssize_t __wrap_krg_nl_send(int fd, const void* buf, size_t len) {
    if (g_fault == Fault::netlink && ++g_sends == g_fail_at) {
        errno = EIO;
        return -1;
    }
    return __real_krg_nl_send(fd, buf, len);
}
int __real_unshare(int flags);
int __wrap_unshare(int flags) {
    if (g_fault == Fault::unshare) {
        errno = ENOSPC;
        return -1;
    }
    return __real_unshare(flags);
}
int __real_rename(const char* from, const char* to);
int __wrap_rename(const char* from, const char* to) {
    if (g_fault == Fault::rename) {
        errno = EROFS;
        return -1;
    }
    return __real_rename(from, to);
}
}

int main() {
    if (geteuid() != 0) {
        fprintf(stderr, "test_rollback: FAILED: needs root (host tier); not skipped\n");
        return 1;
    }
    const CMUnitTest tests[] = {
        cmocka_unit_test(netlink_fault_at_every_request_rolls_back_completely),
        cmocka_unit_test(netlink_fault_with_a_cluster_ip_rolls_back_completely),
        cmocka_unit_test(namespace_creation_failure_rolls_back),
        cmocka_unit_test(state_file_failure_rolls_back_link_and_namespace),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
