// SPDX-License-Identifier: GPL-2.0-or-later
// Rollback on the real kernel: `krgnet up` is run in a fresh node namespace
// once per fault, with a fault injected at the Nth netlink request (and in
// namespace creation and the state-file rename), until a run gets through
// without reaching the fault.  After every failed run nothing may be left:
// no pinned namespace, no krg0, no state file, and the parent NIC down again.  Needs root (host tier).
//
// Faults come through the host tier's fault seam (tests/host/hostcheck.h).
#include "hostcheck.h"

using namespace krghost;

namespace {

enum class Fault { none, netlink, unshare, rename };
Fault g_fault = Fault::none;
int g_fail_at = 0;  // which netlink request fails (1-based)
int g_sends = 0;
int g_home_ns = -1;

// A fresh node, entered by this process.
void enter_fresh_node() {
    add_node();
    assert_true(enter_node());
}

void leave_node() {
    assert_int_equal(setns(g_home_ns, CLONE_NEWNET), 0);
    drop_node();
}

// Everything `up` may create, checked from outside.
void assert_nothing_left(const char* when) {
    struct stat st;
    if (pinned(&st)) fail_msg("%s: pinned namespace left behind", when);
    if (quiet("ip -n %s link show krg0", g_node.node_ns)) fail_msg("%s: krg0 left in the node namespace", when);
    if (quiet("test -e %s/net.env -o -e %s/net-conf.krgnet", g_node.state, g_node.state)) fail_msg("%s: state file left behind", when);
    // eth0 starts down (add_node): the parent `up` raised is lowered again.
    if (quiet("ip -n %s -o link show eth0 | grep -q '<[^>]*[<,]UP[,>]'", g_node.node_ns)) fail_msg("%s: parent eth0 left up", when);
}

int run_up() {
    g_sends = 0;
    return krg::cmd_up(run_options());
}

int setup(void**) {
    name_node("r");
    set_cmdline("krg.node=4 krg.dad=100");
    g_home_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    return g_home_ns >= 0 ? 0 : -1;
}

int teardown(void**) {
    if (g_home_ns >= 0) setns(g_home_ns, CLONE_NEWNET);
    drop_node();
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
    set_cmdline("krg.node=1 krg.nodes=1-2 krg.dad=100 krg.clusterip=10.4.199.1/18 krg.clustermac=01:00:00:00:07:00 "
                "krg.clusterip_backend=nft");
    netlink_fault_at_every_request_rolls_back_completely(nullptr);
    set_cmdline("krg.node=4 krg.dad=100");
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

int krghost::seam(Call c) {
    if (c == Call::netlink && g_fault == Fault::netlink && ++g_sends == g_fail_at) return EIO;
    if (c == Call::unshare && g_fault == Fault::unshare) return ENOSPC;
    if (c == Call::rename && g_fault == Fault::rename) return EROFS;
    return 0;
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
