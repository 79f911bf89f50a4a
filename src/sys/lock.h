// SPDX-License-Identifier: GPL-2.0-or-later
// One `up`, `down` or `attach` at a time: an exclusive flock(2) on
// DIR/.lock (DIR: the state directory), held for the whole run and
// released by the kernel when the process exits, however it exits.  A
// second run waits for it, bounded.
#pragma once

#include <cstdint>

#include "base/result.h"

namespace krg {

// Creates DIR if needed, then takes the lock, waiting at most timeout_ms.
// Returns the descriptor that holds it (closed at exit).  ETIMEDOUT with
// "another krgnet run holds DIR/.lock" when the wait runs out.
Result<int> lock_run(const char* dir, uint32_t timeout_ms);

}  // namespace krg
