// SPDX-License-Identifier: GPL-2.0-or-later
// The commands that change or inspect the kernel's state.  Each returns the
// process exit status (README "Exit status").
#pragma once

#include "config/sources.h"

namespace krg {

struct RunOptions {
    SourceOptions sources;
    bool replace = false;           // up: replace a krg0 that has other settings
    const char* state_dir = nullptr; // default CONFIG_STATE_DIR (/run/kerrighed)
};

// attach: the container's namespace, by process id or by a namespace file.
struct AttachOptions {
    const char* pid = nullptr;
    const char* netns_path = nullptr;
};

// Reports e on stderr (and the kernel log) and returns its exit status.
int exit_with(const Error& e);

int cmd_up(const RunOptions& opt);
int cmd_down(const RunOptions& opt);
int cmd_status(const RunOptions& opt);
int cmd_nodes(const RunOptions& opt);
int cmd_attach(const RunOptions& opt, const AttachOptions& a);

}  // namespace krg
