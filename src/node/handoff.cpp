// SPDX-License-Identifier: GPL-2.0-or-later
// Unit "handoff": the record of what `up` did, for the container launcher
// and for `status`/`down` after switch_root, in DIR (default /run/kerrighed):
//
//   net.env    KEY=VALUE lines, as `krgnet plan --format env` prints them,
//              with what up resolved (KRG_PHYS, KRG_MTU, KRG_BACKEND)
//   net-conf.krgnet   the historic one-line format:  krg0 f0:00:00:00:07:04 7
//
// Not `net-conf`: the historic krgboot_helper-pre.d/50net runs
// `mkfifo /var/run/kerrighed/net-conf` under `set -e` (/var/run is /run),
// and a file krgnet left there would stop the container's start
// (docs/migrating.md).  Each is replaced atomically; net-conf.krgnet first,
// so a reader who finds the new net.env finds its line too.
#include <cerrno>

#include "base/file.h"
#include "config/format.h"
#include "config/record.h"
#include "node/units.h"
#include "sys/atomic_file.h"

namespace krg {

namespace {

constexpr size_t kEnvSize = 1024;
constexpr const char* kFiles[] = {kRecordFile, kNetConfFile};

// What each file should hold: the record of the resolved plan, and the
// historic one-line format.
void planned(const Node& n, size_t which, Writer& w) {
    Plan p = n.resolved();
    if (which == 0) format_env(w, p);
    else w.put(p.virt).put(' ').put_mac(p.mac).put(' ').put_uint(p.vlan).put('\n');
}

Result<void> inspect(Node& n) {
    static char have[2][kEnvSize * 2];
    for (size_t i = 0; i < 2; i++) {
        Text<kStatePathSize> path;
        TRY(join_path(path, n.state_dir, kFiles[i]));
        auto r = read_file(path.c_str(), have[i], sizeof have[i], "read");
        if (r.ok()) n.files[i] = r.value();
        else n.files[i].reset();
    }
    return {};
}

// Which files differ from the plan: bit i for kFiles[i].
unsigned differing(const Node& n) {
    unsigned bits = 0;
    for (size_t i = 0; i < 2; i++) {
        Text<kEnvSize> want;
        planned(n, i, want);
        if (!n.files[i].has_value() || *n.files[i] != want.view()) bits |= 1u << i;
    }
    return bits;
}

int compare(const Node& n, Writer& w) {
    unsigned bits = differing(n);
    for (size_t i = 0; i < 2; i++)
        if (bits >> i & 1) w.put(n.state_dir).put('/').put(kFiles[i]).put(": missing or different from the plan\n");
    return __builtin_popcount(bits);
}

// net-conf.krgnet first, so a reader who finds the new net.env finds its line too.
Result<Change> ensure(Node& n) {
    if (!differing(n)) return Change::none;
    for (size_t i = 2; i-- > 0;) {
        Text<kEnvSize> want;
        planned(n, i, want);
        TRY(write_file_atomic(n.state_dir, kFiles[i], want.view()));
    }
    return Change::created;
}

Result<void> remove(Node& n) {
    TRY(remove_file(n.state_dir, kLiveFile));  // before the record, which a rerun needs
    auto env = remove_file(n.state_dir, kRecordFile);
    TRY(remove_file(n.state_dir, kNetConfFile));
    return env;
}

}  // namespace

const Unit kHandoffUnit = {"handoff", inspect, tool(compare), ensure, remove, nullptr};

}  // namespace krg
