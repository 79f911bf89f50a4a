// Loads every configuration source in precedence order (DESIGN.md step 1):
// built-in defaults < net.conf < DHCP lease < kernel command line.
#pragma once

#include "config/config.h"

namespace krg {

struct SourceOptions {
    const char* cmdline = nullptr;       // --cmdline: replaces /proc/cmdline and cmdline.d
    const char* cmdline_file = nullptr;  // --cmdline-file: the same, from a file
    const char* conf = nullptr;          // --conf: replaces net.conf (/dev/null for none)
    const char* lease = nullptr;         // --lease: the only lease file looked at
    const char* lease_dir = "/tmp";      // where dracut and udhcpc leave their leases
};

Result<void> load_config(const SourceOptions& opt, RawConfig& cfg);

}  // namespace krg
