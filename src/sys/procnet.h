// SPDX-License-Identifier: GPL-2.0-or-later
// Files of /proc/thread-self/net (dev_mcast, ipt_CLUSTERIP/<CIP>) show the
// network namespace of whoever opens them; the container's namespace is
// pinned, with no process in it, so krgnet enters it just for the open().
#pragma once

#include "base/result.h"

namespace krg {

// path opened with flags | O_CLOEXEC inside the namespace netns_fd (-1: this
// one); this thread is back in its own namespace afterwards, also on failure.
Result<int> open_in(int netns_fd, const char* path, int flags);

}  // namespace krg
