// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet status, shared by the helper's text and krgnet-server's JSON:
// every unit inspects the kernel, then every unit compares what was found
// with the plan; a sink turns the results into output.
#pragma once

#include <string_view>

#include "cli/session.h"
#include "node/node.h"

namespace krg {

struct StatusSink {
    void* ctx;
    // The plan and where it came from; not called when krgnet is disabled.
    void (*start)(void* ctx, const Session& s);
    // The last failed up's reason (its one line), when there is one.
    void (*failure)(void* ctx, std::string_view line);
    // One unit: its difference lines (count of them).
    void (*unit)(void* ctx, const Node& n, const Unit& u, std::string_view lines, int count);
    // An attach cut short (cli/attach_record.h): its target's path; nullptr: not shown.
    void (*cut_short)(void* ctx, std::string_view path) = nullptr;
};

// Runs the comparison into sink; returns the number of differences.  A
// disabled krgnet (krg.net=0) compares nothing: *enabled is false then.
Result<int> compare_all(const RunOptions& opt, const StatusSink& sink, bool* enabled);

// Writes the status to standard output and returns its exit status.
int print_status(Writer& w, const Result<int>& diffs, bool text);

}  // namespace krg
