// SPDX-License-Identifier: GPL-2.0-or-later
// Loads every configuration source in precedence order (DESIGN.md step 1):
// built-in defaults < net.conf < DHCP lease < kernel command line.
//
// The kernel command line is what dracut's getcmdline() gives (dracut 059,
// modules.d/99base/dracut-lib.sh: CMDLINE="$CMDLINE_ETC_D $CMDLINE_ETC
// $CMDLINE_PROC", the last occurrence of a parameter winning):
//   /etc/cmdline.d/*.conf (every one, in name order), then /etc/cmdline,
//   then /proc/cmdline.
//
// Every file is read with read_config_file() (base/file.h): only regular
// files, never blocking; a FIFO, directory or unreadable file is a one-line
// configuration error (exit 100).
//
// DHCP leases (krg.node=dhcp, no ip= address, no --lease) are looked for in
// each lease source's directory (config/lease.h, kLeaseSources) under the
// parent NIC's name only, e.g. /tmp/dhclient.<krg.phys>.dhcpopts (dracut),
// then /tmp/udhcpc.<krg.phys>.env.  With krg.phys=bootif the NIC's name is
// not known before netlink: then every source's files are read, and the leases that give a
// node id must all give the same one (else a configuration error naming two
// of them).  A lease found so is used only when it is a regular file,
// not a symbolic link, owned by root (or by the user running krgnet) and
// writable by nobody else; any other is skipped with a warning, so a file
// planted in a world-writable /tmp neither decides the node id nor stops
// the boot.  A --lease file must pass the same checks or is refused.
#pragma once

#include "config/config.h"

namespace krg {

struct SourceOptions {
    const char* cmdline = nullptr;       // --cmdline: replaces /proc/cmdline, /etc/cmdline and cmdline.d
    const char* cmdline_file = nullptr;  // --cmdline-file: the same, from a file
    const char* conf = nullptr;          // --conf: replaces net.conf (/dev/null for none)
    const char* lease = nullptr;         // --lease: the only lease file looked at
    const char* lease_dir = nullptr;     // nullptr: each lease source's own directory (tests: one for all)
    // Where the command line comes from without --cmdline/--cmdline-file
    // (tests point these at a temporary tree).
    const char* cmdline_dir = nullptr;   // nullptr: CONFIG_CMDLINE_DIR
    const char* etc_cmdline = "/etc/cmdline";
    const char* proc_cmdline = "/proc/cmdline";
};

Result<void> load_config(const SourceOptions& opt, RawConfig& cfg);

}  // namespace krg
