// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet: the command line.  See README.md "Commands" and "Exit status";
// the commands, options and formats are the tables of cli/options.cpp.
#include <unistd.h>

#include "base/server_tool.h"
#include "base/text.h"
#include "cli/commands.h"
#include "cli/options.h"

using namespace krg;

namespace {

// The operator's formats (JSON, networkd, ifupdown, hosts, ethers, dnsmasq)
// live in krgnet-server, the same program with the server-only sources,
// installed beside krgnet: they are never needed on the boot path, so the
// helper stays inside its size budget (docs/design.md "krgnet-server").
// The helper hands such a command line over unchanged.
int run_server_tool(char** argv, const char* what) {
    char path[256];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - sizeof "krgnet-server");
    if (n > 0) {
        path[n] = '\0';
        char* base = path + n;
        while (base > path && base[-1] != '/') base--;
        copy_str(base, sizeof "krgnet-server", "krgnet-server");
        execv(path, argv);
    }
    return usage_error(what, "krgnet-server's, which is not installed beside krgnet");
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    if (int rc = parse_args(argc, argv, a); rc >= 0) return rc;
    if constexpr (kServerTool) {
        if (int rc = server_main(a); rc >= 0) return rc;
    } else if (a.server) {
        return run_server_tool(argv, a.server);
    }
    if (a.cmd == kPlan) return cmd_plan(a);
    if (a.cmd == kUp) return cmd_up(a.run);
    if constexpr (ENABLE_OPERATOR_COMMANDS) {
        switch (a.cmd) {
        case kDown: return cmd_down(a.run);
        case kStatus: return cmd_status(a.run);
        case kAttach: return cmd_attach(a.run, a.attach);
        }
    }
    return 0;  // table, nodes: krgnet-server's, handed over above
}
