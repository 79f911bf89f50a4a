// SPDX-License-Identifier: GPL-2.0-or-later
// What the host tier's CMocka programs (test_rollback, test_kill) share:
//
//   - a node of their own: a namespace with eth0 (a veth whose peer is up),
//     the name krgnet pins its namespace under, a state directory, and the
//     kernel command line krgnet runs with, all named after the process;
//   - shell commands: sh() fails the test when the command fails, quiet()
//     says whether it succeeded;
//   - the fault seam: the system calls that change something are wrapped
//     (-Wl,--wrap, tests/host/hostcheck.wrap) and each asks the program's
//     seam() whether to go on or fail with an errno (a program that kills
//     raises SIGKILL there).  The only mock in the tier: it injects
//     failures into real system calls.
//
// Include it once per program (it defines the wrappers).
#pragma once

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

namespace krghost {

// --- shell commands ----------------------------------------------------------------
inline constexpr size_t kCommandSize = 512;

// Runs the command fmt gives, its output to /dev/null when silent; cmd
// keeps the command.  Returns system()'s status.
inline int run_command(char (&cmd)[kCommandSize], bool silent, const char* fmt, va_list ap) {
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    if (silent) strncat(cmd, " >/dev/null 2>&1", sizeof cmd - strlen(cmd) - 1);
    return system(cmd);
}

// Runs the command; a failure fails the test.
inline void sh(const char* fmt, ...) {
    char cmd[kCommandSize];
    va_list ap;
    va_start(ap, fmt);
    int rc = run_command(cmd, false, fmt, ap);
    va_end(ap);
    if (rc != 0) fail_msg("command failed: %s", cmd);
}

// Runs the command without its output; true when it succeeded.
inline bool quiet(const char* fmt, ...) {
    char cmd[kCommandSize];
    va_list ap;
    va_start(ap, fmt);
    int rc = run_command(cmd, true, fmt, ap);
    va_end(ap);
    return rc == 0;
}

// --- the node --------------------------------------------------------------------------
struct TestNode {
    char node_ns[64];   // the node's own namespace (its eth0)
    char krg_ns[64];    // krg.netns: where krgnet pins the container's namespace
    char state[128];    // --state-dir
    char cmdline[320];  // the kernel command line krgnet reads
};
inline TestNode g_node;

// Names the node after this process and tag (one letter per program).
inline void name_node(const char* tag) {
    int pid = int(getpid());
    snprintf(g_node.node_ns, sizeof g_node.node_ns, "krgt%d%sn", pid, tag);
    snprintf(g_node.krg_ns, sizeof g_node.krg_ns, "krgt%d%sk", pid, tag);
    snprintf(g_node.state, sizeof g_node.state, "/tmp/krgt%d%sstate", pid, tag);
}

// krgnet's command line: node and what else the test sets, on the node's
// eth0, macvlan (the host kernel may lack 802.1Q), the node's pin name.
inline void set_cmdline(const char* settings) {
    snprintf(g_node.cmdline, sizeof g_node.cmdline, "%s krg.phys=eth0 krg.kind=macvlan krg.netns=%s krg.timeout=2",
             settings, g_node.krg_ns);
}

// The node namespace, with eth0 down and its peer up.
inline void add_node() {
    sh("ip netns add %s", g_node.node_ns);
    sh("ip -n %s link add eth0 type veth peer name peer0", g_node.node_ns);
    sh("ip -n %s link set peer0 up", g_node.node_ns);
}

// Removes everything the node and krgnet may have left.
inline void drop_node() {
    quiet("ip netns del %s", g_node.krg_ns);
    quiet("ip netns del %s", g_node.node_ns);
    quiet("rm -rf %s", g_node.state);
}

// This thread into the node's namespace; false when that failed.
inline bool enter_node() {
    char path[128];
    snprintf(path, sizeof path, "/run/netns/%s", g_node.node_ns);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    bool ok = fd >= 0 && setns(fd, CLONE_NEWNET) == 0;
    if (fd >= 0) close(fd);
    return ok;
}

// Whether krgnet's pin exists; st receives it.
inline bool pinned(struct stat* st) {
    char path[128];
    snprintf(path, sizeof path, "/run/netns/%s", g_node.krg_ns);
    return stat(path, st) == 0;
}

// The options krgnet runs with: the node's command line, no net.conf, its state directory.
inline krg::RunOptions run_options() {
    krg::RunOptions opt;
    opt.sources.cmdline = g_node.cmdline;
    opt.sources.conf = "/dev/null";
    opt.state_dir = g_node.state;
    return opt;
}

// --- the fault seam -----------------------------------------------------------------
enum class Call { netlink, mount, umount2, rename, unlink, unshare };

// Defined by each program: 0 makes the call, anything else is the errno
// the call fails with.
int seam(Call c);

}  // namespace krghost

extern "C" {
#define KRGHOST_WRAP(ret, name, call, params, args) \
    ret __real_##name params;                      \
    ret __wrap_##name params {                     \
        if (int e = krghost::seam(call)) {         \
            errno = e;                             \
            return -1;                             \
        }                                          \
        return __real_##name args;                 \
    }
KRGHOST_WRAP(ssize_t, krg_nl_send, krghost::Call::netlink, (int fd, const void* buf, size_t len), (fd, buf, len))
KRGHOST_WRAP(int, mount, krghost::Call::mount,
             (const char* src, const char* dst, const char* type, unsigned long flags, const void* data),
             (src, dst, type, flags, data))
KRGHOST_WRAP(int, umount2, krghost::Call::umount2, (const char* target, int flags), (target, flags))
KRGHOST_WRAP(int, rename, krghost::Call::rename, (const char* from, const char* to), (from, to))
KRGHOST_WRAP(int, unlink, krghost::Call::unlink, (const char* path), (path))
KRGHOST_WRAP(int, unshare, krghost::Call::unshare, (int flags), (flags))
#undef KRGHOST_WRAP
}
