// SPDX-License-Identifier: GPL-2.0-or-later
// Unit "handoff": the record of what `up` did, for the container launcher
// and for `status`/`down` after switch_root, in DIR (default /run/kerrighed):
//
//   net.env    KEY=VALUE lines, as `krgnet plan --format env` prints them,
//              with KRG_PHYS and KRG_MTU resolved
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

void planned_conf(Writer& w, const Plan& p) {
    w.put(p.virt).put(' ').put_mac(p.mac).put(' ').put_uint(p.vlan).put('\n');
}

// Whether DIR/NAME holds exactly want.
bool holds(const char* dir, const char* name, std::string_view want) {
    static char have[kEnvSize * 2];
    Text<kStatePathSize> path;
    if (!join_path(path, dir, name).ok()) return false;
    auto r = read_file(path.c_str(), have, sizeof have, "read");
    return r.ok() && r.value() == want;
}

Result<Change> ensure(Node& n) {
    Text<kEnvSize> env, conf;
    format_env(env, n.plan);
    planned_conf(conf, n.plan);
    bool env_ok = holds(n.state_dir, kRecordFile, env.view());
    bool conf_ok = holds(n.state_dir, kNetConfFile, conf.view());
    if (env_ok && conf_ok) return Change::none;
    TRY(write_file_atomic(n.state_dir, kNetConfFile, conf.view()));
    TRY(write_file_atomic(n.state_dir, kRecordFile, env.view()));
    return Change::created;
}

Result<int> matches(Node& n, Writer& w) {
    Text<kEnvSize> env, conf;
    format_env(env, n.plan);
    planned_conf(conf, n.plan);
    int diffs = 0;
    const char* files[] = {kRecordFile, kNetConfFile};
    std::string_view want[] = {env.view(), conf.view()};
    for (size_t i = 0; i < 2; i++) {
        if (holds(n.state_dir, files[i], want[i])) continue;
        w.put(n.state_dir).put('/').put(files[i]).put(": missing or different from the plan\n");
        diffs++;
    }
    return diffs;
}

Result<void> remove(Node& n) {
    auto env = remove_file(n.state_dir, kRecordFile);
    TRY(remove_file(n.state_dir, kNetConfFile));
    return env;
}

void describe(const Node& n, Writer& w) { w.put(n.state_dir).put("/net.env and net-conf.krgnet"); }

}  // namespace

const Unit kHandoffUnit = {"handoff", ensure, tool(matches), remove, nullptr, server_only(describe)};

}  // namespace krg
