// SPDX-License-Identifier: GPL-2.0-or-later
// A kill at every step of `down` and `attach`, on the real kernel: each
// command runs in a child process that is SIGKILLed at its Nth system call
// that changes something (a netlink request, mount, umount2, rename,
// unlink), for N = 1, 2, ... until a run gets through.  After each kill the
// next run must leave a consistent state:
//   down killed, down again      -> nothing left (no pin, no krg0, no record);
//   attach killed, attach again  -> krg0 up and addressed in the container,
//                                   the pin on the container's namespace;
//   attach killed, down          -> nothing left, in the container either.
// Needs root (host tier).  The kill comes through -Wl,--wrap
// (tests/host/test_kill.wrap), as the rollback test's faults do.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli/commands.h"

namespace {

int g_kill_at = 0;  // the step that is killed; 0: none
int g_steps = 0;

void step() {
    if (g_kill_at && ++g_steps == g_kill_at) raise(SIGKILL);
}

char g_node_ns[64];
char g_krg_ns[64];
char g_state[128];
char g_cmdline[256];
char g_pid[32];
pid_t g_container = -1;

bool quiet(const char* fmt, ...) {
    char cmd[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    strncat(cmd, " >/dev/null 2>&1", sizeof cmd - strlen(cmd) - 1);
    return system(cmd) == 0;
}

void sh(const char* fmt, ...) {
    char cmd[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (system(cmd) != 0) fail_msg("command failed: %s", cmd);
}

void enter(const char* ns) {
    char path[128];
    snprintf(path, sizeof path, "/run/netns/%s", ns);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) _exit(120);
    close(fd);
}

enum class Cmd { up, down, attach };

// Runs the command in a child inside the node namespace, killed at step
// kill_at (0: never).  Returns its exit status, or -1 when it was killed.
int run(Cmd cmd, int kill_at) {
    pid_t pid = fork();
    if (pid == 0) {
        enter(g_node_ns);
        krg::RunOptions opt;
        opt.sources.cmdline = g_cmdline;
        opt.sources.conf = "/dev/null";
        opt.state_dir = g_state;
        g_kill_at = kill_at;
        g_steps = 0;
        krg::AttachOptions a;
        a.pid = g_pid;
        int rc = cmd == Cmd::up ? krg::cmd_up(opt) : cmd == Cmd::down ? krg::cmd_down(opt) : krg::cmd_attach(opt, a);
        _exit(rc);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 200;
}

// The container: a process in its own network namespace, made in the node's.
void start_container() {
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    g_container = fork();
    if (g_container == 0) {
        enter(g_node_ns);
        if (unshare(CLONE_NEWNET) != 0) _exit(121);
        char c = 1;
        (void)!write(ready[1], &c, 1);
        for (;;) pause();
    }
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    close(ready[0]), close(ready[1]);
    snprintf(g_pid, sizeof g_pid, "%d", int(g_container));
}

void fresh_node() {
    sh("ip netns add %s", g_node_ns);
    sh("ip -n %s link add eth0 type veth peer name peer0", g_node_ns);
    sh("ip -n %s link set peer0 up", g_node_ns);
    assert_int_equal(run(Cmd::up, 0), 0);
    start_container();
}

void drop_node() {
    if (g_container > 0) {
        kill(g_container, SIGKILL);
        waitpid(g_container, nullptr, 0);
        g_container = -1;
    }
    quiet("ip netns del %s", g_krg_ns);
    quiet("ip netns del %s", g_node_ns);
    quiet("rm -rf %s", g_state);
}

void assert_nothing_left(const char* when) {
    char path[128];
    snprintf(path, sizeof path, "/run/netns/%s", g_krg_ns);
    struct stat st;
    if (stat(path, &st) == 0) fail_msg("%s: pinned namespace left behind", when);
    if (quiet("ip -n %s link show krg0", g_node_ns)) fail_msg("%s: krg0 left in the node namespace", when);
    if (quiet("nsenter -t %s -n ip link show krg0", g_pid)) fail_msg("%s: krg0 left in the container", when);
    if (quiet("test -e %s/net.env -o -e %s/attach.env", g_state, g_state)) fail_msg("%s: record left behind", when);
}

void assert_attached(const char* when) {
    if (!quiet("nsenter -t %s -n ip -o -4 addr show dev krg0 | grep -q ' 10.4.135.4/18 '", g_pid))
        fail_msg("%s: krg0 without its address in the container", when);
    if (!quiet("nsenter -t %s -n ip -o link show krg0 | grep -q '[<,]UP[,>]'", g_pid))
        fail_msg("%s: krg0 down in the container", when);
    char pin[128], own[64];
    snprintf(pin, sizeof pin, "/run/netns/%s", g_krg_ns);
    snprintf(own, sizeof own, "/proc/%s/ns/net", g_pid);
    struct stat a, b;
    if (stat(pin, &a) != 0 || stat(own, &b) != 0 || a.st_ino != b.st_ino) fail_msg("%s: the pin is not the container's namespace", when);
    if (!quiet("grep -qx KRG_ATTACH_DONE=1 %s/attach.env", g_state)) fail_msg("%s: attach record not done", when);
    if (quiet("ip -n %s link show krg0", g_node_ns)) fail_msg("%s: a second krg0 in the node namespace", when);
}

constexpr int kMaxSteps = 64;

void kill_at_every_step_of_down_then_down_removes_everything(void**) {
    int kills = 0;
    for (int n = 1; n <= kMaxSteps; n++) {
        fresh_node();
        int rc = run(Cmd::down, n);
        char when[64];
        snprintf(when, sizeof when, "down killed at step %d, down again", n);
        if (rc != -1) {
            assert_int_equal(rc, 0);  // every step went through
            assert_nothing_left("down not killed");
            drop_node();
            break;
        }
        kills++;
        assert_int_equal(run(Cmd::down, 0), 0);
        assert_nothing_left(when);
        drop_node();
    }
    print_message("killed down at %d steps, each finished by the next down\n", kills);
    assert_true(kills >= 3);  // the link, the pin, the record
}

void kill_at_every_step_of_attach_then_attach_finishes_it(void**) {
    int kills = 0;
    for (int n = 1; n <= kMaxSteps; n++) {
        fresh_node();
        int rc = run(Cmd::attach, n);
        char when[64];
        snprintf(when, sizeof when, "attach killed at step %d, attach again", n);
        if (rc != -1) {
            assert_int_equal(rc, 0);
            assert_attached("attach not killed");
            drop_node();
            break;
        }
        kills++;
        assert_int_equal(run(Cmd::attach, 0), 0);
        assert_attached(when);
        assert_int_equal(run(Cmd::down, 0), 0);
        assert_nothing_left(when);
        drop_node();
    }
    print_message("killed attach at %d steps, each finished by the next attach\n", kills);
    assert_true(kills >= 4);  // the record, the move, the pin, lo/krg0/address
}

void kill_at_every_step_of_attach_then_down_removes_everything(void**) {
    int kills = 0;
    for (int n = 1; n <= kMaxSteps; n++) {
        fresh_node();
        int rc = run(Cmd::attach, n);
        char when[64];
        snprintf(when, sizeof when, "attach killed at step %d, down", n);
        if (rc != -1) {
            drop_node();
            break;
        }
        kills++;
        assert_int_equal(run(Cmd::down, 0), 0);
        assert_nothing_left(when);
        drop_node();
    }
    print_message("killed attach at %d steps, each undone by down\n", kills);
    assert_true(kills >= 4);
}

int setup(void**) {
    snprintf(g_node_ns, sizeof g_node_ns, "krgt%dkn", int(getpid()));
    snprintf(g_krg_ns, sizeof g_krg_ns, "krgt%dkk", int(getpid()));
    snprintf(g_state, sizeof g_state, "/tmp/krgt%dkstate", int(getpid()));
    snprintf(g_cmdline, sizeof g_cmdline, "krg.node=4 krg.phys=eth0 krg.kind=macvlan krg.netns=%s krg.timeout=2 krg.dad=0", g_krg_ns);
    return 0;
}

int teardown(void**) {
    drop_node();
    return 0;
}

}  // namespace

extern "C" {
ssize_t __real_krg_nl_send(int fd, const void* buf, size_t len);
ssize_t __wrap_krg_nl_send(int fd, const void* buf, size_t len) {
    step();
    return __real_krg_nl_send(fd, buf, len);
}
int __real_mount(const char* src, const char* dst, const char* type, unsigned long flags, const void* data);
int __wrap_mount(const char* src, const char* dst, const char* type, unsigned long flags, const void* data) {
    step();
    return __real_mount(src, dst, type, flags, data);
}
int __real_umount2(const char* target, int flags);
int __wrap_umount2(const char* target, int flags) {
    step();
    return __real_umount2(target, flags);
}
int __real_rename(const char* from, const char* to);
int __wrap_rename(const char* from, const char* to) {
    step();
    return __real_rename(from, to);
}
int __real_unlink(const char* path);
int __wrap_unlink(const char* path) {
    step();
    return __real_unlink(path);
}
}

int main() {
    if (geteuid() != 0) {
        fprintf(stderr, "test_kill: FAILED: needs root (host tier); not skipped\n");
        return 1;
    }
    const CMUnitTest tests[] = {
        cmocka_unit_test_teardown(kill_at_every_step_of_down_then_down_removes_everything, teardown),
        cmocka_unit_test_teardown(kill_at_every_step_of_attach_then_attach_finishes_it, teardown),
        cmocka_unit_test_teardown(kill_at_every_step_of_attach_then_down_removes_everything, teardown),
    };
    return cmocka_run_group_tests(tests, setup, nullptr);
}
