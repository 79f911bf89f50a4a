// SPDX-License-Identifier: GPL-2.0-or-later
// The command-line tables (options.h) and the parser and --help that read them.
#include "cli/options.h"

#include <unistd.h>

#include <cstring>

#include "base/server_tool.h"
#include "base/text.h"
#include "generated/config.h"

namespace krg {

namespace {

constexpr const char kVersion[] = "krgnet " KRG_VERSION "\n";
constexpr uint16_t kSourced = kAllCommands;  // every command reads the sources
constexpr uint16_t kStateful = kUp | kDown | kStatus | kNodes | kAttach | kServe | kWatch;

constexpr CommandInfo kCommands[] = {
    {"plan", kPlan, false, true, "", server_text("print the derived configuration, touch nothing")},
    {"table", kTable, true, false, "", server_text("the address plan of every declared node and the server")},
    {"up", kUp, false, true, "", server_text("bring the cluster network up")},
    {"down", kDown, true, false, "", server_text("remove what the record proves up created")},
    {"status", kStatus, false, false, "", server_text("compare the kernel with the plan (exit 1 on a difference)")},
    {"nodes", kNodes, true, false, "", server_text("which declared nodes answer ARP on krg0 (exit 1 if one does not)")},
    {"attach", kAttach, true, false, " PID", server_text("move krg0 into a container's namespace")},
    {"buckets", kServe, true, false, "", server_text("serve the cluster IP's buckets of the live nodes (--live)")},
    {"watch", kWatch, true, false, "", server_text("watch the declared nodes by ARP and move the silent ones' buckets")},
};

const char* set_state_dir(Args& a, const char* v) {
    a.run.state_dir = v;
    return v[0] == '/' ? nullptr : "needs an absolute directory path";
}

constexpr OptionInfo kOptions[] = {
    {"--cmdline", "STRING", kSourced, false, server_text("instead of /proc/cmdline and /etc/cmdline.d"), nullptr,
     [](Args& a, const char* v) -> const char* { a.run.sources.cmdline = v; return nullptr; }},
    {"--cmdline-file", "FILE", kSourced, false, server_text("the same, from a file"), nullptr,
     [](Args& a, const char* v) -> const char* { a.run.sources.cmdline_file = v; return nullptr; }},
    {"--conf", "FILE", kSourced, false, server_text("instead of /etc/kerrighed/net.conf"), nullptr,
     [](Args& a, const char* v) -> const char* { a.run.sources.conf = v; return nullptr; }},
    {"--lease", "FILE", kSourced, false, server_text("the DHCP lease for krg.node=dhcp"), nullptr,
     [](Args& a, const char* v) -> const char* { a.run.sources.lease = v; return nullptr; }},
    {"--format", "F", kPlan | kTable, false, server_text("the output format (below)"), nullptr, nullptr},
    {"--layout-only", nullptr, kPlan, false, server_text("all but the node id"), nullptr,
     [](Args& a, const char*) -> const char* { a.layout_only = true; return nullptr; }},
    {"--replace", nullptr, kUp | kAttach, false, server_text("up: replace a krg0 with other settings; attach: take krg0 from a running container"), nullptr,
     [](Args& a, const char*) -> const char* { a.run.replace = true; return nullptr; }},
    {"--state-dir", "DIR", kStateful, false, server_text("the record's directory (/run/kerrighed)"), nullptr, set_state_dir},
    {"--json", nullptr, kStatus, true, server_text("as JSON"), "plan and table: --format json",
     [](Args& a, const char*) -> const char* { a.json = true; return nullptr; }},
    {"--netns-path", "PATH", kAttach, false, server_text("the container's namespace file, instead of a PID"), nullptr,
     [](Args& a, const char* v) -> const char* { a.attach.netns_path = v; return nullptr; }},
    {"--names", "T", kTable, true, server_text("host names, %d is the node id (node%d)"), nullptr,
     [](Args& a, const char* v) -> const char* { a.names = v; return nullptr; }},
    {"--macs", "FILE", kTable, true, server_text("dnsmasq: 'MAC node-id' lines of the boot NICs"), nullptr,
     [](Args& a, const char* v) -> const char* { a.macs = v; return nullptr; }},
    {"--live", "LIST", kServe, true, server_text("the declared nodes that are up, e.g. 1,2,9"), nullptr,
     [](Args& a, const char* v) -> const char* { a.live = v; return nullptr; }},
    {"--boot-prefix", "A.B.C.D/N", kTable, true, server_text("dnsmasq: the boot network's addresses too"), nullptr,
     [](Args& a, const char* v) -> const char* { a.boot_prefix = v; return nullptr; }},
};

// In the order of the message that lists them.
constexpr FormatInfo kFormats[] = {
    {"text", Format::text, kPlan | kTable, false},
    {"env", Format::env, kPlan, false},
    {"ip", Format::ip, kPlan, true},
    {"nft", Format::nft, kPlan, true},
    {"json", Format::json, kPlan | kTable, true},
    {"networkd", Format::networkd, kPlan, true},
    {"ifupdown", Format::ifupdown, kPlan, true},
    {"hosts", Format::hosts, kTable, true},
    {"ethers", Format::ethers, kTable, true},
    {"dnsmasq", Format::dnsmasq, kTable, true},
};

// What this build offers: the minimal build (no operator commands) has the
// boot commands only.
// (krgnet-server's commands are offered everywhere: handed over).
bool offered(const CommandInfo& c) { return ENABLE_OPERATOR_COMMANDS || c.boot || c.server; }

// "plan and table", "table", "up, down, status, nodes and attach".
void put_commands(Writer& w, uint16_t bits) {
    int n = 0, total = __builtin_popcount(bits);
    for (const CommandInfo& c : kCommands) {
        if (!(bits & c.cmd)) continue;
        if (n++) w.put(n == total ? " and " : ", ");
        w.put(c.name);
    }
}

// "a, b, c or d" of the names in table (of rows with a .name).
template <typename Row, size_t N>
void put_names(Writer& w, const Row (&rows)[N]) {
    for (size_t i = 0; i < N; i++) w.put(i == 0 ? "" : i + 1 == N ? " or " : ", ").put(rows[i].name);
}

// "  HEAD" and blanks up to column width + 2 (two at least).
void pad(Writer& w, const Writer& head, size_t width) {
    w.put("  ").put(head.view());
    for (size_t i = head.size(); i < width || i < head.size() + 2; i++) w.put(' ');
}

// The helper says what the boot path needs in a few lines; krgnet-server's
// --help (which the helper hands --help to, when it is installed beside it)
// and krgnet(8) have the rest.
constexpr const char kUsageBoot[] =
    "usage: krgnet up|plan [--cmdline S|--cmdline-file F] [--conf F] [--lease F]\n"
    "       [--format text|env] [--layout-only] [--replace] [--state-dir DIR]\n"
    "exit status: 0 ok, 2 usage, 100 bad configuration, 111 system failure\n"
    "(krgnet-server --help lists every command; see krgnet(8))\n";

int print_help() {
    if constexpr (!kServerTool) return write_out(kUsageBoot, sizeof kUsageBoot - 1), 0;
    static Text<4096> w;
    w.put("usage: krgnet COMMAND [OPTIONS]      (man krgnet for the details)\n\n");
    for (const CommandInfo& c : kCommands) {
        if (!offered(c)) continue;
        Text<32> head;
        head.put(c.name).put(c.args);
        pad(w, head, 9);
        w.put(c.help).put(c.server ? " (*)\n" : "\n");
    }
    w.put("\noptions (and the commands that take them):\n");
    for (const OptionInfo& o : kOptions) {
        Text<48> head;
        head.put(o.name);
        if (o.value) head.put(' ').put(o.value);
        pad(w, head, 22);
        w.put(o.help).put(" (");
        if (o.commands == kAllCommands) w.put("all");
        else put_commands(w, o.commands);
        w.put(o.server ? ") (*)\n" : ")\n");
    }
    for (uint16_t cmd : {uint16_t(kPlan), uint16_t(kTable)}) {
        w.put("  --format for "), put_commands(w, cmd), w.put(':');
        for (const FormatInfo& f : kFormats)
            if (f.commands & cmd) w.put(' ').put(f.name).put(f.server || cmd == kTable ? "(*)" : "");
        w.put('\n');
    }
    w.put("  --help, --version\n"
          "(*) krgnet-server's: krgnet runs it from its own directory for these\n\n"
          "exit status: 0 ok, 1 status differs, 2 usage, 100 bad configuration,\n"
          "             111 system failure (rolled back)\n");
    write_out(w.c_str(), w.size());
    return 0;
}

template <typename Row, size_t N>
const Row* find(const Row (&rows)[N], const char* name) {
    for (const Row& r : rows)
        if (!strcmp(r.name, name)) return &r;
    return nullptr;
}

// Checks the options given against the command's column; the first option
// the command does not take is a usage error.
int check_taken(const Args& a, const bool (&given)[std::size(kOptions)]) {
    for (size_t i = 0; i < std::size(kOptions); i++) {
        const OptionInfo& o = kOptions[i];
        if (!given[i] || (o.commands & a.cmd)) continue;
        Text<96> why;
        put_commands(why, o.commands);
        why.put(" only");
        if (o.aside) why.put(" (").put(o.aside).put(')');
        return usage_error(o.name, why.c_str());
    }
    return -1;
}

}  // namespace

int print_usage() { return print_help(); }

void write_out(const char* s, size_t len) {
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, s, len);
        if (n <= 0) return;
        s += n, len -= size_t(n);
    }
}

int usage_error(const char* what, const char* why) {
    Error e = Error::usage(what, why);
    return exit_with(e.hint("see krgnet --help"));
}

int parse_args(int argc, char** argv, Args& a) {
    bool given[std::size(kOptions)] = {};
    const FormatInfo* format = nullptr;
    for (int i = 1; i < argc; i++) {
        const char* arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            // The helper hands --help to krgnet-server (main.cpp), whose
            // table it is; without one beside it, the boot path's usage.
            if constexpr (!kServerTool) a.help = true;
            return kServerTool ? print_help() : -1;
        }
        if (!strcmp(arg, "--version")) return write_out(kVersion, sizeof kVersion - 1), 0;
        if (const OptionInfo* o = find(kOptions, arg)) {
            const char* v = nullptr;
            if (o->value) {
                if (i + 1 >= argc) return usage_error(o->name, "needs a value");
                v = argv[++i];
            }
            given[o - kOptions] = true;
            if (o->set) {
                if (const char* why = o->set(a, v)) return usage_error(o->name, why);
            } else if (!(format = find(kFormats, v))) {
                Text<128> why;
                put_names(why.put("not "), kFormats);
                return usage_error(o->name, why.c_str());
            }
            continue;
        }
        if (arg[0] == '-') return usage_error(arg, "unknown option");
        if (a.command && !strcmp(a.command, "attach") && !a.attach.pid) {
            a.attach.pid = arg;
            continue;
        }
        if (a.command) return usage_error(arg, "unexpected argument");
        a.command = arg;
    }
    if (!a.command) return usage_error("usage", "missing command");
    const CommandInfo* c = find(kCommands, a.command);
    if (c && !offered(*c)) return usage_error(a.command, "not in this build (CONFIG_OPERATOR_COMMANDS)");
    if (!c) {
        Text<128> why;
        why.put("unknown command (");
        for (const CommandInfo& k : kCommands) why.put(&k == kCommands ? "" : ", ").put(k.name);
        return usage_error(a.command, why.put(')').c_str());
    }
    a.cmd = c->cmd;
    if (c->server) a.server = c->name;
    if (int rc = check_taken(a, given); rc >= 0) return rc;
    for (size_t i = 0; i < std::size(kOptions); i++)
        if (given[i] && kOptions[i].server) a.server = kOptions[i].name;
    if (format) {
        if (!(format->commands & a.cmd)) {
            Text<64> why;  // "a table format, not plan's"
            why.put("a "), put_commands(why, format->commands), why.put(" format, not ").put(a.command).put("'s");
            return usage_error(format->name, why.c_str());
        }
        a.format = format->format;
        if (format->server) a.server = format->name;
    }
    // What one option says about another.
    if (a.attach.pid && a.attach.netns_path) return usage_error("--netns-path", "give a PID or --netns-path, not both");
    if (a.cmd == kAttach && !a.attach.pid && !a.attach.netns_path) return usage_error("attach", "needs a PID or --netns-path PATH");
    if (a.cmd == kServe && !a.live) return usage_error("buckets", "needs --live LIST (the declared nodes that are up)");
    if (a.layout_only && a.format != Format::text) return usage_error("--layout-only", "prints text only");
    if (a.run.sources.cmdline && a.run.sources.cmdline_file) return usage_error("--cmdline", "give --cmdline or --cmdline-file, not both");
    return -1;
}

}  // namespace krg
