// SPDX-License-Identifier: GPL-2.0-or-later
// What up, down and status share: where the plan comes from, the run lock,
// and the record of a failed `up`.
#pragma once

#include "cli/commands.h"
#include "config/plan.h"

namespace krg {

// Loads every source and derives the plan (exit 100 on a bad value).
// The raw values stay available for messages through session_config().
Result<Plan> load_plan(const SourceOptions& sources);
const RawConfig& session_config();

// For status and down: the record `up` left in the state directory when
// there is one (the sources may be gone after switch_root), else the
// sources.  *from_record says which.
Result<Plan> load_existing_plan(const RunOptions& opt, bool* from_record);

const char* state_dir(const RunOptions& opt);

// The file that keeps the last failed `up`'s one-line reason across
// switch_root (krg.onerror=continue); `status` shows it.
inline constexpr const char kFailureFile[] = "last-failure";

}  // namespace krg
