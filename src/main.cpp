// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet: the command line.  See README.md "Commands" and "Exit status".
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/file.h"
#include "base/log.h"
#include "base/result.h"
#include "base/text.h"
#include "config/format.h"
#include "config/render.h"
#include "config/sources.h"
#include "cli/commands.h"
#include "generated/config.h"

using namespace krg;

namespace {

constexpr const char kVersion[] = "krgnet " KRG_VERSION;

// One screen; krgnet(8) has the rest.
constexpr const char kUsageTools[] =
    "usage: krgnet COMMAND [OPTIONS]      (man krgnet for the details)\n"
    "\n"
    "  plan     print the derived configuration, touch nothing\n"
    "  table    the address plan of every declared node (*): text, or --format\n"
    "           json|hosts|ethers|dnsmasq (--macs FILE, --boot-prefix A.B.C.D/N,\n"
    "           --names node%d)\n"
    "  up       bring the cluster network up\n"
    "  down     remove what up created\n"
    "  status   compare the kernel with the plan (exit 1 on a difference);\n"
    "           --json: as JSON (*)\n"
    "  nodes    which declared nodes answer ARP on krg0 (*; exit 1 if one does not)\n"
    "  attach PID | --netns-path PATH   move krg0 into a container's namespace\n"
    "\n"
    "  --cmdline STRING | --cmdline-file FILE   instead of /proc/cmdline\n"
    "  --conf FILE           instead of /etc/kerrighed/net.conf\n"
    "  --lease FILE          the DHCP lease for krg.node=dhcp\n"
    "  --format text|env     plan's output; ip|nft|json|networkd|ifupdown (*)\n"
    "  --layout-only         plan: all but the node id\n"
    "  --replace             up: replace a krg0 with other settings\n"
    "  --state-dir DIR       the record's directory (/run/kerrighed)\n"
    "  --help, --version\n"
    "(*) krgnet-server's: krgnet runs it from its own directory for these\n"
    "\n"
    "exit status: 0 ok, 1 status differs, 2 usage, 100 bad configuration,\n"
    "             111 system failure (rolled back)\n";

// The minimal build (no operator commands) only says what it has.
constexpr const char kUsageBoot[] =
    "usage: krgnet up|plan [--cmdline S|--cmdline-file F] [--conf F] [--lease F]\n"
    "       [--format env] [--layout-only] [--replace] [--state-dir DIR]\n"
    "exit status: 0 ok, 2 usage, 100 bad configuration, 111 system failure\n"
    "(a minimal build: see krgnet(8))\n";

constexpr const char* kUsage = ENABLE_OPERATOR_COMMANDS ? kUsageTools : kUsageBoot;

void write_out(std::string_view s) {
    while (!s.empty()) {
        ssize_t n = write(STDOUT_FILENO, s.data(), s.size());
        if (n <= 0) return;
        s.remove_prefix(size_t(n));
    }
}

// One line: "krgnet: --format: not text, env or ip (see krgnet --help)".
int usage_error(const char* what, const char* why) {
    Error e = Error::usage(what, why);
    return exit_with(e.hint("see krgnet --help"));
}

// The operator's formats (JSON, networkd, ifupdown, hosts, ethers, dnsmasq)
// live in krgnet-server, the same program with config/render.cpp, installed
// beside krgnet on the server: they are never needed on the boot path, so
// the helper stays inside its size budget (docs/design.md "krgnet-server").
// The helper hands such a command line over unchanged, to exactly the file
// krgnet-server in its own file's directory, never a path cut short (one
// that does not fit is refused), and never itself: not the same file (a
// link), and not a copy of the helper either, since the server is started
// as "DIR/krgnet-server" and a helper started under that name refuses.  The
// refusal says which: not installed, not a file, not executable, itself.
int run_server_tool(char** argv, const char* what) {
    constexpr char kServer[] = "krgnet-server";
    constexpr size_t kMaxExePath = 4096;  // PATH_MAX
    char path[kMaxExePath];
    std::string_view self = argv[0];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path);
    size_t dir = n > 0 && size_t(n) < sizeof path ? size_t(n) : 0;  // 0: cut short, or no link
    path[dir] = '\0';
    while (dir && path[dir - 1] != '/') dir--;
    struct stat me, st;
    const char* why = nullptr;
    if (self.size() >= sizeof kServer - 1 && self.substr(self.size() - (sizeof kServer - 1)) == kServer) {
        why = "is krgnet itself";  // a copy of the helper, started by a helper
    } else if (!dir || dir + sizeof kServer > sizeof path) {
        return usage_error(what, "krgnet-server's, but krgnet's own path does not fit");
    } else {
        memcpy(path + dir, kServer, sizeof kServer);
        if (stat(path, &st) != 0) return usage_error(what, "krgnet-server's, which is not installed beside krgnet");
        why = !S_ISREG(st.st_mode)           ? "is not a file"
              : access(path, X_OK) != 0      ? "is not executable"
              : stat("/proc/self/exe", &me) == 0 && me.st_dev == st.st_dev && me.st_ino == st.st_ino ? "is krgnet itself"
                                             : nullptr;
    }
    if (!why) {
        argv[0] = path;
        execv(path, argv);
        why = "could not be started";
    }
    Text<kErrDetail> detail;
    detail.put("krgnet-server's, but ").put(dir ? std::string_view(path) : self).put(' ').put(why);
    return usage_error(what, detail.c_str());
}

struct Args {
    const char* command = nullptr;
    RunOptions run;
    Format format = Format::text;
    bool layout_only = false;
    bool json = false;            // status --json
    const char* server = nullptr;  // the first of krgnet-server's formats or options asked for
    AttachOptions attach;
    const char* macs = nullptr;   // table --format dnsmasq
    const char* boot_prefix = nullptr;
    const char* names = nullptr;  // table: host-name template, default node%d
};

// Options that take a value, and where it goes.
struct ValueOption {
    const char* name;
    const char* SourceOptions::*field;
};
constexpr ValueOption kValueOptions[] = {
    {"--cmdline", &SourceOptions::cmdline},
    {"--cmdline-file", &SourceOptions::cmdline_file},
    {"--conf", &SourceOptions::conf},
    {"--lease", &SourceOptions::lease},
};

// Returns -1 to go on, or an exit status.
int parse_args(int argc, char** argv, Args& a) {
    for (int i = 1; i < argc; i++) {
        std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            write_out(kUsage);
            return 0;
        }
        if (arg == "--version") {
            write_out(kVersion), write_out("\n");
            return 0;
        }
        if (arg == "--replace") {
            a.run.replace = true;
            continue;
        }
        if (arg == "--layout-only") {
            a.layout_only = true;
            continue;
        }
        bool matched = false;
        for (const ValueOption& o : kValueOptions) {
            if (arg != o.name) continue;
            if (i + 1 >= argc) return usage_error(o.name, "needs a value");
            a.run.sources.*o.field = argv[++i];
            matched = true;
        }
        if (matched) continue;
        if (arg == "--state-dir") {
            if (i + 1 >= argc) return usage_error("--state-dir", "needs a value");
            a.run.state_dir = argv[++i];
            if (a.run.state_dir[0] != '/') return usage_error("--state-dir", "needs an absolute directory path");
            continue;
        }
        if (arg == "--json") {
            a.json = true;
            a.server = "--json";
            continue;
        }
        const char** value = arg == "--macs"          ? &a.macs
                             : arg == "--boot-prefix" ? &a.boot_prefix
                             : arg == "--names"       ? &a.names
                             : ENABLE_OPERATOR_COMMANDS && arg == "--netns-path" ? &a.attach.netns_path
                                                                                 : nullptr;
        if (value) {
            if (i + 1 >= argc) return usage_error(argv[i], "needs a value");
            *value = argv[++i];
            if (value != &a.attach.netns_path) a.server = argv[i - 1];
            continue;
        }
        if (arg == "--format") {
            if (i + 1 >= argc) return usage_error("--format", "needs a value");
            std::string_view f = argv[++i];
            size_t k = 0;
            while (k < std::size(kFormatNames) && f != kFormatNames[k]) k++;
            if (k == std::size(kFormatNames)) return usage_error("--format", "not text, env, ip, nft, json, networkd, ifupdown, hosts, ethers or dnsmasq");
            a.format = Format(k);
            if (a.format >= Format::ip) a.server = kFormatNames[k];
            continue;
        }
        if (starts_with(arg, "-")) return usage_error(argv[i], "unknown option");
        if (ENABLE_OPERATOR_COMMANDS && a.command && std::string_view(a.command) == "attach" && !a.attach.pid &&
            !a.attach.netns_path) {
            a.attach.pid = argv[i];
            continue;
        }
        if (a.command) return usage_error(argv[i], "unexpected argument");
        a.command = argv[i];
    }
    if (!a.command) return usage_error("usage", "missing command");
    if constexpr (ENABLE_OPERATOR_COMMANDS) {
        bool attach = std::string_view(a.command) == "attach";
        if (a.attach.pid && a.attach.netns_path) return usage_error("--netns-path", "give a PID or --netns-path, not both");
        if (a.attach.netns_path && !attach) return usage_error("--netns-path", "only attach takes a namespace");
        if (attach && !a.attach.pid && !a.attach.netns_path) return usage_error("attach", "needs a PID or --netns-path PATH");
    }
    if ((a.macs || a.boot_prefix || a.names) && std::string_view(a.command) != "table") {
        return usage_error(a.macs ? "--macs" : a.boot_prefix ? "--boot-prefix" : "--names", "table only");
    }
    if (a.json && std::string_view(a.command) != "status") return usage_error("--json", "status only (plan and table: --format json)");
    if (a.run.sources.cmdline && a.run.sources.cmdline_file) return usage_error("--cmdline", "give --cmdline or --cmdline-file, not both");
    return -1;
}

// krgnet-server's table needs room (kServerOutputSize); the helper prints a
// plan at most.  Its bss size matters
// for the file: ld page-aligns the data segment in the file (up to 4 KiB of
// padding) when that saves a page of memory, so a smaller bss keeps the
// minimal build inside its budget.
Text<kServerTool ? kServerOutputSize : ENABLE_OPERATOR_COMMANDS ? 8192 : 2048> g_out;

// Prints g_out; output that did not fit is a failure, never a cut-off table
// (the fuzzers check that no accepted configuration gets there).
int print_out() {
    if (g_out.overflow()) return exit_with(Error::system(EFBIG, "print", "the output", "longer than krgnet's buffer"));
    write_out(g_out.view());
    return 0;
}

// --layout-only: everything but the node id, which may still be
// krg.node=dhcp before the lease exists (the dracut cmdline hook).  The
// first line is how the boot scripts ask whether `up` has work, by krgnet's
// rules (node_id=, /etc/cmdline.d, krg.net): "krgnet disabled ...", or
// "node: " and the id as given (krg.node=, else node_id=), "dhcp", or
// "not set" (nothing to do); printed before a bad layout's error.
int cmd_layout(const RawConfig& cfg) {
    auto layout = derive_layout(cfg);
    if (layout.ok() && !layout.value().enabled) {
        write_out("krgnet disabled (krg.net=0): up does nothing\n");
        return 0;
    }
    write_out("node: "), write_out(cfg.has(Key::node) ? cfg.value(Key::node) : "not set"), write_out("\n");
    if (!layout.ok()) return exit_with(layout.error());
    Plan p;
    static_cast<Layout&>(p) = layout.value();
    if constexpr (ENABLE_OPERATOR_COMMANDS) format_text(g_out, p);
    else g_out.put("layout valid\n");
    return print_out();
}

int cmd_plan(const Args& a) {
    if (a.layout_only && a.format != Format::text) return usage_error("--layout-only", "prints text only");
    RawConfig cfg;
    if (auto r = load_config(a.run.sources, cfg); !r.ok()) return exit_with(r.error());
    if (a.layout_only) return cmd_layout(cfg);
    auto plan = derive(cfg);
    if (!plan.ok()) return exit_with(plan.error());
    if (!plan.value().enabled) {
        write_out("krgnet disabled (krg.net=0): up does nothing\n");
        return 0;
    }
    switch (a.format) {
    case Format::text:
        // Without the operator commands, plan speaks env only (the boot path
        // reads exit statuses and net.env, not prose).
        if constexpr (!ENABLE_OPERATOR_COMMANDS) format_env(g_out, plan.value());
        else format_text(g_out, plan.value());
        break;
    case Format::env: format_env(g_out, plan.value()); break;
    case Format::nft:
    case Format::ip:
    case Format::networkd:
    case Format::ifupdown:
    case Format::json:
        // krgnet-server's own; the helper's main() has handed them over.
        if constexpr (kServerTool) {
            if (a.format == Format::ip) {
                format_ip(g_out, plan.value());
            } else if (a.format == Format::nft) {
                if constexpr (!ENABLE_CLUSTERIP) return usage_error("--format nft", "not in this build (CONFIG_CLUSTERIP)");
                format_nft(g_out, plan.value());
            } else if (a.format == Format::json) {
                format_plan_json(g_out, plan.value());
                g_out.put('\n');
            } else {
                auto r = a.format == Format::networkd ? format_networkd(g_out, plan.value()) : format_ifupdown(g_out, plan.value());
                if (!r.ok()) return exit_with(r.error());
            }
        }
        break;
    default: return usage_error(kFormatNames[int(a.format)], "a table format, not plan's");
    }
    return print_out();
}

char g_macs_text[16384];
MacMap g_macs;

// The options of table --format dnsmasq (and --names) into o.
int table_options(const Args& a, TableOptions& o) {
    if (a.format != Format::text && a.format < Format::json) return usage_error(kFormatNames[int(a.format)], "a plan format, not table's");
    o.format = a.format;
    if (a.names) o.names = a.names;
    if (!valid_name_template(o.names)) return usage_error("--names", "not a host name with one %d (letters, digits, - inside; never a number)");
    bool dnsmasq = o.format == Format::dnsmasq;
    if (dnsmasq && !names_give_back_the_id(o.names)) {
        return usage_error("--names", "for dnsmasq, must end in %d after a non-digit (krg.node=dhcp reads the trailing digits)");
    }
    if ((a.macs || a.boot_prefix) && !dnsmasq) return usage_error(a.macs ? "--macs" : "--boot-prefix", "only with --format dnsmasq");
    if (!dnsmasq) return -1;
    if (!a.macs) return usage_error("--format dnsmasq", "needs --macs FILE (one 'MAC node-id' a line)");
    if (a.boot_prefix) {
        auto boot = parse_cidr(a.boot_prefix);
        if (!boot || boot->len < kMinPrefixLen || boot->len > kMaxPrefixLen) return usage_error(a.boot_prefix, "not a prefix like 10.4.7.0/18 (length 8..30)");
        o.boot = true, o.boot_prefix = *boot;
    }
    auto text = read_config_file(a.macs, g_macs_text, sizeof g_macs_text, "read --macs");
    if (!text.ok()) return exit_with(text.error());
    if (auto r = parse_macs(text.value(), a.macs, g_macs); !r.ok()) return exit_with(r.error());
    o.macs = &g_macs;
    return -1;
}

// The table iterates the layout: no node of its own is needed, and the
// node given (if any, and valid) is marked.
int cmd_table(const Args& a) {
    TableOptions o;
    if (int rc = table_options(a, o); rc >= 0) return rc;
    RawConfig cfg;
    if (auto r = load_config(a.run.sources, cfg); !r.ok()) return exit_with(r.error());
    auto layout = derive_layout(cfg);
    if (!layout.ok()) return exit_with(layout.error());
    auto plan = derive(cfg);
    o.this_node = plan.ok() ? plan.value().node : 0;
    if (auto r = format_table(g_out, layout.value(), o); !r.ok()) return exit_with(r.error());
    return print_out();
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    if (int rc = parse_args(argc, argv, a); rc >= 0) return rc;
    // table and nodes never run in an initramfs: krgnet-server's.
    if (std::string_view(a.command) == "table" || std::string_view(a.command) == "nodes") a.server = a.command;
    if (!kServerTool && a.server) return run_server_tool(argv, a.server);
    std::string_view cmd = a.command;
    if (cmd == "plan") return cmd_plan(a);
    if (cmd == "up") return cmd_up(a.run);
    if (cmd == "table" || cmd == "down" || cmd == "status" || cmd == "nodes" || cmd == "attach") {
        if constexpr (!ENABLE_OPERATOR_COMMANDS) return usage_error(a.command, "not in this build (CONFIG_OPERATOR_COMMANDS)");
        if constexpr (kServerTool) if (cmd == "table") return cmd_table(a);
        if (cmd == "down") return cmd_down(a.run);
        if constexpr (kServerTool) if (cmd == "nodes") return cmd_nodes(a.run);
        if (cmd == "attach") return cmd_attach(a.run, a.attach);
        return cmd_status(a.run, kServerTool && a.json);
    }
    return usage_error(a.command, "unknown command (plan, table, up, down, status, nodes, attach)");
}
