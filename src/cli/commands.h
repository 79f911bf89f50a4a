// The commands that change or inspect the kernel's state.  Each returns the
// process exit status (README "Exit status").
#pragma once

#include "config/sources.h"

namespace krg {

int cmd_up(const SourceOptions& sources, bool replace);
int cmd_down(const SourceOptions& sources);
int cmd_status(const SourceOptions& sources);

}  // namespace krg
