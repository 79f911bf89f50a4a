// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet: the command line.  See README.md "Commands" and "Exit status";
// the commands, options and formats are the tables of cli/options.cpp.
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "base/server_tool.h"
#include "base/stat.h"
#include "base/text.h"
#include "cli/commands.h"
#include "cli/options.h"

using namespace krg;

namespace {

// The operator's formats (JSON, networkd, ifupdown, hosts, ethers, dnsmasq)
// live in krgnet-server, the same program with the server-only sources, installed
// beside krgnet on the server: they are never needed on the boot path, so
// the helper stays inside its size budget (docs/design.md "krgnet-server").
// The helper hands such a command line over unchanged, to exactly the file
// krgnet-server in its own file's directory, never a path cut short (one
// that does not fit is refused), and never itself: not the same file (a
// link), and not a copy of the helper either, since the server is started
// as "DIR/krgnet-server" and a helper started under that name refuses.  The
// refusal says which: not installed, not a file, not executable, itself
// (what nullptr: no refusal, the caller goes on; returns -1).
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
        return what ? usage_error(what, "krgnet-server's, but krgnet's own path does not fit") : -1;
    } else {
        memcpy(path + dir, kServer, sizeof kServer);
        if (path_stat(path, &st) != 0) return what ? usage_error(what, "krgnet-server's, which is not installed beside krgnet") : -1;
        why = !S_ISREG(st.st_mode)           ? "is not a file"
              : access(path, X_OK) != 0      ? "is not executable"
              : path_stat("/proc/self/exe", &me) == 0 && me.st_dev == st.st_dev && me.st_ino == st.st_ino ? "is krgnet itself"
                                             : nullptr;
    }
    if (!why) {
        argv[0] = path;
        execv(path, argv);
        why = "could not be started";
    }
    if (!what) return -1;
    Text<kErrDetail> detail;
    detail.put("krgnet-server's, but ").put(dir ? std::string_view(path) : self).put(' ').put(why);
    return usage_error(what, detail.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    if (int rc = parse_args(argc, argv, a); rc >= 0) return rc;
    if constexpr (kServerTool) {
        if (int rc = server_main(a); rc >= 0) return rc;
    } else if (a.help) {
        // krgnet-server's --help has every command, option and format.
        (void)run_server_tool(argv, nullptr);
        return print_usage();
    } else if (a.server) {
        return run_server_tool(argv, a.server);
    }
    if (a.cmd == kPlan) return cmd_plan(a);
    if (a.cmd == kUp) return cmd_up(a.run);
    if constexpr (ENABLE_OPERATOR_COMMANDS) {
        switch (a.cmd) {
        case kStatus: return cmd_status(a.run);
        }
    }
    return 0;  // table, nodes, down, attach: krgnet-server's, handed over above
}
