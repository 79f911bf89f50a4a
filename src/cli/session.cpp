// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/session.h"

#include "config/record.h"
#include "config/sources.h"
#include "generated/config.h"

namespace krg {

static RawConfig g_cfg;

const RawConfig& session_config() { return g_cfg; }

int exit_with(const Error& e) {
    report(e);
    return int(e.exit);
}

const char* state_dir(const RunOptions& opt) { return opt.state_dir ? opt.state_dir : CONFIG_STATE_DIR; }

Result<Plan> load_plan(const SourceOptions& sources) {
    TRY(load_config(sources, g_cfg));
    return derive(g_cfg);
}

Result<Plan> load_existing_plan(const RunOptions& opt, bool* from_record) {
    *from_record = TRY(load_record(state_dir(opt), g_cfg));
    if (*from_record) return derive(g_cfg);
    return load_plan(opt.sources);
}

}  // namespace krg
