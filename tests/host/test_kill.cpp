// SPDX-License-Identifier: GPL-2.0-or-later
// A kill at every step of `down` and `attach`, on the real kernel: each
// command runs in a child process that is SIGKILLed at its Nth system call
// that changes something (a netlink request, mount, umount2, rename,
// unlink), for N = 1, 2, ... until a run gets through.  After each kill the
// next run must leave a consistent state:
//   down killed, down again      -> nothing left (no pin, no krg0, no record);
//   attach killed, attach again  -> krg0 up and addressed in the container,
//                                   the pin on the container's namespace;
//   attach killed, down          -> nothing left, in the container either;
//   attach killed, up            -> never a second krg0: refused while the
//                                   attach is unfinished, then attach finishes it.
// Needs root (host tier).  The kill comes through the host tier's fault
// seam (tests/host/hostcheck.h), as the rollback test's faults do.
#include "hostcheck.h"

#include <signal.h>
#include <sys/wait.h>

using namespace krghost;

namespace {

int g_kill_at = 0;  // the step that is killed; 0: none
int g_steps = 0;
char g_pid[32];
pid_t g_container = -1;

enum class Cmd { up, down, attach };

// Runs the command in a child inside the node namespace, killed at step
// kill_at (0: never).  Returns its exit status, or -1 when it was killed.
int run(Cmd cmd, int kill_at) {
    pid_t pid = fork();
    if (pid == 0) {
        if (!enter_node()) _exit(120);
        krg::RunOptions opt = run_options();
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
        if (!enter_node()) _exit(120);
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

// A node after `up`, and a container to attach to.
void fresh_node() {
    add_node();
    assert_int_equal(run(Cmd::up, 0), 0);
    start_container();
}

void drop_all() {
    if (g_container > 0) {
        kill(g_container, SIGKILL);
        waitpid(g_container, nullptr, 0);
        g_container = -1;
    }
    drop_node();
}

void assert_nothing_left(const char* when) {
    struct stat st;
    if (pinned(&st)) fail_msg("%s: pinned namespace left behind", when);
    if (quiet("ip -n %s link show krg0", g_node.node_ns)) fail_msg("%s: krg0 left in the node namespace", when);
    if (quiet("nsenter -t %s -n ip link show krg0", g_pid)) fail_msg("%s: krg0 left in the container", when);
    if (quiet("test -e %s/net.env -o -e %s/attach.env", g_node.state, g_node.state)) fail_msg("%s: record left behind", when);
}

// Whether the pin holds the container's namespace.
bool pin_is_the_container() {
    char own[64];
    snprintf(own, sizeof own, "/proc/%s/ns/net", g_pid);
    struct stat a, b;
    return pinned(&a) && stat(own, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

void assert_attached(const char* when) {
    if (!quiet("nsenter -t %s -n ip -o -4 addr show dev krg0 | grep -q ' 10.4.135.4/18 '", g_pid))
        fail_msg("%s: krg0 without its address in the container", when);
    if (!quiet("nsenter -t %s -n ip -o link show krg0 | grep -q '[<,]UP[,>]'", g_pid))
        fail_msg("%s: krg0 down in the container", when);
    if (!pin_is_the_container()) fail_msg("%s: the pin is not the container's namespace", when);
    if (!quiet("grep -qx KRG_ATTACH_DONE=1 %s/attach.env", g_node.state)) fail_msg("%s: attach record not done", when);
    if (quiet("ip -n %s link show krg0", g_node.node_ns)) fail_msg("%s: a second krg0 in the node namespace", when);
}

// How many krg0 the node has: in the pinned namespace and in the container
// (one namespace once the pin holds the container's).
int krg0_count() {
    int n = quiet("ip netns exec %s ip link show krg0", g_node.krg_ns);
    if (!pin_is_the_container()) n += quiet("nsenter -t %s -n ip link show krg0", g_pid);
    return n + quiet("ip -n %s link show krg0", g_node.node_ns);
}

constexpr int kMaxSteps = 64;

// Kills `killed` at step 1, 2, ... of a fresh node, each time calling
// after(when) to rerun and check, until a run gets through (then
// through(), if given, checks it).  Returns how many runs were killed.
int kill_at_every_step(Cmd killed, const char* rerun, void (*after)(const char* when), void (*through)() = nullptr) {
    int kills = 0;
    const char* name = killed == Cmd::down ? "down" : killed == Cmd::attach ? "attach" : "up";
    for (int n = 1; n <= kMaxSteps; n++) {
        fresh_node();
        int rc = run(killed, n);
        if (rc != -1) {
            assert_int_equal(rc, 0);  // every step went through
            if (through) through();
            drop_all();
            break;
        }
        kills++;
        char when[96];
        snprintf(when, sizeof when, "%s killed at step %d, %s", name, n, rerun);
        after(when);
        drop_all();
    }
    print_message("killed %s at %d steps, each followed by %s\n", name, kills, rerun);
    return kills;
}

void kill_at_every_step_of_down_then_down_removes_everything(void**) {
    int kills = kill_at_every_step(
        Cmd::down, "down again",
        [](const char* when) {
            assert_int_equal(run(Cmd::down, 0), 0);
            assert_nothing_left(when);
        },
        [] { assert_nothing_left("down not killed"); });
    assert_true(kills >= 3);  // the link, the pin, the record
}

void kill_at_every_step_of_attach_then_attach_finishes_it(void**) {
    int kills = kill_at_every_step(
        Cmd::attach, "attach again",
        [](const char* when) {
            assert_int_equal(run(Cmd::attach, 0), 0);
            assert_attached(when);
            assert_int_equal(run(Cmd::down, 0), 0);
            assert_nothing_left(when);
        },
        [] { assert_attached("attach not killed"); });
    assert_true(kills >= 4);  // the record, the move, the pin, lo/krg0/address
}

void kill_at_every_step_of_attach_then_down_removes_everything(void**) {
    int kills = kill_at_every_step(Cmd::attach, "down", [](const char* when) {
        assert_int_equal(run(Cmd::down, 0), 0);
        assert_nothing_left(when);
    });
    assert_true(kills >= 4);
}

// up after an attach cut short never makes a second krg0: while the attach
// record says the attach is unfinished, up refuses (111) and changes
// nothing; attach then finishes it.
void kill_at_every_step_of_attach_then_up_makes_no_second_krg0(void**) {
    int kills = kill_at_every_step(Cmd::attach, "up", [](const char* when) {
        bool pending = quiet("grep -qx KRG_ATTACH_DONE=0 %s/attach.env", g_node.state);
        int rc = run(Cmd::up, 0);
        if (rc != (pending ? 111 : 0)) fail_msg("%s: up exited %d with the attach %s", when, rc, pending ? "unfinished" : "done or not begun");
        if (krg0_count() != 1) fail_msg("%s: %d krg0 after up", when, krg0_count());
        assert_int_equal(run(Cmd::attach, 0), 0);
        assert_attached(when);
    });
    assert_true(kills >= 4);
}

int setup(void**) {
    name_node("k");
    set_cmdline("krg.node=4 krg.dad=0");
    return 0;
}

int teardown(void**) {
    drop_all();
    return 0;
}

}  // namespace

// Every wrapped call that changes something is a step (unshare only makes
// the container's namespace, in the test itself).
int krghost::seam(Call c) {
    if (c != Call::unshare && g_kill_at && ++g_steps == g_kill_at) raise(SIGKILL);
    return 0;
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
        cmocka_unit_test_teardown(kill_at_every_step_of_attach_then_up_makes_no_second_krg0, teardown),
    };
    return cmocka_run_group_tests(tests, setup, nullptr);
}
