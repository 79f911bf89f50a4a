// SPDX-License-Identifier: GPL-2.0-or-later
// What up, down, status, attach and nodes share: where the plan comes from,
// whether krgnet is enabled, the run lock, and the record of a failed `up`.
#pragma once

#include "cli/commands.h"
#include "config/plan.h"
#include "sys/fd.h"

namespace krg {

// Where a command takes its plan from: the sources (up), or the record `up`
// left when there is one, else the sources (down, status, attach, nodes:
// after switch_root the sources may be gone).
enum class From : uint8_t { sources, record };

struct Session {
    Plan plan;
    bool from_record = false;
    const char* dir = nullptr;   // the state directory
    Fd lock;                     // the run lock, when taken
};

// The preamble of every command: loads the plan (exit 100 on a bad value),
// and when krgnet is disabled logs "disabled by krg.net=0: nothing to
// <what>" and returns false.  lock: takes the run lock (bounded by
// krg.timeout), held until the session ends.
Result<bool> begin(Session& s, const RunOptions& opt, From from, const char* what, bool lock);

// "the record DIR/net.env" or "the configuration (no record in DIR)".
void describe_source(Writer& w, const Session& s);

// The file that keeps the last failed `up`'s one-line reason across
// switch_root (krg.onerror=continue); `status` shows it.
inline constexpr const char kFailureFile[] = "last-failure";

// krgnet watch (cli/watch.cpp): its process id, for `down` to stop it; how
// often it asks each declared node, and after how many intervals without an
// answer a node is silent.
inline constexpr const char kWatchPidFile[] = "watch.pid";
inline constexpr uint64_t kWatchIntervalMs = 200;
inline constexpr int kWatchMisses = 3;

}  // namespace krg
