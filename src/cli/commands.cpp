// Placeholder until the kernel-side steps land (issue 3): every such command
// refuses with a clear line instead of pretending to work.
#include "cli/commands.h"

#include "base/result.h"

namespace krg {

static int not_built(const char* cmd) {
    report(Error::make(Exit::system, 0, "", cmd, "not implemented in this build"));
    return int(Exit::system);
}

int cmd_up(const SourceOptions&, bool) { return not_built("up"); }
int cmd_down(const SourceOptions&) { return not_built("down"); }
int cmd_status(const SourceOptions&) { return not_built("status"); }

}  // namespace krg
