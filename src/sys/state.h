// The hand-off files that tell the container launcher what `up` did
// (DESIGN.md step 7), both in DIR (default /run/kerrighed, mode 0755):
//
//   net.env    KEY=VALUE lines, as `krgnet plan --format env` prints them
//   net-conf   the historic one-line format:  krg0 f0:00:00:00:07:04 7
//
// Each file is replaced atomically: written to a temporary file in DIR,
// fsync'ed, renamed over the old one, and DIR fsync'ed; a reader sees the
// old content or the new, never a mix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/result.h"
#include "base/text.h"
#include "generated/config.h"

namespace krg {

inline constexpr const char* kStateDir = CONFIG_STATE_DIR;
inline constexpr const char kEnvFile[] = "net.env";
inline constexpr const char kNetConfFile[] = "net-conf";
inline constexpr size_t kStatePathSize = 256;

struct HandOff {
    std::string_view env;   // the KEY=VALUE lines, already formatted
    std::string_view virt;  // interface name: "krg0"
    Mac mac{};
    uint16_t vlan = 0;
};

// The net-conf line: "krg0 f0:00:00:00:07:04 7\n".
void format_net_conf(Writer& w, std::string_view virt, const Mac& mac, uint16_t vlan);

// Replaces DIR/NAME with content atomically; creates DIR (and missing
// parents) with mode 0755.  On failure the old file, if any, is untouched
// and no temporary file is left.
Result<void> write_file_atomic(const char* dir, const char* name, std::string_view content);

// Writes net.env, then net-conf.  If net-conf fails, net.env is removed
// again, so the launcher never finds half a hand-off.
Result<void> state_write(const HandOff& h, const char* dir = kStateDir);

// Removes both files; succeeds when they are absent.  DIR itself stays.
Result<void> state_remove(const char* dir = kStateDir);

}  // namespace krg
