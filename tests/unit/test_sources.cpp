// SPDX-License-Identifier: GPL-2.0-or-later
// Files krgnet reads but does not own: net.conf,
// cmdline.d snippets, /etc/cmdline, /proc/cmdline, leases and the files
// named by --conf, --cmdline-file and --lease.  Only regular files are read,
// never blocking: a FIFO, directory or socket is one configuration error
// naming the file.  Leases are only the parent NIC's, owned by root.
//
// Every test runs under alarm(): a read that blocks (the defect: a FIFO
// without a writer) kills the binary, which fails `make unit`.
#include "krgtest.h"

#include <net/if.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>

using namespace krgtest;

namespace {

constexpr unsigned kHangSeconds = 20;  // far above any real run, even on a loaded machine

const char* fifo_in(const char* dir, const char* name) {
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (mkfifo(path, 0644) != 0) fail_msg("mkfifo %s failed", path);
    return remember(path, false);
}

const char* subdir_in(const char* dir, const char* name) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (mkdir(path, 0755) != 0) fail_msg("mkdir %s failed", path);
    return remember(path, true);
}

const char* socket_in(const char* dir, const char* name) {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    snprintf(a.sun_path, sizeof a.sun_path, "%s/%s", dir, name);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) fail_msg("bind %s failed", a.sun_path);
    close(fd);
    return remember(a.sun_path, false);
}

void owned_by(const char* path, uid_t uid, mode_t mode) {
    if (chown(path, uid, 0) != 0 || chmod(path, mode) != 0) fail_msg("chown/chmod %s failed", path);
}

constexpr uid_t kNobody = 65534;

// The message with the test's temporary path put in for %s.
const char* with_path(const char* fmt, const char* path) {
    static char buf[512];
    snprintf(buf, sizeof buf, fmt, path);
    return buf;
}

const char* const kLease4 = "new_ip_address='10.4.7.4'\nnew_host_name='node4'\n";
const char* const kLease9 = "new_ip_address='10.4.7.9'\n";

// sources() with the command line read from files under root (no --cmdline).
SourceOptions tree_sources(const char* root) {
    static char dir[256], etc[256], proc[256];
    snprintf(dir, sizeof dir, "%s/cmdline.d", root);
    snprintf(etc, sizeof etc, "%s/cmdline", root);
    snprintf(proc, sizeof proc, "%s/proc-cmdline", root);
    SourceOptions o = sources(nullptr);
    o.cmdline_dir = dir;
    o.etc_cmdline = etc;
    o.proc_cmdline = proc;
    return o;
}

}  // namespace

// --- net.conf, --conf --------------------------------------------------------------------------
static void fifo_as_conf_is_a_config_error_not_a_hang(void**) {
    const char* fifo = fifo_in(temp_dir(), "net.conf");
    RawConfig cfg;
    assert_config_error(load(sources("krg.node=4", fifo), cfg),
                        with_path("read configuration %s: not a regular file (a FIFO)", fifo));
}

static void directory_as_conf_is_a_config_error(void**) {
    const char* dir = temp_dir();
    RawConfig cfg;
    assert_config_error(load(sources("krg.node=4", dir), cfg),
                        with_path("read configuration %s: not a regular file (a directory)", dir));
}

static void socket_as_conf_is_a_config_error(void**) {
    const char* sock = socket_in(temp_dir(), "net.conf");
    RawConfig cfg;
    assert_config_error(load(sources("krg.node=4", sock), cfg),
                        with_path("read configuration %s: not a regular file (a socket)", sock));
}

static void device_other_than_dev_null_as_conf_is_a_config_error(void**) {
    RawConfig cfg;
    assert_config_error(load(sources("krg.node=4", "/dev/zero"), cfg),
                        "read configuration /dev/zero: not a regular file (a character device)");
}

static void dev_null_as_conf_means_no_netconf(void**) {
    RawConfig cfg;
    assert_ok(load(sources("krg.node=4", "/dev/null"), cfg));
    assert_string_equal(describe(Key::vlan, cfg), "krg.vlan=7 (built-in default)");
}

static void symlink_to_a_regular_conf_is_followed(void**) {
    const char* dir = temp_dir();
    const char* real = file_in(dir, "real.conf", "VLANID=9\n");
    char link[256];
    snprintf(link, sizeof link, "%s/net.conf", dir);
    if (symlink(real, link) != 0) fail_msg("symlink failed");
    remember(link, false);
    RawConfig cfg;
    assert_ok(load(sources("krg.node=4", link), cfg));
    assert_value(cfg, Key::vlan, "9");
}

static void conf_that_exists_but_cannot_be_read_is_a_config_error(void**) {
    // A regular (procfs) file whose read() fails (EIO at address 0), even for root.
    RawConfig cfg;
    assert_config_error(load(sources("krg.node=4", "/proc/self/mem"), cfg),
                        "read configuration /proc/self/mem: I/O error");
}

static void missing_conf_named_explicitly_is_a_config_error(void**) {
    RawConfig cfg;
    assert_config_error(load(sources("krg.node=4", "/nonexistent/net.conf"), cfg),
                        "read configuration /nonexistent/net.conf: No such file or directory");
}

// --- --cmdline-file ---------------------------------------------------------------------------
static void fifo_as_cmdline_file_is_a_config_error_not_a_hang(void**) {
    SourceOptions opt = sources(nullptr);
    opt.cmdline_file = fifo_in(temp_dir(), "cmdline");
    RawConfig cfg;
    assert_config_error(load(opt, cfg), with_path("read command line %s: not a regular file (a FIFO)", opt.cmdline_file));
}

static void directory_as_cmdline_file_is_a_config_error(void**) {
    SourceOptions opt = sources(nullptr);
    opt.cmdline_file = temp_dir();
    RawConfig cfg;
    assert_config_error(load(opt, cfg), with_path("read command line %s: not a regular file (a directory)", opt.cmdline_file));
}

// --- /etc/cmdline.d, /etc/cmdline, /proc/cmdline --------------------------------------------------
static void fifo_in_cmdline_d_is_a_config_error_not_a_hang(void**) {
    const char* root = temp_dir();
    const char* d = subdir_in(root, "cmdline.d");
    file_in(d, "10-site.conf", "krg.vlan=9\n");
    const char* fifo = fifo_in(d, "20-node.conf");
    file_in(root, "proc-cmdline", "krg.node=4\n");
    RawConfig cfg;
    assert_config_error(load(tree_sources(root), cfg), with_path("read command line %s: not a regular file (a FIFO)", fifo));
}

static void directory_named_conf_in_cmdline_d_is_a_config_error(void**) {
    const char* root = temp_dir();
    const char* d = subdir_in(root, "cmdline.d");
    const char* sub = subdir_in(d, "10-site.conf");
    file_in(root, "proc-cmdline", "krg.node=4\n");
    RawConfig cfg;
    assert_config_error(load(tree_sources(root), cfg), with_path("read command line %s: not a regular file (a directory)", sub));
}

static void fifo_as_etc_cmdline_is_a_config_error_not_a_hang(void**) {
    const char* root = temp_dir();
    const char* fifo = fifo_in(root, "cmdline");
    file_in(root, "proc-cmdline", "krg.node=4\n");
    RawConfig cfg;
    assert_config_error(load(tree_sources(root), cfg), with_path("read command line %s: not a regular file (a FIFO)", fifo));
}

// --- the command line's sources in dracut's getcmdline order ----------------------------------
static void cmdline_sources_apply_cmdline_d_then_etc_cmdline_then_proc_cmdline(void**) {
    const char* root = temp_dir();
    const char* d = subdir_in(root, "cmdline.d");
    file_in(d, "20-b.conf", "krg.vlan=8 krg.mtu=1400\n");
    file_in(d, "10-a.conf", "krg.vlan=9 krg.prefix=10.4.128.0/18 krg.mtu=1300\n");
    file_in(d, "30-c.txt", "krg.vlan=77\n");    // not *.conf
    file_in(d, ".40-d.conf", "krg.vlan=78\n");  // hidden: the shell's glob skips it too
    file_in(root, "cmdline", "krg.vlan=10 krg.phys=eth3\n");
    file_in(root, "proc-cmdline", "BOOT_IMAGE=/vmlinuz krg.node=4 krg.vlan=11\n");
    RawConfig cfg;
    assert_ok(load(tree_sources(root), cfg));
    assert_string_equal(describe(Key::vlan, cfg), "krg.vlan=11 (kernel command line)");
    assert_string_equal(describe(Key::phys, cfg), with_path("krg.phys=eth3 (%s/cmdline)", root));
    char want[256];
    snprintf(want, sizeof want, "krg.mtu=1400 (%s/20-b.conf)", d);
    assert_string_equal(describe(Key::mtu, cfg), want);
    snprintf(want, sizeof want, "krg.prefix=10.4.128.0/18 (%s/10-a.conf)", d);
    assert_string_equal(describe(Key::prefix, cfg), want);
}

static void etc_cmdline_wins_over_cmdline_d(void**) {
    const char* root = temp_dir();
    const char* d = subdir_in(root, "cmdline.d");
    file_in(d, "99-last.conf", "krg.vlan=8\n");
    file_in(root, "cmdline", "krg.vlan=10\n");
    file_in(root, "proc-cmdline", "krg.node=4\n");
    RawConfig cfg;
    assert_ok(load(tree_sources(root), cfg));
    assert_value(cfg, Key::vlan, "10");
}

static void every_cmdline_d_file_is_read_however_many_and_however_long_their_names(void**) {
    const char* root = temp_dir();
    const char* d = subdir_in(root, "cmdline.d");
    char name[256], text[64];
    for (int i = 0; i < 60; i++) {  // more than any fixed table, and in scrambled creation order
        int k = (i * 37) % 60;
        snprintf(name, sizeof name, "%02d-%0*d.conf", k, k == 59 ? 190 : 1, 0);  // the last one's name: 198 bytes
        snprintf(text, sizeof text, "krg.vlan=%d krg.mtu=%d\n", 100 + k, k == 0 ? 1280 : 1300);
        file_in(d, name, text);
    }
    file_in(root, "proc-cmdline", "krg.node=4\n");
    RawConfig cfg;
    assert_ok(load(tree_sources(root), cfg));
    assert_value(cfg, Key::vlan, "159");  // the last name in order, the long one
    assert_value(cfg, Key::mtu, "1300");
    assert_int_equal(strlen(cfg.get(Key::vlan).origin.file), kMaxPath - 1);  // named, if cut short
}

static void missing_etc_cmdline_and_cmdline_d_are_fine(void**) {
    const char* root = temp_dir();
    file_in(root, "proc-cmdline", "krg.node=4\n");
    RawConfig cfg;
    assert_ok(load(tree_sources(root), cfg));
    assert_value(cfg, Key::node, "4");
}

static void double_dash_in_a_snippet_ends_only_that_snippet(void**) {
    const char* root = temp_dir();
    const char* d = subdir_in(root, "cmdline.d");
    file_in(d, "10-a.conf", "krg.vlan=9 -- krg.vlan=99\n");
    file_in(root, "proc-cmdline", "krg.node=4\n");
    RawConfig cfg;
    assert_ok(load(tree_sources(root), cfg));
    assert_value(cfg, Key::vlan, "9");
    assert_value(cfg, Key::node, "4");
}

// --- leases: --lease -----------------------------------------------------------------------------
static void fifo_as_lease_option_is_a_config_error_not_a_hang(void**) {
    const char* fifo = fifo_in(temp_dir(), "lease");
    RawConfig cfg;
    assert_config_error(load(sources("krg.node=dhcp", "/dev/null", fifo), cfg),
                        with_path("read DHCP lease %s: not a regular file (a FIFO)", fifo));
}

static void lease_option_owned_by_another_user_is_refused(void**) {
    const char* lease = temp_file(kLease4);
    owned_by(lease, kNobody, 0644);
    RawConfig cfg;
    assert_config_error(load(sources("krg.node=dhcp", "/dev/null", lease), cfg),
                        with_path("read DHCP lease %s: not owned by root", lease));
}

static void lease_option_writable_by_others_is_refused(void**) {
    const char* lease = temp_file(kLease4);
    owned_by(lease, 0, 0646);
    RawConfig cfg;
    assert_config_error(load(sources("krg.node=dhcp", "/dev/null", lease), cfg),
                        with_path("read DHCP lease %s: writable by group or others", lease));
    owned_by(lease, 0, 0664);
    assert_config_error(load(sources("krg.node=dhcp", "/dev/null", lease), cfg),
                        with_path("read DHCP lease %s: writable by group or others", lease));
}

static void missing_lease_option_is_a_config_error(void**) {
    RawConfig cfg;
    assert_config_error(load(sources("krg.node=dhcp", "/dev/null", "/nonexistent/lease"), cfg),
                        "read DHCP lease /nonexistent/lease: No such file or directory");
}

// --- leases: the lease directory -----------------------------------------------------------------
static void only_the_parent_nics_lease_is_read(void**) {
    const char* dir = temp_dir();
    file_in(dir, "dhclient.eth0.dhcpopts", kLease4);
    file_in(dir, "dhclient.eth1.dhcpopts", kLease9);  // another NIC: a name before eth0's does not matter
    file_in(dir, "dhclient.a.dhcpopts", kLease9);
    auto p = load_and_derive(sources("krg.node=dhcp krg.phys=eth0", "/dev/null", nullptr, dir));
    assert_ok(p);
    assert_int_equal(p.value().node, 4);
    auto q = load_and_derive(sources("krg.node=dhcp krg.phys=eth1", "/dev/null", nullptr, dir));
    assert_ok(q);
    assert_int_equal(q.value().node, 9);
}

static void lease_of_another_nic_alone_gives_no_node(void**) {
    const char* dir = temp_dir();
    file_in(dir, "dhclient.eth9.dhcpopts", kLease9);
    file_in(dir, "udhcpc.eth9.env", "ip='10.4.7.9'\n");
    assert_config_error(load_and_derive(sources("krg.node=dhcp krg.phys=eth0", "/dev/null", nullptr, dir)),
                        "krg.node=dhcp (kernel command line): no DHCP lease or ip= parameter gives a node id");
}

static void planted_lease_owned_by_another_user_is_ignored_with_a_warning(void**) {
    const char* dir = temp_dir();
    const char* planted = file_in(dir, "dhclient.eth0.dhcpopts", kLease9);
    owned_by(planted, kNobody, 0644);
    file_in(dir, "udhcpc.eth0.env", "ip='10.4.7.4'\n");  // the real one, udhcpc's
    StderrCapture err;
    err.start();
    auto p = load_and_derive(sources("krg.node=dhcp", "/dev/null", nullptr, dir));
    const char* text = err.stop();
    assert_ok(p);
    assert_int_equal(p.value().node, 4);
    assert_string_equal(text, with_path("krgnet: warning: DHCP lease %s ignored: not owned by root\n", planted));
}

// systemd-networkd writes its leases as systemd-network into a directory
// it owns and nobody else can write: its files are trusted there, and only
// there.
static void lease_owned_by_the_owner_of_a_closed_lease_dir_is_read(void**) {
    const char* dir = temp_dir();
    file_in(dir, "net-eth0.conf", "IPV4ADDR='10.4.7.9'\n");
    owned_by(file_in(dir, "udhcpc.eth0.env", "ip='10.4.7.9'\n"), kNobody, 0644);
    owned_by(dir, kNobody, 0755);
    auto p = load_and_derive(sources("krg.node=dhcp krg.phys=eth0", "/dev/null", nullptr, dir));
    assert_ok(p);
    assert_int_equal(p.value().node, 9);
    owned_by(dir, kNobody, 0777);  // anyone could have planted it now
    StderrCapture err;
    err.start();
    auto q = load_and_derive(sources("krg.node=dhcp krg.phys=eth0", "/dev/null", nullptr, dir));
    const char* text = err.stop();
    assert_ok(q);  // root's net-eth0.conf still counts
    assert_non_null(strstr(text, "ignored: not owned by root"));
    owned_by(dir, 0, 0700);
}

static void fifo_in_the_lease_dir_is_ignored_with_a_warning_not_a_hang(void**) {
    const char* dir = temp_dir();
    const char* fifo = fifo_in(dir, "dhclient.eth0.dhcpopts");
    StderrCapture err;
    err.start();
    auto p = load_and_derive(sources("krg.node=dhcp", "/dev/null", nullptr, dir));
    const char* text = err.stop();
    assert_config_error(p, "krg.node=dhcp (kernel command line): no DHCP lease or ip= parameter gives a node id");
    assert_string_equal(text, with_path("krgnet: warning: DHCP lease %s ignored: not a regular file (a FIFO)\n", fifo));
}

static void symlinked_lease_in_the_lease_dir_is_ignored(void**) {
    const char* dir = temp_dir();
    const char* real = file_in(dir, "elsewhere", kLease9);
    char link[256];
    snprintf(link, sizeof link, "%s/dhclient.eth0.dhcpopts", dir);
    if (symlink(real, link) != 0) fail_msg("symlink failed");
    remember(link, false);
    StderrCapture err;
    err.start();
    auto p = load_and_derive(sources("krg.node=dhcp", "/dev/null", nullptr, dir));
    const char* text = err.stop();
    assert_false(p.ok());
    assert_string_equal(text, with_path("krgnet: warning: DHCP lease %s ignored: a symbolic link\n", link));
}

static void bootif_reads_every_nics_lease(void**) {
    const char* dir = temp_dir();
    file_in(dir, "dhclient.enp3s0.dhcpopts", kLease4);
    RawConfig cfg;
    assert_ok(load(sources("krg.node=dhcp krg.phys=bootif BOOTIF=01-52-54-00-12-34-56", "/dev/null", nullptr, dir), cfg));
    assert_string_equal(describe(Key::node, cfg), with_path("krg.node=4 (DHCP lease %s/dhclient.enp3s0.dhcpopts)", dir));
}

// --- the parent NIC when neither krg.phys nor PHYS names it ------------------------------------------
static void networkd_lease_is_found_by_the_nics_ifindex(void**) {
    const char* dir = temp_dir();
    char lo[12];
    snprintf(lo, sizeof lo, "%u", if_nametoindex("lo"));
    file_in(dir, lo, "ADDRESS=10.4.7.10\nHOSTNAME=node10\n");
    file_in(dir, "999999", "ADDRESS=10.4.7.11\n");  // no such NIC
    auto p = load_and_derive(sources("krg.node=dhcp krg.phys=lo", "/dev/null", nullptr, dir));
    assert_ok(p);
    assert_int_equal(p.value().node, 10);
    assert_config_error(load_and_derive(sources("krg.node=dhcp krg.phys=krgnone0", "/dev/null", nullptr, dir)),
                        "krg.node=dhcp (kernel command line): no DHCP lease or ip= parameter gives a node id");
    // Unnamed, the NIC of the ifindex is the parent.
    RawConfig cfg;
    assert_ok(load(sources("krg.node=dhcp", "/dev/null", nullptr, dir), cfg));
    char want[512];
    snprintf(want, sizeof want, "krg.phys=lo (DHCP lease %s/%s)", dir, lo);
    assert_string_equal(describe(Key::phys, cfg), want);
}

// NetworkManager's device state, a keyfile named by ifindex: krg.phys
// unset, its NIC is the parent.
static void nm_device_state_is_found_by_the_nics_ifindex(void**) {
    const char* dir = temp_dir();
    char lo[12];
    snprintf(lo, sizeof lo, "%u", if_nametoindex("lo"));
    file_in(dir, lo, "[device]\nmanaged=true\n\n[dhcp4]\ndhcp4.host_name=node5\ndhcp4.ip_address=10.4.7.5\n");
    RawConfig cfg;
    assert_ok(load(sources("krg.node=dhcp", "/dev/null", nullptr, dir), cfg));
    assert_value(cfg, Key::node, "5");
    char want[512];
    snprintf(want, sizeof want, "krg.phys=lo (DHCP lease %s/%s)", dir, lo);
    assert_string_equal(describe(Key::phys, cfg), want);
}

static void unnamed_parent_is_the_nic_of_the_lease(void**) {
    const char* dir = temp_dir();
    file_in(dir, "net-eth3.conf", "DEVICE='eth3'\nIPV4ADDR='10.4.7.8'\n");
    RawConfig cfg;
    assert_ok(load(sources("krg.node=dhcp", "/dev/null", nullptr, dir), cfg));
    assert_value(cfg, Key::node, "8");
    assert_string_equal(describe(Key::phys, cfg), with_path("krg.phys=eth3 (DHCP lease %s/net-eth3.conf)", dir));
}

static void unnamed_parent_with_leases_on_two_nics_is_refused(void**) {
    const char* dir = temp_dir();
    file_in(dir, "udhcpc.eth5.env", "ip='10.4.7.8'\n");
    file_in(dir, "net-eth3.conf", "IPV4ADDR='10.4.7.8'\n");
    RawConfig cfg;
    char want[512];
    snprintf(want, sizeof want,
             "read DHCP lease %s/net-eth3.conf: belongs to another NIC than %s/udhcpc.eth5.env (set krg.phys or --lease)",
             dir, dir);
    assert_config_error(load(sources("krg.node=dhcp", "/dev/null", nullptr, dir), cfg), want);
}

static void unnamed_parent_is_bootif_first(void**) {
    const char* dir = temp_dir();
    file_in(dir, "net-eth3.conf", "IPV4ADDR='10.4.7.8'\n");
    auto p = load_and_derive(sources("krg.node=dhcp BOOTIF=01-52-54-00-12-34-56", "/dev/null", nullptr, dir));
    assert_ok(p);
    assert_true(p.value().phys_bootif);
    assert_int_equal(p.value().node, 8);
}

static void unnamed_parent_is_the_device_of_ip(void**) {
    struct Case { const char* line; const char* phys; };
    for (const Case& c : {Case{"krg.node=4 ip=10.4.7.4::::node4:eth2:off", "eth2"}, Case{"krg.node=dhcp ip=10.4.7.4::::node4:eth2:off", "eth2"},
                          Case{"krg.node=4 ip=eth5:dhcp", "eth5"}, Case{"krg.node=4 ip=dhcp", ""}, Case{"krg.node=4 ip=10.4.7.4", ""},
                          Case{"krg.node=4 ip=10.4.7.4:::::-x:off", ""}, Case{"krg.node=4", ""}}) {
        RawConfig cfg;
        assert_ok(load(sources(c.line), cfg));
        assert_value(cfg, Key::phys, c.phys);
    }
    RawConfig cfg;
    assert_ok(load(sources("krg.node=4 ip=eth5:dhcp"), cfg));
    assert_string_equal(describe(Key::phys, cfg), "krg.phys=eth5 (DHCP lease ip= parameter)");
}

static void a_named_parent_wins_over_every_rule(void**) {
    const char* dir = temp_dir();
    file_in(dir, "net-eth3.conf", "IPV4ADDR='10.4.7.8'\n");
    const char* conf = temp_file("PHYS=eth1\n");
    RawConfig cfg;
    assert_ok(load(sources("krg.node=dhcp ip=eth5:dhcp BOOTIF=01-52-54-00-12-34-56", conf, nullptr, dir), cfg));
    assert_value(cfg, Key::phys, "eth1");
    assert_ok(load(sources("krg.node=dhcp krg.phys=eth7 BOOTIF=01-52-54-00-12-34-56", conf, nullptr, dir), cfg));
    assert_value(cfg, Key::phys, "eth7");
}

static void bootif_with_leases_that_disagree_is_refused(void**) {
    const char* dir = temp_dir();
    file_in(dir, "dhclient.eth0.dhcpopts", kLease4);
    file_in(dir, "dhclient.eth1.dhcpopts", kLease9);
    RawConfig cfg;
    char want[512];
    snprintf(want, sizeof want,
             "read DHCP lease %s/dhclient.eth1.dhcpopts: gives another node id than %s/dhclient.eth0.dhcpopts "
             "(set krg.phys or --lease)",
             dir, dir);
    assert_config_error(load(sources("krg.node=dhcp krg.phys=bootif", "/dev/null", nullptr, dir), cfg), want);
}

static void bootif_ignores_planted_leases_too(void**) {
    const char* dir = temp_dir();
    file_in(dir, "dhclient.eth0.dhcpopts", kLease4);
    owned_by(file_in(dir, "dhclient.eth1.dhcpopts", kLease9), kNobody, 0644);
    StderrCapture err;
    err.start();
    RawConfig cfg;
    auto r = load(sources("krg.node=dhcp krg.phys=bootif", "/dev/null", nullptr, dir), cfg);
    err.stop();
    assert_ok(r);
    assert_value(cfg, Key::node, "4");
}

static int arm_alarm(void**) {
    alarm(kHangSeconds);  // SIGALRM's default action ends the binary: the run fails
    return 0;
}

static int disarm(void** state) {
    alarm(0);
    return remove_temps(state);
}

#define HANG_TEST(f) cmocka_unit_test_setup_teardown(f, arm_alarm, disarm)

int main() {
    const CMUnitTest tests[] = {
        HANG_TEST(fifo_as_conf_is_a_config_error_not_a_hang),
        HANG_TEST(directory_as_conf_is_a_config_error),
        HANG_TEST(socket_as_conf_is_a_config_error),
        HANG_TEST(device_other_than_dev_null_as_conf_is_a_config_error),
        HANG_TEST(dev_null_as_conf_means_no_netconf),
        HANG_TEST(symlink_to_a_regular_conf_is_followed),
        HANG_TEST(conf_that_exists_but_cannot_be_read_is_a_config_error),
        HANG_TEST(missing_conf_named_explicitly_is_a_config_error),
        HANG_TEST(fifo_as_cmdline_file_is_a_config_error_not_a_hang),
        HANG_TEST(directory_as_cmdline_file_is_a_config_error),
        HANG_TEST(fifo_in_cmdline_d_is_a_config_error_not_a_hang),
        HANG_TEST(directory_named_conf_in_cmdline_d_is_a_config_error),
        HANG_TEST(fifo_as_etc_cmdline_is_a_config_error_not_a_hang),
        HANG_TEST(cmdline_sources_apply_cmdline_d_then_etc_cmdline_then_proc_cmdline),
        HANG_TEST(etc_cmdline_wins_over_cmdline_d),
        HANG_TEST(every_cmdline_d_file_is_read_however_many_and_however_long_their_names),
        HANG_TEST(missing_etc_cmdline_and_cmdline_d_are_fine),
        HANG_TEST(double_dash_in_a_snippet_ends_only_that_snippet),
        HANG_TEST(fifo_as_lease_option_is_a_config_error_not_a_hang),
        HANG_TEST(lease_option_owned_by_another_user_is_refused),
        HANG_TEST(lease_option_writable_by_others_is_refused),
        HANG_TEST(missing_lease_option_is_a_config_error),
        HANG_TEST(only_the_parent_nics_lease_is_read),
        HANG_TEST(lease_of_another_nic_alone_gives_no_node),
        HANG_TEST(planted_lease_owned_by_another_user_is_ignored_with_a_warning),
        HANG_TEST(fifo_in_the_lease_dir_is_ignored_with_a_warning_not_a_hang),
        HANG_TEST(symlinked_lease_in_the_lease_dir_is_ignored),
        HANG_TEST(bootif_reads_every_nics_lease),
        HANG_TEST(bootif_with_leases_that_disagree_is_refused),
        HANG_TEST(networkd_lease_is_found_by_the_nics_ifindex),
        HANG_TEST(nm_device_state_is_found_by_the_nics_ifindex),
        HANG_TEST(unnamed_parent_is_the_nic_of_the_lease),
        HANG_TEST(lease_owned_by_the_owner_of_a_closed_lease_dir_is_read),
        HANG_TEST(unnamed_parent_with_leases_on_two_nics_is_refused),
        HANG_TEST(unnamed_parent_is_bootif_first),
        HANG_TEST(unnamed_parent_is_the_device_of_ip),
        HANG_TEST(a_named_parent_wins_over_every_rule),
        HANG_TEST(bootif_ignores_planted_leases_too),
    };
    return KRG_RUN_TESTS(tests);
}
