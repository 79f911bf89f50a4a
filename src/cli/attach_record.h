// SPDX-License-Identifier: GPL-2.0-or-later
// The attach record, DIR/attach.env (default /run/kerrighed): what `krgnet
// attach` is doing or did.  It is written before krg0 moves, so that an
// attach cut short at any step (a kill) is finished by the next `attach`,
// undone by `down`, and reported by `status`:
//
//   KRG_ATTACH_PATH=/proc/1234/ns/net   the container's namespace, as given
//   KRG_ATTACH_NETNS=4:4026532281       its identity (device:inode of the nsfs file)
//   KRG_ATTACH_DONE=0                   1 once krg0 is configured there and the pin moved
//
// Parsed like net.conf, never sourced.
#pragma once

#include "base/limits.h"
#include "base/result.h"
#include "base/text.h"
#include "config/config.h"

namespace krg {

inline constexpr const char kAttachFile[] = "attach.env";

struct AttachRecord {
    bool found = false;
    char path[kMaxPath] = {};
    char netns[kNetnsIdSize] = {};
    bool done = false;
};

// What status and up say after the target of an attach cut short.
inline constexpr char kCutShort[] = "cut short (krgnet attach finishes it, krgnet down undoes it)";

// The record in DIR; found is false when there is none.
Result<AttachRecord> read_attach_record(const char* dir);
Result<void> write_attach_record(const char* dir, const AttachRecord& r);

// The recorded namespace, opened, if its path still leads to it (the same
// identity); -1 when it does not (the process exited, the file is gone).
int open_recorded_netns(const AttachRecord& r);

}  // namespace krg
