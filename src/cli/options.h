// SPDX-License-Identifier: GPL-2.0-or-later
// The command line of krgnet, declared once: every command, every option and
// every --format value is a row of a table (options.cpp) that says which
// commands take it and whether it is krgnet-server's.  Parsing, --help, the
// usage errors and the hand-over to krgnet-server read these tables; the man
// pages' lint and bash completion are checked against `--help`.
#pragma once

#include <cstdint>

#include "base/server_tool.h"
#include "cli/commands.h"
#include "config/format.h"
#include "generated/config.h"

namespace krg {

// The commands, as bits of an option's "taken by" column.
enum Cmd : uint16_t {
    kPlan = 1 << 0, kTable = 1 << 1, kUp = 1 << 2, kDown = 1 << 3,
    kStatus = 1 << 4, kNodes = 1 << 5, kAttach = 1 << 6, kServe = 1 << 7,
    kWatch = 1 << 8,
    kAllCommands = 0x1ff,
};

// What the command line asks for.
struct Args {
    const char* command = nullptr;
    uint16_t cmd = 0;               // its Cmd bit
    RunOptions run;
    Format format = Format::text;
    bool layout_only = false;
    bool json = false;              // status --json
    AttachOptions attach;
    const char* macs = nullptr;     // table --format dnsmasq
    const char* boot_prefix = nullptr;
    const char* names = nullptr;    // table: host-name template, default node%d
    const char* live = nullptr;     // buckets --live: the live node set
    const char* server = nullptr;   // what makes it krgnet-server's (a command, option or format), or nullptr
    bool help = false;              // the helper's --help: krgnet-server's, else print_usage()
};

struct CommandInfo {
    const char* name;
    Cmd cmd;
    bool server;      // krgnet-server's: the helper hands it over
    bool boot;        // in the minimal build too (CONFIG_OPERATOR_COMMANDS off)
    const char* args; // positional arguments, for --help
    const char* help;
};

struct OptionInfo {
    const char* name;
    const char* value;   // its argument, for --help; nullptr: a flag
    uint16_t commands;   // Cmd bits of the commands that take it
    bool server;         // krgnet-server's
    const char* help;
    const char* aside;   // added to "<commands> only" when another command takes it, or nullptr
    // Stores v (nullptr for a flag); returns why it is refused, or nullptr.
    const char* (*set)(Args& a, const char* v);
};

struct FormatInfo {
    const char* name;
    Format format;
    uint16_t commands;   // plan, table or both
    bool server;         // krgnet-server's (for every command that takes it)
};

// The helper's short usage (the boot path's commands); exit status 0.
int print_usage();

// Parses argv into a; returns -1 to go on, or the exit status (--help,
// --version: 0; a usage error: 2, reported).
int parse_args(int argc, char** argv, Args& a);

// One line "krgnet: <what>: <why> (see krgnet --help)"; returns 2.
int usage_error(const char* what, const char* why);

// Writes s to standard output.
void write_out(const char* s, size_t len);

// What plan and table print, then print_out() writes (or refuses, when it
// did not fit: never a cut-off table).  krgnet-server's largest table (255
// JSON rows with 62-byte host names) is about 47 KiB; the fuzzers check
// every format fits.
inline constexpr size_t kOutputSize = kServerTool ? 65536 : ENABLE_OPERATOR_COMMANDS ? 8192 : 2048;
extern Text<kOutputSize> g_out;
int print_out();

// plan (cli/plan.cpp): text and env.
int cmd_plan(const Args& a);
// What krgnet-server does itself (cli/server.cpp, server-only): table, the
// operator's plan formats, status --json.  -1 when the command line is not
// krgnet-server's (a.server unset).
int server_main(const Args& a);
// buckets --live (cli/buckets.cpp, server-only).
int cmd_buckets(const RunOptions& opt, const char* live);
// What serve_live did on this node: its buckets before and now, and whether
// an object of the cluster IP had to be put back.
struct Served {
    int node = 0;
    uint16_t before = 0, now = 0;
    bool repaired = false;
};
// Serves the buckets for that live set and records it (DIR/live): what
// buckets --live and watch do.
Result<Served> serve_live(const RunOptions& opt, const NodeSet& live);
// watch (cli/watch.cpp, server-only).
int cmd_watch(const RunOptions& opt);

}  // namespace krg
